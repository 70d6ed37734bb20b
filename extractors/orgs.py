"""Organization names in plain text, without spaCy: find them, type them, canonicalize them.

Mentions: party, government, congress, CPPCC, courts, police, army, schools, hospitals,
companies, associations, media.

The matcher is suffix-anchored and linear: one regex pass finds body suffixes (局, 委员会, 有限公司,
大学...), then each name is grown to the left over a bounded window until a stop word, a punctuation
mark or the start of the line, and checked against its grammar: a place or level prefix (长治市, 市,
中央), a free core, and the suffix. Bodies printed back to back form a chain (市委 + 组织部,
省公安厅 + 交通管理局); the longest chain is the name, the inner links are nested names.

A mention is *optional* (a careful reader may skip it) when it only fronts a person's title
(市委 in 市委常委), sits inside another name or a document title, or lies in a given title span.

The spaCy component (:mod:`guanxi.extractors.components.organizations`) and the graph stage
(the type of a body named only in a title, :func:`org_type`) both use these rules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from guanxi.extractors.alternation import longest_first
from guanxi.extractors.dictionary import dictionary_tag as _dictionary_tag
from guanxi.extractors.dictionary import noun_conjunction
from guanxi.extractors.orgs_lexicon import OrgLexicon, Suffix, load_org_lexicon

from guanxi.han import HAN as _CJK
from guanxi.han import is_han as _is_cjk
from guanxi.model import Home

__all__ = [
    "MODEL_HEAD_CONFIDENT",
    "MODEL_ORG_CONFIDENT",
    "OrgMatch",
    "canonical_org",
    "country_before",
    "find_organizations",
    "headed_org",
    "model_org",
    "org_type",
    "page_organizations",
    "split_title_body",
]

_NUM = "一二三四五六七八九十百零〇两"
# Longest core (characters between prefix and suffix) and longest name we look at.
_MAX_CORE = 14
_WINDOW = 24
# Longest chain of bodies (省公安厅民用机场公安局长治机场分局 has five) and longest name, so that
# degenerate input (市委市委市委…) stays linear.
_MAX_UNITS = 6
_MAX_NAME = 40
# Longest place name checked for a stop character inside it (宜都市, 和平区): keeps the check cheap.
_PLACE_SPAN = 7
# Suffixes that never follow a prefix directly with nothing between (市中心 is downtown, not a body).
# Teams named after the place or the country they play for (巴西队, 中国女队).
_TEAMS = frozenset({"队", "男队", "女队"})
# Last characters of a core before 部 that make it a part of a country or a headquarters (西北部, 总部).
_NOT_MINISTRY = frozenset("东南西北中内外总")
_NEEDS_CORE = frozenset(
    {"公司", "有限公司", "集团", "中心", "大学", "学院", "学校", "委员会", "协会", "厂", "局", "厅", "部"}
)
# Division level a level character stands for (市 = prefecture): 市山西… puts 市 with the word before.
_LEVEL_RANK = {"province": 1, "city": 2, "county": 3, "district": 3}
_TOWNSHIP = re.compile(rf"[{_CJK}]{{2,3}}(?:镇|乡|街道|苏木)")
# First characters of no township name: 全镇, 该乡, 各街道, 乡镇.
_NOT_STEM = frozenset("全该各本我每其此这那城乡村一两小大")
# National words that open a name wherever they stand (中国作家协会, 国家体育总局).
_NATIONAL_WORDS = ("中国", "中华人民共和国", "国家", "全国", "中央", "中共")
_SESSION = re.compile(rf"第?[{_NUM}]+届")
# Session meetings and plenaries named after their body: the body counts on its own (市委十二届七次全会).
_MEETING_AFTER = re.compile(
    rf"(?:第?[{_NUM}\d]+届)?(?:[{_NUM}\d]+次|第[{_NUM}\d]+次)(?:全体|全会|会议|常委会议|主席会议)"
)
# A body named inside a report's or document's name (长治市政府工作报告); 《…》 titles are found apart.
_DOC_AFTER = re.compile(r"(?:工作报告|文件)")
# Heads of a newspaper's name: printed in 《》 it is still the paper (a media body), not a work's title.
_PAPER_ENDS = ("日报", "晚报", "时报", "晨报", "商报", "都市报")
# A paper, a magazine or a news service printed in 《》 is a media body wherever it stands: by its
# head (…报 but a document's 通报 or 公报, …周刊, …杂志), or by what it does (据《…》报道, 《…》刊登).
_MEDIUM_TITLE = re.compile(rf"[{_CJK}A-Za-z·]{{2,12}}")
_MEDIUM_ENDS = ("报", "周刊", "月刊", "杂志", "画报")
_NOT_MEDIUM_ENDS = ("通报", "简报", "公报", "汇报", "喜报", "捷报", "海报", "情报", "战报", "年报", "预报", "举报", "申报", "电报", "警报", "学报", "快报")
_MEDIUM_AFTER = re.compile(r"(?:报道|刊登|刊载|刊发|载文|发表|消息|社论|评论员)")
# Brackets inside a company name: a place or the group form, full-width or ASCII (青禾（厦门）科技有限公司,
# 上海青禾(集团)有限公司). Other brackets (notes, abbreviations) end a name as before.
_NAME_BRACKET = re.compile(rf"(?<=[{_CJK}])[（(]([{_CJK}]{{2,8}})[)）](?=[{_CJK}])")
_BRACKET_WORDS = frozenset({"集团", "控股", "股份", "中国", "集团公司", "控股集团"})
# A quoted brand right before a body suffix is part of the name ("青禾惠民"志愿服务队).
_QUOTE_CLOSE = {"”": "“", '"': '"', "」": "「", "’": "‘"}
_MAX_BRAND = 12


@dataclass(frozen=True, slots=True)
class OrgMatch:
    """An organization mention: offsets into the text given, its type, canonical name and parent.

    ``optional`` is True when the mention only fronts a person's title, sits inside another name or
    a document title, or names a kind of company, school or hospital without a name (保险公司);
    ``why`` says which (``title``, ``nested``, ``document``, ``generic``), else "".
    """

    start: int
    end: int
    text: str
    type: str
    canonical: str
    parent: str | None
    optional: bool
    why: str = ""


@dataclass(frozen=True, slots=True)
class _Prefix:
    end: int
    places: tuple[tuple[int, int, int], ...]  # (start, end, level) of place names
    scopes: tuple[str, ...]  # level words: province city county district national zone


# ----------------------------------------------------------------------------------------------
# compiled lexicon


@dataclass(frozen=True, slots=True)
class _Compiled:
    lex: OrgLexicon
    anchor: re.Pattern[str]
    stop: re.Pattern[str]
    protect: re.Pattern[str]
    prefix_words: tuple[str, ...]
    prefix_lengths: tuple[int, ...]  # the lengths of prefix_words, longest first
    not_prefix: tuple[str, ...]
    title: re.Pattern[str]
    generic: frozenset[str]
    max_generic: int
    place_chars: frozenset[str]  # stop words that occur inside some place name (都 in 宜都市)
    max_ending: int  # longest ending in org_right_context.tsv


# A country's legislature named alone (国会通过…): a body of the country the text is about, not a
# generic noun; 议会 is left out (a village's or a city's council, and the tail of longer names).
_NATIONAL_LEGISLATURES = frozenset({"国会", "参议院", "众议院"})
# Characters that make 党 the start of another word (党委, 党支部, 党员, 党派, 党性, 党建, 党校, 党组...).
_PARTY_WORDS = "委|支|总支|组|校|工|建|员|派|性|籍|务|史|风|纪|章|群|代|课"


@cache
def _compiled() -> _Compiled:
    lex = load_org_lexicon()
    special = [
        # Numbered session bodies: 政协第九届青禾市委员会, 中国人民政治协商会议X第十四届委员会.
        rf"(?P<cppcc>政协第[{_NUM}]+届[{_CJK}]{{2,14}}?委员会|政协[{_CJK}]{{2,14}}?第[{_NUM}]+届委员会|中国人民政治协商会议[{_CJK}]{{2,14}}?第[{_NUM}]+届委员会)",
        # 中共青禾市委, 中国共产党X委员会.
        rf"(?P<cpc>中共[{_CJK}]{{2,12}}?(?:省|市|县|区|州|旗|盟)委(?!员)|中国共产党[{_CJK}]{{2,12}}?委员会)",
        # Numbered police squads: 刑警三中队, 交警二大队.
        rf"(?P<squad>(?:刑警|交警|特警|巡警|治安)[{_NUM}]*(?:大队|中队|支队))",
        # News sites by their byline (青禾网记者, 青禾网讯); 网 alone is too common a word to be a head.
        r"(?P<site>(?<!互联)(?<!物联)(?<![电上])网(?=记者|讯|消息|客户端))",
    ]
    # Party names (工党, 自由党): not where 党 opens another word (职工党支部, 民主党派, 共产党员).
    parties = {w for w, suf in lex.suffixes.items() if suf.type == "party" and suf.kind == "unit"}
    special.append(rf"(?P<party>{longest_first(parties)})(?!{_PARTY_WORDS})")
    words = (set(lex.suffixes) - parties) | set(lex.national)
    anchor = re.compile("|".join([*special, "(?P<word>" + longest_first(words) + ")"]))
    stop = re.compile(longest_first(lex.stopwords))
    # A country whose name holds a stop word (以 of 以色列) is protected like a phrase.
    countries = frozenset(p for p, scope in lex.prefixes.items() if scope == "country")
    protected = lex.protected | _inside_any_of(lex.stopwords, countries)
    protect = re.compile(longest_first(protected))
    posts = longest_first(lex.title_words)
    # Rank words before a post: 常务副主任, 名誉主席, 三级高级法官, 专职副主委.
    title = re.compile(rf"(?:常务|名誉|专职|兼职|执行|驻会|首席|[{_NUM}]级|高级)*(?:{posts})")
    prefix_words = tuple(sorted((p for p, s in lex.prefixes.items() if s != "none"), key=lambda w: -len(w)))
    not_prefix = tuple(p for p, s in lex.prefixes.items() if s == "none")
    return _Compiled(
        lex=lex,
        anchor=anchor,
        stop=stop,
        protect=protect,
        prefix_words=prefix_words,
        prefix_lengths=tuple(sorted({len(w) for w in prefix_words}, reverse=True)),
        not_prefix=not_prefix,
        title=title,
        generic=lex.generic,
        max_generic=max(map(len, lex.generic)),
        place_chars=_inside_any(lex.stopwords, lex.places),
        max_ending=max(map(len, lex.right_context)),
    )


def _inside_any_of(words: Iterable[str], names: Iterable[str]) -> frozenset[str]:
    """The *names* holding one of *words* (few names: a test of each)."""
    words = frozenset(words)
    return frozenset(n for n in names if any(n[i : i + k] in words for i in range(len(n)) for k in (1, 2)))


def _inside_any(words: Iterable[str], names: Iterable[str]) -> frozenset[str]:
    """The *words* found inside some of *names*, by one search each in all the names joined by
    line breaks (names hold none): a test of every word against every name cost seconds at start.

    >>> sorted(_inside_any(["都", "和", "的"], ["宜都市", "和平县"]))
    ['和', '都']
    """
    joined = "\n".join(names)
    return frozenset(w for w in words if w and "\n" not in w and w in joined)


# ----------------------------------------------------------------------------------------------
# text cleaning: PDF line wraps inside a name (北京化工大⏎⏎学)

_WRAP = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]*\n[ \t\u3000\n]*(?=[{_CJK}])")
_SOFT_STOPS = "和与及同"
# Middle dots between the parts of a transliterated name, as printed (·, •, ・).
_DOTS = "·•・"
# Stop words that are nouns naming whom a body serves: inside a name after a place or a level word.
_SERVED = frozenset({"企业", "干部", "职工", "人员"})
# Directional and resultative complements of a verb (办起, 建成, 带来).
_COMPLEMENTS = frozenset("起上下出成好到来")
# A classifier or a unit of time after a number (printed in digits before the name, or 几, 数):
# 三家 of a village's name (三家村) is no count, so other numerals in characters are left alone.
_COUNT = re.compile(r"([几数]?)[家所座个间年月]")
_SENTENCE_END = '。！？!?”"：:；;）)】》'


def _unwrap(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Join lines cut by the PDF inside a sentence; return clean text and (clean, original) breakpoints.

    A break is joined only after a long body line (>= 30 characters) that does not end a sentence,
    so headlines and captions stay apart.
    """
    pieces: list[str] = []
    breaks: list[tuple[int, int]] = []
    last = 0
    clean_len = 0
    for m in _WRAP.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : m.start()]
        body_line = len(line) >= 30 or any(p in line for p in "，,。、；;")
        if not body_line or line.lstrip().startswith("#") or line[-1] in _SENTENCE_END:
            continue
        if text.startswith("#", m.end()):
            continue
        pieces.append(text[last : m.start()])
        clean_len += m.start() - last
        last = m.end()
        breaks.append((clean_len, m.end()))
    if not breaks:
        return text, []
    pieces.append(text[last:])
    return "".join(pieces), breaks


