"""Figures for the chapter on appraising popular claims."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon

from ketcourse.chapters.appraisal import content as ap
from ketcourse.engine.figures.output import FigureOutput
from ketcourse.engine.figures.style import add_axes, blank_figure, color, new_figure
from ketcourse.engine.validate import one_of

VERDICT_COLOURS: dict[str, str] = {
    "supported": "green",
    "overstated": "orange",
    "unsupported": "sky",
    "wrong": "vermillion",
    "misleading": "purple",
    "outdated": "grey",
    "contradictory": "black",
}
_LIGHT = {"orange", "sky", "yellow"}
#: Offsets (score units) that spread up to nine claims sharing one cell of the score grid.
_OFFSETS = [(dx, dy) for dy in (0.26, 0.0, -0.26) for dx in (-0.26, 0.0, 0.26)]
_FILL_ORDER = (4, 3, 5, 1, 7, 0, 2, 6, 8)


def claim_positions(claims: tuple[ap.Claim, ...] = ap.CLAIMS) -> dict[str, tuple[float, float]]:
    """Where each claim is drawn: its (evidence, claim) scores, spread within a shared cell.

    Positions depend only on the full table, so a claim stays in the same place
    whichever seed post is highlighted.
    """
    cells: dict[tuple[int, int], list[ap.Claim]] = defaultdict(list)
    for c in claims:
        cells[(c.evidence_strength, c.claim_strength)].append(c)
    out: dict[str, tuple[float, float]] = {}
    for (x, y), members in cells.items():
        if len(members) > len(_OFFSETS):
            raise ValueError(f"more than {len(_OFFSETS)} claims share the cell evidence={x}, claim={y}")
        for c, slot in zip(members, _FILL_ORDER, strict=False):
            dx, dy = _OFFSETS[slot]
            out[c.id] = (x + dx, y + dy)
    return out


def draw_claim_evidence(fig: Figure, seed: str | None = None) -> None:
    """Claim strength against evidence strength, one labelled marker per claim.

    Parameters
    ----------
    fig : Figure
        Empty figure.
    seed : {"S0", "S1", "S2", "S3", "S4"} or None
        Highlight one seed post's claims (others are drawn faintly); ``None`` shows all.
    """
    if seed is not None:
        one_of(seed, ap.SEEDS, "seed")
    ax = add_axes(fig)
    lo, hi = -0.6, 3.6
    ax.add_patch(Polygon([(lo, lo), (hi, hi), (lo, hi)], closed=True, color=color("vermillion"), alpha=0.07, lw=0))
    ax.plot([lo, hi], [lo, hi], color=color("grey"), lw=1.2, ls="--")
    # The regions are named in the legend, not inside the plot, where a label would sit on a marker.
    shown = ap.claims_for_seed(seed)
    shown_ids = {c.id for c in shown}
    for c in ap.CLAIMS:
        x, y = claim_positions()[c.id]
        name = VERDICT_COLOURS[c.verdict]
        active = c.id in shown_ids
        ax.plot(
            [x],
            [y],
            "o",
            ms=16,
            color=color(name) if active else "#e6e6e6",
            markeredgecolor="white",
            zorder=3,
        )
        ax.text(
            x,
            y,
            str(c.number),
            ha="center",
            va="center",
            fontsize=8,
            zorder=4,
            color=("black" if name in _LIGHT else "white") if active else "#b0b0b0",
        )
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xticks(range(4))
    ax.set_yticks(range(4))
    ax.set_xlabel("Evidence strength (score 0–3)")
    ax.set_ylabel("Claim strength (score 0–3)")
    present = [v for v in ap.VERDICTS if any(c.verdict == v for c in shown)]
    ax.legend(
        handles=[
            *(Line2D([], [], marker="o", ls="", ms=9, color=color(VERDICT_COLOURS[v]), label=v) for v in present),
            Patch(color=color("vermillion"), alpha=0.15, lw=0, label="shaded: claim outruns its evidence"),
            Line2D([], [], color=color("grey"), lw=1.2, ls="--", label="dashed: claim matches its evidence"),
        ],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        title="Verdict and key",
        title_fontsize=9,
    )
    above = sum(1 for c in shown if c.gap > 0)
    who = "All seed posts" if seed is None else f"Seed post {seed}"
    ax.set_title(f"{who}: {len(shown)} claims, {above} above the diagonal", fontsize=11)


def claim_evidence_figure(seed: str | None = None) -> FigureOutput:
    """Scatter of claim strength against evidence strength for the audited claims."""
    fig = blank_figure("tall")
    draw_claim_evidence(fig, seed)
    shown = ap.claims_for_seed(seed)
    above = sum(1 for c in shown if c.gap > 0)
    below = sum(1 for c in shown if c.gap < 0)
    return FigureOutput(
        fig,
        "appraisal-claim-evidence" if seed is None else f"appraisal-claim-evidence-{seed}",
        caption=(
            f"Each numbered marker is one claim from the seed posts, placed by how strongly it is worded (up) and "
            f"how well the human evidence supports it (right); the dashed diagonal marks claims matched by their "
            f"evidence. {above} of {len(shown)} claims lie above it. Scores are the course's judgement on the "
            "documented 0–3 scales."
        ),
        alt=(
            f"Scatter plot of {len(shown)} numbered circles on a 4 by 4 grid, evidence strength 0–3 across and "
            f"claim strength 0–3 up, with a dashed diagonal. {above} circles sit above the diagonal, mostly orange "
            f"(overstated) and red (wrong) claims with firm wording and weak or no evidence; {below} green "
            "(supported) or other circles sit below it, where modest claims have strong evidence."
        ),
    )


def verdict_counts_figure() -> FigureOutput:
    """Left: claims per verdict. Right: each seed post's claims, stacked by verdict."""
    fig = blank_figure("wide")
    ax1, ax2 = add_axes(fig, 1, 2, gridspec_kw={"width_ratios": [1, 1.3]})
    counts = ap.verdict_counts()
    names = list(counts)
    ys = np.arange(len(names))[::-1]
    ax1.barh(ys, [counts[v] for v in names], color=[color(VERDICT_COLOURS[v]) for v in names])
    for y, v in zip(ys, names, strict=True):
        ax1.text(counts[v] + 0.2, y, str(counts[v]), va="center", fontsize=9)
    ax1.set_yticks(ys, names)
    ax1.set_xlabel("Claims (count)")
    ax1.set_xlim(0, max(counts.values()) + 2)
    ax1.grid(axis="y", visible=False)
    ax1.set_title("All audited claims", fontsize=11)
    seeds = list(ap.SEEDS)
    sy = np.arange(len(seeds))[::-1]
    left = np.zeros(len(seeds))
    for v in names:
        widths = np.array([ap.verdict_counts(ap.claims_for_seed(s))[v] for s in seeds], dtype=float)
        ax2.barh(sy, widths, left=left, color=color(VERDICT_COLOURS[v]), edgecolor="white", label=v)
        left += widths
    ax2.set_yticks(sy, seeds)
    ax2.set_xlabel("Claims per seed post (count)")
    ax2.grid(axis="y", visible=False)
    ax2.set_title("By seed post", fontsize=11)
    ax2.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8.5)
    n = sum(counts.values())
    longest = max(seeds, key=lambda s: len(ap.claims_for_seed(s)))
    return FigureOutput(
        fig,
        "appraisal-verdicts",
        caption=(
            f"Verdicts on the {n} audited claims, in the course's seven-word vocabulary. Left: totals. Right: "
            "the claims each seed post makes (a claim shared by several posts counts for each)."
        ),
        alt=(
            f"Two bar charts. Left: counts of {n} claims by verdict, led by overstated with {counts['overstated']}, "
            f"then supported {counts['supported']}, wrong {counts['wrong']} and misleading {counts['misleading']}, "
            f"outdated {counts['outdated']}, unsupported {counts['unsupported']} and contradictory "
            f"{counts['contradictory']}. Right: stacked bars for seed posts S0 to S4, {longest} the longest with "
            f"{len(ap.claims_for_seed(longest))} claims, each bar mixing several verdicts."
        ),
    )


