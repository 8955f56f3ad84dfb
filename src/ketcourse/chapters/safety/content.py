"""Data tables for the safety chapter, each row with its citation key(s) in ``references.bib``.

The numbers come from the project's vetted facts sheet. They are published
averages from trials, labels and observational studies, shown for teaching;
they are not a clinical protocol.
"""

from __future__ import annotations

from dataclasses import dataclass

from ketcourse.science.parameters import BP_PREDOSE_DIASTOLIC_MMHG, BP_PREDOSE_SYSTOLIC_MMHG, BP_RECHECK_MIN, REMS_OBSERVATION_H

# --- The esketamine monitoring session (label and REMS) ----------------------


@dataclass(frozen=True)
class MonitoringStep:
    """One step of an esketamine treatment session as the label and REMS describe it.

    Attributes
    ----------
    key : str
        Short identifier.
    lane : str
        Row of the timeline it is drawn in (one of :data:`MONITORING_LANES`).
    label : str
        Short text drawn beside the step.
    when : str
        When it happens, in words.
    start_min, end_min : float
        Where the step is drawn, minutes from dosing (equal for a single
        moment). Steps before dosing or after discharge sit at schematic
        positions; ``when`` carries the sourced timing.
    detail : str
        One sentence of detail.
    keys : tuple of str
        Citation keys.
    """

    key: str
    lane: str
    label: str
    when: str
    start_min: float
    end_min: float
    detail: str
    keys: tuple[str, ...]


#: Rows of the session timeline, top to bottom.
MONITORING_LANES: tuple[str, ...] = ("Blood pressure", "Dose", "Observation", "Pulse oximetry", "Driving")

_OBS_MIN = REMS_OBSERVATION_H.value * 60
_RECHECK = BP_RECHECK_MIN.value
_BP_LIMIT = f"{BP_PREDOSE_SYSTOLIC_MMHG.value:g}/{BP_PREDOSE_DIASTOLIC_MMHG.value:g} mmHg"

MONITORING_STEPS: tuple[MonitoringStep, ...] = (
    MonitoringStep(
        "bp-before",
        "Blood pressure",
        f"before dosing; consider\ndelay if >{_BP_LIMIT}",
        "before dosing",
        -95.0,
        -5.0,
        f"Consider delaying the dose if blood pressure is above {_BP_LIMIT}.",
        ("spravato_label",),
    ),
    MonitoringStep(
        "bp-after",
        "Blood pressure",
        f"about {_RECHECK:g} min,\nthen as needed",
        f"about {_RECHECK:g} min after dosing, then as clinically needed",
        _RECHECK,
        _RECHECK,
        "The blood-pressure rise after esketamine peaks at about 40 min.",
        ("spravato_label",),
    ),
    MonitoringStep(
        "dose",
        "Dose",
        "certified setting, prescriber on site",
        "time zero",
        0.0,
        0.0,
        "Given only in a certified healthcare setting with the prescriber on site.",
        ("fda_rems",),
    ),
    MonitoringStep(
        "observation",
        "Observation",
        f"at least {REMS_OBSERVATION_H.value:g} h,\nuntil clinically stable",
        f"at least {REMS_OBSERVATION_H.value:g} h after dosing",
        0.0,
        _OBS_MIN,
        "Observed by staff until judged clinically stable, and for no less than two hours.",
        ("fda_rems",),
    ),
    MonitoringStep(
        "discharge",
        "Observation",
        "leave when\nstable",
        f"not before {REMS_OBSERVATION_H.value:g} h",
        _OBS_MIN,
        _OBS_MIN,
        "Leaving depends on the clinician's judgement that the person is clinically stable.",
        ("fda_rems",),
    ),
    MonitoringStep(
        "pulse-oximetry",
        "Pulse oximetry",
        "throughout the session",
        "during the session",
        0.0,
        _OBS_MIN,
        "Oxygen saturation is watched because sedation and respiratory depression can occur.",
        ("spravato_label", "fda_rems"),
    ),
    MonitoringStep(
        "no-driving",
        "Driving",
        "none until\nthe next day",
        "until the next day",
        _OBS_MIN,
        _OBS_MIN + 80.0,
        "No driving until the next day.",
        ("spravato_label",),
    ),
)

#: Rules that apply to the whole programme rather than one moment of a session.
REMS_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Only certified healthcare settings may dispense and administer esketamine.", ("fda_rems",)),
    ("A prescriber is on site during administration and observation.", ("fda_rems",)),
    ("Never dispensed for use at home.", ("fda_rems",)),
    (
        "Boxed warning: sedation, dissociation, respiratory depression, abuse and misuse, suicidal thoughts and "
        "behaviours.",
        ("spravato_label",),
    ),
)

# --- Adverse-event rates -------------------------------------------------------


