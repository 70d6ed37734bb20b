"""Extraction speed: throughput vs ``jieba.posseg.cut``, process scaling, and linear growth.

Prints figures (no thresholds are asserted here; the targets are in the issue):

1. one core: characters per second of ``extract_pages`` on the seed pages repeated to >= 5 MB (the
   whole pipeline, name recognizer included), against ``jieba.posseg.cut`` over the same text in the
   same run (target ratio >= 1.5 with the recognizer); the rules alone (the pipeline without
   ``guanxi_recognizer``) in the same run, for the recognizer's cost; wall and CPU time (on a shared
   machine CPU time is the steadier figure);
2. ``--jobs 2`` against ``--jobs 1`` on the same pages (target >= 1.7x);
3. a single article without line breaks of 1 MB and of 4 MB (target: 4 MB <= 4.5x the time of 1 MB).

Usage: python benchmarks/bench_extract.py [--mb 5] [--rounds 2] [--skip-posseg] [--skip-long]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

import jieba
import jieba.posseg
from guanxi.extractors.extract import extract_page, extract_pages, get_nlp
from guanxi.extractors.pipeline import make_nlp

from guanxi.model import Home, Page

ROOT = Path(__file__).resolve().parent.parent
HOME = Home("山西省", "长治市")


def seed_pages(target_bytes: int) -> list[Page]:
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    pages, size, k = [], 0, 0
    while size < target_bytes:
        stem, text = seeds[k % len(seeds)]
        pages.append(Page(f"{stem}-{k}", f"{stem}-{k}.txt", text, home=HOME))
        size += len(text.encode("utf-8"))
        k += 1
    return pages


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0, help="size of the throughput corpus in MB")
    ap.add_argument("--skip-posseg", action="store_true")
    ap.add_argument("--skip-long", action="store_true")
    ap.add_argument("--rounds", type=int, default=2, help="rounds; each figure is the best round")
    ap.add_argument(
        "--own-sessions",
        action="store_true",
        help="start each worker in a session of its own (os.setsid): with the kernel's CFS autogroup on "
        "(/proc/sys/kernel/sched_autogroup_enabled), a loaded machine gives one session one share of "
        "the CPU however many processes it runs",
    )
    args = ap.parse_args()
    if args.own_sessions:
        module = sys.modules["guanxi.extractors.extract"]
        start = module._start_worker

        def own_session(home):
            os.setsid()
            start(home)

        module._start_worker = own_session

    pages = seed_pages(int(args.mb * 1_000_000))
    chars = sum(len(p.text) for p in pages)
    mb = sum(len(p.text.encode("utf-8")) for p in pages) / 1e6
    get_nlp()  # build the pipeline and load lexicons outside the timings
    extract_page(pages[0])
    rules_nlp = make_nlp(exclude=("guanxi_recognizer",))
    extract_page(pages[0], nlp=rules_nlp)
    print(f"corpus: {len(pages)} pages, {chars:,} characters, {mb:.1f} MB")

    # Extraction and the baseline alternate over batches of pages, so a change in machine load
    # during the run weighs on both sides alike; the 2-process run follows in the same round. The
    # machine is shared: each figure is the best of --rounds rounds.
    jieba.setLogLevel(30)
    jieba.posseg.lcut("预热")
    best_one = best_pos = best_two = best_rules = float("inf")
    best_cpu = float("inf")
    cpu_one = cpu_pos = cpu_rules = float("inf")
    for r in range(args.rounds):
        t_one = t_pos = c_one = t_rules = c_pos = c_rules = 0.0
        for k in range(0, len(pages), 5):
            batch = pages[k : k + 5]
            c = cpu(resource.RUSAGE_SELF)
            t_one += timed(lambda batch=batch: list(extract_pages(batch)))
            c_one += cpu(resource.RUSAGE_SELF) - c
            c = cpu(resource.RUSAGE_SELF)
            t_rules += timed(lambda batch=batch: [extract_page(p, nlp=rules_nlp) for p in batch])
            c_rules += cpu(resource.RUSAGE_SELF) - c
            if not args.skip_posseg:
                text = "\n".join(p.text for p in batch)
                c = cpu(resource.RUSAGE_SELF)
                t_pos += timed(lambda text=text: list(jieba.posseg.cut(text)))
                c_pos += cpu(resource.RUSAGE_SELF) - c
        c = cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
        t_two = timed(lambda: list(extract_pages(pages, jobs=2)))
        c_parent, c_workers = cpu(resource.RUSAGE_SELF) - c[0], cpu(resource.RUSAGE_CHILDREN) - c[1]
        best_one, best_two = min(best_one, t_one), min(best_two, t_two)
        best_rules = min(best_rules, t_rules)
        cpu_one, cpu_pos, cpu_rules = min(cpu_one, c_one), min(cpu_pos, c_pos), min(cpu_rules, c_rules)
        best_pos = min(best_pos, t_pos) if not args.skip_posseg else best_pos
        # With the CFS autogroup of a shared machine, a session gets one share of the CPU however
        # many processes it runs; CPU time tells what the 2 processes would give with a core each.
        ideal = c_one / max(c_workers / 2, c_parent)
        best_cpu = min(best_cpu, ideal)
        ratio = f"  posseg/extract {t_pos / t_one:.2f}x" if not args.skip_posseg else ""
        print(
            f"round {r + 1}: 1 process {t_one:.2f} s ({c_one:.2f} s CPU), 2 processes {t_two:.2f} s "
            f"(workers {c_workers:.2f} s CPU, parent {c_parent:.2f} s){ratio}"
        )
    print(f"extract, 1 process : {best_one:8.2f} s  {chars / best_one:12,.0f} chars/s  (CPU {cpu_one:.2f} s)")
    print(
        f"rules alone        : {best_rules:8.2f} s  {chars / best_rules:12,.0f} chars/s  (CPU {cpu_rules:.2f} s)"
    )
    if not args.skip_posseg:
        print(
            f"jieba.posseg.cut   : {best_pos:8.2f} s  {chars / best_pos:12,.0f} chars/s  (CPU {cpu_pos:.2f} s)"
        )
        print(
            f"throughput ratio extract/posseg: {best_pos / best_one:.2f}x wall, {cpu_pos / cpu_one:.2f}x CPU "
            "(target >= 1.5 with the recognizer)"
        )
        print(f"rules alone/posseg: {best_pos / best_rules:.2f}x wall, {cpu_pos / cpu_rules:.2f}x CPU")
    print(f"extract, 2 processes: {best_two:8.2f} s  speed-up {best_one / best_two:.2f}x (target >= 1.7)")
    print(f"2 processes, CPU time: 1-process CPU / (worker CPU / 2) = {best_cpu:.2f}x (worst round)")

    if not args.skip_long:
        sentence = "市委常委、组织部部长王建国主持会议并讲话，要求各级党组织认真落实，推动高质量发展。"
        times = {}
        for size in (1, 4):
            text = (sentence * (size * 1_000_000 // len(sentence.encode("utf-8")) + 1)).replace("。", "，")
            page = Page(f"long-{size}", f"long-{size}.txt", text, home=HOME)
            times[size] = timed(lambda page=page: extract_page(page))
            print(f"one {size} MB article without line breaks: {times[size]:8.2f} s")
        print(f"growth 4 MB / 1 MB: {times[4] / times[1]:.2f}x (target <= 4.5)")


if __name__ == "__main__":
    main()
