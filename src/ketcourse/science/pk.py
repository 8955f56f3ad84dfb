"""Illustrative pharmacokinetics of racemic ketamine (pure numpy).

Doses are **weight-normalised** (mg/kg), as reported in the literature, and
volume and clearance scale linearly with weight (the meta-analysis values are
per 70 kg), so plasma concentration after a mg/kg dose does not depend on body
weight in this model. No function here takes a person's weight or recommends a
dose: the models show shapes and orders of magnitude for teaching.

Units: time in hours, dose in mg/kg, concentration in ng/mL.
1 mg/L = 1 µg/mL = 1000 ng/mL.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ketcourse.engine.validate import (
    as_float_array,
    finite_result,
    grid_points,
    nonnegative_float,
    one_of,
    positive_float,
)
from ketcourse.science.parameters import (
    ANTIDEPRESSANT_DOSE_MG_PER_KG,
    ANTIDEPRESSANT_INFUSION_MIN,
    CLEARANCE_L_PER_H_PER_70KG,
    HALF_LIFE_ALPHA_MIN,
    HALF_LIFE_BETA_H,
    REFERENCE_WEIGHT_KG,
    ROUTES,
    VOLUME_L_PER_70KG,
)

NG_PER_ML_PER_MG_PER_L = 1000.0


def volume_l_per_kg() -> float:
    """Volume of distribution, L/kg (252 L per 70 kg ≈ 3.6 L/kg)."""
    return VOLUME_L_PER_70KG.value / REFERENCE_WEIGHT_KG.value


def clearance_l_per_h_per_kg() -> float:
    """Clearance, L/h/kg (79 L/h per 70 kg ≈ 1.13 L/h/kg)."""
    return CLEARANCE_L_PER_H_PER_70KG.value / REFERENCE_WEIGHT_KG.value


def elimination_rate_per_h() -> float:
    """First-order elimination rate constant k = CL/V, 1/h (≈ 0.313)."""
    return clearance_l_per_h_per_kg() / volume_l_per_kg()


def half_life_h() -> float:
    """Elimination half-life of the one-compartment model, h (≈ 2.2)."""
    return math.log(2) / elimination_rate_per_h()


@dataclass(frozen=True)
class Dose:
    """One administration.

    Attributes
    ----------
    amount_mg_per_kg : float
        Dose, mg/kg (> 0).
    route : str
        A key of :data:`ketcourse.science.parameters.ROUTES` (``"iv"``, ``"im"``, ``"intranasal"``, ...).
    start_h : float
        When it is given, hours from time zero (>= 0).
    duration_h : float
        Infusion duration, hours; 0 for a bolus. Only intravenous doses may be infused.
    """

    amount_mg_per_kg: float
    route: str = "iv"
    start_h: float = 0.0
    duration_h: float = 0.0

    def __post_init__(self) -> None:
        positive_float(self.amount_mg_per_kg, "dose (mg/kg)")
        one_of(self.route, ROUTES, "route")
        nonnegative_float(self.start_h, "start_h")
        nonnegative_float(self.duration_h, "duration_h")
        if self.duration_h > 0 and self.route != "iv":
            raise ValueError(
                f"only intravenous doses can be infused; route {self.route!r} takes duration_h=0, "
                f"got {self.duration_h!r}"
            )


def _times(t_h: ArrayLike) -> NDArray[np.float64]:
    return as_float_array(t_h, "t_h (hours)", allow_negative=True)


def _one_dose(t: NDArray[np.float64], dose: Dose) -> NDArray[np.float64]:
    v, cl = volume_l_per_kg(), clearance_l_per_h_per_kg()
    k = cl / v
    route = ROUTES[dose.route]
    f = route.bioavailability.value
    tau = t - dose.start_h
    after = tau >= 0
    tau_pos = np.where(after, tau, 0.0)
    # An infusion so short that k·T is negligible is a bolus (and D/T would overflow).
    if dose.route == "iv" and k * dose.duration_h > 1e-9:
        rate = dose.amount_mg_per_kg / dose.duration_h  # mg/kg/h
        during = np.minimum(tau_pos, dose.duration_h)
        c_mg_l = rate / cl * -np.expm1(-k * during) * np.exp(-k * (tau_pos - during))
    elif route.ka_per_h is None:
        c_mg_l = f * dose.amount_mg_per_kg / v * np.exp(-k * tau_pos)
    else:
        ka = route.ka_per_h
        c_mg_l = f * dose.amount_mg_per_kg * ka / (v * (ka - k)) * (np.exp(-k * tau_pos) - np.exp(-ka * tau_pos))
    return np.where(after, c_mg_l, 0.0) * NG_PER_ML_PER_MG_PER_L


def concentration(t_h: ArrayLike, doses: Dose | Iterable[Dose]) -> NDArray[np.float64]:
    """Plasma ketamine concentration (ng/mL) over time for one or more doses.

    One-compartment model with first-order elimination; intravenous doses are
    a bolus or a zero-order infusion, other routes first-order absorption with
    the route's bioavailability. Doses add linearly (superposition).

    Parameters
    ----------
    t_h : array_like
        Times, hours.
    doses : Dose or iterable of Dose
        What is given and when.

    Returns
    -------
    ndarray
        Concentration, ng/mL, never negative.

    Raises
    ------
    TypeError
        If ``doses`` is not a :class:`Dose` or an iterable of them.
    ValueError
        If there are no doses, or the doses are so large that a concentration
        does not fit in a float.
    """
    t = _times(t_h)
    if isinstance(doses, Dose):
        items = [doses]
    elif isinstance(doses, (str, bytes, dict)) or not isinstance(doses, Iterable):
        raise TypeError(f"doses must be a Dose or a list of Dose objects, got {type(doses).__name__}")
    else:
        items = list(doses)
    if not items:
        raise ValueError("doses must contain at least one Dose")
    for i, d in enumerate(items):
        if not isinstance(d, Dose):
            raise TypeError(f"doses must be Dose objects, got {type(d).__name__} at doses[{i}]")
    total = np.zeros_like(t)
    with np.errstate(over="ignore", invalid="ignore"):
        for d in items:
            total += _one_dose(t, d)
    finite_result(total, "the plasma concentration for these doses")
    return np.maximum(total, 0.0)


def auc_ng_h_per_ml(dose: Dose) -> float:
    """Area under the concentration curve to infinity, ng·h/mL: AUC = F·Dose/CL."""
    if not isinstance(dose, Dose):
        raise TypeError(f"dose must be a Dose, got {type(dose).__name__}")
    f = ROUTES[dose.route].bioavailability.value
    auc = f * dose.amount_mg_per_kg / clearance_l_per_h_per_kg() * NG_PER_ML_PER_MG_PER_L
    return finite_result(auc, f"the AUC of a dose of {dose.amount_mg_per_kg:g} mg/kg")


def steady_state_ng_ml(rate_mg_per_kg_per_h: float) -> float:
    """Plateau concentration of a constant intravenous infusion, ng/mL: Css = R0/CL."""
    r = positive_float(rate_mg_per_kg_per_h, "infusion rate (mg/kg/h)")
    css = r / clearance_l_per_h_per_kg() * NG_PER_ML_PER_MG_PER_L
    return finite_result(css, f"the plateau for an infusion rate of {r:g} mg/kg/h")


def peak(t_h: ArrayLike, conc_ng_ml: ArrayLike) -> tuple[float, float]:
    """Time (h) and value (ng/mL) of the highest concentration on a sampled curve."""
    t = _times(t_h)
    c = as_float_array(conc_ng_ml, "concentration (ng/mL)")
    if t.shape != c.shape or t.size == 0:
        raise ValueError(f"t_h and concentration must be non-empty and the same shape, got {t.shape} and {c.shape}")
    i = int(np.argmax(c))
    return float(t[i]), float(c[i])


@dataclass(frozen=True)
class TwoCompartment:
    """Micro-constants of a two-compartment model (per kg), derived from literature values.

    ``k10``, ``k12``, ``k21`` in 1/h; ``v1_l_per_kg`` in L/kg.
    """

    v1_l_per_kg: float
    k10: float
    k12: float
    k21: float


def two_compartment_constants() -> TwoCompartment:
    """Derive micro-constants from clearance, volume (taken as Vss) and the α/β half-lives.

    With α = ln2/t½α and β = ln2/t½β: k10 = α + β − αβ·Vss/CL, k21 = αβ/k10,
    k12 = α + β − k10 − k21, V1 = CL/k10.
    """
    alpha = math.log(2) / (HALF_LIFE_ALPHA_MIN.value / 60)
    beta = math.log(2) / HALF_LIFE_BETA_H.value
    cl, vss = clearance_l_per_h_per_kg(), volume_l_per_kg()
    k10 = alpha + beta - alpha * beta * vss / cl
    k21 = alpha * beta / k10
    k12 = alpha + beta - k10 - k21
    if min(k10, k21, k12) <= 0:  # pragma: no cover - guarded by the literature values
        raise ValueError("literature values give a non-physical two-compartment model")
    return TwoCompartment(cl / k10, k10, k12, k21)


#: The two-compartment grid step may be at most this fraction of the fast (distribution)
#: phase's time constant, so that linear interpolation between grid points stays within
#: about 0.1% of the curve.
MAX_STEP_FRACTION_OF_FAST_PHASE = 0.1


def max_two_compartment_step_h() -> float:
    """Coarsest grid step (h) :func:`concentration_two_compartment` accepts.

    A tenth of the fast phase's time constant ``1/α = t½α / ln 2`` (≈ 0.029 h,
    1.7 min): coarser grids cut off the distribution phase, and with it the peak.
    """
    return MAX_STEP_FRACTION_OF_FAST_PHASE * (HALF_LIFE_ALPHA_MIN.value / 60) / math.log(2)


def concentration_two_compartment(t_h: ArrayLike, dose: Dose, *, step_h: float = 1 / 600) -> NDArray[np.float64]:
    """Plasma concentration (ng/mL) of a single intravenous dose in the two-compartment model.

    Solved exactly on a fine grid (matrix exponential of the linear system),
    then interpolated onto ``t_h``. Only intravenous doses are supported. An
    infusion that ends part-way through a step (or lasts less than one step)
    is integrated exactly over that step.

    Parameters
    ----------
    t_h : array_like
        Times, hours.
    dose : Dose
        An intravenous bolus or infusion.
    step_h : float
        Grid step, hours: > 0 and at most :func:`max_two_compartment_step_h`
        (≈ 0.029 h). The grid, from the dose to the last time, may have at most
        :data:`ketcourse.engine.validate.MAX_GRID_POINTS` points.

    Raises
    ------
    ValueError
        If the step is too coarse for the fast phase, the grid would be too
        large, or the dose is too large for a float.
    """
    if not isinstance(dose, Dose):
        raise TypeError(f"dose must be a Dose, got {type(dose).__name__}")
    if dose.route != "iv":
        raise ValueError(f"the two-compartment option supports route 'iv' only, got {dose.route!r}")
    t = _times(t_h)
    step = positive_float(step_h, "step_h")
    coarsest = max_two_compartment_step_h()
    if step > coarsest:
        raise ValueError(
            f"step_h must be in (0, {coarsest:.3g}] h, a tenth of the fast phase's time constant, so that the grid "
            f"resolves the distribution phase and the peak; got {step_h!r}"
        )
    t_end = max(float(t.max(initial=0.0)) - dose.start_h, 0.0)
    n = grid_points(t_end, step, "two-compartment grid", "h") + 1
    p = two_compartment_constants()
    a = np.array([[-(p.k10 + p.k12), p.k21], [p.k12, -p.k21]])
    w, vecs = np.linalg.eig(a)
    inv = np.linalg.inv(vecs)

    def propagator(h: float) -> NDArray[np.float64]:
        return np.asarray((vecs @ np.diag(np.exp(w * h)) @ inv).real)

    prop = propagator(step)
    # Input over one step of a constant infusion rate: A^-1 (e^{A h} - I) b
    rate_in = np.array([1.0, 0.0])
    step_input = np.linalg.solve(a, (prop - np.eye(2)) @ rate_in)

    def partial_input(overlap: float) -> NDArray[np.float64]:
        # Infusing for `overlap` h at unit rate, then nothing for the rest of the step:
        # e^{A(h-o)} A^-1 (e^{Ao} - I) b / o, with (e^x - 1)/x evaluated stably (→ 1 as x → 0).
        x = w * overlap
        phi = np.where(np.abs(x) > 1e-12, np.expm1(x) / np.where(np.abs(x) > 1e-12, x, 1.0), 1.0 + x / 2)
        mean_input = (vecs @ np.diag(phi) @ inv).real @ rate_in
        return np.asarray(propagator(step - overlap) @ mean_input)

    amounts = np.zeros((n + 1, 2))
    if dose.duration_h == 0:
        amounts[0] = [dose.amount_mg_per_kg, 0.0]
    grid = np.arange(n + 1) * step
    with np.errstate(over="ignore", invalid="ignore"):
        for i in range(n):
            amounts[i + 1] = prop @ amounts[i]
            if dose.duration_h > 0 and grid[i] < dose.duration_h:
                # Amount infused during this step (written as D·(overlap/T) so that very short
                # infusions cannot overflow). A step the infusion fills (up to rounding) uses the
                # one-step input; a step in which it ends is integrated exactly.
                overlap = min(step, dose.duration_h - grid[i])
                if overlap >= step * (1 - 1e-9):
                    amounts[i + 1] += dose.amount_mg_per_kg * (overlap / dose.duration_h) / step * step_input
                else:
                    amounts[i + 1] += dose.amount_mg_per_kg * (overlap / dose.duration_h) * partial_input(overlap)
        c_grid = amounts[:, 0] / p.v1_l_per_kg * NG_PER_ML_PER_MG_PER_L
    finite_result(c_grid, f"the plasma concentration for a dose of {dose.amount_mg_per_kg:g} mg/kg")
    tau = t - dose.start_h
    out = np.interp(np.clip(tau, 0, None), grid, c_grid)
    return np.where(tau >= 0, np.maximum(out, 0.0), 0.0)


# --- The literature's antidepressant infusion -----------------------------------
def standard_infusion() -> Dose:
    """The antidepressant infusion of the literature, 0.5 mg/kg IV over 40 min, as a :class:`Dose`."""
    return Dose(ANTIDEPRESSANT_DOSE_MG_PER_KG.value, "iv", 0.0, ANTIDEPRESSANT_INFUSION_MIN.value / 60)


def infusion_peak_ng_ml(dose: Dose) -> float:
    """Peak concentration (ng/mL) of one intravenous dose in the one-compartment model, in closed form.

    A zero-order infusion of rate ``R0 = D/T`` peaks at its end:
    ``Cmax = R0/CL · (1 − e^(−kT))``; a bolus peaks at once at ``D/V``.

    Parameters
    ----------
    dose : Dose
        An intravenous dose (bolus or infusion).

    Returns
    -------
    float
        Peak plasma concentration, ng/mL.
    """
    if not isinstance(dose, Dose):
        raise TypeError(f"dose must be a Dose, got {type(dose).__name__}")
    if dose.route != "iv":
        raise ValueError(f"infusion_peak_ng_ml needs route 'iv', got {dose.route!r}; use peak() on a sampled curve")
    what = f"the peak of a dose of {dose.amount_mg_per_kg:g} mg/kg"
    if dose.duration_h == 0:
        return finite_result(dose.amount_mg_per_kg / volume_l_per_kg() * NG_PER_ML_PER_MG_PER_L, what)
    k = elimination_rate_per_h()
    if k * dose.duration_h <= 1e-9:
        # So short an infusion is a bolus (as in the concentration model; D/T could overflow).
        return finite_result(dose.amount_mg_per_kg / volume_l_per_kg() * NG_PER_ML_PER_MG_PER_L, what)
    rate = dose.amount_mg_per_kg / dose.duration_h
    peak = rate / clearance_l_per_h_per_kg() * (1 - math.exp(-k * dose.duration_h)) * NG_PER_ML_PER_MG_PER_L
    return finite_result(peak, what)


# --- Curves: summaries ---------------------------------------------------------
def _curve(t_h: ArrayLike, conc_ng_ml: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    t = _times(t_h)
    c = as_float_array(conc_ng_ml, "concentration (ng/mL)")
    if t.ndim != 1 or t.size < 2 or t.shape != c.shape:
        raise ValueError(
            f"t_h and concentration must be 1-D arrays of the same length (at least 2), got {t.shape} and {c.shape}"
        )
    if not math.isfinite(float(t[-1]) - float(t[0])):
        raise ValueError(f"t_h spans {t[0]:g} to {t[-1]:g} h, a range too wide for a float")
    steps = np.diff(t)
    if np.any(steps <= 0):
        i = int(np.argmax(steps <= 0))
        raise ValueError(f"t_h must be strictly increasing; t_h[{i + 1}] = {t[i + 1]:g} does not come after {t[i]:g}")
    return t, c


def auc_from_curve(t_h: ArrayLike, conc_ng_ml: ArrayLike) -> float:
    """Area under a sampled concentration curve by the trapezoid rule, ng·h/mL.

    Parameters
    ----------
    t_h : array_like
        Strictly increasing times, hours.
    conc_ng_ml : array_like
        Concentrations at those times, ng/mL (>= 0).

    Returns
    -------
    float
        AUC over the sampled interval only (not extrapolated to infinity), ng·h/mL.
    """
    t, c = _curve(t_h, conc_ng_ml)
    with np.errstate(over="ignore", invalid="ignore"):
        auc = float(np.sum(np.diff(t) * (c[1:] + c[:-1]) / 2))
    return finite_result(auc, "the area under this curve")


def time_above(t_h: ArrayLike, conc_ng_ml: ArrayLike, threshold_ng_ml: float) -> float:
    """Total time (h) a sampled curve spends above ``threshold_ng_ml``.

    Each interval counts when the concentration at its start is above the
    threshold, so the result is accurate to about one sampling step.
    """
    t, c = _curve(t_h, conc_ng_ml)
    level = nonnegative_float(threshold_ng_ml, "threshold (ng/mL)")
    return float(np.sum(np.diff(t)[c[:-1] > level]))


def model_tmax_h(route: str) -> float:
    """Time to peak (h) of a single dose in the one-compartment model.

    For first-order absorption ``tmax = ln(ka/k) / (ka − k)``; an intravenous
    bolus peaks at once (0 h).
    """
    one_of(route, ROUTES, "route")
    ka = ROUTES[route].ka_per_h
    if ka is None:
        return 0.0
    k = elimination_rate_per_h()
    return math.log(ka / k) / (ka - k)


# --- Routes as a table -------------------------------------------------------
class RouteRow(NamedTuple):
    """One route: the model's bioavailability and time to peak, what was reported, and the source keys."""

    route: str
    name: str
    bioavailability: float
    bioavailability_reported: str
    tmax_min: float
    tmax_reported: str
    model_tmax_min: float
    source: str
    tmax_source: str


