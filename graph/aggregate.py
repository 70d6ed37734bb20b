"""Cross-article aggregation: each step once, as accumulators with an associative merge.

Both engines run these functions and nothing else for the steps that add up what several
articles say: the local engine folds every article into one set of accumulators in one process
(:meth:`~guanxi.graph.build.GraphBuilder.build_stream`); the Dask engine folds the rows of each
partition, then merges the partial accumulators of the partitions
(:mod:`guanxi.graph.distributed`). Folding rows in any grouping and merging the results gives
what one fold of all the rows gives, so the two engines write the same bytes.

Inputs are flat mention rows whose entity ids are already resolved:

- a person mention (:meth:`PersonAcc.add`, :func:`add_posts`): person id, blocking key, kind,
  titles, posts ``(printed, canonical, organization key)``, mention count, its article;
- an article's entity mentions (:func:`article_entities`): :data:`EntityMention` rows
  ``(entity id, sentence indices, mention count, byline?, present sentence indices, counts per
  mention type)``.

Steps (accumulator -> graph records)
    - person nodes: :class:`PersonAcc` per person id -> :func:`person_node`;
    - HOLDS_POST: :class:`PostAcc` per :class:`PostKey` -> :func:`holds_post_edge`;
    - entity article counts and date spans: :class:`EntitySeen` per entity id (read by every
      entity node: ``articles``, ``first_seen``/``last_seen``, and the npmi counts);
    - MENTIONED_IN: :func:`article_entities` counts (per mention type) -> :func:`mentioned_in_edges`;
    - organizations and places: :class:`EntityAgg` per key (names, types, parents, mentions);
    - co-occurrence: :func:`article_entities` sentences (of present mentions, or all: the one
      rule of ``--cooccurrence``) -> :func:`~guanxi.graph.cooccurrence.article_pairs`;
    - CO_ATTENDED: the PARTICIPATED_IN edges of each event -> :class:`Attendance` per person pair
      (:func:`attendances`) -> :func:`co_attended_edges`;
    - SERVED_WITH: the HOLDS_POST edges -> :class:`Staff` per organization (:func:`add_staff`)
      -> :class:`Service` per person pair (:func:`services`) -> :func:`served_with_edges`.

Accumulators are mutable (``slots``) and merged in place: ``a.merge(b)`` leaves in ``a`` what
one accumulator of both inputs would hold. See docs/architecture.md for adding a step.

Examples
--------
>>> span = DateSpan()
>>> for d in ("2024-05-02", None, "2024-04-30"):
...     span.add(d)
>>> span.props()
{'first_seen': '2024-04-30', 'last_seen': '2024-05-02'}
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any, NamedTuple

from guanxi.extractors.post_codes import code_post
from guanxi.graph.resolve import is_iso_date
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, Prop, RelType, clean_props, edge_id

from guanxi.model import Home, Post, stable_id

__all__ = [
    "COOCCURRENCE",
    "END_ACTIONS",
    "MAX_EDGE_EVENTS",
    "MENTION_TYPES",
    "PROFILE_FIELDS",
    "SINGLE_HOLDER_CLASSES",
    "START_ACTIONS",
    "AppointedAcc",
    "AppointmentRow",
    "ArticleEntities",
    "Attendance",
    "DateSpan",
    "DatedEnd",
    "EntityAgg",
    "EntityIds",
    "EntityMention",
    "EntitySeen",
    "OrgRef",
    "PairTie",
    "PersonAcc",
    "PersonRef",
    "PlaceRef",
    "PostAcc",
    "PostKey",
    "Ref",
    "Service",
    "Spell",
    "Staff",
    "add_attendance",
    "add_posts",
    "add_seen",
    "add_staff",
    "appointed_edges",
    "article_entities",
    "attendances",
    "best",
    "co_attended_edges",
    "fold",
    "holds_post_edge",
    "home_of",
    "mentioned_in_edge",
    "mentioned_in_edges",
    "merge_all",
    "person_node",
    "person_nodes",
    "post_code_props",
    "post_edges",
    "post_spell",
    "reported_edge",
    "served_with_edges",
    "services",
    "succession_edges",
]


def best(counter: Mapping[Any, int]) -> Any:
    """Most common key; ties go to the smallest key so the choice is order-free."""
    if not counter:
        return None
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


# --- references: what an article's mention points at, before ids are known -----------------------


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person mention of an article: its number among the article's persons."""

    index: int
    journalist: bool = False  # a byline: counted, but no co-occurrence with the story's people


