"""Run the pipeline over articles and pages; turn Docs into plain records (nothing spaCy leaves here).

Examples
--------
>>> ex = extract("本报讯 记者李明报道：5月6日，市委常委、宣传部部长王建国出席活动并讲话。", home="河北省/保定市")
>>> [(p.name, p.kind, p.titles) for p in ex.persons]
[('李明', 'journalist', ['记者']), ('王建国', 'official', ['市委常委', '宣传部部长'])]
>>> ex.persons[1].posts[1].canonical
'保定市委宣传部部长'
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cache
from typing import Any

from guanxi.extractors.components.persons import PostMatch, doctrine_names, person_kind
from guanxi.extractors.extensions import doc_text
from guanxi.extractors.normalize import TextMap, normalize, to_simplified
from guanxi.extractors.pipeline import make_nlp
from spacy.language import Language
from spacy.tokens import Doc, Span

from guanxi.errors import ExtractionError
from guanxi.model import (
    Appointment,
    Article,
    ArticleExtraction,
    Event,
    Home,
    Organization,
    Page,
    PageExtraction,
    Participant,
    Person,
    Place,
    Post,
    Problem,
    Profile,
    Provenance,
)
from guanxi.sentences import sentence_index, sentence_spans

__all__ = [
    "article_from_text",
    "doc_to_extraction",
    "extract",
    "extract_page",
    "extract_pages",
    "get_nlp",
    "normalized",
    "page_articles",
    "render_pages",
]


@cache
def get_nlp() -> Language:
    """The process-wide pipeline (built once per process; workers build their own). A component
    that fails on an article notes it on the Doc (:func:`extract_page` reports the article)."""
    return make_nlp(record_errors=True)


def _home(home: Home | str | None) -> Home | None:
    if home is None or isinstance(home, Home):
        return home or None
    return Home.parse(home)


def _home_str(home: Home | None) -> str | None:
    if not home:
        return None
    return f"{home.province or ''}/{home.city or ''}"


def article_from_text(text: str, *, article_id: str = "article:0", page_id: str = "page:0") -> Article:
    """Wrap plain text as a one-article page (for notebooks and JSONL records without segmentation)."""
    return Article(article_id, page_id, 0, None, "news", None, text, 0, len(text))


def extract(
    text: str,
    *,
    home: Home | str | None = None,
    article: Article | None = None,
    page_names: Iterable[str] = (),
    nlp: Language | None = None,
) -> ArticleExtraction:
    """Extract persons, organizations, places and events from one article's text.

    Parameters
    ----------
    text:
        The article's clean text (``article.text`` when *article* is given).
    home:
        The paper's home (``Home`` or ``"省/市"``): 市委, 我市 refer to it.
    article:
        The article the text belongs to (ids, date and offsets into the page); one is made up if None.
    page_names:
        Names with strong evidence elsewhere on the same page.
    nlp:
        A pipeline from :func:`make_nlp` (default: the process-wide one).

    Raises
    ------
    ExtractionError
        A component failed on the text (with the default pipeline; another raises what the
        component raised, unless its error handler says otherwise).
    """
    art = normalized(article or article_from_text(text))
    nlp = nlp or get_nlp()
    doc = nlp(_prepare(nlp, art, _home(home), page_names), disable=_unused(nlp))
    if doc._.guanxi_errors:
        raise ExtractionError(f"article {art.article_id}: {_failure(doc)}")
    return doc_to_extraction(doc, art)


def normalized(art: Article) -> Article:
    """*art* with its text normalized (:func:`~guanxi.extractors.normalize.normalize`: script,
    spaces inside names, hard wraps) and its offsets still pointing into the original page."""
    tm = normalize(art.text)
    if tm.text == art.text:
        return art
    page = tm.compose(TextMap(art.text, art.offsets, art.start))
    return replace(art, text=tm.text, offsets=page.offsets)


def _unused(nlp: Language) -> list[str]:
    """Components whose output the records never read: the ``doc.ents`` layer (for displaCy and
    spaCy's tools) is skipped when extracting."""
    return [name for name in ("guanxi_entities",) if name in nlp.pipe_names]


def _prepare(nlp: Language, art: Article, home: Home | None, page_names: Iterable[str]) -> Doc:
    doc = nlp.make_doc(art.text)
    doc._.guanxi_article_id = art.article_id
    doc._.guanxi_home = _home_str(home)
    doc._.guanxi_page_names = sorted(set(page_names))
    doc._.guanxi_page_date = art.date
    doc._.guanxi_article = {
        "title": art.title,
        "date": art.date,
        "kind": art.kind,
        "subtitle": art.subtitle,
        "reporters": [r.name for r in art.reporters],
    }
    return doc


# -- pages ----------------------------------------------------------------------------------------


def page_articles(page: Page, home: Home | None = None) -> tuple[Article, ...]:
    """Cut *page* into articles with the segmenter (one article for the whole text if it is missing)."""
    try:
        from guanxi.extractors.segment import segment
    except ImportError:
        segment = None
    if segment is not None:
        return tuple(normalized(a) for a in segment(page, home=home).articles)
    whole = Article(f"{page.page_id}#0", page.page_id, 0, None, "news", None, page.text, 0, len(page.text))
    return (normalized(whole),)


def _page_home(page: Page, home: Home | None) -> Home:
    if page.home:
        return page.home
    if home:
        return home
    try:
        from guanxi.extractors.home import find_home
    except ImportError:
        return Home()
    source = page.get("source")
    return find_home(to_simplified(page.text), to_simplified(source) if source else None) or Home()


def extract_page(
    page: Page,
    *,
    home: Home | str | None = None,
    nlp: Language | None = None,
    problems: list[Problem] | None = None,
) -> PageExtraction:
    """Segment and extract one page.

    An article on which a component failed (noted on its Doc by the pipeline's error handler, see
    :func:`get_nlp`) is kept with an empty extraction and reported: appended to *problems* as a
    :class:`~guanxi.model.Problem` naming the page, the article id and the error, or raised as
    :class:`~guanxi.errors.ExtractionError` when *problems* is None.
    """
    nlp = nlp or get_nlp()
    h = _page_home(page, _home(home))
    articles = page_articles(page, h)
    names = {r.name for art in articles for r in art.reporters}
    unused = _unused(nlp)
    out = []
    for art in articles:
        # nlp(doc), not nlp.pipe: spaCy's pipe drops a Doc whose component failed (after the
        # handler), while nlp() hands it on, with the failure noted, to the next component.
        doc = nlp(_prepare(nlp, art, h, names), disable=unused)
        if not doc._.guanxi_errors:
            out.append(doc_to_extraction(doc, art))
            continue
        problem = Problem(page.path, page.line, f"article {art.article_id}: {_failure(doc)}")
        if problems is None:
            raise ExtractionError(str(problem))
        problems.append(problem)
        out.append(ArticleExtraction(art, sentences=tuple(sentence_spans(art.text))))
    return PageExtraction(page, h, tuple(out))


def _failure(doc: Doc) -> str:
    """What failed on *doc*: ``not extracted (component: error; ...)``."""
    return "not extracted (" + "; ".join(f"{e['component']}: {e['error']}" for e in doc._.guanxi_errors) + ")"


_WORKER_HOME: Home | None = None


def _start_worker(home: Home | None) -> None:
    """Pool initializer: build the pipeline and load every lexicon once, before the first page
    (a no-op for what a forked worker inherits from its parent)."""
    global _WORKER_HOME
    _WORKER_HOME = home
    extract("市委书记王建国主持会议。", home=home)


def _worker(page: Page) -> tuple[PageExtraction, list[Problem]]:
    problems: list[Problem] = []
    return extract_page(page, home=_WORKER_HOME, problems=problems), problems


def extract_pages(
    pages: Iterable[Page],
    *,
    jobs: int = 1,
    home: Home | str | None = None,
    chunksize: int = 2,
    on_problem: Callable[[Problem], None] | None = None,
) -> Iterator[PageExtraction]:
    """Extract every page, in input order; ``jobs > 1`` uses that many worker processes.

    Each worker builds its pipeline once, in its initializer; pages stream through ``imap`` in
    chunks of *chunksize* pages, so memory stays flat and the pool's messages stay few.
    An article that could not be extracted (see :func:`extract_page`) goes to *on_problem*
    before its page is yielded, and the run goes on; without *on_problem* it raises
    :class:`~guanxi.errors.ExtractionError`.
    """
    h = _home(home)
    for px, problems in _extract_pages(pages, jobs, h, chunksize):
        if problems and on_problem is None:
            raise ExtractionError(str(problems[0]))
        for problem in problems:
            on_problem(problem)
        yield px


def _extract_pages(
    pages: Iterable[Page], jobs: int, h: Home | None, chunksize: int
) -> Iterator[tuple[PageExtraction, list[Problem]]]:
    if jobs <= 1:
        for page in pages:
            problems: list[Problem] = []
            yield extract_page(page, home=h, problems=problems), problems
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    # Forked workers share the parent's lexicons copy-on-write; freezing them keeps the workers'
    # garbage collector from touching (and so copying) those pages.
    gc.freeze()
    try:
        with ctx.Pool(jobs, initializer=_start_worker, initargs=(h,)) as pool:
            yield from pool.imap(_worker, pages, chunksize=max(1, chunksize))
    finally:
        gc.unfreeze()


# -- Doc -> records -------------------------------------------------------------------------------


class _Sentences:
    """The article's sentence units (:func:`guanxi.sentences.sentence_spans`), stored once in the
    extraction; provenance points at them by index."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = tuple(sentence_spans(text))
        self.starts = [s.start for s in self.spans]

    def index(self, pos: int) -> int:
        """Index of the unit holding the character at *pos*."""
        return sentence_index(self.starts, pos)

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Offsets of the units from the one holding *start* to the one holding ``end - 1``."""
        return self.spans[self.index(start)].start, self.spans[self.index(max(start, end - 1))].end


def _prov(art: Article, sents: _Sentences, start: int, end: int) -> Provenance:
    return Provenance(
        art.article_id,
        sents.index(start),
        start,
        end,
        art.page_offset(start),
        art.page_offset(end - 1) + 1 if end > start else art.page_offset(start),
    )


def doc_to_extraction(doc: Doc, art: Article) -> ArticleExtraction:
    """Turn a processed Doc into an :class:`ArticleExtraction` (frozen, JSON-ready)."""
    sents = _Sentences(doc_text(doc))
    persons = _persons(doc, art, sents)
    orgs, org_optional = _organizations(doc, art, sents)
    places, place_optional = _places(doc, art, sents)
    events = _events(doc, art, sents)
    optional = sorted(set(org_optional) | set(place_optional) | _optional_persons(doc))
    appointments = _appointments(doc, art, sents)
    return ArticleExtraction(
        art, persons, orgs, places, events, tuple(optional), sents.spans, appointments=appointments
    )


def _optional_persons(doc: Doc) -> set[str]:
    # A leader's name inside a doctrine's name (X新时代中国特色社会主义思想) is optional, not a person.
    return {name for _s, _e, name in doctrine_names(doc_text(doc))}


# A residents' or villagers' committee printed without its community or village, and the place kind.
_BARE_COMMITTEE = re.compile(r"^(?:原)?(居委会|居委|村委会|村委)")
_COMMITTEE_PLACE = {"居委会": "社区", "居委": "社区", "村委会": "村", "村委": "村"}


def _place_spans(doc: Doc) -> list[tuple[int, int, str, str | None]]:
    out = []
    for span in doc.spans.get("guanxi_places", []):
        data = _span_data(span, "place")
        if not data.get("optional"):
            start, end = data.get("start", span.start_char), data.get("end", span.end_char)
            out.append((start, end, data.get("text", span.text), data.get("level")))
    return out


def _resolve_post(
    p: PostMatch, places: Callable[[], list[tuple[int, int, str, str | None]]], sents: _Sentences
) -> PostMatch:
    """Give a post the body the article makes certain: a bare 县/区 before a body (县惠民煤气有限公司)
    is the one county the article names; a bare 居委会/村委会 is the one community or village
    named in the same sentence. Anything less certain stays as printed."""
    org = p.organization
    if org and org[0] in "县区" and len(org) > 1:
        counties = {name for _s, _e, name, level in places() if level == "county" and name.endswith(org[0])}
        if len(counties) == 1:
            (county,) = counties
            canonical = county + p.canonical[1:] if p.canonical and p.canonical[0] == org[0] else p.canonical
            return replace(p, canonical=canonical, organization=county + org[1:])
        return p
    m = _BARE_COMMITTEE.match(p.title)
    if org is None and m:
        kind = _COMMITTEE_PLACE[m.group(1)]
        s, e = sents.bounds(p.start, p.end)
        named = {name for ps, pe, name, _level in places() if s <= ps and pe <= e and name.endswith(kind)}
        if len(named) == 1:
            (place,) = named
            title = p.title[m.start(1) :]
            return replace(p, canonical=place + title, organization=place + m.group(1))
    return p


def _persons(doc: Doc, art: Article, sents: _Sentences) -> tuple[Person, ...]:
    by_name: dict[str, dict[str, Any]] = {}
    places = cache(lambda: _place_spans(doc))  # read only for the few posts that need a place
    records = doc._.guanxi_persons or []
    # One type per record (guanxi_mentions); a pipeline without that component classifies nothing.
    types = doc._.guanxi_mentions or [None] * len(records)
    for rec, mtype in zip(records, types, strict=True):
        entry = by_name.setdefault(
            rec["name"], {"posts": {}, "journalist": False, "prov": [], "types": [], "first": rec["start"]}
        )
        for p in rec["posts"]:
            entry["posts"].setdefault(p["title"], _resolve_post(PostMatch(**p), places, sents))
        if rec["evidence"] == "byline":
            entry["journalist"] = True
        entry["prov"].append(_prov(art, sents, rec["start"], rec["end"]))
        entry["types"].append(mtype)
    # The segmenter's bylines (art.reporters) make journalists too, also when the byline lies
    # outside the article's text (then the person carries no provenance).
    for r in art.reporters:
        entry = by_name.get(r.name)
        if entry is None:
            at = doc_text(doc).find(r.name)
            prov = [_prov(art, sents, at, at + len(r.name))] if at >= 0 else []
            entry = by_name[r.name] = {
                "posts": {},
                "journalist": True,
                "prov": prov,
                "types": ["byline"] * len(prov),
                "first": max(at, 0),
            }
        entry["journalist"] = True
        # the byline's role as the segmenter reads it (记者), unless printed in full (全媒体记者)
        if r.role and r.role.endswith(("记者", "通讯员")) and not any(t.endswith(r.role) for t in entry["posts"]):
            entry["posts"][r.role] = PostMatch(r.role, 0, 0, "journalist", r.role, None)
    profiles = _profiles(doc, art, sents)
    out: list[Person] = []
    for name, entry in sorted(by_name.items(), key=lambda kv: kv[1]["first"]):
        posts = list(entry["posts"].values())
        kind = person_kind(posts, journalist=entry["journalist"])
        shown = [p for p in posts if p.kind in ("post", "company", "journalist")]
        out.append(
            Person(
                name,
                kind,
                tuple(Post(p.title, p.canonical, p.organization, p.former) for p in shown),
                tuple(entry["prov"]),
                profiles.get(name),
                tuple(entry["types"]) if None not in entry["types"] else (),
            )
        )
    return tuple(out)


def _profiles(doc: Doc, art: Article, sents: _Sentences) -> dict[str, Profile]:
    """Publicity-list particulars by name (the first printed, if a name is listed twice)."""
    out: dict[str, Profile] = {}
    for p in doc._.guanxi_profiles or []:
        out.setdefault(
            p["name"],
            Profile(
                p["sex"],
                p["ethnicity"],
                p["birth"],
                p["education"],
                p["party_entry"],
                (_prov(art, sents, p["start"], p["end"]),),
            ),
        )
    return out


def _appointments(doc: Doc, art: Article, sents: _Sentences) -> tuple[Appointment, ...]:
    return tuple(
        Appointment(
            a["name"],
            a["action"],
            a["title"],
            a["canonical"],
            a["organization"],
            a["date"],
            a["decided_by"],
            (_prov(art, sents, a["start"], a["end"]),),
        )
        for a in doc._.guanxi_appointments or []
    )


def _span_data(span: Span, *names: str) -> dict[str, Any]:
    """The first of the span's records ``span._.org``/``span._.place`` named in *names* that is set."""
    for n in names:
        value = getattr(span._, n)
        if isinstance(value, dict):
            return value
    return {}


def _group_spans(
    doc: Doc, key: str, names: tuple[str, ...], art: Article, sents: _Sentences
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Group a span group by surface name: solid names with their data and provenance, and the
    names that stood only inside other names (optional)."""
    text = sents.text  # the article text, read once
    solid: dict[str, dict[str, Any]] = {}
    optional: list[str] = []
    for span in doc.spans.get(key, []):
        data = _span_data(span, *names)
        start, end = data.get("start", span.start_char), data.get("end", span.end_char)
        name = data.get("text", text[start:end])
        if data.get("optional"):
            optional.append(name)
            continue
        entry = solid.setdefault(name, {"data": data, "prov": []})
        entry["prov"].append(_prov(art, sents, start, end))
    return solid, [o for o in optional if o not in solid]


def _organizations(doc: Doc, art: Article, sents: _Sentences) -> tuple[tuple[Organization, ...], list[str]]:
    solid, optional = _group_spans(doc, "guanxi_organizations", ("org",), art, sents)
    orgs = tuple(
        Organization(
            name,
            e["data"].get("type", "other"),
            e["data"].get("canonical"),
            e["data"].get("parent"),
            tuple(e["prov"]),
        )
        for name, e in solid.items()
    )
    return orgs, optional


def _places(doc: Doc, art: Article, sents: _Sentences) -> tuple[tuple[Place, ...], list[str]]:
    solid, optional = _group_spans(doc, "guanxi_places", ("place",), art, sents)
    places = tuple(
        Place(
            name,
            e["data"].get("level"),
            e["data"].get("code"),
            e["data"].get("official_name"),
            e["data"].get("parent_code"),
            tuple(e["prov"]),
        )
        for name, e in solid.items()
    )
    return places, optional


def _events(doc: Doc, art: Article, sents: _Sentences) -> tuple[Event, ...]:
    out: list[Event] = []
    for ev in doc._.guanxi_events or []:
        out.append(
            Event(
                ev["title"],
                ev["type"],
                ev.get("date"),
                ev.get("date_end"),
                tuple(ev.get("organizers", ())),
                tuple(ev.get("places", ())),
                tuple(Participant(p["name"], p["role"]) for p in ev.get("participants", ())),
                (_prov(art, sents, ev["start"], ev["end"]),),
            )
        )
    return tuple(out)


# -- display ---------------------------------------------------------------------------------------

_COLORS = {
    "PERSON": "#ffd166",
    "TITLE": "#a0c4ff",
    "ORG": "#caffbf",
    "GPE": "#ffadad",
    "LOC": "#ffc6ff",
    "DATE": "#e0e0e0",
}


def render_pages(
    pages: Iterable[Page], *, home: Home | str | None = None, nlp: Language | None = None
) -> str:
    """One HTML page showing every article of *pages* with displaCy: persons, titles,
    organizations, places and dates highlighted (overlaps shown), then the persons with their
    posts and the events with their participants, for checking the extraction by eye."""
    from html import escape

    from spacy import displacy
    from spacy.util import filter_spans

    nlp = nlp or get_nlp()
    parts = [
        "<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><title>guanxi show</title>",
        "<style>body{font-family:sans-serif;max-width:70em;margin:auto}table{border-collapse:collapse;margin:.5em 0 2em}"
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}h2{margin-top:2em}"
        ".legend span{padding:0 .4em;margin-right:.3em}</style></head><body>",
        "<p class='legend'>"
        + "".join(f"<span style='background:{c}'>{k}</span>" for k, c in _COLORS.items())
        + "</p>",
    ]
    h = _home(home)
    for page in pages:
        ph = _page_home(page, h)
        articles = page_articles(page, ph)
        names = {r.name for art in articles for r in art.reporters}
        docs = [_prepare(nlp, art, ph, names) for art in articles]
        parts.append(f"<h1>{escape(page.file)} <small>{escape(_home_str(ph) or '')}</small></h1>")
        for doc, art in zip(nlp.pipe(docs), articles, strict=True):
            ax = doc_to_extraction(doc, art)
            show: list[Span] = []
            for key in (
                "guanxi_persons",
                "guanxi_titles",
                "guanxi_organizations",
                "guanxi_places",
                "guanxi_dates",
            ):
                for span in doc.spans.get(key, []):
                    data = _span_data(span, "org", "place")
                    if not data.get("optional"):
                        show.append(span)
            # displaCy's "ent" style keeps Chinese text unspaced; titles win over the bodies inside them.
            ents = [
                {"start": sp.start_char, "end": sp.end_char, "label": sp.label_}
                for sp in sorted(filter_spans(show), key=lambda sp: sp.start_char)
            ]
            parts.append(
                f"<h2>{escape(art.title or '(' + art.kind + ')')} <small>{escape(art.date or '')}</small></h2>"
            )
            parts.append(
                displacy.render(
                    {"text": doc_text(doc), "ents": ents, "title": None},
                    style="ent",
                    manual=True,
                    options={"colors": _COLORS, "ents": list(_COLORS)},
                )
            )
            rows = "".join(
                f"<tr><td>{escape(p.name)}</td><td>{p.kind}</td><td>"
                + "<br>".join(escape(f"{q.title} → {q.canonical or ''}") for q in p.posts)
                + "</td></tr>"
                for p in ax.persons
            )
            if rows:
                parts.append(
                    f"<table><tr><th>person</th><th>kind</th><th>posts → canonical</th></tr>{rows}</table>"
                )
            rows = "".join(
                f"<tr><td>{escape(e.title)}</td><td>{e.type}</td><td>{escape(e.date or '')}</td>"
                f"<td>{escape('、'.join(e.organizers))}</td><td>{escape('、'.join(e.places))}</td><td>"
                + escape("、".join(f"{p.name}({p.role})" for p in e.participants))
                + "</td></tr>"
                for e in ax.events
            )
            if rows:
                parts.append(
                    "<table><tr><th>event</th><th>type</th><th>date</th><th>organizers</th><th>places</th>"
                    f"<th>participants</th></tr>{rows}</table>"
                )
    parts.append("</body></html>")
    return "\n".join(parts)
