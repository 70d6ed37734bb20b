"""Sentence units: the one definition of "sentence" shared by provenance and co-occurrence.

A sentence ends at 。！？；(and their ASCII forms, with any closing quote or bracket) or at a
line break. A sentence longer than :data:`MAX_SENTENCE` characters (a list page: thousands of
bodies, villages or officials joined by 、 and ，) is cut into units of at most that many
characters, each after the last list separator (、，；：or a space) that keeps it within the
bound, or at the bound when there is none. So every unit is bounded and the evidence stored for a
mention, and the pairs counted within a sentence window, grow linearly with the text.

Examples
--------
>>> sentence_starts("甲来了。乙走了！丙")
[0, 4, 8]
>>> [(s.start, s.end, s.cut) for s in sentence_spans("甲来了。 乙走了")]
[(0, 4, False), (5, 8, False)]
>>> [(s.start, s.end, s.cut) for s in sentence_spans("甲村、乙村、丙村", max_len=4)]
[(0, 3, True), (3, 6, True), (6, 8, True)]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import pairwise

from guanxi.model import Sentence

__all__ = [
    "CLOSING_MARKS",
    "MAX_SENTENCE",
    "SENTENCE_MARKS",
    "Sentence", "sentence_index", "sentence_spans", "sentence_starts"]

#: Longest sentence unit, in characters. Prose sentences of local news stay well below it
#: (the seed pages' longest is 255); only lists run longer.
MAX_SENTENCE = 300

#: What ends a sentence of Chinese prose (a paragraph break ends one too) ...
SENTENCE_MARKS = "。！？!?；;"
#: ... together with the closing quotes and brackets that follow the mark.
CLOSING_MARKS = "”’」』）)"
_SENT_END = re.compile(rf"[{SENTENCE_MARKS}]+[{CLOSING_MARKS}]*|\n+")
# Where an over-long sentence may be cut: after a list separator or a space.
_LIST_SEPARATORS = "、，,；;：: \t\u3000"


def sentence_starts(text: str, *, max_len: int = MAX_SENTENCE) -> list[int]:
    """Start offsets of the sentence units of *text* (always begins with 0); the units run from
    one start to the next, white space included."""
    return [start for start, _end, _cut in _units(text, max_len)]


def sentence_index(starts: Sequence[int], pos: int) -> int:
    """Index of the unit holding the character at *pos*, given the units' *starts*.

    >>> sentence_index(sentence_starts("甲来了。乙走了！丙"), 5)
    1
    """
    return max(0, bisect_right(starts, pos) - 1)


def sentence_spans(text: str, *, max_len: int = MAX_SENTENCE) -> list[Sentence]:
    """The sentence units of *text* in order (one per start of :func:`sentence_starts`), with
    surrounding white space left out of their offsets."""
    out = []
    for start, end, cut in _units(text, max_len):
        unit = text[start:end]
        lead = len(unit) - len(unit.lstrip())
        out.append(Sentence(start + lead, start + max(lead, len(unit.rstrip())), cut))
    return out


def _units(text: str, max_len: int) -> Iterator[tuple[int, int, bool]]:
    """(start, end, cut) of each unit: the sentences, over-long ones cut into pieces."""
    ends = [m.end() for m in _SENT_END.finditer(text) if m.end() < len(text)]
    prev = 0
    for end in [*ends, len(text)]:
        cuts = _cuts(text, prev, end, max_len)
        for a, b in pairwise([prev, *cuts, end]):
            yield a, b, bool(cuts)
        prev = end


def _cuts(text: str, start: int, end: int, max_len: int) -> list[int]:
    """Inner cut points of the sentence ``text[start:end]``: none when it is short enough."""
    cuts = []
    pos = start
    while end - pos > max_len:
        bound = pos + max_len
        # The last separator within the bound, found from the right (a bounded scan per unit).
        at = max(text.rfind(c, pos + 1, bound) for c in _LIST_SEPARATORS)
        pos = at + 1 if at >= 0 else bound
        cuts.append(pos)
    return cuts
