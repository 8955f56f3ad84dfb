"""Display a figure with its caption and alt text, in a kernel and in the built book.

A :class:`FigureOutput` renders as one output bundle:

* ``text/html``: a ``<figure>`` with the PNG, real alt text and a caption
  (what JupyterLab and the HTML book show);
* ``image/png``: the same picture for PDF builds and plain front ends;
* ``text/plain``: the caption and a digest of the plotted data, so that
  nbval notices when a model changes what a figure shows.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
from typing import Any

import numpy as np
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text

from ketcourse.engine.figures.style import phone_width_px

_GENERIC_ALT = {"figure", "image", "plot", "graph", "chart", "picture"}
DEFAULT_DPI = 90
#: Resolution of the phone rendering: 4 in x 120 dpi = 480 px, sharp on a 360 px screen.
NARROW_DPI = 120
#: Colours kept in indexed PNGs (see :func:`png_bytes`).
PALETTE_COLOURS = 64


def check_text(value: object, name: str, *, min_words: int = 1) -> str:
    """Return ``value`` stripped, raising if it is not a string of at least ``min_words`` words."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {value!r}")
    text = value.strip()
    if len(text.split()) < min_words:
        raise ValueError(f"{name} must have at least {min_words} words, got {value!r}")
    return text


def check_alt(alt: object) -> str:
    """Validate alt text: it must describe what the figure shows, not just say "figure"."""
    text = check_text(alt, "alt text", min_words=5)
    if text.lower().strip(" .") in _GENERIC_ALT:
        raise ValueError(f"alt text must describe the figure, got {alt!r}")
    return text


def slug(name: str) -> str:
    """Lower-case, hyphenated identifier from ``name`` (for deterministic HTML ids)."""
    if not isinstance(name, str) or not re.search(r"[A-Za-z0-9]", name):
        raise ValueError(f"a name needs at least one letter or digit, got {name!r}")
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def figure_digest(fig: Figure) -> str:
    """Short hash of the data a figure plots (lines, patches, collections and texts).

    Values are rounded to 4 significant digits so the digest is the same on
    any machine, while a change to a model's output changes it.
    """
    h = hashlib.sha256()
    for ax in fig.axes:
        for line in ax.get_lines():
            h.update(_rounded(line.get_xydata()))
        for coll in ax.collections:
            if isinstance(coll, Collection):
                for path in coll.get_paths():
                    h.update(_rounded(path.vertices))
        for patch in ax.patches:
            if isinstance(patch, Patch):
                h.update(_rounded(patch.get_path().vertices))
                h.update(_rounded(patch.get_patch_transform().get_matrix()))
        for text in ax.texts:
            h.update(text.get_text().encode())
        h.update(ax.get_xlabel().encode() + ax.get_ylabel().encode() + ax.get_title().encode())
    for text in fig.texts:
        if isinstance(text, Text):
            h.update(text.get_text().encode())
    return h.hexdigest()[:12]


def _rounded(values: Any) -> bytes:
    arr = np.asarray(values, dtype=float)
    if arr.size == 0:
        return b""
    arr = np.where(np.isfinite(arr), arr, 0.0)
    return np.array2string(
        arr, precision=4, separator=",", threshold=10**9, formatter={"float_kind": lambda v: f"{v:.4g}"}
    ).encode()


def narrow_png_bytes(fig: Figure, dpi: int = NARROW_DPI, *, colors: int | None = PALETTE_COLOURS) -> bytes | None:
    """Render the phone layout of ``fig`` (see :func:`~ketcourse.engine.figures.style.narrow_layout`).

    Returns None when that layout does not fit (a text overlaps another or leaves the figure):
    such a figure is shown to phones in its desktop layout, wide enough to read, in a scrollable
    frame (see :func:`picture_html`). ``fig`` is left as it was.
    """
    import copy
    import warnings

    from ketcourse.engine.figures.style import layout_problems, narrow_layout

    small = copy.deepcopy(fig)  # the desktop figure is never touched
    narrow_layout(small)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = png_bytes(small, dpi, colors=colors)
    if any("constrained_layout not applied" in str(w.message) for w in caught):
        return None
    if layout_problems(small, small.canvas.get_renderer()):  # type: ignore[attr-defined]
        return None
    return png


