"""Checks for exercises/04_pharmacokinetics.ipynb.

Every expected value is computed with :mod:`ketcourse.science.pk`; nothing is typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ketcourse.chapters.reflections import reflection_check
from ketcourse.engine.checks import Feedback, check_choice, check_quantity
from ketcourse.science import pk
from ketcourse.science.parameters import ANTIDEPRESSANT_DOSE_MG_PER_KG, ANTIDEPRESSANT_PEAK_NGML

_REFLECT = reflection_check(__file__)

#: Task 2 compares these two routes at the same mg/kg dose.
TASK_2_ROUTES = ("intranasal", "oral")
#: Task 4: a constant infusion rate at the upper end of the range often used for acute pain, mg/kg/h.
TASK_4_RATE_MG_PER_KG_PER_H = 0.5
#: Options for task 3.
REASONS = ("bioavailability", "absorption rate", "clearance", "volume of distribution")


def _peak(dose: pk.Dose, hours: float = 8.0) -> float:
    t = np.linspace(0, hours, int(hours * 600) + 1)
    return pk.peak(t, pk.concentration(t, dose))[1]


def task_1(answer: Any) -> Feedback:
    """Peak plasma concentration (ng/mL) after 0.5 mg/kg over 40 min, one-compartment model."""
    dose = pk.standard_infusion()
    expected = _peak(dose)
    bolus = _peak(pk.Dose(dose.amount_mg_per_kg, "iv"))
    t = np.linspace(0, 8, 4801)
    two_compartment = pk.peak(t, pk.concentration_two_compartment(t, dose))[1]
    return check_quantity(
        "Task 1",
        answer,
        expected,
        "ng/mL",
        rel_tol=0.03,
        alternatives={
            "that is the value in mg/L (µg/mL); multiply by 1000 for ng/mL": expected / 1000,
            "that is the peak of a bolus; the task gives the dose as a 40-minute infusion (duration_h=40/60)": bolus,
            "that is the two-compartment model; the task asks for pk.concentration (one compartment)": (
                two_compartment
            ),
        },
        hint="Build pk.Dose(0.5, 'iv', 0, 40/60), evaluate pk.concentration on a fine time grid and use pk.peak.",
    )


def _route_dose(route: str) -> pk.Dose:
    return pk.Dose(ANTIDEPRESSANT_DOSE_MG_PER_KG.value, route)


def task_2(answer: Any) -> Feedback:
    """How many times larger the intranasal AUC is than the oral AUC at the same mg/kg dose."""
    nasal, oral = (_route_dose(r) for r in TASK_2_ROUTES)
    expected = pk.auc_ng_h_per_ml(nasal) / pk.auc_ng_h_per_ml(oral)
    peak_ratio = _peak(nasal) / _peak(oral)
    return check_quantity(
        "Task 2",
        answer,
        expected,
        "1",
        rel_tol=0.03,
        alternatives={
            "that is oral divided by intranasal; the task asks intranasal divided by oral": 1 / expected,
            "that is the ratio of the peaks; the task asks for the ratio of the AUCs": peak_ratio,
        },
        hint="Use pk.auc_ng_h_per_ml for each Dose and divide; compare with the two bioavailabilities.",
    )


def task_3(answer: Any) -> Feedback:
    """Why the peak ratio exceeds the AUC ratio."""
    return check_choice(
        "Task 3",
        answer,
        "absorption rate",
        REASONS,
        feedback={
            "absorption rate": "Intranasal ketamine is absorbed faster (larger ka), so more of it is in the blood "
            "at once; the AUC ratio reflects bioavailability only, the peak ratio also reflects speed.",
            "bioavailability": "Bioavailability explains the AUC ratio, but it cannot make the peak ratio larger "
            "than the AUC ratio.",
            "clearance": "The model uses the same clearance for every route, so it cannot explain a difference "
            "between them.",
            "volume of distribution": "The volume is the same for every route in the model.",
        },
    )


def task_4(answer: Any) -> Feedback:
    """Plateau (ng/mL) of a constant IV infusion of 0.5 mg/kg/h."""
    rate = TASK_4_RATE_MG_PER_KG_PER_H
    expected = pk.steady_state_ng_ml(rate)
    over_volume = rate / pk.volume_l_per_kg() * pk.NG_PER_ML_PER_MG_PER_L
    return check_quantity(
        "Task 4",
        answer,
        expected,
        "ng/mL",
        rel_tol=0.03,
        alternatives={
            "that is the value in mg/L; multiply by 1000 for ng/mL": expected / 1000,
            "you divided the rate by the volume of distribution; the plateau is rate divided by clearance": (
                over_volume
            ),
        },
        hint="At steady state, rate in = rate out: Css = R0 / CL, with CL from pk.clearance_l_per_h_per_kg().",
    )


def one_compartment_share_of_measured_pct() -> float:
    """The one-compartment model's peak for the standard infusion as a percentage of the measured peak."""
    return 100 * _peak(pk.standard_infusion()) / ANTIDEPRESSANT_PEAK_NGML.value


def task_5(answer: Any) -> Feedback:
    """Model vs measurement: the one-compartment peak as a percentage of the measured peak (about 185 ng/mL)."""
    expected = one_compartment_share_of_measured_pct()
    dose = pk.standard_infusion()
    t = np.linspace(0, 8, 4801)
    two = 100 * pk.peak(t, pk.concentration_two_compartment(t, dose))[1] / ANTIDEPRESSANT_PEAK_NGML.value
    return check_quantity(
        "Task 5",
        answer,
        expected,
        "%",
        rel_tol=0.03,
        alternatives={
            "that looks like a fraction; the task asks for a percentage": expected / 100,
            "that is measured divided by model; the task asks model divided by measured": 100 * 100 / expected,
            "that is the two-compartment model; the task asks about the one-compartment model": two,
            "that is the shortfall; the task asks what share of the measured peak the model reaches": 100 - expected,
        },
        hint="Divide the model peak from task 1 by the measured peak (ANTIDEPRESSANT_PEAK_NGML) and multiply by 100.",
    )


def task_6(answer: Any) -> Feedback:
    """Reflection: why the models miss the measured peak, and what that means for using them."""
    return _REFLECT("Task 6", answer)


__all__ = [
    "REASONS",
    "TASK_2_ROUTES",
    "TASK_4_RATE_MG_PER_KG_PER_H",
    "task_1",
    "task_2",
    "task_3",
    "task_4",
    "task_5",
    "task_6",
]
