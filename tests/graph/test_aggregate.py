"""The aggregation steps: folding the rows in any grouping and merging gives the single fold.

This is what lets the local engine (one fold) and the Dask engine (a fold per partition, then a
merge) write the same bytes; here it is checked on the article parts of real pages.
"""

from __future__ import annotations

import copy
import random

from guanxi.graph.aggregate import (
    DateSpan,
    EntityAgg,
    EntityIds,
    EntitySeen,
    OrgRef,
    PersonAcc,
    PersonRef,
    PlaceRef,
    PostAcc,
    PostKey,
    add_posts,
    add_seen,
    article_entities,
    fold,
    merge_all,
    post_edges,
)
from guanxi.graph.build import ArticleParts, article_date, article_parts, page_home
from pages_fixtures import sample_pages


def _parts() -> list[ArticleParts]:
    return [
        article_parts(pe, ax, page_home(pe), article_date(pe, ax.article))
        for pe in sample_pages()
        for ax in pe.articles
    ]


def _fold(numbered: list[tuple[int, ArticleParts]]):
    """Every accumulator of the articles, folded in the order given (persons keyed by block)."""
    persons: dict[str, PersonAcc] = {}
    posts: dict[PostKey, PostAcc] = {}
    seen: dict[str, EntitySeen] = {}
    orgs: dict[str, EntityAgg] = {}
    for a, parts in numbered:
        parts = copy.deepcopy(parts)  # a fold takes the article's counters over
        for pp in parts.persons:
            pid = "|".join(pp.block)
            fold(persons, pid, PersonAcc(pp.block))
            persons[pid].add(pp.kind, pp.titles, pp.count, parts.date)
            add_posts(posts, pid, pp.posts, parts.article_id, parts.date)
        ids = EntityIds(["|".join(pp.block) for pp in parts.persons], {})
        rows = [
            (ids.of(r), sents, count, isinstance(r, PersonRef) and r.journalist, present, types)
            for r, (sents, count, present, types) in parts.refs.items()
        ]
        ents = article_entities(rows)
        add_seen(seen, ents.counts, ents.sentences, parts.date)
        for pos, (key, agg) in enumerate(parts.orgs.items()):
            agg.order = (a, pos)
            fold(orgs, key, agg)
    return persons, posts, seen, orgs


def test_partial_folds_merge_to_the_single_fold():
    numbered = list(enumerate(_parts()))
    assert len(numbered) >= 3
    whole = _fold(numbered)
    assert all(whole), "every step has input"
    for seed in range(5):
        shuffled = numbered[:]
        random.Random(seed).shuffle(shuffled)
        cut = sorted(random.Random(seed).sample(range(1, len(shuffled)), 2))
        groups = [shuffled[: cut[0]], shuffled[cut[0] : cut[1]], shuffled[cut[1] :]]
        partials = [_fold(g) for g in groups]
        for step in range(4):
            merged = merge_all(p[step] for p in partials)
            assert merged == whole[step], step
            assert list(merged) != [] and sorted(merged) == sorted(whole[step])


def test_post_edges_come_from_one_accumulator_per_post():
    _persons, posts, _seen, _orgs = _fold(list(enumerate(_parts())))
    edges = list(post_edges(posts, EntityIds({}, {})))
    assert len(edges) == len(posts) and len({e.id for e in edges}) == len(edges)
    for e in edges:
        assert e.properties["count"] >= 1 and e.properties["articles"]
        assert e.properties["title"] in e.properties["titles"]


def test_first_mention_wins_whichever_side_of_a_merge_it_is_on():
    early = EntityAgg(extra={"level": "county"}, home="甲市", order=(1, 0))
    late = EntityAgg(extra={"level": "township", "code": "130403"}, home="乙市", order=(5, 2))
    a = copy.deepcopy(late).merge(copy.deepcopy(early))
    b = copy.deepcopy(early).merge(copy.deepcopy(late))
    assert a == b
    assert (a.home, a.order, a.extra) == ("甲市", (1, 0), {"level": "county", "code": "130403"})


def test_date_span_ignores_missing_dates_and_merges():
    a, b = DateSpan(), DateSpan()
    a.add(None)
    assert a.props() == {}
    for d in ("2024-03-02", ""):
        a.add(d)
    b.add("2024-01-09")
    assert a.merge(b).props() == {"first_seen": "2024-01-09", "last_seen": "2024-03-02"}


def test_refs_are_typed_and_resolved_by_kind():
    ids = EntityIds(["person:1", "person:2"], {"丛台春酒业": "邯郸丛台春酒业有限公司"})
    assert ids.of(PersonRef(1)) == "person:2"
    assert ids.of(OrgRef("丛台春酒业")) == ids.of(OrgRef("邯郸丛台春酒业有限公司"))
    assert ids.of(PlaceRef('{"code": "130403"}')).startswith("place:")
