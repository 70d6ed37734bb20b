"""Cut a newspaper page (or a JSONL article record) into articles.

The page is read as lines, each classified by layout and grammar: headline-like lines, column
kickers, lead-ins, ——subtitles, leader subtitles, datelines (本报讯…), bylines (□ 本报记者 X),
photo credits (X 摄), signatures (·X·, (X), a pen name), continuation marks (上接第一版), header
meta lines (来源:… 发布时间:…) and body paragraphs. Paragraphs the PDF cut mid-sentence are
joined first (化工大⏎⏎学). A small state machine then opens an article at a confirmed
headline stack, a dateline, a byline, a continuation mark or a photo caption, and closes it at
a signature, a credit or a notice's date line.

Every character of the page belongs to exactly one article or one gap (whitespace between
articles). ``Article.text`` is the clean text (full-width ASCII normalized, cut paragraphs
joined, markdown marks dropped) with ``Article.offsets`` mapping it back to the page.

Examples
--------
>>> from guanxi.model import Page
>>> page = Page("p", "p.txt", "市政协召开工作会议\\n\\n王五参加\\n\\n本报讯 记者张三报道：3月19日，市政协召开会议。")
>>> seg = segment(page)
>>> a = seg.articles[0]
>>> a.title, a.subtitle, a.kind, a.reporters[0].name
('市政协召开工作会议', '王五参加', 'news', '张三')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from guanxi.extractors.bylines import (
    ROLE_FIRST,
    looks_like_name,
    parse_byline,
    parse_commentator,
    parse_credit,
    parse_dateline,
    parse_meta_authors,
    parse_signature,
    split_inline_credit,
    split_inline_signature,
)
from guanxi.extractors.dates import date_from_url, infer_year, lead_date, parse_iso, publication_date
from guanxi.extractors.headlines import (
    is_column_kicker,
    is_leader_line,
    is_leadin,
    is_notice_title,
    split_headline,
)
from guanxi.extractors.normalize import (
    PARAGRAPH_END,
    TextMapBuilder,
    hard_wraps,
    normalize_text,
    to_simplified,
)
from guanxi.extractors.segmentation import Segmentation, article_id, page_key

from guanxi.continuation import CONTINUED_FROM, LAYOUT_MARK
from guanxi.han import HAN
from guanxi.han import HAN_CHAR as _CJK
from guanxi.model import Article, Home, Page, Reporter, stable_id

__all__ = ["KINDS", "Segmentation", "article_id", "segment"]

KINDS = ("news", "feature", "interview", "commentary", "photo", "notice", "continuation")

_CONTINUER = "，、；,;（(《“"
# A printed date (2024年03月12日, 2024-03-12) and a time of day (07:35, 09:30:15).
_DATE = r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?"
# A date, maybe with its time of day (2024年03月12日 07:35, 2024-03-12 09:30:15).
_DATE_TIME = rf"{_DATE}(?:\s*{_CLOCK})?"
_META = re.compile(
    # a site's breadcrumb (首页 > 新闻中心, 当前位置：首页 » 要闻)
    r"^\s*(?:当前位置|您的位置|您现在的位置)\s*[:：]|^\s*首页\s*[>＞»/|]|"
    r"来源\s*[:：]|发布时间|发布者|发布日期|作者\s*[:：]|编辑\s*[:：]|责任编辑|点击\s*[:：]|阅读次数|刊发日期|"
    r"原标题\s*[:：]|^第.{1,4}版\s*[:：]|编印|浏览次数|字号|字体\s*[:：]|分享到|"
    # a line ending in a timestamp: an account's or site's name and when it posted (青禾发布 2024-03-11 18:30)
    rf"{_DATE}\s*{_CLOCK}\s*$"
)
# A web page's furniture below the text: links to the next and previous pieces (上一篇：…), the
# head of a list of related links (相关新闻), share and print buttons. Kept in the article's span
# but not in its text: no person, event or article comes from them. (The editor's line, 责任编辑：X,
# stays metadata in the text: the editor is a person of the paper.)
_FOOTER = re.compile(
    r"^\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页)\s*[:：]|"
    r"^\s*(?:相关新闻|相关阅读|相关文章|相关报道|推荐阅读|延伸阅读|猜你喜欢|热点推荐|热门推荐|热门文章|更多新闻|"
    r"更多阅读|精彩推荐|往期回顾|网友评论)\s*[:：>》]*\s*$|"
    r"^\s*[【\[]?(?:分享到|扫一扫|打印本页|关闭窗口|打印|关闭|返回顶部)(?:[】\]]|\s*[:：]|$)"
)
# A footer line after which the rest of a record is footer too: a list of links follows it.
_FOOTER_LIST = re.compile(r"^\s*(?:上一篇|下一篇|上一条|下一条|相关|推荐|延伸|猜你|热点|热门|更多|精彩|往期)")
# A line that only names the paper or site the record was scraped from (江城日报, 江城新闻网,
# 江城发布客户端), possibly with its date and time before or after it: the record's masthead,
# metadata rather than a headline.
_SOURCE_NAME = re.compile(
    rf"^(?:{_DATE_TIME}\s*)?[{HAN}A-Za-z·]{{1,12}}(?:日报|晚报|早报|时报|商报|周报|导报|都市报|青年报|农民报|法治报|报社|"
    r"新闻网|信息网|门户网|网站|客户端|APP|App|app|融媒体中心|融媒)(?:\s*(?:数字报|电子版|网络版))?"
    rf"(?:\s*{_DATE_TIME})?$"
)
# A line of the date and page (2024年03月06日 第02版, 第A02版：要闻): metadata, no headline.
_DATE_EDITION = re.compile(
    rf"^(?=.*\d)(?:{_DATE})?\s*(?:星期[一二三四五六日天])?\s*"
    r"(?:第\s*[A-Za-z]?\d{1,3}\s*版(?:\s*[:：]?\s*[^\s，。,]{1,8})?)?$"
)
# A quotation printed above a record's headline (“……” 或 “……”——): a kicker, never the title.
_QUOTE_HEAD = re.compile(r"^[“\"「『]")
_DATE_ONLY = re.compile(rf"^\s*{_DATE_TIME}\s*$")
# When a report's happening was: the day, or a word for a recent one.
_DAY = r"(?:\d{4}年)?\d{1,2}月\d{1,2}日|近日|日前|昨天|昨日|今天|今日|前天"
_ARROW = re.compile(r"^[↑↓←→↖↗↘↙]|^图[为①②③④⑤⑥上下左右中]")
_QA = re.compile(r"^(?:\*\*)?\s*(?:记者|问|答|主持人|本报)\s*[:：]")
_ORG_SUFFIX = re.compile(
    r"(?:局|委|院|厅|部|办|会|所|队|站|县|市|区|镇|乡|村|公司|集团|中心|学校|医院|大学|法院|检察院)$"
)


# --------------------------------------------------------------------------- lines and blocks


@dataclass(slots=True)
class _Line:
    start: int  # page offsets of the stripped content
    end: int
    text: str  # normalized, markdown marks removed
    blank_before: int
    md: bool
    wrap: bool = False  # the text is hard-wrapped and goes on, mid-sentence, on the next line


@dataclass(slots=True)
class _Block:
    lines: list[_Line]
    kind: str = "body"
    credit: list[Reporter] = field(default_factory=list)  # inline photo credit
    signature: list[Reporter] = field(default_factory=list)  # inline closing signature
    text: str = ""  # the lines' text joined (a cut paragraph is one text)

    def __post_init__(self) -> None:
        self.text = "".join(ln.text for ln in self.lines)

    def append(self, line: _Line) -> None:
        self.lines.append(line)
        self.text += line.text

    @property
    def first(self) -> _Line:
        return self.lines[0]

    @property
    def blank_before(self) -> int:
        return self.lines[0].blank_before

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end


def _norm(s: str) -> str:
    return normalize_text(s)


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    blank = 0
    pos = 0
    raws = text.split("\n")
    wraps = hard_wraps(raws)
    # Normalization never adds or removes a line break, so the page is normalized once and its
    # lines are paired with the original ones (offsets come from the original).
    for raw, norm, wrap in zip(raws, _norm(text).split("\n"), wraps, strict=True):
        start, end = pos, pos + len(raw)
        pos = end + 1
        if not norm.strip():
            blank += 1
            continue
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        content = norm.strip()
        if _RULE.match(content):
            out.append(_Line(start + len(raw) - len(raw.lstrip()), end - (len(raw) - len(raw.rstrip())), content, blank, False, wrap))
            blank = 0
            continue
        md = content.startswith("#")
        if md:
            content = _MD_HEAD.sub("", content, count=1)
        if "*" in content:
            # A brief led by its headline in bold (**某县启动…** 4月7日，…) reads as one in 【】.
            bold = _BOLD_LEAD.match(content)
            brief = f"【{bold[1]}】{bold[2]}" if bold else ""
            content = brief if brief and _BRIEF.match(brief) else content.replace("**", "").strip()
        if content:
            out.append(_Line(start + lead, end - trail, content, blank, md, wrap))
        blank = 0
    return _narrowed(out)


# Fewest paragraph gaps from which a page's usual gap is read.
_GAP_SAMPLE = 4


def _narrowed(lines: list[_Line]) -> list[_Line]:
    """Gaps read against the page's usual paragraph gap: a page (often scraped web text) that
    separates every paragraph by three blank lines or more (text, blank, a line of spaces, blank)
    has its gaps narrowed by the excess, so that only a gap wider than its usual one separates
    articles, as one blank line does on a page whose paragraphs are two lines apart."""
    gaps = sorted(ln.blank_before for ln in lines[1:] if ln.blank_before)
    if len(gaps) < _GAP_SAMPLE:
        return lines
    usual = gaps[len(gaps) // 2]
    if usual < 3:
        return lines
    for ln in lines:
        if ln.blank_before:
            ln.blank_before = max(1, ln.blank_before - usual + 1)
    return lines


def _unwrapped(lines: list[_Line]) -> list[list[_Line]]:
    """The page's lines grouped into the lines as written: a hard-wrapped line with its continuations."""
    groups: list[list[_Line]] = []
    for line in lines:
        if groups and groups[-1][-1].wrap and line.blank_before == 0:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _headline_like(s: str) -> bool:
    if not (2 <= len(s) <= 40) or s[-1] in "，、；：,;:" or "。" in s:
        return False
    if s[0] in "”’）)】、，。！？…" or _ARROW.match(s) or len(_CJK.findall(s)) < 2:
        return False
    if _TIME_LEAD.match(s):
        return False  # a lead opening with when it happened (日前，…; 4月7日，…) is running text
    if s[0] in "(（" and s[-1] in ")）":
        return False  # a note in brackets ((作者系…), (图片由…提供)) is never a headline
    cells = _CELLS.split(s)
    if len(cells) >= 3 and ("\t" in s or any(len(c) <= 2 or re.search(r"\d", c) for c in cells)):
        return False  # a row of a table (周某  男  1978.05  现任职务 …), not a slogan of three parts
    if _SPEAKER.match(s) and not _PLACE_OR_BODY_LEAD.match(s):  # 记者：… speaker turns
        return False
    return not _DATE_ONLY.match(s)


