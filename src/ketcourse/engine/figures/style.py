"""House style: a colour-blind-safe palette, white figures, labelled axes, the illustrative mark."""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

#: Okabe–Ito palette, safe for the common colour-vision deficiencies.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#6E6E6E",
}

#: Order in which series take colours.
CYCLE: tuple[str, ...] = ("blue", "orange", "green", "vermillion", "purple", "sky", "black")

ILLUSTRATIVE_TEXT = "Illustrative model: not for clinical use"

_RC: dict[str, Any] = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.edgecolor": "#333333",
    "axes.labelsize": 11,
    "axes.titlesize": 12,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 9.5,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.family": "DejaVu Sans",
    "svg.hashsalt": "ketcourse",
}

SIZES: dict[str, tuple[float, float]] = {
    "wide": (7.0, 3.9),
    "tall": (7.0, 5.6),
    "square": (5.2, 4.6),
    "small": (5.6, 3.4),
}


def color(name: str) -> str:
    """Hex colour of a palette entry (see :data:`PALETTE`)."""
    if name not in PALETTE:
        raise ValueError(f"unknown colour {name!r}; allowed: {', '.join(PALETTE)}")
    return PALETTE[name]


def house_style() -> Any:
    """Context manager applying the house rcParams while artists are created."""
    import matplotlib

    return matplotlib.rc_context(_RC)  # type: ignore[arg-type]


def blank_figure(size: str = "wide") -> Figure:
    """An empty white figure of a preset size (see :data:`SIZES`)."""
    if size not in SIZES:
        raise ValueError(f"unknown figure size {size!r}; allowed: {', '.join(SIZES)}")
    with house_style():
        return Figure(figsize=SIZES[size], layout="constrained", facecolor="white")


def add_axes(fig: Figure, nrows: int = 1, ncols: int = 1, **subplot_kw: Any) -> Any:
    """Add a grid of house-styled axes to ``fig`` and return them."""
    with house_style():
        axes = fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
    for ax in fig.axes:
        style_axes(ax)
    return axes


def new_figure(size: str = "wide", nrows: int = 1, ncols: int = 1, **subplot_kw: Any) -> tuple[Figure, Any]:
    """Create a white figure in house style without touching pyplot's global state.

    Parameters
    ----------
    size : {"wide", "tall", "square", "small"}
        Figure size preset (inches, see :data:`SIZES`).
    nrows, ncols : int
        Subplot grid.

    Returns
    -------
    fig, axes
        The figure and its axes (an array when the grid has several cells).
    """
    fig = blank_figure(size)
    return fig, add_axes(fig, nrows, ncols, **subplot_kw)


def style_axes(ax: Axes) -> None:
    """Apply the house look to one axes (white face, light grid, no top/right spines)."""
    ax.set_facecolor("white")
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.grid(True, color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=_RC["xtick.labelsize"])
    ax.xaxis.label.set_fontsize(_RC["axes.labelsize"])
    ax.yaxis.label.set_fontsize(_RC["axes.labelsize"])
    ax.title.set_fontsize(_RC["axes.titlesize"])


def mark_illustrative(fig: Figure, text: str = ILLUSTRATIVE_TEXT) -> None:
    """Write the unobtrusive "illustrative model" mark in the figure's bottom-right corner.

    A strip at the bottom of a constrained-layout figure is reserved for it, so
    it never overlaps an axis label.
    """
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and "rect" in engine.get():
        engine.set(rect=(0, 0.035, 1, 0.965))  # type: ignore[call-arg]
    fig.text(
        0.995,
        0.005,
        text,
        ha="right",
        va="bottom",
        fontsize=8,
        color=PALETTE["grey"],
        style="italic",
        gid="illustrative-mark",
    )


def is_marked_illustrative(fig: Figure) -> bool:
    """True if :func:`mark_illustrative` has been applied to ``fig``."""
    return any(t.get_gid() == "illustrative-mark" for t in fig.texts)


def plain_log_ticks(axis: Any, ticks: tuple[float, ...]) -> None:
    """Label a log axis at ``ticks`` with plain numbers (e.g. 300, not 3×10²), no minor ticks.

    Also much cheaper to draw than matplotlib's default log ticks, which
    matters for explorers that pre-render many frames.
    """
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    axis.set_major_locator(FixedLocator(list(ticks)))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.10g}"))
    axis.set_minor_locator(NullLocator())
