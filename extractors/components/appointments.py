"""Appointments, removals and pre-appointment lists (``guanxi_appointments``).

Personnel decisions are read by the grammar of Chinese public administration, never by names:

- a verb before the names: ``(决定)任命/聘任 X为…``, ``选举/补选 X为…``, ``提名/推荐 X为…候选人``,
  ``(决定)免去 X(的)…职务``, ``免去其…职务``, ``接受/同意 X辞去…职务的请求``; a verb followed by
  ``：`` opens a list (``决定任命：\\nX为…；\\nY为…``);
- a verb after the name, the name opening its clause: ``X同志任…``, ``X同志不再担任…职务``,
  ``X(同志)当选(为)…``; ``X任…`` without 同志 only after a 决定 (``宣布…决定：X任县委书记``);
- pre-appointment publicity lists (任前公示): a paragraph opening with a name (``X，男，汉族，1975年3月
  生，…，现任…，拟任…``), ``姓名：X`` field lines, or a table with a header row (姓名 … 拟任职务);
  the particulars become a profile, 拟任/拟提名 a ``proposed`` post, 现任 the person's post.

Actions: ``appointed``, ``removed``, ``resigned``, ``proposed``, ``elected``. The posts are read
by :func:`~guanxi.extractors.components.persons.read_posts` (canonical forms as for any title);
a phrase without a post word gives no appointment. The deciding body is the nearest cue before
(``经X研究决定``, ``X…会议决定/通过``, ``宣布X关于…的决定``), else the headline (``X关于…任免…``), else
a signature line; the date is the cue sentence's, else the lead's, else the signature's, else
the article's.

Examples
--------
>>> apps, _ = find_appointments("经市委研究决定：冯建军同志任市教育局局长，免去其市财政局副局长职务。",
...                             home_city="保定市", date="2024-03-05")
>>> [(a.name, a.action, a.post.canonical, a.decided_by) for a in apps]
[('冯建军', 'appointed', '保定市教育局局长', '保定市委'), ('冯建军', 'removed', '保定市财政局副局长', '保定市委')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from guanxi.extractors.components.base import Component
from guanxi.extractors.components.names import load_names, plausible_name
from guanxi.extractors.components.persons import PostMatch, _place_start, read_posts
from guanxi.extractors.extensions import doc_text, snap
from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = [
    "ACTIONS",
    "AppointmentMatch",
    "AppointmentsComponent",
    "ProfileMatch",
    "find_appointments",
]

#: The actions, in the order docs/careers.md lists them.
ACTIONS = ("appointed", "removed", "resigned", "proposed", "elected")

_CJK = r"\u3400-\u9fff"
# Verbs before the names, and the action each gives.
_VERB_ACTION = {
    "任命": "appointed",
    "聘任": "appointed",
    "选举": "elected",
    "补选": "elected",
    "提名": "proposed",
    "推荐": "proposed",
    "免去": "removed",
    "撤销": "removed",
    "接受": "resigned",
    "同意": "resigned",
}
_CUE = re.compile(
    r"(?P<before>(?:决定|批准)?(?:任命|聘任|选举|补选|提名|推荐|免去|撤销)|接受|同意)"
    r"|(?P<after>同志(?:任|兼任|担任)(?![职务期命免何意])|(?<=[" + _CJK + r"])任(?![职务期命免何意务])"
    r"|(?:同志)?不再担任|(?:同志)?当选为?)"
)
# What follows the names of each verb before them.
_CONNECT = {"appointed": "为", "elected": "为", "proposed": "为", "removed": "的", "resigned": "辞去"}
# Where a post phrase ends.
_TERM = re.compile(r"[，,。；;！!？?\n]")
_TRIM_TAIL = re.compile(r"(?:[（(][^（()）]{0,20}[)）])+$|(?:候选人(?:预备人选)?|人选|的请求|请求|职务|职)$")
_CLAUSE_SEP = set("：:，,。；;\n 、“”\u3000\t")
_LEAD_WORDS = re.compile(r"^(?:经[^，,。：:]{0,20}?研究)?(?:决定|同意|现决定|研究决定)[：:]?")
_NUMBERING = re.compile(r"^[\s\u3000]*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?")

# Deciding bodies: the cue words around them, and the bodies' heads.
_BODY = (
    r"(?P<b>(?:中共)?["
    + _CJK
    + r"]{0,20}?(?:人民代表大会常务委员会|人大常委会|常务委员会|人民代表大会|人民政府|"
    r"[省市县区州旗]委(?:组织部)?|组织部|党委|党工委|党组|政府))"
)
_DECIDER = (
    re.compile(r"宣布(?:了)?" + _BODY + r"(?:关于[^，。：:]{0,30})?的?(?:决定|通知|任免)"),
    re.compile(
        r"(?:经)?" + _BODY + r"(?:第[^，。]{1,15}次)?(?:全体)?(?:常务)?(?:会议)?(?:研究|审议)?(?:决定|通过)"
    ),
    # a session of a congress or its standing committee decides what it is reported to decide
    re.compile(_BODY + r"第[一二三四五六七八九十百\d]{1,4}次(?:全体)?会议"),
)
_HEADLINE_DECIDER = re.compile(_BODY + r"(?:关于)?[^，。]{0,24}?(?:任免|任职|免职|任前公示|公示)")
_TERM_NO = re.compile(r"第?[一二三四五六七八九十百零〇\d]+届")
_LONG_FORMS = (("人民代表大会常务委员会", "人大常委会"),)
_SIGNATURE_DATE = re.compile(r"^\s*((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_SENT = re.compile(r"[^。！？!?\n]+")

# Particulars of a publicity list.
_SEX = re.compile(r"^(?:性别[：:]?)?([男女])$")
_ETHNICITY = re.compile(r"^(?:民族[：:]?)?([" + _CJK + r"]{1,8}族)$")
_YEAR_MONTH = r"((?:19|20)\d\d)\s*[年.．\-/]\s*(\d{1,2})\s*月?"
_BIRTH = re.compile(r"^(?:出生年月[：:]?|出生于)?" + _YEAR_MONTH + r"(?:出?生)?$")
_PARTY = re.compile(r"^(?:入党时间[：:]?)?" + _YEAR_MONTH + r"(?:加入中国共产党|入党)$")
_EDUCATION = re.compile(
    r"^(?:学历[：:]?)?((?:全日制|在职)?(?:研究生|大学本科|大学|本科|大专|专科|中专|高中)(?:班)?)(?:学历)?$"
)
_CURRENT = re.compile(r"^现(?:任|职务|任职务)[：:]?(.+)$")
_PROPOSED = re.compile(r"^拟(?:任|任命为|提名为|推荐为|任职务)[：:]?(.+)$")
_PROFILE_LINE = re.compile(
    r"(?m)^(?P<lead>[\s\u3000]*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?)(?P<name>["
    + _CJK
    + r"·]{2,12}?)[，,]"
)
_FIELD_KEYS = {
    "姓名": "name",
    "性别": "sex",
    "民族": "ethnicity",
    "出生年月": "birth",
    "出生日期": "birth",
    "学历": "education",
    "文化程度": "education",
    "入党时间": "party",
    "入党年月": "party",
    "现任职务": "current",
    "现职务": "current",
    "现任": "current",
    "拟任职务": "proposed",
    "拟任": "proposed",
}
_FIELD = re.compile(
    r"(?P<key>" + "|".join(sorted(_FIELD_KEYS, key=len, reverse=True)) + r")\s*[：:]\s*(?P<value>[^\n：:]*?)"
    r"(?=\s+(?:" + "|".join(sorted(_FIELD_KEYS, key=len, reverse=True)) + r")\s*[：:]|\s*\n|\s*$)"
)


@dataclass(frozen=True, slots=True)
class AppointmentMatch:
    """One personnel decision: the name at ``text[name_start:name_end]``, the post read, the
    statement at ``text[start:end]``."""

    name: str
    name_start: int
    name_end: int
    action: str
    post: PostMatch
    start: int
    end: int
    decided_by: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class ProfileMatch:
    """A person's particulars in a publicity list; ``current`` are the posts printed after 现任."""

    name: str
    name_start: int
    name_end: int
    start: int
    end: int
    sex: str | None = None
    ethnicity: str | None = None
    birth: str | None = None
    education: str | None = None
    party_entry: str | None = None
    current: tuple[PostMatch, ...] = ()