def picture_html(
    wide: str,
    narrow: str | None,
    alt: str,
    *,
    width: int,
    height: int = 0,
    phone_width: int = 0,
    label: str = "",
    img_attrs: str = "",
) -> str:
    """A ``<picture>`` serving ``narrow`` (a URI) to small screens and ``wide`` to the others.

    Without a narrow rendering, small screens get ``wide`` at least ``phone_width`` CSS px wide in a
    horizontally scrollable frame that the keyboard can reach (``tabindex=0``), named ``label`` for
    assistive technology (a ``<section>`` with a name is a region landmark). No inline styles:
    ketcourse.css sizes the images and ketcourse.js applies ``data-kc-phone-width``.
    """
    from ketcourse.engine.figures.style import NARROW_MEDIA

    # width and height reserve the image's box before it loads (no layout shift as lazy images arrive)
    size = f' width="{width}"' + (f' height="{height}"' if height else "")
    img = f'<img src="{wide}" alt="{html.escape(alt)}"{size}{img_attrs}>'
    if narrow is not None:
        return f'<picture class="kc-picture"><source media="{NARROW_MEDIA}" srcset="{narrow}">{img}</picture>'
    name = html.escape(f"{label} (scrolls sideways on small screens)".strip())
    return (
        f'<section class="kc-scroll" tabindex="0" aria-label="{name}" data-kc-phone-width="{phone_width}">'
        f'<picture class="kc-picture">{img}</picture></section>'
    )


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels of PNG bytes (from the IHDR chunk)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def png_uri(png: bytes) -> str:
    """``data:`` URI of PNG bytes."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def png_bytes(
    fig: Figure, dpi: int = DEFAULT_DPI, *, colors: int | None = PALETTE_COLOURS, optimize: bool = True
) -> bytes:
    """Render ``fig`` to PNG bytes (Agg, white background, no timestamp metadata).

    With ``colors`` (the default) the image is stored as an indexed-colour PNG
    of at most that many colours: the course's flat-colour plots lose nothing
    visible and shrink about fourfold, which keeps pages light on phones.
    ``colors=None`` keeps full RGB; ``optimize=False`` trades size for speed (live frames).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    fig.set_dpi(dpi)
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()  # type: ignore[no-untyped-call]
    rgba = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    image = Image.frombuffer("RGBA", canvas.get_width_height(), rgba).convert("RGB")
    if colors is not None:
        image = image.quantize(colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    if optimize:
        image.save(buf, format="png", optimize=True)
    else:
        image.save(buf, format="png", compress_level=1)
    return buf.getvalue()


class FigureOutput:
    """A finished figure with a caption and alt text, ready to display.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (drawn with :func:`ketcourse.engine.figures.style.new_figure`).
    name : str
        Short identifier, used for the HTML id (``kc-fig-<name>``).
    caption : str
        One or two sentences shown under the figure.
    alt : str
        Alt text: what the figure shows, for readers who cannot see it.
    """

    def __init__(self, fig: Figure, name: str, caption: str, alt: str, *, dpi: int = DEFAULT_DPI) -> None:
        if not isinstance(fig, Figure):
            raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
        self.figure = fig
        self.name = slug(name)
        self.caption = check_text(caption, "caption", min_words=3)
        self.alt = check_alt(alt)
        self.dpi = dpi
        self._png: bytes | None = None
        self._narrow_png: bytes | None = None
        self._narrow_done = False

    @property
    def png(self) -> bytes:
        """The rendered PNG (computed once)."""
        if self._png is None:
            self._png = png_bytes(self.figure, self.dpi)
        return self._png

    @property
    def narrow_png(self) -> bytes | None:
        """The phone rendering, or None when the phone layout does not fit (computed once)."""
        if not self._narrow_done:
            _ = self.png
            self._narrow_png = narrow_png_bytes(self.figure)
            self._narrow_done = True
        return self._narrow_png

    @property
    def digest(self) -> str:
        """Hash of the plotted data (see :func:`figure_digest`)."""
        return figure_digest(self.figure)

    def to_html(self) -> str:
        """A ``<figure>`` element with the image inlined, alt text and caption."""
        width = round(self.figure.get_figwidth() * self.dpi)
        narrow = self.narrow_png
        phone = 0 if narrow is not None else phone_width_px(self.figure)
        picture = picture_html(
            png_uri(self.png),
            None if narrow is None else png_uri(narrow),
            self.alt,
            width=width,
            height=round(png_size(self.png)[1] * width / png_size(self.png)[0]),
            phone_width=phone,
            label=f"Figure: {self.caption[:80]}",
        )
        return (
            f'<figure class="kc-figure" id="kc-fig-{self.name}" data-digest="{self.digest}">'
            f"{picture}<figcaption>{html.escape(self.caption)}</figcaption></figure>"
        )

    def __str__(self) -> str:
        return f"Figure ({self.name}): {self.caption} [data {self.digest}]"

    def __repr__(self) -> str:
        return f"FigureOutput(name={self.name!r})"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            "text/html": self.to_html(),
            "image/png": base64.b64encode(self.png).decode("ascii"),
            "text/plain": str(self),
        }

    def save(self, path: str) -> None:
        """Write the PNG to ``path``."""
        with open(path, "wb") as fh:
            fh.write(self.png)
