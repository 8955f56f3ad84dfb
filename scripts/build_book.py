"""Build the book (one edition) with warnings as errors.

Editions never mix. Each edition is built from its own staged source tree inside its own build
folder: ``_build/source`` for the **student** edition (the default, built into ``_build/html``) and
``_instructor/_build/source`` for the **instructor** edition (``--edition instructor``, built into
``_instructor/_build/html``). The staged tree links the book's sources (``_config.yml``,
``_toc.yml``, ``references.bib``, ``chapters/``) and holds that edition's own generated
``exercise_pages/`` (student copies without solutions, or instructor copies with the solutions in
dropdowns), so two editions can build at the same time; a lock file in the build folder makes a
second build of the *same* edition wait. The student build then reads its own HTML and fails with
one line if an exercise page shows a solution line or a check that is not 'not attempted'.

jupyter-cache re-executes a notebook only when its code cells change; it does not notice a change
to the ketcourse library the notebooks call. So this script keeps, per notebook, a hash of the
library folders that notebook uses (the engine and science, plus the chapter packages it names in
its imports or quiz calls, and the chapters those import) and re-executes only the notebooks whose
hash changed: editing ``src/ketcourse/chapters/nmda/quiz.yaml`` re-runs the NMDA chapter and
exercise only. A notebook's hash is recorded as soon as it has executed, so a failed or
interrupted build keeps every notebook that did succeed.

Usage: python scripts/build_book.py [--edition student|instructor] [--verbose] [extra jupyter-book args]
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import html as html_lib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ketcourse.engine.safe_io import atomic_write_text  # noqa: E402

PKG = ROOT / "src" / "ketcourse"
CHAPTER_PKGS = PKG / "chapters"
EDITIONS = ("student", "instructor")
# Lines that say nothing to an author: ipykernel's notice for every kernel it starts.
NOISE = re.compile(r"Kernel is running over TCP without encryption|^\s*warn\(\s*$")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
TASK_LINE = re.compile(r"Task [^:<>\n]{1,40}: (correct|incorrect|not attempted)\.")


class Paths:
    """The folders of one edition's build."""

    def __init__(self, edition: str) -> None:
        default = ROOT / ("_build" if edition == "student" else "_instructor/_build")
        # KETCOURSE_BUILD_DIR lets a test build an edition somewhere else (it must end in _build).
        self.build = Path(os.environ.get("KETCOURSE_BUILD_DIR", default)).resolve()
        self.stage = self.build / "source"
        self.pages = self.stage / "exercise_pages"
        self.cache = self.build / ".jupyter_cache"
        self.deps = self.build / ".ketcourse-notebook-deps.json"
        self.legacy_stamp = self.build / ".ketcourse-library-hash"
        self.prefill_stamp = self.build / ".ketcourse-prefill-stamp"
        self.lock = self.build / ".ketcourse-build.lock"
        self.log = self.build / ".ketcourse-kernels.log"


# ---- hashes of what each notebook uses -----------------------------------------------------------


