"""The ``ketcourse`` command: student/instructor copies, verification, quiz export and validation.

Run ``ketcourse --help`` for the commands. Errors print one ``ketcourse: error: ...`` line and exit 2
(1 when a check fails, 130 on Ctrl-C). Every file is written atomically (temporary file in the same
folder, then a rename); a command that writes several files checks all its inputs first and writes all
of them or none; nothing is ever written onto a source notebook, a bank, a data file or the
repository root, and an existing output file is replaced only with ``--force``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130
HANDOUTS = "_handouts"
"""Default parent folder of generated instructor material (ignored by git in the course repository)."""
SOURCE_SUFFIXES = (".ipynb", ".yaml", ".yml", ".py", ".bib", ".toml", ".cfg", ".md", ".csv")
"""File kinds an export never writes onto: they are course sources, not export targets."""


class CliError(Exception):
    """A user-facing error: printed without a traceback."""


def _read_nb(path: Path) -> Any:
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except Exception as err:  # nbformat raises several types for bad JSON
        raise CliError(f"{path}: not a readable notebook ({err})") from None


def _nb_bytes(nb: Any) -> bytes:
    import nbformat

    text: str = nbformat.writes(nb)
    return (text + "\n").encode("utf-8")


def _package_dir() -> Path:
    return Path(__file__).resolve().parent


def _repo_root() -> Path | None:
    """The course repository holding the installed package (editable install), if there is one."""
    root = _package_dir().parents[1]
    return root if (root / "pyproject.toml").is_file() and (root / "_toc.yml").is_file() else None


def _protected() -> tuple[list[Path], list[Path]]:
    """(folders no command writes into, folders that may not *be* an output folder)."""
    inside = [_package_dir()]
    exact: list[Path] = []
    root = _repo_root()
    if root is not None:
        inside += [root / d for d in ("src", "chapters", "exercises", "tests", "scripts", ".git")]
        exact.append(root)
    return inside, exact


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _guard_out_value(value: str, flag: str = "--out") -> Path:
    if not value.strip():
        raise CliError(f"{flag} {value!r} is empty: give a folder or file name (for example {HANDOUTS}/student)")
    return Path(value)


def check_out_folder(out: Path, value: str, source: Path | None = None) -> None:
    """Refuse an output folder that is a file, under a file, a source folder or the repository root."""
    from ketcourse.engine.safe_io import OutputError, check_writable_folder

    try:
        check_writable_folder(out, "--out")
    except OutputError as err:
        raise CliError(str(err)) from None
    dst = out.resolve()
    inside, exact = _protected()
    if source is not None and dst == source.resolve():
        raise CliError(f"refusing to write into the source folder {str(source)!r}: choose another --out")
    for folder in exact:
        if dst == folder:
            raise CliError(
                f"--out {value!r} is the repository root: write generated material under {HANDOUTS}/ "
                f"(ignored by git), e.g. --out {HANDOUTS}/student"
            )
    for folder in inside:
        if _is_within(dst, folder):
            raise CliError(
                f"--out {value!r} is inside the course sources ({folder.name}/): "
                f"write generated material under {HANDOUTS}/ instead"
            )


def check_out_file(out: Path, value: str, force: bool) -> None:
    """Refuse an export target that is a folder, under a file, a source file or (without --force) existing."""
    if out.is_dir():
        raise CliError(f"--out {value!r} is a folder: give a file name such as {HANDOUTS}/quizzes.gift")
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise CliError(f"--out {value!r} is under the file {str(parent)!r}: give a file in a folder")
            break
    if out.suffix.lower() in SOURCE_SUFFIXES:
        raise CliError(
            f"--out {value!r} names a {out.suffix} file (a kind of course source): "
            f"exports go to files such as {HANDOUTS}/quizzes.gift, .json, .txt or .zip"
        )
    dst = out.resolve()
    inside, exact = _protected()
    if any(dst.parent == folder for folder in exact) or any(_is_within(dst, f) for f in inside):
        raise CliError(f"--out {value!r} is in the course sources or the repository root: write it under {HANDOUTS}/")
    if out.exists() and not force:
        raise CliError(f"--out {value!r} already exists: pass --force to replace it")


def make_copies(
    source: Path, out: Path, edition: str, *, force: bool = False, out_value: str | None = None
) -> list[Path]:
    """Write student or instructor copies of every exercise notebook in ``source`` to ``out``.

    Every notebook is read, its markers checked and its copy made before anything is written; then all
    copies are written as one step (see :func:`ketcourse.engine.safe_io.write_files`).
    """
    from ketcourse.engine import editions as notebooks
    from ketcourse.engine.safe_io import OutputError, write_files

    try:
        paths = notebooks.exercise_notebooks(source)
    except FileNotFoundError as err:
        raise CliError(str(err)) from None
    check_out_folder(out, str(out) if out_value is None else out_value, source)
    problems: list[str] = []
    wanted: dict[Path, bytes] = {}
    for path in paths:
        try:
            nb = _read_nb(path)
        except CliError as err:
            problems.append(str(err))
            continue
        try:
            copy = (
                notebooks.student_copy(nb, str(path))
                if edition == "student"
                else notebooks.instructor_copy(nb, str(path))
            )
        except notebooks.MarkerError as err:
            problems += str(err).split("\n")
            continue
        target = out / path.name
        if target.resolve() == path.resolve():
            problems.append(f"refusing to overwrite the source notebook {path}")
            continue
        wanted[target] = _nb_bytes(copy)
    if problems:
        raise CliError(f"{len(problems)} problem(s) in {source}, nothing written:\n  " + "\n  ".join(problems))
    try:
        return write_files(wanted, force=force)
    except OutputError as err:
        raise CliError(f"{err}; nothing written") from None


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
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's own notices (TCP warning); errors are in outputs
    return nb


def _unsolved_lines(nb: Any) -> list[str]:
    """Lines outside solution regions (a solution line equal to one of these is not a leak)."""
    from ketcourse.engine import editions as notebooks

    inside: dict[int, set[int]] = {}
    for r in notebooks.find_regions(nb):
        inside.setdefault(r.cell, set()).update(range(r.begin, r.end + 1))
    out = []
    for ci, cell in enumerate(nb.cells):
        for li, line in enumerate(cell.source.split("\n")):
            if li not in inside.get(ci, set()):
                out.append(line)
    return out


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
        regions: dict[str, int] = {}
        for path in paths:
            source_nb = _read_nb(path)
            regions[path.name] = sum(r.kind == "solution" for r in notebooks.find_regions(source_nb, str(path)))
            solution = {ln.strip() for ln in notebooks.solution_lines(source_nb) if len(ln.strip()) > 3}
            shown = {ln.strip() for c in _read_nb(student_dir / path.name).cells for ln in c.source.split("\n")}
            leaked = sorted((solution & shown) - {ln.strip() for ln in _unsolved_lines(source_nb)})
            if leaked:
                problems.append(f"{path.name} (student copy): solution line visible: {leaked[0][:80]!r}")
            if not regions[path.name]:
                problems.append(f"{path.name}: no solution regions found (### BEGIN SOLUTION ... ### END SOLUTION)")
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
            correct = sum(status == "correct" for _, status in statuses)
            blank = sum(status == "not attempted" for _, status in s_statuses)
            print(
                f"{'ok ' if ok else 'BAD'} {path.name}: {regions[path.name]} solution region(s); "
                f"{correct}/{len(statuses)} checks correct with the solution; "
                f"student copy: {blank}/{len(s_statuses)} 'not attempted', {len(s_errors)} error(s)"
            )
    return problems


def _banks(names: list[str] | None) -> list[Any]:
    from ketcourse.engine.quiz import bank_names, load_bank, load_bank_file

    chosen = names or bank_names()
    try:  # a chapter name, or the path of any bank file
        return [load_bank_file(n) if n.endswith((".yaml", ".yml")) or "/" in n else load_bank(n) for n in chosen]
    except (ValueError, FileNotFoundError) as err:
        raise CliError(str(err)) from None


def cmd_copies(args: argparse.Namespace, edition: str) -> int:
    out = _guard_out_value(args.out)
    written = make_copies(Path(args.source), out, edition, force=args.force, out_value=args.out)
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
    out = None if args.out is None else _guard_out_value(args.out)
    if out is not None:
        check_out_file(out, args.out, args.force)
    text = export(_banks(args.bank), args.format)
    if out is not None:
        from ketcourse.engine.safe_io import OutputError, write_files

        try:
            write_files({out: text}, force=args.force)
        except OutputError as err:
            raise CliError(str(err)) from None
        print(f"wrote {args.out}")
    elif isinstance(text, bytes):
        sys.stdout.buffer.write(text)
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
            for note in bank.notes:
                print(f"note {path}: {note}")
    return EXIT_FAILED if failed else 0


def cmd_new_chapter(args: argparse.Namespace) -> int:
    from ketcourse.engine.safe_io import OutputError
    from ketcourse.engine.scaffold import ScaffoldError, new_chapter

    root = Path(args.root) if args.root else _repo_root()
    if root is None:
        raise CliError("no course repository found next to the installed package: give --root")
    try:
        plan = new_chapter(root, args.name, number=args.number)
    except (ScaffoldError, OutputError) as err:
        raise CliError(f"{err}; nothing written") from None
    for path in [*plan.files, *plan.edits]:
        print(f"{'edited' if path in plan.edits else 'wrote '} {path.relative_to(root)}")
    stem = f"{plan.number}_{plan.name}"
    print(
        f"\nNext: write the chapter, then record its outputs and run its checks:\n"
        f"  python scripts/refresh_outputs.py chapters/{stem}.ipynb exercises/{stem}.ipynb\n"
        f"  ketcourse quiz validate src/ketcourse/chapters/{plan.name}/quiz.yaml\n"
        f"  KETCOURSE_MODE=static python -m pytest -q tests/test_{plan.name}.py"
    )
    return 0


def cmd_list(_args: argparse.Namespace) -> int:
    banks = _banks(None)
    counts = {
        b.chapter: {"questions": len(b.questions), "types": b.count_by_type(), "bloom": b.count_by_bloom()}
        for b in banks
    }
    print(json.dumps(counts, indent=2))
    return 0


def cmd_exercises_export(args: argparse.Namespace) -> int:
    from ketcourse.engine.quiz.export_otter import OtterExportError, otter_files
    from ketcourse.engine.safe_io import OutputError, write_files

    if args.format != "otter":
        raise CliError(f"unknown format {args.format!r}; allowed: otter")
    source, out = Path(args.source), _guard_out_value(args.out)
    if not source.is_dir():
        raise CliError(f"exercise folder {args.source!r} does not exist")
    check_out_folder(out, args.out, source)
    try:
        files = {out / rel: text for rel, text in otter_files(source).items()}
        write_files(files, force=args.force)
    except (OtterExportError, OutputError) as err:
        raise CliError(str(err)) from None
    for p in sorted(files):
        print(f"wrote {p}")
    print(f"{len(files)} otter assignment(s) in {args.out}: run 'otter assign <name>/<name>.ipynb dist/<name>' on each")
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
        p.add_argument(
            "--out",
            default=f"{HANDOUTS}/{edition}",
            help=f"folder to write the copies to (default: {HANDOUTS}/{edition}; not a source folder or the repo root)",
        )
        p.add_argument("--force", action="store_true", help="replace copies that already exist in --out")
        p.set_defaults(func=lambda a, e=edition: cmd_copies(a, e))
    p = sub.add_parser("verify", help="check solutions pass and student copies run with 'not attempted'")
    p.add_argument("--source", default="exercises")
    p.set_defaults(func=cmd_verify)
    n = sub.add_parser("new-chapter", help="write the skeleton of a new chapter and register it")
    n.add_argument("name", help="chapter package name: lower case, e.g. interactions")
    n.add_argument("--number", help="two-digit notebook number (default: the next free one)")
    n.add_argument("--root", help="course repository (default: the one holding the installed package)")
    n.set_defaults(func=cmd_new_chapter)
    q = sub.add_parser("quiz", help="quiz banks: export, validate, list")
    qsub = q.add_subparsers(dest="quiz_command", required=True)
    e = qsub.add_parser("export", help="export banks for an LMS")
    e.add_argument("--format", required=True, help="gift (Moodle), moodle-xml, qti (Canvas zip) or json")
    e.add_argument("--bank", action="append", help="bank name or bank file (repeatable; default: all banks)")
    e.add_argument("--chapter", action="append", dest="bank", help="same as --bank")
    e.add_argument("--out", help=f"file to write, e.g. {HANDOUTS}/quizzes.gift (default: standard output)")
    e.add_argument("--force", action="store_true", help="replace --out if it already exists")
    e.set_defaults(func=cmd_export)
    v = qsub.add_parser("validate", help="validate bank YAML files")
    v.add_argument("paths", nargs="+")
    v.set_defaults(func=cmd_validate)
    ls = qsub.add_parser("list", help="list the packaged banks with counts by question type and Bloom level")
    ls.set_defaults(func=cmd_list)
    x = sub.add_parser("exercises", help="exercise notebooks: export for autograders")
    xsub = x.add_subparsers(dest="exercises_command", required=True)
    xe = xsub.add_parser("export", help="write otter-grader assignment notebooks (Gradescope, JupyterHub)")
    xe.add_argument("--format", required=True, help="otter")
    xe.add_argument("--source", default="exercises", help="folder of source notebooks (default: exercises)")
    xe.add_argument("--out", default=f"{HANDOUTS}/otter", help=f"folder to write to (default: {HANDOUTS}/otter)")
    xe.add_argument("--force", action="store_true", help="replace files that already exist in --out")
    xe.set_defaults(func=cmd_exercises_export)
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
    except KeyboardInterrupt:
        print("ketcourse: interrupted: output folders are as they were (or complete)", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
