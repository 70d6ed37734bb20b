"""Titles of persons (市委常委, 组织部部长, 省人大常委会财经委副主任委员) and the ``guanxi_titles`` component.

A title is read right to left: it ends in a *post word* from ``resources/title_posts.tsv`` (书记,
副市长, 主任委员...) and its prefix (bodies and places: 市委, 省人大常委会财经委, 沁县沁州黄镇党委) runs
left until a separator, a function word or the previous name. Whether a title belongs to a person
is decided by :mod:`.persons` (a name must follow it).

Examples
--------
>>> [t.text for t in find_titles("市委常委、组织部部长王建国主持并讲话。")]
['市委常委', '组织部部长']
>>> find_titles("江阴市长泾镇", places=[(3, 6)])
[]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from guanxi.extractors.components.base import Component
from guanxi.extractors.dictionary import noun_conjunction
from guanxi.extractors.extensions import doc_text, snap
from guanxi.extractors.tsv import load_tsv
from spacy.language import Language
from spacy.tokens import Doc, Span

from guanxi.han import HAN
from guanxi.han import HAN_CHAR as _CJK

__all__ = [
    "TitleMatch",
    "TitlesComponent",
    "find_titles",
    "load_tsv",
    "post_lexicon",
    "skip_lead",
]



@dataclass(frozen=True, slots=True)
class PostLexicon:
    kinds: dict[str, str]
    pattern: re.Pattern[str]


@cache
def post_lexicon() -> PostLexicon:
    """Post words -> kind (post, company, journalist, official, other) and one matcher for all."""
    kinds = {w: k for w, k in load_tsv("title_posts.tsv")}
    # Longest first so 副主任委员 wins over 主任 at the same start; literal alternation, no backtracking.
    alt = "|".join(re.escape(w) for w in sorted(kinds, key=len, reverse=True))
    return PostLexicon(kinds, re.compile(alt))


# A post word followed by these is part of a body or thing, not a post: 常委会, 委员会, 书记处,
# 主席团, 市长热线, 局长信箱, 河长制, 主席台.
_NOT_POST_AFTER = re.compile(
    r"会|员会|处|团|室|办|热线|信箱|奖|杯|制|台|们|任务|级|职|岗|候选|人选|队伍|班子|论坛|小组|干部|机构|单位|助理"
)

# Characters that end a title's prefix on the left: function words never inside a body name.
_STOP = set("的是在由和与及对向被把将请让等并从给了着过也都还又就而但或即兼曾")
# Words trimmed from the front of a prefix: verbs and connectives that precede a titled name.
_LEAD = sorted(
    (
        "带领 率领 陪同 会见 会晤 看望 慰问 主持 出席 参加 列席 调研 深入 来到 前往 走访 检查 听取 邀请 感谢 "
        "会同 召开 举办 举行 获悉 报道 本报讯 本报 记者 一行 包括 担任 作为 当选 现任 聘请 特邀 其中 分别 央企 "
        "以及 接待 欢迎 宣布 宣读 通报 介绍 表示 指出 强调 一起 共同 先后 相继 再次 亲切 专程 特别 随后 首先 "
        "最后 同时 此外 另外 会上 要求 希望 近日 日前 今年 去年 当天 当日 昨天 今天 期间 赴 到 经 据 受 约 即 "
        "再 致 向 以 说 "
        # the words of a personnel notice around a post (X同志任…, X为…, 免去其…职务)
        "同志任 同志兼任 同志 为 免去 任命 拟任 兼任 辞去 不再担任 提名 "
        # 出席会议的还有县委书记X: 有 before a title, not 有限公司
        "还有 有(?!限)"
    ).split(),
    key=len,
    reverse=True,
)
_LEAD_RE = re.compile("|".join(_LEAD))
# Verbs never found inside a body's name: a prefix holding one starts after it, so a title does not
# swallow the clause before it (王某找到某村党支部书记 -> 某村党支部书记).
_CUT = re.compile(
    "|".join(
        "找到 找来 找上 采访 拜访 看到 见到 遇到 得知 跟随 跟着 称赞 通知 带领 率领 陪同 "
        "会见 会晤 看望 主持 出席 参加 列席 来到 前往 走访 听取 感谢 告诉 问起 询问 找过 请来 "
        "请到 叫来 喊来 说服 劝说 成立 推选 补选 选举(?!委员会|工作)".split()
    )
)
_MAX_PREFIX = 30
# A feature's subtitle names its subject after a dash with a verb of portrayal (——记某村党支部书记
# X, ——访…): the verb opens no body's name.
_PORTRAIT = re.compile("追记|专访|探访|走近|走进|记|访")


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """A title as printed: ``text[start:end]``; the post word is ``text[post_start:end]``."""

    start: int
    end: int
    text: str
    post: str
    kind: str  # post | company | journalist | official | other
    post_start: int


def _prefix_start(text: str, post_start: int, floor: int) -> int:
    i = post_start
    quotes = parens = 0
    while i > floor and post_start - i < _MAX_PREFIX:
        ch = text[i - 1]
        if ch in '”"':
            quotes += 1
        elif ch in "“" and quotes:
            quotes -= 1
        elif ch in ")）":
            parens += 1
        elif ch in "(（" and parens:
            parens -= 1
        elif not _CJK.match(ch) or ch in _STOP:
            break
        i -= 1
    if _division_at_clause_start(text, i - 1, floor):
        i -= 1  # 和县县委书记 at a clause's start: 和 opens the county's name, it joins nothing
    elif i - 1 > floor and _inner_conjunction(text, i - 1, post_start):
        # 机械与材料学院院长: the conjunction joins two words of one body's name; read on leftward
        left = _prefix_start(text, i - 1, floor)
        if left < i - 1:
            return left
    if quotes:  # an unbalanced closing quote: the prefix starts after it
        j = text.rfind("”", i, post_start)
        i = j + 1 if j >= 0 else i
    if parens:  # likewise for a bracket: 局党组成员(正处级)、... starts after it
        j = max(text.rfind(")", i, post_start), text.rfind("）", i, post_start))
        i = j + 1 if j >= 0 else i
    # digits before 年/月/日 (3月18日市委书记...) leave a unit character behind; drop it.
    while i < post_start and text[i] in "年月日号时" and i > 0 and text[i - 1].isdigit():
        i += 1
    for m in _CUT.finditer(text, i, post_start):
        i = m.end()
    if i > 0 and text[i - 1] in "—－-" and (m := _PORTRAIT.match(text, i, post_start)):
        i = m.end()
    return skip_lead(text, i, post_start)


def skip_lead(text: str, i: int, post_start: int) -> int:
    """Where a title's prefix starting at *i* really starts: after the verbs, connectives and
    quotes that precede a titled name (陪同, 同志任, 为, “)."""
    while i < post_start:
        m = _LEAD_RE.match(text, i, post_start)
        if not m:
            break
        i = m.end()
    while i < post_start and text[i] in '“”"()（）':
        i += 1
    return i


# The head of a body's name right after the words a conjunction joins (机械与材料|学院).
_BODY_HEAD = re.compile(r"学院|研究院|研究所|研究中心|中心|委员会|委|局|厅|办公室|办|院|所|系|部|处|科|室|站")


def _inner_conjunction(text: str, k: int, post_start: int) -> bool:
    """The conjunction at *k* joins two words of the body named before the post (机械与材料学院院长)."""
    end = noun_conjunction(text, k, post_start)
    return end is not None and bool(_BODY_HEAD.fullmatch(text, end, post_start))


def _division_at_clause_start(text: str, i: int, floor: int) -> bool:
    """True when the function character at *i* (和, 同...) opens a division name at the start of a
    clause: nothing before it to join, so it is part of the name (和县县委书记)."""
    if i < max(floor, 0) or text[i] not in _STOP or (i > 0 and _CJK.match(text[i - 1])):
        return False
    index = _divisions()
    return index is not None and any(index.lookup(text[i : i + k]) for k in (2, 3, 4))


def find_titles(
    text: str, *, places: Iterable[tuple[int, int]] = (), floors: Sequence[int] = ()
) -> list[TitleMatch]:
    """Find title candidates in *text*.

    Parameters
    ----------
    text:
        An article's text.
    places:
        ``(start, end)`` spans of place names; a post word that a place name runs through and past
        (市长 in 江阴市长泾镇) is not a post.
    floors:
        Positions a prefix never extends left of (ends of names already found).

    Returns
    -------
    list[TitleMatch]
        Sorted by start; prefixes stop at the previous title's post word.
    """
    lex = post_lexicon()
    place_spans = sorted(places)
    floor_set = sorted(set(floors))
    out: list[TitleMatch] = []
    last_end = 0
    for m in lex.pattern.finditer(text):
        ps, pe = m.start(), m.end()
        if _NOT_POST_AFTER.match(text, pe):
            continue
        if lex.kinds[m.group()] == "other" and _opens_body(text, pe, lex.pattern):
            continue  # 市民|政局局长 is 市民政局's 局长; 律师|事务所主任 is a law firm's 主任
        if any(s < pe < e for s, e in place_spans) or _division_after(text, ps, m.group()):
            continue
        k = bisect_right(floor_set, ps)
        floor = max(last_end, floor_set[k - 1]) if k else last_end
        start = _prefix_start(text, ps, floor)
        out.append(TitleMatch(start, pe, text[start:pe], m.group(), lex.kinds[m.group()], ps))
        last_end = pe
    return out


# A body's head a few characters on (民政|局, 事务|所): a descriptive word before it opens the body's name.
_BODY_HEAD_AHEAD = re.compile(
    rf"[{HAN}]{{0,6}}?(?:委员会|办公室|中心|协会|学会|学校|公司|局|所|校|社|院|会|站|馆|队|厂)"
)


def _opens_body(text: str, pe: int, posts: re.Pattern[str]) -> bool:
    """True when the word ending at *pe* runs into a body's name that a post word follows
    (市民|政局局长, 农民|专业合作社理事长), with no verb or separator between."""
    m = _BODY_HEAD_AHEAD.match(text, pe)
    if not m or any(c in "任为是当兼" for c in text[pe : m.end()]):
        return False
    return bool(posts.match(text, m.end()))


_LEVEL_POST = re.compile(r"^副?[省市县区州盟旗镇乡]长$")


def _division_after(text: str, post_start: int, post: str) -> bool:
    """True when a level post word runs into an official division name (江阴市长泾镇: 长泾镇)."""
    if not _LEVEL_POST.match(post):
        return False
    index = _divisions()
    if index is None:
        return False
    head = post_start + len(post) - 1  # the 长 of 市长
    return any(index.lookup(text[head : head + k]) for k in (3, 4, 5) if head + k <= len(text))


@cache
def _divisions():
    try:
        from guanxi.extractors.divisions import load_divisions
    except ImportError:  # the division module is optional for titles
        return None
    return load_divisions()


class TitlesComponent(Component):
    """spaCy component ``guanxi_titles``: title candidates into ``doc.spans["guanxi_titles"]``.

    The first component: it reads only the text (no place spans exist yet; a post word running
    into a division name is caught by the division index). The persons component later keeps
    only titles that belong to a name.
    """

    resources = ("title_posts.tsv",)

    def __init__(self, nlp: Language, name: str, *, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key

    def load(self) -> None:
        post_lexicon()
        _divisions()

    def process(self, doc: Doc) -> Doc:
        matches = find_titles(doc_text(doc))
        doc._.guanxi_titles = [_title_to_dict(t) for t in matches]
        spans: list[Span] = []
        for t in matches:
            span = snap(doc, t.start, t.end, "TITLE")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    @property
    def labels(self) -> tuple[str, ...]:
        return ("TITLE",)


def _title_to_dict(t: TitleMatch) -> dict:
    return {
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "post": t.post,
        "kind": t.kind,
        "post_start": t.post_start,
    }


def title_from_dict(d: dict) -> TitleMatch:
    return TitleMatch(d["start"], d["end"], d["text"], d["post"], d["kind"], d["post_start"])


@Language.factory(
    "guanxi_titles",
    assigns=["doc.spans", "doc._.guanxi_titles"],
    default_config={"spans_key": "guanxi_titles"},
)
def make_titles(nlp: Language, name: str, spans_key: str) -> TitlesComponent:
    """Factory of ``guanxi_titles``."""
    return TitlesComponent(nlp, name, spans_key=spans_key)
