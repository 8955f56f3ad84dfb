"""Branching clinical cases: schema (with graph checks) and three renderers.

``show("trd-hypertension")`` finds the case in the registered chapters (``<chapter>/cases/*.yaml``);
a file path works too. In the book it renders as static HTML driven by ``assess.js`` (no kernel),
in a running kernel as ipywidgets (``mode="live"``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ketcourse.engine.cases.schema import (
    Case,
    CaseError,
    case_names,
    case_paths,
    load_case,
    load_case_file,
    validate_case,
)

__all__ = [
    "Case",
    "CaseError",
    "case_names",
    "case_paths",
    "load_case",
    "load_case_file",
    "show",
    "validate_case",
]


def show(case: str | Path | Case, mode: str | None = None, *, page: str = "chapters/09_cases") -> Any:
    """A displayable case for an id, a file path or a :class:`Case`.

    ``mode`` is ``"live"`` (ipywidgets) or ``"static"`` (HTML); default :func:`ketcourse.engine.mode.render_mode`.
    ``page`` is the book page the case appears on (for the links to where the course teaches each point).
    """
    from ketcourse.engine.cases.render import LiveCase, StaticCase
    from ketcourse.engine.mode import MODES, render_mode

    if not isinstance(case, Case):
        if not isinstance(case, str | Path):
            raise TypeError(f"show() needs a case id, a path or a Case, got {type(case).__name__}")
        case = load_case(case)
    chosen = render_mode() if mode is None else mode
    if chosen not in MODES:
        raise ValueError(f"unknown mode {chosen!r}; allowed: {', '.join(MODES)}")
    return LiveCase(case) if chosen == "live" else StaticCase(case, page)
