"""Headline grammar: column kickers, lead-ins, subtitles naming leaders, and the title itself.

A newspaper headline block may stack a kicker (column head 时政动态, a slogan, a lead-in ending
in —— or 时强调), the main headline (possibly wrapped over two lines) and subtitles (——…, or a
line that only names leaders and what they did: 张三主持并讲话). A PDF cut may glue a leader
subtitle onto the headline line. These functions decide by grammar, never by names.

Examples
--------
>>> split_headline("省考察组在我市开展专题调研王五参加")
Headline(kicker=None, title='省考察组在我市开展专题调研', subtitle='王五参加')
>>> split_headline("【江城】江城市第五届运动会开幕 张三宣布开幕 李四主持开幕式").title
'江城市第五届运动会开幕'
>>> is_leader_line("张三李四王五赵六孙七参加")
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from guanxi.extractors.bylines import COMPOUND_SURNAMES, SURNAMES

from guanxi.han import HAN as _CJK

__all__ = [
    "Headline",
    "is_column_kicker",
    "is_leader_line",
    "is_leadin",
    "is_notice_title",
    "split_headline",
]

# Words that make up column and section heads (时政动态, 新闻时评, 本版, 图片新闻 ...).
_COLUMN_WORDS = (
    "时政 要闻 新闻 动态 时评 评论 短评 言论 观点 社论 快评 热评 综合 本版 专版 专题 专栏 副刊 视点 视线 关注 聚焦 "
    "观察 简讯 快讯 速递 速览 资讯 一线 基层 实践 图片 摄影 图说 图文 读图 民生 法治 经济 文化 社会 体育 教育 理论 "
    "党建 廉政 县域 城事 天下 国内 国际 地方 今日 本地 特稿 深度 调查 纵深 关注点 广告 公告 启事 热线 来信 信箱 "
    "专访 访谈 人物 对话 特写 通讯 纪实 手记 链接 背景 声音 镜头 现场 数说 短讯 导读 提示 评论员文章 记者手记 编者按 编后"
).split()
_COLUMN = re.compile("(?:" + "|".join(sorted(_COLUMN_WORDS, key=len, reverse=True)) + r")+")

_SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + "".join(sorted(SURNAMES)) + "])"
# Characters that do not occur in given names but do in the words a headline ends with (来我市考察).
_NOT_GIVEN = "我市县区省镇乡村的在和与了及等对为是到赴"
_NAME = rf"{_SURNAME}(?:(?![{_NOT_GIVEN}])[{_CJK}]){{1,2}}"
_NAMES = rf"{_NAME}(?:[、，,\s]?{_NAME}){{0,8}}(?:等(?:领导|同志)?)?"
# Verbs with which a subtitle reports what leaders did at the event.
_LEADER_VERB = (
    "主持|出席|参加|讲话|调研|深入|带队|带领|率队|率团|陪同|列席|会见|会谈|看望|慰问|检查|督导|督查|宣布|致辞|考察|"
    "一同|走访|提请|接见|见证|调度|检阅|部署|强调|指出|要求|寄语|批示|讲授|宣讲|作报告|作动员|参观|观摩|暗访"
)
_LEADER = re.compile(rf"^{_NAMES}\s?(?:{_LEADER_VERB})")
_LEADER_WITH = re.compile(rf"^{_NAMES}与[{_CJK}]{{1,10}}(?:座谈|会谈|会见|交流|对接)$")
# Glued onto a headline the leader part must end like a subtitle ends.
_LEADER_TAIL = re.compile(
    rf"^{_NAMES}(?:(?:主持|出席|参加|陪同|列席|讲话|调研|考察|致辞|宣布)[{_CJK}]{{0,3}}|一同[{_CJK}]{{1,3}})$"
)
_LEADIN_END = re.compile(r"(?:——|—|――|--)\s*$|.{6,}时(?:强调|指出|表示|要求|提出)$|.{8,}(?:强调|指出|寄语)$")
# An obituary, or a notice the paper prints for an office (公告, 任前公示, 任免名单, 启事).
_NOTICE = re.compile(
    r"逝世|病逝|去世|讣告|讣闻|告别仪式|悼念|公告$|通告$|公示$|启事$|声明$|任免(?:名单|事项)?$"
)
_SLOGAN_SPLIT = re.compile(rf"(?<=[”\"])(?=(?:我|全|本)?[市县区省旗州][{_CJK}]{{4,}}$)")


_LATIN_HEAD = re.compile(r"[A-Z][A-Z\s·\-]{3,}")
_BARS = re.compile(r"(?:\|\||‖|︱)\s*.+?\s*(?:\|\||‖|︱)")
_BRACKETS = re.compile(r"【[^】]{1,12}】")


@dataclass(frozen=True, slots=True)
class Headline:
    """A headline line cut into kicker, title and subtitle (each as printed, or None)."""

    kicker: str | None
    title: str | None
    subtitle: str | None


def is_column_kicker(line: str) -> bool:
    """True for a column or section head: 时政动态, SHIZHENG DONGTAI, 新闻时评, || 标语 ||, 【本地】.

    >>> is_column_kicker("时政动态"), is_column_kicker("SHIZHENG DONGTAI"), is_column_kicker("乡村振兴见成效")
    (True, True, False)
    """
    s = line.strip().strip("#").strip()
    if not s:
        return False
    if _LATIN_HEAD.fullmatch(s) or _BARS.fullmatch(s) or _BRACKETS.fullmatch(s):
        return True
    return bool(_COLUMN.fullmatch(s.replace(" ", "")))


def is_leadin(line: str) -> bool:
    """True for a lead-in kicker: a line ending in —— or in 时强调 (it leads into the headline)."""
    return bool(_LEADIN_END.search(line.strip()))


def is_leader_line(line: str) -> bool:
    """True for a subtitle that names leaders and what they did (张三主持并讲话, 李四等一同考察)."""
    s = line.strip()
    return bool(_LEADER.match(s) or _LEADER_WITH.match(s)) and len(s) <= 60


def is_notice_title(line: str) -> bool:
    """True for an obituary or notice headline (…同志逝世, 讣告, 关于…的公告, 干部任前公示, …任免名单)."""
    return bool(_NOTICE.search(line)) and len(line) <= 30


def _split_glued(s: str) -> tuple[str, str | None]:
    # A leader subtitle glued onto the headline by the PDF cut. "X与Y座谈" is the most specific
    # form; otherwise the shortest tail that reads as names + verb: 调研王五参加 cuts at 王五参加.
    tails = [(i, s[i:]) for i in range(len(s) - 4, 5, -1) if len(s) - i <= 16]
    for i, tail in tails:
        if _LEADER_WITH.match(tail):
            return s[:i], tail
    for i, tail in tails:
        if _LEADER_TAIL.match(tail):
            return s[:i], tail
    return s, None


def split_headline(line: str) -> Headline:
    """Cut one headline line into (kicker, title, subtitle).

    Handles a 【kicker】, [kicker], 〖kicker〗 or ``kicker |`` prefix, a ``——subtitle`` on the same line, trailing
    space-separated or glued leader subtitles, and a slogan glued before a factual headline
    (口号 标语 …“号角”我市举行项目签约仪式).
    """
    s = re.sub(r"\s+", " ", line.strip().strip("#").strip())
    kicker = subtitle = None
    if m := re.match(r"^(?:【([^】]{1,16})】|\[([^\]]{1,8})\](?!\()|〖([^〗]{1,16})〗)\s*(?=\S)", s):
        kicker, s = next(g for g in m.groups() if g), s[m.end() :]
    if "|" in s or "｜" in s:
        parts = [p.strip() for p in re.split(r"[|｜]+", s) if p.strip()]
        if len(parts) == 2:
            short, long_ = sorted(parts, key=len)
            if len(short) <= 6 and len(long_) > len(short):
                kicker, s = short, long_
    if m := re.search(r"\s*(?:——|――|—)\s*(?=\S)", s):
        if m.start() > 0:
            s, subtitle = s[: m.start()], s[m.start() :].strip()
    segs = s.split(" ")
    subs: list[str] = []
    while len(segs) > 1 and is_leader_line(segs[-1]):
        subs.insert(0, segs.pop())
    s = " ".join(segs)
    if not subs:
        s, glued = _split_glued(s)
        if glued:
            subs = [glued]
    if " " in s and (m := _SLOGAN_SPLIT.search(s)):
        kicker = (kicker + " " if kicker else "") + s[: m.start()].strip()
        s = s[m.start() :]
    if subs:
        subtitle = " ".join(subs) + (" " + subtitle if subtitle else "")
    return Headline(kicker, s.strip() or None, subtitle)
