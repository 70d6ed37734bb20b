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
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from guanxi.jsonl import read_jsonl
from guanxi.model import Page, PageExtraction, Problem

__all__ = ["StoredOutput", "UpdateCounts", "content_hash"]


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

    def to_dict(self) -> dict[str, int]:
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
    _replaced: set[tuple[str, str]] = field(default_factory=set)

    @property
    def extractions(self) -> Path:
        return self.out / "extractions.jsonl"

    def read(self) -> None:
        """Hash the stored pages and read the inputs report.json recorded (run under the lock)."""
        if self.extractions.is_file():
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

    def union(self, new: Iterable[PageExtraction | Problem]) -> Iterator[PageExtraction | Problem]:
        """The stored pages (less the replaced ones), then *new*: what the build is made from.

        *new* is consumed first, whole (its ids decide which stored pages are dropped).
        """
        fresh = list(new)
        if self.extractions.is_file():
            for item in read_jsonl(self.extractions, PageExtraction.from_dict, what="page extraction"):
                if isinstance(item, PageExtraction):
                    if (item.page.path, item.page.page_id) in self._replaced:
                        self.counts.replaced += 1
                        continue
                    self.counts.kept += 1
                yield item
        yield from fresh
