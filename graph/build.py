"""Build the knowledge graph from page extractions, streaming.

:class:`GraphBuilder` takes one :class:`~guanxi.model.PageExtraction` at a time. Each article
is first reduced on its own to :class:`ArticleParts` (:func:`article_parts`); the builder keeps
the entity counters (organizations, places, event mentions) in memory and spills what belongs
to one article (its Article node properties, mention keys, bylines, person details) and the
person mentions to temporary files, so memory grows with the number of entities, not with the
number of articles. :meth:`GraphBuilder.build_stream` resolves the mentions (see
:mod:`guanxi.graph.resolve`) and returns the graph as sorted streams on disk
(:class:`~guanxi.graph.stream.GraphStream`, what ``guanxi build`` exports);
:meth:`GraphBuilder.build` and :func:`build_graph` return it in memory as a
:class:`KnowledgeGraph` of sorted :class:`~guanxi.graph.schema.GraphNode` /
:class:`~guanxi.graph.schema.GraphEdge` records.

The per-part functions (:func:`article_parts`, :func:`person_node`, :func:`org_nodes`,
:func:`place_nodes`, :func:`event_nodes`, :func:`holds_post_edge`, :func:`mentioned_in_edge`,
:func:`reported_edge`, :func:`article_node`, :func:`merge_companies`) are shared with the
Dask engine (:mod:`guanxi.graph.distributed`), so both engines write the same bytes.

Examples
--------
>>> kg = build_graph([])
>>> kg.nodes, kg.edges
((), ())
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guanxi.extractors.orgs import org_type
from guanxi.graph.cooccurrence import CoOccurrence
from guanxi.graph.knowledge import KnowledgeGraph
from guanxi.graph.resolve import (
    PersonMention,
    UnionFind,
    bigram_dice,
    company_core,
    describe_text,
    event_title_key,
    is_iso_date,
    is_layout_marker,
    normalize_org,
    org_parent,
    person_block,
    person_id,
    place_key,
    resolve_person_block,
    sentence_starts,
    split_title,
)
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType
from guanxi.graph.stream import SPILL_LIMIT, SPOOL_LIMIT, GraphStream, Spill, Spool, TempFolder

from guanxi.model import Home, PageExtraction, Person, Problem, stable_id

__all__ = [
    "ArticleParts",
    "EntityAgg",
    "EntityStats",
    "EventMention",
    "GraphBuilder",
    "KnowledgeGraph",
    "MentionRow",
    "PersonPart",
    "article_date",
    "article_name",
    "article_node",
    "article_parts",
    "best",
    "build_graph",
    "clean_props",
    "date_span",
    "edge_id",
    "ensure_division",
    "event_nodes",
    "holds_post_edge",
    "in_date_range",
    "mention_rows",
    "mentioned_in_edge",
    "merge_companies",
    "org_nodes",
    "org_place",
    "page_home",
    "person_node",
    "place_nodes",
    "reported_edge",
]

_LEVELS = {1: "province", 2: "prefecture", 3: "county", 4: "township"}
_DIV_END = "省市县区州盟旗镇乡"
# Participant roles from the most to the least active (GUIDELINES order).
_ROLE_ORDER = {r: i for i, r in enumerate(("主持", "讲话", "带队", "调研", "出席", "陪同", "其他"))}


@dataclass(frozen=True, slots=True)
class MentionRow:
    """One mention as a flat row: the input of a group-by (distributed) build.

    ``key`` is the entity's resolution key: the final key for organizations (normalized name)
    and places (code or name-in-parent JSON), the blocking key ``name|home|role`` for persons
    (a group-by on it followed by :func:`~guanxi.graph.resolve.resolve_person_block` gives the
    person ids). ``sentence`` is the sentence index in the article.
    """

    kind: str  # person | organization | place
    key: str
    name: str
    article_id: str
    sentence: int
    date: str | None


def mention_rows(pe: PageExtraction) -> Iterator[MentionRow]:
    """Flatten one page's extractions into :class:`MentionRow`s (one per provenance span).

    Grouping the rows by (kind, key, article_id) gives the MENTIONED_IN counts; grouping by
    article and pairing gives :func:`~guanxi.graph.cooccurrence.article_pairs`.
    """
    home = pe.home if pe.home else (pe.page.home or Home())
    page_date = pe.page.get("date")
    for ax in pe.articles:
        art = ax.article
        date = art.date if is_iso_date(art.date) else (page_date if is_iso_date(page_date) else None)
        starts = sentence_starts(art.text)
        items: list[tuple[str, str, str, tuple]] = []
        for p in ax.persons:
            items.append(("person", "|".join(person_block(p, home)), p.name, p.prov))
        for o in ax.organizations:
            items.append(("organization", normalize_org(o.canonical or o.name, home), o.name, o.prov))
        for pl in ax.places:
            items.append(
                (
                    "place",
                    json.dumps(place_key(pl, home), ensure_ascii=False, sort_keys=True),
                    pl.name,
                    pl.prov,
                )
            )
        for kind, key, name, provs in items:
            for s in sorted({bisect_right(starts, pr.start) - 1 for pr in provs}) or [0]:
                yield MentionRow(kind, key, name, art.article_id, s, date)


def edge_id(rel: RelType | str, source: str, target: str, key: Any = None) -> str:
    """Stable id of an edge: its type, ends and the key that tells parallel edges apart."""
    data: dict[str, Any] = {"type": str(rel), "source": source, "target": target}
    if key is not None:
        data["key"] = key
    return stable_id("edge", data)


# --- per-article parts: the map step of both engines ---------------------------------------------


@dataclass(slots=True)
class EntityAgg:
    """Counters of one organization or place key across mentions (mutable: it is summed)."""

    names: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    extra: dict[str, Any] = field(default_factory=dict)
    parents: set[str] = field(default_factory=set)
    mentions: int = 0
    home: str = ""

    def merge(self, other: EntityAgg) -> None:
        """Add *other*'s counts (a later mention: the first value of each ``extra`` key stays)."""
        self.names.update(other.names)
        self.types.update(other.types)
        self.parents |= other.parents
        self.mentions += other.mentions
        for k, v in other.extra.items():
            self.extra.setdefault(k, v)


