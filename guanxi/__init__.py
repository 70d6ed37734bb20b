"""guanxi (关系): Chinese local newspapers into a knowledge graph.

Stages, each callable on its own: read -> segment -> extract -> resolve -> build -> export/load.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "open_graph"]


def __getattr__(name: str):
    # Lazy: ``import guanxi`` stays light; networkx/pandas load only when the notebook API is used.
    if name == "open_graph":
        from guanxi.graph.notebook import open_graph

        return open_graph
    raise AttributeError(f"module 'guanxi' has no attribute {name!r}")
