"""Plain-text rendering of a quiz bank (terminals, e-mail, accessibility fallback)."""

from __future__ import annotations

import textwrap

from ketcourse.engine.quiz.schema import Bank

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def bank_to_text(bank: Bank, *, answers: bool = False, width: int = 88) -> str:
    """Render ``bank`` as numbered questions with lettered choices.

    With ``answers=True`` the correct letters and explanations follow each question.
    """
    bank = bank.displayed()
    lines = [bank.title, "=" * min(len(bank.title), width), ""]
    for n, q in enumerate(bank.questions, 1):
        tail = " (select all that apply)" if q.multiple else ""
        lines += textwrap.wrap(f"{n}. {q.prompt}{tail}", width)
        for i, c in enumerate(q.choices):
            lines += textwrap.wrap(f"   {_LETTERS[i]}) {c.text}", width, subsequent_indent="      ")
        if answers:
            letters = ", ".join(_LETTERS[i] for i in q.correct_indices)
            lines.append(f"   Answer: {letters}")
            lines += textwrap.wrap(f"   {q.explanation}", width, subsequent_indent="   ")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
