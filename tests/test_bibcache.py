"""The bibliography format cache returns exactly what pybtex would, and formats each entry once."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

pybtex = pytest.importorskip("pybtex")

from pybtex.database import parse_string  # noqa: E402
from pybtex.style.formatting import BaseStyle  # noqa: E402

from ketcourse.engine import bibcache  # noqa: E402

BIB = """@article{roth2013, author = {Roth, Bryan L.}, title = {A title}, journal = {PLoS ONE},
year = {2013}, volume = {8}, pages = {e59334}}"""


def test_cached_format_equals_pybtex_and_survives_a_new_build(tmp_path, monkeypatch):
    from pybtex.plugin import find_plugin

    entry = parse_string(BIB, "bibtex").entries["roth2013"]
    style_cls = find_plugin("pybtex.style.formatting", "plain")
    expected = style_cls().format_entry("1", entry).text.render_as("text")

    app = SimpleNamespace(doctreedir=str(tmp_path))
    monkeypatch.setattr(bibcache, "_cache", {})
    bibcache._load(app)
    calls = []
    original = bibcache._original
    monkeypatch.setattr(bibcache, "_original", lambda *a: calls.append(a) or original(*a))
    first = style_cls().format_entry("1", entry).text.render_as("text")
    second = style_cls().format_entry("1", entry).text.render_as("text")
    assert first == second == expected
    assert len(calls) == 1
    bibcache._save(app, None)
    assert (tmp_path / bibcache.CACHE_FILE).is_file()

    # A new process: the cache file answers without formatting again.
    monkeypatch.setattr(bibcache, "_cache", {})
    bibcache._load(app)
    assert style_cls().format_entry("1", entry).text.render_as("text") == expected
    assert len(calls) == 1

    # A changed entry is formatted afresh.
    changed = parse_string(BIB.replace("A title", "Another title"), "bibtex").entries["roth2013"]
    assert "Another title" in style_cls().format_entry("1", changed).text.render_as("text")
    assert len(calls) == 2
    assert BaseStyle.format_entry is not original
