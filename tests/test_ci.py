"""CI is honest: no test skips under CI=true, and .ci/run fails on a failed or empty test run yet still lints."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import ci
import pytest

ROOT = Path(__file__).resolve().parent.parent

SKIPPING_TESTS = """
import pytest

def test_skips_in_its_body():
    pytest.skip("no such tool")

@pytest.mark.skip(reason="not today")
def test_skip_marker():
    pass

@pytest.mark.xfail(reason="known bug", strict=True)
def test_expected_failure():
    assert False

def test_passes():
    pass
"""


def _run_inner(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci_value: str | None
) -> pytest.RunResult:
    pytester.makepyfile(test_skipping=SKIPPING_TESTS)
    pytester.makepyfile(test_missing_module='import pytest\npytest.importorskip("no_such_module_xyz")\n')
    if ci_value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci_value)
    # A subprocess, so the inner run reads CI afresh; it loads the suite's own CI plugin.
    monkeypatch.setenv("PYTHONPATH", str(Path(ci.__file__).parent))
    return pytester.runpytest_subprocess(
        "-p", "ci", "-p", "no:cacheprovider", "-rA", "--continue-on-collection-errors"
    )  # fmt: skip


@pytest.mark.parametrize("value", ["true", "1", "YES"])
def test_every_skip_fails_in_ci(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    result = _run_inner(pytester, monkeypatch, value)
    result.stdout.fnmatch_lines(["*a test may not skip in CI*no such tool*"])
    result.stdout.fnmatch_lines(["*a test may not skip in CI*not today*"])
    result.stdout.fnmatch_lines(["*a test may not skip in CI*no_such_module_xyz*"])
    outcomes = result.parseoutcomes()
    assert outcomes.get("skipped", 0) == 0, result.stdout.str()
    # A skip in the body fails the test; a skip at setup (marker, fixture) or collection is an error.
    assert outcomes["failed"] == 1 and outcomes["errors"] == 2 and outcomes["passed"] == 1
    assert outcomes["xfailed"] == 1  # an expected failure is not a skip
    assert result.ret != 0


@pytest.mark.parametrize("value", [None, "", "false"])
def test_outside_ci_a_skip_stays_a_skip(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    result = _run_inner(pytester, monkeypatch, value)
    outcomes = result.parseoutcomes()
    assert outcomes["skipped"] == 3 and outcomes["passed"] == 1 and "failed" not in outcomes
    assert result.ret == 0


def test_one_ci_switch_for_every_fixture_module() -> None:
    """The Neo4j, Gephi and browser fixtures ask tests/ci.py; no test module reads CI itself."""
    for rel in ("tests/neo4j_fixtures.py", "tests/gephi_fixtures.py", "tests/browser_fixtures.py"):
        assert "from ci import unavailable" in (ROOT / rel).read_text(encoding="utf-8"), rel
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name not in ("ci.py", "test_ci.py"):
            assert 'environ.get("CI"' not in path.read_text(encoding="utf-8"), path


# --- .ci/run ------------------------------------------------------------------------------------------

FAKE_PYTHON3 = """#!/bin/sh
# Stands in for python3 -m venv .venv: a .venv whose pip succeeds and whose pytest and ruff
# record what they saw and exit with the codes the test asks for.
mkdir -p .venv/bin
cat > .venv/bin/pip <<'EOS'
#!/bin/sh
exit 0
EOS
cat > .venv/bin/python <<'EOS'
#!/bin/sh
echo "pytest CI=$CI args=$*" >> calls.log
exit $PYTEST_EXIT
EOS
cat > .venv/bin/ruff <<'EOS'
#!/bin/sh
echo "ruff args=$*" >> calls.log
exit $RUFF_EXIT
EOS
chmod +x .venv/bin/pip .venv/bin/python .venv/bin/ruff
"""


def _run_ci(tmp_path: Path, pytest_exit: int, ruff_exit: int = 0) -> tuple[int, list[str]]:
    """Run the real .ci/run in a copy of the repository's layout, with python3 replaced."""
    repo = tmp_path / f"repo-{pytest_exit}-{ruff_exit}"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "run", repo / ".ci" / "run")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "python3").write_text(FAKE_PYTHON3)
    (bin_dir / "python3").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(PATH=f"{bin_dir}:{env['PATH']}", PYTEST_EXIT=str(pytest_exit), RUFF_EXIT=str(ruff_exit))
    done = subprocess.run(["bash", str(repo / ".ci" / "run")], env=env, cwd=repo, capture_output=True)
    log = repo / "calls.log"
    return done.returncode, log.read_text().splitlines() if log.exists() else []


def test_ci_runs_the_tests_with_ci_true_then_ruff(tmp_path: Path) -> None:
    code, calls = _run_ci(tmp_path, 0)
    assert code == 0
    assert calls == ["pytest CI=true args=-m pytest", "ruff args=check ."]


@pytest.mark.parametrize("pytest_exit", [1, 2, 5])  # failed tests, interrupted, no tests collected
def test_ci_fails_when_pytest_fails_and_still_runs_ruff(tmp_path: Path, pytest_exit: int) -> None:
    code, calls = _run_ci(tmp_path, pytest_exit)
    assert code != 0
    assert calls == ["pytest CI=true args=-m pytest", "ruff args=check ."]


def test_ci_fails_when_ruff_fails(tmp_path: Path) -> None:
    code, calls = _run_ci(tmp_path, 0, ruff_exit=1)
    assert code != 0 and calls[-1] == "ruff args=check ."