def _to_original(i: int, breaks: list[tuple[int, int]], *, end: bool = False) -> int:
    if not breaks:
        return i
    # For an end offset, a position right at a join maps to before the removed whitespace.
    k = bisect_right(breaks, (i - 1 if end else i, 1 << 60)) - 1
    if k < 0:
        return i
    clean, orig = breaks[k]
    return orig + (i - clean)


# ----------------------------------------------------------------------------------------------
# grammar pieces


def _place_at(c: _Compiled, t: str, p: int, limit: int) -> tuple[int, int] | None:
    """Longest division name starting at *p* and ending by *limit*: (end, level)."""
    places = c.lex.places
    for k in range(min(c.lex.max_place, limit - p), 1, -1):
        level = places.get(t[p : p + k])
        if level is not None:
            return p + k, level
    return None


_DISTRICT = re.compile(rf"[{_CJK}]{{2}}[区县]")


def _unlisted_district(t: str, i: int, limit: int) -> int | None:
    """End of a district or county missing from the official list at *i* (a new or renamed one,
    青禾区), or None: two characters that are no everyday word (a place name in jieba's dictionary
    may be), then 区 or 县 that makes no word with what follows (区域, 县城)."""
    m = _DISTRICT.match(t, i, limit)
    if not m or t[i] in _NOT_STEM:
        return None
    stem_tag = _dictionary_tag(t[i : i + 2])
    if stem_tag and not stem_tag.startswith("ns"):
        return None
    if _dictionary_tag(t[i + 2 : i + 4]) or _dictionary_tag(t[i + 1 : i + 3]):
        return None  # 青禾区域, 山区县: the level character belongs to a word
    return m.end()


