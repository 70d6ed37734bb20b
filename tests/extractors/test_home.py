"""Home detection from the text: counties and districts vote for their city."""

from __future__ import annotations

import json

from guanxi.extractors.home import detect_home, home_from_header, home_from_paper

from guanxi.model import Home


def test_seed_pages_home(seed_paths, gold):
    for path in seed_paths:
        home = detect_home(path.read_text(encoding="utf-8"))
        expected = gold[path.stem]["home"]
        assert home == Home(expected["province"], expected["city"]), path.name


def test_districts_of_another_city():
    text = "我市召开会议。会议要求乐亭县、曹妃甸区、迁安市做好防汛工作，滦州市积极配合。"
    assert detect_home(text) == Home("河北省", "唐山市")


def test_paper_name_counts():
    assert detect_home("来源：铁岭日报 我市召开会议") == Home("辽宁省", "铁岭市")


def test_no_evidence_gives_none():
    assert detect_home("今天天气很好，我们一起去公园。") is None
    assert detect_home("") is None


# --- a paper's name, the page header, datelines (issue 18: homes never silent) -------------


def test_paper_name_gives_the_division_it_names():
    assert home_from_paper("运城日报") == Home("山西省", "运城市")
    assert home_from_paper("太原晚报") == Home("山西省", "太原市")
    # A county paper: the county too, so that its bare 县委 is that county's.
    assert home_from_paper("沁县报") == Home("山西省", "长治市", "沁县")
    assert home_from_paper("武乡县融媒体中心") == Home("山西省", "长治市", "武乡县")


def test_paper_name_that_is_no_division_gives_no_home():
    # From the division list, never from a list of papers: an invented or national title names none.
    assert home_from_paper("青禾日报") is None
    assert home_from_paper("人民日报") is None
    assert home_from_paper("运城") is None  # a place, not a paper's name


def test_page_header_names_the_paper():
    text = "运城日报  2024年5月6日  第3版\n会议强调，要抓好当前各项工作。"
    assert home_from_header(text) == Home("山西省", "运城市")
    # A paper's name in the body is no header.
    assert home_from_header("会议强调，要抓好工作。\n\n\n据运城日报报道，活动举行。") is None
    assert home_from_header("运城日报记者报道，活动举行。") is None  # no issue date or page number


def test_wire_dateline_place_is_not_the_papers_home():
    # 运城 twice (dateline and text) would win over 长治 once; the dateline's place is not counted.
    text = "新华社运城5月6日电 会议在运城召开，长治代表团出席。"
    assert detect_home(text) is None
    assert detect_home("本报5月6日讯 今天天气很好。") is None  # 本报讯 names no place


def test_record_source_gives_the_page_home(tmp_path):
    from guanxi.extractors.extract import extract_page
    from guanxi.extractors.read import read_inputs

    rows = [
        {"id": "a", "text": "市委书记王建国主持召开会议。", "source": "运城日报"},
        {"id": "b", "text": "县委书记聂卫东主持召开会议。", "source": "沁县报"},
        {"id": "c", "text": "市委书记王建国主持召开会议。", "source": "青禾日报"},
        {"id": "d", "text": "运城日报 2024年5月6日 第2版\n市委书记王建国主持召开会议。"},
    ]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    homes = {p.page_id: extract_page(p).home for p in read_inputs([path])}
    assert homes == {
        "a": Home("山西省", "运城市"),
        "b": Home("山西省", "长治市", "沁县"),
        "c": Home(),
        "d": Home("山西省", "运城市"),
    }
