"""Shared fixtures: repository paths and the render mode used by tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from book_support import CHROMIUM_ARGS, HTML, build_book, chromium_path, serve

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("KETCOURSE_MODE", "static")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# --- the built book, shared by every test that reads or opens it ------------------------------------
@pytest.fixture(scope="module")
def book() -> Path:
    """The student edition's HTML folder, built once per test process (a failed build fails the test)."""
    code, log = build_book()
    assert code == 0, f"book build failed:\n{log[-4000:]}"
    return HTML


@pytest.fixture(scope="module")
def browser(book):
    """Headless Chromium (Debian's), launched once per module."""
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(book):
    """The built book served on 127.0.0.1 for the module's tests."""
    with serve(book) as url:
        yield url
