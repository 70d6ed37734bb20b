"""The gold schema of ``GUIDELINES.md`` for one page, from a :class:`PageExtraction`.

Keys of the gold schema: ``file, home, articles, persons, organizations, places, optional, events``,
and ``appointments`` (person, action, title, canonical, organization, date, decided_by; only on a
page that prints any). Extra keys (ignored by the scorer): ``page_id``, per-person ``id``/``posts``
(canonical titles, bodies, ``former`` for 原…)/``mentions`` (offsets and mention type)/``profile`` (publicity-list
particulars, when printed), ``organization_details``, ``place_details`` (types, canonical names,
codes), per-event ``id``/``date_end``/``evidence``, per-appointment ``article_id``/``evidence``.

Examples
--------
>>> from guanxi.model import Page, PageExtraction, Home
>>> to_gold(PageExtraction(Page("p", "a/b.txt", ""), Home("山西省", "长治市")))["file"]
'b.txt'
"""

from __future__ import annotations

from typing import Any

from guanxi.model import ArticleExtraction, PageExtraction, stable_id

__all__ = ["to_gold"]

_KIND_RANK = {"official": 2, "journalist": 1, "other": 0}


def _offsets(prov) -> list[list[int | None]]:
    return [[p.start, p.end, p.page_start, p.page_end] for p in prov]


def _merge_persons(articles: tuple[ArticleExtraction, ...]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for ax in articles:
        for p in ax.persons:
            entry = merged.setdefault(
                p.name, {"name": p.name, "kind": p.kind, "titles": [], "posts": [], "mentions": []}
            )
            if _KIND_RANK[p.kind] > _KIND_RANK[entry["kind"]]:
                entry["kind"] = p.kind
            for post in p.posts:
                if post.title not in entry["titles"]:
                    entry["titles"].append(post.title)
                    record = {
                        "title": post.title,
                        "canonical": post.canonical,
                        "organization": post.organization,
                    }
                    if post.former:
                        record["former"] = True  # 原局长: a post held before
                    entry["posts"].append(record)
            entry["mentions"].extend(
                {
                    "article_id": pr.article_id,
                    "start": pr.start,
                    "end": pr.end,
                    "page_start": pr.page_start,
                    "type": mtype,
                }
                for pr, mtype in zip(p.prov, p.mention_types, strict=True)
            )
            if p.profile is not None and "profile" not in entry:
                entry["profile"] = {k: v for k, v in p.profile.to_dict().items() if k != "prov"}
    out = []
    for entry in merged.values():
        if entry["kind"] == "official":
            # An official's byline words (记者) would be noise; a journalist keeps only those.
            keep = [i for i, t in enumerate(entry["titles"]) if not t.endswith(("记者", "通讯员"))] or []
        elif entry["kind"] == "journalist":
            keep = [i for i, t in enumerate(entry["titles"]) if t.endswith(("记者", "通讯员"))]
        else:
            keep = list(range(len(entry["titles"])))
        entry["titles"] = [entry["titles"][i] for i in keep]
        entry["posts"] = [entry["posts"][i] for i in keep]
        entry["id"] = stable_id("person", {"name": entry["name"]})
        out.append(entry)
    return out


def to_gold(px: PageExtraction) -> dict[str, Any]:
    """Return the page in the gold schema (plus extra keys), deterministic in content and order."""
    home = {"province": px.home.province, "city": px.home.city} if px.home else {}
    articles = []
    for ax in px.articles:
        a = ax.article
        reporters = [r.name for r in a.reporters]
        if not reporters:
            # The segmenter read no byline: fall back on the journalists the extractor found
            # with a byline word (记者, 通讯员); editors and bare names are no reporters.
            reporters = [p.name for p in ax.persons if p.kind == "journalist" and p.titles]
        articles.append(
            {"title": a.title, "kind": a.kind, "date": a.date, "reporters": reporters, "id": a.article_id}
        )
    orgs: dict[str, dict[str, Any]] = {}
    places: dict[str, dict[str, Any]] = {}
    optional: set[str] = set()
    for ax in px.articles:
        for o in ax.organizations:
            orgs.setdefault(
                o.name, {"name": o.name, "type": o.type, "canonical": o.canonical, "parent": o.parent}
            )
        for pl in ax.places:
            places.setdefault(
                pl.name,
                {"name": pl.name, "level": pl.level, "code": pl.code, "official_name": pl.official_name},
            )
        optional.update(ax.optional)
    optional -= set(orgs) | set(places)
    events = []
    seen_events: set[tuple[str, str | None]] = set()
    for ax in px.articles:
        for ev in ax.events:
            key = (ev.title, ev.date)
            if key in seen_events:
                continue
            seen_events.add(key)
            events.append(
                {
                    "id": stable_id("event", {"page": px.page.page_id, "title": ev.title, "date": ev.date}),
                    "title": ev.title,
                    "type": ev.type,
                    "date": ev.date,
                    "date_end": ev.date_end,
                    "organizers": list(ev.organizers),
                    "places": list(ev.places),
                    "participants": [{"name": p.name, "role": p.role} for p in ev.participants],
                    "evidence": [
                        {
                            "article_id": pr.article_id,
                            "sentence": ax.evidence(pr),
                            "start": pr.start,
                            "end": pr.end,
                        }
                        for pr in ev.prov
                    ],
                }
            )
    gold = {
        "file": px.page.file,
        "page_id": px.page.page_id,
        "home": home,
        "articles": articles,
        "persons": _merge_persons(px.articles),
        "organizations": list(orgs),
        "places": list(places),
        "optional": sorted(optional),
        "events": events,
        "organization_details": list(orgs.values()),
        "place_details": list(places.values()),
    }
    appointments = _appointments(px.articles)
    if appointments:  # only on pages that print any: other pages keep their bytes
        gold["appointments"] = appointments
    return gold


def _appointments(articles: tuple[ArticleExtraction, ...]) -> list[dict[str, Any]]:
    return [
        {
            "person": a.person,
            "action": a.action,
            "title": a.title,
            "canonical": a.canonical,
            "organization": a.organization,
            "date": a.date,
            "decided_by": a.decided_by,
            "article_id": ax.article.article_id,
            "evidence": ax.evidence(a.prov[0]) if a.prov else "",
        }
        for ax in articles
        for a in ax.appointments
    ]