_TIME_LEAD = re.compile(rf"^(?:{_DAY}|连日来|近期|前不久|近年来|今年以来)[^，,。]{{0,6}}[，,]")
# …a day's report: its lead says on which day (not 近年来, 今年以来: a review's).
_REPORT_LEAD = re.compile(rf"^(?:{_DAY})[^，,。]{{0,6}}[，,]")
# Cells of a table row: separated by a tab or by two spaces or more.
_CELLS = re.compile(r"\t|[ \u3000]{2,}")
_TURN_PUNCT = re.compile(r"[，,、？?！!…“”；;]")
_BARE_NAME = re.compile(rf"[{HAN}]{{2,3}}")
_SPEAKER = re.compile(rf"^[{HAN}]{{1,4}}[:：]")
# An item of a column of briefs (简讯, 短讯): a bullet or its headline in 【】, then when it happened
# (●4月8日，…; ◆近日，…; 【东岭县启动护河行动】4月7日，…; a place tag, 【东岭县石门乡】, is no headline).
_BRIEF = re.compile(rf"^(?:[●◆▲■★◎•]|【(?P<title>[^【】]{{2,30}})】)\s*(?:{_DAY}|连日来|近期|本报讯)")
# A teaser of a front page's 导读 / 要闻提示 box: a headline and the page it is on (●…　2版, …　A3,
# …（详见第五版）). The box is one piece of its own; its teasers are no articles.
_TEASER = re.compile(
    r"^[●◆■▲★◎•·▶►>]?\s*(?P<head>[^。！？；(（\d][^。！？；]{5,39}?)\s*(?:[(（]\s*(?:详?见|转)?\s*)?(?:[>＞→]+\s*)?"
    r"(?:第?\s*[A-Za-z]?\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*版|[A-Z]\d{1,2})\s*[)）]?$"
)
_BRIEF_TITLE = re.compile(r".{4,30}(?<![省市县区旗镇乡村道])")
# A headline led by a place or a body (青禾县：智慧农机助力春耕, 市教育局：…) is no speaker's turn.
_PLACE_OR_BODY_LEAD = re.compile(
    rf"^[{HAN}]{{1,5}}(?:省|市|县|区|旗|州|盟|镇|乡|村|街道|社区|局|委|办|院|厅|署|校|馆|站|中心)[:：]"
)
_MD_HEAD = re.compile(r"#+\s*")
# A rule printed between stories (————, ----, * * *, ═══): no text, the end of a story.
_RULE = re.compile(r"^[-—–─━═=_*·•~～\s]{3,}$")
_BOLD_LEAD = re.compile(r"^\*\*([^*]{4,30})\*\*\s*([^*].*)$")
_BOLD = re.compile(r"\*\*")


