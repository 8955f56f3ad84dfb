"""Export quiz banks for learning-management systems: Moodle GIFT and plain JSON.

:func:`parse_gift` reads back the subset of GIFT that :func:`to_gift` writes,
so exports can be checked by a round trip.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ketcourse.engine.quiz.schema import Bank, Question

FORMATS = ("gift", "json")
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


def _gift_question(bank: Bank, q: Question) -> str:
    title = gift_escape(f"{bank.chapter}/{q.id}")
    lines = [
        f"// {bank.chapter}/{q.id}" + (f" (Bloom: {q.bloom})" if q.bloom else ""),
        f"::{title}::{gift_escape(q.prompt)}{{",
    ]
    n_correct = sum(c.correct for c in q.choices)
    for c in q.choices:
        fb = f"#{gift_escape(c.feedback)}"
        if n_correct == 1:
            mark = "=" if c.correct else "~"
            lines.append(f"\t{mark}{gift_escape(c.text)}{fb}")
        else:
            weight = f"{100 / n_correct:.5g}" if c.correct else "-100"
            lines.append(f"\t~%{weight}%{gift_escape(c.text)}{fb}")
    lines.append(f"\t####{gift_escape(q.explanation)}")
    lines.append("}")
    return "\n".join(lines)


def to_gift(banks: list[Bank]) -> str:
    """Moodle GIFT text for ``banks``; each bank becomes a ``$CATEGORY``."""
    parts = []
    for bank in banks:
        parts.append(f"$CATEGORY: $course$/ketcourse/{bank.chapter}\n")
        parts += [_gift_question(bank, q) + "\n" for q in bank.questions]
    return "\n".join(parts)


def to_json(banks: list[Bank]) -> str:
    """A JSON list of questions (one object each, with its chapter)."""
    items: list[dict[str, Any]] = []
    for bank in banks:
        for q in bank.questions:
            items.append(
                {
                    "chapter": bank.chapter,
                    "id": q.id,
                    "prompt": q.prompt,
                    "bloom": q.bloom,
                    "choices": [{"text": c.text, "correct": c.correct, "feedback": c.feedback} for c in q.choices],
                    "explanation": q.explanation,
                    "references": list(q.references),
                }
            )
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def export(banks: list[Bank], fmt: str) -> str:
    """Export ``banks`` as ``fmt`` (``"gift"`` or ``"json"``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; allowed: {', '.join(FORMATS)}")
    return to_gift(banks) if fmt == "gift" else to_json(banks)


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


def parse_gift(text: str) -> list[dict[str, Any]]:
    """Parse GIFT multiple-choice questions as written by :func:`to_gift`.

    Returns a list of dicts with ``title``, ``prompt``, ``choices`` (text,
    correct, feedback) and ``explanation``.
    """
    questions = []
    block = re.compile(
        r"^::(?P<title>(?:\\.|[^:\\])*)::(?P<prompt>(?:\\.|[^{\\])*)\{(?P<body>(?:\\.|[^}\\])*)\}",
        re.MULTILINE | re.DOTALL,
    )
    for m in block.finditer(text):
        body = m.group("body")
        explanation = ""
        if "####" in body:
            body, explanation = body.split("####", 1)
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
            correct = mark == "=" or (weight is not None and weight > 0)
            choices.append(
                {"text": gift_unescape(ctext.strip()), "correct": correct, "feedback": gift_unescape(feedback.strip())}
            )
        questions.append(
            {
                "title": gift_unescape(m.group("title")),
                "prompt": gift_unescape(m.group("prompt")),
                "choices": choices,
                "explanation": gift_unescape(explanation.strip()),
            }
        )
    return questions
