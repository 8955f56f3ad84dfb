import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from ketcourse.engine import quiz
from ketcourse.engine.quiz.render_html import bank_to_html
from ketcourse.engine.quiz.render_text import bank_to_text
from ketcourse.engine.quiz.schema import BLOOM_LEVELS, QuizBankError, validate_bank

ROOT = Path(__file__).resolve().parents[1]
BIB_KEYS = set(
    re.findall(r"^@\w+\{([^,\s]+),", (ROOT / "references.bib").read_text(encoding="utf-8"), flags=re.MULTILINE)
)


def minimal(**overrides):
    q = {
        "id": "q1",
        "prompt": "Pick one",
        "bloom": "understand",
        "explanation": "Because.",
        "choices": [{"text": "A", "correct": True, "feedback": "Yes"}, {"text": "B", "feedback": "No"}],
    }
    q.update(overrides)
    return {"chapter": "demo", "title": "Demo quiz", "questions": [q]}


# --- every packaged bank ---------------------------------------------------
@pytest.mark.parametrize("name", quiz.bank_names())
def test_packaged_bank_integrity(name):
    bank = quiz.load_bank(name)
    assert bank.chapter == name
    assert len(bank.questions) >= 8, f"{name}: a chapter bank needs at least 8 questions"
    ids = [q.id for q in bank.questions]
    assert len(ids) == len(set(ids))
    for q in bank.questions:
        if q.type == "choice":
            assert any(c.correct for c in q.choices), q.id
            assert all(c.feedback for c in q.choices), q.id
        assert q.bloom in BLOOM_LEVELS, f"{name}/{q.id}: every chapter question carries a Bloom level"
        unknown = set(q.references) - BIB_KEYS
        assert not unknown, f"{name}/{q.id}: references {unknown} are not in references.bib"


def test_at_least_one_bank_is_packaged():
    assert "nmda" in quiz.bank_names()


# --- validation errors name the file, the question and the field ------------
@pytest.mark.parametrize(
    "data, message",
    [
        ({"chapter": "demo", "title": "T", "questions": []}, "the bank is empty"),
        (minimal(choices=[{"text": "A", "feedback": "x"}, {"text": "B", "feedback": "y"}]), "no correct answer"),
        (minimal(bloom="memorise"), "field 'bloom' must be one of"),
        (minimal(prompt=""), "question 'q1': field 'prompt'"),
        (minimal(choices=[{"text": "A", "correct": True}]), "at least 2 choices"),
        (minimal(id="Bad Id"), "field 'id' must match"),
        (minimal(colour="red"), "unknown field"),
        (minimal(references="roth2013"), "list of citation keys"),
        (
            minimal(choices=[{"text": "A", "correct": "yes", "feedback": "f"}, {"text": "B", "feedback": "g"}]),
            "field 'correct' must be true or false",
        ),
        (["not", "a", "mapping"], "must be a mapping"),
    ],
)
def test_bad_banks_raise_named_errors(data, message):
    with pytest.raises(QuizBankError, match=message) as err:
        validate_bank(data, "banks/demo.yaml")
    assert "banks/demo.yaml" in str(err.value)


def test_duplicate_ids_reported_with_both_positions():
    data = minimal()
    data["questions"].append(dict(data["questions"][0]))
    with pytest.raises(QuizBankError, match=r"question 'q1': duplicate id \(also question #1\)"):
        validate_bank(data, "x.yaml")


def test_all_problems_collected_at_once():
    data = minimal(prompt="", bloom="nope")
    with pytest.raises(QuizBankError) as err:
        validate_bank(data, "x.yaml")
    assert len(err.value.problems) == 2


def test_load_bank_file_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        quiz.load_bank_file(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("questions: [unclosed", encoding="utf-8")
    with pytest.raises(QuizBankError, match="not valid YAML"):
        quiz.load_bank_file(bad)
    with pytest.raises(ValueError, match="unknown quiz bank 'nope'; available: "):
        quiz.load_bank("nope")


# --- renderers --------------------------------------------------------------
class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])


