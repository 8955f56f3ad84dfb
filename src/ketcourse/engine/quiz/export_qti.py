"""QTI 1.2 export for Canvas (Classic and New Quizzes) and other QTI importers, built with ``text2qti``.

The banks are written in text2qti's plain-text quiz format and converted by the library, which writes the
manifest and the assessment XML. Bank text is plain text: it is HTML-escaped and every Markdown/text2qti
special character is backslash-escaped, so it comes out exactly as written. Mapping:

* choice → multiple choice (one correct) or multiple answers, with each choice's feedback;
* numeric → numerical with the absolute tolerance; the known mistakes' feedback and the worked solution
  go into the incorrect-answer feedback (QTI has no per-value feedback here);
* short → fill-in-the-blank with the accepted spellings (Canvas compares them case-insensitively);
* ordering → left out (text2qti has no ordering or matching type); the quiz description says how many.
"""

from __future__ import annotations

import html

from ketcourse.engine.quiz.export import general_feedback, number_text
from ketcourse.engine.quiz.schema import (
    Bank,
    ChoiceQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
)

# Python-Markdown's escapable characters, text2qti's LaTeX '$' and smarty's quotes.
_MD_SPECIAL = set("\\`*_{}[]()#+-.!$|\"'")  # < > & become HTML entities instead


def md_text(text: str) -> str:
    """Plain text as text2qti Markdown that renders to exactly that text (one line)."""
    flat = " ".join(text.split())
    escaped = "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in flat)
    return html.escape(escaped, quote=False)


def skipped_questions(banks: list[Bank]) -> list[str]:
    """``chapter/id`` of the questions QTI cannot carry (ordering)."""
    return [f"{b.chapter}/{q.id}" for b in banks for q in b.questions if isinstance(q, OrderingQuestion)]


def to_text2qti(banks: list[Bank], title: str | None = None) -> str:
    """The banks in text2qti's quiz format."""
    skipped = skipped_questions(banks)
    name = title or (banks[0].title if len(banks) == 1 else "ketcourse: all chapter quizzes")
    note = "Educational material only, not medical advice."
    if skipped:
        note += (
            f" {len(skipped)} ordering question(s) are not included because QTI quizzes for Canvas"
            f" have no ordering type: {', '.join(skipped)}."
        )
    lines = [f"Quiz title: {md_text(name)}", f"Quiz description: {md_text(note)}", "Shuffle answers: true", ""]
    n = 0
    for bank in banks:
        for q in bank.questions:
            if isinstance(q, OrderingQuestion):
                continue
            n += 1
            lines.append(f"Title: {bank.chapter}/{q.id}")  # ids are [a-z0-9-]: plain text
            lines.append(f"{n}.  {md_text(q.prompt)}")
            lines.append(f"... {md_text(general_feedback(q))}")
            if isinstance(q, ChoiceQuestion):
                multiple = q.multiple
                for k, c in enumerate(q.choices):
                    letter = "abcdefghij"[k]
                    correct_mark, other_mark = ("[*]", "[ ]") if multiple else (f"*{letter})", f"{letter})")
                    mark = correct_mark if c.correct else other_mark
                    lines.append(f"{mark} {md_text(c.text)}")
                    lines.append(f"... {md_text(c.feedback)}")
            elif isinstance(q, NumericQuestion):
                lines.append(f"+   {md_text('Correct.')}")
                hints = " ".join(f"If you answered about {number_text(w.value)}: {w.feedback}" for w in q.wrong_answers)
                wrong = f"Not correct. {hints} Worked solution: {q.solution}".replace("  ", " ")
                lines.append(f"-   {md_text(wrong)}")
                lines.append(f"=   {number_text(q.answer)} +- {number_text(q.abs_tolerance)}")
            else:
                assert isinstance(q, ShortQuestion)
                lines.append(f"+   {md_text('Correct.')}")
                lines.append(f"-   {md_text(q.feedback_wrong or 'That is not one of the accepted terms.')}")
                for a in q.accepted:
                    lines.append(f"*   {' '.join(a.split())}")  # accepted answers are plain text, not Markdown
            lines.append("")
    return "\n".join(lines)


def to_qti_zip(banks: list[Bank], title: str | None = None) -> bytes:
    """A QTI 1.2 zip (manifest + assessment) that Canvas imports as one quiz."""
    from text2qti.config import Config  # type: ignore[import-untyped]
    from text2qti.qti import QTI  # type: ignore[import-untyped]
    from text2qti.quiz import Quiz  # type: ignore[import-untyped]

    config = Config()  # defaults only: no config file is read or written, no network
    quiz = Quiz(to_text2qti(banks, title), config=config, source_name="ketcourse banks")
    return bytes(QTI(quiz).zip_bytes())
