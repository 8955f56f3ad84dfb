"""Tests for the clinical-practice chapter: data files and their schema, tables, figure, quiz bank, exercise checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ketcourse.chapters.practice import checks as ex
from ketcourse.chapters.practice import content as pc
from ketcourse.chapters.practice import figures as figs
from ketcourse.engine.data import DataFileError, load_model
from ketcourse.engine.figures.style import is_marked_illustrative
from ketcourse.engine.quiz.schema import load_bank_file

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), flags=re.MULTILINE)
)
BANK = ROOT / "src" / "ketcourse" / "chapters" / "practice" / "quiz.yaml"
#: A ketamine dose (a number with a dose unit); a benzodiazepine threshold quoted from a study is not one.
DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:mg|µg|mcg|ml)(?:\s*/\s*kg)?\b(?!\s*diazepam)", re.IGNORECASE)


# --- data files ------------------------------------------------------------------------------
def test_every_citation_key_is_in_references_bib():
    keys = pc.all_citation_keys()
    assert keys, "no keys collected"
    assert keys <= BIB_KEYS, sorted(keys - BIB_KEYS)


def test_ids_are_unique_in_each_file():
    for rows in (pc.label_rows(), pc.population_rows(), pc.interaction_studies(), pc.pd_interactions()):
        ids = [r.id for r in rows]
        assert len(ids) == len(set(ids))
    ids = [e.id for e in pc.regulatory_events()]
    assert len(ids) == len(set(ids))


def test_label_rows_record_the_known_us_eu_differences():
    assert pc.label_row("recent-cv-event").differs and "6 weeks" in pc.label_row("recent-cv-event").eu
    assert pc.label_row("avm").differs and pc.label_row("avm").us.startswith("Contraindicated")
    assert not pc.label_row("aneurysm").differs and not pc.label_row("ich").differs
    assert "4 hours" in pc.label_row("bp-duration").us and "1 to 2 hours" in pc.label_row("bp-duration").eu
    assert "2 hours" in pc.label_row("observation").us


def test_interaction_numbers_match_the_studies():
    # Peltoniemi 2011, Hagelberg 2010, grapefruit 2012, St John's wort 2012, rifampicin 2012, Spravato PI.
    expected = {
        "ticlopidine-oral": 2.4,
        "clarithromycin-oral": 2.6,
        "grapefruit-oral": 3.0,
        "stjohnswort-oral": 0.42,
        "rifampicin-oral": 0.14,
        "rifampicin-iv": 0.86,
        "ticlopidine-nasal": 1.29,
    }
    for sid, ratio in expected.items():
        assert pc.study(sid).auc_ratio == pytest.approx(ratio)
    assert pc.study("itraconazole-oral").auc_ratio is None
    assert pc.study("rifampicin-oral").percent_change == pytest.approx(-86.0)
    assert pc.study("ticlopidine-oral").percent_change == pytest.approx(140.0)


def test_route_matters_oral_effects_are_larger():
    """The chapter's teaching point holds in the data: each drug moves oral exposure further from 1."""
    for drug in ("Rifampicin", "Ticlopidine"):
        rows = [s for s in pc.interaction_studies() if s.perpetrator == drug and s.auc_ratio is not None]
        oral = next(abs(s.auc_ratio - 1) for s in rows if s.route == "oral")
        other = [abs(s.auc_ratio - 1) for s in rows if s.route != "oral"]
        assert other and all(oral > o for o in other)


def test_regulatory_events_are_dated_and_in_order():
    events = pc.regulatory_events()
    assert [e.date for e in events] == sorted(e.date for e in events)
    regions = {e.region for e in events}
    assert regions == {"US", "EU", "UK"}
    ids = {e.id for e in events}
    assert {"us-compounded-nasal", "us-compounded-2023", "eu-trd", "eu-emergency", "uk-class-b", "uk-ta854"} <= ids


