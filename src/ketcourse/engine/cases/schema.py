"""Branching clinical cases: YAML files checked against pydantic models and as a graph.

A case (``<chapter>/cases/<case-id>.yaml``) is a sequence of steps; each step shows a vignette update
and a question, and the option chosen decides the feedback and the next step (or ``end``). The
checks: ids are ``[a-z0-9-]``; every ``next`` is a step id or ``end``; every step is reachable from
``start``; from every step some path reaches ``end`` (no trap); no option offers a dose; citation
keys exist in the nearest ``references.bib`` and ``teaches`` names a page of the book when the
book's sources are found above the case file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator

from ketcourse.engine.data import DataFileError, Record, format_validation_error, load_yaml

__all__ = [
    "END",
    "Case",
    "CaseError",
    "CaseOption",
    "CaseStep",
    "case_names",
    "case_paths",
    "load_case",
    "load_case_file",
    "validate_case",
]

END = "end"
SCORES = ("best", "acceptable", "poor")
MAX_OPTIONS = 6
MAX_STEPS = 40
_ID = r"^[a-z0-9][a-z0-9-]*$"
_TEACHES = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*(#[A-Za-z0-9_-]+)?$")
#: A dose offered to a person: a number followed by a dose unit (mg, mg/kg, µg, mcg, mL).
_DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:mg|µg|μg|mcg|ug|ml|mL)(?:\s*/\s*kg)?\b", re.IGNORECASE)

Text = Annotated[str, Field(min_length=1)]
Ident = Annotated[str, Field(pattern=_ID)]


class CaseError(DataFileError):
    """A case failed validation; ``problems`` lists every problem, each naming the file and step."""


class CaseOption(Record):
    """One choice at a step: its feedback, where it leads, how good it is and where the course teaches it."""

    text: Text
    feedback: Text
    next: Ident
    score: Literal["best", "acceptable", "poor"]
    teaches: Text
    references: tuple[Text, ...] = ()

    @field_validator("teaches")
    @classmethod
    def _teaches(cls, v: str) -> str:
        if not _TEACHES.match(v) or ".." in v:
            raise ValueError("must be a page path inside the book such as 'chapters/06_safety' (optionally #anchor)")
        return v

    @field_validator("text")
    @classmethod
    def _no_dose(cls, v: str) -> str:
        m = _DOSE.search(v)
        if m:
            raise ValueError(f"offers a dose ({m.group(0)!r}); a case never offers a dose for a person")
        return v


class CaseStep(Record):
    """A vignette update, a question and its options."""

    id: Ident
    vignette: Text
    question: Text
    options: tuple[CaseOption, ...] = Field(min_length=2, max_length=MAX_OPTIONS)


class Case(Record):
    """A validated branching case."""

    id: Ident
    title: Text
    summary: Text
    disclaimer: str = ""
    start: Ident
    steps: tuple[CaseStep, ...] = Field(min_length=1, max_length=MAX_STEPS)
    source: str = "<memory>"

    def step(self, sid: str) -> CaseStep:
        for s in self.steps:
            if s.id == sid:
                return s
        raise KeyError(f"no step {sid!r} in case {self.id!r}; steps: {[s.id for s in self.steps]}")

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.steps)

    def paths(self, limit: int = 10_000) -> list[list[tuple[str, int]]]:
        """Every walk from ``start`` to ``end`` that takes no (step, option) edge twice, as (step id, option index)."""
        found: list[list[tuple[str, int]]] = []

        def walk(sid: str, taken: list[tuple[str, int]]) -> None:
            if len(found) >= limit:
                return
            for k, opt in enumerate(self.step(sid).options):
                if (sid, k) in taken:
                    continue
                path = [*taken, (sid, k)]
                if opt.next == END:
                    found.append(path)
                else:
                    walk(opt.next, path)

        walk(self.start, [])
        return found


def graph_problems(case: Case) -> list[str]:
    """Problems of the step graph: unknown targets, unreachable steps, steps that cannot reach the end."""
    problems: list[str] = []
    ids = [s.id for s in case.steps]
    seen: set[str] = set()
    for sid in ids:
        if sid == END:
            problems.append(f"step {sid!r}: 'end' is reserved for the end of the case; rename the step")
        if sid in seen:
            problems.append(f"step {sid!r}: duplicate step id")
        seen.add(sid)
    known = set(ids)
    if case.start not in known:
        problems.append(f"case: field 'start' is {case.start!r}, which is not a step id; steps: {ids}")
        return problems
    edges: dict[str, set[str]] = {s.id: set() for s in case.steps}
    for s in case.steps:
        for k, opt in enumerate(s.options, 1):
            if opt.next != END and opt.next not in known:
                problems.append(f"step {s.id!r}, option {k}: field 'next' is {opt.next!r}: no such step (or 'end')")
            else:
                edges[s.id].add(opt.next)
    reach, todo = {case.start}, [case.start]
    while todo:
        for n in edges.get(todo.pop(), ()):
            if n != END and n not in reach:
                reach.add(n)
                todo.append(n)
    for sid in ids:
        if sid not in reach:
            problems.append(f"step {sid!r}: not reachable from the start step {case.start!r}")
    can_end = {sid for sid, targets in edges.items() if END in targets}
    changed = True
    while changed:
        changed = False
        for sid, targets in edges.items():
            if sid not in can_end and targets & can_end:
                can_end.add(sid)
                changed = True
    for sid in ids:
        if sid in reach and sid not in can_end:
            problems.append(f"step {sid!r}: no choice from here ever reaches 'end' (the reader would be trapped)")
    return problems


def validate_case(data: object, source: str = "<memory>") -> Case:
    """Validate parsed YAML ``data`` (schema and graph) and return a :class:`Case`."""
    if not isinstance(data, dict):
        raise CaseError(
            source, [f"case: must be a mapping with id, title, summary, start, steps; got {type(data).__name__}"]
        )
    fixed = dict(data)
    if isinstance(fixed.get("steps"), list):
        steps = []
        for s in fixed["steps"]:
            if isinstance(s, dict) and isinstance(s.get("options"), list):
                s = dict(s)
                s["options"] = tuple(
                    dict(o, references=tuple(o["references"]))
                    if isinstance(o, dict) and isinstance(o.get("references"), list)
                    else o
                    for o in s["options"]
                )
            steps.append(s)
        fixed["steps"] = tuple(steps)
    fixed["source"] = source
    try:
        case = Case.model_validate(fixed)
    except ValidationError as err:
        lines = [
            line.replace("steps item ", "step ").replace(": options item ", ", option ")
            for line in format_validation_error(err, data)
        ]
        raise CaseError(source, lines) from None
    problems = graph_problems(case)
    if problems:
        raise CaseError(source, problems)
    return case


def _book_root(start: Path) -> Path | None:
    for folder in start.resolve().parents:
        if (folder / "_toc.yml").is_file():
            return folder
    return None


def course_problems(case: Case, path: Path, bib: str | Path | None = None) -> list[str]:
    """Citation keys in references.bib; ``teaches`` pages exist in the book (when its sources are found)."""
    from ketcourse.engine.quiz.schema import bib_keys, find_bib

    problems: list[str] = []
    bib_path = Path(bib) if bib is not None else find_bib(path)
    keys = bib_keys(bib_path) if bib_path is not None else None
    root = _book_root(path)
    for s in case.steps:
        for k, opt in enumerate(s.options, 1):
            where = f"step {s.id!r}, option {k}"
            if keys is not None:
                missing = [r for r in opt.references if r not in keys]
                if missing:
                    problems.append(f"{where}: field 'references': {missing} not in {bib_path}")
            if root is not None:
                page = opt.teaches.split("#", 1)[0]
                if not any((root / f"{page}{ext}").is_file() for ext in (".ipynb", ".md")):
                    problems.append(f"{where}: field 'teaches': no page {page!r} (.ipynb or .md) in {root}")
    if path.stem != case.id:
        problems.append(f"case: field 'id' is {case.id!r} but the file is named {path.name!r}")
    return problems


def load_case_file(path: str | Path, *, bib: str | Path | None = None) -> Case:
    """Read a case strictly, validate schema, graph and course checks; raise :class:`CaseError`."""
    p = Path(path)
    try:
        data = load_yaml(p)
    except DataFileError as err:
        raise CaseError(p, err.problems) from None
    case = validate_case(data, str(p))
    problems = course_problems(case, p, bib)
    if problems:
        raise CaseError(p, problems)
    return case


def case_paths() -> dict[str, Path]:
    """Every case file of the registered chapters (``<chapter>/cases/*.yaml``), by case id (file stem)."""
    from ketcourse.engine.registry import chapter_dirs

    found: dict[str, Path] = {}
    for d in chapter_dirs().values():
        for f in sorted((d / "cases").glob("*.yaml")):
            found.setdefault(f.stem, f)
    return found


def case_names() -> list[str]:
    return sorted(case_paths())


def load_case(path_or_name: str | Path) -> Case:
    """Load a case by id (from the registered chapters) or by file path."""
    paths = case_paths()
    if isinstance(path_or_name, str) and path_or_name in paths:
        return load_case_file(paths[path_or_name])
    p = Path(path_or_name)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return load_case_file(p)
    raise ValueError(f"unknown case {str(path_or_name)!r}; available: {', '.join(sorted(paths)) or 'none'}")