def _is_name(name: str, known: set[str]) -> bool:
    return name in known or plausible_name(name)


def _name_at(text: str, pos: int, followers: tuple[str, ...], known: set[str]) -> int | None:
    """End of a name starting at *pos* and followed by one of *followers* (or 、/同志)."""
    follow = (*followers, "、", "同志")
    for length in (3, 2, 4, *range(5, 13)):
        end = pos + length
        cand = text[pos:end]
        if len(cand) != length or not re.fullmatch(f"[{_CJK}·]+", cand):
            break
        if length > 4 and "·" not in cand:
            continue
        if text.startswith(follow, end) and _is_name(cand, known):
            return end
    return None


def _names_at(
    text: str, pos: int, followers: tuple[str, ...], known: set[str]
) -> tuple[list[tuple[int, int]], int]:
    """Names of a list starting at *pos* (X、Y同志), and the position after the list."""
    names: list[tuple[int, int]] = []
    while True:
        end = _name_at(text, pos, followers, known)
        if end is None:
            break
        names.append((pos, end))
        pos = end
        if text.startswith("同志", pos):
            pos += 2
        if text.startswith("、", pos) and _name_at(text, pos + 1, followers, known) is not None:
            pos += 1
            continue
        break
    return names, pos


def _subject_before(text: str, pos: int, known: set[str]) -> list[tuple[int, int]]:
    """The names that open the clause ending at *pos* (冯建军同志|任, 冯建军、曹丽娟|当选)."""
    out: list[tuple[int, int]] = []
    end = pos
    while True:
        s = end
        while s > 0 and text[s - 1] not in _CLAUSE_SEP and end - s < 12:
            s -= 1
        lead = _LEAD_WORDS.match(text, s, end)
        if lead:
            s = lead.end()
        name = text[s:end]
        if not _is_name(name, known):
            return []
        out.insert(0, (s, end))
        if s > 0 and text[s - 1] == "、":
            end = s - 1
            continue
        if s > 0 and text[s - 1] not in _CLAUSE_SEP and not lead:
            return []
        return out


