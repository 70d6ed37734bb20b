"""Organization extractor: grammar behaviours, a made-up article from another city, the seeds score."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import spacy
from guanxi.extractors.components.organizations import (
    OrgMatch,
    canonical_org,
    find_organizations,
    page_organizations,
    split_title_body,
)
from guanxi.extractors.orgs_lexicon import LexiconError, load_org_lexicon, read_tsv

from guanxi.model import Home

DATA = Path(__file__).resolve().parent.parent / "data"
CHANGZHI = Home("山西省", "长治市")
MIANYANG = Home("四川省", "绵阳市")


def by_text(matches: list[OrgMatch]) -> dict[str, OrgMatch]:
    """Last mention of each surface name (tests use names that occur once)."""
    return {m.text: m for m in matches}


def solid(text: str, **kw) -> list[str]:
    return page_organizations(find_organizations(text, **kw))[0]


# -- grammar ---------------------------------------------------------------------------------


def test_longest_name_as_printed():
    text = "市商务局推荐的长治市潞州宴餐饮文化有限公司被评为山西名店。"
    assert solid(text, home=CHANGZHI) == ["市商务局", "长治市潞州宴餐饮文化有限公司"]


def test_chained_bodies_keep_the_longest_and_flag_inner_ones_nested():
    found = by_text(find_organizations("省公安厅交通管理局发布通告。"))
    assert found["省公安厅交通管理局"].optional is False
    assert found["省公安厅"].optional is True
    assert found["省公安厅"].why == "nested"


def test_nested_body_counts_where_it_also_stands_alone():
    text = "由长治高新区管委会主办，长治高新区科技创新部承办。市委组织部召开会议，市委提出要求。"
    orgs, optional = page_organizations(find_organizations(text, home=CHANGZHI))
    assert {"长治高新区管委会", "长治高新区科技创新部", "市委组织部", "市委"} <= set(orgs)
    assert "市委" not in optional


def test_body_fronting_a_title_is_optional():
    text = "市委常委、组织部部长杨保春主持，长治军分区司令员出席。"
    found = find_organizations(text, home=CHANGZHI)
    # A bare 组织部 names no body by itself and is not reported at all.
    assert {m.text: m.why for m in found} == {"市委": "title", "长治军分区": "title"}
    assert page_organizations(found)[0] == []


def test_given_title_spans_make_bodies_optional():
    text = "省人大常委会调研组来长治调研。"
    assert not find_organizations(text)[0].optional
    (m,) = find_organizations(text, titles=[(0, 8)])
    assert (m.text, m.optional, m.why) == ("省人大常委会", True, "title")


def test_body_of_its_own_plenary_counts():
    text = "传达学习二十届中央纪委四次全会、省纪委十二届五次全会精神。"
    assert solid(text) == ["中央纪委", "省纪委"]


def test_generic_nouns_and_sites_are_excluded():
    text = "调研组走访相关部门和企业，镇党委、党中央和中央高度重视，以人民为中心，在正则时代广场和工业园区。"
    assert find_organizations(text) == []


def test_body_inside_a_document_title_is_optional():
    (m,) = find_organizations("审议《山西省人民代表大会常务委员会关于加快发展新质生产力的决定》。")
    assert (m.text, m.why) == ("山西省人民代表大会常务委员会", "document")


def test_conjunction_splits_only_between_names():
    assert solid("省委和市委安排部署", home=CHANGZHI) == ["市委", "省委"]
    assert solid("山西聪和食品有限公司参展") == ["山西聪和食品有限公司"]


def test_stop_character_inside_a_place_name_is_no_boundary():
    assert solid("宜都市第一中学、和平区人民医院") == ["和平区人民医院", "宜都市第一中学"]


def test_outer_divisions_of_a_village_school_are_dropped():
    text = "活动在潞城区黄牛蹄乡李庄村小学举行。"
    assert solid(text) == ["李庄村小学"]


def test_listed_enterprises_and_short_forms():
    text = "考察团深入潞州宴、潞融府等特色餐饮企业。青禾市与中国石油化工集团公司签约，中石化将加大投入。"
    assert set(solid(text)) == {"潞州宴", "潞融府", "中国石油化工集团公司", "中石化"}


def test_pdf_line_break_inside_a_name():
    text = (
        "活动中，北京航空航天大学、北京化工大\n\n学、北京科技大学负责人分别就科技成果转化模式进行资源推介。"
    )
    found = by_text(find_organizations(text))
    m = found["北京化工大\n\n学"]
    assert text[m.start : m.end] == m.text
    assert m.canonical == "北京化工大学"


def test_types():
    text = (
        "市委宣传部、市政府、市人大常委会、市政协、市中级人民法院、市人民检察院、市公安局、"
        "长治军分区、长治学院、长治市第二人民医院、山西三元煤业有限公司、市戏剧家协会、长治日报社参加。"
    )
    types = {m.text: m.type for m in find_organizations(text) if not m.optional}
    assert types == {
        "市委宣传部": "party",
        "市政府": "government",
        "市人大常委会": "congress",
        "市政协": "cppcc",
        "市中级人民法院": "court",
        "市人民检察院": "procuratorate",
        "市公安局": "police",
        "长治军分区": "military",
        "长治学院": "school",
        "长治市第二人民医院": "hospital",
        "山西三元煤业有限公司": "company",
        "市戏剧家协会": "association",
        "长治日报社": "media",
    }


def test_canonical_and_parent():
    found = by_text(find_organizations("市委组织部、省公安厅交通管理局和央视", home=CHANGZHI))
    assert found["市委组织部"].canonical == "长治市委组织部"
    assert found["市委组织部"].parent == "长治市委"
    assert found["省公安厅交通管理局"].parent == "山西省公安厅"
    assert found["央视"].canonical == "中央电视台"


def test_canonical_org():
    assert canonical_org("市委组织部", home=CHANGZHI) == "长治市委组织部"
    assert canonical_org("组织部", home=CHANGZHI, context_body="市委") == "长治市委组织部"
    assert canonical_org("省人大常委会", home=CHANGZHI) == "山西省人大常委会"
    assert canonical_org("市场监督管理局", home=CHANGZHI) == "市场监督管理局"
    assert canonical_org("平顺县委组织部", home=CHANGZHI, context_body="市委") == "平顺县委组织部"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("市人大常委会副主任", ("市人大常委会", "副主任")),
        ("组织部部长", ("组织部", "部长")),
        ("市委常委", ("市委", "常委")),
        ("省人大常委会财经委副主任委员", ("省人大常委会财经委", "副主任委员")),
        ("长治军分区司令员", ("长治军分区", "司令员")),
        ("沁县沁州黄镇党委书记", ("沁县沁州黄镇党委", "书记")),
        ("副市长", (None, "副市长")),
        ("党组书记", (None, "党组书记")),
    ],
)
def test_split_title_body(title, expected):
    assert split_title_body(title) == expected


def test_offsets_point_at_the_text_on_every_seed_page(seed_paths):
    for path in seed_paths:
        text = path.read_text(encoding="utf-8")
        for m in find_organizations(text, home=CHANGZHI):
            assert text[m.start : m.end] == m.text
            assert re.sub(r"\s+", "", m.text) == m.text.replace("\n", "").replace(" ", "")


# -- a made-up article from another city -------------------------------------------------------


def test_made_up_article_from_another_city():
    text = (DATA / "orgs_mianyang_article.txt").read_text(encoding="utf-8")
    found = find_organizations(text, home=MIANYANG)
    orgs, optional = page_organizations(found)
    expected = {
        "市委常委会", "省委", "中国工程物理研究院", "西南科技大学", "四川长虹电器股份有限公司", "九洲集团",
        "市委宣传部", "市发展和改革委员会", "市教育和体育局", "市自然资源和规划局", "游仙区委组织部",
        "游仙区人民法院", "三台县人民检察院", "市公安局涪城区分局", "绵阳市中心医院", "绵阳市第三人民医院",
        "市妇联", "市科协", "市总工会", "绵阳新华书店有限公司", "四川九洲电器集团有限责任公司",
        "安州区政府", "绵阳高新区管委会", "市政协",
    }  # fmt: skip
    assert set(orgs) == expected
    # Title fronts (also a post printed once after a list: 绵阳日报社、绵阳广播电视台记者) and nested
    # bodies: optional, never solid.
    assert {"市人大常委会", "绵阳军分区", "绵阳日报社", "绵阳广播电视台", "市委"} <= set(optional)
    # Generic nouns stay out altogether.
    assert not {"调研组", "相关部门", "企业"} & (set(orgs) | set(optional))
    found_by = by_text(found)
    assert found_by["市公安局涪城区分局"].parent == "绵阳市公安局"
    assert found_by["市委宣传部"].canonical == "绵阳市委宣传部"
    assert found_by["三台县人民检察院"].type == "procuratorate"


# -- seeds score -------------------------------------------------------------------------------

_PUNCT = re.compile(r"[\s\u3000·•—\-－_《》<>“”\"'‘’（）()【】\[\]，,。:：;；!！?？、|#*]+")


def _norm(s: str) -> str:
    return _PUNCT.sub("", s or "")


def _set_score(gold: list[str], pred: list[str], optional: list[str]) -> tuple[int, int, int]:
    """Same definition as the reference scorer's set_score: predictions matching optional are ignored."""
    g = {_norm(x) for x in gold if _norm(x)}
    opt = {_norm(x) for x in optional}
    p = {_norm(x) for x in pred if _norm(x)} - (opt - g)
    return len(g & p), len(p - g), len(g - p)


