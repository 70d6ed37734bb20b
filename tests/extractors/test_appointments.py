"""Appointments, removals and publicity lists (``guanxi_appointments``), on notices written for
these tests (invented people), and the gold of tests/data/appointments_gold.jsonl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from guanxi.extractors import to_gold
from guanxi.extractors.evaluate import appointment_triples, score
from guanxi.extractors.extract import extract, extract_page

from guanxi.model import Appointment, Article, ArticleExtraction, Home, Page

GOLD = Path(__file__).resolve().parents[1] / "data" / "appointments_gold.jsonl"


def apps(text: str, home: str = "河北省/保定市", **kw) -> list[tuple[str, str, str | None]]:
    return [(a.person, a.action, a.canonical) for a in extract(text, home=home, **kw).appointments]


def test_congress_list_appoint_remove_resign():
    text = (
        "保定市人民代表大会常务委员会任免名单\n（2024年3月5日保定市第十六届人民代表大会常务委员会第十次会议通过）\n"
        "决定任命：\n冯建军为市教育局局长；\n曹丽娟为市财政局局长。\n决定免去：\n范永刚的市教育局局长职务。\n"
        "接受彭德海辞去保定市人民政府副市长职务的请求。\n"
    )
    ex = extract(text, home="河北省/保定市")
    assert [(a.person, a.action, a.canonical, a.organization) for a in ex.appointments] == [
        ("冯建军", "appointed", "保定市教育局局长", "保定市教育局"),
        ("曹丽娟", "appointed", "保定市财政局局长", "保定市财政局"),
        ("范永刚", "removed", "保定市教育局局长", "保定市教育局"),
        ("彭德海", "resigned", "保定市副市长", "保定市人民政府"),
    ]
    assert {(a.date, a.decided_by) for a in ex.appointments} == {("2024-03-05", "保定市人大常委会")}
    assert ex.appointments[3].title == "保定市人民政府副市长"


def test_decision_in_one_sentence_and_a_shared_post():
    text = "会议决定任命冯建军为市中级人民法院副院长；决定免去曹丽娟的市中级人民法院副院长职务；任命范永刚、蒋春生为市人民政府副秘书长。"
    assert apps(text) == [
        ("冯建军", "appointed", "保定市中级人民法院副院长"),
        ("曹丽娟", "removed", "保定市中级人民法院副院长"),
        ("范永刚", "appointed", "保定市人民政府副秘书长"),
        ("蒋春生", "appointed", "保定市人民政府副秘书长"),
    ]


def test_party_notice_with_comrade_and_pronoun():
    text = (
        "中共清苑县委关于干部职务任免的通知\n经县委研究决定：\n冯建军同志任县发展和改革局局长，免去其县财政局局长职务；\n"
        "曹丽娟同志不再担任县发展和改革局局长职务。\n"
    )
    ex = extract(text, home="河北省/保定市")
    assert [(a.person, a.action, a.canonical, a.decided_by) for a in ex.appointments] == [
        ("冯建军", "appointed", "县发展和改革局局长", "清苑县委"),
        ("冯建军", "removed", "县财政局局长", "清苑县委"),
        ("曹丽娟", "removed", "县发展和改革局局长", "清苑县委"),
    ]


def test_leadership_change_announced_at_a_meeting():
    text = "3月8日，全县领导干部大会召开。会议宣布了市委关于县委主要领导调整的决定：范永刚同志任清苑县委书记。范永刚作表态发言。"
    ex = extract(text, home="河北省/保定市")
    assert [(a.person, a.action, a.canonical, a.decided_by) for a in ex.appointments] == [
        ("范永刚", "appointed", "清苑县委书记", "保定市委")
    ]
    assert ex.appointments[0].date == "--03-08"


def test_election_by_a_congress_and_elected_after_the_name():
    text = (
        "清苑县第十届人民代表大会第三次会议举行选举。会议选举冯建军为清苑县人民政府县长，补选曹丽娟为清苑县人民政府副县长。"
        "蒋春生当选为清苑县人民代表大会常务委员会主任。"
    )
    assert apps(text) == [
        ("冯建军", "elected", "清苑县县长"),
        ("曹丽娟", "elected", "清苑县副县长"),
        ("蒋春生", "elected", "清苑县人民代表大会常务委员会主任"),
    ]


def test_nomination_as_candidate_is_proposed():
    assert apps("县委决定：提名彭德海同志为清苑县人民政府县长候选人。") == [
        ("彭德海", "proposed", "清苑县县长")
    ]


def test_publicity_list_paragraphs_give_profile_and_proposed_post():
    text = (
        "关于干部任前公示的公告\n现将拟任职干部予以公示：\n"
        "1.冯建军，男，汉族，1976年4月生，大学学历，1999年6月入党，现任县财政局副局长，拟任县审计局局长。\n"
        "2.曹丽娟，女，回族，1984年12月生，在职研究生学历，2007年5月加入中国共产党，现任县委办公室副主任，拟提名为乡长候选人。\n"
        "中共清苑县委组织部\n2024年6月3日\n"
    )
    ex = extract(text, home="河北省/保定市")
    assert [(a.person, a.action, a.canonical, a.date, a.decided_by) for a in ex.appointments] == [
        ("冯建军", "proposed", "县审计局局长", "2024-06-03", "清苑县委组织部"),
        ("曹丽娟", "proposed", "乡长", "2024-06-03", "清苑县委组织部"),
    ]
    by_name = {p.name: p for p in ex.persons}
    profile = by_name["曹丽娟"].profile
    assert (profile.sex, profile.ethnicity, profile.birth, profile.education, profile.party_entry) == (
        "女",
        "回族",
        "1984-12",
        "在职研究生",
        "2007-05",
    )
    # The current post is the person's post; the proposed one is a post too (the new one).
    assert by_name["冯建军"].kind == "official"
    assert set(by_name["冯建军"].titles) == {"县财政局副局长", "县审计局局长"}
    assert ex.evidence(profile.prov[0]).startswith("2.曹丽娟，女")


def test_publicity_list_field_lines_and_table():
    fields = (
        "拟任职干部公示\n姓名：冯建军\n性别：男\n民族：满族\n出生年月：1980.09\n学历：研究生\n入党时间：2003.07\n"
        "现任职务：县交通运输局副局长\n拟任职务：县交通运输局局长\n"
    )
    ex = extract(fields, home="河北省/保定市")
    assert [(a.person, a.action, a.canonical) for a in ex.appointments] == [
        ("冯建军", "proposed", "县交通运输局局长")
    ]
    assert ex.persons[0].profile.ethnicity == "满族" and ex.persons[0].profile.birth == "1980-09"
    table = (
        "干部任前公示\n姓名\t性别\t民族\t出生年月\t学历\t入党时间\t现任职务\t拟任职务\n"
        "曹丽娟\t女\t汉族\t1983.02\t大学\t2005.06\t县民政局副局长\t县民政局局长\n"
    )
    ex = extract(table, home="河北省/保定市")
    assert [(a.person, a.action, a.canonical) for a in ex.appointments] == [
        ("曹丽娟", "proposed", "县民政局局长")
    ]
    assert ex.persons[0].profile.sex == "女"


@pytest.mark.parametrize(
    "text",
    [
        # a congress session report: posts and personnel business, no decision printed
        "3月1日，市人大常委会第九次会议召开。市人大常委会党组书记、主任冯建军主持会议。副市长曹丽娟作关于提请人事任免事项的说明。"
        "会议表决通过了人事任免事项。",
        # a leading group: 任组长 outside any decision
        "县委书记范永刚主持召开县委常委会会议。会议决定成立工作专班，由副县长蒋春生任组长。",
        # a career told in a feature: 现任, 曾任
        "彭德海现任县教育局局长，曾任乡党委书记。他说，教育是民生大事。",
    ],
)
def test_reports_that_mention_posts_have_no_appointment(text):
    assert extract(text, home="河北省/保定市").appointments == ()


def test_named_persons_are_officials_with_the_post_and_a_removal_is_former():
    ex = extract("经市委研究决定：冯建军同志任市教育局局长，免去其市财政局副局长职务。", home="河北省/保定市")
    (person,) = ex.persons
    assert person.kind == "official"
    assert [(p.title, p.canonical, p.former) for p in person.posts] == [
        ("市教育局局长", "保定市教育局局长", False),
        ("市财政局副局长", "保定市财政局副局长", True),
    ]
    # Every appointment points at its sentence and its characters.
    a = ex.appointments[1]
    statement = ex.article.text[a.prov[0].start : a.prov[0].end]
    assert statement == "冯建军同志任市教育局局长，免去其市财政局副局长职务"  # from the name on
    assert statement in ex.evidence(a.prov[0])


def test_extractions_without_appointments_keep_their_json_and_old_files_read():
    art = Article("a", "p", 0, None, "news", None, "正文", 0, 2)
    plain = ArticleExtraction(art)
    assert "appointments" not in plain.to_dict()
    assert ArticleExtraction.from_dict(plain.to_dict()) == plain
    with_app = ArticleExtraction(art, appointments=(Appointment("冯建军", "appointed", "局长"),))
    assert with_app.to_dict()["appointments"][0]["action"] == "appointed"
    assert ArticleExtraction.from_dict(json.loads(json.dumps(with_app.to_dict()))) == with_app


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_gold_holds_notices_of_many_provinces_and_negatives():
    records = _gold()
    assert len([r for r in records if r["appointments"]]) >= 12
    assert len({r["home"]["province"] for r in records}) >= 12
    assert [r for r in records if not r["appointments"]]
    assert {a["action"] for r in records for a in r["appointments"]} == {
        "appointed",
        "removed",
        "resigned",
        "proposed",
        "elected",
    }


def test_appointment_f1_on_the_gold():
    gold, pred = {}, {}
    for rec in _gold():
        h = rec["home"]
        meta = (("title", rec["title"]),) if rec.get("title") else ()
        page = Page(
            Path(rec["file"]).stem, rec["file"], rec["text"], home=Home(h["province"], h["city"]), meta=meta
        )
        gold[page.page_id] = rec
        pred[page.page_id] = to_gold(extract_page(page))
    p, r, f1 = score(gold, pred)["appointments"]
    assert f1 >= 0.90, (p, r, f1)
    # The negatives give nothing.
    for key, rec in gold.items():
        if not rec["appointments"]:
            assert appointment_triples(pred[key].get("appointments"), rec["home"]) == set(), key


def test_a_headline_body_of_a_place_the_division_data_lacks_decides_once():
    """The headline names the body with a county the division data does not know: its bare form
    (县人民政府) is read once, not over and over until the recursion limit stops the article."""
    text = (
        "青禾县人民政府任免名单\n\n任命苗立华为青禾县教育局局长；任命钟小梅为青禾县卫生健康局副局长；"
        "免去何文斌的青禾县教育局局长职务。"
    )
    got = apps(text)
    assert [(p, a) for p, a, _ in got] == [
        ("苗立华", "appointed"),
        ("钟小梅", "appointed"),
        ("何文斌", "removed"),
    ]