def _post_end(text: str, pos: int, action: str) -> int:
    """End of the post phrase starting at *pos* (before 职务 for a removal or a resignation)."""
    m = _TERM.search(text, pos)
    end = m.start() if m else len(text)
    if action in ("removed", "resigned"):
        k = text.find("职务", pos, end)
        if k >= 0:
            return k
    return end


def _trim(text: str, s: int, e: int) -> int:
    while e > s:
        m = _TRIM_TAIL.search(text, s, e)
        if not m or m.start() == s:
            break
        e = m.start()
    return e


def _sentence_of(text: str, pos: int) -> tuple[int, int]:
    s = max(text.rfind(c, 0, pos) for c in "。！？!?\n") + 1
    m = re.search(r"[。！？!?\n]", text[pos:])
    return s, pos + m.start() if m else len(text)


class _Context:
    """Deciding bodies and dates of an article: cues before a statement, the headline, the signature."""

    def __init__(
        self, text: str, title: str | None, date: str | None, home_city: str | None, home_province: str | None
    ) -> None:
        from guanxi.extractors.dates import lead_date, parse_dates

        self.text = text
        self.home_city = home_city
        self.home_province = home_province
        # Bodies named with their place in the headline or the first line: a bare 市委 in the
        # notice is that body (中共某县级市委关于… then 经市委研究决定), not the paper's city's.
        self.named = [
            m.group("b")
            for m in _HEADLINE_DECIDER.finditer((title or "") + "\n" + text[: text.find("\n") + 1])
        ]
        year = int(date[:4]) if date and date[:4].isdigit() else None
        self._parse = lambda s: next(
            (m.iso for m in parse_dates(s, year=year) if m.kind == "date" and m.iso), None
        )
        self.cues: list[tuple[int, str, str | None]] = []  # (end, body, date of its sentence)
        for pattern in _DECIDER:
            for m in pattern.finditer(text):
                body = self._body(m.group("b"))
                if body:
                    s, e = _sentence_of(text, m.start())
                    self.cues.append((m.end(), body, self._parse(text[s:e])))
        self.cues.sort()
        head = _HEADLINE_DECIDER.search(title or "") or _HEADLINE_DECIDER.search(
            text[: text.find("\n") + 1 or 60]
        )
        self.headline = self._body(head.group("b")) if head else None
        self.signature, self.signature_date = self._signature()
        first = next((p for p in text.split("\n") if p.strip()), "")
        lead = lead_date(first, year=year)
        self.lead_date = lead.iso if lead else None
        self.date = date if date and not date.startswith("--") else None

    def _body(self, raw: str, *, nested: bool = False) -> str | None:
        # The body starts where a party word, a level character or a division name does.
        starts = [
            i
            for i in range(len(raw))
            if raw.startswith("中共", i) or raw[i] in "省市县区州旗" or _place_start(raw[i:])
        ]
        if not starts:
            return None
        body = _TERM_NO.sub("", raw[starts[0] :])
        for long, short in _LONG_FORMS:
            body = body.replace(long, short)
        if body.startswith("中共") and len(body) > 3:
            body = body[2:]
        if body[0] in "省市县区州旗":
            named = next(
                (n for n in self.named if n != body and n.endswith(body) and not n.startswith(body)), None
            )
            # Once only: a place the division data does not know (青禾县人民政府) reads back to the
            # same bare body, and would again and again.
            if named and not nested:
                return self._body(named, nested=True)
        if self.home_city and body.startswith("市") and not body.startswith("市场"):
            body = self.home_city + body[1:]
        elif self.home_province and body.startswith("省"):
            body = self.home_province + body[1:]
        return body if len(body) >= 2 else None

    def _signature(self) -> tuple[str | None, str | None]:
        lines = [ln.strip() for ln in self.text.split("\n") if ln.strip()]
        date = body = None
        for ln in lines[-3:]:
            m = _SIGNATURE_DATE.match(ln)
            if m:
                date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            elif len(ln) <= 30 and re.fullmatch(_BODY, ln):
                body = self._body(ln)
        return body, date

    def decision(self, pos: int) -> tuple[str | None, str | None]:
        """The deciding body and the date of a statement at *pos*."""
        body = cue_date = None
        for end, b, d in self.cues:
            if end > pos:
                break
            body, cue_date = b, d
        body = body or self.headline or self.signature
        return body, cue_date or self.lead_date or self.signature_date or self.date


