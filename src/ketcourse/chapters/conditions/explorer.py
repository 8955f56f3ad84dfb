"""Explorers for the chapter on conditions and the evidence."""

from __future__ import annotations

from ketcourse.chapters.conditions.figures import draw_response_explorer
from ketcourse.engine.explorers.spec import Choice, Explorer, Slider
from ketcourse.science import response as rs

#: Read-out times offered by the response explorer (days since the first dose).
RESPONSE_DAYS = (1, 3, 7, 14, 21, 28, 42)


def _alt(treatment: str, day: float) -> str:
    value = 100 * rs.response_at(day, treatment)
    if treatment == "ssri":
        reading = f"{value:.0f}% of its 6-week effect"
        shape = "an orange SSRI curve rising steadily to a plateau from week 4"
    else:
        reading = f"{value:.0f}% of patients responding"
        shape = (
            "the one-infusion, six-infusion-course and control-arm response curves, with the "
            f"{rs.TREATMENTS[treatment].lower()} highlighted"
        )
    return (
        f"Line chart over 42 days showing {shape}; a marker at day {day:g} reads {reading} for the "
        f"{rs.TREATMENTS[treatment].lower()}."
    )


def response_explorer() -> Explorer:
    """Pick a treatment and a day; read off the illustrative response at that time."""
    return Explorer(
        name="conditions-response",
        title="Explore: how much response is left on a given day?",
        controls=(
            Choice("treatment", "Treatment", tuple((label, key) for key, label in rs.TREATMENTS.items()), "single"),
            Slider("day", "Days since the first dose", "days", RESPONSE_DAYS, 7),
        ),
        draw=draw_response_explorer,
        alt=_alt,
        caption=(
            "Illustrative curves built from published landmarks (onset ~2 h, peak at 24 h, the single-dose advantage "
            "drawn fading to the control level by day 7, median relapse 18 days after a course, a third of the SSRI "
            "effect by week 1). The "
            "SSRI is shown as a share of its own effect, not as a response rate."
        ),
    )


__all__ = ["RESPONSE_DAYS", "response_explorer"]
