"""The author loop of scripts/build_book.py: per-chapter cache keys, kept successes, quiet progress,
edition isolation and the student-site check (issues 9 and 11)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_build_book():
    spec = importlib.util.spec_from_file_location("build_book", ROOT / "scripts" / "build_book.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_book"] = module  # the worker processes find _execute_one by module name
    spec.loader.exec_module(module)
    return module


bb = _load_build_book()


def fake_package(tmp_path: Path) -> Path:
    """A stand-in ketcourse package: an engine, two chapters (b uses a's data), a data file each."""
    pkg = tmp_path / "pkg"
    for rel, text in {
        "__init__.py": "",
        "engine/quiz.py": "def show(name): ...\n",
        "chapters/__init__.py": "CHAPTERS = ('alpha', 'beta')\n",
        "chapters/alpha/__init__.py": "",
        "chapters/alpha/data/table.yaml": "rows: [1]\n",
        "chapters/alpha/quiz.yaml": "chapter: alpha\n",
        "chapters/beta/__init__.py": "",
        "chapters/beta/content.py": "from ketcourse.chapters.alpha import content\n",
        "chapters/beta/quiz.yaml": "chapter: beta\n",
        "chapters/gamma/__init__.py": "",
    }.items():
        path = pkg / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return pkg


def nb_json(*code: str) -> dict:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for i, src in enumerate(code):
        cell = nbformat.v4.new_code_cell(src)
        cell["id"] = f"c{i}"
        nb.cells.append(cell)
    return json.loads(nbformat.writes(nb))


ALPHA = nb_json("from ketcourse.chapters.alpha import content\nprint('alpha')")
BETA = nb_json("from ketcourse.engine import quiz\nquiz.show('beta')  # ketcourse")
GAMMA = nb_json("from ketcourse.chapters import gamma\nprint('gamma')")
PLAIN = nb_json("print('no library')")
# Runnable stand-ins (the real package has no chapters alpha and beta): the key reads the text only.
RUN_ALPHA = nb_json("print('alpha')  # from ketcourse.chapters.alpha import content")
RUN_BETA = nb_json("name = 'beta'  # quiz.show(name) from ketcourse.engine")


def test_a_data_file_or_bank_change_changes_only_the_notebooks_that_use_that_chapter(tmp_path):
    pkg = fake_package(tmp_path)
    before = {n: bb.Library(pkg).notebook_key(nb) for n, nb in [("a", ALPHA), ("b", BETA), ("g", GAMMA), ("p", PLAIN)]}
    (pkg / "chapters" / "alpha" / "data" / "table.yaml").write_text("rows: [2]\n", encoding="utf-8")
    after = {n: bb.Library(pkg).notebook_key(nb) for n, nb in [("a", ALPHA), ("b", BETA), ("g", GAMMA), ("p", PLAIN)]}
    # alpha changed; beta's package imports alpha, so it changes too; gamma and the plain notebook do not.
    assert after["a"] != before["a"] and after["b"] != before["b"]
    assert after["g"] == before["g"] and after["p"] == before["p"]
    (pkg / "chapters" / "gamma" / "quiz.yaml").write_text("chapter: gamma\n", encoding="utf-8")  # a new bank
    again = {n: bb.Library(pkg).notebook_key(nb) for n, nb in [("a", ALPHA), ("b", BETA), ("g", GAMMA)]}
    assert again["a"] == after["a"] and again["b"] == after["b"] and again["g"] != after["g"]
    (pkg / "engine" / "quiz.py").write_text("def show(name): return name\n", encoding="utf-8")
    core = {n: bb.Library(pkg).notebook_key(nb) for n, nb in [("a", ALPHA), ("g", GAMMA), ("p", PLAIN)]}
    assert core["a"] != again["a"] and core["g"] != again["g"] and core["p"] == after["p"]


def _stage(tmp_path: Path, notebooks: dict[str, dict]) -> tuple[object, list[Path]]:
    build = tmp_path / "_build"
    os.environ["KETCOURSE_BUILD_DIR"] = str(build)
    try:
        paths = bb.Paths("student")
    finally:
        del os.environ["KETCOURSE_BUILD_DIR"]
    (paths.stage / "chapters").mkdir(parents=True)
    files = []
    for name, nb in notebooks.items():
        path = paths.stage / "chapters" / name
        path.write_text(json.dumps(nb), encoding="utf-8")
        files.append(path)
    return paths, files


def _executed(out: str) -> list[str]:
    return sorted(line.split(" executed ")[1].split(" in ")[0] for line in out.splitlines() if " executed " in line)


def test_prefill_keeps_successes_of_a_failed_build_and_reruns_only_what_changed(tmp_path, capfd):
    pkg = fake_package(tmp_path)
    failing = nb_json("import ketcourse_missing_module  # ketcourse.chapters.gamma")
    paths, files = _stage(tmp_path, {"a.ipynb": RUN_ALPHA, "b.ipynb": RUN_BETA, "f.ipynb": failing})
    failed = bb.prefill_cache(paths, files, workers=2, lib=bb.Library(pkg))
    out = capfd.readouterr()
    assert failed == ["chapters/f.ipynb"]
    assert _executed(out.out) == ["chapters/a.ipynb", "chapters/b.ipynb"]
    assert "[1/3]" in out.out and "[3/3]" in out.out
    assert "without encryption" not in out.out + out.err
    # The failed build kept a and b: the next build runs only the failed notebook.
    failed = bb.prefill_cache(paths, files, workers=2, lib=bb.Library(pkg))
    out = capfd.readouterr()
    assert failed == ["chapters/f.ipynb"] and _executed(out.out) == [] and "executing 1 of 3" in out.out
    # A bank change in beta re-executes only the beta notebook.
    files[2].write_text(json.dumps(PLAIN), encoding="utf-8")
    bb.prefill_cache(paths, files, workers=2, lib=bb.Library(pkg))
    capfd.readouterr()
    (pkg / "chapters" / "beta" / "quiz.yaml").write_text("chapter: beta\ntitle: changed\n", encoding="utf-8")
    bb.prefill_cache(paths, files, workers=2, lib=bb.Library(pkg))
    assert _executed(capfd.readouterr().out) == ["chapters/b.ipynb"]
    # Nothing changed: nothing runs.
    bb.prefill_cache(paths, files, workers=2, lib=bb.Library(pkg))
    assert _executed(capfd.readouterr().out) == []


def test_an_interrupted_prefill_keeps_the_notebooks_that_finished(tmp_path):
    pkg = fake_package(tmp_path)
    slow = nb_json("import time  # ketcourse.chapters.gamma\ntime.sleep(120)")
    paths, files = _stage(tmp_path, {"a.ipynb": RUN_ALPHA, "s.ipynb": slow})
    script = (
        "import sys, importlib.util\n"
        f"spec = importlib.util.spec_from_file_location('build_book', {str(ROOT / 'scripts' / 'build_book.py')!r})\n"
        "bb = importlib.util.module_from_spec(spec); sys.modules['build_book'] = bb; spec.loader.exec_module(bb)\n"
        "import os\n"
        f"os.environ['KETCOURSE_BUILD_DIR'] = {str(paths.build)!r}\n"
        "paths = bb.Paths('student')\n"
        f"files = [bb.Path(p) for p in {[str(f) for f in files]!r}]\n"
        f"bb.prefill_cache(paths, files, workers=2, lib=bb.Library(bb.Path({str(pkg)!r})))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 120
    for line in proc.stdout:
        if "executed chapters/a.ipynb" in line or time.monotonic() > deadline:
            break
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    keys = json.loads(paths.deps.read_text(encoding="utf-8"))
    assert "chapters/a.ipynb" in keys and "chapters/s.ipynb" not in keys
    files[1].write_text(json.dumps(PLAIN), encoding="utf-8")  # make the slow one fast for the re-run
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300).stdout
    assert _executed(out) == ["chapters/s.ipynb"], out


def _site(tmp_path: Path, page_text: str) -> tuple[Path, Path]:
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    nb = nb_json(
        "x = ...\n### BEGIN SOLUTION\nx = occupancy(150, 'ng/mL')\n### END SOLUTION\ncheck.task1(x)",
    )
    (exercises / "02_demo.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    html = tmp_path / "html" / "exercise_pages"
    html.mkdir(parents=True)
    (html / "02_demo.html").write_text(page_text, encoding="utf-8")
    return tmp_path / "html", exercises


def test_student_site_check_passes_a_clean_page(tmp_path):
    html, ex = _site(tmp_path, "<pre>x = ...\n# YOUR ANSWER HERE</pre><pre>Task 1: not attempted.</pre>")
    assert bb.student_site_problems(html, ex) == []


@pytest.mark.parametrize(
    "page, message",
    [
        (
            '<pre><span class="n">x</span> = <span>occupancy</span>(150, '
            "&#39;ng/mL&#39;)</pre><pre>Task 1: not attempted.</pre>",
            "shows the solution line",
        ),
        ("<pre>x = ...</pre><pre>Task 1: correct.</pre>", "report 'correct' instead of 'not attempted'"),
        ("<pre>x = ...</pre>", "no check ran"),
    ],
)
def test_student_site_check_finds_a_leak_or_a_passing_check(tmp_path, page, message):
    html, ex = _site(tmp_path, page)
    problems = bb.student_site_problems(html, ex)
    assert len(problems) == 1 and message in problems[0] and "exercise_pages/02_demo.html" in problems[0]


def test_each_edition_stages_its_own_exercise_pages(tmp_path, monkeypatch):
    folders = {}
    for edition in bb.EDITIONS:
        monkeypatch.setenv("KETCOURSE_BUILD_DIR", str(tmp_path / edition / "_build"))
        paths = bb.Paths(edition)
        bb.stage_sources(paths)
        bb.write_exercise_pages(edition, paths.pages)
        folders[edition] = paths.pages
        assert (paths.stage / "_toc.yml").resolve() == ROOT / "_toc.yml"
        assert (paths.stage / "chapters").resolve() == ROOT / "chapters"
    assert folders["student"] != folders["instructor"]
    for name in (p.name for p in (ROOT / "exercises").glob("*.ipynb")):
        student = (folders["student"] / name).read_text(encoding="utf-8")
        instructor = (folders["instructor"] / name).read_text(encoding="utf-8")
        assert "hide-input" in instructor and "hide-input" not in student


@pytest.mark.build
def test_both_editions_built_at_once_keep_the_student_site_free_of_solutions(tmp_path):
    """Build the two editions concurrently (each seeded with the main build's notebook cache)."""
    procs = {}
    for edition in bb.EDITIONS:
        build = tmp_path / edition / "_build"
        build.mkdir(parents=True)
        for name in (".jupyter_cache", ".ketcourse-notebook-deps.json", ".ketcourse-library-hash"):
            src = ROOT / "_build" / name
            if src.is_dir():
                shutil.copytree(src, build / name)
            elif src.exists():
                shutil.copy2(src, build / name)
        env = dict(os.environ, KETCOURSE_BUILD_DIR=str(build), KETCOURSE_MODE="static")
        procs[edition] = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "build_book.py"), "--edition", edition],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    logs = {e: p.communicate(timeout=3600)[0] for e, p in procs.items()}
    for edition, proc in procs.items():
        assert proc.returncode == 0, f"{edition} build failed:\n{logs[edition][-3000:]}"
        assert "without encryption" not in logs[edition]
    student_html = tmp_path / "student" / "_build" / "html"
    assert bb.student_site_problems(student_html, ROOT / "exercises") == []
    instructor_html = tmp_path / "instructor" / "_build" / "html"
    for source in (ROOT / "exercises").glob("*.ipynb"):
        page = bb._page_text((instructor_html / "exercise_pages" / f"{source.stem}.html").read_text(encoding="utf-8"))
        assert "Task 1: correct." in page, f"{source.name}: the instructor edition's checks did not pass"