def _ym(y: str, m: str) -> str:
    return f"{int(y):04d}-{int(m):02d}"


def _profiles(
    text: str, known: set[str], home_city: str | None
) -> list[tuple[ProfileMatch, list[PostMatch]]]:
    """The publicity-list records of *text*: particulars and proposed posts (拟任) of each person."""
    out: list[tuple[ProfileMatch, list[PostMatch]]] = []
    # 1. A paragraph opening with a name and holding a 拟… item.
    for m in _PROFILE_LINE.finditer(text):
        name = m.group("name")
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        if not re.search(r"拟(?:任|提名|推荐)", text[m.end() : end]) or not _is_name(name, known):
            continue
        fields: dict[str, Any] = {}
        proposed: list[PostMatch] = []
        for item in re.finditer(r"[^，,；;。]+", text[m.end() : end]):
            _read_item(text, m.end() + item.start(), m.end() + item.end(), fields, proposed, home_city)
        out.append((_profile(name, m.start("name"), m.end("name"), m.start("name"), end, fields), proposed))
    # 2. 姓名：X field lines (or fields run together on one line), up to the next 姓名.
    names = [m for m in _FIELD.finditer(text) if _FIELD_KEYS[m.group("key")] == "name"]
    for k, m in enumerate(names):
        name = m.group("value").strip()
        if not _is_name(name, known):
            continue
        stop = names[k + 1].start() if k + 1 < len(names) else len(text)
        fields, proposed = {}, []
        for f in _FIELD.finditer(text, m.end(), stop):
            key = _FIELD_KEYS[f.group("key")]
            s, e = f.start("value"), f.end("value")
            _read_field(text, key, s, e, fields, proposed, home_city)
        if proposed or fields:
            out.append(
                (
                    _profile(name, m.start("value"), m.start("value") + len(name), m.start(), stop, fields),
                    proposed,
                )
            )
    # 3. A table: a header row naming 姓名 and 拟任, rows of as many cells.
    lines = [(mm.start(), mm.group()) for mm in re.finditer(r"[^\n]+", text)]
    for i, (_pos, line) in enumerate(lines):
        header = line.split()
        if "姓名" not in header or not any(h.startswith("拟任") for h in header):
            continue
        keys = [next((v for k, v in _FIELD_KEYS.items() if h.startswith(k)), None) for h in header]
        for pos, row in lines[i + 1 :]:
            cells = _cells(row, pos)
            if len(cells) != len(header):
                break
            fields, proposed = {}, []
            name_cell = None
            for key, (s, e) in zip(keys, cells, strict=True):
                if key == "name":
                    name_cell = (s, e)
                elif key:
                    _read_field(text, key, s, e, fields, proposed, home_city)
            if name_cell and _is_name(text[name_cell[0] : name_cell[1]], known):
                s, e = name_cell
                out.append((_profile(text[s:e], s, e, pos, pos + len(row), fields), proposed))
    return out


