"""Start-up discipline: a command imports only what it uses; the console script eases the collector."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest

from myorec.cli import cli
from myorec.formats.importers import FORMATS


def test_help_lists_every_command_with_its_own_short_help(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    commands = result.stdout.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in commands] == sorted(cli.commands)
    for line in commands:
        name, summary = line.split(maxsplit=1)
        assert summary == cli.commands[name].get_short_help_str(limit=200)


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


#: The file readers of ``log import``, loaded only to read a file, and what only they use:
#: the FIT decoder above all (fitdecode), which no other command may load.
READERS = (*(file_format.module for file_format in FORMATS), "fitdecode", "xml.etree")

#: The cohort command's query engines: no other command loads them.
ENGINES = ("duckdb", "pyspark")

#: The planner, which only ``plan`` loads.
PLANNER = ("myorec.core.plan", "myorec.core.plan_search", "myorec.core.plan_why", "myorec.render.plan")

#: What a command must not import: what it does not use.
UNUSED_BY = {
    "--help": (
        ["--help"],
        (
            "pydantic",
            "tabulate",
            "sqlite3",
            "myorec.core.sessions",
            "myorec.app.log",
            *READERS,
            *ENGINES,
            *PLANNER,
        ),
    ),
    "rules path": (["rules", "path"], ("pydantic", "tabulate", "myorec.core.sessions", *READERS, *ENGINES)),
    "report --json": (["report", "--demo", "--json"], ("tabulate", *READERS, *ENGINES)),
    "report": (["report"], (*READERS, *ENGINES, *PLANNER)),
    "plan --help": (["plan", "--help"], ("pydantic", "tabulate", "sqlite3", *READERS, *ENGINES, *PLANNER)),
    "plan --json": (["plan", "--json"], ("tabulate", *READERS, *ENGINES)),
    "report --html": (["report", "--demo", "--html", "-"], ("tabulate", "json", *READERS, *ENGINES)),
    "trend --html": (["trend", "--html", "-"], ("tabulate", "json", "myorec.render.log", *READERS, *ENGINES)),
    "explain --json": (["explain", "bone", "--demo", "--json"], ("tabulate", *READERS, *ENGINES)),
    "rules list --json": (["rules", "list", "--json"], ("tabulate", *READERS, *ENGINES)),
    "rules check": (["rules", "check"], (*READERS, *ENGINES)),
    "trend --json": (["trend", "--json"], ("tabulate", "myorec.render.log", *READERS, *ENGINES)),
    "log add": (["log", "add", "aerobic", "30"], (*READERS, "json", "tomllib", *ENGINES)),
    "log edit": (
        ["log", "edit", "1", "--minutes", "40"],
        (*READERS, "json", "tomllib", "tabulate", *ENGINES),
    ),
    "log list --json": (["log", "list", "--json"], (*READERS, "tomllib", "tabulate", *ENGINES)),
    "log export": (["log", "export"], ("fitdecode", "xml.etree", *ENGINES)),
    "profile show": (["profile", "show"], (*READERS, "tabulate", *ENGINES)),
    "log import a csv": (["log", "import", "SESSIONS_CSV"], ("fitdecode", "xml.etree", *ENGINES)),
    # the listing is drawn as it is read, by myorec itself: no tabulate
    "log list": (["log", "list"], (*READERS, "tomllib", "tabulate", *ENGINES)),
    "cohort --help": (["cohort", "--help"], ("pydantic", "myorec.app.cohort", "fitdecode", *ENGINES)),
}


@pytest.mark.parametrize("name", sorted(UNUSED_BY))
def test_a_command_imports_nothing_it_does_not_use(name, runner, tmp_path):
    db = str(tmp_path / "log.db")
    assert runner.invoke(cli, ["--db", db, "log", "add", "mobility", "20"]).exit_code == 0  # entry 1
    argv, unused = UNUSED_BY[name]
    sessions = tmp_path / "sessions.csv"
    sessions.write_text("date,kind,minutes\n2026-11-23,aerobic,30\n", encoding="utf-8")
    argv = [str(sessions) if arg == "SESSIONS_CSV" else arg for arg in argv]
    assert modules_after(["--db", db, *argv], unused) == (0, [])


def test_console_script_runs_the_command_with_a_high_collector_threshold_and_freezes_at_exit():
    probe = (
        "import atexit, gc, json, sys\n"
        "import myorec.__main__ as entry\n"
        "import myorec.core.report as report\n"
        "original = report.build_report\n"
        "def spy(*args, **kwargs):\n"
        "    print(json.dumps([gc.isenabled(), gc.get_threshold()[0]]), file=sys.stderr)\n"
        "    return original(*args, **kwargs)\n"
        "report.build_report = spy\n"
        "sys.argv = ['myorec', 'report', '--demo', '--json']\n"
        "try:\n"
        "    entry.main()\n"
        "finally:\n"
        "    print(gc.get_freeze_count() > 0, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stderr.split() == ["[true,", "100000]", "True"]
    assert json.loads(result.stdout)["week"] is None


def test_group_leaves_the_collector_alone_without_the_console_script(runner):
    threshold = gc.get_threshold()
    assert runner.invoke(cli, ["report", "--demo", "--json"]).exit_code == 0
    assert gc.get_threshold() == threshold
    assert gc.get_freeze_count() == 0
