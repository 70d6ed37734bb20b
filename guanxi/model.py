"""Stage contracts: the plain data that flows read -> segment -> extract -> resolve -> build.

Every contract is a frozen, slotted dataclass with JSON-ready fields (str, int, bool, None,
tuples and nested contracts), so a stage can be called from a notebook and its result written
as JSON lines. No spaCy, networkx or driver object crosses a stage boundary.

Offsets
-------
``Page.text`` is the page as decoded from its file, unchanged (the *original* text).
``Article.start``/``Article.end`` index into ``Page.text``. ``Article.text`` is the article's
*clean* text: full-width ASCII normalized and PDF line-wrap damage repaired; ``Article.offsets``
maps clean-text positions back to the page (see :meth:`Article.page_offset`).
``Provenance.start``/``end`` index into ``Article.text``; ``page_start``/``page_end`` into
``Page.text``; ``Provenance.sentence`` indexes ``ArticleExtraction.sentences`` (each sentence
stored once per article, as offsets into ``Article.text``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Self

__all__ = [
    "Appointment",
    "Article",
    "ArticleExtraction",
    "Event",
    "Home",
    "Organization",
    "Page",
    "PageExtraction",
    "Participant",
    "Person",
    "Place",
    "Post",
    "Problem",
    "Profile",
    "Provenance",
    "Region",
    "Reporter",
    "Sentence",
    "stable_id",
]


def stable_id(kind: str, key: Any) -> str:
    """Return ``kind:`` plus the first 16 hex digits of the sha1 of compact, key-sorted JSON of *key*.

    Examples
    --------
    >>> stable_id("person", {"name": "张三"}) == stable_id("person", {"name": "张三"})
    True
    """
    if type(key) is str:  # an article id: as json.dumps writes it, without setting up an encoder
        blob = _json_str(key)
    elif type(key) is dict and all(type(k) is str and type(v) is str for k, v in key.items()):
        # an edge's type and ends, a name: the same JSON, made the same faster way (millions of ids)
        blob = "{" + ",".join(f"{_json_str(k)}:{_json_str(key[k])}" for k in sorted(key)) + "}"
    else:
        blob = json.dumps(key, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"{kind}:{hashlib.sha1(blob.encode('utf-8')).hexdigest()[:16]}"


_json_str = json.encoder.encode_basestring  # what json.dumps(a_str, ensure_ascii=False) returns


class _Record:
    """Mixin: ``to_dict``/``from_dict`` for nested frozen dataclasses."""

    def to_dict(self) -> dict[str, Any]:
        return _to_json(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return _from_json(cls, data)


#: Field metadata: leave the field out of ``to_dict`` while it holds its default (fields added
#: after files were written, so that the output of articles without them stays byte-identical).
OMIT_DEFAULT = {"omit_default": True}


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if f.metadata.get("omit_default") and v == f.default:
                continue
            out[f.name] = _to_json(v)
        return out
    if isinstance(value, tuple | list):
        return [_to_json(v) for v in value]
    return value


def _from_json(cls: type, data: dict[str, Any]) -> Any:
    fields, plain = _fields(cls)
    if plain:  # no field to convert (Provenance, Sentence...): the most numerous records
        try:
            return cls(**data)
        except TypeError:
            pass  # a key the class does not know: left out below, as for any class
    kwargs: dict[str, Any] = {}
    for name, convert in fields:
        if name in data:
            value = data[name]
            kwargs[name] = value if value is None or convert is None else convert(value)
    return cls(**kwargs)


_CONTRACTS: dict[str, type] = {}


@cache
def _fields(cls: type) -> tuple[tuple[tuple[str, Callable[[Any], Any] | None], ...], bool]:
    """Each field's name and converter (None: the JSON value as is), and whether no field has
    one; worked out once per class, as reading a large extractions.jsonl converts millions of values."""
    fields = tuple((f.name, _converter(str(f.type).replace(" ", ""))) for f in dataclasses.fields(cls))
    return fields, all(convert is None for _, convert in fields)


def _converter(t: str) -> Callable[[Any], Any] | None:
    # Field types are strings (from __future__ annotations); resolve the few shapes we use.
    for name, cls in _CONTRACTS.items():
        if t in (name, f"{name}|None"):
            return lambda value, cls=cls: _from_json(cls, value)
        if t == f"tuple[{name},...]":
            return lambda value, cls=cls: tuple(_from_json(cls, v) for v in value)
    if t.startswith("tuple["):
        if t[len("tuple[") :].startswith("tuple["):
            return lambda value: tuple(tuple(v) for v in value) if isinstance(value, list) else value
        return lambda value: tuple(value) if isinstance(value, list) else value
    return None


def _contract(cls: type) -> type:
    _CONTRACTS[cls.__name__] = cls
    return cls


@_contract
@dataclass(frozen=True, slots=True)
class Home(_Record):
    """The paper's home: province and prefecture-level city to which 市委, 我市 refer.

    ``county`` is set for a county paper (沁县报: the county its bare 县委, 本县 refer to); it is
    left out of ``to_dict`` while None, so city homes serialize as before.
    """

    province: str | None = None
    city: str | None = None
    county: str | None = field(default=None, metadata=OMIT_DEFAULT)

    @classmethod
    def parse(cls, value: str) -> Home:
        """Parse ``"山西省/长治市"`` (or ``"长治市"``) as given to ``--home``.

        >>> Home.parse("山西省/长治市")
        Home(province='山西省', city='长治市')

        Raises ValueError for anything else (empty, three parts).
        """
        parts = [p.strip() for p in value.replace("／", "/").split("/") if p.strip()]
        if not 1 <= len(parts) <= 2:
            raise ValueError(f"expected PROVINCE/CITY or CITY, got {value!r}")
        if len(parts) == 1:
            return cls(None, parts[0])
        return cls(parts[0], parts[1])

    def __bool__(self) -> bool:
        return bool(self.province or self.city)

    def __repr__(self) -> str:  # county only when set, as in to_dict
        county = f", county={self.county!r}" if self.county else ""
        return f"Home(province={self.province!r}, city={self.city!r}{county})"


@_contract
@dataclass(frozen=True, slots=True)
class Problem(_Record):
    """An input that could not be read (or read only in part): path, 1-based line or None, reason."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@_contract
