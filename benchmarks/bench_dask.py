"""Benchmark the Dask engine against the local engine on a generated corpus (issue 7).

Runs ``guanxi build`` on the same corpus twice, each in its own process: the local engine
(one process) and the Dask engine on a LocalCluster of ``--workers`` processes on 127.0.0.1.
Both write what ``guanxi build`` writes by default, report page included (``--no-html``: the
graph files only); the Dask clock includes starting the cluster. Prints wall and CPU seconds,
the speedup, peak memory of the local process, of the Dask client and of each worker (VmHWM),
and checks that both outputs (graph files and report page) are byte-identical.

``--pairs N`` runs the other experiment: a corpus of ground-truth extractions whose
co-occurrence pair table is larger than the memory limit given to each worker
(``--memory-limit``), built with the disk-backed shuffle; it must complete.

Example::

    python benchmarks/bench_dask.py -n 100000 --workers 2 --repeat 2 --workdir /tmp/bench
    python benchmarks/bench_dask.py --pairs 1600 --per-article 120 --memory-limit 1GiB --workdir /tmp/bench
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _hwm_mb() -> float:
    # Linux: VmHWM is the peak resident set size of this process so far.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def _worker_stats() -> dict:
    """Runs inside a worker: its peak RSS and CPU seconds."""
    return {"peak_rss_mb": round(_hwm_mb(), 1), "cpu": round(_cpu(), 1)}


def run_local(src: str, out: str, from_extractions: bool, html: bool) -> dict:
    from guanxi.runner import build

    t0, c0 = time.perf_counter(), _cpu()
    report = build([src], out, html=html, from_extractions=from_extractions)
    return {
        "engine": "local",
        "articles": report.articles,
        "seconds": round(time.perf_counter() - t0, 1),
        "cpu": round(_cpu() - c0, 1),
        "peak_rss_mb": round(_hwm_mb(), 1),
        "counts": report.counts,
    }


def run_dask(
    src: str, out: str, workers: int, from_extractions: bool, memory_limit: str | None, chunk: int, html: bool
) -> dict:
    from distributed import Client, LocalCluster

    from guanxi.engine_dask import run_dask as engine

    kw = {"memory_limit": memory_limit} if memory_limit else {}
    # The clock includes starting the cluster, as `guanxi build --engine dask` does.
    t0, c0 = time.perf_counter(), _cpu()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address="127.0.0.1:0", **kw,
        ) as cluster,
        Client(cluster) as client,
    ):  # fmt: skip
        marks: dict[str, float] = {"cluster_up": round(time.perf_counter() - t0, 1)}

        def progress(stage: str, done: int, total: int | None) -> None:
            marks.setdefault(stage, round(time.perf_counter() - t0, 1))

        report = engine(
            [src],
            out,
            scheduler=cluster.scheduler_address,
            html=html,
            from_extractions=from_extractions,
            chunk_bytes=chunk,
            shuffle_method="p2p" if memory_limit else None,
            progress=progress,
        )
        wall = time.perf_counter() - t0
        per_worker = client.run(_worker_stats)
    return {
        "engine": f"dask x{workers}",
        "articles": report.articles,
        "seconds": round(wall, 1),
        "stages_started_at": marks,
        "client_cpu": round(_cpu() - c0, 1),
        "client_peak_rss_mb": round(_hwm_mb(), 1),
        "workers": {addr.rsplit(":", 1)[-1]: s for addr, s in sorted(per_worker.items())},
        "memory_limit": memory_limit,
        "counts": report.counts,
    }


def _sub(*args: str) -> dict:
    cmd = [sys.executable, __file__, *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _same(a: Path, b: Path) -> bool:
    names = ["nodes.jsonl", "edges.jsonl", "graph.graphml", "graph.gexf", "graph.json"]
    if (a / "index.html").exists() or (b / "index.html").exists():
        names.append("index.html")
    return all((a / n).exists() and (a / n).read_bytes() == (b / n).read_bytes() for n in names)


def make_pair_corpus(path: Path, articles: int, per_article: int, pool: int, seed: int = 7) -> int:
    """Ground-truth extractions with *per_article* persons each (from a pool of *pool*): the
    pair table has ``articles * per_article * (per_article - 1) / 2`` rows. Returns that number."""
    from guanxi.model import Article, ArticleExtraction, Home, Page, PageExtraction, Person, Provenance
    from guanxi.sentences import sentence_spans

    rng = random.Random(seed)
    surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
    given = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞"
    names = sorted({rng.choice(surnames) + rng.choice(given) + rng.choice(given) for _ in range(pool * 3)})[
        :pool
    ]
    home = Home("某省", "某市")
    rows = 0
    with path.open("w", encoding="utf-8") as fh:
        for k in range(articles):
            aid = f"pairs{k:07d}#1"
            chosen = rng.sample(names, per_article)
            text = "。".join(f"{n}出席会议" for n in chosen) + "。"
            persons, pos = [], 0
            for i, n in enumerate(chosen):  # one sentence per person
                persons.append(Person(n, "other", prov=(Provenance(aid, i, pos, pos + len(n)),)))
                pos += len(f"{n}出席会议。")
            day = f"2024-{1 + k % 12:02d}-{1 + k % 28:02d}"
            art = Article(aid, f"pairs{k:07d}", 1, f"会议{k}", "news", day, text, 0, len(text))
            page = Page(f"pairs{k:07d}", str(path), text, line=k + 1, home=home, meta=(("date", day),))
            sentences = tuple(sentence_spans(text))
            pe = PageExtraction(page, home, (ArticleExtraction(art, tuple(persons), sentences=sentences),))
            fh.write(json.dumps(pe.to_dict(), ensure_ascii=False) + "\n")
            rows += per_article * (per_article - 1) // 2
    return rows


def _pair_row_bytes(n: int = 100_000) -> float:
    """In-memory bytes per pair-table row (pandas, as the reduce holds it), from a sample."""
    import pandas as pd

    ids = [f"person:{i:016x}" for i in range(2000)]
    rng = random.Random(1)
    df = pd.DataFrame(
        {
            "a": pd.array([rng.choice(ids) for _ in range(n)], dtype="string"),
            "b": pd.array([rng.choice(ids) for _ in range(n)], dtype="string"),
            "shared": [0] * n,
            "near": [1] * n,
            "aid": pd.array([f"pairs{i:07d}#1" for i in range(n)], dtype="string"),
            "date": pd.array(["2024-01-01"] * n, dtype="string"),
        }
    )
    return df.memory_usage(deep=True).sum() / n


def _print_pair(n: int, loc: dict, d: dict, run: dict) -> None:
    print(f"pair {n}")
    print(f"{'engine':>10} {'articles':>9} {'wall s':>8} {'cpu s':>8} {'peak RSS MB':>12}")
    print(
        f"{'local':>10} {loc['articles']:>9} {loc['seconds']:>8.1f} {loc['cpu']:>8.1f} {loc['peak_rss_mb']:>12.1f}"
    )
    wcpu = sum(s["cpu"] for s in d["workers"].values())
    print(f"{d['engine']:>10} {d['articles']:>9} {d['seconds']:>8.1f} {wcpu + d['client_cpu']:>8.1f} "
          f"{d['client_peak_rss_mb']:>12.1f} (client)")  # fmt: skip
    for w, s in d["workers"].items():
        print(f"{'worker':>10} {':' + w:>9} {'':>8} {s['cpu']:>8.1f} {s['peak_rss_mb']:>12.1f}")
    print(f"stages started at (s): {d['stages_started_at']}")
    print(f"speedup (wall, local / dask): {run['speedup']:.2f}x; identical outputs: {run['identical']}")
    print(
        f"load average: {os.getloadavg()} (the machine is shared: wall times include other jobs)", flush=True
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=100_000, help="articles of the generated corpus")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=1 << 20, help="input bytes per partition")
    ap.add_argument("--workdir", help="keep corpora and outputs here (default: a temp folder)")
    ap.add_argument("--skip-local", action="store_true", help="reuse the local result of an earlier run")
    ap.add_argument(
        "--repeat", type=int, default=1, help="pairs of runs (local, then Dask); the median ratio counts"
    )
    ap.add_argument("--pairs", type=int, help="articles of the large-pair-table experiment instead")
    ap.add_argument("--per-article", type=int, default=80, help="persons per article (--pairs)")
    ap.add_argument("--memory-limit", default="1GiB", help="memory limit per worker (--pairs)")
    ap.add_argument(
        "--no-html",
        action="store_true",
        help="both engines without the report page (default: as `guanxi build`)",
    )
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--_local", nargs=4, help=argparse.SUPPRESS)
    ap.add_argument("--_dask", nargs=7, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._local:
        src, out, fe, html = args._local
        print(json.dumps(run_local(src, out, fe == "1", html == "1")))
        return 0
    if args._dask:
        src, out, workers, fe, limit, chunk, html = args._dask
        limit_ = limit if limit != "-" else None
        print(json.dumps(run_dask(src, out, int(workers), fe == "1", limit_, int(chunk), html == "1")))
        return 0
    html = "0" if args.no_html else "1"
    work = Path(args.workdir or tempfile.mkdtemp(prefix="guanxi-bench-dask-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    if args.pairs:
        src = work / f"pairs{args.pairs}x{args.per_article}.extractions.jsonl"
        rows = make_pair_corpus(src, args.pairs, args.per_article, pool=max(args.per_article * 4, 400))
        per_row = _pair_row_bytes()
        d = _sub(
            "--_dask",
            str(src),
            str(work / "out-pairs"),
            str(args.workers),
            "1",
            args.memory_limit,
            str(args.chunk),
            html,
        )
        results = {"pair_rows": rows, "pair_table_mb_in_memory": round(rows * per_row / 2**20), "dask": d}
        print(f"pair table: {rows:,} rows, about {rows * per_row / 2**20:,.0f} MB in memory "
              f"({per_row:.0f} B/row, pandas); memory limit per worker {args.memory_limit}")  # fmt: skip
        print(f"completed in {d['seconds']} s; CO_OCCURS edges {d['counts'].get('CO_OCCURS', 0):,}")
        for w, s in d["workers"].items():
            print(f"  worker :{w} peak RSS {s['peak_rss_mb']} MB, cpu {s['cpu']} s")
        print(f"  client peak RSS {d['client_peak_rss_mb']} MB")
    else:
        prefix = work / f"corpus{args.n}"
        if not Path(f"{prefix}.jsonl").exists():
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "scripts" / "make_corpus.py"),
                    "-n",
                    str(args.n),
                    "-o",
                    str(prefix),
                ],
                check=True,
            )
        src = f"{prefix}.jsonl"
        cache = work / f"local{args.n}{'' if html == '1' else '-nohtml'}.json"
        runs = []
        # Pairs run back to back (local, then Dask): on a shared machine the load drifts, and a
        # ratio of two neighbouring runs is steadier than one of runs far apart.
        for i in range(args.repeat):
            if args.skip_local and cache.exists():
                loc = json.loads(cache.read_text())
            else:
                loc = _sub("--_local", src, str(work / f"out-local{args.n}"), "0", html)
                cache.write_text(json.dumps(loc))
            d = _sub(
                "--_dask",
                src,
                str(work / f"out-dask{args.n}"),
                str(args.workers),
                "0",
                "-",
                str(args.chunk),
                html,
            )
            same = _same(work / f"out-local{args.n}", work / f"out-dask{args.n}")
            runs.append(
                {
                    "local": loc,
                    "dask": d,
                    "identical": same,
                    "speedup": round(loc["seconds"] / d["seconds"], 2),
                }
            )
            _print_pair(i + 1, loc, d, runs[-1])
        speedups = [r["speedup"] for r in runs]
        results = {
            "runs": runs,
            "html": html == "1",
            "identical": all(r["identical"] for r in runs),
            "speedup_median": round(statistics.median(speedups), 2),
        }
        print(
            f"speedup per pair: {[r['speedup'] for r in runs]}; median {results['speedup_median']:.2f}x "
            f"(target >= 1.6x); identical outputs in every pair: {results['identical']}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
