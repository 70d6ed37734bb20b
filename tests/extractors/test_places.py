"""Places: divisions with codes, chains, villages by grammar, short forms by home, optional inside names."""

from __future__ import annotations

import re

import pytest
import spacy
from guanxi.extractors.components.places import LEVELS, PlaceMatch, find_places

from guanxi.model import Home

CHANGZHI = Home("山西省", "长治市")
JINZHONG = Home("山西省", "晋中市")
_PUNCT = re.compile(r"[\s\u3000·•—\-－_《》<>“”\"'‘’（）()【】\[\]，,。:：;；!！?？、|#*]+")


def places(text: str, home: Home | None = None) -> list[tuple[str, str]]:
    return [(m.text, m.level) for m in find_places(text, home=home) if not m.optional]


def by_text(text: str, home: Home | None = None) -> dict[str, PlaceMatch]:
    return {m.text: m for m in find_places(text, home=home)}


def test_chain_units_with_codes():
    found = by_text("杨保春先后来到沁县南里镇中里村、册村镇、定昌镇。", CHANGZHI)
    assert [(t, m.level) for t, m in found.items()] == [
        ("沁县", "county"),
        ("南里镇", "township"),
        ("中里村", "village"),
        ("册村镇", "township"),
        ("定昌镇", "township"),
    ]
    assert found["沁县"].code == "140430"
    assert found["南里镇"].code == "140430107"
    assert found["南里镇"].parent_code == "140430"
    # The village is not in the official list: no code, but it hangs under the township before it.
    assert found["中里村"].code is None
    assert found["中里村"].parent_code == "140430107"


def test_offsets_are_verbatim():
    text = "本报讯 12月4日,在襄垣县虢亭镇小河村,潞州区五马街道香阅四季社区举办活动。"
    for m in find_places(text, home=CHANGZHI):
        assert text[m.start : m.end] == m.text
        assert m.level in LEVELS


def test_misprinted_township_keeps_print_and_gets_code():
    (m,) = [m for m in find_places("在襄垣县虢亭镇小河村", home=CHANGZHI) if m.text == "虢亭镇"]
    assert m.official_name == "虒亭镇"
    assert m.code == "140423104"


def test_villages_and_communities_by_grammar():
    text = "日前,上党区白家沟村举办活动。在小河村,村民们说。潞城区潞华街道南华社区开展宣讲。"
    assert ("白家沟村", "village") in places(text, CHANGZHI)
    assert ("小河村", "village") in places(text, CHANGZHI)
    assert ("南华社区", "community") in places(text, CHANGZHI)


def test_ordinary_words_ending_in_village_or_community_are_not_places():
    text = "推进乡村振兴,建设美丽乡村,带动村集体增收,全村共有13个村,他们积极参与社区活动,为社区服务。"
    assert places(text, CHANGZHI) == []


def test_short_forms_resolved_by_home():
    found = by_text("在潞州大地上,长子、壶关两县携手发展。", CHANGZHI)
    assert found["潞州"].official_name == "潞州区"
    assert found["长子"].official_name == "长子县"
    assert not found["长子"].optional
    # Without the home, a county short form from another province is no place.
    assert "长子" not in by_text("长子今年考上了大学。", Home("广东省", "广州市"))


def test_province_and_city_short_forms_stand_alone():
    assert places("太原、北京的客商来到山西。", CHANGZHI) == [
        ("太原", "prefecture"),
        ("北京", "province"),
        ("山西", "province"),
    ]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a head word inside a longer everyday word: a generic noun or a verb follows the place
        ("河北公安机关加大打击力度。", "河北"),
        ("湖南面向全国招聘教师。", "湖南"),
        ("作品在法国新闻媒体上广为报道。", "法国"),
        ("山西大学生来到这里。", "山西"),
        ("他在山西时间不长。", "山西"),
        # a common noun opening a list of common nouns
        ("影片在甘肃工厂、农村放映。", "甘肃"),
    ],
)
def test_place_before_an_ordinary_phrase_stands_alone(text, place):
    assert place in [t for t, _level in places(text)]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("长治公安破获一起案件。", "长治"),
        ("河北新闻网报道。", "河北"),
        ("河北工厂和学校", "河北"),
        # a list of products, each headed by a place's name
        ("带来了潞城大葱、长子猪头肉等特产。", "潞城"),
        # a time zone, a ship's name, a university's short name
        ("比赛到北京时间清晨才结束。", "北京"),
        ("由“青岛”号驱逐舰护航。", "青岛"),
        ("她是西南民院毕业生。", "西南"),
    ],
)
def test_place_before_a_head_that_names_a_body_stays_inside(text, place):
    assert by_text(text, CHANGZHI)[place].optional


