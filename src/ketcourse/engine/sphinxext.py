"""Sphinx extension: serve the course's browser assets from the book itself, and lighten its pages.

Add ``ketcourse.engine.sphinxext`` to the book's extensions. It

* ships ``ketcourse.js`` / ``ketcourse.css`` (quizzes and explorers), the assessment scripts, a small
  icon stylesheet (``kc-icons.css``) and the favicon;
* turns off myst-nb's ipywidgets scripts, which would otherwise load require.js and the widget
  manager from a CDN: in the static book explorers are pre-rendered frames;
* after the build, rewrites every page (:func:`lighten_page`, documented step by step):
  the theme's Font Awesome script (1.5 MB) is dropped for ``kc-icons.css`` (which also keeps the
  theme's web font from loading); pages other than search.html stop loading the search index; the maths is typeset
  once at build time by MathJax 3 in Node (``typeset_math.cjs``, npm package ``mathjax-full``) into
  SVG with assistive MathML, so pages load no TeX engine; every inline PNG (figures, explorer
  frames) becomes a file under ``_images/kc/`` named by its hash, loaded lazily by ``<img>``
  (explorer frames other than the default only when a reader moves a control), so pages stay
  light and still work from ``file://``; and the accessibility fixes listed in
  :data:`A11Y_FIXES` are applied to theme and bibliography markup.

Without Node and ``mathjax-full`` (``npm ci`` in the book's root) the maths falls back to MathJax
in the browser, copied from the ``sphinx-mathjax-offline`` package.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

#: The parts of MathJax a page needs when maths is typeset in the browser (fallback only).
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml", "ui", "a11y")
STATIC = Path(__file__).parent / "static"
ASSETS = ("ketcourse.js", "ketcourse.css", "assess.js", "assess.css", "kc-icons.css")
FRAMES = "_images/kc"

_FONTAWESOME = re.compile(r'\s*<(?:script[^>]*src|link[^>]*href)="[^"]*fontawesome\.js[^"]*"[^>]*>(?:</script>)?')
_MATHJAX = re.compile(
    r'\s*<script>window\.MathJax = [^<]*</script>|\s*<script[^>]*src="[^"]*mathjax/tex-chtml\.js[^"]*"[^>]*></script>'
)
# The theme loads Sphinx's search index (150 KB) and tools on every page for an optional
# search-as-you-type box the book does not enable; the search page keeps them.
_SEARCH_TOOLS = re.compile(
    r'\s*<script src="[^"]*(?:searchindex\.js|_static/searchtools\.js|_static/language_data\.js)[^"]*"></script>'
)
# sphinx-design's stylesheet and tab script (62 KB) on pages that use none of its components, and
# sphinx-thebe's files on pages without a live-code button (the book turns thebe off).
_SPHINX_DESIGN = re.compile(
    r'\s*<(?:link[^>]*href|script[^>]*src)="[^"]*(?:sphinx-design\.min\.css|design-tabs\.js)[^"]*"[^>]*>(?:</script>)?'
)
_THEBE = re.compile(r'\s*<(?:link[^>]*href|script[^>]*src)="[^"]*sphinx-thebe\.(?:css|js)[^"]*"[^>]*>(?:</script>)?')
_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")
_KC_IMG = re.compile(r'<img (?=[^>]*src="[^"]*_images/kc/)(?![^>]*loading=)')

#: Accessibility fixes for markup the course does not write itself (theme, sphinxcontrib-bibtex,
#: myst-nb), found by the axe-core audit in tests/test_a11y.py: (pattern, replacement, why).
A11Y_FIXES: tuple[tuple[str, str, str], ...] = (
    # sphinxcontrib-bibtex/docutils write <div role="list" class="citation-list"> whose children are
    # not listitems (axe: aria-required-children); the list stays a plain container of entries.
    (r'<div role="list" class="citation-list">', '<div class="citation-list">', "list role without listitems"),
    (r'(<div[^>]*class="citation"[^>]*?) role="doc-biblioentry"', r"\1", "deprecated doc-biblioentry role"),
    # Wide tables (the course's own kc-table-wrap and the theme's pst-scrollable-table-container)
    # scroll sideways: make them reachable by keyboard (axe: scrollable-region-focusable).
    (
        r'<div class="(kc-table-wrap|pst-scrollable-table-container)"(?![^>]*tabindex)',
        r'<div class="\1" tabindex="0" role="region" aria-label="Table (scrolls sideways)"',
        "scrollable table wrappers reachable by keyboard",
    ),
    # Display maths and code wider than a phone scroll sideways too.
    (
        r'<div class="math notranslate nohighlight"(?![^>]*tabindex)',
        r'<div class="math notranslate nohighlight" tabindex="0" role="region" aria-label="Equation"',
        "scrollable display maths reachable by keyboard",
    ),
    (r"<pre>", '<pre tabindex="0">', "scrollable code blocks reachable by keyboard"),
    # The theme's search buttons show "Search ... Ctrl+K" but are named "Search" by aria-label
    # (axe: label-content-name-mismatch, WCAG 2.5.3): let the visible text name them.
    (
        r'(<button class="btn search-button-field search-button__button[^"]*"[^>]*?) aria-label="Search"',
        r"\1",
        "search button named by its visible text",
    ),
)


def mathjax_source() -> Path:
    """Folder holding MathJax 3 inside the ``sphinx-mathjax-offline`` package (browser fallback)."""
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "sphinx-mathjax-offline is not installed; it provides MathJax for offline pages "
            "(pip install sphinx-mathjax-offline)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax"


def node_modules(srcdir: Path) -> Path | None:
    """The ``node_modules`` (in the book's folder or a parent) holding ``mathjax-full``, if Node is there."""
    if not shutil.which("node"):
        return None
    env = os.environ.get("KETCOURSE_NODE_MODULES")
    candidates = [Path(env)] if env else [d / "node_modules" for d in (srcdir.resolve(), *srcdir.resolve().parents)]
    return next((c for c in candidates if (c / "mathjax-full" / "js" / "mathjax.js").is_file()), None)


def lighten_page(text: str, page: Path, outdir: Path, *, typeset: bool) -> str:
    """One built page, rewritten as described in the module docstring (idempotent)."""
    text = _FONTAWESOME.sub("", text)
    if page.name != "search.html":
        text = _SEARCH_TOOLS.sub("", text)
    if not re.search(r'class="[^"]*\bsd-', text):
        text = _SPHINX_DESIGN.sub("", text)
    if "thebe-launch-button" not in text:
        text = _THEBE.sub("", text)
    if typeset:
        text = _MATHJAX.sub("", text)
    frames = outdir / FRAMES
    rel = Path(os.path.relpath(frames, page.parent)).as_posix()

    def to_file(match: re.Match[str]) -> str:
        data = base64.b64decode(match.group(1))
        name = hashlib.sha256(data).hexdigest()[:20] + ".png"
        target = frames / name
        if not target.exists():
            frames.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return f"{rel}/{name}"

    text = _PNG.sub(to_file, text)
    text = _KC_IMG.sub('<img loading="lazy" decoding="async" ', text)
    for pattern, replacement, _why in A11Y_FIXES:
        text = re.sub(pattern, replacement, text)
    if typeset and 'data-kc-typeset=""' not in text and 'class="math notranslate nohighlight"' in text:
        static = Path(os.path.relpath(outdir / "_static", page.parent)).as_posix()
        text = text.replace("</head>", f'<link rel="stylesheet" href="{static}/kc-math.css">\n</head>', 1)
    return text


def _post_build(app: Any, exc: Exception | None) -> None:
    if exc is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    out = outdir / "_static"
    out.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        if (STATIC / name).is_file():
            shutil.copy2(STATIC / name, out / name)
    modules = node_modules(Path(app.srcdir))
    with_maths = []
    for page in sorted(outdir.rglob("*.html")):
        if out in page.parents:
            continue
        text = page.read_text(encoding="utf-8")
        new = lighten_page(text, page, outdir, typeset=modules is not None)
        if new != text:
            page.write_text(new, encoding="utf-8")
        if 'class="math notranslate nohighlight"' in new:
            with_maths.append(str(page))
    if modules is not None:
        if with_maths:
            subprocess.run(
                ["node", str(STATIC / "typeset_math.cjs"), str(modules), str(out / "kc-math.css"), *with_maths],
                check=True,
                capture_output=True,
            )
    else:
        _copy_mathjax(out)
    # Source maps and the Font Awesome script are never loaded by a reader's browser.
    for stale in {*out.rglob("*.map"), *out.rglob("fontawesome.js*")}:
        stale.unlink(missing_ok=True)
    # The theme's stylesheet still carries Font Awesome's glyph rules (about 86 kB of the 0.4 MB file);
    # without the Font Awesome font they draw nothing, and kc-icons.css supplies the icons in use.
    for sheet in out.glob("styles/*.css"):
        css = sheet.read_text(encoding="utf-8")
        lighter = strip_glyph_rules(css)
        if lighter != css:
            sheet.write_text(lighter, encoding="utf-8")


#: A rule whose selectors are all Font Awesome glyph pseudo-elements and whose only declaration is
#: the glyph's code point, e.g. ``.fa-bars:before,.fa-navicon:before{content:"\f0c9"}``.
_GLYPH_RULE = re.compile(r'(?:\.fa-[a-z0-9-]+:(?::)?(?:before|after),?)+\{content:"[^"{}]*"\}')


def strip_glyph_rules(css: str) -> str:
    """``css`` without Font Awesome's glyph rules (see :data:`_GLYPH_RULE`); every other rule is kept."""
    return _GLYPH_RULE.sub("", css)


def _copy_mathjax(out: Path) -> None:
    src = mathjax_source()
    dest = out / "mathjax"
    for part in MATHJAX_PARTS:
        s, d = src / part, dest / part
        if s.is_dir():
            shutil.copytree(s, d, dirs_exist_ok=True)
        else:
            d.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(s, d)


def _configure(app: Any, config: Any) -> None:
    config.mathjax_path = "mathjax/tex-chtml.js"
    config.nb_ipywidgets_js = {}
    if not config.html_favicon:
        config.html_favicon = str(STATIC / "favicon.svg")


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", _configure, priority=900)
    app.add_js_file("ketcourse.js", loading_method="async")
    app.add_css_file("ketcourse.css")
    app.add_css_file("kc-icons.css")
    app.add_js_file("assess.js", loading_method="async")
    app.add_css_file("assess.css")
    app.connect("build-finished", _post_build)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
