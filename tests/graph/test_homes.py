"""Homes in resolution and in the run report (issue 18: homes never silent).

Invented records: a page without a home keeps its bare 市委 apart from the qualified one and is
named in the report, while its persons join the one person of their name with a home (apart and
counted when several fit); a county paper's bare 县委 is its own county's, a city paper's (or a
homeless page's) the one county its article names, else unresolved: never one body shared by
counties.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from guanxi.graph.report_data import build_report_data
from pages_fixtures import COUNTY_RECORDS, homeless_pages

from guanxi.cli import main
from guanxi.runner import build, build_from_extractions


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


def test_records_without_a_home_keep_bare_bodies_apart_and_are_reported(tmp_path):
    # Half the records carry the city; the text of the others names no place.
    text = "5月{}日，市委书记王建国主持召开市委常委会会议。"
    rows = [
        {"id": f"r{d}", "text": text.format(d), **({"home": "山西省/长治市"} if d % 2 else {})}
        for d in range(1, 7)
    ]
    src = _records(tmp_path / "records.jsonl", rows)
    out = tmp_path / "out"
    report = build([src], out, html=False)

    persons = [(p["name"], p.get("home"), p["articles"]) for p in _nodes(out, "Person")]
    assert persons == [("王建国", "长治市", 6)]  # the one 王建国 with a home: the person is whole...
    orgs = {o["name"] for o in _nodes(out, "Organization")}
    assert {"长治市委", "市委"} <= orgs  # ...but the bare 市委 is not merged with the qualified one

    homeless = ["r2", "r4", "r6"]
    assert report.without_home == {str(src): homeless}  # ...and the pages are named
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    persons_report = {"joined": 3, "ambiguous": 0, "ambiguous_names": 0, "first": []}
    assert data["without_home"] == {
        "pages": 3,
        "files": {str(src): {"pages": 3, "first": homeless}},
        "persons": persons_report,
    }


def _person_nodes(out: Path) -> list[dict]:
    return [r for r in _lines(out / "nodes.jsonl") if r["label"] == "Person"]


def test_without_a_home_every_person_is_as_whole_as_with_one(tmp_path):
    homed = build_from_extractions(homeless_pages(homed=True), tmp_path / "homed", html=False)
    report = build_from_extractions(homeless_pages(), tmp_path / "homeless", html=False)
    assert homed.without_home == {} and report.pages_without_home == 2
    # The same Person nodes, ids and counts: the secretary (bare 市委书记), the mayor (once without
    # a post, once as 市长 at a bare 市政府) and the journalist of the byline.
    persons = _person_nodes(tmp_path / "homeless")
    assert persons == _person_nodes(tmp_path / "homed")
    assert sorted((p["properties"]["name"], p["properties"]["articles"]) for p in persons) == [
        ("刘振华", 2),
        ("周明远", 3),
        ("孙晓雯", 2),
    ]
    assert report.persons_without_home == {"joined": 4, "ambiguous": 0, "ambiguous_names": 0, "first": []}
    # Their bare bodies stay bare: the secretary holds 书记 at 长治市委 and at the bare 市委.
    (liu,) = [p["id"] for p in persons if p["properties"]["name"] == "刘振华"]
    edges = _lines(tmp_path / "homeless" / "edges.jsonl")
    org_names = {n["id"]: n["properties"]["name"] for n in _lines(tmp_path / "homeless" / "nodes.jsonl")}
    held = sorted(org_names[e["target"]] for e in edges if e["type"] == "HOLDS_POST" and e["source"] == liu)
    assert held == ["市委", "长治市委"]


def test_a_name_with_a_home_in_two_cities_joins_only_where_the_post_fits(tmp_path):
    report = build_from_extractions(homeless_pages(namesakes=True), tmp_path / "out", html=False)
    persons = sorted(
        (p["properties"]["name"], p["properties"].get("home") or "", p["properties"]["articles"])
        for p in _person_nodes(tmp_path / "out")
    )
    assert persons == [
        # A bare 市委书记 is the secretary of 长治, where the name holds it, not the mayor of 晋城.
        ("刘振华", "晋城市", 1),
        ("刘振华", "长治市", 2),
        # Named without a post, the mayor could be either: apart, and counted as ambiguous; as 市长
        # (n2) he is 长治's, where the name is the mayor, not 晋城's vice-mayor.
        ("周明远", "", 1),
        ("周明远", "晋城市", 1),
        ("周明远", "长治市", 2),
        ("孙晓雯", "长治市", 2),
    ]
    counts = {"joined": 3, "ambiguous": 1, "ambiguous_names": 1, "first": ["周明远"]}
    assert report.persons_without_home == counts
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["without_home"]["persons"] == counts


def test_the_persons_do_not_depend_on_the_order_of_the_pages(tmp_path):
    pages = homeless_pages(namesakes=True)
    build_from_extractions(pages, tmp_path / "a", html=False)
    build_from_extractions(pages[::-1], tmp_path / "b", html=False)
    assert _person_nodes(tmp_path / "a") == _person_nodes(tmp_path / "b")


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


def test_summary_counts_the_persons_joined_and_kept_apart(tmp_path):
    build_from_extractions(homeless_pages(namesakes=True), tmp_path / "first", html=False)
    args = ["build", str(tmp_path / "first" / "extractions.jsonl"), "--from-extractions", "--no-html"]
    result = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (
        "their person mentions: 3 joined the one person of the name with a home, 1 kept apart"
        " (1 name held by several: report.json without_home.persons)"
    ) in result.output


def test_the_report_page_cites_a_joined_mention_as_evidence_of_the_person(tmp_path):
    build_from_extractions(homeless_pages(namesakes=True), tmp_path / "out", html=False)
    data = build_report_data(tmp_path / "out")

    ids = {(p["properties"]["name"], p["properties"].get("home")): p["id"] for p in _person_nodes(tmp_path / "out")}

    def cited(name: str, home: str | None) -> list[str]:
        (entity,) = [e for e in data["entities"] if e["id"] == ids[(name, home)]]
        return sorted(data["articles"][data["sentences"][s][0]][1] for s, _, _ in entity["ev"])

    # The secretary's page without a home (2024-04-08) is evidence of the 长治 secretary it joined;
    # the mayor named there without a post is evidence of the person kept apart, no other.
    assert cited("刘振华", "长治市") == ["2024-04-01", "2024-04-08"]
    assert cited("周明远", "长治市") == ["2024-04-01", "2024-04-15"]
    assert cited("周明远", None) == ["2024-04-08"]
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
