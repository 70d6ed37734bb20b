"""The distributed build (issue 7): input partitions, worker-side extraction to Parquet, and the
graph as group-by aggregations over those Parquet files with ``dask.dataframe``.

Map (one task per :class:`Partition`, :func:`extract_partition`)
    A worker reads its partition (whole files, or a byte range of a large JSONL file), extracts
    every page with the process-wide spaCy pipeline (built once per worker) and writes Parquet
    tables named by the partition number, each atomically: a retried task overwrites its own
    files and never duplicates rows. Each article goes through
    :func:`~guanxi.graph.build.article_parts`, as in the local engine, so mention keys are made
    by the same code; its parts are flattened into rows.
Reduce (:func:`reduce_graph`): the accumulators of :mod:`guanxi.graph.aggregate`, folded per
partition with the local engine's functions, partial results merged (docs/architecture.md)
    - persons: shuffle by name, :func:`~guanxi.graph.resolve.resolve_person_name` per name (a
      pure function of the name's mentions), person ids per mention; person and HOLDS_POST
      accumulators folded on those partitions (every mention of a person is in one);
    - mentions: map partitions hold whole articles, so runs of neighbouring partitions are
      article partitions as written: only the person ids are shuffled to them (by ``ord``
      range), the reference rows never move; MENTIONED_IN, partial entity counts and dates
      (merged on the client) and the :func:`~guanxi.graph.cooccurrence.article_pairs` map
      step per article;
    - co-occurrence: shuffle the pair rows by entity pair and sum them with
      :class:`~guanxi.graph.cooccurrence.CoOccurrence` (the pair table never has to fit in
      one process; dask's shuffle spills to disk);
    - organizations and places are folded to one row per entity key on the workers; the
      client merges them (company merge, division hierarchy). One worker task builds the events
      (event union-find) while the mention rounds run, another the entity nodes while the pairs
      are summed, with the local engine's own functions: the client holds entities, never
      mention, event or pair tables.
Output
    Node and edge tables as Parquet (``stage/nodes``, ``stage/edges``, each file sorted by id:
    ``id``, ``label``/``type``, ``source``, ``target``, ``properties`` as sorted JSON), from
    which :func:`read_graph` makes the same :class:`~guanxi.graph.knowledge.KnowledgeGraph` as the
    local engine and :func:`export_tables` writes the exports.

Row order never matters: every row carries ``ord``, the article's place in the input order
(partition number, then position), and every rule that depends on order sorts by it.
"""

from __future__ import annotations

import functools
import gc
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guanxi.graph.aggregate import (
    EntityAgg,
    EntityIds,
    EntityMention,
    EntitySeen,
    OrgRef,
    PersonAcc,
    PersonRef,
    PlaceRef,
    PostAcc,
    PostKey,
    Staff,
    add_posts,
    add_seen,
    add_staff,
    article_entities,
    attendances,
    co_attended_edges,
    fold,
    mentioned_in_edges,
    person_nodes,
    post_edges,
    reported_edge,
    served_with_edges,
    services,
    succession_edges,
)
from guanxi.graph.build import (
    EventMention,
    article_date,
    article_node,
    article_parts,
    event_nodes,
    in_date_range,
    merge_companies,
    org_nodes,
    page_home,
    place_nodes,
)
from guanxi.graph.cooccurrence import CoOccurrence, article_pairs
from guanxi.graph.corrections import Corrections, Tally, carry_marks
from guanxi.graph.knowledge import KnowledgeGraph
from guanxi.graph.resolve import HomelessPersons, PersonMention, person_id, resolve_person_name
from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType

from guanxi.jsonl import read_jsonl
from guanxi.model import Home, Page, PageExtraction, Problem, stable_id
from guanxi.outputs import atomic_path

__all__ = [
    "DEFAULT_CHUNK_BYTES",
    "EXPORT_COSTS",
    "Partition",
    "PartitionResult",
    "export_groups",
    "export_tables",
    "extract_partition",
    "iter_graph_records",
    "plan_partitions",
    "read_graph",
    "reduce_graph",
]

#: Bytes of input per partition (about 3,000 short articles: tens of seconds of extraction).
DEFAULT_CHUNK_BYTES = 1 << 20
#: Smallest chunk :func:`plan_partitions` makes to reach its ``min_parts``.
MIN_CHUNK_BYTES = 1 << 18
# ord = partition << 24 | article number in the partition; uid = ord << 16 | mention number.
_ART_BITS = 24
_MENTION_BITS = 16


# What json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) writes, without
# building an encoder per call (a fifth of the cost for the small values of the map tables).
_dumps: Callable[[Any], str] = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":")
).encode


