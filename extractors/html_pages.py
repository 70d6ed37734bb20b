"""Read saved web pages (``.html``, ``.htm``, and ``.mht``/``.mhtml`` web archives) as one article each.

A news or e-paper article page holds one article inside navigation, ads, related-article lists
and a footer. The reader decodes the page (BOM, the charset the page declares, else the
evidence of its bytes: GB2312/GBK pages are read as GB18030), reads its header by structure
(the ``<h1>`` title, a heading just above it as the kicker (引题) and just below as the subtitle
(副题), the line under the title with its author and date, the 版次 an e-paper prints) and hands
the rest, with boilerplate blocks pruned and layout tables flattened, to trafilatura for the main
text.

The page guanxi reads is a text it composes, one line each: kicker, title, subtitle, the author
and date line as printed, then the paragraphs. That text is ``Page.text`` (written out with the
extractions), so offsets and provenance point at its characters. ``Page.meta`` holds what the
page's structure tells: ``title``, ``kicker``, ``subtitle``, ``date`` (ISO, from the page's meta
``article:published_time``/``publishdate``/…, else its visible dateline), ``page`` (the
e-paper's 版次), ``url`` (an archive's address) and ``form`` = ``web``: the segmenter reads the
page as one record, like a JSONL record, with these fields.

A page that cannot be read is a :class:`~guanxi.model.Problem`: empty, bytes that are no text,
an archive without an HTML part, or a page without main text (navigation and lists only).

Examples
--------
>>> html = ("<html><head><meta charset='utf-8'><meta name='publishdate' content='2024-05-02'></head><body>"
...         "<ul class='nav'><li><a href='/'>首页</a></li></ul><h1>某县召开春耕生产会议</h1>"
...         "<div class='content'><p>5月2日，某县召开春耕生产会议，部署全县春耕备耕工作。</p>"
...         "<p>会议要求，各乡镇要抓好农资供应和技术服务，确保不误农时。</p></div></body></html>")
>>> (page,) = read_html_bytes(html.encode(), "a.html")
>>> print(page.text)
某县召开春耕生产会议
<BLANKLINE>
5月2日，某县召开春耕生产会议，部署全县春耕备耕工作。
会议要求，各乡镇要抓好农资供应和技术服务，确保不误农时。
<BLANKLINE>
>>> page.get("title"), page.get("date")
('某县召开春耕生产会议', '2024-05-02')
"""

from __future__ import annotations

import codecs
import email
import email.policy
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from guanxi.extractors.decoding import DecodeError, sniff

from guanxi.model import Home, Page, Problem

__all__ = ["Decoded", "WebArticle", "decode_html", "parse_web_page", "read_file", "read_html_bytes"]

_ARCHIVE_SUFFIXES = (".mht", ".mhtml")
#: Pages larger than this are not parsed (a saved article page is far smaller).
MAX_HTML_BYTES = 64 << 20


@dataclass(frozen=True, slots=True)
class WebArticle:
    """What a web page shows of its article: header fields and the main text's paragraphs.

    ``byline`` is the line under the title as printed (author, source, time); ``date`` is ISO.
    """

    title: str | None
    paragraphs: tuple[str, ...]
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    date: str | None = None
    edition: str | None = None  # 版次 of an e-paper article (第03版 -> "3")
    url: str | None = None

    def page_text(self) -> str:
        """The text guanxi reads: the header lines, a blank line, the paragraphs (one a line)."""
        head = [x for x in (self.kicker, self.title, self.subtitle, self.byline) if x]
        return "\n".join(head) + ("\n\n" if head else "") + "\n".join(self.paragraphs) + "\n"

    def meta(self) -> tuple[tuple[str, str], ...]:
        fields = (
            ("title", self.title),
            ("kicker", self.kicker),
            ("subtitle", self.subtitle),
            ("date", self.date),
            ("page", self.edition),
            ("url", self.url),
        )
        return (*((k, v) for k, v in fields if v), ("form", "web"))


# --------------------------------------------------------------------------- reading files


def read_file(fh: BinaryIO, name: str, home: Home | None = None) -> Iterator[Page | Problem]:
    """The page (or the Problem) of one saved web page or web archive opened as *fh*."""
    try:
        data = fh.read(MAX_HTML_BYTES + 1)
    except OSError as err:
        yield Problem(name, None, f"cannot read: {err.strerror or err}")
        return
    if len(data) > MAX_HTML_BYTES:
        yield Problem(name, None, f"web page larger than {MAX_HTML_BYTES >> 20} MiB; not read")
        return
    yield from read_html_bytes(data, name, home)


