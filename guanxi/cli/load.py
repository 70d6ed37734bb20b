"""``guanxi load``: the graph folder of ``guanxi build`` into a running Neo4j server.

Connection settings come from ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` (see docs/neo4j.md); ``--uri``, ``--user`` and ``--database`` override them and
``--password-stdin`` reads the password from the first line of stdin. The password is never
printed. The load itself is :class:`guanxi.graph.neo4j.Neo4jLoader` (batched ``UNWIND ... MERGE`` in
managed transactions), so loading twice, or rerunning after an interrupted load, converges. A folder
loaded before into the same database sends only what changed since (:mod:`guanxi.graph.neo4j_diff`).

Exit codes: 0 loaded; 1 loaded, but some records were skipped (printed on stderr); 2 usage (also
a URI that is no Bolt URI, or carries a user or password); 3 fatal (server down, no or wrong password,
unknown database, connection lost mid-load).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from guanxi.cli import main
from guanxi.cli.common import EXIT_FATAL, EXIT_OK, EXIT_REJECTED, problem_line
from guanxi.errors import GuanxiError, Neo4jError
from guanxi.options import LoadOptions, OptionError

__all__ = ["RETRY_SECONDS", "load_command", "load_out_dir", "wipe_guanxi"]

RETRY_SECONDS = 5.0
"""How long the driver retries a failed write transaction (its default is 30 s)."""

EXIT_USAGE = click.UsageError.exit_code
"""2, as click gives for a bad option: a Bolt URI that cannot be used."""


def _one_line(text: str) -> str:
    """Driver messages can span lines; a user-facing error is one line."""
    return " ".join(str(text).split())


def _settings(options: LoadOptions):
    """The connection: the environment's settings, with those the options give instead."""
    from guanxi.graph.neo4j import Neo4jSettings

    settings = Neo4jSettings.from_env()
    changes: dict[str, Any] = {}
    if options.uri:
        changes["uri"] = options.uri
    if options.user:
        changes["username"] = options.user
    if options.database:
        changes["database"] = options.database
    if options.password is not None:
        changes["password"] = options.password
    return dataclasses.replace(settings, **changes)


def _check_database(driver, settings) -> None:
    """Fail early, with one line, when the database does not exist or is not available."""
    from neo4j.exceptions import ClientError, DatabaseUnavailable

    try:
        driver.execute_query("RETURN 1", database_=settings.database)
    except ClientError as e:
        if e.code and "DatabaseNotFound" in e.code:
            raise Neo4jError(
                f"{settings.uri}: database {settings.database!r} does not exist "
                "(Neo4j Community has one user database, neo4j; see SHOW DATABASES)"
            ) from e
        raise Neo4jError(f"{settings.uri}: database {settings.database!r}: {_one_line(e.message)}") from e
    except DatabaseUnavailable as e:
        raise Neo4jError(f"{settings.uri}: database {settings.database!r} is not available") from e


def wipe_guanxi(driver, database: str, *, batch: int = 10_000) -> int:
    """Delete every node carrying one of guanxi's labels (and its relationships); return how many.

    Only the labels of :class:`~guanxi.graph.schema.NodeLabel` are touched, and the marker of
    the recorded load (:mod:`guanxi.graph.neo4j_diff`): other data in the database stays.
    Deletes BATCH nodes per transaction, so a big graph needs no huge transaction (and no
    ``CALL {...} IN TRANSACTIONS``, whose syntax changed within 5.x).
    """
    from guanxi.graph.cypher import quote
    from guanxi.graph.neo4j_diff import remove_marker
    from guanxi.graph.schema import NodeLabel

    remove_marker(driver, database)
    deleted = 0
    for label in NodeLabel:
        # The label comes from the enum only; no text from data or options reaches the query.
        query = f"MATCH (n:{quote(label.value)}) WITH n LIMIT $batch DETACH DELETE n RETURN count(*) AS c"
        while True:
            records = driver.execute_query(query, batch=batch, database_=database).records
            deleted += records[0]["c"]
            if records[0]["c"] < batch:
                break
    return deleted


