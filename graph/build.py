"""Build the knowledge graph from page extractions, streaming.

:class:`GraphBuilder` takes one :class:`~guanxi.model.PageExtraction` at a time and keeps only
entity tables and per-article mention keys (no article text), so memory grows with the number
of entities and mentions, not with the text read. :meth:`GraphBuilder.build` resolves the
mentions (see :mod:`guanxi.graph.resolve`) and returns a :class:`KnowledgeGraph` of sorted
:class:`~guanxi.graph.schema.GraphNode` / :class:`~guanxi.graph.schema.GraphEdge` records.

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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guanxi.graph.cooccurrence import CoOccurrence
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

from guanxi.model import Home, PageExtraction, Person, Problem, stable_id

__all__ = [
    "GraphBuilder",
    "KnowledgeGraph",
    "MentionRow",
    "article_name",
    "build_graph",
    "edge_id",
    "mention_rows",
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


@dataclass(frozen=True, slots=True)
class KnowledgeGraph:
    """Nodes and edges sorted by id; the single input of every exporter and loader."""

    nodes: tuple[GraphNode, ...] = ()
    edges: tuple[GraphEdge, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and edges per type (keys sorted)."""
        c: Counter[str] = Counter(str(n.label) for n in self.nodes)
        c.update(str(e.type) for e in self.edges)
        return dict(sorted(c.items()))

    def filter(
        self,
        *,
        labels: Iterable[str] | None = None,
        min_weight: int = 1,
    ) -> KnowledgeGraph:
        """Keep only nodes with a label in *labels* and CO_OCCURS edges of weight >= *min_weight*.

        Edges lose an end when its node is dropped, and are dropped with it. (Date ranges are
        applied while building, so weights count only articles in the range.)
        """
        keep = {str(NodeLabel(x)) for x in labels} if labels is not None else None
        nodes = tuple(n for n in self.nodes if keep is None or str(n.label) in keep)
        ids = {n.id for n in nodes}
        edges = tuple(
            e
            for e in self.edges
            if e.source in ids
            and e.target in ids
            and (e.type != RelType.CO_OCCURS or e.properties.get("weight", 0) >= min_weight)
        )
        return KnowledgeGraph(nodes, edges, dict(self.meta))

    def node_map(self) -> dict[str, GraphNode]:
        return {n.id: n for n in self.nodes}

    def to_networkx(self):
        """A ``networkx.MultiDiGraph``: node attrs ``node_type`` (the label) and the properties;
        edges keyed by edge id with ``edge_type`` and the properties (tuples kept as tuples)."""
        import networkx as nx

        g = nx.MultiDiGraph(**{k: v for k, v in self.meta.items() if isinstance(v, str | int | float)})
        for n in self.nodes:
            g.add_node(n.id, node_type=str(n.label), **n.properties)
        for e in self.edges:
            g.add_edge(e.source, e.target, key=e.id, edge_type=str(e.type), **e.properties)
        return g

    @classmethod
    def read(cls, out_dir: str | Path) -> KnowledgeGraph:
        """Read ``nodes.jsonl`` and ``edges.jsonl`` written by :func:`guanxi.graph.export.write_jsonl`."""
        out = Path(out_dir)
        nodes = tuple(_read_jsonl(out / "nodes.jsonl", GraphNode.from_dict))
        edges = tuple(_read_jsonl(out / "edges.jsonl", GraphEdge.from_dict))
        meta: dict[str, Any] = {}
        if (out / "graph.json").exists():
            meta = json.loads((out / "graph.json").read_text(encoding="utf-8")).get("graph", {})
        return cls(nodes, edges, meta)


def _read_jsonl(path: Path, make) -> Iterator:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield make(json.loads(line))


def _tuple_props(props: dict[str, Any]) -> dict[str, Any]:
    # JSON gives lists back; the schema keeps tuples (and drops None).
    return {k: tuple(v) if isinstance(v, list) else v for k, v in props.items() if v is not None}


@dataclass(slots=True)
class _Agg:
    """Counters of one entity key across mentions."""

    names: Counter = field(default_factory=Counter)
    types: Counter = field(default_factory=Counter)
    extra: dict[str, Any] = field(default_factory=dict)
    parents: set[str] = field(default_factory=set)
    mentions: int = 0
    home: str = ""


