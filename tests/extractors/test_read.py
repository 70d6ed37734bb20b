"""Reading inputs: encodings, JSONL records, directories, huge pages, and every bad input."""

from __future__ import annotations

import codecs
import json
import os
import shutil
from pathlib import Path

import pytest
from guanxi.extractors import read as read_mod
from guanxi.extractors.read import decode, read_inputs

from guanxi.model import Home, Page, Problem


@pytest.fixture(scope="module")
def seed_text(seed_paths) -> str:
    return seed_paths[0].read_text(encoding="utf-8")


def _one(path: Path) -> Page | Problem:
    (item,) = list(read_inputs([path]))
    return item


@pytest.mark.parametrize(
    ("encoding", "prefix", "name"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8-sig"),
        ("gb18030", b"", "gb18030"),
        ("gbk", b"", "gb18030"),  # GBK is a subset of GB18030: same text
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
    ],
)
def test_encodings_decode_to_the_original(tmp_path, seed_text, encoding, prefix, name):
    path = tmp_path / "page.txt"
    path.write_bytes(prefix + seed_text.encode(encoding))
    page = _one(path)
    assert isinstance(page, Page)
    assert page.text == seed_text
    assert page.encoding == name


def test_every_seed_in_gbk_and_utf16(tmp_path, seed_paths):
    for p in seed_paths:
        text = p.read_text(encoding="utf-8")
        for enc in ("gbk", "utf-16"):
            assert decode(text.encode(enc))[0] == text


def test_directory_is_read_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.md").write_text("第二页", encoding="utf-8")
    (tmp_path / "1.txt").write_text("第一页", encoding="utf-8")
    (tmp_path / "skip.csv").write_text("a,b", encoding="utf-8")
    pages = list(read_inputs([tmp_path]))
    assert [p.text for p in pages] == ["第一页", "第二页"]


def test_jsonl_records(tmp_path):
    rec = {
        "id": "r1",
        "text": "标题\n正文。",
        "title": "标题",
        "date": "2024-05-01",
        "url": "http://x.cn/1",
        "home": {"province": "山西省", "city": "长治市"},
    }
    path = tmp_path / "r.jsonl"
    path.write_text(
        json.dumps(rec, ensure_ascii=False) + "\n\n" + json.dumps({"text": "无编号"}) + "\n", "utf-8"
    )
    a, b = read_inputs([path])
    assert (a.page_id, a.line, a.get("title"), a.get("date"), a.home) == (
        "r1",
        1,
        "标题",
        "2024-05-01",
        Home("山西省", "长治市"),
    )
    assert (b.page_id, b.line) == ("r:3", 3)
    # --home given by the user wins over the record's own
    (c, _) = read_inputs([path], home=Home("河北省", "唐山市"))
    assert c.home == Home("河北省", "唐山市")


# --- bad inputs: each is a Problem with path, line and reason, and reading goes on


def _problems_and_pages(tmp_path, make):
    good = tmp_path / "good.txt"
    good.write_text("本报讯 记者张三报道：3月1日，会议召开。", encoding="utf-8")
    bad = make(tmp_path)
    items = list(read_inputs([bad, good]))
    problems = [x for x in items if isinstance(x, Problem)]
    pages = [x for x in items if isinstance(x, Page)]
    assert [p.path for p in pages] == [str(good)]  # the good input is still read
    return problems


def test_unreadable_directory_named_like_a_file(tmp_path):
    (p,) = _problems_and_pages(tmp_path, lambda d: (d / "x.txt").mkdir() or d / "x.txt")
    assert p.reason == "is a directory, not a file" and p.line is None


def test_unreadable_broken_symlink(tmp_path):
    def make(d):
        (d / "gone.txt").symlink_to(d / "nowhere.txt")
        return d / "gone.txt"

    (p,) = _problems_and_pages(tmp_path, make)
    assert p.reason == "broken symbolic link"


def test_missing_file(tmp_path):
    (p,) = _problems_and_pages(tmp_path, lambda d: d / "absent.txt")
    assert p.reason == "no such file"


