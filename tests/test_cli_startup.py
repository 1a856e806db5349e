"""Start-up discipline: ``myorec --help`` lists commands without importing them."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from myorec.cli import COMMANDS, SUMMARIES, cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_summary_is_its_commands_own_short_help(name):
    module_name, attribute = COMMANDS[name].split(":")
    command = getattr(importlib.import_module(module_name), attribute)
    assert SUMMARIES.get(name) == command.get_short_help_str(limit=200)


def test_help_lists_every_command_with_its_summary(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    commands = result.stdout.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in commands] == sorted(COMMANDS)
    for line in commands:
        name, summary = line.split(maxsplit=1)
        assert summary == SUMMARIES[name]


def test_help_imports_no_command_module_pydantic_or_tabulate():
    probe = (
        "import sys\n"
        "from myorec.cli import main\n"
        "sys.argv = ['myorec', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('pydantic', 'tabulate', 'sqlite3', 'myorec.cli.common', 'myorec.models')\n"
        "print(sorted(name for name in heavy if name in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stderr.strip() == "[]"
    assert "Commands:" in result.stdout
