"""Properties every chapter's exercise checks share (ketcourse.chapters.<name>.checks)."""

from __future__ import annotations

import importlib
import inspect

import pytest

from ketcourse.chapters import CHAPTERS
from ketcourse.engine.checks import Feedback, check_quantity

MODULES = list(CHAPTERS)
TASKS = [
    (name, fname, fn)
    for name in MODULES
    for fname, fn in inspect.getmembers(
        importlib.import_module(f"ketcourse.chapters.{name}.checks"), inspect.isfunction
    )
    if fname.startswith("task_") and fn.__module__ == f"ketcourse.chapters.{name}.checks"
]


def test_every_chapter_has_3_to_6_tasks():
    assert len(MODULES) >= 7
    for name in MODULES:
        n = sum(1 for m, _, _ in TASKS if m == name)
        assert 3 <= n <= 6, f"{name}: {n} tasks"


@pytest.mark.parametrize(("module", "name", "task"), TASKS, ids=[f"{m}.{n}" for m, n, _ in TASKS])
def test_placeholder_reports_not_attempted(module, name, task):
    result = task(...)
    assert isinstance(result, Feedback)
    assert result.status == "not attempted"
    assert "Replace the ..." in result.message


@pytest.mark.parametrize(("module", "name", "task"), TASKS, ids=[f"{m}.{n}" for m, n, _ in TASKS])
def test_nonsense_answer_gets_feedback_not_a_traceback(module, name, task):
    result = task(object())
    assert result.status == "incorrect"
    assert result.message


def test_units_feedback_is_specific():
    fb = check_quantity("Task 9", (0.5, "µM"), 120.0, "ng/mL")
    assert fb.status == "incorrect" and "Units: you gave µM, the task asks ng/mL" in fb.message
    assert check_quantity("Task 9", (120.0, "ng/ml"), 120.0, "ng/mL").passed
    assert "too high" in check_quantity("Task 9", 300, 120.0, "ng/mL").message


def test_feedback_status_validated():
    with pytest.raises(ValueError, match="status must be one of"):
        Feedback("Task 1", "maybe", "x")
