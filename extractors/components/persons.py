"""Persons with their posts (``guanxi_persons``): grammar over titles, names and bylines.

Where a person is read, strongest evidence first:

1. after a title: ``市委常委、组织部部长王建国``; a title chain split at 、/兼 goes to the name, and a
   list after it shares it (``市政协副主席冯建军、曹丽娟`` -> both);
2. in bylines, credits and signatures (:mod:`.bylines`): journalists;
3. wherever a name already read on the page recurs (this splits headline runs without
   separators, ``冯建军曹丽娟沈玉兰参加``, with evidence from the body);
4. as the subject of speech at a clause start (``彭德海表示``, ``吕志强满意地说``), and before 同志/老人,
   only with a common surname and a string that is not a dictionary word;
5. a name before 总书记 (``王某某总书记``), and a name opening a clause right before a post word
   (``亓明远副县长主持会议``);
6. a surname with a post (``赵书记``): a mention of the one person of that surname holding that post.

Each post also gets a canonical form with the elided body restored where the text makes it certain
(组织部部长 after 市委常委 -> 市委组织部部长; 市政协副主席 -> <home city>政协副主席).

Examples
--------
>>> ms = find_persons("市政协副主席冯建军、曹丽娟，市政协党组成员范永刚及秘书长蒋春生参加。")
>>> [(m.name, [p.title for p in m.posts]) for m in ms]
[('冯建军', ['市政协副主席']), ('曹丽娟', ['市政协副主席']), ('范永刚', ['市政协党组成员']), ('蒋春生', ['秘书长'])]
>>> ms[-1].posts[0].canonical
'市政协秘书长'
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from guanxi.extractors.components.base import Component
from guanxi.extractors.components.bylines import Byline, find_bylines
from guanxi.extractors.components.names import (
    boundary_strength,
    common_surname,
    dictionary_word,
    listed_name,
    load_names,
    name_end,
    plausible_name,
    split_name,
    surnames,
)
from guanxi.extractors.components.titles import (
    TitleMatch,
    _divisions,
    find_titles,
    post_lexicon,
    title_from_dict,
)
from guanxi.extractors.extensions import doc_text, snap
from guanxi.extractors.tokenizer import word_bounds
from guanxi.extractors.tsv import load_tsv
from spacy.language import Language
from spacy.tokens import Doc, Span

from guanxi.han import HAN, is_han

__all__ = [
    "PersonMention",
    "PersonsComponent",
    "PostMatch",
    "central_enterprise",
    "doctrine_names",
    "find_persons",
    "person_kind",
    "person_record",
    "read_posts",
]

# Level words that open a body name on their own (市委, 县政府, 省人大常委会, 镇党委, 村委会).
_LEVEL_START = (*tuple("省市县区州盟旗镇乡村"), "中共", "中央", "国家", "全国", "自治区")
# Bodies whose heads are officials even when the post word is an enterprise one (负责人, 会长).
_PUBLIC_BODY = re.compile(
    r"党|委|政府|人大|政协|局|厅|办|院|法院|检察|公安|军|警|学校|大学|学院|中学|小学|医院|中心|社区|村|镇|乡|街道|"
    r"文联|工会|团委|妇联|^中国|^中央|^国家|^全国"
)
_SPEECH = re.compile(r"表示|说|介绍|指出|强调|认为|告诉|坦言|感慨|回忆|透露|宣布|同志|老人|是")
# 苏明辉是某某电子商务有限公司的负责人, 卢晓东是某小区居民: 是 then a post or descriptor in the clause.
_TITLE_AFTER_IS = re.compile(
    r"[^，。；！？,;!?\n]{0,24}?(?:负责人|书记|主任|经理|董事长|会长|村民|居民|学生|志愿者|党员|老人|职工)"
)
_CLAUSE_OPEN = set("。！？；，：”“\n 、（(）)\u3000!?;:,") | {"的"}
_AFTER_NAME_POSTS = ("总书记",)
_CHAIN_GAP = re.compile(r"(?:[(（][^()（）\n]{1,16}[)）])?[、兼和]")
# A run of bare names: 丁雪松、魏国栋、薛红梅 (three or more, each a plausible name).
_NAME_LIST_ITEM = re.compile(rf"[{HAN}·]{{2,8}}")


@dataclass(frozen=True, slots=True)
class PostMatch:
    """A post as printed at ``text[start:end]`` with its canonical form and body."""

    title: str
    start: int
    end: int
    kind: str
    canonical: str | None = None
    organization: str | None = None
    former: bool = False  # 原局长: a post held before


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One printed occurrence of a person's name, with the posts printed for it there."""

    start: int
    end: int
    name: str
    kind: str | None  # official | journalist | other | None (no evidence at this mention)
    posts: tuple[PostMatch, ...] = ()
    evidence: str = "title"  # title | list | byline | known | speech | after | model | short


def person_kind(posts: Iterable[PostMatch], journalist: bool = False) -> str:
    """The person's kind from the posts printed for it (official beats journalist beats other)."""
    kinds = set()
    for p in posts:
        if p.kind in ("post", "official"):
            kinds.add("official")
        elif p.kind == "company":
            kinds.add("official" if _public(p) else "other")
        elif p.kind == "journalist":
            kinds.add("journalist")
    if "official" in kinds:
        return "official"
    if journalist or "journalist" in kinds:
        return "journalist"
    return "other"


