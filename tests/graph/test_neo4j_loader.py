"""guanxi.graph.neo4j against a real Neo4j server (fixtures from tests/neo4j_fixtures.py)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import neo4j
import pytest
from guanxi.graph.neo4j import LoadInterrupted, Neo4jLoader, Neo4jSettings, clean_properties, read_graph_jsonl
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType
from neo4j_fixtures import wipe
from neo4j_helpers import snapshot, synthetic_out

from guanxi.errors import InputError

NASTY = [
    'it\'s "quoted"',
    "back\\slash \\n \\\\ \\u0041",
    "{braces} {{double}} ${param} $rows `tick`",
    "line1\nline2\r\nline3\ttab",
    "长治市委书记 🚩 ÿ",
    "'; MATCH (n) DETACH DELETE n; //",
    "长" * 10_000,  # 30,000 UTF-8 bytes: still fits the name index (32,766)
    "",
]


def small_graph() -> tuple[list[GraphNode], list[GraphEdge]]:
    nodes = [
        GraphNode(
            "person:1", NodeLabel.PERSON, {"name": "王建国", "titles": ("县长", "副书记"), "mentions": 3}
        ),
        GraphNode("person:2", NodeLabel.PERSON, {"name": "李红", "mentions": 1, "journalist": True}),
        GraphNode("org:1", NodeLabel.ORGANIZATION, {"name": "某县人民政府", "level": None}),
        GraphNode("place:1", NodeLabel.PLACE, {"name": "某某镇", "code": "140400000000", "score": 0.5}),
        GraphNode("event:1", NodeLabel.EVENT, {"name": "工作会议", "date": "2026-01-02"}),
        GraphNode("article:1", NodeLabel.ARTICLE, {"name": "标题", "page": 1}),
    ]
    arts = {"articles": ("article:1",)}
    edges = [
        GraphEdge("e:1", RelType.HOLDS_POST, "person:1", "org:1", {**arts, "title": "县长"}),
        GraphEdge("e:2", RelType.PARTICIPATED_IN, "person:1", "event:1", {**arts, "role": "主持"}),
        GraphEdge("e:3", RelType.ORGANIZED, "org:1", "event:1", arts),
        GraphEdge("e:4", RelType.HELD_AT, "event:1", "place:1", arts),
        GraphEdge("e:5", RelType.LOCATED_IN, "org:1", "place:1", arts),
        GraphEdge("e:6", RelType.MENTIONED_IN, "person:1", "article:1", {**arts, "count": 2}),
        GraphEdge("e:7", RelType.REPORTED, "person:2", "article:1", arts),
        GraphEdge("e:8", RelType.CO_OCCURS, "org:1", "person:1", {**arts, "weight": 1}),
        # Same endpoints and type, another id: a second relationship, not a merge into e:1.
        GraphEdge("e:9", RelType.HOLDS_POST, "person:1", "org:1", {**arts, "title": "副书记"}),
    ]
    return nodes, edges


def counts(driver) -> tuple[int, int]:
    n = driver.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
    r = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return n, r


pytestmark = pytest.mark.neo4j


def test_ensure_schema_creates_constraints_and_indexes_once(neo4j_empty) -> None:
    loader = Neo4jLoader(neo4j_empty, "neo4j")
    loader.ensure_schema()
    loader.ensure_schema()
    constraints = neo4j_empty.execute_query("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties").records
    assert sorted((r["labelsOrTypes"][0], r["properties"][0]) for r in constraints) == sorted(
        (label.value, "id") for label in NodeLabel
    )
    indexes = neo4j_empty.execute_query(
        "SHOW INDEXES YIELD name, state, owningConstraint WHERE name STARTS WITH 'guanxi_' RETURN *"
    ).records
    assert len(indexes) == 2 * len(NodeLabel) + 1  # + Article.article_id
    assert "guanxi_article_article_id" in {r["name"] for r in indexes}
    assert {r["state"] for r in indexes} == {"ONLINE"}


def test_load_then_reload_is_idempotent(neo4j_empty) -> None:
    nodes, edges = small_graph()
    loader = Neo4jLoader(neo4j_empty, "neo4j", batch_size=2)
    loader.ensure_schema()
    seen: list[tuple[str, int, int]] = []
    first = loader.load(nodes, edges, progress=lambda kind, done, total: seen.append((kind, done, total)))
    assert (first.nodes, first.relationships) == (6, 9)
    assert (first.nodes_created, first.relationships_created) == (6, 9)
    assert first.problems == ()
    assert seen[-1] == ("relationships", 9, 9)
    assert ("nodes", 6, 6) in seen
    assert counts(neo4j_empty) == (6, 9)

    second = loader.load(nodes, edges)
    assert (second.nodes, second.relationships) == (6, 9)
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert counts(neo4j_empty) == (6, 9)

    rec = neo4j_empty.execute_query(
        "MATCH (p:Person {id: 'person:1'})-[r:HOLDS_POST]->(o:Organization) "
        "RETURN p.titles AS titles, p.mentions AS m, o.level AS level, collect(r.title) AS posts, "
        "r.articles AS arts ORDER BY arts"
    ).records[0]
    assert rec["titles"] == ["县长", "副书记"]  # tuple -> list of strings
    assert rec["m"] == 3
    assert rec["level"] is None  # None values are not stored
    assert sorted(rec["posts"]) == ["副书记", "县长"]
    assert rec["arts"] == ["article:1"]


def test_updated_properties_are_set_on_reload(neo4j_empty) -> None:
    loader = Neo4jLoader(neo4j_empty, "neo4j")
    loader.load([GraphNode("place:9", NodeLabel.PLACE, {"name": "甲", "mentions": 1})], [])
    loader.load([GraphNode("place:9", NodeLabel.PLACE, {"name": "甲", "mentions": 5})], [])
    rec = neo4j_empty.execute_query(
        "MATCH (n:Place {id: 'place:9'}) RETURN n.mentions AS m, count(*) AS c"
    ).records
    assert (rec[0]["m"], rec[0]["c"]) == (5, 1)


def test_a_second_load_merges_provenance_dates_and_counts(neo4j_empty) -> None:
    """Stored and incoming records merge: article lists united (sorted), first seen the earliest,
    last seen the latest (with the article that dates each), counts the larger; other properties
    take the incoming value."""
    loader = Neo4jLoader(neo4j_empty, "neo4j")

    def graph(arts, first, last, mentions, name, dated_by):
        nodes = [
            GraphNode("event:1", NodeLabel.EVENT, {"name": name, "articles": arts, "reports": len(arts)}),
            GraphNode(
                "person:1",
                NodeLabel.PERSON,
                {"name": "甲", "first_seen": first, "last_seen": last, "mentions": mentions, "articles": 2},
            ),
            GraphNode("org:1", NodeLabel.ORGANIZATION, {"name": "乙"}),
        ]
        props = {"articles": arts, "first_seen": first, "last_seen": last, "count": len(arts)}
        props |= dict(zip(("first_article", "last_article"), dated_by, strict=True))
        edges = [GraphEdge("e:1", RelType.HOLDS_POST, "person:1", "org:1", props)]
        return nodes, edges

    # Two corpora sharing article:d; the first has the later dates and more mentions.
    one = graph(("article:b", "article:d"), "2024-03-01", "2024-03-05", 4, "会议", ("article:b", "article:d"))
    two = graph(
        ("article:a", "article:c", "article:d"),
        "2024-02-01",
        "2024-03-02",
        2,
        "会议",
        ("article:a", "article:c"),
    )
    loader.load(*one)
    report = loader.load(*two)
    assert (report.nodes_created, report.relationships_created) == (0, 0)
    rec = neo4j_empty.execute_query(
        "MATCH (p:Person {id: 'person:1'})-[r:HOLDS_POST]->() MATCH (e:Event {id: 'event:1'}) "
        "RETURN p {.*} AS p, r {.*} AS r, e {.*} AS e"
    ).records[0]
    union = ["article:a", "article:b", "article:c", "article:d"]
    assert rec["e"]["articles"] == union and rec["r"]["articles"] == union
    assert rec["e"]["reports"] == 3 and rec["r"]["count"] == 3  # the larger count
    assert (rec["p"]["first_seen"], rec["p"]["last_seen"]) == ("2024-02-01", "2024-03-05")
    assert (rec["r"]["first_seen"], rec["r"]["last_seen"]) == ("2024-02-01", "2024-03-05")
    # The articles that date the span go with its dates, not with the last load.
    assert (rec["r"]["first_article"], rec["r"]["last_article"]) == ("article:a", "article:d")
    assert (rec["p"]["mentions"], rec["p"]["articles"]) == (4, 2)

    # Loading either again changes nothing (their other properties agree).
    for again in (one, two):
        loader.load(*again)
        assert (
            neo4j_empty.execute_query(
                "MATCH (p:Person {id: 'person:1'})-[r:HOLDS_POST]->() MATCH (e:Event {id: 'event:1'}) "
                "RETURN p {.*} AS p, r {.*} AS r, e {.*} AS e"
            ).records[0]
            == rec
        )


def test_strings_read_back_verbatim(neo4j_empty) -> None:
    nodes = [
        GraphNode(f"person:{i}", NodeLabel.PERSON, {"name": s, "aliases": (s, s[:10])})
        for i, s in enumerate(NASTY)
    ]
    long_text = "".join(NASTY[:6]) * 5_000  # ~1 MB in a property without an index
    nodes.append(GraphNode("article:long", NodeLabel.ARTICLE, {"name": "长文", "text": long_text}))
    edges = [GraphEdge("e:x", RelType.CO_OCCURS, "person:0", "person:1", {"note": NASTY[2], "articles": ()})]
    loader = Neo4jLoader(neo4j_empty, "neo4j", batch_size=3)
    loader.ensure_schema()
    report = loader.load(nodes, edges)
    assert report.problems == ()
    back = {
        r["id"]: (r["name"], r["aliases"])
        for r in neo4j_empty.execute_query(
            "MATCH (n:Person) RETURN n.id AS id, n.name AS name, n.aliases AS aliases"
        ).records
    }
    for i, s in enumerate(NASTY):
        assert back[f"person:{i}"] == (s, [s, s[:10]])
    text = neo4j_empty.execute_query("MATCH (n:Article {id: 'article:long'}) RETURN n.text AS t").records[0][
        "t"
    ]
    assert text == long_text
    rel = neo4j_empty.execute_query(
        "MATCH ()-[r:CO_OCCURS]->() RETURN r.note AS note, r.articles AS a"
    ).records[0]
    assert rel["note"] == NASTY[2]
    assert rel["a"] == []
    # The name index finds the long and the odd names by equality.
    for s in (NASTY[3], NASTY[5]):
        hits = neo4j_empty.execute_query("MATCH (n:Person {name: $s}) RETURN n.id AS id", s=s).records
        assert [h["id"] for h in hits] == [f"person:{NASTY.index(s)}"]


def test_a_name_too_long_for_the_index_is_kept_whole_in_name_full(neo4j_empty) -> None:
    name = "长" * 20_000  # 60,000 bytes
    loader = Neo4jLoader(neo4j_empty, "neo4j")
    loader.ensure_schema()
    report = loader.load([GraphNode("org:long", NodeLabel.ORGANIZATION, {"name": name})], [])
    assert report.nodes == 1
    assert [p.reason for p in report.problems] == [
        "name of 60000 bytes is longer than the name index takes (32766); name truncated, full text in name_full"
    ]
    rec = neo4j_empty.execute_query(
        "MATCH (n:Organization) RETURN n.name AS name, n.name_full AS full"
    ).records[0]
    assert rec["full"] == name
    assert rec["name"] == "长" * 10_922


def test_bad_properties_and_dangling_edges_become_problems(neo4j_empty) -> None:
    nodes = [
        GraphNode("org:a", NodeLabel.ORGANIZATION, {"name": "甲", "mixed": [1, "x"], "nested": {"a": 1}}),
        GraphNode("org:b", NodeLabel.ORGANIZATION, {"name": "乙", "huge": 2**70, "ok": [1, 2]}),
    ]
    edges = [
        GraphEdge("e:ok", RelType.PART_OF, "org:a", "org:b", {}),
        GraphEdge("e:dangling", RelType.PART_OF, "org:a", "org:missing", {}),
    ]
    report = Neo4jLoader(neo4j_empty, "neo4j").load(nodes, edges)
    assert (report.nodes, report.relationships) == (2, 1)
    reasons = sorted(str(p) for p in report.problems)
    assert reasons == [
        "edge e:dangling: node org:missing is not among the nodes; skipped",
        "node org:a: property 'mixed' dropped: a list must hold one type, got int, str",
        "node org:a: property 'nested' dropped: unsupported type dict",
        "node org:b: property 'huge' dropped: integer beyond 64 bits",
    ]
    rec = neo4j_empty.execute_query("MATCH (n:Organization {id: 'org:b'}) RETURN n.ok AS ok").records[0]
    assert rec["ok"] == [1, 2]


def test_load_dir_reads_build_output(neo4j_empty, tmp_path: Path) -> None:
    nodes, edges = small_graph()
    (tmp_path / "nodes.jsonl").write_text("".join(n.to_json() + "\n" for n in nodes), encoding="utf-8")
    (tmp_path / "edges.jsonl").write_text(
        "".join(e.to_json() + "\n" for e in edges) + '{"id": "e:bad", "type": "NOT_A_TYPE"}\n',
        encoding="utf-8",
    )
    report = Neo4jLoader(neo4j_empty, "neo4j").load_dir(tmp_path)
    assert (report.nodes, report.relationships) == (6, 9)
    assert [(Path(p.path).name, p.line) for p in report.problems] == [("edges.jsonl", 10)]
    assert counts(neo4j_empty) == (6, 9)


def test_read_graph_jsonl_needs_both_files(tmp_path: Path) -> None:
    (tmp_path / "nodes.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"edges\.jsonl: not found"):
        read_graph_jsonl(tmp_path)


def test_clean_properties_keeps_storable_values() -> None:
    props, problems = clean_properties(
        {"id": "x", "a": None, "b": (1, 2), "c": [True, False], "d": 1.5, "e": [], "f": [None]}, "node x"
    )
    assert props == {"b": [1, 2], "c": [True, False], "d": 1.5, "e": []}
    assert [p.reason for p in problems] == [
        "property 'f' dropped: a list may hold only strings, numbers or booleans (no null, map or list)"
    ]
    _, problems = clean_properties({"g": [True, 1]}, "node y")
    assert problems[0].reason == "property 'g' dropped: a list must hold one type, got bool, int"


class _Recording(Neo4jLoader):
    """The real loader, noting when each batch ran and which labels it touched."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.spans: list[tuple[float, float, frozenset, str]] = []
        self._lock = threading.Lock()

    def _write(self, batch):
        start = time.monotonic()
        out = super()._write(batch)
        with self._lock:
            self.spans.append((start, time.monotonic(), batch.labels, batch.kind))
        return out


