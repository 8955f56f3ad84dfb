"""Live rendering of an explorer with ipywidgets (needs a running kernel).

An explorer offers a finite set of frames (one per combination of control values), so the live
view draws each frame at most once: a drawn frame is kept (PNG bytes and alt text) and a control
moved back to it shows it at once. After the first frame is shown, a background thread draws the
remaining frames in the order a reader is most likely to reach them (neighbours of the current
setting first); a control moved to a frame not yet drawn draws it immediately. One lock serialises
drawing, because matplotlib's style context is process-global. Live frames use fast, unquantised
PNG encoding: they never leave the kernel's machine, so their size does not matter.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from ketcourse.engine.explorers.spec import Choice, Explorer, Slider, frame_key, frozen_layout
from ketcourse.engine.figures.output import png_bytes

#: Resolution of live frames, dots per inch.
LIVE_DPI = 80


class LiveExplorer:
    """ipywidgets controls wired to the explorer's draw function.

    ``redraw`` is the callback run on every control change; its last duration
    is kept in ``last_redraw_ms`` (the benchmark reads it).
    """

    def __init__(self, explorer: Explorer, *, dpi: int = LIVE_DPI, prefetch: bool = True) -> None:
        import ipywidgets as w

        self.explorer = explorer
        self.dpi = dpi
        self.last_redraw_ms = 0.0
        self.last_was_cached = False
        self._frames: dict[str, tuple[bytes, str]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._prefetcher: threading.Thread | None = None
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
        if prefetch and explorer.n_frames > 1:
            self._prefetcher = threading.Thread(target=self._prefetch, name="kc-explorer-prefetch", daemon=True)
            self._prefetcher.start()

    def values(self) -> dict[str, Any]:
        """Current value of every control."""
        return {name: widget.value for name, widget in self.controls.items()}

    def _frame(self, values: dict[str, Any]) -> tuple[bytes, str, bool]:
        """PNG and alt text of the frame for ``values``, drawing it if it was never drawn."""
        key = frame_key(self.explorer, values)
        hit = self._frames.get(key)
        if hit is not None:
            return hit[0], hit[1], True
        with self._lock:
            hit = self._frames.get(key)
            if hit is None:
                fig = self.explorer.render(values, self.layout)
                hit = (png_bytes(fig, self.dpi, colors=None, optimize=False), self.explorer.alt(**values))
                self._frames[key] = hit
                return hit[0], hit[1], False
        return hit[0], hit[1], True

    def redraw(self) -> None:
        """Show the frame for the current values (evaluating the model and drawing it if needed)."""
        start = time.perf_counter()
        values = self.values()
        png, alt, cached = self._frame(values)
        self.image.value = png
        self.description.value = f'<span class="kc-alt">{alt}</span>'
        self.last_was_cached = cached
        self.last_redraw_ms = (time.perf_counter() - start) * 1000

    def _prefetch_order(self) -> list[dict[str, Any]]:
        """Every frame, nearest to the current setting first (fewest control steps away)."""
        current = self.values()

        def distance(combo: dict[str, Any]) -> int:
            total = 0
            for c in self.explorer.controls:
                options = list(c.options)
                total += abs(options.index(combo[c.name]) - options.index(current[c.name]))
            return total

        return sorted(self.explorer.combinations(), key=distance)

    def _prefetch(self) -> None:
        for combo in self._prefetch_order():
            if self._stop.is_set():
                return
            self._frame(combo)

    def stop_prefetch(self, timeout: float | None = None) -> None:
        """Stop drawing frames in the background (the benchmark uses it to time cold draws)."""
        self._stop.set()
        if self._prefetcher is not None:
            self._prefetcher.join(timeout)

    def wait_prefetch(self, timeout: float | None = None) -> None:
        """Block until every frame has been drawn in the background."""
        if self._prefetcher is not None:
            self._prefetcher.join(timeout)

    def _on_change(self, _change: Any) -> None:
        self.redraw()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)
