"""The built book: warnings-free build, every page present, offline pages in a real browser."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from book_support import ROOT, build_book, chromium_path, toc_files

pytestmark = pytest.mark.build

# Console messages the theme emits on every page (see the toolchain notes); nothing else is allowed.
ALLOWED_CONSOLE = (re.compile(r"THEBE_JS_URL"), re.compile(r"invalid theme mode", re.I))


def chapter_pages() -> list[str]:
    return [f for f in toc_files() if re.match(r"chapters/\d\d_", f)]


def test_build_is_warning_free(book):
    _, log = build_book()
    # Sphinx reports "path:line: WARNING: message" / "ERROR: message"; kernel log lines
    # ("[IPKernelApp] WARNING | ...") are not book warnings.
    problems = [line for line in log.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL):", line)]
    assert not problems, "\n".join(problems)


def test_every_toc_entry_has_a_page(book):
    for f in toc_files():
        assert (book / f"{f}.html").is_file(), f


def test_pages_reference_no_cdn(book):
    for page in book.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        offsite = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//[^"]+"', text)
        assert not offsite, f"{page.relative_to(book)} loads {offsite[:3]}"


def test_disclaimer_on_every_page(book):
    for f in toc_files():
        text = (book / f"{f}.html").read_text(encoding="utf-8")
        assert "not medical advice" in text, f


# --- real browser ------------------------------------------------------------


def open_page(browser, site, path):
    """Open a page with every off-site request blocked and recorded."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    offsite: list[str] = []
    errors: list[str] = []

    def route(r):
        if r.request.url.startswith(site) or r.request.url.startswith("data:"):
            r.continue_()
        else:
            offsite.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site}/{path}", wait_until="load")
    page.wait_for_selector("html[data-kc-ready='true']", timeout=10_000)
    return page, offsite, errors


@pytest.mark.browser
@pytest.mark.parametrize("path", [f"{f}.html" for f in toc_files()])
def test_page_offline_clean(browser, site, path):
    page, offsite, errors = open_page(browser, site, path)
    try:
        page.wait_for_load_state("networkidle")
        assert offsite == [], f"off-site requests: {offsite}"
        bad = [e for e in errors if not any(p.search(e) for p in ALLOWED_CONSOLE)]
        assert bad == [], f"console errors: {bad}"
        alts = page.eval_on_selector_all("img", "els => els.map(e => [e.getAttribute('src') || '', e.alt])")
        missing = [src[:60] for src, alt in alts if not alt.strip()]
        assert not missing, f"images without alt text: {missing}"
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", [f"{f}.html" for f in chapter_pages()])
def test_chapter_math_quiz_and_explorer_work(browser, site, path):
    page, offsite, _ = open_page(browser, site, path)
    try:
        # Maths is typeset by the local MathJax.
        if page.locator(".math").count():
            page.wait_for_selector("mjx-container", timeout=15_000)
        # Every figure has a caption; the capstone page teaches with branching cases instead of figures.
        if path.endswith("09_cases.html"):
            assert page.locator(".kc-case").count() >= 3
            return
        assert page.locator("figure.kc-figure").count() >= 1
        assert page.locator("figure.kc-figure figcaption").count() == page.locator("figure.kc-figure").count()
        # Quiz: a wrong then a right answer each show exactly their own feedback.
        question = page.locator(".kc-question[data-kc-multiple='false']").first
        wrong = question.locator("button.kc-choice[data-correct='false']").first
        wrong.click()
        fb = page.locator(f"#{wrong.get_attribute('id')}-fb")
        assert fb.is_visible() and "Not correct" in fb.inner_text()
        right = question.locator("button.kc-choice[data-correct='true']").first
        right.focus()
        page.keyboard.press("Enter")  # keyboard-usable
        assert page.locator(f"#{right.get_attribute('id')}-fb").is_visible()
        assert not fb.is_visible()
        assert question.locator(".kc-feedback:visible").count() == 1
        # Explorer: moving the first control (slider or drop-down) swaps the frame, its alt text and the read-out.
        # (The clinical-practice chapter has none: an explorer there would invite dosing play.)
        if path.endswith("07_practice.html"):
            assert page.locator("figure.kc-explorer").count() == 0
            return
        explorer = page.locator("figure.kc-explorer").first
        img = explorer.locator("img.kc-frame")
        desc = explorer.locator(".kc-frame-desc")
        before_src, before_alt, before_desc = img.get_attribute("src"), img.get_attribute("alt"), desc.inner_text()
        control = explorer.locator("[data-kc-control]").first
        if control.evaluate("el => el.tagName") == "SELECT":
            last = control.locator("option").count() - 1
            current = int(control.input_value())
            control.select_option(str(0 if current == last else last))
        else:
            control.focus()
            page.keyboard.press("Home" if control.input_value() == control.get_attribute("max") else "End")
            value_id = control.get_attribute("id") + "-value"
            assert page.locator(f"#{value_id}").inner_text() != ""
        assert img.get_attribute("src") != before_src
        assert img.get_attribute("alt") != before_alt
        assert desc.inner_text() != before_desc
        assert offsite == []
    finally:
        page.close()


@pytest.mark.browser
def test_chapter_screenshot(browser, site, tmp_path):
    """Render the reference chapter at phone width; the screenshot is kept for review."""
    page, _, _ = open_page(browser, site, "chapters/02_nmda.html")
    try:
        shot = ROOT / "_build" / "screenshots"
        shot.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot / "nmda-phone.png"), full_page=False)
        assert (shot / "nmda-phone.png").stat().st_size > 10_000
    finally:
        page.close()


def _page_text(path: Path) -> str:
    import html as html_lib

    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<script.*?</script>", " ", raw, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", raw))


def test_student_edition_exercise_pages_hide_solutions(book):
    import nbformat

    from ketcourse.engine import editions as notebooks

    for source in sorted((ROOT / "exercises").glob("*.ipynb")):
        page = _page_text(book / "exercise_pages" / f"{source.stem}.html")
        nb = nbformat.read(source, as_version=4)
        leaked = [ln.strip() for ln in notebooks.solution_lines(nb) if len(ln.strip()) > 12 and ln.strip() in page]
        assert not leaked, f"{source.name}: solution lines visible in the student edition: {leaked[:2]}"
        assert re.search(r"Task \d+: not attempted", page), f"{source.name}: checks did not run in the student edition"


def test_instructor_edition_shows_solutions_in_dropdowns(book, tmp_path):
    """Build the instructor edition (reusing the student build's notebook cache for the chapters)."""
    import os
    import shutil
    import subprocess
    import sys

    import nbformat

    from ketcourse.engine import editions as notebooks

    build = tmp_path / "_build"
    build.mkdir()
    for name in (".jupyter_cache", ".ketcourse-library-hash"):
        src = book.parent / name
        if src.is_dir():
            shutil.copytree(src, build / name)
        elif src.exists():
            shutil.copy2(src, build / name)
    env = dict(os.environ, KETCOURSE_BUILD_DIR=str(build), KETCOURSE_MODE="static")
    try:
        proc = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "build_book.py"), "--edition", "instructor"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
        for source in sorted((ROOT / "exercises").glob("*.ipynb")):
            html_path = build / "html" / "exercise_pages" / f"{source.stem}.html"
            page = _page_text(html_path)
            nb = nbformat.read(source, as_version=4)
            lines = [ln.strip() for ln in notebooks.solution_lines(nb) if len(ln.strip()) > 12]
            assert any(ln in page for ln in lines), f"{source.name}: no solution visible in the instructor edition"
            assert not re.search(r"Task \d+: (not attempted|incorrect)", page), f"{source.name}: a check failed"
            assert re.search(r"Task \d+: correct", page), f"{source.name}: no check ran in the instructor edition"
            assert "toggle" in html_path.read_text(encoding="utf-8"), f"{source.name}: solutions not in dropdowns"
    finally:
        # Leave exercise_pages/ as the student edition for anything that runs after this test.
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "build_book.py")],
            cwd=ROOT,
            capture_output=True,
            env=dict(os.environ, KETCOURSE_MODE="static"),
        )


# --- reader's edition: light pages (issue 14) ---------------------------------
def test_pages_load_no_icon_font_script_no_tex_engine_and_no_inline_frames(book):
    """Icons come from kc-icons.css, maths is typeset at build time, figures and frames are files."""
    for page in book.rglob("*.html"):
        if {"_static", "_sources", "reports"} & set(page.relative_to(book).parts):
            continue
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(book)
        assert "fontawesome.js" not in text, name
        assert "tex-chtml.js" not in text, name
        assert "data:image/png;base64" not in text, name
        if 'class="math notranslate nohighlight"' in text:
            assert "<mjx-container" in text and "<mjx-assistive-mml" in text, name
    assert not (book / "_static" / "scripts" / "fontawesome.js").exists()
    theme = (book / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert ".fa-bars:before" not in theme and "--bs-blue" in theme, "glyph rules left in, or the sheet emptied"


def test_strip_glyph_rules_removes_only_font_awesome_glyphs():
    from ketcourse.engine.sphinxext import strip_glyph_rules

    css = (
        '.btn{color:red}.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}.fa-x::after{content:"\\e000"}'
        '.fa-lg{font-size:1.25em}.note:before{content:"!"}.fa-y:before{content:"\\f1";color:red}'
    )
    assert strip_glyph_rules(css) == (
        '.btn{color:red}.fa-lg{font-size:1.25em}.note:before{content:"!"}.fa-y:before{content:"\\f1";color:red}'
    )


def test_page_weight_budget(book):
    """Everything a page loads (cold cache, scrolled to its end) stays within 1 MB; the site within 20 MB."""
    import json
    import subprocess

    chromium_path()
    # The benchmark's own measurement, in a subprocess (this module already drives a browser).
    code = (
        "import json, sys; from pathlib import Path; sys.path.insert(0, 'benchmarks'); import run; "
        f"h = Path({str(book.resolve())!r}); "
        "print(json.dumps([run.page_costs(h), run.page_weights(h)]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    costs, (largest, site, _name) = json.loads(proc.stdout.strip().splitlines()[-1])
    assert costs, "no page measured"
    heavy = {page: size for page, (size, _ms) in costs.items() if size > 1_000_000}
    assert not heavy, heavy
    assert largest <= 1_000_000 and site <= 20_000_000, (largest, site)
