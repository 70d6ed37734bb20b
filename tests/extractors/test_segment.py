"""Segmentation of pages and records into articles: gold scores on the seeds, layout rules, and
the property that no character of a page is lost."""

from __future__ import annotations

from guanxi.extractors.evaluate import score
from guanxi.extractors.normalize import is_traditional, normalize_char
from guanxi.extractors.segment import KINDS, segment
from hypothesis import given, settings
from hypothesis import strategies as st

from guanxi.model import Page


def _seg_page(text: str, name: str = "p.txt"):
    return segment(Page(name.rsplit(".", 1)[0], name, text))


def _titles_and_kinds(text: str) -> list[tuple[str | None, str]]:
    return [(a.title, a.kind) for a in _seg_page(text).articles]


def _record(text: str, **meta):
    return segment(Page("r1", "r.jsonl", text, line=1, meta=tuple(sorted(meta.items()))))


def _gold_view(seg):
    return [
        {"title": a.title, "kind": a.kind, "date": a.date, "reporters": [r.name for r in a.reporters]}
        for a in seg.articles
    ]


# --------------------------------------------------------------------------- seeds against gold


def test_seed_scores_meet_thresholds(seed_paths, gold):
    """Scored with guanxi.extractors.evaluate.score (same definitions as the reference scorer)."""
    pred = {}
    for path in seed_paths:
        seg = segment(Page(path.stem, str(path), path.read_text(encoding="utf-8")))
        pred[path.stem] = {"file": path.name, "articles": _gold_view(seg)}
    rows = score(gold, pred)
    assert rows["articles"][2] >= 0.95
    assert rows["reporters"][2] >= 0.95
    assert rows["article_date_acc"][0] >= 0.95


def test_seed_articles_in_order_with_kinds(seed_paths, gold):
    for path in seed_paths:
        seg = segment(Page(path.stem, str(path), path.read_text(encoding="utf-8")))
        titled = [a.title for a in seg.articles if a.title]
        assert titled == [a["title"] for a in gold[path.stem]["articles"] if a["title"]]
        assert all(a.kind in KINDS for a in seg.articles)
        assert [a.ordinal for a in seg.articles] == list(range(len(seg.articles)))


# --------------------------------------------------------------------------- layout rules

NEWS = (
    "本报讯 记者张三 通讯员李四报道：3月18日，市委组织部召开会议，研究部署相关工作。市委常委王五主持并讲话。"
)


def test_headline_kicker_subtitle_dateline():
    seg = _seg_page(f"\n\n## 时政动态\n\n## 市委组织部召开会议\n\n王五主持并讲话\n\n{NEWS}\n")
    (a,) = seg.articles
    assert (a.kicker, a.title, a.subtitle, a.kind) == (
        "时政动态",
        "市委组织部召开会议",
        "王五主持并讲话",
        "news",
    )
    assert [(r.name, r.role) for r in a.reporters] == [("张三", "记者"), ("李四", "通讯员")]
    assert a.date == "--03-18"  # no year anywhere on the page: left unknown


def test_glued_leader_subtitle_is_cut_off():
    seg = _seg_page(f"省人大常委会调研组在我市开展立法调研于川参加\n\n{NEWS}\n\n2025年3月20日")
    assert seg.articles[0].title == "省人大常委会调研组在我市开展立法调研"
    assert seg.articles[0].subtitle == "于川参加"
    assert seg.articles[0].date == "2025-03-18"  # the year from the page's date line


def test_two_line_headline_joined_with_one_space():
    seg = _seg_page(f"持续为基层减负赋能\n切实提升基层治理水平\n\n杨六深入沁县调研\n\n{NEWS}")
    assert seg.articles[0].title == "持续为基层减负赋能 切实提升基层治理水平"
    assert seg.articles[0].subtitle == "杨六深入沁县调研"


def test_slogan_kicker_over_factual_headline():
    seg = _seg_page(f"搭建交流平台 丰富百姓文化生活\n\n2024年全市戏曲票友大赛举办\n\n{NEWS}")
    assert (seg.articles[0].kicker, seg.articles[0].title) == (
        "搭建交流平台 丰富百姓文化生活",
        "2024年全市戏曲票友大赛举办",
    )


def test_wrap_damage_is_repaired_in_clean_text_only():
    body = "活动中，北京航空航天大学、北京化工大\n\n学、北京科技大学负责人分别就科技成果转化模式进行资源推介，反响热烈。"
    text = f"长治高新区企业走进北京高校\n\n本报讯 3月13日，活动举行。\n\n{body}\n\n(郝七)"
    seg = _seg_page(text)
    (a,) = seg.articles
    assert "北京化工大学、北京科技大学" in a.text
    assert "北京化工大\n\n学" in text[a.start : a.end]  # the page itself is untouched
    i = a.text.index("学、北京科技")
    assert text[a.page_offset(i)] == "学"
    assert [r.name for r in a.reporters] == ["郝七"]


