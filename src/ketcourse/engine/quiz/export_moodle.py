"""Moodle XML export: richer than GIFT (numeric tolerances and units, per-answer feedback, one category per chapter).

Text is exported as HTML (``format="html"``) made from the bank's plain text by escaping it, so nothing in a
bank can become markup. Question types: ``multichoice`` (single or multiple), ``numerical`` (the answer with
its tolerance, each known wrong answer and too-high/too-low ranges as 0% answers with their feedback),
``shortanswer`` (case-insensitive; a ``*`` answer at 0% carries the wrong-answer feedback) and ``matching``
for ordering questions ("Position 1" → item).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ketcourse.engine.quiz.export import (
    general_feedback,
    html_text,
    number_text,
    numeric_feedback_ranges,
    ordering_pairs,
)
from ketcourse.engine.quiz.schema import (
    AnyQuestion,
    Bank,
    ChoiceQuestion,
    NumericQuestion,
    OrderingQuestion,
    ShortQuestion,
)

CATEGORY_ROOT = "$course$/top/ketcourse"


def _text(parent: ET.Element, tag: str, value: str, *, html: bool = True) -> ET.Element:
    el = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(el, "text").text = html_text(value) if html else value
    return el


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str, *, html: bool = True) -> ET.Element:
    a = ET.SubElement(parent, "answer", {"fraction": fraction, **({"format": "html"} if html else {})})
    ET.SubElement(a, "text").text = html_text(text) if html else text
    _text(a, "feedback", feedback)
    return a


def _fraction(n: int) -> str:
    return f"{100 / n:.7g}"


def _question(bank: Bank, q: AnyQuestion) -> ET.Element:
    kind = {
        ChoiceQuestion: "multichoice",
        NumericQuestion: "numerical",
        ShortQuestion: "shortanswer",
        OrderingQuestion: "matching",
    }[type(q)]
    el = ET.Element("question", {"type": kind})
    name = ET.SubElement(el, "name")
    ET.SubElement(name, "text").text = f"{bank.chapter}/{q.id}"
    _text(el, "questiontext", q.prompt)
    _text(el, "generalfeedback", general_feedback(q))
    ET.SubElement(el, "defaultgrade").text = "1"
    ET.SubElement(el, "penalty").text = "0.3333333"
    ET.SubElement(el, "hidden").text = "0"
    ET.SubElement(el, "idnumber").text = f"{bank.chapter}/{q.id}"
    tags = ET.SubElement(el, "tags")
    for t in (f"bloom:{q.bloom}", f"type:{q.kind}", *(["data-interpretation"] if q.data_interpretation else [])):
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = t
    if isinstance(q, ChoiceQuestion):
        n_correct = sum(c.correct for c in q.choices)
        ET.SubElement(el, "single").text = "true" if n_correct == 1 else "false"
        ET.SubElement(el, "shuffleanswers").text = "true"
        ET.SubElement(el, "answernumbering").text = "abc"
        for c in q.choices:
            wrong = "0" if n_correct == 1 else "-100"
            _answer(el, _fraction(n_correct) if c.correct else wrong, c.text, c.feedback)
    elif isinstance(q, NumericQuestion):
        a = _answer(el, "100", number_text(q.answer), "Correct.", html=False)
        ET.SubElement(a, "tolerance").text = number_text(q.abs_tolerance)
        for w in q.wrong_answers:
            a = _answer(el, "0", number_text(w.value), w.feedback, html=False)
            ET.SubElement(a, "tolerance").text = number_text(w.tolerance)
        for lo, hi, fb in numeric_feedback_ranges(q):
            mid = (lo + hi) / 2
            a = _answer(el, "0", number_text(mid), fb, html=False)
            ET.SubElement(a, "tolerance").text = number_text((hi - lo) / 2)
        if q.unit:
            units = ET.SubElement(el, "units")
            unit = ET.SubElement(units, "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = q.unit
        ET.SubElement(el, "unitgradingtype").text = "0"  # the unit is not graded
        ET.SubElement(el, "unitpenalty").text = "0"
        ET.SubElement(el, "showunits").text = "2" if q.unit else "3"  # 2: unit shown next to the box
        ET.SubElement(el, "unitsleft").text = "0"
    elif isinstance(q, ShortQuestion):
        ET.SubElement(el, "usecase").text = "0"
        for term in q.accepted:
            _answer(el, "100", term.replace("*", "\\*"), "Correct.", html=False)
        _answer(el, "0", "*", q.feedback_wrong or "That is not one of the accepted terms.", html=False)
    else:
        assert isinstance(q, OrderingQuestion)
        ET.SubElement(el, "shuffleanswers").text = "true"
        for left, right in ordering_pairs(q):
            sub = ET.SubElement(el, "subquestion", {"format": "html"})
            ET.SubElement(sub, "text").text = html_text(left)
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = right
    return el


def to_moodle_xml(banks: list[Bank]) -> str:
    """A Moodle XML ``<quiz>``: a category question per chapter, then that chapter's questions."""
    quiz = ET.Element("quiz")
    for bank in banks:
        cat = ET.SubElement(quiz, "question", {"type": "category"})
        _text(cat, "category", f"{CATEGORY_ROOT}/{bank.chapter}", html=False)
        _text(cat, "info", bank.title)
        for q in bank.questions:
            quiz.append(_question(bank, q))
    ET.indent(quiz)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
