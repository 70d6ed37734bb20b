"""Extraction does not depend on how the text arrives: traditional script, spaces printed inside
names, text hard-wrapped every few characters. The seeds are perturbed and scored against their
gold; invented sentences check that every offset still points into the text as it was given."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from guanxi.extractors import extract, extract_pages, to_gold
from guanxi.extractors.components.names import surnames
from guanxi.extractors.evaluate import score

from guanxi.model import Home, Page

HOME = Home("山西省", "长治市")
_S2T = opencc.OpenCC("s2t")


def _traditional(text: str, gold: dict) -> str:
    return _S2T.convert(text)


def _spaced(text: str, gold: dict) -> str:
    # A space after the surname of every gold person, wherever the name is printed (PDF text).
    table = surnames()
    for name in sorted({p["name"] for p in gold["persons"]}, key=len, reverse=True):
        k = 2 if len(name) > 2 and name[:2] in table else 1
        text = text.replace(name, name[:k] + " " + name[k:])
    return text


def _wrapped(text: str, gold: dict, width: int = 22) -> str:
    return "\n".join(
        "\n".join(line[i : i + width] for i in range(0, len(line), width)) for line in text.split("\n")
    )


def _scores(seed_paths, gold, perturb=None) -> dict[str, tuple[float, ...]]:
    pages = []
    for path in seed_paths:
        text = path.read_text(encoding="utf-8")
        if perturb is not None:
            changed = perturb(text, gold[path.stem])
            assert changed != text
            text = changed
        pages.append(Page(path.stem, path.name, text, home=HOME))
    pred = {Path(px.page.file).stem: to_gold(px) for px in extract_pages(pages)}
    return score(gold, pred)


@pytest.fixture(scope="module")
def clean_scores(seed_paths, gold):
    return _scores(seed_paths, gold)


@pytest.mark.parametrize("perturb", [_traditional, _spaced, _wrapped], ids=["traditional", "spaces", "wraps"])
def test_perturbed_seeds_score_as_the_clean_ones(seed_paths, gold, clean_scores, perturb):
    got = _scores(seed_paths, gold, perturb)
    assert got["persons"][2] >= clean_scores["persons"][2] - 0.02, got["persons"]
    assert got["titles"][2] >= clean_scores["titles"][2] - 0.04, got["titles"]
    assert got["officials"][2] >= clean_scores["officials"][2] - 0.02, got["officials"]


def _persons(text: str) -> list[tuple[str, list[str]]]:
    return [(p.name, [q.title for q in p.posts]) for p in extract(text, home=HOME).persons]


def _original_spans(text: str) -> dict[str, list[str]]:
    # Each person with the stretches of the given text its page offsets cover.
    ex = extract(text, home=HOME)
    return {p.name: [text[pr.page_start : pr.page_end] for pr in p.prov] for p in ex.persons}


def test_traditional_sentence_reads_as_simplified_with_offsets_into_the_original():
    text = "會議由市委常委、副市長陸曉峰主持，市政府秘書長郝靜怡通報了有關情況。"
    clean = "会议由市委常委、副市长陆晓峰主持，市政府秘书长郝静怡通报了有关情况。"
    assert (
        _persons(text)
        == _persons(clean)
        == [("陆晓峰", ["市委常委", "副市长"]), ("郝静怡", ["市政府秘书长"])]
    )
    assert _original_spans(text) == {"陆晓峰": ["陸曉峰"], "郝静怡": ["郝靜怡"]}


def test_spaces_inside_names_with_offsets_into_the_original():
    text = "市人大常委会副主任柯 岚出席会议并讲话，区长欧阳 明宇主持。"
    assert _persons(text) == _persons(text.replace(" ", ""))
    assert [n for n, _ in _persons(text)] == ["柯岚", "欧阳明宇"]
    assert _original_spans(text) == {"柯岚": ["柯 岚"], "欧阳明宇": ["欧阳 明宇"]}


def test_hard_wrapped_text_keeps_its_titles_whole():
    clean = (
        "本报讯 6月3日，全区防汛工作会商会召开。市委常委、区委书记晏鸿飞出席会议并讲话，要求各部门"
        "压实责任，做好汛期值班值守工作。区长庞雅琴主持会议。全区各乡镇、区直各有关部门负责人参加会议。"
    )
    text = "\n".join(clean[i : i + 22] for i in range(0, len(clean), 22))  # hard-wrapped every 22
    assert "市\n委常委" in text  # the break falls inside the title
    assert _persons(text) == _persons(clean) == [("晏鸿飞", ["市委常委", "区委书记"]), ("庞雅琴", ["区长"])]
    spans = _original_spans(text)
    assert {name: [s.replace("\n", "") for s in got] for name, got in spans.items()} == {
        "晏鸿飞": ["晏鸿飞"],
        "庞雅琴": ["庞雅琴"],
    }


def test_provenance_of_a_perturbed_page_points_into_the_page(seed_paths, gold):
    # Offsets into the article's clean text hold the name; offsets into the page hold it as printed.
    path = seed_paths[0]
    text = _spaced(_S2T.convert(path.read_text(encoding="utf-8")), gold[path.stem])
    (px,) = extract_pages([Page(path.stem, path.name, text, home=HOME)])
    n = 0
    for ax in px.articles:
        for p in ax.persons:
            for pr in p.prov:
                assert ax.article.text[pr.start : pr.end] == p.name
                printed = text[pr.page_start : pr.page_end]
                assert opencc.OpenCC("t2s").convert(printed.replace(" ", "")) == p.name
                n += 1
    assert n > 20