@dataclass(frozen=True)
class AdverseEventRate:
    """Share of patients reporting an adverse event, drug vs placebo.

    Attributes
    ----------
    event : str
        The adverse event.
    drug_pct, placebo_pct : float
        Percent of patients in each arm.
    keys : tuple of str
        Citation keys.
    """

    event: str
    drug_pct: float
    placebo_pct: float
    keys: tuple[str, ...]

    @property
    def excess_pct(self) -> float:
        """Difference between arms, percentage points."""
        return self.drug_pct - self.placebo_pct


#: ASPIRE I and II pooled (esketamine nasal spray plus standard care vs placebo plus standard care).
ASPIRE_POOLED: tuple[AdverseEventRate, ...] = (
    AdverseEventRate("Dizziness", 38.0, 14.0, ("canuso2021",)),
    AdverseEventRate("Dissociation", 34.0, 6.0, ("canuso2021",)),
    AdverseEventRate("Nausea", 27.0, 14.0, ("canuso2021",)),
    AdverseEventRate("Vomiting", 12.0, 5.0, ("canuso2021",)),
)


@dataclass(frozen=True)
class RateRange:
    """A range of rates reported across the trials summarised in a label.

    Attributes
    ----------
    effect : str
        What was counted.
    low_pct, high_pct : float
        Range on esketamine, percent of patients.
    placebo_low_pct, placebo_high_pct : float or None
        Range on placebo, when reported.
    keys : tuple of str
        Citation keys.
    """

    effect: str
    low_pct: float
    high_pct: float
    placebo_low_pct: float | None
    placebo_high_pct: float | None
    keys: tuple[str, ...]


ESKETAMINE_LABEL_RATES: tuple[RateRange, ...] = (
    RateRange("Dissociation (by CADSS)", 61.0, 84.0, None, None, ("spravato_label",)),
    RateRange("Sedation", 48.0, 61.0, None, None, ("spravato_label",)),
    RateRange("Blood pressure rise ≥40/25 mmHg", 8.0, 19.0, 1.0, 4.0, ("spravato_label",)),
    RateRange("Loss of consciousness", 0.3, 0.4, None, None, ("spravato_label",)),
)

# --- Long-term and misuse harms -----------------------------------------------


@dataclass(frozen=True)
class LongTermHarm:
    """A harm seen mainly with long-term, frequent (usually recreational) use.

    Attributes
    ----------
    harm : str
        Name of the harm.
    finding : str
        What the study found, with its numbers.
    population : str
        Who was studied.
    keys : tuple of str
        Citation keys.
    """

    harm: str
    finding: str
    population: str
    keys: tuple[str, ...]


LONG_TERM_HARMS: tuple[LongTermHarm, ...] = (
    LongTermHarm(
        "Ulcerative cystitis (ketamine uropathy)",
        "Among affected patients: urinary frequency 77%, urgency 70%, suprapubic pain 60%; can progress to a "
        "contracted bladder, hydronephrosis and renal failure.",
        "Meta-analysis of 4,921 patients, mostly recreational users",
        ("chan2022",),
    ),
    LongTermHarm(
        "Ulcerative cystitis: dose and frequency",
        "Urinary symptoms became more likely with higher doses and more frequent use.",
        "Online survey of recreational users",
        ("winstock2012",),
    ),
    LongTermHarm(
        "Cholangiopathy",
        "Biliary dilatation in 61.9%, reversible with abstinence; cirrhosis is possible.",
        "257 chronic recreational users",
        ("jhepatol2018",),
    ),
    LongTermHarm(
        "Cholangiopathy: imaging",
        "Fusiform common-bile-duct dilatation in 69%.",
        "26 patients with ketamine-related cholangiopathy",
        ("yu2014",),
    ),
    LongTermHarm(
        "Cognition",
        "Deficits in spatial working memory and recognition memory, and more delusional symptoms, in frequent "
        "users; infrequent and former users resembled controls.",
        "150 people followed for a year",
        ("morgan2010",),
    ),
)


def all_citation_keys() -> set[str]:
    """Every citation key used by the tables in this module."""
    keys: set[str] = set()
    for step in MONITORING_STEPS:
        keys.update(step.keys)
    for _, rule_keys in REMS_RULES:
        keys.update(rule_keys)
    for table in (ASPIRE_POOLED, ESKETAMINE_LABEL_RATES, LONG_TERM_HARMS):
        for row in table:
            keys.update(row.keys)
    return keys


__all__ = [
    "ASPIRE_POOLED",
    "ESKETAMINE_LABEL_RATES",
    "LONG_TERM_HARMS",
    "MONITORING_LANES",
    "MONITORING_STEPS",
    "REMS_RULES",
    "AdverseEventRate",
    "LongTermHarm",
    "MonitoringStep",
    "RateRange",
    "all_citation_keys",
]
