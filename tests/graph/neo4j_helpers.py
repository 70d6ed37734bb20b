"""Helpers shared by the ``guanxi load`` / cookbook / bulk-import tests (not fixtures: plain functions).

- :func:`seeds_out`: the output folder of ``guanxi build`` on the seed pages, built once per session.
- :func:`snapshot`: every guanxi node and relationship of a database with all its properties, sorted,
  so two databases (or one before and after a reload) compare with ``==``.
- :func:`counts`: nodes per label and relationships per type.
- :func:`synthetic_out`: a synthetic graph folder written by benchmarks/bench_neo4j.py's generator.
- :func:`load`: ``guanxi load ARGS`` against a test server (:func:`cli_env`); :func:`report_of` its
  ``--json`` report.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest
from guanxi.graph.schema import NodeLabel, RelType

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
BENCH = ROOT / "benchmarks" / "bench_neo4j.py"


def cli_env(server, **extra: str | None) -> dict[str, str | None]:
    """The environment of a ``guanxi load`` against SERVER: its URI, no user, password or database."""
    env: dict[str, str | None] = {
        "NEO4J_URI": server.uri,
        "NEO4J_USERNAME": None,
        "NEO4J_PASSWORD": None,
        "NEO4J_DATABASE": None,
    }
    env.update(extra)
    return env


def load(server, *args: str, input: str | None = None, **env: str | None):
    """``guanxi load ARGS`` against SERVER (a click result; exceptions other than exit raised)."""
    from click.testing import CliRunner

    from guanxi.cli import main

    result = CliRunner().invoke(main, ["load", *args], env=cli_env(server, **env), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def report_of(result) -> dict:
    """The JSON report ``guanxi load --json`` printed last."""
    return json.loads(result.stdout.strip().splitlines()[-1])


def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``guanxi build seeds -o OUT`` (no HTML), once per session; returns OUT."""
    out = tmp_path_factory.getbasetemp() / "guanxi-seeds-out"
    if not (out / "edges.jsonl").is_file():
        from guanxi.runner import build

        build(sorted(str(p) for p in SEEDS.glob("*.txt")), out, html=False)
    return out


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_neo4j", BENCH)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def synthetic_out(dest: Path, *, nodes: int, rels: int, seed: int = 7) -> Path:
    """A synthetic ``nodes.jsonl``/``edges.jsonl``/``neo4j-import/`` folder of about that size."""
    if not (dest / "edges.jsonl").is_file():
        bench = _bench_module()
        bench.write_graph(bench.make_graph(nodes, rels, seed=seed), dest)
    return dest


def _plain(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def snapshot(driver, database: str = "neo4j") -> tuple[list, list]:
    """(nodes, relationships) of the guanxi labels/types: ``(label, props)`` and
    ``(type, source id, target id, props)``, props as sorted item tuples, lists as tuples."""
    nodes = []
    for label in NodeLabel:
        records = driver.execute_query(
            f"MATCH (n:`{label.value}`) RETURN labels(n) AS labels, properties(n) AS props",
            database_=database,
        ).records
        for r in records:
            props = tuple(sorted((k, _plain(v)) for k, v in r["props"].items()))
            nodes.append((tuple(sorted(r["labels"])), props))
    rels = []
    for rel in RelType:
        records = driver.execute_query(
            f"MATCH (s)-[r:`{rel.value}`]->(t) RETURN s.id AS s, t.id AS t, properties(r) AS props",
            database_=database,
        ).records
        for r in records:
            props = tuple(sorted((k, _plain(v)) for k, v in r["props"].items()))
            rels.append((rel.value, r["s"], r["t"], props))
    return sorted(nodes), sorted(rels)


def counts(driver, database: str = "neo4j") -> dict[str, int]:
    """Nodes per guanxi label and relationships per guanxi type (zero ones included)."""
    out = {}
    for label in NodeLabel:
        q = f"MATCH (n:`{label.value}`) RETURN count(n) AS c"
        out[label.value] = driver.execute_query(q, database_=database).records[0]["c"]
    for rel in RelType:
        q = f"MATCH ()-[r:`{rel.value}`]->() RETURN count(r) AS c"
        out[rel.value] = driver.execute_query(q, database_=database).records[0]["c"]
    return out


def duplicates(driver, database: str = "neo4j") -> int:
    """How many node or relationship ids occur more than once (0 after any correct load)."""
    q_nodes = (
        "MATCH (n) WHERE n.id IS NOT NULL WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN count(*) AS d"
    )
    q_rels = "MATCH ()-[r]->() WHERE r.id IS NOT NULL WITH r.id AS id, count(*) AS c WHERE c > 1 RETURN count(*) AS d"
    return sum(driver.execute_query(q, database_=database).records[0]["d"] for q in (q_nodes, q_rels))


def expected_counts(out_dir: Path) -> dict[str, int]:
    """Nodes per label and edges per type in OUT_DIR's jsonl files (zero ones included)."""
    from guanxi.graph.neo4j import read_graph_jsonl

    nodes, edges, _ = read_graph_jsonl(out_dir)
    out = {x.value: 0 for x in NodeLabel} | {x.value: 0 for x in RelType}
    for n in nodes:
        out[n.label.value] += 1
    for e in edges:
        out[e.type.value] += 1
    return out
