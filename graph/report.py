"""The offline report page: one self-contained ``OUT/index.html`` written from a build's output folder.

The page needs no network: the vendored graph drawing library (sigma.js with graphology, bundled by
``scripts/vendor-web.sh`` into ``report_assets/vendor.min.js``), the page's own script and style, and
the data (JSON in a ``<script type="application/json">`` tag) are all inlined into the one file.

What is embedded is bounded so that the page stays small and responsive on large corpora:

- the network holds the ``max_nodes`` Person/Organization/Place/Event nodes of highest degree (the page
  shows the top ``top_n`` of them and lets the reader raise that up to ``max_nodes``);
- provenance keeps at most ``evidence`` sentences per entity (one per article, in file order) for the
  network's nodes and events, and fewer (``evidence_rest``) for the others; only those sentences are
  kept, never full article texts, each with the mention's offsets relative to the sentence.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from guanxi.errors import InputError, OutputError
from guanxi.outputs import atomic_open
from guanxi.sentences import CLOSING_MARKS, SENTENCE_MARKS

__all__ = ["build_report_data", "render_report", "write_report"]

# Labels of the entities the page shows; Article nodes are the provenance, not network nodes.
ENTITY_LABELS = ("Person", "Organization", "Place", "Event")
_LABEL_CODE = {label: i for i, label in enumerate(ENTITY_LABELS)}

# Edge types drawn in the network, as bits of one mask per merged node pair.
EDGE_BITS = {
    "CO_OCCURS": 1,
    "HOLDS_POST": 2,
    "PARTICIPATED_IN": 4,
    "ORGANIZED": 8,
    "HELD_AT": 16,
    "LOCATED_IN": 32,
    "PART_OF": 64,
}

_MAX_PROBLEMS = 2000  # rejected inputs listed on the page (the full list is in report.json)
_SENTENCE_WINDOW = 70  # characters kept either side of a mention in a long sentence
_LONG_SENTENCE = 180
_SENTENCE_ENDS = SENTENCE_MARKS + "\n" + CLOSING_MARKS  # a sentence end, closing marks included


@dataclass(slots=True)
class _Entity:
    id: str
    label: str
    name: str
    props: dict[str, Any]
    neighbours: set[int] = field(default_factory=set)
    evidence: list[tuple[int, int, int]] = field(default_factory=list)
    mentions: int = 0  # articles in which the extractions mention it


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of *path*, one per non-blank line; a missing file yields nothing."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{path}:{lineno}: not valid JSON ({err.msg})") from err
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{lineno}: expected a JSON object")
            yield obj


def _name_of(label: str, props: dict[str, Any], node_id: str) -> str:
    keys = ("title", "name") if label == "Event" else ("name", "canonical", "official_name", "title")
    for key in keys:
        value = props.get(key)
        if isinstance(value, str) and value:
            return value
    return node_id


def _surfaces(label: str, props: dict[str, Any], name: str) -> set[str]:
    """Every string under which an extraction may name this node (name, canonical, aliases...)."""
    out = {name}
    for key in ("name", "title", "canonical", "official_name", "aliases", "names", "surface_forms"):
        value = props.get(key)
        if isinstance(value, str):
            out.add(value)
        elif isinstance(value, list | tuple):
            out.update(v for v in value if isinstance(v, str))
    return {s for s in out if s}


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None]
    return []


def _article_count(props: dict[str, Any]) -> int:
    # Persons, organizations and places count their articles; events list them.
    value = props.get("articles")
    return value if isinstance(value, int) else len(_str_list(value))


def _first(props: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        value = props.get(key)
        if value not in (None, "", [], ()):
            return value
    return None


def _evidence(text: str, sentences: list[dict[str, Any]], pv: dict[str, Any]) -> tuple[str, int, int]:
    """The sentence a provenance item points at, with the mention's offsets in it (clipped to a
    window around the mention when long; a piece of an over-long sentence is marked with …)."""
    k, start, end = pv.get("sentence"), int(pv.get("start") or 0), int(pv.get("end") or 0)
    if not isinstance(k, int) or not 0 <= k < len(sentences):
        return "", 0, 0
    s = sentences[k]
    lo, hi = int(s.get("start") or 0), int(s.get("end") or 0)
    # An event's span may run past its first sentence: its evidence is the part within it.
    sentence, hs, he = text[lo:hi], start - lo, min(end, hi) - lo
    if not (sentence and 0 <= hs < he <= len(sentence)):
        return sentence, 0, 0
    sentence, hs, he = _clip(sentence, hs, he)
    if s.get("cut"):  # a piece of a long (list) sentence: mark where the sentence goes on
        before, after = text[:lo].rstrip(), text[hi:].lstrip()
        if before and before[-1] not in _SENTENCE_ENDS and not sentence.startswith("…"):
            sentence, hs, he = "…" + sentence, hs + 1, he + 1
        if after and text[hi - 1] not in _SENTENCE_ENDS and not sentence.endswith("…"):
            sentence += "…"
    return sentence, hs, he


def _clip(sentence: str, hs: int, he: int) -> tuple[str, int, int]:
    """Keep a window of a long sentence around ``[hs, he)``, marking cuts with an ellipsis."""
    if len(sentence) <= _LONG_SENTENCE:
        return sentence, hs, he
    lo = max(0, hs - _SENTENCE_WINDOW)
    hi = min(len(sentence), he + _SENTENCE_WINDOW)
    head = "…" if lo > 0 else ""
    tail = "…" if hi < len(sentence) else ""
    return head + sentence[lo:hi] + tail, hs - lo + len(head), he - lo + len(head)


def _file_name(path: str | None) -> str:
    return (path or "").replace("\\", "/").rsplit("/", 1)[-1]


def build_report_data(
    out_dir: Path,
    *,
    top_n: int = 500,
    max_nodes: int = 5000,
    max_edges: int = 50_000,
    evidence: int = 20,
    evidence_rest: int = 3,
) -> dict[str, Any]:
    """Read a build's output folder and return the page's data (JSON-ready, deterministic).

    Parameters
    ----------
    out_dir
        Folder written by ``guanxi build``: ``nodes.jsonl``, ``edges.jsonl``, ``extractions.jsonl``
        and ``report.json`` (each optional; a missing file contributes nothing).
    top_n
        Network nodes shown when the page opens (highest degree first).
    max_nodes
        Network nodes embedded in the page; the reader can raise the shown number up to this.
    max_edges
        Edges among those nodes embedded in the page, strongest first.
    evidence, evidence_rest
        Provenance sentences kept per entity: *evidence* for network nodes and events, *evidence_rest*
        for the other entities.

    Returns
    -------
    dict
        ``meta``, ``summary``, ``problems``, ``articles`` ([title, date, file]), ``sentences``
        ([article index, text]), ``entities``, ``persons``, ``events`` and ``graph``; see report.js.
    """
    out_dir = Path(out_dir)
    entities: list[_Entity] = []
    index: dict[str, int] = {}
    article_nodes: dict[str, dict[str, Any]] = {}
    # Article id -> entities the graph says it mentions (MENTIONED_IN, REPORTED, an event's articles).
    art_ents: dict[str, list[int]] = defaultdict(list)
    for node in _read_jsonl(out_dir / "nodes.jsonl"):
        label, node_id = node.get("label"), node.get("id")
        props = node.get("properties") or {}
        if not isinstance(node_id, str):
            continue
        if label == "Article":
            article_nodes[node_id] = {k: props.get(k) for k in ("article_id", "date")}
        elif label in _LABEL_CODE and node_id not in index:
            index[node_id] = len(entities)
            entities.append(_Entity(node_id, label, _name_of(label, props, node_id), props))

    # Merge edges per unordered node pair: one drawn edge with a mask of types and the co-occurrence weight.
    pairs: dict[tuple[int, int], list[float]] = {}
    posts: dict[int, list[tuple[str, str | None, int | None, dict[str, Any]]]] = defaultdict(list)
    organizers: dict[int, list[int]] = defaultdict(list)
    places: dict[int, list[int]] = defaultdict(list)
    participants: dict[int, list[tuple[int, str]]] = defaultdict(list)
    person_events: Counter[int] = Counter()
    edge_count = 0
    for i, e in enumerate(entities):
        for art in _str_list(e.props.get("articles")):
            art_ents[art].append(i)
    for edge in _read_jsonl(out_dir / "edges.jsonl"):
        rel, src, dst = edge.get("type"), index.get(edge.get("source")), index.get(edge.get("target"))
        props = edge.get("properties") or {}
        if rel in ("MENTIONED_IN", "REPORTED") and src is not None:
            art = article_nodes.get(edge.get("target"), {}).get("article_id")
            for a in [art] if isinstance(art, str) else _str_list(props.get("articles")):
                art_ents[a].append(src)
            continue
        if rel not in EDGE_BITS or src is None or dst is None or src == dst:
            continue
        edge_count += 1
        if rel == "HOLDS_POST":
            title = _first(props, "title", "titles", "post")
            title = "、".join(_str_list(title)) if title is not None else ""
            canonical = _first(props, "canonical", "canonical_post")
            posts[src].append((title, canonical if isinstance(canonical, str) else None, dst, props))
        elif rel == "PARTICIPATED_IN":
            roles = _str_list(_first(props, "role", "roles")) or ["其他"]
            for role in roles:
                participants[dst].append((src, role))
            person_events[src] += 1
        elif rel == "ORGANIZED":
            organizers[dst].append(src)
        elif rel == "HELD_AT":
            places[src].append(dst)
        key = (src, dst) if src < dst else (dst, src)
        slot = pairs.setdefault(key, [0.0, 0])
        slot[1] = int(slot[1]) | EDGE_BITS[rel]
        if rel == "CO_OCCURS":
            weight = props.get("weight", 1)
            slot[0] = max(slot[0], float(weight) if isinstance(weight, int | float) else 1.0)
    for a, b in pairs:
        entities[a].neighbours.add(b)
        entities[b].neighbours.add(a)

    def rank_key(i: int) -> tuple[int, int, str]:
        e = entities[i]
        return (-len(e.neighbours), -_article_count(e.props), e.id)

    ranked = sorted((i for i, e in enumerate(entities) if e.label != "Event" or e.neighbours), key=rank_key)
    ranked = ranked[: max(0, max_nodes)]
    in_graph = set(ranked)

    # Mentions in extractions -> nodes: among the entities the graph links to the article, the one
    # named so; else the only entity of that label and name.
    surfaces = [_surfaces(e.label, e.props, e.name) for e in entities]
    by_surface: dict[tuple[str, str], set[int]] = defaultdict(set)
    for i, e in enumerate(entities):
        for s in surfaces[i]:
            by_surface[(e.label, s)].add(i)

    def linked_in(article_id: str) -> tuple[dict[str, list[int]], dict[tuple[str, str], int]]:
        """The entities the graph links to an article, by label, and the first of them (in link
        order) named by each (label, surface): built once per article, so a list page with
        thousands of entities is not scanned once per mention."""
        if article_id not in linked_cache:
            linked_cache.clear()  # extractions come article by article: keep only the current one
            by_label: dict[str, list[int]] = defaultdict(list)
            named: dict[tuple[str, str], int] = {}
            for i in art_ents.get(article_id, ()):
                by_label[entities[i].label].append(i)
                for s in surfaces[i]:
                    named.setdefault((entities[i].label, s), i)
            linked_cache[article_id] = (by_label, named)
        return linked_cache[article_id]

    linked_cache: dict[str, tuple[dict[str, list[int]], dict[tuple[str, str], int]]] = {}

    def find(label: str, article_id: str, names: list[str]) -> int | None:
        by_label, named = linked_in(article_id)
        linked = by_label.get(label, [])
        for s in names:
            if (label, s) in named:
                return named[(label, s)]
        for s in names:
            hits = by_surface.get((label, s))
            if hits and len(hits) == 1:
                return next(iter(hits))
        # Events merge reports whose titles differ: an article's only event is the one it reports.
        if label == "Event" and len(set(linked)) == 1:
            return linked[0]
        return None

    articles: list[list[Any]] = []
    article_index: dict[str, int] = {}
    sentences: list[list[Any]] = []
    sentence_index: dict[tuple[int, str], int] = {}
    article_dates: dict[str, str] = {}
    n_pages = n_articles = 0
    files: set[str] = set()
    for page_x in _read_jsonl(out_dir / "extractions.jsonl"):
        n_pages += 1
        page = page_x.get("page") or {}
        file = _file_name(page.get("path")) if page.get("line") is None else str(page.get("page_id", ""))
        files.add(_file_name(page.get("path")))
        for ax in page_x.get("articles") or []:
            art = ax.get("article") or {}
            art_id, text = art.get("article_id"), art.get("text") or ""
            if not isinstance(art_id, str):
                continue
            n_articles += 1
            if art.get("date"):
                article_dates[art_id] = art["date"]
            mentions: list[tuple[str, list[str], list[dict[str, Any]]]] = []
            for p in ax.get("persons") or []:
                mentions.append(("Person", [p.get("name")], p.get("prov") or []))
            for o in ax.get("organizations") or []:
                mentions.append(("Organization", [o.get("canonical"), o.get("name")], o.get("prov") or []))
            for pl in ax.get("places") or []:
                mentions.append(("Place", [pl.get("name"), pl.get("official_name")], pl.get("prov") or []))
            for ev in ax.get("events") or []:
                mentions.append(("Event", [ev.get("title")], ev.get("prov") or []))
            seen_here: set[int] = set()  # one evidence item per entity and article
            for label, names, prov in mentions:
                i = find(label, art_id, [n for n in names if isinstance(n, str) and n])
                if i is None or i in seen_here:
                    continue
                seen_here.add(i)
                e = entities[i]
                e.mentions += 1
                limit = evidence if (i in in_graph or label == "Event") else evidence_rest
                if len(e.evidence) >= limit or not prov:
                    continue
                if art_id not in article_index:
                    article_index[art_id] = len(articles)
                    articles.append([art.get("title") or "", art.get("date") or "", file])
                a_idx = article_index[art_id]
                sentence, hs, he = _evidence(text, ax.get("sentences") or [], prov[0])
                key = (a_idx, sentence)
                if key not in sentence_index:
                    sentence_index[key] = len(sentences)
                    sentences.append([a_idx, sentence])
                e.evidence.append((sentence_index[key], hs, he))
    # Articles referenced only through nodes: keep them countable even without extractions.
    for props in article_nodes.values():
        art_id = props.get("article_id")
        if isinstance(art_id, str) and props.get("date") and art_id not in article_dates:
            article_dates[art_id] = str(props["date"])

    def span(article_ids: list[str]) -> tuple[str, str]:
        dates = sorted(d for d in (article_dates.get(a) for a in article_ids) if d)
        return (dates[0], dates[-1]) if dates else ("", "")

    out_entities: list[dict[str, Any]] = []
    for e in entities:
        row: dict[str, Any] = {
            "id": e.id,
            "l": _LABEL_CODE[e.label],
            "n": e.name,
            "d": len(e.neighbours),
            "m": max(e.mentions, _article_count(e.props)),
            "ev": [list(x) for x in e.evidence],
        }
        kind = _first(e.props, "kind", "type", "level")
        if isinstance(kind, str):
            row["k"] = kind
        extra = {
            k: e.props[k]
            for k in ("type", "level", "code", "parent", "canonical", "official_name", "date", "date_end")
            if isinstance(e.props.get(k), str | int) and e.props.get(k) != e.name
        }
        if extra:
            row["x"] = extra
        out_entities.append(row)

    persons: list[list[Any]] = []
    for i, e in enumerate(entities):
        if e.label != "Person":
            continue
        rows = []
        for title, canonical, org, props in posts.get(i, []):
            first = _first(props, "first_seen", "first", "start", "date_first")
            last = _first(props, "last_seen", "last", "end", "date_last")
            if not first or not last:
                lo, hi = span(_str_list(props.get("articles")))
                first, last = first or lo, last or hi
            rows.append([title, canonical or "", entities[org].name if org is not None else "", first, last])
        # Titles printed without a body the graph could link to are only on the node.
        linked = {t for _, _, _, props in posts.get(i, []) for t in _str_list(props.get("titles"))}
        linked |= {r[0] for r in rows}
        lo, hi = span(_str_list(e.props.get("articles")))
        rows += [[t, "", "", lo, hi] for t in _str_list(e.props.get("titles")) if t not in linked]
        rows.sort(key=lambda r: (r[3] or "~", r[0], r[2]))
        persons.append([i, rows, person_events[i]])

    events: list[list[Any]] = []
    for i, e in enumerate(entities):
        if e.label != "Event":
            continue
        date = _first(e.props, "date") or span(_str_list(e.props.get("articles")))[0]
        parts = sorted(set(participants.get(i, [])), key=lambda p: (entities[p[0]].name, p[1]))
        events.append(
            [
                i,
                date or "",
                e.props.get("date_end") or "",
                str(e.props.get("type") or ""),
                sorted({entities[o].name for o in organizers.get(i, [])})
                or _str_list(e.props.get("organizers")),
                sorted({entities[p].name for p in places.get(i, [])}) or _str_list(e.props.get("places")),
                [[entities[p].name, role, p] for p, role in parts],
            ]
        )
    events.sort(key=lambda ev: (ev[1] or "~", out_entities[ev[0]]["n"], out_entities[ev[0]]["id"]))

    # Strongest first (role edges count as 1.5 extra articles), so the page can draw the top edges
    # of any view by taking a prefix; the page holds at most max_edges of them.
    position = {i: rank for rank, i in enumerate(ranked)}
    graph_edges = sorted(
        (
            [min(position[a], position[b]), max(position[a], position[b]), round(w, 4), int(mask)]
            for (a, b), (w, mask) in pairs.items()
            if a in position and b in position
        ),
        key=lambda e: (-(e[2] + (1.5 if e[3] & ~EDGE_BITS["CO_OCCURS"] else 0.0)), e[0], e[1]),
    )
    graph_edge_total = len(graph_edges)
    del graph_edges[max(0, max_edges) :]

    report: dict[str, Any] = {}
    if (out_dir / "report.json").exists():
        try:
            report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise InputError(f"{out_dir / 'report.json'}: not valid JSON ({err.msg})") from err
    problems = [
        [str(p.get("path", "")), p.get("line"), str(p.get("reason", ""))]
        for p in (report.get("problems") or [])
        if isinstance(p, dict)
    ]
    kinds = Counter(str(e.props.get("kind") or "other") for e in entities if e.label == "Person")
    dates = sorted(article_dates.values())
    summary = {
        "inputs": int(report.get("inputs") or len(files)),
        "pages": int(report.get("pages") or n_pages),
        "articles": int(report.get("articles") or n_articles or len(article_nodes)),
        "persons": sum(kinds.values()),
        "officials": kinds.get("official", 0),
        "journalists": kinds.get("journalist", 0),
        "others": sum(v for k, v in kinds.items() if k not in ("official", "journalist")),
        "organizations": sum(e.label == "Organization" for e in entities),
        "places": sum(e.label == "Place" for e in entities),
        "events": sum(e.label == "Event" for e in entities),
        "date_first": dates[0] if dates else "",
        "date_last": dates[-1] if dates else "",
        "rejected": len(problems),
    }
    return {
        "meta": {
            "top_n": min(top_n, len(ranked)),
            "max_nodes": len(ranked),
            "cap": max_nodes,
            "total_nodes": len(entities),
            "total_edges": edge_count,
            "graph_edges": graph_edge_total,
            "max_edges": len(graph_edges),
            "evidence": evidence,
            "labels": list(ENTITY_LABELS),
            "edge_bits": EDGE_BITS,
        },
        "summary": summary,
        "problems": problems[:_MAX_PROBLEMS],
        "articles": articles,
        "sentences": sentences,
        "entities": out_entities,
        "persons": persons,
        "events": events,
        "graph": {"nodes": ranked, "edges": graph_edges},
    }


def _asset(name: str) -> str:
    return (resources.files("guanxi.graph") / "report_assets" / name).read_text(encoding="utf-8")


def _inline_script(code: str) -> str:
    # A literal "</script" or "<!--" would end or confuse the inline <script> element.
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def render_report(data: dict[str, Any], *, title: str = "guanxi report") -> str:
    """Return the self-contained HTML page for *data* (from :func:`build_report_data`)."""
    # "<" only occurs inside JSON strings, where \u003c is the same character: no "</script>" can end the tag.
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    parts = {
        "TITLE": title.replace("&", "&amp;").replace("<", "&lt;"),
        "CSS": _asset("report.css").replace("</", "<\\/"),
        "VENDOR": _inline_script(_asset("vendor.min.js")),
        "APP": _inline_script(_asset("report.js")),
        "DATA": blob,
    }
    return re.sub(r"\{\{(TITLE|CSS|VENDOR|APP|DATA)\}\}", lambda m: parts[m.group(1)], _asset("report.html"))


def write_report(
    out_dir: Path,
    *,
    top_n: int = 500,
    max_nodes: int = 5000,
    evidence: int = 20,
) -> Path:
    """Write ``out_dir/index.html``, the offline report page of a build, and return its path.

    Parameters
    ----------
    out_dir
        A ``guanxi build`` output folder (see :func:`build_report_data`).
    top_n
        Network nodes shown when the page opens; the page says so and can raise it up to *max_nodes*.
    max_nodes
        Network nodes embedded in the page.
    evidence
        Provenance sentences kept per entity.

    Raises
    ------
    InputError
        A line of the folder's JSONL files is not a JSON object (names file and line).
    OutputError
        ``index.html`` cannot be written.
    """
    out_dir = Path(out_dir)
    data = build_report_data(out_dir, top_n=top_n, max_nodes=max_nodes, evidence=evidence)
    page = render_report(data)
    target = out_dir / "index.html"
    try:
        with atomic_open(target) as fh:
            fh.write(page)
    except OSError as err:
        raise OutputError(f"{target}: cannot write the report page ({err.strerror or err})") from err
    return target
