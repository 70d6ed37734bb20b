"""Read inputs into pages: files, directories (recursively), or ``-`` for stdin.

Formats: ``.txt``/``.md`` pages (one page per file; a huge file is cut into parts at paragraph
breaks, so it is never held whole in memory) and ``.jsonl`` article records
``{"id", "text", "title"?, "date"?, "source"?, "url"?, "home"?: {"province", "city"}}``, read
line by line. Encodings: UTF-8 with or without BOM, UTF-16 (BOM, or detected without one) and
GB18030/GBK, decided by a strict decode order with evidence (see :func:`decode`).

Bad input never stops a run and is never dropped silently: an unreadable, binary, empty or
undecodable file, or a malformed JSONL line, is yielded as a :class:`~guanxi.model.Problem`
with path, line and reason, and reading goes on.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "p.txt").write_text("市委召开会议", encoding="gb18030")
>>> _ = (d / "r.jsonl").write_text('{"id": "a", "text": "正文"}\\n{"id": 2}\\n', encoding="utf-8")
>>> [(type(x).__name__, getattr(x, "encoding", None) or x.reason) for x in read_inputs([d])]
[('Page', 'gb18030'), ('Page', 'utf-8'), ('Problem', 'missing "text"')]
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from guanxi.model import Home, Page, Problem

__all__ = ["PAGE_SUFFIXES", "RECORD_SUFFIXES", "decode", "iter_files", "read_inputs", "read_path"]

PAGE_SUFFIXES = (".txt", ".md", ".text")
RECORD_SUFFIXES = (".jsonl", ".ndjson")
#: Pages larger than this are cut into parts at paragraph breaks (characters per part, about).
PART_CHARS = 500_000
_READ_BYTES = 1 << 20
_META_KEYS = ("title", "date", "source", "url")


class DecodeError(ValueError):
    """Bytes that are not text in a supported encoding; ``str()`` is the reason."""


# --------------------------------------------------------------------------- decoding


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
            or ch in "·□■○●△▲◆◇★☆※→←↑↓"
        ):
            ok += 1
    return ok / len(text)


_CONTROL = bytes(b for b in range(0x20) if b not in (9, 10, 12, 13))


def _binary(sample: bytes) -> bool:
    # Control bytes other than tab, newlines and form feed do not occur in text files.
    bad = len(sample) - len(sample.translate(None, _CONTROL))
    return bad > max(1, len(sample) // 100)


def _sniff(head: bytes) -> str:
    """Pick the encoding of a file from its first bytes (see :func:`decode`)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    sample = head[: 64 * 1024]
    if b"\x00" in sample:
        # UTF-16 without BOM: every ASCII character carries a zero byte on one side.
        even = sample[: len(sample) // 2 * 2]
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = even.decode(enc)
            except UnicodeDecodeError:
                continue
            if _plausible(text) > 0.97:
                return enc
        raise DecodeError("binary file (NUL bytes, not UTF-16 text)")
    if _binary(sample):
        raise DecodeError("binary file (control bytes)")
    # Strict order with evidence: UTF-8 first (GB bytes almost never form valid UTF-8), then
    # GB18030 (a superset of GBK and GB2312) when the result reads as Chinese text.
    cut = _safe_cut(sample)
    try:
        sample[:cut].decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = sample[:cut].decode("gb18030")
        if _plausible(text) > 0.95:
            return "gb18030"
    except UnicodeDecodeError:
        pass
    best = _normalizer_guess(head)
    if best:
        return best
    raise DecodeError("cannot decode: not UTF-8, UTF-16 or GB18030 text")


def _safe_cut(sample: bytes) -> int:
    # A sample may end inside a multi-byte character: cut at the last newline when there is one.
    if len(sample) < 64 * 1024:
        return len(sample)
    k = sample.rfind(b"\n")
    return k + 1 if k > 0 else len(sample)


def _normalizer_guess(data: bytes) -> str | None:
    """Last resort: charset-normalizer's best guess, kept only when it decodes to plausible text."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 256 * 1024]).best()
    if best is None:
        return None
    text = str(best)
    return best.encoding if _plausible(text) > 0.9 and _CJK_OR_WORD.search(text) else None


_CJK_OR_WORD = re.compile(r"[\u4e00-\u9fff]|[A-Za-z]{3,}")


def decode(data: bytes) -> tuple[str, str]:
    """Decode a whole file's bytes; return (text, encoding name).

    The order: a BOM decides (UTF-8, UTF-16, UTF-32); NUL bytes mean UTF-16 without BOM when
    that reads as text, else binary; then strict UTF-8; then strict GB18030 (covers GBK) when
    the result is plausible Chinese text; then charset-normalizer's guess, if plausible.

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
    enc = _sniff(data)
    try:
        return data.decode(enc), _enc_name(enc, data)
    except UnicodeDecodeError as err:
        raise DecodeError(
            f"cannot decode as {_enc_name(enc, data)}: {err.reason} at byte {err.start}"
        ) from None


def _enc_name(enc: str, head: bytes) -> str:
    if enc == "utf-16":
        return "utf-16-le" if head.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
    return enc


# --------------------------------------------------------------------------- files


def iter_files(path: Path) -> Iterator[Path]:
    """Input files under a directory, recursively, in sorted order (hidden entries skipped)."""
    suffixes = PAGE_SUFFIXES + RECORD_SUFFIXES
    for root, dirs, files in os.walk(path, followlinks=False):
        # A directory named like an input file (x.txt) is listed, so it is reported as unreadable,
        # and not entered.
        odd = sorted(d for d in dirs if d.lower().endswith(suffixes))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in odd)
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(suffixes):
                yield Path(root) / name
        for d in odd:
            yield Path(root) / d


