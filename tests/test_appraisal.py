"""Checklist, claims table, quiz bank consistency, figures, explorer and exercise checks of the Appraising claims
chapter."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml
from matplotlib.colors import to_hex

from ketcourse.chapters.appraisal import checks as check
from ketcourse.chapters.appraisal import content as ap
from ketcourse.chapters.appraisal import figures
from ketcourse.chapters.appraisal.explorer import seed_explorer, seed_for_step
from ketcourse.chapters.conditions import content as ev
from ketcourse.chapters.reflections import load_reflections_file
from ketcourse.engine import quiz
from ketcourse.engine.data import DataFileError
from ketcourse.engine.explorers.spec import Slider
from ketcourse.engine.explorers.static import StaticExplorer
from ketcourse.engine.figures.style import PALETTE, new_figure

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))
SEED_DIR = Path("/work/shared/seeds")


# --- The claims table ------------------------------------------------------------------------------
def test_at_least_15_audited_claims_with_vocabulary_verdicts():
    audited = ap.audited_claims()
    assert len(audited) >= 15
    assert sorted(c.audit_no for c in audited) == list(range(1, len(audited) + 1))
    for c in ap.CLAIMS:
        assert c.verdict in ap.VERDICTS
        if c.audit_no is not None:
            assert ap.AUDIT_WORDING_MAP[c.audit_wording] == c.verdict
        else:
            assert c.audit_wording == ""


def test_ids_unique_and_seeds_known():
    ids = [c.id for c in ap.CLAIMS]
    assert len(ids) == len(set(ids))
    for c in ap.CLAIMS:
        assert c.seeds and set(c.seeds) <= set(ap.SEEDS)
        assert c.checklist, c.id


def test_citation_keys_exist_or_a_missing_source_is_named():
    assert ap.all_citation_keys() <= BIB_KEYS, sorted(ap.all_citation_keys() - BIB_KEYS)
    for c in ap.CLAIMS:
        assert c.keys or c.missing_source, f"{c.id} has no source"


def test_scores_are_on_the_documented_scales():
    assert set(ap.CLAIM_SCALE) == set(ap.EVIDENCE_SCALE) == {0, 1, 2, 3}
    for c in ap.CLAIMS:
        assert c.claim_strength in ap.CLAIM_SCALE and c.evidence_strength in ap.EVIDENCE_SCALE


def test_counts_quoted_in_the_chapter():
    # chapter 07 says 22 of the 24 facts-sheet claims lie above the diagonal
    assert len(ap.overclaims(ap.audited_claims())) == 22
    assert len(ap.CLAIMS) == 29
    assert sum(ap.verdict_counts().values()) == len(ap.CLAIMS)
    counts = ap.checklist_counts()
    assert sorted(counts.values())[-1] > sorted(counts.values())[-2]  # a single most frequent item (task 3)


def test_every_supported_claim_is_on_or_below_the_diagonal():
    for c in ap.CLAIMS:
        if c.verdict == "supported":
            assert c.gap <= 0, c.id


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: ap.claim("c99"), ValueError, "unknown claim id 'c99'"),
        (lambda: ap.claims_for_seed("S9"), ValueError, "unknown seed 'S9'"),
        (lambda: ap.claims_table("c01"), TypeError, "list of ids"),
        (lambda: ap.claims_table(["c01"], seed="S0"), ValueError, "not both"),
        (lambda: ap.checklist_item("vibes"), ValueError, "unknown checklist item 'vibes'"),
        (lambda: ap.choice_feedback(ap.claim("c01"), "meh"), ValueError, "unknown verdict 'meh'"),
    ],
)
def test_appraisal_bad_inputs(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --- The data files: schema errors name file, item and field --------------------------------------
CLAIMS_YAML = ap.DATA_DIR / "claims.yaml"
_GOOD_CLAIM = """
- id: c90
  audit_no: 1
  seeds: [S0]
  paraphrase: p.
  verdict: wrong
  audit_wording: Inaccurate
  reason: r
  evidence: e
  keys: [spravato_label]
  claim_strength: 1
  evidence_strength: 1
  checklist: [size]
