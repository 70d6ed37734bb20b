"""Chinese personal names: surnames, where a name ends, and whether a string can be a name.

A name is a surname (``resources/surnames.tsv``: single and two-character surnames) plus a one- or
two-character given name; minority names may carry a middle dot (巴·特尔金). Where it ends is read
from what follows: punctuation, or a word that follows names in news text (主持, 出席, 强调, 一行...).

Examples
--------
>>> text = "副市长郑岚带领市教育局负责人"
>>> text[3:name_end(text, 3)]
'郑岚'
>>> text = "市委常委、组织部部长王建国主持并讲话"
>>> text[10:name_end(text, 10)]
'王建国'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from guanxi.extractors.components.titles import load_tsv, post_lexicon
from guanxi.extractors.dictionary import dictionary_freq as _dictionary_freq
from guanxi.extractors.dictionary import noun_conjunction

from guanxi.han import HAN
from guanxi.han import HAN_CHAR as _CJK

__all__ = [
    "boundary_strength",
    "common_surname",
    "dictionary_word",
    "dotted_end",
    "honorific_given",
    "is_surname_start",
    "listed_name",
    "load_names",
    "name_end",
    "noun_conjunction",
    "plausible_name",
    "split_name",
    "surnames",
]

# Longest name looked up among the known names of a page (transliterated names with dots included).
_LONGEST_NAME = 24

# Words that follow a name in news text. Two-or-more-character words are strong evidence that the
# name ended; single characters are weak (说 may also end a given name... rarely, but 在 often starts).
_AFTER_WORDS = (
    "主持 出席 参加 列席 讲话 强调 指出 表示 介绍 带领 带队 率领 率队 陪同 一行 同志 深入 先后 调研 参观 察看 "
    "查看 考察 检查 慰问 看望 听取 宣读 通报 代表 致辞 发言 主讲 详细 指导 督导 走访 会见 会晤 接受 认为 要求 "
    "希望 告诉 坦言 感慨 高兴 边查 当选 荣获 获得 一起 分别 共同 亲自 专程 前往 来到 走进 实地 现场 随后 首先 "
    "最后 提出 围绕 结合 宣布 作了 作出 签署 签订 签约 见证 颁发 颁奖 揭牌 上台 回答 解答 讲解 汇报 老人 先生 "
    "女士 表扬 获悉 入选 牵头 负责 组织 召开 主办 举行 协调 部署 逝世 病故 等人 同学 满意 激动 感激 开心 动情 "
    "感叹 笑着 说道 补充 回忆 解释 透露 看着 拿着 带着 正在 已经 一直 每天 今年 多年 说话 立即 马上 主动 及时 "
    "日前 近日 近期 昨天 昨日 今天 今日 当天 当日 "
    "座谈 交流 交谈 谈话 谈心 对话 握手 合影 洽谈 商谈 会谈 领学 传达 点评 部署 关于 对于 有关 "
    "一同 一道 经常 也是 还是 就是 都是 和记者 对记者 向记者 的带领 的陪同 同时 通过 作为 来自 担任 兼任 主任 书记 报道"
).split()
_AFTER_CHARS = set(
    "说在到赴来率对就向与和及作做等的是为从已被获同也还则又即便将把让请给于因称道谈致答任兼边笑家岁"
)
_AFTER_RE = re.compile("|".join(sorted(_AFTER_WORDS, key=len, reverse=True)))
# Given names do not contain these (function words, pronouns); the strict set, for names read
# without a title before them, adds measure words and characters that open common phrases.
_NOT_GIVEN_LOOSE = set("的了是们我你他她它之其此所该某每各这那个")
_NOT_GIVEN = _NOT_GIVEN_LOOSE | set(
    "在和与及等也都就还又被把从向对为以而于则但或即本全市县区镇乡村省年月日号时分秒第次届期百千万亿"
)
# Surnames that are also everyday function words: a name starting with one needs a clear end.
_RISKY_SURNAMES = set(
    "和与及同向从于时全都将把被由对在为以经应能成那过来其要第年信代买操门南区展占官招通边别空养须利益相后公家国文东平元明计"
)
_LIGHT = _AFTER_CHARS
# Honorific or generic tails: 苗女士, 王总, 张老师, 李书记 are not names.
_HONORIFIC = (
    "女士 先生 总 老师 师傅 大姐 大哥 大爷 大妈 阿姨 老人 同志 某 某某 书记 主任 局长 部长 市长 县长 经理 医生 "
    "警官 叔 姐 哥 嫂 婶 奶奶 爷爷 老 家 氏"
).split()
_HONORIFIC_RE = re.compile("|".join(sorted(_HONORIFIC, key=len, reverse=True)))
# 家 after a surname is the household (王家, 李家中, 张家里) or a village (王家庄, 李家湾) unless it
# opens a given name (陈家明, 王家豪): no jieba word with what follows, and no place's tail after it.
_HOUSEHOLD_WORD = 20
# The tails are the generic words (通名) of Chinese settlement names, not the place names themselves;
# characters of common given names (泉, 溪, 林, 华) are left out.
_SETTLEMENT_TAIL = set(
    "庄湾沟岭坝峪营寨堡屯洼坡河桥巷渡集铺岗滩园楼山洲嘴口港峡窑坪垣埠塘湖院台"
    "村镇乡界祠坟井洞墩冲圩寺庙坊场畈垸岙岔坳垭峁塬堰闸岛甸街厂崖坎埂浜泾潭坑垄坞汊埔寮"
)
_NAME_TAGS = ("nr", "nrfg", "nrt")
# Last characters of bodies and places, never of a three- or four-character name.
_BODY_TAIL = set("报社台网局厅委办院所站队部处科组会团镇乡村县市区省路街馆校厂店")
# Frequency (jieba's counts) above which a two-character word is never the start of a name.
_VERY_COMMON = 5000
_DOTTED = re.compile(rf"[{HAN}]{{1,7}}[·•]([{HAN}]{{1,8}})")


@cache
def surnames() -> dict[str, bool]:
    """Surname -> common (trusted in weak contexts); from ``resources/surnames.tsv``."""
    return {s: c == "1" for s, c in load_tsv("surnames.tsv")}


@cache
def _compound() -> frozenset[str]:
    return frozenset(s for s in surnames() if len(s) > 1)


def split_name(name: str) -> tuple[str, str]:
    """The surname and the given name of *name*: a compound surname when the table has one.

    >>> split_name("欧阳晓峰"), split_name("王丽")
    (('欧阳', '晓峰'), ('王', '丽'))
    """
    sl = 2 if name[:2] in _compound() else 1
    return name[:sl], name[sl:]


def is_surname_start(name: str) -> bool:
    """True when *name* starts with a known surname (two-character surnames checked first)."""
    table = surnames()
    return name[:2] in table or name[:1] in table


def common_surname(name: str) -> bool:
    table = surnames()
    return name[:2] in _compound() or table.get(name[:1], False)


def load_names() -> None:
    """Read the surname table, the post words and jieba's dictionary now (cached per process)."""
    _compound()
    post_lexicon()
    _dictionary_freq()


