"""The examples in the docstrings run: doctest over every module of the installed guanxi package.

The modules are found from pyproject's package list, not from folders: extractors/ and graph/ are
installed as guanxi.extractors and guanxi.graph (package-dir), so pytest's --doctest-modules on
the folders would import them under the wrong name. One test per module with examples.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _modules() -> list[str]:
    """Every installed module of guanxi (packages included) whose source holds a ``>>>`` example."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = []
    for package in config["tool"]["setuptools"]["packages"]:
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations, package
        names.append(package)
        names += [
            f"{package}.{info.name}"
            for info in pkgutil.iter_modules(spec.submodule_search_locations)
            if not info.ispkg and info.name != "__main__"  # __main__ runs the CLI when imported
        ]
    out = []
    for name in names:
        origin = importlib.util.find_spec(name).origin
        if origin and ">>>" in Path(origin).read_text(encoding="utf-8"):
            out.append(name)
    return out


MODULES = _modules()


def test_doctests_are_found_in_every_package_folder() -> None:
    assert len(MODULES) > 0
    for prefix in ("guanxi.model", "guanxi.extractors.", "guanxi.extractors.components.", "guanxi.graph."):
        assert any(m.startswith(prefix) for m in MODULES), prefix


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # an example that writes files writes them here
    module = importlib.import_module(name)
    tests = doctest.DocTestFinder().find(module)
    runner = doctest.DocTestRunner()
    report: list[str] = []
    for test in tests:
        runner.run(test, out=report.append)
    found = sum(len(t.examples) for t in tests)  # +SKIP examples included: they are not tried
    assert found > 0, f"{name} has '>>>' in its source but doctest found no example"
    assert runner.failures == 0, "".join(report)
