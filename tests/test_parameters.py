"""The literature parameters (science/parameters.yaml) and the data files of chapters 01-04: schema and citations."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketcourse.chapters.history import content as history
from ketcourse.chapters.neuroplasticity import content as plasticity_data
from ketcourse.chapters.pharmacokinetics import content as pk_data
from ketcourse.engine.data import DataFileError
from ketcourse.science import parameters as p
from support_bib import bib_keys, cited_keys_in

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "src" / "ketcourse" / "chapters"
OWN_CHAPTERS = ("history", "nmda", "neuroplasticity", "pharmacokinetics")

#: Each data file of chapters 01-04 and the loaded object that holds its rows.
DATA_FILES = {
    "history/data/events.yaml": lambda: history.EVENTS,
    "history/data/statuses.yaml": lambda: {"sources": history.OFF_LABEL_SOURCES, "rows": history.STATUSES},
    "neuroplasticity/data/findings.yaml": lambda: plasticity_data.FINDINGS,
    "neuroplasticity/data/debates.yaml": lambda: plasticity_data.DEBATES,
    "pharmacokinetics/data/regimens.yaml": lambda: pk_data.REGIMENS,
    "pharmacokinetics/data/esketamine.yaml": lambda: {"source": pk_data.ESKETAMINE_SOURCE},
    "pharmacokinetics/data/schedules.yaml": lambda: list(pk_data.COURSE_SCHEDULES.values()),
    "pharmacokinetics/data/dose_ranging.yaml": lambda: {"source": pk_data.FAVA2018_SOURCE},
}


def test_every_data_file_of_chapters_01_to_04_is_listed():
    present = {str(f.relative_to(CHAPTERS)) for name in OWN_CHAPTERS for f in (CHAPTERS / name).glob("data/*.yaml")}
    assert present == set(DATA_FILES), "a data file is not covered by the citation test (add it to DATA_FILES)"


@pytest.mark.parametrize("name", sorted(DATA_FILES))
def test_data_file_rows_cite_existing_bib_keys(name):
    cited = cited_keys_in(DATA_FILES[name]())
    assert cited, f"{name} cites nothing"
    missing = cited - bib_keys()
    assert not missing, f"{name} cites keys absent from references.bib: {sorted(missing)}"


def test_every_parameter_and_route_cites_a_bib_entry():
    cited = cited_keys_in(list(p.all_parameters().values())) | cited_keys_in(list(p.ROUTES.values()))
    missing = cited - bib_keys()
    assert not missing, f"parameters cite keys absent from references.bib: {sorted(missing)}"


def test_every_yaml_parameter_is_a_module_constant_and_back():
    named = {n for n, v in vars(p).items() if isinstance(v, p.Parameter)}
    assert named == set(p.all_parameters())


@pytest.mark.parametrize("name, par", sorted(p.all_parameters().items()))
def test_parameters_have_units_and_consistent_ranges(name, par):
    assert par.unit, name
    if par.low is not None and par.high is not None:
        assert par.low <= par.high, name


def test_routes_have_plausible_values():
    for name, route in p.ROUTES.items():
        assert 0 < route.bioavailability.value <= 1, name
        assert (route.ka_per_h is None) == (name == "iv"), name


def test_molecular_weight():
    assert p.MOLECULAR_WEIGHT.value == 237.7


# --- a broken data file is reported with file, id and field -----------------------
GOOD = """parameters:
  - id: A_VALUE
    value: 1.0
    unit: "1"
    source: roth2013
routes:
  - id: iv
    name: Intravenous
    ka_per_h: null
    bioavailability: {value: 1.0, unit: "1", source: roth2013}
    tmax_min: {value: 2.0, unit: min, source: roth2013}
"""


def test_good_parameters_file_loads(tmp_path):
    f = tmp_path / "parameters.yaml"
    f.write_text(GOOD, encoding="utf-8")
    params, routes = p.load_parameters(f)
    assert params["A_VALUE"].value == 1.0 and routes["iv"].ka_per_h is None


@pytest.mark.parametrize(
    "old, new, expected",
    [
        (
            'unit: "1"\n    source: roth2013\nroutes',
            'unit: ""\n    source: roth2013\nroutes',
            "item 'A_VALUE': field 'unit'",
        ),
        ("value: 1.0\n    unit", 'value: "one"\n    unit', "item 'A_VALUE': field 'value'"),
        ("source: roth2013\nroutes", "source: roth2013\n    low: 3.0\n    high: 1.0\nroutes", "must not exceed high"),
        ("bioavailability: {value: 1.0", "bioavailability: {value: 1.5", "item 'iv'"),
        ("source: roth2013\nroutes", "source: roth2013\n    colour: red\nroutes", "field 'colour'"),
    ],
)
def test_bad_parameters_file_names_file_item_and_field(tmp_path, old, new, expected):
    f = tmp_path / "parameters.yaml"
    assert old in GOOD
    f.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        p.load_parameters(f)
    assert str(f) in str(err.value) and expected in str(err.value)


def test_bad_chapter_row_names_file_item_and_field(tmp_path):
    from ketcourse.engine.data import load_model

    text = (CHAPTERS / "history" / "data" / "events.yaml").read_text(encoding="utf-8")
    f = tmp_path / "events.yaml"
    f.write_text(text.replace("theme: origins", "theme: war", 1), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"events.yaml: events item 'synthesis'.*unknown theme 'war'"):
        load_model(f, history.EventsFile)
