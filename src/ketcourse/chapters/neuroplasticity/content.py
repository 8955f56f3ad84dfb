"""Neuroplasticity evidence as data: timed findings after ketamine, and the open debates.

Each row cites keys in ``references.bib``; values come from the project's
vetted facts sheet. Where the facts sheet marks a timing as recalled from
memory rather than checked, the row says so (``timing_verified=False``) and
the figures draw it differently; the chapter does not present those timings
as established.
"""

from __future__ import annotations

from dataclasses import dataclass

from ketcourse.engine.validate import one_of
from ketcourse.science.parameters import (
    REPEATED_DOSE_SPINES_INCREASED_H,
    REPEATED_DOSE_SPINES_UNCHANGED_H,
    SPINE_FORMATION_INCREASED_H,
    SPINE_FORMATION_UNCHANGED_H,
)

#: Levels of the findings timeline, in display order, with their headings.
LEVELS: dict[str, str] = {
    "molecular": "Molecular signalling",
    "behavioural": "Behaviour",
    "structural": "Spines: one dose",
    "structural_repeated": "Spines: daily doses",
}

#: What a finding reports.
OUTCOMES = ("change", "no change")


@dataclass(frozen=True)
class Finding:
    """One timed observation after ketamine in rodents.

    Attributes
    ----------
    id : str
        Short identifier.
    level : str
        One of :data:`LEVELS`.
    label : str
        What was seen, in a few words.
    start_h, end_h : float
        Window after the (first) dose in which it was seen (h). A finding
        reported "within" a time has ``start_h = 0``; a single time point has
        ``start_h == end_h``.
    outcome : {"change", "no change"}
        Whether a change was seen in that window.
    timing_verified : bool
        False where the facts sheet marks the timing as unverified.
    model : str
        Animal and brain region.
    sources : tuple of str
        Citation keys.
    """

    id: str
    level: str
    label: str
    start_h: float
    end_h: float
    outcome: str
    timing_verified: bool
    model: str
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        one_of(self.level, LEVELS, "level")
        one_of(self.outcome, OUTCOMES, "outcome")
        if not 0 <= self.start_h <= self.end_h:
            raise ValueError(f"finding {self.id!r}: need 0 <= start_h <= end_h, got {self.start_h}, {self.end_h}")
        if not self.sources:
            raise ValueError(f"finding {self.id!r} needs at least one source key")


_UNCH = SPINE_FORMATION_UNCHANGED_H.range
_INCR = SPINE_FORMATION_INCREASED_H.range
_REP_UNCH = REPEATED_DOSE_SPINES_UNCHANGED_H.range
_REP_INCR = REPEATED_DOSE_SPINES_INCREASED_H.range