def test_seeds_organizations_f1(gold, seeds_dir):
    """Micro F1 over the five seed pages, each page scored over distinct names as score.py does.

    The whole page text goes through find_organizations without title spans (the matcher's own
    post-word check finds title fronts); page_organizations splits solid and optional names.
    """
    tp = fp = fn = 0
    for stem, rec in gold.items():
        text = (seeds_dir / f"{stem}.txt").read_text(encoding="utf-8")
        home = Home(rec["home"]["province"], rec["home"]["city"])
        orgs, _optional = page_organizations(find_organizations(text, home=home))
        a, b, c = _set_score(rec["organizations"], orgs, rec["optional"])
        tp, fp, fn = tp + a, fp + b, fn + c
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.85, (precision, recall, f1)


# -- lexicons ----------------------------------------------------------------------------------


def test_lexicons_load():
    lex = load_org_lexicon()
    assert lex.suffixes["有限公司"].type == "company"
    assert lex.places["长治"] == 2


def test_bad_lexicon_line_names_file_and_line(tmp_path):
    (tmp_path / "org_bad.tsv").write_text("# comment\nsuffix\ttype\tkind\n局\tgovernment\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"org_bad\.tsv:3:"):
        read_tsv("org_bad.tsv", ("suffix", "type", "kind"), root=tmp_path)


def test_missing_header_names_file_and_line(tmp_path):
    (tmp_path / "org_bad.tsv").write_text("局\tgovernment\tbody\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"org_bad\.tsv:1:"):
        read_tsv("org_bad.tsv", ("suffix", "type", "kind"), root=tmp_path)


# -- spaCy component -----------------------------------------------------------------------------


def test_spacy_component_writes_org_spans_with_attributes():
    nlp = spacy.blank("zh")
    nlp.add_pipe("guanxi_organizations")
    doc = nlp("市委组织部召开会议。市委常委、组织部部长杨保春主持。")
    spans = doc.spans["guanxi_organizations"]
    assert {sp.label_ for sp in spans} == {"ORG"}
    solid_spans = [sp for sp in spans if not sp._.org["optional"]]
    assert [sp.text for sp in solid_spans] == ["市委组织部"]
    assert solid_spans[0]._.org["type"] == "party"


def test_spacy_component_reads_title_spans():
    nlp = spacy.blank("zh")
    nlp.add_pipe("guanxi_organizations", config={"include_optional": False})
    doc = nlp.make_doc("省人大常委会调研组来长治调研。")
    doc.spans["guanxi_titles"] = [doc.char_span(0, 8, alignment_mode="expand")]
    doc = nlp.get_pipe("guanxi_organizations")(doc)
    assert list(doc.spans["guanxi_organizations"]) == []


@pytest.mark.parametrize(
    "text", ["市委" * 2000, "有限公司" * 1000, "甲乙、" * 3000 + "等企业", "（" * 3000 + "）" * 3000]
)
def test_degenerate_input_gives_bounded_names(text):
    # Chains are capped, so repeated bodies never grow one giant name (and the work stays linear).
    for m in find_organizations(text):
        assert m.end - m.start <= 40
        assert text[m.start : m.end] == m.text


def test_trade_word_short_names():
    assert solid("平谷区丰源牧业、马坊镇东店村，带动养殖户增收") == ["丰源牧业"]
    assert solid("山西三元煤业有限公司") == ["山西三元煤业有限公司"]


# -- issue #15: brackets, quotes, papers, sites, heads, conjunctions ---------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("青禾(厦门)科技有限公司昨日签约。", ["青禾(厦门)科技有限公司"]),
        ("青禾（厦门）科技有限公司昨日签约。", ["青禾（厦门）科技有限公司"]),
        ("上海青禾（集团）有限公司发布公告。", ["上海青禾（集团）有限公司"]),
        ("上海青禾(控股)有限公司发布公告。", ["上海青禾(控股)有限公司"]),
        # A note in brackets after the name is no part of it.
        ("青禾科技有限公司（以下简称青禾）签约。", ["青禾科技有限公司"]),
        ("青禾科技有限公司(简称青禾)签约。", ["青禾科技有限公司"]),
    ],
)
def test_place_or_group_in_brackets_belongs_to_a_company_name(text, expected):
    assert solid(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“青禾惠民”志愿服务队走进社区。", ["“青禾惠民”志愿服务队"]),
        ("平遥县“禾苗”服务队走进社区。", ["平遥县“禾苗”服务队"]),
        ("村里成立了“青禾”合作社。", ["“青禾”合作社"]),
        ("“和美乡村”工作室揭牌。", ["“和美乡村”工作室"]),
        # A quoted slogan before a word that is no body stays out.
        ("开展“青禾惠民”志愿服务活动。", []),
        ("“平安建设”领导小组召开会议。", []),
    ],
)
def test_quoted_brand_before_a_body_head_is_one_name(text, expected):
    assert solid(text) == expected


