"""Byline variants read as grammar (prefix x role, newsroom, run of names, sign-off); all names invented."""

import pytest
from guanxi.extractors.bylines import parse_credit, parse_dateline, parse_signature
from guanxi.extractors.components.bylines import find_bylines, split_names
from guanxi.extractors.extract import extract, extract_page
from guanxi.extractors.segment import segment

from guanxi.model import Page


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本报讯 全媒体记者 谢雨桐报道：5月3日，", [("谢雨桐", "全媒体记者")]),
        ("融媒体记者：陶文璋\n", [("陶文璋", "融媒体记者")]),
        ("首席摄影记者 龚立川 见习记者 韦佳\n", [("龚立川", "首席摄影记者"), ("韦佳", "见习记者")]),
        (
            "本报讯(江北记者站祁永平赵海燕孙立)昨日，",
            [("祁永平", "记者"), ("赵海燕", "记者"), ("孙立", "记者")],
        ),
        ("(青溪县融媒体中心 邓小雨)\n", [("邓小雨", None)]),
        ("(撰稿人：闵子萱 审核人：郑国华)\n", [("闵子萱", "撰稿人"), ("郑国华", None)]),
        ("撰稿：彭思远\n", [("彭思远", "撰稿")]),
        ("活动圆满结束。\n\n冯晓东 蒋丽华 韩志远\n", [("冯晓东", None), ("蒋丽华", None), ("韩志远", None)]),
        ("摄影：乔明轩\n", [("乔明轩", None)]),
        ("本报讯 记者王永平赵海燕报道：", [("王永平", "记者"), ("赵海燕", "记者")]),
        # No name after the role word, or no role word at all.
        ("摄影展吸引市民参观。", []),
        ("记者从会上获悉，全市将新建学校12所。", []),
        ("审核人员对申报材料逐一复核。", []),
        ("记者：张书记，今年村里有哪些变化？", []),  # an interview turn
        ("记者站工作人员介绍，", []),
        ("审核通过后，项目将开工。", []),
        # A last line that is no run of names, and names not closing the text.
        ("活动圆满结束。\n\n和谐 发展\n", []),
        ("冯晓东 蒋丽华\n活动圆满结束。\n", []),
        # The run 张文华高明 reads as 张文|华高明 or 张文华|高明: not split.
        ("(江北记者站张文华高明)\n", []),
    ],
)
def test_byline_variants(text, expected):
    got = [(b.name, b.role) for b in find_bylines(text)]
    assert got == expected


def test_names_of_a_variant_are_their_text():
    text = "本报讯(江北记者站祁永平赵海燕孙立)昨日，"
    assert [text[b.start : b.end] for b in find_bylines(text)] == ["祁永平", "赵海燕", "孙立"]


@pytest.mark.parametrize(
    ("run", "names"),
    [
        ("王永平赵海燕孙", None),  # a single character left over: no reading
        ("王永平赵海燕孙立", ["王永平", "赵海燕", "孙立"]),
        ("刘芳陈静", ["刘芳", "陈静"]),
        ("张文华高明", None),  # two readings
        ("王永平", None),  # a single name is no run
    ],
)
def test_split_names(run, names):
    assert split_names(run) == names


def test_journalists_of_a_variant_byline_in_extract():
    text = (
        "青溪县召开春耕生产现场会\n\n"
        "本报讯 融媒体记者：陶文璋 通讯员 韦佳报道：3月2日，青溪县召开春耕生产现场会。"
        "县长孔德胜出席并讲话。\n\n"
        "(撰稿人：闵子萱 审核人：郑国华)\n"
    )
    got = {p.name: (p.kind, p.titles) for p in extract(text).persons}
    assert got["陶文璋"] == ("journalist", ["融媒体记者"])
    assert got["韦佳"] == ("journalist", ["通讯员"])
    assert got["闵子萱"] == ("journalist", ["撰稿人"])
    assert got["郑国华"] == ("journalist", [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本报讯 全媒体记者 谢雨桐报道：5月3日，", [("谢雨桐", "记者")]),
        ("本报讯 融媒体记者陶文璋 见习记者韦佳报道：", [("陶文璋", "记者"), ("韦佳", "见习记者")]),
        (
            "本报讯(江北记者站王永平赵海燕孙立)昨日，",
            [("王永平", "记者"), ("赵海燕", "记者"), ("孙立", "记者")],
        ),
        ("本报讯(江北记者站张文华高明)昨日，", []),  # two readings: no names
        # A newsroom is no reporter (江北 was read as one).
        ("本报讯(江北记者站 记者王永平)昨日，", [("王永平", "记者")]),
    ],
)
def test_segmentation_dateline_variants(text, expected):
    d = parse_dateline(text)
    assert d is not None
    assert [(r.name, r.role) for r in d.reporters] == expected


def test_segmentation_prefixed_credit_has_no_prefix_as_name():
    assert [(r.name, r.role) for r in parse_credit("全媒体记者 谢雨桐 摄")] == [("谢雨桐", "记者")]