def test_photo_caption_continuation_notice_and_feature():
    text = (
        f"某某会议召开\n\n{NEWS}\n\n\n\n"
        "12月5日，社区举办志愿服务集市活动。\n\n↑普及急救知识。\n\n本报记者 石八 摄\n\n"
        "(上接第一版)\n\n会议强调，要认真落实各项工作。\n\n"
        "某某同志逝世\n\n某某同志于2024年12月3日病故，享年96岁。\n\n2024年12月6日\n\n"
        "□ 本报记者 赵九\n\n“太感谢你了！”日前，老人感激地说。\n\n社区为老人提供服务。\n\n·钱十·"
    )
    arts = _seg_page(text).articles
    assert [a.kind for a in arts] == ["news", "photo", "continuation", "notice", "feature"]
    photo, cont, notice, feature = arts[1:]
    assert (photo.title, photo.date, [r.name for r in photo.reporters]) == (None, "2024-12-05", ["石八"])
    assert (cont.title, cont.date) == (None, None)
    assert (notice.title, notice.date) == ("某某同志逝世", "2024-12-03")
    assert [r.name for r in feature.reporters] == ["赵九", "钱十"]
    assert feature.date is None  # 日前: no day


def test_commentary_title_after_pen_name():
    text = f"某某会议召开\n\n{NEWS}\n\n## 新闻时评\n\n好的营商环境是发展的先手棋。\n\n要以实招破难题。\n\n桑梓\n\n服务靠前一步，发展就快一步\n\n\n\n"
    arts = _seg_page(text).articles
    c = arts[1]
    assert (c.kind, c.kicker, c.title, [r.name for r in c.reporters]) == (
        "commentary",
        "新闻时评",
        "服务靠前一步，发展就快一步",
        ["桑梓"],
    )
    assert c.date is None


def test_section_heads_stay_inside_a_feature():
    text = (
        "上党区聚焦民生提升群众幸福指数\n\n近年来，上党区聚焦群众最关心的问题，一桩桩办。\n\n"
        "构建养老新体系 守护最美夕阳红\n\n春节临近，老人们正在排练节目，气氛热烈。\n\n"
        "提技能建市场 促进就业惠民生\n\n技能是就业的根本，上党区大力开展培训。\n\n·白十一·"
    )
    (a,) = _seg_page(text).articles
    assert (a.title, a.kind, [r.name for r in a.reporters]) == (
        "上党区聚焦民生提升群众幸福指数",
        "feature",
        ["白十一"],
    )


def test_interview():
    text = "吹响文艺号角 凝聚奋进力量\n\n□ 本报记者 梁十二\n\n**记者：**请问有哪些举措？\n\n**李某：**我们将举办音乐会。\n\n**记者：**如何培养人才？\n\n**李某：**搭建平台。"
    (a,) = _seg_page(text).articles
    assert a.kind == "interview" and "**" not in a.text and "记者：请问" in a.text


# --------------------------------------------------------------------------- JSONL records


def test_record_first_line_headline_and_header_date():
    text = "县九届人大常委会第七次会议召开\n张三列席并讲话\n\n来源:某日报   发布时间:2024年11月19日\n\n  11月15日,会议召开。"
    (a,) = _record(text).articles
    assert (a.title, a.subtitle, a.kind, a.date) == (
        "县九届人大常委会第七次会议召开",
        "张三列席并讲话",
        "news",
        "2024-11-15",
    )


def test_record_without_headline_and_year_from_url():
    (a,) = _record("5月26日下午，大会闭幕。会议选举了市长。", url="http://x.cn/2019/0527/1.html").articles
    assert (a.title, a.date) == (None, "2019-05-26")
    (b,) = _record("5月26日下午，大会闭幕。会议选举了市长。").articles
    assert b.date == "--05-26"


def test_record_title_field_and_original_title_line():
    (a,) = _record("正文第一段，内容很长很长。", title="给定标题").articles
    assert a.title == "给定标题"
    (b,) = _record(
        "原标题:某州考察团来我市考察\n柴某等一同考察\n本报讯(记者 吴某某)6月25日,考察团来我市考察。"
    ).articles
    assert (b.title, b.subtitle, [r.name for r in b.reporters]) == (
        "某州考察团来我市考察",
        "柴某等一同考察",
        ["吴某某"],
    )


def test_record_captions_stay_in_the_article():
    text = "某某会议胜利闭幕\n\n  2月17日上午,会议闭幕。 本报记者孙某某 摄\n\n  本报讯(记者周某某)会议于2月17日上午闭幕。"
    (a,) = _record(text, url="https://x.cn/20190218/a.html").articles
    assert [r.name for r in a.reporters] == ["孙某某", "周某某"]
    assert a.date == "2019-02-17"


