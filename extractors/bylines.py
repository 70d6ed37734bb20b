"""Bylines, datelines, photo credits and signatures: who wrote or photographed a piece.

Forms handled (by grammar, not by names): ``本报讯 记者X 见习记者Y 通讯员Z报道：``,
``本报讯(记者 X、Y)``, ``XX网讯 (记者 X)``, ``□ 本报记者 X Y``, ``本报记者 X 摄`` (own line or
at the end of a caption), ``·X·``, ``(X)``, ``(某某日报记者 X)``, a bare pen name on its own
line, and ``作者: 记者 X 编辑: Y`` header lines (编辑 is not a reporter).

Examples
--------
>>> d = parse_dateline("本报讯 记者张三 通讯员李四报道：春江水暖鸭先知")
>>> [(r.name, r.role) for r in d.reporters], d.text
([('张三', '记者'), ('李四', '通讯员')], '本报讯 记者张三 通讯员李四报道：')
>>> [(r.name, r.role) for r in parse_credit("本报记者 王五 赵六 摄")]
[('王五', '记者'), ('赵六', '记者')]
>>> [(r.name, r.role) for r in parse_signature("(某某日报记者 钱七)")]
[('钱七', '记者')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from guanxi.extractors.byline_roles import (
    CREDIT_ROLE,
    NEWSROOM,
    REPORTER_ROLE,
    common_surname_lengths,
    is_reporting_role,
    split_name_run,
)

from guanxi.han import HAN as _CJK
from guanxi.model import Reporter

__all__ = [
    "COMPOUND_SURNAMES",
    "ROLE_FIRST",
    "SURNAMES",
    "Dateline",
    "looks_like_name",
    "parse_byline",
    "parse_commentator",
    "parse_credit",
    "parse_dateline",
    "parse_meta_authors",
    "parse_reporters",
    "parse_signature",
    "split_inline_credit",
    "split_inline_signature",
    "starts_with_surname",
]

# Common single-character surnames (the frequent part of the 百家姓 and modern surveys).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒"
    "阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓"
    "古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣"
    "巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘"
    "满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都"
    "普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼"
    "居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由暴药阎訾逄亓"
)
COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 宇文 长孙 夏侯 轩辕 司徒 端木 独孤 南宫 西门 万俟 "
    "闻人 澹台 公冶 太史 申屠 钟离 呼延 百里 东郭 第五 拓跋 完颜"
).split()

# 记者, 通讯员 and their prefixed kinds (全媒体记者, 见习记者 …); 记者站 is no role word.
_ROLE = REPORTER_ROLE
# Words that end an organization, never a person: 某某日报, 融媒体中心, 电视台 ...
_ORG_END = re.compile(
    r"(?:报|社|网|台|刊|媒|中心|集团|公司|局|委|部|院|站|办|厅|队|协会|频道|新闻|电视|融媒体?)$"
)
_NOT_NAME = re.compile(r"报道|摄影?$|^本报|编辑|来源|记者|通讯员|评论员")


def starts_with_surname(s: str) -> bool:
    """True when *s* begins with a common single or compound surname."""
    return bool(s) and (s[0] in SURNAMES or s[:2] in COMPOUND_SURNAMES)


def looks_like_name(s: str, *, strict: bool = False) -> bool:
    """True when *s* can be a person's name as printed in a byline (2-4 Han characters, or a
    minority name with a middle dot). With *strict*, it must also start with a known surname.

    >>> looks_like_name("孙八"), looks_like_name("某某日报"), looks_like_name("江城晚报")
    (True, False, False)
    """
    s = s.strip()
    plain = s.replace(" ", "")
    if "·" in plain:
        ok = bool(re.fullmatch(rf"[{_CJK}]{{1,8}}(?:·[{_CJK}]{{1,8}})+", plain)) and len(plain) <= 16
    else:
        ok = bool(re.fullmatch(rf"[{_CJK}]{{2,4}}", plain))
    if not ok or _ORG_END.search(plain) or _NOT_NAME.search(plain):
        return False
    return starts_with_surname(plain) if strict else True


def _names(segment: str) -> list[str]:
    """Split a run of names (separated by spaces, 、 or commas); single characters separated by a
    space join into one name (周 九)."""
    segment = re.sub(r"(?:等|报道|摄影?|撰文|文/|图/)\s*$", "", segment.strip())
    tokens = [t for t in re.split(r"[\s、，,/]+", segment) if t]
    out: list[str] = []
    buf: list[str] = []
    for tok in tokens:
        tok = re.sub(rf"[^{_CJK}·]", "", tok)
        if not tok:
            continue
        if len(tok) == 1:
            buf.append(tok)
            continue
        if buf:
            out.append(" ".join(buf))
            buf = []
        out.append(tok)
    if buf:
        out.append(" ".join(buf))
    return out


_NEWSROOM_NAMES = re.compile(rf"^\s*(?P<room>{NEWSROOM})[\s:：]*(?P<names>[{_CJK}][{_CJK}\s、]*)$")


def _newsroom_reporters(inner: str) -> list[Reporter] | None:
    """Reporters after a newsroom (``某某记者站王五赵六``, ``某某融媒体中心 钱七``), None when *inner*
    is no newsroom and names. A 记者站's people are its reporters; the newsroom is no person."""
    m = _NEWSROOM_NAMES.match(inner)
    if not m or re.search(_ROLE, m["names"]):
        return None
    role = "记者" if m["room"].endswith("记者站") else None
    out: list[Reporter] = []
    for tok in _names(m["names"]):
        if looks_like_name(tok, strict=True):
            out.append(Reporter(tok, role))
        elif parts := split_name_run(tok, common_surname_lengths, lambda n: looks_like_name(n, strict=True)):
            out.extend(Reporter(n, role) for n in parts)
        else:
            return None
    return out or None


