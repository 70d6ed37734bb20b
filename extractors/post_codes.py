"""Coded posts: a canonical post read as (jurisdiction, body type, position class, principal or deputy).

A canonical post (长治市委组织部部长, 沁县沁州黄镇党委书记, 潞州区人大常委会副主任) is read with the
grammar of Chinese public administration, left to right and right to left:

1. the *post word* at its end (``resources/title_posts.tsv``, longest first: 副主任委员 before 主任);
   a post word that carries its body (党委书记, 纪委书记, 组织部长, 村委主任) gives that body back;
2. the *jurisdiction* at its start: official division names (full or short form) resolved through
   :mod:`guanxi.extractors.divisions`, each inside the one before it (长治市潞州区), else a bare level
   character (市委 -> the home city, 县委 -> a county whose code is unknown), then a village or
   community (东和村党支部) or a development zone (高新区党工委);
3. the *body* left between the two, classified by its head words (组织部 -> party department,
   人大常委会 -> congress, 公司 -> company...) into :data:`BODY_TYPES`;
4. a cadre *rank* (正厅, 副处...) derived only for the posts whose rank the jurisdiction's level fixes
   (see ``docs/careers.md``, "Coded posts: rules and limits").

Nothing is guessed: a part the text does not make certain stays unknown (``None`` or ``"unknown"``).
No name of a person is used anywhere.

Examples
--------
>>> from guanxi.model import Home, Post
>>> c = code_post(Post("市委书记", "市委书记"), Home("山西省", "长治市"))
>>> (c.division_code, c.level, c.body_type, c.position_class, c.principal, c.rank)
('140400', 'prefecture', 'party_committee', 'secretary', True, '正厅')
>>> c = code_post(Post("县人大常委会副主任", "县人大常委会副主任"), Home("河北省", "保定市"))
>>> (c.division_code, c.level, c.body_type, c.position_class, c.principal, c.rank)
(None, 'county', 'congress', 'deputy_head', False, '副处')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from guanxi.extractors.divisions import Division, DivisionIndex, load_divisions
from guanxi.extractors.tsv import load_tsv

from guanxi.han import HAN
from guanxi.model import Home, Post

__all__ = [
    "BODY_TYPES",
    "LEVELS",
    "POSITION_CLASSES",
    "PostCode",
    "code_post",
]

#: Jurisdiction levels: the four official ones, plus the state, villages and communities (not in the
#: official list), and development zones (开发区, 高新区: functional areas, no division).
LEVELS: tuple[str, ...] = ("national", "province", "prefecture", "county", "township", "village", "zone")

#: Body types; ``other`` is a body read but of none of these types, ``unknown`` no body read.
BODY_TYPES: tuple[str, ...] = (
    "party_committee",
    "discipline_commission",
    "party_department",
    "government",
    "government_department",
    "congress",
    "cppcc",
    "court",
    "procuratorate",
    "public_security",
    "mass_organization",
    "company",
    "school",
    "hospital",
    "village_committee",
    "military",
    "other",
    "unknown",
)

# Post word (bare, after its body is split off) -> (position class, principal).
# principal: True for the 正 form of a post that has a 副 form, False for the 副 form, None otherwise.
_GOV_HEADS = "省长 市长 县长 区长 镇长 乡长 州长 旗长 盟长 总理"
_HEADS = (
    f"{_GOV_HEADS} 部长 局长 厅长 司长 署长 处长 科长 股长 所长 主任 院长 庭长 检察长 校长 馆长 站长 社长 台长 "
    "队长 支队长 大队长 中队长 组长 总经理 经理 行长 总裁 总编辑 主编 司令员 军长 师长 旅长 团长 营长 连长 "
    "大使 总领事"
)
_POSITION_TABLE: tuple[tuple[str, str, bool | None], ...] = (
    ("书记 总书记", "secretary", True),
    ("第一书记", "first_secretary", None),
    ("副书记", "deputy_secretary", False),
    ("常委 常务委员", "standing_committee_member", None),
    ("委员 成员 董事 监事", "member", None),
    ("候补委员", "alternate_member", None),
    (_HEADS, "head", True),
    (" ".join("副" + w for w in _HEADS.split() if w not in ("总书记", "大使")), "deputy_head", False),
    ("主席 董事长 理事长 会长 主任委员 主委 委员长 监事长", "chair", True),
    ("副主席 副董事长 副理事长 副会长 副主任委员 副主委 副委员长", "vice_chair", False),
    ("名誉会长 名誉主席", "honorary_chair", None),
    ("秘书长", "secretary_general", True),
    ("副秘书长", "deputy_secretary_general", False),
    ("政委 政治委员", "political_commissar", True),
    ("副政委", "deputy_political_commissar", False),
    ("巡视员 副巡视员 调研员 主任科员 督学 专员 特派员", "non_leading", None),
    ("代表", "delegate", None),
    (
        "民警 辅警 警长 审判长 审判员 法官 高级法官 检察官 网格员 社区工作者 专职社区工作者 会计 教导员 指导员",
        "staff",
        None,
    ),
    ("参谋长 总监 总工程师 负责人 主管 创始人 合伙人 领事 参赞", "other", None),
)
_POSITIONS: dict[str, tuple[str, bool | None]] = {
    w: (cls, principal) for words, cls, principal in _POSITION_TABLE for w in words.split()
}

#: Position classes, in the order of the documentation table.
POSITION_CLASSES: tuple[str, ...] = (
    *dict.fromkeys(c for c, _p in _POSITIONS.values()),
    "party_group_secretary",
    "party_group_deputy_secretary",
    "party_group_member",
    "unknown",
)

# Heads of a people's government, the level character before 长 (常务副县长, 代市长; 总理: the state).
_GOV_HEAD_WORDS = frozenset(q + h for h in _GOV_HEADS.split() for q in ("", "副", "常务副", "代"))

# Qualifiers printed before a post word: 常务副市长, 代市长, 专职副书记.
_QUALIFIERS = {"常务": "executive", "代": "acting", "专职": "full_time"}
_QUALIFIED = re.compile(r"^(常务|专职|代)(?=副|[省市县区镇乡州旗盟]长$)")

# Post words that carry (the end of) their body: 党委书记 = 党委 + 书记, 村支书 = 村党支部 + 书记.
_BODY_IN_WORD: dict[str, tuple[str, str]] = {
    "村支书": ("村党支部", "书记"),
    "支书": ("党支部", "书记"),
    "组织部长": ("组织部", "部长"),
    "宣传部长": ("宣传部", "部长"),
    "统战部长": ("统战部", "部长"),
    "村委主任": ("村委", "主任"),
    "村委副主任": ("村委", "副主任"),
    "政协委员": ("政协", "委员"),
    "人大代表": ("人大", "代表"),
    "人民代表大会代表": ("人民代表大会", "代表"),
    "党代表": ("党代会", "代表"),
}
_BODY_HEAD_WORD = re.compile(r"^(党组|党委|党工委|工委|党支部|党总支|支部|纪委)(.+)$")

# --- jurisdiction -------------------------------------------------------------------------------
_PARTY_PREFIX = re.compile(r"^(?:中国共产党|中共)(?!中央)")
# Central bodies -> what stands for them in the body grammar (中央组织部 reads like 市委组织部).
_NATIONAL = re.compile(r"^(中共中央|中央|国务院|全国人大|全国人民代表大会|全国政协|国家)")
_NATIONAL_BODY = {
    "中共中央": "委",
    "中央": "委",
    "国务院": "政府",
    "全国人大": "人大",
    "全国人民代表大会": "人大",
    "全国政协": "政协",
    "国家": "国家",
}
# A bare level character opening a body (市委, 县政府, 镇党委), not a word that starts with it.
_NOT_LEVEL = ("市场", "市民", "市级", "县级", "区级", "省级", "区域", "县域", "乡村", "村镇", "镇级", "州级")
_BARE_LEVEL: tuple[tuple[str, str], ...] = (
    ("自治区", "province"),
    ("街道", "township"),
    ("苏木", "township"),
    ("省", "province"),
    ("市", "prefecture"),  # without a home: a prefecture or a county-level city (see _jurisdiction)
    ("州", "prefecture"),
    ("盟", "prefecture"),
    ("县", "county"),
    ("区", "county"),
    ("旗", "county"),
    ("镇", "township"),
    ("乡", "township"),
)
# What may follow a division's *short form* (长治军分区, 长治高新区): a body or a level, so 平安银行
# is no 平安区.
_AFTER_SHORT = re.compile(r"^(?:$|[委党人政市县区镇乡军法检公中高纪团]|经济|开发)")
# A township the official list does not hold under the county printed before it (某县某某镇党委).
_TOWNSHIP = re.compile(rf"^[{HAN}]{{1,6}}?(?:镇|乡|街道|苏木)(?=党|人大|人民政府|政府|纪委|委|办事处|$)")
_VILLAGE_BODY = ("村委", "村民委员会", "居委", "居民委员会", "村监委", "村务监督委员会")
# Villages and communities, named or bare, when a village body follows (东和村党支部, 村委会).
_VILLAGE = re.compile(
    rf"^[{HAN}]{{0,8}}?(?:村|社区)(?=党|支部|总支|两委|村委|村民委员会|村监委|村务监督|居委|居民委员会|委|经济合作社|股份经济合作社|$)"
)
_ZONE = re.compile(
    rf"^[{HAN}]{{0,12}}?(?:开发区|高新区|经开区|新区|园区|示范区|综改区|保税区|试验区)"
    r"(?=党工委|工委|党委|管委会|管理委员会|$)"
)

# Organizations printed before the jurisdiction whose committee they are: 团市委, 共青团长治市委,
# 民盟长治市委 (the democratic parties).
_DEMOCRATIC_PARTY = r"^(?:民革|民盟|民建|民进|农工党|致公党|九三学社|台盟)"
_LEAD_ORG = re.compile(
    rf"^(?:(?:共青团|团)(?=[省市县区州]委|.{{2,8}}?[省市县区州]委)|{_DEMOCRATIC_PARTY[1:]})"
)
# Vertically managed bureaus named with their national head office (国家税务总局某市税务局).
_VERTICAL = re.compile(r"^国家税务总局(?=.)")

# --- body types ---------------------------------------------------------------------------------
# Ordered: the first rule whose head words the body holds gives its type.
_BODY_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (t, re.compile(p))
    for t, p in (
        ("party_department", r"党校"),
        ("school", r"大学|学院|学校|中学|小学|幼儿园|[一二三四五六七八九十]中$|职中|技校"),
        ("hospital", r"医院|卫生院|保健院|卫生服务中心|卫生服务站"),
        ("company", r"公司|集团|银行|信用社|农商行|企业|[厂矿]$|股份|合作社"),
        ("military", r"军分区|警备区|武装部|人武部|武警|部队|军区|解放军|军委"),
        ("court", r"法院|法庭"),
        ("procuratorate", r"检察"),
        ("public_security", r"公安|派出所|交警|交巡警|刑警|巡警|看守所"),
        ("village_committee", r"村委|村民委员会|居委|居民委员会|村务监督委员会|村监委"),
        ("other", _DEMOCRATIC_PARTY),
        ("discipline_commission", r"纪委|监委|纪律检查|监察委员会|纪检|监察组"),
        ("congress", r"人大|人民代表大会"),
        ("cppcc", r"政协|政治协商"),
        (
            "mass_organization",
            r"工会|共青团|团委|^团[省市县区州]?委|妇联|妇女联合会|科协|文联|侨联|残联|工商联|红十字会|青联|学联",
        ),
    )
)
# The jurisdiction's own party committee (市委, 镇党委, 村党支部; 中央政治局 for the state).
_PARTY_COMMITTEE = frozenset(
    {
        "委",
        "党委",
        "党工委",
        "工委",
        "委员会",
        "党支部",
        "党总支",
        "支部",
        "党总支部",
        "党组织",
        "党代会",
        "委政治局",
    }
)
# Departments of a party committee (市委组织部), also printed without it (组织部部长 alone).
_PARTY_DEPT = re.compile(
    r"^(?:委|党委)(?=.)|组织部|宣传部|统战部|统一战线工作部|政法委|政法委员会|机关工委|网信办|编办|编委办|"
    r"政研室|政策研究室|老干部局|党史研究室|巡察办"
)
_GOVERNMENT = frozenset({"人民政府", "政府", "办事处", "街道办事处", "管委会", "管理委员会"})
_GOV_PREFIX = re.compile(r"^(?:人民政府|政府)(?=.)")
# Head words of a department (教育局, 发展和改革委员会, 政府办公室, 国家的部).
_DEPARTMENT = re.compile(r"委员会|办公室|[局厅委办署部]")
# The party organization inside a unit: 某公司党委, 教育局党组.
_UNIT_PARTY = re.compile(r"(党组|党委|党总支|党支部|党工委)$")
_PARTY_POSITIONS = frozenset(
    {"secretary", "deputy_secretary", "standing_committee_member", "first_secretary"}
)

# --- ranks --------------------------------------------------------------------------------------
_TIERS = ("部", "厅", "处", "科")
_TIER_OF_LEVEL = {"province": 0, "prefecture": 1, "county": 2, "township": 3}
_MUNICIPALITIES = ("11", "12", "31", "50")
# Sub-provincial cities (副省级城市): their posts and their districts' rank one step higher.
_SUB_PROVINCIAL = frozenset(
    "230100 220100 210100 210200 370100 370200 320100 330100 330200 350200 420100 440100 440300 510100 610100".split()
)
# Departments of a government whose heads rank one tier below its leaders: a 局 or 厅 (教育局,
# 住房和城乡建设局), the government's office, and the committees that are constituent departments;
# not a coordinating committee (文明委, 安委会) nor an office inside a department (爱卫办).
_RANKED_DEPARTMENT = re.compile(
    r"^(?:(?:人民政府|政府)?[^局厅委办部署处科股]{1,14}[局厅]|(?:人民政府|政府)(?:办公室|办)|"
    r"发展和改革委员会|发改委|卫生健康委员会|卫健委|国有资产监督管理委员会|国资委|民族宗教事务委员会|民宗委|"
    r"教育委员会|教委)$"
)
_CONGRESS_STANDING = frozenset({"人大常委会", "人大常务委员会", "人民代表大会常务委员会"})
_TOWNSHIP_CONGRESS = frozenset({"人大", "人大主席团"})
_CPPCC = frozenset({"政协", "政协委员会"})


@dataclass(frozen=True, slots=True)
class PostCode:
    """The code of one canonical post; ``None`` or ``"unknown"`` marks what the text leaves unknown.

    Attributes
    ----------
    canonical : the post coded (the canonical post, else the title as printed), 原 removed.
    level : jurisdiction level, one of :data:`LEVELS`, or None.
    division_code, division : official code and name of the jurisdiction when it is an official
        division named by the post (or, for a bare 市/省, the paper's home); None otherwise.
    within_code : for a jurisdiction that is no official division or whose code is unknown (a
        village, a zone, a township name not found under its county), the code of the nearest
        official division printed above it (长治高新区 -> 长治市 140400); None when none is printed.
    body : the body as printed between jurisdiction and post word (组织部, 人大常委会), or None.
    body_type : one of :data:`BODY_TYPES`.
    post_word : the post word read at the end (副市长, 书记), or None.
    position_class : one of :data:`POSITION_CLASSES`.
    principal : True for a 正 post (书记, 局长), False for its 副 form, None when it has none.
    qualifier : ``executive`` (常务), ``acting`` (代), ``full_time`` (专职) or None.
    former : printed with 原 (a post held before).
    rank : derived cadre rank (正部 副部 正厅 副厅 正处 副处 正科 副科) or None; see docs/careers.md.
    """

    canonical: str
    level: str | None = None
    division_code: str | None = None
    division: str | None = None
    within_code: str | None = None
    body: str | None = None
    body_type: str = "unknown"
    post_word: str | None = None
    position_class: str = "unknown"
    principal: bool | None = None
    qualifier: str | None = None
    former: bool = False
    rank: str | None = None

    @property
    def complete(self) -> bool:
        """True when jurisdiction (an official code, or the state), body type and position class are all known."""
        where = self.division_code is not None or self.level == "national"
        return where and self.body_type != "unknown" and self.position_class != "unknown"


@dataclass(frozen=True, slots=True)
class _Jurisdiction:
    level: str | None = None
    division: Division | None = None
    within: str | None = None  # nearest official division printed above a non-division jurisdiction
    rest: str = ""  # the body, after the jurisdiction


@cache
def _post_words() -> tuple[dict[str, str], tuple[str, ...]]:
    kinds = {w: k for w, k in load_tsv("title_posts.tsv")}
    return kinds, tuple(sorted(kinds, key=len, reverse=True))


def _split_post(text: str) -> tuple[str, str | None, str | None]:
    """(prefix, post word, kind) for the longest lexicon post word *text* ends with."""
    kinds, words = _post_words()
    for w in words:
        if text.endswith(w):
            return text[: -len(w)], w, kinds[w]
    return text, None, None


def _in_home(index: DivisionIndex, div: Division, home: Home | None) -> bool:
    _prov, city = index.home_codes(home)
    return city is not None and index.is_within(div, city)


def _place_prefix(
    index: DivisionIndex, text: str, within: str | None, home: Home | None
) -> tuple[Division, int] | None:
    """The division *text* starts with (longest name first), strictly inside *within* when given."""
    for k in range(min(len(text), 9), 1, -1):
        name = text[:k]
        if not index.lookup(name) and not (index.lookup_short(name) and _AFTER_SHORT.match(text[k:])):
            continue
        div = index.resolve(name, home=home, within=within)
        if div is None:
            continue
        if within is not None and (div.code == within or not index.is_within(div, within)):
            continue
        if div.level == 4 and within is None and not _in_home(index, div, home):
            continue  # a township name alone is a homonym somewhere: only the home city's is read
        return div, k
    return None


def _bare_division(index: DivisionIndex, word: str, home: Home | None) -> Division | None:
    """A bare 市 or 省/自治区 is the paper's home city or province; any other bare level stays unknown."""
    prov, city = index.home_codes(home)
    code = city if word == "市" else prov if word in ("省", "自治区") else None
    div = index.by_code(code) if code else None
    # 自治区 in a paper of a 省 (or 省 in one of an autonomous region) is another province.
    if div is not None and word != "市" and not div.name.endswith(word):
        return None
    return div


def _jurisdiction(text: str, home: Home | None) -> _Jurisdiction:
    """Read the jurisdiction at the start of a body (长治市潞州区委组织部 -> 潞州区, rest 委组织部)."""
    index = load_divisions()
    text = _VERTICAL.sub("", _PARTY_PREFIX.sub("", text))
    if m := _NATIONAL.match(text):
        return _Jurisdiction("national", rest=_NATIONAL_BODY[m.group()] + text[m.end() :])
    lead = ""
    if m := _LEAD_ORG.match(text):
        lead, text = "共青团" if m.group().startswith("团") else m.group(), text[m.end() :]
    div: Division | None = None
    pos = 0
    while (found := _place_prefix(index, text[pos:], div.code if div else None, home)) is not None:
        div, k = found
        pos += k
    rest = text[pos:]
    level = div.level_name if div else None
    if rest.startswith(_NOT_LEVEL):
        return _Jurisdiction(level, div, None, lead + rest)
    if div is None:
        for word, lvl in _BARE_LEVEL:
            if rest.startswith(word):
                rest = rest[len(word) :]
                div = _bare_division(index, word, home)
                if div is None and word == "市":
                    # 市 without a home: a prefecture or a county-level city, unknown which.
                    return _Jurisdiction(None, None, None, lead + rest)
                level = div.level_name if div else lvl
                break
    within = div.code if div else None
    if level in (None, "county") and (m := _TOWNSHIP.match(rest)):
        return _Jurisdiction("township", None, within, lead + rest[m.end() :])
    if level in (None, "county", "township"):
        if m := _VILLAGE.match(rest):
            body = rest[m.end() :]
            return _Jurisdiction(
                "village", None, within, lead + ("村" + body if body.startswith("委") else body)
            )
        if rest.startswith(_VILLAGE_BODY):
            return _Jurisdiction("village", None, within, lead + rest)
    if level in (None, "prefecture", "county") and (m := _ZONE.match(rest)):
        return _Jurisdiction("zone", None, within, lead + rest[m.end() :])
    return _Jurisdiction(level, div, None, lead + rest)


def _body_type(body: str, position: str, level: str | None) -> str:
    """The type of *body* (the text between jurisdiction and post word), for a post of class *position*."""
    m = _UNIT_PARTY.search(body)
    if m and m.start() > 0:
        # The party organization of a unit (某公司党委, 教育局党组) is coded with the unit.
        stem = body[: m.start()]
        return "government" if stem in _GOVERNMENT else _body_type(stem, "", level)
    if body == "党组":
        return "unknown"  # 党组书记 alone: whose party group is not printed
    for kind, pattern in _BODY_RULES:
        if pattern.search(body):
            return kind
    if body in _GOVERNMENT:
        return "government"
    if body in _PARTY_COMMITTEE or (not body and level is not None and position in _PARTY_POSITIONS):
        return "party_committee"
    if _PARTY_DEPT.search(body):
        return "party_department"
    if _DEPARTMENT.search(_GOV_PREFIX.sub("", body)):
        return "government_department"
    return "other" if body else "unknown"


def _position(word: str | None) -> tuple[str, str, bool | None, str | None]:
    """(body head carried by the word, position class, principal, qualifier) of a post word."""
    if word is None:
        return "", "unknown", None, None
    head, bare = "", word
    if word in _BODY_IN_WORD:
        head, bare = _BODY_IN_WORD[word]
    elif (m := _BODY_HEAD_WORD.match(word)) and m.group(2) in _POSITIONS:
        head, bare = m.group(1), m.group(2)
    qualifier = None
    if m := _QUALIFIED.match(bare):
        qualifier, bare = _QUALIFIERS[m.group(1)], bare[m.end() :]
    cls, principal = _POSITIONS.get(bare, ("unknown", None))
    return head, cls, principal, qualifier


def _exceptional(index: DivisionIndex, div: Division) -> bool:
    """Municipalities, sub-provincial cities, and county-level cities under a province: ranks differ there."""
    if div.code[:2] in _MUNICIPALITIES:
        return True
    if any(d.code in _SUB_PROVINCIAL for d in (*index.ancestors(div), div)):
        return True
    parent = index.parent(div)
    return div.level == 3 and parent is not None and parent.level == 1


def _rank(
    j: _Jurisdiction, home: Home | None, body: str, body_type: str, cls: str, principal: bool | None
) -> str | None:
    """The cadre rank a post carries by rule of its jurisdiction's level, or None (docs/careers.md)."""
    if j.level not in _TIER_OF_LEVEL:
        return None
    index = load_divisions()
    where = j.division
    if where is None:
        # A bare 县委/镇党委: the home city tells whether it lies in an area of other ranks.
        _prov, city = index.home_codes(home)
        where = index.by_code(city) if city else None
        if where is None:
            return None
    if _exceptional(index, where):
        return None
    tier = _TIER_OF_LEVEL[j.level]
    kind = "正" if principal else "副"
    leading = (
        (
            body_type == "party_committee"
            and (body in _PARTY_COMMITTEE or not body)
            and cls in _PARTY_POSITIONS
        )
        or (
            body_type == "government" and (body in _GOVERNMENT or not body) and cls in ("head", "deputy_head")
        )
        or (
            body_type == "congress"
            and body in _CONGRESS_STANDING
            and cls in ("head", "deputy_head")
            and tier < 3
        )
        or (
            body_type == "congress"
            and body in _TOWNSHIP_CONGRESS
            and cls in ("chair", "vice_chair")
            and tier == 3
        )
        or (body_type == "cppcc" and body in _CPPCC and cls in ("chair", "vice_chair") and tier < 3)
    )
    if leading and cls != "first_secretary":
        return ("副" if cls == "standing_committee_member" else kind) + _TIERS[tier]
    if body_type == "party_committee" and body in _PARTY_COMMITTEE and cls == "member" and tier == 3:
        return "副科"  # a township party committee's members are its leading group (班子成员)
    if body_type == "government_department" and cls in ("head", "deputy_head") and tier < 3:
        if _RANKED_DEPARTMENT.match(body):
            return kind + _TIERS[tier + 1]
    return None


# 我市市委, 本县: the paper's own jurisdiction, as its bare level.
_SELF = re.compile(r"^(?:我|本)([省市县区])\1?")
# Last characters of a body or place after which a 原 is "former" (某村原书记), not a place (太原市长).
_FORMER_AFTER = frozenset("村区委局县市镇乡部办院司会府")


def _strip_former(text: str, index: DivisionIndex) -> tuple[str, bool]:
    """原市委书记 -> (市委书记, True); 原平市委书记 names a place and keeps its 原."""
    if text.startswith("原") and not any(
        index.lookup(text[:k]) or index.lookup_short(text[:k]) for k in range(2, 8)
    ):
        return text[1:], True
    return text, False


def _government_of(where: str, word: str, home: Home | None) -> str:
    """The jurisdiction text of a government head: 县长, 副市长 alone read their level character (市
    alone is the home city); in 保定市长 the 市 of 市长 ends the city's name."""
    if word.endswith("总理"):
        return "国务院"
    if not where:
        return word[-2]
    if where.endswith(word[-2]):
        return where
    j = _jurisdiction(where + word[-2], home)
    return where + word[-2] if j.division is not None and not j.rest else where


def code_post(post: Post, home: Home | None = None) -> PostCode | None:
    """Code *post* (its canonical form, else its title) in the paper's *home*.

    Returns None for a word that is no post of a body (a byline's 记者); otherwise a
    :class:`PostCode` whose unknown parts are ``None`` / ``"unknown"``.

    Examples
    --------
    >>> c = code_post(Post("区委组织部部长", "潞州区委组织部部长"), None)
    >>> (c.division, c.level, c.body, c.body_type, c.position_class)
    ('潞州区', 'county', '委组织部', 'party_department', 'head')
    >>> code_post(Post("记者", "记者")) is None
    True
    """
    index = load_divisions()
    text = _SELF.sub(r"\1", re.sub(r"\s+", "", post.canonical or post.title))
    text, printed_former = _strip_former(text, index)
    prefix, word, kind = _split_post(text)
    if prefix.endswith("原") and prefix[-2:-1] in _FORMER_AFTER:
        # 某村原第一书记: 原 printed between the body and the post word.
        prefix, printed_former = prefix[:-1], True
        text = prefix + (word or "")
    former = post.former or printed_former
    if kind in ("journalist", "official", "other"):
        return None
    head, cls, principal, qualifier = _position(word)
    where = prefix + head
    if word in _GOV_HEAD_WORDS:
        where = _government_of(where, word, home)
    j = _jurisdiction(where, home)
    if j.level is None and post.organization:
        # The body may name the place the canonical post leaves out.
        alt = _jurisdiction(post.organization, home)
        j = _Jurisdiction(alt.level, alt.division, alt.within, j.rest)
    body = j.rest
    if word == "总书记" and not body:
        j, body_type = _Jurisdiction("national"), "party_committee"
    elif word in _GOV_HEAD_WORDS and not body:
        body_type = "government"
    else:
        body_type = _body_type(body, cls, j.level)
    if body.endswith("党组") and cls in ("secretary", "deputy_secretary", "member"):
        cls = "party_group_" + cls
    div = j.division
    return PostCode(
        canonical=text,
        level=j.level,
        division_code=div.code if div else None,
        division=div.name if div else None,
        within_code=j.within,
        body=body or None,
        body_type=body_type,
        post_word=word,
        position_class=cls,
        principal=principal,
        qualifier=qualifier,
        former=former,
        rank=_rank(j, home, body, body_type, cls, principal),
    )
