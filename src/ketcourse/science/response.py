"""Illustrative time courses of antidepressant response: ketamine, a ketamine course, an SSRI, a control arm.

These are teaching curves, not a fitted model. Each curve is built from a few
published landmarks (the facts sheet's section 8C) joined by smooth steps:

* **one infusion** (day 0): nothing before ~2 h (:data:`KETAMINE_ONSET_H`),
  rising to the day-1 response rate of 71% at 24 h
  (:data:`SINGLE_INFUSION_RESPONSE_DAY1`), then falling back to the control
  arm's level by day 7 (:data:`SINGLE_INFUSION_DURATION_D`): the drug-specific
  benefit is gone within about a week;
* **six-infusion course** (three a week over 12 days): the same rise, held at
  the course response rate of 70.8% (:data:`COURSE_RESPONSE_RATE`) until the
  course ends, then responders relapse with a median of 18 days
  (:data:`MEDIAN_RELAPSE_AFTER_COURSE_D`), drawn as exponential decay;
* **control arm** (midazolam, an active placebo): the same rise to 18%
  (:data:`MIDAZOLAM_RESPONSE`) at 24 h, then held flat. The facts sheet gives
  only the 24-h figure, so holding it flat is an assumption of the picture;
* **SSRI** (taken daily from day 0): given as a *share of its own 6-week
  effect*, not as a response rate, because the course has no SSRI response
  rate for this population. A third of the effect is present at week 1
  (:data:`SSRI_WEEK1_FRACTION`) and the curve flattens at 4 weeks
  (:data:`SSRI_PLATEAU_WEEKS`, reported 4–6 weeks).

The shapes between landmarks (smooth steps, exponential relapse, a power-law
SSRI rise) are modelling choices. All times are in days; all outputs are
fractions between 0 and 1.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ketcourse.engine.validate import (
    as_float_array,
    finite_result,
    fraction,
    nonnegative_float,
    one_of,
    positive_float,
    short_repr,
)
from ketcourse.science.parameters import (
    COURSE_LENGTH_D,
    COURSE_RESPONSE_RATE,
    KETAMINE_ONSET_H,
    KETAMINE_PEAK_H,
    MEDIAN_RELAPSE_AFTER_COURSE_D,
    MIDAZOLAM_RESPONSE,
    SINGLE_INFUSION_DURATION_D,
    SINGLE_INFUSION_RESPONSE_DAY1,
    SSRI_PLATEAU_WEEKS,
    SSRI_WEEK1_FRACTION,
)

#: Treatments the module models, with their display names.
TREATMENTS: dict[str, str] = {
    "single": "One ketamine infusion",
    "course": "Six-infusion ketamine course",
    "control": "Control arm (midazolam)",
    "ssri": "Daily SSRI",
}

#: What each curve measures: a response rate, or (SSRI) a share of the 6-week effect.
QUANTITY: dict[str, str] = {
    "single": "response",
    "course": "response",
    "control": "response",
    "ssri": "share of 6-week effect",
}

ONSET_D = KETAMINE_ONSET_H.value / 24.0
PEAK_D = KETAMINE_PEAK_H.value / 24.0
SINGLE_END_D = SINGLE_INFUSION_DURATION_D.value
COURSE_END_D = COURSE_LENGTH_D.value
SSRI_PLATEAU_D = 7.0 * SSRI_PLATEAU_WEEKS.value
#: Exponent of the SSRI rise, chosen so that exactly a third of the effect is present at day 7.
SSRI_EXPONENT = math.log(1.0 - SSRI_WEEK1_FRACTION.value) / math.log(1.0 - 7.0 / SSRI_PLATEAU_D)


def _times(t_days: ArrayLike) -> NDArray[np.float64]:
    return as_float_array(t_days, "t_days")


def _smoothstep(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """0 below 0, 1 above 1, and 3x² − 2x³ in between (zero slope at both ends)."""
    x = np.clip(x, 0.0, 1.0)
    return np.asarray(x * x * (3.0 - 2.0 * x), dtype=float)


def _rise(t: NDArray[np.float64]) -> NDArray[np.float64]:
    """Shared rise of the infusion and control curves: 0 until the onset, 1 at the 24-h peak."""
    with np.errstate(over="ignore"):  # huge t: x = inf, and the smooth step is 1
        return _smoothstep((t - ONSET_D) / (PEAK_D - ONSET_D))


def control_response(t_days: ArrayLike) -> NDArray[np.float64]:
    """Fraction of a midazolam (active-placebo) arm meeting the response criterion.

    Parameters
    ----------
    t_days : array_like
        Time since the infusion, days (>= 0).

    Returns
    -------
    ndarray
        Fraction responding (0–1): rises to 0.18 at 24 h and is then held flat
        (an assumption; only the 24-h value is reported).
    """
    t = _times(t_days)
    return MIDAZOLAM_RESPONSE.value * _rise(t)


def single_infusion_response(t_days: ArrayLike) -> NDArray[np.float64]:
    """Fraction responding after one ketamine infusion given at day 0.

    Parameters
    ----------
    t_days : array_like
        Time since the infusion, days (>= 0).

    Returns
    -------
    ndarray
        Fraction responding (0–1): zero before ~2 h, 0.71 at 24 h, back to the
        control arm's level (0.18) by day 7 and level with it afterwards.
    """
    t = _times(t_days)
    peak = SINGLE_INFUSION_RESPONSE_DAY1.value
    floor = MIDAZOLAM_RESPONSE.value
    with np.errstate(over="ignore"):  # huge t: the fall is complete
        falling = peak - (peak - floor) * _smoothstep((t - PEAK_D) / (SINGLE_END_D - PEAK_D))
    return np.where(t <= PEAK_D, peak * _rise(t), falling)


def still_responding(days_after_course: ArrayLike, median_days: float | None = None) -> NDArray[np.float64]:
    """Fraction of course responders who have not yet relapsed.

    Relapse is drawn as exponential decay with the reported median, so half
    of the responders remain at the median: ``0.5 ** (t / median)``.

    Parameters
    ----------
    days_after_course : array_like
        Days since the end of the course (>= 0).
    median_days : float, optional
        Median time to relapse, days (> 0); 18 days by default (Murrough 2013).

    Returns
    -------
    ndarray
        Fraction of responders still responding (0–1).
    """
    t = as_float_array(days_after_course, "days_after_course")
    median = MEDIAN_RELAPSE_AFTER_COURSE_D.value if median_days is None else positive_float(median_days, "median_days")
    with np.errstate(over="ignore"):  # t/median beyond the float range: nobody is left (0.5**inf = 0)
        return np.asarray(0.5 ** (t / median), dtype=float)


def days_until_fraction_remaining(fraction_remaining: float, median_days: float | None = None) -> float:
    """Days after the course until only ``fraction_remaining`` of responders still respond.

    Parameters
    ----------
    fraction_remaining : float
        Share of responders still responding, strictly between 0 and 1 (or exactly 1, giving 0 days).
    median_days : float, optional
        Median time to relapse, days; 18 by default.

    Returns
    -------
    float
        Days (the inverse of :func:`still_responding`).
    """
    f = fraction(fraction_remaining, "fraction_remaining")
    if f == 0:
        raise ValueError("fraction_remaining must be > 0 (exponential decay never reaches 0), got 0")
    median = MEDIAN_RELAPSE_AFTER_COURSE_D.value if median_days is None else positive_float(median_days, "median_days")
    inverse = 1.0 / f
    # 1/f overflows for subnormal f; log2(1/f) = −log2(f) there.
    halvings = math.log2(inverse) if math.isfinite(inverse) else -math.log2(f)
    return finite_result(float(median * halvings), f"the time for a median of {median:g} days")


def course_response(t_days: ArrayLike) -> NDArray[np.float64]:
    """Fraction responding during and after a six-infusion course started at day 0.

    Parameters
    ----------
    t_days : array_like
        Time since the first infusion, days (>= 0).

    Returns
    -------
    ndarray
        Fraction responding (0–1): the single-infusion rise to 0.708, held
        until the course ends at day 12, then ``0.708 * still_responding(t − 12)``.
    """
    t = _times(t_days)
    level = COURSE_RESPONSE_RATE.value
    after = level * still_responding(np.maximum(t - COURSE_END_D, 0.0))
    return np.where(t <= PEAK_D, level * _rise(t), np.where(t <= COURSE_END_D, level, after))


def ssri_effect_share(t_days: ArrayLike) -> NDArray[np.float64]:
    """Share of an SSRI's 6-week effect present after ``t_days`` of daily dosing.

    ``1 − (1 − t/T)**p`` up to the plateau ``T`` (28 days), then 1; the
    exponent ``p`` (:data:`SSRI_EXPONENT`, about 1.41) makes the share exactly
    one third at day 7.

    Parameters
    ----------
    t_days : array_like
        Days since the first dose (>= 0).

    Returns
    -------
    ndarray
        Share of the 6-week effect (0–1).
    """
    t = _times(t_days)
    x = np.clip(t / SSRI_PLATEAU_D, 0.0, 1.0)
    return np.asarray(1.0 - (1.0 - x) ** SSRI_EXPONENT, dtype=float)


def response(t_days: ArrayLike, treatment: str) -> NDArray[np.float64]:
    """The curve of one treatment (see :data:`TREATMENTS` and :data:`QUANTITY`).

    Parameters
    ----------
    t_days : array_like
        Days since the first dose (>= 0).
    treatment : {"single", "course", "control", "ssri"}
        Which curve.

    Returns
    -------
    ndarray
        A fraction (0–1): responders for the ketamine and control curves; share
        of the 6-week effect for ``"ssri"``.
    """
    if not isinstance(treatment, str):
        raise TypeError(f"treatment must be a string, got {short_repr(treatment)}")
    one_of(treatment, TREATMENTS, "treatment")
    funcs = {
        "single": single_infusion_response,
        "course": course_response,
        "control": control_response,
        "ssri": ssri_effect_share,
    }
    return funcs[treatment](t_days)


def response_at(day: float, treatment: str) -> float:
    """:func:`response` at a single time, as a float (``day`` in days, >= 0)."""
    return float(response(nonnegative_float(day, "day"), treatment))


__all__ = [
    "COURSE_END_D",
    "ONSET_D",
    "PEAK_D",
    "QUANTITY",
    "SINGLE_END_D",
    "SSRI_EXPONENT",
    "SSRI_PLATEAU_D",
    "TREATMENTS",
    "control_response",
    "course_response",
    "days_until_fraction_remaining",
    "response",
    "response_at",
    "single_infusion_response",
    "ssri_effect_share",
    "still_responding",
]
