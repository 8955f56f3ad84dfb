"""ketcourse: the helper library of an open course on ketamine pharmacology and therapy.

Educational material only, not medical advice. Every model here is
illustrative; no function recommends a dose for a person.

Submodules are imported on demand (``import ketcourse.pharmacology``) so that
``import ketcourse`` stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

DISCLAIMER = (
    "Educational material only, not medical advice. The models are illustrative "
    "and must not be used to choose a dose for anyone."
)

__all__ = ["DISCLAIMER", "__version__"]
