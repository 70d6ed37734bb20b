"""Detect the home of a paper: the province and prefecture-level city its 市委 and 我市 refer to.

Evidence, weighed from the official division list (never from a list of papers): names of
counties and districts (each votes for the city above it), the city's own name in full or
short form, a paper or site name built on it (X日报, X新闻网), and the page's self-references
(我市 makes a city home more likely than a county one).

Examples
--------
>>> detect_home("我市翠屏区、南溪区、江安县开展活动。宜宾市委召开会议。")
Home(province='四川省', city='宜宾市')
>>> detect_home("今天天气很好。") is None
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from guanxi.extractors.divisions import DivisionIndex, load_divisions, short_forms

from guanxi.han import HAN
from guanxi.model import Home

__all__ = ["detect_home"]

_MAX_NAME = 10
# Votes per kind of evidence. A full city name is strong; a short form (宜宾) may sit inside a
# word, so it counts less; each county or district name votes for its city.
_W_CITY, _W_CITY_SHORT, _W_COUNTY, _W_PAPER = 3.0, 1.0, 2.0, 6.0
_MIN_SCORE = 2.0


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
