"""The ``guanxi`` command line. Each command lives in its own module of this package."""

from __future__ import annotations

import click

from guanxi import __version__


class _Main(click.Group):
    """The command group; what escapes a command becomes one line and an exit code."""

    def invoke(self, ctx: click.Context) -> object:
        from guanxi.cli.common import exit_codes

        with exit_codes():
            return super().invoke(ctx)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
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

    for name in ("articles", "extract", "evaluate", "show", "build", "load"):
        try:
            importlib.import_module(f"guanxi.cli.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"guanxi.cli.{name}":
                raise


_register()
