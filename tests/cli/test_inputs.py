"""Reading inputs from the command line: every hostile input gives one clear line (or none when
it is read whole), nothing hangs, nothing is lost silently, and exit codes say so."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import tempfile
from pathlib import Path

import guanxi.extractors.home
import guanxi.extractors.segment
import pytest
from click.testing import CliRunner

import guanxi.cli.articles  # noqa: F401  (imported before a child process drops its privileges)
from guanxi.cli import main
from guanxi.runner import build

PAGE = "市政协召开工作会议\n\n本报讯 记者张三报道：3月19日，市政协召开工作会议。\n"


def _articles(*args: str) -> tuple[int, list[dict], list[str], str]:
    res = CliRunner().invoke(main, ["articles", "-q", *args])
    out = [json.loads(x) for x in res.stdout.splitlines() if x.strip()]
    return res.exit_code, out, res.stderr.splitlines(), res.output


def _hostile(d: Path, case: str) -> Path:
    p = d / f"{case}.txt"
    if case == "bom":
        p.write_bytes(b"\xef\xbb\xbf" + PAGE.encode())
    elif case == "utf16_no_bom":
        p.write_bytes(PAGE.encode("utf-16-le"))
    elif case == "nul":
        p.write_bytes(PAGE.encode() + b"\x00" + PAGE.encode())
    elif case == "truncated":
        p.write_bytes((PAGE + "杨").encode()[:-1])
    elif case == "one_huge_line":
        p.write_text(PAGE.replace("\n", "") * 20_000, encoding="utf-8")
    elif case == "empty":
        p.write_bytes(b"")
    elif case == "dangling_link":
        p.symlink_to(d / "nowhere.txt")
    elif case == "fifo":
        os.mkfifo(p)
    elif case == "dev_zero":
        p = d / "zero.jsonl"
        p.symlink_to("/dev/zero")
    elif case == "bad_json":
        p = d / "r.jsonl"
        p.write_text('{"id": "a", "text": "正文"}\n{"id": \n', encoding="utf-8")
    elif case == "home_empty":
        p = d / "r.jsonl"
        p.write_text('{"id": "a", "text": "正文", "home": ""}\n', encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("case", "lines"),
    [
        ("bom", 0),
        ("utf16_no_bom", 0),
        ("one_huge_line", 0),
        ("nul", 1),
        ("truncated", 1),
        ("empty", 1),
        ("dangling_link", 1),
        ("fifo", 1),
        ("dev_zero", 1),
        ("bad_json", 1),
        ("home_empty", 1),
    ],
)
def test_hostile_input_gives_one_clear_line(tmp_path, case, lines):
    bad = _hostile(tmp_path, case)
    good = tmp_path / "good.txt"
    good.write_text(PAGE, encoding="utf-8")
    code, out, err, output = _articles(str(bad), str(good))
    assert "Traceback" not in output
    assert len(err) == lines and all(x.startswith(f"guanxi: {bad}") for x in err), err
    assert code == (1 if lines else 0)
    assert good.name in {r["file"] for r in out}  # the good input is still read


def test_kept_page_is_written_and_reported(tmp_path):
    bad = _hostile(tmp_path, "nul")
    code, out, err, _ = _articles(str(bad))
    assert code == 1 and len(out) == 2  # both copies of the page's article, around the NUL
    assert err == [
        f"guanxi: {bad}:4: kept, but 1 byte is not utf-8 text (now U+FFFD): byte {len(PAGE.encode())} (line 4)"
    ]


def test_gap_records(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("\n\n" + PAGE + "\n\n" + PAGE, encoding="utf-8")
    code, out, _, _ = _articles(str(page), "--gaps")
    assert code == 0
    spans = sorted((r["start"], r["end"]) for r in out)
    assert spans[0][0] == 0 and spans[-1][1] == len(page.read_text(encoding="utf-8"))
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))  # each character once
    gaps = [r for r in out if "gap" in r]
    assert gaps and all(r["text"] == page.read_text(encoding="utf-8")[r["start"] : r["end"]] for r in gaps)
    code, (rec,), _, _ = _articles(str(page), "--gaps", "--pages")
    assert [(g["start"], g["end"]) for g in rec["gaps"]] == [(g["start"], g["end"]) for g in gaps]


def _articles_as_nobody(folder: str, queue) -> None:
    os.setuid(65534)
    queue.put(_articles(folder))


def test_folder_that_cannot_be_listed_is_reported_and_counted(tmp_path):
    # As root, a locked folder can still be listed: the run then drops to the user nobody.
    with tempfile.TemporaryDirectory(dir="/tmp") as top:
        os.chmod(top, 0o755)
        (Path(top) / "a.txt").write_text(PAGE, encoding="utf-8")
        (Path(top) / "a.txt").chmod(0o644)
        locked = Path(top) / "locked"
        locked.mkdir()
        (locked / "b.txt").write_text(PAGE, encoding="utf-8")
        locked.chmod(0o000)
        try:
            if os.geteuid() == 0:
                ctx = multiprocessing.get_context("fork")
                queue = ctx.Queue()
                child = ctx.Process(target=_articles_as_nobody, args=(top, queue))
                child.start()
                code, out, err, _ = queue.get(timeout=120)
                child.join()
            else:
                code, out, err, _ = _articles(top)
        finally:
            locked.chmod(0o755)
    assert code == 1
    assert [r["file"] for r in out] == ["a.txt"]
    assert err == [f"guanxi: {locked}: cannot list folder: Permission denied"]


def test_record_ids_are_scoped_by_file_and_a_true_duplicate_is_the_same_text(tmp_path):
    day1, day2 = tmp_path / "day1.jsonl", tmp_path / "day2.jsonl"
    rec = {"id": 1, "text": PAGE}
    day1.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    other = {"id": 1, "text": PAGE.replace("工作会议", "全体会议")}
    day2.write_text(
        json.dumps(other, ensure_ascii=False)
        + "\n"
        + json.dumps({"id": 2, "text": PAGE}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    report = build([day1, day2], tmp_path / "out", html=False)
    assert not report.problems and report.articles == 3
    assert report.inputs == 2  # files, as guanxi extract counts them, not records
    day3 = tmp_path / "day3.jsonl"
    day3.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")  # the same record again
    report = build([day1, day3], tmp_path / "out2", html=False)
    assert [p.reason.endswith("repeated; skipped") for p in report.problems] == [True]
