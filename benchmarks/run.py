"""Benchmark the course: build, notebook tests, explorer redraws, page weight and load time.

Plain Python, no assertions: it measures and reports. Builds run in a temporary copy of the
repository so the working tree and its _build/ are untouched.

Usage: python benchmarks/run.py [--json] [--skip-build] [--skip-browser]
"""

from __future__ import annotations

import argparse
import functools
import importlib
import importlib.util
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
    ("largest_page_bytes", "<=", 1_000_000),
    ("site_bytes", "<=", 20_000_000),
    ("page_load_ms_p50", "<=", 400.0),
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


def timed_output(cmd: list[str], cwd: Path, env: dict[str, str], *, check: bool = True) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{(proc.stdout + proc.stderr)[-3000:]}")
    return elapsed, proc.stdout + proc.stderr


def executed_count(log: str) -> int:
    """Notebooks a build executed (its '[n/N] executed ...' progress lines)."""
    return len(re.findall(r"^\[\d+/\d+\] executed ", log, flags=re.M))


def loop_measures(build: list[str], repo: Path, env: dict[str, str]) -> dict[str, Any]:
    """The author loop beyond prose edits (issue 9 item 4), in the benchmark's copy of the repository.

    - a quiz-bank edit in one chapter re-executes only that chapter's notebooks;
    - after a failed build (the NMDA bank changed, so the NMDA chapter and exercise are stale, and the
      chapter notebook is broken), the exercise that succeeded is kept: the next build re-executes
      only the chapter that failed.
    """
    out: dict[str, Any] = {}
    bank = repo / "src" / "ketcourse" / "chapters" / "nmda" / "quiz.yaml"
    bank.write_text(bank.read_text(encoding="utf-8") + "\n# benchmark edit\n", encoding="utf-8")
    seconds, log = timed_output(build, repo, env)
    out["bank_edit_rebuild_s"] = round(seconds, 2)
    out["bank_edit_executed"] = executed_count(log)
    bank.write_text(bank.read_text(encoding="utf-8") + "# a second benchmark edit\n", encoding="utf-8")
    chapter = repo / "chapters" / "02_nmda.ipynb"
    good = chapter.read_text(encoding="utf-8")
    nb = json.loads(good)
    failing = "raise RuntimeError('benchmark: a failing cell')"
    nb["cells"].append(
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "bench-fail",
            "metadata": {},
            "outputs": [],
            "source": failing,
        }
    )
    chapter.write_text(json.dumps(nb, indent=1, ensure_ascii=False), encoding="utf-8")
    _, log = timed_output(build, repo, env, check=False)
    out["failed_build_executed"] = executed_count(log)
    chapter.write_text(good, encoding="utf-8")
    seconds, log = timed_output(build, repo, env)
    out["after_failed_build_s"] = round(seconds, 2)
    out["after_failed_build_executed"] = executed_count(log)
    return out


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
        if importlib.util.find_spec(f"ketcourse.chapters.{chapter}.explorer") is None:
            continue  # chapters that teach with tables or cases have no explorer
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


def _book_pages(html_root: Path) -> list[Path]:
    """The book's pages (not the bare redirect at the root, not build reports)."""
    return sorted(
        p
        for p in html_root.rglob("*.html")
        if not {"_static", "_sources", "reports"} & set(p.relative_to(html_root).parts)
        and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:500]
    )


@functools.lru_cache(maxsize=4)
def page_costs(html_root: Path) -> dict[str, tuple[int, float]]:
    """Per page: (bytes of everything it loads, load-event ms), measured in headless Chromium.

    Each page opens in a fresh browser context (cold cache) from a local server; the load event is
    timed from navigation start; the page is then scrolled to its end so that lazily loaded figures
    load too, and every response body is counted (explorer frames other than the default load only
    when a reader moves a control, so they are not). Empty without Chromium.
    """
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from book_support import CHROMIUM_ARGS, serve  # type: ignore[import-not-found]
    from ketcourse.engine.browser import find_chromium

    chromium = find_chromium()
    if chromium is None:
        return {}
    costs: dict[str, tuple[int, float]] = {}
    with serve(html_root) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        for page_path in _book_pages(html_root):
            rel = page_path.relative_to(html_root).as_posix()
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            sizes: list[int] = []
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url) else r.abort())
            page.on("requestfinished", lambda req, sizes=sizes: sizes.append(req.sizes()["responseBodySize"]))
            page.goto(f"{url}/{rel}", wait_until="load")
            load_ms = page.evaluate(
                "() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventStart; }"
            )
            page.evaluate(
                "async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) {"
                " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 15)); } }"
            )
            page.wait_for_load_state("networkidle")
            costs[rel] = (sum(sizes), float(load_ms))
            context.close()
        browser.close()
    return costs


def page_weights(html_root: Path) -> tuple[int, int, str]:
    """(heaviest page's bytes incl. everything it loads, whole site bytes, name of the heaviest page)."""
    site = sum(p.stat().st_size for p in html_root.rglob("*") if p.is_file())
    costs = page_costs(html_root.resolve())
    if not costs:
        return 0, site, "(no chromium)"
    name, (largest, _) = max(costs.items(), key=lambda kv: kv[1][0])
    return largest, site, name


def page_loads(html_root: Path) -> list[float]:
    """Load-event times (ms, cold cache, local server) of every page of the book."""
    return [ms for _, ms in page_costs(html_root.resolve()).values()]


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
        # The copy's own package, so per-chapter cache keys and the kernels see the same code.
        env = dict(os.environ, KETCOURSE_MODE="static", PYTHONPATH=str(repo / "src"))
        if (ROOT / "node_modules" / "mathjax-full").is_dir():
            # node_modules is git-ignored, so the copy has none: point the build at the checkout's, or it
            # would fall back to typesetting maths in the browser and measure a heavier book than ships.
            env["KETCOURSE_NODE_MODULES"] = str(ROOT / "node_modules")
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
            res.update(loop_measures(build, repo, env))
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
