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
  ``(entity id, sentence indices, mention count, byline?)``.

Steps (accumulator -> graph records)
    - person nodes: :class:`PersonAcc` per person id -> :func:`person_node`;
    - HOLDS_POST: :class:`PostAcc` per :class:`PostKey` -> :func:`holds_post_edge`;
    - entity article counts and date spans: :class:`EntitySeen` per entity id (read by every
      entity node: ``articles``, ``first_seen``/``last_seen``, and the npmi counts);
    - MENTIONED_IN: :func:`article_entities` counts -> :func:`mentioned_in_edges`;
    - organizations and places: :class:`EntityAgg` per key (names, types, parents, mentions);
    - co-occurrence: :func:`article_entities` sentences -> :func:`~guanxi.graph.cooccurrence.article_pairs`.

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
from typing import Any, NamedTuple

from guanxi.extractors.post_codes import code_post
from guanxi.graph.resolve import is_iso_date
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, Prop, RelType, clean_props, edge_id

from guanxi.model import Home, Post, stable_id

__all__ = [
    "END_ACTIONS",
    "SINGLE_HOLDER_CLASSES",
    "START_ACTIONS",
    "AppointedAcc",
    "AppointmentRow",
    "DateSpan",
    "EntityAgg",
    "EntityIds",
    "EntityMention",
    "EntitySeen",
    "OrgRef",
    "PersonAcc",
    "PersonRef",
    "PlaceRef",
    "PostAcc",
    "PostKey",
    "Ref",
    "Spell",
    "add_posts",
    "add_seen",
    "appointed_edges",
    "article_entities",
    "best",
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


@dataclass(slots=True)
class PersonAcc:
    """One person across its mentions: blocking key ``(name, home, role)``, whether any mention
    is an official, titles, mention count and dates."""

    block: tuple[str, str, str]
    official: bool = False
    titles: set[str] = field(default_factory=set)
    mentions: int = 0
    span: DateSpan = field(default_factory=DateSpan)

    def add(self, kind: str, titles: Iterable[str], count: int, date: str | None) -> None:
        """One mention: its kind, printed titles, mention count and article date."""
        self.official = self.official or kind == "official"
        self.titles.update(titles)
        self.mentions += count
        self.span.add(date)

    def merge(self, other: PersonAcc) -> PersonAcc:
        self.official = self.official or other.official
        self.titles |= other.titles
        self.mentions += other.mentions
        self.span.merge(other.span)
        return self


def person_node(pid: str, acc: PersonAcc, articles: int) -> GraphNode:
    """A Person node: ``kind`` is journalist (by role), official or other."""
    name, home, role = acc.block
    props = {
        "name": name,
        "kind": "journalist" if role == "journalist" else ("official" if acc.official else "other"),
        "home": home or None,
        "titles": tuple(sorted(acc.titles)),
        "mentions": acc.mentions,
        "articles": articles,
    }
    props.update(acc.span.props())
    return GraphNode(pid, NodeLabel.PERSON, clean_props(props))


def person_nodes(accs: Mapping[str, PersonAcc], seen: Mapping[str, EntitySeen]) -> Iterator[GraphNode]:
    """The Person nodes of *accs*, with the article counts of *seen*."""
    for pid, acc in accs.items():
        s = seen.get(pid)
        yield person_node(pid, acc, s.articles if s else 0)


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
    appointments' articles), the spell (:func:`post_spell`) and the post's code."""
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
    for d in acc.articles.values():
        span.add(d)
    props.update(span.props())
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

#: One entity reference of an article, ids resolved: (entity id, sentence indices, mention
#: count, byline?). A plain tuple: rows are made per mention, on the hot path of both engines.
EntityMention = tuple[str, Sequence[int], int, bool]


def article_entities(rows: Iterable[EntityMention]) -> tuple[dict[str, int], dict[str, list[int]]]:
    """One article's mention count per entity (MENTIONED_IN), and the sorted sentence indices
    per entity that co-occur (a byline is no co-occurrence with the people in the story)."""
    counts: dict[str, int] = {}
    sentences: dict[str, list[int]] = {}
    for eid, sents, count, journalist in rows:
        counts[eid] = counts.get(eid, 0) + count
        if not journalist:
            sentences.setdefault(eid, []).extend(sents)
    return counts, {k: sorted(set(v)) for k, v in sentences.items()}


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
    """Fold one article (the two results of :func:`article_entities`) into *accs*."""
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


def mentioned_in_edge(entity_id: str, article_id: str, count: int, date: str | None) -> GraphEdge:
    """MENTIONED_IN from an entity to an article, with the mention count."""
    return _to_article(RelType.MENTIONED_IN, entity_id, article_id, {"count": count}, date)


def mentioned_in_edges(counts: Mapping[str, int], article_id: str, date: str | None) -> Iterator[GraphEdge]:
    """The MENTIONED_IN edges of one article (*counts*: of :func:`article_entities`)."""
    for eid, count in counts.items():
        yield mentioned_in_edge(eid, article_id, count, date)


def reported_edge(person_id_: str, article_id: str, date: str | None) -> GraphEdge:
    """REPORTED from a byline's journalist to the article."""
    return _to_article(RelType.REPORTED, person_id_, article_id, {}, date)


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
