"""Cypher for loading the knowledge graph into Neo4j: query builders only, no driver.

Labels and relationship types come only from :class:`~guanxi.graph.schema.NodeLabel` and
:class:`~guanxi.graph.schema.RelType` members (anything else raises ``TypeError``), so no text from
the data ever reaches a query; all data travels as parameters (``$rows``).

Every write is a ``MERGE`` on a stable id, so loading the same graph twice leaves the database as
after the first load. A record already in the database is merged with the incoming one instead of
overwritten (see :func:`merge_nodes`), so loading a second, overlapping corpus unites provenance.
A change-only load (:mod:`guanxi.graph.neo4j_diff`) instead replaces the properties of what
changed (:func:`replace_nodes`) and deletes what is gone (:func:`delete_nodes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from guanxi.graph.schema import NodeLabel, RelType

__all__ = [
    "ID_INDEX_MAX_BYTES",
    "MAX_KEYS",
    "MIN_KEYS",
    "NAME_INDEX_MAX_BYTES",
    "PAIRED_KEYS",
    "UNION_KEYS",
    "article_id_index_statement",
    "constraint_statements",
    "delete_nodes",
    "delete_relationships",
    "index_statements",
    "merge_nodes",
    "merge_relationships",
    "quote",
    "replace_nodes",
    "replace_relationships",
    "rule_keys",
    "schema_statements",
    "split_row",
]


def quote(name: str) -> str:
    """A Cypher identifier in backticks (a backtick inside is doubled)."""
    return "`" + name.replace("`", "``") + "`"


def _label(label: NodeLabel) -> str:
    if not isinstance(label, NodeLabel):
        raise TypeError(f"node label must be a NodeLabel member, got {label!r}")
    return quote(label.value)


def _rel_type(rel_type: RelType) -> str:
    if not isinstance(rel_type, RelType):
        raise TypeError(f"relationship type must be a RelType member, got {rel_type!r}")
    return quote(rel_type.value)


def _snake(label: NodeLabel) -> str:
    return label.value.lower()


def constraint_statements() -> tuple[str, ...]:
    """One uniqueness constraint on ``id`` per node label (it also gives the index MERGE looks up)."""
    return tuple(
        f"CREATE CONSTRAINT {quote('guanxi_' + _snake(label) + '_id')} IF NOT EXISTS "
        f"FOR (n:{_label(label)}) REQUIRE n.id IS UNIQUE"
        for label in NodeLabel
    )


NAME_INDEX_MAX_BYTES = 32766
"""Longest ``name`` (UTF-8 bytes) the text index takes; a longer value fails the whole write."""

ID_INDEX_MAX_BYTES = 8164
"""Longest string ``id`` (UTF-8 bytes) the range index behind the uniqueness constraint takes."""


def index_statements() -> tuple[str, ...]:
    """One text index on ``name`` per node label: equality, ``STARTS WITH`` and ``CONTAINS`` lookups.

    A text index, not a range one: a range index refuses strings over 8164 bytes (2,700 Chinese
    characters), a text index takes up to 32766 bytes; and ``CONTAINS`` suits Chinese names.
    """
    return tuple(
        f"CREATE TEXT INDEX {quote('guanxi_' + _snake(label) + '_name')} IF NOT EXISTS "
        f"FOR (n:{_label(label)}) ON (n.name)"
        for label in NodeLabel
    )


def article_id_index_statement() -> str:
    """A range index on ``Article.article_id``: the id of the source article record, which other
    outputs (articles.jsonl, extractions.jsonl) use, so a lookup from them needs no scan."""
    return (
        f"CREATE INDEX {quote('guanxi_article_article_id')} IF NOT EXISTS "
        f"FOR (n:{_label(NodeLabel.ARTICLE)}) ON (n.article_id)"
    )


def schema_statements() -> tuple[str, ...]:
    """Constraints, then indexes; each is idempotent (``IF NOT EXISTS``)."""
    return constraint_statements() + index_statements() + (article_id_index_statement(),)


MIN_KEYS = ("first_seen", "start")
"""Properties merged as the smaller of the stored and incoming value (ISO dates compare as text)."""

MAX_KEYS = (
    "last_seen",
    "end",
    "articles",
    "count",
    "mentions",
    "npmi",
    "reports",
    "sentences",
    "weight",
    "window",
)
"""Properties merged as the larger of the stored and incoming value: the last date, and counts.
A count of an overlapping corpus is not the sum (that would count the overlap twice): the larger
one is a lower bound that reloading either corpus leaves unchanged. ``npmi`` is a statistic of a
whole corpus that no merge can recompute; it too keeps the larger value, so the result does not
depend on the order of the loads. ``articles`` is a count on Person/Organization/Place nodes; a
*list* of article ids is in :data:`UNION_KEYS`."""

PAIRED_KEYS = {
    "start_by": ("start", "<"),
    "end_by": ("end", ">"),
    "first_article": ("first_seen", "<"),
    "last_article": ("last_seen", ">"),
}
"""How a spell's start or end is known travels with its date (HOLDS_POST): the pair (date, how)
of the smaller start and of the larger end is kept, a tie on the date going to the smaller
(``appointment`` before ``first_seen``) or larger (``removal`` after ``last_seen``) kind. So do
the articles that date a sighting span (HOLDS_POST, SERVED_WITH): the first article of the first
day, the last of the last day."""

UNION_KEYS = ("aliases", "articles", "reporters", "roles", "titles")
"""List properties merged as the sorted union of the stored and incoming lists (``row.lists``).
An incoming list already contained in the stored one leaves it as it is (order included)."""


def _union(v: str, key: str) -> str:
    # Sorted union without APOC or a subquery: an insertion sort by reduce() (these lists are
    # short). A new value is taken as is; one already contained keeps the stored list.
    new = f"row.lists.{key}"
    return (
        f"CASE WHEN {v}.{key} IS NULL THEN {new} "
        f"WHEN all(a IN {new} WHERE a IN {v}.{key}) THEN {v}.{key} "
        f"ELSE reduce(acc = [], x IN {v}.{key} + {new} | CASE WHEN x IN acc THEN acc "
        "ELSE [y IN acc WHERE y < x] + [x] + [y IN acc WHERE y > x] END) END"
    )


def _merge_tail(v: str, keys: frozenset[str] | None) -> str:
    """``ON CREATE``/``ON MATCH`` of the ``MERGE`` of V: a new record takes the row as is, an
    existing one merges it. Rule keys travel apart from ``row.props`` (in ``row.merge`` and
    ``row.lists``), so no item reads a property another item writes. A comparison with a missing
    value is null, so each CASE falls to the value present. Only the rule keys in KEYS (all if
    None) get a CASE: for the others the rows carry nothing to merge.
    """

    def wanted(k: str) -> bool:
        return keys is None or k in keys

    # First, while the stored dates are unchanged: the kind of the date that wins.
    sets = [
        f"{v}.{k} = CASE WHEN row.merge.{d} IS NULL THEN {v}.{k} "
        f"WHEN {v}.{d} IS NULL OR row.merge.{d} {op} {v}.{d} "
        f"OR (row.merge.{d} = {v}.{d} AND row.merge.{k} {op} {v}.{k}) THEN row.merge.{k} ELSE {v}.{k} END"
        for k, (d, op) in PAIRED_KEYS.items()
        if wanted(k)
    ]
    sets += [
        f"{v}.{k} = CASE WHEN row.merge.{k} IS NULL OR {v}.{k} < row.merge.{k} THEN {v}.{k} "
        f"ELSE row.merge.{k} END"
        for k in MIN_KEYS
        if wanted(k)
    ]
    for k in filter(wanted, MAX_KEYS):
        larger = (
            f"CASE WHEN row.merge.{k} IS NULL OR {v}.{k} > row.merge.{k} THEN {v}.{k} ELSE row.merge.{k} END"
        )
        if k in UNION_KEYS:  # articles: a list is united, a count takes the larger value
            sets.append(
                f"{v}.{k} = CASE WHEN row.lists.{k} IS NOT NULL THEN {_union(v, k)} ELSE {larger} END"
            )
        else:
            sets.append(f"{v}.{k} = {larger}")
    sets += [
        f"{v}.{k} = CASE WHEN row.lists.{k} IS NULL THEN {v}.{k} ELSE {_union(v, k)} END"
        for k in UNION_KEYS
        if k not in MAX_KEYS and wanted(k)
    ]
    return (
        f"ON CREATE SET {v} += row.props, {v} += row.merge, {v} += row.lists\n"
        f"ON MATCH SET " + ",\n    ".join([f"{v} += row.props", *sets]) + "\n"
    )


def split_row(props: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """PROPS as the ``props``, ``merge`` and ``lists`` maps the merge queries take."""
    lists = {k: v for k, v in props.items() if k in UNION_KEYS and isinstance(v, list | tuple)}
    merge = {
        k: v for k, v in props.items() if (k in MIN_KEYS + MAX_KEYS or k in PAIRED_KEYS) and k not in lists
    }
    plain = {k: v for k, v in props.items() if k not in lists and k not in merge}
    return {"props": plain, "merge": merge, "lists": {k: list(v) for k, v in lists.items()}}


def rule_keys(rows: Iterable[dict[str, Any]]) -> frozenset[str]:
    """The :data:`MIN_KEYS`, :data:`MAX_KEYS` and :data:`UNION_KEYS` that ROWS (as made by
    :func:`split_row`) carry: pass them as ``keys`` to the merge queries for a shorter query."""
    return frozenset(k for row in rows for part in ("merge", "lists") for k in row[part])


def merge_nodes(label: NodeLabel, keys: Iterable[str] | None = None) -> str:
    """Merge a batch of nodes of LABEL.

    Parameters: ``$rows``, a list of ``{"id": str, "props": map, "merge": map, "lists": map}``:
    the lists of :data:`UNION_KEYS` in ``lists``, the other values of :data:`MIN_KEYS` and
    :data:`MAX_KEYS` in ``merge``, every other property in ``props`` (never ``id``); see
    :func:`split_row`. Returns one record with ``rows``, the number of rows merged.

    A new node takes the row as is. On an existing node: :data:`UNION_KEYS` lists become the
    sorted union, :data:`MIN_KEYS` keep the smaller and :data:`MAX_KEYS` the larger value, any
    other incoming property replaces the stored one, and properties the row lacks stay. Merging
    the same row again changes nothing, and the result of two rows does not depend on their order
    as long as their other properties agree.

    KEYS, when given, are the rule keys the rows may carry (see :func:`rule_keys`): the query
    merges only those, which makes it shorter to plan and to run (a rule key outside KEYS is
    ignored on an existing node).
    """
    return (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{_label(label)} {{id: row.id}})\n"
        + _merge_tail("n", _keys(keys))
        + "RETURN count(*) AS rows"
    )


def _keys(keys: Iterable[str] | None) -> frozenset[str] | None:
    return None if keys is None else frozenset(keys)


def merge_relationships(
    rel_type: RelType, source: NodeLabel, target: NodeLabel, keys: Iterable[str] | None = None
) -> str:
    """Merge a batch of REL_TYPE relationships from SOURCE-labelled to TARGET-labelled nodes.

    A relationship is identified by (source id, target id, type, its ``id`` property). Parameters:
    ``$rows``, a list of ``{"id": str, "source": str, "target": str, "props": map, "merge": map,
    "lists": map}``. Rows whose endpoints are missing produce nothing; ``rows`` in the returned record counts
    the merged ones. Properties merge as in :func:`merge_nodes`. Both endpoints are matched with
    their label, so the lookups are seeks in the uniqueness-constraint index. KEYS as in
    :func:`merge_nodes`.
    """
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (s:{_label(source)} {{id: row.source}})\n"
        f"MATCH (t:{_label(target)} {{id: row.target}})\n"
        f"MERGE (s)-[r:{_rel_type(rel_type)} {{id: row.id}}]->(t)\n"
        + _merge_tail("r", _keys(keys))
        + "RETURN count(*) AS rows"
    )


def _per_row(*clauses: str) -> str:
    """A batch query: CLAUSES for each row of ``$rows``, then how many rows went through."""
    return "\n".join(("UNWIND $rows AS row", *clauses, "RETURN count(*) AS rows"))


def replace_nodes(label: NodeLabel) -> str:
    """Write a batch of nodes of LABEL with exactly the properties given: a change-only load.

    Parameters: ``$rows``, a list of ``{"id": str, "props": map}``, ``props`` holding every
    property *and* ``id``. A new node is created; an existing one gets ``props`` as its whole
    property map (``SET n = ...``: a property the row lacks is removed, counts and ``npmi`` are
    the row's, not merged). Returns one record with ``rows``.
    """
    return _per_row(f"MERGE (n:{_label(label)} {{id: row.id}})", "SET n = row.props")


def replace_relationships(rel_type: RelType, source: NodeLabel, target: NodeLabel) -> str:
    """Write a batch of REL_TYPE relationships with exactly the properties given.

    Parameters: ``$rows``, a list of ``{"id": str, "source": str, "target": str, "props": map}``,
    ``props`` with ``id``; ends and identity as in :func:`merge_relationships`, properties
    replaced as in :func:`replace_nodes`.
    """
    return _per_row(
        f"MATCH (s:{_label(source)} {{id: row.source}})",
        f"MATCH (t:{_label(target)} {{id: row.target}})",
        f"MERGE (s)-[r:{_rel_type(rel_type)} {{id: row.id}}]->(t)",
        "SET r = row.props",
    )


def delete_nodes(label: NodeLabel) -> str:
    """Delete the nodes of LABEL whose ids are in ``$rows`` (``{"id": str}``), with their relationships.

    Returns one record with ``rows``, the number of nodes found and deleted (an id not in the
    database is no error: deleting twice is deleting once).
    """
    return _per_row(f"MATCH (n:{_label(label)} {{id: row.id}})", "DETACH DELETE n")


def delete_relationships(rel_type: RelType, source: NodeLabel, target: NodeLabel) -> str:
    """Delete REL_TYPE relationships given as ``$rows`` of ``{"id", "source", "target"}``.

    The source is a seek in its id index, then its REL_TYPE relationships to the target are
    filtered by ``id`` (relationships have no index). Returns ``rows``, the number deleted.
    """
    return _per_row(
        f"MATCH (s:{_label(source)} {{id: row.source}})-[r:{_rel_type(rel_type)} {{id: row.id}}]->"
        f"(t:{_label(target)} {{id: row.target}})",
        "DELETE r",
    )