def test_paper_in_title_marks_is_a_media_body():
    found = by_text(find_organizations("据《青禾日报》报道，《平遥晚报》也刊发了评论。"))
    assert (found["青禾日报"].type, found["青禾日报"].optional) == ("media", False)
    assert (found["平遥晚报"].type, found["平遥晚报"].optional) == ("media", False)
    # A paper named inside a longer title is still part of a work's title.
    (m,) = find_organizations("学习《青禾日报社工作手册》。")
    assert (m.text, m.why) == ("青禾日报社", "document")


def test_news_site_and_correspondent_station():
    assert solid("青禾网讯（记者王某）日前，") == ["青禾网"]
    assert solid("据中国青禾网消息，") == ["中国青禾网"]
    assert solid("青禾日报驻平遥记者站揭牌。") == ["青禾日报驻平遥记者站"]
    # 网 of an ordinary word is no site.
    assert solid("通过互联网消息得知，在网上看到消息。") == []


@pytest.mark.parametrize(
    "text, expected, typ",
    [
        ("平遥县城管大队开展整治。", "平遥县城管大队", "government"),
        ("县公安局治安大队破获一案。", "县公安局治安大队", "police"),
        ("工商银行平遥支行开业。", "工商银行平遥支行", "company"),
        ("平遥县禾苗志愿服务队出发。", "平遥县禾苗志愿服务队", "other"),
        ("平遥县关心下一代工作委员会成立。", "平遥县关心下一代工作委员会", "government"),
    ],
)
def test_missing_heads(text, expected, typ):
    found = by_text(find_organizations(text))
    assert (found[expected].type, found[expected].optional) == (typ, False)


