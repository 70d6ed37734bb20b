"""Streaming build: spilled articles, sorted runs on disk, exports from streams."""

from __future__ import annotations

from pathlib import Path

import pytest
from guanxi.graph.aggregate import PersonRef
from guanxi.graph.build import GraphBuilder, article_date, article_parts, build_graph, page_home
from guanxi.graph.export import write_all
from guanxi.graph.stream import Spill, Spool, TempFolder
from pages_fixtures import sample_pages


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_spool_merges_runs_stably_and_again(tmp_path):
    folder = TempFolder(tmp_path)
    spool = Spool(folder, key=lambda t: t[0], limit=3)
    items = [("c", 1), ("a", 2), ("b", 3), ("a", 4), ("d", 5), ("b", 6), ("a", 7)]
    spool.extend(items)
    want = sorted(items, key=lambda t: t[0])  # stable: equal keys in the order added
    (folder_path,) = tmp_path.iterdir()
    assert len(list(folder_path.iterdir())) == 2
    assert list(spool) == want
    assert len(list(folder_path.iterdir())) == 1  # the first read merged the runs into one
    assert list(spool) == want
    spool.close()
    assert not any(tmp_path.iterdir())


def test_spool_last_wins_keeps_the_last_of_equal_keys(tmp_path):
    spool = Spool(TempFolder(tmp_path), key=lambda t: t[0], limit=2, last_wins=True)
    spool.extend([("x", 1), ("y", 2), ("x", 3), ("z", 4), ("x", 5)])
    assert list(spool) == [("x", 5), ("y", 2), ("z", 4)]
    spool.close()


def test_spill_keeps_append_order_past_its_limit(tmp_path):
    folder = TempFolder(tmp_path)
    spill = Spill(folder, limit=2)
    for i in range(7):
        spill.append({"i": i})
    assert len(spill) == 7
    assert [d["i"] for d in spill] == list(range(7))
    assert [d["i"] for d in spill] == list(range(7))
    folder.close()


@pytest.mark.parametrize(("labels", "min_weight"), [(None, 1), (("Person", "Organization", "Article"), 2)])
def test_stream_exports_equal_in_memory_exports(tmp_path, labels, min_weight):
    pages = sample_pages()
    kg = build_graph(pages)
    if labels or min_weight > 1:
        kg = kg.filter(labels=labels, min_weight=min_weight)
    write_all(kg, tmp_path / "memory")
    # Tiny limits: every article is spilled and every few records make a run on disk.
    builder = GraphBuilder(tmp_dir=tmp_path / "tmp", spill_limit=1, spool_limit=3)
    (tmp_path / "tmp").mkdir()
    for pe in pages:
        builder.add(pe)
    with builder.build_stream() as gs:
        view = gs.filter(labels=labels, min_weight=min_weight) if labels or min_weight > 1 else gs
        write_all(view, tmp_path / "stream")
        assert view.counts() == kg.counts()
        assert view.meta == kg.meta
    builder.close()
    assert _files(tmp_path / "stream") == _files(tmp_path / "memory")
    assert not any((tmp_path / "tmp").iterdir())  # every temporary file is gone


def test_build_twice_gives_the_same_graph():
    builder = GraphBuilder(spill_limit=1, spool_limit=2)
    for pe in sample_pages():
        builder.add(pe)
    first, second = builder.build(), builder.build()
    builder.close()
    assert first == second
    assert first == build_graph(sample_pages())


def test_article_parts_number_persons_within_the_article():
    pe = sample_pages()[0]
    ax = pe.articles[0]
    parts = article_parts(pe, ax, page_home(pe), article_date(pe, ax.article))
    assert parts.article_id == ax.article.article_id
    person_refs = [r for r in parts.refs if isinstance(r, PersonRef)]
    assert person_refs and all(0 <= r.index < len(parts.persons) for r in person_refs)
    assert all(r.journalist == (parts.persons[r.index].block[2] == "journalist") for r in person_refs)
    for ref in parts.reported:
        assert parts.persons[ref.index].block[2] == "journalist"
    for ev in parts.events:
        assert all(0 <= r.index < len(parts.persons) for r, _role in ev.participants)
