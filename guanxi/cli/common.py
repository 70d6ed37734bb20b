"""Options and helpers shared by the commands: inputs, --home, -o, progress, problems, exit codes.

A command stacks the decorators it needs and runs its loop inside a :class:`Run`::

    @main.command("articles")
    @inputs_argument
    @home_option
    @output_option
    @quiet_option
    def articles_command(paths, home, output, quiet):
        with Run("articles", quiet=quiet) as run, open_output(output) as out:
            for page in run.pages(paths, home=home):
                ...
                run.count("articles")
        run.exit()

Exit codes (also in ``guanxi --help``): 0 everything was read; 1 the command finished and wrote its
output but some inputs were rejected (each printed as ``guanxi: PATH:LINE: reason`` on stderr);
2 usage error (click's own, an input path that does not exist, an output folder guanxi did not
write); 3 fatal: a :class:`~guanxi.errors.GuanxiError`, no input could be read, or a crash
(printed as one line ``Error: …``); 130 interrupted by Ctrl-C, 143 by SIGTERM. A command that
does not finish leaves its previous output as it was (:mod:`guanxi.outputs`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, NoReturn

import click
from rich.table import Table

from guanxi.cli.progress import StageProgress, count_pages
from guanxi.errors import ForeignOutputError, GuanxiError, NothingReadError, OutputError
from guanxi.extractors.read import read_inputs
from guanxi.model import Home, Page, Problem
from guanxi.outputs import atomic_open, check_stop, clean_stale, clear_stop, request_stop
from guanxi.report import RunReport

__all__ = [
    "EXIT_FATAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_REJECTED",
    "EXIT_USAGE",
    "Run",
    "exit_codes",
    "fatal",
    "home_option",
    "inputs_argument",
    "open_output",
    "output_option",
    "parse_home",
    "problem_line",
    "quiet_option",
    "summary_line",
]

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_FATAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def parse_home(ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> Home | None:
    """click callback: ``PROVINCE/CITY`` (or ``CITY``) -> :class:`Home`; a bad value is a usage error."""
    if not value:
        return None
    parts = [p for p in value.replace("／", "/").split("/") if p.strip()]
    home = Home.parse(value) if 1 <= len(parts) <= 2 else None
    if not home:
        raise click.BadParameter("expected PROVINCE/CITY or CITY, e.g. 四川省/宜宾市")
    return home


def _existing(
    ctx: click.Context | None, param: click.Parameter | None, value: tuple[str, ...]
) -> tuple[str, ...]:
    """click callback: a path that does not exist is a usage error, before anything is written.

    A broken symbolic link exists: the reader reports it as a rejected input.
    """
    for p in value:
        if p != "-" and not os.path.lexists(p):
            raise click.BadParameter(f"{p}: no such file or directory")
    return value


def inputs_argument(f: Callable) -> Callable:
    """``PATH...``: pages (.txt/.md, .pdf), saved web pages (.html/.htm/.mht), JSONL record files, folders of them, or ``-`` for stdin."""
    return click.argument("paths", nargs=-1, required=True, metavar="PATH...", callback=_existing)(f)


def home_option(f: Callable) -> Callable:
    """``--home PROVINCE/CITY``: the paper's home (otherwise detected per page)."""
    return click.option(
        "--home",
        callback=parse_home,
        metavar="PROVINCE/CITY",
        help="The paper's home, e.g. 四川省/宜宾市 (default: detected from each page).",
    )(f)


def output_option(f: Callable) -> Callable:
    """``-o/--output FILE``: where to write JSON lines (``-``, the default, is stdout)."""
    return click.option(
        "-o",
        "--output",
        default="-",
        show_default=True,
        type=click.Path(dir_okay=False, allow_dash=True),
        help="Output file of JSON lines (replaced only when the run finishes; a symbolic link is followed).",
    )(f)


def quiet_option(f: Callable) -> Callable:
    """``-q/--quiet``: no progress bar and no summary table."""
    return click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")(f)


