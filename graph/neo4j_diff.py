"""Change-only loads: send Neo4j only what changed since the recorded load of an output folder.

A load that leaves the database holding exactly the graph of ``OUT`` records it, in two places:

- the **manifest** beside the folder, ``.OUT.neo4j-load.json.gz`` (not inside it: a build replaces
  the folder whole and refuses one holding files it did not write): every node's id, label and a
  hash of its properties, every relationship's id, type, ends and hash, the ``input_paths`` of
  ``OUT/report.json`` and a random token;
- the **marker** in the database, one node ``(:GuanxiLoad {id: "guanxi-load", token: ...})``.

The next load of ``OUT`` into a database whose marker carries the manifest's token, from a folder
whose inputs start with the recorded ones (the same graph, grown by ``build --update``), compares
the export with the manifest and writes only the difference (:func:`diff`): deletes what is gone
(the facts of a replaced page), replaces the properties of what changed (``SET n = ...``: counts and
``npmi`` become the new ones) and creates what is new. Anything else is a full load, which merges
(:meth:`Neo4jLoader.merge_plan`) and is recorded only when the database held no guanxi data before.

Crash safety: before writing, the manifest is rewritten with every record about to change marked
unknown (no hash) under the database's current token, so a rerun after an interruption sends
those again. Then the final manifest gets a new token (and names the old one as ``previous``),
then the marker takes the new token; a manifest whose ``previous`` is the marker's token is
valid too (the writes were done, only the marker was not updated).
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guanxi.graph import cypher
from guanxi.graph.neo4j import (
    Batch,
    LoadReport,
    Neo4jLoader,
    Prepared,
    Progress,
    add_batches,
    group_order,
    prepare,
)
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType
from neo4j import Driver

from guanxi.model import Problem
from guanxi.outputs import atomic_path

__all__ = [
    "MARKER_LABEL",
    "Changes",
    "Manifest",
    "diff",
    "load_out",
    "manifest_path",
    "read_marker",
    "remove_marker",
]

MARKER_LABEL = "GuanxiLoad"
"""The label of the one node that says which recorded load the database holds."""

MARKER_ID = "guanxi-load"
FORMAT = "guanxi-neo4j-load/1"

NodeEntry = tuple[str, str | None]
"""A node in a manifest: (label, hash of its properties); hash None: unknown, sent again."""
EdgeEntry = tuple[str, str, str, str | None]
"""A relationship: (type, source id, target id, hash of end labels and properties)."""


def manifest_path(out_dir: str | Path) -> Path:
    """Where the manifest of OUT_DIR's loads is kept: ``.NAME.neo4j-load.json.gz`` beside it."""
    target = Path(os.path.realpath(out_dir))
    return target.with_name(f".{target.name}.neo4j-load.json.gz")


def _digest(value: Any) -> str:
    blob = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]