@dataclass(frozen=True, slots=True)
class Region(_Record):
    """One piece of a laid-out page (a PDF page): an article, a photo caption, a continuation or
    the page header, as the layout shows it (:mod:`guanxi.extractors.layout`).

    ``start``/``end`` index into ``Page.text`` (the page text guanxi composed from the layout);
    ``title``, ``kickers`` and ``subtitles`` are (start, end) spans of the lines printed in
    headline type; ``boxes`` the region's bounding boxes (one per column piece: x0, top, x1, bottom in points
    from the page's top-left corner);
    ``continued_to``/``continued_from`` the article ids of the region's other part on another
    page of the issue (a jump line 转第X版 / 上接第X版), when that page was read in the same run.
    """

    start: int
    end: int
    kind: str  # article | photo | continuation | header
    boxes: tuple[tuple[float, float, float, float], ...] = ()
    title: tuple[int, int] | None = None
    kickers: tuple[tuple[int, int], ...] = ()
    subtitles: tuple[tuple[int, int], ...] = ()
    jump_to: int | None = None  # 转第X版: the page number printed in the jump line
    jump_from: int | None = None  # 上接第X版
    continued_to: str | None = None
    continued_from: str | None = None


@_contract
@dataclass(frozen=True, slots=True)
class Page(_Record):
    """One input unit: a newspaper page (a .txt/.md file or a page of a PDF), a saved web page or
    one JSONL record.

    ``text`` is the decoded original text (for a PDF page or a web page: the text guanxi composed
    from its layout, written out with the extractions). ``meta`` carries the JSONL record's
    optional fields (title, date, source, url) as (key, value) pairs; for a PDF page its issue date
    (``date``) and page number (``page``) when printed, and its size in points (``width``,
    ``height``); a web page's are title, kicker, subtitle,
    date, page (版次), url and ``form`` = ``web`` (read as one record, see
    :mod:`guanxi.extractors.html_pages`). ``encoding`` is what the file was decoded as (``pdf`` for
    a PDF page). ``layout`` holds a PDF page's regions; ``segment`` cuts a page with a layout along
    its regions.
    """

    page_id: str
    path: str
    text: str
    line: int | None = None
    encoding: str = "utf-8"
    home: Home | None = None
    meta: tuple[tuple[str, str], ...] = ()
    layout: tuple[Region, ...] = ()

    @property
    def file(self) -> str:
        """The key used in gold-schema output: the file name, or the record id for JSONL input."""
        if self.line is not None:
            return self.page_id
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    def get(self, key: str, default: str | None = None) -> str | None:
        return dict(self.meta).get(key, default)

    @property
    def composed(self) -> bool:
        """True when ``text`` is a text guanxi composed (a PDF page's layout, a saved web page),
        not one it read as it was: the text the articles' offsets point into is then written out."""
        return bool(self.layout) or self.get("form") == "web"


