"""Reflection tasks of the exercises: a rubric and a model answer per task, kept as data.

A chapter keeps its reflections in ``data/reflections.yaml`` beside its ``checks.py``::

    reflections:
      - task: "Task 5"
        rubric: [3 to 5 points a good answer makes]
        model_answer: "..."

:func:`reflection_check` returns a check that shows the rubric and the model answer through
:func:`ketcourse.engine.checks.check_reflection` (self-marked; nothing is stored or sent).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import Field

from ketcourse.engine import checks as engine_checks
from ketcourse.engine.data import Record, load_model


class Reflection(Record):
    """One reflection task: its rubric (3-5 points) and a model answer."""

    task: str = Field(min_length=1)
    rubric: list[str] = Field(min_length=3, max_length=5)
    model_answer: str = Field(min_length=1)


class ReflectionsFile(Record):
    """The whole of ``data/reflections.yaml``."""

    reflections: list[Reflection] = Field(min_length=1)


def load_reflections_file(path: str | Path) -> ReflectionsFile:
    """Load and schema-check one ``reflections.yaml`` (a bad file gets one clear error line)."""
    return load_model(Path(path), ReflectionsFile)


def load_reflections(checks_file: str | Path) -> dict[str, Reflection]:
    """The reflections of the chapter whose ``checks.py`` is ``checks_file``, by task name."""
    path = Path(checks_file).resolve().parent / "data" / "reflections.yaml"
    return {r.task: r for r in load_reflections_file(path).reflections}


def reflection_check(checks_file: str | Path) -> Callable[[str, Any], engine_checks.Feedback]:
    """A function ``check(task, answer)`` for the chapter's reflection tasks."""
    reflections = load_reflections(checks_file)

    def check(task: str, answer: Any) -> engine_checks.Feedback:
        r = reflections[task]
        return engine_checks.check_reflection(task, answer, rubric=list(r.rubric), model_answer=r.model_answer)

    return check
