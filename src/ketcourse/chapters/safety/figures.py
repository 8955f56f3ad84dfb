"""Figures for the safety and monitoring chapter."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ketcourse.chapters.safety import content as sd
from ketcourse.engine.figures.output import FigureOutput
from ketcourse.engine.figures.style import add_axes, color, mark_illustrative, new_figure
from ketcourse.science import effects as ef
from ketcourse.science.parameters import (
    ANTIDEPRESSANT_DOSE_MG_PER_KG,
    ANTIDEPRESSANT_INFUSION_MIN,
    CADSS_MEAN,
    DISSOCIATION_BAND_NGML,
    EFFECT_THRESHOLD_NGML,
    SYSTOLIC_RISE_MMHG,
)

#: Short names of the sources cited by the data figures.
SOURCE_NAMES = {
    "spravato_label": "Spravato prescribing information",
    "fda_rems": "FDA Spravato REMS",
    "canuso2021": "Canuso et al. 2021 (ASPIRE I and II pooled)",
}

T_END_MIN = 240.0
#: Reported timing anchors for IV ketamine 0.5 mg/kg over 40 min (szarmach2020; diazgranados2010).
BP_PEAK_WINDOW_MIN = (30.0, 40.0)
BP_RETURN_AFTER_END_MIN = (20.0, 90.0)
DISSOCIATION_GONE_MIN = (80.0, 120.0)


def _reported_window(ax: Axes, lo: float, hi: float, text: str) -> None:
    """Shade a reported time window along the x axis with a short label above it."""
    ax.axvspan(lo, hi, ymin=0, ymax=0.06, color=color("black"), alpha=0.35, lw=0)
    ax.text((lo + hi) / 2, 0.08, text, transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=8.5)


def _peak_note(ax: Axes, x: float, y: float, text: str) -> None:
    """Label a model peak just to its right."""
    ax.annotate(text, (x, y), xytext=(14, -4), textcoords="offset points", fontsize=9)


def _sources(keys: set[str]) -> str:
    return "; ".join(SOURCE_NAMES.get(k, k) for k in sorted(keys))


def _shade_infusion(ax: Any, duration_min: float) -> None:
    ax.axvspan(0, duration_min, color=color("sky"), alpha=0.15, lw=0)


def _split_by_link_range(ax: Any, t_min: Any, y: Any, ce: Any, **style: Any) -> None:
    """Plot ``y`` solid where the effect site is inside the observed linear range, dotted where it is beyond."""
    beyond = ce > DISSOCIATION_BAND_NGML.high  # type: ignore[operator]
    inside = np.where(beyond, np.nan, y)
    ax.plot(t_min, inside, **style)
    if np.any(beyond):
        # Extend one sample either side so the dotted segment joins the solid one.
        grow = beyond | np.roll(beyond, 1) | np.roll(beyond, -1)
        style = {**style, "ls": ":", "label": "extrapolated (>200 ng/mL)"}
        ax.plot(t_min, np.where(grow, y, np.nan), **style)


def effect_time_course_figure(
    dose_mg_per_kg: float = ANTIDEPRESSANT_DOSE_MG_PER_KG.value,
    duration_min: float = ANTIDEPRESSANT_INFUSION_MIN.value,
) -> FigureOutput:
    """Plasma and effect-site concentration, dissociation and systolic rise after one infusion.

    Parameters
    ----------
    dose_mg_per_kg : float
        Infusion dose, mg/kg (a literature dose, not a recommendation).
    duration_min : float
        Infusion duration, minutes.
    """
    c = ef.infusion_effects(dose_mg_per_kg, duration_min, t_end_h=T_END_MIN / 60)
    t = c.t_min
    fig, (ax1, ax2, ax3) = new_figure("tall", 3, 1, sharex=True)
    fig.set_figheight(7.4)
    lo, hi = DISSOCIATION_BAND_NGML.range
    for ax in (ax1, ax2, ax3):
        _shade_infusion(ax, duration_min)
    ax1.axhspan(lo, hi, color=color("green"), alpha=0.10, lw=0)
    ax1.text(
        T_END_MIN - 2,
        hi - 6,
        f"effects rise linearly ({lo:g}–{hi:g} ng/mL)",
        ha="right",
        va="top",
        fontsize=8.5,
        color=color("green"),
    )
    ax1.plot(t, c.plasma_ng_ml, color=color("black"), lw=2, label="Plasma")
    ax1.plot(t, c.effect_site_ng_ml, color=color("blue"), lw=2, ls="--", label="Effect site")
    thr = EFFECT_THRESHOLD_NGML.value
    ax1.axhline(thr, color=color("grey"), lw=1, ls=":")
    ax1.text(
        T_END_MIN - 2,
        thr - 4,
        f"model threshold {thr:g} ng/mL",
        ha="right",
        va="top",
        fontsize=8.5,
        color=color("grey"),
    )
    ax1.set_ylabel("Ketamine\n(ng/mL)")
    ax1.set_ylim(0, max(hi, float(c.plasma_ng_ml.max())) * 1.1)
    ax1.legend(loc="center right", ncols=2)
    ax1.text(
        duration_min / 2,
        0.03,
        "infusion",
        transform=ax1.get_xaxis_transform(),
        ha="center",
        va="bottom",
        fontsize=8.5,
        color=color("blue"),
    )

    t_pk, cadss_pk = ef.peak_of(t, c.cadss)
    ax2.plot(t, c.cadss, color=color("purple"), lw=2.2, label="Model dissociation")
    ax2.plot(
        [ANTIDEPRESSANT_INFUSION_MIN.value],
        [CADSS_MEAN.value],
        "D",
        color=color("black"),
        ms=6,
        label=f"Reported mean {CADSS_MEAN.value:g} (SD 9.2)",
    )
    g_lo, g_hi = DISSOCIATION_GONE_MIN
    _reported_window(ax2, g_lo, g_hi, "reported: gone")
    _peak_note(ax2, t_pk, cadss_pk, f"peak {cadss_pk:.1f} points at {t_pk:.0f} min")
    ax2.set_ylabel("Dissociation\n(CADSS points)")
    ax2.set_ylim(0, max(cadss_pk, CADSS_MEAN.value) * 1.35)
    ax2.legend(loc="upper right")

    t_bp, bp_pk = ef.peak_of(t, c.systolic_rise_mmhg)
    ax3.plot(t, c.systolic_rise_mmhg, color=color("vermillion"), lw=2.2, label="Model systolic rise")
    s_lo, s_hi = SYSTOLIC_RISE_MMHG.range
    w_lo, w_hi = BP_PEAK_WINDOW_MIN
    ax3.fill_between(
        [w_lo, w_hi],
        s_lo,
        s_hi,
        color=color("black"),
        alpha=0.25,
        lw=0,
        label=f"Reported peak (+{s_lo:g} to +{s_hi:g} mmHg)",
    )
    r_lo, r_hi = (ANTIDEPRESSANT_INFUSION_MIN.value + v for v in BP_RETURN_AFTER_END_MIN)
    _reported_window(ax3, r_lo, r_hi, "reported: back to baseline")
    _peak_note(ax3, t_bp, bp_pk, f"peak +{bp_pk:.0f} mmHg at {t_bp:.0f} min")
    ax3.set_ylabel("Systolic rise\n(mmHg)")
    ax3.set_ylim(0, max(bp_pk, s_hi) * 1.35)
    ax3.legend(loc="upper right")
    ax3.set_xlabel("Time after start (min)")
    ax3.set_xlim(0, T_END_MIN)
    ax3.set_xticks(np.arange(0, T_END_MIN + 1, 30))
    mark_illustrative(fig)
    gone = ef.offset_time_h(t, c.cadss)
    return FigureOutput(
        fig,
        "safety-effect-time-course",
        caption=(
            f"Illustrative effect-compartment model of {dose_mg_per_kg:g} mg/kg intravenous ketamine over "
            f"{duration_min:g} min (shaded). The effect site lags plasma slightly; model dissociation and "
            f"systolic rise peak at {t_pk:.0f} min and are gone by about {gone:.0f} min. Grey marks show the "
            "published averages the model was calibrated to; the blood-pressure anchors come from small studies."
        ),
        alt=(
            "Three stacked panels sharing a time axis from 0 to 240 minutes, with the 40-minute infusion shaded. "
            f"Top: plasma ketamine rises to about {c.plasma_ng_ml.max():.0f} ng/mL at the end of the infusion and "
            "falls quickly, with the dashed effect-site curve just behind it; a dotted line marks the "
            f"{thr:g} ng/mL threshold. Middle: model dissociation peaks at {cadss_pk:.1f} CADSS points at "
            f"{t_pk:.0f} minutes, next to a diamond for the reported mean of 7.7, and reaches zero by about "
            f"{gone:.0f} minutes. Bottom: systolic blood-pressure rise peaks at about {bp_pk:.0f} mmHg, beside a "
            "grey box for the reported 20 to 30 mmHg peak at 30 to 40 minutes."
        ),
    )


def draw_effect_panels(fig: Figure, dose: float, duration: float) -> None:
    """Dissociation and systolic rise for one infusion, beside the standard 0.5 mg/kg over 40 min.

    Parts of a curve where the effect-site level exceeds the range in which
    effects were observed to be linear (200 ng/mL) are dotted.

    Parameters
    ----------
    fig : Figure
        Empty figure to draw on.
    dose : float
        Infusion dose, mg/kg.
    duration : float
        Infusion duration, minutes.
    """
    ax1, ax2 = add_axes(fig, 1, 2, sharex=True)
    std = ef.infusion_effects(t_end_h=T_END_MIN / 60, step_min=2.0)
    cur = ef.infusion_effects(dose, duration, t_end_h=T_END_MIN / 60, step_min=2.0)
    limits = ef.infusion_effects(1.0, 20.0, t_end_h=T_END_MIN / 60, step_min=2.0)
    for ax, attr, unit, col, title in (
        (ax1, "cadss", "CADSS points", "purple", "Dissociation"),
        (ax2, "systolic_rise_mmhg", "mmHg", "vermillion", "Systolic blood-pressure rise"),
    ):
        _shade_infusion(ax, duration)
        ax.plot(
            std.t_min, getattr(std, attr), color=color("grey"), lw=1.4, ls="--", label="Standard: 0.5 mg/kg over 40 min"
        )
        _split_by_link_range(
            ax,
            cur.t_min,
            getattr(cur, attr),
            cur.effect_site_ng_ml,
            color=color(col),
            lw=2.4,
            label=f"Selected: {dose:g} mg/kg over {duration:g} min",
        )
        ax.set_ylim(0, float(getattr(limits, attr).max()) * 1.4)
        ax.set_xlim(0, T_END_MIN)
        ax.set_xticks(np.arange(0, T_END_MIN + 1, 60))
        ax.set_xlabel("Time (min)")
        ax.set_ylabel(f"{title} ({unit})")
        ax.legend(loc="upper right", fontsize=8.5)
    mark_illustrative(fig)


def effect_summary(dose: float, duration: float) -> dict[str, float]:
    """Peak values and offset times used in explorer alt text.

    Returns the peak effect-site level (ng/mL), peak CADSS (points), its time
    (min), peak systolic rise (mmHg) and the time (min) at which dissociation
    is gone (``inf`` if not by 240 min, 0 if it never appears).
    """
    c = ef.infusion_effects(dose, duration, t_end_h=T_END_MIN / 60, step_min=2.0)
    t_pk, cadss_pk = ef.peak_of(c.t_min, c.cadss)
    gone = ef.offset_time_h(c.t_min, c.cadss) if cadss_pk > 0 else 0.0
    return {
        "ce_peak": float(c.effect_site_ng_ml.max()),
        "cadss_peak": cadss_pk,
        "peak_min": t_pk,
        "bp_peak": float(c.systolic_rise_mmhg.max()),
        "gone_min": gone,
    }


def monitoring_timeline_figure() -> FigureOutput:
    """Schematic timeline of an esketamine session, drawn from :data:`.content.MONITORING_STEPS`."""
    steps = sd.MONITORING_STEPS
    lanes = sd.MONITORING_LANES
    fig, ax = new_figure("wide")
    fig.set_figheight(4.2)
    palette = ("vermillion", "blue", "blue", "green", "orange")
    lane_y = {name: float(len(lanes) - 1 - i) for i, name in enumerate(lanes)}
    lane_col = {name: color(palette[i % len(palette)]) for i, name in enumerate(lanes)}
    x_min = min(s.start_min for s in steps) - 10
    x_max = max(s.end_min for s in steps) + 25
    for s in steps:
        y, col = lane_y[s.lane], lane_col[s.lane]
        if s.end_min > s.start_min:
            ax.barh(
                y, s.end_min - s.start_min, left=s.start_min, height=0.62, color=col, alpha=0.22, edgecolor=col, lw=1.2
            )
            ax.text((s.start_min + s.end_min) / 2, y, s.label, ha="center", va="center", fontsize=8)
            if s.key == "no-driving":
                ax.annotate(
                    "", (s.end_min + 18, y), (s.end_min, y), arrowprops={"arrowstyle": "-|>", "color": col, "lw": 1.4}
                )
        else:
            ax.plot([s.start_min], [y], "D", ms=9, color=col, zorder=4)
            ax.text(s.start_min + 5, y, s.label, ha="left", va="center", fontsize=8)
    ax.axvline(0, color=color("black"), lw=1, ls=":")
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(-0.6, len(lanes) - 0.4)
    ax.set_yticks([lane_y[n] for n in lanes], list(lanes))
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.set_xticks([0, 40, 80, 120])
    ax.set_xlabel("Time from dosing (min)")
    ax.grid(axis="y", visible=False)
    ax.set_title("One esketamine session as the label and REMS describe it", fontsize=11)
    keys = {k for s in steps for k in s.keys}
    by_key = {s.key: s for s in steps}
    return FigureOutput(
        fig,
        "safety-monitoring-timeline",
        caption=(
            "Schematic of the monitoring that the esketamine label and REMS describe for every session: blood "
            "pressure before dosing and at about 40 min, pulse oximetry, at least two hours of observation until "
            "clinically stable, and no driving until the next day. Positions before dosing and after leaving are "
            f"schematic. Sources: {_sources(keys)}."
        ),
        alt=(
            f"Timeline of one treatment session in {len(lanes)} rows against minutes from dosing. Blood pressure: "
            f"a check before dosing (above {sd.PLACEHOLDERS['bp_limit']} the rise is weighed against the benefit) "
            f"and a second check at about {by_key['bp-after'].start_min:g} minutes. Dose: a marker at time zero in "
            "a certified setting with the prescriber on site. Observation: a bar from 0 to "
            f"{by_key['observation'].end_min:g} minutes, at least {sd.PLACEHOLDERS['observation_h']:g} hours and "
            "until clinically stable, ending with leaving when stable. Pulse oximetry: a bar throughout the "
            "session. Driving: none until the next day, an arrow running off to the right."
        ),
    )


def adverse_events_figure() -> FigureOutput:
    """Paired bars of adverse-event rates, esketamine vs placebo (ASPIRE I and II pooled)."""
    rows = sd.ASPIRE_POOLED
    fig, ax = new_figure("small")
    y = np.arange(len(rows))[::-1]
    h = 0.38
    drug = [r.drug_pct for r in rows]
    plac = [r.placebo_pct for r in rows]
    ax.barh(y + h / 2, drug, height=h, color=color("blue"), label="Esketamine + standard care")
    ax.barh(y - h / 2, plac, height=h, color=color("orange"), label="Placebo + standard care")
    for yi, d, p in zip(y, drug, plac, strict=True):
        ax.text(d + 0.8, yi + h / 2, f"{d:g}%", va="center", fontsize=9)
        ax.text(p + 0.8, yi - h / 2, f"{p:g}%", va="center", fontsize=9)
    ax.set_yticks(y, [r.event for r in rows])
    ax.set_xlim(0, 50)
    ax.set_xlabel("Patients reporting the event (%)")
    ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    keys = {k for r in rows for k in r.keys}
    return FigureOutput(
        fig,
        "safety-aspire-adverse-events",
        caption=(
            "Common adverse events with esketamine nasal spray and with placebo, both on top of standard care, in "
            f"the pooled ASPIRE I and II trials. Source: {_sources(keys)}."
        ),
        alt=(
            f"Horizontal paired bar chart of {len(rows)} adverse events. Esketamine versus placebo: "
            + ", ".join(f"{r.event.lower()} {r.drug_pct:g}% vs {r.placebo_pct:g}%" for r in rows)
            + ". Every esketamine bar is longer than its placebo bar."
        ),
    )


def label_rates_figure() -> FigureOutput:
    """Ranges of acute effects across the esketamine trials summarised in the label."""
    rows = sd.ESKETAMINE_LABEL_RATES
    fig, ax = new_figure("small")
    y = np.arange(len(rows))[::-1].astype(float)
    for i, (yi, r) in enumerate(zip(y, rows, strict=True)):
        ax.plot(
            [r.low_pct, r.high_pct],
            [yi + 0.12, yi + 0.12],
            color=color("blue"),
            lw=7,
            solid_capstyle="butt",
            label="Esketamine (range)" if i == 0 else None,
        )
        ax.text(r.high_pct + 1.5, yi + 0.12, f"{r.low_pct:g}–{r.high_pct:g}%", va="center", fontsize=9)
        if r.placebo_low_pct is not None and r.placebo_high_pct is not None:
            ax.plot(
                [r.placebo_low_pct, r.placebo_high_pct],
                [yi - 0.2, yi - 0.2],
                color=color("orange"),
                lw=7,
                solid_capstyle="butt",
                label="Placebo (range)",
            )
            ax.text(
                r.placebo_high_pct + 1.5,
                yi - 0.2,
                f"placebo {r.placebo_low_pct:g}–{r.placebo_high_pct:g}%",
                va="center",
                fontsize=9,
            )
    ax.set_yticks(y, [r.effect for r in rows])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Patients (% across trials)")
    ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    keys = {k for r in rows for k in r.keys}
    return FigureOutput(
        fig,
        "safety-esketamine-label-rates",
        caption=(
            "Ranges of acute effects across the esketamine trials in the prescribing information (blue), with the "
            f"placebo range where the label gives one (orange). Source: {_sources(keys)}."
        ),
        alt=(
            f"Range chart of {len(rows)} acute effects of esketamine. "
            + " ".join(
                f"{r.effect}: {r.low_pct:g} to {r.high_pct:g}% of patients"
                + (
                    f", against {r.placebo_low_pct:g} to {r.placebo_high_pct:g}% on placebo."
                    if r.placebo_low_pct is not None and r.placebo_high_pct is not None
                    else "."
                )
                for r in rows
            )
            + " The loss-of-consciousness bar is barely visible near zero."
        ),
    )


__all__ = [
    "SOURCE_NAMES",
    "adverse_events_figure",
    "draw_effect_panels",
    "effect_summary",
    "effect_time_course_figure",
    "label_rates_figure",
    "monitoring_timeline_figure",
]
