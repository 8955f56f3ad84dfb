"""Tests for the safety chapter: effect-compartment model, data tables, monitoring check, figures, exercise checks."""

import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketcourse.chapters.reflections import load_reflections_file
from ketcourse.chapters.safety import checks as ex
from ketcourse.chapters.safety import content as sd
from ketcourse.chapters.safety import figures as figs
from ketcourse.chapters.safety import monitoring as mon
from ketcourse.chapters.safety.explorer import infusion_effects_explorer
from ketcourse.engine.figures.style import is_marked_illustrative
from ketcourse.science import effects as ef
from ketcourse.science import parameters as p

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), flags=re.MULTILINE)
)


# --- effect compartment: closed forms ---------------------------------------------
@pytest.mark.parametrize("hold", ef.HOLDS)
@pytest.mark.parametrize("step_h", [0.001, 0.05, 0.5, 3.0])
def test_step_input_matches_closed_form(hold, step_h):
    # Cp = C constant from t = 0: Ce = C (1 − e^{−ke0 t}), exact for any step size.
    t = np.arange(0, 6 + 1e-9, step_h)
    c, k = 120.0, 2.5
    ce = ef.effect_site_concentration(t, np.full_like(t, c), k, hold=hold)
    np.testing.assert_allclose(ce, c * (1 - np.exp(-k * t)), rtol=1e-12, atol=1e-9)


def test_half_time_is_ln2_over_ke0():
    k = p.EFFECT_KE0_PER_H.value
    t_half = math.log(2) / k
    ce = ef.effect_site_concentration([0.0, t_half], [100.0, 100.0], k)
    assert ce[1] == pytest.approx(50.0)
    assert 60 * t_half == pytest.approx(2.97, abs=0.01)  # about 3 min, as the chapter says


def test_linear_ramp_is_exact():
    # Cp = b t with Ce(0) = 0 has Ce = b (t − (1 − e^{−kt})/k), whatever the step.
    b, k = 30.0, 4.0
    t = np.array([0.0, 0.7, 2.0, 2.1, 5.0])
    ce = ef.effect_site_concentration(t, b * t, k)
    np.testing.assert_allclose(ce, b * (t - (1 - np.exp(-k * t)) / k), rtol=1e-12)


def test_washout_decays_exponentially():
    k = 3.0
    t = np.linspace(0, 2, 9)
    ce = ef.effect_site_concentration(t, np.zeros_like(t), k, ce0_ng_ml=80.0)
    np.testing.assert_allclose(ce, 80.0 * np.exp(-k * t), rtol=1e-12)


def test_constant_hold_lags_linear_hold_on_a_rising_curve():
    t = np.linspace(0, 1, 5)
    cp = 100 * t
    lin = ef.effect_site_concentration(t, cp, 5.0)
    const = ef.effect_site_concentration(t, cp, 5.0, hold="constant")
    assert np.all(const[1:] < lin[1:])


@settings(max_examples=60, deadline=None)
@given(
    steps=st.lists(st.floats(0.001, 2.0), min_size=1, max_size=40),
    values=st.lists(st.floats(0.0, 5000.0), min_size=2, max_size=41),
    ke0=st.floats(0.01, 500.0),
    hold=st.sampled_from(ef.HOLDS),
)
def test_effect_site_stays_within_plasma_range(steps, values, ke0, hold):
    n = min(len(steps) + 1, len(values))
    t = np.concatenate([[0.0], np.cumsum(steps)])[:n]
    cp = np.asarray(values[:n])
    ce = ef.effect_site_concentration(t, cp, ke0, hold=hold)
    assert np.all(ce >= 0)
    assert np.all(ce <= cp.max() * (1 + 1e-12) + 1e-9)


@settings(max_examples=30, deadline=None)
@given(dose=st.floats(0.05, 2.0), duration=st.floats(5.0, 120.0))
def test_infusion_effects_are_nonnegative_and_bounded(dose, duration):
    try:
        c = ef.infusion_effects(dose, duration, t_end_h=3.0, step_min=2.0)
    except ValueError as err:  # fast, large infusions leave the effect model's domain and are refused
        assert "domain" in str(err)
        return
    assert np.all(c.effect_site_ng_ml <= c.plasma_ng_ml.max() + 1e-9)
    assert np.all(c.cadss >= 0) and np.all(c.systolic_rise_mmhg >= 0)


