"""Static rendering of an explorer: pre-rendered frames switched by plain JavaScript.

The HTML works in the built book with no kernel and no network: every frame
is an inline PNG, and ``ketcourse.js`` (shipped with the book) swaps them when
a control moves. With JavaScript off, the default frame still shows.

Each frame also has a phone rendering (see
:func:`ketcourse.engine.figures.style.narrow_layout`) served to small screens through
``<picture>``, unless the explorer's phone layout does not fit, in which case phones get the
desktop frame at a readable width in a scrollable frame. The book build moves every frame into
its own file (``ketcourse.engine.sphinxext``), so a page loads only the frames a reader asks for.
"""

from __future__ import annotations

import base64
import html
import json
from typing import Any

from ketcourse.engine.explorers.spec import Choice, Explorer, Slider, frame_key, frozen_layout
from ketcourse.engine.figures.output import NARROW_DPI, check_alt, figure_digest, png_bytes, png_size, png_uri
from ketcourse.engine.figures.style import NARROW_MEDIA, SIZES, layout_problems, narrow_layout, phone_width_px

#: Resolution of pre-rendered frames (dots per inch): light enough for phones.
FRAME_DPI = 60


class StaticExplorer:
    """The static-book view of an :class:`Explorer` (displays as HTML + PNG)."""

    def __init__(self, explorer: Explorer, *, dpi: int = FRAME_DPI) -> None:
        self.explorer = explorer
        self.dpi = dpi
        self._frames: dict[str, dict[str, str]] | None = None
        self._default_png: bytes | None = None
        self.phone_width = 0

    def _narrow_layout(self) -> list[tuple[float, float, float, float]] | None:
        """Axes positions of the phone layout of the default frame, or None if it does not fit."""
        import warnings

        fig = self.explorer.render()
        narrow_layout(fig)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            layout: list[tuple[float, float, float, float]] | None = frozen_layout(fig)
        collapsed = any("constrained_layout not applied" in str(w.message) for w in caught)
        if collapsed or layout_problems(fig, fig.canvas.get_renderer()):  # type: ignore[attr-defined]
            layout = None
        if layout is None:
            self.phone_width = phone_width_px(self.explorer.render())
        return layout

    def frames(self) -> dict[str, dict[str, str]]:
        """Every frame: key -> {"src": data URI, "narrow": phone data URI (if any), "alt", "digest"}."""
        if self._frames is None:
            frames: dict[str, dict[str, str]] = {}
            layout = frozen_layout(self.explorer.render())
            narrow = self._narrow_layout()
            for values in self.explorer.combinations():
                fig = self.explorer.render(values, layout)
                png = png_bytes(fig, self.dpi)
                if values == self.explorer.defaults():
                    self._default_png = png
                frame = {
                    "src": png_uri(png),
                    "alt": check_alt(self.explorer.alt(**values)),
                    "digest": figure_digest(fig),
                }
                if narrow is not None:
                    small = self.explorer.render(values)
                    narrow_layout(small)
                    small.set_layout_engine("none")
                    for ax, bounds in zip(small.axes, narrow, strict=False):
                        ax.set_position(bounds)
                    frame["narrow"] = png_uri(png_bytes(small, NARROW_DPI))
                frames[frame_key(self.explorer, values)] = frame
            self._frames = frames
        return self._frames

    def _control_html(self, control: Slider | Choice, default_index: int) -> str:
        ex = self.explorer
        cid = f"{ex.id}-{control.name}"
        labels = [control.format(v) for v in control.options]
        if isinstance(control, Slider):
            # The <output> sits beside the <label>, not in it: a label holding an output would name two
            # controls (html-validate: multiple-labeled-controls).
            return (
                f'<div class="kc-control"><label for="{cid}">{html.escape(control.label)}</label> '
                f'<output id="{cid}-value" for="{cid}">{html.escape(labels[default_index])}</output>'
                f'<input type="range" id="{cid}" data-kc-control="{control.name}" min="0" '
                f'max="{len(labels) - 1}" step="1" value="{default_index}" '
                f'data-labels="{html.escape(json.dumps(labels), quote=True)}" '
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
            f"{self._picture_html(default)}"
            f'<p class="kc-frame-desc" id="{ex.id}-desc" aria-live="polite">'
            f"{html.escape(ex.describe(defaults))}</p>"
            f'<script type="application/json" class="kc-frames" data-digests="{digests}">{payload}</script>'
            f"<figcaption>{html.escape(ex.caption)}</figcaption></figure>"
        )

    def _picture_html(self, default: dict[str, str]) -> str:
        ex = self.explorer
        width = round(SIZES[ex.figsize][0] * self.dpi)
        w, h = png_size(self._default_png) if self._default_png else (width, 0)
        height = f' height="{round(h * width / w)}"' if h else ""  # reserves the frame's box before it loads
        img = (
            f'<img class="kc-frame" id="{ex.id}-frame" src="{default["src"]}" '
            f'alt="{html.escape(default["alt"])}" width="{width}"{height}>'
        )
        if "narrow" in default:
            return (
                f'<picture class="kc-picture"><source class="kc-frame-narrow" media="{NARROW_MEDIA}" '
                f'srcset="{default["narrow"]}">{img}</picture>'
            )
        return (
            f'<section class="kc-scroll" tabindex="0" aria-label="{html.escape(ex.title)} '
            f'(scrolls sideways on small screens)" data-kc-phone-width="{self.phone_width}">'
            f'<picture class="kc-picture">{img}</picture></section>'
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
