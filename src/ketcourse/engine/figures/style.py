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


# --- Phone layout -------------------------------------------------------------------------------
#
# A desktop figure (7 in wide) shown on a 360 px phone is scaled to about 310 CSS px, so 10 pt text
# renders near 6 px. The phone rendering (served to small screens through <picture>) redraws the
# same figure 4 in wide, stacks side-by-side panels, and raises every font to a floor, so that at
# 1 pt ~ 1 CSS px it meets the legibility limits: annotations, labels and titles >= 10 px, tick
# labels and the illustrative mark >= 9 px (see tests/test_legibility.py).

#: Width of the phone rendering (inches) and the screens it is served to.
NARROW_WIDTH_IN = 4.0
NARROW_MEDIA = "(max-width: 40rem)"
#: Font floors (points) of the phone rendering, by kind of text.
NARROW_MIN_PT: dict[str, float] = {"text": 10.5, "tick": 9.5, "mark": 9.5}


def text_kind(text: Any, tick_ids: set[int]) -> str:
    """ "mark" (the illustrative mark), "tick" (a tick label) or "text" (every other text)."""
    if text.get_gid() == "illustrative-mark":
        return "mark"
    return "tick" if id(text) in tick_ids else "text"


def all_axes(fig: Figure) -> list[Axes]:
    """Every axes of ``fig``, with child axes (e.g. secondary x axes) included."""
    out: list[Axes] = []
    todo = list(fig.axes)
    while todo:
        ax = todo.pop(0)
        out.append(ax)
        todo.extend(getattr(ax, "child_axes", []))
    return out


def tick_label_ids(fig: Figure) -> set[int]:
    """Ids of the tick-label Text artists currently in ``fig``."""
    ids: set[int] = set()
    for ax in all_axes(fig):
        for axis in ax._axis_map.values():
            for tick in [*axis.majorTicks, *axis.minorTicks]:
                ids.update((id(tick.label1), id(tick.label2)))
    return ids


def _side_by_side(fig: Figure) -> list[tuple[Axes, Any]]:
    """(axes, subplotspec) of figures whose panels sit in one row of one grid; else []."""
    specs = []
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        if spec is None:
            return []
        specs.append((ax, spec))
    grids = {id(spec.get_gridspec()) for _, spec in specs}
    if len(grids) != 1:
        return []
    nrows, ncols = specs[0][1].get_gridspec().get_geometry()
    if nrows != 1 or ncols < 2:
        return []
    return specs


def narrow_layout(fig: Figure) -> Any:
    """Turn ``fig`` into its phone layout in place; return a function that restores it (see below)."""
    import warnings

    # The trial draws made while fitting may find the layout does not fit yet; whether the final
    # layout fits is judged by the caller's own draw (see narrow_png_bytes), so they stay quiet.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="constrained_layout not applied")
        return _narrow_layout(fig)


