"""``guanxi build`` through click's CliRunner: exit codes, messages, files written."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from guanxi.cli import main
from guanxi.runner import build_from_extractions

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "graph"))
from pages_fixtures import sample_pages


@pytest.fixture()
def extractions(tmp_path: Path) -> Path:
    build_from_extractions(sample_pages(), tmp_path / "first", html=False)
    return tmp_path / "first" / "extractions.jsonl"


def test_help_has_an_example():
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "guanxi build" in result.output


def test_build_from_extractions(tmp_path, extractions):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(extractions), "--from-extractions", "-o", str(out), "--no-html"]
    )
    assert result.exit_code == 0, result.output
    assert str(out / "graph.graphml") in result.output
    assert "Person" in result.output
    assert (out / "graph.gexf").is_file() and not (out / "index.html").exists()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["pages"] == 2 and report["problems"] == []


def test_filters(tmp_path, extractions):
    out = tmp_path / "out"
    args = ["build", str(extractions), "--from-extractions", "-o", str(out), "-q", "--no-html",
            "--label", "Person", "--label", "Organization", "--min-weight", "2", "--since", "2024-05-06"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    labels = {json.loads(x)["label"] for x in (out / "nodes.jsonl").read_text(encoding="utf-8").splitlines()}
    assert labels == {"Person", "Organization"}


def test_missing_input_is_a_usage_error_and_writes_nothing(tmp_path):
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "nope.jsonl"), "--from-extractions", "-o", str(tmp_path / "o"), "-q"]
    )
    assert result.exit_code == 2
    assert f"{tmp_path / 'nope.jsonl'}: no such file or directory" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_bad_date_is_a_usage_error(tmp_path, extractions):
    result = CliRunner().invoke(
        main, ["build", str(extractions), "--from-extractions", "-o", str(tmp_path / "o"), "--since", "May"]
    )
    assert result.exit_code == 2
    assert "is not an ISO date" in result.output


def test_unwritable_output_exits_3(tmp_path, extractions):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(
        main, ["build", str(extractions), "--from-extractions", "-o", str(blocker / "out"), "-q"]
    )
    assert result.exit_code == 3
    assert result.output.startswith("Error: ") and str(blocker / "out") in result.output


def test_build_the_seed_pages(tmp_path, seeds_dir):
    """The whole pipeline on the five seed pages: every file written, the graph reads back."""
    import networkx as nx

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(seeds_dir), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["pages"] == 5 and report["articles"] > 20
    assert len((out / "pages.jsonl").read_text(encoding="utf-8").splitlines()) == 5
    g = nx.read_graphml(out / "graph.graphml")
    officials = {d["label"] for _, d in g.nodes(data=True) if d.get("kind") == "official"}
    assert "杨保春" in officials  # 市委常委、组织部部长 on the first seed page
    assert (out / "index.html").is_file()


def test_summary_tables_and_key_outputs(tmp_path, extractions):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(extractions), "--from-extractions", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = result.output
    # Three tables in this order: what was read, nodes by label, relationships by type.
    assert text.index("Read") < text.index("Nodes") < text.index("Relationships")
    read = text[text.index("Read") : text.index("Nodes")]
    assert "rejected" in read and "Person" not in read and "skipped_articles" not in text
    nodes = text[text.index("Nodes") : text.index("Relationships")]
    assert "Organization" in nodes and "HOLDS_POST" not in nodes
    rels = text[text.index("Relationships") :]
    assert "HOLDS_POST" in rels and "CO_OCCURS" in rels
    # The key outputs on a few lines, not every CSV file; the report page last.
    assert str(out / "graph.graphml") in text and str(out / "neo4j-import") in text
    assert "nodes_Person.csv" not in text and "import.args" in text
    assert text.rstrip().splitlines()[-1] == f"Open {out / 'index.html'} in a browser"


def test_quiet_prints_nothing(tmp_path, extractions):
    result = CliRunner().invoke(
        main, ["build", str(extractions), "--from-extractions", "-o", str(tmp_path / "o"), "-q"]
    )
    assert result.exit_code == 0 and result.output == ""
