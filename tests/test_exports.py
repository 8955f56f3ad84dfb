"""Quiz exports checked with third-party parsers: GIFT through gift-pegjs (node), Moodle XML and QTI through lxml.

Every shipped bank and an adversarial bank (GIFT/HTML/Markdown specials, weights written in the text) must
keep its question count, correct answers, weights and feedback.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from ketcourse.engine import quiz
from ketcourse.engine.quiz.export import (
    export,
    general_feedback,
    gift_weight,
    parse_gift,
    to_gift,
    to_json,
)
from ketcourse.engine.quiz.export_moodle import to_moodle_xml
from ketcourse.engine.quiz.export_qti import skipped_questions, to_qti_zip
from ketcourse.engine.quiz.schema import ChoiceQuestion, NumericQuestion, OrderingQuestion, ShortQuestion

ROOT = Path(__file__).resolve().parents[1]
ADVERSARIAL = ROOT / "tests" / "data" / "adversarial_bank.yaml"


def all_banks():
    return [quiz.load_bank(n) for n in quiz.bank_names()]


def cases():
    return [pytest.param([b], id=b.chapter) for b in all_banks()] + [
        pytest.param([quiz.load_bank_file(ADVERSARIAL)], id="adversarial")
    ]


def expected_choices(q: ChoiceQuestion):
    return [(c.text, c.correct, c.feedback) for c in q.choices]


# --- GIFT through gift-pegjs -----------------------------------------------------------------------
def gift_pegjs(text: str) -> list[dict]:
    node = shutil.which("node")
    module = ROOT / "node_modules" / "gift-pegjs"
    if node is None or not module.is_dir():
        pytest.fail("gift-pegjs is needed: run 'npm ci' in the repository root (node and npm from Debian)")
    script = "const {parse}=require('gift-pegjs');let s='';process.stdin.on('data',d=>s+=d);"
    script += "process.stdin.on('end',()=>process.stdout.write(JSON.stringify(parse(s))));"
    proc = subprocess.run([node, "-e", script], input=text, capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def _t(node) -> str:
    """gift-pegjs text -> the bank's plain text (the export is HTML-escaped)."""
    return html.unescape(node["text"] if isinstance(node, dict) else node)


@pytest.mark.parametrize("banks", cases())
def test_gift_survives_gift_pegjs(banks):
    parsed = gift_pegjs(to_gift(banks))
    cats = [p["title"] for p in parsed if p["type"] == "Category"]
    assert cats == [f"$course$/ketcourse/{b.chapter}" for b in banks]
    items = [p for p in parsed if p["type"] != "Category"]
    questions = [(b, q) for b in banks for q in b.questions]
    assert len(items) == len(questions)
    for got, (bank, q) in zip(items, questions, strict=True):
        assert got["title"] == f"{bank.chapter}/{q.id}"
        assert got["stem"]["format"] == "html"
        assert _t(got["stem"]) == q.prompt
        assert _t(got["globalFeedback"]) == general_feedback(q)
        if isinstance(q, ChoiceQuestion):
            assert got["type"] == "MC"
            n = sum(c.correct for c in q.choices)
            rows = []
            for ch in got["choices"]:
                correct = ch["isCorrect"] or (ch["weight"] is not None and ch["weight"] > 0)
                rows.append((_t(ch["text"]), correct, _t(ch["feedback"])))
                if n > 1:
                    assert ch["weight"] == (float(gift_weight(n)) if correct else -100)
                else:
                    assert ch["weight"] is None
            assert rows == expected_choices(q)
        elif isinstance(q, NumericQuestion):
            assert got["type"] == "Numerical"
            first, *rest = got["choices"]
            assert first["weight"] == 100 and first["text"]["type"] == "range"
            assert first["text"]["number"] == pytest.approx(q.answer)
            assert first["text"]["range"] == pytest.approx(q.abs_tolerance)
            wrong = rest[: len(q.wrong_answers)]
            assert [(w["weight"], w["text"]["number"], w["text"]["range"], _t(w["feedback"])) for w in wrong] == [
                (0, pytest.approx(w.value), pytest.approx(w.tolerance), w.feedback) for w in q.wrong_answers
            ]
            high, low = rest[len(q.wrong_answers) :]
            assert high["weight"] == low["weight"] == 0
            assert high["text"]["numberLow"] == pytest.approx(q.answer + q.abs_tolerance)
            assert low["text"]["numberHigh"] == pytest.approx(q.answer - q.abs_tolerance)
            assert "too high" in _t(high["feedback"]) and "too low" in _t(low["feedback"])
        elif isinstance(q, ShortQuestion):
            assert got["type"] == "Short"
            accepted = [_t(c["text"]) for c in got["choices"] if c["weight"] is None]
            assert accepted == list(q.accepted)
            catch = got["choices"][-1]
            assert _t(catch["text"]) == "*" and catch["weight"] == 0
            assert _t(catch["feedback"]) == (q.feedback_wrong or "That is not one of the accepted terms.")
        else:
            assert isinstance(q, OrderingQuestion) and got["type"] == "Matching"
            # gift-pegjs 1.0.2 leaves escaped characters in matching answers as internal "&&061;" codes
            # (it does not run its own escape decoder there); decode them as it does elsewhere.
            pairs = [
                (_t(p["subquestion"]), re.sub(r"&&(\d{3});", lambda m: chr(int(m.group(1))), p["subanswer"]))
                for p in got["matchPairs"]
            ]
            assert pairs == [(f"Position {i}", item) for i, item in enumerate(q.items, 1)]


