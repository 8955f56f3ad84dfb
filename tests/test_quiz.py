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
    n_single = sum(len(q.choices) for q in bank.questions if not q.multiple)
    n_multi = sum(len(q.choices) for q in bank.questions if q.multiple)
    assert len(buttons) == n_single and len(boxes) == n_multi
    assert all(b.get("type") == "button" for b in buttons)  # keyboard-focusable native buttons


def test_display_order_is_stable_and_a_permutation():
    q = quiz.load_bank("nmda").questions[0]
    assert sorted(q.display_order()) == list(range(len(q.choices)))
    assert q.display_order() == q.display_order()


def test_text_fallback_lists_every_choice_and_answers_on_request():
    bank = quiz.load_bank("nmda")
    text = bank_to_text(bank)
    assert "Answer:" not in text
    for q in bank.questions:
        for c in q.choices:
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
    q = live.bank.questions[0]
    right = q.correct_indices[0]
    html_right = live.feedback_html(q, [right])
    assert "Correct." in html_right and q.explanation[:20] in html_right
    wrong = next(i for i in range(len(q.choices)) if i not in q.correct_indices)
    assert "Not correct." in live.feedback_html(q, [wrong])
    # Simulate a click on the widget itself.
    box = live.widget.children[1]
    buttons = [c for c in box.children if c.__class__.__name__ == "Button"]
    buttons[wrong].click()
    assert "Not correct." in live.feedback[q.id].value


def test_yaml_banks_are_plain_yaml():
    for name in quiz.bank_names():
        path = ROOT / "src" / "ketcourse" / "chapters" / name / "quiz.yaml"
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict)