def test_parallel_sessions_load_what_one_session_loads(neo4j_empty, tmp_path: Path) -> None:
    """Two and three sessions give the database one session gives; batches that overlap in time
    never share a label, and no node batch overlaps a relationship batch."""
    nodes, edges, _ = read_graph_jsonl(synthetic_out(tmp_path / "g", nodes=3000, rels=15000))
    snapshots, reports = [], []
    for sessions in (1, 2, 3):
        wipe(neo4j_empty)
        loader = _Recording(neo4j_empty, "neo4j", batch_size=100, sessions=sessions)
        loader.ensure_schema()
        report = loader.load(nodes, edges)
        reports.append(
            (report.nodes, report.relationships, report.nodes_created, report.relationships_created)
        )
        snapshots.append(snapshot(neo4j_empty))
        overlapping = [
            (a, b)
            for i, a in enumerate(loader.spans)
            for b in loader.spans[i + 1 :]
            if a[0] < b[1] and b[0] < a[1]
        ]
        assert all(not (a[2] & b[2]) and a[3] == b[3] for a, b in overlapping)
        if sessions > 1:
            assert overlapping, "no two batches ran at the same time"
    assert reports[0] == (3000, 15000, 3000, 15000)
    assert reports[1] == reports[2] == reports[0]
    assert snapshots[1] == snapshots[0] and snapshots[2] == snapshots[0]


