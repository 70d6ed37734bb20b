"""Bylines, photo credits and signatures: the journalists of an article (``guanxi_bylines``).

Forms read (the byline word becomes the journalist's title, a bare signature gets none):
``本报讯 记者刘海燕报道``, ``记者陈志远 通讯员宋立军报道``, ``本报记者 韩冬梅 许文博 摄``, ``□ 本报记者 唐国庆``,
``(人民日报记者 邓晓燕)``, ``冯建军 摄``, a signature line ``·曹丽娟·`` / ``(范永刚)`` / ``秋实``.
Role words are the grammar of :mod:`guanxi.extractors.byline_roles` (``融媒体记者：X``, ``(撰稿人：X
审核人：Y)``); a newsroom before names (``(某某记者站XY)``) is no person, and a run of names printed
without separators is split when exactly one reading exists; a last line of names is a sign-off.

Examples
--------
>>> [(b.name, b.role) for b in find_bylines("本报讯 记者钱雯 见习记者孙浩报道：12月1日")]
[('钱雯', '记者'), ('孙浩', '见习记者')]
>>> [(b.name, b.role) for b in find_bylines("发展新局面。\\n\\n·郑岚·\\n")]
[('郑岚', None)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from guanxi.extractors.byline_roles import (
    CREDIT_ROLE,
    NEWSROOM,
    ROLE_PREFIXES,
    common_surname_lengths,
    is_reporting_role,
    split_name_run,
)
from guanxi.extractors.byline_roles import _surnames as _role_surnames
from guanxi.extractors.components.base import Component
from guanxi.extractors.components.names import is_surname_start, load_names, plausible_name
from guanxi.extractors.extensions import doc_text
from spacy.language import Language
from spacy.tokens import Doc

from guanxi.han import HAN

__all__ = ["Byline", "BylinesComponent", "find_bylines"]

_ROLE = re.compile(f"({CREDIT_ROLE})")
_SPACED = re.compile(rf"([{HAN}])[ \u3000]([{HAN}])(?=[ \u3000\n)）]|$)")
_DATELINE_NAME = re.compile(rf"本报讯[ \u3000]*[（(]([{HAN}]{{2,4}})[)）]")
_NAME_RUN = re.compile(rf"[{HAN}·•]{{1,10}}")
# What may follow a byline name: more names, the next byline word, 报道/摄, a bracket, the line end.
_BYLINE_WORDS = "|".join(
    (
        *ROLE_PREFIXES,
        "通讯员",
        "记者",
        "美术编辑",
        "图片编辑",
        "文字编辑",
        "编辑",
        "撰稿",
        "审核",
        "发布",
        "来源",
        "时间",
    )
)
_AFTER_NAME = re.compile(rf"\s|$|报道|摄(?!影|像)|[)）、，,]|{_BYLINE_WORDS}")
_CREDIT = re.compile(rf"(?:^|(?<=[\s。）)!！?？”]))([{HAN}]{{2,4}})[ \u3000]*摄(?=[\s)）]|$)", re.M)
_SIGNATURE = re.compile(
    rf"^[ \u3000]*([·•]?)[ \u3000]*([（(]?)([{HAN}]{{2,4}})([)）]?)[ \u3000]*([·•]?)[ \u3000]*$", re.M
)
# A newsroom printed before its journalists: (某某记者站王五赵六), (某某县融媒体中心 邓某).
_STATION = re.compile(
    rf"[（(][ \u3000]*({NEWSROOM})"
    rf"[ \u3000:：]*([{HAN}][{HAN} 、\u3000]{{1,24}})[)）]"
)
# The last line of a text: two to five names separated by spaces or 、 (a bare sign-off).
_SIGN_OFF = re.compile(
    rf"^[ \u3000]*([{HAN}]{{2,3}}(?:[ \u3000、]+[{HAN}]{{2,3}}){{1,4}})[ \u3000]*\s*\Z", re.M
)
_PAREN_END = re.compile(rf"[（(]([{HAN}]{{2,4}})[)）][ \u3000]*$", re.M)


@dataclass(frozen=True, slots=True)
class Byline:
    """A journalist's name at ``text[start:end]`` with the byline word printed with it (or None)."""

    start: int
    end: int
    name: str
    role: str | None


def _cut_name(run: str) -> str:
    # 刘海燕报道 -> 刘海燕; 周立新摄 -> 周立新; 钱雯见习 (no space) -> 钱雯
    m = re.search(rf"报道|摄(?!影|像)|{_BYLINE_WORDS}", run)
    return run[: m.start()] if m else run


