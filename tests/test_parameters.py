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
    "pharmacokinetics/data/interactions.yaml": lambda: pk_data.INTERACTIONS,
}

#: Data files without citations (exercise reflections: rubric and model answer), loaded through their checks.
UNCITED_FILES = {
    "history/data/reflections.yaml",
    "nmda/data/reflections.yaml",
    "neuroplasticity/data/reflections.yaml",
    "pharmacokinetics/data/reflections.yaml",
}


def test_every_data_file_of_chapters_01_to_04_is_listed():
    present = {str(f.relative_to(CHAPTERS)) for name in OWN_CHAPTERS for f in (CHAPTERS / name).glob("data/*.yaml")}
    assert present == set(DATA_FILES) | UNCITED_FILES, "a data file is not covered (add it to DATA_FILES)"


@pytest.mark.parametrize("name", sorted(UNCITED_FILES))
def test_reflection_files_load_with_a_3_to_5_point_rubric(name):
    from ketcourse.chapters.reflections import load_reflections

    reflections = load_reflections(CHAPTERS / name.split("/")[0] / "checks.py")
    assert reflections
    for r in reflections.values():
        assert 3 <= len(r.rubric) <= 5 and r.model_answer


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


# --- one source for each number: prose, banks and data agree with the parameters -------
import json  # noqa: E402
import re  # noqa: E402

from ketcourse.science.units import ngml_to_um  # noqa: E402
from support_bib import bib_field  # noqa: E402

NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb")) + sorted((ROOT / "exercises").glob("*.ipynb"))
OWN_NOTEBOOKS = [
    ROOT / d / f"{n}.ipynb"
    for d in ("chapters", "exercises")
    for n in ("01_history", "02_nmda", "03_neuroplasticity", "04_pharmacokinetics")
]


def _notebook_text(path: Path) -> str:
    """Every markdown and code source and every text/plain or text/html output of a notebook."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    parts: list[str] = []
    for cell in nb["cells"]:
        parts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            for mime in ("text/plain", "text/html", "text/markdown"):
                if mime in data:
                    parts.append("".join(data[mime]))
            if "text" in out:
                parts.append("".join(out["text"]))
    return "\n".join(parts)


def course_texts() -> dict[str, str]:
    """Reader-facing text of the whole course: notebooks, quiz banks, chapter data files and the glossary."""
    texts = {str(p.relative_to(ROOT)): _notebook_text(p) for p in NOTEBOOKS}
    for f in sorted(CHAPTERS.glob("*/quiz.yaml")) + sorted(CHAPTERS.glob("*/data/*.yaml")):
        texts[str(f.relative_to(ROOT))] = f.read_text(encoding="utf-8")
    texts["chapters/glossary.md"] = (ROOT / "chapters" / "glossary.md").read_text(encoding="utf-8")
    return texts


_NUM = r"(\d[\d,]*(?:\.\d+)?)"
RANGE_NGML = re.compile(_NUM + r"\s*(?:–|-|to)\s*" + _NUM + r"\s*ng/mL")
RANGE_UM = re.compile(_NUM + r"\s*(?:–|-|to)\s*" + _NUM + r"\s*(?:µM|μM|uM)")


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _anaesthesia_mentions(text: str, pattern: re.Pattern[str]) -> list[tuple[float, float, str]]:
    """Ranges whose preceding words (same sentence, up to 100 characters) speak of anaesthesia."""
    found = []
    for m in pattern.finditer(text):
        before = text[max(0, m.start() - 100) : m.start()]
        before = re.split(r"[.;:\n]\s", before)[-1].lower()
        if ("anaesthe" in before or "anesthe" in before) and "analges" not in before:
            found.append((_num(m.group(1)), _num(m.group(2)), text[max(0, m.start() - 60) : m.end()]))
    return found


def test_one_anaesthesia_band_across_notebooks_banks_and_data():
    band = p.ANAESTHESIA_BAND_NGML.range
    band_um = tuple(float(round(float(ngml_to_um(v)))) for v in band)
    wrong = []
    for name, text in course_texts().items():
        for lo, hi, where in _anaesthesia_mentions(text, RANGE_NGML):
            if (lo, hi) != band:
                wrong.append(f"{name}: {where!r}")
        for lo, hi, where in _anaesthesia_mentions(text, RANGE_UM):
            if (lo, hi) != band_um:
                wrong.append(f"{name}: {where!r}")
        for bad in ("2,000–3,000", "2000–3000", "awakening band"):
            if bad in text:
                wrong.append(f"{name}: contains {bad!r}")
    assert not wrong, "anaesthesia stated differently from ANAESTHESIA_BAND_NGML:\n" + "\n".join(wrong)


def test_fava_trial_year_is_the_bib_year_everywhere():
    year = bib_field("fava2018", "year")
    assert year == "2020" and pk_data.DOSE_RANGING.year == int(year)
    wrong = []
    for name, text in course_texts().items():
        for m in re.finditer(r"Fava(?: et al\.?)?,?\s*\(?((?:19|20)\d\d)", text):
            if m.group(1) != year:
                wrong.append(f"{name}: {text[max(0, m.start() - 30) : m.end()]!r}")
    assert not wrong, f"Fava cited with a year other than {year}:\n" + "\n".join(wrong)


def test_concentration_ranges_in_chapters_01_to_04_come_from_the_parameters():
    """Every ng/mL range a reader sees in chapters 01-04 is one of the course's parameter ranges."""
    allowed = {par.range for par in p.all_parameters().values() if par.unit == "ng/mL" and par.low is not None}
    wrong = []
    for path in OWN_NOTEBOOKS:
        text = _notebook_text(path)
        for m in RANGE_NGML.finditer(text):
            if re.search(r"(scale|axis) from\s*$", text[max(0, m.start() - 20) : m.start()]):
                continue  # a description of a figure's axis, not a quantity
            pair = (_num(m.group(1)), _num(m.group(2)))
            if pair not in allowed:
                wrong.append(f"{path.name}: {m.group(0)!r}")
    assert not wrong, "ranges not defined in parameters.yaml:\n" + "\n".join(sorted(set(wrong)))


def test_measured_antidepressant_peak_is_stated_from_the_parameter():
    peak = f"{p.ANTIDEPRESSANT_PEAK_NGML.value:.0f} ng/mL"
    for name in ("02_nmda", "04_pharmacokinetics"):
        text = _notebook_text(ROOT / "chapters" / f"{name}.ipynb")
        assert peak in text, name
        assert "70–200 ng/mL" not in text, name
