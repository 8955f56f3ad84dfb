"""Plain-text rendering of a quiz bank (terminals, e-mail, accessibility fallback)."""

from __future__ import annotations

import textwrap

from ketcourse.engine.quiz.schema import (
    AnyQuestion,
    Bank,
    ChoiceQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
)

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def numeric_answer_text(q: NumericQuestion) -> str:
    """``7.04 patients (within ±0.5)``: the key with its unit and tolerance."""
    unit = f" {q.unit}" if q.unit and q.unit != "%" else q.unit
    if q.tolerance == 0:
        tol = ""
    elif q.tolerance_type == "relative":
        tol = f" (within {q.tolerance * 100:.3g}%)"
    else:
        tol = f" (within ±{_fmt(q.tolerance)})"
    return f"{_fmt(q.answer)}{unit}{tol}"


def question_to_text(n: int, q: AnyQuestion, *, answers: bool = False, width: int = 88) -> list[str]:
    """Lines for one question of any type (choices already in display order)."""
    lines: list[str] = []
    wrap = textwrap.wrap
    if isinstance(q, ChoiceQuestion):
        tail = " (select all that apply)" if q.multiple else ""
        lines += wrap(f"{n}. {q.prompt}{tail}", width)
        for i, c in enumerate(q.choices):
            lines += wrap(f"   {_LETTERS[i]}) {c.text}", width, subsequent_indent="      ")
        key = ", ".join(_LETTERS[i] for i in q.correct_indices)
    elif isinstance(q, NumericQuestion):
        unit = f" (answer in {q.unit})" if q.unit else " (answer with a number)"
        lines += wrap(f"{n}. {q.prompt}{unit}", width)
        key = numeric_answer_text(q)
    elif isinstance(q, OrderingQuestion):
        lines += wrap(f"{n}. {q.prompt} (put in order)", width)
        order = q.display_order()
        for shown, i in enumerate(order):
            lines += wrap(f"   {_LETTERS[shown]}) {q.items[i]}", width, subsequent_indent="      ")
        key = ", ".join(_LETTERS[order.index(i)] for i in range(len(q.items)))
    else:
        assert isinstance(q, ShortQuestion)
        lines += wrap(f"{n}. {q.prompt} (type a term)", width)
        also = f" (also accepted: {', '.join(q.accepted[1:])})" if len(q.accepted) > 1 else ""
        key = q.accepted[0] + also
    if answers:
        lines += wrap(f"   Answer: {key}", width, subsequent_indent="   ")
        if isinstance(q, NumericQuestion):
            lines += wrap(f"   Worked solution: {q.solution}", width, subsequent_indent="   ")
        lines += wrap(f"   {q.explanation}", width, subsequent_indent="   ")
    return lines


def bank_to_text(bank: Bank, *, answers: bool = False, width: int = 88) -> str:
    """Render ``bank`` as numbered questions with lettered choices.

    With ``answers=True`` the key and explanation follow each question.
    """
    bank = bank.displayed()
    lines = [bank.title, "=" * min(len(bank.title), width), ""]
    for n, q in enumerate(bank.questions, 1):
        lines += question_to_text(n, q, answers=answers, width=width)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
