"""Literature values used by the course models, each with its unit and citation key.

Every number a model or figure uses is defined here once, as a :class:`Parameter`
whose ``source`` is a key in ``references.bib``. Models import from this module;
they never hard-code a literature value.

Values come from the project's vetted facts sheet. Where the literature gives a
range, the range is stored (``low``/``high``) together with the single value the
illustrative models use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


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
        What the value means and any caveat.
    low, high : float or None
        The reported range, when the literature gives one.
    """

    value: float
    unit: str
    source: str
    note: str = ""
    low: float | None = None
    high: float | None = None

    def __float__(self) -> float:
        return float(self.value)

    @property
    def range(self) -> tuple[float, float]:
        """The reported ``(low, high)`` range; raises if the literature gave a single value."""
        if self.low is None or self.high is None:
            raise ValueError(f"parameter from {self.source!r} has no reported range")
        return (self.low, self.high)


# --- Chemistry ---------------------------------------------------------------
MOLECULAR_WEIGHT = Parameter(237.7, "g/mol", "roth2013", "Ketamine free base; 1 µM ≈ 238 ng/mL.")

# --- NMDA receptor pharmacology ---------------------------------------------
NMDA_K_UM = Parameter(
    0.5,
    "µM",
    "roth2013",
    "Half-occupancy concentration used by the illustrative Hill model; reported Ki 0.25–0.66 µM, IC50 ≈ 0.35 µM.",
    low=0.25,
    high=0.66,
)
NMDA_HILL = Parameter(
    1.0, "1", "roth2013", "Hill coefficient: a modelling choice (one binding site), not a measured value."
)
NMDA_SELECTIVITY_KI_UM = Parameter(10.0, "µM", "roth2013", "In a 56-site screen every other target had Ki above this.")
S_OVER_R_AFFINITY = Parameter(
    2.5,
    "1",
    "domino2010",
    "S-ketamine binds the NMDA receptor 2–3 times more tightly than R-ketamine.",
    low=2.0,
    high=3.0,
)
S_OVER_R_ANAESTHETIC_POTENCY = Parameter(
    3.5, "1", "domino2010", "S-ketamine is about 3–4 times as potent an anaesthetic.", low=3.0, high=4.0
)
NORKETAMINE_POTENCY_RATIO = Parameter(
    1 / 3, "1", "ketalar_label", "Norketamine is about one third as potent as ketamine."
)
HNK_NMDA_IC50_UM = Parameter(46.0, "µM", "abbott2020", "(2R,6R)-HNK blocks NMDA receptors only weakly.")

# --- Plasma concentration bands (total plasma ketamine) ---------------------
ANTIDEPRESSANT_PEAK_NGML = Parameter(
    135.0, "ng/mL", "bowdle1998", "Peak after 0.5 mg/kg IV over 40 min.", low=70.0, high=200.0
)
ANAESTHETIC_RANGE_UM = Parameter(
    7.5, "µM", "anaesthetic_levels2025", "Plasma level during anaesthesia.", low=5.0, high=10.0
)
DISSOCIATION_BAND_NGML = Parameter(125.0, "ng/mL", "bowdle1998", "Perceptual changes begin.", low=50.0, high=200.0)
ANALGESIA_BAND_NGML = Parameter(150.0, "ng/mL", "bowdle1998", "Analgesia.", low=100.0, high=200.0)
ANAESTHESIA_BAND_NGML = Parameter(2500.0, "ng/mL", "bowdle1998", "Surgical anaesthesia.", low=2000.0, high=3000.0)
AWAKENING_BAND_NGML = Parameter(
    750.0, "ng/mL", "bowdle1998", "Patient awakens from anaesthesia.", low=500.0, high=1000.0
)

# --- Pharmacokinetics (racemic ketamine, 70 kg reference adult) -------------
REFERENCE_WEIGHT_KG = Parameter(
    70.0, "kg", "kamp2020", "Body weight to which the meta-analytic volume and clearance are scaled."
)
VOLUME_L_PER_70KG = Parameter(252.0, "L", "kamp2020", "Volume of distribution (about 3.6 L/kg).")
CLEARANCE_L_PER_H_PER_70KG = Parameter(
    79.0, "L/h", "kamp2020", "Clearance (about 19 mL/min/kg, close to hepatic blood flow)."
)
HALF_LIFE_ALPHA_MIN = Parameter(
    12.0, "min", "ketalar_label", "Distribution half-life (10–15 min).", low=10.0, high=15.0
)
HALF_LIFE_BETA_H = Parameter(2.5, "h", "ketalar_label", "Elimination half-life.")
ESKETAMINE_HALF_LIFE_H = Parameter(
    9.5, "h", "spravato_label", "Terminal half-life of esketamine (7–12 h).", low=7.0, high=12.0
)


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


