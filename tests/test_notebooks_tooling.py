"""Solution markers, student and instructor copies (ketcourse.engine.editions)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from ketcourse.engine import editions as notebooks

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))


def make_nb(*sources: str, kinds: tuple[str, ...] | None = None):
    nb = nbformat.v4.new_notebook()
    for i, src in enumerate(sources):
        kind = kinds[i] if kinds else "code"
        cell = nbformat.v4.new_code_cell(src) if kind == "code" else nbformat.v4.new_markdown_cell(src)
        cell["id"] = f"c{i}"
        if kind == "code":
            cell["outputs"] = [nbformat.v4.new_output("stream", text="old output")]
            cell["execution_count"] = i + 1
        nb.cells.append(cell)
    return nb


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_student_copy_contains_no_solution_line(path):
    nb = nbformat.read(path, as_version=4)
    solution = notebooks.solution_lines(nb, path.name)
    assert solution, f"{path.name} has no solutions"
    student = notebooks.student_copy(nb, path.name)
    student_lines = {ln.strip() for c in student.cells for ln in "".join(c.source).split("\n")}
    leaked = [ln for ln in solution if ln.strip() in student_lines]
    assert not leaked, f"solution lines leaked into the student copy: {leaked[:3]}"
    assert notebooks.BEGIN not in str(student) and notebooks.END not in str(student)
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_exercise_notebooks_have_checks_and_a_reflection(path):
    nb = nbformat.read(path, as_version=4)
    text = "\n".join("".join(c.source) for c in nb.cells)
    regions = notebooks.find_regions(nb, path.name)
    assert 3 <= len(regions) <= 6, f"{path.name}: {len(regions)} tasks (3-6 expected)"
    statuses = notebooks.feedback_statuses(nb)
    assert len(statuses) == len(regions) and all(s == "correct" for _, s in statuses), statuses
    assert "check.task_" in text or "check_" in text
    assert "reflection" in text.lower()
    assert "not medical advice" in "".join(nb.cells[0].source)


def test_student_copy_keeps_structure_and_placeholder():
    nb = make_nb("x = ...\n### BEGIN SOLUTION\nx = 42\n### END SOLUTION\ncheck(x)")
    student = notebooks.student_copy(nb)
    assert student.cells[0].source == f"x = ...\n{notebooks.CODE_PLACEHOLDER}\ncheck(x)"
    assert nb.cells[0].source.count("42") == 1, "the source notebook must not be modified"


def test_markdown_solutions_are_replaced_too():
    nb = make_nb("Answer:\n### BEGIN SOLUTION\nThe model answer.\n### END SOLUTION", kinds=("markdown",))
    student = notebooks.student_copy(nb)
    assert "model answer" not in student.cells[0].source
    assert notebooks.MARKDOWN_PLACEHOLDER in student.cells[0].source


def test_instructor_copy_splits_solutions_into_dropdowns_in_run_order():
    nb = make_nb("x = ...\n### BEGIN SOLUTION\nx = 42\n### END SOLUTION\ncheck(x)")
    inst = notebooks.instructor_copy(nb)
    sources = [c.source for c in inst.cells]
    assert sources == ["x = ...", "x = 42", "check(x)"]
    assert inst.cells[1].metadata["tags"] == ["hide-input"]
    assert all(c.outputs == [] for c in inst.cells)


@pytest.mark.parametrize(
    "source, message",
    [
        ("### BEGIN SOLUTION\nx = 1", "is never closed"),
        ("x = 1\n### END SOLUTION", "without a '### BEGIN SOLUTION'"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "nested"),
    ],
)
def test_malformed_markers_are_named(source, message):
    nb = make_nb("print('ok')", source)
    with pytest.raises(notebooks.MarkerError, match=message) as err:
        notebooks.student_copy(nb, "ex.ipynb")
    assert "ex.ipynb: cell 2" in str(err.value)


def test_feedback_statuses_and_errors_parsed_from_outputs():
    nb = make_nb("a", "b")
    nb.cells[0].outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "Task 1: correct. Fine."}, execution_count=1)
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output("error", ename="NameError", evalue="x", traceback=[])]
    assert notebooks.feedback_statuses(nb) == [("Task 1", "correct")]
    assert notebooks.execution_errors(nb) == ["cell 2: NameError: x"]


def test_exercise_folder_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        notebooks.exercise_notebooks(tmp_path / "nope")
    with pytest.raises(FileNotFoundError, match=r"no \.ipynb notebooks"):
        notebooks.exercise_notebooks(tmp_path)
