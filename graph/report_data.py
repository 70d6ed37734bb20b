"""The report page's data: a build's output folder read into the rows the page draws.

Nodes and relationships are read by the property names of :mod:`guanxi.graph.schema`; the
mentions of ``extractions.jsonl`` are tied to their entities by id (:mod:`guanxi.graph.mention_ids`).
The steps, each a function: :func:`index_entities` (nodes), :func:`merge_edges` (one drawn edge per
node pair, posts, roles), :func:`rank` (the network's nodes), :func:`collect_evidence` (provenance
sentences), :func:`person_rows`, :func:`event_rows`, :func:`graph_edges` and :func:`summary`.

What is embedded is bounded so that the page stays small and responsive on large corpora:

- the network holds the ``max_nodes`` Person/Organization/Place/Event nodes of highest degree (the page
  shows the top ``top_n`` of them and lets the reader raise that up to ``max_nodes``);
- provenance keeps one sentence per article and entity (by default every article's, so that the page
  pages through all sources; ``evidence``/``evidence_rest`` bound it), each with the mention's
  offsets relative to the sentence;
- the full text of each cited article is kept up to ``max_text`` characters in all.

An article read from a PDF page also carries where it sat (:func:`where`): the page number and
size and the article's boxes, so that the page can draw an outline of the page; the other part of
an article that jumps to (or from) another page is kept with it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guanxi.graph.build import page_home
from guanxi.graph.corrections import person_key
from guanxi.graph.mention_ids import EntityIds
from guanxi.graph.schema import NodeLabel, Prop, RelType

from guanxi.errors import InputError
from guanxi.jsonl import read_jsonl
from guanxi.model import Article, Page, PageExtraction, Provenance, Sentence
from guanxi.sentences import CLOSING_MARKS, SENTENCE_MARKS

__all__ = [
    "EDGE_BITS",
    "ENTITY_LABELS",
    "EdgeTables",
    "Entity",
    "EventRow",
    "Evidence",
    "GraphIndex",
    "PersonRow",
    "Post",
    "PostRow",
    "SuccessionRow",
    "build_report_data",
    "collect_evidence",
    "event_rows",
    "graph_edges",
    "index_entities",
    "merge_edges",
    "page_size",
    "person_rows",
    "rank",
    "succession_rows",
    "summary",
    "where",
]

# Labels of the entities the page shows; Article nodes are the provenance, not network nodes.
ENTITY_LABELS = (NodeLabel.PERSON, NodeLabel.ORGANIZATION, NodeLabel.PLACE, NodeLabel.EVENT)
_LABEL_CODE = {label: i for i, label in enumerate(ENTITY_LABELS)}
# The property the page shows as an entity's kind.
_KIND = {
    NodeLabel.PERSON: Prop.KIND,
    NodeLabel.ORGANIZATION: Prop.TYPE,
    NodeLabel.PLACE: Prop.LEVEL,
    NodeLabel.EVENT: Prop.TYPE,
}
# Properties shown under an entity's name when they differ from it.
_EXTRA = (Prop.TYPE, Prop.LEVEL, Prop.CODE, Prop.DATE, Prop.DATE_END)

# Edge types drawn in the network, as bits of one mask per merged node pair.
EDGE_BITS = {
    RelType.CO_OCCURS: 1,
    RelType.HOLDS_POST: 2,
    RelType.PARTICIPATED_IN: 4,
    RelType.ORGANIZED: 8,
    RelType.HELD_AT: 16,
    RelType.LOCATED_IN: 32,
    RelType.PART_OF: 64,
}
_ROLE_BITS = sum(EDGE_BITS.values()) & ~EDGE_BITS[RelType.CO_OCCURS]
_TO_ARTICLE = (RelType.MENTIONED_IN, RelType.REPORTED)
_NODE_LABELS = {str(x): x for x in NodeLabel}
_REL_TYPES = {str(x): x for x in RelType}

_MAX_PROBLEMS = 2000  # rejected inputs listed on the page (the full list is in report.json)
_SENTENCE_WINDOW = 70  # characters kept either side of a mention in a long sentence
_LONG_SENTENCE = 180
_SENTENCE_ENDS = SENTENCE_MARKS + "\n" + CLOSING_MARKS  # a sentence end, closing marks included
_NO_DATE = "~"  # sorts after every date: undated rows last


# --- reading -----------------------------------------------------------------------------------


def _records(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of *path* (written by the build: a bad line raises); a missing file yields nothing."""
    return read_jsonl(path, errors="raise") if path.exists() else iter(())


