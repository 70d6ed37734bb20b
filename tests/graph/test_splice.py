"""Exports spliced from the previous output (graph/splice.py): the same bytes as written afresh."""

from __future__ import annotations

import os
from pathlib import Path

from guanxi.graph.build import build_graph
from guanxi.graph.export import write_all
from guanxi.graph.splice import INDEX_FILE, ExportCache
from pages_fixtures import sample_pages, two_posts_pages


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != INDEX_FILE}


def test_an_unchanged_graph_is_copied_whole_and_a_changed_one_is_the_fresh_bytes(tmp_path: Path):
    pages = sample_pages()
    first = build_graph(pages[:-1])
    cache = ExportCache(None, "v1")
    write_all(first, tmp_path / "a", cache=cache)
    assert cache.reused == 0 and cache.records > 0 and (tmp_path / "a" / INDEX_FILE).is_file()

    again = ExportCache(tmp_path / "a", "v1")
    write_all(first, tmp_path / "b", cache=again)
    assert again.reused == again.records  # every record copied
    assert _files(tmp_path / "b") == _files(tmp_path / "a")

    # A graph with one page more: most records copied, the rest written, the bytes of a fresh write.
    grown = build_graph(pages)
    spliced = ExportCache(tmp_path / "a", "v1")
    write_all(grown, tmp_path / "c", cache=spliced)
    write_all(grown, tmp_path / "fresh")
    assert 0 < spliced.reused < spliced.records
    assert _files(tmp_path / "c") == _files(tmp_path / "fresh")


def test_another_graph_shares_nothing_but_is_written_right(tmp_path: Path):
    write_all(build_graph(sample_pages()), tmp_path / "a", cache=ExportCache(None, "v1"))
    other = build_graph(two_posts_pages())
    cache = ExportCache(tmp_path / "a", "v1")
    write_all(other, tmp_path / "b", cache=cache)
    write_all(other, tmp_path / "fresh")
    assert _files(tmp_path / "b") == _files(tmp_path / "fresh")


def test_an_index_of_other_code_or_a_file_changed_since_is_not_used(tmp_path: Path):
    kg = build_graph(sample_pages())
    write_all(kg, tmp_path / "a", cache=ExportCache(None, "v1"))
    other_code = ExportCache(tmp_path / "a", "v2")
    write_all(kg, tmp_path / "b", cache=other_code)
    assert other_code.reused == 0

    # A file edited by hand (same size, another time): none of its bytes are copied.
    gexf = tmp_path / "a" / "graph.gexf"
    data = gexf.read_bytes()
    gexf.write_bytes(data.replace(b"guanxi", b"GUANXI", 1))
    st = gexf.stat()
    os.utime(gexf, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    cache = ExportCache(tmp_path / "a", "v1")
    write_all(kg, tmp_path / "c", cache=cache)
    assert b"GUANXI" not in (tmp_path / "c" / "graph.gexf").read_bytes()
    assert (tmp_path / "c" / "graph.gexf").read_bytes() == data
    assert 0 < cache.reused < cache.records  # the other files were copied
