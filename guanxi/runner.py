"""Chain the stages: read -> segment -> extract -> resolve -> build -> export, into one folder.

The run streams: each page's extractions are written to ``articles.jsonl``,
``extractions.jsonl`` and ``pages.jsonl`` as soon as they are made, only their entity keys
stay in memory (:class:`~guanxi.graph.build.GraphBuilder`), and the graph is exported from
sorted streams on disk (:class:`~guanxi.graph.stream.GraphStream`). Everything is written into a
staging folder beside ``OUT`` that replaces ``OUT`` at the end (:class:`~guanxi.outputs.OutputFolder`),
so a crash never leaves a half-written output, and a run that read nothing keeps the old one.
"""

from __future__ import annotations

import contextlib
import gc
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from guanxi.errors import NothingReadError, OutputError
from guanxi.graph.build import GraphBuilder, KnowledgeGraph
from guanxi.graph.export import write_all
from guanxi.jsonl import read_jsonl
from guanxi.model import Home, Page, PageExtraction, Problem
from guanxi.outputs import OutputFolder, check_stop
from guanxi.report import RunReport

__all__ = ["Progress", "build", "build_from_extractions", "read_extractions"]

#: ``progress(stage, done, total)``: stage is ``extract`` (done = pages), ``resolve``,
#: ``export`` (done = formats written, or export groups on Dask) or ``done``; total is None when unknown.
Progress = Callable[[str, int, "int | None"], None]


def _noop(stage: str, done: int, total: int | None) -> None:
    return None


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class _Writer:
    """The per-page JSONL files of the output folder, appended as pages arrive."""

    def __init__(self, out: Path) -> None:
        self._files: dict[str, IO[str]] = {
            name: (out / name).open("w", encoding="utf-8", newline="\n")
            for name in ("articles.jsonl", "extractions.jsonl", "pages.jsonl")
        }
        self._to_gold: Callable[[PageExtraction], dict] | None
        try:
            from guanxi.extractors.gold import to_gold
        except ImportError:  # the gold converter is optional for a graph-only build
            self._to_gold = None
        else:
            self._to_gold = to_gold

    def write(self, pe: PageExtraction) -> None:
        f = self._files
        for ax in pe.articles:
            f["articles.jsonl"].write(_dumps(ax.article.to_dict()) + "\n")
        f["extractions.jsonl"].write(_dumps(pe.to_dict()) + "\n")
        if self._to_gold is not None:
            f["pages.jsonl"].write(_dumps(self._to_gold(pe)) + "\n")

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()


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


def build_from_extractions(
    extractions: Iterable[PageExtraction | Problem],
    out_dir: str | Path,
    *,
    labels: Sequence[str] | None = None,
    min_weight: int = 1,
    since: str | None = None,
    until: str | None = None,
    window: int = 2,
    report: RunReport | None = None,
    progress: Progress | None = None,
    html: bool = True,
    force: bool = False,
) -> RunReport:
    """Build and export the graph of ready extractions (the graph half of :func:`build`).

    Parameters
    ----------
    extractions : iterable of PageExtraction or Problem
        Consumed once; problems go to the report.
    out_dir : path
        The output folder, replaced whole at the end (:class:`~guanxi.outputs.OutputFolder`):
        only when it is empty or guanxi's own, one run at a time.
    labels, min_weight, since, until
        Export filters: node labels kept, minimum CO_OCCURS weight, ISO article date range.
    window : int
        Sentence window of the CO_OCCURS ``window`` count.
    html : bool
        Also write ``index.html`` (the report page) when the report module is present.
    force : bool
        Replace *out_dir* even when it holds files guanxi did not write.

    Raises
    ------
    OutputError
        The output folder cannot be written; :class:`~guanxi.errors.ForeignOutputError` when
        it holds files guanxi did not write, :class:`~guanxi.errors.OutputBusyError` when
        another run is writing it.
    NothingReadError
        Inputs were rejected and no page was read (the old folder is kept).
    """
    report = report or RunReport()
    progress = progress or _noop
    out = Path(out_dir)
    t0 = time.perf_counter()
    # The run builds millions of small acyclic records: the cyclic collector would rescan them
    # all on every pass (time superlinear in corpus size) and find nothing to free.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(
            extractions, out, labels, min_weight, since, until, window, report, progress, html, force, t0
        )
    finally:
        if gc_was_enabled:
            gc.enable()


def _build(
    extractions, out, labels, min_weight, since, until, window, report, progress, html, force, t0
) -> RunReport:
    with output_folder(out, force=force) as folder:
        tmp = folder.staging
        writer = _Writer(tmp)
        builder = GraphBuilder(window=window, since=since, until=until)
        timings: dict[str, float] = {}
        try:
            for item in extractions:
                check_stop()  # a stop whose exception was swallowed (see request_stop) ends here
                if isinstance(item, Problem):
                    report.problems.append(item)
                    continue
                writer.write(item)
                builder.add(item)
                report.pages += 1
                report.articles += len(item.articles)
                progress("extract", report.pages, None)
        finally:
            writer.close()
        timings["extract"] = time.perf_counter() - t0
        report.problems.extend(builder.problems)
        skipped = builder.skipped
        progress("resolve", 0, None)
        t1 = time.perf_counter()
        # The graph as sorted streams on disk: the exports read it (some twice), never whole.
        graph = builder.build_stream()
        builder.close()
        del builder  # the mention tables are no longer needed: free them before exporting
        try:
            kg = graph
            if labels is not None or min_weight > 1:
                kg = graph.filter(labels=labels, min_weight=min_weight)
            timings["resolve"] = time.perf_counter() - t1
            formats = 5 + html  # write_all's five, and the report page
            progress("export", 0, formats)
            t2 = time.perf_counter()
            written = write_all(kg, tmp, lambda done, _: progress("export", done, formats))
            if html:
                _write_html(tmp, report)
                progress("export", formats, formats)
            timings["export"] = time.perf_counter() - t2
            report.counts.update(kg.counts())
        finally:
            graph.close()
        report.counts["skipped_articles"] = skipped
        _finish(folder, out, report, timings, written)
    progress("done", report.pages, report.pages)
    return report


