"""The official division index: exact names, short forms, chains and home-aware homonyms."""

from __future__ import annotations

import pytest
from guanxi.extractors.divisions import Division, load_divisions, short_forms

from guanxi.model import Home

CHANGZHI = Home("山西省", "长治市")


@pytest.fixture(scope="module")
def index():
    return load_divisions()


def test_cached_and_complete(index):
    assert load_divisions() is index
    assert len(index) == 41934
    assert index.source["source_table"] == "Xzqh20251231"
    assert len(index.children("")) == 33


def test_exact_lookup_and_codes(index):
    (qin,) = index.lookup("沁县")
    assert qin == Division("140430", "沁县", 3, "140400")
    assert qin.level_name == "county"
    assert index.by_code("140400").name == "长治市"
    assert [d.name for d in index.ancestors(index.lookup("南里镇")[0])] == ["山西省", "长治市", "沁县"]
    assert "南里镇" in {d.name for d in index.children("140430")}


@pytest.mark.parametrize(
    ("short", "official"),
    [
        ("长子", "长子县"),
        ("潞州", "潞州区"),
        ("山西", "山西省"),
        ("内蒙古", "内蒙古自治区"),
        ("新疆", "新疆维吾尔自治区"),
        ("广西", "广西壮族自治区"),
        ("延边", "延边朝鲜族自治州"),
        ("长阳", "长阳土家族自治县"),
        ("北京", "北京市"),
        ("太原", "太原市"),
    ],
)
def test_short_forms_resolve(index, short, official):
    assert index.resolve(short, home=CHANGZHI).name == official


def test_short_forms_keep_two_characters():
    assert short_forms("沁县", 3) == ()
    assert short_forms("南里镇", 4) == ("南里",)
    assert short_forms("五马街道", 4) == ("五马",)


def test_homonyms_need_context(index):
    assert len(index.lookup("城关镇")) > 50
    assert index.resolve("城关镇") is None
    # The county printed before it (chain context) or the home city picks one.
    county = index.lookup("榆中县")[0]
    assert index.resolve("城关镇", within=county.code).parent_code == county.code
    assert index.resolve("城关镇", home=Home("甘肃省", "兰州市")) is None  # several in 兰州市's counties


def test_township_short_form_only_in_context(index):
    # 朝阳 alone is the prefecture-level city, never some township 朝阳镇.
    assert index.resolve("朝阳").level == 2
    assert index.resolve("南里", home=CHANGZHI).name == "南里镇"
    assert index.resolve("南里") is None


def test_home_codes(index):
    assert index.home_codes(CHANGZHI) == ("140000", "140400")
    assert index.home_codes(Home(None, "北京市")) == ("110000", "110000")
    assert index.home_codes(None) == (None, None)
