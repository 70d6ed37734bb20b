"""Persons, posts and kinds: the grammar cases of the guidelines, and an article of another city."""

from __future__ import annotations

import pytest
from guanxi.extractors.components.bylines import find_bylines
from guanxi.extractors.components.persons import find_persons
from guanxi.extractors.extract import extract


def people(text: str, **kw) -> list[tuple[str, list[str]]]:
    return [(m.name, [p.title for p in m.posts]) for m in find_persons(text, **kw)]


def test_title_chain_goes_to_the_name():
    assert people("市委常委、组织部部长杨保春主持并讲话。") == [("杨保春", ["市委常委", "组织部部长"])]


def test_shared_title_and_prefix_list():
    got = people("市政协副主席阎新平、赵文栋、崔江华，市政协党组成员崔云峰及秘书长焦彦平参加。")
    assert got == [
        ("阎新平", ["市政协副主席"]),
        ("赵文栋", ["市政协副主席"]),
        ("崔江华", ["市政协副主席"]),
        ("崔云峰", ["市政协党组成员"]),
        ("焦彦平", ["秘书长"]),
    ]


def test_jian_splits_posts():
    assert people("市委常委兼组织部部长王建国出席。") == [("王建国", ["市委常委", "组织部部长"])]


def test_headline_run_split_by_body_evidence():
    text = "阎新平赵文栋崔江华参加\n市政协副主席阎新平、赵文栋、崔江华出席会议。"
    names = [m.name for m in find_persons(text)]
    assert names == ["阎新平", "赵文栋", "崔江华", "阎新平", "赵文栋", "崔江华"]


def test_title_after_name():
    assert people("深入学习贯彻习近平总书记重要讲话精神") == [("习近平", ["总书记"])]


@pytest.mark.parametrize(
    "text", ["苗女士说，服务很好。", "“小宋，我家的暖气不热。”", "梁总，县里出了新文件。"]
)
def test_honorific_is_not_a_person(text):
    assert people(text) == []


def test_title_does_not_cut_a_place():
    # 江阴市长泾镇 is a town, not 市长 + a name
    assert people("江阴市长泾镇镇长周立新表示，要抓好落实。") == [("周立新", ["江阴市长泾镇镇长"])]


def test_quoted_person_without_post():
    assert people("“日子越过越好。”村民邱志清说。") == [("邱志清", ["村民"])]
    assert people("谢斌表示，要紧盯重点项目。") == [("谢斌", [])]


def test_canonical_post_restores_elided_body():
    (m,) = find_persons("市委常委、组织部部长杨保春主持。", home_city="长治市")
    assert [p.canonical for p in m.posts] == ["长治市委常委", "长治市委组织部部长"]
    assert m.posts[1].organization == "长治市委组织部"
    ms = find_persons("市政协党组成员崔云峰及秘书长焦彦平参加。", home_city="长治市")
    assert ms[1].posts[0].canonical == "长治市政协秘书长"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本报讯 记者王涵报道：3月18日", [("王涵", "记者")]),
        ("本报讯 记者陈建波 通讯员郭隗霖报道：", [("陈建波", "记者"), ("郭隗霖", "通讯员")]),
        ("本报记者 梁栋 崔勇 摄\n", [("梁栋", "记者"), ("崔勇", "记者")]),
        ("(人民日报记者 郑洋洋)", [("郑洋洋", "记者")]),
        ("全面发展。\n\n王日尧 摄\n", [("王日尧", None)]),
        ("新的历程。\n\n·彭楠·\n", [("彭楠", None)]),
        ("成果转化。(郝惠铭)\n", [("郝惠铭", None)]),
        ("**记者：**今年的工作", []),
    ],
)
def test_bylines(text, expected):
    assert [(b.name, b.role) for b in find_bylines(text)] == expected


# An article written for this test about a city that is not in the seeds.
OTHER_CITY = (
    "保定召开全市生态环境保护工作会议\n\n"
    "本报讯 记者周文静报道：4月9日，全市生态环境保护工作会议召开。市委副书记、市长孙振宇出席并讲话，"
    "副市长梁晓东主持会议。市人大常委会副主任冯立群、何建明，市政协副主席蔡文华参加。\n\n"
    "孙振宇强调，要坚决打好污染防治攻坚战。会上，涿州市委书记韩卫东作表态发言。"
)