def test_linear_effect_hand_values():
    np.testing.assert_allclose(ef.linear_effect([0, 70, 80, 170], 0.1, 70), [0, 0, 1.0, 10.0])
    ce = 70 + 100
    assert float(ef.dissociation_cadss(ce)) == pytest.approx(100 * p.CADSS_POINTS_PER_NGML.value)
    assert float(ef.systolic_rise_mmhg(ce)) == pytest.approx(100 * p.SYSTOLIC_MMHG_PER_NGML.value)


def test_time_above_and_offset_hand_values():
    t = [0.0, 1.0, 2.0, 3.0, 4.0]
    y = [0.0, 10.0, 10.0, 0.0, 0.0]
    # Above 5: from 0.5 h to 2.5 h.
    assert ef.time_above_h(t, y, 5.0) == pytest.approx(2.0)
    assert ef.peak_of(t, y) == (1.0, 10.0)
    assert ef.offset_time_h(t, y) == 3.0
    assert ef.offset_time_h(t, y, 0.5) == 3.0
    assert ef.offset_time_h([0, 1, 2], [0, 5, 4]) == math.inf


# --- calibration anchors (facts sheet sections 6 and 8D) ----------------------
@pytest.fixture(scope="module")
def standard():
    return ef.calibration_summary()


def test_peak_near_end_of_infusion(standard):
    assert 30 <= standard["peak_min"] <= 45


def test_dissociation_gone_within_about_two_hours(standard):
    assert standard["cadss_below_10pct_min"] <= 120
    assert 80 <= standard["gone_min"] <= 125


def test_mean_cadss_about_8(standard):
    assert standard["cadss_peak"] == pytest.approx(p.CADSS_MEAN.value, abs=1.0)


def test_blood_pressure_rise_and_return(standard):
    assert 20 <= standard["systolic_peak_mmhg"] <= 30
    assert 20 <= standard["back_after_end_min"] <= 90


def test_one_compartment_plasma_lasts_longer(standard):
    one = ef.calibration_summary(ef.infusion_effects(pk_model="one-compartment"))
    assert one["gone_min"] > standard["gone_min"] + 20


def test_faster_infusion_gives_higher_earlier_peak():
    slow, fast = ef.infusion_effects(duration_min=60), ef.infusion_effects(duration_min=20)
    assert fast.systolic_rise_mmhg.max() > slow.systolic_rise_mmhg.max()
    assert ef.peak_of(fast.t_h, fast.cadss)[0] < ef.peak_of(slow.t_h, slow.cadss)[0]


def test_calibration_parameters_are_marked_and_cited():
    for name, par in ef.CALIBRATION_PARAMETERS.items():
        assert "calibration choice" in par.note.lower(), name
        assert par.source in BIB_KEYS, name


