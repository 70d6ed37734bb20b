"""Exports spliced from the previous output (graph/splice.py): the same bytes as written afresh."""

from __future__ import annotations

import os
from pathlib import Path

from guanxi.graph.build import build_graph
from guanxi.graph.export import write_all
from guanxi.graph.knowledge import KnowledgeGraph
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType
from guanxi.graph.splice import INDEX_FILE, ExportCache
from pages_fixtures import sample_pages, two_posts_pages


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != INDEX_FILE}


def test_an_unchanged_graph_is_copied_whole_and_a_changed_one_is_the_fresh_bytes(tmp_path: Path):
    pages = sample_pages()
    first = build_graph(pages[:-1])
    cache = ExportCache(None, "v1")
    write_all(first, tmp_path / "a", cache=cache)
    assert cache.reused == 0 and cache.records > 0 and (tmp_path / "a" / INDEX_FILE).is_file()

    again = ExportCache(tmp_path / "a", "v1")
    write_all(first, tmp_path / "b", cache=again)
    assert again.reused == again.records  # every record copied
    assert _files(tmp_path / "b") == _files(tmp_path / "a")

    # A graph with one page more: most records copied, the rest written, the bytes of a fresh write.
    grown = build_graph(pages)
    spliced = ExportCache(tmp_path / "a", "v1")
    write_all(grown, tmp_path / "c", cache=spliced)
    write_all(grown, tmp_path / "fresh")
    assert 0 < spliced.reused < spliced.records
    assert _files(tmp_path / "c") == _files(tmp_path / "fresh")


def test_another_graph_shares_nothing_but_is_written_right(tmp_path: Path):
    write_all(build_graph(sample_pages()), tmp_path / "a", cache=ExportCache(None, "v1"))
    other = build_graph(two_posts_pages())
    cache = ExportCache(tmp_path / "a", "v1")
    write_all(other, tmp_path / "b", cache=cache)
    write_all(other, tmp_path / "fresh")
    assert _files(tmp_path / "b") == _files(tmp_path / "fresh")


def test_an_index_of_other_code_or_a_file_changed_since_is_not_used(tmp_path: Path):
    kg = build_graph(sample_pages())
    write_all(kg, tmp_path / "a", cache=ExportCache(None, "v1"))
    other_code = ExportCache(tmp_path / "a", "v2")
    write_all(kg, tmp_path / "b", cache=other_code)
    assert other_code.reused == 0

    # A file edited by hand (same size, another time): none of its bytes are copied.
    gexf = tmp_path / "a" / "graph.gexf"
    data = gexf.read_bytes()
    gexf.write_bytes(data.replace(b"guanxi", b"GUANXI", 1))
    st = gexf.stat()
    os.utime(gexf, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    cache = ExportCache(tmp_path / "a", "v1")
    write_all(kg, tmp_path / "c", cache=cache)
    assert b"GUANXI" not in (tmp_path / "c" / "graph.gexf").read_bytes()
    assert (tmp_path / "c" / "graph.gexf").read_bytes() == data
    assert 0 < cache.reused < cache.records  # the other files were copied


def _co_graph(npmi: float, extra: str = "a1") -> KnowledgeGraph:
    """Two invented persons and one CO_OCCURS edge between them (its npmi given)."""
    nodes = tuple(
        GraphNode(pid, NodeLabel.PERSON, {"name": name, "articles": 2})
        for pid, name in (("person:a", "甲某"), ("person:b", "乙某"))
    )
    props = {"articles": (extra, "a2"), "first_seen": "2024-03-01", "last_seen": "2024-03-02",
             "npmi": npmi, "sentences": 1, "weight": 2, "window": 1}  # fmt: skip
    edge = GraphEdge("edge:ab", RelType.CO_OCCURS, "person:a", "person:b", props)
    return KnowledgeGraph(nodes, (edge,), {"articles": 2, "last_date": "2024-03-02"})


def test_an_edge_changed_only_in_npmi_is_copied_with_the_new_value_in_place(tmp_path: Path):
    # npmi is computed against the number of articles: an update changes it in nearly every
    # CO_OCCURS edge. Such an edge is patched, not formatted, in each of the five files holding edges.
    write_all(_co_graph(0.333333), tmp_path / "a", cache=ExportCache(None, "v1"))
    cache = ExportCache(tmp_path / "a", "v1")
    write_all(_co_graph(-0.25), tmp_path / "b", cache=cache)
    write_all(_co_graph(-0.25), tmp_path / "fresh")
    assert _files(tmp_path / "b") == _files(tmp_path / "fresh")
    assert cache.patched == 5  # edges.jsonl, graph.graphml, graph.gexf, graph.json, rels_CO_OCCURS.csv
    assert cache.reused == cache.records - 5  # the nodes copied whole

    # The patched files are indexed in turn: a further change in npmi is patched again.
    again = ExportCache(tmp_path / "b", "v1")
    write_all(_co_graph(0.5), tmp_path / "c", cache=again)
    write_all(_co_graph(0.5), tmp_path / "fresh2")
    assert _files(tmp_path / "c") == _files(tmp_path / "fresh2")
    assert again.patched == 5


def test_an_edge_changed_besides_npmi_or_with_its_value_twice_is_formatted(tmp_path: Path):
    write_all(_co_graph(0.333333), tmp_path / "a", cache=ExportCache(None, "v1"))
    cache = ExportCache(tmp_path / "a", "v1")
    write_all(_co_graph(-0.25, extra="a0"), tmp_path / "b", cache=cache)  # another article too
    write_all(_co_graph(-0.25, extra="a0"), tmp_path / "fresh")
    assert _files(tmp_path / "b") == _files(tmp_path / "fresh")
    assert cache.patched == 0

    # An article id holding the value's text after a comma: the CSV row holds ",0.333333" twice, so
    # where the value lies is not sure there and that row is formatted; the other files are patched.
    write_all(_co_graph(0.333333, extra="x,0.333333"), tmp_path / "c", cache=ExportCache(None, "v1"))
    twice = ExportCache(tmp_path / "c", "v1")
    write_all(_co_graph(-0.25, extra="x,0.333333"), tmp_path / "d", cache=twice)
    write_all(_co_graph(-0.25, extra="x,0.333333"), tmp_path / "fresh3")
    assert _files(tmp_path / "d") == _files(tmp_path / "fresh3")
    assert twice.patched == 4
