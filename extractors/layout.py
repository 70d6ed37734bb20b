"""Lay out a newspaper page from its characters: lines, blocks, headline stacks, articles.

Pure geometry and a little text grammar, no PDF library: :mod:`guanxi.extractors.pdf` hands in
the characters of a page (text, box, font size) and gets back the page text guanxi composes
and its :class:`~guanxi.model.Region`\\ s.

1. **Lines**: characters in content order, cut where the size changes, the baseline moves or a
   gap wider than a column gutter opens; pieces of one line drawn apart are joined again.
2. **Blocks**: lines of one size stacked in one column with normal leading.
3. **Headline stacks**: blocks set larger than the body type (the body size is the most common
   one), next to each other: the largest is the title, those above it kickers (引题), those
   below it subtitles (副题).
4. **Articles**: each body block goes to the nearest stack above it that spans it, so a body
   that runs on across the columns under its headline stays one article. Blocks set smaller
   than the body are photo captions, each a piece of its own; blocks under no headline make
   untitled pieces (a continuation 上接第X版, a brief). The page header (paper, date, 第X版) is
   no article: its date and page number are read from it.

The page text lists the regions in reading order (top to bottom, then left to right), one line
per headline block and per paragraph (a paragraph cut by a column break is joined again),
regions apart by a blank line.

Examples
--------
>>> chars = [Char(c, 10 + 20 * i, 10, 30 + 20 * i, 32, 20.0) for i, c in enumerate("市里开会")]
>>> chars += [Char(c, 10 + 10 * i, 40, 20 + 10 * i, 51, 10.0) for i, c in enumerate("本报讯 会议召开。")]
>>> chars += [Char(c, 10 + 10 * i, 54, 20 + 10 * i, 65, 10.0) for i, c in enumerate("大家都来了。")]
>>> lay = lay_out(chars, 300, 400)
>>> print(lay.text)
市里开会
本报讯 会议召开。大家都来了。
>>> r = lay.regions[0]
>>> r.kind, lay.text[slice(*r.title)]
('article', '市里开会')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from guanxi.model import Region

__all__ = ["Char", "Layout", "jump_marks", "lay_out", "page_header"]

#: Headline type: at least this many times the body size.
HEAD_RATIO = 1.18
#: Caption type: at most this many times the body size.
CAPTION_RATIO = 0.93
#: The top and bottom bands (share of the page height) where a page header or footer sits.
HEADER_BAND = 0.1
FOOTER_BAND = 0.05


@dataclass(frozen=True, slots=True)
class Char:
    """One character with its box (points, from the page's top-left) and font size."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass(slots=True)
class _Line:
    chars: list[Char]
    size: float
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0

    def __post_init__(self) -> None:
        self._box()

    def _box(self) -> None:
        cs = self.chars
        self.x0 = min(c.x0 for c in cs)
        self.x1 = max(c.x1 for c in cs)
        self.top = min(c.top for c in cs)
        self.bottom = max(c.bottom for c in cs)

    def add(self, c: Char) -> None:
        self.chars.append(c)
        self.x0, self.x1 = min(self.x0, c.x0), max(self.x1, c.x1)
        self.top, self.bottom = min(self.top, c.top), max(self.bottom, c.bottom)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars).strip()


@dataclass(slots=True)
class _Block:
    lines: list[_Line]
    size: float
    role: str = "body"  # body | head | caption | header

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)

    @property
    def x1(self) -> float:
        return max(ln.x1 for ln in self.lines)

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom

    @property
    def text(self) -> str:
        return "".join(ln.text for ln in self.lines)

    def box(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1))


@dataclass(slots=True)
class _Group:
    kind: str  # article | photo | continuation | header
    head: list[_Block] = field(default_factory=list)
    body: list[_Block] = field(default_factory=list)

    @property
    def blocks(self) -> list[_Block]:
        return self.head + self.body

    @property
    def top(self) -> float:
        return min(b.top for b in self.blocks)

    @property
    def x0(self) -> float:
        return min(b.x0 for b in self.blocks)