def _no_gc(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run *fn* with the cyclic garbage collector paused, as the local engine runs its build.

    Tasks make millions of small acyclic records in a process that also holds spaCy and dask:
    every full collection rescans that heap and frees nothing (up to half the CPU time of
    reading the graph tables back). Garbage with cycles is collected after the task.
    """

    @functools.wraps(fn)
    def paused(*args: Any, **kwargs: Any) -> Any:
        was = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return paused


# --- partitions ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Partition:
    """One map task's input: whole files (``files``), or the byte range ``[start, end)`` of one
    JSONL file (``path``) beginning at line ``first_line``. ``source`` numbers the file
    occurrence a range belongs to (duplicate record ids are checked across its ranges)."""

    index: int
    files: tuple[str | Problem, ...] = ()  # a Problem of the planning keeps its place in order
    path: str | None = None
    start: int = 0
    end: int = 0
    first_line: int = 1
    source: int = -1

    @property
    def label(self) -> str:
        """What the partition covers, for messages: ``a.txt`` or ``c.jsonl:101-200 (bytes)``."""
        if self.path is not None:
            return f"{self.path}[{self.start}:{self.end}]"
        names = self.paths
        return ", ".join(names) if len(names) <= 3 else f"{names[0]} (+{len(names) - 1} files)"

    @property
    def paths(self) -> list[str]:
        """The input paths of the partition, in order (a planning Problem by its path)."""
        if self.path is not None:
            return [self.path]
        return [f.path if isinstance(f, Problem) else f for f in self.files]


def _line_ranges(path: Path, chunk: int) -> list[tuple[int, int, int]]:
    """(start, end, first line) of line-aligned byte ranges of about *chunk* bytes."""
    size = path.stat().st_size
    cuts = [(0, 1)]
    with path.open("rb") as fh:
        pos, line = 0, 1
        while True:
            target = cuts[-1][0] + chunk
            if target >= size:
                break
            # Count lines up to the target, then move on to the next line start.
            while pos < target:
                block = fh.read(min(1 << 20, target - pos))
                if not block:
                    break
                line += block.count(b"\n")
                pos += len(block)
            ended = _skip_line(fh)
            pos = fh.tell()
            if not ended or pos >= size:
                break
            line += 1
            cuts.append((pos, line))
    bounds = [c[0] for c in cuts[1:]] + [size]
    return [(s, e, ln) for (s, ln), e in zip(cuts, bounds, strict=True) if e > s]


def _skip_line(fh) -> bool:
    """Read to the end of the current line in bounded pieces (a line may be longer than
    memory); True when it ends with a newline."""
    while piece := fh.readline(1 << 20):
        if piece.endswith(b"\n"):
            return True
    return False


def plan_partitions(
    paths: Sequence[str | os.PathLike], *, chunk_bytes: int = DEFAULT_CHUNK_BYTES, min_parts: int = 1
) -> list[Partition]:
    """Cut the inputs into partitions, in input order (the order the local engine reads them).

    Small files are grouped up to *chunk_bytes*; a JSONL file larger than that is cut into
    line-aligned byte ranges. Missing or unreadable paths still get a partition, where the
    reader reports them as problems, as in the local engine. With *min_parts* the chunk
    shrinks (down to :data:`MIN_CHUNK_BYTES`) until the inputs make about that many
    partitions: a small corpus still keeps every worker busy to the end of the map.

    Raises
    ------
    InputError
        For ``-`` (standard input cannot be shared between workers).
    """
    from guanxi.extractors.read import ISSUE_FILES, RECORD_SUFFIXES, input_files, is_pdf_file

    from guanxi.errors import InputError

    files: list[Path | Problem] = []
    for item in input_files(paths):
        if item == "-":
            raise InputError("-: standard input cannot be read by Dask workers; save it to a file first")
        files.append(item if isinstance(item, Problem) else Path(item))
    sizes: list[int] = []
    for f in files:
        try:
            sizes.append(f.stat().st_size if isinstance(f, Path) and f.is_file() else 0)
        except OSError:
            sizes.append(0)
    if min_parts > 1:
        chunk_bytes = min(chunk_bytes, max(MIN_CHUNK_BYTES, -(-sum(sizes) // min_parts)))
    parts: list[Partition] = []
    group: list[str | Problem] = []
    size = 0

    def flush() -> None:
        nonlocal group, size
        if group:
            parts.append(Partition(len(parts), files=tuple(group)))
        group, size = [], 0

    pdf_run, pdf_parent = 0, None
    for source, (f, fsize) in enumerate(zip(files, sizes, strict=True)):
        if isinstance(f, Problem):
            group.append(f)
            pdf_run = 0
            continue
        if fsize > chunk_bytes and f.name.lower().endswith(RECORD_SUFFIXES):
            pdf_run = 0
            flush()
            for start, end, line in _line_ranges(f, chunk_bytes):
                parts.append(
                    Partition(len(parts), path=str(f), start=start, end=end, first_line=line, source=source)
                )
            continue
        # The PDF files of one folder are read together as one issue, as the local reader reads
        # them (read_files: their jump lines are linked): a run of them stays in one partition.
        is_pdf = is_pdf_file(f)
        same_issue = is_pdf and 0 < pdf_run < ISSUE_FILES and pdf_parent == f.parent
        pdf_run, pdf_parent = (pdf_run + 1 if same_issue else int(is_pdf)), f.parent
        if group and size + fsize > chunk_bytes and not same_issue:
            flush()
        group.append(str(f))
        size += fsize
    flush()
    return parts


def _read_range(part: Partition, home: Home | None) -> Iterator[Page | Problem]:
    """The records of one byte range, exactly as :func:`~guanxi.extractors.read.read_path` reads them."""
    from guanxi.extractors.read import parse_record_line, read_lines  # the local reader's own

    name = str(part.path)
    stem = Path(name).stem
    seen: set[str] = set()
    try:
        fh = open(name, "rb")
    except OSError as err:
        yield Problem(name, None, f"cannot read: {err.strerror or err}")
        return
    with fh:
        fh.seek(part.start)
        for no, raw, _ in read_lines(fh, first_line=part.first_line, size=part.end - part.start):
            yield from parse_record_line(raw, no, name=name, stem=stem, home=home, seen=seen)


def _read_partition(part: Partition, home: Home | None) -> Iterator[Page | Problem]:
    from guanxi.extractors.read import read_files

    if part.path is not None:
        yield from _read_range(part, home)
        return
    # Problems found while planning (a folder not listed, a repeated file) are passed on.
    yield from read_files(part.files, home=home)


# --- map: extraction to Parquet ----------------------------------------------------------------

_S, _I, _B = "string", "int64", "bool"
#: Columns of the per-partition tables (pyarrow type names; ``list`` = list of int64).
SCHEMAS: dict[str, dict[str, str]] = {
    "pages": {"part": _I, "seq": _I, "page_id": _S, "path": _S, "line": _I, "extraction": _S, "articles": _S, "gold": _S},
    "articles": {"ord": _I, "seq": _I, "article_id": _S, "date": _S, "props": _S, "path": _S, "line": _I,
                 "skipped": _B},
    "persons": {"uid": _I, "ord": _I, "bkey": _S, "name": _S, "home": _S, "role": _S, "mi": _I, "odate": _S,
                "aid": _S, "date": _S, "pm_posts": _S, "kind": _S, "titles": _S, "posts": _S, "count": _I, "appts": _S,
                "profile": _S},
    "refs": {"ord": _I, "aid": _S, "date": _S, "kind": _S, "key": _S, "uid": _I, "sents": "list",
             "count": _I, "journalist": _B, "present": "list", "types": "list"},
    "reported": {"ord": _I, "uid": _I, "aid": _S, "date": _S},
    "orgs": {"ord": _I, "pos": _I, "key": _S, "names": _S, "types": _S, "parents": _S, "mentions": _I,
             "home": _S},
    "places": {"ord": _I, "pos": _I, "key": _S, "names": _S, "mentions": _I, "extra": _S, "home": _S},
    "events": {"ord": _I, "pos": _I, "aid": _S, "home": _S, "date": _S, "date_end": _S, "type": _S,
               "title": _S, "tkey": _S, "organizers": _S, "places": _S, "participants": _S, "continued": _B},
}  # fmt: skip
MAP_TABLES = tuple(SCHEMAS)


def _schema(table: str):
    import pyarrow as pa

    types = {_S: pa.string(), _I: pa.int64(), _B: pa.bool_(), "list": pa.list_(pa.int64())}
    return pa.schema([(k, types[v]) for k, v in SCHEMAS[table].items()])


def write_table(rows: list[dict[str, Any]], path: Path, schema) -> Path:
    """Write *rows* as one Parquet file, atomically (a hidden temporary file, then rename)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    # The temporary name starts with "." so Parquet dataset readers skip it.
    with atomic_path(path, parents=True) as tmp:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp)
    return path


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What a map task sends back through the scheduler: counts and problems, never records.

    ``problems`` holds (position in the partition, problem) pairs, so they sort into input order.
    """

    index: int
    inputs: int = 0
    pages: int = 0
    articles: int = 0
    problems: tuple[tuple[int, Problem], ...] = ()
    # (homes) pages whose home could not be determined, as (position, path, page id), for the run report
    without_home: tuple[tuple[int, str, str], ...] = ()
    # Hand-corrected mentions: ((block after the corrections, lines), count) pairs (a Tally).
    corrected: tuple[tuple[tuple[Any, tuple[int, ...]], int], ...] = ()


def _to_gold() -> Callable[[PageExtraction], dict] | None:
    try:
        from guanxi.extractors.gold import to_gold
    except ImportError:
        return None
    return to_gold


def _read_extractions(part: Partition) -> Iterator[PageExtraction | Problem]:
    """Page extractions of a partition of ``extractions.jsonl`` files (``--from-extractions``)."""
    for name, start, end, first in (
        [(part.path, part.start, part.end, part.first_line)]
        if part.path
        else [(f, 0, None, 1) for f in part.files]
    ):
        if isinstance(name, Problem):
            yield name
            continue
        if not Path(name).is_file():
            yield Problem(str(name), None, "no such file")
            continue
        yield from read_jsonl(
            name, PageExtraction.from_dict, what="page extraction", start=start, end=end, first_line=first
        )


@_no_gc
def extract_partition(
    part: Partition,
    stage: str | os.PathLike,
    *,
    home: Home | None = None,
    since: str | None = None,
    until: str | None = None,
    from_extractions: bool = False,
    corrections: Corrections | None = None,
) -> PartitionResult:
    """Map task: read, extract and flatten one partition into ``stage/<table>/part-NNNNNN.parquet``.

    Idempotent: the files are named by ``part.index`` and replaced atomically, so a task
    retried after a lost worker overwrites its own output. A page whose extraction raises
    becomes a :class:`~guanxi.model.Problem` and the partition goes on. With
    *from_extractions* the partition holds ``extractions.jsonl`` lines: no NLP runs.
    """
    to_gold = _to_gold()
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in MAP_TABLES}
    problems: list[tuple[int, Problem]] = []
    inputs = pages = articles = 0
    n_art = 0
    no_home: list[tuple[int, str, str]] = []  # (homes)
    corrected: Tally = Counter()
    source = _read_extractions(part) if from_extractions else _read_partition(part, home)
    for seq, item in enumerate(source):
        inputs += 1
        if isinstance(item, Problem):
            problems.append((seq, item))
            continue
        if isinstance(item, PageExtraction):
            pe = item
        else:
            from guanxi.extractors.extract import extract_page  # spaCy: only where text is extracted

            try:
                pe = extract_page(item, home=home)
            except Exception as err:  # one bad page must not fail the partition
                why = f"extraction failed ({type(err).__name__}: {err})"
                problems.append((seq, Problem(item.path, item.line, why)))
                continue
        pages += 1
        articles += len(pe.articles)
        if not page_home(pe):  # (homes) named in the run report
            no_home.append((seq, pe.page.path, pe.page.page_id))
        rows["pages"].append(
            {
                "part": part.index,
                "seq": seq,
                "page_id": pe.page.page_id,
                "path": pe.page.path,
                "line": pe.page.line,
                "extraction": _dumps(pe.to_dict()),
                "articles": "".join(_dumps(ax.article.to_dict()) + "\n" for ax in pe.articles),
                "gold": _dumps(to_gold(pe)) if to_gold else None,
            }
        )
        for ax in pe.articles:
            ord_ = (part.index << _ART_BITS) | n_art
            n_art += 1
            found = _flatten(pe, ax, ord_, seq, rows, since=since, until=until, corrections=corrections)
            corrected.update(found)
    base = Path(stage)
    name = f"part-{part.index:06d}.parquet"
    for table in MAP_TABLES:
        write_table(rows[table], base / table / name, _schema(table))
    tally = tuple(sorted(corrected.items(), key=repr))
    return PartitionResult(part.index, inputs, pages, articles, tuple(problems), tuple(no_home), tally)


def _flatten(
    pe: PageExtraction,
    ax,
    ord_: int,
    seq: int,
    rows: dict[str, list[dict[str, Any]]],
    *,
    since: str | None,
    until: str | None,
    corrections: Corrections | None = None,
) -> tuple:
    """Rows of one article, from its :func:`~guanxi.graph.build.article_parts`; returns its
    hand-corrected mentions (:attr:`~guanxi.graph.build.ArticleParts.corrected`).

    The parts are made from the article alone, so its keys, sentence indices and counts are
    those of the local engine; repeated article ids are removed later, across partitions.
    """
    art = ax.article
    base = {"ord": ord_, "seq": seq, "article_id": art.article_id, "path": pe.page.path, "line": pe.page.line}
    date = article_date(pe, art)
    if not in_date_range(date, since, until):  # counted as skipped unless it is a repeat
        rows["articles"].append({**base, "date": None, "props": None, "skipped": True})
        return ()
    parts = article_parts(pe, ax, page_home(pe), date, corrections)
    aid = parts.article_id
    rows["articles"].append({**base, "date": date, "props": _dumps(parts.props), "skipped": False})
    # Mentions numbered block by block (first-seen order), as ``mi`` within each block.
    by_block: dict[tuple[str, str, str], list[int]] = {}
    for i, pp in enumerate(parts.persons):
        by_block.setdefault(pp.block, []).append(i)
    uid_of: dict[int, int] = {}
    for block, idxs in by_block.items():
        for mi, i in enumerate(idxs):
            uid = uid_of[i] = (ord_ << _MENTION_BITS) | len(uid_of)
            pp = parts.persons[i]
            pm = pp.mention
            rows["persons"].append(
                {
                    "uid": uid,
                    "ord": ord_,
                    "bkey": _dumps(list(block)),
                    "name": block[0],
                    "home": block[1],
                    "role": block[2],
                    "mi": mi,
                    "odate": pm.order[0],
                    "aid": pm.order[1],
                    "date": pm.date,
                    "pm_posts": _dumps(pm.posts),
                    "kind": pp.kind,
                    "titles": _dumps(pp.titles),
                    "posts": _dumps(pp.posts),
                    "count": pp.count,
                    "appts": _dumps(pp.appointments),
                    "profile": _dumps(pp.profile),
                }
            )
    for ref, (sents, count, present, types) in parts.refs.items():
        person = isinstance(ref, PersonRef)
        rows["refs"].append(
            {
                "ord": ord_,
                "aid": aid,
                "date": date,
                "kind": _REF_KIND[type(ref)],
                "key": None if person else ref.key,  # type: ignore[union-attr]
                "uid": uid_of[ref.index] if person else -1,  # type: ignore[union-attr]
                "sents": list(sents),
                "count": count,
                "journalist": person and ref.journalist,  # type: ignore[union-attr]
                "present": list(present),
                "types": list(types),
            }
        )
    for ref in parts.reported:
        rows["reported"].append({"ord": ord_, "uid": uid_of[ref.index], "aid": aid, "date": date})
    for pos, (key, agg) in enumerate(parts.orgs.items()):
        rows["orgs"].append(
            {
                "ord": ord_,
                "pos": pos,
                "key": key,
                "names": _dumps(dict(agg.names)),
                "types": _dumps(dict(agg.types)),
                "parents": _dumps(sorted(agg.parents)),
                "mentions": agg.mentions,
                "home": agg.home,
            }
        )
    for pos, (key, agg) in enumerate(parts.places.items()):
        rows["places"].append(
            {
                "ord": ord_,
                "pos": pos,
                "key": key,
                "names": _dumps(dict(agg.names)),
                "mentions": agg.mentions,
                "extra": _dumps(agg.extra),
                "home": agg.home,
            }
        )
    for pos, ev in enumerate(parts.events):
        rows["events"].append(
            {
                "ord": ord_,
                "pos": pos,
                "aid": aid,
                "home": ev.home,
                "date": ev.date,
                "date_end": ev.date_end,
                "type": ev.type,
                "title": ev.title,
                "tkey": ev.tkey,
                "organizers": _dumps(list(ev.organizers)),
                "places": _dumps(list(ev.places)),
                "participants": _dumps([[uid_of[ref.index], role] for ref, role in ev.participants]),
                "continued": ev.continued,
            }
        )
    return parts.corrected


# --- reduce ------------------------------------------------------------------------------------

#: The ``kind`` column of the ``refs`` table: P person, O organization, L place.
_REF_KIND = {PersonRef: "P", OrgRef: "O", PlaceRef: "L"}


def _tuples(value: Any) -> Any:
    """JSON lists back to the tuples of the schema (recursively)."""
    if isinstance(value, list):
        # Scalars are kept without a call each: most lists are flat (article ids, titles).
        return tuple(_tuples(v) if isinstance(v, list | dict) else v for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) if isinstance(v, list | dict) else v for k, v in value.items()}
    return value


def _props(props: dict[str, Any]) -> dict[str, Any]:
    """:func:`_tuples` of a decoded properties object, changed in place (it is new)."""
    for k, v in props.items():
        if isinstance(v, list | dict):
            props[k] = _tuples(v)  # same keys: the dict is not resized while iterated
    return props


_NODE_COLS = {"id": "string", "label": "string", "properties": "string"}
_EDGE_COLS = {
    "id": "string",
    "type": "string",
    "source": "string",
    "target": "string",
    "properties": "string",
}


def _node_row(n: GraphNode) -> dict[str, str]:
    return {"id": n.id, "label": str(n.label), "properties": _dumps(n.properties)}


def _edge_row(e: GraphEdge) -> dict[str, str]:
    return {
        "id": e.id,
        "type": str(e.type),
        "source": e.source,
        "target": e.target,
        "properties": _dumps(e.properties),
    }


def _frame(rows: list[dict[str, Any]], cols: dict[str, str]):
    import pandas as pd

    rows = sorted(rows, key=lambda r: r["id"])  # stable, as the local engine's sort by id
    # Column by column: a frame of dicts costs a lookup per cell and a second conversion.
    return pd.DataFrame({k: pd.array([r[k] for r in rows], dtype=v) for k, v in cols.items()})


def _write_rows(rows: list[dict[str, str]], folder: Path, cols: dict[str, str]) -> None:
    """Node or edge rows as one Parquet file sorted by id (no pandas frame on the way)."""
    import pyarrow as pa

    rows.sort(key=lambda r: r["id"])
    write_table(rows, folder / "part-000000.parquet", pa.schema([(k, pa.string()) for k in cols]))


# Partition functions: module-level so workers import them (never lambdas).


def _runs(keys: Sequence[Any]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of equal neighbours in *keys* (sorted): a group-by on plain lists,
    far cheaper than a pandas group-by when groups are many and small."""
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            yield start, i
            start = i


