"""Rule folders with hostile content: every problem is one line that names its file."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from myorec.cli import cli
from myorec.rulefolder.cases import read_cases
from myorec.rulefolder.loader import check_rule_set
from myorec.rulefolder.locate import default_rules_dir

HUGE_HEX = "0x" + "F" * 4000


@pytest.fixture
def edit_rules(tmp_path: Path) -> Callable[[str, str, str], Path]:
    """Copy the shipped rules, replace the first `old` in one file with `new`, return the folder."""

    def edit(name: str, old: str, new: str) -> Path:
        folder = tmp_path / "rules"
        if not folder.exists():
            shutil.copytree(default_rules_dir(), folder)
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return folder

    return edit


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        (
            "bone.toml",
            'evidence_level = "G"',
            'evidence_level = "g"',
            "bone.toml: rule bone.resistance-days: evidence_level: must be "
            "'G', 'H-MA', 'H-RCT', 'H-acute', 'H-assoc', 'A', 'C' or 'U' (got 'g')",
        ),
        (
            "bone.toml",
            'id = "bone.resistance-days"',
            'id = "bone\\nx"',
            "bone.toml: rule #1: id: must not contain line breaks or control characters (got 'bone\\nx')",
        ),
        (
            "benefits.toml",
            'id = "bone"',
            'id = "bo\\u2028ne"',
            "benefits.toml: benefit #4: id: must not contain line breaks or control characters "
            "(got 'bo\\u2028ne')",
        ),
        (
            "bone.toml",
            'metric = "resistance_days"',
            'metric = "resistance\\ndays"',
            "bone.toml: rule bone.resistance-days: unknown metric 'resistance\\ndays' "
            "(did you mean 'resistance_days', 'resistance_min' or 'resistance_sessions'?)",
        ),
        (
            "bone.toml",
            'benefit = "bone"',
            'benefit = "bo\\nne"',
            "bone.toml: rule bone.resistance-days: unknown benefit 'bo\\nne' (did you mean 'bone'?); "
            "defined in benefits.toml: immune, blood_sugar, fat_metabolism, bone, heart, appetite, brain",
        ),
        (
            "bone.toml",
            "at_least = 2 }",
            'at_least = 2, "metric\\n" = 1 }',
            "bone.toml: rule bone.resistance-days: unknown field 'when.all condition 1: metric\\n' "
            "(did you mean 'metric'?)",
        ),
        (
            "bone.toml",
            "[[rule]]",
            '"ru\\nle" = 1\n[[rule]]',
            "bone.toml: unknown top-level key 'ru\\nle' (did you mean 'rule'?) (expected [[rule]] tables)",
        ),
        (
            "bone.toml",
            "points = 45",
            f"points = {HUGE_HEX}",
            "bone.toml: rule bone.resistance-days: points: must be a number (got a number too large to show)",
        ),
        (
            "bone.toml",
            "points = 45",
            "points = 1e308",
            "bone.toml: rule bone.resistance-days: points: must be at most 1,000,000 (got 1e+308)",
        ),
    ],
    ids=[
        "evidence-level-case",
        "newline-in-rule-id",
        "line-separator-in-benefit-id",
        "newline-in-metric",
        "newline-in-benefit-reference",
        "newline-in-condition-key",
        "newline-in-top-level-key",
        "huge-points",
        "points-overflow-the-score",
    ],
)
def test_hostile_rule_content_gives_one_line_per_problem(edit_rules, name, old, new, problem):
    folder = edit_rules(name, old, new)
    check = check_rule_set(folder)
    assert check.rule_set is None
    assert str(check.errors[0]) == f"{folder}/{problem}"
    for error in map(str, check.errors):
        assert len(error.splitlines()) == 1
        assert error.startswith(f"{folder}/")


def test_a_million_points_is_the_most_a_rule_can_weigh_and_still_scores(edit_rules, runner):
    folder = edit_rules("bone.toml", "points = 45", "points = 1_000_000")
    assert check_rule_set(folder).errors == ()
    args = ["report", "--demo", "--json", "--rules", str(folder)]
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0
    bone = next(b for b in json.loads(result.stdout)["benefits"] if b["id"] == "bone")
    assert bone["rules"][0]["points"] == 1_000_000
    assert bone["score"] == 50


def test_hostile_cases_give_one_line_per_problem(tmp_path):
    cases = tmp_path / "cases.toml"
    cases.write_text(
        '"ca\\nse" = 1\n[[case]]\nname = "a\\nb"\n"x\\ny" = 1\n'
        'expect = { "bo\\nne" = "low", bone = ' + HUGE_HEX + " }\n",
        encoding="utf-8",
    )
    case_file = read_cases(tmp_path, ["bone"])
    assert case_file is not None
    assert [str(problem) for problem in case_file.problems] == [
        f"{cases}: unknown top-level key 'ca\\nse' (did you mean 'case'?) (expected [[case]])",
        f"{cases}: case '#1': unknown field 'x\\ny'",
        f"{cases}: case '#1': expect: unknown benefit 'bo\\nne' (did you mean 'bone'?); defined: bone",
        f"{cases}: case '#1': expect.bone: must be one of none, low, moderate, strong "
        "(got a number too large to show)",
    ]


def test_explain_quotes_an_unknown_benefit_on_one_line(runner):
    result = runner.invoke(cli, ["explain", "bo\nne", "--demo"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unknown benefit 'bo\\nne' (did you mean 'bone'?); "
        "valid ids: immune, blood_sugar, fat_metabolism, bone, heart, appetite, brain\n"
    )
