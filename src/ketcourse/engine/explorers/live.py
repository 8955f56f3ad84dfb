"""Live rendering of an explorer with ipywidgets (needs a running kernel)."""

from __future__ import annotations

import time
from typing import Any

from ketcourse.engine.explorers.spec import Choice, Explorer, Slider, frozen_layout
from ketcourse.engine.figures.output import png_bytes

#: Resolution of live frames, dots per inch.
LIVE_DPI = 80


class LiveExplorer:
    """ipywidgets controls wired to the explorer's draw function.

    ``redraw`` is the callback run on every control change; its last duration
    is kept in ``last_redraw_ms`` (the benchmark reads it).
    """

    def __init__(self, explorer: Explorer, *, dpi: int = LIVE_DPI) -> None:
        import ipywidgets as w

        self.explorer = explorer
        self.dpi = dpi
        self.last_redraw_ms = 0.0
        self.controls: dict[str, Any] = {}
        for c in explorer.controls:
            if isinstance(c, Slider):
                widget = w.SelectionSlider(
                    options=[(c.format(v), v) for v in c.values],
                    value=c.default,
                    description=c.label,
                    continuous_update=True,
                    style={"description_width": "initial"},
                    layout=w.Layout(width="95%"),
                )
            else:
                assert isinstance(c, Choice)
                widget = w.Dropdown(
                    options=list(c.options_map),
                    value=c.default,
                    description=c.label,
                    style={"description_width": "initial"},
                )
            widget.observe(self._on_change, names="value")
            self.controls[c.name] = widget
        self.layout = frozen_layout(explorer.render())
        self.image = w.Image(format="png", layout=w.Layout(max_width="100%"))
        self.description = w.HTML()
        self.widget = w.VBox(
            [
                w.HTML(f"<b>{explorer.title}</b>"),
                *self.controls.values(),
                self.image,
                self.description,
                w.HTML(f"<i>{explorer.caption}</i>"),
            ]
        )
        self.widget.add_class("kc-live-explorer")
        self.redraw()

    def values(self) -> dict[str, Any]:
        """Current value of every control."""
        return {name: widget.value for name, widget in self.controls.items()}

    def redraw(self) -> None:
        """Evaluate the model for the current values and redraw the image."""
        start = time.perf_counter()
        values = self.values()
        fig = self.explorer.render(values, self.layout)
        self.image.value = png_bytes(fig, self.dpi)
        self.description.value = f'<span class="kc-alt">{self.explorer.alt(**values)}</span>'
        self.last_redraw_ms = (time.perf_counter() - start) * 1000

    def _on_change(self, _change: Any) -> None:
        self.redraw()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)
