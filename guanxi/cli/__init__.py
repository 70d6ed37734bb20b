"""The ``guanxi`` command line. Each command lives in its own module of this package."""

from __future__ import annotations

import click

from guanxi import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="guanxi")
def main() -> None:
    """guanxi (关系): turn Chinese local newspapers into a knowledge graph."""


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
