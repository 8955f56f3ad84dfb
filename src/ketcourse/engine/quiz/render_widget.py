"""Live ipywidgets quiz for a running kernel."""

from __future__ import annotations

from html import escape
from typing import Any

from ketcourse.engine.quiz.schema import Bank, Question

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class LiveQuiz:
    """Buttons (one correct answer) or checkboxes (several) with per-choice feedback."""

    def __init__(self, bank: Bank) -> None:
        import ipywidgets as w

        bank = bank.displayed()
        self.bank = bank
        self.feedback: dict[str, Any] = {}
        boxes = [w.HTML(f"<h4>{escape(bank.title)}</h4>")]
        for n, q in enumerate(bank.questions, 1):
            boxes.append(self._question(w, n, q))
        self.widget = w.VBox(boxes)
        self.widget.add_class("kc-live-quiz")

    def _question(self, w: Any, number: int, q: Question) -> Any:
        out = w.HTML()
        out.add_class("kc-live-feedback")
        self.feedback[q.id] = out
        prompt = w.HTML(f"<p><b>{number}.</b> {escape(q.prompt)}</p>")
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
