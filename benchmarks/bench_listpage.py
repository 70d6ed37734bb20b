"""Benchmark ``guanxi build`` on list pages: output size and peak memory against page size.

A list page (``scripts/make_listpage.py``: invented villages, bureaus and township party
secretaries joined by 、 and ，, one sentence without 。) is the worst case for provenance and
co-occurrence: one article, thousands of entities. Each size is built by ``guanxi build`` in a
child process of its own; its peak RSS is the child's ``ru_maxrss`` (``os.wait4``), its CPU time
the child's user + system time. Linear means the output per input byte and the peak RSS beyond
the pipeline's own stay flat as the page grows.

Example::

    python benchmarks/bench_listpage.py --kb 100 1024 4096
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(kb: int, work: Path) -> dict[str, float]:
    """Build a list page of *kb* KB; return its sizes, peak RSS (MB) and times (s)."""
    page = work / f"list{kb}.txt"
    if not page.exists():
        cmd = [sys.executable, str(ROOT / "scripts" / "make_listpage.py"), "--kb", str(kb), "-o", str(page)]
        subprocess.run(cmd, check=True)
    out = work / f"out{kb}"
    guanxi = Path(sys.executable).with_name("guanxi")
    t0 = time.perf_counter()
    child = subprocess.Popen([str(guanxi), "build", str(page), "-o", str(out), "--quiet"])
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"guanxi build {page} exited with {child.returncode}")
    return {
        "kb": kb,
        "input": page.stat().st_size,
        "output": _bytes(out),
        "extractions": (out / "extractions.jsonl").stat().st_size,
        "edges": (out / "edges.jsonl").stat().st_size,
        "rss_mb": usage.ru_maxrss / 1024,  # KB on Linux
        "cpu": usage.ru_utime + usage.ru_stime,
        "wall": time.perf_counter() - t0,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kb", type=int, nargs="+", default=[100, 1024, 4096], help="page sizes in KB")
    ap.add_argument("--workdir", help="keep pages and outputs here (default: a temp folder)")
    args = ap.parse_args(argv)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="guanxi-listpage-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = [run(kb, work) for kb in args.kb]
    print(
        f"{'page KB':>8} {'output MB':>10} {'out/in':>7} {'extractions MB':>15} {'edges MB':>9}"
        f" {'peak RSS MB':>12} {'cpu s':>7} {'wall s':>7}"
    )
    for r in rows:
        print(
            f"{r['kb']:>8} {r['output'] / 2**20:>10.1f} {r['output'] / r['input']:>7.1f}"
            f" {r['extractions'] / 2**20:>15.1f} {r['edges'] / 2**20:>9.1f} {r['rss_mb']:>12.0f}"
            f" {r['cpu']:>7.1f} {r['wall']:>7.1f}"
        )
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        grow = b["input"] / a["input"]
        print(
            f"{grow:.0f}x the page: {b['output'] / a['output']:.1f}x the output,"
            f" {b['rss_mb'] / a['rss_mb']:.1f}x the peak RSS, {b['cpu'] / a['cpu']:.1f}x the CPU time"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
