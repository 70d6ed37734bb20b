"""guanxi.graph.neo4j_diff without a server: the manifest, and what a change-only load writes."""

from __future__ import annotations

from pathlib import Path

from guanxi.graph.neo4j import prepare
from guanxi.graph.neo4j_diff import Manifest, diff, entries, input_paths, manifest_path
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType


def graph(**changes):
    """Two people, a place and two relationships; CHANGES replace nodes or edges by id."""
    items = {
        "person:a": GraphNode("person:a", NodeLabel.PERSON, {"name": "甲某", "mentions": 2}),
        "person:b": GraphNode("person:b", NodeLabel.PERSON, {"name": "乙某", "mentions": 1}),
        "place:c": GraphNode("place:c", NodeLabel.PLACE, {"name": "丙镇"}),
        "e:1": GraphEdge("e:1", RelType.CO_OCCURS, "person:a", "person:b", {"weight": 1, "npmi": 0.5}),
        "e:2": GraphEdge("e:2", RelType.HELD_AT, "person:a", "place:c", {"articles": ("article:1",)}),
    }
    items.update(changes)
    items = {k: v for k, v in items.items() if v is not None}
    nodes = [v for v in items.values() if isinstance(v, GraphNode)]
    edges = [v for v in items.values() if isinstance(v, GraphEdge)]
    return prepare(nodes, edges)


def manifest_of(prepared) -> Manifest:
    nodes, edges = entries(prepared)
    return Manifest("t1", nodes, edges)


def ids(groups) -> dict[str, list[str]]:
    key = {True: lambda k: k[0].value, False: lambda k: k.value}
    return {key[isinstance(k, tuple)](k): [r["id"] for r in rows] for k, rows in groups.items()}


def test_the_same_graph_has_no_changes():
    old = manifest_of(graph())
    new = graph()
    assert diff(old, new, *entries(new)).size == 0


def test_changed_new_and_gone_records():
    old = manifest_of(graph())
    new = graph(
        **{
            "person:b": None,  # gone, and with it e:1
            "e:1": None,
            "person:a": GraphNode("person:a", NodeLabel.PERSON, {"name": "甲某", "mentions": 3}),
            "person:d": GraphNode("person:d", NodeLabel.PERSON, {"name": "丁某"}),
            "e:3": GraphEdge("e:3", RelType.CO_OCCURS, "person:a", "person:d", {"weight": 1}),
        }
    )
    changes = diff(old, new, *entries(new))
    assert ids(changes.nodes) == {"Person": ["person:a", "person:d"]}
    assert ids(changes.edges) == {"CO_OCCURS": ["e:3"]}
    assert ids(changes.deleted_nodes) == {"Person": ["person:b"]}
    assert ids(changes.deleted_edges) == {"CO_OCCURS": ["e:1"]}
    assert changes.deleted_edges[(RelType.CO_OCCURS, NodeLabel.PERSON, NodeLabel.PERSON)][0] == {
        "id": "e:1",
        "source": "person:a",
        "target": "person:b",
    }
    kinds = [(b.kind, b.phase) for b in changes.plan(_Sizes())]
    assert kinds == [("relationships deleted", 0), ("nodes deleted", 1), ("nodes", 2), ("relationships", 3)]
    written = next(b for b in changes.plan(_Sizes()) if b.kind == "nodes").rows
    assert written[0]["props"] == {"id": "person:a", "name": "甲某", "mentions": 3}


def test_a_new_label_or_new_ends_is_a_delete_then_a_write():
    old = manifest_of(graph())
    new = graph(
        **{
            "place:c": GraphNode("place:c", NodeLabel.ORGANIZATION, {"name": "丙镇"}),
            "e:1": GraphEdge("e:1", RelType.CO_OCCURS, "person:b", "person:a", {"weight": 1, "npmi": 0.5}),
        }
    )
    changes = diff(old, new, *entries(new))
    assert ids(changes.deleted_nodes) == {"Place": ["place:c"]}
    assert ids(changes.nodes) == {"Organization": ["place:c"]}
    assert ids(changes.deleted_edges) == {"CO_OCCURS": ["e:1"]}
    # e:2 did not change, but its end now has another label: it is written again (the old one
    # went with its node).
    assert ids(changes.edges) == {"CO_OCCURS": ["e:1"], "HELD_AT": ["e:2"]}


def test_an_unknown_hash_is_sent_again():
    prepared = graph()
    nodes, edges = entries(prepared)
    old = Manifest("t1", {**nodes, "person:a": ("Person", None)}, {**edges, "e:2": (*edges["e:2"][:3], None)})
    changes = diff(old, prepared, nodes, edges)
    assert ids(changes.nodes) == {"Person": ["person:a"]} and ids(changes.edges) == {"HELD_AT": ["e:2"]}


def test_manifest_round_trip_and_tokens(tmp_path: Path):
    prepared = graph()
    nodes, edges = entries(prepared)
    path = manifest_path(tmp_path / "out")
    assert path == tmp_path / ".out.neo4j-load.json.gz"
    Manifest("t2", nodes, edges, ("a.txt",), previous="t1", database="neo4j").write(path)
    back = Manifest.read(path)
    assert back == Manifest("t2", nodes, edges, ("a.txt",), previous="t1", database="neo4j")
    assert back.holds_in("t2") and back.holds_in("t1") and not back.holds_in("t0")
    assert not back.holds_in(None)
    pending = Manifest("t1", nodes, edges, previous="t0", complete=False)
    assert pending.holds_in("t1") and not pending.holds_in("t0")


def test_input_paths_come_from_the_report(tmp_path: Path):
    assert input_paths(tmp_path) is None
    (tmp_path / "report.json").write_text('{"input_paths": ["a.txt", "b.txt"]}', encoding="utf-8")
    assert input_paths(tmp_path) == ("a.txt", "b.txt")


class _Sizes:
    batch_size = 1000
    relationship_batch_size = 5000
