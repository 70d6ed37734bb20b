"""One JSONL reader (guanxi.jsonl) with one error policy: a bad line is a Problem with path, line
and reason, skipped and counted, or raised where every line counts; every reader of guanxi's
.jsonl files gives the same reason for the same line."""

from __future__ import annotations

import json
import re

import pytest
from guanxi.extractors.evaluate import EvaluationError, load_gold
from guanxi.graph.build import KnowledgeGraph
from guanxi.graph.neo4j import read_graph_jsonl
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType

from guanxi.errors import InputError
from guanxi.jsonl import read_jsonl
from guanxi.model import Home, Page, PageExtraction, Problem
from guanxi.runner import read_extractions

# A bad line and the reason every reader gives for it.
BAD = [
    (b"{oops", "invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
    (b'["a"]', "expected a JSON object, got a JSON array"),
    (b'{"id": "\xff"}', "not UTF-8 (byte 9 of the line)"),
]


def _write(path, lines: list[bytes]):
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def test_skip_yields_each_bad_line_as_a_problem_in_its_place(tmp_path):
    lines = [b"\xef\xbb\xbf" + b'{"a": 1}', b"", *(bad for bad, _ in BAD), b'{"a": 2}']
    p = _write(tmp_path / "x.jsonl", lines)
    got = list(read_jsonl(p))
    assert got == [
        {"a": 1},
        *(Problem(str(p), n, why) for n, (_bad, why) in enumerate(BAD, 3)),
        {"a": 2},
    ]


def test_a_record_of_the_wrong_shape_is_named(tmp_path):
    p = _write(tmp_path / "nodes.jsonl", [b'{"id": "n1", "label": "Nobody"}'])
    (problem,) = read_jsonl(p, GraphNode.from_dict, what="graph node")
    assert str(problem).startswith(f"{p}:1: not a graph node (")


def test_raise_stops_at_the_first_bad_line_with_path_and_line(tmp_path):
    p = _write(tmp_path / "x.jsonl", [b'{"a": 1}', b"{oops", b"[1]"])
    with pytest.raises(InputError, match=rf"^{re.escape(str(p))}:2: invalid JSON"):
        list(read_jsonl(p, errors="raise"))


def test_a_file_that_cannot_be_read(tmp_path):
    missing = tmp_path / "none.jsonl"
    assert list(read_jsonl(missing)) == [Problem(str(missing), None, "cannot read: No such file or directory")]
    with pytest.raises(InputError, match=r"none\.jsonl: cannot read"):
        list(read_jsonl(missing, errors="raise"))


def test_a_byte_range_reads_its_lines_with_their_numbers(tmp_path):
    p = _write(tmp_path / "x.jsonl", [b'{"n": 1}', b'{"n": 2}', b"[3]", b'{"n": 4}'])
    start = len(b'{"n": 1}\n')
    end = start + len(b'{"n": 2}\n[3]\n')
    assert list(read_jsonl(p, start=start, end=end, first_line=2)) == [
        {"n": 2},
        Problem(str(p), 3, "expected a JSON object, got a JSON array"),
    ]


def _node() -> bytes:
    return json.dumps(GraphNode("person:1", NodeLabel.PERSON, {"name": "王明"}).to_dict()).encode()


def _edge() -> bytes:
    e = GraphEdge("e:1", RelType.MENTIONED_IN, "person:1", "article:1", {"articles": ["article:1"]})
    return json.dumps(e.to_dict()).encode()


@pytest.mark.parametrize(("bad", "why"), BAD)
def test_every_reader_reports_a_bad_line_alike(tmp_path, bad, why):
    # Inputs of a run: the bad line is a Problem, the good ones are read.
    page = PageExtraction(Page("p", "p.txt", "正文"), Home("山西省", "长治市"))
    ex = _write(tmp_path / "extractions.jsonl", [json.dumps(page.to_dict()).encode(), bad])
    assert list(read_extractions(ex)) == [page, Problem(str(ex), 2, why)]
    out = tmp_path / "out"
    out.mkdir()
    _write(out / "nodes.jsonl", [_node(), bad])
    _write(out / "edges.jsonl", [_edge()])
    nodes, edges, problems = read_graph_jsonl(out)
    assert (len(nodes), len(edges), problems) == (1, 1, [Problem(str(out / "nodes.jsonl"), 2, why)])
    # Every line counts: the same reason, raised.
    with pytest.raises(InputError) as err:
        KnowledgeGraph.read(out)
    assert str(err.value) == f"{out / 'nodes.jsonl'}:2: {why}"
    gold = _write(tmp_path / "gold.jsonl", [b'{"file": "p.txt"}', bad])
    with pytest.raises(EvaluationError) as err:
        load_gold(gold)
    assert str(err.value) == f"{gold}:2: {why}"
