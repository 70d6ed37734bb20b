"""One definition of a Han character (guanxi.han): every rule that reads names, organizations or
runs of Chinese text treats a rare character (Extension A, planes 2 and 3) as it treats a common one."""

from __future__ import annotations

import pytest
from guanxi.extractors import bylines, headlines
from guanxi.extractors.components.bylines import find_bylines
from guanxi.extractors.components.names import plausible_name
from guanxi.extractors.components.organizations import find_organizations
from guanxi.extractors.extract import extract
from guanxi.extractors.normalize import normalize_text
from guanxi.extractors.segment import segment

from guanxi.han import HAN_CHAR, is_han
from guanxi.model import Page

# Rare characters of given names and place names: Extension A and Extension E (plane 2).
RARE = ["䶮", "𬭚"]


def _segment(text: str):
    return [(a.kind, a.title, [r.name for r in a.reporters]) for a in segment(Page("p", "p.txt", text)).articles]


def _orgs(text: str):
    return [(m.text, m.canonical) for m in find_organizations(text)]


def _persons(text: str):
    return [(p.name, p.kind, p.posts) for p in extract(text, home="河北省/保定市").persons]


# (what reads the text, the text, its common character that the rare one replaces)
USERS = {
    "leader subtitle": (headlines.is_leader_line, "王明主持召开全市工作会议", "明"),
    "byline": (bylines.parse_byline, "本报记者 王明", "明"),
    "photo credit": (bylines.parse_credit, "王明 摄", "明"),
    "signature": (bylines.parse_signature, "·王明·", "明"),
    "dateline": (bylines.parse_dateline, "本报讯（记者 王明）3月5日，全市召开会议。", "明"),
    "bylines component": (find_bylines, "本报讯（王明）3月5日，全市召开会议。\n\n王明 摄", "明"),
    "township organization": (_orgs, "桐山镇党委召开会议", "桐"),
    "name": (plausible_name, "王明", "明"),
    "space inside a name": (normalize_text, "副主任王 明主持", "明"),
    "segmenter": (_segment, "明城日报\n\n某某会议召开\n\n3月5日，全市召开会议。会议强调要抓好落实。\n\n本报记者 王明", "明"),
    "persons and posts": (_persons, "本报讯 5月6日，市委常委、宣传部部长王明出席活动并讲话。王明强调，要抓好落实。", "明"),
}


@pytest.mark.parametrize("rare", RARE)
@pytest.mark.parametrize("user", sorted(USERS))
def test_a_rare_character_is_read_as_a_common_one(user, rare):
    read, text, common = USERS[user]
    expected = repr(read(text))
    assert common in expected or expected in ("True", "False")  # the case reads the character
    assert repr(read(text.replace(common, rare))).replace(rare, common) == expected


def test_is_han_and_the_pattern_agree_on_every_code_point():
    for code in range(0x110000):
        ch = chr(code)
        assert is_han(ch) == bool(HAN_CHAR.fullmatch(ch)), hex(code)


def test_hexagram_symbols_and_punctuation_are_no_han():
    assert not any(is_han(ch) for ch in "䷀䷿，。〇ＡA1")
    assert all(is_han(ch) for ch in "王㐀䶿鿿𠀀𬭚")