def _hash_files(files: list[Path], base: Path = PKG) -> str:
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(str(path.relative_to(base)).encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"]


def library_hash() -> str:
    """Hash of the whole library, as builds before per-notebook keys stamped it.

    Written after every successful build, so a copied cache without per-notebook keys (see
    tests/test_book.py) is trusted only when the library has not changed since.
    """
    h = hashlib.sha256()
    for path in sorted(PKG.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def chapter_names(chapters: Path = CHAPTER_PKGS) -> list[str]:
    return sorted(d.name for d in chapters.iterdir() if d.is_dir() and not d.name.startswith(("_", ".")))


def _named_chapters(text: str, known: set[str]) -> set[str]:
    """Chapter packages a piece of code names: imports, and string literals equal to a chapter name."""
    found = set(re.findall(r"ketcourse\.chapters\.(\w+)", text)) & known
    for names in re.findall(r"from[ \t]+ketcourse\.chapters[ \t]+import[ \t]*(?:\(([^)]*)\)|([\w \t,]+))", text):
        names = names[0] or names[1]
        imported = {n.split()[0] for n in names.replace("\n", ",").split(",") if n.strip()}
        found |= imported & known
        if imported - known:  # e.g. CHAPTERS: the notebook may use every chapter
            found |= known
    found |= set(re.findall(r"[\"'](\w+)[\"']", text)) & known
    return found


def _python_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(_files(folder)) if p.suffix == ".py")


class Library:
    """Hashes of the library's core (everything but the chapter packages) and of each chapter package."""

    def __init__(self, pkg: Path = PKG) -> None:
        names = chapter_names(pkg / "chapters")
        self.known = set(names)
        chapter_dirs = {n: pkg / "chapters" / n for n in names}
        in_chapter = {p for d in chapter_dirs.values() for p in _files(d)}
        self.core = _hash_files([p for p in _files(pkg) if p not in in_chapter], pkg)
        self.chapter = {n: _hash_files(_files(d), pkg) for n, d in chapter_dirs.items()}
        # Chapters a chapter package itself uses (one may load another's data).
        self.uses = {
            n: _named_chapters(
                "\n".join(p.read_text(encoding="utf-8") for p in _files(d) if p.suffix == ".py"), self.known
            )
            - {n}
            for n, d in chapter_dirs.items()
        }

    def closure(self, names: set[str]) -> set[str]:
        todo, seen = list(names), set(names)
        while todo:
            for m in self.uses.get(todo.pop(), set()) - seen:
                seen.add(m)
                todo.append(m)
        return seen

    def notebook_key(self, nb: Any) -> str:
        code = "\n".join(
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb.get("cells", [])
            if c.get("cell_type") == "code"
        )
        if "ketcourse" not in code:
            return "no-library"
        chapters = sorted(self.closure(_named_chapters(code, self.known)))
        parts = [f"core:{self.core}", *(f"{n}:{self.chapter[n]}" for n in chapters)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


# ---- the staged source tree and its exercise pages --------------------------------------------------


def _toc_dirs() -> set[str]:
    """Top-level folders the table of contents names (besides the generated exercise_pages)."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("file", "glob", "root"):
                if isinstance(node.get(key), str) and "/" in node[key]:
                    found.add(node[key].split("/", 1)[0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(toc)
    return found - {"exercise_pages"}


def _link(target: Path, link: Path) -> None:
    if link.is_symlink() and os.readlink(link) == str(target):
        return
    tmp = link.with_name(f".{link.name}.new")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    tmp.symlink_to(target)
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    os.replace(tmp, link)


def stage_sources(paths: Paths) -> None:
    """Link the book's sources into this edition's staged tree (nothing is copied)."""
    paths.stage.mkdir(parents=True, exist_ok=True)
    wanted = {p.name for p in ROOT.iterdir() if p.is_file() and p.suffix in (".yml", ".bib")} | _toc_dirs()
    for name in sorted(wanted):
        if (ROOT / name).exists():
            _link(ROOT / name, paths.stage / name)
    for stale in paths.stage.iterdir():
        if stale.is_symlink() and stale.name not in wanted:
            stale.unlink()


def write_exercise_pages(edition: str, pages: Path, exercises: Path = ROOT / "exercises") -> dict[str, Any]:
    """Regenerate one edition's exercise_pages/ from exercises/; returns the copies by file name.

    Every page is made (and every marker checked) before any is written; each write is atomic, and a
    page is rewritten only when it changed, so Sphinx's incremental build has nothing to redo.
    """
    from ketcourse.engine import editions as notebooks

    copies: dict[str, Any] = {}
    problems: list[str] = []
    for path in notebooks.exercise_notebooks(exercises):
        nb = json.loads(path.read_text(encoding="utf-8"))  # plain JSON: importing nbformat costs ~2 s
        name = f"{exercises.name}/{path.name}"
        try:
            copies[path.name] = (
                notebooks.student_copy(nb, name) if edition == "student" else notebooks.instructor_copy(nb, name)
            )
        except notebooks.MarkerError as err:
            problems += str(err).split("\n")
    if problems:
        raise SystemExit("build: error: solution markers are malformed, nothing built:\n  " + "\n  ".join(problems))
    wanted = {n: json.dumps(c, indent=1, sort_keys=True, ensure_ascii=False) + "\n" for n, c in copies.items()}
    wanted["README.md"] = f"Generated by scripts/build_book.py ({edition} edition) from exercises/: do not edit.\n"
    pages.mkdir(parents=True, exist_ok=True)
    for stale in pages.iterdir():
        if stale.name not in wanted:
            stale.unlink() if stale.is_file() or stale.is_symlink() else shutil.rmtree(stale)
    for name, text in wanted.items():
        target = pages / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            atomic_write_text(target, text)
    return copies


# ---- executing notebooks into the cache ---------------------------------------------------------------


def _worker_init(log: str) -> None:
    """Send the kernels' own log lines (ipykernel notices) to the build folder, not the terminal."""
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)


def _execute_one(path: str) -> tuple[str, Any, float, str | None]:
    """Execute one notebook in its own folder (runs in a worker process)."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    nb = nbformat.read(path, as_version=4)
    result = single_nb_execution(nb, cwd=str(Path(path).parent), allow_errors=False, timeout=300, meta_override=True)
    return path, nb, result.time, (result.exc_string if result.err is not None else None)


def _load_deps(paths: Paths) -> dict[str, str]:
    try:
        data = json.loads(paths.deps.read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _cache_record(cache: Any, nb: Any) -> Any:
    try:
        return cache.match_cache_notebook(nb)
    except KeyError:
        return None


def prefill_cache(paths: Paths, notebooks: list[Path], workers: int, lib: Library) -> list[str]:
    """Bring the jupyter-cache up to date before Sphinx runs; returns the notebooks that failed.

    A notebook is stale when its code changed (jupyter-cache's own key) or when the hash of the library
    folders it uses changed (our per-notebook key). Stale notebooks run in parallel, one kernel per
    worker; each is added to the cache and its key recorded as soon as it finishes, so an interrupted
    or failed build keeps what succeeded. myst-nb then finds every notebook cached and executes nothing.
    """
    keys: dict[str, str] = {}
    texts: dict[str, str] = {}
    for p in notebooks:
        texts[str(p)] = p.read_text(encoding="utf-8")
        keys[str(p)] = lib.notebook_key(json.loads(texts[str(p)]))
    rel = {str(p): str(p.relative_to(paths.stage)) for p in notebooks}
    fingerprint = "\n".join(f"{rel[p]}:{hashlib.sha256(texts[p].encode()).hexdigest()}:{keys[p]}" for p in keys)
    deps = _load_deps(paths)
    if paths.prefill_stamp.exists() and paths.prefill_stamp.read_text() == fingerprint and paths.cache.exists():
        return []  # nothing changed since every notebook was last found in (or added to) the cache
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    if not paths.deps.exists() and paths.cache.exists():
        # A cache from before per-notebook keys: trust it only if the whole library is unchanged.
        if paths.legacy_stamp.exists() and paths.legacy_stamp.read_text() == library_hash():
            deps = {rel[p]: keys[p] for p in keys}
        else:
            print("notebook cache predates per-chapter keys and the library changed: clearing it", flush=True)
            shutil.rmtree(paths.cache)
    cache = get_cache(str(paths.cache))
    todo = []
    for p in keys:
        nb = nbformat.reads(texts[p], as_version=4)
        record = _cache_record(cache, nb)
        if record is not None and deps.get(rel[p]) != keys[p]:
            cache.remove_cache(record.pk)  # the library it uses changed: re-execute this one only
            record = None
        if record is None:
            todo.append(p)
        elif deps.get(rel[p]) != keys[p]:
            deps[rel[p]] = keys[p]
    failed: list[str] = []
    if todo:
        print(f"executing {len(todo)} of {len(keys)} notebook(s) on {min(workers, len(todo))} worker(s)", flush=True)
        start = time.perf_counter()
        pool = ProcessPoolExecutor(
            max_workers=min(workers, len(todo)), initializer=_worker_init, initargs=(str(paths.log),)
        )
        try:
            futures = [pool.submit(_execute_one, p) for p in todo]
            for done, future in enumerate(as_completed(futures), start=1):
                path, nb, seconds, error = future.result()
                name = rel[path]
                if error is not None:
                    # Left out of the cache: the book build re-runs it and reports the failure.
                    tail = "\n".join(ANSI.sub("", error).strip().splitlines()[-12:])
                    print(f"[{done}/{len(todo)}] FAILED {name} after {seconds:.1f} s\n{tail}", flush=True)
                    failed.append(name)
                    continue
                record = cache.add_nb_to_project(path)
                cache.cache_notebook_bundle(
                    CacheBundleIn(nb, record.uri, data={"execution_seconds": seconds}),
                    check_validity=False,
                    overwrite=True,
                )
                deps[name] = keys[path]
                atomic_write_text(paths.deps, json.dumps(deps, indent=1, sort_keys=True) + "\n")
                print(f"[{done}/{len(todo)}] executed {name} in {seconds:.1f} s", flush=True)
        except BaseException:
            # Ctrl-C: what finished is already cached and recorded; stop the rest now.
            for proc in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(Exception):
                    proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        print(f"executed {len(todo) - len(failed)} notebook(s) in {time.perf_counter() - start:.1f} s", flush=True)
    atomic_write_text(paths.deps, json.dumps(deps, indent=1, sort_keys=True) + "\n")
    if not failed:
        atomic_write_text(paths.prefill_stamp, fingerprint)
    return failed


# ---- checking the student site ----------------------------------------------------------------------


def _page_text(raw: str) -> str:
    raw = re.sub(r"<script.*?</script>", " ", raw, flags=re.S)
    raw = re.sub(r"<style.*?</style>", " ", raw, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", raw))


def student_site_problems(html_dir: Path, exercises: Path) -> list[str]:
    """Problems in a built student site: a solution line shown, or a check not 'not attempted'."""
    from ketcourse.engine import editions as notebooks

    problems = []
    for source in notebooks.exercise_notebooks(exercises):
        page_path = html_dir / "exercise_pages" / f"{source.stem}.html"
        shown = f"exercise_pages/{page_path.name}"
        if not page_path.is_file():
            problems.append(f"{shown}: page missing")
            continue
        nb = json.loads(source.read_text(encoding="utf-8"))
        outside = set()
        inside: dict[int, set[int]] = {}
        for r in notebooks.find_regions(nb, source.name):
            inside.setdefault(r.cell, set()).update(range(r.begin, r.end + 1))
        for ci, cell in enumerate(nb["cells"]):
            for li, line in enumerate(notebooks._source(cell).split("\n")):
                if li not in inside.get(ci, set()):
                    outside.add(line.strip())
        squash = re.sub(r"\s+", "", _page_text(page_path.read_text(encoding="utf-8")))
        for line in notebooks.solution_lines(nb, source.name):
            key = re.sub(r"\s+", "", line)
            if len(key) >= 8 and line.strip() not in outside and key in squash:
                problems.append(f"{shown}: shows the solution line {line.strip()[:70]!r}")
                break
        statuses = TASK_LINE.findall(_page_text(page_path.read_text(encoding="utf-8")))
        if not statuses:
            problems.append(f"{shown}: no check ran (expected every task 'not attempted')")
        bad = [s for s in statuses if s != "not attempted"]
        if bad:
            problems.append(f"{shown}: {len(bad)} check(s) report {bad[0]!r} instead of 'not attempted'")
    return problems


# ---- running jupyter-book ------------------------------------------------------------------------------


def run_quietly(cmd: list[str], env: dict[str, str]) -> int:
    """Run ``cmd``, passing its output through without the kernels' notices."""
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            if not NOISE.search(line):
                sys.stdout.write(line)
                sys.stdout.flush()
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait()
        raise


@contextlib.contextmanager
def build_lock(paths: Paths) -> Iterator[None]:
    paths.build.mkdir(parents=True, exist_ok=True)
    with open(paths.lock, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build of this edition in {paths.build} ...", flush=True)
            fcntl.flock(fh, fcntl.LOCK_EX)
        yield


def main(argv: list[str]) -> int:
    edition = "student"
    if "--edition" in argv:
        i = argv.index("--edition")
        if i + 1 >= len(argv) or argv[i + 1] not in EDITIONS:
            print(f"build: error: --edition takes one of {', '.join(EDITIONS)}", file=sys.stderr)
            return 2
        edition = argv[i + 1]
        argv = argv[:i] + argv[i + 2 :]
    verbose = "--verbose" in argv
    argv = [a for a in argv if a != "--verbose"]
    paths = Paths(edition)
    if paths.build.name != "_build" or paths.build.parent == ROOT.parent or paths.build == ROOT:
        print(f"build: error: KETCOURSE_BUILD_DIR must name a folder called _build, got {paths.build}", file=sys.stderr)
        return 2
    with build_lock(paths):
        stage_sources(paths)
        write_exercise_pages(edition, paths.pages)
        os.environ.update(KETCOURSE_MODE="static", PYDEVD_DISABLE_FILE_VALIDATION="1")
        if (ROOT / "node_modules" / "mathjax-full").is_dir():  # the staged tree may sit outside the repo
            os.environ.setdefault("KETCOURSE_NODE_MODULES", str(ROOT / "node_modules"))
        notebooks = sorted((paths.stage / "chapters").glob("*.ipynb")) + sorted(paths.pages.glob("*.ipynb"))
        prefill_cache(paths, notebooks, workers=max(1, min(os.cpu_count() or 1, 4)), lib=Library())
        cmd = [
            str(Path(sys.executable).with_name("jupyter-book")),
            "build",
            str(paths.stage),
            "-W",
            "-n",
            "--keep-going",
            *([] if verbose else ["--quiet"]),
            "--path-output",
            str(paths.build.parent),
            *argv,
        ]
        if verbose:
            print("+", " ".join(cmd), flush=True)
        code = run_quietly(cmd, dict(os.environ))
        if code != 0:
            print(f"build: error: jupyter-book exited with {code} ({edition} edition)", file=sys.stderr)
            return code
        html = paths.build / "html"
        if edition == "student":
            problems = student_site_problems(html, ROOT / "exercises")
            if problems:
                print(
                    f"build: error: the student site in {html} is not safe to publish: {problems[0]}", file=sys.stderr
                )
                for p in problems[1:]:
                    print(f"  also: {p}", file=sys.stderr)
                return 1
        atomic_write_text(paths.legacy_stamp, library_hash())
        print(f"Book built ({edition} edition): open {html / 'index.html'}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        print("build: interrupted (notebooks that finished executing stay cached)", file=sys.stderr)
        sys.exit(130)