# --- bad inputs -------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(ke0_per_h=-1.0), ValueError, r"ke0 \(1/h\) must be a finite number > 0, got -1"),
        (dict(ke0_per_h=0), ValueError, r"ke0 \(1/h\) must be a finite number > 0"),
        (dict(ke0_per_h="fast"), TypeError, "ke0 .* must be a number"),
        (dict(t_h=[0, 1]), ValueError, r"same shape, got \(2,\) and \(3,\)"),
        (dict(t_h=[0, 2, 1]), ValueError, r"strictly increasing; t_h\[2\] = 1 h does not come after t_h\[1\] = 2 h"),
        (dict(t_h=[0, 1, 1]), ValueError, "strictly increasing"),
        (dict(t_h=[]), ValueError, "non-empty one-dimensional"),
        (dict(cp_ng_ml=[0, -5, 1]), ValueError, r"cp_ng_ml \(ng/mL\) must be >= 0, got -5"),
        (dict(cp_ng_ml=[0, np.nan, 1]), ValueError, "must be finite"),
        (dict(hold="cubic"), ValueError, "unknown hold 'cubic'; allowed: 'linear', 'constant'"),
        (dict(ce0_ng_ml=-1.0), ValueError, "ce0_ng_ml"),
    ],
)
def test_effect_site_bad_inputs(kwargs, error, match):
    args = dict(t_h=[0.0, 1.0, 2.0], cp_ng_ml=[0.0, 10.0, 5.0])
    args.update(kwargs)
    with pytest.raises(error, match=match):
        ef.effect_site_concentration(**args)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: ef.linear_effect([1.0], -0.1, 70), ValueError, r"slope \(per ng/mL\) must be a finite number > 0"),
        (lambda: ef.linear_effect([1.0], 0.1, -70), ValueError, "threshold_ng_ml"),
        (lambda: ef.linear_effect([-1.0], 0.1, 70), ValueError, r"ce_ng_ml \(ng/mL\) must be >= 0"),
        (lambda: ef.dissociation_cadss("high"), TypeError, "must be a number or an array"),
        (lambda: ef.infusion_effects(-0.5), ValueError, r"dose_mg_per_kg \(mg/kg\) must be a finite number > 0"),
        (lambda: ef.infusion_effects(0.5, 0), ValueError, r"duration_min \(min\) must be a finite number > 0"),
        (lambda: ef.infusion_effects(t_end_h=0.01, step_min=5), ValueError, "step_min must not exceed t_end_h"),
        (lambda: ef.infusion_effects(pk_model="three"), ValueError, "unknown pk_model 'three'"),
        (lambda: ef.peak_of([0, 1], [1, 2, 3]), ValueError, "same shape"),
        (lambda: ef.time_above_h([0, 1], [1, 2], -1), ValueError, "level must be a finite number >= 0"),
        (lambda: ef.offset_time_h([0, 1], [1, 2], 50), ValueError, "fraction, not a percentage"),
        (lambda: ef.offset_time_h([0, 1], [0, 0]), ValueError, "never rise above zero"),
        (lambda: ef.calibration_summary("standard"), TypeError, "course must be an EffectCourse"),
        (lambda: ef.calibration_summary(ef.infusion_effects(0.05)), ValueError, "never takes the effect site"),
    ],
)
def test_other_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --- monitoring check ------------------------------------------------------------
def test_default_plan_meets_every_element():
    assert mon.monitoring_gaps(mon.SessionPlan()) == []


@pytest.mark.parametrize(
    "kwargs, element",
    [
        (dict(certified_setting=False), "certified setting"),
        (dict(bp_before=False), "blood pressure before"),
        (dict(bp_after=False), "blood pressure after"),
        (dict(pulse_oximetry=False), "pulse oximetry"),
        (dict(observation_min=119), "observation time"),
        (dict(stable_at_discharge=False), "observation time"),
        (dict(drives_same_day=True), "no driving"),
        (dict(take_home_doses=True), "no home use"),
    ],
)
def test_each_gap_is_found(kwargs, element):
    gaps = mon.monitoring_gaps(mon.SessionPlan(**kwargs))
    assert [g.element for g in gaps] == [element]
    assert set(gaps[0].keys) <= BIB_KEYS


def test_observation_of_exactly_two_hours_is_enough():
    assert mon.monitoring_gaps(mon.SessionPlan(observation_min=120)) == []


def test_several_gaps_in_element_order():
    gaps = mon.monitoring_gaps(mon.SessionPlan(drives_same_day=True, observation_min=60, bp_before=False))
    assert [g.element for g in gaps] == ["blood pressure before", "observation time", "no driving"]


