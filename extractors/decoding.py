"""Decode the bytes of a page: pick its encoding, then keep every part that decodes.

:func:`sniff` picks a file's encoding from its first bytes. :class:`PageDecoder` then decodes
the file chunk by chunk. UTF-8 and GB18030 (with GBK) are decided line by line, so a page
concatenated from two downloads (a UTF-8 head and a GB18030 tail) is read in both; a line that
changes encoding part-way switches once, where the first encoding fails. Bytes that decode in
no encoding of the page (a stray byte, a character cut off at the end of the file) and NUL
bytes become U+FFFD; each run is recorded as :class:`BadBytes` with its byte range and line,
for the reader to report.

Examples
--------
>>> d = PageDecoder("utf-8")
>>> d.decode("市委\\n".encode() + "会议\\n".encode("gb18030") + b"\\xff", final=True)
'市委\\n会议\\n\\ufffd'
>>> d.encoding, d.bad
('utf-8+gb18030', [BadBytes(start=12, end=13, line=3)])
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from guanxi.han import HAN

__all__ = ["BadBytes", "DecodeError", "PageDecoder", "bad_bytes_reason", "decode", "enc_name", "sniff"]

#: The two encodings decided line by line (GB18030 covers GBK and GB2312).
FAMILY = ("utf-8", "gb18030")
_SAMPLE = 64 * 1024
#: A line longer than this is decoded in pieces (a page of one huge line is never held whole).
LONG_LINE = 1 << 20
_MAX_CHAR = 4  # bytes of the longest character (UTF-8, GB18030, a UTF-16 surrogate pair)
_ASCII = bytes(range(0x80))
#: Bad byte runs kept with their positions (all are counted).
KEEP_BAD = 100


class DecodeError(ValueError):
    """Bytes that are not text in a supported encoding; ``str()`` is the reason."""


@dataclass(frozen=True, slots=True)
class BadBytes:
    """A run of bytes of a file that is not text: ``[start, end)`` byte offsets, 1-based line."""

    start: int
    end: int
    line: int


def _plausible(text: str) -> float:
    """Share of characters that are ordinary text (CJK, ASCII printable, CJK punctuation, space)."""
    if not text:
        return 0.0
    ok = 0
    for ch in text:
        o = ord(ch)
        if (
            0x20 <= o < 0x7F
            or ch in "\n\r\t"
            or 0x4E00 <= o <= 0x9FFF
            or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF
            or 0x2000 <= o <= 0x206F
            or ch in "·□■○●△▲◆◇★☆※→←↑↓\ufffd"
        ):
            ok += 1
    return ok / len(text)


# Control bytes other than tab, newlines and form feed do not occur in text (NUL counted apart).
_CONTROL = bytes(b for b in range(1, 0x20) if b not in (9, 10, 12, 13))


def _control_bytes(sample: bytes) -> int:
    return len(sample) - len(sample.translate(None, _CONTROL))


def _few(n: int, sample: bytes) -> bool:
    # Damage, not a different kind of file: at most 1% of the bytes (and always one).
    return n <= max(1, len(sample) // 100)


def sniff(head: bytes, *, whole: bool = False) -> str:
    """The encoding of a file from its first bytes (*whole*: they are the whole file).

    The order: a BOM decides (UTF-8, UTF-16, UTF-32); NUL bytes throughout mean UTF-16 without
    BOM when that reads as text, else binary (a few NULs are damage, kept as U+FFFD); then
    UTF-8/GB18030 when at most 1% of the bytes decode in neither (``utf-8`` when some line is
    UTF-8, else ``gb18030`` when it reads as Chinese); then charset-normalizer's guess, if
    plausible.

    Raises
    ------
    DecodeError
        With the reason (binary, undecodable).
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:_SAMPLE]
    whole = whole and len(head) <= _SAMPLE
    if b"\x00" in sample:
        # UTF-16 without BOM: every ASCII character carries a zero byte on one side.
        even = sample[: len(sample) // 2 * 2]
        for enc in ("utf-16-le", "utf-16-be"):
            text = even.decode(enc, "replace")  # a surrogate pair may be cut at the end
            if text.count("\ufffd") <= 1 and _plausible(text) > 0.97:
                return enc
        if not _few(len(re.findall(rb"\x00+", sample)), sample):
            raise DecodeError("binary file (NUL bytes, not UTF-16 text)")
    if not _few(_control_bytes(sample), sample):
        raise DecodeError("binary file (control bytes)")
    family = _family(sample, whole)
    if family:
        return family
    best = _normalizer_guess(head)
    if best:
        return codecs.lookup(best).name
    raise DecodeError("cannot decode: not UTF-8, UTF-16 or GB18030 text")


def _family(sample: bytes, whole: bool) -> str | None:
    """``utf-8`` or ``gb18030`` when the sample is such text with little damage, else None."""
    high = len(sample.translate(None, _ASCII))
    for primary in FAMILY:
        dec = PageDecoder(primary, long_line=0)  # the sample is cut anywhere: decode it all
        text = dec.decode(sample, final=whole)
        # Damage, not another encoding: at most one in eight non-ASCII bytes (NULs apart).
        bad = dec.bad_bytes - sample.count(b"\x00")
        if bad * 8 > high:
            continue
        if primary == "utf-8" and (not dec.encodings or "utf-8" in dec.encodings):
            return primary  # UTF-8 text, maybe with GB18030 lines
        if primary == "gb18030" and _plausible(text) > 0.95:
            return primary
    return None


def _normalizer_guess(data: bytes) -> str | None:
    """Last resort: charset-normalizer's best guess, kept only when it decodes to plausible text."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 256 * 1024]).best()
    if best is None:
        return None
    text = str(best)
    return best.encoding if _plausible(text) > 0.9 and _CJK_OR_WORD.search(text) else None


_CJK_OR_WORD = re.compile(rf"[{HAN}]|[A-Za-z]{{3,}}")


def enc_name(enc: str, head: bytes) -> str:
    """The name a page reports for *enc* (``utf-16`` and ``utf-32`` with their byte order)."""
    if enc in ("utf-16", "utf-32"):
        bom = codecs.BOM_UTF32_LE if enc == "utf-32" else codecs.BOM_UTF16_LE
        return f"{enc}-le" if head.startswith(bom) else f"{enc}-be"
    return enc


_BOMS = {
    "utf-8-sig": (codecs.BOM_UTF8,),
    "utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE),
    "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE),
}


class PageDecoder:
    """Decode one file chunk by chunk in encoding *enc* (as :func:`sniff` names it).

    ``decode(chunk)`` returns the text of the bytes so far (holding back an unfinished line or
    character); ``decode(b"", final=True)`` ends. ``bad`` lists the byte runs turned into
    U+FFFD; ``encoding`` names the encodings used (``utf-8+gb18030`` for a mixed page).
    """

    def __init__(self, enc: str, *, long_line: int = LONG_LINE) -> None:
        self._first = enc
        self._enc = enc
        self._bom = _BOMS.get(enc)
        self._long = long_line
        self._offset = 0  # file offset of self._pending
        self._line = 1
        self._pending = b""
        self.bad: list[BadBytes] = []  # the first KEEP_BAD runs
        self.bad_runs = 0
        self.bad_bytes = 0
        self.encodings: list[str] = []

    @property
    def encoding(self) -> str:
        return "+".join(self.encodings) or self._first

    def decode(self, chunk: bytes, final: bool = False) -> str:
        data = self._pending + chunk
        if self._bom is not None:
            if not final and len(data) < _MAX_CHAR:
                self._pending = data
                return ""
            # The BOM names the page's encoding (utf-8-sig, utf-16-le ...) and is skipped.
            self._first = enc_name(self._first, data)
            self._enc = self._first.replace("utf-8-sig", "utf-8")
            skip = next((len(b) for b in self._bom if data.startswith(b)), 0)
            self._offset += skip
            data = data[skip:]
            self._bom = None
        if self._enc in FAMILY:
            cut = len(data) if final else data.rfind(b"\n") + 1
            if not final and cut == 0 and len(data) >= self._long:
                cut = len(data)  # one huge line: decode it in pieces
            work, rest = data[:cut], data[cut:]
            text, done = self._lines(work, final)
        else:
            work, rest = data, b""
            text, done = self._runs(data, 0, self._enc, None, final)
        self._pending = work[done:] + rest
        self._offset += done
        self._line += text.count("\n")
        return text

    def _used(self, enc: str) -> None:
        if enc == "utf-8" and self._first == "utf-8-sig":
            enc = self._first
        if enc not in self.encodings:
            self.encodings.append(enc)

    def _lines(self, work: bytes, final: bool) -> tuple[str, int]:
        """Decode complete lines of UTF-8/GB18030 (the last one may be a piece of a long line)."""
        if self._enc == "utf-8" and b"\x00" not in work:
            try:
                text = work.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                if not work.isascii():
                    self._used("utf-8")
                return text, len(work)
        out: list[str] = []
        pos = 0
        line = self._line
        while pos < len(work):
            nl = work.find(b"\n", pos)
            end = len(work) if nl < 0 else nl + 1
            text, done = self._line_text(work[pos:end], pos, line, final or nl >= 0)
            out.append(text)
            if pos + done < end:  # an unfinished character held back for the next chunk
                pos += done
                break
            pos = end
            line += 1
        return "".join(out), pos

    def _line_text(self, raw: bytes, at: int, line: int, final: bool) -> tuple[str, int]:
        if raw.isascii() and b"\x00" not in raw:
            return raw.decode("ascii"), len(raw)
        primary, other = self._enc, FAMILY[self._enc == "utf-8"]
        order = (other, primary) if primary == "gb18030" else (primary, other)
        for enc in order:
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            # In a UTF-8 page a GB18030 line must fail as UTF-8 throughout and read as text
            # (a damaged UTF-8 line also decodes as GB18030, as nonsense).
            if enc != primary and enc == "gb18030" and not _gb_line(raw, text):
                continue
            if not raw.isascii():
                self._used(enc)
            return self._nul(text, raw, at, line), len(raw)
        return self._runs(raw, at, primary, other, final, line)

    def _nul(self, text: str, raw: bytes, at: int, line: int) -> str:
        # NUL is a byte and a character of its own in UTF-8 and GB18030: positions match.
        if "\x00" not in text:
            return text
        for m in re.finditer(rb"\x00+", raw):
            self._bad(self._offset + at + m.start(), self._offset + at + m.end(), line)
        return re.sub("\x00+", "\ufffd", text)

    def _runs(
        self, raw: bytes, at: int, enc: str, other: str | None, final: bool, line: int | None = None
    ) -> tuple[str, int]:
        """Decode *raw* in *enc*, switching once to *other* where it fails and *other* fits;
        bytes that fit neither become U+FFFD. Returns the text and the bytes consumed."""
        mv = memoryview(raw)
        out: list[str] = []
        pos = 0
        lines = 0 if line is None else line - self._line
        while pos < len(raw):
            try:
                text = str(mv[pos:], enc)
            except UnicodeDecodeError as err:
                bad = pos + err.start
                text = str(mv[pos:bad], enc)
                end = pos + err.end
            else:
                bad = end = len(raw)
            if text:
                if enc in FAMILY:
                    text = self._nul(text, raw[pos:bad], at + pos, self._line + lines)
                out.append(text)
                lines += text.count("\n")
                if not text.isascii():
                    self._used(enc)
            if bad == len(raw):
                pos = bad
                break
            if not final and bad >= len(raw) - _MAX_CHAR:
                pos = bad  # maybe a character cut by the chunk: decoded with the next one
                break
            if other is not None and _fits(raw, bad, other, final):
                enc, other = other, None
                pos = bad
                continue
            out.append("\ufffd")
            self._bad(self._offset + at + bad, self._offset + at + end, self._line + lines)
            pos = end
        return "".join(out), pos

    def _bad(self, start: int, end: int, line: int) -> None:
        self.bad_bytes += end - start
        last = self.bad[-1] if self.bad else None
        if last is not None and last.end == start and last.line == line:
            self.bad[-1] = BadBytes(last.start, end, line)
            return
        self.bad_runs += 1
        if len(self.bad) < KEEP_BAD:
            self.bad.append(BadBytes(start, end, line))


def _gb_line(raw: bytes, text: str) -> bool:
    """True when *raw*, valid GB18030 (*text*), is a GB18030 line and not damaged UTF-8: two
    characters at least, most of them failing as UTF-8, and the GB18030 reading is text."""
    high = len(raw.translate(None, _ASCII))
    errors = raw.decode("utf-8", "replace").count("\ufffd") - raw.decode("utf-8", "ignore").count("\ufffd")
    return high >= 4 and errors * 8 >= high and _plausible(text) >= 0.9


def _fits(raw: bytes, at: int, enc: str, final: bool) -> bool:
    """True when the bytes at *at* read as *enc* text: at least two characters (4 bytes) of it."""
    window = raw[at : at + 32]
    dec = codecs.getincrementaldecoder(enc)()
    try:
        text = dec.decode(window, final=final and at + 32 >= len(raw))
    except UnicodeDecodeError as err:
        text = window[: err.start].decode(enc)
    used = len(text.encode(enc))
    if used < 4 or text.isascii():
        return False
    return enc == "utf-8" or _plausible(text) >= 0.9


def decode(data: bytes) -> tuple[str, str]:
    """Decode a whole file's bytes; return (text, encoding name).

    Bytes that decode in no encoding of the file become U+FFFD (see :class:`PageDecoder`).

    Raises
    ------
    DecodeError
        With the reason (binary, undecodable).

    Examples
    --------
    >>> decode("宜宾".encode("gbk"))
    ('宜宾', 'gb18030')
    >>> decode("宜宾".encode("utf-16"))
    ('宜宾', 'utf-16-le')
    """
    dec = PageDecoder(sniff(data, whole=True))
    text = dec.decode(data, final=True)
    return text, dec.encoding


def bad_bytes_reason(dec: PageDecoder, *, in_line: bool = False, shown: int = 5) -> str:
    """The problem line's reason for a page kept without the bad bytes of *dec*: their byte
    offsets (0-based, in the file; *in_line*: in the one line decoded) and lines."""
    n = dec.bad_bytes

    def where(b: BadBytes) -> str:
        span = f"byte {b.start}" if b.end - b.start == 1 else f"bytes {b.start}-{b.end - 1}"
        return f"{span} of the line" if in_line else f"{span} (line {b.line})"

    more = f" and {dec.bad_runs - shown} more" if dec.bad_runs > shown else ""
    return (
        f"kept, but {n} byte{'s are' if n != 1 else ' is'} not {dec.encoding.replace('+', '/')} text "
        f"(now U+FFFD): {', '.join(where(b) for b in dec.bad[:shown])}{more}"
    )
