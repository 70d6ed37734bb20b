"""``guanxi show``: one page rendered as HTML with displaCy, entities and titles highlighted."""

from __future__ import annotations

import click

from guanxi.cli import main
from guanxi.cli.common import Run, fatal, home_option, inputs_argument
from guanxi.errors import OutputError
from guanxi.model import Home
from guanxi.outputs import atomic_open


@main.command("show")
@inputs_argument
@home_option
@click.option(
    "-o",
    "--output",
    default="page.html",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="HTML file to write.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many pages."
)
def show_command(paths: tuple[str, ...], home: Home | None, output: str, limit: int) -> None:
    """Render pages' articles with displaCy so a person can check the extraction by eye.

    Persons, titles, organizations, places, events and dates are highlighted in each article;
    under each article a table lists persons with their posts and events with their participants.

    \b
    Example:
        guanxi show seeds/000_14062a82496b302b.txt -o page.html
    """
    from guanxi.extractors.extract import render_pages

    with Run("show", quiet=True) as run:
        pages = []
        for page in run.pages(paths, home=home):
            pages.append(page)
            if len(pages) >= limit:
                break
        html = render_pages(pages, home=home)
        try:
            with atomic_open(output) as fh:
                fh.write(html)
        except OSError as err:
            fatal(OutputError(f"{output}: cannot write: {err.strerror or err}"))
        click.echo(f"wrote {output}", err=True)
    run.exit()
