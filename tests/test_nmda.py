import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ketcourse.science import receptor as ph
from ketcourse.science.parameters import MOLECULAR_WEIGHT, NMDA_K_UM, S_OVER_R_AFFINITY


def test_occupancy_at_k_is_half():
    assert float(ph.occupancy(NMDA_K_UM.value, "µM")) == pytest.approx(0.5)
    assert float(ph.occupancy(NMDA_K_UM.value * MOLECULAR_WEIGHT.value, "ng/mL")) == pytest.approx(0.5)


def test_occupancy_zero_and_hand_values():
    assert float(ph.occupancy(0.0)) == 0.0
    # 1.5 µM with K = 0.5: 1.5 / 2.0 = 0.75
    assert float(ph.occupancy(1.5, "uM")) == pytest.approx(0.75)


def test_facts_sheet_ranges():
    # Facts sheet 8A: 70-200 ng/mL -> ~37-63%; 8-13 µM -> over 90%.
    assert float(ph.occupancy(70)) == pytest.approx(0.37, abs=0.01)
    assert float(ph.occupancy(200)) == pytest.approx(0.63, abs=0.01)
    assert float(ph.occupancy(8, "µM")) > 0.9


def test_enantiomer_constants_reproduce_racemate_and_ratio():
    k = ph.dissociation_constants()
    assert k["R"] / k["S"] == pytest.approx(S_OVER_R_AFFINITY.value)
    # A 50:50 mixture at total C occupies like K_racemic: 1/K = 0.5/K_S + 0.5/K_R
    assert 1 / k["racemic"] == pytest.approx(0.5 / k["S"] + 0.5 / k["R"])
    c = 0.4
    assert ph.occupancy(c, "µM", form="S") > ph.occupancy(c, "µM", form="racemic") > ph.occupancy(c, "µM", form="R")


def test_inverse_round_trip():
    for occ in (0.1, 0.5, 0.9):
        c = ph.concentration_for_occupancy(occ, "ng/mL")
        assert float(ph.occupancy(c, "ng/mL")) == pytest.approx(occ)
    assert ph.concentration_for_occupancy(0.5, "µM") == pytest.approx(NMDA_K_UM.value)


@given(
    st.lists(st.floats(min_value=0, max_value=1e5, allow_nan=False), min_size=2, max_size=30), st.sampled_from(ph.FORMS)
)
def test_occupancy_monotone_and_bounded(concs, form):
    c = np.sort(np.asarray(concs))
    occ = ph.occupancy(c, "ng/mL", form=form)
    assert np.all((occ >= 0) & (occ <= 1))
    assert np.all(np.diff(occ) >= -1e-15)


@given(
    st.floats(min_value=0.01, max_value=50),
    st.floats(min_value=0.5, max_value=10),
    st.floats(min_value=0.05, max_value=1.0),
    st.floats(min_value=0.1, max_value=1.0),
)
@settings(max_examples=60, deadline=None)
def test_block_never_exceeds_occupancy_bound(conc_um, period, burst_frac, p_open):
    t = np.linspace(0, 20, 801)
    p = ph.open_fraction_bursts(t, period_s=period, burst_s=burst_frac * period, p_open=p_open)
    block = ph.use_dependent_block(t, p, conc_um, "µM")
    bound = float(ph.occupancy(conc_um, "µM"))
    assert np.all(block >= 0)
    assert np.all(block <= bound + 1e-12)
    assert np.all(np.diff(block) >= -1e-12)


def test_block_accrues_only_while_open():
    t = np.linspace(0, 9, 901)
    p = ph.open_fraction_bursts(t, period_s=3, burst_s=0.5, start_s=1)
    block = ph.use_dependent_block(t, p, 1.0, "µM")
    closed_steps = p[:-1] == 0
    assert np.allclose(np.diff(block)[closed_steps], 0.0)
    assert np.diff(block)[~closed_steps].min() > 0
    silent = ph.use_dependent_block(t, np.zeros_like(t), 1.0, "µM")
    assert np.all(silent == 0)


def test_block_approaches_equilibrium_when_always_open():
    t = np.linspace(0, 30, 301)
    block = ph.use_dependent_block(t, np.ones_like(t), 1.0, "µM")
    assert block[-1] == pytest.approx(float(ph.occupancy(1.0, "µM")), rel=1e-6)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: ph.occupancy(-5), ">= 0"),
        (lambda: ph.occupancy(5, "mg"), "unknown concentration unit"),
        (lambda: ph.occupancy(5, form="L"), "unknown form 'L'"),
        (lambda: ph.occupancy(5, hill=0), "hill must be"),
        (lambda: ph.concentration_for_occupancy(1.0), "below 1"),
        (lambda: ph.concentration_for_occupancy(-0.1), ">= 0"),
        (lambda: ph.concentration_for_occupancy(1.5), "between 0 and 1"),
        (lambda: ph.open_fraction_bursts([0, 1], period_s=1, burst_s=2), "must not exceed period_s"),
        (lambda: ph.open_fraction_bursts([0, 1], period_s=0, burst_s=0.1), "period_s must be"),
        (lambda: ph.open_fraction_bursts([0, 1], period_s=1, burst_s=0.1, p_open=2), "p_open must be between"),
        (lambda: ph.use_dependent_block([0, 1], [0.5], 1.0), "same shape"),
        (lambda: ph.use_dependent_block([1, 0], [0.5, 0.5], 1.0), "strictly increasing"),
        (lambda: ph.use_dependent_block([0], [0.5], 1.0), "at least 2 times"),
        (lambda: ph.use_dependent_block([0, 1], [0.5, 1.5], 1.0), r"open_frac must lie in \[0, 1\]"),
        (lambda: ph.use_dependent_block([0, 1], [0.5, 0.5], -1.0), ">= 0"),
        (lambda: ph.use_dependent_block([0, 1], [0.5, 0.5], 1.0, k_on_per_um_s=0), "k_on_per_um_s"),
    ],
)
def test_bad_input_is_named(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
