"""`myorec trend`: one row per ISO week from the log, scored like the week's report."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from myorec.cli import cli
from tests.helpers import WHO_WEEK_SCORES

ZERO = dict.fromkeys(WHO_WEEK_SCORES, 0)


@pytest.fixture
def run(runner, tmp_path):
    def invoke(*args, code=0):
        result = runner.invoke(cli, ["--db", str(tmp_path / "log.db"), *args])
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    return invoke


@pytest.fixture
def three_weeks(run):
    """W44: one aerobic session; W45: nothing; W46: the WHO 2020 week (150 moderate min, 2 strength days)."""
    run("log", "add", "aerobic", "30", "--date", "2026-10-28")
    for day in range(9, 14):
        run("log", "add", "aerobic", "30", "--intensity", "moderate", "--date", f"2026-11-{day:02d}")
    for day in (10, 12):
        run("log", "add", "resistance", "30", "--date", f"2026-11-{day:02d}")
    for day in (14, 15):
        run("log", "add", "mobility", "20", "--date", f"2026-11-{day:02d}")


def test_trend_json_is_a_list_of_weeks_oldest_first(run, three_weeks):
    data = json.loads(run("trend", "--weeks", "3", "--until", "2026-W46", "--json").stdout)
    assert [week["week"] for week in data] == ["2026-W44", "2026-W45", "2026-W46"]
    assert all(set(week) == {"week", "scores", "moderate_equivalent_min", "resistance_days"} for week in data)
    assert data[1] == {"week": "2026-W45", "scores": ZERO, "moderate_equivalent_min": 0, "resistance_days": 0}
    assert data[2] == {
        "week": "2026-W46",
        "scores": WHO_WEEK_SCORES,
        "moderate_equivalent_min": 150,
        "resistance_days": 2,
    }


def test_each_trend_week_scores_like_that_weeks_report(run, three_weeks):
    for week in json.loads(run("trend", "--weeks", "3", "--until", "2026-W46", "--json").stdout):
        report = json.loads(run("report", "--week", week["week"], "--json").stdout)
        assert week["scores"] == {benefit["id"]: benefit["score"] for benefit in report["benefits"]}
        assert week["moderate_equivalent_min"] == report["metrics"]["moderate_equivalent_min"]


def test_trend_text_has_a_row_per_week_and_a_sparkline_per_benefit(run, three_weeks):
    assert run("trend", "--weeks", "3", "--until", "2026-W46").stdout == (
        "week        immune    blood_sugar    fat_metabolism    bone    heart    appetite    brain"
        "    mod-eq min    res days    sessions\n"
        "--------  --------  -------------  ----------------  ------  -------  ----------  -------"
        "  ------------  ----------  ----------\n"
        "2026-W44      10 ▂            7 ▁               6 ▁     0 ▁     14 ▂         8 ▂     13 ▂"
        "            30           0           1\n"
        "2026-W45       0 ▁            0 ▁               0 ▁     0 ▁      0 ▁         0 ▁      0 ▁"
        "             0           0           0\n"
        "2026-W46      51 ▅           58 ▅              46 ▄    53 ▅     66 ▆        42 ▄     66 ▆"
        "           150           2           9\n"
        "\n"
        "Scores, 2026-W44 → 2026-W46:\n"
        "  immune          ▂▁▅  10 → 51\n"
        "  blood_sugar     ▁▁▅  7 → 58\n"
        "  fat_metabolism  ▁▁▄  6 → 46\n"
        "  bone            ▁▁▅  0 → 53\n"
        "  heart           ▂▁▆  14 → 66\n"
        "  appetite        ▂▁▄  8 → 42\n"
        "  brain           ▂▁▆  13 → 66\n"
    )


def test_trend_defaults_to_the_last_eight_weeks_ending_this_week(run):
    data = json.loads(run("trend", "--json").stdout)
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    labels = [
        f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}"
        for d in (monday - dt.timedelta(weeks=n) for n in range(7, -1, -1))
    ]
    assert [week["week"] for week in data] == labels
    assert "No sessions logged in these weeks" in run("trend").stdout


def test_trend_crosses_a_year_with_53_iso_weeks(run):
    data = json.loads(run("trend", "--weeks", "2", "--until", "2027-W01", "--json").stdout)
    assert [week["week"] for week in data] == ["2026-W53", "2027-W01"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weeks", "0"], "Invalid value for '--weeks'"),
        (["--until", "2026-W60"], "invalid ISO week '2026-W60': 2026 has weeks 1 to 53"),
        (["--until", "week 48"], "invalid ISO week 'week 48'"),
    ],
)
def test_trend_usage_errors_exit_2(run, args, message):
    assert message in run("trend", *args, code=2).stderr


def test_trend_with_a_missing_rule_folder_is_an_error(run, tmp_path):
    result = run("trend", "--rules", str(tmp_path / "nope"), code=1)
    assert result.stderr.startswith(f"Error: {tmp_path / 'nope'}: rule folder does not exist")


def test_a_trend_does_not_reach_back_before_1900(run):
    rows = json.loads(run("trend", "--until", "1900-W02", "--weeks", "5", "--json").stdout)
    assert [row["week"] for row in rows] == ["1900-W01", "1900-W02"]