def _parse_prefix(c: _Compiled, t: str, p: int, limit: int) -> _Prefix:
    """Read place names, level words (市, 省, 中央), zones (高新区) and sessions (九届) from *p*."""
    places: list[tuple[int, int, int]] = []
    scopes: list[str] = []
    i = p
    while i < limit:
        if t.startswith(c.not_prefix, i):
            break
        hit = _place_at(c, t, i, limit)
        if hit is None and (i == p or places):
            # Townships missing from the official list still read as places (九重镇党委).
            m = _TOWNSHIP.match(t, i, limit)
            if m and t[i] not in _NOT_STEM:
                hit = (m.end(), 4)
            elif i == p:
                # So do districts and counties (青禾区公安分局: not 区公安分局).
                end = _unlisted_district(t, i, limit)
                hit = (end, 3) if end else None
        if hit is not None:
            places.append((i, hit[0], hit[1]))
            i = hit[0]
            continue
        # (one C-level test first: with the countries the prefixes are some two hundred words)
        # the words at i, longest first: one dictionary test per length (some two hundred words)
        for n in c.prefix_lengths if t.startswith(c.prefix_words, i) else ():
            w = t[i : i + n]
            if len(w) == n and i + n <= limit and c.lex.prefixes.get(w, "none") != "none":
                scope = c.lex.prefixes[w]
                # A bare level character opens a name only at its start or after a place (长治市 委),
                # and never right before a place (我市山西…: 市 belongs to 我市).
                if len(w) == 1 and scope != "national" and i != p and not places:
                    continue
                if len(w) == 1 and not places:
                    after = _place_at(c, t, i + 1, limit)
                    if after is not None and after[1] < _LEVEL_RANK.get(scope, 9):
                        continue
                scopes.append(scope)
                i += len(w)
                break
        else:
            m = _SESSION.match(t, i, limit)
            if m and (places or scopes):
                i = m.end()
                continue
            break
    return _Prefix(i, tuple(places), tuple(scopes))


def _generic(c: _Compiled, core: str) -> bool:
    """True when *core* is made only of generic words (服务, 管理, 社区...)."""
    n = len(core)
    if n == 0:
        return True
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for k in range(1, min(c.max_generic, n - i) + 1):
            if core[i : i + k] in c.generic:
                ok[i + k] = True
    return ok[n]


# jieba's tags of everyday words (nouns, verbs, verbal nouns): a core made only of such words names no
# one (保险公司, 编织袋厂, 农民业余学校), while a place, a person's or a brand's name, a word jieba
# lacks (青禾), a number or a Latin letter does. jieba tags many everyday words as names (红旗 nr, 长城
# ns): those stay names, the test errs on the side of keeping.
_COMMON_TAGS = frozenset({"n", "v", "vn"})
_NAME_TAGS = ("nr", "ns", "nt", "nz", "j")
# Bodies whose name without a place is a brand or a proper name (companies, schools, hospitals); a
# committee, an institute or a paper may be named after its field alone (经济日报, 产业联合党委).
_NAMED_BY_TRADE = frozenset({"company", "school", "hospital"})


def _nameless(core: str, head: str) -> bool:
    """Is *core* made only of everyday words of jieba's dictionary, two characters or more each,
    with no word jieba tags as a name inside it (国防科技 nt over 国防 + 科技), and is *core* + *head*
    no name of the dictionary (建设银行 nt)?

    >>> _nameless("保险", "公司"), _nameless("农民业余", "学校"), _nameless("青禾", "公司")
    (True, True, False)
    >>> _nameless("中煤保险", "公司"), _nameless("红旗", "厂"), _nameless("建设", "银行")
    (False, False, False)
    """
    n = len(core)
    if _dictionary_tag(core + head).startswith(_NAME_TAGS) or any(_dictionary_tag(core[i : i + k]).startswith(_NAME_TAGS) for k in (2, 3, 4) for i in range(n - k + 1)):
        return False
    ok = [True] + [False] * n
    for i in range(n):
        if ok[i]:
            for k in range(2, min(4, n - i) + 1):
                if _dictionary_tag(core[i : i + k]) in _COMMON_TAGS:
                    ok[i + k] = True
    return n > 0 and ok[n]


def _hard_start(
    c: _Compiled, t: str, s: int, floor: int, inner: dict[int, tuple[int, bool]] | None = None
) -> int:
    """Leftmost start for a name whose suffix begins at *s*: after the last non-CJK character or stop
    word in the window, protected phrases (文化和旅游) excepted. *inner* maps the end of a bracket or
    quote that belongs to a name to (its start, is a quote): the name runs over it; a quoted brand
    opens the name, or the place printed right before it does (平遥县"青禾"服务队)."""
    lo = max(floor, s - _WINDOW)
    j = s
    jumped: list[tuple[int, int]] = []
    while j > lo:
        if _is_cjk(t[j - 1]):
            j -= 1
        elif t[j - 1] in _DOTS and j - 1 > lo and _is_cjk(t[j - 2]) and j < s:
            j -= 1  # a transliterated name's middle dot (乔治·青禾大学)
        elif inner and j in inner and inner[j][0] >= lo:
            q, quote = inner[j]
            jumped.append((q, j))
            j = q
            if quote:
                top = min(c.lex.max_place, j - lo)
                return next((j - k for k in range(top, 1, -1) if t[j - k : j] in c.lex.places), j)
        else:
            break
    window = t[j:s]
    if not window:
        return s
    masked = c.protect.sub(lambda m: "\0" * len(m.group()), window)
    # A conjunction joining two words of the name is no boundary either (机械与材料学院), unless
    # the word before it closes a name or a phrase (东方公司和…银行, 基金组织和…银行).
    for k, ch in enumerate(masked):
        if ch in _SOFT_STOPS and noun_conjunction(t, j + k, s) == s and not _closes(c, t, j + k):
            masked = masked[:k] + "\0" + masked[k + 1 :]
    for q, e in jumped:
        masked = masked[: q - j] + "\0" * (e - q) + masked[e - j :]
    last = 0
    for m in c.stop.finditer(masked):
        # A stop character inside a place name (宜都市, 和平区, 向阳区) is no boundary.
        if m.group() in c.place_chars and _in_place(c, t, j + m.start(), j + m.end(), j):
            continue
        # Nor is a noun that names whom a body serves, right after a place or a level word (市职工医院,
        # 中国企业联合会, 县干部学校); after other words it ends the name before it (…的工作人员).
        if m.group() in _SERVED and last < m.start() and _only_prefix(c, t, j + last, j + m.start()):
            continue
        last = m.end()
    start = j + last
    if start < s and t[start] in _DOTS:
        start += 1  # no name opens with a dot (a stop word before it: 他说·…)
    start = _after_former(c, t, start, s)
    # A verb ending the window takes its complement with it (办起, 带来: the name starts after it).
    if last and start < s and t[start] in _COMPLEMENTS and _dictionary_tag(t[start - 1 : start + 1]) == "v":
        start += 1
    # A count is no part of a name (35家航空公司, 1997年…厂, 几家汽车公司: the name starts after it).
    count = _COUNT.match(t, start, s)
    if count and (count.group(1) or (start > 0 and t[start - 1].isdigit())):
        start = count.end()
    return start


