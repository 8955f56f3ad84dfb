"""Quiz banks: YAML files of multiple-choice questions, loaded and validated.

A bank looks like::

    chapter: nmda
    title: Check your understanding
    questions:
      - id: mg-block                 # unique within the bank: [a-z0-9-]
        prompt: Why does ...?
        bloom: understand            # optional: remember … create
        choices:
          - text: Because ...
            correct: true
            feedback: Yes: ...
          - text: Because ...
            feedback: Not quite: ...
        explanation: ...             # shown after answering
        references: [roth2013]       # keys in references.bib

Every problem in a bank is collected and reported together, each naming the
file, the question id and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BLOOM_LEVELS = ("remember", "understand", "apply", "analyse", "evaluate", "create")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_QUESTION_FIELDS = {"id", "prompt", "choices", "explanation", "references", "bloom"}
_CHOICE_FIELDS = {"text", "correct", "feedback"}


class QuizBankError(ValueError):
    """A bank failed validation; ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        listed = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s) in quiz bank:\n{listed}")


@dataclass(frozen=True)
class Choice:
    """One answer option with the feedback shown when it is picked."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """One multiple-choice question (one or several correct choices)."""

    id: str
    prompt: str
    choices: tuple[Choice, ...]
    explanation: str
    references: tuple[str, ...]
    bloom: str | None = None

    @property
    def multiple(self) -> bool:
        """True when more than one choice is correct (the reader ticks all that apply)."""
        return sum(c.correct for c in self.choices) > 1

    @property
    def correct_indices(self) -> tuple[int, ...]:
        return tuple(i for i, c in enumerate(self.choices) if c.correct)

    def display_order(self) -> tuple[int, ...]:
        """Indices of the choices in the order readers see them.

        Authors tend to put the right answer first; renderers show choices in a
        fixed pseudo-random order derived from the question id, the same on
        every run (so element ids and nbval outputs stay stable).
        """
        import hashlib

        return tuple(
            sorted(range(len(self.choices)), key=lambda i: hashlib.sha256(f"{self.id}:{i}".encode()).hexdigest())
        )

    def displayed(self) -> Question:
        """This question with its choices in :meth:`display_order`."""
        return Question(
            self.id,
            self.prompt,
            tuple(self.choices[i] for i in self.display_order()),
            self.explanation,
            self.references,
            self.bloom,
        )


@dataclass(frozen=True)
class Bank:
    """A validated question bank for one chapter."""

    chapter: str
    title: str
    questions: tuple[Question, ...]
    source: str = "<memory>"

    def displayed(self) -> Bank:
        """The bank with every question's choices in display order."""
        return Bank(self.chapter, self.title, tuple(q.displayed() for q in self.questions), self.source)

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"no question {qid!r} in bank {self.chapter!r}; ids: {[q.id for q in self.questions]}")


def _text(value: Any, where: str, field: str, problems: list[str], required: bool = True) -> str:
    if value is None:
        if required:
            problems.append(f"{where}: field '{field}' is missing")
        return ""
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: field '{field}' must be non-empty text, got {value!r}")
        return ""
    return value.strip()


