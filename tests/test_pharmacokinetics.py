"""Pharmacokinetics: closed forms, properties, bad input, tables, figures, explorer and exercise checks."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketcourse.chapters.pharmacokinetics import checks as ex
from ketcourse.chapters.pharmacokinetics import content as pk_data
from ketcourse.chapters.pharmacokinetics import figures
from ketcourse.chapters.pharmacokinetics.explorer import EXPLORER_DOSES_MG_PER_KG, route_dose_explorer
from ketcourse.engine.figures.style import is_marked_illustrative
from ketcourse.engine.tables import Table
from ketcourse.science import pk
from ketcourse.science.parameters import (
    ANAESTHESIA_BAND_NGML,
    ANTIDEPRESSANT_PEAK_NGML,
    CLEARANCE_L_PER_H_PER_70KG,
    ORAL_EQUIVALENT_MG_PER_KG,
    REFERENCE_WEIGHT_KG,
    ROUTES,
    VOLUME_L_PER_70KG,
)

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), flags=re.MULTILINE)
)
ABSORBED_ROUTES = [r for r in ROUTES if r != "iv"]
V = VOLUME_L_PER_70KG.value / REFERENCE_WEIGHT_KG.value  # 3.6 L/kg, by hand
CL = CLEARANCE_L_PER_H_PER_70KG.value / REFERENCE_WEIGHT_KG.value  # 1.1286 L/h/kg
K = CL / V


def fine_grid(hours: float = 60.0, per_hour: int = 600) -> np.ndarray:
    return np.linspace(0, hours, int(hours * per_hour) + 1)


# --- closed forms --------------------------------------------------------------
def test_model_constants_by_hand():
    assert pk.volume_l_per_kg() == pytest.approx(3.6)
    assert pk.clearance_l_per_h_per_kg() == pytest.approx(79 / 70)
    assert pk.elimination_rate_per_h() == pytest.approx(0.3135, abs=1e-4)
    assert pk.half_life_h() == pytest.approx(math.log(2) / K)
    assert 2.0 < pk.half_life_h() < 2.5


def test_iv_bolus_decays_exponentially():
    t = np.array([0.0, 1.0, 2.5, 6.0])
    c = pk.concentration(t, pk.Dose(0.5, "iv"))
    expected = 0.5 / V * np.exp(-K * t) * 1000
    np.testing.assert_allclose(c, expected, rtol=1e-12)
    assert c[0] == pytest.approx(138.89, abs=0.01)  # 0.5 mg/kg / 3.6 L/kg = 0.1389 mg/L


def test_infusion_approaches_its_steady_state():
    rate = 0.5  # mg/kg/h, for 40 h = 12.5 half-lives
    dose = pk.Dose(rate * 40, "iv", 0.0, 40.0)
    css = pk.steady_state_ng_ml(rate)
    assert css == pytest.approx(rate / CL * 1000)
    c = pk.concentration([40.0], dose)[0]
    assert c == pytest.approx(css, rel=1e-4)
    # 1 - e^{-kt}: half the plateau after one half-life
    assert pk.concentration([pk.half_life_h()], dose)[0] == pytest.approx(css / 2, rel=1e-9)


@pytest.mark.parametrize("route", list(ROUTES))
def test_trapezoid_auc_matches_f_dose_over_cl(route):
    dose = pk.Dose(0.5, route)
    t = fine_grid(60, 1200)
    auc = pk.auc_from_curve(t, pk.concentration(t, dose))
    f = ROUTES[route].bioavailability.value
    assert pk.auc_ng_h_per_ml(dose) == pytest.approx(f * 0.5 / CL * 1000)
    assert auc == pytest.approx(f * 0.5 / CL * 1000, rel=0.005)


#: The chapter presents the two-compartment model as its best for IV infusions and states this tolerance:
#: its peak for 0.5 mg/kg over 40 min must lie within 10% of the measured peak (about 185 ng/mL).
MEASURED_PEAK_TOLERANCE = 0.10


def test_one_compartment_peak_closed_form_and_gap_to_measurement():
    dose = pk.standard_infusion()
    assert (dose.amount_mg_per_kg, dose.route, dose.duration_h) == (0.5, "iv", pytest.approx(40 / 60))
    t = fine_grid(8)
    _, sampled = pk.peak(t, pk.concentration(t, dose))
    closed = pk.infusion_peak_ng_ml(dose)
    assert sampled == pytest.approx(closed, rel=1e-3)
    assert 115 <= closed <= 135
    # The one-compartment model runs about a third low; the chapter says so rather than calling it validated.
    assert 0.60 <= closed / ANTIDEPRESSANT_PEAK_NGML.value <= 0.75


def test_best_model_agrees_with_the_measured_peak_within_the_stated_tolerance():
    measured = ANTIDEPRESSANT_PEAK_NGML.value
    assert measured == 185.0 and ANTIDEPRESSANT_PEAK_NGML.source == "zanos2018"
    t = fine_grid(8)
    best = pk.peak(t, pk.concentration_two_compartment(t, pk.standard_infusion()))[1]
    assert abs(best / measured - 1) <= MEASURED_PEAK_TOLERANCE, f"two-compartment peak {best:.0f} vs {measured:.0f}"
    peaks = figures.infusion_peaks()
    assert peaks["two-compartment"] == pytest.approx(best, rel=2e-3) and peaks["measured"] == measured


def test_margin_to_anaesthesia_of_two_mg_per_kg_over_40_min_is_under_twofold_in_the_best_model():
    low = ANAESTHESIA_BAND_NGML.range[0]
    peak = figures.explorer_curve("iv", 2.0).max()
    assert 1 < low / peak < 2


def test_infusion_peak_of_a_bolus_is_dose_over_volume():
    assert pk.infusion_peak_ng_ml(pk.Dose(2.0, "iv")) == pytest.approx(2.0 / V * 1000)


def test_two_compartment_auc_equals_one_compartment_auc():
    dose = pk.standard_infusion()
    t = fine_grid(40, 600)
    auc2 = pk.auc_from_curve(t, pk.concentration_two_compartment(t, dose))
    assert auc2 == pytest.approx(pk.auc_ng_h_per_ml(dose), rel=0.02)
    auc1 = pk.auc_from_curve(t, pk.concentration(t, dose))
    assert auc2 == pytest.approx(auc1, rel=0.02)


def test_two_compartment_bolus_starts_at_dose_over_central_volume_and_is_biexponential():
    p = pk.two_compartment_constants()
    assert p.v1_l_per_kg < pk.volume_l_per_kg()
    t = np.array([0.0, 0.1, 6.0, 8.0])
    c = pk.concentration_two_compartment(t, pk.Dose(1.0, "iv"))
    assert c[0] == pytest.approx(1.0 / p.v1_l_per_kg * 1000, rel=1e-6)
    # terminal phase decays with the beta half-life (2.5 h)
    assert np.log(c[2] / c[3]) / 2.0 == pytest.approx(math.log(2) / 2.5, rel=0.01)


@pytest.mark.parametrize("route", ABSORBED_ROUTES)
def test_model_tmax_is_where_the_curve_peaks(route):
    t = fine_grid(6, 3000)
    tp, _ = pk.peak(t, pk.concentration(t, pk.Dose(1.0, route)))
    assert pk.model_tmax_h(route) == pytest.approx(tp, abs=1e-3)
    reported = ROUTES[route].tmax_min.value
    assert 60 * pk.model_tmax_h(route) == pytest.approx(reported, abs=6)  # within 6 min of the reported Tmax


def test_model_tmax_of_iv_is_zero():
    assert pk.model_tmax_h("iv") == 0.0


def test_time_above_and_auc_from_curve_by_hand():
    t = np.array([0.0, 1.0, 2.0, 3.0])
    c = np.array([0.0, 10.0, 10.0, 0.0])
    assert pk.auc_from_curve(t, c) == pytest.approx(20.0)
    assert pk.time_above(t, c, 5.0) == pytest.approx(2.0)
    assert pk.time_above(t, c, 10.0) == 0.0


def test_oral_equivalence_claim_in_the_model():
    iv = pk.auc_ng_h_per_ml(pk.standard_infusion())
    low, high = ORAL_EQUIVALENT_MG_PER_KG.range
    assert pk.auc_ng_h_per_ml(pk.Dose(high, "oral")) == pytest.approx(iv)
    assert pk.auc_ng_h_per_ml(pk.Dose(low, "oral")) == pytest.approx(0.8 * iv)


def test_induction_bolus_peak_is_just_below_the_measured_anaesthesia_band():
    # The chapter says the model runs low in the first minutes after a rapid bolus: check that it is low,
    # but not absurdly so (within a factor of two of the band measured after 1-2 mg/kg).
    t = np.linspace(0, 1, 3601)
    peak = pk.peak(t, pk.concentration_two_compartment(t, figures.induction_bolus()))[1]
    low = ANAESTHESIA_BAND_NGML.range[0]
    assert low / 2 <= peak < low


def test_course_has_no_accumulation():
    days = pk_data.COURSE_SCHEDULES["three_weekly"].session_days
    troughs = figures.course_troughs(days)
    assert len(troughs) == len(days) - 1
    assert max(troughs) < 1e-3
    doses = pk.course_doses(days)
    peaks = [pk.concentration([d.start_h + d.duration_h], doses)[0] for d in doses]
    np.testing.assert_allclose(peaks, pk.infusion_peak_ng_ml(doses[0]), rtol=1e-6)


def test_course_doses_builds_infusions():
    doses = pk.course_doses((0, 2, 4))
    assert [d.start_h for d in doses] == [0.0, 48.0, 96.0]
    assert all(d.route == "iv" and d.duration_h == pytest.approx(40 / 60) for d in doses)
    assert all(d.amount_mg_per_kg == 0.5 for d in doses)
    assert pk.course_doses([1.5], dose_mg_per_kg=1.0, infusion_min=60)[0] == pk.Dose(1.0, "iv", 36.0, 1.0)


# --- properties (hypothesis) -------------------------------------------------------
doses_st = st.builds(
    pk.Dose,
    amount_mg_per_kg=st.floats(0.01, 20),
    route=st.sampled_from(list(ROUTES)),
    start_h=st.floats(0, 48),
)
times_st = st.lists(st.floats(-10, 200), min_size=1, max_size=30)


@given(dose=doses_st, times=times_st, duration=st.floats(0, 12))
@settings(max_examples=150, deadline=None)
def test_concentration_is_never_negative(dose, times, duration):
    assert np.all(pk.concentration(times, dose) >= 0)
    infusion = pk.Dose(dose.amount_mg_per_kg, "iv", dose.start_h, duration)
    assert np.all(pk.concentration(times, infusion) >= 0)


@given(dose=doses_st, factor=st.floats(0.1, 10))
@settings(max_examples=100, deadline=None)
def test_auc_scales_linearly_with_dose(dose, factor):
    scaled = pk.Dose(dose.amount_mg_per_kg * factor, dose.route, dose.start_h)
    assert pk.auc_ng_h_per_ml(scaled) == pytest.approx(factor * pk.auc_ng_h_per_ml(dose), rel=1e-9)
    t = np.linspace(0, 10, 101) + dose.start_h
    np.testing.assert_allclose(pk.concentration(t, scaled), factor * pk.concentration(t, dose), rtol=1e-9, atol=1e-12)


@given(a=st.sampled_from(list(ROUTES)), b=st.sampled_from(list(ROUTES)), amount=st.floats(0.05, 5))
@settings(max_examples=60, deadline=None)
def test_auc_scales_with_bioavailability(a, b, amount):
    fa, fb = (ROUTES[r].bioavailability.value for r in (a, b))
    ratio = pk.auc_ng_h_per_ml(pk.Dose(amount, a)) / pk.auc_ng_h_per_ml(pk.Dose(amount, b))
    assert ratio == pytest.approx(fa / fb, rel=1e-9)


@given(d1=doses_st, d2=doses_st, times=times_st)
@settings(max_examples=100, deadline=None)
def test_superposition_two_doses_are_the_sum_of_singles(d1, d2, times):
    both = pk.concentration(times, [d1, d2])
    np.testing.assert_allclose(both, pk.concentration(times, d1) + pk.concentration(times, d2), rtol=1e-9, atol=1e-9)


@given(dose=doses_st)
@settings(max_examples=50, deadline=None)
def test_nothing_before_the_dose(dose):
    before = np.linspace(-5, dose.start_h, 20, endpoint=False)
    assert np.all(pk.concentration(before, dose) == 0)


# --- bad input ------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(amount_mg_per_kg=-0.5), ValueError, r"dose \(mg/kg\) must be a finite number > 0, got -0.5"),
        (dict(amount_mg_per_kg=0), ValueError, r"dose \(mg/kg\) must be a finite number > 0, got 0"),
        (dict(amount_mg_per_kg=float("nan")), ValueError, r"dose \(mg/kg\) must be a finite number > 0"),
        (dict(amount_mg_per_kg="0.5"), TypeError, r"dose \(mg/kg\) must be a number"),
        (dict(amount_mg_per_kg=0.5, route="topical"), ValueError, r"unknown route 'topical'; allowed: 'iv'"),
        (dict(amount_mg_per_kg=0.5, route="oral", duration_h=1.0), ValueError, "only intravenous doses can be infused"),
        (dict(amount_mg_per_kg=0.5, start_h=-1), ValueError, "start_h must be a finite number >= 0"),
        (dict(amount_mg_per_kg=0.5, duration_h=-1), ValueError, "duration_h must be a finite number >= 0"),
    ],
)
def test_bad_doses(kwargs, error, match):
    with pytest.raises(error, match=match):
        pk.Dose(**kwargs)


@pytest.mark.parametrize(
    "times, error, match",
    [
        ("0 1 2", TypeError, r"t_h \(hours\) must be a number or an array of numbers"),
        (None, TypeError, r"t_h \(hours\) must be a number or an array of numbers"),
        ([0, float("nan")], ValueError, r"t_h \(hours\) must be finite"),
        ([0, float("inf")], ValueError, r"t_h \(hours\) must be finite"),
        ([[0, "a"]], TypeError, r"t_h \(hours\) must be a number or an array"),
    ],
)
def test_bad_time_arrays(times, error, match):
    with pytest.raises(error, match=match):
        pk.concentration(times, pk.Dose(0.5))
    with pytest.raises(error, match=match):
        pk.concentration_two_compartment(times, pk.Dose(0.5))


def test_bad_dose_collections():
    with pytest.raises(ValueError, match="at least one Dose"):
        pk.concentration([0, 1], [])
    with pytest.raises(TypeError, match="doses must be Dose objects, got float"):
        pk.concentration([0, 1], [pk.Dose(0.5), 0.5])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="doses must be Dose objects, got dict"):
        pk.concentration([0, 1], [{"amount_mg_per_kg": 0.5}])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="dose must be a Dose, got float"):
        pk.auc_ng_h_per_ml(0.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="dose must be a Dose, got str"):
        pk.concentration_two_compartment([0, 1], "iv")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="dose must be a Dose, got int"):
        pk.infusion_peak_ng_ml(1)  # type: ignore[arg-type]


def test_route_restrictions():
    with pytest.raises(ValueError, match="supports route 'iv' only, got 'oral'"):
        pk.concentration_two_compartment([0, 1], pk.Dose(0.5, "oral"))
    with pytest.raises(ValueError, match="needs route 'iv', got 'sublingual'"):
        pk.infusion_peak_ng_ml(pk.Dose(0.5, "sublingual"))
    with pytest.raises(ValueError, match="unknown route 'skin'"):
        pk.model_tmax_h("skin")


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: pk.steady_state_ng_ml(0), ValueError, r"infusion rate \(mg/kg/h\) must be a finite number > 0"),
        (lambda: pk.steady_state_ng_ml(-1), ValueError, r"infusion rate \(mg/kg/h\) must be a finite number > 0"),
        (lambda: pk.steady_state_ng_ml("1"), TypeError, r"infusion rate \(mg/kg/h\) must be a number"),
        (lambda: pk.peak([0, 1, 2], [1, 2]), ValueError, "same shape"),
        (lambda: pk.peak([], []), ValueError, "non-empty"),
        (lambda: pk.auc_from_curve([0, 1], [1, 2, 3]), ValueError, "same length"),
        (lambda: pk.auc_from_curve([0], [1]), ValueError, "at least 2"),
        (lambda: pk.auc_from_curve([1, 0], [1, 2]), ValueError, "strictly increasing"),
        (lambda: pk.auc_from_curve([0, 1], [1, -2]), ValueError, r"concentration \(ng/mL\) must be >= 0, got -2"),
        (lambda: pk.time_above([0, 1], [1, 2], -5), ValueError, r"threshold \(ng/mL\) must be a finite number >= 0"),
        (lambda: pk.course_doses([]), ValueError, "non-empty 1-D sequence"),
        (lambda: pk.course_doses([0, 2, 1]), ValueError, r"strictly increasing, got \[0.0, 2.0, 1.0\]"),
        (lambda: pk.course_doses([-1, 2]), ValueError, "session_days must be >= 0, got -1"),
        (lambda: pk.course_doses([0, 0.01]), ValueError, "must not overlap"),
        (lambda: pk.course_doses([0, 2], dose_mg_per_kg=0), ValueError, r"dose \(mg/kg\) must be a finite number > 0"),
        (lambda: pk.course_doses([0, 2], infusion_min=0), ValueError, "infusion_min must be a finite number > 0"),
        (lambda: pk.course_doses("0 2"), TypeError, "session_days must be a number or an array"),
    ],
)
def test_bad_input_to_helpers(call, error, match):
    with pytest.raises(error, match=match):
        call()


# --- tables and data -----------------------------------------------------------------
def test_route_rows_come_from_parameters():
    rows = pk.route_rows()
    assert [r.route for r in rows] == list(ROUTES)
    for r in rows:
        assert r.bioavailability == ROUTES[r.route].bioavailability.value
        assert r.tmax_min == ROUTES[r.route].tmax_min.value
        assert r.source in BIB_KEYS


def test_routes_table_displays_in_every_format():
    table = pk_data.routes_table()
    assert len(table.rows) == len(ROUTES)
    html = table._repr_html_()
    assert html.count("<tr>") == len(ROUTES) + 1 and "<caption>" in html
    assert "Oral" in html and "20%" in html and "Chong 2006" in html
    md = table._repr_markdown_()
    assert md.count("\n| ") == len(ROUTES) + 1
    text = str(table)
    assert text.splitlines()[0] == table.title and "Sublingual" in text and repr(table) == text


def test_table_escapes_and_validates():
    t = Table("A <b> table", ("x", "y"), (("a|b", "<i>"),))
    assert "&lt;i&gt;" in t._repr_html_() and "a\\|b" in t._repr_markdown_()
    with pytest.raises(ValueError, match="row 0 has 1 cells; the table has 2 columns"):
        Table("t", ("x", "y"), (("a",),))
    with pytest.raises(TypeError, match="table cells must be strings, got 1"):
        Table("t", ("x",), ((1,),))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at least one column"):
        Table("t", (), ())


@pytest.mark.parametrize(
    "key, label",
    [("clements1982", "Clements 1982"), ("ketalar_label", "Ketalar label"), ("murrough2013bp", "Murrough 2013bp")],
)
def test_source_label(key, label):
    assert pk_data.source_label(key) == label


def test_source_label_rejects_non_keys():
    with pytest.raises(ValueError, match="a citation key is lower-case"):
        pk_data.source_label("Not A Key")


def test_every_data_row_cites_an_existing_bib_key():
    keys = pk_data.all_source_keys()
    assert keys and keys <= BIB_KEYS, keys - BIB_KEYS
    for r in pk_data.REGIMENS:
        assert r.sources and set(r.sources) <= BIB_KEYS


def test_regimen_and_esketamine_tables():
    reg = pk_data.regimens_table()
    assert len(reg.rows) == len(pk_data.REGIMENS)
    assert any("0.5 mg/kg over 40 min" in row[2] for row in reg.rows)
    esk = pk_data.esketamine_table()
    assert esk.rows[1] == ("Induction", "Weeks 1–4", "Twice weekly", "56 mg (2 devices) or 84 mg (3 devices)")
    assert "65 or over" in esk.note


def test_devices_for():
    assert pk_data.devices_for(84) == 3
    with pytest.raises(ValueError, match="positive multiple of 28 mg, got 30"):
        pk_data.devices_for(30)
    with pytest.raises(TypeError, match="integer number of mg"):
        pk_data.devices_for(56.0)  # type: ignore[arg-type]


def test_course_schedules():
    plans = pk_data.COURSE_SCHEDULES
    for key in ("three_weekly", "twice_weekly"):
        assert len(plans[key].session_days) == 6 and plans[key].source in BIB_KEYS
    assert plans["three_weekly"].session_days[-1] < 12  # six infusions within 12 days
    assert plans["twice_weekly"].session_days[-1] < 21  # within 3 weeks
    assert min(np.diff(plans["weeks_apart"].session_days)) >= 14 and plans["weeks_apart"].source is None


# --- figures and explorer --------------------------------------------------------------
FIGURES = [figures.infusion_figure, figures.routes_figure, figures.induction_figure, figures.course_figure]


@pytest.fixture(scope="module", params=FIGURES, ids=lambda f: f.__name__)
def output(request):
    return request.param()


def test_figures_are_illustrative_labelled_and_described(output):
    assert is_marked_illustrative(output.figure)
    assert "Illustrative" in output.caption or "illustrative" in output.caption
    assert len(output.alt.split()) >= 20
    for ax in output.figure.axes:
        if ax.axison:
            label = ax.get_xlabel() or ax.get_ylabel()
            assert label, output.name
            for text in (ax.get_xlabel(), ax.get_ylabel()):
                if text:
                    assert re.search(r"\(.+\)", text), f"{output.name}: axis label {text!r} has no unit"
    bundle = output._repr_mimebundle_()
    assert bundle["image/png"] and output.digest in bundle["text/plain"]


def test_infusion_figure_shows_model_against_measurement():
    out = figures.infusion_figure()
    assert "peaks at 125 ng/mL" in out.caption and "measured peak of about 185 ng/mL" in out.caption
    assert "100–250" in out.caption
    labels = out.figure.axes[0].get_legend_handles_labels()[1]
    assert any(label.startswith("Measured peak") for label in labels)


def test_course_figure_rejects_unknown_schedule():
    with pytest.raises(ValueError, match="unknown schedule 'monthly'"):
        figures.course_figure("monthly")


def test_explorer_frames_and_doses():
    explorer = route_dose_explorer()
    assert explorer.n_frames <= 30
    assert EXPLORER_DOSES_MG_PER_KG == (0.1, 0.2, 0.5, 1.0, 2.0)
    assert explorer.defaults() == {"route": "iv", "dose": 0.5}
    alt = explorer.alt(route="iv", dose=0.5)
    assert "173 ng/mL" in alt and "40 minutes" in alt
    fig = explorer.render({"route": "oral", "dose": 2.0})
    assert is_marked_illustrative(fig) and len(fig.axes) == 2
    assert fig.axes[1].get_ylabel() == "NMDA receptors\noccupied (%)"


def test_no_public_function_takes_a_body_weight():
    import inspect

    for module in (pk, pk_data, figures):
        for name, obj in vars(module).items():
            if callable(obj) and not name.startswith("_") and getattr(obj, "__module__", "") == module.__name__:
                params = inspect.signature(obj).parameters if not inspect.isclass(obj) else {}
                assert not any("weight" in p or "mass" in p or p == "kg" for p in params), f"{module.__name__}.{name}"


# --- exercise checks -----------------------------------------------------------------
def test_exercise_solutions_are_correct():
    t = fine_grid(8)
    peak = pk.peak(t, pk.concentration(t, pk.Dose(0.5, "iv", 0, 40 / 60)))[1]
    assert ex.task_1(peak).status == "correct"
    assert ex.task_1((peak, "ng/mL")).status == "correct"
    assert ex.task_2(0.45 / 0.20).status == "correct"
    assert ex.task_3("Absorption rate").status == "correct"
    assert ex.task_4(0.5 / CL * 1000).status == "correct"
    assert ex.task_5(100 * peak / ANTIDEPRESSANT_PEAK_NGML.value).status == "correct"
    assert ex.task_6("The two-compartment model keeps the drug in a smaller central volume.").status == "correct"


@pytest.mark.parametrize(
    "task, answer, message",
    [
        (ex.task_1, 0.1253, "value in mg/L"),
        (ex.task_1, 138.9, "peak of a bolus"),
        (ex.task_1, 173.3, "two-compartment model"),
        (ex.task_1, (125.3, "µM"), "Units: you gave µM"),
        (ex.task_1, 300, "too high"),
        (ex.task_2, 0.444, "oral divided by intranasal"),
        (ex.task_2, 2.70, "ratio of the peaks"),
        (ex.task_3, "bioavailability", "explains the AUC ratio"),
        (ex.task_3, "liver", "not one of the options"),
        (ex.task_4, 0.443, "value in mg/L"),
        (ex.task_4, 138.9, "volume of distribution"),
        (ex.task_5, 0.677, "looks like a fraction"),
        (ex.task_5, 93.7, "two-compartment model"),
    ],
)
def test_exercise_typical_mistakes_get_specific_feedback(task, answer, message):
    fb = task(answer)
    assert fb.status == "incorrect"
    assert message in fb.message
