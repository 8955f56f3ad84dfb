"""``new-chapter``: write the skeleton of a new chapter, validated first, all files at once.

A chapter is one package ``<package>/chapters/NAME/`` (content, figures, explorer, exercise checks,
quiz bank, ``data/``), a notebook ``chapters/NN_NAME.ipynb`` with the reference chapter's rhythm
(title and disclaimer, learning objectives, import cell, sections with a figure and an explorer,
evidence check, key takeaways, quiz, references), an exercise notebook ``exercises/NN_NAME.ipynb``
and a test ``tests/test_NAME.py``; the chapter's name is added to ``CHAPTERS`` in
``<package>/chapters/__init__.py`` and its notebook to ``_toc.yml``.

Everything is checked and generated in memory first; then every file is written in one step
(:func:`ketcourse.engine.safe_io.write_files`): nothing is overwritten, and a failure or Ctrl-C
leaves the repository as it was. The engine knows the layout only, never a chapter's content.
"""

from __future__ import annotations

import ast
import json
import keyword
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
DISCLAIMER = (
    "```{admonition} Educational use only\n:class: warning\n"
    "This chapter is educational material, **not medical advice**. Its figures come from simplified, "
    "illustrative models; they do not predict any person's response and must not be used to choose a dose.\n```"
)
REFERENCES = "## References\n\n```{bibliography}\n:filter: docname in docnames\n```"


class ScaffoldError(ValueError):
    """The chapter cannot be created (names what is wrong; nothing was written)."""


@dataclass(frozen=True)
class Plan:
    """What :func:`new_chapter` writes: new files and the two edited registry files."""

    name: str
    number: str
    files: dict[Path, str]
    edits: dict[Path, str]