def read_html_bytes(data: bytes, name: str, home: Home | None = None) -> Iterator[Page | Problem]:
    """The page (or the Problem) of a web page's bytes; *name* is its path."""
    if not data.strip():
        yield Problem(name, None, "empty file")
        return
    url = None
    charset = None
    archive = name.lower().endswith(_ARCHIVE_SUFFIXES)
    if archive:
        part = _archive_html(data)
        if part is None:
            yield Problem(name, None, "web archive without an HTML part")
            return
        data, charset, url = part
    try:
        dec = decode_html(data, charset)
    except DecodeError as err:
        yield Problem(name, None, str(err))
        return
    art = parse_web_page(dec.text)
    if art is None:
        yield Problem(name, None, "no main text found (only navigation, lists or footers)")
        return
    if url and not art.url:
        art = replace(art, url=url)
    yield Page(Path(name).stem, name, art.page_text(), None, dec.encoding, home, art.meta())
    if dec.bad_at is not None:  # kept, and reported as a text page with such bytes is
        where = "of the archive's HTML part" if archive else "of the file"
        yield Problem(
            name,
            None,
            f"bytes that are no {dec.encoding} text, from byte {dec.bad_at} {where}, read as U+FFFD",
        )
    if controls := sum(dec.text.count(chr(c)) for c in _CONTROLS):
        yield Problem(name, None, f"{controls} control characters (NUL, …) that are no text, left out")


def _archive_html(data: bytes) -> tuple[bytes, str | None, str | None] | None:
    # A web archive is a MIME message (multipart/related): its first text/html part is the page.
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset(), part.get("Content-Location")
    return None


# --------------------------------------------------------------------------- charset

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
#: Declared charsets read by a superset codec (pages declare gb2312 and print GBK characters).
_SUPERSET = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "cp936": "gb18030",
}


@dataclass(frozen=True, slots=True)
class Decoded:
    """An HTML page's text, the encoding it was read in, and the offset of its first byte that is
    no text (None when there is none; such bytes are read as U+FFFD)."""

    text: str
    encoding: str
    bad_at: int | None = None


def decode_html(data: bytes, declared: str | None = None) -> Decoded:
    """The text of an HTML page: a BOM, else the charset given by the archive or declared by the
    page (``<meta charset>``, ``http-equiv``) when its bytes decode in it, else the evidence of
    the bytes (:func:`guanxi.extractors.decoding.sniff`).

    Raises DecodeError when the bytes are no text.
    """
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decoded(data, enc)
    found = _META_CHARSET.search(data[:8192])
    for name in (declared, found.group(1).decode("ascii") if found else None):
        enc = _codec(name)
        if enc is None:
            continue
        try:
            return Decoded(data.decode(enc), enc)
        except UnicodeDecodeError:
            continue  # declared wrongly (a GBK page saying utf-8), or bad bytes: the bytes decide
    return _decoded(data, sniff(data, whole=True))


def _decoded(data: bytes, enc: str) -> Decoded:
    name = enc.removesuffix("-sig")
    try:
        return Decoded(data.decode(enc), name)
    except UnicodeDecodeError as err:
        return Decoded(data.decode(enc, errors="replace"), name, err.start)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _SUPERSET.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


# --------------------------------------------------------------------------- structure

