"""``guanxi eval``: score a prediction file against gold, as the reference scorer does."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from guanxi.cli import main
from guanxi.errors import GuanxiError
from guanxi.extractors.evaluate import load_gold, rounded, score


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("pred", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--json", "as_json", is_flag=True, help="Print the scores as one JSON object (as score.py --json)."
)
def evaluate(gold: str, pred: str, as_json: bool) -> None:
    """Score PRED (gold-schema JSONL, e.g. OUT/pages.jsonl) against GOLD.

    Per-page micro precision, recall and F1 for articles, reporters, persons, officials, titles,
    organizations, places and event roles; predictions matching a page's optional items are ignored.

    \b
    Example:
        guanxi eval tests/data/gold_seeds.jsonl out/pages.jsonl
        guanxi eval gold.jsonl pages.jsonl --json
    """
    try:
        gold_pages, pred_pages = load_gold(gold), load_gold(pred)
    except GuanxiError as err:
        raise click.ClickException(str(err)) from err
    rows = score(gold_pages, pred_pages)
    if as_json:
        click.echo(json.dumps(rounded(rows), ensure_ascii=False))
        return
    table = Table(title=f"{pred} vs {gold}")
    for col in ("category", "P", "R", "F1"):
        table.add_column(col, justify="left" if col == "category" else "right")
    for name, values in rows.items():
        if len(values) == 3:
            table.add_row(name, *(f"{v:.3f}" for v in values))
        else:
            table.add_row(name, f"acc {values[0]:.3f}", "", "")
    console = Console()
    console.print(table)
    missing = sum(1 for k in gold_pages if k not in pred_pages)
    if missing:
        console.print(f"pages missing from pred: {missing}")