def test_html_escapes_bank_text():
    data = minimal(prompt="<script>alert(1)</script> & more")
    data["questions"][0]["choices"][1]["text"] = "<img src=x onerror=alert(2)>"
    html_out = bank_to_html(validate_bank(data))
    assert "<script>alert(1)</script>" not in html_out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html_out
    assert "<img src=x" not in html_out
    parsed = Collector()
    parsed.feed(html_out)
    assert not [t for t, _ in parsed.tags if t in ("script", "img")]


@pytest.mark.parametrize("name", quiz.bank_names())
def test_html_ids_deterministic_unique_and_one_feedback_per_choice(name):
    bank = quiz.load_bank(name)
    first, second = bank_to_html(bank), bank_to_html(quiz.load_bank(name))
    assert first == second
    parsed = Collector()
    parsed.feed(first)
    assert len(parsed.ids) == len(set(parsed.ids))
    for q in bank.questions:
        if q.type != "choice":
            continue
        qid = f"kc-quiz-{bank.chapter}-{q.id}"
        choices = [i for i in parsed.ids if re.fullmatch(rf"{qid}-[a-z]", i)]
        feedbacks = [i for i in parsed.ids if re.fullmatch(rf"{qid}-[a-z]-fb", i)]
        assert len(choices) == len(q.choices)
        assert sorted(feedbacks) == sorted(f"{c}-fb" for c in choices)


def test_single_answer_uses_buttons_and_multi_uses_checkboxes():
    bank = quiz.load_bank("nmda")
    parsed = Collector()
    parsed.feed(bank_to_html(bank))
    buttons = [a for t, a in parsed.tags if t == "button" and "kc-choice" in a.get("class", "")]
    boxes = [a for t, a in parsed.tags if t == "input" and a.get("type") == "checkbox"]
    choice_qs = [q for q in bank.questions if q.type == "choice"]
    n_single = sum(len(q.choices) for q in choice_qs if not q.multiple)
    n_multi = sum(len(q.choices) for q in choice_qs if q.multiple)
    assert len(buttons) == n_single and len(boxes) == n_multi
    assert all(b.get("type") == "button" for b in buttons)  # keyboard-focusable native buttons


def test_display_order_is_stable_and_a_permutation():
    q = next(q for q in quiz.load_bank("nmda").questions if q.type == "choice")
    assert sorted(q.display_order()) == list(range(len(q.choices)))
    assert q.display_order() == q.display_order()


def test_text_fallback_lists_every_choice_and_answers_on_request():
    bank = quiz.load_bank("nmda")
    text = bank_to_text(bank)
    assert "Answer:" not in text
    for q in bank.questions:
        for c in getattr(q, "choices", ()):
            assert c.text.split()[0] in text
    with_answers = bank_to_text(bank, answers=True)
    assert with_answers.count("Answer:") == len(bank.questions)


def test_show_static_bundle_and_bad_arguments():
    bundle = quiz.show("nmda", mode="static")._repr_mimebundle_()
    assert bundle["text/html"].startswith('<section class="kc-quiz" id="kc-quiz-nmda"')
    assert bundle["text/plain"].startswith("Check your understanding")
    with pytest.raises(ValueError, match="unknown mode 'web'"):
        quiz.show("nmda", mode="web")
    with pytest.raises(TypeError, match="bank name or a Bank"):
        quiz.show(42)  # type: ignore[arg-type]


def test_live_quiz_gives_feedback_for_clicked_choice():
    live = quiz.show("nmda", mode="live")
    k, q = next((k, q) for k, q in enumerate(live.bank.questions) if q.type == "choice")
    right = q.correct_indices[0]
    html_right = live.feedback_html(q, [right])
    assert "Correct." in html_right and q.explanation[:20] in html_right
    wrong = next(i for i in range(len(q.choices)) if i not in q.correct_indices)
    assert "Not correct." in live.feedback_html(q, [wrong])
    # Simulate a click on the widget itself.
    box = live.widget.children[k + 1]
    buttons = [c for c in box.children if c.__class__.__name__ == "Button"]
    buttons[wrong].click()
    assert "Not correct." in live.feedback[q.id].value


