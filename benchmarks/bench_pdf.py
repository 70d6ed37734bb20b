"""PDF pages: pages per second for reading alone and for the full build, against the same text as .txt.

Renders issues with scripts/make_pdf_pages.py (invented text) into a temporary folder, writes
each PDF page's composed text beside it as a .txt page, then times

- reading: ``read_inputs`` over the PDF pages (PDFium characters + layout) and over the .txt pages;
- the full build: ``guanxi.runner.build`` (read, segment, extract, resolve, export, no report page)
  on each folder, after one warm-up build that loads the pipeline.

Wall and CPU seconds are printed, rates per CPU second (on a shared machine the wall clock
measures the neighbours). Usage: ``nice -n 10 python benchmarks/bench_pdf.py [--issues 4]``
(3 pages an issue).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _render(out: Path, issues: int) -> None:
    spec = importlib.util.spec_from_file_location("make_pdf_pages", ROOT / "scripts" / "make_pdf_pages.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    for seed in range(issues):
        mod.render_issue(out / f"issue{seed}", pages=3, seed=seed)


def _timed(fn) -> tuple[object, float, float]:
    """fn() with its wall and CPU seconds (CPU time says more on a busy machine)."""
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def _read(folder: Path) -> int:
    from guanxi.extractors.read import read_inputs

    from guanxi.model import Page

    return sum(isinstance(x, Page) for x in read_inputs([folder]))


def _build(folder: Path, out: Path) -> None:
    from guanxi.runner import build

    build([folder], out, html=False)


def _line(what: str, n: int, wall: float, cpu: float) -> str:
    return f"{what}: {n} pages, {wall:.2f} s wall, {cpu:.2f} s CPU = {n / max(cpu, 1e-6):.2f} pages per CPU second"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--issues", type=int, default=4)
    args = ap.parse_args()
    from guanxi.extractors.read import read_inputs

    from guanxi.model import Page

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        pdfs, txts = tmp_path / "pdf", tmp_path / "txt"
        _render(pdfs, args.issues)
        txts.mkdir()
        n_pages = 0
        for page in read_inputs([pdfs]):
            if isinstance(page, Page):
                n_pages += 1
                (txts / f"{Path(page.path).parent.name}-{page.page_id}.txt").write_text(
                    page.text, encoding="utf-8"
                )
        # Best of three, after a first round that imports and loads everything.
        _read(pdfs), _read(txts)
        for name, folder in (("pdf", pdfs), ("txt", txts)):
            n, wall, cpu = min((_timed(lambda f=folder: _read(f)) for _ in range(3)), key=lambda x: x[2])
            print(_line(f"read  {name}", n, wall, cpu))
        _build(txts, tmp_path / "warm-txt")  # loads the pipeline
        _build(pdfs, tmp_path / "warm-pdf")
        for name, folder in (("pdf", pdfs), ("txt", txts)):
            runs = [_timed(lambda f=folder, o=tmp_path / f"out-{name}{k}": _build(f, o)) for k in range(2)]
            _, wall, cpu = min(runs, key=lambda x: x[2])
            print(_line(f"build {name}", n_pages, wall, cpu))


if __name__ == "__main__":
    main()
