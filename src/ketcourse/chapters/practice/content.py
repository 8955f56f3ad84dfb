"""Data tables for the clinical-practice chapter, loaded from ``data/*.yaml`` and checked with pydantic.

Every row carries the citation keys (``references.bib``) of the label, study or regulator it
paraphrases. The tables describe what sources say; they are teaching material, not a protocol,
and nothing in them is a dose for anyone.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from ketcourse.engine.data import Record, load_model
from ketcourse.engine.tables import Table

DATA = Path(__file__).with_name("data")

Key = str


class LabelRow(Record):
    """One topic on which the US esketamine label and the EU summary of product characteristics are compared."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    topic: str
    kind: Literal["contraindication", "caution", "condition"]
    us: str
    eu: str
    us_keys: list[Key] = Field(min_length=1)
    eu_keys: list[Key] = Field(min_length=1)
    differs: bool


class LabelFile(Record):
    rows: list[LabelRow] = Field(min_length=1)


class PopulationRow(Record):
    """What a label or regulator says about one special population."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    group: str
    product: str
    statement: str
    keys: list[Key] = Field(min_length=1)


class PopulationFile(Record):
    rows: list[PopulationRow] = Field(min_length=1)


class InteractionStudy(Record):
    """One pharmacokinetic interaction study of S-ketamine or esketamine in volunteers.

    ``auc_ratio`` is exposure with the interacting drug over exposure without it (1 = no change),
    or None when the source gives no number.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    perpetrator: str
    action: Literal["CYP2B6 inhibitor", "CYP3A inhibitor", "enzyme inducer"]
    route: Literal["oral", "intravenous", "nasal"]
    product: str
    n: int | None = Field(gt=0)
    auc_ratio: float | None = Field(gt=0)
    finding: str
    keys: list[Key] = Field(min_length=1)

    @property
    def percent_change(self) -> float | None:
        """Change in exposure, percent (+140 for a 2.4-fold rise, -86 for a ratio of 0.14)."""
        return None if self.auc_ratio is None else 100.0 * (self.auc_ratio - 1.0)


class InteractionFile(Record):
    studies: list[InteractionStudy] = Field(min_length=1)


class PdInteraction(Record):
    """A pharmacodynamic interaction: the labels' statement and what studies found."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    combined_with: str
    label: str
    studies: str
    keys: list[Key] = Field(min_length=1)


class PdFile(Record):
    rows: list[PdInteraction] = Field(min_length=1)


class RegulatoryEvent(Record):
    """A dated regulatory decision, communication or guideline position."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    region: Literal["US", "EU", "UK"]
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    event: str
    as_of: str
    keys: list[Key] = Field(min_length=1)


class RegulationFile(Record):
    events: list[RegulatoryEvent] = Field(min_length=1)


@cache
def label_rows() -> tuple[LabelRow, ...]:
    """US vs EU esketamine label statements (``data/labels.yaml``)."""
    return tuple(load_model(DATA / "labels.yaml", LabelFile).rows)


@cache
def population_rows() -> tuple[PopulationRow, ...]:
    """Special populations (``data/populations.yaml``)."""
    return tuple(load_model(DATA / "populations.yaml", PopulationFile).rows)


@cache
def interaction_studies() -> tuple[InteractionStudy, ...]:
    """Pharmacokinetic interaction studies by route (``data/interactions.yaml``)."""
    return tuple(load_model(DATA / "interactions.yaml", InteractionFile).studies)


@cache
def pd_interactions() -> tuple[PdInteraction, ...]:
    """Pharmacodynamic interactions (``data/pd_interactions.yaml``)."""
    return tuple(load_model(DATA / "pd_interactions.yaml", PdFile).rows)


@cache
def regulatory_events() -> tuple[RegulatoryEvent, ...]:
    """Regulatory events in date order (``data/regulation.yaml``)."""
    return tuple(sorted(load_model(DATA / "regulation.yaml", RegulationFile).events, key=lambda e: e.date))


