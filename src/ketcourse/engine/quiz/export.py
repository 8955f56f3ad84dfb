"""Export quiz banks for learning-management systems: Moodle GIFT, Moodle XML, QTI 1.2 (Canvas) and JSON.

Every export keeps the meaning of the bank:

* bank text is plain text, so it is exported HTML-escaped (``<b>`` shows as ``<b>``, never as markup);
  GIFT marks it ``[html]`` and escapes its special characters, and every ``%`` becomes ``&#37;``, so a
  choice starting with ``%100%`` can never turn into a weight;
* numeric questions keep their tolerance (a relative tolerance is exported as the equivalent absolute
  one), each known wrong answer's feedback, and generic too-high/too-low feedback;
* short answers export as Moodle short answer (case-insensitive) with the accepted spellings;
* ordering questions export as matching ("Position 1" → item) where the format has matching (GIFT,
  Moodle XML); QTI for Canvas has no ordering type, so they are left out with a note.

:func:`parse_gift` reads back the subset of GIFT that :func:`to_gift` writes, so exports can be checked
by a round trip (the tests also parse them with the third-party ``gift-pegjs``).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from ketcourse.engine.quiz.schema import (
    AnyQuestion,
    Bank,
    ChoiceQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
)

FORMATS = ("gift", "moodle-xml", "qti", "json")
#: Formats whose output is bytes (a zip file) rather than text.
BINARY_FORMATS = ("qti",)
_GIFT_SPECIAL = "\\~=#{}:"


def gift_escape(text: str) -> str:
    r"""Escape GIFT's special characters (``~ = # { } :`` and backslash) and fold newlines."""
    out = "".join("\\" + ch if ch in _GIFT_SPECIAL else ch for ch in text)
    return out.replace("\n", "\\n")


def gift_unescape(text: str) -> str:
    """Inverse of :func:`gift_escape`."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt == "n" else nxt)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def html_text(text: str) -> str:
    """Plain bank text as safe HTML: ``& < >`` escaped and ``%`` as ``&#37;`` (never a GIFT weight)."""
    return html.escape(text, quote=False).replace("%", "&#37;")


def gift_text(text: str) -> str:
    """Bank text as GIFT: HTML-escaped (see :func:`html_text`), then GIFT-escaped."""
    return gift_escape(html_text(text))


def number_text(value: float) -> str:
    """A number in plain decimal notation (GIFT and Moodle do not all read ``1e-05``)."""
    text = f"{value:.12f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def gift_weight(n_correct: int) -> str:
    """Moodle's grade for each of ``n_correct`` correct choices (e.g. 33.33333)."""
    return f"{100 / n_correct:.7g}"


#: Outer bound of the "too high"/"too low" catch-all ranges in numeric exports.
_FAR = 1e12


def numeric_feedback_ranges(q: NumericQuestion) -> list[tuple[float, float, str]]:
    """(low, high, feedback) catch-all ranges after the correct and known-wrong answers."""
    lo, hi = q.answer - q.abs_tolerance, q.answer + q.abs_tolerance
    return [
        (hi, max(hi, 0) + _FAR, "Not correct: your answer is too high."),
        (min(lo, 0) - _FAR, lo, "Not correct: your answer is too low."),
    ]


def general_feedback(q: AnyQuestion) -> str:
    """The explanation (and, for numeric questions, the worked solution first)."""
    if isinstance(q, NumericQuestion):
        return f"Worked solution: {q.solution}\n{q.explanation}"
    return q.explanation


def ordering_pairs(q: OrderingQuestion) -> list[tuple[str, str]]:
    """Ordering as matching: ("Position 1", first item), ..."""
    return [(f"Position {i}", item) for i, item in enumerate(q.items, 1)]


def _gift_question(bank: Bank, q: AnyQuestion) -> str:
    title = gift_escape(f"{bank.chapter}/{q.id}")
    lines = [
        f"// {bank.chapter}/{q.id} ({q.kind}; Bloom: {q.bloom})",
        f"::{title}::[html]{gift_text(q.prompt)}{{" + ("#" if isinstance(q, NumericQuestion) else ""),
    ]
    if isinstance(q, ChoiceQuestion):
        n_correct = sum(c.correct for c in q.choices)
        for c in q.choices:
            fb = f"#{gift_text(c.feedback)}"
            if n_correct == 1:
                lines.append(f"\t{'=' if c.correct else '~'}{gift_text(c.text)}{fb}")
            else:
                weight = gift_weight(n_correct) if c.correct else "-100"
                lines.append(f"\t~%{weight}%{gift_text(c.text)}{fb}")
    elif isinstance(q, NumericQuestion):
        tol = number_text(q.abs_tolerance)
        lines.append(f"\t=%100%{number_text(q.answer)}:{tol}#{gift_text('Correct.')}")
        for w in q.wrong_answers:
            lines.append(f"\t=%0%{number_text(w.value)}:{number_text(w.tolerance)}#{gift_text(w.feedback)}")
        for lo, hi, fb in numeric_feedback_ranges(q):
            lines.append(f"\t=%0%{number_text(lo)}..{number_text(hi)}#{gift_text(fb)}")
    elif isinstance(q, ShortQuestion):
        for a in q.accepted:
            lines.append(f"\t={gift_text(a)}#{gift_text('Correct.')}")
        wrong = q.feedback_wrong or "That is not one of the accepted terms."
        lines.append(f"\t=%0%*#{gift_text(wrong)}")
    else:
        assert isinstance(q, OrderingQuestion)
        for left, right in ordering_pairs(q):
            # Moodle shows matching answers as plain text (in a drop-down), so they are not HTML-escaped.
            lines.append(f"\t={gift_text(left)} -> {gift_escape(right)}")
    lines.append(f"\t####{gift_text(general_feedback(q))}")
    lines.append("}")
    return "\n".join(lines)


