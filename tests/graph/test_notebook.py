"""The notebook API on a real build folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from pages_fixtures import sample_pages

import guanxi
from guanxi.errors import InputError
from guanxi.runner import build_from_extractions


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    out = tmp_path_factory.mktemp("nb") / "out"
    build_from_extractions(sample_pages(), out, html=False)
    return guanxi.open_graph(out)


def test_open_graph_is_lazy_in_guanxi():
    import subprocess
    import sys

    code = "import sys, guanxi; print(any(m.startswith(('pandas', 'networkx')) for m in sys.modules))"
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
    )


def test_open_graph_rejects_a_non_build_folder(tmp_path: Path):
    with pytest.raises(InputError, match="not a guanxi build folder"):
        guanxi.open_graph(tmp_path)


def test_tables(g):
    assert set(g.persons["name"]) == {"王建国", "李明华", "赵晓雪"}
    assert len(g.nodes) == len(g.kg.nodes)
    assert {"邯郸市委组织部", "邯郸市委"} <= set(g.organizations["name"])
    assert list(g.events.sort_values("date")["title"]) == ["市委常委会会议", "李明华到丛台区调研"]
    assert g.graph.number_of_edges() == len(g.kg.edges)


def test_posts_of_person_over_time(g):
    posts = g.posts_of("李明华")
    assert list(posts["organization"]) == ["邯郸市政府"]
    assert posts.loc[0, "title"] == "市长"
    assert (posts.loc[0, "first_seen"], posts.loc[0, "last_seen"]) == ("2024-05-06", "2024-05-07")


def test_top_pairs_and_cooccurrences(g):
    top = g.top_pairs(1)
    assert {top.loc[0, "a"], top.loc[0, "b"]} == {"王建国", "邯郸市委组织部"}
    assert top.loc[0, "weight"] == 2
    persons = g.top_pairs(5, label="Person")
    assert len(persons) == 1 and {persons.loc[0, "a"], persons.loc[0, "b"]} == {"王建国", "李明华"}


def test_ego_network(g):
    ego = g.ego("王建国")
    names = {d["name"] for _, d in ego.nodes(data=True)}
    assert {"王建国", "李明华", "邯郸市委组织部", "市委常委会会议"} <= names
    assert "赵晓雪" not in names  # the journalist's byline is no meeting


@pytest.mark.parametrize("kind", ["degree", "betweenness", "eigenvector"])
def test_centrality(g, kind):
    df = g.centrality(kind, label="Person", n=2)
    assert list(df.columns) == ["id", "name", "label", kind]
    assert df.loc[0, "name"] == "李明华"


def test_unknown_name(g):
    with pytest.raises(KeyError):
        g.posts_of("无此人")


def test_plot_ego_renders_chinese(g, tmp_path):
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import warnings

    from guanxi.graph.notebook import cjk_font

    if cjk_font() is None:
        pytest.skip("no CJK font installed")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would fail the test
        ax = g.plot_ego("王建国")
        ax.figure.savefig(tmp_path / "ego.png")
    assert (tmp_path / "ego.png").stat().st_size > 1000


def test_worked_example_notebook_runs():
    """docs/notebook.ipynb runs end to end on the seeds (real pipeline, real plot)."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    docs = Path(__file__).resolve().parents[2] / "docs"
    nb = nbformat.read(docs / "notebook.ipynb", as_version=4)
    nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(docs)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)
