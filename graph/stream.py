"""Sorted record streams spilled to disk: the graph of a large build without holding it.

:class:`Spool` takes records (or any picklable items) in any order and keeps at most ``limit``
of them in memory: full buffers are sorted and written to run files in a temporary folder.
Iterating merges the runs (:func:`heapq.merge`), so the records come back sorted by key, and it
can be done again (an exporter that writes its attribute keys first reads twice).
:class:`GraphStream` pairs a node and an edge spool with the graph's metadata and offers the
part of :class:`~guanxi.graph.knowledge.KnowledgeGraph` that the exporters use (``nodes``,
``edges``, ``meta``, ``counts``, ``filter``).

Examples
--------
>>> s = Spool(limit=2)
>>> for x in (5, 3, 9, 1, 3):
...     s.add(x)
>>> list(s), list(s)
([1, 3, 3, 5, 9], [1, 3, 3, 5, 9])
>>> s.close()
"""

from __future__ import annotations

import heapq
import pickle
import shutil
import tempfile
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from guanxi.graph.knowledge import KnowledgeGraph
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType

__all__ = ["SPILL_LIMIT", "SPOOL_LIMIT", "GraphStream", "Records", "Spill", "Spool", "TempFolder"]

#: Records a spool keeps in memory before it writes a sorted run.
SPOOL_LIMIT = 50_000
#: Items a spill keeps in memory before it writes them out.
SPILL_LIMIT = 2000
# Items per pickled batch of a run file: one pickle.load call reads a batch.
_BATCH = 1024


class TempFolder:
    """A temporary folder made on first use and removed by :meth:`close` (or when collected)."""

    def __init__(self, parent: str | Path | None = None) -> None:
        self.parent = parent
        self._path: Path | None = None
        self._count = 0
        self._finalizer: weakref.finalize | None = None

    def new_file(self, prefix: str) -> Path:
        """A fresh file name inside the folder."""
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix="guanxi-build-", dir=self.parent))
            self._finalizer = weakref.finalize(self, shutil.rmtree, self._path, True)
        self._count += 1
        return self._path / f"{prefix}-{self._count:06d}.pickle"

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()


def _dump_batches(items: list[Any], path: Path) -> None:
    with path.open("wb") as fh:
        for i in range(0, len(items), _BATCH):
            pickle.dump(items[i : i + _BATCH], fh, protocol=pickle.HIGHEST_PROTOCOL)


def _read_batches(path: Path) -> Iterator[list[Any]]:
    with path.open("rb") as fh:
        while True:
            try:
                yield pickle.load(fh)
            except EOFError:
                return


def _load_batches(path: Path) -> Iterator[Any]:
    for batch in _read_batches(path):
        yield from batch


class Spill:
    """An append-only sequence kept on disk past ``limit`` items; iterated in append order."""

    def __init__(self, folder: TempFolder, *, limit: int = SPILL_LIMIT) -> None:
        self._folder = folder
        self._limit = limit
        self._buf: list[Any] = []
        self._files: list[Path] = []
        self._len = 0

    def append(self, item: Any) -> None:
        self._buf.append(item)
        self._len += 1
        if len(self._buf) >= self._limit:
            path = self._folder.new_file("spill")
            _dump_batches(self._buf, path)
            self._files.append(path)
            self._buf = []

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Any]:
        for path in self._files:
            yield from _load_batches(path)
        yield from list(self._buf)


class Spool:
    """Items in any order in, sorted by *key* out (stable: equal keys keep their order).

    At most *limit* items stay in memory; the rest wait in sorted run files of *folder*.
    With *last_wins*, of the items with equal keys only the last added is kept (as a dict
    assignment would).
    """

    def __init__(
        self,
        folder: TempFolder | None = None,
        *,
        key: Callable[[Any], Any] | None = None,
        limit: int = SPOOL_LIMIT,
        last_wins: bool = False,
    ) -> None:
        self._folder = folder or TempFolder()
        self._key = key
        self._limit = limit
        self._last_wins = last_wins
        self._buf: list[Any] = []
        self._runs: list[Path] = []
        self._sorted = True

    def add(self, item: Any) -> None:
        self._buf.append(item)
        self._sorted = False
        if len(self._buf) >= self._limit:
            self._buf.sort(key=self._key)
            path = self._folder.new_file("run")
            _dump_batches(self._buf, path)
            self._runs.append(path)
            self._buf = []

    def extend(self, items: Iterable[Any]) -> None:
        for item in items:
            self.add(item)

    def __iter__(self) -> Iterator[Any]:
        for batch in self.batches():
            yield from batch

    def batches(self) -> Iterator[list[Any]]:
        """The sorted items in lists of a few hundred (cheaper to loop over than one by one)."""
        if not self._sorted:
            self._buf.sort(key=self._key)
            self._sorted = True
        if not self._runs:
            yield list(self._dedup(iter(self._buf))) if self._last_wins else list(self._buf)
            return
        if len(self._runs) == 1 and not self._buf:
            yield from _read_batches(self._runs[0])
            return
        # The first full read also writes the merged stream into one run, so later reads
        # (exporters read the graph several times) skip the k-way merge.
        runs = self._runs
        merged = heapq.merge(*(_load_batches(p) for p in runs), iter(list(self._buf)), key=self._key)
        path = self._folder.new_file("run")
        batch: list[Any] = []
        with path.open("wb") as fh:
            for item in self._dedup(merged):
                batch.append(item)
                if len(batch) >= _BATCH:
                    pickle.dump(batch, fh, protocol=pickle.HIGHEST_PROTOCOL)
                    yield batch
                    batch = []
            pickle.dump(batch, fh, protocol=pickle.HIGHEST_PROTOCOL)
            yield batch
        if self._runs is runs:  # no other read has compacted the runs meanwhile
            for old in runs:
                old.unlink(missing_ok=True)
            self._runs, self._buf = [path], []
        else:
            path.unlink(missing_ok=True)

    def _dedup(self, items: Iterator[Any]) -> Iterator[Any]:
        if not self._last_wins:
            yield from items
            return
        key = self._key or (lambda x: x)
        prev: Any = None
        have = False
        for item in items:
            if have and key(item) != key(prev):
                yield prev
            prev, have = item, True
        if have:
            yield prev

    def close(self) -> None:
        self._folder.close()


