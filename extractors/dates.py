"""Chinese dates: absolute dates, ranges, vague and relative time words, and the year of a page.

:func:`parse_dates` finds every date expression in a text, in order, as :class:`DateMatch`
records with offsets. A date without a year gets the *year* given (or stays ``--MM-DD``).
Vague words (近日, 日前) and relative days (昨日, 上周五) are matches too, so a caller can
tell "the lead says 近日" from "the lead has no date"; relative days resolve only against a
known reference day (*ref*).

Examples
--------
>>> [(m.iso, m.iso_end) for m in parse_dates("3月17日至18日，调研组深入我市", year=2025)]
[('2025-03-17', '2025-03-18')]
>>> parse_dates("12月4日，社区举办活动")[0].iso
'--12-04'
>>> parse_dates("近日，记者获悉")[0].kind
'vague'
>>> import datetime
>>> parse_dates("上周五上午，新馆开馆", ref=datetime.date(2014, 7, 21))[0].iso
'2014-07-18'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = [
    "DateMatch",
    "date_from_url",
    "infer_year",
    "lead_date",
    "parse_dates",
    "parse_iso",
    "publication_date",
]

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUM = "一二三四五六七八九十"
_NUM = rf"(?:\d{{1,2}}|[{_CN_NUM}]{{1,3}})"
# The same numbers as _NUM, written to open with one character class: a pattern that starts with
# a class lets the regex engine skip to the next candidate character instead of trying every
# position (dates are looked for in every article; this is most of segmentation's date cost).
_NUM_FIRST = rf"[\d{_CN_NUM}](?:(?<=\d)\d?|(?<=[{_CN_NUM}])[{_CN_NUM}]{{0,2}})"
_YEAR = r"(?:(?P<y>(?:19|20)\d\d|[一二〇零三四五六七八九]{4})\s*年\s*)"
# 3月17日至18日 / 3月17日-4月2日 / 3月17日; the year printed before the month (2024年12月3日) is
# read by _YEAR_BEFORE, so that this pattern opens with a character class.
_MONTH_DAY = re.compile(
    rf"(?P<m>{_NUM_FIRST})\s*月\s*(?P<d>{_NUM})\s*[日号]"
    rf"(?:\s*(?:至|到|—|－|-|~|～)\s*(?:(?P<y2>(?:19|20)\d\d)年)?(?:(?P<m2>{_NUM})\s*月\s*)?(?P<d2>{_NUM})\s*[日号])?"
)
_YEAR_BEFORE = re.compile(rf"{_YEAR}\Z")
_YEAR_REACH = 24  # characters before a month searched for its year (digits, 年 and spaces)
# 2024-12-03 / 2024.12.3 (the lookbehind sits after 19/20 so the pattern opens with a literal)
_NUMERIC = re.compile(r"(?P<y>(?:19|20)(?<![\d.]..)\d\d)[-/.年](?P<m>[01]?\d)[-/.月](?P<d>[0-3]?\d)(?![\d])")
_VAGUE = re.compile(r"近日|日前|近期|连日来|近年来|近来|今年以来|年初以来|目前|前不久|不久前|此前|最近")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_RELATIVE = re.compile(
    r"(?P<w>上周|本周|这周|上星期|本星期)(?P<wd>[一二三四五六日天])|(?P<rel>前天|前日|昨天|昨日|今天|今日)"
)
_REL_DAYS = {"前天": -2, "前日": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0}


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One time expression in a text.

    ``kind`` is ``date`` (a day, possibly a range), ``relative`` (昨日, 上周五: resolved only with
    a reference day) or ``vague`` (近日, 日前: no day). ``iso``/``iso_end`` are ``YYYY-MM-DD``,
    ``--MM-DD`` when the year is unknown, or None.
    """

    start: int
    end: int
    text: str
    kind: str
    iso: str | None = None
    iso_end: str | None = None


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    if s.isdigit():
        return int(s)
    if len(s) == 4:  # a year spelled digit by digit: 二〇二四
        return int("".join(str(_CN_DIGITS.get(c, 0)) for c in s))
    # 十, 十二, 二十, 二十一
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(s)


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _year_for(month: int, year: int | None, ref: dt.date | None) -> int | None:
    if year is not None:
        return year
    if ref is None:
        return None
    # A reported event precedes its report: 12月30日 in a paper of 1月3日 is last year's.
    return ref.year - 1 if month > ref.month + 1 else ref.year