def _read_extractions(path: Path) -> Iterator[PageExtraction]:
    if not path.exists():
        return iter(())
    return read_jsonl(path, PageExtraction.from_dict, what="page extraction", errors="raise")


def _ints(value: Any) -> tuple[int, ...]:
    return tuple(v for v in value if isinstance(v, int)) if isinstance(value, list | tuple) else ()


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None]
    return []


# --- entities --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Entity:
    """A Person/Organization/Place/Event node and what the page shows of it."""

    id: str
    label: NodeLabel
    name: str
    props: dict[str, Any]
    neighbours: set[int] = field(default_factory=set)
    evidence: list[tuple[int, int, int]] = field(default_factory=list)  # (sentence, start, end)
    mentions: int = 0  # articles in which the extractions mention it
    first: str = ""  # date of the first and last dated article that mentions it
    last: str = ""

    def seen(self, date: str | None) -> None:
        """Widen the entity's first/last date with an article of *date*."""
        if date:
            self.first = min(self.first, date) if self.first else date
            self.last = max(self.last, date)

    @property
    def articles(self) -> int:
        """Number of articles: a count on persons, organizations and places, a list on events."""
        value = self.props.get(Prop.ARTICLES)
        return value if isinstance(value, int) else len(_str_list(value))

    def row(self) -> dict[str, Any]:
        """The entity as the page reads it (keys ``id l n d m ev``, ``k`` kind, ``x`` extras; ``c``
        a person's ``name`` and ``home`` cells of a corrections line, see
        :func:`~guanxi.graph.corrections.person_key`)."""
        row: dict[str, Any] = {
            "id": self.id,
            "l": _LABEL_CODE[self.label],
            "n": self.name,
            "d": len(self.neighbours),
            "m": max(self.mentions, self.articles),
            "ev": [list(x) for x in self.evidence],
        }
        kind = self.props.get(_KIND[self.label])
        if isinstance(kind, str) and kind:
            row["k"] = kind
        if self.first:  # the date filter keeps an entity whose span meets the chosen range
            row["f"], row["t"] = self.first, self.last
        extra = {
            str(k): self.props[k]
            for k in _EXTRA
            if isinstance(self.props.get(k), str | int) and self.props.get(k) != self.name
        }
        if extra:
            row["x"] = extra
        if self.label == NodeLabel.PERSON:
            # How a corrections file names it (the page writes lines with it): name and home, or id.
            key = person_key(
                self.id,
                self.name,
                str(self.props.get(Prop.HOME) or ""),
                str(self.props.get(Prop.KIND) or ""),
                _ints(self.props.get(Prop.CORRECTED)),
            )
            if key is not None:
                row["c"] = list(key)
        return row


@dataclass(slots=True)
class GraphIndex:
    """The entities in file order, their positions by id, and the Article nodes' ids and dates."""

    entities: list[Entity] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    articles: dict[str, str] = field(default_factory=dict)  # Article node id -> article id
    article_dates: dict[str, str] = field(default_factory=dict)  # article id -> date
    ids: EntityIds = field(default_factory=EntityIds)


def index_entities(nodes: Iterable[dict[str, Any]]) -> GraphIndex:
    """Index the nodes of ``nodes.jsonl`` (the first node of a repeated id counts)."""
    g = GraphIndex()
    for node in nodes:
        node_id, props, label = node.get("id"), node.get("properties") or {}, node.get("label")
        label = _NODE_LABELS.get(label) if isinstance(label, str) else None
        if not isinstance(node_id, str) or label is None:
            continue
        if label == NodeLabel.ARTICLE:
            article_id, date = props.get(Prop.ARTICLE_ID), props.get(Prop.DATE)
            if isinstance(article_id, str):
                g.articles[node_id] = article_id
                if date:
                    g.article_dates[article_id] = str(date)
        elif node_id in g.index:
            continue
        else:
            g.index[node_id] = len(g.entities)
            name = props.get(Prop.NAME)
            g.entities.append(
                Entity(node_id, label, name if isinstance(name, str) and name else node_id, props)
            )
        g.ids.add_node(node_id, label, props)
    return g


