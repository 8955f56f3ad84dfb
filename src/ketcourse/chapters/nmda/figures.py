"""Figures for the NMDA-receptor chapter."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ketcourse.engine.figures.output import FigureOutput
from ketcourse.engine.figures.style import add_axes, blank_figure, color, mark_illustrative, new_figure, plain_log_ticks
from ketcourse.science import receptor as ph
from ketcourse.science.parameters import (
    ANAESTHESIA_BAND_NGML,
    ANTIDEPRESSANT_PEAK_NGML,
    DISSOCIATION_BAND_NGML,
    MOLECULAR_WEIGHT,
    S_OVER_R_AFFINITY,
)
from ketcourse.science.units import ngml_to_um

FORM_LABELS = {"racemic": "Racemic ketamine", "S": "S-ketamine (esketamine)", "R": "R-ketamine"}
FORM_COLOURS = {"racemic": "black", "S": "blue", "R": "orange"}
CONC_GRID_NGML = np.geomspace(5, 10_000, 300)


def _band(ax: Axes, lo: float, hi: float, text: str, fill: str, alpha: float, text_colour: str) -> None:
    """Shade a concentration range (log x axis) and label it at the foot of the axes."""
    ax.axvspan(lo, hi, color=color(fill), alpha=alpha, lw=0)
    ax.text(
        np.sqrt(lo * hi),
        0.03,
        text,
        ha="center",
        va="bottom",
        fontsize=8.5,
        color=text_colour,
        transform=ax.get_xaxis_transform(),
    )


def anaesthesia_band_um() -> tuple[float, float]:
    """The course's anaesthesia band (:data:`ANAESTHESIA_BAND_NGML`) in µM."""
    lo, hi = ANAESTHESIA_BAND_NGML.range
    return float(ngml_to_um(lo)), float(ngml_to_um(hi))


def _bands(ax: Axes) -> None:
    lo, hi = DISSOCIATION_BAND_NGML.range
    _band(ax, lo, hi, "antidepressant\ninfusion", "green", 0.18, "#006b4f")
    a_lo, a_hi = ANAESTHESIA_BAND_NGML.range
    u_lo, u_hi = anaesthesia_band_um()
    _band(ax, a_lo, a_hi, f"anaesthetic\n({u_lo:.0f}–{u_hi:.0f} µM)", "vermillion", 0.15, "#a34400")


def _um_axis(ax) -> None:  # type: ignore[no-untyped-def]
    mw = MOLECULAR_WEIGHT.value
    top = ax.secondary_xaxis("top", functions=(lambda x: x / mw, lambda x: x * mw))
    top.set_xlabel("Plasma ketamine (µM)", fontsize=9)
    top.tick_params(labelsize=8.5)
    plain_log_ticks(top.xaxis, (0.03, 0.1, 0.3, 1, 3, 10, 30))


def draw_occupancy(
    fig: Figure, conc_ngml: float | None = None, form: str = "racemic", forms: tuple[str, ...] = ("racemic",)
) -> None:
    """Occupancy curve(s) against plasma concentration, with the clinical ranges shaded.

    Parameters
    ----------
    fig : Figure
        Empty figure to draw on.
    conc_ngml : float, optional
        Mark this concentration (ng/mL) on the ``form`` curve.
    form : {"racemic", "S", "R"}
        Form whose curve carries the marker.
    forms : tuple of str
        Forms whose curves are drawn.
    """
    ax = add_axes(fig)
    for f in forms:
        ax.plot(
            CONC_GRID_NGML,
            100 * ph.occupancy(CONC_GRID_NGML, "ng/mL", form=f),
            color=color(FORM_COLOURS[f]),
            lw=2.2,
            label=FORM_LABELS[f],
        )
    if conc_ngml is not None:
        if form not in forms:
            ax.plot(
                CONC_GRID_NGML,
                100 * ph.occupancy(CONC_GRID_NGML, "ng/mL", form=form),
                color=color(FORM_COLOURS[form]),
                lw=2.2,
                label=FORM_LABELS[form],
            )
        occ = 100 * float(ph.occupancy(conc_ngml, "ng/mL", form=form))
        ax.plot([conc_ngml], [occ], "o", ms=9, color=color("purple"), zorder=5)
        ax.annotate(
            f"{occ:.0f}% occupied\nat {conc_ngml:g} ng/mL",
            (conc_ngml, occ),
            xytext=(12, -28),
            textcoords="offset points",
            fontsize=9.5,
        )
    _bands(ax)
    ax.set_xscale("log")
    plain_log_ticks(ax.xaxis, (10, 30, 100, 300, 1000, 3000, 10000))
    ax.set_xlim(CONC_GRID_NGML[0], CONC_GRID_NGML[-1])
    ax.set_ylim(0, 100)
    ax.set_xlabel("Plasma ketamine (ng/mL, log scale)")
    ax.set_ylabel("NMDA receptors occupied (%)")
    _um_axis(ax)
    ax.legend(loc="upper left")
    mark_illustrative(fig)


