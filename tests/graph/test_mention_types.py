"""Mention types in the graph (issue 18): CO_OCCURS through present mentions by default
(``--cooccurrence all``: every mention, as before), and MENTIONED_IN counts per type."""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner
from guanxi.graph.build import build_graph
from guanxi.graph.schema import RelType
from pages_fixtures import article, page

from guanxi.cli import main
from guanxi.options import BuildOptions, OptionError
from guanxi.runner import build

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

# Invented: a leader named only in what is studied, a chair who is there, a vice mayor who is
# there and whose earlier words are also quoted.
TEXT = (
    "会议传达学习陈志远总书记重要讲话精神。市委书记王建国主持会议。副市长李青讲话。此前李青曾指出要抓落实。"
)


def _typed(types: dict[str, tuple[str, ...]]):
    a = article(
        "m1#1",
        TEXT,
        persons=(("陈志远", "official", ()), ("王建国", "official", ()), ("李青", "official", ())),
    )
    persons = tuple(dataclasses.replace(p, mentions=types[p.name]) for p in a.persons)
    assert all(len(p.prov) == len(types[p.name]) for p in persons if types[p.name])
    return page("m1", dataclasses.replace(a, persons=persons))


TYPES = {"陈志远": ("reference",), "王建国": ("present",), "李青": ("present", "reference")}


def _co_pairs(kg) -> set[tuple[str, str]]:
    names = {n.id: n.properties["name"] for n in kg.nodes}
    return {
        tuple(sorted((names[e.source], names[e.target]))) for e in kg.edges if e.type == RelType.CO_OCCURS
    }


def test_a_person_named_only_in_a_reference_co_occurs_with_no_one_by_default():
    present = _co_pairs(build_graph([_typed(TYPES)]))
    assert present == {("李青", "王建国")}
    every = _co_pairs(build_graph([_typed(TYPES)], cooccurrence="all"))
    assert every == {("李青", "王建国"), ("李青", "陈志远"), ("王建国", "陈志远")}


def test_only_present_mentions_give_the_shared_sentences():
    # 李青's reference (sentence 3) is near no one; his present mention (sentence 2) is near 王建国.
    def li_wang(kg):
        names = {n.id: n.properties["name"] for n in kg.nodes}
        [e] = [
            e
            for e in kg.edges
            if e.type == RelType.CO_OCCURS and {names[e.source], names[e.target]} == {"李青", "王建国"}
        ]
        return e.properties

    assert li_wang(build_graph([_typed(TYPES)]))["window"] == 1
    moved = {**TYPES, "李青": ("reference", "present")}  # now the first mention is the reference
    assert li_wang(build_graph([_typed(moved)]))["window"] == 1
    only_ref = {**TYPES, "李青": ("reference", "reference")}
    assert ("李青", "王建国") not in _co_pairs(build_graph([_typed(only_ref)]))


def test_mentioned_in_counts_each_type():
    kg = build_graph([_typed(TYPES)])
    names = {n.id: n.properties["name"] for n in kg.nodes}
    counts = {
        names[e.source]: {k: e.properties[k] for k in ("count", "present", "reference", "byline", "other")}
        for e in kg.edges
        if e.type == RelType.MENTIONED_IN and e.source.startswith("person:")
    }
    assert counts == {
        "陈志远": {"count": 1, "present": 0, "reference": 1, "byline": 0, "other": 0},
        "王建国": {"count": 1, "present": 1, "reference": 0, "byline": 0, "other": 0},
        "李青": {"count": 2, "present": 1, "reference": 1, "byline": 0, "other": 0},
    }
    # Organizations and places carry the count only.
    assert all(
        "present" not in e.properties
        for e in kg.edges
        if e.type == RelType.MENTIONED_IN and not e.source.startswith("person:")
    )


def test_files_without_mention_types_co_occur_as_before():
    untyped = {name: () for name in TYPES}
    assert _co_pairs(build_graph([_typed(untyped)])) == _co_pairs(
        build_graph([_typed(TYPES)], cooccurrence="all")
    )


