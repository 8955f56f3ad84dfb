"""Which rendering a notebook gets: live ipywidgets or static HTML for the book.

* ``KETCOURSE_MODE=live`` or ``static`` forces a mode.
* Otherwise a kernel started by a Jupyter server (JupyterLab, Notebook,
  JupyterHub, Binder: they set ``JPY_SESSION_NAME``) is *live*, and anything
  else (the book build, nbval, nbconvert, a plain Python session) is *static*.
"""

from __future__ import annotations

import os

MODES = ("live", "static")


def render_mode() -> str:
    """Return ``"live"`` or ``"static"`` (see the module docstring)."""
    forced = os.environ.get("KETCOURSE_MODE", "").strip().lower()
    if forced:
        if forced not in MODES:
            raise ValueError(f"KETCOURSE_MODE must be one of {', '.join(MODES)}, got {forced!r}")
        return forced
    return "live" if os.environ.get("JPY_SESSION_NAME") else "static"
