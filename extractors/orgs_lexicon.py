"""Lexicons for the organization extractor: body suffixes, prefixes, stop and generic words, place names.

Every table is a UTF-8 TSV in ``extractors/resources/org_*.tsv`` (header line, ``#`` comments), read
once with :mod:`importlib.resources`. Place names come from the official division list (:mod:`guanxi.extractors.divisions`, Ministry of
Civil Affairs codes, province to township).
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path

from guanxi.extractors.divisions import load_divisions

from guanxi.errors import GuanxiError

__all__ = [
    "OrgLexicon",
    "Suffix",
    "load_org_lexicon",
    "read_tsv",
]

_RESOURCES = "guanxi.extractors"

# Suffix kinds, see org_suffixes.tsv.
KINDS = frozenset({"bare", "body", "free", "sub", "unit", "trade"})
TYPES = frozenset(
    {
        "party",
        "government",
        "congress",
        "cppcc",
        "court",
        "procuratorate",
        "police",
        "military",
        "school",
        "hospital",
        "company",
        "association",
        "media",
        "other",
        "skip",
    }
)


class LexiconError(GuanxiError):
    """A lexicon file has a malformed line."""


@dataclass(frozen=True, slots=True)
class Suffix:
    """One body suffix: the word, the organization type it gives, and how it forms a name."""

    text: str
    type: str
    kind: str


@dataclass(frozen=True, slots=True)
class OrgLexicon:
    """All tables the extractor needs, loaded once (see :func:`load_org_lexicon`)."""

    suffixes: dict[str, Suffix]
    prefixes: dict[str, str]  # level, national or country prefix -> scope (countries: gazetteer.tsv)
    national: dict[str, tuple[str, str]]  # name -> (type, canonical)
    stopwords: frozenset[str]
    protected: frozenset[str]
    generic: frozenset[str]
    title_words: frozenset[str]
    right_context: dict[str, str]  # suffix ending -> characters that may not follow it
    false_words: frozenset[str]  # words ending in a suffix that name no body (大局, 干部)
    places: dict[str, int]  # official or short division name -> level (1 province .. 4 township)
    max_place: int


def read_tsv(
    name: str, columns: tuple[str, ...], *, root: Traversable | Path | None = None
) -> list[tuple[int, tuple[str, ...]]]:
    """Read ``extractors/resources/<name>`` as (line number, fields) rows.

    Comments and blank lines are skipped; the header and the number of fields are checked.
    *root* reads from another folder (tests).

    Raises
    ------
    LexiconError
        On a missing header or a line with the wrong number of fields, naming file:line.
    """
    base = root if root is not None else importlib.resources.files(_RESOURCES).joinpath("resources")
    text = base.joinpath(name).read_text(encoding="utf-8")
    rows: list[tuple[int, tuple[str, ...]]] = []
    want = "\t".join(columns)
    header_seen = False
    for lineno, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = tuple(f.strip() for f in line.split("\t"))
        if not header_seen:
            if fields != columns:
                raise LexiconError(f"{name}:{lineno}: expected header {want!r}, got {line!r}")
            header_seen = True
            continue
        if len(fields) != len(columns) or not all(fields):
            raise LexiconError(f"{name}:{lineno}: expected {len(columns)} tab-separated fields, got {line!r}")
        rows.append((lineno, fields))
    if not header_seen:
        raise LexiconError(f"{name}:1: empty lexicon, expected header {want!r}")
    return rows


def _words(name: str) -> frozenset[str]:
    return frozenset(fields[0] for _, fields in read_tsv(name, ("word",)))


def _division_names() -> dict[str, int]:
    """Official division names (levels 1-4) and short forms of levels 1-3, mapped to their level.

    Township short forms (朝阳 for 朝阳镇) are common words and are left out.
    """
    index = load_divisions()
    names: dict[str, int] = {}
    for name in index.names():
        if len(name) >= 2:
            names[name] = min(d.level for d in index.lookup(name))
    for short in index.short_names():
        levels = [d.level for d in index.lookup_short(short) if d.level <= 3]
        if levels and len(short) >= 2:
            names.setdefault(short, min(levels))
    return names


@cache
def load_org_lexicon() -> OrgLexicon:
    """Load every table once per process."""
    suffixes: dict[str, Suffix] = {}
    for lineno, (text, typ, kind) in read_tsv("org_suffixes.tsv", ("suffix", "type", "kind")):
        if kind not in KINDS or typ not in TYPES:
            raise LexiconError(f"org_suffixes.tsv:{lineno}: unknown type or kind {typ!r}/{kind!r}")
        suffixes[text] = Suffix(text, typ, kind)
    national: dict[str, tuple[str, str]] = {}
    for lineno, (name, typ, canonical) in read_tsv("org_national.tsv", ("name", "type", "canonical")):
        if typ not in TYPES:
            raise LexiconError(f"org_national.tsv:{lineno}: unknown type {typ!r}")
        national[name] = (typ, canonical)
    prefixes = {p: scope for _, (p, scope) in read_tsv("org_prefixes.tsv", ("prefix", "scope"))}
    # Other countries open the names of their bodies as 国家 opens China's (印度外交部, 美国国会).
    for _, (name, kind) in read_tsv("gazetteer.tsv", ("name", "kind")):
        if kind == "country":
            prefixes.setdefault(name, "country")
    protected = frozenset(f[0] for _, f in read_tsv("org_protected.tsv", ("phrase",)))
    places = _division_names()
    return OrgLexicon(
        suffixes=suffixes,
        prefixes=prefixes,
        national=national,
        stopwords=_words("org_stopwords.tsv"),
        protected=protected,
        generic=_words("org_generic.tsv"),
        title_words=_words("org_title_words.tsv"),
        false_words=_words("org_false_words.tsv"),
        right_context={e: n for _, (e, n) in read_tsv("org_right_context.tsv", ("ending", "not_before"))},
        places=places,
        max_place=max(map(len, places)),
    )
