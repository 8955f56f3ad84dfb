"""End-to-end instructor path in a real JupyterLab: live explorer, live quiz, exercise checks.

nbval cannot see live widgets, so this test starts JupyterLab on 127.0.0.1 (token-protected,
no browser of its own), drives it with headless Chromium, runs a chapter and an exercise,
moves an explorer control, answers a quiz question and reads a check's feedback.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from book_support import CHROMIUM_ARGS, ROOT, chromium_path

CHAPTER = ROOT / "chapters" / "02_nmda.ipynb"
EXERCISE = ROOT / "exercises" / "02_nmda.ipynb"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    chromium = chromium_path()
    work = tmp_path_factory.mktemp("lab")
    shutil.copy(CHAPTER, work / CHAPTER.name)
    (work / "exercise").mkdir()
    shutil.copy(EXERCISE, work / "exercise" / EXERCISE.name)
    port, token = free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k != "KETCOURSE_MODE"}
    env["JUPYTER_CONFIG_DIR"] = str(work / ".jupyter")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={work}",
            "--LabApp.expose_app_in_browser=True",
            *(["--allow-root"] if os.geteuid() == 0 else []),
            "--ServerApp.disable_check_xsrf=False",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        cwd=work,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited early: {proc.stderr.read()[-2000:] if proc.stderr else ''}")
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("JupyterLab did not start within 60 s")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield browser, base, token
        browser.close()
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def open_and_run(browser, base, token, path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{base}/lab/tree/{path}?token={token}")
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell", timeout=60_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function(
        "document.querySelector('.jp-Notebook') && window.jupyterapp.shell.currentWidget"
        " && window.jupyterapp.shell.currentWidget.sessionContext"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session"
        " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel",
        timeout=60_000,
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        "(() => { const w = window.jupyterapp.shell.currentWidget;"
        " const k = w.sessionContext.session.kernel;"
        " const cells = w.content.widgets.filter(c => c.model.type === 'code');"
        " return k.status === 'idle' && cells.every(c => c.model.executionCount !== null); })()",
        timeout=180_000,
        polling=500,
    )
    return page


def test_chapter_live_explorer_and_quiz(lab):
    browser, base, token = lab
    page = open_and_run(browser, base, token, CHAPTER.name)
    try:
        errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        assert page.locator(".jp-OutputArea-output .jp-RenderedText[data-mime-type*='error']").count() == 0
        assert errors.count() == 0, errors.first.inner_text()
        explorer = page.locator(".kc-live-explorer").first
        explorer.scroll_into_view_if_needed()
        img = explorer.locator("img").first
        img.wait_for(timeout=30_000)
        before = img.get_attribute("src")
        handle = explorer.locator(".noUi-handle").first
        handle.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "([el, src]) => el.getAttribute('src') !== src", arg=[img.element_handle(), before], timeout=30_000
        )
        quiz = page.locator(".kc-live-quiz").first
        quiz.scroll_into_view_if_needed()
        quiz.locator("button").first.click()
        feedback = quiz.locator(".kc-live-feedback").first
        page.wait_for_function("el => /correct/i.test(el.textContent)", arg=feedback.element_handle(), timeout=30_000)
    finally:
        page.close()


def test_exercise_checks_give_feedback(lab):
    browser, base, token = lab
    page = open_and_run(browser, base, token, f"exercise/{EXERCISE.name}")
    try:
        checks = page.locator(".kc-check")
        checks.first.wait_for(timeout=30_000)
        texts = checks.all_inner_texts()
        assert len(texts) >= 3
        assert all("correct." in t for t in texts), texts
    finally:
        page.close()
