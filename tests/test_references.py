"""Every work a reader's page cites is a complete, well-formed bibliography entry.

"Cited" means: a MyST ``{cite}`` role in a chapter notebook, page or exercise, a quiz bank's
``references``, or a citation field of a chapter data file. Each such entry names its authors, year,
title and venue; a journal article can be found again (volume and pages, or a DOI, PMID or PMCID);
and nothing a reader
sees (``note`` is rendered by the bibliography style) holds maintainers' notes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ketcourse.engine.data import load_yaml
from support_bib import BIB_PATH, bib_keys, cited_keys_in

pybtex = pytest.importorskip("pybtex")
from pybtex.database import parse_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTS = re.compile(
    r"facts sheet|not verified|unverified|not reported here|\[memory\]|to verify|could not be (checked|verified)",
    re.IGNORECASE,
)
VENUE_FIELDS = ("journal", "publisher", "howpublished", "institution", "booktitle", "organization", "school")


def _notebook_text(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"])


def cited_keys() -> dict[str, set[str]]:
    """Cited key -> the files that cite it."""
    where: dict[str, set[str]] = {}

    def add(keys: set[str], source: Path) -> None:
        for k in keys:
            where.setdefault(k, set()).add(str(source.relative_to(ROOT)))

    for path in [*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("chapters/*.md"), *ROOT.glob("exercises/*.ipynb")]:
        text = _notebook_text(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")
        add(cited_keys_in(text), path)
    for path in sorted((ROOT / "src" / "ketcourse").rglob("*.yaml")):
        add(cited_keys_in(load_yaml(path)), path)
    return where


#: Cited works whose author list (or year) no copy reachable offline shows; each is identified by DOI,
#: PMID or PMCID so a reader can find it, and the course's numbers from it were checked against its
#: abstract or tables (see the entry's provenance). This list may only shrink: the test fails when an
#: entry here becomes complete (remove it) or loses its identifier.
INCOMPLETE_METADATA = {
    "aacn2018": "author list not shown by any stored copy (DOI 10.4037/aacnacc2018448)",
    "anesthesiology1999opioid": "author list not shown (PMID 9915326)",
    "pharmacotherapy2022": "author list not shown (DOI 10.1002/phar.2669, PMC9118341)",
    "sanacoraletter": "publication year, volume and pages not shown (DOI 10.1176/appi.ajp.2018.18091061)",
}

CITED = cited_keys()
ENTRIES = parse_file(str(BIB_PATH), "bibtex").entries


def test_incomplete_list_names_only_cited_works():
    stale = sorted(set(INCOMPLETE_METADATA) - set(CITED))
    assert not stale, f"no longer cited, remove from INCOMPLETE_METADATA: {stale}"


def test_cited_keys_exist():
    missing = {k: sorted(v) for k, v in CITED.items() if k not in bib_keys()}
    assert not missing, f"cited but not in references.bib: {missing}"


def test_no_duplicate_keys():
    keys = re.findall(r"^@\w+\{([^,\s]+),", BIB_PATH.read_text(encoding="utf-8"), flags=re.MULTILINE)
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, f"duplicate bibliography keys: {dupes}"


@pytest.mark.parametrize("key", sorted(k for k in CITED if k in ENTRIES))
def test_cited_entry_is_complete(key):
    entry = ENTRIES[key]
    fields = {k.lower(): str(v).strip() for k, v in entry.fields.items()}
    problems = []
    if not entry.persons.get("author") and not fields.get("author") and not entry.persons.get("editor"):
        problems.append("no author")
    if not re.fullmatch(r"\d{4}", fields.get("year", "")):
        problems.append(f"year {fields.get('year')!r} is not a four-digit year")
    if not fields.get("title"):
        problems.append("no title")
    if not any(fields.get(f) for f in VENUE_FIELDS):
        problems.append(f"no venue ({', '.join(VENUE_FIELDS)})")
    if entry.type.lower() == "article":
        located = bool(fields.get("volume") and fields.get("pages"))
        identified = bool(fields.get("doi") or fields.get("pmid") or fields.get("pmcid"))
        if not (located or identified):
            problems.append("article with neither volume and pages nor a DOI, PMID or PMCID")
    if not fields.get("provenance"):
        problems.append("no provenance (where in the source the course's numbers stand)")
    if key in INCOMPLETE_METADATA:
        assert problems, f"{key} is complete now: remove it from INCOMPLETE_METADATA"
        assert fields.get("doi") or fields.get("pmid") or fields.get("pmcid") or fields.get("volume"), (
            f"{key}: a work with incomplete metadata must at least be identifiable (DOI, PMID, PMCID or volume)"
        )
        return
    assert not problems, f"{key}: " + "; ".join(problems)


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_rendered_fields_hold_no_maintainer_notes(key):
    fields = {k.lower(): str(v) for k, v in ENTRIES[key].fields.items()}
    shown = {k: v for k, v in fields.items() if k != "provenance"}
    hits = {k: ARTEFACTS.search(v).group(0) for k, v in shown.items() if ARTEFACTS.search(v)}
    assert not hits, f"{key}: rendered field(s) carry maintainers' notes: {hits}"