# --- edges -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Pair:
    """The drawn edge of one node pair: co-occurrence weight, a mask of edge types, and the
    weights of the other person-to-person ties (by bit, see :func:`tie_bits`)."""

    weight: float = 0.0
    mask: int = 0
    ties: dict[int, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Post:
    """A HOLDS_POST edge as the page lists it."""

    title: str
    canonical: str
    org: int
    first_seen: str | None
    last_seen: str | None
    articles: tuple[str, ...]
    titles: tuple[str, ...]
    # The spell (see docs/careers.md): its start and end, and how each is known.
    start: str = ""
    start_by: str = ""
    end: str = ""
    end_by: str = ""


@dataclass(slots=True)
class EdgeTables:
    """The relationships between entities, merged per pair and grouped for the tables."""

    pairs: dict[tuple[int, int], Pair] = field(default_factory=dict)
    posts: dict[int, list[Post]] = field(default_factory=lambda: defaultdict(list))
    organizers: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    places: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    participants: dict[int, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    person_events: Counter[int] = field(default_factory=Counter)
    # APPOINTED per (person, organization, canonical title): (action, date, decided_by).
    decisions: dict[tuple[int, int, str], list[tuple[str, str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # PRECEDED per (organization id, canonical title): (predecessor, successor) pairs.
    preceded: dict[tuple[str, str], set[tuple[int, int]]] = field(default_factory=lambda: defaultdict(set))
    count: int = 0  # edges between two entities of the page
    tie_bits: dict[str, int] = field(default_factory=dict)  # kinds of tie besides CO_OCCURS
    # Present mentions per person (MENTIONED_IN's ``present``); None when the build has no types.
    present: Counter[int] | None = None



def merge_edges(edges: Iterable[dict[str, Any]], g: GraphIndex) -> EdgeTables:
    """Read ``edges.jsonl``: links to articles go to ``g.ids``; every drawn edge into its node
    pair (the smaller index first), with its post, role, organizer or venue in the tables."""
    t = EdgeTables()
    for edge in edges:
        rel = edge.get("type")
        rel = _REL_TYPES.get(rel) if isinstance(rel, str) else None
        src, dst = g.index.get(edge.get("source")), g.index.get(edge.get("target"))
        props = edge.get("properties") or {}
        if rel in _TO_ARTICLE and src is not None:
            if Prop.PRESENT in props:
                t.present = t.present if t.present is not None else Counter()
                t.present[src] += int(props[Prop.PRESENT])
            article_id = g.articles.get(edge.get("target"))
            for a in [article_id] if article_id else _str_list(props.get(_ARTICLES)):
                g.ids.add_link(g.entities[src].id, a)
            continue
        if rel in _CAREER_TABLES:  # listed with the posts, not drawn
            if src is not None and dst is not None:
                _CAREER_TABLES[rel](t, src, dst, props)
            continue
        bit = EDGE_BITS.get(rel) if rel is not None else None
        weight = props.get(_WEIGHT)
        if bit is None and _is_tie(edge.get("type"), weight, rel):
            bit = t.tie_bits.setdefault(edge["type"], _FIRST_TIE_BIT << len(t.tie_bits))
        if bit is None or src is None or dst is None or src == dst:
            continue
        t.count += 1
        if (table := _TABLES.get(rel)) is not None:
            table(t, src, dst, props)
        key = (src, dst) if src < dst else (dst, src)
        pair = t.pairs.get(key)
        if pair is None:
            pair = t.pairs[key] = Pair()
        pair.mask |= bit
        if bit == _CO_OCCURS_BIT:
            pair.weight = max(pair.weight, float(weight) if isinstance(weight, int | float) else 1.0)
        elif bit >= _FIRST_TIE_BIT:
            pair.ties[bit] = max(pair.ties.get(bit, 0.0), float(weight))
    for a, b in t.pairs:
        g.entities[a].neighbours.add(b)
        g.entities[b].neighbours.add(a)
    return t


def _is_tie(name: Any, weight: Any, rel: RelType | None) -> bool:
    """A relationship type the page draws as a tie of its own in the network selector: any
    weighted relationship between two entities that is neither a known edge nor a link to an
    article (co-attendance, shared service, ... as the build comes to write them)."""
    return (
        isinstance(name, str)
        and rel not in _TO_ARTICLE
        and isinstance(weight, int | float)
        and not isinstance(weight, bool)
    )


def _add_post(t: EdgeTables, person: int, org: int, props: dict[str, Any]) -> None:
    t.posts[person].append(_post(props, org))


def _add_participant(t: EdgeTables, person: int, event: int, props: dict[str, Any]) -> None:
    t.participants[event].append((person, str(props.get(Prop.ROLE) or "其他")))
    t.person_events[person] += 1


def _add_organizer(t: EdgeTables, org: int, event: int, props: dict[str, Any]) -> None:
    t.organizers[event].append(org)


def _add_venue(t: EdgeTables, event: int, place: int, props: dict[str, Any]) -> None:
    t.places[event].append(place)


def _add_decision(t: EdgeTables, person: int, org: int, props: dict[str, Any]) -> None:
    key = (person, org, str(props.get(Prop.CANONICAL) or ""))
    decision = tuple(str(props.get(k) or "") for k in (Prop.ACTION, Prop.DATE, Prop.DECIDED_BY))
    t.decisions[key].append((decision[0], decision[1], decision[2]))


def _add_preceded(t: EdgeTables, before: int, after: int, props: dict[str, Any]) -> None:
    key = (str(props.get(Prop.ORGANIZATION) or ""), str(props.get(Prop.CANONICAL) or ""))
    t.preceded[key].add((before, after))


# The tables of the edge types that have one (the page lists them besides drawing them).
_TABLES = {
    RelType.HOLDS_POST: _add_post,
    RelType.PARTICIPATED_IN: _add_participant,
    RelType.ORGANIZED: _add_organizer,
    RelType.HELD_AT: _add_venue,
}
# Career facts the person panel lists (APPOINTED, PRECEDED); the network does not draw them.
_CAREER_TABLES = {RelType.APPOINTED: _add_decision, RelType.PRECEDED: _add_preceded}
# Read once per edge: a member looked up on its enum class costs more than the dict lookup itself.
_ARTICLES, _WEIGHT, _CO_OCCURS_BIT = str(Prop.ARTICLES), str(Prop.WEIGHT), EDGE_BITS[RelType.CO_OCCURS]
_FIRST_TIE_BIT = 2 * max(EDGE_BITS.values())  # bits of further tie kinds, in order of first sight


def _post(props: dict[str, Any], org: int) -> Post:
    canonical = props.get(Prop.CANONICAL)
    return Post(
        str(props.get(Prop.TITLE) or ""),
        canonical if isinstance(canonical, str) else "",
        org,
        props.get(Prop.FIRST_SEEN),
        props.get(Prop.LAST_SEEN),
        tuple(_str_list(props.get(Prop.ARTICLES))),
        tuple(_str_list(props.get(Prop.TITLES))),
        *(str(props.get(k) or "") for k in (Prop.START, Prop.START_BY, Prop.END, Prop.END_BY)),
    )


def rank(entities: list[Entity], max_nodes: int) -> list[int]:
    """The network's nodes: highest degree first, then most articles, then id; at most
    *max_nodes*. An event without a relationship is no network node."""
    eligible = (i for i, e in enumerate(entities) if e.label != NodeLabel.EVENT or e.neighbours)
    ranked = sorted(
        eligible, key=lambda i: (-len(entities[i].neighbours), -entities[i].articles, entities[i].id)
    )
    return ranked[: max(0, max_nodes)]


# --- provenance ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Evidence:
    """What the extractions give the page: cited articles and sentences, and counts."""

    articles: list[list[Any]] = field(default_factory=list)  # [title, date, file(, where)]
    texts: list[str] = field(default_factory=list)  # full text of each article row ("" beyond the budget)
    text_budget: int | None = None  # characters of full text still to embed (None: no bound)
    homes: set[str] = field(default_factory=set)  # home cities and counties of the pages
    sentences: list[list[Any]] = field(default_factory=list)  # [article index, text]
    article_dates: dict[str, str] = field(default_factory=dict)
    pages: int = 0
    n_articles: int = 0
    files: set[str] = field(default_factory=set)
    _article_index: dict[str, int] = field(default_factory=dict)
    _sentence_index: dict[tuple[int, str], int] = field(default_factory=dict)
    # Rows of the articles that jump to or from another page, cited or not: a cited one's other
    # part is added to the articles by link_parts.
    _parts: dict[str, tuple[list[Any], str]] = field(default_factory=dict)

    def cite(self, article: list[Any], article_id: str, sentence: str, text: str = "") -> int:
        """The index of *sentence* of an article in :attr:`sentences` (added once); the article's
        full *text* is kept with it while the budget lasts."""
        if article_id not in self._article_index:
            self._article_index[article_id] = len(self.articles)
            self.articles.append(article)
            self.texts.append(self._take(text))
        key = (self._article_index[article_id], sentence)
        if key not in self._sentence_index:
            self._sentence_index[key] = len(self.sentences)
            self.sentences.append(list(key))
        return self._sentence_index[key]

    def _take(self, text: str) -> str:
        if self.text_budget is None:
            return text
        if len(text) > self.text_budget:
            self.text_budget = 0
            return ""
        self.text_budget -= len(text)
        return text

    def link_parts(self) -> None:
        """Point each cited article's ``to``/``from`` (article ids) at the other part's row,
        adding that row when it is not cited itself; a part not read is left out."""
        k = 0
        while k < len(self.articles):  # rows added here are linked in turn
            where = self.articles[k][3] if len(self.articles[k]) > 3 else None
            k += 1
            for key in ("to", "from"):
                other = where.get(key) if where else None
                if not isinstance(other, str):
                    continue
                if other not in self._article_index and other in self._parts:
                    self._article_index[other] = len(self.articles)
                    self.articles.append(self._parts[other][0])
                    self.texts.append(self._take(self._parts[other][1]))
                if other in self._article_index:
                    where[key] = self._article_index[other]
                else:
                    del where[key]


def collect_evidence(
    extractions: Iterable[PageExtraction],
    g: GraphIndex,
    in_graph: set[int],
    *,
    evidence: int | None,
    evidence_rest: int | None,
    max_text: int | None = None,
) -> Evidence:
    """Count each entity's mentioning articles and keep its provenance sentences: one per
    article, *evidence* for network nodes and events, *evidence_rest* for the others (None: all),
    and the full text of each cited article up to *max_text* characters in all (None: no bound)."""
    out = Evidence(text_budget=max_text)
    for pe in extractions:
        out.pages += 1
        out.files.add(_file_name(pe.page.path))
        home = page_home(pe)
        out.homes.update(x for x in (home.city, home.county) if x)
        size = page_size(pe.page) if any(ax.article.boxes for ax in pe.articles) else None
        for ax in pe.articles:
            art = ax.article
            row = _article_row(art, pe.page.file, size)
            if art.continued_to or art.continued_from:
                out._parts[art.article_id] = (row, art.text)
            out.n_articles += 1
            if art.date:
                out.article_dates[art.article_id] = art.date
            seen_here: set[int] = set()  # one evidence item per entity and article
            for m in g.ids.mentions(ax, home):
                i = g.index.get(m.entity_id) if m.entity_id is not None else None
                if i is None or i in seen_here:
                    continue
                seen_here.add(i)
                e = g.entities[i]
                e.mentions += 1
                e.seen(art.date)
                limit = evidence if (i in in_graph or e.label == NodeLabel.EVENT) else evidence_rest
                if (limit is not None and len(e.evidence) >= limit) or not m.prov:
                    continue
                sentence, hs, he = _evidence(art.text, ax.sentences, m.prov[0])
                s = out.cite(row, art.article_id, sentence, art.text)
                e.evidence.append((s, hs, he))
    out.link_parts()
    # Articles referenced only through nodes: keep them countable even without extractions.
    for article_id, date in g.article_dates.items():
        out.article_dates.setdefault(article_id, date)
    return out


def page_size(page: Page) -> tuple[float, float] | None:
    """A PDF page's width and height in points: from its ``meta``, else (an output written before
    the size was kept) the extent of its regions' boxes with the same margin either side."""
    try:
        return float(page.get("width") or ""), float(page.get("height") or "")
    except ValueError:
        pass
    boxes = [b for r in page.layout for b in r.boxes]
    if not boxes:
        return None
    return max(b[2] for b in boxes) + min(b[0] for b in boxes), max(b[3] for b in boxes) + min(
        b[1] for b in boxes
    )


def where(art: Article, size: tuple[float, float] | None) -> dict[str, Any] | None:
    """Where on its page a PDF article sat, as the page reads it (None for other articles):
    ``n`` page number, ``w``/``h`` the page's size and ``b`` the article's boxes (x0, top, x1,
    bottom) in points, ``to``/``from`` the article id of its other part (see :meth:`Evidence.link_parts`)."""
    if not art.boxes or size is None:
        return None
    out: dict[str, Any] = {
        "n": art.page_number,
        "w": round(size[0], 1),
        "h": round(size[1], 1),
        "b": [[round(v, 1) for v in box] for box in art.boxes],
    }
    if art.continued_to:
        out["to"] = art.continued_to
    if art.continued_from:
        out["from"] = art.continued_from
    return out


def _article_row(art: Article, file: str, size: tuple[float, float] | None) -> list[Any]:
    """An article as the page lists it: [title, date, file], and where it sat on a PDF page."""
    row: list[Any] = [art.title or "", art.date or "", file]
    if (w := where(art, size)) is not None:
        row.append(w)
    return row


def _evidence(text: str, sentences: tuple[Sentence, ...], pv: Provenance) -> tuple[str, int, int]:
    """The sentence a provenance item points at, with the mention's offsets in it (clipped to a
    window around the mention when long; a piece of an over-long sentence is marked with …)."""
    if not 0 <= pv.sentence < len(sentences):
        return "", 0, 0
    s = sentences[pv.sentence]
    lo, hi = s.start, s.end
    # An event's span may run past its first sentence: its evidence is the part within it.
    sentence, hs, he = text[lo:hi], pv.start - lo, min(pv.end, hi) - lo
    if not (sentence and 0 <= hs < he <= len(sentence)):
        return sentence, 0, 0
    sentence, hs, he = _clip(sentence, hs, he)
    if s.cut:  # a piece of a long (list) sentence: mark where the sentence goes on
        before, after = text[:lo].rstrip(), text[hi:].lstrip()
        if before and before[-1] not in _SENTENCE_ENDS and not sentence.startswith("…"):
            sentence, hs, he = "…" + sentence, hs + 1, he + 1
        if after and text[hi - 1] not in _SENTENCE_ENDS and not sentence.endswith("…"):
            sentence += "…"
    return sentence, hs, he


def _clip(sentence: str, hs: int, he: int) -> tuple[str, int, int]:
    """Keep a window of a long sentence around ``[hs, he)``, marking cuts with an ellipsis."""
    if len(sentence) <= _LONG_SENTENCE:
        return sentence, hs, he
    lo = max(0, hs - _SENTENCE_WINDOW)
    hi = min(len(sentence), he + _SENTENCE_WINDOW)
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(sentence) else ""
    return head + sentence[lo:hi] + tail, hs - lo + len(head), he - lo + len(head)


def _file_name(path: str | None) -> str:
    return (path or "").replace("\\", "/").rsplit("/", 1)[-1]


def _span(article_ids: Iterable[str], dates: dict[str, str]) -> tuple[str, str]:
    """First and last date of *article_ids* ("" when none is dated)."""
    ds = sorted(d for d in (dates.get(a) for a in article_ids) if d)
    return (ds[0], ds[-1]) if ds else ("", "")


# --- tables ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PostRow:
    """One post of a person: printed title, canonical title, organization, first and last date;
    the spell's ends and how each is known, the decisions (APPOINTED: action, date, deciding
    body) and, for a single-holder post, its row in the succession table (-1: none)."""

    title: str
    canonical: str
    org: str
    first: str
    last: str
    start: str = ""
    start_by: str = ""
    end: str = ""
    end_by: str = ""
    decisions: tuple[tuple[str, str, str], ...] = ()
    succession: int = -1

    def to_json(self) -> list[Any]:
        return [
            self.title,
            self.canonical,
            self.org,
            self.first,
            self.last,
            self.start,
            self.start_by,
            self.end,
            self.end_by,
            [list(d) for d in self.decisions],
            self.succession,
        ]


@dataclass(frozen=True, slots=True)
class SuccessionRow:
    """The holders of a single-holder post in order (from PRECEDED)."""

    org: int
    canonical: str
    holders: tuple[int, ...]

    def to_json(self) -> list[Any]:
        return [self.org, self.canonical, list(self.holders)]


def succession_rows(g: GraphIndex, t: EdgeTables) -> list[SuccessionRow]:
    """Each single-holder post's holders, first to last: the chains of its PRECEDED pairs
    (a holder without predecessor starts one; ties by entity order), sorted by organization and title."""
    rows = []
    for (org_id, canonical), pairs in t.preceded.items():
        org = g.index.get(org_id)
        if org is None:
            continue
        after = defaultdict(list)
        for a, b in sorted(pairs):
            after[a].append(b)
        successors = {b for _, b in pairs}
        holders: list[int] = []
        todo = sorted({a for a, _ in pairs} - successors, reverse=True) or [min(a for a, _ in pairs)]
        while todo:  # depth first along the chain; a repeated holder (a cycle) is listed once
            i = todo.pop()
            if i not in holders:
                holders.append(i)
                todo += reversed(after[i])
        rows.append(SuccessionRow(org, canonical, tuple(holders)))
    rows.sort(key=lambda r: (g.entities[r.org].name, r.canonical, r.holders))
    return rows


@dataclass(frozen=True, slots=True)
class PersonRow:
    entity: int
    posts: tuple[PostRow, ...]
    events: int
    local: bool = False  # holds a post in a body of a page's home city or county

    def to_json(self) -> list[Any]:
        return [self.entity, [p.to_json() for p in self.posts], self.events, int(self.local)]


@dataclass(frozen=True, slots=True)
class EventRow:
    entity: int
    date: str
    date_end: str
    type: str
    organizers: tuple[str, ...]
    places: tuple[str, ...]
    participants: tuple[tuple[str, str, int], ...]  # (name, role, entity)

    def to_json(self) -> list[Any]:
        return [
            self.entity,
            self.date,
            self.date_end,
            self.type,
            list(self.organizers),
            list(self.places),
            [list(p) for p in self.participants],
        ]


def person_rows(
    entities: list[Entity],
    t: EdgeTables,
    dates: dict[str, str],
    homes: Iterable[str] = (),
    successions: Iterable[SuccessionRow] = (),
) -> list[PersonRow]:
    """Every person with its posts in time order (HOLDS_POST edges, then the titles printed
    without a body the graph could link to, which only the node keeps), its event count, and
    whether it is local: present in some article (a ``present`` mention on MENTIONED_IN: acting in
    the reported happening, not only referred to). Output of a build without mention types falls
    back on a post in a body whose name holds one of *homes* (the pages' home cities and counties,
    as 邯郸市 in 中共邯郸市委员会). A post carries its spell, its decisions and its row in
    *successions*."""
    homes = tuple(homes)
    succession = {(r.org, r.canonical): n for n, r in enumerate(successions)}
    rows = []
    for i, e in enumerate(entities):
        if e.label != NodeLabel.PERSON:
            continue
        posts = []
        for p in t.posts.get(i, []):
            first, last = p.first_seen, p.last_seen
            if not first or not last:
                lo, hi = _span(p.articles, dates)
                first, last = first or lo, last or hi
            posts.append(
                PostRow(
                    p.title,
                    p.canonical,
                    entities[p.org].name,
                    first,
                    last,
                    p.start,
                    p.start_by,
                    p.end,
                    p.end_by,
                    tuple(sorted(t.decisions.get((i, p.org, p.canonical), ()), key=lambda d: (d[1], d))),
                    succession.get((p.org, p.canonical), -1),
                )
            )
        linked = {title for p in t.posts.get(i, []) for title in p.titles} | {p.title for p in posts}
        # The node keeps no dates per title: a title without body has none.
        posts += [PostRow(x, "", "", "", "") for x in _str_list(e.props.get(Prop.TITLES)) if x not in linked]
        posts.sort(key=lambda r: (r.first or _NO_DATE, r.title, r.org))
        if t.present is not None:
            local = t.present[i] > 0
        else:
            local = any(h in p.org for p in posts for h in homes)
        rows.append(PersonRow(i, tuple(posts), t.person_events[i], local))
    return rows


def event_rows(entities: list[Entity], t: EdgeTables, dates: dict[str, str]) -> list[EventRow]:
    """Every event with its organizers, venues and participants, in date order."""
    rows = []
    for i, e in enumerate(entities):
        if e.label != NodeLabel.EVENT:
            continue
        date = e.props.get(Prop.DATE) or _span(_str_list(e.props.get(Prop.ARTICLES)), dates)[0]
        parts = sorted(set(t.participants.get(i, [])), key=lambda p: (entities[p[0]].name, p[1]))
        rows.append(
            EventRow(
                i,
                date or "",
                e.props.get(Prop.DATE_END) or "",
                str(e.props.get(Prop.TYPE) or ""),
                tuple(sorted({entities[o].name for o in t.organizers.get(i, [])})),
                tuple(sorted({entities[p].name for p in t.places.get(i, [])})),
                tuple((entities[p].name, role, p) for p, role in parts),
            )
        )
    rows.sort(key=lambda r: (r.date or _NO_DATE, entities[r.entity].name, entities[r.entity].id))
    return rows


def graph_edges(pairs: dict[tuple[int, int], Pair], ranked: list[int]) -> list[list[Any]]:
    """The edges among the network's nodes as [rank a, rank b, weight, mask], strongest first
    (role edges count as 1.5 extra articles), so the page draws any view's top edges as a prefix."""
    position = {i: r for r, i in enumerate(ranked)}
    return sorted(
        (
            [min(position[a], position[b]), max(position[a], position[b]), round(p.weight, 4), p.mask]
            + ([{str(bit): round(w, 4) for bit, w in sorted(p.ties.items())}] if p.ties else [])
            for (a, b), p in pairs.items()
            if a in position and b in position
        ),
        key=lambda e: (-(_strength(e) + (1.5 if e[3] & _ROLE_BITS else 0.0)), e[0], e[1]),
    )


def _strength(edge: list[Any]) -> float:
    """An edge's strongest weight, of co-occurrence or of any other tie (the fifth field)."""
    return max([edge[2], *edge[4].values()]) if len(edge) > 4 else edge[2]


def read_run_report(path: Path) -> dict[str, Any]:
    """``report.json`` of the build ({} when missing)."""
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: not valid JSON ({err.msg})") from err


def summary(g: GraphIndex, ev: Evidence, report: dict[str, Any], problems: int) -> dict[str, Any]:
    """The page's summary cards: inputs, entities by kind, the date range, rejected inputs, pages without a home."""
    persons = [e for e in g.entities if e.label == NodeLabel.PERSON]
    kinds = Counter(str(e.props.get(Prop.KIND) or "other") for e in persons)
    dates = sorted(ev.article_dates.values())
    return {
        "inputs": int(report.get("inputs") or len(ev.files)),
        "pages": int(report.get("pages") or ev.pages),
        "articles": int(report.get("articles") or ev.n_articles or len(g.articles)),
        "persons": len(persons),
        "officials": kinds.get("official", 0),
        "journalists": kinds.get("journalist", 0),
        "others": sum(v for k, v in kinds.items() if k not in ("official", "journalist")),
        "organizations": sum(e.label == NodeLabel.ORGANIZATION for e in g.entities),
        "places": sum(e.label == NodeLabel.PLACE for e in g.entities),
        "events": sum(e.label == NodeLabel.EVENT for e in g.entities),
        "date_first": dates[0] if dates else "",
        "date_last": dates[-1] if dates else "",
        "rejected": problems,
        # Pages whose home could not be determined (report.json lists them by file).
        "without_home": int((report.get("without_home") or {}).get("pages") or 0),
    }


def build_report_data(
    out_dir: Path,
    *,
    top_n: int = 500,
    max_nodes: int = 5000,
    max_edges: int = 50_000,
    evidence: int | None = None,
    evidence_rest: int | None = None,
    max_text: int | None = 20_000_000,
) -> dict[str, Any]:
    """Read a build's output folder and return the page's data (JSON-ready, deterministic).

    Parameters
    ----------
    out_dir
        Folder written by ``guanxi build``: ``nodes.jsonl``, ``edges.jsonl``, ``extractions.jsonl``
        and ``report.json`` (each optional; a missing file contributes nothing).
    top_n
        Network nodes shown when the page opens (highest degree first).
    max_nodes
        Network nodes embedded in the page; the reader can raise the shown number up to this.
    max_edges
        Edges among those nodes embedded in the page, strongest first.
    evidence, evidence_rest
        Provenance sentences kept per entity (one per article): *evidence* for network nodes and
        events, *evidence_rest* for the other entities; None keeps every article's.
    max_text
        Characters of full article text embedded in all (cited articles in order; None: no
        bound). An article beyond it has an empty text and the page points to ``extractions.jsonl``.

    Returns
    -------
    dict
        ``meta``, ``summary``, ``problems``, ``articles`` ([title, date, file], and for an article
        of a PDF page where it sat: see :func:`where`), ``sentences``
        ([article index, text]), ``entities``, ``persons``, ``successions``, ``events`` and ``graph``; see report.js.
    """
    out_dir = Path(out_dir)
    g = index_entities(_records(out_dir / "nodes.jsonl"))
    t = merge_edges(_records(out_dir / "edges.jsonl"), g)
    ranked = rank(g.entities, max_nodes)
    ev = collect_evidence(
        _read_extractions(out_dir / "extractions.jsonl"),
        g,
        set(ranked),
        evidence=evidence,
        evidence_rest=evidence_rest,
        max_text=max_text,
    )
    edges = graph_edges(t.pairs, ranked)
    successions = succession_rows(g, t)
    report = read_run_report(out_dir / "report.json")
    problems = [
        [str(p.get("path", "")), p.get("line"), str(p.get("reason", ""))]
        for p in (report.get("problems") or [])
        if isinstance(p, dict)
    ]
    return {
        "meta": {
            "top_n": min(top_n, len(ranked)),
            "max_nodes": len(ranked),
            "cap": max_nodes,
            "total_nodes": len(g.entities),
            "total_edges": t.count,
            "graph_edges": len(edges),
            "max_edges": min(len(edges), max(0, max_edges)),
            "evidence": evidence,
            "labels": [str(label) for label in ENTITY_LABELS],
            "edge_bits": {str(rel): bit for rel, bit in EDGE_BITS.items()},
            # The person-to-person ties the network selector offers: co-mention, then any other
            # weighted relationship the build wrote (bit -> relationship type).
            "ties": {str(_CO_OCCURS_BIT): str(RelType.CO_OCCURS)}
            | {str(b): r for r, b in t.tie_bits.items()},
        },
        "summary": summary(g, ev, report, len(problems)),
        "problems": problems[:_MAX_PROBLEMS],
        "articles": ev.articles,
        "texts": ev.texts,
        "sentences": ev.sentences,
        "entities": [e.row() for e in g.entities],
        "persons": [
            r.to_json() for r in person_rows(g.entities, t, ev.article_dates, sorted(ev.homes), successions)
        ],
        "successions": [r.to_json() for r in successions],
        "events": [r.to_json() for r in event_rows(g.entities, t, ev.article_dates)],
        "graph": {"nodes": ranked, "edges": edges[: max(0, max_edges)]},
    }
