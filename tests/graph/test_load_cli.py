"""``guanxi load`` against real Neo4j servers (fixtures in tests/neo4j_fixtures.py).

The session server (auth off) takes the loads; a second server of this module's own, with a
password, takes the authentication tests and the crash in the middle of a load, so the session
server is never stopped here.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j_fixtures import _run, start_with_password
from neo4j_helpers import (
    ROOT,
    SEEDS,
    cli_env,
    counts,
    duplicates,
    expected_counts,
    load,
    report_of,
    seeds_out,
    snapshot,
    synthetic_out,
)

from guanxi.cli import main

pytestmark = pytest.mark.neo4j

PASSWORD = "guanxi-Secret-9f3k"  # the auth server's; must never show up in any output


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    return seeds_out(tmp_path_factory)


# --- loading ---------------------------------------------------------------------------------


def test_load_seeds_creates_schema_then_graph(neo4j_server, neo4j_empty, seeds):
    result = load(neo4j_server, str(seeds), "--json")
    assert result.exit_code == 0, result.output
    assert counts(neo4j_empty) == expected_counts(seeds)
    report = report_of(result)
    assert report["nodes_created"] == report["nodes"] == sum(1 for _ in open(seeds / "nodes.jsonl"))
    assert report["relationships_created"] == report["relationships"]
    assert report["problems"] == []

    constraints = {
        r["name"]: r
        for r in neo4j_empty.execute_query("SHOW CONSTRAINTS YIELD name, type, properties").records
    }
    for label in ("person", "organization", "place", "event", "article"):
        assert constraints[f"guanxi_{label}_id"]["type"] == "UNIQUENESS"
        assert constraints[f"guanxi_{label}_id"]["properties"] == ["id"]
    indexes = {
        r["name"]: r for r in neo4j_empty.execute_query("SHOW INDEXES YIELD name, type, state").records
    }
    for label in ("person", "organization", "place", "event", "article"):
        assert indexes[f"guanxi_{label}_name"]["type"] == "TEXT"
        assert indexes[f"guanxi_{label}_name"]["state"] == "ONLINE"
    assert indexes["guanxi_article_article_id"]["type"] == "RANGE"
    assert indexes["guanxi_article_article_id"]["state"] == "ONLINE"

    # The summary table: per label and type, rows loaded, created, matched, now in the database.
    assert "created" in result.stderr and "matched" in result.stderr
    assert "HOLDS_POST" in result.stderr and "Person" in result.stderr

    # Values went in as parameters, Chinese intact; provenance lists stay lists.
    record = neo4j_empty.execute_query(
        "MATCH (p:Person)-[h:HOLDS_POST]->(o:Organization) RETURN p.name AS p, h.articles AS a LIMIT 1"
    ).records[0]
    assert all("\u4e00" <= ch <= "\u9fff" for ch in record["p"])
    assert isinstance(record["a"], list) and record["a"][0].startswith("article:")


def test_loading_twice_changes_nothing(neo4j_server, neo4j_empty, seeds):
    first = load(neo4j_server, str(seeds), "--json")
    assert first.exit_code == 0
    before = snapshot(neo4j_empty)
    constraints = len(neo4j_empty.execute_query("SHOW CONSTRAINTS").records)
    indexes = len(neo4j_empty.execute_query("SHOW INDEXES").records)

    # --full: the merging load of every record (without it, nothing would be sent at all).
    second = load(neo4j_server, str(seeds), "--json", "--full")
    assert second.exit_code == 0
    report = report_of(second)
    assert report["nodes_created"] == 0 and report["relationships_created"] == 0
    assert report["nodes"] == report_of(first)["nodes"]
    assert snapshot(neo4j_empty) == before
    assert len(neo4j_empty.execute_query("SHOW CONSTRAINTS").records) == constraints
    assert len(neo4j_empty.execute_query("SHOW INDEXES").records) == indexes
    assert duplicates(neo4j_empty) == 0


def test_overlapping_corpus_adds_what_is_new_and_updates_the_rest(neo4j_server, neo4j_empty, seeds, tmp_path):
    """Three pages first, then all five (a corpus that grew): the result is the five-page graph,
    with no duplicate, and shared entities carry the larger corpus's counts, dates and provenance.
    The exception is ``npmi``, a statistic of a whole corpus: a merge keeps the larger value."""
    from neo4j_fixtures import wipe

    from guanxi.runner import build

    small = tmp_path / "three-pages"
    build(sorted(str(p) for p in SEEDS.glob("*.txt"))[:3], small, html=False)
    assert load(neo4j_server, str(small)).exit_code == 0
    before = {dict(p)["id"]: dict(p) for _, p in snapshot(neo4j_empty)[0]}

    grown = load(neo4j_server, str(seeds), "--json")
    assert grown.exit_code == 0
    report = report_of(grown)
    assert 0 < report["nodes_created"] < report["nodes"]  # some new, some matched
    assert 0 < report["relationships_created"] < report["relationships"]
    assert duplicates(neo4j_empty) == 0
    merged = snapshot(neo4j_empty)
    npmi_merged = {dict(p)["id"]: dict(p).get("npmi") for *_, p in merged[1]}

    wipe(neo4j_empty)
    assert load(neo4j_server, str(small)).exit_code == 0
    npmi_small = {dict(p)["id"]: dict(p).get("npmi") for *_, p in snapshot(neo4j_empty)[1]}
    wipe(neo4j_empty)
    assert load(neo4j_server, str(seeds)).exit_code == 0
    fresh = snapshot(neo4j_empty)
    npmi_fresh = {dict(p)["id"]: dict(p).get("npmi") for *_, p in fresh[1]}
    for i, value in npmi_merged.items():
        if value is not None:
            assert value == max(v for v in (npmi_small.get(i), npmi_fresh.get(i)) if v is not None)

    def without_npmi(rels):
        return [(*r[:3], tuple(kv for kv in r[3] if kv[0] != "npmi")) for r in rels]

    merged = (merged[0], without_npmi(merged[1]))
    fresh = (fresh[0], without_npmi(fresh[1]))
    # Everything of the five-page build is there exactly as a fresh load of it has it ...
    assert set(fresh[0]) <= set(merged[0]) and set(fresh[1]) <= set(merged[1])
    # ... and the only extras are ids the larger build no longer makes (a load never deletes).
    fresh_ids = {dict(p)["id"] for _, p in fresh[0]}
    assert all(dict(p)["id"] in before for _, p in merged[0] if dict(p)["id"] not in fresh_ids)
    fresh_rel_ids = {dict(p)["id"] for *_, p in fresh[1]}
    assert len(merged[1]) - len(fresh[1]) == len({dict(p)["id"] for *_, p in merged[1]} - fresh_rel_ids)

    # Entities in both corpora were updated in place: new counts, time spans and provenance.
    now = {dict(p)["id"]: dict(p) for _, p in fresh[0]}
    changed = [i for i in before if i in now and before[i] != now[i]]
    assert changed, "the grown corpus should change some shared entity"
    assert any(before[i].get("articles") != now[i].get("articles") for i in changed)
    assert any(before[i].get("last_seen") != now[i].get("last_seen") for i in changed)


def test_two_different_overlapping_corpora_merge(neo4j_server, neo4j_empty, tmp_path):
    """Pages 1-3 and pages 3-5, built separately: after loading both, every id once, provenance
    the union, first/last seen spanning both builds; loading either again changes nothing."""
    from guanxi.graph.neo4j import read_graph_jsonl

    from guanxi.runner import build

    pages = sorted(str(p) for p in SEEDS.glob("*.txt"))
    a, b = tmp_path / "pages-1-3", tmp_path / "pages-3-5"
    build(pages[:3], a, html=False)
    build(pages[2:], b, html=False)
    assert load(neo4j_server, str(a)).exit_code == 0
    assert load(neo4j_server, str(b)).exit_code == 0
    assert duplicates(neo4j_empty) == 0

    def records(out):
        nodes, edges, _ = read_graph_jsonl(out)
        return {n.id: n.properties for n in nodes} | {e.id: e.properties for e in edges}

    ra, rb = records(a), records(b)
    shared = set(ra) & set(rb)
    assert shared and set(ra) - set(rb) and set(rb) - set(ra)  # the corpora really overlap
    stored = {dict(p)["id"]: dict(p) for _, p in snapshot(neo4j_empty)[0]}
    stored |= {dict(p)["id"]: dict(p) for *_, p in snapshot(neo4j_empty)[1]}
    assert set(stored) == set(ra) | set(rb)
    for i in shared:
        old, new, got = ra[i], rb[i], stored[i]
        if isinstance(old.get("articles"), list | tuple):
            assert list(got["articles"]) == sorted(set(old["articles"]) | set(new["articles"]))
        dates = [x for x in (old.get("first_seen"), new.get("first_seen")) if x]
        if dates:
            assert got["first_seen"] == min(dates)
        dates = [x for x in (old.get("last_seen"), new.get("last_seen")) if x]
        if dates:
            assert got["last_seen"] == max(dates)
    for i in set(ra) ^ set(rb):  # in one corpus only: exactly as built (lists read back as tuples)
        want = ra.get(i) or rb[i]
        assert {k: v for k, v in stored[i].items() if k != "id"} == {
            k: tuple(v) if isinstance(v, list) else v for k, v in want.items() if v is not None
        }

    merged = snapshot(neo4j_empty)
    for out in (a, b):
        assert load(neo4j_server, str(out)).exit_code == 0
        assert snapshot(neo4j_empty) == merged


def test_wipe_needs_yes_and_deletes_only_guanxi_labels(neo4j_server, neo4j_empty, seeds):
    refused = load(neo4j_server, str(seeds), "--wipe")
    assert refused.exit_code == 2
    assert "--yes" in refused.output

    neo4j_empty.execute_query("CREATE (:Foreign {id: 'keep-me', name: '别人的数据'})")
    neo4j_empty.execute_query("CREATE (:Person {id: 'person:stale', name: '旧'})")
    result = load(neo4j_server, str(seeds), "--wipe", "--yes")
    assert result.exit_code == 0, result.output
    assert counts(neo4j_empty) == expected_counts(seeds)  # the stale Person is gone
    assert neo4j_empty.execute_query("MATCH (n:Foreign) RETURN n.id AS id").records[0]["id"] == "keep-me"


# --- failures a user can act on --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_down_is_one_fatal_line(neo4j_server, seeds):
    result = load(neo4j_server, str(seeds), "--uri", f"bolt://127.0.0.1:{_free_port()}")
    assert result.exit_code == 3
    lines = error_lines(result)
    assert len(lines) == 1 and "cannot connect" in lines[0]
    assert result.stderr.count("\n") == 1  # nothing else: no traceback


URI_SECRET = "uri-Secret-4h8k"  # a password typed into a URI; must never be printed back


@pytest.mark.parametrize(
    "bad, reason",
    [
        ("http://127.0.0.1:7474", "scheme 'http' is not a Bolt scheme"),
        (f"neo4j:{URI_SECRET}@localhost:7687", "a user or password inside the URI is not supported"),
        (f"bolt://neo4j:{URI_SECRET}@127.0.0.1:7687", "a user or password inside the URI is not supported"),
        ("localhost:7687", "expected bolt://HOST:7687"),
    ],
)
@pytest.mark.parametrize("via", ["--uri", "NEO4J_URI"])
def test_bad_uri_is_one_usage_line_without_secrets(tmp_path, bad, reason, via):
    """No server needed: the URI is refused before anything is read or dialled."""
    args, env = (["--uri", bad], {}) if via == "--uri" else ([], {"NEO4J_URI": bad})
    result = CliRunner().invoke(main, ["load", str(tmp_path), *args], env=env)
    assert result.exit_code == 2, result.output  # an uncaught driver error would give 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: {via}: ") and reason in line
    assert URI_SECRET not in result.output and "Traceback" not in result.output


def test_server_down_points_to_the_local_server(neo4j_server, seeds):
    result = load(neo4j_server, str(seeds), "--uri", f"bolt://127.0.0.1:{_free_port()}")
    assert result.exit_code == 3
    (line,) = result.stderr.splitlines()
    assert "cannot connect" in line and "`scripts/neo4j-local start`" in line


def test_unknown_database_is_one_fatal_line(neo4j_server, neo4j_empty, seeds):
    result = load(neo4j_server, str(seeds), "--database", "nosuchdb")
    assert result.exit_code == 3
    lines = error_lines(result)
    assert len(lines) == 1 and "'nosuchdb' does not exist" in lines[0]
    assert counts(neo4j_empty)["Person"] == 0


def test_missing_build_folder_is_one_fatal_line(neo4j_server, tmp_path):
    result = load(neo4j_server, str(tmp_path / "nothing"))
    assert result.exit_code == 3
    assert "nodes.jsonl: not found" in error_lines(result)[0]


# --- a server with a password ------------------------------------------------------------------


@pytest.fixture(scope="module")
def auth_server(neo4j_server, tmp_path_factory):
    """A second server, auth on (user neo4j, PASSWORD), for this module only."""
    data = tmp_path_factory.mktemp("neo4j-auth") / "instance"
    server = start_with_password(data, neo4j_server.home, PASSWORD)
    try:
        yield server
    finally:
        _run("stop", "--data", str(data), check=False)


@pytest.fixture
def auth_driver(auth_server):
    if not auth_server.is_running():
        auth_server.start()
    with auth_server.driver() as driver:
        from neo4j_fixtures import wipe

        wipe(driver)
        yield driver


def test_wrong_password_is_one_fatal_line_without_the_password(auth_server, auth_driver, seeds):
    wrong = "not-the-" + PASSWORD
    result = load(auth_server, str(seeds), NEO4J_USERNAME="neo4j", NEO4J_PASSWORD=wrong)
    assert result.exit_code == 3
    lines = error_lines(result)
    assert len(lines) == 1 and "authentication failed for user 'neo4j'" in lines[0]
    assert wrong not in result.output and PASSWORD not in result.output


def test_no_password_for_a_server_that_needs_one_is_one_clear_line(auth_server, auth_driver, seeds):
    result = load(auth_server, str(seeds))  # NEO4J_USERNAME and NEO4J_PASSWORD unset
    assert result.exit_code == 3
    (line,) = result.stderr.splitlines()
    assert "the server needs a password: set NEO4J_PASSWORD or use --password-stdin" in line
    assert "scheme" not in line  # not the server's "missing key `scheme`"
    assert counts(auth_driver)["Person"] == 0


def test_password_from_env_and_from_stdin(auth_server, auth_driver, seeds):
    by_env = load(auth_server, str(seeds), NEO4J_USERNAME="neo4j", NEO4J_PASSWORD=PASSWORD)
    assert by_env.exit_code == 0, by_env.output
    assert PASSWORD not in by_env.output
    assert counts(auth_driver) == expected_counts(seeds)

    by_stdin = load(
        auth_server, str(seeds), "--user", "neo4j", "--password-stdin", "--json", input=PASSWORD + "\n"
    )
    assert by_stdin.exit_code == 0, by_stdin.output
    assert PASSWORD not in by_stdin.output
    assert report_of(by_stdin)["nodes_created"] == 0

    empty = load(auth_server, str(seeds), "--password-stdin", input="")
    assert empty.exit_code == 2


# Runs `guanxi load ARGS` with one hook in the load path: after the first batch of relationships is
# committed, it says so on stdout and waits for a line on stdin (the test kills the server meanwhile).
PAUSED_LOAD = """
import sys
from guanxi.cli import main
from guanxi.graph.neo4j import Neo4jLoader

