"""`myorec rules path/init/list/check/test` through the real click layer."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from myorec.cli import cli
from myorec.rulefolder.locate import default_rules_dir
from myorec.rulefolder.scaffold import copy_default_rules
from tests.helpers import REPO

SHIPPED = sorted(path.name for path in default_rules_dir().iterdir())

BENEFITS = '[[benefit]]\nid = "bone"\nname = "Bone"\n\n[[benefit]]\nid = "heart"\nname = "Heart"\n'
RULE = """[[rule]]
id = "{id}"
benefit = "{benefit}"
points = {points}
evidence = "e"
evidence_level = "G"
when.all = [{{ metric = "{metric}", at_least = {at_least} }}]
"""


def rule(
    rule_id: str, benefit: str = "bone", points: int = 10, metric: str = "resistance_days", at_least=2
) -> str:
    return RULE.format(id=rule_id, benefit=benefit, points=points, metric=metric, at_least=at_least)


def make_folder(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def init(runner, folder: Path) -> None:
    result = runner.invoke(cli, ["rules", "init", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_rules_path_follows_option_then_env_then_defaults(runner, tmp_path, monkeypatch):
    (tmp_path / "env").mkdir()
    (tmp_path / "opt").mkdir()
    assert runner.invoke(cli, ["rules", "path"]).stdout == f"{default_rules_dir()}\n"
    monkeypatch.setenv("MYOREC_RULES", str(tmp_path / "env"))
    assert runner.invoke(cli, ["rules", "path"]).stdout == f"{tmp_path / 'env'}\n"
    result = runner.invoke(cli, ["rules", "path", "--rules", str(tmp_path / "opt")])
    assert result.stdout == f"{tmp_path / 'opt'}\n"


def test_a_rule_folder_that_does_not_exist_says_where_its_name_came_from(runner, tmp_path, monkeypatch):
    missing = tmp_path / "nope"
    result = runner.invoke(cli, ["rules", "path", "--rules", str(missing)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {missing}: rule folder does not exist\n")
    monkeypatch.setenv("MYOREC_RULES", str(missing))
    for args in (["rules", "path"], ["report", "--demo"]):
        result = runner.invoke(cli, args)
        assert (result.exit_code, result.stderr) == (
            1,
            f"Error: {missing}: rule folder does not exist (named by MYOREC_RULES)\n",
        )


def test_a_rule_folder_may_start_with_a_tilde_and_may_not_be_empty(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    init(runner, tmp_path / "mine")
    monkeypatch.setenv("MYOREC_RULES", "~/mine")
    assert runner.invoke(cli, ["rules", "path"]).stdout == f"{tmp_path / 'mine'}\n"
    result = runner.invoke(cli, ["report", "--demo", "--rules", ""])
    assert result.exit_code == 2
    assert "Invalid value for '--rules': give a rule folder, not an empty path" in result.stderr


def test_init_copies_every_shipped_file_with_a_header(runner, tmp_path):
    folder = tmp_path / "mine"
    result = runner.invoke(cli, ["rules", "init", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"Copied {len(SHIPPED)} files to {folder}: {', '.join(SHIPPED)}"
    assert sorted(path.name for path in folder.iterdir()) == SHIPPED
    assert "cases.toml" in SHIPPED
    for name in (name for name in SHIPPED if name.endswith(".toml")):
        text = (folder / name).read_text(encoding="utf-8")
        assert text.startswith(
            "# Copied from myorec's shipped rules by 'myorec rules init'; edit freely.\n"
            '# Format: the "Rule files" section of the myorec README.\n'
            f"# Check your edits with: myorec rules check {folder}\n\n"
        )
        assert text.endswith((default_rules_dir() / name).read_text(encoding="utf-8"))
    check = runner.invoke(cli, ["rules", "check", str(folder)])
    assert check.exit_code == 0
    assert (check.stdout, check.stderr) == (
        f"{folder}: ok (31 rules, 7 benefits, 18 of 18 cases passed)\n",
        "",
    )


def test_init_refuses_to_overwrite_unless_forced(runner, tmp_path):
    folder = tmp_path / "mine"
    init(runner, folder)
    (folder / "bone.toml").write_text("# my edits\n", encoding="utf-8")
    result = runner.invoke(cli, ["rules", "init", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder}: would overwrite {', '.join(SHIPPED)}; "
        "use --force to replace them with the shipped rules\n"
    )
    assert (folder / "bone.toml").read_text(encoding="utf-8") == "# my edits\n"
    forced = runner.invoke(cli, ["rules", "init", str(folder), "--force"])
    assert forced.exit_code == 0
    assert "bone.resistance-days" in (folder / "bone.toml").read_text(encoding="utf-8")


def test_init_force_replaces_a_link_instead_of_writing_through_it(runner, tmp_path):
    outside = tmp_path / "outside.toml"
    outside.write_text("keep me\n", encoding="utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    os.symlink(outside, folder / "bone.toml")
    assert runner.invoke(cli, ["rules", "init", str(folder)]).exit_code == 1
    assert runner.invoke(cli, ["rules", "init", str(folder), "--force"]).exit_code == 0
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    assert not (folder / "bone.toml").is_symlink()


def test_init_edit_threshold_then_report_shows_the_change(runner, tmp_path, monkeypatch):
    def bone(*args: str) -> dict:
        result = runner.invoke(cli, ["report", "--demo", "--json", *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return next(b for b in json.loads(result.stdout)["benefits"] if b["id"] == "bone")

    assert (bone()["score"], bone()["level"]) == (26, "low")
    folder = tmp_path / "mine"
    init(runner, folder)
    path = folder / "bone.toml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace(
        'metric = "resistance_days", at_least = 2', 'metric = "resistance_days", at_least = 1'
    )
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    # resistance-days now fires (45 points) and impact earns nothing: 45 of the 85 points that apply
    # at 52 (the 65+ and youth rules do not) -> 52.9
    assert (bone("--rules", str(folder))["score"], bone("--rules", str(folder))["level"]) == (53, "moderate")
    monkeypatch.setenv("MYOREC_RULES", str(folder))
    assert bone()["score"] == 53


def test_check_reports_every_seeded_mistake_and_report_fails_with_the_same_lines(runner, tmp_path):
    folder = make_folder(
        tmp_path / "bad",
        {
            "benefits.toml": BENEFITS,
            "bone.toml": rule("bone.a", metric="resistance_dayz")
            + rule("bone.b", benefit="bnoe")
            + rule("bone.c", points=0)
            + rule("bone.d", at_least=9),
            "heart.toml": rule("bone.a", benefit="heart", metric="aerobic_days"),
            "typo.toml": '[[rule]]\nid = "x"\npoints = \n',
        },
    )
    expected = [
        f"{folder}/bone.toml: rule bone.a: unknown metric 'resistance_dayz' "
        "(did you mean 'resistance_days', 'resistance_min' or 'resistance_sessions'?)",
        f"{folder}/bone.toml: rule bone.b: unknown benefit 'bnoe' (did you mean 'bone'?); "
        "defined in benefits.toml: bone, heart",
        f"{folder}/bone.toml: rule bone.c: points: must be greater than 0 (got 0)",
        f"{folder}/bone.toml: rule bone.d: warning: resistance_days ≥ 9 can never hold: "
        "a week has only 7 days",
        f"{folder}/heart.toml: rule bone.a: duplicate rule id (rule 1 of bone.toml and rule 1 of heart.toml)",
        f"{folder}/typo.toml: line 3, column 10: invalid TOML: Invalid value",
    ]
    result = runner.invoke(cli, ["rules", "check", str(folder)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [*expected, f"{folder}: 5 errors, 1 warning (no cases.toml)"]

    report = runner.invoke(cli, ["report", "--demo", "--rules", str(folder)])
    assert report.exit_code == 1
    assert report.stdout == ""
    assert report.stderr.splitlines() == [
        *expected,
        f"Error: invalid rule set: 5 errors, 1 warning in {folder} (listed above)",
    ]
    assert "Traceback" not in report.stderr


def test_check_uses_env_folder_and_json(runner, tmp_path, monkeypatch):
    folder = make_folder(tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": rule("bone.a", at_least=0)})
    monkeypatch.setenv("MYOREC_RULES", str(folder))
    result = runner.invoke(cli, ["rules", "check"])
    assert result.exit_code == 0
    # the problems are diagnostics (stderr); the verdict, ok, is the output (stdout)
    assert result.stderr.splitlines() == [
        f"{folder}/benefits.toml: benefit heart: warning: has no rules (its score is always 0)",
        f"{folder}/bone.toml: rule bone.a: warning: resistance_days ≥ 0 always holds",
    ]
    assert result.stdout == f"{folder}: ok, 2 warnings (1 rule, 2 benefits, no cases.toml)\n"
    data = json.loads(runner.invoke(cli, ["rules", "check", "--json"]).stdout)
    assert data["ok"] is True
    assert (data["errors"], data["warnings"]) == (0, 2)
    assert data["problems"][1] == {
        "severity": "warning",
        "file": f"{folder}/bone.toml",
        "kind": "rule",
        "name": "bone.a",
        "message": "resistance_days ≥ 0 always holds",
        "text": f"{folder}/bone.toml: rule bone.a: warning: resistance_days ≥ 0 always holds",
    }


def test_rules_test_prints_each_case_with_levels_and_fails_on_a_broken_intention(runner, tmp_path):
    folder = tmp_path / "mine"
    init(runner, folder)
    passing = runner.invoke(cli, ["rules", "test", str(folder)], catch_exceptions=False)
    assert passing.exit_code == 0
    assert passing.stdout.splitlines()[:3] == [
        "PASS  an empty week",
        "      got: immune none (0), blood_sugar none (0), fat_metabolism none (0), bone none (0),",
        "           heart none (0), appetite none (0), brain none (0)",
    ]
    assert passing.stdout.splitlines()[-1] == "18 cases: 18 passed, 0 failed"
    # An intention the rules do not meet: light walking credits the heart a little (Ekelund 2019).
    cases = folder / "cases.toml"
    text = cases.read_text(encoding="utf-8")
    edited = text.replace(
        'expect_at_most = { heart = "low", blood_sugar = "low", brain = "none", bone = "none" }',
        'expect_at_most = { heart = "none", blood_sugar = "low", brain = "none", bone = "none" }',
    )
    assert edited != text
    cases.write_text(edited, encoding="utf-8")
    failing = runner.invoke(cli, ["rules", "test", str(folder)])
    assert failing.exit_code == 1
    lines = failing.stdout.splitlines()
    at = lines.index("FAIL  daily light walks")
    assert lines[at + 1] == "      heart is low (10), expected at most none"
    assert lines[-1] == "18 cases: 17 passed, 1 failed"
    check = runner.invoke(cli, ["rules", "check", str(folder)])
    assert check.exit_code == 1
    assert check.stderr.splitlines() == [
        f"{folder}/cases.toml: case 'daily light walks': heart is low (10), expected at most none",
        f"{folder}: 1 error, 0 warnings (31 rules, 7 benefits, 17 of 18 cases passed)",
    ]
    data = json.loads(runner.invoke(cli, ["rules", "test", str(folder), "--json"]).stdout)
    assert [case["name"] for case in data if not case["passed"]] == ["daily light walks"]
    walks = next(case for case in data if case["name"] == "daily light walks")
    assert (walks["levels"]["heart"], walks["scores"]["heart"]) == ("low", 10)


def test_cases_file_problems_are_all_reported(runner, tmp_path):
    cases = """
