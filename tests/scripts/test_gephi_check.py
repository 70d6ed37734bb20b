"""scripts/gephi-check: the real Gephi Toolkit reads GraphML and GEXF written by networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

pytestmark = pytest.mark.slow


def small_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_node("person:1", label="王建国", kind="Person", mentions=3)
    g.add_node("org:1", label='某县"人民政府"', kind="Organization", mentions=1)
    g.add_node("place:1", label="某某镇", kind="Place", mentions=2)
    g.add_edge("person:1", "org:1", rel="HOLDS_POST", weight=2.0, title="县长")
    g.add_edge("org:1", "place:1", rel="LOCATED_IN", weight=1.0, title="")
    return g


def test_graphml_with_chinese_labels(gephi_read, tmp_path: Path) -> None:
    path = tmp_path / "g.graphml"
    nx.write_graphml(small_graph(), path)
    seen = gephi_read(path)
    assert seen["importer"] == "ImporterGraphML"
    assert (seen["nodes"], seen["edges"], seen["directed"]) == (3, 2, True)
    assert seen["labels"] == ["王建国", '某县"人民政府"', "某某镇"]
    # "label" and "weight" are Gephi built-ins, so they are not attribute columns.
    assert seen["node_columns"] == {"kind": "String", "mentions": "Long"}
    assert seen["edge_columns"] == {"rel": "String", "title": "String"}
    assert seen["severe"] == []


def test_gexf(gephi_read, tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    nx.write_gexf(small_graph(), path)
    seen = gephi_read(path)
    assert seen["importer"] == "ImporterGEXF"
    assert (seen["nodes"], seen["edges"], seen["directed"]) == (3, 2, True)
    assert seen["labels"][0] == "王建国"
    assert seen["severe"] == []


def test_gexf_edge_attribute_named_type_is_severe(gephi_read, tmp_path: Path) -> None:
    # networkx writes an edge attribute "type" as GEXF's own edge type (directed/undirected/mutual).
    g = nx.DiGraph()
    g.add_edge("a", "b", type="HOLDS_POST")
    path = tmp_path / "typed.gexf"
    nx.write_gexf(g, path)
    assert any("HOLDS_POST" in m and "not recognized" in m for m in gephi_read(path)["severe"])


def test_bad_graphml_reports_severe_issues_and_invented_nodes(gephi_read, tmp_path: Path) -> None:
    path = tmp_path / "bad.graphml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
        '  <key id="d0" for="node" attr.name="count" attr.type="int"/>\n'
        '  <graph edgedefault="directed">\n'
        '    <node id="a"><data key="d0">abc</data></node><node id="b"/>\n'
        '    <edge source="a" target="undeclared"/><edge source="a" target="b" directed="maybe"/>\n'
        "  </graph>\n</graphml>\n",
        encoding="utf-8",
    )
    seen = gephi_read(path)
    assert len(seen["severe"]) == 2
    assert "INFO: Some nodes were created based on edges' source and target" in seen["issues"]
    assert seen["nodes"] == 3  # Gephi invents the undeclared node, as in the desktop app


def test_missing_file_is_an_error(gephi_read, tmp_path: Path) -> None:
    seen = gephi_read(tmp_path / "nope.graphml")
    assert seen["error"].endswith("no such file")


def test_graphml_label_attribute_is_the_edge_kind(gephi_read, tmp_path: Path) -> None:
    # Gephi keeps one edge per source, target and kind; in GraphML the kind is the <edge label="...">
    # XML attribute and the "label" data key is the edge's label (docs/gephi.md, graph/export.py).
    def graphml(kinds: tuple[str, str]) -> Path:
        edges = "".join(
            f'<edge source="a" target="b" label="{k}"><data key="l">{t}</data></edge>'
            for k, t in zip(kinds, ("主席", "党组书记"), strict=True)
        )
        path = tmp_path / f"{'-'.join(kinds)}.graphml"
        path.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
            '<key id="l" for="edge" attr.name="label" attr.type="string"/>'
            f'<graph edgedefault="directed"><node id="a"/><node id="b"/>{edges}</graph></graphml>\n',
            encoding="utf-8",
        )
        return path

    apart = gephi_read(graphml(("HOLDS_POST 主席", "HOLDS_POST 党组书记")))
    assert (apart["edges"], apart["edge_kinds"], sorted(apart["edge_labels"])) == (2, 2, ["主席", "党组书记"])
    merged = gephi_read(graphml(("HOLDS_POST", "HOLDS_POST")))
    assert (merged["edges"], merged["edge_kinds"]) == (1, 1)
    assert "INFO: Parallel edges detected, remember to choose a merge strategy" in merged["issues"]
