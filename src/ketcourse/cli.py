"""The ``ketcourse`` command: student/instructor copies, verification, quiz export and validation.

Run ``ketcourse --help`` for the commands. Errors print one clear line and exit non-zero.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1


class CliError(Exception):
    """A user-facing error: printed without a traceback."""


def _read_nb(path: Path) -> Any:
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except Exception as err:  # nbformat raises several types for bad JSON
        raise CliError(f"{path}: not a readable notebook ({err})") from None


def _write_nb(nb: Any, path: Path) -> None:
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


def _check_out_dir(source: Path, out: Path) -> None:
    src, dst = source.resolve(), out.resolve()
    if dst == src:
        raise CliError(f"refusing to write into the source folder {source}: choose another --out")
    for nb in source.glob("*.ipynb"):
        if (dst / nb.name).resolve() == nb.resolve():
            raise CliError(f"refusing to overwrite the source notebook {nb}")


def make_copies(source: Path, out: Path, edition: str) -> list[Path]:
    """Write student or instructor copies of every exercise notebook in ``source`` to ``out``."""
    from ketcourse.engine import editions as notebooks

    try:
        paths = notebooks.exercise_notebooks(source)
    except FileNotFoundError as err:
        raise CliError(str(err)) from None
    _check_out_dir(source, out)
    written = []
    problems = []
    for path in paths:
        nb = _read_nb(path)
        try:
            copy = (
                notebooks.student_copy(nb, str(path))
                if edition == "student"
                else notebooks.instructor_copy(nb, str(path))
            )
        except notebooks.MarkerError as err:
            problems.append(str(err))
            continue
        target = out / path.name
        _write_nb(copy, target)
        written.append(target)
    if problems:
        raise CliError("solution markers are malformed:\n  " + "\n  ".join(problems))
    return written


def _execute(path: Path, cwd: Path, timeout: int = 600) -> Any:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    os.environ["KETCOURSE_MODE"] = "static"
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(cwd)}}
    )
    with contextlib.suppress(CellExecutionError):  # allow_errors keeps going; errors are read from outputs
        client.execute()
    return nb


def verify(source: Path) -> list[str]:
    """Run every instructor notebook (all checks must pass) and its student copy (all 'not attempted').

    Returns the list of problems (empty when everything verifies).
    """
    from ketcourse.engine import editions as notebooks

    problems: list[str] = []
    try:
        paths = notebooks.exercise_notebooks(source)
    except FileNotFoundError as err:
        raise CliError(str(err)) from None
    with tempfile.TemporaryDirectory(prefix="ketcourse-verify-") as tmp:
        student_dir = Path(tmp) / "student"
        make_copies(source, student_dir, "student")
        for path in paths:
            nb = _execute(path, path.parent)
            errors = notebooks.execution_errors(nb)
            statuses = notebooks.feedback_statuses(nb)
            problems += [f"{path.name} (instructor): {e}" for e in errors]
            if not statuses:
                problems.append(f"{path.name} (instructor): no check results found")
            problems += [
                f"{path.name} (instructor): {task} is {status} with the reference solution"
                for task, status in statuses
                if status != "correct"
            ]
            student = _execute(student_dir / path.name, path.parent)
            s_errors = notebooks.execution_errors(student)
            s_statuses = notebooks.feedback_statuses(student)
            problems += [f"{path.name} (student copy): {e}" for e in s_errors]
            if len(s_statuses) != len(statuses):
                problems.append(
                    f"{path.name} (student copy): {len(s_statuses)} check results, expected {len(statuses)}"
                )
            problems += [
                f"{path.name} (student copy): {task} reports {status}, expected 'not attempted'"
                for task, status in s_statuses
                if status != "not attempted"
            ]
            ok = not [p for p in problems if p.startswith(path.name)]
            print(
                f"{'ok ' if ok else 'BAD'} {path.name}: {len(statuses)} checks pass with the solution; "
                f"student copy runs with {len(s_statuses)} 'not attempted'"
            )
    return problems


def _banks(names: list[str] | None) -> list[Any]:
    from ketcourse.engine.quiz import bank_names, load_bank

    chosen = names or bank_names()
    try:
        return [load_bank(n) for n in chosen]
    except ValueError as err:
        raise CliError(str(err)) from None


def cmd_copies(args: argparse.Namespace, edition: str) -> int:
    written = make_copies(Path(args.source), Path(args.out), edition)
    for p in written:
        print(f"wrote {p}")
    print(f"{len(written)} {edition} notebook(s) in {args.out}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    problems = verify(Path(args.source))
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return EXIT_FAILED
    print("all exercise notebooks verified")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ketcourse.engine.quiz.export import FORMATS, export

    if args.format not in FORMATS:
        raise CliError(f"unknown format {args.format!r}; allowed: {', '.join(FORMATS)}")
    text = export(_banks(args.bank), args.format)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from ketcourse.engine.quiz import QuizBankError, load_bank_file

    failed = 0
    for path in args.paths:
        try:
            bank = load_bank_file(path)
        except (QuizBankError, FileNotFoundError) as err:
            print(str(err), file=sys.stderr)
            failed += 1
        else:
            print(f"ok {path}: {len(bank.questions)} questions")
    return EXIT_FAILED if failed else 0


def cmd_list(_args: argparse.Namespace) -> int:
    banks = _banks(None)
    print(json.dumps({b.chapter: len(b.questions) for b in banks}, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ketcourse",
        description=(
            "Tools for the ketcourse course: exercise copies, verification, quiz export. "
            "Educational material only, not medical advice."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for edition in ("student", "instructor"):
        p = sub.add_parser(edition, help=f"write {edition} copies of the exercise notebooks")
        p.add_argument("--source", default="exercises", help="folder of source notebooks (default: exercises)")
        p.add_argument("--out", required=True, help="folder to write the copies to (must not be the source)")
        p.set_defaults(func=lambda a, e=edition: cmd_copies(a, e))
    p = sub.add_parser("verify", help="check solutions pass and student copies run with 'not attempted'")
    p.add_argument("--source", default="exercises")
    p.set_defaults(func=cmd_verify)
    q = sub.add_parser("quiz", help="quiz banks: export, validate, list")
    qsub = q.add_subparsers(dest="quiz_command", required=True)
    e = qsub.add_parser("export", help="export banks for an LMS")
    e.add_argument("--format", required=True, help="gift (Moodle) or json")
    e.add_argument("--bank", action="append", help="bank name (repeatable; default: all banks)")
    e.add_argument("--out", help="file to write (default: standard output)")
    e.set_defaults(func=cmd_export)
    v = qsub.add_parser("validate", help="validate bank YAML files")
    v.add_argument("paths", nargs="+")
    v.set_defaults(func=cmd_validate)
    ls = qsub.add_parser("list", help="list the packaged banks and their sizes")
    ls.set_defaults(func=cmd_list)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except CliError as err:
        print(f"ketcourse: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
