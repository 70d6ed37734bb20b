"""Gold pages for the benchmark scripts: the seeds (in the repository) and the dev set (read from
../shared when present, never copied)."""

from __future__ import annotations

import sys
from pathlib import Path

from guanxi.jsonl import read_jsonl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
# The held-out half of the public NER dev file (never trained or tuned on) and its reader.
from train_ner import EVAL_FILE, read, split_spec  # noqa: E402


def _shared(sub: str) -> Path:
    """``../shared/<sub>`` beside the repository, or beside a folder above it (a git worktree)."""
    for up in ROOT.parents:
        if (up / "shared" / sub).is_dir():
            return up / "shared" / sub
    return ROOT.parent / "shared" / sub


DEV = _shared("gold/dev")
NER = _shared("ner")
# The public NER corpus's labels under guanxi's names.
PUBLIC_LABELS = {"PER": "persons", "ORG": "organizations", "LOC": "places"}


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


def public_records(part: str | None = None) -> list[dict]:
    """The held-out half of the public NER dev file as gold pages, one sentence a page, its PER,
    ORG and LOC spans as guanxi's persons, organizations and places (distinct strings). Under guanxi's
    conventions a bare surname (老王's 王) is no named person: one-character PER spans are left out.
    *part* (``even``: the half thresholds are tuned on) replaces the held-out half.
    [] when ../shared is not there."""
    name, held_out = split_spec(EVAL_FILE)
    part = part or held_out
    if not (NER / name).is_file():
        return []
    columns = {
        cat: list(read(NER / name, part=part, kinds=frozenset({label})))
        for label, cat in PUBLIC_LABELS.items()
    }
    out = []
    for k, (text, _) in enumerate(columns["persons"]):
        page: dict = {"file": f"public-{k}.txt", "text": text, "home": {}}
        for cat, rows in columns.items():
            strings = [text[s:e] for s, e in rows[k][1] if cat != "persons" or e - s > 1]
            page[cat] = (
                [{"name": n, "kind": "other", "titles": []} for n in strings] if cat == "persons" else strings
            )
        out.append(page)
    return out
