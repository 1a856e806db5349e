"""`myorec log`, `myorec profile` and `myorec report` from the log, on real database files."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from myorec.cli import cli
from myorec.core.fields import CSV_COLUMNS, DERIVED_KEYS
from tests.helpers import routine_text, strava_csv

DATE_FORMS = (
    "date: must be a date: YYYY-MM-DD, today, yesterday, a weekday (mon or monday) or -N (N days ago)"
)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "data" / "log.db"


def listing(run, *args):
    return json.loads(run("log", "list", "--json", *args).stdout)


def stored(items):
    """Entry objects without what ``log list --json`` derives from the profile (tested apart)."""
    return [{key: value for key, value in item.items() if key not in DERIVED_KEYS} for item in items]


def entries(run, *args):
    return stored(listing(run, *args))


def without_ids(items):
    return [{key: value for key, value in item.items() if key != "id"} for item in items]


def test_add_prints_the_new_id_and_defaults_to_today(run):
    assert run("log", "add", "aerobic", "30").stdout == "1\n"
    assert (
        run("log", "add", "resistance", "45", "--rpe", "7", "--date", "2026-11-24", "--name", "gym").stdout
        == "2\n"
    )
    assert entries(run) == [
        {
            "id": 2,
            "date": "2026-11-24",
            "kind": "resistance",
            "minutes": 45,
            "intensity": None,
            "rpe": 7.0,
            "name": "gym",
            "focus": None,
            "impact": False,
            "avg_hr": None,
            "start": None,
            "type_intensity": None,
            "hr_seconds": None,
            "source": None,
        },
        {
            "id": 1,
            "date": dt.date.today().isoformat(),
            "kind": "aerobic",
            "minutes": 30,
            "intensity": None,
            "rpe": None,
            "name": None,
            "focus": None,
            "impact": False,
            "avg_hr": None,
            "start": None,
            "type_intensity": None,
            "hr_seconds": None,
            "source": None,
        },
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "30"], "kind: must be one of aerobic, resistance, mobility (got 'run')"),
        (["aerobic", "0"], "minutes: must be a whole number from 1 to 1440 (got 0)"),
        (["aerobic", "thirty"], "minutes: must be a whole number from 1 to 1440 (got 'thirty')"),
        (
            ["aerobic", "30", "--intensity", "hard"],
            "intensity: must be one of light, moderate, vigorous (got 'hard')",
        ),
        (["aerobic", "30", "--rpe", "12"], "rpe: must be a number from 0 to 10 (got 12)"),
        (["aerobic", "30", "--rpe", "5_0"], "rpe: must be a number from 0 to 10 (got '5_0')"),
        (["aerobic", "30", "--rpe", "nan"], "rpe: must be a number from 0 to 10 (got 'nan')"),
        (["aerobic", "30", "--date", "20261120"], f"{DATE_FORMS} (got '20261120')"),
        (["aerobic", "30", "--date", "２０２６-11-20"], f"{DATE_FORMS} (got '２０２６-11-20')"),
        (
            ["aerobic", "30", "--date", "2026-11-31"],
            "date: is not a real day: November 2026 has 30 days (got '2026-11-31')",
        ),
        (["aerobic", "30", "--date", "-50000"], "date: must not be before 1900-01-01 (got '-50000')"),
        (["aerobic", "30", "--date", "mo"], f"{DATE_FORMS} (got 'mo')"),
        (["aerobic", "３０"], "minutes: must be a whole number from 1 to 1440 (got '３０')"),
        (["aerobic", "30", "--date", "2026-W47-5"], f"{DATE_FORMS} (got '2026-W47-5')"),
        (["aerobic", "30", "--date", "1899-12-31"], "date: must not be before 1900-01-01 (got 1899-12-31)"),
    ],
)
def test_add_validates_like_routine_sessions(run, db, args, message):
    result = run("log", "add", *args, code=1)
    assert result.stderr == f"Error: {message}\n"
    assert not db.exists()


@pytest.mark.parametrize(
    ("typed", "days_ago"),
    [("today", 0), ("Yesterday", 1), ("-0", 0), ("-6", 6), ("-400", 400)],
)
def test_add_takes_dates_as_people_say_them(run, typed, days_ago):
    run("log", "add", "aerobic", "30", "--date", typed)
    assert entries(run)[0]["date"] == (dt.date.today() - dt.timedelta(days=days_ago)).isoformat()


def test_a_weekday_is_the_most_recent_such_day_today_included(run):
    today = dt.date.today()
    names = ["monday", "tue", "WEDNESDAY", "thurs", "fri", "saturday", "sun"]
    for name in names:
        run("log", "add", "aerobic", "30", "--date", name)
    dates = sorted(dt.date.fromisoformat(entry["date"]) for entry in entries(run))
    assert dates == [today - dt.timedelta(days=n) for n in range(6, -1, -1)]
    run("log", "edit", "1", "--date", "yesterday")
    edited = next(entry for entry in entries(run) if entry["id"] == 1)
    assert edited["date"] == (today - dt.timedelta(days=1)).isoformat()


def test_add_refuses_dates_more_than_a_day_ahead(run):
    ahead = dt.date.today() + dt.timedelta(days=2)
    result = run("log", "add", "aerobic", "30", "--date", ahead.isoformat(), code=1)
    assert result.stderr == f"Error: date: must not be more than one day in the future (got {ahead})\n"
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    run("log", "add", "aerobic", "30", "--date", tomorrow.isoformat())


def test_intensity_and_rpe_together_is_a_usage_error(run):
    result = run("log", "add", "aerobic", "30", "--intensity", "light", "--rpe", "3", code=2)
    assert "--intensity and --rpe are mutually exclusive" in result.stderr


def test_read_only_commands_on_a_missing_database_create_nothing(run, tmp_path):
    assert run("log", "list").stdout == "No entries yet: try 'myorec log add'.\n"
    assert run("log", "list", "--week", "2026-W48").stdout == "No entries in 2026-W48.\n"
    assert run("log", "list", "--json").stdout == "[]\n"
    assert run("log", "export").stdout == f"{','.join(CSV_COLUMNS)}\n"
    assert json.loads(run("profile", "show", "--json").stdout)["age"] is None
    assert json.loads(run("report", "--week", "2026-W48", "--json").stdout)["sessions"] == 0
    run("trend", "--json")
    assert list(tmp_path.iterdir()) == []


def test_editing_or_removing_in_a_missing_database_creates_nothing(run, tmp_path):
    assert run("log", "rm", "5", code=1).stderr == "Error: no entry with id 5; nothing was removed\n"
    assert run("log", "edit", "5", "--minutes", "20", code=1).stderr == (
        "Error: no entry with id 5 (see 'myorec log list')\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_names_reach_the_terminal_without_their_control_characters(run):
    run("log", "add", "aerobic", "30", "--date", "2026-11-23", "--name", "walk\x1b]0;retitled\x07 home")
    assert "walk?]0;retitled? home" in run("log", "list").stdout
    assert run("log", "edit", "1", "--minutes", "35").stdout.endswith('"walk?]0;retitled? home"\n')
    assert entries(run)[0]["name"] == "walk\x1b]0;retitled\x07 home"  # kept as logged


def test_removing_many_unknown_ids_names_the_first_ten(run):
    result = run("log", "rm", *map(str, range(1, 1001)), code=1)
    assert (
        result.stderr
        == "Error: no entries with id 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 990 more; nothing was removed\n"
    )


def test_export_over_the_log_itself_is_refused(run, db, tmp_path, monkeypatch):
    run("log", "add", "aerobic", "30", "--date", "2026-11-23")
    before = db.read_bytes()
    monkeypatch.chdir(db.parent)
    for target in (str(db), "log.db", "./log.db-wal", str(tmp_path / "data" / ".." / "data" / "log.db")):
        result = run("log", "export", "-o", target, code=1)
        shown = Path(target)  # as click hands it over: ./log.db-wal is log.db-wal
        assert result.stderr == f"Error: {shown}: is the activity log itself; export to another file\n"
    assert db.read_bytes() == before
    assert len(entries(run)) == 1


def test_export_through_a_symlink_replaces_its_target_and_keeps_the_link(run, tmp_path):
    run("log", "add", "aerobic", "30", "--date", "2026-11-23")
    real = tmp_path / "backups" / "log.csv"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    run("log", "export", "-o", str(link))
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8").startswith("date,kind,minutes")
    assert real.stat().st_mode & 0o777 == 0o640
    assert sorted(path.name for path in real.parent.iterdir()) == ["log.csv"]


def test_a_new_export_file_gets_the_usual_permissions_and_nothing_is_left_beside_it(run, tmp_path):
    run("log", "add", "aerobic", "30", "--date", "2026-11-23")
    out = tmp_path / "exports" / "new.csv"
    out.parent.mkdir()
    mask = os.umask(0o027)
    try:
        run("log", "export", "-o", str(out))
    finally:
        os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o640
    assert [path.name for path in out.parent.iterdir()] == ["new.csv"]


def test_export_into_a_named_pipe_writes_to_it_and_leaves_the_pipe(run, tmp_path):
    run("log", "add", "aerobic", "30", "--date", "2026-11-23")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()
    run("log", "export", "-o", str(pipe))
    reader.join(timeout=30)
    assert received[0].splitlines()[1].startswith("2026-11-23,aerobic,30")
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_export_to_dev_stdout_when_it_is_a_pipe_writes_to_the_pipe(db, tmp_path):
    """/dev/stdout links to /proc/self/fd/1, which links to 'pipe:[N]': no path a file can be made at.

    Resolved, it named a file to create in /proc (No such file or directory);
    into a terminal it worked, so `log export -o /dev/stdout | gzip` did not.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("MYOREC_")}
    command = [sys.executable, "-m", "myorec", "--db", str(db)]
    subprocess.run([*command, "log", "add", "aerobic", "30", "--date", "2026-11-23"], env=env, check=True)
    for device in ("/dev/stdout", "/proc/self/fd/1"):
        result = subprocess.run(
            [*command, "log", "export", "-o", device], env=env, capture_output=True, text=True, timeout=60
        )
        assert (result.returncode, result.stderr) == (0, ""), device
        assert result.stdout.splitlines()[1].startswith("2026-11-23,aerobic,30"), device
    assert sorted(path.name for path in db.parent.iterdir()) == ["log.db"]


