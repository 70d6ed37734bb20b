"""Canonical posts and the body each post links a person to (invented examples of other cities)."""

from __future__ import annotations

from guanxi.extractors.components.persons import doctrine_names, find_persons
from guanxi.extractors.components.titles import find_titles
from guanxi.extractors.extract import extract

from guanxi.model import Post


def posts(
    text: str, city: str | None = "保定市"
) -> dict[str, list[tuple[str, str | None, str | None, bool]]]:
    """name -> [(printed title, canonical, organization, former)]"""
    return {
        m.name: [(p.title, p.canonical, p.organization, p.former) for p in m.posts]
        for m in find_persons(text, home_city=city)
        if m.posts
    }


def test_government_head_after_party_standing_committee_member():
    got = posts("市委常委、常务副市长冯建军主持会议。")
    assert got["冯建军"] == [
        ("市委常委", "保定市委常委", "保定市委", False),
        ("常务副市长", "保定市常务副市长", "保定市人民政府", False),
    ]


def test_bare_vice_mayor_belongs_to_home_city_government():
    assert posts("副市长郑岚带领市教育局负责人调研。")["郑岚"] == [
        ("副市长", "保定市副市长", "保定市人民政府", False)
    ]


def test_county_head_takes_county_of_the_chain():
    got = posts("清苑县委副书记、县长曹丽娟出席。")
    assert got["曹丽娟"][1] == ("县长", "清苑县县长", "清苑县人民政府", False)


def test_town_head_takes_town_of_the_chain():
    got = posts("东闾镇党委副书记、镇长范永刚介绍。")
    assert got["范永刚"] == [
        ("东闾镇党委副书记", "东闾镇党委副书记", "东闾镇党委", False),
        ("镇长", "东闾镇镇长", "东闾镇人民政府", False),
    ]


def test_county_head_without_place_has_no_body():
    assert posts("县长蒋春生讲话。", city=None)["蒋春生"] == [("县长", "县长", None, False)]


def test_military_district_keeps_its_own_body():
    got = posts("市委常委、定州军分区司令员沈玉兰出席。")
    assert got["沈玉兰"][1] == ("定州军分区司令员", "定州军分区司令员", "定州军分区", False)


def test_short_department_head_after_standing_committee_member():
    got = posts("市委常委、宣传部长彭德海出席。")
    assert got["彭德海"][1] == ("宣传部长", "保定市委宣传部部长", "保定市委宣传部", False)


def test_former_post_is_flagged_and_names_no_body():
    got = posts("原党委副书记、局长吕志强同志逝世。")
    assert got["吕志强"] == [
        ("原党委副书记", "党委副书记", None, True),
        ("局长", "局长", None, True),
    ]


def test_place_starting_with_yuan_is_no_former_post():
    got = posts("原平市委书记苏明辉出席。", city=None)
    assert got["苏明辉"] == [("原平市委书记", "原平市委书记", "原平市委", False)]


def test_party_committee_and_branch_are_the_bodies():
    assert posts("东闾镇党委书记卢晓东说。")["卢晓东"][0][2] == "东闾镇党委"
    assert posts("北街村党支部书记丁雪松说。")["丁雪松"][0][2] == "北街村党支部"
    assert posts("南关社区党委书记魏国栋说。")["魏国栋"][0][2] == "南关社区党委"


def test_bare_committee_takes_the_village_of_the_chain():
    got = posts("北街村党支部书记、村委会主任薛红梅说。")
    assert got["薛红梅"][1] == ("村委会主任", "北街村村委会主任", "北街村村委会", False)
    got = posts("南关社区党委书记、居委会主任贾海涛说。")
    assert got["贾海涛"][1] == ("居委会主任", "南关社区居委会主任", "南关社区居委会", False)


def test_bare_committee_without_village_has_no_body():
    assert posts("居委会主任程思远说，大家都很满意。")["程思远"] == [
        ("居委会主任", "居委会主任", None, False)
    ]


def test_bare_committee_takes_the_one_community_of_the_sentence():
    ex = extract("在南关社区，居委会主任程思远说，大家都很满意。", home="河北省/保定市")
    (p,) = [p for p in ex.persons if p.name == "程思远"]
    assert p.posts == (Post("居委会主任", "南关社区居委会主任", "南关社区居委会"),)


def test_title_stops_at_a_verb_before_it():
    assert [t.text for t in find_titles("罗振华找到北街村党支部书记郝建平做工作。")] == ["北街村党支部书记"]
    got = posts("罗振华找到北街村党支部书记郝建平做工作。")
    assert got["郝建平"] == [("北街村党支部书记", "北街村党支部书记", "北街村党支部", False)]


def test_bare_county_prefix_resolved_by_the_one_county_named():
    text = "近日，在清苑县某小区，县惠民燃气有限公司工作人员上门检查。县惠民燃气有限公司监事龚志明介绍，要注意安全。"
    (p,) = [p for p in extract(text, home="河北省/保定市").persons if p.name == "龚志明"]
    assert p.posts == (
        Post("县惠民燃气有限公司监事", "清苑县惠民燃气有限公司监事", "清苑县惠民燃气有限公司"),
    )


def test_bare_county_prefix_left_as_printed_when_two_counties_named():
    text = "清苑县和满城县联合检查。县惠民燃气有限公司监事龚志明介绍，要注意安全。"
    (p,) = [p for p in extract(text, home="河北省/保定市").persons if p.name == "龚志明"]
    assert p.posts[0].organization == "县惠民燃气有限公司"


def test_doctrine_name_is_read_by_grammar():
    text = "深入学习贯彻陈志远新时代中国特色社会主义思想和陈志远生态文明思想。"
    assert [n for _s, _e, n in doctrine_names(text)] == ["陈志远", "陈志远"]
    assert "陈志远" in extract(text).optional


def test_name_before_general_secretary_is_a_person():
    ex = extract("深入学习贯彻陈志远总书记重要讲话精神。")
    assert [(p.name, p.titles) for p in ex.persons] == [("陈志远", ["总书记"])]


def test_former_post_in_gold_schema_and_json_round_trip():
    from guanxi.extractors.gold import to_gold

    from guanxi.model import ArticleExtraction, Home, Page, PageExtraction

    text = "原党委副书记、局长吕志强同志逝世。"
    ax = extract(text, home="河北省/保定市")
    (person,) = ax.persons
    assert [p.former for p in person.posts] == [True, True]
    assert Post.from_dict(person.posts[0].to_dict()) == person.posts[0]
    px = PageExtraction(
        Page("p", "p.txt", text), Home("河北省", "保定市"), (ArticleExtraction(ax.article, (person,)),)
    )
    (gold,) = to_gold(px)["persons"]
    assert gold["titles"] == ["原党委副书记", "局长"]
    assert [p.get("former") for p in gold["posts"]] == [True, True]
