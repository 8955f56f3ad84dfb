"""Benchmark the course: build, notebook tests, explorer redraws, page weight and load time.

Plain Python, no assertions: it measures and reports. Builds run in a temporary copy of the
repository so the working tree and its _build/ are untouched.

Usage: python benchmarks/run.py [--json] [--skip-build] [--skip-browser]
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: Targets from the performance issue: (key, comparison, target).
TARGETS = (
    ("cold_build_ratio", "<=", 1.6),
    ("nbval_ratio", "<=", 1.3),
    ("rebuild_s", "<=", 3.0),
    ("prose_edit_rebuild_s", "<=", 5.0),
    ("explorer_redraw_ms_p50", "<=", 50.0),
    ("explorer_redraw_ms_p95", "<=", 120.0),
    ("largest_page_bytes", "<=", 2_500_000),
    ("site_bytes", "<=", 40_000_000),
    ("page_load_ms_p50", "<=", 800.0),
)
MINIMAL_CELLS = [
    "import numpy as np\nimport matplotlib.pyplot as plt",
    "fig, ax = plt.subplots()\nax.plot(np.arange(10))\nplt.show()",
]


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr)[-3000:]
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{tail}")
    return elapsed


def copy_repo(dest: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for f in files:
        src = ROOT / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)
    return dest


def book_notebooks(repo: Path) -> int:
    return len(list((repo / "chapters").glob("*.ipynb"))) + len(list((repo / "exercises").glob("*.ipynb")))


def floor_seconds(n: int) -> float:
    """Execute n minimal plotting notebooks one after another, a fresh kernel each."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in MINIMAL_CELLS]
    start = time.perf_counter()
    for _ in range(n):
        NotebookClient(nbformat.from_dict(json.loads(json.dumps(nb))), kernel_name="python3").execute()
    return time.perf_counter() - start


def _explorers() -> list[Any]:
    """Every chapter explorer that its factory builds with default arguments."""
    from ketcourse.chapters import CHAPTERS
    from ketcourse.engine.explorers.spec import Explorer

    found = []
    for chapter in CHAPTERS:
        module = importlib.import_module(f"ketcourse.chapters.{chapter}.explorer")
        for name in dir(module):
            fn = getattr(module, name)
            if not (inspect.isfunction(fn) and name.endswith("_explorer") and fn.__module__ == module.__name__):
                continue
            if any(p.default is p.empty for p in inspect.signature(fn).parameters.values()):
                continue
            explorer = fn()
            if isinstance(explorer, Explorer):
                found.append(explorer)
    return found


def explorer_redraws(changes: int = 24, *, prefetched: bool = True) -> tuple[list[float], float]:
    """Live-kernel callback time of every explorer over `changes` control moves each.

    With ``prefetched`` the background thread has drawn every frame first (a reader who moves a
    control after the explorer has been on screen for a few seconds); without it only moves to a
    frame not drawn before are counted (cold: model, drawing and encoding). Returns the samples
    and the longest time to prefetch all frames.
    """
    from ketcourse.engine.explorers.live import LiveExplorer

    samples: list[float] = []
    longest_prefetch = 0.0
    for explorer in _explorers():
        start = time.perf_counter()
        live = LiveExplorer(explorer, prefetch=prefetched)
        if prefetched:
            live.wait_prefetch()
            longest_prefetch = max(longest_prefetch, time.perf_counter() - start)
        for i in range(changes):
            control = explorer.controls[i % len(explorer.controls)]
            widget = live.controls[control.name]
            options = list(control.options)
            current = options.index(widget.value)
            widget.value = options[(current + 1) % len(options)]
            if prefetched or not live.last_was_cached:
                samples.append(live.last_redraw_ms)
    return samples, longest_prefetch


def page_weights(html_root: Path) -> tuple[int, int, str]:
    """(largest page bytes incl. local assets it loads, whole site bytes, name of the largest page)."""
    site = sum(p.stat().st_size for p in html_root.rglob("*") if p.is_file())
    largest, name = 0, ""
    for page in (html_root / "chapters").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        total = page.stat().st_size
        for ref in set(re.findall(r'(?:src|href)="([^"#?]+)[^"]*"', text)):
            if ref.startswith(("http:", "https:", "data:", "mailto:")) or not ref.endswith(
                (".js", ".css", ".png", ".svg", ".woff", ".woff2", ".json")
            ):
                continue
            target = (page.parent / ref).resolve()
            if target.is_file():
                total += target.stat().st_size
        if total > largest:
            largest, name = total, page.name
    return largest, site, name