def test_bare_heads_name_no_body():
    assert solid("第三大队和全市各中队都到了，工作室里很安静。") == []


def test_conjunction_after_a_name_is_not_a_county():
    # 和县 is a county; after a name, 和 joins two names.
    assert solid("市妇联和县工商联联合举办", home=CHANGZHI) == ["县工商联", "市妇联"]
    assert solid("县委宣传部及县妇联参加") == ["县妇联", "县委宣传部"]
    # 和平区 is read whole: what follows 和 is no name by itself.
    assert solid("市妇联和平区妇联参加") == ["和平区妇联", "市妇联"]
    # At the start of a sentence 和县 is the county.
    assert solid("和县工商联召开会议。") == ["和县工商联"]
    assert solid("会上，和县工商联作了发言。") == ["和县工商联"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("市政协文化文史和学习委员会召开会议。", "市政协文化文史和学习委员会"),
        ("省政协社会和法制委员会召开会议。", "省政协社会和法制委员会"),
        ("平遥县城关镇城南社区居委会组织义诊。", "城关镇城南社区居委会"),
    ],
)
def test_nested_committees_and_residents_committees(text, expected):
    found = by_text(find_organizations(text))
    assert found[expected].optional is False
    # The conjunction inside a committee's name does not split two bodies.
    assert solid("市政协和县政协联合调研。") == ["县政协", "市政协"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # verbs of buying, announcing, founding and arriving end a name (national news)
        ("东方电子公司宣布收购北山通信公司。", ["东方电子公司", "北山通信公司"]),
        ("去年东方电子公司买下北山通信公司。", ["东方电子公司", "北山通信公司"]),
        ("村民自己创办青禾农机修理厂。", ["青禾农机修理厂"]),
        ("代表团抵达青禾机场时表示感谢。", ["青禾机场"]),
        # a count of bodies names none
        ("他任教的两所学校都在山区。", []),
        # 厂主, 厂商, 厂家 are people and trades, not a factory's head (浙江籍厂主)
        ("青禾板材厂的浙江籍厂主李某说，福建厂商也来了。", ["青禾板材厂"]),
    ],
)
def test_verbs_and_counts_end_a_name(text, names):
    from guanxi.extractors.orgs import find_organizations

    assert [m.text for m in find_organizations(text) if not m.optional] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # the word before the conjunction closes a name (公司) or a phrase (组织): two names, and the
        # second does not open with the conjunction
        ("东方电子公司和世界银行签订协议。", ["世界银行", "东方电子公司"]),
        ("各国际组织和世界银行派员出席。", ["世界银行"]),
    ],
)
def test_a_conjunction_after_a_whole_name_splits_two_names(text, names):
    assert solid(text) == names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # another country's bodies: its congress, its government, its ministries (national news)
        ("秘鲁国会昨天通过了这项法案。", "秘鲁国会"),
        ("会谈中，以色列政府表示欢迎。", "以色列政府"),
        ("巴西农业部发表声明说，今年大豆增产。", "巴西农业部"),
        ("挪威议会审议了预算。", "挪威议会"),
    ],
)
def test_bodies_of_other_countries(text, name):
    found = by_text(find_organizations(text))
    assert (found[name].canonical, found[name].optional) == (name, False)


