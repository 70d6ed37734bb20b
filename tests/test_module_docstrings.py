"""Every module of the package opens with a docstring that says its one job."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _module_files() -> list[Path]:
    """The source files of every package pyproject installs (extractors/ and graph/ included)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    dirs = config["package-dir"]
    files = []
    for package in config["packages"]:
        head, _, rest = package.partition(".")
        folder = dirs.get(package) or (Path(dirs.get(head, head)) / rest.replace(".", "/"))
        files += sorted((ROOT / folder).glob("*.py"))
    return files


@pytest.mark.parametrize("path", _module_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_opens_with_its_job(path: Path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and len(doc.splitlines()[0]) >= 20, f"{path}: no opening docstring that says its job"
