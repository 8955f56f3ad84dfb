"""Live ipywidgets quiz for a running kernel."""

from __future__ import annotations

from html import escape
from typing import Any

from ketcourse.engine.quiz.schema import (
    AnyQuestion,
    Bank,
    NumericQuestion,
    OrderingQuestion,
    Question,
    ShortQuestion,
    parse_number,
)

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class LiveQuiz:
    """Buttons (one correct answer) or checkboxes (several) with per-choice feedback."""

    def __init__(self, bank: Bank) -> None:
        import ipywidgets as w

        bank = bank.displayed()
        self.bank = bank
        self.feedback: dict[str, Any] = {}
        self.inputs: dict[str, Any] = {}
        self.buttons: dict[str, dict[str, Any]] = {}
        boxes = [w.HTML(f"<h4>{escape(bank.title)}</h4>")]
        for n, q in enumerate(bank.questions, 1):
            boxes.append(self._question(w, n, q))
        self.widget = w.VBox(boxes)
        self.widget.add_class("kc-live-quiz")

    def _question(self, w: Any, number: int, q: AnyQuestion) -> Any:
        out = w.HTML()
        out.add_class("kc-live-feedback")
        self.feedback[q.id] = out
        prompt = w.HTML(f"<p><b>{number}.</b> {escape(q.prompt)}</p>")
        if isinstance(q, NumericQuestion | ShortQuestion):
            return self._typed(w, q, prompt, out)
        if isinstance(q, OrderingQuestion):
            return self._ordering(w, q, prompt, out)
        if q.multiple:
            boxes = [w.Checkbox(description=c.text, indent=False, layout=w.Layout(width="auto")) for c in q.choices]
            check = w.Button(description="Check answer")

            def on_check(_b: Any, q: Question = q, boxes: list[Any] = boxes, out: Any = out) -> None:
                picked = [i for i, b in enumerate(boxes) if b.value]
                out.value = self.feedback_html(q, picked)

            check.on_click(on_check)
            return w.VBox([prompt, *boxes, check, out])
        buttons = []
        for i, c in enumerate(q.choices):
            b = w.Button(description=f"{_LETTERS[i]}. {c.text}", layout=w.Layout(width="auto"), tooltip=c.text)

            def on_click(_b: Any, q: Question = q, i: int = i, out: Any = out) -> None:
                out.value = self.feedback_html(q, [i])

            b.on_click(on_click)
            buttons.append(b)
        return w.VBox([prompt, *buttons, out])

    def _typed(self, w: Any, q: NumericQuestion | ShortQuestion, prompt: Any, out: Any) -> Any:
        label = "Your answer" + (f" ({q.unit})" if isinstance(q, NumericQuestion) and q.unit else "")
        box = w.Text(description=label, style={"description_width": "initial"}, continuous_update=False)
        check = w.Button(description="Check answer")
        attempts = [0]

        def on_check(_b: Any) -> None:
            attempts[0] += 1
            if isinstance(q, NumericQuestion):
                out.value = self.numeric_feedback_html(q, box.value, attempts[0])
            else:
                out.value = self.short_feedback_html(q, box.value)

        check.on_click(on_check)
        self.inputs[q.id] = box
        self.buttons[q.id] = {"check": check}
        return w.VBox([prompt, w.HBox([box, check]), out])

    def _ordering(self, w: Any, q: OrderingQuestion, prompt: Any, out: Any) -> Any:
        order = list(q.display_order())
        select = w.Select(options=[(q.items[i], i) for i in order], rows=len(order), layout=w.Layout(width="auto"))
        up, down, check = (
            w.Button(description="Move up"),
            w.Button(description="Move down"),
            w.Button(description="Check order"),
        )

        def move(step: int) -> None:
            current = [v for _, v in select.options]
            if select.value is None:
                return
            k = current.index(select.value)
            j = k + step
            if 0 <= j < len(current):
                current[k], current[j] = current[j], current[k]
                picked = select.value
                select.options = [(q.items[i], i) for i in current]
                select.value = picked

        up.on_click(lambda _b: move(-1))
        down.on_click(lambda _b: move(1))

        def on_check(_b: Any) -> None:
            out.value = self.ordering_feedback_html(q, [v for _, v in select.options])

        check.on_click(on_check)
        self.inputs[q.id] = select
        self.buttons[q.id] = {"up": up, "down": down, "check": check}
        return w.VBox([prompt, select, w.HBox([up, down, check]), out])

    @staticmethod
    def numeric_feedback_html(q: NumericQuestion, text: str, attempts: int = 1) -> str:
        """Correct within tolerance, a known mistake's feedback, or too high/low; then the worked solution."""
        from ketcourse.engine.quiz.render_text import numeric_answer_text

        value = parse_number(str(text), q.unit)
        if value is None:
            return "<p>Type a number, for example 12.5.</p>"
        status, message = q.grade(value)
        if status == "correct":
            parts = [f"<p><b>Correct.</b> The answer is {escape(numeric_answer_text(q))}.</p>"]
        else:
            detail = message if q.wrong_answers and message not in ("Too high.", "Too low.") else ""
            generic = "Your answer is too high." if value > q.answer else "Your answer is too low."
            parts = [f"<p><b>Not correct.</b> {escape(detail or generic)}</p>"]
        if status == "correct" or attempts >= 2:
            parts.append(f"<p><i>Worked solution:</i> {escape(q.solution)}</p>")
        if status == "correct":
            parts.append(f"<p><i>{escape(q.explanation)}</i></p>")
        return "".join(parts)

    @staticmethod
    def short_feedback_html(q: ShortQuestion, text: str) -> str:
        if not str(text).strip():
            return "<p>Type a term first.</p>"
        if q.accepts(str(text)):
            return f"<p><b>Correct.</b> {escape(q.accepted[0])}.</p><p><i>{escape(q.explanation)}</i></p>"
        wrong = q.feedback_wrong or "That is not one of the accepted terms."
        return f"<p><b>Not correct.</b> {escape(wrong)}</p>"

    @staticmethod
    def ordering_feedback_html(q: OrderingQuestion, order: list[int]) -> str:
        status, right = q.grade(order)
        if status == "correct":
            return f"<p><b>Correct.</b> Every item is in its place.</p><p><i>{escape(q.explanation)}</i></p>"
        return f"<p><b>Not yet.</b> {right} of {len(q.items)} items are in the right place.</p>"

    @staticmethod
    def feedback_html(q: Question, picked: list[int]) -> str:
        """Feedback for the chosen indices, then the explanation once the answer is right."""
        if not picked:
            return "<p>Select at least one answer.</p>"
        parts = []
        for i in picked:
            c = q.choices[i]
            verdict = "Correct" if c.correct else "Not correct"
            parts.append(f"<p><b>{_LETTERS[i]}. {verdict}.</b> {escape(c.feedback)}</p>")
        if sorted(picked) == list(q.correct_indices):
            parts.append(f"<p><i>{escape(q.explanation)}</i></p>")
        elif q.multiple:
            parts.append("<p>Not all of the correct answers are selected yet.</p>")
        return "".join(parts)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)