def parse_dates(
    text: str, *, year: int | None = None, ref: dt.date | None = None, relative: bool = True
) -> list[DateMatch]:
    """Find the date expressions of *text*, in order of position.

    Parameters
    ----------
    text : str
        Any text.
    year : int, optional
        The year of dates printed without one (the page's year), when known.
    ref : datetime.date, optional
        The reference day (publication date): resolves 昨日/上周五 and, when *year* is None,
        gives the year of month-day dates (the last such day on or before about *ref*).
    relative : bool
        Resolve 昨日/上周五 against *ref*; False when *ref* is only approximate (a URL's month).

    Returns
    -------
    list of DateMatch
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    prev_end = 0
    for m in _MONTH_DAY.finditer(text):
        start = m.start()
        ym = _YEAR_BEFORE.search(text, max(prev_end, start - _YEAR_REACH), start)
        prev_end = m.end()
        if ym is not None:
            start = ym.start()
        mo, d = _num(m.group("m")), _num(m.group("d"))
        y = _num(ym.group("y")) if ym is not None else None
        if mo is None or d is None:
            continue
        y = _year_for(mo, y if y is not None else year, ref if y is None and year is None else None)
        iso = _iso(y, mo, d)
        if iso is None:
            continue
        iso_end = None
        if m.group("d2"):
            m2 = _num(m.group("m2")) or mo
            y2 = _num(m.group("y2")) if m.group("y2") else (y + 1 if y is not None and m2 < mo else y)
            iso_end = _iso(y2, m2, _num(m.group("d2")))
        found.append(DateMatch(start, m.end(), text[start : m.end()], "date", iso, iso_end))
        taken.append((start, m.end()))
    for m in _NUMERIC.finditer(text):
        if free(m.start(), m.end()):
            iso = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if iso:
                found.append(DateMatch(m.start(), m.end(), m.group(), "date", iso))
                taken.append((m.start(), m.end()))
    for m in _RELATIVE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        iso = None
        if ref is not None and relative:
            if m.group("rel"):
                iso = (ref + dt.timedelta(days=_REL_DAYS[m.group("rel")])).isoformat()
            else:
                monday = ref - dt.timedelta(days=ref.weekday())
                if m.group("w") in ("上周", "上星期"):
                    monday -= dt.timedelta(days=7)
                iso = (monday + dt.timedelta(days=_WEEKDAYS[m.group("wd")])).isoformat()
        found.append(DateMatch(m.start(), m.end(), m.group(), "relative", iso))
        taken.append((m.start(), m.end()))
    for m in _VAGUE.finditer(text):
        if free(m.start(), m.end()):
            found.append(DateMatch(m.start(), m.end(), m.group(), "vague"))
    found.sort(key=lambda x: (x.start, x.end))
    return found


def lead_date(
    text: str, *, year: int | None = None, ref: dt.date | None = None, relative: bool = True
) -> DateMatch | None:
    """The date of the event a lead paragraph reports: its first time expression, if a day.

    Returns None when the lead gives no date, or when a vague word (近日, 日前) comes first.

    >>> lead_date("锣鼓铿锵。近日，由某部门指导的大赛在12月3日结束") is None
    True
    >>> lead_date("第十一个国家宪法日即将来临之际，11月27日，活动举行", year=2024).iso
    '2024-11-27'
    """
    for m in parse_dates(text, year=year, ref=ref, relative=relative):
        if m.kind == "vague":
            return None
        if m.iso is None:
            return None
        return m
    return None


_PUB_LABEL = re.compile(
    r"(?:发布时间|发布日期|刊发日期|出版日期|时间|日期)\s*[:：]?\s*"
    r"(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>[01]?\d)\s*[-/.月]\s*(?P<d>[0-3]?\d)"
)
_DATE_LINE = re.compile(
    r"^\s*(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>[01]?\d)\s*[-/.月]\s*(?P<d>[0-3]?\d)\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
)


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def publication_date(head: str) -> dt.date | None:
    """The publication date printed in a page or record header, if any.

    Looks for a labelled date (发布时间:2024年11月19日, 时间:2021-04-08) or a line that starts
    with a date (2019-08-14 12:11:11 来源:…, 2023年11月24日) among the first lines of *head*.

    >>> publication_date("标题\\n来源:某日报   发布时间:2024年11月19日\\n正文")
    datetime.date(2024, 11, 19)
    """
    for line in head.splitlines()[:8]:
        if m := _PUB_LABEL.search(line):
            if d := _date(m["y"], m["m"], m["d"]):
                return d
        if (m := _DATE_LINE.match(line)) and (len(line.strip()) <= 40 or "来源" in line):
            if d := _date(m["y"], m["m"], m["d"]):
                return d
    return None


_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:199|20[0-3])\d)[-/_]?(?P<m>0[1-9]|1[0-2])(?:[-/_]?(?P<d>0[1-9]|[12]\d|3[01]))?"
    r"|(?<!\d)(?P<y2>(?:199|20[0-3])\d)-(?P<m2>[1-9]|1[0-2])-(?P<d2>[1-9]|[12]\d|3[01])(?!\d)"
)


def date_from_url(url: str) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) found in a URL path, or None.

    >>> date_from_url("http://example.cn/n2/2020/0811/c1.html")
    (2020, 8, 11)
    >>> date_from_url("https://example.cn/news/201507/5230229.html")
    (2015, 7, None)
    """
    # The host is no date; only the path and query may carry one.
    path = re.sub(r"^[a-z]+://[^/]+", "", url or "")
    for m in _URL_DATE.finditer(path):
        if m["y"]:
            return int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None
        return int(m["y2"]), int(m["m2"]), int(m["d2"])
    return None


