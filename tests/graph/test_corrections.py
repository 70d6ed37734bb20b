"""Hand corrections (``--corrections``): each operation changes the graph as docs/corrections.md
says, is marked on the Person node, is listed in report.json, and lasts across rebuilds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from guanxi.graph.corrections import (
    COLUMNS,
    CorrectionError,
    correction_line,
    load_corrections,
    parse_corrections,
    person_key,
)
from guanxi.graph.report_data import build_report_data
from pages_fixtures import article, page

from guanxi.cli import main
from guanxi.model import Event, Home, Participant
from guanxi.options import BuildOptions, OptionError
from guanxi.runner import build, build_from_extractions

HOME = Home("山西省", "晋城市")
CHANGZHI = Home("山西省", "长治市")
HEADER = ",".join(COLUMNS)


def _pages():
    """Invented pages: one name held by the party secretaries of two cities, and seen on a page
    without a home (which of them it is, resolution cannot tell); a misspelt name; a headline
    phrase taken for a person; one name held by two men (before and after June)."""
    a1 = article(
        "h1#1",
        "3月1日，市委书记孙志远主持召开会议，市长陈晓峰出席。金秋时节参加会议。",
        date="2024-03-01",
        persons=(
            ("孙志远", "official", (("市委书记", "书记", "市委"),)),
            ("陈晓峰", "official", (("市长", "市长", "市政府"),)),
            ("金秋时节", "other", ()),
        ),
        events=(
            Event(
                "市委会议",
                "meeting",
                "2024-03-01",
                participants=(Participant("孙志远", "主持"), Participant("金秋时节", "出席")),
            ),
        ),
    )
    a2 = article(
        "h1#2",
        "9月2日，县长陈晓峰到乡镇调研，孙智远陪同。",
        date="2024-09-02",
        persons=(
            ("陈晓峰", "official", (("县长", "县长", "沁水县政府"),)),
            ("孙智远", "official", ()),
        ),
    )
    b1 = article(
        "n1#1",
        "3月5日，市委书记孙志远在调研时强调要抓好落实。",
        date="2024-03-05",
        persons=(("孙志远", "official", (("市委书记", "书记", "市委"),)),),
    )
    c1 = article(
        "c1#1",
        "3月3日，市委书记孙志远主持召开市委常委会会议。",
        date="2024-03-03",
        persons=(("孙志远", "official", (("市委书记", "书记", "市委"),)),),
    )
    return [page("h1", a1, a2, home=HOME), page("n1", b1, home=Home()), page("c1", c1, home=CHANGZHI)]


def _csv(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "corrections.csv"
    path.write_text("\n".join((HEADER, *lines)) + "\n", encoding="utf-8")
    return path


def _build(tmp_path: Path, name: str, corrections: Path | None = None):
    out = tmp_path / name
    report = build_from_extractions(_pages(), out, BuildOptions(html=False, corrections=corrections))
    nodes = [json.loads(x) for x in (out / "nodes.jsonl").read_text(encoding="utf-8").splitlines()]
    edges = [json.loads(x) for x in (out / "edges.jsonl").read_text(encoding="utf-8").splitlines()]
    return out, report, nodes, edges


def _persons(nodes: list[dict], name: str) -> list[dict]:
    return [n for n in nodes if n["label"] == "Person" and n["properties"]["name"] == name]


def test_merge_joins_the_homeless_copy_into_the_person_with_a_home(tmp_path: Path):
    _, _, before, _ = _build(tmp_path, "before")
    homes = ["", "晋城市", "长治市"]
    assert sorted(n["properties"].get("home", "") for n in _persons(before, "孙志远")) == homes
    path = _csv(tmp_path, "merge,孙志远,,孙志远,晋城市,,")
    _, report, nodes, edges = _build(tmp_path, "after", path)
    assert sorted(n["properties"].get("home", "") for n in _persons(nodes, "孙志远")) == homes[1:]
    (one,) = [n for n in _persons(nodes, "孙志远") if n["properties"]["home"] == "晋城市"]
    assert one["properties"]["articles"] == 2 and one["properties"]["corrected"] == [2]
    assert one["properties"]["first_seen"] == "2024-03-01" and one["properties"]["last_seen"] == "2024-03-05"
    # Its posts follow it: the homeless page's post is now the same person's.
    posts = [e for e in edges if e["type"] == "HOLDS_POST" and e["source"] == one["id"]]
    assert {a for e in posts for a in e["properties"]["articles"]} == {"h1#1", "n1#1"}
    assert report.to_dict()["corrections"] == [
        {"line": f"{path}:2", "op": "merge", "name": "孙志远", "status": "applied", "mentions": 1}
    ]


def test_rename_drop_and_unmatched_are_applied_and_reported(tmp_path: Path):
    path = _csv(
        tmp_path,
        "rename,孙智远,晋城市,孙志远,,,",
        "drop,金秋时节,晋城市,,,,",
        "# a comment line",
        "drop,无此人,晋城市,,,,",
    )
    _, before, bnodes, _ = _build(tmp_path, "before")
    _, report, nodes, edges = _build(tmp_path, "after", path)
    assert _persons(bnodes, "孙智远") and _persons(bnodes, "金秋时节")
    assert not _persons(nodes, "孙智远") and not _persons(nodes, "金秋时节")
    (sun,) = [n for n in _persons(nodes, "孙志远") if n["properties"].get("home") == "晋城市"]
    assert sun["properties"]["articles"] == 2 and sun["properties"]["corrected"] == [2]
    # A dropped person leaves no node, no MENTIONED_IN, no role in the meeting and no pair.
    ids = {n["id"] for n in nodes}
    assert all(e["source"] in ids and e["target"] in ids for e in edges)
    assert before.counts["PARTICIPATED_IN"] - report.counts["PARTICIPATED_IN"] == 1
    listed = {
        c["line"].rsplit(":", 1)[1]: (c["status"], c["mentions"]) for c in report.to_dict()["corrections"]
    }
    assert listed == {"2": ("applied", 1), "3": ("applied", 1), "5": ("not matched", 0)}


def test_split_by_date_and_by_post_make_a_second_person(tmp_path: Path):
    _, _, before, _ = _build(tmp_path, "before")
    assert len(_persons(before, "陈晓峰")) == 1
    for i, line in enumerate(("split,陈晓峰,晋城市,,,2024-06-01,", "split,陈晓峰,晋城市,,,,县长")):
        _, report, nodes, edges = _build(tmp_path, f"after{i}", _csv(tmp_path, line))
        two = sorted(_persons(nodes, "陈晓峰"), key=lambda n: n["properties"]["first_seen"])
        assert [(n["properties"]["first_seen"], n["properties"].get("corrected")) for n in two] == [
            ("2024-03-01", [2]),
            ("2024-09-02", [2]),
        ]
        held = {e["source"]: e["properties"]["canonical"] for e in edges if e["type"] == "HOLDS_POST"}
        assert (held[two[0]["id"]], held[two[1]["id"]]) == ("市长", "县长")
        assert report.corrections[0]["mentions"] == 1


def test_post_fix_changes_the_title_held(tmp_path: Path):
    _, report, nodes, edges = _build(tmp_path, "after", _csv(tmp_path, "post,陈晓峰,晋城市,副市长,,,市长"))
    (chen,) = _persons(nodes, "陈晓峰")
    held = sorted(
        e["properties"]["canonical"] for e in edges if e["type"] == "HOLDS_POST" and e["source"] == chen["id"]
    )
    assert held == ["副市长", "县长"]
    assert chen["properties"]["corrected"] == [2] and report.corrections[0]["mentions"] == 1


def test_corrections_by_node_id_last_across_rebuilds(tmp_path: Path):
    _, _, before, _ = _build(tmp_path, "before")
    (homeless,) = [n for n in _persons(before, "孙志远") if not n["properties"].get("home")]
    path = _csv(tmp_path, f"merge,{homeless['id']},,孙志远,晋城市,,")
    first, _, nodes, _ = _build(tmp_path, "after", path)
    assert [n for n in _persons(nodes, "孙志远") if not n["properties"].get("home")] == []
    # A rebuild from the stored extractions gives the same corrected graph, byte for byte.
    again = tmp_path / "again"
    build([first / "extractions.jsonl"], again, html=False, from_extractions=True, corrections=path)
    for name in ("nodes.jsonl", "edges.jsonl", "graph.graphml"):
        assert (again / name).read_bytes() == (first / name).read_bytes(), name


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (("merge,孙志远,,,,,",), "corrections.csv:2: merge needs a value in column 'to'"),
        (("drop,孙志远,晋城市,,,,", "join,甲,乙,,,,"), "corrections.csv:3: unknown operation 'join'"),
        (("split,陈晓峰,晋城市,,,2024-13-01,",), "corrections.csv:2: date: '2024-13-01' is not an ISO date"),
        (("split,陈晓峰,晋城市,,,,",), "corrections.csv:2: split needs either 'date' or 'post'"),
        (("drop,孙志远",), "corrections.csv:2: expected 7 columns, got 2"),
        (("drop,孙志远,晋城市,孙智远,,,",), "corrections.csv:2: drop takes no 'to'"),
    ],
)
def test_a_bad_line_is_named_with_its_path_and_line(tmp_path: Path, lines, reason):
    path = _csv(tmp_path, *lines)
    with pytest.raises(CorrectionError) as err:
        load_corrections(path)
    assert str(err.value).startswith(str(tmp_path / reason))
    with pytest.raises(OptionError, match="corrections: "):
        BuildOptions(corrections=path)


def test_a_bad_header_is_refused():
    with pytest.raises(CorrectionError, match=r"^c.csv:1: the header must be op,name,home"):
        parse_corrections("name,op\n", "c.csv")


def test_build_with_a_bad_file_exits_2_before_writing(tmp_path: Path):
    src = tmp_path / "src"
    build_from_extractions(_pages(), src, html=False)
    path = _csv(tmp_path, "rename,孙智远,晋城市,,,,")
    out = tmp_path / "out"
    args = ["build", str(src / "extractions.jsonl"), "--from-extractions", "-o", str(out), "--corrections"]
    result = CliRunner().invoke(main, [*args, str(path)])
    assert result.exit_code == 2
    assert f"{path}:2: rename needs a value in column 'to'" in result.output
    assert not out.exists()
    fixes = _csv(tmp_path, "drop,金秋时节,晋城市,,,,", "drop,无此人,晋城市,,,,")
    result = CliRunner().invoke(main, [*args, str(fixes), "--no-html"])
    assert result.exit_code == 0, result.output
    # The run summary names the line that matched nothing.
    assert "1 of 2 corrections applied" in result.output
    assert f"not matched  {fixes}:3: drop 无此人" in result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["corrections"][0]["status"] == "applied"


def test_corrections_command_writes_lines_the_build_reads(tmp_path: Path):
    runner = CliRunner()
    one = runner.invoke(
        main, ["corrections", "line", "merge", "孙志远", "--to", "孙志远", "--to-home", "晋城市", "--header"]
    )
    assert one.exit_code == 0, one.output
    assert one.output == f"{HEADER}\nmerge,孙志远,,孙志远,晋城市,,\n"
    bad = runner.invoke(main, ["corrections", "line", "split", "陈晓峰", "--home", "晋城市"])
    assert bad.exit_code == 2 and "split needs either 'date' or 'post'" in bad.output
    out, _, _, _ = _build(tmp_path, "before")
    listed = runner.invoke(main, ["corrections", "candidates", str(out)])
    assert listed.exit_code == 0, listed.output
    path = tmp_path / "candidates.csv"
    path.write_text(listed.output, encoding="utf-8")
    # The candidate list is itself a corrections file: its merge lines join the three 孙志远.
    assert [(c.op, c.home, c.to_home) for c in load_corrections(path).items] == [
        ("merge", "", "晋城市"),
        ("merge", "长治市", "晋城市"),
    ]
    _, report, nodes, _ = _build(tmp_path, "after", path)
    assert len(_persons(nodes, "孙志远")) == 1
    assert [c["status"] for c in report.corrections] == ["applied", "applied"]


def test_lines_act_in_file_order_on_what_the_lines_above_made():
    text = "\n".join(
        (
            HEADER,
            "rename,乙某,晋城市,丙某,,,",  # names nothing yet: 乙某 is made by the next line
            "merge,甲某,,乙某,晋城市,,",
            "rename,乙某,晋城市,丁某,,,",
        )
    )
    fixes = parse_corrections(text, "c.csv")
    assert fixes.apply(("甲某", "", "person"), None, ()) == (("丁某", "晋城市", "person"), (), (3, 4))
    # A journalist of that name is not the person named by name and home.
    assert fixes.apply(("乙某", "晋城市", "journalist"), None, ()) == (
        ("乙某", "晋城市", "journalist"),
        (),
        (),
    )


def test_a_corrected_mention_without_a_home_marks_the_person_it_joins(tmp_path: Path):
    # 陈晓峰 is named on the page without a home only with a typo; renamed, he is the 晋城 mayor.
    pages = _pages()
    n2 = article(
        "n1#2",
        "3月6日，陈小峰主持召开市政府常务会议。",
        date="2024-03-06",
        persons=(("陈小峰", "official", ()),),
    )
    pages[1] = page("n1", *pages[1].articles, n2, home=Home())
    path = _csv(tmp_path, "rename,陈小峰,,陈晓峰,,,")
    out = tmp_path / "out"
    report = build_from_extractions(pages, out, BuildOptions(html=False, corrections=path))
    nodes = [json.loads(x) for x in (out / "nodes.jsonl").read_text(encoding="utf-8").splitlines()]
    (chen,) = _persons(nodes, "陈晓峰")
    assert chen["properties"]["home"] == "晋城市" and chen["properties"]["articles"] == 3
    assert chen["properties"]["corrected"] == [2] and report.corrections[0]["mentions"] == 1
    assert report.persons_without_home["joined"] == 1
def _keyed_pages():
    """:func:`_pages` and a page with a byline journalist and one name held by two county heads on
    one day (two persons of one block, split by conflicting posts)."""
    c1 = article(
        "h2#1",
        "3月1日，沁水县县长李强到企业调研。",
        date="2024-03-01",
        reporters=("周文",),
        persons=(("李强", "official", (("县长", "县长", "沁水县政府"),)), ("周文", "journalist", ())),
    )
    c2 = article(
        "h2#2",
        "3月1日，阳城县县长李强主持召开会议。",
        date="2024-03-01",
        persons=(("李强", "official", (("县长", "县长", "阳城县政府"),)),),
    )
    return [*_pages(), page("h2", c1, c2, home=HOME)]


def test_person_key_names_each_person_as_a_line_can(tmp_path: Path):
    split = "split,陈晓峰,晋城市,,,2024-06-01,"

    def persons(name: str, *lines: str) -> tuple[Path, list[dict]]:
        out = tmp_path / name
        fixes = _csv(tmp_path, split, *lines)
        build_from_extractions(_keyed_pages(), out, BuildOptions(html=False, corrections=fixes))
        nodes = [json.loads(x) for x in (out / "nodes.jsonl").read_text(encoding="utf-8").splitlines()]
        return out, [n for n in nodes if n["label"] == "Person"]

    out, before = persons("before")
    keys = {
        n["id"]: person_key(
            n["id"],
            n["properties"]["name"],
            n["properties"].get("home") or "",
            n["properties"]["kind"],
            n["properties"].get("corrected", ()),
        )
        for n in before
    }
    by_name = {n["id"]: n["properties"]["name"] for n in before}
    # The page carries the same keys.
    rows = {e["id"]: e.get("c") for e in build_report_data(out)["entities"] if e["id"] in keys}
    assert rows == {pid: list(k) if k else None for pid, k in keys.items()}
    named = sorted((by_name[pid], k is not None and not k[0].startswith("person:")) for pid, k in keys.items())
    # Named by name and home: the three 孙志远 (two homes and none), 陈晓峰, the first 李强; by id:
    # the part of 陈晓峰 the split made and the journalist; the second 李强 cannot be named.
    assert named == sorted(
        [("孙志远", True), ("孙志远", True), ("孙志远", True), ("孙智远", True), ("金秋时节", True),
         ("陈晓峰", True), ("陈晓峰", False), ("李强", True), ("李强", False), ("周文", False)]
    )  # fmt: skip
    assert sum(k is None for k in keys.values()) == 1
    # A drop line written with each key removes that person (the key of a block's first person
    # names its whole block: the second 李强 goes with it; with one 孙志远 with a home left, the
    # copy without a home is his: it joins him).
    homes = {n["id"]: n["properties"].get("home") for n in before}
    for pid, key in keys.items():
        if key is None:
            continue
        _, after = persons("after", correction_line(op="drop", name=key[0], home=key[1]))
        gone = {n["id"] for n in before} - {n["id"] for n in after}
        same_block = {p for p, k in keys.items() if k is None and by_name[p] == by_name[pid]}
        namesakes = [p for p in keys if p != pid and by_name[p] == by_name[pid]]
        homed_left = [p for p in namesakes if homes[p]]
        joined = {p for p in namesakes if not homes[p]} if homes[pid] and len(homed_left) == 1 else set()
        want = {pid} | (same_block if key[0] == by_name[pid] else set()) | joined
        assert gone == want, (by_name[pid], key)
