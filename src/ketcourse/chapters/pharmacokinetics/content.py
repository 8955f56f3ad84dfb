"""Dosing data for the pharmacokinetics chapter, each row with its citation key(s).

The rows live in ``data/*.yaml`` beside this module and are schema-checked when
it is imported. They restate regimens **as the literature or a product label reports
them**, for teaching. They are not recommendations: nothing here takes a
person's weight or suggests a dose for anyone.

The rows are shown with :class:`ketcourse.engine.tables.Table`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, Strict, model_validator

from ketcourse.engine.data import Record, load_model
from ketcourse.engine.tables import Table
from ketcourse.science import pk
from ketcourse.science.parameters import ANTIDEPRESSANT_DOSE_MG_PER_KG, ANTIDEPRESSANT_INFUSION_MIN, ROUTES, Parameter

#: Folder of this chapter's data files.
DATA_DIR = Path(__file__).resolve().parent / "data"

#: Citation keys of a row (a YAML list, kept as a tuple).
Keys = Annotated[tuple[str, ...], Strict(False), Field(min_length=1)]


def source_label(key: str) -> str:
    """Readable label of a citation key: ``"clements1982"`` -> ``"Clements 1982"``.

    ``"ketalar_label"`` becomes ``"Ketalar label"``. The key itself stays the
    reference; the label is only for tables.
    """
    if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", key):
        raise ValueError(f"a citation key is lower-case letters, digits and underscores, got {key!r}")
    match = re.fullmatch(r"([a-z]+)(\d{4})([a-z]*)", key)
    if match:
        name, year, suffix = match.groups()
        return f"{name.capitalize()} {year}{suffix}"
    words = key.split("_")
    return " ".join([words[0].capitalize(), *words[1:]])


# --- Regimens reported in the literature ------------------------------------
class Regimen(Record):
    """One reported regimen: what it is used for, the route, the schedule and its sources."""

    use: str = Field(min_length=1)
    route: str = Field(min_length=1)
    regimen: str = Field(min_length=1)
    sources: Keys


class RegimensFile(Record):
    """The whole of ``data/regimens.yaml``."""

    regimens: list[Regimen] = Field(min_length=1)
    source_labels: dict[str, str] = Field(default_factory=dict)
    note: str


_REGIMENS = load_model(DATA_DIR / "regimens.yaml", RegimensFile)

#: Regimens as reported (from ``data/regimens.yaml``).
REGIMENS: tuple[Regimen, ...] = tuple(_REGIMENS.regimens)


def regimens_table() -> Table:
    """The reported regimens as a displayable :class:`Table` (sources as readable labels)."""
    labels = _REGIMENS.source_labels
    rows = tuple(
        (r.use, r.route, r.regimen, "; ".join(labels.get(s) or source_label(s) for s in r.sources)) for r in REGIMENS
    )
    return Table(
        "Regimens as reported in trials and product labels (for teaching, not dosing advice)",
        ("Use", "Route", "Reported regimen", "Source"),
        rows,
        note=_REGIMENS.note,
    )


# --- Esketamine label schedule ----------------------------------------------
class SchedulePhase(Record):
    """One phase of the esketamine label schedule for treatment-resistant depression."""

    phase: str = Field(min_length=1)
    weeks: str = Field(min_length=1)
    frequency: str = Field(min_length=1)
    doses_mg: Annotated[tuple[int, ...], Strict(False)]


class EsketamineFile(Record):
    """The whole of ``data/esketamine.yaml``."""

    device_mg: int = Field(gt=0)
    source: str
    note: str
    phases: list[SchedulePhase] = Field(min_length=1)

    @model_validator(mode="after")
    def _doses(self) -> EsketamineFile:
        for p in self.phases:
            bad = [d for d in p.doses_mg if d <= 0 or d % self.device_mg]
            if bad:
                raise ValueError(f"phase {p.phase!r}: doses {bad} are not multiples of {self.device_mg} mg")
        return self


_ESKETAMINE = load_model(DATA_DIR / "esketamine.yaml", EsketamineFile)

#: Esketamine held by one nasal spray device, mg (Spravato label).
ESKETAMINE_DEVICE_MG = _ESKETAMINE.device_mg
ESKETAMINE_SOURCE = _ESKETAMINE.source

#: The label schedule (from ``data/esketamine.yaml``).
ESKETAMINE_SCHEDULE: tuple[SchedulePhase, ...] = tuple(_ESKETAMINE.phases)


def devices_for(dose_mg: int) -> int:
    """Number of 28 mg devices that make up a labelled esketamine dose (56 mg -> 2)."""
    if isinstance(dose_mg, bool) or not isinstance(dose_mg, int):
        raise TypeError(f"dose_mg must be an integer number of mg, got {dose_mg!r}")
    if dose_mg <= 0 or dose_mg % ESKETAMINE_DEVICE_MG:
        raise ValueError(f"dose_mg must be a positive multiple of {ESKETAMINE_DEVICE_MG} mg, got {dose_mg!r}")
    return dose_mg // ESKETAMINE_DEVICE_MG


def esketamine_table() -> Table:
    """The label's esketamine schedule for treatment-resistant depression as a :class:`Table`."""
    rows = []
    for p in ESKETAMINE_SCHEDULE:
        dose = " or ".join(f"{d} mg ({devices_for(d)} devices)" for d in p.doses_mg) or "See the label"
        rows.append((p.phase, p.weeks, p.frequency, dose))
    note = _ESKETAMINE.note.format(device_mg=ESKETAMINE_DEVICE_MG)
    return Table(
        "Esketamine nasal spray for treatment-resistant depression: what the label says",
        ("Phase", "When", "How often", "Dose per session"),
        tuple(rows),
        note=f"{note} Source: {source_label(ESKETAMINE_SOURCE)}. A description, not advice.",
    )