def test_binary_file(tmp_path):
    def make(d):
        (d / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
        return d / "img.txt"

    (p,) = _problems_and_pages(tmp_path, make)
    assert p.reason.startswith("binary file")


def test_empty_file(tmp_path):
    def make(d):
        (d / "empty.txt").write_bytes(b"  \n\n")
        return d / "empty.txt"

    (p,) = _problems_and_pages(tmp_path, make)
    assert p.reason == "empty file"


def test_undecodable_file(tmp_path):
    def make(d):
        (d / "bad.txt").write_bytes(b"\x80\x81\xfe\xff\x80abc\xff\xfe\x81" * 20)
        return d / "bad.txt"

    (p,) = _problems_and_pages(tmp_path, make)
    assert p.reason.startswith("cannot decode")


HOME_SHAPE = '"home" must be {"province": str, "city": str} or "PROVINCE/CITY"'


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{bad json", "invalid JSON: Expecting property name enclosed in double quotes (column 2)"),
        ('{"id": "a"}', 'missing "text"'),
        ('{"id": "a", "text": 5}', '"text" must be a string, got number'),
        ('{"id": ["a"], "text": "正文"}', '"id" must be a string or an integer, got array'),
        ('{"id": "a", "text": "正文", "date": 20240101}', '"date" must be a string, got number'),
        ('{"id": "a", "text": "正文", "home": 3}', HOME_SHAPE),
        ('{"id": "a", "text": "正文", "home": ""}', HOME_SHAPE),
        ('{"id": "a", "text": "正文", "home": "山西省/长治市/城区"}', HOME_SHAPE),
        ('{"id": "a", "text": "正文", "home": {"city": 5}}', HOME_SHAPE),
        ('["a"]', "expected a JSON object, got a JSON array"),
        ('{"id": "a", "text": "  "}', 'empty "text"'),
    ],
)
def test_malformed_jsonl_line(tmp_path, line, reason):
    path = tmp_path / "r.jsonl"
    path.write_text(
        '{"id": "ok1", "text": "正文一"}\n' + line + '\n{"id": "ok2", "text": "正文二"}\n', "utf-8"
    )
    items = list(read_inputs([path]))
    assert [type(x).__name__ for x in items] == ["Page", "Problem", "Page"]
    assert items[1] == Problem(str(path), 2, reason)


def test_jsonl_home_as_a_string_is_province_slash_city(tmp_path):
    path = tmp_path / "r.jsonl"
    lines = [{"text": "正文", "home": "山西省/长治市"}, {"text": "正文", "home": "长治市"}]
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    assert [p.home for p in read_inputs([path])] == [Home("山西省", "长治市"), Home(None, "长治市")]


