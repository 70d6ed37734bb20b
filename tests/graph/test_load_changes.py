"""``guanxi load`` after ``guanxi build --update``: only the changes are sent, and the database
ends up as a clean load of the updated folder (real Neo4j, fixtures in tests/neo4j_fixtures.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from guanxi.graph.neo4j import Neo4jLoader, read_graph_jsonl
from guanxi.graph.neo4j_diff import load_out, manifest_path, read_marker, remove_marker
from neo4j_fixtures import wipe
from neo4j_helpers import SEEDS, expected_counts, load, report_of, snapshot

from guanxi.runner import build

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> dict[str, Path]:
    """An output folder built from three seed pages, then updated: one page corrected in place
    (shortened to its first third, so the facts of the rest are gone) and one page added.
    ``v1`` is a copy of the folder before the update, ``out`` the updated folder."""
    base = tmp_path_factory.mktemp("changes")
    pages_dir = base / "pages"
    pages_dir.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    pages = [Path(shutil.copy(p, pages_dir / p.name)) for p in seeds[:3]]
    out = base / "out"
    build(pages, out, html=False)
    v1 = base / "v1"
    shutil.copytree(out, v1)
    return {"out": out, "v1": v1, "pages": pages_dir, "added": seeds[3]}


def _update(versions: dict[str, Path]) -> None:
    page = sorted(versions["pages"].glob("*.txt"))[1]
    lines = page.read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join(lines[: len(lines) // 3]) + "\n", encoding="utf-8")
    report = build([page, versions["added"]], versions["out"], html=False, update=True)
    counts = {k: v for k, v in report.update.items() if k != "state"}
    assert counts == {"kept": 2, "unchanged": 0, "replaced": 1, "added": 2}  # the new version too
    assert report.update["state"] == "pages are replaced"  # so the stored pages were read again


def test_load_after_update_sends_the_changes_and_equals_a_clean_load(neo4j_server, neo4j_empty, versions):
    out = versions["out"]
    first = load(neo4j_server, str(out), "--json")
    assert first.exit_code == 0, first.output
    assert report_of(first)["mode"] == "full"
    assert "this load is recorded" in first.stderr
    assert manifest_path(out).is_file() and not (out / manifest_path(out).name).exists()
    assert read_marker(neo4j_empty, "neo4j") is not None

    _update(versions)  # the record beside the folder does not stop the build from replacing it
    changed = load(neo4j_server, str(out), "--json")
    assert changed.exit_code == 0, changed.output
    report = report_of(changed)
    assert report["mode"] == "changes"
    assert "guanxi: change-only load:" in changed.stderr
    total = sum(expected_counts(out).values())
    assert 0 < report["nodes"] + report["relationships"] < total  # only part of the graph was sent
    assert report["nodes_deleted"] > 0 and report["relationships_deleted"] > 0  # the cut page's facts
    after_changes = snapshot(neo4j_empty)

    # Loading the same folder again: nothing changed, nothing written.
    again = report_of(load(neo4j_server, str(out), "--json"))
    assert (again["mode"], again["nodes"], again["relationships"], again["batches"]) == ("changes", 0, 0, 0)
    assert snapshot(neo4j_empty) == after_changes

    clean = load(neo4j_server, str(out), "--wipe", "--yes", "--json")
    assert clean.exit_code == 0 and report_of(clean)["mode"] == "full"
    assert after_changes == snapshot(neo4j_empty)

    # What a full (merging) load leaves instead: the cut page's facts and the larger npmi stay.
    wipe(neo4j_empty)
    assert load(neo4j_server, str(versions["v1"])).exit_code == 0
    merged = load(neo4j_server, str(out), "--full", "--json")
    assert report_of(merged)["mode"] == "full"
    assert snapshot(neo4j_empty) != after_changes


def test_falls_back_to_a_full_load_and_says_why(neo4j_server, neo4j_empty, tmp_path):
    pages = sorted(str(p) for p in SEEDS.glob("*.txt"))
    out, other = tmp_path / "out", tmp_path / "other"
    build(pages[:2], out, html=False)
    build(pages[3:], other, html=False)

    def mode(*args: str) -> tuple[str, str]:
        result = load(neo4j_server, str(out), "--json", *args)
        assert result.exit_code == 0, result.output
        return report_of(result)["mode"], report_of(result)["reason"]

    assert mode()[0] == "full"
    assert mode()[0] == "changes"
    m, why = mode("--full")  # forced: merges, and the database no longer matches any record
    assert (m, why.split(";")[0]) == ("full", "--full given")
    assert "not recorded" in why and read_marker(neo4j_empty, "neo4j") is None
    assert not manifest_path(out).exists()
    m, why = mode()
    assert m == "full" and "no record of an earlier load" in why

    load(neo4j_server, str(out), "--wipe", "--yes")
    assert mode()[0] == "changes"
    remove_marker(neo4j_empty, "neo4j")
    m, why = mode()
    assert m == "full" and "does not carry the marker" in why

    load(neo4j_server, str(out), "--wipe", "--yes")
    wipe(neo4j_empty)
    assert load(neo4j_server, str(other)).exit_code == 0  # another folder loaded (and recorded) since
    m, why = mode()
    assert m == "full" and "loaded from elsewhere" in why and "merged into" in why

    wipe(neo4j_empty)
    load(neo4j_server, str(out))
    build(pages[2:3], out, html=False)  # another graph in the same folder (not an update)
    m, why = mode()
    assert m == "full" and "holds another graph" in why


class _Stop(Exception):
    pass


def test_an_interrupted_change_load_is_finished_by_a_rerun(neo4j_server, neo4j_empty, tmp_path):
    """The load stops after writing its nodes, and the folder is updated again; the rerun, from
    the record written before the writes, sends what was about to change again (and deletes
    what the interrupted load wrote and the new update dropped): it ends as a clean load."""
    pages = [Path(shutil.copy(p, tmp_path / p.name)) for p in sorted(SEEDS.glob("*.txt"))]
    out = tmp_path / "out"
    build(pages[:3], out, html=False)
    loader = Neo4jLoader(neo4j_empty, "neo4j", batch_size=5, sessions=1)
    loader.ensure_schema()

    def run(progress=None):
        nodes, edges, problems = read_graph_jsonl(out)
        return load_out(loader, out, nodes, edges, problems, progress=progress)

    assert run().mode == "full"
    pages[0].write_text(pages[0].read_text(encoding="utf-8")[:2000], encoding="utf-8")
    build([pages[0], pages[4]], out, html=False, update=True)

    def stop(kind: str, done: int, total: int) -> None:
        if kind == "relationships":  # the new nodes are written by now
            raise _Stop

    with pytest.raises(_Stop):
        run(stop)
    # Another update before the rerun: the page just added is cut short (its later facts, written
    # by the interrupted load, are in no record but the one written before the writes).
    lines = pages[4].read_text(encoding="utf-8").splitlines()
    pages[4].write_text("\n".join(lines[: len(lines) // 3]) + "\n", encoding="utf-8")
    build([pages[4], pages[3]], out, html=False, update=True)
    report = run()
    assert report.mode == "changes" and report.nodes_deleted + report.relationships_deleted > 0
    interrupted = snapshot(neo4j_empty)
    assert report_of(load(neo4j_server, str(out), "--wipe", "--yes", "--json"))["mode"] == "full"
    assert interrupted == snapshot(neo4j_empty)