def test_record_relative_day_needs_printed_date():
    (a,) = _record(
        "某馆新馆正式开馆\n\n2014年07月21日 07:14 来源: 某日报\n\n  上周五上午,新馆正式开馆。"
    ).articles
    assert a.date == "2014-07-18"
    (b,) = _record("昨天上午,某市举行签约仪式。", url="http://x.cn/t20200227_1.shtml").articles
    assert b.date is None


# --------------------------------------------------------------------------- no text is lost

_LINES = [
    "## 时政动态",
    "SHIZHENG DONGTAI",
    "市委组织部召开理论学习中心组会议",
    "杨保春主持并讲话",
    "持续为基层减负赋能",
    NEWS,
    "本报讯 3月13日至14日，活动在北京举办。",
    "□ 本报记者 梁家秀",
    "本报记者 牛红岩 摄",
    "·宋佳佳·",
    "(郝惠铭)",
    "桑梓",
    "(上接第一版)",
    "（上接第一版）要强化要素保障。",
    "——市文联主席谈发展",
    "我市“宪法周”活动精彩纷呈——",
    "活动中，北京航空航天大学、北京化工大",
    "学、北京科技大学负责人进行推介。",
    "1月24日，社区开展慰问活动。 本报记者 姚晋华摄",
    "某某同志逝世",
    "2024年12月6日",
    "来源:某日报 发布时间:2024-11-19",
    "原标题:某某会议召开",
    "**记者：**请问？",
    "ＡＢＣ１２３全角",
    "\u3000\u3000缩进的段落。",
    "零宽\u200b字符",
    "↑普及急救知识。",
    "……",
    " ",
    "",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_LINES), st.sampled_from(["\n", "\n\n", "\n\n\n\n", " \n"])), max_size=25
    ),
    st.booleans(),
)
def test_every_character_belongs_to_one_article_or_gap(parts, as_record):
    text = "".join(line + sep for line, sep in parts)
    page = Page("p", "p.jsonl" if as_record else "p.txt", text, line=1 if as_record else None)
    seg = segment(page)
    spans = sorted([(a.start, a.end, "article") for a in seg.articles] + [(s, e, w) for s, e, w in seg.gaps])
    pos = 0
    for s, e, _ in spans:
        assert s == pos and e > s
        pos = e
    assert pos == len(text)
    for s, e, why in seg.gaps:
        assert why == "blank" and not text[s:e].strip()
    for a in seg.articles:
        assert a.kind in KINDS
        mapped = set()
        for i, ch in enumerate(a.text):
            j = a.page_offset(i)
            assert a.start <= j < a.end
            assert normalize_char(text[j]) == ch
            mapped.add(j)
        # what the clean text leaves out is layout only: whitespace, markdown marks, zero-width
        for j in range(a.start, a.end):
            if j not in mapped:
                assert text[j] in " \t\r\n#*\u3000\u200b\ufeff"


# --------------------------------------------------------------------------- how the page arrives

_CLEAN_PAGE = (
    "## 全区防汛工作会商会召开\n\n晏鸿飞出席并讲话\n\n"
    "本报讯 记者卜青报道：6月3日，全区防汛工作会商会召开。区委常委、常务副区长晏鸿飞出席会议并讲话，"
    "要求各部门压实责任，做好汛期值班值守工作。\n\n"
    "会议由区政府副区长庞雅琴主持。各乡镇、区直有关部门负责人参加会议，并就下一步工作作了交流发言。\n\n"
    "## 青禾区举办农民丰收节系列活动\n\n"
    "本报讯 记者宁远报道：9月23日，青禾区农民丰收节系列活动在杏林镇开幕。活动设置农产品展销、"
    "农事体验、文艺演出等环节，吸引了周边群众前来参与。\n\n"
    "（本报记者 卜青 宁远）\n"
)


def _view(seg):
    return [(a.title, a.kind, [r.name for r in a.reporters], a.text) for a in seg.articles]


def test_a_hard_wrapped_page_gives_the_articles_of_the_clean_page():
    wrapped = "\n".join(
        "\n".join(line[i : i + 22] for i in range(0, len(line), 22)) for line in _CLEAN_PAGE.split("\n")
    )
    assert wrapped.count("\n") >= _CLEAN_PAGE.count("\n") + 8
    clean, seg = _seg_page(_CLEAN_PAGE), _seg_page(wrapped)
    assert _view(seg) == _view(clean)
    assert len(seg.articles) == 2
    for a in seg.articles:
        for i, ch in enumerate(a.text):
            assert normalize_char(wrapped[a.page_offset(i)]) == ch


def test_a_traditional_page_is_read_in_simplified_at_the_same_offsets():
    import opencc

    trad = opencc.OpenCC("s2t").convert(_CLEAN_PAGE)
    assert trad != _CLEAN_PAGE and len(trad) == len(_CLEAN_PAGE)
    clean, seg = _seg_page(_CLEAN_PAGE), _seg_page(trad)
    assert _view(seg) == _view(clean)
    assert [(a.start, a.end, a.offsets) for a in seg.articles] == [
        (a.start, a.end, a.offsets) for a in clean.articles
    ]


