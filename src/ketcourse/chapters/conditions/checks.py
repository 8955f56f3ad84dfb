"""Checks for exercises/05_conditions.ipynb."""

from __future__ import annotations

import math
from typing import Any

from ketcourse.chapters.conditions import content as ev
from ketcourse.chapters.reflections import load_reflections, reflection_check
from ketcourse.engine.checks import (
    Feedback,
    check_choice,
    check_quantity,
    check_reflection,
    is_unanswered,
    not_attempted,
)
from ketcourse.science import response as rs
from ketcourse.science.parameters import COURSE_RESPONSE_RATE, MEDIAN_RELAPSE_AFTER_COURSE_D

#: Days after the course asked about in task 1.
TASK1_DAYS = 30.0
#: Conditions offered in task 4.
TASK4_OPTIONS = ("ptsd", "crps", "fibromyalgia", "ocd")


def task_1(answer: Any) -> Feedback:
    """Percentage of course responders still responding 30 days after the course (illustrative model)."""
    expected = 100 * float(rs.still_responding(TASK1_DAYS))
    straight_line = 100 * (1 - 0.5 * TASK1_DAYS / MEDIAN_RELAPSE_AFTER_COURSE_D.value)
    of_all_patients = expected * COURSE_RESPONSE_RATE.value
    return check_quantity(
        "Task 1",
        answer,
        expected,
        "%",
        rel_tol=0.03,
        alternatives={
            "that looks like a fraction; the task asks for a percentage": expected / 100,
            "that assumes a straight-line fall; the model halves every 18 days (exponential decay)": straight_line,
            "that is a share of all patients (× 0.708); the task asks for the share of responders": of_all_patients,
        },
        hint="Use response.still_responding(30) and multiply by 100.",
    )


def task_2(answer: Any) -> Feedback:
    """ELEKT-D: difference in response rate, ketamine minus ECT, in percentage points."""
    ket, ect = ev.ELEKTD_RESPONSE_KETAMINE.value, ev.ELEKTD_RESPONSE_ECT.value
    expected = 100 * (ket - ect)
    return check_quantity(
        "Task 2",
        answer,
        expected,
        "percentage points",
        rel_tol=0.02,
        alternatives={
            "that is the difference as a fraction; the task asks for percentage points": ket - ect,
            "that is the ratio of the two rates, not their difference": ket / ect,
            "that is ECT minus ketamine; the task asks ketamine minus ECT": -expected,
        },
        hint="Subtract the two response rates (55.4% and 41.2%).",
    )


def task_3(answer: Any) -> Feedback:
    """SUSTAIN-1: number needed to treat to prevent one relapse, from the two relapse rates."""
    if is_unanswered(answer):
        return not_attempted("Task 3")
    arr = ev.SUSTAIN1_RELAPSE_PLACEBO.value - ev.SUSTAIN1_RELAPSE_ESKETAMINE.value
    exact = 1 / arr
    reported = ev.SUSTAIN1_NNT.value
    is_number = isinstance(answer, (int, float)) and not isinstance(answer, bool) and math.isfinite(answer)
    if is_number and math.isclose(answer, reported) and math.ceil(exact) == reported:
        return Feedback(
            "Task 3",
            "correct",
            f"{answer:g} is right: 1/{arr:.3f} = {exact:.2f}, rounded up to a whole person as the trial reported "
            f"(NNT {reported:g}).",
        )
    return check_quantity(
        "Task 3",
        answer,
        exact,
        "patients",
        rel_tol=0.03,
        alternatives={
            "that is the absolute risk reduction as a fraction; the NNT is its reciprocal": arr,
            "that is the absolute risk reduction in percentage points; the NNT is 1 divided by it as a fraction": 100
            * arr,
            "that is the ratio of the relapse rates, not the NNT": ev.SUSTAIN1_RELAPSE_PLACEBO.value
            / ev.SUSTAIN1_RELAPSE_ESKETAMINE.value,
        },
        hint="NNT = 1 / (relapse on placebo − relapse on esketamine), with the rates as fractions.",
    )


def task_4(answer: Any) -> Feedback:
    """Which of four conditions does the course rate 'moderate'?"""
    moderate = [cid for cid in TASK4_OPTIONS if ev.condition(cid).rating == "moderate"]
    if len(moderate) != 1:
        raise RuntimeError(f"task 4 needs exactly one moderate option, found {moderate}")
    notes = {
        cid: f"The course rates {ev.condition(cid).short} '{ev.condition(cid).rating}': {ev.condition(cid).rating_note}"
        for cid in TASK4_OPTIONS
    }
    return check_choice("Task 4", answer, moderate[0], TASK4_OPTIONS, feedback=notes)


#: Rubric and model answer of task 5, from ``data/reflections.yaml`` (self-marked; nothing is stored or sent).
TASK5 = load_reflections(__file__)["Task 5"]
_REFLECT = reflection_check(__file__)


def task_5(answer: Any) -> Feedback:
    """Reflection: what to tell a friend who read that ketamine 'works for PTSD' (rubric, self-marked)."""
    return _REFLECT("Task 5", answer)


__all__ = [
    "TASK1_DAYS",
    "TASK4_OPTIONS",
    "TASK5",
    "task_1",
    "task_2",
    "task_3",
    "task_4",
    "task_5",
]
