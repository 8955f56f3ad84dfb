"""Ketamine's history and regulatory status as data: dated events, each with its sources.

The chapter *What ketamine is* draws its timeline and its regulatory-status
explorer from the two tables in this module, :data:`EVENTS` and
:data:`STATUSES`. Every row carries citation keys from ``references.bib``;
the values come from the project's vetted facts sheet.

Dates are given only as precisely as the sources give them: some events have
a year only, some a month, some an exact day. Functions that answer "was this
true in year Y?" work at the resolution of a calendar year and count an event
as in force from the end of the year in which it happened.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ketcourse.engine.validate import one_of

#: Themes of the timeline, in display order, with their headings.
THEMES: dict[str, str] = {
    "origins": "Discovery and first use",
    "medical": "Medical use and access",
    "control": "Drug control",
    "research": "Psychiatric research",
    "esketamine": "Esketamine approvals",
}

#: Earliest and latest years the year-based functions accept.
YEAR_RANGE = (1950, 2100)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Event:
    """One dated event in ketamine's history.

    Attributes
    ----------
    id : str
        Short identifier, e.g. ``"fda-approval"``.
    year, month, day : int
        Date of the event; ``month`` and ``day`` are ``None`` when the sources
        give only the year (or only the month).
    theme : str
        One of :data:`THEMES`.
    label : str
        A short label for figures (a few words).
    detail : str
        One sentence saying what happened.
    sources : tuple of str
        Citation keys in ``references.bib``.
    """

    id: str
    year: int
    month: int | None
    day: int | None
    theme: str
    label: str
    detail: str
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        one_of(self.theme, THEMES, "theme")
        if not self.sources:
            raise ValueError(f"event {self.id!r} needs at least one source key")
        if self.day is not None and self.month is None:
            raise ValueError(f"event {self.id!r} has a day but no month")
        _dt.date(self.year, self.month or 1, self.day or 1)  # raises on an impossible date

    @property
    def decimal_year(self) -> float:
        """Position on a time axis (years): the middle of the year, month or day the sources give."""
        year_start = _dt.date(self.year, 1, 1)
        length = (_dt.date(self.year + 1, 1, 1) - year_start).days
        if self.month is None:
            first, last = year_start, _dt.date(self.year + 1, 1, 1)
        elif self.day is None:
            first = _dt.date(self.year, self.month, 1)
            last = _dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        else:
            first = _dt.date(self.year, self.month, self.day)
            last = first + _dt.timedelta(days=1)
        middle = ((first - year_start).days + (last - year_start).days) / 2
        return self.year + middle / length

    @property
    def date_text(self) -> str:
        """The date at the precision the sources give, e.g. ``"3 Aug 1964"``, ``"Jan 2025"``, ``"1962"``."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{_MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {_MONTHS[self.month - 1]} {self.year}"