def test_yaml_banks_are_plain_yaml():
    for name in quiz.bank_names():
        path = ROOT / "src" / "ketcourse" / "chapters" / name / "quiz.yaml"
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict)


# --- question types, limits and strict loading (issue 11/12) ----------------
def numeric(**overrides):
    q = {
        "id": "nnt",
        "type": "numeric",
        "bloom": "apply",
        "prompt": "Response 55.4% vs 41.2%: NNT?",
        "answer": 7.04,
        "unit": "patients",
        "tolerance": 0.5,
        "wrong_answers": [{"value": 0.142, "tolerance": 0.005, "feedback": "That is the risk difference."}],
        "solution": "NNT = 1 / 0.142 = 7.0",
        "explanation": "Reciprocal of the risk difference.",
    }
    q.update(overrides)
    return q


def ordering(**overrides):
    q = {
        "id": "steps",
        "type": "ordering",
        "bloom": "understand",
        "prompt": "Order these.",
        "items": ["first", "second", "third", "fourth"],
        "explanation": "That order.",
    }
    q.update(overrides)
    return q


def short(**overrides):
    q = {
        "id": "cyp",
        "type": "short",
        "bloom": "remember",
        "prompt": "Which enzyme?",
        "accepted": ["CYP2B6", "cytochrome P450 2B6"],
        "explanation": "CYP2B6.",
    }
    q.update(overrides)
    return q


def bank_of(*questions):
    return {"chapter": "demo", "title": "Demo", "questions": list(questions)}


def test_new_types_validate_and_grade():
    bank = validate_bank(bank_of(minimal()["questions"][0], numeric(), ordering(), short()))
    assert bank.count_by_type() == {"choice": 1, "numeric": 1, "ordering": 1, "short": 1}
    num = bank.question("nnt")
    assert num.grade(7.3) == ("correct", "Correct.")
    assert num.grade(0.14) == ("incorrect", "That is the risk difference.")
    assert num.grade(20) == ("incorrect", "Too high.")
    assert num.grade(2) == ("incorrect", "Too low.")
    rel = validate_bank(bank_of(numeric(tolerance=0.1, tolerance_type="relative", wrong_answers=[]))).questions[0]
    assert rel.accepts(7.7) and not rel.accepts(7.8)
    sq = bank.question("cyp")
    assert sq.accepts("  cyp2b6 ") and sq.accepts("Cytochrome  P450   2B6") and sq.accepts("cyp-2b6")
    assert not sq.accepts("CYP 2D6") and not sq.accepts("")
    order = bank.question("steps").display_order()
    assert sorted(order) == [0, 1, 2, 3] and order != (0, 1, 2, 3)


@pytest.mark.parametrize(
    "question, message",
    [
        (numeric(answer="seven"), "question 'nnt': field 'answer' must be a number"),
        (numeric(tolerance=-1), "question 'nnt': field 'tolerance'"),
        (numeric(tolerance_type="percent"), "field 'tolerance_type'"),
        (numeric(solution=None), "field 'solution'"),
        (numeric(wrong_answers=[{"value": 7.0, "feedback": "x"}]), "within the tolerance of the correct answer"),
        (numeric(wrong_answers=[{"value": 1, "feedback": True}]), "wrong answer 1: field 'feedback' must be text"),
        (ordering(items=["a", "b"]), "question 'steps': field 'items' must list at least 3 items, got 2"),
        (ordering(items=[str(i) for i in range(9)]), "lists 9 items; the limit is 8"),
        (ordering(items=["a", "a", "b"]), "repeats an item"),
        (short(accepted=[]), "question 'cyp': field 'accepted'"),
        (short(choices=[]), "unknown field 'choices' for a short question"),
        ({**short(), "type": "essay"}, "field 'type' must be one of choice, numeric, ordering, short"),
        (numeric(bloom=None), "field 'bloom'"),
        ({k: v for k, v in short().items() if k != "bloom"}, "question 'cyp': field 'bloom' is missing"),
        (minimal(prompt=False)["questions"][0], "quote it"),
    ],
)
def test_new_type_errors_name_question_and_field(question, message):
    with pytest.raises(QuizBankError, match=re.escape(message)):
        validate_bank(bank_of(question), "x.yaml")


