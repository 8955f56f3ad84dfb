"""Checks for exercises/07_practice.ipynb."""

from __future__ import annotations

from typing import Any

from ketcourse.chapters.practice import content as pc
from ketcourse.engine.checks import Feedback, check_choice, check_quantity, check_reflection

#: Answers allowed in task 2: the ids of the label-comparison rows.
LABEL_ROW_IDS: tuple[str, ...] = tuple(r.id for r in pc.label_rows())

#: Consent elements offered in task 3.
CONSENT_ELEMENTS: tuple[str, ...] = (
    "off-label status",
    "unknown long-term effects",
    "abuse liability",
    "cost",
    "chair time",
    "transport home",
    "none",
)

#: The consent form described in task 3 covers every element except this one.
TASK3_MISSING = "off-label status"

#: Points a good answer to task 4 makes (the student ticks the ones their answer covers).
TASK4_RUBRIC: tuple[str, ...] = (
    "Says that compounded ketamine is not FDA-approved for any psychiatric disorder and is a different product "
    "from esketamine nasal spray.",
    "Explains that at home there is no REMS and no one on site to monitor sedation, dissociation, blood-pressure "
    "rises or breathing.",
    "Uses the FDA's communications: misuse and psychiatric events with compounded nasal spray used at home (2022); "
    "respiratory depression after oral ketamine at home, and no evidence of greater safety, efficacy or speed (2023).",
    "Notes that swallowed ketamine's exposure swings with interacting drugs because of first-pass metabolism.",
    "Offers a way forward (supervised options) and is honest about cost and access.",
)
TASK4_MODEL_ANSWER = (
    "It is not the same treatment. The approved product, esketamine nasal spray, is given only in certified settings "
    "under a REMS, with a prescriber on site, blood-pressure checks, a pulse oximeter and at least two hours of "
    "monitoring. Compounded racemic ketamine is not FDA-approved for any psychiatric disorder and has no REMS. In 2023 "
    "the FDA warned that at home nobody monitors sedation, dissociation, blood-pressure rises or breathing, that "
    "telehealth patients may not get risk information, and that it knew of no evidence that these products are safer, "
    "more effective or faster; it described a patient with respiratory depression after compounded oral ketamine at "
    "home. Its 2022 alert reported misuse and psychiatric events with compounded nasal spray used at home. Taken by "
    "mouth, ketamine passes the liver first, so drugs such as clarithromycin or St John's wort can raise or lower "
    "exposure several-fold. Cost and travel are real barriers, so I would go through the supervised options and other "
    "treatments with her."
)


def task_1(answer: Any) -> Feedback:
    """Ticlopidine: how many times larger the percentage rise in exposure is orally than with the nasal spray."""
    oral, nasal = pc.study("ticlopidine-oral"), pc.study("ticlopidine-nasal")
    assert oral.percent_change is not None and nasal.percent_change is not None
    expected = oral.percent_change / nasal.percent_change
    assert oral.auc_ratio is not None and nasal.auc_ratio is not None
    return check_quantity(
        "Task 1",
        answer,
        expected,
        "1",
        rel_tol=0.03,
        alternatives={
            "that divides the fold changes (2.4 / 1.29); the task compares the percentage rises (140% and 29%)": (
                oral.auc_ratio / nasal.auc_ratio
            ),
            "that divides 240 by 29; a 2.4-fold exposure is a rise of 140%, not 240%": (
                100 * oral.auc_ratio / nasal.percent_change
            ),
            "that is the ratio the other way round (nasal over oral)": 1 / expected,
        },
        hint=(
            "Use content.study('ticlopidine-oral').percent_change and "
            "content.study('ticlopidine-nasal').percent_change."
        ),
    )


def task_2(answer: Any) -> Feedback:
    """Which label row is a contraindication in the EU summary but not in the US label?"""
    correct = "recent-cv-event"
    return check_choice(
        "Task 2",
        answer,
        correct,
        LABEL_ROW_IDS,
        feedback={
            "recent-cv-event": (
                "The EU summary adds a cardiovascular event within 6 weeks; the US label does not list it."
            ),
            "avm": (
                "The other way round: arteriovenous malformation is a US contraindication not named in the EU list."
            ),
            "aneurysm": "Both documents list aneurysmal vascular disease.",
            "ich": "Both documents list a history of intracerebral haemorrhage.",
            "hypersensitivity": "Both documents list hypersensitivity.",
        },
    )


def task_3(answer: Any) -> Feedback:
    """Which consent element does the described form leave out?"""
    return check_choice(
        "Task 3",
        answer,
        TASK3_MISSING,
        CONSENT_ELEMENTS,
        feedback={
            "off-label status": (
                "The form never says that racemic ketamine is approved only as an anaesthetic, so its use for "
                "depression is off-label."
            ),
            "unknown long-term effects": "The form says the effects of repeated infusions over years are not known.",
            "abuse liability": "The form says ketamine can be misused and that the clinic watches for this.",
            "cost": "The form states the price per session and that insurance may not pay.",
            "chair time": "The form says each visit takes about two to three hours.",
            "transport home": "The form says someone else must drive the patient home.",
            "none": "One element is missing: look at what the form says about ketamine's approved uses.",
        },
    )


def task_4(answer: Any) -> Feedback:
    """Reflection: what to tell a patient who found compounded ketamine for home use through a telehealth service."""
    return check_reflection("Task 4", answer, rubric=TASK4_RUBRIC, model_answer=TASK4_MODEL_ANSWER)


__all__ = [
    "CONSENT_ELEMENTS",
    "LABEL_ROW_IDS",
    "TASK3_MISSING",
    "TASK4_MODEL_ANSWER",
    "TASK4_RUBRIC",
    "task_1",
    "task_2",
    "task_3",
    "task_4",
]
