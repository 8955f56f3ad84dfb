"""Checks for exercises/03_neuroplasticity.ipynb."""

from __future__ import annotations

from typing import Any

from ketcourse.chapters.neuroplasticity import content as plasticity_data
from ketcourse.chapters.reflections import reflection_check
from ketcourse.engine.checks import Feedback, check_choice, check_quantity
from ketcourse.science import plasticity

_REFLECT = reflection_check(__file__)

#: Time asked about in task 1 (h after the dose).
TASK_1_TIME_H = 12.0

#: Time asked about in task 2 (h after the dose).
TASK_2_TIME_H = 72.0

#: Onsets offered in task 3, as answer strings and hours.
TASK_3_OPTIONS: dict[str, float] = {"2 h": 2.0, "9 h": 9.0, "30 h": 30.0}


def task_1(answer: Any) -> Feedback:
    """Spine density (% of control) at 12 h, stress + ketamine, default model."""
    t = TASK_1_TIME_H
    expected = float(plasticity.spine_density(t, "stress_ketamine"))
    restored_pct = 100 * float(plasticity.restoration_fraction(t))
    stress_only = float(plasticity.spine_density(t, "stress"))
    return check_quantity(
        "Task 1",
        answer,
        expected,
        "%",
        rel_tol=0.01,
        alternatives={
            "that looks like a fraction; the task asks for % of control": expected / 100,
            "that is the share of the lost spines restored, not the density as % of control": restored_pct,
            "that is the stress-only level; the task asks about stress + ketamine": stress_only,
        },
        hint="Use plasticity.spine_density(12, 'stress_ketamine').",
    )


def task_2(answer: Any) -> Feedback:
    """Behavioural rescue (%) at 72 h with the new spines removed."""
    t = TASK_2_TIME_H
    expected = float(plasticity.behavioural_rescue(t, "stress_ketamine_no_new_spines"))
    kept = float(plasticity.behavioural_rescue(t, "stress_ketamine"))
    return check_quantity(
        "Task 2",
        answer,
        expected,
        "%",
        rel_tol=0.02,
        alternatives={
            "that is the value with the new spines kept; the task removes them": kept,
            "that looks like a fraction; the task asks for a percentage": expected / 100,
        },
        hint="Use plasticity.behavioural_rescue(72, 'stress_ketamine_no_new_spines').",
    )


def task_3(answer: Any) -> Feedback:
    """Which onset of spine formation fits the single-dose observations?"""
    fitting = [k for k, v in TASK_3_OPTIONS.items() if plasticity.consistent_with_observations(v)]
    if len(fitting) != 1:  # pragma: no cover - guards the task design against model changes
        raise RuntimeError(f"task 3 needs exactly one fitting option, found {fitting}")
    return check_choice(
        "Task 3",
        answer,
        fitting[0],
        tuple(TASK_3_OPTIONS),
        feedback={
            "2 h": "Spines would already be forming in the 3–6 h window, where no change was seen.",
            "9 h": "Nothing has changed by 6 h, and most of the loss is restored by 24 h.",
            "30 h": "Nothing would have changed by 24 h, yet an increase was seen at 12–24 h.",
        },
    )


def task_4(answer: Any) -> Feedback:
    """Which debate includes evidence from people?"""
    with_humans = [d.id for d in plasticity_data.DEBATES if d.has_human_evidence]
    if len(with_humans) != 1:  # pragma: no cover - guards the task design against data changes
        raise RuntimeError(f"task 4 needs exactly one debate with human evidence, found {with_humans}")
    return check_choice(
        "Task 4",
        answer,
        with_humans[0],
        tuple(d.id for d in plasticity_data.DEBATES),
        feedback={
            "hnk": "The metabolite studies are in mice, rats and cells.",
            "habenula": "The habenula work is in rodents.",
            "opioid": "The naltrexone studies were done in patients with depression.",
        },
    )


def task_5(answer: Any) -> Feedback:
    """Reflection: rewriting a claim about synaptogenesis and BDNF."""
    return _REFLECT("Task 5", answer)


__all__ = ["TASK_1_TIME_H", "TASK_2_TIME_H", "TASK_3_OPTIONS", "task_1", "task_2", "task_3", "task_4", "task_5"]
