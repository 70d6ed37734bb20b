"""The Dask engine (issue 7): partitions, identical graphs to the local engine, bad input, a killed worker.

Every test that runs the engine uses a LocalCluster of 2 worker processes on 127.0.0.1 that
the tests start themselves. Corpora are small: the speed figures are in benchmarks/bench_dask.py.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from careers_fixtures import career_pages, publicity_pages
from distributed import Client, LocalCluster
from guanxi.extractors.read import read_path
from guanxi.graph.distributed import _read_range, export_groups, plan_partitions, read_graph
from pages_fixtures import COUNTY_RECORDS, article, continuation_pages, homeless_pages, page, sample_pages

from guanxi.engine_dask import run_dask
from guanxi.model import Home, Problem
from guanxi.runner import build, build_from_extractions

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GRAPH_FILES = ("nodes.jsonl", "edges.jsonl", "graph.graphml", "graph.gexf", "graph.json")
PAGE_FILES = ("articles.jsonl", "extractions.jsonl", "pages.jsonl")


def _cluster(**kw) -> LocalCluster:
    return LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        **kw,
    )


@pytest.fixture(scope="module")
def scheduler():
    with _cluster() as cluster:
        yield cluster.scheduler_address


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _has_a_graph(out: Path) -> None:
    """OUT holds pages, articles and a graph, and its files agree with its report.json.

    Two engines that both wrote nothing would be "the same": this is what makes the comparison count.
    """
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["pages"] > 0 and report["articles"] > 0, report
    assert len(_lines(out / "extractions.jsonl")) == len(_lines(out / "pages.jsonl")) == report["pages"]
    assert len(_lines(out / "articles.jsonl")) == report["articles"]
    nodes, edges = _lines(out / "nodes.jsonl"), _lines(out / "edges.jsonl")
    assert nodes, "no nodes"
    by_kind = Counter(n["label"] for n in nodes) + Counter(e["type"] for e in edges)
    assert dict(by_kind) == {k: v for k, v in report["counts"].items() if v and k != "skipped_articles"}
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert (len(graph["nodes"]), len(graph["links"])) == (len(nodes), len(edges))


def _same_output(a: Path, b: Path) -> None:
    _has_a_graph(a)
    for name in (*GRAPH_FILES, *PAGE_FILES):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    csv_a = sorted(p.name for p in (a / "neo4j-import").iterdir())
    assert csv_a == sorted(p.name for p in (b / "neo4j-import").iterdir())
    for name in csv_a:
        assert (a / "neo4j-import" / name).read_bytes() == (b / "neo4j-import" / name).read_bytes(), name


def _corpus(tmp_path: Path, n: int, *, extractions: bool) -> Path:
    prefix = tmp_path / f"corpus{n}"
    args = [sys.executable, str(ROOT / "scripts" / "make_corpus.py"), "-n", str(n), "-o", str(prefix)]
    subprocess.run([*args, "--extractions"] if extractions else args, check=True, cwd=ROOT)
    return Path(f"{prefix}.extractions.jsonl") if extractions else Path(f"{prefix}.jsonl")


# --- partitions (no cluster) -----------------------------------------------------------------


def test_large_jsonl_is_cut_into_line_aligned_ranges(tmp_path: Path):
    lines = [
        json.dumps({"id": f"r{i}", "text": "市委召开会议。" * (i % 7 + 1)}, ensure_ascii=False)
        for i in range(200)
    ]
    lines[17] = "{not json"
    lines[40] = ""
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parts = plan_partitions([path], chunk_bytes=2000)
    assert len(parts) > 5
    assert [p.index for p in parts] == list(range(len(parts)))
    assert parts[0].start == 0 and parts[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
    data = path.read_bytes()
    assert all(data[p.start - 1 : p.start] == b"\n" for p in parts[1:])
    # The ranges read together give exactly what the local reader gives, line numbers included.
    got = [x for p in parts for x in _read_range(p, None)]
    want = list(read_path(path))
    assert got == want
    assert any(isinstance(x, Problem) and x.line == 18 for x in got)


def test_small_files_are_grouped_in_input_order(tmp_path: Path):
    for i in range(6):
        (tmp_path / f"p{i}.txt").write_text("市委召开会议。" * 50, encoding="utf-8")
    parts = plan_partitions([tmp_path, tmp_path / "missing.txt"], chunk_bytes=2500)
    files = [f for p in parts for f in p.files]
    assert files == [str(tmp_path / f"p{i}.txt") for i in range(6)] + [str(tmp_path / "missing.txt")]
    assert 1 < len(parts) < 7


def test_pdf_pages_of_one_folder_stay_in_one_partition(tmp_path: Path, monkeypatch):
    """The PDF pages of a folder are one issue (jump lines linked across them): never split."""
    import guanxi.extractors.read
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    issue = tmp_path / "issue"
    issue.mkdir()
    for i in range(3):
        c = canvas.Canvas(str(issue / f"{i:02d}.pdf"), pagesize=(400, 400), invariant=1)
        c.setFont("STSong-Light", 10)
        c.drawString(40, 300, "本报讯 3月5日，岚山区召开河湖治理推进会。")
        c.save()
    (tmp_path / "z.txt").write_text("市委召开会议。" * 50, encoding="utf-8")
    parts = plan_partitions([tmp_path], chunk_bytes=100)
    assert [p.files for p in parts] == [
        (str(tmp_path / "z.txt"),),
        tuple(str(issue / f"{i:02d}.pdf") for i in range(3)),
    ]
    # An issue is at most ISSUE_FILES files, for the local reader and the planner alike.
    monkeypatch.setattr(guanxi.extractors.read, "ISSUE_FILES", 2)
    parts = plan_partitions([issue], chunk_bytes=100)
    assert [p.files for p in parts] == [
        (str(issue / "00.pdf"), str(issue / "01.pdf")),
        (str(issue / "02.pdf"),),
    ]


@pytest.mark.parametrize("groups", [1, 2, 3, 8])
@pytest.mark.parametrize("html", [True, False])
def test_export_groups_cover_every_format_once_with_the_page_after_jsonl(groups: int, html: bool):
    formats = ["jsonl", "html", "graphml", "gexf", "neo4j", "json"] if html else ["jsonl", "gexf", "json"]
    got = export_groups(formats, groups)
    assert sorted(f for g in got for f in g) == sorted(formats)
    assert 1 <= len(got) <= groups
    if html:
        (with_page,) = [g for g in got if "html" in g]
        assert with_page.index("jsonl") == with_page.index("html") - 1
    if groups == 2 and html:  # the costliest export (GEXF) does not share a group with the page
        assert not any("gexf" in g and "html" in g for g in got)


def test_stdin_is_refused_with_a_message():
    from guanxi.errors import InputError

    with pytest.raises(InputError, match="standard input"):
        plan_partitions(["-"])


# --- identical graphs --------------------------------------------------------------------------


def test_seeds_give_the_same_output_as_the_local_engine(tmp_path: Path, scheduler: str):
    local = build([SEEDS], tmp_path / "local")
    dist = run_dask([SEEDS], tmp_path / "dask", scheduler=scheduler, chunk_bytes=4000)
    _same_output(tmp_path / "local", tmp_path / "dask")
    # The report page too, though a worker writes it in an export group.
    assert (tmp_path / "local" / "index.html").read_bytes() == (tmp_path / "dask" / "index.html").read_bytes()
    assert (dist.inputs, dist.pages, dist.articles, dist.counts) == (
        local.inputs,
        local.pages,
        local.articles,
        local.counts,
    )
    # The node and edge tables are in the output folder as Parquet, and give the same graph.
    kg = read_graph(tmp_path / "dask" / "parquet")
    assert [n.to_json() for n in kg.nodes] == (tmp_path / "local" / "nodes.jsonl").read_text().splitlines()
    assert [e.to_json() for e in kg.edges] == (tmp_path / "local" / "edges.jsonl").read_text().splitlines()


def test_seeds_cooccurrence_all_gives_the_same_output_as_the_local_engine(tmp_path: Path, scheduler: str):
    # Every mention co-occurs (--cooccurrence all): both engines again write the same bytes, and
    # the setting changes the pair table (the default counts present mentions only).
    build([SEEDS], tmp_path / "present", html=False)
    src = tmp_path / "present" / "extractions.jsonl"
    local = build([src], tmp_path / "local", html=False, from_extractions=True, cooccurrence="all")
    dist = run_dask(
        [src], tmp_path / "dask", scheduler=scheduler, html=False, from_extractions=True, cooccurrence="all",
        chunk_bytes=20000,
    )  # fmt: skip
    _same_output(tmp_path / "local", tmp_path / "dask")
    assert dist.counts == local.counts
    default = json.loads((tmp_path / "present" / "report.json").read_text(encoding="utf-8"))["counts"]
    assert local.counts["CO_OCCURS"] > default["CO_OCCURS"]


def test_every_label_and_type_matches_on_sample_extractions(tmp_path: Path, scheduler: str):
    build_from_extractions(sample_pages(), tmp_path / "first", html=False)
    src = tmp_path / "first" / "extractions.jsonl"
    build([src], tmp_path / "local", html=False, from_extractions=True)
    run_dask(
        [src], tmp_path / "dask", scheduler=scheduler, html=False, from_extractions=True, chunk_bytes=3000
    )
    _same_output(tmp_path / "local", tmp_path / "dask")


def test_corrections_act_like_the_local_engine(tmp_path: Path, scheduler: str):
    """Each operation of a corrections file, on sample extractions: the same bytes, the same report."""
    build_from_extractions(sample_pages(), tmp_path / "first", html=False)
    src = tmp_path / "first" / "extractions.jsonl"
    fixes = tmp_path / "corrections.csv"
    fixes.write_text(
        "op,name,home,to,to_home,date,post\n"
        "merge,李明华,邯郸市,王建国,,,\n"
        "split,王建国,邯郸市,,,2024-05-07,\n"
        "post,王建国,邯郸市,副书记,,,书记\n"
        "drop,赵晓雪,邯郸市,,,,\n"
        "rename,无此人,邯郸市,某人,,,\n",
        encoding="utf-8",
    )
    opts = {"html": False, "from_extractions": True, "corrections": fixes}
    local = build([src], tmp_path / "local", **opts)
    dist = run_dask([src], tmp_path / "dask", scheduler=scheduler, chunk_bytes=3000, **opts)
    _same_output(tmp_path / "local", tmp_path / "dask")
    assert dist.corrections == local.corrections
    assert [c["status"] for c in local.corrections] == ["applied"] * 3 + ["not matched"] * 2
    persons = [n for n in _lines(tmp_path / "dask" / "nodes.jsonl") if n["label"] == "Person"]
    assert sorted(n["properties"].get("corrected", []) for n in persons) == [[], [2, 3], [2, 3, 4]]


def test_persons_without_a_home_join_like_the_local_engine(tmp_path: Path, scheduler: str):
    """Mentions on pages without a home join the one namesake with a home, or stay apart when two
    fit (issue 18), a hand-corrected one marking the person it joins: the same bytes, the same
    counts in the report."""
    typo = article(
        "n3#1",
        "4月20日，市委书记刘震华主持召开市委全会。",
        date="2024-04-20",
        persons=(("刘震华", "official", (("市委书记", "书记", "市委"),)),),
    )
    pages = [*homeless_pages(namesakes=True), page("n3", typo, home=Home())]
    build_from_extractions(pages, tmp_path / "first", html=False)
    src = tmp_path / "first" / "extractions.jsonl"
    fixes = tmp_path / "corrections.csv"
    fixes.write_text("op,name,home,to,to_home,date,post\nrename,刘震华,,刘振华,,,\n", encoding="utf-8")
    opts = {"html": False, "from_extractions": True, "corrections": fixes}
    local = build([src], tmp_path / "local", **opts)
    dist = run_dask([src], tmp_path / "dask", scheduler=scheduler, chunk_bytes=600, **opts)
    _same_output(tmp_path / "local", tmp_path / "dask")
    assert dist.persons_without_home == local.persons_without_home
    assert (local.persons_without_home["joined"], local.persons_without_home["ambiguous"]) == (4, 1)
    persons = {
        (n["properties"]["name"], n["properties"].get("home", "")): n["properties"]
        for n in _lines(tmp_path / "dask" / "nodes.jsonl")
        if n["label"] == "Person"
    }
    assert sorted(home for name, home in persons if name == "周明远") == ["", "晋城市", "长治市"]
    assert persons[("刘振华", "长治市")]["articles"] == 3 and persons[("刘振华", "长治市")]["corrected"] == [2]


def test_careers_match_the_local_engine(tmp_path: Path, scheduler: str):
    build_from_extractions(career_pages(), tmp_path / "first", html=False)
    src = tmp_path / "first" / "extractions.jsonl"
    local = build([src], tmp_path / "local", html=False, from_extractions=True)
    run_dask(
        [src], tmp_path / "dask", scheduler=scheduler, html=False, from_extractions=True, chunk_bytes=600
    )
    _same_output(tmp_path / "local", tmp_path / "dask")
    assert (local.counts["APPOINTED"], local.counts["PRECEDED"]) == (3, 2)


def test_particulars_match_the_local_engine(tmp_path: Path, scheduler: str):
    build_from_extractions([*career_pages(), *publicity_pages()], tmp_path / "first", html=False)
    src = tmp_path / "first" / "extractions.jsonl"
    build([src], tmp_path / "local", html=False, from_extractions=True)
    run_dask(
        [src], tmp_path / "dask", scheduler=scheduler, html=False, from_extractions=True, chunk_bytes=600
    )
    _same_output(tmp_path / "local", tmp_path / "dask")
    persons = [n for n in _lines(tmp_path / "dask" / "nodes.jsonl") if n["label"] == "Person"]
    assert [n["properties"]["birth"] for n in persons if "birth" in n["properties"]] == ["1976-04"]



def test_continuation_merges_like_the_local_engine(tmp_path: Path, scheduler: str):
    build_from_extractions(continuation_pages("2024-06-03"), tmp_path / "first", html=False)
    src = tmp_path / "first" / "extractions.jsonl"
    local = build([src], tmp_path / "local", html=False, from_extractions=True)
    run_dask([src], tmp_path / "dask", scheduler=scheduler, html=False, from_extractions=True)
    _same_output(tmp_path / "local", tmp_path / "dask")
    assert local.counts["Event"] == 1


def test_generated_corpus_matches_with_filters_and_date_range(tmp_path: Path, scheduler: str):
    src = _corpus(tmp_path, 250, extractions=True)
    opts = {
        "since": "2023-01-05",
        "until": "2023-01-25",
        "window": 1,
        "html": False,
        "from_extractions": True,
    }
    local = build([src], tmp_path / "local", **opts)
    dist = run_dask([src], tmp_path / "dask", scheduler=scheduler, chunk_bytes=20_000, **opts)
    _same_output(tmp_path / "local", tmp_path / "dask")
    assert dist.counts == local.counts and dist.counts["skipped_articles"] > 0
    filt = {"labels": ["Person", "Organization"], "min_weight": 2}
    build([src], tmp_path / "local2", **opts, **filt)
    run_dask([src], tmp_path / "dask2", scheduler=scheduler, chunk_bytes=50_000, **opts, **filt)
    for name in GRAPH_FILES:
        assert (tmp_path / "local2" / name).read_bytes() == (tmp_path / "dask2" / name).read_bytes()


def test_generated_text_corpus_matches_through_extraction(tmp_path: Path, scheduler: str):
    src = _corpus(tmp_path, 60, extractions=False)
    local = build([src], tmp_path / "local", html=False)
    dist = run_dask([src], tmp_path / "dask", scheduler=scheduler, html=False, chunk_bytes=3000)
    _same_output(tmp_path / "local", tmp_path / "dask")
    # Records whose text names no place are named alike by both engines (issue 18).
    assert local.without_home and dist.without_home == local.without_home


def test_bare_county_bodies_match_the_local_engine(tmp_path: Path, scheduler: str):
    """A city paper's bare 县委: the county its article names, or unresolved (issue 18)."""
    src = tmp_path / "records.jsonl"
    src.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in COUNTY_RECORDS), encoding="utf-8"
    )
    build([src], tmp_path / "local", html=False)
    run_dask([src], tmp_path / "dask", scheduler=scheduler, html=False, chunk_bytes=300)
    _same_output(tmp_path / "local", tmp_path / "dask")
    nodes = _lines(tmp_path / "dask" / "nodes.jsonl")
    orgs = {n["properties"]["name"] for n in nodes if n["label"] == "Organization"}
    assert orgs == {"沁县委", "沁县委常委会", "武乡县委", "武乡县委常委会"}
    assert sum("unresolved_orgs" in n["properties"] for n in nodes if n["label"] == "Article") == 3


# --- bad input ----------------------------------------------------------------------------------


def test_bad_inputs_are_reported_like_the_local_engine(tmp_path: Path, scheduler: str):
    inputs = tmp_path / "in"
    inputs.mkdir()
    text = (SEEDS / sorted(os.listdir(SEEDS))[0]).read_text(encoding="utf-8")
    recs = [
        {"id": f"a{i}", "text": text[i * 300 : i * 300 + 600], "date": f"2024-05-0{i % 9 + 1}"}
        for i in range(12)
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in recs]
    lines.insert(3, "[1, 2]")
    lines.insert(
        7, json.dumps({"id": "a1", "text": "重复的记录。"}, ensure_ascii=False)
    )  # repeated id, another range
    lines.append('{"id": "x", "text": 5}')
    (inputs / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (inputs / "empty.md").write_text("", encoding="utf-8")
    (inputs / "page.txt").write_text(text[:800], encoding="utf-8")
    (inputs / "page_copy.txt").write_text(text[:800], encoding="utf-8")
    # the same record in another file: repeated articles (one id, one text)
    (inputs / "z_again.jsonl").write_text(lines[0] + "\n", encoding="utf-8")
    args = [inputs, tmp_path / "missing.jsonl", inputs / "page.txt"]  # page.txt twice: read once
    local = build(args, tmp_path / "local", html=False)
    dist = run_dask(args, tmp_path / "dask", scheduler=scheduler, html=False, chunk_bytes=1500)
    assert [str(p) for p in dist.problems] == [str(p) for p in local.problems]
    reasons = " ".join(p.reason for p in dist.problems)
    assert "duplicate id" in reasons and "repeated" in reasons and "no such file" in reasons
    assert "same file as" in reasons
    assert (dist.inputs, dist.pages, dist.articles) == (local.inputs, local.pages, local.articles)
    assert dist.without_home == local.without_home
    assert dist.exit_code == 1
    _same_output(tmp_path / "local", tmp_path / "dask")


# --- faults ------------------------------------------------------------------------------------


def test_a_killed_worker_loses_and_duplicates_nothing(tmp_path: Path):
    src = _corpus(tmp_path, 60, extractions=False)
    build([src], tmp_path / "local", html=False)
    killed: list[int] = []
    with _cluster() as cluster, Client(cluster) as client:

        def kill_one(stage: str, done: int, total: int | None) -> None:
            # Mid-map: some partitions done, others running or queued on both workers.
            if stage == "extract" and done == 2 and not killed:
                pids = client.run(os.getpid)
                victim = sorted(pids.values())[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        report = run_dask(
            [src], tmp_path / "dask", scheduler=cluster.scheduler_address, html=False, chunk_bytes=1500,
            progress=kill_one,
        )  # fmt: skip
        assert killed, "no worker was killed"
        assert killed[0] not in client.run(os.getpid).values()  # the nanny started a new process
    assert not report.problems
    _same_output(tmp_path / "local", tmp_path / "dask")


def test_started_cluster_reports_its_dashboard_and_progress(tmp_path: Path):
    build_from_extractions(sample_pages(), tmp_path / "first", html=False)
    seen = []
    stages: list[tuple[str, int, int | None]] = []
    run_dask(
        [tmp_path / "first" / "extractions.jsonl"],
        tmp_path / "out",
        workers=2,
        html=False,
        from_extractions=True,
        on_cluster=seen.append,
        progress=lambda *a: stages.append(a),
    )
    # The export stage counts its groups, 0 to all of them.
    exports = [(done, total) for stage, done, total in stages if stage == "export"]
    groups = exports[0][1]
    assert groups >= 1 and exports == [(i, groups) for i in range(groups + 1)]
    (info,) = seen
    assert info.started and info.workers == 2 and info.scheduler.startswith("tcp://127.0.0.1:")
    assert info.dashboard is None or info.dashboard.startswith("http://127.0.0.1:")


def test_a_run_that_reads_no_page_keeps_the_previous_output(tmp_path: Path, scheduler: str):
    from guanxi.errors import NothingReadError

    out = tmp_path / "out"
    build_from_extractions(sample_pages(), out, html=False)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "scan.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    with pytest.raises(NothingReadError, match=f"no page could be read \\(1 rejected\\); {out} was left"):
        run_dask([bad], out, scheduler=scheduler, html=False)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "out"]
