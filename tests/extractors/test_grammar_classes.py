"""Extraction error classes of issue 15, each on text written for this test: titled lists with an odd
name, title chains joined by 和/兼, bodies named with 与, districts before 分局, 和 as a conjunction,
common nouns that start with a surname, rare surnames, and given names that run into a word."""

from __future__ import annotations

import pytest
from guanxi.extractors.components.persons import find_persons
from guanxi.extractors.extract import extract


def people(text: str, **kw) -> list[tuple[str, list[str]]]:
    return [(m.name, [p.title for p in m.posts]) for m in find_persons(text, **kw)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("副市长李春日前到青禾镇调研。", "李春"),  # 春日 is a word, but 日前 is the word that follows
        ("县长王强化解了一场纠纷。", "王强"),  # 强化 / 化解
        ("市长张伟大力推进改革。", "张伟"),  # 伟大 / 大力
    ],
)
def test_given_name_running_into_a_word(text, name):
    (m,) = find_persons(text)
    assert (m.name, [p.title for p in m.posts]) == (name, [text[: text.index(name)]])


def test_odd_name_keeps_the_shared_title_for_the_rest():
    # a compound surname with a two-character given name, a two-character name, and one that jieba
    # reads as a word (高山): all four share the title
    title = "市人大常委会副主任"
    got = people(f"{title}司马光明、刘强、高山、吴敏参加活动。")
    assert got == [(n, [title]) for n in ("司马光明", "刘强", "高山", "吴敏")]


def test_odd_name_closing_a_list_of_names():
    title = "市政协副主席"
    got = people(f"{title}张建华、李四海、高山出席。")
    assert got == [(n, [title]) for n in ("张建华", "李四海", "高山")]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("副县长王五、农民、工人代表参加。", ["王五"]),  # no name after the word
        ("市政协副主席张建华、高山出席。", ["张建华"]),  # one name before it is no list yet
        ("市政协副主席张建华、李四海、江南地区负责人出席。", ["张建华", "李四海"]),
    ],
)
def test_a_word_in_a_list_needs_names_around_it(text, names):
    assert [n for n, _titles in people(text)] == names


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("市委副书记和市长赵明远出席会议并讲话。", ["市委副书记", "市长"]),
        ("市委副书记、市长和市政府党组书记赵明远出席。", ["市委副书记", "市长", "市政府党组书记"]),
        ("市委常委、常务副市长兼市政府党组副书记赵明远主持会议。", ["市委常委", "常务副市长", "市政府党组副书记"]),
    ],
)
def test_title_chain_joined_by_he_or_jian(text, titles):
    (m,) = find_persons(text, home_city="青禾市")
    assert (m.name, [p.title for p in m.posts]) == ("赵明远", titles)
    gov = [p for p in m.posts if p.title.endswith("市长")]
    assert gov[0].organization == "青禾市人民政府"


def test_he_before_a_list_shares_out_the_titles():
    # 县委书记 and 副县长 are not stacked on each name of the list after them
    assert people("县委书记和副县长王五、赵六出席。") == [("王五", ["副县长"]), ("赵六", ["副县长"])]


@pytest.mark.parametrize(
    "text",
    ["元宵节晚上，孔明灯飞上夜空，孩子们十分开心。", "广场上升起一盏孔明灯，祈福新年。", "公园里的孔雀开屏了，游客纷纷拍照。"],
)
def test_surname_and_common_noun_is_no_person(text):
    assert extract(text, home="河北省/保定市").persons == ()


def test_surname_and_common_noun_with_a_verb_of_speech_stays_a_name():
    ex = extract("村里的孔明灯告诉记者，今年收成不错。", home="河北省/保定市")
    assert [p.name for p in ex.persons] == ["孔明灯"]


@pytest.mark.parametrize(
    "text",
    ["会上，王某和县委书记张立明一起出席。", "他和县长李海峰一起出席。", "村民张立明和县委书记一起走访。"],
)
def test_he_after_a_person_before_a_title_is_a_conjunction(text):
    # 和县 is a county of the home city's province; here 和 means "and"
    ex = extract(text, home="安徽省/马鞍山市")
    assert "和县" not in [p.name for p in ex.places]
    assert all(not t.startswith("和") for p in ex.persons for t in p.titles)


def test_he_county_at_a_clause_start_keeps_its_name():
    ex = extract("会上，和县县委书记张立明出席。他来到和县调研。", home="安徽省/马鞍山市")
    assert [(p.name, p.titles) for p in ex.persons] == [("张立明", ["和县县委书记"])]
    assert "和县" in [p.name for p in ex.places]


@pytest.mark.parametrize(
    "title",
    ["青禾大学机械与材料学院院长", "市科学与技术局局长", "市发展和改革委员会主任", "国际合作与交流中心主任"],
)
def test_conjunction_inside_a_body_name_stays_in_the_title(title):
    assert people(f"{title}孙立群出席。") == [("孙立群", [title])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("他与材料学院院长孙立群交流。", [("孙立群", ["材料学院院长"])]),  # 他 is no word of a body
        ("市委和市政府领导出席。", []),  # two bodies, not one
    ],
)
def test_conjunction_between_a_person_or_bodies_is_no_part_of_a_title(text, expected):
    assert people(text) == expected


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("他在机械与材料学院工作多年。", "机械与材料学院"),
        ("国际合作与交流中心今天成立。", "国际合作与交流中心"),
    ],
)
def test_conjunction_inside_a_body_name_keeps_the_body_whole(text, org):
    assert [o.name for o in extract(text, home="河北省/保定市").organizations] == [org]


