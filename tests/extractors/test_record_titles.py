"""The title of a single-article record read from its first lines (scraped web text with no
"title" field): paper names, 来源/发布时间 lines and quotations are not the title, a second
headline line is a subtitle unless the first is a shorter kicker. All texts are invented."""

from __future__ import annotations

import itertools

import pytest
from guanxi.extractors.segment import segment

from guanxi.model import Page

BODY = "本报讯（记者陈明远）3月12日，青禾县举行春季植树活动，干部群众共栽下树苗两千余株。"


def _record(text: str, **meta: str):
    return segment(Page("r1", "r.jsonl", text, line=1, meta=tuple(sorted(meta.items()))))


def _one(text: str, **meta: str):
    seg = _record(text, **meta)
    assert len(seg.articles) == 1
    art = seg.articles[0]
    # Every character in exactly one article or a gap, the header lines included.
    spans = sorted([(a.start, a.end) for a in seg.articles] + [(s, e) for s, e, _ in seg.gaps])
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))
    return art


CASES = [
    pytest.param(f"青禾县春季植树活动启动\n{BODY}", "青禾县春季植树活动启动", None, id="title-only"),
    pytest.param(
        f"绿化家园\n青禾县干部群众义务植树两千余株\n{BODY}",
        "青禾县干部群众义务植树两千余株",
        None,
        id="kicker-then-title",
    ),
    pytest.param(
        f"绿化家园\n青禾县干部群众义务植树两千余株\n县领导带头挥锹培土\n{BODY}",
        "青禾县干部群众义务植树两千余株",
        "县领导带头挥锹培土",
        id="kicker-title-subtitle",
    ),
    pytest.param(
        f"青禾县干部群众义务植树两千余株\n县领导带头挥锹培土\n{BODY}",
        "青禾县干部群众义务植树两千余株",
        "县领导带头挥锹培土",
        id="title-then-subtitle",
    ),
    pytest.param(
        f"青禾县春季植树活动启动\n——全县栽下树苗两千余株\n{BODY}",
        "青禾县春季植树活动启动",
        "——全县栽下树苗两千余株",
        id="title-then-dash-subtitle",
    ),
    pytest.param(
        f"青禾日报\n青禾县干部群众义务植树\n县领导带头挥锹培土\n{BODY}",
        "青禾县干部群众义务植树",
        "县领导带头挥锹培土",
        id="paper-name-first",
    ),
    pytest.param(
        f"青禾县干部群众义务植树\n县领导带头挥锹培土\n青禾新闻网 2024-03-12\n{BODY}",
        "青禾县干部群众义务植树",
        "县领导带头挥锹培土",
        id="site-name-after-title",
    ),
    pytest.param(
        f"来源：青禾日报\n发布时间：2024-03-12 09:30\n青禾县干部群众义务植树\n县领导带头挥锹培土\n"
        f"作者：陈明远 编辑：林小雨\n字号：大 中 小\n分享到：\n{BODY}",
        "青禾县干部群众义务植树",
        "县领导带头挥锹培土",
        id="source-and-time-lines",
    ),
    pytest.param(
        f"“种下一棵树就是种下一份希望”\n青禾县干部群众义务植树\n县领导带头挥锹培土\n{BODY}",
        "青禾县干部群众义务植树",
        "县领导带头挥锹培土",
        id="quote-line-first",
    ),
    pytest.param(
        f"青禾县春季植树活动启动\n青禾日报\n{BODY}",
        "青禾县春季植树活动启动",
        None,
        id="paper-name-under-title",
    ),
    pytest.param(
        f"青禾县春季植树活动启动\n“种下一棵树就是种下一份希望”\n{BODY}",
        "青禾县春季植树活动启动",
        "“种下一棵树就是种下一份希望”",
        id="quote-line-under-title",
    ),
    pytest.param(
        f"2024-03-12\n青禾晚报\n青禾县春季植树活动启动\n{BODY}",
        "青禾县春季植树活动启动",
        None,
        id="date-and-paper-first",
    ),
    pytest.param(
        f"青禾县干部群众义务植树\n2024年03月12日 07:35 青禾日报\n{BODY}",
        "青禾县干部群众义务植树",
        None,
        id="date-time-and-paper-under-title",
    ),
    pytest.param(
        f"首页 > 新闻中心 > 本地新闻\n青禾县干部群众义务植树\n{BODY}",
        "青禾县干部群众义务植树",
        None,
        id="breadcrumb-first",
    ),
    pytest.param(
        f"当前位置：首页 » 要闻\n青禾县干部群众义务植树\n青禾融媒 2024-03-12 09:30\n{BODY}",
        "青禾县干部群众义务植树",
        None,
        id="breadcrumb-and-site-time",
    ),
    pytest.param(
        f"东关镇：党建引领 幸福加码\n青禾融媒 青禾发布 2024-03-11 18:30\n\n{BODY}",
        "东关镇：党建引领 幸福加码",
        None,
        id="place-colon-title-and-account-time",
    ),
]


