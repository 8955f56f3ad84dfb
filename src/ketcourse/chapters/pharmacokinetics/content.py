"""Dosing data for the pharmacokinetics chapter, each row with its citation key(s).

The rows restate regimens **as the literature or a product label reports
them**, for teaching. They are not recommendations: nothing here takes a
person's weight or suggests a dose for anyone.

The rows are shown with :class:`ketcourse.engine.tables.Table`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ketcourse.science.parameters import ANTIDEPRESSANT_DOSE_MG_PER_KG, ANTIDEPRESSANT_INFUSION_MIN
from ketcourse.engine.tables import Table
from ketcourse.science import pk


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
@dataclass(frozen=True)
class Regimen:
    """One reported regimen: what it is used for, the route, the schedule and its sources."""

    use: str
    route: str
    regimen: str
    sources: tuple[str, ...]


REGIMENS: tuple[Regimen, ...] = (
    Regimen(
        "Anaesthesia (induction)",
        "IV",
        "1–4.5 mg/kg over 60 s; 2 mg/kg gives 5–10 min of anaesthesia, starting within 30 s",
        ("ketalar_label",),
    ),
    Regimen("Anaesthesia", "IM", "6.5–13 mg/kg; 9–13 mg/kg acts in 3–4 min and lasts 12–25 min", ("ketalar_label",)),
    Regimen(
        "Acute pain",
        "IV",
        "Bolus up to 0.35 mg/kg; infusion up to 1 mg/kg/h, often 0.1–0.5 mg/kg/h",
        ("schwenk2018",),
    ),
    Regimen(
        "Depression, single infusion",
        "IV",
        "0.5 mg/kg over 40 min; in a dose-ranging trial 0.5 and 1.0 mg/kg beat midazolam, 0.1 and 0.2 mg/kg did not",
        ("fava2018",),
    ),
    Regimen(
        "Induction course (mainly depression)",
        "IV",
        "About six infusions in 2–3 weeks: three a week for 12 days, or twice weekly for 3 weeks; "
        "some later trials gave eight twice-weekly infusions",
        ("murrough2013bp", "anand2023", "jelovac2025", "abdallah2022"),
    ),
    Regimen("Depression, trial course", "SC", "0.5–0.9 mg/kg twice weekly for 4 weeks (KADS trial)", ("loo2023",)),
    Regimen(
        "Depression (off-label)",
        "Oral",
        "About 2–2.5 mg/kg is roughly equivalent to the IV dose; the evidence is thin",
        ("andrade2019",),
    ),
    Regimen(
        "Treatment-resistant depression (esketamine)",
        "Intranasal",
        "Label schedule: 56 mg on day 1, then 56 or 84 mg twice weekly in weeks 1–4, weekly in weeks 5–8, "
        "every 1–2 weeks from week 9",
        ("spravato_label",),
    ),
    Regimen(
        "Depression with suicidal ideation (esketamine)",
        "Intranasal",
        "Label schedule: 84 mg twice weekly for 4 weeks; may be reduced to 56 mg",
        ("spravato_label",),
    ),
)


def regimens_table() -> Table:
    """The reported regimens as a displayable :class:`Table` (sources as readable labels)."""
    rows = tuple((r.use, r.route, r.regimen, "; ".join(source_label(s) for s in r.sources)) for r in REGIMENS)
    return Table(
        "Regimens as reported in trials and product labels (for teaching, not dosing advice)",
        ("Use", "Route", "Reported regimen", "Source"),
        rows,
        note="IV, intravenous; IM, intramuscular; SC, subcutaneous. Doses in mg/kg are weight-normalised "
        "literature doses; esketamine is given as a fixed dose in mg.",
    )


# --- Esketamine label schedule ----------------------------------------------
#: Esketamine held by one nasal spray device, mg (Spravato label).
ESKETAMINE_DEVICE_MG = 28
ESKETAMINE_SOURCE = "spravato_label"


@dataclass(frozen=True)
class SchedulePhase:
    """One phase of the esketamine label schedule for treatment-resistant depression."""

    phase: str
    weeks: str
    frequency: str
    doses_mg: tuple[int, ...]


ESKETAMINE_SCHEDULE: tuple[SchedulePhase, ...] = (
    SchedulePhase("Induction, first dose", "Week 1, day 1", "Once", (56,)),
    SchedulePhase("Induction", "Weeks 1–4", "Twice weekly", (56, 84)),
    SchedulePhase("Maintenance", "Weeks 5–8", "Weekly", ()),
    SchedulePhase("Maintenance", "Week 9 onwards", "Every 1–2 weeks", ()),
)


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
    return Table(
        "Esketamine nasal spray for treatment-resistant depression: what the label says",
        ("Phase", "When", "How often", "Dose per session"),
        tuple(rows),
        note=f"Each device holds {ESKETAMINE_DEVICE_MG} mg. The label starts patients aged 65 or over at "
        f"{ESKETAMINE_DEVICE_MG} mg. Sessions take place in a certified clinic with at least 2 h of "
        f"observation. Source: {source_label(ESKETAMINE_SOURCE)}. A description, not advice.",
    )


# --- Session schedules for the course figure ----------------------------------
@dataclass(frozen=True)
class CourseSchedule:
    """Days on which sessions are given, for illustration.

    The trials fixed how often infusions were given; the exact weekdays here
    (e.g. Monday, Wednesday, Friday) are the course's illustrative placement.
    """

    label: str
    short_label: str
    session_days: tuple[float, ...]
    source: str | None
    note: str


COURSE_SCHEDULES: dict[str, CourseSchedule] = {
    "three_weekly": CourseSchedule(
        "Three a week for 12 days (six infusions)",
        "3 a week, 12 days",
        (0, 2, 4, 7, 9, 11),
        "murrough2013bp",
        "Six infusions over 12 days.",
    ),
    "twice_weekly": CourseSchedule(
        "Twice weekly for 3 weeks (six infusions)",
        "2 a week, 3 weeks",
        (0, 3, 7, 10, 14, 17),
        "anand2023",
        "ELEKT-D ketamine arm.",
    ),
    "weeks_apart": CourseSchedule(
        "'Several weeks apart' (seed post's claim)",
        "'Weeks apart' (seed)",
        (0, 21, 42),
        None,
        "Not a published regimen: sessions three weeks apart, to show what the seed claim would mean.",
    ),
}

#: Antidepressant infusion used in the course figures (dose mg/kg, duration min).
STANDARD_INFUSION = (ANTIDEPRESSANT_DOSE_MG_PER_KG.value, ANTIDEPRESSANT_INFUSION_MIN.value)

#: Arms of the Fava 2018 dose-ranging trial (mg/kg over 40 min) and whether each beat midazolam.
FAVA2018_ARMS: tuple[tuple[float, bool], ...] = ((0.1, False), (0.2, False), (0.5, True), (1.0, True))
FAVA2018_SOURCE = "fava2018"


def all_source_keys() -> set[str]:
    """Every citation key used in this module (tests check each is in references.bib)."""
    keys = {s for r in REGIMENS for s in r.sources}
    keys |= {c.source for c in COURSE_SCHEDULES.values() if c.source}
    keys |= {ESKETAMINE_SOURCE, FAVA2018_SOURCE}
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
            source_label(r.source),
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