def test_setup_env_runs_pip_only_when_pyproject_or_constraints_change(tmp_path):
    """A no-op build.sh skips pip (stamp in the environment); the first install shows progress lines."""
    root = tmp_path / "repo"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup_env.sh", root / "scripts")
    for name in ("pyproject.toml", "constraints.txt"):
        shutil.copy(ROOT / name, root / name)
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "pip.log"
    # A stand-in python: records pip calls (printing pip-like output), runs everything else for real.
    shim = venv / "bin" / "python"
    shim.write_text(
        "#!/usr/bin/env bash\n"
        f'if [ "$1 $2" = "-m pip" ]; then echo "$@" >> {log}; '
        "echo 'Collecting numpy'; echo 'Requirement already satisfied: x'; "
        "echo 'Successfully installed numpy'; exit 0; fi\n"
        f'exec {sys.executable} "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(0o755)
    env = dict(os.environ, VIRTUAL_ENV=str(venv), PATH=f"{venv / 'bin'}:{os.environ['PATH']}")

    def setup() -> str:
        proc = subprocess.run(
            ["bash", "-c", f"source {root / 'scripts' / 'setup_env.sh'} book"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def pip_calls() -> int:
        return len(log.read_text().splitlines()) if log.exists() else 0

    first = setup()
    assert pip_calls() == 1 and "Collecting numpy" in first and "Requirement already satisfied" not in first
    second = setup()
    assert pip_calls() == 1 and "up to date" in second
    with (root / "constraints.txt").open("a") as fh:
        fh.write("extra-package==1.0\n")
    setup()
    assert pip_calls() == 2
    setup()
    assert pip_calls() == 2


@pytest.mark.parametrize("edition", bb.EDITIONS)
def test_the_book_build_rejects_a_near_miss_marker_before_writing_pages(tmp_path, edition):
    exercises = tmp_path / "exercises"
    exercises.mkdir()
    good = nb_json("x = ...\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    bad = nb_json("print('task')", "y = ...\n#### BEGIN SOLUTION\ny = 2\n#### END SOLUTION")
    (exercises / "01_good.ipynb").write_text(json.dumps(good), encoding="utf-8")
    (exercises / "02_bad.ipynb").write_text(json.dumps(bad), encoding="utf-8")
    pages = tmp_path / "pages"
    with pytest.raises(SystemExit) as err:
        bb.write_exercise_pages(edition, pages, exercises)
    message = str(err.value)
    assert message.startswith("build: error: solution markers are malformed")
    assert "exercises/02_bad.ipynb: cell 2, line 2" in message and "cell 2, line 4" in message
    assert not pages.exists()
