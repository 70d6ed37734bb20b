"""jieba's dictionary as a lookup (word -> POS tag and count), and what it tells about a body's name.

Read once per process from the dictionary file jieba ships; used by the name, title and
organization rules (:mod:`guanxi.extractors.components`), which must not import each other for it.
"""

from __future__ import annotations

import os
from functools import cache

import jieba

__all__ = ["dictionary_freq", "dictionary_tag", "noun_conjunction"]


def dictionary_tag(word: str) -> str:
    """jieba's POS tag of *word* ("" when it is no dictionary word)."""
    entry = dictionary_freq().get(word)
    return entry[0] if entry else ""


@cache
def dictionary_freq() -> dict[str, tuple[str, int]]:
    """jieba's dictionary words of 2-4 characters -> (POS tag, count), read once from its file."""
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    out: dict[str, tuple[str, int]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= 4:
                out[parts[0]] = (parts[2], int(parts[1]))
    return out


# jieba tags of the words a conjunction joins inside a body's name: nouns, verbs and adjectives
# (机械 n, 发展 vn, 改革 vn), not names, places, bodies or pronouns.
_CONJUNCT_TAGS = ("n", "v", "a")
_NOT_CONJUNCT_TAGS = ("nr", "ns", "nt")
_LEVEL_CHARS = set("省市县区州盟旗镇乡村")


def _conjunct(word: str) -> bool:
    tag = dictionary_tag(word)
    return tag.startswith(_CONJUNCT_TAGS) and not tag.startswith(_NOT_CONJUNCT_TAGS)


def noun_conjunction(text: str, k: int, end: int | None = None) -> int | None:
    """Where the conjunction at ``text[k]`` (与, 和, 及) joins two words of one body's name, the end
    of the right word; else None. Both words have the same length (two to four characters) and are
    nouns, verbs or adjectives in jieba's dictionary (机械与材料, 科学与技术, 发展和改革), and the
    right one opens no new body with a level character (省委和市委 are two bodies). The caller
    checks that the body's head follows the right word. *end* bounds the right word as reading
    ``text[:end]`` would, without copying the text (callers scan long texts).

    >>> noun_conjunction("机械与材料学院", 2)
    5
    >>> noun_conjunction("王某与材料学院", 2) is None
    True
    """
    end = len(text) if end is None else end
    if not 0 < k < end or text[k] not in "与和及" or text[k + 1 : min(k + 2, end)] in _LEVEL_CHARS:
        return None
    for n in (4, 3, 2):
        if k - n >= 0 and _conjunct(text[k - n : k]) and _conjunct(text[k + 1 : min(k + 1 + n, end)]):
            return k + 1 + n
    return None
