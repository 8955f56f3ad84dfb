"""Branching case engine: schema and graph checks, renderers, registry lookup, and a browser walk of every path."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from ketcourse.engine import cases
from ketcourse.engine.cases.render import case_to_html, case_to_text, teaches_href
from ketcourse.engine.cases.schema import CaseError, validate_case

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "tests" / "data" / "cases" / "demo-consent.yaml"
ASSETS = ROOT / "src" / "ketcourse" / "engine" / "static"


def demo_data() -> dict:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def test_demo_case_loads_and_lists_its_paths():
    case = cases.load_case(DEMO)
    assert case.start == "history" and case.step_ids == ("history", "consent")
    paths = case.paths()
    # history -> consent -> end (2 ways), and the same after looping back once
    assert len(paths) == 4
    assert all(p[-1][0] == "consent" for p in paths)


def mutate(fn):
    data = copy.deepcopy(demo_data())
    fn(data)
    return data


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["steps"][0]["options"][0].update(next="nowhere"), "option 1: field 'next' is 'nowhere': no such"),
        (lambda d: d.update(start="consent2"), "field 'start' is 'consent2', which is not a step id"),
        (
            lambda d: d["steps"].append(copy.deepcopy(d["steps"][1]) | {"id": "orphan"}),
            "step 'orphan': not reachable from the start step",
        ),
        (
            lambda d: [o.update(next="consent") for o in d["steps"][1]["options"]],
            "step 'consent': no choice from here ever reaches 'end'",
        ),
        (lambda d: d["steps"][1].update(id="history"), "duplicate step id"),
        (lambda d: d["steps"][0]["options"][0].update(score="great"), "score"),
        (lambda d: d["steps"][0]["options"][0].update(teaches="../etc/passwd"), "page path inside the book"),
        (lambda d: d["steps"][0]["options"][0].update(text="Give 0.5 mg/kg over 40 minutes"), "offers a dose"),
        (lambda d: d["steps"][0]["options"][0].pop("feedback"), "step 'history', option 1: field 'feedback'"),
        (lambda d: d["steps"][0].update(options=d["steps"][0]["options"][:1]), "at least 2"),
        (lambda d: d.update(colour="red"), "colour"),
        (lambda d: d["steps"][0].update(id="Bad Id"), "should match pattern"),
    ],
)
def test_bad_cases_are_rejected_with_the_step_named(change, message):
    with pytest.raises(CaseError, match=re.escape(message)) as err:
        validate_case(mutate(change), "cases/demo.yaml")
    assert "cases/demo.yaml" in str(err.value)


def test_case_files_checked_against_bib_book_pages_and_name(tmp_path):
    (tmp_path / "_toc.yml").write_text("root: index\n", encoding="utf-8")
    (tmp_path / "references.bib").write_text("@article{known2020,\n}\n", encoding="utf-8")
    for page in ("06_safety", "05_conditions", "08_appraisal"):
        (tmp_path / "chapters").mkdir(exist_ok=True)
        (tmp_path / "chapters" / f"{page}.md").write_text("# x\n", encoding="utf-8")
    folder = tmp_path / "src" / "demo" / "cases"
    folder.mkdir(parents=True)
    good = folder / "demo-consent.yaml"
    good.write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    assert cases.load_case_file(good).id == "demo-consent"
    bad = demo_data()
    bad["steps"][0]["options"][0]["references"] = ["known2020", "nokey"]
    bad["steps"][1]["options"][0]["teaches"] = "chapters/99_missing"
    good.write_text(yaml.safe_dump(bad), encoding="utf-8")
    with pytest.raises(CaseError) as err:
        cases.load_case_file(good)
    text = str(err.value)
    assert "step 'history', option 1: field 'references': ['nokey'] not in" in text
    assert "step 'consent', option 1: field 'teaches': no page 'chapters/99_missing'" in text
    renamed = folder / "other.yaml"
    renamed.write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CaseError, match=r"the file is named 'other\.yaml'"):
        cases.load_case_file(renamed)
    dup = folder / "dup.yaml"
    dup.write_text("id: a\nid: b\n", encoding="utf-8")
    with pytest.raises(CaseError, match="duplicate key 'id'"):
        cases.load_case_file(dup)


def test_cases_are_found_through_the_registry(tmp_path, monkeypatch):
    from ketcourse.engine import registry

    folder = tmp_path / "demo" / "cases"
    folder.mkdir(parents=True)
    (folder / "demo-consent.yaml").write_text(DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(registry, "_ROOTS", [tmp_path.resolve()])
    assert cases.case_names() == ["demo-consent"]
    assert cases.show("demo-consent", mode="static").case.id == "demo-consent"
    with pytest.raises(ValueError, match="unknown case 'nope'; available: demo-consent"):
        cases.show("nope")
    with pytest.raises(ValueError, match="unknown mode 'web'"):
        cases.show("demo-consent", mode="web")


def test_every_shipped_case_validates():
    for name in cases.case_names():
        case = cases.load_case(name)
        assert case.paths(), name


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_static_html_escaped_deterministic_with_links_and_notice():
    data = demo_data()
    data["summary"] = "<script>alert(1)</script>"
    case = validate_case(data)
    out = case_to_html(case)
    assert out == case_to_html(validate_case(copy.deepcopy(data)))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "not medical advice" in out and "nothing is stored or sent" in out
    parsed = Tags()
    parsed.feed(out)
    ids = [a["id"] for _, a in parsed.tags if "id" in a]
    assert len(ids) == len(set(ids))
    assert {"case-demo-consent-history", "case-demo-consent-consent", "case-demo-consent-end"} <= set(ids)
    hrefs = {a["href"] for t, a in parsed.tags if t == "a"}
    assert "06_safety.html" in hrefs and "06_safety.html#monitoring" in hrefs
    assert "#case-demo-consent-consent" in hrefs and "#case-demo-consent-end" in hrefs
    assert teaches_href("chapters/06_safety", "exercise_pages/x") == "../chapters/06_safety.html"
    live = [a for _, a in parsed.tags if a.get("aria-live")]
    assert len(live) >= 3


def test_text_lists_every_option_and_destination():
    text = case_to_text(cases.load_case(DEMO))
    assert text.count("Goes to") == 4 and "Goes to the end." in text and "Goes to step [consent]." in text
    assert "not medical advice" in text


def test_live_case_branches_and_summarises():
    live = cases.show(DEMO, mode="live")
    live.options[1].click()  # poor: loops back
    assert "Poor choice." in live.feedback.value
    live.next_button.click()
    assert live.current == "history"
    live.options[0].click()
    live.next_button.click()
    assert live.current == "consent"
    live.options[0].click()
    live.next_button.click()
    assert live.current == "end"
    summary = live.summary_html()
    assert "3 decisions: 2 best, 0 acceptable, 1 poor" in summary and "chapters/05_conditions" in summary
    live.restart()
    assert live.current == "history" and live.path == []


@pytest.fixture(scope="module")
def chromium():
    from book_support import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.mark.browser
def test_browser_walks_every_path_offline_from_file_url(chromium, tmp_path):
    case = cases.load_case(DEMO)
    page_file = tmp_path / "case.html"
    page_file.write_text(
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{(ASSETS / "assess.css").as_uri()}">'
        f'<script src="{(ASSETS / "assess.js").as_uri()}"></script></head><body>'
        f"{case_to_html(case)}</body></html>",
        encoding="utf-8",
    )
    page = chromium.new_page()
    errors: list[str] = []
    offsite: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith("file:") else (offsite.append(r.request.url), r.abort()),
    )
    base = "#case-demo-consent"
    try:
        page.goto(page_file.as_uri())
        page.wait_for_selector("html[data-kc-assess-ready='true']")
        for walk in case.paths():
            page.click(f"{base}-restart", force=True) if page.locator(f"{base}-end").is_visible() else None
            assert page.locator(f"{base}-history").is_visible()
            assert not page.locator(f"{base}-consent").is_visible()
            for sid, k in walk:
                step = f"{base}-{sid}"
                assert page.locator(step).is_visible()
                option = page.locator(f"{step}-o{k + 1}")
                option.focus()
                page.keyboard.press("Enter")  # keyboard-operable
                fb = page.locator(f"{step}-o{k + 1}-fb")
                assert fb.is_visible() and case.step(sid).options[k].feedback in fb.inner_text()
                assert page.locator(f"{step} .kc-case-feedback:visible").count() == 1
                page.keyboard.press("Enter")  # focus moved to Continue
            assert page.locator(f"{base}-end").is_visible()
            assert page.url.endswith(f"{base}-end")
            items = page.locator(f"{base}-path li")
            assert items.count() == len(walk)
            for n, (sid, k) in enumerate(walk):
                assert case.step(sid).options[k].text in items.nth(n).inner_text()
            scores = [case.step(s).options[k].score for s, k in walk]
            tally = page.inner_text(f"{base}-tally")
            assert f"{scores.count('best')} best, {scores.count('acceptable')} acceptable" in tally
            page.click(f"{base}-restart")
        # Deep link to a step opens that step only.
        page.goto(page_file.as_uri() + f"{base}-consent")
        page.wait_for_selector("html[data-kc-assess-ready='true']")
        assert page.locator(f"{base}-consent").is_visible() and not page.locator(f"{base}-history").is_visible()
        assert errors == [] and offsite == []
    finally:
        page.close()
