"""Neuroplasticity chapter: the spine model, the evidence tables, figures, explorer and exercise checks."""

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketcourse.chapters.neuroplasticity import checks as check
from ketcourse.chapters.neuroplasticity import content as data
from ketcourse.chapters.neuroplasticity import figures
from ketcourse.chapters.neuroplasticity.explorer import ONSETS_H, spine_explorer
from ketcourse.engine import quiz
from ketcourse.engine.explorers.static import StaticExplorer
from ketcourse.engine.figures.style import blank_figure, is_marked_illustrative
from ketcourse.science import plasticity as pl
from ketcourse.science.parameters import (
    REPEATED_DOSE_SPINES_INCREASED_H,
    REPEATED_DOSE_SPINES_UNCHANGED_H,
    SPINE_FORMATION_INCREASED_H,
    SPINE_FORMATION_UNCHANGED_H,
)

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), flags=re.MULTILINE)
)
TIMES = st.lists(st.floats(min_value=0, max_value=500, allow_nan=False), min_size=1, max_size=30)
ONSET = st.floats(min_value=0, max_value=48)
TAU = st.floats(min_value=0.1, max_value=48)
KETAMINE = ("stress_ketamine", "stress_ketamine_no_new_spines")


# --- model: hand values -------------------------------------------------------
def test_default_onset_is_the_end_of_the_unchanged_window():
    assert pl.DEFAULT_ONSET_H == 6.0 == SPINE_FORMATION_UNCHANGED_H.range[1]


def test_restoration_hand_values():
    assert float(pl.restoration_fraction(0.0)) == 0.0
    assert float(pl.restoration_fraction(6.0)) == 0.0  # exactly at onset
    # one time constant after onset: 1 - e^-1
    assert float(pl.restoration_fraction(10.0, onset_h=6.0, tau_h=4.0)) == pytest.approx(1 - math.exp(-1))
    assert float(pl.restoration_fraction(12.0)) == pytest.approx(1 - math.exp(-1.5))


def test_spine_density_hand_values():
    loss = pl.ILLUSTRATIVE_STRESS_LOSS_PCT
    assert float(pl.spine_density(30.0, "control")) == 100.0
    assert float(pl.spine_density(30.0, "stress")) == 100.0 - loss
    assert float(pl.spine_density(3.0)) == 100.0 - loss  # before onset nothing has changed
    assert float(pl.spine_density(12.0)) == pytest.approx(100 - loss * math.exp(-1.5))
    assert float(pl.spine_density(12.0, loss_pct=10)) == pytest.approx(100 - 10 * math.exp(-1.5))
    assert float(pl.spine_density(72.0, "stress_ketamine_no_new_spines")) == 100.0 - loss


def test_early_effect_hand_value():
    # (1 - e^(-t/rise)) * e^(-t/fade) at t = rise = 1 h, fade = 48 h
    assert float(pl.early_behavioural_effect(1.0)) == pytest.approx((1 - math.exp(-1)) * math.exp(-1 / 48))


def test_behaviour_improves_before_spines_and_needs_them_to_last():
    # The facts the model is tied to: at 3 h spines are unchanged but behaviour is largely rescued;
    # by 24 h the lost spines are mostly back; without new spines the rescue fades.
    assert float(pl.spine_density(3.0)) == float(pl.spine_density(3.0, "stress"))
    assert float(pl.behavioural_rescue(3.0)) > 50
    assert float(pl.restoration_fraction(SPINE_FORMATION_INCREASED_H.range[1])) > 0.9
    assert float(pl.behavioural_rescue(72.0)) > 99
    assert float(pl.behavioural_rescue(72.0, "stress_ketamine_no_new_spines")) < 30
    assert float(pl.behavioural_rescue(5.0, "stress")) == 0.0 == float(pl.behavioural_rescue(5.0, "control"))


def test_onset_consistency_with_the_observations():
    assert pl.consistent_with_observations(pl.DEFAULT_ONSET_H)
    assert pl.consistent_with_observations(9.0)
    assert not pl.consistent_with_observations(2.0)  # would change spines inside 3-6 h
    assert not pl.consistent_with_observations(24.0)  # nothing restored by 24 h
    # the latest fitting onset is 24 - tau*ln2
    limit = 24 - pl.ILLUSTRATIVE_RESTORE_TAU_H * math.log(2)
    assert pl.consistent_with_observations(limit - 0.01)
    assert not pl.consistent_with_observations(limit + 0.01)


# --- model: properties ----------------------------------------------------------
@given(TIMES, ONSET, TAU)
def test_restoration_is_bounded_and_non_decreasing(times, onset, tau):
    t = np.sort(np.asarray(times))
    r = pl.restoration_fraction(t, onset_h=onset, tau_h=tau)
    assert np.all((r >= 0) & (r <= 1))
    assert np.all(np.diff(r) >= -1e-12)


@given(TIMES, ONSET, st.floats(min_value=0, max_value=100), st.sampled_from(tuple(pl.CONDITIONS)))
def test_spine_density_stays_between_stressed_and_control(times, onset, loss, condition):
    d = pl.spine_density(np.asarray(times), condition, onset_h=onset, loss_pct=loss)
    assert np.all(d >= 100 - loss - 1e-9) and np.all(d <= 100 + 1e-9)


