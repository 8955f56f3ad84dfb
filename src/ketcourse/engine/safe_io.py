"""Atomic, guarded file writes for the command-line tool and the build.

Every file is written to a temporary file in the same folder and renamed into place with
:func:`os.replace`, so a reader (or a crash, or Ctrl-C) never sees a half-written file.
:func:`write_files` writes a whole set of files as one step: it checks every target first, writes
every temporary file, then renames them all with SIGINT held back, so an interrupted command
leaves the output folders as they were (or complete), never half-done.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path


class OutputError(ValueError):
    """A target the command may not write (names the value and what is allowed)."""


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _temp_beside(path: Path, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _umask_mode())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    target = Path(path)
    tmp = _temp_beside(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path | str, text: str, encoding: str = "utf-8") -> None:
    """Text version of :func:`atomic_write_bytes`."""
    atomic_write_bytes(path, text.encode(encoding))


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold SIGINT back for the duration of the block (main thread only), then deliver it."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _missing_dirs(folder: Path) -> list[Path]:
    """The folders ``folder`` needs that do not exist yet, outermost first."""
    missing = []
    for p in (folder, *folder.parents):
        if p.exists():
            break
        missing.append(p)
    return missing[::-1]


def check_writable_folder(folder: Path, what: str) -> None:
    """Raise OutputError if ``folder`` is a file, or lies under a file."""
    for p in (folder, *folder.parents):
        if p.exists():
            if not p.is_dir():
                where = "is a file" if p == folder else f"is under the file {str(p)!r}"
                raise OutputError(f"{what} {str(folder)!r} {where}: give a folder (new or existing)")
            return


def write_files(
    files: Mapping[Path, bytes | str], *, force: bool = False, replace: Collection[Path] = ()
) -> list[Path]:
    """Write every file of ``files`` (path → content), all or nothing.

    Targets are checked first: an existing file is replaced only with ``force`` (or when it is one of
    ``replace``, the files a command edits on purpose); a target that is
    a folder, or under a file, is an error. Nothing is written unless every target is fine. On an
    error or interrupt before the final renames, every temporary file and every folder this call
    created are removed again; the renames themselves run with SIGINT held back.
    """
    targets = {Path(p): (c.encode("utf-8") if isinstance(c, str) else c) for p, c in files.items()}
    for path in targets:
        if path.is_dir():
            raise OutputError(f"output {str(path)!r} is a folder: give a file name")
        check_writable_folder(path.parent, "output folder")
        if path.exists() and not force and path not in replace:
            raise OutputError(f"{str(path)!r} already exists: pass --force to replace it")
    created: list[Path] = []
    temps: dict[Path, Path] = {}
    try:
        for path, data in targets.items():
            for d in _missing_dirs(path.parent):
                d.mkdir()
                created.append(d)
            temps[path] = _temp_beside(path, data)
        with _sigint_deferred():
            for path, tmp in temps.items():
                os.replace(tmp, path)
            temps.clear()
    except BaseException:
        for tmp in temps.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        for d in reversed(created):
            with contextlib.suppress(OSError):
                d.rmdir()
        raise
    return list(targets)
