"""The spaCy pipeline: tokenizer, component order, span groups, serialization, multiprocessing."""

from __future__ import annotations

import itertools

import jieba
import pytest
import spacy
from guanxi.extractors.extract import get_nlp
from guanxi.extractors.pipeline import make_nlp
from guanxi.extractors.tokenizer import JiebaTokenizer
from spacy.tokens import DocBin

TEXT = (
    "3月18日，市委组织部召开会议。市委常委、组织部部长杨保春主持会议并讲话。市政协副主席阎新平、赵文栋参加。"
)


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def test_pipeline_order_and_tokenizer(nlp):
    assert nlp.pipe_names == [
        "guanxi_titles",
        "guanxi_bylines",
        "guanxi_persons",
        "guanxi_organizations",
        "guanxi_places",
        "guanxi_recognizer",
        "guanxi_events",
        "guanxi_appointments",
        "guanxi_mentions",
        "guanxi_entities",
    ]
    assert isinstance(nlp.tokenizer, JiebaTokenizer)
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "guanxi.JiebaTokenizer.v1"
    assert nlp.tokenizer.jieba is not jieba.dt
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values())


def test_tokens_cover_text_and_ignore_global_dictionary(nlp):
    before = [t.text for t in nlp.make_doc(TEXT)]
    assert "".join(t.text_with_ws for t in nlp.make_doc(TEXT)) == TEXT
    # a word added to jieba's global dictionary must not change our segmentation
    jieba.add_word("保春主持会")
    try:
        assert [t.text for t in nlp.make_doc(TEXT)] == before
    finally:
        jieba.del_word("保春主持会")


def test_entities_and_span_groups(nlp):
    doc = nlp(TEXT)
    persons = [s.text for s in doc.spans["guanxi_persons"]]
    assert persons == ["杨保春", "阎新平", "赵文栋"]
    assert [s.text for s in doc.spans["guanxi_titles"]] == ["市委常委", "组织部部长", "市政协副主席"]
    labels = {e.label_ for e in doc.ents}
    assert {"PERSON", "ORG"} <= labels
    # ents never overlap; span groups may (市委 inside 市委常委)
    ends = [(e.start, e.end) for e in doc.ents]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ends))
    assert doc._.guanxi_events and doc._.guanxi_events[0]["participants"]


def test_a_name_on_token_edges_is_an_exact_span_and_no_miss(nlp):
    doc = nlp("副市长朱静带领调研组深入学校调研。")
    assert [s.text for s in doc.spans["guanxi_persons"]] == ["朱静"]
    assert doc._.guanxi_misses == 0
    assert doc._.guanxi_persons[0]["name"] == "朱静"


def test_char_span_misses_are_counted(nlp):
    # jieba glues the name's last character to the next word (何 | 平和): the span is widened
    # to token edges and counted as a miss, while the person record keeps the exact name.
    doc = nlp("市长何平和代表座谈。")
    assert [t.text for t in doc][1:3] == ["何", "平和"]
    assert [s.text for s in doc.spans["guanxi_persons"]] == ["何平和"]
    assert doc._.guanxi_misses == 1
    assert [(p["name"], p["start"], p["end"]) for p in doc._.guanxi_persons] == [("何平", 2, 4)]


def test_docbin_round_trip_keeps_extensions(nlp):
    doc = nlp(TEXT)
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    (back,) = DocBin().from_bytes(data).get_docs(nlp.vocab)
    assert [p["name"] for p in back._.guanxi_persons] == ["杨保春", "阎新平", "赵文栋"]
    assert [s.text for s in back.spans["guanxi_persons"]] == ["杨保春", "阎新平", "赵文栋"]


def test_to_disk_round_trip(tmp_path, nlp):
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == nlp.pipe_names
    doc = loaded(TEXT)
    assert [s.text for s in doc.spans["guanxi_persons"]] == ["杨保春", "阎新平", "赵文栋"]


def test_pipe_two_processes():
    nlp = make_nlp()
    texts = [TEXT, "副市长朱静带领调研组深入学校调研。"] * 2
    docs = list(nlp.pipe(texts, n_process=2))
    assert [[p["name"] for p in d._.guanxi_persons] for d in docs] == [
        ["杨保春", "阎新平", "赵文栋"],
        ["朱静"],
    ] * 2
