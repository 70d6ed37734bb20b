"""Invented notices and reports of a 保定 paper (names and events made up for these tests),
extracted by the real pipeline: two single-holder posts change hands, each with a sighting of
the holder before and after the decision."""

from __future__ import annotations

from functools import cache

from guanxi.extractors.extract import extract_page

from guanxi.model import Home, Page, PageExtraction

HOME = Home("河北省", "保定市")

#: (page id, page date, text)
TEXTS = (
    ("c1", "2023-05-10", "清苑县委书记蒋春生到东闾乡调研秋粮收购工作。蒋春生强调，要做好服务。"),
    (
        "c2",
        "2024-03-08",
        "3月8日，全县领导干部大会召开。会议宣布了市委关于县委主要领导调整的决定：范永刚同志任清苑县委书记，"
        "免去蒋春生的清苑县委书记职务。范永刚作表态发言。",
    ),
    ("c3", "2024-06-01", "清苑县委书记范永刚主持召开县委常委会会议，研究部署防汛工作。"),
    (
        "c4",
        "2024-04-02",
        "保定市人民代表大会常务委员会任免名单\n（2024年3月29日保定市第十六届人民代表大会常务委员会第十次会议通过）\n"
        "决定任命：\n冯建军为市教育局局长。\n",
    ),
    ("c5", "2023-11-20", "市教育局局长曹丽娟在全市教育工作会议上讲话。"),
)


@cache
def career_pages() -> tuple[PageExtraction, ...]:
    """The pages of :data:`TEXTS`, extracted."""
    return tuple(
        extract_page(Page(page_id=pid, path=f"{pid}.txt", text=text, home=HOME, meta=(("date", date),)))
        for pid, date, text in TEXTS
    )


#: A publicity list (任前公示) of the same paper: a person printed with particulars.
PUBLICITY = (
    "保定市委组织部任前公示\n根据干部选拔任用工作有关规定，现将拟任职人选予以公示：\n"
    "孟庆祥，男，汉族，1976年4月生，研究生学历，1999年6月入党，现任保定市财政局副局长，拟任保定市财政局局长。\n"
)


@cache
def publicity_pages() -> tuple[PageExtraction, ...]:
    """:data:`PUBLICITY` as two pages of two dates (the list printed twice), extracted."""
    return tuple(
        extract_page(Page(page_id=pid, path=f"{pid}.txt", text=PUBLICITY, home=HOME, meta=(("date", date),)))
        for pid, date in (("g1", "2024-05-06"), ("g2", "2024-05-08"))
    )