def test_another_countrys_ministry_is_not_chinas():
    # 外交部 alone is China's ministry of the lexicon; after another country it is that country's
    found = by_text(find_organizations("印度外交部发表声明，外交部发言人随后回应。"))
    assert found["印度外交部"].canonical == "印度外交部"
    assert found["外交部"].canonical == "外交部"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a part of a country, a headquarters, a political situation: no ministry, no body
        ("美国西北部降雪。", []),
        ("会议在联合国总部举行。", ["联合国"]),
        ("俄罗斯政局动荡。", []),
        ("他到全国各部委调研。", []),
    ],
)
def test_country_words_that_name_no_body(text, names):
    assert solid(text) == names


def test_international_organizations_and_the_party_by_name():
    found = by_text(find_organizations("青禾代表团会见了世界卫生组织和欧盟的官员，北约东扩引起关注。"))
    assert found["世界卫生组织"].optional is False
    assert (found["欧盟"].canonical, found["北约"].canonical) == ("欧洲联盟", "北大西洋公约组织")
    assert solid("中国共产党成立以来，始终为人民谋幸福。") == ["中国共产党"]
    # only the front of a title: optional, as the lexicon's other bodies
    assert by_text(find_organizations("联合国秘书长呼吁各方保持克制。"))["联合国"].why == "title"
    # 北约 of 华北约有 ("about"), 中国共产党员 (a member): no body
    assert solid("华北约有三成农田受灾，他是中国共产党员。") == []