def test_an_id_sqlite_cannot_hold_is_a_usage_error(run):
    for args in (["rm", "9223372036854775808"], ["edit", "0", "--minutes", "5"]):
        assert "is not in the range 1<=x<=9223372036854775807" in run("log", *args, code=2).stderr


@pytest.mark.parametrize(
    "args",
    [
        ["log", "rm", "1_0"],
        ["log", "rm", "١"],
        ["log", "edit", "１", "--minutes", "5"],
        ["profile", "set", "--age", "５２"],
    ],
    ids=["underscore", "arabic-indic", "full-width-id", "full-width-age"],
)
def test_a_number_typed_on_the_command_line_is_ascii_digits(run, args):
    """int() would read these as 10, 1, 1 and 52 and act on what the user never typed."""
    run("log", "add", "aerobic", "30", "--date", "2026-11-23")
    assert "is not a whole number" in run(*args, code=2).stderr
    assert len(entries(run)) == 1
    assert json.loads(run("profile", "show", "--json").stdout)["age"] is None


def test_a_name_longer_than_csvs_default_field_limit_survives_export_and_import(run, write_file, tmp_path):
    name = "n" * 200_000
    entry = {"date": "2026-11-20", "kind": "aerobic", "minutes": 30, "name": name}
    run("log", "import", str(write_file("long.json", json.dumps([entry]))))
    exported = tmp_path / "long.csv"
    run("log", "export", "-o", str(exported))
    run("log", "rm", "1")
    assert run("log", "import", str(exported)).stdout.endswith(": 1 new, 0 already present.\n")
    assert entries(run)[0]["name"] == name


