"""The README's quick start: commands that work on a fresh machine, and CI running the tests as written."""

from __future__ import annotations

import re

from tests.helpers import REPO


def quick_start_commands() -> list[str]:
    """The ```sh commands of the README's Quick start section, in order."""
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Quick start\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    return [block.split("```", 1)[0].strip() for block in section.split("```sh\n")[1:]]


def test_each_quick_start_command_makes_and_uses_its_own_virtual_environment():
    """A bare `pip install` fails on current Debian and Ubuntu (externally-managed-environment)."""
    commands = quick_start_commands()
    assert len(commands) == 2
    for command in commands:
        first, *rest = command.split(" && ")
        assert first == "python3 -m venv .venv"
        assert rest, command
        assert all(step.startswith(".venv/bin/") for step in rest), command
    assert commands[0].endswith(".venv/bin/myorec report --demo")


def test_ci_runs_the_readme_test_command_exactly():
    test_command = quick_start_commands()[1]
    assert re.search(r"pytest\b.*-n auto", test_command)  # parallel: the suite's budget is 90 s on 2 cores
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines
