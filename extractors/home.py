"""Detect the home of a paper: the province and prefecture-level city its 市委 and 我市 refer to.

Evidence, weighed from the official division list (never from a list of papers): names of
counties and districts (each votes for the city above it), the city's own name in full or
short form, a paper or site name built on it (X日报, X新闻网), and the page's self-references
(我市 makes a city home more likely than a county one).

Where a home comes from, first found wins (:func:`find_home`): the paper's name in a JSONL
record's ``source`` (:func:`home_from_paper`), the page header (a first line naming the paper,
长治日报 ... 第3版), then the text (:func:`detect_home`). A paper's name gives a home only when
the words before 日报/晚报/新闻网/报... are the name (or short form) of exactly one prefecture or
county in the division list: 运城日报 -> 山西省/运城市, 沁县报 -> 山西省/长治市/沁县; a name that
is no division (人民日报) gives none. Datelines: 本报讯 and 本报X月X日讯 name no place; a place in
本报长治5月6日讯 counts as any other place in the text; a wire dateline (新华社太原5月6日电) names
where the agency filed the story, not the paper's home, so its place is not counted at all.

Examples
--------
>>> detect_home("我市翠屏区、南溪区、江安县开展活动。宜宾市委召开会议。")
Home(province='四川省', city='宜宾市')
>>> detect_home("今天天气很好。") is None
True
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import cache

from guanxi.extractors.divisions import DivisionIndex, load_divisions, short_forms

from guanxi.han import HAN
from guanxi.model import Home

__all__ = ["detect_home", "find_home", "home_from_header", "home_from_paper", "named_counties"]

_MAX_NAME = 10
# Votes per kind of evidence. A full city name is strong; a short form (宜宾) may sit inside a
# word, so it counts less; each county or district name votes for its city.
_W_CITY, _W_CITY_SHORT, _W_COUNTY, _W_PAPER = 3.0, 1.0, 2.0, 6.0
_MIN_SCORE = 2.0
_PAPER_WORDS = "日报|晚报|都市报|新闻网|融媒体中心|融媒|广播电视台|电视台|报"
_PAPER = re.compile(rf"([{HAN}]{{2,10}}?)(?:{_PAPER_WORDS})")
# A wire agency's dateline: the place is where the story was filed, not the paper's home.
_WIRE = re.compile(rf"(?:新华社|中新社|中新网)[{HAN}]{{2,8}}?[0-9０-９]{{1,2}}月[0-9０-９]{{1,2}}日电")
# A header line: the paper's name first, then an issue date or a page number (第3版, A2版).
_HEADER_MARK = re.compile(
    r"第?[0-9０-９A-Za-z一二三四五六七八九十]{1,3}版|[0-9０-９]{1,4}年|[0-9０-９]{1,2}月[0-9０-９]{1,2}日"
)
_HEADER_LINES = 3


@cache
def _table() -> dict[str, tuple[tuple[str, float], ...]]:
    """name as printed -> ((prefecture code, weight), ...), homonyms sharing the weight."""
    index = load_divisions()
    votes: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for div in index:
        if "直辖" in div.name or div.level > 3:
            continue
        city = _city_of(index, div)
        if city is None:
            continue
        if div.level == 3:
            votes[div.name].append((city, _W_COUNTY))
        elif div.code == city:
            votes[div.name].append((city, _W_CITY))
            for short in short_forms(div.name, div.level):
                votes[short].append((city, _W_CITY_SHORT))
    out: dict[str, tuple[tuple[str, float], ...]] = {}
    for name, vs in votes.items():
        if len(name) < 2:
            continue
        # A name shared by n cities gives each 1/n of its weight.
        out[name] = tuple((code, w / len(vs)) for code, w in vs)
    return out


def _city_of(index: DivisionIndex, div) -> str | None:
    """Code of the prefecture-level unit a division belongs to (a municipality counts as one)."""
    if div.level == 2:
        return div.code
    if div.level == 1:
        return div.code if div.name.endswith("市") else None
    parent = index.parent(div)
    if parent is None:
        return None
    if parent.level == 1:
        return parent.code if parent.name.endswith("市") else None
    return parent.code if "直辖" not in parent.name else None


def detect_home(text: str) -> Home | None:
    """Return the paper's home detected from *text*, or None when the evidence is too thin.

    Parameters
    ----------
    text : str
        A page, a record, or several pages of one paper joined.

    Returns
    -------
    Home or None
        Province and city names as in the official list.
    """
    table = _table()
    text = _WIRE.sub("", text)
    scores: dict[str, float] = defaultdict(float)
    n = len(text)
    i = 0
    while i < n:
        hit = None
        # Longest match first, so 宜宾市 wins over 宜宾 and 江安县 over 江安.
        for k in range(min(_MAX_NAME, n - i), 1, -1):
            if (name := text[i : i + k]) in table:
                hit = name
                break
        if hit is None:
            i += 1
            continue
        for code, w in table[hit]:
            scores[code] += w
        i += len(hit)
    for m in re.finditer(rf"([{HAN}]{{2,4}}?)(?:日报|晚报|新闻网|融媒|电视台|广播电视台)", text):
        for code, w in table.get(m.group(1), ()):
            scores[code] += _W_PAPER * (w / max(w, 1e-9))
    if not scores:
        return None
    code, best = max(scores.items(), key=lambda kv: (kv[1], kv[0]))
    if best < _MIN_SCORE:
        return None
    index = load_divisions()
    city = index.by_code(code)
    if city is None:
        return None
    province = index.ancestors(city)[0] if city.level > 1 else city
    return Home(province.name, city.name)


def home_from_paper(name: str) -> Home | None:
    """The home a paper's *name* states, from the division list only; None when it names none.

    >>> home_from_paper("运城日报")
    Home(province='山西省', city='运城市')
    >>> home_from_paper("沁县报")
    Home(province='山西省', city='长治市', county='沁县')
    >>> home_from_paper("人民日报") is None
    True
    """
    m = _PAPER.fullmatch(name.strip())
    return _division_home(m.group(1)) if m else None


def _division_home(name: str) -> Home | None:
    """Home of the one prefecture or county called *name* (full or short form), else None."""
    index = load_divisions()
    found = {d.code: d for d in (*index.lookup(name), *index.lookup_short(name)) if d.level in (2, 3)}
    if len(found) != 1:
        return None  # no division, or a name shared by several: the paper's name does not tell
    (div,) = found.values()
    city = index.by_code(_city_of(index, div) or "")
    if city is None:
        return None
    province = index.ancestors(city)[0] if city.level > 1 else city
    return Home(province.name, city.name, div.name if div.level == 3 else None)


def home_from_header(text: str) -> Home | None:
    """The home named by a page header: one of the first lines starts with a paper's name and
    carries an issue date or page number (长治日报 2024年5月6日 第3版)."""
    for line in text.lstrip().splitlines()[:_HEADER_LINES]:
        line = line.strip()
        m = _PAPER.match(line)
        if m and _HEADER_MARK.search(line, m.end()) and (home := _division_home(m.group(1))):
            return home
    return None


def find_home(text: str, source: str | None = None) -> Home | None:
    """The home of a page without a given one: its paper's *source* name, its header, its text."""
    return (source and home_from_paper(source)) or home_from_header(text) or detect_home(text)