def _notebook(cells: list[tuple[str, str]]) -> str:
    nb: dict[str, Any] = {
        "cells": [],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for i, (kind, source) in enumerate(cells):
        cell: dict[str, Any] = {"cell_type": kind, "id": f"cell-{i:02d}", "metadata": {}, "source": source}
        if kind == "code":
            cell.update(execution_count=None, outputs=[])
        nb["cells"].append(cell)
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def _reference_cell(reference: Path | None, startswith: str, fallback: str) -> str:
    """The first cell of the reference notebook whose text starts with ``startswith`` (else ``fallback``)."""
    if reference is None or not reference.is_file():
        return fallback
    try:
        cells = json.loads(reference.read_text(encoding="utf-8"))["cells"]
    except (ValueError, KeyError):
        return fallback
    for cell in cells:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if text.startswith(startswith):
            return text
    return fallback


def _disclaimer(reference: Path | None) -> str:
    """The reference chapter's disclaimer admonition, or the default one."""
    first = _reference_cell(reference, "# ", "")
    match = re.search(r"```\{admonition\} Educational use only.*?```", first, flags=re.S)
    return match.group(0) if match else DISCLAIMER


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def chapter_files(name: str, number: str, pkg: str, reference: Path | None, min_questions: int) -> dict[str, str]:
    """Every new file of the chapter, by path relative to the repository root."""
    title = _title(name)
    mod = f"{pkg}.chapters.{name}"
    stem = f"{number}_{name}"
    base = f"src/{pkg}/chapters/{name}"
    choices = (
        "    choices:\n"
        "      - text: The answer this question is written to test\n"
        "        correct: true\n"
        "        feedback: Replace with why this answer is right.\n"
        "      - text: A common misunderstanding\n"
        "        feedback: Replace with why this answer is wrong.\n"
    )
    questions = "".join(
        f"  - id: draft-{i}\n"
        f"    bloom: {('remember', 'understand', 'apply', 'analyse')[i % 4]}\n"
        f"    prompt: 'Draft question {i} of the {title} chapter: write the question.'\n"
        f"    explanation: Write the explanation readers open after answering, citing its source.\n"
        f"{choices}"
        for i in range(1, min_questions + 1)
    )
    files = {
        f"{base}/__init__.py": f'"""Chapter {number} {title}: data, figures, explorer, checks and quiz bank."""\n',
        f"{base}/content.py": (
            f'"""Content of the chapter *{title}*, loaded from the data files in ``data/``.\n\n'
            "Tables of course content (studies, values, rows with citation keys) go in ``data/*.yaml`` and are\n"
            f"loaded here with :func:`{pkg}.engine.data.load_model`, never written as Python string literals.\n"
            '"""\n\n'
            "from __future__ import annotations\n\n"
            "from pathlib import Path\n\n"
            "#: Folder of this chapter's data files.\n"
            'DATA_DIR = Path(__file__).resolve().parent / "data"\n'
        ),
        f"{base}/data/README.md": (
            f"Data files of the chapter *{title}* (YAML, one record per row, each with its citation keys).\n"
        ),
        f"{base}/figures.py": (
            f'"""Figures for the chapter *{title}*."""\n\n'
            "from __future__ import annotations\n\n"
            "from matplotlib.figure import Figure\n\n"
            f"from {pkg}.engine.figures.output import FigureOutput\n"
            f"from {pkg}.engine.figures.style import add_axes, blank_figure, color, mark_illustrative\n\n\n"
            "def draw_placeholder(fig: Figure, step: float = 1.0) -> None:\n"
            '    """Draw the placeholder panel (replace with the chapter\'s figure, calling the science models)."""\n'
            "    ax = add_axes(fig)\n"
            '    ax.plot([0, 1, 2, 3], [0, step, 2 * step, 3 * step], color=color("blue"))\n'
            '    ax.set_xlabel("Time (h)")\n'
            '    ax.set_ylabel("Value (arbitrary units)")\n'
            "    mark_illustrative(fig)\n\n\n"
            "def placeholder_figure() -> FigureOutput:\n"
            '    """A placeholder figure showing the pattern: draw, caption, alt text."""\n'
            "    fig = blank_figure()\n"
            "    draw_placeholder(fig)\n"
            "    return FigureOutput(\n"
            "        fig,\n"
            f'        "{name}-placeholder",\n'
            '        "Placeholder figure: replace it with the chapter\'s first figure.",\n'
            '        "A straight line rising from zero, a placeholder for the chapter\'s first figure.",\n'
            "    )\n"
        ),
        f"{base}/explorer.py": (
            f'"""Explorer for the chapter *{title}*."""\n\n'
            "from __future__ import annotations\n\n"
            "from matplotlib.figure import Figure\n\n"
            f"from {mod}.figures import draw_placeholder\n"
            f"from {pkg}.engine.explorers.spec import Explorer, Slider\n\n\n"
            "def _draw(fig: Figure, step: float) -> None:\n"
            "    draw_placeholder(fig, step)\n\n\n"
            "def _alt(step: float) -> str:\n"
            '    return f"A straight line rising by {step:g} per hour, a placeholder explorer frame."\n\n\n'
            "def placeholder_explorer() -> Explorer:\n"
            '    """A placeholder explorer with one slider (at most three controls, at most 60 frames)."""\n'
            "    return Explorer(\n"
            f'        name="{name}-placeholder",\n'
            '        title="Explore: placeholder (replace with the chapter\'s explorer)",\n'
            '        controls=(Slider("step", "Slope", "per h", (0.5, 1.0, 2.0), 1.0),),\n'
            "        draw=_draw,\n"
            "        alt=_alt,\n"
            '        caption="Placeholder explorer: replace it with one that calls the science models.",\n'
            "    )\n"
        ),
        f"{base}/checks.py": (
            f'"""Checks for exercises/{stem}.ipynb."""\n\n'
            "from __future__ import annotations\n\n"
            "from typing import Any\n\n"
            f"from {pkg}.engine.checks import Feedback, check_quantity\n\n"
            "#: The answer to the placeholder task 1 (replace with a value computed from the models or data).\n"
            "TASK_1_EXPECTED = 3.0\n\n\n"
            "def task_1(answer: Any) -> Feedback:\n"
            '    """Placeholder task: how many hours does the placeholder figure span?"""\n'
            '    return check_quantity("Task 1", answer, TASK_1_EXPECTED, "h", rel_tol=0.01, hint="Read the x axis.")\n'
        ),
        f"{base}/quiz.yaml": (
            f"# Quiz bank of the chapter {title}: at least {min_questions} questions, each with a Bloom level,\n"
            "# feedback for every choice, an explanation and citation keys (references: [key] from references.bib).\n"
            "# Check it with: ketcourse quiz validate " + f"{base}/quiz.yaml\n"
            f"chapter: {name}\n"
            f"title: '{title}'\n"
            "questions:\n" + questions
        ),
        f"chapters/{stem}.ipynb": _notebook(
            [
                ("markdown", f"# {title}\n\n{_disclaimer(reference)}"),
                (
                    "markdown",
                    "## Learning objectives\n\nBy the end of this chapter you should be able to:\n\n"
                    "| # | Objective | Level |\n|---|---|---|\n"
                    "| 1 | Write the first objective here | Understand |\n"
                    "| 2 | Write the second objective here | Apply |",
                ),
                (
                    "code",
                    f"from {pkg}.engine import quiz\nfrom {pkg}.engine.explorers import show\n"
                    f"from {mod}.explorer import placeholder_explorer\nfrom {mod} import figures",
                ),
                ("markdown", "## First section\n\nWrite the section here; cite with {cite:p}`key`."),
                ("code", "figures.placeholder_figure()"),
                ("markdown", "### Explore\n\nSay what the reader should try with the controls."),
                ("code", "show(placeholder_explorer())"),
                (
                    "markdown",
                    "## What is known in humans, and what only in animals\n\n"
                    "```{admonition} Evidence check\n:class: note\n"
                    "**Shown in humans.** ...\n\n**Shown only in animals or models.** ...\n```",
                ),
                ("markdown", "## Key takeaways\n\n- Write the chapter's key points here."),
                (
                    "markdown",
                    "## Check your understanding\n\n"
                    "Choose an answer to see feedback on it; each question also has an explanation you can open.",
                ),
                ("code", f'quiz.show("{name}")'),
                ("markdown", _reference_cell(reference, "## References", REFERENCES)),
            ]
        ),
        f"exercises/{stem}.ipynb": _notebook(
            [
                (
                    "markdown",
                    f"# Exercise: {title}\n\n```{{admonition}} Educational use only\n:class: warning\n"
                    "These exercises use illustrative teaching models. They are not medical advice and give no "
                    f"dose for anyone.\n```\n\nWork through the tasks after reading the chapter "
                    f"{{doc}}`../chapters/{stem}`. In each code cell, replace the `...` with your answer and run "
                    "the cell; the check tells you whether the answer is right.",
                ),
                ("code", f"from {mod} import checks as check"),
                ("markdown", "## Task 1 (apply)\n\nPlaceholder task: how many hours does the placeholder figure span?"),
                ("code", "hours = ...\n### BEGIN SOLUTION\nhours = 3.0\n### END SOLUTION\ncheck.task_1(hours)"),
            ]
        ),
        f"tests/test_{name}.py": (
            f'"""Chapter {title}: its bank, figures, explorer and exercise checks."""\n\n'
            "from pathlib import Path\n\n"
            f"from {mod} import checks as check\n"
            f"from {mod} import figures\n"
            f"from {mod}.explorer import placeholder_explorer\n"
            f"from {pkg}.engine.figures.output import FigureOutput\n"
            f"from {pkg}.engine.figures.style import blank_figure, is_marked_illustrative\n"
            f"from {pkg}.engine.quiz import load_bank_file\n\n"
            "ROOT = Path(__file__).resolve().parents[1]\n\n\n"
            "def test_bank_passes_the_course_checks():\n"
            f'    bank = load_bank_file(ROOT / "{base}/quiz.yaml")\n'
            f'    assert bank.chapter == "{name}"\n\n\n'
            "def test_figure_is_described_and_marked_illustrative():\n"
            "    out = figures.placeholder_figure()\n"
            "    assert isinstance(out, FigureOutput)\n"
            "    assert is_marked_illustrative(out.figure) and out.alt and out.caption\n\n\n"
            "def test_explorer_draws_every_frame():\n"
            "    explorer = placeholder_explorer()\n"
            "    for value in explorer.controls[0].values:\n"
            "        fig = blank_figure()\n"
            "        explorer.draw(fig, step=value)\n"
            "        assert explorer.alt(step=value)\n\n\n"
            "def test_checks():\n"
            '    assert check.task_1(...).status == "not attempted"\n'
            '    assert check.task_1(check.TASK_1_EXPECTED).status == "correct"\n'
            '    assert check.task_1(check.TASK_1_EXPECTED * 2).status == "incorrect"\n'
        ),
    }
    return files


def _add_to_chapters(text: str, name: str, where: Path) -> str:
    match = re.search(r"^CHAPTERS\s*:\s*tuple\[str, \.\.\.\]\s*=\s*\((.*?)^\)", text, flags=re.S | re.M)
    if match is None:
        raise ScaffoldError(f"{where}: no 'CHAPTERS: tuple[str, ...] = (...)' block to add {name!r} to")
    body = match.group(1).rstrip()
    if body.strip() and not body.endswith(","):
        body += ","
    new_body = f'{body}\n    "{name}",\n' if body.strip() else f'\n    "{name}",\n'
    new = text[: match.start(1)] + new_body + text[match.end(1) :]
    tree = ast.parse(new)
    for node in tree.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "CHAPTERS"
            and node.value is not None
        ):
            value = ast.literal_eval(node.value)
            if value[-1] != name:
                break
            return new
    raise ScaffoldError(f"{where}: could not add {name!r} to CHAPTERS safely")


