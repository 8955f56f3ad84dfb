"""Re-execute notebooks in place so their committed outputs match the library.

Run after any change to what the library prints or draws, then review the diff
and commit. Notebooks run in the static render mode (as in the book and under
nbval), in their own folder, with a fresh kernel each.

Usage: python scripts/refresh_outputs.py [NOTEBOOK ...]   (default: every chapter)
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def refresh(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    os.environ["KETCOURSE_MODE"] = "static"
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    return f"refreshed {path.relative_to(ROOT)}"


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "chapters").glob("*.ipynb")) + sorted(
        (ROOT / "exercises").glob("*.ipynb")
    )
    with ThreadPoolExecutor(max_workers=2) as pool:
        for line in pool.map(refresh, paths):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