def test_settings_from_env() -> None:
    s = Neo4jSettings.from_env({"NEO4J_URI": "bolt://h:1", "NEO4J_PASSWORD": "pw", "NEO4J_DATABASE": "g"})
    assert (s.uri, s.auth, s.database) == ("bolt://h:1", ("neo4j", "pw"), "g")
    assert Neo4jSettings.from_env({}).auth is None


def test_settings_driver_connects_to_the_server(neo4j_server) -> None:
    settings = Neo4jSettings(uri=neo4j_server.uri)
    with settings.driver() as driver:
        assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1


def test_interrupted_load_reports_progress_and_a_rerun_completes(neo4j_control, neo4j_empty) -> None:
    nodes = [GraphNode(f"place:{i:04d}", NodeLabel.PLACE, {"name": f"地{i}"}) for i in range(50)]
    edges = [
        GraphEdge(f"e:{i:04d}", RelType.PART_OF, f"place:{i:04d}", "place:0000", {}) for i in range(1, 50)
    ]
    # Short retry budget: the driver would otherwise retry a dead server for 30 s.
    with neo4j.GraphDatabase.driver(neo4j_control.uri, auth=None, max_transaction_retry_time=1.0) as driver:
        loader = Neo4jLoader(driver, "neo4j", batch_size=10)

        def stop_after_first_batch(kind: str, done: int, total: int) -> None:
            if done == 10:
                neo4j_control.stop()

        with pytest.raises(LoadInterrupted) as err:
            loader.load(nodes, edges, progress=stop_after_first_batch)
    assert err.value.report.nodes == 10
    assert "interrupted after 10/50 nodes, 0/49 relationships" in str(err.value)

    neo4j_control.start()
    with neo4j.GraphDatabase.driver(neo4j_control.uri, auth=None) as driver:
        report = Neo4jLoader(driver, "neo4j", batch_size=10).load(nodes, edges)
        assert (report.nodes, report.relationships) == (50, 49)
        assert report.nodes_created == 40  # the first batch was committed before the stop
        assert counts(driver) == (50, 49)