def test_choice_and_bank_limits_are_part_of_the_schema():
    many = [{"text": f"c{i}", "feedback": "f", "correct": i == 0} for i in range(27)]
    with pytest.raises(QuizBankError, match="field 'choices' lists 27 choices; the limit is 8"):
        validate_bank(minimal(choices=many))
    questions = [dict(minimal()["questions"][0], id=f"q{i}") for i in range(61)]
    with pytest.raises(QuizBankError, match="lists 61 questions; the limit is 60"):
        validate_bank(bank_of(*questions))
    eight = [{"text": f"c{i}", "feedback": "f", "correct": i == 0} for i in range(8)]
    bank = validate_bank(minimal(choices=eight))
    assert len(bank_to_html(bank)) > 0 and "h)" in bank_to_text(bank)


GOOD_YAML = """chapter: demo
title: T
questions:
  - id: q1
    bloom: remember
    prompt: P
    explanation: E
    choices:
      - text: A
        correct: true
        feedback: f
      - text: B
        feedback: g
"""


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD_YAML + "questions: []\n", "duplicate key 'questions'"),
        (GOOD_YAML.replace("    prompt: P\n", "    prompt: P\n    prompt: Q\n"), "duplicate key 'prompt'"),
        (GOOD_YAML.replace("feedback: g", "feedback: See item #3"), "' #' ends the text"),
        (GOOD_YAML.replace("feedback: g", "feedback: No"), None),
        (GOOD_YAML.replace("feedback: g", "feedback: false"), "quote it"),
    ],
)
def test_bank_files_load_strictly(tmp_path, text, message):
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    if message is None:
        assert quiz.load_bank_file(path).questions[0].choices[1].feedback == "No"
        return
    with pytest.raises(QuizBankError, match=re.escape(message)) as err:
        quiz.load_bank_file(path)
    assert str(path) in str(err.value)


def test_bank_file_encoding_and_folder_errors(tmp_path):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(GOOD_YAML.replace("P\n", "Caf\xe9\n").encode("latin-1"))
    with pytest.raises(QuizBankError, match=r"is not UTF-8 text \(byte \d+"):
        quiz.load_bank_file(latin)
    (tmp_path / "dir.yaml").mkdir()
    with pytest.raises(QuizBankError, match="is a folder, not a file"):
        quiz.load_bank_file(tmp_path / "dir.yaml")