def parse_reporters(segment: str, *, default_role: str | None = None) -> list[Reporter]:
    """Reporters of a byline fragment such as ``记者张三 通讯员李四报道`` or ``张三ABC记者``.

    Names printed after a role word get that role (本报记者 -> 记者, 本报通讯员 -> 通讯员); names
    printed before any role word take the next role word, else *default_role*.
    """
    segment = re.sub(r"报道\s*[：:]?\s*$", "", segment.strip())
    if (room := _newsroom_reporters(segment)) is not None:
        return room
    parts = re.split(
        rf"(?:本报|特约|[{_CJK}]{{2,8}}?(?:日报|报社|晚报|电视台|融媒体中心|新闻网|网|社|台))?({_ROLE})",
        segment,
    )
    # parts: [before, role1, after1, role2, after2, ...]; names after a role word take it, names
    # before the first one (张三ABC记者) take the first.
    roles = [_canon_role(r) for r in parts[1::2]]
    out: list[Reporter] = []
    for n in _names(parts[0]):
        if looks_like_name(n):
            out.append(Reporter(n, roles[0] if roles else default_role))
    for i, role in enumerate(roles):
        for n in _names(parts[2 * i + 2]):
            if looks_like_name(n):
                out.append(Reporter(n, role))
    seen: set[str] = set()
    return [r for r in out if not (r.name in seen or seen.add(r.name))]


