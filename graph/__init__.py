"""Mentions in, knowledge graph out: entity resolution, graph building, exports and Neo4j.

Public API: :func:`~guanxi.graph.build.build_graph`, :class:`~guanxi.graph.build.GraphBuilder`,
:class:`~guanxi.graph.knowledge.KnowledgeGraph`, the writers of :mod:`guanxi.graph.export` and
:func:`~guanxi.graph.notebook.open_graph`. Submodules import lazily.
"""

from __future__ import annotations

__all__ = ["GraphBuilder", "KnowledgeGraph", "build_graph", "open_graph", "write_all"]

_WHERE = {
    "GraphBuilder": "build",
    "KnowledgeGraph": "knowledge",
    "build_graph": "build",
    "write_all": "export",
    "open_graph": "notebook",
}


def __getattr__(name: str):
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"guanxi.graph.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'guanxi.graph' has no attribute {name!r}")
