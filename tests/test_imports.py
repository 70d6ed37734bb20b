"""Imports among guanxi's modules flow one way: no cycle, counting the imports inside functions.

Every module of the installed package is parsed with ``ast`` (not imported), and each
``import``/``from ... import`` anywhere in it (module level, functions, methods, ``try`` blocks)
is an edge, as is ``importlib.import_module("guanxi....")`` with a constant name. Imports under
``if TYPE_CHECKING:`` never run and are left out. A package's ``__init__`` that Python runs
before a submodule is no edge of its own: only what a module names counts.
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
import pkgutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: (importing module, imported module) -> line numbers of the imports in the importing module
Edges = dict[tuple[str, str], list[int]]


def installed_modules() -> dict[str, Path]:
    """Every module of the installed guanxi package (packages as their ``__init__``) and its source."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    out: dict[str, Path] = {}
    for package in config["tool"]["setuptools"]["packages"]:
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.origin and spec.submodule_search_locations, package
        out[package] = Path(spec.origin)
        for info in pkgutil.iter_modules(spec.submodule_search_locations):
            if not info.ispkg:
                name = f"{package}.{info.name}"
                origin = importlib.util.find_spec(name).origin
                assert origin, name
                out[name] = Path(origin)
    return out


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    """Every node under *node*, but not the bodies of ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for other in child.orelse:
                yield other
                yield from _walk(other)
            continue
        yield child
        yield from _walk(child)


def _imported(module: str, is_package: bool, node: ast.AST, known: Mapping[str, Path]) -> Iterator[str]:
    """The modules of guanxi that *node* (a statement or call in *module*) imports."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:  # relative: from the module's package, one level up per extra dot
            parts = module.split(".") if is_package else module.split(".")[:-1]
            parts = parts[: len(parts) - (node.level - 1)]
            base = ".".join(parts + ([node.module] if node.module else []))
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            yield sub if sub in known else base
    elif (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute | ast.Name)
        and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) == "import_module"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        yield node.args[0].value


def import_edges(modules: Mapping[str, Path]) -> Edges:
    """The imports among *modules* (name -> source file), each with its line numbers."""
    edges: Edges = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in _walk(tree):
            for target in _imported(name, is_package, node, modules):
                if target in modules and target != name:
                    lines = edges.setdefault((name, target), [])
                    if node.lineno not in lines:  # type: ignore[attr-defined]
                        lines.append(node.lineno)  # type: ignore[attr-defined]
    return edges


def find_cycles(edges: Edges) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) per group of modules that import each other, sorted."""
    graph: dict[str, list[str]] = {}
    for a, b in sorted(edges):
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    # Tarjan's strongly connected components, iteratively (no recursion limit).
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        group.append(top)
                        if top == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(graph[child])))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return sorted(_cycle_in(group, graph) for group in groups)


def _cycle_in(group: list[str], graph: Mapping[str, list[str]]) -> list[str]:
    """A shortest cycle through the first module of *group* (breadth-first, inside the group)."""
    members = set(group)
    first = group[0]
    paths = {first: [first]}
    queue = [first]
    while queue:
        node = queue.pop(0)
        for child in graph[node]:
            if child == first:
                return paths[node] + [first]
            if child in members and child not in paths:
                paths[child] = paths[node] + [child]
                queue.append(child)
    raise AssertionError(f"no cycle through {first} in {group}")  # a component always has one


def describe(cycle: list[str], edges: Edges) -> str:
    """``a -> b (line 3) -> a (line 40, 52)``: the cycle with the lines of each import."""
    steps = [cycle[0]]
    for a, b in itertools.pairwise(cycle):
        steps.append(f"{b} (line {', '.join(map(str, edges[a, b]))} of {a})")
    return " -> ".join(steps)


def test_no_import_cycle_among_guanxi_modules() -> None:
    modules = installed_modules()
    edges = import_edges(modules)
    cycles = find_cycles(edges)
    report = "\n".join(describe(c, edges) for c in cycles)
    print(report or "no import cycle")
    assert not cycles, f"import cycles among guanxi's modules:\n{report}"


def test_the_check_finds_a_cycle_through_an_import_inside_a_function(tmp_path: Path) -> None:
    # Three invented modules: a imports b at module level, b imports c, and c imports a
    # only inside a function (the cycle a lazy import hides); d imports a under TYPE_CHECKING.
    sources = {
        "pkg.a": "from pkg.b import run\n",
        "pkg.b": "import pkg.c\n\ndef run():\n    return pkg.c.go()\n",
        "pkg.c": "def go():\n    from pkg import a\n    return a\n",
        "pkg.d": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.a import run\n",
        "pkg": "",
    }
    modules = {}
    for name, text in sources.items():
        path = tmp_path / f"{name}.py" if name != "pkg" else tmp_path / "__init__.py"
        path.write_text(text, encoding="utf-8")
        modules[name] = path
    edges = import_edges(modules)
    assert ("pkg.d", "pkg.a") not in edges
    cycles = find_cycles(edges)
    assert cycles == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]
    assert describe(cycles[0], edges) == (
        "pkg.a -> pkg.b (line 1 of pkg.a) -> pkg.c (line 1 of pkg.b) -> pkg.a (line 2 of pkg.c)"
    )
    # Without the import inside the function, no cycle.
    modules["pkg.c"].write_text("def go():\n    return None\n", encoding="utf-8")
    assert find_cycles(import_edges(modules)) == []


def test_the_local_engine_loads_neither_dask_nor_the_dask_engine(tmp_path: Path) -> None:
    # A fresh interpreter: the command line and a local build, then what was imported.
    code = f"""
import sys
sys.path.insert(0, {str(ROOT / "tests" / "graph")!r})
from pages_fixtures import sample_pages
import guanxi.cli.build
from guanxi.runner import build_from_extractions
build_from_extractions(sample_pages(), {str(tmp_path / "out")!r}, html=False)
print(sorted(m for m in sys.modules if m.split(".")[0] in ("dask", "distributed", "pyarrow")
             or m == "guanxi.engine_dask"))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (tmp_path / "out" / "nodes.jsonl").is_file()
    assert done.stdout.strip() == "[]", done.stdout
