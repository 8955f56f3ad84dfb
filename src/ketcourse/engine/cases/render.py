"""Case renderers: static HTML (book, no kernel), live ipywidgets and plain text.

The static case keeps its state only in the page: ``assess.js`` shows one step at a time, records the
choices in memory, and writes the step into the URL fragment (``#case-<id>-<step>``) so a step can be
linked to. With JavaScript off every step, option and feedback is readable and the "Continue" links
jump to the next step's anchor.
"""

from __future__ import annotations

import posixpath
from html import escape
from typing import Any

from ketcourse.engine.cases.schema import END, Case, CaseOption

NOTICE = "Educational material only, not medical advice. This is a teaching case, not a patient."
SCORE_LABEL = {"best": "Best choice", "acceptable": "Acceptable choice", "poor": "Poor choice"}


def teaches_href(teaches: str, page: str) -> str:
    """Relative link from the book page ``page`` (e.g. ``chapters/09_cases``) to ``teaches`` (a doc path)."""
    doc, _, anchor = teaches.partition("#")
    rel = posixpath.relpath(doc + ".html", posixpath.dirname(page) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def _sources(opt: CaseOption) -> str:
    return f" Sources: {', '.join(escape(r) for r in opt.references)}." if opt.references else ""


def case_to_html(case: Case, *, page: str = "chapters/09_cases") -> str:
    """Render ``case`` as a static, keyboard-usable branching case. ``page`` is the doc it appears on."""
    cid = escape(case.id)
    base = f"case-{cid}"
    note = NOTICE + (f" {case.disclaimer}" if case.disclaimer else "")
    parts = [
        f'<section class="kc-case" id="{base}" data-kc-case="{cid}" data-start="{escape(case.start)}" '
        f'aria-labelledby="{base}-title">',
        f'<p class="kc-case-title" id="{base}-title">Case: {escape(case.title)}</p>',
        f'<p class="kc-case-note">{escape(note)}</p>',
        f'<p class="kc-case-summary">{escape(case.summary)}</p>',
        f'<p class="kc-sr-only" id="{base}-live" aria-live="polite"></p>',
    ]
    templates: list[str] = []
    for n, step in enumerate(case.steps, 1):
        sid = f"{base}-{escape(step.id)}"
        parts += [
            f'<div class="kc-case-step" id="{sid}" data-step="{escape(step.id)}">',
            f'<h4 class="kc-case-heading" id="{sid}-heading" tabindex="-1">Step {n}</h4>',
            f'<p class="kc-case-vignette">{escape(step.vignette)}</p>',
            f'<p class="kc-case-question" id="{sid}-q">{escape(step.question)}</p>',
            f'<div class="kc-case-options" role="group" aria-labelledby="{sid}-q">',
        ]
        for k, opt in enumerate(step.options, 1):
            parts.append(
                f'<button type="button" class="kc-case-option" id="{sid}-o{k}" data-score="{opt.score}" '
                f'data-next="{escape(opt.next)}" aria-pressed="false" aria-describedby="{sid}-o{k}-fb">'
                f"{escape(opt.text)}</button>"
            )
        parts += ["</div>", '<div class="kc-case-feedback-area" aria-live="polite">']
        for k, opt in enumerate(step.options, 1):
            href = escape(teaches_href(opt.teaches, page))
            target = "the summary" if opt.next == END else "the next step"
            nxt = f"{base}-{'end' if opt.next == END else escape(opt.next)}"
            parts.append(
                f'<div class="kc-case-feedback kc-score-{opt.score}" id="{sid}-o{k}-fb">'
                f"<p><strong>{SCORE_LABEL[opt.score]}</strong> (option {k}: {escape(opt.text)}). "
                f"{escape(opt.feedback)}</p>"
                f'<p class="kc-case-teaches">Where the course teaches this: <a href="{href}">{escape(opt.teaches)}</a>.'
                f"{_sources(opt)}</p>"
                f'<a class="kc-case-next" id="{sid}-o{k}-next" href="#{nxt}" data-next="{escape(opt.next)}">'
                f"Continue to {target}</a></div>"
            )
            templates.append(
                f'<li id="{sid}-o{k}-summary" class="kc-score-{opt.score}">Step {n}: {escape(step.question)} '
                f"You chose “{escape(opt.text)}” ({SCORE_LABEL[opt.score].lower()}). "
                f'Taught in <a href="{href}">{escape(opt.teaches)}</a>.</li>'
            )
        parts += ["</div>", "</div>"]
    parts += [
        f'<div class="kc-case-end" id="{base}-end">',
        f'<h4 class="kc-case-heading" id="{base}-end-heading" tabindex="-1">Summary of your path</h4>',
        f'<p id="{base}-tally"></p>',
        f'<ol class="kc-case-path" id="{base}-path"></ol>',
        f'<button type="button" class="kc-case-restart" id="{base}-restart">Restart the case</button>',
        f'<ul class="kc-case-templates" hidden>{"".join(templates)}</ul>',
        '<p class="kc-case-privacy">Your choices stay in this page: nothing is stored or sent.</p>',
        "</div>",
        "</section>",
    ]
    return "".join(parts)


def case_to_text(case: Case, *, width: int = 88) -> str:
    """The whole case as text: every step, option, score, feedback and where each option leads."""
    import textwrap

    wrap = textwrap.wrap
    lines = [f"Case: {case.title}", "=" * min(len(case.title) + 6, width)]
    lines += wrap(NOTICE + (f" {case.disclaimer}" if case.disclaimer else ""), width)
    lines += ["", *wrap(case.summary, width), ""]
    for n, step in enumerate(case.steps, 1):
        lines.append(f"Step {n} [{step.id}]")
        lines += wrap(step.vignette, width)
        lines += wrap(f"Q: {step.question}", width)
        for k, opt in enumerate(step.options, 1):
            dest = "the end" if opt.next == END else f"step [{opt.next}]"
            lines += wrap(f"  {k}) {opt.text}", width, subsequent_indent="     ")
            lines += wrap(
                f"{opt.score}: {opt.feedback} Taught in {opt.teaches}."
                + (f" Sources: {', '.join(opt.references)}." if opt.references else "")
                + f" Goes to {dest}.",
                width,
                initial_indent="     ",
                subsequent_indent="     ",
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


class StaticCase:
    """Displays a case as static HTML (book) with the text version as fallback."""

    def __init__(self, case: Case, page: str = "chapters/09_cases") -> None:
        self.case = case
        self.page = page

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": case_to_html(self.case, page=self.page), "text/plain": case_to_text(self.case)}


class LiveCase:
    """ipywidgets version: one step at a time, state in this Python object only."""

    def __init__(self, case: Case) -> None:
        import ipywidgets as w

        self.case = case
        self.path: list[tuple[str, int]] = []
        self.current = case.start
        self._w = w
        self.header = w.HTML(
            f"<h4>Case: {escape(case.title)}</h4><p><i>{escape(NOTICE)}"
            f"{(' ' + escape(case.disclaimer)) if case.disclaimer else ''}</i></p><p>{escape(case.summary)}</p>"
        )
        self.body = w.VBox()
        self.widget = w.VBox([self.header, self.body])
        self.widget.add_class("kc-live-case")
        self.show_step(case.start)

    def show_step(self, sid: str) -> None:
        w = self._w
        self.current = sid
        if sid == END:
            restart = w.Button(description="Restart the case")
            restart.on_click(lambda _b: self.restart())
            self.body.children = [w.HTML(self.summary_html()), restart]
            return
        step = self.case.step(sid)
        self.feedback = w.HTML()
        self.feedback.add_class("kc-live-feedback")
        self.options = []
        for k, opt in enumerate(step.options):
            b = w.Button(description=f"{k + 1}. {opt.text}", tooltip=opt.text, layout=w.Layout(width="auto"))
            b.on_click(lambda _b, k=k: self.choose(k))
            self.options.append(b)
        self.next_button = w.Button(description="Continue", disabled=True)
        self.next_button.on_click(lambda _b: self.advance())
        self.body.children = [
            w.HTML(f"<p>{escape(step.vignette)}</p><p><b>{escape(step.question)}</b></p>"),
            *self.options,
            self.feedback,
            self.next_button,
        ]

    def choose(self, k: int) -> None:
        step = self.case.step(self.current)
        opt = step.options[k]
        self.path.append((step.id, k))
        self.feedback.value = (
            f"<p><b>{SCORE_LABEL[opt.score]}.</b> {escape(opt.feedback)}</p>"
            f"<p>Where the course teaches this: {escape(opt.teaches)}.{_sources(opt)}</p>"
        )
        for b in self.options:
            b.disabled = True
        self._pending = opt.next
        self.next_button.disabled = False

    def advance(self) -> None:
        self.show_step(self._pending)

    def restart(self) -> None:
        self.path = []
        self.show_step(self.case.start)

    def summary_html(self) -> str:
        items = []
        for sid, k in self.path:
            step = self.case.step(sid)
            opt = step.options[k]
            items.append(
                f"<li>{escape(step.question)} You chose “{escape(opt.text)}” ({SCORE_LABEL[opt.score].lower()}). "
                f"Taught in {escape(opt.teaches)}.</li>"
            )
        counts = {s: sum(self.case.step(sid).options[k].score == s for sid, k in self.path) for s in SCORE_LABEL}
        tally = ", ".join(f"{v} {s}" for s, v in counts.items())
        return f"<h4>Summary of your path</h4><p>{len(self.path)} decisions: {tally}.</p><ol>{''.join(items)}</ol>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)
