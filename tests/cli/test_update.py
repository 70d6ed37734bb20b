"""``guanxi build --update``: an update gives the bytes of a full build of the union of the pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from guanxi.graph.splice import INDEX_FILE

from guanxi.cli import main
from guanxi.runner import build
from guanxi.update import STATE_FILE

# The caches of a build (the update state, the export index): they hold timestamps and the
# layout of what one run folded, not output.
CACHES = (STATE_FILE, INDEX_FILE)

# report.json keys that differ between an update and a full build of the union, by design:
# timings, the paths written (another folder), and what the update did.
_RUN_KEYS = ("seconds", "outputs", "update")


def _files(out: Path) -> dict[str, bytes]:
    """Every file of OUT but its caches."""
    return {
        str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name not in CACHES
    }


def _report(out: Path, ignore: tuple[str, ...]) -> dict:
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k not in _RUN_KEYS + ignore}


def assert_same_output(updated: Path, full: Path, ignore: tuple[str, ...] = ()) -> None:
    """Every file the same bytes, report.json the same but for its run keys (and *ignore*)."""
    a, b = _files(updated), _files(full)
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name] != b[name] and name != "report.json"]
    assert differ == []
    assert _report(updated, ignore) == _report(full, ignore)


@pytest.fixture(scope="module")
def pages(tmp_path_factory, seed_paths) -> list[Path]:
    """The seed pages, copied (a replaced page is written beside them)."""
    d = tmp_path_factory.mktemp("pages")
    return [Path(shutil.copy(p, d / p.name)) for p in seed_paths]


def test_update_equals_a_full_build_of_the_union(tmp_path, pages):
    out, full = tmp_path / "out", tmp_path / "full"
    build(pages[:3], out, html=False)
    report = build(pages[3:], out, html=False, update=True)
    assert report.update == {"kept": 3, "unchanged": 0, "replaced": 0, "added": 2, "state": "used"}
    build(pages, full, html=False)
    assert_same_output(out, full)
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["input_paths"] == [str(p) for p in pages] and data["inputs"] == 5

    # The same pages again: nothing extracted, nothing changed.
    report = build(pages[3:], out, html=False, update=True)
    assert report.update == {"kept": 5, "unchanged": 2, "replaced": 0, "added": 0, "state": "used"}
    assert_same_output(out, full)


def test_a_page_changed_in_its_file_replaces_the_stored_one(tmp_path, pages):
    d = tmp_path / "pages"
    d.mkdir()
    mine = [Path(shutil.copy(p, d / p.name)) for p in pages[:3]]
    out, full = tmp_path / "out", tmp_path / "full"
    build(mine, out, html=False)
    # The file corrected in place and given again: the same page id, another text.
    mine[1].write_text(
        mine[1].read_text(encoding="utf-8") + "\n本报讯 5月9日，市长李明华到北关村调研。\n", encoding="utf-8"
    )
    report = build([mine[1]], out, html=False, update=True)
    assert report.update == {
        "kept": 2, "unchanged": 0, "replaced": 1, "added": 1, "state": "pages are replaced"
    }  # fmt: skip
    build([mine[0], mine[2], mine[1]], full, html=False)
    # The files read are listed in the order they were first read.
    assert_same_output(out, full, ignore=("input_paths",))
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["input_paths"] == [str(p) for p in mine] and data["inputs"] == 3


def test_a_page_of_the_same_name_in_another_folder_is_another_page(tmp_path, pages):
    out, full = tmp_path / "out", tmp_path / "full"
    build(pages[:2], out, html=False)
    nextday = tmp_path / "nextday" / pages[0].name  # the same page id, another day's page
    nextday.parent.mkdir()
    nextday.write_text(pages[3].read_text(encoding="utf-8"), encoding="utf-8")
    report = build([nextday], out, html=False, update=True)
    assert report.update == {"kept": 2, "unchanged": 0, "replaced": 0, "added": 1, "state": "used"}
    build([*pages[:2], nextday], full, html=False)
    assert_same_output(out, full)


def test_update_from_extractions(tmp_path, pages):
    first, rest = tmp_path / "first", tmp_path / "rest"
    build(pages[:2], first, html=False)
    build(pages[2:], rest, html=False)
    out, full = tmp_path / "out", tmp_path / "full"
    ex = [first / "extractions.jsonl", rest / "extractions.jsonl"]
    build(ex[:1], out, from_extractions=True)
    report = build(ex, out, from_extractions=True, update=True)  # the first file's pages are stored
    assert report.update == {"kept": 2, "unchanged": 2, "replaced": 0, "added": 3, "state": "used"}
    build(ex, full, from_extractions=True)
    assert_same_output(out, full)


def test_update_of_a_missing_folder_is_a_build(tmp_path, pages):
    out, full = tmp_path / "out", tmp_path / "full"
    report = build(pages[:1], out, html=False, update=True)
    assert report.update == {
        "kept": 0, "unchanged": 0, "replaced": 0, "added": 1, "state": "no stored pages"
    }  # fmt: skip
    build(pages[:1], full, html=False)
    assert_same_output(out, full)


def test_cli_update_summary_and_dask_refusal(tmp_path, pages):
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(pages[0]), "-o", str(out), "--no-html", "-q"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["build", str(pages[0]), "-o", str(out), "--no-html", "--update"])
    assert result.exit_code == 0, result.output
    assert "pages unchanged" in result.output and "pages added" in result.output
    before = _files(out)
    result = runner.invoke(main, ["build", str(pages[1]), "-o", str(out), "--update", "--engine", "dask"])
    assert result.exit_code == 2
    assert "update: the dask engine cannot update an output" in result.output
    assert _files(out) == before


# --- the update state ------------------------------------------------------------------------------


@pytest.fixture()
def stored_reads(monkeypatch) -> list[str]:
    """The stored extractions files an update reads page by page (a spy on the real reader)."""
    import guanxi.update

    calls: list[str] = []
    real = guanxi.update.read_jsonl

    def spy(path, *args, **kwargs):
        calls.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(guanxi.update, "read_jsonl", spy)
    return calls


def test_a_valid_state_spares_reading_the_stored_pages(tmp_path, pages, stored_reads):
    out, full = tmp_path / "out", tmp_path / "full"
    build(pages[:3], out, html=False)
    assert (out / STATE_FILE).is_file() and (out / INDEX_FILE).is_file()
    report = build(pages[3:], out, html=False, update=True)
    assert report.update["state"] == "used" and stored_reads == []
    build(pages, full, html=False)
    assert_same_output(out, full)

    # Without the state, the same update reads the stored pages, and says why.
    (out / STATE_FILE).unlink()
    report = build(pages[3:], out, html=False, update=True)
    assert report.update["state"] == "the output has no update state"
    assert stored_reads == ["extractions.jsonl"]
    assert_same_output(out, full)


def _damage(state: Path) -> None:
    data = bytearray(state.read_bytes())
    data[len(data) // 2] ^= 0xFF  # a byte of the records (the header is one short line)
    state.write_bytes(bytes(data))


def _other_code(state: Path) -> None:
    header, _, body = state.read_bytes().partition(b"\n")
    data = json.loads(header)
    data["code"] = "0" * 40
    state.write_bytes(json.dumps(data, sort_keys=True).encode() + b"\n" + body)


@pytest.mark.parametrize(
    ("spoil", "why"),
    [
        (_damage, "the update state is damaged (checksum)"),
        (_other_code, "the update state was written by another version of guanxi"),
    ],
)
def test_a_damaged_or_foreign_state_is_not_used_and_the_summary_says_why(tmp_path, pages, stored_reads, spoil, why):
    out, full = tmp_path / "out", tmp_path / "full"
    build(pages[:3], out, html=False)
    spoil(out / STATE_FILE)
    args = ["build", *map(str, pages[3:]), "-o", str(out), "--no-html", "--update"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"update: the stored pages were read again: {why}" in result.output
    assert stored_reads == ["extractions.jsonl"]
    build(pages, full, html=False)
    assert_same_output(out, full)


def test_a_state_of_other_fold_options_is_not_used(tmp_path, pages, stored_reads):
    out, full = tmp_path / "out", tmp_path / "full"
    build(pages[:3], out, html=False)
    report = build(pages[3:], out, html=False, update=True, until="2025-03-18")
    assert report.update["state"] == "the update state was made with other --since/--until/--corrections"
    assert stored_reads == ["extractions.jsonl"]
    build(pages, full, html=False, until="2025-03-18")
    assert_same_output(out, full)