def _cols(df, *names: str) -> list[list[Any]]:
    """Columns of *df* as Python lists: one conversion per column (iterating an Arrow-backed
    Series yields its values one call at a time, the largest cost of the reduce functions)."""
    return [df[c].tolist() for c in names]


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


@_no_gc
def _resolve_persons(df):
    """Per partition shuffled by name: resolve every name it holds
    (:func:`~guanxi.graph.resolve.resolve_person_name`); one row per mention, with its person id
    ``pid``, the person's home in ``home`` (a mention without a home may join a person with one)
    and its :data:`~guanxi.graph.resolve.HOMELESS_STATUS` in ``homeless``."""
    import pandas as pd

    df = df.sort_values(["name", "bkey", "ord", "mi"], kind="stable")  # name, block, input order
    names, bkeys, odates, aids = (df[c].tolist() for c in ("name", "bkey", "odate", "aid"))
    dates, posts = df["date"].tolist(), df["pm_posts"].tolist()
    pids: list[str] = []
    homes: list[str] = []
    status: list[str] = []
    for start, end in _runs(names):
        blocks = [tuple(json.loads(bkeys[i])) for i in range(start, end)]
        mentions = [
            PersonMention((odates[i], aids[i]), _str(dates[i]), _tuples(json.loads(posts[i])))
            for i in range(start, end)
        ]
        res = resolve_person_name(blocks, mentions)
        pids.extend(person_id(block, c) for block, c in res.persons)
        homes.extend(block[1] for block, _ in res.persons)
        status.extend(res.status)
    out = df.copy()
    out["pid"] = pd.array(pids, dtype="string")
    out["home"] = pd.array(homes, dtype="string")
    out["homeless"] = pd.array(status, dtype="string")
    return out


