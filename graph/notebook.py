"""Notebook API: open a build folder as a networkx graph plus pandas tables, and ask it questions.

Examples
--------
>>> g = open_graph("out")                      # doctest: +SKIP
>>> g.persons.head()                           # doctest: +SKIP
>>> g.posts_of("王建国")                        # doctest: +SKIP
>>> g.top_pairs(10, label="Person")            # doctest: +SKIP
>>> g.plot_ego("王建国")                        # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from guanxi.graph.build import KnowledgeGraph
from guanxi.graph.schema import NodeLabel, RelType

from guanxi.errors import InputError

__all__ = ["GuanxiGraph", "cjk_font", "open_graph"]

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


def cjk_font() -> str | None:
    """Name of an installed font with Chinese glyphs (and select it in matplotlib), or None."""
    from matplotlib import font_manager, rcParams

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in _CJK_FONTS:
        if name in installed:
            rcParams["font.sans-serif"] = [name, *rcParams["font.sans-serif"]]
            rcParams["font.family"] = "sans-serif"
            rcParams["axes.unicode_minus"] = False
            return name
    return None


def _flat(v: Any) -> Any:
    return ";".join(map(str, v)) if isinstance(v, tuple | list) else v


@dataclass(frozen=True)
class GuanxiGraph:
    """A built graph: ``kg`` (records), ``graph`` (networkx MultiDiGraph) and tables.

    Tables (pandas DataFrames): ``nodes`` (every node, one column per property), ``persons``,
    ``organizations``, ``places``, ``events``, ``articles``, ``posts`` (one row per HOLDS_POST:
    person, organization, title, canonical, first_seen, last_seen, count), ``participants`` and
    ``cooccurrences`` (one row per CO_OCCURS with both names and labels).
    """

    kg: KnowledgeGraph

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
            {"id": n.id, "label": str(n.label), **{k: _flat(v) for k, v in n.properties.items()}}
            for n in self.kg.nodes
            if label is None or n.label == label
        ]
        return pd.DataFrame(rows, columns=None if rows else ["id", "label", "name"])

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
                    **{k: _flat(v) for k, v in e.properties.items()},
                }
            )
        df = pd.DataFrame(rows)
        for c in columns:
            if c not in df.columns:
                df[c] = None
        return df

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

    def ego(self, who: str, *, radius: int = 1, min_weight: int = 1, labels: tuple[str, ...] | None = None):
        """Ego network of *who* (name or id) over CO_OCCURS, HOLDS_POST and PARTICIPATED_IN edges.

        Returns an undirected ``networkx.Graph`` whose edge ``weight`` sums the co-occurrence
        weights (role edges count 1), restricted to *labels* (default Person, Organization,
        Place, Event).
        """
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
        readable.
        """
        import matplotlib.pyplot as plt
        import networkx as nx

        cjk_font()
        g = self.ego(who, radius=radius, min_weight=min_weight)
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
    return GuanxiGraph(KnowledgeGraph.read(out))
