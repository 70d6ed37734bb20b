"""The notebook API on a real build folder; docs/notebook.ipynb and the README's Python example as committed."""

from __future__ import annotations

import doctest
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from careers_fixtures import career_pages
from ci import in_ci
from pages_fixtures import sample_pages

import guanxi
from guanxi.errors import InputError
from guanxi.runner import build, build_from_extractions

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cjk_font_name() -> str:
    """The font with Chinese glyphs the plots use: installed with apt-get when missing (and root), as
    the browser tests install chromium. Without one the tests skip locally and fail in CI."""
    from guanxi.graph.notebook import cjk_font

    if cjk_font() is None and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=False, capture_output=True)
        for package in ("fonts-noto-cjk", "fonts-wqy-zenhei"):
            done = subprocess.run(
                ["apt-get", "install", "-y", "-qq", package], env=env, check=False, capture_output=True
            )
            if done.returncode == 0:
                break
    name = cjk_font()  # reads the font folders afresh: a font installed just now is found
    if name is None:
        reason = "no font with Chinese glyphs, and apt-get could not install fonts-noto-cjk"
        if in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return name


@pytest.fixture(scope="module")
def g(tmp_path_factory):
    out = tmp_path_factory.mktemp("nb") / "out"
    build_from_extractions(sample_pages(), out, html=False)
    return guanxi.open_graph(out)


@pytest.fixture(scope="module")
def cg(tmp_path_factory):
    """A build of the invented career notices (tests/graph/careers_fixtures.py)."""
    out = tmp_path_factory.mktemp("nbc") / "out"
    build_from_extractions(career_pages(), out, html=False)
    return guanxi.open_graph(out)


def test_careers_is_careers_csv_with_dates_lists_and_booleans(cg):
    c = cg.careers
    written = pd.read_csv(cg.path / "careers.csv", dtype=str, keep_default_na=False)
    assert list(c.columns) == list(written.columns)
    assert list(c["person_id"]) == list(written["person_id"])
    row = c[c["name"] == "蒋春生"].iloc[0]
    assert (row["canonical"], row["start"], row["start_by"], row["end"], row["end_by"]) == (
        "清苑县委书记", pd.Timestamp("2023-05-10"), "first_seen", pd.Timestamp("2024-03-08"), "removal",
    )  # fmt: skip
    assert (row["level"], row["division_code"], row["principal"], row["single"]) == (
        "county",
        "130608",
        True,
        True,
    )
    assert row["articles"] == written.loc[written["name"] == "蒋春生", "articles"].iloc[0].split(";")
    assert len(row["articles"]) == 2


def test_appointments_is_appointments_csv(cg):
    a = cg.appointments
    assert [
        (d.date().isoformat(), n, act) for d, n, act in zip(a["date"], a["name"], a["action"], strict=True)
    ] == [
        ("2024-03-08", "蒋春生", "removed"),
        ("2024-03-08", "范永刚", "appointed"),
        ("2024-03-29", "冯建军", "appointed"),
    ]  # by date, then person id
    assert set(a["decided_by"]) == {"保定市委", "保定市人大常委会"}
    written = pd.read_csv(cg.path / "appointments.csv", dtype=str)
    assert list(a["person_id"]) == list(written["person_id"])


def test_successions_of_a_county_party_secretary_and_a_bureau_head(cg):
    s = cg.successions("清苑县委书记")
    cols = ["name", "start", "start_by", "end", "end_by", "predecessor"]
    got = [tuple(r) for r in s[cols].itertuples(index=False)]
    assert got == [
        ("蒋春生", pd.Timestamp("2023-05-10"), "first_seen", pd.Timestamp("2024-03-08"), "removal", None),
        (
            "范永刚",
            pd.Timestamp("2024-03-08"),
            "appointment",
            pd.Timestamp("2024-06-01"),
            "last_seen",
            "蒋春生",
        ),
    ]
    assert s.loc[1, "predecessor_id"] == s.loc[0, "person_id"]
    assert set(s["organization"]) == {"清苑县委"}
    head = cg.successions("保定市教育局局长")
    # No removal printed: the predecessor's spell ends at her last sighting, before the appointment.
    assert list(zip(head["name"], head["end_by"], head["predecessor"], strict=True)) == [
        ("曹丽娟", "last_seen", None), ("冯建军", "last_seen", "曹丽娟"),
    ]  # fmt: skip


def test_successions_of_an_unknown_post_says_so(cg):
    with pytest.raises(KeyError, match="no spell of the post '清苑县长'"):
        cg.successions("清苑县长")


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
    assert list(posts["organization"]) == ["邯郸市委", "邯郸市政府"]
    assert list(posts["title"]) == ["市委副书记", "市长"]
    assert (posts.loc[1, "first_seen"], posts.loc[1, "last_seen"]) == (
        pd.Timestamp("2024-05-06"),
        pd.Timestamp("2024-05-07"),
    )