write = Neo4jLoader.write
paused = []

def paused_write(self, plan, problems=(), progress=None):
    def hook(kind, done, total):
        if progress is not None:
            progress(kind, done, total)
        if kind == "relationships" and not paused:
            paused.append(done)
            print(f"committed {done} of {total}", flush=True)
            sys.stdin.readline()

    return write(self, plan, problems, hook)

Neo4jLoader.write = paused_write
main(sys.argv[1:], prog_name="guanxi")
"""


def test_server_crash_mid_load_then_rerun_completes(auth_server, auth_driver, tmp_path_factory):
    """Kill the server while a load runs: one fatal line and exit 3; after a restart, the same
    command finishes the load with every node and relationship exactly once."""
    out = synthetic_out(tmp_path_factory.mktemp("synthetic") / "graph", nodes=2_000, rels=12_000)
    env = {**os.environ, "NEO4J_URI": auth_server.uri, "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": PASSWORD}
    args = ["load", str(out), "--batch-size", "500", "-q"]
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED_LOAD, *args],
        env=env,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The load is paused after its first committed batch of relationships, with more to come.
        said = proc.stdout.readline().split()
        assert said[:1] == ["committed"], proc.communicate(timeout=60)
        assert 0 < int(said[1]) < int(said[3])
        auth_server.kill()
        _, stderr = proc.communicate("go on\n", timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 3, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:"), stderr
    assert "rerun" in lines[0] or "cannot connect" in lines[0]
    assert PASSWORD not in stderr

    auth_server.start()
    rerun = subprocess.run(
        [sys.executable, "-m", "guanxi", *args, "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert rerun.returncode == 0, rerun.stderr
    with auth_server.driver() as driver:
        assert counts(driver) == expected_counts(out)
        assert duplicates(driver) == 0
    report = json.loads(rerun.stdout.strip().splitlines()[-1])
    # Every node and the first relationships were written before the crash: the rerun matches them.
    assert report["nodes_created"] == 0 and 0 < report["relationships_created"] < report["relationships"]


def test_build_with_neo4j_flag_loads_the_output(neo4j_server, neo4j_empty, tmp_path):
    pages = sorted(str(p) for p in SEEDS.glob("*.txt"))[:2]
    env = cli_env(neo4j_server)
    result = CliRunner().invoke(
        main, ["build", *pages, "-o", str(tmp_path / "out"), "--neo4j", "-q"], env=env
    )
    assert result.exit_code == 0, result.output
    assert counts(neo4j_empty) == expected_counts(tmp_path / "out")
