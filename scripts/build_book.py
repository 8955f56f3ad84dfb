"""Build the book into _build/html with warnings as errors.

jupyter-cache re-executes a notebook only when its code cells change; it does
not notice a change to the ketcourse library the notebooks call. So this script
keeps a hash of src/ketcourse and clears the cache when the library changed,
which is what keeps the book from ever showing stale outputs.

Usage: python scripts/build_book.py [--edition student|instructor] [extra jupyter-book args]
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# KETCOURSE_BUILD_DIR lets several builds run side by side (e.g. two editions).
BUILD = Path(os.environ.get("KETCOURSE_BUILD_DIR", ROOT / "_build")).resolve()
CACHE = BUILD / ".jupyter_cache"
STAMP = BUILD / ".ketcourse-library-hash"


def library_hash() -> str:
    h = hashlib.sha256()
    for path in sorted((ROOT / "src" / "ketcourse").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def main(argv: list[str]) -> int:
    if BUILD.name != "_build":
        print(f"KETCOURSE_BUILD_DIR must name a folder called _build, got {BUILD}", file=sys.stderr)
        return 2
    BUILD.mkdir(parents=True, exist_ok=True)
    current = library_hash()
    if CACHE.exists() and (not STAMP.exists() or STAMP.read_text() != current):
        print("ketcourse library changed since the last build: clearing the notebook cache")
        shutil.rmtree(CACHE)
    env = dict(os.environ, KETCOURSE_MODE="static", PYDEVD_DISABLE_FILE_VALIDATION="1")
    cmd = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        str(ROOT),
        "-W",
        "-n",
        "--keep-going",
        "--path-output",
        str(BUILD.parent),
        *argv,
    ]
    print("+", " ".join(cmd), flush=True)
    code = subprocess.call(cmd, cwd=ROOT, env=env)
    if code == 0:
        STAMP.write_text(current)
        print(f"Book built: open {BUILD / 'html' / 'index.html'}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