def test_load_bank_file_runs_the_course_checks(tmp_path, monkeypatch):
    from ketcourse.engine import registry

    (tmp_path / "references.bib").write_text("@article{known2020,\n  title={T}\n}\n", encoding="utf-8")
    chapters = tmp_path / "chapters"
    (chapters / "demo").mkdir(parents=True)
    bank = chapters / "demo" / "quiz.yaml"
    bank.write_text(GOOD_YAML.replace("explanation: E", "explanation: E\n    references: [known2020, nokey]"), "utf-8")
    with pytest.raises(QuizBankError, match=r"question 'q1': field 'references': \['nokey'\] not in"):
        quiz.load_bank_file(bank)
    bank.write_text(GOOD_YAML.replace("chapter: demo", "chapter: other"), encoding="utf-8")
    with pytest.raises(QuizBankError, match="chapter folder 'demo'"):
        quiz.load_bank_file(bank)
    bank.write_text(GOOD_YAML, encoding="utf-8")
    assert quiz.load_bank_file(bank).chapter == "demo"  # not a registered chapter: size not checked
    monkeypatch.setattr(registry, "_ROOTS", [chapters.resolve()])
    with pytest.raises(QuizBankError, match="a chapter bank needs at least 8 questions, got 1"):
        quiz.load_bank_file(bank)
    loose = tmp_path / "elsewhere" / "mine.yaml"
    loose.parent.mkdir()
    loose.write_text(GOOD_YAML.replace("explanation: E", "explanation: E\n    references: [nokey]"), "utf-8")
    with pytest.raises(QuizBankError, match="nokey"):
        quiz.load_bank_file(loose)  # finds ../references.bib
    other_bib = tmp_path / "other.bib"
    other_bib.write_text("@book{nokey,\n}\n", encoding="utf-8")
    assert quiz.load_bank_file(loose, bib=other_bib).questions[0].references == ("nokey",)


# --- renderers of the new types ------------------------------------------------
def mixed_bank():
    adversarial = numeric(prompt="<b>x</b> & y", unit="<i>mg</i>", solution="<script>s()</script>")
    return validate_bank(bank_of(minimal()["questions"][0], adversarial, ordering(), short(feedback_wrong="<u>no</u>")))


def test_new_types_html_is_escaped_deterministic_and_accessible():
    bank = mixed_bank()
    out = bank_to_html(bank)
    assert out == bank_to_html(mixed_bank())
    assert "<b>x</b>" not in out and "&lt;b&gt;x&lt;/b&gt; &amp; y" in out
    assert "<script>" not in out and "<u>no</u>" not in out and "<i>mg</i>" not in out
    parsed = Collector()
    parsed.feed(out)
    assert len(parsed.ids) == len(set(parsed.ids))
    areas = [a for t, a in parsed.tags if "kc-feedback-area" in a.get("class", "")]
    assert len(areas) == 4 and all(a.get("aria-live") == "polite" for a in areas)
    labels = [a["for"] for t, a in parsed.tags if t == "label" and "for" in a]
    inputs = [a["id"] for t, a in parsed.tags if t == "input" and a.get("type") == "text"]
    assert sorted(inputs) == sorted(labels) == ["kc-quiz-demo-cyp-input", "kc-quiz-demo-nnt-input"]
    # every wrong answer has its own feedback element carrying the value it matches
    wrong = [a for t, a in parsed.tags if a.get("id", "").startswith("kc-quiz-demo-nnt-fb-w")]
    assert [float(a["data-value"]) for a in wrong] == [0.142]
    # ordering items are shown shuffled, each with native up/down buttons
    positions = [int(a["data-position"]) for t, a in parsed.tags if "kc-order-item" in a.get("class", "")]
    assert sorted(positions) == [0, 1, 2, 3] and positions != [0, 1, 2, 3]
    moves = [a for t, a in parsed.tags if t == "button" and "kc-move" in a.get("class", "")]
    assert len(moves) == 8


def test_new_types_text_fallback():
    bank = mixed_bank()
    text = bank_to_text(bank)
    assert "(answer in <i>mg</i>)" in text and "(put in order)" in text and "(type a term)" in text
    keyed = bank_to_text(bank, answers=True)
    assert keyed.count("Answer:") == 4
    assert "Answer: 7.04 <i>mg</i> (within ±0.5)" in keyed and "Worked solution:" in keyed
    assert "Answer: CYP2B6 (also accepted: cytochrome P450 2B6)" in keyed
    order = bank.question("steps").display_order()
    letters = "abcd"
    assert f"Answer: {', '.join(letters[order.index(i)] for i in range(4))}" in keyed