def _canon_role(role: str) -> str:
    # 全媒体记者, 首席记者 -> 记者: the medium and the rank are no kind of reporter.
    role = re.sub(r"^(?:全媒体|融媒体|首席|驻站)+", "", role)
    return {"特约通讯员": "通讯员"}.get(role, role)


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline opening a news report: its printed text (``本报讯 记者X报道：``) and reporters."""

    text: str
    reporters: tuple[Reporter, ...]


_DATELINE = re.compile(
    rf"^\s*(?P<src>本报|[{_CJK}A-Za-z]{{1,10}}?)讯\s*"
    rf"(?:[(（](?P<paren>[^()（）]{{1,40}})[)）]|(?P<roles>(?:{_ROLE}\s*[{_CJK}·]{{1,6}}(?:[\s、]+(?!{_ROLE})[{_CJK}·]{{1,6}})*\s*)+)(?:报道)?\s*[：:]?)?\s*"
)
_DIANXUN = re.compile(
    rf"^\s*(?:新华社|中新社|本报|人民网|央视网|新华网)[{_CJK}\d]{{0,16}}?电\s*(?:[(（](?P<paren>[^()（）]{{1,40}})[)）])?\s*"
)


def parse_dateline(text: str) -> Dateline | None:
    """The dateline at the start of *text* (本报讯…, XX讯(…), 新华社…电(…)), or None.

    >>> parse_dateline("本报讯(张三ABC记者)昨日，某市…").reporters[0].name
    '张三'
    >>> parse_dateline("本报讯 3月13日至14日，活动举办").reporters
    ()
    """
    # A paragraph is classified, then read again for its reporters and its lead: parse once.
    if "讯" not in text[:24] and "电" not in text[:32]:
        return None
    return _parse_dateline(text)


@lru_cache(maxsize=1024)
def _parse_dateline(text: str) -> Dateline | None:
    m = _DATELINE.match(text) or _DIANXUN.match(text)
    if not m:
        return None
    if m.re is _DATELINE and m["src"] != "本报" and not re.search(r"报|网|新闻|台|社|媒|晨|晚|刊", m["src"]):
        return None
    seg = m.groupdict().get("paren") or m.groupdict().get("roles") or ""
    reps = parse_reporters(seg, default_role=None) if seg else []
    return Dateline(m.group(), tuple(reps))


_CREDIT = re.compile(
    rf"^\s*(?P<who>(?:[{_CJK}]{{0,8}}?{_ROLE})?\s*[{_CJK}·]{{1,5}}(?:[\s、]+[{_CJK}·]{{1,5}})*)\s*(?:摄影?|/摄|供图|图)\s*$"
)


def parse_credit(line: str) -> list[Reporter]:
    """Reporters of a photo credit line (``本报记者 X 摄``, ``王五 摄``), else []."""
    m = _CREDIT.match(line)
    if not m:
        return []
    who = m["who"]
    if re.search(_ROLE, who):
        return parse_reporters(who)
    return [Reporter(n, "摄") for n in _names(who) if looks_like_name(n)]


_SENT_END = "。！？!?”"


def split_inline_credit(text: str) -> tuple[str, list[Reporter]]:
    """Split a caption ending with its credit (``…现场。 记者 王五 摄``, ``…现场。（王五 摄）``) into
    (caption, reporters).

    Returns the text unchanged and [] when it has no inline credit.
    """
    stripped = text.rstrip()
    # The credit may be in brackets: …合影留念。（通讯员 王五 摄）
    bracketed = re.search(r"[(（]([^()（）]{2,30})[)）]$", stripped)
    credit_end = bracketed[1] if bracketed else stripped
    if not credit_end.endswith(("摄", "摄影")):
        return text, []
    cut = max(stripped.rfind(c) for c in _SENT_END)
    if cut < 0:
        return text, []
    reps = parse_credit(bracketed[1] if bracketed and bracketed.start() == cut + 1 else stripped[cut + 1 :])
    if not reps:
        return text, []
    return stripped[: cut + 1], reps


_SIG_DOT = re.compile(rf"^\s*[·•]\s*(?P<n>[{_CJK}·\s]{{2,12}}?)\s*[·•]\s*$")
_SIG_PAREN = re.compile(r"^\s*[(（](?P<n>[^()（）]{2,24})[)）]\s*$")
_SIG_BARE = re.compile(rf"^\s*(?P<n>[{_CJK}]{{2,3}})\s*$")
# A sign-off of several names: 周立 吴小梅, 周立、吴小梅 (each with a known surname).
_SIG_NAMES = re.compile(rf"^\s*(?P<n>[{_CJK}]{{2,3}}(?:[\s、]+[{_CJK}]{{2,3}}){{1,4}})\s*$")


def parse_signature(line: str, *, bare: bool = True) -> list[Reporter]:
    """Reporters of a signature line: ``·张三·``, ``(李四)``, ``(某某日报记者 王五)``, and with
    *bare* a pen name alone on its line (``青山``) or a line of names (``周立 吴小梅``). [] when the line
    is no signature."""
    if m := _SIG_DOT.match(line):
        return [Reporter(n, None) for n in _names(m["n"]) if looks_like_name(n)]
    if m := _SIG_PAREN.match(line):
        inner = m["n"]
        if re.search(r"版|续|转|接|完|图|草案|试行", inner):
            return []
        if re.match(rf"\s*{CREDIT_ROLE}\s*[:：]", inner):
            return _credits(inner)
        if re.search(_ROLE, inner) or _NEWSROOM_NAMES.match(inner):
            return parse_reporters(inner)
        return [Reporter(n, None) for n in _names(inner) if looks_like_name(n)][:3]
    if bare and (m := _SIG_BARE.match(line)) and looks_like_name(m["n"]):
        return [Reporter(m["n"], None)]
    if bare and (m := _SIG_NAMES.match(line)):
        names = _names(m["n"])
        if all(looks_like_name(n, strict=True) for n in names):
            return [Reporter(n, None) for n in names]
    return []


def _credits(inner: str) -> list[Reporter]:
    """Reporters of a credit of roles with colons, ``撰稿人：甲 审核人：乙``: names after a reporting
    role get it, names after an editing one none (:func:`.byline_roles.is_reporting_role`).

    >>> [(r.name, r.role) for r in _credits("撰稿人：周文华 审核人：吴建设")]
    [('周文华', '撰稿人'), ('吴建设', None)]
    """
    parts = re.split(rf"({CREDIT_ROLE})\s*[:：]", inner)
    if parts[0].strip():
        return []
    return [
        Reporter(n, role if is_reporting_role(role) else None)
        for role, names in zip(parts[1::2], parts[2::2], strict=True)
        for n in _names(names)
        if looks_like_name(n)
    ]


def split_inline_signature(text: str) -> tuple[str, list[Reporter]]:
    """Split a closing ``(X)`` signature off the end of a paragraph: ``…深入人心。 (赵六)``."""
    if not text.rstrip().endswith((")", "）")):
        return text, []
    m = re.search(rf"(?<=[{_SENT_END}])\s*[(（][^()（）]{{2,24}}[)）]\s*$", text)
    if not m:
        return text, []
    reps = parse_signature(m.group().strip(), bare=False)
    return (text[: m.start()], reps) if reps else (text, [])


# 文/图, 图/文: who wrote and who took the pictures, printed before the role (文/图 记者 张三).
_TEXT_AND_PICTURES = r"(?:文\s*/\s*图|图\s*/\s*文|文图)\s*"
#: A byline line opening with its role (全媒体记者 张三, 文/图 记者 王五, 记者 张三 李四 报道), or with
#: 文/图 alone (文/图 张三: the writer took the pictures too).
ROLE_FIRST = re.compile(rf"{_TEXT_AND_PICTURES}|{_ROLE}")
_BYLINE = re.compile(
    rf"^\s*(?:[□■]\s*(?:本报|特约)?(?:{_ROLE})?|(?:本报|特约){_ROLE}|{_TEXT_AND_PICTURES}(?:{_ROLE})?|{_ROLE})\s*(?P<rest>.*)$"
)


def parse_byline(line: str) -> list[Reporter] | None:
    """Reporters of a feature byline line (``□ 本报记者 张三 李四``, ``□记者 王五``, ``□ 王五``, ``全媒体记者 张三``,
    ``文/图 记者 王五``, ``文/图 王五``, ``记者 张三 李四 报道``), else None: nothing but roles and names on the line."""
    m = _BYLINE.match(line)
    if not m or re.search(r"摄\s*$", line):
        return None
    body = re.sub(rf"^{_TEXT_AND_PICTURES}", "", line.strip().lstrip("□■ "))
    reps = parse_reporters(body)
    if not reps:
        return None
    # Everything on the line must be byline words or names: a sentence is no byline.
    leftover = body
    for r in reps:
        leftover = leftover.replace(r.name, "")
    leftover = re.sub(rf"(?:本报|特约)?{_ROLE}|报道$|[\s、，,：:]", "", leftover)
    if leftover:
        return None
    # Without a role word (□ 张三, 文/图 张三) only names with a known surname make a byline.
    if not re.search(_ROLE, body) and not all(looks_like_name(r.name, strict=True) for r in reps):
        return None
    return reps


_COMMENTATOR = re.compile(
    rf"^\s*[□■]?\s*(?:本报|本刊|特约)*评论员(?:(?:\s*[:：]\s*|\s+)(?P<names>[{_CJK}][{_CJK}、\s]{{1,20}}))?\s*$"
)


def parse_commentator(line: str) -> list[Reporter] | None:
    """Reporters of a commentator's byline (``本报评论员``: none, the paper speaks; ``特约评论员 王五``),
    else None: the line is no commentator byline.

    >>> parse_commentator("本报评论员"), parse_commentator("评论员 王五"), parse_commentator("评论员文章")
    ([], [Reporter(name='王五', role='评论员')], None)
    """
    m = _COMMENTATOR.match(line)
    if not m:
        return None
    names = _names(m["names"] or "")
    if not all(looks_like_name(n, strict=True) for n in names):
        return None
    return [Reporter(n, "评论员") for n in names]


_AUTHOR = re.compile(
    r"作者\s*[:：]\s*(?P<who>.*?)(?=\s*(?:编辑|责编|责任编辑|发布|时间|来源|点击|阅读|审核|$))"
)


def parse_meta_authors(line: str) -> list[Reporter]:
    """Reporters named in a header/footer line's ``作者:`` field (编辑 and sources are not)."""
    m = _AUTHOR.search(line)
    if not m or not m["who"].strip():
        return []
    who = m["who"].strip()
    if re.search(_ROLE, who):
        return parse_reporters(who)
    return [Reporter(n, None) for n in _names(who) if looks_like_name(n, strict=True)]
