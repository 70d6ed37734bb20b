"""Errors the library raises. Each carries one line a user can act on: what, where, why."""

from __future__ import annotations

from typing import Any


class GuanxiError(Exception):
    """Base class of guanxi's own errors. ``str(err)`` is the one-line message shown to users."""


class InputError(GuanxiError):
    """An input path cannot be used at all (missing, not a file or directory)."""


class OutputError(GuanxiError):
    """The output cannot be written (not writable, no space)."""


class Neo4jError(GuanxiError):
    """The Neo4j server cannot be reached or refused the load."""


class ForeignOutputError(OutputError):
    """The output folder holds files guanxi did not write: it is not replaced (unless forced)."""


class OutputBusyError(OutputError):
    """Another guanxi run is writing the same output folder."""


class NothingReadError(InputError):
    """Inputs were given but none could be read: nothing is written, the old output stays.

    ``report`` is the run report (a :class:`~guanxi.report.RunReport`) with every rejected
    input; *kept* names the output left as it was.
    """

    def __init__(self, report: Any, kept: str | None = None) -> None:
        why = f"no page could be read ({len(report.problems)} rejected)"
        super().__init__(f"{why}; {kept} was left as it was" if kept else why)
        self.report = report


class ExtractionError(GuanxiError):
    """A pipeline component failed on an article (the message names the page, article and error)."""
