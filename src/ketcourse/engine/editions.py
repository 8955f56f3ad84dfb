"""Notebook tooling for instructors: solution markers, student and instructor copies, verification.

Solutions sit between lines ``### BEGIN SOLUTION`` and ``### END SOLUTION``
(the nbgrader convention) in code or markdown cells of the exercise notebooks.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
MARKERS = (BEGIN, END, BEGIN_HIDDEN, END_HIDDEN)
CODE_PLACEHOLDER = "# YOUR ANSWER HERE: replace the ... above"
MARKDOWN_PLACEHOLDER = "*Write your answer here.*"
FEEDBACK_LINE = re.compile(r"^(Task [^:]+): (correct|incorrect|not attempted)\.", re.MULTILINE)
# Anything that looks like a marker: comment or heading characters, then BEGIN/END and SOLUTION or
# HIDDEN TESTS in any case or spacing. A line that matches this but is not exactly one of MARKERS is
# an error, so a mistyped marker can never leave a solution in the student copy.
_LOOKS_LIKE_MARKER = re.compile(
    r"^\s*(?:#+|<!--|//|%+|>)?\s*[*_`]*\s*(?:begin|end|start|stop)[\s_-]*(?:of[\s_-]+)?"
    r"(?:the[\s_-]+)?(?:solutions?|hidden[\s_-]*tests?)\b",
    re.IGNORECASE,
)


class MarkerError(ValueError):
    """A notebook's solution markers are malformed (names the file and cell)."""


@dataclass(frozen=True)
class Region:
    """One solution (or hidden-test) region: its cell index and line span (inclusive markers)."""

    cell: int
    begin: int
    end: int
    kind: str = "solution"