def find_bylines(text: str) -> list[Byline]:
    """Find journalists' names in bylines, photo credits and signatures of *text*.

    Returns
    -------
    list[Byline]
        Sorted by start, one entry per printed occurrence.
    """
    out: dict[int, Byline] = {}
    for m in _ROLE.finditer(text):
        # Editors, checkers and authors are journalists without a title (编辑: 王某 -> None).
        role = m.group(1) if is_reporting_role(m.group(1)) else None
        i = m.end()
        while i < len(text) and text[i] in " \u3000:：":
            i += 1
        # 记者：张书记，… is a turn of an interview, not a byline: after a colon, no comma.
        colon = any(c in ":：" for c in text[m.end() : i])
        while True:
            j = i
            while j < len(text) and text[j] in " \u3000、":
                j += 1
            spaced = _SPACED.match(text, j)
            if spaced and spaced.group(1) + spaced.group(2) and is_surname_start(spaced.group(1)):
                out.setdefault(j, Byline(j, spaced.end(), spaced.group(), role))  # 钱 程
                break
            run = _NAME_RUN.match(text, j)
            if not run:
                break
            name = _cut_name(run.group())
            end = j + len(name)
            if not _AFTER_NAME.match(text, end) or (colon and text[end : end + 1] in ("，", ",")):
                break
            if 2 <= len(name) <= 4 or ("·" in name and len(name) <= 10):
                if not is_surname_start(name):
                    break
                out.setdefault(j, Byline(j, end, name, role))
            elif parts := split_names(name):  # 记者王建平赵海燕
                _add_parts(out, j, parts, role)
            else:
                break
            i = end
            nxt = _ROLE.match(text, i) or (
                _ROLE.match(text, i + 1) if i < len(text) and text[i] in " \u3000" else None
            )
            if nxt:
                break  # the outer loop reads the next byline word and its names
            if not (i < len(text) and text[i] in " \u3000、"):
                break
    for m in _STATION.finditer(text):
        if _ROLE.search(m.group(2)):
            continue  # (某某记者站 记者王某): read by the role words above
        role = "记者" if m.group(1).endswith("记者站") else None
        for tok in re.finditer(rf"[{HAN}]+", m.group(2)):
            name = tok.group()
            if 2 <= len(name) <= 4 and plausible_name(name):
                out.setdefault(
                    m.start(2) + tok.start(),
                    Byline(m.start(2) + tok.start(), m.start(2) + tok.end(), name, role),
                )
            elif parts := split_names(name):
                _add_parts(out, m.start(2) + tok.start(), parts, role)
    if sign_off := _sign_off(text):
        for b in sign_off:
            out.setdefault(b.start, b)
    for m in _DATELINE_NAME.finditer(text):
        if is_surname_start(m.group(1)) and plausible_name(m.group(1)):
            out.setdefault(m.start(1), Byline(m.start(1), m.end(1), m.group(1), None))
    for m in _CREDIT.finditer(text):
        name = m.group(1)
        if name.endswith(("记者", "通讯员")) or not is_surname_start(name):
            continue
        out.setdefault(m.start(1), Byline(m.start(1), m.end(1), name, None))
    for m in _PAREN_END.finditer(text):
        name = m.group(1)
        if is_surname_start(name) and plausible_name(name):
            out.setdefault(m.start(1), Byline(m.start(1), m.end(1), name, None))
    for m in _SIGNATURE.finditer(text):
        dot1, par1, name, par2, dot2 = m.groups()
        wrapped = (dot1 and dot2) or (par1 and par2)
        if not wrapped and len(name) > 3:
            continue
        if not plausible_name(name, pen_name=True):
            continue
        out.setdefault(m.start(3), Byline(m.start(3), m.end(3), name, None))
    return [out[k] for k in sorted(out)]


def split_names(run: str) -> list[str] | None:
    """Split a run of names printed without separators into its names, or None: each after a
    common surname (or a compound one) and plausible as a name, only when one reading exists.

    >>> split_names("王建平赵海燕孙立"), split_names("张文华高明")
    (['王建平', '赵海燕', '孙立'], None)
    """
    return split_name_run(run, common_surname_lengths, plausible_name)


def _add_parts(out: dict[int, Byline], start: int, parts: list[str], role: str | None) -> None:
    for name in parts:
        out.setdefault(start, Byline(start, start + len(name), name, role))
        start += len(name)


def _sign_off(text: str) -> list[Byline]:
    """Names of a bare sign-off line closing the text: several names separated by spaces or 、
    on the last line, after a paragraph that ends a sentence (``…圆满完成。⏎⏎周立 吴小梅``)."""
    m = _SIGN_OFF.search(text)
    if not m or not _after_paragraph(text, m.start()):
        return []
    toks = list(re.finditer(rf"[{HAN}]+", m.group(1)))
    if not all(2 <= len(t.group()) <= 3 and plausible_name(t.group(), weak=True) for t in toks):
        return []
    at = m.start(1)
    return [Byline(at + t.start(), at + t.end(), t.group(), None) for t in toks]


def _after_paragraph(text: str, pos: int) -> bool:
    """True when the last non-blank line before *pos* ends a sentence (a signature, not a headline)."""
    before = text[:pos].rstrip()
    if not before:
        return False
    return before[-1] in "。！？!?”」…）)"


class BylinesComponent(Component):
    """spaCy component ``guanxi_bylines``: journalists into ``doc._.guanxi_bylines`` (reads the text only)."""

    resources = ("surnames.tsv", "title_posts.tsv")

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def load(self) -> None:
        load_names()
        _role_surnames()

    def process(self, doc: Doc) -> Doc:
        doc._.guanxi_bylines = [
            {"start": b.start, "end": b.end, "name": b.name, "role": b.role}
            for b in find_bylines(doc_text(doc))
        ]
        return doc


@Language.factory("guanxi_bylines", assigns=["doc._.guanxi_bylines"], default_config={})
def make_bylines(nlp: Language, name: str) -> BylinesComponent:
    """Factory of ``guanxi_bylines``."""
    return BylinesComponent(nlp, name)