_RESOLVED_META = {
    **{k: ("int64" if v == _I else "string") for k, v in SCHEMAS["persons"].items()},
    "pid": "string",
    "homeless": "string",
}


@_no_gc
def _person_parts(df):
    """Per block partition (every mention of a person is in it): one :class:`PersonAcc` row
    per person id."""
    accs: dict[str, PersonAcc] = {}
    cols = _cols(df, "pid", "name", "home", "role", "kind", "titles", "count", "date", "profile")
    for pid, name, home, role, kind, titles, count, date, profile in zip(*cols, strict=True):
        acc = accs.get(pid)
        if acc is None:
            acc = accs[pid] = PersonAcc((name, home, role))
        acc.add(kind, json.loads(titles), int(count), _str(date), json.loads(profile))
    return _person_frame(accs)


_HOMELESS_COLS = {"name": "string", "bkey": "string", "home": "string", "homeless": "string", "n": "int64"}


def _homeless_counts(df):
    """Per resolved partition: the mentions without a home that joined a person with a home or
    stayed apart as ambiguous, counted by (name, block, the person's home, status)."""
    df = df[df["homeless"] != ""]
    rows = df.groupby(list(_HOMELESS_COLS)[:-1], sort=True).size().reset_index(name="n")
    return rows.astype(_HOMELESS_COLS)


_PERSON_COLS = {"pid": "string", "name": "string", "home": "string", "role": "string", "official": "bool",
                "titles": "string", "mentions": "int64", "first": "string", "last": "string",
                "profile": "string"}  # fmt: skip


def _person_frame(accs: dict[str, PersonAcc]):
    import pandas as pd

    rows = [
        (
            pid, *a.block, a.official, _dumps(sorted(a.titles)), a.mentions, a.span.first, a.span.last,
            _dumps(sorted((k, sorted(v)) for k, v in a.profile.items())),
        )
        for pid, a in sorted(accs.items())
    ]
    return pd.DataFrame(rows, columns=list(_PERSON_COLS)).astype(_PERSON_COLS)


def _person_accs(df) -> dict[str, PersonAcc]:
    """The :class:`PersonAcc` rows of :func:`_person_frame`, folded by person id."""
    accs: dict[str, PersonAcc] = {}
    for pid, name, home, role, official, titles, mentions, first, last, profile in df.itertuples(index=False):
        particulars = {k: set(values) for k, values in json.loads(profile)}
        acc = PersonAcc((name, home, role), bool(official), set(json.loads(titles)), int(mentions), profile=particulars)
        acc.span.add(_str(first))
        acc.span.add(_str(last))
        fold(accs, pid, acc)
    return accs


@_no_gc
def _holds_post(df, org_final: dict[str, str]):
    """Per block partition (every mention of a person is in it): HOLDS_POST edges."""
    accs: dict[PostKey, PostAcc] = {}
    cols = _cols(df, "pid", "aid", "date", "home", "posts", "appts")
    for pid, aid, date, home, posts, appts in zip(*cols, strict=True):
        add_posts(accs, pid, json.loads(posts), aid, _str(date), _str(home) or "", json.loads(appts))
    ids = EntityIds({}, org_final)
    return _frame([_edge_row(e) for e in post_edges(accs, ids)], _EDGE_COLS)


@_no_gc
def _entity_ids(df, org_final: dict[str, str]):
    """Reference rows with the final entity id ``eid`` (persons already carry ``pid``)."""
    import pandas as pd

    ids = EntityIds({}, org_final)
    eids = [
        pid if kind == "P" else ids.org(key) if kind == "O" else ids.place(key)
        for kind, key, pid in zip(*_cols(df, "kind", "key", "pid"), strict=True)
    ]
    out = df[["ord", "aid", "date", "count", "journalist", "sents", "present", "types"]].copy()
    out["eid"] = pd.array(eids, dtype="string")
    return out


_REFS_META = {"ord": "int64", "aid": "string", "date": "string", "count": "int64", "journalist": "bool",
              "sents": "string", "present": "string", "types": "string", "eid": "string"}  # fmt: skip


def _by_article(df, *, sentences: bool = False) -> Iterator[tuple[str, str | None, list[EntityMention]]]:
    """(article id, date, its :data:`~guanxi.graph.aggregate.EntityMention` rows) per article;
    sentence indices are read only when *sentences* (else empty: only co-occurrence needs them)."""
    df = df.sort_values("ord", kind="stable")
    ords, aids, dates = df["ord"].tolist(), df["aid"].tolist(), df["date"].tolist()
    eids, sents, counts, journ, present, types = (
        df[c].tolist() for c in ("eid", "sents", "count", "journalist", "present", "types")
    )
    if sentences:
        sents, present = [_ints(v) for v in sents], [_ints(v) for v in present]
    else:
        sents = present = [()] * len(eids)
    types = [_ints(v) for v in types]
    for start, end in _runs(ords):
        refs = list(zip(*(c[start:end] for c in (eids, sents, counts, journ, present, types)), strict=True))
        yield aids[start], _str(dates[start]), refs


def _ints(value: str) -> tuple[int, ...]:
    """A list column read as a string (``"0,3,7"``, see :func:`_read_ord_run`) as ints."""
    return tuple(int(x) for x in value.split(",") if x) if isinstance(value, str) else ()


@_no_gc
def _mentioned_in(df):
    """Per article partition: MENTIONED_IN edges (entity, article) with summed counts."""
    rows = []
    for aid, date, refs in _by_article(df):
        rows.extend(_edge_row(e) for e in mentioned_in_edges(article_entities(refs), aid, date))
    return _frame(rows, _EDGE_COLS)