def test_dates_are_datetimes_and_lists_are_lists(g):
    for table, col in ((g.posts, "first_seen"), (g.events, "date"), (g.persons, "last_seen")):
        assert pd.api.types.is_datetime64_any_dtype(table[col]), (col, table[col].dtype)
    org = g.organizations.set_index("name").loc["邯郸市委组织部"]
    assert org["aliases"] == ["中共邯郸市委组织部", "市委组织部"]
    assert g.posts_of("李明华").loc[1, "articles"] == ["p1#1", "p1#2"]


def test_tables_of_a_graph_without_posts(tmp_path):
    # A build with --label Person has no organizations, so no HOLDS_POST and no PARTICIPATED_IN.
    out = tmp_path / "out"
    build_from_extractions(sample_pages(), out, html=False, labels=["Person"])
    g = guanxi.open_graph(out)
    assert g.posts.empty and "first_seen" in g.posts.columns
    assert g.participants.empty
    assert len(g.top_pairs(3)) == 1  # 王建国 and 李明华 still meet


def test_repr_is_a_short_summary(g):
    text = repr(g)
    assert len(text) < 400, len(text)
    assert text.startswith("GuanxiGraph of ") and str(g.path) in text
    persons = sum(1 for n in g.kg.nodes if str(n.label) == "Person")
    assert f"{len(g.kg.nodes):,} nodes" in text and f"Person {persons}" in text
    assert f"{len(g.kg.edges):,} edges" in text


def test_top_pairs_and_cooccurrences(g):
    top = g.top_pairs(1)
    assert {top.loc[0, "a"], top.loc[0, "b"]} == {"王建国", "邯郸市委组织部"}
    assert top.loc[0, "weight"] == 2
    persons = g.top_pairs(5, label="Person")
    assert len(persons) == 1 and {persons.loc[0, "a"], persons.loc[0, "b"]} == {"王建国", "李明华"}


def test_ties_of_each_kind(g):
    met = g.ties("王建国", kind="co_attended")
    assert list(met["name"]) == ["李明华"] and met.loc[0, "weight"] == 1
    assert met.loc[0, "first_seen"] == pd.Timestamp("2024-05-06")
    assert met.loc[0, "events"] == [g.find("市委常委会会议", "Event")[0]]
    # Roles are read from the person asked about: 王建国 chaired, 李明华 attended.
    assert met.loc[0, "roles"] == ["主持/出席"]
    assert g.ties("李明华", kind="co_attended").loc[0, "roles"] == ["出席/主持"]
    served = g.ties("王建国", kind="served_with")
    assert list(served["name"]) == ["李明华"] and served.loc[0, "organizations"] == ["邯郸市委"]
    # The articles that date the overlap: one or two ids, not the posts' lists.
    assert 1 <= len(served.loc[0, "articles"]) <= 2 and all(isinstance(a, str) for a in served.loc[0, "articles"])
    assert list(g.ties("王建国", kind="served_with", organization="邯郸市委")["name"]) == ["李明华"]
    assert g.ties("王建国", kind="served_with", organization="邯郸市政府").empty
    mentioned = g.ties("王建国")  # co-mention, organizations included, strongest first
    assert mentioned.loc[0, "name"] == "邯郸市委组织部" and mentioned.loc[0, "weight"] == 2
    assert "李明华" in set(mentioned["name"]) and "赵晓雪" not in set(mentioned["name"])
    # The journalist attended nothing and served nowhere: no rows, the columns still there.
    assert g.ties("赵晓雪", kind="co_attended").empty and "roles" in g.ties("赵晓雪", kind="co_attended")
    with pytest.raises(ValueError, match="unknown kind of tie"):
        g.ties("王建国", kind="friends")


def test_ego_network(g):
    ego = g.ego("王建国")
    # Nodes are the names; the ids are node attributes.
    assert {"王建国", "李明华", "邯郸市委组织部", "市委常委会会议"} <= set(ego.nodes)
    assert "赵晓雪" not in ego  # the journalist's byline is no meeting
    assert ego.nodes["王建国"]["id"] == g.find("王建国", "Person")[0]
    assert ego.nodes["王建国"]["type"] == "Person"


def test_ego_tells_namesakes_apart():
    from guanxi.graph.build import KnowledgeGraph
    from guanxi.graph.notebook import GuanxiGraph
    from guanxi.graph.schema import GraphEdge, GraphNode, NodeLabel, RelType

    kg = KnowledgeGraph(
        (
            GraphNode("org:1", NodeLabel.ORGANIZATION, {"name": "某县政府"}),
            GraphNode("person:1", NodeLabel.PERSON, {"name": "张伟", "mentions": 3}),
            GraphNode("person:2", NodeLabel.PERSON, {"name": "张伟", "mentions": 1}),
        ),
        (
            GraphEdge("e1", RelType.CO_OCCURS, "org:1", "person:1", {"weight": 2}),
            GraphEdge("e2", RelType.CO_OCCURS, "org:1", "person:2", {"weight": 1}),
        ),
    )
    ego = GuanxiGraph(kg).ego("某县政府")
    assert set(ego.nodes) == {"某县政府", "张伟 [person:1]", "张伟 [person:2]"}
    assert ego.nodes["张伟 [person:2]"]["id"] == "person:2"


