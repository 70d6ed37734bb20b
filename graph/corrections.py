"""Hand corrections of person resolution (``guanxi build --corrections FILE``), see docs/corrections.md.

A corrections file is a CSV with the header ``op,name,home,to,to_home,date,post``; each line is one
:class:`Correction`. They act where a person mention gets its blocking key
(:func:`~guanxi.graph.build.article_parts`, the map step of both engines), so the resolution
after them, the ids and every fact drawn from the mention follow, on either engine, on every
rebuild. A correction names a person by its key (name and home city) or by its node id as
written in ``nodes.jsonl``.

>>> cs = parse_corrections("op,name,home,to,to_home,date,post\\nmerge,王建国,,王建国,长治市,,\\n", "c.csv")
>>> cs.apply(("王建国", "", "person"), "2024-03-01", ())
(('王建国', '长治市', 'person'), (), (2,))
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from guanxi.graph.resolve import person_id

__all__ = [
    "COLUMNS",
    "OPS",
    "Correction",
    "CorrectionError",
    "Corrections",
    "carry_marks",
    "correction_line",
    "load_corrections",
    "marks",
    "parse_corrections",
    "person_key",
    "tally",
]

COLUMNS = ("op", "name", "home", "to", "to_home", "date", "post")
OPS = ("merge", "rename", "drop", "split", "post")
# The columns each operation reads besides name and home: a value in any other is a mistake.
_USES = {
    "merge": ("to", "to_home"),
    "rename": ("to",),
    "drop": (),
    "split": ("date", "post"),
    "post": ("to", "post"),
}
Block = tuple[str, str, str]
Post = tuple[str, str, str | None]  # (printed title, canonical title, organization key)
#: Corrected mentions counted by (their block after the corrections, None when dropped; the
#: lines that changed them): what the map step of either engine hands back.
Tally = Counter[tuple[Block | None, tuple[int, ...]]]


class CorrectionError(ValueError):
    """A corrections file that cannot be used: ``str(err)`` is ``path:line: reason``."""


@dataclass(frozen=True, slots=True)
class Correction:
    """One line of a corrections file; ``line`` is its line number (the header is line 1)."""

    line: int
    op: str
    name: str
    home: str = ""
    to: str = ""
    to_home: str = ""
    date: str = ""
    post: str = ""

    def label(self) -> str:
        """The split part's role: the id of the part differs from the rest's by it."""
        return f"person@{self.date}" if self.date else f"person@{self.post}"


@dataclass(frozen=True, slots=True)
class Corrections:
    """The corrections of one file, in file order (later lines act on what earlier ones made)."""

    path: str
    items: tuple[Correction, ...]
    # The lines by the key they name: a mention looks up its own, not every line of the file.
    _by_key: dict[tuple[str, str], list[Correction]] = field(default_factory=dict, repr=False, compare=False)
    _by_id: dict[str, list[Correction]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for c in self.items:
            if c.name.startswith("person:"):
                self._by_id.setdefault(c.name, []).append(c)
            else:
                self._by_key.setdefault((c.name, c.home), []).append(c)

    def naming(self, block: Block) -> list[Correction]:
        """The lines that name the person of *block*: by node id, or by name and home (persons,
        not journalists: a byline name is corrected by its id)."""
        out = list(self._by_key.get((block[0], block[1]), ())) if block[2] == "person" else []
        if self._by_id:
            out += self._by_id.get(person_id(block, 0), ())
        return out

    def apply(
        self, block: Block, date: str | None, posts: tuple[Post, ...]
    ) -> tuple[Block | None, tuple[Post, ...], tuple[int, ...]]:
        """One person mention corrected: (its block, None when dropped; its posts; the line
        numbers of the corrections that changed it)."""
        lines: list[int] = []
        after = 0  # the line last looked at: each line acts once, in file order, on what is left
        while True:
            c = min((c for c in self.naming(block) if c.line > after), key=lambda c: c.line, default=None)
            if c is None:
                break
            after = c.line
            if c.op == "drop":
                return None, posts, (*lines, c.line)
            if c.op == "merge":
                block = (c.to, c.to_home or block[1], block[2])
            elif c.op == "rename":
                block = (c.to, block[1], block[2])
            elif c.op == "split":
                if block[2] == "journalist":
                    continue
                held = {canonical for _, canonical, _ in posts} | {printed for printed, _, _ in posts}
                if not (c.date and date and date >= c.date) and not (c.post and c.post in held):
                    continue
                block = (block[0], block[1], c.label())
            elif c.op == "post":
                if not any(c.post in (printed, canonical) for printed, canonical, _ in posts):
                    continue
                posts = tuple(
                    (printed, c.to, org) if c.post in (printed, canonical) else (printed, canonical, org)
                    for printed, canonical, org in posts
                    if c.to or c.post not in (printed, canonical)
                )
            lines.append(c.line)
        return block, posts, tuple(lines)

    def report(self, tally: Tally) -> list[dict[str, object]]:
        """report.json's ``corrections``: each line, whether it changed a mention, and how many."""
        counts: Counter[int] = Counter()
        for (_, lines), n in tally.items():
            for line in lines:
                counts[line] += n
        return [
            {
                "line": f"{self.path}:{c.line}",
                "op": c.op,
                "name": c.name,
                "status": "applied" if counts.get(c.line) else "not matched",
                "mentions": counts.get(c.line, 0),
            }
            for c in self.items
        ]


