"""ketcourse: the helper library of an open course on ketamine pharmacology and therapy.

Educational material only, not medical advice. Every model here is
illustrative; no function recommends a dose for a person.

Submodules are imported on demand (``import ketcourse.science.receptor``) so that
``import ketcourse`` stays cheap.
"""

from __future__ import annotations

from pathlib import Path as _Path

from ketcourse.engine import registry as _registry

__version__ = "0.1.0"

DISCLAIMER = (
    "Educational material only, not medical advice. The models are illustrative "
    "and must not be used to choose a dose for anyone."
)

_registry.add_content_root(_Path(__file__).parent / "chapters")

__all__ = ["DISCLAIMER", "__version__"]
