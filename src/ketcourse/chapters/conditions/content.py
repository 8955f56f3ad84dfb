"""The clinical evidence for ketamine and esketamine, condition by condition, loaded from data files.

The course content lives in YAML beside this module (``data/*.yaml``) and is checked on load
against the pydantic models below (:mod:`ketcourse.engine.data`); a problem is reported with the
file, the item id and the field. This module keeps only the logic (look-ups, participant counts)
and the presentation (the summary table).

* ``data/conditions.yaml``: the strength-of-evidence scale and the conditions with their ratings;
* ``data/studies.yaml``: every trial and synthesis of the evidence table;
* ``data/numbers.yaml``: headline trial numbers used by figures and exercises, and the
  between-arm MADRS differences.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from ketcourse.engine.data import DataFileError, Record, load_model
from ketcourse.engine.tables import Table
from ketcourse.engine.validate import one_of
from ketcourse.science.parameters import Parameter

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Direction of a study's main result.
DIRECTIONS: tuple[str, ...] = ("positive", "null", "mixed", "unclear")

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, Field(min_length=1)]


# --- Schemas ------------------------------------------------------------------------------------
class Rating(Record):
    """One step of the strength-of-evidence scale."""

    id: Id
    meaning: Text


class Condition(Record):
    """A condition (or use) with the course's rating of the evidence.

    Attributes
    ----------
    id : str
        Short identifier.
    name : str
        Display name.
    short : str
        Short name for figure labels.
    tested : str
        What has been tested, in a phrase.
    rating : str
        One of :data:`RATINGS`.
    rating_note : str
        Why that rating, including its limits (duration, blinding, size).
    """

    id: Id
    name: Text
    short: Text
    tested: Text
    rating: str
    rating_note: Text

    @property
    def level(self) -> int:
        """Position of the rating on the ordinal scale (0 = none ... 4 = strong)."""
        return RATINGS.index(self.rating)


class ConditionsFile(Record):
    """``data/conditions.yaml``."""

    ratings: list[Rating] = Field(min_length=2)
    conditions: list[Condition] = Field(min_length=1)


#: What a study's ``n`` counts.
N_BASES: tuple[str, ...] = ("randomised", "analysed", "treated", "completers", "pooled")


class Study(Record):
    """One trial, evidence synthesis or guideline.

    Attributes
    ----------
    id : str
        Unique row id (the citation key, or key and condition when one source has several rows).
    key : str
        Citation key in ``references.bib``.
    label : str
        Short name, e.g. ``"Zarate 2006"`` or ``"TRANSFORM-2"``.
    condition : str
        Id of the :class:`Condition` it belongs to.
    kind : {"trial", "synthesis", "guideline"}
        A trial, a meta-analysis or review (its ``n`` pools other trials), or a guideline (no ``n``).
    intervention, design, control : str
        What was given, the study design and the comparison arm (``"none"`` if uncontrolled).
    n : int or None
        Participants; required for trials and syntheses, absent for guidelines.
    n_basis : str or None
        What ``n`` counts: one of :data:`N_BASES` (randomised, analysed, treated, completers, pooled).
    n_note : str
        More about ``n`` when that needs saying.
    counted : bool
        Whether ``n`` counts towards the condition's total (False for a synthesis that pools other
        drugs or populations).
    duration : str or None
        Treatment period and how long the outcome was followed.
    population : str
        Who took part, when it matters.
    primary_outcome : str
        The trial's primary outcome, when the chapter reports it.
    finding : str
        The main result.
    uncertainty : str
        The result's uncertainty (confidence interval, p-value), when reported.
    direction : {"positive", "null", "mixed", "unclear"}
        Direction of the main result.
    topics : list of str
        Detail tables of the chapter the row also appears in (see ``data/topics.yaml``).
    where : str
        Where in the source the numbers stand (for maintainers; not shown to readers).
    """

    id: Id
    key: Text
    label: Text
    condition: str
    kind: Literal["trial", "synthesis", "guideline"] = "trial"
    intervention: Text
    design: Text
    control: Text
    n: Annotated[int, Field(gt=0)] | None
    n_basis: Literal["randomised", "analysed", "treated", "completers", "pooled"] | None = None
    n_note: str = ""
    counted: bool = True
    duration: str | None
    population: str = ""
    primary_outcome: str = ""
    finding: Text
    uncertainty: str = ""
    direction: Literal["positive", "null", "mixed", "unclear"]
    topics: list[Id] = Field(default_factory=list)
    where: str = ""

    @model_validator(mode="after")
    def _n_and_basis(self) -> Study:
        if self.kind == "guideline":
            if self.n is not None or self.n_basis is not None:
                raise ValueError("field 'n': a guideline has no n or n_basis")
        elif self.n is None or self.n_basis is None:
            raise ValueError(
                f"field 'n_basis': a {self.kind} needs n and n_basis (what n counts: {', '.join(N_BASES)})"
            )
        return self

    @property
    def synthesis(self) -> bool:
        """True for meta-analyses and reviews (their ``n`` pools other trials)."""
        return self.kind == "synthesis"

    @property
    def n_text(self) -> str:
        """Sample size as text, e.g. ``"n=41 randomised"``; guidelines say so instead."""
        if self.n is None:
            return "consensus guideline"
        return f"n={self.n:,} {self.n_basis}" + (f", {self.n_note}" if self.n_note else "")

    @property
    def duration_text(self) -> str:
        """Follow-up as text (empty when the table gives none)."""
        return self.duration or ""


class StudiesFile(Record):
    """``data/studies.yaml``."""

    studies: list[Study] = Field(min_length=1)


class Number(Record):
    """A headline number of one trial (value, unit, citation key, what it means, reported range)."""

    id: Id
    value: float
    unit: Text
    source: Text
    note: Text
    low: float | None = None
    high: float | None = None

    def parameter(self) -> Parameter:
        """The number as a :class:`~ketcourse.science.parameters.Parameter`."""
        return Parameter(self.value, self.unit, self.source, self.note, low=self.low, high=self.high)


class MadrsDifference(Record):
    """A between-arm difference in MADRS change (negative favours the drug).

    Attributes
    ----------
    label, key : str
        Trial name and citation key.
    drug : {"esketamine", "ketamine"}
        The drug tested.
    estimate : float
        Difference in MADRS points, drug minus control.
    ci : list of two floats or None
        95% confidence interval, when reported.
    timepoint : str
        When it was measured.
    primary_met : bool
        Whether the trial met its primary endpoint.
    note : str
        p-value or other comment.
    """

    id: Id
    label: Text
    key: Text
    drug: Literal["esketamine", "ketamine"]
    estimate: float
    ci: Annotated[list[float], Field(min_length=2, max_length=2)] | None
    timepoint: Text
    primary_met: bool
    note: str = ""


class Comparison(Record):
    """A head-to-head trial: the outcome rate in each arm and the reported CI of their difference.

    Attributes
    ----------
    label, key : str
        Trial name and citation key.
    outcome : str
        What the rates count (remission, response ...).
    drug, comparator : str
        The two arms.
    drug_rate, comparator_rate : float
        Fractions (0-1) reaching the outcome.
    diff_low, diff_high : float or None
        Reported 95% CI of the difference, drug minus comparator, in percentage points.
    margin : float or None
        Non-inferiority margin in percentage points, when the trial had one.
    """

    id: Id
    key: Text
    label: Text
    outcome: Text
    drug: Text
    comparator: Text
    drug_rate: Annotated[float, Field(ge=0, le=1)]
    comparator_rate: Annotated[float, Field(ge=0, le=1)]
    diff_low: float | None
    diff_high: float | None
    margin: float | None

    @property
    def difference_points(self) -> float:
        """Drug minus comparator, in percentage points."""
        return 100 * (self.drug_rate - self.comparator_rate)


class NumbersFile(Record):
    """``data/numbers.yaml``."""

    numbers: list[Number]
    comparisons: list[Comparison]
    madrs_differences: list[MadrsDifference]


class Topic(Record):
    """A detail table of the chapter (``data/topics.yaml``): its rows are the studies that name it."""

    id: Id
    title: Text
    grade: str | None
    certainty: Text
    certainty_keys: list[Text] = Field(min_length=1)
    newest: Annotated[int, Field(ge=1990, le=2100)]


class TopicsFile(Record):
    """``data/topics.yaml``."""

    topics: list[Topic] = Field(min_length=1)


# --- Loading ------------------------------------------------------------------------------------
def _unique_ids(items: Iterable[Record], what: str) -> list[str]:
    seen: set[str] = set()
    problems = []
    for item in items:
        ident = item.id  # type: ignore[attr-defined]
        if ident in seen:
            problems.append(f"{what} {ident!r}: field 'id': duplicate id")
        seen.add(ident)
    return problems


@cache
def load_conditions(path: Path = DATA_DIR / "conditions.yaml") -> ConditionsFile:
    """Load and check ``conditions.yaml`` (ids unique, every rating on the scale)."""
    data = load_model(path, ConditionsFile)
    scale = [r.id for r in data.ratings]
    problems = _unique_ids(data.ratings, "ratings item") + _unique_ids(data.conditions, "conditions item")
    problems += [
        f"conditions item {c.id!r}: field 'rating': unknown rating {c.rating!r}; expected one of {scale}"
        for c in data.conditions
        if c.rating not in scale
    ]
    if problems:
        raise DataFileError(path, problems)
    return data


@cache
def load_studies(path: Path = DATA_DIR / "studies.yaml", conditions: tuple[str, ...] | None = None) -> StudiesFile:
    """Load and check ``studies.yaml`` (ids unique, every condition known)."""
    data = load_model(path, StudiesFile)
    known = conditions if conditions is not None else tuple(c.id for c in load_conditions().conditions)
    problems = _unique_ids(data.studies, "studies item")
    problems += [
        f"studies item {s.id!r}: field 'condition': unknown condition {s.condition!r}"
        for s in data.studies
        if s.condition not in known
    ]
    if problems:
        raise DataFileError(path, problems)
    return data


@cache
def load_numbers(path: Path = DATA_DIR / "numbers.yaml") -> NumbersFile:
    """Load and check ``numbers.yaml`` (ids unique)."""
    data = load_model(path, NumbersFile)
    problems = _unique_ids(data.numbers, "numbers item") + _unique_ids(data.madrs_differences, "madrs_differences item")
    problems += _unique_ids(data.comparisons, "comparisons item")
    if problems:
        raise DataFileError(path, problems)
    return data


@cache
def load_topics(path: Path = DATA_DIR / "topics.yaml", studies: Path = DATA_DIR / "studies.yaml") -> TopicsFile:
    """Load and check ``topics.yaml`` (ids unique; every topic a study names exists and has rows)."""
    data = load_model(path, TopicsFile)
    known = {t.id for t in data.topics}
    rows = load_studies(studies).studies
    problems = _unique_ids(data.topics, "topics item")
    problems += [
        f"{studies.name}: studies item {s.id!r}: field 'topics': unknown topic {t!r}"
        for s in rows
        for t in s.topics
        if t not in known
    ]
    used = {t for s in rows for t in s.topics}
    problems += [f"topics item {t.id!r}: no study in {studies.name} names it" for t in data.topics if t.id not in used]
    if problems:
        raise DataFileError(path, problems)
    return data


def data_files() -> tuple[Path, ...]:
    """Every data file of the chapter."""
    return tuple(sorted(DATA_DIR.glob("*.yaml")))


_conditions_file = load_conditions()
_numbers_file = load_numbers()

#: Strength-of-evidence ratings, weakest first. ``RATING_MEANING`` says what each means.
RATINGS: tuple[str, ...] = tuple(r.id for r in _conditions_file.ratings)
RATING_MEANING: dict[str, str] = {r.id: r.meaning for r in _conditions_file.ratings}

CONDITIONS: tuple[Condition, ...] = tuple(_conditions_file.conditions)
STUDIES: tuple[Study, ...] = tuple(load_studies().studies)
MADRS_DIFFERENCES: tuple[MadrsDifference, ...] = tuple(_numbers_file.madrs_differences)
NUMBERS: dict[str, Parameter] = {n.id: n.parameter() for n in _numbers_file.numbers}
COMPARISONS: dict[str, Comparison] = {c.id: c for c in _numbers_file.comparisons}
TOPICS: tuple[Topic, ...] = tuple(load_topics().topics)


def number(number_id: str) -> Parameter:
    """The headline number with id ``number_id`` (see ``data/numbers.yaml``)."""
    one_of(number_id, NUMBERS, "number")
    return NUMBERS[number_id]


# --- Headline numbers used by figures and exercises ---------------------------------------------
SUSTAIN1_RELAPSE_ESKETAMINE = number("sustain1-relapse-esketamine")
SUSTAIN1_RELAPSE_PLACEBO = number("sustain1-relapse-placebo")
SUSTAIN1_HAZARD_RATIO = number("sustain1-hazard-ratio")
SUSTAIN1_NNT = number("sustain1-nnt")
_ELEKTD = COMPARISONS["elekt-d"]
ELEKTD_RESPONSE_KETAMINE = Parameter(_ELEKTD.drug_rate, "1", _ELEKTD.key, "Response with IV ketamine in ELEKT-D.")
ELEKTD_RESPONSE_ECT = Parameter(_ELEKTD.comparator_rate, "1", _ELEKTD.key, "Response with ECT in ELEKT-D.")


# --- Look-ups -----------------------------------------------------------------------------------
def condition(condition_id: str) -> Condition:
    """The :class:`Condition` with id ``condition_id``."""
    one_of(condition_id, [c.id for c in CONDITIONS], "condition")
    return next(c for c in CONDITIONS if c.id == condition_id)


def studies_for(condition_id: str) -> tuple[Study, ...]:
    """The studies listed for one condition, in table order."""
    condition(condition_id)
    return tuple(s for s in STUDIES if s.condition == condition_id)


def participants(condition_id: str) -> int | None:
    """Participants behind a condition's evidence, counted without double-counting.

    The count is the larger of (a) the biggest evidence synthesis listed and
    (b) the sum of the individual trials (trials are often inside the syntheses,
    so the two are not added). Rows marked ``counted: false`` (a synthesis that
    pools other drugs or populations) and guidelines are left out. ``None``
    when nothing is left to count.

    Parameters
    ----------
    condition_id : str
        Id of a :class:`Condition`.

    Returns
    -------
    int or None
        Number of people.
    """
    counted = [(s.kind, s.n) for s in studies_for(condition_id) if s.counted and s.n is not None]
    trials = sum(n for kind, n in counted if kind == "trial")
    pooled = max((n for kind, n in counted if kind == "synthesis"), default=0)
    total = max(trials, pooled)
    return total if total > 0 else None


def all_citation_keys() -> set[str]:
    """Every citation key the chapter's data files use."""
    keys = {s.key for s in STUDIES} | {m.key for m in MADRS_DIFFERENCES}
    keys |= {p.source for p in NUMBERS.values()} | {c.key for c in COMPARISONS.values()}
    keys |= {k for t in TOPICS for k in t.certainty_keys}
    return keys