"""


def _claims_text(claim: str) -> str:
    return "quiz_claim_ids: [c90]\nclaims:" + claim


def test_a_good_claim_loads():
    data = ap.load_claims(CLAIMS_YAML, _claims_text(_GOOD_CLAIM))
    assert data.claims[0].verdict == "wrong"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("verdict: wrong", "verdict: great", "item 'c90': field 'verdict': unknown verdict 'great'"),
        ("claim_strength: 1", "claim_strength: 4", "item 'c90': field 'claim_strength'"),
        ("seeds: [S0]", "seeds: [S7]", "item 'c90': field 'seeds': unknown seed 'S7'"),
        ("checklist: [size]", "checklist: [vibes]", "field 'checklist': unknown checklist item 'vibes'"),
        ("audit_wording: Inaccurate", "audit_wording: Overstated", "maps to 'overstated', not 'wrong'"),
        ("keys: [spravato_label]", "keys: []", "no citation key and no missing_source"),
        ("reason: r", "reason: r\n  colour: red", "item 'c90': field 'colour': Extra inputs are not permitted"),
        ("evidence: e", "evidence: 12", "item 'c90': field 'evidence': Input should be a valid string"),
    ],
)
def test_claim_errors_name_file_item_and_field(old, new, message):
    assert old in _GOOD_CLAIM
    with pytest.raises(DataFileError) as err:
        ap.load_claims(CLAIMS_YAML, _claims_text(_GOOD_CLAIM.replace(old, new)))
    text = str(err.value)
    assert "claims.yaml" in text and message in text, text


def test_checklist_and_vocabulary_errors():
    with pytest.raises(DataFileError, match="item 'a': field 'id': repeats another item"):
        ap.load_checklist(
            ap.DATA_DIR / "checklist.yaml",
            "checklist:\n" + "- {id: a, title: t, question: q, why: w, red_flags: [x]}\n" * 2,
        )
    text = (ap.DATA_DIR / "vocabulary.yaml").read_text(encoding="utf-8")
    with pytest.raises(DataFileError, match="field 'verdict': unknown verdict 'bogus'"):
        ap.load_vocabulary(ap.DATA_DIR / "vocabulary.yaml", text.replace("verdict: contradictory", "verdict: bogus", 1))


def test_display_objects():
    html = ap.checklist()._repr_html_()
    assert html.count("<tr>") == len(ap.CHECKLIST) + 1
    assert "Who is selling" in str(ap.checklist())
    assert "contradictory" in ap.verdicts()._repr_html_()
    table = ap.claims_table(seed="S3")
    assert str(table).count("\n") + 1 == len(ap.claims_for_seed("S3"))


# --- Quiz bank <-> table -----------------------------------------------------------------------------
def test_bank_matches_the_claims_table():
    bank = quiz.load_bank("appraisal")
    assert len(bank.questions) >= 10
    verdict_items = [q for q in bank.questions if q.id in {c.id for c in ap.CLAIMS}]
    assert [q.id for q in verdict_items] == [q for q in ap.load_quiz_items().order if q in ap.QUIZ_CLAIM_IDS]
    for q in verdict_items:
        c = ap.claim(q.id)
        correct = [ch.text for ch in q.choices if ch.correct]
        assert set(correct) == {c.verdict, *c.also_acceptable}, q.id
        assert [ch.text for ch in q.choices] == list(ap.VERDICTS)
        assert set(q.references) == set(c.keys)
        assert c.paraphrase in q.prompt


def test_verdict_items_have_undisputed_keys():
    """Only claims whose verdict is not in dispute are asked as single-verdict items."""
    for cid in ap.QUIZ_CLAIM_IDS:
        c = ap.claim(cid)
        assert not c.also_acceptable, f"{cid}: two verdicts fit; do not ask it as a single-verdict item"
    assert "c21" not in ap.QUIZ_CLAIM_IDS and "c04" not in ap.QUIZ_CLAIM_IDS


def test_bank_mixes_formats_and_levels():
    bank = quiz.load_bank("appraisal")
    types = {q.type for q in bank.questions}
    assert {"choice", "numeric", "ordering", "short"} <= types
    blooms = [q.bloom for q in bank.questions]
    assert blooms.count("remember") * 5 <= len(blooms)
    assert sum(1 for q in bank.questions if q.type == "numeric" and q.data_interpretation) >= 2
    ids = {q.id for q in bank.questions}
    assert {"rewrite-superlative", "missing-control"} <= ids  # rewrite a claim; spot the missing control


def test_numeric_keys_follow_from_the_numbers_the_chapter_teaches():
    nb = nbformat.read(ROOT / "chapters/08_appraisal.ipynb", as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    bank = quiz.load_bank("appraisal")
    ketect = bank.question("ketect-difference")
    assert "63%" in prose and "46%" in prose and "63%" in ketect.prompt
    assert ketect.accepts(63 - 46)
    cocaine = bank.question("cocaine-nnt")
    assert "48.2%" in prose and "10.7%" in prose
    assert cocaine.accepts(round(1 / (0.482 - 0.107), 1))
    assert not cocaine.accepts(48.2 - 10.7)


def test_shipped_bank_is_the_generated_one():
    shipped = yaml.safe_load((ROOT / "src/ketcourse/chapters/appraisal/quiz.yaml").read_text(encoding="utf-8"))
    assert shipped == ap.quiz_bank_data(), (
        "regenerate with: python -c 'import ketcourse.chapters.appraisal.content as a; a.write_quiz_bank()'"
    )


def test_write_quiz_bank_round_trip(tmp_path):
    path = ap.write_quiz_bank(tmp_path / "bank.yaml")
    bank = quiz.load_bank_file(path)
    assert [q.id for q in bank.questions] == list(ap.load_quiz_items().order)


def test_quiz_items_order_must_name_every_question():
    path = ap.DATA_DIR / "quiz_items.yaml"
    text = path.read_text(encoding="utf-8")
    with pytest.raises(DataFileError, match="field 'order': must list every question once"):
        ap.load_quiz_items(path, text.replace("evidence-ladder, c27,", "c27,", 1))


def test_feedback_differs_by_choice():
    c = ap.claim("c10")
    texts = {v: ap.choice_feedback(c, v) for v in ap.VERDICTS}
    assert texts["overstated"].startswith("Yes")
    assert len(set(texts.values())) == len(texts)  # every choice has its own feedback
    assert "suicidal acts" in texts["supported"]  # the specific near-miss note


# --- No copying from the seed posts --------------------------------------------------------------------
def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def _grams(words: list[str], n: int = 8) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _our_texts() -> list[tuple[str, str]]:
    texts = []
    for c in ap.CLAIMS:
        texts += [(f"{c.id} paraphrase", c.paraphrase), (f"{c.id} evidence", c.evidence), (f"{c.id} reason", c.reason)]
    texts += [(f"inventory {r.id}", r.item) for r in ap.INVENTORY]
    for study in ev.STUDIES:
        texts.append((study.label, study.finding))
    for cond in ev.CONDITIONS:
        texts.append((cond.name, cond.rating_note))
    for path in (
        "chapters/05_conditions.ipynb",
        "chapters/08_appraisal.ipynb",
        "exercises/05_conditions.ipynb",
        "exercises/08_appraisal.ipynb",
    ):
        nb = nbformat.read(ROOT / path, as_version=4)
        texts += [(path, c.source) for c in nb.cells if c.cell_type == "markdown"]
    for bank in ("appraisal", "conditions"):
        texts.append((bank, (ROOT / f"src/ketcourse/chapters/{bank}/quiz.yaml").read_text(encoding="utf-8")))
    return texts


def test_eight_word_check_detects_a_copy():
    seed = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda"
    ours = "Some say alpha beta gamma delta epsilon zeta eta theta today."
    assert _grams(_words(ours)) & _grams(_words(seed))
    assert not _grams(_words("alpha beta gamma delta epsilon")) & _grams(_words(seed))


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="seed posts not available")
def test_no_eight_word_run_from_a_seed_post():
    seed_grams: set[tuple[str, ...]] = set()
    for path in sorted(SEED_DIR.glob("*.txt")):
        seed_grams |= _grams(_words(path.read_text(encoding="utf-8")))
    for where, text in _our_texts():
        shared = _grams(_words(text)) & seed_grams
        assert not shared, f"{where} repeats a seed phrase: {' '.join(sorted(shared)[0])}"


# --- Figures and explorer -----------------------------------------------------------------------------
FIGURES = [figures.claim_evidence_figure, figures.verdict_counts_figure, figures.checklist_coverage_figure]


@pytest.mark.parametrize("make", FIGURES, ids=lambda f: f.__name__)
def test_figures_have_units_palette_and_alt(make):
    out = make()
    allowed = {v.lower() for v in PALETTE.values()}
    assert len(out.alt.split()) >= 20
    for ax in out.figure.axes:
        assert ax.get_xlabel() or ax.get_ylabel()
        for label in (ax.get_xlabel(), ax.get_ylabel()):
            if label:
                assert "(" in label and ")" in label, label
        for line in ax.get_lines():
            assert to_hex(line.get_color()) in allowed


def test_claims_keep_their_place_and_do_not_overlap():
    pos = figures.claim_positions()
    assert len(pos) == len(ap.CLAIMS)
    points = list(pos.values())
    for i, a in enumerate(points):
        for b in points[i + 1 :]:
            assert abs(a[0] - b[0]) + abs(a[1] - b[1]) > 0.2
    for c in ap.CLAIMS:
        x, y = pos[c.id]
        assert abs(x - c.evidence_strength) < 0.5 and abs(y - c.claim_strength) < 0.5


def test_seed_explorer_frames():
    ex = seed_explorer()
    assert ex.n_frames == 6 <= 10
    frames = StaticExplorer(ex).frames()
    assert len({f["digest"] for f in frames.values()}) == len(frames)
    html = StaticExplorer(ex).to_html()
    assert 'type="range"' in html and "S2: ketamine for PTSD" in html


def test_explorer_bad_inputs():
    with pytest.raises(ValueError, match="seed step must be an integer from 0 to 5"):
        seed_for_step(7)
    with pytest.raises(ValueError, match="one label per value"):
        Slider("s", "S", "", (0, 1, 2), 0, labels=("a", "b"))
    fig, _ = new_figure()
    with pytest.raises(ValueError, match="unknown seed 'S5'"):
        figures.draw_claim_evidence(fig, "S5")


# --- Exercise checks -------------------------------------------------------------------------------------
def test_exercise_solutions_are_correct():
    assert check.task_1("overstated").passed
    assert check.task_2(22).passed
    assert check.task_3("crosscheck").passed
    assert check.task_4("outcome").passed
    fb = check.task_5("A short rewrite.")
    assert fb.passed and all(point in str(fb) for point in check.TASK5.rubric)
    assert 3 <= len(check.TASK5.rubric) <= 5 and check.TASK5.model_answer[:60] in str(fb)


@pytest.mark.parametrize(
    ("task", "answer", "message"),
    [
        (check.task_1, "unsupported", "no adequate human evidence"),
        (check.task_1, "wow", "not one of the options"),
        (check.task_2, 2, "below the diagonal"),
        (check.task_2, 30, "too high"),
        (check.task_3, "design", "exposes 3 claims"),
        (check.task_4, "size", "167 patients"),
    ],
)
def test_exercise_typical_mistakes(task, answer, message):
    fb = task(answer)
    assert fb.status == "incorrect"
    assert message in str(fb)


def test_chapter_walks_through_every_claim():
    nb = nbformat.read(ROOT / "chapters/08_appraisal.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    shown = set(re.findall(r'"(c\d\d)"', code))
    assert shown == {c.id for c in ap.CLAIMS}


def test_live_explorer_uses_the_labels():
    from ketcourse.engine.explorers.live import LiveExplorer

    live = LiveExplorer(seed_explorer())
    slider = live.controls["step"]
    assert slider.options[0][0] == "All posts" and slider.options[3][0].startswith("S2")
    slider.value = 3.0
    assert "seed post S2" in live.description.value


# --- Every data file loads; every citation key exists --------------------------------------------------
def test_every_appraisal_data_file_loads_and_cites_existing_keys():
    from support_bib import bib_keys, cited_keys_in

    files = sorted(p.name for p in ap.DATA_DIR.glob("*.yaml"))
    loaders = {
        "checklist.yaml": ap.load_checklist,
        "vocabulary.yaml": ap.load_vocabulary,
        "claims.yaml": ap.load_claims,
    }
    loaders.update(ap.DATA_LOADERS)
    loaders["reflections.yaml"] = load_reflections_file
    assert set(files) <= set(loaders), f"data files without a loader: {sorted(set(files) - set(loaders))}"
    for name in files:
        data = loaders[name](ap.DATA_DIR / name)
        missing = cited_keys_in(data) - bib_keys()
        assert not missing, f"{name} cites keys missing from references.bib: {sorted(missing)}"
    assert cited_keys_in(ap.load_claims()) == ap.all_citation_keys()


# --- Review corrections that must not come back ------------------------------------------------------
def test_review_rows_6_and_25_stay_fixed():
    c16 = ap.claim("c16")
    assert "KetECT" in c16.evidence and "ekstrand2022" in c16.keys and "andrade2022" in c16.keys
    nb = nbformat.read(ROOT / "chapters/08_appraisal.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "the one comparison with electroconvulsive therapy" not in text
    c21 = ap.claim("c21")
    assert c21.verdict == "outdated" and "overstated" in c21.also_acceptable
    assert "partly outdated and overstated" in text
    bank = quiz.load_bank("appraisal")
    for q in bank.questions:
        if q.id == "c21":
            assert {ch.text for ch in q.choices if ch.correct} == {"outdated", "overstated"}


# --- The seed inventory (issue 13, item 3) -------------------------------------------------------------
def _make_id(title: str) -> str:
    """The anchor Sphinx gives a section heading (docutils ``make_id``), after MyST roles are reduced to text."""
    import unicodedata

    title = re.sub(r"\{[a-z:]+\}`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", title)
    title = re.sub(r"[*_`]", "", title)
    title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return re.sub(r"^[^a-z]+", "", slug)


def _section_anchors(doc: str) -> set[str]:
    nb = nbformat.read(ROOT / f"{doc}.ipynb", as_version=4)
    anchors = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            anchors |= {_make_id(m.group(1)) for m in re.finditer(r"^#{1,4} (.+)$", cell.source, re.M)}
    return anchors


def test_make_id_follows_sphinx():
    assert _make_id("Monitoring: the esketamine REMS") == "monitoring-the-esketamine-rems"
    assert _make_id("Explore: ketamine's status, year by year") == "explore-ketamine-s-status-year-by-year"
    assert _make_id("Why 0.5 mg/kg over 40 minutes?") == "why-0-5-mg-kg-over-40-minutes"


def test_inventory_covers_every_kind_and_every_post():
    kinds = {r.kind for r in ap.INVENTORY}
    assert kinds == set(ap.INVENTORY_KINDS)
    assert {s for r in ap.INVENTORY for s in r.seeds} == set(ap.SEEDS)
    assert len(ap.INVENTORY) >= 50


def test_every_inventory_row_has_an_answer_on_an_existing_page():
    problems = []
    anchors: dict[str, set[str]] = {}
    for row in ap.INVENTORY:
        if not row.answers:
            problems.append(f"{row.id}: no answer")
        for answer in row.answers:
            doc, section, _ = ap.answer_target(answer)
            if not (ROOT / f"{doc}.ipynb").is_file():
                problems.append(f"{row.id}: {doc} is not a page of the course")
                continue
            anchors.setdefault(doc, _section_anchors(doc))
            if section not in anchors[doc]:
                problems.append(f"{row.id}: {doc} has no section #{section}")
    assert not problems, "\n".join(problems)


def test_claim_sections_match_the_chapter():
    """Each claim's table appears in the section the inventory links to."""
    nb = nbformat.read(ROOT / "chapters/08_appraisal.ipynb", as_version=4)
    section, found = None, {}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heads = re.findall(r"^#{1,4} (.+)$", cell.source, re.M)
            if heads:
                section = _make_id(heads[-1])
        else:
            for cid in re.findall(r'"(c\d\d)"', cell.source):
                found[cid] = section
    inventory = ap.load_inventory()
    expected = {cid: s for s, ids in inventory.claim_sections.items() for cid in ids}
    assert found == expected


