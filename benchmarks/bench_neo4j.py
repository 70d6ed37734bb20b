"""Benchmark loading into Neo4j: ``guanxi load`` vs a naive loader vs ``neo4j-admin`` bulk import.

A synthetic graph with the schema of docs/schema.md (invented names, random structure) is
written as ``nodes.jsonl``/``edges.jsonl`` and ``neo4j-import/``, then:

1. ``guanxi load``'s loader (:class:`guanxi.graph.neo4j.Neo4jLoader`: batched ``UNWIND ... MERGE`` in
   managed transactions) into an empty database, constraints and indexes created first;
2. a naive loader on the same server, schema in place: one ``MERGE`` per row, one transaction per
   row (what a first script usually does). It is slow, so by default it runs on a sample of the
   rows (``--naive-rows``) and its rate is per row; ``--naive-rows 0`` loads everything;
3. ``neo4j-admin database import full`` of the CSVs into a second, stopped instance (time of the
   admin command, JVM start included).

Relationships per second are relationships loaded / wall seconds of the relationship phase;
the whole load (nodes + relationships + schema) is reported too.

Mode ``changes`` measures ``guanxi load`` after ``guanxi build --update`` instead: a corpus of
``--articles`` N + 1% articles from scripts/make_corpus.py is built (the first N), then updated
with the 1% (kept in OUT: ``OUT/before``, ``OUT/after``, reused when there). On one server it times

1. the load of the updated graph into an empty database (``fresh``: the first load);
2. ``guanxi load --full`` of the updated graph into a database holding the graph before the update
   (``full``: what every load after an update did before change-only loads);
3. the change-only load of the same (``changes``: what ``guanxi load OUT`` does now),

each as :func:`guanxi.graph.neo4j_diff.load_out` (reading the folder included), and checks that 1
and 3 leave the same counts per label and type.

By default a server is started with scripts/neo4j-local in a temporary folder (and stopped at
the end); ``--uri`` uses a running server instead (its guanxi nodes are deleted!).

Example::

    python benchmarks/bench_neo4j.py run --nodes 100000 --rels 500000
    python benchmarks/bench_neo4j.py run /tmp/g          # reuse (or create) the graph folder /tmp/g
    python benchmarks/bench_neo4j.py make /tmp/g --nodes 20000 --rels 100000   # only write the graph
    python benchmarks/bench_neo4j.py changes /tmp/upd --articles 10000
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "neo4j-local"

# Share of each label among nodes and of each type among relationships (a built corpus has
# about this mix: mentions and co-occurrences dominate).
NODE_MIX = {"Article": 0.35, "Person": 0.25, "Organization": 0.18, "Place": 0.10, "Event": 0.12}
REL_MIX = {
    "MENTIONED_IN": 0.42,
    "CO_OCCURS": 0.30,
    "PARTICIPATED_IN": 0.08,
    "HOLDS_POST": 0.06,
    "REPORTED": 0.04,
    "ORGANIZED": 0.04,
    "HELD_AT": 0.02,
    "LOCATED_IN": 0.02,
    "PART_OF": 0.02,
}
ENDS = {
    "MENTIONED_IN": (("Person", "Organization", "Place"), ("Article",)),
    "CO_OCCURS": (("Person", "Organization", "Place"), ("Person", "Organization", "Place")),
    "PARTICIPATED_IN": (("Person",), ("Event",)),
    "HOLDS_POST": (("Person",), ("Organization",)),
    "REPORTED": (("Person",), ("Article",)),
    "ORGANIZED": (("Organization",), ("Event",)),
    "HELD_AT": (("Event",), ("Place",)),
    "LOCATED_IN": (("Organization",), ("Place",)),
    "PART_OF": (("Place",), ("Place",)),
}
CHARS = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗建国华明红军平伟丽强文志永春海云峰宏"
SUFFIX = {"Organization": "局", "Place": "镇", "Event": "会议", "Article": "报道"}


def _name(rng: random.Random, label: str) -> str:
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(2, 4))) + SUFFIX.get(label, "")


def _date(rng: random.Random) -> str:
    return f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def make_graph(n_nodes: int, n_rels: int, *, seed: int = 7):
    """A synthetic :class:`~guanxi.graph.build.KnowledgeGraph` of N_NODES nodes and N_RELS edges."""
    from guanxi.graph.build import KnowledgeGraph
    from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType

    rng = random.Random(seed)
    ids: dict[str, list[str]] = {}
    nodes = []
    for label, share in NODE_MIX.items():
        prefix = label.lower()[:6] if label != "Organization" else "org"
        ids[label] = [f"{prefix}:{i:016x}" for i in range(max(2, int(n_nodes * share)))]
        for node_id in ids[label]:
            d = _date(rng)
            props: dict[str, Any] = {"name": _name(rng, label)}
            if label == "Person":
                props |= {"kind": "official", "home": "某市", "titles": ("局长", "书记")[: rng.randint(1, 2)]}
                props |= {"mentions": rng.randint(1, 50), "articles": rng.randint(1, 20)}
                props |= {"first_seen": d, "last_seen": d}
            elif label == "Organization":
                props |= {"type": "government", "aliases": (props["name"],), "mentions": rng.randint(1, 9)}
            elif label == "Place":
                props |= {"level": "township", "code": f"{rng.randint(10**11, 10**12 - 1)}"}
            elif label == "Event":
                props |= {
                    "type": "meeting",
                    "date": d,
                    "reports": 1,
                    "articles": (f"article:{rng.getrandbits(64):016x}",),
                }
            else:
                props |= {
                    "title": props["name"],
                    "date": d,
                    "kind": "news",
                    "start": 0,
                    "end": rng.randint(100, 3000),
                }
            nodes.append(GraphNode(node_id, NodeLabel(label), props))
    edges = []
    serial = 0
    for rel, share in REL_MIX.items():
        sources, targets = ENDS[rel]
        for _ in range(int(n_rels * share)):
            s = rng.choice(ids[rng.choice(sources)])
            t = rng.choice(ids[rng.choice(targets)])
            serial += 1
            props = {"articles": (f"article:{rng.getrandbits(64):016x}",), "date": _date(rng)}
            if rel == "CO_OCCURS":
                props |= {
                    "weight": rng.randint(1, 5),
                    "sentences": 1,
                    "window": 1,
                    "npmi": round(rng.random(), 6),
                }
            elif rel == "HOLDS_POST":
                props |= {"title": "局长", "canonical": "某局局长", "count": 1}
            elif rel == "MENTIONED_IN":
                props |= {"count": rng.randint(1, 4)}
            elif rel == "PARTICIPATED_IN":
                props |= {"role": "出席", "roles": ("出席",)}
            edges.append(GraphEdge(f"edge:{serial:016x}", RelType(rel), s, t, props))
    nodes.sort(key=lambda n: n.id)
    edges.sort(key=lambda e: e.id)
    return KnowledgeGraph(tuple(nodes), tuple(edges))


def write_graph(kg, out_dir: str | Path) -> Path:
    """Write ``nodes.jsonl``, ``edges.jsonl`` and ``neo4j-import/`` as ``guanxi build`` does."""
    from guanxi.graph.export import write_jsonl, write_neo4j_csv

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(kg, out)
    write_neo4j_csv(kg, out / "neo4j-import")
    return out


# --- servers --------------------------------------------------------------------------------


def _local(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"scripts/neo4j-local {' '.join(args)}: {done.stderr.strip()[-2000:]}")
    return done


def server_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) the server process has used so far; 0 when unknown (not Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / 100  # clock ticks; 100 per second on Linux
    except (OSError, IndexError, ValueError, TypeError):
        return 0.0


def measured(pid: int | None, run, *args) -> dict[str, Any]:
    """RUN(*ARGS)'s result plus the server's and this process's CPU seconds during it.

    On a shared machine wall time also measures the neighbours; CPU seconds do not.
    """
    server, client = server_cpu(pid), time.process_time()
    result = run(*args)
    result["server_cpu_s"] = round(server_cpu(pid) - server, 1)
    result["client_cpu_s"] = round(time.process_time() - client, 1)
    rows = result["nodes"] + result["relationships"]
    cpu = result["server_cpu_s"] + result["client_cpu_s"]
    result["rows_per_cpu_s"] = round(rows / cpu) if cpu else None  # nodes + relationships
    return result


# --- loaders --------------------------------------------------------------------------------


def wipe(driver) -> None:
    from guanxi.cli.load import wipe_guanxi

    wipe_guanxi(driver, "neo4j")


def guanxi_load(driver, out_dir: Path, batch_size: int, sessions: int) -> dict[str, float]:
    from guanxi.graph.neo4j import Neo4jLoader, read_graph_jsonl

    nodes, edges, _ = read_graph_jsonl(out_dir)
    loader = Neo4jLoader(driver, "neo4j", batch_size=batch_size, sessions=sessions)
    marks = {"start": time.perf_counter()}
    loader.ensure_schema()
    marks["schema"] = time.perf_counter()

    def progress(kind: str, done: int, total: int) -> None:
        # The node phase ends with its last batch; the relationship clock starts there, so the
        # first relationship batch counts too.
        if kind == "nodes" and done == total:
            marks["nodes"] = time.perf_counter()

    report = loader.load(nodes, edges, progress)
    marks["end"] = time.perf_counter()
    marks.setdefault("nodes", marks["end"])
    rel_s = marks["end"] - marks["nodes"]
    return {
        "nodes": report.nodes,
        "relationships": report.relationships,
        "schema_s": round(marks["schema"] - marks["start"], 2),
        "nodes_s": round(marks["nodes"] - marks["schema"], 2),
        "relationships_s": round(rel_s, 2),
        "total_s": round(marks["end"] - marks["start"], 2),
        "rels_per_s": round(report.relationships / rel_s) if rel_s else 0,
        "nodes_per_s": round(report.nodes / (marks["nodes"] - marks["schema"])),
        "retries": report.retries,
    }


def naive_load(driver, out_dir: Path, sample: int) -> dict[str, float]:
    """One MERGE per row, one auto-commit transaction per row; SAMPLE relationships (0 = all)
    and their end nodes."""
    from guanxi.graph import cypher
    from guanxi.graph.neo4j import clean_properties, read_graph_jsonl

    nodes, edges, _ = read_graph_jsonl(out_dir)
    if sample:
        edges = edges[:sample]
        wanted = {e.source for e in edges} | {e.target for e in edges}
        nodes = [n for n in nodes if n.id in wanted]
    label = {n.id: n.label for n in nodes}
    with driver.session(database="neo4j") as session:
        for statement in cypher.schema_statements():
            session.run(statement).consume()
        start = time.perf_counter()
        for n in nodes:
            props, _ = clean_properties(n.properties, n.id)
            q = f"MERGE (n:{cypher.quote(n.label.value)} {{id: $id}}) SET n += $props"
            session.run(q, id=n.id, props=props).consume()
        mid = time.perf_counter()
        for e in edges:
            props, _ = clean_properties(e.properties, e.id)
            q = (
                f"MATCH (s:{cypher.quote(label[e.source].value)} {{id: $s}}) "
                f"MATCH (t:{cypher.quote(label[e.target].value)} {{id: $t}}) "
                f"MERGE (s)-[r:{cypher.quote(e.type.value)} {{id: $id}}]->(t) SET r += $props"
            )
            session.run(q, s=e.source, t=e.target, id=e.id, props=props).consume()
        end = time.perf_counter()
    return {
        "nodes": len(nodes),
        "relationships": len(edges),
        "nodes_s": round(mid - start, 2),
        "relationships_s": round(end - mid, 2),
        "rels_per_s": round(len(edges) / (end - mid)) if end > mid else 0,
        "nodes_per_s": round(len(nodes) / (mid - start)) if mid > start else 0,
    }


def bulk_import(out_dir: Path, data_dir: Path) -> dict[str, float]:
    """``neo4j-admin database import full`` of OUT_DIR/neo4j-import into a fresh instance folder."""
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "admin",
            "--data",
            str(data_dir),
            "database",
            "import",
            "full",
            "neo4j",
            "--overwrite-destination",
            "@import.args",
        ],
        cwd=out_dir / "neo4j-import",  # import.args names the CSV files relative to its folder
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"bulk import failed: {done.stderr.strip()[-2000:]}")
    tail = [line for line in done.stdout.splitlines() if "IMPORT DONE" in line]
    return {"admin_s": round(seconds, 2), "neo4j_admin_says": tail[-1].strip() if tail else ""}


# --- change-only loads ------------------------------------------------------------------------


def make_update(dest: Path, articles: int, share: float = 0.01) -> tuple[Path, Path]:
    """``DEST/before``: a build of ARTICLES generated articles; ``DEST/after``: it updated with SHARE more."""
    from guanxi.runner import build

    before, after = dest / "before", dest / "after"
    if (after / "edges.jsonl").is_file():
        return before, after
    dest.mkdir(parents=True, exist_ok=True)
    added = max(1, round(articles * share))
    corpus = dest / "corpus"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/make_corpus.py"),
            "-n",
            str(articles + added),
            "-o",
            str(corpus),
        ],
        check=True,
    )
    old, new = dest / "old.jsonl", dest / "new.jsonl"
    with (dest / "corpus.jsonl").open(encoding="utf-8") as src, old.open("w") as fo, new.open("w") as fn:
        for i, line in enumerate(src):
            (fo if i < articles else fn).write(line)
    build([str(old)], before, html=False)
    shutil.copytree(before, after)
    build([str(new)], after, html=False, update=True)
    return before, after


def timed_load(driver, out_dir: Path, *, full: bool, batch_size: int, sessions: int) -> dict[str, Any]:
    """``guanxi load OUT_DIR`` as the CLI runs it (read, schema, load, record): seconds and counts."""
    from guanxi.graph.neo4j import Neo4jLoader, read_graph_jsonl
    from guanxi.graph.neo4j_diff import load_out

    start = time.perf_counter()
    nodes, edges, problems = read_graph_jsonl(out_dir)
    read = time.perf_counter()
    loader = Neo4jLoader(driver, "neo4j", batch_size=batch_size, sessions=sessions)
    loader.ensure_schema()
    report = load_out(loader, out_dir, nodes, edges, problems, full=full)
    return {
        "seconds": round(time.perf_counter() - start, 2),
        "read_s": round(read - start, 2),
        "mode": report.mode,
        "records": len(nodes) + len(edges),
        "nodes": report.nodes,
        "relationships": report.relationships,
        "nodes_deleted": report.nodes_deleted,
        "relationships_deleted": report.relationships_deleted,
    }


def bench_changes(driver, pid: int | None, before: Path, after: Path, args) -> dict[str, Any]:
    """Fresh, full and change-only loads of AFTER (see the module docstring)."""
    from guanxi.cli.load import _counts

    work = Path(tempfile.mkdtemp(prefix="guanxi-bench-changes-"))
    out = work / "out"  # one folder, as a daily update keeps it: BEFORE, then AFTER's files
    try:
        wipe(driver)
        shutil.copytree(after, out)
        sizes = {"batch_size": args.batch_size, "sessions": args.sessions}
        fresh = measured(pid, functools.partial(timed_load, driver, out, full=False, **sizes))
        counts = _counts(driver, "neo4j")
        results: dict[str, Any] = {"fresh": fresh}
        for mode in ("full", "changes"):
            wipe(driver)
            shutil.rmtree(out)
            shutil.copytree(before, out)
            timed_load(driver, out, full=False, **sizes)
            shutil.rmtree(out)
            shutil.copytree(after, out)  # the manifest beside OUT stays, as after `build --update`
            results[mode] = measured(
                pid, functools.partial(timed_load, driver, out, full=mode == "full", **sizes)
            )
            print(json.dumps({mode: results[mode]}), file=sys.stderr)
        results["same_counts_as_fresh"] = _counts(driver, "neo4j") == counts
        results["changes_share_of_full"] = round(
            results["changes"]["seconds"] / results["full"]["seconds"], 3
        )
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("mode", nargs="?", default="run", choices=["run", "make", "changes"])
    p.add_argument("out", nargs="?", help="graph folder (make: where to write; run: default a temp folder)")
    p.add_argument("--nodes", type=int, default=100_000)
    p.add_argument("--rels", type=int, default=500_000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--batch-size", type=int, default=1000)
    p.add_argument("--sessions", type=int, default=2, help="guanxi load's parallel sessions")
    p.add_argument(
        "--naive-rows", type=int, default=20_000, help="relationships for the naive loader; 0 = all"
    )
    p.add_argument("--uri", help="use this running server (auth off) instead of starting one")
    p.add_argument("--heap", default="2g")
    p.add_argument("--pagecache", default="1g")
    p.add_argument("--no-bulk", action="store_true")
    p.add_argument("--articles", type=int, default=10_000, help="changes: articles before the update")
    args = p.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="guanxi-bench-neo4j-"))
    out = Path(args.out) if args.out else tmp / "graph"
    if args.mode == "changes":
        t = time.perf_counter()
        before, after = make_update(out, args.articles)
        print(f"built {before} and {after} in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    elif not (out / "edges.jsonl").is_file():
        t = time.perf_counter()
        write_graph(make_graph(args.nodes, args.rels, seed=args.seed), out)
        print(f"wrote {out} in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    if args.mode == "make":
        return 0

    import neo4j

    results: dict[str, Any] = {"graph": str(out)}
    started = None
    uri = args.uri
    pid = None
    if not uri:
        started = tmp / "server"
        info = json.loads(
            _local(
                "start",
                "--data",
                str(started),
                "--no-auth",
                "--heap",
                args.heap,
                "--pagecache",
                args.pagecache,
            ).stdout
        )
        uri, pid = info["uri"], info["pid"]
    try:
        with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
            if args.mode == "changes":
                results["changes"] = bench_changes(driver, pid, before, after, args)
                print(json.dumps(results, indent=2, ensure_ascii=False))
                return 0
            wipe(driver)
            results["guanxi_load"] = measured(pid, guanxi_load, driver, out, args.batch_size, args.sessions)
            print(json.dumps(results["guanxi_load"]), file=sys.stderr)
            wipe(driver)
            results["naive"] = measured(pid, naive_load, driver, out, args.naive_rows)
            print(json.dumps(results["naive"]), file=sys.stderr)
            wipe(driver)
        if started is not None:
            _local("stop", "--data", str(started))
            started = None
        if not args.no_bulk:
            results["bulk_import"] = bulk_import(out, tmp / "bulk")
    finally:
        if started is not None:
            _local("stop", "--data", str(started))
        # The server store and the bulk database (about 1.3 GB) are never left behind; the
        # graph too, unless OUT names where to keep it.
        shutil.rmtree(tmp, ignore_errors=True)
    ours, naive = results["guanxi_load"]["rels_per_s"], results["naive"]["rels_per_s"]
    results["speedup_rels"] = round(ours / naive, 1) if naive else None
    ours_cpu, naive_cpu = results["guanxi_load"]["rows_per_cpu_s"], results["naive"]["rows_per_cpu_s"]
    results["speedup_rows_per_cpu_s"] = round(ours_cpu / naive_cpu, 1) if ours_cpu and naive_cpu else None
    results["server"] = {
        "uri": uri,
        "heap": args.heap,
        "pagecache": args.pagecache,
        "batch_size": args.batch_size,
        "sessions": args.sessions,
        "java_opts": os.environ.get("GUANXI_NEO4J_JAVA_OPTS", ""),
    }
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
