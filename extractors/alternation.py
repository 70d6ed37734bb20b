"""Regex alternations of word lists as tries: what the longest-first alternation matches, without
trying every word at every position.

``longest_first(words)`` matches what ``"|".join(map(re.escape, sorted(words, key=lambda w:
(-len(w), w))))`` matches, in the same order: at each position the longest word first, then (when
the rest of a pattern backtracks into it) the shorter ones, longest first. A node's next characters
are distinct, so a text follows one path down the trie; a word ending at a node is an optional
group tried after the longer words through it (greedy), the way the longer words come first in the
sorted list.

>>> import re
>>> longest_first(["市委", "市委员会", "市"])
'市(?:委(?:员会)?)?'
>>> re.compile(longest_first(["市委", "市委员会", "市"])).findall("市委员会和市委、市")
['市委员会', '市委', '市']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["longest_first"]

_END = ""  # the key of a trie node marking a word's end


def longest_first(words: Iterable[str]) -> str:
    """A regex (no groups that capture) matching *words* as their longest-first alternation does
    (no words: the empty pattern, as the empty alternation)."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _node(trie)


def _node(node: dict[str, dict]) -> str:
    alts = [re.escape(ch) + _node(sub) for ch, sub in sorted(node.items()) if ch != _END]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if _END not in node:
        return body
    # a word ends here: the longer words through this node first, then the word itself
    return f"(?:{body})?"
