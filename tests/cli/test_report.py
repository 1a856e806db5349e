"""`myorec report` through the real click layer."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from myorec.cli import cli
from myorec.core.report import week_days
from tests.helpers import WHO_WEEK_SCORES, routine_text

WHO_ROUTINE = routine_text(
    *[
        {"day": d, "kind": "aerobic", "minutes": 30, "intensity": "moderate"}
        for d in ("mon", "tue", "wed", "thu", "fri")
    ],
    {"day": "tue", "kind": "resistance", "minutes": 30},
    {"day": "thu", "kind": "resistance", "minutes": 30},
    {"day": "sat", "kind": "mobility", "minutes": 20},
    {"day": "sun", "kind": "mobility", "minutes": 20},
)


def test_demo_report_shows_table_metrics_and_next_steps(runner):
    result = runner.invoke(cli, ["report", "--demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Template week · 5 sessions" in result.stdout
    assert "Bone health" in result.stdout
    assert "Next steps" in result.stdout
    assert "1. add a " in result.stdout


def test_demo_json_has_the_public_keys(runner):
    result = runner.invoke(cli, ["report", "--demo", "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["week"] is None
    assert data["metrics"]["age"] == 52
    assert data["metrics"]["moderate_equivalent_min"] == 100
    assert [b["id"] for b in data["benefits"]] == [
        "immune",
        "blood_sugar",
        "fat_metabolism",
        "bone",
        "heart",
        "appetite",
        "brain",
    ]
    for benefit in data["benefits"]:
        assert set(benefit) >= {"id", "name", "score", "level", "myokines", "advice"}
        assert isinstance(benefit["advice"], list)
        assert (benefit["advice"] == []) == (benefit["score"] == 100)
    gains = [step["gain"] for step in data["next_steps"]]
    assert gains == sorted(gains, reverse=True)
    assert all(gain > 0 for gain in gains)
    assert all(set(step) >= {"change", "gain"} for step in data["next_steps"])


def test_routine_report_exact_scores(runner, write_file):
    path = write_file("week.toml", WHO_ROUTINE)
    result = runner.invoke(cli, ["report", "--routine", str(path), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    scores = {b["id"]: b["score"] for b in json.loads(result.stdout)["benefits"]}
    assert scores == WHO_WEEK_SCORES


def test_routine_from_stdin(runner):
    result = runner.invoke(cli, ["report", "--routine", "-", "--json"], input=WHO_ROUTINE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["metrics"]["resistance_days"] == 2


def test_dated_routine_reports_its_iso_week_and_places_steps_on_dates(runner, write_file):
    text = routine_text({"date": "2026-11-23", "kind": "aerobic", "minutes": 30})
    path = write_file("dated.toml", text)
    result = runner.invoke(cli, ["report", "--routine", str(path), "--json"])
    data = json.loads(result.stdout)
    assert data["week"] == "2026-W48"
    assert "Tue 2026-11-24" in data["next_steps"][0]["change"]


def test_a_week_at_the_end_of_the_calendar_places_steps_on_its_days_up_to_2999_12_31(runner, write_file):
    """The ISO week of 2999-12-31 runs into 3000, past the last date a session may have."""
    text = routine_text(
        {"date": "2999-12-30", "kind": "resistance", "minutes": 30},
        {"date": "2999-12-31", "kind": "resistance", "minutes": 30},
    )
    result = runner.invoke(cli, ["report", "--routine", str(write_file("end.toml", text)), "--json"])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    steps = [step["change"] for step in json.loads(result.stdout)["next_steps"]]
    assert steps
    assert all("2999-12-30" in step or "2999-12-31" in step for step in steps), steps


def test_empty_routine_is_a_zero_report(runner, write_file):
    path = write_file("empty.toml", "")
    result = runner.invoke(cli, ["report", "--routine", str(path), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {b["level"] for b in data["benefits"]} == {"none"}
    assert data["next_steps"][0]["gain"] > 0


def table_lines(stdout, first):
    """The table part of a report: from its first line to the blank line after it."""
    lines = stdout.splitlines()
    start = next(number for number, line in enumerate(lines) if line.startswith(first))
    return lines[start : lines.index("", start)]


@pytest.mark.parametrize(("table_format", "first"), [("github", "| Benefit"), ("tsv", "Benefit")])
def test_markdown_and_tsv_tables_keep_one_line_per_benefit(runner, table_format, first):
    """A wrapped cell would split a benefit over several Markdown or TSV rows."""
    result = runner.invoke(cli, ["report", "--demo", "--format", table_format], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    rows = table_lines(result.stdout, first)
    assert len(rows) == 1 + (table_format == "github") + 7  # header, Markdown's rule, seven benefits
    assert "Immune defence and inflammation" in rows[-7]
    assert "Brain function and mood" in rows[-1]


@pytest.mark.parametrize("command", [["report", "--demo"], ["rules", "list"]])
def test_every_table_command_refuses_an_unknown_format_alike(runner, command):
    result = runner.invoke(cli, [*command, "--format", "nope"])
    assert result.exit_code == 2
    assert "Error: Invalid value for '--format': choose one of asciidoc, " in result.stderr
    assert "rounded_grid" in result.stderr


def test_format_completes_from_tabulates_styles():
    from click.shell_completion import ShellComplete

    from myorec.cli.report_cmd import report

    completions = ShellComplete(report, {}, "report", "_MYOREC_COMPLETE").get_completions(
        ["--format"], "rounded"
    )
    assert [item.value for item in completions] == ["rounded_grid", "rounded_outline"]


def test_a_grid_table_narrows_to_the_terminal_and_prose_wraps(runner):
    wide = runner.invoke(cli, ["report", "--demo"]).stdout
    assert max(len(line) for line in table_lines(wide, "╭")) == 155
    narrow = runner.invoke(cli, ["report", "--demo"], env={"COLUMNS": "120"}).stdout
    assert max(len(line) for line in table_lines(narrow, "╭")) <= 120
    assert max(len(line) for line in narrow.splitlines() if not line.startswith(("╭", "│", "├", "╰"))) <= 120
    # Narrowing rewraps cells; it never drops what they say.
    assert "".join(narrow.split()).count("add") == "".join(wide.split()).count("add")


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--demo", "--routine", "x.toml"],
        ["report", "--demo", "--week", "2026-W48"],
        ["report", "--routine", "x.toml", "--week", "2026-W48"],
        ["report", "--week", "2026-W60"],
        ["report", "--demo", "--format", "nope"],
    ],
)
def test_usage_errors_exit_2(runner, args):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[session]]\nday = "mon"\nkind = "aerobic"\nminutes = 30\nintensity = "hard"\n',
            "week.toml: session 1: intensity: must be one of light, moderate, vigorous (got 'hard')",
        ),
        (
            '[[session]]\nday = "mon"\nkind = "aerobic"\nminutes = -5\n',
            "week.toml: session 1: minutes: must be a whole number from 1 to 1440 (got -5)",
        ),
        (
            '[[session]]\nday = "mon"\nkind = "aerobic"\nminutes = 30\nminuts = 3\n',
            "week.toml: session 1: unknown key 'minuts' (did you mean 'minutes'?)",
        ),
        (
            '[[session]]\nday = "mon"\nkind = "swim"\nminutes = 30\n',
            "week.toml: session 1: kind: must be one of aerobic, resistance, mobility (got 'swim')",
        ),
        (
            '[[session]]\nday = "mon"\nkind = "aerobic"\nminutes = 30\nrpe = 5\nintensity = "light"\n',
            "week.toml: session 1: give either intensity or rpe, not both",
        ),
        (
            '[[session]]\nday = "funday"\nkind = "aerobic"\nminutes = 30\n',
            "week.toml: session 1: day: must be one of mon, tue, wed, thu, fri, sat, sun (got 'funday')",
        ),
        (
            '[[session]]\ndate = "2026-13-01"\nkind = "aerobic"\nminutes = 30\n',
            "week.toml: session 1: date: must be a date written YYYY-MM-DD (got '2026-13-01')",
        ),
        (
            '[[session]]\nday = "mon"\nkind = "aerobic"\nminutes = 30\nfocus = "balance"\n',
            "week.toml: session 1: focus is only allowed on mobility sessions",
        ),
        (
            '[[session]]\ndate = 2026-11-22\nkind = "aerobic"\nminutes = 30\n[[session]]\ndate = 2026-11-23\n'
            'kind = "aerobic"\nminutes = 30\n',
            "dated sessions fall in 2 ISO weeks (2026-W47, 2026-W48)",
        ),
        (
            '[[session]]\ndate = 2026-11-23\nkind = "aerobic"\nminutes = 30\n[[session]]\nday = "mon"\n'
            'kind = "aerobic"\nminutes = 30\n',
            "mixes sessions with 'day' and sessions with 'date'",
        ),
        ("[profile]\nage = 0\n", "week.toml: profile: age: must be a whole number from 5 to 120 (got 0)"),
        (
            '[[session]]\nday = "mon"\nkind = "aerobic"\nminutes = 30\n[[session\n',
            "week.toml: line 5, column 10: invalid TOML",
        ),
    ],
)
def test_bad_routines_give_one_line_errors(runner, write_file, text, message):
    path = write_file("week.toml", text)
    result = runner.invoke(cli, ["report", "--routine", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    error = result.stderr.strip()
    assert "\n" not in error
    assert "Traceback" not in result.stderr
    assert error.startswith("Error: ")
    assert message in error


def test_case_insensitive_enumerations(runner, write_file):
    path = write_file(
        "week.toml", '[[session]]\nday = "MON"\nkind = "Aerobic"\nminutes = 30\nintensity = "VIGOROUS"\n'
    )
    result = runner.invoke(cli, ["report", "--routine", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["metrics"]["aerobic_vigorous_min"] == 30


def test_missing_routine_file_is_a_user_error(runner, tmp_path):
    result = runner.invoke(cli, ["report", "--routine", str(tmp_path / "nope.toml")])
    assert result.exit_code == 1
    assert "nope.toml: cannot read: No such file or directory" in result.stderr


def test_version_and_help(runner):
    assert runner.invoke(cli, ["--version"]).stdout.startswith("myorec ")
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "report" in result.stdout


def test_next_steps_in_the_current_week_go_on_days_still_to_come():
    monday = dt.date(2026, 11, 30)
    assert week_days(monday, today=dt.date(2026, 12, 3)) == [
        monday + dt.timedelta(days=n) for n in range(3, 7)
    ]
    whole = [monday + dt.timedelta(days=n) for n in range(7)]
    assert week_days(monday, today=dt.date(2026, 12, 7)) == whole  # a week gone by: any of its days
    assert week_days(monday, today=dt.date(2026, 11, 1)) == whole  # a week to come: all of it
    last = dt.date(2999, 12, 30)
    assert week_days(last, today=dt.date(2026, 11, 1)) == [last, dt.date(2999, 12, 31)]
