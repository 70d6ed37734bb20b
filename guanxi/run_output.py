"""What both build engines share: the progress callback, and the output folder opened, reported and committed.

The local engine (:mod:`guanxi.runner`) and the Dask engine (:mod:`guanxi.engine_dask`) both import
this module, and neither imports the other at module level: the runner imports the Dask engine
only when ``engine="dask"`` is asked for, and the Dask engine never imports the runner.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from guanxi.errors import NothingReadError, OutputError
from guanxi.outputs import OutputFolder
from guanxi.report import RunReport

__all__ = ["Progress", "finish", "no_progress", "output_folder", "write_provisional_report"]

#: ``progress(stage, done, total)``: stage is ``extract`` (done = pages), ``resolve``,
#: ``export`` (done = formats written, or export groups on Dask) or ``done``; total is None when unknown.
Progress = Callable[[str, int, "int | None"], None]


def no_progress(stage: str, done: int, total: int | None) -> None:
    """The :data:`Progress` of a run nobody watches."""
    return None


@contextlib.contextmanager
def output_folder(out: Path, *, force: bool = False) -> Iterator[OutputFolder]:
    """The :class:`~guanxi.outputs.OutputFolder` of *out*, entered; an OSError is an OutputError.

    The folder is locked, checked (:class:`~guanxi.errors.ForeignOutputError` unless *force*)
    and staged on entering; the staging folder is removed when the block ends uncommitted.
    """
    folder = OutputFolder(out, force=force)
    try:
        folder.__enter__()
    except OSError as err:
        raise OutputError(f"{out}: cannot create the output folder ({err.strerror or err})") from err
    try:
        yield folder
    except OSError as err:
        raise OutputError(f"{out}: cannot write the output ({err.strerror or err})") from err
    finally:
        folder.__exit__()


def finish(
    folder: OutputFolder,
    out: Path,
    report: RunReport,
    timings: dict[str, float],
    written: Sequence[str | Path],
    extra: Sequence[str] = (),
) -> None:
    """List the outputs in the report, write report.json and move the staging folder into place.

    Raises :class:`~guanxi.errors.NothingReadError` instead when inputs were rejected and no
    page was read: an empty graph never replaces the previous output.
    """
    if report.nothing_read:
        raise NothingReadError(report, str(out))
    tmp = folder.staging
    names = ["articles.jsonl", "extractions.jsonl", "pages.jsonl", "report.json", *extra]
    names += [str(Path(p).relative_to(tmp)) for p in written]
    if (tmp / "index.html").exists():
        names.append("index.html")
    report.outputs[:] = sorted(str(out / n) for n in set(names))
    _write_report(tmp, report, timings)
    folder.commit()


def _write_report(tmp: Path, report: RunReport, timings: dict[str, float]) -> None:
    # Timings vary run to run; they go to report.json only, never into the graph exports.
    data = report.to_dict()
    data["seconds"] = {k: round(v, 3) for k, v in sorted(timings.items())}
    (tmp / "report.json").write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def write_provisional_report(tmp: Path, report: RunReport) -> None:
    """report.json as it stands, for the report page's problem list (rewritten at the end)."""
    (tmp / "report.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
