"""Figures and explorer frames are legible on a 360 px phone (issue 14).

For every figure function and explorer of every chapter (found through ketcourse.chapters.CHAPTERS,
modules ``figures`` and ``explorer``), the rendered size of the smallest text of each kind is computed
from its font size, the figure's width and the width it is displayed at on a 360 px screen:

    px = points * display_px / (72 * figure_width_in)

Phones get the figure's phone layout (``<picture>`` source) if it has one, else the desktop layout at
its ``--kc-phone-width`` in a scrollable frame. Limits: annotations, labels and titles >= 10 px, tick
labels >= 9 px, the illustrative mark >= 9 px. A browser check measures the display widths assumed here
on the built book.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import re
from collections.abc import Iterator
from typing import Any

import pytest

from ketcourse.chapters import CHAPTERS
from ketcourse.engine.explorers.spec import Explorer
from ketcourse.engine.explorers.static import StaticExplorer
from ketcourse.engine.figures.legibility import LIMITS_PX, rendered_px, smallest_text_pt
from ketcourse.engine.figures.output import FigureOutput, png_bytes
from ketcourse.engine.figures.style import NARROW_WIDTH_IN, narrow_layout

#: CSS width of a figure's image and of an explorer's frame in the built book at a 360 px viewport
#: (measured by test_display_widths_at_360 below, which fails if the book shows them narrower).
FIGURE_DISPLAY_PX = 312.0
EXPLORER_DISPLAY_PX = 294.0


def _factories(kind: type) -> Iterator[tuple[str, Any]]:
    for chapter in CHAPTERS:
        for module_name in ("figures", "explorer"):
            try:
                module = importlib.import_module(f"ketcourse.chapters.{chapter}.{module_name}")
            except ModuleNotFoundError:
                continue
            for name, fn in inspect.getmembers(module, inspect.isfunction):
                if name.startswith("_") or fn.__module__ != module.__name__:
                    continue
                sig = inspect.signature(fn)
                required = [p for p in sig.parameters.values() if p.default is p.empty and p.kind is not p.VAR_KEYWORD]
                ret = sig.return_annotation
                if not required and ret in (kind, kind.__name__):
                    yield f"{chapter}.{name}", fn


FIGURES = sorted(_factories(FigureOutput))
EXPLORERS = sorted(_factories(Explorer))


def test_every_chapter_is_walked() -> None:
    assert len(FIGURES) >= len(CHAPTERS), FIGURES
    # Every chapter but two has an explorer: clinical practice and the capstone cases teach with
    # tables and branching cases instead (an explorer there would invite dosing play).
    assert len(EXPLORERS) >= len(CHAPTERS) - 2, EXPLORERS


def too_small(sizes_pt: dict[str, float], width_in: float, display_px: float) -> dict[str, float]:
    """Kinds of text whose smallest member renders below its limit: kind -> rendered px."""
    out = {}
    for kind, pt in sizes_pt.items():
        if pt <= 0:
            continue
        px = rendered_px(pt, width_in, display_px)
        if px < LIMITS_PX[kind] - 1e-9:
            out[kind] = round(px, 2)
    return out


def test_the_computation_can_fail() -> None:
    # a desktop figure (7 in) shown 312 px wide: 10 pt ticks render at 6.2 px, below the 9 px limit
    assert too_small({"text": 11, "tick": 10, "mark": 8}, 7.0, FIGURE_DISPLAY_PX) == {
        "text": 6.81,
        "tick": 6.19,
        "mark": 4.95,
    }
    assert too_small({"text": 10.5, "tick": 9.5, "mark": 9.5}, NARROW_WIDTH_IN, FIGURE_DISPLAY_PX) == {}


def phone_view(fig_out: FigureOutput) -> tuple[dict[str, float], float, float]:
    """(smallest pt by kind, figure width in, display px) of what a 360 px phone shows."""
    html = fig_out.to_html()
    if fig_out.narrow_png is not None:
        assert "<source" in html
        small = copy.deepcopy(fig_out.figure)
        narrow_layout(small)
        return smallest_text_pt(small), small.get_figwidth(), FIGURE_DISPLAY_PX
    match = re.search(r'data-kc-phone-width="(\d+)"', html)
    assert match, "a figure without a phone layout must say how wide phones show it"
    sizes = smallest_text_pt(copy.deepcopy(fig_out.figure))
    return sizes, fig_out.figure.get_figwidth(), max(FIGURE_DISPLAY_PX, int(match[1]))


@pytest.mark.parametrize("name,factory", FIGURES, ids=[n for n, _ in FIGURES])
def test_figure_legible_at_360(name: str, factory: Any) -> None:
    fig_out = factory()
    sizes, width, display = phone_view(fig_out)
    assert not too_small(sizes, width, display), (name, sizes, width, display)
    # the desktop image in the page is the plain first rendering of the figure: the phone work
    # leaves it exactly as it was (a second draw of a constrained layout may differ, so compare firsts)
    assert fig_out.png == png_bytes(factory().figure)


@pytest.mark.parametrize("name,factory", EXPLORERS, ids=[n for n, _ in EXPLORERS])
def test_explorer_frames_legible_at_360(name: str, factory: Any) -> None:
    explorer = factory()
    static = StaticExplorer(explorer)
    narrow = static._narrow_layout()
    combos = list(explorer.combinations())
    for values in {0: combos[0], 1: explorer.defaults(), 2: combos[-1]}.values():
        fig = explorer.render(values)
        if narrow is not None:
            narrow_layout(fig)
            sizes, width, display = smallest_text_pt(fig), fig.get_figwidth(), EXPLORER_DISPLAY_PX
        else:
            assert static.phone_width > 0
            sizes, width, display = smallest_text_pt(fig), fig.get_figwidth(), float(static.phone_width)
        assert not too_small(sizes, width, display), (name, values, sizes, width, display)


def test_display_widths_at_360(book, browser, site) -> None:
    """The built book shows figures and explorer frames at least as wide as assumed above."""
    pages = sorted((book / "chapters").glob("[0-9][0-9]_*.html"))
    assert pages, "the build wrote no chapter pages"
    widths: dict[str, list[float]] = {"figure": [], "explorer": []}
    page = browser.new_page(viewport={"width": 360, "height": 740})
    for path in pages:
        page.goto(f"{site}/chapters/{path.name}")
        got = page.evaluate(
            """() => ({
            figure: [...document.querySelectorAll('.kc-figure picture:not(.kc-scroll picture) img')]
                .map(i => i.getBoundingClientRect().width),
            explorer: [...document.querySelectorAll('.kc-explorer picture:not(.kc-scroll picture) img')]
                .map(i => i.getBoundingClientRect().width),
        })"""
        )
        for key in widths:
            widths[key] += got[key]
    page.close()
    assert widths["figure"] and min(widths["figure"]) >= FIGURE_DISPLAY_PX - 0.5, widths["figure"]
    if widths["explorer"]:
        assert min(widths["explorer"]) >= EXPLORER_DISPLAY_PX - 0.5, widths["explorer"]


# ---- the phone layout's own rules --------------------------------------------------------------------


def _drawn(fig):  # type: ignore[no-untyped-def]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def test_layout_rejects_a_squeezed_panel_and_a_legend_over_text() -> None:
    from ketcourse.engine.figures.style import layout_problems, new_figure

    fig, ax = new_figure("wide")
    ax.plot([0, 1], [0, 1], label="a line")
    fig.set_layout_engine("none")
    ax.set_position((0.05, 0.1, 0.25, 0.8))  # the panel takes a quarter of the width
    assert any("of the figure's width" in p for p in layout_problems(fig, _drawn(fig)))

    fig, ax = new_figure("wide")
    ax.plot([0, 1], [0, 1], label="a line with a long legend entry")
    ax.text(0.02, 0.95, "a note in the corner", transform=ax.transAxes, va="top")
    ax.legend(loc="upper left")
    assert any("the legend covers 'a note in the corner'" in p for p in layout_problems(fig, _drawn(fig)))
    ax.get_legend().set_loc("lower right")
    assert not layout_problems(fig, _drawn(fig))

    fig, ax = new_figure("wide")
    ax.plot([1.0], [1.0], "o", ms=16)
    ax.plot([1.02], [1.0], "o", ms=16)  # almost on top of the first
    ax.set_xlim(0, 2)
    assert "two markers cover each other" in layout_problems(fig, _drawn(fig))
    ax.lines[1].set_xdata([1.8])
    assert not layout_problems(fig, _drawn(fig))


def test_phone_layout_wraps_but_keeps_the_authors_line_breaks_and_restores() -> None:
    from ketcourse.engine.figures.style import narrow_layout, new_figure

    fig, ax = new_figure("wide")
    ax.plot([0, 1], [0, 1])
    title = "First line of a deliberately two-line title that is long\nSecond line"
    ax.set_title(title)
    ax.legend(handles=ax.get_lines(), labels=["x"], loc="upper left", bbox_to_anchor=(1.02, 1.0))
    restore = narrow_layout(fig)
    wrapped = ax.get_title()
    assert wrapped != title and wrapped.endswith("\nSecond line"), wrapped
    assert "long\nSecond" not in wrapped.replace("\nSecond line", "")
    # the legend that stood beside the panel now sits under it
    assert ax.get_legend()._loc == 9  # "upper center"
    restore()
    assert ax.get_title() == title and fig.get_figwidth() == 7.0
