"""otter-grader assignments from the course's exercise notebooks (Gradescope, JupyterHub, local grading).

An exercise notebook marks each answer between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` after a
placeholder line (``x = ...``) and ends the cell with a check call (``check.task_1(x)``) that prints the
course's feedback. :func:`to_otter` rewrites it in otter's assignment format:

* a ``# ASSIGNMENT CONFIG`` raw cell first (tests run against the solutions; an autograder zip is generated);
* each ``## Task N`` heading with the code cell after it becomes an otter question ``task_N``: the markers
  become otter's ``# BEGIN SOLUTION NO PROMPT`` / ``# END SOLUTION`` (the placeholder line stays, so the
  student copy is exactly the course's student copy), and the check call becomes the question's test:
  a function asserting ``check.task_N(x).passed`` with ``str(feedback)`` as the message, so a failing test
  reports the course's own feedback;
* every other cell is copied unchanged.

Educational material only, not medical advice: the notebooks keep their notices.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

__all__ = ["OtterExportError", "otter_files", "otter_notebook", "to_otter", "write_otter_assignments"]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
_TASK_HEADING = re.compile(r"^#{2,3}\s+Task\s+(\d+)\b", re.MULTILINE)
_CHECK_CALL = re.compile(r"^(?P<call>\w+\.task_\d+\(.*\))\s*$")


class OtterExportError(ValueError):
    """A notebook the converter cannot map onto otter (names the file, cell and problem)."""


def _raw(text: str) -> Any:
    import nbformat

    return nbformat.v4.new_raw_cell(text)  # type: ignore[no-untyped-call]


def _code(text: str) -> Any:
    import nbformat

    return nbformat.v4.new_code_cell(text)  # type: ignore[no-untyped-call]


def _names(call: str) -> list[str]:
    """Notebook names a check call reads (otter passes them to the test function by parameter name)."""
    import ast
    import builtins

    found: list[str] = []
    for node in ast.walk(ast.parse(call, mode="eval")):
        if isinstance(node, ast.Name) and node.id not in found and not hasattr(builtins, node.id):
            found.append(node.id)
    return found


def to_otter(nb: Any, name: str, source: str = "<notebook>") -> Any:
    """The otter-assign master notebook for one exercise notebook."""
    out = copy.deepcopy(nb)
    cells: list[Any] = []
    config = (
        "# ASSIGNMENT CONFIG\n"
        f"name: {name}\n"
        "init_cell: true\n"
        "check_all_cell: false\n"
        "export_cell: false\n"
        "run_tests: true\n"
        "solutions_pdf: false\n"
        "generate: true\n"
        "tests:\n"
        "  files: false\n"
        "  ok_format: false\n"
    )
    cells.append(_raw(config))
    src_cells = list(nb.cells)
    i = 0
    tasks = 0
    while i < len(src_cells):
        cell = src_cells[i]
        heading = _TASK_HEADING.search(cell.source) if cell.cell_type == "markdown" else None
        nxt = src_cells[i + 1] if i + 1 < len(src_cells) else None
        if heading and nxt is not None and nxt.cell_type == "code" and BEGIN in nxt.source:
            n = heading.group(1)
            lines = nxt.source.splitlines()
            checks = [ln for ln in lines if _CHECK_CALL.match(ln.strip())]
            if len(checks) != 1:
                raise OtterExportError(
                    f"{source}: cell {i + 2}: task {n} needs exactly one check call such as 'check.task_{n}(answer)'"
                    f", found {len(checks)}"
                )
            if sum(ln.strip() == BEGIN for ln in lines) != 1 or sum(ln.strip() == END for ln in lines) != 1:
                raise OtterExportError(f"{source}: cell {i + 2}: task {n} needs one {BEGIN!r} and one {END!r} line")
            body = []
            for ln in lines:
                if ln.strip() == BEGIN:
                    body.append(ln.replace(BEGIN, "# BEGIN SOLUTION NO PROMPT"))
                elif ln.strip() == END:
                    body.append(ln.replace(END, "# END SOLUTION"))
                else:
                    body.append(ln)
            call = checks[0].strip()
            cells += [
                _raw(f"# BEGIN QUESTION\nname: task_{n}\npoints: 1"),
                cell,
                _raw("# BEGIN SOLUTION"),
                _code("\n".join(body)),
                _raw("# END SOLUTION"),
                _raw("# BEGIN TESTS"),
                _code(
                    f'""" # BEGIN TEST CONFIG\nhidden: false\n""" # END TEST CONFIG\n'
                    f"def test_task_{n}({', '.join(_names(call))}):\n"
                    f"    feedback = {call}\n    assert feedback.passed, str(feedback)\n\n"
                    f"test_task_{n}()"
                ),
                _raw("# END TESTS"),
                _raw("# END QUESTION"),
            ]
            tasks += 1
            i += 2
            continue
        if cell.cell_type == "code" and (BEGIN in cell.source or END in cell.source):
            raise OtterExportError(f"{source}: cell {i + 1}: a solution outside a '## Task N' question")
        cells.append(cell)
        i += 1
    if tasks == 0:
        raise OtterExportError(f"{source}: no '## Task N' heading followed by a solution cell")
    out.cells = cells
    return out


def otter_notebook(path: Path) -> Any:
    import nbformat

    nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    return to_otter(nb, path.stem, str(path))


def otter_files(source: Path) -> dict[str, str]:
    """Every exercise notebook in ``source`` as an otter master notebook: ``{"<name>/<name>.ipynb": json}``.

    All notebooks are converted before the caller writes anything. Run
    ``otter assign <name>/<name>.ipynb dist/<name>`` on each to get the student notebook, the autograder zip
    and the solutions.
    """
    import nbformat

    paths = sorted(p for p in source.glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise OtterExportError(f"{source}: no exercise notebooks")
    write = nbformat.writes
    return {f"{p.stem}/{p.name}": write(otter_notebook(p)) + "\n" for p in paths}  # type: ignore[no-untyped-call]


def write_otter_assignments(source: Path, out: Path) -> list[Path]:
    """Write :func:`otter_files` under ``out`` (all or nothing, atomically) and return the paths."""
    from ketcourse.engine.safe_io import write_files

    files = {out / rel: text for rel, text in otter_files(source).items()}
    write_files(files, force=True)
    return sorted(files)