[[case]]
name = "typos"
sessions = [{ day = "mon", kind = "swim", minutes = 30 }, { kind = "aerobic", minutes = 30 }]
expect = { bnoe = "strong", heart = "great" }
expcet = 1

[[case]]
sessions = []
expect_at_most = { bone = "none" }

[[case]]
name = "nothing expected"

[[case]]
name = "fine"
sessions = [{ date = 2026-11-23, kind = "resistance", minutes = 40 }]
expect_at_most = { bone = "low" }
"""
    folder = make_folder(
        tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": rule("bone.a"), "cases.toml": cases}
    )
    (folder / "heart.toml").write_text(
        rule("heart.a", benefit="heart", metric="aerobic_days"), encoding="utf-8"
    )
    result = runner.invoke(cli, ["rules", "check", str(folder)])
    assert result.exit_code == 1
    path = f"{folder}/cases.toml"
    assert result.stderr.splitlines() == [
        f"{path}: case 'typos': unknown field 'expcet' (did you mean 'expect'?)",
        f"{path}: case 'typos': expect: unknown benefit 'bnoe' (did you mean 'bone'?); defined: bone, heart",
        f"{path}: case 'typos': expect.heart: unknown level 'great'; levels: none, low, moderate, strong",
        f"{path}: case 'typos': session 1: kind: must be one of aerobic, resistance, mobility (got 'swim')",
        f"{path}: case 'typos': session 2: give a day (mon..sun) or a date (YYYY-MM-DD)",
        f"{path}: case '#2': missing required field 'name' (text naming the case)",
        f"{path}: case 'nothing expected': expects nothing: give one of expect, expect_at_most, "
        "expect_score_at_least, expect_score_at_most, expect_order, expect_above_case, "
        "expect_near_case, expect_first_step",
        f"{folder}: 7 errors, 0 warnings (2 rules, 2 benefits, 1 of 4 cases passed)",
    ]
    tested = runner.invoke(cli, ["rules", "test", str(folder)])
    assert tested.exit_code == 1
    assert tested.stdout.splitlines() == [
        "FAIL  typos",
        "      not run: the case is invalid (its problems are listed above)",
        "FAIL  #2",
        "      not run: the case is invalid (its problems are listed above)",
        "FAIL  nothing expected",
        "      not run: the case is invalid (its problems are listed above)",
        "PASS  fine",
        "      got: bone none (0), heart none (0)",
        "4 cases: 1 passed, 0 failed, 3 invalid",
    ]


def test_rules_test_without_cases_says_so(runner, tmp_path):
    folder = make_folder(tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": rule("bone.a")})
    result = runner.invoke(cli, ["rules", "test", str(folder)])
    assert result.exit_code == 0
    assert result.stderr.endswith(f"{folder}: no cases.toml; nothing to test\n")


def test_rules_list_table_json_and_benefit_filter(runner):
    table = runner.invoke(
        cli, ["rules", "list", "--benefit", "bone", "--format", "plain"], catch_exceptions=False
    )
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["Rule", "Benefit", "Points", "Partial", "Condition", "Myokines", "Evidence"]
    assert lines[1].split()[:10] == [
        "bone.resistance-days", "bone", "45", "yes", "resistance_days", "≥", "2;", "for", "age", "≥",
    ]  # fmt: skip
    assert lines[1].endswith("G: guideline or consensus statement; confidence high")
    assert [line.split()[0] for line in lines if not line.startswith(" ")] == [
        "Rule",
        "bone.resistance-days",
        "bone.impact",
        "bone.falls-65",
        "bone.youth-loading",
        "bone.youth-activity",
    ]
    data = json.loads(runner.invoke(cli, ["rules", "list", "--json"]).stdout)
    assert len(data) == 31
    assert set(data[0]) == {
        "id",
        "benefit",
        "points",
        "partial",
        "condition",
        "when",
        "applies",
        "myokines",
        "evidence",
        "evidence_level",
        "confidence",
        "advice",
    }
    bone = next(item for item in data if item["id"] == "bone.resistance-days")
    assert (bone["points"], bone["confidence"]) == (45, "high")
    assert bone["condition"] == "resistance_days ≥ 2"
    assert bone["when"] == {"all": [{"metric": "resistance_days", "at_least": 2}]}
    assert bone["applies"] == {"any": [{"metric": "age", "at_least": 18, "if_unknown": True}]}
    assert bone["evidence"].startswith("ACSM position stand")
    impact = next(item for item in data if item["id"] == "bone.impact")
    assert impact["when"] == {"all": [{"metric": "impact_days", "curve": [[0, 0], [1, 0.4], [3, 1]]}]}
    assert impact["condition"] == "impact_days on 0→0, 1→0.4, 3→1"


def test_rules_list_unknown_benefit_lists_valid_ids(runner):
    result = runner.invoke(cli, ["rules", "list", "--benefit", "bones"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unknown benefit 'bones' (did you mean 'bone'?); "
        "valid ids: immune, blood_sugar, fat_metabolism, bone, heart, appetite, brain\n"
    )


def test_every_rules_command_has_help_with_an_example(runner):
    for name in ("path", "init", "list", "check", "test"):
        result = runner.invoke(cli, ["rules", name, "--help"])
        assert result.exit_code == 0
        assert "myorec rules" in result.stdout.split("Example")[1], name


def test_rules_list_rejects_an_unknown_format_as_usage_error(runner):
    result = runner.invoke(cli, ["rules", "list", "--format", "nope"])
    assert result.exit_code == 2
    assert "Invalid value for '--format': choose one of " in result.stderr


def test_init_into_a_file_is_an_error_and_nested_folders_are_created(runner, tmp_path):
    target = tmp_path / "file.toml"
    target.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["rules", "init", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {target}: exists and is not a folder\n"
    nested = tmp_path / "a" / "b"
    assert runner.invoke(cli, ["rules", "init", str(nested)]).exit_code == 0
    assert (nested / "benefits.toml").is_file()


def test_check_of_a_missing_folder(runner, tmp_path):
    result = runner.invoke(cli, ["rules", "check", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{tmp_path}/nope: rule folder does not exist",
        f"{tmp_path}/nope: 1 error, 0 warnings (no cases.toml)",
    ]


def test_a_single_rule_error_is_the_error_line_itself(runner, tmp_path):
    folder = make_folder(tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": rule("bone.a", points=0)})
    (folder / "heart.toml").write_text(rule("heart.a", benefit="heart", at_least=8), encoding="utf-8")
    result = runner.invoke(cli, ["report", "--demo", "--rules", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder}/heart.toml: rule heart.a: warning: resistance_days ≥ 8 can never hold: "
        "a week has only 7 days",
        f"Error: {folder}/bone.toml: rule bone.a: points: must be greater than 0 (got 0)",
    ]


def test_thresholds_are_shown_as_written_in_check_list_report_and_explain(runner, tmp_path):
    folder = make_folder(
        tmp_path / "r",
        {
            "benefits.toml": BENEFITS,
            "bone.toml": rule("bone.a", metric="resistance_min", at_least=150.004),
            "heart.toml": rule("heart.a", benefit="heart", metric="aerobic_days", at_least=7.001),
        },
    )
    check = runner.invoke(cli, ["rules", "check", str(folder)])
    assert check.stderr.splitlines()[0].startswith(
        f"{folder}/heart.toml: rule heart.a: warning: aerobic_days ≥ 7.001 can never hold: "
    )
    listed = runner.invoke(cli, ["rules", "list", "--rules", str(folder), "--json"])
    assert [item["condition"] for item in json.loads(listed.stdout)] == [
        "resistance_min ≥ 150.004",
        "aerobic_days ≥ 7.001",
    ]
    report = runner.invoke(cli, ["report", "--demo", "--json", "--rules", str(folder)])
    data = json.loads(report.stdout)
    assert [benefit["advice"] for benefit in data["benefits"]] == [
        ["raise resistance_min from 45 to 150.004"],
        ["raise aerobic_days from 3 to 7.001"],
    ]
    explained = runner.invoke(cli, ["explain", "heart", "--demo", "--rules", str(folder)])
    assert "   - aerobic_days ≥ 7.001: actual 3, not met (progress 42.9%), needs 5 more" in (
        explained.stdout.splitlines()
    )
    assert "   To gain the rest: raise aerobic_days from 3 to 7.001" in explained.stdout.splitlines()


def test_a_condition_that_always_or_never_holds_is_not_also_called_non_monotone(runner, tmp_path):
    def at_most(rule_id: str, metric: str, value: int, benefit: str = "bone") -> str:
        return rule(rule_id, benefit, metric=metric, at_least=value).replace("at_least", "at_most")

    folder = make_folder(
        tmp_path / "r",
        {
            "benefits.toml": BENEFITS,
            "bone.toml": at_most("bone.big", "total_min", 99999)
            + at_most("bone.neg", "total_min", -1)
            + at_most("bone.low", "total_min", 600),
            "heart.toml": at_most("heart.few", "aerobic_sessions", -1, benefit="heart"),
        },
    )
    result = runner.invoke(cli, ["rules", "check", str(folder)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"{folder}/bone.toml: rule bone.big: warning: total_min ≤ 99999 always holds: "
        "a week has only 10080 minutes",
        f"{folder}/bone.toml: rule bone.neg: warning: total_min ≤ -1 can never hold: "
        "total_min is never negative",
        f"{folder}/bone.toml: rule bone.low: warning: total_min ≤ 600 makes the rule set non-monotone: "
        "adding a session can lower this benefit's score",
        f"{folder}/heart.toml: rule heart.few: warning: aerobic_sessions ≤ -1 can never hold: "
        "aerobic_sessions is never negative",
    ]
    assert result.stdout == f"{folder}: ok, 4 warnings (4 rules, 2 benefits, no cases.toml)\n"


def test_unreachable_thresholds_give_the_physical_bound_and_session_counts_have_none(runner, tmp_path):
    folder = make_folder(
        tmp_path / "r",
        {
            "benefits.toml": BENEFITS,
            "bone.toml": rule("bone.total", metric="total_min", at_least=10081)
            + rule("bone.equivalent", metric="moderate_equivalent_min", at_least=20161)
            + rule("bone.longest", metric="longest_aerobic_min", at_least=1441)
            + rule("bone.met", metric="met_minutes", at_least=80641)
            + rule("bone.days", metric="active_days", at_least=8),
            "heart.toml": rule("heart.sessions", benefit="heart", metric="aerobic_sessions", at_least=100000),
        },
    )
    result = runner.invoke(cli, ["rules", "check", str(folder)])
    assert result.exit_code == 0
    warning = f"{folder}/bone.toml: rule bone.{{}}: warning: {{}} can never hold: {{}}"
    assert result.stderr.splitlines() == [
        warning.format("total", "total_min ≥ 10081", "a week has only 10080 minutes"),
        warning.format(
            "equivalent",
            "moderate_equivalent_min ≥ 20161",
            "a week has only 10080 minutes, each counted at most twice",
        ),
        warning.format("longest", "longest_aerobic_min ≥ 1441", "a session lasts at most 1440 minutes"),
        warning.format("met", "met_minutes ≥ 80641", "a week has only 10080 minutes, at most 8 MET each"),
        warning.format("days", "active_days ≥ 8", "a week has only 7 days"),
    ]
    assert result.stdout == f"{folder}: ok, 5 warnings (6 rules, 2 benefits, no cases.toml)\n"
    # A routine may list more minutes than a week holds; the warning claims only the physical bound.
    sessions = "".join(
        f'[[session]]\nday = "{day}"\nkind = "aerobic"\nminutes = 1440\n'
        for day in ("mon", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
    )
    week = tmp_path / "week.toml"
    week.write_text(sessions, encoding="utf-8")
    report = runner.invoke(cli, ["report", "--routine", str(week), "--json", "--rules", str(folder)])
    assert json.loads(report.stdout)["metrics"]["total_min"] == 11520


def test_counts_of_one_are_singular(runner, tmp_path):
    cases = '[[case]]\nname = "empty"\nsessions = []\nexpect = { bone = "strong" }\n'
    folder = make_folder(
        tmp_path / "r",
        {
            "benefits.toml": '[[benefit]]\nid = "bone"\nname = "Bone"\n',
            "bone.toml": rule("bone.a", at_least=0),
            "cases.toml": cases,
        },
    )
    check = runner.invoke(cli, ["rules", "check", str(folder)])
    assert check.stdout == f"{folder}: ok, 1 warning (1 rule, 1 benefit, 1 of 1 case passed)\n"
    tested = runner.invoke(cli, ["rules", "test", str(folder)])
    assert tested.stdout.splitlines()[-1] == "1 case: 1 passed, 0 failed"
    (folder / "bone.toml").write_text(rule("bone.a", points=0), encoding="utf-8")
    broken = runner.invoke(cli, ["rules", "check", str(folder)])
    assert broken.stderr.splitlines()[-1] == f"{folder}: 1 error, 0 warnings (cases not run)"


def test_duplicate_ids_name_the_entries_that_share_them(runner, tmp_path):
    folder = make_folder(
        tmp_path / "r",
        {
            "benefits.toml": BENEFITS + '\n[[benefit]]\nid = "lungs"\nname = "L"\n\n'
            '[[benefit]]\nid = "bone"\nname = "Again"\n',
            "bone.toml": rule("bone.a") + rule("bone.b") + rule("bone.a"),
            "heart.toml": rule("bone.b", benefit="heart") + rule("lungs.a", benefit="lungs"),
        },
    )
    result = runner.invoke(cli, ["rules", "check", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder}/benefits.toml: benefit bone: duplicate benefit id "
        "(benefit 1 and benefit 4 of benefits.toml)",
        f"{folder}/bone.toml: rule bone.a: duplicate rule id (rule 1 and rule 3 of bone.toml)",
        f"{folder}/heart.toml: rule bone.b: duplicate rule id (rule 2 of bone.toml and rule 1 of heart.toml)",
        f"{folder}: 3 errors, 0 warnings (no cases.toml)",
    ]


def test_problems_are_listed_in_file_order_then_position(runner, tmp_path):
    cases = (
        '[[case]]\nname = "first"\nsessions = []\nexpect = { bone = "strong" }\n\n'
        '[[case]]\nname = "second"\nexpect = { bone = "great" }\n'
    )
    folder = make_folder(
        tmp_path / "r",
        {
            "benefits.toml": BENEFITS,
            "bone.toml": rule("bone.a", points=0) + rule("bone.b", metric="resistance_dayz"),
            "cases.toml": cases,
            "heart.toml": rule("heart.a", benefit="heart", points=-1),
            "weird.toml": "rule = 3\n",
        },
    )
    result = runner.invoke(cli, ["rules", "check", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder}/bone.toml: rule bone.a: points: must be greater than 0 (got 0)",
        f"{folder}/bone.toml: rule bone.b: unknown metric 'resistance_dayz' "
        "(did you mean 'resistance_days', 'resistance_min' or 'resistance_sessions'?)",
        f"{folder}/cases.toml: case 'second': expect.bone: unknown level 'great'; "
        "levels: none, low, moderate, strong",
        f"{folder}/heart.toml: rule heart.a: points: must be greater than 0 (got -1)",
        f"{folder}/weird.toml: 'rule' must be a list of [[rule]] tables",
        f"{folder}: 5 errors, 0 warnings (cases not run)",
    ]
    report = runner.invoke(cli, ["report", "--demo", "--rules", str(folder)])
    assert report.stderr.splitlines()[:-1] == [
        line for line in result.stderr.splitlines()[:-1] if "cases.toml" not in line
    ]


def test_an_invalid_case_counts_in_every_total(runner, tmp_path):
    folder = tmp_path / "mine"
    init(runner, folder)
    cases = folder / "cases.toml"
    text = cases.read_text(encoding="utf-8")
    broken = (
        '\n[[case]]\nname = "a swim"\nsessions = [{ day = "mon", kind = "swim", minutes = 30 }]\n'
        'expect = { heart = "low" }\n\n'
        '[[case]]\nname = "too much bone"\nsessions = []\nexpect = { bone = "strong" }\n'
    )
    cases.write_text(text + broken, encoding="utf-8")
    tested = runner.invoke(cli, ["rules", "test", str(folder)])
    assert tested.exit_code == 1
    assert tested.stderr == (
        f"{cases}: case 'a swim': session 1: kind: "
        "must be one of aerobic, resistance, mobility (got 'swim')\n"
    )
    lines = tested.stdout.splitlines()
    assert "FAIL  a swim" in lines
    assert lines[lines.index("FAIL  a swim") + 1] == (
        "      not run: the case is invalid (its problems are listed above)"
    )
    assert lines[-1] == "20 cases: 18 passed, 1 failed, 1 invalid"
    data = json.loads(runner.invoke(cli, ["rules", "test", str(folder), "--json"]).stdout)
    assert [case["name"] for case in data][18:] == ["a swim", "too much bone"]
    assert data[18] == {
        "name": "a swim",
        "passed": False,
        "levels": {},
        "scores": {},
        "failures": ["session 1: kind: must be one of aerobic, resistance, mobility (got 'swim')"],
    }
    check = runner.invoke(cli, ["rules", "check", str(folder)])
    assert check.exit_code == 1
    assert (
        check.stderr.splitlines()[-1]
        == f"{folder}: 2 errors, 0 warnings (31 rules, 7 benefits, 18 of 20 cases passed)"
    )
    assert (
        len(json.loads(runner.invoke(cli, ["rules", "check", str(folder), "--json"]).stdout)["cases"]) == 20
    )


def test_check_and_test_take_the_folder_as_dir_or_rules_but_not_two_different_ones(
    runner, tmp_path, monkeypatch
):
    folder = tmp_path / "mine"
    init(runner, folder)
    ok = f"{folder}: ok (31 rules, 7 benefits, 18 of 18 cases passed)\n"
    assert runner.invoke(cli, ["rules", "check", "--rules", str(folder)]).stdout == ok
    assert runner.invoke(cli, ["rules", "check", str(folder), "--rules", f"{folder}/"]).stdout == ok
    tested = runner.invoke(cli, ["rules", "test", "--rules", str(folder)])
    assert tested.exit_code == 0
    assert tested.stdout.splitlines()[-1] == "18 cases: 18 passed, 0 failed"
    for command in ("check", "test"):
        both = runner.invoke(cli, ["rules", command, str(folder), "--rules", str(tmp_path / "other")])
        assert both.exit_code == 2
        assert both.stderr.endswith(
            f"Error: DIR ({folder}) and --rules ({tmp_path / 'other'}) name different folders; give one\n"
        )
    # $MYOREC_RULES is only the default: a DIR given on the command line wins without a clash.
    monkeypatch.setenv("MYOREC_RULES", str(tmp_path / "other"))
    assert runner.invoke(cli, ["rules", "check", str(folder)]).stdout == ok
    assert "--rules DIR" in runner.invoke(cli, ["rules", "check", "--help"]).stdout


def test_check_reports_a_broken_activities_file_as_log_import_would(runner, tmp_path):
    folder = tmp_path / "mine"
    init(runner, folder)
    activities = folder / "activities.toml"
    summary = f"{folder}: 1 error, 0 warnings (31 rules, 7 benefits, 18 of 18 cases passed)"
    for text, message in [
        ("garbage = =\n", "line 1, column 11: invalid TOML: Invalid value"),
        ("[kinds]\naerobic = 3\n", "kinds.aerobic: must be a list of activity type names"),
        (
            '[kinds]\nswim = ["Swim"]\n',
            "kinds.swim: unknown kind; kind lists are aerobic, resistance, mobility, skip",
        ),
        (
            '[fit.kinds]\nswim = ["Swim"]\n',
            "fit.kinds.swim: unknown kind; kind lists are aerobic, resistance, mobility, skip",
        ),
    ]:
        activities.write_text(text, encoding="utf-8")
        result = runner.invoke(cli, ["rules", "check", str(folder)])
        assert result.exit_code == 1, text
        assert result.stderr.splitlines() == [f"{activities}: {message}", summary]
        imported = runner.invoke(
            cli, ["log", "import", str(activities), "--format", "strava", "--rules", str(folder)]
        )
        assert imported.stderr == f"Error: {activities}: {message}\n"
    data = json.loads(runner.invoke(cli, ["rules", "check", str(folder), "--json"]).stdout)
    assert data["problems"] == [
        {
            "severity": "error",
            "file": str(activities),
            "kind": None,
            "name": None,
            "message": "fit.kinds.swim: unknown kind; kind lists are aerobic, resistance, mobility, skip",
            "text": f"{activities}: fit.kinds.swim: unknown kind; "
            "kind lists are aerobic, resistance, mobility, skip",
        }
    ]
    # The report does not use the mapping, so it still runs.
    assert runner.invoke(cli, ["report", "--demo", "--rules", str(folder)]).exit_code == 0


def test_rules_list_shows_the_evidence_itself_with_its_level(runner, tmp_path):
    sources = "Smith 2020, J Muscle Res; " * 6 + "and a rule with no level"
    unrated = rule("heart.a", benefit="heart").replace('evidence = "e"', f'evidence = "{sources}"')
    rated = rule("bone.a").replace(
        'evidence = "e"\nevidence_level = "G"', 'evidence = "Doe 2021"\nevidence_level = "A"'
    )
    folder = make_folder(
        tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": rated, "heart.toml": unrated}
    )
    table = runner.invoke(cli, ["rules", "list", "--rules", str(folder), "--format", "plain"])
    assert table.exit_code == 0
    evidence = [line[table.stdout.index("Evidence") :].rstrip() for line in table.stdout.splitlines()]
    assert evidence == [
        "Evidence",
        "A: animal or cell studies only; confidence very low",
        "Doe 2021",
        "G: guideline or consensus statement; confidence high",
        "Smith 2020, J Muscle Res; Smith 2020, J Muscle Res;",
        "Smith 2020, J Muscle Res; Smith 2020, J Muscle Res;",
        "Smith 2020, J Muscle Res; Smith 2020, J Muscle Res;",
        "and a rule with no level",
    ]


def readme_console_blocks(section: str) -> list[tuple[list[str], list[str]]]:
    """(command words, output lines) of each complete ```console block in one README section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    text = readme.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    blocks = []
    for block in text.split("```console\n")[1:]:
        lines = block.split("```", 1)[0].splitlines()
        if "..." not in lines:  # an abridged example
            blocks.append((lines[0].removeprefix("$ myorec ").split(), lines[1:]))
    return blocks