def test_export_to_an_empty_name_is_a_usage_error(run):
    assert "Invalid value for '-o': give a file name" in run("log", "export", "-o", "", code=2).stderr


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--db", "{tmp}"], {}, "Invalid value for '--db': '{tmp}' names a folder; give a database file"),
        (
            [],
            {"MYOREC_DB": "{tmp}"},
            "Invalid value for MYOREC_DB: '{tmp}' names a folder; give a database file",
        ),
        (["--db", ""], {}, "Invalid value for '--db': give a database file, not an empty path"),
        (
            ["--db", "{tmp}/new/"],
            {},
            "Invalid value for '--db': '{tmp}/new/' names a folder; give a database file",
        ),
    ],
)
def test_a_database_path_that_cannot_be_one_names_where_it_came_from(runner, tmp_path, args, env, message):
    def fill(text):
        return text.replace("{tmp}", str(tmp_path))

    env = {key: fill(value) for key, value in env.items()}
    result = runner.invoke(cli, [*map(fill, args), "log", "list"], env=env)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {fill(message)}"
    assert runner.invoke(cli, [*map(fill, args), "report", "--demo"], env=env).exit_code == 0


@pytest.mark.parametrize(
    "command",
    [
        ["log", "add", "aerobic", "30", "--date", "2026-11-23"],
        ["log", "list"],
        ["log", "export"],
        ["report", "--week", "2026-W48", "--json"],
        ["explain", "bone", "--week", "2026-W48"],
        ["trend", "--until", "2026-W48"],
        ["profile", "show"],
    ],
)
def test_db_may_follow_the_command_and_overrides_myorec_db(runner, tmp_path, command):
    db, other = tmp_path / "log.db", tmp_path / "other.db"
    assert (
        runner.invoke(
            cli, ["--db", str(db), "log", "add", "mobility", "20", "--date", "2026-11-24"]
        ).exit_code
        == 0
    )
    before = runner.invoke(cli, ["--db", str(db), *command])
    after = runner.invoke(cli, [*command, "--db", str(db)], env={"MYOREC_DB": str(other)})
    assert before.exit_code == after.exit_code == 0, after.output
    assert after.stdout.replace("2\n", "3\n") == before.stdout.replace("2\n", "3\n")  # log add: the next id
    assert not other.exists()


def test_db_given_before_and_after_the_command_must_agree(runner, tmp_path):
    db = str(tmp_path / "log.db")
    assert runner.invoke(cli, ["--db", db, "log", "list", "--db", db]).exit_code == 0
    result = runner.invoke(cli, ["--db", db, "log", "list", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert f"Error: --db is given twice ({db} and {tmp_path / 'x.db'}): give it once" in result.stderr


def test_a_bad_db_after_the_command_is_named_as_the_option(runner, tmp_path):
    result = runner.invoke(cli, ["log", "list", "--db", str(tmp_path)], env={"MYOREC_DB": "ok.db"})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--db': '{tmp_path}' names a folder; give a database file"
    )


def test_the_default_database_lives_in_the_user_data_folder(runner, tmp_path):
    result = runner.invoke(cli, ["log", "add", "mobility", "20"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "xdg-data" / "myorec" / "myorec.db").is_file()


def test_myorec_db_environment_variable_names_the_database(runner, tmp_path):
    path = tmp_path / "env.db"
    result = runner.invoke(cli, ["log", "add", "mobility", "20"], env={"MYOREC_DB": str(path)})
    assert result.exit_code == 0, result.output
    assert path.is_file()


def test_list_text_shows_what_counts(run):
    run("log", "add", "aerobic", "30", "--date", "2026-11-09", "--name", "walk")
    run("log", "add", "aerobic", "20", "--date", "2026-11-10", "--rpe", "7.5")
    run("log", "add", "resistance", "40", "--date", "2026-11-16", "--intensity", "vigorous")
    assert run("log", "list", "--week", "2026-W46").stdout == (
        "id  date        kind      min  intensity           source  name\n"
        "--  ----------  -------  ----  ------------------  ------  ----\n"
        " 1  2026-11-09  aerobic    30  moderate (default)  manual  walk\n"
        " 2  2026-11-10  aerobic    20  vigorous (RPE 7.5)  manual\n"
    )


@pytest.fixture
def month(run, tmp_path):
    """Entries over three weeks ending today, typed and imported from Strava."""
    today = dt.date.today()

    def ago(days):
        return (today - dt.timedelta(days=days)).isoformat()

    run("log", "add", "aerobic", "30", "--date", ago(20), "--name", "walk")
    run("log", "add", "resistance", "45", "--rpe", "7", "--date", ago(9))
    run("log", "add", "mobility", "20", "--focus", "balance", "--date", ago(2))
    strava = tmp_path / "activities.csv"
    strava.write_text(
        strava_csv(
            {
                "id": 12345678901,
                "date": f"{ago(8)} 07:00:00",
                "type": "Run",
                "name": "Morning Run",
                "seconds": 1800,
                "avg_hr": "",  # heart-rate figures widen the intensity column (tested in test_import)
            },
            {
                "id": 12345678902,
                "date": f"{ago(1)} 07:00:00",
                "type": "Ride",
                "name": "A ride " * 12,
                "seconds": 3600,
                "avg_hr": "",
            },
        ),
        encoding="utf-8",
    )
    run("log", "import", str(strava), "--format", "strava")
    run("log", "add", "aerobic", "25", "--name", "today's run")
    return ago


def listed(run, *args):
    return [(entry["id"], entry["date"]) for entry in entries(run, *args)]


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        ([], [1, 2, 4, 3, 5, 6]),
        (["--since", "-8"], [4, 3, 5, 6]),
        (["--until", "yesterday"], [1, 2, 4, 3, 5]),
        (["--since", "-9", "--until", "-2"], [2, 4, 3]),
        (["--last", "2"], [5, 6]),
        (["--kind", "AEROBIC"], [1, 4, 5, 6]),
        (["--source", "manual"], [1, 2, 3, 6]),
        (["--source", "Strava"], [4, 5]),
        (["--source", "78902"], [5]),
        (["--kind", "aerobic", "--source", "manual", "--last", "1"], [6]),
        (["--kind", "resistance", "--source", "strava"], []),
    ],
)
def test_list_filters_combine(run, month, args, ids):
    assert [entry_id for entry_id, _ in listed(run, *args)] == ids