# A byline naming the paper or station before the role (江城日报记者 张三, 某某县融媒体中心通讯员 李四).
_MEDIA_BYLINE = re.compile(
    rf"^[{HAN}]{{2,12}}?(?:日报|晚报|早报|时报|报社|电视台|广播电视台|融媒体中心|新闻网)"
    r"(?=(?:见习|特约|首席)?(?:记者|通讯员))"
)


def _media_byline(s: str) -> list[Reporter] | None:
    """Reporters of a byline line that names its paper or station first, else None.

    >>> [r.name for r in _media_byline("江城日报记者 张立华 通讯员 李文")]
    ['张立华', '李文']
    """
    m = _MEDIA_BYLINE.match(s)
    return parse_byline("本报" + s[m.end() :]) if m else None


def _classify(line: _Line) -> str:
    s = line.text
    if _RULE.match(s):
        return "rule"
    if len(s) > 60:
        # Long lines are body text, unless they open with a dateline or a continuation mark.
        if CONTINUED_FROM.match(s):
            return "continued"
        if len(s) <= 120 and _META.search(s):
            return "meta"
        return "dateline" if ("讯" in s[:16] or "电" in s[:24]) and parse_dateline(s) else "body"
    if _DATE_ONLY.match(s):
        return "dateonly"
    if _FOOTER.match(s) and len(s) <= 60:
        return "footer"
    if _META.search(s) and len(s) <= 120:
        return "meta"
    if CONTINUED_FROM.match(s):
        return "continued"
    if is_column_kicker(s):
        return "kicker"  # before the bylines: 记者手记 is a column, not a byline of 手记
    # Cheap tests on the first and last characters before the byline grammars run.
    if (s[0] in "□■本特" or ROLE_FIRST.match(s)) and parse_byline(s) is not None:
        return "byline"
    if "评论员" in s[:8] and parse_commentator(s) is not None:
        return "byline"  # 本报评论员: a commentary's byline, never its title
    if s.endswith(("摄", "摄影", "供图")) and parse_credit(s):
        return "credit"
    if s[0] in "(（" and s[-1] in ")）" and parse_credit(s[1:-1].strip()):
        return "credit"  # （本报记者 X 摄）
    if s[0] in "·•(（" and parse_signature(s, bare=False):
        return "signature"
    if ("讯" in s[:16] or "电" in s[:24]) and parse_dateline(s) is not None:
        return "dateline"
    if _BRIEF.match(s) and len(s) > 16 and not split_inline_credit(s)[1]:
        # an item of a column of briefs opens a report of its own (▲4月6日，… 记者 X 摄 is a caption)
        return "dateline"
    if _media_byline(s):
        return "byline"
    if (_BARE_NAME.fullmatch(s) and looks_like_name(s)) or (" " in s and parse_signature(s)):
        return "bare"
    if s.startswith(("——", "—")) and len(s) <= 60:
        return "dash"
    if (
        (m := _TEASER.match(s))
        and _headline_like(m["head"])
        and not _SOURCE_NAME.match(m["head"])
        and not re.search(r"星期|〇|年$|\d年", m["head"])  # a page header: 星期二 要闻 第2版
    ):
        return "teaser"
    if _headline_like(s):
        return "leadin" if is_leadin(s) else "head"
    return "body"


_STRUCTURAL = {
    "meta",
    "footer",
    "rule",
    "dateonly",
    "continued",
    "byline",
    "credit",
    "signature",
    "dateline",
    "kicker",
    "dash",
    "bare",
}


def _is_cut(prev: _Block, prev_line: _Line, nxt: _Line, nxt_kind: str, prev_prev_body: bool) -> bool:
    """True when *prev_line* ends a paragraph the PDF cut mid-sentence and *nxt* continues it."""
    a = prev_line.text
    if prev.kind not in ("body", "head", "leadin", "dateline", "continued") or prev_line.md or nxt.md:
        return False
    if nxt_kind in _STRUCTURAL or _ARROW.match(nxt.text) or a[-1] in PARAGRAPH_END or a.endswith("——"):
        return False
    if nxt.blank_before >= 3 or a.endswith(("摄", "摄影")):
        return False  # a layout break, or a caption ending with its credit
    if prev.kind in ("head", "leadin") and nxt.blank_before == 0:
        # Two headline lines in a row are a wrapped headline, read as a stack; but a clause line
        # right after body text whose shorter next line ends the sentence is a wrapped paragraph
        # (…主持。⏎王某强调，要…确保全年粮食⏎生产目标任务圆满完成。).
        return (
            prev_prev_body
            and prev_line.blank_before == 0
            and "，" in a
            and nxt_kind == "body"
            and nxt.text[-1] in PARAGRAPH_END
            and len(nxt.text) < len(a)
        )
    if a[-1] in _CONTINUER:
        return True
    if len(a) >= 40 and prev.kind in ("body", "dateline", "continued"):
        return True
    # A short broken line (驿站建成后，“怎么管”也成为保障) after body text: commas mark a sentence.
    return ("，" in a or "," in a) and len(a) >= 14 and prev_prev_body and len(nxt.text) > 20