def test_wide_usual_paragraph_gaps_do_not_cut_the_article():
    # Scraped web text: every paragraph three lines apart (blank, a line of spaces, blank).
    gap = "\n\n \n\n"
    text = gap.join(
        [
            "某某县文化馆举办书法展",
            "本月初，某某县文化馆举办迎新春书法展。",
            "县委副书记王立东，县人大常委会副主任陈晓兰等出席。",
            "王立东表示，书法展将持续半个月。",
            "据了解，展出作品共一百二十幅。",
        ]
    )
    arts = _seg_page(text).articles
    assert [a.title for a in arts] == ["某某县文化馆举办书法展"]
    assert "展出作品" in arts[0].text


def test_inline_photo_caption_keeps_the_text_after_it_in_the_article():
    text = (
        "某某县举办农民运动会\n\n"
        "5月6日上午，某某县第三届农民运动会在县体育场开幕。县委书记赵建平出席。\n\n"
        "拔河比赛中。记者 钱某 摄\n\n"
        "县长孙立华为获奖选手颁奖，副县长周海云致辞。"
    )
    arts = _seg_page(text).articles
    assert len(arts) == 1
    assert "孙立华为获奖选手颁奖" in arts[0].text
    assert [r.name for r in arts[0].reporters] == ["钱某"]


SCRAPED_BODY = "3月5日，某某县召开乡村振兴工作推进会。县委书记王立东出席并讲话。\n会议强调，要扎实推进各项工作。"


def _titles_both_ways(text: str) -> set[tuple[str | None, str | None]]:
    """(title, subtitle) of the first article, read as a record and as a page."""
    return {
        (seg.articles[0].title, seg.articles[0].subtitle) for seg in (_record(text), _seg_page(text))
    }


def test_scraped_header_lines_are_no_title():
    title = "某某县召开乡村振兴工作推进会"
    # the paper's name, or the date and page, above or below the headline: metadata
    for head in (
        f"{title}\n江城日报\n",
        f"江城晚报\n第A02版：要闻\n{title}\n",
        f"江城日报\n2024年03月06日 第02版\n{title}\n",
    ):
        assert _titles_both_ways(head + SCRAPED_BODY) == {(title, None)}
    # a leader subtitle, also with spaces between names and verb, stays a subtitle
    text = f"{title}\n王立东 陈晓兰 出席\n江城日报\n" + SCRAPED_BODY
    assert _titles_both_ways(text) == {(title, "王立东 陈晓兰 出席")}
    # a quotation under the headline is a subtitle, above it a kicker
    text = f"{title}\n“要把产业发展放在首位”\n" + SCRAPED_BODY
    assert _titles_both_ways(text) == {(title, "“要把产业发展放在首位”")}


def test_a_quotation_printed_as_the_only_headline_is_the_title():
    text = "“把群众的事当成自己的事”\n——记某某村党支部书记赵大勇\n江城日报\n" + SCRAPED_BODY
    assert _titles_both_ways(text) == {("“把群众的事当成自己的事”", "——记某某村党支部书记赵大勇")}


def test_original_title_line_above_a_leader_subtitle_on_a_page():
    text = "原标题:某某县代表团赴外地学习交流\n王立东等陪同\n本报讯(记者 钱某)9月3日，某某县代表团赴外地学习交流。"
    (a,) = _seg_page(text).articles
    assert (a.title, a.subtitle) == ("某某县代表团赴外地学习交流", "王立东等陪同")


def test_a_byline_naming_its_paper_is_no_title():
    text = "某某县召开乡村振兴工作推进会\n江城日报记者 张立华\n" + SCRAPED_BODY
    assert _titles_both_ways(text) == {("某某县召开乡村振兴工作推进会", None)}
    for seg in (_record(text), _seg_page(text)):
        assert [r.name for r in seg.articles[0].reporters] == ["张立华"]


LEAD = "本报讯（记者 孟凡）4月7日，全县春季农业生产工作推进会召开。县委书记王海涛出席并讲话，县长刘振宇主持。"


def test_a_headline_led_by_a_place_or_a_body_and_a_colon_is_no_speaker_turn():
    text = (
        f"春耕工作推进会召开\n{LEAD}\n各乡镇设分会场。\n\n"
        "东关镇：智慧农机助力春耕\n本报通讯员 田野 记者 宋佳\n"
        "连日来，在东关镇的万亩良田里，一台台无人驾驶拖拉机来回穿梭，种粮大户们忙着播种。\n\n"
        "县农业农村局：农技服务送到田间\n本报记者 宋佳\n"
        "近日，县农业农村局组织农技人员深入田间地头，为农户提供技术指导和春耕物资保障服务。\n"
    )
    seg = _seg_page(text)
    titles = [a.title for a in seg.articles]
    assert titles == ["春耕工作推进会召开", "东关镇：智慧农机助力春耕", "县农业农村局：农技服务送到田间"]
    # a speaker's turn in an interview stays body text
    seg = _seg_page(f"春耕访谈\n{LEAD}\n记者：今年春播进度如何？\n王海涛：比去年提前了一周。\n")
    assert [a.title for a in seg.articles] == ["春耕访谈"]


