"""The aggregation steps: folding the rows in any grouping and merging gives the single fold.

This is what lets the local engine (one fold) and the Dask engine (a fold per partition, then a
merge) write the same bytes; here it is checked on the article parts of real pages.
"""

from __future__ import annotations

import copy
import random

from guanxi.graph.aggregate import (
    MAX_EDGE_EVENTS,
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
    Staff,
    add_attendance,
    add_posts,
    add_seen,
    add_staff,
    article_entities,
    attendances,
    co_attended_edges,
    fold,
    merge_all,
    post_edges,
    served_with_edges,
    services,
)
from guanxi.graph.build import ArticleParts, article_date, article_parts, build_graph, page_home
from guanxi.graph.schema import GraphEdge, NodeLabel, RelType
from pages_fixtures import article, page, sample_pages

from guanxi.model import Event, PageExtraction, Participant


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


# --- CO_ATTENDED and SERVED_WITH, on invented extractions ------------------------------------------


def _edges(kg, rel: RelType) -> dict[tuple[str, str], dict]:
    names = {n.id: n.properties.get("name") for n in kg.nodes}
    return {
        tuple(sorted((names[e.source], names[e.target]))): e.properties for e in kg.edges if e.type == rel
    }


def test_persons_of_the_same_events_are_co_attended_with_roles_events_and_dates():
    meeting = Event(
        "县政府常务会议",
        "meeting",
        "2023-09-04",
        participants=(
            Participant("周启明", "主持"),
            Participant("吴秀兰", "出席"),
            Participant("郑海涛", "出席"),
        ),
    )
    forum = Event(
        "乡村振兴座谈会",
        "meeting",
        "2023-10-12",
        participants=(Participant("吴秀兰", "出席"), Participant("周启明", "讲话")),
    )
    pages = [
        page(
            "q1",
            article(
                "q1#1",
                "9月4日，县长周启明主持召开县政府常务会议，吴秀兰、郑海涛出席。",
                date="2023-09-04",
                events=(meeting,),
            ),
        ),
        page(
            "q2",
            article(
                "q2#1",
                "10月12日，乡村振兴座谈会召开，周启明讲话，吴秀兰出席。",
                date="2023-10-12",
                events=(forum,),
            ),
        ),
    ]
    kg = build_graph(pages)
    co = _edges(kg, RelType.CO_ATTENDED)
    assert set(co) == {("吴秀兰", "周启明"), ("吴秀兰", "郑海涛"), ("周启明", "郑海涛")}
    both = co[("吴秀兰", "周启明")]
    assert both["weight"] == 2
    assert (both["first_seen"], both["last_seen"]) == ("2023-09-04", "2023-10-12")
    events = sorted(n.id for n in kg.nodes if n.label == NodeLabel.EVENT)
    assert both["events"] == tuple(events)
    assert both["articles"] == ("q1#1", "q2#1")
    # Roles are "source's/target's", the source being the smaller id.
    by_name = {n.properties.get("name"): n.id for n in kg.nodes}
    first = min(by_name["吴秀兰"], by_name["周启明"])
    own = {by_name["吴秀兰"]: ("出席", "出席"), by_name["周启明"]: ("主持", "讲话")}
    expected = {f"{a}/{b}" for a, b in zip(own[first], own[max(own)], strict=True)}
    assert set(both["roles"]) == expected and list(both["roles"]) == sorted(expected)
    assert co[("吴秀兰", "郑海涛")]["weight"] == 1
    for e in kg.edges:
        if e.type == RelType.CO_ATTENDED:
            assert e.source < e.target


def test_co_attended_lists_at_most_the_cap_of_event_ids_and_counts_all():
    accs: dict = {}
    for i in range(MAX_EDGE_EVENTS + 7):
        add_attendance(accs, f"event:{i:04d}", "2024-01-01", {"p": ("出席", ("a",)), "q": ("主持", ("a",))})
    (edge,) = co_attended_edges(accs)
    assert edge.properties["weight"] == MAX_EDGE_EVENTS + 7
    assert len(edge.properties["events"]) == MAX_EDGE_EVENTS
    assert edge.properties["roles"] == ("出席/主持",)


def _post_page(pid: str, date: str, *holders: tuple[str, str, str]) -> PageExtraction:
    text = "，".join(f"{org}{title}{name}" for name, title, org in holders) + "出席。"
    persons = tuple((name, "official", ((title, title, org),)) for name, title, org in holders)
    return page(pid, article(f"{pid}#1", text, date=date, persons=persons))


