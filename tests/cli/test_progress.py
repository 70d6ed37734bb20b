"""What a user sees while a command runs and after: progress stages, totals, summaries, the command list."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from guanxi.graph.export import EXPORT_FORMATS
from rich.console import Console

from guanxi.cli import main
from guanxi.cli.progress import StageProgress, count_lines, count_pages
from guanxi.runner import build_from_extractions, read_extractions

RECORD = {"id": "r1", "text": "本报讯 3月2日，市委召开全市工作会议。市长李建华出席会议并讲话。"}


def _stderr_lines(result) -> list[str]:
    return result.stderr.splitlines()


def _shows(lines: list[str], state: str) -> bool:
    """A line says STATE (then maybe the time elapsed, which the test cannot know)."""
    return any(line == state or line.startswith(f"{state}, ") for line in lines)


# --- guanxi --help --------------------------------------------------------------------------------


def test_command_list_shows_whole_first_sentences():
    result = CliRunner().invoke(main, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    commands = result.output.split("Commands:", 1)[1]
    assert "Score PRED (gold-schema JSONL, e.g. OUT/pages.jsonl) against GOLD." in commands
    assert "..." not in commands
    for name, command in main.commands.items():
        first = command.help.split("\n\n")[0].split(". ")[0].split()[:4]  # its opening words
        assert re.search(rf"^  {name} +{re.escape(' '.join(first))}", commands, re.M), name


# --- totals ---------------------------------------------------------------------------------------


def test_count_lines_by_byte_scan(tmp_path: Path):
    cases = {b"": 0, b"a": 1, b"a\n": 1, b"a\nb": 2, b"a\n\nb\n": 3, "记录\n".encode() * 70_000: 70_000}
    for i, (data, want) in enumerate(cases.items()):
        path = tmp_path / f"{i}.jsonl"
        path.write_bytes(data)
        assert count_lines(path) == want, data[:20]


def test_count_pages_files_and_records(tmp_path: Path, seeds_dir: Path):
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder / "seeds")
    lines = "\n".join(json.dumps({**RECORD, "id": f"r{i}"}, ensure_ascii=False) for i in range(7))
    (folder / "records.jsonl").write_text(lines + "\n", encoding="utf-8")
    (folder / "notes.csv").write_text("not an input\n", encoding="utf-8")
    seeds = len(list(seeds_dir.glob("*.txt")))
    assert count_pages([folder]) == seeds + 7
    assert count_pages([folder / "records.jsonl", tmp_path / "missing.txt"]) == 8
    assert count_pages([folder, "-"]) is None  # stdin cannot be counted ahead


# --- articles and extract, stderr no terminal ----------------------------------------------------


def test_articles_shows_the_total_and_a_summary_line(tmp_path: Path, seed_paths: list[Path]):
    records = tmp_path / "records.jsonl"
    records.write_text(
        "\n".join(json.dumps({**RECORD, "id": f"r{i}"}, ensure_ascii=False) for i in range(3)) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "a.jsonl"
    result = CliRunner().invoke(main, ["articles", str(seed_paths[0]), str(records), "-o", str(out)])
    assert result.exit_code == 0, result.output
    articles = len(out.read_text(encoding="utf-8").splitlines())
    lines = _stderr_lines(result)
    assert lines[0] == "guanxi articles: reading 0/4 pages (0%)"
    assert _shows(lines, "guanxi articles: reading 4/4 pages (100%)")
    assert lines[-1].startswith(f"guanxi articles: inputs 2, pages 4, articles {articles}, ")
    assert lines[-1].endswith(", problems 0")


def test_extract_shows_the_model_loading_then_pages_and_a_summary(tmp_path: Path, seed_paths: list[Path]):
    out = tmp_path / "pages.jsonl"
    result = CliRunner().invoke(main, ["extract", *map(str, seed_paths[:2]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    pages = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    lines = _stderr_lines(result)
    assert lines[0] == "guanxi extract: loading model 0/2 pages (0%)"
    loading = [i for i, line in enumerate(lines) if line.startswith("guanxi extract: loading model")]
    extracting = [i for i, line in enumerate(lines) if line.startswith("guanxi extract: extracting")]
    assert loading and extracting and max(loading) < min(extracting)
    assert _shows(lines[extracting[-1] :], "guanxi extract: extracting 2/2 pages (100%)")
    articles = sum(len(p["articles"]) for p in pages)
    assert lines[-1].startswith(f"guanxi extract: inputs 2, pages 2, articles {articles}, ")
    assert lines[-1].endswith(", problems 0")


def test_quiet_prints_only_problem_lines(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(RECORD, ensure_ascii=False) + "\nnot json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["articles", str(bad), "-q", "-o", str(tmp_path / "a.jsonl")])
    assert result.exit_code == 1
    assert [line.split(": ")[1] for line in _stderr_lines(result)] == [f"{bad}:2"]


# --- build ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, seed_paths: list[Path]):
    """``guanxi build`` of two seed pages: the result and the output folder."""
    out = tmp_path_factory.mktemp("build") / "out"
    result = CliRunner().invoke(main, ["build", *map(str, seed_paths[:2]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result, out


def test_build_shows_each_stage_with_counts(built):
    result, _ = built
    lines = [line for line in _stderr_lines(result) if line.startswith("guanxi build: ")]
    assert lines[0] == "guanxi build: loading model 0/2 pages (0%)"
    assert _shows(lines, "guanxi build: extracting 2/2 pages (100%)")
    assert _shows(lines, "guanxi build: exporting 0/7 formats (0%)")
    assert _shows(lines, "guanxi build: exporting 7/7 formats (100%)")
    order = ["loading model", "extracting", "resolving", "exporting"]
    seen = [next(s for s in order if line.startswith(f"guanxi build: {s}")) for line in lines]
    assert seen == sorted(seen, key=order.index) and set(seen) == set(order)


def test_build_from_extractions_counts_records(tmp_path: Path, built):
    src = built[1] / "extractions.jsonl"
    n = len(src.read_text(encoding="utf-8").splitlines())
    result = CliRunner().invoke(main, ["build", str(src), "--from-extractions", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    lines = _stderr_lines(result)
    assert lines[0] == f"guanxi build: reading 0/{n} pages (0%)"
    assert _shows(lines, f"guanxi build: reading {n}/{n} pages (100%)")


@pytest.mark.parametrize(("html", "formats"), [(True, 7), (False, 6)])
def test_the_export_stage_counts_formats(tmp_path: Path, built, html: bool, formats: int):
    seen: list[tuple[str, int, int | None]] = []
    pages = read_extractions(built[1] / "extractions.jsonl")
    build_from_extractions(pages, tmp_path / "o", html=html, progress=lambda *a: seen.append(a))
    exports = [(done, total) for stage, done, total in seen if stage == "export"]
    # write_all's six formats (JSON lines, GraphML, GEXF, JSON, Neo4j CSV, career tables), written
    # together from one read of the graph and counted by the share of its records written, then the page.
    done = [d for d, _ in exports]
    assert {t for _, t in exports} == {formats}
    assert done[0] == 0 and done[-1] == formats and done == sorted(set(done))
    assert EXPORT_FORMATS in done  # the formats are counted done before the page is written


# --- the display itself -----------------------------------------------------------------------------


class Clock:
    """A clock the test moves by hand (the display reads time through it)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_every_period_with_time_left():
    text, clock = io.StringIO(), Clock()
    console = Console(file=text, force_terminal=False, width=60)
    with StageProgress("build", console=console, every=10, clock=clock) as shown:
        shown.stage("extracting", total=400, unit="pages")
        for _ in range(240):
            clock.now += 0.125  # 8 pages a second, for 30 s
            shown.advance()
        shown.stage("exporting", total=5, unit="formats")
        clock.now += 2
        shown.update(5)
    # A line when a stage starts, one every 10 s with the time left at that pace, one when it ends
    # (unless it says nothing new); never wrapped, though the console is 60 columns wide.
    assert text.getvalue().splitlines() == [
        "guanxi build: extracting 0/400 pages (0%)",
        "guanxi build: extracting 80/400 pages (20%), 0:00:10 elapsed, about 0:00:40 left",
        "guanxi build: extracting 160/400 pages (40%), 0:00:20 elapsed, about 0:00:30 left",
        "guanxi build: extracting 240/400 pages (60%), 0:00:30 elapsed, about 0:00:20 left",
        "guanxi build: exporting 0/5 formats (0%)",
        "guanxi build: exporting 5/5 formats (100%), 0:00:02 elapsed",
    ]


def test_a_terminal_gets_a_bar_with_percentage_count_and_time_left():
    text = io.StringIO()
    console = Console(file=text, force_terminal=True, width=120, color_system=None)
    with StageProgress("build", console=console) as shown:
        shown.stage("extracting", total=8, unit="pages")
        for _ in range(6):
            shown.advance()
    out = text.getvalue()
    assert "extracting" in out and "75%" in out and "6/8" in out and "pages" in out
    assert "guanxi build:" not in out  # no plain lines on a terminal


@pytest.mark.parametrize("terminal", [True, False])
def test_quiet_display_shows_nothing(terminal: bool):
    text = io.StringIO()
    with StageProgress("build", quiet=True, console=Console(file=text, force_terminal=terminal)) as shown:
        shown.stage("extracting", total=3, unit="pages")
        shown.advance(3)
    assert text.getvalue() == ""