@pytest.mark.parametrize(
    "text",
    ["青禾区公安分局破获一起盗窃案。", "记者从青禾区公安分局获悉，案件已告破。", "市公安局和青禾区公安分局联合行动。"],
)
def test_district_missing_from_the_division_list_stays_before_its_bureau(text):
    # 青禾区 is no official district; its bureau keeps it
    names = [o.name for o in extract(text, home="河北省/保定市").organizations]
    assert "青禾区公安分局" in names and "区公安分局" not in names


def test_a_word_before_a_bare_district_bureau_is_no_district():
    names = [o.name for o in extract("两个区公安分局联合行动。", home="河北省/保定市").organizations]
    assert names == ["区公安分局"]


def test_rare_surnames_after_a_title():
    # surnames of the national register statistics that the 百家姓 lacks (亓, 逯, 訾, 郗, 琚, 仉) or
    # holds among its rare ones (笪)
    names = ["亓志刚", "逯海平", "訾红梅", "郗文涛", "琚晓东", "仉立国", "笪春林"]
    got = people(f"副市长{'、'.join(names)}参加调研。")
    assert got == [(n, ["副市长"]) for n in names]


def test_a_rare_surname_below_the_register_threshold():
    # 隽 (Western Han 隽不疑) has few bearers today; after a title it still opens a name
    assert people("副县长隽立新主持会议。") == [("隽立新", ["副县长"])]


@pytest.mark.parametrize("text", ["主任老李说，今年收成好。", "副县长小王到场。"])
def test_familiar_address_is_no_name(text):
    # 老 and 小 are surnames of the register too, but 老李, 小王 are forms of address
    assert people(text) == []


def test_a_name_jieba_lists_whole_stays_a_name():
    # jieba lists 杨海潮 (tag nr) and 海潮 as a noun, but 杨海 is no word: a surname and a given name
    ex = extract("村里，杨海潮家的果园今年丰收。", home="河北省/保定市")
    assert [p.name for p in ex.persons] == ["杨海潮"]


def test_surname_and_post_is_the_one_holder_of_the_post():
    # 赵书记 names the article's one 书记 surnamed 赵: a second mention of him, who then speaks
    ex = extract("3月5日，市委书记赵立新到青禾镇调研。赵书记强调，要抓好春耕生产。", home="河北省/保定市")
    (p,) = ex.persons
    assert p.name == "赵立新"
    assert [(q.start, q.end) for q in p.prov] == [(9, 12), (19, 22)]  # 赵立新, 赵书记
    (ev,) = ex.events
    assert ("赵立新", "讲话") in {(q.name, q.role) for q in ev.participants}


def test_surname_and_post_prefers_the_holder_to_a_deputy():
    text = "3月5日，市长钱国平主持会议，副市长钱文主持分组讨论。钱市长强调，要狠抓落实。"
    ex = extract(text, home="河北省/保定市")
    provs = {p.name: len(p.prov) for p in ex.persons}
    assert provs == {"钱国平": 2, "钱文": 1}


def test_surname_and_post_shared_by_two_holders_is_unread():
    text = "3月5日，县委书记周明、市委书记周海出席。周书记指出，要压实责任。"
    ex = extract(text, home="河北省/保定市")
    assert {p.name: len(p.prov) for p in ex.persons} == {"周明": 1, "周海": 1}


def test_surname_and_central_post_is_a_reference_not_a_participant():
    # 陈总书记 is the leader named in full earlier; being studied gives him no role in the meeting
    text = "3月5日，市委常委会召开会议，传达学习陈志远总书记重要讲话精神。会议要求，认真学习陈总书记的重要讲话。"
    ex = extract(text, home="河北省/保定市")
    (p,) = ex.persons
    assert (p.name, len(p.prov)) == ("陈志远", 2)
    assert set(p.mentions) == {"reference"}
    assert all(q.name != "陈志远" for ev in ex.events for q in ev.participants)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("3月5日，副市长陈家明到青禾镇调研。", "陈家明"),
        ("市委常委、宣传部部长王家豪出席活动并讲话。", "王家豪"),
        ("村民李家兴说，现在日子越过越好。", "李家兴"),
    ],
)
def test_a_given_name_opened_by_jia(text, name):
    assert [p.name for p in extract(text, home="河北省/保定市").persons] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "专家组成员和作家代表参加座谈，大家纷纷发言。",
        "他经常到王家做客，和王家人相处融洽。",
        "记者来到张家看望张大爷，张家老人十分高兴。",
        "王家明天将举行婚礼，亲友纷纷赶来。",
        "工作队走访了陈家坝村和赵家峪村。",
    ],
)
def test_jia_as_household_or_village_is_no_given_name(text):
    assert extract(text, home="河北省/保定市").persons == ()