def test_a_clause_line_wrapped_after_the_lead_is_no_headline():
    text = (
        f"春耕工作推进会召开\n{LEAD}\n"
        "王海涛强调，要压紧压实粮食安全责任，抓好春耕春播各项工作，确保全年粮食\n"
        "生产目标任务圆满完成。\n刘振宇要求，各乡镇要迅速行动，狠抓落实。\n"
    )
    seg = _seg_page(text)
    assert [a.title for a in seg.articles] == ["春耕工作推进会召开"]
    assert seg.articles[0].text.rstrip().endswith("狠抓落实。")


def test_each_item_of_a_column_of_briefs_is_a_report_of_its_own():
    text = (
        f"春耕工作推进会召开\n{LEAD}\n\n简讯\n\n"
        "　　●4月8日，县税务局召开全县税收工作会议。县税务局局长马向东出席并讲话。\n"
        "　　●近日，县人民医院与青禾职业学院签订合作协议。院长钱明、校长郑华分别代表双方签约。\n"
        "　　●4月7日，县总工会举办职工技能大赛，共有200余名职工参赛。（记者 王强）\n"
    )
    seg = _seg_page(text)
    assert len(seg.articles) == 4
    assert [a.date for a in seg.articles[1:]] == ["--04-08", None, "--04-07"]
    assert [r.name for r in seg.articles[3].reporters] == ["王强"]
    # a bulleted list of measures inside an article stays in it
    text = f"春耕工作推进会召开\n{LEAD}\n　　●加强农资供应保障，确保农时不误。\n　　●强化技术指导服务，提高播种质量。\n"
    assert len(_seg_page(text).articles) == 1


def test_a_column_word_over_an_interview_is_a_kicker_not_a_signature():
    text = (
        f"县委召开常委会会议\n{LEAD}\n\n"
        "▲4月2日，县委书记王海涛（左二）在经济开发区调研企业生产情况。 记者 赵刚 摄\n\n"
        "专访\n让文化惠民走深走实\n——访县文化和旅游局局长黄欣\n本报记者 李娜\n"
        "记者：今年全县文化惠民工作有哪些亮点？\n黄欣：我们今年重点实施了三项工程，效果很好。\n"
    )
    seg = _seg_page(text)
    names = {r.name for a in seg.articles for r in a.reporters}
    assert "专访" not in names and {"赵刚", "李娜"} <= names
    assert seg.articles[-1].title == "让文化惠民走深走实"
    assert seg.articles[-1].kicker == "专访"


def test_a_sign_off_at_the_end_closes_its_article():
    """(记者 X) ending the last paragraph, 文/图 X and 本报记者 X 通讯员 Y on their own line after
    the text sign the article above; the headline after them opens the next one."""
    text = (
        "东岭县开展春季义诊活动\n\n"
        "4月6日，东岭县中医院组织专家到石门乡开展义诊，为群众免费测量血压。\n"
        "院长晏国栋表示，将常态化开展送医下乡活动。（记者 尚文博）\n\n"
        "石门乡的早春\n\n"
        "走进石门乡，满眼新绿。村民们在田间忙碌，脸上洋溢着笑容。\n"
        "村党支部书记滕志军说，今年村里又新建了两个大棚。\n"
        "文/图 祁晓岚\n\n"
        "梨园村里话振兴\n\n"
        "梨园村党支部书记卓立平带领村民发展特色种植，全村人均收入大幅增长。\n"
        "本报记者 柏雨 通讯员 尹航\n"
    )
    seg = _seg_page(text)
    assert [a.title for a in seg.articles] == ["东岭县开展春季义诊活动", "石门乡的早春", "梨园村里话振兴"]
    assert [[r.name for r in a.reporters] for a in seg.articles] == [["尚文博"], ["祁晓岚"], ["柏雨", "尹航"]]
    assert seg.articles[1].kicker is None


def test_a_commentators_byline_is_no_title_and_a_boxed_name_is_a_byline():
    text = (
        "以实干担当推动项目落地\n本报评论员\n\n"
        "项目是经济发展的压舱石。各级各部门要拿出真招实招，以项目建设的新成效推动发展。\n\n"
        "抓落实要有钉钉子精神\n□ 苗一平\n"
        "做好今年各项工作，关键在抓落实。抓落实，就要有钉钉子精神。\n"
    )
    seg = _seg_page(text)
    assert [(a.title, a.kicker, a.kind) for a in seg.articles] == [
        ("以实干担当推动项目落地", None, "commentary"),
        ("抓落实要有钉钉子精神", None, "feature"),
    ]
    assert [[r.name for r in a.reporters] for a in seg.articles] == [[], ["苗一平"]]


