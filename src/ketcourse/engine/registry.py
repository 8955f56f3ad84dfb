"""Where the engine finds course content, without importing it.

The engine never imports a chapter. The course registers one *content root*: a folder whose
sub-folders are chapters, each of which may hold a quiz bank (``quiz.yaml``), case files
(``cases/*.yaml``) and data files (``data/*.yaml``). :mod:`ketcourse` registers
``ketcourse/chapters`` when it is imported; another course built on this engine registers its own.
"""

from __future__ import annotations

from pathlib import Path

_ROOTS: list[Path] = []

BANK_FILE = "quiz.yaml"


def add_content_root(path: Path | str) -> None:
    """Register a folder of chapter folders (idempotent)."""
    p = Path(path).resolve()
    if p not in _ROOTS:
        _ROOTS.append(p)


def content_roots() -> tuple[Path, ...]:
    """The registered content roots, in registration order."""
    return tuple(_ROOTS)


def chapter_dirs() -> dict[str, Path]:
    """Every chapter folder under the registered roots, by name."""
    found: dict[str, Path] = {}
    for root in _ROOTS:
        if root.is_dir():
            for d in sorted(root.iterdir()):
                if d.is_dir() and not d.name.startswith(("_", ".")):
                    found.setdefault(d.name, d)
    return found


def bank_paths() -> dict[str, Path]:
    """Quiz bank of every chapter that has one, by chapter name."""
    return {name: d / BANK_FILE for name, d in chapter_dirs().items() if (d / BANK_FILE).is_file()}
