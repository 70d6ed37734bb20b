"""Entity resolution: mention keys, blocking and union-find.

Every rule here is a pure function of one mention (a *key*) or of one block of mentions that
share a blocking key (for persons: all the blocks of one name), so the same ids come out of a
single process or of a distributed group-by (issue 7): ``group mentions by blocking key (person
name) -> apply the block rule -> entity id``.

Rules
-----
Persons
    Blocking key ``(name, home city, role)`` where role is ``journalist`` or ``person``
    (officials and other people share a role: a person quoted without a post is still the
    official named elsewhere). Inside a block every mention is one person unless the evidence
    conflicts: two mentions dated the same day that give the *same* canonical title in
    *different* organizations (two county party secretaries called 王伟 on one day) go to two
    persons. Different home cities never merge. A mention on a page without a home (home
    ``""``) joins the person of its name and role with a home when exactly one fits it
    (:func:`resolve_person_name`); with several it stays apart and is counted as ambiguous.
    Limits: two namesakes who never appear with conflicting posts on the same day are merged;
    one person who moved to another city's paper is split.
Organizations
    Key = the normalized name (:func:`normalize_org`): 中共/中国共产党 dropped, 委员会 -> 委,
    人民政府 -> 政府, and a bare 市/省 prefix qualified with the paper's home (市委组织部 ->
    长治市委组织部 in a 长治 paper) and a bare 县/区 prefix with the county of a county paper
    (县委 -> 沁县委 in a 沁县 paper), or elsewhere with the one county of that level the article
    names (:func:`article_org_key`; none or several: unresolved, no node). Without a home a bare
    市委 stays the key: it is never merged with a qualified one, and the run report names such pages. A short company name merges with the one registered name in
    the same home whose core (name without division prefix and legal form) starts with it.
Places
    Key = the division code where known, else the name within its parent code (or within the
    home city for villages without a parent, or alone for natural features and foreign places).
Events
    Two event mentions are one happening when their normalized titles are equal and their dates
    agree (an undated report joins only a title seen with one date), or when they share a
    participant or organizer on the same date and their titles are similar (character-bigram
    Dice >= 0.5). The blocks are (home, title) and (home, date, participant or organizer).
    A report from a continuation (上接第一版) joins the one headed event of its block(s) from
    another article; with two candidates it joins none. A layout mark is never a title
    (:func:`is_layout_marker`): such a report is titled by :func:`describe_text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

from guanxi.continuation import LAYOUT_MARK
from guanxi.model import Home, Person, Place, stable_id
from guanxi.sentences import sentence_starts  # re-exported: the graph's sentence indices

__all__ = [
    "HOMELESS_STATUS",
    "HomelessPersons",
    "NameResolution",
    "PersonMention",
    "UnionFind",
    "article_org_key",
    "bare_county",
    "bare_org",
    "bigram_dice",
    "company_core",
    "describe_text",
    "event_title_key",
    "is_iso_date",
    "is_layout_marker",
    "normalize_org",
    "org_parent",
    "person_block",
    "person_id",
    "place_key",
    "resolve_person_block",
    "resolve_person_name",
    "sentence_starts",
    "split_title",
]

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Division-level characters that end a division name inside an organization name.
_DIV_END = "省市县区州盟旗镇乡"
_PARTY_PREFIX = re.compile(r"^(?:中国共产党|中共)")
# A division name in front of a body: 长治市委 -> 市委, 沁县委 -> 县委.
_QUALIFIED = re.compile(rf"^[^{_DIV_END}]{{1,10}}?([{_DIV_END}].+)$")
# County-level prefixes of a bare body (县委, 区政府, 旗委), and words that open with one but name
# no body of a county (县级, 区域...).
_COUNTY_LEVELS = "县区旗"
_NOT_BARE = ("县级", "区级", "区域", "县域", "区块")
# Bodies whose names follow a division prefix, longest first (general Chinese public administration).
_BODIES = (
    "人大常委会",
    "纪委监委",
    "人民政府",
    "人民检察院",
    "中级人民法院",
    "人民法院",
    "检察院",
    "公安局",
    "委员会",
    "政府",
    "政协",
    "人大",
    "纪委",
    "监委",
    "党委",
    "党工委",
    "委",
)
_BODY_RE = "|".join(_BODIES)
_LEVEL_TWICE = re.compile(rf"^(.+?([县区市旗]))\2(?=(?:{_BODY_RE}))")
# "<prefix ending in a division character><body><department>"; the body is the parent.
_PARENT = re.compile(rf"^(.*?[{_DIV_END}])({_BODY_RE})(.+)$")
# A title printed with its body in front: 市人大常委会副主任 -> (市人大常委会, 副主任).
_TITLE_BODY = re.compile(rf"^((?:中共)?[^、，,]{{0,12}}?[{_DIV_END}](?:{_BODY_RE}))(.+)$")
_LEGAL_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "集团公司",
    "集团",
    "公司",
)
_TITLE_NOISE = re.compile(r"[\s“”\"'《》「」()（）·•、，,：:]+")
_TITLE_TAIL = re.compile(r"(?:召开|举行|举办|开幕|闭幕|启动|开展)$")
# A dateline opening a lead (3月17日, 12月5日上午,): no part of a description.
_LEAD_DATE = re.compile(r"^[^，。,]{0,12}?日(?:上午|下午|晚上?|中午)?[，,]")
_CLAUSE_END = re.compile(r"[，,；;：:。！？!?]")


def is_iso_date(value: str | None) -> bool:
    """True for a full ISO date ``YYYY-MM-DD`` (partial dates like ``--03-18`` are not)."""
    return bool(value) and bool(_ISO.match(value))


class UnionFind:
    """Union-find over hashable items whose representative is the *smallest* item.

    Taking the minimum (not the first seen) keeps the result independent of input order.

    >>> uf = UnionFind()
    >>> uf.union("b", "c"); uf.union("a", "c")
    >>> uf.find("c")
    'a'
    """

    def __init__(self) -> None:
        self._parent: dict[Hashable, Hashable] = {}

    def add(self, x: Hashable) -> None:
        self._parent.setdefault(x, x)

    def find(self, x: Hashable) -> Hashable:
        self.add(x)
        root = x
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[x] != root:  # path compression
            self._parent[x], x = root, self._parent[x]
        return root

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        lo, hi = (ra, rb) if ra < rb else (rb, ra)  # type: ignore[operator]
        self._parent[hi] = lo

    def groups(self) -> dict[Hashable, list[Hashable]]:
        """Representative -> sorted members."""
        out: dict[Hashable, list[Hashable]] = {}
        for x in sorted(self._parent):  # type: ignore[type-var]
            out.setdefault(self.find(x), []).append(x)
        return out


# --- organizations -------------------------------------------------------------------------


def normalize_org(name: str, home: Home | None = None) -> str:
    """Canonical key of an organization name.

    Examples
    --------
    >>> h = Home("河北省", "邯郸市")
    >>> normalize_org("市委组织部", h), normalize_org("中共邯郸市委组织部", h)
    ('邯郸市委组织部', '邯郸市委组织部')
    >>> normalize_org("中国共产党邯郸市委员会", h)
    '邯郸市委'
    >>> normalize_org("省人民政府", h)
    '河北省政府'
    >>> normalize_org("县委", Home("山西省", "长治市", "沁县")), normalize_org("县委", h)
    ('沁县委', '县委')
    """
    key = _PARTY_PREFIX.sub("", name.strip())
    key = re.sub(rf"([{_DIV_END}])委员会", r"\1委", key, count=1)
    key = re.sub(rf"([{_DIV_END}])人民政府", r"\1政府", key, count=1)
    # The level printed twice, as the division's end and the body's prefix: 沁县县委 is 沁县委.
    key = _LEVEL_TWICE.sub(r"\1", key, count=1)
    if home and len(key) > 1 and not key.startswith(("市场", "省级", "市级")):
        # A bare 市/省 prefix means the paper's own city/province (GUIDELINES: home).
        if key[0] == "市" and home.city:
            key = home.city + key[1:]
        elif key[0] == "省" and home.province:
            key = home.province + key[1:]
        elif home.county and key[0] == home.county[-1] and key[:2] not in _NOT_BARE:
            # A county paper's bare 县委 is its own county's (沁县报: 县委 -> 沁县委); elsewhere
            # see article_org_key.
            key = home.county + key[1:]
    return key


def bare_org(key: str) -> str:
    """An organization key without the division name in front: the body as a page without a
    home prints it.

    >>> bare_org("长治市委组织部"), bare_org("沁县委"), bare_org("市委")
    ('市委组织部', '县委', '市委')
    """
    m = _QUALIFIED.match(key)
    return m.group(1) if m else key
def bare_county(key: str) -> str | None:
    """The level of a body named by a bare county-level prefix (县委, 区政府, 旗委 -> 县 区 旗), or None.

    >>> bare_county("县委组织部"), bare_county("沁县委"), bare_county("区域协作办")
    ('县', None, None)
    """
    return key[0] if len(key) > 1 and key[0] in _COUNTY_LEVELS and key[:2] not in _NOT_BARE else None


def article_org_key(name: str, home: Home | None, counties: Callable[[], Sequence[str]]) -> str | None:
    """The key of an organization named in one article, or None when it stays unresolved.

    :func:`normalize_org`, then a body still named by a bare county-level prefix (a city
    paper's or a homeless page's 县委; a county paper's own is qualified already) gets the one
    county of that level the article names (*counties*: official names, asked only then). When
    the article names none or several, the body cannot be told: None, the mention makes no node
    (a bare 县委 shared by every county would join what is not one body; docs/schema.md).

    >>> h = Home("山西省", "长治市")
    >>> article_org_key("县委", h, lambda: ("沁县", "潞州区")), article_org_key("县委", h, lambda: ())
    ('沁县委', None)
    >>> article_org_key("市委", h, lambda: ())
    '长治市委'
    """
    key = normalize_org(name, home)
    level = bare_county(key)
    if level is None:
        return key
    named = [c for c in counties() if c.endswith(level)]
    return named[0] + key[1:] if len(named) == 1 else None


def org_parent(key: str) -> str | None:
    """The body a department belongs to, from its normalized name, or None.

    >>> org_parent("邯郸市委组织部"), org_parent("邯郸市人大常委会财经委"), org_parent("邯郸市委")
    ('邯郸市委', '邯郸市人大常委会', None)
    """
    m = _PARENT.match(key)
    if not m or not m.group(1).strip():
        return None
    return m.group(1) + m.group(2)


def split_title(title: str) -> tuple[str | None, str]:
    """Split a printed title into (body printed in front, the post), when a body is printed.

    >>> split_title("市人大常委会副主任")
    ('市人大常委会', '副主任')
    >>> split_title("组织部部长")
    (None, '组织部部长')
    """
    m = _TITLE_BODY.match(title)
    if not m:
        return None, title
    return m.group(1), m.group(2)


def company_core(key: str, is_division: Callable[[str], bool] = lambda s: False) -> tuple[str, ...]:
    """The distinctive parts of a registered company name, or ``()`` when *key* has no legal form.

    The name without its legal form, then again without each division name in front (as told
    by *is_division*), so 邯郸丛台春酒业有限公司 gives 邯郸丛台春酒业, 丛台春酒业 and 春酒业.

    >>> company_core("邯郸市丛台春酒业有限公司", {"邯郸市"}.__contains__)
    ('邯郸市丛台春酒业', '丛台春酒业')
    """
    for form in _LEGAL_FORMS:
        if key.endswith(form) and len(key) > len(form):
            core = key[: -len(form)]
            break
    else:
        return ()
    out = [core]
    while True:
        for i in range(min(len(core) - 2, 12), 1, -1):  # longest prefix first, keep 2 chars
            if is_division(core[:i]):
                core = core[i:]
                out.append(core)
                break
        else:
            return tuple(out)


# --- places --------------------------------------------------------------------------------


def place_key(place: Place, home: Home | None = None) -> dict[str, str]:
    """The resolution key of a place mention: its code, else its name within its parent.

    >>> place_key(Place("邯郸", "prefecture", code="130400"))
    {'code': '130400'}
    >>> place_key(Place("东关村", "village", parent_code="130402001"))
    {'name': '东关村', 'parent': '130402001'}
    """
    if place.code:
        return {"code": place.code}
    name = place.official_name or place.name
    if place.parent_code:
        return {"name": name, "parent": place.parent_code}
    if place.level in ("village", "township") and home and home.city:
        # Small units without a known parent are read as lying in the paper's own city.
        return {"name": name, "home": home.city}
    return {"name": name}


# --- persons -------------------------------------------------------------------------------


Block = tuple[str, str, str]  # (name, home city, role): a person blocking key


def person_block(person: Person, home: Home | None) -> tuple[str, str, str]:
    """Blocking key of a person mention: (name, home city, ``journalist`` | ``person``)."""
    role = "journalist" if person.kind == "journalist" else "person"
    return (person.name, (home.city or home.province or "") if home else "", role)


@dataclass(frozen=True, slots=True)
class PersonMention:
    """One person mention reduced to what resolution needs.

    ``posts`` holds (canonical title, organization key) pairs for posts with a known body.
    ``order`` is any totally ordered, input-independent key (date, article id).
    """

    order: tuple[str, str]
    date: str | None
    posts: tuple[tuple[str, str], ...] = ()


def resolve_person_block(mentions: Sequence[PersonMention]) -> list[int]:
    """Assign each mention of one block to a person; returns a cluster number per mention.

    Mentions are visited in ``order``; a mention joins the first cluster it does not conflict
    with (preferring one that shares an organization), else opens a new one. Conflict: on the
    mention's date the cluster holds the same canonical title in another organization.

    >>> a = PersonMention(("2024-01-02", "a1"), "2024-01-02", (("县委书记", "甲县委"),))
    >>> b = PersonMention(("2024-01-02", "a2"), "2024-01-02", (("县委书记", "乙县委"),))
    >>> c = PersonMention(("2024-01-03", "a3"), "2024-01-03", ())
    >>> resolve_person_block([c, b, a])
    [0, 1, 0]
    """
    index = sorted(range(len(mentions)), key=lambda i: mentions[i].order)
    clusters: list[tuple[dict[tuple[str, str], str], set[str]]] = []  # (date,title)->org, orgs
    out = [0] * len(mentions)
    for i in index:
        m = mentions[i]
        orgs = {o for _, o in m.posts}
        best = None
        for c, (held, c_orgs) in enumerate(clusters):
            if m.date and any(held.get((m.date, t), o) != o for t, o in m.posts):
                continue
            if best is None or (orgs & c_orgs and not (orgs & clusters[best][1])):
                best = c
        if best is None:
            clusters.append(({}, set()))
            best = len(clusters) - 1
        held, c_orgs = clusters[best]
        for t, o in m.posts:
            if m.date:
                held.setdefault((m.date, t), o)
        c_orgs |= orgs
        out[i] = best
    return out


#: What happened to a mention on a page without a home: it ``joined`` the one person of its
#: name and role with a home that fits it, or several fit and it stays apart (``ambiguous``).
#: Other mentions have ``""``.
HOMELESS_STATUS = ("joined", "ambiguous")


@dataclass(frozen=True, slots=True)
class NameResolution:
    """The persons of the mentions of one name: per mention its person as (block, cluster)
    (its id is :func:`person_id` of them) and its :data:`HOMELESS_STATUS` or ``""``."""

    persons: tuple[tuple[Block, int], ...]
    status: tuple[str, ...]


@dataclass(slots=True)
class HomelessPersons:
    """The mentions on pages without a home counted by :data:`HOMELESS_STATUS`, and the names
    of the ambiguous ones: report.json's ``without_home.persons``.

    >>> h = HomelessPersons()
    >>> for name, status in (("王伟", "ambiguous"), ("李强", "joined"), ("王伟", "ambiguous"), ("赵敏", "")):
    ...     h.add(name, status)
    >>> h.to_dict()
    {'joined': 1, 'ambiguous': 2, 'ambiguous_names': 1, 'first': ['王伟']}
    """

    joined: int = 0
    ambiguous: int = 0
    names: set[str] = field(default_factory=set)

    def add(self, name: str, status: str, n: int = 1) -> None:
        """*n* mentions of *name* with *status* (``""``: not on a page without a home, or no
        person with a home of that name)."""
        if status == "joined":
            self.joined += n
        elif status == "ambiguous":
            self.ambiguous += n
            self.names.add(name)

    def to_dict(self, first: int = 20) -> dict[str, object]:
        """Counts, the number of ambiguous names and the *first* of them (sorted)."""
        names = sorted(self.names)
        return {"joined": self.joined, "ambiguous": self.ambiguous, "ambiguous_names": len(names),
                "first": names[:first]}  # fmt: skip


class _Held:
    """The posts a person with a home holds: (title, organization) pairs, and by date."""

    __slots__ = ("dated", "posts")

    def __init__(self) -> None:
        self.posts: set[tuple[str, str]] = set()
        self.dated: dict[tuple[str, str], set[str]] = {}

    def add(self, m: PersonMention) -> None:
        self.posts.update(m.posts)
        if m.date:
            for t, o in m.posts:
                self.dated.setdefault((m.date, t), set()).add(o)

    def conflicts(self, m: PersonMention) -> bool:
        """On *m*'s date the person holds one of *m*'s titles in another organization (the
        rule of :func:`resolve_person_block`)."""
        if not m.date:
            return False
        return any(not _same_org(o, o2) for t, o in m.posts for o2 in self.dated.get((m.date, t), ()))

    def matches(self, m: PersonMention) -> bool:
        """The person holds one of *m*'s posts (a bare body read as its own)."""
        return any(t == t2 and _same_org(o, o2) for t, o in m.posts for t2, o2 in self.posts)


def _same_org(homeless: str, homed: str) -> bool:
    # A bare 市委 on a page without a home is the 长治市委 of a person of a 长治 paper.
    return homeless == homed or homeless == bare_org(homed)


def resolve_person_name(blocks: Sequence[Block], mentions: Sequence[PersonMention]) -> NameResolution:
    """Resolve the mentions of one name (every block of it): *blocks* gives each mention's
    blocking key (:func:`person_block`).

    Mentions with a home are resolved block by block (:func:`resolve_person_block`). A mention
    without a home (home ``""``) joins a person with a home of the same name and role when
    exactly one fits: the persons whose posts do not conflict with its own on its date, and of
    them those that hold one of its posts when any does (a bare 市委书记 fits the 市委书记 of
    the one city where the name holds it). With several it stays apart (``ambiguous``). What
    stays apart is resolved as a block of its own. Each mention is decided against the persons
    with a home alone, so the result does not depend on the order of the mentions.

    >>> a = PersonMention(("2024-01-02", "a1"), "2024-01-02", (("书记", "甲市委"),))
    >>> b = PersonMention(("2024-01-02", "b1"), "2024-01-02", (("市长", "乙市政府"),))
    >>> m = PersonMention(("2024-03-01", "n1"), "2024-03-01", (("书记", "市委"),))
    >>> u = PersonMention(("2024-03-02", "n2"), "2024-03-02", ())
    >>> r = resolve_person_name([("王伟", "甲市", "person"), ("王伟", "乙市", "person")] + [("王伟", "", "person")] * 2, [a, b, m, u])
    >>> r.persons[2], r.status
    ((('王伟', '甲市', 'person'), 0), ('', '', 'joined', 'ambiguous'))
    """
    by_block: dict[Block, list[int]] = {}
    for i, block in enumerate(blocks):
        by_block.setdefault(block, []).append(i)
    persons: list[tuple[Block, int]] = [(blocks[i], 0) for i in range(len(blocks))]
    status = [""] * len(blocks)
    held: dict[tuple[Block, int], _Held] = {}
    homeless = any(not b[1] for b in by_block)  # else the posts held need not be gathered
    for block in sorted(b for b in by_block if b[1]):
        idx = by_block[block]
        for i, c in zip(idx, resolve_person_block([mentions[i] for i in idx]), strict=True):
            persons[i] = (block, c)
            if homeless:
                held.setdefault((block, c), _Held()).add(mentions[i])
    for block in sorted(b for b in by_block if not b[1]):
        namesakes = [(k, h) for k, h in held.items() if k[0][0] == block[0] and k[0][2] == block[2]]
        rest = []
        for i in by_block[block]:
            m = mentions[i]
            fit = [k for k, h in namesakes if not h.conflicts(m)]
            fit = [k for k in fit if held[k].matches(m)] or fit
            if len(fit) == 1:
                persons[i], status[i] = fit[0], "joined"
                continue
            rest.append(i)
            if fit:
                status[i] = "ambiguous"
        for i, c in zip(rest, resolve_person_block([mentions[i] for i in rest]), strict=True):
            persons[i] = (block, c)
    return NameResolution(tuple(persons), tuple(status))


def person_id(block: tuple[str, str, str], cluster: int) -> str:
    """Node id of cluster *cluster* of a person block (cluster 0 needs no number)."""
    key: dict[str, object] = {"name": block[0], "home": block[1], "role": block[2]}
    if cluster:
        key["n"] = cluster
    return stable_id("person", key)


# --- events --------------------------------------------------------------------------------


def event_title_key(title: str) -> str:
    """Normalized event title: no punctuation or spaces, no trailing 召开/举行...

    >>> event_title_key("“全市 安全生产会议”召开")
    '全市安全生产会议'
    """
    return _TITLE_TAIL.sub("", _TITLE_NOISE.sub("", title))


def is_layout_marker(title: str | None) -> bool:
    """True when *title* says nothing but where the story goes on: empty or only layout marks.

    >>> is_layout_marker("(上接第一版)"), is_layout_marker("（下转第2版）"), is_layout_marker("全市会议召开")
    (True, True, False)
    """
    return not _TITLE_NOISE.sub("", LAYOUT_MARK.sub("", title or ""))


def describe_text(text: str, *, limit: int = 30) -> str:
    """A short description of a headline-less text: its first clauses, without layout marks or
    the lead's date, cut at *limit* characters (``…`` when cut inside a clause).

    >>> describe_text("(上接第一版)\\n\\n会议强调，要深入学习贯彻重要指示精神，扛牢整改责任。")
    '会议强调，要深入学习贯彻重要指示精神'
    >>> describe_text("（上接第一版）会议指出，要认真学习贯彻关于审计工作的重要指示批示精神和各项决策部署。")
    '会议指出，要认真学习贯彻关于审计工作的重要指示批示精神和各…'
    >>> describe_text("3月17日，上党区的大棚里一片生机。")
    '上党区的大棚里一片生机'
    """
    body = " ".join(LAYOUT_MARK.sub(" ", text).split())
    body = _LEAD_DATE.sub("", body)
    out = ""
    pos = 0
    for m in _CLAUSE_END.finditer(body):
        clause = body[pos : m.start()].strip()
        pos = m.end()
        if not clause:
            continue
        if out and len(out) + 1 + len(clause) > limit and len(out) >= limit // 2:
            break
        out = f"{out}，{clause}" if out else clause
        # A clause of a few characters (会议强调) says little: take the next one too.
        if len(out) >= limit // 2 or m.group() in "。！？!?":
            break
    else:
        rest = body[pos:].strip()
        if rest and len(out) + 1 + len(rest) <= limit:
            out = f"{out}，{rest}" if out else rest
    if not out:
        out = body.strip()
    return out if len(out) <= limit else out[: limit - 1] + "…"


def bigram_dice(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of *a* and *b* (1.0 for equal strings).

    >>> round(bigram_dice("全市安全生产会议", "安全生产会议"), 2)
    0.83
    """
    if a == b:
        return 1.0
    ga = {a[i : i + 2] for i in range(len(a) - 1)}
    gb = {b[i : i + 2] for i in range(len(b) - 1)}
    if not ga or not gb:
        return 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))
