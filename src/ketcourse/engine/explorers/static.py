"""Static rendering of an explorer: pre-rendered frames switched by plain JavaScript.

The HTML works in the built book with no kernel and no network: every frame
is an inline PNG, and ``ketcourse.js`` (shipped with the book) swaps them when
a control moves. With JavaScript off, the default frame still shows.
"""

from __future__ import annotations

import base64
import html
import json
from typing import Any

from ketcourse.engine.explorers.spec import Choice, Explorer, Slider, frame_key, frozen_layout
from ketcourse.engine.figures.output import check_alt, figure_digest, png_bytes

#: Resolution of pre-rendered frames (dots per inch): light enough for phones.
FRAME_DPI = 60


class StaticExplorer:
    """The static-book view of an :class:`Explorer` (displays as HTML + PNG)."""

    def __init__(self, explorer: Explorer, *, dpi: int = FRAME_DPI) -> None:
        self.explorer = explorer
        self.dpi = dpi
        self._frames: dict[str, dict[str, str]] | None = None
        self._default_png: bytes | None = None

    def frames(self) -> dict[str, dict[str, str]]:
        """Every frame: key -> {"src": data URI, "alt": text, "digest": data hash}."""
        if self._frames is None:
            frames: dict[str, dict[str, str]] = {}
            layout = frozen_layout(self.explorer.render())
            for values in self.explorer.combinations():
                fig = self.explorer.render(values, layout)
                png = png_bytes(fig, self.dpi)
                if values == self.explorer.defaults():
                    self._default_png = png
                frames[frame_key(self.explorer, values)] = {
                    "src": "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
                    "alt": check_alt(self.explorer.alt(**values)),
                    "digest": figure_digest(fig),
                }
            self._frames = frames
        return self._frames

    def _control_html(self, control: Slider | Choice, default_index: int) -> str:
        ex = self.explorer
        cid = f"{ex.id}-{control.name}"
        labels = [control.format(v) for v in control.options]
        if isinstance(control, Slider):
            return (
                f'<div class="kc-control"><label for="{cid}">{html.escape(control.label)}: '
                f'<output id="{cid}-value" for="{cid}">{html.escape(labels[default_index])}</output></label>'
                f'<input type="range" id="{cid}" data-kc-control="{control.name}" min="0" '
                f'max="{len(labels) - 1}" step="1" value="{default_index}" '
                f"data-labels='{html.escape(json.dumps(labels), quote=True)}' "
                f'aria-valuetext="{html.escape(labels[default_index])}"></div>'
            )
        opts = "".join(
            f'<option value="{i}"{" selected" if i == default_index else ""}>{html.escape(lab)}</option>'
            for i, lab in enumerate(labels)
        )
        return (
            f'<div class="kc-control"><label for="{cid}">{html.escape(control.label)}</label>'
            f'<select id="{cid}" data-kc-control="{control.name}">{opts}</select></div>'
        )

    def to_html(self) -> str:
        """The explorer as a self-describing ``<figure>`` element."""
        ex = self.explorer
        frames = self.frames()
        defaults = ex.defaults()
        key = frame_key(ex, defaults)
        default = frames[key]
        controls = "".join(self._control_html(c, list(c.options).index(defaults[c.name])) for c in ex.controls)
        payload = json.dumps(frames, separators=(",", ":"), sort_keys=True).replace("</", "<\\/")
        digests = ",".join(f["digest"] for _, f in sorted(frames.items()))
        return (
            f'<figure class="kc-explorer" id="{ex.id}" data-kc-explorer="{len(frames)}">'
            f'<p class="kc-explorer-title">{html.escape(ex.title)}</p>'
            f'<div class="kc-controls">{controls}</div>'
            f'<img class="kc-frame" id="{ex.id}-frame" src="{default["src"]}" '
            f'alt="{html.escape(default["alt"])}" style="max-width:100%;height:auto">'
            f'<p class="kc-frame-desc" id="{ex.id}-desc" aria-live="polite">'
            f"{html.escape(ex.describe(defaults))}</p>"
            f'<script type="application/json" class="kc-frames" data-digests="{digests}">{payload}</script>'
            f"<figcaption>{html.escape(ex.caption)}</figcaption></figure>"
        )

    def __str__(self) -> str:
        ex = self.explorer
        return (
            f"Explorer ({ex.name}): {ex.title}. {len(self.frames())} pre-rendered frames; "
            f"default {ex.describe(ex.defaults())}."
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        html_out = self.to_html()
        assert self._default_png is not None
        return {
            "text/html": html_out,
            "image/png": base64.b64encode(self._default_png).decode("ascii"),
            "text/plain": str(self),
        }