def test_gift_weights_in_text_are_escaped():
    bank = quiz.load_bank_file(ADVERSARIAL)
    text = to_gift([bank])
    assert "%100%" not in text.split("weights-in-text", 1)[1].split("}", 1)[0].replace("~%", "")
    assert "&\\#37;100&\\#37; this text" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    # our own reader agrees
    back = {p["title"]: p for p in parse_gift(text)}
    q = bank.question("weights-in-text")
    got = back["adversarial/weights-in-text"]
    assert got["prompt"] == q.prompt
    assert [(c["text"], c["correct"], c["feedback"]) for c in got["choices"]] == expected_choices(q)
    assert got["explanation"] == q.explanation


def test_gift_round_trip_every_shipped_bank_with_our_reader():
    banks = all_banks()
    parsed = parse_gift(to_gift(banks))
    expected = [(b, q) for b in banks for q in b.questions]
    assert len(parsed) == len(expected)
    for got, (bank, q) in zip(parsed, expected, strict=True):
        assert got["title"] == f"{bank.chapter}/{q.id}" and got["prompt"] == q.prompt
        if isinstance(q, ChoiceQuestion):
            assert [(c["text"], c["correct"], c["feedback"]) for c in got["choices"]] == expected_choices(q)


# --- Moodle XML through lxml -----------------------------------------------------------------------
def _xml_text(el) -> str:
    return html.unescape(el.findtext("text"))


@pytest.mark.parametrize("banks", cases())
def test_moodle_xml_matches_the_bank(banks):
    from lxml import etree

    root = etree.fromstring(to_moodle_xml(banks).encode("utf-8"))
    assert root.tag == "quiz"
    questions = root.findall("question")
    cats = [q for q in questions if q.get("type") == "category"]
    assert [c.find("category").findtext("text") for c in cats] == [f"$course$/top/ketcourse/{b.chapter}" for b in banks]
    i = 0
    for bank in banks:
        assert questions[i].get("type") == "category"
        i += 1
        for q in bank.questions:
            el = questions[i]
            i += 1
            assert el.find("name").findtext("text") == f"{bank.chapter}/{q.id}"
            assert el.find("questiontext").get("format") == "html"
            assert _xml_text(el.find("questiontext")) == q.prompt
            assert _xml_text(el.find("generalfeedback")) == general_feedback(q)
            assert f"bloom:{q.bloom}" in [t.findtext("text") for t in el.find("tags")]
            answers = el.findall("answer")
            if isinstance(q, ChoiceQuestion):
                n = sum(c.correct for c in q.choices)
                assert el.get("type") == "multichoice" and el.findtext("single") == str(n == 1).lower()
                rows = [(_xml_text(a), float(a.get("fraction")) > 0, _xml_text(a.find("feedback"))) for a in answers]
                assert rows == expected_choices(q)
                assert sum(float(a.get("fraction")) for a in answers if float(a.get("fraction")) > 0) == pytest.approx(
                    100, abs=1e-3
                )
            elif isinstance(q, NumericQuestion):
                assert el.get("type") == "numerical"
                first, *rest = answers
                assert float(first.get("fraction")) == 100
                assert float(first.findtext("text")) == pytest.approx(q.answer)
                assert float(first.findtext("tolerance")) == pytest.approx(q.abs_tolerance)
                for a, w in zip(rest, q.wrong_answers, strict=False):
                    assert float(a.get("fraction")) == 0 and float(a.findtext("text")) == pytest.approx(w.value)
                    assert _xml_text(a.find("feedback")) == w.feedback
                assert len(rest) == len(q.wrong_answers) + 2
                if q.unit:
                    assert el.find("units/unit/unit_name").text == q.unit
            elif isinstance(q, ShortQuestion):
                assert el.get("type") == "shortanswer" and el.findtext("usecase") == "0"
                assert [a.findtext("text") for a in answers[:-1]] == list(q.accepted)
                assert answers[-1].findtext("text") == "*" and answers[-1].get("fraction") == "0"
            else:
                assert el.get("type") == "matching"
                subs = [(_xml_text(s), s.find("answer").findtext("text")) for s in el.findall("subquestion")]
                assert subs == [(f"Position {k}", item) for k, item in enumerate(q.items, 1)]
    assert i == len(questions)