def test_the_option_is_checked():
    with pytest.raises(OptionError, match="cooccurrence"):
        BuildOptions(cooccurrence="some")
    res = CliRunner().invoke(main, ["build", str(SEEDS), "-o", "unused", "--cooccurrence", "some"])
    assert res.exit_code == 2 and "--cooccurrence" in res.output


# --- the seeds ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_builds(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("mention_types")
    build([SEEDS], root / "present", html=False)
    extractions = root / "present" / "extractions.jsonl"
    build([extractions], root / "all", html=False, from_extractions=True, cooccurrence="all")
    return {"present": root / "present", "all": root / "all"}


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _leader_in_top_ten(out: Path, leader: str) -> dict[str, int]:
    """For each city official (a Person holding a post in a 长治 body) among whose 10 strongest
    CO_OCCURS ties (by weight) *leader* is, the weight of that tie. A tie of equal weight to the
    10th counts as among them."""
    nodes = {n["id"]: n["properties"] for n in _lines(out / "nodes.jsonl")}
    edges = _lines(out / "edges.jsonl")
    officials = {
        e["source"] for e in edges if e["type"] == "HOLDS_POST" and "长治" in nodes[e["target"]]["name"]
    }
    assert len(officials) >= 10, "the seeds have city officials"
    ties: dict[str, dict[str, int]] = defaultdict(dict)
    for e in edges:
        if e["type"] == "CO_OCCURS":
            ties[e["source"]][e["target"]] = ties[e["target"]][e["source"]] = e["properties"]["weight"]
    [lid] = [i for i, p in nodes.items() if p.get("name") == leader]
    found = {}
    for o in officials:
        if lid in ties[o]:
            w = ties[o][lid]
            if sum(1 for x in ties[o].values() if x > w) < 10:
                found[nodes[o]["name"]] = w
    return found


def test_seeds_leader_referred_to_is_no_top_tie_of_a_city_official(seeds_builds):
    assert _leader_in_top_ten(seeds_builds["present"], "习近平") == {}
    # The old ties come back with --cooccurrence all (and this test fails without the option's default).
    old = _leader_in_top_ten(seeds_builds["all"], "习近平")
    assert len(old) >= 5 and max(old.values()) >= 2, old


def test_seeds_mentioned_in_types_add_up_and_the_leader_is_only_referred_to(seeds_builds):
    nodes = {n["id"]: n["properties"] for n in _lines(seeds_builds["present"] / "nodes.jsonl")}
    person_edges = [
        e["properties"]
        for e in _lines(seeds_builds["present"] / "edges.jsonl")
        if e["type"] == "MENTIONED_IN" and e["source"].startswith("person:")
    ]
    assert person_edges
    for p in person_edges:
        assert p["present"] + p["reference"] + p["byline"] + p["other"] == p["count"]
    leader = [
        e["properties"]
        for e in _lines(seeds_builds["present"] / "edges.jsonl")
        if e["type"] == "MENTIONED_IN" and nodes[e["source"]].get("name") == "习近平"
    ]
    assert leader and all(p["present"] == 0 and p["reference"] == p["count"] for p in leader)
    meta = json.loads((seeds_builds["all"] / "graph.json").read_text(encoding="utf-8"))["graph"]
    assert meta["cooccurrence"] == "all"


def test_seeds_report_page_draws_the_leader_with_no_co_mention_by_default(seeds_builds):
    from guanxi.graph.report_data import build_report_data

    def leader(out: Path) -> dict:
        data = build_report_data(out)
        [row] = [e for e in data["entities"] if e["n"] == "习近平"]
        return row

    # The page's network and "strongest connections" are the build's CO_OCCURS edges.
    assert leader(seeds_builds["present"])["d"] == 0
    assert leader(seeds_builds["all"])["d"] >= 10
