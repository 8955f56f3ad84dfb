"""Static HTML quiz: works in the built book with no kernel and no network.

All bank text is HTML-escaped. Element ids are derived from the chapter and
question ids, so the output is identical on every run. Behaviour (showing the
feedback of the chosen answer) comes from ``ketcourse.js``, which the book
ships; with JavaScript off, each question's explanation is still readable in
a ``<details>`` element.
"""

from __future__ import annotations

import json
from html import escape

from ketcourse.engine.quiz.schema import (
    AnyQuestion,
    Bank,
    ChoiceQuestion,
    NumericQuestion,
    OrderingQuestion,
    Question,
    ShortQuestion,
    normalise_term,
)

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def question_id(bank: Bank, question: AnyQuestion) -> str:
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


def _num(value: float) -> str:
    return repr(float(value))


def _prompt(qid: str, number: int, q: AnyQuestion, hint: str) -> str:
    bloom = f' <span class="kc-bloom">({escape(q.bloom)})</span>'
    hint_html = f' <span class="kc-hint">{escape(hint)}</span>' if hint else ""
    return (
        f'<p class="kc-prompt" id="{qid}-prompt"><span class="kc-qnum">{number}.</span> '
        f"{escape(q.prompt)}{bloom}{hint_html}</p>"
    )


def _explanation(qid: str, q: AnyQuestion, extra: str = "") -> str:
    refs = ", ".join(escape(r) for r in q.references)
    sources = f'<p class="kc-sources">Sources: {refs}</p>' if refs else ""
    return (
        f'<details class="kc-explanation" id="{qid}-explanation"><summary>Explanation</summary>'
        f"{extra}<p>{escape(q.explanation)}</p>{sources}</details>"
    )


def _numeric_html(bank: Bank, number: int, q: NumericQuestion) -> str:
    qid = question_id(bank, q)
    unit = escape(q.unit)
    tol = _num(q.abs_tolerance)
    parts = [
        f'<div class="kc-question kc-q-numeric" id="{qid}" data-kc-type="numeric" '
        f'data-answer="{_num(q.answer)}" data-tolerance="{tol}" data-unit="{unit}">',
        _prompt(qid, number, q, "Type a number."),
        f'<div class="kc-answer-row"><label for="{qid}-input">Your answer</label> '
        f'<input type="text" inputmode="decimal" autocomplete="off" class="kc-input" id="{qid}-input" '
        f'aria-describedby="{qid}-unit">'
        f' <span class="kc-unit" id="{qid}-unit">{unit}</span> '
        f'<button type="button" class="kc-submit" id="{qid}-submit">Check answer</button></div>',
        f'<div class="kc-feedback-area" id="{qid}-feedback" aria-live="polite">',
        f'<p class="kc-feedback kc-right" id="{qid}-fb-correct" hidden><strong>Correct.</strong> '
        f"The answer is {escape(_fmt(q.answer))}{(' ' + unit) if unit else ''}"
        f"{escape(_tol_text(q))}.</p>",
    ]
    for i, w in enumerate(q.wrong_answers, 1):
        parts.append(
            f'<p class="kc-feedback kc-wrong" id="{qid}-fb-w{i}" data-value="{_num(w.value)}" '
            f'data-tolerance="{_num(w.tolerance)}" hidden><strong>Not correct.</strong> {escape(w.feedback)}</p>'
        )
    parts += [
        f'<p class="kc-feedback kc-wrong" id="{qid}-fb-high" hidden><strong>Not correct.</strong> '
        "Your answer is too high.</p>",
        f'<p class="kc-feedback kc-wrong" id="{qid}-fb-low" hidden><strong>Not correct.</strong> '
        "Your answer is too low.</p>",
        f'<p class="kc-feedback kc-wrong" id="{qid}-fb-nan" hidden>Type a number, for example 12.5.</p>',
        "</div>",
        f'<details class="kc-solution" id="{qid}-solution"><summary>Worked solution</summary>'
        f"<p>{escape(q.solution)}</p></details>",
        _explanation(qid, q),
        "</div>",
    ]
    return "".join(parts)


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def _tol_text(q: NumericQuestion) -> str:
    if q.tolerance == 0:
        return ""
    if q.tolerance_type == "relative":
        return f" (within {q.tolerance * 100:.3g}%)"
    return f" (within ±{_fmt(q.tolerance)})"


