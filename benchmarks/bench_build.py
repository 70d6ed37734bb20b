"""Benchmark ``guanxi build`` on synthetic corpora: time, articles/s and peak RSS per stage.

Each size runs in its own process (so peak RSS is that run's own). Stages:
``extract`` (read, extract or load extractions, write JSONL, count mentions), ``resolve``
(resolution, graph building, co-occurrence) and ``export`` (all files). Peak RSS is the
process high-water mark (VmHWM) at the end of each stage.

By default the graph stages run on ground-truth extractions from ``scripts/make_corpus.py``
(``--from-extractions``), so the figures measure guanxi.graph and not the NLP pipeline;
``--full`` runs the whole pipeline from article text (needs the extractors).

Example::

    python benchmarks/bench_build.py --sizes 10000 100000
    python benchmarks/bench_build.py --sizes 1000 10000 --full --jobs 2
    python benchmarks/bench_build.py --sizes 10000 --json after.json --baseline before.json
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _hwm_mb() -> float:
    # Linux: VmHWM is the peak resident set size of this process so far.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(path: str, out: str, full: bool, jobs: int) -> dict:
    """Run one build in this process; return per-stage seconds and peak RSS (MB)."""
    from guanxi.runner import build

    # CPU seconds too: on a shared machine wall time measures the neighbours as well.
    marks: list[tuple[str, float, float, float]] = [
        ("start", time.perf_counter(), time.process_time(), _hwm_mb())
    ]
    stage = ["extract"]

    def progress(name: str, done: int, total: int | None) -> None:
        if name != stage[0]:
            marks.append((stage[0], time.perf_counter(), time.process_time(), _hwm_mb()))
            stage[0] = name

    report = build([path], out, jobs=jobs, progress=progress, from_extractions=not full, html=False)
    marks.append((stage[0], time.perf_counter(), time.process_time(), _hwm_mb()))
    stages = {}
    for (_, t0, c0, _), (name, t1, c1, hwm) in itertools.pairwise(marks):
        if name in ("extract", "resolve", "export"):
            stages[name] = {
                "seconds": round(t1 - t0, 2),
                "cpu": round(c1 - c0, 2),
                "peak_rss_mb": round(hwm, 1),
            }
    return {
        "articles": report.articles,
        "stages": stages,
        "total_cpu": round(marks[-1][2] - marks[0][2], 2),
        "total_seconds": round(marks[-1][1] - marks[0][1], 2),
        "peak_rss_mb": round(_hwm_mb(), 1),
        "counts": report.counts,
    }


def _compare(results: list[dict], baseline: list[dict]) -> None:
    """Ratios of these results to *baseline* (same sizes): below 1 is better."""
    base = {r["size"]: r for r in baseline}
    for r in results:
        b = base.get(r["size"])
        if b is None:
            print(f"baseline has no size {r['size']}")
            continue
        parts = [
            f"{what} {r[key] / b[key]:.2f}x ({b[key]:.1f} -> {r[key]:.1f})"
            for key, what in (("total_seconds", "wall"), ("total_cpu", "cpu"), ("peak_rss_mb", "peak RSS"))
            if b.get(key)
        ]
        print(f"vs baseline at {r['size']}: " + ", ".join(parts))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--full", action="store_true", help="run extraction from text too")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--workdir", help="keep corpora and outputs here (default: a temp folder)")
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--baseline", help="results of an earlier --json run: print the ratios to it")
    ap.add_argument("--_one", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._one:
        print(json.dumps(run_one(args._one[0], args._one[1], args.full, args.jobs)))
        return 0
    work = Path(args.workdir or tempfile.mkdtemp(prefix="guanxi-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        prefix = work / f"corpus{n}"
        if not Path(f"{prefix}.extractions.jsonl").exists():
            t = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "scripts" / "make_corpus.py"),
                    "-n",
                    str(n),
                    "-o",
                    str(prefix),
                    "--extractions",
                ],
                check=True,
            )
            print(f"generated {n} articles in {time.perf_counter() - t:.1f}s", file=sys.stderr)
        src = f"{prefix}.jsonl" if args.full else f"{prefix}.extractions.jsonl"
        cmd = [sys.executable, __file__, "--_one", src, str(work / f"out{n}"), "--jobs", str(args.jobs)]
        if args.full:
            cmd.append("--full")
        res = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        res["size"] = n
        results.append(res)
    print(f"{'articles':>9} {'stage':>8} {'wall s':>8} {'cpu s':>8} {'art/s':>9} {'peak RSS MB':>12}")
    for r in results:
        for name, st in r["stages"].items():
            rate = r["articles"] / st["cpu"] if st["cpu"] else float("inf")
            print(
                f"{r['articles']:>9} {name:>8} {st['seconds']:>8.2f} {st['cpu']:>8.2f} {rate:>9.0f} {st['peak_rss_mb']:>12.1f}"
            )
        rate = r["articles"] / r["total_cpu"] if r["total_cpu"] else float("inf")
        print(
            f"{r['articles']:>9} {'total':>8} {r['total_seconds']:>8.2f} {r['total_cpu']:>8.2f} {rate:>9.0f} {r['peak_rss_mb']:>12.1f}"
        )
    print("(art/s per CPU second: the machine is shared, wall time includes other jobs)")
    if len(results) >= 2:
        a, b = results[0], results[-1]
        size = b["articles"] / a["articles"] if a["articles"] else float("inf")
        for key, what in (("total_seconds", "wall"), ("total_cpu", "cpu")):
            ratio = b[key] / a[key] if a[key] else float("inf")
            print(
                f"{what} time ratio {b['size']}/{a['size']}: {ratio:.2f}x for {size:.0f}x the articles (target <= 12x)"
            )
        print(f"peak RSS at {b['size']}: {b['peak_rss_mb']:.0f} MB (target <= 4096 MB)")
    if args.baseline:
        _compare(results, json.loads(Path(args.baseline).read_text(encoding="utf-8")))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
