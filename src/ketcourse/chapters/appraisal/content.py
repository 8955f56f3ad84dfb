"""Appraising popular claims: a reusable checklist and an audit of the course's seed blog posts.

Three data structures:

* :data:`CHECKLIST`, seven questions to ask of any health claim;
* :data:`VERDICTS`, a fixed vocabulary of seven verdicts, and
  :data:`FACTS_VERDICT_MAP`, which maps the wording of the course's facts-sheet
  audit onto it;
* :data:`CLAIMS`, the audited claims from the five seed posts (S0–S4),
  each paraphrased (never quoted at length) with its verdict, the evidence,
  citation keys, and two scores on 0–3 scales (:data:`CLAIM_SCALE`,
  :data:`EVIDENCE_SCALE`).

The quiz bank ``appraisal`` is generated from :data:`CLAIMS` by
:func:`quiz_bank_data` (write it with :func:`write_quiz_bank`), so the quiz and
the table cannot drift apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ketcourse.engine.validate import one_of
from ketcourse.engine.tables import Table

# --- The checklist --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    """One question of the appraisal checklist.

    Attributes
    ----------
    key : str
        Short identifier (used in exercises and the claims table).
    title : str
        A two- or three-word name.
    question : str
        What to ask of a claim.
    why : str
        Why the question matters, with a ketamine example.
    red_flags : tuple of str
        Wording or situations that should prompt the question.
    """

    key: str
    title: str
    question: str
    why: str
    red_flags: tuple[str, ...]


CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem(
        "design",
        "Design and control",
        "Was there a comparison group, were people randomised, and could anyone tell which treatment they got?",
        "Ketamine's dissociation gives the game away against saline; an active placebo such as midazolam "
        "blinds better and makes the ketamine effect look smaller.",
        ("'patients report'", "open-label or uncontrolled", "no comparison arm"),
    ),
    ChecklistItem(
        "size",
        "Size and replication",
        "How many people were studied, in how many independent trials, and did the results agree?",
        "Several ketamine uses rest on one or two trials of a few dozen people; in PTSD the largest trial "
        "overturned two small positive ones.",
        ("a single small study", "'research suggests' with no trial named"),
    ),
    ChecklistItem(
        "species",
        "Humans or rodents",
        "Was the effect, or the mechanism, shown in people, or only in animals or cells?",
        "Glutamate surges, BDNF release and new synapses come mainly from rodent experiments.",
        ("'rewires'", "'regrows'", "mechanism stated as fact"),
    ),
    ChecklistItem(
        "outcome",
        "Outcome that matters",
        "Did the study measure what the claim promises, or a stand-in for it (a surrogate outcome)?",
        "A fall in suicidal-thought scores is not the same as fewer suicides; a lower pain score at week 1 is "
        "not better function or quality of life.",
        ("scores standing in for lives or function", "symptom-level promises from total-score trials"),
    ),
    ChecklistItem(
        "durability",
        "How long it lasts",
        "How long were people followed, and does the benefit need continued treatment?",
        "One infusion wears off within about a week; after a course, relapse comes at a median of 18 days.",
        ("'long-lasting'", "'lasting relief'", "follow-up of hours or days"),
    ),
    ChecklistItem(
        "crosscheck",
        "Current and consistent",
        "Is the claim up to date, and does it agree with other sources and with itself?",
        "Some claims were overtaken by approvals or new trials; the seed posts contradict one another on basic points.",
        ("no dates or sources", "statements that clash within one text"),
    ),
    ChecklistItem(
        "seller",
        "Who is selling",
        "Who makes the claim, do they gain from it, and does the text weigh harms as carefully as benefits?",
        "Clinic blogs sell treatments; superlatives and short side-effect lists are typical.",
        ("'game-changer'", "'unparalleled'", "harms listed briefly or blamed on misuse"),
    ),
)

# --- Verdicts and scales ----------------------------------------------------------------------------

#: The fixed verdict vocabulary, with what each verdict means.
VERDICTS: dict[str, str] = {
    "supported": "the evidence backs the claim as stated",
    "overstated": "a real finding pushed beyond what the evidence shows (bigger, surer, broader or longer)",
    "unsupported": "there is no adequate human evidence for the claim",
    "wrong": "the evidence contradicts the claim",
    "misleading": "the words may be defensible, but they leave a false impression (for example by omission)",
    "outdated": "it was arguable once, but newer evidence, approvals or classifications have overtaken it",
    "contradictory": "the claim conflicts with itself or with the other posts",
}

#: How the verdict wording of the facts-sheet audit maps onto :data:`VERDICTS`.
FACTS_VERDICT_MAP: dict[str, str] = {
    "Self-contradictory": "contradictory",
    "Wrong on GABA": "wrong",
    "Overstated": "overstated",
    "Inaccurate": "wrong",
    "Misleading": "misleading",
    "Unsupported": "unsupported",
    "Mischaracterization": "wrong",
    "Outdated": "outdated",
    "Promotional": "overstated",
    "Partly unsupported": "overstated",
    "Outdated / overstated": "outdated",
    "Too firm": "overstated",
    "Partly outdated": "outdated",
    "Imprecise": "misleading",
    "Incomplete": "misleading",
    "Inconsistent": "contradictory",
}

#: Claim strength: how much the claim asserts.
CLAIM_SCALE: dict[int, str] = {
    0: "hedged: 'may', 'not fully understood', 'still being studied'",
    1: "modest: a plain description or 'has shown promise'",
    2: "firm: a benefit or mechanism stated as established fact",
    3: "sweeping: superlatives, broad promises, 'long-lasting', 'safe and effective'",
}

#: Evidence strength: how much good human evidence backs what the claim asserts.
EVIDENCE_SCALE: dict[int, str] = {
    0: "none, or the evidence contradicts the claim",
    1: "weak: rodent data, small or uncontrolled studies, or mixed results",
    2: "moderate: some controlled human evidence, or support for part of the claim",
    3: "strong: consistent trials, meta-analyses, the product label or the regulatory record",
}

#: The five seed posts (files 000–004 of the seed folder).
SEEDS: dict[str, str] = {
    "S0": "ketamine as integrative medicine",
    "S1": "a comprehensive guide to ketamine therapy",
    "S2": "ketamine for PTSD and anxiety disorders",
    "S3": "ketamine's therapeutic potential",
    "S4": "conditions treated with ketamine",
}


@dataclass(frozen=True)
class Claim:
    """One audited claim from the seed posts.

    Attributes
    ----------
    id : str
        ``"c01"`` ... (``c01``–``c24`` follow the facts-sheet audit's numbering).
    audit_no : int or None
        Row of the facts-sheet audit (section 7), or ``None`` for claims this
        course audited in addition (all rated from the same facts sheet).
    seeds : tuple of str
        Seed posts making the claim (``"S0"``–``"S4"``).
    paraphrase : str
        The claim in the course's words, as a clause that follows "that ...".
    verdict : str
        One of :data:`VERDICTS`.
    facts_verdict : str
        The facts sheet's own wording (``""`` for the extra claims).
    reason : str
        One sentence on why this verdict fits.
    evidence : str
        What the evidence says, with the numbers.
    keys : tuple of str
        Citation keys in ``references.bib`` (may be empty: see ``missing_source``).
    claim_strength, evidence_strength : int
        Scores on :data:`CLAIM_SCALE` and :data:`EVIDENCE_SCALE` (0–3).
    checklist : tuple of str
        Keys of the :data:`CHECKLIST` items that expose the problem.
    missing_source : str
        A source the course cites in words but has no bibliography entry for.
    near_miss : tuple of (str, str)
        Specific feedback for tempting wrong verdicts, as (verdict, text).
    """

    id: str
    audit_no: int | None
    seeds: tuple[str, ...]
    paraphrase: str
    verdict: str
    facts_verdict: str
    reason: str
    evidence: str
    keys: tuple[str, ...]
    claim_strength: int
    evidence_strength: int
    checklist: tuple[str, ...]
    missing_source: str = ""
    near_miss: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        one_of(self.verdict, VERDICTS, "verdict")
        for seed in self.seeds:
            one_of(seed, SEEDS, "seed")
        for item in self.checklist:
            one_of(item, [c.key for c in CHECKLIST], "checklist item")
        for name in ("claim_strength", "evidence_strength"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
                raise ValueError(f"claim {self.id}: {name} must be an integer from 0 to 3, got {value!r}")
        if self.facts_verdict and FACTS_VERDICT_MAP.get(self.facts_verdict) != self.verdict:
            raise ValueError(
                f"claim {self.id}: facts verdict {self.facts_verdict!r} maps to "
                f"{FACTS_VERDICT_MAP.get(self.facts_verdict)!r}, not {self.verdict!r}"
            )
        for verdict, _ in self.near_miss:
            one_of(verdict, VERDICTS, "near-miss verdict")

    @property
    def number(self) -> int:
        """The claim's number, as printed in the figures (``"c07"`` is claim 7)."""
        return int(self.id[1:])

    @property
    def gap(self) -> int:
        """Claim strength minus evidence strength: > 0 means the claim outruns its evidence."""
        return self.claim_strength - self.evidence_strength

    @property
    def sentence(self) -> str:
        """The paraphrase as a stand-alone sentence."""
        return self.paraphrase[0].upper() + self.paraphrase[1:]

    @property
    def seed_text(self) -> str:
        """E.g. ``"S0 and S3"``."""
        return " and ".join([", ".join(self.seeds[:-1]), self.seeds[-1]]) if len(self.seeds) > 1 else self.seeds[0]


CLAIMS: tuple[Claim, ...] = (
    Claim(
        "c01",
        1,
        ("S2",),
        "ketamine works by damping down excessive glutamate signalling, while a later paragraph credits it with "
        "boosting glutamate activity.",
        "contradictory",
        "Self-contradictory",
        "The post gives two opposite mechanisms without noticing that they clash.",
        "Ketamine blocks NMDA receptors, yet at sub-anaesthetic doses it briefly raises glutamate release in rats "
        "(release rose at 10–30 mg/kg and fell at an anaesthetic 200 mg/kg), and its antidepressant-like effect "
        "needs AMPA receptors. That paradox is real; the proposed resolution, interneuron disinhibition, is a "
        "hypothesis.",
        ("moghaddam1997", "maeng2008", "homayoun2007"),
        2,
        0,
        ("crosscheck", "species"),
        near_miss=(
            (
                "wrong",
                "The 'reduces glutamate' half is indeed at odds with the rodent data, but the defining "
                "problem is that the post asserts both directions at once.",
            ),
        ),
    ),
    Claim(
        "c02",
        2,
        ("S1",),
        "by acting on NMDA receptors, ketamine releases both glutamate and GABA.",
        "wrong",
        "Wrong on GABA",
        "The leading model needs less GABA-interneuron activity, not more GABA.",
        "In the disinhibition model, ketamine reduces the firing of GABA interneurons, which is what lets "
        "glutamate release rise. A drug that released GABA as well would undo the proposed mechanism; the claim "
        "also clashes with S0's glutamate surge.",
        ("homayoun2007", "moghaddam1997"),
        2,
        0,
        ("species", "crosscheck"),
        near_miss=(
            ("unsupported", "It is worse than unsupported: the evidence points the other way for GABA."),
            (
                "contradictory",
                "It does clash with S0, but on its own the GABA half is simply contrary to the evidence.",
            ),
        ),
    ),
    Claim(
        "c03",
        3,
        ("S0",),
        "the glutamate surge ketamine causes makes it especially helpful in PTSD.",
        "overstated",
        "Overstated",
        "A rodent mechanism is stretched into a specific clinical benefit that the trials do not show.",
        "The glutamate surge comes mainly from rodent work, and nothing ties it to PTSD in particular. In people, "
        "two small trials were positive (n=41 and n=30) but the largest, of 158 veterans, found no effect on PTSD "
        "symptoms.",
        ("moghaddam1997", "feder2014", "feder2021", "abdallah2022"),
        2,
        1,
        ("species", "size"),
    ),
    Claim(
        "c04",
        4,
        ("S2",),
        "infusions should be spaced several weeks apart for the best effect.",
        "wrong",
        "Inaccurate",
        "Published schedules are two or three infusions a week, because the benefit fades within days.",
        "Trial courses give infusions two or three times a week for two to three weeks, and esketamine is given "
        "twice weekly, then weekly. One infusion wears off within about a week, and after a six-infusion course "
        "responders relapse at a median of 18 days, so gaps of several weeks would leave people without benefit.",
        ("murrough2013bp", "anand2023", "spravato_label"),
        2,
        0,
        ("durability",),
        near_miss=(
            ("outdated", "No schedule like this was ever the standard; it contradicts the trial protocols."),
            (
                "misleading",
                "It is not just a false impression: the stated spacing is contrary to every published schedule.",
            ),
        ),
    ),
    Claim(
        "c05",
        5,
        ("S2",),
        "side effects such as dissociation and raised blood pressure come from giving too much ketamine.",
        "misleading",
        "Misleading",
        "Effects do grow with dose, but blaming them on excess hides that they are expected at standard doses.",
        "With esketamine at licensed doses, 61–84% of people had dissociation and 8–19% had blood-pressure rises "
        "of at least 40/25 mmHg (1–4% on placebo). These are expected effects of a correctly given dose, not "
        "signs of overdose.",
        ("spravato_label", "bowdle1998"),
        2,
        1,
        ("seller",),
        near_miss=(
            (
                "wrong",
                "Close: but effects really are dose-related (Bowdle 1998), so the sentence is not flatly "
                "false; the problem is the impression that a careful dose avoids them.",
            ),
        ),
    ),
    Claim(
        "c06",
        6,
        ("S2",),
        "ketamine is a safe and effective treatment and, alongside therapy, a 'game-changer' for depression "
        "linked to PTSD.",
        "overstated",
        "Overstated",
        "There is a real short-term antidepressant effect, but the safety and PTSD claims go far beyond it.",
        "Racemic ketamine for depression is off-label; esketamine carries a boxed warning and may be given only "
        "under a restricted programme (REMS). The PTSD evidence is mixed, an inpatient trial against midazolam was "
        "null, and ketamine combined with psychotherapy has not been tested for this use.",
        ("sanacora2017", "spravato_label", "fda_rems", "abdallah2022", "jelovac2025"),
        3,
        1,
        ("design", "seller"),
    ),
    Claim(
        "c07",
        7,
        ("S2",),
        "ketamine used to be known mainly as a recreational drug.",
        "wrong",
        "Inaccurate",
        "Ketamine has been an approved anaesthetic since 1970; recreational use came second.",
        "The FDA approved ketamine as an anaesthetic in 1970 and it has been on the WHO Essential Medicines List "
        "since 1985. The other seed posts, correctly, call it an anaesthetic.",
        ("spravato_label", "aacn2018", "who2015"),
        2,
        0,
        ("crosscheck",),
    ),
    Claim(
        "c08",
        8,
        ("S2", "S4"),
        "by stimulating BDNF and nerve growth, ketamine offers long-lasting relief.",
        "unsupported",
        "Unsupported",
        "The BDNF data are from rodents and no human trial shows lasting benefit without continued dosing.",
        "BDNF and synapse-growth findings come from rodents. In people, the benefit of one infusion fades within "
        "about a week, KARMA-Dep 2 found no gain in quality of life, and in SUSTAIN-1 the benefit held only while "
        "esketamine was continued.",
        ("li2010", "autry2011", "jelovac2025", "daly2019"),
        2,
        0,
        ("species", "durability"),
        near_miss=(
            (
                "overstated",
                "Overstated would need a real human finding that is being stretched; for lasting "
                "benefit there is none, so unsupported fits better.",
            ),
        ),
    ),
    Claim(
        "c09",
        9,
        ("S2",),
        "infusions substantially ease PTSD nightmares, flashbacks and hyperarousal, and help complex trauma.",
        "overstated",
        "Overstated",
        "Small positive trials are turned into symptom-by-symptom promises and extended to untested groups.",
        "Two small trials were positive (n=41 and n=30) and one larger trial (n=158) found nothing. None "
        "established effects on single symptoms such as nightmares, and complex trauma has not been studied.",
        ("feder2014", "feder2021", "abdallah2022"),
        3,
        1,
        ("size", "outcome"),
    ),
    Claim(
        "c10",
        10,
        ("S0",),
        "because it works within hours, ketamine is a quick and effective intervention for people at risk of suicide.",
        "overstated",
        "Overstated",
        "A real fall in suicidal thoughts is presented as protection against suicide, which is untested.",
        "After one infusion, suicidal thoughts fall within a day (individual-patient meta-analysis, n=167; NNT "
        "3.1–4.0), but no trial shows fewer suicidal acts. In the esketamine ASPIRE trials suicidality scores were "
        "no better than placebo, and the label says esketamine has not been shown to prevent suicide.",
        ("wilkinson2018", "fu2020", "ionescu2021", "spravato_label"),
        2,
        1,
        ("outcome",),
        near_miss=(
            (
                "supported",
                "The speed is real for suicidal thoughts, but 'effective' for suicide risk implies "
                "fewer suicidal acts, which no trial has shown.",
            ),
            (
                "unsupported",
                "Not quite: there is good evidence on suicidal thoughts; the claim stretches it to suicide risk.",
            ),
        ),
    ),
    Claim(
        "c11",
        11,
        ("S0", "S3", "S4"),
        "ketamine is promising for generalised anxiety, social anxiety and OCD, sometimes after a single "
        "treatment, and targets the root causes of anxiety.",
        "overstated",
        "Overstated",
        "A handful of tiny, mostly uncontrolled studies are presented as a broad, root-cause treatment.",
        "Anxiety: an open-label study of 12 people, an uncontrolled study of 20 and a crossover trial of 18 in "
        "which self-rated anxiety did not change. OCD: a positive crossover trial of 15, against an open-label "
        "study in which none of 10 responded. Nothing shows an effect on 'root causes'.",
        ("glue2017", "glue2018", "taylor2018", "rodriguez2013", "bloch2012"),
        3,
        1,
        ("size", "design"),
    ),
    Claim(
        "c12",
        12,
        ("S4",),
        "people with anxiety disorders find relief through ketamine's calming effects.",
        "wrong",
        "Mischaracterization",
        "Ketamine's acute effects are dissociation and sedation, not calm.",
        "The acute effects are dissociation and sedation, and sometimes anxiety (10% vs 7.6% on placebo in the "
        "ASPIRE trials). Anxiety scores are measured after these effects wear off; ketamine is not a calming "
        "drug in the way a benzodiazepine is.",
        ("canuso2021", "spravato_label"),
        2,
        0,
        ("crosscheck", "seller"),
    ),
    Claim(
        "c13",
        13,
        ("S4",),
        "ketamine especially suits people worried about the side effects of other medicines.",
        "misleading",
        "Misleading",
        "It suggests ketamine is gentler, when it swaps one set of burdens for another.",
        "Ketamine's own burdens include dissociation, raised blood pressure, sedation, abuse potential, bladder "
        "and liver damage with heavy use, and at least 2 hours of observation after every esketamine dose.",
        ("spravato_label", "fda_rems", "chan2022", "jhepatol2018"),
        2,
        0,
        ("seller",),
    ),
    Claim(
        "c14",
        14,
        ("S4",),
        "PTSD is one of the anxiety disorders.",
        "outdated",
        "Outdated",
        "The classification changed: PTSD now has its own diagnostic group.",
        "The current diagnostic manual, DSM-5, places PTSD among trauma- and stressor-related disorders, not "
        "anxiety disorders.",
        (),
        1,
        0,
        ("crosscheck",),
        missing_source="DSM-5 (American Psychiatric Association)",
        near_miss=(
            (
                "wrong",
                "It was the official classification in older manuals, so 'outdated' describes it better than 'wrong'.",
            ),
        ),
    ),
    Claim(
        "c15",
        15,
        ("S4",),
        "ketamine can help stabilise mood in bipolar disorder.",
        "unsupported",
        "Unsupported",
        "Only short-term treatment of bipolar depression has been tested; mood stabilisation never has.",
        "One add-on trial of 18 people with bipolar depression found benefit through day 3 only. There are no "
        "maintenance data, and a switch into mania occurred in each arm.",
        ("diazgranados2010",),
        2,
        0,
        ("size", "durability", "outcome"),
        near_miss=(
            (
                "overstated",
                "There is a small positive trial in bipolar *depression*, but mood stabilisation is "
                "a different, untested outcome, so unsupported fits better.",
            ),
        ),
    ),
    Claim(
        "c16",
        16,
        ("S1", "S3", "S0"),
        "ketamine's efficacy is unparalleled and remarkable, and it is transforming lives.",
        "overstated",
        "Promotional",
        "A real but modest and short-lived effect is described with superlatives.",
        "Esketamine beats placebo by about 4 MADRS points, and two of three TRANSFORM trials missed their primary "
        "endpoints. IV ketamine was non-inferior to ECT in one open-label trial against a short 3-week ECT "
        "course, and the benefit of one infusion fades within about a week.",
        ("popova2019", "fedgchin2019", "ochsross2020", "anand2023", "newport2015"),
        3,
        2,
        ("seller", "design", "durability"),
        near_miss=(("unsupported", "There is good evidence of a short-term effect; the problem is the superlative."),),
    ),
    Claim(
        "c17",
        17,
        ("S1",),
        "ketamine is valuable in chronic pain, including neuropathic pain, fibromyalgia and CRPS.",
        "overstated",
        "Partly unsupported",
        "Moderate short-term evidence in CRPS is extended to conditions where the evidence is weak or absent.",
        "Consensus guidelines rate the evidence for CRPS moderate, for up to 12 weeks, but weak or absent for "
        "fibromyalgia and most neuropathic pain; fibromyalgia relief lasts hours.",
        ("cohen2018", "pastrak2021", "sigtermans2009"),
        2,
        1,
        ("size", "durability"),
    ),
    Claim(
        "c18",
        18,
        ("S3",),
        "infusions or topical ketamine bring significant relief and better quality of life in CRPS and diabetic "
        "neuropathy.",
        "overstated",
        "Overstated",
        "Short-lived pain relief in CRPS is stretched to quality of life and to a cream that failed its trial.",
        "In CRPS, pain fell at week 1 but the effect was gone by week 12 with no gain in function, and quality of "
        "life was not shown to improve. The only placebo-controlled trial of 5% ketamine cream in painful "
        "diabetic neuropathy (17 completers) was negative.",
        ("sigtermans2009", "jampodiatr2012cream", "cohen2018"),
        3,
        1,
        ("outcome", "durability"),
    ),
    Claim(
        "c19",
        19,
        ("S1", "S0"),
        "nasal and oral forms are still being explored, and sprays and under-the-tongue tablets are making "
        "treatment more accessible.",
        "outdated",
        "Outdated / overstated",
        "The nasal form was approved years ago, and the approval came with tight restrictions.",
        "Esketamine nasal spray was approved in the US in 2019, but only for use in certified clinics under the "
        "REMS, never at home. Oral and sublingual ketamine are unapproved, with bioavailability of only about "
        "20–30%.",
        ("spravato_label", "fda_rems", "chong2006", "rolan2014"),
        1,
        2,
        ("crosscheck",),
    ),
    Claim(
        "c20",
        20,
        ("S3", "S4"),
        "ketamine's antidepressant effect comes from synaptogenesis, the growth of new connections.",
        "overstated",
        "Too firm",
        "A rodent hypothesis is presented as the settled explanation.",
        "Synapse growth was shown in rodents. In mice, new spines appear after behaviour has already improved "
        "and seem to maintain rather than start the benefit; no human study has shown it.",
        ("li2010", "modasava2019"),
        2,
        1,
        ("species",),
    ),
    Claim(
        "c21",
        21,
        ("S0", "S1"),
        "standard antidepressants take weeks or even months to work.",
        "outdated",
        "Partly outdated",
        "A meta-analysis overturned the long-held belief that SSRIs do nothing for weeks.",
        "SSRIs separate from placebo by week 1, when about a third of their 6-week benefit is already present; "
        "the full effect builds over 4–6 weeks.",
        ("taylor2006",),
        2,
        1,
        ("crosscheck",),
        near_miss=(
            (
                "wrong",
                "Full benefit does take weeks, so the claim is not simply false; it repeats an older "
                "belief that the 2006 meta-analysis corrected.",
            ),
        ),
    ),
    Claim(
        "c22",
        22,
        ("S4",),
        "ketamine was developed for surgery and the battlefield, and its effects can be felt right away.",
        "misleading",
        "Imprecise",
        "Each half has a grain of truth but blurs an important distinction.",
        "It was made in 1962 as a safer replacement for PCP-type anaesthetics; battlefield use came after its "
        "1970 approval. Perception changes at once, but mood improves only after about 2–4 hours.",
        ("domino2010", "aacn2018", "zarate2006"),
        2,
        1,
        ("crosscheck",),
    ),
    Claim(
        "c23",
        23,
        ("S1",),
        "the side effects to expect are dissociation, hallucinations, raised blood pressure and brief cognitive "
        "impairment.",
        "misleading",
        "Incomplete",
        "Every item is real, but the short list leaves out serious harms.",
        "The list omits sedation, breathing depression, abuse and misuse, bladder damage (ulcerative cystitis), "
        "liver and bile-duct injury with heavy use, and risk to a fetus.",
        ("spravato_label", "ketalar_label", "chan2022", "jhepatol2018"),
        1,
        2,
        ("seller",),
        near_miss=(
            (
                "supported",
                "Each listed effect is real, but a list that omits sedation, abuse, bladder and liver "
                "harm and fetal risk leaves a false impression of safety.",
            ),
        ),
    ),
    Claim(
        "c24",
        24,
        ("S0", "S1", "S2", "S3", "S4"),
        "ketamine is both an anaesthetic and chiefly a recreational drug; it raises glutamate, lowers it and "
        "releases GABA; its nasal form is still being explored yet already in use; and it calms people while "
        "causing hallucinations.",
        "contradictory",
        "Inconsistent",
        "The posts cannot all be right, and together they contradict one another on four points.",
        "The evidence sides with: an anaesthetic first; a brief rise in glutamate release (in rats) with less "
        "GABA-interneuron activity; esketamine spray approved since 2019; dissociation, not calm, as the acute "
        "effect.",
        ("spravato_label", "moghaddam1997", "homayoun2007"),
        2,
        1,
        ("crosscheck",),
    ),
    # --- Claims audited here in addition (rated from the same facts sheet) -------------------------
    Claim(
        "c25",
        None,
        ("S0", "S3", "S4"),
        "ketamine began as an anaesthetic.",
        "supported",
        "",
        "The regulatory and historical record agrees.",
        "It was synthesised in 1962, first given to volunteers in 1964, approved by the FDA in 1970 and has been "
        "on the WHO Essential Medicines List since 1985.",
        ("domino2010", "domino1965", "spravato_label", "who2015"),
        1,
        3,
        ("crosscheck",),
    ),
    Claim(
        "c26",
        None,
        ("S1", "S2", "S4"),
        "ketamine acts by blocking NMDA receptors.",
        "supported",
        "",
        "Binding studies and the product labels agree that the NMDA receptor is its main target.",
        "In a broad screen of binding sites, its highest affinity was at the NMDA receptor's channel site; labels "
        "describe it as a non-competitive NMDA antagonist. How that block relieves depression is a separate, "
        "open question.",
        ("roth2013", "ketalar_label"),
        2,
        3,
        ("species",),
    ),
    Claim(
        "c27",
        None,
        ("S0",),
        "in treatment-resistant depression, ketamine can ease symptoms within hours.",
        "supported",
        "",
        "Controlled trials and meta-analyses show a rapid effect; the weak point is how long it lasts.",
        "Improvement began within about 2 hours in a placebo-controlled trial, and meta-analyses confirm large "
        "effects at 24 hours (response odds ratio 9.87). The catch is durability, not speed.",
        ("zarate2006", "newport2015", "bahji2022"),
        2,
        3,
        ("durability",),
        near_miss=(
            (
                "overstated",
                "Not here: the claim is only about speed, and speed is well supported. It would be "
                "overstated if it promised lasting relief.",
            ),
        ),
    ),
    Claim(
        "c28",
        None,
        ("S1", "S2"),
        "side effects include dissociation and raised blood pressure.",
        "supported",
        "",
        "Both are common, well-documented effects.",
        "Dissociation occurred in 61–84% of people on esketamine, and blood pressure rose by at least 40/25 mmHg "
        "in 8–19% (1–4% on placebo).",
        ("spravato_label", "szarmach2020"),
        1,
        3,
        ("seller",),
    ),
    Claim(
        "c29",
        None,
        ("S4",),
        "exactly how ketamine relieves depression is not fully understood.",
        "supported",
        "",
        "An honest hedge: several mechanisms are proposed and none is established in people.",
        "Several mechanisms have been proposed, mostly from rodent work, and they may act together; none is "
        "established in people.",
        ("zanosgould2018",),
        0,
        3,
        ("species",),
    ),
)

#: Claims used as quiz questions (the rest are left for the exercises and the chapter).
QUIZ_CLAIM_IDS: tuple[str, ...] = (
    "c01",
    "c02",
    "c04",
    "c05",
    "c08",
    "c10",
    "c14",
    "c15",
    "c16",
    "c21",
    "c23",
    "c27",
)


# --- Look-ups and summaries ---------------------------------------------------------------------------
def claim(claim_id: str) -> Claim:
    """The :class:`Claim` with id ``claim_id`` (e.g. ``"c10"``)."""
    one_of(claim_id, [c.id for c in CLAIMS], "claim id")
    return next(c for c in CLAIMS if c.id == claim_id)


def claims_for_seed(seed: str | None = None) -> tuple[Claim, ...]:
    """Claims made by one seed post (``"S0"``–``"S4"``), or all claims for ``None``."""
    if seed is None:
        return CLAIMS
    one_of(seed, SEEDS, "seed")
    return tuple(c for c in CLAIMS if seed in c.seeds)


def audited_claims() -> tuple[Claim, ...]:
    """The claims that follow the facts-sheet audit (section 7)."""
    return tuple(c for c in CLAIMS if c.audit_no is not None)


def verdict_counts(claims: Iterable[Claim] | None = None) -> dict[str, int]:
    """Number of claims with each verdict, in :data:`VERDICTS` order (zeros included)."""
    counts = Counter(c.verdict for c in (CLAIMS if claims is None else claims))
    return {v: counts.get(v, 0) for v in VERDICTS}


def overclaims(claims: Iterable[Claim] | None = None) -> tuple[Claim, ...]:
    """Claims whose claim strength exceeds their evidence strength (above the diagonal)."""
    return tuple(c for c in (CLAIMS if claims is None else claims) if c.gap > 0)


def checklist_counts(claims: Iterable[Claim] | None = None) -> dict[str, int]:
    """How many problem claims each checklist item exposes, in :data:`CHECKLIST` order.

    Supported claims are skipped: for them the listed item is the check they pass, not a problem it exposes.
    """
    pool = CLAIMS if claims is None else claims
    counts = Counter(item for c in pool if c.verdict != "supported" for item in c.checklist)
    return {item.key: counts.get(item.key, 0) for item in CHECKLIST}


def checklist_item(key: str) -> ChecklistItem:
    """The :class:`ChecklistItem` with ``key``."""
    one_of(key, [c.key for c in CHECKLIST], "checklist item")
    return next(c for c in CHECKLIST if c.key == key)


def all_citation_keys() -> set[str]:
    """Every citation key the claims table uses."""
    return {k for c in CLAIMS for k in c.keys}


# --- Display objects ----------------------------------------------------------------------------------
def _table_html(caption: str, header: list[str], rows: list[list[str]]) -> str:
    return Table(caption, tuple(header), tuple(tuple(r) for r in rows))._repr_html_()


class ChecklistView:
    """The checklist, displayed as an HTML table with a plain-text fallback."""

    def __init__(self, items: tuple[ChecklistItem, ...] = CHECKLIST) -> None:
        self.items = items

    def _repr_html_(self) -> str:
        rows = [
            [f"{i}. {it.title}", it.question, it.why, "; ".join(it.red_flags)] for i, it in enumerate(self.items, 1)
        ]
        return _table_html(
            "A seven-question checklist for health claims.", ["Check", "Ask", "Why it matters", "Red flags"], rows
        )

    def __str__(self) -> str:
        return "\n".join(f"{i}. {it.title} [{it.key}]: {it.question}" for i, it in enumerate(self.items, 1))

    def __repr__(self) -> str:
        return str(self)


class ClaimsView:
    """Selected claims as an HTML table (seed, claim, verdict, evidence) with a text fallback."""

    def __init__(self, claims: tuple[Claim, ...]) -> None:
        self.claims = claims

    def _repr_html_(self) -> str:
        rows = [
            [
                str(c.number),
                c.seed_text,
                c.sentence,
                c.verdict,
                f"{c.claim_strength} / {c.evidence_strength}",
                c.evidence,
            ]
            for c in self.claims
        ]
        return _table_html(
            "Audited claims: verdict, scores (claim / evidence, 0–3) and the evidence.",
            ["No.", "Seed", "Claim (paraphrased)", "Verdict", "Scores", "Evidence"],
            rows,
        )

    def __str__(self) -> str:
        return "\n".join(
            f"{c.number} [{c.seed_text}] {c.verdict} (claim {c.claim_strength}, evidence {c.evidence_strength}): "
            f"{c.sentence}"
            for c in self.claims
        )

    def __repr__(self) -> str:
        return str(self)


class VerdictsView:
    """The verdict vocabulary with its mapping from the facts-sheet wording."""

    def _repr_html_(self) -> str:
        rows = [
            [v, meaning, ", ".join(k for k, m in FACTS_VERDICT_MAP.items() if m == v) or "(used for extra claims)"]
            for v, meaning in VERDICTS.items()
        ]
        return _table_html("The verdict vocabulary.", ["Verdict", "Meaning", "Facts-sheet wording mapped here"], rows)

    def __str__(self) -> str:
        return "\n".join(f"{v}: {meaning}" for v, meaning in VERDICTS.items())

    def __repr__(self) -> str:
        return str(self)


def checklist() -> ChecklistView:
    """The checklist, ready to display."""
    return ChecklistView()


def verdicts() -> VerdictsView:
    """The verdict vocabulary, ready to display."""
    return VerdictsView()


def claims_table(claim_ids: Iterable[str] | None = None, *, seed: str | None = None) -> ClaimsView:
    """Claims as a displayable table: chosen ids, one seed's claims, or all."""
    if claim_ids is not None and seed is not None:
        raise ValueError("give claim_ids or seed, not both")
    if claim_ids is not None:
        if isinstance(claim_ids, str):
            raise TypeError(f"claim_ids must be a list of ids, not a single string {claim_ids!r}")
        return ClaimsView(tuple(claim(cid) for cid in claim_ids))
    return ClaimsView(claims_for_seed(seed))


# --- The quiz bank -------------------------------------------------------------------------------------
def choice_feedback(c: Claim, picked: str) -> str:
    """Feedback for picking verdict ``picked`` for claim ``c`` (used by the quiz and the exercises)."""
    one_of(picked, VERDICTS, "verdict")
    if picked == c.verdict:
        return f"Yes: {c.verdict}. {c.reason}"
    specific = dict(c.near_miss).get(picked)
    if specific:
        return f"Not the best fit. {specific}"
    return f"Not the best fit: '{picked}' would mean {VERDICTS[picked]}. Consider this: {c.reason}"


def _seed_subject(c: Claim) -> str:
    """``"Seed post S2 says"`` or ``"Seed posts S0 and S1 say"``."""
    if len(c.seeds) > 1:
        return f"Seed posts {c.seed_text} say"
    return f"Seed post {c.seed_text} says"


def quiz_bank_data() -> dict[str, Any]:
    """The ``appraisal`` quiz bank as plain data, generated from :data:`CLAIMS`."""
    questions = []
    for cid in QUIZ_CLAIM_IDS:
        c = claim(cid)
        questions.append(
            {
                "id": c.id,
                "bloom": "evaluate",
                "prompt": f"{_seed_subject(c)}, in effect, that {c.paraphrase} Which verdict fits best?",
                "choices": [
                    {"text": v, "correct": True, "feedback": choice_feedback(c, v)}
                    if v == c.verdict
                    else {"text": v, "feedback": choice_feedback(c, v)}
                    for v in VERDICTS
                ],
                "explanation": c.evidence,
                "references": list(c.keys),
            }
        )
    return {"chapter": "appraisal", "title": "Grade the claims: seed posts under the checklist", "questions": questions}


def write_quiz_bank(path: str | Path | None = None) -> Path:
    """Write :func:`quiz_bank_data` as YAML (by default to the chapter's ``quiz.yaml``)."""
    import yaml

    target = Path(path) if path is not None else Path(__file__).parent / "quiz.yaml"
    header = "# Generated by ketcourse.chapters.appraisal.content.write_quiz_bank() from the claims table: do not edit by hand.\n"
    text = yaml.safe_dump(quiz_bank_data(), sort_keys=False, allow_unicode=True, width=110)
    target.write_text(header + text, encoding="utf-8")
    return target


__all__ = [
    "CHECKLIST",
    "CLAIMS",
    "CLAIM_SCALE",
    "EVIDENCE_SCALE",
    "FACTS_VERDICT_MAP",
    "QUIZ_CLAIM_IDS",
    "SEEDS",
    "VERDICTS",
    "ChecklistItem",
    "Claim",
    "all_citation_keys",
    "audited_claims",
    "checklist",
    "checklist_counts",
    "checklist_item",
    "choice_feedback",
    "claim",
    "claims_for_seed",
    "claims_table",
    "overclaims",
    "quiz_bank_data",
    "verdict_counts",
    "verdicts",
    "write_quiz_bank",
]
