"""Chain the stages: read -> segment -> extract -> resolve -> build -> export, into one folder.

The run streams: each page's extractions are written to ``articles.jsonl``,
``extractions.jsonl`` and ``pages.jsonl`` as soon as they are made, only their entity keys
stay in memory (:class:`~guanxi.graph.build.GraphBuilder`), and the graph is exported from
sorted streams on disk (:class:`~guanxi.graph.stream.GraphStream`). Everything is written into a
staging folder beside ``OUT`` that replaces ``OUT`` at the end (:class:`~guanxi.outputs.OutputFolder`),
so a crash never leaves a half-written output, and a run that read nothing keeps the old one.
What to build and how to run it come as :class:`~guanxi.options.BuildOptions` and
:class:`~guanxi.options.EngineOptions`; ``engine="dask"`` hands both to :func:`guanxi.engine_dask.run_dask`.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from guanxi.graph.build import GraphBuilder, KnowledgeGraph, page_home
from guanxi.graph.export import EXPORT_FORMATS, write_all
from guanxi.graph.splice import ExportCache
from guanxi.jsonl import read_jsonl
from guanxi.model import Home, Page, PageExtraction, Problem
from guanxi.options import BuildOptions, EngineOptions, OptionError, split_options
from guanxi.outputs import check_stop
from guanxi.report import RunReport
from guanxi.run_output import Progress, finish, no_progress, output_folder, write_provisional_report
from guanxi.update import PageIndex, StoredOutput, StoredPages, code_fingerprint, fold_options, write_state

__all__ = ["BuildOptions", "EngineOptions", "Progress", "build", "build_from_extractions", "read_extractions"]


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

    def resume(self, stored: StoredPages) -> None:
        """Begin each file with the stored pages' lines (before any page is written)."""
        stored.copy_pages(self._files)

    def close(self) -> None:
        for fh in self._files.values():
            fh.close()


def build_from_extractions(
    extractions: Iterable[PageExtraction | Problem | StoredPages],
    out_dir: str | Path,
    options: BuildOptions | None = None,
    *,
    report: RunReport | None = None,
    progress: Progress | None = None,
    **fields: Any,
) -> RunReport:
    """Build and export the graph of ready extractions (the graph half of :func:`build`).

    Parameters
    ----------
    extractions : iterable of PageExtraction or Problem (or StoredPages)
        Consumed once; problems go to the report. A :class:`~guanxi.update.StoredPages` (first,
        from ``build --update``) stands for the stored pages of the output folder.
    out_dir : path
        The output folder, replaced whole at the end (:class:`~guanxi.outputs.OutputFolder`):
        only when it is empty or guanxi's own, one run at a time.
    options : BuildOptions, optional
        What to build: export filters (labels, min_weight, since, until), co-occurrence window,
        report page (html), force. ``home``, ``from_extractions`` and ``update`` play no part here.
    report : RunReport, optional
        The report to add to (the reading half's problems); a new one by default.
    progress : callable, optional
        ``progress(stage, done, total)``, see :data:`~guanxi.run_output.Progress`.
    **fields
        Attributes of :class:`~guanxi.options.BuildOptions` that replace those of *options*
        (``html=False``).

    Raises
    ------
    OutputError
        The output folder cannot be written; :class:`~guanxi.errors.ForeignOutputError` when
        it holds files guanxi did not write, :class:`~guanxi.errors.OutputBusyError` when
        another run is writing it.
    NothingReadError
        Inputs were rejected and no page was read (the old folder is kept).
    OptionError
        An option has a value guanxi cannot use.
    """
    (options,) = split_options(fields, options or BuildOptions, where="build_from_extractions")
    report = report or RunReport()
    progress = progress or no_progress
    out = Path(out_dir)
    t0 = time.perf_counter()
    # The run builds millions of small acyclic records: the cyclic collector would rescan them
    # all on every pass (time superlinear in corpus size) and find nothing to free.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(extractions, out, options, report, progress, t0)
    finally:
        if gc_was_enabled:
            gc.enable()


