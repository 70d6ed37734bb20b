"""Co-occurrence: the one-mode projection of the article-entity bipartite graph.

Map step (per article, :func:`article_pairs`): every unordered pair of entities mentioned in
the article gives one row ``(a, b, shared sentences, within window)``; in an article mentioning
more than :data:`MAX_ARTICLE_ENTITIES` entities (a list page, a long report) only pairs sharing a
sentence of at most :data:`MAX_SENTENCE_ENTITIES` entities do, so the rows grow linearly with the
text and not with the square of a list's length (a roll of honour of 3,000 units would give four
million pairs, most between units that merely follow each other in the list). Reduce step
(:class:`CoOccurrence`): rows are summed per pair; an entity's article count is summed per
entity. Both are plain group-by sums, so a distributed engine gives the same numbers.

Edge properties
---------------
``weight``     number of articles mentioning both.
``sentences``  number of sentences mentioning both.
``window``     number of shared articles where a mention of each lies at most ``window``
               sentences from a mention of the other (default 2).
``npmi``       normalized pointwise mutual information over articles, in [-1, 1].
``first_seen``/``last_seen`` first and last article date (ISO dates only).
``articles``   the article ids (provenance).
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import combinations

from guanxi.graph.schema import GraphEdge, RelType

from guanxi.model import stable_id

__all__ = [
    "MAX_ARTICLE_ENTITIES",
    "MAX_SENTENCE_ENTITIES",
    "CoOccurrence",
    "article_pairs",
    "co_occurs_edge",
    "npmi",
]

#: An article mentioning more entities than this pairs only entities sharing a sentence. A news
#: report names a few dozen at most (the seed pages' articles: 24 at most).
MAX_ARTICLE_ENTITIES = 100
#: ... and only in sentences naming at most this many: a longer run is a list (its sentence units
#: are bounded by ``guanxi.sentences.MAX_SENTENCE`` characters, so its pairs are too).
MAX_SENTENCE_ENTITIES = 10


def npmi(pair: int, a: int, b: int, total: int) -> float:
    """Normalized PMI of two entities seen together in *pair* of *total* articles.

    >>> npmi(1, 1, 1, 10)
    1.0
    >>> round(npmi(1, 5, 5, 10), 3)
    -0.398
    """
    if pair <= 0 or total <= 0:
        return -1.0
    p_ab = pair / total
    if p_ab >= 1.0:
        return 1.0
    pmi = math.log(p_ab / ((a / total) * (b / total)))
    return round(pmi / -math.log(p_ab), 6)


def _near(xs: Sequence[int], ys: Sequence[int], window: int) -> tuple[int, bool]:
    """(number of shared sentences, whether some x and y lie within *window* sentences)."""
    shared = len(set(xs) & set(ys))
    if shared:
        return shared, True
    for x in xs:  # ys is sorted: look at the neighbours of x only
        k = bisect_left(ys, x)
        if k < len(ys) and ys[k] - x <= window:
            return 0, True
        if k > 0 and x - ys[k - 1] <= window:
            return 0, True
    return 0, False


def article_pairs(
    mentions: Mapping[str, Sequence[int]], *, window: int = 2
) -> Iterator[tuple[str, str, int, bool]]:
    """Map step: ``(a, b, shared sentences, within window)`` for each pair, ``a < b``.

    *mentions* maps entity id -> sorted sentence indices of its mentions in one article. Above
    :data:`MAX_ARTICLE_ENTITIES` entities, only pairs sharing a sentence of at most
    :data:`MAX_SENTENCE_ENTITIES` entities are given.

    >>> list(article_pairs({"x": [0, 3], "y": [3], "z": [9]}))
    [('x', 'y', 1, True), ('x', 'z', 0, False), ('y', 'z', 0, False)]
    """
    ids = sorted(mentions)
    if len(ids) > MAX_ARTICLE_ENTITIES:
        yield from _sentence_pairs(mentions, ids, window)
        return
    for i, a in enumerate(ids):
        xs = mentions[a]
        for b in ids[i + 1 :]:
            shared, near = _near(xs, mentions[b], window)
            yield a, b, shared, near


def _sentence_pairs(
    mentions: Mapping[str, Sequence[int]], ids: list[str], window: int
) -> Iterator[tuple[str, str, int, bool]]:
    """The rows of the pairs sharing a sentence of at most MAX_SENTENCE_ENTITIES entities."""
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for e in ids:  # in id order, so each sentence's members are sorted
        for s in set(mentions[e]):
            by_sentence[s].append(e)
    pairs: set[tuple[str, str]] = set()
    for members in by_sentence.values():
        if len(members) <= MAX_SENTENCE_ENTITIES:
            pairs.update(combinations(members, 2))
    for a, b in sorted(pairs):
        shared, near = _near(mentions[a], mentions[b], window)
        yield a, b, shared, near


def co_occurs_edge(
    a: str,
    b: str,
    *,
    weight: int,
    sentences: int,
    window: int,
    npmi: float,
    articles: Iterable[str],
    first: str | None = None,
    last: str | None = None,
) -> GraphEdge:
    """The CO_OCCURS edge of the pair ``a < b`` from its sums (see the module docstring)."""
    props: dict[str, object] = {
        "weight": weight,
        "sentences": sentences,
        "window": window,
        "npmi": npmi,
        "articles": tuple(sorted(set(articles))),
    }
    if first:
        props["first_seen"] = first
        props["last_seen"] = last
    eid = stable_id("edge", {"type": "CO_OCCURS", "source": a, "target": b})
    return GraphEdge(eid, RelType.CO_OCCURS, a, b, props)


class CoOccurrence:
    """Reduce step: sums :func:`article_pairs` rows; memory grows with pairs, not articles.

    Both engines sum with it: the local engine adds whole articles (:meth:`add`: the map step,
    then the sum of its rows), the Dask engine adds the pair rows of one shuffled partition
    (:meth:`add_pairs`) and passes the corpus-wide entity counts to :meth:`edges`.

    Articles are remembered as small integers; :meth:`edges` maps them back to ids. Each pair
    is one ``array("I")``: sentences, window, first and last date (numbers in a date table,
    0 for none), then its article numbers (the weight is their count): the provenance of the
    pairs is the bulk of the table, at 4 bytes an article.

    Examples
    --------
    >>> co = CoOccurrence()
    >>> co.add("a1", "2024-05-01", {"p": [0], "q": [0]})
    >>> co.add("a2", None, {"p": [1]})
    >>> [(e.source, e.target, e.properties["weight"]) for e in co.edges()]
    [('p', 'q', 1)]
    """

    def __init__(self, *, window: int = 2) -> None:
        self.window = window
        self.total = 0
        self._article_ids: list[str] = []
        self._pairs: dict[tuple[str, str], array] = {}
        self._counts: dict[str, int] = {}
        self._dates: list[str] = [""]  # date number -> date (0: none)
        self._date_no: dict[str, int] = {}
        self._article_no: dict[str, int] = {}  # of add_pairs' articles

    def add(self, article_id: str, date: str | None, mentions: Mapping[str, Sequence[int]]) -> None:
        """Count one article: *mentions* maps entity id -> sentence indices (any order)."""
        self.total += 1
        idx = len(self._article_ids)
        self._article_ids.append(article_id)
        norm = {k: sorted(set(v)) for k, v in mentions.items()}
        for k in norm:
            self._counts[k] = self._counts.get(k, 0) + 1
        day = self._day(date)
        self._sum(
            (a, b, shared, near, idx, day) for a, b, shared, near in article_pairs(norm, window=self.window)
        )

    def add_pairs(self, rows: Iterable[tuple[str, str, int, bool | int, str, str | None]]) -> None:
        """Count :func:`article_pairs` rows ``(a, b, shared, near, article id, date)`` of any
        articles, in any order."""
        number, ids, date_no, day_of = self._article_no, self._article_ids, self._date_no, self._day

        def numbered() -> Iterator[tuple[str, str, int, bool | int, int, int]]:
            for a, b, shared, near, aid, date in rows:
                idx = number.get(aid)
                if idx is None:
                    idx = number[aid] = len(ids)
                    ids.append(aid)
                yield a, b, shared, near, idx, (date_no.get(date) or day_of(date)) if date else 0

        self._sum(numbered())

    def _day(self, date: str | None) -> int:
        """The number of *date* in the date table (0: none)."""
        if not date:
            return 0
        day = self._date_no.get(date, 0)
        if not day:
            day = self._date_no[date] = len(self._dates)
            self._dates.append(date)
        return day

    def _sum(self, rows: Iterable[tuple[str, str, int, bool | int, int, int]]) -> None:
        """The reduce: add rows ``(a, b, shared, near, article number, date number)``."""
        pairs, dates = self._pairs, self._dates
        for a, b, shared, near, idx, day in rows:
            st = pairs.get((a, b))
            if st is None:
                st = pairs[(a, b)] = array("I", (0, 0, 0, 0))
            st[0] += shared
            st[1] += near
            if day:
                date = dates[day]
                if not st[2] or date < dates[st[2]]:
                    st[2] = day
                if not st[3] or date > dates[st[3]]:
                    st[3] = day
            st.append(idx)

    def count(self, entity: str) -> int:
        """Number of articles that mention *entity*."""
        return self._counts.get(entity, 0)

    def edges(
        self, *, min_weight: int = 1, counts: Mapping[str, int] | None = None, total: int | None = None
    ) -> Iterator[GraphEdge]:
        """CO_OCCURS edges sorted by (source, target), source < target.

        *counts* (articles per entity) and *total* (articles) for npmi: by default those of the
        articles added (:meth:`add`); a partition of pair rows passes the corpus's.
        """
        counts = self._counts if counts is None else counts
        total = self.total if total is None else total
        for a, b in sorted(self._pairs):
            st = self._pairs[(a, b)]
            weight = len(st) - 4
            if weight < min_weight:
                continue
            yield co_occurs_edge(
                a,
                b,
                weight=weight,
                sentences=st[0],
                window=st[1],
                npmi=npmi(weight, counts[a], counts[b], total),
                articles=(self._article_ids[i] for i in st[4:]),
                first=self._dates[st[2]] or None,
                last=self._dates[st[3]] or None,
            )
