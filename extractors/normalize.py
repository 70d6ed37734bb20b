"""Normalize page text without touching Chinese: full-width ASCII and compatibility forms.

Only characters outside the CJK ideograph and CJK punctuation repertoire change: full-width
letters, digits and symbols (Ｈ２Ｏ -> H2O), the ideographic space, no-break spaces,
compatibility ideographs (U+F900..) and Kangxi radicals. Chinese punctuation (，。：；！？（）《》“”)
is Chinese text and stays as printed. Zero-width characters and a stray BOM are dropped.

Every edit is recorded in a sparse offset map so positions in the clean text can always be
reported against the original (see :class:`TextMap`).

Examples
--------
>>> clean = normalize("ＡＢＣ１２３，宜宾")
>>> clean.text
'ABC123，宜宾'
>>> clean.original_offset(6)
6
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["TextMap", "TextMapBuilder", "normalize", "normalize_char", "normalize_text"]

# Full-width forms of CJK punctuation that belong to Chinese typesetting: kept as printed.
_KEEP = set("，。：；！？（）、")
_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
_SPACES = {"\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u202f"}


def normalize_char(ch: str) -> str:
    """Return the normalized form of one character ("" to drop it).

    >>> normalize_char("Ａ"), normalize_char("，"), normalize_char("\\u3000"), normalize_char("長")
    ('A', '，', ' ', '長')
    """
    if ch in _DROP:
        return ""
    if ch in _SPACES:
        return " "
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        return ch if ch in _KEEP else chr(o - 0xFEE0)
    if 0xF900 <= o <= 0xFAFF or 0x2F00 <= o <= 0x2FDF or 0xFF61 <= o <= 0xFFEF:
        out = unicodedata.normalize("NFKC", ch)
        return out if len(out) == 1 else ch
    return ch


def _table() -> dict[int, str | None]:
    # One str.translate table for every character that changes (deletions map to None).
    ranges = [range(0xFF01, 0xFFF0), range(0xF900, 0xFB00), range(0x2F00, 0x2FE0)]
    table: dict[int, str | None] = {}
    for r in ranges:
        for o in r:
            out = normalize_char(chr(o))
            if out != chr(o):
                table[o] = out
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in _DROP:
        table[ord(ch)] = None
    return table


_TABLE = _table()
_DROP_RE = re.compile("[" + "".join(sorted(_DROP)) + "]")
# Most text needs no change: a regex scan (in C) decides before the slower translate.
_WORK_RE = re.compile("[" + "".join(re.escape(chr(o)) for o in sorted(_TABLE)) + "]")


def normalize_text(text: str) -> str:
    """Normalize a whole string at once (no offset map): :func:`normalize_char` on every character.

    >>> normalize_text("ＡＢ\u3000宜宾")
    'AB 宜宾'
    """
    return text.translate(_TABLE) if _WORK_RE.search(text) else text


@dataclass(frozen=True, slots=True)
class TextMap:
    """Clean text plus a sparse map back to the original.

    ``offsets`` holds (clean index, original index) breakpoints, sorted; from each breakpoint
    on, original = clean + (original - clean) of that breakpoint. ``base`` is added to every
    original index (the slice's start in the page).
    """

    text: str
    offsets: tuple[tuple[int, int], ...] = ()
    base: int = 0

    def original_offset(self, i: int) -> int:
        """Map index *i* of :attr:`text` to the original text."""
        if not self.offsets:
            return self.base + i
        k = bisect_right(self.offsets, (i, float("inf"))) - 1
        if k < 0:
            return self.base + i
        clean, orig = self.offsets[k]
        return orig + (i - clean)


class TextMapBuilder:
    """Build clean text piece by piece from an original string, recording offset breakpoints.

    ``base`` is the original position of ``source[0]`` in the page.
    """

    def __init__(self, source: str, base: int = 0) -> None:
        self.source = source
        self.base = base
        self.parts: list[str] = []
        self.length = 0
        self.offsets: list[tuple[int, int]] = []

    def _mark(self, orig: int) -> None:
        # A breakpoint only when the running delta changes, so the map stays sparse.
        delta = orig - self.length
        if self.offsets:
            last_clean, last_orig = self.offsets[-1]
            if last_orig - last_clean == delta:
                return
        elif delta == self.base:
            return
        if self.offsets and self.offsets[-1][0] == self.length:
            self.offsets[-1] = (self.length, orig)
        else:
            self.offsets.append((self.length, orig))

    def copy(self, start: int, end: int) -> None:
        """Append ``source[start:end]``, normalized character by character."""
        if start >= end:
            return
        chunk = self.source[start:end]
        if _DROP_RE.search(chunk) is None:  # the common case: nothing dropped, offsets unchanged
            self._append(chunk, start)
            return
        # Replacements are one character for one, so only dropped characters move offsets.
        pos = 0
        for m in _DROP_RE.finditer(chunk):
            self._append(chunk[pos : m.start()], start + pos)
            pos = m.end()
        self._append(chunk[pos:], start + pos)

    def _append(self, piece: str, at: int) -> None:
        if piece:
            self._mark(self.base + at)
            self.parts.append(piece.translate(_TABLE) if _WORK_RE.search(piece) else piece)
            self.length += len(piece)

    def insert(self, text: str, at: int) -> None:
        """Append *text* that stands for original position *at* (e.g. a joining space)."""
        if not text:
            return
        self._mark(self.base + at)
        self.parts.append(text)
        self.length += len(text)

    def build(self) -> TextMap:
        offsets = self.offsets
        if offsets and offsets[0] == (0, self.base):
            offsets = offsets[1:]
        # A map whose only breakpoint is the identity at 0 is no map at all.
        return TextMap("".join(self.parts), tuple(offsets), self.base)


def normalize(text: str, *, base: int = 0) -> TextMap:
    """Normalize *text* (see module docstring) and keep the map back to it.

    >>> m = normalize("a\\u200bＢ")
    >>> m.text, m.original_offset(1)
    ('aB', 2)
    """
    builder = TextMapBuilder(text, base)
    builder.copy(0, len(text))
    return builder.build()