def _build(
    extractions: Iterable[PageExtraction | Problem | StoredPages],
    out: Path,
    options: BuildOptions,
    report: RunReport,
    progress: Progress,
    t0: float,
) -> RunReport:
    html = options.html
    with output_folder(out, force=options.force) as folder:
        tmp = folder.staging
        writer = _Writer(tmp)
        builder = GraphBuilder(
            window=options.window,
            cooccurrence=options.cooccurrence,
            since=options.since,
            until=options.until,
            corrections=options.corrections,
        )
        timings: dict[str, float] = {}
        pages = PageIndex()  # for the update state
        try:
            for item in extractions:
                check_stop()  # a stop whose exception was swallowed (see request_stop) ends here
                if isinstance(item, Problem):
                    report.problems.append(item)
                    continue
                if isinstance(item, StoredPages):  # the stored pages of an update, folded already
                    builder.restore(item.builder_chunks())
                    writer.resume(item)
                    for path, ids in item.index.without_home.items():
                        report.without_home.setdefault(path, []).extend(ids)
                    report.pages += item.index.pages
                    report.articles += item.index.articles
                    pages.extend(item.index)
                    progress("extract", report.pages, None)
                    continue
                writer.write(item)
                builder.add(item)
                homeless = not page_home(item)
                if homeless:
                    report.no_home(item.page.path, item.page.page_id)
                pages.add(item, homeless)
                report.pages += 1
                report.articles += len(item.articles)
                progress("extract", report.pages, None)
        finally:
            writer.close()
        folded = fold_options(options.since, options.until, options.corrections)
        write_state(tmp, folded, pages, builder.snapshot())
        timings["extract"] = time.perf_counter() - t0
        report.problems.extend(builder.problems)
        skipped = builder.skipped
        if options.corrections is not None:
            report.corrections = options.corrections.report(builder.corrected)
        progress("resolve", 0, None)
        t1 = time.perf_counter()
        # The graph as sorted streams on disk: the exports read it twice (tables, then all formats at once), never whole.
        graph = builder.build_stream()
        report.persons_without_home = builder.homeless.to_dict()
        builder.close()
        del builder  # the mention tables are no longer needed: free them before exporting
        try:
            kg = graph
            if options.filtered:
                kg = graph.filter(labels=options.labels, min_weight=options.min_weight)
            timings["resolve"] = time.perf_counter() - t1
            formats = EXPORT_FORMATS + html  # write_all's formats, and the report page
            progress("export", 0, formats)
            t2 = time.perf_counter()
            # An update copies the records that did not change from the exports of OUT.
            cache = ExportCache(out if options.update and out.is_dir() else None, code_fingerprint())
            written = write_all(kg, tmp, lambda done, _: progress("export", done, formats), cache=cache)
            if html:
                _write_html(tmp, report)
                progress("export", formats, formats)
            timings["export"] = time.perf_counter() - t2
            report.counts.update(kg.counts())
        finally:
            graph.close()
        report.counts["skipped_articles"] = skipped
        finish(folder, out, report, timings, written)
    progress("done", report.pages, report.pages)
    return report


def _write_html(tmp: Path, report: RunReport) -> None:
    from guanxi.graph.report import write_report

    write_provisional_report(tmp, report)
    write_report(tmp)


def _extract(
    paths: Sequence[str | Path],
    home: Home | None,
    jobs: int,
    report: RunReport,
    admit: Callable[[Page], bool] | None = None,
) -> Iterator[PageExtraction | Problem]:
    from guanxi.extractors.extract import extract_pages
    from guanxi.extractors.read import read_inputs

    def pages() -> Iterator[Page]:
        for item in read_inputs([str(p) for p in paths], home=home):
            report.saw(item.path)
            if isinstance(item, Problem):
                report.problems.append(item)
            elif admit is None or admit(item):
                yield item

    yield from extract_pages(pages(), jobs=jobs, home=home, on_problem=report.problems.append)


