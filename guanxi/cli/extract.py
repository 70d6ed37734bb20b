"""``guanxi extract``: pages in, one JSON line per page in the gold schema out."""

from __future__ import annotations

import json

import click

from guanxi.cli import main
from guanxi.cli.common import Run, home_option, inputs_argument, open_output, output_option, quiet_option
from guanxi.model import Home
from guanxi.outputs import check_stop


@main.command("extract")
@inputs_argument
@home_option
@output_option
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes."
)
@click.option(
    "--full",
    is_flag=True,
    help="Write PageExtraction records (articles, persons with posts and offsets...) instead of the gold schema.",
)
@quiet_option
def extract_command(
    paths: tuple[str, ...], home: Home | None, output: str, jobs: int, full: bool, quiet: bool
) -> None:
    """Extract persons, organizations, places and events; one JSON line per page.

    PATH is a page (.txt/.md), an e-paper PDF, a saved web page (.html/.htm/.mht), a JSONL file of
    article records (each line: id or file, text, optional home), a folder of them, or - for stdin. Each output line follows the gold schema
    (file, home, articles, persons, organizations, places, optional, events) plus extra keys:
    canonical posts and their bodies, offsets of every mention, organization types, division codes.
    A rejected input prints one line ``guanxi: PATH:LINE: reason`` on stderr and sets exit code 1.

    \b
    Example:
        guanxi extract seeds/ -o pages.jsonl
        guanxi extract corpus.jsonl --home 山西省/长治市 --jobs 2 -o pages.jsonl
    """
    from guanxi.extractors.extract import extract_pages
    from guanxi.extractors.gold import to_gold

    # The pipeline loads with the first page (some seconds): the progress says so until it is done.
    with Run("extract", quiet=quiet, stage="loading model") as run, open_output(output, run) as out:
        pages = run.pages(paths, home=home, count=False)
        for px in extract_pages(pages, jobs=jobs, home=home, on_problem=run.problem):
            check_stop()  # with --jobs, the pages are read in a pool thread: check here too
            run.done()
            run.stage("extracting")
            run.count("articles", len(px.articles))
            run.count("persons", sum(len(a.persons) for a in px.articles))
            run.count("events", sum(len(a.events) for a in px.articles))
            rec = px.to_dict() if full else to_gold(px)
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    run.exit()