def test_list_since_and_week_take_the_days_both_allow(run, month):
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    expected = [
        (i, d)
        for i, d in listed(run)
        if monday.isoformat() <= d and dt.date.fromisoformat(d) >= today - dt.timedelta(days=1)
    ]
    assert listed(run, "--week", "this", "--since", "yesterday") == expected


def test_list_text_has_a_source_column_and_fits_80_columns(runner, db, month):
    result = runner.invoke(cli, ["--db", str(db), "log", "list"], env={"COLUMNS": "80"})
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "date", "kind", "min", "intensity", "source", "name"]
    assert max(len(line) for line in lines) <= 80
    assert any("strava:12345678901" in line and "Morning Run" in line for line in lines)
    assert sum("A ride" in line for line in lines) > 1  # a long name wraps under its column
    wide = runner.invoke(cli, ["--db", str(db), "log", "list"]).stdout.splitlines()
    assert len(wide) == 2 + 6  # no width known: one line per entry
    assert "A ride " * 11 + "A ride" in wide[6]


def test_list_says_why_it_is_empty(run, month):
    assert run("log", "list", "--kind", "resistance", "--source", "strava").stdout == "No entries match.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "-2", "--until", "-5"], "--since"),
        (["--source", " "], "Invalid value for '--source': give part of a source, e.g. manual or strava"),
        (["--kind", "swim"], "Invalid value for '--kind'"),
        (["--last", "0"], "Invalid value for '--last'"),
        (["--since", "2026-11-31"], "is not a real day: November 2026 has 30 days"),
        (["--format", "nope"], "Invalid value for '--format'"),
    ],
)
def test_list_usage_errors(run, args, message):
    assert message in run("log", "list", *args, code=2).stderr


@pytest.mark.parametrize(("table_format", "delimiter"), [("csv", ","), ("tsv", "\t"), ("CSV", ",")])
def test_list_as_csv_or_tsv_is_the_table_alone(run, month, table_format, delimiter):
    import csv
    import io

    text = run("log", "list", "--format", table_format).stdout
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] == ["id", "date", "kind", "min", "intensity", "source", "name"]
    assert [row[0] for row in rows[1:]] == ["1", "2", "4", "3", "5", "6"]
    assert rows[2][2:6] == ["resistance", "45", "vigorous (RPE 7)", "manual"]
    assert rows[4][2] == "mobility (balance)"
    empty = run("log", "list", "--kind", "resistance", "--source", "strava", "--format", table_format).stdout
    assert list(csv.reader(io.StringIO(empty), delimiter=delimiter)) == [rows[0]]


def test_list_in_any_tabulate_style(run, month):
    text = run("log", "list", "--format", "github").stdout
    assert text.splitlines()[0].startswith("|   id | date ")
    assert len(text.splitlines()) == 2 + 6


def test_list_json_is_printed_as_it_is_read_and_is_the_whole_list(run, month):
    text = run("log", "list", "--json").stdout
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    assert [entry["source"] for entry in json.loads(text)] == [
        None,
        None,
        "strava:12345678901",
        None,
        "strava:12345678902",
        None,
    ]


def test_edit_changes_fields_and_intensity_clears_rpe(run):
    run("log", "add", "aerobic", "30", "--date", "2026-11-23", "--rpe", "4", "--name", "walk")
    result = run("log", "edit", "1", "--intensity", "vigorous", "--minutes", "25", "--name", "run")
    assert result.stdout == 'Updated entry 1: 2026-11-23 aerobic 25 min vigorous "run"\n'
    assert without_ids(entries(run)) == [
        {
            "date": "2026-11-23",
            "kind": "aerobic",
            "minutes": 25,
            "intensity": "vigorous",
            "rpe": None,
            "name": "run",
            "focus": None,
            "impact": False,
            "avg_hr": None,
            "start": None,
            "type_intensity": None,
            "hr_seconds": None,
            "source": None,
        }
    ]
    run("log", "edit", "1", "--rpe", "3", "--name", "")
    assert without_ids(entries(run))[0] == {
        "date": "2026-11-23",
        "kind": "aerobic",
        "minutes": 25,
        "intensity": None,
        "rpe": 3.0,
        "name": None,
        "focus": None,
        "impact": False,
        "avg_hr": None,
        "start": None,
        "type_intensity": None,
        "hr_seconds": None,
        "source": None,
    }


def test_edit_errors_change_nothing(run):
    run("log", "add", "aerobic", "30", "--date", "2026-11-23")
    before = entries(run)
    assert run("log", "edit", "7", "--minutes", "20", code=1).stderr == (
        "Error: no entry with id 7 (see 'myorec log list')\n"
    )
    assert run("log", "edit", "1", "--minutes", "2000", code=1).stderr == (
        "Error: minutes: must be a whole number from 1 to 1440 (got 2000)\n"
    )
    assert "nothing to change" in run("log", "edit", "1", code=2).stderr
    assert entries(run) == before


def test_rm_with_an_unknown_id_removes_nothing(run):
    run("log", "add", "aerobic", "30", "--date", "2026-11-23")
    run("log", "add", "aerobic", "40", "--date", "2026-11-24")
    assert run("log", "rm", "1", "999", code=1).stderr == "Error: no entry with id 999; nothing was removed\n"
    assert len(entries(run)) == 2
    assert run("log", "rm", "1", "2").stdout == "Removed 2 entries.\n"
    assert entries(run) == []
    run("log", "rm", code=2)