# --- Session schedules for the course figure ----------------------------------
class CourseSchedule(Record):
    """Days on which sessions are given, for illustration (a row of ``data/schedules.yaml``).

    The trials fixed how often infusions were given; the exact weekdays here
    (e.g. Monday, Wednesday, Friday) are the course's illustrative placement.
    """

    id: str = Field(pattern=r"^[a-z_]+$")
    label: str = Field(min_length=1)
    short_label: str = Field(min_length=1)
    session_days: Annotated[tuple[float, ...], Strict(False), Field(min_length=1)]
    source: str | None
    note: str


class SchedulesFile(Record):
    """The whole of ``data/schedules.yaml``."""

    schedules: list[CourseSchedule] = Field(min_length=1)


COURSE_SCHEDULES: dict[str, CourseSchedule] = {
    s.id: s for s in load_model(DATA_DIR / "schedules.yaml", SchedulesFile).schedules
}

#: Antidepressant infusion used in the course figures (dose mg/kg, duration min).
STANDARD_INFUSION = (ANTIDEPRESSANT_DOSE_MG_PER_KG.value, ANTIDEPRESSANT_INFUSION_MIN.value)


# --- The dose-ranging trial ------------------------------------------------------
class DoseArm(Record):
    """One ketamine arm of the dose-ranging trial."""

    dose_mg_per_kg: float = Field(gt=0)
    n: int = Field(gt=0)
    beat_control: bool
    detail: str = Field(min_length=1)


class DoseRangingFile(Record):
    """The whole of ``data/dose_ranging.yaml``."""

    source: str
    year: int
    control_n: int = Field(gt=0)
    arms: list[DoseArm] = Field(min_length=1)


DOSE_RANGING = load_model(DATA_DIR / "dose_ranging.yaml", DoseRangingFile)

#: Arms of the Fava dose-ranging trial (mg/kg over 40 min) and whether each beat midazolam after adjustment.
FAVA2018_ARMS: tuple[tuple[float, bool], ...] = tuple((a.dose_mg_per_kg, a.beat_control) for a in DOSE_RANGING.arms)
FAVA2018_SOURCE = DOSE_RANGING.source


def dose_ranging_table() -> Table:
    """The dose-ranging trial's arms, their sizes and results, as a :class:`Table`."""
    rows = tuple(
        (f"{a.dose_mg_per_kg:g} mg/kg", str(a.n), "yes" if a.beat_control else "no", a.detail)
        for a in DOSE_RANGING.arms
    )
    return Table(
        f"Dose-ranging trial of IV ketamine in treatment-resistant depression (Fava et al. {DOSE_RANGING.year})",
        ("Ketamine over 40 min", "Randomised", "Beat midazolam after adjustment", "Result"),
        (*rows, ("Midazolam 0.045 mg/kg (active placebo)", str(DOSE_RANGING.control_n), "", "Control arm")),
        note="Each arm had about 20 patients, so the trial could miss a modest effect: the low doses are unproven "
        "rather than shown not to work.",
    )