def named_counties(text: str, home: Home | None = None) -> tuple[str, ...]:
    """The county-level divisions *text* names, by official name, in order of first mention:
    those of *home*'s city, else of its province, else of the whole list (what a bare 县委 of a
    city paper, or of a page without a home, may be qualified with).

    A name two divisions of that scope share, and a two-character 区 name (城区, 郊区, 矿区:
    common words), never count; the longest name at a place wins.

    >>> named_counties("沁县县委书记到武乡县调研，城区道路通畅。", Home("山西省", "长治市"))
    ('沁县', '武乡县')
    >>> named_counties("县委书记到乡镇调研。", Home("山西省", "长治市"))
    ()
    """
    prov, city = load_divisions().home_codes(home)
    names = _county_names(city or prov or "")
    out: dict[str, None] = {}
    i, n = 0, len(text)
    while i < n:
        for k in range(min(_MAX_NAME, n - i), 1, -1):
            if text[i : i + k] in names:
                out[text[i : i + k]] = None
                i += k
                break
        else:
            i += 1
    return tuple(out)


@cache
def _county_names(scope: str) -> frozenset[str]:
    """Names of the county-level divisions under division *scope* ("": all), each held by one."""
    index = load_divisions()
    top = index.by_code(scope) if scope else None
    prefix = "" if top is None else scope[:4] if top.level == 2 else scope[:2]
    names = Counter(d.name for d in index if d.level == 3 and d.code.startswith(prefix))
    return frozenset(
        name
        for name, k in names.items()
        if k == 1 and "辖" not in name and not (len(name) == 2 and name.endswith("区"))
    )
