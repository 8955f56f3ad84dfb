"""The capstone cases (src/ketcourse/chapters/cases/cases/*.yaml): format, graph, citations, no doses.

These checks are written against the shared case format (research formats.md) and do not depend on the
engine's renderer, so a broken case fails here even if the renderer would accept it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ketcourse.chapters.cases import checks as ex
from ketcourse.chapters.cases import content as cc
from ketcourse.engine.data import load_yaml

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), flags=re.MULTILINE)
)
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CASE_FIELDS = {"id", "title", "summary", "disclaimer", "start", "steps"}
STEP_FIELDS = {"id", "vignette", "question", "options"}
OPTION_FIELDS = {"text", "feedback", "next", "score", "teaches", "references"}
SCORES = {"best", "acceptable", "poor"}
DOSE = re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:mg|µg|μg|mcg|ug|ml)(?:\s*/\s*kg)?\b", re.IGNORECASE)
FILES = cc.case_files()


def _load(path: Path) -> dict:
    data = load_yaml(path)
    assert isinstance(data, dict), path
    return data


def graph_problems(case: dict) -> list[str]:
    """Every problem of a case's step graph (unknown next, unreachable step, step that cannot reach end)."""
    steps = {s["id"]: s for s in case["steps"]}
    problems = []
    if len(steps) != len(case["steps"]):
        problems.append("duplicate step ids")
    if case["start"] not in steps:
        problems.append(f"start {case['start']!r} is not a step")
        return problems
    edges = {sid: [o["next"] for o in s["options"]] for sid, s in steps.items()}
    for sid, targets in edges.items():
        for t in targets:
            if t != "end" and t not in steps:
                problems.append(f"step {sid!r}: next {t!r} is neither a step nor 'end'")
    seen, todo = set(), [case["start"]]
    while todo:
        sid = todo.pop()
        if sid in seen or sid not in steps:
            continue
        seen.add(sid)
        todo.extend(t for t in edges[sid] if t != "end")
    problems += [f"step {sid!r} is not reachable from start" for sid in steps if sid not in seen]
    reaches_end = {sid for sid, ts in edges.items() if "end" in ts}
    changed = True
    while changed:
        changed = False
        for sid, ts in edges.items():
            if sid not in reaches_end and any(t in reaches_end for t in ts):
                reaches_end.add(sid)
                changed = True
    problems += [f"step {sid!r} has no path to 'end'" for sid in steps if sid not in reaches_end]
    return problems


def best_path(case: dict) -> list[str]:
    """Follow the first 'best' option from start; the list of step ids visited."""
    steps = {s["id"]: s for s in case["steps"]}
    sid, path = case["start"], []
    while sid != "end":
        assert sid not in path, f"best options loop at {sid!r}"
        path.append(sid)
        sid = next(o["next"] for o in steps[sid]["options"] if o["score"] == "best")
    return path


def test_three_required_cases_exist():
    ids = {_load(p)["id"] for p in FILES}
    assert {"trd-hypertension", "telehealth-compounded", "bipolar-pregnancy"} <= ids
    assert all(p.stem == _load(p)["id"] for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_case_fields_follow_the_shared_format(path):
    case = _load(path)
    assert set(case) <= CASE_FIELDS and {"id", "title", "summary", "start", "steps"} <= set(case)
    assert ID.match(case["id"])
    for step in case["steps"]:
        assert set(step) == STEP_FIELDS, step["id"]
        assert ID.match(step["id"])
        assert 2 <= len(step["options"]) <= 6
        for opt in step["options"]:
            assert set(opt) == OPTION_FIELDS, (step["id"], opt["text"][:40])
            assert opt["score"] in SCORES
            assert opt["next"] == "end" or ID.match(opt["next"])
        assert any(o["score"] == "best" for o in step["options"]), step["id"]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_graph_is_sound(path):
    case = _load(path)
    assert graph_problems(case) == []
    # The best choices walk through every step once and finish.
    assert best_path(case) == [s["id"] for s in case["steps"]]


def test_graph_check_can_fail():
    broken = {
        "start": "a",
        "steps": [
            {"id": "a", "options": [{"next": "b"}, {"next": "a"}]},
            {"id": "b", "options": [{"next": "b"}, {"next": "a"}]},  # loops forever: never reaches end
            {"id": "c", "options": [{"next": "end"}, {"next": "zz"}]},  # unreachable, unknown target
        ],
    }
    problems = graph_problems(broken)
    assert "step 'c': next 'zz' is neither a step nor 'end'" in problems
    assert "step 'c' is not reachable from start" in problems
    assert "step 'a' has no path to 'end'" in problems and "step 'b' has no path to 'end'" in problems


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_option_cites_known_keys_and_names_a_page(path):
    case = _load(path)
    for step in case["steps"]:
        for opt in step["options"]:
            assert opt["references"], (step["id"], opt["text"][:40])
            unknown = set(opt["references"]) - BIB_KEYS
            assert not unknown, f"{path.name} step {step['id']!r}: unknown keys {sorted(unknown)}"
            page = ROOT / opt["teaches"]
            assert page.with_suffix(".ipynb").exists() or page.with_suffix(".md").exists(), opt["teaches"]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_no_step_offers_a_dose(path):
    case = _load(path)
    texts = [case["summary"]]
    for step in case["steps"]:
        texts += [step["vignette"], step["question"]]
        texts += [t for o in step["options"] for t in (o["text"], o["feedback"])]
    for text in texts:
        assert not DOSE.search(text), text


def test_dose_pattern_catches_doses():
    assert DOSE.search("give 0.5 mg/kg over 40 minutes")
    assert DOSE.search("56 mg twice weekly")
    assert not DOSE.search("152/94 mmHg")


def test_trial_numbers_and_derived_values():
    assert cc.ELEKTD_RESPONSE.difference_points == pytest.approx(14.2)
    assert cc.ABBAR_REMISSION.difference_points == pytest.approx(31.4)
    assert cc.ABBAR_REMISSION.nnt == pytest.approx(3.18, abs=0.01)
    assert cc.KETECT_REMISSION.difference_points == pytest.approx(17.0)
    assert {r.key for r in cc.RESULTS} <= BIB_KEYS


def test_exercise_checks_accept_the_key_and_explain_slips():
    assert ex.task_1(100 / 31.4).passed
    fb = ex.task_1(31.4)
    assert fb.status == "incorrect" and "percentage points" in fb.message
    assert ex.task_2("non-inferior").passed
    assert ex.task_2("not non-inferior").status == "incorrect"
    assert ex.task_3(...).status == "not attempted"
    assert 3 <= len(ex.TASK3_RUBRIC) <= 5
    fb = ex.task_3("Two sentences only.")
    assert fb.passed and ex.TASK3_RUBRIC[0] in str(fb)