def test_jia_household_words_and_place_tails():
    from guanxi.extractors.components.names import honorific_given

    assert [honorific_given(g) for g in ("家", "家中", "家长", "家庄", "家湾", "家明", "家豪")] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    "text",
    [
        # settlements whose generic the first tail list lacked (界 祠 坟 井 洞 墩 冲 圩 寺 坊 场 畈 垸 岙)
        "今年，张家界、陈家祠、刘家垸等地游客增多。",
        "王家坟、李家洞、何家冲等村开展了植树活动。",
        "工作组先后来到周家井、吴家墩、郑家圩开展走访。",
        "孙家寺、冯家坊、褚家场、卫家畈、蒋家岙五个村完成了改造。",
    ],
)
def test_a_list_of_jia_settlements_is_no_list_of_names(text):
    assert extract(text, home="河北省/保定市").persons == ()


def test_a_name_followed_by_a_local_post_acts():
    # 钱卫东副市长到…调研: a post printed after the name; only a central one (X总书记) makes a reference
    (ev,) = extract("3月5日，钱卫东副市长到青禾镇调研，孙立平局长陪同。", home="河北省/保定市").events
    assert {(q.name, q.role) for q in ev.participants} == {("钱卫东", "调研"), ("孙立平", "陪同")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3月5日，亓明远副县长主持会议，逯红梅副主任出席。", [("亓明远", ["副县长"]), ("逯红梅", ["副主任"])]),
        ("3月5日，笪建国局长带队到青禾镇检查安全生产。", [("笪建国", ["局长"])]),
        ("会上，仉志强副县长传达了文件精神。", [("仉志强", ["副县长"])]),
    ],
)
def test_a_rare_surname_name_before_its_post_at_a_clause_start(text, expected):
    ex = extract(text, home="河北省/保定市")
    assert [(p.name, p.titles) for p in ex.persons] == expected
    assert {p.kind for p in ex.persons} == {"official"}


@pytest.mark.parametrize("text", ["保定市长出席会议。", "最后，洪水局长强调要做好防汛。"])
def test_a_division_or_a_word_before_a_post_is_no_name(text):
    # 保定|市长: a division; 洪水 (jieba tags it nr, but counts it as an everyday word)
    assert extract(text, home="河北省/保定市").persons == ()


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("3月5日，中化集团董事长钱立国一行到我市考察。", "中化集团董事长"),
        ("3月5日，国投董事长周文斌一行来我市洽谈合作。", "国投董事长"),
        ("3月5日，中铁十二局集团有限公司总经理赵志勇到青禾开发区调研。", "中铁十二局集团有限公司总经理"),
        ("3月5日，央企中建三局党委书记刘明到园区考察。", "中建三局党委书记"),
    ],
)
def test_head_of_a_central_enterprise_named_by_a_short_form_is_an_official(text, title):
    (p,) = extract(text, home="河北省/保定市").persons
    assert (p.kind, p.titles) == ("official", [title])


@pytest.mark.parametrize(
    "text", ["3月5日，青禾集团董事长刘明到园区考察。", "3月5日，华能村党支部书记刘明主持会议。"]
)
def test_other_bodies_are_no_central_enterprise(text):
    from guanxi.extractors.components.persons import central_enterprise

    (p,) = extract(text, home="河北省/保定市").persons
    assert not central_enterprise(p.posts[0].organization or "")


def test_names_each_followed_by_a_post_share_the_verb():
    text = "3月5日，市委书记赵立新到青禾镇调研，钱卫东副市长、孙立平局长陪同。"
    (ev,) = extract(text, home="河北省/保定市").events
    got = {(q.name, q.role) for q in ev.participants}
    assert {("钱卫东", "陪同"), ("孙立平", "陪同")} <= got


@pytest.mark.parametrize(
    "text",
    [
        "3月5日，刘坪、张集、王营等村开展人居环境整治行动。",
        "3月5日，李明、王强、赵刚等村开展人居环境整治行动。",
        "3月5日，刘坪、张集、王营等3个村完成改造。",
        "3月5日，刘坪、张集、王营等地开展整治行动。",
    ],
)
def test_a_list_closed_by_a_kind_of_place_names_no_persons(text):
    assert extract(text, home="河北省/保定市").persons == ()


@pytest.mark.parametrize(
    "text",
    [
        "3月5日，李明、王强、赵刚等村干部参加培训。",
        "3月5日，李明、王强、赵刚等村党支部书记参加培训。",
        "3月5日，李明、王强、赵刚等市县领导参加会议。",
        "3月5日，走访了李明、王强、赵刚等村民。",
        "3月5日，李明、王强、赵刚等市直单位负责人参加会议。",
        "3月5日，李明、王强、赵刚等企业家参加座谈会。",
    ],
)
def test_a_list_closed_by_people_of_a_place_names_persons(text):
    assert [p.name for p in extract(text, home="河北省/保定市").persons] == ["李明", "王强", "赵刚"]
