"""Data tables for the safety chapter, each row with its citation key(s) in ``references.bib``.

The tables live in YAML files beside this module (``data/``) and are checked against the pydantic
models below with :func:`ketcourse.engine.data.load_model`; every problem names the file, the item
and the field. Numbers that the science layer also uses (the pre-dose blood-pressure level, the
recheck time, the observation time) are written in the data files as ``{placeholders}`` and filled
in from :mod:`ketcourse.science.parameters`, so each is stated once.

The rows are published averages from trials, labels and observational studies, shown for
teaching; they are not a clinical protocol.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from ketcourse.engine.data import DataFileError, Record, load_model
from ketcourse.science.parameters import (
    BP_PREDOSE_DIASTOLIC_MMHG,
    BP_PREDOSE_SYSTOLIC_MMHG,
    BP_RECHECK_MIN,
    REMS_OBSERVATION_H,
)

DATA_DIR = Path(__file__).parent / "data"


def _as_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


Text = Annotated[str, Field(min_length=1)]
Keys = Annotated[tuple[Text, ...], BeforeValidator(_as_tuple)]
Pct = Annotated[float, Field(ge=0, le=100)]

#: Values the data files may name in braces (see ``data/monitoring.yaml``).
PLACEHOLDERS: dict[str, Any] = {
    "bp_limit": f"{BP_PREDOSE_SYSTOLIC_MMHG.value:g}/{BP_PREDOSE_DIASTOLIC_MMHG.value:g} mmHg",
    "recheck_min": BP_RECHECK_MIN.value,
    "observation_h": REMS_OBSERVATION_H.value,
}
#: Named positions on the session timeline, minutes from dosing.
ANCHORS: dict[str, float] = {
    "recheck": BP_RECHECK_MIN.value,
    "observation_end": REMS_OBSERVATION_H.value * 60,
}
_POSITION = re.compile(r"^\s*([a-z_]+)\s*(?:\+\s*(\d+(?:\.\d+)?))?\s*$")


# --- Schemas ------------------------------------------------------------------------------------------


class MonitoringStep(Record):
    """One step of an esketamine treatment session as the label and REMS describe it.

    Attributes
    ----------
    key : str
        Short identifier.
    lane : str
        Row of the timeline it is drawn in (one of :data:`MONITORING_LANES`).
    label : str
        Short text drawn beside the step.
    when : str
        When it happens, in words.
    start_min, end_min : float
        Where the step is drawn, minutes from dosing (equal for a single moment). In the data file
        either a number or an anchor (``"recheck"``, ``"observation_end"``, optionally ``"+ N"``),
        resolved by :func:`load_monitoring`.
    detail : str
        One sentence of detail.
    keys : tuple of str
        Citation keys.
    """

    id: Text
    lane: Text
    label: Text
    when: Text
    start_min: float
    end_min: float
    detail: Text
    keys: Keys = Field(min_length=1)

    @property
    def key(self) -> str:
        """Short identifier (the ``id`` in the data file)."""
        return self.id


class _StepRow(Record):
    """A step as written in the data file: positions may be anchors."""

    id: Text
    lane: Text
    label: Text
    when: Text
    start_min: float | str
    end_min: float | str
    detail: Text
    keys: Keys = Field(min_length=1)


class Rule(Record):
    """A rule that applies to the whole programme rather than one moment of a session."""

    text: Text
    keys: Keys = Field(min_length=1)


class Element(Record):
    """A monitoring element that a described session is compared with.

    ``missing`` is the message when a session leaves the element out; ``unstable`` (observation
    only) the message when the time is long enough but the person leaves before being stable.
    Both may use ``{observation_min}`` (the session's minutes) and ``{min_obs}`` (the minimum).
    """

    id: Text
    description: Text
    missing: Text
    unstable: str = ""
    keys: Keys = Field(min_length=1)

    @property
    def name(self) -> str:
        """Short name (the ``id`` in the data file)."""
        return self.id


class _MonitoringFile(Record):
    lanes: Keys = Field(min_length=1)
    steps: Annotated[tuple[_StepRow, ...], BeforeValidator(_as_tuple)] = Field(min_length=1)
    rules: Annotated[tuple[Rule, ...], BeforeValidator(_as_tuple)] = Field(min_length=1)
    elements: Annotated[tuple[Element, ...], BeforeValidator(_as_tuple)] = Field(min_length=1)


class AdverseEventRate(Record):
    """Share of patients reporting an adverse event, drug vs placebo.

    Attributes
    ----------
    event : str
        The adverse event.
    drug_pct, placebo_pct : float
        Percent of patients in each arm.
    keys : tuple of str
        Citation keys.
    """

    id: Text
    event: Text
    drug_pct: Pct
    placebo_pct: Pct
    keys: Keys = Field(min_length=1)

    @property
    def excess_pct(self) -> float:
        """Difference between arms, percentage points."""
        return self.drug_pct - self.placebo_pct


class RateRange(Record):
    """A range of rates reported across the trials summarised in a label.

    Attributes
    ----------
    effect : str
        What was counted.
    low_pct, high_pct : float
        Range on esketamine, percent of patients.
    placebo_low_pct, placebo_high_pct : float or None
        Range on placebo, when reported.
    keys : tuple of str
        Citation keys.
    """

    id: Text
    effect: Text
    low_pct: Pct
    high_pct: Pct
    placebo_low_pct: Pct | None = None
    placebo_high_pct: Pct | None = None
    keys: Keys = Field(min_length=1)


class _AdverseEventsFile(Record):
    aspire_pooled: Annotated[tuple[AdverseEventRate, ...], BeforeValidator(_as_tuple)] = Field(min_length=1)
    label_rates: Annotated[tuple[RateRange, ...], BeforeValidator(_as_tuple)] = Field(min_length=1)


class LongTermHarm(Record):
    """A harm seen mainly with long-term, frequent (usually recreational) use.

    Attributes
    ----------
    harm : str
        Name of the harm.
    finding : str
        What the study found, with its numbers.
    population : str
        Who was studied.
    keys : tuple of str
        Citation keys.
    """

    id: Text
    harm: Text
    finding: Text
    population: Text
    keys: Keys = Field(min_length=1)


class _HarmsFile(Record):
    long_term_harms: Annotated[tuple[LongTermHarm, ...], BeforeValidator(_as_tuple)] = Field(min_length=1)


# --- Loading ------------------------------------------------------------------------------------------


def _fill(text: str, where: str, problems: list[str]) -> str:
    try:
        return text.format_map(PLACEHOLDERS)
    except (KeyError, ValueError, IndexError) as err:
        problems.append(f"{where}: unknown or malformed placeholder in {text!r} ({err})")
        return text


def _position(value: float | str, where: str, problems: list[str]) -> float:
    if isinstance(value, int | float):
        return float(value)
    m = _POSITION.match(value)
    if not m or m.group(1) not in ANCHORS:
        problems.append(f"{where}: must be a number or one of {', '.join(ANCHORS)} (optionally '+ N'), got {value!r}")
        return 0.0
    return ANCHORS[m.group(1)] + float(m.group(2) or 0)


class Monitoring(Record):
    """The monitoring data with placeholders and anchors resolved."""

    lanes: tuple[str, ...]
    steps: tuple[MonitoringStep, ...]
    rules: tuple[Rule, ...]
    elements: tuple[Element, ...]


def load_monitoring(path: str | Path = DATA_DIR / "monitoring.yaml", text: str | None = None) -> Monitoring:
    """The session steps, programme rules and monitoring elements, with placeholders and anchors resolved."""
    data = load_model(path, _MonitoringFile, text)
    problems: list[str] = []
    steps = []
    for s in data.steps:
        where = f"item {s.id!r}"
        if s.lane not in data.lanes:
            problems.append(f"{where}: field 'lane': unknown lane {s.lane!r}")
        start = _position(s.start_min, f"{where}: field 'start_min'", problems)
        end = _position(s.end_min, f"{where}: field 'end_min'", problems)
        if end < start:
            problems.append(f"{where}: field 'end_min': ends before it starts ({end:g} < {start:g})")
        texts = {
            name: _fill(getattr(s, name), f"{where}: field {name!r}", problems) for name in ("label", "when", "detail")
        }
        steps.append(MonitoringStep(id=s.id, lane=s.lane, start_min=start, end_min=end, keys=s.keys, **texts))
    elements = [
        e.model_copy(update={"description": _fill(e.description, f"item {e.id!r}: field 'description'", problems)})
        for e in data.elements
    ]
    trial = {**PLACEHOLDERS, "observation_min": 0.0, "min_obs": 0.0}
    for e in data.elements:
        for name in ("missing", "unstable"):
            try:
                getattr(e, name).format_map(trial)
            except (KeyError, ValueError, IndexError) as err:
                problems.append(f"item {e.id!r}: field {name!r}: unknown or malformed placeholder ({err})")
    for name, items in (("steps", [s.id for s in data.steps]), ("elements", [e.id for e in data.elements])):
        dupes = sorted({i for i in items if items.count(i) > 1})
        problems += [f"field {name!r}: item {d!r} appears more than once" for d in dupes]
    if problems:
        raise DataFileError(path, problems)
    return Monitoring(lanes=data.lanes, steps=tuple(steps), rules=data.rules, elements=tuple(elements))


def load_adverse_events(
    path: str | Path = DATA_DIR / "adverse_events.yaml", text: str | None = None
) -> _AdverseEventsFile:
    """ASPIRE pooled adverse-event rates and the label's rate ranges (ranges must be ordered)."""
    data = load_model(path, _AdverseEventsFile, text)
    problems = []
    for r in data.label_rates:
        if r.low_pct > r.high_pct:
            problems.append(f"item {r.id!r}: field 'high_pct': below low_pct")
        if (r.placebo_low_pct is None) != (r.placebo_high_pct is None):
            problems.append(f"item {r.id!r}: field 'placebo_high_pct': give both placebo bounds or neither")
        elif (
            r.placebo_low_pct is not None and r.placebo_high_pct is not None and r.placebo_low_pct > r.placebo_high_pct
        ):
            problems.append(f"item {r.id!r}: field 'placebo_high_pct': below placebo_low_pct")
    if problems:
        raise DataFileError(path, problems)
    return data


def load_harms(path: str | Path = DATA_DIR / "harms.yaml", text: str | None = None) -> _HarmsFile:
    """The long-term and misuse harms table."""
    return load_model(path, _HarmsFile, text)


_MONITORING = load_monitoring()
_EVENTS = load_adverse_events()

#: Rows of the session timeline, top to bottom.
MONITORING_LANES: tuple[str, ...] = _MONITORING.lanes
#: The esketamine monitoring session (label and REMS).
MONITORING_STEPS: tuple[MonitoringStep, ...] = _MONITORING.steps
#: Rules that apply to the whole programme rather than one moment of a session.
REMS_RULES: tuple[tuple[str, tuple[str, ...]], ...] = tuple((r.text, r.keys) for r in _MONITORING.rules)
#: Monitoring elements by short name, in the order sessions are compared with them.
MONITORING_ELEMENTS: dict[str, Element] = {e.name: e for e in _MONITORING.elements}
#: ASPIRE I and II pooled (esketamine nasal spray plus standard care vs placebo plus standard care).
ASPIRE_POOLED: tuple[AdverseEventRate, ...] = _EVENTS.aspire_pooled
#: Ranges across the esketamine trials in the prescribing information.
ESKETAMINE_LABEL_RATES: tuple[RateRange, ...] = _EVENTS.label_rates
#: Harms seen mainly with long-term, frequent use.
LONG_TERM_HARMS: tuple[LongTermHarm, ...] = load_harms().long_term_harms


def all_citation_keys() -> set[str]:
    """Every citation key used by the tables in this module."""
    keys: set[str] = set()
    for step in MONITORING_STEPS:
        keys.update(step.keys)
    for _, rule_keys in REMS_RULES:
        keys.update(rule_keys)
    for element in MONITORING_ELEMENTS.values():
        keys.update(element.keys)
    for table in (ASPIRE_POOLED, ESKETAMINE_LABEL_RATES, LONG_TERM_HARMS):
        for row in table:
            keys.update(row.keys)
    return keys


__all__ = [
    "ASPIRE_POOLED",
    "DATA_DIR",
    "ESKETAMINE_LABEL_RATES",
    "LONG_TERM_HARMS",
    "MONITORING_ELEMENTS",
    "MONITORING_LANES",
    "MONITORING_STEPS",
    "REMS_RULES",
    "AdverseEventRate",
    "DataFileError",
    "Element",
    "LongTermHarm",
    "Monitoring",
    "MonitoringStep",
    "RateRange",
    "Rule",
    "all_citation_keys",
    "load_adverse_events",
    "load_harms",
    "load_monitoring",
]