SIGNED_PAGE = (
    "青溪县召开春耕生产现场会\n\n"
    "本报讯 3月2日，青溪县召开春耕生产现场会。县长孔德胜出席并讲话，要求各乡镇抓好春耕备耕工作。\n\n"
    "冯晓东 蒋丽华\n\n"
    "河东区举行植树活动\n\n"
    "本报讯 3月12日，河东区举行义务植树活动。区长钱文斌参加。\n"
)


def test_segmentation_sign_off_line_of_names():
    first, second = segment(Page("p", "p.txt", SIGNED_PAGE)).articles
    assert [(r.name, r.role) for r in first.reporters] == [("冯晓东", None), ("蒋丽华", None)]
    assert first.text.endswith("冯晓东 蒋丽华")
    assert second.title == "河东区举行植树活动" and second.reporters == ()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("冯晓东 蒋丽华 韩志远", ["冯晓东", "蒋丽华", "韩志远"]),
        ("冯晓东、蒋丽华", ["冯晓东", "蒋丽华"]),
        ("春耕 生产", []),  # 春 is no surname
        ("冯晓东 蒋丽华 韩志远 钱文斌 孔德胜 谢雨桐", []),  # six names: a list, no sign-off
    ],
)
def test_signature_line_of_names(line, expected):
    assert [r.name for r in parse_signature(line)] == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("(青溪县融媒体中心 邓小雨)", [("邓小雨", None)]),
        ("（江北记者站 王永平、赵海燕）", [("王永平", "记者"), ("赵海燕", "记者")]),
        ("(青溪县融媒体中心)", []),
    ],
)
def test_segmentation_newsroom_signature(line, expected):
    assert [(r.name, r.role) for r in parse_signature(line, bare=False)] == expected


LEAD = "3月5日，市委书记赵立新到青禾镇调研春耕生产，副市长钱国平陪同。"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("全媒体记者 张三丰", [("张三丰", ["全媒体记者"])]),
        ("记者 王五 赵六 孙七 报道", [("王五", ["记者"]), ("赵六", ["记者"]), ("孙七", ["记者"])]),
        ("文/图 记者 张三丰", [("张三丰", ["记者"])]),
        ("首席记者 张三丰 实习生 李四海", [("张三丰", ["首席记者"]), ("李四海", ["实习生"])]),
        ("融媒体记者：李四海", [("李四海", ["融媒体记者"])]),
    ],
)
def test_a_byline_opening_with_its_role_under_the_headline(line, expected):
    # the line under the headline is the byline, never the title; its role is the title as printed
    (art,) = extract_page(Page("p", "p.txt", f"青禾镇春耕忙\n\n{line}\n{LEAD}\n")).articles
    assert art.article.title == "青禾镇春耕忙"
    assert [r.name for r in art.article.reporters] == [n for n, _ in expected]
    assert [(p.name, p.titles) for p in art.persons if p.kind == "journalist"] == expected


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_byline_opening_with_its_role_after_the_text_signs_it_off(gap):
    text = f"青禾镇春耕忙\n\n{LEAD}{gap}全媒体记者 张三丰\n\n青禾县召开春耕会\n\n本报讯 3月5日，县委书记周明主持召开春耕会。\n"
    first, second = extract_page(Page("p", "p.txt", text)).articles
    assert (first.article.title, [r.name for r in first.article.reporters]) == ("青禾镇春耕忙", ["张三丰"])
    assert (second.article.title, second.article.reporters) == ("青禾县召开春耕会", ())


def test_a_sentence_opening_with_a_reporter_is_no_byline():
    (art,) = extract_page(Page("p", "p.txt", f"青禾镇春耕忙\n\n{LEAD}\n记者从市农业农村局获悉，春耕进展顺利。\n")).articles
    assert art.article.reporters == ()


@pytest.mark.parametrize("line", ["（青禾记者站王五一赵六合孙七星）\n", "（青禾记者站 王五一 赵六合）\n\n"])
def test_a_newsroom_signature_under_the_headline_opens_the_text(line):
    # the text after it is the same article, not a second one without a title
    (art,) = extract_page(Page("p", "p.txt", f"青禾镇春耕忙\n\n{line}{LEAD}\n")).articles
    assert art.article.title == "青禾镇春耕忙"
    assert {"王五一", "赵六合", "赵立新"} <= {p.name for p in art.persons}


def test_a_credit_of_roles_under_the_headline_is_no_title():
    text = f"青禾镇春耕忙\n\n（撰稿人：周文华 审核人：吴建设）\n{LEAD}\n"
    (art,) = extract_page(Page("p", "p.txt", text)).articles
    assert art.article.title == "青禾镇春耕忙"
    assert [(r.name, r.role) for r in art.article.reporters] == [("周文华", "撰稿人"), ("吴建设", None)]


def test_a_pages_staff_line_names_its_editors_not_their_kind_of_editing():
    """本版编辑：X  美术编辑：Y: X and Y are the page's editors; 美术 (art) is no name."""
    assert [(b.name, b.role) for b in find_bylines("本版编辑：苗小红  美术编辑：卓大伟")] == [
        ("苗小红", None),
        ("卓大伟", None),
    ]
    ex = extract("本版编辑：苗小红  图片编辑：卓大伟\n\n国务院召开常务会议", home="山西省/长治市")
    assert {p.name for p in ex.persons} == {"苗小红", "卓大伟"}
