"""Ketamine's history and regulatory status as data: dated events, each with its sources.

The chapter *What ketamine is* draws its timeline and its regulatory-status
explorer from two data files beside this module, ``data/events.yaml`` and
``data/statuses.yaml``, loaded and schema-checked into :data:`EVENTS` and
:data:`STATUSES`. Every row carries citation keys from ``references.bib``.

Dates are given only as precisely as the sources give them: some events have
a year only, some a month, some an exact day. Functions that answer "was this
true in year Y?" work at the resolution of a calendar year and count an event
as in force from the end of the year in which it happened.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Annotated

from pydantic import Field, Strict, model_validator

from ketcourse.engine.data import Record, load_model
from ketcourse.engine.validate import one_of

#: Folder of this chapter's data files.
DATA_DIR = Path(__file__).resolve().parent / "data"

#: Citation keys of a row (a YAML list, kept as a tuple).
Keys = Annotated[tuple[str, ...], Strict(False)]

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

#: Products known to :func:`us_depression_status` and to the status table.
PRODUCTS = ("racemic ketamine", "esketamine")

#: Regions of the status table.
REGIONS = ("US", "EU", "International")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Event(Record):
    """One dated event in ketamine's history (a row of ``data/events.yaml``).

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

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    year: int
    month: int | None
    day: int | None
    theme: str
    label: str = Field(min_length=1)
    detail: str = Field(min_length=1)
    sources: Keys

    @model_validator(mode="after")
    def _check(self) -> Event:
        one_of(self.theme, THEMES, "theme")
        if not self.sources:
            raise ValueError(f"event {self.id!r} needs at least one source key")
        if self.day is not None and self.month is None:
            raise ValueError(f"event {self.id!r} has a day but no month")
        _dt.date(self.year, self.month or 1, self.day or 1)  # raises on an impossible date
        return self

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


class EventsFile(Record):
    """The whole of ``data/events.yaml``: events in chronological order."""

    events: list[Event] = Field(min_length=1)

    @model_validator(mode="after")
    def _order(self) -> EventsFile:
        ids = [e.id for e in self.events]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate event ids: {', '.join(dupes)}")
        positions = [e.decimal_year for e in self.events]
        if positions != sorted(positions):
            raise ValueError("events must be listed in chronological order")
        return self


#: Dated events, in chronological order (from ``data/events.yaml``).
EVENTS: tuple[Event, ...] = tuple(load_model(DATA_DIR / "events.yaml", EventsFile).events)


class Status(Record):
    """An approval or control measure that, once it started, stayed in force (a row of ``data/statuses.yaml``).

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

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    label: str = Field(min_length=1)
    product: str
    region: str
    start_event: str

    @model_validator(mode="after")
    def _check(self) -> Status:
        one_of(self.product, PRODUCTS, "product")
        one_of(self.region, REGIONS, "region")
        one_of(self.start_event, [e.id for e in EVENTS], "start_event")
        return self

    @property
    def start(self) -> Event:
        """The event that started this status."""
        return event(self.start_event)

    @property
    def sources(self) -> tuple[str, ...]:
        """Citation keys (those of the starting event)."""
        return self.start.sources


class StatusesFile(Record):
    """The whole of ``data/statuses.yaml``."""

    statuses: list[Status] = Field(min_length=1)
    off_label_sources: Keys


_STATUS_DATA = load_model(DATA_DIR / "statuses.yaml", StatusesFile)

#: Approvals and controls, in the order they began. The sources record no
#: withdrawal of any of them up to :data:`STATUS_AS_OF`.
STATUSES: tuple[Status, ...] = tuple(_STATUS_DATA.statuses)

#: Year up to which the tables are complete (the latest event).
STATUS_AS_OF: int = max(e.year for e in EVENTS)

#: Sources for the statement that racemic ketamine has no approval for depression in the US.
OFF_LABEL_SOURCES: tuple[str, ...] = _STATUS_DATA.off_label_sources

US_SCHEDULES = ("not federally controlled", "Schedule II", "Schedule III", "Schedule IV")

#: Possible US statuses of a product for treating depression.
DEPRESSION_STATUSES = ("approved", "off-label", "unavailable")


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