def route_rows() -> list[RouteRow]:
    """Rows describing every route in :data:`ketcourse.science.parameters.ROUTES`, in its order.

    ``bioavailability`` (fraction) and ``tmax_min`` (minutes) are the values
    the model uses; the ``*_reported`` fields are the parameter notes (the
    reported values in words); ``model_tmax_min`` is :func:`model_tmax_h` in
    minutes.
    """
    return [
        RouteRow(
            key,
            r.name,
            r.bioavailability.value,
            r.bioavailability.note.rstrip("."),
            r.tmax_min.value,
            r.tmax_min.note.rstrip("."),
            60 * model_tmax_h(key),
            r.bioavailability.source,
            r.tmax_min.source,
        )
        for key, r in ROUTES.items()
    ]


# --- Regimens as lists of doses -----------------------------------------------
def course_doses(
    session_days: ArrayLike,
    dose_mg_per_kg: float = ANTIDEPRESSANT_DOSE_MG_PER_KG.value,
    infusion_min: float = ANTIDEPRESSANT_INFUSION_MIN.value,
) -> list[Dose]:
    """A course of intravenous infusions as a list of :class:`Dose` objects.

    Parameters
    ----------
    session_days : array_like
        Day of each session (days from the first, >= 0, strictly increasing),
        e.g. ``(0, 2, 4, 7, 9, 11)`` for three a week over 12 days.
    dose_mg_per_kg : float
        Dose per infusion, mg/kg (default: the 0.5 mg/kg literature dose).
    infusion_min : float
        Infusion duration, minutes (default: 40).

    Returns
    -------
    list of Dose
        One zero-order infusion per session, starting at ``24 * day`` hours.
    """
    days = as_float_array(session_days, "session_days")
    if days.ndim != 1 or days.size == 0:
        raise ValueError(f"session_days must be a non-empty 1-D sequence of days, got shape {days.shape}")
    gaps = np.diff(days)
    if np.any(gaps <= 0):
        if days.size <= 10:
            raise ValueError(f"session_days must be strictly increasing, got {days.tolist()}")
        i = int(np.argmax(gaps <= 0))
        raise ValueError(
            f"session_days must be strictly increasing; index {i + 1} ({days[i + 1]:g}) does not come after "
            f"index {i} ({days[i]:g})"
        )
    duration_h = positive_float(infusion_min, "infusion_min") / 60
    if days.size > 1 and float(np.min(np.diff(days))) * 24 < duration_h:
        raise ValueError("sessions must not overlap: the gap between session days is shorter than the infusion")
    dose = positive_float(dose_mg_per_kg, "dose (mg/kg)")
    return [Dose(dose, "iv", 24 * float(d), duration_h) for d in days]
