"""Cut a laid-out page (a PDF page) into articles along its regions.

The layout (:mod:`guanxi.extractors.layout`) decides where an article begins and ends and which
lines are its kicker, title and subtitles (by type size and position). The text grammar of
:func:`~guanxi.extractors.segment.segment` still reads what only the words tell: bylines,
datelines, signatures and photo credits (reporters), the event's date and the kind of piece.
Each region is one article; the page header is a gap (``page header``).

Examples
--------
>>> from guanxi.model import Page, Region
>>> text = "市里开会\\n本报讯（记者张三）3月5日，市里开会。"
>>> page = Page("p", "p.pdf", text, layout=(Region(0, len(text), "article", title=(0, 4)),))
>>> from guanxi.extractors.segment import segment
>>> a = segment_regions(page, segment).articles[0]
>>> a.title, a.kind, a.reporters[0].name, a.page_number
('市里开会', 'news', '张三', None)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from guanxi.extractors.normalize import normalize, normalize_text
from guanxi.extractors.segmentation import Segmentation, article_id

from guanxi.model import Article, Page, Reporter

__all__ = ["segment_regions"]


def _span_text(text: str, span: tuple[int, int] | None) -> str | None:
    if span is None:
        return None
    return normalize_text(text[span[0] : span[1]]).strip() or None


def segment_regions(page: Page, segment_text: Callable[[Page], Segmentation]) -> Segmentation:
    """The articles of *page* (one per region; the header is a gap), in page order.

    *segment_text* is the text segmenter (:func:`~guanxi.extractors.segment.segment`), run on each
    region's text alone to read its reporters, date and kind; it is passed in, not imported, because
    the text segmenter sends laid-out pages here."""
    text = page.text
    number = page.get("page")
    page_number = int(number) if number and number.isdigit() else None
    articles: list[Article] = []
    gaps: list[tuple[int, int, str]] = []
    pos = 0
    for r in sorted(page.layout, key=lambda x: x.start):
        if r.start > pos:
            gaps.append((pos, r.start, "blank" if not text[pos : r.start].strip() else "unassigned"))
        pos = max(pos, r.end)
        if r.kind == "header":
            gaps.append((r.start, r.end, "page header"))
            continue
        piece = text[r.start : r.end]
        # The text grammar on the region alone: reporters, date and kind.
        sub = segment_text(Page(page.page_id, page.path, piece, None, page.encoding, page.home, page.meta))
        reporters: list[Reporter] = []
        for a in sub.articles:
            reporters.extend(x for x in a.reporters if x.name not in {y.name for y in reporters})
        dated = next((a for a in sub.articles if a.date), None)
        kinds = Counter()
        for a in sub.articles:
            if a.kind not in ("photo", "continuation"):
                kinds[a.kind] += len(a.text)
        kind = {"photo": "photo", "continuation": "continuation"}.get(r.kind) or (
            kinds.most_common(1)[0][0] if kinds else "news"
        )
        title = _span_text(text, r.title) if kind != "continuation" else None
        kicker = " ".join(filter(None, (_span_text(text, s) for s in r.kickers))) or None
        subtitle = " ".join(filter(None, (_span_text(text, s) for s in r.subtitles))) or None
        tm = normalize(piece, base=r.start)
        articles.append(
            Article(
                article_id=article_id(page, r.start, r.end),
                page_id=page.page_id,
                ordinal=len(articles),
                title=title,
                kind=kind,
                date=dated.date if dated and kind not in ("continuation",) else None,
                text=tm.text,
                start=r.start,
                end=r.end,
                kicker=kicker if kind != "continuation" else None,
                subtitle=subtitle if kind != "continuation" else None,
                reporters=tuple(reporters),
                date_end=dated.date_end if dated and kind not in ("continuation",) else None,
                offsets=tm.offsets,
                page_number=page_number,
                boxes=r.boxes,
                continued_to=r.continued_to,
                continued_from=r.continued_from,
            )
        )
    if pos < len(text):
        gaps.append((pos, len(text), "blank" if not text[pos:].strip() else "unassigned"))
    return Segmentation(tuple(articles), tuple(gaps))
