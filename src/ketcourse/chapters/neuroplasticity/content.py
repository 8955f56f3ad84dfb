"""Neuroplasticity evidence as data: timed findings after ketamine, and the open debates.

The rows live in ``data/findings.yaml`` and ``data/debates.yaml`` beside this
module and are schema-checked when it is imported. Each row cites keys in
``references.bib``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, Strict, model_validator

from ketcourse.engine.data import Record, load_model
from ketcourse.engine.validate import one_of
from ketcourse.science.parameters import all_parameters

#: Folder of this chapter's data files.
DATA_DIR = Path(__file__).resolve().parent / "data"

#: Citation keys of a row (a YAML list, kept as a tuple).
Keys = Annotated[tuple[str, ...], Strict(False)]

#: Levels of the findings timeline, in display order, with their headings.
LEVELS: dict[str, str] = {
    "molecular": "Molecular signalling",
    "behavioural": "Behaviour",
    "structural": "Spines: one dose",
    "structural_repeated": "Spines: daily doses",
}

#: What a finding reports.
OUTCOMES = ("change", "no change")


class Finding(Record):
    """One timed observation after ketamine in rodents (a row of ``data/findings.yaml``).

    Attributes
    ----------
    id : str
        Short identifier.
    level : str
        One of :data:`LEVELS`.
    label : str
        What was seen, in a few words.
    start_h, end_h : float
        Window after the (first) dose in which it was seen (h). A finding
        reported "within" a time has ``start_h = 0``; a single time point has
        ``start_h == end_h``. In the data file a row gives either
        ``window_h: [start, end]`` with its ``sources``, or ``window_parameter``,
        the name of a literature parameter whose range and source are used.
    outcome : {"change", "no change"}
        Whether a change was seen in that window.
    model : str
        Animal and brain region.
    sources : tuple of str
        Citation keys.
    """

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    level: str
    label: str = Field(min_length=1)
    start_h: float
    end_h: float
    outcome: str
    model: str
    sources: Keys

    @model_validator(mode="before")
    @classmethod
    def _window(cls, data: Any) -> Any:
        if not isinstance(data, dict) or ("window_h" not in data and "window_parameter" not in data):
            return data
        row = dict(data)
        if "window_h" in row and "window_parameter" in row:
            raise ValueError("give window_h or window_parameter, not both")
        if "window_parameter" in row:
            name = row.pop("window_parameter")
            params = all_parameters()
            one_of(name, params, "window_parameter")
            par = params[name]
            if "sources" in row:
                raise ValueError("a row with window_parameter takes its source from the parameter; drop sources")
            row["start_h"], row["end_h"] = par.range
            row["sources"] = (par.source,)
        else:
            window = row.pop("window_h")
            if not isinstance(window, list) or len(window) != 2:
                raise ValueError(f"window_h must be [start, end] in hours, got {window!r}")
            row["start_h"], row["end_h"] = window
        return row

    @model_validator(mode="after")
    def _check(self) -> Finding:
        one_of(self.level, LEVELS, "level")
        one_of(self.outcome, OUTCOMES, "outcome")
        if not 0 <= self.start_h <= self.end_h:
            raise ValueError(f"finding {self.id!r}: need 0 <= start_h <= end_h, got {self.start_h}, {self.end_h}")
        if not self.sources:
            raise ValueError(f"finding {self.id!r} needs at least one source key")
        return self


class FindingsFile(Record):
    """The whole of ``data/findings.yaml``."""

    findings: list[Finding] = Field(min_length=1)


#: Timed findings, ordered by level and then by time (from ``data/findings.yaml``).
FINDINGS: tuple[Finding, ...] = tuple(load_model(DATA_DIR / "findings.yaml", FindingsFile).findings)

#: What kind of study a piece of evidence comes from.
EVIDENCE_KINDS = ("animal", "cells", "human", "commentary")


class Evidence(Record):
    """One piece of evidence in a debate: what was found, in whom, and where it was published."""

    statement: str = Field(min_length=1)
    kind: str
    sources: Keys

    @model_validator(mode="after")
    def _check(self) -> Evidence:
        one_of(self.kind, EVIDENCE_KINDS, "kind")
        if not self.sources:
            raise ValueError(f"evidence {self.statement[:40]!r} needs at least one source key")
        return self


class Debate(Record):
    """An open scientific question about how ketamine works (a row of ``data/debates.yaml``).

    Attributes
    ----------
    id : str
        Short identifier.
    title : str
        Name of the debate.
    claim : str
        The proposal being debated.
    supporting, opposing : tuple of Evidence
        Evidence for and against the claim.
    status : str
        Where the debate stands, in one sentence.
    """

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=1)
    claim: str = Field(min_length=1)
    supporting: Annotated[tuple[Evidence, ...], Strict(False)]
    opposing: Annotated[tuple[Evidence, ...], Strict(False)]
    status: str = Field(min_length=1)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every citation key in the debate, in order of first appearance."""
        keys: list[str] = []
        for ev in self.supporting + self.opposing:
            keys += [k for k in ev.sources if k not in keys]
        return tuple(keys)

    @property
    def has_human_evidence(self) -> bool:
        """True if any evidence for or against comes from people."""
        return any(ev.kind == "human" for ev in self.supporting + self.opposing)


class DebatesFile(Record):
    """The whole of ``data/debates.yaml``."""

    debates: list[Debate] = Field(min_length=1)


#: The open debates (from ``data/debates.yaml``).
DEBATES: tuple[Debate, ...] = tuple(load_model(DATA_DIR / "debates.yaml", DebatesFile).debates)


def finding(finding_id: str) -> Finding:
    """The finding with id ``finding_id`` (see :data:`FINDINGS`)."""
    for f in FINDINGS:
        if f.id == finding_id:
            return f
    one_of(finding_id, [f.id for f in FINDINGS], "finding id")
    raise AssertionError("unreachable")  # pragma: no cover


def debate(debate_id: str) -> Debate:
    """The debate with id ``debate_id`` (see :data:`DEBATES`)."""
    for d in DEBATES:
        if d.id == debate_id:
            return d
    one_of(debate_id, [d.id for d in DEBATES], "debate id")
    raise AssertionError("unreachable")  # pragma: no cover


def findings(level: str | None = None) -> tuple[Finding, ...]:
    """Findings, optionally of one level."""
    if level is not None:
        one_of(level, LEVELS, "level")
    return tuple(f for f in FINDINGS if level is None or f.level == level)


def all_sources() -> set[str]:
    """Every citation key the tables use."""
    return {k for f in FINDINGS for k in f.sources} | {k for d in DEBATES for k in d.sources}
