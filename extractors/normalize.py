"""Normalize text before reading it, keeping a sparse map back to the original.

Four repairs, none of which touches well-formed simplified Chinese:

- **forms**: full-width letters, digits and symbols (Ｈ２Ｏ -> H2O), the ideographic space, no-break
  spaces, compatibility ideographs (U+F900..) and Kangxi radicals; zero-width characters and a
  stray BOM are dropped. Chinese punctuation (，。：；！？（）《》“”) is Chinese text and stays.
- **script**: a text written in traditional characters (at least a tenth of its Han characters
  exist only in traditional script) is converted to simplified with OpenCC's ``t2s`` tables. Every
  entry of those tables has as many characters as its source, so positions do not move; a
  simplified text with a stray traditional character (a name) is left alone.
- **spaces inside names**: PDFs print 滕 晓东 or 副主任柯 岚. A space between two Han characters
  goes when what stands before it is a lone surname (滕 晓东, 王  五) or a post word followed by a
  surname (主任柯 岚); every other space (between a title and a name, two names, two halves of
  a headline) is a real separation and stays.
- **hard wraps**: a text broken every N characters (many lines of the same length N followed by
  another line) is joined back at each break where no sentence ends, so 市⏎委常委 reads 市委常委.

Every edit is recorded in a sparse offset map so positions in the clean text can always be
reported against the original (see :class:`TextMap`).

Examples
--------
>>> clean = normalize("ＡＢＣ１２３，宜宾")
>>> clean.text
'ABC123，宜宾'
>>> clean.original_offset(6)
6
>>> m = normalize("會議由副市長蔣 曉東主持")
>>> m.text, m.original_offset(8)
('会议由副市长蒋晓东主持', 9)
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from guanxi.han import HAN, HAN_CHAR

__all__ = [
    "PARAGRAPH_END",
    "TextMap",
    "TextMapBuilder",
    "hard_wraps",
    "is_traditional",
    "name_spaces",
    "normalize",
    "normalize_char",
    "normalize_text",
    "to_simplified",
]

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
    """Normalize a whole string at once (no offset map): :func:`normalize_char` on every character,
    then the spaces inside names removed (:func:`name_spaces`). Line breaks are kept.

    >>> normalize_text("ＡＢ\u3000宜宾 滕 晓东")
    'AB 宜宾 滕晓东'
    """
    out = text.translate(_TABLE) if _WORK_RE.search(text) else text
    cuts = name_spaces(out)
    return _cut(out, cuts, 0).text if cuts else out


# --------------------------------------------------------------------------- script

# A text is traditional when at least this share of its Han characters exist only in traditional
# script: about a third do in traditional text, none (or one stray character of a name) in simplified.
_TRADITIONAL_SHARE = 0.1


@cache
def _t2s():
    # OpenCC's compiled converter; its tables ship inside the wheel, nothing is downloaded.
    import opencc

    # The extension tables map rare traditional characters to simplified ones few fonts have: not needed.
    return opencc.OpenCC("t2s", include_tofu_risk_dictionaries=False)


@cache
def _traditional_re() -> re.Pattern[str]:
    # The characters t2s changes, found once by converting every ideograph (one per line).
    chars = [chr(o) for o in range(0x3400, 0x4DC0)] + [chr(o) for o in range(0x4E00, 0xA000)]
    out = _t2s().convert("\n".join(chars)).split("\n")
    return re.compile("[" + "".join(a for a, b in zip(chars, out, strict=True) if a != b) + "]")


def is_traditional(text: str) -> bool:
    """True when *text* is written in traditional characters (see the module docstring).

    >>> is_traditional("市長主持會議"), is_traditional("市长主持会议"), is_traditional("记者张鵬报道：全区召开安全生产工作会议")
    (True, False, False)
    """
    trad = _traditional_re()
    if trad.search(text) is None:  # the common case, one scan
        return False
    return len(trad.findall(text)) >= _TRADITIONAL_SHARE * len(HAN_CHAR.findall(text))


# Han characters around a line from which its script is judged: a headline alone is too short.
_SCRIPT_WINDOW = 40


def to_simplified(text: str) -> str:
    """*text* in simplified characters where it is written in traditional ones, else *text* itself:
    a whole text, or on a page that mixes scripts (one story reprinted in traditional script) each
    line whose neighbourhood (the line and the lines around it, at least :data:`_SCRIPT_WINDOW` Han
    characters) is. The result always has the length of *text*: every position keeps its meaning.

    >>> to_simplified("市長周某主持會議")
    '市长周某主持会议'
    >>> to_simplified("全市召开春耕生产工作会议，副市长王某出席会议并讲话，要求抓好春耕备耕。\\n市政府召開常務會議\\n市長周某主持會議。")
    '全市召开春耕生产工作会议，副市长王某出席会议并讲话，要求抓好春耕备耕。\\n市政府召开常务会议\\n市长周某主持会议。'
    """
    if _traditional_re().search(text) is None:
        return text
    if not is_traditional(text):
        lines = text.split("\n")
        if len(lines) < 2:
            return text
        han = [len(HAN_CHAR.findall(ln)) for ln in lines]
        out_lines = []
        for i, ln in enumerate(lines):
            lo, hi, n = i, i + 1, han[i]
            while n < _SCRIPT_WINDOW and (lo > 0 or hi < len(lines)):
                if hi < len(lines):
                    n, hi = n + han[hi], hi + 1
                if lo > 0 and n < _SCRIPT_WINDOW:
                    lo, n = lo - 1, n + han[lo - 1]
            out_lines.append(_converted(ln) if is_traditional("\n".join(lines[lo:hi])) else ln)
        return "\n".join(out_lines)
    return _converted(text)


def _converted(text: str) -> str:
    out = _t2s().convert(text)
    # Every t2s entry (phrases and characters) is as long as its source; should a future table
    # break that, the text stays as printed rather than let its offsets move.
    return out if len(out) == len(text) else text


# --------------------------------------------------------------------------- spaces inside names

_SPACE_CLASS = " \t" + "".join(sorted(_SPACES))
# A run of spaces before a Han character (the one before it is checked apart: a pattern that opens
# with the rare space scans text about three times faster than one that opens with a lookbehind).
_HAN_GAP = re.compile(rf"[{_SPACE_CLASS}]+(?=[{HAN}])")
_HAN_RUN_BEFORE = re.compile(rf"[{HAN}]+$")
_HAN_RUN = re.compile(rf"[{HAN}]+")
# Surnames that are also linking words (和, 于, 向...): in 和 平 or 调研和 座谈 they are the word.
# After a post word they are read as surnames (副主任于 某): a title is followed by a name.
_LINKING = set("和与及同跟向从于对在为以由把被将都就还也又但而或是")
# Sentence punctuation: a line with it is running text, not a headline, a byline or a list.
_RUNNING = re.compile(r"[，。；,;]")


@dataclass(frozen=True, slots=True)
class _NameLexicon:
    surnames: frozenset[str]
    post_end: re.Pattern[str]  # a post word ending where the search ends


@cache
def _name_lexicon() -> _NameLexicon:
    from guanxi.extractors.tsv import load_tsv

    surnames = frozenset(s for s, _common in load_tsv("surnames.tsv"))
    posts = sorted((w for w, _kind in load_tsv("title_posts.tsv")), key=len, reverse=True)
    return _NameLexicon(surnames, re.compile("(?:" + "|".join(map(re.escape, posts)) + ")$"))


def name_spaces(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of spaces printed inside a name, in order.

    A space between two Han characters is inside a name when, reading the Han runs around it:

    - the run before it is one character and the run after it one or two (静 好, a name alone);
    - the run before it is a lone surname (滕 晓东主持, 王  五);
    - the run before it ends with a post word and a surname (副主任柯 岚);
    - the line is running text (it has sentence punctuation), and the run before it ends with a
      surname but is not a name itself (longer than a name, or not starting with a surname) nor a
      post word and a name (记者王强 李四 keeps its space), and the space is not inside quotes
      (“奋进新时代 建设新家园”): 今年八十岁的钟 玉兰老人.

    A run that starts right after such a space is a given name, never a second surname (王 五 李 四
    gives 王五 and 李四), unless it is a two-character given name and a surname (甘 志成费 立新
    gives 甘志成费立新, two names printed without a separator). Anything else (记者 王五, 王五 李四, 吹响号角 凝聚力量) is a
    real separation.

    >>> t = "副主任柯 岚、滕 晓东，记者 王五 李四"
    >>> [t[a - 1 : b + 1] for a, b in name_spaces(t)]
    ['柯 岚', '滕 晓']
    """
    if _HAN_GAP.search(text) is None:  # no space before a Han character: one scan
        return []
    lex = _name_lexicon()
    out: list[tuple[int, int]] = []
    last_end = -1
    for m in _HAN_GAP.finditer(text):
        k = m.start()
        if k == 0 or not HAN_CHAR.match(text, k - 1):
            continue  # not between two Han characters
        run = _HAN_RUN_BEFORE.search(text, max(0, k - 12), k)
        lo = run.start() if run else k
        if lo == last_end and any(k - n - lo == 2 and text[k - n : k] in lex.surnames for n in (2, 1)):
            # A two-character given name and the next surname: names printed without a separator.
            # (A run of two is read as a given name: 滕 晓东 卜 青 is 滕晓东 and 卜青.)
            inside = True
        elif lo == last_end and k - lo <= 2:
            inside = False  # the given name of the name just joined
        else:
            inside = _inside_name(text, lo, k, m.end(), lex)
        if inside:
            out.append((k, m.end()))
            last_end = m.end()
    return out