# --- Measured interactions ---------------------------------------------------------
class Interaction(Record):
    """One measured pharmacokinetic interaction (a row of ``data/interactions.yaml``)."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    drug: str = Field(min_length=1)
    action: str = Field(min_length=1)
    ketamine: str = Field(min_length=1)
    route: str
    fold_auc: float | None = Field(gt=0)
    result: str = Field(min_length=1)
    n: int | None = Field(gt=0)
    sources: Keys
    source_label: str | None = None

    @model_validator(mode="after")
    def _route(self) -> Interaction:
        if self.route not in ROUTES:
            raise ValueError(f"unknown route {self.route!r}; allowed: {', '.join(ROUTES)}")
        return self


class InteractionsFile(Record):
    """The whole of ``data/interactions.yaml``."""

    interactions: list[Interaction] = Field(min_length=1)


#: Measured interactions (from ``data/interactions.yaml``).
INTERACTIONS: tuple[Interaction, ...] = tuple(load_model(DATA_DIR / "interactions.yaml", InteractionsFile).interactions)


def interaction(interaction_id: str) -> Interaction:
    """The interaction with id ``interaction_id``."""
    for row in INTERACTIONS:
        if row.id == interaction_id:
            return row
    raise ValueError(f"unknown interaction id {interaction_id!r}; allowed: {', '.join(r.id for r in INTERACTIONS)}")


def interactions_table() -> Table:
    """The measured interactions as a :class:`Table`."""
    rows = tuple(
        (
            f"{r.drug} ({r.action})",
            r.ketamine,
            r.result,
            "" if r.n is None else str(r.n),
            r.source_label or "; ".join(source_label(s) for s in r.sources),
        )
        for r in INTERACTIONS
    )
    return Table(
        "Measured interactions: the same enzyme matters more when ketamine is swallowed",
        ("Interacting drug", "Ketamine given", "Change in ketamine exposure", "Volunteers", "Source"),
        rows,
        note="Small crossover studies in healthy volunteers, except the nasal esketamine row (prescribing "
        "information). AUC, area under the concentration-time curve: total exposure.",
    )


# --- The course's plasma bands --------------------------------------------------
def bands_table() -> Table:
    """The one set of plasma bands the course uses, generated from :mod:`ketcourse.science.parameters`."""
    from ketcourse.science.parameters import (
        ANAESTHESIA_BAND_NGML,
        ANALGESIA_BAND_NGML,
        ANTIDEPRESSANT_PEAK_NGML,
        DISSOCIATION_BAND_NGML,
    )
    from ketcourse.science.units import ngml_to_um

    def band(p: Parameter) -> str:
        lo, hi = p.range
        return f"{lo:,.0f}–{hi:,.0f} ng/mL ({float(ngml_to_um(lo)):.2g}–{float(ngml_to_um(hi)):.2g} µM)"

    peak = ANTIDEPRESSANT_PEAK_NGML.value
    rows = (
        ("Analgesic dose (0.15 mg/kg IV)", band(ANALGESIA_BAND_NGML), source_label(ANALGESIA_BAND_NGML.source)),
        (
            "Antidepressant infusion (0.5 mg/kg over 40 min): peak",
            f"about {peak:.0f} ng/mL ({float(ngml_to_um(peak)):.2f} µM)",
            source_label(ANTIDEPRESSANT_PEAK_NGML.source),
        ),
        (
            "Same infusion: levels during dissociation",
            band(DISSOCIATION_BAND_NGML),
            source_label(DISSOCIATION_BAND_NGML.source),
        ),
        ("General anaesthesia (1–2 mg/kg IV)", band(ANAESTHESIA_BAND_NGML), source_label(ANAESTHESIA_BAND_NGML.source)),
    )
    return Table(
        "Measured plasma ketamine: the course's bands",
        ("Situation", "Plasma ketamine", "Source"),
        rows,
        note="Measured means and ranges tabulated in a major review (Table 1), from the original studies it cites. "
        "They are averages of small groups: levels in one person can lie well outside them.",
    )


def all_source_keys() -> set[str]:
    """Every citation key used in this module (tests check each is in references.bib)."""
    keys = {s for r in REGIMENS for s in r.sources}
    keys |= {c.source for c in COURSE_SCHEDULES.values() if c.source}
    keys |= {ESKETAMINE_SOURCE, FAVA2018_SOURCE}
    keys |= {k for r in INTERACTIONS for k in r.sources}
    return keys


def routes_table() -> Table:
    """Bioavailability and time to peak per route, generated from :mod:`ketcourse.science.parameters`.

    Returns
    -------
    Table
        Displays as HTML, Markdown or text; ``rows`` holds the cell strings and
        :func:`route_rows` the numbers behind them.
    """
    rows = tuple(
        (
            r.name,
            f"{100 * r.bioavailability:.0f}%",
            r.bioavailability_reported,
            r.tmax_reported,
            "at once (bolus)" if r.route == "iv" else f"{r.model_tmax_min:.0f} min",
            source_label(r.source)
            if r.tmax_source == r.source
            else f"{source_label(r.source)} (F); {source_label(r.tmax_source)} (Tmax)",
        )
        for r in pk.route_rows()
    )
    return Table(
        "Routes of administration: bioavailability (F) and time to peak (Tmax)",
        ("Route", "F in model", "F reported", "Tmax reported", "Tmax in model", "Source"),
        rows,
        note="Generated from the course's parameters module. The model's Tmax follows from its absorption rate "
        "constant and the elimination rate; the reported values are averages from small studies.",
    )
