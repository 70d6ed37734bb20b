"""Entity resolution rules, one behaviour per test, on hand-made 邯郸 pages."""

from __future__ import annotations

import itertools

import pytest
from guanxi.graph.build import build_graph
from guanxi.graph.resolve import (
    PersonMention,
    UnionFind,
    company_core,
    describe_text,
    event_title_key,
    is_layout_marker,
    normalize_org,
    org_parent,
    resolve_person_block,
    resolve_person_name,
    split_title,
)
from guanxi.graph.schema import NodeLabel, RelType
from pages_fixtures import HOME, article, continuation_pages, page, sample_pages

from guanxi.model import Event, Home, Participant


def _nodes(kg, label):
    return [n for n in kg.nodes if n.label == label]


def _named(kg, label, name):
    return [n for n in kg.nodes if n.label == label and n.properties.get("name") == name]


@pytest.mark.parametrize(
    "name", ["市委组织部", "邯郸市委组织部", "中共邯郸市委组织部", "中国共产党邯郸市委员会组织部"]
)
def test_org_aliases_normalize_to_one_key(name):
    assert normalize_org(name, HOME) == "邯郸市委组织部"


def test_org_bare_prefix_needs_a_home():
    assert normalize_org("市委组织部", None) == "市委组织部"
    assert normalize_org("市场监管局", HOME) == "市场监管局"
    assert normalize_org("省委", HOME) == "河北省委"


def test_org_parent_from_name():
    assert org_parent("邯郸市委组织部") == "邯郸市委"
    assert org_parent("邯郸市政府办公室") == "邯郸市政府"
    assert org_parent("邯郸市委") is None


def test_split_title():
    assert split_title("市政协副主席") == ("市政协", "副主席")
    assert split_title("县委书记") == ("县委", "书记")
    assert split_title("副市长") == (None, "副市长")


def test_company_core_strips_divisions_and_legal_form():
    assert company_core("邯郸丛台春酒业有限公司", {"邯郸", "丛台"}.__contains__) == (
        "邯郸丛台春酒业",
        "丛台春酒业",
        "春酒业",
    )
    assert company_core("邯郸市委") == ()


def test_union_find_representative_is_order_free():
    a, b = UnionFind(), UnionFind()
    for x, y in [("c", "d"), ("b", "c"), ("a", "e")]:
        a.union(x, y)
    for x, y in [("a", "e"), ("b", "c"), ("c", "d")]:
        b.union(y, x)
    assert a.groups() == b.groups() == {"a": ["a", "e"], "b": ["b", "c", "d"]}


def test_person_block_splits_conflicting_posts_same_day():
    m = [
        PersonMention(("2024-03-01", "x1"), "2024-03-01", (("县委书记", "磁县委"),)),
        PersonMention(("2024-03-01", "x2"), "2024-03-01", (("县委书记", "涉县委"),)),
        PersonMention(("2024-03-05", "x3"), "2024-03-05", (("县委书记", "涉县委"),)),
        PersonMention(("2024-03-06", "x4"), "2024-03-06", ()),
    ]
    assert resolve_person_block(m) == [0, 1, 1, 0]
    # The same input in another order gives the same clusters.
    assert resolve_person_block(m[::-1]) == [0, 1, 1, 0][::-1]


def test_person_block_keeps_posts_over_time_together():
    m = [
        PersonMention(("2023-01-01", "a"), "2023-01-01", (("县长", "磁县政府"),)),
        PersonMention(("2024-06-01", "b"), "2024-06-01", (("县委书记", "磁县委"),)),
    ]
    assert resolve_person_block(m) == [0, 0]


def test_same_name_same_city_is_one_person_with_posts_over_time():
    a1 = article(
        "q1#1",
        "本报讯 1月5日，县长周立新到磁县讲话。",
        date="2023-01-05",
        persons=(("周立新", "official", (("县长", "县长", "磁县政府"),)),),
    )
    a2 = article(
        "q2#1",
        "本报讯 6月1日，县委书记周立新主持会议。",
        date="2024-06-01",
        persons=(("周立新", "official", (("县委书记", "书记", "磁县委"),)),),
    )
    kg = build_graph([page("q1", a1), page("q2", a2)])
    [p] = _named(kg, NodeLabel.PERSON, "周立新")
    posts = sorted(
        (e.properties["first_seen"], e.properties["title"]) for e in kg.edges if e.type == RelType.HOLDS_POST
    )
    assert posts == [("2023-01-05", "县长"), ("2024-06-01", "县委书记")]
    assert p.properties["titles"] == ("县委书记", "县长")
    assert p.properties["first_seen"] == "2023-01-05" and p.properties["last_seen"] == "2024-06-01"


