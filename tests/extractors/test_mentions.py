"""Mention types (``guanxi_mentions``): present, reference, byline, other, on an invented gold
and on the seed pages; the ``Person.mentions`` contract and files written before it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from guanxi.extractors import extract
from guanxi.extractors.components.mentions import MENTION_TYPES
from guanxi.extractors.extract import extract_page, get_nlp
from guanxi.extractors.gold import to_gold

from guanxi.model import ArticleExtraction, Home, Page, Person, Provenance

GOLD = Path(__file__).resolve().parent.parent / "data" / "mention_types_gold.jsonl"
HOME = "山西省/长治市"


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def _predicted(text: str) -> dict[str, tuple[str, ...]]:
    return {p.name: p.mention_types for p in extract(text, home=HOME, nlp=get_nlp()).persons}


def test_gold_covers_every_type_and_the_hard_cases():
    items = _gold()
    assert len(items) >= 30
    types = {m["type"] for item in items for m in item["mentions"]}
    assert types == set(MENTION_TYPES)
    # a person both referred to and present in one article
    assert any(
        {m["type"] for m in item["mentions"] if m["name"] == name} == {"present", "reference"}
        for item in items
        for name in {m["name"] for m in item["mentions"]}
    )


def test_mention_type_accuracy_on_the_gold():
    right = total = 0
    wrong = []
    for item in _gold():
        got = _predicted(item["text"])
        for m in item["mentions"]:
            total += 1
            types = got.get(m["name"], ())
            predicted = types[m["nth"]] if m["nth"] < len(types) else None
            if predicted == m["type"]:
                right += 1
            else:
                wrong.append((item["id"], m["name"], m["type"], predicted))
    assert right / total >= 0.90, wrong


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # 传达学习 of a leader's speech at a meeting chaired by a local official
        (
            "3月2日，县委常委会召开会议，传达学习市委书记林海在全市大会上的讲话精神。县委书记郭平主持会议。",
            "林海",
            "reference",
        ),
        (
            "3月2日，县委常委会召开会议，传达学习市委书记林海在全市大会上的讲话精神。县委书记郭平主持会议。",
            "郭平",
            "present",
        ),
        # an earlier remark quoted, and the same words reported from the happening itself
        ("省长高明远曾强调，要守牢安全底线。", "高明远", "reference"),
        ("4月3日，省长高明远到我市检查安全生产。高明远强调，要守牢安全底线。", "高明远", "present"),
        ("按照市委书记林海的要求，副市长钱斌带队督查。", "林海", "reference"),
        ("按照市委书记林海的要求，副市长钱斌带队督查。", "钱斌", "present"),
    ],
)
def test_the_grammar_around_the_name_decides(text, name, expected):
    assert set(_predicted(text)[name]) == {expected}


def test_the_same_leader_referred_to_and_present_in_one_article():
    text = (
        "6月1日，全市组织工作会议召开。会议传达学习了市委书记赵立新在市委全会上的讲话。"
        "市委书记赵立新出席会议并讲话。"
    )
    assert _predicted(text)["赵立新"] == ("reference", "present")


def test_seeds_leader_is_only_referred_to_and_chairs_are_present(seed_paths, gold):
    seen = {"习近平": 0, "chair": 0}
    for path in seed_paths:
        g = gold[path.stem]
        home = Home(g["home"].get("province"), g["home"].get("city"))
        px = extract_page(Page(path.stem, str(path), path.read_text(encoding="utf-8")), home=home)
        chairs = {p["name"] for ev in g["events"] for p in ev["participants"] if p["role"] == "主持"}
        for ax in px.articles:
            for person in ax.persons:
                for prov, mtype in zip(person.prov, person.mention_types, strict=True):
                    sentence = ax.evidence(prov)
                    if person.name == "习近平":
                        seen["习近平"] += 1
                        assert mtype == "reference", sentence
                    elif (
                        person.name in chairs
                        and "主持" in sentence[prov.end - ax.sentences[prov.sentence].start :]
                    ):
                        seen["chair"] += 1
                        assert mtype == "present", sentence
    assert seen["习近平"] >= 5 and seen["chair"] >= 3, seen


def test_bylines_are_bylines():
    got = _predicted("本报讯 记者李明 通讯员王芳报道：5月6日，市长赵敏出席活动。")
    assert got == {"李明": ("byline",), "王芳": ("byline",), "赵敏": ("present",)}


def test_extraction_files_without_mention_types_still_read():
    ex = extract("本报讯 5月6日，市委书记王建国主持会议，传达学习陈志远总书记重要讲话精神。", home=HOME)
    data = ex.to_dict()
    assert [p.get("mentions") for p in data["persons"]] == [["present"], ["reference"]]
    assert ArticleExtraction.from_dict(data) == ex
    # A file written before mention types: no "mentions" key; every mention reads as present.
    for p in data["persons"]:
        del p["mentions"]
    old = ArticleExtraction.from_dict(data)
    assert [p.mentions for p in old.persons] == [(), ()]
    assert [p.mention_types for p in old.persons] == [("present",), ("present",)]
    assert "mentions" not in Person("张三", "other").to_dict()
    prov = Provenance("a", 0, 0, 2)
    assert Person("张三", "other", prov=(prov,), mentions=("byline",)).mention_types == ("byline",)


def test_gold_schema_mentions_carry_their_type():
    page = Page(
        "p",
        "p.txt",
        "本报讯 记者李明报道：5月6日，市委书记王建国主持会议，传达学习陈志远总书记重要讲话精神。",
    )
    out = to_gold(extract_page(page, home=Home("山西省", "长治市")))
    types = {p["name"]: [m["type"] for m in p["mentions"]] for p in out["persons"]}
    assert types == {"李明": ["byline"], "王建国": ["present"], "陈志远": ["reference"]}


def test_words_and_stops_before_a_name_are_indexed_as_a_scan_finds_them():
    """The per-text index answers what scanning the clause or sentence before each name answered
    (a scan per mention made a long text without full stops quadratic): every start and end, with
    overlapping words (宣传达: 宣传 and 传达), words cut by the end, and no stop at all."""
    from guanxi.extractors.components import mentions as mt

    texts = (
        "会议要求宣传达标，认真学习贯彻落实；去年此前，大家缅怀先烈。\n以及和还有早在当年",
        "学习" * 3 + "无标点的长句子里也有贯彻二字",
        "",
    )
    for text in texts:
        around = mt._Around(text)
        for end in range(len(text) + 1):
            i = end
            while i > 0 and text[i - 1] not in mt._CLAUSE_STOP:
                i -= 1
            assert around.clause_start(end) == i
            i = end
            while i > 0 and text[i - 1] not in mt._SENTENCE_STOP:
                i -= 1
            assert around.sentence_start(end) == i
            for start in range(end + 1):
                for pattern in mt._BEFORE_WORDS:
                    assert around.found(pattern, start, end) == bool(pattern.search(text[start:end]))