def dictionary_word(s: str, min_freq: int = 0) -> bool:
    """True when jieba lists *s* as a word (at least *min_freq* times) that is not a person name."""
    entry = _dictionary_freq().get(s)
    return entry is not None and not entry[0].startswith(_NAME_TAGS) and entry[1] >= min_freq


def plausible_name(name: str, *, pen_name: bool = False, weak: bool = False) -> bool:
    """Can *name* be a person's name? Length, characters, no honorific tail, not a common word.

    ``pen_name=True`` (signatures under commentaries: 秋实, 若水) drops the surname requirement;
    ``weak=True`` (no title before the name) also rejects names whose first two characters or
    whose given name make a common word (幸福感, 红马甲, 和企业).
    """
    core = name.replace("·", "").replace("•", "")
    if not 2 <= len(core) <= (12 if "·" in name else 4) or not all(_CJK.match(c) for c in core):
        return False
    if any(c in (_NOT_GIVEN if weak else _NOT_GIVEN_LOOSE) for c in core[1:]):
        return False
    if "·" not in name and name[:1] in _RISKY_SURNAMES and name[:2] not in _compound():
        if dictionary_word(name[1:]) or dictionary_word(name[:2]) or weak:
            return False
    if (
        weak
        and "·" not in name
        and (
            (dictionary_word(name[:2]) and name[:2] not in _compound())  # 欧阳 opens 欧阳晓峰
            or (len(name) == 3 and dictionary_word(name[1:]))
        )
    ):
        return False
    if not pen_name and not is_surname_start(name):
        return False
    if len(core) == 2 and core[0] in "老小" and core[1:] in surnames():
        return False  # 老李, 小王: a familiar address before a surname (老 and 小 are surnames too)
    given = split_name(name)[1]
    if not given or honorific_given(given):
        return False
    if post_lexicon().pattern.search(name):
        return False
    if len(name) >= 3 and name[-1] in _BODY_TAIL:
        return False  # 青禾日报, 王庄村: a body or a place, not a person
    if "·" not in name and dictionary_word(name[:2], _VERY_COMMON):
        return False  # 关于党, 同时: the first two characters make an everyday word
    return not dictionary_word(name)