def test_live_widgets_for_new_types():
    live = quiz.show(mixed_bank(), mode="live")
    nnt = live.bank.question("nnt")
    assert "Correct." in live.numeric_feedback_html(nnt, "7,2") and "Worked solution" in live.numeric_feedback_html(
        nnt, "7.2"
    )
    first = live.numeric_feedback_html(nnt, "0.142", 1)
    assert "risk difference" in first and "Worked solution" not in first
    assert "Worked solution" in live.numeric_feedback_html(nnt, "0.142", 2)
    assert "too high" in live.numeric_feedback_html(nnt, "70") and "too low" in live.numeric_feedback_html(nnt, "1")
    assert "Type a number" in live.numeric_feedback_html(nnt, "seven")
    cyp = live.bank.question("cyp")
    assert "Correct." in live.short_feedback_html(cyp, "cyp 2b6")
    assert "&lt;u&gt;no&lt;/u&gt;" in live.short_feedback_html(cyp, "CYP3A4")
    steps = live.bank.question("steps")
    assert "Correct." in live.ordering_feedback_html(steps, [0, 1, 2, 3])
    assert "2 of 4" in live.ordering_feedback_html(steps, [0, 1, 3, 2])
    # drive the real widgets: type, click; reorder with the buttons until right
    live.inputs["nnt"].value = "7.0"
    live.buttons["nnt"]["check"].click()
    assert "Correct." in live.feedback["nnt"].value
    live.inputs["cyp"].value = "CYP3A4"
    live.buttons["cyp"]["check"].click()
    assert "Not correct." in live.feedback["cyp"].value
    select = live.inputs["steps"]
    up, check_btn = live.buttons["steps"]["up"], live.buttons["steps"]["check"]
    check_btn.click()
    assert "Not yet." in live.feedback["steps"].value
    for target in range(4):  # selection sort with the Move up button
        select.value = target
        while [v for _, v in select.options].index(target) > target:
            up.click()
    check_btn.click()
    assert [v for _, v in select.options] == [0, 1, 2, 3]
    assert "Correct." in live.feedback["steps"].value


ASSETS = ROOT / "src" / "ketcourse" / "engine" / "static"


def static_page(tmp_path, body: str) -> str:
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="{(ASSETS / "assess.css").as_uri()}">'
        f'<script src="{(ASSETS / "ketcourse.js").as_uri()}"></script>'
        f'<script src="{(ASSETS / "assess.js").as_uri()}"></script></head><body>{body}</body></html>',
        encoding="utf-8",
    )
    return page.as_uri()


@pytest.fixture(scope="module")
def chromium():
    from book_support import CHROMIUM_ARGS, chromium_path

    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.mark.browser