#: Dated events, in chronological order.
EVENTS: tuple[Event, ...] = (
    Event(
        "synthesis",
        1962,
        None,
        None,
        "origins",
        "CI-581 synthesised",
        "Calvin Stevens, a chemist consulting for Parke-Davis, makes CI-581 (ketamine) in a search for a "
        "replacement for phencyclidine (PCP).",
        ("domino2010",),
    ),
    Event(
        "first-human-study",
        1964,
        8,
        3,
        "origins",
        "First human study",
        "Domino and Corssen give CI-581 to 20 prisoner volunteers: 1–2 mg/kg IV acts within a minute and "
        "lasts 5–10 minutes.",
        ("domino1965", "domino2010"),
    ),
    Event(
        "dissociative-term",
        1965,
        None,
        None,
        "origins",
        "'Dissociative anaesthetic' named",
        "The published report of the first human study describes CI-581 as a dissociative anaesthetic.",
        ("domino1965",),
    ),
    Event(
        "fda-approval",
        1970,
        None,
        None,
        "medical",
        "FDA approval as an anaesthetic",
        "Ketamine is approved in the United States as an anaesthetic.",
        ("spravato_label", "aacn2018"),
    ),
    Event(
        "dea-proposal",
        1981,
        None,
        None,
        "control",
        "US control proposed, then dropped",
        "A 1981 proposal to place ketamine under federal control is not pursued; it is formally withdrawn in 1999.",
        ("dea_schedule",),
    ),
    Event(
        "who-essential",
        1985,
        None,
        None,
        "medical",
        "WHO Essential Medicines List",
        "Ketamine joins the WHO Model List of Essential Medicines as an anaesthetic.",
        ("who2015",),
    ),
    Event(
        "schedule-iii",
        1999,
        8,
        12,
        "control",
        "US Schedule III",
        "Because of non-medical use, ketamine is placed in Schedule III of the US Controlled Substances Act.",
        ("dea_schedule",),
    ),
    Event(
        "berman-trial",
        2000,
        None,
        None,
        "research",
        "First placebo-controlled depression trial",
        "A small crossover trial against saline (7 completers) finds depression scores falling within 72 h "
        "of one sub-anaesthetic infusion.",
        ("berman2000",),
    ),
    Event(
        "who-advice",
        2006,
        None,
        None,
        "control",
        "WHO advises against international control",
        "The WHO drug-dependence committee advises against international control (again in 2012, 2014 and "
        "2015), because ketamine is often the only anaesthetic available in poorly resourced settings.",
        ("who2015",),
    ),
    Event(
        "zarate-trial",
        2006,
        None,
        None,
        "research",
        "Trial in treatment-resistant depression",
        "A randomised trial in treatment-resistant depression reports a response within hours of one infusion.",
        ("zarate2006",),
    ),
    Event(
        "apa-consensus",
        2017,
        None,
        None,
        "research",
        "Consensus statement on off-label use",
        "An American Psychiatric Association task force publishes a consensus statement on using racemic "
        "ketamine, which is not approved for depression, in mood disorders.",
        ("sanacora2017",),
    ),
    Event(
        "esketamine-trd-us",
        2019,
        3,
        5,
        "esketamine",
        "US: esketamine for TRD",
        "The esketamine nasal spray (Spravato) is approved in the US for treatment-resistant depression, "
        "together with an oral antidepressant, and only under a REMS in certified settings.",
        ("spravato_label", "fda_rems"),
    ),
    Event(
        "esketamine-eu",
        2019,
        12,
        19,
        "esketamine",
        "EU: esketamine for TRD",
        "The European Commission approves esketamine for treatment-resistant depression, with an SSRI or SNRI.",
        ("janssen2019eu",),
    ),
    Event(
        "esketamine-suicidal",
        2020,
        8,
        3,
        "esketamine",
        "US: MDD with suicidal ideation",
        "A second US indication: depressive symptoms in adults with major depression and acute suicidal "
        "ideation or behaviour. The label says it has not been shown to prevent suicide.",
        ("canady2020", "spravato_label"),
    ),
    Event(
        "esketamine-monotherapy",
        2025,
        1,
        None,
        "esketamine",
        "US: TRD monotherapy",
        "Esketamine is approved in the US for treatment-resistant depression without an oral antidepressant.",
        ("jnj2025", "canady2025"),
    ),
)


@dataclass(frozen=True)
class Status:
    """An approval or control measure that, once it started, stayed in force.

    Attributes
    ----------
    id : str
        Short identifier.
    label : str
        What the status is, for figures.
    product : {"racemic ketamine", "esketamine"}
        Which drug it applies to.
    region : str
        Where it applies (``"US"``, ``"EU"`` or ``"International"``).
    start_event : str
        Id of the :class:`Event` that started it.
    """

    id: str
    label: str
    product: str
    region: str
    start_event: str

    @property
    def start(self) -> Event:
        """The event that started this status."""
        return event(self.start_event)

    @property
    def sources(self) -> tuple[str, ...]:
        """Citation keys (those of the starting event)."""
        return self.start.sources


#: Approvals and controls, in the order they began. The sources record no
#: withdrawal of any of them up to :data:`STATUS_AS_OF`.
STATUSES: tuple[Status, ...] = (
    Status("us-anaesthetic", "Approved anaesthetic (US)", "racemic ketamine", "US", "fda-approval"),
    Status("who-eml", "WHO essential medicine", "racemic ketamine", "International", "who-essential"),
    Status("us-schedule-iii", "Controlled: Schedule III (US)", "racemic ketamine", "US", "schedule-iii"),
    Status("esk-trd-us", "Esketamine: TRD + oral antidepressant (US)", "esketamine", "US", "esketamine-trd-us"),
    Status("esk-trd-eu", "Esketamine: TRD + SSRI/SNRI (EU)", "esketamine", "EU", "esketamine-eu"),
    Status("esk-suicidal-us", "Esketamine: MDD with suicidal ideation (US)", "esketamine", "US", "esketamine-suicidal"),
    Status("esk-mono-us", "Esketamine: TRD monotherapy (US)", "esketamine", "US", "esketamine-monotherapy"),
)