def _check(c: Correction, where: str) -> Correction:
    def need(*cols: str) -> None:
        for col in cols:
            if not getattr(c, col):
                raise CorrectionError(f"{where}: {c.op} needs a value in column {col!r}")

    if c.op not in OPS:
        raise CorrectionError(f"{where}: unknown operation {c.op!r} (expected one of {', '.join(OPS)})")
    need("name")
    for col in ("to", "to_home", "date", "post"):
        if getattr(c, col) and col not in _USES[c.op]:
            raise CorrectionError(f"{where}: {c.op} takes no {col!r} (see docs/corrections.md)")
    if c.name.startswith("person:") and c.home:
        raise CorrectionError(f"{where}: a node id names the person alone: leave 'home' empty")
    if c.op in ("merge", "rename"):
        need("to")
    if c.op == "post":
        need("post")
    if c.op == "split" and bool(c.date) == bool(c.post):
        raise CorrectionError(f"{where}: split needs either 'date' or 'post' (not both)")
    if c.date:
        try:
            return Correction(**{**_fields(c), "date": date.fromisoformat(c.date).isoformat()})
        except ValueError:
            raise CorrectionError(f"{where}: date: {c.date!r} is not an ISO date (YYYY-MM-DD)") from None
    return c


def _fields(c: Correction) -> dict[str, object]:
    return {k: getattr(c, k) for k in ("line", "op", "name", "home", "to", "to_home", "date", "post")}


def parse_corrections(text: str, path: str) -> Corrections:
    """Read a corrections file's *text*; raises :class:`CorrectionError` (``path:line: reason``)."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header is None or [h.strip() for h in header] != list(COLUMNS):
        raise CorrectionError(f"{path}:1: the header must be {','.join(COLUMNS)}")
    items = []
    for row in rows:
        line = rows.line_num
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) != len(COLUMNS):
            raise CorrectionError(f"{path}:{line}: expected {len(COLUMNS)} columns, got {len(row)}")
        c = Correction(line, *(cell.strip() for cell in row))
        items.append(_check(c, f"{path}:{line}"))
    return Corrections(path, tuple(items))


def load_corrections(path: str | Path) -> Corrections:
    """Read a corrections file; raises :class:`CorrectionError` (``path:line: reason``)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise CorrectionError(f"{path}: cannot read: {getattr(err, 'strerror', None) or err}") from None
    return parse_corrections(text, str(path))