def test_static_new_types_work_from_file_url_with_the_keyboard(chromium, tmp_path):
    url = static_page(tmp_path, bank_to_html(mixed_bank()))
    page = chromium.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url)
        page.wait_for_selector("html[data-kc-assess-ready='true']")
        q = "#kc-quiz-demo-nnt"
        visible = lambda: [e.get_attribute("id") for e in page.locator(f"{q} .kc-feedback:visible").all()]  # noqa: E731
        page.fill(f"{q}-input", "0.14")
        page.press(f"{q}-input", "Enter")  # keyboard
        assert visible() == ["kc-quiz-demo-nnt-fb-w1"]
        assert not page.locator(f"{q}-solution").evaluate("d => d.open")
        page.fill(f"{q}-input", "30")
        page.click(f"{q}-submit")
        assert visible() == ["kc-quiz-demo-nnt-fb-high"]
        assert page.locator(f"{q}-solution").evaluate("d => d.open")  # after two tries
        page.fill(f"{q}-input", "2")
        page.click(f"{q}-submit")
        assert visible() == ["kc-quiz-demo-nnt-fb-low"]
        page.fill(f"{q}-input", "abc")
        page.click(f"{q}-submit")
        assert visible() == ["kc-quiz-demo-nnt-fb-nan"]
        page.fill(f"{q}-input", "7,3 <i>mg</i>")
        page.click(f"{q}-submit")
        assert visible() == ["kc-quiz-demo-nnt-fb-correct"]
        assert page.locator(f"{q}-feedback").get_attribute("aria-live") == "polite"
        s = "#kc-quiz-demo-cyp"
        page.fill(f"{s}-input", "cytochrome p450 2b6")
        page.press(f"{s}-input", "Enter")
        assert page.locator(f"{s}-fb-correct").is_visible()
        page.fill(f"{s}-input", "CYP3A4")
        page.press(f"{s}-input", "Enter")
        assert page.locator(f"{s}-fb-wrong").is_visible() and "<u>no</u>" in page.inner_text(f"{s}-fb-wrong")
        o = "#kc-quiz-demo-steps"
        page.click(f"{o}-submit")
        assert page.locator(f"{o}-fb-wrong").is_visible()
        # sort with the keyboard: focus a Move up button and press Enter
        for target in range(4):
            while True:
                order = page.eval_on_selector_all(f"{o} .kc-order-item", "els => els.map(e => +e.dataset.position)")
                k = order.index(target)
                if k == target:
                    break
                page.locator(f"{o}-i{target + 1} .kc-move[data-move='-1']").focus()
                page.keyboard.press("Enter")
                assert "Moved" in page.inner_text(f"{o}-status")
        page.click(f"{o}-submit")
        assert page.locator(f"{o}-fb-correct").is_visible()
        assert page.locator(f"{o}-explanation").evaluate("d => d.open")
        assert errors == []
    finally:
        page.close()


# --- reflections with a rubric (engine/checks.py) -------------------------------
RUBRIC = ["Names the trial", "States the effect size with its uncertainty", "Says what it does not show"]


def test_reflection_shows_rubric_model_answer_and_privacy_without_word_counting():
    from ketcourse.engine.checks import check_reflection

    fb = check_reflection("Task 5", "Short but real.", rubric=RUBRIC, model_answer="<b>Model</b> text")
    assert fb.status == "correct" and str(fb).startswith("Task 5: correct.")
    html_out = fb._repr_html_()
    assert html_out.count('type="checkbox"') == 3
    assert "&lt;b&gt;Model&lt;/b&gt; text" in html_out and "<b>Model</b>" not in html_out
    assert "nothing you write or tick is stored or sent" in html_out
    assert "words" not in str(fb).split("\n")[0]
    assert (
        html_out
        == check_reflection("Task 5", "Other text", rubric=RUBRIC, model_answer="<b>Model</b> text")._repr_html_()
    )
    for placeholder in (..., None, "", "   ", "...", "TODO", "Your answer here"):
        assert check_reflection("Task 5", placeholder, rubric=RUBRIC, model_answer="M").status == "not attempted"
    assert check_reflection("Task 5", 42, rubric=RUBRIC).status == "incorrect"
    with pytest.raises(ValueError, match="3 to 5 non-empty points, got 2"):
        check_reflection("Task 5", "text", rubric=RUBRIC[:2])
    # the older signature still works for chapters that have not moved to rubrics
    assert check_reflection("Task 5", "too short", min_words=40).status == "incorrect"
    assert check_reflection("Task 5", " ".join(["word"] * 45), min_words=40).passed


@pytest.mark.browser
def test_rubric_checklist_counts_ticks_in_the_page(chromium, tmp_path):
    from ketcourse.engine.checks import check_reflection

    fb = check_reflection("Task 5", "Real text.", rubric=RUBRIC, model_answer="M")
    page = chromium.new_page()
    try:
        page.goto(static_page(tmp_path, fb._repr_html_()))
        page.wait_for_selector("html[data-kc-assess-ready='true']")
        boxes = page.locator(".kc-rubric input[type=checkbox]")
        boxes.nth(0).focus()
        page.keyboard.press("Space")
        boxes.nth(2).check()
        assert page.inner_text(".kc-rubric-count") == "You ticked 2 of 3 points."
    finally:
        page.close()