def _narrow_layout(fig: Figure) -> Any:
    """Turn ``fig`` into its phone layout in place; return a function that restores it.

    Side-by-side panels are stacked, the figure is :data:`NARROW_WIDTH_IN` wide (and tall enough
    for its panels), and every text is raised to at least :data:`NARROW_MIN_PT` for its kind.
    """
    from matplotlib.text import Text

    undo: list[Any] = []
    width, height = fig.get_size_inches()
    stacked = _side_by_side(fig)
    panels = len({id(spec) for _, spec in stacked}) if stacked else 1
    if stacked:
        cols = sorted({spec.colspan.start for _, spec in stacked})
        grid = fig.add_gridspec(len(cols), 1)
        for ax, spec in stacked:
            ax.set_subplotspec(grid[cols.index(spec.colspan.start), 0])
            undo.append(lambda ax=ax, spec=spec: ax.set_subplotspec(spec))
    new_h = max(height, 0.66 * NARROW_WIDTH_IN * panels + 0.4) if stacked else max(height, 0.72 * NARROW_WIDTH_IN)
    fig.set_size_inches(NARROW_WIDTH_IN, new_h)
    undo.append(lambda: fig.set_size_inches(width, height))
    for ax in all_axes(fig):
        for name, axis in ax._axis_map.items():
            current = max((float(t.get_fontsize()) for t in axis.get_ticklabels(which="both")), default=0.0)
            floor = max(current, NARROW_MIN_PT["tick"])
            ax.tick_params(axis=name, which="both", labelsize=floor)  # type: ignore[arg-type]
            before = current or floor
            undo.append(lambda ax=ax, name=name, size=before: ax.tick_params(axis=name, which="both", labelsize=size))
    ticks = tick_label_ids(fig)
    for text in fig.findobj(Text):
        if id(text) in ticks or not text.get_text():
            continue
        floor = NARROW_MIN_PT[text_kind(text, ticks)]
        size = float(text.get_fontsize())
        if size < floor:
            text.set_fontsize(floor)
            undo.append(lambda text=text, size=size: text.set_fontsize(size))
    undo += _thin_numeric_ticks(fig)
    # Titles, x labels, figure notes and long category names are wrapped to the phone width.
    chars = int(NARROW_WIDTH_IN * 72 / (0.6 * NARROW_MIN_PT["text"]))
    notes = [t for t in fig.texts if t.get_gid() != "illustrative-mark"]
    suptitle = getattr(fig, "_suptitle", None)
    for label in [
        *(ax.title for ax in fig.axes),
        *(ax.xaxis.label for ax in fig.axes),
        *notes,
        *([suptitle] if suptitle is not None else []),
    ]:
        undo += _rewrap(label, chars)
    # y labels run up the side of their panel: wrapped to the panel's share of the height
    rows = max(1, panels if stacked else 1)
    y_chars = int(0.6 * new_h / rows * 72 / (0.6 * NARROW_MIN_PT["text"]))
    for ax in fig.axes:
        undo += _rewrap(ax.yaxis.label, max(12, y_chars))
        undo += _wrap_category_ticks(ax, chars)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and "rect" in engine.get() and is_marked_illustrative(fig):
        rect = engine.get()["rect"]
        strip = NARROW_MIN_PT["mark"] * 1.6 / 72 / new_h
        engine.set(rect=(0, strip, 1, 1 - strip))  # type: ignore[call-arg]
        undo.append(lambda: engine.set(rect=rect))  # type: ignore[call-arg]
    # Both steps below measure a drawn figure; a draw costs about as much as rendering the PNG, so
    # the legends step reports whether its last draw still shows the figure and the fit step reuses it.
    legend_undo, drawn = _narrow_legends(fig, chars)
    undo += legend_undo
    undo += _fit_texts_to_width(fig, drawn=drawn)

    def restore() -> None:
        for step in reversed(undo):
            step()

    return restore


