"""Explorers for the NMDA-receptor chapter."""

from __future__ import annotations

from ketcourse.chapters.nmda.figures import FORM_LABELS, draw_occupancy
from ketcourse.engine.explorers.spec import Choice, Explorer, Slider
from ketcourse.science import receptor as ph
from ketcourse.science.parameters import ANAESTHESIA_BAND_NGML, ANTIDEPRESSANT_PEAK_NGML, DISSOCIATION_BAND_NGML

#: Plasma levels offered (ng/mL): a few low levels, the edges of the course's bands and the measured peak.
OCCUPANCY_CONCENTRATIONS_NGML: tuple[float, ...] = tuple(
    sorted(
        {25.0, 50.0, 500.0, ANTIDEPRESSANT_PEAK_NGML.value}
        | set(DISSOCIATION_BAND_NGML.range)
        | set(ANAESTHESIA_BAND_NGML.range)
    )
)


def _alt(conc: float, form: str) -> str:
    occ = 100 * float(ph.occupancy(conc, "ng/mL", form=form))
    return (
        f"Occupancy curve of {FORM_LABELS[form]} against plasma concentration on a log scale, with a marker "
        f"at {conc:g} ng/mL showing about {occ:.0f}% of NMDA receptors occupied; green and red bands mark "
        "the antidepressant and anaesthetic ranges."
    )


def _draw(fig, conc: float, form: str) -> None:  # type: ignore[no-untyped-def]
    draw_occupancy(fig, conc_ngml=conc, form=form, forms=(form,))


def occupancy_explorer() -> Explorer:
    """Move plasma concentration and pick the enantiomer; read off receptor occupancy."""
    return Explorer(
        name="nmda-occupancy",
        title="Explore: how much of the NMDA receptor pool does a plasma level occupy?",
        controls=(
            Slider("conc", "Plasma ketamine", "ng/mL", OCCUPANCY_CONCENTRATIONS_NGML, ANTIDEPRESSANT_PEAK_NGML.value),
            Choice("form", "Form", tuple((label, key) for key, label in FORM_LABELS.items()), "racemic"),
        ),
        draw=_draw,
        alt=_alt,
        caption=(
            "Illustrative equilibrium model (Hill, n = 1). Real brain concentrations differ from plasma, and "
            "occupancy is not the same as clinical effect."
        ),
    )