@given(TIMES, ONSET)
def test_kept_spines_never_give_less_rescue_than_removed(times, onset):
    t = np.asarray(times)
    kept = pl.behavioural_rescue(t, onset_h=onset)
    removed = pl.behavioural_rescue(t, "stress_ketamine_no_new_spines", onset_h=onset)
    assert np.all(kept >= removed - 1e-9)
    assert np.all((removed >= 0) & (kept <= 100 + 1e-9))


# --- model: bad inputs ------------------------------------------------------------
@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: pl.restoration_fraction(-1.0), ValueError, "t_h must be >= 0, got -1"),
        (lambda: pl.restoration_fraction(float("nan")), ValueError, "t_h must be finite"),
        (lambda: pl.restoration_fraction("12 h"), TypeError, "t_h must be a number"),
        (lambda: pl.restoration_fraction(1.0, onset_h=-2), ValueError, "onset_h must be a finite number >= 0"),
        (lambda: pl.restoration_fraction(1.0, tau_h=0), ValueError, "tau_h must be a finite number > 0"),
        (lambda: pl.spine_density(1.0, "depressed"), ValueError, "unknown condition 'depressed'; allowed"),
        (lambda: pl.spine_density(1.0, loss_pct=120), ValueError, "loss_pct must be between 0 and 100"),
        (lambda: pl.spine_density(1.0, "control", tau_h=-1), ValueError, "tau_h must be"),
        (lambda: pl.early_behavioural_effect(1.0, rise_h=0), ValueError, "rise_h must be a finite number > 0"),
        (lambda: pl.early_behavioural_effect(1.0, fade_h="slow"), TypeError, "fade_h must be a number"),
        (lambda: pl.behavioural_rescue(1.0, "ketamine"), ValueError, "unknown condition 'ketamine'"),
        (lambda: pl.consistent_with_observations(-3), ValueError, "onset_h must be a finite number >= 0"),
    ],
)
def test_bad_inputs_raise_named_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --- evidence tables ------------------------------------------------------------------
def test_new_parameters_cite_existing_keys_and_match_the_facts_sheet():
    assert SPINE_FORMATION_UNCHANGED_H.range == (3.0, 6.0)
    assert SPINE_FORMATION_INCREASED_H.range == (12.0, 24.0)
    assert REPEATED_DOSE_SPINES_UNCHANGED_H.range == (6.0, 24.0)
    assert REPEATED_DOSE_SPINES_INCREASED_H.range == (72.0, 132.0)
    for p in (
        SPINE_FORMATION_UNCHANGED_H,
        SPINE_FORMATION_INCREASED_H,
        REPEATED_DOSE_SPINES_UNCHANGED_H,
        REPEATED_DOSE_SPINES_INCREASED_H,
    ):
        assert p.source in BIB_KEYS


def test_tables_cite_existing_bib_keys():
    assert data.all_sources() <= BIB_KEYS
    for f in data.FINDINGS:
        assert f.sources and set(f.sources) <= BIB_KEYS, f.id
    for d in data.DEBATES:
        for ev in d.supporting + d.opposing:
            assert ev.sources and set(ev.sources) <= BIB_KEYS, d.id


def test_findings_are_grouped_by_level_and_chronological_within_each():
    order = list(data.LEVELS)
    levels = [order.index(f.level) for f in data.FINDINGS]
    assert levels == sorted(levels)
    for level in data.LEVELS:
        starts = [f.start_h for f in data.findings(level)]
        assert starts == sorted(starts), level
    ids = [f.id for f in data.FINDINGS]
    assert len(ids) == len(set(ids))


def test_rows_come_from_parameters_and_no_unchecked_timing_is_shown():
    assert (data.finding("spines-unchanged").start_h, data.finding("spines-unchanged").end_h) == (3.0, 6.0)
    assert (data.finding("repeated-increased").start_h, data.finding("repeated-increased").end_h) == (72.0, 132.0)
    # Timings that could not be checked against the source are left out, not drawn as "unverified".
    assert {f.id for f in data.FINDINGS} == {
        "spines-unchanged",
        "spines-increased",
        "repeated-unchanged",
        "repeated-increased",
    }


def test_only_the_opioid_debate_has_human_evidence():
    assert [d.id for d in data.DEBATES if d.has_human_evidence] == ["opioid"]
    assert data.debate("hnk").sources[0] == "zanos2016"
    assert "abbott2020" in data.debate("hnk").sources


