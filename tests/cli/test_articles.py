"""``guanxi articles``: output lines, stdin, --home, --pages, every bad input and exit codes."""

from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest
from click.testing import CliRunner

from guanxi.cli import main

GOOD = "市政协召开工作会议\n\n本报讯 记者张三报道：3月19日，市政协召开工作会议。\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _lines(out: str) -> list[dict]:
    return [json.loads(x) for x in out.splitlines() if x.strip()]


def test_seeds_to_file(runner, seeds_dir, tmp_path):
    out = tmp_path / "a.jsonl"
    res = runner.invoke(main, ["articles", str(seeds_dir), "-o", str(out)])
    assert res.exit_code == 0, res.output
    recs = _lines(out.read_text(encoding="utf-8"))
    assert {r["file"] for r in recs} == {p.name for p in seeds_dir.glob("*.txt")}
    first = recs[0]
    assert first["title"] == "市委组织部理论学习中心组会议暨部务会会议召开"
    assert first["home"] == {"province": "山西省", "city": "长治市"}
    assert first["reporters"] == [{"name": "王涵", "role": "记者"}]
    # No terminal: plain progress lines, then the one-line summary.
    assert res.stderr.splitlines()[-1] == (
        f"guanxi articles: inputs 5, pages 5, articles {len(recs)}, "
        + ", ".join(f"kind: {k} {n}" for k, n in sorted(Counter(r["kind"] for r in recs).items()))
        + ", problems 0"
    )


def test_pages_mode_scores_like_gold(runner, seeds_dir, gold):
    from guanxi.extractors.evaluate import score

    res = runner.invoke(main, ["articles", str(seeds_dir), "--pages"])
    assert res.exit_code == 0
    pred = {r["file"].rsplit(".", 1)[0]: r for r in _lines(res.stdout)}
    rows = score(gold, pred)
    assert (
        rows["articles"][2] >= 0.95 and rows["reporters"][2] >= 0.95 and rows["article_date_acc"][0] >= 0.95
    )


def test_stdin_page_and_records(runner):
    res = runner.invoke(main, ["articles", "-"], input=GOOD)
    assert res.exit_code == 0
    (rec,) = _lines(res.stdout)
    assert (rec["file"], rec["title"]) == ("<stdin>", "市政协召开工作会议")
    jsonl = json.dumps({"id": "x1", "text": GOOD}, ensure_ascii=False) + "\n"
    res = runner.invoke(main, ["articles", "-", "--home", "山西省/长治市"], input=jsonl)
    (rec,) = _lines(res.stdout)
    assert (rec["file"], rec["home"]) == ("x1", {"province": "山西省", "city": "长治市"})


def test_usage_errors_exit_2(runner):
    assert runner.invoke(main, ["articles"]).exit_code == 2
    res = runner.invoke(main, ["articles", "-", "--home", "/"], input=GOOD)
    assert res.exit_code == 2 and "PROVINCE/CITY" in res.stderr


def test_output_not_writable_is_fatal(runner, tmp_path):
    res = runner.invoke(main, ["articles", "-", "-o", str(tmp_path / "no" / "dir" / "a.jsonl")], input=GOOD)
    assert res.exit_code == 3 and res.stderr.startswith("Error: ")


# --- each bad input: one stderr line with path (and line), exit code 1, good input still written


def _run_with_bad(runner, tmp_path, bad):
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    res = runner.invoke(main, ["articles", str(bad), str(good), "-q"])  # -q: the problem lines only
    assert res.exit_code == 1
    assert [r["file"] for r in _lines(res.stdout)] == ["good.txt"]
    return res.stderr.splitlines()


def test_bad_directory_named_like_a_file(runner, tmp_path):
    (tmp_path / "x.txt").mkdir()
    assert _run_with_bad(runner, tmp_path, tmp_path / "x.txt") == [
        f"guanxi: {tmp_path / 'x.txt'}: is a directory, not a file"
    ]


def test_bad_broken_symlink(runner, tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert _run_with_bad(runner, tmp_path, tmp_path / "gone.txt") == [
        f"guanxi: {tmp_path / 'gone.txt'}: broken symbolic link"
    ]


def test_bad_binary(runner, tmp_path):
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02\x03\x04" * 100)
    assert _run_with_bad(runner, tmp_path, tmp_path / "b.txt") == [
        f"guanxi: {tmp_path / 'b.txt'}: binary file (NUL bytes, not UTF-16 text)"
    ]


def test_bad_empty(runner, tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    assert _run_with_bad(runner, tmp_path, tmp_path / "e.txt") == [
        f"guanxi: {tmp_path / 'e.txt'}: empty file"
    ]


def test_bad_undecodable(runner, tmp_path):
    (tmp_path / "u.txt").write_bytes(b"\x80\x81\xfe\xff\x80abc\xff\xfe\x81" * 20)
    (line,) = _run_with_bad(runner, tmp_path, tmp_path / "u.txt")
    assert line.startswith(f"guanxi: {tmp_path / 'u.txt'}: cannot decode")


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{oops", "invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
        ('{"id": "b"}', 'missing "text"'),
        ('{"id": "b", "text": ["x"]}', '"text" must be a string, got array'),
        ('{"id": "b", "text": "正文", "title": 7}', '"title" must be a string, got number'),
    ],
)
def test_bad_jsonl_lines(runner, tmp_path, bad, reason):
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False) + "\n" + bad + "\n", "utf-8")
    res = runner.invoke(main, ["articles", str(path), "-q"])
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [f"guanxi: {path}:2: {reason}"]
    assert [r["file"] for r in _lines(res.stdout)] == ["a"]


def test_directory_with_everything(runner, tmp_path, seeds_dir):
    shutil.copy(sorted(seeds_dir.glob("*.txt"))[0], tmp_path / "page.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "empty.md").write_text("", encoding="utf-8")
    res = runner.invoke(main, ["articles", str(tmp_path), "-q"])
    assert res.exit_code == 1
    assert res.stderr.splitlines() == [f"guanxi: {tmp_path / 'sub' / 'empty.md'}: empty file"]
    assert len(_lines(res.stdout)) == 10