def read_inputs(paths: Iterable[str | os.PathLike], *, home: Home | None = None) -> Iterator[Page | Problem]:
    """Yield the pages of every input, streaming, with a :class:`Problem` for each bad one.

    Parameters
    ----------
    paths : iterable of str or PathLike
        Files, directories (read recursively) or ``"-"`` for standard input.
    home : Home, optional
        The paper's home, given by the user (``--home``); it overrides a record's own ``home``.

    Yields
    ------
    Page or Problem
    """
    for p in paths:
        if str(p) == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>", None, home)
            continue
        path = Path(p)
        if path.is_dir() and not path.name.lower().endswith(PAGE_SUFFIXES + RECORD_SUFFIXES):
            for f in iter_files(path):
                if f.is_dir():
                    yield Problem(str(f), None, "is a directory, not a file")
                else:
                    yield from read_path(f, home=home)
            continue
        yield from read_path(path, home=home)


def read_path(path: Path, *, home: Home | None = None) -> Iterator[Page | Problem]:
    """Pages (or a Problem) of one file."""
    name = str(path)
    if path.is_dir():
        yield Problem(name, None, "is a directory, not a file")
        return
    if not path.exists():
        reason = "broken symbolic link" if path.is_symlink() else "no such file"
        yield Problem(name, None, reason)
        return
    try:
        fh = path.open("rb")
    except OSError as err:
        yield Problem(name, None, f"cannot read: {err.strerror or err}")
        return
    with fh:
        kind = "records" if path.name.lower().endswith(RECORD_SUFFIXES) else "page"
        yield from _read_stream(fh, name, kind, home)


def _read_stream(fh: BinaryIO, name: str, kind: str | None, home: Home | None) -> Iterator[Page | Problem]:
    try:
        head = fh.read(_READ_BYTES)
    except OSError as err:
        yield Problem(name, None, f"cannot read: {err.strerror or err}")
        return
    if not head.strip():
        yield Problem(name, None, "empty file")
        return
    if kind is None:  # stdin: JSONL when the first character opens a JSON object
        kind = "records" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "page"
    if kind == "records":
        yield from _read_records(head, fh, name, home)
    else:
        yield from _read_page(head, fh, name, home)


def _read_page(head: bytes, fh: BinaryIO, name: str, home: Home | None) -> Iterator[Page | Problem]:
    try:
        enc = _sniff(head)
    except DecodeError as err:
        yield Problem(name, None, str(err))
        return
    decoder = codecs.getincrementaldecoder(enc)(errors="strict")
    stem = Path(name).stem if name != "<stdin>" else "stdin"
    enc_name = _enc_name(enc, head)
    parts: list[str] = []
    size = 0
    part = 0
    line_no = 1
    chunk = head
    try:
        while True:
            text = decoder.decode(chunk, final=not chunk)
            if text:
                parts.append(text)
                size += len(text)
            if size >= PART_CHARS:
                buf = "".join(parts)
                cut = _part_cut(buf)
                page_text, rest = buf[:cut], buf[cut:]
                yield _page(stem, name, page_text, enc_name, home, part, line_no, split=True)
                line_no += page_text.count("\n")
                part += 1
                parts, size = [rest], len(rest)
            if not chunk:
                break
            chunk = fh.read(_READ_BYTES)
    except UnicodeDecodeError as err:
        yield Problem(name, line_no, f"cannot decode as {enc_name}: {err.reason}")
        return
    except OSError as err:
        yield Problem(name, None, f"cannot read: {err.strerror or err}")
        return
    buf = "".join(parts)
    if part == 0 and not buf.strip():
        yield Problem(name, None, "empty file")
        return
    if buf.strip() or part == 0:
        yield _page(stem, name, buf, enc_name, home, part, line_no, split=part > 0)


