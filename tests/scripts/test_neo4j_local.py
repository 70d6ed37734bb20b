"""scripts/neo4j-local against the real server it starts (fixtures in tests/neo4j_fixtures.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from neo4j_fixtures import SCRIPT, Neo4jServer

pytestmark = pytest.mark.neo4j


def count(driver, query: str = "MATCH (n) RETURN count(n) AS c", **params) -> int:
    return driver.execute_query(query, params).records[0]["c"]


def test_server_answers_bolt_with_the_pinned_version(neo4j_server: Neo4jServer, neo4j_empty) -> None:
    records = neo4j_empty.execute_query("CALL dbms.components() YIELD versions, edition").records
    assert records[0]["edition"] == "community"
    assert records[0]["versions"][0].startswith("5.26.")
    assert neo4j_server.uri.startswith("bolt://127.0.0.1:")
    assert neo4j_server.status()["running"] is True


def test_env_prints_exports_for_the_instance(neo4j_server: Neo4jServer) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "env", "--data", str(neo4j_server.data_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert f"export NEO4J_URI={neo4j_server.uri}" in lines
    assert "export NEO4J_DATABASE=neo4j" in lines
    assert "unset NEO4J_USERNAME NEO4J_PASSWORD" in lines  # auth off


def test_browser_is_served(neo4j_server: Neo4jServer) -> None:
    with urllib.request.urlopen(f"{neo4j_server.http_url}/browser/", timeout=10) as resp:
        page = resp.read().decode("utf-8")
    assert "<title>Neo4j Browser</title>" in page
    with urllib.request.urlopen(neo4j_server.http_url + "/", timeout=10) as resp:
        discovery = json.loads(resp.read())
    assert discovery["bolt_direct"] == neo4j_server.uri


def test_stop_and_start_keep_data_and_uri(neo4j_control: Neo4jServer, neo4j_empty) -> None:
    neo4j_empty.execute_query("CREATE (:Person {id: 'p:1', name: '张三'})")
    uri = neo4j_control.uri
    neo4j_control.stop()
    assert neo4j_control.is_running() is False
    neo4j_control.start()
    assert neo4j_control.status()["uri"] == uri
    assert count(neo4j_empty, "MATCH (n:Person {name: '张三'}) RETURN count(n) AS c") == 1


def test_kill_then_start_recovers_committed_data(neo4j_control: Neo4jServer, neo4j_empty) -> None:
    neo4j_empty.execute_query("UNWIND range(1, 100) AS i CREATE (:Place {id: 'pl:' + i})")
    neo4j_control.kill()
    assert neo4j_control.is_running() is False
    neo4j_control.start()
    assert count(neo4j_empty) == 100


def test_admin_bulk_import_from_the_same_jars(
    neo4j_control: Neo4jServer, neo4j_empty, tmp_path: Path
) -> None:
    nodes = tmp_path / "nodes.csv"
    rels = tmp_path / "rels.csv"
    # neo4j-admin CSV: quotes doubled, arrays split on ';'.
    nodes.write_text('id:ID,name,:LABEL\np1,"王 ""五""",Person\no1,某某局,Organization\n', encoding="utf-8")
    rels.write_text(":START_ID,:END_ID,:TYPE,articles:string[]\np1,o1,HOLDS_POST,a:1;a:2\n", encoding="utf-8")
    neo4j_control.stop()
    done = neo4j_control.admin(
        "database",
        "import",
        "full",
        "neo4j",
        "--overwrite-destination",
        f"--nodes={nodes}",
        f"--relationships={rels}",
    )
    assert "IMPORT DONE" in done.stdout
    neo4j_control.start()
    # The import replaced the store, so the session driver's bookmarks point past it: use no bookmarks.
    records = neo4j_empty.execute_query(
        "MATCH (p:Person)-[r:HOLDS_POST]->(o:Organization) RETURN p.name AS p, r.articles AS a, o.name AS o",
        bookmark_manager_=None,
    ).records
    assert [(r["p"], r["a"], r["o"]) for r in records] == [('王 "五"', ["a:1", "a:2"], "某某局")]


def _password_file(tmp_path: Path, password: str, mode: int = 0o600) -> Path:
    path = tmp_path / "neo4j-password"
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


