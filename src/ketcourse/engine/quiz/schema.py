"""Quiz banks: YAML files of questions, loaded strictly and checked against pydantic models.

A bank looks like::

    chapter: nmda
    title: Check your understanding
    questions:
      - id: mg-block                 # unique within the bank: [a-z0-9-]
        type: choice                 # choice (default) | numeric | ordering | short
        prompt: Why does ...?
        bloom: understand            # required: remember … create
        choices:                     # 2..8 choices, at least one correct
          - text: Because ...
            correct: true
            feedback: Yes: ...
          - text: Because ...
            feedback: Not quite: ...
        explanation: ...             # shown after answering
        references: [roth2013]       # keys in references.bib

The other question types (``numeric``, ``ordering``, ``short``) are described in
the course's shared formats; their fields are the models below.

Files are read with :func:`ketcourse.engine.data.load_yaml` (duplicate keys, YAML 1.1
booleans, trailing `` #`` comments and non-UTF-8 text are errors). Every problem in a
bank is collected and reported together, each naming the file, the question id and
the field. :func:`load_bank_file` also runs the course checks that the test suite
runs: citation keys exist in ``references.bib``, and a chapter's own bank is named like
its folder and has at least :data:`MIN_CHAPTER_QUESTIONS` questions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from ketcourse.engine.data import DataFileError, Record, load_yaml

__all__ = [
    "BLOOM_LEVELS",
    "MAX_CHOICES",
    "MAX_ORDERING_ITEMS",
    "MAX_QUESTIONS",
    "MIN_CHAPTER_QUESTIONS",
    "QUESTION_TYPES",
    "AnyQuestion",
    "Bank",
    "Choice",
    "ChoiceQuestion",
    "NumericQuestion",
    "OrderingQuestion",
    "Question",
    "QuizBankError",
    "ShortQuestion",
    "WrongAnswer",
    "bank_names",
    "bib_keys",
    "find_bib",
    "load_bank",
    "load_bank_file",
    "normalise_term",
    "parse_number",
    "validate_bank",
]

BLOOM_LEVELS = ("remember", "understand", "apply", "analyse", "evaluate", "create")
QUESTION_TYPES = ("choice", "numeric", "ordering", "short")
MIN_CHOICES, MAX_CHOICES = 2, 8
MIN_ORDERING_ITEMS, MAX_ORDERING_ITEMS = 3, 8
MAX_QUESTIONS = 60
MIN_CHAPTER_QUESTIONS = 8
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ID_TEXT = "[a-z0-9][a-z0-9-]*"

Text = Annotated[str, Field(min_length=1)]


class QuizBankError(DataFileError):
    """A bank failed validation; ``problems`` lists every problem found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(source, problems)
        self.source = source
        listed = "\n".join(f"  - {p}" for p in self.problems)
        self.args = (f"{source}: {len(self.problems)} problem(s) in quiz bank:\n{listed}",)

    def __str__(self) -> str:
        return str(self.args[0])


def _order_key(qid: str, i: int) -> str:
    return hashlib.sha256(f"{qid}:{i}".encode()).hexdigest()