@pytest.mark.parametrize("sys_, dia, above", [(150, 85, True), (135, 95, True), (140, 90, False), (120, 80, False)])
def test_predose_limit(sys_, dia, above):
    assert mon.predose_bp_above_limit(sys_, dia) is above


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: mon.SessionPlan(bp_before="yes"), TypeError, "bp_before must be True or False, got 'yes'"),
        (lambda: mon.SessionPlan(observation_min=-5), ValueError, r"observation_min \(min\) must be a finite number"),
        (lambda: mon.monitoring_gaps({"bp_before": True}), TypeError, "plan must be a SessionPlan, got dict"),
        (lambda: mon.predose_bp_above_limit(-1, 80), ValueError, "systolic pressure"),
    ],
)
def test_monitoring_bad_inputs(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --- data tables ---------------------------------------------------------------
def test_every_table_cites_existing_bib_keys():
    keys = sd.all_citation_keys()
    assert keys, "tables must cite sources"
    assert keys <= BIB_KEYS, keys - BIB_KEYS
    assert set().union(*(v[1] for v in mon.ELEMENTS.values())) <= BIB_KEYS
    assert set(figs.SOURCE_NAMES) <= BIB_KEYS


def test_every_row_has_at_least_one_key():
    rows = [*sd.MONITORING_STEPS, *sd.ASPIRE_POOLED, *sd.ESKETAMINE_LABEL_RATES, *sd.LONG_TERM_HARMS]
    assert all(r.keys for r in rows)
    assert all(keys for _, keys in sd.REMS_RULES)


def test_aspire_rates_match_facts_sheet():
    rates = {r.event: (r.drug_pct, r.placebo_pct) for r in sd.ASPIRE_POOLED}
    assert rates == {"Dizziness": (38, 14), "Dissociation": (34, 6), "Nausea": (27, 14), "Vomiting": (12, 5)}
    assert all(r.excess_pct > 0 for r in sd.ASPIRE_POOLED)


def test_label_ranges_are_ordered():
    for r in sd.ESKETAMINE_LABEL_RATES:
        assert 0 <= r.low_pct <= r.high_pct <= 100
        if r.placebo_low_pct is not None:
            assert r.placebo_high_pct is not None and r.placebo_low_pct <= r.placebo_high_pct


def test_timeline_follows_the_rems():
    steps = {s.key: s for s in sd.MONITORING_STEPS}
    assert steps["observation"].end_min - steps["observation"].start_min == 60 * p.REMS_OBSERVATION_H.value
    assert steps["bp-after"].start_min == p.BP_RECHECK_MIN.value
    assert steps["bp-before"].end_min < 0
    assert {s.lane for s in sd.MONITORING_STEPS} <= set(sd.MONITORING_LANES)


# --- figures and explorer -----------------------------------------------------------
FIGURES = [
    figs.effect_time_course_figure,
    figs.monitoring_timeline_figure,
    figs.adverse_events_figure,
    figs.label_rates_figure,
]


@pytest.mark.parametrize("make", FIGURES, ids=lambda f: f.__name__)
def test_figures_have_units_and_alt_text(make):
    out = make()
    assert len(out.alt.split()) >= 20
    for ax in out.figure.axes:
        if ax.axison and ax.get_xlabel():
            assert re.search(r"\(.+\)", ax.get_xlabel()), ax.get_xlabel()
        if ax.axison and ax.get_ylabel() and ax.get_yticklabels():
            assert re.search(r"\(.+\)", ax.get_ylabel()) or not ax.get_ylabel()


def test_model_figure_is_marked_illustrative():
    out = figs.effect_time_course_figure()
    assert is_marked_illustrative(out.figure)
    assert "Illustrative" in out.caption


def test_explorer_is_small_and_says_illustrative():
    explorer = infusion_effects_explorer()
    assert explorer.n_frames <= 30
    assert "illustrative, not for clinical use" in explorer.caption.lower()
    fig = explorer.render({"dose": 1.0, "duration": 20})
    assert is_marked_illustrative(fig)
    assert "extrapolated" in explorer.alt(dose=1.0, duration=20)
    assert "flat at zero" in explorer.alt(dose=0.25, duration=100)


# --- exercise checks -------------------------------------------------------------
def _standard():
    return ef.infusion_effects()


def test_task_1():
    c = _standard()
    t_peak, _ = ef.peak_of(c.t_min, c.systolic_rise_mmhg)
    assert ex.task_1(t_peak).passed
    assert ex.task_1((t_peak, "min")).passed
    assert ex.task_1(...).status == "not attempted"
    wrong = ex.task_1(t_peak / 60)
    assert wrong.status == "incorrect" and "hours" in wrong.message
    plasma = ex.task_1(40)
    assert plasma.status == "incorrect" and "plasma peaks" in plasma.message
    assert "Units: you gave h" in ex.task_1((0.7, "h")).message


def test_task_2():
    c = _standard()
    minutes = 60 * ef.time_above_h(c.t_h, c.cadss, 4)
    assert ex.task_2(minutes).passed
    assert ex.task_2(...).status == "not attempted"
    clock = ex.task_2(62)
    assert clock.status == "incorrect" and "clock time" in clock.message
    assert "hours" in ex.task_2(minutes / 60).message


def test_task_3():
    fast = ef.infusion_effects(duration_min=20).systolic_rise_mmhg.max()
    slow = _standard().systolic_rise_mmhg.max()
    assert ex.task_3(fast - slow).passed
    assert ex.task_3(...).status == "not attempted"
    assert "sign is reversed" in ex.task_3(slow - fast).message
    assert "ratio" in ex.task_3(fast / slow).message


def test_task_4():
    assert ex.task_4("blood pressure after").passed
    assert ex.task_4("Blood pressure after ").passed
    assert ex.task_4(...).status == "not attempted"
    obs = ex.task_4("observation time")
    assert obs.status == "incorrect" and "2-hour minimum" in obs.message
    assert "not one of the options" in ex.task_4("blood").message


def test_task_5_shows_rubric_and_model_answer_without_counting_words():
    assert ex.task_5(...).status == "not attempted"
    fb = ex.task_5("Too short.")
    assert fb.passed  # length is not judged: the student self-marks against the rubric
    text = str(fb)
    assert 3 <= len(ex.TASK5.rubric) <= 5
    assert all(point in text for point in ex.TASK5.rubric)
    assert ex.TASK5.model_answer[:60] in text
    assert "nothing you write or tick is stored or sent" in text
    assert "61–84%" in ex.TASK5.model_answer and "8–19%" in ex.TASK5.model_answer


def test_static_explorer_frames_are_distinct():
    import json

    from ketcourse.engine.explorers.static import StaticExplorer

    explorer = infusion_effects_explorer()
    html = StaticExplorer(explorer)._repr_mimebundle_()["text/html"]
    payload = re.search(r'<script type="application/json" class="kc-frames"[^>]*>(.*?)</script>', html, re.S)
    frames = json.loads(payload.group(1))
    assert len(frames) == explorer.n_frames == 16
    assert len({f["digest"] for f in frames.values()}) == len(frames)


# --- The data files ---------------------------------------------------------------------------------
def test_every_safety_data_file_loads_and_cites_existing_keys():
    from support_bib import bib_keys, cited_keys_in

    loaders = {
        "monitoring.yaml": sd.load_monitoring,
        "adverse_events.yaml": sd.load_adverse_events,
        "harms.yaml": sd.load_harms,
        "reflections.yaml": load_reflections_file,
    }
    files = sorted(p.name for p in sd.DATA_DIR.glob("*.yaml"))
    assert set(files) <= set(loaders), f"data files without a loader: {sorted(set(files) - set(loaders))}"
    for name in files:
        missing = cited_keys_in(loaders[name](sd.DATA_DIR / name)) - bib_keys()
        assert not missing, f"{name} cites keys missing from references.bib: {sorted(missing)}"


def test_monitoring_placeholders_follow_the_parameters():
    steps = {s.key: s for s in sd.MONITORING_STEPS}
    assert steps["bp-after"].start_min == p.BP_RECHECK_MIN.value
    assert steps["observation"].end_min == p.REMS_OBSERVATION_H.value * 60
    assert f"{p.BP_RECHECK_MIN.value:g} min" in steps["bp-after"].when
    assert "{" not in "".join(s.label + s.when + s.detail for s in sd.MONITORING_STEPS)
    assert set(mon.ELEMENTS) == set(sd.MONITORING_ELEMENTS)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("lane: Dose", "lane: Doze", "item 'dose': field 'lane': unknown lane 'Doze'"),
        ("start_min: recheck", "start_min: lunch", "item 'bp-after': field 'start_min': must be a number or one of"),
        (
            "about {recheck_min:g} min,",
            "about {recheck:g} min,",
            "item 'bp-after': field 'label': unknown or malformed",
        ),
        ("  keys: [fda_rems]\n- id: observation", "- id: observation", "item 'dose': field 'keys': Field required"),
        ("when: time zero", "when: time zero\n  colour: red", "item 'dose': field 'colour': Extra inputs"),
    ],
)
def test_monitoring_file_errors_name_file_item_and_field(old, new, message):
    path = sd.DATA_DIR / "monitoring.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(sd.DataFileError) as err:
        sd.load_monitoring(path, text.replace(old, new, 1))
    assert "monitoring.yaml" in str(err.value) and message in str(err.value), str(err.value)