def _source(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


_OPENERS = {BEGIN: (END, "solution"), BEGIN_HIDDEN: (END_HIDDEN, "hidden tests")}
_CLOSERS = {END: BEGIN, END_HIDDEN: BEGIN_HIDDEN}


def _nearest_marker(line: str) -> str:
    low = line.lower()
    hidden = "hidden" in low or "test" in low
    closing = re.search(r"\b(end|stop)", low) is not None and re.search(r"\b(begin|start)", low) is None
    return (END_HIDDEN if closing else BEGIN_HIDDEN) if hidden else (END if closing else BEGIN)


def marker_problems(nb: Any, name: str = "<notebook>") -> list[str]:
    """Every marker problem in a notebook, each as 'file: cell C, line L: what is wrong'.

    Checks that markers are exact (``### BEGIN SOLUTION`` / ``### END SOLUTION``,
    ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``: three ``#``, upper case, nothing
    after), paired in the same cell and not nested.
    """
    problems: list[str] = []
    for ci, cell in enumerate(nb.get("cells", [])):
        open_at: tuple[int, str] | None = None
        for li, line in enumerate(_source(cell).split("\n")):
            stripped = line.strip()
            where = f"{name}: cell {ci + 1}, line {li + 1}"
            if stripped not in MARKERS:
                if _LOOKS_LIKE_MARKER.match(stripped):
                    hint = _nearest_marker(stripped)
                    problems.append(
                        f"{where}: {stripped[:60]!r} looks like a marker but is not one (write exactly {hint!r})"
                    )
                continue
            if stripped in _OPENERS:
                if open_at is not None:
                    problems.append(
                        f"{where}: nested {stripped!r} (the {open_at[1]!r} on line {open_at[0] + 1} is still open)"
                    )
                    continue
                open_at = (li, stripped)
            else:
                if open_at is None:
                    problems.append(f"{where}: {stripped!r} without a {_CLOSERS[stripped]!r}")
                elif _OPENERS[open_at[1]][0] != stripped:
                    problems.append(f"{where}: {stripped!r} closes the {open_at[1]!r} of line {open_at[0] + 1}")
                    open_at = None
                else:
                    open_at = None
        if open_at is not None:
            problems.append(
                f"{name}: cell {ci + 1}, line {open_at[0] + 1}: {open_at[1]!r} is never closed "
                f"(add a {_OPENERS[open_at[1]][0]!r} line in the same cell)"
            )
    return problems


def find_regions(nb: Any, name: str = "<notebook>") -> list[Region]:
    """Locate every solution and hidden-test region, after checking every marker (see marker_problems).

    Raises
    ------
    MarkerError
        Listing every malformed, unpaired or nested marker with the file, cell and line.
    """
    problems = marker_problems(nb, name)
    if problems:
        raise MarkerError("\n".join(problems))
    regions: list[Region] = []
    for ci, cell in enumerate(nb.get("cells", [])):
        open_at: int | None = None
        for li, line in enumerate(_source(cell).split("\n")):
            stripped = line.strip()
            if stripped in _OPENERS:
                open_at = li
            elif stripped in _CLOSERS and open_at is not None:
                kind = "solution" if stripped == END else "hidden tests"
                regions.append(Region(ci, open_at, li, kind))
                open_at = None
    return regions


def solution_lines(nb: Any, name: str = "<notebook>") -> list[str]:
    """The non-blank lines inside solution regions (markers excluded)."""
    out = []
    for r in find_regions(nb, name):
        if r.kind != "solution":
            continue
        lines = _source(nb["cells"][r.cell]).split("\n")
        out += [ln for ln in lines[r.begin + 1 : r.end] if ln.strip()]
    return out


def _clear(cell: Any) -> None:
    if cell.get("cell_type") == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
    cell.get("metadata", {}).pop("execution", None)


def student_copy(nb: Any, name: str = "<notebook>") -> Any:
    """A copy with every solution region replaced by a placeholder, hidden tests removed, outputs cleared."""
    find_regions(nb, name)
    out = copy.deepcopy(nb)
    for cell in out["cells"]:
        lines = _source(cell).split("\n")
        kept: list[str] = []
        inside = False
        for line in lines:
            stripped = line.strip()
            if stripped == BEGIN:
                inside = True
                indent = line[: len(line) - len(line.lstrip())]
                placeholder = CODE_PLACEHOLDER if cell.get("cell_type") == "code" else MARKDOWN_PLACEHOLDER
                kept.append(indent + placeholder)
            elif stripped == BEGIN_HIDDEN:
                inside = True
            elif stripped in (END, END_HIDDEN):
                inside = False
            elif not inside:
                kept.append(line)
        cell["source"] = "\n".join(kept)
        _clear(cell)
    out.get("metadata", {}).pop("widgets", None)
    return out


def instructor_copy(nb: Any, name: str = "<notebook>", *, dropdowns: bool = True) -> Any:
    """A copy that keeps the solutions, outputs cleared.

    With ``dropdowns``, each code cell holding a solution is split in three
    (the task's starting line, the solution in its own cell tagged
    ``hide-input`` so the book shows it in a "show code" dropdown, and the
    check), keeping the order in which they run.
    """
    regions = find_regions(nb, name)
    out = copy.deepcopy(nb)
    for cell in out["cells"]:
        _clear(cell)
    out.get("metadata", {}).pop("widgets", None)
    if not dropdowns:
        return out
    by_cell: dict[int, list[Region]] = {}
    for r in regions:
        if r.kind == "solution":
            by_cell.setdefault(r.cell, []).append(r)
    cells: list[Any] = []
    for ci, cell in enumerate(out["cells"]):
        if ci not in by_cell or cell.get("cell_type") != "code":
            cells.append(cell)
            continue
        lines = _source(cell).split("\n")
        pos = 0
        for k, r in enumerate(by_cell[ci]):
            before = "\n".join(lines[pos : r.begin]).strip("\n")
            if before:
                cells.append(_code_cell(before, f"{cell.get('id', ci)}-{k}a", like=cell))
            solution = "\n".join(lines[r.begin + 1 : r.end])
            cells.append(_code_cell(solution, f"{cell.get('id', ci)}-{k}s", tags=["hide-input"], like=cell))
            pos = r.end + 1
        rest = "\n".join(lines[pos:]).strip("\n")
        if rest:
            cells.append(_code_cell(rest, f"{cell.get('id', ci)}-z", like=cell))
    out["cells"] = cells
    return out


def _code_cell(source: str, cid: str, tags: list[str] | None = None, *, like: Any = None) -> Any:
    """A new code cell of the same mapping type as ``like`` (a plain dict or an nbformat node).

    Avoids importing nbformat here: its import costs about 2 s (jsonschema).
    """
    meta: dict[str, Any] = {"tags": tags} if tags else {}
    fields: dict[str, Any] = {
        "cell_type": "code",
        "id": re.sub(r"[^A-Za-z0-9-]", "-", str(cid))[:64],
        "metadata": meta,
        "source": source,
        "outputs": [],
        "execution_count": None,
    }
    kind = type(like) if isinstance(like, dict) else dict
    if kind is dict:
        return fields
    return kind({k: (kind(v) if isinstance(v, dict) else v) for k, v in fields.items()})


def feedback_statuses(nb: Any) -> list[tuple[str, str]]:
    """(task, status) for every check output in an executed notebook."""
    found: list[tuple[str, str]] = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/plain", "") if "data" in output else output.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            found += FEEDBACK_LINE.findall(text)
    return found


def execution_errors(nb: Any) -> list[str]:
    """Error outputs of an executed notebook, as 'cell N: Name: message'."""
    errs = []
    for ci, cell in enumerate(nb.get("cells", [])):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errs.append(f"cell {ci + 1}: {output.get('ename')}: {output.get('evalue')}")
    return errs


def exercise_notebooks(folder: Path) -> list[Path]:
    """The exercise notebooks in ``folder`` (sorted), raising if there are none."""
    if not folder.is_dir():
        raise FileNotFoundError(f"exercise folder {str(folder)!r} does not exist")
    paths = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise FileNotFoundError(f"no .ipynb notebooks in {str(folder)!r}")
    return paths