ROUTES: Mapping[str, Route] = MappingProxyType(
    {
        "iv": Route(
            "Intravenous",
            Parameter(1.0, "1", "ketalar_label", "By definition."),
            Parameter(2.0, "min", "ketalar_label", "1–3 min after a bolus; end of an infusion.", low=1.0, high=3.0),
            None,
        ),
        "im": Route(
            "Intramuscular",
            Parameter(0.93, "1", "clements1982", "About 93%."),
            Parameter(15.0, "min", "clements1982", "5–15 min.", low=5.0, high=15.0),
            16.0,
        ),
        "intranasal": Route(
            "Intranasal (racemic)",
            Parameter(
                0.45,
                "1",
                "yanagihara2003",
                "About 45–50%, but only 11–17% in one adult study; highly variable.",
                low=0.11,
                high=0.50,
            ),
            Parameter(20.0, "min", "yanagihara2003", "About 14–23 min.", low=14.0, high=23.0),
            8.0,
        ),
        "intranasal_esketamine": Route(
            "Intranasal esketamine",
            Parameter(0.48, "1", "spravato_label", "48%."),
            Parameter(30.0, "min", "spravato_label", "20–40 min.", low=20.0, high=40.0),
            6.0,
        ),
        "sublingual": Route(
            "Sublingual",
            Parameter(0.30, "1", "rolan2014", "29–32%.", low=0.29, high=0.32),
            Parameter(45.0, "min", "rolan2014", "About 0.75 h."),
            3.6,
        ),
        "rectal": Route(
            "Rectal",
            Parameter(0.25, "1", "yanagihara2003", "25–30%.", low=0.25, high=0.30),
            Parameter(45.0, "min", "yanagihara2003", "About 40 min."),
            3.6,
        ),
        "oral": Route(
            "Oral",
            Parameter(
                0.20, "1", "chong2006", "17–25%; norketamine exceeds ketamine after oral dosing.", low=0.17, high=0.25
            ),
            Parameter(60.0, "min", "chong2006", "0.5–1 h.", low=30.0, high=60.0),
            2.3,
        ),
    }
)

# --- Dosing regimens reported in the literature (weight-normalised) ---------
ANTIDEPRESSANT_DOSE_MG_PER_KG = Parameter(0.5, "mg/kg", "fava2018", "Standard antidepressant infusion dose.")
ANTIDEPRESSANT_INFUSION_MIN = Parameter(40.0, "min", "fava2018", "Infusion duration.")
ANAESTHETIC_INDUCTION_MG_PER_KG = Parameter(
    2.0, "mg/kg", "ketalar_label", "IV induction; label range 1–4.5 mg/kg over 60 s.", low=1.0, high=4.5
)

# --- Acute effects after 0.5 mg/kg IV over 40 min ---------------------------
CADSS_MEAN = Parameter(7.7, "points", "cadss2018", "Mean CADSS total after IV ketamine (SD 9.2, n=110).")
SYSTOLIC_RISE_MMHG = Parameter(
    25.0, "mmHg", "szarmach2020", "Systolic rise during a 0.5 mg/kg infusion (+20–30 mmHg).", low=20.0, high=30.0
)

# --- Antidepressant response over time ---------------------------------------
MEDIAN_RELAPSE_AFTER_COURSE_D = Parameter(18.0, "days", "murrough2013bp", "Median time to relapse after six infusions.")
COURSE_RESPONSE_RATE = Parameter(0.708, "1", "murrough2013bp", "Response after a six-infusion course.")


def all_parameters() -> dict[str, Parameter]:
    """Return every :class:`Parameter` defined in this module by name."""
    return {name: value for name, value in globals().items() if isinstance(value, Parameter)}


# --- Safety chapter: illustrative effect-compartment calibration ------------
# These are calibration choices for teaching plots, not measured values. Each
# cites the published observation it was tuned to reproduce.
EFFECT_KE0_PER_H = Parameter(
    14.0,
    "1/h",
    "diazgranados2010",
    "Illustrative calibration choice: plasma to effect-site equilibration rate (half-time ln2/ke0 ≈ 3 min), "
    "fast enough that dissociation peaks at the end of a 40-min 0.5 mg/kg infusion.",
)
EFFECT_THRESHOLD_NGML = Parameter(
    70.0,
    "ng/mL",
    "diazgranados2010",
    "Illustrative calibration choice: effect-site level above which the linear effect links rise; placed inside "
    "the 50–200 ng/mL band where effects begin (Bowdle 1998) so that dissociation is gone by about 2 h.",
)
CADSS_POINTS_PER_NGML = Parameter(
    0.082,
    "CADSS points per ng/mL",
    "cadss2018",
    "Illustrative calibration choice: slope of the linear dissociation link, set so the standard infusion "
    "peaks near the mean CADSS total of 7.7 (SD 9.2).",
)
SYSTOLIC_MMHG_PER_NGML = Parameter(
    0.27,
    "mmHg per ng/mL",
    "szarmach2020",
    "Illustrative calibration choice: slope of the linear blood-pressure link, set so the standard infusion "
    "raises systolic pressure by about 25 mmHg at peak (small studies; weak evidence).",
)