@dataclass(frozen=True, slots=True)
class OrgRef:
    """An organization mention: its key (:func:`~guanxi.graph.resolve.normalize_org`)."""

    key: str


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place mention: its key (the JSON of :func:`~guanxi.graph.resolve.place_key`)."""

    key: str


Ref = PersonRef | OrgRef | PlaceRef


class EntityIds:
    """Node ids of references: persons from the resolution, organizations by their final
    (company-merged) key, places by their key; organization and place ids are made once."""

    def __init__(self, persons: Mapping[int, str] | Sequence[str], org_final: Mapping[str, str]) -> None:
        self.persons = persons
        self.org_final = org_final
        self._orgs: dict[str, str] = {}
        self._places: dict[str, str] = {}

    def org(self, key: str) -> str:
        oid = self._orgs.get(key)
        if oid is None:
            oid = self._orgs[key] = stable_id("org", {"name": self.org_final.get(key, key)})
        return oid

    def place(self, key: str) -> str:
        plid = self._places.get(key)
        if plid is None:
            plid = self._places[key] = stable_id("place", json.loads(key))
        return plid

    def of(self, ref: Ref) -> str:
        if isinstance(ref, PersonRef):
            return self.persons[ref.index]
        if isinstance(ref, OrgRef):
            return self.org(ref.key)
        return self.place(ref.key)


# --- dates --------------------------------------------------------------------------------------


@dataclass(slots=True)
class DateSpan:
    """First and last of the ISO dates added (None: none yet); the one min/max rule."""

    first: str | None = None
    last: str | None = None

    def add(self, date: str | None) -> None:
        if date:
            if self.first is None or date < self.first:
                self.first = date
            if self.last is None or date > self.last:
                self.last = date

    def merge(self, other: DateSpan) -> DateSpan:
        self.add(other.first)
        self.add(other.last)
        return self

    def props(self) -> dict[str, str]:
        """``first_seen``/``last_seen`` (no keys without a date)."""
        if self.first is None or self.last is None:
            return {}
        return {"first_seen": self.first, "last_seen": self.last}


# --- organizations and places: counters per key ---------------------------------------------------


@dataclass(slots=True)
class EntityAgg:
    """Counters of one organization or place key across mentions.

    ``order`` is the place of its first mention in the input (article order, then position in
    the article): the first mention's ``home`` and ``extra`` values win whichever side of a
    merge they come from.
    """

    names: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    extra: dict[str, Any] = field(default_factory=dict)
    parents: set[str] = field(default_factory=set)
    mentions: int = 0
    home: str = ""
    order: tuple[int, int] = (0, 0)

    def merge(self, other: EntityAgg) -> EntityAgg:
        self.names.update(other.names)
        self.types.update(other.types)
        self.parents |= other.parents
        self.mentions += other.mentions
        if other.order < self.order:
            self.extra = {**self.extra, **other.extra}
            self.home, self.order = other.home, other.order
        else:
            for k, v in other.extra.items():
                self.extra.setdefault(k, v)
        return self


# --- persons ------------------------------------------------------------------------------------


#: A person's particulars as a pre-appointment publicity list prints them (:class:`guanxi.model.Profile`).
PROFILE_FIELDS = ("sex", "ethnicity", "birth", "education", "party_entry")


@dataclass(slots=True)
class PersonAcc:
    """One person across its mentions: blocking key ``(name, home, role)``, whether any mention
    is an official, titles, mention count, dates, and the particulars a publicity list printed
    (:data:`PROFILE_FIELDS`: every value seen, as a set, so that merging is order-free)."""

    block: tuple[str, str, str]
    official: bool = False
    titles: set[str] = field(default_factory=set)
    mentions: int = 0
    span: DateSpan = field(default_factory=DateSpan)
    profile: dict[str, set[str]] = field(default_factory=dict)

    def add(
        self,
        kind: str,
        titles: Iterable[str],
        count: int,
        date: str | None,
        profile: Iterable[Sequence[str]] = (),
    ) -> None:
        """One mention: its kind, printed titles, mention count, article date and particulars
        (``(field, value)`` pairs)."""
        self.official = self.official or kind == "official"
        self.titles.update(titles)
        self.mentions += count
        self.span.add(date)
        for name, value in profile:
            self.profile.setdefault(name, set()).add(value)

    def merge(self, other: PersonAcc) -> PersonAcc:
        self.official = self.official or other.official
        self.titles |= other.titles
        self.mentions += other.mentions
        self.span.merge(other.span)
        for name, values in other.profile.items():
            self.profile.setdefault(name, set()).update(values)
        return self


def person_node(pid: str, acc: PersonAcc, articles: int, corrected: tuple[int, ...] = ()) -> GraphNode:
    """A Person node: ``kind`` is journalist (by role), official or other; ``corrected`` lists
    the lines of the hand corrections that made it (docs/corrections.md)."""
    name, home, role = acc.block
    props = {
        "name": name,
        "kind": "journalist" if role == "journalist" else ("official" if acc.official else "other"),
        "home": home or None,
        "titles": tuple(sorted(acc.titles)),
        "mentions": acc.mentions,
        "articles": articles,
        "corrected": corrected,
    }
    props.update(acc.span.props())
    # Particulars from publicity lists; two lists that disagree show both values.
    props.update({k: " / ".join(sorted(acc.profile[k])) for k in PROFILE_FIELDS if k in acc.profile})
    return GraphNode(pid, NodeLabel.PERSON, clean_props(props))


def person_nodes(
    accs: Mapping[str, PersonAcc],
    seen: Mapping[str, EntitySeen],
    corrected: Mapping[tuple[str, str, str], tuple[int, ...]] | None = None,
) -> Iterator[GraphNode]:
    """The Person nodes of *accs*, with the article counts of *seen* and the correction
    lines of *corrected* (by block)."""
    for pid, acc in accs.items():
        s = seen.get(pid)
        yield person_node(pid, acc, s.articles if s else 0, (corrected or {}).get(acc.block, ()))


# --- HOLDS_POST ---------------------------------------------------------------------------------


class PostKey(NamedTuple):
    """A post: a person in an organization (key) under one canonical title."""

    person: str
    org: str
    canonical: str


#: An appointment of a person mention, its organization key resolved: (action, title as
#: printed, canonical post, organization key or None, ISO date or None, deciding body or None).
AppointmentRow = tuple[str, str, str, str | None, str | None, str | None]

#: Actions that open a spell and actions that close one (``proposed`` does neither).
START_ACTIONS = frozenset({"appointed", "elected"})
END_ACTIONS = frozenset({"removed", "resigned"})


@dataclass(slots=True)
class AppointedAcc:
    """One decision (post, action, date) across the articles that print it."""

    titles: Counter = field(default_factory=Counter)
    decided_by: Counter = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)

    def add(self, title: str, decided_by: str | None, article_id: str) -> None:
        self.titles[title] += 1
        if decided_by:
            self.decided_by[decided_by] += 1
        self.articles.add(article_id)

    def merge(self, other: AppointedAcc) -> AppointedAcc:
        self.titles.update(other.titles)
        self.decided_by.update(other.decided_by)
        self.articles |= other.articles
        return self


@dataclass(slots=True)
class PostAcc:
    """One post across its mentions: printed titles counted, articles (id -> date), mentions,
    the person's home (city or province, for coding the post) and its appointments by
    ``(action, date)``."""

    titles: Counter = field(default_factory=Counter)
    articles: dict[str, str | None] = field(default_factory=dict)
    count: int = 0
    home: str = ""
    appointed: dict[tuple[str, str | None], AppointedAcc] = field(default_factory=dict)

    def add(self, printed: str, article_id: str, date: str | None) -> None:
        self.titles[printed] += 1
        self.articles[article_id] = date
        self.count += 1

    def merge(self, other: PostAcc) -> PostAcc:
        self.titles.update(other.titles)
        self.articles.update(other.articles)
        self.count += other.count
        self.home = min(h for h in (self.home, other.home, "~") if h) if (self.home or other.home) else ""
        for k, a in other.appointed.items():
            fold(self.appointed, k, a)
        return self


def _post_acc(accs: dict[PostKey, PostAcc], key: PostKey, home: str) -> PostAcc:
    acc = accs.get(key)
    if acc is None:
        acc = accs[key] = PostAcc(home=home)
    return acc


def add_posts(
    accs: dict[PostKey, PostAcc],
    pid: str,
    posts: Iterable[Sequence[Any]],
    article_id: str,
    date: str | None,
    home: str = "",
    appointments: Iterable[Sequence[Any]] = (),
) -> None:
    """Fold one person mention's posts ``(printed, canonical, organization key or None)`` and
    appointments (:data:`AppointmentRow`) into *accs* (without an organization, neither is a
    fact of the graph). *home* is the person's home key (city, else province)."""
    for printed, canonical, okey in posts:
        if okey:
            _post_acc(accs, PostKey(pid, okey, canonical), home).add(printed, article_id, date)
    for action, title, canonical, okey, adate, decided_by in appointments:
        if okey:
            acc = _post_acc(accs, PostKey(pid, okey, canonical), home)
            appt = acc.appointed.get((action, adate))
            if appt is None:
                appt = acc.appointed[(action, adate)] = AppointedAcc()
            appt.add(title, decided_by, article_id)


