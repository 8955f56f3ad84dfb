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
CODE_PLACEHOLDER = "# YOUR ANSWER HERE: replace the ... above"
MARKDOWN_PLACEHOLDER = "*Write your answer here.*"
FEEDBACK_LINE = re.compile(r"^(Task [^:]+): (correct|incorrect|not attempted)\.", re.MULTILINE)


class MarkerError(ValueError):
    """A notebook's solution markers are malformed (names the file and cell)."""


@dataclass(frozen=True)
class Region:
    """One solution region: its cell index and line span (inclusive markers)."""

    cell: int
    begin: int
    end: int


def _source(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def find_regions(nb: Any, name: str = "<notebook>") -> list[Region]:
    """Locate every solution region, checking markers are paired and not nested.

    Raises
    ------
    MarkerError
        For an unclosed, unopened or nested marker, naming the file, cell and line.
    """
    regions: list[Region] = []
    for ci, cell in enumerate(nb.get("cells", [])):
        open_at: int | None = None
        for li, line in enumerate(_source(cell).split("\n")):
            stripped = line.strip()
            if stripped == BEGIN:
                if open_at is not None:
                    raise MarkerError(
                        f"{name}: cell {ci + 1}, line {li + 1}: nested '{BEGIN}' "
                        f"(the one on line {open_at + 1} is still open)"
                    )
                open_at = li
            elif stripped == END:
                if open_at is None:
                    raise MarkerError(f"{name}: cell {ci + 1}, line {li + 1}: '{END}' without a '{BEGIN}'")
                regions.append(Region(ci, open_at, li))
                open_at = None
        if open_at is not None:
            raise MarkerError(
                f"{name}: cell {ci + 1}, line {open_at + 1}: '{BEGIN}' is never closed "
                f"(add a '{END}' line in the same cell)"
            )
    return regions


def solution_lines(nb: Any, name: str = "<notebook>") -> list[str]:
    """The non-blank lines inside solution regions (markers excluded)."""
    out = []
    for r in find_regions(nb, name):
        lines = _source(nb["cells"][r.cell]).split("\n")
        out += [ln for ln in lines[r.begin + 1 : r.end] if ln.strip()]
    return out


def _clear(cell: Any) -> None:
    if cell.get("cell_type") == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
    cell.get("metadata", {}).pop("execution", None)


def student_copy(nb: Any, name: str = "<notebook>") -> Any:
    """A copy with every solution region replaced by a placeholder and all outputs cleared."""
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
            elif stripped == END:
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