@pytest.mark.parametrize(("text", "title", "subtitle"), CASES)
def test_record_title_from_first_lines(text: str, title: str, subtitle: str | None) -> None:
    art = _one(text)
    assert (art.title, art.subtitle) == (title, subtitle)
    # The header lines are neither title nor body: the body's first paragraph is the lead.
    assert art.text.endswith(BODY)


def test_dateline_first_record_has_no_title() -> None:
    """No headline line: the body's first sentence is never taken as the title."""
    art = _one(f"{BODY}\n活动现场，志愿者为新栽树苗浇水。")
    assert art.title is None


def test_record_title_field_wins_when_text_repeats_it() -> None:
    art = _one(f"青禾日报\n青禾县春季植树活动启动\n{BODY}", title="青禾县春季植树活动启动")
    assert art.title == "青禾县春季植树活动启动"


def test_paper_name_alone_on_a_page_is_still_a_headline_word() -> None:
    """Headlines that end like a site name but are not one (织密防护网) stay titles."""
    art = _one(f"织密防护网\n{BODY}")
    assert art.title == "织密防护网"


def test_a_web_pages_footer_is_in_the_span_but_gives_no_article_or_person():
    from guanxi.extractors.extract import extract_page

    text = (
        "首页 > 新闻中心 > 本地要闻\n青禾县举行春季植树活动\n来源：青禾日报 发布时间：2024-03-12 10:20\n"
        f"{BODY}\n县委书记卓立平参加植树。\n"
        "责任编辑：苗文静\n分享到：微信 微博\n上一篇：副县长柏海林调研春耕生产\n下一篇：石门乡召开座谈会\n"
        "相关新闻\n县委副书记滕明远带队检查安全生产\n市领导调研青禾县营商环境\n"
    )
    art = _one(text)
    assert art.title == "青禾县举行春季植树活动" and art.end == len(text) - 1
    # the editor's line stays metadata in the text (the editor is a person of the paper)
    assert (
        "上一篇" not in art.text
        and "分享到" not in art.text
        and art.text.rstrip().endswith("责任编辑：苗文静")
    )
    page = extract_page(Page("r1", "r.jsonl", text, line=1), home="山西省/长治市")
    persons = {p.name for a in page.articles for p in a.persons}
    assert {"卓立平", "苗文静"} <= persons and not persons & {"柏海林", "滕明远"}


def test_a_bracketed_column_a_font_size_line_and_a_photo_records_date():
    art = _one(f"[要闻]青禾县举行春季植树活动\n【字体：大 中 小】\n{BODY}\n")
    assert (art.kicker, art.title) == ("要闻", "青禾县举行春季植树活动")
    art = _one("图片新闻\n青禾县：春耕备耕正当时\n3月12日，青禾县农民在田间忙碌。（通讯员 尹航 摄）\n")
    assert (art.title, art.date, [r.name for r in art.reporters]) == (
        "青禾县：春耕备耕正当时",
        "--03-12",
        ["尹航"],
    )


def test_a_headline_led_by_a_short_place_and_one_cut_after_its_verb():
    art = _one(f"青禾：优化营商环境 激发市场活力\n{BODY}\n")
    assert art.title == "青禾：优化营商环境 激发市场活力"
    art = _one(f"青禾县召开\n优化营商环境推进会\n{BODY}\n")
    assert (art.kicker, art.title) == (None, "青禾县召开优化营商环境推进会")
    # a speaker's turn is still no headline
    art = _one(f"青禾县举行春季植树活动\n{BODY}\n记者：今年植树有哪些新变化\n")
    assert art.title == "青禾县举行春季植树活动"


def test_a_signed_report_of_a_day_is_news_and_reportage_a_feature():
    lead = "3月12日，青禾县举行春季植树活动，干部群众共栽下树苗两千余株。"
    assert _one(f"青禾县举行春季植树活动\n本报记者 陈明远\n{lead}\n").kind == "news"
    assert _one(f"青禾县举行春季植树活动\n{lead}（记者 陈明远）\n").kind == "news"
    review = "近年来，青禾县坚持每年组织春季植树，全县森林覆盖率逐年提高。"
    assert _one(f"青禾县绿化工作综述\n本报记者 陈明远\n{review}\n").kind == "feature"
    under_dash = f"绿色青禾\n——青禾县植树造林纪实\n本报记者 陈明远\n{lead}\n"
    assert _one(under_dash).kind == "feature"


def test_a_web_pages_title_loses_its_site_and_media_marks_and_a_repeat():
    assert _one(f"青禾县举行春季植树活动（组图）_青禾新闻网\n{BODY}\n").title == "青禾县举行春季植树活动"
    assert _one(f"青禾县举行春季植树活动 - 青禾日报\n{BODY}\n").title == "青禾县举行春季植树活动"
    art = _one(f"青禾县举行春季植树活动\n青禾县举行春季植树活动\n{BODY}\n")
    assert (art.title, art.subtitle) == ("青禾县举行春季植树活动", None)
