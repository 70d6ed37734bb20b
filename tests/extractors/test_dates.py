"""Chinese dates: ranges, years, vague and relative words, page years, URL dates."""

from __future__ import annotations

import datetime as dt

from guanxi.extractors.dates import date_from_url, infer_year, lead_date, parse_dates, publication_date


def test_range_gives_start_and_end():
    (m,) = parse_dates("3月17日至18日，调研组深入我市", year=2025)
    assert (m.iso, m.iso_end, m.text) == ("2025-03-17", "2025-03-18", "3月17日至18日")


def test_year_unknown_stays_month_day():
    assert parse_dates("12月4日，社区举办活动")[0].iso == "--12-04"


def test_full_date_and_chinese_numerals():
    assert parse_dates("于2024年12月3日上午病故")[0].iso == "2024-12-03"
    assert parse_dates("十二月三日举行", year=2020)[0].iso == "2020-12-03"


def test_vague_lead_has_no_date():
    assert lead_date("锣鼓铿锵，唱腔悠扬。近日，由市委宣传部指导的大赛在12月3日结束") is None
    assert lead_date("为减轻危害，近年来，襄垣县积极推进试点") is None


def test_relative_days_need_a_reference():
    assert lead_date("昨日，市政协召开会议") is None
    assert lead_date("昨日，市政协召开会议", ref=dt.date(2020, 3, 2)).iso == "2020-03-01"
    assert lead_date("上周五上午，新馆开馆", ref=dt.date(2014, 7, 21)).iso == "2014-07-18"
    assert lead_date("昨日，市政协召开会议", ref=dt.date(2020, 3, 2), relative=False) is None


def test_reference_year_goes_back_over_new_year():
    assert lead_date("12月30日，会议召开", ref=dt.date(2025, 1, 3)).iso == "2024-12-30"


def test_infer_year_from_page():
    assert infer_year("崔元斌主持召开2025年工作务虚会，谋划明年工作。2023年，收入增长。") == 2024
    assert infer_year("从即日起至2025年3月15日开展救助。2024年工作情况。") == 2024
    assert infer_year("正文\n2024年12月6日\n") == 2024
    assert infer_year("没有年份") is None


def test_publication_date_and_url():
    assert publication_date("标题\n来源:某日报   发布时间:2024年11月19日\n") == dt.date(2024, 11, 19)
    assert publication_date("2019-08-14 12:11:11 来源:某日报") == dt.date(2019, 8, 14)
    assert date_from_url("https://x.cn/a/2014-8-1/1085.html") == (2014, 8, 1)
    assert date_from_url("http://x.cn/html/2019_04/19/1.htm") == (2019, 4, 19)
    assert date_from_url("http://x.cn/news/show-14427.html") is None
