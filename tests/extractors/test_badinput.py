"""Bad input never crashes or hangs the extractors; each case has its own test."""

from __future__ import annotations

import pytest
from guanxi.extractors import extract
from guanxi.extractors.components.persons import find_persons
from guanxi.extractors.extract import extract_page

from guanxi.model import Page


def check(text: str):
    ex = extract(text, home="山西省/长治市")
    for p in ex.persons:
        for pr in p.prov:
            assert text[pr.start : pr.end] == p.name
    return ex


def test_empty_text():
    ex = check("")
    assert ex.persons == () and ex.events == ()


def test_no_chinese():
    ex = check("The mayor John Smith opened the meeting on 3/18. 12345 !!! ???")
    assert ex.persons == ()


def test_very_long_line_without_breaks():
    # ~1 MB, one line, no sentence ends: handled in linear time (chunked segmentation)
    unit = "市委常委、组织部部长杨保春主持会议并讲话，要求各级党组织认真落实"
    text = unit * (1_000_000 // len(unit))
    names = {m.name for m in find_persons(text)}
    assert names == {"杨保春"}


def test_long_run_of_one_character():
    ex = check("长" * 200_000)
    assert ex.persons == ()


def test_unbalanced_quotes_and_brackets():
    ex = check("“市委书记王建国说（要落实《规定，“村民李华说：‘好。市长（（（（张明出席")
    assert "王建国" in {p.name for p in ex.persons}


def test_stray_markup():
    text = "<p>市委书记<b>王建国</b>主持会议。</p>&nbsp;## **记者：** [链接](http://x.y) 副市长刘强出席。"
    ex = check(text)
    assert "刘强" in {p.name for p in ex.persons}


def test_mixed_scripts_and_symbols():
    text = "市长Mike王出席😀。副市长张明（Zhang Ming）、市政协主席ＡＢＣ李强出席会议。\u200b\ufeff"
    ex = check(text)
    assert "张明" in {p.name for p in ex.persons}


@pytest.mark.parametrize(
    "text", ["\n" * 10_000, "、" * 50_000, "市长" * 30_000, "（" * 40_000 + "）" * 40_000]
)
def test_degenerate_pages(text):
    px = extract_page(Page("p", "p.txt", text))
    assert px.page.text == text
