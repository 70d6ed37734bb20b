"""Safe outputs: a file or folder is replaced whole, at the end, and a folder only when guanxi wrote it.

- :func:`atomic_path` / :func:`atomic_open`: the one way guanxi writes a file. The data goes to a
  hidden temporary file beside the target (``.NAME.tmp-PID-XXXXXXXX``), which is renamed over the
  target only when the writing succeeded; a failure or an interrupt leaves the old file as it was.
- :class:`OutputFolder`: the one way guanxi writes a folder. It takes a lock beside the folder
  (``.NAME.lock``: one run at a time), refuses a folder that holds files guanxi did not write
  (:class:`~guanxi.errors.ForeignOutputError`, unless ``force``), stages the new folder beside it
  (``.NAME.tmp-PID-…``) and swaps it in at :meth:`OutputFolder.commit`, with the marker file
  :data:`MARKER` that lists what guanxi wrote.
- :func:`clean_stale`: removes what runs killed before they could clean up left beside a target
  (temporary files and folders of processes that no longer run).

A symbolic link as the target is followed: the file or folder it points to is replaced and the
link stays.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_open(d / "a.txt") as fh:
...     _ = fh.write("done\\n")
>>> sorted(p.name for p in d.iterdir())
['a.txt']
>>> with OutputFolder(d / "out") as folder:
...     _ = (folder.staging / "x.txt").write_text("x")
...     folder.commit()
>>> sorted(p.name for p in (d / "out").iterdir())
['.guanxi-output', 'x.txt']
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from guanxi.errors import ForeignOutputError, OutputBusyError

__all__ = [
    "MARKER",
    "OutputFolder",
    "atomic_open",
    "atomic_path",
    "check_replaceable",
    "check_stop",
    "clean_stale",
    "clear_stop",
    "request_stop",
]

#: The file guanxi writes into every output folder: the names it wrote there (JSON). A folder is
#: replaced only when it holds this file and nothing else than the names it lists (or is empty).
MARKER = ".guanxi-output"


# The exception a signal handler asked the run to stop with (see request_stop).
_STOP: list[BaseException] = []


def request_stop(exc: BaseException) -> None:
    """Ask the run to stop with *exc*: from now on no output is replaced, *exc* is raised instead.

    A signal handler raises its exception wherever the main thread is, and Python only prints an
    exception raised inside an at-fork hook or a ``__del__`` (a SIGTERM that lands while a worker
    pool forks would be lost): the handler records it here too, and every commit checks it.
    """
    _STOP.append(exc)


def check_stop() -> None:
    """Raise the exception of :func:`request_stop`, if a stop was requested (main thread only:
    in a helper thread, such as a worker pool's task feeder, it would end that thread alone)."""
    if _STOP and threading.current_thread() is threading.main_thread():
        raise _STOP[0]


def clear_stop() -> None:
    """Forget a requested stop (the command that was asked to stop has ended)."""
    _STOP.clear()


def _real(path: str | Path) -> Path:
    # A symbolic link is followed: its target is replaced, the link stays a link.
    return Path(os.path.realpath(path))


def _sibling(target: Path, kind: str) -> Path:
    """A hidden name beside *target* that says which process made it (see :func:`clean_stale`)."""
    return target.with_name(f".{target.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}")


@contextlib.contextmanager
def atomic_path(path: str | Path, *, parents: bool = False) -> Iterator[Path]:
    """A temporary path to write; it replaces *path* when the block ends without an error.

    A target that exists and is no regular file (``/dev/stdout``, a FIFO) cannot be replaced by
    a rename: it is written in place. A symbolic link is followed. *parents*: make the missing
    parent folders.
    """
    target = _real(path)
    if target.exists() and not target.is_file():
        yield target
        return
    if parents:
        target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _sibling(target, "tmp")
    try:
        yield tmp
        check_stop()
        if target.exists():
            shutil.copymode(target, tmp)  # the file keeps the permissions its owner gave it
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_open(path: str | Path, *, parents: bool = False) -> Iterator[IO[str]]:
    """Open *path* for writing UTF-8 text with ``\\n`` lines, through :func:`atomic_path`."""
    with atomic_path(path, parents=parents) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
        yield fh


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def clean_stale(path: str | Path) -> list[Path]:
    """Remove the temporary files and folders that killed runs left beside *path*; returns them.

    Only names of the form ``.NAME.tmp-PID…`` / ``.NAME.old-PID…`` whose process is gone are
    touched. When the run was killed between moving the old folder aside and moving the new one
    in, the old folder is put back.
    """
    target = _real(path)
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(tmp|old)-(\d+)(?:-[0-9a-f]+)?")
    removed = []
    try:
        entries = sorted(target.parent.iterdir())
    except OSError:
        return removed
    for p in entries:
        m = pattern.fullmatch(p.name)
        if m is None or _alive(int(m[2])):
            continue
        if m[1] == "old" and p.is_dir() and not target.exists():
            p.rename(target)
            continue
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        removed.append(p)
    return removed


def _written_by_guanxi(folder: Path) -> set[str] | None:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        return {str(x) for x in data["entries"]} | {MARKER}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_replaceable(path: str | Path, *, force: bool = False) -> None:
    """Raise :class:`ForeignOutputError` unless the folder *path* is absent, empty or guanxi's own."""
    target = _real(path)
    if force or not target.is_dir():
        return
    entries = sorted(p.name for p in target.iterdir())
    written = _written_by_guanxi(target)
    foreign = [e for e in entries if written is None or e not in written]
    if not foreign:
        return
    shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
    what = "is not a guanxi output folder" if written is None else "holds files guanxi did not write"
    raise ForeignOutputError(
        f"{path}: not replaced: it {what} ({shown}); choose another folder, or --force to replace it"
    )


class _Lock:
    """An exclusive lock file beside a target (``.NAME.lock``, holding the owner's pid).

    ``flock`` locks die with their process, so a killed run never leaves a folder locked; the
    file is removed when the lock is released.
    """

    def __init__(self, target: Path, shown: str | Path) -> None:
        self.path = target.with_name(f".{target.name}.lock")
        self.shown = shown
        self._fd: int | None = None

    def acquire(self) -> None:
        import fcntl

        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
                os.close(fd)
                raise OutputBusyError(
                    f"{self.shown}: another guanxi run (pid {holder}) is writing it; "
                    "wait until it has finished, or choose another folder"
                ) from None
            # The previous holder removes the file when it releases the lock: a lock on a file
            # that is no longer at self.path locks nothing, so take it again.
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        self.path.unlink(missing_ok=True)  # still locked: nobody can take it in between
        os.close(self._fd)
        self._fd = None


class OutputFolder:
    """Write the output folder *out* safely: locked, checked, staged, swapped in whole.

    Parameters
    ----------
    out : path
        The folder to (re)place. A symbolic link is followed.
    force : bool
        Replace the folder even when it holds files guanxi did not write.

    Raises
    ------
    OutputBusyError
        Another run is writing the folder (on entering).
    ForeignOutputError
        The folder holds files guanxi did not write (on entering, and again at commit).
    OSError
        The folder or its staging folder cannot be made.
    """

    def __init__(self, out: str | Path, *, force: bool = False) -> None:
        self.out = Path(out)
        self.target = _real(out)
        self.force = force
        self.staging = _sibling(self.target, "tmp")
        self._lock = _Lock(self.target, out)

    def __enter__(self) -> OutputFolder:
        if self.target.exists() and not self.target.is_dir():
            raise ForeignOutputError(f"{self.out}: not replaced: it is a file, not a folder")
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self._lock.acquire()
        try:
            check_replaceable(self.out, force=self.force)
            clean_stale(self.target)
            self.staging.mkdir()
        except BaseException:
            self._lock.release()
            raise
        return self

    def commit(self) -> None:
        """Write the marker and swap the staging folder in for the old folder."""
        check_stop()
        entries = sorted(p.name for p in self.staging.iterdir())
        marker = {"written_by": "guanxi", "entries": entries}
        (self.staging / MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
        check_replaceable(self.out, force=self.force)  # a file added during the run is kept too
        old = None
        if self.target.exists():
            old = _sibling(self.target, "old")
            self.target.rename(old)
        self.staging.rename(self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def __exit__(self, *exc: object) -> None:
        try:
            if self.staging.exists():
                shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self._lock.release()