def test_moodle_xml_escapes_html():
    text = to_moodle_xml([quiz.load_bank_file(ADVERSARIAL)])
    assert "<script>" not in text and "&amp;lt;script&amp;gt;" in text


# --- QTI 1.2 (text2qti) through lxml ---------------------------------------------------------------
def _strip(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text)).strip()


@pytest.mark.parametrize("banks", cases())
def test_qti_zip_manifest_and_items_match_the_bank(banks):
    from lxml import etree

    data = to_qti_zip(banks)
    z = zipfile.ZipFile(io.BytesIO(data))
    names = set(z.namelist())
    parsed = {n: etree.fromstring(z.read(n)) for n in names if n.endswith(".xml")}  # every file parses
    ns = {"cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", "q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    manifest = parsed["imsmanifest.xml"]
    hrefs = [f.get("href") for f in manifest.iterfind(".//cp:resource/cp:file", ns)]
    assert hrefs and all(h in names for h in hrefs)
    assessments = [t for t in parsed.values() if t.tag == f"{{{ns['q']}}}questestinterop"]
    assert len(assessments) == 1
    items = assessments[0].findall(".//q:item", ns)
    expected = [(b, q) for b in banks for q in b.questions if not isinstance(q, OrderingQuestion)]
    assert len(items) == len(expected)
    assert skipped_questions(banks) == [
        f"{b.chapter}/{q.id}" for b in banks for q in b.questions if isinstance(q, OrderingQuestion)
    ]
    for item, (bank, q) in zip(items, expected, strict=True):
        assert item.get("title") == f"{bank.chapter}/{q.id}"
        meta = {
            f.findtext("q:fieldlabel", namespaces=ns): f.findtext("q:fieldentry", namespaces=ns)
            for f in item.iterfind(".//q:qtimetadatafield", ns)
        }
        assert _strip(item.find("q:presentation/q:material/q:mattext", ns).text) == " ".join(q.prompt.split())
        feedback = {
            fb.get("ident"): _strip(fb.find(".//q:mattext", ns).text) for fb in item.iterfind("q:itemfeedback", ns)
        }
        assert feedback["general_fb"] == " ".join(general_feedback(q).split())
        full_marks = [
            rc for rc in item.iterfind(".//q:respcondition", ns) if rc.findtext("q:setvar", namespaces=ns) == "100"
        ]
        if isinstance(q, ChoiceQuestion):
            kind = "multiple_answers_question" if q.multiple else "multiple_choice_question"
            assert meta["question_type"] == kind
            labels = item.findall(".//q:response_label", ns)
            texts = {lab.get("ident"): _strip(lab.find(".//q:mattext", ns).text) for lab in labels}
            assert list(texts.values()) == [" ".join(c.text.split()) for c in q.choices]
            assert [feedback[f"{ident}_fb"] for ident in texts] == [" ".join(c.feedback.split()) for c in q.choices]
            (cond,) = full_marks
            right = {v.text for v in cond.iterfind(".//q:varequal", ns) if v.getparent().tag != f"{{{ns['q']}}}not"}
            assert {texts[r] for r in right} == {" ".join(c.text.split()) for c in q.choices if c.correct}
        elif isinstance(q, NumericQuestion):
            assert meta["question_type"] == "numerical_question"
            (cond,) = full_marks
            assert float(cond.findtext(".//q:vargte", namespaces=ns)) == pytest.approx(
                q.answer - q.abs_tolerance, abs=1e-4
            )
            assert float(cond.findtext(".//q:varlte", namespaces=ns)) == pytest.approx(
                q.answer + q.abs_tolerance, abs=1e-4
            )
            wrong = next(v for k, v in feedback.items() if k != "general_fb" and "Worked solution" in v)
            assert all(" ".join(w.feedback.split()) in wrong for w in q.wrong_answers)
        else:
            assert isinstance(q, ShortQuestion) and meta["question_type"] == "short_answer_question"
            (cond,) = full_marks
            assert [v.text for v in cond.iterfind(".//q:varequal", ns)] == list(q.accepted)


# --- JSON ------------------------------------------------------------------------------------------
def test_json_export_has_every_field_of_every_type():
    bank = quiz.load_bank_file(ADVERSARIAL)
    items = json.loads(to_json([bank]))
    assert [i["type"] for i in items] == ["choice", "choice", "numeric", "short", "ordering"]
    num = items[2]
    assert num["answer"] == 7.04 and num["tolerance_type"] == "relative" and len(num["wrong_answers"]) == 2
    assert items[4]["items"][0] == "First -> one" and items[0]["prompt"] == bank.questions[0].prompt
    assert json.loads(export([bank], "json")) == items
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export([bank], "xml")


# --- the CLI: every format, --chapter, any bank file, list counts ----------------------------------
def run_cli(capsys, *args):
    from ketcourse import cli

    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_exports_every_format_with_chapter_and_bank_files(capsys, tmp_path):
    from lxml import etree

    code, out, err = run_cli(capsys, "quiz", "export", "--format", "moodle-xml", "--chapter", "nmda")
    assert code == 0, err
    cats = etree.fromstring(out.encode()).findall("question[@type='category']")
    assert [c.find("category").findtext("text") for c in cats] == ["$course$/top/ketcourse/nmda"]
    target = tmp_path / "canvas.zip"
    code, _, err = run_cli(
        capsys, "quiz", "export", "--format", "qti", "--out", str(target), "--bank", str(ADVERSARIAL)
    )
    assert code == 0, err
    assert "imsmanifest.xml" in zipfile.ZipFile(target).namelist()
    code, out, err = run_cli(
        capsys, "quiz", "export", "--format", "gift", "--bank", str(ADVERSARIAL), "--chapter", "nmda"
    )
    assert code == 0, err
    assert "$CATEGORY: $course$/ketcourse/adversarial" in out and "$CATEGORY: $course$/ketcourse/nmda" in out
    code, _, err = run_cli(capsys, "quiz", "export", "--format", "gift", "--bank", str(tmp_path / "none.yaml"))
    assert code == 2 and err.startswith("ketcourse: error: ") and "does not exist" in err


def test_cli_list_counts_by_type_and_bloom(capsys):
    code, out, _ = run_cli(capsys, "quiz", "list")
    assert code == 0
    counts = json.loads(out)
    assert set(counts) == set(quiz.bank_names())
    for name, c in counts.items():
        bank = quiz.load_bank(name)
        assert c["questions"] == len(bank.questions) == sum(c["types"].values()) == sum(c["bloom"].values())
        assert c["types"] == bank.count_by_type()


# --- otter-grader: real otter assign and otter run ---------------------------------------------------
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))