def test_briefs_under_a_column_head_and_with_a_bracketed_headline():
    text = (
        f"春耕工作推进会召开\n{LEAD}\n\n"
        "◆4月5日，石门乡开展防溺水安全宣传活动。\n\n短讯\n\n"
        "本报讯 4月7日，市科协组织专家到东岭县开展科普下乡活动。（通讯员 孔雪）\n\n"
        "【东岭县启动护苗行动】4月7日，东岭县启动护苗专项行动，县委常委、宣传部部长宋佳出席。\n\n"
        "【东岭县石门乡】近日，石门乡组织志愿者走进社区开展服务活动。\n"
    )
    seg = _seg_page(text)
    names = {r.name for a in seg.articles for r in a.reporters}
    assert "短讯" not in names
    assert [(a.title, a.date) for a in seg.articles[1:]] == [
        (None, "--04-05"),
        (None, "--04-07"),
        ("东岭县启动护苗行动", "--04-07"),
        (None, None),
    ]
    assert seg.articles[2].kicker == "短讯"


def test_notices_of_an_office_are_notices_each_its_own_article():
    text = (
        "市管干部任前公示\n\n"
        "根据干部选拔任用有关规定，经市委研究，拟提拔以下同志担任市管领导职务，现予以公示。\n\n"
        "姓名：卓立新\n现任职务：东岭县委常委、组织部部长\n拟任职务：东岭县委副书记\n\n"
        "中共某某市委组织部\n2025年4月7日\n\n"
        "东岭县人民政府任免名单\n\n"
        "任命苗立华为东岭县教育局局长；\n免去何文斌的东岭县教育局局长职务。\n\n"
        "关于开展燃气安全检查的公告\n\n"
        "为保障群众生命财产安全，定于4月10日至30日开展燃气安全检查，请广大用户予以配合。\n"
    )
    assert _titles_and_kinds(text) == [
        ("市管干部任前公示", "notice"),
        ("东岭县人民政府任免名单", "notice"),
        ("关于开展燃气安全检查的公告", "notice"),
    ]


def test_a_front_page_box_of_teasers_is_one_piece_and_no_headline():
    text = (
        f"春耕工作推进会召开\n{LEAD}\n\n要闻提示\n\n"
        "●市政府常务会议研究部署春耕生产工作　2版\n●东岭县：小杂粮做成大产业　3版\n"
        "●春季植树造林全面展开（详见第四版）\n\n"
        "我市召开春季森林防火工作会议\n\n"
        "本报讯（记者 周红）4月7日，全市春季森林防火工作会议召开。副市长钱卫东出席会议并讲话。\n"
    )
    seg = _seg_page(text)
    assert [(a.title, a.kicker) for a in seg.articles] == [
        ("春耕工作推进会召开", None),
        (None, "要闻提示"),
        ("我市召开春季森林防火工作会议", None),
    ]
    assert "3版" in seg.articles[1].text and [r.name for r in seg.articles[2].reporters] == ["周红"]


def test_photo_captions_with_a_bullet_and_a_bracketed_credit_are_photos():
    text = (
        "春到田间农事忙\n\n"
        "▲4月6日，东岭县石门乡农民在田间管理小麦。本报记者 蓝天 摄\n\n"
        "4月5日，参加植树活动的志愿者合影留念。（通讯员 卓小峰 摄）\n\n"
        f"春耕工作推进会召开\n{LEAD}\n"
    )
    seg = _seg_page(text)
    assert [(a.title, a.kind, a.date) for a in seg.articles] == [
        ("春到田间农事忙", "photo", "--04-06"),
        (None, "photo", "--04-05"),
        ("春耕工作推进会召开", "news", "--04-07"),
    ]
    assert [[(r.name, r.role) for r in a.reporters] for a in seg.articles[:2]] == [
        [("蓝天", "记者")],
        [("卓小峰", "通讯员")],
    ]


