"""The ketcourse command line: copies, verify, quiz export/validate, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from ketcourse import cli
from ketcourse.engine import quiz
from ketcourse.engine.quiz.export import FORMATS, gift_escape, gift_unescape, parse_gift, to_gift

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *args):
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_student_and_instructor_copies(tmp_path, capsys):
    code, out, _ = run(capsys, "student", "--source", str(ROOT / "exercises"), "--out", str(tmp_path / "s"))
    assert code == 0 and "student notebook(s)" in out
    names = sorted(p.name for p in (tmp_path / "s").glob("*.ipynb"))
    assert names == sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb"))
    code, _, _ = run(capsys, "instructor", "--source", str(ROOT / "exercises"), "--out", str(tmp_path / "i"))
    assert code == 0
    inst = nbformat.read(next((tmp_path / "i").glob("*.ipynb")), as_version=4)
    assert any("hide-input" in c.metadata.get("tags", []) for c in inst.cells)


def test_copies_refuse_to_overwrite_sources(tmp_path, capsys):
    src = tmp_path / "ex"
    shutil.copytree(ROOT / "exercises", src)
    code, _, err = run(capsys, "student", "--source", str(src), "--out", str(src))
    assert code == 2 and "refusing to write into the source folder" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (("student", "--source", "/nonexistent/folder", "--out", "/tmp/x"), "does not exist"),
        (("quiz", "export", "--format", "xml"), f"unknown format 'xml'; allowed: {', '.join(FORMATS)}"),
        (("quiz", "export", "--format", "gift", "--bank", "nope"), "unknown quiz bank 'nope'"),
    ],
)
def test_bad_input_exits_2_with_a_clear_line(capsys, args, message):
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err.startswith("ketcourse: error: ") and message in err
    assert "Traceback" not in err


def test_unclosed_marker_is_reported(tmp_path, capsys):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("x = ...\n### BEGIN SOLUTION\nx = 1"))
    (tmp_path / "src").mkdir()
    nbformat.write(nb, tmp_path / "src" / "bad.ipynb")
    code, _, err = run(capsys, "student", "--source", str(tmp_path / "src"), "--out", str(tmp_path / "out"))
    assert code == 2 and "bad.ipynb: cell 1, line 2" in err and "never closed" in err


def test_gift_export_round_trips(capsys, tmp_path):
    target = tmp_path / "all.gift"
    code, _, _ = run(capsys, "quiz", "export", "--format", "gift", "--out", str(target))
    assert code == 0
    from ketcourse.engine.quiz.export import general_feedback

    parsed = parse_gift(target.read_text(encoding="utf-8"))
    banks = [quiz.load_bank(n) for n in quiz.bank_names()]
    expected = [(b.chapter, q) for b in banks for q in b.questions]
    assert len(parsed) == len(expected)
    for got, (chapter, q) in zip(parsed, expected, strict=True):
        assert got["title"] == f"{chapter}/{q.id}"
        assert got["prompt"] == q.prompt
        assert got["explanation"] == general_feedback(q)  # numeric: worked solution, then explanation
        if q.type == "choice":  # the other types are checked in tests/test_exports.py (gift-pegjs)
            assert [(c["text"], c["correct"], c["feedback"]) for c in got["choices"]] == [
                (c.text, c.correct, c.feedback) for c in q.choices
            ]


def test_gift_escapes_special_characters():
    tricky = quiz.validate_bank(
        {
            "chapter": "demo",
            "title": "T",
            "questions": [
                {
                    "id": "q1",
                    "bloom": "remember",
                    "prompt": "What is {x} = 1 ~ 2 # 3: ok?",
                    "explanation": "a\\b",
                    "choices": [
                        {"text": "A=B", "correct": True, "feedback": "x#y"},
                        {"text": "~C", "correct": True, "feedback": "{z}"},
                        {"text": "D:E", "feedback": "no"},
                    ],
                }
            ],
        }
    )
    text = to_gift([tricky])
    assert "\\{x\\} \\= 1 \\~ 2 \\# 3\\: ok?" in text
    back = parse_gift(text)[0]
    assert back["prompt"] == "What is {x} = 1 ~ 2 # 3: ok?"
    assert [c["text"] for c in back["choices"]] == ["A=B", "~C", "D:E"]
    assert [c["correct"] for c in back["choices"]] == [True, True, False]
    assert back["explanation"] == "a\\b"
    assert gift_unescape(gift_escape("line1\nline2")) == "line1\nline2"


def test_json_export(capsys):
    code, out, _ = run(capsys, "quiz", "export", "--format", "json", "--bank", "nmda")
    assert code == 0
    items = json.loads(out)
    bank = quiz.load_bank("nmda")
    assert [i["id"] for i in items] == [q.id for q in bank.questions]
    assert all(any(c["correct"] for c in i["choices"]) for i in items if i["type"] == "choice")


def test_validate_reports_file_question_and_field(tmp_path, capsys):
    bad = tmp_path / "mine.yaml"
    bad.write_text(
        "chapter: mine\ntitle: T\nquestions:\n  - id: q1\n    prompt: P\n    explanation: E\n"
        "    choices:\n      - text: A\n        feedback: f\n      - text: B\n        feedback: g\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "quiz", "validate", str(bad))
    assert code == 1
    assert "mine.yaml" in err and "question 'q1'" in err and "field 'choices' has no correct answer" in err
    good = ROOT / "src" / "ketcourse" / "chapters" / "nmda" / "quiz.yaml"
    code, out, _ = run(capsys, "quiz", "validate", str(good))
    assert code == 0 and "ok " in out


def test_verify_passes_on_the_course_exercises(capsys):
    code, out, err = run(capsys, "verify", "--source", str(ROOT / "exercises"))
    assert code == 0, err
    assert out.count("ok ") == len(list((ROOT / "exercises").glob("*.ipynb")))


def test_verify_catches_a_wrong_solution(tmp_path, capsys):
    src = tmp_path / "ex"
    src.mkdir()
    nb = nbformat.read(ROOT / "exercises" / "02_nmda.ipynb", as_version=4)
    for cell in nb.cells:
        cell.source = cell.source.replace('occupancy(150, "ng/mL"))', 'occupancy(15, "ng/mL"))')
    nbformat.write(nb, src / "02_nmda.ipynb")
    code, _, err = run(capsys, "verify", "--source", str(src))
    assert code == 1 and "Task 1 is incorrect with the reference solution" in err


# ---- Guarded, atomic writes (issue 11) -------------------------------------------------------------


def _exercise_copy(tmp_path: Path) -> Path:
    src = tmp_path / "ex"
    shutil.copytree(ROOT / "exercises", src, ignore=shutil.ignore_patterns(".*"))
    return src


@pytest.mark.parametrize("name", ["02_nmda.ipynb", "quiz.yaml", "bank.yml", "references.bib"])
def test_export_never_writes_onto_a_source_file(tmp_path, capsys, name):
    target = tmp_path / name
    shutil.copy(ROOT / "exercises" / "02_nmda.ipynb", target)
    before = target.read_bytes()
    code, _, err = run(capsys, "quiz", "export", "--format", "gift", "--out", str(target), "--force")
    assert code == 2 and err.startswith("ketcourse: error: ") and repr(str(target)) in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert target.read_bytes() == before


def test_export_refuses_the_course_source_folders(capsys):
    target = ROOT / "exercises" / "quizzes.gift"
    try:
        code, _, err = run(capsys, "quiz", "export", "--format", "gift", "--out", str(target))
        assert code == 2 and "course sources" in err
        assert not target.exists()
    finally:
        target.unlink(missing_ok=True)


def test_export_replaces_an_existing_file_only_with_force(tmp_path, capsys):
    target = tmp_path / "q.gift"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "quiz", "export", "--format", "gift", "--bank", "nmda", "--out", str(target))
    assert code == 2 and "already exists: pass --force" in err and target.read_text(encoding="utf-8") == "mine"
    code, _, _ = run(capsys, "quiz", "export", "--format", "gift", "--bank", "nmda", "--out", str(target), "--force")
    assert code == 0 and target.read_text(encoding="utf-8") != "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["q.gift"], "no temporary file may be left behind"


@pytest.mark.parametrize(
    "make, args, message",
    [
        (None, ("student", "--out", ""), "--out '' is empty"),
        (None, ("instructor", "--out", "  "), "--out '  ' is empty"),
        ("file", ("student", "--out", "{p}"), "is a file"),
        ("file", ("student", "--out", "{p}/sub"), "is under the file"),
        ("dir", ("quiz", "export", "--format", "gift", "--out", "{p}"), "is a folder"),
        ("file", ("quiz", "export", "--format", "json", "--out", "{p}/x.json"), "is under the file"),
        (None, ("quiz", "export", "--format", "gift", "--out", ""), "--out '' is empty"),
    ],
)
def test_bad_out_values_give_one_line_and_exit_2(tmp_path, capsys, monkeypatch, make, args, message):
    monkeypatch.chdir(tmp_path)  # so that a regression writing to '' lands in tmp_path
    p = tmp_path / "thing"
    if make == "file":
        p.write_text("keep", encoding="utf-8")
    elif make == "dir":
        p.mkdir()
    args = tuple(a.replace("{p}", str(p)) for a in args)
    if args[0] in ("student", "instructor"):
        args = (args[0], "--source", str(ROOT / "exercises"), *args[1:])
    before = sorted(str(x) for x in tmp_path.rglob("*"))
    code, out, err = run(capsys, *args)
    assert code == 2, (out, err)
    assert err.startswith("ketcourse: error: ") and message in err and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert sorted(str(x) for x in tmp_path.rglob("*")) == before
    if make == "file":
        assert p.read_text(encoding="utf-8") == "keep"


def test_copies_refuse_the_repository_root_and_source_folders(tmp_path, capsys, monkeypatch):
    # A stand-in repository, so that a regression writes into tmp_path, never into the real tree.
    repo = tmp_path / "repo"
    for d in ("chapters", "exercises", "src"):
        (repo / d).mkdir(parents=True)
    monkeypatch.setattr(cli, "_repo_root", lambda: repo)
    monkeypatch.chdir(repo)
    for out in (repo, repo / "chapters", repo / "src" / "new", ".", ""):
        code, _, err = run(capsys, "student", "--source", str(ROOT / "exercises"), "--out", str(out))
        assert code == 2 and ("repository root" in err or "course sources" in err or "empty" in err), err
    assert not list(repo.rglob("*.ipynb"))
    code, _, err = run(capsys, "quiz", "export", "--format", "gift", "--out", str(repo / "q.gift"))
    assert code == 2 and "repository root" in err and not (repo / "q.gift").exists()


def test_copies_default_under_handouts_and_replace_only_with_force(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "student", "--source", str(ROOT / "exercises"))
    assert code == 0 and (tmp_path / "_handouts" / "student" / "02_nmda.ipynb").is_file()
    code, _, err = run(capsys, "student", "--source", str(ROOT / "exercises"))
    assert code == 2 and "already exists: pass --force" in err and "nothing written" in err
    code, _, _ = run(capsys, "student", "--source", str(ROOT / "exercises"), "--force")
    assert code == 0
    leftovers = [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert not leftovers


def test_one_malformed_notebook_means_nothing_is_written(tmp_path, capsys):
    src = _exercise_copy(tmp_path)
    (src / "99_broken.ipynb").write_text("{ not json", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run(capsys, "student", "--source", str(src), "--out", str(out))
    assert code == 2 and "99_broken.ipynb" in err and "nothing written" in err
    assert not out.exists()
    # An existing output folder is left exactly as it was.
    out.mkdir()
    (out / "mine.txt").write_text("x", encoding="utf-8")
    code, _, _ = run(capsys, "student", "--source", str(src), "--out", str(out))
    assert code == 2 and [p.name for p in out.iterdir()] == ["mine.txt"]


def test_ctrl_c_during_student_leaves_the_output_unchanged_or_complete(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    src = tmp_path / "many"
    src.mkdir()
    originals = sorted((ROOT / "exercises").glob("*.ipynb"))
    for i in range(250):
        shutil.copy(originals[i % len(originals)], src / f"{i:03d}_{originals[i % len(originals)].name}")
    interrupted = 0
    for attempt, delay in enumerate((0.8, 1.2, 1.6, 2.0, 2.5, 3.0, 4.0)):
        out = tmp_path / f"out{attempt}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "ketcourse.cli", "student", "--source", str(src), "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, PYTHONUNBUFFERED="1"),
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        files = sorted(out.glob("*")) if out.exists() else []
        assert not [f for f in files if f.suffix != ".ipynb"], f"temporary files left: {files[:3]}"
        assert len(files) in (0, 250), f"a partial set of {len(files)} notebooks was written"
        for f in files:
            nbformat.read(f, as_version=4)  # every written notebook is complete and valid
        if proc.returncode == 130 or (proc.returncode == -signal.SIGINT and err.startswith("ketcourse: interrupted")):
            # (-SIGINT: the one-line message was written, then the signal landed again during exit.)
            interrupted += 1
            assert err.strip().count("\n") == 0 and err.startswith("ketcourse: interrupted"), err
            assert "Traceback" not in err
        elif proc.returncode == -signal.SIGINT and "KeyboardInterrupt" in err and "ketcourse/cli.py" not in err:
            # On a loaded machine the signal can land while the interpreter is still starting up,
            # before any ketcourse code runs: nothing may have been written then.
            assert not files, "interrupted during start-up, yet notebooks were written"
        elif proc.returncode == -signal.SIGINT and not err.strip():
            # The signal landed while the default disposition was in force: before the interpreter
            # installed its handler, or after it restored the default during shutdown. The process
            # died without running any handler, so the output is whatever the checks above accepted
            # (nothing, or the complete set).
            pass
        else:
            assert proc.returncode == 0, err
    assert interrupted, "SIGINT never arrived while the command ran: the test proved nothing"


# ---- new-chapter (issue 9 item 3), always on a temporary copy of the repository ---------------------

COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "_build",
    "_instructor",
    "_handouts",
    "node_modules",
    "exercise_pages",
    ".hypothesis",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    "__pycache__",
    "*.egg-info",
)


def _repo_copy(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=COPY_IGNORE, symlinks=True)
    return repo


def _in_copy(repo: Path, *cmd: str, timeout: int = 600):
    import os
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=str(repo / "src"), KETCOURSE_MODE="static")
    exe = [sys.executable, *cmd] if cmd[0] in ("-m", "-c") else list(cmd)
    return subprocess.run(exe, cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)


def _snapshot(repo: Path) -> dict[str, bytes]:
    return {str(p.relative_to(repo)): p.read_bytes() for p in sorted(repo.rglob("*")) if p.is_file()}


def test_new_chapter_scaffolds_a_chapter_whose_test_and_import_contract_pass(tmp_path):
    import yaml

    repo = _repo_copy(tmp_path)
    before = _snapshot(repo)
    proc = _in_copy(repo, "-m", "ketcourse.cli", "new-chapter", "demo", "--root", str(repo))
    assert proc.returncode == 0, proc.stderr
    nb = next((repo / "chapters").glob("[0-9][0-9]_demo.ipynb"))
    stem = nb.stem
    expected = [
        "src/ketcourse/chapters/demo/__init__.py",
        "src/ketcourse/chapters/demo/content.py",
        "src/ketcourse/chapters/demo/figures.py",
        "src/ketcourse/chapters/demo/explorer.py",
        "src/ketcourse/chapters/demo/checks.py",
        "src/ketcourse/chapters/demo/quiz.yaml",
        "src/ketcourse/chapters/demo/data/README.md",
        f"chapters/{stem}.ipynb",
        f"exercises/{stem}.ipynb",
        "tests/test_demo.py",
    ]
    after = _snapshot(repo)
    assert sorted(set(after) - set(before)) == sorted(expected)
    changed = sorted(k for k in before if before[k] != after[k])
    assert changed == ["_toc.yml", "src/ketcourse/chapters/__init__.py"]
    for rel in expected:
        assert f"wrote  {rel}" in proc.stdout
    # Registered: in CHAPTERS and in the table of contents.
    code = "from ketcourse.chapters import CHAPTERS; print(CHAPTERS[-1])"
    assert _in_copy(repo, "-c", code).stdout.strip() == "demo"
    assert f"chapters/{stem}" in (repo / "_toc.yml").read_text(encoding="utf-8")
    yaml.safe_load((repo / "_toc.yml").read_text(encoding="utf-8"))
    notebook = nbformat.read(repo / "chapters" / f"{stem}.ipynb", as_version=4)
    text = "\n".join(c.source for c in notebook.cells)
    assert "not medical advice" in text and "## Learning objectives" in text and 'quiz.show("demo")' in text
    assert "{bibliography}" in text
    # The scaffold's own checks pass in the copy: its test, the bank, the import contract, lint, markers.
    test = _in_copy(repo, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_demo.py")
    assert test.returncode == 0, test.stdout[-3000:] + test.stderr[-2000:]
    bank = _in_copy(repo, "-m", "ketcourse.cli", "quiz", "validate", "src/ketcourse/chapters/demo/quiz.yaml")
    assert bank.returncode == 0, bank.stderr
    tools = Path(sys_executable()).parent
    lint = _in_copy(repo, str(tools / "lint-imports"), "--no-cache")
    assert lint.returncode == 0, lint.stdout[-3000:]
    ruff = _in_copy(repo, str(tools / "ruff"), "check", "src/ketcourse/chapters/demo", "tests/test_demo.py")
    assert ruff.returncode == 0, ruff.stdout
    copies = _in_copy(repo, "-m", "ketcourse.cli", "student", "--out", str(tmp_path / "handout"))
    assert copies.returncode == 0, copies.stderr
    # Running it again refuses and changes nothing.
    snapshot = _snapshot(repo)
    again = _in_copy(repo, "-m", "ketcourse.cli", "new-chapter", "demo", "--root", str(repo))
    assert again.returncode == 2 and "already exists" in again.stderr and "nothing written" in again.stderr
    assert _snapshot(repo) == snapshot


def sys_executable() -> str:
    import sys

    return sys.executable


@pytest.mark.parametrize(
    "name, message",
    [
        ("Bad-Name", "is not allowed"),
        ("class", "is not allowed"),
        ("nmda", "already exists"),
        ("x", "is not allowed"),
    ],
)
def test_new_chapter_refuses_bad_or_taken_names_and_writes_nothing(tmp_path, capsys, name, message):
    repo = tmp_path / "repo"
    for rel in ("chapters", "exercises", "src/ketcourse/chapters/nmda"):
        (repo / rel).mkdir(parents=True)
    shutil.copy(ROOT / "_toc.yml", repo / "_toc.yml")
    shutil.copy(ROOT / "src" / "ketcourse" / "chapters" / "__init__.py", repo / "src" / "ketcourse" / "chapters")
    before = _snapshot(repo)
    code, _, err = run(capsys, "new-chapter", name, "--root", str(repo))
    assert code == 2 and err.startswith("ketcourse: error: ") and message in err, err
    assert _snapshot(repo) == before