def test_otter_master_notebooks_have_one_question_per_task(tmp_path, capsys):
    import nbformat

    from ketcourse.engine.quiz.export_otter import OtterExportError, to_otter

    code, _, err = run_cli(
        capsys, "exercises", "export", "--format", "otter", "--source", str(ROOT / "exercises"), "--out", str(tmp_path)
    )
    assert code == 0, err
    for src in EXERCISES:
        nb = nbformat.read(tmp_path / src.stem / src.name, as_version=4)
        raw = [c.source for c in nb.cells if c.cell_type == "raw"]
        assert raw[0].startswith("# ASSIGNMENT CONFIG")
        questions = [r for r in raw if r.startswith("# BEGIN QUESTION")]
        n_tasks = sum(1 for c in nbformat.read(src, as_version=4).cells if "### BEGIN SOLUTION" in c.source)
        assert len(questions) == n_tasks, src.name
        assert raw.count("# BEGIN TESTS") == raw.count("# END TESTS") == n_tasks
        assert not any("### BEGIN SOLUTION" in c.source for c in nb.cells)
    bad = nbformat.v4.new_notebook()
    bad.cells = [
        nbformat.v4.new_markdown_cell("## Task 1"),
        nbformat.v4.new_code_cell("x = ...\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION"),
    ]
    with pytest.raises(OtterExportError, match="cell 2: task 1 needs exactly one check call"):
        to_otter(bad, "bad", "bad.ipynb")


