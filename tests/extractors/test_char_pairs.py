"""Character pairs as integers: the word finder gives every occurrence a plain scan gives.

Every word and sentence here is invented.
"""

from __future__ import annotations

import random

from guanxi.extractors.char_pairs import PairLookup, WordFinder, codepoints, pair_codes


def _every_occurrence(words: set[str], text: str) -> list[tuple[int, int, str]]:
    """The reference: every substring of two characters or more that is a word, by start and end."""
    longest = max((len(w) for w in words), default=0)
    return [
        (i, j, text[i:j])
        for i in range(len(text))
        for j in range(i + 2, min(len(text), i + longest) + 1)
        if text[i:j] in words
    ]


def test_pair_lookup_gives_the_id_of_each_pair_and_0_for_others():
    lookup = PairLookup({"长治": 3, "治市": 5, "x": 9, "𠀀王": 7})
    text = "长治市长𠀀王长"
    assert lookup(pair_codes(codepoints(text), 1)).tolist() == [3, 5, 0, 0, 7, 0]
    assert lookup(pair_codes(codepoints("长x治"), 2)).tolist() == [3]


def test_word_finder_gives_every_occurrence_on_random_texts():
    """Nested, overlapping and repeated words, words longer than the text, astral characters and a
    lone surrogate, single characters (never words) and the empty text."""
    rng = random.Random(5)
    alphabet = "长治市县山西东方路 ·0A𠀀\ud800"
    for _ in range(400):
        words = {
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(0, 30))
        }
        finder = WordFinder(words)
        for _ in range(5):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
            assert finder.find(text) == _every_occurrence({w for w in words if len(w) >= 2}, text)


def test_the_place_names_are_found_as_a_plain_scan_finds_them(seed_paths):
    """The place finder's whole name list (division names, short forms, gazetteer, blocking words)
    on the seed pages."""
    from guanxi.extractors.components.places import _lexicon

    names = _lexicon().names
    assert len(names.words) > 40_000
    found = 0
    for path in seed_paths:
        text = path.read_text(encoding="utf-8")
        got = names.find(text)
        assert got == _every_occurrence(set(names.words), text)
        found += len(got)
    assert found > 100