@dataclass(frozen=True, slots=True)
class Layout:
    """A laid-out page: its composed text, regions, and what its header says."""

    text: str
    regions: tuple[Region, ...]
    date: str | None = None  # the issue date, ISO, when the page header prints it
    page_number: int | None = None  # the printed page (版) number


# --------------------------------------------------------------------------- lines


def _lines(chars: list[Char]) -> list[_Line]:
    lines: list[_Line] = []
    cur: _Line | None = None
    last: Char | None = None
    for c in chars:
        if c.text in "\r\n" or c.size <= 0:
            continue
        if c.text.isspace():
            if cur is not None and last is not None and _same_line(cur, last, c):
                cur.chars.append(c)  # a space inside a line (本报讯 记者): it bridges the gap
                last = c
            continue
        if cur is not None and last is not None and _same_line(cur, last, c):
            cur.add(c)
        else:
            cur = _Line([c], c.size)
            lines.append(cur)
        last = c
    return _join_pieces(lines)


def _same_line(line: _Line, last: Char, c: Char) -> bool:
    size = line.size
    if abs(c.size - size) > 0.12 * size:
        return False
    if abs(c.bottom - last.bottom) > 0.35 * size:
        return False
    gap = c.x0 - last.x1
    return -0.3 * size <= gap <= 0.9 * size


def _join_pieces(lines: list[_Line]) -> list[_Line]:
    """Join pieces of one line that were drawn apart (same size and baseline, touching: a gap
    of a quarter em at most, as headlines side by side stand a gutter apart)."""
    lines.sort(key=lambda ln: (round(ln.bottom), ln.x0))
    out: list[_Line] = []
    for ln in lines:
        for prev in reversed(out[-8:]):
            size = prev.size
            if (
                abs(ln.size - size) <= 0.12 * size
                and abs(ln.bottom - prev.bottom) <= 0.35 * size
                and -0.3 * size <= ln.x0 - prev.x1 <= 0.25 * size
            ):
                for c in ln.chars:
                    prev.add(c)
                break
        else:
            out.append(ln)
    for ln in out:
        ln.chars.sort(key=lambda c: c.x0)
    return out


# --------------------------------------------------------------------------- blocks


def _blocks(lines: list[_Line]) -> list[_Block]:
    """Lines of one size stacked in one column with normal leading make a block."""
    blocks: list[_Block] = []
    open_: list[_Block] = []
    for ln in sorted(lines, key=lambda x: (x.top, x.x0)):
        best: _Block | None = None
        best_overlap = 0.0
        for b in open_:
            last = b.lines[-1]
            size = b.size
            if abs(ln.size - size) > 0.08 * size:
                continue
            gap = ln.top - last.bottom
            if not -0.3 * size <= gap <= 0.9 * size:
                continue
            overlap = min(ln.x1, b.x1) - max(ln.x0, b.x0)
            narrow = min(ln.x1 - ln.x0, b.x1 - b.x0)
            # One column: the lines overlap, and either share the left edge (give or take a
            # paragraph indent; a paragraph's short last line overlaps little) or mostly overlap.
            if overlap <= 0 or (abs(ln.x0 - b.x0) > 2.5 * size and overlap < 0.5 * narrow):
                continue
            if overlap > best_overlap:
                best, best_overlap = b, overlap
        if best is None:
            best = _Block([ln], ln.size)
            blocks.append(best)
            open_.append(best)
        else:
            best.lines.append(ln)
        # Blocks far above cannot take the next lines any more.
        open_ = [b for b in open_ if ln.top - b.bottom <= 2 * b.size]
    return blocks


def _body_size(blocks: list[_Block]) -> float:
    counts: Counter[float] = Counter()
    for b in blocks:
        for ln in b.lines:
            counts[round(ln.size * 2) / 2] += len(ln.chars)
    return counts.most_common(1)[0][0] if counts else 10.0


