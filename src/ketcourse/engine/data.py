"""Strict loading of course data files (YAML) and schema checks with pydantic.

Every course table (claims, trials, events, schedules, parameters) and every quiz bank is a YAML
file checked against a pydantic model. Problems are collected and reported one per line as
``file: item 'id': field 'name': message`` so an author can fix them all at once.

The YAML loader is stricter than PyYAML's default, because the default hides mistakes:

* a duplicate key (two ``questions:`` or two ``prompt:``) is an error, not "last one wins";
* ``yes``/``no``/``on``/``off`` stay text (YAML 1.2), so ``feedback: No`` means the word "No";
  ``true``/``false`` where text is expected is an error that says "quote it";
* a ``#`` after a plain value starts a comment in YAML and silently cuts the text
  (``See item #3`` becomes ``See item``): such a trailing comment is an error;
* the file must be UTF-8; otherwise the error names the byte offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

__all__ = [
    "DataFileError",
    "Record",
    "format_validation_error",
    "load_model",
    "load_yaml",
    "read_text",
]

M = TypeVar("M", bound=BaseModel)

#: Longest single problem line; longer inputs are cut with an ellipsis.
MAX_MESSAGE = 300
#: At most this many problems are listed; the rest are counted.
MAX_PROBLEMS = 25


class DataFileError(ValueError):
    """A data file that cannot be used: every problem, one per line, each naming the file."""

    def __init__(self, path: str | Path, problems: Iterable[str]) -> None:
        self.path = str(path)
        self.problems = [_short(p) for p in problems] or ["unknown problem"]
        shown = self.problems[:MAX_PROBLEMS]
        more = len(self.problems) - len(shown)
        lines = [f"{self.path}: {p}" for p in shown]
        if more:
            lines.append(f"{self.path}: ... and {more} more problems")
        super().__init__("\n".join(lines))


class Record(BaseModel):
    """Base of every data-file model: unknown fields are errors, text is never coerced from numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def _short(text: str, limit: int = MAX_MESSAGE) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file, turning every file problem into one :class:`DataFileError` line."""
    p = Path(path)
    if p.is_dir():
        raise DataFileError(p, ["is a folder, not a file"])
    if not p.exists():
        raise DataFileError(p, ["does not exist"])
    try:
        raw = p.read_bytes()
    except PermissionError:
        raise DataFileError(p, ["cannot be read (permission denied)"]) from None
    except OSError as err:
        raise DataFileError(p, [f"cannot be read ({err.strerror or err})"]) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataFileError(
            p, [f"is not UTF-8 text (byte {err.start}: {raw[err.start : err.start + 1]!r}); save it as UTF-8"]
        ) from None


# --- YAML ------------------------------------------------------------------------------------
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, duplicate-key errors and trailing-comment detection."""

    problems: list[str]
    source_lines: list[str]


# YAML 1.2 booleans only: drop the 1.1 resolver for bool and add true/false back.
_StrictLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL_12, list("tTfF"))


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in seen:
            loader.problems.append(
                f"line {line}: duplicate key {key!r} (first at line {seen[key]}); YAML would keep only the last"
            )
        else:
            seen[key] = line
        _check_trailing_comment(loader, value_node)
    return loader.construct_mapping(node, deep=deep)


def _check_trailing_comment(loader: _StrictLoader, node: yaml.Node) -> None:
    if not isinstance(node, yaml.ScalarNode) or node.style is not None:
        return
    end = node.end_mark
    if end.line >= len(loader.source_lines):
        return
    rest = loader.source_lines[end.line][end.column :]
    if re.match(r"\s+#", rest):
        loader.problems.append(
            f"line {end.line + 1}: ' #' ends the text {_short(str(node.value), 60)!r} and starts a YAML comment; "
            "quote the whole value if the '#' belongs to it"
        )


def _construct_seq(loader: _StrictLoader, node: yaml.SequenceNode, deep: bool = False) -> list[Any]:
    for item in node.value:
        _check_trailing_comment(loader, item)
    return loader.construct_sequence(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)  # type: ignore[arg-type]
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)  # type: ignore[arg-type]


def load_yaml(path: str | Path, text: str | None = None) -> Any:
    """Parse a YAML data file strictly (see the module docstring); raise :class:`DataFileError`."""
    source = read_text(path) if text is None else text
    loader = _StrictLoader(source)
    loader.problems = []
    loader.source_lines = source.splitlines()
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err)
        raise DataFileError(path, [f"{where}not valid YAML ({problem})"]) from None
    finally:
        loader.dispose()
    if loader.problems:
        raise DataFileError(path, loader.problems)
    return data


# --- Schema checks ---------------------------------------------------------------------------
def _item_label(data: Any, loc: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """Describe where ``loc`` points: ``item 'id'`` for list entries that have an id, else the path."""
    parts: list[str] = []
    node = data
    rest = list(loc)
    fields: list[str] = []
    while rest:
        step = rest.pop(0)
        if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
            node = node[step]
            ident = node.get("id") if isinstance(node, Mapping) else None
            label = f"item {ident!r}" if ident is not None else f"item {step + 1}"
            if fields:
                parts.append(f"{'.'.join(fields)} {label}")
                fields = []
            else:
                parts.append(label)
        elif isinstance(node, Mapping) and step in node:
            node = node[step]
            fields.append(str(step))
        else:
            fields.append(str(step))
    if fields:
        parts.append(f"field {'.'.join(fields)!r}")
    return ": ".join(parts), tuple(loc)


def format_validation_error(err: ValidationError, data: Any) -> list[str]:
    """One readable line per pydantic error, naming the item id and field."""
    lines: list[str] = []
    for e in err.errors(include_url=False):
        loc = tuple(x for x in e["loc"] if not (isinstance(x, str) and x.startswith("function-")))
        where, _ = _item_label(data, loc)
        msg = e["msg"]
        given = e.get("input")
        if isinstance(given, bool) and e["type"] in {"string_type", "str_type"}:
            msg += f" (got {str(given).lower()}: quote it if you mean the word)"
        elif e["type"] not in {"missing", "extra_forbidden"} and not isinstance(given, dict | list):
            msg += f" (got {_short(repr(given), 80)})"
        lines.append(f"{where}: {msg}" if where else msg)
    return lines


def load_model(path: str | Path, model: type[M], text: str | None = None) -> M:
    """Load ``path`` strictly and validate it against ``model``; raise :class:`DataFileError`."""
    data = load_yaml(path, text)
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise DataFileError(path, format_validation_error(err, data)) from None