def _public(p: PostMatch) -> bool:
    """A body whose heads are officials: party and state organs, public institutions, and the
    central state enterprises: bodies named 中国…/中央…/国家… (中国电信公司, 国家电网公司) and the
    short forms of :func:`central_enterprise` (中化集团, 华润, 中铁十二局)."""
    body = p.organization or ""
    if not body:
        return False
    if body.startswith(("中国", "中央", "国家", "全国")) or central_enterprise(body):
        return True
    return "公司" not in body and "商会" not in body and bool(_PUBLIC_BODY.search(body))


# What may follow a short form that must be bound (华能集团, 华润公司, 国投有限…).
_ENTERPRISE_HEAD = ("集团", "公司", "有限", "控股", "股份", "（", "(")


@cache
def _central_forms() -> dict[str, bool]:
    """Short form -> whether it must be followed by a company head (``central_enterprises.tsv``)."""
    return {short: bound == "1" for short, bound, _full in load_tsv("central_enterprises.tsv")}


def central_enterprise(body: str) -> bool:
    """Is *body* a central state enterprise (or a unit of one) named by its short form?

    >>> [central_enterprise(b) for b in ("中化集团", "中铁十二局集团有限公司", "华能集团", "华能村", "青禾集团")]
    [True, True, True, False, False]
    """
    forms = _central_forms()
    for k in range(min(len(body), 6), 1, -1):
        bound = forms.get(body[:k])
        if bound is not None:
            rest = body[k:]
            return not bound or not rest or rest.startswith(_ENTERPRISE_HEAD)
    return False


# Heads of government (常务副市长, 县长, 镇长): they belong to the people's government of their level,
# never to the party committee printed before them (市委常委、常务副市长).
_GOV_HEAD = re.compile(r"^(?:常务副|副|代)?([省市县区州旗盟镇乡])长$")
# Post words that open with the body they head: 镇党委书记 -> 镇党委 + 书记.
_BODY_IN_POST = re.compile(r"^(?:党委|党支部|党总支|党工委|工委|纪委|支部|村委)(?=.)")
# Short forms of a department head: 组织部长 = 组织部部长.
_SHORT_DEPT = re.compile(r"^(组织|宣传|统战)部长$")
# Departments of a party committee: after 市委常委、 they are the committee's own (组织部, 政法委).
_PARTY_DEPT = re.compile(r"(?:部|委|办公室|办|党校|工委)$")
# Bodies with their own line of command that a standing committee member may head (长治军分区, 人武部).
_OWN_BODY = re.compile(r"军|警备区|武装部|人武部|武警|部队|公安|法院|检察院|政府")
# Residents' and villagers' committees named without their community or village.
_BARE_COMMITTEE = {"居委会": "社区", "居委": "社区", "村委会": "村", "村委": "村"}
# Where a body is named, what is printed before its level character: 平顺县委 -> 平顺县.
_BODY_TAIL = re.compile(r"(?:党委|党工委|委员会|委|人民政府|政府)$")


def _place_start(s: str) -> int:
    """Length of the division name (full or short) *s* starts with, 0 if none (原平市: 3)."""
    index = _divisions()
    if index is None:
        return 0
    for k in range(min(len(s), 7), 1, -1):
        if index.lookup(s[:k]) or index.lookup_short(s[:k]):
            return k
    return 0


def _strip_former(prefix: str) -> tuple[str, bool]:
    """原党委副书记: 原 says "former"; it is no body (but 原平市 is a place)."""
    if prefix.startswith("原") and not _place_start(prefix):
        return prefix[1:], True
    return prefix, False


def _level_place(prefix: str, level: str, home_city: str | None) -> str | None:
    """The division a government head of *level* belongs to, read from a prefix (平顺县委 -> 平顺县,
    市 -> the home city), or None when the prefix names none."""
    place = _BODY_TAIL.sub("", prefix)
    if not place.endswith(level):
        return None
    if place == level:
        return home_city if level == "市" and home_city else None
    return place if len(place) >= 2 else None


def _canonical(
    t: TitleMatch, chain: Sequence[TitleMatch], inherited: str | None, home_city: str | None
) -> tuple[str, str | None, bool]:
    """Canonical title, body and whether the post is a former one.

    Restores an elided body from the chain or the list before it (市委常委、组织部部长 ->
    市委组织部部长), puts a government head in its government (市委常委、常务副市长 ->
    <home city>常务副市长 of <home city>人民政府), and reads 原 as "former".
    """
    prefix, former = _strip_former(t.text[: t.post_start - t.start])
    prev_prefix = ""
    if chain:
        prev = chain[-1]
        prev_prefix, prev_former = _strip_former(prev.text[: prev.post_start - prev.start])
        first_former = _strip_former(chain[0].text[: chain[0].post_start - chain[0].start])[1]
        former = former or prev_former or first_former
    post = t.post
    m = _SHORT_DEPT.match(post)
    if m:
        prefix, post = prefix + m.group(1) + "部", "部长"
    gov = _GOV_HEAD.match(post)
    if gov:
        level = gov.group(1)
        if prefix:
            place = _level_place(prefix, level, home_city)
        else:  # 县委副书记、县长: the place of the chain or list before it, else the home city for 市
            found = (_level_place(c, level, home_city) for c in (prev_prefix, inherited, level) if c)
            place = next((f for f in found if f), None)
        if place is None:
            return prefix + post, None, former
        return place + post, place + "人民政府", former
    inner = _BODY_IN_POST.match(post)
    inner_body = inner.group() if inner else ""
    body = prefix
    if chain:
        prev = chain[-1]
        if (
            prefix
            and prev_prefix
            and prev.post in ("常委", "委员")
            and not prefix.startswith(_LEVEL_START)
            and _PARTY_DEPT.search(prefix)
            and not _OWN_BODY.search(prefix)
            and not _place_start(prefix)
        ):
            # 市委常委、组织部部长 -> 市委组织部部长: the standing committee member's own committee.
            body = prev_prefix + prefix
        elif not prefix and prev_prefix:
            body = prev_prefix
    elif not prefix and inherited:
        body = inherited
    bare = _BARE_COMMITTEE.get(body + inner_body)
    if bare is not None:
        # 南关社区党委书记、居委会主任: the committee of the community named just before.
        if chain and prev_prefix.endswith(bare):
            body = prev_prefix + body
        else:
            return t.text, None, former  # no village named with it: leave it to the sentence
    canonical = body + post
    org = body + inner_body if body else None
    if home_city and canonical.startswith("市") and not canonical.startswith("市场"):
        canonical = home_city + canonical[1:]
        org = home_city + org[1:] if org and org.startswith("市") else org
    return canonical, org, former


