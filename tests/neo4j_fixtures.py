"""Pytest fixtures for a real Neo4j server, started with scripts/neo4j-local (a pytest plugin module).

Registered from tests/conftest.py with ``pytest_plugins = ["neo4j_fixtures"]``. Fixtures:

- ``neo4j_server`` (session): a :class:`Neo4jServer` on a fresh instance folder under pytest's tmp dir,
  auth off, free loopback ports; stopped at the end of the session.
- ``neo4j_driver`` (function): a new ``neo4j.Driver`` connected to it, closed after the test.
- ``neo4j_empty`` (function): the driver, after deleting every node, constraint and index, so each
  test starts on an empty database.
- ``neo4j_control`` (function): the server, for tests that stop, kill or restart it mid-way; the server
  is running again (same ports, same data) when the test ends.

Without java 17/21 or mvn these fixtures skip, except under CI (``CI=true``) where that fails the test.
The jars are fetched once into ``$GUANXI_NEO4J_HOME`` (default ``~/.cache/guanxi/neo4j-<version>``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from ci import unavailable

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "neo4j-local"
MISSING_PREREQUISITE = 4  # scripts/neo4j-local's exit code for "no java 17/21 or no mvn"


def _run(*args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout
    )
    if done.returncode == MISSING_PREREQUISITE:
        unavailable(f"Neo4j: {done.stderr.strip()}")
    if check and done.returncode != 0:
        pytest.fail(
            f"scripts/neo4j-local {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}",
            pytrace=False,
        )
    return done


@dataclass(frozen=True)
class Neo4jServer:
    """A running local server: where to connect, and how to drive it.

    Attributes
    ----------
    uri, http_url : str
        ``bolt://127.0.0.1:PORT`` and ``http://127.0.0.1:PORT``; stable across stop/start.
    auth : tuple[str, str] | None
        Driver auth; None because the test server runs with auth off.
    database : str
        The default database, ``neo4j``.
    data_dir, home : Path
        The instance folder (conf/, data/, logs/, import/) and the jar cache (NEO4J_HOME).
    """

    uri: str
    http_url: str
    auth: tuple[str, str] | None
    database: str
    data_dir: Path
    home: Path

    @property
    def import_dir(self) -> Path:
        return self.data_dir / "import"

    def admin(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``neo4j-admin ARGS`` on this instance (e.g. ``"database", "import", "full", ...``).

        Offline commands such as ``database import full`` need the server stopped first.
        """
        return _run("admin", "--data", str(self.data_dir), "--home", str(self.home), *args, check=check)

    def start(self) -> None:
        _run("start", "--data", str(self.data_dir), "--home", str(self.home))

    def stop(self) -> None:
        _run("stop", "--data", str(self.data_dir))

    def kill(self) -> None:
        """SIGKILL the server: a crash, no clean shutdown (recovery runs on the next start)."""
        pid = self.status().get("pid")
        if pid:
            os.kill(pid, 9)
            # Wait until it is gone, so a following start does not find the store locked.
            for _ in range(200):
                if not self.status()["running"]:
                    break
                time.sleep(0.1)

    def driver(self, **config):
        """A new ``neo4j.Driver`` for this server (CONFIG as for ``GraphDatabase.driver``); close it."""
        import neo4j

        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth, **config)

    def status(self) -> dict:
        return json.loads(_run("status", "--data", str(self.data_dir), check=False).stdout)

    def is_running(self) -> bool:
        return bool(self.status()["running"])


def start_with_password(data: Path, home: Path, password: str) -> Neo4jServer:
    """Start a second server on the new folder DATA, auth on (user neo4j, PASSWORD); stop it yourself.

    The password goes through a 0600 file (``--password-file``), never on a command line.
    """
    secret = data.parent / f"{data.name}.password"
    secret.parent.mkdir(parents=True, exist_ok=True)
    secret.write_text(password + "\n", encoding="utf-8")
    secret.chmod(0o600)
    info = json.loads(
        _run("start", "--data", str(data), "--home", str(home), "--password-file", str(secret)).stdout
    )
    return Neo4jServer(
        uri=info["uri"],
        http_url=info["http"],
        auth=("neo4j", password),
        database="neo4j",
        data_dir=data,
        home=home,
    )


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A Neo4j server on a fresh folder for the whole session (auth off)."""
    # A missing java 17/21 or mvn makes the script exit 4, which _run turns into skip (or fail in CI).
    data = tmp_path_factory.mktemp("neo4j") / "instance"
    fetched = _run("fetch")
    home = Path(fetched.stdout.strip())
    started = _run("start", "--data", str(data), "--home", str(home), "--no-auth")
    info = json.loads(started.stdout)
    server = Neo4jServer(
        uri=info["uri"],
        http_url=info["http"],
        auth=None,
        database="neo4j",
        data_dir=data,
        home=home,
    )
    try:
        yield server
    finally:
        _run("stop", "--data", str(data), check=False)


@pytest.fixture
def neo4j_driver(neo4j_server: Neo4jServer):
    """A new driver for the session server, per test.

    Per test, not per session: a driver's bookmarks outlive a store replaced by ``neo4j-admin database
    import full``, and every later query then waits for a transaction id that never comes.
    """
    driver = neo4j_server.driver()
    driver.verify_connectivity()
    try:
        yield driver
    finally:
        driver.close()


def wipe(driver, database: str = "neo4j") -> None:
    """Delete every node, relationship, constraint and index of DATABASE."""
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)  # test graphs are small
    for name in driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database).records:
        driver.execute_query(f"DROP CONSTRAINT `{name['name']}` IF EXISTS", database_=database)
    # The two token lookup indexes come with every database; keep them.
    records = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", database_=database
    ).records
    for name in records:
        driver.execute_query(f"DROP INDEX `{name['name']}` IF EXISTS", database_=database)


@pytest.fixture
def neo4j_empty(neo4j_server: Neo4jServer, neo4j_driver):
    """The session driver, on a database emptied of data, constraints and indexes."""
    if not neo4j_server.is_running():
        neo4j_server.start()
    wipe(neo4j_driver, neo4j_server.database)
    return neo4j_driver


@pytest.fixture
def neo4j_control(neo4j_server: Neo4jServer) -> Iterator[Neo4jServer]:
    """The session server, for a test that stops, kills or restarts it; running again afterwards."""
    try:
        yield neo4j_server
    finally:
        if not neo4j_server.is_running():
            neo4j_server.start()
