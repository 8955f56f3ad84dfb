"""Checks for exercises/08_appraisal.ipynb."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ketcourse.chapters.appraisal import content as ap
from ketcourse.chapters.reflections import load_reflections, reflection_check
from ketcourse.engine.checks import Feedback, check_choice, check_quantity, check_reflection
from ketcourse.engine.data import load_model

#: The claim graded in task 1 (not one of the quiz questions).
TASK1_CLAIM = "c18"
#: Checklist keys, the answers allowed in tasks 3 and 4.
CHECKLIST_KEYS = tuple(item.key for item in ap.CHECKLIST)


def task_1(answer: Any) -> Feedback:
    """The verdict on claim c18 (topical ketamine and infusions for CRPS and diabetic neuropathy)."""
    c = ap.claim(TASK1_CLAIM)
    notes = {v: (c.reason if v == c.verdict else ap.choice_feedback(c, v)) for v in ap.VERDICTS}
    return check_choice("Task 1", answer, c.verdict, tuple(ap.VERDICTS), feedback=notes)


def task_2(answer: Any) -> Feedback:
    """How many of the 24 claims of the original audit lie above the diagonal (claim strength > evidence strength)?"""
    audited = ap.audited_claims()
    expected = len(ap.overclaims(audited))
    on_or_above = sum(1 for c in audited if c.gap >= 0)
    all_claims = len(ap.overclaims())
    alternatives: dict[str, float] = {}
    if on_or_above != expected:
        alternatives["you also counted claims on the diagonal; count only those strictly above it"] = on_or_above
    if all_claims != expected:
        alternatives["that counts all 29 claims; the task asks about the 24 of the original audit"] = all_claims
    alternatives["that counts the claims below the diagonal"] = sum(1 for c in audited if c.gap < 0)
    return check_quantity(
        "Task 2",
        answer,
        float(expected),
        "claims",
        rel_tol=0.0,
        alternatives=alternatives,
        hint="Use appraisal.overclaims(appraisal.audited_claims()) and count them.",
    )


def task_3(answer: Any) -> Feedback:
    """Which checklist question exposes the most of the problem claims?"""
    counts = ap.checklist_counts()
    top = max(counts, key=lambda k: counts[k])
    if sorted(counts.values())[-1] == sorted(counts.values())[-2]:
        raise RuntimeError(f"task 3 needs a single most frequent checklist item, got {counts}")
    notes = {k: f"'{ap.checklist_item(k).title}' exposes {n} claims." for k, n in counts.items()}
    return check_choice("Task 3", answer, top, CHECKLIST_KEYS, feedback=notes)


TASK4_NOTES = {
    "outcome": "Right: a fall in suicidal-thought scores is a surrogate; the advert promises fewer suicides, which "
    "no trial has measured.",
    "design": "The ideation data come from randomised, controlled trials pooled patient by patient, so design is not "
    "the weak point here.",
    "size": "167 patients in an individual-patient meta-analysis is a reasonable evidence base for ideation.",
    "species": "These are human data.",
    "durability": "Relevant (the effect was followed for a week), but the first problem is that thoughts are not acts.",
    "crosscheck": "The finding is current and consistent; the problem is what it measures.",
    "seller": "Worth asking, but it does not tell you what is wrong with the evidence itself.",
}


def task_4(answer: Any) -> Feedback:
    """Which checklist question exposes the advert 'ketamine protects people from suicide'?"""
    return check_choice("Task 4", answer, "outcome", CHECKLIST_KEYS, feedback=TASK4_NOTES)


#: Rubric and model answer of task 5, from ``data/reflections.yaml`` (self-marked; nothing is stored or sent).
TASK5 = load_reflections(__file__)["Task 5"]
_REFLECT = reflection_check(__file__)


def task_5(answer: Any) -> Feedback:
    """Reflection: rewrite one seed claim so that it matches its evidence.

    Shows the rubric and the model answer for self-marking; the length of the text is not judged.
    """
    return _REFLECT("Task 5", answer)


__all__ = [
    "CHECKLIST_KEYS",
    "TASK1_CLAIM",
    "TASK4_NOTES",
    "TASK5",
    "task_1",
    "task_2",
    "task_3",
    "task_4",
    "task_5",
]