def test_password_mode_on_a_second_instance(neo4j_server: Neo4jServer, tmp_path: Path) -> None:
    import neo4j
    from neo4j.exceptions import AuthError

    data = tmp_path / "auth-instance"
    password = 'pa"ss\\w$rd 长治'
    script = [sys.executable, str(SCRIPT)]
    home = ["--home", str(neo4j_server.home)]
    secret = _password_file(tmp_path, password)
    started = subprocess.run(
        [*script, "start", "--data", str(data), *home, "--password-file", str(secret)],
        capture_output=True,
        text=True,
    )
    try:
        assert started.returncode == 0, started.stderr
        info = json.loads(started.stdout)
        assert info["auth"] is True
        # The hashed initial password is the owner's only (neo4j-admin's own file would be 0644).
        assert (data / "data" / "dbms" / "auth.ini").stat().st_mode & 0o777 == 0o600
        with neo4j.GraphDatabase.driver(info["uri"], auth=("neo4j", password)) as driver:
            user = driver.execute_query(
                "SHOW CURRENT USER YIELD user, passwordChangeRequired", database_="system"
            )
            assert user.records[0].data() == {"user": "neo4j", "passwordChangeRequired": False}
        with (
            pytest.raises(AuthError),
            neo4j.GraphDatabase.driver(info["uri"], auth=("neo4j", "wrong-one")) as d,
        ):
            d.verify_connectivity()
        env = subprocess.run(
            [*script, "env", "--data", str(data)], capture_output=True, text=True, check=True
        )
        assert "export NEO4J_USERNAME=neo4j" in env.stdout.splitlines()
        # Another password for a running instance, or for a folder whose password is set, is refused.
        other = {**os.environ, "NEO4J_PASSWORD": "another-password"}
        again = subprocess.run(
            [*script, "start", "--data", str(data), *home, "--auth"],
            capture_output=True,
            text=True,
            env=other,
        )
        assert again.returncode == 2
        assert "another password" in again.stderr
        subprocess.run([*script, "stop", "--data", str(data)], capture_output=True, check=True)
        again = subprocess.run(
            [*script, "start", "--data", str(data), *home, "--auth"],
            capture_output=True,
            text=True,
            env=other,
        )
        assert again.returncode == 2
        assert "already set" in again.stderr
    finally:
        subprocess.run([*script, "stop", "--data", str(data)], capture_output=True, check=False)


def _processes_showing(secret: str) -> list[str]:
    """The command lines in /proc that contain SECRET (what `ps` shows to every user)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes() if proc.name.isdigit() else b""
        except OSError:  # gone meanwhile
            continue
        if secret.encode() in cmdline:
            found.append(proc.name + ": " + cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return found


def test_password_never_shows_in_ps(neo4j_server: Neo4jServer, tmp_path: Path) -> None:
    """While `start --auth` runs, and once the server is up, no process has the password in argv."""
    data = tmp_path / "ps-instance"
    password = "ps-Secret-7q2w9e"
    script = [sys.executable, str(SCRIPT)]
    env = {**os.environ, "NEO4J_PASSWORD": password}
    proc = subprocess.Popen(
        [*script, "start", "--data", str(data), "--home", str(neo4j_server.home), "--auth"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[str] = []
    try:
        while proc.poll() is None:  # sample every process for the whole start
            seen += _processes_showing(password)
            time.sleep(0.02)
        stdout, stderr = proc.communicate()
        assert proc.returncode == 0, stderr
        info = json.loads(stdout)
        seen += _processes_showing(password)
        server_env = Path(f"/proc/{info['pid']}/environ").read_bytes()
        assert password.encode() not in server_env
        import neo4j

        with neo4j.GraphDatabase.driver(info["uri"], auth=("neo4j", password)) as driver:
            driver.verify_connectivity()
    finally:
        if proc.poll() is None:
            proc.kill()
        subprocess.run([*script, "stop", "--data", str(data)], capture_output=True, check=False)
    assert seen == []
    assert password not in stdout + stderr


def test_password_on_the_command_line_is_refused(tmp_path: Path) -> None:
    script = [sys.executable, str(SCRIPT), "start", "--data", str(tmp_path / "x")]
    done = subprocess.run([*script, "--password", "cmdline-Secret-1"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "visible to every user" in done.stderr and "cmdline-Secret-1" not in done.stderr
    loose = _password_file(tmp_path, "loose-Secret-22", mode=0o644)
    done = subprocess.run([*script, "--password-file", str(loose)], capture_output=True, text=True)
    assert done.returncode == 2
    assert "chmod 600" in done.stderr and "loose-Secret-22" not in done.stderr
    assert not (tmp_path / "x" / "data").exists()  # nothing started


def test_short_password_is_refused(tmp_path: Path) -> None:
    env = {**os.environ, "NEO4J_PASSWORD": "short"}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "start", "--data", str(tmp_path / "x"), "--auth"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2
    assert "at least 8 characters" in done.stderr
