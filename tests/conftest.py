"""Shared fixtures: the seed pages and their gold, from inside the repository only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"

# CI mode (no test may skip), pytester (tests of that mode), real Neo4j server, Gephi toolkit and browser fixtures.
pytest_plugins = ["ci", "pytester", "neo4j_fixtures", "gephi_fixtures", "browser_fixtures"]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def gold() -> dict[str, dict]:
    """The gold of the seed pages, keyed by file stem (as the reference scorer keys them)."""
    out = {}
    for line in (DATA / "gold_seeds.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[Path(rec["file"]).stem] = rec
    return out
