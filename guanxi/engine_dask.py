"""``guanxi build --engine dask``: the same output folder as :func:`guanxi.runner.build`, made by
a Dask cluster (a LocalCluster on loopback, or any scheduler: SLURM, PBS, Kubernetes).

The map phase runs :func:`guanxi.graph.distributed.extract_partition` once per input partition;
results come back as counts and problems only, records stay in Parquet files on the shared
output disk. The reduce phase is :func:`guanxi.graph.distributed.reduce_graph`. The exports are written
by the writers of :mod:`guanxi.graph.export` from the node and edge tables (three groups at
once, two of them on workers), so both engines write byte-identical graph files for the same
corpus.

Examples
--------
>>> report = run_dask(["seeds"], "out", BuildOptions(html=False), EngineOptions(workers=2))  # doctest: +SKIP
>>> report = run_dask(["seeds"], "out", html=False, workers=2)  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import importlib.util
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guanxi.errors import GuanxiError
from guanxi.graph.corrections import marks, tally
from guanxi.graph.distributed import (
    DEFAULT_CHUNK_BYTES,
    Partition,
    PartitionResult,
    export_groups,
    export_tables,
    extract_partition,
    plan_partitions,
    reduce_graph,
)
from guanxi.model import Problem
from guanxi.options import BuildOptions, EngineOptions, split_options
from guanxi.report import RunReport
from guanxi.run_output import Progress, finish, no_progress, output_folder, write_provisional_report

__all__ = ["ClusterInfo", "run_dask"]

#: Output subfolder of the node and edge Parquet tables.
PARQUET_DIR = "parquet"
#: Map partitions per worker at least (smaller chunks for a small corpus), so that no worker
#: waits long for the last one.
PARTS_PER_WORKER = 8


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    """The cluster a run uses: scheduler address, dashboard URL (None when not served), workers."""

    scheduler: str
    dashboard: str | None
    workers: int
    started: bool  # True when guanxi started a LocalCluster itself


def dashboard_off(cluster) -> bool:
    """True when the LocalCluster serves no dashboard (bokeh is not installed)."""
    return importlib.util.find_spec("bokeh") is None or not cluster.dashboard_link


def _local_cluster(workers: int, memory_limit: str | float | None):
    import logging

    from distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,  # spaCy and pandas hold the GIL: one process per core
        processes=True,
        host="127.0.0.1",  # loopback only
        dashboard_address="127.0.0.1:0",  # loopback, any free port (served only when bokeh is installed)
        memory_limit=memory_limit if memory_limit is not None else "auto",
        silence_logs=logging.ERROR,  # shuffle and shutdown notices are not the user's business
    )


def run_dask(
    paths: Sequence[str | Path],
    out_dir: str | Path,
    options: BuildOptions | None = None,
    engine: EngineOptions | None = None,
    *,
    progress: Progress | None = None,
    on_cluster: Callable[[ClusterInfo], None] | None = None,
    **fields: Any,
) -> RunReport:
    """Build the output folder of :func:`guanxi.runner.build` on a Dask cluster.

    Parameters
    ----------
    paths, out_dir, options
        As for :func:`guanxi.runner.build`. *out_dir* must be on a disk every worker sees
        (always true for a LocalCluster; a shared file system on SLURM/PBS/Kubernetes).
    engine : EngineOptions, optional
        The cluster (:class:`~guanxi.options.EngineOptions`; its ``engine`` and ``jobs`` play
        no part here): *scheduler* is the address of a running scheduler (``tcp://host:8786``);
        without it guanxi starts a LocalCluster of *workers* processes on 127.0.0.1, with
        *memory_limit* per worker, and closes it at the end. *chunk_bytes* is the input bytes
        per partition (a large JSONL file is cut into line-aligned byte ranges);
        *shuffle_method* ``"p2p"`` (disk-backed) or ``"tasks"`` (by default chosen by the size
        of the tables).
    progress : callable, optional
        ``progress(stage, done, total)``: ``extract`` counts partitions (total known), then
        ``resolve`` (done = step number), ``export`` and ``done``.
    on_cluster : callable, optional
        Called once with :class:`ClusterInfo` when the cluster is up (e.g. to print the
        dashboard address).
    **fields
        Attributes of either options class that replace those of *options* and *engine*:
        ``run_dask(paths, out, workers=4, html=False)``.

    Returns
    -------
    RunReport
        As the local engine's; ``report.json`` also lists the Parquet tables.

    Raises
    ------
    OutputError
        The output folder cannot be written (or is not guanxi's, or is busy: as the local engine).
    NothingReadError
        No partition gave a page (every input rejected, or every worker lost): the old folder stays.
    GuanxiError
        The scheduler cannot be reached, or an input cannot be partitioned (``-``).
    OptionError
        An option has a value guanxi cannot use.
    """
    options, engine = split_options(
        fields, options or BuildOptions, engine or EngineOptions(engine="dask"), where="run_dask"
    )
    chunk_bytes = engine.chunk_bytes or DEFAULT_CHUNK_BYTES
    scheduler = engine.scheduler
    from distributed import Client, as_completed

    progress = progress or no_progress
    report = RunReport()
    out = Path(out_dir)
    parts = plan_partitions(paths, chunk_bytes=chunk_bytes)
    cluster = None
    timings: dict[str, float] = {}
    with output_folder(out, force=options.force) as folder, contextlib.ExitStack() as stack:
        tmp = folder.staging
        stage = tmp / "_dask"
        try:
            if scheduler:
                client = Client(scheduler, timeout="30s")
            else:
                cluster = _local_cluster(engine.workers, engine.memory_limit)
                stack.callback(cluster.close)
                client = Client(cluster)
        except OSError as err:
            raise GuanxiError(
                f"{scheduler or 'LocalCluster'}: cannot reach the Dask scheduler ({err})"
            ) from err
        with client:
            n_workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
            if n_workers > 1:  # several partitions per worker: the last ones even out the map's end
                parts = plan_partitions(
                    paths, chunk_bytes=chunk_bytes, min_parts=PARTS_PER_WORKER * n_workers
                )
            if on_cluster is not None:
                link = None if cluster is not None and dashboard_off(cluster) else client.dashboard_link
                on_cluster(ClusterInfo(client.scheduler.address, link, n_workers, cluster is not None))
            t0 = time.perf_counter()
            results = _map(client, as_completed, parts, stage, options, progress)
            timings["extract"] = time.perf_counter() - t0
            problems: list[tuple[tuple[int, int], Problem]] = []
            for part in parts:  # as the local engine counts them: files, not records
                for path in part.paths:
                    report.saw(path)
            for r in results.values():
                report.pages += r.pages
                report.articles += r.articles
                problems.extend(((r.index, seq), p) for seq, p in r.problems)
            repeated = _repeated_pages(stage, parts, report, problems)
            left_out = set(repeated)  # a repeated record is no page of the output: not named either
            corrected = tally(r.corrected for r in results.values())
            if options.corrections is not None:
                report.corrections = options.corrections.report(corrected)
            for r in results.values():
                for seq, path, page_id in r.without_home:
                    if (r.index, seq) not in left_out:
                        report.no_home(path, page_id)
            # The page files are written by a worker while the reduce runs (the client would
            # write them first, with both workers idle); the report page reads them at export.
            page_files = client.submit(
                write_page_files, str(stage), str(tmp), [p.index for p in parts], repeated, pure=False
            )
            problems.sort(key=lambda x: x[0])
            report.problems.extend(p for _, p in problems)
            t1 = time.perf_counter()
            steps = iter(range(1, 100))
            res = reduce_graph(
                stage,
                window=options.window,
                cooccurrence=options.cooccurrence,
                exclude_pages=repeated,
                parallel=max(1, n_workers),
                shuffle_method=engine.shuffle_method,
                progress=lambda name: progress("resolve", next(steps), None),
                corrected=marks(corrected),
            )
            report.problems.extend(p for _, p in res.problems)
            report.persons_without_home = res.homeless.to_dict()
            report.articles -= page_files.result()
            timings["resolve"] = time.perf_counter() - t1
            t2 = time.perf_counter()
            # The export groups are independent: one per worker at the same time; the client
            # takes one only when workers are fewer than groups (it would compete for a core).
            opts = {"meta": res.meta, "labels": options.labels, "min_weight": options.min_weight}
            formats = ("jsonl", "html", "graphml", "gexf", "neo4j", "json", "careers")
            # One group per worker; with one worker, two groups: the client writes one of them.
            groups = export_groups([f for f in formats if options.html or f != "html"], max(2, n_workers))
            if options.html:  # the page, written in an export group, lists the problems of report.json
                write_provisional_report(tmp, report)
            here: tuple[str, ...] = ()
            there = list(groups)
            if not _fits_workers(client, stage):  # each export holds the whole graph: keep it here
                here, there = tuple(f for g in groups for f in g), []
            elif n_workers < len(there):
                here = there.pop(0)
            exports = len(there) + bool(here)  # export groups, for the progress
            progress("export", 0, exports)
            futs = [client.submit(export_tables, str(stage), str(tmp), g, **opts, pure=False) for g in there]
            written: list[str] = []
            counts: dict[str, int] = {}
            if here:
                written, counts = export_tables(stage, tmp, here, **opts)
                progress("export", 1, exports)
            for done, f in enumerate(futs, 1 + bool(here)):
                files, graph_counts = f.result()
                written += files
                counts = counts or graph_counts
                progress("export", done, exports)
        pq = tmp / PARQUET_DIR
        pq.mkdir()
        for kind in ("nodes", "edges"):
            shutil.move(str(stage / kind), str(pq / kind))
        shutil.rmtree(stage, ignore_errors=True)
        timings["export"] = time.perf_counter() - t2
        report.counts.update(counts)
        report.counts["skipped_articles"] = res.skipped
        finish(folder, out, report, timings, written, extra=(PARQUET_DIR,))
    progress("done", report.pages, report.pages)
    return report


def _fits_workers(client, stage: Path) -> bool:
    """True when the graph, as the exporters hold it, fits well in every worker's memory limit.

    About 20 bytes in memory per byte of the compressed Parquet tables (Python objects).
    """
    size = sum(p.stat().st_size for kind in ("nodes", "edges") for p in (stage / kind).rglob("*.parquet"))
    workers = client.scheduler_info(n_workers=-1).get("workers", {}).values()
    limits = [w.get("memory_limit") or 0 for w in workers]
    return bool(limits) and all(not lim or 20 * size < lim / 2 for lim in limits)


def _map(client, as_completed, parts, stage: Path, options: BuildOptions, progress: Progress):
    """Run the map tasks; a partition whose task fails (after Dask's retries) becomes a problem."""
    run = uuid.uuid4().hex[:8]
    futures = client.map(
        extract_partition,
        parts,
        stage=str(stage),
        home=options.home,
        since=options.since,
        until=options.until,
        from_extractions=options.from_extractions,
        corrections=options.corrections,
        key=[f"guanxi-extract-{run}-{p.index}" for p in parts],
        retries=1,  # an exception in our code is retried once; a lost worker is retried by the scheduler
    )
    by_key = {f.key: p for f, p in zip(futures, parts, strict=True)}
    results: dict[int, PartitionResult] = {}
    progress("extract", 0, len(parts))
    for done, fut in enumerate(as_completed(futures), 1):
        part: Partition = by_key[fut.key]
        try:
            results[part.index] = fut.result()
        except Exception as err:  # the partition is a bad input, the run goes on
            results[part.index] = _failed(part, err, stage)
        progress("extract", done, len(parts))
    return dict(sorted(results.items()))


def _failed(part: Partition, err: BaseException, stage: Path) -> PartitionResult:
    from guanxi.graph.distributed import MAP_TABLES, _schema, write_table

    why = f"partition {part.index} ({part.label}) failed ({type(err).__name__}: {err})"
    paths = part.paths
    problems = tuple(
        (i, Problem(str(p), part.first_line if part.path else None, why)) for i, p in enumerate(paths)
    )
    # Empty tables keep the dataset complete (a half-written output of the task is replaced).
    name = f"part-{part.index:06d}.parquet"
    for table in MAP_TABLES:
        write_table([], Path(stage) / table / name, _schema(table))
    return PartitionResult(part.index, len(paths), 0, 0, problems)


def _repeated_pages(
    stage: Path, parts: list[Partition], report: RunReport, problems
) -> list[tuple[int, int]]:
    """(partition, position) of records repeated across the byte ranges of one JSONL file.

    The reader sees one range at a time, so such repeats are found here, each with the
    reader's problem; they are left out of the outputs.
    """
    import pyarrow.parquet as pq

    split: dict[int, list[int]] = {}
    for p in parts:
        if p.path is not None:
            split.setdefault(p.source, []).append(p.index)
    repeated: list[tuple[int, int]] = []
    for idxs in split.values():
        if len(idxs) < 2:
            continue
        seen: set[str] = set()
        for i in idxs:
            t = pq.read_table(
                stage / "pages" / f"part-{i:06d}.parquet", columns=["seq", "page_id", "path", "line"]
            )
            for seq, pid, path, line in zip(
                *(t.column(c).to_pylist() for c in ("seq", "page_id", "path", "line")), strict=True
            ):
                if pid in seen:
                    repeated.append((i, seq))
                    problems.append(((i, seq), Problem(path, line, f'duplicate id "{pid}"')))
                else:
                    seen.add(pid)
    report.pages -= len(repeated)
    return repeated


def write_page_files(stage: str, out: str, indexes: list[int], repeated: list[tuple[int, int]]) -> int:
    """``articles.jsonl``, ``extractions.jsonl`` and ``pages.jsonl`` of OUT in input order, from
    the map tables of partitions INDEXES, without the REPEATED pages; returns the number of
    articles left out. A task: it runs on a worker while the reduce runs."""
    import pyarrow.parquet as pq

    skip = {tuple(r) for r in repeated}
    dropped = 0
    files = {
        n: (Path(out) / n).open("w", encoding="utf-8", newline="\n")
        for n in ("articles.jsonl", "extractions.jsonl", "pages.jsonl")
    }
    try:
        for index in indexes:
            pf = pq.ParquetFile(Path(stage) / "pages" / f"part-{index:06d}.parquet")
            for batch in pf.iter_batches(batch_size=1024):
                for row in batch.to_pylist():
                    if (index, row["seq"]) in skip:
                        dropped += row["articles"].count("\n")
                        continue
                    files["articles.jsonl"].write(row["articles"])
                    files["extractions.jsonl"].write(row["extraction"] + "\n")
                    if row["gold"] is not None:
                        files["pages.jsonl"].write(row["gold"] + "\n")
    finally:
        for fh in files.values():
            fh.close()
    return dropped
