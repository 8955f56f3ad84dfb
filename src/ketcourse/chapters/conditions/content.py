"""The clinical evidence for ketamine and esketamine, condition by condition, as a data table.

Each :class:`Study` records what was tested, in how many people, against what
control, for how long, what was found, and the ``references.bib`` key of its
source. Each :class:`Condition` groups the studies and carries the course's
strength-of-evidence rating (see :data:`RATINGS`) with the reason for it.

Every number comes from the course's vetted facts sheet. Where the facts sheet
gives no sample size or follow-up, the field is ``None`` and the tables print
"not reported here": the number exists in the literature, but this course has
not verified it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from ketcourse.engine.validate import one_of
from ketcourse.science.parameters import Parameter

#: Strength-of-evidence ratings, weakest first. ``RATING_MEANING`` says what each means.
RATINGS: tuple[str, ...] = ("none", "weak", "mixed", "moderate", "strong")

RATING_MEANING: dict[str, str] = {
    "none": "no controlled trial in people",
    "weak": "small or uncontrolled studies only",
    "mixed": "controlled trials point in different directions (includes 'conflicting')",
    "moderate": "consistent controlled trials, but few, small or short",
    "strong": "many randomised trials and meta-analyses agree",
}

#: Direction of a study's main result.
DIRECTIONS: tuple[str, ...] = ("positive", "null", "mixed", "unclear")

NOT_REPORTED = "not reported here"


@dataclass(frozen=True)
class Study:
    """One trial or evidence synthesis.

    Attributes
    ----------
    key : str
        Citation key in ``references.bib``.
    label : str
        Short name, e.g. ``"Zarate 2006"`` or ``"TRANSFORM-2"``.
    condition : str
        Id of the :class:`Condition` it belongs to.
    intervention : str
        What was given.
    design : str
        Study design, e.g. ``"RCT, crossover"`` or ``"meta-analysis"``.
    control : str
        The comparison arm (``"none"`` for uncontrolled studies).
    n : int or None
        Participants (``None``: not reported in the course's facts sheet).
    n_note : str
        What ``n`` counts when that needs saying (completers, ketamine-treated only...).
    duration : str or None
        Treatment period and how long the outcome was followed.
    finding : str
        The main result, with the facts sheet's numbers.
    direction : {"positive", "null", "mixed", "unclear"}
        Direction of the main result (``"unclear"`` when the facts sheet does not summarise it).
    synthesis : bool
        True for meta-analyses and reviews (their ``n`` pools other trials).
    """

    key: str
    label: str
    condition: str
    intervention: str
    design: str
    control: str
    n: int | None
    n_note: str
    duration: str | None
    finding: str
    direction: str
    synthesis: bool = False

    def __post_init__(self) -> None:
        one_of(self.direction, DIRECTIONS, "direction")
        if self.n is not None and (not isinstance(self.n, int) or self.n <= 0):
            raise ValueError(f"study {self.label!r}: n must be a positive integer or None, got {self.n!r}")

    @property
    def n_text(self) -> str:
        """Sample size as text, e.g. ``"n=41"`` or ``"n not reported here"``."""
        if self.n is None:
            return f"n {NOT_REPORTED}"
        return f"n={self.n:,}" + (f", {self.n_note}" if self.n_note else "")

    @property
    def duration_text(self) -> str:
        """Follow-up as text (``"not reported here"`` when unknown)."""
        return self.duration if self.duration is not None else f"follow-up {NOT_REPORTED}"


@dataclass(frozen=True)
class Condition:
    """A condition (or use) with the course's rating of the evidence.

    Attributes
    ----------
    id : str
        Short identifier.
    name : str
        Display name.
    short : str
        Short name for figure labels.
    tested : str
        What has been tested, in a phrase.
    rating : str
        One of :data:`RATINGS`.
    rating_note : str
        Why that rating, including its limits (duration, blinding, size).
    """

    id: str
    name: str
    short: str
    tested: str
    rating: str
    rating_note: str

    def __post_init__(self) -> None:
        one_of(self.rating, RATINGS, "rating")

    @property
    def level(self) -> int:
        """Position of the rating on the ordinal scale (0 = none ... 4 = strong)."""
        return RATINGS.index(self.rating)


CONDITIONS: tuple[Condition, ...] = (
    Condition(
        "trd-iv",
        "Treatment-resistant depression: IV ketamine",
        "TRD: IV ketamine",
        "single infusions and short courses of racemic ketamine",
        "strong",
        "Strong for a short-term effect (24 h to about a week) across many randomised trials and meta-analyses. "
        "Weak for anything longer: one infusion wears off within about a week, relapse after a course comes at a "
        "median of 18 days, blinding is hard and an inpatient trial against midazolam was null.",
    ),
    Condition(
        "trd-esk",
        "Treatment-resistant depression: esketamine spray",
        "TRD: esketamine spray",
        "esketamine nasal spray added to an oral antidepressant, or alone",
        "moderate",
        "Approved, but the average gain over the control arm is about 4 MADRS points; two of three short-term "
        "TRANSFORM trials and a Japanese trial missed their primary endpoints. Relapse prevention needs "
        "continued dosing.",
    ),
    Condition(
        "suicidal-ideation",
        "Depression with suicidal thoughts",
        "Suicidal thoughts",
        "single ketamine infusions; esketamine in people with active suicidal ideation",
        "moderate",
        "Moderate for a fall in suicidal *thoughts* within a day, lasting up to a week. No evidence on suicidal "
        "*behaviour*; the esketamine label says it has not been shown to prevent suicide.",
    ),
    Condition(
        "bipolar",
        "Bipolar depression",
        "Bipolar depression",
        "one infusion added to lithium or valproate",
        "weak",
        "One small trial; benefit significant only through day 3; no maintenance data; switches to mania occur.",
    ),
    Condition(
        "ptsd",
        "PTSD",
        "PTSD",
        "single infusions and courses of IV ketamine",
        "mixed",
        "Two small positive trials, then the largest trial (158 veterans) found no effect on PTSD symptoms.",
    ),
    Condition(
        "anxiety",
        "Generalised and social anxiety disorder",
        "GAD and social anxiety",
        "subcutaneous or IV ketamine in treatment-refractory patients",
        "weak",
        "Open-label and uncontrolled studies plus one small crossover trial whose self-rated anxiety did not change.",
    ),
    Condition(
        "ocd",
        "Obsessive-compulsive disorder",
        "OCD",
        "single IV infusions",
        "mixed",
        "Conflicting: a small crossover trial was positive at one week, an open-label study found no responders.",
    ),
    Condition(
        "crps",
        "Complex regional pain syndrome (CRPS)",
        "CRPS",
        "multi-day IV infusions of racemic or S-ketamine",
        "moderate",
        "Moderate for pain relief up to 12 weeks in consensus guidelines; no functional gain, and psychotomimetic "
        "effects were common.",
    ),
    Condition(
        "fibromyalgia",
        "Fibromyalgia",
        "Fibromyalgia",
        "IV infusions",
        "weak",
        "Weak: relief lasts hours, and guidelines find no long-term evidence.",
    ),
    Condition(
        "neuropathic",
        "Neuropathic pain, including diabetic neuropathy",
        "Neuropathic pain",
        "IV infusions; topical ketamine cream",
        "weak",
        "Weak or none; the one placebo-controlled trial of ketamine cream in diabetic neuropathy was negative.",
    ),
    Condition(
        "other-pain",
        "Other chronic pain",
        "Other chronic pain",
        "post-herpetic, phantom-limb, cancer, migraine and back pain",
        "weak",
        "Weak or none, with nothing long-term, according to consensus guidelines.",
    ),
)


STUDIES: tuple[Study, ...] = (
    # --- Treatment-resistant depression, IV ketamine ---------------------------------------------
    Study(
        "berman2000",
        "Berman 2000",
        "trd-iv",
        "one IV infusion",
        "randomised crossover",
        "saline",
        7,
        "completers",
        "72 h",
        "HDRS-25 fell 14 ± 10 vs 0 ± 12 points within 72 h.",
        "positive",
    ),
    Study(
        "zarate2006",
        "Zarate 2006",
        "trd-iv",
        "one IV infusion",
        "randomised, double-blind",
        "placebo",
        17,
        "given ketamine",
        "1 week",
        "Effect within about 2 h; 71% responded and 29% remitted at day 1; 35% still responding at 1 week.",
        "positive",
    ),
    Study(
        "murrough2013ajp",
        "Murrough 2013 (AJP)",
        "trd-iv",
        "one IV infusion",
        "randomised, two sites",
        "midazolam (active placebo)",
        73,
        "",
        "24 h (primary)",
        "MADRS fell 16.5 vs 8.8 points at 24 h.",
        "positive",
    ),
    Study(
        "fava2018",
        "Fava 2018",
        "trd-iv",
        "one IV infusion at four doses",
        "randomised dose-ranging",
        "midazolam (active placebo)",
        None,
        "",
        None,
        "0.5 and 1.0 mg/kg beat midazolam; 0.1 and 0.2 mg/kg did not.",
        "positive",
    ),
    Study(
        "murrough2013bp",
        "Murrough 2013 (Biol Psychiatry)",
        "trd-iv",
        "six IV infusions over 12 days",
        "open-label course",
        "none",
        None,
        "",
        "12 days of infusions, then follow-up until relapse",
        "70.8% responded; responders relapsed after a median of 18 days.",
        "positive",
    ),
    Study(
        "jelovac2025",
        "KARMA-Dep 2 (Jelovac 2025)",
        "trd-iv",
        "eight twice-weekly IV infusions added to inpatient care",
        "randomised",
        "midazolam (active placebo)",
        65,
        "inpatients",
        "about 4 weeks of twice-weekly infusions",
        "MADRS difference −3.16 (95% CI −8.54 to 2.22): not significant; blinding failed.",
        "null",
    ),
    Study(
        "anand2023",
        "ELEKT-D (Anand 2023)",
        "trd-iv",
        "IV ketamine twice weekly for 3 weeks",
        "open-label non-inferiority",
        "electroconvulsive therapy (a short 3-week course)",
        403,
        "",
        "3 weeks",
        "Response 55.4% vs 41.2%: ketamine non-inferior. ECT caused memory loss, ketamine dissociation.",
        "positive",
    ),
    Study(
        "newport2015",
        "Newport 2015",
        "trd-iv",
        "IV ketamine",
        "meta-analysis",
        "placebo or active placebo",
        147,
        "ketamine-treated patients",
        "24 h",
        "Response OR 9.87 (4.37–22.29), remission OR 14.47 at 24 h; the effect is 'rapid, yet transient'.",
        "positive",
        synthesis=True,
    ),
    Study(
        "bahji2022",
        "Bahji 2022",
        "trd-iv",
        "racemic ketamine and esketamine",
        "meta-analysis of 36 RCTs",
        "placebo or active control",
        2903,
        "",
        None,
        "Response RR 2.14 (1.72–2.66), remission RR 1.64, standardised mean difference −0.63.",
        "positive",
        synthesis=True,
    ),
    Study(
        "dean2021",
        "Cochrane review (Dean 2021)",
        "trd-iv",
        "ketamine and other glutamate modulators",
        "systematic review of 64 studies",
        "placebo or active control",
        None,
        "",
        None,
        "The Cochrane review of ketamine and related drugs for depression covers 64 studies.",
        "unclear",
        synthesis=True,
    ),
    # --- Treatment-resistant depression, esketamine ----------------------------------------------
    Study(
        "popova2019",
        "TRANSFORM-2",
        "trd-esk",
        "flexible-dose esketamine spray plus a new oral antidepressant",
        "randomised, double-blind",
        "placebo spray plus a new oral antidepressant",
        None,
        "",
        "28 days",
        "MADRS −4.0 (95% CI −7.31 to −0.64) vs control at day 28; 7% vs 0.9% dropped out for adverse events.",
        "positive",
    ),
    Study(
        "fedgchin2019",
        "TRANSFORM-1",
        "trd-esk",
        "fixed-dose esketamine spray (56 or 84 mg) plus a new oral antidepressant",
        "randomised, double-blind",
        "placebo spray plus a new oral antidepressant",
        None,
        "",
        None,
        "84 mg: MADRS −3.2 vs control, p = 0.088; missed its primary endpoint.",
        "null",
    ),
    Study(
        "ochsross2020",
        "TRANSFORM-3",
        "trd-esk",
        "esketamine spray plus a new oral antidepressant, age 65 or older",
        "randomised, double-blind",
        "placebo spray plus a new oral antidepressant",
        None,
        "",
        None,
        "MADRS −3.6 vs control, p = 0.059; missed its primary endpoint.",
        "null",
    ),
    Study(
        "bmcpsychiatry2021japan",
        "Japanese fixed-dose trial",
        "trd-esk",
        "fixed-dose esketamine spray plus oral antidepressant",
        "randomised",
        "placebo spray plus oral antidepressant",
        None,
        "",
        None,
        "Null.",
        "null",
    ),
    Study(
        "daly2019",
        "SUSTAIN-1",
        "trd-esk",
        "continued esketamine in people who had improved",
        "randomised withdrawal",
        "switch to placebo spray",
        None,
        "",
        "maintenance until relapse",
        "Relapse in stable remitters 26.7% vs 45.3%, HR 0.49 (0.29–0.84), NNT 6; stable responders HR 0.30.",
        "positive",
    ),
    Study(
        "jnj2025",
        "Monotherapy trial (NCT04599855)",
        "trd-esk",
        "esketamine spray 56 or 84 mg without an oral antidepressant",
        "randomised",
        "placebo spray",
        None,
        "",
        "4 weeks",
        "Remission at week 4: 22.5% vs 7.6%; the basis of the January 2025 monotherapy approval.",
        "positive",
    ),
    # --- Suicidal ideation ------------------------------------------------------------------------
    Study(
        "wilkinson2018",
        "Wilkinson 2018",
        "suicidal-ideation",
        "one IV infusion",
        "individual-patient meta-analysis",
        "placebo or active placebo",
        167,
        "",
        "7 days",
        "Suicidal ideation fell within 1 day; d = 0.48–0.85 through day 7; NNT 3.1–4.0. Ideation only, not behaviour.",
        "positive",
        synthesis=True,
    ),
    Study(
        "fu2020",
        "ASPIRE I",
        "suicidal-ideation",
        "esketamine spray in people with active suicidal ideation",
        "randomised, double-blind",
        "placebo spray",
        None,
        "",
        "24 h (primary)",
        "MADRS −3.8 vs placebo at 24 h; suicidality scores no better than placebo.",
        "mixed",
    ),
    Study(
        "ionescu2021",
        "ASPIRE II",
        "suicidal-ideation",
        "esketamine spray in people with active suicidal ideation",
        "randomised, double-blind",
        "placebo spray",
        None,
        "",
        "24 h (primary)",
        "MADRS −3.9 vs placebo at 24 h; suicidality scores no better than placebo.",
        "mixed",
    ),
    # --- Bipolar depression -----------------------------------------------------------------------
    Study(
        "diazgranados2010",
        "Diazgranados 2010",
        "bipolar",
        "one IV infusion added to lithium or valproate",
        "randomised add-on",
        "placebo",
        18,
        "",
        "benefit significant only through day 3",
        "d = 0.52 at 40 min and 0.80 at day 2; 71% vs 6% responded; one manic switch in each arm.",
        "positive",
    ),
    # --- PTSD -------------------------------------------------------------------------------------
    Study(
        "feder2014",
        "Feder 2014",
        "ptsd",
        "one IV infusion",
        "randomised crossover",
        "midazolam (active placebo)",
        41,
        "",
        "24 h, short-lived",
        "Symptoms better at 24 h than after midazolam; the benefit was short-lived.",
        "positive",
    ),
    Study(
        "feder2021",
        "Feder 2021",
        "ptsd",
        "six IV infusions over 2 weeks",
        "randomised",
        "midazolam (active placebo)",
        30,
        "",
        "2 weeks of infusions; loss of response after a median of 27.5 days",
        "CAPS-5 −11.9 points, d = 1.13; 67% vs 20% responded.",
        "positive",
    ),
    Study(
        "abdallah2022",
        "Abdallah 2022",
        "ptsd",
        "eight twice-weekly IV infusions",
        "randomised, multicentre",
        "placebo",
        158,
        "veterans and active-duty military",
        "about 4 weeks of twice-weekly infusions",
        "No effect on PTSD symptoms.",
        "null",
    ),
    # --- Anxiety ----------------------------------------------------------------------------------
    Study(
        "glue2017",
        "Glue 2017",
        "anxiety",
        "subcutaneous ketamine",
        "open-label",
        "none",
        12,
        "",
        "up to 7 days",
        "10 of 12 responded; the benefit lasted up to 7 days.",
        "positive",
    ),
    Study(
        "glue2018",
        "Glue 2018",
        "anxiety",
        "weekly subcutaneous maintenance doses",
        "uncontrolled",
        "none",
        20,
        "",
        None,
        "Uncontrolled maintenance study; no comparison arm.",
        "unclear",
    ),
    Study(
        "taylor2018",
        "Taylor 2018",
        "anxiety",
        "one IV infusion (social anxiety disorder)",
        "randomised crossover",
        "placebo",
        18,
        "",
        None,
        "LSAS response 33% vs 0%; self-rated anxiety unchanged.",
        "mixed",
    ),
    # --- OCD --------------------------------------------------------------------------------------
    Study(
        "rodriguez2013",
        "Rodriguez 2013",
        "ocd",
        "one IV infusion",
        "randomised crossover",
        "placebo",
        15,
        "",
        "1 week",
        "4 of 8 vs 0 of 7 responded at 1 week.",
        "positive",
    ),
    Study(
        "bloch2012",
        "Bloch 2012",
        "ocd",
        "one IV infusion",
        "open-label",
        "none",
        10,
        "",
        None,
        "0 of 10 responded.",
        "null",
    ),
    # --- Pain -------------------------------------------------------------------------------------
    Study(
        "schwartzman2009",
        "Schwartzman 2009",
        "crps",
        "IV ketamine 4 h a day for 10 days",
        "randomised, double-blind",
        "placebo",
        None,
        "a small trial",
        "10 days of infusions",
        "Positive.",
        "positive",
    ),
    Study(
        "sigtermans2009",
        "Sigtermans 2009",
        "crps",
        "S-ketamine infusion titrated over 4.2 days",
        "randomised",
        "placebo",
        60,
        "",
        "12 weeks",
        "Pain score 2.7 vs 5.5 at week 1, gone by week 12; no functional gain; psychotomimetic effects 76% vs 18%.",
        "positive",
    ),
    Study(
        "cohen2018",
        "Cohen 2018 guideline",
        "crps",
        "IV ketamine for chronic pain",
        "consensus guideline",
        "not applicable",
        None,
        "",
        "up to 12 weeks",
        "Moderate evidence for CRPS, for up to 12 weeks.",
        "positive",
        synthesis=True,
    ),
    Study(
        "pastrak2021",
        "Pastrak 2021",
        "fibromyalgia",
        "IV ketamine",
        "systematic review",
        "various",
        118,
        "patients across the reviewed studies",
        "hours",
        "Relief lasts hours.",
        "mixed",
        synthesis=True,
    ),
    Study(
        "jampodiatr2012cream",
        "Ketamine cream trial (2012)",
        "neuropathic",
        "5% ketamine cream",
        "randomised, double-blind",
        "placebo cream",
        17,
        "completers",
        None,
        "No better than placebo.",
        "null",
    ),
    Study(
        "cohen2018",
        "Cohen 2018 guideline",
        "neuropathic",
        "IV ketamine for chronic pain",
        "consensus guideline",
        "not applicable",
        None,
        "",
        None,
        "Weak or no evidence for most neuropathic pain.",
        "mixed",
        synthesis=True,
    ),
    Study(
        "cohen2018",
        "Cohen 2018 guideline",
        "fibromyalgia",
        "IV ketamine for chronic pain",
        "consensus guideline",
        "not applicable",
        None,
        "",
        None,
        "Weak or no evidence; nothing long-term.",
        "mixed",
        synthesis=True,
    ),
    Study(
        "cohen2018",
        "Cohen 2018 guideline",
        "other-pain",
        "IV ketamine for chronic pain",
        "consensus guideline",
        "not applicable",
        None,
        "",
        None,
        "Weak or no evidence, nothing long-term.",
        "mixed",
        synthesis=True,
    ),
)


# --- Headline numbers used by figures and exercises ---------------------------------------------
SUSTAIN1_RELAPSE_ESKETAMINE = Parameter(
    0.267, "1", "daly2019", "Relapse among stable remitters who continued esketamine (SUSTAIN-1)."
)
SUSTAIN1_RELAPSE_PLACEBO = Parameter(
    0.453, "1", "daly2019", "Relapse among stable remitters switched to placebo spray (SUSTAIN-1)."
)
SUSTAIN1_HAZARD_RATIO = Parameter(
    0.49, "1", "daly2019", "Hazard ratio for relapse, stable remitters (95% CI 0.29–0.84).", low=0.29, high=0.84
)
SUSTAIN1_NNT = Parameter(6.0, "patients", "daly2019", "Number needed to treat to prevent one relapse.")
ELEKTD_RESPONSE_KETAMINE = Parameter(0.554, "1", "anand2023", "Response with IV ketamine in ELEKT-D.")
ELEKTD_RESPONSE_ECT = Parameter(0.412, "1", "anand2023", "Response with ECT (short 3-week course) in ELEKT-D.")


@dataclass(frozen=True)
class MadrsDifference:
    """A between-arm difference in MADRS change (negative favours the drug).

    Attributes
    ----------
    label : str
        Trial name.
    key : str
        Citation key.
    drug : str
        ``"esketamine"`` or ``"ketamine"``.
    estimate : float
        Difference in MADRS points, drug minus control.
    ci : tuple of float or None
        95% confidence interval, when the facts sheet gives it.
    timepoint : str
        When it was measured.
    primary_met : bool
        Whether the trial met its primary endpoint.
    note : str
        p-value or other comment.
    """

    label: str
    key: str
    drug: str
    estimate: float
    ci: tuple[float, float] | None
    timepoint: str
    primary_met: bool
    note: str = ""


MADRS_DIFFERENCES: tuple[MadrsDifference, ...] = (
    MadrsDifference("TRANSFORM-2", "popova2019", "esketamine", -4.0, (-7.31, -0.64), "day 28", True),
    MadrsDifference(
        "TRANSFORM-1 (84 mg)", "fedgchin2019", "esketamine", -3.2, None, "primary endpoint", False, "p = 0.088, missed"
    ),
    MadrsDifference(
        "TRANSFORM-3 (age 65+)",
        "ochsross2020",
        "esketamine",
        -3.6,
        None,
        "primary endpoint",
        False,
        "p = 0.059, missed",
    ),
    MadrsDifference("ASPIRE I", "fu2020", "esketamine", -3.8, None, "24 h", True),
    MadrsDifference("ASPIRE II", "ionescu2021", "esketamine", -3.9, None, "24 h", True),
    MadrsDifference(
        "KARMA-Dep 2 (vs midazolam)",
        "jelovac2025",
        "ketamine",
        -3.16,
        (-8.54, 2.22),
        "end of course",
        False,
        "not significant",
    ),
)


# --- Look-ups -----------------------------------------------------------------------------------
def condition(condition_id: str) -> Condition:
    """The :class:`Condition` with id ``condition_id``."""
    one_of(condition_id, [c.id for c in CONDITIONS], "condition")
    return next(c for c in CONDITIONS if c.id == condition_id)


def studies_for(condition_id: str) -> tuple[Study, ...]:
    """The studies listed for one condition, in table order."""
    condition(condition_id)
    return tuple(s for s in STUDIES if s.condition == condition_id)


def participants(condition_id: str) -> int | None:
    """Participants behind a condition's evidence, counted without double-counting.

    The count is the larger of (a) the biggest evidence synthesis listed and
    (b) the sum of the individual trials with a reported ``n`` (trials are
    often inside the syntheses, so the two are not added). ``None`` when no
    study for the condition has a reported ``n``.

    Parameters
    ----------
    condition_id : str
        Id of a :class:`Condition`.

    Returns
    -------
    int or None
        Number of people (a lower bound when some studies lack an ``n``).
    """
    rows = studies_for(condition_id)
    trials = sum(s.n for s in rows if not s.synthesis and s.n is not None)
    pooled = max((s.n for s in rows if s.synthesis and s.n is not None), default=0)
    total = max(trials, pooled)
    return total if total > 0 else None


def participants_complete(condition_id: str) -> bool:
    """True when every study listed for the condition reports its ``n``."""
    return all(s.n is not None for s in studies_for(condition_id))


def all_citation_keys() -> set[str]:
    """Every citation key the tables use."""
    keys = {s.key for s in STUDIES} | {m.key for m in MADRS_DIFFERENCES}
    keys |= {
        p.source
        for p in (
            SUSTAIN1_RELAPSE_ESKETAMINE,
            SUSTAIN1_RELAPSE_PLACEBO,
            SUSTAIN1_HAZARD_RATIO,
            SUSTAIN1_NNT,
            ELEKTD_RESPONSE_KETAMINE,
            ELEKTD_RESPONSE_ECT,
        )
    }
    return keys


def condition_keys(condition_id: str) -> tuple[str, ...]:
    """Citation keys of one condition's studies, without repeats, in table order."""
    return tuple(dict.fromkeys(s.key for s in studies_for(condition_id)))


# --- The per-condition summary table ------------------------------------------------------------
def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _participants_text(condition_id: str) -> str:
    total = participants(condition_id)
    if total is None:
        return NOT_REPORTED
    prefix = "" if participants_complete(condition_id) else "at least "
    return f"{prefix}{total:,}"


@dataclass(frozen=True)
class EvidenceSummary:
    """Per-condition summary of the evidence table; displays as HTML or text.

    Attributes
    ----------
    conditions : tuple of Condition
        The rows, in order.
    """

    conditions: tuple[Condition, ...]

    def rows(self) -> list[dict[str, str]]:
        """One dict per condition with the text of every column."""
        out = []
        for c in self.conditions:
            studies = studies_for(c.id)
            out.append(
                {
                    "Condition": c.name,
                    "What was tested": c.tested,
                    "Studies": "; ".join(f"{s.label} ({s.n_text})" for s in studies),
                    "Participants": _participants_text(c.id),
                    "Controls": ", ".join(_unique(s.control for s in studies)),
                    "How long": "; ".join(_unique(s.duration or "" for s in studies)) or NOT_REPORTED,
                    "Rating": c.rating,
                    "Why": c.rating_note,
                }
            )
        return out

    def _repr_html_(self) -> str:
        def esc(text: str) -> str:
            return html.escape(text.replace("*", ""))

        head = "".join(
            f"<th>{h}</th>"
            for h in (
                "Condition (what was tested)",
                "Studies (n) and people in total",
                "Controls",
                "How long",
                "Rating",
            )
        )
        body = "".join(
            "<tr>"
            f"<td><b>{esc(row['Condition'])}</b><br><small>{esc(row['What was tested'])}</small></td>"
            f"<td>{esc(row['Studies'])}<br><b>Total: {esc(row['Participants'])}</b></td>"
            f"<td>{esc(row['Controls'])}</td>"
            f"<td>{esc(row['How long'])}</td>"
            f"<td><b>{esc(row['Rating'])}</b><br><small>{esc(row['Why'])}</small></td>"
            "</tr>"
            for row in self.rows()
        )
        return (
            '<div class="kc-table-wrap" style="overflow-x:auto">'
            '<table class="kc-table kc-evidence-table" style="font-size:0.85em;min-width:48em">'
            f"<caption>Evidence by condition. Ratings: "
            f"{html.escape('; '.join(f'{r}: {m}' for r, m in RATING_MEANING.items()))}.</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        )

    def __str__(self) -> str:
        lines = []
        for row in self.rows():
            lines.append(f"{row['Condition']}: rating {row['Rating']} (participants: {row['Participants']})")
            lines.append(f"  tested: {row['What was tested']}")
            lines.append(f"  studies: {row['Studies']}")
            lines.append(f"  controls: {row['Controls']}")
            lines.append(f"  how long: {row['How long']}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)


def summary_table(condition_ids: Iterable[str] | None = None) -> EvidenceSummary:
    """The per-condition summary of the evidence table.

    Parameters
    ----------
    condition_ids : iterable of str, optional
        Conditions to include, in this order; all of :data:`CONDITIONS` by default.
    """
    if condition_ids is None:
        return EvidenceSummary(CONDITIONS)
    if isinstance(condition_ids, str):
        raise TypeError(f"condition_ids must be a list of ids, not a single string {condition_ids!r}")
    return EvidenceSummary(tuple(condition(cid) for cid in condition_ids))
