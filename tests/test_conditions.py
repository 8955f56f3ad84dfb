"""Evidence table, response-time-course model, figures, explorer and exercise checks of the Evidence chapter."""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.colors import to_hex

from ketcourse.chapters.conditions import checks as check
from ketcourse.chapters.conditions import content as ev
from ketcourse.chapters.conditions import figures
from ketcourse.chapters.conditions.explorer import RESPONSE_DAYS, response_explorer
from ketcourse.engine.data import DataFileError
from ketcourse.engine.explorers.static import StaticExplorer
from ketcourse.engine.figures.style import PALETTE, is_marked_illustrative, new_figure
from ketcourse.science import response as rs
from ketcourse.science.parameters import (
    COURSE_LENGTH_D,
    KETAMINE_ONSET_H,
    KETAMINE_PEAK_H,
    MIDAZOLAM_RESPONSE,
    SINGLE_INFUSION_DURATION_D,
    SINGLE_INFUSION_RESPONSE_DAY1,
    SSRI_PLATEAU_WEEKS,
    SSRI_WEEK1_FRACTION,
    all_parameters,
)
from support_bib import bib_keys, cited_keys_in

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M))


# --- The evidence table ----------------------------------------------------------------------------
def test_every_citation_key_is_in_the_bibliography():
    missing = ev.all_citation_keys() - BIB_KEYS
    assert not missing, f"keys not in references.bib: {sorted(missing)}"
    for par in (
        KETAMINE_ONSET_H,
        KETAMINE_PEAK_H,
        SINGLE_INFUSION_DURATION_D,
        SINGLE_INFUSION_RESPONSE_DAY1,
        MIDAZOLAM_RESPONSE,
        COURSE_LENGTH_D,
        SSRI_WEEK1_FRACTION,
        SSRI_PLATEAU_WEEKS,
    ):
        assert par.source in BIB_KEYS, par


def test_every_trial_and_synthesis_shows_n_and_what_it_counts():
    ids = {c.id for c in ev.CONDITIONS}
    for s in ev.STUDIES:
        assert s.condition in ids, s.label
        assert s.control and s.design and s.finding, s.label
        if s.kind == "guideline":
            assert s.n is None and s.n_basis is None and s.n_text == "consensus guideline", s.id
        else:
            assert isinstance(s.n, int) and s.n > 0, s.id
            assert s.n_basis in ev.N_BASES, s.id
            assert s.n_text.startswith(f"n={s.n:,} {s.n_basis}"), s.id


def test_every_data_file_loads_and_is_used():
    files = {p.name for p in ev.data_files()}
    assert files == {"conditions.yaml", "studies.yaml", "numbers.yaml", "topics.yaml", "reflections.yaml"}
    assert ev.load_topics().topics
    assert ev.load_conditions().conditions and ev.load_studies().studies and ev.load_numbers().numbers
    assert len({s.id for s in ev.STUDIES}) == len(ev.STUDIES)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


STUDY_YAML = """studies:
  - id: trial-a
    key: k
    label: A
    condition: ptsd
    intervention: i
    design: d
    control: c
    n: {n}
    n_basis: randomised
    duration: null
    finding: f
    direction: {direction}
"""


