"""`myorec explain` through the real click layer: the actual numbers behind one benefit's score."""

from __future__ import annotations

import json

import pytest

from myorec.cli import cli
from tests.helpers import routine_text


def test_explain_demo_shows_values_thresholds_points_evidence_and_gaps(runner):
    result = runner.invoke(cli, ["explain", "bone", "--demo"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Bone health (bone) · the demo week: score 52, moderate"
    assert lines[1].startswith("Mechanical loading from strength training")
    assert "Myokines: irisin, IGF-1, decorin, FGF-2, BAIBA" in lines
    assert (
        "1. bone.resistance-days: earned 25 of 50 points (not fired; partial credit for progress 50%)"
        in lines
    )
    assert "   - resistance_days ≥ 2: actual 1, not met (progress 50%), needs 1 more" in lines
    assert (
        "   Evidence (G: guideline or consensus statement): WHO 2020 guideline: muscle-strengthening activity"
        in (lines)
    )
    assert (
        "   To gain the rest: Add resistance (strength) training on 1 more day(s) a week (target 2)." in lines
    )
    assert (
        "2. bone.strength-volume: earned 15 of 20 points (not fired; partial credit for progress 75%)"
        in lines
    )
    assert "   - resistance_min ≥ 60: actual 45, not met (progress 75%), needs 15 more" in lines
    assert (
        "3. bone.multicomponent: earned 6.67 of 20 points (not fired; partial credit for progress 33.3%)"
        in lines
    )
    assert "4. bone.myokines: earned 5 of 10 points (not fired; partial credit for progress 50%)" in lines
    assert (
        "   Evidence (A: animal or cell studies only): Muscle-to-bone signalling is almost entirely animal"
        in lines
    )
    assert lines[-2] == "Score: 100 × 51.67 earned / 100 points, rounded = 52 → moderate"


def test_explain_routine_json_has_the_trace(runner, write_file):
    path = write_file(
        "week.toml",
        routine_text(
            {"date": "2026-11-23", "kind": "aerobic", "minutes": 100, "intensity": "moderate"},
            {"date": "2026-11-25", "kind": "aerobic", "minutes": 25, "intensity": "vigorous"},
        ),
    )
    result = runner.invoke(
        cli, ["explain", "heart", "--routine", str(path), "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["week"] == "2026-W48"
    assert data["benefit"]["id"] == "heart"
    assert data["benefit"]["myokines"] == ["VEGF", "IL-6", "FSTL1", "apelin"]
    # 150 moderate-equivalent: guideline fires (50), high 150/300 x 20 (10), days 2/3 x 10 (6.67),
    # strength 0, vascular myokines 2 of 3 aerobic sessions x 10 (6.67) -> 73.33
    assert (data["score"], data["level"], data["earned"], data["total"]) == (73, "moderate", 73.3333, 100)
    guideline, high, days, strength, vascular = data["rules"]
    assert guideline["fired"] is True
    assert guideline["conditions"] == [
        {
            "metric": "moderate_equivalent_min",
            "at_least": 150,
            "value": 150,
            "met": True,
            "progress": 1.0,
            "gap": 0,
            "description": "moderate + 2 x vigorous aerobic minutes (WHO 2020); light not counted",
        }
    ]
    assert guideline["advice"] is None
    assert (high["earned"], high["progress"], high["conditions"][0]["gap"]) == (10.0, 0.5, 150)
    assert days["advice"] == "Spread aerobic work over 1 more day(s) a week (target 3)."
    assert (strength["earned"], strength["evidence_level"]) == (0.0, "G")
    assert (vascular["earned"], vascular["evidence_level"]) == (6.6667, "A")


def test_explain_with_user_rules_shows_unknown_values_and_at_most(runner, tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "benefits.toml").write_text('[[benefit]]\nid = "calm"\nname = "Calm"\n', encoding="utf-8")
    (folder / "calm.toml").write_text(
        '[[rule]]\nid = "calm.a"\nbenefit = "calm"\npoints = 5\nevidence = "e"\n'
        'when.any = [{ metric = "age", at_least = 60 }, { metric = "total_min", at_most = 20 }]\n',
        encoding="utf-8",
    )
    routine = tmp_path / "week.toml"
    routine.write_text(routine_text({"day": "mon", "kind": "aerobic", "minutes": 30}), encoding="utf-8")
    result = runner.invoke(cli, ["explain", "calm", "--routine", str(routine), "--rules", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[lines.index("1. calm.a: earned 0 of 5 points (not fired; no partial credit)") :][:5] == [
        "1. calm.a: earned 0 of 5 points (not fired; no partial credit)",
        "   when any of (the highest progress counts):",
        "   - age ≥ 60: actual unknown (age has no value), not met",
        "   - total_min ≤ 20: actual 30, not met, needs 10 less",
        "   Evidence: e",
    ]
    assert result.stderr == (
        f"{folder}/calm.toml: rule calm.a: warning: total_min ≤ 20 makes the rule set non-monotone: "
        "adding a session can lower this benefit's score\n"
    )


def test_unknown_benefit_lists_the_valid_ids(runner):
    result = runner.invoke(cli, ["explain", "bnoe", "--demo"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unknown benefit 'bnoe' (did you mean 'bone'?); "
        "valid ids: immune, blood_sugar, fat_metabolism, bone, heart, appetite, brain\n"
    )


@pytest.mark.parametrize("benefit", ["bone", "bnoe"])
def test_explain_reads_the_week_before_the_rules_as_report_does(runner, tmp_path, benefit):
    """The same bad week and rule folder give the same error, whichever command meets them."""
    bad = ["--routine", str(tmp_path / "missing.toml"), "--rules", str(tmp_path / "no-rules")]
    report = runner.invoke(cli, ["report", *bad])
    explain = runner.invoke(cli, ["explain", benefit, *bad])
    assert explain.exit_code == report.exit_code == 1
    assert (
        explain.stderr
        == report.stderr
        == f"Error: {tmp_path}/missing.toml: cannot read: No such file or directory\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "bone", "--demo", "--routine", "x.toml"],
        ["explain", "bone", "--demo", "--week", "2026-W48"],
        ["explain", "bone", "--week", "2026-W99"],
    ],
)
def test_explain_takes_at_most_one_week(runner, args):
    assert runner.invoke(cli, args).exit_code == 2


def test_explain_a_logged_week_matches_the_same_routine(runner, tmp_path, write_file):
    db = str(tmp_path / "log.db")
    for date in ("2026-11-23", "2026-11-26"):
        added = runner.invoke(cli, ["--db", db, "log", "add", "resistance", "40", "--date", date])
        assert added.exit_code == 0, added.output
    logged = runner.invoke(cli, ["--db", db, "explain", "bone", "--week", "2026-W48", "--json"])
    assert logged.exit_code == 0, logged.output
    routine = write_file(
        "week.toml",
        routine_text(
            {"date": "2026-11-23", "kind": "resistance", "minutes": 40},
            {"date": "2026-11-26", "kind": "resistance", "minutes": 40},
        ),
    )
    from_file = runner.invoke(cli, ["explain", "bone", "--routine", str(routine), "--json"])
    assert json.loads(logged.stdout) == json.loads(from_file.stdout)
    data = json.loads(logged.stdout)
    assert (data["week"], data["score"], data["level"]) == ("2026-W48", 93, "strong")
    text = runner.invoke(cli, ["--db", db, "explain", "bone", "--week", "2026-W48"])
    assert text.stdout.splitlines()[0] == "Bone health (bone) · week 2026-W48: score 93, strong"


def test_explain_without_a_week_reads_this_weeks_empty_log(runner, tmp_path):
    result = runner.invoke(cli, ["--db", str(tmp_path / "none.db"), "explain", "heart", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["score"], data["level"]) == (0, "none")
    assert not (tmp_path / "none.db").exists()


def test_explain_help_has_an_example(runner):
    result = runner.invoke(cli, ["explain", "--help"])
    assert result.exit_code == 0
    assert "myorec explain bone --demo" in result.stdout


def test_explain_a_benefit_without_rules_says_so(runner, tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "benefits.toml").write_text(
        '[[benefit]]\nid = "bone"\nname = "Bone"\n\n[[benefit]]\nid = "heart"\nname = "Heart"\n',
        encoding="utf-8",
    )
    (folder / "bone.toml").write_text(
        '[[rule]]\nid = "bone.a"\nbenefit = "bone"\npoints = 10\nevidence = "e"\n'
        'when.all = [{ metric = "resistance_days", at_least = 2 }]\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["explain", "heart", "--demo", "--rules", str(folder)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Heart (heart) · the demo week: score 0, none",
        "Myokines: -",
        "",
        "Score: 0 → none: this rule set has no rules for heart",
        "Levels: 0 none, 1-39 low, 40-74 moderate, 75-100 strong.",
    ]
    data = json.loads(
        runner.invoke(cli, ["explain", "heart", "--demo", "--json", "--rules", str(folder)]).stdout
    )
    assert (data["score"], data["level"], data["total"], data["rules"]) == (0, "none", 0, [])


def test_explain_without_a_benefit_lists_the_benefits(runner):
    result = runner.invoke(cli, ["explain"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Benefits to explain (myorec explain BENEFIT):",
        "  immune          Immune balance",
        "  blood_sugar     Blood sugar control",
        "  fat_metabolism  Fat metabolism",
        "  bone            Bone health",
        "  heart           Heart and blood vessels",
        "  appetite        Brain-gut axis and appetite",
        "  brain           Brain (BDNF)",
    ]
    listed = json.loads(runner.invoke(cli, ["explain", "--json"]).stdout)
    assert listed[3] == {"id": "bone", "name": "Bone health"}


@pytest.mark.parametrize("typed", ["BONE", "Bone", " bone "])
def test_benefit_ids_are_case_insensitive(runner, typed):
    result = runner.invoke(cli, ["explain", typed, "--demo", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["benefit"]["id"] == "bone"
    listed = runner.invoke(cli, ["rules", "list", "--benefit", typed, "--json"])
    assert [rule["benefit"] for rule in json.loads(listed.stdout)] == ["bone"] * 4


def test_explain_shows_a_table_of_the_benefits_rules_and_fits_80_columns(runner):
    lines = runner.invoke(cli, ["explain", "bone", "--demo"], env={"COLUMNS": "80"}).stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(number for number, line in enumerate(lines) if line.startswith("│ Rule"))

    def cells(line):
        return [cell.strip() for cell in line.split("│")[1:-1]]

    assert cells(lines[header]) == ["Rule", "Earned", "Points", "Progress", "Fired"]
    assert cells(lines[header + 6]) == ["bone.multicomponent", "6.67", "20", "33.3%", "no"]
    assert "   - resistance_days ≥ 2: actual 1, not met (progress 50%), needs 1 more" in lines


@pytest.mark.parametrize(("table_format", "delimiter"), [("csv", ","), ("TSV", "\t")])
def test_explain_as_csv_or_tsv_is_the_rule_table_alone(runner, table_format, delimiter):
    import csv
    import io

    result = runner.invoke(cli, ["explain", "bone", "--demo", "--format", table_format])
    assert list(csv.reader(io.StringIO(result.stdout), delimiter=delimiter)) == [
        ["Rule", "Earned", "Points", "Progress %", "Fired"],
        ["bone.resistance-days", "25", "50", "50", "no"],
        ["bone.strength-volume", "15", "20", "75", "no"],
        ["bone.multicomponent", "6.6667", "20", "33.3", "no"],
        ["bone.myokines", "5", "10", "50", "no"],
    ]