def test_the_readme_walkthrough_prints_what_the_commands_print(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    init(runner, Path("my-rules"))
    bone, heart = Path("my-rules/bone.toml"), Path("my-rules/heart.toml")
    edited = '[{ metric = "resistance_days", at_least = 1 }]'
    bone.write_text(bone.read_text(encoding="utf-8").replace(edited.replace("1 }", "2 }"), edited))
    (clean, *broken) = readme_console_blocks("Tweaking the rules")
    assert len(broken) == 2  # the check that finds the typo, and the report that stops on it
    result = runner.invoke(cli, clean[0])
    assert result.output.splitlines() == clean[1]
    bone.write_text(bone.read_text(encoding="utf-8").replace(edited, edited.replace("days", "dayz")))
    text = heart.read_text(encoding="utf-8")
    assert '"vigorous_days", at_least = 3' in text  # the README's example edits this threshold
    heart.write_text(text.replace('"vigorous_days", at_least = 3', '"vigorous_days", at_least = 8'))
    for command, output in broken:
        result = runner.invoke(cli, command)
        assert result.exit_code == 1
        assert result.output.splitlines() == output


def test_init_into_a_folder_name_with_a_line_break_writes_valid_toml(runner, tmp_path):
    """The folder's name goes into each file's header comment, where a line break would end it."""
    folder = tmp_path / "line\nbreak = 1"
    assert runner.invoke(cli, ["rules", "init", str(folder)]).exit_code == 0
    header = (folder / "bone.toml").read_text(encoding="utf-8").splitlines()[2]
    assert header == f"# Check your edits with: myorec rules check {tmp_path}/line?break = 1"
    assert runner.invoke(cli, ["rules", "check", str(folder)]).exit_code == 0


def test_init_into_a_folder_name_that_is_not_utf8_writes_the_whole_set(tmp_path):
    """Such a name (a shell passes its bytes as surrogates) cannot be encoded into the header."""
    written = copy_default_rules(tmp_path / "not-utf8-\udcff")
    assert len(written) == 12
    assert all(path.stat().st_size > 100 for path in written)
    assert (tmp_path / "not-utf8-\udcff" / "bone.toml").read_bytes().splitlines()[2].endswith(b"not-utf8-?")


def test_init_refuses_a_folder_in_the_way_before_writing_anything(runner, tmp_path):
    (tmp_path / "mine" / "bone.toml").mkdir(parents=True)
    result = runner.invoke(cli, ["rules", "init", str(tmp_path / "mine"), "--force"])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: {tmp_path / 'mine' / 'bone.toml'}: is a folder; move it away to copy the rules here\n"
    )
    assert [path.name for path in (tmp_path / "mine").iterdir()] == ["bone.toml"]