def test_served_with_needs_the_same_organization_at_overlapping_times():
    # Bodies of one named county (a city paper's bare 县委 names no county: no node, see test_homes).
    pages = [
        # 陈立新 is seen in the 磁县委 from March to June, 林雪梅 in April: overlap in April.
        _post_page("s1", "2022-03-01", ("陈立新", "书记", "磁县委")),
        _post_page("s2", "2022-04-15", ("林雪梅", "副书记", "磁县委"), ("黄志强", "局长", "磁县财政局")),
        _post_page("s3", "2022-06-30", ("陈立新", "书记", "磁县委")),
        # 何振华 is seen in the 磁县委 only after 陈立新's last sighting: no overlap.
        _post_page("s4", "2022-08-01", ("何振华", "副书记", "磁县委")),
        # 黄志强 again in another body, the same day as 林雪梅 there too: a second organization.
        _post_page("s5", "2022-05-10", ("黄志强", "局长", "磁县财政局"), ("林雪梅", "副书记", "磁县财政局")),
    ]
    kg = build_graph(pages)
    sw = _edges(kg, RelType.SERVED_WITH)
    assert set(sw) == {("林雪梅", "陈立新"), ("林雪梅", "黄志强")}
    p = sw[("林雪梅", "陈立新")]
    assert (p["first_seen"], p["last_seen"], p["weight"]) == ("2022-04-15", "2022-04-15", 1)
    # The articles that date the overlap: 林雪梅's one sighting opens and closes it.
    assert (p["first_article"], p["last_article"]) == ("s2#1", "s2#1")
    assert "articles" not in p  # the posts' lists are on HOLDS_POST
    orgs = {n.properties.get("name"): n.id for n in kg.nodes if n.label == NodeLabel.ORGANIZATION}
    assert p["organizations"] == (orgs["磁县委"],)
    q = sw[("林雪梅", "黄志强")]
    # 林雪梅 is seen in the 磁县财政局 on 05-10 only (on 04-15 she is in the 磁县委): that day alone.
    assert (q["first_seen"], q["last_seen"]) == ("2022-05-10", "2022-05-10")
    assert q["organizations"] == (orgs["磁县财政局"],)
    # A HOLDS_POST names the articles of its first and last sighting.
    names = {n.id: n.properties.get("name") for n in kg.nodes}
    holds = {
        (names[e.source], e.properties["title"]): e.properties
        for e in kg.edges
        if e.type == RelType.HOLDS_POST
    }
    assert (holds[("陈立新", "书记")]["first_article"], holds[("陈立新", "书记")]["last_article"]) == (
        "s1#1",
        "s3#1",
    )


def test_served_with_changes_only_when_its_overlap_does():
    # 陈立新 is seen in the 磁县委 from March to June, 林雪梅 from April to May: overlap April-May.
    pages = [
        _post_page("s1", "2022-03-01", ("陈立新", "书记", "磁县委")),
        _post_page("s2", "2022-04-15", ("林雪梅", "副书记", "磁县委")),
        _post_page("s3", "2022-05-20", ("林雪梅", "副书记", "磁县委")),
        _post_page("s4", "2022-06-30", ("陈立新", "书记", "磁县委")),
    ]
    before = _edges(build_graph(pages), RelType.SERVED_WITH)[("林雪梅", "陈立新")]
    assert (before["first_seen"], before["first_article"], before["last_seen"], before["last_article"]) == (
        "2022-04-15",
        "s2#1",
        "2022-05-20",
        "s3#1",
    )
    # More sightings of both inside their spans (and of 陈立新 after the overlap): the same record,
    # though both posts' article lists grew.
    more = [
        _post_page("s5", "2022-05-01", ("陈立新", "书记", "磁县委"), ("林雪梅", "副书记", "磁县委")),
        _post_page("s6", "2022-07-15", ("陈立新", "书记", "磁县委")),
    ]
    assert _edges(build_graph(pages + more), RelType.SERVED_WITH)[("林雪梅", "陈立新")] == before
    # 林雪梅 seen later: the overlap ends later, dated by 陈立新's last sighting (now the earlier end).
    later = _edges(
        build_graph([*pages, *more, _post_page("s7", "2022-08-01", ("林雪梅", "副书记", "磁县委"))]),
        RelType.SERVED_WITH,
    )[("林雪梅", "陈立新")]
    assert (later["first_seen"], later["last_seen"], later["last_article"]) == (
        "2022-04-15",
        "2022-07-15",
        "s6#1",
    )


