"""``guanxi build --update``: add pages to an output folder without extracting its pages again.

The output's ``extractions.jsonl`` holds every page it was built from. An update reads the new
inputs, extracts only the pages that are not stored already, and rebuilds the graph from the
union, in this order: the stored pages (in their order), then the new pages (in reading order).
That is the order a full build of the original inputs followed by the new ones reads them, so the
output is the same bytes as that build (``report.json`` aside, see docs/scale.md).

A page is known by its id and a hash of its content (text and metadata: title, date, source):

- same id, same content: **unchanged**, not extracted again, the stored page is kept;
- same file and id, other content (a file corrected in place and given again): the stored page
  is **replaced**: dropped from its place, and the new one is added after the stored pages;
- else **added**: a page of the same id in another file (``01.txt`` of the next day's folder)
  is another page, as in a full build.

The new pages are held in memory until the stored ones are written (their ids decide which stored
pages are dropped): an update adds a small share of the pages; a large addition is a full build.

Every local build also writes the **update state** (:data:`STATE_FILE`): the page hashes and the
folded state of the graph builder after the last page (:meth:`GraphBuilder.snapshot
<guanxi.graph.build.GraphBuilder.snapshot>`). When it is valid (this guanxi's code, the same
``--since``/``--until``/``--corrections``, the stored ``extractions.jsonl`` it was made with,
its checksum right) and no page is replaced, an update restores the builder from it instead of
reading and folding the stored pages again (:class:`StoredPages`), and copies the stored per-page
files; otherwise it reads the stored pages as before and says why (``update["state"]``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
import marshal
import shutil
import struct
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import IO, Any

from guanxi.jsonl import read_jsonl
from guanxi.model import Page, PageExtraction, Problem
from guanxi.outputs import atomic_path

__all__ = ["STATE_FILE", "PageIndex", "StoredOutput", "StoredPages", "UpdateCounts", "content_hash", "write_state"]

#: The update state of an output folder (a hidden file: a cache, not an output to read).
STATE_FILE = ".guanxi-update-state"
# The layout of the state file: a JSON header line, then records (8-byte length, marshal data),
# then the SHA-1 of everything before it. Raise the version when the layout or a record changes.
_STATE_FORMAT = "guanxi-update-state"
_STATE_VERSION = 1
_LEN = struct.Struct("<Q")
# The files the per-page records of a build go to, copied whole when the stored pages are resumed.
PAGE_FILES = ("articles.jsonl", "extractions.jsonl", "pages.jsonl")


def content_hash(text: str, meta: Iterable[Iterable[str]]) -> str:
    """The hash of a page's content: its text and its metadata (title, date, source ...)."""
    data = json.dumps([text, [list(kv) for kv in meta]], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(data.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(slots=True)
class UpdateCounts:
    """What an update did with each page: the ``update`` section of report.json and the summary."""

    kept: int = 0  # stored pages written again as they were
    unchanged: int = 0  # new pages already stored with the same content: not extracted
    replaced: int = 0  # stored pages dropped for a new page of the same file and id, other content
    added: int = 0  # new pages extracted (replacements included)
    # "used": the stored pages came from the update state; else why they were read again.
    state: str = "none"

    def to_dict(self) -> dict[str, int | str]:
        return asdict(self)


@dataclass(slots=True)
class StoredOutput:
    """The pages of an existing output folder, by id and content hash, and its recorded inputs.

    An absent folder, or one without ``extractions.jsonl``, holds no page: the update is then
    a full build of the new inputs.
    """

    out: Path
    hashes: dict[str, set[str]] = field(default_factory=dict)
    files: set[tuple[str, str]] = field(default_factory=set)
    input_paths: list[str] = field(default_factory=list)
    inputs: int = 0
    counts: UpdateCounts = field(default_factory=UpdateCounts)
    options: dict[str, Any] = field(default_factory=dict)  # fold_options of the build
    _replaced: set[tuple[str, str]] = field(default_factory=set)
    _resume: StoredPages | None = None

    @property
    def extractions(self) -> Path:
        return self.out / "extractions.jsonl"

    def read(self) -> None:
        """Hash the stored pages (from the update state, when it is valid) and read the inputs
        report.json recorded (run under the lock)."""
        if not self.extractions.is_file():
            self.counts.state = "no stored pages"
        else:
            try:
                start, index = _check_state(self.out / STATE_FILE, self.options, self.extractions)
            except StateError as err:
                self.counts.state = str(err)
            else:
                self._resume = StoredPages(self.out, start, index)
                self.hashes = {pid: set(keys) for pid, keys in index.hashes.items()}
                self.files = set(index.files)
        if self._resume is None and self.extractions.is_file():
            with self.extractions.open(encoding="utf-8") as fh:
                for line in fh:
                    try:
                        page = json.loads(line)["page"]
                        key = content_hash(page["text"], page.get("meta", ()))
                    except (ValueError, KeyError, TypeError):
                        continue  # the build pass reads the line again and reports it
                    self.hashes.setdefault(page["page_id"], set()).add(key)
                    self.files.add((page["path"], page["page_id"]))
        try:
            report = json.loads((self.out / "report.json").read_text(encoding="utf-8"))
            self.input_paths = [str(p) for p in report.get("input_paths", [])]
            self.inputs = int(report.get("inputs", 0))
        except (OSError, ValueError, TypeError, AttributeError):
            pass  # an output without its report: only its pages are known

    def admit(self, page: Page) -> bool:
        """True when *page* is to be extracted (added or replacing); counts it either way."""
        stored = self.hashes.get(page.page_id)
        if stored is not None:
            if content_hash(page.text, page.meta) in stored:
                self.counts.unchanged += 1
                return False
            if (page.path, page.page_id) in self.files:
                self._replaced.add((page.path, page.page_id))
        self.counts.added += 1
        return True

    def admit_items(self, items: Iterable[PageExtraction | Problem]) -> Iterator[PageExtraction | Problem]:
        """*items* (read from extractions files) without the pages that are stored unchanged."""
        for item in items:
            if isinstance(item, Problem) or self.admit(item.page):
                yield item

    def union(
        self, new: Iterable[PageExtraction | Problem]
    ) -> Iterator[PageExtraction | Problem | StoredPages]:
        """The stored pages (less the replaced ones), then *new*: what the build is made from.

        *new* is consumed first, whole (its ids decide which stored pages are dropped). With a
        valid update state and no page replaced, the stored pages are one :class:`StoredPages`.
        """
        fresh = list(new)
        if self._resume is not None and not self._replaced:
            self.counts.kept = self._resume.index.pages
            self.counts.state = "used"
            yield self._resume
            yield from fresh
            return
        if self._resume is not None:  # a fold cannot take a page out again
            self.counts.state = "pages are replaced"
        if self.extractions.is_file():
            for item in read_jsonl(self.extractions, PageExtraction.from_dict, what="page extraction"):
                if isinstance(item, PageExtraction):
                    if (item.page.path, item.page.page_id) in self._replaced:
                        self.counts.replaced += 1
                        continue
                    self.counts.kept += 1
                yield item
        yield from fresh


# --- the update state -------------------------------------------------------------------------------


@cache
def code_fingerprint() -> str:
    """A hash of guanxi's code and data files (and of the Python and marshal versions): a state
    written by other code is not used, whatever changed."""
    h = hashlib.sha1(f"{sys.version_info[:2]} {marshal.version}".encode())
    for name in ("guanxi", "guanxi.graph", "guanxi.extractors"):
        spec = importlib.util.find_spec(name)
        for root in (spec.submodule_search_locations or []) if spec else []:
            for path in sorted(Path(root).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def fold_options(since: str | None, until: str | None, corrections: Any) -> dict[str, str | None]:
    """The options that act while the pages are folded (the rest act on the graph, rebuilt)."""
    fixes = None if corrections is None else hashlib.sha1(repr(corrections.items).encode()).hexdigest()
    return {"since": since, "until": until, "corrections": fixes}


def file_sha1(path: Path) -> str:
    h = hashlib.sha1()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@dataclass(slots=True)
class PageIndex:
    """What the state keeps of each page of a build: its id, content hash and file, and the
    counts the report needs (pages, articles, pages without a home by file)."""

    hashes: dict[str, list[str]] = field(default_factory=dict)
    files: list[tuple[str, str]] = field(default_factory=list)
    without_home: dict[str, list[str]] = field(default_factory=dict)
    pages: int = 0
    articles: int = 0

    def add(self, pe: PageExtraction, homeless: bool) -> None:
        page = pe.page
        self.hashes.setdefault(page.page_id, []).append(content_hash(page.text, page.meta))
        self.files.append((page.path, page.page_id))
        if homeless:
            self.without_home.setdefault(page.path, []).append(page.page_id)
        self.pages += 1
        self.articles += len(pe.articles)

    def extend(self, other: PageIndex) -> None:
        for pid, keys in other.hashes.items():
            self.hashes.setdefault(pid, []).extend(keys)
        self.files.extend(other.files)
        for path, ids in other.without_home.items():
            self.without_home.setdefault(path, []).extend(ids)
        self.pages += other.pages
        self.articles += other.articles

    def to_data(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PageIndex:
        index = cls(**data)
        index.files = [tuple(f) for f in index.files]  # marshal gives back lists as lists
        return index


def write_state(
    out: Path, options: dict[str, Any], pages: PageIndex, builder_chunks: Iterable[Any]
) -> Path | None:
    """Write the update state of the build folder *out* (its ``extractions.jsonl`` written).

    A state that cannot be written (a value ``marshal`` does not take: a change to the builder
    that the tests of ``build --update`` catch) is left out (None): the build goes on, and the
    next update reads the stored pages again.
    """
    ex = out / "extractions.jsonl"
    header = {
        "format": _STATE_FORMAT,
        "version": _STATE_VERSION,
        "code": code_fingerprint(),
        "options": options,
        "extractions": {"size": ex.stat().st_size, "sha1": file_sha1(ex)},
    }
    path = out / STATE_FILE
    try:
        with atomic_path(path) as tmp, tmp.open("wb") as fh:
            h = hashlib.sha1()

            def put(data: bytes) -> None:
                h.update(data)
                fh.write(data)

            put(json.dumps(header, sort_keys=True).encode() + b"\n")
            for record in itertools.chain([pages.to_data()], builder_chunks):  # chunk by chunk
                data = marshal.dumps(record)
                put(_LEN.pack(len(data)))
                put(data)
            fh.write(h.digest())
    except ValueError:  # "unmarshallable object": no state rather than no build
        return None
    return path


class StateError(ValueError):
    """Why a state file cannot be used (one line, shown in the run summary)."""


def _records(fh: IO[bytes], end: int) -> Iterator[bytes]:
    while fh.tell() < end:
        (n,) = _LEN.unpack(fh.read(_LEN.size))
        data = fh.read(n)
        if len(data) != n:
            raise StateError("the update state is cut short")
        yield data


def _check_state(path: Path, options: dict[str, Any], extractions: Path) -> tuple[int, PageIndex]:
    """Check the state file; returns where its builder records start and its page index."""
    try:
        size = path.stat().st_size
    except OSError:
        raise StateError("the output has no update state") from None
    with path.open("rb") as fh:
        line = fh.readline()
        try:
            header = json.loads(line)
            if header["format"] != _STATE_FORMAT or header["version"] != _STATE_VERSION:
                raise StateError("the update state has another format")
        except (ValueError, KeyError, TypeError):
            raise StateError("the update state is not readable") from None
        if header.get("code") != code_fingerprint():
            raise StateError("the update state was written by another version of guanxi")
        if header.get("options") != options:
            raise StateError("the update state was made with other --since/--until/--corrections")
        stored = header.get("extractions") or {}
        if stored.get("size") != extractions.stat().st_size or stored.get("sha1") != file_sha1(extractions):
            raise StateError("extractions.jsonl is not the one the update state was made with")
        # The checksum first (a whole read), so that nothing of a damaged state is restored.
        h = hashlib.sha1(line)
        fh.seek(len(line))
        body_end = size - h.digest_size
        while fh.tell() < body_end:
            h.update(fh.read(min(1 << 20, body_end - fh.tell())))
        if size < len(line) + h.digest_size or fh.read() != h.digest():
            raise StateError("the update state is damaged (checksum)")
        fh.seek(len(line))
        try:
            first = next(_records(fh, body_end))
            index = PageIndex.from_data(marshal.loads(first))
        except (StopIteration, ValueError, EOFError, TypeError, KeyError, struct.error):
            raise StateError("the update state is not readable") from None
        return fh.tell(), index


@dataclass(slots=True)
class StoredPages:
    """The stored pages of an update, resumed from the update state: an item of the build's
    page stream (in place of the stored pages) that the build hands its builder and files to."""

    out: Path
    start: int  # where the builder records begin in the state file
    index: PageIndex

    def builder_chunks(self) -> Iterator[Any]:
        """The builder snapshot, for :meth:`GraphBuilder.restore <guanxi.graph.build.GraphBuilder.restore>`."""
        path = self.out / STATE_FILE
        end = path.stat().st_size - hashlib.sha1().digest_size
        with path.open("rb") as fh:
            fh.seek(self.start)
            for data in _records(fh, end):
                yield marshal.loads(data)

    def copy_pages(self, files: dict[str, IO[str]]) -> None:
        """Copy the stored per-page files into the new ones (opened, nothing written yet)."""
        for name, fh in files.items():
            if (self.out / name).is_file():
                fh.flush()
                with (self.out / name).open("rb") as src:
                    shutil.copyfileobj(src, fh.buffer, 1 << 20)
                fh.buffer.flush()
