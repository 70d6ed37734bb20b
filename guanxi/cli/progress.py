"""Progress of a command on stderr, stage by stage: a rich bar on a terminal, plain lines otherwise.

On a terminal each stage shows its count, and where the total is known (pages of the inputs,
files of an export) the percentage and the time left. When stderr is a file or a pipe (a
batch job, a CI log), the same facts come as plain lines: one when a stage starts, one
every :data:`PLAIN_EVERY` seconds while it runs and one when it ends, e.g.::

    guanxi build: extracting 1200/5000 pages (24%), 0:01:10 elapsed, about 0:03:41 left

Totals are cheap to count: files from the walk the reader makes anyway, JSONL records from a
byte scan for newlines (:func:`count_pages`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from guanxi.extractors.read import PDF_SUFFIXES, RECORD_SUFFIXES, input_files
from guanxi.model import Problem

__all__ = ["PLAIN_EVERY", "StageProgress", "build_progress", "count_lines", "count_pages"]

PLAIN_EVERY = 10.0
"""Seconds between two plain progress lines of one stage (stderr no terminal)."""

_CHUNK = 1 << 20


def count_lines(path: str | Path) -> int:
    """Lines of a file, by a byte scan for newlines (a last line without one counts too).

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as f:
    ...     _ = f.write(b'{"a": 1}\\n{"a": 2}\\n{"a": 3}')
    >>> count_lines(f.name)
    3
    >>> os.unlink(f.name)
    """
    lines = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def _pages_of(path: Path) -> int:
    if path.name.lower().endswith(RECORD_SUFFIXES) and path.is_file():
        try:
            return count_lines(path)
        except OSError:
            return 1  # the reader reports it; it counts as one item done
    if path.name.lower().endswith(PDF_SUFFIXES) and path.is_file():
        from guanxi.extractors.pdf import count_pdf_pages

        return count_pdf_pages(path)
    return 1


def count_pages(paths: Iterable[str | Path]) -> int | None:
    """About how many items the reader yields: a page per page file, a record per JSONL line,
    the pages of a PDF file.

    ``None`` when a path is ``-`` (stdin cannot be counted ahead). A missing or unreadable path
    counts once (it becomes one problem); blank JSONL lines and pages cut into parts make the
    count approximate, so the progress takes the real count at the end.
    """
    total = 0
    for item in input_files(paths):  # the reader's own walk: the same files, repeats and problems
        if item == "-":
            return None
        total += 1 if isinstance(item, Problem) else _pages_of(Path(item))
    return total


def _hms(seconds: float) -> str:
    return str(timedelta(seconds=int(seconds)))


class StageProgress:
    """Stages of one command run, each with a count (and a total when known), shown on stderr.

    Parameters
    ----------
    command : str
        The command's name, at the start of each plain line (``guanxi build: ...``).
    quiet : bool
        Show nothing.
    console : Console, optional
        Where to show it (default: stderr); its ``is_terminal`` chooses the bar or plain lines.
    every : float
        Seconds between two plain lines of one stage.
    clock : callable
        Seconds, monotonic (tests pass their own clock).
    """

    def __init__(
        self,
        command: str,
        *,
        quiet: bool = False,
        console: Console | None = None,
        every: float = PLAIN_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.command = command
        self.quiet = quiet
        self.console = console or Console(stderr=True)
        self.every = every
        self._clock = clock
        self._bar: Progress | None = None
        self._task: Any = None
        self._name: str | None = None
        self._unit = ""
        self._done = 0
        self._total: int | None = None
        self._start_done = 0
        self._eta = True
        self._started = clock()
        self._printed = 0.0
        self._shown: str | None = None

    @property
    def is_terminal(self) -> bool:
        return self.console.is_terminal

    @property
    def name(self) -> str | None:
        """The current stage (None before the first and after :meth:`stop`)."""
        return self._name

    @property
    def total(self) -> int | None:
        return self._total

    def __enter__(self) -> StageProgress:
        if not self.quiet and self.is_terminal:
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[count]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self._bar.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop(finished=exc[0] is None)

    def stop(self, *, finished: bool = False) -> None:
        """Remove the bar; in plain mode, write the last stage's final line when FINISHED."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        elif finished:
            self._plain_line(force=False)
        self._name = None

    def stage(
        self, name: str, *, total: int | None = None, unit: str = "", done: int = 0, eta: bool = True
    ) -> None:
        """Start the stage NAME (``loading model``, ``extracting``, ``exporting``...).

        DONE items are already counted (they do not speed up the time left); ``eta=False`` when
        the stage's pace says nothing about the rest (loading the model while the first page waits).
        """
        if name == self._name:
            self.update(done, total=total)
            return
        if self._name is not None and self._bar is None:
            self._plain_line(force=False)  # how the previous stage ended
        self._name, self._unit, self._done, self._total = name, unit, done, total
        self._start_done, self._eta = done, eta
        self._started = self._clock()
        if self._bar is not None:
            if self._task is None:
                self._task = self._bar.add_task(name, total=total, completed=done, count=self._count())
            else:
                self._bar.reset(
                    self._task, total=total, completed=done, description=name, count=self._count()
                )
        elif not self.quiet:
            self._plain_line(force=True)

    def rename(self, name: str) -> None:
        """Go on counting under the stage name NAME (its clock starts again, for the time left)."""
        self.stage(name, total=self._total, unit=self._unit, done=self._done)

    def update(self, done: int, *, total: int | None = None) -> None:
        """The current stage has DONE items (of TOTAL, when given)."""
        self._done = done
        if total is not None:
            self._total = total
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, completed=done, total=self._total, count=self._count())
        elif not self.quiet and self._clock() - self._printed >= self.every:
            self._plain_line(force=True)

    def advance(self, n: int = 1) -> None:
        self.update(self._done + n)

    def finish(self) -> None:
        """The stage is complete: its total becomes its count (totals are estimates)."""
        self.update(self._done, total=self._done)

    def print(self, line: str) -> None:
        """A line on stderr (a problem) that does not break the bar."""
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def _count(self) -> str:
        """``12/50 pages``, ``12 pages`` when the total is unknown, nothing for a stage without a unit."""
        if self._total:
            return f"{self._done}/{self._total} {self._unit}"
        return f"{self._done} {self._unit}" if self._unit else ""

    def state(self) -> str:
        """The current stage as one line: ``extracting 12/50 pages (24%), 0:00:10 elapsed, ...``."""
        parts = [self._name or ""]
        if self._count():
            parts.append(f" {self._count()}")
        if self._total:
            parts.append(f" ({100 * self._done // self._total}%)")
        elapsed = self._clock() - self._started
        if elapsed >= 1:
            parts.append(f", {_hms(elapsed)} elapsed")
        rate = (self._done - self._start_done) / elapsed if elapsed >= 1 else 0
        if self._eta and rate > 0 and self._total and self._done < self._total:
            parts.append(f", about {_hms((self._total - self._done) / rate)} left")
        return "".join(parts)

    def _plain_line(self, *, force: bool) -> None:
        if self.quiet or self._name is None:
            return
        line = self.state()
        if not force and line == self._shown:
            return
        self._shown, self._printed = line, self._clock()
        self.console.print(f"guanxi {self.command}: {line}", markup=False, highlight=False, soft_wrap=True)


