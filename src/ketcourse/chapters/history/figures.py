"""Figures for the chapter *What ketamine is*: a timeline, the chemical family, enantiomers, regulatory status."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ketcourse.chapters.history import content as history
from ketcourse.engine.figures.output import FigureOutput
from ketcourse.engine.figures.style import add_axes, blank_figure, color, mark_illustrative, new_figure
from ketcourse.science import receptor as ph
from ketcourse.science.parameters import (
    HNK_NMDA_IC50_UM,
    KETAMINE_POTENCY_VS_PCP,
    R_KETAMINE_KI_UM,
    R_NORKETAMINE_KI_UM,
    S_KETAMINE_KI_UM,
    S_NORKETAMINE_KI_UM,
    S_OVER_R_AFFINITY,
)

#: Colour of each timeline theme.
THEME_COLOURS = {
    "origins": "purple",
    "medical": "blue",
    "control": "vermillion",
    "research": "green",
    "esketamine": "orange",
}

#: Time axis of the history figures (years).
YEAR_AXIS = (1958.0, 2029.0)


def _ratio_text(value: float) -> str:
    """``0.1`` -> ``"1/10"``; ``1/3`` -> ``"1/3"``."""
    return f"1/{round(1 / value):d}"


def timeline_figure() -> FigureOutput:
    """Every event in :data:`ketcourse.chapters.history.content.EVENTS`, one row each, coloured by theme."""
    fig, ax = new_figure("tall")
    events = history.EVENTS
    n = len(events)
    midpoint = sum(YEAR_AXIS) / 2
    for row, ev in enumerate(events):
        y = n - 1 - row
        c = color(THEME_COLOURS[ev.theme])
        ax.plot([ev.decimal_year], [y], "o", ms=7, color=c, zorder=3)
        text = f"{ev.date_text}: {ev.label}"
        left = ev.decimal_year > midpoint
        ax.annotate(
            text,
            (ev.decimal_year, y),
            xytext=(-8 if left else 8, 0),
            textcoords="offset points",
            ha="right" if left else "left",
            va="center",
            fontsize=8.5,
        )
    for theme, heading in history.THEMES.items():
        ax.plot([], [], "o", ms=7, color=color(THEME_COLOURS[theme]), label=heading)
    ax.set_xlim(*YEAR_AXIS)
    ax.set_ylim(-0.8, n - 0.2)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("Date (year)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=3, fontsize=8.5)
    first, last = events[0], events[-1]
    return FigureOutput(
        fig,
        "history-timeline",
        caption=(
            f"Ketamine from {first.year} to {last.year}: {n} dated events from the course's history table, one "
            "per row and coloured by theme. Year-only dates are drawn in the middle of their year."
        ),
        alt=(
            f"Timeline of {n} events from {first.year} to {last.year}, one per row. Early rows: synthesis of "
            "CI-581 in 1962, the first human study on 3 Aug 1964, the term dissociative anaesthetic in 1965, "
            "FDA approval in 1970. Middle rows: a dropped 1981 US control proposal, the WHO Essential "
            "Medicines List in 1985, US Schedule III in 1999, the first placebo-controlled depression trial in "
            "2000, WHO advice against international control and a depression trial in 2006, a 2017 consensus "
            "statement. Last rows: esketamine approvals in the US (March 2019, August 2020, January 2025) and "
            "the EU (December 2019, February 2021)."
        ),
    )


def _box(ax, xy, text, fc, w, h, fontsize=8.5) -> None:  # type: ignore[no-untyped-def]
    x, y = xy
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.06", fc=fc, ec="#333333", lw=1.1))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize)


def _arrow(ax, a, b, ls="-") -> None:  # type: ignore[no-untyped-def]
    ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=14, color="#333333", lw=1.4, linestyle=ls))


def family_figure() -> FigureOutput:
    """Schematic of ketamine's chemical family, enantiomers and metabolites, with the cited potency ratios."""
    fig, ax = new_figure("tall")
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 8)
    ax.axis("off")
    pcp_ratio = _ratio_text(KETAMINE_POTENCY_VS_PCP.value)
    nor_lo = S_NORKETAMINE_KI_UM.value / S_KETAMINE_KI_UM.value
    nor_hi = R_NORKETAMINE_KI_UM.value / R_KETAMINE_KI_UM.value
    s_ratio = S_OVER_R_AFFINITY.value
    _box(ax, (5.0, 7.3), "Arylcyclohexylamines (chemical family)", "#eeeeee", 5.0, 0.6, 9.5)
    _box(
        ax,
        (2.3, 5.8),
        "Phencyclidine (PCP)\nanaesthetic abandoned for people:\ndelirium on waking",
        "#fadbd8",
        3.6,
        1.1,
    )
    _box(
        ax,
        (7.5, 5.8),
        f"Ketamine (CI-581, 1962)\nabout {pcp_ratio} as potent as PCP,\nshorter-acting, less psychotomimetic",
        "#d6eaf8",
        3.9,
        1.1,
    )
    _arrow(ax, (4.0, 7.0), (2.6, 6.4))
    _arrow(ax, (6.0, 7.0), (7.3, 6.4))
    ax.annotate(
        "",
        xy=(5.5, 5.8),
        xytext=(4.15, 5.8),
        arrowprops={"arrowstyle": "-|>", "color": color("blue"), "lw": 1.6},
    )
    ax.text(4.8, 6.0, "search for a\nsafer relative", ha="center", va="bottom", fontsize=7.5, color=color("blue"))
    _box(ax, (7.5, 4.15), "Racemic ketamine = 50% S + 50% R", "#ffffff", 3.9, 0.55)
    _arrow(ax, (7.5, 5.2), (7.5, 4.45))
    _box(
        ax,
        (6.35, 2.6),
        f"S-ketamine (esketamine)\nbinds the NMDA receptor\nabout {s_ratio:.0f}× as tightly as R\n"
        f"(Ki {S_KETAMINE_KI_UM.value:g} vs {R_KETAMINE_KI_UM.value:g} µM)",
        "#fdebd0",
        3.1,
        1.35,
    )
    _box(ax, (9.05, 2.75), "R-ketamine", "#fdebd0", 1.5, 0.6)
    _arrow(ax, (7.0, 3.85), (6.6, 3.32))
    _arrow(ax, (8.3, 3.85), (8.9, 3.1))
    _box(
        ax,
        (2.3, 4.15),
        f"Norketamine (metabolite)\nbinds about {nor_lo:.0f}–{nor_hi:.0f}× less tightly",
        "#d5f5e3",
        3.6,
        0.85,
    )
    _box(
        ax,
        (2.3, 2.4),
        f"(2R,6R)-hydroxynorketamine\nblocks NMDA receptors weakly\n(IC50 about {HNK_NMDA_IC50_UM.value:g} µM)",
        "#d5f5e3",
        3.6,
        1.1,
    )
    _arrow(ax, (5.55, 4.15), (4.15, 4.15), ls="--")
    ax.text(4.85, 4.3, "metabolism", ha="center", va="bottom", fontsize=7.5, color=color("grey"))
    _arrow(ax, (2.3, 3.7), (2.3, 2.98), ls="--")
    ax.text(
        5.0,
        0.75,
        "Black arrows: family and composition. Dashed: conversion in the body. Blue: the 1962 search.\n"
        "Ratios are approximate and measured in different ways: compare them only within each box.",
        ha="center",
        fontsize=8,
        color=color("grey"),
    )
    ax.set_title("Ketamine's family: a safer relative of phencyclidine")
    return FigureOutput(
        fig,
        "history-family",
        caption=(
            f"Ketamine's chemical family. Ketamine is an arylcyclohexylamine like PCP but about {pcp_ratio} as "
            "potent and shorter-acting; it is a 50:50 mixture of S- and R-ketamine, and the body converts it "
            "to norketamine and hydroxynorketamine."
        ),
        alt=(
            "Diagram of boxes. At the top, the arylcyclohexylamine family branches to phencyclidine (PCP), "
            "abandoned in people because of delirium on waking, and to ketamine (CI-581, 1962), about "
            f"{pcp_ratio} as potent as PCP. Ketamine is a 50:50 mix of S-ketamine (esketamine, "
            f"binding the NMDA receptor about {s_ratio:.0f} times as tightly as R) and R-ketamine. Dashed arrows lead "
            f"from ketamine to its metabolite norketamine (binding {nor_lo:.0f} to {nor_hi:.0f} times less tightly) "
            "and on to (2R,6R)-hydroxynorketamine, "
            f"a weak NMDA blocker with an IC50 near {HNK_NMDA_IC50_UM.value:g} µM."
        ),
    )


