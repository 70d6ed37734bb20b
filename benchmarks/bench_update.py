"""Benchmark ``guanxi build --update``: adding 1% of the articles against a full rebuild.

Makes a corpus of N + N/100 articles with ``scripts/make_corpus.py``, builds the first N
(the existing output), then times, each in its own process, from article text (the whole pipeline):

- **update**: ``build NEW -o OUT --update`` on a copy of that output (extracts the new 1% only,
  rebuilds the graph from the union);
- **full**: ``build OLD NEW -o FULL``, the rebuild it replaces.

It checks that both outputs hold the same bytes (report.json aside) and prints the seconds of each,
their ratio and the update's stages. CPU seconds are printed too: on a shared machine wall time
measures the neighbours as well.

``--base-from-full`` saves the second extraction of the first N articles (most of the time at
100,000): the full rebuild runs first, and the existing output is built from the first N pages of
its ``extractions.jsonl`` (``build --from-extractions``: the same pages, the same output); the
update and the full rebuild still run from article text.

``--stored-extractions`` leaves the NLP out of everything but the update (for a corpus too large to
extract twice on a busy machine): the existing N articles are the generator's own extractions
(``make_corpus.py --extractions``), built with ``--from-extractions``; the update extracts the new
articles from text; the "full rebuild" is then the graph part alone, a build of the union's
extractions (the stored ones and those the update made), so the outputs are still compared byte
for byte. Its CPU seconds lack the extraction of N + N/100 articles: add it from a measured rate
to get a full rebuild's.

Example::

    nice -n 10 python benchmarks/bench_update.py -n 2000
    nice -n 10 python benchmarks/bench_update.py -n 2000 --no-html --json update.json
    nice -n 10 python benchmarks/bench_update.py -n 2000 --paragraphs 6   # articles of real length
    nice -n 10 python benchmarks/bench_update.py -n 100000 --paragraphs 6 --no-html --base-from-full
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_one(paths: list[str], out: str, update: bool, html: bool, from_extractions: bool = False) -> dict:
    """One build in this process: wall and CPU seconds, per stage and in all."""
    from guanxi.runner import build

    marks = [("start", time.perf_counter(), time.process_time())]
    stage = ["extract"]

    def progress(name: str, done: int, total: int | None) -> None:
        if name != stage[0]:
            marks.append((stage[0], time.perf_counter(), time.process_time()))
            stage[0] = name

    report = build(paths, out, progress=progress, update=update, html=html, from_extractions=from_extractions)
    marks.append((stage[0], time.perf_counter(), time.process_time()))
    stages = {  # wall and CPU seconds of each stage
        name: (round(t1 - t0, 2), round(c1 - c0, 2))
        for (_, t0, c0), (name, t1, c1) in itertools.pairwise(marks)
        if name in ("extract", "resolve", "export")
    }
    return {
        "seconds": round(marks[-1][1] - marks[0][1], 2),
        "cpu": round(marks[-1][2] - marks[0][2], 2),
        "stages": stages,
        "articles": report.articles,
        "update": report.update,
    }


def _child(paths: list[str], out: str, update: bool, html: bool, from_extractions: bool = False) -> dict:
    args = [sys.executable, __file__, "--child", out, *(["--update"] if update else [])]
    args += ([] if html else ["--no-html"]) + (["--from-extractions"] if from_extractions else [])
    done = subprocess.run([*args, "--", *paths], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


def _same(a: Path, b: Path) -> list[str]:
    """The files of *a* and *b* that differ (report.json and the caches of a build aside)."""
    from guanxi.graph.splice import INDEX_FILE

    from guanxi.update import STATE_FILE

    names = {str(p.relative_to(a)) for p in a.rglob("*") if p.is_file()}
    names |= {str(p.relative_to(b)) for p in b.rglob("*") if p.is_file()}
    return sorted(
        n
        for n in names - {"report.json", STATE_FILE, INDEX_FILE}
        if not (a / n).is_file() or not (b / n).is_file() or (a / n).read_bytes() != (b / n).read_bytes()
    )


def _split(corpus: Path, n: int, old: Path, new: Path) -> None:
    with corpus.open(encoding="utf-8") as src, old.open("w") as fo, new.open("w") as fn:
        for i, line in enumerate(src):
            (fo if i < n else fn).write(line)


def _first_pages(out: Path, n: int, d: Path) -> str:
    """The first *n* pages of ``OUT/extractions.jsonl`` (one article each in the generated corpus),
    as a file of their own."""
    path = d / "old.extractions.jsonl"
    with (out / "extractions.jsonl").open("rb") as src, path.open("wb") as dst:
        dst.writelines(itertools.islice(src, n))
    return str(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=2000, help="articles of the existing output")
    ap.add_argument("--share", type=float, default=0.01, help="share of N added (default 1%%)")
    ap.add_argument("--no-html", action="store_true", help="builds without the report page")
    ap.add_argument(
        "--paragraphs",
        type=int,
        default=1,
        metavar="K",
        help="median paragraphs per article, passed to make_corpus.py (default 1: short articles; 6: real length)",
    )
    ap.add_argument(
        "--base-from-full",
        action="store_true",
        help="build the existing output from the full rebuild's extractions of the first N pages (no second extraction)",
    )
    ap.add_argument(
        "--stored-extractions",
        action="store_true",
        help="existing output from the generator's extractions; full rebuild = graph of the union's extractions",
    )
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--from-extractions", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--update", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    html = not args.no_html
    if args.child:
        print(json.dumps(run_one(args.paths, args.child, args.update, html, args.from_extractions)))
        return
    added = max(1, round(args.n * args.share))
    with tempfile.TemporaryDirectory(prefix="bench-update-") as tmp:
        d = Path(tmp)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts/make_corpus.py"),
                "-n",
                str(args.n + added),
                "-o",
                str(d / "all"),
                "--paragraphs",
                str(args.paragraphs),
                *(["--extractions"] if args.stored_extractions else []),
            ],
            check=True,
        )
        old, new = d / "old.jsonl", d / "new.jsonl"
        _split(d / "all.jsonl", args.n, old, new)
        if args.stored_extractions:
            old_ex = d / "old.extractions.jsonl"
            _split(d / "all.extractions.jsonl", args.n, old_ex, d / "new.extractions.jsonl")
            first = _child([str(old_ex)], str(d / "base"), False, html, True)
            shutil.copytree(d / "base", d / "out")
            shutil.rmtree(d / "base")
            upd = _child([str(new)], str(d / "out"), True, html)
            made = d / "made.extractions.jsonl"  # the pages the update extracted: the last ones
            with (d / "out" / "extractions.jsonl").open("rb") as src, made.open("wb") as dst:
                dst.writelines(itertools.islice(src, args.n, None))
            full = _child([str(old_ex), str(made)], str(d / "full"), False, html, True)
        elif args.base_from_full:
            full = _child([str(old), str(new)], str(d / "full"), False, html)
            first = _child([_first_pages(d / "full", args.n, d)], str(d / "base"), False, html, True)
        else:
            first = _child([str(old)], str(d / "base"), False, html)
        if not args.stored_extractions:
            shutil.copytree(d / "base", d / "out")
            shutil.rmtree(d / "base")  # disk: at 100,000 articles an output holds about 11 GB
            upd = _child([str(new)], str(d / "out"), True, html)
        if not (args.base_from_full or args.stored_extractions):
            full = _child([str(old), str(new)], str(d / "full"), False, html)
        differ = _same(d / "out", d / "full")
    figures = {
        "n": args.n,
        "paragraphs": args.paragraphs,
        "added": added,
        "html": html,
        "base_from_full": args.base_from_full,
        "stored_extractions": args.stored_extractions,
        "first_build": first,
        "update": upd,
        "full": full,
        "ratio_wall": round(upd["seconds"] / full["seconds"], 3),
        "ratio_cpu": round(upd["cpu"] / full["cpu"], 3),
        "files_that_differ": differ,
    }
    print(
        f"{args.n} articles of {args.paragraphs} paragraph(s), {added} added"
        f" ({'with' if html else 'without'} the report page)"
    )
    print(
        f"  full rebuild  {full['seconds']:8.2f} s  (cpu {full['cpu']:.2f} s)  stages (wall, cpu) {full['stages']}"
    )
    print(
        f"  --update      {upd['seconds']:8.2f} s  (cpu {upd['cpu']:.2f} s)  stages (wall, cpu) {upd['stages']}"
    )
    print(f"  ratio         {figures['ratio_wall']:.1%} wall, {figures['ratio_cpu']:.1%} cpu")
    if args.stored_extractions:
        print(f"  (the full rebuild is the graph part alone: add the NLP of {args.n + added} articles)")
    print(f"  pages         {upd['update']}")
    print(f"  outputs differ: {', '.join(differ) or 'none (byte-identical but report.json)'}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
