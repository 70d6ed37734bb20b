"""Read inputs into pages: files, directories (recursively), or ``-`` for stdin.

Formats: ``.pdf`` e-paper pages (:mod:`guanxi.extractors.pdf`: the text layer, laid out), saved
web pages ``.html``/``.htm``/``.mht`` (one article each, see :mod:`guanxi.extractors.html_pages`),
``.txt``/``.md`` pages (one page per file; a huge file is cut into parts at paragraph
breaks, so it is never held whole in memory) and ``.jsonl`` article records
``{"id", "text", "title"?, "date"?, "source"?, "url"?, "home"?: {"province", "city"}}``, read
line by line (a line longer than :data:`MAX_LINE_BYTES` is skipped, not held). Encodings:
UTF-8 with or without BOM, UTF-16 (BOM, or detected without one) and GB18030/GBK, decided by a
strict order with evidence; UTF-8 and GB18030 line by line, so a page whose encoding changes
part-way is read in both (see :mod:`guanxi.extractors.decoding`).

Only regular files are read (a FIFO or a device is reported, never opened for reading), and each
real file once: a second name of a file already read (a symbolic link, a folder given twice) is
reported. Symbolic links to folders are followed, each folder once.

Bad input never stops a run and is never dropped silently: an unreadable, binary, empty or
undecodable file, a folder that cannot be listed, or a malformed JSONL line, is yielded as a
:class:`~guanxi.model.Problem` with path, line and reason, and reading goes on. A page or record
with a few bytes that are no text (a stray byte, a character cut off, NUL) is kept with U+FFFD
in their place, and reported with their byte positions: a Page, then a Problem of the same path.

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
import importlib
import io
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from guanxi.extractors.decoding import DecodeError, PageDecoder, bad_bytes_reason, decode, sniff

from guanxi.jsonl import BadLine, json_kind, parse_object
from guanxi.model import Home, Page, Problem

__all__ = [
    "FILE_READERS",
    "INPUT_SUFFIXES",
    "ISSUE_FILES",
    "MAX_LINE_BYTES",
    "PAGE_SUFFIXES",
    "PDF_SUFFIXES",
    "RECORD_SUFFIXES",
    "DecodeError",
    "FileOnce",
    "decode",
    "input_files",
    "is_pdf_file",
    "iter_files",
    "parse_record_line",
    "read_files",
    "read_inputs",
    "read_lines",
    "read_path",
]

PAGE_SUFFIXES = (".txt", ".md", ".text")
RECORD_SUFFIXES = (".jsonl", ".ndjson")
#: Laid-out pages (:mod:`guanxi.extractors.pdf`): read by the reader of their kind, not decoded.
PDF_SUFFIXES = (".pdf",)
#: At most this many PDF files of one folder, listed one after the other, are read together as
#: one issue (their jump lines linked): memory and a Dask partition stay bounded.
ISSUE_FILES = 200
#: Pages larger than this are cut into parts at paragraph breaks (characters per part, about).
PART_CHARS = 500_000
_READ_BYTES = 1 << 20
#: A JSONL line longer than this is reported and skipped (read past, never held whole).
MAX_LINE_BYTES = 64 << 20
_META_KEYS = ("title", "date", "source", "url")
#: Formats read whole by a reader of their own: (suffixes, module of guanxi.extractors). The module
#: is imported when a file of its kind is read; its ``read_file(fh, name, home)`` yields the
#: file's Pages and Problems.
FILE_READERS: tuple[tuple[tuple[str, ...], str], ...] = (
    ((".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml"), "html_pages"),
)
#: Every suffix a folder is searched for.
INPUT_SUFFIXES = (
    PAGE_SUFFIXES + RECORD_SUFFIXES + PDF_SUFFIXES + tuple(s for suffixes, _ in FILE_READERS for s in suffixes)
)


# --------------------------------------------------------------------------- files


def iter_files(path: Path, *, on_error: Callable[[Problem], None] | None = None) -> Iterator[Path]:
    """Input files under a directory, recursively, in sorted order (hidden entries skipped).

    Symbolic links to folders are followed, each real folder once (a link loop ends). A folder
    that cannot be listed is passed to *on_error* as a :class:`Problem` (the walk goes on).
    """
    suffixes = INPUT_SUFFIXES
    visited: set[tuple[int, int]] = set()

    def failed(err: OSError) -> None:
        if on_error is not None:
            on_error(Problem(str(err.filename or path), None, f"cannot list folder: {err.strerror or err}"))

    for root, dirs, files in os.walk(path, onerror=failed, followlinks=True):
        try:
            st = os.stat(root)
        except OSError as err:
            failed(err)
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in visited:  # reached again through a link: read once
            dirs[:] = []
            continue
        visited.add((st.st_dev, st.st_ino))
        # A directory named like an input file (x.txt) is listed, so it is reported as unreadable,
        # and not entered.
        odd = sorted(d for d in dirs if d.lower().endswith(suffixes))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in odd)
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(suffixes):
                yield Path(root) / name
        for d in odd:
            yield Path(root) / d


class FileOnce:
    """The real files listed so far (device, inode): a second name of one is a :class:`Problem`."""

    def __init__(self) -> None:
        self._seen: dict[tuple[int, int], str] = {}

    def again(self, path: Path) -> Problem | None:
        """None the first time the file behind *path* is met; else the Problem of the repeat."""
        try:
            st = path.stat()
        except OSError:
            return None  # missing or unreadable: the reader says why
        key = (st.st_dev, st.st_ino)
        first = self._seen.get(key)
        if first is None:
            self._seen[key] = str(path)
            return None
        return Problem(str(path), None, f"same file as {first}: read once")


def input_files(paths: Iterable[str | os.PathLike]) -> Iterator[str | Problem]:
    """Every input in reading order: ``"-"``, the files named or found in folders (each real file
    once), and a :class:`Problem` for each folder that cannot be listed or repeated file."""
    once = FileOnce()
    for p in paths:
        if str(p) == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir() and not path.name.lower().endswith(INPUT_SUFFIXES):
            errors: list[Problem] = []
            for f in iter_files(path, on_error=errors.append):
                yield from errors
                errors.clear()
                yield once.again(f) or str(f)
            yield from errors
            continue
        yield once.again(path) or str(path)


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
    yield from read_files(input_files(paths), home=home)


def read_files(items: Iterable[str | Problem], *, home: Home | None = None) -> Iterator[Page | Problem]:
    """The pages of listed inputs (as :func:`input_files` lists them: paths, ``"-"`` and
    Problems, passed on). The PDF files of one folder, listed one after the other, are read
    together (up to :data:`ISSUE_FILES`) as the pages of one issue, so that their jump lines
    are linked."""
    batch: list[Path] = []
    for item in items:
        if isinstance(item, str) and item != "-" and is_pdf_file(Path(item)):
            path = Path(item)
            if batch and (batch[0].parent != path.parent or len(batch) >= ISSUE_FILES):
                yield from _read_pdfs(batch, home)
                batch = []
            batch.append(path)
            continue
        if batch:
            yield from _read_pdfs(batch, home)
            batch = []
        if isinstance(item, Problem):
            yield item
        elif item == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>", None, home)
        else:
            yield from read_path(Path(item), home=home)
    if batch:
        yield from _read_pdfs(batch, home)


def is_pdf_file(path: Path) -> bool:
    """True for a regular file named ``*.pdf``: only those go to the PDF reader (anything else
    is reported by :func:`read_path`)."""
    if not path.name.lower().endswith(PDF_SUFFIXES):
        return False
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def _read_pdfs(paths: list[Path], home: Home | None) -> Iterator[Page | Problem]:
    from guanxi.extractors.pdf import read_pdfs  # PDFium is loaded only when a PDF is read

    yield from read_pdfs(paths, home=home)


_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_path(path: Path, *, home: Home | None = None) -> Iterator[Page | Problem]:
    """Pages (or a Problem) of one file; only a regular file is read."""
    name = str(path)
    if path.is_dir():
        yield Problem(name, None, "is a directory, not a file")
        return
    if not path.exists():
        reason = "broken symbolic link" if path.is_symlink() else "no such file"
        yield Problem(name, None, reason)
        return
    try:
        # Non-blocking: opening a FIFO for reading would wait for a writer forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        yield Problem(name, None, f"cannot read: {err.strerror or err}")
        return
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = _KINDS.get(stat.S_IFMT(mode), "not a file")
        yield Problem(name, None, f"not a regular file ({kind}); not read")
        return
    if name.lower().endswith(PDF_SUFFIXES):
        os.close(fd)
        yield from _read_pdfs([path], home)
        return
    with os.fdopen(fd, "rb") as fh:
        if (reader := _file_reader(name)) is not None:
            yield from reader(fh, name, home)
            return
        kind = "records" if path.name.lower().endswith(RECORD_SUFFIXES) else "page"
        yield from _read_stream(fh, name, kind, home)


def _file_reader(name: str) -> Callable[[BinaryIO, str, Home | None], Iterator[Page | Problem]] | None:
    lower = name.lower()
    for suffixes, module in FILE_READERS:
        if lower.endswith(suffixes):
            return importlib.import_module(f"guanxi.extractors.{module}").read_file
    return None


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
        enc = sniff(head, whole=len(head) < _READ_BYTES)
    except DecodeError as err:
        yield Problem(name, None, str(err))
        return
    decoder = PageDecoder(enc)
    stem = Path(name).stem if name != "<stdin>" else "stdin"
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
                yield _page(stem, name, page_text, decoder.encoding, home, part, line_no, split=True)
                line_no += page_text.count("\n")
                part += 1
                parts, size = [rest], len(rest)
            if not chunk:
                break
            chunk = fh.read(_READ_BYTES)
    except OSError as err:
        yield Problem(name, None, f"cannot read: {err.strerror or err}")
        return
    buf = "".join(parts)
    if part == 0 and not buf.strip():
        yield Problem(name, None, "empty file")
        return
    if buf.strip() or part == 0:
        yield _page(stem, name, buf, decoder.encoding, home, part, line_no, split=part > 0)
    if decoder.bad:  # kept, and reported with the positions of the bytes that are no text
        yield Problem(name, decoder.bad[0].line, bad_bytes_reason(decoder))


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
    stream = io.BufferedReader(_Prefixed(head, fh))
    seen: set[str] = set()
    for no, raw, _ in read_lines(stream):
        yield from parse_record_line(raw, no, name=name, stem=stem, home=home, seen=seen)


def read_lines(
    fh: BinaryIO, *, first_line: int = 1, size: int | None = None
) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes, length) of the lines of *fh* from where it stands (*size* bytes at
    most, ending at a line end); the bytes are None for a line over :data:`MAX_LINE_BYTES`,
    read past in pieces, never held whole."""
    no, done = first_line - 1, 0
    while size is None or done < size:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        n = len(raw)
        no += 1
        if n > MAX_LINE_BYTES:
            while not raw.endswith(b"\n"):
                raw = fh.readline(_READ_BYTES)
                if not raw:
                    break
                n += len(raw)
            raw = None
        done += n
        yield no, raw, n