def _part_cut(buf: str) -> int:
    # Cut a huge page at the last blank line (a paragraph break), else the last newline.
    for sep in ("\n\n", "\n"):
        k = buf.rfind(sep, len(buf) // 2)
        if k > 0:
            return k + len(sep)
    return len(buf)


def _page(
    stem: str, name: str, text: str, enc: str, home: Home | None, part: int, line_no: int, *, split: bool
) -> Page:
    if not split:
        return Page(stem, name, text, None, enc, home)
    # Parts of a huge page are pages of their own, keyed stem#k and by their first line.
    return Page(f"{stem}#{part}", name, text, line_no, enc, home)


def _read_records(head: bytes, fh: BinaryIO, name: str, home: Home | None) -> Iterator[Page | Problem]:
    stem = Path(name).stem if name != "<stdin>" else "stdin"
    stream = io.BufferedReader(_Prefixed(head, fh)) if fh is not None else io.BytesIO(head)
    seen: set[str] = set()
    for no, raw in enumerate(stream, 1):
        if (item := parse_record_line(raw, no, name=name, stem=stem, home=home, seen=seen)) is not None:
            yield item


def parse_record_line(
    raw: bytes, no: int, *, name: str, stem: str, home: Home | None, seen: set[str]
) -> Page | Problem | None:
    """One JSONL line (1-based number *no*) as a Page, a Problem, or None for a blank line.

    *seen* holds the record ids read so far from the same file; a repeated id is a Problem.
    """
    if no == 1 and raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if not raw.strip():
        return None
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return Problem(name, no, f"not UTF-8 ({err.reason} at byte {err.start})")
    item = _record(line, name, no, stem, home)
    if isinstance(item, Page):
        if item.page_id in seen:
            return Problem(name, no, f'duplicate id "{item.page_id}"')
        seen.add(item.page_id)
    return item


def _record(line: str, name: str, no: int, stem: str, home: Home | None) -> Page | Problem:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return Problem(name, no, f"invalid JSON: {err.msg} (column {err.colno})")
    if not isinstance(obj, dict):
        return Problem(name, no, f"record is a JSON {type(obj).__name__}, expected an object")
    if "text" not in obj:
        return Problem(name, no, 'missing "text"')
    text = obj["text"]
    if not isinstance(text, str):
        return Problem(name, no, f'"text" must be a string, got {_json_type(text)}')
    if not text.strip():
        return Problem(name, no, 'empty "text"')
    rid = obj.get("id", obj.get("file"))
    if rid is None:
        rid = f"{stem}:{no}"
    elif isinstance(rid, bool) or not isinstance(rid, str | int):
        return Problem(name, no, f'"id" must be a string or an integer, got {_json_type(rid)}')
    meta: list[tuple[str, str]] = []
    for key in _META_KEYS:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return Problem(name, no, f'"{key}" must be a string, got {_json_type(value)}')
        meta.append((key, value))
    rec_home = obj.get("home")
    if rec_home is not None:
        if isinstance(rec_home, str):
            rec_home = Home.parse(rec_home)
        elif isinstance(rec_home, dict) and all(
            isinstance(rec_home.get(k), str | type(None)) for k in ("province", "city")
        ):
            rec_home = Home(rec_home.get("province"), rec_home.get("city"))
        else:
            return Problem(name, no, '"home" must be {"province": str, "city": str}')
    return Page(str(rid), name, text, no, "utf-8", home or rec_home or None, tuple(meta))


def _json_type(value: object) -> str:
    return {
        bool: "boolean",
        int: "number",
        float: "number",
        str: "string",
        list: "array",
        dict: "object",
    }.get(type(value), "null" if value is None else type(value).__name__)


class _Prefixed(io.RawIOBase):
    """A raw stream that yields already-read bytes, then the rest of a file."""

    def __init__(self, head: bytes, fh: BinaryIO) -> None:
        self._head = memoryview(head)
        self._fh = fh

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._fh.read(len(b))
        b[: len(data)] = data
        return len(data)
