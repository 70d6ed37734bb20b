"""One pattern of continuation marks (guanxi.continuation): the segmenter, the event titles and the
graph's layout test read the same marks, including the ones each of their old patterns missed."""

from __future__ import annotations

import pytest
from guanxi.extractors.components.events import find_events
from guanxi.extractors.segment import segment
from guanxi.graph.resolve import describe_text, is_layout_marker

from guanxi.continuation import CONTINUED_FROM, CONTINUED_TO, LAYOUT_MARK
from guanxi.model import Page

# Each old pattern missed some: the segmenter's knew only 上接/接上/接 + 第N版, the events
# component's had no 紧接/续/下接, no 【】, no page letter; the graph's had no 接上 + page.
FROM_MARKS = ["(上接第一版)", "【紧接第一版】", "(接上页)", "（上接第A1版）", "（接上第一版）", "(续第三版)", "上接 第 2 版"]
TO_MARKS = ["（下转第2版）", "(转下页)", "（下接第3版）", "〔转A4版〕", "（转第十二版）"]

BODY = "会议强调，要认真落实安全生产各项工作。"


def test_words_that_only_contain_a_mark_word_are_no_mark():
    for text in ("连续第3版刊登", "继续第二页", "下接第一版"):
        assert not CONTINUED_FROM.search(text)


@pytest.mark.parametrize("mark", FROM_MARKS + TO_MARKS)
def test_the_graph_reads_a_lone_mark_as_layout(mark):
    assert LAYOUT_MARK.fullmatch(mark)
    assert is_layout_marker(mark)
    assert describe_text(f"{mark}\n\n{BODY}") == describe_text(BODY)


@pytest.mark.parametrize("mark", FROM_MARKS)
def test_a_record_opening_with_a_continued_from_mark_is_a_continuation(mark):
    assert CONTINUED_FROM.fullmatch(mark) and not CONTINUED_TO.search(mark)
    news = "某某会议召开\n\n3月5日，全市安全生产工作会议召开。会议通报了近期工作情况。"
    page = f"{news}\n\n\n\n{mark}\n\n{BODY}"
    kinds = [a.kind for a in segment(Page("p", "p.txt", page)).articles]
    assert kinds[1:] == ["continuation"]


@pytest.mark.parametrize("mark", TO_MARKS)
def test_a_continued_to_mark_opens_no_continuation(mark):
    assert CONTINUED_TO.fullmatch(mark) and not CONTINUED_FROM.search(mark)
    page = f"某某会议召开\n\n3月5日，全市安全生产工作会议召开。{BODY}\n\n{mark}"
    assert "continuation" not in [a.kind for a in segment(Page("p", "p.txt", page)).articles]


@pytest.mark.parametrize("mark", FROM_MARKS + TO_MARKS)
def test_an_event_title_leaves_the_mark_out(mark):
    text = "3月5日，全市安全生产工作会议召开。王某主持会议。"
    name = text.index("王某")
    persons = [{"start": name, "end": name + 2, "name": "王某", "evidence": "grammar", "posts": []}]

    def title(t: str) -> str:
        shift = len(t) - len(text)
        moved = [{**p, "start": p["start"] + shift, "end": p["end"] + shift} for p in persons]
        return find_events(t, persons=moved, date="2024-03-05")[0]["title"]

    assert title(mark + text) == title(text)
