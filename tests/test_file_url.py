"""The built book works opened from disk (file://), with no server and no network (issue 14)."""

from __future__ import annotations

import pytest

from book_support import CHROMIUM_ARGS, HTML, build_book, chromium_path


@pytest.fixture(scope="module")
def page():
    code, log = build_book()
    assert code == 0, f"book build failed:\n{log[-4000:]}"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        offsite: list[str] = []

        def route(r):
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                offsite.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        p = context.new_page()
        p.offsite = offsite  # type: ignore[attr-defined]
        yield p
        assert offsite == [], offsite
        browser.close()


@pytest.mark.browser
def test_navigation_from_file_url(page):
    page.goto((HTML / "index.html").as_uri(), wait_until="load")
    # the root page redirects to the book's start page
    page.wait_for_selector("nav.bd-docs-nav a.reference.internal", state="attached")
    assert page.url.startswith("file://") and page.url.endswith("chapters/index.html")
    # the sidebar lists every chapter; follow one by its link
    first = page.locator("nav.bd-docs-nav a.reference.internal").first
    href = first.get_attribute("href")
    page.goto(page.url.rsplit("/", 1)[0] + "/" + href.split("#")[0], wait_until="load")
    assert page.locator("h1").count() >= 1
    # next-page link at the foot of a chapter
    nxt = page.locator("a.right-next")
    if nxt.count():
        before = page.url
        nxt.first.click()
        page.wait_for_load_state("load")
        assert page.url != before


@pytest.mark.browser
def test_search_from_file_url(page):
    page.goto((HTML / "search.html").as_uri() + "?q=ketamine", wait_until="load")
    page.wait_for_selector("#search-results li", timeout=20_000)
    assert page.locator("#search-results li").count() >= 3


@pytest.mark.browser
def test_quiz_and_explorer_from_file_url(page):
    chapter = next(
        p
        for p in sorted((HTML / "chapters").glob("[0-9][0-9]_*.html"))
        if 'type="range"' in p.read_text(encoding="utf-8") and "kc-question" in p.read_text(encoding="utf-8")
    )
    page.goto(chapter.as_uri(), wait_until="load")
    page.wait_for_selector("html[data-kc-ready='true']")
    question = page.locator(".kc-question[data-kc-multiple='false']").first
    right = question.locator("button.kc-choice[data-correct='true']").first
    right.click()
    assert page.locator(f"#{right.get_attribute('id')}-fb").is_visible()
    slider = page.locator(".kc-explorer input[type=range]").first
    ex_id = slider.evaluate("el => el.closest('.kc-explorer').id")
    img = page.locator(f"#{ex_id} img.kc-frame")
    before = img.get_attribute("src")
    slider.focus()
    page.keyboard.press("Home" if slider.input_value() == slider.get_attribute("max") else "End")
    assert img.get_attribute("src") != before
    page.wait_for_function(f"document.querySelector('#{ex_id} img.kc-frame').complete")
    assert img.evaluate("i => i.naturalWidth") > 0, "the new frame did not load from file://"
    # figures are files next to the page and load from disk too
    page.locator("figure.kc-figure img").first.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure.kc-figure img').complete")
    assert page.locator("figure.kc-figure img").first.evaluate("i => i.naturalWidth") > 0