def condition_keys(condition_id: str) -> tuple[str, ...]:
    """Citation keys of one condition's studies, without repeats, in table order."""
    return tuple(dict.fromkeys(s.key for s in studies_for(condition_id)))


# --- The per-condition summary table ------------------------------------------------------------
def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _participants_text(condition_id: str) -> str:
    total = participants(condition_id)
    return "none counted (guidelines only)" if total is None else f"{total:,}"


class EvidenceSummary:
    """Per-condition summary of the evidence table; displays as HTML or text.

    Parameters
    ----------
    conditions : tuple of Condition
        The rows, in order.
    """

    def __init__(self, conditions: tuple[Condition, ...]) -> None:
        self.conditions = conditions

    def rows(self) -> list[dict[str, str]]:
        """One dict per condition with the text of every column."""
        out = []
        for c in self.conditions:
            studies = studies_for(c.id)
            out.append(
                {
                    "Condition": c.name,
                    "What was tested": c.tested,
                    "Studies": "; ".join(f"{s.label} ({s.n_text})" for s in studies),
                    "Participants": _participants_text(c.id),
                    "Controls": ", ".join(_unique(s.control for s in studies)),
                    "How long": "; ".join(_unique(s.duration_text for s in studies)) or "–",
                    "Rating": c.rating,
                    "Why": c.rating_note,
                }
            )
        return out

    def _repr_html_(self) -> str:
        def esc(text: str) -> str:
            return html.escape(text.replace("*", ""))

        head = "".join(
            f"<th>{h}</th>"
            for h in (
                "Condition (what was tested)",
                "Studies (n) and people in total",
                "Controls",
                "How long",
                "Rating",
            )
        )
        body = "".join(
            "<tr>"
            f"<td><b>{esc(row['Condition'])}</b><br><small>{esc(row['What was tested'])}</small></td>"
            f"<td>{esc(row['Studies'])}<br><b>Total: {esc(row['Participants'])}</b></td>"
            f"<td>{esc(row['Controls'])}</td>"
            f"<td>{esc(row['How long'])}</td>"
            f"<td><b>{esc(row['Rating'])}</b><br><small>{esc(row['Why'])}</small></td>"
            "</tr>"
            for row in self.rows()
        )
        return (
            '<div class="kc-table-wrap" style="overflow-x:auto">'
            '<table class="kc-table kc-evidence-table" style="font-size:0.85em;min-width:48em">'
            f"<caption>Evidence by condition. Ratings: "
            f"{html.escape('; '.join(f'{r}: {m}' for r, m in RATING_MEANING.items()))}.</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        )

    def __str__(self) -> str:
        lines = []
        for row in self.rows():
            lines.append(f"{row['Condition']}: rating {row['Rating']} (participants: {row['Participants']})")
            lines.append(f"  tested: {row['What was tested']}")
            lines.append(f"  studies: {row['Studies']}")
            lines.append(f"  controls: {row['Controls']}")
            lines.append(f"  how long: {row['How long']}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)


def summary_table(condition_ids: Iterable[str] | None = None) -> EvidenceSummary:
    """The per-condition summary of the evidence table.

    Parameters
    ----------
    condition_ids : iterable of str, optional
        Conditions to include, in this order; all of :data:`CONDITIONS` by default.
    """
    if condition_ids is None:
        return EvidenceSummary(CONDITIONS)
    if isinstance(condition_ids, str):
        raise TypeError(f"condition_ids must be a list of ids, not a single string {condition_ids!r}")
    return EvidenceSummary(tuple(condition(cid) for cid in condition_ids))


# --- Detail tables by topic ---------------------------------------------------------------------
def topic(topic_id: str) -> Topic:
    """The :class:`Topic` with id ``topic_id``."""
    one_of(topic_id, [t.id for t in TOPICS], "topic")
    return next(t for t in TOPICS if t.id == topic_id)


def studies_in_topic(topic_id: str) -> tuple[Study, ...]:
    """The rows of one detail table, in the order of ``studies.yaml``."""
    topic(topic_id)
    return tuple(s for s in STUDIES if topic_id in s.topics)


def topic_table(topic_id: str) -> Table:
    """One detail table: design, n, control, primary outcome, result and its uncertainty per study."""
    t = topic(topic_id)
    rows = tuple(
        (
            s.label,
            s.design + (f" ({s.population})" if s.population else ""),
            s.n_text,
            s.control,
            s.primary_outcome or "–",
            s.finding,
            s.uncertainty or "–",
        )
        for s in studies_in_topic(topic_id)
    )
    return Table(
        t.title,
        ("Study", "Design", "n", "Control", "Primary outcome", "Result", "Uncertainty"),
        rows,
        note=f"How certain: {t.certainty} Newest source in this table: {t.newest}.",
    )


def certainty_table() -> Table:
    """How certain each body of evidence is, and the year of its newest source."""
    return Table(
        "How certain is each body of evidence?",
        ("Topic", "Certainty (GRADE where a review gives it; otherwise the review's own wording)", "Newest source"),
        tuple((t.title, f"GRADE: {t.grade}. {t.certainty}" if t.grade else t.certainty, str(t.newest)) for t in TOPICS),
    )