def _inside_name(text: str, lo: int, k: int, e: int, lex: _NameLexicon) -> bool:
    # text[lo:k] is the Han run before the spaces text[k:e] (the rules of name_spaces).
    left = k - lo
    after = _HAN_RUN.match(text, e)
    if left == 1 and after is not None and after.end() - e <= 2:
        return True
    for n in (2, 1):
        s = k - n
        if left < n or text[s:k] not in lex.surnames:
            continue
        if left == n:
            return text[s] not in _LINKING
        if lex.post_end.search(text, max(lo, s - 8), s):
            return True
        if text[s] in _LINKING or (left < 5 and text[lo] in lex.surnames):
            continue  # 张文明 李四: a run as long as a name that starts with a surname is a name
        if any(lex.post_end.search(text, max(lo, s - g - 8), s - g) for g in (1, 2)):
            continue  # 记者王强 李四: the surname closes a name after a post word
        line_start = text.rfind("\n", 0, k) + 1
        line_end = text.find("\n", e)
        if not _RUNNING.search(text, line_start, line_end if line_end >= 0 else len(text)):
            continue
        # Inside quotes a space halves a slogan or a title (“奋进新时代 建设新家园”).
        return max(text.rfind(q, line_start, k) for q in "“《") <= max(
            text.rfind(q, line_start, k) for q in "”》"
        )
    return False


