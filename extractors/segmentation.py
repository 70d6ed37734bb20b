"""What cutting a page into articles gives: :class:`Segmentation`, and the ids of its articles.

Shared by the text segmenter (:mod:`guanxi.extractors.segment`), the layout segmenter of PDF pages
(:mod:`guanxi.extractors.regions`) and the PDF reader, so that neither segmenter imports the other.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from guanxi.extractors.normalize import to_simplified

from guanxi.model import Article, Page, stable_id

__all__ = ["Segmentation", "article_id", "page_key"]


@dataclass(frozen=True, slots=True)
class Segmentation:
    """The articles of one page, in page order, and the gaps between them.

    ``gaps`` are (start, end, why) spans of the page text that belong to no article (blank
    space between articles); together with the articles' (start, end) spans they cover the page
    exactly once.
    """

    articles: tuple[Article, ...]
    gaps: tuple[tuple[int, int, str], ...]


def page_key(page_id: str, text: str) -> dict[str, str]:
    """The key of a page's ids: its id and a hash of its (simplified) text."""
    # Ids are the page's id and its text: pages (or records) with one id in two files are two
    # pages unless their text is the same (a true duplicate, left out of the graph as repeated).
    return {"page": page_id, "text": hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]}


def article_id(page: Page, start: int, end: int) -> str:
    """The id :func:`~guanxi.extractors.segment.segment` gives the article of *page* spanning ``[start, end)``."""
    return stable_id(
        "article", {**page_key(page.page_id, to_simplified(page.text)), "start": start, "end": end}
    )
