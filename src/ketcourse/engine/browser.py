"""Headless Chromium for the build's PDF step and the browser tests: where it is and how to start it.

Playwright's own browser download does not work offline, so the course drives a system Chromium
(Debian's ``chromium``) or the one ``KETCOURSE_CHROMIUM`` names. Kept in the package, not in the tests,
so that ``./scripts/build.sh --pdf`` works in an environment without the test tools.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

__all__ = ["CHROMIUM_ARGS", "CHROMIUM_CANDIDATES", "find_chromium"]

#: Where Debian and other distributions install Chromium.
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")

#: Start-up flags: no sandbox (containers), no GPU, and no background traffic to any server.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    """Path of a Chromium binary (``KETCOURSE_CHROMIUM`` first, then the usual places), or None."""
    for candidate in (os.environ.get("KETCOURSE_CHROMIUM", ""), *CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")