# --- post spells and coded posts --------------------------------------------------------------


class Spell(NamedTuple):
    """A person's spell in one post: first and last date and how each is known
    (``appointment`` | ``first_seen`` for the start, ``removal`` | ``last_seen`` for the end)."""

    start: str | None
    start_by: str | None
    end: str | None
    end_by: str | None


def post_spell(acc: PostAcc) -> Spell:
    """The spell of one post: it starts at the earliest appointment or sighting (an appointment
    wins a tie) and ends at the latest removal when no appointment comes after it, else at the
    last sighting. Nothing is taken from other holders: a successor's start is no end.

    >>> acc = PostAcc(articles={"a1": "2024-03-01", "a2": "2024-06-30"})
    >>> acc.appointed[("appointed", "2024-02-27")] = AppointedAcc()
    >>> post_spell(acc)
    Spell(start='2024-02-27', start_by='appointment', end='2024-06-30', end_by='last_seen')
    >>> acc.appointed[("removed", "2024-07-02")] = AppointedAcc()
    >>> post_spell(acc).end, post_spell(acc).end_by
    ('2024-07-02', 'removal')
    """
    seen = DateSpan()
    for d in acc.articles.values():
        seen.add(d)
    starts = DateSpan()
    ends = DateSpan()
    for action, date in acc.appointed:
        if date and is_iso_date(date):
            (starts if action in START_ACTIONS else ends if action in END_ACTIONS else DateSpan()).add(date)
    start, start_by = seen.first, "first_seen" if seen.first else None
    if starts.first and (start is None or starts.first <= start):
        start, start_by = starts.first, "appointment"
    if ends.last and (starts.last is None or ends.last >= starts.last):
        return Spell(start, start_by, ends.last, "removal")
    end, end_by = seen.last, "last_seen" if seen.last else None
    if end is None or (start is not None and end < start):
        end, end_by = start, start_by
    return Spell(start, start_by, end, end_by)


