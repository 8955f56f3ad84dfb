"""The ketcourse command line: copies, verify, quiz export/validate, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from ketcourse import cli
from ketcourse.engine import quiz
from ketcourse.engine.quiz.export import gift_escape, gift_unescape, parse_gift, to_gift

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
        (("quiz", "export", "--format", "xml"), "unknown format 'xml'; allowed: gift, json"),
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
    parsed = parse_gift(target.read_text(encoding="utf-8"))
    banks = [quiz.load_bank(n) for n in quiz.bank_names()]
    expected = [(b.chapter, q) for b in banks for q in b.questions]
    assert len(parsed) == len(expected)
    for got, (chapter, q) in zip(parsed, expected, strict=True):
        assert got["title"] == f"{chapter}/{q.id}"
        assert got["prompt"] == q.prompt
        assert got["explanation"] == q.explanation
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
    assert all(any(c["correct"] for c in i["choices"]) for i in items)


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
