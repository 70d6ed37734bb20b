"""Pytest fixture that reads graph files with the real Gephi Toolkit (a pytest plugin module).

Registered from tests/conftest.py with ``pytest_plugins = ["gephi_fixtures"]``.

``gephi_read(path, labels=5) -> dict`` runs scripts/gephi-check on one .graphml or .gexf file and returns what
Gephi saw: ``nodes``, ``edges``, ``directed``, ``node_columns``/``edge_columns`` (title -> Java type), ``labels``
and ``edge_labels`` (the first *labels* of each), ``edge_kinds``, ``severe`` (SEVERE/CRITICAL import messages)
and ``issues``; or ``error``. The toolkit jar is fetched and GephiRead compiled once per machine (``$GUANXI_GEPHI_HOME``). Without a JDK or mvn the tests using it
skip, except under CI (``CI=true``) where they fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from ci import unavailable

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "gephi-check"
MISSING_PREREQUISITE = 4  # scripts/gephi-check's exit code for "no JDK or no mvn"

_PROBE = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <graph edgedefault="directed"><node id="a"/><node id="b"/><edge source="a" target="b"/></graph>
</graphml>
"""


def _run(paths: list[Path], labels: int = 5) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--labels", str(labels), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def gephi_read(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., dict]:
    """A function reading one graph file with Gephi (``labels``: how many node and edge labels to
    list, 5 by default); the toolkit is set up once per session."""
    probe = tmp_path_factory.mktemp("gephi") / "probe.graphml"
    probe.write_text(_PROBE, encoding="utf-8")
    done = _run([probe])
    if done.returncode == MISSING_PREREQUISITE:
        unavailable(f"Gephi: {done.stderr.strip()}")
    if done.returncode != 0 or json.loads(done.stdout).get("edges") != 1:
        pytest.fail(
            f"scripts/gephi-check failed on a two-node probe: {done.stderr.strip()[-500:]}", pytrace=False
        )

    def read(path: str | os.PathLike[str], *, labels: int = 5) -> dict:
        result = _run([Path(path)], labels)
        lines = result.stdout.strip().splitlines()
        if len(lines) != 1:
            raise RuntimeError(
                f"scripts/gephi-check {path}: exit {result.returncode}: {result.stderr[-500:]}"
            )
        return json.loads(lines[0])

    return read