# Boilerplate blocks by class or id word: navigation, breadcrumbs, ads, share bars, related and
# ranking lists, comments, footers.
_BOILER_WORDS = frozenset(
    "nav navbar navigation menu topbar toolbar breadcrumb crumb crumbs position location route "
    "footer foot bottom copyright ad ads adv advert advertisement banner share sharebar social "
    "related relate relevant xgxw xgyd recommend hot rank ranking sidebar side aside comment comments "
    "search print pagelinks pager pagination tags login logo qr qrcode".split()
)
_WORD = re.compile(r"[a-z]+")
_DROP_TAGS = ("script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "select", "button")
_SPACE = re.compile(r"\s+")
_FOOTER_LINE = re.compile(
    r"版权所有|copyright|©|技术支持\s*[:：]|ICP备|备案号|网站标识码|主办单位\s*[:：]", re.I
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CONTROLS = dict.fromkeys(c for c in range(32) if chr(c) not in "\t\n\r")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Class or id words of a kicker (引题) and a subtitle (副题) printed as plain blocks.
_KICKER_WORDS = frozenset("pre pretitle kicker yt yinti".split())
_SUBTITLE_WORDS = frozenset("sub subtitle subhead ft futi".split())
#: Blocks dropped when most of their text is in links (the article's header is read before).
_LINK_BLOCKS = frozenset(("ul", "ol", "table", "div", "td", *_HEADINGS))
_BYLINE_WORDS = re.compile(r"记者|通讯员|作者|来源|发布|时间|编辑|本报|(?:19|20)\d\d\s*[-年/]")
_EDITION = re.compile(r"第\s*0*(\d{1,3})\s*版")
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "og:release_date",
    "publishdate",
    "pubdate",
    "publish_date",
    "publishtime",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "date",
)
_AUTHOR_META = ("author", "article:author", "dc.creator")


def _text(el) -> str:
    return _SPACE.sub(" ", el.text_content()).strip()


def _words(el) -> set[str]:
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return set(_WORD.findall(attrs))


def parse_web_page(html: str) -> WebArticle | None:
    """The article of a web page, or None when it shows no main text."""
    import lxml.html
    import trafilatura  # loaded only when a web page is read

    # An XHTML page's <?xml … encoding=…?> line: the text is decoded already, and lxml refuses
    # a decoded text that declares an encoding.
    # Control characters (NUL from a broken save) are no text, and lxml refuses them.
    html = _XML_DECLARATION.sub("", html, count=1).translate(_CONTROLS)
    try:
        root = lxml.html.document_fromstring(html)
    except lxml.etree.ParserError:  # nothing but white space and comments
        return None
    metas = _metas(root)
    for el in root.xpath("//script|//style|//noscript|//comment()"):
        _drop(el)
    doc_title = _doc_title(root, metas)
    title_el = _title_element(root, doc_title)
    title = _text(title_el) if title_el is not None else doc_title
    kicker = subtitle = byline = None
    header: list = []
    before = ""
    if title_el is not None:
        header.append(title_el)
        kicker_el = _near_heading(title_el, "previous")
        subtitle_el = _near_heading(title_el, "next")
        kicker = _text(kicker_el) if kicker_el is not None else None
        subtitle = _text(subtitle_el) if subtitle_el is not None else None
        header += [x for x in (kicker_el, subtitle_el) if x is not None]
        byline_el = _byline_element(subtitle_el if subtitle_el is not None else title_el)
        if byline_el is not None:
            byline = _SPACE.sub(" ", " ".join(byline_el.itertext())).strip()
            header.append(byline_el)
        before = _text_before(root, kicker_el if kicker_el is not None else title_el)
    if byline is None or not re.search(r"作者|记者|通讯员", byline):
        author = next((metas[k] for k in _AUTHOR_META if metas.get(k)), None)
        if author:
            byline = f"{byline} 作者：{author}" if byline else f"作者：{author}"
    date = _meta_date(metas) or _visible_date(byline or "") or _visible_date(before)
    editions = _EDITION.findall(before)
    for el in header:
        _drop(el)
    _prune(root)
    text = trafilatura.extract(
        root,
        # No fallback extractors: the pruning above does their part, at a fifth of the time. Not
        # favor_precision: it drops paragraphs printed as text between <br> tags.
        fast=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    own = {x for x in (title, kicker, subtitle, byline) if x}
    paragraphs = tuple(
        p for line in (text or "").splitlines() if (p := _SPACE.sub(" ", line).strip()) and p not in own
    )
    # A footer the pruning did not see (no tag or class tells it): the site's copyright lines.
    while paragraphs and _FOOTER_LINE.search(paragraphs[-1]):
        paragraphs = paragraphs[:-1]
    if not paragraphs:
        return None
    return WebArticle(
        title=title or None,
        paragraphs=paragraphs,
        kicker=kicker or None,
        subtitle=subtitle or None,
        byline=byline,
        date=date,
        edition=editions[-1] if editions else None,
        url=metas.get("og:url"),
    )


def _drop(el) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:  # keep the text that follows the element
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _metas(root) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        value = (m.get("content") or "").strip()
        if key and value and key not in out:
            out[key] = value
    return out


def _title_element(root, doc_title: str | None):
    # The article's headline: an <h1>, else a block named title (or the heading inside it), else
    # the element that prints the page's own title (<title> less the site name). Of several: the
    # one that prints the page's title, else one that the page's title contains, else the
    # longest that is not a link (a site's logo and a column's name are links or shorter).
    def rank(el) -> tuple[bool, bool, bool, int]:
        s = _text(el)
        linked = _chars("".join(el.xpath(".//a//text()"))) >= _chars(s)
        return (s == doc_title, bool(doc_title) and len(s) >= 4 and s in doc_title, not linked, len(s))

    for found in (_h1s(root), _titled(root)):
        ranked = [(rank(el), k, el) for k, el in enumerate(found)]
        if ranked and (best := max(ranked, key=lambda x: (x[0], -x[1])))[0][2]:
            return best[2]
    if doc_title:  # an old page's headline in <font>, <b> or a table cell
        body = root.find("body")
        return next(
            (
                el
                for el in (body.iter() if body is not None else ())
                if isinstance(el.tag, str) and _text(el) == doc_title
            ),
            None,
        )
    return None


def _h1s(root) -> list:
    return [h for h in root.iter("h1") if _text(h)]


def _titled(root) -> list:
    out = []
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag != "title" and "title" in _words(el):
            inner = next((h for h in el.iter(*_HEADINGS) if _text(h)), None)
            if inner is not None:
                out.append(inner)
            elif _text(el) and len(_text(el)) <= 80 and el.find(".//p") is None:
                out.append(el)
    return out


def _doc_title(root, metas: dict[str, str]) -> str | None:
    # No headline element: the page's og:title or <title>, without the site name after _ - |.
    raw = metas.get("og:title") or next((_text(t) for t in root.iter("title")), "")
    raw = re.split(r"\s*(?:_|\||--|－| - )\s*", raw)[0].strip()
    return raw or None


def _near_heading(el, side: str):
    # A kicker is printed just above the title, a subtitle just below: the nearest element with
    # text on that side, when it is a short heading or a block named so (class="pre", "sub").
    sib = el.getprevious() if side == "previous" else el.getnext()
    while sib is not None and not (isinstance(sib.tag, str) and _text(sib)):
        sib = sib.getprevious() if side == "previous" else sib.getnext()
    if sib is None:
        return None
    named = _words(sib) & (_KICKER_WORDS if side == "previous" else _SUBTITLE_WORDS)
    if sib.tag not in _HEADINGS and not named:
        return None
    s = _text(sib)
    return sib if 2 <= len(s) <= 60 else None


def _byline_element(after):
    # The author/date line: among the few elements after the headline, a short one that names a
    # reporter, a source or a time.
    el = after
    for _ in range(4):
        nxt = el.getnext()
        while nxt is None and el.getparent() is not None:
            el = el.getparent()
            nxt = el.getnext()
        if nxt is None:
            return None
        el = nxt
        if not isinstance(el.tag, str):
            continue
        s = _text(el)
        if not s:
            continue
        if len(s) <= 120 and el.find(".//p") is None and _BYLINE_WORDS.search(s):
            return el
        if len(s) > 120:
            return None
    return None


def _text_before(root, stop) -> str:
    # The page's visible text above the article's header (an e-paper's edition bar and date).
    parts: list[str] = []
    for el in root.iter():
        if el is stop:
            break
        if isinstance(el.tag, str) and el.text and el.text.strip():
            parts.append(el.text.strip())
        if el.tail and el.tail.strip():
            parts.append(el.tail.strip())
    return " ".join(parts)


def _meta_date(metas: dict[str, str]) -> str | None:
    for key in _DATE_META:
        if (v := metas.get(key)) and (d := _visible_date(v)):
            return d
    return None


def _visible_date(s: str) -> str | None:
    import datetime as dt

    for m in _DATE.finditer(s):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            continue
    return None


def _prune(root) -> None:
    """Drop boilerplate blocks and flatten layout tables, so the extractor sees the article."""
    body = root.find("body")
    if body is None:
        return
    for el in list(body.iter(*_DROP_TAGS)):
        _drop(el)
    # Top down: a dropped block's inside is not looked at (each block's text is measured once).
    stack = list(body)
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        if _words(el) & _BOILER_WORDS and not el.xpath(".//h1"):
            _drop(el)
        elif el.tag in _LINK_BLOCKS and el.find(".//p") is None and _link_dense(el):
            # A list of links (related articles, a ranking, an edition bar) and its caption, or a
            # heading that is a link (the site's name).
            cap = el.getprevious()
            if cap is not None and cap.tag in _HEADINGS:
                _drop(cap)
            _drop(el)
        else:
            stack.extend(el)
    for table in list(body.iter("table")):
        if _layout_table(table):
            for el in table.iter("table", "tbody", "thead", "tr", "td", "th"):
                el.tag = "div"


def _layout_table(table) -> bool:
    # A table that lays out the page (blocks, line breaks or a paragraph's worth of text in a
    # cell), not one of figures; its rows and cells are read as blocks.
    if table.xpath(".//p|.//div|.//br|.//h1|.//h2|.//h3"):
        return True
    return any(_chars(td.text_content()) > 60 for td in table.iter("td"))


def _link_dense(el) -> bool:
    total = _chars(el.text_content())
    linked = _chars("".join(el.xpath(".//a//text()")))
    return total > 0 and linked / total > 0.5


def _chars(s: str) -> int:
    # Characters of text, white space left out.
    return len("".join(s.split()))
