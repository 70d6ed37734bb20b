"""``guanxi build``: pages in, knowledge graph folder out."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from guanxi.cli import main
from guanxi.cli.common import fatal, home_option, inputs_argument, problem_line, quiet_option
from guanxi.cli.progress import StageProgress, build_progress
from guanxi.errors import GuanxiError, NothingReadError
from guanxi.graph.aggregate import COOCCURRENCE
from guanxi.graph.corrections import CorrectionError, Corrections, load_corrections
from guanxi.graph.schema import NodeLabel, RelType
from guanxi.options import BuildOptions, EngineOptions, LoadOptions, OptionError, iso_date, split_options
from guanxi.report import RunReport

_LABELS = [str(x) for x in NodeLabel]


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return iso_date(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None


def _corrections(ctx: click.Context, param: click.Parameter, value: str | None) -> Corrections | None:
    """Read the corrections file when the command line is read: a bad one stops before any output."""
    if value is None:
        return None
    try:
        return load_corrections(value)
    except CorrectionError as err:
        raise click.BadParameter(str(err)) from None


@main.command("build")
@inputs_argument
@click.option(
    "-o",
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help="Output folder: made, or replaced when empty or written by guanxi (a symbolic link is followed).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace OUT even when it holds files guanxi did not write (they are deleted).",
)
@home_option
@click.option(
    "-j", "--jobs", default=1, show_default=True, type=click.IntRange(1), help="Extraction processes."
)
@click.option(
    "--label",
    "labels",
    multiple=True,
    type=click.Choice(_LABELS),
    help="Export only nodes of this label (repeatable; default: all).",
)
@click.option(
    "--min-weight", default=1, show_default=True, type=click.IntRange(1), help="Minimum CO_OCCURS weight."
)
@click.option("--since", callback=_date, help="Only articles dated on or after this ISO date.")
@click.option("--until", callback=_date, help="Only articles dated on or before this ISO date.")
@click.option(
    "--window", default=2, show_default=True, type=click.IntRange(0), help="Sentence window of co-occurrence."
)
@click.option(
    "--cooccurrence",
    type=click.Choice(COOCCURRENCE),
    default="present",
    show_default=True,
    help="Persons co-occur through their present mentions only, or through all (docs/schema.md).",
)
@click.option(
    "--from-extractions",
    is_flag=True,
    help="PATHs are extractions.jsonl files (guanxi extract, an earlier build): skip extraction.",
)
@click.option(
    "--update",
    is_flag=True,
    help="Add the PATHs to the pages of OUT: pages already there with the same content are not extracted again (docs/updates.md).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: one process (small corpora); dask: a Dask cluster (docs/scale.md).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --engine dask: connect to this scheduler (tcp://host:8786) instead of starting a LocalCluster.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1),
    help="With --engine dask and no --scheduler: worker processes of the LocalCluster.",
)
@click.option(
    "--memory-limit", metavar="SIZE", help="With --engine dask: memory per LocalCluster worker (4GiB)."
)
@click.option(
    "--corrections",
    callback=_corrections,
    metavar="FILE",
    help="Hand corrections of persons (merge, split, rename, drop, fix a post): a CSV file, docs/corrections.md.",
)
@click.option("--no-html", is_flag=True, help="Do not write the report page index.html.")
@click.option(
    "--neo4j",
    "to_neo4j",
    is_flag=True,
    help="Then load OUT into Neo4j like `guanxi load OUT` (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE).",
)
@quiet_option
def build_command(
    paths: tuple[str, ...], out: str, no_html: bool, to_neo4j: bool, quiet: bool, **settings: Any
) -> None:
    """Build the knowledge graph of newspaper pages into the folder OUT.

    PATH is a page (.txt/.md), an e-paper PDF, a saved web page (.html/.htm/.mht), a JSONL file of
    article records, a folder of them, or - for stdin.
    OUT receives articles.jsonl, extractions.jsonl, pages.jsonl, nodes.jsonl, edges.jsonl,
    graph.graphml, graph.gexf, graph.json, neo4j-import/, careers.csv, appointments.csv,
    report.json and index.html, the marker .guanxi-output that lists them, and two caches that
    --update reads (.guanxi-update-state, .guanxi-export-index). OUT is replaced in one step at the end, and only
    when it is empty or holds nothing but what guanxi wrote there (else exit code 2, unless
    --force). A lock file .OUT.lock beside OUT keeps a second run from writing OUT at the same
    time (it stops with exit code 3). When no input could be read, or the run fails or is
    interrupted, OUT is left as it was. Exit code 1 when some inputs were rejected.

    \b
    Example:
        guanxi build seeds/ -o out --home 山西省/长治市
        guanxi build corpus.jsonl -o out --label Person --label Organization --min-weight 2
        guanxi build out/extractions.jsonl --from-extractions -o out2 --since 2024-01-01
        guanxi build today/ -o out --update
        guanxi build seeds/ -o out --neo4j
        guanxi build corpus/ -o out --engine dask --workers 4
        guanxi build corpus/ -o out --engine dask --scheduler tcp://scheduler-host:8786
    """
    from guanxi.runner import build

    # The other options are named after the attributes of BuildOptions and EngineOptions.
    settings["labels"] = list(settings["labels"]) or None  # no --label: every label
    try:
        options, engine = split_options(
            settings, BuildOptions(html=not no_html), EngineOptions, where="build"
        )
    except OptionError as e:
        raise click.UsageError(str(e)) from None
    err = Console(stderr=True)
    with StageProgress("build", quiet=quiet, console=err) as bar:
        stored = Path(out) / "extractions.jsonl"
        # An update builds from the stored pages and the new ones: the count covers both.
        counted = [*paths, str(stored)] if options.update and stored.is_file() else paths
        progress = build_progress(
            bar, counted, engine=engine.engine, from_extractions=options.from_extractions
        )

        def started(info) -> None:
            if not quiet:
                where = info.dashboard or "not served (pip install bokeh)"
                # soft_wrap: the address stays on one line, whole, for a click or a copy.
                err.print(
                    f"Dask scheduler {info.scheduler}, {info.workers} workers; dashboard: {where}",
                    soft_wrap=True,
                )

        try:
            report = build(list(paths), out, options, engine, progress=progress, on_cluster=started)
        except OptionError as e:
            bar.stop()
            raise click.UsageError(str(e)) from None
        except GuanxiError as e:
            bar.stop()
            if isinstance(e, NothingReadError) and isinstance(e.report, RunReport):
                for p in e.report.problems:
                    click.echo(problem_line(p), err=True)
            fatal(e)
    for p in report.problems:
        click.echo(problem_line(p), err=True)  # one unwrapped line per problem
    if not quiet:
        _summary(report, Path(out), err)
    if to_neo4j:
        from guanxi.cli.load import load_out_dir

        # The connection comes from the environment, as for `guanxi load OUT` without options.
        # The worse of the two exit codes: a rejected input (1) or a failed load (3) both show.
        sys.exit(max(report.exit_code, load_out_dir(out, LoadOptions(), quiet=quiet)))
    sys.exit(report.exit_code)


def _count_table(title: str, head: str, rows: list[tuple[str, int]], *, total: bool = True) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(head)
    table.add_column("count", justify="right")
    for key, value in rows:
        table.add_row(key, str(value))
    if total:
        table.add_section()
        table.add_row("total", str(sum(v for _, v in rows)))
    return table


_NAMED_FILES = 10  # files named in the summary; report.json lists them all


def _without_home_lines(report: RunReport) -> list[str]:
    """One line per file with pages whose home could not be determined (bare 市委 left bare)."""
    if not report.without_home:
        return []
    files = sorted(report.without_home.items())
    n = report.pages_without_home
    lines = [
        f"{n} page{'s' if n != 1 else ''} without a home: their bare 市委/县委 are left unqualified"
        " (give --home, or a record's home or source)"
    ]
    lines += [f"  {len(ids):>6}  {path}" for path, ids in files[:_NAMED_FILES]]
    if len(files) > _NAMED_FILES:
        lines.append(f"  ... {len(files) - _NAMED_FILES} more files in report.json (without_home)")
    persons = report.persons_without_home
    if persons.get("joined") or persons.get("ambiguous"):
        # Their persons join the one namesake with a home; the ambiguous ones are left apart.
        names = persons["ambiguous_names"]
        lines.append(
            f"  their person mentions: {persons['joined']} joined the one person of the name with a home,"
            f" {persons['ambiguous']} kept apart ({names} name{'s' if names != 1 else ''} held by several:"
            " report.json without_home.persons)"
        )
    return lines


def _correction_lines(report: RunReport) -> list[str]:
    """How many hand corrections changed the graph, and each one that matched nothing."""
    if not report.corrections:
        return []
    missed = [c for c in report.corrections if c["status"] != "applied"]
    lines = [f"{len(report.corrections) - len(missed)} of {len(report.corrections)} corrections applied"]
    lines += [f"  not matched  {c['line']}: {c['op']} {c['name']}" for c in missed]
    return lines


def _update_lines(report: RunReport) -> list[str]:
    """Whether an update took the stored pages from the output's update state, and if not why."""
    state = (report.update or {}).get("state")
    if state is None or (state == "no stored pages" and not report.update.get("kept")):
        return []
    if state == "used":
        return ["update: the stored pages were taken from the update state (not read again)"]
    return [f"update: the stored pages were read again: {state}"]