#: Position classes whose principal (正) post has one holder at a time (书记, 市长, 局长, 主任,
#: 主席, 秘书长, 政委, 党组书记): the posts that have a succession.
SINGLE_HOLDER_CLASSES = frozenset(
    {"secretary", "head", "chair", "secretary_general", "political_commissar", "party_group_secretary"}
)


def home_of(key: str) -> Home | None:
    """The :class:`~guanxi.model.Home` of a home key (a city, else a province; '' none).

    >>> home_of("长治市"), home_of("山西省")
    (Home(province=None, city='长治市'), Home(province='山西省', city=None))
    """
    if not key:
        return None
    return Home(province=key) if key.endswith(("省", "自治区")) else Home(city=key)


@lru_cache(maxsize=65536)
def post_code_props(canonical: str, title: str, org: str, home: str) -> tuple[tuple[str, Any], ...]:
    """The coded-post properties of a HOLDS_POST (:func:`~guanxi.extractors.post_codes.code_post`
    of the canonical post in the person's home), as sorted (name, value) pairs; ``single``
    says whether the post has one holder at a time (a principal post of
    :data:`SINGLE_HOLDER_CLASSES`)."""
    code = code_post(Post(title, canonical, org), home_of(home))
    if code is None:
        return ()
    props = {
        Prop.LEVEL: code.level,
        Prop.DIVISION_CODE: code.division_code or code.within_code,
        Prop.BODY_TYPE: code.body_type,
        Prop.POSITION_CLASS: code.position_class,
        Prop.PRINCIPAL: code.principal,
        Prop.RANK: code.rank,
        Prop.SINGLE: bool(code.principal)
        and code.position_class in SINGLE_HOLDER_CLASSES
        and not code.former,
    }
    return tuple(sorted((str(k), v) for k, v in props.items() if v is not None))


