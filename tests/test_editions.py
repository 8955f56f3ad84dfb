"""Marker linting and edition safety (issue 11): a mistyped marker is an error, never a leak."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from ketcourse import cli
from ketcourse.engine import editions

ROOT = Path(__file__).resolve().parents[1]

# Each of these looks like a solution/hidden-test marker but is not exactly one.
NEAR_MISSES = [
    "###BEGIN SOLUTION",
    "### begin solution",
    "## BEGIN SOLUTION",
    "#### BEGIN SOLUTION",
    "### BEGIN SOLUTION ###",
    "### BEGIN SOLUTIONS",
    "# BEGIN_SOLUTION",
    "### Begin Hidden Tests",
    "### END HIDDEN TEST",
]


def nb_with(*sources: str, kind: str = "code"):
    nb = nbformat.v4.new_notebook()
    for i, src in enumerate(sources):
        cell = nbformat.v4.new_code_cell(src) if kind == "code" else nbformat.v4.new_markdown_cell(src)
        cell["id"] = f"c{i}"
        nb.cells.append(cell)
    return nb


def write_nb(folder: Path, name: str, *sources: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(nb_with(*sources), path)
    return path


@pytest.mark.parametrize("typo", NEAR_MISSES)
def test_a_near_miss_marker_is_an_error_naming_file_cell_and_line(typo):
    # The same typo at both ends: before the fix the region was not recognised and stayed in the copy.
    end = typo.replace("BEGIN", "END").replace("begin", "end").replace("Begin", "End")
    nb = nb_with("print('intro')", f"x = ...\n{typo}\nx = 42  # the answer\n{end}\ncheck(x)")
    with pytest.raises(editions.MarkerError) as err:
        editions.student_copy(nb, "ex.ipynb")
    message = str(err.value)
    assert "ex.ipynb: cell 2, line 2" in message and "looks like a marker" in message
    with pytest.raises(editions.MarkerError):
        editions.instructor_copy(nb, "ex.ipynb")


@pytest.mark.parametrize(
    "source, message",
    [
        ("### BEGIN SOLUTION\nx = 1", "cell 1, line 1: '### BEGIN SOLUTION' is never closed"),
        ("x = 1\n### END SOLUTION", "cell 1, line 2: '### END SOLUTION' without a '### BEGIN SOLUTION'"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "cell 1, line 2: nested"),
        ("### BEGIN SOLUTION\nx\n### END HIDDEN TESTS", "closes the '### BEGIN SOLUTION' of line 1"),
    ],
)
def test_unpaired_markers_are_errors(source, message):
    with pytest.raises(editions.MarkerError, match=message):
        editions.find_regions(nb_with(source), "ex.ipynb")


def test_every_problem_is_reported_not_only_the_first():
    nb = nb_with("###BEGIN SOLUTION\nx\n###END SOLUTION", "y\n### end solution")
    problems = editions.marker_problems(nb, "ex.ipynb")
    assert [p.split(":")[1].strip() for p in problems] == ["cell 1, line 1", "cell 1, line 3", "cell 2, line 2"]


def test_prose_mentioning_solutions_is_not_a_marker():
    nb = nb_with("Begin with the solution of task 1, then end with a check.", kind="markdown")
    assert editions.marker_problems(nb) == []
    nb = nb_with("# The solution below uses occupancy()\nx = 1")
    assert editions.marker_problems(nb) == []


def test_hidden_tests_are_removed_from_the_student_copy_and_kept_for_instructors():
    nb = nb_with(
        "x = ...\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n"
        "### BEGIN HIDDEN TESTS\nassert x == 1\n### END HIDDEN TESTS"
    )
    student = editions.student_copy(nb)
    assert "assert x == 1" not in student.cells[0].source and "x = 1" not in student.cells[0].source
    assert "HIDDEN" not in student.cells[0].source
    instructor = editions.instructor_copy(nb)
    assert "assert x == 1" in "".join(c.source for c in instructor.cells)


@pytest.mark.parametrize("command", ["student", "instructor"])
def test_cli_copies_reject_a_near_miss_and_write_nothing(tmp_path, capsys, command):
    src = tmp_path / "src"
    write_nb(src, "01_good.ipynb", "x = ...\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    write_nb(src, "02_bad.ipynb", "y = ...\n### BEGIN SOLUTION ###\ny = 2\n### END SOLUTION ###")
    out = tmp_path / "out"
    code = cli.main([command, "--source", str(src), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert (
        err.startswith("ketcourse: error: ") and "02_bad.ipynb: cell 1, line 2" in err and "looks like a marker" in err
    )
    assert not out.exists(), "nothing may be written when one notebook is bad"


def test_verify_rejects_a_near_miss_before_running_anything(tmp_path, capsys):
    src = tmp_path / "src"
    nb = nbformat.read(ROOT / "exercises" / "02_nmda.ipynb", as_version=4)
    for cell in nb.cells:
        cell.source = cell.source.replace("### BEGIN SOLUTION", "### begin solution").replace(
            "### END SOLUTION", "### end solution"
        )
    src.mkdir()
    nbformat.write(nb, src / "02_nmda.ipynb")
    code = cli.main(["verify", "--source", str(src)])
    err = capsys.readouterr().err
    assert code == 2 and "02_nmda.ipynb: cell" in err and "looks like a marker" in err


def test_verify_summary_counts_what_it_saw(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "exercises" / "02_nmda.ipynb", src)
    nb = nbformat.read(src / "02_nmda.ipynb", as_version=4)
    regions = sum(r.kind == "solution" for r in editions.find_regions(nb))
    # Break one solution: the summary must say so instead of claiming every check passed.
    for cell in nb.cells:
        cell.source = cell.source.replace('occupancy(150, "ng/mL"))', 'occupancy(15, "ng/mL"))')
    nbformat.write(nb, src / "02_nmda.ipynb")
    code = cli.main(["verify", "--source", str(src)])
    out = capsys.readouterr().out
    assert code == 1
    line = next(ln for ln in out.splitlines() if "02_nmda.ipynb" in ln)
    assert line.startswith("BAD") and f"{regions} solution region(s)" in line
    total = int(line.split("checks correct")[0].split("/")[-1])
    correct = int(line.split(" checks correct")[0].split("; ")[-1].split("/")[0])
    assert correct == total - 1, line