def honorific_given(given: str) -> bool:
    """Is the part after a surname an honorific or a generic tail (女士, 总, 老师; 家 as the
    household) rather than a given name? 家 opens a given name (家明, 家豪) unless it makes a jieba
    word with the next character (家中, 家长) or a place's tail follows it (王家庄).

    >>> [honorific_given(g) for g in ("女士", "家", "家中", "家庄", "家明")]
    [True, True, True, True, False]
    """
    m = _HONORIFIC_RE.match(given)
    if m is None:
        return False
    if m.group() != "家" or len(given) == 1:
        return True
    return dictionary_word(given[:2], _HOUSEHOLD_WORD) or given[1] in _SETTLEMENT_TAIL


def listed_name(name: str) -> bool:
    """Can *name*, an item between the names of a titled list, be a name although jieba knows it as
    a word (市政协副主席张建华、高山、吴敏: 高山)? A known surname, 2-4 Han characters, no honorific,
    post or body inside, and no word jieba counts often (农民, 群众)."""
    if not 2 <= len(name) <= 4 or not all(_CJK.match(c) for c in name) or not is_surname_start(name):
        return False
    given = split_name(name)[1]
    if not given or any(c in _NOT_GIVEN_LOOSE for c in given) or honorific_given(given):
        return False
    if post_lexicon().pattern.search(name) or (len(name) >= 3 and name[-1] in _BODY_TAIL):
        return False
    return not dictionary_word(name, _VERY_COMMON)


def _word_count_at(text: str, pos: int, lengths: tuple[int, ...]) -> int:
    """jieba's count of the commonest dictionary word (any tag) of these lengths at *pos*, 0 if none."""
    freq = _dictionary_freq()
    return max((freq.get(text[pos : pos + k], ("", 0))[1] for k in lengths if pos + k <= len(text)), default=0)


def _word_at(text: str, pos: int) -> bool:
    """True when a dictionary word of two or three characters (no name) starts at *pos*."""
    return any(dictionary_word(text[pos : pos + k]) for k in (2, 3) if pos + k <= len(text))


def boundary_strength(text: str, pos: int) -> int:
    """How surely a name ends at *pos*: 2 = punctuation, end or a following word; 1 = a following
    single character (说, 在...); 0 = the text runs on inside a word."""
    if pos >= len(text) or not _CJK.match(text[pos]):
        return 2
    if _AFTER_RE.match(text, pos):
        return 2
    if post_lexicon().pattern.match(text, pos):
        return 2  # 王某某总书记: a post after the name
    return 1 if text[pos] in _AFTER_CHARS else 0


def dotted_end(text: str, m: re.Match[str], start: int = 0) -> int | None:
    """End of the dotted name *m* (a match of ``_DOTTED``): its shortest second part (from
    *start* on) that ends on a boundary (热合曼|主持), unless the word after that end runs into a
    boundary word one character on (买买|提出席: 买买提|出席), or None.

    >>> text = "艾力·买买提出席会议"
    >>> text[: dotted_end(text, _DOTTED.match(text))]
    '艾力·买买提'
    """
    for end in range(max(start, m.start(1) + 1), m.end() + 1):
        if boundary_strength(text, end) < 1:
            continue
        if end < m.end() and _AFTER_RE.match(text, end) and _AFTER_RE.match(text, end + 1):
            continue
        return end
    return None