def _finish(
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


def _write_html(tmp: Path, report: RunReport) -> None:
    from guanxi.graph.report import write_report

    write_provisional_report(tmp, report)
    write_report(tmp)


def _extract(
    paths: Sequence[str | Path], home: Home | None, jobs: int, report: RunReport
) -> Iterator[PageExtraction | Problem]:
    from guanxi.extractors.extract import extract_pages
    from guanxi.extractors.read import read_inputs

    def pages() -> Iterator[Page]:
        for item in read_inputs([str(p) for p in paths], home=home):
            report.saw(item.path)
            if isinstance(item, Problem):
                report.problems.append(item)
            else:
                yield item

    yield from extract_pages(pages(), jobs=jobs, home=home)


def build(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    *,
    home: Home | None = None,
    jobs: int = 1,
    labels: Sequence[str] | None = None,
    min_weight: int = 1,
    since: str | None = None,
    until: str | None = None,
    window: int = 2,
    progress: Progress | None = None,
    html: bool = True,
    from_extractions: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int = 2,
    memory_limit: str | None = None,
    on_cluster: Callable[[Any], None] | None = None,
    force: bool = False,
) -> RunReport:
    """Read *paths*, extract, resolve, build the graph and write the output folder *out_dir*.

    Writes ``articles.jsonl``, ``extractions.jsonl``, ``pages.jsonl``, ``nodes.jsonl``,
    ``edges.jsonl``, ``graph.graphml``, ``graph.gexf``, ``graph.json``, ``neo4j-import/``,
    ``report.json`` and ``index.html``. Unreadable inputs become problems in the report.

    Parameters
    ----------
    paths : sequence of path
        Files or folders of pages (.txt/.md) or JSONL article records; ``"-"`` is stdin.
    out_dir : path
        The output folder (replaced whole at the end, see :func:`build_from_extractions`).
    home : Home, optional
        The paper's home when it cannot be detected from the pages.
    jobs : int
        Extraction processes.
    labels, min_weight, since, until, window, html, force
        See :func:`build_from_extractions`.
    from_extractions : bool
        *paths* are ``extractions.jsonl`` files (of ``guanxi extract`` or an earlier build):
        skip reading and extraction.
    engine : {"local", "dask"}
        ``dask`` runs on a Dask cluster (:func:`guanxi.engine_dask.run_dask`, same output);
        *scheduler*, *workers*, *memory_limit* and *on_cluster* are passed to it.

    Returns
    -------
    RunReport
        Counts, problems and the paths written; ``exit_code`` is 1 when inputs were rejected.

    Examples
    --------
    >>> report = build(["seeds"], "out")  # doctest: +SKIP
    """
    if engine == "dask":
        from guanxi.engine_dask import run_dask  # imports dask only when asked for

        return run_dask(
            paths,
            out_dir,
            home=home,
            scheduler=scheduler,
            workers=workers,
            labels=labels,
            min_weight=min_weight,
            since=since,
            until=until,
            window=window,
            progress=progress,
            html=html,
            from_extractions=from_extractions,
            memory_limit=memory_limit,
            on_cluster=on_cluster,
            force=force,
        )
    report = RunReport()
    if from_extractions:
        source: Iterable[PageExtraction | Problem] = _read_many(paths, report)
    else:
        source = _extract(paths, home, jobs, report)
    return build_from_extractions(
        source,
        out_dir,
        labels=labels,
        min_weight=min_weight,
        since=since,
        until=until,
        window=window,
        report=report,
        progress=progress,
        html=html,
        force=force,
    )


def _read_many(paths: Sequence[str | Path], report: RunReport) -> Iterator[PageExtraction | Problem]:
    from guanxi.extractors.read import FileOnce

    once = FileOnce()
    for p in paths:
        report.saw(str(p))
        if again := once.again(Path(p)):
            yield again
            continue
        if not Path(p).is_file():
            yield Problem(str(p), None, "no such file")
            continue
        yield from read_extractions(p)


def read_extractions(path: str | Path) -> Iterator[PageExtraction | Problem]:
    """Stream ``extractions.jsonl`` (one PageExtraction per line); a bad line becomes a Problem."""
    return read_jsonl(path, PageExtraction.from_dict, what="page extraction")


def open_kg(out_dir: str | Path) -> KnowledgeGraph:
    """The graph of a build folder (``nodes.jsonl``/``edges.jsonl``)."""
    return KnowledgeGraph.read(out_dir)
