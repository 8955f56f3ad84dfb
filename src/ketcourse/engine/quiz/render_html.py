"""Static HTML quiz: works in the built book with no kernel and no network.

All bank text is HTML-escaped. Element ids are derived from the chapter and
question ids, so the output is identical on every run. Behaviour (showing the
feedback of the chosen answer) comes from ``ketcourse.js``, which the book
ships; with JavaScript off, each question's explanation is still readable in
a ``<details>`` element.
"""

from __future__ import annotations

from html import escape

from ketcourse.engine.quiz.schema import Bank, Question

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def question_id(bank: Bank, question: Question) -> str:
    """Deterministic HTML id of a question."""
    return f"kc-quiz-{bank.chapter}-{question.id}"


def _question_html(bank: Bank, number: int, q: Question) -> str:
    qid = question_id(bank, q)
    bloom = f' <span class="kc-bloom">({escape(q.bloom)})</span>' if q.bloom else ""
    hint = ' <span class="kc-hint">Select all that apply.</span>' if q.multiple else ""
    parts = [
        f'<div class="kc-question" id="{qid}" data-kc-multiple="{str(q.multiple).lower()}">',
        f'<p class="kc-prompt" id="{qid}-prompt"><span class="kc-qnum">{number}.</span> '
        f"{escape(q.prompt)}{bloom}{hint}</p>",
        f'<div class="kc-choices" role="group" aria-labelledby="{qid}-prompt">',
    ]
    for i, choice in enumerate(q.choices):
        cid = f"{qid}-{_LETTERS[i]}"
        correct = "true" if choice.correct else "false"
        if q.multiple:
            parts.append(
                f'<label class="kc-choice kc-check-choice" for="{cid}">'
                f'<input type="checkbox" id="{cid}" data-correct="{correct}" aria-describedby="{cid}-fb"> '
                f"{escape(choice.text)}</label>"
            )
        else:
            parts.append(
                f'<button type="button" class="kc-choice" id="{cid}" data-correct="{correct}" '
                f'aria-pressed="false" aria-describedby="{cid}-fb">'
                f'<span class="kc-letter">{_LETTERS[i]}.</span> {escape(choice.text)}</button>'
            )
    parts.append("</div>")
    if q.multiple:
        parts.append(f'<button type="button" class="kc-submit" id="{qid}-submit">Check answer</button>')
    parts.append(f'<div class="kc-feedback-area" id="{qid}-feedback" aria-live="polite">')
    for i, choice in enumerate(q.choices):
        cid = f"{qid}-{_LETTERS[i]}"
        verdict = "Correct" if choice.correct else "Not correct"
        kind = "kc-right" if choice.correct else "kc-wrong"
        parts.append(
            f'<p class="kc-feedback {kind}" id="{cid}-fb" hidden>'
            f"<strong>{_LETTERS[i]}. {verdict}.</strong> {escape(choice.feedback)}</p>"
        )
    parts.append("</div>")
    refs = ", ".join(escape(r) for r in q.references)
    sources = f'<p class="kc-sources">Sources: {refs}</p>' if refs else ""
    parts.append(
        f'<details class="kc-explanation" id="{qid}-explanation"><summary>Explanation</summary>'
        f"<p>{escape(q.explanation)}</p>{sources}</details></div>"
    )
    return "".join(parts)


def bank_to_html(bank: Bank) -> str:
    """Render ``bank`` as a static, keyboard-usable HTML quiz."""
    bank = bank.displayed()
    questions = "".join(_question_html(bank, n, q) for n, q in enumerate(bank.questions, 1))
    return (
        f'<section class="kc-quiz" id="kc-quiz-{bank.chapter}" data-kc-quiz="{len(bank.questions)}" '
        f'aria-label="{escape(bank.title)}">'
        f'<p class="kc-quiz-title">{escape(bank.title)}</p>{questions}</section>'
    )
