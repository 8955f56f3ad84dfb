"""Sphinx extension: serve the course's browser assets from the book itself.

Add ``ketcourse.engine.sphinxext`` to the book's extensions. It

* ships ``ketcourse.js`` / ``ketcourse.css`` (quizzes and explorers) and the favicon;
* copies MathJax 3 from the ``sphinx-mathjax-offline`` package (installed from
  the Python package index, so no network is needed at build or read time) into
  ``_static/mathjax`` and points Sphinx's ``mathjax_path`` at it;
* turns off myst-nb's ipywidgets scripts, which would otherwise load
  require.js and the widget manager from a CDN: in the static book explorers
  are pre-rendered frames, so no widget manager is needed.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

#: The parts of MathJax a page needs: the TeX→CommonHTML bundle, its fonts,
#: and the menu/accessibility components it may load on demand.
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml", "ui", "a11y")
STATIC = Path(__file__).parent / "static"


def mathjax_source() -> Path:
    """Folder holding MathJax 3 inside the ``sphinx-mathjax-offline`` package."""
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "sphinx-mathjax-offline is not installed; it provides MathJax for offline pages "
            "(pip install sphinx-mathjax-offline)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax"


def _copy_assets(app: Any, exc: Exception | None) -> None:
    if exc is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "_static"
    out.mkdir(parents=True, exist_ok=True)
    for name in ("ketcourse.js", "ketcourse.css"):
        shutil.copy2(STATIC / name, out / name)
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
    app.connect("build-finished", _copy_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
