"""NMDA-receptor pharmacology of ketamine: pure, illustrative numpy models.

All concentrations are total plasma ketamine; the course treats them as a
stand-in for the concentration at the receptor, which is a simplification
(brain levels are higher and protein binding lowers free drug).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ketcourse.engine.validate import as_float_array, check_size, fraction, nonnegative_float, one_of, positive_float
from ketcourse.science.parameters import NMDA_HILL, NMDA_K_UM, S_OVER_R_AFFINITY
from ketcourse.science.units import to_um

#: Forms of ketamine the occupancy model knows.
FORMS = ("racemic", "S", "R")

#: Association rate constant used by the use-dependent block illustration,
#: 1/(µM·s). An illustrative modelling choice, not a literature value.
ILLUSTRATIVE_K_ON_PER_UM_S = 2.0


def dissociation_constants() -> dict[str, float]:
    """Half-occupancy concentrations (µM) of racemic, S- and R-ketamine.

    The racemate's constant ``K`` and the S:R affinity ratio ``r`` come from
    :mod:`ketcourse.science.parameters`. For a 50:50 mixture of two ligands competing
    for one site, ``1/K = 0.5/K_S + 0.5/K_R`` with ``K_R = r·K_S``, so
    ``K_S = K·(1 + 1/r)/2``.
    """
    k = NMDA_K_UM.value
    ratio = S_OVER_R_AFFINITY.value
    k_s = k * (1 + 1 / ratio) / 2
    return {"racemic": k, "S": k_s, "R": ratio * k_s}


def occupancy(
    conc: ArrayLike, unit: str = "ng/mL", *, form: str = "racemic", hill: float | None = None
) -> NDArray[np.float64]:
    """Fraction of NMDA receptors occupied at equilibrium (Hill model).

    ``occ = Cⁿ / (Cⁿ + Kⁿ)``, with ``K`` for the chosen form from
    :func:`dissociation_constants` and ``n`` from :data:`NMDA_HILL`.

    Parameters
    ----------
    conc : array_like
        Concentration, >= 0, in ``unit``.
    unit : {"ng/mL", "µM"}
        Unit of ``conc`` (``"uM"`` is accepted for µM).
    form : {"racemic", "S", "R"}
        Which ketamine. The concentration is that of the named form.
    hill : float, optional
        Hill coefficient (dimensionless, > 0); defaults to the course value 1.

    Returns
    -------
    ndarray
        Occupancy, dimensionless, in [0, 1]: it reaches exactly 1.0 only where
        ``(C/K)ⁿ`` is too large for a float, which is the model's limit.
    """
    one_of(form, FORMS, "form")
    c_um = to_um(conc, unit)
    n = NMDA_HILL.value if hill is None else positive_float(hill, "hill")
    k = dissociation_constants()[form]
    # (C/K)**n overflows to inf for huge C or n, and inf/inf is NaN; the limit there is 1.
    # Finite ratios use the plain formula, so ordinary results are unchanged.
    with np.errstate(over="ignore"):
        ratio = np.power(c_um / k, n)
    huge = np.isinf(ratio)
    if not np.any(huge):
        return ratio / (1.0 + ratio)
    safe = np.where(huge, 1.0, ratio)
    return np.where(huge, 1.0, safe / (1.0 + safe))


def concentration_for_occupancy(occ: float, unit: str = "ng/mL", *, form: str = "racemic") -> float:
    """Invert :func:`occupancy`: the concentration (in ``unit``) giving fraction ``occ``.

    ``occ`` must be in [0, 1).
    """
    value = fraction(occ, "occupancy")
    if value >= 1:
        raise ValueError(f"occupancy must be below 1 (full occupancy needs infinite concentration), got {occ!r}")
    one_of(form, FORMS, "form")
    from ketcourse.science.units import canonical_unit, to_ngml

    n = NMDA_HILL.value
    c_um = dissociation_constants()[form] * (value / (1 - value)) ** (1 / n)
    if canonical_unit(unit) == "µM":
        return float(c_um)
    return float(to_ngml(c_um, "µM"))


def open_fraction_bursts(
    t_s: ArrayLike, *, period_s: float, burst_s: float, p_open: float = 1.0, start_s: float = 0.0
) -> NDArray[np.float64]:
    """Fraction of channels open over time for a regular train of activity bursts.

    Channels open (fraction ``p_open``) during the first ``burst_s`` seconds of
    every ``period_s``-second cycle after ``start_s``, and are closed otherwise.

    Returns
    -------
    ndarray
        Open fraction (dimensionless, 0–1) at each time in ``t_s`` (seconds).
    """
    t = as_float_array(t_s, "t_s")
    period = positive_float(period_s, "period_s")
    burst = positive_float(burst_s, "burst_s")
    if burst > period:
        raise ValueError(f"burst_s must not exceed period_s ({period:g} s), got {burst_s!r}")
    p = fraction(p_open, "p_open")
    start = nonnegative_float(start_s, "start_s")
    phase = np.mod(t - start, period)
    return np.where((t >= start) & (phase < burst), p, 0.0)


def use_dependent_block(
    t_s: ArrayLike,
    open_frac: ArrayLike,
    conc: float,
    unit: str = "µM",
    *,
    k_on_per_um_s: float = ILLUSTRATIVE_K_ON_PER_UM_S,
) -> NDArray[np.float64]:
    """Fraction of NMDA channels blocked by an open-channel (trapping) blocker.

    Ketamine reaches its site only through an open pore, and a blocked channel
    that closes traps the drug. So binding *and* unbinding proceed only while
    channels are open:

    ``dB/dt = P_open(t) · (k_on·C·(1 − B) − k_off·B)``, ``k_off = k_on·K``.

    The equation is solved exactly on each interval of ``t_s`` (the open
    fraction is taken as constant over it), so the block rises only while
    channels open and never exceeds the equilibrium occupancy ``C/(C + K)``.

    Parameters
    ----------
    t_s : array_like
        Strictly increasing times, seconds, starting with no block.
    open_frac : array_like
        Open fraction (0–1) at each time, e.g. from :func:`open_fraction_bursts`.
    conc : float
        Drug concentration, >= 0, in ``unit``.
    unit : {"µM", "ng/mL"}
        Unit of ``conc``.
    k_on_per_um_s : float
        Association rate constant, 1/(µM·s); illustrative.

    Returns
    -------
    ndarray
        Blocked fraction (dimensionless, 0–1) at each time.
    """
    t = as_float_array(t_s, "t_s", allow_negative=True)
    p = as_float_array(open_frac, "open_frac")
    if t.ndim != 1 or t.size < 2:
        raise ValueError(f"t_s must be a 1-D array of at least 2 times, got shape {t.shape}")
    if p.shape != t.shape:
        raise ValueError(f"open_frac must have the same shape as t_s {t.shape}, got {p.shape}")
    check_size(t, "t_s")
    if np.any(p > 1):
        raise ValueError(f"open_frac must lie in [0, 1], got a maximum of {p.max():g}")
    if not math.isfinite(float(t[-1]) - float(t[0])):
        raise ValueError(f"t_s spans {t[0]:g} to {t[-1]:g} s, a range too wide for a float")
    dt = np.diff(t)
    if np.any(dt <= 0):
        i = int(np.argmax(dt <= 0))
        raise ValueError(f"t_s must be strictly increasing; t_s[{i + 1}] = {t[i + 1]:g} does not come after {t[i]:g}")
    c_um = float(to_um(conc, unit))
    k_on = positive_float(k_on_per_um_s, "k_on_per_um_s")
    k_d = dissociation_constants()["racemic"]
    b_eq = c_um / (c_um + k_d)
    # Closed channels (P_open = 0) leave the block unchanged even when k_on·(C + K) overflows
    # (0·inf would be NaN); a rate·dt too large for a float means full relaxation (decay 0).
    with np.errstate(over="ignore"):
        rate = np.multiply(p[:-1] * k_on, c_um + k_d, out=np.zeros_like(dt), where=p[:-1] > 0)
        decay = np.exp(-rate * dt)
    block = np.empty_like(t)
    block[0] = 0.0
    for i, d in enumerate(decay):
        block[i + 1] = b_eq + (block[i] - b_eq) * d
    return block
