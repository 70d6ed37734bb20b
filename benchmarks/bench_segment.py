"""Benchmark: reading + segmentation throughput against jieba.cut, and streaming memory.

Prints figures, asserts nothing (speed is not a test). Two parts:

1. Throughput. A corpus of page files (the seed pages copied until about ``--corpus-mb`` of
   text, plus the dev records from ../shared/gold/dev when present) is read with
   ``read_inputs`` and cut with ``segment``; then ``jieba.cut`` runs over the same page texts in
   the same process (its dictionary loaded beforehand, outside the timing), in alternating
   rounds keeping each side's best time. Characters per second of both and their ratio are
   printed (target: ours >= 10x jieba.cut).
2. Memory. A large JSONL file of records and a large .txt page (``--mb`` each, generated from
   the seed text) are read and segmented in a child process that prints its resident set size
   at every tenth of the input and its peak: it must stay flat, far below the input size.

Usage::

    .venv/bin/python benchmarks/bench_segment.py [--corpus-mb 2] [--mb 150] [--skip-memory]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV = ROOT.parent / "shared" / "gold" / "dev"


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the parent process.
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def throughput(corpus_mb: float, rounds: int = 3) -> None:
    from guanxi.extractors.read import read_inputs
    from guanxi.extractors.segment import segment

    from guanxi.model import Page

    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        size = 0
        k = 0
        while size < corpus_mb * 1_000_000:
            for i, text in enumerate(seeds):
                (tmpdir / f"{k:04d}_{i}.txt").write_text(text, encoding="utf-8")
                size += len(text.encode("utf-8"))
            k += 1
        if DEV.is_dir():
            with (tmpdir / "dev.jsonl").open("w", encoding="utf-8") as out:
                for f in sorted(DEV.glob("*.jsonl")):
                    for line in f.read_text(encoding="utf-8").splitlines():
                        rec = json.loads(line)
                        out.write(
                            json.dumps({"id": rec["file"], "text": rec["text"]}, ensure_ascii=False) + "\n"
                        )
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()  # dictionary load is not part of the timing
        # Both sides run in alternating rounds and keep their best time, so a busy machine
        # slows both alike rather than whichever ran during the busy moment.
        ours = jb = float("inf")
        for _ in range(rounds):
            texts: list[str] = []
            n_articles = 0
            t0 = time.perf_counter()
            for item in read_inputs([tmpdir]):
                if isinstance(item, Page):
                    n_articles += len(segment(item).articles)
                    texts.append(item.text)
            ours = min(ours, time.perf_counter() - t0)
            t0 = time.perf_counter()
            for text in texts:
                for _ in jieba.cut(text):
                    pass
            jb = min(jb, time.perf_counter() - t0)
    chars = sum(len(t) for t in texts)
    print(f"corpus: {len(texts)} pages/records, {chars:,} characters, {n_articles:,} articles")
    print(f"read+segment : {ours:7.2f} s  {chars / ours:12,.0f} chars/s")
    print(f"jieba.cut    : {jb:7.2f} s  {chars / jb:12,.0f} chars/s")
    print(f"ratio        : {jb / ours:7.1f} x jieba.cut (target >= 10x)")


def _make_large(path: Path, mb: float, kind: str) -> None:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    target = int(mb * 1_000_000)
    size = 0
    k = 0
    with path.open("w", encoding="utf-8") as out:
        while size < target:
            for i, text in enumerate(seeds):
                if kind == "jsonl":
                    line = json.dumps({"id": f"r{k}_{i}", "text": text}, ensure_ascii=False) + "\n"
                else:
                    line = text + "\n\n"
                out.write(line)
                size += len(line.encode("utf-8"))
            k += 1


def _stream(path: str) -> None:
    """Child process: read + segment *path*, report RSS every tenth of the input."""
    from guanxi.extractors.read import read_inputs
    from guanxi.extractors.segment import segment

    from guanxi.model import Page

    total = os.path.getsize(path)
    base = _rss_mb()
    done = pages = articles = 0
    marks = []
    next_mark = total / 10
    t0 = time.perf_counter()
    for item in read_inputs([path]):
        if isinstance(item, Page):
            pages += 1
            articles += len(segment(item).articles)
            done += len(item.text.encode("utf-8"))
            if done >= next_mark:
                marks.append(f"{_rss_mb():.0f}")
                next_mark += total / 10
    dt = time.perf_counter() - t0
    print(
        f"  {Path(path).name}: {total / 1e6:.0f} MB, {pages:,} pages, {articles:,} articles, {dt:.1f} s; "
        f"RSS after imports {base:.0f} MB, at each tenth: {' '.join(marks)} MB; peak {_peak_mb():.0f} MB"
    )


def memory(mb: float) -> None:
    print(f"streaming memory on generated inputs of about {mb:.0f} MB each:")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("jsonl", "txt"):
            path = Path(tmp) / f"large.{kind}"
            _make_large(path, mb, kind)
            subprocess.run([sys.executable, __file__, "--_stream", str(path)], check=True)
            path.unlink()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus-mb", type=float, default=2.0, help="size of the throughput corpus")
    ap.add_argument("--mb", type=float, default=150.0, help="size of each generated large input")
    ap.add_argument("--rounds", type=int, default=3, help="alternating timing rounds (best kept)")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--_stream", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._stream:
        _stream(args._stream)
        return
    throughput(args.corpus_mb, args.rounds)
    if not args.skip_memory:
        memory(args.mb)


if __name__ == "__main__":
    main()