def _post(
    t: TitleMatch, chain: Sequence[TitleMatch], inherited: str | None, home_city: str | None
) -> PostMatch:
    canonical, body, former = _canonical(t, chain, inherited, home_city)
    return PostMatch(t.text, t.start, t.end, t.kind, canonical, body, former)


# What separates the posts of one phrase (市教育局局长、党组书记; 县委副书记，县长).
_POST_LIST_SEP = set("、，,；;兼")


def read_posts(text: str, start: int, end: int, home_city: str | None = None) -> list[PostMatch]:
    """The posts printed in ``text[start:end]``, a post phrase standing alone (the object of a
    notice's 任命X为…, 免去X的…职务), with offsets into *text* and canonical forms read as for a
    title chain before a name (市委常委、组织部部长 -> <home city>市委组织部部长).

    >>> [(p.title, p.canonical) for p in read_posts("任命冯建军为市教育局局长、党组书记", 6, 17, "保定市")]
    [('市教育局局长', '保定市教育局局长'), ('党组书记', '保定市教育局党组书记')]
    """
    phrase = text[start:end]
    out: list[PostMatch] = []
    chain: list[TitleMatch] = []
    floor = 0
    for t in find_titles(phrase):
        # The phrase is one post list: a prefix runs back to the list separator, across the
        # function words that stop it in running text (市发展和改革委员会主任).
        s = t.start
        while s > floor and phrase[s - 1] not in _POST_LIST_SEP:
            s -= 1
        floor = t.end
        if t.kind not in ("post", "company"):
            continue
        t = TitleMatch(s, t.end, phrase[s : t.end], t.post, t.kind, t.post_start)
        if chain and not _joined(phrase, chain[-1].end, t.start):
            chain = []
        p = _post(t, chain, None, home_city)
        out.append(
            PostMatch(p.title, p.start + start, p.end + start, p.kind, p.canonical, p.organization, p.former)
        )
        chain.append(t)
    return out


def find_persons(
    text: str,
    *,
    titles: Sequence[TitleMatch] | None = None,
    bylines: Sequence[Byline] | None = None,
    known: Iterable[str] = (),
    places: Iterable[tuple[int, int]] = (),
    home_city: str | None = None,
) -> list[PersonMention]:
    """Find the persons of *text* (an article).

    Parameters
    ----------
    text:
        The article's text.
    titles, bylines:
        Results of :func:`find_titles` / :func:`find_bylines` when already computed.
    known:
        Names with strong evidence elsewhere on the page.
    places:
        Place spans (keep titles from cutting place names, 江阴市长泾镇).
    home_city:
        The paper's city (长治市) for canonical posts: 市政协副主席 -> 长治市政协副主席.

    Returns
    -------
    list[PersonMention]
        Sorted by start; ``text[m.start:m.end] == m.name``, except for a short form (evidence
        ``short``): its span is the surname and post as printed (赵书记), its name the person's full
        name (赵立新).
    """
    place_list = list(places)
    known_set = {k for k in known if k}
    if titles is None:
        titles = find_titles(text, places=place_list)
    # First pass finds names; the second recomputes title prefixes so none swallows a name before it
    # (副市长郑岚带领市教育局局长... must not give 郑岚带领市教育局局长).
    first = _attach(text, titles, known_set, home_city)
    floors = [m.end for m in first]
    if floors:
        titles = find_titles(text, places=place_list, floors=floors)
    # Names read in the first pass are evidence for the second (a name printed with its title
    # elsewhere in the article ends where that name ends).
    known_set |= {m.name for m in first if m.evidence in ("title", "list")}
    found = _Taken()
    for m in _attach(text, titles, known_set, home_city):
        found.add(m)
    if bylines is None:
        bylines = find_bylines(text)
    for b in bylines:
        posts = (PostMatch(b.role, b.start, b.start, "journalist", b.role, None),) if b.role else ()
        _add(found, PersonMention(b.start, b.end, b.name, "journalist", posts, "byline"))
    for m in _name_lists(text):
        _add(found, m)
    strong = {m.name for m in found.values()} | known_set
    for m in _speech_subjects(text, strong):
        _add(found, m)
    for m in _elected(text, titles, strong, home_city):
        found.add_posts(m)
    for m in _given_posts(text, titles, found.values(), home_city):
        found.add_posts(m)
    strong |= {m.name for m in found.values()}
    for m in _known_occurrences(text, strong):
        _add(found, m)
    for m in _list_partners(text, found.values(), strong):
        _add(found, m)
    for m in _short_forms(titles, found.values()):
        _add(found, m)
    return _leaders(text, _outside_works(text, found.values()))


