"""The ``guanxi`` command line. Each command lives in its own module of this package."""

from __future__ import annotations

import re

import click

from guanxi import __version__

# A sentence ends at a full stop followed by a space or the end, except after an abbreviation.
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)\.(?=\s|$)")


def first_sentence(help_text: str | None) -> str:
    """The first sentence of a command's help, whole: the summary ``guanxi --help`` lists.

    click's own summary stops at the first ". " (so at "e.g. ") and cuts at 45 characters.

    >>> first_sentence("Score PRED (JSONL, e.g. OUT/pages.jsonl) against GOLD.\\n\\nMore.")
    'Score PRED (JSONL, e.g. OUT/pages.jsonl) against GOLD.'
    >>> first_sentence("Render pages\\nwith displaCy")
    'Render pages with displaCy'
    """
    text = " ".join((help_text or "").split("\f")[0].split("\n\n")[0].split())
    end = _SENTENCE_END.search(text)
    return text[: end.end()] if end else text


class _Group(click.Group):
    """The command group: its command list shows each command's whole first sentence (wrapped, not
    cut), and what escapes a command becomes one line and an exit code."""

    def invoke(self, ctx: click.Context) -> object:
        from guanxi.cli.common import exit_codes

        with exit_codes():
            return super().invoke(ctx)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.short_help or first_sentence(command.help)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guanxi")
def main() -> None:
    """guanxi (关系): turn Chinese local newspapers into a knowledge graph.

    \b
    Exit codes:
      0    everything was read
      1    some inputs were rejected (one line each); the output is still written
      2    usage error: a bad option, an input path that does not exist, an output
           folder guanxi did not write (--force replaces it)
      3    could not finish (one line says why: output not writable or busy, no input
           could be read, a crash); the previous output is left as it was
      130  interrupted by Ctrl-C (143: by SIGTERM); the previous output is left as it was

    GUANXI_DEBUG=1 also prints the traceback of a crash.
    """


def _register() -> None:
    # One module per command; a module adds itself with @main.command().
    import importlib

    for name in ("articles", "extract", "evaluate", "show", "build", "load", "corrections"):
        try:
            importlib.import_module(f"guanxi.cli.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"guanxi.cli.{name}":
                raise


_register()