def _fit_texts_to_width(fig: Figure, rounds: int = 3, *, drawn: bool = False) -> list[Any]:
    """Re-wrap texts that stick out of the figure's sides until they fit (at most ``rounds`` draws).

    The larger phone fonts make some annotations wider than the 4 in figure; each one is re-filled to
    the share of its width that lies inside. Texts that stick out at the top or bottom are left:
    wrapping cannot help them, and :func:`layout_problems` then rejects the layout.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    undo: list[Any] = []
    for i in range(rounds):
        if i > 0 or not drawn:  # ``drawn``: the caller's last draw still shows the figure
            fig.canvas.draw()  # type: ignore[no-untyped-call]
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        bounds = fig.bbox
        ticks = tick_label_ids(fig)
        changed = False
        for text in fig.findobj(Text):
            words = text.get_text()
            box = _extent(text, renderer)
            if id(text) in ticks or not text.get_visible() or " " not in words.strip() or box is None:
                continue
            overflow = max(bounds.x0 - box.x0, box.x1 - bounds.x1, 0.0)
            if overflow <= 2 or box.width <= 0:
                continue
            longest = max(len(line) for line in words.split("\n"))
            chars = int(longest * (box.width - overflow - 4) / box.width)
            if chars < 8:
                continue
            undo += _rewrap(text, chars)
            changed = True
        if not changed:
            break
    return undo


def _fill(line: str, chars: int) -> str:
    """``line`` broken between words into lines of at most ``chars`` characters (hyphenated words kept)."""
    import textwrap

    return textwrap.fill(" ".join(line.split()), chars, break_on_hyphens=False) or line


def _rewrap(text: Any, chars: int) -> list[Any]:
    """Re-fill ``text`` to lines of at most ``chars`` characters if a line is longer; return its undo."""
    original = text.get_text()
    if max((len(line) for line in original.split("\n")), default=0) <= chars:
        return []
    # each of the author's lines is wrapped on its own, so deliberate line breaks survive
    text.set_text("\n".join(_fill(line, chars) for line in original.split("\n")))
    return [lambda: text.set_text(original)]


def _narrow_legends(fig: Figure, chars: int) -> tuple[list[Any], bool]:
    """Fit the legends to the phone width; return (undo steps, whether the last draw is current).

    A legend beside its panel, or one that now covers a text of the larger phone type, moves under the
    x axis in rows; legends in several columns keep as many as their longest entry leaves room for.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    undo: list[Any] = []
    canvas: Any = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    drawn = False
    moving = []
    for ax in fig.axes:
        legend: Any = ax.get_legend()  # (matplotlib keeps loc and ncols private; they are read back)
        anchor = None if legend is None else legend.get_bbox_to_anchor()
        if legend is None or anchor is None:
            continue
        beside = ax.transAxes.inverted().transform([[anchor.x0, anchor.y0]])[0][0] > 1.0
        if not beside and not drawn:
            canvas.draw()  # one draw serves the check of every legend
            drawn = True
        if beside or _legend_problems(fig, legend, canvas.get_renderer()):
            moving.append((ax, legend))
    for _ax, legend in moving:
        loc, box, ncols = legend._loc, legend.get_bbox_to_anchor(), legend._ncols
        legend.set_loc("upper center")
        legend.set_ncols(max(1, len(legend.get_texts())))

        def back(legend: Any = legend, loc: Any = loc, box: Any = box, ncols: int = ncols) -> None:
            legend._loc = loc
            legend.set_bbox_to_anchor(box)
            legend.set_ncols(ncols)

        undo.append(back)
    for _ in range(2 if moving else 0):  # panels grow once legends leave their sides: place, re-lay out, re-place
        canvas.draw()
        for ax, legend in moving:
            below = ax.xaxis.get_tightbbox(canvas.get_renderer())
            y = -0.02 if below is None else ax.transAxes.inverted().transform([[0, below.y0]])[0][1] - 0.02
            legend.set_bbox_to_anchor((0.5, y), transform=ax.transAxes)
        drawn = False  # the legends moved after the last draw
    for legend in _legends(fig):
        if legend._ncols <= 1:
            continue
        longest = max((len(t.get_text()) + 4 for t in legend.get_texts()), default=1)
        fit = max(1, min(legend._ncols, chars // longest))
        if fit < legend._ncols:
            before = legend._ncols
            legend.set_ncols(fit)
            undo.append(lambda legend=legend, before=before: legend.set_ncols(before))
            drawn = False
    return undo, drawn


def _thin_numeric_ticks(fig: Figure) -> list[Any]:
    """Numeric axes on matplotlib's automatic ticks get at most five ticks (larger labels need room)."""
    from matplotlib.ticker import AutoLocator, MaxNLocator

    undo: list[Any] = []
    for ax in all_axes(fig):
        for axis in (ax.xaxis, ax.yaxis):
            locator = axis.get_major_locator()
            if type(locator) in (AutoLocator, MaxNLocator) and axis.get_scale() == "linear":
                axis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))
                undo.append(lambda axis=axis, locator=locator: axis.set_major_locator(locator))
    return undo


