"""Normalization: full-width forms, traditional script, spaces inside names and hard wraps repaired,
simplified Chinese text untouched, and every position mapped back to the original."""

from __future__ import annotations

import pytest
from guanxi.extractors.normalize import (
    TextMapBuilder,
    hard_wraps,
    is_traditional,
    normalize,
    normalize_char,
    normalize_text,
    to_simplified,
)
from hypothesis import given, settings
from hypothesis import strategies as st


def test_fullwidth_ascii_becomes_ascii():
    assert normalize("ＧＤＰ增长１２．５％").text == "GDP增长12.5%"


def test_chinese_text_and_punctuation_unchanged(seed_paths):
    text = seed_paths[0].read_text(encoding="utf-8")
    clean = normalize(text).text
    # Chinese characters and Chinese punctuation are kept exactly; only forms outside them change.
    assert [c for c in clean if "\u4e00" <= c <= "\u9fff"] == [c for c in text if "\u4e00" <= c <= "\u9fff"]
    for ch in "，。：；！？（）、《》“”":
        assert clean.count(ch) == text.count(ch)


def test_ideographic_space_and_compatibility_ideograph():
    assert normalize_char("\u3000") == " "
    assert normalize_char("\uf900") == "豈"  # CJK compatibility ideograph -> unified
    assert normalize_char("長") == "長"


def test_zero_width_dropped_and_offsets_map_back():
    text = "长\u200b治ＡＢ\ufeff市"
    m = normalize(text, base=100)
    assert m.text == "长治AB市"
    for i, ch in enumerate(m.text):
        assert normalize_char(text[m.original_offset(i) - 100]) == ch


def test_builder_skips_and_inserts():
    src = "北京化工大\n\n学、北京"
    b = TextMapBuilder(src, 10)
    b.copy(0, 5)
    b.copy(7, len(src))
    tm = b.build()
    assert tm.text == "北京化工大学、北京"
    assert tm.original_offset(5) == 17  # 学 sits after the cut line break
    assert tm.original_offset(0) == 10


@given(st.text(alphabet=st.sampled_from(list("长治市ＡＢ１２，。 \u3000\u200b\ufeffabc\n")), max_size=60))
def test_offsets_always_map_to_the_original(text):
    m = normalize(text)
    for i, ch in enumerate(m.text):
        assert normalize_char(text[m.original_offset(i)]) == ch


# --------------------------------------------------------------------------- script


def test_traditional_text_becomes_simplified_at_the_same_positions():
    text = "本報訊 記者鄭曉嵐報道：市長賀明遠主持召開會議。"
    m = normalize(text)
    assert is_traditional(text)
    assert m.text == "本报讯 记者郑晓岚报道：市长贺明远主持召开会议。"
    assert m.offsets == ()  # t2s keeps every position
    assert to_simplified(m.text) == m.text  # simplified text is left as it is


def test_a_stray_traditional_character_in_simplified_text_is_kept():
    # A name printed with a traditional character in a simplified article: not a traditional text.
    text = "本报讯 记者程鵬飞报道：全区召开安全生产工作会议，部署近期重点工作。"
    assert not is_traditional(text)
    assert normalize(text).text == text


# --------------------------------------------------------------------------- spaces inside names


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("副主任柯 岚出席", "副主任柯岚出席"),  # a post word, then the surname: PDF space
        ("滕 晓东主持会议", "滕晓东主持会议"),  # a lone surname
        ("区长欧阳 明宇讲话", "区长欧阳明宇讲话"),  # a two-character surname after a post word
        ("今年八十岁的钟 玉兰老人说，", "今年八十岁的钟玉兰老人说，"),  # running text
        ("鹿 鸣", "鹿鸣"),  # a name alone on its line (a signature)
        ("甘 志成费 立新出席", "甘志成费立新出席"),  # two names printed without a separator
        ("记者 宁远 卜青", "记者 宁远 卜青"),  # a role word, then two names: real separations
        ("本报记者宁远 卜青 摄", "本报记者宁远 卜青 摄"),  # a post word and a name end the run
        ("记者 滕 晓东 卜 青", "记者 滕晓东 卜青"),
        ("加快乡村振兴 共建美好家园", "加快乡村振兴 共建美好家园"),  # the halves of a headline
        ("坚持创新发展 勇当时代先锋", "坚持创新发展 勇当时代先锋"),  # 展 ends a word, no sentence
        ("活动以“奋进新时代 建设新家园”为主题，", "活动以“奋进新时代 建设新家园”为主题，"),  # a slogan
        ("调研和 座谈", "调研和 座谈"),  # a linking word is no surname here
    ],
)
def test_spaces_inside_names_go_and_real_separations_stay(text, clean):
    assert normalize(text).text == clean
    assert normalize_text(text) == clean