def holds_post_edge(key: PostKey, acc: PostAcc, ids: EntityIds) -> GraphEdge:
    """HOLDS_POST of a person in an organization under one canonical title: the most common
    printed title, all of them, the mention count, the articles and their dates (and
    appointments' articles), the articles of the first and last date (``first_article``,
    ``last_article``), the spell (:func:`post_spell`) and the post's code."""
    pid, oid = key.person, ids.org(key.org)
    title = best(acc.titles) or best(Counter(t for a in acc.appointed.values() for t in a.titles))
    articles = set(acc.articles)
    for a in acc.appointed.values():
        articles |= a.articles
    props = {
        "title": title,
        "titles": tuple(sorted(acc.titles)),
        "canonical": key.canonical,
        "count": acc.count,
        "articles": tuple(sorted(articles)),
    }
    span = DateSpan()
    start, end = DatedEnd(True), DatedEnd(False)  # the articles that date the span
    for article, d in acc.articles.items():
        span.add(d)
        if d:
            start.add(d, article)
            end.add(d, article)
    props.update(span.props())
    if start.article is not None:
        props["first_article"], props["last_article"] = start.article, end.article
    props.update(post_spell(acc)._asdict())
    props.update(
        post_code_props(key.canonical, title or key.canonical, ids.org_final.get(key.org, key.org), acc.home)
    )
    rel = RelType.HOLDS_POST
    return GraphEdge(edge_id(rel, pid, oid, key.canonical), rel, pid, oid, clean_props(props))