def _only_prefix(c: _Compiled, t: str, s: int, e: int) -> bool:
    """Is t[s:e] made only of place names and level or national words (市, 中国浦东, 东方市)?"""
    pre = _parse_prefix(c, t, s, e)
    return pre.end == e and bool(pre.places or pre.scopes)


def _after_former(c: _Compiled, t: str, start: int, end: int) -> int:
    """Where a name starting at *start* begins once a 原 ("former": 原青禾机械厂) is left out; not
    where 原 opens a word or a place (原子能, 原平市)."""
    if (
        t.startswith("原", start)
        and start + 2 < end
        and not _dictionary_tag(t[start : start + 2])
        and _place_at(c, t, start, min(end, start + c.lex.max_place)) is None
    ):
        return start + 1
    return start


def _closes(c: _Compiled, t: str, k: int) -> bool:
    """Does a body suffix (公司, 厂) or a stop word of two characters or more (组织) end at *k*?"""
    return any(t[k - n : k] in c.lex.suffixes for n in range(1, 5)) or any(
        t[k - n : k] in c.lex.stopwords for n in range(2, 5)
    )


def _in_place(c: _Compiled, t: str, s: int, e: int, floor: int) -> bool:
    """Does a place name of up to _PLACE_SPAN characters cover t[s:e] and reach beyond it?"""
    places = c.lex.places
    for q in range(max(floor, s - _PLACE_SPAN + 1), s + 1):
        for k in range(max(2, e - q), _PLACE_SPAN + 1):
            if q + k > len(t):
                break
            if t[q : q + k] in places and (q < s or q + k > e):
                return True
    return False


def _right_ok(c: _Compiled, t: str, e: int, word: str) -> bool:
    """False when the next character makes the suffix part of another word (部署, 会议, 大学生), or
    the suffix closes a common word that names no body (大局, 干部)."""
    for k in (2, 3, 4):
        if t[max(0, e - k) : e] in c.lex.false_words:
            return False
    if e >= len(t):
        return True
    nxt = t[e]
    if nxt == "长" and _place_at(c, t, e, min(len(t), e + c.lex.max_place)) is None:
        return False
    rc = c.lex.right_context
    for k in range(1, min(len(word), c.max_ending) + 1):
        chars = rc.get(word[-k:])
        if chars and nxt in chars and nxt != "长":
            # 中心组 is a study group, but 中心组织开展 is a centre organizing something.
            if t.startswith("组织", e):
                continue
            return False
    return True


# ----------------------------------------------------------------------------------------------
# matching


@dataclass(slots=True)
class _Anchor:
    start: int
    end: int
    suffix: Suffix
    special: str  # "", "cppcc", "cpc", "squad", "national"
    canonical: str | None = None


def _anchors(c: _Compiled, t: str) -> list[_Anchor]:
    out: list[_Anchor] = []
    lex = c.lex
    for m in c.anchor.finditer(t):
        kind = m.lastgroup or "word"
        word = m.group()
        if kind == "cppcc":
            out.append(_Anchor(m.start(), m.end(), Suffix(word, "cppcc", "bare"), "cppcc"))
        elif kind == "cpc":
            out.append(_Anchor(m.start(), m.end(), Suffix(word, "party", "bare"), "cpc"))
        elif kind == "squad":
            out.append(_Anchor(m.start(), m.end(), Suffix(word, "police", "unit"), "squad"))
        elif kind == "party":
            out.append(_Anchor(m.start(), m.end(), lex.suffixes[word], ""))
        elif kind == "site":
            out.append(_Anchor(m.start(), m.end(), Suffix(word, "media", "free"), ""))
        elif word in lex.national:
            typ, canonical = lex.national[word]
            if typ != "skip" and _right_ok(c, t, m.end(), word):
                out.append(_Anchor(m.start(), m.end(), Suffix(word, typ, "unit"), "national", canonical))
        else:
            if not _right_ok(c, t, m.end(), word):
                continue
            out.append(_Anchor(m.start(), m.end(), lex.suffixes[word], ""))
    # A trade word right before another suffix is part of a full name (三元煤业有限公司).
    return [
        a
        for k, a in enumerate(out)
        if not (a.suffix.kind == "trade" and k + 1 < len(out) and out[k + 1].start == a.end)
    ]


def _inner_spans(
    c: _Compiled, t: str, anchors: list[_Anchor]
) -> tuple[dict[int, tuple[int, bool]], list[_Anchor]]:
    """Brackets and quotes that belong to a name, as {end: (start, is a quote)}, and the anchors
    left once those inside them are dropped (集团 of 上海青禾(集团)有限公司 is no name end)."""
    inner: dict[int, tuple[int, bool]] = {}
    for m in _NAME_BRACKET.finditer(t):
        if m.group(1) in c.lex.places or m.group(1) in _BRACKET_WORDS:
            inner[m.end()] = (m.start(), False)
    for a in anchors:
        close = t[a.start - 1] if a.start else ""
        if a.suffix.kind != "free" or close not in _QUOTE_CLOSE:
            continue
        q = t.rfind(_QUOTE_CLOSE[close], max(0, a.start - 2 - _MAX_BRAND), a.start - 1)
        if q >= 0 and a.start - 1 - q >= 2 and all(_is_cjk(ch) for ch in t[q + 1 : a.start - 1]):
            inner[a.start] = (q, True)
    if not inner:
        return inner, anchors
    spans = sorted((q, e) for e, (q, _quote) in inner.items())
    kept = [a for a in anchors if not any(q < a.start and a.end < e for q, e in spans)]
    return inner, kept