@pytest.mark.parametrize(
    ("text", "name", "typ"),
    [
        # radio stations, publishers and news agencies; sports teams
        ("东方省人民广播电台播出了这条消息。", "东方省人民广播电台", "media"),
        ("这本书由青禾出版社出版。", "青禾出版社", "media"),
        ("中国羽毛球队昨天抵达。", "中国羽毛球队", "other"),
    ],
)
def test_media_and_team_heads(text, name, typ):
    found = by_text(find_organizations(text))
    assert (found[name].type, found[name].optional) == (typ, False)
    # a radio set is no body: a station needs a place or level word before it
    assert solid("他每天收听电台节目。") == []


def test_teams_of_a_country_or_a_place():
    """A team named after the country or the place it plays for is an organization (national
    news); the place inside it is no place of its own. A level word alone names no team (市队)."""
    from guanxi.extractors.extract import extract

    ex = extract("山东队和阿根廷队在决赛中相遇，中国女队获得第三名，市队未能出线。", home="山西省/长治市")
    assert {o.name for o in ex.organizations} == {"山东队", "阿根廷队", "中国女队"}
    assert "阿根廷" not in {p.name for p in ex.places}


def test_companies_schools_and_hospitals_need_a_name():
    """A company, school or hospital head after everyday words only is a kind of body, not a named
    one (generic nouns stay out); a place, a level word, a brand jieba does not know, a number or
    a word jieba tags as a name makes it one."""
    assert solid("他在一家保险公司上班，后来开了个编织袋厂，又办起农民业余学校。") == []
    assert solid("不少上门推销的电脑公司并不可靠。") == []
    named = "青禾保险公司、县农机公司、东方市第二人民医院、红旗机械厂、新华书店和国防科技大学都来了。"
    assert {"青禾保险公司", "县农机公司", "东方市第二人民医院", "红旗机械厂", "国防科技大学"} <= set(solid(named))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a count before the name: digits and a classifier or a year, 几/数 and a classifier
        ("全省有12家青禾电子公司的门店。", ["青禾电子公司"]),
        ("2019年东方机械厂扩建了车间。", ["东方机械厂"]),
        ("几家青禾农机公司联合成立了协会。", ["青禾农机公司"]),
        # a verb or an adverb of going, relying or running glued before a head
        ("他刚出医院就回到了岗位。", []),
        ("办事可以直接去东方银行。", ["东方银行"]),
        ("他们靠拿银行利息生活。", []),
        ("村民集资办小学。", []),
        # 该国/本国/我国 is the country, not a part of the next name
        ("警方查获了该国青禾集团的账本。", ["青禾集团"]),
        # 民办, 公办 stay inside a school's name
        ("青禾民办学校今年招生。", ["青禾民办学校"]),
    ],
)
def test_counts_verbs_and_deictic_countries_end_a_name(text, names):
    assert solid(text) == names