def test_jsonl_line_in_gbk_is_read_and_a_bad_byte_kept_and_reported(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(
        '{"id": "a", "text": "正文"}\n'.encode("gbk")
        + b'{"id": "b", "text": "ok\xff"}\n'
        + '{"id": "c", "text": "会议\x00"}\n'.encode()
    )
    a, b, b_bad, c, c_bad = read_inputs([path])
    assert (a.page_id, a.text, a.encoding) == ("a", "正文", "gb18030")
    assert (b.page_id, b.text) == ("b", "ok\ufffd")
    assert b_bad == Problem(
        str(path), 2, "kept, but 1 byte is not utf-8 text (now U+FFFD): byte 23 of the line"
    )
    assert (c.text, c_bad.line) == ("会议\ufffd", 3)
    assert c_bad.reason.endswith("byte 27 of the line")


def test_huge_page_is_cut_into_parts(tmp_path, monkeypatch, seed_text):
    monkeypatch.setattr(read_mod, "PART_CHARS", 30_000)
    monkeypatch.setattr(read_mod, "_READ_BYTES", 8192)
    path = tmp_path / "big.txt"
    text = seed_text * 20
    path.write_text(text, encoding="utf-8")
    parts = list(read_inputs([path]))
    assert len(parts) > 2
    assert all(isinstance(p, Page) and len(p.text) < 70_000 for p in parts)
    assert "".join(p.text for p in parts) == text
    assert [p.page_id for p in parts][:2] == ["big#0", "big#1"]
    # parts are cut at paragraph breaks
    assert all(p.text.endswith("\n") for p in parts[:-1])


# --- pages that decode only in part: kept, and the bad bytes reported with their positions


def _page_and_problem(path: Path) -> tuple[Page, Problem]:
    page, problem = read_inputs([path])
    assert isinstance(page, Page) and isinstance(problem, Problem)
    return page, problem


def test_utf8_without_a_line_break_in_the_first_64_kib(tmp_path):
    path = tmp_path / "x.txt"
    text = ("杨保春主持会议。" * 3000 + "\n") * 10  # the first line is 72 KB
    path.write_text(text, encoding="utf-8")
    assert [(p.text, p.encoding) for p in read_inputs([path])] == [(text, "utf-8")]


def test_gb18030_without_a_line_break_in_the_first_64_kib(tmp_path):
    path = tmp_path / "x.txt"
    text = "x" + ("杨保春主持会议。" * 3000 + "\n") * 2
    path.write_bytes(text.encode("gb18030"))
    assert [(p.text, p.encoding) for p in read_inputs([path])] == [(text, "gb18030")]


def test_page_whose_encoding_changes_part_way_is_read_in_both(tmp_path):
    head = "市委召开常委会会议\n\n本报讯 市委书记主持会议。\n" * 50
    tail = "市政府召开常务会议\n\n本报讯 市长出席会议。\n" * 50
    path = tmp_path / "mixed.txt"
    path.write_bytes(head.encode("utf-8") + tail.encode("gb18030"))
    assert [(p.text, p.encoding) for p in read_inputs([path])] == [(head + tail, "utf-8+gb18030")]


def test_encoding_changes_inside_a_line(tmp_path):
    # a download appended to another without a line break between them
    head, tail = "本报讯 市委书记主持会议。" * 5, "市长出席会议并讲话。" * 5 + "\n"
    path = tmp_path / "mixed.txt"
    path.write_bytes(head.encode("utf-8") + tail.encode("gb18030"))
    assert [p.text for p in read_inputs([path])] == [head + tail]


def test_one_bad_byte_keeps_the_page_and_reports_line_and_byte(tmp_path):
    lines = ["市委召开常委会会议", "本报讯 市委书记主持会议。", "会议要求各地抓好落实。"]
    raw = "\n".join(lines).encode("utf-8")
    at = raw.index("会议要求".encode())
    path = tmp_path / "p.txt"
    path.write_bytes(raw[:at] + b"\xff" + raw[at:])
    page, problem = _page_and_problem(path)
    assert page.text == "\n".join(lines[:2]) + "\n\ufffd" + lines[2]
    assert problem == Problem(
        str(path), 3, f"kept, but 1 byte is not utf-8 text (now U+FFFD): byte {at} (line 3)"
    )


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16-le"])
def test_truncated_last_character_keeps_the_page(tmp_path, encoding):
    text = "市委召开常委会会议\n本报讯 市委书记主持会议。\n杨"
    raw = text.encode(encoding)[:-1]
    path = tmp_path / "p.txt"
    path.write_bytes(raw)
    page, problem = _page_and_problem(path)
    assert page.text == text[:-1] + "\ufffd"
    left = len("杨".encode(encoding)) - 1  # the bytes of the cut character still in the file
    span = f"byte {len(raw) - 1}" if left == 1 else f"bytes {len(raw) - left}-{len(raw) - 1}"
    assert problem.line == 3 and problem.reason.endswith(f"{span} (line 3)")


def test_nul_bytes_keep_the_page(tmp_path):
    raw = "本报讯 市委书记主持会议。\n".encode() * 3 + b"\x00\x00" + "市长出席。\n".encode()
    path = tmp_path / "p.txt"
    path.write_bytes(raw)
    page, problem = _page_and_problem(path)
    assert page.text == "本报讯 市委书记主持会议。\n" * 3 + "\ufffd市长出席。\n"
    at = raw.index(b"\x00")
    assert problem == Problem(
        str(path), 4, f"kept, but 2 bytes are not utf-8 text (now U+FFFD): bytes {at}-{at + 1} (line 4)"
    )


def test_bad_bytes_of_a_huge_page_are_reported_once_with_file_offsets(tmp_path, monkeypatch):
    monkeypatch.setattr(read_mod, "PART_CHARS", 3_000)
    monkeypatch.setattr(read_mod, "_READ_BYTES", 1000)
    para = "本报讯 市委书记主持会议，会议要求各地抓好落实。\n\n".encode()
    raw = para * 100 + b"\xfe" + para * 100 + b"\xfe"
    path = tmp_path / "big.txt"
    path.write_bytes(raw)
    *parts, problem = read_inputs([path])
    assert len(parts) >= 2 and all(isinstance(p, Page) for p in parts)
    assert "".join(p.text for p in parts) == raw.decode("utf-8", "replace")
    assert problem.line == 201
    assert problem.reason.endswith(f"byte {len(para) * 100} (line 201), byte {len(raw) - 1} (line 401)")


def test_undecodable_bytes_still_reject_a_file_that_is_not_text(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes(b"\x80\x81\xfe\xff\x80abc\xff\xfe\x81" * 20)
    (problem,) = read_inputs([path])
    assert problem.reason == "cannot decode: not UTF-8, UTF-16 or GB18030 text"


# --- files: regular files only, each real file once, folders that cannot be listed


def test_fifo_is_reported_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would wait for a writer forever
    (tmp_path / "page.txt").write_text("本报讯 市长出席会议。", encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert items[1] == Problem(
        str(tmp_path / "pipe.txt"), None, "not a regular file (a named pipe (FIFO)); not read"
    )
    assert isinstance(items[0], Page) and len(items) == 2


def test_jsonl_link_to_a_device_is_reported_not_read(tmp_path):
    (tmp_path / "zero.jsonl").symlink_to("/dev/zero")
    (problem,) = read_inputs([tmp_path / "zero.jsonl"])
    assert problem.reason == "not a regular file (a character device); not read"


def test_jsonl_line_longer_than_the_bound_is_skipped_with_a_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(read_mod, "MAX_LINE_BYTES", 1 << 20)
    path = tmp_path / "r.jsonl"
    long = json.dumps({"id": "big", "text": "长" * (1 << 20)}, ensure_ascii=False)
    path.write_text('{"id": "a", "text": "正文"}\n' + long + '\n{"id": "b", "text": "正文"}\n', "utf-8")
    a, problem, b = read_inputs([path])
    assert (a.page_id, b.page_id, b.line) == ("a", "b", 3)
    assert problem == Problem(str(path), 2, "line longer than 1 MiB; skipped")


def test_symlinked_file_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("本报讯 市长出席会议。", encoding="utf-8")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    items = list(read_inputs([tmp_path, tmp_path / "a.txt"]))
    assert [type(x).__name__ for x in items] == ["Page", "Problem", "Problem"]
    assert items[0].path == str(tmp_path / "a.txt")
    assert [x.reason for x in items[1:]] == [f"same file as {tmp_path / 'a.txt'}: read once"] * 2


def test_symlinked_folder_is_followed_once(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "in" / "a.txt").write_text("本报讯 市长出席会议。", encoding="utf-8")
    (tmp_path / "elsewhere" / "b.txt").write_text("本报讯 市委书记出席会议。", encoding="utf-8")
    (tmp_path / "in" / "more").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere" / "loop").symlink_to(tmp_path / "in")
    items = list(read_inputs([tmp_path / "in"]))
    assert [(type(x).__name__, x.path) for x in items] == [
        ("Page", str(tmp_path / "in" / "a.txt")),
        ("Page", str(tmp_path / "in" / "more" / "b.txt")),
    ]


def test_folder_removed_before_it_is_listed_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text("本报讯 市长出席会议。", encoding="utf-8")
    for name in ("b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "p.txt").write_text("本报讯 市长出席会议。", encoding="utf-8")
    items = read_inputs([tmp_path])
    first = next(items)  # the walk has listed the top folder, not yet b/ and c/
    shutil.rmtree(tmp_path / "b")
    rest = list(items)
    assert first.path == str(tmp_path / "a.txt")
    assert rest[0] == Problem(str(tmp_path / "b"), None, "cannot list folder: No such file or directory")
    assert [type(x).__name__ for x in rest[1:]] == ["Page"]
