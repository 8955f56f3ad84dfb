"""Feedback objects and the generic checks the chapter checks are built from."""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

from ketcourse.engine.validate import UNIT_SPELLINGS as UNIT_ALIASES

STATUSES = ("correct", "incorrect", "not attempted")
_ICONS = {"correct": "✅", "incorrect": "❌", "not attempted": "⏳"}
_COLOURS = {"correct": "#009E73", "incorrect": "#D55E00", "not attempted": "#6E6E6E"}


@dataclass(frozen=True)
class Feedback:
    """Result of checking one task.

    Attributes
    ----------
    task : str
        Which task, e.g. ``"Task 1"``.
    status : {"correct", "incorrect", "not attempted"}
    message : str
        What is right or wrong about the answer.
    hint : str
        A pointer toward the fix (empty when correct).
    """

    task: str
    status: str
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {self.status!r}")

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        text = f"{self.task}: {self.status}. {self.message}"
        return f"{text} Hint: {self.hint}" if self.hint else text

    def _repr_html_(self) -> str:
        hint = f"<br><i>Hint:</i> {html.escape(self.hint)}" if self.hint else ""
        return (
            f'<div class="kc-check kc-check-{self.status.replace(" ", "-")}" '
            f'style="border-left:4px solid {_COLOURS[self.status]};padding:0.3em 0.7em">'
            f"{_ICONS[self.status]} <b>{html.escape(self.task)}: {self.status}.</b> "
            f"{html.escape(self.message)}{hint}</div>"
        )

    def __repr__(self) -> str:
        return str(self)


def not_attempted(task: str) -> Feedback:
    """The feedback for an answer still set to ``...``."""
    return Feedback(task, "not attempted", "Replace the ... with your answer and run the cell again.")


def is_unanswered(answer: Any) -> bool:
    """True for the placeholder ``...`` (or ``None``)."""
    return answer is Ellipsis or answer is None


def _split_quantity(answer: Any) -> tuple[float | None, str | None]:
    """Accept ``number`` or ``(number, "unit")``; return (value, unit or None)."""
    if isinstance(answer, tuple) and len(answer) == 2 and isinstance(answer[1], str):
        value, unit = answer
    else:
        value, unit = answer, None
    if isinstance(value, bool):
        return None, unit
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None, unit
    return (number if math.isfinite(number) else None), unit


def check_quantity(
    task: str,
    answer: Any,
    expected: float,
    unit: str,
    *,
    rel_tol: float = 0.05,
    alternatives: dict[str, float] | None = None,
    hint: str = "",
) -> Feedback:
    """Check a numeric answer, with specific feedback on units and common slips.

    Parameters
    ----------
    task : str
        Task label for the feedback.
    answer : number or (number, unit)
        The student's answer. A unit, if given, must be a spelling of ``unit``.
    expected : float
        The reference value, in ``unit`` (computed with the library, not typed in).
    unit : str
        Unit the task asks for.
    rel_tol : float
        Accepted relative error.
    alternatives : dict, optional
        Known wrong results mapped to explanations, e.g. the same quantity in
        another unit: ``{"you gave µM, the task asks ng/mL": value_in_um}``.
    hint : str
        Generic hint shown for other wrong answers.
    """
    if is_unanswered(answer):
        return not_attempted(task)
    value, given_unit = _split_quantity(answer)
    if value is None:
        return Feedback(
            task,
            "incorrect",
            f"Expected a number in {unit}, got {answer!r}.",
            f"Give a single number, optionally as (number, '{unit}').",
        )
    if given_unit is not None:
        canon = UNIT_ALIASES.get(given_unit, given_unit)
        if canon != UNIT_ALIASES.get(unit, unit):
            return Feedback(
                task,
                "incorrect",
                f"Units: you gave {given_unit}, the task asks {unit}.",
                f"Convert your answer to {unit}.",
            )
    shown = "" if unit == "1" else f" {unit}"
    if math.isclose(value, expected, rel_tol=rel_tol, abs_tol=1e-12):
        return Feedback(task, "correct", f"{value:.4g}{shown} matches the model ({expected:.4g}{shown}).")
    for explanation, wrong in (alternatives or {}).items():
        if math.isclose(value, wrong, rel_tol=rel_tol, abs_tol=1e-12):
            return Feedback(task, "incorrect", f"{value:.4g} is not right: {explanation}.", hint)
    direction = "too high" if value > expected else "too low"
    return Feedback(task, "incorrect", f"{value:.4g}{shown} is {direction}.", hint)