class _Taken:
    """Non-overlapping mentions by start, with an O(log n) overlap test (pages may be huge)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.items: dict[int, PersonMention] = {}

    def add(self, m: PersonMention) -> None:
        k = bisect_left(self.starts, m.start)
        if k < len(self.starts) and self.starts[k] < m.end:
            return
        if k > 0 and self.items[self.starts[k - 1]].end > m.start:
            return
        self.starts.insert(k, m.start)
        self.items[m.start] = m

    def add_posts(self, m: PersonMention) -> None:
        """Add *m*, or its posts to the mention already read at its span (以处长X为主任: X was read
        after 处长; 为主任 adds the post it is given)."""
        same = self.items.get(m.start)
        if same is None or same.end != m.end:
            self.add(m)
            return
        posts = same.posts + tuple(p for p in m.posts if p.title not in {q.title for q in same.posts})
        self.items[m.start] = PersonMention(same.start, same.end, same.name, same.kind, posts, same.evidence)

    def values(self) -> list[PersonMention]:
        return [self.items[s] for s in self.starts]


def _add(found: _Taken, m: PersonMention) -> None:
    found.add(m)


def _attach(
    text: str, titles: Sequence[TitleMatch], known: set[str], home_city: str | None
) -> list[PersonMention]:
    out: list[PersonMention] = []
    taken_until = -1
    inherited: str | None = None
    by_start = {t.start: t for t in titles}
    post_starts = {t.post_start for t in titles}
    for i, t in enumerate(titles):
        if t.start < taken_until:
            continue
        e = t.end
        nxt = titles[i + 1] if i + 1 < len(titles) else None
        if nxt is not None and _joined(text, t.end, nxt.start):
            continue  # the chain goes on; its last title collects it
        descriptor = t.kind == "other"
        ne = name_end(text, e, known=known, min_strength=1 if descriptor else 0, strict=descriptor)
        if ne is None:
            out.extend(_name_before_post(text, t, known, home_city))
            continue
        name = text[e:ne]
        if descriptor and name not in known and not common_surname(name) and not _SPEECH.match(text, ne):
            continue  # 志愿者红领巾: after a mere descriptor, a rare surname needs the name to speak
        if name not in known and not plausible_name(name, weak=descriptor) and "·" not in name:
            out.extend(_name_before_post(text, t, known, home_city))
            continue
        chain = [t]
        j = i
        # 和 joins two titles of one person only when one name follows (市委副书记和市长X); before
        # a list (书记和副书记X、Y) the titles are shared out, not stacked on each name.
        single = text[ne : ne + 1] not in ("、", "和", "及")
        while j > 0 and _joined(text, titles[j - 1].end, titles[j].start, conj=single):
            chain.insert(0, titles[j - 1])
            j -= 1
        # A list opened by a prefixed title lends its body to a bare one after 及/和/、 (范永刚及秘书长蒋春生).
        if (
            chain[0].start > 0
            and text[chain[0].start - 1] not in "及和、"
            and text[chain[0].start - 1 : chain[0].start] != "兼"
        ):
            inherited = None
        posts = tuple(_post(c, chain[:k], inherited, home_city) for k, c in enumerate(chain))
        first_prefix = chain[0].text[: chain[0].post_start - chain[0].start]
        if first_prefix:
            inherited = first_prefix
        out.append(PersonMention(e, ne, name, None, posts, "title"))
        taken_until = ne
        # A list after the name shares the title: 市政协副主席冯建军、曹丽娟、沈玉兰
        p = ne
        while p < len(text) and text[p] in "、和及":
            q = p + 1
            if q in by_start:
                break
            ne2 = name_end(text, q, known=known, listed=text[p] == "、")
            if ne2 is None:
                break
            name2 = text[q:ne2]
            listed = sum(1 for m in out if m.posts is posts)
            if (
                name2 not in known
                and not plausible_name(name2)
                and not _odd_list_item(text, p, ne2, known, listed)
            ):
                break
            if ne2 in post_starts:
                break  # 、曹丽娟副主席: a post printed after the name, not a shared one
            out.append(PersonMention(q, ne2, name2, None, posts, "list"))
            p = ne2
            taken_until = ne2
    return out


def _odd_list_item(text: str, sep: int, end: int, known: set[str], listed: int) -> bool:
    """An item of a titled list that jieba reads as a word (、高山、吴敏) is a name when it stands
    between two separators and a plausible name follows it (the list goes on), or when it closes a
    list of at least two names before a boundary (张三、李四、高山出席, 、高山等)."""
    if text[sep] != "、" or not listed_name(text[sep + 1 : end]):
        return False
    if text[end : end + 1] != "、":
        return listed >= 2 and boundary_strength(text, end) >= 1 and not post_lexicon().pattern.match(text, end)
    nxt = name_end(text, end + 1, known=known, listed=True)
    return nxt is not None and (text[end + 1 : nxt] in known or plausible_name(text[end + 1 : nxt]))


def _joined(text: str, end: int, start: int, *, conj: bool = True) -> bool:
    """Two titles of one chain: 、, 兼 or (with *conj*) 和 between them, maybe after a bracket
    (局党组成员(正处级)、)."""
    gap = text[end:start]
    return bool(_CHAIN_GAP.fullmatch(gap)) and (conj or not gap.endswith("和"))


def _name_before_post(
    text: str, t: TitleMatch, known: set[str], home_city: str | None = None
) -> list[PersonMention]:
    """王某某总书记: a name printed before the post; 亓明远副县长主持会议: a name opening a clause
    right before a post word (the title read no body between them), not a division (保定|市长)."""
    if t.post not in _AFTER_NAME_POSTS:
        return _clause_name_before_post(text, t, known, home_city)
    for length in (3, 4):
        s = t.post_start - length
        if s < 0:
            continue
        name = text[s : t.post_start]
        if name in known or plausible_name(name, weak=True) or _nr(name):
            if name_end(text, s, known=known | {name}) == t.post_start:
                post = PostMatch(t.post, t.post_start, t.end, t.kind, t.post, None)
                return [PersonMention(s, t.post_start, name, None, (post,), "after")]
    return []


def _clause_name_before_post(
    text: str, t: TitleMatch, known: set[str], home_city: str | None
) -> list[PersonMention]:
    s = t.start
    if s == t.post_start:  # the second pass stops the prefix at a name read before (亓明远|副县长)
        s = next((t.post_start - k for k in (4, 3, 2) if text[t.post_start - k : t.post_start] in known), s)
    name = text[s : t.post_start]
    if (
        t.kind not in ("post", "company")
        or not 2 <= len(name) <= 4
        or (s > 0 and text[s - 1] not in _CLAUSE_OPEN)
        or not (name in known or (plausible_name(name) and not _counted_word(name)))
        or _place_start(text[s : t.post_start + 1]) > len(name)
        or name_end(text, s, known=known | {name}) != t.post_start
    ):
        return []
    own = TitleMatch(t.post_start, t.end, t.post, t.post, t.kind, t.post_start)
    return [PersonMention(s, t.post_start, name, None, (_post(own, (), None, home_city),), "title")]


# How often jieba must count a string (any tag: it tags many everyday words nr, 洪水) for it to be
# a word rather than a name where only a post after it says it is a name.
_COUNTED_WORD = 20


def _counted_word(name: str) -> bool:
    from guanxi.extractors.dictionary import dictionary_freq

    entry = dictionary_freq().get(name)
    return entry is not None and entry[1] >= _COUNTED_WORD


def _nr(name: str) -> bool:
    from guanxi.extractors.dictionary import dictionary_tag as _dictionary_tag

    return _dictionary_tag(name).startswith("nr")


# The doctrines named after a leader (GUIDELINES: the name inside one is optional, not a person).
_DOCTRINE = re.compile(r"新时代中国特色社会主义思想|(?:生态文明|法治|经济|强军|外交|文化)思想")


def doctrine_names(text: str) -> list[tuple[int, int, str]]:
    """Names that only front a doctrine's name: ``(start, end, name)`` of 陈志远 in 陈志远经济思想.

    The name is read by grammar (a plausible surname-first name right before the doctrine words);
    a three-character reading loses to a two-character one when its first character closes a word
    (学习李明经济思想: 习李明 no, 李明 yes).

    Examples
    --------
    >>> doctrine_names("深入学习贯彻陈志远新时代中国特色社会主义思想，学习冯建军法治思想")
    [(6, 9, '陈志远'), (25, 28, '冯建军')]
    >>> doctrine_names("学习李明经济思想")
    [(2, 4, '李明')]
    """
    out: list[tuple[int, int, str]] = []
    for m in _DOCTRINE.finditer(text):
        e = m.start()
        readings = [e - k for k in (3, 2) if e - k >= 0 and plausible_name(text[e - k : e])]
        if (
            len(readings) == 2
            and readings[0] > 0
            and dictionary_word(text[readings[0] - 1 : readings[0] + 1])
        ):
            readings.pop(0)
        if readings:
            out.append((readings[0], e, text[readings[0] : e]))
    return out


def _speech_subjects(text: str, strong: set[str]) -> list[PersonMention]:
    out: list[PersonMention] = []
    for m in _SPEECH.finditer(text):
        v = m.start()
        ends = [v]
        # an adverb in 地 before the verb: 吕志强满意地说, 贾海涛高兴地说
        for k in (3, 4, 5):
            if v - k >= 0 and text[v - 1] == "地":
                ends.append(v - k)
        for e in ends:
            hit = None
            for length in (3, 2, 4):
                s = e - length
                if s < 0 or (s > 0 and text[s - 1] not in _CLAUSE_OPEN):
                    continue
                name = text[s:e]
                honoured = m.group() in ("同志", "老人")
                if m.group() == "是" and not _TITLE_AFTER_IS.match(text, v + 1):
                    continue
                if name in strong or ((honoured or common_surname(name)) and plausible_name(name, weak=True)):
                    if name_end(text, s, known=strong, strict=True) == e:
                        hit = PersonMention(s, e, name, None, (), "speech")
                        break
            if hit:
                out.append(hit)
                break
    return out


def place_lists(text: str) -> list[tuple[int, int]]:
    """The spans of 、-lists closed by 等 and a kind of place or unit (刘坪、张集、王营|等村开展…):
    their items name places or units, so no person is read inside them."""
    out = []
    for m in _PLACES_AFTER.finditer(text):
        s = m.start()
        while s > 0 and (is_han(text[s - 1]) or text[s - 1] in "、·"):
            s -= 1
        if "、" in text[s : m.start()]:
            out.append((s, m.start()))
    return out


def _name_tail(text: str, s: int, e: int) -> int:
    """Where the name ends the first item of a list that may carry words before it: the longest
    plausible tail that starts a dictionary word (看望|王丽, 带领|欧阳晓峰, not 望王丽), else the
    longest plausible tail (带领程思远 -> 程思远)."""
    if e - s <= 3 and plausible_name(text[s:e], weak=True):
        return s  # the item is a name alone (the common case)
    tails = [k for k in (e - 4, e - 3, e - 2) if s <= k]
    bounds = word_bounds(text[s:e]) if e - s > 2 else frozenset({0})
    for k in tails:
        if k - s in bounds and plausible_name(text[k:e], weak=True):
            return k
    for k in tails[-2:]:
        if plausible_name(text[k:e], weak=True):
            return k
    return s


def _name_lists(text: str) -> list[PersonMention]:
    """Bare names in a list of three or more (丁雪松、魏国栋、薛红梅...在主席台就座)."""
    out: list[PersonMention] = []
    for run in re.finditer(rf"[{HAN}·]{{2,8}}(?:、[{HAN}·]{{2,8}}){{2,}}", text):
        # 、陆中等县委、县人大领导: the list of names ends where 等 and the leaders' bodies start
        lead = _LEADERS_AFTER.search(text, run.start(), run.end())
        run_end = lead.start() if lead else run.end()
        items: list[tuple[int, int]] = []
        pos = run.start()
        for part in text[run.start() : run_end].split("、"):
            items.append((pos, pos + len(part)))
            pos += len(part) + 1
        # the last item may run into the verb: 薛红梅在主席台 -> cut by the name grammar
        last_s, last_e = items[-1]
        cut = last_e if lead else name_end(text, last_s, strict=True)
        if not lead and cut is not None and _PLACES_AFTER.match(text, cut):
            continue  # 刘坪、张集、王营等村开展…: the items are villages, not persons
        if cut is None or cut > last_e or (lead and not plausible_name(text[last_s:last_e])):
            items.pop()
        else:
            items[-1] = (last_s, cut)
        first_s, first_e = items[0] if items else (0, 0)
        if items:
            items[0] = (_name_tail(text, first_s, first_e), first_e)
        ok = [plausible_name(text[s:e]) for s, e in items]
        # an item jieba reads as a word (、方圆、) between two names is a name too
        for k in range(1, len(items) - 1):
            if not ok[k] and ok[k - 1] and ok[k + 1] and listed_name(text[items[k][0] : items[k][1]]):
                ok[k] = True
        names = [item for item, good in zip(items, ok, strict=True) if good]
        strict = [1 for s, e in names if plausible_name(text[s:e], weak=True) and common_surname(text[s:e])]
        if len(names) >= 3 and 3 * len(names) >= 2 * len(items) and 2 * len(strict) >= len(names):
            out.extend(PersonMention(s, e, text[s:e], None, (), "list") for s, e in names)
    return out


# 刘坪、张集、王营等村开展… / 等地 / 等乡镇: a list closed by 等 and a kind of place or unit names
# places or units; unless people of them follow (等村干部, 等村民, 等镇党委书记: persons).
_PLACES_AFTER = re.compile(
    r"等(?:\d+个|[一二两三四五六七八九十]+个)?"
    r"(?:地区?|乡镇|村组|村|社区|镇|乡|街道|县区|县市区?|县|区|市|省|单位|部门|企业|学校|景区|园区|小区)"
    # people of them in the clause after it (等村干部, 等市直单位负责人, 等县级领导): the list may be persons
    r"(?![^，。；：、！？,;:!?\s]{0,6}?(?:民|干部|党员|领导|负责|书记|主任|群众|代表|同志|职工|人员|"
    r"[省市县区乡镇村局厂校院所队]长|支书|家|教师|老师|医生|学生))"
)


# 张三、李四等县委、县人大、县政府领导 / 等县领导同志: names closed by 等 and the leaders of bodies
# (level words and party and state organs only: 等企业负责人 and 等村民 say nothing of a post).
_LEADERS_AFTER = re.compile(
    r"等(?:[省市县区州盟旗镇乡街道]|委|党|政府|人大|常委会|政协|纪委|监委|直|部门|单位|机关|军分区|"
    r"法院|检察院|两院|[“”\"]|[、和及])*(?:主要|班子|有关|相关)?(?:领导|负责同志)"
)
# The descriptor such a list shares: its holders are officials, with no title printed for them.
_LEADER_POST = "领导"


def _leaders(text: str, mentions: Sequence[PersonMention]) -> list[PersonMention]:
    """The mentions of a list closed by 等…领导 (张三、李四等市领导出席), as officials: each
    mention without a post that ends the list or is joined to the next by 、."""
    out = list(mentions)
    for k in range(len(out) - 1, -1, -1):
        m = out[k]
        lead = _LEADERS_AFTER.match(text, m.end)
        if not lead or m.posts:
            continue
        post = PostMatch(_LEADER_POST, lead.end() - len(_LEADER_POST), lead.end(), "official")
        j = k
        while j >= 0 and not out[j].posts:
            out[j] = PersonMention(out[j].start, out[j].end, out[j].name, out[j].kind, (post,), out[j].evidence)
            if j == 0 or text[out[j - 1].end : out[j].start] != "、":
                break
            j -= 1
    return out


# The title of a book, play, film, paper or column (《…》, on one line): names in it are its
# characters or its subject, not people the article reports on. A document about a person
# (《关于…》: an appointment, a commendation) is the exception.
_WORK_TITLE = re.compile(r"《(?!关于)[^《》\n]{1,40}》")


# A short quoted phrase with no sentence in it (“学雷锋”, “李四光杯”): the name of a campaign,
# prize or slogan. A name inside it, with other words, is no one the article reports on.
_SHORT_QUOTE = re.compile(r"“[^“”。！？!?\n]{3,12}”")


def work_titles(text: str) -> list[tuple[int, int]]:
    """Spans of the titles of works in *text* and of short quoted names of campaigns or prizes
    (no person is read inside them). A quote that is a name alone (“王大姐”) is no such span.

    >>> work_titles("剧团上演了《李小红进城记》和《山乡》，开展“学雷锋”活动")
    [(5, 13), (14, 18), (21, 26)]
    """
    spans = [m.span() for m in _WORK_TITLE.finditer(text)]
    spans += [
        m.span() for m in _SHORT_QUOTE.finditer(text) if len(m.group()) > 6 or not plausible_name(m.group()[1:-1])
    ]
    return sorted(spans)


def _outside_works(text: str, mentions: list[PersonMention]) -> list[PersonMention]:
    """The mentions not inside the title of a work (话剧《县长韩立新》)."""
    works = work_titles(text)
    if not works:
        return mentions
    return [m for m in mentions if not any(s < m.start and m.end < e for s, e in works)]


def _elected(
    text: str, titles: Sequence[TitleMatch], strong: set[str], home_city: str | None
) -> list[PersonMention]:
    """选举罗振华为某某市人民政府市长, 以大队长郝建平为组长: a post given after 为."""
    out: list[PersonMention] = []
    by_start = {t.start: t for t in titles}
    for m in re.finditer(rf"(?:选举|推选|任命|补选|决定|以|提名)([{HAN}]{{2,4}}?)(?:当选)?为", text):
        s, e = m.start(1), m.end(1)
        t = by_start.get(m.end())
        if t is None or t.kind not in ("post", "company"):
            continue
        name = text[s:e]
        if name in strong or plausible_name(name, weak=True):
            out.append(PersonMention(s, e, name, None, (_post(t, (), None, home_city),), "title"))
    return out


def _list_partners(text: str, mentions: Sequence[PersonMention], strong: set[str]) -> list[PersonMention]:
    """A plausible name joined by 、 to a name read with strong evidence, at the start of a
    clause (随后，葛国庆、秦海岳先后讲话; 秦海岳、葛国庆先后讲话): a partner of that list."""
    out: list[PersonMention] = []
    for m in mentions:
        if m.name not in strong:
            continue
        # the partner before: 、 right before the mention, the partner opening the clause
        if m.start >= 3 and text[m.start - 1] == "、":
            for length in (3, 2, 4):
                s = m.start - 1 - length
                if s >= 0 and (s == 0 or text[s - 1] in _CLAUSE_OPEN):
                    name = text[s : m.start - 1]
                    if plausible_name(name) and name_end(text, s, known={name}) == m.start - 1:
                        out.append(PersonMention(s, m.start - 1, name, None, (), "list"))
                        break
        # the partner after: 、 right after the mention (only the last of the list: no 、 after it)
        if text[m.end : m.end + 1] == "、" and (m.start == 0 or text[m.start - 1] in _CLAUSE_OPEN):
            q = m.end + 1
            e = name_end(text, q, strict=True)
            if e is not None and text[e : e + 1] != "、" and plausible_name(text[q:e]):
                out.append(PersonMention(q, e, text[q:e], None, (), "list"))
    return out


# What gives a post to a titled name printed before 为 (以处长X为主任, 选举副县长X为主席).
_GIVING = re.compile(r"(?:选举|推选|任命|补选|提名|以)$")


def _given_posts(
    text: str, titles: Sequence[TitleMatch], mentions: Sequence[PersonMention], home_city: str | None
) -> list[PersonMention]:
    """A name read after its title and given a further post by 为 (以处长郑立平为主任): the mention
    with that post, when the title chain before the name follows 以, 选举, 任命…"""
    by_start = {t.start: t for t in titles}
    out: list[PersonMention] = []
    for m in mentions:
        t = by_start.get(m.end + 1) if text[m.end : m.end + 1] == "为" else None
        if t is None or t.kind not in ("post", "company") or not m.posts:
            continue
        if not _GIVING.search(text, 0, min(p.start for p in m.posts)):
            continue
        out.append(PersonMention(m.start, m.end, m.name, m.kind, (_post(t, (), None, home_city),), m.evidence))
    return out


def _short_forms(titles: Sequence[TitleMatch], mentions: Sequence[PersonMention]) -> list[PersonMention]:
    """A surname with a post and no given name (赵书记, 钱市长, 陈总书记): a mention of the one person
    of the article with that surname who holds a post of that word (市委书记赵立新 ... 赵书记强调), its
    holder before a deputy (副市长) of the same surname. The
    mention spans surname and post, carries the full name and no post (the post was printed in
    full where the name was); a surname two persons share with such a post stays unread."""
    held: dict[str, set[str]] = {}
    for m in mentions:
        held.setdefault(m.name, set()).update(p.title for p in m.posts if p.kind in ("post", "company"))
    out: list[PersonMention] = []
    for t in titles:
        surname = _surname_before(t)
        if surname is None:
            continue
        # the holder of the post itself first (钱市长: the 市长, not a 副市长 of the same surname)
        for deputy in (False, True):
            holders = [
                name
                for name, posts in held.items()
                if _surname(name) == surname
                and any(p.endswith(t.post) and (deputy or not p[: -len(t.post)].endswith("副")) for p in posts)
            ]
            if holders:
                break
        if len(holders) == 1:
            out.append(PersonMention(t.post_start - len(surname), t.end, holders[0], None, (), "short"))
    return out


def _surname_before(t: TitleMatch) -> str | None:
    """The surname printed right before the post word of *t*: its whole prefix (赵书记), or the end
    of a prefix the title reader ran back over a word (学习陈总书记), never the tail of a body (市纪委书记)."""
    if t.kind not in ("post", "company"):
        return None
    prefix = t.text[: t.post_start - t.start]
    for sl in (2, 1):
        surname, rest = prefix[-sl:], prefix[:-sl]
        if len(surname) == sl and surname in surnames() and (not rest or dictionary_word(rest[-2:])):
            return surname
    return None


def _surname(name: str) -> str:
    """The surname of *name* (a compound one when the table has it: 欧阳)."""
    return split_name(name)[0] if len(name) > 2 else name[:1]


def _known_occurrences(text: str, names: set[str]) -> list[PersonMention]:
    if not names:
        return []
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    out: list[PersonMention] = []
    for m in pattern.finditer(text):
        end = m.end()
        nxt = pattern.match(text, end)
        # a name of three or more opening a clause is read whatever follows (赵立新简要介绍了…)
        opens = len(m.group()) >= 3 and (m.start() == 0 or text[m.start() - 1] in _CLAUSE_OPEN)
        if boundary_strength(text, end) >= 1 or nxt or opens:
            out.append(PersonMention(m.start(), end, m.group(), None, (), "known"))
    return out


def person_record(m: PersonMention) -> dict:
    """The plain (msgpack-safe) record of a mention in ``doc._.guanxi_persons``."""
    return {
        "start": m.start,
        "end": m.end,
        "name": m.name,
        "kind": m.kind,
        "evidence": m.evidence,
        "posts": [
            {
                "title": p.title,
                "start": p.start,
                "end": p.end,
                "kind": p.kind,
                "canonical": p.canonical,
                "organization": p.organization,
                "former": p.former,
            }
            for p in m.posts
        ],
    }


class PersonsComponent(Component):
    """spaCy component ``guanxi_persons``: PERSON spans, their posts, and the titles that belong to them.

    Reads ``doc._.guanxi_titles`` (the titles component's candidates, recomputed with name floors),
    ``doc._.guanxi_bylines``, ``doc._.guanxi_page_names`` and ``doc._.guanxi_home``; writes
    ``doc.spans[spans_key]`` (PERSON), replaces ``doc.spans[titles_key]`` with the titles held by
    a person, and ``doc._.guanxi_persons``. Places are found later: none are read here.
    """

    resources = ("surnames.tsv", "title_posts.tsv", "central_enterprises.tsv")

    def __init__(self, nlp: Language, name: str, *, spans_key: str, titles_key: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.titles_key = titles_key

    def load(self) -> None:
        load_names()
        _divisions()
        _central_forms()

    def process(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        bylines = (
            [Byline(**b) for b in (doc._.guanxi_bylines or [])] if doc._.guanxi_bylines is not None else None
        )
        home = doc._.guanxi_home or ""
        city = home.split("/")[-1] if home else None
        # The titles component's candidates serve as the first pass (no need to read them again).
        titles = (
            [title_from_dict(t) for t in doc._.guanxi_titles] if doc._.guanxi_titles is not None else None
        )
        mentions = find_persons(
            text,
            titles=titles,
            bylines=bylines,
            known=doc._.guanxi_page_names or (),
            home_city=city or None,
        )
        persons: list[Span] = []
        title_spans: list[Span] = []
        seen_titles: set[tuple[int, int]] = set()
        records = []
        for m in mentions:
            span = snap(doc, m.start, m.end, "PERSON")
            if span is not None:
                persons.append(span)
            for p in m.posts:
                if (
                    p.end > p.start
                    and (p.start, p.end) not in seen_titles
                    and p.kind not in ("other", "official")
                ):
                    seen_titles.add((p.start, p.end))
                    ts = snap(doc, p.start, p.end, "TITLE")
                    if ts is not None:
                        title_spans.append(ts)
            records.append(person_record(m))
        doc.spans[self.spans_key] = persons
        doc.spans[self.titles_key] = title_spans
        doc._.guanxi_persons = records
        return doc


@Language.factory(
    "guanxi_persons",
    assigns=["doc.spans", "doc._.guanxi_persons"],
    requires=["doc._.guanxi_titles", "doc._.guanxi_bylines"],
    default_config={"spans_key": "guanxi_persons", "titles_key": "guanxi_titles"},
)
def make_persons(nlp: Language, name: str, spans_key: str, titles_key: str) -> PersonsComponent:
    """Factory of ``guanxi_persons``."""
    return PersonsComponent(nlp, name, spans_key=spans_key, titles_key=titles_key)
