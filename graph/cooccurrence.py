"""Co-occurrence: the one-mode projection of the article-entity bipartite graph.

Map step (per article, :func:`article_pairs`): every unordered pair of entities mentioned in
the article gives one row ``(a, b, shared sentences, within window)``. Reduce step
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
from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from guanxi.graph.schema import GraphEdge, RelType

from guanxi.model import stable_id

__all__ = ["CoOccurrence", "PairStats", "article_pairs", "npmi"]


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

    *mentions* maps entity id -> sorted sentence indices of its mentions in one article.

    >>> list(article_pairs({"x": [0, 3], "y": [3], "z": [9]}))
    [('x', 'y', 1, True), ('x', 'z', 0, False), ('y', 'z', 0, False)]
    """
    ids = sorted(mentions)
    for i, a in enumerate(ids):
        xs = mentions[a]
        for b in ids[i + 1 :]:
            shared, near = _near(xs, mentions[b], window)
            yield a, b, shared, near


@dataclass(slots=True)
class PairStats:
    weight: int = 0
    sentences: int = 0
    window: int = 0
    first: str | None = None
    last: str | None = None
    articles: list[int] = field(default_factory=list)


class CoOccurrence:
    """Reduce step: sums :func:`article_pairs` rows; memory grows with pairs, not articles.

    Articles are remembered as small integers; :meth:`edges` maps them back to ids.

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
        self._pairs: dict[tuple[str, str], PairStats] = {}
        self._counts: dict[str, int] = {}

    def add(self, article_id: str, date: str | None, mentions: Mapping[str, Sequence[int]]) -> None:
        """Count one article: *mentions* maps entity id -> sentence indices (any order)."""
        self.total += 1
        idx = len(self._article_ids)
        self._article_ids.append(article_id)
        norm = {k: sorted(set(v)) for k, v in mentions.items()}
        for k in norm:
            self._counts[k] = self._counts.get(k, 0) + 1
        for a, b, shared, near in article_pairs(norm, window=self.window):
            st = self._pairs.get((a, b))
            if st is None:
                st = self._pairs[(a, b)] = PairStats()
            st.weight += 1
            st.sentences += shared
            st.window += near
            st.articles.append(idx)
            if date:
                st.first = date if st.first is None or date < st.first else st.first
                st.last = date if st.last is None or date > st.last else st.last

    def count(self, entity: str) -> int:
        """Number of articles that mention *entity*."""
        return self._counts.get(entity, 0)

    def edges(self, *, min_weight: int = 1) -> Iterator[GraphEdge]:
        """CO_OCCURS edges sorted by (source, target), source < target."""
        for (a, b), st in sorted(self._pairs.items()):
            if st.weight < min_weight:
                continue
            props: dict[str, object] = {
                "weight": st.weight,
                "sentences": st.sentences,
                "window": st.window,
                "npmi": npmi(st.weight, self._counts[a], self._counts[b], self.total),
                "articles": tuple(sorted({self._article_ids[i] for i in st.articles})),
            }
            if st.first:
                props["first_seen"] = st.first
                props["last_seen"] = st.last
            eid = stable_id("edge", {"type": "CO_OCCURS", "source": a, "target": b})
            yield GraphEdge(eid, RelType.CO_OCCURS, a, b, props)