def _summary(report: RunReport, out: Path, console: Console) -> None:
    """What was read, the graph by node label and by relationship type, then where to look."""
    read = [
        ("inputs", report.inputs),
        ("pages", report.pages),
        ("articles", report.articles),
        ("rejected", len(report.problems)),
    ]
    if report.without_home:  # bare 市委/县委 on them stay unqualified: say so, with the files
        read.append(("without a home", report.pages_without_home))
    if report.update is not None:  # what --update did with the pages
        read += [(f"pages {k}", v) for k, v in report.update.items() if isinstance(v, int)]
    if report.counts.get("skipped_articles"):
        read.append(("outside --since/--until", report.counts["skipped_articles"]))
    labels = [(str(x), report.counts.get(str(x), 0)) for x in NodeLabel]
    rels = [(str(x), report.counts[str(x)]) for x in RelType if report.counts.get(str(x))]
    console.print(_count_table("Read", "what", read, total=False))
    console.print(_count_table("Nodes", "label", labels))
    console.print(_count_table("Relationships", "type", rels))
    # Plain lines, not rich: a long path must stay on one line to be copied.
    lines = [
        *_without_home_lines(report), *_correction_lines(report), *_update_lines(report), f"Wrote {out}{os.sep}"
    ]  # fmt: skip
    if (out / "index.html").is_file():
        lines.append(f"  report page    {out / 'index.html'}")
    lines += [
        f"  Gephi          {out / 'graph.graphml'}  {out / 'graph.gexf'}",
        f"  networkx JSON  {out / 'graph.json'}",
        f"  JSON lines     {out / 'nodes.jsonl'}  {out / 'edges.jsonl'}",
        f"  Neo4j import   {out / 'neo4j-import'}{os.sep}  (neo4j-admin database import full @import.args)",
        f"  careers        {out / 'careers.csv'}  {out / 'appointments.csv'}",
    ]
    for line in lines:
        click.echo(line, err=True)
    if (out / "index.html").is_file():
        click.echo(f"Open {out / 'index.html'} in a browser", err=True)