def parse_record_line(
    raw: bytes | None, no: int, *, name: str, stem: str, home: Home | None, seen: set[str]
) -> tuple[Page | Problem, ...]:
    """One JSONL line (1-based number *no*, None when too long) as a Page, a Problem, a Page
    and the Problem of its bytes that are no text, or nothing for a blank line.

    *seen* holds the record ids read so far from the same file; a repeated id is a Problem.
    """
    if raw is None:
        return (Problem(name, no, f"line longer than {MAX_LINE_BYTES >> 20} MiB; skipped"),)
    if no == 1 and raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if not raw.strip():
        return ()
    decoder = PageDecoder("utf-8")
    line = decoder.decode(raw, final=True)
    item = _record(line, name, no, stem, home, decoder.encoding)
    if isinstance(item, Page):
        if item.page_id in seen:
            return (Problem(name, no, f'duplicate id "{item.page_id}"'),)
        seen.add(item.page_id)
        if decoder.bad:
            return item, Problem(name, no, bad_bytes_reason(decoder, in_line=True))
    return (item,)


def _record(line: str, name: str, no: int, stem: str, home: Home | None, encoding: str) -> Page | Problem:
    try:
        obj = parse_object(line)
    except BadLine as err:
        return Problem(name, no, str(err))
    if "text" not in obj:
        return Problem(name, no, 'missing "text"')
    text = obj["text"]
    if not isinstance(text, str):
        return Problem(name, no, f'"text" must be a string, got {json_kind(text)}')
    if not text.strip():
        return Problem(name, no, 'empty "text"')
    rid = obj.get("id", obj.get("file"))
    if rid is None:
        rid = f"{stem}:{no}"
    elif isinstance(rid, bool) or not isinstance(rid, str | int):
        return Problem(name, no, f'"id" must be a string or an integer, got {json_kind(rid)}')
    meta: list[tuple[str, str]] = []
    for key in _META_KEYS:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return Problem(name, no, f'"{key}" must be a string, got {json_kind(value)}')
        meta.append((key, value))
    rec_home = obj.get("home")
    if rec_home is not None:
        if isinstance(rec_home, str):  # "PROVINCE/CITY" or "CITY", as --home takes it
            try:
                rec_home = Home.parse(rec_home)
            except ValueError:
                rec_home = None
        elif isinstance(rec_home, dict) and all(
            isinstance(rec_home.get(k), str | type(None)) for k in ("province", "city")
        ):
            rec_home = Home(rec_home.get("province"), rec_home.get("city"))
        else:
            rec_home = None
        if rec_home is None:
            return Problem(name, no, _HOME_SHAPE)
    return Page(str(rid), name, text, no, encoding, home or rec_home or None, tuple(meta))


_HOME_SHAPE = '"home" must be {"province": str, "city": str} or "PROVINCE/CITY"'


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