def test_journalist_and_official_with_same_name_stay_apart():
    a1 = article(
        "r1#1",
        "本报讯 记者刘洋报道：副市长刘洋出席。",
        reporters=("刘洋",),
        persons=(("刘洋", "official", (("副市长", "副市长", "市政府"),)), ("刘洋", "journalist", ())),
    )
    kg = build_graph([page("r1", a1)])
    kinds = sorted(n.properties["kind"] for n in _named(kg, NodeLabel.PERSON, "刘洋"))
    assert kinds == ["journalist", "official"]
    [rep] = [e for e in kg.edges if e.type == RelType.REPORTED]
    assert kg.node_map()[rep.source].properties["kind"] == "journalist"


def test_different_home_cities_never_merge():
    a1 = article("s1#1", "本报讯 市长孙伟出席。", persons=(("孙伟", "official", ()),))
    a2 = article("s2#1", "本报讯 市长孙伟出席。", persons=(("孙伟", "official", ()),))
    kg = build_graph([page("s1", a1), page("s2", a2, home=Home("河北省", "邢台市"))])
    assert sorted(n.properties["home"] for n in _named(kg, NodeLabel.PERSON, "孙伟")) == ["邢台市", "邯郸市"]


def _m(day: str, aid: str, *posts: tuple[str, str]) -> PersonMention:
    return PersonMention((day, aid), day, posts)


CZ, JC, NONE = ("王伟", "长治市", "person"), ("王伟", "晋城市", "person"), ("王伟", "", "person")


def test_a_mention_without_a_home_joins_the_one_namesake_whose_post_fits_in_any_order():
    rows = [
        (CZ, _m("2024-01-02", "a1", ("书记", "沁县委"))),
        (JC, _m("2024-01-02", "b1", ("书记", "晋城市委"))),
        (NONE, _m("2024-02-01", "n1", ("书记", "县委"))),  # a bare 县委书记: the 沁县 one
        (NONE, _m("2024-02-02", "n2", ("书记", "市委"))),  # a bare 市委书记: the 晋城 one
        (NONE, _m("2024-02-03", "n3")),  # no post: either
        (NONE, _m("2024-02-03", "n3b")),
    ]
    want = {
        "n1": ((CZ, 0), "joined"),
        "n2": ((JC, 0), "joined"),
        "n3": ((NONE, 0), "ambiguous"),
        "n3b": ((NONE, 0), "ambiguous"),
    }
    for order in itertools.permutations(rows):
        res = resolve_person_name([b for b, _ in order], [m for _, m in order])
        got = {m.order[1]: (p, st) for (_, m), p, st in zip(order, res.persons, res.status, strict=True)}
        assert {k: v for k, v in got.items() if k.startswith("n")} == want


def test_a_mention_without_a_home_stays_apart_when_its_post_conflicts_that_day():
    # The one 王伟 with a home was 长治市委书记 that day: a 县委书记 of the same day is another man.
    homed = _m("2024-01-02", "a1", ("书记", "长治市委"))
    other = _m("2024-01-02", "n1", ("书记", "县委"))
    later = _m("2024-03-01", "n2", ("书记", "县委"))
    res = resolve_person_name([CZ, NONE, NONE], [homed, other, later])
    assert res.persons == ((CZ, 0), (NONE, 0), (CZ, 0)) and res.status == ("", "", "joined")


def test_org_aliases_and_parent_in_graph():
    kg = build_graph(sample_pages())
    [org] = _named(kg, NodeLabel.ORGANIZATION, "邯郸市委组织部")
    assert set(org.properties["aliases"]) == {"市委组织部", "中共邯郸市委组织部"}
    [parent] = _named(kg, NodeLabel.ORGANIZATION, "邯郸市委")
    assert any(e.type == RelType.PART_OF and e.source == org.id and e.target == parent.id for e in kg.edges)


def test_short_company_name_merges_with_registered_name():
    kg = build_graph(sample_pages())
    [co] = _named(kg, NodeLabel.ORGANIZATION, "邯郸丛台春酒业有限公司")
    assert co.properties["aliases"] == ("丛台春酒业",)
    assert not _named(kg, NodeLabel.ORGANIZATION, "丛台春酒业")


def test_places_by_code_and_division_hierarchy():
    kg = build_graph(sample_pages())
    by_id = kg.node_map()
    [village] = _named(kg, NodeLabel.PLACE, "东关村")
    chain, cur = [], village.id
    while True:
        up = [e.target for e in kg.edges if e.type == RelType.PART_OF and e.source == cur]
        if not up:
            break
        cur = up[0]
        chain.append(by_id[cur].properties["name"])
    assert chain == ["联纺西街道", "丛台区", "邯郸市", "河北省"]
    # 邯郸 (short form) and 邯郸市 share the code: one node.
    [city] = _named(kg, NodeLabel.PLACE, "邯郸市")
    assert city.properties["code"] == "130400" and "邯郸" in city.properties["aliases"]


