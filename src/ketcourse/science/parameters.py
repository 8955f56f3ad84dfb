"""Literature values used by the course models, each with its unit, source and where in the source it stands.

The values live in ``parameters.yaml`` beside this module, one entry per value, checked against a pydantic
schema when the module is imported (:func:`ketcourse.engine.data.load_model` reports every problem with the
file, the entry id and the field). Each value's ``source`` is a key in ``references.bib`` and ``where`` says
where in that source the number stands. Models import the values from this module; they never hard-code a
literature value.

Where the literature gives a range, the range is stored (``low``/``high``) together with the single value the
illustrative models use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from pydantic import Field, model_validator

from ketcourse.engine.data import DataFileError, Record, load_model

#: The data file the parameters are loaded from.
PARAMETERS_FILE = Path(str(resources.files("ketcourse.science").joinpath("parameters.yaml")))


@dataclass(frozen=True)
class Parameter:
    """One literature value.

    Attributes
    ----------
    value : float
        The value the course models use.
    unit : str
        Its unit (``"1"`` for dimensionless).
    source : str
        Citation key in ``references.bib``.
    note : str
        What the value means and any caveat (may be shown to readers).
    low, high : float or None
        The reported range, when the literature gives one.
    where : str
        Where in the source the number stands (table, figure, section or abstract sentence).
    """

    value: float
    unit: str
    source: str
    note: str = ""
    low: float | None = None
    high: float | None = None
    where: str = ""

    def __float__(self) -> float:
        return float(self.value)

    @property
    def range(self) -> tuple[float, float]:
        """The reported ``(low, high)`` range; raises if the literature gave a single value."""
        if self.low is None or self.high is None:
            raise ValueError(f"parameter from {self.source!r} has no reported range")
        return (self.low, self.high)


@dataclass(frozen=True)
class Route:
    """Absorption characteristics of one route of administration.

    Attributes
    ----------
    name : str
        Display name.
    bioavailability : Parameter
        Fraction of the dose reaching the circulation (dimensionless, 0–1].
    tmax_min : Parameter
        Typical time to peak plasma concentration, minutes.
    ka_per_h : float or None
        First-order absorption rate constant (1/h) used by the illustrative
        model, derived from ``tmax_min``; ``None`` for intravenous dosing.
    """

    name: str
    bioavailability: Parameter
    tmax_min: Parameter
    ka_per_h: float | None


# --- Schema of parameters.yaml ------------------------------------------------
class ParameterRecord(Record):
    """One value in ``parameters.yaml``."""

    value: float
    unit: str = Field(min_length=1)
    source: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    note: str = ""
    low: float | None = None
    high: float | None = None
    where: str = ""

    @model_validator(mode="after")
    def _range(self) -> ParameterRecord:
        if (self.low is None) != (self.high is None):
            raise ValueError("give both low and high, or neither")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not exceed high ({self.high:g})")
        return self

    def to_parameter(self) -> Parameter:
        return Parameter(self.value, self.unit, self.source, self.note, self.low, self.high, self.where)


class NamedParameter(ParameterRecord):
    """A named entry of the ``parameters`` list."""

    id: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")


class RouteRecord(Record):
    """One entry of the ``routes`` list."""

    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    name: str = Field(min_length=1)
    ka_per_h: float | None = Field(default=None, gt=0)
    bioavailability: ParameterRecord
    tmax_min: ParameterRecord

    @model_validator(mode="after")
    def _fraction(self) -> RouteRecord:
        if not 0 < self.bioavailability.value <= 1:
            raise ValueError(f"bioavailability must be in (0, 1], got {self.bioavailability.value:g}")
        return self


class ParametersFile(Record):
    """The whole of ``parameters.yaml``."""

    parameters: list[NamedParameter]
    routes: list[RouteRecord]

    @model_validator(mode="after")
    def _unique(self) -> ParametersFile:
        for kind, ids in (("parameter", [p.id for p in self.parameters]), ("route", [r.id for r in self.routes])):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate {kind} ids: {', '.join(dupes)}")
        return self


def load_parameters(path: str | Path = PARAMETERS_FILE) -> tuple[dict[str, Parameter], dict[str, Route]]:
    """Load and check a parameters file; return its parameters and routes by id.

    Raises :class:`~ketcourse.engine.data.DataFileError` naming the file, entry id and field of every problem.
    """
    data = load_model(path, ParametersFile)
    params = {p.id: p.to_parameter() for p in data.parameters}
    routes = {
        r.id: Route(r.name, r.bioavailability.to_parameter(), r.tmax_min.to_parameter(), r.ka_per_h)
        for r in data.routes
    }
    return params, routes


_PARAMETERS, _ROUTES = load_parameters()

ROUTES: Mapping[str, Route] = MappingProxyType(_ROUTES)


def all_parameters() -> dict[str, Parameter]:
    """Return every :class:`Parameter` by name, in the order of ``parameters.yaml``."""
    return dict(_PARAMETERS)


def _p(name: str) -> Parameter:
    """The parameter called ``name``; a missing entry is reported as a problem of the data file."""
    try:
        return _PARAMETERS[name]
    except KeyError:
        raise DataFileError(PARAMETERS_FILE, [f"parameter {name!r} is used by the course but missing"]) from None


# --- Named values (one line each; the data live in parameters.yaml) ------------
MOLECULAR_WEIGHT: Parameter = _p("MOLECULAR_WEIGHT")
NMDA_K_UM: Parameter = _p("NMDA_K_UM")
NMDA_HILL: Parameter = _p("NMDA_HILL")
NMDA_SELECTIVITY_KI_UM: Parameter = _p("NMDA_SELECTIVITY_KI_UM")
S_KETAMINE_KI_UM: Parameter = _p("S_KETAMINE_KI_UM")
R_KETAMINE_KI_UM: Parameter = _p("R_KETAMINE_KI_UM")
S_OVER_R_AFFINITY: Parameter = _p("S_OVER_R_AFFINITY")
S_NORKETAMINE_KI_UM: Parameter = _p("S_NORKETAMINE_KI_UM")
R_NORKETAMINE_KI_UM: Parameter = _p("R_NORKETAMINE_KI_UM")
HNK_NMDA_IC50_UM: Parameter = _p("HNK_NMDA_IC50_UM")
ANTIDEPRESSANT_PEAK_NGML: Parameter = _p("ANTIDEPRESSANT_PEAK_NGML")
DISSOCIATION_BAND_NGML: Parameter = _p("DISSOCIATION_BAND_NGML")
ANALGESIA_BAND_NGML: Parameter = _p("ANALGESIA_BAND_NGML")
ANAESTHESIA_BAND_NGML: Parameter = _p("ANAESTHESIA_BAND_NGML")
BOWDLE_TARGET_NGML: Parameter = _p("BOWDLE_TARGET_NGML")
REFERENCE_WEIGHT_KG: Parameter = _p("REFERENCE_WEIGHT_KG")
VOLUME_L_PER_70KG: Parameter = _p("VOLUME_L_PER_70KG")
CLEARANCE_L_PER_H_PER_70KG: Parameter = _p("CLEARANCE_L_PER_H_PER_70KG")
HALF_LIFE_ALPHA_MIN: Parameter = _p("HALF_LIFE_ALPHA_MIN")
HALF_LIFE_BETA_H: Parameter = _p("HALF_LIFE_BETA_H")
ESKETAMINE_HALF_LIFE_H: Parameter = _p("ESKETAMINE_HALF_LIFE_H")
ANTIDEPRESSANT_DOSE_MG_PER_KG: Parameter = _p("ANTIDEPRESSANT_DOSE_MG_PER_KG")
ANTIDEPRESSANT_INFUSION_MIN: Parameter = _p("ANTIDEPRESSANT_INFUSION_MIN")
ANAESTHETIC_INDUCTION_MG_PER_KG: Parameter = _p("ANAESTHETIC_INDUCTION_MG_PER_KG")
CADSS_MEAN: Parameter = _p("CADSS_MEAN")
SYSTOLIC_RISE_MMHG: Parameter = _p("SYSTOLIC_RISE_MMHG")
MEDIAN_RELAPSE_AFTER_COURSE_D: Parameter = _p("MEDIAN_RELAPSE_AFTER_COURSE_D")
COURSE_RESPONSE_RATE: Parameter = _p("COURSE_RESPONSE_RATE")
EFFECT_KE0_PER_H: Parameter = _p("EFFECT_KE0_PER_H")
EFFECT_THRESHOLD_NGML: Parameter = _p("EFFECT_THRESHOLD_NGML")
CADSS_POINTS_PER_NGML: Parameter = _p("CADSS_POINTS_PER_NGML")
SYSTOLIC_MMHG_PER_NGML: Parameter = _p("SYSTOLIC_MMHG_PER_NGML")
AWAKENING_BAND_NGML: Parameter = _p("AWAKENING_BAND_NGML")
REMS_OBSERVATION_H: Parameter = _p("REMS_OBSERVATION_H")
BP_RECHECK_MIN: Parameter = _p("BP_RECHECK_MIN")
BP_PREDOSE_SYSTOLIC_MMHG: Parameter = _p("BP_PREDOSE_SYSTOLIC_MMHG")
BP_PREDOSE_DIASTOLIC_MMHG: Parameter = _p("BP_PREDOSE_DIASTOLIC_MMHG")
KETAMINE_POTENCY_VS_PCP: Parameter = _p("KETAMINE_POTENCY_VS_PCP")
SPINE_FORMATION_UNCHANGED_H: Parameter = _p("SPINE_FORMATION_UNCHANGED_H")
SPINE_FORMATION_INCREASED_H: Parameter = _p("SPINE_FORMATION_INCREASED_H")
REPEATED_DOSE_SPINES_UNCHANGED_H: Parameter = _p("REPEATED_DOSE_SPINES_UNCHANGED_H")
REPEATED_DOSE_SPINES_INCREASED_H: Parameter = _p("REPEATED_DOSE_SPINES_INCREASED_H")
KETAMINE_ONSET_H: Parameter = _p("KETAMINE_ONSET_H")
KETAMINE_PEAK_H: Parameter = _p("KETAMINE_PEAK_H")
SINGLE_INFUSION_DURATION_D: Parameter = _p("SINGLE_INFUSION_DURATION_D")
SINGLE_INFUSION_RESPONSE_DAY1: Parameter = _p("SINGLE_INFUSION_RESPONSE_DAY1")
MIDAZOLAM_RESPONSE: Parameter = _p("MIDAZOLAM_RESPONSE")
COURSE_LENGTH_D: Parameter = _p("COURSE_LENGTH_D")
SSRI_WEEK1_FRACTION: Parameter = _p("SSRI_WEEK1_FRACTION")
SSRI_PLATEAU_WEEKS: Parameter = _p("SSRI_PLATEAU_WEEKS")
INDUCTION_ANAESTHESIA_MIN: Parameter = _p("INDUCTION_ANAESTHESIA_MIN")
ORAL_EQUIVALENT_MG_PER_KG: Parameter = _p("ORAL_EQUIVALENT_MG_PER_KG")
