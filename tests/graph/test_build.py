"""Graph building: schema, provenance, determinism and bad input."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from careers_fixtures import career_pages
from guanxi.graph.build import GraphBuilder, KnowledgeGraph, build_graph
from guanxi.graph.schema import NodeLabel, RelType
from pages_fixtures import article, page, sample_pages, untitled

from guanxi.model import Event, Participant
from guanxi.runner import build_from_extractions

# Structural edges come from names and the official division table, not from articles.
STRUCTURAL = {RelType.PART_OF, RelType.LOCATED_IN}


def _dump(kg: KnowledgeGraph) -> str:
    return "\n".join([n.to_json() for n in kg.nodes] + [e.to_json() for e in kg.edges])


def test_schema_labels_and_types():
    # The hand-made pages have every fact but careers; the invented notices add those.
    kg = build_graph([*sample_pages(), *career_pages()])
    counts = kg.counts()
    for label in NodeLabel:
        assert counts[str(label)] > 0
    for rel in RelType:
        assert counts[str(rel)] > 0, rel
    ids = [n.id for n in kg.nodes]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert [e.id for e in kg.edges] == sorted(e.id for e in kg.edges)
    nodes = set(ids)
    assert all(e.source in nodes and e.target in nodes for e in kg.edges)


def test_every_relationship_keeps_its_articles():
    kg = build_graph(sample_pages())
    known = {n.properties["article_id"] for n in kg.nodes if n.label == NodeLabel.ARTICLE}
    for e in kg.edges:
        if e.type in STRUCTURAL:
            assert e.properties["evidence"] in ("name", "divisions")
            continue
        if e.type == "SERVED_WITH":
            # a colleague tie names the two articles that date the overlap; the posts' own
            # HOLDS_POST relationships list all their articles
            articles = {e.properties["first_article"], e.properties["last_article"]}
        else:
            articles = set(e.properties["articles"])
        assert articles, e
        assert articles <= known


def test_no_none_or_lists_in_properties():
    kg = build_graph(sample_pages())
    for rec in (*kg.nodes, *kg.edges):
        for v in rec.properties.values():
            assert v is not None and not isinstance(v, list | dict)
            if isinstance(v, tuple):
                assert v and len({type(x) for x in v}) == 1


def test_article_nodes_keep_source_and_offsets():
    kg = build_graph(sample_pages())
    [a] = [n for n in kg.nodes if n.label == NodeLabel.ARTICLE and n.properties["article_id"] == "p1#2"]
    assert a.properties["file"] == "p1.txt" and a.properties["path"] == "pages/p1.txt"
    assert (a.properties["start"], a.properties["end"]) == (0, 64)
    assert a.properties["date"] == "2024-05-07"


def test_holds_post_records_titles_and_dates():
    kg = build_graph(sample_pages())
    names = {n.id: n.properties["name"] for n in kg.nodes}
    posts = {
        (names[e.source], names[e.target]): e.properties for e in kg.edges if e.type == RelType.HOLDS_POST
    }
    p = posts[("李明华", "邯郸市政府")]
    assert p["title"] == "市长" and p["canonical"] == "市长"
    assert (p["first_seen"], p["last_seen"]) == ("2024-05-06", "2024-05-07")
    assert p["articles"] == ("p1#1", "p1#2") and p["count"] == 2


def test_mentioned_in_counts_provenance():
    kg = build_graph(sample_pages())
    names = {n.id: n.properties.get("name") for n in kg.nodes}
    m = {
        (names[e.source], e.properties["articles"][0]): e.properties["count"]
        for e in kg.edges
        if e.type == RelType.MENTIONED_IN
    }
    assert m[("李明华", "p1#1")] == 1
    assert m[("王建国", "p2#1")] == 1


def test_same_input_gives_same_graph_in_any_order():
    pages = sample_pages()
    ref = _dump(build_graph(pages))
    for seed in range(3):
        shuffled = pages[:]
        random.Random(seed).shuffle(shuffled)
        assert _dump(build_graph(shuffled)) == ref


def test_empty_corpus():
    kg = build_graph([])
    assert kg.nodes == () and kg.edges == () and kg.counts() == {}


def test_article_without_entities():
    kg = build_graph([page("e1", article("e1#1", "今日天气晴。", date="2024-01-02"))])
    assert kg.counts() == {"Article": 1}


def test_repeated_article_id_is_skipped_with_a_problem():
    pages = sample_pages()
    builder = GraphBuilder()
    for pe in pages + pages:
        builder.add(pe)
    kg = builder.build()
    assert _dump(kg) == _dump(build_graph(pages))
    assert len(builder.problems) == 3
    assert "repeated; skipped" in builder.problems[0].reason


def test_conflicting_dates():
    # The same person seen with dates out of order, one partial date, and an event reported
    # with two different dates: spans are min/max of full ISO dates; the events stay two.
    ev = lambda d: Event("全市安全生产工作会议", "meeting", d, participants=(Participant("王建国", "讲话"),))  # noqa: E731
    a1 = article(
        "f1#1",
        "本报讯 王建国讲话。",
        date="2024-06-01",
        persons=(("王建国", "official", ()),),
        events=(ev("2024-06-01"),),
    )
    a2 = article(
        "f2#1",
        "本报讯 王建国讲话。",
        date="2024-03-01",
        persons=(("王建国", "official", ()),),
        events=(ev("2024-03-01"),),
    )
    a3 = article("f3#1", "本报讯 王建国讲话。", date="--07-01", persons=(("王建国", "official", ()),))
    kg = build_graph([page("f1", a1), page("f3", a3), page("f2", a2)])
    [p] = [n for n in kg.nodes if n.label == NodeLabel.PERSON]
    assert (p.properties["first_seen"], p.properties["last_seen"]) == ("2024-03-01", "2024-06-01")
    assert p.properties["articles"] == 3
    assert sorted(n.properties["date"] for n in kg.nodes if n.label == NodeLabel.EVENT) == [
        "2024-03-01",
        "2024-06-01",
    ]
    [art3] = [n for n in kg.nodes if n.label == NodeLabel.ARTICLE and n.properties["article_id"] == "f3#1"]
    assert art3.properties["date"] == "--07-01"  # kept as printed, ignored for time spans


def test_date_range_filter_counts_only_articles_in_range():
    kg = build_graph(sample_pages(), since="2024-05-07", until="2024-05-31")
    arts = [n.properties["article_id"] for n in kg.nodes if n.label == NodeLabel.ARTICLE]
    assert arts == ["p1#2"]


def test_label_and_weight_filters():
    kg = build_graph(sample_pages()).filter(labels=["Person", "Organization"], min_weight=2)
    assert {str(n.label) for n in kg.nodes} == {"Person", "Organization"}
    co = [e for e in kg.edges if e.type == RelType.CO_OCCURS]
    assert co and all(e.properties["weight"] >= 2 for e in co)


def test_output_folder_is_replaced_atomically(tmp_path: Path):
    out = tmp_path / "out"
    build_from_extractions(sample_pages(), out, html=False)
    before = (out / "graph.graphml").read_bytes()

    def crashing():
        yield from sample_pages()[:1]
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        build_from_extractions(crashing(), out, html=False)
    assert (out / "graph.graphml").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_runner_writes_the_file_set(tmp_path: Path):
    out = tmp_path / "out"
    report = build_from_extractions(sample_pages(), out)
    for name in ("articles.jsonl", "extractions.jsonl", "pages.jsonl", "nodes.jsonl", "edges.jsonl",
                 "graph.graphml", "graph.gexf", "graph.json", "report.json", "index.html"):  # fmt: skip
        assert (out / name).is_file(), name
    assert (out / "neo4j-import" / "nodes_Person.csv").is_file()
    assert len((out / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["articles"] == 3 and data["counts"]["Person"] == 3
    assert str(out / "graph.graphml") in report.outputs
    counts = {k: v for k, v in report.counts.items() if k != "skipped_articles"}
    assert KnowledgeGraph.read(out).counts() == counts


def test_build_folder_reads_back(tmp_path: Path):
    kg = build_graph(sample_pages())
    build_from_extractions(sample_pages(), tmp_path / "o", html=False)
    back = KnowledgeGraph.read(tmp_path / "o")
    assert _dump(back) == _dump(kg)


def test_mention_rows_group_by_gives_the_mention_counts():
    from collections import Counter

    from guanxi.graph.build import mention_rows

    from guanxi.model import stable_id

    rows = [r for pe in sample_pages() for r in mention_rows(pe)]
    assert {r.kind for r in rows} == {"person", "organization", "place"}
    kg = build_graph(sample_pages())
    # Organizations: the row key is the final key, so a group-by gives the node ids directly.
    by_org = Counter(r.article_id for r in rows if r.kind == "organization" and r.key == "邯郸市委组织部")
    oid = stable_id("org", {"name": "邯郸市委组织部"})
    arts = sorted(
        e.properties["articles"][0] for e in kg.edges if e.type == RelType.MENTIONED_IN and e.source == oid
    )
    assert sorted(by_org) == arts


def test_empty_corpus_still_writes_a_readable_folder(tmp_path: Path):
    import networkx as nx

    report = build_from_extractions([], tmp_path / "o")
    assert report.articles == 0 and report.exit_code == 0
    assert (tmp_path / "o" / "nodes.jsonl").read_text() == ""
    assert nx.read_graphml(tmp_path / "o" / "graph.graphml").number_of_nodes() == 0
    assert (tmp_path / "o" / "index.html").is_file()


def test_bodies_named_only_in_posts_are_typed_like_the_extractor_types_them():
    from guanxi.extractors.components.organizations import org_type

    a = article(
        "o1#1",
        "本报讯 邯郸军分区司令员张卫东、丛台区委组织部部长刘洋、市人大常委会副主任陈静出席。",
        persons=(
            ("张卫东", "official", (("邯郸军分区司令员", "司令员", "邯郸军分区"),)),
            ("刘洋", "official", (("丛台区委组织部部长", "部长", "丛台区委组织部"),)),
            ("陈静", "official", (("市人大常委会副主任", "副主任", "市人大常委会"),)),
        ),
        orgs=(("邯郸市文化馆", "other"),),
    )
    kg = build_graph([page("o1", a)])
    types = {
        n.properties["name"]: n.properties["type"] for n in kg.nodes if n.label == NodeLabel.ORGANIZATION
    }
    assert types["邯郸军分区"] == "military"
    assert types["丛台区委组织部"] == "party" and types["丛台区委"] == "party"
    assert types["邯郸市人大常委会"] == "congress"
    # One rule for every node: a name the extractor reads gets the extractor's type.
    assert all(t == org_type(name) or org_type(name) == "other" for name, t in types.items())


def test_articles_without_a_headline_get_a_readable_name():
    ax = untitled(article("n1#3", "3月17日，大棚里一片生机。本报记者 梁栋 摄", kind="photo"))
    kg = build_graph([page("n1", ax)])
    [a] = [n for n in kg.nodes if n.label == NodeLabel.ARTICLE]
    assert a.properties["name"] == "n1.txt #3 (photo)"
    assert "title" not in a.properties
    titled = build_graph(sample_pages())
    assert all(
        n.properties["name"] == n.properties["title"] for n in titled.nodes if n.label == NodeLabel.ARTICLE
    )