@dataclass(frozen=True, slots=True)
class EntityStats:
    """Per entity id: the number of articles that mention it, and their (first, last) date."""

    articles: Mapping[str, int]
    spans: Mapping[str, tuple[str | None, str | None]]


@dataclass(frozen=True, slots=True)
class PersonPart:
    """One person mention of an article: the resolution input and the node's counters."""

    block: tuple[str, str, str]
    mention: PersonMention
    kind: str
    titles: tuple[str, ...]
    posts: tuple[tuple[str, str, str | None], ...]  # (printed, canonical, org key)
    count: int


@dataclass(frozen=True, slots=True)
class EventMention:
    """One reported event; ``participants`` hold (person ref, role), ``article`` the article's
    number in the build (any int that orders and tells articles apart)."""

    article: int
    home: str
    date: str | None
    date_end: str | None
    type: str
    title: str
    tkey: str
    organizers: tuple[str, ...]
    places: tuple[str, ...]  # place keys (json)
    participants: tuple[tuple[Any, str], ...]  # (person ref, role)
    # Read from a continuation (上接第一版): the rest of a story headed on another page.
    continued: bool = False


@dataclass(frozen=True, slots=True)
class ArticleParts:
    """Everything one article gives the graph, made from the article alone.

    Person refs are ``("P", i)`` with *i* an index into ``persons``; organization and place
    refs are ``("O", key)`` and ``("L", key)``. ``refs`` maps each ref to (sentence indices,
    mention count); ``reported`` lists the person refs of the byline.
    """

    article_id: str
    props: dict[str, Any]
    date: str | None
    home: str
    persons: tuple[PersonPart, ...]
    refs: dict[tuple, tuple[tuple[int, ...], int]]
    reported: tuple[tuple, ...]
    orgs: dict[str, EntityAgg]
    places: dict[str, EntityAgg]
    events: tuple[EventMention, ...]


def page_home(pe: PageExtraction) -> Home:
    """The home of a page's articles: the extraction's, else the page's."""
    return pe.home if pe.home else (pe.page.home or Home())


def article_date(pe: PageExtraction, article) -> str | None:
    """The ISO date an article counts under: its own, else its page's, else None."""
    page_date = pe.page.get("date")
    if is_iso_date(article.date):
        return article.date
    return page_date if is_iso_date(page_date) else None


