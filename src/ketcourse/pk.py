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
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ketcourse._validate import as_float_array, nonnegative_float, one_of, positive_float
from ketcourse.parameters import (
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
        A key of :data:`ketcourse.parameters.ROUTES` (``"iv"``, ``"im"``, ``"intranasal"``, ...).
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
    if dose.route == "iv" and dose.duration_h > 0:
        rate = dose.amount_mg_per_kg / dose.duration_h  # mg/kg/h
        during = np.minimum(tau_pos, dose.duration_h)
        c_mg_l = rate / cl * (1 - np.exp(-k * during)) * np.exp(-k * (tau_pos - during))
    elif route.ka_per_h is None:
        c_mg_l = f * dose.amount_mg_per_kg / v * np.exp(-k * tau_pos)
    else:
        ka = route.ka_per_h
        c_mg_l = f * dose.amount_mg_per_kg * ka / (v * (ka - k)) * (np.exp(-k * tau_pos) - np.exp(-ka * tau_pos))
    return np.where(after, c_mg_l, 0.0) * NG_PER_ML_PER_MG_PER_L


def concentration(t_h: ArrayLike, doses: Dose | list[Dose] | tuple[Dose, ...]) -> NDArray[np.float64]:
    """Plasma ketamine concentration (ng/mL) over time for one or more doses.

    One-compartment model with first-order elimination; intravenous doses are
    a bolus or a zero-order infusion, other routes first-order absorption with
    the route's bioavailability. Doses add linearly (superposition).

    Parameters
    ----------
    t_h : array_like
        Times, hours.
    doses : Dose or sequence of Dose
        What is given and when.

    Returns
    -------
    ndarray
        Concentration, ng/mL, never negative.
    """
    t = _times(t_h)
    items = [doses] if isinstance(doses, Dose) else list(doses)
    if not items:
        raise ValueError("doses must contain at least one Dose")
    for d in items:
        if not isinstance(d, Dose):
            raise TypeError(f"doses must be Dose objects, got {type(d).__name__}")
    total = np.zeros_like(t)
    for d in items:
        total += _one_dose(t, d)
    return np.maximum(total, 0.0)


def auc_ng_h_per_ml(dose: Dose) -> float:
    """Area under the concentration curve to infinity, ng·h/mL: AUC = F·Dose/CL."""
    if not isinstance(dose, Dose):
        raise TypeError(f"dose must be a Dose, got {type(dose).__name__}")
    f = ROUTES[dose.route].bioavailability.value
    return f * dose.amount_mg_per_kg / clearance_l_per_h_per_kg() * NG_PER_ML_PER_MG_PER_L


def steady_state_ng_ml(rate_mg_per_kg_per_h: float) -> float:
    """Plateau concentration of a constant intravenous infusion, ng/mL: Css = R0/CL."""
    r = positive_float(rate_mg_per_kg_per_h, "infusion rate (mg/kg/h)")
    return r / clearance_l_per_h_per_kg() * NG_PER_ML_PER_MG_PER_L


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


def concentration_two_compartment(t_h: ArrayLike, dose: Dose, *, step_h: float = 1 / 600) -> NDArray[np.float64]:
    """Plasma concentration (ng/mL) of a single intravenous dose in the two-compartment model.

    Solved exactly on a fine grid (matrix exponential of the linear system),
    then interpolated onto ``t_h``. Only intravenous doses are supported.
    """
    if not isinstance(dose, Dose):
        raise TypeError(f"dose must be a Dose, got {type(dose).__name__}")
    if dose.route != "iv":
        raise ValueError(f"the two-compartment option supports route 'iv' only, got {dose.route!r}")
    t = _times(t_h)
    step = positive_float(step_h, "step_h")
    p = two_compartment_constants()
    a = np.array([[-(p.k10 + p.k12), p.k21], [p.k12, -p.k21]])
    w, vecs = np.linalg.eig(a)
    inv = np.linalg.inv(vecs)
    prop = (vecs @ np.diag(np.exp(w * step)) @ inv).real
    # Input over one step of a constant infusion rate: A^-1 (e^{A h} - I) b
    rate_in = np.array([1.0, 0.0])
    step_input = np.linalg.solve(a, (prop - np.eye(2)) @ rate_in)
    t_end = max(float(t.max(initial=0.0)) - dose.start_h, 0.0)
    n = math.ceil(t_end / step) + 1
    amounts = np.zeros((n + 1, 2))
    if dose.duration_h == 0:
        amounts[0] = [dose.amount_mg_per_kg, 0.0]
    rate = dose.amount_mg_per_kg / dose.duration_h if dose.duration_h > 0 else 0.0
    grid = np.arange(n + 1) * step
    for i in range(n):
        amounts[i + 1] = prop @ amounts[i]
        if rate and grid[i] < dose.duration_h:
            frac = min(step, dose.duration_h - grid[i]) / step
            amounts[i + 1] += rate * frac * step_input
    c_grid = amounts[:, 0] / p.v1_l_per_kg * NG_PER_ML_PER_MG_PER_L
    tau = t - dose.start_h
    out = np.interp(np.clip(tau, 0, None), grid, c_grid)
    return np.where(tau >= 0, np.maximum(out, 0.0), 0.0)
