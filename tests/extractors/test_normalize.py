"""Normalization: full-width ASCII and compatibility forms change, Chinese text does not."""

from __future__ import annotations

from guanxi.extractors.normalize import TextMapBuilder, normalize, normalize_char
from hypothesis import given
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