def _head_start(
    c: _Compiled, t: str, a: _Anchor, hard: int, inside: frozenset[int] = frozenset()
) -> tuple[int, _Prefix] | None:
    """Pick where a name ending with anchor *a* (not chained) starts, or None if no grammar fits;
    no start falls *inside* a bracket or quote of the name."""
    suf = a.suffix
    if a.special == "national":
        # Another country's ministry (印度外交部) is its own body, not China's of the lexicon.
        for k in range(min(_MAX_COUNTRY, a.start - hard), 1, -1):
            if c.lex.prefixes.get(t[a.start - k : a.start]) == "country":
                return a.start - k, _Prefix(a.start, (), ("country",))
    if a.special in ("cppcc", "cpc", "national"):
        return a.start, _Prefix(a.start, (), ())
    if a.special == "squad":
        pre = _parse_prefix(c, t, hard, a.start)
        if pre.end == a.start and (pre.places or pre.scopes):
            return hard, pre
        return a.start, _Prefix(a.start, (), ())
    if suf.kind == "trade":
        return _trade_start(c, t, a, hard)
    starts = [hard]
    # Fallback starts inside the window: where a place name begins (我市… 详细了解长治市…).
    strong: list[int] = []
    for p in range(hard + 1, a.start):
        if p in inside:
            continue
        hit = _place_at(c, t, p, a.start)
        if hit is None and _unlisted_district(t, p, a.start):
            hit = (p + 3, 3)
        if hit is not None:
            starts.append(p)
            if hit[1] <= 2:
                strong.append(p)
        elif t.startswith(_NATIONAL_WORDS, p) or _country_at(c, t, p, a.start):
            starts.append(p)
            strong.append(p)
    # With no prefix at the hard start, a province, city or national word further on opens the
    # name (优秀作家申报参评中国作家协会 -> 中国作家协会).
    if strong and not _parse_prefix(c, t, hard, a.start).end > hard:
        starts = [strong[0], hard, *starts[1:]]
    # A level word right before the suffix (贯彻落实省委, 代表市委): the shortest name. Looked up by
    # length, longest first (one dictionary test per length instead of a scan of every word).
    for n in c.prefix_lengths:
        p = a.start - n
        if p > hard and c.lex.prefixes.get(t[p : a.start], "none") != "none":
            if t[p - 1 : p + 1] not in c.lex.false_words:
                starts.append(p)
                break
    for p in starts:
        pre = _parse_prefix(c, t, p, a.start)
        # One stray character before a place (市 of 我市 in 我市山西…公司): start at the place.
        if (
            p == hard
            and not pre.places
            and not pre.scopes
            and p + 1 < a.start
            and _place_at(c, t, p + 1, a.start)
        ):
            continue
        if _valid(c, t, a, pre):
            return p, pre
    if suf.kind == "unit" or suf.text in _NATIONAL_LEGISLATURES:
        return a.start, _Prefix(a.start, (), ())
    return None


def _country_at(c: _Compiled, t: str, p: int, limit: int) -> bool:
    """Does the name of another country (a prefix of scope ``country``) start at *p*, ending by *limit*?"""
    return any(
        c.lex.prefixes.get(t[p : p + k]) == "country" for k in range(2, min(_MAX_COUNTRY, limit - p) + 1)
    )


# Longest country name looked for at a start (中非共和国, 巴布亚新几内亚).
_MAX_COUNTRY = 8


def _trade_start(c: _Compiled, t: str, a: _Anchor, hard: int) -> tuple[int, _Prefix] | None:
    """A company's short name closed by a trade word (丰源牧业, 鑫源物业): two or three named
    characters right after a boundary or a place name, which stays out of the name."""
    for k in (2, 3):
        q = a.start - k
        if q < hard:
            break
        core = t[q : a.start]
        if _generic(c, core) or _generic(c, core[-2:]):
            continue
        if q == hard or _all_places(c, t[hard:q]):
            return q, _Prefix(q, (), ())
    return None


def _all_places(c: _Compiled, text: str) -> bool:
    """True when *text* is a run of place names (甘州区, 山西长治)."""
    n = len(text)
    ok = [True] + [False] * n
    for i in range(n):
        if ok[i]:
            for k in range(2, min(c.lex.max_place, n - i) + 1):
                if text[i : i + k] in c.lex.places:
                    ok[i + k] = True
    return n > 0 and ok[n]


def _valid(c: _Compiled, t: str, a: _Anchor, pre: _Prefix) -> bool:
    """Does prefix + core + suffix follow the grammar of the suffix's kind?"""
    suf = a.suffix
    core = t[pre.end : a.start]
    has_prefix = bool(pre.places or pre.scopes)
    if len(core) > _MAX_CORE:
        return False
    # Nothing between a bare level word and 公司/中心/局 (市中心 is downtown); a place may do (长治学院).
    empty_ok = suf.text not in _NEEDS_CORE or (
        bool(pre.places) and suf.type in ("school", "media", "association")
    )
    if suf.text.endswith("厅") and not (
        "province" in pre.scopes or any(lv == 1 for _s, _e, lv in pre.places)
    ):
        # 厅 is a provincial department (省公安厅); after a city it is a hall (青禾宾馆迎宾厅).
        return False
    if "country" in pre.scopes and suf.kind != "bare" and len(core) < 2 and not (suf.kind == "unit" and not core):
        return False  # 俄罗斯政局 is the country's political situation, not a bureau of it
    if suf.text in _TEAMS and not (pre.places or {"national", "country"} & set(pre.scopes)):
        return False  # a team after a named place or a country (巴西队, 山东队), not a level word (市队)
    if suf.kind == "bare":
        return has_prefix and not core
    if suf.kind == "body":
        return has_prefix and (bool(core) or empty_ok)
    if suf.kind == "free":
        if has_prefix:
            return bool(core) or empty_ok
        return len(core) >= 2 and not _generic(c, core)
    if suf.kind == "sub":
        if "zone" in pre.scopes and pre.places:
            return bool(core)
        # A ministry of a state (中国外交部, 印度农业部): a named core after the country, not a part
        # of it (西北部) nor a headquarters (总部).
        return (
            suf.text == "部"
            and bool({"national", "country"} & set(pre.scopes))
            and len(core) >= 2
            and core[-1] not in _NOT_MINISTRY
        )
    if suf.kind == "unit":
        return has_prefix
    return False


def _chain_ok(c: _Compiled, t: str, prev_end: int, a: _Anchor) -> bool:
    """Can anchor *a* continue a chain whose last body ends at *prev_end* (市委 + 组织部)?"""
    if a.special in ("cppcc", "cpc"):
        return False
    core = t[prev_end : a.start]
    if len(core) > 10 or not all(_is_cjk(ch) for ch in core):
        return False
    if core and (c.stop.search(c.protect.sub(lambda m: "\0" * len(m.group()), core)) or c.title.match(core)):
        return False
    if a.suffix.kind == "bare" and core and a.special != "national":
        # 市人大 + 法制委: a short committee name inside a body, unless it is a post (市委 + 常委).
        if not (a.suffix.text == "委" and len(core) <= 4 and not c.title.fullmatch(core + "委")):
            return False
    if a.special == "national" and core:
        return False
    return True


@dataclass(slots=True)
class _Chain:
    start: int
    units: list[_Anchor]
    prefix: _Prefix

    @property
    def end(self) -> int:
        return self.units[-1].end