#: Year up to which the tables are complete (the latest event).
STATUS_AS_OF: int = max(e.year for e in EVENTS)

#: Sources for the statement that racemic ketamine has no approval for depression in the US.
OFF_LABEL_SOURCES: tuple[str, ...] = ("sanacora2017",)

US_SCHEDULES = ("not federally controlled", "Schedule II", "Schedule III", "Schedule IV")

#: Possible US statuses of a product for treating depression.
DEPRESSION_STATUSES = ("approved", "off-label", "unavailable")

#: Products known to :func:`us_depression_status`.
PRODUCTS = ("racemic ketamine", "esketamine")


def _check_year(year: int, name: str = "year") -> int:
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"{name} must be a whole calendar year (int), got {year!r}")
    lo, hi = YEAR_RANGE
    if not lo <= year <= hi:
        raise ValueError(f"{name} must be between {lo} and {hi}, got {year!r}")
    return year


def event(event_id: str) -> Event:
    """The event with id ``event_id`` (see :data:`EVENTS`)."""
    for e in EVENTS:
        if e.id == event_id:
            return e
    one_of(event_id, [e.id for e in EVENTS], "event id")
    raise AssertionError("unreachable")  # pragma: no cover


def events(theme: str | None = None, *, start: int | None = None, end: int | None = None) -> tuple[Event, ...]:
    """Events in chronological order, optionally of one theme and between two years (inclusive).

    Parameters
    ----------
    theme : str, optional
        One of :data:`THEMES`.
    start, end : int, optional
        First and last calendar year to include.
    """
    if theme is not None:
        one_of(theme, THEMES, "theme")
    lo = YEAR_RANGE[0] if start is None else _check_year(start, "start")
    hi = YEAR_RANGE[1] if end is None else _check_year(end, "end")
    if lo > hi:
        raise ValueError(f"start ({lo}) must not be after end ({hi})")
    return tuple(e for e in EVENTS if (theme is None or e.theme == theme) and lo <= e.year <= hi)


def years_between(first_id: str, second_id: str) -> int:
    """Whole calendar years from one event to another (``second.year - first.year``).

    Calendar-year arithmetic is used because several events are dated only
    to the year. The result is negative if the second event came first.
    """
    return event(second_id).year - event(first_id).year


def statuses_in_force(year: int) -> tuple[Status, ...]:
    """Approvals and controls in force by the end of ``year`` (a calendar year, int)."""
    y = _check_year(year)
    return tuple(s for s in STATUSES if s.start.year <= y)


def us_schedule(year: int) -> str:
    """Ketamine's federal US controlled-substance status at the end of ``year``.

    Returns one of :data:`US_SCHEDULES`: ``"Schedule III"`` from 1999 on,
    ``"not federally controlled"`` before (the 1981 proposal was dropped).
    """
    y = _check_year(year)
    return "Schedule III" if y >= event("schedule-iii").year else "not federally controlled"


def latest_event(year: int) -> Event | None:
    """The most recent event up to the end of ``year``, or ``None`` before the first."""
    y = _check_year(year)
    past = [e for e in EVENTS if e.year <= y]
    return past[-1] if past else None


def all_sources() -> set[str]:
    """Every citation key the tables use."""
    keys = {k for e in EVENTS for k in e.sources} | set(OFF_LABEL_SOURCES)
    return keys | {k for s in STATUSES for k in s.sources}


def us_depression_status(product: str, year: int) -> str:
    """US status of a product for treating depression at the end of ``year``.

    Parameters
    ----------
    product : {"racemic ketamine", "esketamine"}
        Which drug.
    year : int
        Calendar year.

    Returns
    -------
    str
        One of :data:`DEPRESSION_STATUSES`. Racemic ketamine has never been
        approved for depression: after its 1970 approval as an anaesthetic, use
        for depression is off-label. Esketamine is approved from its first US
        approval (2019) and unavailable before.
    """
    one_of(product, PRODUCTS, "product")
    y = _check_year(year)
    if product == "esketamine":
        return "approved" if y >= event("esketamine-trd-us").year else "unavailable"
    return "off-label" if y >= event("fda-approval").year else "unavailable"