# --------------------------------------------------------------------------- hard wraps

#: Characters that end a paragraph when they end a line: a line ending with one is not continued.
PARAGRAPH_END = "。！？!?…”’」』)）】:："
# A text is hard-wrapped at width N when at least this many lines, and at least half of the lines
# followed by another line, are N (or N-1, where the wrapper kept punctuation with its word) long
# (on a page of short reports: twice as many, and half of those lines that end no paragraph).
_WRAP_MIN_LINES = 3
_WRAP_MIN_WIDTH = 12


def hard_wraps(lines: Sequence[str]) -> list[bool]:
    """For each line, whether the break after it is a hard wrap, to be joined: the text is
    hard-wrapped (see above), the line is full and no paragraph ends with it.

    >>> hard_wraps(["市长周立新在市", "委常委会议上讲话。", ""] * 2)  # too short to be a wrapped text
    [False, False, False, False, False, False]
    >>> hard_wraps(["一二三四五六七八九十十一", "一二三四五六七八九十十一"] * 2 + ["完。"])
    [True, True, True, True, False]
    """
    n = len(lines)
    out = [False] * n
    if n <= _WRAP_MIN_LINES:
        return out
    lengths = [len(ln.rstrip()) for ln in lines]
    followed = [lengths[i] for i in range(n - 1) if lengths[i] and lengths[i + 1]]
    if len(followed) < _WRAP_MIN_LINES:
        return out
    counts = Counter(followed)
    width, count = counts.most_common(1)[0]
    full = count + counts.get(width - 1, 0)
    if width < _WRAP_MIN_WIDTH or count < _WRAP_MIN_LINES:
        return out
    if 2 * full < len(followed):
        # A page of short reports has many last lines: counted without the lines that end a
        # paragraph (never a wrap), the full lines must still be half, and twice as many.
        ends = sum(
            1
            for i in range(n - 1)
            if lengths[i] and lengths[i + 1] and lines[i].rstrip()[-1] in PARAGRAPH_END
        )
        if count < 2 * _WRAP_MIN_LINES or 2 * full < len(followed) - ends:
            return out
    for i in range(n - 1):
        if lengths[i] >= width - 1 and lengths[i + 1] and lines[i].rstrip()[-1] not in PARAGRAPH_END:
            out[i] = True
    return out


