"""Checks for exercises/02_nmda.ipynb."""

from __future__ import annotations

from typing import Any

from ketcourse.science import receptor as ph
from ketcourse.engine.checks import Feedback, check_choice, check_quantity, check_reflection
from ketcourse.science.parameters import ANAESTHETIC_RANGE_UM, ANTIDEPRESSANT_PEAK_NGML
from ketcourse.science.units import to_ngml, to_um

RANGES = ("below antidepressant", "antidepressant", "between", "anaesthetic")


def task_1(answer: Any) -> Feedback:
    """Occupancy (%) at 150 ng/mL of racemic ketamine."""
    expected = 100 * float(ph.occupancy(150, "ng/mL"))
    as_fraction = expected / 100
    wrong_unit = 100 * float(ph.occupancy(150, "µM"))
    return check_quantity("Task 1", answer, expected, "%", rel_tol=0.03,
                          alternatives={"that looks like a fraction; the task asks for a percentage": as_fraction,
                                        "you treated 150 as µM; the task gives ng/mL": wrong_unit},
                          hint="Use pharmacology.occupancy(150, 'ng/mL') and multiply by 100.")


def task_2(answer: Any) -> Feedback:
    """Concentration (ng/mL) giving 90% occupancy."""
    expected = ph.concentration_for_occupancy(0.9, "ng/mL")
    in_um = ph.concentration_for_occupancy(0.9, "µM")
    return check_quantity("Task 2", answer, expected, "ng/mL", rel_tol=0.03,
                          alternatives={"units: that is the value in µM, the task asks ng/mL": in_um},
                          hint="Invert the Hill equation: C = K·occ/(1 − occ), or use "
                               "pharmacology.concentration_for_occupancy.")


def classify(conc_ngml: float) -> str:
    """Which range a plasma level falls in (for task 3)."""
    lo, hi = ANTIDEPRESSANT_PEAK_NGML.range
    a_lo = float(to_ngml(ANAESTHETIC_RANGE_UM.range[0], "µM"))
    if conc_ngml < lo:
        return "below antidepressant"
    if conc_ngml <= hi:
        return "antidepressant"
    if conc_ngml < a_lo:
        return "between"
    return "anaesthetic"


def task_3(answer: Any) -> Feedback:
    """Which range does 2.0 µM fall in?"""
    correct = classify(float(to_ngml(2.0, "µM")))
    return check_choice("Task 3", answer, correct, RANGES, feedback={
        "antidepressant": "2 µM is about 475 ng/mL, well above the 70–200 ng/mL antidepressant peak.",
        "anaesthetic": "Anaesthesia needs about 5–10 µM; 2 µM is below that.",
        "between": "2 µM ≈ 475 ng/mL: above the antidepressant peak, below anaesthetic levels.",
        "below antidepressant": "Convert first: 2 µM is about 475 ng/mL.",
    })


def task_4(answer: Any) -> Feedback:
    """Ratio of S- to R-ketamine occupancy at 0.3 µM."""
    expected = float(ph.occupancy(0.3, "µM", form="S") / ph.occupancy(0.3, "µM", form="R"))
    inverse = 1 / expected
    return check_quantity("Task 4", answer, expected, "1", rel_tol=0.03,
                          alternatives={"that is R divided by S; the task asks S divided by R": inverse},
                          hint="Compute occupancy(0.3, 'µM', form='S') / occupancy(0.3, 'µM', form='R').")


def task_5(answer: Any) -> Feedback:
    """Reflection on rodent vs human evidence."""
    return check_reflection("Task 5", answer, min_words=40)


__all__ = ["RANGES", "classify", "task_1", "task_2", "task_3", "task_4", "task_5", "to_um"]
