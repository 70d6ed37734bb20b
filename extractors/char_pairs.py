"""Character pairs as integers, looked up for whole texts at once with numpy: the name model's pair
features, and every occurrence of a word list in a text (the place finder's names).

>>> finder = WordFinder(["长治", "长治市", "治市长"])
>>> finder.find("长治市长")
[(0, 2, '长治'), (0, 3, '长治市'), (1, 4, '治市长')]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["PairLookup", "WordFinder", "codepoints", "pair_codes"]


def codepoints(text: str) -> np.ndarray:
    """The code points of *text* (a lone surrogate included), as int64."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


def pair_codes(codepoints: np.ndarray, gap: int) -> np.ndarray:
    """One integer per pair of characters *gap* apart (``codepoints[j]``, ``codepoints[j + gap]``)."""
    return (codepoints[:-gap] << 21) | codepoints[gap:]


class PairLookup:
    """Character pairs (two-character strings) -> ids (not 0), looked up for whole arrays at once;
    a pair not in the index gives 0."""

    def __init__(self, index: dict[str, int]) -> None:
        pairs = sorted(((ord(v[0]) << 21) | ord(v[1]), k) for v, k in index.items() if len(v) == 2)
        # ends with a code no pair has, where a search past the last pair lands
        self.codes = np.array([c for c, _ in pairs] + [-1], dtype=np.int64)
        self.ids = np.array([k for _, k in pairs] + [0], dtype=np.int32)

    def __call__(self, codes: np.ndarray) -> np.ndarray:
        at = np.searchsorted(self.codes[:-1], codes)
        return np.where(self.codes.take(at) == codes, self.ids.take(at), 0)


class WordFinder:
    """Every occurrence of some words of two characters or more in a text, overlapping ones
    included: the texts' character pairs that open a word are found with numpy, and only there are
    the words looked up (a set lookup per length)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if len(w) >= 2)
        longest: dict[str, int] = {}
        for w in self.words:
            longest[w[:2]] = max(longest.get(w[:2], 0), len(w))
        self._opening = PairLookup(longest)  # the first two characters -> the longest word they open

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, word)`` of every occurrence, by start, then end."""
        n = len(text)
        if n < 2:
            return []
        longest = self._opening(pair_codes(codepoints(text), 1))
        at = np.flatnonzero(longest)
        words = self.words
        out = []
        for i, m in zip(at.tolist(), longest.take(at).tolist(), strict=True):
            for j in range(i + 2, min(i + m, n) + 1):
                if text[i:j] in words:
                    out.append((i, j, text[i:j]))
        return out
