"""The grammar of byline role words: a prefix (全媒体, 融媒体, 见习, 特约, 首席 …) times a role.

One place for the role words both byline readers use: segmentation (:mod:`.bylines`) and the
journalists component (:mod:`.components.bylines`). A role word followed by a character that makes
it an ordinary noun (记者站, 审核人员, 编辑部, 记者们) is no role.

>>> import re
>>> [m.group() for m in re.finditer(CREDIT_ROLE, "融媒体记者：甲 审核人：乙 记者站 审核人员")]
['融媒体记者', '审核人']
>>> bool(re.fullmatch(REPORTER_ROLE, "全媒体记者")), bool(re.fullmatch(REPORTER_ROLE, "编辑"))
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from guanxi.extractors.tsv import load_tsv

from guanxi.han import HAN

__all__ = [
    "CREDIT_ROLE",
    "NEWSROOM",
    "REPORTER_ROLE",
    "ROLE_PREFIXES",
    "common_surname_lengths",
    "is_reporting_role",
    "split_name_run",
]

# Kinds of journalist printed before the role: 全媒体记者, 见习记者, 特约通讯员, 首席摄影记者 …
ROLE_PREFIXES = ("全媒体", "融媒体", "见习", "实习", "特约", "首席", "驻站", "摄影")
# Who reports (a title of the journalist's) and who only edits, checks or compiles a piece.
_REPORTING = ("记者", "通讯员", "撰稿人", "实习生")
# (美术编辑, 图片编辑 of a page's staff line: 美术 is no name before 编辑)
_EDITING = ("责任编辑", "美术编辑", "图片编辑", "文字编辑", "编辑", "审核人", "校对", "作者")
# Words that make the role an ordinary noun: 记者站, 记者们, 审核人员, 编辑部, 通讯员队伍 …
_NOT_ROLE_AFTER = "站员们部团证节会组室队"

_PREFIX = "(?:" + "|".join(ROLE_PREFIXES) + ")*"
_STOP = f"(?![{_NOT_ROLE_AFTER}])"
REPORTER_ROLE = f"(?:{_PREFIX}(?:记者|通讯员)|实习生){_STOP}"
# 撰稿, 审核 and 摄影 alone are roles only before a colon (撰稿：甲), not in 审核通过, 摄影展.
CREDIT_ROLE = (
    f"(?:{_PREFIX}(?:{'|'.join(_REPORTING + _EDITING)}){_STOP}|(?:撰稿|审核|摄影)(?=[ \u3000]*[:：]))"
)


def is_reporting_role(role: str) -> bool:
    """True when *role* makes its journalist a reporter (记者, 全媒体记者, 撰稿人), not an editor."""
    return any(role.endswith(r) for r in _REPORTING) or role == "撰稿"


# A newsroom printed before its journalists' names (某某记者站, 某某县融媒体中心): no person.
NEWSROOM = f"[{HAN}]{{1,12}}?(?:记者站|融媒体中心|新闻中心|报社|日报社?|晚报|电视台)"


def split_name_run(
    run: str, surname_lengths: Callable[[str], list[int]], is_name: Callable[[str], bool]
) -> list[str] | None:
    """Split a run of names printed without separators (王建平赵海燕孙立) into its names, or None.

    Each name is a surname (``surname_lengths(rest)``: the lengths of the surnames *rest* starts
    with) and a given name of 1-2 characters, accepted by *is_name*; the run is split only when
    exactly one such reading exists and it has two names or more.

    >>> one = lambda rest: [1] if rest[0] in "王赵孙张高华" else []
    >>> split_name_run("王建平赵海燕孙立", one, lambda n: True), split_name_run("张文华高明", one, lambda n: True)
    (['王建平', '赵海燕', '孙立'], None)
    """
    readings: list[list[str]] = []

    def walk(rest: str, acc: list[str]) -> None:
        if len(readings) > 1:
            return
        if not rest:
            readings.append(acc)
            return
        for size in (sl + given for sl in surname_lengths(rest) for given in (1, 2)):
            piece = rest[:size]
            if len(piece) == size and is_name(piece):
                walk(rest[size:], [*acc, piece])

    if len(run) >= 4 and "·" not in run:
        walk(run, [])
    return readings[0] if len(readings) == 1 and len(readings[0]) > 1 else None


@cache
def _surnames() -> dict[str, bool]:
    return {s: c == "1" for s, c in load_tsv("surnames.tsv")}


def common_surname_lengths(rest: str) -> list[int]:
    """Lengths of the surnames *rest* starts with that can open a name in a run of names: a common
    single surname (``surnames.tsv``, common=1) or any compound one (欧阳; 欧 alone is common too).

    >>> common_surname_lengths("王建平"), common_surname_lengths("欧阳明"), common_surname_lengths("春耕")
    ([1], [1, 2], [])
    """
    table = _surnames()
    return [n for n in (1, 2) if rest[:n] in table and (n == 2 or table[rest[:1]])]
