"""The graph schema: the closed sets of node labels and relationship types, and the node/edge records.

Everything that leaves the graph module (GraphML, GEXF, node-link JSON, neo4j-admin CSV, Neo4j
loads, the report page) is written from :class:`GraphNode` and :class:`GraphEdge` records.
Labels and relationship types come only from these enums, never from data. See docs/schema.md.

Property values are JSON-ready scalars (str, int, float, bool) or tuples of one scalar type;
``None`` values are left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from guanxi.model import stable_id

__all__ = ["GraphEdge", "GraphNode", "NodeLabel", "Prop", "RelType", "clean_props", "edge_id"]


class NodeLabel(StrEnum):
    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"
    EVENT = "Event"
    ARTICLE = "Article"


class RelType(StrEnum):
    HOLDS_POST = "HOLDS_POST"  # Person -> Organization
    PARTICIPATED_IN = "PARTICIPATED_IN"  # Person -> Event (role)
    ORGANIZED = "ORGANIZED"  # Organization -> Event
    HELD_AT = "HELD_AT"  # Event -> Place
    LOCATED_IN = "LOCATED_IN"  # Organization -> Place
    PART_OF = "PART_OF"  # Place -> Place, Organization -> Organization
    MENTIONED_IN = "MENTIONED_IN"  # entity -> Article (count)
    REPORTED = "REPORTED"  # journalist Person -> Article
    APPOINTED = "APPOINTED"  # Person -> Organization (action, date, decided_by)
    PRECEDED = "PRECEDED"  # Person -> Person: the previous holder of a single-holder post
    CO_OCCURS = "CO_OCCURS"  # between Person/Organization/Place, undirected, stored source < target
    CO_ATTENDED = "CO_ATTENDED"  # Person - Person: the same event, undirected, source < target
    SERVED_WITH = "SERVED_WITH"  # Person - Person: posts in one organization at overlapping times


class Prop(StrEnum):
    """Property names of nodes and relationships (the tables of docs/schema.md): code that reads
    a property reads it under one of these names, never a guessed spelling."""

    NAME = "name"
    TITLE = "title"  # Event, Article; HOLDS_POST: the most frequent title as printed
    TITLES = "titles"  # Person, HOLDS_POST: every title as printed
    KIND = "kind"  # Person: official | journalist | other; Article: news, photo...
    TYPE = "type"  # Organization, Event
    LEVEL = "level"  # Place
    CODE = "code"  # Place: official division code
    HOME = "home"
    CORRECTED = "corrected"  # Person: line numbers of the hand corrections that made or changed it
    ALIASES = "aliases"  # Organization, Place: names as printed
    ARTICLES = "articles"  # Person/Organization/Place: a count; Event and every edge: article ids
    ARTICLE_ID = "article_id"  # Article
    DATE = "date"
    DATE_END = "date_end"
    FIRST_SEEN = "first_seen"
    LAST_SEEN = "last_seen"
    CANONICAL = "canonical"  # HOLDS_POST
    ROLE = "role"  # PARTICIPATED_IN: the leading role
    WEIGHT = "weight"  # CO_OCCURS: articles; CO_ATTENDED: events; SERVED_WITH: organizations
    PRESENT = "present"  # MENTIONED_IN of a Person: mentions acting in the reported happening
    ROLES = "roles"  # PARTICIPATED_IN: every role; CO_ATTENDED: role pairs (source/target)
    EVENTS = "events"  # CO_ATTENDED: event ids
    ORGANIZATIONS = "organizations"  # SERVED_WITH: organization ids
    # Post spells (HOLDS_POST; PRECEDED: the predecessor's end, the successor's start)
    START = "start"
    START_BY = "start_by"  # appointment | first_seen
    END = "end"
    END_BY = "end_by"  # removal | last_seen | appointment
    # Coded posts (HOLDS_POST; LEVEL as for Place)
    DIVISION_CODE = "division_code"
    BODY_TYPE = "body_type"
    POSITION_CLASS = "position_class"
    PRINCIPAL = "principal"
    RANK = "rank"
    SINGLE = "single"  # a principal post with one holder at a time
    # APPOINTED
    ACTION = "action"  # appointed | removed | resigned | proposed | elected
    DECIDED_BY = "decided_by"
    ORGANIZATION = "organization"  # PRECEDED: the organization id of the post


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A node: stable ``id`` (``kind:sha1``), one label, and its properties."""

    id: str
    label: NodeLabel
    properties: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": str(self.label), "properties": self.properties}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GraphNode:
        return cls(d["id"], NodeLabel(d["label"]), dict(d.get("properties") or {}))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """A relationship: stable ``id``, type, source and target node ids, and its properties.

    Every edge carries provenance in ``properties["articles"]`` (a tuple of article ids).
    """

    id: str
    type: RelType
    source: str
    target: str
    properties: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": str(self.type),
            "source": self.source,
            "target": self.target,
            "properties": self.properties,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GraphEdge:
        return cls(d["id"], RelType(d["type"]), d["source"], d["target"], dict(d.get("properties") or {}))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def edge_id(rel: RelType | str, source: str, target: str, key: Any = None) -> str:
    """Stable id of an edge: its type, ends and the key that tells parallel edges apart."""
    data: dict[str, Any] = {"type": str(rel), "source": source, "target": target}
    if key is not None:
        data["key"] = key
    return stable_id("edge", data)


def clean_props(props: dict[str, Any]) -> dict[str, Any]:
    """Drop None and empty tuples: exports never see a missing value."""
    return {k: v for k, v in props.items() if v is not None and v != ()}
