"""A small display table shared by the chapters: HTML for JupyterLab and the book, Markdown, plain text.

Library functions that show tabular data (route table, regimens, evidence
summary, appraisal checklist and claims) return a :class:`Table`; it needs no
pandas and escapes every cell.
"""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """A small table that displays in JupyterLab, in the book and as text.

    Attributes
    ----------
    title : str
        Caption of the table.
    columns : tuple of str
        Column headings.
    rows : tuple of tuple of str
        Cell text, one tuple per row, each as long as ``columns``.
    note : str
        Optional line shown under the table.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""

    def __post_init__(self) -> None:
        if not self.columns:
            raise ValueError("a table needs at least one column")
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"row {i} has {len(row)} cells; the table has {len(self.columns)} columns")
            for cell in row:
                if not isinstance(cell, str):
                    raise TypeError(f"table cells must be strings, got {cell!r} in row {i}")

    def _repr_html_(self) -> str:
        head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in self.rows)
        note = f'<p class="kc-table-note">{html.escape(self.note)}</p>' if self.note else ""
        return (
            '<div class="kc-table-wrap" style="overflow-x:auto">'
            f'<table class="table kc-table"><caption>{html.escape(self.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}</div>"
        )

    def _repr_markdown_(self) -> str:
        def esc(text: str) -> str:
            return text.replace("|", "\\|")

        lines = [f"**{esc(self.title)}**", ""]
        lines.append("| " + " | ".join(esc(c) for c in self.columns) + " |")
        lines.append("|" + "---|" * len(self.columns))
        lines += ["| " + " | ".join(esc(cell) for cell in row) + " |" for row in self.rows]
        if self.note:
            lines += ["", esc(self.note)]
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        widths = [max(len(c), *(len(r[i]) for r in self.rows)) for i, c in enumerate(self.columns)]
        lines = [self.title, ""]
        lines.append("  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True)).rstrip())
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in self.rows]
        if self.note:
            lines += ["", self.note]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)