_YEAR_MENTION = re.compile(r"((?:19|20)(?<![\d.\-]..)\d\d)\s*年(?!代|远景|前|以前|底前)")
_DATE_ONLY_LINE = re.compile(
    r"^[ \t\u3000]*(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>[01]?\d)\s*[-/.月]\s*(?P<d>[0-3]?\d)\s*日?"
    r"(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?[ \t\u3000]*$",
    re.M,
)


def infer_year(text: str) -> int | None:
    """Guess the year a page was printed in from the years its text mentions.

    A full date standing on a line of its own (a notice's signature date, an issue date) gives
    the year. Otherwise the latest year the page speaks of as present or past: a year after 至/到
    (an end date still ahead) does not count, a sentence with 明年 (next year) speaks from the
    year before, one with 去年 from the year after. Returns None when the page names no year.

    >>> infer_year("张三主持召开2025年工作务虚会，谋划明年工作。2023年，收入增长。")
    2024
    >>> infer_year("从即日起至2025年3月15日开展救助。2024年工作情况。")
    2024
    """
    for m in _DATE_ONLY_LINE.finditer(text):
        return int(m["y"])
    years: set[int] = set()
    # Find the mentions first (few), then look at the sentence around each one.
    for m in _YEAR_MENTION.finditer(text):
        # The sentence around the mention (looked for within a window: sentences are short).
        w0, w1 = max(0, m.start() - 300), min(len(text), m.end() + 300)
        lo = max(w0 - 1, *(text.rfind(c, w0, m.start()) for c in "。！？!?\n")) + 1
        ends = [k for c in "。！？!?\n" if (k := text.find(c, m.end(), w1)) >= 0]
        sent = text[lo : min(ends) if ends else w1]
        y = int(m.group(1))
        if re.search(r"(?<!截)至$|到$|迄$", text[max(lo, m.start() - 2) : m.start()]):
            continue
        distinct = set(_YEAR_MENTION.findall(sent))
        if "明年" in sent and len(distinct) == 1:
            y -= 1
        elif "去年" in sent and len(distinct) == 1:
            y += 1
        years.add(y)
    return max(years) if years else None


def parse_iso(value: str | None) -> dt.date | None:
    """Parse an ISO ``YYYY-MM-DD`` (or a longer timestamp) given in a record; None if not one."""
    if not value:
        return None
    m = re.match(r"\s*((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})", str(value))
    return _date(m[1], m[2], m[3]) if m else None
