"""``guanxi corrections``: write lines of a corrections file (docs/corrections.md)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import click

from guanxi.cli import main
from guanxi.graph.corrections import COLUMNS, OPS, CorrectionError, correction_line, person_key


def _line(cells: dict[str, str]) -> str:
    """One checked line of *cells* (:func:`correction_line`); a bad one is a usage error."""
    try:
        return correction_line(**cells)
    except CorrectionError as err:
        raise click.UsageError(str(err)) from None


@main.group("corrections", invoke_without_command=False)
def corrections_command() -> None:
    """Write lines of a corrections file for `guanxi build --corrections` (docs/corrections.md).

    \b
    Examples:
        guanxi corrections line merge 王建国 --to 王建国 --to-home 长治市 >> corrections.csv
        guanxi corrections candidates out/
    """


@corrections_command.command("line")
@click.argument("op", type=click.Choice(OPS))
@click.argument("name")
@click.option("--home", default="", help="The person's home city as on its node (empty: no home).")
@click.option(
    "--to", "to", default="", help="merge: the name kept; rename: the new name; post: the new title."
)
@click.option("--to-home", default="", help="merge: the home of the person kept (default: the same home).")
@click.option(
    "--date", default="", help="split: mentions dated on or after this ISO date are a second person."
)
@click.option(
    "--post",
    default="",
    help="split: mentions holding this title are a second person; post: the title fixed.",
)
@click.option("--header", is_flag=True, help="Print the header line first (a new file).")
def line_command(
    op: str, name: str, home: str, to: str, to_home: str, date: str, post: str, header: bool
) -> None:
    """Print one corrections line (checked) to paste into a corrections file.

    NAME is the person's name (with --home), or its node id as in nodes.jsonl (person:…).
    """
    out = _line(
        {"op": op, "name": name, "home": home, "to": to, "to_home": to_home, "date": date, "post": post}
    )
    if header:
        click.echo(",".join(COLUMNS))
    click.echo(out)


@corrections_command.command("candidates")
@click.argument("out", type=click.Path(exists=True, file_okay=False))
def candidates_command(out: str) -> None:
    """List persons of a build's output folder OUT that may be one: the same name, several nodes.

    Prints a corrections file: each candidate group as comment lines (id, home, kind, articles,
    dates, titles), then a merge line per other home into the person with a home seen in most articles.
    Keep the lines you agree with; comment lines (#) are ignored by the build.
    """
    path = Path(out) / "nodes.jsonl"
    if not path.is_file():
        raise click.UsageError(f"{path}: no such file (is {out} the output folder of `guanxi build`?)")
    groups: dict[str, list[dict]] = defaultdict(list)
    with path.open(encoding="utf-8") as fh:
        for text in fh:
            node = json.loads(text)
            props = node.get("properties", {})
            if node.get("label") == "Person" and props.get("kind") != "journalist":
                groups[props.get("name", "")].append({"id": node["id"], **props})
    click.echo(",".join(COLUMNS))
    for name, persons in sorted(groups.items()):
        if len(persons) < 2:
            continue
        persons.sort(key=lambda p: (not p.get("home"), -p.get("articles", 0), p.get("home", ""), p["id"]))
        click.echo(f"# {name}: {len(persons)} persons")
        for p in persons:
            span = f"{p.get('first_seen', '?')}..{p.get('last_seen', '?')}"
            titles = " ".join(p.get("titles", ()))
            click.echo(
                f"#   {p['id']} home={p.get('home', '')} {p.get('kind')} articles={p.get('articles', 0)} {span} {titles}"
            )
        # Only persons named by name and home merge (graph.corrections.person_key).
        keys = [k for p in persons if (k := _key(p)) is not None and not k[0].startswith("person:")]
        if not keys:
            continue
        keep = keys[0][1]
        for home in sorted({home for _, home in keys[1:]} - {keep}):
            click.echo(_line({"op": "merge", "name": name, "home": home, "to": name, "to_home": keep}))


def _key(props: dict) -> tuple[str, str] | None:
    """The corrections key of a Person node read from nodes.jsonl (its id under ``id``)."""
    return person_key(
        props["id"],
        props.get("name", ""),
        props.get("home") or "",
        props.get("kind", ""),
        props.get("corrected", ()),
    )
