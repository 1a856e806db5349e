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
    assert lines[0] == "Bone health and falls (bone) · the demo week: score 26, low, confidence high"
    assert lines[1].startswith("Outcome: mechanical loading keeps bone")
    assert (
        "1. bone.resistance-days: earned 22.5 of 45 points (not fired; partial credit for progress 50%)"
        in lines
    )
    assert "   Counted: age 52; the rule is for age ≥ 18 (or unknown)." in lines
    assert "   - resistance_days ≥ 2: actual 1, not met (progress 50%), needs 1 more" in lines
    assert any(
        line.startswith("   Evidence (G: guideline or consensus statement; confidence high): ACSM position")
        for line in lines
    )
    assert "2. bone.impact: earned 0 of 40 points (not fired; partial credit for progress 0%)" in lines
    assert (
        "   - impact_days on 0→0, 1→0.4, 3→1: actual 0, between 0→0 and 1→0.4, progress 0%; 3 more reaches"
        in lines
    )
    # A 52-year-old is not scored on the 65+ falls target or the youth targets: they are left out.
    assert "3. bone.falls-65: earned 0 of 35 points (does not apply)" in lines
    assert "   Not counted: age 52; the rule is for age ≥ 65, so it is left out of the total." in lines
    assert "Why it might work (myokine mechanisms: explained, never scored):" in lines
    assert "Score: 100 × 22.5 earned / 85 points of the rules that apply, rounded = 26 → low" in lines


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
    assert data["benefit"]["myokines"] == ["VEGF (local)"]
    assert {m["evidence_level"] for m in data["benefit"]["mechanisms"]} == {"H-acute", "A"}
    # Age unknown: the adult rules (70 + 20 + 10 points) apply, the youth ones (70 + 30) do not.
    # 150 moderate-equivalent minutes sit on the aerobic curve's 150 -> 0.65 point; 25 vigorous
    # minutes are 0.45 + 0.30 x 10/39 = 0.527 on the vigorous path: the higher, 0.65 x 70 = 45.5.
    assert (data["score"], data["level"], data["confidence"]) == (46, "moderate", "high")
    assert (data["earned"], data["total"]) == (45.5, 100)
    dose, strength, light, youth, youth_vigorous = data["rules"]
    assert [rule["applies"] for rule in data["rules"]] == [True, True, True, False, False]
    assert youth["applies_when"] == {"all": [{"metric": "age", "at_most": 17, "if_unknown": False}]}
    assert (dose["fired"], dose["progress"], dose["earned"], dose["partial"]) == (False, 0.65, 45.5, True)
    assert dose["conditions"][0] == {
        "metric": "moderate_equivalent_min",
        "curve": [[0, 0], [75, 0.5], [150, 0.65], [300, 0.87], [450, 0.97], [750, 1]],
        "value": 150,
        "met": False,
        "progress": 0.65,
        "gap": 600,
        "description": "moderate + 2 x vigorous aerobic minutes (WHO 2020); light not counted",
    }
    assert dose["conditions"][1]["progress"] == 0.5269
    assert (strength["earned"], strength["evidence_level"], strength["confidence"]) == (0.0, "H-MA", "high")
    assert (light["earned"], youth["earned"], youth_vigorous["earned"]) == (0.0, 0.0, 0.0)