def problem_line(problem: Problem) -> str:
    """The one stderr line of a rejected input: ``guanxi: PATH:LINE: reason``."""
    return f"guanxi: {problem}"


def fatal(err: GuanxiError | str) -> NoReturn:
    """Print ``Error: …`` on stderr and exit with code 3 (2 for an output folder guanxi did not write)."""
    click.echo(f"Error: {err}", err=True)
    sys.exit(EXIT_USAGE if isinstance(err, ForeignOutputError) else EXIT_FATAL)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that it is handled as Ctrl-C is."""


@contextlib.contextmanager
def _signals_as_interrupts() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt and SIGTERM :class:`Terminated` in the main thread, each
    also recorded by :func:`~guanxi.outputs.request_stop`: Python only prints an exception raised
    inside an at-fork hook or a ``__del__``, and the run must stop even then."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()

    def on_signal(signum: int, frame: object) -> None:
        if os.getpid() != owner:  # a forked worker: end as the signal would end it
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        exc = Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()
        request_stop(exc)
        raise exc

    def unraisable(info: Any) -> None:
        if not isinstance(info.exc_value, KeyboardInterrupt):  # ours is recorded: no traceback
            hook(info)

    hook = sys.unraisablehook
    sys.unraisablehook = unraisable
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for s, handler in previous.items():
        if handler is not signal.SIG_IGN:  # a background job ignores Ctrl-C: so does guanxi
            signal.signal(s, on_signal)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, signal.SIG_DFL if handler is None else handler)
        sys.unraisablehook = hook
        clear_stop()


@contextlib.contextmanager
def exit_codes() -> Iterator[None]:
    """Turn what escapes a command into one line and its exit code (see the module docstring).

    Ctrl-C exits 130 and SIGTERM 143 (the outputs being written are removed on the way out);
    a GuanxiError, an OSError, a MemoryError or a bug exits 3 with one line ``Error: …``
    (``GUANXI_DEBUG=1`` also prints the traceback).
    """
    try:
        with _signals_as_interrupts():
            yield
    except (click.exceptions.ClickException, click.exceptions.Abort, click.exceptions.Exit):
        raise
    except KeyboardInterrupt as err:
        terminated = isinstance(err, Terminated)
        click.echo(f"guanxi: {'terminated' if terminated else 'interrupted'}", err=True)
        sys.exit(128 + signal.SIGTERM if terminated else EXIT_INTERRUPTED)
    except GuanxiError as err:
        fatal(err)
    except Exception as err:
        if os.environ.get("GUANXI_DEBUG"):
            traceback.print_exc()
        if isinstance(err, MemoryError):
            fatal("out of memory")
        if isinstance(err, OSError) and err.strerror:
            fatal(f"{err.filename or 'guanxi'}: {err.strerror}")
        fatal(f"internal error ({type(err).__name__}: {err}); GUANXI_DEBUG=1 shows the traceback")


@contextlib.contextmanager
def open_output(path: str, run: Run | None = None) -> Iterator[IO[str]]:
    """Open *path* for writing UTF-8 text (``-`` is stdout), replaced only when the block succeeds.

    The lines go to a temporary file beside *path* that replaces it at the end
    (:func:`guanxi.outputs.atomic_open`): an error or an interrupt leaves the old file as it
    was, and so does a *run* that read no page (:class:`NothingReadError`). Temporary files of
    killed runs are removed first. A failure to write is an :class:`OutputError`.
    """
    if path == "-":
        with click.open_file("-", "w", encoding="utf-8") as out:
            yield out
        return
    try:
        clean_stale(path)
        with atomic_open(path) as fh:
            yield fh
            if run is not None and run.report.nothing_read:
                raise NothingReadError(run.report, path)
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror or err}") from err


def summary_line(command: str, rows: Iterable[tuple[str, int]]) -> str:
    """The summary of a run as one line, for a log: ``guanxi articles: inputs 5, pages 5, ...``."""
    return f"guanxi {command}: " + ", ".join(f"{key} {value}" for key, value in rows)


class Run:
    """One command run: progress over the inputs, problem lines, counts and the summary.

    Parameters
    ----------
    command : str
        Name shown in the progress lines and the summary.
    quiet : bool
        No progress and no summary. Otherwise stderr gets a progress bar and a summary table
        on a terminal, plain progress lines and a one-line summary elsewhere.
    stage : str
        The first stage shown, ``reading`` (the inputs) or ``loading model`` (until the caller
        says otherwise with :meth:`stage`).
    """

    def __init__(self, command: str, *, quiet: bool = False, stage: str = "reading") -> None:
        self.command = command
        self.quiet = quiet
        self.report = RunReport()
        self.progress = StageProgress(command, quiet=quiet)
        self.console = self.progress.console
        self._first_stage = stage

    def __enter__(self) -> Run:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        finished = exc[0] is None
        if finished:
            self.progress.finish()  # the total was an estimate: the count is the real one
        self.progress.stop(finished=finished)
        if finished:
            self.summary()
        elif isinstance(exc[1], GuanxiError):
            fatal(exc[1])

    def pages(self, paths: Iterable[str], *, home: Home | None = None, count: bool = True) -> Iterator[Page]:
        """Pages of *paths*; each Problem is printed on stderr, counted, and skipped.

        The progress counts every page as it is read; with ``count=False`` the caller counts
        the pages it has finished (:meth:`done`), and only the rejected inputs count here.
        """
        paths = list(paths)
        # No time left while the model loads: that pace says nothing about the pages after it.
        first = self._first_stage
        self.progress.stage(first, total=count_pages(paths), unit="pages", eta=first == "reading")
        current: str | None = None
        for item in read_inputs(paths, home=home):
            path = item.path
            if path != current:
                current = path
                self.report.inputs += 1
            check_stop()  # a SIGTERM whose exception was swallowed stops the run here
            if isinstance(item, Problem):
                self.problem(item)
                self.progress.advance()
                continue
            self.report.pages += 1
            if count:
                self.progress.advance()
            yield item

    def stage(self, name: str) -> None:
        """Show the stage NAME from now on (same count and total)."""
        self.progress.rename(name)

    def done(self, n: int = 1) -> None:
        """N more pages finished (with ``pages(count=False)``)."""
        self.progress.advance(n)

    def problem(self, problem: Problem) -> None:
        """Record a rejected input and print its line on stderr."""
        self.report.problems.append(problem)
        if self.progress.is_terminal and not self.quiet:
            self.progress.print(problem_line(problem))
        else:
            click.echo(problem_line(problem), err=True)

    def count(self, key: str, n: int = 1) -> None:
        """Add *n* to the counter *key* of the summary (``articles`` also sets the report's field)."""
        if key == "articles":
            self.report.articles += n
        else:
            self.report.counts[key] = self.report.counts.get(key, 0) + n

    def summary(self) -> None:
        """The summary on stderr: a table on a terminal, else one line (nothing when quiet)."""
        if self.quiet:
            return
        rows = [
            ("inputs", self.report.inputs),
            ("pages", self.report.pages),
            ("articles", self.report.articles),
            *sorted(self.report.counts.items()),
            ("problems", len(self.report.problems)),
        ]
        if not self.console.is_terminal:
            click.echo(summary_line(self.command, rows), err=True)
            return
        table = Table(title=f"guanxi {self.command}")
        table.add_column("what")
        table.add_column("count", justify="right")
        for key, value in rows:
            table.add_row(key, str(value))
        self.console.print(table)

    @property
    def exit_code(self) -> int:
        return self.report.exit_code

    def exit(self) -> NoReturn:
        """Exit with the run's code: 0, 1 when some inputs were rejected, 3 when none could be read."""
        if self.report.nothing_read:
            fatal(NothingReadError(self.report))
        sys.exit(self.report.exit_code)
