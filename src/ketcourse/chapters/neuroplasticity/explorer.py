"""Explorer for the Neuroplasticity chapter: when do new spines form, and does the behaviour last?"""

from __future__ import annotations

from matplotlib.figure import Figure

from ketcourse.chapters.neuroplasticity.figures import draw_spine_course
from ketcourse.engine.explorers.spec import Choice, Explorer, Slider
from ketcourse.science import plasticity as pl

#: Onsets of spine formation the explorer offers (h after the dose).
ONSETS_H: tuple[float, ...] = (2.0, 4.0, 6.0, 9.0, 12.0, 18.0, 24.0)

#: The two ketamine conditions, as (label, value) pairs.
CONDITION_CHOICES: tuple[tuple[str, str], ...] = (
    ("New spines kept", "stress_ketamine"),
    ("New spines removed", "stress_ketamine_no_new_spines"),
)


def _draw(fig: Figure, onset: float, condition: str) -> None:
    draw_spine_course(fig, onset_h=onset, condition=condition)


def _alt(onset: float, condition: str) -> str:
    fits = pl.consistent_with_observations(onset)
    d24 = float(pl.spine_density(24.0, condition, onset_h=onset))
    b72 = float(pl.behavioural_rescue(72.0, condition, onset_h=onset))
    kept = "kept" if condition == "stress_ketamine" else "removed"
    return (
        f"Two panels over 72 hours with spine formation starting at {onset:g} hours and new spines {kept}. "
        f"Spine density is {d24:.0f}% of control at 24 hours; {b72:.0f}% of the behavioural deficit is still "
        f"reversed at 72 hours. This onset {'fits' if fits else 'does not fit'} the observations of no change "
        "at 3 to 6 hours and an increase by 12 to 24 hours."
    )


def spine_explorer() -> Explorer:
    """Move the onset of spine formation and keep or remove the new spines."""
    return Explorer(
        name="plasticity-spines",
        title="Explore: which onsets of spine growth fit the rodent data, and what do new spines do?",
        controls=(
            Slider("onset", "Spines start to form at", "h", ONSETS_H, pl.DEFAULT_ONSET_H),
            Choice("condition", "New spines", CONDITION_CHOICES, "stress_ketamine"),
        ),
        draw=_draw,
        alt=_alt,
        caption=(
            "Illustrative model of stressed rodents after one dose. Shaded bands show when spine formation was "
            "seen unchanged (3–6 h) and increased (12–24 h); the title says whether the chosen onset fits them."
        ),
        figsize="tall",
    )