def test_geographic_regions():
    found = places("东北地区有小雨，他带点西北口音；拉美国家、中东和朝鲜半岛局势受到关注，大洋洲代表出席。")
    assert [t for t, level in found if level == "region"] == ["东北", "西北", "拉美", "中东", "朝鲜半岛", "大洋洲"]
    assert ("太平洋", "natural") in places("船队驶入太平洋。")
    assert places("东北亚局势") == [("东北亚", "region")]
    assert next(m for m in find_places("华北、华南晴") if m.text == "华北").label == "LOC"


def test_county_short_form_after_its_own_province():
    # a county now a city printed with its old 县, and a bare short form, after their province
    assert ("监利县", "county") in places("他是湖北省监利县人。")
    assert ("申扎", "county") in places("西藏自治区申扎东南发生地震。")


def test_county_of_another_province_whose_first_character_ends_a_word():
    # 以东 + 山区, not the district 东山区
    assert places("客机在首都以东山区坠毁。") == []
    assert places("代表团到了东山区。") == [("东山区", "county")]


def test_special_administrative_region_short_form():
    found = by_text("香港特区的发展迈上新台阶。")
    assert (found["香港特区"].level, found["香港特区"].code) == ("province", "810000")
    assert not found["香港特区"].optional


def test_capitals_world_cities_and_foreign_divisions():
    found = places("代表团访问了伯尔尼和汉诺威，又到加利福尼亚州、神奈川县和英格兰，看了多瑙河。")
    assert found == [
        ("伯尔尼", "foreign_city"),
        ("汉诺威", "foreign_city"),
        ("加利福尼亚州", "foreign_division"),
        ("神奈川县", "foreign_division"),
        ("英格兰", "foreign_division"),
        ("多瑙河", "natural"),
    ]
    # a consulate or an embassy is a body named after the city; a mosaic is no city
    assert by_text("他在驻马赛总领事馆工作。")["马赛"].optional
    assert places("墙上贴着马赛克。") == []
    # everyday words and phrases holding a foreign name: no place
    for text in ("清理河内垃圾。", "地中海贫血患者得到救助。", "北海道路改造完工。"):
        assert not [m for m in find_places(text) if m.level in ("foreign_city", "foreign_division", "natural")], text


@pytest.mark.parametrize(
    "text",
    [
        "村子位于县城东北，向西北走三里。",  # a compass point from a place, of a movement
        "东北风三到四级，城市东北部和西南侧有雨。",  # a wind, a part of a city
        "我国中东部地区有雨。",  # 中东部: the middle and east
        "湖南西北山区有雨。",  # a compass point of the place before it
        "东北虎是保护动物。",
    ],
)
def test_directions_are_no_regions(text):
    assert [m for m in find_places(text) if m.level == "region"] == []


def test_places_inside_names_are_optional():
    text = "长治学院师生走进黎城县烟草专卖局,品尝长子大青椒,学习太行精神,西故县村党支部书记讲话。"
    found = by_text(text, CHANGZHI)
    assert found["长治"].optional
    assert found["长子"].optional
    assert found["西故县村"].optional
    assert not places("《长治市科技计划项目管理办法》", CHANGZHI)


def test_chain_into_a_name_only_the_glued_unit_is_optional():
    found = by_text("潞城区黄牛蹄乡李庄村小学", CHANGZHI)
    assert not found["潞城区"].optional
    assert not found["黄牛蹄乡"].optional
    assert found["李庄村"].optional
    found = by_text("沁县沁州黄镇党委书记", CHANGZHI)
    assert not found["沁县"].optional
    assert found["沁州黄镇"].optional