def _blocks(lines: list[_Line]) -> list[_Block]:
    blocks: list[_Block] = []
    last: _Line | None = None  # the previous line as written (hard wraps joined)
    for group in _unwrapped(lines):
        # A hard-wrapped line is read whole; its pieces stay apart for the offsets (see _clean).
        line = group[0]
        if len(group) > 1:
            line = _Line(
                line.start, group[-1].end, "".join(x.text for x in group), line.blank_before, line.md
            )
        kind = _classify(line)
        if last is not None:  # blocks has the block of the previous line
            prev = blocks[-1]
            prev_prev_body = len(blocks) < 2 or blocks[-2].kind in ("body", "dateline", "continued")
            if _is_cut(prev, last, line, kind, prev_prev_body):
                for x in group:
                    prev.append(x)
                prev.kind = (
                    "continued"
                    if prev.kind == "continued"
                    else ("dateline" if prev.kind == "dateline" else "body")
                )
                last = line
                continue
        blocks.append(_Block(list(group), kind))
        last = line
    for b in blocks:
        if b.kind in ("body", "dateline", "continued"):
            _, credit = split_inline_credit(b.text)
            if credit:
                b.credit = credit
            else:
                _, sig = split_inline_signature(b.text)
                b.signature = sig
    return blocks


# --------------------------------------------------------------------------- articles under construction


@dataclass(slots=True)
class _Art:
    blocks: list[_Block] = field(default_factory=list)
    kickers: list[str] = field(default_factory=list)
    title: str | None = None
    subtitles: list[str] = field(default_factory=list)
    reporters: list[Reporter] = field(default_factory=list)
    dateline: _Block | None = None
    byline: bool = False
    has_body: bool = False
    closed: bool = False
    photo: bool = False
    notice: bool = False
    continuation: bool = False
    commentary: bool = False
    signed: bool = False
    qa: int = 0
    box: bool = False  # a 导读 box of teasers
    repeated_title: bool = False  # a continued part under its story's headline printed again
    lead: _Block | None = None
    title_stack: bool = False

    def add_reporters(self, reps: list[Reporter]) -> None:
        known = {r.name for r in self.reporters}
        for r in reps:
            if r.name not in known:
                self.reporters.append(r)
                known.add(r.name)


@dataclass(slots=True)
class _Stack:
    kickers: list[str]
    title: str | None
    subtitles: list[str]
    plain: int
    explicit: bool
    leadin: bool


def _record_head(blocks: list[_Block]) -> None:
    """Reclassify the lines above a record's first paragraph (web pages print them in one order).

    A line naming the paper or site (江城日报, 江城新闻网) or only the issue's date and page
    (2024年03月06日 第02版) is metadata like 来源:…; a quotation line (“……”) is a kicker above the
    headline and a subtitle below it -- unless no other headline line is printed: then it is the
    title (“……” over ——记…). A first line led by a short place name (青禾：…) without the
    punctuation of a speaker's turn is a headline. The same holds at the top of a page (scraped web
    text saved as a page; a masthead). All stay in the record's article (so offsets still cover
    every character).
    """
    seen_head = False
    quotes: list[_Block] = []
    first = blocks[0] if blocks else None
    if (
        first is not None
        and first.kind == "body"
        and len(first.lines) == 1
        and _SPEAKER.match(first.text)
        and not _QA.match(first.text)
        and not _TURN_PUNCT.search(first.text)
        and _headline_like(_SPEAKER.sub("", first.text, count=1))
    ):
        first.kind = "head"  # the first line led by a short place (青禾：…), no speaker's turn
    for b in blocks:
        if b.kind not in ("head", "leadin", "kicker", "dash", "meta", "dateonly", "bare"):
            break
        if len(b.lines) == 1 and b.kind in ("head", "leadin", "bare"):
            if _SOURCE_NAME.match(b.text) or _DATE_EDITION.match(b.text):
                b.kind = "meta"
            elif _QUOTE_HEAD.match(b.text):
                b.kind = "dash" if seen_head else "kicker"
                quotes.append(b)
        seen_head = seen_head or b.kind in ("head", "leadin")
    if quotes and not seen_head:
        quotes[0].kind = "head"


def _read_stack(blocks: list[_Block], *, blank_layout: bool, has_title: bool, record: bool = False) -> _Stack:
    kickers: list[str] = []
    subs: list[str] = []
    plain: list[list[_Block]] = []
    explicit = any(b.first.md for b in blocks)
    leadin_before_first = False
    for b in blocks:
        s = b.text
        if b.kind == "kicker":
            kickers.append(s)
            explicit = True
        elif b.kind == "leadin" and not (plain and blank_layout and b.blank_before == 0):
            kickers.append(s)
            explicit = True
            leadin_before_first = leadin_before_first or not plain
        elif b.kind == "dash":
            subs.append(s)
            explicit = True
        elif (plain or has_title) and is_leader_line(s):
            subs.append(s)
            explicit = True
        elif plain and _wrapped(plain[-1][-1], b, blank_layout):
            plain[-1].append(b)
        else:
            plain.append([b])
    n_lines = sum(len(p) for p in plain)
    texts = [
        "".join(x.text if k == 0 or _cut_headline(p[k - 1].text, x.text) else " " + x.text for k, x in enumerate(p))
        for p in plain
    ]
    title = None
    if texts:
        if leadin_before_first or len(texts) == 1:
            title, rest = texts[0], texts[1:]
            subs = rest + subs
        elif len(texts) == 2 and record and len(texts[0]) >= len(texts[1]):
            # A record's two headline lines: the title, then its subtitle. Only a first line
            # shorter than the second reads as a kicker over the main headline (below).
            title, subs = texts[0], [texts[1], *subs]
        elif len(texts) == 2:
            kickers.append(texts[0])
            title = texts[1]
        else:
            kickers.extend(texts[:-2])
            title = texts[-2]
            subs.insert(0, texts[-1])
    return _Stack(kickers, title, subs, n_lines, explicit, leadin_before_first)


# A headline the PDF cut over two lines: the first piece ends on a word that joins (…的, …与), or
# the second opens with the head noun of the first's phrase (…乡村振兴⏎工作推进会, …传达学习⏎精神).
_HEAD_CUT_END = re.compile(r"[的和与及暨在对为把向从将以于、]$")
_HEAD_CUT_START = re.compile(
    r"^(?:会议|工作会|工作|精神|活动|大会|座谈会|推进会|动员会|现场会|培训班|仪式|典礼|论坛|暨|的)"
)