@_contract
@dataclass(frozen=True, slots=True)
class Reporter(_Record):
    """A name in a byline, signature or photo credit, with the byline word printed with it."""

    name: str
    role: str | None = None  # 记者, 见习记者, 通讯员, 摄 ... or None for a bare signature


@_contract
@dataclass(frozen=True, slots=True)
class Article(_Record):
    """One piece of a page (news, feature, interview, commentary, photo, notice, continuation).

    ``offsets`` is a sparse, sorted map of (clean index, page index) breakpoints: from each
    breakpoint on, page index = clean index + (page - clean) of that breakpoint.

    Articles of a PDF page also carry ``page_number`` (printed, else the page's place in its
    file), ``boxes`` (where on the page the article sat, see :class:`Region`) and the ids of
    the article's other part on another page (``continued_to``, ``continued_from``).
    """

    article_id: str
    page_id: str
    ordinal: int
    title: str | None
    kind: str
    date: str | None
    text: str
    start: int
    end: int
    kicker: str | None = None
    subtitle: str | None = None
    reporters: tuple[Reporter, ...] = ()
    date_end: str | None = None
    offsets: tuple[tuple[int, int], ...] = ()
    page_number: int | None = None
    boxes: tuple[tuple[float, float, float, float], ...] = ()
    continued_to: str | None = None
    continued_from: str | None = None

    def page_offset(self, i: int) -> int:
        """Map an index into ``self.text`` to an index into the page's original text."""
        if not self.offsets:
            return self.start + i
        k = bisect_right(self.offsets, (i, float("inf"))) - 1
        if k < 0:
            return self.start + i
        clean, page = self.offsets[k]
        return page + (i - clean)


@_contract
@dataclass(frozen=True, slots=True)
class Sentence(_Record):
    """One sentence unit of an article (see :mod:`guanxi.sentences`): offsets into
    ``Article.text``, surrounding white space left out. ``cut`` is True for a piece of a sentence
    longer than ``guanxi.sentences.MAX_SENTENCE`` characters (a list), cut at a list separator."""

    start: int
    end: int
    cut: bool = False


@_contract
@dataclass(frozen=True, slots=True)
class Provenance(_Record):
    """Where a fact was read: the article, the index of its sentence in
    ``ArticleExtraction.sentences`` (the evidence, stored once per article; see
    :meth:`ArticleExtraction.evidence`), and offsets into the article's text
    (``start``/``end``) and into the page's original text (``page_start``/``page_end``)."""

    article_id: str
    sentence: int
    start: int
    end: int
    page_start: int | None = None
    page_end: int | None = None


@_contract
@dataclass(frozen=True, slots=True)
class Post(_Record):
    """A post as printed for a person, its canonical form, and the body it belongs to."""

    title: str
    canonical: str | None = None
    organization: str | None = None  # canonical organization name, when the text makes it certain
    former: bool = False  # printed with 原 (原局长): a post held before


@_contract
@dataclass(frozen=True, slots=True)
class Profile(_Record):
    """A person's particulars as a pre-appointment publicity list (任前公示) prints them.

    ``birth`` and ``party_entry`` are ``YYYY-MM`` (or ``YYYY``); every field is None when not
    printed. ``prov`` points at the printed particulars."""

    sex: str | None = None  # 男 | 女
    ethnicity: str | None = None  # 汉族, 回族 ...
    birth: str | None = None
    education: str | None = None  # as printed: 研究生, 大学, 在职研究生 ...
    party_entry: str | None = None
    prov: tuple[Provenance, ...] = ()


