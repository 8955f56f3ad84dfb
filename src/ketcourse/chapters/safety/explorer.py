"""Explorers for the safety and monitoring chapter."""

from __future__ import annotations

import math

from matplotlib.figure import Figure

from ketcourse.chapters.safety.figures import draw_effect_panels, effect_summary
from ketcourse.engine.explorers.spec import Explorer, Slider
from ketcourse.science.parameters import (
    ANTIDEPRESSANT_DOSE_MG_PER_KG,
    ANTIDEPRESSANT_INFUSION_MIN,
    DISSOCIATION_BAND_NGML,
)

#: Weight-normalised infusion doses offered (mg/kg): literature-scale values for teaching, not recommendations.
DOSES_MG_PER_KG = (0.25, 0.5, 0.75, 1.0)
#: Infusion durations offered (min).
DURATIONS_MIN = (20, 40, 60, 100)


def _alt(dose: float, duration: float) -> str:
    s = effect_summary(dose, duration)
    if s["cadss_peak"] <= 0:
        course = "the effect site never passes the model threshold, so both curves stay flat at zero"
    else:
        gone = "is still present at 240 minutes" if math.isinf(s["gone_min"]) else f"is gone by {s['gone_min']:.0f} min"
        course = (
            f"dissociation peaks at {s['cadss_peak']:.1f} CADSS points at {s['peak_min']:.0f} min and {gone}; "
            f"systolic blood pressure peaks about {s['bp_peak']:.0f} mmHg above baseline"
        )
        if s["ce_peak"] > DISSOCIATION_BAND_NGML.high:  # type: ignore[operator]
            course += "; the dotted peaks lie beyond 200 ng/mL and are extrapolated"
    return (
        f"Two panels against time for {dose:g} mg/kg infused over {duration:g} min, each beside a dashed grey "
        f"curve for 0.5 mg/kg over 40 min: {course}."
    )


def _draw(fig: Figure, dose: float, duration: float) -> None:
    draw_effect_panels(fig, dose, duration)


def infusion_effects_explorer() -> Explorer:
    """Change the infusion dose (mg/kg) and duration; see the model's dissociation and blood-pressure curves."""
    return Explorer(
        name="safety-infusion-effects",
        title="Explore: how do dose and infusion time shape the acute effects?",
        controls=(
            Slider("dose", "Infusion dose", "mg/kg", DOSES_MG_PER_KG, ANTIDEPRESSANT_DOSE_MG_PER_KG.value),
            Slider("duration", "Infusion time", "min", DURATIONS_MIN, ANTIDEPRESSANT_INFUSION_MIN.value),
        ),
        draw=_draw,
        alt=_alt,
        caption=(
            "Illustrative, not for clinical use: an effect-compartment model calibrated to published averages for "
            "0.5 mg/kg over 40 min. Dotted parts lie beyond 200 ng/mL, outside the range in which effects were "
            "seen to rise linearly, so they are extrapolation. Individual responses vary widely."
        ),
    )
