"""No maintainers' notes on reader pages: 'facts sheet', 'not verified', 'not reported here' and the like.

Two layers:

* fast tests scan what the book is made from (notebook markdown and outputs, the Markdown pages, every
  chapter's data files, quiz banks and cases), so an author learns of a note before a build;
* a build test scans the visible text of every built HTML page (both editions when the instructor build
  exists), because a note can also come from a renderer, a bibliography field or a generated table.

The bibliography's ``provenance`` field is where maintainers' notes belong: it is not rendered, so it is
not scanned here (``references.bib`` itself is not a reader page).
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import nbformat
import pytest
import yaml

from book_support import HTML, ROOT, build_book

#: Maintainers' notes that must never reach a reader (case-insensitive; a hyphen or space between words).
PHRASES: tuple[str, ...] = (
    "facts sheet",
    "details not verified",
    "timing unverified",
    "not verified",
    "unverified",
    "not reported here",
    "[memory]",
    "to verify",
)


def _pattern(phrase: str) -> str:
    words = [re.escape(w) for w in phrase.split()]
    body = r"[\s\-]+".join(words)
    return rf"(?<![a-z]){body}(?![a-z])" if phrase[0].isalpha() else body


ARTEFACT = re.compile("|".join(f"(?P<p{i}>{_pattern(p)})" for i, p in enumerate(PHRASES)), re.IGNORECASE)


def artefacts_in(text: str) -> list[str]:
    """The phrases of :data:`PHRASES` found in ``text`` (each once, in the order of the list)."""
    found = {PHRASES[int(name[1:])] for m in ARTEFACT.finditer(text) for name, v in m.groupdict().items() if v}
    return [p for p in PHRASES if p in found]


def visible_text(page_html: str) -> str:
    """The text a reader sees: no scripts, styles, comments or tags; entities decoded."""
    text = re.sub(r"<(script|style|template)\b.*?</\1\s*>", " ", page_html, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html_lib.unescape(text).split())


# --- the scanner itself can fail ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The n is taken from the Facts sheet.", ["facts sheet"]),
        ("Our facts-sheet audit", ["facts sheet"]),
        ("Details not verified: timing", ["details not verified"]),
        ("(timing unverified)", ["timing unverified"]),
        ("| n not reported here |", ["not reported here"]),
        ("cited from [memory]", ["[memory]"]),
        ("Authors to verify later", ["to verify"]),
        ("Working memory was poorer; results were verified by two raters.", []),
        ("The label facts: sheets of paper", []),
    ],
)
def test_the_scanner_finds_each_phrase_and_nothing_else(text, expected):
    assert artefacts_in(text) == expected


def test_visible_text_ignores_scripts_and_tags():
    page = '<p>Fine <b>text</b></p><script>var x = "facts sheet";</script><!-- not verified -->'
    assert visible_text(page) == "Fine text"
    assert artefacts_in(visible_text(page)) == []


# --- fast scan of the sources ------------------------------------------------------------------------
def _notebook_texts(path: Path) -> Iterator[tuple[str, str]]:
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            yield f"cell {i} (markdown)", cell.source
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/html" in data:
                yield f"cell {i} (output)", visible_text(str(data["text/html"]))
            elif "text/markdown" in data:
                yield f"cell {i} (output)", str(data["text/markdown"])
            elif "text/plain" in data:
                yield f"cell {i} (output)", str(data["text/plain"])
            elif "text" in out:
                yield f"cell {i} (output)", str(out["text"])


#: Data-file fields that hold maintainers' notes (where in the source a number stands); never rendered.
MAINTAINER_FIELDS = frozenset({"provenance", "where"})


def _yaml_values(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in MAINTAINER_FIELDS:
                yield from _yaml_values(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            ident = value.get("id") if isinstance(value, dict) else None
            yield from _yaml_values(value, f"{path}[{ident if ident is not None else i}]")
    elif isinstance(node, str):
        yield path or "value", node


def _source_files() -> Iterable[Path]:
    yield from sorted((ROOT / "chapters").glob("*.ipynb"))
    yield from sorted((ROOT / "exercises").glob("*.ipynb"))
    yield from sorted((ROOT / "chapters").glob("*.md"))
    chapters = ROOT / "src" / "ketcourse" / "chapters"
    yield from sorted(chapters.glob("*/quiz.yaml"))
    yield from sorted(chapters.glob("*/data/*.yaml"))
    yield from sorted(chapters.glob("*/cases/*.yaml"))


def _hits_in_sources() -> list[str]:
    hits = []
    for path in _source_files():
        rel = path.relative_to(ROOT)
        if path.suffix == ".ipynb":
            parts: Iterable[tuple[str, str]] = _notebook_texts(path)
        elif path.suffix == ".yaml":
            # YAML comments and provenance fields are for maintainers; the other values are what readers see.
            parts = list(_yaml_values(yaml.safe_load(path.read_text(encoding="utf-8"))))
        else:
            parts = [("text", path.read_text(encoding="utf-8"))]
        for where, text in parts:
            hits += [f"{rel} {where}: {phrase!r}" for phrase in artefacts_in(text)]
    return hits


def test_source_scan_sees_the_files():
    files = [p.relative_to(ROOT).as_posix() for p in _source_files()]
    for expected in (
        "chapters/06_safety.ipynb",
        "chapters/08_appraisal.ipynb",
        "exercises/06_safety.ipynb",
        "src/ketcourse/chapters/appraisal/data/claims.yaml",
        "src/ketcourse/chapters/safety/quiz.yaml",
        "chapters/instructor_guide.md",
    ):
        assert expected in files


def test_no_maintainer_notes_in_notebooks_pages_data_or_banks():
    hits = _hits_in_sources()
    assert not hits, "maintainers' notes on reader pages:\n" + "\n".join(hits)


def test_yaml_values_skip_provenance_but_not_text():
    data = {"rows": [{"id": "a", "finding": "n not reported here", "provenance": "not verified"}]}
    found = [(where, artefacts_in(text)) for where, text in _yaml_values(data)]
    assert ("rows[a].finding", ["not reported here"]) in found
    assert all(hit != ["not verified"] for _, hit in found)


def test_notebook_outputs_are_scanned(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<td>n not reported here</td>"})]
    nb.cells = [nbformat.v4.new_markdown_cell("Fine."), cell]
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    texts = list(_notebook_texts(path))
    assert any(artefacts_in(t) == ["not reported here"] for _, t in texts)


# --- the built book ----------------------------------------------------------------------------------
INSTRUCTOR_HTML = ROOT / "_instructor" / "_build" / "html"


def _page_hits(html_dir: Path, edition: str) -> list[str]:
    hits = []
    for page in sorted(html_dir.rglob("*.html")):
        if "_static" in page.parts or page.name in {"genindex.html", "search.html"}:
            continue
        text = visible_text(page.read_text(encoding="utf-8"))
        hits += [f"{edition} {page.relative_to(html_dir)}: {p!r}" for p in artefacts_in(text)]
    return hits


@pytest.mark.build
def test_no_maintainer_notes_in_the_built_book():
    code, log = build_book()
    assert code == 0, f"book build failed:\n{log[-4000:]}"
    pages = list(HTML.rglob("*.html"))
    assert len(pages) > 10, "the build wrote almost no pages"
    hits = _page_hits(HTML, "student")
    if INSTRUCTOR_HTML.is_dir():
        hits += _page_hits(INSTRUCTOR_HTML, "instructor")
    assert not hits, "maintainers' notes on reader pages:\n" + "\n".join(hits)


def test_page_scan_reports_page_and_phrase(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "x.html").write_text("<p>n not reported here</p><script>unverified</script>")
    assert _page_hits(tmp_path, "student") == ["student chapters/x.html: 'not reported here'"]
    assert json.dumps(PHRASES)  # the phrase list is plain text