def _cells(row: str, pos: int) -> list[tuple[int, int]]:
    """The cells of a table row (split at spaces, tabs or |), offsets into the text. Text
    normalization glues a one-character cell to the next (女 彝族 -> 女彝族): split it again."""
    out: list[tuple[int, int]] = []
    for c in re.finditer(r"[^\s|｜]+", row):
        glued = re.fullmatch(r"([男女])([" + _CJK + r"]{1,8}族)", c.group())
        if glued:
            out += [(pos + c.start(), pos + c.start() + 1), (pos + c.start() + 1, pos + c.end())]
        else:
            out.append((pos + c.start(), pos + c.end()))
    return out


def _read_item(
    text: str, s: int, e: int, fields: dict[str, Any], proposed: list[PostMatch], home_city: str | None
) -> None:
    item = text[s:e].strip()
    s += len(text[s:e]) - len(text[s:e].lstrip())
    for key, pattern in (("sex", _SEX), ("ethnicity", _ETHNICITY), ("education", _EDUCATION)):
        m = pattern.match(item)
        if m:
            fields.setdefault(key, m.group(1))
            return
    m = _BIRTH.match(item)
    if m:
        fields.setdefault("birth", _ym(m.group(1), m.group(2)))
        return
    m = _PARTY.match(item)
    if m:
        fields.setdefault("party", _ym(m.group(1), m.group(2)))
        return
    for key, pattern in (("current", _CURRENT), ("proposed", _PROPOSED)):
        m = pattern.match(item)
        if m:
            _read_field(text, key, s + m.start(1), s + len(item), fields, proposed, home_city)
            return


def _read_field(
    text: str,
    key: str,
    s: int,
    e: int,
    fields: dict[str, Any],
    proposed: list[PostMatch],
    home_city: str | None,
) -> None:
    value = text[s:e].strip()
    if key in ("current", "proposed"):
        posts = read_posts(text, s, _trim(text, s, e), home_city)
        if key == "current":
            fields.setdefault("current", []).extend(posts)
        else:
            proposed.extend(posts)
    elif key in ("birth", "party"):
        m = re.match(_YEAR_MONTH, value)
        if m:
            fields.setdefault(key, _ym(m.group(1), m.group(2)))
    elif key == "education":
        m = _EDUCATION.match(value)
        fields.setdefault(key, m.group(1) if m else value)
    elif value:
        fields.setdefault(key, value)


def _profile(name: str, ns: int, ne: int, start: int, end: int, fields: dict[str, Any]) -> ProfileMatch:
    return ProfileMatch(
        name,
        ns,
        ne,
        start,
        end,
        fields.get("sex"),
        fields.get("ethnicity"),
        fields.get("birth"),
        fields.get("education"),
        fields.get("party"),
        tuple(fields.get("current", ())),
    )


