"""Figures for the chapter on conditions and the evidence."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ketcourse.chapters.conditions import content as ev
from ketcourse.chapters.pharmacokinetics.content import COURSE_SCHEDULES
from ketcourse.engine.figures.output import FigureOutput
from ketcourse.engine.figures.style import add_axes, blank_figure, color, mark_illustrative, new_figure
from ketcourse.engine.validate import nonnegative_float, one_of
from ketcourse.science import response as rs
from ketcourse.science.parameters import (
    COURSE_RESPONSE_RATE,
    MEDIAN_RELAPSE_AFTER_COURSE_D,
    MIDAZOLAM_RESPONSE,
    SINGLE_INFUSION_RESPONSE_DAY1,
)

RATING_COLOURS = {"none": "grey", "weak": "vermillion", "mixed": "orange", "moderate": "sky", "strong": "blue"}
TREATMENT_COLOURS = {"single": "blue", "course": "green", "control": "grey", "ssri": "orange"}
DAYS = np.linspace(0.0, 42.0, 841)


def _marker_area(n: int | None) -> float:
    """Marker area (pt²) for ``n`` participants: grows with the square root, so 2,000 is not 100× 20."""
    return 40.0 + 11.0 * float(np.sqrt(n if n is not None else 60))


# --- 1. Evidence map -------------------------------------------------------------------------------
def evidence_map_figure() -> FigureOutput:
    """Each condition placed at its strength-of-evidence rating, marker area by participants."""
    fig, ax = new_figure("tall")
    conditions = ev.CONDITIONS
    ys = np.arange(len(conditions))[::-1]
    for y, c in zip(ys, conditions, strict=True):
        n = ev.participants(c.id)
        colour = color(RATING_COLOURS[c.rating])
        filled = n is not None
        ax.scatter(
            [c.level],
            [y],
            s=_marker_area(n),
            color=colour if filled else "white",
            edgecolors=colour,
            linewidths=2.0,
            alpha=0.85 if filled else 1.0,
            zorder=3,
        )
        label = "guidelines only" if n is None else f"{n:,} people"
        ax.annotate(label, (c.level, y), xytext=(16, 0), textcoords="offset points", va="center", fontsize=8.5)
    ax.set_yticks(ys, [c.short for c in conditions], fontsize=9.5)
    ax.set_xticks(range(len(ev.RATINGS)), ev.RATINGS)
    ax.set_xlim(-0.4, len(ev.RATINGS) + 0.3)
    ax.set_ylim(-0.7, len(conditions) - 0.3)
    ax.set_xlabel("Strength of evidence (course rating)")
    ax.grid(axis="y", visible=False)
    for size in (100, 1000):
        ax.scatter([], [], s=_marker_area(size), color=color("grey"), alpha=0.5, label=f"{size:,} people")
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.13),
        ncol=2,
        borderpad=0.8,
        columnspacing=2.5,
        title="Participants (marker area)",
        title_fontsize=9,
    )
    ax.set_title("How strong is the evidence, condition by condition?")
    by_rating = {r: [c for c in conditions if c.rating == r] for r in ev.RATINGS}
    largest = max(conditions, key=lambda c: ev.participants(c.id) or 0)
    placed = "; ".join(f"{r}: {', '.join(c.short for c in cs)}" for r, cs in by_rating.items() if cs)
    return FigureOutput(
        fig,
        "conditions-evidence-map",
        caption=(
            "Evidence map built from the course's evidence table: each condition sits at its strength-of-evidence "
            "rating, and the marker area grows with the number of people in its trials (a synthesis that pools "
            "other drugs or populations is not counted; hollow: guidelines only). Only short-term benefit in "
            "treatment-resistant depression is rated strong."
        ),
        alt=(
            f"Dot chart with {len(conditions)} conditions listed down the left and {len(ev.RATINGS)} rating "
            f"columns, {', '.join(ev.RATINGS)}. Conditions by rating: {placed}. The largest marker is "
            f"{largest.short} ({ev.participants(largest.id):,} people)."
        ),
    )


# --- 2. Response over time -------------------------------------------------------------------------
def _ketamine_panel(ax, highlight: str | None = None, t: np.ndarray = DAYS) -> None:  # type: ignore[no-untyped-def]
    for key in ("course", "single", "control"):
        width = 2.6 if highlight in (None, key) else 1.4
        alpha = 1.0 if highlight in (None, key) else 0.35
        ax.plot(
            t,
            100 * rs.response(t, key),
            color=color(TREATMENT_COLOURS[key]),
            lw=width,
            alpha=alpha,
            ls="--" if key == "control" else "-",
            label=rs.TREATMENTS[key],
        )
    for day in COURSE_SCHEDULES["three_weekly"].session_days:
        ax.plot([day, day], [0, 5], color=color("green"), lw=2)
    ax.text(rs.COURSE_END_D / 2, 6.5, "course infusions", ha="center", fontsize=8, color=color("green"))
    ax.set_ylim(0, 100)
    ax.set_ylabel("Patients responding (%)")


def _ssri_panel(ax, t: np.ndarray = DAYS) -> None:  # type: ignore[no-untyped-def]
    ax.axvspan(28, 42, color=color("orange"), alpha=0.12, lw=0)
    ax.text(35, 12, "plateau\n(4–6 weeks)", ha="center", fontsize=8.5, color=color("black"))
    ax.plot(t, 100 * rs.ssri_effect_share(t), color=color(TREATMENT_COLOURS["ssri"]), lw=2.6, label="Daily SSRI")
    week1 = 100 * rs.response_at(7, "ssri")
    ax.plot([7], [week1], "o", color=color("orange"), ms=7)
    ax.annotate(
        f"week 1: {week1:.0f}% of the\n6-week effect",
        (7, week1),
        xytext=(10, -30),
        textcoords="offset points",
        fontsize=8.5,
    )
    ax.set_ylim(0, 105)
    ax.set_ylabel("SSRI effect\n(% of 6-week effect)")


def response_timecourse_figure() -> FigureOutput:
    """Illustrative response curves: one infusion, a six-infusion course, the control arm and an SSRI."""
    fig, (ax1, ax2) = new_figure("tall", 2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    _ketamine_panel(ax1)
    ax1.legend(loc="upper right")
    ax1.set_title("Ketamine arms (response rate) and an SSRI (share of its own effect)")
    _ssri_panel(ax2)
    ax2.set_xlim(0, 42)
    ax2.set_xticks([0, 7, 14, 21, 28, 35, 42])
    ax2.set_xlabel("Time since the first dose (days)")
    mark_illustrative(fig)
    peak = 100 * SINGLE_INFUSION_RESPONSE_DAY1.value
    control = 100 * MIDAZOLAM_RESPONSE.value
    course = 100 * COURSE_RESPONSE_RATE.value
    day42 = 100 * rs.response_at(42, "course")
    return FigureOutput(
        fig,
        "conditions-response-timecourse",
        caption=(
            f"Illustrative time courses built from published landmarks. Top: one infusion peaks at day 1 ({peak:.0f}% "
            "responding) and its advantage is drawn fading until the curve meets the control arm at day 7, a "
            "modelling choice that matches trials in which the difference from placebo lasted only a few days; the "
            f"control arm is held at the {control:.0f}% who responded to midazolam at day 1 in a pooled analysis. A "
            f"six-infusion course holds about {course:.0f}% until day 12, then responders relapse with a median of "
            f"{MEDIAN_RELAPSE_AFTER_COURSE_D.value:.0f} days. Bottom: an SSRI, as a share of its own 6-week effect, "
            "has a third of it by week 1. The two panels use different scales and must not be compared by height."
        ),
        alt=(
            "Two stacked line charts over 42 days. Top, percentage of patients responding: a blue single-infusion "
            f"curve jumps to {peak:.0f}% at day 1 and falls until it meets a grey dashed control line at "
            f"{control:.0f}% on day 7; a green course curve stays near {course:.0f}% until day 12, then declines to "
            f"about {day42:.0f}% by day 42. Bottom: an orange SSRI curve rises steadily to a third of its effect at "
            "week 1 and flattens from week 4."
        ),
    )


def draw_response_explorer(fig: Figure, treatment: str, day: float) -> None:
    """Explorer frame: the chosen treatment's curve with a read-out at ``day``.

    Parameters
    ----------
    fig : Figure
        Empty figure.
    treatment : {"single", "course", "control", "ssri"}
        Curve to highlight.
    day : float
        Time of the read-out, days since the first dose.
    """
    one_of(treatment, rs.TREATMENTS, "treatment")
    day = nonnegative_float(day, "day")
    ax = add_axes(fig)
    value = 100 * rs.response_at(day, treatment)
    if treatment == "ssri":
        _ssri_panel(ax)
        text = f"day {day:g}: {value:.0f}% of the 6-week effect"
    else:
        _ketamine_panel(ax, highlight=treatment)
        ax.legend(loc="upper right", fontsize=8.5)
        text = f"day {day:g}: {value:.0f}% responding"
    ax.axvline(day, color=color("purple"), lw=1.2, ls=":")
    ax.plot([day], [value], "o", ms=10, color=color("purple"), zorder=5)
    ax.text(
        0.02,
        0.95,
        f"{rs.TREATMENTS[treatment]}\n{text}",
        transform=ax.transAxes,
        va="top",
        fontsize=10,
        bbox={"facecolor": "white", "edgecolor": "#cccccc", "boxstyle": "round,pad=0.3"},
    )
    ax.set_xlim(0, 42)
    ax.set_xticks([0, 7, 14, 21, 28, 35, 42])
    ax.set_xlabel("Time since the first dose (days)")
    mark_illustrative(fig)


# --- 3. Durability -------------------------------------------------------------------------------
def durability_figure() -> FigureOutput:
    """Left: course responders still responding (illustrative decay); right: SUSTAIN-1 relapse rates."""
    fig = blank_figure("wide")
    ax1, ax2 = add_axes(fig, 1, 2, gridspec_kw={"width_ratios": [3, 2]})
    median = MEDIAN_RELAPSE_AFTER_COURSE_D.value
    t = np.linspace(0, 60, 301)
    ax1.plot(t, 100 * rs.still_responding(t), color=color("green"), lw=2.6)
    ax1.plot([0, median, median], [50, 50, 0], color=color("grey"), lw=1.2, ls="--")
    ax1.annotate(f"median {median:.0f} days", (median, 50), xytext=(8, 8), textcoords="offset points", fontsize=9)
    ax1.set_xlim(0, 60)
    ax1.set_ylim(0, 102)
    ax1.set_xlabel("Days after the last infusion (days)")
    ax1.set_ylabel("Course responders still\nresponding (%)")
    ax1.set_title("After a six-infusion course", fontsize=11)
    arms = (
        ("Continued\nesketamine", ev.SUSTAIN1_RELAPSE_ESKETAMINE, "blue"),
        ("Switched to\nplacebo", ev.SUSTAIN1_RELAPSE_PLACEBO, "orange"),
    )
    for i, (_label, par, colour) in enumerate(arms):
        ax2.bar([i], [100 * par.value], color=color(colour), width=0.6)
        ax2.text(i, 100 * par.value + 1.5, f"{100 * par.value:.1f}%", ha="center", fontsize=10)
    ax2.set_xticks([0, 1], [a[0] for a in arms])
    ax2.set_ylim(0, 60)
    ax2.set_ylabel("Relapsed (% of stable remitters)")
    ax2.set_title("SUSTAIN-1 (reported)", fontsize=11)
    mark_illustrative(fig)
    return FigureOutput(
        fig,
        "conditions-durability",
        caption=(
            "Durability. Left, illustrative: exponential relapse with the reported median of 18 days after up to six "
            "infusions in an open-label study of 24 people (only the median is data; the curve's shape is a modelling "
            "choice). Right, reported: in "
            "SUSTAIN-1, people in stable remission who kept taking esketamine relapsed less often than those "
            "switched to placebo (26.7% vs 45.3%), so the benefit depended on continued dosing."
        ),
        alt=(
            "Two panels. Left: a green curve of course responders still responding falls from 100% at day 0 to 50% "
            "at 18 days, marked by a dashed line, and to about 10% by day 60. Right: two bars of relapse among "
            "stable remitters in SUSTAIN-1, 26.7% for continued esketamine and 45.3% for those switched to placebo."
        ),
    )


# --- 4. Size of the effect -------------------------------------------------------------------------
def madrs_differences_figure() -> FigureOutput:
    """Between-arm MADRS differences in the esketamine trials and KARMA-Dep 2, with CIs where reported."""
    fig, ax = new_figure("tall")
    rows = ev.MADRS_DIFFERENCES
    ys = np.arange(len(rows))[::-1]
    for y, row in zip(ys, rows, strict=True):
        colour = color("blue" if row.drug == "esketamine" else "vermillion")
        if row.ci is not None:
            ax.plot(list(row.ci), [y, y], color=colour, lw=2)
        ax.plot([row.estimate], [y], "o", ms=8, color=colour)
        note = f"{row.estimate:g} ({row.timepoint})" + (f"\n{row.note}" if row.note else "")
        ax.annotate(
            note, (1.03, y), xycoords=("axes fraction", "data"), va="center", fontsize=8.5, annotation_clip=False
        )
    ax.axvline(0, color=color("black"), lw=1)
    ax.set_yticks(ys, [r.label for r in rows], fontsize=9)
    ax.set_xlim(-9, 3)
    ax.set_xlabel("MADRS difference vs control (points; < 0 favours drug)")
    ax.grid(axis="y", visible=False)
    ax.legend(
        handles=[
            Line2D([], [], color=color("blue"), marker="o", lw=2, label="Esketamine vs placebo spray"),
            Line2D([], [], color=color("vermillion"), marker="o", lw=2, label="IV ketamine vs midazolam"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        ncol=2,
        fontsize=8.5,
    )
    ax.set_title("How big is the gain over the control arm?")
    return FigureOutput(
        fig,
        "conditions-madrs-differences",
        caption=(
            "Reported differences in MADRS change between drug and control arms (lines: 95% confidence intervals "
            "where the trial reports them). The esketamine trials cluster around 3–4 points; two of the three "
            "TRANSFORM trials missed their primary endpoints, and the intervals of TRANSFORM-3 and KARMA-Dep 2 "
            "include zero."
        ),
        alt=(
            "Dot plot of six trials with a vertical line at zero. Esketamine trials TRANSFORM-2, TRANSFORM-1, "
            "TRANSFORM-3, ASPIRE I and ASPIRE II sit between minus 3.2 and minus 4.0 MADRS points; the intervals "
            "of TRANSFORM-2 and both ASPIRE trials stay below zero, TRANSFORM-3's reaches plus 0.07 and "
            "TRANSFORM-1 has no interval shown. KARMA-Dep 2, IV ketamine against midazolam, is minus 3.16 "
            "with an interval from minus 8.5 to plus 2.2 that crosses zero."
        ),
    )


# --- 5. Head-to-head trials ----------------------------------------------------------------------
def comparative_trials_figure() -> FigureOutput:
    """Reported differences (drug minus comparator, percentage points) in the three head-to-head trials."""
    fig, ax = new_figure("wide")
    rows = list(ev.COMPARISONS.values())
    ys = np.arange(len(rows))[::-1]
    for y, row in zip(ys, rows, strict=True):
        diff = row.difference_points
        colour = color("blue" if diff > 0 else "vermillion")
        if row.diff_low is not None and row.diff_high is not None:
            ax.plot([row.diff_low, row.diff_high], [y, y], color=colour, lw=2.4)
        ax.plot([diff], [y], "o", ms=9, color=colour, zorder=3)
        ax.annotate(
            f"{row.outcome}: {100 * row.drug_rate:.3g}% vs {100 * row.comparator_rate:.3g}%",
            (diff, y),
            xytext=(0, 11),
            textcoords="offset points",
            ha="center",
            fontsize=9,
        )
        if row.margin is not None:
            ax.plot([row.margin, row.margin], [y - 0.3, y + 0.3], color=color("grey"), lw=1.6, ls="--")
            ax.annotate(
                "non-inferiority\nmargin",
                (row.margin, y - 0.3),
                xytext=(0, -4),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=8.5,
            )
    ax.axvline(0, color=color("black"), lw=1)
    ax.set_yticks(ys, [f"{r.label}\n{r.drug} vs {r.comparator}" for r in rows], fontsize=9)
    ax.set_xlim(-35, 30)
    ax.set_ylim(-0.8, len(rows) - 0.4)
    ax.set_xlabel("Drug minus comparator (percentage points)")
    ax.grid(axis="y", visible=False)
    ax.set_title("Head-to-head trials (> 0 favours the first-named drug)")
    ketect, elektd, escape = (ev.COMPARISONS[k] for k in ("ketect", "elekt-d", "escape-trd"))
    return FigureOutput(
        fig,
        "conditions-comparative-trials",
        caption=(
            "Reported differences between arms in the three head-to-head trials (lines: 95% confidence intervals "
            "where the trial reports them). KetECT favoured ECT for remission, ELEKT-D found IV ketamine "
            "non-inferior for response over 3 weeks, and ESCAPE-TRD found more remissions with esketamine than with "
            "quetiapine. The trials differ in population, outcome and length, so the points are not one scale of "
            "effectiveness, and none compares esketamine with IV ketamine."
        ),
        alt=(
            f"Dot plot of three trials against a vertical line at zero. KetECT: {ketect.difference_points:+.0f} "
            f"points for remission (ketamine {100 * ketect.drug_rate:.0f}% vs ECT "
            f"{100 * ketect.comparator_rate:.0f}%), "
            f"interval {ketect.diff_low:g} to {ketect.diff_high:g}, left of zero. ELEKT-D: "
            f"{elektd.difference_points:+.1f} points for response, interval {elektd.diff_low:g} to "
            f"{elektd.diff_high:g}, right of zero and of a dashed non-inferiority margin at {elektd.margin:g}. "
            f"ESCAPE-TRD: {escape.difference_points:+.1f} points for week-8 remission with esketamine vs "
            "quetiapine, no interval shown."
        ),
    )


__all__ = [
    "comparative_trials_figure",
    "draw_response_explorer",
    "durability_figure",
    "evidence_map_figure",
    "madrs_differences_figure",
    "response_timecourse_figure",
]
