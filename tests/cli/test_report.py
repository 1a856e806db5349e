"""`myorec report` through the real click layer."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner

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


def test_markdown_tables_keep_one_line_per_benefit(runner):
    """A wrapped cell would split a benefit over several Markdown rows."""
    result = runner.invoke(cli, ["report", "--demo", "--format", "github"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    rows = table_lines(result.stdout, "| Benefit")
    assert len(rows) == 1 + 1 + 7  # header, Markdown's rule, seven benefits
    assert "Immune defence and inflammation" in rows[-7]
    assert "Brain function and mood" in rows[-1]


@pytest.mark.parametrize(("table_format", "delimiter"), [("csv", ","), ("TSV", "\t")])
def test_csv_and_tsv_print_the_table_alone_with_plain_values(runner, table_format, delimiter):
    result = runner.invoke(cli, ["report", "--demo", "--format", table_format], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter=delimiter))
    assert rows[0] == [
        "Benefit", "Score", "Level", "Confidence", "Evidence", "Myokines", "What drove it", "Next step"
    ]  # fmt: skip
    assert [row[:4] for row in rows[1:]] == [
        ["Immune defence and inflammation", "34", "low", "high"],
        ["Blood sugar control", "44", "moderate", "high"],
        ["Fat metabolism", "33", "low", "high"],
        ["Bone health and falls", "26", "low", "high"],
        ["Heart and blood vessels", "58", "moderate", "high"],
        ["Brain-gut axis and appetite", "20", "low", "low"],
        ["Brain function and mood", "66", "moderate", "high"],
    ]
    assert rows[4][4:7] == ["G", "-", "resistance-days 23/45"] or rows[4][4:7] == [
        "G",
        "",
        "resistance-days 23/45",
    ]
    assert result.stdout.count("\n") == 8


def test_html_prints_a_table_only(runner):
    result = runner.invoke(cli, ["report", "--demo", "--format", "html"])
    assert result.exit_code == 0
    assert result.stdout.startswith("<table>\n")
    assert result.stdout.endswith("</table>\n")
    assert result.stdout.count("<tr>") == 8
    assert "█" not in result.stdout


def test_at_80_columns_the_report_is_compact_and_no_line_is_longer(runner):
    result = runner.invoke(cli, ["report", "--demo"], env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "│ Benefit                         │         Score │ Level    │ Confidence   │" in lines
    assert "│ Bone health and falls           │ 26 ███░░░░░░░ │ low      │ high         │" in lines
    bone = lines.index("Bone health and falls: 26, low, confidence high · evidence G")
    assert lines[bone + 1 : bone + 4] == [
        "  Myokines: -",
        "  What drove it: resistance-days 23/45",
        "  Next step: Add strength training on 1 more day(s) a week (target 2); loaded",
    ]
    # An evidence range, and an item of a list, is never split over two lines.
    assert "Immune defence and inflammation: 34, low, confidence high · evidence" in lines
    assert "  H-MA … H-acute" in lines
    assert "     (+immune 10, +blood_sugar 6, +fat_metabolism 6, +bone 19, +heart 3," in lines
    # A step's caution is under it, wrapped with it.
    assert "     Caution: Build up impact work gradually; with osteoporosis, joint problems" in lines


def test_a_next_step_shared_by_several_benefits_is_said_once(runner, tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "benefits.toml").write_text(
        "".join(
            f'[[benefit]]\nid = "{name}"\nname = "{name.title()}"\n' for name in ("calm", "sleep", "mood")
        ),
        encoding="utf-8",
    )
    for name in ("calm", "sleep", "mood"):
        metric = "resistance_days" if name == "mood" else "aerobic_days"
        (folder / f"{name}.toml").write_text(
            f'[[rule]]\nid = "{name}.a"\nbenefit = "{name}"\npoints = 10\nevidence = "e"\n'
            f'evidence_level = "G"\nadvice = "Move on {{gap}} more day(s)."\n'
            f'when.all = [{{ metric = "{metric}", at_least = {3 if name == "mood" else 2} }}]\n',
            encoding="utf-8",
        )
    empty = tmp_path / "week.toml"
    empty.write_text("", encoding="utf-8")  # an empty week: every rule's gap is its whole threshold
    week = ["--routine", str(empty), "--rules", str(folder)]
    for columns in ("80", "200"):
        text = runner.invoke(cli, ["report", *week], env={"COLUMNS": columns}).stdout
        assert text.count("Move on 2 more day(s).") == 1
        assert text.count("same as Calm") == 1
        assert "Move on 3 more day(s)." in text  # the same words with another number are another step
    data = runner.invoke(cli, ["report", *week, "--format", "csv"]).stdout
    assert data.count("Move on 2 more day(s).") == 2  # data rows each say it in full


@pytest.mark.parametrize("columns", ["125", "160"])
def test_a_terminal_wide_enough_keeps_the_full_table(runner, columns):
    lines = runner.invoke(cli, ["report", "--demo"], env={"COLUMNS": columns}).stdout.splitlines()
    assert max(len(line) for line in lines) <= int(columns)
    header = next(line for line in lines if line.startswith("│ Benefit"))
    assert [cell.strip() for cell in header.split("│")[1:-1]] == [
        "Benefit",
        "Score",
        "Level",
        "Confidence",
        "Evidence",
        "Myokines",
        "What drove it",
        "Next step",
    ]
    assert not any(line.startswith("Bone health and falls: ") for line in lines)


def test_below_about_120_columns_the_report_is_compact(runner):
    lines = runner.invoke(cli, ["report", "--demo"], env={"COLUMNS": "110"}).stdout.splitlines()
    assert "Bone health and falls: 26, low, confidence high · evidence G" in lines


def test_the_legend_explains_evidence_ranges_confidence_and_a_steps_gain(runner):
    text = " ".join(runner.invoke(cli, ["report", "--demo"]).stdout.split())
    assert "Evidence H-MA … H-acute: the strongest … weakest level among a benefit's rules. G = " in text
    assert "Confidence: how sure the evidence behind each benefit's rules is" in text
    assert (
        "A next step's +N is the score points it would add over the 7 benefits (each scored 0–100), "
        "each point weighted by its benefit's confidence." in text
    )
    assert "A weighted point counts 1 at high confidence, 0.75 at moderate, 0.5 at low" in text


def test_an_output_that_cannot_show_the_symbols_gets_ascii(write_file):
    result = CliRunner(charset="cp1252").invoke(cli, ["report", "--demo"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "| Bone health and falls           | 26 ###....... | low      | high         |" in lines
    assert "Bone health and falls: 26, low, confidence high - evidence G" in lines
    assert "  H-MA ... H-acute" in lines
    assert max(len(line) for line in lines) <= 80
    assert result.stdout.isascii()
    rules = CliRunner(charset="cp1252").invoke(cli, ["rules", "list", "--benefit", "bone"])
    assert "resistance_days >= 2" in rules.stdout


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


def test_report_and_explain_take_weeks_as_people_say_them(runner, tmp_path):
    db = str(tmp_path / "log.db")
    last_week = dt.date.today() - dt.timedelta(weeks=1)
    assert (
        runner.invoke(cli, ["--db", db, "log", "add", "aerobic", "30", "--date", str(last_week)]).exit_code
        == 0
    )
    year, week, _ = last_week.isocalendar()
    for typed in ("last", "-1", str(last_week), f"{year}-W{week:02d}"):
        report = json.loads(runner.invoke(cli, ["--db", db, "report", "--week", typed, "--json"]).stdout)
        assert (report["week"], report["sessions"]) == (f"{year}-W{week:02d}", 1)
        explained = json.loads(
            runner.invoke(cli, ["--db", db, "explain", "heart", "--week", typed, "--json"]).stdout
        )
        assert explained["week"] == f"{year}-W{week:02d}"


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
            "week.toml: session 1: day: must be a weekday: mon, tue, wed, thu, fri, sat, sun or the full "
            "name (got 'funday')",
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


def test_a_routine_with_several_problems_names_each_one_then_counts_them(runner, write_file):
    text = (
        '[[session]]\nday = "monday"\nkind = "swim"\nminutes = 0\n'
        '[[session]]\nday = "tues"\nkind = "aerobic"\nminutes = 30\nintensity = "hard"\n'
        '[[session]]\nday = "wed"\nkind = "aerobic"\nminutes = 30\n'
        "[profile]\nage = 0\nweight = 80\n"
        "[extra]\n"
    )
    path = write_file("week.toml", text)
    result = runner.invoke(cli, ["report", "--routine", str(path)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{path}: unknown top-level key 'extra'; a routine has [profile] and [[session]] tables",
        f"{path}: profile: age: must be a whole number from 5 to 120 (got 0)",
        f"{path}: profile: unknown key 'weight'; allowed keys: age, resting_hr, max_hr, timezone",
        f"{path}: session 1: kind: must be one of aerobic, resistance, mobility (got 'swim')",
        f"{path}: session 1: minutes: must be a whole number from 1 to 1440 (got 0)",
        f"{path}: session 2: intensity: must be one of light, moderate, vigorous (got 'hard')",
        f"Error: {path}: 6 problems (listed above)",
    ]


def test_routine_days_may_be_full_names(runner, write_file):
    days = ["monday", "Tuesday", "WEDNESDAY", "thurs", "fri", "saturday", "sunday"]
    path = write_file(
        "week.toml", routine_text(*[{"day": d, "kind": "aerobic", "minutes": 30} for d in days])
    )
    result = runner.invoke(cli, ["report", "--routine", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["metrics"]["active_days"] == 7


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


def test_this_weeks_report_from_the_log_says_it_is_in_progress_and_how_far(runner, tmp_path):
    db = str(tmp_path / "log.db")
    today = dt.date.today()
    assert runner.invoke(cli, ["--db", db, "log", "add", "aerobic", "30"]).exit_code == 0
    data = json.loads(runner.invoke(cli, ["--db", db, "report", "--json"]).stdout)
    assert (data["in_progress"], data["days_elapsed"]) == (True, today.isoweekday())
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][: today.isoweekday()]
    so_far = days[0] if len(days) == 1 else f"{days[0]}–{days[-1]}"
    year, week, _ = today.isocalendar()
    heading = runner.invoke(cli, ["--db", db, "report"]).stdout.splitlines()[0]
    assert heading == f"Week {year}-W{week:02d} · in progress, {so_far} · 1 session"
    # sessions added go on the days still to come, today included
    added = [step["change"] for step in data["next_steps"] if step["change"].startswith("add ")]
    assert added
    assert all(dt.date.fromisoformat(change.rsplit(" ", 1)[1]) >= today for change in added)


def test_a_week_gone_by_has_all_seven_days_and_a_template_week_none(runner, tmp_path, write_file):
    db = str(tmp_path / "log.db")
    past = json.loads(runner.invoke(cli, ["--db", db, "report", "--week", "2026-W40", "--json"]).stdout)
    assert (past["in_progress"], past["days_elapsed"]) == (False, 7)
    assert runner.invoke(cli, ["--db", db, "report", "--week", "2026-W40"]).stdout.startswith(
        "Week 2026-W40 · 0 sessions\n"
    )
    demo = json.loads(runner.invoke(cli, ["report", "--demo", "--json"]).stdout)
    assert (demo["in_progress"], demo["days_elapsed"]) == (False, None)
    ahead = (dt.date.today() + dt.timedelta(weeks=2)).isoformat()
    path = write_file("plan.toml", routine_text({"date": ahead, "kind": "aerobic", "minutes": 30}))
    planned = json.loads(runner.invoke(cli, ["report", "--routine", str(path), "--json"]).stdout)
    assert (planned["in_progress"], planned["days_elapsed"]) == (False, 0)