def test_init_beside_other_toml_files_says_they_will_be_read_as_rules(runner, tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.toml").write_text("x = 1\n", encoding="utf-8")
    result = runner.invoke(cli, ["rules", "init", str(tmp_path / "mine")])
    assert result.exit_code == 0
    assert "Note: " in result.stderr
    assert "also holds notes.toml; every .toml file in a rule folder is read as rules" in result.stderr


def test_rules_list_in_markdown_keeps_one_line_per_rule(runner):
    """Wrapped evidence would split a rule over several Markdown rows."""
    result = runner.invoke(cli, ["rules", "list", "--benefit", "bone", "--format", "github"])
    lines = result.stdout.splitlines()
    assert len(lines) == 2 + 5  # the header and Markdown's rule, then bone's five rules
    assert "G: guideline or consensus statement; confidence high - ACSM position stand" in lines[2]


@pytest.mark.parametrize(("table_format", "delimiter"), [("tsv", "\t"), ("Csv", ",")])
def test_rules_list_as_csv_or_tsv_gives_the_level_and_the_sources_their_own_columns(
    runner, table_format, delimiter
):
    result = runner.invoke(cli, ["rules", "list", "--benefit", "bone", "--format", table_format])
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter=delimiter))
    assert rows[0] == [
        "Rule", "Benefit", "Points", "Partial", "Condition", "Myokines", "Evidence level", "Evidence"
    ]  # fmt: skip
    assert rows[1][:7] == [
        "bone.resistance-days",
        "bone",
        "45",
        "yes",
        "resistance_days ≥ 2; for age ≥ 18 (or unknown)",
        "",
        "G",
    ]
    assert rows[1][7].startswith("ACSM position stand on physical activity and bone health")
    assert len(rows) == 6


