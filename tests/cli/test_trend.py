"""`myorec trend`: one row per ISO week from the log, scored like the week's report."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from myorec.cli import cli
from tests.helpers import WHO_WEEK_SCORES

ZERO = dict.fromkeys(WHO_WEEK_SCORES, 0)


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
    keys = {"week", "in_progress", "sessions", "scores", "moderate_equivalent_min", "resistance_days"}
    assert all(set(week) == keys for week in data)
    # a week with nothing logged, after the first logged session, is a real week of zeros
    assert data[1] == {
        "week": "2026-W45",
        "in_progress": False,
        "sessions": 0,
        "scores": ZERO,
        "moderate_equivalent_min": 0,
        "resistance_days": 0,
    }
    assert data[2] == {
        "week": "2026-W46",
        "in_progress": False,
        "sessions": 9,
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


@pytest.mark.parametrize(
    ("until", "weeks_back"), [("this", 0), ("last", 1), ("-3", 3), ("today", 0), ("yesterday", None)]
)
def test_trend_until_takes_weeks_as_people_say_them(run, until, weeks_back):
    today = dt.date.today()
    if weeks_back is None:  # a date: its ISO week
        monday = today - dt.timedelta(days=1 + (today - dt.timedelta(days=1)).weekday())
    else:
        monday = today - dt.timedelta(days=today.weekday(), weeks=weeks_back)
    year, week, _ = monday.isocalendar()
    rows = json.loads(run("trend", "--weeks", "1", "--until", until, "--json").stdout)
    assert [row["week"] for row in rows] == [f"{year}-W{week:02d}"]


def test_trend_until_a_date_ends_with_its_iso_week(run):
    rows = json.loads(run("trend", "--weeks", "2", "--until", "2027-01-03", "--json").stdout)
    assert [row["week"] for row in rows] == ["2026-W52", "2026-W53"]


def test_trend_crosses_a_year_with_53_iso_weeks(run):
    data = json.loads(run("trend", "--weeks", "2", "--until", "2027-W01", "--json").stdout)
    assert [week["week"] for week in data] == ["2026-W53", "2027-W01"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weeks", "0"], "Invalid value for '--weeks'"),
        (["--until", "2026-W60"], "invalid ISO week '2026-W60': 2026 has weeks 1 to 53"),
        (["--until", "week 48"], "invalid ISO week 'week 48'"),
        (
            ["--until", "2026-11-31"],
            "invalid week '2026-11-31': is not a real day: November 2026 has 30 days",
        ),
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


def test_weeks_before_the_first_logged_session_have_no_data_not_zeros(run, three_weeks):
    data = json.loads(run("trend", "--weeks", "4", "--until", "2026-W46", "--json").stdout)
    assert data[0] == {
        "week": "2026-W43",
        "in_progress": False,
        "sessions": 0,
        "scores": None,
        "moderate_equivalent_min": None,
        "resistance_days": None,
    }
    lines = run("trend", "--weeks", "4", "--until", "2026-W46").stdout.splitlines()
    assert lines[2].split() == ["2026-W43", "no", "data"]
    assert "Scores, 2026-W44 → 2026-W46:" in lines  # the comparison starts where the log does
    assert "  bone            ▁▁▅  0 → 53" in lines


def test_an_empty_log_has_no_data_in_any_week(run):
    data = json.loads(run("trend", "--weeks", "2", "--until", "2026-W46", "--json").stdout)
    assert [week["scores"] for week in data] == [None, None]
    text = run("trend", "--weeks", "2", "--until", "2026-W46").stdout
    assert "Scores," not in text
    assert text.endswith(
        "No sessions logged in these weeks: add some with 'myorec log add' or 'log import'.\n"
    )


@pytest.fixture
def this_week(run):
    """A whole week two weeks ago, and a session today: the trend's last week is in progress."""
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    for day in range(5):
        run("log", "add", "aerobic", "30", "--date", (monday - dt.timedelta(weeks=2, days=-day)).isoformat())
    run("log", "add", "resistance", "30")
    return today


def test_the_week_in_progress_is_marked_and_left_out_of_the_comparison(run, this_week):
    data = json.loads(run("trend", "--weeks", "3", "--json").stdout)
    assert [week["in_progress"] for week in data] == [False, False, True]
    assert [week["sessions"] for week in data] == [5, 0, 1]
    lines = run("trend", "--weeks", "3").stdout.splitlines()
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][: this_week.isoweekday()]
    so_far = days[0] if len(days) == 1 else f"{days[0]}–{days[-1]}"
    assert lines[4].endswith(f"1  in progress, {so_far}")
    weeks = [week["week"] for week in data]
    assert f"Scores, {weeks[0]} → {weeks[1]} ({weeks[2]} is in progress, so left out):" in lines
    immune = data[0]["scores"]["immune"]
    assert f"  immune          {spark(immune)}▁  {immune} → 0" in lines


def spark(score):
    return "▁▂▃▄▅▆▇█"[(score * 7 + 50) // 100]


def test_at_80_columns_the_trend_turns_on_its_side_in_blocks_that_fit(runner, tmp_path, this_week):
    db = str(tmp_path / "log.db")
    result = runner.invoke(cli, ["--db", db, "trend", "--weeks", "20"], env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    headers = [line.split() for line in lines if line.startswith("    ")]
    assert sum(len(header) for header in headers) == 20  # every week, in several blocks
    assert len(headers) > 1
    assert headers[-1][-1].endswith("*")
    assert lines[0].startswith("Weeks ")
    assert lines[0].endswith(":")
    assert any(line.startswith("immune ") for line in lines)
    assert any(line.startswith("sessions ") for line in lines)
    assert "* in progress" in result.stdout
    assert "- no data: before the first logged session" in result.stdout


@pytest.mark.parametrize(("table_format", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_trend_as_csv_or_tsv_is_the_table_alone(run, three_weeks, table_format, delimiter):
    import csv
    import io

    text = run("trend", "--weeks", "4", "--until", "2026-W46", "--format", table_format).stdout
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] == [
        "week", "immune", "blood_sugar", "fat_metabolism", "bone", "heart", "appetite", "brain",
        "mod-eq min", "res days", "sessions", "note",
    ]  # fmt: skip
    assert rows[1] == ["2026-W43", *[""] * 10, "no data"]
    assert rows[4] == ["2026-W46", "51", "58", "46", "53", "66", "42", "66", "150", "2", "9", ""]
    assert len(rows) == 5


def test_trend_sparklines_fall_back_to_ascii(tmp_path, three_weeks):
    from click.testing import CliRunner

    db = str(tmp_path / "log.db")
    result = CliRunner(charset="cp1252").invoke(
        cli, ["--db", db, "trend", "--weeks", "3", "--until", "2026-W46"]
    )
    assert result.exit_code == 0, result.output
    assert "  bone            __=  0 -> 53" in result.stdout.splitlines()