@_contract
@dataclass(frozen=True, slots=True)
class Person(_Record):
    """A named person mentioned in an article (one record per article and name). ``profile`` is
    set only for a person listed with particulars (omitted from JSON when None).

    ``mentions`` gives the type of each mention, aligned with ``prov``: ``present`` (acts in the
    reported happening), ``reference`` (doctrine, instructions, earlier words), ``byline`` or
    ``other`` (see docs/extraction.md, "Mention types"). It is empty in files written before mention
    types existed (and left out of JSON when empty); :attr:`mention_types` then reads every
    mention as ``present``, which is how those files were counted."""

    name: str
    kind: str  # official | journalist | other
    posts: tuple[Post, ...] = ()
    prov: tuple[Provenance, ...] = ()
    profile: Profile | None = field(default=None, metadata=OMIT_DEFAULT)
    mentions: tuple[str, ...] = field(default=(), metadata=OMIT_DEFAULT)

    @property
    def titles(self) -> list[str]:
        return [p.title for p in self.posts]

    @property
    def mention_types(self) -> tuple[str, ...]:
        """The type of each mention, aligned with ``prov`` (all ``present`` when not classified).

        >>> Person("王建国", "official", prov=(Provenance("a", 0, 0, 3),)).mention_types
        ('present',)
        """
        if len(self.mentions) == len(self.prov):
            return self.mentions
        return ("present",) * len(self.prov)


@_contract
@dataclass(frozen=True, slots=True)
class Appointment(_Record):
    """A personnel decision printed in an article: who, what happened to which post, when, by whom.

    ``action`` is ``appointed`` (任命, 任, 聘任), ``removed`` (免去, 不再担任), ``resigned`` (辞去…
    职务的请求 accepted), ``proposed`` (拟任, 提名…候选人) or ``elected`` (选举…为, 当选).
    ``title`` is the post as printed, ``canonical`` its canonical form (the elided body and the
    home city restored, as for :class:`Post`), ``organization`` the body of the post, ``date`` the
    ISO date of the decision (else of the article), ``decided_by`` the deciding body as printed
    and made canonical (``None`` when the text names none)."""

    person: str
    action: str
    title: str
    canonical: str | None = None
    organization: str | None = None
    date: str | None = None
    decided_by: str | None = None
    prov: tuple[Provenance, ...] = ()


@_contract
@dataclass(frozen=True, slots=True)
class Organization(_Record):
    """A named organization as printed, with type, canonical name and parent where evident."""

    name: str
    type: str = "other"  # party government congress cppcc court procuratorate police military school hospital company association media other
    canonical: str | None = None
    parent: str | None = None
    prov: tuple[Provenance, ...] = ()


@_contract
@dataclass(frozen=True, slots=True)
class Place(_Record):
    """A place as printed, matched to the official division list where possible."""

    name: str
    level: str | None = None  # country province prefecture county township village natural foreign
    code: str | None = None
    official_name: str | None = None
    parent_code: str | None = None
    prov: tuple[Provenance, ...] = ()


@_contract
@dataclass(frozen=True, slots=True)
class Participant(_Record):
    name: str
    role: str  # 主持 讲话 出席 带队 调研 陪同 其他


@_contract
@dataclass(frozen=True, slots=True)
class Event(_Record):
    """A reported happening: meeting, inspection, activity, signing or notice."""

    title: str
    type: str
    date: str | None = None
    date_end: str | None = None
    organizers: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    participants: tuple[Participant, ...] = ()
    prov: tuple[Provenance, ...] = ()


@_contract
@dataclass(frozen=True, slots=True)
class ArticleExtraction(_Record):
    """Everything extracted from one article. ``optional`` lists spans a careful reader may or may
    not extract (venues, products, title-only bodies, places inside names); ``sentences`` are the
    article's sentence units, which provenance points at by index; ``appointments`` the personnel
    decisions the article prints (see docs/careers.md)."""

    article: Article
    persons: tuple[Person, ...] = ()
    organizations: tuple[Organization, ...] = ()
    places: tuple[Place, ...] = ()
    events: tuple[Event, ...] = ()
    optional: tuple[str, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    # Omitted from JSON when empty: extraction files of articles without appointments (and those
    # written before the field existed) stay byte-identical and read back the same.
    appointments: tuple[Appointment, ...] = field(default=(), metadata=OMIT_DEFAULT)

    def evidence(self, prov: Provenance) -> str:
        """The text of the sentence *prov* points at ("" when it points at none)."""
        if not 0 <= prov.sentence < len(self.sentences):
            return ""
        s = self.sentences[prov.sentence]
        return self.article.text[s.start : s.end]


@_contract
@dataclass(frozen=True, slots=True)
class PageExtraction(_Record):
    """All articles of one page with their extractions; ``to_gold`` gives the gold schema."""

    page: Page
    home: Home
    articles: tuple[ArticleExtraction, ...] = field(default=())
