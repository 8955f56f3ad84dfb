"""Compare a described esketamine session with the monitoring elements of the label and REMS.

A teaching aid for reading the label: it lists which of the published
monitoring elements a session description leaves out. It is not a clinical
checklist and says nothing about whether treatment is right for anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from ketcourse.chapters.safety.content import MONITORING_ELEMENTS, PLACEHOLDERS
from ketcourse.engine.validate import nonnegative_float
from ketcourse.science.parameters import BP_PREDOSE_DIASTOLIC_MMHG, BP_PREDOSE_SYSTOLIC_MMHG, REMS_OBSERVATION_H

#: Monitoring elements, by short name, with a description and citation keys (from ``data/monitoring.yaml``).
ELEMENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    name: (e.description, e.keys) for name, e in MONITORING_ELEMENTS.items()
}


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return value


@dataclass(frozen=True)
class SessionPlan:
    """A described esketamine session (for reading exercises).

    Attributes
    ----------
    certified_setting : bool
        Given in a certified setting with the prescriber on site.
    bp_before : bool
        Blood pressure measured before dosing.
    bp_after : bool
        Blood pressure rechecked at about 40 min after dosing.
    pulse_oximetry : bool
        Pulse oximetry used during the session.
    observation_min : float
        Minutes from dosing until the person leaves (>= 0).
    stable_at_discharge : bool
        Judged clinically stable when leaving.
    drives_same_day : bool
        The person drives before the next day.
    take_home_doses : bool
        Doses are handed over for use at home.
    """

    certified_setting: bool = True
    bp_before: bool = True
    bp_after: bool = True
    pulse_oximetry: bool = True
    observation_min: float = REMS_OBSERVATION_H.value * 60
    stable_at_discharge: bool = True
    drives_same_day: bool = False
    take_home_doses: bool = False

    def __post_init__(self) -> None:
        for name in (
            "certified_setting",
            "bp_before",
            "bp_after",
            "pulse_oximetry",
            "stable_at_discharge",
            "drives_same_day",
            "take_home_doses",
        ):
            _flag(getattr(self, name), name)
        nonnegative_float(self.observation_min, "observation_min (min)")


@dataclass(frozen=True)
class Gap:
    """A monitoring element a session description leaves out.

    Attributes
    ----------
    element : str
        Short name, a key of :data:`ELEMENTS`.
    message : str
        What is missing.
    keys : tuple of str
        Citation keys.
    """

    element: str
    message: str
    keys: tuple[str, ...]


def monitoring_gaps(plan: SessionPlan) -> list[Gap]:
    """List the label/REMS monitoring elements missing from ``plan`` (empty if none).

    Parameters
    ----------
    plan : SessionPlan
        The session as described.

    Returns
    -------
    list of Gap
        In the order of :data:`ELEMENTS`.
    """
    if not isinstance(plan, SessionPlan):
        raise TypeError(f"plan must be a SessionPlan, got {type(plan).__name__}")
    min_obs = REMS_OBSERVATION_H.value * 60
    missing = {
        "certified setting": not plan.certified_setting,
        "blood pressure before": not plan.bp_before,
        "blood pressure after": not plan.bp_after,
        "pulse oximetry": not plan.pulse_oximetry,
        "observation time": plan.observation_min < min_obs,
        "no driving": plan.drives_same_day,
        "no home use": plan.take_home_doses,
    }
    values = {**PLACEHOLDERS, "observation_min": plan.observation_min, "min_obs": min_obs}
    gaps = []
    for name, element in MONITORING_ELEMENTS.items():
        if missing.get(name):
            message = element.missing
        elif name == "observation time" and not plan.stable_at_discharge:
            message = element.unstable
        else:
            continue
        gaps.append(Gap(name, message.format_map(values), element.keys))
    return gaps


def predose_bp_above_limit(systolic_mmhg: float, diastolic_mmhg: float) -> bool:
    """True if a pre-dose reading is above the label's guide of 140/90 mmHg.

    Above it, the label asks the prescriber to weigh the short-term rise against the benefit (and not
    to dose where a rise in blood pressure or intracranial pressure would be a serious risk); it is
    not a cut-off that postpones the dose by itself. Either number above its limit counts. A diastolic
    pressure at or above the systolic one is not a possible reading and raises ``ValueError``.
    """
    s = nonnegative_float(systolic_mmhg, "systolic pressure (mmHg)")
    d = nonnegative_float(diastolic_mmhg, "diastolic pressure (mmHg)")
    if d >= s:
        raise ValueError(
            f"diastolic pressure ({d:g} mmHg) must be below systolic pressure ({s:g} mmHg); were they swapped?"
        )
    return s > BP_PREDOSE_SYSTOLIC_MMHG.value or d > BP_PREDOSE_DIASTOLIC_MMHG.value


__all__ = ["ELEMENTS", "Gap", "SessionPlan", "monitoring_gaps", "predose_bp_above_limit"]
