"""Figures for the Neuroplasticity chapter: the signalling cascade, spine time courses and timed findings."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, Rectangle

from ketcourse.chapters.neuroplasticity import content as data
from ketcourse.engine.figures.output import FigureOutput
from ketcourse.engine.figures.style import add_axes, blank_figure, color, mark_illustrative, new_figure, plain_log_ticks
from ketcourse.science import plasticity as pl
from ketcourse.science.parameters import SPINE_FORMATION_INCREASED_H, SPINE_FORMATION_UNCHANGED_H

#: Time grid of the spine figures (h after the dose).
TIME_GRID_H = np.linspace(0.0, 72.0, 433)
TIME_TICKS_H = (0, 6, 12, 24, 48, 72)

LEVEL_COLOURS = {
    "molecular": "purple",
    "behavioural": "green",
    "structural": "blue",
    "structural_repeated": "sky",
}


def _box(ax, xy, text, fc, w=2.9, h=0.8, fontsize=8.5) -> None:  # type: ignore[no-untyped-def]
    x, y = xy
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.06", fc=fc, ec="#333333", lw=1.1))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)


def _arrow(ax, a, b, style="-|>", colour="#333333") -> None:  # type: ignore[no-untyped-def]
    ax.add_patch(FancyArrowPatch(a, b, arrowstyle=style, mutation_scale=14, color=colour, lw=1.4))


def cascade_schematic() -> FigureOutput:
    """Schematic of the two proposed routes from NMDA block to new dendritic spines."""
    fig, ax = new_figure("tall")
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 8.8)
    ax.axis("off")
    blue, green, sand = "#d6eaf8", "#d5f5e3", "#fdebd0"
    _box(ax, (5.0, 8.4), "Ketamine, sub-anaesthetic dose", "#ffffff", w=3.6, h=0.55, fontsize=9.5)
    ax.text(
        2.5,
        7.38,
        "Route A: disinhibition (Li et al. 2010)",
        ha="center",
        va="center",
        fontsize=8.5,
        color=color("blue"),
    )
    ax.text(
        7.5,
        7.38,
        "Route B: block at rest (Autry et al. 2011)",
        ha="center",
        va="center",
        fontsize=8.5,
        color=color("blue"),
    )
    _box(ax, (2.5, 6.75), "Blocks NMDA receptors\non GABA interneurons", blue)
    _box(ax, (2.5, 5.6), "Less inhibition:\nglutamate surge", blue)
    _box(ax, (2.5, 4.45), "AMPA receptors activated;\nBDNF released", blue)
    _box(ax, (7.5, 6.75), "Blocks NMDA receptors\nactive at rest", blue)
    _box(ax, (7.5, 5.6), "eEF2 kinase\nswitched off", blue)
    _box(ax, (7.5, 4.45), "More BDNF protein\ntranslated", blue)
    _box(ax, (5.0, 3.3), "BDNF activates its receptor TrkB", green, w=4.2, h=0.55)
    _box(ax, (1.75, 2.0), "mTORC1\nswitched on", green, w=2.3)
    _box(ax, (5.0, 2.0), "Synaptic proteins\nmade", green, w=2.5)
    _box(ax, (8.25, 2.0), "New dendritic spines\n(rodent prefrontal cortex)", sand, w=2.9)
    _arrow(ax, (4.0, 8.12), (2.9, 7.62))
    _arrow(ax, (6.0, 8.12), (7.1, 7.62))
    for x in (2.5, 7.5):
        _arrow(ax, (x, 6.33), (x, 6.02))
        _arrow(ax, (x, 5.18), (x, 4.87))
    _arrow(ax, (2.9, 4.03), (4.1, 3.6))
    _arrow(ax, (7.1, 4.03), (5.9, 3.6))
    _arrow(ax, (3.6, 3.0), (2.2, 2.42))
    _arrow(ax, (2.92, 2.0), (3.73, 2.0))
    _arrow(ax, (6.27, 2.0), (6.78, 2.0))
    ax.annotate(
        "rapamycin blocks",
        xy=(1.75, 1.58),
        xytext=(1.75, 0.95),
        ha="center",
        va="top",
        fontsize=8,
        color=color("vermillion"),
        arrowprops={"arrowstyle": "-[", "color": color("vermillion"), "lw": 1.4},
    )
    ax.text(
        5.9,
        0.75,
        "A proposed model from rodent experiments; the arrows are\n"
        "hypothesised causal steps, not measurements in people.",
        ha="center",
        fontsize=8.5,
        color=color("grey"),
    )
    ax.set_title("From NMDA block to new spines: the proposed cascade")
    return FigureOutput(
        fig,
        "plasticity-cascade",
        caption=(
            "Schematic of the proposed cascade. Route A: blocking NMDA receptors on inhibitory interneurons "
            "releases a glutamate surge that activates AMPA receptors and BDNF release. Route B: blocking NMDA "
            "receptors at rest switches off eEF2 kinase so more BDNF is made. Both converge on TrkB, mTORC1, "
            "synaptic protein synthesis and new spines. A hypothesis from rodent work."
        ),
        alt=(
            "Flow diagram. Ketamine at a sub-anaesthetic dose splits into two routes. Route A, disinhibition: "
            "NMDA receptors on GABA interneurons are blocked, less inhibition gives a glutamate surge, AMPA "
            "receptors are activated and BDNF is released. Route B, block at rest: NMDA receptors active at "
            "rest are blocked, eEF2 kinase is switched off and more BDNF protein is translated. Both routes "
            "lead to BDNF activating TrkB, then mTORC1 switching on (which rapamycin blocks), synaptic proteins "
            "being made and new dendritic spines in rodent prefrontal cortex. A note says the model comes from "
            "rodent experiments."
        ),
    )


def _observation_bands(ax) -> list[Patch]:  # type: ignore[no-untyped-def]
    """Shade the two observation windows; return legend handles naming them.

    The windows are named in the legend rather than by labels above the panel, so the names
    never collide however narrow the figure is drawn.
    """
    u_lo, u_hi = SPINE_FORMATION_UNCHANGED_H.range
    i_lo, i_hi = SPINE_FORMATION_INCREASED_H.range
    ax.axvspan(u_lo, u_hi, color=color("grey"), alpha=0.15, lw=0)
    ax.axvspan(i_lo, i_hi, color=color("green"), alpha=0.15, lw=0)
    return [
        Patch(color=color("grey"), alpha=0.3, lw=0, label=f"{u_lo:g}–{u_hi:g} h: formation unchanged (rodents)"),
        Patch(color=color("green"), alpha=0.3, lw=0, label=f"{i_lo:g}–{i_hi:g} h: formation increased (rodents)"),
    ]


def draw_spine_course(fig: Figure, onset_h: float = pl.DEFAULT_ONSET_H, condition: str | None = None) -> None:
    """Spine density (top) and behavioural rescue (bottom) after one dose in stressed rodents.

    Parameters
    ----------
    fig : Figure
        Empty figure to draw on.
    onset_h : float
        Time at which new spines start to form (h).
    condition : str, optional
        ``"stress_ketamine"`` or ``"stress_ketamine_no_new_spines"`` to show
        one ketamine condition; ``None`` shows both.
    """
    if condition is not None and condition not in ("stress_ketamine", "stress_ketamine_no_new_spines"):
        raise ValueError(
            f"unknown condition {condition!r}; allowed: 'stress_ketamine', 'stress_ketamine_no_new_spines', None"
        )
    ax1, ax2 = add_axes(fig, 2, 1, sharex=True, gridspec_kw={"height_ratios": [1, 1]})
    t = TIME_GRID_H
    shown = ("stress_ketamine", "stress_ketamine_no_new_spines") if condition is None else (condition,)
    styles = {
        "stress_ketamine": {"color": color("blue"), "lw": 2.4},
        "stress_ketamine_no_new_spines": {"color": color("purple"), "lw": 2.4, "ls": "-."},
    }
    windows = _observation_bands(ax1)
    ax1.axhline(100, color=color("grey"), lw=1.2, ls=":")
    ax1.text(71, 100.8, pl.CONDITIONS["control"], ha="right", va="bottom", fontsize=9, color=color("grey"))
    ax1.plot(t, pl.spine_density(t, "stress"), color=color("vermillion"), lw=1.8, ls="--", label="Stress, no ketamine")
    for cond in shown:
        ax1.plot(t, pl.spine_density(t, cond, onset_h=onset_h), label=pl.CONDITIONS[cond], **styles[cond])  # type: ignore[arg-type]
    loss = pl.ILLUSTRATIVE_STRESS_LOSS_PCT
    ax1.set_ylim(100 - loss * 1.35, 100 + loss * 0.3)
    ax1.set_ylabel("Spine density\n(% of control)")
    lines, names = ax1.get_legend_handles_labels()
    ax1.legend(handles=[*lines, *windows], labels=[*names, *(w.get_label() for w in windows)], loc="center right", fontsize=8)
    for cond in shown:
        ax2.plot(t, pl.behavioural_rescue(t, cond, onset_h=onset_h), label=pl.CONDITIONS[cond], **styles[cond])  # type: ignore[arg-type]
    ax2.plot(t, pl.behavioural_rescue(t, "stress"), color=color("vermillion"), lw=1.8, ls="--")
    ax2.axvline(onset_h, color=color("black"), lw=1, ls=":")
    ax2.text(onset_h + 0.8, 6, f"spines start\nto form ({onset_h:g} h)", fontsize=9, va="bottom")
    ax2.set_ylim(-3, 108)
    ax2.set_ylabel("Behavioural deficit\nreversed (%)")
    ax2.set_xlabel("Time after one dose of ketamine (h)")
    ax2.set_xlim(0, 72)
    ax2.set_xticks(TIME_TICKS_H)
    fits = pl.consistent_with_observations(onset_h)
    verdict = "fits" if fits else "does not fit"
    ax1.set_title(f"Spine onset {onset_h:g} h {verdict} the rodent observations", fontsize=10.5)
    mark_illustrative(fig)


def spine_time_course_figure() -> FigureOutput:
    """Illustrative spine density and behaviour after one dose, with and without the new spines."""
    fig = blank_figure("tall")
    draw_spine_course(fig)
    t24 = float(pl.spine_density(24.0))
    b72_kept = float(pl.behavioural_rescue(72.0))
    b72_removed = float(pl.behavioural_rescue(72.0, "stress_ketamine_no_new_spines"))
    return FigureOutput(
        fig,
        "plasticity-spines",
        caption=(
            "Illustrative model of stressed rodents given one dose of ketamine. Spines lost to stress are "
            "restored between about 12 and 24 h; behaviour improves earlier, and stays improved only if the "
            "new spines are kept. The size of the loss and all rates are modelling choices, not data."
        ),
        alt=(
            "Two stacked panels over 72 hours after one dose. Top: spine density as a percentage of control; "
            f"stress alone stays at {100 - pl.ILLUSTRATIVE_STRESS_LOSS_PCT:.0f}%, while with ketamine density "
            f"is flat for the first {pl.DEFAULT_ONSET_H:g} hours and then climbs to {t24:.0f}% by 24 hours. A "
            "grey band marks 3 to 6 hours (formation unchanged) and a green band 12 to 24 hours (formation "
            "increased). Bottom: percentage of the behavioural deficit reversed; it rises within the first few "
            f"hours in both ketamine conditions, then stays near {b72_kept:.0f}% when new spines are kept but "
            f"falls to {b72_removed:.0f}% by 72 hours when they are removed."
        ),
    )


def findings_timeline_figure() -> FigureOutput:
    """When spine changes were seen after ketamine (data table), by design of the experiment."""
    fig, ax = new_figure("tall")
    rows = data.FINDINGS
    x_min, x_max = 0.4, 300.0
    n = len(rows)
    for i, f in enumerate(rows):
        y = n - 1 - i
        c = color(LEVEL_COLOURS[f.level])
        start = max(f.start_h, x_min)
        if f.start_h == f.end_h:
            ax.plot([f.end_h], [y], "D", ms=7, mfc=c, mec=c, mew=1.8, zorder=3)
        else:
            width = f.end_h - start
            if f.outcome == "no change":
                patch = Rectangle((start, y - 0.15), width, 0.3, fc="white", ec=c, lw=1.5, hatch="///")
            else:
                patch = Rectangle((start, y - 0.15), width, 0.3, fc=c, ec=c, lw=1.5)
            ax.add_patch(patch)
        late = f.start_h >= 12
        anchor = {"x": f.end_h if late else start, "ha": "right" if late else "left"}
        # Row labels may run past the axes on a narrow screen; keep them out of the layout calculation.
        ax.text(anchor["x"], y + 0.22, f.label, ha=anchor["ha"], va="bottom", fontsize=8.5, in_layout=False)
        grey = color("grey")
        ax.text(anchor["x"], y - 0.22, f.model, ha=anchor["ha"], va="top", fontsize=7.5, color=grey, in_layout=False)
    shown = [level for level in data.LEVELS if any(f.level == level for f in rows)]
    handles = [Patch(fc=color(LEVEL_COLOURS[level]), label=data.LEVELS[level]) for level in shown]
    handles.append(Patch(fc="white", ec=color("grey"), hatch="///", label="no change seen"))
    ax.set_xscale("log")
    plain_log_ticks(ax.xaxis, (1, 3, 6, 12, 24, 72, 132))
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(-0.7, n + 0.9)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("Time after the (first) dose (h, log scale)")
    ax.legend(handles=handles, loc="upper right", ncol=1, fontsize=8, frameon=False)
    ax.set_title("When spine changes were seen after ketamine in rodents")
    return FigureOutput(
        fig,
        "plasticity-findings",
        caption=(
            f"Timed findings from the course's evidence table ({n} rows, all in mice). Filled bars: a change was "
            "seen; hatched: no change. One dose in stressed mice (prefrontal cortex) and daily doses in unstressed "
            "mice (somatosensory cortex) give different clocks."
        ),
        alt=(
            f"Timeline of {n} mouse findings on a log time axis from under 1 hour to about 10 days. After one "
            "dose, spine formation unchanged at 3 to 6 hours (hatched) and increased at 12 to 24 hours (filled); "
            "with daily doses, spine formation not raised at 6 to 24 hours (hatched) but raised at 72 to 132 hours "
            "(filled)."
        ),
    )
