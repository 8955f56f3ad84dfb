"""Illustrative acute effects of ketamine: an effect compartment with linear effect links (pure numpy).

Plasma concentration does not act on the brain directly: effects lag behind it.
The classic way to describe that lag is an *effect compartment*, a notional
site with negligible volume whose concentration ``Ce`` follows plasma ``Cp``
with first-order kinetics::

    dCe/dt = ke0 · (Cp − Ce)

Effects are then linked to ``Ce``. Over 50–200 ng/mL, ketamine's subjective
and physiological effects rise roughly linearly with concentration (Bowdle
1998), so the course uses a linear link above a threshold::

    effect = slope · max(Ce − threshold, 0)

``ke0``, the threshold and the slopes are **illustrative calibration choices**
(see :mod:`ketcourse.science.parameters`), tuned so that the standard antidepressant
infusion (0.5 mg/kg over 40 min) reproduces published averages: dissociation
peaks near the end of the infusion, is gone within about two hours and
averages about 8 CADSS points; systolic blood pressure rises by 20–30 mmHg.
Nothing here predicts any person's response, and no function takes a body
weight or recommends a dose.

Units: time in hours, concentration in ng/mL, dissociation in CADSS points,
blood pressure in mmHg.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ketcourse.engine.validate import (
    as_float_array,
    check_size,
    finite_result,
    first_offender,
    grid_points,
    nonnegative_float,
    one_of,
    positive_float,
)
from ketcourse.science import pk
from ketcourse.science.parameters import (
    ANTIDEPRESSANT_DOSE_MG_PER_KG,
    ANTIDEPRESSANT_INFUSION_MIN,
    AWAKENING_BAND_NGML,
    CADSS_POINTS_PER_NGML,
    EFFECT_KE0_PER_H,
    EFFECT_THRESHOLD_NGML,
    SYSTOLIC_MMHG_PER_NGML,
)

HOLDS = ("linear", "constant")
#: The illustrative calibration choices the effect model uses, by name.
CALIBRATION_PARAMETERS = {
    "ke0": EFFECT_KE0_PER_H,
    "effect threshold": EFFECT_THRESHOLD_NGML,
    "dissociation slope": CADSS_POINTS_PER_NGML,
    "systolic slope": SYSTOLIC_MMHG_PER_NGML,
}
PK_MODELS = ("two-compartment", "one-compartment")
#: Highest effect-site concentration (ng/mL) the dissociation and blood-pressure links accept:
#: an illustrative calibration choice (the low end of :data:`AWAKENING_BAND_NGML`), well above
#: the levels the links were calibrated on. Past it the straight lines would run on without
#: limit, to CADSS totals beyond the scale and blood pressures no one has, so such
#: concentrations are refused with ``ValueError`` rather than clipped.
EFFECT_LINK_MAX_NGML = AWAKENING_BAND_NGML.range[0]


def _time_grid(t_h: ArrayLike) -> NDArray[np.float64]:
    t = as_float_array(t_h, "t_h (hours)", allow_negative=True)
    if t.ndim != 1 or t.size == 0:
        raise ValueError(f"t_h must be a non-empty one-dimensional array of times (h), got shape {t.shape}")
    if not math.isfinite(float(t[-1]) - float(t[0])):
        raise ValueError(f"t_h spans {t[0]:g} to {t[-1]:g} h, a range too wide for a float")
    steps = np.diff(t)
    if np.any(steps <= 0):
        i = int(np.argmax(steps <= 0))
        raise ValueError(
            f"t_h must be strictly increasing; t_h[{i + 1}] = {t[i + 1]:g} h does not come after t_h[{i}] = {t[i]:g} h"
        )
    return t


def _paired(
    t_h: ArrayLike, values: ArrayLike, name: str, *, allow_negative: bool = False
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    t = _time_grid(t_h)
    y = as_float_array(values, name, allow_negative=allow_negative)
    if y.shape != t.shape:
        raise ValueError(f"t_h and {name} must have the same shape, got {t.shape} and {y.shape}")
    return t, y


def effect_site_concentration(
    t_h: ArrayLike,
    cp_ng_ml: ArrayLike,
    ke0_per_h: float = EFFECT_KE0_PER_H.value,
    *,
    hold: str = "linear",
    ce0_ng_ml: float = 0.0,
) -> NDArray[np.float64]:
    """Effect-site concentration from a sampled plasma curve, solved exactly step by step.

    Solves ``dCe/dt = ke0 (Cp − Ce)`` on the grid ``t_h``. Within each step the
    plasma curve is taken as a straight line between its samples
    (``hold="linear"``) or as constant at its value at the start of the step
    (``hold="constant"``); the step is then integrated in closed form. Each new
    value is a weighted average of the previous ``Ce`` and the plasma samples
    with non-negative weights, so the method is stable for any step size and
    ``Ce`` never leaves the range of its inputs.

    Parameters
    ----------
    t_h : array_like
        Sample times, hours, strictly increasing.
    cp_ng_ml : array_like
        Plasma concentration at those times, ng/mL (>= 0).
    ke0_per_h : float
        Equilibration rate constant, 1/h (> 0). The equilibration half-time is ``ln 2 / ke0``.
    hold : {"linear", "constant"}
        How plasma concentration is assumed to vary within a step.
    ce0_ng_ml : float
        Effect-site concentration at ``t_h[0]``, ng/mL (>= 0).

    Returns
    -------
    ndarray
        Effect-site concentration at each time, ng/mL.

    Examples
    --------
    A step to a constant plasma level ``C`` gives ``Ce = C (1 − exp(−ke0 t))``.
    """
    t, cp = _paired(t_h, cp_ng_ml, "cp_ng_ml (ng/mL)")
    check_size(t, "t_h")
    k = positive_float(ke0_per_h, "ke0 (1/h)")
    one_of(hold, HOLDS, "hold")
    ce = np.empty_like(cp)
    ce[0] = nonnegative_float(ce0_ng_ml, "ce0_ng_ml (ng/mL)")
    with np.errstate(over="ignore"):  # k·Δt beyond the float range: full equilibration (decay 0)
        x = k * np.diff(t)
    decay = np.exp(-x)
    # g = (1 − e^{−x}) / x, the mean of e^{−k s} over the step; g → 1 as x → 0.
    g = np.where(x > 1e-12, -np.expm1(-x) / np.where(x > 1e-12, x, 1.0), 1.0 - x / 2)
    if hold == "linear":
        w_prev, w_start, w_end = decay, g - decay, 1.0 - g
    else:
        w_prev, w_start, w_end = decay, 1.0 - decay, np.zeros_like(decay)
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(t.size - 1):
            ce[i + 1] = w_prev[i] * ce[i] + w_start[i] * cp[i] + w_end[i] * cp[i + 1]
    finite_result(ce, "the effect-site concentration")
    return np.maximum(ce, 0.0)


def linear_effect(ce_ng_ml: ArrayLike, slope_per_ng_ml: float, threshold_ng_ml: float) -> NDArray[np.float64]:
    """Linear concentration–effect link above a threshold: ``slope · max(Ce − threshold, 0)``.

    Parameters
    ----------
    ce_ng_ml : array_like
        Effect-site concentration, ng/mL (>= 0).
    slope_per_ng_ml : float
        Effect per ng/mL above the threshold (> 0), in the effect's unit per ng/mL.
    threshold_ng_ml : float
        Concentration below which the effect is zero, ng/mL (>= 0).

    Returns
    -------
    ndarray
        Effect, in the unit of ``slope_per_ng_ml`` times ng/mL; never negative.
    """
    ce = as_float_array(ce_ng_ml, "ce_ng_ml (ng/mL)")
    slope = positive_float(slope_per_ng_ml, "slope (per ng/mL)")
    threshold = nonnegative_float(threshold_ng_ml, "threshold_ng_ml (ng/mL)")
    with np.errstate(over="ignore"):
        effect = slope * np.maximum(ce - threshold, 0.0)
    return finite_result(effect, f"the effect for a slope of {slope:g} per ng/mL")


def _in_effect_domain(ce_ng_ml: ArrayLike) -> NDArray[np.float64]:
    ce = as_float_array(ce_ng_ml, "ce_ng_ml (ng/mL)")
    beyond = ce > EFFECT_LINK_MAX_NGML
    if np.any(beyond):
        raise ValueError(
            f"ce_ng_ml (ng/mL) must be at most {EFFECT_LINK_MAX_NGML:g} ng/mL, the upper limit of the illustrative "
            f"effect links; {first_offender(ce, beyond)}"
        )
    return ce


def dissociation_cadss(ce_ng_ml: ArrayLike) -> NDArray[np.float64]:
    """Illustrative dissociation, CADSS total points, from effect-site concentration (ng/mL).

    Uses the calibrated slope :data:`~ketcourse.science.parameters.CADSS_POINTS_PER_NGML`
    and threshold :data:`~ketcourse.science.parameters.EFFECT_THRESHOLD_NGML`. An
    average, not a prediction for a person: in the source study the standard
    deviation (9.2) exceeded the mean (7.7).

    Concentrations above :data:`EFFECT_LINK_MAX_NGML` (500 ng/mL) are outside
    the model's domain and raise ``ValueError``; the score is not clipped.
    """
    return linear_effect(_in_effect_domain(ce_ng_ml), CADSS_POINTS_PER_NGML.value, EFFECT_THRESHOLD_NGML.value)


def systolic_rise_mmhg(ce_ng_ml: ArrayLike) -> NDArray[np.float64]:
    """Illustrative rise in systolic blood pressure above baseline, mmHg, from effect-site concentration (ng/mL).

    Uses the calibrated slope :data:`~ketcourse.science.parameters.SYSTOLIC_MMHG_PER_NGML`
    and the same threshold as :func:`dissociation_cadss`. The calibration rests
    on small studies.

    Concentrations above :data:`EFFECT_LINK_MAX_NGML` (500 ng/mL) are outside
    the model's domain and raise ``ValueError``.
    """
    return linear_effect(_in_effect_domain(ce_ng_ml), SYSTOLIC_MMHG_PER_NGML.value, EFFECT_THRESHOLD_NGML.value)


@dataclass(frozen=True)
class EffectCourse:
    """Time courses after one intravenous infusion.

    Attributes
    ----------
    t_h : ndarray
        Times, hours from the start of the infusion.
    plasma_ng_ml : ndarray
        Plasma concentration, ng/mL.
    effect_site_ng_ml : ndarray
        Effect-site concentration, ng/mL.
    cadss : ndarray
        Illustrative dissociation, CADSS points.
    systolic_rise_mmhg : ndarray
        Illustrative systolic rise above baseline, mmHg.
    dose_mg_per_kg : float
        Infusion dose, mg/kg.
    duration_h : float
        Infusion duration, hours.
    """

    t_h: NDArray[np.float64]
    plasma_ng_ml: NDArray[np.float64]
    effect_site_ng_ml: NDArray[np.float64]
    cadss: NDArray[np.float64]
    systolic_rise_mmhg: NDArray[np.float64]
    dose_mg_per_kg: float
    duration_h: float

    @property
    def t_min(self) -> NDArray[np.float64]:
        """Times, minutes from the start of the infusion."""
        return self.t_h * 60.0


def infusion_effects(
    dose_mg_per_kg: float = ANTIDEPRESSANT_DOSE_MG_PER_KG.value,
    duration_min: float = ANTIDEPRESSANT_INFUSION_MIN.value,
    *,
    t_end_h: float = 4.0,
    step_min: float = 1.0,
    pk_model: str = "two-compartment",
    ke0_per_h: float = EFFECT_KE0_PER_H.value,
) -> EffectCourse:
    """Plasma, effect-site, dissociation and blood-pressure courses of one intravenous infusion.

    The default is the standard antidepressant regimen from the literature,
    0.5 mg/kg over 40 min (a weight-normalised dose, not a recommendation).

    Parameters
    ----------
    dose_mg_per_kg : float
        Infusion dose, mg/kg (> 0).
    duration_min : float
        Infusion duration, minutes (> 0).
    t_end_h : float
        Last time computed, hours (> 0).
    step_min : float
        Grid step, minutes (> 0, at most ``t_end_h`` in minutes and at most the
        infusion duration; the grid may have at most
        :data:`ketcourse.engine.validate.MAX_GRID_POINTS` points).
    pk_model : {"two-compartment", "one-compartment"}
        Plasma model from :mod:`ketcourse.science.pk`. The two-compartment model has the
        fast distribution phase that ends the acute effects; the
        one-compartment model falls more slowly after the infusion.
    ke0_per_h : float
        Effect-site equilibration rate, 1/h (> 0).

    Returns
    -------
    EffectCourse

    Raises
    ------
    ValueError
        For a bad argument, a grid that is too large, or an infusion that takes
        the effect site beyond :data:`EFFECT_LINK_MAX_NGML`.
    """
    dose = positive_float(dose_mg_per_kg, "dose_mg_per_kg (mg/kg)")
    minutes = positive_float(duration_min, "duration_min (min)")
    duration_h = minutes / 60.0
    end = positive_float(t_end_h, "t_end_h (h)")
    step = positive_float(step_min, "step_min (min)")
    step_h = step / 60.0
    if step_h > end:
        raise ValueError(f"step_min must not exceed t_end_h ({end * 60:g} min), got {step_min!r}")
    if step > minutes:
        raise ValueError(
            f"step_min must not exceed the infusion duration ({minutes:g} min), or the grid misses the infusion; "
            f"got {step_min!r}"
        )
    grid_points(end * 60.0, step, "infusion_effects grid", "min")
    one_of(pk_model, PK_MODELS, "pk_model")
    n = math.floor(end / step_h + 1e-9)
    t = np.arange(n + 1, dtype=np.float64) * step_h
    infusion = pk.Dose(dose, "iv", 0.0, duration_h)
    if pk_model == "two-compartment":
        cp = pk.concentration_two_compartment(t, infusion)
    else:
        cp = pk.concentration(t, infusion)
    ce = effect_site_concentration(t, cp, ke0_per_h)
    if ce.max() > EFFECT_LINK_MAX_NGML:
        raise ValueError(
            f"{dose:g} mg/kg over {minutes:g} min takes the effect site to {ce.max():.4g} ng/mL, beyond the effect "
            f"model's domain (at most {EFFECT_LINK_MAX_NGML:g} ng/mL)"
        )
    return EffectCourse(t, cp, ce, dissociation_cadss(ce), systolic_rise_mmhg(ce), dose, duration_h)


def peak_of(t_h: ArrayLike, values: ArrayLike) -> tuple[float, float]:
    """Time (h) and value of the largest sample of a curve (the first, if several tie).

    Parameters
    ----------
    t_h : array_like
        Times, hours, strictly increasing.
    values : array_like
        The curve, any unit (>= 0).

    Returns
    -------
    (float, float)
        Time of the peak (h) and the peak value (unit of ``values``).
    """
    t, y = _paired(t_h, values, "values")
    i = int(np.argmax(y))
    return float(t[i]), float(y[i])


def time_above_h(t_h: ArrayLike, values: ArrayLike, level: float) -> float:
    """Total time (h) a sampled curve spends above ``level``, with crossings found by linear interpolation.

    Parameters
    ----------
    t_h : array_like
        Times, hours, strictly increasing.
    values : array_like
        The curve, any unit (>= 0).
    level : float
        The level, same unit as ``values`` (>= 0).

    Returns
    -------
    float
        Hours above ``level``.
    """
    t, y = _paired(t_h, values, "values")
    check_size(t, "t_h")
    lvl = nonnegative_float(level, "level")
    total = 0.0
    for i in range(t.size - 1):
        a, b = y[i] - lvl, y[i + 1] - lvl
        dt = t[i + 1] - t[i]
        if a > 0 and b > 0:
            total += dt
        elif a > 0 or b > 0:
            part = float(dt) * float(max(a, b)) / float(abs(b - a))
            # dt·max(a, b) may overflow (to inf, silently, in Python floats); the share max/|b − a| is at most 1.
            total += part if math.isfinite(part) else float(dt) * (float(max(a, b)) / float(abs(b - a)))
    return float(total)


def offset_time_h(t_h: ArrayLike, values: ArrayLike, fraction_of_peak: float = 0.0) -> float:
    """First time (h) after the peak at which a curve falls to ``fraction_of_peak`` of its peak or below.

    With the default ``0`` this is when the effect has gone (back to baseline).

    Parameters
    ----------
    t_h : array_like
        Times, hours, strictly increasing.
    values : array_like
        The curve, any unit (>= 0), with a positive peak.
    fraction_of_peak : float
        Level as a fraction of the peak, in [0, 1).

    Returns
    -------
    float
        Hours; ``inf`` if the curve has not fallen that far by the last sample.
    """
    t, y = _paired(t_h, values, "values")
    frac = nonnegative_float(fraction_of_peak, "fraction_of_peak")
    if frac >= 1:
        raise ValueError(f"fraction_of_peak must be below 1 (a fraction, not a percentage), got {fraction_of_peak!r}")
    i = int(np.argmax(y))
    if y[i] <= 0:
        raise ValueError("values never rise above zero, so there is no peak to fall from")
    below = np.nonzero(y[i:] <= frac * y[i])[0]
    return float(t[i + below[0]]) if below.size else math.inf


def calibration_summary(course: EffectCourse | None = None) -> dict[str, float]:
    """Key times and sizes of a modelled infusion, for comparison with the published anchors.

    Parameters
    ----------
    course : EffectCourse, optional
        Defaults to the standard infusion, 0.5 mg/kg over 40 min.

    Returns
    -------
    dict
        ``peak_min`` (time of peak effect, min), ``cadss_peak`` (CADSS points),
        ``systolic_peak_mmhg`` (mmHg), ``cadss_below_10pct_min`` (first time
        after the peak below 10% of it, min), ``gone_min`` (effects back to
        zero, min) and ``back_after_end_min`` (that time minus the infusion
        duration, min). Times are ``inf`` if not reached on the grid.
    """
    c = infusion_effects() if course is None else course
    if not isinstance(c, EffectCourse):
        raise TypeError(f"course must be an EffectCourse, got {type(c).__name__}")
    t_min = c.t_min
    peak_min, cadss_peak = peak_of(t_min, c.cadss)
    if cadss_peak <= 0:
        raise ValueError(
            "this infusion never takes the effect site above the threshold, so there is nothing to summarise"
        )
    gone = offset_time_h(t_min, c.cadss)
    return {
        "peak_min": peak_min,
        "cadss_peak": cadss_peak,
        "systolic_peak_mmhg": float(c.systolic_rise_mmhg.max()),
        "cadss_below_10pct_min": offset_time_h(t_min, c.cadss, 0.1),
        "gone_min": gone,
        "back_after_end_min": gone - c.duration_h * 60.0,
    }


__all__ = [
    "CALIBRATION_PARAMETERS",
    "EFFECT_LINK_MAX_NGML",
    "HOLDS",
    "PK_MODELS",
    "EffectCourse",
    "calibration_summary",
    "dissociation_cadss",
    "effect_site_concentration",
    "infusion_effects",
    "linear_effect",
    "offset_time_h",
    "peak_of",
    "systolic_rise_mmhg",
    "time_above_h",
]