def test_inventory_errors_name_file_item_and_field():
    path = ap.DATA_DIR / "inventory.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new, message in [
        ("answers: [{claim: c07},", "answers: [{claim: c97},", "'recreational-first': field 'answers': unknown claim"),
        ("  answers: [{claim: c12}]\n", "  answers: []\n", "item 'calming-effect': field 'answers'"),
        ("kind: region\n  item: amygdala", "kind: place\n  item: amygdala", "item 'amygdala': field 'kind'"),
        ("seeds: [S4]\n  answers: [{claim: c12}]", "seeds: [S9]\n  answers: [{claim: c12}]", "unknown seed 'S9'"),
    ]:
        assert old in text, old
        with pytest.raises(DataFileError) as err:
            ap.load_inventory(path, text.replace(old, new, 1))
        assert "inventory.yaml" in str(err.value) and message in str(err.value), str(err.value)


def test_inventory_table_links_every_answer():
    html = ap.inventory_table()._repr_html_()
    assert html.count("<tr>") == len(ap.INVENTORY) + 1
    assert 'href="06_safety.html#dissociation"' in html and 'href="#claims-about-how-well-it-works"' in html
    assert str(ap.inventory_table("region")).count("\n") == 1


@pytest.mark.build
def test_inventory_links_resolve_in_the_built_book():
    from book_support import HTML, build_book

    code, log = build_book()
    assert code == 0, log[-3000:]
    missing = []
    for row in ap.INVENTORY:
        for answer in row.answers:
            doc, section, _ = ap.answer_target(answer)
            page = (HTML / f"{doc}.html").read_text(encoding="utf-8")
            if f'id="{section}"' not in page:
                missing.append(f"{row.id}: {doc}.html#{section}")
    assert not missing, "\n".join(missing)