def study(study_id: str) -> InteractionStudy:
    """The interaction study with this id."""
    for s in interaction_studies():
        if s.id == study_id:
            return s
    raise KeyError(f"no interaction study {study_id!r}; ids: {[s.id for s in interaction_studies()]}")


def label_row(row_id: str) -> LabelRow:
    """The label comparison row with this id."""
    for r in label_rows():
        if r.id == row_id:
            return r
    raise KeyError(f"no label row {row_id!r}; ids: {[r.id for r in label_rows()]}")


# --- tables ------------------------------------------------------------------------------------
def label_table(*, only_differences: bool = False) -> Table:
    """US prescribing information vs EU summary of product characteristics for esketamine."""
    rows = [r for r in label_rows() if r.differs or not only_differences]
    return Table(
        "Esketamine nasal spray: US label vs EU summary of product characteristics (paraphrased)",
        ("Topic", "Type", "US prescribing information", "EU summary of product characteristics", "Same?"),
        tuple((r.topic, r.kind, r.us, r.eu, "differs" if r.differs else "same") for r in rows),
        note=(
            "US column: prescribing information (2019, with later label copies). EU column: SmPC, 2025 revision; "
            "pregnancy and breastfeeding rows from the Hong Kong prescribing information. Paraphrased, not quoted."
        ),
    )


def populations_table() -> Table:
    """Special populations as the labels and the FDA describe them."""
    return Table(
        "Special populations: what the labels and the FDA say (paraphrased)",
        ("Group", "Product and source", "Statement"),
        tuple((r.group, r.product, r.statement) for r in population_rows()),
    )


def _ratio_text(s: InteractionStudy) -> str:
    if s.auc_ratio is None:
        return "no increase"
    return f"x{s.auc_ratio:.2g} ({s.percent_change:+.0f}%)"


def interactions_table() -> Table:
    """Pharmacokinetic interaction studies, grouped by route."""
    order = {"oral": 0, "intravenous": 1, "nasal": 2}
    rows = sorted(interaction_studies(), key=lambda s: (order[s.route], s.perpetrator))
    return Table(
        "Interaction studies of S-ketamine and esketamine in healthy volunteers, by route",
        ("Route and product", "Interacting drug", "Acts as", "n", "Exposure (AUC)", "Finding"),
        tuple(
            (s.product, s.perpetrator, s.action, "" if s.n is None else str(s.n), _ratio_text(s), s.finding)
            for s in rows
        ),
        note="Exposure ratio: AUC with the interacting drug divided by AUC without it. Single studies, small samples.",
    )


def pd_table() -> Table:
    """Pharmacodynamic interactions: labels and studies."""
    return Table(
        "Pharmacodynamic interactions: what the labels say and what studies found",
        ("Combined with", "Labels", "Studies"),
        tuple((r.combined_with, r.label, r.studies) for r in pd_interactions()),
    )


def regulation_table(region: str | None = None) -> Table:
    """Dated regulatory events, optionally for one region."""
    rows = [e for e in regulatory_events() if region is None or e.region == region]
    return Table(
        "Regulation and guidance, dated by source" + (f" ({region})" if region else ""),
        ("Date", "Where", "What", "As of"),
        tuple((e.date, e.region, e.event, e.as_of) for e in rows),
    )


def all_citation_keys() -> set[str]:
    """Every citation key the chapter's data files use."""
    keys: set[str] = set()
    for lr in label_rows():
        keys.update(lr.us_keys, lr.eu_keys)
    for table in (population_rows(), interaction_studies(), pd_interactions(), regulatory_events()):
        for row in table:
            keys.update(row.keys)
    return keys


__all__ = [
    "DATA",
    "InteractionStudy",
    "LabelRow",
    "PdInteraction",
    "PopulationRow",
    "RegulatoryEvent",
    "all_citation_keys",
    "interaction_studies",
    "interactions_table",
    "label_row",
    "label_rows",
    "label_table",
    "pd_interactions",
    "pd_table",
    "population_rows",
    "populations_table",
    "regulation_table",
    "regulatory_events",
    "study",
]