def validate_bank(data: Any, source: str = "<memory>") -> Bank:
    """Validate parsed YAML ``data`` and return a :class:`Bank`.

    Raises
    ------
    QuizBankError
        Listing every problem, each with the file, question id and field.
    """
    problems: list[str] = []
    if not isinstance(data, dict):
        raise QuizBankError(
            source, [f"the bank must be a mapping with 'chapter', 'title' and 'questions', got {type(data).__name__}"]
        )
    unknown_top = set(data) - {"chapter", "title", "questions"}
    if unknown_top:
        problems.append(f"unknown top-level field(s) {sorted(unknown_top)}; allowed: chapter, title, questions")
    chapter = _text(data.get("chapter"), "bank", "chapter", problems)
    if chapter and not _ID.match(chapter):
        problems.append(f"bank: field 'chapter' must match [a-z0-9-]+, got {chapter!r}")
    title = _text(data.get("title"), "bank", "title", problems)
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append("bank: field 'questions' must be a non-empty list (the bank is empty)")
        raise QuizBankError(source, problems)

    questions: list[Question] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(raw_questions, 1):
        if not isinstance(raw, dict):
            problems.append(f"question #{n}: must be a mapping, got {type(raw).__name__}")
            continue
        qid = raw.get("id")
        where = f"question {qid!r}" if isinstance(qid, str) else f"question #{n}"
        if not isinstance(qid, str) or not _ID.match(qid):
            problems.append(f"{where}: field 'id' must match [a-z0-9][a-z0-9-]*, got {qid!r}")
            qid = f"q{n}"
        elif qid in seen:
            problems.append(f"{where}: duplicate id (also question #{seen[qid]})")
        seen.setdefault(qid, n)
        unknown = set(raw) - _QUESTION_FIELDS
        if unknown:
            problems.append(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(_QUESTION_FIELDS)}")
        prompt = _text(raw.get("prompt"), where, "prompt", problems)
        explanation = _text(raw.get("explanation"), where, "explanation", problems)
        bloom = raw.get("bloom")
        if bloom is not None and bloom not in BLOOM_LEVELS:
            problems.append(f"{where}: field 'bloom' must be one of {', '.join(BLOOM_LEVELS)}, got {bloom!r}")
        refs = raw.get("references", [])
        if not isinstance(refs, list) or not all(isinstance(r, str) and r for r in refs):
            problems.append(f"{where}: field 'references' must be a list of citation keys, got {refs!r}")
            refs = []
        raw_choices = raw.get("choices")
        choices: list[Choice] = []
        if not isinstance(raw_choices, list) or len(raw_choices) < 2:
            problems.append(f"{where}: field 'choices' must list at least 2 choices, got {raw_choices!r}")
        else:
            texts: set[str] = set()
            for m, rc in enumerate(raw_choices, 1):
                cwhere = f"{where}, choice {m}"
                if not isinstance(rc, dict):
                    problems.append(f"{cwhere}: must be a mapping with 'text' and 'feedback', got {rc!r}")
                    continue
                unknown = set(rc) - _CHOICE_FIELDS
                if unknown:
                    problems.append(f"{cwhere}: unknown field(s) {sorted(unknown)}; allowed: {sorted(_CHOICE_FIELDS)}")
                text = _text(rc.get("text"), cwhere, "text", problems)
                if text and text in texts:
                    problems.append(f"{cwhere}: field 'text' repeats another choice: {text!r}")
                texts.add(text)
                correct = rc.get("correct", False)
                if not isinstance(correct, bool):
                    problems.append(f"{cwhere}: field 'correct' must be true or false, got {correct!r}")
                    correct = False
                feedback = _text(rc.get("feedback"), cwhere, "feedback", problems)
                choices.append(Choice(text, correct, feedback))
            if choices and not any(c.correct for c in choices):
                problems.append(f"{where}: field 'choices' has no correct answer (mark one with correct: true)")
        questions.append(
            Question(qid, prompt, tuple(choices), explanation, tuple(refs), bloom if isinstance(bloom, str) else None)
        )
    if problems:
        raise QuizBankError(source, problems)
    return Bank(chapter, title, tuple(questions), source)


def load_bank_file(path: str | Path) -> Bank:
    """Read and validate the YAML bank at ``path``."""
    import yaml

    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"quiz bank {str(p)!r} does not exist")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise QuizBankError(str(p), [f"not valid YAML: {err}"]) from None
    return validate_bank(data, str(p))


def bank_names() -> list[str]:
    """Names of the banks of the registered chapters (``<chapter>/quiz.yaml``)."""
    from ketcourse.engine.registry import bank_paths

    return sorted(bank_paths())


def load_bank(name: str) -> Bank:
    """Load the bank of chapter ``name`` (e.g. ``"nmda"``)."""
    from ketcourse.engine.registry import bank_paths

    paths = bank_paths()
    if name not in paths:
        raise ValueError(f"unknown quiz bank {name!r}; available: {', '.join(sorted(paths))}")
    return load_bank_file(paths[name])
