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

__all__ = ["CREDIT_ROLE", "REPORTER_ROLE", "ROLE_PREFIXES", "is_reporting_role"]

# Kinds of journalist printed before the role: 全媒体记者, 见习记者, 特约通讯员, 首席摄影记者 …
ROLE_PREFIXES = ("全媒体", "融媒体", "见习", "实习", "特约", "首席", "驻站", "摄影")
# Who reports (a title of the journalist's) and who only edits, checks or compiles a piece.
_REPORTING = ("记者", "通讯员", "撰稿人", "实习生")
_EDITING = ("责任编辑", "编辑", "审核人", "校对", "作者")
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
