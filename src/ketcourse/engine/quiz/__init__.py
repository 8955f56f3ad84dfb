"""Quiz engine: YAML banks, validation, and three renderers (static HTML, live widgets, text)."""

from __future__ import annotations

from typing import Any

from ketcourse.engine.quiz.schema import Bank, QuizBankError, bank_names, load_bank, load_bank_file, validate_bank

__all__ = ["Bank", "QuizBankError", "StaticQuiz", "bank_names", "load_bank", "load_bank_file", "show", "validate_bank"]


class StaticQuiz:
    """Displays a bank as static HTML (book) with a plain-text fallback."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from ketcourse.engine.quiz.render_html import bank_to_html
        from ketcourse.engine.quiz.render_text import bank_to_text

        return {"text/html": bank_to_html(self.bank), "text/plain": bank_to_text(self.bank)}


def show(bank: str | Bank, mode: str | None = None) -> Any:
    """Return a displayable quiz for a packaged bank name or a :class:`Bank`.

    ``mode`` is ``"live"`` (ipywidgets) or ``"static"`` (HTML); it defaults to
    :func:`ketcourse.engine.mode.render_mode`.
    """
    from ketcourse.engine.mode import MODES, render_mode

    if isinstance(bank, str):
        bank = load_bank(bank)
    elif not isinstance(bank, Bank):
        raise TypeError(f"show() needs a bank name or a Bank, got {type(bank).__name__}")
    chosen = render_mode() if mode is None else mode
    if chosen not in MODES:
        raise ValueError(f"unknown mode {chosen!r}; allowed: {', '.join(MODES)}")
    if chosen == "live":
        from ketcourse.engine.quiz.render_widget import LiveQuiz

        return LiveQuiz(bank)
    return StaticQuiz(bank)