def _counts(driver, database: str) -> dict[str, int]:
    """Nodes per guanxi label and relationships per guanxi type (from the count store: cheap)."""
    from guanxi.graph.cypher import quote
    from guanxi.graph.schema import NodeLabel, RelType

    out: dict[str, int] = {}
    for label in NodeLabel:
        query = f"MATCH (n:{quote(label.value)}) RETURN count(n) AS c"
        out[label.value] = driver.execute_query(query, database_=database).records[0]["c"]
    for rel in RelType:
        query = f"MATCH ()-[r:{quote(rel.value)}]->() RETURN count(r) AS c"
        out[rel.value] = driver.execute_query(query, database_=database).records[0]["c"]
    return out


def _table(
    title: str, kind: str, names: list[str], report, before: dict[str, int], after: dict[str, int]
) -> Table:
    """Per label/type: rows loaded, of those created and matched, deleted, and now in the database."""
    table = Table(title=title)
    table.add_column(kind)
    for name in ("loaded", "created", "matched", "deleted", "in database"):
        table.add_column(name, justify="right")
    for name in names:
        sent, deleted = report.sent.get(name, 0), report.deleted.get(name, 0)
        created = after[name] - before[name] + deleted
        row = (sent, created, sent - created, deleted, after[name])
        table.add_row(name, *map(str, row))
    return table


def load_out_dir(
    out_dir: str | Path, options: LoadOptions | None = None, *, quiet: bool = False, as_json: bool = False
) -> int:
    """Load OUT_DIR into Neo4j with a progress bar and a summary table; return the exit code.

    Shared by ``guanxi load`` and ``guanxi build --neo4j``. Connection settings the
    :class:`~guanxi.options.LoadOptions` leave None come from the environment. *quiet*: no
    progress bar or summary; *as_json*: the load report as JSON on stdout. Fatal errors are
    printed as one ``Error: ...`` line and give ``EXIT_FATAL``.
    """
    from guanxi.graph.neo4j import Neo4jLoader, read_graph_jsonl, uri_problem
    from guanxi.graph.neo4j_diff import load_out
    from guanxi.graph.schema import NodeLabel, RelType

    # The driver logs connection failures itself (Python's last-resort handler would print them
    # on stderr); the user gets our one line instead.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    logging.getLogger("neo4j").propagate = False
    err = Console(stderr=True)
    options = options or LoadOptions()
    settings = _settings(options)
    problem = uri_problem(settings.uri)
    if problem:  # before reading the graph: a usage error, named after where the URI came from
        click.echo(f"Error: {'--uri' if options.uri else 'NEO4J_URI'}: {problem}", err=True)
        return EXIT_USAGE
    try:
        nodes, edges, problems = read_graph_jsonl(out_dir)
        # A short retry budget: a dead server fails in seconds with one line, not after 30 s.
        driver = settings.driver(max_transaction_retry_time=RETRY_SECONDS)
    except GuanxiError as e:
        click.echo(f"Error: {_one_line(str(e))}", err=True)
        return EXIT_FATAL
    try:
        with driver:
            _check_database(driver, settings)
            if options.wipe:
                deleted = wipe_guanxi(driver, settings.database)
                if not quiet:
                    click.echo(f"guanxi: wiped {deleted} guanxi nodes from {settings.database!r}", err=True)
            loader = Neo4jLoader(
                driver, settings.database, batch_size=options.batch_size, sessions=options.sessions
            )
            loader.ensure_schema()
            before = _counts(driver, settings.database)
            with Progress(
                TextColumn("{task.description:<14}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                disable=quiet,
                transient=True,
            ) as bar:
                tasks: dict[str, Any] = {}

                def progress(kind: str, done: int, total: int) -> None:
                    if kind not in tasks:
                        tasks[kind] = bar.add_task(kind, total=total)
                    bar.update(tasks[kind], completed=done, total=total)

                report = load_out(
                    loader, out_dir, nodes, edges, problems, full=options.full, progress=progress
                )
            after = _counts(driver, settings.database)
    except GuanxiError as e:  # LoadInterrupted too: its message says how far it got
        click.echo(f"Error: {_one_line(str(e))}", err=True)
        return EXIT_FATAL
    except Exception as e:  # the driver's own errors (a dropped connection while counting, ...)
        from neo4j.exceptions import DriverError
        from neo4j.exceptions import Neo4jError as DriverNeo4jError

        if not isinstance(e, DriverError | DriverNeo4jError | OSError):
            raise
        click.echo(f"Error: {settings.uri}: {_one_line(str(e)) or type(e).__name__}", err=True)
        return EXIT_FATAL

    for problem in report.problems:
        click.echo(problem_line(problem), err=True)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True))
    if not quiet:
        mode = {"changes": "change-only load", "full": "full load"}[report.mode]
        click.echo(f"guanxi: {mode}: {report.reason}", err=True)
        title = f"guanxi load {out_dir} -> {settings.uri} ({settings.database})"
        err.print(_table(title, "nodes", [x.value for x in NodeLabel], report, before, after))
        err.print(_table("", "relationships", [x.value for x in RelType], report, before, after))
        if report.retries:
            err.print(
                f"{report.retries} transaction attempt(s) failed on a transient error (such as a "
                "deadlock between sessions) and were retried; every batch was written once"
            )
    return EXIT_REJECTED if report.problems else EXIT_OK


