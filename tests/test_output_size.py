"""Output grows linearly with the input, also for a list page printed as one long sentence.

The pages are invented lists (``scripts/make_listpage.py``: villages, bureaus and township party
secretaries joined by 、 and ，, no 。). Storing the whole sentence with every mention, and pairing
every entity of the article with every other, made the output grow with the square of the list.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from guanxi.runner import build

ROOT = Path(__file__).resolve().parent.parent


def _list_page(path: Path, kb: int) -> Path:
    cmd = [sys.executable, str(ROOT / "scripts" / "make_listpage.py"), "--kb", str(kb), "-o", str(path)]
    subprocess.run(cmd, check=True)
    return path


def _output_bytes(out: Path) -> int:
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def test_output_per_input_byte_stays_flat_as_a_list_page_doubles(tmp_path: Path) -> None:
    ratios = []
    for kb in (16, 32):
        page = _list_page(tmp_path / f"list{kb}.txt", kb)
        out = tmp_path / f"out{kb}"
        report = build([page], out)
        assert report.articles == 1 and report.counts["Person"] > 100
        ratios.append(_output_bytes(out) / page.stat().st_size)
    # Linear: the same bytes of output per byte of input (quadratic output doubled it).
    assert ratios[1] < 1.2 * ratios[0], ratios


def test_list_page_evidence_is_bounded_and_marked_as_cut(tmp_path: Path) -> None:
    page = _list_page(tmp_path / "list.txt", 16)
    out = tmp_path / "out"
    build([page], out, html=False)
    (line,) = (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()
    (ax,) = json.loads(line)["articles"]
    text, sentences = ax["article"]["text"], ax["sentences"]
    assert max(s["end"] - s["start"] for s in sentences) <= 300
    assert sum(s["cut"] for s in sentences) > 10
    n = 0
    for rec in ax["persons"] + ax["organizations"] + ax["places"]:
        for pv in rec["prov"]:
            s = sentences[pv["sentence"]]
            # The mention lies in the sentence unit it points at, and is the text at its offsets.
            assert s["start"] <= pv["start"] < pv["end"] <= s["end"]
            assert text[pv["start"] : pv["end"]] == rec["name"]
            n += 1
    assert n > 500
