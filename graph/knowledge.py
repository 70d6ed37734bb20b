"""The in-memory graph: :class:`KnowledgeGraph`, nodes and edges sorted by id.

The single input of every exporter and loader, whichever engine built it. Its edge rule
(:meth:`KnowledgeGraph.keeps_edge`) is also the rule of the on-disk stream's filter
(:mod:`guanxi.graph.stream`), so this module imports neither the builder nor the stream.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType

from guanxi.jsonl import read_jsonl

__all__ = ["KnowledgeGraph"]


@dataclass(frozen=True, slots=True)
class KnowledgeGraph:
    """Nodes and edges sorted by id; the single input of every exporter and loader."""

    nodes: tuple[GraphNode, ...] = ()
    edges: tuple[GraphEdge, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and edges per type (keys sorted)."""
        c: Counter[str] = Counter(str(n.label) for n in self.nodes)
        c.update(str(e.type) for e in self.edges)
        return dict(sorted(c.items()))

    def filter(
        self,
        *,
        labels: Iterable[str] | None = None,
        min_weight: int = 1,
    ) -> KnowledgeGraph:
        """Keep only nodes with a label in *labels* and CO_OCCURS edges of weight >= *min_weight*.

        Edges lose an end when its node is dropped, and are dropped with it. (Date ranges are
        applied while building, so weights count only articles in the range.)
        """
        keep = {str(NodeLabel(x)) for x in labels} if labels is not None else None
        nodes = tuple(n for n in self.nodes if keep is None or str(n.label) in keep)
        ids = {n.id for n in nodes}
        edges = tuple(e for e in self.edges if self.keeps_edge(e, ids, min_weight))
        return KnowledgeGraph(nodes, edges, dict(self.meta))

    @staticmethod
    def keeps_edge(e: GraphEdge, ids: set[str] | frozenset[str], min_weight: int = 1) -> bool:
        """The edge rule of :meth:`filter`: both ends kept, CO_OCCURS weight >= *min_weight*."""
        return (
            e.source in ids
            and e.target in ids
            and (e.type != RelType.CO_OCCURS or e.properties.get("weight", 0) >= min_weight)
        )

    def node_map(self) -> dict[str, GraphNode]:
        return {n.id: n for n in self.nodes}

    def to_networkx(self):
        """A ``networkx.MultiDiGraph``: node attrs ``node_type`` (the label) and the properties;
        edges keyed by edge id with ``edge_type`` and the properties (tuples kept as tuples)."""
        import networkx as nx

        g = nx.MultiDiGraph(**{k: v for k, v in self.meta.items() if isinstance(v, str | int | float)})
        for n in self.nodes:
            g.add_node(n.id, node_type=str(n.label), **n.properties)
        for e in self.edges:
            g.add_edge(e.source, e.target, key=e.id, edge_type=str(e.type), **e.properties)
        return g

    @classmethod
    def read(cls, out_dir: str | Path) -> KnowledgeGraph:
        """Read ``nodes.jsonl`` and ``edges.jsonl`` written by :func:`guanxi.graph.export.write_jsonl`."""
        out = Path(out_dir)
        nodes = tuple(read_jsonl(out / "nodes.jsonl", GraphNode.from_dict, what="graph node", errors="raise"))
        edges = tuple(read_jsonl(out / "edges.jsonl", GraphEdge.from_dict, what="graph edge", errors="raise"))
        meta: dict[str, Any] = {}
        if (out / "graph.json").exists():
            meta = json.loads((out / "graph.json").read_text(encoding="utf-8")).get("graph", {})
        return cls(nodes, edges, meta)