def check_choice(
    task: str, answer: Any, correct: str, allowed: tuple[str, ...], feedback: dict[str, str] | None = None
) -> Feedback:
    """Check an answer picked from ``allowed`` (case-insensitive), with per-option feedback."""
    if is_unanswered(answer):
        return not_attempted(task)
    options = {a.lower(): a for a in allowed}
    if not isinstance(answer, str) or answer.strip().lower() not in options:
        return Feedback(
            task,
            "incorrect",
            f"{answer!r} is not one of the options.",
            f"Answer with one of: {', '.join(repr(a) for a in allowed)}.",
        )
    picked = options[answer.strip().lower()]
    note = (feedback or {}).get(picked, "")
    if picked == correct:
        return Feedback(task, "correct", f"{picked!r} is right. {note}".strip())
    return Feedback(
        task,
        "incorrect",
        f"{picked!r} is not the best answer. {note}".strip(),
        "Re-read the relevant section of the chapter.",
    )


PLACEHOLDERS = frozenset(
    {"", "...", "…", "todo", "tbd", "your answer", "your answer here", "write here", "write your reflection here"}
)
_PRIVACY = "Self-marking only: nothing you write or tick is stored or sent anywhere; it stays on this page."


def _is_placeholder(text: str) -> bool:
    return " ".join(text.casefold().split()).strip(" .:") in {p.strip(" .:") for p in PLACEHOLDERS}


@dataclass(frozen=True, repr=False)
class ReflectionFeedback(Feedback):
    """Feedback on a written reflection: the rubric and model answer, with a self-marking checklist.

    Nothing is graded automatically and nothing is stored or sent: the checklist is plain HTML checkboxes.
    """

    rubric: tuple[str, ...] = ()
    model_answer: str = ""

    def __str__(self) -> str:
        lines = [Feedback.__str__(self)]
        if self.status != "not attempted":
            lines += ["Rubric (tick each point your answer covers):"] + [f"  [ ] {p}" for p in self.rubric]
            if self.model_answer:
                lines.append(f"Model answer: {self.model_answer}")
            lines.append(_PRIVACY)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = Feedback._repr_html_(self)
        if self.status == "not attempted":
            return head
        import hashlib
        import re

        slug = re.sub(r"[^a-z0-9]+", "-", self.task.lower()).strip("-") or "task"
        digest = hashlib.sha256("\n".join(self.rubric).encode()).hexdigest()[:8]
        base = f"kc-reflect-{slug}-{digest}"
        items = "".join(
            f'<li><input type="checkbox" id="{base}-{i}"> <label for="{base}-{i}">{html.escape(p)}</label></li>'
            for i, p in enumerate(self.rubric, 1)
        )
        model = (
            f'<details class="kc-model-answer" open><summary>Model answer</summary>'
            f"<p>{html.escape(self.model_answer)}</p></details>"
            if self.model_answer
            else ""
        )
        return (
            f'{head}<div class="kc-rubric" id="{base}" data-kc-points="{len(self.rubric)}">'
            f'<p id="{base}-label"><b>Self-mark your reflection:</b> tick each point your answer covers.</p>'
            f'<ul class="kc-rubric-points" aria-labelledby="{base}-label">{items}</ul>'
            f'<p class="kc-rubric-count" id="{base}-count" aria-live="polite"></p>{model}'
            f'<p class="kc-privacy">{html.escape(_PRIVACY)}</p></div>'
        )


def check_reflection(
    task: str,
    answer: Any,
    rubric: list[str] | tuple[str, ...] | None = None,
    model_answer: str = "",
    *,
    min_words: int | None = None,
) -> Feedback:
    """Feedback on a free-text reflection.

    With a ``rubric`` (3-5 points) and a ``model_answer``, any written answer gets the rubric and the model
    answer with a self-marking checklist; the length of the text is not judged. An empty or placeholder
    answer is "not attempted". Nothing is stored or sent.

    Without a rubric (the older form, ``min_words=...``) the reflection is only acknowledged when it has
    at least ``min_words`` words (default 30); chapters move to rubrics.
    """
    if is_unanswered(answer) or (isinstance(answer, str) and _is_placeholder(answer)):
        return not_attempted(task)
    if not isinstance(answer, str):
        return Feedback(task, "incorrect", f"Write your reflection as text in quotes, got {type(answer).__name__}.")
    if rubric is not None:
        points = tuple(str(p).strip() for p in rubric)
        if not 3 <= len(points) <= 5 or not all(points):
            raise ValueError(f"a reflection rubric has 3 to 5 non-empty points, got {len(points)}")
        return ReflectionFeedback(
            task,
            "correct",
            "Reflection written (self-marked, not graded). Compare it with the rubric and the model answer below.",
            rubric=points,
            model_answer=model_answer.strip(),
        )
    words = len(answer.split())
    limit = 30 if min_words is None else min_words
    if words < limit:
        return Feedback(
            task,
            "incorrect",
            f"Your reflection has {words} words; aim for at least {limit}.",
            "Explain your reasoning and name the evidence you rely on.",
        )
    return Feedback(
        task,
        "correct",
        f"Reflection recorded ({words} words). Compare it with the model answer your instructor provides.",
    )