def test_rate_file_errors():
    path = sd.DATA_DIR / "adverse_events.yaml"
    text = path.read_text(encoding="utf-8")
    with pytest.raises(sd.DataFileError, match="item 'sedation': field 'high_pct': below low_pct"):
        sd.load_adverse_events(path, text.replace("high_pct: 61", "high_pct: 41", 1))
    with pytest.raises(sd.DataFileError, match="item 'dizziness': field 'drug_pct'"):
        sd.load_adverse_events(path, text.replace("drug_pct: 38", "drug_pct: 138", 1))


# --- Review corrections that must not come back ------------------------------------------------------
def _chapter_markdown() -> str:
    import nbformat

    nb = nbformat.read(ROOT / "chapters/06_safety.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_interaction_sizes_in_the_prose_come_from_the_interaction_studies():
    """Chapter 6 teaches interactions by route; each size it states is a row of the practice chapter's data."""
    from ketcourse.chapters.practice import content as practice

    text = _chapter_markdown()
    studies = {s.id: s for s in practice.interaction_studies()}
    for sid in ("ticlopidine-oral", "clarithromycin-oral", "grapefruit-oral"):
        assert f"{studies[sid].auc_ratio:.1f}-fold" in text, sid
    for sid in ("stjohnswort-oral", "rifampicin-oral", "rifampicin-iv"):
        assert re.search(rf"by (only )?{round((1 - studies[sid].auc_ratio) * 100):d}%", text), sid
    assert f"about {round((studies['ticlopidine-nasal'].auc_ratio - 1) * 100):d}%" in text
    assert studies["itraconazole-oral"].auc_ratio is None and "itraconazole" in text
    assert "CYP2B6" in text and "first pass" in text


def test_review_rows_15_16_17_stay_fixed():
    text = _chapter_markdown()
    assert "15–25%" not in text and "15-25%" not in text  # row 15: no nausea rate credited to the label
    assert "about 12% of patients" in text
    assert "delay" not in text.lower()  # row 16: the 140/90 guide is a risk-benefit weighing, not a delay
    assert "weighed against the expected benefit" in text and "intracranial pressure" in text
    assert "mathai2023" in text and "echegaray2025" in text  # row 17: both analyses, no overgeneralisation
    assert "not a sign that the treatment is working" not in text
    steps = {s.key: s for s in sd.MONITORING_STEPS}
    assert "delay" not in (steps["bp-before"].label + steps["bp-before"].detail).lower()
    bank = (ROOT / "src/ketcourse/chapters/safety/quiz.yaml").read_text(encoding="utf-8").lower()
    assert "delay" not in bank and "a third as potent" not in bank


def test_safety_bank_is_rebalanced():
    from ketcourse.engine import quiz

    bank = quiz.load_bank("safety")
    assert len(bank.questions) >= 8
    assert len({q.type for q in bank.questions}) >= 3
    blooms = [q.bloom for q in bank.questions]
    assert blooms.count("remember") * 5 <= len(blooms)
    numeric = [q for q in bank.questions if q.type == "numeric" and q.data_interpretation]
    assert len(numeric) >= 2


def test_numeric_keys_come_from_the_chapter_tables():
    from ketcourse.chapters.practice import content as practice
    from ketcourse.engine import quiz

    bank = quiz.load_bank("safety")
    rates = {r.event: r for r in sd.ASPIRE_POOLED}
    d = rates["Dissociation"]
    nnh = bank.question("aspire-dissociation-nnh")
    assert f"{d.drug_pct:g}%" in nnh.prompt and f"{d.placebo_pct:g}%" in nnh.prompt
    assert nnh.accepts(round(100 / d.excess_pct, 1))
    bp = next(r for r in sd.ESKETAMINE_LABEL_RATES if r.id == "bp-rise-40-25")
    assert bank.question("bp-rise-excess").accepts(bp.high_pct - bp.placebo_high_pct)
    rif = practice.study("rifampicin-oral")
    assert bank.question("rifampicin-route").accepts(round(rif.auc_ratio * 100))