def _otter(*args, cwd: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("otter") or str(Path(__import__("sys").executable).with_name("otter"))
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, timeout=900, check=False)


def _grade(name: str, notebook: Path, zip_path: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    proc = _otter("run", "-a", str(zip_path), "-o", str(out), str(notebook), cwd=out)
    assert proc.returncode == 0, f"{name}: otter run failed: {proc.stderr[-2000:]}"
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


def test_real_otter_assign_and_run_on_every_exercise(tmp_path):
    """otter assign on every exercise (its own check runs the tests on the solutions), then otter run on the
    instructor solutions (every test passes) and on the student copy (every test fails with the course's feedback)."""
    from concurrent.futures import ThreadPoolExecutor

    from ketcourse.engine import editions
    from ketcourse.engine.quiz.export_otter import write_otter_assignments

    masters = write_otter_assignments(ROOT / "exercises", tmp_path / "master")
    assert len(masters) == len(EXERCISES)

    def one(master: Path) -> tuple[str, str]:
        name = master.stem
        dist = tmp_path / "dist" / name
        proc = _otter("assign", "-v", str(master), str(dist), cwd=master.parent)
        assert proc.returncode == 0, f"{name}: otter assign failed: {proc.stderr[-3000:]}"
        assert "All autograder tests passed" in proc.stderr + proc.stdout, f"{name}: {proc.stderr[-2000:]}"
        (zip_path,) = (dist / "autograder").glob("*.zip")
        student_nb = dist / "student" / f"{name}.ipynb"
        import nbformat

        source_nb = nbformat.read(ROOT / "exercises" / f"{name}.ipynb", as_version=4)
        student_text = "\n".join(c.source for c in nbformat.read(student_nb, as_version=4).cells)
        leaked = [
            ln for ln in editions.solution_lines(source_nb) if len(ln.strip()) > 12 and ln.strip() in student_text
        ]
        assert not leaked, f"{name}: solution lines in the otter student notebook: {leaked[:3]}"
        solved = _grade(name, dist / "autograder" / f"{name}.ipynb", zip_path, tmp_path / "graded" / name / "solution")
        student = _grade(name, student_nb, zip_path, tmp_path / "graded" / name / "student")
        per_q = [t for t in solved["tests"] if t["name"].startswith("task_")]
        assert per_q and all(t["score"] == t["max_score"] for t in per_q), f"{name}: {per_q}"
        per_q = [t for t in student["tests"] if t["name"].startswith("task_")]
        assert per_q and all(t["score"] == 0 for t in per_q), f"{name}: {per_q}"
        assert all("not attempted" in t["output"] for t in per_q), f"{name}: {[t['output'] for t in per_q]}"
        return name, f"{len(per_q)} tasks"

    def safe(master: Path) -> tuple[str, str]:
        try:
            return one(master)
        except AssertionError as err:  # collect every exercise's problem, not only the first
            return master.stem, f"FAILED: {str(err)[:1500]}"

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = dict(pool.map(safe, masters))
    print("\n".join(f"{k}: {v[:200]}" for k, v in sorted(results.items())))
    assert set(results) == {p.stem for p in EXERCISES}
    failed = {k: v for k, v in results.items() if v.startswith("FAILED")}
    assert not failed, "\n\n".join(f"{k}: {v}" for k, v in failed.items())
