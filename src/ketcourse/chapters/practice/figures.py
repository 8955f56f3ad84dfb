"""Figures for the clinical-practice chapter (measured data only; no model)."""

from __future__ import annotations

import numpy as np

from ketcourse.chapters.practice import content as pc
from ketcourse.engine.figures.output import FigureOutput
from ketcourse.engine.figures.style import color, new_figure, plain_log_ticks

#: Colour of each route in the interaction figure.
ROUTE_COLOURS = {"oral": "vermillion", "intravenous": "blue", "nasal": "green"}
ROUTE_NAMES = {"oral": "oral S-ketamine", "intravenous": "intravenous S-ketamine", "nasal": "esketamine nasal spray"}
ROUTE_SHORT = {"oral": "oral", "intravenous": "IV", "nasal": "nasal"}

#: Short source names for captions.
SOURCE_NAMES = {
    "peltoniemi2011": "Peltoniemi et al. 2011",
    "hagelberg2010": "Hagelberg et al. 2010",
    "ejcp2012grapefruit": "Peltoniemi et al. 2012 (grapefruit juice)",
    "peltoniemi2012sjw": "Peltoniemi et al. 2012 (St John's wort)",
    "peltoniemi2012rif": "Peltoniemi et al. 2012 (rifampicin)",
    "spravato_pi_ph": "Spravato prescribing information (interactions)",
}


def _label(s: pc.InteractionStudy) -> str:
    return f"{s.perpetrator} ({ROUTE_SHORT[s.route]})"


def interaction_route_figure() -> FigureOutput:
    """Measured change in S-ketamine or esketamine exposure with each interacting drug, coloured by route."""
    order = {"oral": 0, "intravenous": 1, "nasal": 2}
    rows = sorted(pc.interaction_studies(), key=lambda s: (order[s.route], -(s.auc_ratio or 1.0)))
    fig, ax = new_figure("tall")
    y = np.arange(len(rows))[::-1].astype(float)
    for yi, s in zip(y, rows, strict=True):
        c = color(ROUTE_COLOURS[s.route])
        if s.auc_ratio is None:
            ax.plot([1.0], [yi], marker="o", mfc="white", mec=c, ms=9, ls="none")
            ax.text(1.08, yi, "no increase", va="center", fontsize=9)
            continue
        ax.plot([1.0, s.auc_ratio], [yi, yi], color=c, lw=6, solid_capstyle="butt")
        ax.plot([s.auc_ratio], [yi], marker="o", color=c, ms=8, ls="none")
        text = f"x{s.auc_ratio:g}"
        if s.auc_ratio >= 1:
            ax.text(s.auc_ratio * 1.08, yi, text, va="center", ha="left", fontsize=9.5)
        else:
            ax.text(s.auc_ratio / 1.08, yi, text, va="center", ha="right", fontsize=9.5)
    ax.axvline(1.0, color=color("black"), lw=1)
    ax.set_xscale("log")
    ax.set_xlim(0.04, 5.0)
    plain_log_ticks(ax.xaxis, (0.05, 0.1, 0.25, 0.5, 1, 2, 4))
    ax.set_yticks(y, [_label(s) for s in rows])
    ax.set_xlabel("AUC ratio (log scale)")
    ax.grid(axis="y", visible=False)
    keys = sorted({k for s in rows for k in s.keys})
    parts = "; ".join(
        f"{s.perpetrator} {ROUTE_NAMES[s.route]} "
        + ("no increase" if s.auc_ratio is None else f"{s.auc_ratio:g} times")
        for s in rows
    )
    return FigureOutput(
        fig,
        "practice-interactions-by-route",
        caption=(
            "Measured change in exposure to S-ketamine or esketamine when an interacting drug was taken first, in "
            "small healthy-volunteer studies (AUC ratio: exposure with the drug divided by exposure without it; "
            "1 means no change). The same enzyme change matters much more when the drug is swallowed "
            "(first-pass metabolism) than when it is injected or sprayed into the nose. Sources: "
            + "; ".join(SOURCE_NAMES.get(k, k) for k in keys)
            + "."
        ),
        alt=(
            "Horizontal bars on a log scale around a line at 1 (no change), one per study, labelled and coloured by "
            "route (oral orange, intravenous blue, nasal green). "
            f"Exposure ratios: {parts}. The oral bars reach furthest from 1 in both directions; the intravenous "
            "rifampicin bar and the nasal ticlopidine bar stay close to 1."
        ),
    )


__all__ = ["ROUTE_COLOURS", "ROUTE_NAMES", "ROUTE_SHORT", "SOURCE_NAMES", "interaction_route_figure"]