@pytest.mark.parametrize("columns", [80, 100, 150, 170])
def test_rules_list_fits_the_terminal_and_keeps_every_rule_and_source(runner, columns):
    result = runner.invoke(cli, ["rules", "list"], env={"COLUMNS": str(columns)})
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns
    text = " ".join(" ".join(line.replace("│", " ").split()) for line in lines)
    assert "volleyball, basketball) preserve bone in adults" in " ".join(text.split())
    assert text.count("bone.resistance-days") >= 1


def test_rules_list_on_a_narrow_terminal_is_a_short_table_then_a_block_per_rule(runner):
    lines = runner.invoke(
        cli, ["rules", "list", "--benefit", "bone"], env={"COLUMNS": "80"}
    ).stdout.splitlines()
    assert [cell.strip() for cell in lines[1].split("│")[1:-1]] == ["Rule", "Benefit", "Points", "Evidence"]
    assert [cell.strip() for cell in lines[3].split("│")[1:-1]] == [
        "bone.resistance-days",
        "bone",
        "45, partial",
        "G",
    ]
    block = lines.index("bone.resistance-days: when resistance_days ≥ 2; for age ≥ 18 (or unknown)")
    assert lines[block + 1] == "  Myokines: -"
    assert lines[block + 2] == (
        "  Evidence (G: guideline or consensus statement; confidence high): ACSM position"
    )