SESSIONS_CSV = (
    "date,kind,minutes,intensity,name,rpe,focus,impact,avg_hr,type_intensity,start,hr_seconds,source\n"
    "2026-11-23,aerobic,30,moderate,walk,,,,,,,,\n"
    "2026-11-23,aerobic,30,moderate,walk,,,,,,,,\n"
    '2026-11-24,resistance,45,,"gym, legs",6.5,,true,,,,,\n'
    "2026-11-26,mobility,20,,,,balance,,,,,,\n"
)


def test_export_csv_is_exactly_what_was_imported(run, write_file):
    path = write_file("sessions.csv", SESSIONS_CSV)
    assert run("log", "import", str(path)).stdout == f"Imported {path}: 4 new, 0 already present.\n"
    assert run("log", "export").stdout == SESSIONS_CSV


def test_reimporting_adds_nothing_but_identical_rows_in_one_file_all_count(run, write_file):
    path = write_file("sessions.csv", SESSIONS_CSV)
    run("log", "import", str(path))
    assert run("log", "import", str(path)).stdout == f"Imported {path}: 0 new, 4 already present.\n"
    more = write_file("more.csv", SESSIONS_CSV + "2026-11-23,aerobic,30,moderate,walk,,,,,,,,\n")
    assert run("log", "import", str(more)).stdout == f"Imported {more}: 1 new, 4 already present.\n"
    assert len(entries(run)) == 5


def test_json_export_then_import_into_an_empty_database_gives_the_same_entries(
    runner, run, write_file, tmp_path
):
    run("log", "import", str(write_file("sessions.csv", SESSIONS_CSV)))
    run(
        "log", "add", "aerobic", "15", "--date", "2026-11-20", "--intensity", "vigorous", "--name", "Ölberg ☀"
    )
    run("profile", "set", "--age", "58")
    exported = tmp_path / "log.json"
    assert run("log", "export", "--format", "json", "-o", str(exported)).stdout == ""
    assert json.loads(exported.read_text(encoding="utf-8")) == {
        "profile": {"age": 58, "resting_hr": None, "max_hr": None, "timezone": None},
        "entries": listing(run),
    }

    other = tmp_path / "other.db"
    result = runner.invoke(cli, ["--db", str(other), "log", "import", str(exported)])
    assert (
        result.stdout
        == f"Imported {exported}: 5 new, 0 already present.\nRestored your age from the file: 58.\n"
    )
    again = runner.invoke(cli, ["--db", str(other), "log", "export", "--format", "json"])
    assert json.loads(again.stdout)["profile"] == {
        "age": 58,
        "resting_hr": None,
        "max_hr": None,
        "timezone": None,
    }
    assert without_ids(json.loads(again.stdout)["entries"]) == without_ids(listing(run))
    csv_again = runner.invoke(cli, ["--db", str(other), "log", "export"])
    assert csv_again.stdout == run("log", "export").stdout


def test_importing_a_backup_never_overwrites_a_profile_set_since(run, write_file, tmp_path):
    backup = write_file("backup.json", json.dumps({"profile": {"age": 52}, "entries": []}))
    run("profile", "set", "--age", "53")
    assert run("log", "import", str(backup)).stdout.splitlines()[1] == (
        "Kept your age, 53 (the file has 52; 'myorec profile set' changes it)."
    )
    profile = json.loads(run("profile", "show", "--json").stdout)
    assert (profile["age"], profile["max_hr"], profile["max_hr_source"]) == (53, 171, "estimated")
    same = write_file("same.json", json.dumps({"profile": {"age": 53}, "entries": []}))
    assert run("log", "import", str(same)).stdout == f"Imported {same}: 0 new, 0 already present.\n"


def test_a_json_list_of_entries_without_a_profile_still_imports(run, write_file):
    old = write_file("old.json", json.dumps([{"date": "2026-11-23", "kind": "aerobic", "minutes": 30}]))
    assert run("log", "import", str(old)).stdout == f"Imported {old}: 1 new, 0 already present.\n"
    profile = json.loads(run("profile", "show", "--json").stdout)
    del profile["timezone"]  # this machine's
    assert profile == {"age": None, "resting_hr": None, "max_hr": None, "max_hr_source": None}


def test_a_backup_with_a_bad_profile_imports_nothing(run, write_file):
    bad = write_file(
        "bad.json",
        json.dumps(
            {"profile": {"age": 500}, "entries": [{"date": "2026-11-23", "kind": "aerobic", "minutes": 30}]}
        ),
    )
    result = run("log", "import", str(bad), code=1)
    assert (
        result.stderr
        == f"Error: {bad}: profile, field 'age': must be a whole number from 5 to 120 (got 500)\n"
    )
    assert entries(run) == []


def test_a_bad_row_rejects_the_whole_file(run, db, write_file):
    run("log", "add", "aerobic", "30", "--date", "2026-11-20")
    before = db.read_bytes(), run("log", "export").stdout
    path = write_file("bad.csv", SESSIONS_CSV + "2026-11-21,aerobic,0,,,,,,,,,,\n")
    result = run("log", "import", str(path), code=1)
    assert result.stderr == (
        f"Error: {path}: line 6, column 'minutes': must be a whole number from 1 to 1440 (got 0)\n"
    )
    assert result.stdout == ""
    assert run("log", "export").stdout == before[1]


def test_import_format_comes_from_the_option_the_extension_or_the_content(run, write_file):
    unknown = write_file("notes.txt", "what I did this week\n")
    assert "cannot tell the format of" in run("log", "import", str(unknown), code=2).stderr
    odd = write_file("sessions.txt", SESSIONS_CSV)
    assert run("log", "import", str(odd)).stdout.endswith("4 new, 0 already present.\n")
    assert run("log", "import", str(odd), "--format", "csv").stdout.endswith("0 new, 4 already present.\n")
    as_json = write_file("sessions.data", run("log", "export", "--format", "json").stdout)
    assert run("log", "import", str(as_json)).stdout.endswith("0 new, 4 already present.\n")
    assert run("log", "import", "missing.csv", code=1).stderr == (
        "Error: missing.csv: cannot read: No such file or directory\n"
    )