def _wrap_category_ticks(ax: Axes, chars: int) -> list[Any]:
    """Wrap the words of fixed (category) tick labels: y labels to a third of ``chars``, x labels to
    the room each one has. Numeric labels are left alone."""
    from matplotlib.ticker import FixedFormatter, FixedLocator

    undo: list[Any] = []
    for axis, room in ((ax.yaxis, max(12, chars // 3)), (ax.xaxis, None)):
        if not isinstance(axis.get_major_locator(), FixedLocator):
            continue
        labels = [t.get_text() for t in axis.get_ticklabels()]
        if not any(any(c.isalpha() for c in lab) for lab in labels):
            continue
        width = room if room is not None else max(8, chars // max(1, len(labels)))
        if max((len(line) for lab in labels for line in lab.split("\n")), default=0) <= width:
            continue
        ticks = list(axis.get_ticklocs())
        formatter = axis.get_major_formatter()
        wrapped = [_fill(lab, width) for lab in labels]
        axis.set_major_formatter(FixedFormatter(wrapped))
        axis.set_ticks(ticks)
        undo.append(lambda axis=axis, formatter=formatter: axis.set_major_formatter(formatter))
    return undo


def _legends(fig: Figure) -> list[Any]:
    """Every legend of ``fig``: those of its axes, then the figure's own."""
    return [lg for lg in (*(ax.get_legend() for ax in fig.axes), *fig.legends) if lg is not None]


def _legend_text_ids(fig: Figure) -> set[int]:
    """Ids of the entry and title texts of every legend (they are the legends' own, not covered by them)."""
    return {id(t) for lg in _legends(fig) for t in (*lg.get_texts(), lg.get_title())}


def _extent(text: Any, renderer: Any) -> Any:
    """The drawn box of ``text``, or None when matplotlib cannot place it."""
    try:
        return text.get_window_extent(renderer)
    except (RuntimeError, ValueError):
        return None


def _overlap_area(a: Any, b: Any) -> float:
    """Area (display px²) that two boxes share; 0 when they do not meet."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return float(w * h) if w > 0 and h > 0 else 0.0


#: Share of a text's box another box may cover before the layout counts it as hidden.
COVER_SHARE = 0.15


def _legend_problems(fig: Figure, legend: Any, renderer: Any) -> list[str]:
    """Texts of ``fig`` (other than legend texts) that ``legend``'s frame covers (the figure is drawn)."""
    from ketcourse.engine.figures.legibility import visible_texts

    own = _legend_text_ids(fig)
    frame = legend.get_window_extent(renderer)
    out = []
    for _kind, text in visible_texts(fig, draw=False):
        box = _extent(text, renderer)
        if id(text) in own or box is None:
            continue
        if _overlap_area(frame, box) > COVER_SHARE * box.width * box.height:
            out.append(f"the legend covers {text.get_text()!r}")
    return out


def _marker_overlaps(fig: Figure) -> list[str]:
    """Pairs of single-point markers (e.g. labelled circles) that cover each other by more than a fifth."""
    import numpy as np
    from matplotlib.lines import Line2D

    points = []
    for ax in fig.axes:
        for line in ax.get_lines():
            if not isinstance(line, Line2D) or not line.get_visible() or line.get_marker() in (None, "None", "", " "):
                continue
            xy = np.asarray(line.get_xydata(), dtype=float)
            if len(xy) != 1 or not np.isfinite(xy).all():
                continue
            centre = ax.transData.transform(xy)[0]
            points.append((centre, line.get_markersize() * fig.dpi / 72.0 / 2.0))
    out = []
    for i, (a, ra) in enumerate(points):
        for b, rb in points[i + 1 :]:
            if float(np.hypot(*(a - b))) < 0.8 * (ra + rb):
                out.append("two markers cover each other")
    return out


def layout_problems(fig: Figure, renderer: Any) -> list[str]:
    """What makes a drawn layout unreadable (empty if nothing): texts outside the figure or over one
    another, a squeezed panel, a legend over a text, markers on top of one another."""
    from ketcourse.engine.figures.legibility import visible_texts

    bounds = fig.bbox
    boxes = []
    for _kind, text in visible_texts(fig):
        box = _extent(text, renderer)
        if box is not None and box.width > 0 and box.height > 0:
            boxes.append((text.get_text(), box))
    problems = []
    for ax in fig.axes:
        if ax.get_visible() and ax.axison and ax.get_position().width < 0.45:
            problems.append(f"a panel is only {ax.get_position().width:.0%} of the figure's width")
    for legend in _legends(fig):
        problems += _legend_problems(fig, legend, renderer)
    problems += _marker_overlaps(fig)
    for label, box in boxes:
        if box.x0 < bounds.x0 - 2 or box.y0 < bounds.y0 - 2 or box.x1 > bounds.x1 + 2 or box.y1 > bounds.y1 + 2:
            problems.append(f"{label!r} falls outside the figure")
    for i, (a_label, a) in enumerate(boxes):
        for b_label, b in boxes[i + 1 :]:
            if _overlap_area(a, b) > COVER_SHARE * min(a.width * a.height, b.width * b.height):
                problems.append(f"{a_label!r} overlaps {b_label!r}")
    return problems


def phone_width_px(fig: Figure) -> int:
    """CSS width at which the desktop layout of ``fig`` meets the phone legibility limits.

    Used for figures whose phone layout does not fit (see :func:`layout_problems`): small screens
    then show the desktop rendering at this width, in a horizontally scrollable frame.
    """
    import copy

    from ketcourse.engine.figures.legibility import LIMITS_PX, smallest_text_pt

    smallest = smallest_text_pt(copy.deepcopy(fig))  # drawing it here must not change its own rendering
    width_in = fig.get_figwidth()
    need = [LIMITS_PX[kind] * 72 * width_in / pt for kind, pt in smallest.items() if pt > 0]
    return int(max(need, default=0) + 0.999)
