"""How large a figure's text renders on a screen: the numbers behind the phone-legibility rule.

A figure ``W`` inches wide drawn at ``dpi`` is ``W * dpi`` pixels wide; shown ``D`` CSS pixels
wide, a text of ``s`` points renders ``s * dpi / 72 * D / (W * dpi) = s * D / (72 * W)`` CSS
pixels tall (the resolution cancels out).
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure

#: Smallest rendered size (CSS px) allowed for each kind of text (issue 14).
LIMITS_PX: dict[str, float] = {"text": 10.0, "tick": 9.0, "mark": 9.0}


def rendered_px(size_pt: float, fig_width_in: float, display_px: float) -> float:
    """CSS pixel size of ``size_pt`` text in a figure ``fig_width_in`` wide shown ``display_px`` wide."""
    return size_pt * display_px / (72.0 * fig_width_in)


def visible_texts(fig: Figure, *, draw: bool = True) -> list[tuple[str, Any]]:
    """(kind, Text) of every visible, non-empty text of ``fig``, tick labels included.

    Draws the figure first (so tick labels exist as they would in the PNG) unless ``draw`` is False,
    for callers whose last draw still shows the figure.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    from ketcourse.engine.figures.style import all_axes, text_kind, tick_label_ids

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    if draw:
        canvas.draw()  # type: ignore[no-untyped-call]
    all_ticks = tick_label_ids(fig)
    drawn_ticks: set[int] = set()
    for ax in all_axes(fig):
        if not ax.get_visible() or not ax.axison:
            continue
        for axis in ax._axis_map.values():
            if not axis.get_visible():
                continue
            for tick in axis._update_ticks():  # type: ignore[attr-defined] # the ticks matplotlib draws (inside the view limits)
                drawn_ticks.update(id(label) for label in (tick.label1, tick.label2) if label.get_visible())
    out = []
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        if id(text) in all_ticks and id(text) not in drawn_ticks:
            continue
        out.append((text_kind(text, all_ticks), text))
    return out


def smallest_text_pt(fig: Figure) -> dict[str, float]:
    """Smallest font size (points) of each kind of visible text in ``fig`` (kinds absent: 0)."""
    sizes: dict[str, float] = {"text": 0.0, "tick": 0.0, "mark": 0.0}
    for kind, text in visible_texts(fig):
        size = float(text.get_fontsize())
        sizes[kind] = size if sizes[kind] == 0 else min(sizes[kind], size)
    return sizes