def test_strict_loader_rejects_bad_rows(tmp_path):
    bad = tmp_path / "interactions.yaml"
    bad.write_text(
        "studies:\n  - id: x\n    perpetrator: P\n    action: magic\n    route: oral\n    product: p\n"
        "    n: 0\n    auc_ratio: 2.0\n    finding: f\n    keys: []\n    extra: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as err:
        load_model(bad, pc.InteractionFile)
    text = str(err.value)
    assert "action" in text and "keys" in text and "extra" in text and "'n'" in text


def test_no_dose_for_a_person_in_the_data_files():
    assert DOSE.search("0.5 mg/kg over 40 minutes") and not DOSE.search("above 8 mg diazepam-equivalent")
    for path in sorted(pc.DATA.glob("*.yaml")):
        assert not DOSE.search(path.read_text(encoding="utf-8")), path.name


# --- tables and figure ----------------------------------------------------------------------
def test_tables_render_every_row():
    assert len(pc.label_table().rows) == len(pc.label_rows())
    assert all(r[-1] == "differs" for r in pc.label_table(only_differences=True).rows)
    assert len(pc.interactions_table().rows) == len(pc.interaction_studies())
    assert {r[1] for r in pc.regulation_table("UK").rows} == {"UK"}
    html = pc.label_table()._repr_html_()
    assert "<caption>" in html and "Arteriovenous malformation" in html
    assert len(pc.populations_table().rows) == len(pc.population_rows())
    assert len(pc.pd_table().rows) == len(pc.pd_interactions())


def test_interaction_figure_is_data_not_model():
    out = figs.interaction_route_figure()
    assert not is_marked_illustrative(out.figure)
    for s in pc.interaction_studies():
        assert s.perpetrator in out.alt
    assert "x0.14" in out.alt or "0.14 times" in out.alt
    assert out.png[:8] == b"\x89PNG\r\n\x1a\n"


# --- quiz bank ------------------------------------------------------------------------------
def test_bank_meets_the_assessment_rules():
    bank = load_bank_file(BANK)
    qs = bank.questions
    assert len(qs) >= 8
    kinds = {getattr(q, "kind", "choice") for q in qs}
    assert len(kinds) >= 3, kinds
    remember = sum(q.bloom == "remember" for q in qs)
    assert remember * 5 <= len(qs)
    numeric_di = [q for q in qs if getattr(q, "kind", "") == "numeric" and q.data_interpretation]
    assert len(numeric_di) >= 2
    for q in qs:
        assert set(q.references) <= BIB_KEYS


def test_numeric_keys_follow_from_the_data():
    bank = {q.id: q for q in load_bank_file(BANK).questions}
    rif = pc.study("rifampicin-oral").auc_ratio
    assert rif is not None
    assert bank["rifampicin-oral-factor"].answer == pytest.approx(1 / rif, abs=0.01)
    assert bank["ticlopidine-percent"].answer == pytest.approx(pc.study("ticlopidine-oral").percent_change)
    # Ross & Soeteman 2020: $16,995 / 0.07 QALY; the paper's 242,496 is within the tolerance.
    icer = bank["icer-esketamine"]
    assert icer.answer == pytest.approx(16995 / 0.07, rel=1e-3)
    assert abs(242496 - icer.answer) <= icer.tolerance * icer.answer


# --- exercise checks ------------------------------------------------------------------------
def test_task_1_key_and_slips():
    oral, nasal = pc.study("ticlopidine-oral"), pc.study("ticlopidine-nasal")
    assert oral.percent_change is not None and nasal.percent_change is not None
    assert ex.task_1(oral.percent_change / nasal.percent_change).passed
    assert ex.task_1(140 / 29).passed
    fb = ex.task_1(2.4 / 1.29)
    assert fb.status == "incorrect" and "fold changes" in fb.message
    assert ex.task_1(240 / 29).status == "incorrect"


def test_task_2_and_3_options():
    assert ex.task_2("recent-cv-event").passed
    assert ex.task_2("avm").status == "incorrect"
    assert ex.task_2("not a row").status == "incorrect"
    assert ex.task_3("off-label status").passed
    assert ex.task_3("transport home").status == "incorrect"
    assert ex.TASK3_MISSING in ex.CONSENT_ELEMENTS


def test_task_4_reflection_uses_a_rubric_not_a_word_count():
    assert ex.task_4(...).status == "not attempted"
    assert 3 <= len(ex.TASK4_RUBRIC) <= 5 and ex.TASK4_MODEL_ANSWER
    fb = ex.task_4("Short answer.")
    assert fb.passed and "rubric" in str(fb).lower() and ex.TASK4_RUBRIC[0] in str(fb)


@pytest.mark.parametrize("notebook", ["chapters/07_practice.ipynb", "chapters/09_cases.ipynb"])
def test_notebook_citations_exist_and_page_is_marked_educational(notebook):
    import json

    nb = json.loads((ROOT / notebook).read_text(encoding="utf-8"))
    prose = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    keys = {k.strip() for group in re.findall(r"\{cite:p\}`([^`]+)`", prose) for k in group.split(",")}
    assert keys and keys <= BIB_KEYS, sorted(keys - BIB_KEYS)
    assert "not medical advice" in prose
    for note in ("not verified", "unverified", "facts sheet", "to verify", "NOT FOUND"):
        assert note not in prose
