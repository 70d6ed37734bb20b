"""Cypher for loading the knowledge graph into Neo4j: query builders only, no driver.

Labels and relationship types come only from :class:`~guanxi.graph.schema.NodeLabel` and
:class:`~guanxi.graph.schema.RelType` members (anything else raises ``TypeError``), so no text from
the data ever reaches a query; all data travels as parameters (``$rows``).

Every write is a ``MERGE`` on a stable id, so loading the same graph twice leaves the database as
after the first load.
"""

from __future__ import annotations

from guanxi.graph.schema import NodeLabel, RelType

__all__ = [
    "ID_INDEX_MAX_BYTES",
    "NAME_INDEX_MAX_BYTES",
    "constraint_statements",
    "index_statements",
    "merge_nodes",
    "merge_relationships",
    "quote",
    "schema_statements",
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


def schema_statements() -> tuple[str, ...]:
    """Constraints, then indexes; each is idempotent (``IF NOT EXISTS``)."""
    return constraint_statements() + index_statements()


def merge_nodes(label: NodeLabel) -> str:
    """Merge a batch of nodes of LABEL.

    Parameters: ``$rows``, a list of ``{"id": str, "props": map}``. ``props`` must not hold ``id``.
    Returns one record with ``rows``, the number of rows merged.
    """
    return (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{_label(label)} {{id: row.id}})\n"
        "SET n += row.props\n"
        "RETURN count(*) AS rows"
    )


def merge_relationships(rel_type: RelType, source: NodeLabel, target: NodeLabel) -> str:
    """Merge a batch of REL_TYPE relationships from SOURCE-labelled to TARGET-labelled nodes.

    A relationship is identified by (source id, target id, type, its ``id`` property). Parameters:
    ``$rows``, a list of ``{"id": str, "source": str, "target": str, "props": map}``. Rows whose
    endpoints are missing produce nothing; ``rows`` in the returned record counts the merged ones.
    """
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (s:{_label(source)} {{id: row.source}})\n"
        f"MATCH (t:{_label(target)} {{id: row.target}})\n"
        f"MERGE (s)-[r:{_rel_type(rel_type)} {{id: row.id}}]->(t)\n"
        "SET r += row.props\n"
        "RETURN count(*) AS rows"
    )