def _ordering_html(bank: Bank, number: int, q: OrderingQuestion) -> str:
    qid = question_id(bank, q)
    n = len(q.items)
    parts = [
        f'<div class="kc-question kc-q-ordering" id="{qid}" data-kc-type="ordering">',
        _prompt(qid, number, q, "Use the Up and Down buttons, then check."),
        f'<ol class="kc-order" id="{qid}-list" aria-labelledby="{qid}-prompt">',
    ]
    for shown, i in enumerate(q.display_order()):
        iid = f"{qid}-i{i + 1}"
        text = escape(q.items[i])
        parts.append(
            f'<li class="kc-order-item" id="{iid}" data-position="{i}">'
            f'<span class="kc-order-text" id="{iid}-text">{text}</span> '
            f'<span class="kc-order-moves">'
            f'<button type="button" class="kc-move" data-move="-1" aria-label="Move up: {text}"'
            f"{' disabled' if shown == 0 else ''}>↑ Up</button> "
            f'<button type="button" class="kc-move" data-move="1" aria-label="Move down: {text}"'
            f"{' disabled' if shown == n - 1 else ''}>↓ Down</button></span></li>"
        )
    correct = "".join(f"<li>{escape(t)}</li>" for t in q.items)
    parts += [
        "</ol>",
        f'<button type="button" class="kc-submit" id="{qid}-submit">Check order</button>',
        f'<div class="kc-feedback-area" id="{qid}-feedback" aria-live="polite">',
        f'<p class="kc-feedback kc-right" id="{qid}-fb-correct" hidden><strong>Correct.</strong> '
        "Every item is in its place.</p>",
        f'<p class="kc-feedback kc-wrong" id="{qid}-fb-wrong" hidden><strong>Not yet.</strong> '
        f'<span class="kc-order-count"></span> of {n} items are in the right place '
        "(marked ✓). Move the others and check again.</p>",
        f'<p class="kc-status" id="{qid}-status"></p>',
        "</div>",
        _explanation(qid, q, f'<p>Correct order:</p><ol class="kc-order-key">{correct}</ol>'),
        "</div>",
    ]
    return "".join(parts)


def _short_html(bank: Bank, number: int, q: ShortQuestion) -> str:
    qid = question_id(bank, q)
    accepted = escape(json.dumps(sorted({normalise_term(a) for a in q.accepted}), ensure_ascii=False))
    wrong = escape(q.feedback_wrong) if q.feedback_wrong else "That is not one of the accepted terms."
    also = ", ".join(escape(a) for a in q.accepted[1:])
    parts = [
        f'<div class="kc-question kc-q-short" id="{qid}" data-kc-type="short" data-accepted="{accepted}">',
        _prompt(qid, number, q, "Type a term."),
        f'<div class="kc-answer-row"><label for="{qid}-input">Your answer</label> '
        f'<input type="text" autocomplete="off" spellcheck="false" class="kc-input" id="{qid}-input"> '
        f'<button type="button" class="kc-submit" id="{qid}-submit">Check answer</button></div>',
        f'<div class="kc-feedback-area" id="{qid}-feedback" aria-live="polite">',
        f'<p class="kc-feedback kc-right" id="{qid}-fb-correct" hidden><strong>Correct.</strong> '
        f"{escape(q.accepted[0])}{f' (also accepted: {also})' if also else ''}.</p>",
        f'<p class="kc-feedback kc-wrong" id="{qid}-fb-wrong" hidden><strong>Not correct.</strong> {wrong}</p>',
        f'<p class="kc-feedback kc-wrong" id="{qid}-fb-empty" hidden>Type a term first.</p>',
        "</div>",
        _explanation(qid, q, f"<p>Answer: {escape(q.accepted[0])}</p>"),
        "</div>",
    ]
    return "".join(parts)


def render_question(bank: Bank, number: int, q: AnyQuestion) -> str:
    """HTML for one question of any type."""
    if isinstance(q, NumericQuestion):
        return _numeric_html(bank, number, q)
    if isinstance(q, OrderingQuestion):
        return _ordering_html(bank, number, q)
    if isinstance(q, ShortQuestion):
        return _short_html(bank, number, q)
    assert isinstance(q, ChoiceQuestion)
    return _question_html(bank, number, q)


def bank_to_html(bank: Bank) -> str:
    """Render ``bank`` as a static, keyboard-usable HTML quiz."""
    bank = bank.displayed()
    questions = "".join(render_question(bank, n, q) for n, q in enumerate(bank.questions, 1))
    return (
        f'<section class="kc-quiz" id="kc-quiz-{bank.chapter}" data-kc-quiz="{len(bank.questions)}" '
        f'aria-label="{escape(bank.title)}">'
        f'<p class="kc-quiz-title">{escape(bank.title)}</p>{questions}</section>'
    )