def test_overlap_is_the_later_first_and_the_earlier_last_date():
    staff: dict[str, Staff] = {}
    rel = RelType.HOLDS_POST
    spans = {
        "p": ("2020-01-01", "2020-12-31"),
        "q": ("2020-06-01", "2021-03-01"),
        "r": ("2021-01-01", "2021-02-01"),
    }
    add_staff(
        staff,
        [
            GraphEdge(
                f"e{k}",
                rel,
                k,
                "org:x",
                {"first_seen": a, "last_seen": b, "first_article": f"{k}1", "last_article": f"{k}2"},
            )
            for k, (a, b) in spans.items()
        ],
    )
    add_staff(staff, [GraphEdge("undated", rel, "s", "org:x", {"articles": ("s",)})])  # no time: no tie
    edges = {(e.source, e.target): e.properties for e in served_with_edges(services(staff))}
    assert set(edges) == {("p", "q"), ("q", "r")}
    assert (edges[("p", "q")]["first_seen"], edges[("p", "q")]["last_seen"]) == ("2020-06-01", "2020-12-31")
    assert (edges[("q", "r")]["first_seen"], edges[("q", "r")]["last_seen"]) == ("2021-01-01", "2021-02-01")
    # Dated by the later post's first article and the earlier-ending post's last article.
    assert (edges[("p", "q")]["first_article"], edges[("p", "q")]["last_article"]) == ("q1", "p2")
    assert (edges[("q", "r")]["first_article"], edges[("q", "r")]["last_article"]) == ("r1", "r2")


def test_partial_staff_and_attendance_merge_to_the_single_fold():
    kg = build_graph(sample_pages())
    holds = [e for e in kg.edges if e.type == RelType.HOLDS_POST]
    parts = [e for e in kg.edges if e.type == RelType.PARTICIPATED_IN]
    assert holds and parts
    whole: dict[str, Staff] = {}
    add_staff(whole, holds)
    for seed in range(3):
        shuffled = holds[:]
        random.Random(seed).shuffle(shuffled)
        halves = [{}, {}]
        add_staff(halves[0], shuffled[: len(shuffled) // 2])
        add_staff(halves[1], shuffled[len(shuffled) // 2 :])
        assert merge_all(halves) == whole
    assert list(served_with_edges(services(whole)))  # 李明华 and 王建国 in the 市委 on one day
    # Attendance folds whole events: the events split in two groups merge to the single fold.
    whole_att = attendances(parts)
    assert whole_att
    events = sorted({e.target for e in parts})
    assert len(events) >= 2
    for cut in range(1, len(events)):
        first = set(events[:cut])
        halves = [
            attendances(e for e in parts if e.target in first),
            attendances(e for e in parts if e.target not in first),
        ]
        assert merge_all(halves) == whole_att


def test_services_of_organizations_apart_merge_to_those_of_all():
    # A pair serving in two bodies: the services of each body alone merge to those of both.
    rel = RelType.HOLDS_POST
    spans = [
        ("p", "org:x", "2020-01-01", "2020-12-31"),
        ("q", "org:x", "2020-06-01", "2021-03-01"),
        ("p", "org:y", "2019-01-01", "2020-03-01"),
        ("q", "org:y", "2019-05-01", "2020-03-01"),
    ]
    edges = [
        GraphEdge(
            f"e{i}",
            rel,
            who,
            org,
            {
                "first_seen": a,
                "last_seen": b,
                "first_article": f"{who}{org}1",
                "last_article": f"{who}{org}2",
            },
        )
        for i, (who, org, a, b) in enumerate(spans)
    ]
    whole: dict[str, Staff] = {}
    add_staff(whole, edges)
    apart = [services({org: acc}) for org, acc in sorted(whole.items())]
    merged = merge_all(apart)
    assert merged == services(whole)
    (edge,) = served_with_edges(merged)
    # The first overlap (in org:y, from q's first sighting) to the last (in org:x, to p's last).
    assert (edge.properties["first_seen"], edge.properties["last_seen"]) == ("2019-05-01", "2020-12-31")
    assert (edge.properties["first_article"], edge.properties["last_article"]) == ("qorg:y1", "porg:x2")
