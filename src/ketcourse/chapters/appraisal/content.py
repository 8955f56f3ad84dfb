"""Appraising popular claims: a reusable checklist and an audit of the course's seed blog posts.

The course content lives in YAML files beside this module (``data/``), each checked against the
pydantic models below with :func:`ketcourse.engine.data.load_model`; every problem is reported with
the file, the item id and the field:

* ``data/checklist.yaml``: :data:`CHECKLIST`, seven questions to ask of any health claim;
* ``data/vocabulary.yaml``: :data:`VERDICTS`, a fixed vocabulary of seven verdicts;
  :data:`AUDIT_WORDING_MAP`, which maps the freer wording of the course's original 24-claim audit
  onto it; the two 0–3 scales (:data:`CLAIM_SCALE`, :data:`EVIDENCE_SCALE`) and the five seed
  posts (:data:`SEEDS`);
* ``data/claims.yaml``: :data:`CLAIMS`, the audited claims from the five seed posts (S0–S4),
  each paraphrased (never quoted at length) with its verdict, the evidence, citation keys and
  the two scores.

Python keeps the logic and the presentation. The quiz bank ``appraisal`` is generated from the
claims by :func:`quiz_bank_data` (write it with :func:`write_quiz_bank`), so the quiz and the
table cannot drift apart.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from ketcourse.engine.data import DataFileError, Record, load_model
from ketcourse.engine.tables import Table
from ketcourse.engine.validate import one_of

DATA_DIR = Path(__file__).parent / "data"


def _as_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


Texts = Annotated[tuple[Annotated[str, Field(min_length=1)], ...], BeforeValidator(_as_tuple)]
Text = Annotated[str, Field(min_length=1)]
Score = Annotated[int, Field(ge=0, le=3)]

# --- Schemas of the data files ------------------------------------------------------------------------


class ChecklistItem(Record):
    """One question of the appraisal checklist.

    Attributes
    ----------
    id : str
        Short identifier (used in exercises and the claims table); also available as ``key``.
    title : str
        A two- or three-word name.
    question : str
        What to ask of a claim.
    why : str
        Why the question matters, with a ketamine example.
    red_flags : tuple of str
        Wording or situations that should prompt the question.
    """

    id: Text
    title: Text
    question: Text
    why: Text
    red_flags: Texts

    @property
    def key(self) -> str:
        """Short identifier (the ``id`` in the data file)."""
        return self.id


class _ChecklistFile(Record):
    checklist: Annotated[tuple[ChecklistItem, ...], BeforeValidator(_as_tuple)] = Field(min_length=1)


class _Verdict(Record):
    id: Text
    meaning: Text


class _Wording(Record):
    wording: Text
    verdict: Text


class _Score(Record):
    score: Score
    meaning: Text


class _Seed(Record):
    id: Text
    theme: Text


class _VocabularyFile(Record):
    verdicts: Annotated[tuple[_Verdict, ...], BeforeValidator(_as_tuple)] = Field(min_length=1)
    audit_wording: Annotated[tuple[_Wording, ...], BeforeValidator(_as_tuple)]
    claim_scale: Annotated[tuple[_Score, ...], BeforeValidator(_as_tuple)]
    evidence_scale: Annotated[tuple[_Score, ...], BeforeValidator(_as_tuple)]
    seeds: Annotated[tuple[_Seed, ...], BeforeValidator(_as_tuple)] = Field(min_length=1)


class Claim(Record):
    """One audited claim from the seed posts.

    Attributes
    ----------
    id : str
        ``"c01"`` ... (``c01``–``c24`` follow the original audit's numbering).
    audit_no : int or None
        Row of the original 24-claim audit, or ``None`` for claims this course audited in addition.
    seeds : tuple of str
        Seed posts making the claim (``"S0"``–``"S4"``).
    paraphrase : str
        The claim in the course's words, as a clause that follows "that ...".
    verdict : str
        One of :data:`VERDICTS`.
    also_acceptable : tuple of str
        Other verdicts the evidence supports equally well (the quiz accepts them too).
    audit_wording : str
        The original audit's own wording (``""`` for the extra claims).
    reason : str
        One sentence on why this verdict fits.
    evidence : str
        What the evidence says, with the numbers.
    keys : tuple of str
        Citation keys in ``references.bib`` (may be empty: see ``missing_source``).
    claim_strength, evidence_strength : int
        Scores on :data:`CLAIM_SCALE` and :data:`EVIDENCE_SCALE` (0–3).
    checklist : tuple of str
        Keys of the :data:`CHECKLIST` items that expose the problem.
    missing_source : str
        A source the course cites in words but has no bibliography entry for.
    near_miss : dict
        Specific feedback for tempting wrong verdicts, by verdict.
    """

    id: Annotated[str, Field(pattern=r"^c\d\d$")]
    audit_no: Annotated[int, Field(ge=1)] | None = None
    seeds: Texts = Field(min_length=1)
    paraphrase: Text
    verdict: Text
    also_acceptable: Texts = ()
    audit_wording: str = ""
    reason: Text
    evidence: Text
    keys: Texts = ()
    claim_strength: Score
    evidence_strength: Score
    checklist: Texts = Field(min_length=1)
    missing_source: str = ""
    near_miss: dict[str, Text] = Field(default_factory=dict)

    @property
    def number(self) -> int:
        """The claim's number, as printed in the figures (``"c07"`` is claim 7)."""
        return int(self.id[1:])

    @property
    def gap(self) -> int:
        """Claim strength minus evidence strength: > 0 means the claim outruns its evidence."""
        return self.claim_strength - self.evidence_strength

    @property
    def sentence(self) -> str:
        """The paraphrase as a stand-alone sentence."""
        return self.paraphrase[0].upper() + self.paraphrase[1:]

    @property
    def seed_text(self) -> str:
        """E.g. ``"S0 and S3"``."""
        return " and ".join([", ".join(self.seeds[:-1]), self.seeds[-1]]) if len(self.seeds) > 1 else self.seeds[0]


class _ClaimsFile(Record):
    quiz_claim_ids: Texts = Field(min_length=1)
    claims: Annotated[tuple[Claim, ...], BeforeValidator(_as_tuple)] = Field(min_length=1)


class Answer(Record):
    """Where the course answers an inventory item: a claim of the table, or a chapter section."""

    claim: Annotated[str, Field(pattern=r"^c\d\d$")] | None = None
    doc: Annotated[str, Field(pattern=r"^chapters/\d\d_[a-z]+$")] | None = None
    section: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")] | None = None


class InventoryRow(Record):
    """One topic the seed posts raise, in the course's words, with where the course answers it.

    Attributes
    ----------
    id : str
        Identifier, ``[a-z0-9-]``.
    kind : str
        ``claim``, ``condition``, ``region`` (brain region), ``mechanism`` or ``forecast``.
    item : str
        The topic in a few words (a paraphrase, never the posts' own sentence).
    seeds : tuple of str
        Posts that raise it.
    answers : tuple of Answer
        At least one claim id or chapter section.
    """

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    kind: Literal["claim", "condition", "region", "mechanism", "forecast"]
    item: Text
    seeds: Texts = Field(min_length=1)
    answers: Annotated[tuple[Answer, ...], BeforeValidator(_as_tuple)] = Field(min_length=1)


class _InventoryFile(Record):
    chapter_titles: dict[str, Text]
    claim_sections: dict[str, Texts]
    rows: Annotated[tuple[InventoryRow, ...], BeforeValidator(_as_tuple)] = Field(min_length=1)


# --- Loading ------------------------------------------------------------------------------------------


def load_checklist(
    path: str | Path = DATA_DIR / "checklist.yaml", text: str | None = None
) -> tuple[ChecklistItem, ...]:
    """The checklist from ``path`` (schema-checked; keys must be unique)."""
    items = load_model(path, _ChecklistFile, text).checklist
    seen: set[str] = set()
    problems = []
    for item in items:
        if item.key in seen:
            problems.append(f"item {item.key!r}: field 'id': repeats another item")
        seen.add(item.key)
    if problems:
        raise DataFileError(path, problems)
    return items


def load_vocabulary(path: str | Path = DATA_DIR / "vocabulary.yaml", text: str | None = None) -> _VocabularyFile:
    """Verdicts, the audit-wording map, the scales and the seeds from ``path`` (schema-checked)."""
    vocab = load_model(path, _VocabularyFile, text)
    verdicts = {v.id for v in vocab.verdicts}
    problems = [
        f"audit_wording item {i}: field 'verdict': unknown verdict {w.verdict!r}"
        for i, w in enumerate(vocab.audit_wording, 1)
        if w.verdict not in verdicts
    ]
    for name in ("claim_scale", "evidence_scale"):
        scores = [s.score for s in getattr(vocab, name)]
        if sorted(scores) != [0, 1, 2, 3]:
            problems.append(f"field {name!r}: needs exactly the scores 0, 1, 2 and 3, got {scores}")
    if problems:
        raise DataFileError(path, problems)
    return vocab


def load_claims(
    path: str | Path = DATA_DIR / "claims.yaml",
    text: str | None = None,
    *,
    vocabulary: _VocabularyFile | None = None,
    checklist: tuple[ChecklistItem, ...] | None = None,
) -> _ClaimsFile:
    """The claims from ``path``, checked against the schema and against the vocabulary and checklist.

    Every problem is reported as ``file: item 'id': field 'name': message``.
    """
    vocab = vocabulary if vocabulary is not None else load_vocabulary()
    items = checklist if checklist is not None else load_checklist()
    data = load_model(path, _ClaimsFile, text)
    verdicts = {v.id for v in vocab.verdicts}
    wording = {w.wording: w.verdict for w in vocab.audit_wording}
    seeds = {s.id for s in vocab.seeds}
    keys = {i.key for i in items}
    problems: list[str] = []
    seen: set[str] = set()
    for c in data.claims:
        where = f"item {c.id!r}"
        if c.id in seen:
            problems.append(f"{where}: field 'id': repeats another claim")
        seen.add(c.id)
        if c.verdict not in verdicts:
            problems.append(f"{where}: field 'verdict': unknown verdict {c.verdict!r}")
        problems += [f"{where}: field 'seeds': unknown seed {s!r}" for s in c.seeds if s not in seeds]
        problems += [f"{where}: field 'checklist': unknown checklist item {k!r}" for k in c.checklist if k not in keys]
        problems += [f"{where}: field 'near_miss': unknown verdict {v!r}" for v in c.near_miss if v not in verdicts]
        problems += [
            f"{where}: field 'also_acceptable': unknown verdict {v!r}" for v in c.also_acceptable if v not in verdicts
        ]
        if c.verdict in c.also_acceptable:
            problems.append(f"{where}: field 'also_acceptable': repeats the verdict {c.verdict!r}")
        if c.audit_wording and wording.get(c.audit_wording) != c.verdict:
            problems.append(
                f"{where}: field 'audit_wording': {c.audit_wording!r} maps to "
                f"{wording.get(c.audit_wording)!r}, not {c.verdict!r}"
            )
        if (c.audit_no is None) != (not c.audit_wording):
            problems.append(f"{where}: field 'audit_wording': give it exactly when audit_no is given")
        if not c.keys and not c.missing_source:
            problems.append(f"{where}: field 'keys': no citation key and no missing_source named")
    problems += [f"field 'quiz_claim_ids': unknown claim id {q!r}" for q in data.quiz_claim_ids if q not in seen]
    if problems:
        raise DataFileError(path, problems)
    return data


_VOCAB = load_vocabulary()

#: The checklist, in teaching order.
CHECKLIST: tuple[ChecklistItem, ...] = load_checklist()
#: The fixed verdict vocabulary, with what each verdict means.
VERDICTS: dict[str, str] = {v.id: v.meaning for v in _VOCAB.verdicts}
#: How the verdict wording of the original audit maps onto :data:`VERDICTS`.
AUDIT_WORDING_MAP: dict[str, str] = {w.wording: w.verdict for w in _VOCAB.audit_wording}
#: Claim strength: how much the claim asserts.
CLAIM_SCALE: dict[int, str] = {s.score: s.meaning for s in sorted(_VOCAB.claim_scale, key=lambda s: s.score)}
#: Evidence strength: how much good human evidence backs what the claim asserts.
EVIDENCE_SCALE: dict[int, str] = {s.score: s.meaning for s in sorted(_VOCAB.evidence_scale, key=lambda s: s.score)}
#: The five seed posts (files 000–004 of the seed folder).
SEEDS: dict[str, str] = {s.id: s.theme for s in _VOCAB.seeds}

_CLAIMS_FILE = load_claims(vocabulary=_VOCAB, checklist=CHECKLIST)
#: Every audited claim, in table order.
CLAIMS: tuple[Claim, ...] = _CLAIMS_FILE.claims
#: Claims used as quiz questions (the rest are left for the exercises and the chapter).
QUIZ_CLAIM_IDS: tuple[str, ...] = _CLAIMS_FILE.quiz_claim_ids


#: Kinds of inventory row, in display order, with their headings.
INVENTORY_KINDS: dict[str, str] = {
    "claim": "Claim",
    "condition": "Condition",
    "region": "Brain region",
    "mechanism": "Mechanism",
    "forecast": "Forecast",
}
#: This chapter's document path (links to it stay on the page).
THIS_DOC = "chapters/08_appraisal"


def load_inventory(
    path: str | Path = DATA_DIR / "inventory.yaml",
    text: str | None = None,
    *,
    claims: Iterable[Claim] | None = None,
    seeds: Iterable[str] | None = None,
) -> _InventoryFile:
    """The seed-post inventory, checked: every answer is a known claim or a titled chapter with a section."""
    data = load_model(path, _InventoryFile, text)
    claim_ids = {c.id for c in (CLAIMS if claims is None else claims)}
    seed_ids = set(SEEDS if seeds is None else seeds)
    problems: list[str] = []
    placed: dict[str, str] = {}
    for section, ids in data.claim_sections.items():
        for cid in ids:
            if cid not in claim_ids:
                problems.append(f"field 'claim_sections': section {section!r}: unknown claim id {cid!r}")
            if cid in placed:
                problems.append(f"field 'claim_sections': claim {cid!r} is in {placed[cid]!r} and {section!r}")
            placed[cid] = section
    problems += [f"field 'claim_sections': claim {cid!r} has no section" for cid in sorted(claim_ids - set(placed))]
    seen: set[str] = set()
    for row in data.rows:
        where = f"item {row.id!r}"
        if row.id in seen:
            problems.append(f"{where}: field 'id': repeats another row")
        seen.add(row.id)
        problems += [f"{where}: field 'seeds': unknown seed {s!r}" for s in row.seeds if s not in seed_ids]
        for a in row.answers:
            if (a.claim is None) == (a.doc is None):
                problems.append(f"{where}: field 'answers': give either a claim or a doc, got {a.model_dump()}")
            elif a.claim is not None and a.claim not in claim_ids:
                problems.append(f"{where}: field 'answers': unknown claim id {a.claim!r}")
            elif a.doc is not None and (a.section is None or a.doc not in data.chapter_titles):
                problems.append(f"{where}: field 'answers': {a.doc!r} needs a section and a chapter title")
    if problems:
        raise DataFileError(path, problems)
    return data


_INVENTORY = load_inventory()
#: Every topic the seed posts raise, with where the course answers it.
INVENTORY: tuple[InventoryRow, ...] = _INVENTORY.rows


#: Loader of every data file in ``data/``, by file name (the tests load each one).
DATA_LOADERS = {
    "checklist.yaml": load_checklist,
    "quiz_items.yaml": lambda path: load_quiz_items(path),
    "vocabulary.yaml": load_vocabulary,
    "claims.yaml": load_claims,
    "inventory.yaml": load_inventory,
}


def answer_target(answer: Answer) -> tuple[str, str, str]:
    """``(doc, section, label)`` of an inventory answer: the page, the heading anchor and the link text."""
    if answer.claim is not None:
        section = next(s for s, ids in _INVENTORY.claim_sections.items() if answer.claim in ids)
        return THIS_DOC, section, f"claim {int(answer.claim[1:])}"
    assert answer.doc is not None and answer.section is not None
    title = _INVENTORY.chapter_titles[answer.doc]
    return answer.doc, answer.section, f"{title}: {answer.section.replace('-', ' ')}"


class InventoryView:
    """The seed-post inventory as an index table whose answers link to the course's sections."""

    def __init__(self, rows: tuple[InventoryRow, ...] = INVENTORY) -> None:
        self.rows = tuple(sorted(rows, key=lambda r: list(INVENTORY_KINDS).index(r.kind)))

    @staticmethod
    def _href(doc: str, section: str) -> str:
        return f"#{section}" if doc == THIS_DOC else f"{doc.split('/')[-1]}.html#{section}"

    def _repr_html_(self) -> str:
        esc = html.escape
        body = []
        for r in self.rows:
            links = "; ".join(
                f'<a href="{esc(self._href(doc, sec))}">{esc(label)}</a>'
                for doc, sec, label in (answer_target(a) for a in r.answers)
            )
            seeds = ", ".join(r.seeds)
            body.append(
                f"<tr><td>{esc(INVENTORY_KINDS[r.kind])}</td><td>{esc(r.item)}</td><td>{esc(seeds)}</td>"
                f"<td>{links}</td></tr>"
            )
        counts: Counter[str] = Counter(r.kind for r in self.rows)
        caption = (
            f"Every topic the five posts raise ({len(self.rows)}: "
            + ", ".join(f"{counts[k]} {v.lower()}{'s' if counts[k] != 1 else ''}" for k, v in INVENTORY_KINDS.items())
            + ") and where the course answers it."
        )
        head = "".join(f'<th scope="col">{c}</th>' for c in ("Kind", "Topic (paraphrased)", "Posts", "Answered in"))
        return (
            '<div class="kc-table-wrap" style="overflow-x:auto">'
            f'<table class="table kc-table"><caption>{esc(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )

    def __str__(self) -> str:
        lines = []
        for r in self.rows:
            targets = "; ".join(label for _, _, label in (answer_target(a) for a in r.answers))
            lines.append(f"{INVENTORY_KINDS[r.kind]}: {r.item} [{', '.join(r.seeds)}] -> {targets}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)


def inventory_table(kind: str | None = None) -> InventoryView:
    """The seed-post inventory, ready to display (all rows, or one kind)."""
    if kind is None:
        return InventoryView()
    one_of(kind, INVENTORY_KINDS, "inventory kind")
    return InventoryView(tuple(r for r in INVENTORY if r.kind == kind))


# --- Look-ups and summaries ---------------------------------------------------------------------------
def claim(claim_id: str) -> Claim:
    """The :class:`Claim` with id ``claim_id`` (e.g. ``"c10"``)."""
    one_of(claim_id, [c.id for c in CLAIMS], "claim id")
    return next(c for c in CLAIMS if c.id == claim_id)


def claims_for_seed(seed: str | None = None) -> tuple[Claim, ...]:
    """Claims made by one seed post (``"S0"``–``"S4"``), or all claims for ``None``."""
    if seed is None:
        return CLAIMS
    one_of(seed, SEEDS, "seed")
    return tuple(c for c in CLAIMS if seed in c.seeds)


def audited_claims() -> tuple[Claim, ...]:
    """The claims of the original 24-claim audit (those with an ``audit_no``)."""
    return tuple(c for c in CLAIMS if c.audit_no is not None)


def verdict_counts(claims: Iterable[Claim] | None = None) -> dict[str, int]:
    """Number of claims with each verdict, in :data:`VERDICTS` order (zeros included)."""
    counts = Counter(c.verdict for c in (CLAIMS if claims is None else claims))
    return {v: counts.get(v, 0) for v in VERDICTS}


def overclaims(claims: Iterable[Claim] | None = None) -> tuple[Claim, ...]:
    """Claims whose claim strength exceeds their evidence strength (above the diagonal)."""
    return tuple(c for c in (CLAIMS if claims is None else claims) if c.gap > 0)


def checklist_counts(claims: Iterable[Claim] | None = None) -> dict[str, int]:
    """How many problem claims each checklist item exposes, in :data:`CHECKLIST` order.

    Supported claims are skipped: for them the listed item is the check they pass, not a problem it exposes.
    """
    pool = CLAIMS if claims is None else claims
    counts = Counter(item for c in pool if c.verdict != "supported" for item in c.checklist)
    return {item.key: counts.get(item.key, 0) for item in CHECKLIST}


def checklist_item(key: str) -> ChecklistItem:
    """The :class:`ChecklistItem` with ``key``."""
    one_of(key, [c.key for c in CHECKLIST], "checklist item")
    return next(c for c in CHECKLIST if c.key == key)


def all_citation_keys() -> set[str]:
    """Every citation key the claims table uses."""
    return {k for c in CLAIMS for k in c.keys}


# --- Display objects ----------------------------------------------------------------------------------
def _table_html(caption: str, header: list[str], rows: list[list[str]]) -> str:
    return Table(caption, tuple(header), tuple(tuple(r) for r in rows))._repr_html_()


class ChecklistView:
    """The checklist, displayed as an HTML table with a plain-text fallback."""

    def __init__(self, items: tuple[ChecklistItem, ...] = CHECKLIST) -> None:
        self.items = items

    def _repr_html_(self) -> str:
        rows = [
            [f"{i}. {it.title}", it.question, it.why, "; ".join(it.red_flags)] for i, it in enumerate(self.items, 1)
        ]
        return _table_html(
            "A seven-question checklist for health claims.", ["Check", "Ask", "Why it matters", "Red flags"], rows
        )

    def __str__(self) -> str:
        return "\n".join(f"{i}. {it.title} [{it.key}]: {it.question}" for i, it in enumerate(self.items, 1))

    def __repr__(self) -> str:
        return str(self)


class ClaimsView:
    """Selected claims as an HTML table (seed, claim, verdict, evidence) with a text fallback."""

    def __init__(self, claims: tuple[Claim, ...]) -> None:
        self.claims = claims

    def _repr_html_(self) -> str:
        rows = [
            [
                str(c.number),
                c.seed_text,
                c.sentence,
                c.verdict,
                f"{c.claim_strength} / {c.evidence_strength}",
                c.evidence,
            ]
            for c in self.claims
        ]
        return _table_html(
            "Audited claims: verdict, scores (claim / evidence, 0–3) and the evidence.",
            ["No.", "Seed", "Claim (paraphrased)", "Verdict", "Scores", "Evidence"],
            rows,
        )

    def __str__(self) -> str:
        return "\n".join(
            f"{c.number} [{c.seed_text}] {c.verdict} (claim {c.claim_strength}, evidence {c.evidence_strength}): "
            f"{c.sentence}"
            for c in self.claims
        )

    def __repr__(self) -> str:
        return str(self)


class VerdictsView:
    """The verdict vocabulary with its mapping from the original audit's wording."""

    def _repr_html_(self) -> str:
        rows = [
            [v, meaning, ", ".join(k for k, m in AUDIT_WORDING_MAP.items() if m == v) or "(used for extra claims)"]
            for v, meaning in VERDICTS.items()
        ]
        return _table_html(
            "The verdict vocabulary.", ["Verdict", "Meaning", "Wording of the original audit mapped here"], rows
        )

    def __str__(self) -> str:
        return "\n".join(f"{v}: {meaning}" for v, meaning in VERDICTS.items())

    def __repr__(self) -> str:
        return str(self)


def checklist() -> ChecklistView:
    """The checklist, ready to display."""
    return ChecklistView()


def verdicts() -> VerdictsView:
    """The verdict vocabulary, ready to display."""
    return VerdictsView()


def claims_table(claim_ids: Iterable[str] | None = None, *, seed: str | None = None) -> ClaimsView:
    """Claims as a displayable table: chosen ids, one seed's claims, or all."""
    if claim_ids is not None and seed is not None:
        raise ValueError("give claim_ids or seed, not both")
    if claim_ids is not None:
        if isinstance(claim_ids, str):
            raise TypeError(f"claim_ids must be a list of ids, not a single string {claim_ids!r}")
        return ClaimsView(tuple(claim(cid) for cid in claim_ids))
    return ClaimsView(claims_for_seed(seed))


# --- The quiz bank -------------------------------------------------------------------------------------
def choice_feedback(c: Claim, picked: str) -> str:
    """Feedback for picking verdict ``picked`` for claim ``c`` (used by the quiz and the exercises)."""
    one_of(picked, VERDICTS, "verdict")
    if picked == c.verdict:
        return f"Yes: {c.verdict}. {c.reason}"
    if picked in c.also_acceptable:
        return f"Yes: {picked} fits as well as {c.verdict}. {c.reason}"
    specific = dict(c.near_miss).get(picked)
    if specific:
        return f"Not the best fit. {specific}"
    return f"Not the best fit: '{picked}' would mean {VERDICTS[picked]}. Consider this: {c.reason}"


def _seed_subject(c: Claim) -> str:
    """``"Seed post S2 says"`` or ``"Seed posts S0 and S1 say"``."""
    if len(c.seeds) > 1:
        return f"Seed posts {c.seed_text} say"
    return f"Seed post {c.seed_text} says"


class _QuizItemsFile(Record):
    order: Texts = Field(min_length=1)
    questions: Annotated[tuple[dict[str, Any], ...], BeforeValidator(_as_tuple)]


def load_quiz_items(path: str | Path = DATA_DIR / "quiz_items.yaml", text: str | None = None) -> _QuizItemsFile:
    """The hand-written questions of the appraisal quiz and the order of the whole quiz.

    The questions themselves are checked by the quiz-bank schema when the generated bank is loaded; here the
    ``order`` must name every question and verdict item exactly once.
    """
    data = load_model(path, _QuizItemsFile, text)
    ids = [str(q.get("id")) for q in data.questions]
    expected = [*QUIZ_CLAIM_IDS, *ids]
    problems = []
    if sorted(data.order) != sorted(expected):
        missing = sorted(set(expected) - set(data.order))
        extra = sorted(set(data.order) - set(expected))
        problems.append(f"field 'order': must list every question once (missing {missing}, unknown {extra})")
    if len(set(ids)) != len(ids):
        problems.append("field 'questions': two questions share an id")
    if problems:
        raise DataFileError(path, problems)
    return data


def verdict_question(c: Claim) -> dict[str, Any]:
    """A "choose the verdict" question for claim ``c`` (every verdict the evidence supports is correct)."""
    return {
        "id": c.id,
        "bloom": "evaluate",
        "prompt": f"{_seed_subject(c)}, in effect, that {c.paraphrase} Which verdict fits best?",
        "choices": [
            {"text": v, "correct": True, "feedback": choice_feedback(c, v)}
            if v == c.verdict or v in c.also_acceptable
            else {"text": v, "feedback": choice_feedback(c, v)}
            for v in VERDICTS
        ],
        "explanation": c.evidence,
        "references": list(c.keys),
    }


def quiz_bank_data() -> dict[str, Any]:
    """The ``appraisal`` quiz bank as plain data: verdict items generated from :data:`CLAIMS` (those in
    :data:`QUIZ_CLAIM_IDS`, chosen because their verdict is not in dispute) mixed with the hand-written
    questions of ``data/quiz_items.yaml`` (ordering, numeric, short answer, rewrite and design items)."""
    items = load_quiz_items()
    by_id: dict[str, dict[str, Any]] = {cid: verdict_question(claim(cid)) for cid in QUIZ_CLAIM_IDS}
    by_id.update({str(q["id"]): q for q in items.questions})
    return {
        "chapter": "appraisal",
        "title": "Appraise the claims: verdicts, designs, rewrites and numbers",
        "questions": [by_id[qid] for qid in items.order],
    }


def write_quiz_bank(path: str | Path | None = None) -> Path:
    """Write :func:`quiz_bank_data` as YAML (by default to the chapter's ``quiz.yaml``)."""
    import yaml

    target = Path(path) if path is not None else Path(__file__).parent / "quiz.yaml"
    header = (
        "# Generated by ketcourse.chapters.appraisal.content.write_quiz_bank() from the claims table: "
        "do not edit by hand.\n"
    )
    text = yaml.safe_dump(quiz_bank_data(), sort_keys=False, allow_unicode=True, width=110)
    target.write_text(header + text, encoding="utf-8")
    return target


__all__ = [
    "AUDIT_WORDING_MAP",
    "CHECKLIST",
    "CLAIMS",
    "CLAIM_SCALE",
    "DATA_LOADERS",
    "EVIDENCE_SCALE",
    "INVENTORY",
    "INVENTORY_KINDS",
    "QUIZ_CLAIM_IDS",
    "SEEDS",
    "VERDICTS",
    "Answer",
    "ChecklistItem",
    "Claim",
    "InventoryRow",
    "InventoryView",
    "all_citation_keys",
    "answer_target",
    "audited_claims",
    "checklist",
    "checklist_counts",
    "checklist_item",
    "choice_feedback",
    "claim",
    "claims_for_seed",
    "claims_table",
    "inventory_table",
    "load_inventory",
    "load_quiz_items",
    "overclaims",
    "quiz_bank_data",
    "verdict_counts",
    "verdict_question",
    "verdicts",
    "write_quiz_bank",
]
