"""Trial numbers the capstone cases and their exercise use, each with its citation key (``references.bib``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ketcourse.engine.tables import Table

#: Folder of the case files (``cases/*.yaml``) rendered by ``ketcourse.engine.cases``.
CASES_DIR = Path(__file__).with_name("cases")


@dataclass(frozen=True)
class ArmResult:
    """A binary outcome in two arms of one trial, in percent of patients."""

    trial: str
    outcome: str
    treatment: str
    treatment_pct: float
    control: str
    control_pct: float
    key: str

    @property
    def difference_points(self) -> float:
        """Treatment minus control, percentage points."""
        return self.treatment_pct - self.control_pct

    @property
    def nnt(self) -> float:
        """Number needed to treat: 1 / absolute difference (as a fraction)."""
        return 100.0 / self.difference_points


#: ELEKT-D: response (>= 50% fall in QIDS-SR16) after 3 weeks, ketamine vs ECT; margin -10 points.
ELEKTD_RESPONSE = ArmResult("ELEKT-D", "response", "ketamine", 55.4, "ECT", 41.2, "anand2023")
ELEKTD_MARGIN_POINTS = -10.0
#: KetECT: remission (MADRS <= 10), ECT vs ketamine.
KETECT_REMISSION = ArmResult("KetECT", "remission", "ECT", 63.0, "ketamine", 46.0, "ekstrand2022")
#: Abbar 2022: full remission of suicidal ideation at day 3, ketamine vs placebo.
ABBAR_REMISSION = ArmResult(
    "Abbar 2022", "suicidal-ideation remission at day 3", "ketamine", 63.0, "placebo", 31.6, "abbar2022"
)
#: ESCAPE-TRD: remission at week 8, esketamine vs quetiapine extended release.
ESCAPE_REMISSION = ArmResult("ESCAPE-TRD", "remission at week 8", "esketamine", 27.1, "quetiapine XR", 17.6, "reif2023")

RESULTS: tuple[ArmResult, ...] = (ELEKTD_RESPONSE, KETECT_REMISSION, ABBAR_REMISSION, ESCAPE_REMISSION)


def case_files() -> tuple[Path, ...]:
    """The case files of this chapter, sorted by name."""
    return tuple(sorted(CASES_DIR.glob("*.yaml")))


def results_table() -> Table:
    """The trial results the cases draw on, with the absolute difference and NNT computed from them."""
    return Table(
        "Trial results behind the cases (percent of patients)",
        ("Trial", "Outcome", "Arm A", "Arm B", "Difference (points)", "NNT"),
        tuple(
            (
                r.trial,
                r.outcome,
                f"{r.treatment} {r.treatment_pct:g}%",
                f"{r.control} {r.control_pct:g}%",
                f"{r.difference_points:+.1f}",
                f"{r.nnt:.1f}",
            )
            for r in RESULTS
        ),
        note="NNT = 100 / difference in percentage points, favouring arm A. Designs differ: see the evidence chapter.",
    )


__all__ = [
    "ABBAR_REMISSION",
    "CASES_DIR",
    "ELEKTD_MARGIN_POINTS",
    "ELEKTD_RESPONSE",
    "ESCAPE_REMISSION",
    "KETECT_REMISSION",
    "RESULTS",
    "ArmResult",
    "case_files",
    "results_table",
]