def test_front_page_and_continuation_give_one_event():
    kg = build_graph(sample_pages())
    events = _named(kg, NodeLabel.EVENT, "市委常委会会议")
    assert len(events) == 1
    assert events[0].properties["articles"] == ("p1#1", "p2#1")
    assert events[0].properties["date"] == "2024-05-06"


def test_same_title_on_different_dates_are_two_events():
    ev = Event("市政府常务会议", "meeting", "2024-05-06", participants=(Participant("李明华", "主持"),))
    a1 = article("t1#1", "本报讯 市长李明华主持召开市政府常务会议。", events=(ev,))
    a2 = article(
        "t2#1", "本报讯 市长李明华主持召开市政府常务会议。", date="2024-05-20",
        events=(Event(ev.title, ev.type, "2024-05-20", participants=ev.participants),),
    )  # fmt: skip
    kg = build_graph([page("t1", a1), page("t2", a2)])
    assert len(_nodes(kg, NodeLabel.EVENT)) == 2


def test_similar_titles_with_shared_participant_merge():
    p = (Participant("王建国", "调研"),)
    a1 = article(
        "u1#1",
        "本报讯 王建国到磁县调研乡村振兴工作。",
        events=(Event("王建国到磁县调研乡村振兴工作", "inspection", "2024-05-06", participants=p),),
    )
    a2 = article(
        "u2#1",
        "本报讯 王建国在磁县调研乡村振兴。",
        events=(Event("王建国在磁县调研乡村振兴", "inspection", "2024-05-06", participants=p),),
    )
    kg = build_graph([page("u1", a1), page("u2", a2)])
    [ev] = _nodes(kg, NodeLabel.EVENT)
    assert ev.properties["reports"] == 2


def test_event_title_key():
    assert event_title_key("全市“安全生产”工作会议召开") == "全市安全生产工作会议"


def test_undated_report_never_bridges_two_dates():
    def rep(aid, d):
        ev = Event("全市防汛工作会议", "meeting", d)
        return page(aid, article(f"{aid}#1", "本报讯 全市防汛工作会议召开。", date=d, events=(ev,)))

    kg = build_graph([rep("v1", "2024-06-01"), rep("v2", None), rep("v3", "2024-07-01")])
    assert len(_nodes(kg, NodeLabel.EVENT)) == 3
    kg = build_graph([rep("v1", "2024-06-01"), rep("v2", None), rep("v4", "2024-06-01")])
    [ev] = _nodes(kg, NodeLabel.EVENT)
    assert ev.properties["reports"] == 3


# --- continuations and headline-less reports ---------------------------------------------------


def test_layout_marks_are_no_titles():
    assert is_layout_marker("(上接第一版)") and is_layout_marker("（下转第2版）") and is_layout_marker("")
    assert not is_layout_marker("全市防汛工作会议")
    assert describe_text("（上接第一版）\n\n会议强调，要压实防汛责任。") == "会议强调，要压实防汛责任"


def test_continuation_event_is_described_by_its_text_when_alone():
    # Undated continuation: no evidence to join the front page; its own event gets a description.
    kg = build_graph(continuation_pages(None))
    titles = sorted(n.properties["name"] for n in _nodes(kg, NodeLabel.EVENT))
    assert titles == ["会议强调，要压实防汛责任", "全市防汛工作会议"]
    assert not any("上接" in t for t in titles)


def test_continuation_joins_the_front_page_event_of_its_date_and_participant():
    kg = build_graph(continuation_pages("2024-06-03"))
    [ev] = _nodes(kg, NodeLabel.EVENT)
    assert ev.properties["name"] == "全市防汛工作会议"  # the headed report names it
    assert ev.properties["articles"] == ("c1#1", "c2#3") and ev.properties["reports"] == 2
    [part] = [e for e in kg.edges if e.type == RelType.PARTICIPATED_IN]
    assert part.properties["roles"] == ("主持", "讲话")
    # Input order does not matter.
    assert kg == build_graph(list(reversed(continuation_pages("2024-06-03"))))


def test_continuation_with_two_candidate_events_joins_none():
    other = Event(
        "全市安全生产工作会议", "meeting", "2024-06-03", participants=(Participant("王建国", "讲话"),)
    )
    kg = build_graph(continuation_pages("2024-06-03", extra_front=(other,)))
    assert len(_nodes(kg, NodeLabel.EVENT)) == 3


def test_continuation_of_another_day_stays_apart():
    kg = build_graph(continuation_pages("2024-06-09"))
    assert len(_nodes(kg, NodeLabel.EVENT)) == 2
