"""Dendritic spines and behaviour after one dose of ketamine in stressed rodents: an illustrative model.

The model draws the *shape* of a story told by rodent experiments, not its
numbers:

* chronic stress removes a share of the dendritic spines in the medial
  prefrontal cortex;
* after one antidepressant-like dose of ketamine, spine formation is unchanged
  at 3–6 h and increased at 12–24 h, and the lost spines are restored
  (:data:`~ketcourse.science.parameters.SPINE_FORMATION_UNCHANGED_H`,
  :data:`~ketcourse.science.parameters.SPINE_FORMATION_INCREASED_H`);
* the behavioural rescue starts *before* the new spines appear, and the new
  spines are needed to *maintain* it, not to start it (Moda-Sava et al., 2019).

Time is in hours after the dose; spine density is a percentage of the
unstressed control level; behavioural rescue is the percentage of the
stress-induced behavioural deficit that is reversed.

The constants named ``ILLUSTRATIVE_*`` are modelling choices that give the
curves a readable shape. They are not measured values, and the model makes no
claim about how large the loss is, how fast any step runs, or what happens in
people.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ketcourse.engine.validate import as_float_array, nonnegative_float, one_of, positive_float
from ketcourse.science.parameters import SPINE_FORMATION_INCREASED_H, SPINE_FORMATION_UNCHANGED_H

#: Spines lost under chronic stress, % of control. Illustrative: the studies
#: report a loss, and this value only makes it visible.
ILLUSTRATIVE_STRESS_LOSS_PCT = 20.0

#: Default time (h) at which new spines start to form: the end of the window in
#: which formation was reported unchanged (3–6 h).
DEFAULT_ONSET_H = SPINE_FORMATION_UNCHANGED_H.range[1]

#: Time constant (h) of spine restoration once formation starts. Illustrative:
#: chosen so that restoration is nearly complete inside the 12–24 h window.
ILLUSTRATIVE_RESTORE_TAU_H = 4.0

#: Rise time constant (h) of the early, spine-independent behavioural effect. Illustrative.
ILLUSTRATIVE_BEHAVIOUR_RISE_H = 1.0

#: Decay time constant (h) of the early behavioural effect when no new spines
#: support it. Illustrative: the studies show that the effect is not
#: maintained without new spines, not how fast it fades.
ILLUSTRATIVE_BEHAVIOUR_FADE_H = 48.0

#: Conditions the model knows, with labels for figures.
CONDITIONS: dict[str, str] = {
    "control": "No stress (control)",
    "stress": "Stress, no ketamine",
    "stress_ketamine": "Stress + one dose of ketamine",
    "stress_ketamine_no_new_spines": "Stress + ketamine, new spines removed",
}


def restoration_fraction(
    t_h: ArrayLike, *, onset_h: float = DEFAULT_ONSET_H, tau_h: float = ILLUSTRATIVE_RESTORE_TAU_H
) -> NDArray[np.float64]:
    """Fraction of the stress-induced spine loss restored at time ``t_h`` after one dose.

    Zero until ``onset_h``, then ``1 − exp(−(t − onset)/tau)``.

    Parameters
    ----------
    t_h : array_like
        Time after the dose (h, >= 0).
    onset_h : float
        Time at which new spines start to form (h, >= 0).
    tau_h : float
        Time constant of restoration once it has started (h, > 0).

    Returns
    -------
    ndarray
        Restored fraction (dimensionless, 0–1).
    """
    t = as_float_array(t_h, "t_h")
    onset = nonnegative_float(onset_h, "onset_h")
    tau = positive_float(tau_h, "tau_h")
    with np.errstate(over="ignore"):  # (t − onset)/tau beyond the float range: fully restored
        return np.where(t > onset, -np.expm1(-(t - onset) / tau), 0.0)


def spine_density(
    t_h: ArrayLike,
    condition: str = "stress_ketamine",
    *,
    onset_h: float = DEFAULT_ONSET_H,
    tau_h: float = ILLUSTRATIVE_RESTORE_TAU_H,
    loss_pct: float = ILLUSTRATIVE_STRESS_LOSS_PCT,
) -> NDArray[np.float64]:
    """Spine density in rodent medial prefrontal cortex, % of unstressed control.

    Parameters
    ----------
    t_h : array_like
        Time after the dose (h, >= 0). For the conditions without ketamine it
        is simply the time axis.
    condition : str
        One of :data:`CONDITIONS`. With ``"stress_ketamine_no_new_spines"``
        the new spines are removed as they form, so density stays at the
        stressed level (as in the experiment that deleted them).
    onset_h, tau_h : float
        See :func:`restoration_fraction` (h).
    loss_pct : float
        Spines lost under stress, % of control (0–100). Illustrative.

    Returns
    -------
    ndarray
        Spine density (% of control).
    """
    one_of(condition, CONDITIONS, "condition")
    t = as_float_array(t_h, "t_h")
    loss = nonnegative_float(loss_pct, "loss_pct")
    if loss > 100:
        raise ValueError(f"loss_pct must be between 0 and 100 (% of control), got {loss_pct!r}")
    restored = restoration_fraction(t, onset_h=onset_h, tau_h=tau_h)  # also validates the timing
    if condition == "control":
        return np.full_like(t, 100.0)
    if condition in ("stress", "stress_ketamine_no_new_spines"):
        restored = np.zeros_like(t)
    return 100.0 - loss * (1.0 - restored)


def early_behavioural_effect(
    t_h: ArrayLike, *, rise_h: float = ILLUSTRATIVE_BEHAVIOUR_RISE_H, fade_h: float = ILLUSTRATIVE_BEHAVIOUR_FADE_H
) -> NDArray[np.float64]:
    """Spine-independent part of the behavioural rescue, fraction of the deficit (0–1).

    ``(1 − exp(−t/rise)) · exp(−t/fade)``: it starts within hours, before any
    new spines, and fades unless something maintains it.

    Parameters
    ----------
    t_h : array_like
        Time after the dose (h, >= 0).
    rise_h, fade_h : float
        Rise and fade time constants (h, > 0). Illustrative.
    """
    t = as_float_array(t_h, "t_h")
    rise = positive_float(rise_h, "rise_h")
    fade = positive_float(fade_h, "fade_h")
    with np.errstate(over="ignore"):  # t/rise or t/fade beyond the float range: the limits 1 and 0
        return -np.expm1(-t / rise) * np.exp(-t / fade)


def behavioural_rescue(
    t_h: ArrayLike,
    condition: str = "stress_ketamine",
    *,
    onset_h: float = DEFAULT_ONSET_H,
    tau_h: float = ILLUSTRATIVE_RESTORE_TAU_H,
    rise_h: float = ILLUSTRATIVE_BEHAVIOUR_RISE_H,
    fade_h: float = ILLUSTRATIVE_BEHAVIOUR_FADE_H,
) -> NDArray[np.float64]:
    """Percentage of the stress-induced behavioural deficit that is reversed.

    The early effect ``E`` (:func:`early_behavioural_effect`) and the restored
    spines ``R`` (:func:`restoration_fraction`) each support the behaviour;
    the model combines them as ``1 − (1 − E)(1 − R)``, so either is enough.
    With new spines removed only ``E`` is left, and the rescue fades.

    Parameters
    ----------
    t_h : array_like
        Time after the dose (h, >= 0).
    condition : str
        One of :data:`CONDITIONS`. ``"control"`` has no deficit and
        ``"stress"`` no treatment; both return 0.
    onset_h, tau_h, rise_h, fade_h : float
        Timing constants (h); see the functions named above.

    Returns
    -------
    ndarray
        Behavioural rescue (% of the deficit, 0–100).
    """
    one_of(condition, CONDITIONS, "condition")
    t = as_float_array(t_h, "t_h")
    early = early_behavioural_effect(t, rise_h=rise_h, fade_h=fade_h)
    restored = restoration_fraction(t, onset_h=onset_h, tau_h=tau_h)
    if condition in ("control", "stress"):
        return np.zeros_like(t)
    if condition == "stress_ketamine_no_new_spines":
        return 100.0 * early
    return 100.0 * (1.0 - (1.0 - early) * (1.0 - restored))


def consistent_with_observations(onset_h: float, *, tau_h: float = ILLUSTRATIVE_RESTORE_TAU_H) -> bool:
    """Does a given onset of spine formation fit the single-dose rodent observations?

    True when the model shows no restoration anywhere in the window where
    formation was reported unchanged (3–6 h) and at least half of the lost
    spines restored by the end of the window where it was reported increased
    (24 h).

    Parameters
    ----------
    onset_h : float
        Time at which new spines start to form (h, >= 0).
    tau_h : float
        Time constant of restoration (h, > 0).
    """
    _, unchanged_end = SPINE_FORMATION_UNCHANGED_H.range
    _, increased_end = SPINE_FORMATION_INCREASED_H.range
    quiet = float(restoration_fraction(unchanged_end, onset_h=onset_h, tau_h=tau_h)) == 0.0
    restored = float(restoration_fraction(increased_end, onset_h=onset_h, tau_h=tau_h)) >= 0.5
    return quiet and restored