def correction_line(**cells: str) -> str:
    """One line of a corrections file (no line end) of *cells* by column name, checked by the
    file's own parser; raises :class:`CorrectionError` with the reason (``guanxi corrections line``
    and the report page write their lines this way).

    >>> correction_line(op="merge", name="王建国", to="王建国", to_home="长治市")
    'merge,王建国,,王建国,长治市,,'
    """
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([cells.get(c, "") for c in COLUMNS])
    try:
        parse_corrections(",".join(COLUMNS) + "\n" + buf.getvalue(), "line")
    except CorrectionError as err:
        raise CorrectionError(str(err).removeprefix("line:2: ")) from None
    return buf.getvalue().rstrip("\n")


def person_key(
    node_id: str, name: str, home: str = "", kind: str = "", corrected: Iterable[int] = ()
) -> tuple[str, str] | None:
    """The ``name`` and ``home`` cells that name the Person node *node_id* (its ``name``, ``home``,
    ``kind`` and ``corrected`` as in ``nodes.jsonl``) in a corrections file, or None when no line
    can name it.

    A person is named by name and home when its id is that key's (:func:`person_id`): only such a
    person can be merged or merged into. A journalist, and a person a ``split`` line made (it
    carries ``corrected``), are named by their node id. The second person of a block split by
    conflicting posts has neither: None.

    >>> person_key(person_id(("王建国", "长治市", "person"), 0), "王建国", "长治市", "official")
    ('王建国', '长治市')
    >>> pid = person_id(("王建国", "", "journalist"), 0)
    >>> person_key(pid, "王建国", "", "journalist") == (pid, "")
    True
    >>> person_key(person_id(("王建国", "", "person"), 1), "王建国", "", "official") is None
    True
    """
    if kind != "journalist" and node_id == person_id((name, home, "person"), 0):
        return name, home
    if kind == "journalist" and node_id == person_id((name, home, "journalist"), 0):
        return node_id, ""
    # A split part is the first person of its block (name, home, person@date|post): its id
    # names it. Its label is not on the node, so the id is taken on trust from ``corrected``.
    return (node_id, "") if kind != "journalist" and tuple(corrected) else None


def tally(parts: Iterable[Iterable[tuple[tuple[Block | None, tuple[int, ...]], int]]]) -> Tally:
    """One :data:`Tally` of the partial tallies (as ``items()``) of map tasks."""
    out: Tally = Counter()
    for part in parts:
        for key, n in part:
            out[key] += n
    return out


def carry_marks(
    marked: dict[Block, tuple[int, ...]], joined: Iterable[tuple[Block, Block]]
) -> dict[Block, tuple[int, ...]]:
    """*marked* (:func:`marks`) with the lines of each block without a home also on the block
    with a home that its mentions joined: *joined* holds (block without a home, block joined)
    pairs (:func:`~guanxi.graph.resolve.resolve_person_name`), in any order.

    >>> carry_marks({("甲", "", "person"): (2,)}, [(("甲", "", "person"), ("甲", "长治市", "person"))])
    {('甲', '', 'person'): (2,), ('甲', '长治市', 'person'): (2,)}
    """
    out = {block: set(lines) for block, lines in marked.items()}
    for source, target in joined:
        if source in marked:
            out.setdefault(target, set()).update(marked[source])
    return {block: tuple(sorted(lines)) for block, lines in out.items()}


def marks(tally: Tally) -> dict[Block, tuple[int, ...]]:
    """The Person nodes' ``corrected`` property: per block after the corrections, the lines
    that made or changed its mentions."""
    out: dict[Block, set[int]] = {}
    for (block, lines), _ in tally.items():
        if block is not None:
            out.setdefault(block, set()).update(lines)
            if "@" in block[2]:  # a split part: the rest of the person it was split from changed too
                out.setdefault((block[0], block[1], block[2].split("@")[0]), set()).update(lines)
    return {block: tuple(sorted(lines)) for block, lines in out.items()}
