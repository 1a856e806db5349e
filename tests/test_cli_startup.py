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


def modules_after(argv: list[str], names: tuple[str, ...]) -> tuple[int, list[str]]:
    """The exit status of ``myorec ARGV`` in a fresh interpreter, and which of ``names`` it imported."""
    probe = (
        "import sys\n"  # and nothing else: the probe must not import what it looks for
        "from myorec.cli import main\n"
        f"sys.argv = ['myorec', *{argv!r}]\n"
        "try:\n"
        "    main()\n"
        "    status = 0\n"
        "except SystemExit as exit:\n"
        "    status = exit.code or 0\n"
        f"print(status, *sorted(name for name in {names!r} if name in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    status, *loaded = result.stderr.splitlines()[-1].split()
    return int(status), loaded


#: What a command must not import: what it does not use.
UNUSED_BY = {
    "--help": (["--help"], ("pydantic", "tabulate", "sqlite3", "myorec.cli.common", "myorec.models")),
    "rules path": (["rules", "path"], ("pydantic", "tabulate", "myorec.models")),
    "report --json": (["report", "--demo", "--json"], ("tabulate",)),
    "explain --json": (["explain", "bone", "--demo", "--json"], ("tabulate",)),
    "rules list --json": (["rules", "list", "--json"], ("tabulate",)),
    "trend --json": (["trend", "--json"], ("tabulate", "myorec.render_log")),
    "log add": (["log", "add", "aerobic", "30"], ("myorec.importers", "json", "tomllib")),
    "log edit": (
        ["log", "edit", "1", "--minutes", "40"],
        ("myorec.importers", "json", "tomllib", "tabulate"),
    ),
    "log list --json": (["log", "list", "--json"], ("myorec.importers", "tomllib", "tabulate")),
}


@pytest.mark.parametrize("name", sorted(UNUSED_BY))
def test_a_command_imports_nothing_it_does_not_use(name, runner, tmp_path):
    db = str(tmp_path / "log.db")
    assert runner.invoke(cli, ["--db", db, "log", "add", "mobility", "20"]).exit_code == 0  # entry 1
    argv, unused = UNUSED_BY[name]
    assert modules_after(["--db", db, *argv], unused) == (0, [])


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