def _chains(c: _Compiled, t: str, anchors: list[_Anchor]) -> list[_Chain]:
    inner, anchors = _inner_spans(c, t, anchors)
    inside = frozenset(i for e, (q, _quote) in inner.items() for i in range(q, e))
    chains: list[_Chain] = []
    current: _Chain | None = None
    for a in anchors:
        if (
            current is not None
            and a.start >= current.end
            and len(current.units) < _MAX_UNITS
            and a.end - current.start <= _MAX_NAME
            and _chain_ok(c, t, current.end, a)
        ):
            current.units.append(a)
            continue
        floor = current.end if current is not None else 0
        hard = _hard_start(c, t, a.start, 0, inner)
        # A name does not reach back into the previous chain, but may start right after it.
        hard = max(hard, floor) if current is not None and floor <= a.start else hard
        head = _head_start(c, t, a, hard, inside)
        # Right after a name, 和/与/及/同 is a conjunction even where it reads as a place with what
        # follows (市妇联和县工商联: 和县 is a county, but here 县工商联 is the name).
        # Only when the name after it starts right there: 市妇联和平区妇联 keeps 和平区.
        if head is not None and current is not None and head[0] == floor and t[floor] in _SOFT_STOPS:
            after = _head_start(c, t, a, floor + 1, inside)
            head = after if after is not None and after[0] == floor + 1 else head
        # A conjunction splits two names only when the right one is a name by itself:
        # 省委和市委, but 山西聪和食品有限公司.
        if head is None and hard > floor and t[hard - 1] in _SOFT_STOPS:
            wider = _hard_start(c, t, hard - 1, 0)
            if current is None or wider >= current.end:
                head = _head_start(c, t, a, wider)
                # Only a place-led name spans a conjunction (山西聪和…, not 优势和文艺家协会).
                if head is not None and not (head[1].places or head[1].scopes):
                    head = None
        if head is None:
            continue
        start, pre = head
        current = _Chain(start, [a], pre)
        chains.append(current)
    return chains


def _trim_start(c: _Compiled, t: str, ch: _Chain) -> int:
    """Where the printed name starts: drop outer divisions of a chain of places (潞城区黄牛蹄乡李庄村小学
    -> 李庄村小学) and a bare zone before a company (高新区中科…有限公司)."""
    start = ch.start
    places = ch.prefix.places
    first_type = ch.units[0].suffix.type
    # A place of the same or a higher level than the one before opens a new name (平谷区马坊镇北京…公司).
    for k in range(1, len(places)):
        if places[k][2] <= places[k - 1][2]:
            start = places[k][0]
    if places and places[-1][2] == 4:
        if len(places) >= 2:
            start = places[-1][0]
        m = re.match(rf"[{_CJK}]{{1,4}}村", t[places[-1][1] : ch.units[0].start])
        if m:
            start = places[-1][1]
    # A village before a company is where it sits (杏林村丰禾牧业有限公司 -> 丰禾牧业有限公司).
    if first_type == "company":
        m = re.match(rf"[{_CJK}]{{1,3}}村(?=[{_CJK}]{{2}})", t[start : ch.units[0].start])
        if m:
            start += m.end()
    if not places and "zone" in ch.prefix.scopes and first_type in ("company", "school", "hospital", "other"):
        for w in c.prefix_words:
            if c.lex.prefixes[w] == "zone" and t.startswith(w, start):
                start += len(w)
                break
    return start


# "A、B、C等特色餐饮企业": the listed items are bodies of the kind the head noun names.
_ENUM = re.compile(
    rf"((?:[{_CJK}]{{2,10}}、){{1,12}}[{_CJK}]{{2,8}})等[{_CJK}]{{0,6}}?(企业|公司|商家|餐馆|饭店|酒店|门店|学校|高校|医院|单位|机构)"
)
_ENUM_TYPE = {"学校": "school", "高校": "school", "医院": "hospital", "单位": "other", "机构": "other"}


def _enumerated(
    c: _Compiled, t: str, found: list[tuple[int, int, str, str | None, str, bool]]
) -> list[tuple[int, int, str, str | None, str, bool]]:
    """Names listed before 等…企业 (深入A、B、C等特色餐饮企业) that no suffix marks."""
    out = []
    taken = [(s, e) for s, e, *_ in found]
    for m in _ENUM.finditer(t):
        typ = _ENUM_TYPE.get(m.group(2), "company")
        pos = m.start(1)
        items = m.group(1).split("、")
        for k, item in enumerate(items):
            s, e = pos, pos + len(item)
            pos = e + 1
            s = _hard_start(c, t, e, s) if k == 0 else _after_former(c, t, s, e)
            if s == e:
                continue
            item = t[s:e]
            if (
                len(item) < 2
                or _generic(c, item)
                or item in c.lex.places
                or item in c.lex.suffixes
                or c.stop.search(item)
            ):
                continue
            if any((fs <= s and e <= fe) or s <= fs < e for fs, fe in taken):
                continue
            out.append((s, e, typ, None, "", True))
    return out