def _wrap(text: str, width: int = 22) -> str:
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def test_a_headline_the_pdf_cut_over_two_lines_is_one_title():
    first = "本报讯（记者 蓝天）4月7日，全市安全生产工作会议召开。副市长钱卫东出席并讲话。会议要求，各级各部门要压紧压实安全生产责任。"
    second = "本报讯（通讯员 蒋莉）4月6日，东岭县召开乡村振兴工作推进会。县委书记沈德明出席会议并讲话，县长韩立军主持会议。"
    third = "本报讯 4月5日，石门乡召开春季森林防火工作会议，乡党委书记冯丽华要求各村落实巡山护林责任。"
    text = (
        f"我市召开全市安全生产工作会议\n{_wrap(first)}\n"
        f"东岭县召开乡村振兴\n工作推进会\n{_wrap(second)}\n"
        f"石门乡召开春季森林防火的\n专题会议\n{_wrap(third)}\n"
    )
    seg = _seg_page(text)
    assert [(a.title, a.kicker) for a in seg.articles] == [
        ("我市召开全市安全生产工作会议", None),
        ("东岭县召开乡村振兴工作推进会", None),
        ("石门乡召开春季森林防火的专题会议", None),
    ]
    # a kicker over a title stays a kicker
    seg = _seg_page(f"凝心聚力谋发展\n市委理论学习中心组举行集体学习\n{_wrap(first)}\n")
    assert (seg.articles[0].kicker, seg.articles[0].title) == ("凝心聚力谋发展", "市委理论学习中心组举行集体学习")


def test_on_a_page_that_runs_its_paragraphs_on_a_blank_line_ends_a_story():
    feature = (
        "走进东岭县石门乡梨园村，一排排温室大棚整齐排列。村党支部书记卓立平正带着村民查看西红柿长势。"
        "近年来，梨园村依托合作社发展设施农业，带动全村二百多户群众增收致富。"
    )
    report = "4月5日，石门乡组织志愿者开展河道清理活动，共清理垃圾两吨余。乡党委书记冯丽华带头参加劳动。（通讯员 尹航）"
    text = f"大棚里的致富经\n□ 本报记者 柏雨\n{_wrap(feature, 24)}\n\n石门乡开展河道清理\n{_wrap(report, 24)}\n"
    seg = _seg_page(text)
    assert [(a.title, [r.name for r in a.reporters]) for a in seg.articles] == [
        ("大棚里的致富经", ["柏雨"]),
        ("石门乡开展河道清理", ["尹航"]),
    ]


def test_a_story_in_traditional_script_on_a_simplified_page_is_read_simplified():
    text = (
        f"春耕工作推进会召开\n{LEAD}\n县委副书记赵文明要求各乡镇抓好春耕备耕，确保粮食生产任务圆满完成。\n"
        "会议指出，各乡镇要压实责任，加强农资供应保障和技术指导服务，确保农时不误、播种质量不降。\n"
        "会议强调，要统筹抓好防灾减灾、农田水利建设和高标准农田建设，为全年粮食丰收打下坚实基础。\n\n"
        "市政府召開常務會議\n\n本報訊（記者 陳曉）4月7日，市長王建軍主持召開市政府常務會議。副市長錢衛東參加會議。\n\n"
        "石门乡开展河道清理活动\n\n本报讯（通讯员 尹航）4月5日，石门乡组织志愿者开展河道清理活动，共清理垃圾两吨余。"
        "乡党委书记冯丽华带头参加劳动，并要求各村建立河道保洁长效机制，确保河道常年干净整洁。\n"
    )
    assert not is_traditional(text)  # the page as a whole is simplified
    seg = _seg_page(text)
    assert [(a.title, a.kind, [r.name for r in a.reporters]) for a in seg.articles] == [
        ("春耕工作推进会召开", "news", ["孟凡"]),
        ("市政府召开常务会议", "news", ["陈晓"]),
        ("石门乡开展河道清理活动", "news", ["尹航"]),
    ]


def test_a_table_row_and_a_bracketed_note_are_no_headlines():
    text = (
        "市管领导干部任前公示\n\n经市委研究，拟任用以下同志，现予以公示。\n\n"
        "姓名\t性别\t出生年月\t现任职务\t拟任职务\n卓立新\t男\t1978.05\t东岭县委常委\t东岭县委副书记\n"
        "苗晓燕  女  1980.11  市财政局副局长  市财政局局长\n\n"
        "公示期间，如对公示对象有异议，请向市委组织部反映。\n\n"
        "东岭时评\n让办事不求人成为常态\n\n"
        "优化营商环境，关键在于转变作风。各级干部要主动上门服务，让企业少跑腿。\n"
        "（作者系东岭县委党校教师）\n·秦 川·\n"
    )
    assert _titles_and_kinds(text) == [("市管领导干部任前公示", "notice"), ("让办事不求人成为常态", "commentary")]
    seg = _seg_page(text)
    assert "苗晓燕" in seg.articles[0].text and [r.name for r in seg.articles[1].reporters] == ["秦川"]


def test_a_picture_group_under_its_headline_and_a_bracketed_credit_line():
    text = (
        "春耕图景\n\n图①：东岭县农民驾驶拖拉机翻耕土地。\n图②：石门乡技术员指导农户育苗。\n本报记者 蓝天 摄\n\n"
        "▲日前，梨园村村民在采摘草莓。\n（本报记者 柏雨 摄）\n\n"
        f"春耕工作推进会召开\n{LEAD}\n"
    )
    seg = _seg_page(text)
    assert [(a.title, a.kind, [r.name for r in a.reporters]) for a in seg.articles] == [
        ("春耕图景", "photo", ["蓝天"]),
        (None, "photo", ["柏雨"]),
        ("春耕工作推进会召开", "news", ["孟凡"]),
    ]


