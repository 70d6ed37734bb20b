"""Weak compound-organization labels for the PKU 1998-01 corpus, from its part-of-speech tags.

The corpus's JSON file (``pku1998_01.jsonl``) was built from a copy of the POS-tagged text whose
bracketed compounds (``[中央/n 人民/n 广播/vn 电台/n]nt``) were flattened, so only one-word ``nt``
tokens carry ORG. People's Daily test sets label such compounds ORG as a whole. One general rule
over the tags recovers most of them (no list of names): inside a maximal run of nominal tokens, a
span that opens with a place, an organization, another proper noun or a level word
(:data:`LEVEL_WORDS`) and closes with a token ending in an organization head of guanxi's own
lexicon (``org_suffixes.tsv``, its trade words left out, and :data:`EXTRA_HEADS`) is one
organization. The inner places and organizations
are then not labelled of their own, as in those test sets.

Deterministic: the same files give the same spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path

from guanxi.extractors.orgs_lexicon import load_org_lexicon

#: Tags of the tokens a compound name is made of (nouns, verbal nouns, proper nouns, places,
#: organizations, abbreviations).
NOMINAL = frozenset({"n", "vn", "nz", "ns", "nt", "j"})
#: Tags that open a compound by themselves (a place, an organization, another proper noun: 新华通讯社's
#: 新华). Chosen on pd98_dev's even half (docs/model-card.md): nz as an opener raised the head's ORG
#: F1 there from 47.7 to 53.1; leaving 国际 out of the level words lowered it.
OPENING_TAGS = frozenset({"ns", "nt", "nz"})
#: Level words that open a body's name as a place would (中央人民广播电台, 国家计委).
LEVEL_WORDS = frozenset({"中央", "国家", "全国", "国际", "中共", "省", "市", "县", "区"})
#: Heads of research and international bodies the local lexicon does not need.
EXTRA_HEADS = ("研究所", "研究院", "科学院", "研究中心", "组织", "联盟", "代表团", "理事会", "国务院")
#: Words ending in a one-character head that are no body (干部 is a cadre, 格局 a pattern).
NOT_HEADS = frozenset(
    "干部 内部 全部 外部 局部 东部 西部 南部 北部 中部 腹部 头部 部部 总部 "
    "格局 大局 布局 结局 时局 当局 全局 政局 棋局 "
    "好处 到处 处处 之处 益处 难处 长处 短处 用处 住处 "
    "学科 本科 专科 内科 外科 "
    "大厅 餐厅 客厅 展厅 "
    "庭院 剧院 影院 戏院 书院 寺院 交界处 面部 部队 常委".split()
)
#: Heads the People's Daily annotation leaves out: a place's government is the place and 政府.
SKIPPED_HEADS = frozenset({"政府", "人民政府"})


@cache
def heads() -> tuple[str, ...]:
    """Organization heads, longest first."""
    lexicon = load_org_lexicon().suffixes.values()
    words = {s.text for s in lexicon if s.kind != "trade" and s.text not in SKIPPED_HEADS} | set(EXTRA_HEADS)
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def is_head(word: str) -> bool:
    """Whether a token closes an organization's name (公司, 北京市公安局's 公安局)."""
    return word not in NOT_HEADS and word not in SKIPPED_HEADS and any(word.endswith(h) for h in heads())


def read_tagged(path: Path) -> Iterator[list[tuple[str, str]]]:
    """The ``(word, tag)`` tokens of each paragraph of a PKU-style file."""
    with path.open(encoding="utf-8") as f:
        yield from read_tagged_lines(f)


def read_tagged_lines(lines: Iterable[str]) -> Iterator[list[tuple[str, str]]]:
    """The ``(word, tag)`` tokens of each line (``word/tag`` separated by spaces; brackets, if any,
    dropped)."""
    for line in lines:
        tokens = []
        for item in line.split():
            word, _, tag = item.lstrip("[").rpartition("/")
            if word:
                tokens.append((word, tag.split("]")[0]))
        yield tokens


def compound_spans(tokens: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the compound organizations of one paragraph."""
    spans: list[tuple[int, int]] = []
    offsets = [0]
    for word, _ in tokens:
        offsets.append(offsets[-1] + len(word))
    i = 0
    while i < len(tokens):
        if tokens[i][1] not in NOMINAL:
            i += 1
            continue
        j = i
        while j < len(tokens) and tokens[j][1] in NOMINAL:
            j += 1
        # the run is tokens[i:j]: from its first opener to its last head, two tokens at least
        opener = next((k for k in range(i, j) if _opens(tokens[k])), None)
        if opener is not None:
            # a place never closes a name (莫斯科 ends in 科 but is no department)
            close = next(
                (k for k in range(j - 1, opener, -1) if tokens[k][1] != "ns" and is_head(tokens[k][0])), None
            )
            if close is not None:
                spans.append((offsets[opener], offsets[close + 1]))
        i = j
    return spans


def _opens(token: tuple[str, str]) -> bool:
    return token[1] in OPENING_TAGS or token[0] in LEVEL_WORDS


def sentence_spans(tagged: Path, sentences: Sequence[str]) -> tuple[list[list[tuple[int, int]]], int]:
    """The compound spans of each of *sentences* (the corpus's sentences, in order, each a piece of
    one paragraph of *tagged*), in the sentence's own offsets, and how many sentences were not
    found in the tagged text (they get none). A compound crossing a sentence's edge is left out."""
    paragraphs = [(("".join(w for w, _ in toks)), compound_spans(toks)) for toks in read_tagged(tagged)]
    out: list[list[tuple[int, int]]] = []
    missing = 0
    p = pos = 0
    for text in sentences:
        found = -1
        # a sentence is in the current paragraph, or a few paragraphs on (the JSON file left a few out)
        for step in range(6):
            if p + step >= len(paragraphs):
                break
            found = paragraphs[p + step][0].find(text, pos if step == 0 else 0)
            if found >= 0:
                p += step
                break
        if not text or found < 0:
            missing += bool(text)
            out.append([])
            continue
        pos = found + len(text)
        out.append(
            [(s - found, e - found) for s, e in paragraphs[p][1] if found <= s and e <= found + len(text)]
        )
    return out, missing
