"""The organization recognizer's tables: which stop words occur inside place names."""

from __future__ import annotations

from guanxi.extractors.orgs import _compiled, inside_any


def test_inside_any_finds_words_inside_one_text_not_across_two() -> None:
    places = ("宜都市", "都安瑶族自治县", "青禾县")
    # 县青 spans the end of one name and the start of the next: it is in no name.
    assert inside_any(("都", "县", "县青", "和", "瑶族"), places) == {"都", "县", "瑶族"}
    assert inside_any(("都",), ()) == frozenset()


def test_place_chars_are_the_stop_words_inside_some_place_name() -> None:
    c = _compiled()
    assert c.place_chars == {w for w in c.lex.stopwords if any(w in p for p in c.lex.places)}
