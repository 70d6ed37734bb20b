"""Bylines, photo credits and signatures: the journalists of an article (``guanxi_bylines``).

Forms read (the byline word becomes the journalist's title, a bare signature gets none):
``本报讯 记者刘海燕报道``, ``记者陈志远 通讯员宋立军报道``, ``本报记者 韩冬梅 许文博 摄``, ``□ 本报记者 唐国庆``,
``(人民日报记者 邓晓燕)``, ``冯建军 摄``, a signature line ``·曹丽娟·`` / ``(范永刚)`` / ``秋实``.

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

from guanxi.extractors.components.names import is_surname_start, plausible_name
from guanxi.extractors.extensions import doc_text, register_extensions
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["Byline", "BylinesComponent", "find_bylines"]

_ROLE = re.compile(
    r"(见习记者|实习记者|特约记者|首席记者|摄影记者|特约通讯员|通讯员|记者|责任编辑|编辑|作者)"
)
# Roles printed before a name that are no title of the journalist's (编辑: 王某 -> []).
_UNTITLED = ("责任编辑", "编辑", "作者")
_SPACED = re.compile(r"([\u3400-\u9fff])[ \u3000]([\u3400-\u9fff])(?=[ \u3000\n)）]|$)")
_DATELINE_NAME = re.compile(r"本报讯[ \u3000]*[（(]([\u3400-\u9fff]{2,4})[)）]")
_NAME_RUN = re.compile(r"[\u3400-\u9fff·•]{1,10}")
# What may follow a byline name: more names, the next byline word, 报道/摄, a bracket, the line end.
_AFTER_NAME = re.compile(
    r"\s|$|报道|摄(?!影|像)|[)）、，,]|见习|实习|特约|首席|摄影|通讯员|记者|编辑|发布|来源|时间"
)
_CREDIT = re.compile(r"(?:^|(?<=[\s。）)!！?？”]))([\u3400-\u9fff]{2,4})[ \u3000]*摄(?=[\s)）]|$)", re.M)
_SIGNATURE = re.compile(
    r"^[ \u3000]*([·•]?)[ \u3000]*([（(]?)([\u3400-\u9fff]{2,4})([)）]?)[ \u3000]*([·•]?)[ \u3000]*$", re.M
)
_PAREN_END = re.compile(r"[（(]([\u3400-\u9fff]{2,4})[)）][ \u3000]*$", re.M)


@dataclass(frozen=True, slots=True)
class Byline:
    """A journalist's name at ``text[start:end]`` with the byline word printed with it (or None)."""

    start: int
    end: int
    name: str
    role: str | None


def _cut_name(run: str) -> str:
    # 刘海燕报道 -> 刘海燕; 周立新摄 -> 周立新; 钱雯见习 (no space) -> 钱雯
    m = re.search(r"报道|摄(?!影|像)|见习|实习|特约|首席|通讯员|记者|编辑|发布|来源|时间", run)
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
        role = None if m.group(1) in _UNTITLED else m.group(1)
        i = m.end()
        if role is None:
            while i < len(text) and text[i] in ":：":
                i += 1
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
            if not (2 <= len(name) <= 4 or ("·" in name and len(name) <= 10)):
                break
            if not is_surname_start(name) or not _AFTER_NAME.match(text, end):
                break
            out.setdefault(j, Byline(j, end, name, role))
            i = end
            nxt = _ROLE.match(text, i) or (
                _ROLE.match(text, i + 1) if i < len(text) and text[i] in " \u3000" else None
            )
            if nxt:
                break  # the outer loop reads the next byline word and its names
            if not (i < len(text) and text[i] in " \u3000、"):
                break
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


def _after_paragraph(text: str, pos: int) -> bool:
    """True when the last non-blank line before *pos* ends a sentence (a signature, not a headline)."""
    before = text[:pos].rstrip()
    if not before:
        return False
    return before[-1] in "。！？!?”」…）)"


class BylinesComponent:
    """spaCy component ``guanxi_bylines``: journalists into ``doc._.guanxi_bylines``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.guanxi_bylines = [
            {"start": b.start, "end": b.end, "name": b.name, "role": b.role}
            for b in find_bylines(doc_text(doc))
        ]
        return doc


@Language.factory("guanxi_bylines", assigns=["doc._.guanxi_bylines"], default_config={})
def make_bylines(nlp: Language, name: str) -> BylinesComponent:
    """Factory of ``guanxi_bylines``."""
    return BylinesComponent(nlp, name)
