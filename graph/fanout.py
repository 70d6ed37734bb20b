"""One read of a graph stream for several writers: each runs in a thread on a view of the graph.

A :class:`~guanxi.graph.stream.GraphStream` is read from disk, unpickled and made into records on
every iteration; each exporter reading it on its own would cost more than formatting the records an
update changed. :func:`fan_out` reads the nodes, then the edges, once, and hands each batch of
records to every writer, which reads them through its own :class:`Feed` exactly as it would read
the graph (same records, same order: the same bytes). A writer that reads the edges before the
nodes (node-link JSON, the career tables) reads the nodes from the graph itself, after its edges.

The threads share the interpreter (no two run Python at once): what is saved is the reading, not
the formatting. At most a few batches wait per writer, so memory stays that of a few batches.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["Feed", "Writer", "fan_out"]

T = TypeVar("T")
_BATCH = 1024  # records per hand-over
_WAITING = 4  # batches a writer may have waiting before the reader waits for it
_POLL = 0.1  # seconds between looks at the abort flag while a queue is full or empty
_END = object()  # the end of the nodes, or of the edges


class _Aborted(Exception):
    """Another thread failed: this one stops (the other's error is the one raised)."""


class Feed:
    """A writer's view of the graph: ``nodes`` and ``edges`` as the reader hands them over (or the
    graph's own ``nodes`` for a writer that reads them last), ``meta`` and ``counts`` of the graph."""

    def __init__(self, graph: Any, own_nodes: bool, abort: threading.Event) -> None:
        self._graph = graph
        self.own_nodes = own_nodes
        self.meta = graph.meta
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=_WAITING)
        self._abort = abort
        self.done = False  # the writer returned: nothing more is handed to it

    @property
    def nodes(self) -> Iterator[Any]:
        return iter(self._graph.nodes) if self.own_nodes else self._drain()

    @property
    def edges(self) -> Iterator[Any]:
        return self._drain()

    def _drain(self) -> Iterator[Any]:
        while True:
            try:
                batch = self._queue.get(timeout=_POLL)
            except queue.Empty:
                if self._abort.is_set():
                    raise _Aborted from None
                continue
            if batch is _END:
                return
            if self._abort.is_set():  # another writer failed, or the run is interrupted
                raise _Aborted
            yield from batch

    def put(self, batch: Any) -> None:
        while not self.done:
            try:
                self._queue.put(batch, timeout=_POLL)
                return
            except queue.Full:
                if self._abort.is_set():
                    raise _Aborted from None


@dataclass(frozen=True, slots=True)
class Writer(Generic[T]):
    """A writer of :func:`fan_out`: *write* takes a graph (a :class:`Feed`) and returns what it wrote;
    *nodes_last*: it reads the edges first, then the nodes (read from the graph itself)."""

    write: Callable[[Any], T]
    nodes_last: bool = False


def fan_out(graph: Any, writers: Sequence[Writer[T]], read: Callable[[int], None] | None = None) -> list[T]:
    """Run *writers* on one read of *graph* (nodes then edges); returns their results in order.

    ``read(n)`` is called with the number of records read so far, batch by batch. The first error
    of a writer (or of the reading, or an interrupt) stops all and is raised."""
    abort = threading.Event()
    feeds = [Feed(graph, w.nodes_last, abort) for w in writers]
    results: list[Any] = [None] * len(writers)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = writers[i].write(feeds[i])
        except _Aborted:
            pass
        except BaseException as err:
            errors.append(err)
            abort.set()
        finally:
            feeds[i].done = True

    threads = [threading.Thread(target=run, args=(i,), name=f"guanxi-export-{i}") for i in range(len(writers))]
    for t in threads:
        t.start()
    try:
        n = 0
        for records, wanted in ((graph.nodes, [f for f in feeds if not f.own_nodes]), (graph.edges, feeds)):
            batch: list[Any] = []
            for r in records:
                batch.append(r)
                if len(batch) >= _BATCH:
                    for f in wanted:
                        f.put(batch)
                    n += len(batch)
                    batch = []
                    if read is not None:
                        read(n)
            for f in wanted:
                if batch:
                    f.put(batch)
                f.put(_END)
    except _Aborted:
        pass
    except BaseException:
        abort.set()
        raise
    finally:
        _join(threads, abort)
    if errors:
        raise errors[0]
    return results


def _join(threads: list[threading.Thread], abort: threading.Event) -> None:
    """Wait for the writers; an interrupt meanwhile stops them (at their next batch), is waited
    out, and raised."""
    try:
        for t in threads:
            t.join()
    except BaseException:
        abort.set()
        for t in threads:
            t.join()
        raise
