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
:class:`~guanxi.graph.knowledge.KnowledgeGraph` of sorted :class:`~guanxi.graph.schema.GraphNode` /
:class:`~guanxi.graph.schema.GraphEdge` records.

This module is the local engine and the per-article map step of both engines: the Dask
engine (:mod:`guanxi.graph.distributed`) calls :func:`article_parts`, :func:`org_nodes`,
:func:`place_nodes`, :func:`event_nodes`, :func:`article_node` and :func:`merge_companies`;
the cross-article steps are the accumulators of :mod:`guanxi.graph.aggregate`, which both
engines fold (docs/architecture.md), so both write the same bytes.

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
from dataclasses import dataclass, fields, replace
from functools import cache
from pathlib import Path
from typing import Any

from guanxi.extractors.home import named_counties
from guanxi.extractors.orgs import org_type
from guanxi.graph.aggregate import (
    MENTION_TYPES,
    PROFILE_FIELDS,
    AppointmentRow,
    DateSpan,
    EntityAgg,
    EntityIds,
    EntityMention,
    EntitySeen,
    OrgRef,
    PersonAcc,
    PersonRef,
    PlaceRef,
    PostAcc,
    PostKey,
    Ref,
    Staff,
    add_posts,
    add_seen,
    add_staff,
    article_entities,
    attendances,
    best,
    co_attended_edges,
    fold,
    mentioned_in_edges,
    person_nodes,
    post_edges,
    reported_edge,
    served_with_edges,
    services,
    succession_edges,
)
from guanxi.graph.cooccurrence import CoOccurrence
from guanxi.graph.corrections import Corrections, Tally, carry_marks, marks
from guanxi.graph.knowledge import KnowledgeGraph
from guanxi.graph.resolve import (
    HomelessPersons,
    PersonMention,
    UnionFind,
    article_org_key,
    bigram_dice,
    company_core,
    describe_text,
    event_title_key,
    is_iso_date,
    is_layout_marker,
    org_parent,
    person_block,
    person_id,
    place_key,
    resolve_person_name,
    sentence_starts,
    split_title,
)
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType, clean_props, edge_id
from guanxi.graph.stream import SPILL_LIMIT, SPOOL_LIMIT, GraphStream, Spill, Spool, TempFolder

from guanxi.model import Home, PageExtraction, Person, Problem, stable_id

