"""Checks for exercises/09_cases.ipynb."""

from __future__ import annotations

from typing import Any

from ketcourse.chapters.cases import content as cc
from ketcourse.engine.checks import Feedback, check_choice, check_quantity, check_reflection

#: Verdicts offered in task 2.
NI_VERDICTS: tuple[str, ...] = ("non-inferior", "not non-inferior", "cannot tell")

#: Points a good answer to task 3 makes (the student ticks the ones their answer covers).
TASK3_RUBRIC: tuple[str, ...] = (
    "Names the difference in who was studied: hospitalised patients with unipolar depression (KetECT) against "
    "non-psychotic patients referred for ECT (ELEKT-D).",
    "Names the difference in outcome and design: remission on the MADRS against self-rated response over three "
    "weeks, tested for non-inferiority.",
    "Notes that both trials were open-label, so expectations could colour the ratings.",
    "Applies this to Mr A: his setting, the side effects of each (memory loss with ECT, dissociation with ketamine), "
    "his preferences, access and cost.",
)
TASK3_MODEL_ANSWER = (
    "The trials asked different questions in different people. KetECT treated hospitalised patients with unipolar "
    "depression and measured remission on the MADRS; ECT gave 63% remission against 46%. ELEKT-D enrolled "
    "non-psychotic patients referred for ECT, measured self-rated response over three weeks and tested "
    "non-inferiority; ketamine reached 55.4% against 41.2%, and ECT caused more memory loss. Both were open-label. "
    "For Mr A, who is not psychotic and is being treated as an outpatient, ELEKT-D is closer to his situation, but I "
    "would tell him that both treatments help many people, that inpatients in KetECT did better with ECT, and that the "
    "choice depends on his preferences, side effects, access and cost."
)


def task_1(answer: Any) -> Feedback:
    """Number needed to treat for suicidal-ideation remission at day 3 in Abbar 2022."""
    r = cc.ABBAR_REMISSION
    return check_quantity(
        "Task 1",
        answer,
        r.nnt,
        "1",
        rel_tol=0.03,
        alternatives={
            "that is the risk difference in percentage points; the NNT is 100 divided by it": r.difference_points,
            "that is the risk difference as a fraction; the NNT is its reciprocal": r.difference_points / 100,
            "that divides the two percentages (a relative risk), not their difference": r.treatment_pct / r.control_pct,
        },
        hint="NNT = 100 / (percent with ketamine - percent with placebo).",
    )


def task_2(answer: Any) -> Feedback:
    """ELEKT-D: does a difference of 14.2 points (95% CI 3.9 to 24.2) with a margin of -10 show non-inferiority?"""
    return check_choice(
        "Task 2",
        answer,
        "non-inferior",
        NI_VERDICTS,
        feedback={
            "non-inferior": (
                "The whole confidence interval (3.9 to 24.2 points) lies above the margin of "
                f"{cc.ELEKTD_MARGIN_POINTS:g} points, so ketamine was non-inferior to ECT for response."
            ),
            "not non-inferior": (
                "Non-inferiority fails only if the interval reaches below the margin; this one does not."
            ),
            "cannot tell": "Compare the lower end of the interval (3.9) with the margin (-10).",
        },
    )


def task_3(answer: Any) -> Feedback:
    """Reflection: why KetECT and ELEKT-D reached different conclusions, and what that means for case (a)."""
    return check_reflection("Task 3", answer, rubric=TASK3_RUBRIC, model_answer=TASK3_MODEL_ANSWER)


__all__ = ["NI_VERDICTS", "TASK3_MODEL_ANSWER", "TASK3_RUBRIC", "task_1", "task_2", "task_3"]
