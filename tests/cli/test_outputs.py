"""Outputs are never destroyed or degraded, and exit codes are honest (issues #14 and #20).

The real command runs on the seed pages: through click's CliRunner, or as a process
(``python -m guanxi``) when a signal, a lock or a full disk is part of the test.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from guanxi.cli import main
from guanxi.outputs import MARKER

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = ROOT / "seeds"


def _invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


def _guanxi(*args: str | Path, **kw) -> subprocess.Popen:
    """``guanxi ARGS`` as a process of its own (stdout and stderr captured)."""
    cmd = [sys.executable, "-m", "guanxi", *(str(a) for a in args)]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _wait_for(folder: Path, prefix: str, proc: subprocess.Popen) -> Path:
    """Wait until an entry named PREFIX… appears in FOLDER while PROC runs (no time limit)."""
    while True:
        found = sorted(p for p in folder.iterdir() if p.name.startswith(prefix))
        if found:
            return found[0]
        assert proc.poll() is None, (
            f"the run ended before {prefix}… appeared: {proc.communicate(timeout=900)}"
        )
        time.sleep(0.05)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def extractions(tmp_path_factory) -> Path:
    """extractions.jsonl of the seed pages, made by a real ``guanxi build``."""
    out = tmp_path_factory.mktemp("first") / "out"
    result = _invoke("build", SEEDS, "-o", out, "-q", "--no-html")
    assert result.exit_code == 0, result.output
    return out / "extractions.jsonl"


@pytest.fixture()
def built(tmp_path, extractions) -> Path:
    """A finished guanxi output folder ``tmp_path/out``."""
    out = tmp_path / "out"
    result = _invoke("build", extractions, "--from-extractions", "-o", out, "-q", "--no-html")
    assert result.exit_code == 0, result.output
    return out


def _build_into(out: Path, extractions: Path, *more: str):
    return _invoke("build", extractions, "--from-extractions", "-o", out, "-q", "--no-html", *more)


# --- #14: a folder guanxi did not write is not replaced ---------------------------------------


def test_build_refuses_a_folder_holding_a_users_files(tmp_path, extractions):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("my notes\n", encoding="utf-8")
    result = _build_into(out, extractions)
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"Error: {out}: not replaced: it is not a guanxi output folder (notes.txt); "
        "choose another folder, or --force to replace it"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder, no lock
    assert _snapshot(out) == {"notes.txt": b"my notes\n"}


def test_build_force_replaces_a_folder_holding_a_users_files(tmp_path, extractions):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("my notes\n", encoding="utf-8")
    result = _build_into(out, extractions, "--force")
    assert result.exit_code == 0, result.output
    assert not (out / "notes.txt").exists() and (out / "nodes.jsonl").is_file()


def test_build_replaces_its_own_output_and_an_empty_folder(tmp_path, built, extractions):
    marker = json.loads((built / MARKER).read_text(encoding="utf-8"))
    assert "nodes.jsonl" in marker["entries"] and MARKER not in marker["entries"]
    assert _build_into(built, extractions).exit_code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _build_into(empty, extractions).exit_code == 0
    assert (empty / "graph.graphml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "out"]


def test_build_refuses_its_own_output_once_a_user_added_a_file(built, extractions):
    (built / "notes.txt").write_text("added later\n", encoding="utf-8")
    before = _snapshot(built)
    result = _build_into(built, extractions)
    assert result.exit_code == 2
    assert "holds files guanxi did not write (notes.txt)" in result.output
    assert _snapshot(built) == before


# --- #14, #20: an input that does not exist is a usage error; nothing is written ---------------


@pytest.mark.parametrize("command", ["build", "articles", "extract"])
def test_a_missing_input_is_a_usage_error_and_keeps_the_output(tmp_path, built, command):
    typo = ROOT / "seedz"
    if command == "build":
        out = built
    else:
        out = tmp_path / "pages.jsonl"
        out.write_text("previous\n", encoding="utf-8")
    before, names = _snapshot(tmp_path), sorted(p.name for p in tmp_path.iterdir())
    result = _invoke(command, typo, "-o", out, "-q")
    assert result.exit_code == 2
    assert f"{typo}: no such file or directory" in result.output
    assert _snapshot(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == names


def test_build_of_a_new_folder_from_a_missing_input_writes_nothing(tmp_path):
    result = _invoke("build", tmp_path / "nosuchdir", "-o", tmp_path / "x", "-q")
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


# --- #20: when no input could be read, the previous output stays ------------------------------


def test_build_that_reads_nothing_keeps_the_previous_output(tmp_path, built):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "scan.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    before = _snapshot(built)
    result = _invoke("build", bad, "-o", built, "-q")
    assert result.exit_code == 3
    assert result.output.splitlines() == [
        f"guanxi: {bad / 'scan.txt'}: binary file (NUL bytes, not UTF-16 text)",
        f"Error: no page could be read (1 rejected); {built} was left as it was",
    ]
    assert _snapshot(built) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "out"]


@pytest.mark.parametrize("command", ["articles", "extract"])
def test_file_output_that_reads_nothing_keeps_the_previous_file(tmp_path, command):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\x01\x02\x03" * 64)
    out = tmp_path / "pages.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    result = _invoke(command, bad, "-o", out, "-q")
    assert result.exit_code == 3
    assert (
        result.output.splitlines()[-1]
        == f"Error: no page could be read (1 rejected); {out} was left as it was"
    )
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages.jsonl", "scan.txt"]


# --- #20: -o naming a symbolic link follows it ------------------------------------------------


def test_build_into_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path, built, extractions):
    link = tmp_path / "latest"
    link.symlink_to(built, target_is_directory=True)
    assert _build_into(link, extractions).exit_code == 0
    assert link.is_symlink() and link.resolve() == built.resolve()
    assert (built / "nodes.jsonl").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest", "out"]


def test_file_output_into_a_symlink_writes_its_target(tmp_path):
    target = tmp_path / "real.jsonl"
    target.write_text("previous\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    result = _invoke("articles", SEEDS, "-o", link, "-q")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and target.read_text(encoding="utf-8").count("\n") > 10


# --- #20: two builds into one folder ----------------------------------------------------------

HOLD = """
import sys
from guanxi.outputs import OutputFolder
with OutputFolder(sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.readline()
"""


def test_a_second_build_into_a_locked_folder_stops_with_a_clear_line(tmp_path, built, extractions):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(built)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "locked\n"
        before = _snapshot(built)
        result = _build_into(built, extractions)
        assert result.exit_code == 3
        assert result.output.splitlines() == [
            f"Error: {built}: another guanxi run (pid {holder.pid}) is writing it; "
            "wait until it has finished, or choose another folder"
        ]
        assert _snapshot(built) == before
    finally:
        holder.communicate("\n")
    assert holder.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # the holder's staging and lock are gone
    assert _build_into(built, extractions).exit_code == 0


# --- #20: signals: SIGTERM like Ctrl-C; leftovers of killed runs are removed -----------------


@pytest.mark.parametrize(
    ("sig", "code", "jobs"),
    [(signal.SIGTERM, 143, "1"), (signal.SIGINT, 130, "1"), (signal.SIGTERM, 143, "2")],
)
def test_interrupted_extract_keeps_the_old_file(tmp_path, sig, code, jobs):
    out = tmp_path / "pages.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    proc = _guanxi("extract", SEEDS, "-o", out, "-q", "--jobs", jobs)  # 2: forked workers too
    _wait_for(tmp_path, ".pages.jsonl.tmp-", proc)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=900)  # a hang fails, it never blocks CI
    assert proc.returncode == code, err
    assert err.splitlines()[-1] == ("guanxi: terminated" if sig == signal.SIGTERM else "guanxi: interrupted")
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages.jsonl"]


def test_terminated_build_keeps_the_old_folder_and_leaves_nothing(tmp_path, built):
    before = _snapshot(built)
    proc = _guanxi("build", SEEDS, "-o", built, "-q")
    _wait_for(tmp_path, ".out.tmp-", proc)
    proc.terminate()
    _, err = proc.communicate(timeout=900)  # a hang fails, it never blocks CI
    assert proc.returncode == 143, err
    assert _snapshot(built) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_leftovers_of_a_killed_build_are_removed_by_the_next_run(tmp_path, built, extractions):
    before = _snapshot(built)
    proc = _guanxi("build", SEEDS, "-o", built, "-q")
    staging = _wait_for(tmp_path, ".out.tmp-", proc)
    proc.kill()
    proc.communicate(timeout=900)
    assert staging.is_dir() and _snapshot(built) == before  # SIGKILL: nothing could clean up
    assert _build_into(built, extractions).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_leftover_of_a_killed_extract_is_removed_by_the_next_run(tmp_path):
    out = tmp_path / "pages.jsonl"
    proc = _guanxi("articles", SEEDS, "-o", out, "-q", stdin=subprocess.DEVNULL)
    proc.kill()  # may come before or after the temporary file is made: both must end clean
    proc.communicate(timeout=900)
    leftover = tmp_path / f".pages.jsonl.tmp-{proc.pid}-0badc0de"
    leftover.write_text('{"half": "a line', encoding="utf-8")  # as a killed run leaves it
    assert _invoke("articles", SEEDS, "-o", out, "-q").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages.jsonl"]


# --- #20: crashes and a full disk exit 3 with one line -----------------------------------------

FULL_DISK = """
mount -t tmpfs -o size=32k tmpfs "$1" || exit 97
printf 'previous\\n' > "$1/pages.jsonl"
cd "$4" && "$2" -m guanxi extract "$3" -o "$1/pages.jsonl" -q
echo "exit $?"
cat "$1/pages.jsonl"
ls -A "$1"
"""


def test_full_disk_under_extract_exits_3_with_one_line_and_keeps_the_old_file(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    # A tiny tmpfs of a private mount namespace: a real full disk, gone when the process ends.
    cmd = ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", FULL_DISK, "sh"]
    run = subprocess.run([*cmd, disk, sys.executable, SEEDS, ROOT], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["exit 3", "previous", "pages.jsonl"]
    assert run.stderr.splitlines() == [
        f"Error: {disk / 'pages.jsonl'}: cannot write: No space left on device"
    ]
    assert list(disk.iterdir()) == []  # the tmpfs was private to the namespace


MEMORY = """
import resource, sys
from guanxi.cli import main
import guanxi.cli.articles, guanxi.extractors.read, guanxi.extractors.segment, guanxi.extractors.home
size = int(open("/proc/self/status").read().split("VmSize:")[1].split()[0]) * 1024
resource.setrlimit(resource.RLIMIT_AS, (size + (48 << 20), resource.RLIM_INFINITY))
sys.argv = ["guanxi", "articles", sys.argv[1], "-o", sys.argv[2], "-q"]
main()
"""


def test_out_of_memory_exits_3_with_one_line(tmp_path):
    page = tmp_path / "huge.jsonl"  # one 96 MB line: twice the memory the process may still take
    with page.open("w", encoding="utf-8") as fh:
        fh.write('{"id": "a", "text": "' + "市委召开会议。" * ((96 << 20) // 21) + '"}\n')
    out = tmp_path / "a.jsonl"
    run = subprocess.run([sys.executable, "-c", MEMORY, page, out], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 3, run.stderr
    assert run.stderr.splitlines() == ["Error: out of memory"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["huge.jsonl"]