_FINDING = dict(
    id="x",
    level="molecular",
    label="L",
    start_h=0.0,
    end_h=1.0,
    outcome="change",
    model="rat",
    sources=("li2010",),
)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: data.finding("nope"), "unknown finding id 'nope'"),
        (lambda: data.debate("nope"), "unknown debate id 'nope'; allowed: 'hnk'"),
        (lambda: data.findings("cellular"), "unknown level 'cellular'"),
        (lambda: data.Evidence(statement="x", kind="anecdote", sources=("li2010",)), "unknown kind 'anecdote'"),
        (lambda: data.Evidence(statement="x", kind="animal", sources=()), "needs at least one source key"),
        (lambda: data.Finding(**{**_FINDING, "start_h": 5.0}), "need 0 <= start_h <= end_h"),
        (lambda: data.Finding(**{**_FINDING, "outcome": "maybe"}), "unknown outcome"),
        (lambda: data.Finding(**{**_FINDING, "sources": ()}), "at least one source"),
        (lambda: data.Finding.model_validate({**_FINDING, "window_parameter": "NOPE"}), "unknown window_parameter"),
    ],
)
def test_bad_table_rows_and_lookups(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- figures ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "make", [figures.cascade_schematic, figures.spine_time_course_figure, figures.findings_timeline_figure]
)
def test_figures_have_alt_caption_and_unit_labels(make):
    out = make()
    assert len(out.alt.split()) >= 20
    assert len(out.caption.split()) >= 10
    for ax in out.figure.axes:
        for label in (ax.get_xlabel(), ax.get_ylabel()):
            if label:
                assert "(" in label and ")" in label, f"{out.name}: {label!r}"
    assert out.png.startswith(b"\x89PNG")


def test_model_figure_is_marked_illustrative():
    out = figures.spine_time_course_figure()
    assert is_marked_illustrative(out.figure)
    assert "Illustrative" in out.caption
    assert "12 and 24 h" in out.caption


def test_findings_figure_has_no_maintainer_notes():
    out = figures.findings_timeline_figure()
    texts = [t.get_text() for t in out.figure.axes[0].texts] + [out.caption, out.alt]
    assert not [t for t in texts if "unverified" in t.lower() or "verified" in t.lower()]
    assert f"{len(data.FINDINGS)} rows" in out.caption


def test_cascade_schematic_names_every_step_and_says_rodent():
    out = figures.cascade_schematic()
    text = " ".join(t.get_text() for t in out.figure.axes[0].texts)
    for step in ("glutamate surge", "AMPA", "BDNF", "TrkB", "mTORC1", "eEF2 kinase", "Synaptic proteins", "spines"):
        assert step in text, step
    assert "rodent" in text


def test_draw_spine_course_rejects_unknown_condition():
    with pytest.raises(ValueError, match="unknown condition 'stress'"):
        figures.draw_spine_course(blank_figure("tall"), condition="stress")


def test_draw_spine_course_title_reports_the_fit():
    fig = blank_figure("tall")
    figures.draw_spine_course(fig, onset_h=2.0, condition="stress_ketamine")
    assert "does not fit" in fig.axes[0].get_title()


# --- explorer --------------------------------------------------------------------------------
def test_spine_explorer_frames():
    ex = spine_explorer()
    assert ex.n_frames == 2 * len(ONSETS_H) <= 30
    assert ex.defaults()["onset"] == pl.DEFAULT_ONSET_H != ONSETS_H[-1]
    alts = {ex.alt(**values) for values in ex.combinations()}
    assert len(alts) == ex.n_frames
    assert "does not fit" in ex.alt(onset=2.0, condition="stress_ketamine")


def test_spine_explorer_static_frames_are_distinct():
    ex = spine_explorer()
    html = StaticExplorer(ex).to_html()
    payload = re.search(r'<script type="application/json" class="kc-frames"[^>]*>(.*?)</script>', html, re.S)
    frames = json.loads(payload.group(1))
    assert len(frames) == ex.n_frames
    assert len({f["digest"] for f in frames.values()}) == len(frames)


# --- quiz and exercise checks -------------------------------------------------------------------
def test_quiz_bank():
    bank = quiz.load_bank("neuroplasticity")
    assert len(bank.questions) >= 8
    for q in bank.questions:
        assert set(q.references) <= BIB_KEYS, q.id


def test_exercise_solutions_are_correct():
    assert check.task_1(float(pl.spine_density(12, "stress_ketamine"))).passed
    assert check.task_1((float(pl.spine_density(12)), "%")).passed
    assert check.task_2(float(pl.behavioural_rescue(72, "stress_ketamine_no_new_spines"))).passed
    assert check.task_3("9 h").passed
    assert check.task_4("opioid").passed
    assert check.task_5(" ".join(["word"] * 45)).passed


@pytest.mark.parametrize(
    "task, answer, message",
    [
        (check.task_1, float(pl.spine_density(12)) / 100, "looks like a fraction"),
        (check.task_1, 100 * float(pl.restoration_fraction(12)), "share of the lost spines restored"),
        (check.task_1, 80.0, "stress-only level"),
        (check.task_2, 100.0, "value with the new spines kept"),
        (check.task_2, (22.3, "h"), "Units: you gave h"),
        (check.task_3, "2 h", "3–6 h window"),
        (check.task_3, "30 h", "increase was seen at 12–24 h"),
        (check.task_4, "hnk", "mice, rats and cells"),
        (check.task_5, 42, "Write your reflection as text"),
    ],
)
def test_typical_wrong_answers_get_specific_feedback(task, answer, message):
    fb = task(answer)
    assert fb.status == "incorrect"
    assert message in fb.message