__all__ = [
    "ArticleParts",
    "EventMention",
    "GraphBuilder",
    "KnowledgeGraph",
    "MentionRow",
    "PersonPart",
    "article_date",
    "article_name",
    "article_node",
    "article_parts",
    "build_graph",
    "ensure_division",
    "event_nodes",
    "in_date_range",
    "mention_rows",
    "merge_companies",
    "org_nodes",
    "org_place",
    "page_home",
    "place_nodes",
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
    (a group-by on the name followed by :func:`~guanxi.graph.resolve.resolve_person_name` gives
    the person ids). ``sentence`` is the sentence index in the article.
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
        counties = cache(lambda text=art.text: named_counties(text, home))
        for o in ax.organizations:
            okey = article_org_key(o.canonical or o.name, home, counties)
            if okey is not None:  # an unresolved bare 县委 makes no node
                items.append(("organization", okey, o.name, o.prov))
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


# --- per-article parts: the map step of both engines ---------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonPart:
    """One person mention of an article: the resolution input and the node's counters."""

    block: tuple[str, str, str]
    mention: PersonMention
    kind: str
    titles: tuple[str, ...]
    posts: tuple[tuple[str, str, str | None], ...]  # (printed, canonical, org key)
    count: int
    appointments: tuple[AppointmentRow, ...] = ()
    profile: tuple[tuple[str, str], ...] = ()  # (field, value) of a publicity list's particulars


@dataclass(frozen=True, slots=True)
class EventMention:
    """One reported event; ``participants`` hold (person, role): a :class:`PersonRef` in
    :class:`ArticleParts`, the engine's number of the person mention once counted; ``article``
    is the article's number in the build (any int that orders and tells articles apart)."""

    article: int
    home: str
    date: str | None
    date_end: str | None
    type: str
    title: str
    tkey: str
    organizers: tuple[str, ...]
    places: tuple[str, ...]  # place keys (json)
    participants: tuple[tuple[Any, str], ...]  # (person, role)
    # Read from a continuation (上接第一版): the rest of a story headed on another page.
    continued: bool = False


@dataclass(frozen=True, slots=True)
class ArticleParts:
    """Everything one article gives the graph, made from the article alone.

    ``refs`` maps each :data:`~guanxi.graph.aggregate.Ref` (a :class:`PersonRef` numbers an
    entry of ``persons``) to (sentence indices, mention count, sentence indices of the present
    mentions, mention counts per type of :data:`~guanxi.graph.aggregate.MENTION_TYPES`: empty
    for an organization or place); ``reported`` lists the person refs of the byline.
    """

    article_id: str
    props: dict[str, Any]
    date: str | None
    home: str
    persons: tuple[PersonPart, ...]
    refs: dict[Ref, tuple[tuple[int, ...], int, tuple[int, ...], tuple[int, ...]]]
    reported: tuple[PersonRef, ...]
    orgs: dict[str, EntityAgg]
    places: dict[str, EntityAgg]
    events: tuple[EventMention, ...]
    # Hand-corrected mentions: (block after the corrections, None when dropped; the lines).
    corrected: tuple[tuple[tuple[str, str, str] | None, tuple[int, ...]], ...] = ()


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


def article_parts(
    pe: PageExtraction, ax, home: Home, date: str | None, corrections: Corrections | None = None
) -> ArticleParts:
    """The :class:`ArticleParts` of one article extraction *ax* of page *pe*, its person
    mentions keyed after the hand *corrections* (a dropped person leaves no mention)."""
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
    refs: dict[Ref, tuple[tuple[int, ...], int, tuple[int, ...], tuple[int, ...]]] = {}
    persons: list[PersonPart] = []
    orgs: dict[str, EntityAgg] = {}
    places: dict[str, EntityAgg] = {}

    def sentences(provs) -> tuple[int, ...]:
        return tuple(sorted({bisect_right(starts, p.start) - 1 for p in provs}))

    def note(ref: Ref, provs) -> None:
        sents = sentences(provs) or (0,)
        old_s, old_c, _, _ = refs.get(ref, ((), 0, (), ()))
        merged = tuple(sorted(set(old_s) | set(sents)))
        refs[ref] = (merged, old_c + max(1, len(provs)), (), ())

    def note_person(ref: PersonRef, p: Person) -> None:
        # Each person is noted once. Named only as an event's participant: one present mention.
        present = sentences(pv for pv, t in zip(p.prov, p.mention_types, strict=True) if t == "present")
        types = p.mention_types if p.prov else ("present",)
        by_type = tuple(types.count(t) for t in MENTION_TYPES)
        if by_type[0] and not present:
            present = (0,)
        refs[ref] = (sentences(p.prov) or (0,), max(1, len(p.prov)), present, by_type)

    # A city paper's (or homeless page's) bare 县委 is the one county the article names, else no
    # body at all (resolve.article_org_key): the names left unresolved go on the Article node.
    counties = cache(lambda: named_counties(art.text, home))
    unresolved: set[str] = set()

    def org_key(name: str) -> str | None:
        key = article_org_key(name, home, counties)
        if key is None:
            unresolved.add(name)
        return key

    def add_org(
        canonical: str, printed: str, type_: str, parent: str | None, mention: bool = True
    ) -> str | None:
        key = org_key(canonical)
        if key is None:
            return None
        agg = orgs.get(key)
        if agg is None:
            agg = orgs[key] = EntityAgg(home=home_key)
        agg.names[printed] += 1 if mention else 0
        if mention:
            agg.mentions += 1
            agg.types[type_ or "other"] += 1
        if parent and (pkey := org_key(parent)) is not None:
            agg.parents.add(pkey)
        return key

    corrected: list[tuple[tuple[str, str, str] | None, tuple[int, ...]]] = []
    blocks: list[tuple[str, str, str]] = []  # each mention's block before corrections
    dropped: set[tuple[str, str, str]] = set()  # blocks of false persons: no mention, no role

    def add_person(p: Person) -> PersonRef | None:
        posts = []
        bodies = []  # (key, printed name): organizations of the posts, added unless the person is dropped
        for post in p.posts:
            body, rest = split_title(post.title)
            org = post.organization or body
            okey = org_key(org) if org else None
            if okey:
                bodies.append((okey, org))
            posts.append((post.title, post.canonical or rest or post.title, okey))
        first = block = person_block(p, home)
        if corrections is not None:
            fixed, fixed_posts, lines = corrections.apply(block, date, tuple(posts))
            if lines:
                corrected.append((fixed, lines))
            if fixed is None:
                dropped.add(block)
                return None
            block, posts = fixed, list(fixed_posts)
        for okey, org in bodies:
            add_org(okey, org, "other", None, mention=False)
        pm = PersonMention((date or "", aid), date, tuple(sorted({(c, o) for _, c, o in posts if o})))
        profile = tuple(
            (k, v) for k in PROFILE_FIELDS if p.profile is not None and (v := getattr(p.profile, k)) is not None
        )
        persons.append(
            PersonPart(block, pm, p.kind, tuple(p.titles), tuple(posts), max(1, len(p.prov)), profile=profile)
        )
        blocks.append(first)
        return PersonRef(len(persons) - 1, first[2] == "journalist")

    person_refs: dict[str, PersonRef] = {}
    for p in ax.persons:
        ref = add_person(p)
        if ref is None:
            continue
        if p.kind != "journalist" or p.name not in person_refs:
            person_refs[p.name] = ref
        note_person(ref, p)
    appointments: dict[int, list[AppointmentRow]] = {}
    for ap in getattr(ax, "appointments", None) or ():
        ref = person_refs.get(ap.person)
        if ref is None:  # the extractor makes every person a notice names a person of the article
            named = Person(ap.person, "official", prov=ap.prov, mentions=("other",) * len(ap.prov))
            new = add_person(named)
            if new is None:
                continue  # a false person (a hand correction drops it)
            ref = person_refs[ap.person] = new
            note_person(ref, named)
        body, rest = split_title(ap.title)
        org = ap.organization or body
        okey = org_key(org) if org else None
        if okey:
            add_org(okey, org, "other", None, mention=False)
        # A partial printed date (--03-05) gives way to the article's full date.
        adate = ap.date if is_iso_date(ap.date) else date
        appointments.setdefault(ref.index, []).append(
            (ap.action, ap.title, ap.canonical or rest or ap.title, okey, adate, ap.decided_by)
        )
    for i, rows in appointments.items():
        persons[i] = replace(persons[i], appointments=tuple(rows))
    reported = []
    for r in art.reporters:
        # The byline's journalist is the journalist mention of this article, if extracted.
        block = (r.name, home_key, "journalist")
        if block in dropped:
            continue
        ref = next((k for k in refs if isinstance(k, PersonRef) and blocks[k.index] == block), None)
        if ref is None:
            ref = add_person(Person(r.name, "journalist"))
        if ref is not None:
            reported.append(ref)
    org_refs: dict[str, OrgRef] = {}
    for o in ax.organizations:
        okey = add_org(o.canonical or o.name, o.name, o.type, o.parent)
        if okey is None:
            continue
        oref = OrgRef(okey)
        org_refs[o.name] = org_refs.get(o.canonical or o.name, oref)
        org_refs[o.canonical or o.name] = oref
        note(oref, o.prov)
    place_refs: dict[str, PlaceRef] = {}
    for pl in ax.places:
        key = json.dumps(place_key(pl, home), ensure_ascii=False, sort_keys=True)
        agg = places.setdefault(key, EntityAgg(home=home_key))
        agg.names[pl.name] += 1
        agg.mentions += max(1, len(pl.prov))
        for k in ("level", "code", "official_name", "parent_code"):
            if getattr(pl, k) and k not in agg.extra:
                agg.extra[k] = getattr(pl, k)
        place_refs[pl.name] = place_refs[pl.official_name or pl.name] = lref = PlaceRef(key)
        note(lref, pl.prov)
    events = []
    for ev in ax.events:
        parts = []
        for part in ev.participants:
            ref = person_refs.get(part.name)
            if ref is None:  # named only as a participant: still a person of this article
                named = Person(part.name, "other")
                if person_block(named, home) in dropped:
                    continue  # a false person takes part in nothing
                new = add_person(named)
                if new is None:
                    continue
                ref = person_refs[part.name] = new
                note_person(ref, named)
            parts.append((ref, part.role))
        ev_orgs = []
        for name in ev.organizers:
            oref = org_refs.get(name)
            if oref is None:
                if (okey := add_org(name, name, "other", None)) is None:
                    continue
                oref = org_refs[name] = OrgRef(okey)
            ev_orgs.append(oref.key)
        ev_places = tuple(place_refs[n].key for n in ev.places if n in place_refs)
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
    if unresolved:
        props["unresolved_orgs"] = tuple(sorted(unresolved))
    return ArticleParts(
        aid, props, date, home_key, tuple(persons), refs, tuple(reported), orgs, places, tuple(events),
        corrected=tuple(corrected),
    )  # fmt: skip


# --- per-part records: the reduce step of both engines ----------------------------------------------


def article_node(props: dict[str, Any]) -> GraphNode:
    """The Article node of an article's properties (see :func:`article_parts`)."""
    nid = stable_id("article", props["article_id"])
    return GraphNode(nid, NodeLabel.ARTICLE, clean_props({**props, "name": article_name(props)}))


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


def _seen_props(seen: EntitySeen | None) -> dict[str, Any]:
    """``articles`` and ``first_seen``/``last_seen`` of an entity node."""
    if seen is None:
        return {"articles": 0}
    return {"articles": seen.articles, **seen.span.props()}


def org_nodes(
    orgs: Mapping[str, EntityAgg],
    org_final: Mapping[str, str],
    seen: Mapping[str, EntitySeen],
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
            **_seen_props(seen.get(oid)),
        }
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
    seen: Mapping[str, EntitySeen],
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
            **_seen_props(seen.get(plid)),
        }
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
    cooccurrence : {"present", "all"}
        Which person mentions co-occur (:func:`~guanxi.graph.aggregate.article_entities`).
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
        cooccurrence: str = "present",
        since: str | None = None,
        until: str | None = None,
        divisions=None,
        tmp_dir: str | Path | None = None,
        spill_limit: int = SPILL_LIMIT,
        spool_limit: int = SPOOL_LIMIT,
        corrections: Corrections | None = None,
    ) -> None:
        self.window = window
        self.corrections = corrections
        # Hand-corrected mentions (report.json's ``corrections``, Person nodes' ``corrected``).
        self.corrected: Tally = Counter()
        self.cooccurrence = cooccurrence
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
        # Mentions on pages without a home: joined to a person with a home, or ambiguous.
        self.homeless = HomelessPersons()
        self._n_persons = 0
        self._orgs: dict[str, EntityAgg] = {}
        self._places: dict[str, EntityAgg] = {}
        self._events: list[EventMention] = []
        # One copy of each repeated string or tuple of the event mentions (titles, dates, roles).
        self._shared: dict[Any, Any] = {}
        # Per article, on disk past a few thousand: (props, person refs, organization refs,
        # place refs, bylines, person details); persons by mention number, resolved at build time.
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
            self.add_parts(article_parts(pe, ax, home, date, self.corrections))

    def add_parts(self, parts: ArticleParts) -> None:
        """Count one article's :class:`ArticleParts` (no repeat or date check)."""
        a = len(self._article_ids)
        one = self._shared.setdefault
        self.corrected.update(parts.corrected)
        self._article_ids.append(parts.article_id)
        self._article_dates.append(one(parts.date, parts.date))
        g0 = self._n_persons
        self._n_persons += len(parts.persons)
        details = []
        for i, pp in enumerate(parts.persons):
            pm = pp.mention
            self._persons.add((pp.block, g0 + i, pm.order, pm.date, pm.posts))
            details.append((g0 + i, pp.block, pp.kind, pp.titles, pp.posts, pp.count, pp.appointments, pp.profile))
        for pos, (key, agg) in enumerate(parts.orgs.items()):
            agg.order = (a, pos)
            fold(self._orgs, key, agg)
        for pos, (key, agg) in enumerate(parts.places.items()):
            agg.order = (a, pos)
            fold(self._places, key, agg)
        for ev in parts.events:
            self._events.append(
                EventMention(
                    a,
                    *(one(x, x) for x in (ev.home, ev.date, ev.date_end, ev.type, ev.title, ev.tkey)),
                    one(ev.organizers, ev.organizers),
                    one(ev.places, ev.places),
                    tuple((g0 + r.index, one(role, role)) for r, role in ev.participants),
                    ev.continued,
                )
            )
        # Spilled as plain tuples (pickling dataclasses costs a hundred times more): person
        # refs by mention number, organization and place refs by key.
        prefs, orefs, lrefs = [], [], []
        for ref, (sents, count, present, types) in parts.refs.items():
            if isinstance(ref, PersonRef):
                prefs.append((g0 + ref.index, sents, count, ref.journalist, present, types))
            elif isinstance(ref, OrgRef):
                orefs.append((ref.key, sents, count))
            else:
                lrefs.append((ref.key, sents, count))
        reported = tuple(g0 + r.index for r in parts.reported)
        self._spill.append((parts.props, tuple(prefs), tuple(orefs), tuple(lrefs), reported, tuple(details)))

    # --- the folded state, kept by ``build --update`` ---------------------------------------------

    def snapshot(self) -> Iterator[Any]:
        """What the articles added so far left in the builder, as plain data (``marshal``-safe
        chunks: dicts, lists, tuples, sets, strings and numbers, in a bounded number per chunk).

        :meth:`restore` of these chunks into a new builder (of the same ``since``, ``until`` and
        ``corrections``), then :meth:`add` of more pages, leaves what adding all the pages in that
        order leaves: phase 1 is a fold in input order, and nothing of phase 2 is kept.
        """
        yield {
            "seen": set(self._seen),
            "article_ids": list(self._article_ids),
            "article_dates": list(self._article_dates),
            "n_persons": self._n_persons,
            "orgs": {k: _agg_data(a) for k, a in self._orgs.items()},
            "places": {k: _agg_data(a) for k, a in self._places.items()},
            "events": [tuple(getattr(ev, f) for f in _EVENT_FIELDS) for ev in self._events],
            "corrected": dict(self.corrected),
            "skipped": self.skipped,
        }
        for name, items in (("spill", self._spill), ("persons", self._persons)):
            chunk: list[Any] = []
            for item in items:
                chunk.append(item)
                if len(chunk) >= _SNAPSHOT_CHUNK:
                    yield (name, chunk)
                    chunk = []
            yield (name, chunk)

    def restore(self, chunks: Iterable[Any]) -> None:
        """Take up the :meth:`snapshot` of a builder that had the pages added before this one's."""
        it = iter(chunks)
        head = next(it)
        self._seen = set(head["seen"])
        self._article_ids = list(head["article_ids"])
        self._article_dates = list(head["article_dates"])
        self._n_persons = head["n_persons"]
        self._orgs = {k: _agg_of(d) for k, d in head["orgs"].items()}
        self._places = {k: _agg_of(d) for k, d in head["places"].items()}
        self._events = [EventMention(*t) for t in head["events"]]
        self.corrected = Counter(head["corrected"])
        self.skipped = head["skipped"]
        for name, items in it:
            target = self._spill.append if name == "spill" else self._persons.add
            for item in items:
                target(item)

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
        # Persons: name by name, an id per mention (one id string per person) ------------------
        pids: list[str] = [""] * self._n_persons
        pblocks: dict[str, tuple[str, str, str]] = {}  # person id -> its block (name, home, role)
        group: list[tuple[int, tuple[str, str, str], PersonMention]] = []
        homeless = self.homeless = HomelessPersons()
        joined: set[tuple[tuple[str, str, str], tuple[str, str, str]]] = set()  # (no home, home)

        def resolve() -> None:
            res = resolve_person_name([b for _g, b, _pm in group], [pm for _g, _b, pm in group])
            ids: dict[tuple[tuple[str, str, str], int], str] = {}
            for (g, block, _pm), person, status in zip(group, res.persons, res.status, strict=True):
                pid = ids.get(person)
                if pid is None:  # one id string per person
                    pid = ids[person] = person_id(*person)
                pids[g] = pid
                pblocks.setdefault(pid, person[0])
                homeless.add(block[0], status)
                if status == "joined":
                    joined.add((block, person[0]))
            group.clear()

        name = None
        for t in self._persons:  # sorted by block: the blocks of a name are neighbours
            if t[0][0] != name and group:
                resolve()
            name = t[0][0]
            group.append((t[1], t[0], PersonMention(t[2], t[3], t[4])))
        if group:
            resolve()
        org_final = merge_companies(self._orgs, self.divisions)
        ids = EntityIds(pids, org_final)
        gs = GraphStream(TempFolder(self._folder.parent), limit=self._spool_limit)
        try:
            co = CoOccurrence(window=self.window)
            persons: dict[str, PersonAcc] = {}
            posts: dict[PostKey, PostAcc] = {}
            seen: dict[str, EntitySeen] = {}
            # One pass over the articles: per-article records go to the stream, accumulators stay.
            for a, (props, prefs, orefs, lrefs, reported, details) in enumerate(self._spill):
                aid, date = article_ids[a], article_dates[a]
                for g, _block, kind, titles, pposts, count, appts, profile in details:
                    pid = pids[g]
                    block = pblocks[pid]  # a mention without a home may be a homed person's
                    acc = persons.get(pid)
                    if acc is None:
                        acc = persons[pid] = PersonAcc(block)
                    acc.add(kind, titles, count, date, profile)
                    add_posts(posts, pid, pposts, aid, date, block[1], appts)
                rows: list[EntityMention] = [(pids[g], s, c, j, ps, ts) for g, s, c, j, ps, ts in prefs]
                rows += [(ids.org(k), s, c, False, (), ()) for k, s, c in orefs]
                rows += [(ids.place(k), s, c, False, (), ()) for k, s, c in lrefs]
                ents = article_entities(rows, self.cooccurrence)
                add_seen(seen, ents.counts, ents.sentences, date)
                co.add(aid, date, ents.sentences)
                gs.add_node(article_node(props))
                for e in mentioned_in_edges(ents, aid, date):
                    gs.add_edge(e)
                for g in reported:
                    gs.add_edge(reported_edge(pids[g], aid, date))
            # The pair table goes to disk before the entities are made: it is the largest table.
            for e in co.edges():
                gs.add_edge(e)
            del co
            org_id = {k: ids.org(k) for k in org_final}
            place_id = {k: ids.place(k) for k in self._places}
            participations: list[GraphEdge] = []
            for r in event_nodes(self._events, pids, org_id, org_final, place_id, article_ids):
                if isinstance(r, GraphNode):
                    gs.add_node(r)
                else:
                    gs.add_edge(r)
                    if r.type == RelType.PARTICIPATED_IN:
                        participations.append(r)
            for e in co_attended_edges(attendances(participations)):
                gs.add_edge(e)
            del participations
            # Entities: in memory (they are few), then into the stream --------------------------
            corrected = carry_marks(marks(self.corrected), joined)
            nodes = {n.id: n for n in person_nodes(persons, seen, corrected)}
            edges: dict[str, GraphEdge] = {}
            org_nodes(self._orgs, org_final, seen, self.divisions, nodes, edges)
            place_nodes(self._places.items(), seen, self.divisions, nodes, edges)
            edges.update((e.id, e) for e in post_edges(posts, ids))
            holds = list(edges.values())
            staff: dict[str, Staff] = {}
            add_staff(staff, holds)
            edges.update((e.id, e) for e in served_with_edges(services(staff)))
            edges.update((e.id, e) for e in succession_edges(holds))
            for n in nodes.values():
                gs.add_node(n)
            for e in edges.values():
                gs.add_edge(e)
            del nodes, edges
            span = DateSpan()
            for d in article_dates:
                span.add(d)
            gs.meta = {
                k: v
                for k, v in {
                    "articles": len(article_ids),
                    "first_date": span.first,
                    "last_date": span.last,
                    "window": self.window,
                    "cooccurrence": self.cooccurrence,
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


# Items per chunk of a builder snapshot (each chunk is one marshal record of the state file).
_SNAPSHOT_CHUNK = 2000
_EVENT_FIELDS = tuple(f.name for f in fields(EventMention))
_AGG_FIELDS = tuple(f.name for f in fields(EntityAgg))


def _agg_data(agg: EntityAgg) -> tuple:
    # Counters as plain dicts (marshal takes no dict subclass); field order of EntityAgg.
    return tuple(dict(v) if isinstance(v, Counter) else v for v in (getattr(agg, f) for f in _AGG_FIELDS))


def _agg_of(data: tuple) -> EntityAgg:
    agg = EntityAgg(*data)
    for f in fields(EntityAgg):
        if f.default_factory is Counter:  # the counters again (a dict's update replaces, a Counter's adds)
            setattr(agg, f.name, Counter(getattr(agg, f.name)))
    return agg


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
    cooccurrence: str = "present",
    since: str | None = None,
    until: str | None = None,
) -> KnowledgeGraph:
    """Resolve entities and build the graph of *extractions* (any iterable, consumed once).

    Parameters
    ----------
    extractions : iterable of PageExtraction
    window : int
        Sentence window of the CO_OCCURS ``window`` count.
    cooccurrence : {"present", "all"}
        Which person mentions co-occur: ``present`` ones only, or all.
    since, until : str, optional
        ISO date range of the articles counted.
    """
    builder = GraphBuilder(window=window, cooccurrence=cooccurrence, since=since, until=until)
    try:
        for pe in extractions:
            builder.add(pe)
        return builder.build()
    finally:
        builder.close()
