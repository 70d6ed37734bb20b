"""Co-occurrence counts, windows, NPMI and dates."""

from __future__ import annotations

import math

import pytest
from guanxi.graph.build import build_graph
from guanxi.graph.cooccurrence import CoOccurrence, article_pairs, npmi
from guanxi.graph.schema import RelType
from pages_fixtures import article, page


def test_pairs_are_ordered_and_counted():
    rows = list(article_pairs({"b": [2], "a": [0, 2], "c": [9]}, window=2))
    assert rows == [("a", "b", 1, True), ("a", "c", 0, False), ("b", "c", 0, False)]


def test_window_counts_near_sentences():
    assert list(article_pairs({"a": [0], "b": [2]}, window=2)) == [("a", "b", 0, True)]
    assert list(article_pairs({"a": [0], "b": [3]}, window=2)) == [("a", "b", 0, False)]


def test_an_article_naming_hundreds_pairs_only_within_short_sentences():
    # 300 entities: a list sentence of 20 each (0..14), then 3 prose sentences of 2 (15..17)
    # one of which shares its pair with a list sentence.
    mentions = {f"e{i:03d}": [i // 20] for i in range(300)}
    mentions["e000"] = [0, 15]
    mentions["e100"] = [5, 15]
    mentions["e298"] = [14, 16]
    mentions["e299"] = [14, 16]
    mentions["x1"], mentions["x2"] = [17], [17]
    rows = list(article_pairs(mentions, window=2))
    assert rows == [("e000", "e100", 1, True), ("e298", "e299", 2, True), ("x1", "x2", 1, True)]
    # At most 100 entities: every pair, as before.
    small = {k: v for k, v in mentions.items() if k < "e090"}
    assert len(list(article_pairs(small))) == len(small) * (len(small) - 1) // 2


def test_npmi_bounds():
    assert npmi(3, 3, 3, 3) == 1.0
    assert npmi(5, 5, 5, 10) == 1.0
    assert -1.0 <= npmi(1, 9, 9, 10) < 0
    expected = math.log(0.1 / (0.5 * 0.5)) / -math.log(0.1)
    assert npmi(1, 5, 5, 10) == pytest.approx(expected, abs=1e-6)


def test_reduce_sums_weights_dates_and_articles():
    co = CoOccurrence(window=1)
    co.add("a2", "2024-02-01", {"x": [0], "y": [1]})
    co.add("a1", "2024-01-01", {"x": [0], "y": [0]})
    co.add("a3", None, {"x": [0], "z": [5]})
    [xy, xz] = list(co.edges())
    assert (xy.source, xy.target) == ("x", "y")
    assert xy.properties["weight"] == 2
    assert xy.properties["sentences"] == 1
    assert xy.properties["window"] == 2
    assert xy.properties["articles"] == ("a1", "a2")
    assert (xy.properties["first_seen"], xy.properties["last_seen"]) == ("2024-01-01", "2024-02-01")
    assert "first_seen" not in xz.properties and xz.properties["window"] == 0
    assert [e.source for e in co.edges(min_weight=2)] == ["x"]


def test_cooccurrence_in_graph_excludes_bylines():
    a = article(
        "c1#1",
        "本报讯 记者赵晓雪报道：市长李明华到丛台区调研。",
        reporters=("赵晓雪",),
        persons=(("李明华", "official", ()), ("赵晓雪", "journalist", ())),
        places=(("丛台区", "county", "130403", "130400"),),
    )
    kg = build_graph([page("c1", a)])
    names = {n.id: n.properties["name"] for n in kg.nodes}
    pairs = {
        tuple(sorted((names[e.source], names[e.target]))) for e in kg.edges if e.type == RelType.CO_OCCURS
    }
    assert pairs == {("丛台区", "李明华")}


def test_repeated_article_text_adds_up_without_duplicate_edges():
    text = "本报讯 市长李明华到丛台区调研。"
    pages = [
        page(
            f"d{i}",
            article(
                f"d{i}#1",
                text,
                persons=(("李明华", "official", ()),),
                places=(("丛台区", "county", "130403", "130400"),),
            ),
        )
        for i in range(25)
    ]
    kg = build_graph(pages)
    co = [e for e in kg.edges if e.type == RelType.CO_OCCURS]
    assert len(co) == 1 and co[0].properties["weight"] == 25
    assert co[0].properties["npmi"] == 1.0
    assert len({e.id for e in kg.edges}) == len(kg.edges)
    mentioned = [e for e in kg.edges if e.type == RelType.MENTIONED_IN]
    assert len(mentioned) == 50 and sum(e.properties["count"] for e in mentioned) == 50


def test_pair_rows_summed_in_any_order_and_grouping_give_the_article_sums():
    articles = [
        ("a1", "2024-01-03", {"x": [0, 2], "y": [2], "z": [7]}),
        ("a2", None, {"x": [1], "y": [4]}),
        ("a3", "2024-01-01", {"y": [0], "z": [0], "x": [3]}),
    ]
    whole = CoOccurrence(window=1)
    rows = []
    for aid, date, mentions in articles:
        whole.add(aid, date, mentions)
        rows += [(*row, aid, date) for row in article_pairs(mentions, window=1)]
    counts = {e: sum(e in m for _a, _d, m in articles) for e in "xyz"}
    # The Dask engine: pair rows shuffled by pair, one accumulator per partition.
    parts = [CoOccurrence(), CoOccurrence()]
    for row in reversed(rows):
        parts[row[0] + row[1] in ("xy", "yz")].add_pairs([row])
    edges = sorted((e for p in parts for e in p.edges(counts=counts, total=3)), key=lambda e: e.id)
    assert edges == sorted(whole.edges(), key=lambda e: e.id)
    assert {(e.source, e.target): e.properties["weight"] for e in edges} == {
        ("x", "y"): 3,
        ("x", "z"): 2,
        ("y", "z"): 2,
    }
