"""Places: administrative divisions, villages and communities, other countries, cities and their divisions,
natural features and geographic regions.

One scan (:class:`~guanxi.extractors.char_pairs.WordFinder`) finds every official division name,
its short forms, the gazetteer entries (``resources/gazetteer.tsv``) and the blocking words
(``resources/place_words.tsv``); a candidate is kept only with the evidence its kind needs (a
township's short form needs its full name on the page, an ordinary word like 来宾 needs the home
to be that city), and the longest candidates win.
Villages (村), communities (社区) and townships missing from the list are found by grammar: a name
glued to a division before it (平遥县古陶镇东关村), or standing after punctuation or a cue word
(在东关村). A place directly followed by the head of another name (晋中学院, 平遥县委, 平遥牛肉)
or inside 《…》 is inside that name: it is returned with ``optional=True``.

Examples
--------
>>> from guanxi.model import Home
>>> [(m.text, m.level) for m in find_places("他来到平遥县古陶镇东关村。", home=Home("山西省", "晋中市"))]
[('平遥县', 'county'), ('古陶镇', 'township'), ('东关村', 'village')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from guanxi.extractors.char_pairs import WordFinder
from guanxi.extractors.components.base import Component
from guanxi.extractors.components.names import boundary_strength
from guanxi.extractors.divisions import LEVEL_NAMES, Division, DivisionIndex, load_divisions
from guanxi.extractors.extensions import doc_text, snap
from guanxi.extractors.tokenizer import word_bounds
from guanxi.extractors.tsv import load_tsv
from spacy.language import Language
from spacy.tokens import Doc, Span

from guanxi.errors import GuanxiError
from guanxi.han import HAN
from guanxi.han import HAN_CHAR as _CJK
from guanxi.model import Home

__all__ = [
    "LEVELS",
    "MODEL_PLACE_CONFIDENT",
    "PlaceMatch",
    "find_places",
    "make_places",
    "model_place",
    "transliterated_place",
]

#: Every value of :attr:`PlaceMatch.level`.
LEVELS = (
    "country",
    "province",
    "prefecture",
    "county",
    "township",
    "village",
    "community",
    "foreign_city",
    "foreign_division",
    "natural",
    "region",
    "other",
)

# China itself is no "other country": the gold lists it as optional wherever it is printed.
_OWN_COUNTRY = ("中国", "中华人民共和国", "新中国", "我国", "祖国")
_BOOK = re.compile(r"《[^《》\n]{0,80}》")
# Villages, communities and (in a chain) townships by grammar; longest alternatives first.
_VILLAGE_SUFFIX = re.compile(r"行政村|社区|嘎查|村")
_TOWNSHIP_SUFFIX = ("街道", "苏木", "镇", "乡")
# 村 starting an ordinary word (村民, 村级, 村庄) is no village suffix.
_VILLAGE_NEXT = set("民庄落级里内口头容貌务规情医干组企镇寨集道史官子长美")
# Characters before 村 that make an ordinary word (乡村, 农村, 驻村, 全村).
_VILLAGE_PREV = set("乡农山渔牧全本该各邻外进驻到在入回出留强弱富穷每返个村大")
# A suffix head followed by these is no name (晋中路上, 港澳).
_COMMUNITY_PREV = set("村进到在入驻回全各本该每个走和与及的为")
_SUFFIX_EXCEPT = {"路上", "路线", "路径", "路子", "街头", "站在", "站位", "站稳", "港澳", "桥梁", "委员"}
_NUMBER = r"第[一二三四五六七八九十百零〇两\d]+"
# 某省第十三届人民代表大会, 某市第七届运动会: a body or event named by its session number.
_ORDINAL = re.compile(_NUMBER + r"[届次期批]")
# 某市第三人民医院, 某县第一中学: a numbered institution.
_NUMBERED_BODY = re.compile(_NUMBER + r"(?:人民医院|医院|中学|小学|高级中学|初级中学|中心|幼儿园|职业|实验)")
# A company or institute whose name runs on after the place (某市新华书店有限公司): the words between
# carry no cue (在, 将, 的) and end in one of these.
_COMPANY_TAIL = re.compile(rf"[{HAN}]{{1,10}}?(?:有限责任公司|股份有限公司|有限公司|集团|研究院|研究所)")
# 某地时间5月5日, 某地时间清晨: the place names a time zone, not a place of the report.
_TIME_ZONE = re.compile(
    r"时间(?:[\d０-９一二三四五六七八九十零〇]|上午|下午|凌晨|清晨|早上|早晨|晚上|中午|傍晚|夜间|今天|昨天|明天|今晨|昨晚|当天|同日)"
)
_WATER = re.compile(r"[河江湖]")
# 河道, 河长 (river chief), 河湖, 江湖: ordinary words, not a river's name.
_WATER_NEXT = set("道湖流水·")
_MAX_NAME = {"村": 4, "行政村": 4, "嘎查": 6, "社区": 6}


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place found in a text.

    ``start``/``end`` index the text; ``text`` is the span as printed. ``level`` is one of
    :data:`LEVELS`. ``code``/``official_name``/``parent_code`` come from the official list when
    the place is a matched division (a village keeps the code of the division it is glued to as
    ``parent_code``). ``optional`` is True when the span lies inside another name (an organization,
    a title, a venue, a product, a document) and so is not a place mention of its own.
    """

    start: int
    end: int
    text: str
    level: str
    code: str | None = None
    official_name: str | None = None
    parent_code: str | None = None
    optional: bool = False

    @property
    def label(self) -> str:
        """spaCy label: ``LOC`` for natural features and geographic regions, ``GPE`` otherwise."""
        return "LOC" if self.level in ("natural", "region") else "GPE"