@dataclass(slots=True)
class _PersonInfo:
    """Per-mention detail of a person kept until resolution (no text)."""

    article: int
    kind: str
    titles: tuple[str, ...]
    posts: tuple[tuple[str, str, str | None], ...]  # (printed, canonical, org key)
    count: int


@dataclass(slots=True)
class _EventMention:
    article: int
    home: str
    date: str | None
    date_end: str | None
    type: str
    title: str
    tkey: str
    organizers: tuple[str, ...]
    places: tuple[str, ...]  # place refs (json keys)
    participants: tuple[tuple[tuple, str], ...]  # (person ref, role)
    # Read from a continuation (上接第一版): the rest of a story headed on another page.
    continued: bool = False


class GraphBuilder:
    """Accumulates page extractions; :meth:`build` resolves and returns the graph.

    Parameters
    ----------
    window : int
        Sentence window of the ``window`` co-occurrence count.
    since, until : str, optional
        ISO dates: only articles dated in [since, until] are counted (undated ones are skipped
        when a range is given).
    divisions : DivisionIndex, optional
        Official divisions for place hierarchy and LOCATED_IN; loaded when needed.
    """

    def __init__(
        self,
        *,
        window: int = 2,
        since: str | None = None,
        until: str | None = None,
        divisions=None,
    ) -> None:
        self.window = window
        self.since, self.until = since, until
        self._div = divisions
        self.problems: list[Problem] = []
        self.skipped = 0
        self._seen: set[str] = set()
        self._articles: list[tuple[str, dict[str, Any], str | None, str]] = []  # id, props, date, home
        self._persons: dict[tuple[str, str, str], list[PersonMention]] = defaultdict(list)
        self._pinfo: dict[tuple[str, str, str], list[_PersonInfo]] = defaultdict(list)
        self._orgs: dict[str, _Agg] = {}
        self._places: dict[str, _Agg] = {}
        self._events: list[_EventMention] = []
        self._reported: list[tuple[tuple, int]] = []  # (person ref, article)
        # Per article: ref -> (sentence indices, count); refs are pre-resolution keys.
        self._refs: list[dict[tuple, tuple[tuple[int, ...], int]]] = []

    # --- phase 1: stream -------------------------------------------------------------------

    def add(self, pe: PageExtraction) -> None:
        """Count one page's extractions. Repeated article ids are skipped with a Problem."""
        home = pe.home if pe.home else (pe.page.home or Home())
        page_date = pe.page.get("date")
        for ax in pe.articles:
            art = ax.article
            if art.article_id in self._seen:
                self.problems.append(
                    Problem(pe.page.path, pe.page.line, f"article {art.article_id} repeated; skipped")
                )
                continue
            self._seen.add(art.article_id)
            date = art.date if is_iso_date(art.date) else (page_date if is_iso_date(page_date) else None)
            if (self.since or self.until) and (
                date is None or (self.since and date < self.since) or (self.until and date > self.until)
            ):
                self.skipped += 1
                continue
            self._add_article(pe, ax, home, date)

    def _add_article(self, pe: PageExtraction, ax, home: Home, date: str | None) -> None:
        art = ax.article
        a = len(self._articles)
        home_key = home.city or home.province or ""
        props = {
            "article_id": art.article_id,
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
        self._articles.append((art.article_id, props, date, home_key))
        starts = sentence_starts(art.text)
        refs: dict[tuple, tuple[tuple[int, ...], int]] = {}

        def note(ref: tuple, provs) -> None:
            sents = tuple(sorted({bisect_right(starts, p.start) - 1 for p in provs})) or (0,)
            old_s, old_c = refs.get(ref, ((), 0))
            refs[ref] = (tuple(sorted(set(old_s) | set(sents))), old_c + max(1, len(provs)))

        person_refs: dict[str, tuple] = {}
        for p in ax.persons:
            ref = self._add_person(p, home, a, date)
            if p.kind != "journalist" or p.name not in person_refs:
                person_refs[p.name] = ref
            note(ref, p.prov)
        for r in art.reporters:
            # The byline's journalist is the journalist mention of this article, if extracted.
            block = (r.name, home_key, "journalist")
            ref = next((k for k in refs if k[0] == "P" and k[1] == block), None)
            if ref is None:
                ref = self._add_person(Person(r.name, "journalist"), home, a, date)
            self._reported.append((ref, a))
        org_refs: dict[str, tuple] = {}
        for o in ax.organizations:
            key = self._add_org(o.canonical or o.name, o.name, o.type, o.parent, home)
            org_refs[o.name] = org_refs.get(o.canonical or o.name, ("O", key))
            org_refs[o.canonical or o.name] = ("O", key)
            note(("O", key), o.prov)
        place_refs: dict[str, tuple] = {}
        for pl in ax.places:
            key = json.dumps(place_key(pl, home), ensure_ascii=False, sort_keys=True)
            agg = self._places.setdefault(key, _Agg(home=home_key))
            agg.names[pl.name] += 1
            agg.mentions += max(1, len(pl.prov))
            for k in ("level", "code", "official_name", "parent_code"):
                if getattr(pl, k) and k not in agg.extra:
                    agg.extra[k] = getattr(pl, k)
            place_refs[pl.name] = place_refs[pl.official_name or pl.name] = ("L", key)
            note(("L", key), pl.prov)
        for ev in ax.events:
            parts = []
            for part in ev.participants:
                ref = person_refs.get(part.name)
                if ref is None:  # named only as a participant: still a person of this article
                    ref = person_refs[part.name] = self._add_person(Person(part.name, "other"), home, a, date)
                    note(ref, ())
                parts.append((ref, part.role))
            orgs = []
            for name in ev.organizers:
                ref = org_refs.get(name)
                if ref is None:
                    ref = org_refs[name] = ("O", self._add_org(name, name, "other", None, home))
                orgs.append(ref[1])
            places = tuple(place_refs[n][1] for n in ev.places if n in place_refs)
            # A partial printed date (--03-18) gives way to the article's full date.
            edate = ev.date if is_iso_date(ev.date) else (date or ev.date)
            # A layout mark (上接第一版) names no happening: the text describes it instead.
            title = describe_text(art.text) if is_layout_marker(ev.title) else ev.title
            self._events.append(
                _EventMention(
                    a,
                    home_key,
                    edate,
                    ev.date_end,
                    ev.type,
                    title,
                    event_title_key(title),
                    tuple(orgs),
                    places,
                    tuple(parts),
                    art.kind == "continuation",
                )
            )
        self._refs.append(refs)

    def _add_person(self, p: Person, home: Home, a: int, date: str | None) -> tuple:
        block = person_block(p, home)
        posts = []
        for post in p.posts:
            body, rest = split_title(post.title)
            org = post.organization or body
            okey = normalize_org(org, home) if org else None
            if okey:
                self._add_org(okey, org, "other", None, home, mention=False)
            posts.append((post.title, post.canonical or rest or post.title, okey))
        mentions = self._persons[block]
        order = (date or "", self._articles[a][0], str(len(mentions)))
        pm = PersonMention(order[:2], date, tuple(sorted({(c, o) for _, c, o in posts if o})))
        mentions.append(pm)
        self._pinfo[block].append(_PersonInfo(a, p.kind, tuple(p.titles), tuple(posts), max(1, len(p.prov))))
        return ("P", block, len(mentions) - 1)

    def _add_org(
        self,
        canonical: str,
        printed: str,
        type_: str,
        parent: str | None,
        home: Home,
        *,
        mention: bool = True,
    ) -> str:
        key = normalize_org(canonical, home)
        agg = self._orgs.get(key)
        if agg is None:
            agg = self._orgs[key] = _Agg(home=home.city or home.province or "")
        agg.names[printed] += 1 if mention else 0
        if mention:
            agg.mentions += 1
            agg.types[type_ or "other"] += 1
        if parent:
            agg.parents.add(normalize_org(parent, home))
        return key

    # --- phase 2: resolve and build ---------------------------------------------------------

    @property
    def divisions(self):
        if self._div is None:
            from guanxi.extractors.divisions import load_divisions

            self._div = load_divisions()
        return self._div

    def build(self) -> KnowledgeGraph:
        """Resolve the mentions counted so far and return the graph (sorted by id)."""
        nodes: dict[str, GraphNode] = {}
        edges: dict[str, GraphEdge] = {}
        article_ids = [a[0] for a in self._articles]
        article_dates = [a[2] for a in self._articles]
        # Persons ----------------------------------------------------------------------------
        pref: dict[tuple, str] = {}
        pacc: dict[str, dict[str, Any]] = {}
        posts: dict[tuple[str, str, str], dict[str, Any]] = {}
        for block in sorted(self._persons):
            clusters = resolve_person_block(self._persons[block])
            for mi, (c, info) in enumerate(zip(clusters, self._pinfo[block], strict=True)):
                pid = person_id(block, c)
                pref[("P", block, mi)] = pid
                acc = pacc.setdefault(
                    pid, {"name": block[0], "home": block[1], "role": block[2], "kinds": Counter(),
                          "titles": set(), "mentions": 0, "dates": []}
                )  # fmt: skip
                acc["kinds"][info.kind] += 1
                acc["titles"].update(info.titles)
                acc["mentions"] += info.count
                if article_dates[info.article]:
                    acc["dates"].append(article_dates[info.article])
                for printed, canon, okey in info.posts:
                    if not okey:
                        continue
                    rec = posts.setdefault((pid, okey, canon), {"titles": Counter(), "arts": set(), "n": 0})
                    rec["titles"][printed] += 1
                    rec["arts"].add(info.article)
                    rec["n"] += 1
        # Organizations: short company names onto their registered name -------------------------
        org_final = self._merge_companies()
        org_id = {k: stable_id("org", {"name": v}) for k, v in org_final.items()}
        # Places ----------------------------------------------------------------------------
        place_id = {k: stable_id("place", json.loads(k)) for k in self._places}
        # Mentions, co-occurrence -------------------------------------------------------------
        co = CoOccurrence(window=self.window)
        ment: dict[tuple[str, int], int] = {}
        ent_dates: dict[str, list[str]] = defaultdict(list)
        ent_arts: Counter[str] = Counter()

        def rid(ref: tuple) -> str:
            if ref[0] == "P":
                return pref[ref]
            if ref[0] == "O":
                return org_id[ref[1]]
            return place_id[ref[1]]

        for a, refs in enumerate(self._refs):
            by_entity: dict[str, list[int]] = {}
            for ref, (sents, count) in refs.items():
                eid = rid(ref)
                ment[(eid, a)] = ment.get((eid, a), 0) + count
                if ref[0] == "P" and ref[1][2] == "journalist":
                    continue  # a byline is no co-occurrence with the people in the story
                by_entity.setdefault(eid, []).extend(sents)
            for eid in {rid(ref) for ref in refs}:
                ent_arts[eid] += 1
                if article_dates[a]:
                    ent_dates[eid].append(article_dates[a])
            co.add(article_ids[a], article_dates[a], by_entity)
        # Article nodes --------------------------------------------------------------------------
        art_node = {}
        for aid, props, _date, _home in self._articles:
            nid = stable_id("article", aid)
            art_node[aid] = nid
            nodes[nid] = GraphNode(nid, NodeLabel.ARTICLE, _clean({**props, "name": article_name(props)}))
        # Person nodes ----------------------------------------------------------------------------
        for pid, acc in pacc.items():
            kinds = acc["kinds"]
            kind = (
                "journalist"
                if acc["role"] == "journalist"
                else ("official" if kinds["official"] else "other")
            )
            props = {
                "name": acc["name"],
                "kind": kind,
                "home": acc["home"] or None,
                "titles": tuple(sorted(acc["titles"])),
                "mentions": acc["mentions"],
                "articles": ent_arts.get(pid, 0),
            }
            props.update(_span(acc["dates"]))
            nodes[pid] = GraphNode(pid, NodeLabel.PERSON, _clean(props))
        # Organization nodes, PART_OF, LOCATED_IN ----------------------------------------------
        final_aliases: dict[str, set[str]] = defaultdict(set)
        final_aggs: dict[str, list[_Agg]] = defaultdict(list)
        for k, v in sorted(org_final.items()):
            final_aliases[v].update(n for n, c in self._orgs[k].names.items() if c)
            final_aliases[v].add(k)
            final_aggs[v].append(self._orgs[k])
        pending = sorted(final_aggs)
        seen_orgs = set(pending)
        while pending:
            name = pending.pop()
            oid = stable_id("org", {"name": name})
            aggs = final_aggs.get(name, [])
            types: Counter[str] = Counter()
            for g in aggs:
                types.update(g.types)
            type_ = _best(types) or _type_from_name(name)
            if type_ == "other" and (t := _type_from_name(name)) != "other":
                type_ = t
            home = next((g.home for g in aggs if g.home), "")
            props = {
                "name": name,
                "type": type_,
                "aliases": tuple(sorted(final_aliases.get(name, {name}) - {name})),
                "home": home or None,
                "mentions": sum(g.mentions for g in aggs),
                "articles": ent_arts.get(oid, 0),
            }
            props.update(_span(ent_dates.get(oid, [])))
            nodes[oid] = GraphNode(oid, NodeLabel.ORGANIZATION, _clean(props))
            parents = {org_final.get(p, p) for g in aggs for p in g.parents}
            if (derived := org_parent(name)) is not None:
                parents.add(org_final.get(derived, derived))
            for parent in sorted(parents - {name}):
                pid_ = stable_id("org", {"name": parent})
                e = GraphEdge(
                    edge_id(RelType.PART_OF, oid, pid_), RelType.PART_OF, oid, pid_, {"evidence": "name"}
                )
                edges[e.id] = e
                if parent not in seen_orgs:
                    seen_orgs.add(parent)
                    pending.append(parent)
            code = self._org_place(name)
            if code:
                plid = self._ensure_division(code, nodes, edges)
                e = GraphEdge(
                    edge_id(RelType.LOCATED_IN, oid, plid),
                    RelType.LOCATED_IN,
                    oid,
                    plid,
                    {"evidence": "name"},
                )
                edges[e.id] = e
        # Place nodes and the division hierarchy -------------------------------------------------
        for key, agg in self._places.items():
            plid = place_id[key]
            kd = json.loads(key)
            x = agg.extra
            div = self.divisions.by_code(kd["code"]) if "code" in kd else None
            props = {
                "name": (div.name if div else None) or x.get("official_name") or _best(agg.names),
                "aliases": tuple(sorted(set(agg.names) - {x.get("official_name")})),
                "level": x.get("level") or (_LEVELS[div.level] if div else None),
                "code": kd.get("code"),
                "parent_code": x.get("parent_code") or (div.parent_code if div else None) or None,
                "mentions": agg.mentions,
                "articles": ent_arts.get(plid, 0),
            }
            props.update(_span(ent_dates.get(plid, [])))
            nodes[plid] = GraphNode(plid, NodeLabel.PLACE, _clean(props))
            parent = props["parent_code"]
            if parent:
                up = self._ensure_division(parent, nodes, edges)
                e = GraphEdge(
                    edge_id(RelType.PART_OF, plid, up), RelType.PART_OF, plid, up, {"evidence": "divisions"}
                )
                edges[e.id] = e
        # MENTIONED_IN ------------------------------------------------------------------------------
        for (eid, a), count in ment.items():
            aid = article_ids[a]
            nid = art_node[aid]
            e = GraphEdge(
                edge_id(RelType.MENTIONED_IN, eid, nid),
                RelType.MENTIONED_IN,
                eid,
                nid,
                _clean({"count": count, "articles": (aid,), "date": article_dates[a]}),
            )
            edges[e.id] = e
        for ref, a in self._reported:
            pid = pref[ref]
            aid = article_ids[a]
            e = GraphEdge(
                edge_id(RelType.REPORTED, pid, art_node[aid]),
                RelType.REPORTED,
                pid,
                art_node[aid],
                _clean({"articles": (aid,), "date": article_dates[a]}),
            )
            edges[e.id] = e
        # HOLDS_POST -----------------------------------------------------------------------------------
        for (pid, okey, canon), rec in posts.items():
            oid = org_id.get(okey) or stable_id("org", {"name": org_final.get(okey, okey)})
            arts = sorted(rec["arts"])
            props = {
                "title": _best(rec["titles"]),
                "titles": tuple(sorted(rec["titles"])),
                "canonical": canon,
                "count": rec["n"],
                "articles": tuple(sorted(article_ids[i] for i in arts)),
            }
            props.update(_span([article_dates[i] for i in arts if article_dates[i]]))
            e = GraphEdge(
                edge_id(RelType.HOLDS_POST, pid, oid, canon), RelType.HOLDS_POST, pid, oid, _clean(props)
            )
            edges[e.id] = e
        # Events ------------------------------------------------------------------------------------------
        self._build_events(nodes, edges, pref, org_id, org_final, place_id, article_ids, article_dates)
        # CO_OCCURS ---------------------------------------------------------------------------------------
        for e in co.edges():
            edges[e.id] = e
        meta = {
            "articles": len(self._articles),
            "first_date": min((d for d in article_dates if d), default=None),
            "last_date": max((d for d in article_dates if d), default=None),
            "window": self.window,
        }
        return KnowledgeGraph(
            tuple(nodes[k] for k in sorted(nodes)),
            tuple(edges[k] for k in sorted(edges)),
            {k: v for k, v in meta.items() if v is not None},
        )

    def _build_events(
        self, nodes, edges, pref, org_id, org_final, place_id, article_ids, article_dates
    ) -> None:
        evs = self._events
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
                "type": _best(types),
                "date": date,
                "date_end": max((e.date_end for e in group if e.date_end), default=None),
                "home": rep.home or None,
                "reports": len(group),
                "articles": tuple(arts),
            }
            nodes[evid] = GraphNode(evid, NodeLabel.EVENT, _clean(props))
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
                props: dict[str, Any] = {"articles": tuple(sorted(aids))}
                if rel == RelType.PARTICIPATED_IN:
                    # One edge per person and event (tools merge parallel edges): the leading role
                    # in ``role``, all of them in ``roles``.
                    ordered = sorted(roles[s], key=lambda r: (_ROLE_ORDER.get(r, len(_ROLE_ORDER)), r))
                    props["role"], props["roles"] = ordered[0], tuple(ordered)
                if date:
                    props["date"] = date
                ed = GraphEdge(edge_id(rel, s, t), rel, s, t, props)
                edges[ed.id] = ed

    def _merge_companies(self) -> dict[str, str]:
        """Map every org key to its final key: a short name goes onto its one registered name."""
        final = {k: k for k in self._orgs}
        div = self.divisions if self._orgs else None

        def is_div(s: str) -> bool:
            return bool(div.lookup(s)) or any(d.level <= 3 for d in div.lookup_short(s))

        cores: dict[tuple[str, str], set[str]] = defaultdict(set)
        for k, agg in self._orgs.items():
            for core in company_core(k, is_div):
                cores[(agg.home, core)].add(k)
        for k, agg in sorted(self._orgs.items()):
            if company_core(k) or len(k) < 2 or k[-1] in "委局厅部院会办处室所站队校":
                continue
            # The short name is a registered core, or its start (丛台春 for 丛台春酒业).
            cands = set(cores.get((agg.home, k), ()))
            if not cands:
                cands = {r for (h, c), rs in cores.items() if h == agg.home and c.startswith(k) for r in rs}
            if len(cands) == 1:
                final[k] = cands.pop()
        return final

    def _org_place(self, name: str) -> str | None:
        """Code of the division printed at the start of an organization's name, if any."""
        best = None
        for i in range(2, min(len(name), 12) + 1):
            if name[i - 1] in _DIV_END and i < len(name):
                found = self.divisions.lookup(name[:i])
                if len(found) == 1:
                    best = found[0].code
        return best

    def _ensure_division(self, code: str, nodes, edges) -> str:
        """Place node of division *code* and PART_OF edges up to its province; returns its id."""
        plid = stable_id("place", {"code": code})
        div = self.divisions.by_code(code)
        if plid not in nodes and div is not None:
            nodes[plid] = GraphNode(
                plid,
                NodeLabel.PLACE,
                _clean(
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
                up = self._ensure_division(div.parent_code, nodes, edges)
                e = GraphEdge(
                    edge_id(RelType.PART_OF, plid, up), RelType.PART_OF, plid, up, {"evidence": "divisions"}
                )
                edges[e.id] = e
        elif plid not in nodes:
            nodes[plid] = GraphNode(
                plid, NodeLabel.PLACE, {"name": code, "code": code, "mentions": 0, "articles": 0}
            )
        return plid


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


def _best(counter: Counter) -> Any:
    """Most common key; ties go to the smallest key so the choice is order-free."""
    if not counter:
        return None
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _span(dates: list[str]) -> dict[str, str]:
    dates = [d for d in dates if d]
    return {"first_seen": min(dates), "last_seen": max(dates)} if dates else {}


def _type_from_name(name: str) -> str:
    """The organization extractor's type of *name*: the rule for bodies named only in a title
    (X军分区 in X军分区司令员) and for mentions the extractor left as ``other``."""
    # Imported here: the extractor loads spaCy, which a graph-only build never needs otherwise.
    from guanxi.extractors.components.organizations import org_type

    return org_type(name)


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Drop None and empty tuples: exports never see a missing value."""
    return {k: v for k, v in props.items() if v is not None and v != ()}


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
    for pe in extractions:
        builder.add(pe)
    return builder.build()
