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


def check_reflection(task: str, answer: Any, *, min_words: int = 30) -> Feedback:
    """Acknowledge a free-text reflection of reasonable length (it is not graded automatically)."""
    if is_unanswered(answer) or (isinstance(answer, str) and not answer.strip()):
        return not_attempted(task)
    if not isinstance(answer, str):
        return Feedback(task, "incorrect", f"Write your reflection as text in quotes, got {type(answer).__name__}.")
    words = len(answer.split())
    if words < min_words:
        return Feedback(
            task,
            "incorrect",
            f"Your reflection has {words} words; aim for at least {min_words}.",
            "Explain your reasoning and name the evidence you rely on.",
        )
    return Feedback(
        task,
        "correct",
        f"Reflection recorded ({words} words). Compare it with the model answer your instructor provides.",
    )