def page_loads(html_root: Path) -> list[float]:
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from book_support import CHROMIUM_ARGS, serve  # type: ignore[import-not-found]

    chromium = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None)
    if chromium is None:
        return []
    times = []
    with serve(html_root) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        for page_path in sorted((html_root / "chapters").glob("[0-9][0-9]_*.html")):
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort())
            start = time.perf_counter()
            page.goto(f"{url}/chapters/{page_path.name}", wait_until="commit")
            page.wait_for_selector("html[data-kc-ready='true'] .kc-choice", state="visible", timeout=30_000)
            times.append((time.perf_counter() - start) * 1000)
            page.close()
        browser.close()
    return times


def markdown_table(res: dict[str, Any]) -> str:
    """The README's performance table: every measurement, with its target where it has one."""
    targets = {k: (op, v) for k, op, v in TARGETS}
    m = res.get("machine", {})
    lines = [
        f"Measured {m.get('date', '?')} on {m.get('cores', '?')} cores, Python {m.get('python', '?')} "
        f"({m.get('platform', '?')}) with `python benchmarks/run.py`.",
        "",
        "| measure | value | target | met |",
        "|---|---|---|---|",
    ]
    for key, value in res.items():
        if key == "machine":
            continue
        op, target = targets.get(key, ("", None))
        met = "" if target is None or not isinstance(value, (int, float)) else ("yes" if value <= target else "no")
        shown_target = "" if target is None else f"{op} {target:,}"
        shown = f"{value:,}" if isinstance(value, (int, float)) else str(value)
        lines.append(f"| `{key}` | {shown} | {shown_target} | {met} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--markdown", metavar="JSON", help="print the README table for a saved --json result and exit")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    if args.markdown:
        print(markdown_table(json.loads(Path(args.markdown).read_text())))
        return 0
    res: dict[str, Any] = {
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "date": time.strftime("%Y-%m-%d"),
        },
    }
    with tempfile.TemporaryDirectory(prefix="ketcourse-bench-") as tmp:
        repo = copy_repo(Path(tmp) / "repo")
        n = book_notebooks(repo)
        res["notebooks"] = n
        res["floor_s"] = round(floor_seconds(n), 2)
        env = dict(os.environ, KETCOURSE_MODE="static")
        if not args.skip_build:
            build = [sys.executable, str(repo / "scripts" / "build_book.py")]
            res["cold_build_s"] = round(timed(build, repo, env), 2)
            res["rebuild_s"] = round(timed(build, repo, env), 2)
            chapter = repo / "chapters" / "02_nmda.ipynb"
            nb = json.loads(chapter.read_text(encoding="utf-8"))
            md = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
            md["source"] = ["".join(md["source"]) + "\n\nAn edited sentence for the benchmark.\n"]
            chapter.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
            res["prose_edit_rebuild_s"] = round(timed(build, repo, env), 2)
            html_root = repo / "_build" / "html"
            largest, site, name = page_weights(html_root)
            res["largest_page_bytes"], res["largest_page"], res["site_bytes"] = largest, name, site
            if not args.skip_browser:
                loads = page_loads(html_root)
                if loads:
                    res["page_load_ms_p50"] = round(statistics.median(loads), 1)
                    res["page_load_ms_max"] = round(max(loads), 1)
        nbval = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",
            "2",
            "--dist",
            "loadfile",
            "--nbval",
            "--nbval-sanitize-with",
            "tests/nbval_sanitize.cfg",
            "chapters",
            "exercises",
        ]
        res["nbval_s"] = round(timed(nbval, repo, env), 2)
    res["cold_build_ratio"] = round(res["cold_build_s"] / res["floor_s"], 2) if "cold_build_s" in res else None
    res["nbval_ratio"] = round(res["nbval_s"] / res["floor_s"], 2)
    redraws, prefetch_s = explorer_redraws()
    res["explorer_redraw_ms_p50"] = round(statistics.median(redraws), 1)
    res["explorer_redraw_ms_p95"] = round(statistics.quantiles(redraws, n=20)[18], 1)
    res["explorer_redraw_samples"] = len(redraws)
    res["explorer_prefetch_all_frames_s_max"] = round(prefetch_s, 2)
    cold, _ = explorer_redraws(prefetched=False)
    res["explorer_cold_redraw_ms_p50"] = round(statistics.median(cold), 1)
    res["explorer_cold_redraw_ms_p95"] = round(statistics.quantiles(cold, n=20)[18], 1)
    if args.json:
        print(json.dumps(res))
    else:
        width = max(len(k) for k in res)
        for key, value in res.items():
            print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
