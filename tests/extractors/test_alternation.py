"""Word alternations as tries match what the longest-first alternation matches, in the same order.

Every word and sentence here is invented.
"""

from __future__ import annotations

import random
import re

from guanxi.extractors.alternation import longest_first


def _plain(words) -> str:
    """The reference: every word, longest first (ties in code point order)."""
    return "|".join(map(re.escape, sorted(set(words), key=lambda w: (-len(w), w))))


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def test_trie_alternation_matches_as_the_longest_first_alternation_on_random_words():
    """Scans, matches and full matches at every position, and the alternation inside bigger
    patterns that backtrack into it (a prefix repeated before it, a character required after it,
    named groups around it): the same spans and groups."""
    rng = random.Random(7)
    alphabet = "市委员会局部.*()|?[]\\ 𠀀"
    for _ in range(300):
        words = {"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(0, 25))}
        trie, plain = longest_first(words), _plain(words)
        for wrap in ("{}", "(?:常务|副)*(?:{})", "(?:{})委", "(?P<x>市委)|(?P<word>{})", "(?:{})(?=会)"):
            a, b = re.compile(wrap.format(trie)), re.compile(wrap.format(plain))
            assert a.groups == b.groups
            for _ in range(4):
                text = "".join(rng.choice(alphabet + "常务副") for _ in range(rng.randint(0, 40)))
                assert _spans(a, text) == _spans(b, text)
                assert [m.lastgroup for m in a.finditer(text)] == [m.lastgroup for m in b.finditer(text)]
                for i in range(len(text) + 1):
                    ma, mb = a.match(text, i), b.match(text, i)
                    assert (ma and ma.span()) == (mb and mb.span())
                    fa, fb = a.fullmatch(text, i), b.fullmatch(text, i)
                    assert (fa and fa.span()) == (fb and fb.span())
                assert a.sub("#", text) == b.sub("#", text)


def test_the_organization_patterns_find_what_the_plain_alternations_find(seed_paths):
    """The organization finder's anchors (special bodies, then suffix words), stop words, protected
    words and posts, built as tries, on the seed pages: the same matches as the plain lists."""
    from guanxi.extractors.orgs import _compiled

    c = _compiled()
    lex = c.lex
    words = set(lex.suffixes) | set(lex.national)
    head = c.anchor.pattern[: c.anchor.pattern.index("(?P<word>")]
    pairs = [
        (c.anchor, re.compile(head + "(?P<word>" + _plain(words) + ")")),
        (c.stop, re.compile(_plain(lex.stopwords))),
        (c.protect, re.compile(_plain(lex.protected))),
    ]
    found = 0
    for path in seed_paths:
        text = path.read_text(encoding="utf-8")
        for a, b in pairs:
            got = [(m.span(), m.lastgroup) for m in a.finditer(text)]
            assert got == [(m.span(), m.lastgroup) for m in b.finditer(text)]
            found += len(got)
    assert found > 1000
