"""Start-up discipline: --help imports no command; the collector is off while a command loads."""

from __future__ import annotations

import gc
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


def test_console_script_imports_with_the_collector_off():
    probe = "import gc, sys\nimport myorec.__main__\nprint(gc.isenabled(), 'click' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


def test_group_freezes_start_up_and_turns_the_collector_back_on(runner):
    gc.disable()
    try:
        result = runner.invoke(cli, ["report", "--demo", "--json"])
        assert result.exit_code == 0
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


def test_group_leaves_a_running_collector_alone(runner):
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    assert runner.invoke(cli, ["report", "--demo", "--json"]).exit_code == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen
