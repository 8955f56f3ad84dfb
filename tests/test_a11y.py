"""WCAG 2.2 AA on every built page (issue 14), measured in headless Chromium.

* axe-core (npm, injected into the page) with the WCAG 2.0/2.1/2.2 A and AA rules, on every page of the
  built book, in light and dark mode, at 1280 and 390 px: zero violations, theme and bibliography
  markup included (their fixes live in ketcourse.engine.sphinxext.A11Y_FIXES);
* a quiz and an explorer operated with the keyboard alone, with a visible focus ring, feedback in a
  live region;
* prefers-reduced-motion turns transitions and animations off;
* the course's own component HTML (figures, explorers, quizzes) passes html-validate's recommended rules.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from book_support import HTML, ROOT, book_pages

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
HTML_VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
MODES = ("light", "dark")
WIDTHS = (1280, 390)


def need(path: Path) -> None:
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} missing: run 'npm ci' in the repository root")


def built_pages(html: Path = HTML) -> list[str]:
    """Every page of a built book (a bare redirect page, like the root index.html, is audited at its target)."""
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if not {"_static", "_sources", "reports"} & set(p.relative_to(html).parts)
        and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:500]
    )


def test_the_audit_covers_every_built_page(book):
    """The pages audited (listed from the sources, so CI collects them before the build) are the built ones."""
    assert sorted(book_pages()) == built_pages(book)


def open_in_mode(browser, url: str, mode: str, width: int):
    # Reduced motion: the audit sees the settled colours, not a theme transition halfway through.
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=mode, reduced_motion="reduce")
    # The theme keeps the reader's choice in localStorage ("mode"): set it before any script runs.
    context.add_init_script(f"try {{ localStorage.setItem('mode', '{mode}'); }} catch (e) {{}}")
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


def settle(page) -> None:
    """Scroll through the page so lazy images load, then wait until nothing is loading."""
    page.evaluate(
        "async () => { for (let y = 0; y < document.body.scrollHeight; y += 700) {"
        " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 10)); } window.scrollTo(0, 0); }"
    )
    page.wait_for_load_state("networkidle")


def axe_violations(page) -> list[dict]:
    settle(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def summary(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']} e.g. {targets}")
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize("path", book_pages())
def test_axe_wcag22_aa_every_page(browser, site, path):
    need(AXE)
    problems = []
    for mode in MODES:
        for width in WIDTHS:
            context, page = open_in_mode(browser, f"{site}/{path}", mode, width)
            try:
                assert page.evaluate("document.documentElement.dataset.theme") == mode
                found = axe_violations(page)
                if found:
                    problems.append(f"[{mode}, {width} px]\n{summary(found)}")
            finally:
                context.close()
    assert not problems, f"{path}:\n" + "\n".join(problems)


def test_axe_finds_a_planted_violation(browser, site):
    """The audit can fail: a low-contrast, unlabeled button is reported."""
    need(AXE)
    context, page = open_in_mode(browser, f"{site}/chapters/index.html", "light", 1280)
    try:
        page.evaluate(
            """() => { const b = document.createElement('button');
            b.style.color = '#eee'; b.style.background = '#fff'; b.textContent = 'low';
            document.querySelector('main').appendChild(b);
            document.querySelector('main').appendChild(document.createElement('input')); }"""
        )
        ids = {v["id"] for v in axe_violations(page)}
        assert {"color-contrast", "label"} <= ids, ids
    finally:
        context.close()


def first_chapter_with(selector: str) -> str:
    for page in sorted((HTML / "chapters").glob("[0-9][0-9]_*.html")):
        if selector in page.read_text(encoding="utf-8"):
            return f"chapters/{page.name}"
    pytest.fail(f"no chapter page has {selector!r}")


def tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches ``selector`` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def focus_ring_px(page) -> float:
    """Width of the focused element's outline (0 when the focus is invisible)."""
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth); }"""
    )


@pytest.mark.browser
def test_quiz_by_keyboard_alone(browser, site):
    path = first_chapter_with('data-kc-multiple="false"')
    context, page = open_in_mode(browser, f"{site}/{path}", "light", 390)
    try:
        page.wait_for_selector("html[data-kc-ready='true']")
        tab_to(page, ".kc-question[data-kc-multiple='false'] button.kc-choice")
        assert focus_ring_px(page) >= 2
        chosen = page.evaluate("document.activeElement.id")
        page.keyboard.press("Enter")
        feedback = page.locator(f"#{chosen}-fb")
        assert feedback.is_visible()
        # the feedback appears inside a live region, so screen readers announce it
        assert feedback.evaluate("el => !!el.closest('[aria-live]')")
        assert page.locator(f"#{chosen}").get_attribute("aria-pressed") == "true"
    finally:
        context.close()


@pytest.mark.browser
def test_explorer_by_keyboard_alone(browser, site):
    path = first_chapter_with('type="range"')
    context, page = open_in_mode(browser, f"{site}/{path}", "light", 390)
    try:
        page.wait_for_selector("html[data-kc-ready='true']")
        tab_to(page, ".kc-explorer input[type=range]")
        assert focus_ring_px(page) >= 2
        ex_id = page.evaluate("document.activeElement.closest('.kc-explorer').id")
        img = page.locator(f"#{ex_id} img.kc-frame")
        desc = page.locator(f"#{ex_id} .kc-frame-desc")
        before = img.get_attribute("src"), desc.inner_text()
        at_max = page.evaluate("document.activeElement.value === document.activeElement.max")
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        assert img.get_attribute("src") != before[0]
        assert desc.inner_text() != before[1]
        assert desc.get_attribute("aria-live") == "polite"
        # the new frame is a file next to the page, and it loads
        page.wait_for_function(f"document.querySelector('#{ex_id} img.kc-frame').complete")
        assert img.evaluate("i => i.naturalWidth") > 0
    finally:
        context.close()


@pytest.mark.browser
def test_reduced_motion_respected(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto(f"{site}/{first_chapter_with('kc-question')}", wait_until="load")
        longest = page.evaluate(
            """() => Math.max(...[...document.querySelectorAll('*')].map(el => {
                const s = getComputedStyle(el);
                return Math.max(...(s.transitionDuration + ',' + s.animationDuration).split(',')
                    .map(v => parseFloat(v) * (v.trim().endsWith('ms') ? 0.001 : 1)));
            }))"""
        )
        assert longest <= 0.001, longest
    finally:
        context.close()


def component_html() -> str:
    """Every figure, explorer and quiz the course wrote into the built pages, in one document."""
    parts = []
    for page in sorted((HTML / "chapters").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<(figure|div) class="(kc-figure|kc-explorer|kc-quiz)[" ]', text):
            tag, start = match.group(1), match.start()
            depth, pos = 0, start
            pattern = re.compile(rf"<{tag}\b|</{tag}>")
            for m in pattern.finditer(text, start):
                depth += 1 if m.group(0) != f"</{tag}>" else -1
                if depth == 0:
                    pos = m.end()
                    break
            parts.append(text[start:pos])
    assert parts, "no course components found in the built pages"
    body = "\n".join(parts)
    head = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>components</title></head>'
    return f"{head}<body><main>\n{body}\n</main></body></html>\n"


def html_validate(document: str, tmp_path: Path) -> tuple[int, str]:
    need(HTML_VALIDATE)
    if shutil.which("node") is None:
        pytest.fail("node is needed for html-validate")
    target = tmp_path / "components.html"
    target.write_text(document, encoding="utf-8")
    config = tmp_path / ".htmlvalidate.json"
    # The course's components are checked against the recommended rules; the standard page shell
    # above them is not course output.
    config.write_text(json.dumps({"root": True, "extends": ["html-validate:recommended"]}))
    proc = subprocess.run(
        [str(HTML_VALIDATE), "--config", str(config), str(target)], capture_output=True, text=True, cwd=ROOT
    )
    return proc.returncode, proc.stdout + proc.stderr


def test_course_components_pass_html_validate(book, tmp_path):
    code, out = html_validate(component_html(), tmp_path)
    assert code == 0, out[-6000:]


def test_html_validate_catches_label_holding_an_output(tmp_path):
    bad = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<label for="a">Dose <output id="a-v" for="a">1</output></label><input type="range" id="a"></body></html>\n'
    )
    code, out = html_validate(bad, tmp_path)
    assert code != 0 and "multiple-labeled-controls" in out
