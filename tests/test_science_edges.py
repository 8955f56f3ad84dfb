"""Edges of the science models: extreme but valid inputs give the right limit, the rest is refused.

Every call here runs with warnings turned into errors, so a numpy overflow or
invalid-value warning fails the test. Refusals must be ``ValueError`` (or
``TypeError`` for a wrong type) with a short message that names the value.
"""

from __future__ import annotations

import math
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketcourse.chapters.safety import monitoring as mon
from ketcourse.engine import validate
from ketcourse.science import effects as ef
from ketcourse.science import pk, plasticity, receptor, response, units
from ketcourse.science.parameters import AWAKENING_BAND_NGML

MAX_MESSAGE = 300
BIG = sys.float_info.max
EFFECT_MAX_NGML = AWAKENING_BAND_NGML.range[0]

#: Hypothesis settings for the property tests: enough examples to reach the edges, no deadline
#: (the first call of a model compiles nothing, but CI machines are slow).
EDGE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

nonneg = st.floats(min_value=0.0, max_value=BIG, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=5e-324, max_value=BIG, allow_nan=False, allow_infinity=False)
anyfloat = st.floats(allow_nan=False, allow_infinity=False)
unit_interval = st.floats(min_value=0.0, max_value=1.0)


def strict(call: Callable[[], Any]) -> Any:
    """Run ``call`` with every warning raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


def refused(call: Callable[[], Any], error: type[Exception] = ValueError) -> str:
    """Run ``call`` strictly; it must raise ``error`` with a short message, which is returned."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(error) as info:
            call()
    message = str(info.value)
    assert len(message) < MAX_MESSAGE, f"message of {len(message)} characters: {message[:200]}..."
    return message