def occupancy_figure() -> FigureOutput:
    """Occupancy of NMDA receptors vs plasma ketamine with the antidepressant and anaesthetic ranges."""
    fig = blank_figure("wide")
    draw_occupancy(fig)
    lo, hi = DISSOCIATION_BAND_NGML.range
    occ_lo, occ_hi = (100 * float(ph.occupancy(v)) for v in (lo, hi))
    peak = ANTIDEPRESSANT_PEAK_NGML.value
    occ_peak = 100 * float(ph.occupancy(peak))
    a_lo, a_hi = ANAESTHESIA_BAND_NGML.range
    u_lo, u_hi = anaesthesia_band_um()
    occ_a = 100 * float(ph.occupancy(a_lo))
    return FigureOutput(
        fig,
        "nmda-occupancy",
        caption=(
            "Illustrative Hill model of NMDA-receptor occupancy (K = 0.5 µM, n = 1). Plasma levels measured "
            f"during the antidepressant infusion ({lo:.0f}–{hi:.0f} ng/mL, peak about {peak:.0f}) give roughly "
            f"{occ_lo:.0f}–{occ_hi:.0f}% occupancy ({occ_peak:.0f}% at the peak); anaesthetic levels "
            f"({a_lo:,.0f}–{a_hi:,.0f} ng/mL, {u_lo:.0f}–{u_hi:.0f} µM) give over {occ_a:.0f}%."
        ),
        alt=(
            "Line chart of NMDA-receptor occupancy in percent against plasma ketamine concentration on a log "
            "scale from 5 to 10,000 ng/mL. The S-shaped curve crosses 50% near 120 ng/mL. A green band at "
            f"{lo:.0f}–{hi:.0f} ng/mL, the levels measured during the antidepressant infusion, spans about "
            f"{occ_lo:.0f} to {occ_hi:.0f}% occupancy; a red band at {a_lo:,.0f}–{a_hi:,.0f} ng/mL "
            f"({u_lo:.0f}–{u_hi:.0f} µM), the anaesthetic range, lies above {occ_a:.0f}%."
        ),
    )


def enantiomer_figure() -> FigureOutput:
    """Occupancy curves of S-, R- and racemic ketamine."""
    fig = blank_figure("wide")
    draw_occupancy(fig, forms=("S", "racemic", "R"))
    k = ph.dissociation_constants()
    return FigureOutput(
        fig,
        "nmda-enantiomers",
        caption=(
            "Illustrative occupancy of S-, R- and racemic ketamine, assuming S-ketamine binds "
            f"{S_OVER_R_AFFINITY.value:.1f} times more tightly than R-ketamine (half-occupancy "
            f"{k['S']:.2f}, {k['R']:.2f} and {k['racemic']:.2f} µM)."
        ),
        alt=(
            "Three S-shaped occupancy curves against plasma concentration on a log scale. The blue S-ketamine "
            "curve lies furthest left, the orange R-ketamine curve furthest right and the black racemic curve "
            "between them, so at any concentration S-ketamine occupies the most receptors."
        ),
    )


def use_dependence_figure(conc_um: float = 1.0) -> FigureOutput:
    """Open-channel block builds up only during bursts of channel opening."""
    t = np.linspace(0, 12, 1201)
    bursts = ph.open_fraction_bursts(t, period_s=3.0, burst_s=0.5, p_open=0.8, start_s=1.0)
    block_active = ph.use_dependent_block(t, bursts, conc_um, "µM")
    block_silent = ph.use_dependent_block(t, np.zeros_like(t), conc_um, "µM")
    bound = float(ph.occupancy(conc_um, "µM"))
    fig, (ax1, ax2) = new_figure("tall", 2, 1, sharex=True, gridspec_kw={"height_ratios": [1, 2]})
    ax1.fill_between(t, bursts, step="mid", color=color("sky"), alpha=0.7, lw=0)
    ax1.set_ylabel("Channels\nopen (fraction)")
    ax1.set_ylim(0, 1)
    ax1.set_title(f"Ketamine held at {conc_um:g} µM throughout")
    ax2.plot(t, 100 * block_active, color=color("blue"), lw=2.2, label="Synapse active (bursts of opening)")
    ax2.plot(t, 100 * block_silent, color=color("orange"), lw=2.2, ls="--", label="Synapse silent (channels shut)")
    ax2.axhline(100 * bound, color=color("grey"), lw=1, ls=":")
    ax2.text(
        t[-1], 100 * bound + 1.5, f"equilibrium limit {100 * bound:.0f}%", ha="right", fontsize=9, color=color("grey")
    )
    ax2.set_ylim(-2, 100)
    ax2.set_xlabel("Time (s)")
    ax2.set_ylabel("Channels blocked (%)")
    ax2.legend(loc="upper left")
    mark_illustrative(fig)
    return FigureOutput(
        fig,
        "nmda-use-dependence",
        caption=(
            "Illustrative use-dependent block: with the drug present all the time, block accumulates only "
            "during bursts of channel opening and stays flat (trapped) between them; a silent synapse is "
            "not blocked at all."
        ),
        alt=(
            "Two stacked panels over 12 seconds. Top: four short bursts of channel opening, every 3 seconds. "
            "Bottom: the percentage of channels blocked rises in steps, one step per burst, and stays level "
            "between bursts, approaching a dotted limit of about "
            f"{100 * bound:.0f}%; a dashed line for a silent synapse stays at zero."
        ),
    )


