"""Checks for exercises/06_safety.ipynb."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ketcourse.chapters.safety.monitoring import ELEMENTS, SessionPlan, monitoring_gaps
from ketcourse.chapters.reflections import load_reflections, reflection_check
from ketcourse.engine.checks import Feedback, check_choice, check_quantity, check_reflection
from ketcourse.engine.data import load_model
from ketcourse.science import effects
from ketcourse.science.parameters import BP_RECHECK_MIN

#: The CADSS level used in task 2 (points).
TASK2_LEVEL_CADSS = 4.0
#: The shorter infusion compared in task 3 (min).
TASK3_DURATION_MIN = 20.0

#: Answers allowed in task 4: a monitoring element, or "none".
GAP_OPTIONS: tuple[str, ...] = (*ELEMENTS, "none")

#: The session described in task 4 of the exercise notebook.
TASK4_PLAN = SessionPlan(
    certified_setting=True,
    bp_before=True,
    bp_after=False,
    pulse_oximetry=True,
    observation_min=135.0,
    stable_at_discharge=True,
    drives_same_day=False,
    take_home_doses=False,
)


def _standard() -> effects.EffectCourse:
    return effects.infusion_effects()


def task_1(answer: Any) -> Feedback:
    """Time (min) at which the model's systolic rise peaks after the standard infusion."""
    c = _standard()
    expected, _ = effects.peak_of(c.t_min, c.systolic_rise_mmhg)
    plasma_peak, _ = effects.peak_of(c.t_min, c.plasma_ng_ml)
    return check_quantity(
        "Task 1",
        answer,
        expected,
        "min",
        rel_tol=0.02,
        alternatives={
            "that is in hours; the task asks for minutes": expected / 60,
            "that is when plasma peaks (the end of the infusion); the effect site, and so the blood-pressure "
            "rise, lags a little behind": plasma_peak,
        },
        hint="Use effects.peak_of(course.t_min, course.systolic_rise_mmhg) on effects.infusion_effects().",
    )


def _first_fall_below(c: effects.EffectCourse, level: float) -> float:
    i = int(np.argmax(c.cadss))
    after = np.nonzero(c.cadss[i:] < level)[0]
    return float(c.t_min[i + after[0]])


def task_2(answer: Any) -> Feedback:
    """How long (min) model dissociation stays above 4 CADSS points after the standard infusion."""
    c = _standard()
    expected = 60 * effects.time_above_h(c.t_h, c.cadss, TASK2_LEVEL_CADSS)
    return check_quantity(
        "Task 2",
        answer,
        expected,
        "min",
        rel_tol=0.03,
        alternatives={
            "that is in hours; the task asks for minutes": expected / 60,
            "that is the clock time at which dissociation falls below 4 points, not how long it stays above": (
                _first_fall_below(c, TASK2_LEVEL_CADSS)
            ),
        },
        hint="Use effects.time_above_h(course.t_h, course.cadss, 4) and convert hours to minutes.",
    )


def task_3(answer: Any) -> Feedback:
    """Change (mmHg) in peak systolic rise when 0.5 mg/kg runs over 20 min instead of 40 min."""
    standard = float(_standard().systolic_rise_mmhg.max())
    faster = float(effects.infusion_effects(duration_min=TASK3_DURATION_MIN).systolic_rise_mmhg.max())
    expected = faster - standard
    return check_quantity(
        "Task 3",
        answer,
        expected,
        "mmHg",
        rel_tol=0.05,
        alternatives={
            "the sign is reversed; the task asks for the 20-min peak minus the 40-min peak": -expected,
            "that is the ratio of the two peaks; the task asks for the difference in mmHg": faster / standard,
            "that is the 20-min peak itself; subtract the standard infusion's peak": faster,
        },
        hint=(
            "Compute the peak systolic rise of effects.infusion_effects(duration_min=20) and of the standard "
            "infusion, and subtract."
        ),
    )


def task_4(answer: Any) -> Feedback:
    """Which monitoring element does the described session leave out?"""
    gaps = monitoring_gaps(TASK4_PLAN)
    correct = gaps[0].element if gaps else "none"
    return check_choice(
        "Task 4",
        answer,
        correct,
        GAP_OPTIONS,
        feedback={
            "blood pressure after": (
                f"The only reading is before dosing; the label adds one at about "
                f"{BP_RECHECK_MIN.value:g} min, when the rise peaks."
            ),
            "blood pressure before": "Blood pressure was measured on arrival, before the dose.",
            "observation time": "2 h 15 min is longer than the 2-hour minimum, and the person was stable.",
            "no driving": "A partner drives the person home, so the driving rule is kept.",
            "pulse oximetry": "The nurse watches the pulse oximeter throughout.",
            "certified setting": "The clinic is certified and the psychiatrist is on site.",
            "no home use": "No doses are handed over.",
            "none": "One element is missing: look at when blood pressure is measured.",
        },
    )


#: Rubric and model answer of task 5, from ``data/reflections.yaml`` (self-marked; nothing is stored or sent).
TASK5 = load_reflections(__file__)["Task 5"]
_REFLECT = reflection_check(__file__)


def task_5(answer: Any) -> Feedback:
    """Reflection on the claim that side effects come only from too much ketamine.

    Shows the rubric and the model answer for self-marking; the length of the text is not judged.
    """
    return _REFLECT("Task 5", answer)


__all__ = [
    "GAP_OPTIONS",
    "TASK2_LEVEL_CADSS",
    "TASK3_DURATION_MIN",
    "TASK4_PLAN",
    "TASK5",
    "task_1",
    "task_2",
    "task_3",
    "task_4",
    "task_5",
]