# …or the first ends on a verb whose object, an event, is the second (青禾县召开⏎优化营商环境推进会).
_HEAD_CUT_VERB = re.compile(r"(?:召开|举行|举办|开展|启动|召集|组织)$")
_HEAD_CUT_EVENT = re.compile(r"(?:会|会议|活动|仪式|典礼|论坛|大赛|比赛|行动|培训班|工程|专项整治)$")


def _cut_headline(a: str, b: str) -> bool:
    """True when headline line *b* is the rest of headline line *a*, cut by the PDF."""
    if " " in a + b:
        return False
    return bool(
        _HEAD_CUT_END.search(a)
        or _HEAD_CUT_START.match(b)
        or (_HEAD_CUT_VERB.search(a) and _HEAD_CUT_EVENT.search(b))
    )


def _wrapped(a: _Block, b: _Block, blank_layout: bool) -> bool:
    """True when headline line *b* continues headline line *a* (one headline over two lines)."""
    if b.blank_before > 0 or a.first.md or b.first.md:
        return False
    if _cut_headline(a.text, b.text):
        return True
    if blank_layout:
        return True  # pages separate blocks by blank lines: a single line break is a wrap
    # Records break every line: only a bare subject (某县公安局) continues on the next line.
    return " " not in a.text and len(a.text) <= 10 and bool(_ORG_SUFFIX.search(a.text))