def to_gift(banks: list[Bank]) -> str:
    """Moodle GIFT text for ``banks``; each bank becomes a ``$CATEGORY``."""
    parts = []
    for bank in banks:
        parts.append(f"$CATEGORY: $course$/ketcourse/{bank.chapter}\n")
        parts += [_gift_question(bank, q) + "\n" for q in bank.questions]
    return "\n".join(parts)


def question_record(chapter: str, q: AnyQuestion) -> dict[str, Any]:
    """One question as a JSON-ready dict (all fields, plus its chapter and type)."""
    data = q.model_dump(mode="json")
    return {"chapter": chapter, "type": q.kind, **data}


def to_json(banks: list[Bank]) -> str:
    """A JSON list of questions (one object each, with its chapter and type)."""
    items = [question_record(bank.chapter, q) for bank in banks for q in bank.questions]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def export(banks: list[Bank], fmt: str) -> str | bytes:
    """Export ``banks`` as ``fmt`` (one of :data:`FORMATS`); ``qti`` gives the bytes of a zip file."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; allowed: {', '.join(FORMATS)}")
    if fmt == "gift":
        return to_gift(banks)
    if fmt == "json":
        return to_json(banks)
    if fmt == "moodle-xml":
        from ketcourse.engine.quiz.export_moodle import to_moodle_xml

        return to_moodle_xml(banks)
    from ketcourse.engine.quiz.export_qti import to_qti_zip

    return to_qti_zip(banks)


def _split_unescaped(text: str, sep: str) -> list[str]:
    parts, cur, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            cur.append(text[i : i + 2])
            i += 2
            continue
        if text.startswith(sep, i):
            parts.append("".join(cur))
            cur = []
            i += len(sep)
            continue
        cur.append(text[i])
        i += 1
    parts.append("".join(cur))
    return parts


def _plain(text: str) -> str:
    return html.unescape(gift_unescape(text.strip()))


def parse_gift(text: str) -> list[dict[str, Any]]:
    """Parse the GIFT that :func:`to_gift` writes (choice, numeric, short and matching questions).

    Returns a list of dicts with ``title``, ``prompt``, ``choices`` (text, correct, feedback, weight)
    and ``explanation``; text is unescaped back to the bank's plain text.
    """
    questions = []
    block = re.compile(
        r"^::(?P<title>(?:\\.|[^:\\])*)::(?:\[html\])?(?P<prompt>(?:\\.|[^{\\])*)\{(?P<body>(?:\\.|[^}\\])*)\}",
        re.MULTILINE | re.DOTALL,
    )
    for m in block.finditer(text):
        body = m.group("body")
        numeric = body.startswith("#") and not body.startswith("####")
        if numeric:
            body = body[1:]
        explanation = ""
        parts = _split_unescaped(body, "####")
        if len(parts) > 1:
            body, explanation = parts[0], "####".join(parts[1:])
        choices = []
        for raw in re.split(r"(?m)^\t(?=[=~])", body):
            raw = raw.strip("\n")
            if not raw or raw[0] not in "=~":
                continue
            mark, rest = raw[0], raw[1:].rstrip("\n")
            weight = None
            wm = re.match(r"%(-?[0-9.]+)%", rest)
            if wm:
                weight = float(wm.group(1))
                rest = rest[wm.end() :]
            pieces = _split_unescaped(rest, "#")
            ctext, feedback = pieces[0], "#".join(pieces[1:])
            correct = (mark == "=" and weight is None) or (weight is not None and weight > 0)
            choices.append({"text": _plain(ctext), "correct": correct, "feedback": _plain(feedback), "weight": weight})
        questions.append(
            {
                "title": gift_unescape(m.group("title")),
                "prompt": _plain(m.group("prompt")),
                "numeric": numeric,
                "choices": choices,
                "explanation": _plain(explanation),
            }
        )
    return questions