def test_explain_with_user_rules_shows_unknown_values_and_at_most(runner, tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "benefits.toml").write_text('[[benefit]]\nid = "calm"\nname = "Calm"\n', encoding="utf-8")
    (folder / "calm.toml").write_text(
        '[[rule]]\nid = "calm.a"\nbenefit = "calm"\npoints = 5\nevidence = "e"\nevidence_level = "G"\n'
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
        "   Evidence (G: guideline or consensus statement; confidence high): e",
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
    # Two strength days fire the 45-point strength rule; with no impact work, 45 of 85 points.
    assert (data["week"], data["score"], data["level"]) == ("2026-W48", 53, "moderate")
    text = runner.invoke(cli, ["--db", db, "explain", "bone", "--week", "2026-W48"])
    assert text.stdout.splitlines()[0] == (
        "Bone health and falls (bone) · week 2026-W48: score 53, moderate, confidence high"
    )


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
        '[[rule]]\nid = "bone.a"\nbenefit = "bone"\npoints = 10\nevidence = "e"\nevidence_level = "G"\n'
        'when.all = [{ metric = "resistance_days", at_least = 2 }]\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["explain", "heart", "--demo", "--rules", str(folder)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Heart (heart) · the demo week: score 0, none, confidence very low",
        "Myokines: -",
        "",
        "Sessions, and how hard each counted:",
        '- Mon aerobic 40 min "brisk walk": moderate (given)',
        '- Tue resistance 45 min "gym: full-body machines": moderate (given)',
        '- Wed aerobic 30 min "tempo run": vigorous (RPE 7)',
        '- Thu mobility 30 min "yoga class": moderate (default)',
        '- Sat aerobic 60 min "walk with friends": light (given)',
        "",
        "Score: 0 → none: this rule set has no rules for heart",
        "Levels: 0 none, 1-39 low, 40-74 moderate, 75-100 strong; at low or very low confidence, at most",
        "moderate.",
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
        "  immune          Immune defence and inflammation",
        "  blood_sugar     Blood sugar control",
        "  fat_metabolism  Fat metabolism",
        "  bone            Bone health and falls",
        "  heart           Heart and blood vessels",
        "  appetite        Brain-gut axis and appetite",
        "  brain           Brain function and mood",
    ]
    listed = json.loads(runner.invoke(cli, ["explain", "--json"]).stdout)
    assert listed[3] == {"id": "bone", "name": "Bone health and falls"}


@pytest.mark.parametrize("typed", ["BONE", "Bone", " bone "])
def test_benefit_ids_are_case_insensitive(runner, typed):
    result = runner.invoke(cli, ["explain", typed, "--demo", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["benefit"]["id"] == "bone"
    listed = runner.invoke(cli, ["rules", "list", "--benefit", typed, "--json"])
    assert [rule["benefit"] for rule in json.loads(listed.stdout)] == ["bone"] * 5


def test_explain_shows_a_table_of_the_benefits_rules_and_fits_80_columns(runner):
    lines = runner.invoke(cli, ["explain", "bone", "--demo"], env={"COLUMNS": "80"}).stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(number for number, line in enumerate(lines) if line.startswith("│ Rule"))

    def cells(line):
        return [cell.strip() for cell in line.split("│")[1:-1]]

    assert cells(lines[header]) == ["Rule", "Earned", "Points", "Progress", "Outcome"]
    assert cells(lines[header + 2]) == ["bone.resistance-days", "22.5", "45", "50%", "partial"]
    assert cells(lines[header + 6]) == ["bone.falls-65", "0", "35", "33.3%", "not counted"]
    assert "   - resistance_days ≥ 2: actual 1, not met (progress 50%), needs 1 more" in lines


@pytest.mark.parametrize(("table_format", "delimiter"), [("csv", ","), ("TSV", "\t")])
def test_explain_as_csv_or_tsv_is_the_rule_table_alone(runner, table_format, delimiter):
    import csv
    import io

    result = runner.invoke(cli, ["explain", "bone", "--demo", "--format", table_format])
    assert list(csv.reader(io.StringIO(result.stdout), delimiter=delimiter)) == [
        ["Rule", "Earned", "Points", "Progress %", "Outcome"],
        ["bone.resistance-days", "22.5", "45", "50", "partial"],
        ["bone.impact", "0", "40", "0", "none"],
        ["bone.falls-65", "0", "35", "33.3", "not counted"],
        ["bone.youth-loading", "0", "70", "33.3", "not counted"],
        ["bone.youth-activity", "0", "30", "18.3", "not counted"],
    ]
