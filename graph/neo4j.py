"""Load the knowledge graph into a running Neo4j server through the Bolt driver.

The online path (the offline one is ``neo4j-admin database import full`` on ``OUT/neo4j-import``):
batched ``UNWIND $rows ... MERGE`` in driver-managed write transactions (``session.execute_write``
retries transient errors), nodes first, then relationships. Every write merges on a stable id, so a
reload, or a rerun after an interrupted load, converges to the same database.

>>> from neo4j import GraphDatabase                                   # doctest: +SKIP
>>> with GraphDatabase.driver(uri, auth=auth) as driver:              # doctest: +SKIP
...     loader = Neo4jLoader(driver, "neo4j", batch_size=1000)
...     loader.ensure_schema()
...     report = loader.load(nodes, edges)
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guanxi.graph import cypher
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType
from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import AuthError, ConfigurationError, ServiceUnavailable, SessionExpired, TransientError
from neo4j.exceptions import Neo4jError as DriverNeo4jError

from guanxi.errors import InputError, Neo4jError
from guanxi.jsonl import read_jsonl
from guanxi.model import Problem

__all__ = [
    "Batch",
    "LoadInterrupted",
    "LoadReport",
    "Neo4jLoader",
    "Neo4jSettings",
    "Prepared",
    "add_batches",
    "clean_properties",
    "group_order",
    "prepare",
    "read_graph_jsonl",
    "uri_problem",
]

Progress = Callable[[str, int, int], None]
"""``progress(kind, done, total)`` with kind ``"nodes"`` or ``"relationships"``, after each batch."""

_INT64 = (-(2**63), 2**63 - 1)

DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected"
DEADLOCK_ROUNDS = 5
"""A batch that deadlocks is retried (each round within the driver's retry budget) this many times."""


BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
"""The URI schemes of the Python driver: ``bolt`` one server, ``neo4j`` routing; ``+s``/``+ssc`` TLS."""

LOCAL_ENV = '`eval "$(scripts/neo4j-local env)"`'
"""Sets NEO4J_URI, NEO4J_PASSWORD, ... for the project's local server (docs/neo4j.md)."""


def uri_problem(uri: str) -> str | None:
    """Why URI is not a Bolt URI the driver can use, in one line; None when it is.

    The reason never repeats a URI that carries a user or password (``bolt://u:pw@host``,
    ``u:pw@host``): the driver refuses those anyway, and an error line must not print a secret.
    """
    scheme, sep, rest = uri.partition("://")
    authority = rest.split("/", 1)[0] if sep else uri.split("/", 1)[0]
    if "@" in authority:
        return (
            "a user or password inside the URI is not supported (and would be printed in errors): "
            "give the user with --user or NEO4J_USERNAME, the password with NEO4J_PASSWORD or --password-stdin"
        )
    examples = "bolt://HOST:7687 (one server) or neo4j://HOST:7687 (routing; neo4j+s:// for AuraDB)"
    if not sep:
        return f"{uri!r} is not a URI; expected {examples}"
    if scheme.lower() not in BOLT_SCHEMES:
        why = (
            " (the Browser's web address is not the Bolt one)" if scheme.lower() in ("http", "https") else ""
        )
        return f"{uri!r}: scheme {scheme!r} is not a Bolt scheme{why}; expected {examples}"
    if not authority:
        return f"{uri!r}: no host; expected {examples}"
    return None


@dataclass(frozen=True, slots=True)
class Neo4jSettings:
    """Where to load: read from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE.

    No password means no auth (a server with ``dbms.security.auth_enabled=false``).
    """

    uri: str = "bolt://127.0.0.1:7687"
    username: str = "neo4j"
    password: str | None = field(default=None, repr=False)  # never in a repr, log or traceback
    database: str = "neo4j"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Neo4jSettings:
        env = dict(os.environ if env is None else env)
        default = cls()
        return cls(
            uri=env.get("NEO4J_URI") or default.uri,
            username=env.get("NEO4J_USERNAME") or default.username,
            password=env.get("NEO4J_PASSWORD") or None,
            database=env.get("NEO4J_DATABASE") or default.database,
        )

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.username, self.password) if self.password is not None else None

    def driver(self, **config: Any) -> Driver:
        """A connected driver; :class:`~guanxi.errors.Neo4jError` with a one-line reason if not.

        CONFIG goes to ``GraphDatabase.driver`` (e.g. ``max_transaction_retry_time=5.0``).
        """
        from neo4j import GraphDatabase

        problem = uri_problem(self.uri)
        if problem:
            raise Neo4jError(f"Neo4j URI: {problem}")
        try:
            driver = GraphDatabase.driver(self.uri, auth=self.auth, **config)
        except ConfigurationError as e:  # e.g. routing parameters with bolt://
            raise Neo4jError(f"Neo4j URI {self.uri!r}: {e}") from e
        try:
            driver.verify_connectivity()
        except AuthError as e:
            driver.close()
            if self.password is None:  # the server says "missing key `scheme`": it wants credentials
                raise Neo4jError(
                    f"{self.uri}: the server needs a password: set NEO4J_PASSWORD or use --password-stdin "
                    f"(for the local server: {LOCAL_ENV})"
                ) from e
            raise Neo4jError(
                f"{self.uri}: authentication failed for user {self.username!r} ({e.message})"
            ) from e
        except (ServiceUnavailable, OSError, ValueError) as e:
            driver.close()
            raise Neo4jError(
                f"{self.uri}: cannot connect ({e}); no server running? Start the local one with "
                f"`scripts/neo4j-local start`, then {LOCAL_ENV}"
            ) from e
        return driver


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What a load did. ``nodes``/``relationships`` count rows written (new or existing);
    the ``*_created``, ``*_deleted`` and ``properties_set`` figures are the server's own counters;
    ``retries`` counts failed attempts of transactions that were then written (deadlocks,
    transient errors). ``mode`` is ``full`` (every record merged) or ``changes`` (only what
    changed since the recorded load, see :mod:`guanxi.graph.neo4j_diff`), ``reason`` why.
    ``sent`` and ``deleted``: rows written and deleted per label or type (not in :meth:`to_dict`)."""

    database: str
    nodes: int = 0
    relationships: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    nodes_deleted: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    batches: int = 0
    retries: int = 0
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    mode: str = "full"
    reason: str = ""
    sent: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "nodes": self.nodes,
            "relationships": self.relationships,
            "nodes_created": self.nodes_created,
            "relationships_created": self.relationships_created,
            "nodes_deleted": self.nodes_deleted,
            "relationships_deleted": self.relationships_deleted,
            "mode": self.mode,
            "reason": self.reason,
            "properties_set": self.properties_set,
            "batches": self.batches,
            "retries": self.retries,
            "problems": [p.to_dict() for p in self.problems],
        }


class LoadInterrupted(Neo4jError):
    """The server went away or refused a batch mid-load; ``report`` says what was loaded before.

    Rerunning the load is safe: every write is a MERGE on a stable id.
    """

    def __init__(self, message: str, report: LoadReport) -> None:
        super().__init__(message)
        self.report = report


def clean_properties(props: dict[str, Any], where: str) -> tuple[dict[str, Any], list[Problem]]:
    """Properties Neo4j can store: scalars and lists of one scalar type; ``None`` and ``id`` left out.

    A value Neo4j cannot store (a map, a mixed or nested list, an int beyond 64 bits) is dropped with a
    :class:`~guanxi.model.Problem` naming WHERE (e.g. ``"node person:ab12"``) and the key.
    """
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for key in sorted(props):
        value = props[key]
        if value is None or key == "id":  # id is the MERGE key, set by the query itself
            continue
        reason = _unstorable(value)
        if reason:
            problems.append(Problem(where, None, f"property {key!r} dropped: {reason}"))
            continue
        out[key] = list(value) if isinstance(value, tuple | list) else value
    return out, problems


def _scalar_kind(value: Any) -> str | None:
    # bool before int: bool is an int subclass, but Neo4j keeps them apart.
    for kind, types in (("bool", bool), ("int", int), ("float", float), ("str", str)):
        if isinstance(value, types):
            return kind
    return None


def _unstorable(value: Any) -> str | None:
    if isinstance(value, tuple | list):
        kinds = {_scalar_kind(v) for v in value}
        if None in kinds:
            return "a list may hold only strings, numbers or booleans (no null, map or list)"
        if len(kinds) > 1:
            return f"a list must hold one type, got {', '.join(sorted(kinds))}"
        if kinds == {"int"} and any(not _INT64[0] <= v <= _INT64[1] for v in value):
            return "integer beyond 64 bits"
        return None
    kind = _scalar_kind(value)
    if kind is None:
        return f"unsupported type {type(value).__name__}"
    if kind == "int" and not _INT64[0] <= value <= _INT64[1]:
        return "integer beyond 64 bits"
    if kind == "float" and math.isnan(value):
        return None  # stored as NaN, as Neo4j allows
    return None


def _fit_name(props: dict[str, Any], where: str) -> list[Problem]:
    """Truncate a ``name`` too long for the name index; the full text goes to ``name_full``."""
    name = props.get("name")
    if not isinstance(name, str):
        return []
    data = name.encode("utf-8")
    if len(data) <= cypher.NAME_INDEX_MAX_BYTES:
        return []
    props["name_full"] = name
    props["name"] = data[: cypher.NAME_INDEX_MAX_BYTES].decode("utf-8", errors="ignore")
    return [
        Problem(
            where,
            None,
            f"name of {len(data)} bytes is longer than the name index takes "
            f"({cypher.NAME_INDEX_MAX_BYTES}); name truncated, full text in name_full",
        )
    ]


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


@dataclass(frozen=True, slots=True)
class Batch:
    """One transaction's worth of rows for one query, with the labels its rows touch.

    ``kind`` names the rows for progress and the report (``nodes``, ``relationships``,
    ``nodes deleted``, ``relationships deleted``); ``name`` is the label or type; a batch starts
    only when every batch of a lower ``phase`` is written (relationships after nodes).
    """

    index: int
    kind: str
    query: str
    rows: list[dict[str, Any]]
    labels: frozenset[NodeLabel]
    name: str = ""
    phase: int = 0


Group = NodeLabel | tuple[RelType, NodeLabel, NodeLabel]
"""What one query writes: nodes of a label, or relationships of a type between two labels."""


def group_order(group: Group) -> tuple[str, ...]:
    """Sort key of a :data:`Group`: by label, or by type, source and target label."""
    return tuple(x.value for x in group) if isinstance(group, tuple) else (group.value,)


def add_batches(
    plan: list[Batch], kind: str, phase: int, group: Group, query: str, rows: list[dict[str, Any]], size: int
) -> None:
    """Append ROWS of GROUP to PLAN as batches of SIZE rows for QUERY."""
    labels = frozenset(group[1:]) if isinstance(group, tuple) else frozenset({group})
    name = group[0].value if isinstance(group, tuple) else group.value
    for part in _batches(rows, size):
        plan.append(Batch(len(plan), kind, query, part, labels, name, phase))


@dataclass(frozen=True, slots=True)
class Prepared:
    """Records cleaned for Neo4j, grouped by query: what every kind of load writes from.

    ``nodes`` maps a label to rows ``{"id", "props"}``; ``edges`` maps (type, source label,
    target label) to rows ``{"id", "source", "target", "props"}``; ``props`` are the cleaned
    properties (:func:`clean_properties`, a too long name fitted). ``problems``: records
    skipped or changed on the way, with those given by the reader.
    """

    nodes: dict[NodeLabel, list[dict[str, Any]]]
    edges: dict[tuple[RelType, NodeLabel, NodeLabel], list[dict[str, Any]]]
    problems: list[Problem]


def prepare(
    nodes: Iterable[GraphNode], edges: Iterable[GraphEdge], problems: Iterable[Problem] = ()
) -> Prepared:
    """NODES and EDGES cleaned and grouped, sorted by label or type, then id.

    Edges whose source or target is not among NODES are skipped with a Problem (their labels are
    unknown, and MERGE must not create label-less nodes); so are duplicate node ids and ids too
    long for the id index.
    """
    found: list[Problem] = list(problems)
    labels: dict[str, NodeLabel] = {}
    node_rows: dict[NodeLabel, list[dict[str, Any]]] = defaultdict(list)
    for node in sorted(nodes, key=lambda n: (n.label.value, n.id)):
        if node.id in labels:
            found.append(Problem(f"node {node.id}", None, "duplicate node id, later record skipped"))
            continue
        if len(node.id.encode("utf-8")) > cypher.ID_INDEX_MAX_BYTES:
            found.append(Problem(f"node {node.id[:80]}...", None, "id too long for the id index; skipped"))
            continue
        labels[node.id] = node.label
        props, bad = clean_properties(node.properties, f"node {node.id}")
        found.extend(bad)
        found.extend(_fit_name(props, f"node {node.id}"))
        node_rows[node.label].append({"id": node.id, "props": props})

    edge_rows: dict[tuple[RelType, NodeLabel, NodeLabel], list[dict[str, Any]]] = defaultdict(list)
    for edge in sorted(edges, key=lambda e: (e.type.value, e.id)):
        src, tgt = labels.get(edge.source), labels.get(edge.target)
        if src is None or tgt is None:
            missing = edge.source if src is None else edge.target
            found.append(Problem(f"edge {edge.id}", None, f"node {missing} is not among the nodes; skipped"))
            continue
        props, bad = clean_properties(edge.properties, f"edge {edge.id}")
        found.extend(bad)
        edge_rows[(edge.type, src, tgt)].append(
            {"id": edge.id, "source": edge.source, "target": edge.target, "props": props}
        )
    return Prepared(dict(node_rows), dict(edge_rows), found)


def _write_batch(tx: ManagedTransaction, query: str, rows: list[dict[str, Any]]) -> tuple[int, Any]:
    result = tx.run(query, rows=rows)
    record = result.single(strict=True)
    return record["rows"], result.consume().counters


class Neo4jLoader:
    """Loads :class:`GraphNode`/:class:`GraphEdge` records into DATABASE with DRIVER.

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver; the loader does not close it.
    database : str
        Target database (``neo4j`` on Community).
    batch_size : int
        Node rows per transaction; one failed batch is retried by the driver as a whole.
    relationship_batch_size : int, optional
        Relationship rows per transaction; default ``5 * batch_size``. Relationship rows are
        small and each transaction has a fixed cost, so larger batches load faster (measured in
        benchmarks/bench_neo4j.py: 5,000 rows about 1.5x the rate of 1,000).
    sessions : int
        Transactions written at the same time, each in its own session, on batches of disjoint
        labels (so they never lock the same node). Two keep a server's second core busy: about
        1.4x the rate of one in benchmarks/bench_neo4j.py; 1 writes strictly in order.
    """

    def __init__(
        self,
        driver: Driver,
        database: str = "neo4j",
        batch_size: int = 1000,
        relationship_batch_size: int | None = None,
        sessions: int = 2,
    ) -> None:
        if batch_size < 1 or (relationship_batch_size is not None and relationship_batch_size < 1):
            raise ValueError("batch sizes must be >= 1")
        if sessions < 1:
            raise ValueError("sessions must be >= 1")
        self.sessions = sessions
        self.driver = driver
        self.database = database
        self.batch_size = batch_size
        self.relationship_batch_size = relationship_batch_size or 5 * batch_size

    def ensure_schema(self, *, wait_seconds: int = 300) -> None:
        """Create the id constraints and name indexes if missing, and wait until they are online."""
        with self.driver.session(database=self.database) as session:
            for statement in cypher.schema_statements():
                # Schema commands can't share a transaction with writes; each runs on its own.
                session.run(statement).consume()
            session.run("CALL db.awaitIndexes($s)", s=wait_seconds).consume()

    def load(
        self,
        nodes: Iterable[GraphNode],
        edges: Iterable[GraphEdge],
        progress: Progress | None = None,
        *,
        problems: Iterable[Problem] = (),
    ) -> LoadReport:
        """Merge NODES, then EDGES; return what was done.

        Edges whose source or target is not among NODES are skipped with a Problem (see
        :func:`prepare`). PROBLEMS from reading the input are carried into the report.

        Raises
        ------
        LoadInterrupted
            The server became unavailable or refused a batch; ``err.report`` has the counts so far.
        """
        prepared = prepare(nodes, edges, problems)
        return self.write(self.merge_plan(prepared), prepared.problems, progress)

    def merge_plan(self, prepared: Prepared) -> list[Batch]:
        """The batches that merge every record of PREPARED (:func:`cypher.merge_nodes`), nodes first."""
        plan: list[Batch] = []
        for label in sorted(prepared.nodes, key=group_order):
            rows = [{"id": r["id"], **cypher.split_row(r["props"])} for r in prepared.nodes[label]]
            query = cypher.merge_nodes(label, cypher.rule_keys(rows))
            add_batches(plan, "nodes", 0, label, query, rows, self.batch_size)
        for key in sorted(prepared.edges, key=group_order):
            rows = [
                {"id": r["id"], "source": r["source"], "target": r["target"], **cypher.split_row(r["props"])}
                for r in prepared.edges[key]
            ]
            query = cypher.merge_relationships(*key, keys=cypher.rule_keys(rows))
            add_batches(plan, "relationships", 1, key, query, rows, self.relationship_batch_size)
        return plan

    def write(
        self, plan: list[Batch], problems: Iterable[Problem] = (), progress: Progress | None = None
    ) -> LoadReport:
        """Write PLAN's batches (in phase order, up to ``sessions`` at once); return the report.

        PROBLEMS go into the report first. A ``relationships`` batch that writes fewer rows than
        it has (an endpoint missing in the database) adds a Problem.

        Raises
        ------
        LoadInterrupted
            The server became unavailable or refused a batch; ``err.report`` has the counts so far.
        """
        found = list(problems)
        wanted: dict[str, int] = defaultdict(int)
        for batch in plan:
            wanted[batch.kind] += len(batch.rows)
        done_rows: dict[str, int] = defaultdict(int)
        by_name: dict[str, dict[str, int]] = {"sent": defaultdict(int), "deleted": defaultdict(int)}
        totals = {"nodes_created": 0, "relationships_created": 0, "nodes_deleted": 0}
        totals.update(relationships_deleted=0, properties_set=0, batches=0, retries=0)
        late: list[tuple[int, Problem]] = []  # found while writing, kept in plan order

        def report() -> LoadReport:
            written = [p for _, p in sorted(late, key=lambda x: x[0])]
            return LoadReport(
                database=self.database,
                nodes=done_rows["nodes"],
                relationships=done_rows["relationships"],
                problems=tuple(found + written),
                sent=dict(by_name["sent"]),
                deleted=dict(by_name["deleted"]),
                **totals,
            )

        def done(batch: Batch, merged: int, counters: Any, retried: int) -> None:
            done_rows[batch.kind] += merged
            by_name["deleted" if batch.kind.endswith("deleted") else "sent"][batch.name] += merged
            totals["retries"] += retried
            for key in ("nodes_created", "relationships_created", "nodes_deleted", "relationships_deleted"):
                totals[key] += getattr(counters, key)
            totals["properties_set"] += counters.properties_set
            totals["batches"] += 1
            if batch.kind == "relationships" and merged != len(batch.rows):
                # Only possible if an endpoint vanished between the node and edge phases.
                rows = batch.rows
                late.append(
                    (
                        batch.index,
                        Problem(
                            f"relationships {rows[0]['id']}..{rows[-1]['id']}",
                            None,
                            f"{len(rows) - merged} of {len(rows)} not merged: endpoint missing in the database",
                        ),
                    )
                )
            if progress is not None:
                progress(batch.kind, done_rows[batch.kind], wanted[batch.kind])

        try:
            self._execute(plan, done)
        except (ServiceUnavailable, SessionExpired, DriverNeo4jError, OSError) as e:
            kinds = ["nodes", "relationships", *(k for k in wanted if k not in ("nodes", "relationships"))]
            so_far = ", ".join(f"{done_rows[k]}/{wanted[k]} {k}" for k in kinds)
            raise LoadInterrupted(
                f"Neo4j load into {self.database!r} interrupted after {so_far} ({e}); rerun to finish",
                report(),
            ) from e
        return report()

    def _execute(self, plan: list[Batch], done: Callable[[Batch, int, Any, int], None]) -> None:
        """Write PLAN's batches, up to ``sessions`` at a time; call DONE for each, in this thread.

        Batches run side by side only when they touch disjoint labels (every node has one label),
        so no two transactions lock the same node; they can still meet on a relationship-chain
        lock, a rare deadlock that :meth:`_write` retries. A batch starts once every batch of a
        lower phase is written (relationships after nodes). The first error stops new batches; it is raised when the running ones
        have ended.
        """
        pending = list(plan)
        running: dict[Future[tuple[int, Any, int]], Batch] = {}
        error: BaseException | None = None
        with ThreadPoolExecutor(max_workers=self.sessions, thread_name_prefix="guanxi-load") as pool:
            while pending or running:
                if error is None:
                    busy = frozenset().union(*(b.labels for b in running.values()))
                    phase = min(b.phase for b in [*running.values(), *pending])
                    for batch in list(pending):
                        if len(running) == self.sessions:
                            break
                        if batch.phase > phase:
                            break
                        if batch.labels & busy:
                            continue
                        pending.remove(batch)
                        running[pool.submit(self._write, batch)] = batch
                        busy |= batch.labels
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(finished, key=lambda f: running[f].index):
                    batch = running.pop(future)
                    try:
                        merged, counters, retried = future.result()
                    except (ServiceUnavailable, SessionExpired, DriverNeo4jError, OSError) as e:
                        error = error or e
                        continue
                    done(batch, merged, counters, retried)
        if error is not None:
            raise error

    def _write(self, batch: Batch) -> tuple[int, Any, int]:
        """Write BATCH; return rows merged, the server's counters and how many attempts failed.

        The driver retries transient errors within its retry budget. A deadlock between two
        sessions (possible even on disjoint nodes: a new relationship locks the head of each
        end's relationship chain) is retried here too, so a short budget cannot end a load on it.
        """
        attempts = 0

        def work(tx: ManagedTransaction) -> tuple[int, Any]:
            nonlocal attempts
            attempts += 1
            return _write_batch(tx, batch.query, batch.rows)

        # One session per batch: sessions are not thread-safe, and opening one is cheap
        # (it borrows a pooled connection).
        with self.driver.session(database=self.database) as session:
            rounds = 1
            while True:
                try:
                    merged, counters = session.execute_write(work)
                    return merged, counters, attempts - 1
                except TransientError as e:
                    if e.code != DEADLOCK or rounds == DEADLOCK_ROUNDS:
                        raise
                    rounds += 1

    def load_dir(self, out_dir: str | Path, progress: Progress | None = None) -> LoadReport:
        """Load ``OUT/nodes.jsonl`` and ``OUT/edges.jsonl`` as written by ``guanxi build``."""
        nodes, edges, problems = read_graph_jsonl(out_dir)
        return self.load(nodes, edges, progress, problems=problems)


def read_graph_jsonl(out_dir: str | Path) -> tuple[list[GraphNode], list[GraphEdge], list[Problem]]:
    """Read ``nodes.jsonl`` and ``edges.jsonl`` of OUT_DIR; bad lines become Problems.

    Raises
    ------
    InputError
        OUT_DIR has no nodes.jsonl or edges.jsonl.
    """
    out = Path(out_dir)
    nodes: list[GraphNode] = []
    edges: list[GraphEdge] = []
    problems: list[Problem] = []
    for name, parse, sink in (
        ("nodes.jsonl", GraphNode.from_dict, nodes),
        ("edges.jsonl", GraphEdge.from_dict, edges),
    ):
        path = out / name
        if not path.is_file():
            raise InputError(f"{path}: not found (run `guanxi build -o {out}` first)")
        for item in read_jsonl(path, parse, what="graph record"):
            (problems if isinstance(item, Problem) else sink).append(item)
    return nodes, edges, problems
