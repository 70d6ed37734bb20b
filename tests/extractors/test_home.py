"""Home detection from the text: counties and districts vote for their city."""

from __future__ import annotations

from guanxi.extractors.home import detect_home

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
