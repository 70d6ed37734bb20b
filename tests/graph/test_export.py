"""Exports read back: GraphML, GEXF, node-link JSON, neo4j-admin CSV; byte-identical reruns."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from ci import unavailable
from guanxi.graph.build import KnowledgeGraph, build_graph
from guanxi.graph.export import (
    attribute_types,
    write_all,
    write_gexf,
    write_graphml,
    write_neo4j_csv,
    write_node_link,
)
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType
from neo4j_fixtures import MISSING_PREREQUISITE
from pages_fixtures import sample_pages, two_posts_pages


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return build_graph(sample_pages())


def _person(g, name):
    [n] = [n for n, d in g.nodes(data=True) if d.get("node_type") == "Person" and d.get("name") == name]
    return n


def test_graphml_reads_back_with_types_and_chinese_labels(kg, tmp_path):
    path = write_graphml(kg, tmp_path / "g.graphml")
    g = nx.read_graphml(path)
    assert g.number_of_nodes() == len(kg.nodes) and g.number_of_edges() == len(kg.edges)
    p = g.nodes[_person(g, "王建国")]
    assert p["label"] == "王建国" and p["node_type"] == "Person"
    assert p["mentions"] == 2 and isinstance(p["mentions"], int)
    assert p["titles"] == "市委书记"
    org = next(d for _, d in g.nodes(data=True) if d.get("name") == "邯郸市委组织部")
    assert org["aliases"] == "中共邯郸市委组织部;市委组织部"
    assert org["type"] == "party"  # the organization's own type is kept beside node_type
    weights = [d["weight"] for *_, d in g.edges(data=True) if d["edge_type"] == "CO_OCCURS"]
    assert max(weights) == 2.0
    text = path.read_text(encoding="utf-8")
    assert "None" not in text and "(" not in text.replace("（上接第一版）", "")
    # One declared type per attribute name and scope.
    keys = re.findall(r'<key id="[^"]+" for="(\w+)" attr.name="(\w+)" attr.type="(\w+)"', text)
    assert len({(s, n) for s, n, _ in keys}) == len(keys)


def test_missing_values_are_omitted_and_bad_xml_chars_dropped(tmp_path):
    kg = KnowledgeGraph(
        (
            GraphNode("person:a", NodeLabel.PERSON, {"name": "张\x01三", "mentions": 1}),
            GraphNode(
                "person:b", NodeLabel.PERSON, {"name": "李四", "titles": ('“两个确立”&<学习> "组长"',)}
            ),
        ),
        (GraphEdge("edge:1", RelType.CO_OCCURS, "person:a", "person:b", {"weight": 3, "npmi": 0.5}),),
    )
    g = nx.read_graphml(write_graphml(kg, tmp_path / "g.graphml"))
    assert g.nodes["person:a"]["label"] == "张三"
    assert "mentions" not in g.nodes["person:b"]
    assert g.nodes["person:b"]["titles"] == '“两个确立”&<学习> "组长"'
    gx = nx.read_gexf(write_gexf(kg, tmp_path / "g.gexf"))
    assert gx.nodes["person:b"]["titles"] == '“两个确立”&<学习> "组长"'
    assert gx.nodes["person:a"]["label"] == "张三"
    assert g.edges["person:a", "person:b"]["weight"] == 3.0  # one edge: read as a DiGraph


def test_attribute_types_widen():
    recs = [
        GraphNode("a", NodeLabel.PERSON, {"x": 1, "y": 1, "z": ("a", "b")}),
        GraphNode("b", NodeLabel.PERSON, {"x": 2.5, "y": "s"}),
    ]
    assert attribute_types(recs) == {"x": "double", "y": "string", "z": "string"}


def test_gexf_timeline(kg, tmp_path):
    path = write_gexf(kg, tmp_path / "g.gexf")
    text = path.read_text(encoding="utf-8")
    assert '<meta lastmodifieddate="2024-05-07">' in text
    assert 'mode="dynamic" timeformat="date"' in text
    g = nx.read_gexf(path)
    assert g.number_of_nodes() == len(kg.nodes) and g.number_of_edges() == len(kg.edges)
    p = g.nodes[_person(g, "李明华")]
    assert p["label"] == "李明华"
    assert p["spells"] == [("2024-05-06", "2024-05-07")]
    co = [d for *_, d in g.edges(data=True) if d.get("edge_type") == "CO_OCCURS" and d["weight"] == 2.0]
    assert co and co[0]["spells"] == [("2024-05-06", "2024-05-06")]


def test_node_link_json(kg, tmp_path):
    data = json.loads(write_node_link(kg, tmp_path / "g.json").read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="links")
    assert g.number_of_nodes() == len(kg.nodes) and g.number_of_edges() == len(kg.edges)
    assert g.nodes[_person(g, "王建国")]["titles"] == ["市委书记"]
    assert data["graph"]["last_date"] == "2024-05-07"


def test_neo4j_admin_csv(kg, tmp_path):
    paths = write_neo4j_csv(kg, tmp_path / "imp")
    names = sorted(p.name for p in paths)
    assert "nodes_Person.csv" in names and "rels_CO_OCCURS.csv" in names and "import.args" in names
    with (tmp_path / "imp" / "nodes_Person.csv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    assert header[0] == "id:ID" and header[1] == "name" and header[-1] == ":LABEL"
    assert "mentions:long" in header and "titles:string[]" in header
    assert len(rows) - 1 == sum(1 for n in kg.nodes if n.label == NodeLabel.PERSON)
    with (tmp_path / "imp" / "rels_HOLDS_POST.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:4] == [":START_ID", ":END_ID", ":TYPE", "id"]
    assert {r["articles:string[]"] for r in rows} == {"p1#1;p1#2", "p1#1"}
    with (tmp_path / "imp" / "rels_CO_OCCURS.csv").open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert "weight:long" in header and "npmi:double" in header
    args = (tmp_path / "imp" / "import.args").read_text(encoding="utf-8").splitlines()
    assert args[0] == "--array-delimiter=;" and "--nodes=nodes_Person.csv" in args


def test_person_ties_are_in_every_export_with_their_weight(kg, tmp_path):
    ties = {e.id: e for e in kg.edges if e.type in (RelType.CO_ATTENDED, RelType.SERVED_WITH)}
    assert {e.type for e in ties.values()} == {RelType.CO_ATTENDED, RelType.SERVED_WITH}
    graphs = {
        "graphml": nx.read_graphml(write_graphml(kg, tmp_path / "g.graphml"), force_multigraph=True),
        "gexf": nx.read_gexf(write_gexf(kg, tmp_path / "g.gexf")),
        "json": nx.node_link_graph(
            json.loads(write_node_link(kg, tmp_path / "g.json").read_text(encoding="utf-8")), edges="links"
        ),
    }
    for name, g in graphs.items():
        found = {
            (u, v, d["edge_type"]): d
            for u, v, d in g.edges(data=True)
            if d["edge_type"] in ("CO_ATTENDED", "SERVED_WITH")
        }
        assert len(found) == len(ties), name
        for e in ties.values():
            d = found[(e.source, e.target, str(e.type))]
            assert float(d["weight"]) == e.properties["weight"], name
    text = (tmp_path / "g.gexf").read_text(encoding="utf-8")
    for e in ties.values():
        assert (
            f'id="{e.id}"' in text
            and f'weight="{float(e.properties["weight"])!r}"' in text.split(f'id="{e.id}"')[1].split(">")[0]
        )
    write_neo4j_csv(kg, tmp_path / "imp")
    with (tmp_path / "imp" / "rels_CO_ATTENDED.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["id"] for r in rows} == {e.id for e in ties.values() if e.type == RelType.CO_ATTENDED}
    assert {"weight:long", "roles:string[]", "events:string[]", "first_seen", "last_seen"} <= set(rows[0])
    with (tmp_path / "imp" / "rels_SERVED_WITH.csv").open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert {"weight:long", "organizations:string[]", "first_article", "last_article"} <= set(header)
    args = (tmp_path / "imp" / "import.args").read_text(encoding="utf-8").splitlines()
    assert "--relationships=rels_CO_ATTENDED.csv" in args and "--relationships=rels_SERVED_WITH.csv" in args


def test_all_exports_are_byte_identical_across_runs(tmp_path):
    a = write_all(build_graph(sample_pages()), tmp_path / "a")
    b = write_all(build_graph(sample_pages()), tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in a] == [p.relative_to(tmp_path / "b") for p in b]
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


def test_empty_graph_exports(tmp_path):
    paths = write_all(KnowledgeGraph(), tmp_path / "e")
    assert nx.read_graphml(tmp_path / "e" / "graph.graphml").number_of_nodes() == 0
    assert nx.read_gexf(tmp_path / "e" / "graph.gexf").number_of_nodes() == 0
    assert (tmp_path / "e" / "nodes.jsonl").read_text() == ""
    assert all(Path(p).exists() for p in paths)


def test_opens_in_gephi(kg, tmp_path, gephi_read):
    for path in (write_graphml(kg, tmp_path / "g.graphml"), write_gexf(kg, tmp_path / "g.gexf")):
        info = gephi_read(path)
        assert "error" not in info, info
        assert (info["nodes"], info["edges"]) == (len(kg.nodes), len(kg.edges))
        # Gephi lists the first labels: the Chinese names came through, UTF-8 intact.
        names = {str(n.properties.get("name")) for n in kg.nodes}
        assert info["labels"] and set(info["labels"]) <= names
        assert any("\u4e00" <= ch <= "\u9fff" for label in info["labels"] for ch in label)
        assert not info["severe"]
        assert not [i for i in info["issues"] if "Parallel edges" in i]
        assert info["node_columns"]["mentions"] == "Long" and info["edge_columns"]["npmi"] == "Double"
        # The CO_OCCURS count is Gephi's edge weight, not a second column.
        assert "weight_" not in info["edge_columns"]


def test_two_posts_in_one_body_stay_two_edges_in_gephi(tmp_path, gephi_read):
    kg = build_graph(two_posts_pages())
    posts = [e for e in kg.edges if e.type == RelType.HOLDS_POST]
    assert len(posts) == 2 and len({(e.source, e.target) for e in posts}) == 1
    for path in (write_graphml(kg, tmp_path / "g.graphml"), write_gexf(kg, tmp_path / "g.gexf")):
        info = gephi_read(path, labels=len(kg.edges))
        assert info["edges"] == len(kg.edges), info["issues"]
        assert not [i for i in info["issues"] if "Parallel edges" in i]
        # Edge labels: the posts, the role, else the type.
        assert sorted(info["edge_labels"]) == sorted(
            ["邯郸市文联党组书记", "邯郸市文联主席", "主持", "CO_OCCURS", "LOCATED_IN", "PART_OF"]
            + ["MENTIONED_IN"] * 2
        )


def test_gephi_kinds_tell_parallel_edges_apart(tmp_path):
    """Gephi keeps one edge per (source, target, kind): GEXF ``kind``, the GraphML ``label`` XML attribute."""
    kg2 = build_graph([*sample_pages(), *two_posts_pages()])
    for path, kind in (
        (write_graphml(kg2, tmp_path / "g.graphml"), "label"),
        (write_gexf(kg2, tmp_path / "g.gexf"), "kind"),
    ):
        edges = [el.attrib for el in ET.parse(path).iter() if el.tag.endswith("}edge")]
        assert len(edges) == len(kg2.edges)
        assert len({(a["source"], a["target"], a[kind]) for a in edges}) == len(edges)
        posts = sorted(a[kind] for a in edges if a[kind].startswith("HOLDS_POST"))
        assert "HOLDS_POST 邯郸市文联主席" in posts and "HOLDS_POST 邯郸市文联党组书记" in posts


@pytest.mark.slow
def test_neo4j_admin_imports_the_csv(kg, tmp_path):
    """The CSV folder loads with the real ``neo4j-admin database import full @import.args``.

    ``scripts/neo4j-local admin`` fetches the Neo4j jars itself when they are not cached yet (no
    server is started); without java 17/21 or mvn it exits 4, which skips here and fails in CI.
    """
    script = Path(__file__).resolve().parents[2] / "scripts" / "neo4j-local"
    imp = tmp_path / "imp"
    write_neo4j_csv(kg, imp)
    args = [sys.executable, str(script), "admin", "--data", str(tmp_path / "db")]
    done = subprocess.run(
        [
            *args,
            "database",
            "import",
            "full",
            "neo4j",
            f"--report-file={tmp_path / 'import.report'}",
            "@import.args",
        ],
        cwd=imp,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode == MISSING_PREREQUISITE:
        unavailable(done.stderr.strip())
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{len(kg.nodes)} nodes" in done.stdout
    assert f"{len(kg.edges)} relationships" in done.stdout


def test_the_type_tables_of_the_fast_paths_are_those_of_the_attributes(kg):
    # ExportTables notes an edge's kinds without making its attributes, and a list of strings'
    # neo4j-admin kind without looking at each: the tables are those the attributes give.
    from collections import defaultdict

    from guanxi.graph.export import ExportTables, _csv_kind, _edge_attrs, _kind, _note_kinds, _types_of

    odd = GraphEdge(
        "e:odd", RelType.CO_OCCURS, "p:1", "p:2",
        {"label": 3, "label_": "x", "edge_type": True, "weight": 2, "articles": ("a", "b"), "mixed": ("a", 1)},
    )  # fmt: skip
    graph = KnowledgeGraph(kg.nodes, (*kg.edges, odd))
    seen: dict[str, set[str]] = defaultdict(set)
    for e in graph.edges:
        _note_kinds(seen, _edge_attrs(e))
    tables = ExportTables(graph, ("xml", "csv"))
    assert tables.graphml_types[1] == _types_of(seen)
    assert tables.graphml_types[1]["label_"] == "string"  # "label" renamed, and "label_" itself
    for v in (("a", "b"), (), ("a", 1), (1, 2), (1, 2.5), ["x"]):
        inner = {_kind(x) for x in v} or {"string"}
        kind = "long" if inner == {"long"} else ("double" if inner <= {"long", "double"} else "string")
        assert _csv_kind(v) == ("[]", kind)


def test_records_of_one_shape_note_their_kinds_once_and_the_tables_stay_those_of_every_record(kg):
    # ExportTables notes the kinds of the first record of each shape (names, value types, the
    # types inside lists): records differing only in what a list holds, or in a value's type, or
    # holding a str subclass, each still count.
    from collections import defaultdict

    from guanxi.graph.export import ExportTables, _csv_kind, _edge_attrs, _note_kinds, _types_of

    extra = [
        GraphEdge("e:a", RelType.SERVED_WITH, "p:1", "p:2", {"weight": 1, "organizations": ("o:1",)}),
        GraphEdge("e:b", RelType.SERVED_WITH, "p:1", "p:3", {"weight": 1, "organizations": (1, 2)}),
        GraphEdge("e:c", RelType.SERVED_WITH, "p:2", "p:3", {"weight": 1.5, "organizations": ()}),
        GraphEdge("e:d", RelType.SERVED_WITH, "p:3", "p:4", {"weight": 1, "organizations": RelType.PRECEDED}),
    ]
    graph = KnowledgeGraph(kg.nodes, (*kg.edges, *extra))
    seen: dict[str, set[str]] = defaultdict(set)
    csv_kinds: dict[str, dict[str, set]] = {}
    for e in graph.edges:
        _note_kinds(seen, _edge_attrs(e))
        for k, v in e.properties.items():
            csv_kinds.setdefault(str(e.type), {}).setdefault(k, set()).add(_csv_kind(v))
    tables = ExportTables(graph, ("xml", "csv"))
    assert tables.graphml_types[1] == _types_of(seen)
    assert tables.edge_kinds == csv_kinds
    assert csv_kinds["SERVED_WITH"]["organizations"] == {("[]", "string"), ("[]", "long"), ("", "string")}
    assert csv_kinds["SERVED_WITH"]["weight"] == {("", "long"), ("", "double")}