def in_date_range(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether an article of *date* is counted under ``--since``/``--until`` (undated: only
    without a range)."""
    if not (since or until):
        return True
    return date is not None and not (since and date < since) and not (until and date > until)


def article_parts(pe: PageExtraction, ax, home: Home, date: str | None) -> ArticleParts:
    """The :class:`ArticleParts` of one article extraction *ax* of page *pe*."""
    art = ax.article
    aid = art.article_id
    home_key = home.city or home.province or ""
    props = {
        "article_id": aid,
        "title": art.title,
        "kind": art.kind,
        "date": art.date,
        "date_end": art.date_end,
        "page_id": art.page_id,
        "file": pe.page.file,
        "path": pe.page.path,
        "ordinal": art.ordinal,
        "start": art.start,
        "end": art.end,
        "reporters": tuple(r.name for r in art.reporters),
        "home": home_key or None,
    }
    starts = sentence_starts(art.text)
    refs: dict[tuple, tuple[tuple[int, ...], int]] = {}
    persons: list[PersonPart] = []
    orgs: dict[str, EntityAgg] = {}
    places: dict[str, EntityAgg] = {}

    def note(ref: tuple, provs) -> None:
        sents = tuple(sorted({bisect_right(starts, p.start) - 1 for p in provs})) or (0,)
        old_s, old_c = refs.get(ref, ((), 0))
        refs[ref] = (tuple(sorted(set(old_s) | set(sents))), old_c + max(1, len(provs)))

    def add_org(canonical: str, printed: str, type_: str, parent: str | None, mention: bool = True) -> str:
        key = normalize_org(canonical, home)
        agg = orgs.get(key)
        if agg is None:
            agg = orgs[key] = EntityAgg(home=home_key)
        agg.names[printed] += 1 if mention else 0
        if mention:
            agg.mentions += 1
            agg.types[type_ or "other"] += 1
        if parent:
            agg.parents.add(normalize_org(parent, home))
        return key

    def add_person(p: Person) -> tuple:
        posts = []
        for post in p.posts:
            body, rest = split_title(post.title)
            org = post.organization or body
            okey = normalize_org(org, home) if org else None
            if okey:
                add_org(okey, org, "other", None, mention=False)
            posts.append((post.title, post.canonical or rest or post.title, okey))
        pm = PersonMention((date or "", aid), date, tuple(sorted({(c, o) for _, c, o in posts if o})))
        persons.append(
            PersonPart(person_block(p, home), pm, p.kind, tuple(p.titles), tuple(posts), max(1, len(p.prov)))
        )
        return ("P", len(persons) - 1)

    person_refs: dict[str, tuple] = {}
    for p in ax.persons:
        ref = add_person(p)
        if p.kind != "journalist" or p.name not in person_refs:
            person_refs[p.name] = ref
        note(ref, p.prov)
    reported = []
    for r in art.reporters:
        # The byline's journalist is the journalist mention of this article, if extracted.
        block = (r.name, home_key, "journalist")
        ref = next((k for k in refs if k[0] == "P" and persons[k[1]].block == block), None)
        if ref is None:
            ref = add_person(Person(r.name, "journalist"))
        reported.append(ref)
    org_refs: dict[str, tuple] = {}
    for o in ax.organizations:
        key = add_org(o.canonical or o.name, o.name, o.type, o.parent)
        org_refs[o.name] = org_refs.get(o.canonical or o.name, ("O", key))
        org_refs[o.canonical or o.name] = ("O", key)
        note(("O", key), o.prov)
    place_refs: dict[str, tuple] = {}
    for pl in ax.places:
        key = json.dumps(place_key(pl, home), ensure_ascii=False, sort_keys=True)
        agg = places.setdefault(key, EntityAgg(home=home_key))
        agg.names[pl.name] += 1
        agg.mentions += max(1, len(pl.prov))
        for k in ("level", "code", "official_name", "parent_code"):
            if getattr(pl, k) and k not in agg.extra:
                agg.extra[k] = getattr(pl, k)
        place_refs[pl.name] = place_refs[pl.official_name or pl.name] = ("L", key)
        note(("L", key), pl.prov)
    events = []
    for ev in ax.events:
        parts = []
        for part in ev.participants:
            ref = person_refs.get(part.name)
            if ref is None:  # named only as a participant: still a person of this article
                ref = person_refs[part.name] = add_person(Person(part.name, "other"))
                note(ref, ())
            parts.append((ref, part.role))
        ev_orgs = []
        for name in ev.organizers:
            ref = org_refs.get(name)
            if ref is None:
                ref = org_refs[name] = ("O", add_org(name, name, "other", None))
            ev_orgs.append(ref[1])
        ev_places = tuple(place_refs[n][1] for n in ev.places if n in place_refs)
        # A partial printed date (--03-18) gives way to the article's full date.
        edate = ev.date if is_iso_date(ev.date) else (date or ev.date)
        # A layout mark (上接第一版) names no happening: the text describes it instead.
        title = describe_text(art.text) if is_layout_marker(ev.title) else ev.title
        events.append(
            EventMention(
                -1,
                home_key,
                edate,
                ev.date_end,
                ev.type,
                title,
                event_title_key(title),
                tuple(ev_orgs),
                ev_places,
                tuple(parts),
                art.kind == "continuation",
            )
        )
    return ArticleParts(
        aid, props, date, home_key, tuple(persons), refs, tuple(reported), orgs, places, tuple(events)
    )


# --- per-part records: the reduce step of both engines ----------------------------------------------


def clean_props(props: dict[str, Any]) -> dict[str, Any]:
    """Drop None and empty tuples: exports never see a missing value."""
    return {k: v for k, v in props.items() if v is not None and v != ()}


def best(counter: Mapping[Any, int]) -> Any:
    """Most common key; ties go to the smallest key so the choice is order-free."""
    if not counter:
        return None
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def date_span(dates: Iterable[str | None]) -> dict[str, str]:
    """``first_seen``/``last_seen`` of the non-empty *dates* (none: no keys)."""
    ds = [d for d in dates if d]
    return {"first_seen": min(ds), "last_seen": max(ds)} if ds else {}


def article_node(props: dict[str, Any]) -> GraphNode:
    """The Article node of an article's properties (see :func:`article_parts`)."""
    nid = stable_id("article", props["article_id"])
    return GraphNode(nid, NodeLabel.ARTICLE, clean_props({**props, "name": article_name(props)}))


def mentioned_in_edge(entity_id: str, article_id: str, count: int, date: str | None) -> GraphEdge:
    """MENTIONED_IN from an entity to an article, with the mention count."""
    return _to_article(RelType.MENTIONED_IN, entity_id, article_id, {"count": count}, date)


def reported_edge(person_id_: str, article_id: str, date: str | None) -> GraphEdge:
    """REPORTED from a byline's journalist to the article."""
    return _to_article(RelType.REPORTED, person_id_, article_id, {}, date)


def _to_article(
    rel: RelType, source: str, article_id: str, props: dict[str, Any], date: str | None
) -> GraphEdge:
    nid = stable_id("article", article_id)
    props = clean_props({**props, "articles": (article_id,), "date": date})
    return GraphEdge(edge_id(rel, source, nid), rel, source, nid, props)


def person_node(
    pid: str,
    block: tuple[str, str, str],
    *,
    official: bool,
    titles: Iterable[str],
    mentions: int,
    articles: int,
    dates: Iterable[str | None] = (),
) -> GraphNode:
    """A Person node: *block* is (name, home, role); ``kind`` is journalist, official or other."""
    name, home, role = block
    props = {
        "name": name,
        "kind": "journalist" if role == "journalist" else ("official" if official else "other"),
        "home": home or None,
        "titles": tuple(sorted(set(titles))),
        "mentions": mentions,
        "articles": articles,
    }
    props.update(date_span(dates))
    return GraphNode(pid, NodeLabel.PERSON, clean_props(props))


def holds_post_edge(
    pid: str,
    oid: str,
    canonical: str,
    titles: Mapping[str, int],
    count: int,
    article_ids: Iterable[str],
    dates: Iterable[str | None],
) -> GraphEdge:
    """HOLDS_POST of a person in an organization under one canonical title; *titles* counts the
    printed titles."""
    props = {
        "title": best(titles),
        "titles": tuple(sorted(titles)),
        "canonical": canonical,
        "count": count,
        "articles": tuple(sorted(article_ids)),
    }
    props.update(date_span(dates))
    return GraphEdge(
        edge_id(RelType.HOLDS_POST, pid, oid, canonical), RelType.HOLDS_POST, pid, oid, clean_props(props)
    )


def merge_companies(orgs: Mapping[str, EntityAgg], divisions) -> dict[str, str]:
    """Map every organization key to its final key: a short name goes onto its one registered name."""
    final = {k: k for k in orgs}
    div = divisions if orgs else None

    def is_div(s: str) -> bool:
        return bool(div.lookup(s)) or any(d.level <= 3 for d in div.lookup_short(s))

    cores: dict[tuple[str, str], set[str]] = defaultdict(set)
    for k, agg in orgs.items():
        for core in company_core(k, is_div):
            cores[(agg.home, core)].add(k)
    for k, agg in sorted(orgs.items()):
        if company_core(k) or len(k) < 2 or k[-1] in "委局厅部院会办处室所站队校":
            continue
        # The short name is a registered core, or its start (丛台春 for 丛台春酒业).
        cands = set(cores.get((agg.home, k), ()))
        if not cands:
            cands = {r for (h, c), rs in cores.items() if h == agg.home and c.startswith(k) for r in rs}
        if len(cands) == 1:
            final[k] = cands.pop()
    return final


def _link(edges: dict[str, GraphEdge], rel: RelType, source: str, target: str, evidence: str) -> None:
    """A structural edge (PART_OF, LOCATED_IN) and the evidence it was drawn from."""
    e = GraphEdge(edge_id(rel, source, target), rel, source, target, {"evidence": evidence})
    edges[e.id] = e


def org_place(name: str, divisions) -> str | None:
    """Code of the division printed at the start of an organization's name, if any."""
    found_code = None
    for i in range(2, min(len(name), 12) + 1):
        if name[i - 1] in _DIV_END and i < len(name):
            found = divisions.lookup(name[:i])
            if len(found) == 1:
                found_code = found[0].code
    return found_code


def ensure_division(code: str, divisions, nodes: dict[str, GraphNode], edges: dict[str, GraphEdge]) -> str:
    """Place node of division *code* and PART_OF edges up to its province; returns its id."""
    plid = stable_id("place", {"code": code})
    div = divisions.by_code(code)
    if plid not in nodes and div is not None:
        nodes[plid] = GraphNode(
            plid,
            NodeLabel.PLACE,
            clean_props(
                {
                    "name": div.name,
                    "level": _LEVELS[div.level],
                    "code": code,
                    "parent_code": div.parent_code or None,
                    "mentions": 0,
                    "articles": 0,
                }
            ),
        )
        if div.parent_code:
            up = ensure_division(div.parent_code, divisions, nodes, edges)
            _link(edges, RelType.PART_OF, plid, up, "divisions")
    elif plid not in nodes:
        nodes[plid] = GraphNode(
            plid, NodeLabel.PLACE, {"name": code, "code": code, "mentions": 0, "articles": 0}
        )
    return plid


def org_nodes(
    orgs: Mapping[str, EntityAgg],
    org_final: Mapping[str, str],
    stats: EntityStats,
    divisions,
    nodes: dict[str, GraphNode],
    edges: dict[str, GraphEdge],
) -> None:
    """Organization nodes (per final key, and the parents named in them), PART_OF and LOCATED_IN."""
    final_aliases: dict[str, set[str]] = defaultdict(set)
    final_aggs: dict[str, list[EntityAgg]] = defaultdict(list)
    for k, v in sorted(org_final.items()):
        final_aliases[v].update(n for n, c in orgs[k].names.items() if c)
        final_aliases[v].add(k)
        final_aggs[v].append(orgs[k])
    pending = sorted(final_aggs)
    seen_orgs = set(pending)
    while pending:
        name = pending.pop()
        oid = stable_id("org", {"name": name})
        aggs = final_aggs.get(name, [])
        types: Counter[str] = Counter()
        for g in aggs:
            types.update(g.types)
        # The extractor's rule for bodies named only in a title (X军分区 in X军分区司令员) and
        # for mentions it left as ``other``.
        type_ = best(types) or org_type(name)
        if type_ == "other" and (t := org_type(name)) != "other":
            type_ = t
        home = next((g.home for g in aggs if g.home), "")
        props = {
            "name": name,
            "type": type_,
            "aliases": tuple(sorted(final_aliases.get(name, {name}) - {name})),
            "home": home or None,
            "mentions": sum(g.mentions for g in aggs),
            "articles": stats.articles.get(oid, 0),
        }
        props.update(date_span(stats.spans.get(oid, ())))
        nodes[oid] = GraphNode(oid, NodeLabel.ORGANIZATION, clean_props(props))
        parents = {org_final.get(p, p) for g in aggs for p in g.parents}
        if (derived := org_parent(name)) is not None:
            parents.add(org_final.get(derived, derived))
        for parent in sorted(parents - {name}):
            pid_ = stable_id("org", {"name": parent})
            _link(edges, RelType.PART_OF, oid, pid_, "name")
            if parent not in seen_orgs:
                seen_orgs.add(parent)
                pending.append(parent)
        code = org_place(name, divisions)
        if code:
            plid = ensure_division(code, divisions, nodes, edges)
            _link(edges, RelType.LOCATED_IN, oid, plid, "name")


def place_nodes(
    places: Iterable[tuple[str, EntityAgg]],
    stats: EntityStats,
    divisions,
    nodes: dict[str, GraphNode],
    edges: dict[str, GraphEdge],
) -> None:
    """Place nodes of (key, counters) in first-seen order, and the division hierarchy above them."""
    for key, agg in places:
        kd = json.loads(key)
        plid = stable_id("place", kd)
        x = agg.extra
        div = divisions.by_code(kd["code"]) if "code" in kd else None
        props = {
            "name": (div.name if div else None) or x.get("official_name") or best(agg.names),
            "aliases": tuple(sorted(set(agg.names) - {x.get("official_name")})),
            "level": x.get("level") or (_LEVELS[div.level] if div else None),
            "code": kd.get("code"),
            "parent_code": x.get("parent_code") or (div.parent_code if div else None) or None,
            "mentions": agg.mentions,
            "articles": stats.articles.get(plid, 0),
        }
        props.update(date_span(stats.spans.get(plid, ())))
        nodes[plid] = GraphNode(plid, NodeLabel.PLACE, clean_props(props))
        parent = props["parent_code"]
        if parent:
            up = ensure_division(parent, divisions, nodes, edges)
            _link(edges, RelType.PART_OF, plid, up, "divisions")


def event_nodes(
    evs: Sequence[EventMention],
    pref: Mapping[Any, str] | Sequence[str],
    org_id: Mapping[str, str],
    org_final: Mapping[str, str],
    place_id: Mapping[str, str],
    article_ids: Mapping[int, str] | Sequence[str],
) -> Iterator[GraphNode | GraphEdge]:
    """Event nodes, PARTICIPATED_IN, ORGANIZED and HELD_AT: event mentions joined by union-find.

    *pref* maps participant refs to person ids; *org_id* and *org_final* organization keys to
    ids and final keys; *place_id* place keys to ids; *article_ids* article numbers to ids.
    Yields each event node and then its edges (events grow with the corpus: never all held).
    """
    uf = UnionFind()
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, ev in enumerate(evs):
        uf.add(i)
        blocks[("t", ev.home, ev.tkey)].append(i)
        if ev.date:
            for ref, _ in ev.participants:
                blocks[("p", ev.home, ev.date, pref[ref])].append(i)
            for o in ev.organizers:
                blocks[("p", ev.home, ev.date, org_final.get(o, o))].append(i)
    for key in sorted(blocks, key=repr):
        members = blocks[key]
        if key[0] == "t":
            # Same title: reports of one date are one event (linear, not pairwise); undated
            # reports join only when the title has a single date, never bridging two dates.
            by_date: dict[str | None, list[int]] = defaultdict(list)
            for i in members:
                by_date[evs[i].date].append(i)
            dated = sorted(d for d in by_date if d)
            for group in by_date.values():
                for j in group[1:]:
                    uf.union(group[0], j)
            if None in by_date and len(dated) == 1:
                uf.union(by_date[None][0], by_date[dated[0]][0])
            continue
        for x, i in enumerate(members):  # a participant's or organizer's day: small blocks
            for j in members[x + 1 :]:
                a, b = evs[i], evs[j]
                if a.article != b.article and bigram_dice(a.tkey, b.tkey) >= 0.5:
                    uf.union(i, j)
    # A continuation reports the rest of a story headed on another page, under no title of
    # its own: it joins the one headed event of its date that shares a participant or an
    # organizer with it (with two such events the evidence is ambiguous: it joins none).
    joins = []
    for i, ev in enumerate(evs):
        if not ev.continued or not ev.date:
            continue
        keys = {pref[ref] for ref, _ in ev.participants} | {org_final.get(o, o) for o in ev.organizers}
        roots = {
            uf.find(j)
            for k in keys
            for j in blocks.get(("p", ev.home, ev.date, k), ())
            if not evs[j].continued and evs[j].article != ev.article
        }
        if len(roots) == 1:
            joins.append((i, roots.pop()))
    for i, root in joins:
        uf.union(i, root)
    for _root, members in uf.groups().items():
        group = [evs[i] for i in members]
        # The headed report names the event; a continuation's description only when alone.
        rep = min(group, key=lambda e: (e.continued, e.date or "9999", article_ids[e.article], e.title))
        date = min((e.date for e in group if e.date), default=None)
        evid = stable_id("event", {"home": rep.home, "date": date, "title": rep.tkey})
        arts = sorted({article_ids[e.article] for e in group})
        types = Counter(e.type for e in group)
        props = {
            "name": rep.title,
            "title": rep.title,
            "type": best(types),
            "date": date,
            "date_end": max((e.date_end for e in group if e.date_end), default=None),
            "home": rep.home or None,
            "reports": len(group),
            "articles": tuple(arts),
        }
        yield GraphNode(evid, NodeLabel.EVENT, clean_props(props))
        links: dict[tuple, set[str]] = defaultdict(set)
        roles: dict[str, set[str]] = defaultdict(set)
        for e in group:
            aid = article_ids[e.article]
            for ref, role in e.participants:
                links[(RelType.PARTICIPATED_IN, pref[ref], evid, None)].add(aid)
                roles[pref[ref]].add(role)
            for o in e.organizers:
                links[(RelType.ORGANIZED, org_id[o], evid, None)].add(aid)
            for pl in e.places:
                links[(RelType.HELD_AT, evid, place_id[pl], None)].add(aid)
        for (rel, s, t, _), aids in links.items():
            lprops: dict[str, Any] = {"articles": tuple(sorted(aids))}
            if rel == RelType.PARTICIPATED_IN:
                # One edge per person and event (tools merge parallel edges): the leading role
                # in ``role``, all of them in ``roles``.
                ordered = sorted(roles[s], key=lambda r: (_ROLE_ORDER.get(r, len(_ROLE_ORDER)), r))
                lprops["role"], lprops["roles"] = ordered[0], tuple(ordered)
            if date:
                lprops["date"] = date
            ed = GraphEdge(edge_id(rel, s, t), rel, s, t, lprops)
            yield ed


# --- the local engine ---------------------------------------------------------------------------------


class GraphBuilder:
    """Accumulates page extractions; :meth:`build` resolves and returns the graph.

    Entity counters stay in memory; what each article adds to the graph alone (its Article
    node, its mentions and bylines, its person details) is spilled to temporary files, so
    :meth:`build_stream` needs memory for the entities, not for the articles.

    Parameters
    ----------
    window : int
        Sentence window of the ``window`` co-occurrence count.
    since, until : str, optional
        ISO dates: only articles dated in [since, until] are counted (undated ones are skipped
        when a range is given).
    divisions : DivisionIndex, optional
        Official divisions for place hierarchy and LOCATED_IN; loaded when needed.
    tmp_dir : path, optional
        Where the temporary files go (default: the system's temporary folder).
    spill_limit, spool_limit : int
        Articles kept in memory before they are spilled, and graph records kept in memory
        before a sorted run is written (lower: less memory, more files).
    """

    def __init__(
        self,
        *,
        window: int = 2,
        since: str | None = None,
        until: str | None = None,
        divisions=None,
        tmp_dir: str | Path | None = None,
        spill_limit: int = SPILL_LIMIT,
        spool_limit: int = SPOOL_LIMIT,
    ) -> None:
        self.window = window
        self.since, self.until = since, until
        self._div = divisions
        self.problems: list[Problem] = []
        self.skipped = 0
        self._seen: set[str] = set()
        self._folder = TempFolder(tmp_dir)
        self._article_ids: list[str] = []
        self._article_dates: list[str | None] = []
        # Person mentions (block, number, order, date, posts), sorted by block on disk: the
        # resolution reads one block at a time. Mentions are numbered in input order.
        self._persons = Spool(self._folder, key=_by_block, limit=spool_limit)
        self._n_persons = 0
        self._orgs: dict[str, EntityAgg] = {}
        self._places: dict[str, EntityAgg] = {}
        self._events: list[EventMention] = []
        # One copy of each repeated string or tuple of the event mentions (titles, dates, roles).
        self._shared: dict[Any, Any] = {}
        # Per article, on disk past a few thousand: (props, refs, bylines, person details);
        # person refs are ("P", mention number, journalist?), resolved at build time.
        self._spill = Spill(self._folder, limit=spill_limit)
        self._spool_limit = spool_limit

    # --- phase 1: stream -------------------------------------------------------------------

    def add(self, pe: PageExtraction) -> None:
        """Count one page's extractions. Repeated article ids are skipped with a Problem."""
        home = page_home(pe)
        for ax in pe.articles:
            art = ax.article
            if art.article_id in self._seen:
                self.problems.append(
                    Problem(pe.page.path, pe.page.line, f"article {art.article_id} repeated; skipped")
                )
                continue
            self._seen.add(art.article_id)
            date = article_date(pe, art)
            if not in_date_range(date, self.since, self.until):
                self.skipped += 1
                continue
            self.add_parts(article_parts(pe, ax, home, date))

    def add_parts(self, parts: ArticleParts) -> None:
        """Count one article's :class:`ArticleParts` (no repeat or date check)."""
        a = len(self._article_ids)
        one = self._shared.setdefault
        self._article_ids.append(parts.article_id)
        self._article_dates.append(one(parts.date, parts.date))
        g0 = self._n_persons
        self._n_persons += len(parts.persons)
        details = []
        for i, pp in enumerate(parts.persons):
            pm = pp.mention
            self._persons.add((pp.block, g0 + i, pm.order, pm.date, pm.posts))
            details.append((g0 + i, pp.block, pp.kind, pp.titles, pp.posts, pp.count))

        def glob(ref: tuple) -> tuple:
            if ref[0] != "P":
                return ref
            return ("P", g0 + ref[1], parts.persons[ref[1]].block[2] == "journalist")

        for key, agg in parts.orgs.items():
            mine = self._orgs.get(key)
            if mine is None:
                mine = self._orgs[key] = EntityAgg(home=agg.home)
            mine.merge(agg)
        for key, agg in parts.places.items():
            mine = self._places.get(key)
            if mine is None:
                mine = self._places[key] = EntityAgg(home=agg.home)
            mine.merge(agg)
        for ev in parts.events:
            self._events.append(
                EventMention(
                    a,
                    *(one(x, x) for x in (ev.home, ev.date, ev.date_end, ev.type, ev.title, ev.tkey)),
                    one(ev.organizers, ev.organizers),
                    one(ev.places, ev.places),
                    tuple((g0 + r[1], one(role, role)) for r, role in ev.participants),
                    ev.continued,
                )
            )
        refs = {glob(r): v for r, v in parts.refs.items()}
        self._spill.append((parts.props, refs, tuple(glob(r) for r in parts.reported), tuple(details)))

    # --- phase 2: resolve and build ---------------------------------------------------------

    @property
    def divisions(self):
        if self._div is None:
            from guanxi.extractors.divisions import load_divisions

            self._div = load_divisions()
        return self._div

    def build(self) -> KnowledgeGraph:
        """Resolve the mentions counted so far and return the graph in memory (sorted by id)."""
        with self.build_stream() as gs:
            return gs.to_graph()

    def build_stream(self) -> GraphStream:
        """Resolve the mentions counted so far and return the graph as sorted streams on disk.

        The caller closes the :class:`~guanxi.graph.stream.GraphStream` (it removes the files).
        """
        article_ids, article_dates = self._article_ids, self._article_dates
        # Persons: block by block, an id per mention (one id string per person) ----------------
        pids: list[str] = [""] * self._n_persons
        group: list[tuple[int, PersonMention]] = []

        def resolve(block: tuple[str, str, str]) -> None:
            ids: dict[int, str] = {}
            for (g, _pm), c in zip(group, resolve_person_block([pm for _g, pm in group]), strict=True):
                pids[g] = ids.setdefault(c, person_id(block, c))
            group.clear()

        block = None
        for t in self._persons:
            if t[0] != block and group:
                resolve(block)
            block = t[0]
            group.append((t[1], PersonMention(t[2], t[3], t[4])))
        if group:
            resolve(block)
        org_final = merge_companies(self._orgs, self.divisions)
        org_id = {k: stable_id("org", {"name": v}) for k, v in org_final.items()}
        place_id = {k: stable_id("place", json.loads(k)) for k in self._places}

        def rid(ref: tuple) -> str:
            if ref[0] == "P":
                return pids[ref[1]]
            if ref[0] == "O":
                return org_id[ref[1]]
            return place_id[ref[1]]

        gs = GraphStream(TempFolder(self._folder.parent), limit=self._spool_limit)
        try:
            co = CoOccurrence(window=self.window)
            ent_arts: Counter[str] = Counter()
            ent_span: dict[str, tuple[str | None, str | None]] = {}
            # pid -> [block, official, titles, mentions, first, last]
            pacc: dict[str, list[Any]] = {}
            # (pid, org key, canonical) -> [printed titles, article numbers, count]
            posts: dict[tuple[str, str, str], list[Any]] = {}
            # One pass over the articles: per-article records go to the stream, entity counters stay.
            for a, (props, refs, reported, details) in enumerate(self._spill):
                aid, date = article_ids[a], article_dates[a]
                for g, block, kind, titles, pposts, count in details:
                    pid = pids[g]
                    acc = pacc.get(pid)
                    if acc is None:
                        acc = pacc[pid] = [block, False, set(), 0, None, None]
                    acc[1] = acc[1] or kind == "official"
                    acc[2].update(titles)
                    acc[3] += count
                    if date:
                        acc[4] = date if acc[4] is None or date < acc[4] else acc[4]
                        acc[5] = date if acc[5] is None or date > acc[5] else acc[5]
                    for printed, canon, okey in pposts:
                        if not okey:
                            continue
                        rec = posts.get((pid, okey, canon))
                        if rec is None:
                            rec = posts[(pid, okey, canon)] = [Counter(), set(), 0]
                        rec[0][printed] += 1
                        rec[1].add(a)
                        rec[2] += 1
                ment: dict[str, int] = {}
                by_entity: dict[str, list[int]] = {}
                for ref, (sents, count) in refs.items():
                    eid = rid(ref)
                    ment[eid] = ment.get(eid, 0) + count
                    if ref[0] == "P" and ref[2]:
                        continue  # a byline is no co-occurrence with the people in the story
                    by_entity.setdefault(eid, []).extend(sents)
                for eid in ment:
                    ent_arts[eid] += 1
                    if date:
                        first, last = ent_span.get(eid, (None, None))
                        ent_span[eid] = (
                            date if first is None or date < first else first,
                            date if last is None or date > last else last,
                        )
                co.add(aid, date, by_entity)
                gs.add_node(article_node(props))
                for eid, count in ment.items():
                    gs.add_edge(mentioned_in_edge(eid, aid, count, date))
                for ref in reported:
                    gs.add_edge(reported_edge(rid(ref), aid, date))
            # The pair table goes to disk before the entities are made: it is the largest table.
            for e in co.edges():
                gs.add_edge(e)
            del co
            for r in event_nodes(self._events, pids, org_id, org_final, place_id, article_ids):
                if isinstance(r, GraphNode):
                    gs.add_node(r)
                else:
                    gs.add_edge(r)
            # Entities: in memory (they are few), then into the stream --------------------------
            nodes: dict[str, GraphNode] = {}
            edges: dict[str, GraphEdge] = {}
            for pid, (block, official, titles, mentions, first, last) in pacc.items():
                nodes[pid] = person_node(
                    pid,
                    block,
                    official=official,
                    titles=titles,
                    mentions=mentions,
                    articles=ent_arts.get(pid, 0),
                    dates=(first, last),
                )
            stats = EntityStats(ent_arts, ent_span)
            org_nodes(self._orgs, org_final, stats, self.divisions, nodes, edges)
            place_nodes(self._places.items(), stats, self.divisions, nodes, edges)
            for (pid, okey, canon), (titles, arts, n) in posts.items():
                oid = org_id.get(okey) or stable_id("org", {"name": org_final.get(okey, okey)})
                e = holds_post_edge(
                    pid,
                    oid,
                    canon,
                    titles,
                    n,
                    (article_ids[i] for i in arts),
                    (article_dates[i] for i in arts),
                )
                edges[e.id] = e
            for n in nodes.values():
                gs.add_node(n)
            for e in edges.values():
                gs.add_edge(e)
            del nodes, edges
            gs.meta = {
                k: v
                for k, v in {
                    "articles": len(article_ids),
                    "first_date": min((d for d in article_dates if d), default=None),
                    "last_date": max((d for d in article_dates if d), default=None),
                    "window": self.window,
                }.items()
                if v is not None
            }
        except BaseException:
            gs.close()
            raise
        return gs

    def close(self) -> None:
        """Remove the temporary files (a built :class:`GraphStream` shares them: close it instead)."""
        self._folder.close()


def _by_block(t: tuple) -> tuple:
    return t[0], t[1]


def article_name(props: dict[str, Any]) -> str:
    """The display name of an Article node: its title, else ``<file> #<ordinal> (<kind>)``.

    >>> article_name({"title": None, "file": "p1.txt", "ordinal": 4, "kind": "photo", "article_id": "a"})
    'p1.txt #4 (photo)'
    """
    if props.get("title"):
        return str(props["title"])
    where = props.get("file") or props.get("page_id") or props.get("article_id")
    kind = f" ({props['kind']})" if props.get("kind") else ""
    return f"{where} #{props.get('ordinal')}{kind}"


def build_graph(
    extractions: Iterable[PageExtraction],
    *,
    window: int = 2,
    since: str | None = None,
    until: str | None = None,
) -> KnowledgeGraph:
    """Resolve entities and build the graph of *extractions* (any iterable, consumed once).

    Parameters
    ----------
    extractions : iterable of PageExtraction
    window : int
        Sentence window of the CO_OCCURS ``window`` count.
    since, until : str, optional
        ISO date range of the articles counted.
    """
    builder = GraphBuilder(window=window, since=since, until=until)
    try:
        for pe in extractions:
            builder.add(pe)
        return builder.build()
    finally:
        builder.close()
