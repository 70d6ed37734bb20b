#!/usr/bin/env python3
"""Write docs/cli.md from the commands' own --help (run after changing a command; a test checks it is current)."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from guanxi.cli import main
from guanxi.outputs import atomic_open

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def render() -> str:
    runner = CliRunner()
    parts = [
        "# Command line reference\n",
        "Generated from each command's `--help` by `scripts/gen_cli_docs.py`; do not edit by hand.\n",
    ]
    # The group's own help first: the commands and the exit codes they share.
    text = runner.invoke(main, ["--help"], prog_name="guanxi", terminal_width=100).output
    parts.append(f"## guanxi\n\n```text\n{text.rstrip()}\n```\n")
    for name in sorted(main.commands):
        text = runner.invoke(main, [name, "--help"], prog_name="guanxi", terminal_width=100).output
        parts.append(f"## guanxi {name}\n\n```text\n{text.rstrip()}\n```\n")
        # A command with subcommands (guanxi corrections line|candidates): each one's help too.
        for sub in sorted(getattr(main.commands[name], "commands", {})):
            text = runner.invoke(main, [name, sub, "--help"], prog_name="guanxi", terminal_width=100).output
            parts.append(f"### guanxi {name} {sub}\n\n```text\n{text.rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    if "--check" in sys.argv:
        sys.exit(0 if DOC.read_text(encoding="utf-8") == render() else 1)
    with atomic_open(DOC) as fh:
        fh.write(render())
