"""Sphinx extension: remember formatted bibliography entries between builds.

sphinxcontrib-bibtex formats every entry of every ``{bibliography}`` directive (and again for its
hover tooltips) on *every* build, even when nothing changed: with one reference list per chapter
that is several seconds of each rebuild. Formatting is a pure function of the style, the label and
the entry's fields, so this extension memoises pybtex's ``format_entry`` on exactly those (and
pybtex's plugin lookup, which scans every installed package's entry points on each call), keeps
the results in the doctree folder between builds, and drops results a build did not use.
No library offers this cache (sphinxcontrib-bibtex 2.6 has no option for it).
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

CACHE_FILE = "ketcourse-bibtex-format-cache.pickle"
_VERSION = 1

_cache: dict[tuple[Any, ...], Any] = {}
_used: set[tuple[Any, ...]] = set()
_original: Any = None


def _entry_key(style: Any, label: str, entry: Any) -> tuple[Any, ...]:
    fields = tuple(sorted((str(k), str(v)) for k, v in entry.fields.items()))
    persons = tuple(sorted((str(role), tuple(str(p) for p in people)) for role, people in entry.persons.items()))
    return (type(style).__module__, type(style).__qualname__, label, entry.key, entry.type, fields, persons)


def _install() -> None:
    global _original
    from pybtex.style.formatting import BaseStyle

    if _original is not None:
        return
    _original = BaseStyle.format_entry
    _cache_plugin_lookup()

    def format_entry(self: Any, label: str, entry: Any, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs:
            return _original(self, label, entry, *args, **kwargs)
        key = _entry_key(self, label, entry)
        _used.add(key)
        hit = _cache.get(key)
        if hit is None:
            hit = _cache[key] = _original(self, label, entry)
        return hit

    BaseStyle.format_entry = format_entry


def _cache_plugin_lookup() -> None:
    """Memoise pybtex's plugin lookup: each call scans every installed package's entry points."""
    import functools

    import pybtex.plugin
    import pybtex.style.formatting

    cached = functools.cache(pybtex.plugin.find_plugin)
    pybtex.plugin.find_plugin = cached
    if getattr(pybtex.style.formatting, "find_plugin", None) is not None:
        pybtex.style.formatting.find_plugin = cached


def _path(app: Any) -> Path:
    return Path(app.doctreedir) / CACHE_FILE


def _load(app: Any) -> None:
    _install()
    _used.clear()
    path = _path(app)
    if not path.is_file():
        return
    try:
        version, data = pickle.loads(path.read_bytes())
    except Exception:  # a stale or broken cache is only a lost speed-up
        return
    if version == _VERSION and isinstance(data, dict):
        _cache.update(data)


def _save(app: Any, exc: Exception | None) -> None:
    if exc is not None or not _used:
        return
    kept = {k: v for k, v in _cache.items() if k in _used}
    path = _path(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_bytes(pickle.dumps((_VERSION, kept)))
        tmp.replace(path)
    except Exception:
        tmp.unlink(missing_ok=True)


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", _load)
    app.connect("build-finished", _save)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