# --- Question models ---------------------------------------------------------------------------
class _Base(Record):
    """Fields every question type has."""

    kind: ClassVar[str] = ""
    id: str
    prompt: Text
    bloom: Literal["remember", "understand", "apply", "analyse", "evaluate", "create"]
    explanation: Text
    references: tuple[Text, ...] = ()
    data_interpretation: bool = False

    @field_validator("prompt", "explanation", mode="after")
    @classmethod
    def _strip(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must be non-empty text")
        return v.strip()

    @property
    def type(self) -> str:
        return self.kind

    @property
    def multiple(self) -> bool:
        return False

    def displayed(self) -> Any:
        return self


class Choice(Record):
    """One answer option with the feedback shown when it is picked."""

    text: Text
    correct: bool = False
    feedback: Text

    @field_validator("text", "feedback", mode="after")
    @classmethod
    def _strip(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must be non-empty text")
        return v.strip()


class ChoiceQuestion(_Base):
    """One question with 2..8 choices, one or several of them correct."""

    kind: ClassVar[str] = "choice"
    choices: tuple[Choice, ...] = Field(min_length=MIN_CHOICES, max_length=MAX_CHOICES)

    @field_validator("choices", mode="after")
    @classmethod
    def _check_choices(cls, choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
        texts: set[str] = set()
        for c in choices:
            if c.text in texts:
                raise ValueError(f"field 'text' repeats another choice: {c.text!r}")
            texts.add(c.text)
        if not any(c.correct for c in choices):
            raise ValueError("field 'choices' has no correct answer (mark one with correct: true)")
        return choices

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
        return tuple(sorted(range(len(self.choices)), key=lambda i: _order_key(self.id, i)))

    def displayed(self) -> ChoiceQuestion:
        """This question with its choices in :meth:`display_order`."""
        return self.model_copy(update={"choices": tuple(self.choices[i] for i in self.display_order())})


#: The original name of the choice question (kept for code written before the other types).
Question = ChoiceQuestion


class WrongAnswer(Record):
    """A common wrong numeric answer and the feedback it gets."""

    value: float
    tolerance: float = Field(default=0.0, ge=0)
    feedback: Text


class NumericQuestion(_Base):
    """A number with a unit, accepted within an absolute or relative tolerance."""

    kind: ClassVar[str] = "numeric"
    answer: float
    unit: str = ""
    tolerance: float = Field(ge=0)
    tolerance_type: Literal["absolute", "relative"] = "absolute"
    wrong_answers: tuple[WrongAnswer, ...] = ()
    solution: Text

    @model_validator(mode="after")
    def _check_numbers(self) -> NumericQuestion:
        import math

        for name in ("answer", "tolerance"):
            if not math.isfinite(getattr(self, name)):
                raise ValueError(f"field {name!r} must be a finite number")
        for w in self.wrong_answers:
            if self.accepts(w.value):
                raise ValueError(f"wrong answer {w.value!r} lies within the tolerance of the correct answer")
        return self

    @property
    def abs_tolerance(self) -> float:
        """The tolerance as an absolute distance from :attr:`answer`."""
        return self.tolerance * abs(self.answer) if self.tolerance_type == "relative" else self.tolerance

    def accepts(self, value: float) -> bool:
        """True when ``value`` is within the tolerance of the answer (with a hair of float slack)."""
        return abs(value - self.answer) <= self.abs_tolerance * (1 + 1e-9) + 1e-12

    def grade(self, value: float) -> tuple[str, str]:
        """``("correct" | "incorrect", feedback)`` for a given number."""
        if self.accepts(value):
            return "correct", "Correct."
        for w in self.wrong_answers:
            if abs(value - w.value) <= w.tolerance * (1 + 1e-9) + 1e-12:
                return "incorrect", w.feedback
        return "incorrect", "Too high." if value > self.answer else "Too low."


class OrderingQuestion(_Base):
    """Items to put in order; the bank lists them in the correct order."""

    kind: ClassVar[str] = "ordering"
    items: tuple[Text, ...] = Field(min_length=MIN_ORDERING_ITEMS, max_length=MAX_ORDERING_ITEMS)

    @field_validator("items", mode="after")
    @classmethod
    def _check_items(cls, items: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(items)) != len(items):
            raise ValueError("field 'items' repeats an item")
        return tuple(i.strip() for i in items)

    def display_order(self) -> tuple[int, ...]:
        """A fixed shuffle of the items derived from the id, never the correct order itself."""
        order = tuple(sorted(range(len(self.items)), key=lambda i: _order_key(self.id, i)))
        if order == tuple(range(len(self.items))):
            order = order[1:] + order[:1]
        return order

    def grade(self, order: list[int] | tuple[int, ...]) -> tuple[str, int]:
        """``(status, number of items in the right place)`` for ``order`` (indices into :attr:`items`)."""
        right = sum(1 for pos, i in enumerate(order) if i == pos)
        status = "correct" if list(order) == list(range(len(self.items))) else "incorrect"
        return status, right


def normalise_term(text: str) -> str:
    """Case- and spacing-insensitive form of a short answer: lower case, no spaces, hyphens or final dot."""
    return re.sub(r"[\s\-\u2010-\u2015_]+", "", text.casefold()).rstrip(".")


def parse_number(text: str, unit: str = "") -> float | None:
    """A number typed by a reader (``7.04``, ``7,04``, `` 7 patients``, ``55 %``), or ``None``."""
    import math

    t = text.strip()
    if unit and t.casefold().endswith(unit.casefold()):
        t = t[: -len(unit)].strip()
    t = t.rstrip("%").strip().replace("\u2212", "-")
    if "," in t and "." not in t:
        t = t.replace(",", ".")
    t = t.replace(" ", "").replace("\u202f", "")
    if not re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", t):
        return None
    value = float(t)
    return value if math.isfinite(value) else None


class ShortQuestion(_Base):
    """A named term, checked against a list of accepted spellings."""

    kind: ClassVar[str] = "short"
    accepted: tuple[Text, ...] = Field(min_length=1)
    feedback_wrong: str = ""

    def accepts(self, text: str) -> bool:
        return normalise_term(text) in {normalise_term(a) for a in self.accepted}


AnyQuestion = ChoiceQuestion | NumericQuestion | OrderingQuestion | ShortQuestion
_MODELS: dict[str, type[_Base]] = {
    "choice": ChoiceQuestion,
    "numeric": NumericQuestion,
    "ordering": OrderingQuestion,
    "short": ShortQuestion,
}
_LIMITS: dict[tuple[str, str], tuple[int, int, str]] = {
    ("choice", "choices"): (MIN_CHOICES, MAX_CHOICES, "choices"),
    ("ordering", "items"): (MIN_ORDERING_ITEMS, MAX_ORDERING_ITEMS, "items"),
}


class Bank(Record):
    """A validated question bank for one chapter."""

    chapter: str
    title: Text
    questions: tuple[AnyQuestion, ...]
    source: str = "<memory>"
    notes: tuple[str, ...] = ()

    def displayed(self) -> Bank:
        """The bank with every question's choices in display order."""
        return self.model_copy(update={"questions": tuple(q.displayed() for q in self.questions)})

    def question(self, qid: str) -> AnyQuestion:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"no question {qid!r} in bank {self.chapter!r}; ids: {[q.id for q in self.questions]}")

    def count_by_type(self) -> dict[str, int]:
        return {t: sum(q.kind == t for q in self.questions) for t in QUESTION_TYPES}

    def count_by_bloom(self) -> dict[str, int]:
        return {b: sum(q.bloom == b for q in self.questions) for b in BLOOM_LEVELS}


# --- Validation with readable messages ------------------------------------------------------------
def _where_choice(where: str, loc: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    if len(loc) >= 2 and loc[0] in ("choices", "items", "wrong_answers", "accepted") and isinstance(loc[1], int):
        label = {"choices": "choice", "items": "item", "wrong_answers": "wrong answer", "accepted": "accepted"}[loc[0]]
        return f"{where}, {label} {loc[1] + 1}", loc[2:] or (loc[0],)
    return where, loc


def _message(kind: str, where: str, err: Mapping[str, Any], raw: Mapping[str, Any]) -> str:
    loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
    where, loc = _where_choice(where, loc)
    field = str(loc[0]) if loc else ""
    typ = err["type"]
    given = err.get("input")
    got = f", got {given!r}"
    if isinstance(given, bool):
        got = f", got {str(given).lower()}"
    plain = str(err["msg"]).removeprefix("Value error, ")
    if not field or (typ == "value_error" and plain.startswith(("field ", "wrong answer"))):
        return f"{where}: {plain}"
    limits = _LIMITS.get((kind, field))
    if limits and typ in {"too_short", "too_long"} and len(loc) == 1:
        lo, hi, noun = limits
        n = len(given) if isinstance(given, list | tuple) else 0
        if typ == "too_short":
            return f"{where}: field {field!r} must list at least {lo} {noun}, got {n}"
        return f"{where}: field {field!r} lists {n} {noun}; the limit is {hi}"
    if typ == "missing":
        if limits:
            return f"{where}: field {field!r} is missing (must list at least {limits[0]} {limits[2]})"
        return f"{where}: field {field!r} is missing"
    if typ == "extra_forbidden":
        allowed = sorted(_allowed_fields(kind, err["loc"]))
        return f"{where}: unknown field {field!r} for a {kind} question; allowed: {allowed}"
    if field == "bloom":
        return f"{where}: field 'bloom' must be one of {', '.join(BLOOM_LEVELS)}{got}"
    if field == "references":
        return f"{where}: field 'references' must be a list of citation keys{got}"
    if field == "correct" or typ == "bool_type":
        return f"{where}: field {field!r} must be true or false{got}"
    if typ in {"string_type", "str_type"} and isinstance(given, bool):
        return f"{where}: field {field!r} must be text{got}: quote it if you mean the word"
    if typ in {"string_too_short", "string_type", "value_error"} and field in _TEXT_FIELDS:
        return f"{where}: field {field!r} must be non-empty text{got}"
    if typ in {"float_type", "float_parsing", "finite_number"}:
        return f"{where}: field {field!r} must be a number{got}"
    if typ in {"tuple_type", "list_type"}:
        return f"{where}: field {field!r} must be a list{got}"
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{where}: field {field!r}: {msg}{got}"


_TEXT_FIELDS = {"prompt", "explanation", "text", "feedback", "solution", "title", "items", "accepted"}


def _allowed_fields(kind: str, loc: tuple[Any, ...]) -> set[str]:
    if loc and loc[0] == "choices":
        return set(Choice.model_fields)
    if loc and loc[0] == "wrong_answers":
        return set(WrongAnswer.model_fields)
    return set(_MODELS[kind].model_fields) | {"type"}


def _validate_question(raw: Any, n: int, problems: list[str]) -> tuple[str, AnyQuestion | None]:
    if not isinstance(raw, dict):
        problems.append(f"question #{n}: must be a mapping, got {type(raw).__name__}")
        return f"q{n}", None
    qid = raw.get("id")
    where = f"question {qid!r}" if isinstance(qid, str) else f"question #{n}"
    before = len(problems)
    if not isinstance(qid, str) or not _ID.match(qid):
        problems.append(f"{where}: field 'id' must match {_ID_TEXT}, got {qid!r}")
    kind = raw.get("type", "choice")
    if kind not in _MODELS:
        problems.append(f"{where}: field 'type' must be one of {', '.join(QUESTION_TYPES)}, got {kind!r}")
        return (qid if isinstance(qid, str) else f"q{n}"), None
    model = _MODELS[kind]
    fields = {k: v for k, v in raw.items() if k != "type"}
    fields["id"] = qid if isinstance(qid, str) else f"q{n}"
    # Lists arrive from YAML as lists; the models keep tuples (frozen).
    for key in ("choices", "items", "accepted", "wrong_answers", "references"):
        if isinstance(fields.get(key), list):
            fields[key] = tuple(fields[key])
    try:
        q = model.model_validate(fields)
    except ValidationError as err:
        seen: set[str] = set()
        for e in err.errors(include_url=False):
            if e["loc"] and e["loc"][0] == "id":
                continue
            msg = _message(kind, where, e, raw)
            if msg not in seen:
                seen.add(msg)
                problems.append(msg)
        return fields["id"], None
    if len(problems) > before:
        return fields["id"], None
    return fields["id"], q  # type: ignore[return-value]


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
            source, [f"bank: must be a mapping with chapter, title, questions; got {type(data).__name__}"]
        )
    unknown = set(data) - {"chapter", "title", "questions"}
    if unknown:
        problems.append(f"bank: unknown field(s) {sorted(unknown)}; allowed: ['chapter', 'questions', 'title']")
    chapter = data.get("chapter")
    if not isinstance(chapter, str) or not _ID.match(chapter):
        problems.append(f"bank: field 'chapter' must match {_ID_TEXT}, got {chapter!r}")
        chapter = "bank"
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"bank: field 'title' must be non-empty text, got {title!r}")
        title = "Quiz"
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        problems.append("bank: field 'questions' must be a non-empty list (the bank is empty)")
        raise QuizBankError(source, problems)
    if len(raw_questions) > MAX_QUESTIONS:
        problems.append(f"bank: field 'questions' lists {len(raw_questions)} questions; the limit is {MAX_QUESTIONS}")
    questions: list[AnyQuestion] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(raw_questions, 1):
        qid, q = _validate_question(raw, n, problems)
        if qid in seen and isinstance(raw, dict) and isinstance(raw.get("id"), str):
            problems.append(f"question {qid!r}: duplicate id (also question #{seen[qid]})")
        seen.setdefault(qid, n)
        if q is not None:
            questions.append(q)
    if problems:
        raise QuizBankError(source, problems)
    return Bank(chapter=chapter, title=title.strip(), questions=tuple(questions), source=source)


# --- Course checks (the ones the test suite runs) ------------------------------------------------
def find_bib(start: str | Path) -> Path | None:
    """The nearest ``references.bib`` in the folder of ``start`` or any folder above it."""
    p = Path(start).resolve()
    for folder in (p, *p.parents) if p.is_dir() else p.parents:
        candidate = folder / "references.bib"
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=8)
def _bib_keys_cached(path: str, mtime_ns: int) -> frozenset[str]:
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return frozenset(re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.MULTILINE))