def find_appointments(
    text: str,
    *,
    known: Iterable[str] = (),
    home_city: str | None = None,
    home_province: str | None = None,
    title: str | None = None,
    date: str | None = None,
) -> tuple[list[AppointmentMatch], list[ProfileMatch]]:
    """Find the personnel decisions and publicity-list particulars of an article.

    Parameters
    ----------
    text:
        The article's text.
    known:
        Names read elsewhere (persons of the article and the page): such a name is accepted as is.
    home_city, home_province:
        The paper's city and province, for canonical posts and bodies (市教育局 -> <city>教育局, 省委).
    title, date:
        The article's headline (a deciding body in it) and ISO date (the fallback date).

    Returns
    -------
    (appointments, profiles)
        Appointments in text order (one per person and post); profiles of listed persons.
    """
    known_set = set(known)

    @cache
    def context() -> _Context:  # built at the first decision: most articles have none
        return _Context(text, title, date, home_city, home_province)

    found: list[AppointmentMatch] = []
    last_subject: tuple[int, int] | None = None  # for 免去其…职务

    def add(names: Sequence[tuple[int, int]], action: str, cue: int, ps: int, pe: int, end: int) -> None:
        nonlocal last_subject
        posts = read_posts(text, ps, _trim(text, ps, pe), home_city)
        if not posts or not names:
            return
        body, when = context().decision(cue)
        for s, e in names:
            for p in posts:
                found.append(AppointmentMatch(text[s:e], s, e, action, p, min(s, cue), end, body, when))
        last_subject = names[-1]

    for m in _CUE.finditer(text):
        cue = m.group()
        if m.group("before"):
            verb = cue[-2:]
            action = _VERB_ACTION[verb]
            pos = m.end()
            while pos < len(text) and text[pos] in "：: \u3000\n":
                pos += 1
            if action == "removed" and text.startswith("其", pos):
                s0, _ = _sentence_of(text, m.start())
                if last_subject and last_subject[0] >= s0:
                    pe = _post_end(text, pos + 1, action)
                    add(
                        [last_subject],
                        action,
                        m.start(),
                        pos + 1,
                        pe,
                        pe + 2 if text.startswith("职务", pe) else pe,
                    )
                continue
            connector = _CONNECT[action]
            followers = (
                connector,
                *(("市", "县", "区", "省", "州", "旗", "镇", "乡") if action == "removed" else ()),
            )
            while True:
                names, after = _names_at(text, pos, followers, known_set)
                if not names:
                    break
                if text.startswith(connector, after):
                    after += len(connector)
                elif action != "removed":
                    break
                pe = _post_end(text, after, action)
                tail = pe + 2 if text.startswith("职务", pe) else pe
                if (
                    action == "proposed"
                    and verb == "推荐"
                    and not re.search(r"(?:候选人|人选)$", text[after:pe])
                ):
                    break
                add(names, action, m.start(), after, pe, tail)
                # A list goes on: 、Y为… / ；\nY的…职务
                nxt = tail
                while nxt < len(text) and text[nxt] in "的请求":
                    nxt += 1
                if nxt < len(text) and text[nxt] in "、，,；;\n":
                    pos = nxt + 1
                    while pos < len(text) and text[pos] in " \u3000\n":
                        pos += 1
                    continue
                break
            continue
        # A verb after the names: the names open the clause.
        names = _subject_before(text, m.start(), known_set)
        if not names:
            continue
        if "不再担任" in cue:
            action = "removed"
        elif "当选" in cue:
            action = "elected"
        else:
            action = "appointed"
            if not cue.startswith("同志"):
                s0 = max(text.rfind("\n", 0, names[0][0]), names[0][0] - 80)
                if "决定" not in text[s0 : names[0][0]]:
                    continue  # 王某任组长 in a report: only a decision appoints
        pe = _post_end(text, m.end(), action)
        tail = pe + 2 if text.startswith("职务", pe) else pe
        add(names, action, names[0][0], m.end(), pe, tail)
    profiles = []
    for prof, proposed in _profiles(text, known_set, home_city):
        profiles.append(prof)
        body, when = context().decision(prof.start)
        for p in proposed:
            found.append(
                AppointmentMatch(
                    prof.name, prof.name_start, prof.name_end, "proposed", p, prof.start, prof.end, body, when
                )
            )
    seen: set[tuple[str, str, str | None, int]] = set()
    out: list[AppointmentMatch] = []
    for a in sorted(found, key=lambda a: (a.start, a.post.start)):
        key = (a.name, a.action, a.post.canonical, a.post.start)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out, profiles


