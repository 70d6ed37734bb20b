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