def test_a_transliterated_name_keeps_its_middle_dot():
    """A body named after a transliterated person runs over the middle dot (as printed: ·, •, ・);
    a dot right after a stop word opens no name."""
    assert solid("学者们聚集在约翰·青禾大学讨论。") == ["约翰·青禾大学"]
    assert solid("他说，彼得•东方公司是老牌企业。") == ["彼得•东方公司"]
    assert solid("他说·青禾公司") == ["青禾公司"]


def test_parties_abroad_and_the_duma():
    """A party's usual name counts alone or after its country; 党 opening another word (党派, 党员,
    党支部) makes no party; the Duma is a parliament after its country."""
    found = solid("自由党和保守党在选举中联手，国家杜马随后表决。")
    assert {"自由党", "保守党", "国家杜马"} <= set(found)
    assert solid("以色列工党领袖发表讲话。") == ["以色列工党"]
    assert solid("各民主党派人士和机关职工党支部的共产党员参加。") == []


def test_media_in_title_marks():
    """A paper or a magazine in title marks is a media body, by its head or by what it does; a
    document, a bulletin or a chronicle in title marks is none."""
    text = "据《青禾早知道》报道，《东方公民报》与《青禾周刊》都刊登了《情况通报》，大家学习《青禾县志》。"
    found = [m for m in find_organizations(text) if not m.optional]
    assert [(m.text, m.type) for m in found] == [
        ("青禾早知道", "media"),
        ("东方公民报", "media"),
        ("青禾周刊", "media"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # an agency (署) after the body it belongs to; 部署 and 签署 are verbs
        ("联合国青禾规划署和国家青禾出版署发布报告。", ["国家青禾出版署", "联合国青禾规划署"]),
        ("市委部署了工作，双方签署协议。", ["市委"]),
        # 原 before a name is "former", also in a list; not where it opens a place (原平市)
        ("原青禾机械厂的职工和原平市政府的干部。", ["原平市政府", "青禾机械厂"]),
        ("最高人民法院、原青禾贸易部等单位参加。", ["青禾贸易部", "最高人民法院"]),
        # troupes after a place, a level word or their body
        ("市晋剧团和东方电视台青禾艺术团同台演出。", ["东方电视台青禾艺术团", "市晋剧团"]),
        ("市里的民间艺术团体很多。", []),
        # the Youth League's committee of a named city
        ("共青团东方市委召开会议。", ["共青团东方市委"]),
    ],
)
def test_agencies_former_names_troupes_and_league_committees(text, names):
    assert sorted(solid(text)) == sorted(names)


def test_clubs_travel_agencies_and_service_cooperatives():
    """Clubs and travel agencies are companies (a brand before them, not everyday words only); a
    service cooperative needs its place."""
    assert sorted(solid("记者采访了青禾体育俱乐部和东方旅行社。")) == ["东方旅行社", "青禾体育俱乐部"]
    assert solid("退休后他常去老年人俱乐部，还报名了旅行社组织的活动。") == []
    assert solid("东方市家庭服务社的职工") == ["东方市家庭服务社"]


def test_a_national_legislature_named_alone():
    """国会, 参议院 and 众议院 alone are the legislature of the country the text is about; a member,
    the hill or the building is no body, and a bare 议会 is not read."""
    assert sorted(solid("国会通过了预算，参议院和众议院随后休会。")) == ["众议院", "参议院", "国会"]
    assert solid("国会议员在国会大厦前合影，游客参观国会山。") == []
    assert solid("议会两院一直在讨论。") == []


def test_whom_a_body_serves_after_a_place_or_level_word():
    """企业, 干部, 职工, 人员 end a name before them after other words (…的工作人员), but right after a
    place or a level word they are part of the name (市职工医院, 中国企业联合会)."""
    text = "中国企业联合会、县干部学校、东方市职工服务中心和市职工医院的工作人员到市医院。"
    assert sorted(solid(text)) == sorted(["中国企业联合会", "县干部学校", "东方市职工服务中心", "市职工医院", "市医院"])
