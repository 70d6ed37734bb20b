"""The bulk path: ``neo4j-admin database import full`` of OUT/neo4j-import gives the same graph as
``guanxi load`` of the same build (same counts, same properties), on the real admin tool.

The import runs into a second instance folder of this module's own (an offline import needs a
stopped database); the session server takes the ``guanxi load`` for comparison.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from neo4j_fixtures import SCRIPT, Neo4jServer, _run, wipe
from neo4j_helpers import counts, expected_counts, seeds_out, snapshot

from guanxi.cli import main

pytestmark = pytest.mark.neo4j


def _load(uri: str, *args: str):
    env = {"NEO4J_URI": uri, "NEO4J_PASSWORD": None, "NEO4J_DATABASE": None}
    return CliRunner().invoke(main, ["load", *args], env=env)


@pytest.fixture(scope="module")
def bulk_server(neo4j_server, tmp_path_factory):
    """A server on a folder filled by `neo4j-admin database import full` from the seeds build."""
    out = seeds_out(tmp_path_factory)
    data = tmp_path_factory.mktemp("neo4j-bulk") / "instance"
    # The documented command, run from inside OUT/neo4j-import (import.args names files relative to it).
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "admin",
            "--data",
            str(data),
            "--home",
            str(neo4j_server.home),
            "database",
            "import",
            "full",
            "neo4j",
            "--overwrite-destination",
            "@import.args",
        ],
        cwd=out / "neo4j-import",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "IMPORT DONE" in done.stdout
    info = json.loads(
        _run("start", "--data", str(data), "--home", str(neo4j_server.home), "--no-auth").stdout
    )
    server = Neo4jServer(info["uri"], info["http"], None, "neo4j", data, neo4j_server.home)
    try:
        yield server
    finally:
        _run("stop", "--data", str(data), check=False)


def test_bulk_import_equals_guanxi_load(bulk_server, neo4j_server, tmp_path_factory):
    out = seeds_out(tmp_path_factory)
    with neo4j_server.driver() as loaded:
        wipe(loaded)
        assert _load(neo4j_server.uri, str(out), "-q").exit_code == 0
        by_load = snapshot(loaded)
    with bulk_server.driver() as bulk:
        assert counts(bulk) == expected_counts(out)
        by_bulk = snapshot(bulk)
    assert len(by_bulk[0]) == len(by_load[0]) and len(by_bulk[1]) == len(by_load[1])
    assert by_bulk[0] == by_load[0]  # every node: labels and all properties, typed alike
    assert by_bulk[1] == by_load[1]  # every relationship: type, ends and all properties


def test_guanxi_load_after_bulk_import_adds_schema_and_nothing_else(bulk_server, tmp_path_factory):
    out = seeds_out(tmp_path_factory)
    with bulk_server.driver() as bulk:
        before = snapshot(bulk)
        result = _load(bulk_server.uri, str(out), "--json", "-q")
        assert result.exit_code == 0, result.output
        report = json.loads(result.stdout.strip().splitlines()[-1])
        assert report["nodes_created"] == 0 and report["relationships_created"] == 0
        assert snapshot(bulk) == before
        names = {r["name"] for r in bulk.execute_query("SHOW CONSTRAINTS YIELD name").records}
        assert "guanxi_person_id" in names
