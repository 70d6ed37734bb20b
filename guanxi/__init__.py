"""guanxi (关系): Chinese local newspapers into a knowledge graph.

Stages, each callable on its own: read -> segment -> extract -> resolve -> build -> export/load.
"""

from __future__ import annotations

__version__ = "0.1.0"
