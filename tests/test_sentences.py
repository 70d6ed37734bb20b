"""Sentence units: prose sentences kept whole, over-long (list) sentences cut into bounded units."""

from __future__ import annotations

from guanxi.sentences import MAX_SENTENCE, sentence_index, sentence_spans, sentence_starts

PROSE = (
    "本报讯 3月5日，市委书记李志远主持召开市委常委会会议。“要抓好落实。”市长赵敏说。\n会议还研究了其他事项。"
)
# An invented list: 400 items joined by 、 in one sentence, with a sentence of prose after it.
ITEMS = [f"东{c}乡{d}家村" for c in "甲乙丙丁戊己庚辛壬癸" for d in "一二三四五六七八九十" * 4]
LIST = "受表彰的单位是：" + "、".join(ITEMS) + "。会议要求各地学习先进。"


def test_prose_sentences_are_whole_and_quotes_stay_with_their_sentence():
    spans = sentence_spans(PROSE)
    # The line break after 。 is a unit of its own, empty once white space is left out.
    texts = [PROSE[s.start : s.end] for s in spans]
    assert texts == [
        "本报讯 3月5日，市委书记李志远主持召开市委常委会会议。",
        "“要抓好落实。”",
        "市长赵敏说。",
        "",
        "会议还研究了其他事项。",
    ]
    assert not any(s.cut for s in spans)
    starts = sentence_starts(PROSE)
    assert [sentence_index(starts, s.start) for s in spans if s.end > s.start] == [0, 1, 2, 4]


def test_a_long_list_is_cut_after_separators_into_bounded_units():
    spans = sentence_spans(LIST)
    assert len(LIST) > 5 * MAX_SENTENCE
    *pieces, last = spans
    assert LIST[last.start : last.end] == "会议要求各地学习先进。" and not last.cut
    assert len(pieces) >= len(LIST) // MAX_SENTENCE and all(s.cut for s in pieces)
    assert all(s.end - s.start <= MAX_SENTENCE for s in spans)
    # Units follow each other without gaps, and every cut falls after a 、: no item is split.
    assert [s.start for s in spans[1:]] == [s.end for s in spans[:-1]]
    assert all(LIST[s.end - 1] == "、" for s in pieces[:-1])
    assert "".join(LIST[s.start : s.end] for s in spans) == LIST
    for item in ITEMS[::37]:
        at = LIST.index(item)
        unit = spans[sentence_index(sentence_starts(LIST), at)]
        assert item in LIST[unit.start : unit.end]


def test_a_run_without_separators_is_cut_at_the_bound():
    text = "甲" * (2 * MAX_SENTENCE + 5)
    assert [(s.start, s.end, s.cut) for s in sentence_spans(text)] == [
        (0, MAX_SENTENCE, True),
        (MAX_SENTENCE, 2 * MAX_SENTENCE, True),
        (2 * MAX_SENTENCE, 2 * MAX_SENTENCE + 5, True),
    ]