_SEEN_COLS = {"eid": "string", "articles": "int64", "co": "int64", "first": "string", "last": "string"}


@_no_gc
def _entity_seen(df, cooccurrence: str):
    """Per article partition: one partial :class:`EntitySeen` row per entity."""
    import pandas as pd

    accs: dict[str, EntitySeen] = {}
    for _aid, date, refs in _by_article(df):
        ents = article_entities(refs, cooccurrence)
        add_seen(accs, ents.counts, ents.sentences, date)
    rows = [(e, a.articles, a.co, a.span.first, a.span.last) for e, a in accs.items()]
    return pd.DataFrame(rows, columns=list(_SEEN_COLS)).astype(_SEEN_COLS)


def _seen_accs(df) -> dict[str, EntitySeen]:
    """The partial rows of :func:`_entity_seen`, merged per entity."""
    accs: dict[str, EntitySeen] = {}
    for eid, articles, co, first, last in df.itertuples(index=False):
        acc = EntitySeen(int(articles), int(co))
        acc.span.add(_str(first))
        acc.span.add(_str(last))
        fold(accs, eid, acc)
    return accs


#: Pair rows per Parquet row group of the pair table (bounds the memory of the map step).
PAIR_ROWS = 200_000
_PAIR_COLS = {
    "a": "string",
    "b": "string",
    "shared": "int64",
    "near": "int64",
    "aid": "string",
    "date": "string",
}