def finite_or_refused(call: Callable[[], Any], low: float = -math.inf, high: float = math.inf) -> Any:
    """Either a finite result in [low, high] without warnings, or a short ValueError."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            out = call()
        except ValueError as err:
            assert len(str(err)) < MAX_MESSAGE
            return None
    values = np.asarray(out, dtype=float)
    assert np.all(np.isfinite(values)), out
    assert np.all(values >= low) and np.all(values <= high), out
    return out


# --- Hill-type functions: the limit, without warnings ---------------------------
@pytest.mark.parametrize("hill", [1.0, 3.0, 50.0])
@pytest.mark.parametrize("unit", ["ng/mL", "µM"])
def test_occupancy_saturates_at_one_for_huge_concentrations(hill, unit):
    # Before: (C/K)**3 overflowed to inf and inf/inf gave NaN with two RuntimeWarnings.
    assert float(strict(lambda: receptor.occupancy(1e300, unit, hill=hill))) == 1.0
    assert float(strict(lambda: receptor.occupancy(BIG, unit, hill=hill))) == 1.0


@pytest.mark.parametrize("hill", [1.0, 3.0, 50.0])
def test_occupancy_is_zero_for_tiny_concentrations(hill):
    assert float(strict(lambda: receptor.occupancy(5e-324, hill=hill))) == pytest.approx(0.0, abs=1e-300)
    assert float(strict(lambda: receptor.occupancy(0.0, hill=hill))) == 0.0


@EDGE
@given(conc=nonneg, hill=st.floats(min_value=1e-3, max_value=1e3), form=st.sampled_from(receptor.FORMS))
def test_occupancy_property(conc, hill, form):
    occ = float(strict(lambda: receptor.occupancy(conc, "µM", form=form, hill=hill)))
    assert 0.0 <= occ <= 1.0


@EDGE
@given(conc=nonneg, p=unit_interval, dt=st.floats(min_value=1e-300, max_value=1e300))
def test_use_dependent_block_property(conc, p, dt):
    block = strict(lambda: receptor.use_dependent_block([0.0, dt, 2 * dt], [p, p, p], conc, "µM"))
    assert np.all(np.isfinite(block)) and np.all((block >= 0) & (block <= 1))


def test_use_dependent_block_with_closed_channels_and_huge_concentration():
    # 0 · inf would be NaN: closed channels must leave the block where it is.
    block = strict(lambda: receptor.use_dependent_block([0.0, 1.0, 2.0], [1.0, 0.0, 0.0], BIG, "µM"))
    assert block.tolist() == [0.0, 1.0, 1.0]


@EDGE
@given(occ=st.floats(min_value=0.0, max_value=1.0, exclude_max=True), form=st.sampled_from(receptor.FORMS))
def test_concentration_for_occupancy_property(occ, form):
    conc = strict(lambda: receptor.concentration_for_occupancy(occ, "µM", form=form))
    assert math.isfinite(conc) and conc >= 0


@EDGE
@given(t=st.lists(anyfloat, min_size=1, max_size=5), period=positive, frac=st.floats(0.0, 1.0), p=unit_interval)
def test_open_fraction_bursts_property(t, period, frac, p):
    out = finite_or_refused(
        lambda: receptor.open_fraction_bursts(np.abs(t), period_s=period, burst_s=max(period * frac, 5e-324), p_open=p),
        0.0,
        1.0,
    )
    if out is not None:
        assert set(np.unique(out)) <= {0.0, p}


# --- Units ------------------------------------------------------------------------
@EDGE
@given(conc=nonneg)
def test_unit_conversions_property(conc):
    finite_or_refused(lambda: units.ngml_to_um(conc), 0.0)
    finite_or_refused(lambda: units.um_to_ngml(conc), 0.0)
    assert float(strict(lambda: units.to_um(conc, "µM"))) == conc
    assert float(strict(lambda: units.to_ngml(conc, "ng/mL"))) == conc
    finite_or_refused(lambda: units.to_ngml(conc, "uM"), 0.0)
    finite_or_refused(lambda: units.to_um(conc, "ug/L"), 0.0)


@pytest.mark.parametrize(
    "call",
    [
        receptor.dissociation_constants,
        pk.volume_l_per_kg,
        pk.clearance_l_per_h_per_kg,
        pk.elimination_rate_per_h,
        pk.half_life_h,
        pk.two_compartment_constants,
        pk.max_two_compartment_step_h,
        lambda: pk.infusion_peak_ng_ml(pk.standard_infusion()),
        lambda: [pk.model_tmax_h(r) for r in pk.ROUTES],
        lambda: [row.tmax_min for row in pk.route_rows()] + [row.model_tmax_min for row in pk.route_rows()],
        lambda: list(ef.calibration_summary().values()),
    ],
)
def test_functions_without_inputs_give_finite_positive_values(call):
    out = strict(call)
    values = list(out.values()) if isinstance(out, dict) else out
    if isinstance(values, pk.TwoCompartment):
        values = [values.v1_l_per_kg, values.k10, values.k12, values.k21]
    arr = np.asarray(values, dtype=float)
    assert np.all(arr[np.isfinite(arr)] >= 0) and np.all(np.isfinite(arr) | (arr == math.inf))


def test_unit_conversion_overflow_is_refused():
    message = refused(lambda: units.um_to_ngml(1e307))
    assert "1e+307" in message


# --- Two-compartment grid: step, size and time span ------------------------------
def test_two_compartment_refuses_a_step_coarser_than_the_infusion():
    # Before: step_h=10 spread the 40-min infusion over 10 h; peak 25 ng/mL at 6 h instead of 172 at 0.67 h.
    t = np.linspace(0, 6, 601)
    message = refused(lambda: pk.concentration_two_compartment(t, pk.standard_infusion(), step_h=10))
    assert "step_h" in message and "got 10" in message and f"{pk.max_two_compartment_step_h():.3g}" in message


def test_two_compartment_refuses_a_step_coarser_than_the_fast_phase_for_a_bolus():
    message = refused(lambda: pk.concentration_two_compartment([0, 1, 2], pk.Dose(0.5), step_h=0.5))
    assert "step_h" in message and "got 0.5" in message and f"{pk.max_two_compartment_step_h():.3g}" in message


def test_two_compartment_default_step_is_accurate():
    t = np.linspace(0, 6, 601)
    t_peak, c_peak = pk.peak(t, pk.concentration_two_compartment(t, pk.standard_infusion()))
    assert t_peak == pytest.approx(2 / 3, abs=0.01) and c_peak == pytest.approx(172, abs=2)


def test_two_compartment_coarsest_allowed_step_is_close_to_the_fine_answer():
    t = np.linspace(0, 6, 601)
    fine = pk.concentration_two_compartment(t, pk.standard_infusion())
    coarse = pk.concentration_two_compartment(t, pk.standard_infusion(), step_h=pk.max_two_compartment_step_h())
    assert np.max(np.abs(coarse - fine)) < 0.02 * np.max(fine)


def test_two_compartment_refuses_a_huge_grid_before_allocating():
    # Before: step_h=1e-9 over 6 h tried to allocate 89 GiB.
    start = time.perf_counter()
    message = refused(lambda: pk.concentration_two_compartment([0, 6], pk.standard_infusion(), step_h=1e-9))
    assert time.perf_counter() - start < 1.0
    assert "2,000,000" in message and "1e-09" in message


@pytest.mark.parametrize("t_end", [1e5, 1e300, BIG])
def test_two_compartment_refuses_very_long_times_quickly(t_end):
    # Before: times up to 1e5 h ran a Python loop over 6e7 steps for minutes.
    start = time.perf_counter()
    message = refused(lambda: pk.concentration_two_compartment([0, t_end], pk.standard_infusion()))
    assert time.perf_counter() - start < 1.0
    assert "2,000,000" in message


def test_two_compartment_refuses_a_tiny_step_without_overflow():
    refused(lambda: pk.concentration_two_compartment([0, 1], pk.Dose(0.5), step_h=5e-324))


@pytest.mark.parametrize("step_min", [1e-6, 5e-324])
def test_infusion_effects_refuses_a_huge_grid_quickly(step_min):
    # Before: step_min=1e-6 built a 2.4e8-point grid and ran for minutes.
    start = time.perf_counter()
    message = refused(lambda: ef.infusion_effects(step_min=step_min))
    assert time.perf_counter() - start < 1.0
    assert "2,000,000" in message


def test_infusion_effects_refuses_a_very_long_course_quickly():
    start = time.perf_counter()
    refused(lambda: ef.infusion_effects(t_end_h=1e5, step_min=600))
    assert time.perf_counter() - start < 1.0


# --- Scale maxima: the effect links' concentration domain ------------------------
@pytest.mark.parametrize("link", [ef.dissociation_cadss, ef.systolic_rise_mmhg])
def test_effect_links_refuse_concentrations_beyond_their_domain(link):
    # Before: dissociation_cadss(1e6) gave 81,994 CADSS points; systolic_rise_mmhg(1e6) a rise of 269,981 mmHg.
    message = refused(lambda: link(1e6))
    assert "1e+06" in message and f"{EFFECT_MAX_NGML:g}" in message
    message = refused(lambda: link([100.0] * 10**6 + [1100.0]))
    assert "1100" in message and "index 1000000" in message


@pytest.mark.parametrize("link", [ef.dissociation_cadss, ef.systolic_rise_mmhg])
def test_effect_links_accept_their_whole_domain(link):
    top = float(strict(lambda: link(EFFECT_MAX_NGML)))
    assert math.isfinite(top) and top > 0
    assert float(strict(lambda: link(0.0))) == 0.0


def test_infusion_effects_names_the_dose_when_the_effect_site_leaves_the_domain():
    message = refused(lambda: ef.infusion_effects(5.0, 20.0))
    assert "5 mg/kg" in message and "20 min" in message and f"{EFFECT_MAX_NGML:g}" in message


def test_explorer_doses_stay_inside_the_effect_domain():
    course = ef.infusion_effects(1.0, 20.0)
    assert course.effect_site_ng_ml.max() < EFFECT_MAX_NGML


@EDGE
@given(ce=st.floats(min_value=0.0, max_value=EFFECT_MAX_NGML))
def test_effect_links_property_inside_domain(ce):
    assert 0.0 <= float(strict(lambda: ef.dissociation_cadss(ce))) < 40
    assert 0.0 <= float(strict(lambda: ef.systolic_rise_mmhg(ce))) < 120


@EDGE
@given(ce=st.floats(min_value=EFFECT_MAX_NGML, max_value=BIG, exclude_min=True))
def test_effect_links_property_outside_domain(ce):
    refused(lambda: ef.dissociation_cadss(ce))
    refused(lambda: ef.systolic_rise_mmhg(ce))


@EDGE
@given(ce=nonneg, slope=positive, threshold=nonneg)
def test_linear_effect_property(ce, slope, threshold):
    finite_or_refused(lambda: ef.linear_effect(ce, slope, threshold), 0.0)


# --- Physiologically impossible readings -----------------------------------------
@pytest.mark.parametrize("systolic, diastolic", [(80, 140), (120, 120), (0, 0)])
def test_predose_bp_refuses_diastolic_at_or_above_systolic(systolic, diastolic):
    # Before: predose_bp_above_limit(80, 140) returned True without complaint.
    message = refused(lambda: mon.predose_bp_above_limit(systolic, diastolic))
    assert f"{diastolic:g}" in message and f"{systolic:g}" in message


@EDGE
@given(systolic=st.floats(1.0, 400.0), gap=st.floats(0.01, 1.0))
def test_predose_bp_property(systolic, gap):
    assert isinstance(strict(lambda: mon.predose_bp_above_limit(systolic, systolic * (1 - gap))), bool)


# --- Bounded messages ---------------------------------------------------------------
def test_a_million_numbers_with_one_nan_give_a_short_message():
    # Before: the message repeated the whole list (about 5 million characters).
    values = [1.0] * 10**6
    values[123_456] = float("nan")
    message = refused(lambda: pk.concentration(values, pk.standard_infusion()))
    assert "index 123456" in message and "nan" in message and "1 of 1000000" in message


def test_a_million_numbers_with_one_negative_give_a_short_message():
    values = [1.0] * 10**6
    values[999_999] = -2.0
    message = refused(lambda: units.ngml_to_um(values))
    assert "index 999999" in message and "-2" in message


def test_a_huge_non_numeric_list_gives_a_short_message():
    refused(lambda: pk.concentration(["x"] * 10**5, pk.standard_infusion()), TypeError)
    refused(lambda: ef.peak_of(list(range(10**5)), [[1, 2]] * 10**5), ValueError)


def test_a_huge_string_gives_a_short_message():
    refused(lambda: units.canonical_unit("m" * 10**6))
    refused(lambda: receptor.occupancy(1.0, form="x" * 10**6))


def test_an_array_for_a_scalar_gives_a_short_message():
    refused(lambda: pk.steady_state_ng_ml(np.ones(10**6)), TypeError)


def test_non_increasing_session_days_give_a_short_message():
    days = list(range(10**5))
    days[50_000] = 0
    message = refused(lambda: pk.course_doses(days))
    assert "index 50000" in message


@pytest.mark.parametrize(
    "value", [np.array([1 + 2j]), np.array([True, False]), np.array(["1.5"]), ["1.5", 2.0], np.array([1], "M8[s]")]
)
def test_arrays_of_the_wrong_kind_are_refused(value):
    refused(lambda: units.ngml_to_um(value), TypeError)


# --- Wrong types get a clear message --------------------------------------------------
@pytest.mark.parametrize("doses", [None, 0.5, "iv", {"amount_mg_per_kg": 0.5}])
def test_concentration_names_the_doses_argument(doses):
    # Before: pk.concentration(t, None) said "'NoneType' object is not iterable".
    message = refused(lambda: pk.concentration([0, 1], doses), TypeError)
    assert message.startswith("doses must be a Dose or a list of Dose objects") and type(doses).__name__ in message


def test_concentration_names_the_bad_item_of_a_long_list():
    doses: list[Any] = [pk.Dose(0.5)] * 10**5 + [None]
    message = refused(lambda: pk.concentration([0, 1], doses), TypeError)
    assert "doses[100000]" in message and "NoneType" in message


def test_concentration_accepts_any_iterable_of_doses():
    gen = (pk.Dose(0.5, start_h=h) for h in (0.0, 1.0))
    np.testing.assert_array_equal(
        pk.concentration([0, 2], gen), pk.concentration([0, 2], [pk.Dose(0.5), pk.Dose(0.5, start_h=1.0)])
    )


# --- Properties of every other public model function ------------------------------
doses = st.builds(
    pk.Dose,
    amount_mg_per_kg=positive,
    route=st.sampled_from(sorted(pk.ROUTES)),
    start_h=st.floats(0.0, 1e6),
)
iv_doses = st.builds(
    pk.Dose,
    amount_mg_per_kg=st.floats(1e-300, 1e300),
    route=st.just("iv"),
    start_h=st.floats(0.0, 10.0),
    duration_h=st.one_of(st.just(0.0), st.floats(1e-3, 10.0)),
)


@EDGE
@given(t=st.lists(anyfloat, min_size=1, max_size=6), dose=doses)
def test_one_compartment_property(t, dose):
    finite_or_refused(lambda: pk.concentration(t, dose), 0.0)
    finite_or_refused(lambda: pk.auc_ng_h_per_ml(dose), 0.0)


@EDGE
@given(t=st.lists(st.floats(-10.0, 20.0), min_size=1, max_size=6), dose=iv_doses)
def test_two_compartment_property(t, dose):
    out = finite_or_refused(lambda: pk.concentration_two_compartment(t, dose), 0.0)
    assert out is not None or dose.amount_mg_per_kg > 1e290
    finite_or_refused(lambda: pk.infusion_peak_ng_ml(dose), 0.0)


@EDGE
@given(duration_h=st.floats(5e-324, 1e300), amount=positive)
def test_infusion_peak_property(duration_h, amount):
    finite_or_refused(lambda: pk.infusion_peak_ng_ml(pk.Dose(amount, "iv", 0.0, duration_h)), 0.0)


@EDGE
@given(rate=positive)
def test_steady_state_property(rate):
    finite_or_refused(lambda: pk.steady_state_ng_ml(rate), 0.0)


@EDGE
@given(t=st.lists(anyfloat, min_size=2, max_size=6, unique=True), c=st.lists(nonneg, min_size=6, max_size=6))
def test_curve_summaries_property(t, c):
    ts = sorted(t)
    cs = c[: len(ts)]
    finite_or_refused(lambda: pk.peak(ts, cs))
    finite_or_refused(lambda: pk.auc_from_curve(ts, cs), 0.0)
    finite_or_refused(lambda: pk.time_above(ts, cs, cs[0]), 0.0)
    finite_or_refused(lambda: ef.peak_of(ts, cs))
    finite_or_refused(lambda: ef.time_above_h(ts, cs, cs[0]), 0.0)
    finite_or_refused(lambda: ef.effect_site_concentration(ts, cs), 0.0)
    if max(cs) > 0:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                off = ef.offset_time_h(ts, cs, 0.5)
            except ValueError as err:
                assert len(str(err)) < MAX_MESSAGE
            else:
                assert off == math.inf or ts[0] <= off <= ts[-1]


@EDGE
@given(days=st.lists(st.floats(0.0, 1e300), min_size=1, max_size=5, unique=True), dose=positive, minutes=positive)
def test_course_doses_property(days, dose, minutes):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            out = pk.course_doses(sorted(days), dose, minutes)
        except ValueError as err:
            assert len(str(err)) < MAX_MESSAGE
        else:
            assert all(math.isfinite(d.start_h) and math.isfinite(d.duration_h) for d in out)


@EDGE
@given(ke0=positive, ce0=nonneg, hold=st.sampled_from(ef.HOLDS))
def test_effect_site_property(ke0, ce0, hold):
    cp = [0.0, 100.0, 50.0]
    out = finite_or_refused(
        lambda: ef.effect_site_concentration([0.0, 1.0, 2.0], cp, ke0, hold=hold, ce0_ng_ml=ce0), 0.0
    )
    if out is not None:
        assert np.all(out <= max(100.0, ce0) * (1 + 1e-12))


@EDGE
@given(
    dose=st.floats(1e-300, 0.5),
    minutes=st.floats(1.0, 1e4),
    t_end=st.floats(0.05, 24.0),
    step=st.floats(0.05, 60.0),
    model=st.sampled_from(ef.PK_MODELS),
)
def test_infusion_effects_property(dose, minutes, t_end, step, model):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            c = ef.infusion_effects(dose, minutes, t_end_h=t_end, step_min=step, pk_model=model)
        except ValueError as err:
            assert len(str(err)) < MAX_MESSAGE
            return
    for arr in (c.plasma_ng_ml, c.effect_site_ng_ml, c.cadss, c.systolic_rise_mmhg):
        assert np.all(np.isfinite(arr)) and np.all(arr >= 0)


@settings(max_examples=15, deadline=None)
@given(dose=st.floats(0.5, 1.0), minutes=st.sampled_from([20.0, 40.0, 60.0, 100.0]))
def test_calibration_summary_property(dose, minutes):
    summary = strict(lambda: ef.calibration_summary(ef.infusion_effects(dose, minutes)))
    assert 0 < summary["cadss_peak"] < 40 and 0 < summary["systolic_peak_mmhg"] < 120
    assert 0 <= summary["peak_min"] <= 240


@EDGE
@given(t=st.lists(nonneg, min_size=1, max_size=6), treatment=st.sampled_from(sorted(response.TREATMENTS)))
def test_response_curves_property(t, treatment):
    finite_or_refused(lambda: response.response(t, treatment), 0.0, 1.0)
    finite_or_refused(lambda: response.response_at(t[0], treatment), 0.0, 1.0)


@EDGE
@given(t=nonneg, median=st.one_of(st.none(), positive))
def test_still_responding_property(t, median):
    finite_or_refused(lambda: response.still_responding(t, median), 0.0, 1.0)


@EDGE
@given(f=st.floats(5e-324, 1.0), median=st.one_of(st.none(), positive))
def test_days_until_fraction_remaining_property(f, median):
    finite_or_refused(lambda: response.days_until_fraction_remaining(f, median), 0.0)


def test_days_until_the_smallest_fraction_is_finite():
    days = strict(lambda: response.days_until_fraction_remaining(5e-324))
    assert math.isfinite(days) and days > 18 * 1000


@EDGE
@given(
    t=st.lists(nonneg, min_size=1, max_size=5),
    onset=nonneg,
    tau=positive,
    rise=positive,
    fade=positive,
    loss=st.floats(0.0, 100.0),
    condition=st.sampled_from(sorted(plasticity.CONDITIONS)),
)
def test_plasticity_property(t, onset, tau, rise, fade, loss, condition):
    finite_or_refused(lambda: plasticity.restoration_fraction(t, onset_h=onset, tau_h=tau), 0.0, 1.0)
    finite_or_refused(
        lambda: plasticity.spine_density(t, condition, onset_h=onset, tau_h=tau, loss_pct=loss), 0.0, 100.0
    )
    finite_or_refused(lambda: plasticity.early_behavioural_effect(t, rise_h=rise, fade_h=fade), 0.0, 1.0)
    finite_or_refused(
        lambda: plasticity.behavioural_rescue(t, condition, onset_h=onset, tau_h=tau, rise_h=rise, fade_h=fade),
        0.0,
        100.0,
    )
    assert isinstance(strict(lambda: plasticity.consistent_with_observations(onset, tau_h=tau)), bool)


# --- Out-of-domain values: ValueError, short, naming the value --------------------
@pytest.mark.parametrize(
    "call, shown",
    [
        (lambda: receptor.occupancy(-1.0), "-1"),
        (lambda: receptor.occupancy(1.0, hill=-2.0), "-2"),
        (lambda: receptor.concentration_for_occupancy(1.5), "1.5"),
        (lambda: receptor.open_fraction_bursts([0.0], period_s=1.0, burst_s=2.0), "2"),
        (lambda: pk.Dose(-3.0), "-3"),
        (lambda: pk.concentration_two_compartment([0, 1], pk.Dose(0.5), step_h=0.25), "0.25"),
        (lambda: pk.steady_state_ng_ml(-4.0), "-4"),
        (lambda: ef.dissociation_cadss(1500.0), "1500"),
        (lambda: ef.infusion_effects(step_min=1e-7), "1e-07"),
        (lambda: ef.offset_time_h([0, 1], [1, 2], 50), "50"),
        (lambda: response.still_responding(-7.0), "-7"),
        (lambda: response.days_until_fraction_remaining(2.0), "2"),
        (lambda: plasticity.spine_density(1.0, loss_pct=150.0), "150"),
        (lambda: mon.predose_bp_above_limit(80, 140), "140"),
    ],
)
def test_out_of_domain_values_are_named(call, shown):
    assert shown in refused(call)


@EDGE
@given(bad=st.one_of(st.floats(max_value=-5e-324), st.just(math.nan), st.just(math.inf), st.just(-math.inf)))
def test_bad_values_are_refused_everywhere(bad):
    calls = [
        lambda: receptor.occupancy(bad),
        lambda: units.ngml_to_um([0.0, bad]),
        lambda: pk.concentration([bad], pk.Dose(0.5)) if not (bad < 0) else (_ for _ in ()).throw(ValueError("ok")),
        lambda: pk.Dose(bad),
        lambda: ef.linear_effect(bad, 1.0, 0.0),
        lambda: response.still_responding(bad),
        lambda: plasticity.restoration_fraction(bad),
    ]
    for call in calls:
        refused(call)


def test_message_helper_is_bounded():
    text = validate.short_repr("x" * 10**6)
    assert len(text) < 100 and text.endswith("...")


@pytest.mark.parametrize("duration_h", [0.05, 1 / 1200, 1e-7])
def test_two_compartment_integrates_an_infusion_ending_inside_a_step_exactly(duration_h):
    # An infusion that ends part-way through a step (or fits inside one) is integrated exactly over it,
    # so a coarse allowed step agrees with a very fine one at the grid points.
    dose = pk.Dose(0.5, "iv", 0.0, duration_h)
    step = pk.max_two_compartment_step_h()
    t = np.arange(0, 200) * step
    coarse = strict(lambda: pk.concentration_two_compartment(t, dose, step_h=step))
    fine = strict(lambda: pk.concentration_two_compartment(t, dose, step_h=step / 64))
    np.testing.assert_allclose(coarse[2:], fine[2:], rtol=1e-6)
