"""Continuation marks: the one pattern of the layout marks of a story printed over several pages.

A story that does not fit its page goes on elsewhere, and both halves say so: the first ends
with a mark that it is continued to (下转第2版, 转下页), the second opens with a mark of where
it is continued from (上接第一版, 接上页, 紧接第1版, 续第三版). The page is printed as a number in
digits or Chinese numerals, with or without 第, possibly with a section letter (A2版), and the
mark is often bracketed. These marks are layout, no part of any sentence: the segmenter opens a
continued article on a :data:`CONTINUED_FROM` mark, and event titles and descriptions leave
every :data:`LAYOUT_MARK` out.

Examples
--------
>>> bool(CONTINUED_FROM.match("（上接第一版）会议强调"))
True
>>> bool(CONTINUED_FROM.match("（下转第2版）")), bool(CONTINUED_TO.fullmatch("（下转第2版）"))
(False, True)
>>> LAYOUT_MARK.sub("", "【紧接A1版】会议指出（转下页）")
'会议指出'
"""

from __future__ import annotations

import re

__all__ = ["CONTINUED_FROM", "CONTINUED_TO", "LAYOUT_MARK"]

# Where the story goes on or came from: a page (第一版, 2版, 第A2版, 第12页) or the page before
# or after, or the previous issue.
_PAGE = r"第?\s*[A-Za-z]?\s*[一二三四五六七八九十百零〇\d]{1,4}\s*(?:版|页)"
# A bare 接 or 续 is one only where it starts the word (not the 接 of 下接, the 续 of 继续, 连续).
_FROM = rf"(?:紧接|上接|接上|(?<![下转])接|(?<![继持连陆延])续)\s*(?:{_PAGE}|上页|前页|上期)"
_TO = rf"(?:下转|下接|转)\s*(?:{_PAGE}|下页)"
_OPEN, _CLOSE = r"[(（【〔\[]?\s*", r"\s*[)）】〕\]]?"

#: A mark that the story comes from another page: (上接第一版), 接上页, 【紧接A1版】.
CONTINUED_FROM = re.compile(rf"{_OPEN}{_FROM}{_CLOSE}")
#: A mark that the story goes on on another page: （下转第2版）, 转下页, (下接第3版).
CONTINUED_TO = re.compile(rf"{_OPEN}{_TO}{_CLOSE}")
#: Either mark.
LAYOUT_MARK = re.compile(rf"{_OPEN}(?:{_FROM}|{_TO}){_CLOSE}")