def name_end(
    text: str,
    pos: int,
    *,
    known: Iterable[str] = (),
    min_strength: int = 1,
    dotted: bool = True,
    strict: bool = False,
    listed: bool = False,
) -> int | None:
    """End of the name starting at *pos*, or None when no name starts there.

    Parameters
    ----------
    text, pos:
        Where to read.
    known:
        Names with strong evidence elsewhere (same page); a known name at *pos* wins.
    min_strength:
        Weakest acceptable boundary after the name (see :func:`boundary_strength`).
    dotted:
        Accept minority names with a middle dot (阿不都·热合曼).
    strict:
        Use the strict set of characters never found in given names (no title before the name).
        With ``min_strength=0`` (a title must be followed by a name) a name running into the next
        word is cut where jieba's dictionary sees a word start (石红云|找上门).
    """
    # Longest known name at pos first; looked up by length, not by scanning every known name
    # (a list page knows thousands).
    known = known if isinstance(known, set | frozenset) else set(known)
    for end in range(min(len(text), pos + _LONGEST_NAME), pos, -1):
        if text[pos:end] in known and boundary_strength(text, end) >= 1:
            return end
    if pos >= len(text) or not _CJK.match(text[pos]):
        return None
    if dotted:
        m = _DOTTED.match(text, pos)
        # a post inside the first part: the name starts after it (委员会主席X·Y), not here
        if m and not post_lexicon().pattern.search(text, pos, m.start(1) - 1):
            end = dotted_end(text, m)
            if end is not None:
                return end
    table = surnames()
    cands: list[tuple[int, int, int]] = []  # (strength, length, end)
    for sl in (2, 1):
        s = text[pos : pos + sl]
        if len(s) != sl or s not in table:
            continue
        for gl in (2, 1):
            end = pos + sl + gl
            given = text[pos + sl : end]
            if len(given) != gl or not all(_CJK.match(c) for c in given):
                continue
            if any(c in (_NOT_GIVEN if strict else _NOT_GIVEN_LOOSE) for c in given):
                continue
            if s in _RISKY_SURNAMES and sl == 1 and boundary_strength(text, end) < 2 and not listed:
                continue
            if honorific_given(given):
                continue
            if post_lexicon().pattern.match(text, pos + sl):
                continue
            strength = boundary_strength(text, end)
            if strength >= min_strength:
                cands.append((strength, sl + gl, end))
    if not cands:
        return None
    best = max(c[0] for c in cands)
    if best == 0:
        # No boundary word after any reading: keep three characters unless a dictionary word
        # starts right after two (李明|开会 vs 石红云|找上门).
        lengths = {c[1]: c[2] for c in cands}
        if dictionary_word(text[pos : pos + 2]):
            return None  # 关于党, 高度重视: a word, not a name
        if dictionary_word(text[pos + 1 : pos + 3]):
            # The given name's last character may also open the next word (李春|日前到, 王强|化解,
            # 张伟|大力): where it does, the word after wins and the name has two characters --
            # unless a commoner word starts after three (刘建华|观看, not 刘建|华观: jieba lists 华观
            # as a rare word).
            if 2 in lengths and _word_at(text, pos + 2):
                after2, after3 = _word_count_at(text, pos + 2, (2, 3)), _word_count_at(text, pos + 3, (2, 3))
                return lengths[3] if 3 in lengths and after3 > after2 else lengths[2]
            return None
        # Three characters unless a word starts after two, and no commoner one after three
        # (孙立群|交流, not 孙立|群交).
        after2, after3 = _word_count_at(text, pos + 2, (2,)), _word_count_at(text, pos + 3, (2, 3))
        if 3 in lengths and (not after2 or after3 > after2):
            return lengths[3]
        return lengths.get(2)
    top = [c for c in cands if c[0] == best]
    # Prefer the longer name, unless its last character is a light word (赵刚说) and a shorter
    # reading also ends on a boundary.
    top.sort(key=lambda c: -c[1])
    choice = top[0]
    if choice[1] == 3 and text[choice[2] - 1] in _LIGHT:
        shorter = [c for c in cands if c[1] == 2]
        if shorter:
            choice = shorter[0]
    return choice[2]
