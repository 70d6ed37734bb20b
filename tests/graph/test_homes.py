"""Homes in resolution and in the run report (issue 18: homes never silent).

Invented records: a page without a home keeps its bare 市委 apart from the qualified one and is
named in the report; a county paper's bare 县委 is its own county's, a city paper's (or a homeless
page's) the one county its article names, else unresolved: never one body shared by counties.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from guanxi.graph.report_data import build_report_data
from pages_fixtures import COUNTY_RECORDS

from guanxi.cli import main
from guanxi.runner import build


def _records(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _nodes(out: Path, label: str) -> list[dict]:
    return [r["properties"] for r in _lines(out / "nodes.jsonl") if r["label"] == label]


def _build(tmp_path: Path, rows) -> Path:
    """The output folder of a local build of the JSONL records *rows*."""
    out = tmp_path / "out"
    build([_records(tmp_path / "r.jsonl", list(rows))], out, html=False)
    return out


def _org_names(out: Path) -> set[str]:
    return {o["name"] for o in _nodes(out, "Organization")}


def test_records_without_a_home_stay_apart_and_are_reported(tmp_path):
    # Half the records carry the city; the text of the others names no place.
    text = "5月{}日，市委书记王建国主持召开市委常委会会议。"
    rows = [
        {"id": f"r{d}", "text": text.format(d), **({"home": "山西省/长治市"} if d % 2 else {})}
        for d in range(1, 7)
    ]
    src = _records(tmp_path / "records.jsonl", rows)
    out = tmp_path / "out"
    report = build([src], out, html=False)

    persons = sorted((p["name"], p.get("home") or "") for p in _nodes(out, "Person"))
    assert persons == [("王建国", ""), ("王建国", "长治市")]  # the unanchored copy is apart...
    orgs = {o["name"] for o in _nodes(out, "Organization")}
    assert {"长治市委", "市委"} <= orgs  # ...and its bare 市委 is not merged with the qualified one

    homeless = ["r2", "r4", "r6"]
    assert report.without_home == {str(src): homeless}  # ...and both are named
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["without_home"] == {"pages": 3, "files": {str(src): {"pages": 3, "first": homeless}}}


def test_every_page_with_a_home_reports_none(tmp_path):
    src = _records(
        tmp_path / "r.jsonl", [{"id": "a", "text": "市委书记王建国主持会议。", "source": "运城日报"}]
    )
    out = tmp_path / "out"
    report = build([src], out, html=False)
    assert report.without_home == {}
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["without_home"]["pages"] == 0
    assert "运城市委" in {o["name"] for o in _nodes(out, "Organization")}


def test_bare_county_committees_of_two_county_papers_are_two_bodies(tmp_path):
    rows = [
        {"id": "q", "text": "5月6日，县委书记聂卫东主持召开县委常委会会议。", "source": "沁县报"},
        {"id": "w", "text": "5月6日，县委书记赵志刚主持召开县委常委会会议。", "source": "武乡县报"},
    ]
    orgs = _org_names(_build(tmp_path, rows))
    assert {"沁县委", "武乡县委"} <= orgs
    assert "县委" not in orgs  # never one node shared by the two counties


def test_summary_table_and_report_page_name_pages_without_a_home(tmp_path):
    rows = [
        {"id": "a", "text": "市委书记王建国主持会议。", "source": "运城日报"},
        {"id": "b", "text": "市委书记王建国主持会议。"},
    ]
    out = tmp_path / "out"
    src = _records(tmp_path / "r.jsonl", rows)
    result = CliRunner().invoke(main, ["build", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    read = result.output[result.output.index("Read") : result.output.index("Nodes")]
    assert next(line for line in read.splitlines() if "without a home" in line).split()[-2] == "1"
    assert ["1", str(src)] in [line.split() for line in result.output.splitlines()]  # the file is named
    assert build_report_data(out)["summary"]["without_home"] == 1


def test_bare_county_committees_of_a_city_paper_are_the_county_named_or_none(tmp_path):
    out = _build(tmp_path, COUNTY_RECORDS)
    orgs = _org_names(out)
    # The one county an article names qualifies its bare 县委; no bare county body is a node.
    assert orgs == {"沁县委", "沁县委常委会", "武乡县委", "武乡县委常委会"}
    names = {n["id"]: n["properties"]["name"] for n in _lines(out / "nodes.jsonl")}
    held = {
        (names[e["source"]], names[e["target"]])
        for e in _lines(out / "edges.jsonl")
        if e["type"] == "HOLDS_POST"
    }
    assert held == {("聂卫东", "沁县委"), ("赵志刚", "武乡县委")}
    # An article naming no county, or two, keeps its bare bodies on its Article node, unresolved;
    # its secretary keeps the title as printed.
    unresolved = {a["name"].split()[0]: a.get("unresolved_orgs") for a in _nodes(out, "Article")}
    bare = ["县委", "县委常委会"]
    assert unresolved == {"q": None, "w": None, "x": bare, "y": bare, "z": bare}
    assert {p["name"]: p["titles"] for p in _nodes(out, "Person")}["钱文"] == ["县委书记"]
    # The report page finds the qualified body of a bare mention (its sentence is the evidence).
    ents = {e["n"]: e for e in build_report_data(out)["entities"]}
    assert ents["沁县委常委会"]["ev"] and ents["武乡县委常委会"]["ev"]


def test_a_county_printed_twice_is_one_body(tmp_path):
    rows = [
        {"id": "a", "text": "5月6日，沁县县委书记聂卫东主持会议。", "source": "长治日报"},
        {"id": "b", "text": "5月7日，县委书记聂卫东在沁县调研。", "source": "长治日报"},
    ]
    assert _org_names(_build(tmp_path, rows)) == {"沁县委"}
