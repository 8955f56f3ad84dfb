"""Helpers for the book tests: build once per session, serve it, find Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ketcourse.engine.browser import CHROMIUM_ARGS, find_chromium

__all__ = ["BUILD", "CHROMIUM_ARGS", "HTML", "ROOT", "book_pages", "build_book", "chromium_path", "serve", "toc_files"]

ROOT = Path(__file__).resolve().parents[1]
BUILD = Path(os.environ.get("KETCOURSE_BUILD_DIR", ROOT / "_build")).resolve()
HTML = BUILD / "html"


#: Pages the theme adds beside the table of contents.
THEME_PAGES = ("genindex.html", "search.html")


def toc_files() -> list[str]:
    """Every page of the table of contents (globs expanded against the exercises they come from)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for entry in part["chapters"]:
            if "file" in entry:
                files.append(entry["file"])
            else:
                assert entry["glob"] == "exercise_pages/*", entry
                files += [f"exercise_pages/{p.stem}" for p in sorted((ROOT / "exercises").glob("*.ipynb"))]
    return files


def book_pages() -> list[str]:
    """Every page a reader can open, from the sources (so tests collect the same list before a build)."""
    return [*(f"{f}.html" for f in toc_files()), *THEME_PAGES]


@functools.lru_cache(maxsize=1)
def build_book() -> tuple[int, str]:
    """Build the book (student edition) once per test session; return (exit code, log)."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_book.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, KETCOURSE_MODE="static"),
    )
    return proc.returncode, proc.stdout + proc.stderr


def chromium_path() -> str:
    """Path of a Chromium binary, or skip (locally) / fail (with CI=true) when there is none."""
    found = find_chromium()
    if found:
        return found
    message = (
        "Chromium not found: install Debian's package with 'apt-get install -y chromium' "
        "(or set KETCOURSE_CHROMIUM) to run the browser tests"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + "; they are required when CI=true")
    pytest.skip(message)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) for the duration of the block."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