@pytest.mark.parametrize(
    ("n", "direction", "message"),
    [
        ("0", "positive", "item 'trial-a': field 'n': Input should be greater than 0"),
        ("'12'", "positive", "item 'trial-a': field 'n'"),
        ("5", "great", "item 'trial-a': field 'direction'"),
    ],
)
def test_bad_study_rows_name_file_item_and_field(tmp_path, n, direction, message):
    path = _write(tmp_path, "studies.yaml", STUDY_YAML.format(n=n, direction=direction))
    with pytest.raises(DataFileError) as err:
        ev.load_studies.__wrapped__(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_trial_without_what_n_counts_and_guideline_with_n_are_rejected(tmp_path):
    text = STUDY_YAML.format(n=5, direction="mixed").replace("    n_basis: randomised\n", "")
    needs = "item 'trial-a': Value error, field 'n_basis': a trial needs n and n_basis"
    with pytest.raises(DataFileError, match=needs):
        ev.load_studies.__wrapped__(_write(tmp_path, "a.yaml", text))
    text = STUDY_YAML.format(n=5, direction="mixed").replace("    key: k\n", "    key: k\n    kind: guideline\n")
    with pytest.raises(DataFileError, match="item 'trial-a': Value error, field 'n': a guideline has no n or n_basis"):
        ev.load_studies.__wrapped__(_write(tmp_path, "b.yaml", text))


def test_bad_cross_references_are_reported(tmp_path):
    path = _write(tmp_path, "studies.yaml", STUDY_YAML.format(n=5, direction="mixed").replace("ptsd", "migraine"))
    with pytest.raises(DataFileError, match="item 'trial-a': field 'condition': unknown condition 'migraine'"):
        ev.load_studies.__wrapped__(path)
    text = (ev.DATA_DIR / "conditions.yaml").read_text(encoding="utf-8").replace("rating: weak", "rating: feeble", 1)
    with pytest.raises(DataFileError, match="field 'rating': unknown rating 'feeble'"):
        ev.load_conditions.__wrapped__(_write(tmp_path, "conditions.yaml", text))
    doubled = STUDY_YAML.format(n=5, direction="mixed") + STUDY_YAML.format(n=6, direction="mixed").split("\n", 1)[1]
    with pytest.raises(DataFileError, match="item 'trial-a': field 'id': duplicate id"):
        ev.load_studies.__wrapped__(_write(tmp_path, "dup.yaml", doubled))
    with pytest.raises(DataFileError, match="Extra inputs are not permitted"):
        ev.load_studies.__wrapped__(
            _write(tmp_path, "x.yaml", STUDY_YAML.format(n=5, direction="mixed") + "    extra_field: 1\n")
        )


def test_every_condition_has_a_rating_and_studies():
    for c in ev.CONDITIONS:
        assert c.rating in ev.RATINGS
        assert ev.studies_for(c.id), c.id
        assert c.rating_note and c.tested


# Sample sizes and what they count, typed by hand from the sources (abstracts; see each row's `where`).
VERIFIED_N = {
    "fava2018": (99, "randomised"),
    "murrough2013bp": (24, "treated"),
    "jelovac2025": (65, "randomised"),
    "anand2023": (403, "randomised"),
    "ekstrand2022": (186, "treated"),
    "bahji2022": (2903, "pooled"),
    "dean2021": (5299, "pooled"),
    "newport2015": (147, "pooled"),
    "popova2019": (223, "analysed"),
    "fedgchin2019": (346, "randomised"),
    "ochsross2020": (137, "analysed"),
    "bmcpsychiatry2021japan": (202, "randomised"),
    "daly2019": (297, "randomised"),
    "reif2023": (676, "randomised"),
    "wilkinson2018": (167, "analysed"),
    "abbar2022": (156, "randomised"),
    "fu2020": (226, "randomised"),
    "ionescu2021": (230, "randomised"),
    "diazgranados2010": (18, "randomised"),
    "zarate2012": (15, "randomised"),
    "feder2014": (41, "randomised"),
    "feder2021": (30, "randomised"),
    "abdallah2022": (158, "randomised"),
    "taylor2018": (18, "randomised"),
    "glue2020": (12, "treated"),
    "glue2018": (20, "treated"),
}


def test_sample_sizes_match_the_sources():
    by_id = {s.id: s for s in ev.STUDIES}
    for key, (n, basis) in VERIFIED_N.items():
        assert (by_id[key].n, by_id[key].n_basis) == (n, basis), key


def test_ratings():
    expected = {
        "trd-iv": "strong",
        "bipolar": "weak",
        "ptsd": "mixed",
        "anxiety": "weak",
        "ocd": "mixed",
        "crps": "moderate",
        "fibromyalgia": "weak",
        "neuropathic": "weak",
    }
    for cid, rating in expected.items():
        assert ev.condition(cid).rating == rating, cid


def test_participants_hand_computed():
    assert ev.participants("ptsd") == 41 + 30 + 158
    assert ev.participants("anxiety") == 12 + 20 + 18 + 12
    assert ev.participants("ocd") == 15 + 10
    assert ev.participants("bipolar") == 18 + 15
    # Bahji 2022 and the Cochrane review pool other drugs and populations: listed, not counted
    assert ev.participants("trd-iv") == 7 + 17 + 73 + 99 + 24 + 65 + 403 + 186
    # SUSTAIN-3 rolled people over from the other trials: listed, not counted
    assert ev.participants("trd-esk") == 223 + 346 + 137 + 202 + 297 + 676 + 802
    assert ev.participants("suicidal-ideation") == 156 + 226 + 230  # trials outnumber the IPD synthesis (167)
    assert ev.participants("other-pain") is None  # guidelines only


def test_summary_table_html_and_text():
    table = ev.summary_table()
    html = table._repr_html_()
    assert html.count("<tr>") == len(ev.CONDITIONS) + 1
    assert "Rating" in html and "randomised" in html
    for artefact in ("not reported", "facts sheet", "not verified"):
        assert artefact not in html.lower()
    text = str(table)
    for c in ev.CONDITIONS:
        assert c.name in text
    one = ev.summary_table(["ptsd"])
    assert "Feder 2014 (n=41 randomised)" in str(one) and "Abdallah 2022" in str(one)


def test_madrs_differences_and_headline_numbers():
    tr2 = next(m for m in ev.MADRS_DIFFERENCES if m.key == "popova2019")
    assert tr2.estimate == -4.0 and tr2.ci == [-7.31, -0.64]
    cis = {m.key: m.ci for m in ev.MADRS_DIFFERENCES}
    assert cis["ochsross2020"] == [-7.2, 0.07] and cis["fu2020"] == [-6.56, -1.09]
    assert cis["ionescu2021"] == [-6.6, -1.11]
    assert cis["fedgchin2019"] is None
    assert ev.SUSTAIN1_RELAPSE_ESKETAMINE.value == 0.267 and ev.SUSTAIN1_RELAPSE_PLACEBO.value == 0.453
    assert math.ceil(1 / (0.453 - 0.267)) == ev.SUSTAIN1_NNT.value


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: ev.condition("migraine"), ValueError, "unknown condition 'migraine'"),
        (lambda: ev.studies_for("nope"), ValueError, "unknown condition"),
        (lambda: ev.summary_table("ptsd"), TypeError, "list of ids"),
        (lambda: ev.summary_table(["ptsd", "x"]), ValueError, "unknown condition 'x'"),
    ],
)
def test_evidence_bad_inputs(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --- The response model ----------------------------------------------------------------------------
def test_single_infusion_hand_checked():
    onset, peak = 2 / 24, 1.0
    assert rs.response_at(0.5 * onset, "single") == 0.0
    assert rs.response_at(peak, "single") == pytest.approx(0.71)
    # halfway through the rise, the smooth step is exactly one half
    assert rs.response_at((onset + peak) / 2, "single") == pytest.approx(0.355)
    # back at the control arm's level by day 7, and level with it afterwards
    assert rs.response_at(7, "single") == pytest.approx(0.18, abs=1e-12)
    assert rs.response_at(10, "single") == pytest.approx(rs.response_at(10, "control"))


def test_single_infusion_peaks_near_24_hours():
    t = np.linspace(0, 7, 7001)
    assert abs(t[np.argmax(rs.single_infusion_response(t))] - 1.0) < 0.01


def test_course_decays_with_median_18_days():
    assert rs.response_at(12, "course") == pytest.approx(0.708)
    assert rs.response_at(12 + 18, "course") == pytest.approx(0.354)
    assert rs.response_at(12 + 36, "course") == pytest.approx(0.177)
    assert float(rs.still_responding(18)) == pytest.approx(0.5)
    assert rs.days_until_fraction_remaining(0.25) == pytest.approx(36.0)
    from ketcourse.chapters.pharmacokinetics.content import COURSE_SCHEDULES

    assert tuple(float(d) for d in COURSE_SCHEDULES["three_weekly"].session_days) == (0.0, 2.0, 4.0, 7.0, 9.0, 11.0)


def test_ssri_third_at_week_one_and_plateau():
    # hand check: p = ln(2/3)/ln(3/4) = 1.40942; share(14) = 1 - 0.5**p = 1 - 0.37646 = 0.62354
    assert pytest.approx(1.40942, rel=1e-5) == rs.SSRI_EXPONENT
    assert rs.response_at(7, "ssri") == pytest.approx(1 / 3)
    assert rs.response_at(14, "ssri") == pytest.approx(0.62354, abs=1e-4)
    assert rs.response_at(28, "ssri") == pytest.approx(1.0)
    assert rs.response_at(42, "ssri") == 1.0


def test_control_arm_improves_too():
    assert rs.response_at(1, "control") == pytest.approx(0.18)
    assert rs.response_at(30, "control") == pytest.approx(0.18)


@given(st.lists(st.floats(0, 200, allow_nan=False), min_size=1, max_size=20), st.sampled_from(list(rs.TREATMENTS)))
def test_curves_are_fractions(times, treatment):
    values = rs.response(times, treatment)
    assert values.shape == (len(times),)
    assert np.all((values >= 0) & (values <= 1 + 1e-12))


@given(st.floats(0, 100), st.floats(0, 100))
def test_ssri_and_relapse_are_monotone(a, b):
    lo, hi = sorted((a, b))
    assert rs.response_at(lo, "ssri") <= rs.response_at(hi, "ssri") + 1e-12
    assert float(rs.still_responding(lo)) >= float(rs.still_responding(hi)) - 1e-12


@given(st.floats(0.01, 0.99), st.floats(1, 60))
def test_relapse_inverse_round_trip(share, median):
    days = rs.days_until_fraction_remaining(share, median_days=median)
    assert float(rs.still_responding(days, median_days=median)) == pytest.approx(share)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: rs.response(-1, "single"), ValueError, "t_days must be >= 0"),
        (lambda: rs.response(1, "magic"), ValueError, "unknown treatment 'magic'"),
        (lambda: rs.response(1, 3), TypeError, "treatment must be a string"),
        (lambda: rs.response("soon", "single"), TypeError, "t_days must be a number"),
        (lambda: rs.response([1, float("nan")], "course"), ValueError, "t_days must be finite"),
        (lambda: rs.still_responding(10, median_days=0), ValueError, "median_days must be a finite number > 0"),
        (lambda: rs.still_responding(-2), ValueError, "days_after_course must be >= 0"),
        (lambda: rs.days_until_fraction_remaining(0), ValueError, "must be > 0"),
        (lambda: rs.days_until_fraction_remaining(1.5), ValueError, "between 0 and 1"),
        (lambda: rs.response_at(-3, "ssri"), ValueError, "day must be a finite number >= 0"),
    ],
)
def test_response_bad_inputs(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


# --- Figures and explorer ---------------------------------------------------------------------------
FIGURES = [
    figures.comparative_trials_figure,
    figures.evidence_map_figure,
    figures.response_timecourse_figure,
    figures.durability_figure,
    figures.madrs_differences_figure,
]


@pytest.fixture(scope="module", params=FIGURES, ids=lambda f: f.__name__)
def output(request):
    return request.param()


def test_figures_have_units_palette_and_alt(output):
    allowed = {v.lower() for v in PALETTE.values()}
    assert len(output.alt.split()) >= 20
    for ax in output.figure.axes:
        assert ax.get_xlabel() or ax.get_ylabel()
        for label in (ax.get_xlabel(), ax.get_ylabel()):
            if label:
                assert "(" in label and ")" in label, label
        for line in ax.get_lines():
            assert to_hex(line.get_color()) in allowed
    assert output.png.startswith(b"\x89PNG")


@pytest.mark.parametrize("make", [figures.response_timecourse_figure, figures.durability_figure])
def test_model_figures_marked_illustrative(make):
    out = make()
    assert is_marked_illustrative(out.figure) and "llustrative" in out.caption


def test_response_explorer_frames():
    ex = response_explorer()
    assert ex.n_frames == 4 * len(RESPONSE_DAYS) <= 30
    frames = StaticExplorer(ex).frames()
    assert len({f["digest"] for f in frames.values()}) == len(frames)
    assert len({f["alt"] for f in frames.values()}) == len(frames)


def test_explorer_draw_rejects_bad_values():
    fig, _ = new_figure()
    with pytest.raises(ValueError, match="unknown treatment 'placebo'"):
        figures.draw_response_explorer(fig, "placebo", 7)
    with pytest.raises(ValueError, match="day must be a finite number >= 0"):
        figures.draw_response_explorer(fig, "single", -1)


# --- Exercise checks --------------------------------------------------------------------------------
def test_exercise_solutions_are_correct():
    assert check.task_1(100 * float(rs.still_responding(30))).passed
    assert check.task_2(14.2).passed
    assert check.task_3(1 / (0.453 - 0.267)).passed
    assert check.task_3(6).passed
    assert check.task_4("crps").passed
    fb = check.task_5("A short answer still gets the rubric and the model answer.")
    assert fb.passed and "rubric" in str(fb).lower()
    assert check.task_5(...).status == "not attempted"


@pytest.mark.parametrize(
    ("task", "answer", "message"),
    [
        (check.task_1, 0.315, "fraction"),
        (check.task_1, 100 * (1 - 0.5 * 30 / 18), "straight-line"),
        (check.task_2, 0.142, "as a fraction"),
        (check.task_2, 55.4 / 41.2, "ratio"),
        (check.task_2, -14.2, "ECT minus ketamine"),
        (check.task_3, 0.186, "absolute risk reduction"),
        (check.task_3, 18.6, "percentage points"),
        (check.task_3, 5, "too low"),
        (check.task_4, "ptsd", "'mixed'"),
    ],
)
def test_exercise_typical_mistakes(task, answer, message):
    fb = task(answer)
    assert fb.status == "incorrect"
    assert message in str(fb)


def test_live_explorer_redraws():
    from ketcourse.engine.explorers.live import LiveExplorer

    live = LiveExplorer(response_explorer())
    live.controls["treatment"].value = "ssri"
    assert "6-week effect" in live.description.value


# --- Reader pages: no maintainers' notes; one source for each repeated number ----------------------

CHAPTER_NB = ROOT / "chapters/05_conditions.ipynb"
EXERCISE_NB = ROOT / "exercises/05_conditions.ipynb"
BANK = ROOT / "src/ketcourse/chapters/conditions/quiz.yaml"
ARTEFACTS = re.compile(
    r"facts sheet|not verified|unverified|not reported here|to verify|\[memory\]|\(memory\)|verify later", re.I
)


def _markdown(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


def _bank_texts() -> list[str]:
    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k not in {"id", "references", "bloom", "type"}:
                    yield from walk(v)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v)
        elif isinstance(node, str):
            yield node

    return list(walk(yaml.safe_load(BANK.read_text(encoding="utf-8"))))


def _reader_texts() -> list[tuple[str, str]]:
    """Every text a reader can see that this chapter produces, with where it comes from."""
    texts = [(f"chapter md {i}", t) for i, t in enumerate(_markdown(CHAPTER_NB))]
    texts += [(f"exercise md {i}", t) for i, t in enumerate(_markdown(EXERCISE_NB))]
    texts += [("quiz", t) for t in _bank_texts()]
    for s in ev.STUDIES:
        shown = s.model_dump(exclude={"where", "id", "key", "topics"})
        texts += [(s.id, t) for t in shown.values() if isinstance(t, str)]
        texts.append((s.id, s.n_text))
    texts += [(c.id, f"{c.name} {c.tested} {c.rating_note}") for c in ev.CONDITIONS]
    texts.append(("table", ev.summary_table()._repr_html_()))
    for make in FIGURES:
        out = make()
        texts.append((make.__name__, f"{out.caption} {out.alt}"))
    texts.append(("explorer", response_explorer().caption))
    return texts


def test_no_maintainers_notes_on_reader_pages():
    hits = [(where, ARTEFACTS.search(text).group(0)) for where, text in _reader_texts() if ARTEFACTS.search(text)]
    assert not hits, hits


def test_artefact_scan_can_fail():
    assert ARTEFACTS.search("Details not verified: volume") and ARTEFACTS.search("n not reported here")
    assert not ARTEFACTS.search("ECT lowered memory recall")


def test_every_cited_entry_is_complete():
    keys = (
        ev.all_citation_keys()
        | cited_keys_in(_markdown(CHAPTER_NB))
        | cited_keys_in(yaml.safe_load(BANK.read_text(encoding="utf-8")))
    )
    assert keys <= bib_keys(), sorted(keys - bib_keys())
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    incomplete = {}
    for key in sorted(keys):
        body = re.search(r"@\w+\{" + re.escape(key) + r",(.*?)\n\}", bib, re.S).group(1)
        fields = set(re.findall(r"^\s*(\w+)\s*=", body, re.M))
        missing = [f for f in ("author", "year", "title") if f not in fields]
        if not fields & {"journal", "publisher", "howpublished"}:
            missing.append("journal/publisher/howpublished")
        published = re.search(r"howpublished\s*=\s*\{(.*)\},?\s*$", body, re.M)
        dated = published is not None and re.search(r"\b(19|20)\d\d\b", published.group(1))
        if not fields & {"volume", "pages", "doi", "pmid", "pmcid", "url", "month"} and not dated:
            missing.append("a locator (volume, pages, doi, pmid, url or date)")
        if "note" in fields and ARTEFACTS.search(body):
            missing.append("maintainer note in the rendered note field")
        if missing:
            incomplete[key] = missing
    assert not incomplete, incomplete


def test_response_at_day_7_is_one_statement():
    # the model: one infusion meets the control arm at day 7 ...
    assert rs.response_at(7, "single") == pytest.approx(rs.response_at(7, "control"))
    assert rs.response_at(6, "single") > rs.response_at(6, "control")
    # ... which the caption and the chapter describe as a modelling choice, backed by the day-3 finding
    caption = figures.response_timecourse_figure().caption
    assert "meets the control arm at day 7" in caption and "modelling choice" in caption
    chapter = "\n".join(_markdown(CHAPTER_NB))
    assert "significant only through day 3" in chapter
    for key in ("diazgranados2010", "zarate2012"):
        assert "only through day 3" in next(s for s in ev.STUDIES if s.id == key).duration
    # the unverified day-7 response rate and the old contradiction are gone everywhere
    for where, text in _reader_texts():
        assert "35%" not in text, where
        assert "back to the control arm" not in text, where


def test_dissociation_duration_agrees_with_the_safety_chapter():
    from ketcourse.chapters.safety.figures import DISSOCIATION_GONE_MIN

    bank = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    item = next(q for q in bank["questions"] if q["id"] == "single-durability")
    wrong = next(c for c in item["choices"] if "40 minutes" in c["text"])
    assert "within about 2 hours" in wrong["feedback"] and "peaks at its end" in wrong["feedback"]
    assert DISSOCIATION_GONE_MIN[1] <= 120  # the safety chapter: gone by about 2 h
    assert "1.5 h" in next(s for s in ev.STUDIES if s.id == "popova2019").finding  # resolved by 1.5 h
    for where, text in _reader_texts():
        assert not re.search(r"dissociat\w* (?:effects )?last\w* (?:about|roughly) 40", text, re.I), where


_NUMBER = re.compile(r"(?<![\w.])[−-]?\d[\d,]*(?:\.\d+)?%?")
_CITE = re.compile(r"\{cite:p\}`([^`]+)`")
#: Numbers that describe the design or the scale, not a result (kept out of the check on purpose).
_GENERIC = {
    "0",
    "100",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "10",
    "12",
    "14",
    "24",
    "25",
    "28",
    "32",
    "40",
    "50",
    "65",
    "0.1",
    "0.2",
    "0.5",
    "1.0",
    "2.0",
    "1.5",
    "2019",
    "2020",
    "2021",
    "2022",
    "2023",
    "2025",
    "2000",
    "2006",
    "2010",
    "2012",
    "2013",
    "2014",
    "2015",
    "2018",
    "2009",
    "2017",
    "2016",
}


def _norm(token: str) -> str:
    return token.replace("−", "").replace("-", "").replace(",", "").rstrip("%")


def _row_numbers(keys: set[str]) -> set[str]:
    texts = []
    for s in ev.STUDIES:
        if s.key in keys:
            texts.append(" ".join(str(v) for v in s.model_dump(exclude={"where"}).values()))
    for m in ev.MADRS_DIFFERENCES:
        if m.key in keys:
            texts.append(f"{m.estimate} {m.ci} {m.note}")
    for p in ev.NUMBERS.values():
        if p.source in keys:
            texts.append(f"{100 * p.value:g} {p.value:g} {p.low} {p.high}")
    for c in ev.COMPARISONS.values():
        if c.key in keys:
            texts.append(f"{100 * c.drug_rate:g} {100 * c.comparator_rate:g} {c.diff_low} {c.diff_high} {c.margin}")
    for par in all_parameters().values():
        if par.source in keys:
            texts.append(f"{100 * par.value:g} {par.value:g} {par.low} {par.high}")
    exact = {_norm(t) for t in _NUMBER.findall(" ".join(texts))}
    rounded = set()
    for token in exact:
        try:
            value = float(token)
        except ValueError:
            continue
        rounded |= {f"{round(value):d}", f"{round(value, 1):g}"}
    return exact | rounded


def test_numbers_in_prose_come_from_the_data_rows():
    """Every result number in a chapter paragraph that cites a data row appears in that row."""
    data_keys = {s.key for s in ev.STUDIES} | {m.key for m in ev.MADRS_DIFFERENCES}
    data_keys |= {c.key for c in ev.COMPARISONS.values()} | {p.source for p in ev.NUMBERS.values()}
    problems = []
    for text in _markdown(CHAPTER_NB):
        for para in re.split(r"\n\s*\n|\n- ", text):
            keys = {k.strip() for m in _CITE.findall(para) for k in m.split(",")} & data_keys
            if not keys:
                continue
            allowed = _row_numbers(keys)
            for token in _NUMBER.findall(_CITE.sub("", para)):
                if _norm(token) not in allowed and _norm(token) not in _GENERIC:
                    problems.append((sorted(keys), token, para[:60]))
    assert not problems, problems


def test_number_check_can_fail():
    assert "55.4" in _row_numbers({"anand2023"}) and "99.9" not in _row_numbers({"anand2023"})


def test_figures_render_for_the_book_without_warnings(output):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bundle = output._repr_mimebundle_()
    assert "text/html" in bundle


# --- Detail tables (issue 13): design, n, control, primary outcome, result, uncertainty ------------
def test_every_trial_in_a_detail_table_has_all_six_columns():
    for t in ev.TOPICS:
        rows = ev.studies_in_topic(t.id)
        assert rows, t.id
        for s in rows:
            assert s.design and s.n_text and s.control and s.finding, s.id
            if s.kind == "trial":
                assert s.primary_outcome and s.uncertainty, f"{t.id}: {s.id} lacks primary outcome or uncertainty"
        table = ev.topic_table(t.id)
        assert len(table.rows) == len(rows) and "Newest source" in table.note
        assert str(t.newest) in table.note and t.certainty in table.note


def _bib_year(key: str) -> int:
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    body = re.search(r"@\w+\{" + re.escape(key) + r",(.*?)\n\}", bib, re.S).group(1)
    return int(re.search(r"^\s*year\s*=\s*\{(\d{4})\}", body, re.M).group(1))


def test_newest_source_of_each_topic_matches_the_bibliography():
    for t in ev.TOPICS:
        keys = {s.key for s in ev.studies_in_topic(t.id)} | set(t.certainty_keys)
        keys.discard("spravato_label")  # a label revision date, not the date of the evidence
        assert t.newest == max(_bib_year(k) for k in keys), t.id


def test_topics_cover_what_the_issue_asks_for():
    topics = {t.id: {s.key for s in ev.studies_in_topic(t.id)} for t in ev.TOPICS}
    assert {"ekstrand2022", "anand2023", "reif2023", "menon2023"} <= topics["comparative"]
    assert {"daly2019", "wajs2020", "zaki2023", "glue2024", "murrough2013bp"} <= topics["durability"]
    assert {"wilkinson2018", "abbar2022"} <= topics["suicidality"]
    assert {"diazgranados2010", "zarate2012"} <= topics["bipolar"]
    assert {"feder2014", "feder2021", "abdallah2022"} <= topics["ptsd"]
    assert {"glue2020", "taylor2018"} <= topics["anxiety"]
    assert {"cohen2018", "nice2021ng193"} <= topics["pain"]
    assert {"dakwar2019", "grabski2022"} <= topics["sud"]
    menon = next(s for s in ev.STUDIES if s.id == "menon2023")
    assert "5 parallel-group RCTs" in menon.design and menon.n == 141 + 137


def test_unknown_topic_is_reported(tmp_path):
    text = (ev.DATA_DIR / "studies.yaml").read_text(encoding="utf-8").replace("topics: [sud]", "topics: [sudd]", 1)
    studies = _write(tmp_path, "studies.yaml", text)
    with pytest.raises(DataFileError, match="field 'topics': unknown topic 'sudd'"):
        ev.load_topics.__wrapped__(ev.DATA_DIR / "topics.yaml", studies)


def test_comparisons_are_one_source_for_the_elektd_numbers():
    elektd = ev.COMPARISONS["elekt-d"]
    assert ev.ELEKTD_RESPONSE_KETAMINE.value == elektd.drug_rate == 0.554
    assert ev.ELEKTD_RESPONSE_ECT.value == elektd.comparator_rate == 0.412
    assert elektd.difference_points == pytest.approx(14.2)
    ketect = ev.COMPARISONS["ketect"]
    assert ketect.difference_points == pytest.approx(-17.0) and (ketect.diff_low, ketect.diff_high) == (-30.0, -2.0)


def test_quiz_numbers_come_from_the_data_rows():
    data_keys = {s.key for s in ev.STUDIES} | {m.key for m in ev.MADRS_DIFFERENCES}
    data_keys |= {c.key for c in ev.COMPARISONS.values()} | {p.source for p in ev.NUMBERS.values()}
    data_keys |= {p.source for p in all_parameters().values()}
    bank = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    problems = []
    for q in bank["questions"]:
        keys = set(q.get("references", [])) & data_keys
        if not keys:
            continue
        allowed = _row_numbers(keys) | {_norm(str(x)) for x in (q.get("answer"), q.get("tolerance")) if x is not None}
        texts = [t for t in _bank_texts_of(q)]
        for token in _NUMBER.findall(" ".join(texts)):
            if _norm(token) not in allowed and _norm(token) not in _GENERIC:
                problems.append((q["id"], token))
    assert not problems, problems


def _bank_texts_of(question) -> list[str]:
    out = []
    for k, v in question.items():
        if k in {"id", "references", "bloom", "type", "solution", "wrong_answers", "answer", "tolerance"}:
            continue
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, list):
            out += [x["text"] + " " + x.get("feedback", "") if isinstance(x, dict) else str(x) for x in v]
    return out