def build_progress(
    display: StageProgress,
    paths: Iterable[str | Path],
    *,
    engine: str = "local",
    from_extractions: bool = False,
) -> Callable[[str, int, int | None], None]:
    """Show a ``guanxi build`` run on DISPLAY; returns its ``progress(stage, done, total)`` callback.

    Stages: ``loading model`` (the pipeline loads with the first page), ``extracting`` pages
    (``reading`` with --from-extractions; the total counted here), ``resolving``, ``exporting``
    formats. The Dask engine counts its own totals: partitions, then export groups.
    """
    dask = engine == "dask"
    pages = "partitions" if dask else "pages"
    extracting = "reading" if from_extractions else "extracting"
    if dask:
        display.stage("starting", unit="")
    elif from_extractions:
        display.stage("reading", total=count_pages(paths), unit="pages")
    else:  # no time left while the model loads: that pace says nothing about the pages after it
        display.stage("loading model", total=count_pages(paths), unit="pages", eta=False)

    def progress(stage: str, done: int, total: int | None) -> None:
        if display.name == "loading model" and stage == "extract":
            display.update(done)
            display.rename(extracting)
            return
        if display.name in (extracting, "loading model") and stage != "extract":
            display.finish()  # the count was an estimate (blank lines, long pages cut in parts)
        if stage == "extract":
            display.stage(extracting, total=total or display.total, unit=pages, done=done)
        elif stage == "resolve":
            display.stage("resolving", done=done)
        elif stage == "export":
            display.stage("exporting", total=total, unit="groups" if dask else "formats", done=done)
        elif stage == "done":
            display.finish()

    return progress