def test_name_space_offsets_point_into_the_original():
    text = "会上，市委副书记晏 鸿飞作了部署。"
    m = normalize(text, base=40)
    at = m.text.index("晏鸿飞")
    assert [text[m.original_offset(i) - 40] for i in range(at, at + 3)] == ["晏", "鸿", "飞"]
    assert m.original_offset(at + 1) - 40 == text.index("鸿")


# --------------------------------------------------------------------------- hard wraps


def _wrap(text: str, width: int) -> str:
    return "\n".join(
        "\n".join(line[i : i + width] for i in range(0, len(line), width)) if len(line) > width else line
        for line in text.split("\n")
    )


_ARTICLE = (
    "本报讯 记者卜青报道：6月3日，全区防汛工作会议召开。区委常委、常务副区长晏鸿飞出席会议并讲话，"
    "要求各部门压实责任，做好汛期值班值守。会议由区政府副区长庞雅琴主持。各乡镇、区直有关部门负责人参加会议。"
)


def test_hard_wrapped_text_is_joined_where_no_sentence_ends():
    wrapped = _wrap(_ARTICLE, 22)
    assert wrapped.count("\n") >= 4
    m = normalize(wrapped)
    assert m.text == _ARTICLE
    for i, ch in enumerate(m.text):
        assert wrapped[m.original_offset(i)] == ch


def test_a_wrap_after_a_sentence_end_is_kept():
    lines = [
        "这一行足足有十六个字符长的文字内容",
        "这一行足足有十六个字符长的文字内容",
        "一句话在这里结束了，长度也是十六。",
        "下一段从这里开始。",
    ]
    assert hard_wraps(lines) == [True, True, False, False]


@pytest.mark.parametrize(
    "lines",
    [
        ["宁远", "卜青", "晏鸿飞", "庞雅琴", "柯岚"],  # a list of names, one a line
        ["区委召开常委会议", "研究部署近期工作", "全区防汛工作会议召开", "晏鸿飞出席"],  # short lines
        [  # a record: one paragraph a line, of all lengths
            "全区防汛工作会议召开",
            "本报讯 6月3日，全区防汛工作会议召开，部署汛期各项工作。",
            "会议要求各部门压实责任。",
            "各乡镇、区直有关部门负责人参加会议，并就下一步工作作了交流发言。",
        ],
    ],
)
def test_texts_that_are_not_hard_wrapped_keep_their_lines(lines):
    assert not any(hard_wraps(lines))
    text = "\n".join(lines)
    assert normalize(text).text.count("\n") == text.count("\n")


def test_a_name_cut_by_a_wrap_and_spaced_is_read_whole():
    text = _wrap("会议由区政府副区长庞 雅琴主持，各乡镇、区直有关部门负责人参加会议，会议听取了汇报。", 16)
    m = normalize(text)
    assert "副区长庞雅琴主持" in m.text
    for i, ch in enumerate(m.text):
        assert text[m.original_offset(i)] == ch


# --------------------------------------------------------------------------- composing maps


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("长治市宁远 \n\u200b柯岚，")), max_size=50), st.integers(0, 30))
def test_composed_maps_point_into_the_first_original(text, base):
    # page -> article text (segmentation's kind of map: drop zero-width characters), then
    # article text -> clean text (extraction's): the composition maps clean text to the page.
    outer = normalize(text, base=base)
    inner = normalize(outer.text)
    both = inner.compose(outer)
    assert both.text == inner.text
    for i in range(len(both.text)):
        assert both.original_offset(i) == outer.original_offset(inner.original_offset(i))


def _wrapped(text: str, width: int = 24) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def test_a_page_of_short_wrapped_reports_is_hard_wrapped():
    """Short reports have as many last lines and headlines as full lines: counted without the
    lines that end a paragraph, the full lines are still most of them."""
    reports = [
        "本报讯 4月7日，东岭县召开春耕生产推进会，部署当前春耕备耕各项工作。县长卓立新出席并讲话，要求抓好农资供应。",
        "日前，市总工会在东岭县举办职工技能大赛，来自全市的120余名职工同台竞技。市总工会主席苗红梅出席并致辞。",
        "本报讯 4月6日，石门乡与某某科技有限公司举行项目签约仪式，总投资五亿元。县委书记滕志军、县长卓立新出席。",
    ]
    lines = [
        ln
        for k, r in enumerate(reports)
        for ln in [f"第{k + 1}条消息的标题", *_wrapped(r), "（通讯员 尹航）"]
    ]
    wraps = hard_wraps(lines)
    assert [ln for ln, w in zip(lines, wraps, strict=True) if w] == [ln for ln in lines if len(ln) == 24]
    assert "县委书记滕志军、县长卓立新出席" in normalize("\n".join(lines)).text
