"""scripts/make_corpus.py: articles of real length (``--paragraphs``) with exact ground truth."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _corpus(tmp_path: Path, name: str, *args: str) -> tuple[list[dict], list[dict]]:
    prefix = tmp_path / name
    cmd = [sys.executable, str(ROOT / "scripts/make_corpus.py"), "-n", "200", "-o", str(prefix)]
    subprocess.run([*cmd, "--extractions", *args], check=True, cwd=ROOT)
    read = lambda p: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]  # noqa: E731
    return read(Path(f"{prefix}.jsonl")), read(Path(f"{prefix}.extractions.jsonl"))


def _spans(article: dict) -> list[tuple[str, dict]]:
    """Every (surface, provenance) of the persons, organizations and places of an article."""
    return [
        (entity["name"], prov)
        for key in ("persons", "organizations", "places")
        for entity in article[key]
        for prov in entity["prov"]
    ]


def test_paragraphs_make_real_length_articles_with_more_mentions(tmp_path: Path) -> None:
    short, short_ext = _corpus(tmp_path, "short")
    long, long_ext = _corpus(tmp_path, "long", "--paragraphs", "6")
    lengths = [len(r["text"]) for r in long]
    assert 500 <= statistics.median(lengths) <= 800
    assert max(len(r["text"]) for r in short) < 150
    assert any("\n\n" in r["text"] for r in long)

    def per_article(ext: list[dict], key: str) -> float:
        return statistics.mean(len(pe["articles"][0][key]) for pe in ext)

    def mentions(ext: list[dict]) -> float:
        return statistics.mean(len(_spans(pe["articles"][0])) for pe in ext)

    # Like the seed pages, a long article names its few officials many times, and more places.
    assert max(len(pe["articles"][0]["persons"]) for pe in long_ext) == 3  # reporter, two officials
    assert per_article(long_ext, "places") > per_article(short_ext, "places")
    assert mentions(long_ext) > 2 * mentions(short_ext)
    for record, pe in zip(long, long_ext, strict=True):
        (article,) = pe["articles"]
        text = record["text"]
        assert pe["page"]["text"] == text
        names = [p["name"] for p in article["persons"]]
        assert len(names) == len(set(names))
        for surface, prov in _spans(article):
            assert text[prov["start"] : prov["end"]] == surface


def test_paragraphs_one_is_the_default(tmp_path: Path) -> None:
    assert _corpus(tmp_path, "default") == _corpus(tmp_path, "one", "--paragraphs", "1")