def appointment_record(a: AppointmentMatch) -> dict[str, Any]:
    """The plain (msgpack-safe) record of an appointment in ``doc._.guanxi_appointments``."""
    return {
        "name": a.name,
        "name_start": a.name_start,
        "name_end": a.name_end,
        "action": a.action,
        "title": a.post.title,
        "canonical": a.post.canonical,
        "organization": a.post.organization,
        "date": a.date,
        "decided_by": a.decided_by,
        "start": a.start,
        "end": a.end,
    }


def _post_record(p: PostMatch, *, former: bool = False) -> dict[str, Any]:
    return {
        "title": p.title,
        "start": p.start,
        "end": p.end,
        "kind": p.kind,
        "canonical": p.canonical,
        "organization": p.organization,
        "former": former or p.former,
    }


class AppointmentsComponent(Component):
    """spaCy component ``guanxi_appointments``: personnel decisions into ``doc._.guanxi_appointments``
    and publicity-list particulars into ``doc._.guanxi_profiles``.

    Reads ``doc._.guanxi_persons`` (names already read are accepted as they are), the caller's home,
    article metadata and page names. Every person it names is a person with the post of the
    decision (a removed or resigned post as a former one): it adds a record to
    ``doc._.guanxi_persons`` (evidence ``"appointment"``), or the posts to the record already read
    at that place, and a PERSON span to ``doc.spans[spans_key]``.
    """

    resources = ("surnames.tsv", "title_posts.tsv")

    def __init__(self, nlp: Language, name: str, *, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key

    def load(self) -> None:
        load_names()

    def process(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        records = [dict(r) for r in doc._.guanxi_persons or []]
        meta = doc._.guanxi_article or {}
        province, _, city = (doc._.guanxi_home or "").rpartition("/")
        known = {r["name"] for r in records} | set(doc._.guanxi_page_names or ())
        apps, profiles = find_appointments(
            text,
            known=known,
            home_city=city or None,
            home_province=province or None,
            title=meta.get("title"),
            date=meta.get("date") or doc._.guanxi_page_date,
        )
        doc._.guanxi_appointments = [appointment_record(a) for a in apps]
        doc._.guanxi_profiles = [_profile_record(p) for p in profiles]
        if not apps and not profiles:
            return doc
        added: dict[tuple[int, int], dict[str, Any]] = {}
        by_place = {(r["start"], r["end"]): r for r in records}
        mentions = [
            (
                a.name,
                a.name_start,
                a.name_end,
                [_post_record(a.post, former=a.action in ("removed", "resigned"))],
            )
            for a in apps
        ]
        mentions += [
            (p.name, p.name_start, p.name_end, [_post_record(c) for c in p.current]) for p in profiles
        ]
        persons: list[Span] = list(doc.spans.get(self.spans_key, []))
        for name, s, e, posts in mentions:
            rec = by_place.get((s, e)) or added.get((s, e))
            if rec is None:
                rec = {
                    "start": s,
                    "end": e,
                    "name": name,
                    "kind": None,
                    "evidence": "appointment",
                    "posts": [],
                }
                added[(s, e)] = rec
                span = snap(doc, s, e, "PERSON")
                if span is not None:
                    persons.append(span)
            have = {p["title"] for p in rec["posts"]}
            rec["posts"] = [*rec["posts"], *(p for p in posts if p["title"] not in have)]
        doc._.guanxi_persons = sorted([*records, *added.values()], key=lambda r: r["start"])
        doc.spans[self.spans_key] = sorted(persons, key=lambda sp: sp.start)
        return doc


def _profile_record(p: ProfileMatch) -> dict[str, Any]:
    return {
        "name": p.name,
        "start": p.start,
        "end": p.end,
        "sex": p.sex,
        "ethnicity": p.ethnicity,
        "birth": p.birth,
        "education": p.education,
        "party_entry": p.party_entry,
    }


@Language.factory(
    "guanxi_appointments",
    assigns=["doc.spans", "doc._.guanxi_appointments", "doc._.guanxi_profiles", "doc._.guanxi_persons"],
    requires=["doc.spans", "doc._.guanxi_persons"],
    default_config={"spans_key": "guanxi_persons"},
)
def make_appointments(nlp: Language, name: str, spans_key: str) -> AppointmentsComponent:
    """Factory of ``guanxi_appointments``."""
    return AppointmentsComponent(nlp, name, spans_key=spans_key)