# --- The quiz bank (issue 12): balance and numeric keys computed from the data --------------------
def _bank():
    from ketcourse.engine import quiz

    return quiz.load_bank("conditions")


def test_bank_is_balanced():
    bank = _bank()
    questions = list(bank.questions)
    blooms = [q.bloom for q in questions]
    assert len(questions) >= 8
    assert blooms.count("remember") <= len(questions) / 5, blooms
    assert len({q.type for q in questions}) >= 3
    numeric = [q for q in questions if q.type == "numeric" and q.data_interpretation]
    assert len(numeric) >= 2


def test_numeric_keys_follow_from_the_data_rows():
    by_id = {q.id: q for q in _bank().questions}
    elektd, escape = ev.COMPARISONS["elekt-d"], ev.COMPARISONS["escape-trd"]
    assert by_id["elektd-nnt"].accepts(1 / (elektd.drug_rate - elektd.comparator_rate))
    assert by_id["escape-risk-difference"].accepts(escape.difference_points)
    assert by_id["sustain1-hazard-ratio"].accepts(100 * (1 - ev.SUSTAIN1_HAZARD_RATIO.value))
    # the typical mistakes get their own feedback, not the right answer
    assert not by_id["elektd-nnt"].accepts(elektd.drug_rate - elektd.comparator_rate)
    assert not by_id["sustain1-hazard-ratio"].accepts(100 * ev.SUSTAIN1_HAZARD_RATIO.value)
    steps = by_id["read-noninferiority"].items
    assert f"{elektd.margin:g}".replace("-", "−") in steps[0] and f"{elektd.diff_low:g}" in steps[1]


def test_reflection_rubric_is_consistent_with_the_data():
    assert 3 <= len(check.TASK5.rubric) <= 5
    sizes = [s.n for s in ev.studies_for("ptsd")]
    for n in sizes:
        assert str(n) in check.TASK5.rubric[0] and str(n) in check.TASK5.model_answer
    rating = ev.condition("ptsd").rating
    assert rating in check.TASK5.rubric[3] and rating in check.TASK5.model_answer