def build(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    options: BuildOptions | None = None,
    engine: EngineOptions | str | None = None,
    *,
    progress: Progress | None = None,
    on_cluster: Callable[[Any], None] | None = None,
    **fields: Any,
) -> RunReport:
    """Read *paths*, extract, resolve, build the graph and write the output folder *out_dir*.

    Writes ``articles.jsonl``, ``extractions.jsonl``, ``pages.jsonl``, ``nodes.jsonl``,
    ``edges.jsonl``, ``graph.graphml``, ``graph.gexf``, ``graph.json``, ``neo4j-import/``,
    ``careers.csv``, ``appointments.csv``, ``report.json`` and ``index.html``. Unreadable inputs become problems in the report.

    Parameters
    ----------
    paths : sequence of path
        Files or folders of pages (.txt/.md) or JSONL article records; ``"-"`` is stdin.
        With ``from_extractions``: ``extractions.jsonl`` files (of ``guanxi extract`` or an
        earlier build), and reading and extraction are skipped.
    out_dir : path
        The output folder (replaced whole at the end, see :func:`build_from_extractions`).
    options : BuildOptions, optional
        What to build (:class:`~guanxi.options.BuildOptions`); the same for either engine.
    engine : EngineOptions or str, optional
        How to run it (:class:`~guanxi.options.EngineOptions`; ``"dask"`` is short for
        ``EngineOptions(engine="dask")``). ``dask`` runs on a Dask cluster
        (:func:`guanxi.engine_dask.run_dask`, same output).
    progress : callable, optional
        ``progress(stage, done, total)``, see :data:`~guanxi.run_output.Progress`.
    on_cluster : callable, optional
        Dask: called once with the :class:`~guanxi.engine_dask.ClusterInfo` when the cluster is up.
    **fields
        Attributes of either options class that replace those of *options* and *engine*:
        ``build(paths, out, html=False, jobs=2)``.

    Returns
    -------
    RunReport
        Counts, problems and the paths written; ``exit_code`` is 1 when inputs were rejected.

    Raises
    ------
    OptionError
        An option has a value guanxi cannot use (and see :func:`build_from_extractions`).

    Examples
    --------
    >>> report = build(["seeds"], "out")  # doctest: +SKIP
    >>> report = build(["seeds"], "out", BuildOptions(min_weight=2), EngineOptions(jobs=2))  # doctest: +SKIP
    """
    if isinstance(engine, str):  # build(..., engine="dask"): the engine's name alone
        fields["engine"] = engine
        engine = None
    options, engine = split_options(fields, options or BuildOptions, engine or EngineOptions, where="build")
    if options.update and engine.engine == "dask":
        raise OptionError("update: the dask engine cannot update an output; build it with --engine local")
    if engine.engine == "dask":
        from guanxi.engine_dask import run_dask  # imports dask only when asked for

        return run_dask(paths, out_dir, options, engine, progress=progress, on_cluster=on_cluster)
    report = RunReport()
    folded = fold_options(options.since, options.until, options.corrections)
    stored = StoredOutput(Path(out_dir), options=folded) if options.update else None
    if options.from_extractions:
        source: Iterable[PageExtraction | Problem] = _read_many(paths, report)
        if stored is not None:
            source = stored.admit_items(source)
    else:
        source = _extract(paths, options.home, engine.jobs, report, stored.admit if stored else None)
    if stored is not None:
        source = _update(stored, source, report)
    return build_from_extractions(source, out_dir, options, report=report, progress=progress)


def _update(
    stored: StoredOutput, new: Iterable[PageExtraction | Problem], report: RunReport
) -> Iterator[PageExtraction | Problem | StoredPages]:
    """The pages of ``--update``: the stored ones, then *new*; the report gets the union's inputs."""
    stored.read()  # consumed inside build_from_extractions: the output folder is locked by then
    yield from stored.union(new)
    report.update = stored.counts.to_dict()
    old = set(stored.input_paths)
    added = [p for p in dict.fromkeys(report.input_paths) if p not in old]
    report.inputs = stored.inputs + len(added)
    report.input_paths[:] = [*stored.input_paths, *added]


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