# --------------------------------------------------------------------------- page header

_CN = "〇零一二三四五六七八九十"
_NUM = rf"[{_CN}\d]{{1,3}}"
_DATE = re.compile(r"((?:19|20)\d\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_PAGE_NO = re.compile(
    rf"第\s*[A-Za-z]?({_NUM})\s*版|(?:^|[\s|｜·])([A-Za-z]?\d{{1,2}})\s*版|版次\s*[:：]?\s*({_NUM})"
)
_JUMP_TO = re.compile(rf"[(（]?\s*(?:转|下转|转至|接)\s*第?\s*[A-Za-z]?({_NUM})\s*版\s*[)）]?")
_JUMP_FROM = re.compile(rf"[(（]?\s*(?:上接|紧接|接上|接)\s*第?\s*[A-Za-z]?({_NUM})\s*版\s*[)）]?")


def _cn_number(s: str) -> int | None:
    s = re.sub(r"^[A-Za-z]", "", s)
    if s.isdigit():
        return int(s)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        return (digits.get(a, 1) if a else 1) * 10 + (digits.get(b, 0) if b else 0)
    if len(s) == 1 and s in digits:
        return digits[s]
    return None


def page_header(text: str) -> tuple[str | None, int | None]:
    """(ISO issue date, page number) printed in a page header line, each None when absent.

    >>> page_header("江城日报 2025年3月18日 星期二 第三版 要闻")
    ('2025-03-18', 3)
    """
    date = None
    if m := _DATE.search(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        if 1 <= mo <= 12 and 1 <= d <= 31:
            date = f"{y:04d}-{mo:02d}-{d:02d}"
    number = None
    if m := _PAGE_NO.search(text):
        number = _cn_number(next(g for g in m.groups() if g))
    return date, number


def jump_marks(text: str) -> tuple[int | None, int | None]:
    """(page it jumps to, page it continues from) of an article's text: 转第X版 near its end,
    上接第X版 at its start.

    >>> jump_marks("（上接第1版）会议强调……（转第4版）")
    (4, 1)
    """
    to = frm = None
    head = text[:24]
    if m := _JUMP_FROM.search(head):
        frm = _cn_number(m[1])
    tail = text[-24:]
    for m in _JUMP_TO.finditer(tail):
        if (
            "上接" not in m.group(0)
            and "接上" not in m.group(0)
            and not m.group(0).lstrip("(（ ").startswith("接")
        ):
            to = _cn_number(m[1])
    return to, frm


def _is_header(b: _Block, height: float) -> bool:
    text = b.text
    in_band = b.bottom <= HEADER_BAND * height or b.top >= (1 - FOOTER_BAND) * height
    if not in_band or len(b.lines) > 1 or len(text) > 80 or _JUMP_FROM.search(text) or _JUMP_TO.search(text):
        return False
    if "讯" in text[:12]:
        return False  # a dateline that prints a date: an article's first line
    date, number = page_header(text)
    return date is not None or number is not None or bool(re.fullmatch(r"[-—\s]*\d{1,3}[-—\s]*", text))


# --------------------------------------------------------------------------- articles


def _overlap(a: _Block | _Group, b: _Block) -> float:
    ax0, ax1 = (a.x0, a.x1) if isinstance(a, _Block) else (a.x0, max(x.x1 for x in a.blocks))
    return min(ax1, b.x1) - max(ax0, b.x0)


def _stacks(heads: list[_Block]) -> list[list[_Block]]:
    """Headline blocks next to each other (one right under the other) make a stack; a block
    joins the stack whose last block it overlaps most."""
    stacks: list[list[_Block]] = []
    for b in sorted(heads, key=lambda x: (x.top, x.x0)):
        best: list[_Block] | None = None
        best_overlap = 0.0
        for st in stacks:
            last = st[-1]
            gap = b.top - last.bottom
            if not -0.2 * b.size <= gap <= 1.2 * min(b.size, last.size):
                continue
            overlap = _overlap(last, b)
            narrow = min(b.x1 - b.x0, last.x1 - last.x0)
            # Side by side they may not overlap at all: a kicker set flush left over a centred
            # title. Headlines of two articles are not stacked this close, one right over the other.
            wide = max(b.x1 - b.x0, last.x1 - last.x0)
            if overlap < 0.3 * narrow and -overlap > max(10 * max(b.size, last.size), wide):
                continue
            if best is None or overlap > best_overlap:
                best, best_overlap = st, overlap
        if best is None:
            stacks.append([b])
        else:
            best.append(b)
    return stacks


def _kicker_above(b: _Block, heads: list[_Block]) -> bool:
    """True for a short line in body type right above a headline: a kicker (引题) set small,
    not the last line of a body (which ends a sentence, and stands further off)."""
    text = b.text
    if b.role != "body" or len(b.lines) != 1 or not 2 <= len(text) <= 24 or text[-1] in "。！？”」；：，":
        return False
    if _JUMP_TO.search(text) or _JUMP_FROM.search(text) or "讯" in text[:12]:
        return False
    for h in heads:
        if h.size <= b.size or not 0 <= h.top - b.bottom <= 1.2 * b.size:
            continue
        wide = max(b.x1 - b.x0, h.x1 - h.x0)
        if _overlap(h, b) > 0 or -_overlap(h, b) <= wide:
            return True
    return False


def _groups(blocks: list[_Block], body: float, height: float) -> list[_Group]:
    header = _Group("header")
    heads: list[_Block] = []
    rest: list[_Block] = []
    for b in blocks:
        if _is_header(b, height):
            b.role = "header"
            header.body.append(b)
        elif b.size >= HEAD_RATIO * body or (
            b.text.startswith("——") and len(b.lines) <= 2 and len(b.text) <= 60
        ):
            b.role = "head"
            heads.append(b)
        elif b.size <= CAPTION_RATIO * body:
            b.role = "caption"
            rest.append(b)
        else:
            rest.append(b)
    for b in [b for b in rest if _kicker_above(b, heads)]:
        rest.remove(b)
        b.role = "head"
        heads.append(b)
    # The masthead (the paper's name in display type) stands above the header line.
    if header.body:
        line_top = (
            min(b.top for b in header.body if b.top < HEADER_BAND * height)
            if any(b.top < HEADER_BAND * height for b in header.body)
            else 0.0
        )
        for b in [b for b in heads if b.bottom <= line_top + 0.2 * b.size]:
            heads.remove(b)
            b.role = "header"
            header.body.append(b)
    groups: list[_Group] = []
    for st in _stacks(heads):
        if all(b.size < HEAD_RATIO * body for b in st):  # ——subtitle lines with no headline
            for b in st:
                b.role = "body"
                rest.append(b)
            continue
        groups.append(_Group("article", head=st))
    captions = [b for b in rest if b.role == "caption"]
    bodies = sorted((b for b in rest if b.role == "body"), key=lambda x: (x.top, x.x0))
    reach = _reach(groups, blocks, body)
    orphans: list[_Block] = []
    for b in bodies:
        found: list[tuple[float, _Group]] = []
        for g, (left, right) in zip(groups, reach, strict=True):
            bottom = max(x.bottom for x in g.head)
            if bottom > b.top + 0.5 * b.size:
                continue
            if min(right, b.x1) - max(left, b.x0) < 0.5 * (b.x1 - b.x0):
                continue
            found.append((bottom, g))
        if not found:
            orphans.append(b)
            continue
        # The nearest headline above; of headlines on one row, one that starts left of the block
        # (headlines stand over their columns from the left), then the one most over it.
        # A row's headlines start on one line, however many lines each stack has.
        nearest_bottom, nearest = max(found, key=lambda x: x[0])
        row = [
            (bottom, g)
            for bottom, g in found
            if bottom >= nearest_bottom - 3 * body or abs(g.top - nearest.top) <= 2 * body
        ]
        _, best = max(row, key=lambda x: (x[1].x0 <= b.x0 + body, _overlap(x[1], b), x[0]))
        best.body.append(b)
    # A stack with no body in the header band is the masthead (the paper's name): header.
    for g in list(groups):
        if not g.body and max(b.bottom for b in g.head) <= 1.5 * HEADER_BAND * height:
            groups.remove(g)
            header.body.extend(g.head)
            for b in g.head:
                b.role = "header"
    groups.extend(_orphan_groups(orphans))
    groups.extend(_caption_groups(captions))
    if header.body:
        groups.append(header)
    return groups


def _reach(groups: list[_Group], blocks: list[_Block], body: float) -> list[tuple[float, float]]:
    """How far across each headline's article may run: from the headline, out to the next
    headline beside it on the same row (or the page's text edge), as a short headline still
    stands over all the columns of its article."""
    left_edge = min(b.x0 for b in blocks)
    right_edge = max(b.x1 for b in blocks)
    spans = []
    for g in groups:
        top, bottom = g.top, max(b.bottom for b in g.head)
        x0, x1 = g.x0, max(b.x1 for b in g.head)
        left, right = left_edge, right_edge
        for o in groups:
            if o is g:
                continue
            o_top, o_bottom = o.top, max(b.bottom for b in o.head)
            if o_bottom < top - 3 * body or o_top > bottom + 3 * body:
                continue  # not on the same row
            o_x0, o_x1 = o.x0, max(b.x1 for b in o.head)
            if o_x0 >= x1 - body:
                right = min(right, o_x0)
            elif o_x1 <= x0 + body:
                left = max(left, o_x1)
        spans.append((left, right))
    return spans


def _chains(blocks: list[_Block], kind: str, joins) -> list[_Group]:
    """Blocks in *blocks* (in the order given) chained into groups of *kind*: a block joins the
    first group for which ``joins(group, block)`` holds."""
    groups: list[_Group] = []
    for b in blocks:
        g = next((g for g in groups if joins(g, b)), None)
        if g is None:
            groups.append(_Group(kind, body=[b]))
        else:
            g.body.append(b)
    return groups


def _orphan_groups(orphans: list[_Block]) -> list[_Group]:
    """Body blocks under no headline: blocks that follow on in one column, or top-aligned side
    by side, make one untitled piece."""

    def joins(g: _Group, b: _Block) -> bool:
        last, size = g.body[-1], b.size
        below = _overlap(last, b) > 0.5 * (b.x1 - b.x0) and 0 <= b.top - last.bottom <= 3 * size
        right = max(x.x1 for x in g.body)
        return below or (abs(b.top - g.body[0].top) <= 2 * size and -size <= b.x0 - right <= 3 * size)

    return _chains(sorted(orphans, key=lambda x: (x.x0, x.top)), "article", joins)


def _caption_groups(captions: list[_Block]) -> list[_Group]:
    """Caption blocks right under each other make one caption."""

    def joins(g: _Group, b: _Block) -> bool:
        last = g.body[-1]
        return _overlap(last, b) > 0 and 0 <= b.top - last.bottom <= 1.5 * b.size

    return _chains(sorted(captions, key=lambda x: (x.top, x.x0)), "photo", joins)


# --------------------------------------------------------------------------- page text


def _paragraphs(blocks: list[_Block]) -> list[str]:
    """Body blocks in column order as paragraphs: a line indented, or after a short line, opens
    one; a block's first line that is not indented goes on with the paragraph before it."""
    paras: list[str] = []
    prev_full = False
    for bi, b in enumerate(blocks):
        left, right = b.x0, b.x1
        for li, ln in enumerate(b.lines):
            indented = ln.x0 - left >= 1.2 * b.size
            text = ln.text
            if not text:
                continue
            goes_on = paras and not indented and prev_full and (li > 0 or bi > 0)
            if goes_on:
                paras[-1] = _join(paras[-1], text)
            else:
                paras.append(text)
            prev_full = right - ln.x1 <= 1.2 * b.size and not _ends_piece(text)
        if len(b.lines) == 1:
            prev_full = prev_full and b.lines[0].x1 - b.lines[0].x0 > 10 * b.size
    return paras


def _ends_piece(text: str) -> bool:
    return bool(_JUMP_TO.search(text[-12:])) or text.endswith(("摄", "摄影", "供图"))


def _join(a: str, b: str) -> str:
    if a[-1:].isascii() and a[-1:].isalnum() and b[:1].isascii() and b[:1].isalnum():
        return f"{a} {b}"
    return a + b


def _column_order(blocks: list[_Block]) -> list[_Block]:
    """Columns left to right (blocks that overlap the column's width by half), each top to bottom."""
    cols: list[tuple[float, float, list[_Block]]] = []
    for b in sorted(blocks, key=lambda x: (x.x0, x.top)):
        if cols:
            x0, x1, col = cols[-1]
            if min(x1, b.x1) - max(x0, b.x0) >= 0.5 * min(x1 - x0, b.x1 - b.x0):
                col.append(b)
                cols[-1] = (min(x0, b.x0), max(x1, b.x1), col)
                continue
        cols.append((b.x0, b.x1, [b]))
    return [b for _, _, col in cols for b in sorted(col, key=lambda x: x.top)]


def lay_out(chars: list[Char], width: float, height: float) -> Layout:
    """The page text and regions of a page's characters (see the module docstring).

    Parameters
    ----------
    chars : list of Char
        The page's characters in content order (as the PDF draws them).
    width, height : float
        The page size in points.
    """
    del width  # the layout only needs the height (header and footer bands)
    blocks = _blocks(_lines(chars))
    if not blocks:
        return Layout("", ())
    body = _body_size(blocks)
    groups = _groups(blocks, body, height)
    bucket = 2 * body

    def order(g: _Group) -> tuple[int, int, float]:
        return (0 if g.kind == "header" else 1, round(g.top / bucket), g.x0)

    parts: list[str] = []
    regions: list[Region] = []
    pos = 0
    date = number = None
    for g in sorted(groups, key=order):
        if parts:
            parts.append("\n\n")
            pos += 2
        start = pos
        spans: list[tuple[str, tuple[int, int]]] = []
        lines: list[str] = []
        title_size = max((b.size for b in g.head), default=0.0)
        title_seen = False
        for b in g.head:
            text = "".join(ln.text for ln in b.lines)  # a headline over two lines is one line
            span = (pos, pos + len(text))
            if b.size == title_size and not title_seen:
                role, title_seen = "title", True
            else:
                role = "subtitle" if title_seen else "kicker"
            spans.append((role, span))
            lines.append(text)
            pos += len(text) + 1
        ordered = _column_order(g.body) if g.kind != "header" else sorted(g.body, key=lambda x: (x.top, x.x0))
        for para in _paragraphs(ordered):
            lines.append(para)
            pos += len(para) + 1
        n_head = len(g.head)
        chunk = "\n".join(lines)
        pos = start + len(chunk)
        parts.append(chunk)
        if g.kind == "header":
            d, n = page_header(chunk)
            date, number = date or d, number or n
        kind = g.kind
        # Jump lines are read in the body (a continuation may repeat its headline above 上接…).
        to, frm = jump_marks("\n".join(lines[n_head:])) if kind == "article" else (None, None)
        if frm is not None:
            kind = "continuation"
        regions.append(
            Region(
                start=start,
                end=pos,
                kind=kind,
                boxes=tuple(b.box() for b in sorted(g.blocks, key=lambda x: (x.x0, x.top))),
                title=next((s for r, s in spans if r == "title"), None),
                kickers=tuple(s for r, s in spans if r == "kicker"),
                subtitles=tuple(s for r, s in spans if r == "subtitle"),
                jump_to=to,
                jump_from=frm,
            )
        )
    return Layout("".join(parts), tuple(regions), date, number)
