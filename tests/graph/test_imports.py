"""Imports of the graph layer flow one way, and a graph-only build does not load spaCy."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Where each package's modules live (pyproject's package-dir).
PACKAGES = {"guanxi.graph": ROOT / "graph", "guanxi.extractors": ROOT / "extractors"}


def _module_imports(path: Path) -> set[str]:
    """Every module PATH imports, at the top or inside a function (absolute names)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _graph_imports() -> dict[str, set[str]]:
    """Module -> the modules of guanxi.graph it imports."""
    mods = {
        f"guanxi.graph.{p.stem}": p for p in PACKAGES["guanxi.graph"].glob("*.py") if p.stem != "__init__"
    }
    return {m: {n for n in _module_imports(p) if n in mods and n != m} for m, p in mods.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of GRAPH, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                return [*stack[stack.index(n) :], n]
            if n not in state and (found := visit(n)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_graph_modules_import_one_way():
    graph = _graph_imports()
    assert "guanxi.graph.knowledge" in graph["guanxi.graph.stream"]  # the scan sees imports
    assert _cycle(graph) is None, _cycle(graph)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_a_graph_only_build_does_not_load_spacy(tmp_path: Path):
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