def test_briefs_led_by_a_bold_headline():
    text = (
        "## 简讯\n\n**东岭县举办春季招聘会** 4月6日，东岭县举办春季招聘会，120家企业提供岗位3000余个。\n\n"
        "**市图书馆新增自助借阅机** 近日，市图书馆新增自助借阅机10台，方便市民借阅。\n\n"
        "**会议强调**，要抓好春耕备耕。\n"
    )
    seg = _seg_page(text, "p.md")
    assert [(a.title, a.date) for a in seg.articles] == [
        ("东岭县举办春季招聘会", "--04-06"),
        ("市图书馆新增自助借阅机", None),
    ]
    assert "**" not in seg.articles[0].text and seg.articles[1].text.endswith("要抓好春耕备耕。")


def test_column_words_with_a_role_word_are_kickers_not_bylines():
    text = (
        "评论员文章\n以实干担当推动项目落地\n本报评论员\n\n项目是经济发展的压舱石。各级各部门要拿出真招实招。\n\n"
        "大棚里的致富经\n□ 本报记者 柏雨\n\n走进梨园村，一排排温室大棚整齐排列。\n\n"
        "记者手记\n\n采访中，记者深深感受到，一名好的带头人就能带活一个村。\n"
    )
    seg = _seg_page(text)
    names = {r.name for a in seg.articles for r in a.reporters}
    assert names == {"柏雨"}
    assert (seg.articles[0].kicker, seg.articles[0].title, seg.articles[0].kind) == (
        "评论员文章",
        "以实干担当推动项目落地",
        "commentary",
    )


def test_a_line_opening_with_when_it_happened_is_no_headline():
    text = "石门乡开展护河行动\n近日，石门乡组织志愿者开展护河行动\n共清理河道垃圾两吨余。乡党委书记冯丽华参加劳动。\n"
    (art,) = _seg_page(text).articles
    assert (art.kicker, art.title) == (None, "石门乡开展护河行动")


def test_a_wire_datelines_date_and_a_quotes_speaker():
    text = (
        "国务院召开常务会议\n\n"
        "新华社北京4月7日电 国务院召开常务会议，部署有关工作。\n\n"
        "东岭县：小杂粮做成大产业\n\n"
        "本报讯（记者 韦宁）近年来，东岭县大力发展小杂粮产业，种植面积达到20万亩。\n\n"
        "“我们的小米卖到了全国各地。”\n\n——东岭县石门乡种植户柏大海\n\n"
        "石门乡举行第三届桃花节\n\n"
        "本报讯（记者 韦宁）4月6日，石门乡第三届桃花节开幕。副县长林海宣布开幕。\n"
    )
    seg = _seg_page(text)
    assert [(a.title, a.subtitle, a.date) for a in seg.articles] == [
        ("国务院召开常务会议", None, "--04-07"),
        ("东岭县：小杂粮做成大产业", None, None),
        ("石门乡举行第三届桃花节", None, "--04-06"),
    ]
    assert "柏大海" in seg.articles[1].text


def test_a_continued_part_under_its_headline_printed_again():
    text = (
        "全市重点项目推进会召开\n（上接第一版）会议强调，要强化要素保障。各级领导干部要深入一线。\n\n"
        "聚焦民生实事 增进群众福祉\n（紧接第1版）市政府将加快推进十项民生工程建设。\n\n"
        f"春耕工作推进会召开\n\n{LEAD}\n"
    )
    assert _titles_and_kinds(text) == [
        ("全市重点项目推进会召开", "continuation"),
        ("聚焦民生实事 增进群众福祉", "continuation"),
        ("春耕工作推进会召开", "news"),
    ]
    # without a headline over it, a continued part has no title
    assert _titles_and_kinds("（上接第一版）会议强调，要强化要素保障。\n") == [(None, "continuation")]


def test_a_rule_between_stories_ends_the_story_above_and_is_no_subtitle():
    text = (
        f"春耕工作推进会召开\n{LEAD}\n————————————\n"
        "石门乡开展河道清理活动\n4月5日，石门乡组织志愿者开展河道清理活动。乡党委书记冯丽华带头参加劳动。\n"
        "* * *\n市图书馆新增自助借阅机\n近日，市图书馆新增自助借阅机10台，方便市民借阅。\n"
    )
    seg = _seg_page(text)
    assert [(a.title, a.subtitle) for a in seg.articles] == [
        ("春耕工作推进会召开", None),
        ("石门乡开展河道清理活动", None),
        ("市图书馆新增自助借阅机", None),
    ]
    assert not any("——" in a.text or "*" in a.text for a in seg.articles)