@pytest.mark.parametrize("kind", ["degree", "betweenness", "eigenvector"])
def test_centrality(g, kind):
    df = g.centrality(kind, label="Person", n=2)
    assert list(df.columns) == ["id", "name", "label", kind]
    assert df.loc[0, "name"] == "李明华"


def test_unknown_name(g):
    with pytest.raises(KeyError):
        g.posts_of("无此人")


def test_plot_ego_renders_chinese(g, tmp_path, cjk_font_name):
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would fail the test
        ax = g.plot_ego("王建国")
        ax.figure.savefig(tmp_path / "ego.png")
    assert (tmp_path / "ego.png").stat().st_size > 1000


def test_plot_finds_a_font_installed_after_matplotlib_cached_its_list(g, tmp_path, cjk_font_name):
    """matplotlib's font list is a cache made on its first run; a CJK font installed later is not in it."""
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path / "mpl"), "MPLBACKEND": "Agg"}
    made = subprocess.run(
        [sys.executable, "-c", "import matplotlib.font_manager"], env=env, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    [cache] = (tmp_path / "mpl").glob("fontlist-*.json")
    fonts = json.loads(cache.read_text(encoding="utf-8"))
    # As made before any system font was installed: only the fonts matplotlib ships (relative paths).
    fonts["ttflist"] = [f for f in fonts["ttflist"] if not Path(f["fname"]).is_absolute()]
    cache.write_text(json.dumps(fonts), encoding="utf-8")
    code = (
        "import sys, warnings, guanxi\n"
        "from guanxi.graph.notebook import cjk_font\n"
        "warnings.simplefilter('error')\n"
        "g = guanxi.open_graph(sys.argv[1])\n"
        "g.plot_ego('王建国').figure.savefig(sys.argv[2])\n"
        "print(cjk_font())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(g.path), str(tmp_path / "ego.png")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == cjk_font_name


def test_plot_without_a_cjk_font_says_so(g, monkeypatch):
    # A machine without any font with Chinese glyphs cannot be made here (CI installs one): matplotlib's
    # font list and the system font folders are emptied of everything but the fonts matplotlib ships.
    from guanxi.graph.notebook import CJKFontError
    from matplotlib import font_manager

    shipped = [f for f in font_manager.fontManager.ttflist if "mpl-data" in f.fname]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", shipped)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    with pytest.raises(CJKFontError, match=r"no installed font has Chinese glyphs.*fonts-noto-cjk"):
        g.plot_ego("王建国")


def _run_notebook_script():
    spec = importlib.util.spec_from_file_location("run_notebook", ROOT / "scripts" / "run_notebook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_worked_example_notebook_outputs_are_current(cjk_font_name, tmp_path):
    """docs/notebook.ipynb runs end to end on the seeds (real pipeline, real plot) and gives the outputs
    committed in it: text exactly (addresses and the temporary folder masked), images by type."""
    import nbformat

    run = _run_notebook_script()
    committed = run.outputs(nbformat.read(run.NOTEBOOK, as_version=4))
    # The kernel is driven from a child process: nbclient leaves an asyncio loop behind in the process
    # that runs it, and Playwright's sync API (the browser tests) refuses to start inside one.
    executed = tmp_path / "notebook.ipynb"
    code = (
        "import sys, nbformat; sys.path.insert(0, sys.argv[1]); import run_notebook; "
        "nbformat.write(run_notebook.execute(), sys.argv[2])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "scripts"), str(executed)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    fresh = run.outputs(nbformat.read(executed, as_version=4))
    assert not [o for _, _, outs in fresh for o in outs if o[0] == "error"]
    assert any("image/png" in o[2] for _, _, outs in fresh for o in outs if o[0] == "display_data")
    assert len(fresh) == len(committed)
    for i, (now, then) in enumerate(zip(fresh, committed, strict=True)):
        assert now == then, f"docs/notebook.ipynb code cell {i} is stale: run scripts/run_notebook.py"


def _readme_python() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [block] = re.findall(r"```pycon\n(.*?)```", readme, flags=re.S)
    return block


def test_readme_python_example_gives_what_the_readme_shows(tmp_path, monkeypatch):
    """The README's Python session, run on a build of the seed pages in ``out`` as the README's setup
    command writes it, prints exactly what the README shows."""
    report = build([ROOT / "seeds"], tmp_path / "out", html=False)
    assert not report.problems
    monkeypatch.chdir(tmp_path)
    test = doctest.DocTestParser().get_doctest(_readme_python(), {}, "README.md", "README.md", 0)
    assert len(test.examples) >= 5
    runner = doctest.DocTestRunner(optionflags=doctest.REPORT_NDIFF)
    out: list[str] = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
