"""Career tables of a graph: ``careers.csv`` (one row per post spell) and ``appointments.csv``.

Both are written from the graph's records alone (HOLDS_POST and APPOINTED edges with their
Person and Organization nodes), by either engine, sorted so the same graph gives the same bytes.
See docs/careers.md ("Careers in the graph").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from guanxi.graph.schema import GraphEdge, GraphNode, Prop, RelType

from guanxi.outputs import atomic_open

__all__ = ["APPOINTMENT_COLUMNS", "CAREER_COLUMNS", "CAREER_FILES", "career_rows", "career_tables", "write_careers"]

#: File names written by :func:`write_careers`, relative to the output folder.
CAREER_FILES = ("careers.csv", "appointments.csv")

_PERSON = ("person_id", "name", "home")
_ORG = ("organization_id", "organization")
#: Columns of careers.csv: the person, the post and its code, the organization, the spell, the evidence.
CAREER_COLUMNS = (
    *_PERSON, "canonical", "title", "level", "division_code", "body_type", "position_class", "principal",
    "rank", "single", *_ORG, "start", "start_by", "end", "end_by", "articles",
)  # fmt: skip
#: Columns of appointments.csv.
APPOINTMENT_COLUMNS = (
    *_PERSON, "action", "title", "canonical", *_ORG, "date", "decided_by", "articles",
)  # fmt: skip


class Graph(Protocol):
    """A graph whose records can be read more than once: a KnowledgeGraph or a GraphStream."""

    @property
    def nodes(self) -> Iterable[GraphNode]: ...

    @property
    def edges(self) -> Iterable[GraphEdge]: ...


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return str(value)


def career_rows(kg: Graph, rel: RelType, columns: Sequence[str]) -> list[list[str]]:
    """One row of *columns* per *rel* edge (HOLDS_POST or APPOINTED) of *kg*, sorted."""
    return career_tables(kg, [(rel, columns)])[0]


def career_tables(kg: Graph, tables: Sequence[tuple[RelType, Sequence[str]]]) -> list[list[list[str]]]:
    """:func:`career_rows` of each (rel, columns) of *tables*, from one read of the edges and one
    of the nodes (a graph stream reads them from disk each time)."""
    edges: dict[RelType, list[GraphEdge]] = {rel: [] for rel, _ in tables}
    for e in kg.edges:
        if e.type in edges:
            edges[e.type].append(e)
    ends = {x for es in edges.values() for e in es for x in (e.source, e.target)}
    nodes = {n.id: n for n in kg.nodes if n.id in ends}
    out = []
    for rel, columns in tables:
        rows = [[_cell(v) for v in _values(e, nodes, columns)] for e in edges[rel]]
        first = (
            ("person_id", "start", "canonical")
            if rel == RelType.HOLDS_POST
            else ("date", "person_id", "canonical")
        )
        at = [columns.index(c) for c in first]
        rows.sort(key=lambda r: ([r[i] for i in at], r))
        out.append(rows)
    return out


def _values(e: GraphEdge, nodes, columns: Iterable[str]) -> Iterable[Any]:
    person, org = nodes.get(e.source), nodes.get(e.target)
    pp = person.properties if person else {}
    op = org.properties if org else {}
    for c in columns:
        if c == "person_id":
            yield e.source
        elif c == "organization_id":
            yield e.target
        elif c in ("name", "home"):
            yield pp.get(c)
        elif c == "organization":
            yield op.get(Prop.NAME)
        else:
            yield e.properties.get(c)


def write_careers(kg: Graph, out_dir: str | Path) -> list[Path]:
    """Write ``careers.csv`` and ``appointments.csv`` into *out_dir*; returns their paths."""
    out = Path(out_dir)
    paths = []
    files = (
        ("careers.csv", RelType.HOLDS_POST, CAREER_COLUMNS),
        ("appointments.csv", RelType.APPOINTED, APPOINTMENT_COLUMNS),
    )
    rows = career_tables(kg, [(rel, columns) for _, rel, columns in files])
    for (name, _, columns), table in zip(files, rows, strict=True):
        path = out / name
        with atomic_open(path, parents=True) as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(columns)
            w.writerows(table)
        paths.append(path)
    return paths