class PlacesDataError(GuanxiError):
    """A place lexicon file has a bad line."""


@dataclass(frozen=True, slots=True)
class _WordSet:
    """A small word list looked up by slices (longest first): faster than a startswith loop."""

    words: frozenset[str]
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, words: Iterable[str]) -> _WordSet:
        words = frozenset(words)
        return cls(words, tuple(sorted({len(w) for w in words}, reverse=True)))

    def starting_at(self, text: str, i: int) -> str | None:
        """The longest word that *text* has at position *i*."""
        for n in self.lengths:
            if text[i : i + n] in self.words:
                return text[i : i + n]
        return None

    def ending_at(self, text: str, j: int) -> str | None:
        """The longest word that ends at position *j* of *text*."""
        for n in self.lengths:
            if n <= j and text[j - n : j] in self.words:
                return text[j - n : j]
        return None


@dataclass(frozen=True, slots=True)
class _Lexicon:
    names: WordFinder  # every name of two characters or more
    gazetteer: dict[str, str]
    words: dict[str, frozenset[str]]
    cues: _WordSet
    suffixes: _WordSet
    surnames: frozenset[str]
    posts: _WordSet
    foreign_chars: frozenset[str]  # resources/transliteration.tsv


def _read_tsv(name: str, columns: int) -> Iterable[tuple[str, ...]]:
    # resources/*.tsv: UTF-8, '#' comments, one header line, tab-separated columns.
    text = (files("guanxi.extractors") / "resources" / name).read_text(encoding="utf-8-sig")
    header = True
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if header:
            header = False
            continue
        parts = line.split("\t")
        if len(parts) < columns or not all(p.strip() for p in parts[:columns]):
            raise PlacesDataError(f"resources/{name}:{lineno}: expected {columns} tab-separated columns")
        yield tuple(p.strip() for p in parts[:columns])


@cache
def _lexicon() -> _Lexicon:
    index = load_divisions()
    gazetteer = {name: kind for name, kind in _read_tsv("gazetteer.tsv", 2)}
    words: dict[str, set[str]] = {}
    for word, kind in _read_tsv("place_words.tsv", 2):
        words.setdefault(word, set()).add(kind)
    # Common single-character surnames (resources/surnames.tsv, shared with the person finder): with a
    # rare one (美, 望) before a place (秀美山西、) the place is the likelier reading.
    surnames = frozenset(row[0] for row in _read_tsv("surnames.tsv", 2) if len(row[0]) == 1 and row[1] == "1")
    keys = set(index.names()) | set(index.short_names()) | set(gazetteer) | set(_OWN_COUNTRY)
    keys |= {w for w, kinds in words.items() if "block" in kinds}
    names = WordFinder(keys)
    cues = _WordSet.of(w for w, k in words.items() if "cue" in k)
    suffixes = _WordSet.of(w for w, k in words.items() if "suffix" in k)
    frozen = {w: frozenset(k) for w, k in words.items()}
    _common_words()  # read once here, so that the first page costs no more than the others
    posts = _WordSet.of(row[0] for row in load_tsv("title_posts.tsv") if row[1] in ("post", "company"))
    foreign_chars = frozenset(row[0] for row in _read_tsv("transliteration.tsv", 1))
    return _Lexicon(names, gazetteer, frozen, cues, suffixes, surnames, posts, foreign_chars)