def entries(prepared: Prepared) -> tuple[dict[str, NodeEntry], dict[str, EdgeEntry]]:
    """The manifest entries of the rows PREPARED would write."""
    nodes = {
        r["id"]: (label.value, _digest(r["props"])) for label, rows in prepared.nodes.items() for r in rows
    }
    edges = {
        r["id"]: (rel.value, r["source"], r["target"], _digest([src.value, tgt.value, r["props"]]))
        for (rel, src, tgt), rows in prepared.edges.items()
        for r in rows
    }
    return nodes, edges


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a load left in the database (see the module docstring)."""

    token: str
    nodes: dict[str, NodeEntry]
    edges: dict[str, EdgeEntry]
    input_paths: tuple[str, ...] | None = None
    previous: str | None = None
    complete: bool = True
    database: str = ""

    def holds_in(self, marker: str | None) -> bool:
        """Whether a database whose marker carries MARKER holds what this manifest lists."""
        return marker is not None and (marker == self.token or (self.complete and marker == self.previous))

    def write(self, path: Path) -> None:
        data = {
            "format": FORMAT,
            "token": self.token,
            "previous": self.previous,
            "complete": self.complete,
            "database": self.database,
            "input_paths": None if self.input_paths is None else list(self.input_paths),
            "nodes": [[i, *self.nodes[i]] for i in sorted(self.nodes)],
            "relationships": [[i, *self.edges[i]] for i in sorted(self.edges)],
        }
        with atomic_path(path) as tmp, gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """The manifest at PATH; ValueError or OSError when it cannot be read."""
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        try:
            paths = data["input_paths"]
            return cls(
                token=str(data["token"]),
                nodes={i: (label, h) for i, label, h in data["nodes"]},
                edges={i: (t, s, g, h) for i, t, s, g, h in data["relationships"]},
                input_paths=None if paths is None else tuple(paths),
                previous=data.get("previous"),
                complete=bool(data.get("complete")),
                database=str(data.get("database", "")),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"damaged ({type(e).__name__}: {e})") from e


@dataclass(frozen=True, slots=True)
class Changes:
    """What a change-only load writes: rows of :class:`Prepared` to write, ids to delete."""

    nodes: dict[NodeLabel, list[dict[str, Any]]]
    edges: dict[tuple[RelType, NodeLabel, NodeLabel], list[dict[str, Any]]]
    deleted_nodes: dict[NodeLabel, list[dict[str, Any]]]
    deleted_edges: dict[tuple[RelType, NodeLabel, NodeLabel], list[dict[str, Any]]]

    @property
    def size(self) -> int:
        parts = (self.nodes, self.edges, self.deleted_nodes, self.deleted_edges)
        return sum(len(rows) for part in parts for rows in part.values())

    def ids(self) -> tuple[set[str], set[str]]:
        """Node ids and relationship ids this load touches."""
        nodes = {r["id"] for part in (self.nodes, self.deleted_nodes) for rows in part.values() for r in rows}
        edges = {r["id"] for part in (self.edges, self.deleted_edges) for rows in part.values() for r in rows}
        return nodes, edges

    def plan(self, loader: Neo4jLoader) -> list[Batch]:
        """The batches: relationships deleted, nodes deleted, nodes written, relationships written."""
        plan: list[Batch] = []
        node_size, rel_size = loader.batch_size, loader.relationship_batch_size
        for key in sorted(self.deleted_edges, key=group_order):
            rows = [
                {"id": r["id"], "source": r["source"], "target": r["target"]} for r in self.deleted_edges[key]
            ]
            add_batches(
                plan, "relationships deleted", 0, key, cypher.delete_relationships(*key), rows, rel_size
            )
        for label in sorted(self.deleted_nodes, key=group_order):
            rows = [{"id": r["id"]} for r in self.deleted_nodes[label]]
            add_batches(plan, "nodes deleted", 1, label, cypher.delete_nodes(label), rows, node_size)
        for label in sorted(self.nodes, key=group_order):
            rows = [{**r, "props": {"id": r["id"], **r["props"]}} for r in self.nodes[label]]
            add_batches(plan, "nodes", 2, label, cypher.replace_nodes(label), rows, node_size)
        for key in sorted(self.edges, key=group_order):
            rows = [{**r, "props": {"id": r["id"], **r["props"]}} for r in self.edges[key]]
            add_batches(plan, "relationships", 3, key, cypher.replace_relationships(*key), rows, rel_size)
        return plan


def diff(
    old: Manifest, prepared: Prepared, nodes: dict[str, NodeEntry], edges: dict[str, EdgeEntry]
) -> Changes:
    """What turns a database holding OLD into one holding PREPARED (whose entries are NODES, EDGES).

    A record is written when it is new, its hash differs or is unknown; deleted when it is gone,
    or its label (a relationship: its type or ends) changed, so it is written anew.
    """
    write_nodes: dict[NodeLabel, list[dict[str, Any]]] = {}
    for label, rows in prepared.nodes.items():
        changed = [r for r in rows if old.nodes.get(r["id"]) != nodes[r["id"]]]
        if changed:
            write_nodes[label] = changed
    write_edges: dict[tuple[RelType, NodeLabel, NodeLabel], list[dict[str, Any]]] = {}
    for key, rows in prepared.edges.items():
        changed = [r for r in rows if old.edges.get(r["id"]) != edges[r["id"]]]
        if changed:
            write_edges[key] = changed

    gone_nodes: dict[NodeLabel, list[dict[str, Any]]] = defaultdict(list)
    for i, (label, _) in sorted(old.nodes.items()):
        if i not in nodes or nodes[i][0] != label:
            gone_nodes[NodeLabel(label)].append({"id": i})
    gone_edges: dict[tuple[RelType, NodeLabel, NodeLabel], list[dict[str, Any]]] = defaultdict(list)
    for i, (rel, source, target, _) in sorted(old.edges.items()):
        new = edges.get(i)
        if new is not None and new[:3] == (rel, source, target):
            continue
        if source not in old.nodes or target not in old.nodes:
            continue  # never written: its ends were not in that load
        key = (RelType(rel), NodeLabel(old.nodes[source][0]), NodeLabel(old.nodes[target][0]))
        gone_edges[key].append({"id": i, "source": source, "target": target})
    return Changes(write_nodes, write_edges, dict(gone_nodes), dict(gone_edges))


# --- the marker in the database --------------------------------------------------------------


def read_marker(driver: Driver, database: str) -> str | None:
    """The token of the recorded load the database holds; None without a marker."""
    query = f"MATCH (m:{cypher.quote(MARKER_LABEL)} {{id: $id}}) RETURN m.token AS token"
    records = driver.execute_query(query, id=MARKER_ID, database_=database).records
    return records[0]["token"] if records else None


def _set_marker(driver: Driver, database: str, token: str, out_dir: str | Path) -> None:
    query = (
        f"MERGE (m:{cypher.quote(MARKER_LABEL)} {{id: $id}}) "
        "SET m.token = $token, m.out = $out, m.loaded_at = toString(datetime())"
    )
    driver.execute_query(query, id=MARKER_ID, token=token, out=str(out_dir), database_=database)


def remove_marker(driver: Driver, database: str) -> None:
    """Forget the recorded load: the next load is a full one."""
    query = f"MATCH (m:{cypher.quote(MARKER_LABEL)}) DELETE m"
    driver.execute_query(query, database_=database)


def _holds_guanxi_data(driver: Driver, database: str) -> bool:
    for label in NodeLabel:
        query = f"MATCH (n:{cypher.quote(label.value)}) RETURN n.id LIMIT 1"
        if driver.execute_query(query, database_=database).records:
            return True
    return False


def input_paths(out_dir: str | Path) -> tuple[str, ...] | None:
    """The ``input_paths`` of OUT_DIR/report.json (the graph's inputs), None when not there."""
    try:
        paths = json.loads((Path(out_dir) / "report.json").read_text(encoding="utf-8"))["input_paths"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return tuple(str(p) for p in paths) if isinstance(paths, list) else None


def _same_graph(recorded: tuple[str, ...] | None, now: tuple[str, ...] | None) -> bool:
    if recorded is None or now is None:
        return recorded is None and now is None
    return now[: len(recorded)] == recorded


# --- the load ----------------------------------------------------------------------------------


def _previous(
    driver: Driver, database: str, out_dir: str | Path, path: Path, now: tuple[str, ...] | None
) -> tuple[Manifest | None, str, str | None]:
    """The manifest a change-only load can start from, or None and why not; and the marker."""
    marker = read_marker(driver, database)
    if not path.is_file():
        return None, f"no record of an earlier load of {out_dir} ({path} is missing)", marker
    try:
        manifest = Manifest.read(path)
    except (OSError, ValueError, EOFError) as e:
        return None, f"the record of the last load, {path}, cannot be read ({e})", marker
    if marker is None:
        return None, f"the database does not carry the marker of the load recorded in {path}", marker
    if not manifest.holds_in(marker):
        return None, f"the database was loaded from elsewhere since the load recorded in {path}", marker
    if not _same_graph(manifest.input_paths, now):
        why = f"{out_dir} holds another graph than the one recorded in {path} (its inputs do not start with those)"
        return None, why, marker
    return manifest, "", marker


def _save(manifest: Manifest, path: Path, failures: list[str]) -> bool:
    """Write MANIFEST to PATH; on failure add why to FAILURES (the load goes on, unrecorded)."""
    try:
        manifest.write(path)
    except OSError as e:
        failures.append(
            f"cannot write the record of this load ({e.strerror or e}); the next load is a full one"
        )
        return False
    return True


def load_out(
    loader: Neo4jLoader,
    out_dir: str | Path,
    nodes: Iterable[GraphNode],
    edges: Iterable[GraphEdge],
    problems: Iterable[Problem] = (),
    *,
    full: bool = False,
    progress: Progress | None = None,
) -> LoadReport:
    """Load the graph of OUT_DIR (its NODES and EDGES) with LOADER: only the changes when it can.

    ``full``: a full (merging) load even when a change-only one is possible. The report's
    ``mode`` says which load ran and ``reason`` why, in one line.

    Raises
    ------
    LoadInterrupted
        As :meth:`Neo4jLoader.write`; rerunning finishes the load.
    """
    driver, database = loader.driver, loader.database
    prepared = prepare(nodes, edges, problems)
    new_nodes, new_edges = entries(prepared)
    path = manifest_path(out_dir)
    now = input_paths(out_dir)
    previous, why, marker = _previous(driver, database, out_dir, path, now)
    unsaved: list[str] = []  # the manifest could not be written: one Problem each
    if previous is not None and not full:
        changes = diff(previous, prepared, new_nodes, new_edges)
        mode = "changes"
        total = len(new_nodes) + len(new_edges)
        reason = f"{changes.size} of {total} records changed since the load recorded in {path}"
        if changes.size == 0 and previous.complete:
            return dataclasses.replace(loader.write([], prepared.problems), mode=mode, reason=reason)
        # Before writing: what is about to change is unknown until the writes are done.
        nodes_touched, edges_touched = changes.ids()
        pending = Manifest(
            previous.token if marker is None else marker,
            _unknown(previous.nodes, new_nodes, nodes_touched),
            _unknown(previous.edges, new_edges, edges_touched),
            previous.input_paths,
            complete=False,
            database=database,
        )
        plan = changes.plan(loader)
    else:
        mode = "full"
        reason = "--full given" if previous is not None else why
        plan = loader.merge_plan(prepared)
        pending = None
        if not _holds_guanxi_data(driver, database):
            marker = secrets.token_hex(8)
            _set_marker(driver, database, marker, out_dir)
            pending = Manifest(
                marker,
                _unknown({}, new_nodes, set(new_nodes)),
                _unknown({}, new_edges, set(new_edges)),
                now,
                complete=False,
                database=database,
            )
            reason += "; the database holds no guanxi data: this load is recorded"
        else:
            remove_marker(driver, database)
            path.unlink(missing_ok=True)
            reason += (
                "; merged into the guanxi data already there (not recorded: after one "
                "`--wipe --yes` load, later loads send only the changes)"
            )
    if pending is not None and not _save(pending, path, unsaved):
        remove_marker(driver, database)
        pending = None

    report = loader.write(plan, prepared.problems, progress)
    if pending is not None and len(report.problems) > len(prepared.problems):
        # Rows the database refused (an end deleted meanwhile): it is not what the export says.
        remove_marker(driver, database)
        path.unlink(missing_ok=True)
        reason += "; not recorded: some relationships were not written"
    elif pending is not None:
        token = secrets.token_hex(8)
        final = Manifest(token, new_nodes, new_edges, now, previous=marker, database=database)
        if _save(final, path, unsaved):
            _set_marker(driver, database, token, out_dir)
        else:
            remove_marker(driver, database)
    extra = tuple(Problem(str(path), None, text) for text in unsaved)
    return dataclasses.replace(report, mode=mode, reason=reason, problems=report.problems + extra)


def _unknown(old: dict[str, Any], new: dict[str, Any], touched: set[str]) -> dict[str, Any]:
    """OLD's entries with those in TOUCHED (and TOUCHED ones only in NEW) of unknown hash."""
    out = {i: (*e[:-1], None) if i in touched else e for i, e in old.items()}
    out.update((i, (*new[i][:-1], None)) for i in touched if i in new and i not in old)
    return out
