"""Exports of a :class:`~guanxi.graph.build.KnowledgeGraph`: JSON lines, GraphML, GEXF, node-link
JSON and the CSV layout of ``neo4j-admin database import full``.

Every writer works on the graph's sorted records and never changes them. Attributes are cleaned
by one table (:func:`attribute_types`): one type per attribute name and scope, tuples joined
with ``;``, missing values omitted. The same graph gives byte-identical files (the GEXF
``lastmodifieddate`` is the corpus's last article date, not today).

Examples
--------
>>> import tempfile, pathlib
>>> from guanxi.graph.knowledge import KnowledgeGraph
>>> from guanxi.graph.schema import GraphNode, NodeLabel
>>> kg = KnowledgeGraph((GraphNode("person:1", NodeLabel.PERSON, {"name": "张三"}),))
>>> with tempfile.TemporaryDirectory() as d:
...     p = write_graphml(kg, pathlib.Path(d) / "g.graphml")
...     "张三" in p.read_text(encoding="utf-8")
True
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from guanxi.graph.careers import CAREER_FILES, write_careers
from guanxi.graph.fanout import Writer, fan_out
from guanxi.graph.knowledge import KnowledgeGraph
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType
from guanxi.graph.splice import ExportCache, Patch, SplicedFile, record_key

from guanxi.outputs import atomic_open

__all__ = [
    "ARRAY_DELIMITER",
    "EXPORT_FILES",
    "ExportTables",
    "attribute_types",
    "edge_label",
    "flat_value",
    "gephi_kind",
    "write_all",
    "write_gexf",
    "write_graphml",
    "write_jsonl",
    "write_neo4j_csv",
    "write_node_link",
]

ARRAY_DELIMITER = ";"
#: File names written by :func:`write_all`, relative to the output folder.
EXPORT_FILES = (
    "nodes.jsonl", "edges.jsonl", "graph.graphml", "graph.gexf", "graph.json", "neo4j-import", *CAREER_FILES
)  # fmt: skip
# Characters XML 1.0 cannot carry (control characters other than tab, newline, return).
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# XML escaping by str.translate: the stdlib's escape/quoteattr cost a third of the export time.
_TEXT_ESC = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESC = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def escape(text: str) -> str:
    """XML element text."""
    return text.translate(_TEXT_ESC)


def quoteattr(text: str) -> str:
    """A double-quoted XML attribute value."""
    return '"' + text.translate(_ATTR_ESC) + '"'


def flat_value(value: Any) -> Any:
    """A value as written to a typed attribute: tuples joined with ``;`` (``；`` inside items).

    >>> flat_value(("a", "b;c")), flat_value(3)
    ('a;b；c', 3)
    """
    if isinstance(value, tuple | list):
        return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, "；") for v in value)
    return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def attribute_types(records: Iterable[GraphNode | GraphEdge]) -> dict[str, str]:
    """One GraphML/GEXF type per attribute name over *records*: ``boolean``, ``long``,
    ``double`` or ``string`` (ints and floats mixed widen to ``double``, anything else mixed to
    ``string``; tuples are strings)."""
    seen: dict[str, set[str]] = defaultdict(set)
    for r in records:
        for k, v in r.properties.items():
            seen[k].add(_kind(v) if not isinstance(v, tuple | list) else "string")
    out = {}
    for k, kinds in sorted(seen.items()):
        if len(kinds) == 1:
            out[k] = kinds.pop()
        elif kinds <= {"long", "double"}:
            out[k] = "double"
        else:
            out[k] = "string"
    return out


def _text(value: Any, kind: str) -> str:
    v = flat_value(value)
    if kind == "boolean":
        return "true" if v else "false"
    if kind == "double":
        return repr(float(v))
    return _XML_BAD.sub("", str(v))


def _node_label(n: GraphNode) -> str:
    return str(n.properties.get("name") or n.properties.get("title") or n.id)


# Attribute names the exporters add themselves; properties with these names are renamed. An edge's
# ``weight`` property (CO_OCCURS: shared articles, CO_ATTENDED: events, SERVED_WITH: organizations)
# is the exported weight itself, not renamed.
_NODE_RESERVED = {"label", "node_type"}
_EDGE_RESERVED = {"label", "edge_type"}
# An edge's label: the first of these properties it has (the post, the role), else its type.
_EDGE_LABEL = {RelType.HOLDS_POST: ("canonical", "title"), RelType.PARTICIPATED_IN: ("role",)}
# The property that tells parallel edges of one type apart (graph.schema.edge_id's key). Gephi keeps
# one edge per (kind, source, target) and merges the rest, so it goes into the Gephi kind.
_PARALLEL_KEY = {RelType.HOLDS_POST: "canonical"}


def edge_label(e: GraphEdge) -> str:
    """The label Gephi shows on *e*: the post of a HOLDS_POST, the role of a PARTICIPATED_IN, else
    the relationship type."""
    for key in _EDGE_LABEL.get(e.type, ()):
        if e.properties.get(key):
            return str(e.properties[key])
    return str(e.type)


def gephi_kind(e: GraphEdge) -> str:
    """Gephi's edge type of *e* (GEXF ``kind``, the GraphML ``label`` XML attribute): the relationship
    type, and for HOLDS_POST the post after it, so no two edges share source, target and kind.

    >>> gephi_kind(GraphEdge("e", RelType.HOLDS_POST, "p", "o", {"canonical": "某县文联主席"}))
    'HOLDS_POST 某县文联主席'
    """
    key = _PARALLEL_KEY.get(e.type)
    value = e.properties.get(key) if key else None
    return f"{e.type} {value}" if value else str(e.type)


def _node_attrs(n: GraphNode) -> dict[str, Any]:
    attrs = {"label": _node_label(n), "node_type": str(n.label)}
    for k, v in n.properties.items():
        if k == "articles" and isinstance(v, tuple | list):
            k = "article_ids"  # events list ids where entities count articles: one type per key
        attrs[f"{k}_" if k in _NODE_RESERVED else k] = v
    return attrs


def _edge_attrs(e: GraphEdge) -> dict[str, Any]:
    attrs: dict[str, Any] = {"label": edge_label(e), "edge_type": str(e.type)}
    for k, v in e.properties.items():
        if k != "weight":
            attrs[f"{k}_" if k in _EDGE_RESERVED else k] = v
    w = _weight(e)
    attrs["weight"] = 1.0 if w is None else w
    return attrs


def _weight(e: GraphEdge) -> float | None:
    """The edge's ``weight`` property as a float (CO_OCCURS: articles, CO_ATTENDED: events,
    SERVED_WITH: organizations), None for an edge without one."""
    w = e.properties.get("weight")
    return float(w) if isinstance(w, int | float) and not isinstance(w, bool) else None


def _note_kinds(seen: dict[str, set[str]], attrs: dict[str, Any]) -> None:
    for k, v in attrs.items():
        seen[k].add("string" if isinstance(v, tuple | list) else _kind(v))


def _note_edge_kinds(seen: dict[str, set[str]], e: GraphEdge) -> None:
    """``_note_kinds(seen, _edge_attrs(e))`` without making the attributes (one edge of many)."""
    props = e.properties
    if any(k.endswith("_") for k in props):  # a name a renamed one could take: the long way
        _note_kinds(seen, _edge_attrs(e))
        return
    seen["label"].add("string")  # edge_label: a string
    seen["edge_type"].add("string")
    for k, v in props.items():
        if k != "weight":
            seen[f"{k}_" if k in _EDGE_RESERVED else k].add("string" if isinstance(v, tuple | list) else _kind(v))
    seen["weight"].add("double")  # _edge_attrs's weight: a float


def _types_of(seen: dict[str, set[str]], drop: tuple[str, ...] = ()) -> dict[str, str]:
    """One type per attribute (sorted by name): ints and floats mixed widen to double, other mixes to string."""
    types = {}
    for k, kinds in sorted(seen.items()):
        if k in drop:
            continue
        if len(kinds) == 1:
            types[k] = next(iter(kinds))
        else:
            types[k] = "double" if kinds <= {"long", "double"} else "string"
    return types


# --- what the writers learn of the whole graph before its first record -----------------------------


def node_key(n: GraphNode) -> bytes:
    return record_key(n.id, str(n.label), n.properties)


def edge_key(e: GraphEdge) -> bytes:
    return edge_keys(e)[0]


# The edge property computed against the whole corpus (CO_OCCURS ``npmi``: against the number of
# articles): an update changes it in nearly every edge that has it, and nothing else of most of
# them, so such an edge is copied with the new value put in place (graph/splice.py's Patch).
_CORPUS_WIDE = "npmi"


def edge_keys(e: GraphEdge) -> tuple[bytes, bytes | None]:
    """The key of *e*, and its key without its corpus-wide value (None: it has no such finite
    float value). The first is then made from the second and the value: one hash of the properties."""
    v = e.properties.get(_CORPUS_WIDE)
    if type(v) is not float or not math.isfinite(v):
        return record_key(e.id, str(e.type), e.source, e.target, e.properties), None
    rest = {k: x for k, x in e.properties.items() if k != _CORPUS_WIDE}
    patch = record_key("patch", e.id, str(e.type), e.source, e.target, rest)
    return record_key(patch, v), patch


def _patch(e: GraphEdge, key: bytes | None, anchor: str) -> Patch | None:
    """The :class:`Patch` of *e* in a format that writes *anchor* right before the value (which
    every format writes as ``repr`` of the float)."""
    return None if key is None else Patch(key, repr(e.properties[_CORPUS_WIDE]), anchor)


# Attributes GEXF carries elsewhere than in its attribute table (the XML ``label``, ``weight``).
_GEXF_NODE_DROP = ("label",)
_GEXF_EDGE_DROP = ("label", "weight")


_PLAIN = frozenset({str, int, float, bool, tuple, list})


def _new_shape(shapes: set[tuple], kind: str, props: dict[str, Any]) -> bool:
    """Whether a record of *kind* with *props* has a shape not in *shapes* (then added): its
    property names, the type of each value and the types inside each tuple or list, all an
    attribute's kinds depend on (:func:`_kind`, :func:`_csv_kind`, :func:`_edge_attrs`'s weight).
    A value of another type (a subclass) makes every record new: its kinds are noted the long way."""
    types = tuple(map(type, props.values()))
    if not _PLAIN.issuperset(types):
        return True
    shape: tuple = (kind, tuple(props), types)
    if tuple in types or list in types:
        shape += tuple(
            frozenset(map(type, v))
            for v, t in zip(props.values(), types, strict=True)
            if t is tuple or t is list
        )
    if shape in shapes:
        return False
    shapes.add(shape)
    return True


class ExportTables:
    """What the writers need of the whole graph before they write its first record, from one pass
    over the nodes and one over the edges: *parts* of ``keys`` (each record's key, in order, for an
    :class:`~guanxi.graph.splice.ExportCache`), ``xml`` (the GraphML and GEXF type tables),
    ``dates`` (article dates and each entity's dates, for the GEXF timeline) and ``csv`` (the value
    kinds of each label's and type's properties, for the neo4j-admin headers)."""

    def __init__(self, kg: KnowledgeGraph, parts: Iterable[str] = ("keys", "xml", "dates", "csv")) -> None:
        parts = set(parts)
        keys, xml, dates, csv_ = ("keys" in parts), ("xml" in parts), ("dates" in parts), ("csv" in parts)
        self.node_keys: list[bytes] | None = [] if keys else None
        self.edge_keys: list[bytes] | None = [] if keys else None
        self.edge_patch_keys: list[bytes | None] | None = [] if keys else None
        node_seen: dict[str, set[str]] = defaultdict(set)
        edge_seen: dict[str, set[str]] = defaultdict(set)
        self.node_kinds: dict[str, dict[str, set[tuple[str, str]]]] = {}
        self.edge_kinds: dict[str, dict[str, set[tuple[str, str]]]] = {}
        # One string per date (many articles share a day): the tables below hold references.
        day: dict[str, str] = {}
        self.art_date: dict[str, str] = {}
        self.node_dates: dict[str, set[str]] = defaultdict(set)
        # The kinds a record adds to the tables follow from its shape: a record of a shape seen
        # before adds none (most records: a few hundred shapes in millions of records).
        shapes: set[tuple] = set()
        for n in kg.nodes:
            if self.node_keys is not None:
                self.node_keys.append(node_key(n))
            if (xml or csv_) and _new_shape(shapes, n.label, n.properties):
                if xml:
                    _note_kinds(node_seen, _node_attrs(n))
                if csv_:
                    seen = self.node_kinds.setdefault(str(n.label), {})
                    for k, v in n.properties.items():
                        if k != "id":
                            seen.setdefault(k, set()).add(_csv_kind(v))
            if dates and n.label == NodeLabel.ARTICLE and n.properties.get("date"):
                d = str(n.properties["date"])
                self.art_date[str(n.properties.get("article_id"))] = day.setdefault(d, d)
        art_date, node_dates = self.art_date, self.node_dates
        shapes = set()
        for e in kg.edges:
            if self.edge_keys is not None:
                key, patch = edge_keys(e)
                self.edge_keys.append(key)
                self.edge_patch_keys.append(patch)  # type: ignore[union-attr]
            if (xml or csv_) and _new_shape(shapes, e.type, e.properties):
                if xml:
                    _note_edge_kinds(edge_seen, e)
                if csv_:
                    seen = self.edge_kinds.setdefault(str(e.type), {})
                    for k, v in e.properties.items():
                        if k != "id":
                            seen.setdefault(k, set()).add(_csv_kind(v))
            if dates and e.type in (RelType.MENTIONED_IN, RelType.REPORTED):
                for a in e.properties.get("articles", ()):
                    if a in art_date:
                        node_dates[e.source].add(art_date[a])
        self.graphml_types = (_types_of(node_seen), _types_of(edge_seen))
        # GEXF's tables: GraphML's less the attributes it does not list (the others' types are the same).
        self.gexf_types = (_types_of(node_seen, _GEXF_NODE_DROP), _types_of(edge_seen, _GEXF_EDGE_DROP))


def _keyed(
    records: Iterable[Any], keys: list[bytes] | None, key: Callable[[Any], bytes], cache: ExportCache
) -> Iterator[tuple[bytes, Any]]:
    """The records with their keys (given, else made; none when *cache* keeps no index)."""
    if not cache.indexing:
        for r in records:
            yield b"", r
    elif keys is None:
        for r in records:
            yield key(r), r
    else:
        yield from zip(keys, records, strict=True)


def _keyed_edges(
    edges: Iterable[GraphEdge], tables: ExportTables | None, cache: ExportCache
) -> Iterator[tuple[bytes, bytes | None, GraphEdge]]:
    """The edges with their keys and patch keys (:func:`edge_keys`), as :func:`_keyed`."""
    if not cache.indexing:
        for e in edges:
            yield b"", None, e
    elif tables is None or tables.edge_keys is None:
        for e in edges:
            yield *edge_keys(e), e
    else:
        yield from zip(tables.edge_keys, tables.edge_patch_keys, edges, strict=True)  # type: ignore[arg-type]


def _dropped(attrs: dict[str, Any], drop: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if k not in drop}


def _no_cache(cache: ExportCache | None) -> ExportCache:
    return cache if cache is not None else ExportCache(None, "", indexing=False)


# --- JSON lines ------------------------------------------------------------------------------


def write_jsonl(
    kg: KnowledgeGraph, out_dir: str | Path, *, cache: ExportCache | None = None, tables: ExportTables | None = None
) -> list[Path]:
    """``nodes.jsonl`` and ``edges.jsonl``: one ``to_json`` record per line, sorted by id.

    *cache* and *tables* (see :func:`write_all`) let unchanged records be copied from the
    previous output."""
    out = Path(out_dir)
    cache = _no_cache(cache)
    nodes, edges = kg.nodes, kg.edges
    # A graph stream comes sorted by id; in-memory tuples may come from anywhere.
    if isinstance(nodes, tuple | list) or isinstance(edges, tuple | list):
        nodes, edges, tables = sorted(nodes, key=lambda r: r.id), sorted(edges, key=lambda r: r.id), None
    with cache.open(out / "nodes.jsonl", "nodes.jsonl", "") as fh:
        for k, n in _keyed(nodes, tables and tables.node_keys, node_key, cache):
            fh.record(k, lambda n=n: n.to_json() + "\n")
    with cache.open(out / "edges.jsonl", "edges.jsonl", "") as fh:
        for k, pk, e in _keyed_edges(edges, tables, cache):
            fh.record(k, lambda e=e: e.to_json() + "\n", _patch(e, pk, f'"{_CORPUS_WIDE}":'))
    return [out / "nodes.jsonl", out / "edges.jsonl"]


# --- GraphML ---------------------------------------------------------------------------------


def write_graphml(
    kg: KnowledgeGraph, path: str | Path, *, cache: ExportCache | None = None, tables: ExportTables | None = None
) -> Path:
    """GraphML for Gephi (and networkx): ``label`` = Chinese name, ``node_type`` for colouring,
    ``weight`` on every edge (the ``weight`` property of CO_OCCURS, CO_ATTENDED and SERVED_WITH,
    else 1.0), declared typed keys.

    Edges: the ``label`` key is :func:`edge_label` (post, role or type), ``edge_type`` the type,
    and the ``label`` XML attribute, which Gephi reads as the edge kind, :func:`gephi_kind`: a
    person's two posts in one body stay two edges in Gephi.

    Every edge is directed (CO_OCCURS, CO_ATTENDED and SERVED_WITH from the smaller id to the
    larger): networkx refuses mixed graphs, and Gephi shows ``edge_type`` to tell them apart.
    """
    tables = tables or ExportTables(kg, ("xml",))
    node_types, edge_types = tables.graphml_types
    path = Path(path)
    context = json.dumps([node_types, edge_types])

    def node_text(n: GraphNode) -> str:
        d = _node_attrs(n)
        parts = [f"    <node id={quoteattr(n.id)}>\n"]
        parts += [f'      <data key="n_{k}">{escape(_text(d[k], node_types[k]))}</data>\n' for k in sorted(d)]
        parts.append("    </node>\n")
        return "".join(parts)

    def edge_text(e: GraphEdge) -> str:
        d = _edge_attrs(e)
        # Gephi reads the ``label`` XML attribute as the edge's kind, the ``label`` key as its label.
        kind = quoteattr(_XML_BAD.sub("", gephi_kind(e)))
        parts = [
            f"    <edge id={quoteattr(e.id)} source={quoteattr(e.source)} target={quoteattr(e.target)} "
            f"label={kind}>\n"
        ]
        parts += [f'      <data key="e_{k}">{escape(_text(d[k], edge_types[k]))}</data>\n' for k in sorted(d)]
        parts.append("    </edge>\n")
        return "".join(parts)

    with (cache := _no_cache(cache)).open(path, path.name, context) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        for scope, types in (("node", node_types), ("edge", edge_types)):
            for k, t in types.items():
                out.write(f'  <key id="{scope[0]}_{k}" for="{scope}" attr.name="{k}" attr.type="{t}"/>\n')
        out.write('  <graph id="guanxi" edgedefault="directed">\n')
        for k, n in _keyed(kg.nodes, tables.node_keys, node_key, cache):
            out.record(k, lambda n=n: node_text(n))
        anchor = f'<data key="e_{_CORPUS_WIDE}">'
        for k, pk, e in _keyed_edges(kg.edges, tables, cache):
            out.record(k, lambda e=e: edge_text(e), _patch(e, pk, anchor))
        out.write("  </graph>\n</graphml>\n")
    return path


# --- GEXF ------------------------------------------------------------------------------------


def _spells(dates: Iterable[str]) -> list[tuple[str, str]]:
    """Collapse ISO dates into runs of consecutive days: [(start, end), ...]."""
    days = sorted({date.fromisoformat(d) for d in dates if d and _ISO.match(d)})
    runs: list[tuple[str, str]] = []
    for d in days:
        if runs and date.fromisoformat(runs[-1][1]) + timedelta(days=1) == d:
            runs[-1] = (runs[-1][0], d.isoformat())
        else:
            runs.append((d.isoformat(), d.isoformat()))
    return runs


def write_gexf(
    kg: KnowledgeGraph,
    path: str | Path,
    *,
    lastmodified: str | None = None,
    cache: ExportCache | None = None,
    tables: ExportTables | None = None,
) -> Path:
    """GEXF 1.3 with a timeline: node and edge spells are the dates of the articles behind them.

    An entity's spells are the dates of the articles that mention it; an edge's, the dates of
    its ``articles``. Nodes or edges without dated articles have no spell (always visible).
    All edges are directed, CO_OCCURS, CO_ATTENDED and SERVED_WITH from the smaller id (networkx
    refuses mixed graphs). An edge's ``kind`` is :func:`gephi_kind`, its ``label``
    :func:`edge_label`, its ``weight`` the ``weight`` property where it has one.
    ``lastmodifieddate`` is *lastmodified* or the corpus's last article date, so the file is
    byte-identical across runs.
    """
    tables = tables or ExportTables(kg, ("xml", "dates"))
    art_date, node_dates = tables.art_date, tables.node_dates

    def own_dates(n: GraphNode) -> Iterable[str]:
        # Articles and events are dated themselves (no MENTIONED_IN/REPORTED edge leaves them).
        dates: Iterable[str] = node_dates.get(n.id, ())
        if n.label in (NodeLabel.ARTICLE, NodeLabel.EVENT) and n.properties.get("date"):
            dates = {*dates, str(n.properties["date"])}
        return dates

    last = lastmodified or kg.meta.get("last_date") or "1970-01-01"
    node_types, edge_types = tables.gexf_types
    path = Path(path)
    ids: dict[tuple[str, str], str] = {
        (scope, k): str(i) for scope, types in (("node", node_types), ("edge", edge_types)) for i, k in enumerate(types)
    }

    def attvalues(scope: str, d: dict[str, Any], types: dict[str, str]) -> str:
        parts = [
            f'        <attvalue for="{ids[(scope, k)]}" value={quoteattr(_text(d[k], types[k]))}/>\n'
            for k in sorted(d, key=lambda k: int(ids[(scope, k)]))
        ]
        return "      <attvalues>\n" + "".join(parts) + "      </attvalues>\n" if parts else ""

    def spells(runs: list[tuple[str, str]]) -> str:
        if not runs:
            return ""
        body = "".join(f'        <spell start="{s}" end="{e}"/>\n' for s, e in runs)
        return f"      <spells>\n{body}      </spells>\n"

    def node_text(n: GraphNode, dates: Iterable[str]) -> str:
        label = quoteattr(_XML_BAD.sub("", _node_label(n)))
        return (
            f"      <node id={quoteattr(n.id)} label={label}>\n"
            + attvalues("node", _dropped(_node_attrs(n), _GEXF_NODE_DROP), node_types)
            + spells(_spells(dates))
            + "      </node>\n"
        )

    def edge_text(e: GraphEdge, dates: list[str]) -> str:
        w = _weight(e)
        extra = f' weight="{w!r}"' if w is not None else ""
        kind = quoteattr(_XML_BAD.sub("", gephi_kind(e)))
        label = quoteattr(_XML_BAD.sub("", edge_label(e)))
        return (
            f"      <edge id={quoteattr(e.id)} source={quoteattr(e.source)} target={quoteattr(e.target)} "
            f"kind={kind} label={label}{extra}>\n"
            + attvalues("edge", _dropped(_edge_attrs(e), _GEXF_EDGE_DROP), edge_types)
            + spells(_spells(dates))
            + "      </edge>\n"
        )

    # A record's bytes depend on the type tables (the attribute ids) and on its dates.
    context = json.dumps([node_types, edge_types])
    with (cache := _no_cache(cache)).open(path, path.name, context) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(
            '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n'
        )
        out.write(f'  <meta lastmodifieddate="{last}">\n    <creator>guanxi</creator>\n  </meta>\n')
        out.write('  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">\n')
        for scope, types in (("node", node_types), ("edge", edge_types)):
            out.write(f'    <attributes class="{scope}" mode="static">\n')
            for k, t in types.items():
                out.write(f'      <attribute id="{ids[(scope, k)]}" title={quoteattr(k)} type="{t}"/>\n')
            out.write("    </attributes>\n")
        out.write("    <nodes>\n")
        for k, n in _keyed(kg.nodes, tables.node_keys, node_key, cache):
            ndates = sorted(own_dates(n))
            out.record(record_key(k, ndates) if cache.indexing else k, lambda n=n, d=ndates: node_text(n, d))
        out.write("    </nodes>\n    <edges>\n")
        wide = ids.get(("edge", _CORPUS_WIDE))
        anchor = f'<attvalue for="{wide}" value="'
        for k, pk, e in _keyed_edges(kg.edges, tables, cache):
            edates = [art_date[a] for a in e.properties.get("articles", ()) if a in art_date]
            if cache.indexing:
                k = record_key(k, edates)
                pk = None if pk is None or wide is None else record_key(pk, edates)
            out.record(k, lambda e=e, d=edates: edge_text(e, d), _patch(e, pk, anchor))
        out.write("    </edges>\n  </graph>\n</gexf>\n")
    return path


# --- node-link JSON ----------------------------------------------------------------------------


def write_node_link(
    kg: KnowledgeGraph, path: str | Path, *, cache: ExportCache | None = None, tables: ExportTables | None = None
) -> Path:
    """Node-link JSON as ``networkx.node_link_graph(data, edges="links")`` reads it.

    Nodes: ``id``, ``node_type`` and the properties; links: ``source``, ``target``, ``key`` (the
    edge id), ``edge_type`` and the properties. Tuples become JSON arrays.
    """
    path = Path(path)

    def dumps(obj: Any) -> str:
        return json.dumps(obj, ensure_ascii=False, sort_keys=True)

    # Streamed record by record (keys in sorted order, as json.dumps(sort_keys=True) would).
    def link(e: GraphEdge) -> str:
        return dumps({"source": e.source, "target": e.target, "key": e.id, "edge_type": str(e.type), **e.properties})

    def node(n: GraphNode) -> str:
        return dumps({"id": n.id, "node_type": str(n.label), **n.properties})

    with (cache := _no_cache(cache)).open(path, path.name, "") as fh:
        fh.write('{"directed": true,\n "graph": ' + dumps(dict(sorted(kg.meta.items()))) + ',\n "links": [')
        anchor = f'"{_CORPUS_WIDE}": '
        for i, (k, pk, e) in enumerate(_keyed_edges(kg.edges, tables, cache)):
            fh.write("\n  " if i == 0 else ",\n  ")
            fh.record(k, lambda e=e: link(e), _patch(e, pk, anchor))
        fh.write('\n ],\n "multigraph": true,\n "nodes": [')
        for i, (k, n) in enumerate(_keyed(kg.nodes, tables and tables.node_keys, node_key, cache)):
            fh.write("\n  " if i == 0 else ",\n  ")
            fh.record(k, lambda n=n: node(n))
        fh.write("\n ]\n}\n")
    return path


# --- neo4j-admin CSV ---------------------------------------------------------------------------


def _csv_kind(v: Any) -> tuple[str, str]:
    """(array mark, scalar kind) of one value for a typed neo4j-admin header."""
    if isinstance(v, tuple | list):
        if set(map(type, v)) <= {str}:  # article ids and the like: the most of them
            return ("[]", "string")
        inner = {_kind(x) for x in v} or {"string"}
        return (
            "[]",
            "long" if inner == {"long"} else ("double" if inner <= {"long", "double"} else "string"),
        )
    return ("", _kind(v))


def _csv_type_of(kinds: set[tuple[str, str]]) -> str:
    if len(kinds) == 1:
        arr, k = next(iter(kinds))
        return f"{k}{arr}"
    if all(a == "" for a, _ in kinds) and {k for _, k in kinds} <= {"long", "double"}:
        return "double"
    return "string"


def _csv_cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(flat_value(v))


def write_neo4j_csv(
    kg: KnowledgeGraph, out_dir: str | Path, *, cache: ExportCache | None = None, tables: ExportTables | None = None
) -> list[Path]:
    """CSV files for ``neo4j-admin database import full`` (one per label and per type).

    Nodes: ``nodes_<Label>.csv`` with header ``id:ID,name,...,:LABEL``; relationships:
    ``rels_<TYPE>.csv`` with ``:START_ID,:END_ID,:TYPE,id,...``. Typed headers (``count:long``,
    ``articles:string[]``), arrays joined with ``;`` (neo4j-admin's default array delimiter).
    ``import.args`` lists the files for ``neo4j-admin database import full @import.args``.
    Two passes over the records (the headers' types, then the rows): none is kept.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # Pass 1: per label / type, the value kinds of each property.
    tables = tables or ExportTables(kg, ("csv",))
    node_kinds, edge_kinds = tables.node_kinds, tables.edge_kinds
    node_keys = {label: sorted(kinds, key=lambda k: (k != "name", k)) for label, kinds in node_kinds.items()}
    edge_keys = {rel: sorted(kinds) for rel, kinds in edge_kinds.items()}
    paths: list[Path] = []
    args: list[str] = []
    # Pass 2: every file open at once, rows written in record order.
    cache = _no_cache(cache)
    row = _CsvRow()
    with ExitStack() as stack:
        writers: dict[tuple[str, str], SplicedFile] = {}

        def open_csv(kind: str, name: str, header: list[str]) -> None:
            path = out / name
            # A row's bytes depend on the columns: the header is the context.
            head = row(header)
            writers[(kind, name)] = fh = stack.enter_context(cache.open(path, f"{out.name}/{name}", head))
            fh.write(head)
            paths.append(path)

        for label in sorted(node_kinds):
            header = ["id:ID"] + [_typed_of(k, node_kinds[label][k]) for k in node_keys[label]]
            open_csv("n", f"nodes_{label}.csv", [*header, ":LABEL"])
            args.append(f"--nodes={paths[-1].name}")
        for rel in sorted(edge_kinds):
            header = [":START_ID", ":END_ID", ":TYPE", "id"] + [
                _typed_of(k, edge_kinds[rel][k]) for k in edge_keys[rel]
            ]
            open_csv("e", f"rels_{rel}.csv", header)
            args.append(f"--relationships={paths[-1].name}")

        def node_row(n: GraphNode, label: str) -> str:
            return row([n.id] + [_csv_cell(n.properties.get(k)) for k in node_keys[label]] + [label])

        def edge_row(e: GraphEdge, rel: str) -> str:
            return row([e.source, e.target, rel, e.id] + [_csv_cell(e.properties.get(k)) for k in edge_keys[rel]])

        for k, n in _keyed(kg.nodes, tables.node_keys, node_key, cache):
            label = str(n.label)
            writers[("n", f"nodes_{label}.csv")].record(k, lambda n=n, label=label: node_row(n, label))
        for k, pk, e in _keyed_edges(kg.edges, tables, cache):
            rel = str(e.type)
            writers[("e", f"rels_{rel}.csv")].record(k, lambda e=e, rel=rel: edge_row(e, rel), _patch(e, pk, ","))
    argfile = "--array-delimiter=;\n" + "".join(f"{a}\n" for a in args)
    with atomic_open(out / "import.args", parents=True) as fh:
        fh.write(argfile)
    paths.append(out / "import.args")
    return paths


def _typed_of(key: str, kinds: set[tuple[str, str]]) -> str:
    t = _csv_type_of(kinds)
    return key if t == "string" else f"{key}:{t}"


class _CsvRow:
    """One CSV row as text (the csv module's quoting, ``\\n`` line ends)."""

    def __init__(self) -> None:
        self._buf = io.StringIO()
        self._writer = csv.writer(self._buf, lineterminator="\n")

    def __call__(self, cells: list[Any]) -> str:
        self._buf.seek(0)
        self._buf.truncate()
        self._writer.writerow(cells)
        return self._buf.getvalue()


# --- everything ----------------------------------------------------------------------------


#: How many formats :func:`write_all` writes (each reported to its progress callback).
EXPORT_FORMATS = 6


def write_all(
    kg: KnowledgeGraph,
    out_dir: str | Path,
    progress: Callable[[int, int], None] | None = None,
    *,
    cache: ExportCache | None = None,
) -> list[Path]:
    """Write every export of :data:`EXPORT_FILES` into *out_dir*; returns the paths written.

    ``progress(done, total)`` is called after each format (JSON lines, GraphML, GEXF, JSON, CSV,
    the career tables); a graph stream is read once for all of them (:mod:`~guanxi.graph.fanout`),
    and *done* is then the share of its records written, in formats. With *cache*
    (:class:`~guanxi.graph.splice.ExportCache`), a record that the previous output holds unchanged
    is copied from it, and the index of the files written is saved for the next build (the files
    are the same bytes either way).
    """
    out = Path(out_dir)
    # One pass for what every writer needs first (record keys only when they serve a cache).
    tables = ExportTables(kg, ("keys", "xml", "dates", "csv") if cache is not None else ("xml", "dates", "csv"))
    writers: list[Writer[Path | list[Path]]] = [  # EXPORT_FORMATS of them
        Writer(lambda g: write_jsonl(g, out, cache=cache, tables=tables)),
        Writer(lambda g: write_graphml(g, out / "graph.graphml", cache=cache, tables=tables)),
        Writer(lambda g: write_gexf(g, out / "graph.gexf", cache=cache, tables=tables)),
        Writer(lambda g: write_node_link(g, out / "graph.json", cache=cache, tables=tables), nodes_last=True),
        Writer(lambda g: write_neo4j_csv(g, out / "neo4j-import", cache=cache, tables=tables)),
        Writer(lambda g: write_careers(g, out), nodes_last=True),
    ]
    assert len(writers) == EXPORT_FORMATS
    paths: list[Path] = []
    if isinstance(kg.nodes, tuple | list):  # in memory: nothing to save by reading it once
        results = []
        for done, w in enumerate(writers, 1):
            results.append(w.write(kg))
            if progress is not None:
                progress(done, len(writers))
    else:  # a graph stream, read from disk each time: read once for all the writers
        total = max(1, sum(kg.counts().values()))  # known from the pass of the tables
        shown = [0]

        def read(n: int) -> None:  # progress as the share of the records written, in formats
            done = min(len(writers) - 1, len(writers) * n // total)
            if progress is not None and done > shown[0]:
                shown[0] = done
                progress(done, len(writers))

        results = fan_out(kg, writers, read)
        if progress is not None:
            progress(len(writers), len(writers))
    for written in results:
        paths.extend(written if isinstance(written, list) else [written])
    if cache is not None:
        cache.save(out)
    return paths
