"""The printed edition (issue 14): scripts/build_pdf.py prints the built book to one PDF."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from book_support import BUILD, HTML, ROOT, build_book, chromium_path

pypdf = pytest.importorskip("pypdf")


def chapter_titles() -> list[str]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_pdf  # type: ignore[import-not-found]

    titles = []
    for _caption, path in build_pdf.toc_files(ROOT, HTML):
        if re.match(r"chapters/\d\d_", path):
            text = (HTML / f"{path}.html").read_text(encoding="utf-8")
            h1 = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
            assert h1, path
            titles.append(re.sub(r"<[^>]+>|#|¶", "", h1.group(1)).strip())
    return titles


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    code, log = build_book()
    assert code == 0, f"book build failed:\n{log[-4000:]}"
    chromium_path()
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_pdf.py"), "--html", str(HTML), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_pdf_has_the_whole_book(pdf):
    reader = pypdf.PdfReader(str(pdf))
    texts = [page.extract_text() or "" for page in reader.pages]
    titles = chapter_titles()
    assert len(reader.pages) >= 3 * len(titles), len(reader.pages)
    everything = normal(" ".join(texts))
    for title in titles:
        assert normal(title) in everything, title
    # contents page lists every chapter with the page it starts on
    contents = normal(" ".join(texts[:4]))
    assert "Contents" in contents
    for title in titles:
        assert re.search(re.escape(normal(title)[:30]) + r".{0,80}?\d", contents), title
    # page numbers in the footer
    assert all(re.search(rf"\b{i + 1} / {len(texts)}\b", t) for i, t in enumerate(texts))


def test_pdf_has_no_blank_pages(pdf):
    reader = pypdf.PdfReader(str(pdf))
    for i, page in enumerate(reader.pages, start=1):
        body = re.sub(rf"\b{i} / {len(reader.pages)}\b", "", page.extract_text() or "").strip()
        images = len(page.images) if hasattr(page, "images") else 0
        assert body or images, f"page {i} is blank"


def test_pdf_internal_links_and_outline(pdf):
    reader = pypdf.PdfReader(str(pdf))
    internal = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            if (obj.get("/Subtype") == "/Link" and "/Dest" in obj) or (obj.get("/A") or {}).get("/S") == "/GoTo":
                internal += 1
    assert internal >= 10, internal
    assert reader.outline, "the PDF has no outline (bookmarks)"


def test_pdf_explorers_quizzes_and_figures(pdf):
    reader = pypdf.PdfReader(str(pdf))
    text = normal(" ".join(page.extract_text() or "" for page in reader.pages))
    assert text.count("Online, this explorer lets you vary:") >= 3
    assert "Appendix: quiz answers" not in text  # answers only in the instructor PDF
    assert sum(len(page.images) for page in reader.pages) >= 10


def test_print_document_keeps_figures_within_a_page():
    """The print check fails for a figure taller than a page (no cut-off figures)."""
    code, _log = build_book()
    assert code == 0
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_pdf  # type: ignore[import-not-found]

    chromium_path()
    doc = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<figure><img alt="a very tall test image" style="height:3000px;max-height:none" '
        'src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="></figure>'
        "</body></html>"
    )
    checks = build_pdf.print_pdf(HTML, doc, BUILD / "pdf-check.pdf")
    (BUILD / "pdf-check.pdf").unlink(missing_ok=True)
    assert checks["too_big"] == ["a very tall test image"]
