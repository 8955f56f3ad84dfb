"""Print the built book as one PDF with headless Chromium (Playwright's page.pdf, Debian's chromium).

Reads the built HTML (``_build/html``, or ``_instructor/_build/html`` with ``--edition instructor``),
joins every page of ``_toc.yml`` in order into one print document and prints it:

* a title page and a table of contents with page numbers (a first print finds on which page each
  chapter starts, a second prints the numbers) and links;
* page numbers in the footer, a PDF outline (bookmarks), working internal links (each page's ids
  are prefixed with the page's name and every link inside the book points to them);
* figures with their captions, never split across pages or wider than the page;
* each explorer as its default frame plus one line saying what the online controls vary;
* quizzes with their questions and choices; the answers (correct choices and explanations) go to an
  appendix in the instructor edition only.

Usage: python scripts/build_pdf.py [--edition student|instructor] [--html DIR] [--out FILE]
Writes _build/pdf/ketcourse.pdf (student) or _instructor/_build/pdf/ketcourse-instructor.pdf.
"""

from __future__ import annotations

import argparse
import html as html_lib
import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
PRINT_NAME = "_kc_print.html"

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm; }
html { font-family: "DejaVu Serif", Georgia, serif; font-size: 10.5pt; line-height: 1.4; color: #000; }
body { margin: 0; }
h1, h2, h3, h4 { font-family: "DejaVu Sans", Arial, sans-serif; line-height: 1.2; break-after: avoid; }
h1 { font-size: 20pt; margin: 0 0 0.6em 0; }
h2 { font-size: 14pt; margin: 1.2em 0 0.4em 0; }
h3 { font-size: 12pt; }
.kc-page { break-before: page; }
.kc-title-page { text-align: center; padding-top: 30%; }
.kc-title-page h1 { font-size: 26pt; }
nav.kc-toc ol { list-style: none; padding: 0; }
nav.kc-toc li { display: flex; gap: 0.5em; margin: 0.25em 0; }
nav.kc-toc li.kc-toc-part { font-weight: bold; margin-top: 0.8em; }
nav.kc-toc a { color: #000; text-decoration: none; flex: 1; border-bottom: 1px dotted #888; }
nav.kc-toc .kc-toc-page { min-width: 2em; text-align: right; }
a { color: #004c80; }
figure, .kc-explorer, table, .kc-question, div.math, .cell_output img { break-inside: avoid; }
figure { margin: 0.8em 0; }
img, svg { max-width: 100%; height: auto; }
figure img { max-height: 200mm; object-fit: contain; }
figcaption { font-size: 9pt; font-style: italic; margin-top: 0.3em; }
table { border-collapse: collapse; font-size: 8.5pt; width: 100%; }
th, td { border: 1px solid #999; padding: 2px 4px; vertical-align: top; }
pre { white-space: pre-wrap; font-size: 8pt; background: #f4f4f4; padding: 4px; break-inside: avoid; }
.kc-explorer { border: 1px solid #999; padding: 0.5em; }
.kc-explorer-title { font-weight: bold; }
.kc-print-note { font-size: 9pt; font-style: italic; }
.kc-choices { display: block; margin: 0.2em 0 0.2em 1.2em; }
.kc-choice { display: block; border: 0; background: none; padding: 0; font: inherit; text-align: left; }
.kc-question { margin: 0.6em 0; }
.kc-feedback-area, .kc-explanation, .kc-submit, .kc-frames, .headerlink, .toggle-details, button.toggle-button,
  .kc-controls, script, .tag_hide-input .cell_input, .tag_remove-input .cell_input { display: none !important; }
mjx-assistive-mml { display: none !important; }
.kc-answers li { margin: 0.4em 0; }
"""


def toc_files(root: Path, html: Path) -> list[tuple[str | None, str]]:
    """(part caption or None, page path without .html) in reading order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    out: list[tuple[str | None, str]] = [(None, toc["root"])]
    for part in toc.get("parts", []):
        caption = part.get("caption")
        for entry in part.get("chapters", []):
            if "file" in entry:
                files = [entry["file"]]
            else:
                pattern = entry["glob"]
                files = sorted(p.relative_to(html).with_suffix("").as_posix() for p in html.glob(pattern + ".html"))
            for f in files:
                out.append((caption, f))
                caption = None
    return [(c, f) for c, f in out if (html / f"{f}.html").is_file()]


def page_anchor(path: str) -> str:
    return "p-" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")


def rewrite_page(soup: Any, path: str, html_root: Path, known: set[str], answers: list[str]) -> Any:
    """The article of one built page, ready to be joined into the print document."""
    from bs4 import BeautifulSoup

    article = soup.select_one("article.bd-article") or soup.select_one("main") or soup.body
    anchor = page_anchor(path)
    page_dir = (html_root / path).parent
    for tag in article.select("script, .headerlink, .kc-feedback-area, .kc-submit, button.toggle-button"):
        if tag.name == "script" and "kc-frames" in (tag.get("class") or []):
            tag.decompose()
            continue
        tag.decompose()
    # Explorers: the default frame, and one line on what the online controls vary.
    for ex in article.select(".kc-explorer"):
        labels = [lab.get_text(" ", strip=True).rstrip(":") for lab in ex.select(".kc-controls label")]
        controls = ex.select_one(".kc-controls")
        if controls is not None:
            note = BeautifulSoup("<p class='kc-print-note'></p>", "html.parser").p
            note.string = (
                "Printed at its default setting. Online, this explorer lets you vary: " + "; ".join(labels) + "."
            )
            controls.replace_with(note)
    # Phones' <source> and scroll frames are screen-only: print the desktop image.
    for source in article.select("picture source"):
        source.decompose()
    for img in article.select("img"):
        img["loading"] = "eager"
        src = img.get("src", "")
        if src and not src.startswith(("data:", "http:", "https:", "file:")):
            img["src"] = os.path.relpath((page_dir / src).resolve(), html_root)
    # Quizzes: questions and choices stay; answers go to the instructor appendix.
    for q in article.select(".kc-question"):
        prompt = q.select_one(".kc-prompt")
        right = [c.get_text(" ", strip=True) for c in q.select("[data-correct='true']")]
        right += [
            lab.get_text(" ", strip=True)
            for lab in q.select("label.kc-choice")
            if lab.select_one("input[data-correct='true']")
        ]
        right = list(dict.fromkeys(r for r in right if r))
        explanation = q.select_one(".kc-explanation")
        text = explanation.get_text(" ", strip=True).removeprefix("Explanation").strip() if explanation else ""
        if prompt is not None:
            qid = f"{anchor}--{q.get('id', '')}"
            answers.append(
                f'<li><a href="#{html_lib.escape(qid)}">{html_lib.escape(prompt.get_text(" ", strip=True))}</a>'
                f"<br><strong>Answer:</strong> {html_lib.escape(' | '.join(right) or '(see the explanation)')}"
                f"<br>{html_lib.escape(text)}</li>"
            )
        if explanation is not None:
            explanation.decompose()
    # Ids and links: prefix ids with the page's anchor so the joined document has no clashes.
    for tag in article.select("[id]"):
        tag["id"] = f"{anchor}--{tag['id']}"
    for a in article.select("a[href]"):
        href = a["href"]
        if href.startswith(("http:", "https:", "mailto:")):
            continue
        target, _, frag = href.partition("#")
        if not target:
            a["href"] = f"#{anchor}--{frag}" if frag else f"#{anchor}"
            continue
        resolved = os.path.relpath((page_dir / target).resolve(), html_root).removesuffix(".html")
        if resolved in known:
            a["href"] = f"#{page_anchor(resolved)}--{frag}" if frag else f"#{page_anchor(resolved)}"
        else:
            a.unwrap()
    return article


def print_document(html_root: Path, edition: str, page_numbers: dict[str, int] | None) -> tuple[str, list[str]]:
    from bs4 import BeautifulSoup

    entries = toc_files(ROOT, html_root)
    known = {f for _, f in entries}
    answers: list[str] = []
    bodies, toc_items, titles = [], [], []
    for caption, path in entries:
        soup = BeautifulSoup((html_root / f"{path}.html").read_text(encoding="utf-8"), "html.parser")
        h1 = soup.select_one("article h1") or soup.select_one("h1")
        title = h1.get_text(" ", strip=True).replace("#", "").strip() if h1 else path
        titles.append(title)
        article = rewrite_page(soup, path, html_root, known, answers)
        anchor = page_anchor(path)
        if caption:
            toc_items.append(f'<li class="kc-toc-part">{html_lib.escape(caption)}</li>')
        number = "" if page_numbers is None else str(page_numbers.get(title, ""))
        toc_items.append(
            f'<li><a href="#{anchor}">{html_lib.escape(title)}</a><span class="kc-toc-page">{number}</span></li>'
        )
        bodies.append(f'<section class="kc-page" id="{anchor}">{article.decode_contents()}</section>')
    appendix = ""
    if edition == "instructor" and answers:
        appendix = (
            '<section class="kc-page" id="kc-answers"><h1>Appendix: quiz answers</h1>'
            f'<ol class="kc-answers">{"".join(answers)}</ol></section>'
        )
        title = "Appendix: quiz answers"
        titles.append(title)
        number = "" if page_numbers is None else str(page_numbers.get(title, ""))
        toc_items.append(f'<li><a href="#kc-answers">{title}</a><span class="kc-toc-page">{number}</span></li>')
    math_css = html_root / "_static" / "kc-math.css"
    css = PRINT_CSS + (math_css.read_text(encoding="utf-8") if math_css.exists() else "")
    book_title = titles[0] if titles else "ketcourse"
    label = "Instructor edition" if edition == "instructor" else "Student edition"
    doc = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html_lib.escape(book_title)}</title><style>{css}</style></head><body>"
        f'<section class="kc-title-page"><h1>{html_lib.escape(book_title)}</h1><p>{label}</p>'
        "<p>Educational material only, not medical advice. Every model figure is illustrative.</p></section>"
        f'<nav class="kc-toc kc-page" aria-label="Contents"><h2>Contents</h2><ol>{"".join(toc_items)}</ol></nav>'
        f"{''.join(bodies)}{appendix}</body></html>"
    )
    return doc, titles


FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#444;font-family:sans-serif">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def chromium() -> str:
    from ketcourse.engine.browser import find_chromium

    found = find_chromium()
    if found is None:
        raise SystemExit("Chromium not found: apt-get install -y chromium (or set KETCOURSE_CHROMIUM)")
    return found


def print_pdf(html_root: Path, doc: str, out: Path) -> dict[str, Any]:
    """Print ``doc`` (written next to the book's pages so relative image paths resolve) to ``out``."""
    from playwright.sync_api import sync_playwright

    from ketcourse.engine.browser import CHROMIUM_ARGS

    source = html_root / PRINT_NAME
    source.write_text(doc, encoding="utf-8")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium(), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(source.as_uri(), wait_until="load")
            page.emulate_media(media="print")
            page.wait_for_function("[...document.images].every(i => i.complete)")
            # A4 minus margins, in CSS px (96 per inch): what one page can hold.
            checks = page.evaluate(
                """() => { const h = (297 - 38) / 25.4 * 96, w = (210 - 32) / 25.4 * 96;
                const figs = [...document.querySelectorAll('figure img, .kc-explorer img')];
                return {figures: figs.length,
                        too_big: figs.filter(i => { const r = i.getBoundingClientRect();
                                   return r.height > h + 1 || r.width > w + 1; }).map(i => i.alt.slice(0, 60)),
                        broken: [...document.images].filter(i => i.naturalWidth === 0).map(i => i.src.slice(-60))}; }"""
            )
            out.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(
                path=str(out),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=FOOTER,
                margin={"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"},
                outline=True,
                tagged=True,
            )
            browser.close()
    finally:
        source.unlink(missing_ok=True)
    return checks


def chapter_start_pages(pdf: Path, titles: list[str]) -> dict[str, int]:
    """Page (1-based) each title starts on: every page of the book starts a new PDF page with its
    title, so look, in reading order, for the first later page whose text begins with it."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    texts = [re.sub(r"\s+", " ", page.extract_text() or "").strip() for page in reader.pages]
    starts: dict[str, int] = {}
    after = 2  # the title page and the contents come first
    for title in titles:
        key = re.sub(r"\s+", " ", title).strip()[:40]
        for number in range(after + 1, len(texts) + 1):
            if key and texts[number - 1].startswith(key):
                starts[title] = after = number
                break
    return starts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", choices=("student", "instructor"), default="student")
    parser.add_argument("--html", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    base = ROOT / ("_instructor/_build" if args.edition == "instructor" else "_build")
    if "KETCOURSE_BUILD_DIR" in os.environ:
        base = Path(os.environ["KETCOURSE_BUILD_DIR"])
    html_root = (args.html or base / "html").resolve()
    if not (html_root / "index.html").exists():
        print(f"no built book in {html_root}: build it first (scripts/build_book.py)", file=sys.stderr)
        return 2
    name = "ketcourse-instructor.pdf" if args.edition == "instructor" else "ketcourse.pdf"
    out = (args.out or base / "pdf" / name).resolve()
    doc, titles = print_document(html_root, args.edition, None)
    print_pdf(html_root, doc, out)
    starts = chapter_start_pages(out, titles)
    doc, _ = print_document(html_root, args.edition, starts)
    checks = print_pdf(html_root, doc, out)
    if checks["too_big"] or checks["broken"]:
        print(f"figures that do not fit a page: {checks['too_big']}; images that did not load: {checks['broken']}")
        return 1
    from pypdf import PdfReader

    pages = len(PdfReader(str(out)).pages)
    print(f"PDF ({args.edition} edition): {out} ({pages} pages, {out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
