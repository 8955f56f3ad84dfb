import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketcourse.science import units
from ketcourse.science.parameters import MOLECULAR_WEIGHT


def test_one_micromolar_is_molecular_weight_in_ngml():
    assert float(units.um_to_ngml(1.0)) == pytest.approx(237.7)
    assert float(units.ngml_to_um(237.7)) == pytest.approx(1.0)


def test_hand_computed_conversion():
    # 70 ng/mL / 237.7 g/mol = 0.2945 µM
    assert float(units.to_um(70, "ng/mL")) == pytest.approx(0.29449, rel=1e-4)
    assert float(units.to_ngml(5, "uM")) == pytest.approx(1188.5)


@pytest.mark.parametrize("spelling", ["uM", "µM", "μM", "umol/L"])
def test_micromolar_spellings(spelling):
    assert units.canonical_unit(spelling) == "µM"


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_round_trip(x):
    back = units.um_to_ngml(units.ngml_to_um(x))
    assert float(back) == pytest.approx(x, rel=1e-12, abs=1e-12)


def test_arrays_convert_elementwise():
    out = units.to_um(np.array([0.0, MOLECULAR_WEIGHT.value]), "ng/mL")
    np.testing.assert_allclose(out, [0.0, 1.0])


@pytest.mark.parametrize("bad_unit", ["mg/L", "nM", "", "ng"])
def test_unknown_unit_is_named(bad_unit):
    with pytest.raises(ValueError, match="unknown concentration unit") as err:
        units.to_um(1.0, bad_unit)
    assert repr(bad_unit) in str(err.value)
    assert "ng/mL" in str(err.value)


def test_unit_must_be_text():
    with pytest.raises(TypeError, match="unit must be a string"):
        units.canonical_unit(5)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [-1.0, [1.0, -0.5]])
def test_negative_concentration_rejected(bad):
    with pytest.raises(ValueError, match=">= 0"):
        units.ngml_to_um(bad)


@pytest.mark.parametrize("bad", ["10", None, True, float("nan"), float("inf")])
def test_non_numbers_rejected(bad):
    with pytest.raises((TypeError, ValueError), match="concentration"):
        units.um_to_ngml(bad)
