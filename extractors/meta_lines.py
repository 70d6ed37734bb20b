"""Metadata lines of a page or scraped record: source and author credits, mastheads, date and page lines.

They are not article text: segmentation keeps them out of headlines, and a body named on one
(来源：青禾日报) is the record's source, not a body the article talks about.

>>> is_meta_line("来源：青禾日报")
True
>>> is_meta_line("青禾日报 2025年3月18日")
True
>>> is_meta_line("2025-04-03 09:30 来源：青禾日报")
True
>>> is_meta_line("青禾日报记者走进田间地头。")
False
"""

from __future__ import annotations

import re

from guanxi.han import HAN

__all__ = ["DATE_EDITION", "META", "SOURCE_NAME", "is_meta_line"]

META = re.compile(
    r"来源\s*[:：]|发布时间|发布者|发布日期|作者\s*[:：]|编辑\s*[:：]|责任编辑|点击\s*[:：]|阅读次数|刊发日期|"
    r"原标题\s*[:：]|^第.{1,4}版\s*[:：]|编印|浏览次数|字号|分享到"
)
# A line that only names the paper or site the record was scraped from (江城日报, 江城新闻网,
# 江城发布客户端), possibly with its date: the record's masthead, metadata rather than a headline.
SOURCE_NAME = re.compile(
    rf"^[{HAN}A-Za-z·]{{1,12}}(?:日报|晚报|早报|时报|商报|周报|导报|都市报|青年报|农民报|法治报|报社|"
    r"新闻网|信息网|门户网|网站|客户端|APP|App|app|融媒体中心|融媒)(?:\s*(?:数字报|电子版|网络版))?"
    r"(?:\s*(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)?$"
)
# A line of the date and page (2024年03月06日 第02版, 第A02版：要闻): metadata, no headline.
DATE_EDITION = re.compile(
    r"^(?=.*\d)(?:(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)?\s*(?:星期[一二三四五六日天])?\s*"
    r"(?:第\s*[A-Za-z]?\d{1,3}\s*版(?:\s*[:：]?\s*[^\s，。,]{1,8})?)?$"
)
# A credit key opening a line, maybe after its date (来源：…, 2025-04-03 来源：…, 作者：… 编辑：…).
_CREDIT_START = re.compile(
    r"(?:(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*)?"
    r"(?:来源|作者|编辑|责任编辑|发布时间|发布者|发布日期|刊发日期|点击|阅读次数|浏览次数)\s*[:：]"
)


def is_meta_line(line: str) -> bool:
    """True when *line* is metadata as a whole: it opens with a credit key (来源：, 作者：, 责任编辑：),
    or only names the paper or site, or only gives the issue's date and page."""
    s = line.strip()
    return bool(s) and bool(_CREDIT_START.match(s) or SOURCE_NAME.match(s) or DATE_EDITION.match(s))