def test_a_dir_given_to_rules_test_is_not_blamed_on_myorec_rules(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("MYOREC_RULES", str(tmp_path))
    result = runner.invoke(cli, ["rules", "test", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "named by MYOREC_RULES" not in result.stderr
    assert f"{tmp_path / 'nope'}: rule folder does not exist" in result.stderr


def test_a_misspelt_level_in_cases_gets_a_suggestion(runner, tmp_path):
    cases = (
        '[[case]]\nname = "typo"\nsessions = []\n'
        'expect = { bone = "moderat" }\nexpect_at_most = { bone = "Strong" }\n'
    )
    folder = make_folder(
        tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": rule("bone.a"), "cases.toml": cases}
    )
    result = runner.invoke(cli, ["rules", "check", str(folder)])
    assert result.exit_code == 1
    cases_problems = [line for line in result.stderr.splitlines() if "cases.toml" in line]
    # only the typo: 'Strong' is a level, in any case
    assert cases_problems == [
        f"{folder}/cases.toml: case 'typo': expect.bone: unknown level 'moderat' (did you mean 'moderate'?); "
        "levels: none, low, moderate, strong"
    ]


def test_rules_test_fits_80_columns(runner):
    result = runner.invoke(cli, ["rules", "test"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[1] == "      got: immune none (0), blood_sugar none (0), fat_metabolism none (0),"
    assert lines[2] == "           bone none (0), heart none (0), appetite none (0), brain none (0)"
