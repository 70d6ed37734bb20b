"""Every file guanxi and its scripts write goes through the one atomic-write helper
(guanxi.outputs.atomic_path / atomic_open): an error or a kill never leaves a half-written file.

Read from the source: a write is a call of ``write_text``/``write_bytes``, ``open`` with a mode that
writes, or ``os.replace``/``os.rename``/``shutil.move``. It is fine on the temporary path that
``atomic_path`` yields, in a spaCy ``to_disk`` (one file of the pipeline folder that ``nlp.to_disk``
writes in place, file by file), and in the few modules that write inside a folder of their own that
is swapped in whole or thrown away (listed below, with why).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("guanxi", "graph", "extractors", "scripts")
OWN_FOLDER = {
    "guanxi/outputs.py": "the helper itself, and the marker file of a staged folder",
    "guanxi/runner.py": "writes inside the staging folder of an OutputFolder, swapped in whole at commit",
    "guanxi/run_output.py": "writes inside the staging folder of an OutputFolder, swapped in whole at commit",
    "guanxi/engine_dask.py": "writes inside the staging folder of an OutputFolder, swapped in whole at commit",
    "graph/stream.py": "spill files inside its own temporary folder, removed after the build",
}


def _writes(tree: ast.AST) -> list[tuple[int, str]]:
    safe = {  # names bound by `with atomic_path(...) as NAME`
        item.optional_vars.id
        for node in ast.walk(tree)
        if isinstance(node, ast.With)
        for item in node.items
        if isinstance(item.context_expr, ast.Call)
        and getattr(item.context_expr.func, "id", getattr(item.context_expr.func, "attr", None)) == "atomic_path"
        and isinstance(item.optional_vars, ast.Name)
    }
    in_to_disk = {  # calls inside a spaCy to_disk method
        id(call)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "to_disk"
        for call in ast.walk(node)
    }
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in in_to_disk:
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
        owner = f.value.id if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) else None
        if name in ("write_text", "write_bytes") and owner not in safe:
            out.append((node.lineno, name))
        elif (owner, name) in (("os", "replace"), ("os", "rename"), ("shutil", "move")):
            out.append((node.lineno, f"{owner}.{name}"))
        elif name == "open":
            args = node.args[1:] if isinstance(f, ast.Name) else node.args
            modes = [a.value for a in args[:1] if isinstance(a, ast.Constant)]
            modes += [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
            if owner not in safe and any(isinstance(m, str) and set(m) & set("wax+") for m in modes):
                out.append((node.lineno, f"open({modes[0]!r})"))
    return out


def _sources() -> list[Path]:
    every = (p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py"))
    return sorted(p for p in every if str(p.relative_to(ROOT)) not in OWN_FOLDER)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_files_are_written_through_the_atomic_helper(path: Path):
    rel = str(path.relative_to(ROOT))
    writes = _writes(ast.parse(path.read_text(encoding="utf-8")))
    assert not writes, f"{rel}: writes a file in place: {writes}; use guanxi.outputs.atomic_open/atomic_path"


@pytest.mark.parametrize("rel", sorted(rel for rel in OWN_FOLDER if (ROOT / rel).is_file()))
def test_the_modules_let_off_still_write(rel: str):
    assert _writes(ast.parse((ROOT / rel).read_text(encoding="utf-8"))), f"{rel} writes nothing now: drop it"


def test_the_check_finds_a_write_in_place():
    source = (
        'open("a", "w"); Path("b").write_text("x")\nwith atomic_path(p) as t:\n    t.write_bytes(b"")\n'
        'def to_disk(self, path):\n    (path / "cfg").write_bytes(b"")\n'
    )
    assert _writes(ast.parse(source)) == [(1, "open('w')"), (1, "write_text")]
