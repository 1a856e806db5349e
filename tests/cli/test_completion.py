"""Shell completion (bash, zsh, fish): commands, options, kinds, benefit ids and --format values."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.shell_completion import ShellComplete

from myorec.cli import cli
from tests.helpers import REPO


def completions(args: list[str], incomplete: str) -> list[str]:
    complete = ShellComplete(cli, {}, "myorec", "_MYOREC_COMPLETE")
    return [item.value for item in complete.get_completions(args, incomplete)]


@pytest.mark.parametrize(
    ("args", "incomplete", "expected"),
    [
        ([], "", ["cohort", "explain", "log", "profile", "report", "rules", "trend"]),
        ([], "tr", ["trend"]),
        (["log"], "", ["add", "edit", "export", "import", "list", "rm"]),
        (["log", "list"], "--s", ["--since", "--source"]),
        (["log", "add"], "", ["aerobic", "resistance", "mobility"]),
        (["log", "add"], "re", ["resistance"]),
        (["log", "add", "mobility", "20", "--focus"], "", ["balance", "stretch", "mind_body"]),
        (["log", "add", "aerobic", "20", "--intensity"], "v", ["vigorous"]),
        (["log", "edit", "3", "--kind"], "mo", ["mobility"]),
        (["log", "list", "--kind"], "", ["aerobic", "resistance", "mobility"]),
        (["explain"], "b", ["blood_sugar", "bone", "brain"]),
        (["rules", "list", "--benefit"], "he", ["heart"]),
        (["report", "--format"], "c", ["colon_grid", "csv"]),
        (["trend", "--format"], "ts", ["tsv"]),
        (["log", "list", "--format"], "ht", ["html"]),
        (["explain", "bone", "--format"], "rounded", ["rounded_grid", "rounded_outline"]),
        (["rules", "list", "--format"], "gi", ["github"]),
    ],
)
def test_completion_offers_commands_options_and_values(args, incomplete, expected):
    assert completions(args, incomplete) == expected


def test_benefit_ids_complete_from_the_rule_folder_in_use(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "benefits.toml").write_text('[[benefit]]\nid = "calm"\nname = "Calm"\n', encoding="utf-8")
    (folder / "calm.toml").write_text(
        '[[rule]]\nid = "calm.a"\nbenefit = "calm"\npoints = 5\nevidence = "e"\nevidence_level = "G"\n'
        'when.all = [{ metric = "total_min", at_least = 20 }]\n',
        encoding="utf-8",
    )
    assert completions(["explain", "--rules", str(folder)], "") == ["calm"]
    assert completions(["explain", "--rules", str(tmp_path / "missing")], "") == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_a_completion_script(shell):
    env = {**os.environ, "_MYOREC_COMPLETE": f"{shell}_source"}
    probe = "from myorec.cli import main; main()"
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "_MYOREC_COMPLETE" in result.stdout


def test_the_readme_says_how_to_turn_completion_on_in_each_shell():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for line in (
        'eval "$(_MYOREC_COMPLETE=bash_source myorec)"',
        'eval "$(_MYOREC_COMPLETE=zsh_source myorec)"',
        "_MYOREC_COMPLETE=fish_source myorec | source",
    ):
        assert line in readme
