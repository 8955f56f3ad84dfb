"""Checks for exercises/02_nmda.ipynb."""

from __future__ import annotations

from typing import Any

from ketcourse.chapters.reflections import reflection_check
from ketcourse.engine.checks import Feedback, check_choice, check_quantity
from ketcourse.science import receptor as ph
from ketcourse.science.parameters import ANAESTHESIA_BAND_NGML, DISSOCIATION_BAND_NGML
from ketcourse.science.units import to_ngml, to_um

_REFLECT = reflection_check(__file__)

RANGES = ("below antidepressant", "antidepressant", "between", "anaesthetic")


def task_1(answer: Any) -> Feedback:
    """Occupancy (%) at 150 ng/mL of racemic ketamine."""
    expected = 100 * float(ph.occupancy(150, "ng/mL"))
    as_fraction = expected / 100
    wrong_unit = 100 * float(ph.occupancy(150, "µM"))
    return check_quantity(
        "Task 1",
        answer,
        expected,
        "%",
        rel_tol=0.03,
        alternatives={
            "that looks like a fraction; the task asks for a percentage": as_fraction,
            "you treated 150 as µM; the task gives ng/mL": wrong_unit,
        },
        hint="Use pharmacology.occupancy(150, 'ng/mL') and multiply by 100.",
    )


def task_2(answer: Any) -> Feedback:
    """Concentration (ng/mL) giving 90% occupancy."""
    expected = ph.concentration_for_occupancy(0.9, "ng/mL")
    in_um = ph.concentration_for_occupancy(0.9, "µM")
    return check_quantity(
        "Task 2",
        answer,
        expected,
        "ng/mL",
        rel_tol=0.03,
        alternatives={"units: that is the value in µM, the task asks ng/mL": in_um},
        hint="Invert the Hill equation: C = K·occ/(1 − occ), or use pharmacology.concentration_for_occupancy.",
    )


def classify(conc_ngml: float) -> str:
    """Which range a plasma level falls in (for task 3): the course's bands from the parameters."""
    lo, hi = DISSOCIATION_BAND_NGML.range
    a_lo = ANAESTHESIA_BAND_NGML.range[0]
    if conc_ngml < lo:
        return "below antidepressant"
    if conc_ngml <= hi:
        return "antidepressant"
    if conc_ngml < a_lo:
        return "between"
    return "anaesthetic"


#: Task 3: a peak plasma level, µM.
TASK_3_PLASMA_UM = 2.0


def task_3(answer: Any) -> Feedback:
    """Which range does a plasma level of 2.0 µM fall in?"""
    ngml = float(to_ngml(TASK_3_PLASMA_UM, "µM"))
    correct = classify(ngml)
    lo, hi = DISSOCIATION_BAND_NGML.range
    a_lo, a_hi = ANAESTHESIA_BAND_NGML.range
    return check_choice(
        "Task 3",
        answer,
        correct,
        RANGES,
        feedback={
            "antidepressant": f"{TASK_3_PLASMA_UM:g} µM is about {ngml:.0f} ng/mL, above the {lo:.0f}–{hi:.0f} ng/mL "
            "measured during the antidepressant infusion.",
            "anaesthetic": f"Anaesthesia goes with about {a_lo:,.0f}–{a_hi:,.0f} ng/mL; {ngml:.0f} ng/mL is below "
            "that.",
            "between": f"{TASK_3_PLASMA_UM:g} µM ≈ {ngml:.0f} ng/mL: above the antidepressant-infusion levels, below "
            "anaesthetic levels.",
            "below antidepressant": f"Convert first: {TASK_3_PLASMA_UM:g} µM is about {ngml:.0f} ng/mL.",
        },
    )


def task_4(answer: Any) -> Feedback:
    """Ratio of S- to R-ketamine occupancy at 0.3 µM."""
    expected = float(ph.occupancy(0.3, "µM", form="S") / ph.occupancy(0.3, "µM", form="R"))
    inverse = 1 / expected
    return check_quantity(
        "Task 4",
        answer,
        expected,
        "1",
        rel_tol=0.03,
        alternatives={"that is R divided by S; the task asks S divided by R": inverse},
        hint="Compute occupancy(0.3, 'µM', form='S') / occupancy(0.3, 'µM', form='R').",
    )


def task_5(answer: Any) -> Feedback:
    """Reflection on rodent vs human evidence."""
    return _REFLECT("Task 5", answer)


__all__ = ["RANGES", "classify", "task_1", "task_2", "task_3", "task_4", "task_5", "to_um"]