@_no_gc
def _write_pairs(df, path: str, window: int, cooccurrence: str) -> int:
    """Per article partition: the co-occurrence map step, streamed to *path* in row groups.

    An article of k entities gives k(k-1)/2 rows, so the output of one partition can be far
    larger than its input: rows are flushed every :data:`PAIR_ROWS`, never all held.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(k, pa.int64() if v == "int64" else pa.string()) for k, v in _PAIR_COLS.items()])
    n = 0
    with atomic_path(path, parents=True) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        rows: list[tuple] = []

        def flush() -> None:
            cols = list(zip(*rows, strict=True)) if rows else [[] for _ in _PAIR_COLS]
            writer.write_table(pa.Table.from_arrays([pa.array(c, t) for c, t in zip(cols, schema.types, strict=True)],
                                                    schema=schema))  # fmt: skip
            rows.clear()

        for aid, date, refs in _by_article(df, sentences=True):
            sentences = article_entities(refs, cooccurrence).sentences
            for a, b, shared, near in article_pairs(sentences, window=window):
                rows.append((a, b, shared, int(near), aid, date))
                if len(rows) >= PAIR_ROWS:
                    n += len(rows)
                    flush()
        n += len(rows)
        flush()
    return n


def _pairs_part(df, folder: str, window: int, cooccurrence: str, partition_info: dict | None = None):
    """:func:`_write_pairs` of one article partition into ``folder/part-NNNNNN.parquet``."""
    import pandas as pd

    number = partition_info["number"] if partition_info else 0
    rows = _write_pairs(df, str(Path(folder) / f"part-{number:06d}.parquet"), window, cooccurrence)
    return pd.DataFrame({"rows": pd.Series([rows], dtype="int64")})


@_no_gc
def _co_occurs(df, counts: dict[str, int], total: int):
    """Per pair partition: sum the pair rows into CO_OCCURS edges (npmi from the entity counts)."""
    co = CoOccurrence()
    a, b, shared, near, aids, dates = _cols(df, "a", "b", "shared", "near", "aid", "date")
    co.add_pairs(
        zip(a, b, shared, near, aids, [d if isinstance(d, str) else None for d in dates], strict=True)
    )
    return _frame([_edge_row(e) for e in co.edges(counts=counts, total=total)], _EDGE_COLS)


@_no_gc
def _reported_edges(df):
    rows = []
    for pid, aid, date in zip(*_cols(df, "pid", "aid", "date"), strict=True):
        rows.append(_edge_row(reported_edge(pid, aid, date if isinstance(date, str) else None)))
    return _frame(rows, _EDGE_COLS).drop_duplicates("id")


@_no_gc
def _article_nodes(df):
    rows = []
    (props_col,) = _cols(df, "props")
    for props in props_col:
        rows.append(_node_row(article_node(_tuples(json.loads(props)))))
    return _frame(rows, _NODE_COLS)


_ORG_COLS = {"key": "string", "names": "string", "types": "string", "parents": "string", "mentions": "int64",
             "ord": "int64", "pos": "int64", "home": "string"}  # fmt: skip
_PLACE_COLS = {"key": "string", "names": "string", "mentions": "int64", "extra": "string", "ord": "int64",
               "pos": "int64", "home": "string"}  # fmt: skip


def _org_accs(df) -> dict[str, EntityAgg]:
    """Organization rows (of the map table or of :func:`_combine_orgs`) folded per key."""
    accs: dict[str, EntityAgg] = {}
    for key, names, types, parents, mentions, o, pos, home in zip(*_cols(df, *_ORG_COLS), strict=True):
        agg = EntityAgg(
            Counter(json.loads(names)), Counter(json.loads(types)), {}, set(json.loads(parents)),
            int(mentions), home, (int(o), int(pos)),
        )  # fmt: skip
        fold(accs, key, agg)
    return accs


def _place_accs(df) -> dict[str, EntityAgg]:
    """Place rows (of the map table or of :func:`_combine_places`) folded per key."""
    accs: dict[str, EntityAgg] = {}
    for key, names, mentions, extra, o, pos, home in zip(*_cols(df, *_PLACE_COLS), strict=True):
        agg = EntityAgg(
            Counter(json.loads(names)),
            Counter(),
            json.loads(extra),
            set(),
            int(mentions),
            home,
            (int(o), int(pos)),
        )
        fold(accs, key, agg)
    return accs


@_no_gc
def _combine_orgs(df):
    """Per partition: one row per organization key."""
    import pandas as pd

    rows = [
        (
            k,
            _dumps(dict(a.names)),
            _dumps(dict(a.types)),
            _dumps(sorted(a.parents)),
            a.mentions,
            *a.order,
            a.home,
        )
        for k, a in _org_accs(df).items()
    ]
    return pd.DataFrame(rows, columns=list(_ORG_COLS)).astype(_ORG_COLS)


@_no_gc
def _combine_places(df):
    """Per partition: one row per place key."""
    import pandas as pd

    rows = [
        (k, _dumps(dict(a.names)), a.mentions, _dumps(a.extra), *a.order, a.home)
        for k, a in _place_accs(df).items()
    ]
    return pd.DataFrame(rows, columns=list(_PLACE_COLS)).astype(_PLACE_COLS)


#: Parquet bytes per reduce partition (about ten times that in memory, with Python strings).
PARTITION_BYTES = 8 << 20


def _read(stage: Path, table: str, columns: Sequence[str] | None = None, *, parallel: int = 2):
    """A Parquet folder as a dask DataFrame of about :data:`PARTITION_BYTES` per partition.

    Map tasks write one small file per input partition; merging neighbours keeps the number
    of reduce tasks (and of shuffle messages, which grows with its square) proportionate to the
    data, while at least *parallel* partitions keep every worker busy.
    """
    import dask.dataframe as dd

    files = [p for p in (stage / table).rglob("*.parquet") if not p.name.startswith(".")]
    size = sum(p.stat().st_size for p in files)
    df = dd.read_parquet(str(stage / table), columns=list(columns) if columns else None)
    want = max(min(len(files), parallel), -(-size // PARTITION_BYTES))
    if want < df.npartitions:
        df = df.repartition(npartitions=want)
    return df


def _meta(cols: dict[str, str]):
    import pandas as pd

    return pd.DataFrame({k: pd.Series([], dtype=v) for k, v in cols.items()})


def _ord_runs(folder: Path, parallel: int) -> tuple[list[tuple[int, ...]], list[int]]:
    """Map partitions (by number) in runs of neighbours of about :data:`PARTITION_BYTES` of
    FOLDER's files each, at least two runs per worker, and the ``ord`` divisions of the runs."""
    files = sorted(folder.glob("part-*.parquet"))
    if not files:
        return [()], [0, 0]
    numbers = [int(p.stem.split("-")[1]) for p in files]
    sizes = [p.stat().st_size for p in files]
    want = min(len(files), max(2 * parallel, -(-sum(sizes) // PARTITION_BYTES)))
    target = sum(sizes) / want
    runs: list[tuple[int, ...]] = []
    run: list[int] = []
    acc = 0
    for i, (n, size) in enumerate(zip(numbers, sizes, strict=True)):
        run.append(n)
        acc += size
        # Close the run at its share of the bytes, or when the files left are one per run left.
        if acc >= target * (len(runs) + 1) or len(files) - i - 1 == want - len(runs) - 1:
            runs.append(tuple(run))
            run = []
    if run:
        runs.append(tuple(run))
    divisions = [r[0] << _ART_BITS for r in runs] + [((runs[-1][-1] + 1) << _ART_BITS) - 1]
    return runs, divisions


def _read_ord_run(parts: tuple[int, ...], stage: str, table: str, drop: Sequence[int]):
    """The rows of map table TABLE from partitions PARTS, indexed by ``ord``, without DROP.
    List columns come as strings (``"0,3,7"``)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    folder = Path(stage) / table
    tables = [pq.read_table(folder / f"part-{n:06d}.parquet", schema=_schema(table)) for n in parts]
    t = pa.concat_tables(tables) if tables else _schema(table).empty_table()
    for i, field_ in enumerate(t.schema):
        if pa.types.is_list(field_.type):  # lists as "0,3,7": a plain string column
            joined = pc.binary_join(pc.cast(t.column(i), pa.list_(pa.string())), ",")
            t = t.set_column(i, field_.name, joined)
    df = t.to_pandas()
    if drop:
        df = df[~df["ord"].isin(drop)]
    return df.set_index("ord")


@_no_gc
def _join_entity_ids(refs, uids, org_final: dict[str, str]):
    """References of an article partition with their entity ids (person ids from UIDS)."""
    return _entity_ids(refs.reset_index().merge(uids[["uid", "pid"]], on="uid", how="left"), org_final)


@_no_gc
def _join_reported(reported, uids):
    """REPORTED edges of an article partition (the byline's person id from UIDS)."""
    return _reported_edges(reported.reset_index().merge(uids[["uid", "pid"]], on="uid", how="left"))


@dataclass(slots=True)
class ReduceResult:
    """What :func:`reduce_graph` found: repeated articles, skipped articles, graph metadata."""

    problems: list[tuple[int, Problem]] = field(default_factory=list)  # (ord, problem)
    skipped: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    # Person mentions on pages without a home: joined to a person with a home, or ambiguous.
    homeless: HomelessPersons = field(default_factory=HomelessPersons)


@_no_gc
def reduce_graph(
    stage: str | os.PathLike,
    *,
    window: int = 2,
    cooccurrence: str = "present",
    exclude_pages: Sequence[tuple[int, int]] = (),
    parallel: int = 2,
    shuffle_method: str | None = None,
    divisions=None,
    progress: Callable[[str], None] | None = None,
    corrected: Mapping[tuple[str, str, str], tuple[int, ...]] | None = None,
) -> ReduceResult:
    """Build the node and edge tables ``stage/nodes`` and ``stage/edges`` from the map tables.

    Runs on the current Dask client (``dask.dataframe`` over the Parquet files of
    :func:`extract_partition`). Returns the repeated-article problems (keyed by input order),
    the number of articles outside the date range and the graph metadata. *exclude_pages*
    lists (partition, position) of pages to leave out silently (records repeated across the
    byte ranges of one file, already reported as problems). *shuffle_method* is ``"p2p"``
    (disk-backed, for tables larger than memory) or ``"tasks"``; by default ``tasks`` below
    64 MiB of map tables and ``p2p`` above.
    """
    import dask
    import dask.dataframe as dd
    import pandas as pd
    from distributed import get_client

    step = progress or (lambda name: None)
    st = Path(stage)
    res = ReduceResult()
    if shuffle_method is None:
        size = sum(p.stat().st_size for p in st.rglob("*.parquet"))
        shuffle_method = "tasks" if size < (64 << 20) else "p2p"

    def read(table: str, columns: Sequence[str] | None = None):
        return _read(st, table, columns, parallel=parallel)

    def write(df, *parts: str):
        return df.to_parquet(str(st.joinpath(*parts)), write_index=False, compute=False)

    # Articles: repeated ids across the corpus (the first in input order wins) ------------------
    step("articles")
    arts = read("articles", ["ord", "seq", "article_id", "date", "path", "line", "skipped"])
    drop: set[int] = set()
    if exclude_pages:
        ex = set(exclude_pages)
        cand = arts[arts["seq"].isin(sorted({s for _, s in ex}))][["ord", "seq"]].compute()
        drop |= {
            int(o)
            for o, s in zip(cand["ord"], cand["seq"], strict=True)
            if (int(o) >> _ART_BITS, int(s)) in ex
        }
    live = arts[~arts["ord"].isin(sorted(drop))] if drop else arts
    counts = live.groupby("article_id")["ord"].count()
    dup_ids = counts[counts > 1].compute()
    if len(dup_ids):
        dups = live[live["article_id"].isin(list(dup_ids.index))].compute().sort_values("ord")
        for aid, g in dups.groupby("article_id", sort=False):
            for _, r in g.iloc[1:].iterrows():
                drop.add(int(r["ord"]))
                line = None if pd.isna(r["line"]) else int(r["line"])
                res.problems.append(
                    (int(r["ord"]), Problem(r["path"], line, f"article {aid} repeated; skipped"))
                )
        res.problems.sort(key=lambda x: x[0])
    drop_list = sorted(drop)

    def keep(df):
        return df[~df["ord"].isin(drop_list)] if drop_list else df

    # One round: article summary, organizations and places reduced to one row per key, and the
    # persons shuffled by blocking key and resolved block by block.
    step("organizations")
    summary = keep(arts).assign(n=1).groupby("skipped").agg({"n": "sum", "date": ["min", "max"]})
    # By name, not blocking key: a mention without a home may join a person with one.
    persons = keep(read("persons")).shuffle("name", shuffle_method=shuffle_method)
    summary, org_rows, place_rows, _ = dask.compute(
        summary,
        keep(read("orgs")).map_partitions(_combine_orgs, meta=_meta(_ORG_COLS)),
        keep(read("places")).map_partitions(_combine_places, meta=_meta(_PLACE_COLS)),
        write(persons.map_partitions(_resolve_persons, meta=_meta(_RESOLVED_META)), "resolved"),
    )
    total = 0
    first_date = last_date = None
    for skipped, row in summary.iterrows():
        if skipped:
            res.skipped = int(row[("n", "sum")])
        else:
            total = int(row[("n", "sum")])
            first_date = row[("date", "min")] if isinstance(row[("date", "min")], str) else None
            last_date = row[("date", "max")] if isinstance(row[("date", "max")], str) else None
    res.meta = {k: v for k, v in {"articles": total, "first_date": first_date, "last_date": last_date,
                                   "window": window, "cooccurrence": cooccurrence}.items()
               if v is not None}  # fmt: skip
    custom_divisions = divisions
    if divisions is None:
        from guanxi.extractors.divisions import load_divisions

        divisions = load_divisions()
    orgs, org_final = _finish_orgs(org_rows, divisions)
    places = _finish_places(place_rows)
    place_id = {k: stable_id("place", json.loads(k)) for k, _agg in places}
    resolved = read("resolved")
    # The events need only the person ids, organizations and places: one task builds them while
    # the rounds below run (at the end it would leave the other workers idle).
    client = get_client()
    events = client.submit(_event_table, str(st), drop_list, org_final, place_id, pure=False)
    # Mentions: entity ids per reference, grouped by article; posts, articles and bylines ---------
    step("mentions")
    # Map partitions hold whole articles, and ``ord`` numbers them in partition order: runs of
    # neighbouring partitions are article partitions as they are. Only the person ids (three
    # columns) are shuffled to them; the reference rows never move.
    groups, divs = _ord_runs(st / "refs", parallel)
    uids = resolved[["ord", "uid", "pid"]].set_index("ord", divisions=divs, shuffle_method=shuffle_method)

    def by_ord(table: str):
        return dd.from_map(
            _read_ord_run, groups, stage=str(st), table=table, drop=drop_list,
            meta=_read_ord_run((), str(st), table, ()), divisions=divs, enforce_metadata=False,
        )  # fmt: skip

    refs = dd.map_partitions(_join_entity_ids, by_ord("refs"), uids, org_final, meta=_meta(_REFS_META))
    reported = dd.map_partitions(_join_reported, by_ord("reported"), uids, meta=_meta(_EDGE_COLS))
    live_arts = keep(read("articles", ["ord", "article_id", "props", "skipped"]))
    # One round for every reader of the joined references, the person rows, and the tables no
    # later step reads: fewer pauses while the scheduler waits for the slowest task of a round.
    # (Not with dask.persist: on Python 3.11 an in-process scheduler materializing a persisted
    # graph and this thread optimizing the next one can deadlock on functools.cached_property's
    # lock.)
    person_rows, homeless_rows, seen_rows, *_ = dask.compute(
        resolved.map_partitions(_person_parts, meta=_meta(_PERSON_COLS)),
        resolved.map_partitions(_homeless_counts, meta=_meta(_HOMELESS_COLS)),
        # Partial accumulators per article partition, merged here: one row per entity and partition.
        refs.map_partitions(_entity_seen, cooccurrence, meta=_meta(_SEEN_COLS)),
        write(resolved.map_partitions(_holds_post, org_final, meta=_meta(_EDGE_COLS)), "edges", "holds_post"),
        write(live_arts[~live_arts["skipped"]].map_partitions(_article_nodes, meta=_meta(_NODE_COLS)),
              "nodes", "articles"),
        # A repeated byline edge may land in two files: the sorted merge of iter_graph_records keeps one.
        write(reported, "edges", "reported"),
        write(refs.map_partitions(_mentioned_in, meta=_meta(_EDGE_COLS)), "edges", "mentioned_in"),
        refs.map_partitions(_pairs_part, str(st / "pairs"), window, cooccurrence, meta=_meta({"rows": "int64"})),
    )  # fmt: skip
    joined = set()  # (block without a home, block joined): the hand corrections' marks follow
    for name, bkey, home, status, n in homeless_rows.itertuples(index=False):
        res.homeless.add(name, status, int(n))
        if status == "joined":
            block = tuple(json.loads(bkey))
            joined.add((block, (name, home, block[2])))
    corrected = carry_marks(dict(corrected or {}), joined)
    # Shared service needs every HOLDS_POST edge of an organization: one task reads them all back.
    served = client.submit(_served_with_table, str(st), pure=False)
    # Successions read every holder of a post: the HOLDS_POST edges (few) on the client.
    preceded = succession_edges(iter_graph_records(st / "edges", "holds_post"))
    _write_rows([_edge_row(e) for e in preceded], st / "edges" / "preceded", _EDGE_COLS)
    # Co-occurrence: the pair table, shuffled by pair, summed; person and event rows read -------
    step("co-occurrence")
    seen = _seen_accs(seen_rows)
    del seen_rows
    # The entity nodes are built by one task (on a worker: the client may be a small machine)
    # while the pair table is summed. Workers load the division list themselves (it is cached
    # per process) unless the caller gave one.
    entities = client.submit(
        _entity_table, str(st), person_rows, seen, orgs, org_final, places, custom_divisions, corrected,
        pure=False,
    )  # fmt: skip
    # Entity counts are one row per entity: sent once to every worker (a delayed value), not
    # joined onto the pair table, which then needs a single shuffle by pair.
    co_counts = dask.delayed({e: a.co for e, a in seen.items()}, pure=True)
    # One partition per row group: the pair table is read in pieces of PAIR_ROWS rows at most.
    pairs = dd.read_parquet(str(st / "pairs"), split_row_groups=True)
    pairs = pairs.shuffle(["a", "b"], shuffle_method=shuffle_method)
    dask.compute(
        write(
            pairs.map_partitions(_co_occurs, co_counts, total, meta=_meta(_EDGE_COLS)), "edges", "co_occurs"
        )
    )
    step("entities")
    entities.result()
    step("events")
    events.result()
    served.result()
    return res


def _entity_table(stage: str, person_rows, seen, orgs, org_final, places, divisions, corrected=None) -> None:
    """Person, organization and place nodes (and their structure edges) as ``nodes/entities``;
    *corrected* marks the Person nodes of hand-corrected blocks (:func:`~guanxi.graph.corrections.marks`)."""
    if divisions is None:
        from guanxi.extractors.divisions import load_divisions

        divisions = load_divisions()
    nodes: dict[str, GraphNode] = {n.id: n for n in person_nodes(_person_accs(person_rows), seen, corrected)}
    edges: dict[str, GraphEdge] = {}
    org_nodes(orgs, org_final, seen, divisions, nodes, edges)
    place_nodes(places, seen, divisions, nodes, edges)
    st = Path(stage)
    _write_rows([_node_row(n) for n in nodes.values()], st / "nodes" / "entities", _NODE_COLS)
    _write_rows([_edge_row(e) for e in edges.values()], st / "edges" / "structure", _EDGE_COLS)


def _finish_orgs(org_rows, divisions) -> tuple[dict[str, EntityAgg], dict[str, str]]:
    """The organization accumulators from the per-partition rows, and their company merge."""
    orgs = _org_accs(org_rows)
    return orgs, merge_companies(orgs, divisions)


def _finish_places(place_rows) -> list[tuple[str, EntityAgg]]:
    """(key, counters) per place, in first-seen order (the order of the local engine)."""
    return sorted(_place_accs(place_rows).items(), key=lambda kv: kv[1].order)


def _participant_ids(stage: Path, evs) -> dict[int, str]:
    """Person id per participant reference of the event mentions (read from ``resolved``)."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    uids = sorted({int(u) for p in evs["participants"] for u, _r in json.loads(p)})
    if not uids:
        return {}
    table = ds.dataset(stage / "resolved", format="parquet").to_table(
        columns=["uid", "pid"], filter=pc.field("uid").isin(uids)
    )
    return dict(zip(table.column("uid").to_pylist(), table.column("pid").to_pylist(), strict=True))


@_no_gc
def _event_table(stage: str, drop: list[int], org_final, place_id) -> None:
    """Event nodes and their edges as ``nodes/events`` and ``edges/events``: their union-find
    links mentions across blocks (one row per event mention), so one task builds them all.
    Articles whose ``ord`` is in DROP (sorted) are left out."""
    import pyarrow.dataset as ds

    st = Path(stage)
    evs = ds.dataset(st / "events", format="parquet").to_table().to_pandas()
    if drop:
        evs = evs[~evs["ord"].isin(drop)]
    evs = evs.sort_values(["ord", "pos"], kind="stable")
    pref = _participant_ids(st, evs)
    article_ids: dict[int, str] = {}
    mentions = []
    for r in evs.itertuples(index=False):
        article_ids[int(r.ord)] = r.aid
        mentions.append(
            EventMention(
                int(r.ord),
                r.home if isinstance(r.home, str) else "",
                _str(r.date),
                _str(r.date_end),
                r.type,
                r.title,
                r.tkey,
                tuple(json.loads(r.organizers)),
                tuple(json.loads(r.places)),
                tuple((int(u), role) for u, role in json.loads(r.participants)),
                bool(r.continued),
            )
        )
    org_id = {k: stable_id("org", {"name": v}) for k, v in org_final.items()}
    nodes: list[dict[str, str]] = []
    edges: list[dict[str, str]] = []
    participations: list[GraphEdge] = []
    for r in event_nodes(mentions, pref, org_id, org_final, place_id, article_ids):
        if isinstance(r, GraphNode):
            nodes.append(_node_row(r))
        else:
            edges.append(_edge_row(r))
            if r.type == RelType.PARTICIPATED_IN:
                participations.append(r)
    edges.extend(_edge_row(e) for e in co_attended_edges(attendances(participations)))
    _write_rows(nodes, st / "nodes" / "events", _NODE_COLS)
    _write_rows(edges, st / "edges" / "events", _EDGE_COLS)


def _served_with_table(stage: str) -> None:
    """SERVED_WITH edges as ``edges/served_with``, from every HOLDS_POST edge of the build."""
    st = Path(stage)
    staff: dict[str, Staff] = {}
    add_staff(staff, iter_graph_records(st / "edges", "holds_post"))
    _write_rows(
        [_edge_row(e) for e in served_with_edges(services(staff))], st / "edges" / "served_with", _EDGE_COLS
    )


# --- reading the tables back -----------------------------------------------------------------


def iter_graph_records(
    stage: str | os.PathLike, kind: str, *, tuples: bool = True
) -> Iterator[GraphNode] | Iterator[GraphEdge]:
    """Stream the ``nodes`` or ``edges`` table, sorted by id (a k-way merge of sorted files).

    Property lists are tuples, as in the local engine's graph; with ``tuples=False`` they stay
    the lists JSON gives (a quarter of the reading time), which every exporter takes alike."""
    import heapq

    import pyarrow.parquet as pq

    files = sorted(p for p in (Path(stage) / kind).rglob("*.parquet") if not p.name.startswith("."))
    cols = list(_NODE_COLS if kind == "nodes" else _EDGE_COLS)

    def one(path: Path) -> Iterator[tuple]:
        # Rows as plain tuples, id first: the merge compares them directly (no key function,
        # no dict per row); column lists are made by Arrow in one call per batch.
        pf = pq.ParquetFile(path)
        for batch in pf.iter_batches(batch_size=8192, columns=cols):
            yield from zip(*(batch.column(i).to_pylist() for i in range(len(cols))), strict=True)

    loads = json.loads
    props_of = (lambda text: _props(loads(text))) if tuples else loads
    last = None
    rows = heapq.merge(*(one(f) for f in files))
    if kind == "nodes":
        labels = {str(x): x for x in NodeLabel}
        for id_, label, props in rows:
            if id_ == last:
                continue  # the same record from two tables (never expected): keep one
            last = id_
            yield GraphNode(id_, labels[label], props_of(props))
        return
    types = {str(x): x for x in RelType}
    for id_, type_, source, target, props in rows:
        if id_ == last:
            continue  # a repeated byline edge lands in two files: keep one
        last = id_
        yield GraphEdge(id_, types[type_], source, target, props_of(props))


def read_graph(
    stage: str | os.PathLike,
    meta: dict[str, Any] | None = None,
    *,
    labels: Sequence[str] | None = None,
    min_weight: int = 1,
    tuples: bool = True,
) -> KnowledgeGraph:
    """The :class:`KnowledgeGraph` of the node and edge tables written by :func:`reduce_graph`.

    With *labels* or *min_weight* the records are filtered while they are read (the result
    equals :meth:`KnowledgeGraph.filter`), so only the kept part of the graph is ever in memory.
    *tuples* as for :func:`iter_graph_records`.
    """
    if labels is None and min_weight <= 1:
        return KnowledgeGraph(
            tuple(iter_graph_records(stage, "nodes", tuples=tuples)),  # type: ignore[arg-type]
            tuple(iter_graph_records(stage, "edges", tuples=tuples)),  # type: ignore[arg-type]
            dict(meta or {}),
        )
    keep = {str(NodeLabel(x)) for x in labels} if labels is not None else None
    nodes = tuple(
        n for n in iter_graph_records(stage, "nodes", tuples=tuples) if keep is None or str(n.label) in keep
    )
    ids = {n.id for n in nodes}
    edges = tuple(
        e
        for e in iter_graph_records(stage, "edges", tuples=tuples)
        if e.source in ids
        and e.target in ids
        and (e.type != RelType.CO_OCCURS or e.properties.get("weight", 0) >= min_weight)
    )
    # The same filter once more on what is left: any rule KnowledgeGraph.filter adds holds here too.
    kg = KnowledgeGraph(nodes, edges, dict(meta or {}))  # type: ignore[arg-type]
    return kg.filter(labels=labels, min_weight=min_weight)


#: Relative cost of each export: seconds measured on the 100k-article benchmark corpus (each
#: group also reads the tables once, about 9 s, the same for every group). The report page
#: reads the jsonl files: it follows them.
EXPORT_COSTS = {"jsonl": 7, "html": 22, "graphml": 23, "gexf": 37, "neo4j": 10, "json": 8, "careers": 1}


def export_groups(formats: Sequence[str], groups: int) -> list[tuple[str, ...]]:
    """FORMATS in at most GROUPS groups of about equal cost (:data:`EXPORT_COSTS`, largest first,
    each to the cheapest group), written concurrently: each group reads the tables once.
    ``html`` stays right after ``jsonl``, in the same group."""
    units = [(f,) for f in formats if f not in ("jsonl", "html")]
    if "jsonl" in formats:
        units.append(("jsonl", "html") if "html" in formats else ("jsonl",))
    elif "html" in formats:
        units.append(("html",))

    def cost(unit: Sequence[str]) -> int:
        return sum(EXPORT_COSTS.get(f, 10) for f in unit)

    units.sort(key=lambda u: (-cost(u), u))
    bins: list[list[str]] = [[] for _ in range(max(1, min(groups, len(units))))]
    for unit in units:
        min(bins, key=cost).extend(unit)
    return [tuple(b) for b in bins if b]


@_no_gc
def export_tables(
    stage: str | os.PathLike,
    out_dir: str | os.PathLike,
    formats: Sequence[str],
    *,
    meta: dict[str, Any] | None = None,
    labels: Sequence[str] | None = None,
    min_weight: int = 1,
) -> tuple[list[str], dict[str, int]]:
    """Write some exports of the node and edge tables into *out_dir*, as ``write_all`` names them.

    *formats* from ``jsonl`` (nodes/edges), ``graphml``, ``gexf``, ``json`` (node-link),
    ``neo4j`` (neo4j-admin CSV), ``careers`` (careers.csv, appointments.csv) and ``html`` (the report page: it reads the folder's jsonl
    files and report.json, so it comes after ``jsonl``); the filters are those of
    :meth:`KnowledgeGraph.filter`. Returns the paths written and the graph's counts.
    """
    from guanxi.graph import export as ex

    # Lists, not tuples: the writers take either, and the output is the same.
    kg = read_graph(stage, meta, labels=labels, min_weight=min_weight, tuples=False)
    out = Path(out_dir)
    paths: list[Path] = []
    for f in formats:
        if f == "jsonl":
            paths.extend(ex.write_jsonl(kg, out))
        elif f == "graphml":
            paths.append(ex.write_graphml(kg, out / "graph.graphml"))
        elif f == "gexf":
            paths.append(ex.write_gexf(kg, out / "graph.gexf"))
        elif f == "json":
            paths.append(ex.write_node_link(kg, out / "graph.json"))
        elif f == "neo4j":
            paths.extend(ex.write_neo4j_csv(kg, out / "neo4j-import"))
        elif f == "careers":
            paths.extend(ex.write_careers(kg, out))
        elif f == "html":
            from guanxi.graph.report import write_report

            paths.append(write_report(out))
        else:
            raise ValueError(f"unknown export format {f!r}")
    return [str(p) for p in paths], kg.counts()