def bib_keys(path: str | Path) -> frozenset[str]:
    """Citation keys defined in a BibTeX file (``@type{key,`` lines)."""
    p = Path(path)
    return _bib_keys_cached(str(p.resolve()), p.stat().st_mtime_ns)


def _chapter_folder(path: Path) -> Path | None:
    from ketcourse.engine.registry import chapter_dirs

    parent = path.resolve().parent
    return parent if parent in {d.resolve() for d in chapter_dirs().values()} else None


def course_problems(bank: Bank, path: Path, bib: str | Path | None = None) -> tuple[list[str], list[str]]:
    """(problems, notes) of the checks beyond the schema: citations, chapter name, bank size."""
    problems: list[str] = []
    notes: list[str] = []
    bib_path = Path(bib) if bib is not None else find_bib(path)
    if bib_path is None:
        if any(q.references for q in bank.questions):
            notes.append(f"citation keys not checked: no references.bib in {path.parent} or above")
    else:
        keys = bib_keys(bib_path)
        for q in bank.questions:
            missing = [r for r in q.references if r not in keys]
            if missing:
                problems.append(f"question {q.id!r}: field 'references': {missing} not in {bib_path}")
    folder = _chapter_folder(path)
    if folder is not None or path.name == "quiz.yaml":
        name = path.resolve().parent.name
        if bank.chapter != name:
            problems.append(f"bank: field 'chapter' is {bank.chapter!r} but the bank is in the chapter folder {name!r}")
    if folder is not None and len(bank.questions) < MIN_CHAPTER_QUESTIONS:
        problems.append(
            f"bank: a chapter bank needs at least {MIN_CHAPTER_QUESTIONS} questions, got {len(bank.questions)}"
        )
    return problems, notes


def load_bank_file(path: str | Path, *, bib: str | Path | None = None) -> Bank:
    """Read ``path`` strictly, validate it and run the course checks; raise :class:`QuizBankError`.

    ``bib`` is the BibTeX file the citation keys must exist in; by default the nearest
    ``references.bib`` above the bank (not checked, with a note in :attr:`Bank.notes`, if none).
    """
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"quiz bank {str(p)!r} does not exist")
    try:
        data = load_yaml(p)
    except DataFileError as err:
        raise QuizBankError(str(p), err.problems) from None
    bank = validate_bank(data, str(p))
    problems, notes = course_problems(bank, p, bib)
    if problems:
        raise QuizBankError(str(p), problems)
    return bank.model_copy(update={"notes": tuple(notes)}) if notes else bank


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
