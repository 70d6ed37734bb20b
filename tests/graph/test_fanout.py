"""One read of a graph stream for all the exports (graph/fanout.py)."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from guanxi.graph.build import GraphBuilder
from guanxi.graph.export import write_all
from guanxi.graph.fanout import Writer, fan_out
from guanxi.graph.stream import GraphStream, Records
from pages_fixtures import sample_pages


def _stream(tmp_path: Path) -> tuple[GraphBuilder, GraphStream]:
    # Tiny limits: the records come from several runs on disk, batch by batch.
    builder = GraphBuilder(tmp_dir=tmp_path, spill_limit=1, spool_limit=3)
    for pe in sample_pages():
        builder.add(pe)
    return builder, builder.build_stream()


class _Counted:
    """A graph stream that counts how often its nodes and edges are read (iterated)."""

    def __init__(self, gs: GraphStream) -> None:
        self._gs = gs
        self.meta = gs.meta
        self.reads = {"nodes": 0, "edges": 0}

    def _read(self, what: str) -> Any:
        self.reads[what] += 1
        return iter(getattr(self._gs, what))

    @property
    def nodes(self) -> Any:
        return Records(lambda: self._read("nodes"))

    @property
    def edges(self) -> Any:
        return Records(lambda: self._read("edges"))

    def counts(self) -> dict[str, int]:
        return self._gs.counts()


def test_the_exports_read_the_edges_of_a_stream_twice_not_once_per_format(tmp_path: Path):
    builder, gs = _stream(tmp_path)
    with gs:
        counted = _Counted(gs)
        write_all(counted, tmp_path / "out")  # type: ignore[arg-type]
        # The tables (types, dates), then one read for the six writers; the nodes are read again by
        # the two writers that write them after the edges (node-link JSON, the career tables).
        assert counted.reads == {"nodes": 4, "edges": 2}
        write_all(gs.to_graph(), tmp_path / "memory")
    builder.close()
    files = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert files and all(
        (tmp_path / "out" / f).read_bytes() == (tmp_path / "memory" / f).read_bytes() for f in files
    )


def test_every_writer_reads_every_record_in_order(tmp_path: Path):
    builder, gs = _stream(tmp_path)
    with gs:
        want = ([n.id for n in gs.nodes], [e.id for e in gs.edges])

        def ids(g: Any, nodes_first: bool) -> tuple[list[str], list[str]]:
            if nodes_first:
                nodes = [n.id for n in g.nodes]
                return nodes, [e.id for e in g.edges]
            edges = [e.id for e in g.edges]
            return [n.id for n in g.nodes], edges

        got = fan_out(gs, [Writer(lambda g: ids(g, True)), Writer(lambda g: ids(g, False), nodes_last=True)])
    builder.close()
    assert got == [want, want] and want[1]


def test_a_failing_writer_stops_all_and_its_error_is_raised(tmp_path: Path):
    builder, gs = _stream(tmp_path)
    started = threading.active_count()

    def fails(g: Any) -> None:
        for i, _ in enumerate(g.edges):
            if i == 3:
                raise ValueError("disk full")

    def reads(g: Any) -> int:
        return sum(1 for _ in g.nodes) + sum(1 for _ in g.edges)

    with gs, pytest.raises(ValueError, match="disk full"):
        fan_out(gs, [Writer(reads), Writer(fails), Writer(reads)])
    builder.close()
    assert threading.active_count() == started  # no writer thread left behind


def test_an_interrupt_while_reading_stops_the_writers_and_is_raised(tmp_path: Path):
    builder, gs = _stream(tmp_path)
    started = threading.active_count()

    class Interrupted(_Counted):
        @property
        def edges(self) -> Any:
            def edges() -> Any:
                for i, e in enumerate(self._gs.edges):
                    if i == 1500:  # past the first batches handed over
                        raise KeyboardInterrupt
                    yield e

            return Records(edges)

    def reads(g: Any) -> int:
        return sum(1 for _ in g.nodes) + sum(1 for _ in g.edges)

    with gs:
        big = GraphStream()  # enough edges for several batches: the sample's, many times
        for n in gs.nodes:
            big.add_node(n)
        for i in range(40):
            for e in gs.edges:
                big.add_edge(replace(e, id=f"{e.id}-{i}"))
        with big, pytest.raises(KeyboardInterrupt):
            fan_out(Interrupted(big), [Writer(reads), Writer(reads, nodes_last=True)])
    builder.close()
    assert threading.active_count() == started