def _add_to_toc(text: str, stem: str, where: Path) -> str:
    import yaml

    entry = f"      - file: chapters/{stem}\n"
    marker = re.search(r"^  - caption: Exercises\s*$", text, flags=re.M)
    if marker is not None:
        new = text[: marker.start()] + entry + text[marker.start() :]
    else:
        new = text.rstrip("\n") + "\n  - caption: New chapters\n    chapters:\n" + entry
    files: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                files.append(node["file"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(yaml.safe_load(new))
    if f"chapters/{stem}" not in files:
        raise ScaffoldError(f"{where}: could not register chapters/{stem} in the table of contents")
    return new


def plan_chapter(root: Path, name: str, *, pkg: str = "ketcourse", number: str | None = None) -> Plan:
    """Check everything and build every file in memory (raises ScaffoldError, writes nothing)."""
    from ketcourse.engine.quiz.schema import MIN_CHAPTER_QUESTIONS

    if not NAME.match(name) or keyword.iskeyword(name) or name.endswith("_"):
        raise ScaffoldError(
            f"chapter name {name!r} is not allowed: use 2-31 lower-case letters, digits or '_', starting with a letter"
        )
    package = root / "src" / pkg
    chapters_init = package / "chapters" / "__init__.py"
    toc = root / "_toc.yml"
    for required in (chapters_init, toc, root / "chapters", root / "exercises"):
        if not required.exists():
            raise ScaffoldError(f"{required} not found: run new-chapter in the course repository (or give --root)")
    if (package / "chapters" / name).exists() or (package / "chapters" / f"{name}.py").exists():
        raise ScaffoldError(f"chapter {name!r} already exists in {package / 'chapters'}")
    taken = [p.name for d in ("chapters", "exercises") for p in (root / d).glob(f"[0-9][0-9]_{name}.ipynb")]
    if taken:
        raise ScaffoldError(f"a notebook for {name!r} already exists: {taken[0]}")
    numbers = [int(p.name[:2]) for d in ("chapters", "exercises") for p in (root / d).glob("[0-9][0-9]_*.ipynb")]
    if number is None:
        number = f"{max(numbers, default=0) + 1:02d}"
    elif not re.fullmatch(r"\d\d", number):
        raise ScaffoldError(f"--number {number!r} must be two digits, e.g. 10")
    elif int(number) in numbers:
        raise ScaffoldError(f"--number {number} is already used by a notebook in chapters/ or exercises/")
    stem = f"{number}_{name}"
    reference = root / "chapters" / "02_nmda.ipynb"
    files = {
        root / rel: text for rel, text in chapter_files(name, number, pkg, reference, MIN_CHAPTER_QUESTIONS).items()
    }
    for path in files:
        if path.exists():
            raise ScaffoldError(f"{path} already exists: new-chapter never overwrites a file")
    edits = {
        chapters_init: _add_to_chapters(chapters_init.read_text(encoding="utf-8"), name, chapters_init),
        toc: _add_to_toc(toc.read_text(encoding="utf-8"), stem, toc),
    }
    return Plan(name, number, files, edits)


def new_chapter(root: Path, name: str, *, pkg: str = "ketcourse", number: str | None = None) -> Plan:
    """Plan the chapter, then write all its files and both registry edits in one step."""
    from ketcourse.engine.safe_io import write_files

    plan = plan_chapter(root, name, pkg=pkg, number=number)
    write_files({**plan.files, **plan.edits}, replace=set(plan.edits))
    return plan
