"""The docs promise what the code does: every command has help and is documented, CI runs the README's command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from guanxi.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _shell_blocks(text: str) -> list[str]:
    return re.findall(r"```(?:bash|sh|console)\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`guanxi {name} --help` shows no example"


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_in_the_docs(name: str) -> None:
    docs = README + (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"guanxi {name}" in docs


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_second() -> None:
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = [line for block in _shell_blocks(setup) for line in block.splitlines() if line.strip()]
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci
    assert "seeds" in commands[0]


def test_cli_reference_is_current() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == module.render(), (
        "docs/cli.md is stale: run scripts/gen_cli_docs.py"
    )
