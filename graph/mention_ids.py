"""Which graph entity each mention of ``extractions.jsonl`` is, by id: never by name similarity.

A build writes the mentions (``extractions.jsonl``) and the graph (``nodes.jsonl``,
``edges.jsonl``) but no table from one to the other. The ids are derived from what it writes,
with the keys the build itself resolves by (:mod:`guanxi.graph.resolve`):

- a place is ``stable_id("place", place_key(place, home))``;
- an organization is ``stable_id("org", {"name": article_org_key(canonical or name, home, ...)})``
  (a bare 县委 qualified by the one county its article names, else none), or,
  for a short company name merged onto its registered name, the organization that lists that
  key among its ``aliases``;
- a person is one of the Person nodes of its block (name, home, journalist or not): the only
  one, or the one of them the graph links to the article; a mention on a page without a home may
  be a person of its name with a home (the one it joined: :func:`~guanxi.graph.resolve.resolve_person_name`);
- an event is one of the Event nodes whose ``articles`` hold the article: the only one, or the
  one whose title has the mention's title key.

When the output has Article nodes, a mention resolves only to an entity the graph links to its
article (MENTIONED_IN, REPORTED, an event's ``articles``): an article the build did not count
(outside ``--since``/``--until``) gives no entity. A mention that stays ambiguous (two persons of
one block split by conflicting posts within one article, two events of one article with equal
title keys) resolves to none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from guanxi.extractors.home import named_counties
from guanxi.graph.resolve import (
    article_org_key,
    bare_county,
    describe_text,
    event_title_key,
    is_layout_marker,
    normalize_org,
    person_block,
    place_key,
)
from guanxi.graph.schema import NodeLabel, Prop

from guanxi.model import ArticleExtraction, Home, Place, Provenance, stable_id

__all__ = ["EntityIds", "Mention"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of an article extraction and the id of its entity (None: not in the graph)."""

    label: NodeLabel
    entity_id: str | None
    prov: tuple[Provenance, ...]


@dataclass(slots=True)
class EntityIds:
    """The graph's entities indexed by the keys mentions are resolved by; fill with
    :meth:`add_node` and :meth:`add_link`, then ask :meth:`mentions` per article."""

    ids: set[str] = field(default_factory=set)
    persons: dict[tuple[str, str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    # Persons by (name, role), every home: the candidates of a mention without a home.
    namesakes: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    org_aliases: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    events: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    linked: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    has_articles: bool = False
    # A name recurs in thousands of articles: its key and id are worked out once.
    _orgs: dict[tuple[str, Home], list[str]] = field(default_factory=dict, repr=False)
    _places: dict[tuple[Place, Home], str] = field(default_factory=dict, repr=False)

    def add_node(self, node_id: str, label: NodeLabel, props: dict[str, Any]) -> None:
        """Index one node (Article nodes only say that links to articles can be checked)."""
        if label == NodeLabel.ARTICLE:
            self.has_articles = True
            return
        self.ids.add(node_id)
        if label == NodeLabel.PERSON:
            role = "journalist" if props.get(Prop.KIND) == "journalist" else "person"
            name = str(props.get(Prop.NAME))
            self.persons[(name, str(props.get(Prop.HOME) or ""), role)].append(node_id)
            self.namesakes[(name, role)].append(node_id)
        elif label == NodeLabel.ORGANIZATION:
            for alias in props.get(Prop.ALIASES) or ():
                self.org_aliases[alias].append(node_id)
        elif label == NodeLabel.EVENT:
            tkey = event_title_key(str(props.get(Prop.TITLE) or ""))
            for article_id in props.get(Prop.ARTICLES) or ():
                self.events[article_id].append((node_id, tkey))
                self.linked[article_id].add(node_id)

    def add_link(self, entity_id: str, article_id: str) -> None:
        """Record that the graph links *entity_id* to *article_id* (MENTIONED_IN, REPORTED)."""
        self.linked[article_id].add(entity_id)

    def mentions(self, ax: ArticleExtraction, home: Home) -> Iterator[Mention]:
        """The mentions of one article extraction with their entity ids, in extraction order:
        persons, organizations, places, events."""
        aid = ax.article.article_id
        counties = cache(lambda: named_counties(ax.article.text, home))
        for p in ax.persons:
            block = person_block(p, home)
            found = self._one(aid, self.persons.get(block, ()))
            if found is None and not block[1]:  # joined to a person with a home, or ambiguous
                found = self._one(aid, self.namesakes.get((block[0], block[2]), ()))
            yield Mention(NodeLabel.PERSON, found, p.prov)
        for o in ax.organizations:
            yield Mention(
                NodeLabel.ORGANIZATION,
                self._one(aid, self._org(o.canonical or o.name, home, counties)),
                o.prov,
            )
        for pl in ax.places:
            plid = self._place(replace(pl, prov=()), home)
            yield Mention(NodeLabel.PLACE, self._one(aid, [plid] if plid in self.ids else ()), pl.prov)
        for ev in ax.events:
            yield Mention(NodeLabel.EVENT, self._event(aid, ev.title, ax.article.text), ev.prov)

    def _org(self, name: str, home: Home, counties: Callable[[], Sequence[str]]) -> list[str]:
        """The organization(s) of a printed or canonical name: the one its key in the article
        names (:func:`~guanxi.graph.resolve.article_org_key`), else those listing the key among
        their aliases; none for a body left unresolved."""
        found = self._orgs.get((name, home))
        if found is None:
            key = article_org_key(name, home, counties)
            if key is None:
                return []
            oid = stable_id("org", {"name": key})
            found = [oid] if oid in self.ids else self.org_aliases.get(key, [])
            if bare_county(normalize_org(name, home)) is None:  # the same in every article
                self._orgs[(name, home)] = found
        return found

    def _place(self, place: Place, home: Home) -> str:
        found = self._places.get((place, home))
        if found is None:
            found = self._places[(place, home)] = stable_id("place", place_key(place, home))
        return found

    def _one(self, article_id: str, candidates: Sequence[str]) -> str | None:
        """The one candidate (linked to the article, when links can be checked), else None.
        Candidates are distinct node ids."""
        if self.has_articles:
            linked = self.linked.get(article_id, ())
            candidates = [c for c in candidates if c in linked]
        return candidates[0] if len(candidates) == 1 else None

    def _event(self, article_id: str, title: str, text: str) -> str | None:
        events = self.events.get(article_id, [])
        if len(events) == 1:
            return events[0][0]
        # Several events in one article: the one named by this report's title key (a layout
        # mark such as 上接第一版 is titled by its text, as the build does).
        tkey = event_title_key(describe_text(text) if is_layout_marker(title) else title)
        return self._one(article_id, [e for e, k in events if k == tkey])