@main.command("load")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--uri", help="Bolt URI (default: $NEO4J_URI, else bolt://127.0.0.1:7687).")
@click.option("--user", help="User name (default: $NEO4J_USERNAME, else neo4j).")
@click.option("--database", help="Database (default: $NEO4J_DATABASE, else neo4j).")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of stdin (default: $NEO4J_PASSWORD; none = no auth).",
)
@click.option(
    "--batch-size",
    default=1000,
    show_default=True,
    type=click.IntRange(1),
    help="Node rows per transaction (relationships: 5 times as many).",
)
@click.option(
    "--sessions",
    default=2,
    show_default=True,
    type=click.IntRange(1),
    help="Transactions written at once, on batches of disjoint labels (1: strictly in order).",
)
@click.option(
    "--full",
    is_flag=True,
    help="Send the whole graph, merged into what is there, even when only the changes since this "
    "folder's recorded load could be sent.",
)
@click.option("--wipe", is_flag=True, help="First delete every node with a guanxi label (needs --yes).")
@click.option("--yes", is_flag=True, help="Confirm --wipe.")
@click.option("--json", "as_json", is_flag=True, help="Print the load report as JSON on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
def load_command(
    out_dir: str, password_stdin: bool, yes: bool, as_json: bool, quiet: bool, **settings: Any
) -> None:
    """Load OUT_DIR (nodes.jsonl and edges.jsonl of `guanxi build`) into Neo4j.

    When the database holds this folder's graph as last loaded (a record of the load is kept
    beside the folder, .OUT.neo4j-load.json.gz, and a marker in the database), only what changed
    since is sent: new and changed records are written with exactly their new properties, records
    no longer in the graph are deleted, the rest is left alone; the result equals a load of the
    folder into an empty database.

    Otherwise (first load, another folder or database, --full) every record is merged on its
    stable id: loading the build of an overlapping corpus adds what is new and merges what was
    there (article lists united, first seen the earliest, last seen the latest, counts the
    larger). A rerun after an interrupted load finishes it. Uniqueness constraints on ids and
    name indexes are created first.

    \b
    Example:
        eval "$(scripts/neo4j-local env)"
        guanxi load out
        printf '%s\\n' "$PW" | guanxi load out --uri bolt://db:7687 --user neo4j --password-stdin
        guanxi load out --full
        guanxi load out --wipe --yes
    """
    # The other options are named after the attributes of LoadOptions.
    if settings["wipe"] and not yes:
        raise click.UsageError("--wipe deletes every guanxi node in the database; add --yes to confirm")
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.UsageError("--password-stdin: stdin gave no password")
    try:
        options = LoadOptions(password=password, **settings)
    except OptionError as e:
        raise click.UsageError(str(e)) from None
    sys.exit(load_out_dir(out_dir, options, quiet=quiet, as_json=as_json))