def checklist_coverage_figure() -> FigureOutput:
    """How many audited claims each checklist question exposes."""
    fig, ax = new_figure("small")
    counts = ap.checklist_counts()
    items = list(ap.CHECKLIST)
    ys = np.arange(len(items))[::-1]
    ax.barh(ys, [counts[i.key] for i in items], color=color("blue"))
    for y, item in zip(ys, items, strict=True):
        ax.text(counts[item.key] + 0.15, y, str(counts[item.key]), va="center", fontsize=9)
    ax.set_yticks(ys, [f"{k}. {i.title}" for k, i in enumerate(items, 1)])
    ax.set_xlabel("Claims the question exposes (count)")
    ax.set_xlim(0, max(counts.values()) + 1.5)
    ax.grid(axis="y", visible=False)
    top = max(items, key=lambda i: counts[i.key])
    return FigureOutput(
        fig,
        "appraisal-checklist-coverage",
        caption=(
            "How many of the problem claims (all but the supported ones) each checklist question exposes; a claim "
            "can fail more than one question. "
            "Every question catches several claims; none is redundant."
        ),
        alt=(
            f"Horizontal bar chart of the seven checklist questions. '{top.title}' exposes the most claims, "
            f"{counts[top.key]}; the others expose between {min(counts.values())} and "
            f"{sorted(counts.values())[-2]} each."
        ),
    )


__all__ = [
    "VERDICT_COLOURS",
    "checklist_coverage_figure",
    "claim_evidence_figure",
    "claim_positions",
    "draw_claim_evidence",
    "verdict_counts_figure",
]
