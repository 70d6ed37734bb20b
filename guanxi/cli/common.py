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

Exit codes: 0 everything was read; 1 the command finished and wrote its output but some
inputs were rejected (each printed as ``guanxi: PATH:LINE: reason`` on stderr); 2 usage error
(click's own); 3 fatal :class:`~guanxi.errors.GuanxiError` (printed as ``Error: …``).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, NoReturn

import click
from rich.table import Table

from guanxi.cli.progress import StageProgress, count_pages
from guanxi.errors import GuanxiError, OutputError
from guanxi.extractors.read import read_inputs
from guanxi.model import Home, Page, Problem
from guanxi.report import RunReport

__all__ = [
    "EXIT_FATAL",
    "EXIT_OK",
    "EXIT_REJECTED",
    "Run",
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

EXIT_OK, EXIT_REJECTED, EXIT_FATAL = 0, 1, 3


def parse_home(ctx: click.Context | None, param: click.Parameter | None, value: str | None) -> Home | None:
    """click callback: ``PROVINCE/CITY`` (or ``CITY``) -> :class:`Home`; a bad value is a usage error."""
    if not value:
        return None
    parts = [p for p in value.replace("／", "/").split("/") if p.strip()]
    home = Home.parse(value) if 1 <= len(parts) <= 2 else None
    if not home:
        raise click.BadParameter("expected PROVINCE/CITY or CITY, e.g. 四川省/宜宾市")
    return home


def inputs_argument(f: Callable) -> Callable:
    """``PATH...``: pages (.txt/.md), JSONL record files, folders of them, or ``-`` for stdin."""
    return click.argument("paths", nargs=-1, required=True, metavar="PATH...")(f)


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
        help="Output file of JSON lines.",
    )(f)


def quiet_option(f: Callable) -> Callable:
    """``-q/--quiet``: no progress bar and no summary table."""
    return click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")(f)


def problem_line(problem: Problem) -> str:
    """The one stderr line of a rejected input: ``guanxi: PATH:LINE: reason``."""
    return f"guanxi: {problem}"


def fatal(err: GuanxiError | str) -> NoReturn:
    """Print ``Error: …`` on stderr and exit with code 3."""
    click.echo(f"Error: {err}", err=True)
    sys.exit(EXIT_FATAL)


@contextlib.contextmanager
def open_output(path: str) -> Iterator[IO[str]]:
    """Open *path* for writing UTF-8 text (``-`` is stdout); a failure is fatal (exit 3)."""
    if path == "-":
        with click.open_file("-", "w", encoding="utf-8") as out:
            yield out
        return
    try:
        fh = Path(path).open("w", encoding="utf-8", newline="\n")
    except OSError as err:
        fatal(OutputError(f"{path}: cannot write: {err.strerror or err}"))
    with fh:
        yield fh


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
        """Exit with the run's code: 0, or 1 when some inputs were rejected."""
        sys.exit(self.report.exit_code)
