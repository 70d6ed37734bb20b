"""A graph-only build does not load spaCy: the rules the graph stage shares with the extractors
(organization types) live outside the spaCy component modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_a_graph_only_build_does_not_load_spacy():
    # A fresh interpreter: this test process may hold spaCy already.
    code = (
        "import sys\n"
        "from pages_fixtures import sample_pages\n"
        "from guanxi.graph.build import build_graph\n"
        "kg = build_graph(sample_pages())\n"
        "assert any(n.properties.get('type') == 'party' for n in kg.nodes), 'org types were read'\n"
        "print('spacy' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False", "spaCy was imported"
