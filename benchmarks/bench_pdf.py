"""PDF pages: pages per second for reading alone and for the full build, against the same text as .txt.

Renders issues with scripts/make_pdf_pages.py (invented text) into a temporary folder, writes
each PDF page's composed text beside it as a .txt page, then times

- reading: ``read_inputs`` over the PDF pages (PDFium characters + layout) and over the .txt pages;
- the full build: ``guanxi.runner.build`` (read, segment, extract, resolve, export, no report page)
  on each folder, after one warm-up build that loads the pipeline.

Usage: ``nice -n 10 python benchmarks/bench_pdf.py [--issues 4]`` (3 pages an issue).
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


def _read(folder: Path) -> tuple[int, float]:
    from guanxi.extractors.read import read_inputs

    from guanxi.model import Page

    t = time.perf_counter()
    n = sum(isinstance(x, Page) for x in read_inputs([folder]))
    return n, time.perf_counter() - t


def _build(folder: Path, out: Path) -> float:
    from guanxi.runner import build

    t = time.perf_counter()
    build([folder], out, html=False)
    return time.perf_counter() - t


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
        for page in read_inputs([pdfs]):
            if isinstance(page, Page):
                (txts / f"{Path(page.path).parent.name}-{page.page_id}.txt").write_text(page.text, encoding="utf-8")
        # Best of three, after a first round that imports and loads everything.
        _read(pdfs), _read(txts)
        n_pdf, t_pdf = min((_read(pdfs) for _ in range(3)), key=lambda x: x[1])
        n_txt, t_txt = min((_read(txts) for _ in range(3)), key=lambda x: x[1])
        print(f"read  pdf: {n_pdf} pages in {t_pdf:.2f} s = {n_pdf / t_pdf:.1f} pages/s")
        print(f"read  txt: {n_txt} pages in {t_txt:.2f} s = {n_txt / t_txt:.1f} pages/s")
        _build(txts, tmp_path / "warm-txt")  # loads the pipeline
        _build(pdfs, tmp_path / "warm-pdf")
        b_pdf = min(_build(pdfs, tmp_path / f"out-pdf{k}") for k in range(2))
        b_txt = min(_build(txts, tmp_path / f"out-txt{k}") for k in range(2))
        print(f"build pdf: {n_pdf} pages in {b_pdf:.2f} s = {n_pdf / b_pdf:.2f} pages/s")
        print(f"build txt: {n_txt} pages in {b_txt:.2f} s = {n_txt / b_txt:.2f} pages/s")


if __name__ == "__main__":
    main()