# --- Esketamine monitoring (label and REMS) -----------------------------------
REMS_OBSERVATION_H = Parameter(
    2.0, "h", "fda_rems", "Minimum observation after each esketamine dose, then until clinically stable."
)
BP_RECHECK_MIN = Parameter(40.0, "min", "spravato_label", "Blood pressure is rechecked about 40 min after dosing.")
BP_PREDOSE_SYSTOLIC_MMHG = Parameter(
    140.0, "mmHg", "spravato_label", "Consider delaying a dose if systolic pressure is above this before dosing."
)
BP_PREDOSE_DIASTOLIC_MMHG = Parameter(
    90.0, "mmHg", "spravato_label", "Consider delaying a dose if diastolic pressure is above this before dosing."
)

# --- History: ketamine and phencyclidine -------------------------------------
KETAMINE_POTENCY_VS_PCP = Parameter(
    0.1, "1", "aacn2018", "Ketamine is about one tenth as potent as phencyclidine (PCP), and shorter-acting."
)

# --- Dendritic spines after ketamine (rodent cortex) -------------------------
# ``value`` is the middle of the reported window; ``low``/``high`` are its ends.
SPINE_FORMATION_UNCHANGED_H = Parameter(
    4.5,
    "h",
    "modasava2019",
    "Single dose, stressed mice, prefrontal cortex: spine formation not yet changed 3–6 h after dosing.",
    low=3.0,
    high=6.0,
)
SPINE_FORMATION_INCREASED_H = Parameter(
    18.0,
    "h",
    "modasava2019",
    "Single dose, stressed mice, prefrontal cortex: spine formation increased 12–24 h after dosing "
    "(verified partly through a later paper's summary).",
    low=12.0,
    high=24.0,
)
REPEATED_DOSE_SPINES_UNCHANGED_H = Parameter(
    15.0,
    "h",
    "pryazhnikov2018",
    "Repeated low doses, mouse somatosensory cortex: spine formation not raised 6–24 h after the first dose.",
    low=6.0,
    high=24.0,
)
REPEATED_DOSE_SPINES_INCREASED_H = Parameter(
    102.0,
    "h",
    "pryazhnikov2018",
    "Repeated low doses, mouse somatosensory cortex: spine formation raised 72–132 h after the first dose.",
    low=72.0,
    high=132.0,
)

# --- Antidepressant response over time: illustrative shape (Evidence chapter) --
KETAMINE_ONSET_H = Parameter(
    2.0, "h", "zarate2006", "Antidepressant effect first seen within about 110 min (~2 h) of a single infusion."
)
KETAMINE_PEAK_H = Parameter(
    24.0, "h", "zarate2006", "Response is highest around day 1 (24 h), the usual primary time point."
)
SINGLE_INFUSION_DURATION_D = Parameter(
    7.0, "days", "murrough2013bp", "After one infusion the benefit is lost within days to about a week."
)
SINGLE_INFUSION_RESPONSE_DAY1 = Parameter(
    0.71, "1", "zarate2006", "71% of the 17 patients given ketamine responded at day 1; 35% still did at 1 week."
)
MIDAZOLAM_RESPONSE = Parameter(
    0.18, "1", "wilkinson2019", "Response on midazolam (active placebo) in a patient-level analysis of 9 trials."
)
COURSE_LENGTH_D = Parameter(12.0, "days", "murrough2013bp", "Six infusions, three a week, over 12 days.")
SSRI_WEEK1_FRACTION = Parameter(
    1 / 3, "1", "taylor2006", "About a third of an SSRI's 6-week benefit is already present at week 1."
)
SSRI_PLATEAU_WEEKS = Parameter(
    4.0,
    "weeks",
    "taylor2006",
    "SSRI benefit plateaus at 4–6 weeks; the illustrative model reaches its plateau at the lower end.",
    low=4.0,
    high=6.0,
)
INDUCTION_ANAESTHESIA_MIN = Parameter(
    7.5, "min", "ketalar_label", "2 mg/kg IV gives 5–10 min of surgical anaesthesia.", low=5.0, high=10.0
)
ORAL_EQUIVALENT_MG_PER_KG = Parameter(
    2.25,
    "mg/kg",
    "andrade2019",
    "Oral dose said to be roughly equivalent to 0.5 mg/kg IV (about 2–2.5 mg/kg); the evidence is thin.",
    low=2.0,
    high=2.5,
)