#: Timed findings, ordered by level and then by time.
FINDINGS: tuple[Finding, ...] = (
    Finding(
        "mtorc1-activation",
        "molecular",
        "mTORC1 signalling switched on 'rapidly'",
        0.0,
        1.0,
        "change",
        False,
        "rat prefrontal cortex",
        ("li2010",),
    ),
    Finding(
        "behaviour-rescued",
        "behavioural",
        "Stress-induced behaviour rescued, before new spines",
        0.0,
        3.0,
        "change",
        False,
        "mouse, stress model",
        ("modasava2019",),
    ),
    Finding(
        "spines-unchanged",
        "structural",
        "Spine formation not yet changed",
        _UNCH[0],
        _UNCH[1],
        "no change",
        True,
        "mouse prefrontal cortex, stress model",
        (SPINE_FORMATION_UNCHANGED_H.source,),
    ),
    Finding(
        "spines-increased",
        "structural",
        "Spine formation up; lost spines restored",
        _INCR[0],
        _INCR[1],
        "change",
        True,
        "mouse prefrontal cortex, stress model",
        (SPINE_FORMATION_INCREASED_H.source,),
    ),
    Finding(
        "li-synapses",
        "structural",
        "More, stronger spine synapses (layer V)",
        24.0,
        24.0,
        "change",
        False,
        "rat prefrontal cortex",
        ("li2010",),
    ),
    Finding(
        "repeated-unchanged",
        "structural_repeated",
        "Spine formation not raised",
        _REP_UNCH[0],
        _REP_UNCH[1],
        "no change",
        True,
        "mouse somatosensory cortex, no stress",
        (REPEATED_DOSE_SPINES_UNCHANGED_H.source,),
    ),
    Finding(
        "repeated-increased",
        "structural_repeated",
        "Spine formation raised",
        _REP_INCR[0],
        _REP_INCR[1],
        "change",
        True,
        "mouse somatosensory cortex, no stress",
        (REPEATED_DOSE_SPINES_INCREASED_H.source,),
    ),
)


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence in a debate: what was found, in whom, and where it was published."""

    statement: str
    kind: str
    sources: tuple[str, ...]

    def __post_init__(self) -> None:
        one_of(self.kind, EVIDENCE_KINDS, "kind")
        if not self.sources:
            raise ValueError(f"evidence {self.statement[:40]!r} needs at least one source key")


#: What kind of study a piece of evidence comes from.
EVIDENCE_KINDS = ("animal", "cells", "human", "commentary")


@dataclass(frozen=True)
class Debate:
    """An open scientific question about how ketamine works.

    Attributes
    ----------
    id : str
        Short identifier.
    title : str
        Name of the debate.
    claim : str
        The proposal being debated.
    supporting, opposing : tuple of Evidence
        Evidence for and against the claim.
    status : str
        Where the debate stands, in one sentence.
    """

    id: str
    title: str
    claim: str
    supporting: tuple[Evidence, ...]
    opposing: tuple[Evidence, ...]
    status: str

    @property
    def sources(self) -> tuple[str, ...]:
        """Every citation key in the debate, in order of first appearance."""
        keys: list[str] = []
        for ev in self.supporting + self.opposing:
            keys += [k for k in ev.sources if k not in keys]
        return tuple(keys)

    @property
    def has_human_evidence(self) -> bool:
        """True if any evidence for or against comes from people."""
        return any(ev.kind == "human" for ev in self.supporting + self.opposing)


DEBATES: tuple[Debate, ...] = (
    Debate(
        "hnk",
        "Is a metabolite, (2R,6R)-HNK, the active antidepressant?",
        "(2R,6R)-hydroxynorketamine, formed from ketamine in the body, produces the antidepressant-like effect "
        "without blocking NMDA receptors.",
        (
            Evidence(
                "In mice the metabolite had antidepressant-like effects that did not depend on NMDA-receptor block.",
                "animal",
                ("zanos2016",),
            ),
        ),
        (
            Evidence("The metabolite does block NMDA-receptor channels.", "cells", ("suzuki2017",)),
            Evidence(
                "It blocks NMDA receptors with an IC50 of about 46 µM, roughly 100 times more weakly than ketamine.",
                "cells",
                ("abbott2020",),
            ),
            Evidence("It was inactive in a rat learned-helplessness model.", "animal", ("shirayama2018",)),
            Evidence("A search for its direct protein target found none.", "cells", ("bonaventura2022",)),
        ),
        "Open. Evidence on both sides comes from animals and cells.",
    ),
    Debate(
        "habenula",
        "Does ketamine act by silencing burst firing in the lateral habenula?",
        "In depressed-like rodents, neurons of the lateral habenula fire in NMDA-dependent bursts; ketamine "
        "blocks the bursts and so releases the brain's reward centres from inhibition.",
        (
            Evidence(
                "Bursting was raised in depressed-like rodents, and ketamine blocked it with a rapid "
                "antidepressant-like effect.",
                "animal",
                ("yang2018",),
            ),
        ),
        (),
        "Proposed from rodent work; how it fits with the cortical spine model is an open question.",
    ),
    Debate(
        "opioid",
        "Does the antidepressant effect need the opioid system?",
        "Ketamine's antidepressant effect depends on opioid-receptor signalling.",
        (
            Evidence(
                "Pretreatment with the opioid blocker naltrexone abolished the antidepressant response but not "
                "dissociation; the trial stopped at an interim analysis with 12 completers.",
                "human",
                ("williams2018",),
            ),
        ),
        (
            Evidence(
                "A letter argued that an opioid role might be only permissive, not the mechanism.",
                "commentary",
                ("sanacoraletter",),
            ),
            Evidence("Naltrexone did not blunt the response in a 5-patient case series.", "human", ("yoon2019",)),
            Evidence(
                "In a 65-patient randomised trial naltrexone did not blunt the response; every arm, including "
                "midazolam, had over 80% remission.",
                "human",
                ("yoon2025",),
            ),
            Evidence(
                "Ketamine binds opioid receptors only at tens of micromolar, far above antidepressant levels.",
                "cells",
                ("anesthesiology1999opioid",),
            ),
        ),
        "Unresolved. Small human studies point in different directions.",
    ),
)


def finding(finding_id: str) -> Finding:
    """The finding with id ``finding_id`` (see :data:`FINDINGS`)."""
    for f in FINDINGS:
        if f.id == finding_id:
            return f
    one_of(finding_id, [f.id for f in FINDINGS], "finding id")
    raise AssertionError("unreachable")  # pragma: no cover


def debate(debate_id: str) -> Debate:
    """The debate with id ``debate_id`` (see :data:`DEBATES`)."""
    for d in DEBATES:
        if d.id == debate_id:
            return d
    one_of(debate_id, [d.id for d in DEBATES], "debate id")
    raise AssertionError("unreachable")  # pragma: no cover


def findings(level: str | None = None, *, verified_only: bool = False) -> tuple[Finding, ...]:
    """Findings, optionally of one level and only those whose timing is verified."""
    if level is not None:
        one_of(level, LEVELS, "level")
    return tuple(
        f for f in FINDINGS if (level is None or f.level == level) and (f.timing_verified or not verified_only)
    )


def all_sources() -> set[str]:
    """Every citation key the tables use."""
    return {k for f in FINDINGS for k in f.sources} | {k for d in DEBATES for k in d.sources}
