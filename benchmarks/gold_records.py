"""Gold pages for the benchmark scripts: the seeds (in the repository) and the dev set (read from
../shared when present, never copied)."""

from __future__ import annotations

from pathlib import Path

from guanxi.jsonl import read_jsonl

ROOT = Path(__file__).resolve().parent.parent


def _shared_dev() -> Path:
    """``../shared/gold/dev`` beside the repository, or beside a folder above it (a git worktree)."""
    for up in ROOT.parents:
        if (up / "shared" / "gold" / "dev").is_dir():
            return up / "shared" / "gold" / "dev"
    return ROOT.parent / "shared" / "gold" / "dev"


DEV = _shared_dev()


def seed_records() -> list[dict]:
    """The seed gold records, each with its page text under ``"text"``."""
    out = []
    for rec in read_jsonl(ROOT / "tests" / "data" / "gold_seeds.jsonl", errors="raise"):
        rec["text"] = (ROOT / "seeds" / rec["file"]).read_text(encoding="utf-8")
        out.append(rec)
    return out


def dev_records() -> list[dict]:
    """The dev-set records (text and gold), or [] when ../shared is not there."""
    return [rec for path in sorted(DEV.glob("*.jsonl")) for rec in read_jsonl(path, errors="raise")]