def enantiomer_figure() -> FigureOutput:
    """Composition of racemic ketamine and esketamine, and the model's half-occupancy constants."""
    fig = blank_figure("wide")
    ax1, ax2 = add_axes(fig, 1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
    products = ("Esketamine\n(Spravato)", "Racemic\n(Ketalar)")
    s_share = (100.0, 50.0)
    ax1.barh(products, s_share, color=color("blue"), label="S-ketamine")
    ax1.barh(products, [100 - s for s in s_share], left=s_share, color=color("orange"), label="R-ketamine")
    for y, s in enumerate(s_share):
        ax1.text(s / 2, y, f"S {s:.0f}%", ha="center", va="center", color="white", fontsize=9, fontweight="bold")
        if s < 100:
            ax1.text(s + (100 - s) / 2, y, f"R {100 - s:.0f}%", ha="center", va="center", fontsize=9)
    ax1.set_xlim(0, 100)
    ax1.set_xlabel("Share of the drug (%)")
    ax1.set_title("What is in the product", fontsize=10.5)
    ax1.grid(False, axis="y")
    k = ph.dissociation_constants()
    forms = ("S", "racemic", "R")
    labels = ("S", "Racemic", "R")
    colours = (color("blue"), color("grey"), color("orange"))
    values = [k[f] for f in forms]
    ax2.bar(labels, values, color=colours)
    for x, v in enumerate(values):
        ax2.text(x, v + 0.02, f"{v:.2f}", ha="center", va="bottom", fontsize=9)
    ax2.set_ylim(0, max(values) * 1.25)
    ax2.set_ylabel("Half-occupancy conc. (µM)")
    ax2.set_title("Model: lower = binds more tightly", fontsize=10.5)
    ax2.grid(False, axis="x")
    mark_illustrative(fig)
    return FigureOutput(
        fig,
        "history-enantiomers",
        caption=(
            "Left: racemic ketamine is half S- and half R-ketamine; esketamine is S-ketamine alone. Right: "
            "illustrative half-occupancy constants at the NMDA receptor from the course's model, which assumes "
            f"S binds {S_OVER_R_AFFINITY.value:.1f} times more tightly than R (Ki ratio in rat brain membranes)."
        ),
        alt=(
            "Two panels. Left: horizontal stacked bars; esketamine is 100% S-ketamine, racemic ketamine is 50% "
            "S and 50% R. Right: bars of the concentration giving half-occupancy of NMDA receptors in the "
            f"model: S-ketamine {k['S']:.2f} µM, racemic {k['racemic']:.2f} µM and R-ketamine {k['R']:.2f} µM."
        ),
    )


def draw_status(fig: Figure, year: int | None = None) -> None:
    """Lane chart of approvals and controls (:data:`ketcourse.chapters.history.content.STATUSES`) over time.

    Parameters
    ----------
    fig : Figure
        Empty figure to draw on.
    year : int, optional
        Highlight the state of affairs at the end of this calendar year: bars
        in force are drawn solid up to a vertical line, later ones faint.
    """
    ax = add_axes(fig)
    statuses = history.STATUSES
    end = history.STATUS_AS_OF + 1.0  # end of the last year the tables cover
    in_force = {s.id for s in history.statuses_in_force(year)} if year is not None else {s.id for s in statuses}
    n = len(statuses)
    for row, s in enumerate(statuses):
        y = n - row
        start = s.start.decimal_year
        c = color("orange") if s.product == "esketamine" else color("blue")
        active = s.id in in_force
        ax.barh(y, end - start, left=start, height=0.42, color=c, alpha=0.9 if active else 0.2, lw=0)
        early = start < 2000
        ax.text(
            start if early else end,
            y + 0.25,
            s.label,
            ha="left" if early else "right",
            va="bottom",
            fontsize=10,
            color="black" if active else "#9a9a9a",
        )
    ax.text(
        YEAR_AXIS[0] + 1,
        0.1,
        "Racemic ketamine for depression: no approval at any date (used off-label in the US)",
        ha="left",
        va="center",
        fontsize=9.5,
        style="italic",
        color=color("grey"),
    )
    if year is not None:
        x = year + 1.0
        ax.axvline(x, color=color("black"), lw=1.5, ls="--")
        latest = history.latest_event(year)
        news = f"\nLatest event: {latest.date_text}, {latest.label}" if latest is not None else ""
        ax.set_title(
            f"End of {year}: {len(in_force)} of {n} in force; US: {history.us_schedule(year)}{news}", fontsize=11
        )
    else:
        ax.set_title(f"Approvals and controls up to {history.STATUS_AS_OF}")
    ax.set_xlim(*YEAR_AXIS)
    ax.set_ylim(-0.5, n + 0.85)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("Date (year)")


def status_figure() -> FigureOutput:
    """Every approval and control, from its start to the present, as a lane chart."""
    fig = blank_figure("tall")
    draw_status(fig)
    first = history.STATUSES[0].start
    return FigureOutput(
        fig,
        "history-status",
        caption=(
            f"Approvals and controls since {first.year}, each drawn from the date it began; none had been "
            f"withdrawn by {history.STATUS_AS_OF}. Blue: racemic ketamine. Orange: esketamine."
        ),
        alt=status_alt(None),
    )


def status_alt(year: int | None) -> str:
    """Alt text for :func:`draw_status` at ``year`` (``None`` for the full chart)."""
    n = len(history.STATUSES)
    if year is None:
        labels = [f"{s.label} from {s.start.year}" for s in history.STATUSES]
        return (
            f"Lane chart of {n} approvals and controls, one bar per row from the year it began: "
            + "; ".join(labels)
            + ". A final row notes that racemic ketamine has no approval for depression."
        )
    active = history.statuses_in_force(year)
    listed = ": " + ", ".join(s.label for s in active) if active else ""
    return (
        f"Lane chart of {n} approvals and controls with a dashed line at the end of {year}. "
        f"{len(active)} of {n} had begun{listed}. US federal status: {history.us_schedule(year)}."
    )