@cache
def _common_words() -> dict[str, tuple[int, str]]:
    """Two- and three-character words of jieba's general dictionary: word -> (frequency, POS tag).

    Used as a general vocabulary: a short form whose edge makes a frequent word with the next
    character is inside that word, and a village name that is an ordinary word
    (基层社区) or starts with a verb or adverb (积极响应社区) is no name.
    """
    path = files("jieba") / "dict.txt"
    out: dict[str, tuple[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) == 3 and 2 <= len(parts[0]) <= 3:
            out[parts[0]] = (int(parts[1]), parts[2])
    return out


# POS tags of jieba that no place name starts or ends with (verbs, adverbs, pronouns, numerals...).
_FUNCTION_TAGS = frozenset(
    {"v", "vn", "vd", "d", "ad", "c", "p", "r", "u", "m", "q", "f", "y", "e", "o", "t"}
)
_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nz", "nt", "nrfg"})
_FREQUENT = 300
_FREQUENT_FUNCTION = 100
_PERSON_BEFORE = set("、，,：:（(\n 　长任记员席理书委督官")
_PERSON_AFTER = set("、，,。）)：:；主出参讲指强表说介陪带等同")
_NOT_SURNAMES = set("向于和从到以自为经当同将对把在及与")
_CLAUSE_ENDS = "，,。；;：:！？!?、\n"
_CUE_CHARS = set("在于到至赴从由对向和与及同跟是为让使把将被给的了等据")


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    text: str
    level: str | None  # None: a blocking word
    divs: tuple[Division, ...] = ()
    exact: bool = True


def _crosses_word(text: str, start: int, end: int) -> bool:
    # A short form inside a word: its last character and the next one make a frequent word (on the left, a
    # one-character cue such as 在 in 在内蒙古 does not count).
    words = _common_words()
    left = text[start - 1 : start + 1] if start and text[start - 1] not in _CUE_CHARS else ""
    for pair in (text[end - 1 : end + 1], left):
        hit = words.get(pair)
        if hit and hit[0] >= _FREQUENT and hit[1] not in _NAME_TAGS:
            return True
    return False


def _clause(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """The clause around ``text[start:end]`` (between punctuation), at most *reach* characters either side."""
    lo = max(0, start - reach, *(text.rfind(p, 0, start) + 1 for p in _CLAUSE_ENDS))
    hi = min([len(text), end + reach] + [k for k in (text.find(p, end) for p in _CLAUSE_ENDS) if k >= 0])
    return lo, hi


def _word_across_start(text: str, start: int, end: int) -> bool:
    """True when jieba, run over the clause, puts a word across the start of ``text[start:end]``."""
    lo, hi = _clause(text, start, end, 12)
    return start - lo not in word_bounds(text[lo:hi])


def _inside_word(text: str, start: int, end: int) -> bool:
    """True when jieba, run over the clause around ``text[start:end]``, puts a word across either edge."""
    lo, hi = _clause(text, start, end, 12)
    bounds = word_bounds(text[lo:hi])
    return start - lo not in bounds or end - lo not in bounds


def _looks_like_person(text: str, start: int, end: int, lex: _Lexicon) -> bool:
    # A given name that reads like a city (王太原、) in a list of names: surname before, delimiters or
    # verbs around.
    if start < 1 or end - start != 2:
        return False
    sur = text[start - 1]
    if sur not in lex.surnames or sur in _NOT_SURNAMES:
        return False
    before = text[start - 2] if start >= 2 else "\n"
    after = text[end] if end < len(text) else "\n"
    return before in _PERSON_BEFORE or after in _PERSON_AFTER


def _after_boundary(text: str, start: int, lex: _Lexicon) -> bool:
    if start == 0 or not _CJK.match(text, start - 1):
        return True
    return lex.cues.ending_at(text, start) is not None


def _candidates(text: str, home: Home | None, lex: _Lexicon, index: DivisionIndex) -> list[_Cand]:
    prov, city = index.home_codes(home)
    raw = lex.names.find(text)
    name_ends = {e for _s, e, _key in raw}
    out: list[_Cand] = []
    shorts: list[tuple[int, int, str]] = []
    exact_ends: set[int] = set()
    for start, end, key in raw:
        kinds = lex.words.get(key, frozenset())
        if "block" in kinds:
            out.append(_Cand(start, end, key, None))
        elif key in _OWN_COUNTRY:
            out.append(_Cand(start, end, key, "country"))
        elif key in lex.gazetteer:
            kind = lex.gazetteer[key]
            if kind == "region" and _direction(text, start, end, name_ends):
                continue
            # A river's name runs into 岸, 畔, 边 (黄河岸边): the word test is for countries and cities.
            if len(key) > 2 or not (
                _looks_like_person(text, start, end, lex)
                or (
                    kind != "natural"
                    and _crosses_word(text, start, end)
                    and not _glued(text, end, None, lex.suffixes)
                )
            ):
                out.append(_Cand(start, end, key, kind))
        elif divs := index.lookup(key):
            if _conjunction_before_title(text, start):
                continue  # 王某和县委书记: 和 is "and", the title 县委书记 follows, no county 和县
            if key[-1] in "乡镇" and text[end : end + 1] in ("村", "镇"):
                continue  # 乡村, 城镇: a township name running into an ordinary word
            if (
                len(key) == 2
                and not _in_scope(divs, prov)
                and not (start in exact_ends or _after_boundary(text, start, lex))
            ):
                continue  # a two-character name inside running text needs a boundary away from home
            if "common" in kinds and not _evidenced(divs, key, index, set(), city):
                continue
            if (
                min(d.level for d in divs) == 4
                and not _in_scope(divs, prov)
                and start not in exact_ends
                and not _glued(text, end, None, lex.suffixes)
                and _inside_word(text, start, end)
            ):
                continue  # a township of another province across ordinary words (商城镇上: 商城 + 镇上)
            if (
                min(d.level for d in divs) == 3
                and not _in_scope(divs, prov)
                and start not in exact_ends
                and _word_across_start(text, start, end)
            ):
                continue  # a county of another province whose first character ends a word (以东 + 山区)
            out.append(_Cand(start, end, key, LEVEL_NAMES[min(d.level for d in divs)], divs))
            exact_ends.add(end)
        else:
            shorts.append((start, end, key))
    printed = {c.text for c in out if c.divs}
    # divisions printed by their official names, by end: a county's short form right after its own
    # province or prefecture is a unit of that chain (某省某县 printed 湖北省监利, or with an old 县)
    chained: dict[int, list[Division]] = {}
    for c in out:
        chained.setdefault(c.end, []).extend(c.divs)
    for start, end, key in shorts:
        divs = _accepted_short(key, index, printed, prov, city) or tuple(
            d
            for d in index.lookup_short(key)
            if d.level == 3 and any(index.is_within(d, p.code) for p in chained.get(start, ()))
        )
        if not divs:
            continue
        if "common" in lex.words.get(key, ()) and not _evidenced(divs, key, index, printed, city):
            continue
        if _looks_like_person(text, start, end, lex):
            continue
        if _crosses_word(text, start, end) and not _glued(text, end, None, lex.suffixes):
            continue  # inside an ordinary word, unless it heads a name (晋中学院: optional place)
        out.append(_Cand(start, end, key, LEVEL_NAMES[min(d.level for d in divs)], divs, exact=False))
    return out


# 东北部, 西北方, 华北边, 西北风: a part of a region or a direction, not the region itself (unless the
# character opens an everyday word: 东北部分地区, 华北方面).
_DIRECTION_AFTER = set("部方侧边角隅郊端麓风向")
# 城东北, 向西北, 偏西南: a compass point from a place or of a movement, not the region.
_DIRECTION_BEFORE = set("向往朝偏以之正城市县镇乡村区省州国")
_COMPASS = ("东北", "西北", "西南")


def _direction(text: str, start: int, end: int, name_ends: set[int]) -> bool:
    """True when a region's name at ``text[start:end]`` is read as a direction or a part of it; a
    compass word right after a place's name (*name_ends*: 某省西北) is that place's part."""
    after = text[end : end + 2]
    if after in ("方向", "方位") or (after[:1] in _DIRECTION_AFTER and not _frequent(after)):
        return True
    return text[start:end] in _COMPASS and start > 0 and (text[start - 1] in _DIRECTION_BEFORE or start in name_ends)


_CONJUNCTIONS = set("和与及同")
# What a person is named by before a conjunction: a pronoun or an anonymized name (王某, 李某某).
_PERSON_WORD_END = set("他她我你它们咱某")


def _conjunction_before_title(text: str, start: int) -> bool:
    """True when the division name at *start* opens with a conjunction that joins a person to a title:
    after a pronoun, 某 or a name and before a title (他和县长…, 王某和县委书记, 张立明和县委书记)."""
    if start == 0 or text[start] not in _CONJUNCTIONS:
        return False
    from guanxi.extractors.components.names import common_surname, plausible_name
    from guanxi.extractors.components.titles import find_titles

    before = text[start - 1] in _PERSON_WORD_END or any(
        start >= k and common_surname(text[start - k : start]) and plausible_name(text[start - k : start])
        for k in (2, 3)
    )
    return before and any(t.start == 0 for t in find_titles(text[start + 1 : start + 16]))


def _in_scope(divs: tuple[Division, ...], prov: str | None) -> bool:
    return bool(prov) and any(d.code[:2] == prov[:2] for d in divs)


def _accepted_short(
    key: str, index: DivisionIndex, printed: set[str], prov: str | None, city: str | None
) -> tuple[Division, ...]:
    # Province and prefecture short forms stand on their own (山西, 太原); a county's needs the home
    # province or its full name on the page (平遥 in a 晋中 paper); a township's needs its full name.
    keep = []
    for d in index.lookup_short(key):
        if d.name in printed or d.level <= 2 or (d.level == 3 and _in_scope((d,), prov)):
            keep.append(d)
    return tuple(keep)


def _evidenced(
    divs: tuple[Division, ...], key: str, index: DivisionIndex, printed: set[str], city: str | None
) -> bool:
    # An ordinary word (来宾, 城区) is a place only where the home city is, or contains, that
    # division, or where its full name is printed on the page.
    for d in divs:
        if d.name != key and d.name in printed:
            return True
        if city and (d.code == city or index.is_within(d, city)):
            return True
    return False


def _select(cands: list[_Cand]) -> list[_Cand]:
    # Longest first, then leftmost: a longer name (晋中市) or blocking word (市长 before 治理) wins.
    taken: list[_Cand] = []
    used: set[int] = set()
    for c in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        if any(i in used for i in range(c.start, c.end)):
            continue
        used.update(range(c.start, c.end))
        taken.append(c)
    return sorted((c for c in taken if c.level is not None), key=lambda c: c.start)


def _cjk_run_start(text: str, end: int, floor: int, limit: int) -> int:
    i = end
    while i > floor and end - i < limit and _CJK.match(text, i - 1):
        i -= 1
    return i


def _cut_at_cue(run: str, cues: _WordSet) -> str | None:
    """The name after the last cue word of *run* (在小河 -> 小河), or None when the run ends with a cue
    (为社区: no name at all). 和 and 同 may also be part of a name (在和平村 -> 和平): they cut only
    where they leave two characters."""
    last = cues.ending_at(run, len(run))
    if last is not None and last not in "和同":
        return None
    for j in range(len(run) - 1, 0, -1):
        cue = cues.ending_at(run, j)
        if cue is None or (cue in "和同" and len(run) - j < 2):
            continue
        return run[j:]
    return run


def _is_generic(name: str, words: dict[str, frozenset[str]]) -> bool:
    if "generic" in words.get(name, ()):
        return True
    return any("generic" in words.get(name[i:], ()) for i in range(1, len(name) - 1))


def _is_ordinary(name: str) -> bool:
    """True when a free-standing village name is an ordinary word or starts/ends with a function word."""
    words = _common_words()
    whole = words.get(name)
    if whole and whole[0] >= _FREQUENT and whole[1] not in _NAME_TAGS:
        return True
    for piece in (name[:2], name[:3], name[-2:], name[-3:]):
        hit = words.get(piece)
        if hit and hit[1] in _FUNCTION_TAGS and hit[0] >= _FREQUENT_FUNCTION:
            return True
    return False


def _townships_by_grammar(text: str, selected: list[_Cand], lex: _Lexicon, covered: set[int]) -> list[_Cand]:
    # Townships printed after a county but missing from the list (old names, misprints).
    found = []
    for c in selected:
        if c.level != "county":
            continue
        for n in range(2, 5):
            for suffix in _TOWNSHIP_SUFFIX:
                stop = c.end + n + len(suffix)
                piece = text[c.end : stop]
                body = piece[: -len(suffix)]
                if (
                    piece.endswith(suffix)
                    and all(_CJK.match(ch) for ch in body)
                    and not covered.intersection(range(c.end, stop))
                    and _plausible_name(body, lex)
                    and not _frequent(body[-1] + suffix[0])
                    and text[stop : stop + 1] not in ("村", "镇")
                ):
                    found.append(_Cand(c.end, stop, piece, "township", exact=False))
                    covered.update(range(c.end, stop))
                    break
            else:
                continue
            break
    return found


def _frequent(word: str) -> bool:
    hit = _common_words().get(word)
    return bool(hit) and hit[0] >= _FREQUENT and hit[1] not in _NAME_TAGS


def _plausible_name(body: str, lex: _Lexicon) -> bool:
    return body[0] not in _CUE_CHARS and not _is_generic(body, lex.words) and not _is_ordinary(body)


def _grammar(text: str, selected: list[_Cand], lex: _Lexicon) -> tuple[list[_Cand], dict[int, _Cand]]:
    """Villages, communities and unlisted townships, anchored on the divisions or on cue words.

    Returns the new candidates and, for those glued to a division before them, that division's
    candidate (keyed by the new candidate's start).
    """
    # A township or county short form glued to 村 is the village's own name (古陶村 beside 古陶镇).
    selected = [
        c
        for c in selected
        if c.exact
        or not (_VILLAGE_SUFFIX.match(text, c.end) and text[c.end + 1 : c.end + 2] not in _VILLAGE_NEXT)
    ]
    covered = {i for c in selected for i in range(c.start, c.end)}
    found = _townships_by_grammar(text, selected, lex, covered)
    units = sorted(selected + found, key=lambda c: c.start)
    ends = {c.end: c for c in units}
    anchors: dict[int, _Cand] = {c.start: ends[c.start] for c in found if c.start in ends}
    unit_ends = sorted(ends)
    place_ends = set(ends)
    for m in _VILLAGE_SUFFIX.finditer(text):
        s, e, suffix = m.start(), m.end(), m.group()
        if s in covered or e - 1 in covered:
            continue
        if suffix == "村" and (
            (e < len(text) and text[e] in _VILLAGE_NEXT) or text[s - 1 : s] in _VILLAGE_PREV
        ):
            continue
        if suffix == "社区" and text[s - 1 : s] in _COMMUNITY_PREV:
            continue  # 村社区 (villages and communities), 进社区, 各社区
        k = bisect_right(unit_ends, s)
        floor = unit_ends[k - 1] if k else 0
        begin = _cjk_run_start(text, s, floor, 10)
        run = text[begin:s]
        name = _cut_at_cue(run, lex.cues)
        if not name:
            continue
        anchored = name == run and (
            (begin == floor and floor in ends)
            or (text[begin - 1 : begin] == "、" and (begin - 1) in place_ends)
        )
        township = _split_township(name)
        if township and not anchored:
            # 前往东坡镇西岭村: an unlisted township glued before the village.
            body = township[:-1]
            if 2 <= len(body) <= 3 and not _is_generic(body, lex.words) and not _is_ordinary(body):
                t_start = s - len(name)
                tc = _Cand(t_start, t_start + len(township), township, "township", exact=False)
                found.append(tc)
                name = name[len(township) :]
                anchors[s - len(name)] = tc
                anchored = True
        longest = _MAX_NAME[suffix] + (1 if anchored else 0)
        if not 2 <= len(name) <= longest or _is_generic(name, lex.words):
            continue
        if anchored and _starts_with_function_word(name):
            continue
        if not anchored and (_is_ordinary(name) or len(run) > len(name) + 6):
            continue
        if not anchored and suffix == "社区" and _reads_as_clause(name):
            continue  # 大家一起关心社区: words before 社区, no community's name
        if text[s - len(name) - 1 : s - len(name)] == "“" and text[e : e + 1] == "”":
            continue  # “万人进万村”: a quoted slogan
        start = s - len(name)
        level = "community" if suffix == "社区" else "village"
        found.append(_Cand(start, e, text[start:e], level, exact=False))
        covered.update(range(start, e))
        place_ends.add(e)
        if anchored and start not in anchors:
            anchors[start] = ends[floor]
    found += _waters_by_grammar(text, lex, covered, place_ends)
    return sorted(selected + found, key=lambda c: c.start), anchors


def _waters_by_grammar(text: str, lex: _Lexicon, covered: set[int], place_ends: set[int]) -> list[_Cand]:
    # Rivers and lakes missing from the gazetteer: a two- or three-character name plus 河/江/湖
    # standing after punctuation, a cue word (来到清水河) or another place of a list (、石门河).
    found = []
    for m in _WATER.finditer(text):
        s, e = m.start(), m.end()
        if s in covered or e - 1 in covered or text[e : e + 1] in _WATER_NEXT or text[e : e + 2] == "长制":
            continue
        if text[s - 1 : s] in "河江湖":
            continue  # 江河, 河湖
        begin = _cjk_run_start(text, s, 0, 8)
        run = text[begin:s]
        name = _cut_at_cue(run, lex.cues)
        if not name or not 2 <= len(name) <= 3 or _frequent(name + m.group()):
            continue
        if (
            name == run
            and begin > 0
            and text[begin - 1] not in '、，,。；;：:\n 　“"（('
            and begin not in place_ends
        ):
            continue
        if not _plausible_name(name, lex) or _frequent(name[-1] + m.group()):
            continue
        if m.group() == "江" and _CJK.match(text, e) and lex.posts.ending_at(text, s):
            continue  # 副县长江某某: a post, then the surname 江 and a given name
        start = s - len(name)
        found.append(_Cand(start, e, text[start:e], "natural", exact=False))
        covered.update(range(start, e))
    return found


def _reads_as_clause(name: str) -> bool:
    """A run of five or more characters that jieba cuts into three or more words is a clause, not a
    name (他每天都去 vs 阳光花园)."""
    return len(name) >= 5 and len(word_bounds(name)) > 3


def _starts_with_function_word(name: str) -> bool:
    words = _common_words()
    for piece in (name[:2], name[:3]):
        hit = words.get(piece)
        if hit and len(piece) < len(name) and hit[1] in _FUNCTION_TAGS and hit[0] >= _FREQUENT_FUNCTION:
            return True
    return False


def _split_township(name: str) -> str | None:
    for i, ch in enumerate(name):
        if ch in "镇乡" and 2 <= i and len(name) - i - 1 >= 2:
            return name[: i + 1]
    return None


def _fix_township(name: str, parent: str | None, index: DivisionIndex) -> Division | None:
    # A misprinted township (one character off, same length) under the county printed before it.
    if not parent:
        return None
    close = [
        d
        for d in index.children(parent)
        if len(d.name) == len(name) and sum(a != b for a, b in zip(d.name, name, strict=True)) == 1
    ]
    return close[0] if len(close) == 1 else None


class _Spans:
    """Spans sorted by start with running maxima of their ends, so whether some span holds a
    candidate is a bisection, not a scan (a list page has thousands of names and candidates)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _e in ordered]
        self.max_end: list[int] = []
        for _s, e in ordered:
            self.max_end.append(max(e, self.max_end[-1]) if self.max_end else e)

    def _max_end(self, k: int) -> int:
        return self.max_end[k - 1] if k > 0 else -1

    def hold(self, c: _Cand) -> bool:
        """Whether a span other than ``(c.start, c.end)`` itself holds the candidate."""
        # Either a span starting before it reaches its end, or one starting with it runs past it.
        return (
            self._max_end(bisect_left(self.starts, c.start)) >= c.end
            or self._max_end(bisect_right(self.starts, c.start)) > c.end
        )


def _glued(text: str, end: int, next_start: int | None, suffixes: _WordSet, *, ordinal: bool = True) -> bool:
    if next_start == end:
        return False
    if (ordinal and _ORDINAL.match(text, end)) or _NUMBERED_BODY.match(text, end):
        return True
    if suffixes.starting_at(text, end) is not None:
        return text[end : end + 2] not in _SUFFIX_EXCEPT
    m = _COMPANY_TAIL.match(text, end)
    return bool(m) and not _CUE_CHARS.intersection(m.group())


def _heads_no_name(text: str, end: int, lex: _Lexicon) -> bool:
    """True when the name head printed at *end* (after a place) is part of an ordinary phrase, so the
    place before it stands alone: jieba reads the head inside a longer everyday word that is no head,
    post or body name itself (公安 of 公安机关, 新闻 of 新闻媒体, 面 of 面向), or the head is a common noun
    opening a list of common nouns (工厂 of 某省工厂、农村、学校; not 大葱 of 潞城大葱、长子猪头肉)."""
    head = lex.suffixes.starting_at(text, end)
    if head is None:
        return False
    stop = _clause(text, end, end, len(text))[1]
    bounds = word_bounds(text[end:stop])
    word_end = min((b for b in bounds if b > 0), default=0)
    if word_end > len(head):
        word = text[end : end + word_end]
        return not (
            lex.suffixes.ending_at(word, len(word))
            or lex.posts.ending_at(word, len(word))
            or any(word.endswith(s) for s in _org_heads())
        )
    after = end + len(head)
    if word_end != len(head) or text[after : after + 1] != "、":
        return False
    following = next(
        (text[after + 1 : after + 1 + n] for n in (3, 2) if _frequent(text[after + 1 : after + 1 + n])), None
    )
    # the next item is a common noun, not a place's name heading its own product (潞城大葱、某县猪头肉)
    return (
        following is not None
        and lex.suffixes.starting_at(text, after + 1) is None
        and not any(s == 0 for s, _e, _key in lex.names.find(following))
    )


@cache
def _org_heads() -> frozenset[str]:
    """The body heads of the organizations' lexicon (新闻网, 公安厅): a word ending in one names a body."""
    from guanxi.extractors.orgs_lexicon import load_org_lexicon

    return frozenset(load_org_lexicon().suffixes)


def find_places(
    text: str, *, home: Home | None = None, names: Sequence[tuple[int, int]] = ()
) -> list[PlaceMatch]:
    """Find the places of *text*, sorted by offset.

    Parameters
    ----------
    text : str
        An article's (or page's) text.
    home : Home, optional
        The paper's home; it licenses short forms (平遥 for 平遥县 in a 晋中 paper) and picks
        among homonyms (城关镇).
    names : sequence of (start, end)
        Spans of other names found in *text* (organizations, titles); a place inside one of them is
        returned with ``optional=True``.

    Returns
    -------
    list of PlaceMatch
        Non-overlapping matches; ``optional`` ones are inside another name.

    Examples
    --------
    >>> [(m.text, m.optional) for m in find_places("在晋中学院和晋中市")]
    [('晋中', True), ('晋中市', False)]
    """
    if not text:
        return []
    lex = _lexicon()
    index = load_divisions()
    ordered, anchors = _grammar(text, _select(_candidates(text, home, lex, index)), lex)
    books = _Spans((m.start(), m.end()) for m in _BOOK.finditer(text))
    inside_names = _Spans(names)
    out: list[PlaceMatch] = []
    codes: dict[int, str | None] = {}  # candidate start -> resolved code, for chains
    home_codes = {code for code in index.home_codes(home) if code}
    prev_end, prev_code = -1, None
    for i, c in enumerate(ordered):
        within = prev_code if prev_end == c.start else None
        anchor = anchors.get(c.start)
        parent = codes.get(anchor.start) if anchor else within
        div = None
        if c.divs:
            div = index.resolve(c.text, home=home, within=within) or (c.divs[0] if len(c.divs) == 1 else None)
        elif c.level == "township":
            div = _fix_township(c.text, parent, index)
        next_start = ordered[i + 1].start if i + 1 < len(ordered) else None
        optional = (
            c.text in _OWN_COUNTRY
            # The home city and province count even in an event's name (2024年某市群众文化活动).
            or (
                _glued(text, c.end, next_start, lex.suffixes, ordinal=not (div and div.code in home_codes))
                and not _heads_no_name(text, c.end, lex)
            )
            # Inside another name; in a chain only the unit glued to the name's own words is
            # (沁县 of 沁县某某镇党委书记 stays a place).
            or (next_start != c.end and inside_names.hold(c))
            or books.hold(c)
            # “某地”号: a ship's, a train's or a satellite's name; 某地时间5时: a time zone
            or (text[c.start - 1 : c.start] == "“" and text[c.end : c.end + 2] == "”号")
            or bool(_TIME_ZONE.match(text, c.end))
        )
        code = div.code if div else None
        out.append(
            PlaceMatch(
                start=c.start,
                end=c.end,
                text=c.text,
                level=div.level_name if div else (c.level or "township"),
                code=code,
                official_name=div.name if div else None,
                parent_code=div.parent_code if div else parent,
                optional=optional,
            )
        )
        codes[c.start] = code
        prev_end, prev_code = c.end, code
    return out


#: The model's probability of a place it reads (its span marginal) from which a name that is no
#: division, country, city or feature of the reference data counts: tuned on the tuning half of the
#: public NER dev file (docs/model-card.md).
MODEL_PLACE_CONFIDENT = 0.6
# The model's probability from which a name that is also a township's short form counts (中东 beside
# 中东镇, but not 南北 of 南北镇 in 受到南北大众喜爱).
_SHORT_FORM_SURE = 0.9
# The level of a place only the model vouches for (no division, country, city or feature of the data).
_MODEL_LEVEL = "other"
# A place's name as the model may read it: Han characters, a middle dot in transliterations.
_MODEL_PLACE = re.compile(rf"[{HAN}·]{{2,12}}")


def _foreign_name(name: str, tag: str) -> bool:
    """A name of three characters or more that jieba tags as a person's (nr, nrt: many foreign
    places' transliterations, 伯尔尼) and that does not open with an everyday word of another tag
    (幸福感, tagged nr too, is 幸福 + 感). Two-character ones are left out: jieba tags many everyday
    words nr (文明, 高峰)."""
    if tag not in ("nr", "nrt") or len(name) < 3:
        return False
    head = _common_words().get(name[:-1])
    return head is None or head[1] in _NAME_TAGS


def _transliterated(name: str, lex: _Lexicon) -> bool:
    """A name of three characters or more made only of the characters of foreign names' transliteration
    tables (图卢兹, 伯尔尼; not 玉皇顶)."""
    return len(name) >= 3 and all(ch in lex.foreign_chars for ch in name)


def transliterated_place(name: str) -> bool:
    """A transliterated foreign place's name: three transliteration characters or more, maybe ended by
    a division's or a feature's word (某某巴德州, 某某尔特河).

    >>> transliterated_place("贾拉拉巴德州"), transliterated_place("德州")
    (True, False)
    """
    lex = _lexicon()
    core = name[:-1] if name[-1:] in _FOREIGN_UNIT else name
    return _transliterated(core, lex)


# The words that end a foreign division's or feature's transliterated name (州, 省, 河, 湖...).
_FOREIGN_UNIT = set("州省市县区河湖山岛")


# The last characters of a natural feature's name: mountains, peaks, ridges, lakes, rivers, islands, bays.
_FEATURE_END = re.compile(r"(?:山|峰|岭|顶|湖|江|河|岛|湾|峡|瀑布|半岛|群岛|海峡|高原|盆地|平原|草原|沙漠)$")


def _feature(name: str) -> bool:
    """A name of three characters or more ended by a natural feature's word whose front is no everyday
    word (玉龙峰, 青石岭; not 半边天, nor 大江 of 大江南北)."""
    m = _FEATURE_END.search(name)
    return len(name) >= 3 and m is not None and m.start() >= 2 and not _frequent(name[: m.start()])


def _word_ends(text: str, end: int, lex: _Lexicon) -> bool:
    """A name the model reads ends at *end*: a boundary (punctuation, a one-character word) follows, or
    jieba's segmentation of the clause ends a word there and no name head starts within the next three
    characters before a cue character (西昌发射, 某县苗族; not 南湖 of 南湖名都小区, nor 平遥 of 平遥花园小区:
    the name opens a longer one)."""
    if boundary_strength(text, end) >= 1:
        return True
    start, _hi = _clause(text, end, end, 12)
    stop = _clause(text, end, end, len(text))[1]
    if end - start not in word_bounds(text[start:stop]):
        return False
    for k in range(end, min(end + 4, stop)):
        if text[k] in _CUE_CHARS:
            break
        if _glued(text, k, None, lex.suffixes):
            return False
    return True


def model_place(
    text: str, start: int, end: int, confidence: Callable[[], float], *, home: Home | None = None
) -> PlaceMatch | None:
    """The place the name model reads at ``text[start:end]``, if the rules accept it.

    The rules decide its kind and code: a division by its official name, or a province or a
    prefecture by its short form (山东 is 山东省; with its code where the name is unambiguous, else
    only its level) unless the short form is an everyday word; a country, a foreign city or a
    natural feature of the gazetteer; China itself is read as the rules read it (optional, see
    ``_OWN_COUNTRY``). A county's or a township's short form counts only when the model is very sure
    (:data:`_SHORT_FORM_SURE`; level ``other``, no code: the rules read it only with more evidence). A name the reference data lack counts only when the
    model is sure of it (*confidence*, asked only then, at least :data:`MODEL_PLACE_CONFIDENT`;
    level ``other``) and jieba's dictionary lists it, if at all, as a frequent place name (亚洲, 中东;
    not 天下, 地球, nor a rare word it happens to tag as a place). Never: one character (中, 美 in 中美), a name of the blocking
    words (idioms), or anything but Han characters and middle dots.

    >>> [model_place(t, 0, 2, lambda: 0.0).level for t in ("山东的", "美国的")]
    ['province', 'country']
    >>> model_place("山东", 0, 2, lambda: 0.0).code, model_place("长治久安", 0, 4, lambda: 1.0)
    ('370000', None)
    """
    name = text[start:end]
    lex = _lexicon()
    kinds = lex.words.get(name, frozenset())
    if not _MODEL_PLACE.fullmatch(name) or "block" in kinds:
        return None
    if name in _OWN_COUNTRY:
        return PlaceMatch(start, end, name, "country", optional=True)
    index = load_divisions()
    div = index.resolve(name, home=home, short=False)
    if div is not None:
        return PlaceMatch(start, end, name, div.level_name, div.code, div.name, div.parent_code or None)
    if index.lookup(name):  # homonyms: the highest level, no code
        return PlaceMatch(start, end, name, LEVEL_NAMES[min(d.level for d in index.lookup(name))])
    entry = _common_words().get(name)
    if "common" not in kinds and (entry is None or entry[1] in _NAME_TAGS):
        # a province's or a prefecture's short form (山东, 广州); a county's or a township's needs the
        # model's high sureness (the rules read those only with their full name or the home nearby)
        short = [d for d in index.lookup_short(name) if d.level <= 2]
        div = index.resolve(name, home=home) if short else None
        if div is not None and div.level <= 2:
            return PlaceMatch(start, end, name, div.level_name, div.code, div.name, div.parent_code or None)
        if short:
            return PlaceMatch(start, end, name, LEVEL_NAMES[min(d.level for d in short)])
    if any(d.level == 3 for d in index.lookup_short(name)):
        # a county's short form (敦煌 of 敦煌市) only when the model is very sure and the name ends a
        # word (not 南湖 of 南湖名都小区, a housing estate's name: _word_ends); no code: the short form may
        # name another place (a region, an old name)
        if _word_ends(text, end, lex) and confidence() >= _SHORT_FORM_SURE:
            return PlaceMatch(start, end, name, _MODEL_LEVEL)
        return None
    if name in lex.gazetteer:
        return PlaceMatch(start, end, name, lex.gazetteer[name])
    if entry is not None and not (entry[1] in ("ns", "nz") and entry[0] >= _FREQUENT):
        # 天下, 幸福感, 大运河 (nz): no place's name on the model's word; a rare word jieba tags as a
        # place (巢县, 西柏坡, 卡口), or a transliteration it tags as a person's name (科索沃), only
        # when the model is very sure, or sure if it is made of transliteration characters only
        if entry[1] == "ns" or _foreign_name(name, entry[1]):
            sure = MODEL_PLACE_CONFIDENT if _transliterated(name, lex) or _feature(name) else _SHORT_FORM_SURE
            if confidence() >= sure:
                return PlaceMatch(start, end, name, _MODEL_LEVEL)
        return None
    # a township's short form is mostly an everyday word (南北 of 南北镇): the model must be surer
    sure = _SHORT_FORM_SURE if index.lookup_short(name) else MODEL_PLACE_CONFIDENT
    if confidence() >= sure:
        return PlaceMatch(start, end, name, _MODEL_LEVEL)
    return None


# -- spaCy component -----------------------------------------------------------------------------


class PlacesComponent(Component):
    """Write :func:`find_places` results to ``doc.spans[spans_key]`` (GPE, or LOC for natural features and regions).

    Each span's ``kb_id_`` is the division code (or ""), and ``span._.place`` a msgpack-safe dict of
    the :class:`PlaceMatch` fields. Spans of the ``names_keys`` groups already on the doc
    (organizations, titles, persons) make the places inside them optional; ``doc._.guanxi_home``
    is the paper's home. Spans are snapped to tokens (:func:`~guanxi.extractors.extensions.snap`,
    which counts the widened ones in ``doc._.guanxi_misses``).
    """

    resources = ("gazetteer.tsv", "place_words.tsv", "surnames.tsv", "title_posts.tsv", "transliteration.tsv")

    def __init__(
        self, nlp: Language, name: str, *, spans_key: str, names_keys: list[str], include_optional: bool
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.names_keys = list(names_keys)
        self.include_optional = include_optional

    @property
    def labels(self) -> tuple[str, ...]:
        return ("GPE", "LOC")

    def load(self) -> None:
        _lexicon()

    def process(self, doc: Doc) -> Doc:
        names = [
            (sp.start_char, sp.end_char)
            for key in self.names_keys
            if key in doc.spans
            for sp in doc.spans[key]
        ]
        home = Home.parse(doc._.guanxi_home) if doc._.guanxi_home else None
        spans: list[Span] = []
        for m in find_places(doc_text(doc), home=home, names=names):
            if m.optional and not self.include_optional:
                continue
            span = snap(doc, m.start, m.end, m.label, kb_id=m.code or "")
            if span is None:
                continue
            span._.place = _to_dict(m)
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


def _to_dict(m: PlaceMatch) -> dict[str, Any]:
    return {f: getattr(m, f) for f in PlaceMatch.__slots__}


@Language.factory(
    "guanxi_places",
    assigns=["doc.spans"],
    requires=["doc.spans"],
    default_config={
        "spans_key": "guanxi_places",
        "names_keys": ["guanxi_organizations", "guanxi_titles", "guanxi_persons"],
        "include_optional": True,
    },
)
def make_places(
    nlp: Language, name: str, spans_key: str, names_keys: list[str], include_optional: bool
) -> PlacesComponent:
    """Build the ``guanxi_places`` component (settings documented on :class:`PlacesComponent`)."""
    return PlacesComponent(
        nlp, name, spans_key=spans_key, names_keys=names_keys, include_optional=include_optional
    )