class Records:
    """A re-iterable view of a record stream: each ``iter()`` reads it again from the start."""

    def __init__(self, make: Callable[[], Iterator[Any]]) -> None:
        self._make = make

    def __iter__(self) -> Iterator[Any]:
        return self._make()


# Enum members by value: a dict lookup is several times cheaper than calling the enum.
_LABELS = {str(x): x for x in NodeLabel}
_TYPES = {str(x): x for x in RelType}


def _node_of(t: tuple) -> GraphNode:
    return GraphNode(t[0], _LABELS[t[1]], t[2])


def _edge_of(t: tuple) -> GraphEdge:
    return GraphEdge(t[0], _TYPES[t[1]], t[2], t[3], t[4])


def _first(t: tuple) -> str:
    return t[0]


class GraphStream:
    """The graph of a build as sorted streams of nodes and edges, read from disk on demand.

    ``nodes`` and ``edges`` can be iterated any number of times, each time in id order; the
    exporters of :mod:`guanxi.graph.export` accept it wherever they take a ``KnowledgeGraph``.
    Call :meth:`close` (or use it as a context manager) to remove its files.
    """

    def __init__(
        self,
        folder: TempFolder | None = None,
        meta: dict[str, Any] | None = None,
        *,
        limit: int = SPOOL_LIMIT,
    ) -> None:
        self._folder = folder or TempFolder()
        self._nodes = Spool(self._folder, key=_first, limit=limit, last_wins=True)
        self._edges = Spool(self._folder, key=_first, limit=limit, last_wins=True)
        self.meta: dict[str, Any] = dict(meta or {})
        # Node and edge counts of the last full read (None: not read yet).
        self._seen: list[Counter[str] | None] = [None, None]
        self._keep: Callable[[], tuple[Callable[[GraphNode], bool], Callable[[GraphEdge], bool]]] | None = (
            None
        )

    # --- filling -------------------------------------------------------------------------------

    def add_node(self, n: GraphNode) -> None:
        """Add a node (a later node with the same id replaces an earlier one)."""
        self._nodes.add((n.id, str(n.label), n.properties))
        self._seen[0] = None

    def add_edge(self, e: GraphEdge) -> None:
        """Add an edge (a later edge with the same id replaces an earlier one)."""
        self._edges.add((e.id, str(e.type), e.source, e.target, e.properties))
        self._seen[1] = None

    # --- reading -------------------------------------------------------------------------------

    @property
    def nodes(self) -> Records:
        return Records(lambda: self._iter(self._nodes, _node_of, 0))

    @property
    def edges(self) -> Records:
        return Records(lambda: self._iter(self._edges, _edge_of, 1))

    def _iter(self, spool: Spool, make: Callable[[tuple], Any], which: int) -> Iterator[Any]:
        keep = self._keep()[which] if self._keep else None
        # Counted on the way: a read to the end gives counts() for free.
        seen: Counter[str] = Counter()
        for batch in spool.batches():
            for t in batch:
                r = make(t)
                if keep is None or keep(r):
                    seen[t[1]] += 1
                    yield r
        self._seen[which] = seen

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and edges per type (keys sorted), as ``KnowledgeGraph.counts``."""
        for which, records in enumerate((self.nodes, self.edges)):
            if self._seen[which] is None:
                for _ in records:
                    pass
        c: Counter[str] = Counter()
        for seen in self._seen:
            c.update(seen or {})
        return dict(sorted(c.items()))

    def filter(self, *, labels: Iterable[str] | None = None, min_weight: int = 1) -> GraphStream:
        """The view that ``KnowledgeGraph.filter`` would give, over the same files (not closed
        separately: closing either closes both)."""
        keep_labels = {str(NodeLabel(x)) for x in labels} if labels is not None else None
        view = GraphStream.__new__(GraphStream)
        view._folder, view._nodes, view._edges = self._folder, self._nodes, self._edges
        view.meta, view._seen = dict(self.meta), [None, None]
        ids: set[str] | None = None

        def node_ok(n: GraphNode) -> bool:
            return keep_labels is None or str(n.label) in keep_labels

        def keep() -> tuple[Callable[[GraphNode], bool], Callable[[GraphEdge], bool]]:
            nonlocal ids
            if ids is None:
                ids = {n.id for n in self.nodes if node_ok(n)}
            kept = ids
            return node_ok, lambda e: KnowledgeGraph.keeps_edge(e, kept, min_weight)

        view._keep = keep
        return view

    def to_graph(self) -> KnowledgeGraph:
        """The whole graph in memory, as a :class:`~guanxi.graph.knowledge.KnowledgeGraph`."""
        return KnowledgeGraph(tuple(self.nodes), tuple(self.edges), dict(self.meta))

    def close(self) -> None:
        """Remove the files behind the streams."""
        self._folder.close()

    def __enter__(self) -> GraphStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
