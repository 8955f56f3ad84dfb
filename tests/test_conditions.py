"""Evidence table, response-time-course model, figures, explorer and exercise checks of the Evidence chapter."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
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
)

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


def test_every_study_has_n_or_explicit_none_and_a_known_condition():
    ids = {c.id for c in ev.CONDITIONS}
    for s in ev.STUDIES:
        assert s.condition in ids, s.label
        assert s.n is None or (isinstance(s.n, int) and s.n > 0), s.label
        assert s.control and s.design and s.finding, s.label
        if s.n is None:
            assert "not reported here" in s.n_text


def test_every_data_file_loads_and_is_used():
    files = {p.name for p in ev.data_files()}
    assert files == {"conditions.yaml", "studies.yaml", "numbers.yaml"}
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


# Sample sizes as given in the facts sheet (section 5), typed by hand.
FACTS_N = {
    "berman2000": 7,
    "zarate2006": 17,
    "murrough2013ajp": 73,
    "jelovac2025": 65,
    "anand2023": 403,
    "newport2015": 147,
    "bahji2022": 2903,
    "wilkinson2018": 167,
    "diazgranados2010": 18,
    "feder2014": 41,
    "feder2021": 30,
    "abdallah2022": 158,
    "glue2017": 12,
    "glue2018": 20,
    "taylor2018": 18,
    "rodriguez2013": 15,
    "bloch2012": 10,
    "sigtermans2009": 60,
    "pastrak2021": 118,
    "jampodiatr2012cream": 17,
}
NO_N_IN_FACTS = {"popova2019", "fedgchin2019", "ochsross2020", "daly2019", "schwartzman2009", "dean2021", "fu2020"}


def test_sample_sizes_match_the_facts_sheet():
    by_key = {s.key: s for s in ev.STUDIES}
    for key, n in FACTS_N.items():
        assert by_key[key].n == n, key
    for key in NO_N_IN_FACTS:
        assert by_key[key].n is None, f"{key}: the facts sheet gives no n; leave it None"


def test_ratings_follow_the_facts_sheet():
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
    assert ev.participants("anxiety") == 12 + 20 + 18
    assert ev.participants("ocd") == 15 + 10
    assert ev.participants("trd-iv") == 2903  # the largest synthesis, not a double-counting sum
    assert ev.participants("trd-esk") is None
    assert ev.participants_complete("ptsd") and not ev.participants_complete("crps")


def test_summary_table_html_and_text():
    table = ev.summary_table()
    html = table._repr_html_()
    assert html.count("<tr>") == len(ev.CONDITIONS) + 1
    assert "not reported here" in html and "Rating" in html
    text = str(table)
    for c in ev.CONDITIONS:
        assert c.name in text
    one = ev.summary_table(["ptsd"])
    assert "Feder 2014 (n=41)" in str(one) and "Abdallah 2022" in str(one)


def test_madrs_differences_and_headline_numbers():
    tr2 = next(m for m in ev.MADRS_DIFFERENCES if m.key == "popova2019")
    assert tr2.estimate == -4.0 and tr2.ci == [-7.31, -0.64]
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
    assert check.task_5(" ".join(["word"] * 45)).passed


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
        (check.task_5, "too short", "aim for at least 40"),
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
