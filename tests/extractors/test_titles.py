"""Titles: post words, prefixes, chains, and what is not a title."""

from __future__ import annotations

import pytest
from guanxi.extractors.components.titles import find_titles, load_tsv


def texts(s: str, **kw) -> list[str]:
    return [t.text for t in find_titles(s, **kw)]


def test_chain_is_split_at_separator():
    assert texts("市委常委、组织部部长杨保春主持") == ["市委常委", "组织部部长"]


def test_prefix_keeps_bodies_and_places():
    assert texts("省人大常委会财经委副主任委员段宝燕带领调研组") == ["省人大常委会财经委副主任委员"]
    assert texts("沁县沁州黄镇党委书记田冠英表示") == ["沁县沁州黄镇党委书记"]


def test_prefix_stops_at_verbs_and_function_words():
    assert texts("副市长朱静带领市教育局局长李明军", floors=[5]) == ["副市长", "市教育局局长"]
    assert texts("梁余妮是麦丰电子商务有限公司的负责人") == ["负责人"]


def test_quotes_and_brackets_inside_prefix():
    assert texts("市“八五”普法讲师团成员刘慧慧") == ["市“八五”普法讲师团成员"]
    assert texts("香港宏达精密电子(苏州)有限公司总经理钱立群") == ["香港宏达精密电子(苏州)有限公司总经理"]


@pytest.mark.parametrize("text", ["江阴市长泾镇", "市人大常委会召开会议", "市政协委员会", "领导小组办公室"])
def test_not_a_post(text):
    # 市长 runs into the town 长泾镇; 常委/委员 inside 常委会/委员会; 领导 inside 领导小组
    assert texts(text) == []


def test_lexicon_rows_are_checked():
    rows = load_tsv("title_posts.tsv")
    assert all(len(r) == 2 for r in rows)
    assert {k for _, k in rows} == {"post", "company", "journalist", "official", "other"}


def test_a_title_prefix_does_not_swallow_the_verb_of_an_election_or_a_founding():
    from guanxi.extractors.components.persons import find_persons

    def posts(text):
        return [(m.name, [p.title for p in m.posts]) for m in find_persons(text)]

    assert posts("会议选举副县长郑立平为县总工会主席。")[0][1][0] == "副县长"
    assert posts("研究所成立以处长郑立平为主任的课题组。")[0][1][0] == "处长"
    # 选举委员会 is a body: its name keeps the word, and 村民 opens it (the villagers' committee)
    assert posts("村民选举委员会主任郑立平主持。") == [("郑立平", ["村民选举委员会主任"])]


def test_a_post_word_inside_a_committee_name_is_no_post():
    from guanxi.extractors.components.persons import find_persons

    # 政委 is a post, but in 廉政委员会 it is part of the body's name
    text = "某国廉政委员会主席卡洛斯·门多萨日前宣布，调查结束。"
    assert [(m.name, [p.title for p in m.posts]) for m in find_persons(text)] == [
        ("卡洛斯·门多萨", ["某国廉政委员会主席"])
    ]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("——记东岭镇西坡村党支部书记周启明", "东岭镇西坡村党支部书记"),
        ("——访市农业农村局局长吴建新", "市农业农村局局长"),
        ("——走进城南街道社区党委书记马晓", "城南街道社区党委书记"),
    ],
)
def test_a_portrait_subtitle_s_verb_after_the_dash_opens_no_title(text, title):
    assert texts(text) == [title]


def test_academic_posts_are_titles():
    assert texts("邀请青禾大学教授周立新作专题辅导。") == ["青禾大学教授"]
    assert texts("由马克思主义学院副教授孙晓梅主讲。") == ["马克思主义学院副教授"]


def test_a_descriptive_word_opening_a_body_s_name_is_no_title():
    # 市民 (citizen) opens 市民政局 (civil affairs bureau); 律师 opens a law firm's name
    assert texts("青禾市民政局局长周丽华出席。") == ["青禾市民政局局长"]
    assert texts("青禾律师事务所主任孙丽介绍。") == ["青禾律师事务所主任"]
    assert texts("农民专业合作社理事长赵强说。") == ["农民专业合作社理事长"]
    # before a name it still describes the person
    assert texts("村民王强说。") == ["村民"]


def test_clerks_assistants_and_candidates_are_posts_of_their_own():
    assert texts("县法院书记员王刚记录。") == ["县法院书记员"]
    assert texts("市长助理张强出席。") == ["市长助理"]
    assert texts("市委副书记、市长候选人孙杰发言。") == ["市委副书记", "市长候选人"]


def test_the_have_of_an_enumeration_opens_no_title():
    assert texts("陪同调研的有县委书记钱进。") == ["县委书记"]
    assert texts("青禾有限公司总经理王强出席。") == ["青禾有限公司总经理"]