def test_names_spans_make_places_optional():
    # No suffix word marks 星光合唱团 as a name; the organization finder's span does.
    text = "长治市星光合唱团"
    (m,) = find_places(text, home=CHANGZHI)
    assert not m.optional
    (m,) = find_places(text, home=CHANGZHI, names=[(0, len(text))])
    assert m.text == "长治市" and m.optional


def test_my_city_is_no_place():
    assert places("我市、全市和我省的干部群众", CHANGZHI) == []


def test_foreign_and_natural():
    found = places("代表团访问了日本、韩国和俄罗斯,在莫斯科签约,又沿黄河考察太行山。", CHANGZHI)
    assert ("日本", "country") in found
    assert ("莫斯科", "foreign_city") in found
    assert ("黄河", "natural") in found
    assert ("太行山", "natural") in found
    # China itself is never an "other country": optional.
    assert all(m.optional for m in find_places("中国", home=CHANGZHI))


def test_homonyms_picked_by_home():
    (m,) = [m for m in find_places("西沟乡", home=Home("山西省", "长治市"))]
    assert m.code == "140425200"
    (m,) = find_places("城关镇", home=None)
    assert m.level == "township" and m.code is None  # many 城关镇: no code without context
    (m,) = [m for m in find_places("榆中县城关镇") if m.text == "城关镇"]
    assert m.code is not None and m.parent_code == "620123"


def test_made_up_article_from_another_city():
    # A made-up report from a 晋中 paper: another home, other counties, a village, a person who
    # happens to share a city's name, and the idiom that holds a city's name.
    text = (
        "本报讯 3月5日,市委书记王明带领调研组深入平遥县古陶镇东关村、介休市,"
        "在汾河沿岸察看生态修复情况。他要求,以长治久安为目标,把平遥牛肉打造成品牌。"
        "副市长李太原、祁县县委书记张伟陪同。榆次区北田镇、太谷、灵石等地负责人参加。"
    )
    found = by_text(text, JINZHONG)
    solid = {t for t, m in found.items() if not m.optional}
    assert {"平遥县", "古陶镇", "东关村", "介休市", "汾河", "北田镇", "榆次区", "太谷", "灵石"} <= solid
    assert found["平遥"].optional  # 平遥牛肉: a product
    assert found["祁县"].optional  # 祁县县委: a body
    assert "长治" not in found  # 长治久安 is an idiom
    assert "太原" not in solid  # a person's given name
    assert found["太谷"].official_name == "太谷区"


def test_empty_and_plain_text():
    assert find_places("") == []
    assert find_places("今天天气很好。") == []


def _norm(s: str) -> str:
    return _PUNCT.sub("", s or "")


def test_seeds_places_f1(gold, seeds_dir):
    """Places F1 >= 0.90 on the seed pages, per page over distinct strings, optional ignored."""
    tp = fp = fn = 0
    for rec in gold.values():
        text = (seeds_dir / rec["file"]).read_text(encoding="utf-8")
        home = Home(**rec["home"])
        pred = {_norm(m.text) for m in find_places(text, home=home) if not m.optional}
        want = {_norm(x) for x in rec["places"]}
        skip = {_norm(x) for x in rec["optional"]} - want
        pred -= skip
        tp += len(pred & want)
        fp += len(pred - want)
        fn += len(want - pred)
    p, r = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * p * r / (p + r)
    assert f1 >= 0.90, (p, r, f1)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("zh")
    nlp.add_pipe("guanxi_places")
    return nlp


def test_component_writes_span_group(nlp):
    doc = nlp("在沁县南里镇和黄河岸边")
    spans = doc.spans["guanxi_places"]
    assert [(s.text, s.label_) for s in spans] == [("沁县", "GPE"), ("南里镇", "GPE"), ("黄河", "LOC")]
    assert spans[0].kb_id_ == "140430"
    assert spans[0]._.place["level"] == "county"


