"""Start-up discipline: --help imports no command; the collector is off while a command loads."""

from __future__ import annotations

import gc
import importlib
import json
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


def test_console_script_runs_the_command_with_start_up_frozen_and_the_collector_on():
    probe = (
        "import gc, json, sys\n"
        "import myorec.__main__ as entry\n"
        "import myorec.report as report\n"
        "original = report.build_report\n"
        "def spy(*args, **kwargs):\n"
        "    state = [gc.isenabled(), gc.get_freeze_count() > 0, gc.get_threshold()[0]]\n"
        "    print(json.dumps(state), file=sys.stderr)\n"
        "    return original(*args, **kwargs)\n"
        "report.build_report = spy\n"
        "sys.argv = ['myorec', 'report', '--demo', '--json']\n"
        "entry.main()\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stderr.strip() == "[true, true, 100000]"
    assert json.loads(result.stdout)["week"] is None


def test_group_leaves_the_collector_alone_without_the_console_script(runner):
    gc.disable()
    try:
        assert runner.invoke(cli, ["report", "--demo", "--json"]).exit_code == 0
        assert not gc.isenabled()
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()
