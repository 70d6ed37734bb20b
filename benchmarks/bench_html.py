"""Saved web pages: pages per second for reading alone and for the full build, against the same text as .txt.

Writes the site-shaped pages of scripts/make_html_pages.py (invented text) ``--copies`` times
into a temporary folder, writes each page's composed text (``Page.text``) beside it as a .txt
page, then times

- reading: ``read_inputs`` over the web pages (decoding, structure, trafilatura) and over the
  .txt pages;
- the full build: ``guanxi.runner.build`` (read, segment, extract, resolve, export, no report
  page) on each folder, after one warm-up build that loads the pipeline.

Prints figures and the html/txt ratios; asserts nothing (speed is not a test).

Usage: ``nice -n 10 python benchmarks/bench_html.py [--copies 20]`` (8 pages a copy).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _write(out: Path, copies: int) -> None:
    spec = importlib.util.spec_from_file_location("make_html_pages", ROOT / "scripts" / "make_html_pages.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    one = out / "one"
    truth = mod.write_pages(one)
    for k in range(copies):
        for name in truth["pages"]:
            (out / f"{k:03d}-{name}").write_bytes((one / name).read_bytes())
    for f in one.iterdir():
        f.unlink()
    one.rmdir()


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
    ap.add_argument("--copies", type=int, default=20)
    args = ap.parse_args()
    from guanxi.extractors.read import read_inputs

    from guanxi.model import Page

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        web, txts = tmp_path / "web", tmp_path / "txt"
        web.mkdir()
        txts.mkdir()
        _write(web, args.copies)
        for page in read_inputs([web]):
            if isinstance(page, Page):
                (txts / f"{page.page_id}.txt").write_text(page.text, encoding="utf-8")
        # Best of three, after a first round that imports and loads everything.
        _read(web), _read(txts)
        n_web, t_web = min((_read(web) for _ in range(3)), key=lambda x: x[1])
        n_txt, t_txt = min((_read(txts) for _ in range(3)), key=lambda x: x[1])
        r_web, r_txt = n_web / t_web, n_txt / t_txt
        print(f"read  html: {n_web} pages in {t_web:.2f} s = {r_web:.1f} pages/s")
        print(f"read  txt:  {n_txt} pages in {t_txt:.3f} s = {r_txt:.1f} pages/s")
        print(f"read  ratio html/txt: {r_web / r_txt:.3f} ({r_txt / r_web:.0f}x slower)")
        _build(txts, tmp_path / "warm-txt")  # loads the pipeline
        _build(web, tmp_path / "warm-web")
        b_web = min(_build(web, tmp_path / f"out-web{k}") for k in range(2))
        b_txt = min(_build(txts, tmp_path / f"out-txt{k}") for k in range(2))
        print(f"build html: {n_web} pages in {b_web:.2f} s = {n_web / b_web:.2f} pages/s")
        print(f"build txt:  {n_txt} pages in {b_txt:.2f} s = {n_txt / b_txt:.2f} pages/s")
        print(f"build ratio html/txt: {b_txt / b_web:.3f}")


if __name__ == "__main__":
    main()