def appointed_edges(key: PostKey, acc: PostAcc, ids: EntityIds) -> Iterator[GraphEdge]:
    """APPOINTED of a person to an organization: one per post, action and date, with the
    printed title, the deciding body (the most common) and the articles that print it."""
    pid, oid = key.person, ids.org(key.org)
    rel = RelType.APPOINTED
    for (action, date), a in sorted(acc.appointed.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        props = {
            "action": action,
            "title": best(a.titles),
            "canonical": key.canonical,
            "date": date,
            "decided_by": best(a.decided_by),
            "articles": tuple(sorted(a.articles)),
        }
        yield GraphEdge(
            edge_id(rel, pid, oid, [key.canonical, action, date]), rel, pid, oid, clean_props(props)
        )


def post_edges(accs: Mapping[PostKey, PostAcc], ids: EntityIds) -> Iterator[GraphEdge]:
    """The HOLDS_POST and APPOINTED edges of *accs*."""
    for key, acc in accs.items():
        yield holds_post_edge(key, acc, ids)
        yield from appointed_edges(key, acc, ids)


# --- successions: the holders of a single-holder post in order ---------------------------------


def succession_edges(holds: Iterable[GraphEdge]) -> Iterator[GraphEdge]:
    """PRECEDED from each holder of a single-holder post (HOLDS_POST with ``single``) to the
    next, per organization and canonical post, in the order of their spells (start, end,
    person id; a spell without dates has no place in the order and is left out). The edge
    carries the post, the predecessor's end and the successor's start with how each is known,
    and the articles of both spells."""
    posts: dict[tuple[str, str], list[GraphEdge]] = {}
    for e in holds:
        p = e.properties
        if e.type == RelType.HOLDS_POST and p.get(Prop.SINGLE) and p.get(Prop.START):
            posts.setdefault((e.target, p[Prop.CANONICAL]), []).append(e)
    rel = RelType.PRECEDED
    for (oid, canonical), holders in posts.items():
        holders.sort(key=lambda e: (e.properties[Prop.START], e.properties.get(Prop.END) or "", e.source))
        for a, b in itertools.pairwise(holders):
            if a.source == b.source:
                continue
            pa, pb = a.properties, b.properties
            props = {
                "canonical": canonical,
                "organization": oid,
                "end": pa.get(Prop.END),
                "end_by": pa.get(Prop.END_BY),
                "start": pb.get(Prop.START),
                "start_by": pb.get(Prop.START_BY),
                "articles": tuple(sorted(set(pa[Prop.ARTICLES]) | set(pb[Prop.ARTICLES]))),
            }
            yield GraphEdge(
                edge_id(rel, a.source, b.source, [oid, canonical]),
                rel,
                a.source,
                b.source,
                clean_props(props),
            )


# --- an article's entity mentions: MENTIONED_IN, article counts, co-occurrence input -----------------

#: The mention types of a person mention, in the order of a :data:`EntityMention`'s type counts
#: (the extractor's ``MENTION_TYPES``; docs/extraction.md, "Mention types").
MENTION_TYPES = ("present", "reference", "byline", "other")
#: What co-occurs (``--cooccurrence``): a person through its ``present`` mentions only, or
#: through all (the behaviour before mention types). Organizations and places always through all.
COOCCURRENCE = ("present", "all")

#: One entity reference of an article, ids resolved: (entity id, sentence indices, mention
#: count, byline?, sentence indices of its present mentions, mention counts per type of
#: :data:`MENTION_TYPES`); the last two are empty for an organization or place (all its
#: mentions co-occur). A plain tuple: rows are made per mention, on the hot path of both engines.
EntityMention = tuple[str, Sequence[int], int, bool, Sequence[int], Sequence[int]]


class ArticleEntities(NamedTuple):
    """One article's entities (:func:`article_entities`)."""

    counts: dict[str, int]  # mentions per entity (MENTIONED_IN ``count``)
    sentences: dict[str, list[int]]  # sorted sentence indices per entity that co-occurs
    types: dict[str, tuple[int, ...]]  # mentions per type of :data:`MENTION_TYPES` (persons)


def article_entities(rows: Iterable[EntityMention], cooccurrence: str = "present") -> ArticleEntities:
    """One article's mention count per entity (MENTIONED_IN), its counts per mention type
    (persons), and the sorted sentence indices per entity that co-occurs.

    A byline's journalist never co-occurs with the people in the story. With *cooccurrence*
    ``present`` a person co-occurs only through its ``present`` mentions (one named only in
    doctrine, instructions or a byline does not co-occur in the article); with ``all``, through
    every mention.

    >>> rows = [("p", (0, 2), 2, False, (2,), (1, 1, 0, 0)), ("x", (1,), 1, False, (1,), (0, 1, 0, 0))]
    >>> article_entities(rows).sentences, article_entities(rows, "all").sentences
    ({'p': [2]}, {'p': [0, 2], 'x': [1]})
    """
    present = cooccurrence == "present"
    counts: dict[str, int] = {}
    sentences: dict[str, list[int]] = {}
    types: dict[str, tuple[int, ...]] = {}
    for eid, sents, count, journalist, present_sents, by_type in rows:
        counts[eid] = counts.get(eid, 0) + count
        if by_type:
            old = types.get(eid)
            types[eid] = (
                tuple(by_type) if old is None else tuple(a + b for a, b in zip(old, by_type, strict=True))
            )
        if journalist or (present and by_type and not by_type[0]):
            continue
        sentences.setdefault(eid, []).extend(present_sents if present and by_type else sents)
    return ArticleEntities(counts, {k: sorted(set(v)) for k, v in sentences.items()}, types)


@dataclass(slots=True)
class EntitySeen:
    """An entity across articles: how many mention it, in how many it co-occurs, and when."""

    articles: int = 0
    co: int = 0
    span: DateSpan = field(default_factory=DateSpan)

    def add(self, date: str | None, co: bool) -> None:
        """One article that mentions the entity (*co*: not only in its byline)."""
        self.articles += 1
        self.co += co
        self.span.add(date)

    def merge(self, other: EntitySeen) -> EntitySeen:
        self.articles += other.articles
        self.co += other.co
        self.span.merge(other.span)
        return self


def add_seen(
    accs: dict[str, EntitySeen], counts: Mapping[str, int], co: Mapping[str, Any], date: str | None
) -> None:
    """Fold one article (``counts`` and ``sentences`` of :func:`article_entities`) into *accs*."""
    for eid in counts:
        acc = accs.get(eid)
        if acc is None:
            acc = accs[eid] = EntitySeen()
        acc.add(date, eid in co)


def _to_article(
    rel: RelType, source: str, article_id: str, props: dict[str, Any], date: str | None
) -> GraphEdge:
    nid = stable_id("article", article_id)
    props = clean_props({**props, "articles": (article_id,), "date": date})
    return GraphEdge(edge_id(rel, source, nid), rel, source, nid, props)


def mentioned_in_edge(
    entity_id: str, article_id: str, count: int, date: str | None, types: Sequence[int] = ()
) -> GraphEdge:
    """MENTIONED_IN from an entity to an article, with the mention count and, for a person,
    the count of each mention type (``present``, ``reference``, ``byline``, ``other``)."""
    props: dict[str, Any] = {"count": count, **dict(zip(MENTION_TYPES, types, strict=False))}
    return _to_article(RelType.MENTIONED_IN, entity_id, article_id, props, date)


def mentioned_in_edges(ents: ArticleEntities, article_id: str, date: str | None) -> Iterator[GraphEdge]:
    """The MENTIONED_IN edges of one article (of :func:`article_entities`)."""
    for eid, count in ents.counts.items():
        yield mentioned_in_edge(eid, article_id, count, date, ents.types.get(eid, ()))


def reported_edge(person_id_: str, article_id: str, date: str | None) -> GraphEdge:
    """REPORTED from a byline's journalist to the article."""
    return _to_article(RelType.REPORTED, person_id_, article_id, {}, date)


# --- CO_ATTENDED: persons who took part in the same event ---------------------------------------

#: A CO_ATTENDED edge lists at most this many event ids (the first in id order); ``weight``
#: counts them all.
MAX_EDGE_EVENTS = 50


@dataclass(slots=True)
class PairTie:
    """A person pair across what ties them (``ties``: event ids), the articles behind it and
    its dates: the accumulator of CO_ATTENDED."""

    ties: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    span: DateSpan = field(default_factory=DateSpan)

    def merge(self, other: PairTie) -> PairTie:
        self.ties |= other.ties
        self.articles |= other.articles
        self.span.merge(other.span)
        return self


@dataclass(slots=True)
class Attendance(PairTie):
    """A :class:`PairTie` of shared events, with the role pairs (the source's leading role / the
    target's)."""

    roles: set[str] = field(default_factory=set)

    def merge(self, other: Attendance) -> Attendance:  # type: ignore[override]
        PairTie.merge(self, other)
        self.roles |= other.roles
        return self


def add_attendance(
    accs: dict[tuple[str, str], Attendance],
    event_id: str,
    date: str | None,
    cast: Mapping[str, tuple[str, Iterable[str]]],
) -> None:
    """Fold one event into *accs*: *cast* maps each participant's person id to (leading role,
    article ids of its participation); every pair ``a < b`` of them shared the event."""
    for a, b in combinations(sorted(cast), 2):
        acc = accs.get((a, b))
        if acc is None:
            acc = accs[(a, b)] = Attendance()
        acc.ties.add(event_id)
        acc.roles.add(f"{cast[a][0]}/{cast[b][0]}")
        acc.articles.update(cast[a][1])
        acc.articles.update(cast[b][1])
        acc.span.add(date)


def attendances(edges: Iterable[GraphEdge]) -> dict[tuple[str, str], Attendance]:
    """The :class:`Attendance` of every person pair from the PARTICIPATED_IN edges among
    *edges* (all edges of an event must be there: both engines build the events in one place)."""
    casts: dict[str, dict[str, tuple[str, Iterable[str]]]] = {}
    dates: dict[str, str | None] = {}
    for e in edges:
        if e.type == RelType.PARTICIPATED_IN:
            casts.setdefault(e.target, {})[e.source] = (
                e.properties.get("role") or "",
                e.properties["articles"],
            )
            dates[e.target] = e.properties.get("date")
    accs: dict[tuple[str, str], Attendance] = {}
    for event_id, cast in casts.items():
        add_attendance(accs, event_id, dates[event_id], cast)
    return accs


def co_attended_edges(accs: Mapping[tuple[str, str], Attendance]) -> Iterator[GraphEdge]:
    """CO_ATTENDED edges (source < target): ``weight`` shared events, ``roles``, the events' ids
    (at most :data:`MAX_EDGE_EVENTS`), ``first_seen``/``last_seen`` event dates, ``articles``."""
    rel = RelType.CO_ATTENDED
    for (a, b), acc in accs.items():
        props: dict[str, Any] = {
            "weight": len(acc.ties),
            "roles": tuple(sorted(acc.roles)),
            "events": tuple(sorted(acc.ties)[:MAX_EDGE_EVENTS]),
            "articles": tuple(sorted(acc.articles)),
        }
        props.update(acc.span.props())
        yield GraphEdge(edge_id(rel, a, b), rel, a, b, clean_props(props))


# --- SERVED_WITH: posts in one organization at overlapping times ------------------------------------


@dataclass(slots=True)
class Staff:
    """The dated post sightings of one organization: (person, first seen, last seen, article of
    the first date, article of the last date) per HOLDS_POST edge. A union of sets: merges in
    any order."""

    spells: set[tuple[str, str, str, str, str]] = field(default_factory=set)

    def merge(self, other: Staff) -> Staff:
        self.spells |= other.spells
        return self


def add_staff(accs: dict[str, Staff], edges: Iterable[GraphEdge]) -> None:
    """Fold the HOLDS_POST edges among *edges* into *accs* by organization id (an undated post
    tells no time: it is left out)."""
    for e in edges:
        p = e.properties
        first, last = p.get("first_seen"), p.get("last_seen")
        if e.type != RelType.HOLDS_POST or not (first and last):
            continue
        acc = accs.get(e.target)
        if acc is None:
            acc = accs[e.target] = Staff()
        acc.spells.add((e.source, first, last, p.get("first_article") or "", p.get("last_article") or ""))


@dataclass(slots=True)
class DatedEnd:
    """One end of a span, the earliest date when ``first`` (else the latest), and the article that
    prints it: of several that day the least id (``first``) or the greatest, the rule of
    ``first_article``/``last_article`` everywhere (a Neo4j merge keeps them so: ``PAIRED_KEYS``)."""

    first: bool
    date: str | None = None
    article: str | None = None

    def add(self, date: str, article: str | None) -> None:
        if self.date is None or (date < self.date if self.first else date > self.date):
            self.date, self.article = date, article
        elif (
            date == self.date
            and article
            and (self.article is None or (article < self.article if self.first else article > self.article))
        ):
            self.article = article

    def merge(self, other: DatedEnd) -> DatedEnd:
        if other.date is not None:
            self.add(other.date, other.article)
        return self


@dataclass(slots=True)
class Service:
    """Two persons' posts in organizations at overlapping times: the organizations (``ties``)
    and the first and last date of their overlaps with the articles that date them."""

    ties: set[str] = field(default_factory=set)
    start: DatedEnd = field(default_factory=lambda: DatedEnd(True))
    end: DatedEnd = field(default_factory=lambda: DatedEnd(False))

    def merge(self, other: Service) -> Service:
        self.ties |= other.ties
        self.start.merge(other.start)
        self.end.merge(other.end)
        return self


def services(staff: Mapping[str, Staff]) -> dict[tuple[str, str], Service]:
    """The :class:`Service` of every person pair ``a < b`` with overlapping posts in one
    organization. Two posts overlap when their sighting spans ``[first_seen, last_seen]`` meet
    (a post seen on one date overlaps another if that date lies in the other's span); the
    overlap is ``[later first, earlier last]``, dated by the later post's first article and the
    earlier-ending post's last article (on a tie, either post's: the rule of :class:`DatedEnd`)."""
    accs: dict[tuple[str, str], Service] = {}
    for org, acc in staff.items():
        spells = sorted(acc.spells, key=lambda s: (s[1], s[2], s[0], s[3], s[4]))
        for i, (p, first, last, fa, la) in enumerate(spells):
            for q, first2, last2, fa2, la2 in spells[i + 1 :]:
                if first2 > last:
                    break  # sorted by first date: no later spell meets this one
                if p == q:
                    continue
                pair = (p, q) if p < q else (q, p)
                svc = accs.get(pair)
                if svc is None:
                    svc = accs[pair] = Service()
                svc.ties.add(org)
                # The later first date (spells are sorted by first), the earlier last date.
                svc.start.add(first2, fa2 or None)
                if first == first2:
                    svc.start.add(first, fa or None)
                end = min(last, last2)
                for a, d in ((la, last), (la2, last2)):
                    if d == end:
                        svc.end.add(end, a or None)
    return accs


def served_with_edges(accs: Mapping[tuple[str, str], Service]) -> Iterator[GraphEdge]:
    """SERVED_WITH edges (source < target): ``organizations`` (ids), ``weight`` (their number),
    ``first_seen``/``last_seen`` (the first and last overlapping date) and ``first_article``/
    ``last_article``, which date them (not the posts' article lists, which grow with the corpus:
    the record changes only when what it shows does)."""
    rel = RelType.SERVED_WITH
    for (a, b), svc in accs.items():
        props: dict[str, Any] = {
            "weight": len(svc.ties),
            "organizations": tuple(sorted(svc.ties)),
            "first_seen": svc.start.date,
            "first_article": svc.start.article,
            "last_seen": svc.end.date,
            "last_article": svc.end.article,
        }
        yield GraphEdge(edge_id(rel, a, b), rel, a, b, clean_props(props))


# --- merging partial results ------------------------------------------------------------------------


def fold(accs: dict[Any, Any], key: Any, acc: Any) -> None:
    """Merge the accumulator *acc* into ``accs[key]`` (taken over, not copied, when new)."""
    mine = accs.get(key)
    if mine is None:
        accs[key] = acc
    else:
        mine.merge(acc)


def merge_all(parts: Iterable[Mapping[Any, Any]]) -> dict[Any, Any]:
    """One dict of accumulators from partial ones (a key in several parts: merged in order)."""
    out: dict[Any, Any] = {}
    for part in parts:
        for key, acc in part.items():
            fold(out, key, acc)
    return out