def test_export_to_a_file_guesses_json_from_its_name_and_imports_back(run, write_file, tmp_path, runner):
    run("log", "import", str(write_file("sessions.csv", SESSIONS_CSV)))
    out = tmp_path / "out.json"
    assert run("log", "export", "-o", str(out)).stdout == ""
    assert [entry["kind"] for entry in json.loads(out.read_text(encoding="utf-8"))["entries"]][
        -1
    ] == "mobility"
    fresh = tmp_path / "fresh.db"
    result = runner.invoke(cli, ["--db", str(fresh), "log", "import", str(out)])
    assert result.stdout.endswith("4 new, 0 already present.\n")


def test_export_into_a_missing_folder_is_a_one_line_error_and_writes_nothing(run, tmp_path):
    target = tmp_path / "nowhere" / "x.csv"
    result = run("log", "export", "-o", str(target), code=1)
    assert result.stderr == f"Error: {target}: cannot write: No such file or directory\n"
    assert not target.parent.exists()


def test_import_is_silent_on_stderr_when_not_a_terminal(run, write_file):
    assert run("log", "import", str(write_file("sessions.csv", SESSIONS_CSV))).stderr == ""


def test_import_rejects_text_that_is_not_utf8(run, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(SESSIONS_CSV.replace("walk", "G\xe4nge").encode("latin-1"))
    assert run("log", "import", str(path), code=1).stderr == (
        f"Error: {path}: not UTF-8 text; save it as UTF-8 and import it again\n"
    )


STRAVA_ACTIVITIES = [
    {"id": 9001, "date": "Nov 16, 2026, 7:02:11 AM", "name": "Morning Run", "type": "Run", "seconds": 1834},
    {
        "id": 9002,
        "date": "Nov 17, 2026, 6:15:00 PM",
        "name": "Legs, then core",
        "type": "WeightTraining",
        "seconds": 2710,
    },
    {
        "id": 9003,
        "date": "Nov 18, 2026, 12:30:45 PM",
        "name": "Lunch lift",
        "type": "Weight Training",
        "seconds": 1500,
    },
    {"id": 9004, "date": "Nov 19, 2026, 8:00:00 AM", "name": "Circuit", "type": "Workout", "seconds": 2400},
    {"id": 9005, "date": "Nov 20, 2026, 9:00:00 AM", "name": "Circuits", "type": "Workout", "seconds": 1800},
    {"id": 9006, "date": "Nov 21, 2026, 7:45:00 AM", "name": "Vinyasa", "type": "Yoga", "seconds": 3600},
    {"id": 9007, "date": "Nov 14, 2026, 5:00:00 AM", "name": "Ultra", "type": "Hike", "seconds": 100000},
]


def test_a_realistic_strava_export_imports_and_reimports(run, write_file, tmp_path):
    path = write_file("activities.csv", strava_csv(*STRAVA_ACTIVITIES))
    result = run("log", "import", str(path), "--format", "strava")
    assert result.stdout.splitlines() == [
        f"Imported {path}: 4 new, 0 already present.",
        "Skipped 2 activities of types the activity mapping does not know:",
        "  2026-11-19  Circuit (Workout)",
        "  2026-11-20  Circuits (Workout)",
        "Map their types: myorec rules init DIR, then list them under [strava.kinds] in "
        "DIR/activities.toml and import again with --rules DIR.",
        "Skipped 1 activity over 24 hours:",
        "  2026-11-14  Ultra (Hike)",
    ]
    # Minutes from Moving Time (a minute under Elapsed Time here), heart rate and start time kept.
    assert [
        (e["date"], e["kind"], e["minutes"], e["name"], e["impact"], e["avg_hr"], e["start"], e["source"])
        for e in entries(run)
    ] == [
        ("2026-11-16", "aerobic", 30, "Morning Run", True, 142.3, "2026-11-16T07:02:11+00:00", "strava:9001"),
        (
            "2026-11-17",
            "resistance",
            44,
            "Legs, then core",
            False,
            142.3,
            "2026-11-17T18:15:00+00:00",
            "strava:9002",
        ),
        (
            "2026-11-18",
            "resistance",
            24,
            "Lunch lift",
            False,
            142.3,
            "2026-11-18T12:30:45+00:00",
            "strava:9003",
        ),
        ("2026-11-21", "mobility", 59, "Vinyasa", False, 142.3, "2026-11-21T07:45:00+00:00", "strava:9006"),
    ]
    # An edited name in Strava does not make a second copy: rows match by Activity ID.
    renamed = write_file("activities2.csv", strava_csv(*STRAVA_ACTIVITIES).replace("Morning Run", "Easy run"))
    assert run("log", "import", str(renamed), "--format", "strava").stdout.startswith(
        f"Imported {renamed}: 0 new, 4 already present."
    )
    # Mapping the generic Workout type in the rule folder's activities.toml and importing again
    # adds just those two.
    rules = tmp_path / "myrules"
    rules.mkdir()
    (rules / "activities.toml").write_text(
        '[kinds]\naerobic = ["workout", "run", "hike"]\n'
        'resistance = ["Weight Training"]\nmobility = ["yoga"]\n'
    )
    result = run("log", "import", str(path), "--format", "strava", "--rules", str(rules))
    assert (
        result.stdout == f"Imported {path}: 2 new, 4 already present.\n"
        "Skipped 1 activity over 24 hours:\n  2026-11-14  Ultra (Hike)\n"
    )


def test_a_restored_log_still_recognises_strava_activities(runner, run, write_file, tmp_path):
    """Export keeps each activity's source, so a backup restored elsewhere does not import it twice."""
    strava = write_file("activities.csv", strava_csv(*STRAVA_ACTIVITIES))
    run("log", "import", str(strava), "--format", "strava")
    for backup in (tmp_path / "backup.csv", tmp_path / "backup.json"):
        run("log", "export", "-o", str(backup))
        restored = tmp_path / f"restored-{backup.suffix[1:]}.db"
        runner.invoke(cli, ["--db", str(restored), "log", "import", str(backup)], catch_exceptions=False)
        again = runner.invoke(
            cli, ["--db", str(restored), "log", "import", str(strava), "--format", "strava"]
        )
        assert again.stdout.startswith(f"Imported {strava}: 0 new, 4 already present.\n")
        listed = runner.invoke(cli, ["--db", str(restored), "log", "list", "--json"]).stdout
        assert without_ids(json.loads(listed)) == without_ids(listing(run))


def test_a_linked_activities_file_in_a_rule_folder_is_not_followed(run, write_file, tmp_path):
    path = write_file("activities.csv", strava_csv(*STRAVA_ACTIVITIES))
    elsewhere = write_file("elsewhere.toml", '[kinds]\naerobic = ["Workout"]\n')
    rules = tmp_path / "linked"
    rules.mkdir()
    (rules / "activities.toml").symlink_to(elsewhere)
    result = run("log", "import", str(path), "--format", "strava", "--rules", str(rules), code=1)
    link = rules / "activities.toml"
    assert result.stderr == f"Error: {link}: is a symbolic link; copy the file into the rule folder instead\n"
    assert entries(run) == []


def test_a_bad_strava_row_rejects_the_file(run, write_file):
    broken = [*STRAVA_ACTIVITIES[:3], {**STRAVA_ACTIVITIES[3], "date": "19/11/2026"}]
    path = write_file("activities.csv", strava_csv(*broken))
    result = run("log", "import", str(path), "--format", "strava", code=1)
    assert result.stderr == (
        f"Error: {path}: line 5, column 'Activity Date': cannot read '19/11/2026' as a date "
        "(expected e.g. 'Nov 16, 2026, 7:02:11 AM')\n"
    )
    assert entries(run) == []


def test_strava_is_known_by_its_content_and_a_wrong_format_says_what_the_file_is(run, write_file):
    path = write_file("activities.csv", strava_csv(*STRAVA_ACTIVITIES))
    assert run("log", "import", str(path), "--format", "csv", code=1).stderr == (
        f"Error: {path}: this looks like a Strava bulk export (its zip, its folder, or its activities.csv), "
        "not myorec's CSV (log export): leave --format out\n"
    )
    assert run("log", "import", str(path)).stdout.startswith(f"Imported {path}: 4 new, 0 already present.\n")


@pytest.mark.parametrize("content", [b"garbage, not sqlite\n" * 100, b"SQLite format 3\x00" + b"\x07" * 2000])
def test_a_corrupt_database_is_an_error_and_stays_untouched(run, db, content):
    db.parent.mkdir()
    db.write_bytes(content)
    for args in (
        ["log", "add", "aerobic", "30"],
        ["log", "list"],
        ["report"],
        ["profile", "set", "--age", "40"],
    ):
        result = run(*args, code=1)
        assert result.stderr.startswith(f"Error: {db}: not a myorec database")
        assert "it was left unchanged" in result.stderr
    assert db.read_bytes() == content
    assert [p.name for p in db.parent.iterdir()] == [db.name]


def test_profile_set_and_show(run):
    assert run("profile", "set", "--age", "52").stdout.startswith("age: 52\n")
    assert run("profile", "show").stdout.startswith("age: 52\n")
    assert json.loads(run("profile", "show", "--json").stdout)["age"] == 52
    assert run("profile", "set", "--age", "130", code=1).stderr == (
        "Error: age: must be a whole number from 5 to 120 (got 130)\n"
    )
    run("profile", "set", code=2)


WEEK_SESSIONS = [
    {"date": "2026-11-09", "kind": "aerobic", "minutes": 40, "intensity": "moderate", "name": "brisk walk"},
    {"date": "2026-11-10", "kind": "resistance", "minutes": 45, "intensity": "moderate"},
    {"date": "2026-11-11", "kind": "aerobic", "minutes": 30, "rpe": 7},
    {"date": "2026-11-12", "kind": "mobility", "minutes": 30},
    {"date": "2026-11-15", "kind": "aerobic", "minutes": 60, "intensity": "light"},
]


def test_a_logged_week_reports_exactly_like_the_same_routine(run, write_file):
    run("profile", "set", "--age", "52")
    for item in WEEK_SESSIONS:
        args = ["log", "add", item["kind"], str(item["minutes"]), "--date", item["date"]]
        for option in ("intensity", "rpe", "name"):
            if option in item:
                args += [f"--{option}", str(item[option])]
        run(*args)
    run("log", "add", "aerobic", "90", "--date", "2026-11-16")  # next week: must not count
    routine = write_file("week.toml", routine_text(*WEEK_SESSIONS, age=52))
    expected = run("report", "--routine", str(routine), "--json").stdout
    assert run("report", "--week", "2026-W46", "--json").stdout == expected
    assert run("report", "--week", "2026-W46").stdout == run("report", "--routine", str(routine)).stdout
    assert json.loads(expected)["sessions"] == 5


def test_report_defaults_to_this_weeks_log(run):
    run("log", "add", "resistance", "30")
    data = json.loads(run("report", "--json").stdout)
    year, week, _ = dt.date.today().isocalendar()
    assert data["week"] == f"{year}-W{week:02d}"
    assert data["metrics"]["resistance_days"] == 1


def test_an_empty_logged_week_is_a_zero_report(run):
    data = json.loads(run("report", "--week", "2026-W01", "--json").stdout)
    assert data["sessions"] == 0
    assert {benefit["score"] for benefit in data["benefits"]} == {0}
    assert run("report", "--week", "2026-W01").stdout.startswith("Week 2026-W01 · 0 sessions\n")


def test_a_routine_report_never_opens_the_database(run, db, write_file):
    db.parent.mkdir()
    db.write_bytes(b"not a database")
    routine = write_file("week.toml", routine_text(*WEEK_SESSIONS))
    run("report", "--routine", str(routine))
    run("report", "--demo")


def test_two_myorec_processes_importing_at_once_lose_nothing(db, tmp_path):
    files = []
    for tag in ("a", "b"):
        rows = "".join(
            f"2026-11-{day:02d},aerobic,{minutes},,{tag},\n"
            for day in range(1, 21)
            for minutes in range(1, 11)
        )
        path = tmp_path / f"{tag}.csv"
        path.write_text("date,kind,minutes,intensity,name,rpe\n" + rows, encoding="utf-8")
        files.append(path)
    env = {key: value for key, value in os.environ.items() if not key.startswith("MYOREC_")}
    commands = [
        [sys.executable, "-m", "myorec", "--db", str(db), "log", "import", str(path)] for path in files
    ]
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for command in commands
    ]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    assert sorted(outputs) == sorted(f"Imported {path}: 200 new, 0 already present.\n" for path in files)
    listed = subprocess.run(
        [sys.executable, "-m", "myorec", "--db", str(db), "log", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(json.loads(listed.stdout)) == 400


def test_import_shows_a_progress_bar_on_a_terminal(db, tmp_path):
    pty = pytest.importorskip("pty")
    path = tmp_path / "sessions.csv"
    path.write_text(SESSIONS_CSV, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("MYOREC_")}
    leader, follower = pty.openpty()
    command = [sys.executable, "-m", "myorec", "--db", str(db), "log", "import", str(path)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=follower, text=True)
    os.close(follower)
    stdout = process.communicate(timeout=60)[0]
    terminal = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        terminal += chunk
    os.close(leader)
    assert stdout == f"Imported {path}: 4 new, 0 already present.\n"
    assert b"Importing" in terminal
    assert b"100%" in terminal


def test_a_rule_folder_without_activities_toml_uses_the_shipped_mapping(run, write_file, tmp_path):
    rules = tmp_path / "rules-without-map"
    rules.mkdir()
    path = write_file("activities.csv", strava_csv(*STRAVA_ACTIVITIES[:4]))
    result = run("log", "import", str(path), "--format", "strava", "--rules", str(rules))
    assert result.stdout.splitlines()[0] == f"Imported {path}: 3 new, 0 already present."
    assert "  2026-11-19  Circuit (Workout)\nMap their types: myorec rules init DIR" in result.stdout


def test_a_broken_activities_toml_is_an_error(run, write_file, tmp_path):
    rules = tmp_path / "rules-broken-map"
    rules.mkdir()
    (rules / "activities.toml").write_text('[kinds]\ncardio = ["Run"]\n', encoding="utf-8")
    path = write_file("activities.csv", strava_csv(*STRAVA_ACTIVITIES[:1]))
    result = run("log", "import", str(path), "--format", "strava", "--rules", str(rules), code=1)
    assert result.stderr == (
        f"Error: {rules / 'activities.toml'}: kinds.cardio: unknown kind; "
        "kind lists are aerobic, resistance, mobility, skip\n"
    )


def test_a_logged_balance_session_keeps_its_focus_and_counts_as_multicomponent(run):
    run("log", "add", "mobility", "20", "--focus", "Balance", "--date", "2026-11-24")
    assert entries(run)[0]["focus"] == "balance"
    report = json.loads(run("report", "--week", "2026-W48", "--json").stdout)
    assert report["metrics"]["multicomponent_days"] == 1
    assert "mobility (balance)" in run("log", "list").stdout


def test_focus_on_a_non_mobility_session_is_refused(run):
    result = run("log", "add", "aerobic", "20", "--focus", "balance", code=1)
    assert result.stderr == "Error: focus is only allowed on mobility sessions (this one is aerobic)\n"


def test_edit_clears_focus_when_asked_or_when_the_kind_stops_being_mobility(run):
    run("log", "add", "mobility", "20", "--focus", "balance", "--date", "2026-11-24")
    run("log", "add", "mobility", "20", "--focus", "stretch", "--date", "2026-11-24")
    assert run("log", "edit", "1", "--focus", "").stderr == ""
    edited = run("log", "edit", "2", "--kind", "aerobic")
    assert edited.stdout == "Updated entry 2: 2026-11-24 aerobic 20 min moderate (default)\n"
    assert edited.stderr == "Note: its focus (stretch) was dropped: only mobility sessions have one.\n"
    assert [(e["kind"], e["focus"]) for e in entries(run)] == [("mobility", None), ("aerobic", None)]
    assert run("log", "edit", "2", "--minutes", "25").stderr == ""


def test_an_edited_average_heart_rate_that_decides_nothing_says_what_does(run, tmp_path):
    backup = tmp_path / "sessions.csv"
    backup.write_text(
        "date,kind,minutes,hr_seconds\n2026-11-23,aerobic,30,160:1800\n2026-11-23,resistance,30,\n"
    )
    run("profile", "set", "--age", "40")
    run("log", "import", str(backup))
    sampled = run("log", "edit", "1", "--avg-hr", "100")
    assert (
        sampled.stdout
        == "Updated entry 1: 2026-11-23 aerobic 30 min vigorous (HR samples: 30 vigorous min)\n"
    )
    assert sampled.stderr == (
        "Note: the average heart rate is stored, but its heart-rate samples decide how hard it counts, "
        "not the average.\n"
    )
    assert entries(run)[0]["avg_hr"] == 100.0
    assert run("log", "edit", "2", "--avg-hr", "100").stderr == (
        "Note: the average heart rate is stored, but heart rate judges aerobic sessions only.\n"
    )
    run("log", "add", "aerobic", "30", "--date", "2026-11-23", "--rpe", "3")
    assert run("log", "edit", "3", "--avg-hr", "150").stderr == (
        "Note: the average heart rate is stored, but its RPE decides how hard it counts.\n"
    )
    run("log", "add", "aerobic", "30", "--date", "2026-11-23")
    deciding = run("log", "edit", "4", "--avg-hr", "150")
    assert (deciding.stdout, deciding.stderr) == (
        "Updated entry 4: 2026-11-23 aerobic 30 min vigorous (avg HR 150 = 83 % of max HR)\n",
        "",
    )
