import re
from pathlib import Path

import pytest

from ketcourse.science import parameters as p

ROOT = Path(__file__).resolve().parents[1]


def bib_keys() -> set[str]:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.MULTILINE))


def test_every_parameter_cites_a_bib_entry():
    keys = bib_keys()
    missing = {name: par.source for name, par in p.all_parameters().items() if par.source not in keys}
    assert not missing, f"parameters cite keys absent from references.bib: {missing}"


def test_every_route_parameter_cites_a_bib_entry():
    keys = bib_keys()
    for name, route in p.ROUTES.items():
        for par in (route.bioavailability, route.tmax_min):
            assert par.source in keys, f"route {name} cites unknown key {par.source}"


@pytest.mark.parametrize("name, par", sorted(p.all_parameters().items()))
def test_parameters_have_units_and_consistent_ranges(name, par):
    assert par.unit, name
    if par.low is not None and par.high is not None:
        assert par.low <= par.high, name


def test_routes_have_plausible_values():
    for name, route in p.ROUTES.items():
        assert 0 < route.bioavailability.value <= 1, name
        assert (route.ka_per_h is None) == (name == "iv"), name


def test_molecular_weight_matches_facts_sheet():
    assert p.MOLECULAR_WEIGHT.value == 237.7
