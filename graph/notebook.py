"""Notebook API: open a build folder as a networkx graph plus pandas tables, and ask it questions.

Examples
--------
>>> g = open_graph("out")                      # doctest: +SKIP
>>> g.persons.head()                           # doctest: +SKIP
>>> g.posts_of("王建国")                        # doctest: +SKIP
>>> g.top_pairs(10, label="Person")            # doctest: +SKIP
>>> g.ties("王建国", kind="co_attended")         # doctest: +SKIP
>>> g.plot_ego("王建国")                        # doctest: +SKIP
>>> g.careers.head()                           # doctest: +SKIP
>>> g.successions("清苑县委书记")                # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from guanxi.graph.careers import APPOINTMENT_COLUMNS, CAREER_COLUMNS, career_rows
from guanxi.graph.knowledge import KnowledgeGraph
from guanxi.graph.schema import NodeLabel, RelType

from guanxi.errors import GuanxiError, InputError

__all__ = ["CJKFontError", "GuanxiGraph", "cjk_font", "open_graph"]

# Fonts with Chinese glyphs, best first; matplotlib's default DejaVu has none.
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "Arial Unicode MS",
)
_CJK_SAMPLE = "中文"
# Table columns holding ISO dates (YYYY-MM-DD), given to pandas as datetimes.
_DATE_COLUMNS = ("date", "date_end", "first_seen", "last_seen")
# ... and those of the career tables (elsewhere ``start``/``end`` may be text offsets).
_CAREER_DATE_COLUMNS = ("date", "start", "end")
# Columns of the career tables written "true"/"false" in the CSV, booleans in the notebook.
_BOOL_COLUMNS = ("principal", "single")
_BOOLS = {"true": True, "false": False}


# Kinds of tie of GuanxiGraph.ties: the relationship type and its own columns.
_TIES = {
    "co_mention": (RelType.CO_OCCURS, ["sentences", "npmi"]),
    "co_attended": (RelType.CO_ATTENDED, ["roles", "events"]),
    "served_with": (RelType.SERVED_WITH, ["organizations"]),  # articles: from first/last_article
}


class CJKFontError(GuanxiError):
    """No installed font has Chinese glyphs: a plot would show boxes instead of names."""


def cjk_font() -> str | None:
    """Name of an installed font with Chinese glyphs (and select it in matplotlib), or None.

    matplotlib lists fonts from a cache made when it first ran; a font installed since is not in
    it. So the font folders are read afresh (new files added to matplotlib's list) when the list
    has none of the known CJK fonts; failing those, any font whose file has Chinese glyphs does.
    """
    from matplotlib import font_manager, rcParams

    manager = font_manager.fontManager
    name = _known_cjk_font(manager.ttflist)
    if name is None:
        cached = {f.fname for f in manager.ttflist}
        for path in sorted(font_manager.findSystemFonts()):
            if path not in cached:
                with suppress(Exception):  # a broken font file is no reason to fail a plot
                    manager.addfont(path)
        name = _known_cjk_font(manager.ttflist) or _any_cjk_font(manager.ttflist)
    if name is not None:
        rcParams["font.sans-serif"] = [name, *(f for f in rcParams["font.sans-serif"] if f != name)]
        rcParams["font.family"] = "sans-serif"
        rcParams["axes.unicode_minus"] = False
    return name


def _known_cjk_font(entries) -> str | None:
    names = {f.name for f in entries}
    return next((name for name in _CJK_FONTS if name in names), None)


def _any_cjk_font(entries) -> str | None:
    """A font of matplotlib's list *entries* whose file has glyphs for the sample characters; not
    a last-resort font (matplotlib ships one whose glyphs are the boxes we want to avoid)."""
    from matplotlib import font_manager

    for f in sorted(entries, key=lambda f: (f.name, f.fname)):
        if f.name.startswith("Last Resort"):
            continue
        with suppress(Exception):
            font = font_manager.get_font(f.fname)
            if all(font.get_char_index(ord(ch)) for ch in _CJK_SAMPLE):
                return f.name
    return None


def _turned(roles: str) -> str:
    """A CO_ATTENDED role pair read from the other end: ``主持/出席`` -> ``出席/主持``."""
    a, _, b = roles.partition("/")
    return f"{b}/{a}"


def _cell(v: Any) -> Any:
    return list(v) if isinstance(v, tuple | list) else v


def _with_dates(df, columns: tuple[str, ...] = _DATE_COLUMNS):
    import pandas as pd

    for c in columns:
        if c in df.columns:
            df[c] = pd.to_datetime(df[c], format="%Y-%m-%d")
    return df


@dataclass(frozen=True, repr=False)
class GuanxiGraph:
    """A built graph: ``kg`` (records), ``graph`` (networkx MultiDiGraph) and tables.

    Tables (pandas DataFrames): ``nodes`` (every node, one column per property), ``persons``,
    ``organizations``, ``places``, ``events``, ``articles``, ``posts`` (one row per HOLDS_POST:
    person, organization, title, canonical, first_seen, last_seen, count), ``participants`` and
    ``cooccurrences`` (one row per CO_OCCURS with both names and labels), ``careers`` and
    ``appointments`` (``careers.csv`` and ``appointments.csv``). Dates (``date``,
    ``date_end``, ``first_seen``, ``last_seen``, ``start``, ``end``) are pandas datetimes (NaT when unknown); list
    properties (``titles``, ``aliases``, ``articles`` of edges...) are Python lists.

    ``repr(g)`` is a short summary (folder, nodes per label, edges per type), not the records.
    """

    kg: KnowledgeGraph
    #: The build folder the graph was read from (None for a graph made in memory).
    path: Path | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        nodes: Counter[str] = Counter(str(n.label) for n in self.kg.nodes)
        edges: Counter[str] = Counter(str(e.type) for e in self.kg.edges)

        def line(what: str, counts: Counter[str]) -> str:
            parts = ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
            return f"  {sum(counts.values()):,} {what}" + (f": {parts}" if parts else "")

        head = f"GuanxiGraph of {self.path}" if self.path is not None else "GuanxiGraph"
        return "\n".join((head, line("nodes", nodes), line("edges", edges)))

    @cached_property
    def graph(self):
        """The graph as a ``networkx.MultiDiGraph`` (node attrs ``node_type`` = label, ``name``...)."""
        return self.kg.to_networkx()

    @cached_property
    def _names(self) -> dict[str, str]:
        return {n.id: str(n.properties.get("name") or n.id) for n in self.kg.nodes}

    @cached_property
    def _labels(self) -> dict[str, str]:
        return {n.id: str(n.label) for n in self.kg.nodes}

    def _table(self, label: NodeLabel | None = None):
        import pandas as pd

        rows = [
            {"id": n.id, "label": str(n.label), **{k: _cell(v) for k, v in n.properties.items()}}
            for n in self.kg.nodes
            if label is None or n.label == label
        ]
        return _with_dates(pd.DataFrame(rows, columns=None if rows else ["id", "label", "name"]))

    @cached_property
    def nodes(self):
        return self._table()

    @cached_property
    def persons(self):
        return self._table(NodeLabel.PERSON)

    @cached_property
    def organizations(self):
        return self._table(NodeLabel.ORGANIZATION)

    @cached_property
    def places(self):
        return self._table(NodeLabel.PLACE)

    @cached_property
    def events(self):
        return self._table(NodeLabel.EVENT)

    @cached_property
    def articles(self):
        return self._table(NodeLabel.ARTICLE)

    def _edges(self, rel: RelType, columns: list[str]):
        import pandas as pd

        rows = []
        for e in self.kg.edges:
            if e.type != rel:
                continue
            rows.append(
                {
                    "source": e.source,
                    "source_name": self._names.get(e.source),
                    "source_label": self._labels.get(e.source),
                    "target": e.target,
                    "target_name": self._names.get(e.target),
                    "target_label": self._labels.get(e.target),
                    **{k: _cell(v) for k, v in e.properties.items()},
                }
            )
        ends = ["source", "source_name", "source_label", "target", "target_name", "target_label"]
        df = pd.DataFrame(rows, columns=None if rows else ends)  # a graph without this type: no rows
        for c in columns:
            if c not in df.columns:
                df[c] = None
        return _with_dates(df)

    @cached_property
    def posts(self):
        """HOLDS_POST rows: person, organization, title as printed, canonical title, dates."""
        cols = ["title", "canonical", "first_seen", "last_seen", "count", "articles"]
        df = self._edges(RelType.HOLDS_POST, cols)
        df = df.rename(
            columns={
                "source": "person_id",
                "source_name": "person",
                "target": "org_id",
                "target_name": "organization",
            }
        )
        keep = ["person", "organization", *cols, "person_id", "org_id"]
        return (
            df[keep]
            .sort_values(["person", "first_seen", "organization"], na_position="last")
            .reset_index(drop=True)
        )

    @cached_property
    def participants(self):
        """PARTICIPATED_IN rows: person, event, role, date."""
        df = self._edges(RelType.PARTICIPATED_IN, ["role", "date", "articles"])
        return df.rename(columns={"source_name": "person", "target_name": "event"})

    @cached_property
    def cooccurrences(self):
        """CO_OCCURS rows sorted by weight (desc): names, labels, weight, sentences, window, npmi, dates."""
        cols = ["weight", "sentences", "window", "npmi", "first_seen", "last_seen", "articles"]
        df = self._edges(RelType.CO_OCCURS, cols)
        df = df.rename(
            columns={
                "source_name": "a",
                "target_name": "b",
                "source_label": "a_label",
                "target_label": "b_label",
            }
        )
        if df.empty:
            return df
        return df.sort_values(["weight", "npmi", "a", "b"], ascending=[False, False, True, True]).reset_index(
            drop=True
        )

    def _career_table(self, rel: RelType, columns: tuple[str, ...]):
        # The rows of the CSV file, from the same function (so the same rows in the same order),
        # with empty cells None, article ids as lists, booleans and dates typed.
        import pandas as pd

        rows = [[cell or None for cell in row] for row in career_rows(self.kg, rel, columns)]
        df = pd.DataFrame(rows, columns=list(columns), dtype=object)
        df["articles"] = [v.split(";") if v else [] for v in df["articles"]]
        for c in _BOOL_COLUMNS:
            if c in df.columns:
                df[c] = [_BOOLS.get(v) for v in df[c]]
        return _with_dates(df, _CAREER_DATE_COLUMNS)

    @cached_property
    def careers(self):
        """``careers.csv`` as a table: one row per spell of a person in a post (HOLDS_POST), with
        the post's code, ``start``/``end`` (datetimes) and how each is known (``start_by``:
        ``appointment`` or ``first_seen``; ``end_by``: ``removal`` or ``last_seen``), sorted by
        person, start and post. See docs/careers.md.

        >>> g.careers[g.careers["name"] == "蒋春生"][["canonical", "start", "end_by"]]  # doctest: +SKIP
          canonical      start   end_by
        1    清苑县委书记 2023-05-10  removal
        """
        return self._career_table(RelType.HOLDS_POST, CAREER_COLUMNS)

    @cached_property
    def appointments(self):
        """``appointments.csv`` as a table: one row per APPOINTED (person, ``action``, post,
        ``date`` of the decision as a datetime, ``decided_by``, ``articles``), sorted by date and person.

        >>> g.appointments[["name", "action", "canonical", "decided_by"]]  # doctest: +SKIP
          name     action canonical decided_by
        0  蒋春生    removed    清苑县委书记       保定市委
        1  范永刚  appointed    清苑县委书记       保定市委
        2  冯建军  appointed  保定市教育局局长   保定市人大常委会
        """
        return self._career_table(RelType.APPOINTED, APPOINTMENT_COLUMNS)

    # --- questions -------------------------------------------------------------------------

    def find(self, name: str, label: str | None = None) -> list[str]:
        """Ids of nodes whose name (or an alias) is *name*, optionally of one label, sorted."""
        out = []
        for n in self.kg.nodes:
            if label is not None and str(n.label) != label:
                continue
            aliases = n.properties.get("aliases", ())
            if n.properties.get("name") == name or name in aliases:
                out.append(n.id)
        return sorted(out)

    def _one(self, who: str, label: str | None = None) -> str:
        if who in self._names:
            return who
        ids = self.find(who, label)
        if not ids:
            raise KeyError(f"no node named {who!r}")
        # Homonyms: the most mentioned one (ties by id) is meant; use an id to pick another.
        return max(ids, key=lambda i: (self.graph.nodes[i].get("mentions", 0), [-ord(c) for c in i]))

    def posts_of(self, person: str):
        """The posts held by *person* (name or id) over time, earliest first."""
        pid = self._one(person, "Person")
        return self.posts[self.posts["person_id"] == pid].reset_index(drop=True)

    def successions(self, post: str):
        """The holders of the canonical post *post*, earliest start first (then end, then person
        id, as PRECEDED orders them): one row per spell of :attr:`careers` with ``predecessor``
        (name) and ``predecessor_id`` from the PRECEDED edges of the post, None for the first
        holder and for posts with more than one holder at a time (``single`` false). A spell
        without dates comes last, without predecessor.

        >>> g.successions("清苑县委书记")[["name", "start", "start_by", "end", "end_by", "predecessor"]]  # doctest: +SKIP
          name      start     start_by        end     end_by predecessor
        0  蒋春生 2023-05-10   first_seen 2024-03-08    removal        None
        1  范永刚 2024-03-08  appointment 2024-06-01  last_seen         蒋春生

        Raises ``KeyError`` when no spell has this canonical post.
        """
        import pandas as pd

        c = self.careers
        df = c[c["canonical"] == post]
        if df.empty:
            raise KeyError(f"no spell of the post {post!r} (the canonical posts are in g.careers)")
        before = {
            (e.target, e.properties.get("organization")): e.source
            for e in self.kg.edges
            if e.type == RelType.PRECEDED and e.properties.get("canonical") == post
        }
        pred = [before.get(k) for k in zip(df["person_id"], df["organization_id"], strict=True)]
        names = [self._names.get(p) if p else None for p in pred]
        # object columns: None for "no predecessor", as in the other tables' missing names
        df = df.assign(
            predecessor=pd.Series(names, index=df.index, dtype=object),
            predecessor_id=pd.Series(pred, index=df.index, dtype=object),
        )
        keep = [
            "name", "organization", "start", "start_by", "end", "end_by", "predecessor",
            "person_id", "predecessor_id", "organization_id", "single", "articles",
        ]  # fmt: skip
        return df.sort_values(["start", "end", "person_id"], na_position="last")[keep].reset_index(drop=True)

    def ties(self, who: str, kind: str = "co_mention", *, organization: str | None = None):
        """The ties of *who* (name or id) of one *kind*, strongest first: one row per other end.

        ``co_mention`` (CO_OCCURS: named in the same articles, with organizations and places too),
        ``co_attended`` (CO_ATTENDED: took part in the same events) or ``served_with``
        (SERVED_WITH: posts in one organization at overlapping times; *organization*, a name or
        id, keeps the ties in that body). Columns: ``name``, ``label``, ``id``, ``weight``,
        ``first_seen``, ``last_seen``, then ``sentences``/``npmi``, ``roles`` (*who*'s role / the
        other's: ``主持/出席``)/``events`` or ``organizations`` (names), and ``articles`` (for
        ``served_with`` the first and the last article of the overlap; :meth:`posts` has every
        article of a post).
        """
        if kind not in _TIES:
            raise ValueError(f"unknown kind of tie {kind!r}: use {', '.join(_TIES)}")
        rel, extra = _TIES[kind]
        center = self._one(who)
        df = self._edges(
            rel, ["weight", "first_seen", "last_seen", *extra, "articles", "first_article", "last_article"]
        )
        df = df[(df["source"] == center) | (df["target"] == center)].copy()
        other = df["target"].where(df["source"] == center, df["source"])
        df["id"], df["name"], df["label"] = other, other.map(self._names), other.map(self._labels)
        if rel == RelType.CO_ATTENDED:  # stored source/target: turned to *who*'s role first
            flip = df["target"] == center
            df.loc[flip, "roles"] = df.loc[flip, "roles"].map(lambda rs: sorted(_turned(r) for r in rs))
        if rel == RelType.SERVED_WITH:
            if organization is not None:
                oid = self._one(organization, "Organization")
                df = df[df["organizations"].map(lambda ids: oid in ids)]
            df["organizations"] = df["organizations"].map(lambda ids: [self._names.get(i, i) for i in ids])
            # The articles that date the overlap (the posts' own lists are in ``posts``).
            df["articles"] = [
                sorted({a for a in pair if isinstance(a, str)})
                for pair in zip(df["first_article"], df["last_article"], strict=True)
            ]
        cols = ["name", "label", "id", "weight", "first_seen", "last_seen", *extra, "articles"]
        return (
            df[cols]
            .sort_values(["weight", "name", "id"], ascending=[False, True, True])
            .reset_index(drop=True)
        )

    def ego(self, who: str, *, radius: int = 1, min_weight: int = 1, labels: tuple[str, ...] | None = None):
        """Ego network of *who* (name or id) over CO_OCCURS, HOLDS_POST and PARTICIPATED_IN edges.

        Returns an undirected ``networkx.Graph`` whose nodes are names (a name two nodes share
        gets the id in brackets: ``"王建国 [person:…]"``), with node attributes ``id``, ``name``
        and ``type``, and whose edge ``weight`` sums the co-occurrence weights (role edges count
        1), restricted to *labels* (default Person, Organization, Place, Event).
        """
        import networkx as nx

        g = self._ego_by_id(who, radius=radius, min_weight=min_weight, labels=labels)
        named = Counter(self._names.get(n, n) for n in g.nodes)
        keys = {}
        for n in g.nodes:
            name = self._names.get(n, n)
            keys[n] = name if named[name] == 1 else f"{name} [{n}]"
        return nx.relabel_nodes(g, keys)

    def _ego_by_id(
        self, who: str, *, radius: int = 1, min_weight: int = 1, labels: tuple[str, ...] | None = None
    ):
        """:meth:`ego` with node ids as nodes."""
        import networkx as nx

        keep = set(labels or ("Person", "Organization", "Place", "Event"))
        center = self._one(who)
        g = nx.Graph()
        for e in self.kg.edges:
            if e.type not in (RelType.CO_OCCURS, RelType.HOLDS_POST, RelType.PARTICIPATED_IN):
                continue
            if self._labels.get(e.source) not in keep or self._labels.get(e.target) not in keep:
                continue
            w = e.properties.get("weight", 1) if e.type == RelType.CO_OCCURS else 1
            if e.type == RelType.CO_OCCURS and w < min_weight:
                continue
            old = g.get_edge_data(e.source, e.target, {}).get("weight", 0)
            g.add_edge(e.source, e.target, weight=old + w)
        if center not in g:
            g.add_node(center)
        sub = nx.ego_graph(g, center, radius=radius)
        for n in sub.nodes:
            sub.nodes[n]["id"] = n
            sub.nodes[n]["name"] = self._names.get(n, n)
            sub.nodes[n]["type"] = self._labels.get(n)
        return sub

    def top_pairs(self, n: int = 20, *, label: str | None = None):
        """Who meets whom most: the *n* heaviest CO_OCCURS pairs (both ends of *label* if given)."""
        df = self.cooccurrences
        if label is not None and not df.empty:
            df = df[(df["a_label"] == label) & (df["b_label"] == label)]
        return df.head(n).reset_index(drop=True)

    def centrality(self, kind: str = "degree", *, label: str | None = None, n: int = 20):
        """Top *n* nodes by ``degree`` (weighted), ``betweenness`` or ``eigenvector`` over CO_OCCURS."""
        import networkx as nx
        import pandas as pd

        g = nx.Graph()
        for e in self.kg.edges:
            if e.type == RelType.CO_OCCURS:
                g.add_edge(e.source, e.target, weight=e.properties.get("weight", 1))
        if kind == "degree":
            score = dict(g.degree(weight="weight"))
        elif kind == "betweenness":
            score = nx.betweenness_centrality(g, weight=None, seed=0)
        elif kind == "eigenvector":
            # Pure-Python power iteration (networkx's pagerank needs scipy, which we do not ship).
            score = (
                nx.eigenvector_centrality(g, weight="weight", max_iter=1000) if g.number_of_nodes() else {}
            )
        else:
            raise ValueError(f"unknown centrality {kind!r}: use degree, betweenness or eigenvector")
        rows = [
            {"id": k, "name": self._names.get(k), "label": self._labels.get(k), kind: v}
            for k, v in score.items()
            if label is None or self._labels.get(k) == label
        ]
        df = pd.DataFrame(rows, columns=["id", "name", "label", kind])
        return df.sort_values([kind, "id"], ascending=[False, True]).head(n).reset_index(drop=True)

    def plot_ego(
        self, who: str, *, radius: int = 1, min_weight: int = 1, top: int | None = 20, ax=None, seed: int = 0
    ):
        """Draw the ego network of *who* with Chinese labels (node colour by label); returns the axes.

        Only the *top* neighbours by edge weight are drawn (None: all), so busy officials stay
        readable. Raises :class:`CJKFontError` when no installed font has Chinese glyphs (see
        :func:`cjk_font`), rather than drawing boxes.
        """
        import matplotlib.pyplot as plt
        import networkx as nx

        if cjk_font() is None:
            raise CJKFontError(
                "no installed font has Chinese glyphs, so the names would show as boxes: install one "
                "(Debian/Ubuntu: apt-get install fonts-noto-cjk; or Noto Sans CJK SC, Source Han Sans) "
                "and plot again"
            )
        g = self._ego_by_id(who, radius=radius, min_weight=min_weight)
        center = self._one(who)
        if top is not None and g.number_of_nodes() > top + 1:
            ranked = sorted(
                (n for n in g.nodes if n != center),
                key=lambda n: (-g.get_edge_data(center, n, {}).get("weight", 0), self._names.get(n, n)),
            )
            g = g.subgraph([center, *ranked[:top]]).copy()
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 6))
        colours = {"Person": "#e07a5f", "Organization": "#3d405b", "Place": "#81b29a", "Event": "#f2cc8f"}
        pos = nx.spring_layout(g, seed=seed, weight="weight")
        widths = [0.5 + min(4.0, d.get("weight", 1) / 2) for _, _, d in g.edges(data=True)]
        nx.draw_networkx_edges(g, pos, ax=ax, width=widths, alpha=0.4)
        nx.draw_networkx_nodes(
            g,
            pos,
            ax=ax,
            node_size=300,
            node_color=[colours.get(g.nodes[n]["type"], "#999") for n in g.nodes],
        )
        nx.draw_networkx_labels(g, pos, labels={n: g.nodes[n]["name"] for n in g.nodes}, ax=ax, font_size=9)
        ax.set_title(f"{self._names.get(center, who)} ego network")
        ax.margins(0.15)  # room for the labels of the outer nodes
        ax.axis("off")
        return ax


def open_graph(out_dir: str | Path) -> GuanxiGraph:
    """Open a ``guanxi build`` output folder for analysis.

    Raises
    ------
    InputError
        *out_dir* holds no ``nodes.jsonl``/``edges.jsonl``.
    """
    out = Path(out_dir)
    if not (out / "nodes.jsonl").is_file() or not (out / "edges.jsonl").is_file():
        raise InputError(f"{out}: not a guanxi build folder (no nodes.jsonl/edges.jsonl)")
    return GuanxiGraph(KnowledgeGraph.read(out), out)