def test_component_config_and_names_keys():
    nlp = spacy.blank("zh")
    nlp.add_pipe("guanxi_places", config={"include_optional": False})
    doc = nlp.make_doc("长治学院和长治市")
    doc = nlp.get_pipe("guanxi_places")(doc)
    assert [s.text for s in doc.spans["guanxi_places"]] == ["长治市"]
    assert nlp.get_pipe_meta("guanxi_places").assigns == ["doc.spans"]


def test_component_pipe_two_processes(nlp):
    docs = list(nlp.pipe(["在沁县", "到太原"], n_process=2))
    assert [[s.text for s in d.spans["guanxi_places"]] for d in docs] == [["沁县"], ["太原"]]


def test_title_span_over_a_chain_keeps_the_first_units():
    # The person finder's title span covers the whole 沁县沁州黄镇党委书记; only the glued unit is inside.
    text = "沁县沁州黄镇党委书记田冠英说"
    found = {m.text: m.optional for m in find_places(text, home=CHANGZHI, names=[(0, 10)])}
    assert found == {"沁县": False, "沁州黄镇": True}


def test_document_titles_hide_every_unit():
    found = find_places("学习《山西省长治市科技计划项目管理办法》", home=CHANGZHI)
    assert [(m.text, m.optional) for m in found] == [("山西省", True), ("长治市", True)]


def test_places_heading_companies_and_numbered_bodies_are_optional():
    home = Home("四川省", "绵阳市")
    text = (
        "市公安局涪城区分局、绵阳市第三人民医院、四川九洲电器集团有限责任公司参加"
        "法治宣传进社区活动,活动在富乐街道举行。"
    )
    found = {m.text: m.optional for m in find_places(text, home=home)}
    assert found == {"涪城区": True, "绵阳市": True, "四川": True, "富乐街道": False}


def test_township_of_another_province_inside_ordinary_words_is_no_place():
    # 商城镇 is a township of another province; here 商城 (mall) and 镇上 (in town) are the words.
    assert places("商城镇上的居民热情好客。", CHANGZHI) == []
    # The same name standing as a word, a township of the home county, and a chain still count.
    assert ("商城镇", "township") in places("他来到商城镇，看望群众。", CHANGZHI)
    assert ("南里镇", "township") in places("在南里镇举办活动。", CHANGZHI)
    assert ("南里镇", "township") in places("沁县南里镇中里村", CHANGZHI)


def test_thanks_before_community_is_no_community_name():
    for text in (
        "他说：“谢谢社区干部。”",
        "“多谢社区帮忙。”",
        "志愿者走进社区开展义诊。",
        "干部深入基层社区调研。",
        "我们要打造智慧社区。",
    ):
        assert [p for p in places(text, CHANGZHI) if p[1] == "community"] == [], text
    assert ("东风社区", "community") in places("潞州区东风社区开展活动。", CHANGZHI)
    assert ("紫金社区", "community") in places("近日，紫金社区组织居民学习。", CHANGZHI)


def test_clause_before_community_is_no_community_name():
    for text in ("，大家一起关心社区。", "，他每天都去社区。"):
        assert [p for p in places(text, CHANGZHI) if p[1] == "community"] == [], text
    assert ("阳光花园社区", "community") in places("，阳光花园社区开展活动。", CHANGZHI)


def test_surname_jiang_after_a_post_is_no_river():
    for text in ("副县长江海涛出席会议。", "市委常委、副市长江红讲话。"):
        assert [p for p in places(text, CHANGZHI) if p[1] == "natural"] == [], text
    assert ("乌江", "natural") in places("在乌江两岸，群众说。", CHANGZHI)
    assert ("白石江", "natural") in places("游客来到白石江。", CHANGZHI)


def test_village_named_after_a_trade_is_no_village():
    for text in ("，一个远近闻名的电商村。", "，这里成了网红村。", "，他们建起淘宝村。"):
        assert [p for p in places(text, CHANGZHI) if p[1] == "village"] == [], text
    assert ("白杨村", "village") in places("，白杨村开展活动。", CHANGZHI)
