"""Checks for exercises/01_history.ipynb."""

from __future__ import annotations

from typing import Any

from ketcourse.chapters.history import content as history
from ketcourse.chapters.reflections import reflection_check
from ketcourse.engine.checks import Feedback, check_choice, check_quantity
from ketcourse.science.parameters import KETAMINE_POTENCY_VS_PCP

_REFLECT = reflection_check(__file__)

#: The year asked about in task 2.
TASK_2_YEAR = 1990

#: The year asked about in task 4.
TASK_4_YEAR = 2024


def task_1(answer: Any) -> Feedback:
    """Whole years from the first human study to FDA approval."""
    expected = history.years_between("first-human-study", "fda-approval")
    from_synthesis = history.years_between("synthesis", "fda-approval")
    return check_quantity(
        "Task 1",
        answer,
        expected,
        "years",
        rel_tol=0.01,
        alternatives={
            "you counted from the 1962 synthesis; the task starts at the first human study": from_synthesis,
            "the sign is reversed; count from the earlier event to the later one": -expected,
        },
        hint="Use history.years_between('first-human-study', 'fda-approval').",
    )


def task_2(answer: Any) -> Feedback:
    """Ketamine's federal US controlled-substance status at the end of 1990."""
    correct = history.us_schedule(TASK_2_YEAR)
    schedule_year = history.event("schedule-iii").year
    return check_choice(
        "Task 2",
        answer,
        correct,
        history.US_SCHEDULES,
        feedback={
            "not federally controlled": f"Federal control began only in {schedule_year}; a 1981 proposal was dropped.",
            "Schedule III": f"Ketamine is in Schedule III now, but only since {schedule_year}.",
            "Schedule II": "Ketamine has never been in Schedule II.",
            "Schedule IV": "Ketamine has never been in Schedule IV.",
        },
    )


def task_3(answer: Any) -> Feedback:
    """How many times as potent as ketamine PCP is (PCP divided by ketamine)."""
    expected = 1 / KETAMINE_POTENCY_VS_PCP.value
    return check_quantity(
        "Task 3",
        answer,
        expected,
        "1",
        rel_tol=0.05,
        alternatives={
            "that is ketamine relative to PCP; the task asks PCP divided by ketamine": KETAMINE_POTENCY_VS_PCP.value
        },
        hint="Ketamine is about one tenth as potent as PCP; invert that ratio.",
    )


def task_4(answer: Any) -> Feedback:
    """US status of racemic ketamine for depression at the end of 2024."""
    correct = history.us_depression_status("racemic ketamine", TASK_4_YEAR)
    return check_choice(
        "Task 4",
        answer,
        correct,
        history.DEPRESSION_STATUSES,
        feedback={
            "approved": "The approved product for depression is esketamine nasal spray; racemic ketamine is approved "
            "only as an anaesthetic.",
            "off-label": "Racemic ketamine is an approved anaesthetic, so a doctor may prescribe it for depression, "
            "but that use is outside its approval.",
            "unavailable": "Racemic ketamine has been an approved (and available) anaesthetic since 1970.",
        },
    )


def task_5(answer: Any) -> Feedback:
    """Reflection: correcting a seed post's history."""
    return _REFLECT("Task 5", answer)


__all__ = ["TASK_2_YEAR", "TASK_4_YEAR", "task_1", "task_2", "task_3", "task_4", "task_5"]
