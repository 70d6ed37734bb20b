"""Query builders of guanxi.graph.cypher: labels and types only from the schema enums."""

from __future__ import annotations

import pytest
from guanxi.graph import cypher
from guanxi.graph.schema import NodeLabel, RelType


def test_schema_statements_cover_every_label_and_are_idempotent() -> None:
    statements = cypher.schema_statements()
    assert len(statements) == 2 * len(NodeLabel) + 1
    assert all("IF NOT EXISTS" in s for s in statements)
    assert (
        "CREATE CONSTRAINT `guanxi_person_id` IF NOT EXISTS FOR (n:`Person`) REQUIRE n.id IS UNIQUE"
        in statements
    )
    assert "CREATE TEXT INDEX `guanxi_place_name` IF NOT EXISTS FOR (n:`Place`) ON (n.name)" in statements
    assert (
        "CREATE INDEX `guanxi_article_article_id` IF NOT EXISTS FOR (n:`Article`) ON (n.article_id)"
        in statements
    )


def test_merge_queries_take_data_only_as_parameters() -> None:
    q = cypher.merge_nodes(NodeLabel.ORGANIZATION)
    assert q.startswith("UNWIND $rows AS row\nMERGE (n:`Organization` {id: row.id})\n")
    assert "ON CREATE SET n += row.props, n += row.merge, n += row.lists\n" in q
    assert "ON MATCH SET n += row.props," in q and q.endswith("RETURN count(*) AS rows")
    # Merge rules, not overwrites: provenance united, first seen the minimum, last seen the maximum.
    assert "n.articles + row.lists.articles" in q
    assert "n.first_seen = CASE WHEN row.merge.first_seen IS NULL OR n.first_seen < row.merge.first_seen" in q
    assert "n.last_seen = CASE WHEN row.merge.last_seen IS NULL OR n.last_seen > row.merge.last_seen" in q
    assert "'" not in q and '"' not in q  # no literal values: everything is a parameter
    q = cypher.merge_relationships(RelType.HOLDS_POST, NodeLabel.PERSON, NodeLabel.ORGANIZATION)
    assert "MATCH (s:`Person` {id: row.source})" in q
    assert "MATCH (t:`Organization` {id: row.target})" in q
    assert "MERGE (s)-[r:`HOLDS_POST` {id: row.id}]->(t)" in q


def test_merge_queries_merge_only_the_rule_keys_the_rows_carry() -> None:
    rows = [
        cypher.split_row({"name": "甲", "mentions": 2, "aliases": ["乙"]}),
        cypher.split_row({"name": "丙", "first_seen": "2024-01-01"}),
    ]
    keys = cypher.rule_keys(rows)
    assert keys == {"mentions", "aliases", "first_seen"}
    q = cypher.merge_nodes(NodeLabel.PERSON, keys)
    assert "n.mentions = CASE" in q and "n.first_seen = CASE" in q and "n.aliases = CASE" in q
    assert "last_seen" not in q and "n.articles" not in q and "titles" not in q
    full = cypher.merge_nodes(NodeLabel.PERSON)
    assert len(q) < len(full) and "n.titles = CASE" in full
    bare = cypher.merge_relationships(RelType.PART_OF, NodeLabel.PLACE, NodeLabel.PLACE, keys=())
    assert "ON MATCH SET r += row.props\nRETURN count(*) AS rows" in bare


def test_split_row_puts_rule_keys_apart() -> None:
    row = cypher.split_row(
        {
            "name": "甲",
            "articles": ["a:2", "a:1"],
            "mentions": 3,
            "first_seen": "2024-01-01",
            "titles": ("x",),
        }
    )
    assert row == {
        "props": {"name": "甲"},
        "merge": {"mentions": 3, "first_seen": "2024-01-01"},
        "lists": {"articles": ["a:2", "a:1"], "titles": ["x"]},
    }
    assert cypher.split_row({"articles": 4})["merge"] == {"articles": 4}  # a count, not a list


@pytest.mark.parametrize("bad", ["Person", "Person`) DETACH DELETE (x", None])
def test_labels_outside_the_enums_are_refused(bad) -> None:
    with pytest.raises(TypeError):
        cypher.merge_nodes(bad)
    with pytest.raises(TypeError):
        cypher.merge_relationships(bad, NodeLabel.PERSON, NodeLabel.PLACE)
    with pytest.raises(TypeError):
        cypher.merge_relationships(RelType.HELD_AT, NodeLabel.EVENT, bad)


def test_quote_doubles_backticks() -> None:
    assert cypher.quote("a`b") == "`a``b`"
