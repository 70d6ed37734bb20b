"""The pipeline's tokenizer: jieba's words (HMM off) from a private segmenter, whitespace as spaces."""

from __future__ import annotations

from pathlib import Path

import jieba
import spacy
from guanxi.extractors import tokenizer  # noqa: F401 - registers guanxi.JiebaTokenizer.v1

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _nlp(**cfg):
    return spacy.blank(
        "zh", config={"nlp": {"tokenizer": {"@tokenizers": "guanxi.JiebaTokenizer.v1", **cfg}}}
    )


def test_same_words_as_jieba_without_hmm():
    text = next(iter(sorted(SEEDS.glob("*.txt")))).read_text(encoding="utf-8")[:20_000]
    jieba.setLogLevel(30)
    tk = jieba.Tokenizer()
    tk.initialize()
    expected = [w for w in tk.cut(text, HMM=False) if w != " "]
    doc = _nlp()(text)
    assert doc.text == text
    assert [t.text for t in doc if t.text != " "] == [w for w in expected if w != " "]


def test_user_dictionary_joins_its_words(tmp_path):
    path = tmp_path / "user.txt"
    path.write_text("云计算中心 5 n\n甲乙丙\n", encoding="utf-8")
    words = [t.text for t in _nlp(user_dict=str(path))("市里建成甲乙丙和云计算中心了")]
    assert words == ["市里", "建成", "甲乙丙", "和", "云计算中心", "了"]
    assert [t.text for t in _nlp()("市里建成甲乙丙和云计算中心了")] != words


def test_single_spaces_become_token_spaces():
    doc = _nlp()("市委书记 主持会议。")
    assert [t.text for t in doc] == ["市委书记", "主持会议", "。"]
    assert doc[0].whitespace_ == " "


def test_spaces_fold_alike_across_pieces_with_and_without_spaces():
    """A space opening a piece joins the last word of the piece before; pieces without a space
    keep their words as jieba cuts them (the same tokens as with one piece)."""
    text = "市委书记主持会议。 副市长王建国讲话。\n  会议 结束。"
    small = _nlp(max_chunk=8)(text)  # cut after each 。 and line break
    whole = _nlp()(text)
    tokens = [(t.text, t.whitespace_) for t in small]
    assert tokens == [(t.text, t.whitespace_) for t in whole]
    assert small.text == text
    assert tokens[2] == ("。", " ") and ("会议", " ") in tokens
    assert [t for t, _ in tokens[8:11]] == ["\n", " ", " "]  # a space after whitespace stays a token
