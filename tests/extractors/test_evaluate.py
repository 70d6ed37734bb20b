"""guanxi's scorer agrees with the reference scorer (figures in tests/data/eval_expected.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from guanxi.extractors.evaluate import CATEGORIES, EvaluationError, load_gold, rounded, score

from guanxi.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"
GOLD = DATA / "gold_seeds.jsonl"
EXPECTED = json.loads((DATA / "eval_expected.json").read_text(encoding="utf-8"))["expected"]


@pytest.mark.parametrize("pred_file", sorted(EXPECTED))
def test_agrees_with_reference_scorer(pred_file):
    rows = score(load_gold(GOLD), load_gold(DATA / pred_file))
    assert list(rows) == [*CATEGORIES, "person_kind_acc", "article_date_acc"]
    assert rounded(rows) == EXPECTED[pred_file]


def test_keys_are_file_stems():
    pred = load_gold(DATA / "eval_pred_noisy.jsonl")
    assert set(pred) == set(load_gold(GOLD))  # "out/000_….txt" keys as "000_…"


def test_optional_predictions_are_ignored():
    gold = {"p": {"places": ["沁县"], "optional": ["长子", "沁县"]}}
    assert score(gold, {"p": {"places": ["沁县", "长子"]}})["places"] == (1.0, 1.0, 1.0)
    assert score(gold, {"p": {"places": ["长子"]}})["places"] == (0.0, 0.0, 0.0)


def test_title_pairs_strip_home_and_accept_fuller_forms():
    home = {"province": "山西省", "city": "长治市"}
    gold = {"p": {"home": home, "persons": [{"name": "张三", "kind": "official", "titles": ["组织部部长"]}]}}
    pred = {"p": {"persons": [{"name": "张三", "kind": "official", "titles": ["长治市委组织部部长"]}]}}
    assert score(gold, pred)["titles"] == (1.0, 1.0, 1.0)


def test_missing_page_counts_as_empty():
    gold = {"p": {"places": ["沁县"]}, "q": {"places": ["太原"]}}
    assert score(gold, {"p": {"places": ["沁县"]}})["places"] == (1.0, 0.5, 2 / 3)


def test_bad_line_names_path_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"file": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"bad\.jsonl:2: invalid JSON"):
        load_gold(bad)


def test_cli_json_matches_reference():
    name = "eval_pred_dropped.jsonl"
    result = CliRunner().invoke(main, ["eval", str(GOLD), str(DATA / name), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == EXPECTED[name]


def test_cli_table():
    result = CliRunner().invoke(main, ["eval", str(GOLD), str(DATA / "eval_pred_partial.jsonl")])
    assert result.exit_code == 0, result.output
    assert "places" in result.output
    assert "pages missing from pred: 2" in result.output


def test_cli_bad_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("[1, 2]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(GOLD), str(bad)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {bad}:1: expected a JSON object, got a JSON array"