class _Segmenter:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.record = _is_record(page)
        self.lines = _lines(page.text)
        self.blocks = _blocks(self.lines)
        _record_head(self.blocks)
        n = len(self.blocks)
        blank_share = sum(b.blank_before > 0 for b in self.blocks[1:]) / (n - 1) if n > 1 else 0.0
        self.blank_layout = blank_share > 0.5
        # A page that runs its paragraphs on without blank lines (text from a PDF) and leaves a
        # blank line only here and there: there, one story ends.
        self.blank_breaks = 0 < blank_share <= 0.25
        self.arts: list[_Art] = []
        self.pending: list[_Block] = []
        self.pub: dt.date | None = None
        self.links = False  # below a footer's list head (相关新闻, 上一篇：…): its lines are links

    # -- helpers
    @property
    def cur(self) -> _Art | None:
        return self.arts[-1] if self.arts else None

    def new(self) -> _Art:
        art = _Art()
        if self.pending:
            art.blocks.extend(self.pending)
            for b in self.pending:
                self._meta_into(art, b)
            self.pending = []
        self.arts.append(art)
        return art

    def _meta_into(self, art: _Art, b: _Block) -> None:
        s = b.text
        art.add_reporters(parse_meta_authors(s))
        if m := re.search(r"原标题\s*[:：]\s*(.+)$", s):
            if art.title is None and not art.has_body:
                art.title = split_headline(m.group(1)).title
                art.title_stack = True
        if self.pub is None:
            self.pub = publication_date(s) or _any_date(s)

    def _open_for_heading(self) -> bool:
        cur = self.cur
        return (
            cur is not None
            and not cur.closed
            and not cur.has_body
            and cur.dateline is None
            and not cur.byline
        )

    # -- main loop
    def run(self) -> list[_Art]:
        blocks = self.blocks
        i = 0
        while i < len(blocks):
            b = blocks[i]
            if self.links and (self.record or (b.kind in ("head", "leadin", "body") and _headline_like(b.text))):
                b.kind = "footer"  # a link of the list (on a page, a headline-like line)
            else:
                self.links = False
            if b.kind == "dash" and i > 0 and blocks[i - 1].kind == "body" and _QUOTE_HEAD.match(blocks[i - 1].text):
                b.kind = "body"  # ——X under a quotation in the text: who said it, not a subtitle
            if b.kind in ("head", "leadin", "kicker", "dash"):
                j = i
                while j < len(blocks) and blocks[j].kind in ("head", "leadin", "kicker", "dash"):
                    if j > i and blocks[j].blank_before >= 3:
                        break
                    j += 1
                self._stack(i, j)
                i = j
                continue
            getattr(self, "_" + b.kind)(b, i)
            i += 1
        if self.pending:
            if self.arts:
                self.arts[-1].blocks.extend(self.pending)
                for b in self.pending:
                    self._meta_into(self.arts[-1], b)
            else:
                self.new()
            self.pending = []
        return _disjoint([a for a in self.arts if a.blocks])

    def _stack(self, i: int, j: int) -> None:
        blocks = self.blocks[i:j]
        prev = self.blocks[i - 1] if i > 0 else None
        nxt = self.blocks[j] if j < len(self.blocks) else None
        cur = self.cur
        st = _read_stack(
            blocks,
            blank_layout=self.blank_layout,
            has_title=bool(cur and cur.title and not cur.has_body),
            record=self.record,
        )
        # A kicker-only or subtitle-only stack on an article that has no body yet belongs to it.
        if st.title is None:
            if (
                cur is not None
                and (self.record or not cur.has_body)
                and not cur.photo
                and (self.record or cur.title or cur.kickers or cur.reporters)
            ):
                cur.blocks.extend(blocks)
                if not cur.has_body:
                    cur.kickers.extend(st.kickers)
                    cur.subtitles.extend(st.subtitles)
                    self._flag_commentary(cur, st.kickers)
                return
            art = self.new()
            art.blocks.extend(blocks)
            art.kickers.extend(st.kickers)
            art.subtitles.extend(st.subtitles)
            self._flag_commentary(art, st.kickers)
            return
        # A title printed after the signature of an untitled piece (commentary: body, pen name, title).
        if (
            not self.record
            and cur is not None
            and cur.closed
            and cur.title is None
            and prev is not None
            and prev.kind in ("bare", "signature")
            and len(blocks) == 1
            and (nxt is None or nxt.blank_before >= 3 or nxt.kind in ("head", "kicker", "byline", "dateline"))
        ):
            cur.blocks.extend(blocks)
            cur.title = split_headline(st.title).title
            return
        if self._confirmed(st, blocks, prev, nxt, i, j):
            if self.record and cur is not None and not cur.has_body and cur.title is None and not cur.photo:
                art = cur  # header lines already opened the record's article
            else:
                art = self.new()
            art.blocks.extend(blocks)
            h = split_headline(st.title)
            art.kickers.extend(st.kickers + ([h.kicker] if h.kicker else []))
            # 原标题:… printed above (a meta line read into the new article): the headline it
            # names is the title; the line set as a headline under it is a subtitle
            stacked = [h.title] if art.title and h.title and not art.has_body else []
            art.title = art.title if stacked else h.title
            art.title_stack = True
            art.subtitles.extend(stacked + ([h.subtitle] if h.subtitle else []) + st.subtitles)
            art.notice = is_notice_title(h.title or "")
            self._flag_commentary(art, art.kickers)
            return
        # An unconfirmed headline: a section head inside the current piece, or the head of an
        # untitled piece after a news report.
        if cur is not None and not cur.closed and (self.record or cur.dateline is None or not cur.has_body):
            cur.blocks.extend(blocks)
            return
        art = self.new()
        art.blocks.extend(blocks)

    def _confirmed(self, st: _Stack, blocks: list[_Block], prev, nxt, i: int, j: int) -> bool:
        if self.record:
            if self.cur is None or (not self.cur.has_body and self.cur.title is None):
                return True  # the record's first line(s): its headline
            if st.plain >= 2 or st.leadin:
                return True
            return nxt is not None and nxt.kind in ("dateline", "byline")
        if st.explicit or st.plain >= 2 or is_notice_title(st.title or ""):
            return True
        if nxt is not None and nxt.kind in ("dateline", "byline", "bare", "signature", "continued"):
            return True  # (a headline over a continued part: （上接第一版） opens the text under it)
        if prev is None or prev.kind in ("bare", "signature", "credit", "dateonly", "meta") or prev.credit or prev.signature:
            return True
        if blocks[0].blank_before >= 3 or (self.cur is not None and self.cur.closed):
            return True
        if self.blank_breaks and blocks[0].blank_before and prev.kind in ("body", "dateline", "continued"):
            return True
        # After a news report, a headline whose piece ends with a signature is a new article;
        # inside a feature or a continuation it is a section head.
        if self.cur is not None and self.cur.dateline is None and not self.cur.photo:
            return False
        for b in self.blocks[j:]:
            if b.kind in ("signature",) or b.signature:
                return True
            if (
                b.kind in ("head", "leadin", "kicker", "dateline", "byline", "credit", "continued")
                or b.credit
            ):
                return False
            if b.blank_before >= 3:
                return False
        return False

    def _flag_commentary(self, art: _Art, kickers: list[str]) -> None:
        if any(re.search(r"评|论|观点", k) and len(k) <= 12 for k in kickers):
            art.commentary = True

    # -- block handlers
    def _body(self, b: _Block, i: int) -> None:
        cur = self.cur
        if b.credit and not self.record and self._inline_photo(i):
            # A caption between two paragraphs of one text (no headline, dateline or byline
            # after it): a picture printed inside the article, which goes on below it.
            cur.blocks.append(b)
            cur.add_reporters(b.credit)
            return
        if b.credit and not self.record:
            # A caption with its credit at the end: a photo of its own (keeping a headline printed
            # for it, when the article so far is just that headline).
            if cur is not None and not cur.closed and cur.title and not cur.has_body and cur.dateline is None:
                art = cur
            else:
                art = self.new()
            art.blocks.append(b)
            art.photo = True
            art.lead = b
            art.add_reporters(b.credit)
            art.closed = True
            return
        if cur is None or cur.closed or (not self.record and b.blank_before >= 3 and cur.has_body):
            cur = self.new()
        cur.blocks.append(b)
        if b.credit:
            cur.add_reporters(b.credit)
            if cur.lead is None:
                cur.lead = b  # a record of a photo: its caption tells when (4月7日，… X 摄)
            return
        if not cur.has_body:
            cur.has_body = True
            cur.lead = b
        if _QA.match(b.text):
            cur.qa += 1
        if b.signature:
            cur.add_reporters(b.signature)
            cur.signed = True

    def _teaser(self, b: _Block, i: int) -> None:
        """A line of a 导读 box: the box's first opens a piece (under its kicker, 要闻提示), the
        others join it; the box has no title and holds no report (it is no article's body)."""
        cur = self.cur
        if cur is None or cur.closed or (cur.has_body and not cur.box) or cur.title or cur.dateline or cur.byline:
            cur = self.new()
        cur.blocks.append(b)
        cur.box = True
        cur.has_body = True

    def _inline_photo(self, i: int) -> bool:
        """The caption block *i* sits inside an open article's text: the article has a body and
        the next block is body text (no caption itself), both printed with the usual paragraph gap."""
        cur = self.cur
        if cur is None or cur.closed or not cur.has_body or cur.photo or i + 1 >= len(self.blocks):
            return False
        nxt = self.blocks[i + 1]
        return nxt.kind == "body" and not nxt.credit and nxt.blank_before < 3 and self.blocks[i].blank_before < 3

    def _arrow(self, b: _Block, i: int) -> None:
        self._body(b, i)

    def _dateline(self, b: _Block, i: int) -> None:
        cur = self.cur
        if (
            cur is None
            or cur.closed
            or cur.has_body
            or cur.dateline is not None
            or (cur.photo and not self.record)
        ):
            if not (self.record and cur is not None and not cur.has_body and cur.dateline is None):
                cur = self.new()
        cur.blocks.append(b)
        cur.dateline = b
        if cur.title is None and (m := _BRIEF.match(b.text)) and _BRIEF_TITLE.fullmatch(m["title"] or ""):
            cur.title = m["title"]  # a brief's headline printed in 【】 before its text
        d = parse_dateline(b.text)
        cur.add_reporters(list(d.reporters) if d else [])
        cur.has_body = True
        cur.lead = b
        if b.signature:
            cur.add_reporters(b.signature)
        if b.credit:
            cur.add_reporters(b.credit)

    def _continued(self, b: _Block, i: int) -> None:
        if self.record and self.cur is not None:
            self.cur.blocks.append(b)
            return
        if self._open_for_heading() and self.cur.title and not self.cur.continuation:
            art = self.cur  # the story's headline printed again over its continued part
            art.repeated_title = True
        else:
            art = self.new()
        art.blocks.append(b)
        art.continuation = True
        if LAYOUT_MARK.sub("", b.text).strip():
            art.has_body = True

    def _byline(self, b: _Block, i: int) -> None:
        cur = self.cur
        if (
            cur is not None
            and not cur.closed
            and cur.has_body
            and not cur.byline
            and (ROLE_FIRST.match(b.text) or (b.text.startswith(("本报", "特约")) and not cur.reporters))
        ):
            # 记者 王五 赵六, 文/图 王五 printed after the text: the article's sign-off, not a new
            # article's byline; so is 本报记者 王五 after a text that named no reporter yet
            cur.blocks.append(b)
            cur.byline = True
            commentator = parse_commentator(b.text)
            cur.commentary = cur.commentary or commentator is not None
            cur.add_reporters(parse_byline(b.text) or commentator or [])
            if not self.record:
                cur.closed = True
            return
        if cur is None or cur.closed or cur.has_body or cur.byline:
            if not (self.record and cur is not None and not cur.has_body):
                cur = self.new()
        cur.blocks.append(b)
        cur.byline = True
        commentator = parse_commentator(b.text)
        cur.commentary = cur.commentary or commentator is not None
        cur.add_reporters(parse_byline(b.text) or _media_byline(b.text) or commentator or [])

    def _credit(self, b: _Block, i: int) -> None:
        reps = parse_credit(b.text.strip("()（） "))
        cur = self.cur
        if cur is None:
            cur = self.new()
        if self.record:
            cur.blocks.append(b)
            cur.add_reporters(reps)
            return
        # The caption is the paragraph just above (with any ↑/← lines under it).
        k = len(cur.blocks)
        while k > 0 and _ARROW.match(cur.blocks[k - 1].text):
            k -= 1
        if k > 0 and cur.blocks[k - 1].kind == "body" and cur.blocks[k - 1] is not cur.dateline:
            k -= 1
        caption = cur.blocks[k:]
        rest = cur.blocks[:k]
        # the article so far only a headline: it is the headline of the pictures (春耕图景 ⏎ 图①… 图②… ⏎ X 摄)
        if rest and any(x.kind not in ("meta", "head", "leadin", "kicker", "dash") for x in rest) and caption:
            cur.blocks = rest
            if cur.lead in caption:
                cur.lead = next((x for x in rest if x.kind in ("body", "dateline", "continued")), None)
            art = self.new()
            art.blocks.extend(caption)
            art.lead = caption[0]
        else:
            art = cur
            art.lead = caption[0] if caption else art.lead
            if not art.title_stack:
                art.title = None
        art.blocks.append(b)
        art.photo = True
        art.has_body = True
        art.add_reporters(reps)
        art.closed = True

    def _signature(self, b: _Block, i: int) -> None:
        cur = self.cur or self.new()
        cur.blocks.append(b)
        cur.add_reporters(parse_signature(b.text, bare=False))
        cur.signed = True
        if not self.record and cur.has_body:
            # a signature closes its text; under a headline (（某某记者站 X Y）) the text follows it
            cur.closed = True

    def _bare(self, b: _Block, i: int) -> None:
        prev = self.blocks[i - 1] if i > 0 else None
        cur = self.cur
        if (
            cur is None
            or prev is None
            or prev.kind not in ("body", "head", "leadin", "dateline", "continued")
        ):
            # Not after text or a headline: a short headline line after all.
            b.kind = "head"
            self._stack(i, i + 1)
            return
        cur.blocks.append(b)
        cur.add_reporters(parse_signature(b.text))
        cur.commentary = True
        if cur.has_body and not self.record:
            cur.closed = True

    def _rule(self, b: _Block, i: int) -> None:
        """A rule between stories: it ends the story above (on a page) and is no text of it."""
        if self.cur is not None and not self.record:
            self.cur.closed = True
        b.kind = "footer"
        self._footer(b, i)

    def _footer(self, b: _Block, i: int) -> None:
        self.links = self.links or bool(_FOOTER_LIST.match(b.text))
        if self.pub is None:
            self.pub = publication_date(b.text) or _any_date(b.text)  # 编辑：X 发布时间：…
        if self.cur is None:
            self.pending.append(b)
        else:
            self.cur.blocks.append(b)

    def _dateonly(self, b: _Block, i: int) -> None:
        cur = self.cur
        if cur is None:
            self.pending.append(b)
            if self.pub is None:
                self.pub = _any_date(b.text)
            return
        cur.blocks.append(b)
        if cur.notice and not self.record:
            cur.closed = True

    def _meta(self, b: _Block, i: int) -> None:
        cur = self.cur
        if cur is None and self.record and re.search(r"原标题\s*[:：]", b.text):
            cur = self.new()  # 原标题:… on the first line: the record's headline
        if cur is None or (cur.closed and not self.record):
            self.pending.append(b)
            if self.pub is None:
                self.pub = publication_date(b.text) or _any_date(b.text)
            return
        cur.blocks.append(b)
        self._meta_into(cur, b)