def _box(ax, xy, text, fc, w=2.6, h=0.9) -> None:  # type: ignore[no-untyped-def]
    x, y = xy
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.08", fc=fc, ec="#333333", lw=1.2))
    ax.text(x, y, text, ha="center", va="center", fontsize=9.5)


def _arrow(ax, a, b, style="-|>", colour="#333333", ls="-") -> None:  # type: ignore[no-untyped-def]
    ax.add_patch(
        FancyArrowPatch(
            a, b, arrowstyle=style, mutation_scale=16, color=colour, lw=1.6, linestyle=ls, shrinkA=4, shrinkB=4
        )
    )


def disinhibition_schematic() -> FigureOutput:
    """Schematic of the GABA-interneuron disinhibition hypothesis."""
    fig, ax = new_figure("tall")
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 8)
    ax.axis("off")
    _box(ax, (1.7, 7.0), "Ketamine\n(sub-anaesthetic)", "#ffffff")
    _box(ax, (5.0, 7.0), "NMDA receptors on\nGABA interneurons", "#d6eaf8")
    _box(ax, (8.3, 7.0), "Less GABA\nrelease", "#d6eaf8")
    _box(ax, (8.3, 4.9), "Pyramidal neurons\ndisinhibited", "#fdebd0")
    _box(ax, (5.0, 4.9), "Glutamate\nsurge", "#fdebd0")
    _box(ax, (1.7, 4.9), "AMPA receptor\nactivation", "#fdebd0")
    _box(ax, (1.7, 2.6), "BDNF release,\nmTORC1 signalling", "#d5f5e3")
    _box(ax, (5.0, 2.6), "New synapses\n(rodent PFC)", "#d5f5e3")
    _arrow(ax, (3.05, 7.0), (3.65, 7.0), style="-[", colour=color("vermillion"))
    ax.text(3.35, 7.65, "blocks", ha="center", fontsize=9, color="#a34400")
    _arrow(ax, (6.3, 7.0), (7.0, 7.0))
    _arrow(ax, (8.3, 6.55), (8.3, 5.35))
    _arrow(ax, (7.0, 4.9), (6.3, 4.9))
    _arrow(ax, (3.7, 4.9), (3.0, 4.9))
    _arrow(ax, (1.7, 4.45), (1.7, 3.05))
    _arrow(ax, (3.0, 2.6), (3.7, 2.6))
    ax.text(
        5.0,
        0.9,
        "Hypothesis built mainly on rodent experiments; in people a small 13C-MRS study\n"
        "supports the glutamate rise. Arrows show proposed causation.",
        ha="center",
        fontsize=9,
        color=color("grey"),
    )
    ax.set_title("Disinhibition hypothesis: a blocker that raises glutamate release")
    return FigureOutput(
        fig,
        "nmda-disinhibition",
        caption=(
            "Schematic of the disinhibition hypothesis: blocking NMDA receptors on fast-firing GABA "
            "interneurons reduces inhibition of pyramidal neurons, producing a glutamate surge that "
            "activates AMPA receptors and downstream plasticity signals. A hypothesis, mostly from rodents."
        ),
        alt=(
            "Flow diagram of eight boxes. Ketamine blocks NMDA receptors on GABA interneurons, leading to less "
            "GABA release, so pyramidal neurons are disinhibited; this produces a glutamate surge, AMPA receptor "
            "activation, then BDNF release and mTORC1 signalling, and finally new synapses in rodent prefrontal "
            "cortex. A note says the chain is a hypothesis built mainly on rodent experiments."
        ),
    )
