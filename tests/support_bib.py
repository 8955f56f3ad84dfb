"""Shared test helpers for citation keys: the keys in references.bib and the keys a data object cites.

Use them from any chapter's data test::

    from support_bib import bib_keys, cited_keys_in

    missing = cited_keys_in(load_my_data()) - bib_keys()
    assert not missing
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIB_PATH = ROOT / "references.bib"

#: Field names whose values are citation keys (a key, or a list of keys).
CITATION_FIELDS = frozenset({"source", "sources", "references", "citation", "citations", "cite", "keys"})

_ENTRY = re.compile(r"^@\w+\{([^,\s]+),", flags=re.MULTILINE)
#: MyST citation roles inside prose: {cite:p}`a,b` or {cite}`a`.
_CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


@lru_cache(maxsize=1)
def _bib_keys(text: str) -> frozenset[str]:
    return frozenset(_ENTRY.findall(text))


def bib_keys(path: Path = BIB_PATH) -> frozenset[str]:
    """Every entry key in ``references.bib`` (or the given .bib file)."""
    return _bib_keys(path.read_text(encoding="utf-8"))


def _keys_from_value(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        return {value} if value else set()
    if isinstance(value, Iterable):
        return {v for v in value if isinstance(v, str) and v}
    return set()


def cited_keys_in(obj: Any) -> set[str]:
    """Every citation key an object cites, searched recursively.

    Walks pydantic models (``model_dump``), dataclasses, mappings and sequences. A value counts as citation
    key(s) when its field is named one of :data:`CITATION_FIELDS`; keys inside MyST ``{cite:p}`...``` roles in
    any text are collected too.
    """
    found: set[str] = set()
    seen: set[int] = set()

    def walk(node: Any) -> None:
        if id(node) in seen:
            return
        if hasattr(node, "model_dump") and callable(node.model_dump):
            seen.add(id(node))
            walk(node.model_dump())
            return
        if dataclasses.is_dataclass(node) and not isinstance(node, type):
            seen.add(id(node))
            walk({f.name: getattr(node, f.name) for f in dataclasses.fields(node)})
            return
        if isinstance(node, str):
            for group in _CITE_ROLE.findall(node):
                found.update(k.strip() for k in group.split(",") if k.strip())
            return
        if isinstance(node, Mapping):
            seen.add(id(node))
            for key, value in node.items():
                if key in CITATION_FIELDS:
                    found.update(_keys_from_value(value))
                walk(value)
            return
        if isinstance(node, Iterable) and not isinstance(node, bytes):
            seen.add(id(node))
            for item in node:
                walk(item)

    walk(obj)
    return found


def bib_field(key: str, field: str, path: Path = BIB_PATH) -> str | None:
    """The raw value of ``field`` in the entry ``key`` of ``references.bib`` (braces stripped), or None."""
    text = path.read_text(encoding="utf-8")
    m = re.search(r"^@\w+\{" + re.escape(key) + r",(.*?)^\}", text, flags=re.MULTILINE | re.DOTALL)
    if not m:
        return None
    f = re.search(r"^\s*" + re.escape(field) + r"\s*=\s*[{\"]?(.*?)[}\"]?,?\s*$", m.group(1), flags=re.MULTILINE)
    return f.group(1).strip() if f else None