def _disjoint(arts: list[_Art]) -> list[_Art]:
    """Keep each article's blocks in page order and articles from overlapping (a block held back
    for the next article may have gone to an earlier one): an overlapping article is merged."""
    out: list[_Art] = []
    for a in arts:
        a.blocks.sort(key=lambda b: b.start)
        if out and a.blocks[0].start < out[-1].blocks[-1].end:
            _merge(out[-1], a)
            continue
        out.append(a)
    return out


def _merge(into: _Art, a: _Art) -> None:
    into.blocks = sorted(into.blocks + a.blocks, key=lambda b: b.start)
    into.add_reporters(a.reporters)
    into.title = into.title or a.title


def _any_date(s: str) -> dt.date | None:
    m = re.search(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", s)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


# --------------------------------------------------------------------------- assembling Articles


def _kind(a: _Art, record: bool) -> str:
    if a.photo and not record:
        return "photo"
    if a.notice:
        return "notice"
    if a.continuation:
        return "continuation"
    if a.qa >= 2:
        return "interview"
    if a.commentary:
        return "commentary"
    if a.dateline is not None:
        return "news"
    if (
        a.lead is not None
        and _REPORT_LEAD.match(a.lead.text)
        and not any(x.startswith(("——", "—")) for x in a.subtitles)
    ):
        # a report opening with when it happened (4月7日，…; 近日，…), signed or not; under a
        # ——subtitle (——某社区为…打造…) it is reportage
        return "news"
    if a.byline or a.signed:
        return "feature"
    return "news" if record else "feature"


def _lead_text(a: _Art) -> str:
    lead = a.lead
    if lead is None:
        return ""
    text = lead.text
    if lead is a.dateline and (d := parse_dateline(text)):
        text = text[len(d.text) :]
    if lead.credit:
        text, _ = split_inline_credit(text)
    # The event's date opens the report; a cap keeps the scan short on long paragraphs.
    return text[:400]


def _clean(
    page_text: str, blocks: list[_Block], start: int, end: int
) -> tuple[str, tuple[tuple[int, int], ...]]:
    builder = TextMapBuilder(page_text[start:end], start)
    pos = start
    for b in blocks:
        if b.kind == "footer":
            pos = b.end  # a web page's furniture: in the span, not in the text
            continue
        for k, ln in enumerate(b.lines):
            # Markdown marks (## headings, **bold**) are layout, not text.
            lo = ln.start
            if ln.md and (m := _MD_HEAD.match(page_text, ln.start, ln.end)):
                lo = m.end()
            if k > 0:
                seg_start = lo  # a cut paragraph: the line break between the pieces goes
            elif lo == ln.start:
                seg_start = pos  # the gap before a block is kept: copied with its first line
            else:
                builder.copy(pos - start, ln.start - start)
                seg_start = lo
            if page_text.find("**", lo, ln.end) >= 0:
                for mm in _BOLD.finditer(page_text, lo, ln.end):
                    builder.copy(seg_start - start, mm.start() - start)
                    seg_start = mm.end()
            builder.copy(seg_start - start, ln.end - start)
            pos = ln.end
    tm = builder.build()
    return tm.text, tm.offsets


def _year_context(page: Page, pub: dt.date | None) -> tuple[int | None, dt.date | None, bool]:
    """(year, reference day, relative-days allowed) for the page's dates."""
    if ref := parse_iso(page.get("date")):
        return None, ref, True
    if pub is not None:
        return None, pub, True
    if (u := date_from_url(page.get("url") or "")) is not None:
        y, m, d = u
        return None, dt.date(y, m, d or 28), False
    return infer_year(page.text), None, False


def segment(page: Page, *, home: Home | None = None) -> Segmentation:
    """Cut *page* into articles (see the module docstring).

    Parameters
    ----------
    page : Page
        A newspaper page (``page.line is None``) or a JSONL record (one article, sometimes more).
    home : Home, optional
        The paper's home; accepted for symmetry with the other stages (segmentation does not
        depend on it).

    Returns
    -------
    Segmentation
        Articles in page order with offsets into ``page.text``, and the gaps between them.
    """
    # A page in traditional script is read in simplified (same length: offsets are unchanged).
    text = to_simplified(page.text)
    if text is not page.text:
        page = replace(page, text=text)
    if page.layout:  # a PDF page: cut along the regions its layout shows
        from guanxi.extractors.regions import segment_regions

        return segment_regions(page, segment)
    seg = _Segmenter(page)
    arts = [a for a in seg.run() if a.blocks]
    if page.get("form") == "web":  # a saved web page is one article, whatever its lines look like
        for a in arts[1:]:
            _merge(arts[0], a)
        arts = arts[:1]
    year, ref, relative = _year_context(page, seg.pub)
    record = _is_record(page)
    record_title = page.get("title") if record else None
    # A web page's structure tells its kicker and subtitle (guanxi.extractors.html_pages).
    record_kicker = page.get("kicker") if record else None
    record_subtitle = page.get("subtitle") if record else None
    articles: list[Article] = []
    key = page_key(page.page_id, text)
    for k, a in enumerate(arts):
        start, end = a.blocks[0].start, a.blocks[-1].end
        clean, offsets = _clean(text, a.blocks, start, end)
        kind = _kind(a, seg.record)
        title = a.title
        if record_title and k == 0:
            title = _norm(to_simplified(record_title)).strip() or title
        kicker = " ".join(a.kickers) or None
        subtitle = " ".join(a.subtitles) or None
        if k == 0 and (record_kicker or record_subtitle):
            kicker, subtitle = (_record_field(x) for x in (record_kicker, record_subtitle))
        if kind == "continuation" and not a.repeated_title:
            title = None
        title = _web_title(title)
        if subtitle and subtitle == title:
            subtitle = None  # the headline printed twice (the page's title, then its heading)
        date = date_end = None
        if kind not in ("commentary", "continuation"):
            lead = _lead_text(a)
            m = lead_date(lead, year=year, ref=ref, relative=relative) if lead else None
            if m is None and a.lead is not None and a.lead is a.dateline and (d := parse_dateline(a.lead.text)):
                m = lead_date(d.text, year=year, ref=ref, relative=relative)  # 新华社北京4月7日电
            if m is not None:
                date, date_end = m.iso, m.iso_end
        articles.append(
            Article(
                article_id=stable_id("article", {**key, "start": start, "end": end}),
                page_id=page.page_id,
                ordinal=k,
                title=title,
                kind=kind,
                date=date,
                text=clean,
                start=start,
                end=end,
                kicker=kicker,
                subtitle=subtitle,
                reporters=tuple(a.reporters),
                date_end=date_end,
                offsets=offsets,
            )
        )
    return Segmentation(tuple(articles), _gaps(text, articles))


_PICTURE_MARK = re.compile(r"\s*[(（\[【](?:图|组图|多图|附图|图文|视频|音频)[)）\]】]$")
_SITE_SUFFIX = re.compile(r"\s*(?:_|\||｜|-|－)\s*(?P<site>[^_|｜\-－]{2,30})$")


def _web_title(title: str | None) -> str | None:
    """*title* without what a web page adds to it: a mark of its media (…（图）, …[视频]) and the
    site's name after a separator (…_青禾新闻网, … - 青禾日报).

    >>> _web_title("青禾县召开春耕生产推进会（组图）_青禾新闻网")
    '青禾县召开春耕生产推进会'
    """
    if not title:
        return title
    if (m := _SITE_SUFFIX.search(title)) and _SOURCE_NAME.match(m["site"]) and m.start() > 0:
        title = title[: m.start()]
    return _PICTURE_MARK.sub("", title) or title


def _record_field(value: str | None) -> str | None:
    # A record's header field, read as its text is (simplified, full-width ASCII normalized).
    return (_norm(to_simplified(value)).strip() or None) if value else None


def _is_record(page: Page) -> bool:
    """A JSONL record or a saved web page (meta ``form`` = ``web``): one article, lines as printed."""
    return page.line is not None or page.get("form") == "web"


def _gaps(text: str, articles: list[Article]) -> tuple[tuple[int, int, str], ...]:
    gaps: list[tuple[int, int, str]] = []
    pos = 0
    for a in articles:
        if a.start > pos:
            gaps.append((pos, a.start, "blank" if not text[pos : a.start].strip() else "unassigned"))
        pos = a.end
    if pos < len(text):
        gaps.append((pos, len(text), "blank" if not text[pos:].strip() else "unassigned"))
    return tuple(gaps)
