"""Interactive explorers: one description, rendered live (ipywidgets) or static (pre-rendered frames)."""

from __future__ import annotations

from typing import Any

from ketcourse.engine.explorers.spec import Choice, Explorer, Slider

__all__ = ["Choice", "Explorer", "Slider", "show"]


def show(explorer: Explorer, mode: str | None = None) -> Any:
    """Return a displayable view of ``explorer``.

    Parameters
    ----------
    explorer : Explorer
        What to show.
    mode : {"live", "static"}, optional
        Defaults to :func:`ketcourse.engine.mode.render_mode`.
    """
    from ketcourse.engine.mode import MODES, render_mode

    if not isinstance(explorer, Explorer):
        raise TypeError(f"show() needs an Explorer, got {type(explorer).__name__}")
    chosen = render_mode() if mode is None else mode
    if chosen not in MODES:
        raise ValueError(f"unknown mode {chosen!r}; allowed: {', '.join(MODES)}")
    if chosen == "live":
        from ketcourse.engine.explorers.live import LiveExplorer

        return LiveExplorer(explorer)
    from ketcourse.engine.explorers.static import StaticExplorer

    return StaticExplorer(explorer)