def test_article_of_another_city():
    ex = extract(OTHER_CITY, home="河北省/保定市")
    got = {p.name: (p.kind, p.titles) for p in ex.persons}
    assert got == {
        "周文静": ("journalist", ["记者"]),
        "孙振宇": ("official", ["市委副书记", "市长"]),
        "梁晓东": ("official", ["副市长"]),
        "冯立群": ("official", ["市人大常委会副主任"]),
        "何建明": ("official", ["市人大常委会副主任"]),
        "蔡文华": ("official", ["市政协副主席"]),
        "韩卫东": ("official", ["涿州市委书记"]),
    }
    (event,) = ex.events
    roles = {(p.name, p.role) for p in event.participants}
    assert roles == {
        ("孙振宇", "出席"),
        ("孙振宇", "讲话"),
        ("梁晓东", "主持"),
        ("冯立群", "出席"),
        ("何建明", "出席"),
        ("蔡文华", "出席"),
        ("韩卫东", "讲话"),
    }
    assert event.type == "meeting"
    assert event.date is not None and event.date.endswith("04-09")


def test_names_closed_by_leaders_of_bodies_are_officials():
    text = (
        "会议在市会展中心举行。冯立新、韩雪梅、邹志刚、蒋文涛等县委、县人大、县政府领导出席会议。"
        "村民代表吴秀英、郑国华、沈桂芳等群众参加。"
    )
    got = {p.name: p.kind for p in extract(text).persons}
    assert got == {
        "冯立新": "official",
        "韩雪梅": "official",
        "邹志刚": "official",
        "蒋文涛": "official",
        "吴秀英": "other",
        "郑国华": "other",
        "沈桂芳": "other",
    }
    # the last name is read up to 等, also when its last character and 等 make a word (中等)
    assert [m.name for m in find_persons("何丽娟、黄建平、陆中等县领导参加。")] == ["何丽娟", "黄建平", "陆中"]


def test_a_rare_word_after_two_characters_does_not_cut_a_three_character_name():
    # jieba lists 华观 as a rare word, but 观看 after three characters is the commoner reading
    assert people("市文联主席刘建华观看了演出。") == [("刘建华", ["市文联主席"])]
    # a common word after two characters still cuts there
    assert people("副县长李春日前到村里调研。") == [("李春", ["副县长"])]


def test_a_word_like_item_between_names_of_a_bare_list_is_a_name():
    got = [m.name for m in find_persons("邹明轩、韩立昆、方圆、钟晓帆、潘锦程在主席台就座。")]
    assert got == ["邹明轩", "韩立昆", "方圆", "钟晓帆", "潘锦程"]
    # two such items side by side, or a list of things, stay out
    assert [m.name for m in find_persons("苹果、香蕉、黄金、白银、钢铁等商品。")] == []


def test_a_name_joined_to_a_known_name_at_a_clause_start_is_a_name():
    # 葛国庆 alone is no sure name (国庆 is a word); joined by 、 to a person read on the page it is
    for text in ("副市长秦海岳出席。葛国庆、秦海岳先后致辞。", "副市长秦海岳出席。秦海岳、葛国庆先后致辞。"):
        assert sorted(m.name for m in find_persons(text)) == sorted(["秦海岳", "秦海岳", "葛国庆"])
    # a word that is no plausible name is not taken (高山 is a common noun)
    assert {m.name for m in find_persons("副市长秦海岳出席。秦海岳、高山先后致辞。")} == {"秦海岳"}


def test_a_titled_name_given_a_post_by_wei_holds_both():
    assert people("研究所成立以处长郑立平为主任的课题组。") == [("郑立平", ["处长", "主任"])]
    assert people("会议选举副县长郑立平为县总工会主席。") == [("郑立平", ["副县长", "县总工会主席"])]
    # 为 meaning "for" gives no post
    assert people("副县长郑立平为学生颁奖。") == [("郑立平", ["副县长"])]


def test_a_time_word_after_a_dotted_name_ends_it():
    assert people("副县长艾尔肯·吐尔逊日前到村里调研。") == [("艾尔肯·吐尔逊", ["副县长"])]


def test_a_verb_of_talks_after_a_name_ends_it():
    # 座谈 after two characters, not a given name 明座 followed by 谈
    assert people("市长与青禾集团董事长周明座谈。") == [("周明", ["青禾集团董事长"])]
    assert people("副县长刘建华握手致意。") == [("刘建华", ["副县长"])]


def test_a_professor_named_after_the_title_is_read():
    # 周立|新作 would cut the name: a post before it makes 作 the verb after the name
    assert people("邀请青禾大学教授周立新作专题辅导。") == [("周立新", ["青禾大学教授"])]


def test_the_first_name_of_a_bare_list_starts_at_a_word_and_keeps_a_compound_surname():
    def names(text):
        return [m.name for m in find_persons(text)]

    assert names("欧阳晓峰、司马光明、上官婉儿参加比赛。") == ["欧阳晓峰", "司马光明", "上官婉儿"]
    assert names("看望王丽、李平、张强等老党员。")[:1] == ["王丽"]  # not 望王丽
    assert names("带领欧阳晓峰、王丽、李平参加。")[:1] == ["欧阳晓峰"]


def test_a_preposition_after_a_name_ends_it():
    assert people("听取了青禾集团董事长周明关于企业发展的汇报。") == [("周明", ["青禾集团董事长"])]