def _wrap_cuts(text: str) -> list[tuple[int, int]]:
    """Spans to drop to join the hard-wrapped lines of *text*: the break and the spaces around it."""
    if text.count("\n") < _WRAP_MIN_LINES:
        return []
    lines = text.split("\n")
    out: list[tuple[int, int]] = []
    pos = 0
    for i, wrap in enumerate(hard_wraps(lines)):
        end = pos + len(lines[i])
        if wrap:
            nxt = lines[i + 1]
            out.append((pos + len(lines[i].rstrip()), end + 1 + len(nxt) - len(nxt.lstrip())))
        pos = end + 1
    return out


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

    def _first_at_or_after(self, orig: int) -> int:
        # The smallest clean index whose original index is >= orig (len(text) if none).
        lo, hi = 0, len(self.text)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.original_offset(mid) < orig:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def compose(self, outer: TextMap) -> TextMap:
        """This map, then *outer*: ``outer.text`` is the original this map points into (with
        ``base`` 0); the result maps :attr:`text` to *outer*'s original.

        >>> inner = normalize("记者 滕 晓东")  # clean -> article text
        >>> outer = TextMap("记者 滕 晓东", (), 100)  # the article text sits at 100 in the page
        >>> both = inner.compose(outer)
        >>> both.text, both.original_offset(4)
        ('记者 滕晓东', 105)
        """
        points = {0} | {c for c, _o in self.offsets}
        points |= {self._first_at_or_after(m) for m, _p in outer.offsets}
        out: list[tuple[int, int]] = []
        delta = None
        for j in sorted(points):
            d = outer.original_offset(self.original_offset(j)) - j
            if d != delta:
                out.append((j, j + d))
                delta = d
        if out and out[0] == (0, outer.base):
            out = out[1:]  # the identity from 0 on is what no breakpoint means
        return TextMap(self.text, tuple(out), outer.base)


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


def _cut(source: str, cuts: Sequence[tuple[int, int]], base: int) -> TextMap:
    # Copy *source* (normalizing forms) without the (start, end) spans in *cuts*.
    builder = TextMapBuilder(source, base)
    pos = 0
    for a, b in cuts:
        builder.copy(pos, a)
        pos = b
    builder.copy(pos, len(source))
    return builder.build()


def normalize(text: str, *, base: int = 0) -> TextMap:
    """Normalize *text* (see the module docstring: forms, script, spaces inside names, hard wraps)
    and keep the map back to it.

    >>> m = normalize("a\u200bＢ")
    >>> m.text, m.original_offset(1)
    ('aB', 2)
    """
    source = to_simplified(text)  # same length: positions unchanged
    wraps = _wrap_cuts(source)
    if not wraps:
        return _cut(source, name_spaces(source), base)
    # A name may be wrapped (副主⏎任柯 岚): its spaces are read on the joined lines.
    joined = _cut(source, wraps, base)
    spaces = name_spaces(joined.text)
    return _cut(joined.text, spaces, 0).compose(joined) if spaces else joined