def _media_titles(t: str, doc_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The 《》 spans of *t* that name a paper, a magazine or a news service (with their marks)."""
    out = []
    for s, e in doc_spans:
        title = t[s + 1 : e - 1]
        if not _MEDIUM_TITLE.fullmatch(title):
            continue
        headed = title.endswith(_MEDIUM_ENDS) and not title.endswith(_NOT_MEDIUM_ENDS)
        if headed or _MEDIUM_AFTER.match(t, e) or (t[s - 1 : s] == "据" and t.startswith("报道", e)):
            out.append((s, e))
    return out


def _abbreviations(
    c: _Compiled, t: str, found: list[tuple[int, int, str, str | None, str, bool]]
) -> list[tuple[int, int, str, str | None, str, bool]]:
    """Three-character short forms of a long company or media name printed on the same page
    (中国石油化工集团公司 -> 中石化): the first character of the name and two later ones, in order."""
    out = []
    seen: set[str] = set()
    names = {
        t[s:e]: typ
        for s, e, typ, _p, _w, head in found
        if head and typ in ("company", "media", "association") and 6 <= e - s <= _MAX_NAME
    }
    if not names:
        return out
    trigrams = {t[i : i + 3] for i in range(len(t) - 2)}
    for name, typ in names.items():
        if name[:2] in c.lex.places:
            continue
        for i in range(2, len(name) - 1):
            for j in range(i + 1, len(name)):
                short = name[0] + name[i] + name[j]
                if short in seen or short in name:
                    continue
                seen.add(short)
                if short not in trigrams:
                    continue
                start = t.find(short)
                while start >= 0:
                    out.append((start, start + 3, typ, name, "", True))
                    start = t.find(short, start + 3)
    return out


def _title_after(c: _Compiled, t: str, e: int) -> bool:
    return c.title.match(t, e) is not None


def find_organizations(
    text: str,
    *,
    home: Home | None = None,
    titles: Sequence[tuple[int, int]] = (),
) -> list[OrgMatch]:
    """Find organization mentions in *text*.

    Parameters
    ----------
    text
        Article or page text.
    home
        The paper's home, used for canonical names (市委 -> 长治市委).
    titles
        (start, end) spans of person titles; a body inside one is optional.

    Returns
    -------
    list[OrgMatch]
        Sorted by (start, -end); nested names are listed too, flagged optional with why="nested".

    Examples
    --------
    >>> [(m.text, m.optional) for m in find_organizations("市委组织部召开会议。")]
    [('市委组织部', False), ('市委', True)]
    """
    c = _compiled()
    t, breaks = _unwrap(text)
    anchors = _anchors(c, t)
    chains = _chains(c, t, anchors)
    doc_spans = [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{1,120}》", t)]
    doc_reach = _reach(doc_spans)
    media = _media_titles(t, doc_spans)
    papers = {(s, e) for s, e in doc_spans if t.endswith(_PAPER_ENDS, s, e - 1)} | set(media)
    title_spans = sorted(titles)
    title_reach = _reach(title_spans)
    raw: list[tuple[int, int, str, str | None, str, bool]] = []  # start, end, type, parent, why, head
    for ch in chains:
        start = _trim_start(c, t, ch)
        parent: str | None = None
        typ = "other"
        first = ch.units[0].suffix
        # A company, school or hospital with no name before its head is a kind of body: optional.
        generic = (
            not (ch.prefix.places or ch.prefix.scopes)
            and first.kind == "free"
            and first.type in _NAMED_BY_TRADE
            and _nameless(t[ch.prefix.end : ch.units[0].start], first.text)
        )
        for k, u in enumerate(ch.units):
            if u.suffix.type not in ("other", "government") or k == 0 or typ == "other":
                # Internal units (部, 处, 支行) take their type from the body they belong to.
                if not (k > 0 and u.suffix.kind == "sub"):
                    typ = u.suffix.type
            if k == 0 and typ == "party" and t.startswith("共青团", start):
                typ = "association"  # the Youth League's committees (共青团东方市委), as 团市委
            raw.append((start, u.end, typ, parent, "generic" if generic else "", k == len(ch.units) - 1))
            parent = t[start : u.end]
    raw.extend((s + 1, e - 1, "media", None, "", True) for s, e in media)
    raw.extend(_enumerated(c, t, raw))
    raw.extend(_abbreviations(c, t, raw))
    kept: list[tuple[int, int, str, str | None, str]] = []
    seen: set[tuple[int, int]] = set()
    for s, e, typ, parent, why, head in sorted(raw, key=lambda r: (r[0], -r[1])):
        if (s, e) in seen or e - s < 2:
            continue
        seen.add((s, e))
        if why:
            pass
        elif not head:
            why = "nested"
        elif (s - 1, e + 1) in papers:
            # 《青禾日报》: the paper itself, a media body named without its brackets.
            pass
        elif _covered(doc_spans, doc_reach, s - 1, e + 1) or _DOC_AFTER.match(t, e):
            why = "document"
        elif _title_after(c, t, e) and not _MEETING_AFTER.match(t, e):
            why = "title"
        kept.append((s, e, typ, parent, why))
    # A post printed once after a list of bodies fronts each of them (县委、县政府、县政协领导).
    for k in range(len(kept) - 1, 0, -1):
        s, e, *_rest, why = kept[k]
        if why != "title":
            continue
        for j in range(k - 1, -1, -1):
            ps, pe, ptyp, pparent, pwhy = kept[j]
            if pwhy == "nested":
                continue
            if pe == s - 1 and t[pe] in "、和及与" and pwhy == "":
                kept[j] = (ps, pe, ptyp, pparent, "title")
            break
    matches: list[OrgMatch] = []
    for s, e, typ, parent, why in kept:
        name = t[s:e]
        os_, oe = _to_original(s, breaks), _to_original(e, breaks, end=True)
        if _covered(title_spans, title_reach, os_, oe):
            why = why or "title"
        matches.append(
            OrgMatch(
                start=os_,
                end=oe,
                text=text[os_:oe],
                type=typ,
                canonical=canonical_org(name, home=home),
                parent=canonical_org(parent, home=home) if parent else None,
                optional=bool(why),
                why=why,
            )
        )
    matches.sort(key=lambda m: (m.start, -m.end))
    return matches


@lru_cache(maxsize=65536)
def org_type(name: str) -> str:
    """The type :func:`find_organizations` gives the body *name* (``other`` when it reads none).

    The same rule for a name met in running text or only in a title: the longest mention that
    ends where the name ends decides (X县惠民煤气有限公司 -> company).

    Examples
    --------
    >>> org_type("邯郸军分区"), org_type("丛台区委组织部"), org_type("邯郸市人大"), org_type("某某")
    ('military', 'party', 'congress', 'other')
    """
    name = re.sub(r"\s+", "", name)
    c = _compiled()
    if name in c.lex.national:
        return c.lex.national[name][0]
    ends = [m for m in find_organizations(name) if m.end == len(name)]
    return min(ends, key=lambda m: m.start).type if ends else "other"


#: The model's probability of an organization it reads (its span marginal) from which the name
#: counts without a head of the lexicon (微软, 北大): tuned on the tuning half of the public
#: NER dev file (docs/model-card.md).
MODEL_ORG_CONFIDENT = 0.6
#: The model's probability from which an organization it reads that ends in a body head of the
#: lexicon after a named core (联邦贸易委员会, 对外贸易经济合作部) counts though the rules, lacking a
#: place or level word before it, do not read it whole: the model's span gives the start the rules
#: look for. Tuned on the tuning half of the public NER dev file (docs/model-card.md).
MODEL_HEAD_CONFIDENT = 0.2
# What an organization's name is made of when the model reads it (Latin letters and digits for
# brands and teams; a middle dot in transliterations); anything else (a mark, a quote) is no name.
_MODEL_ORG = re.compile(rf"[{_CJK}A-Za-z0-9·]{{2,{_MAX_NAME}}}")
# Function words no name opens with (和世界银行 is 和 + a name); the stop words of the lexicon end a
# name grown leftwards and include name openers (共 of 共青团, 联合), so they are not used here.
_FUNCTION_START = frozenset("和与及同的在对向从把被将由给让据该这那其每为于以")
# A copula or an aspect particle makes a clause, never a name: a span holding one joins two noun
# phrases (X博物馆新馆是市文化中心). None of the 11,005 organizations of the training corpora
# (PKU 1998-01, CLUENER) holds one.
_CLAUSE_CHARS = frozenset("是了")


def country_before(text: str, start: int) -> int:
    """Where the name of another country printed right before *start* begins (日本 + 大藏省: a body
    of that country is named after it, as the rules read 以色列政府), else *start*."""
    c = _compiled()
    for k in range(min(_MAX_COUNTRY, start), 1, -1):
        if c.lex.prefixes.get(text[start - k : start]) == "country":
            return start - k
    return start


def _lexicon_head(c: _Compiled, name: str) -> Suffix | None:
    """The longest body suffix of the lexicon *name* ends in, with something before it."""
    for k in range(min(len(name) - 1, max(map(len, c.lex.suffixes))), 0, -1):
        suffix = c.lex.suffixes.get(name[-k:])
        if suffix is not None:
            return suffix
    return None


def headed_org(name: str) -> bool:
    """Does *name* end in a body head of the lexicon (委员会, 部, 银行) after a core of at least two
    characters that is not made of generic words only (服务中心)?

    >>> headed_org("联邦贸易委员会"), headed_org("服务中心"), headed_org("大局"), headed_org("微软")
    (True, False, False, False)
    """
    c = _compiled()
    head = _lexicon_head(c, name)
    if head is None or name in c.lex.false_words:
        return False
    core = name[: -len(head.text)]
    return len(core) >= 2 and not _generic(c, core)


def _function_start(name: str) -> bool:
    """Does *name* open with a function word (和世界银行, 在京)? Not when that character opens a
    word of the dictionary with the next one (对外贸易…, 和平…)."""
    return name[0] in _FUNCTION_START and not _dictionary_tag(name[:2])


def model_org(name: str, confidence: Callable[[], float], *, home: Home | None = None) -> tuple[str, str] | None:
    """``(type, canonical)`` of an organization the name model reads, if the rules accept it.

    Accepted: a national body, party or medium of the lexicon (国务院, 新华社), or a name the rules
    read whole as an organization (东方机械厂: a free core and a body suffix); other names only when
    the model is sure of the span (*confidence*, asked only then, at least
    :data:`MODEL_ORG_CONFIDENT`). Never: a name the lexicon says to skip (党中央, which the rules
    never read as a mention), a name opening with a function word (和, 的, 该), one of generic words
    only (服务中心), a clause (a span holding 是 or 了), a word that ends like a body but names none
    (大局), a division name (a place: the rules decide the kind), or anything but Han characters,
    Latin letters, digits and middle dots.

    >>> model_org("新华社", lambda: 0.0), model_org("东方机械厂", lambda: 0.0)
    (('media', '新华通讯社'), ('company', '东方机械厂'))
    >>> model_org("党中央", lambda: 1.0), model_org("山西", lambda: 1.0), model_org("微软", lambda: 0.9)
    (None, None, ('other', '微软'))
    """
    c = _compiled()
    if (
        not _MODEL_ORG.fullmatch(name)
        or _function_start(name)
        or not _CLAUSE_CHARS.isdisjoint(name)
        or name in c.lex.false_words
        or name in c.lex.places
        or _generic(c, name)
    ):
        return None
    if name in c.lex.national:
        typ = c.lex.national[name][0]
        # skip: a name the rules never read as a mention (党中央 of a doctrine's phrase)
        return None if typ == "skip" else (typ, canonical_org(name, home=home))
    whole = [m for m in find_organizations(name) if m.start == 0 and m.end == len(name) and m.why != "generic"]
    if not whole and confidence() < (MODEL_HEAD_CONFIDENT if headed_org(name) else MODEL_ORG_CONFIDENT):
        return None
    typ = whole[0].type if whole else org_type(name)
    if typ == "other":
        head = _lexicon_head(c, name)
        typ = head.type if head is not None else typ
    return typ, canonical_org(name, home=home)


def _reach(spans: list[tuple[int, int]]) -> list[int]:
    """Running maximum of span ends over spans sorted by start (for :func:`_covered`)."""
    out: list[int] = []
    best = -1
    for _s, e in spans:
        best = max(best, e)
        out.append(best)
    return out


def _covered(spans: list[tuple[int, int]], reach: list[int], s: int, e: int) -> bool:
    """Is [s, e) inside one of the sorted *spans*? (log time: some span starting at or before s
    reaches e)."""
    k = bisect_right(spans, (s, 1 << 60)) - 1
    return k >= 0 and reach[k] >= e


def page_organizations(matches: Iterable[OrgMatch]) -> tuple[list[str], list[str]]:
    """Split mentions of one page into (organizations, optional) distinct names, as the gold does:
    a name counts when any of its mentions stands on its own."""
    solid: set[str] = set()
    maybe: set[str] = set()
    for m in matches:
        name = re.sub(r"\s+", "", m.text)
        (maybe if m.optional else solid).add(name)
    return sorted(solid), sorted(maybe - solid)


# ----------------------------------------------------------------------------------------------
# canonical names and title bodies


def canonical_org(name: str, *, home: Home | None = None, context_body: str | None = None) -> str:
    """Canonical form of an organization name: whitespace removed, home place prefixed.

    Examples
    --------
    >>> h = Home("山西省", "长治市")
    >>> canonical_org("市委组织部", home=h)
    '长治市委组织部'
    >>> canonical_org("组织部", home=h, context_body="市委")
    '长治市委组织部'
    >>> canonical_org("省人大常委会", home=h)
    '山西省人大常委会'
    >>> canonical_org("央视")
    '中央电视台'
    """
    return _canonical(name, home or None, context_body)


@lru_cache(maxsize=4096)
def _canonical(name: str, home: Home | None, context_body: str | None) -> str:
    # Cached: a page names the same bodies again and again.
    c = _compiled()
    name = re.sub(r"\s+", "", name)
    if name in c.lex.national:
        canonical = c.lex.national[name][1]
        # 团市委 -> 共青团长治市委: the level word refers to the home.
        if home and canonical.startswith("共青团市") and home.city:
            return "共青团" + home.city + canonical[4:]
        if home and canonical.startswith("共青团省") and home.province:
            return "共青团" + home.province + canonical[4:]
        return canonical
    if context_body and not _has_place_or_level(c, name):
        name = re.sub(r"\s+", "", context_body) + name
    if home:
        if name.startswith("市") and home.city and not name.startswith(c.not_prefix):
            return home.city + name[1:]
        if name.startswith("省") and home.province and not name.startswith(c.not_prefix):
            return home.province + name[1:]
    return name


def _has_place_or_level(c: _Compiled, name: str) -> bool:
    pre = _parse_prefix(c, name, 0, len(name))
    return bool(pre.places or pre.scopes)


def split_title_body(title: str) -> tuple[str | None, str]:
    """Split a person's title into the body it names and the post.

    Examples
    --------
    >>> split_title_body("市人大常委会副主任")
    ('市人大常委会', '副主任')
    >>> split_title_body("组织部部长")
    ('组织部', '部长')
    >>> split_title_body("副市长")
    (None, '副市长')
    """
    c = _compiled()
    t = re.sub(r"\s+", "", title)
    best: int | None = None
    for m in _title_positions(c, t):
        body = t[:m]
        if not body:
            continue
        if _body_like(c, body):
            best = m
            break
    if best is None:
        return None, t
    return t[:best], t[best:]


def _title_positions(c: _Compiled, t: str) -> list[int]:
    """Positions where a post word that runs to the end of *t* begins, leftmost first."""
    out = []
    for i in range(1, len(t)):
        m = c.title.match(t, i)
        if m and (m.end() == len(t) or c.title.fullmatch(t, m.end())):
            out.append(i)
    return out


def _body_like(c: _Compiled, body: str) -> bool:
    """True when *body* reads as a whole organization name (市人大常委会, 北京科技大学), or is a
    body word that a title names on its own (组织部, 人大常委会); 党组 or 党委 alone name no body."""
    if body in c.lex.national:
        return True
    suffix = c.lex.suffixes.get(body)
    if suffix is not None:
        return suffix.kind in ("bare", "body") and len(body) >= 3 and not body.startswith("党")
    # The matcher may drop outer places (沁县沁州黄镇党委 -> 沁州黄镇党委); the title keeps them.
    return any(m.end == len(body) and m.why != "nested" for m in find_organizations(body))
