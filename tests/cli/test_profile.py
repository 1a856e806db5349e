"""`myorec profile`: age, heart rates and time zone, and how they judge a logged session's intensity."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(autouse=True)
def _machine_zone(monkeypatch):
    monkeypatch.setenv("TZ", "America/Los_Angeles")  # this machine's zone, for the default


def shown(run):
    return json.loads(run("profile", "show", "--json").stdout)


def test_an_empty_profile_has_every_key_and_the_machines_time_zone(run):
    assert shown(run) == {
        "age": None,
        "resting_hr": None,
        "max_hr": None,
        "max_hr_source": None,
        "timezone": "America/Los_Angeles",
    }


def test_set_keeps_the_other_fields_and_the_maximum_is_estimated_until_measured(run):
    run("profile", "set", "--age", "40")
    run("profile", "set", "--resting-hr", "58", "--timezone", "Europe/Berlin")
    assert shown(run) == {
        "age": 40,
        "resting_hr": 58,
        "max_hr": 180,  # 208 - 0.7 x 40
        "max_hr_source": "estimated",
        "timezone": "Europe/Berlin",
    }
    assert run("profile", "set", "--max-hr", "191").stdout == (
        "age: 40\nresting_hr: 58 bpm\nmax_hr: 191 bpm (measured)\ntimezone: Europe/Berlin\n"
    )
    assert shown(run)["max_hr_source"] == "measured"
    run("profile", "unset", "--max-hr", "--timezone")
    assert shown(run) | {"age": 40} == {
        "age": 40,
        "resting_hr": 58,
        "max_hr": 180,
        "max_hr_source": "estimated",
        "timezone": "America/Los_Angeles",
    }


def test_the_text_says_how_the_maximum_was_estimated_and_what_is_missing(run):
    run("profile", "set", "--age", "52")
    assert run("profile", "show").stdout == (
        "age: 52\n"
        "resting_hr: not set (myorec profile set --resting-hr BPM; heart-rate reserve needs it)\n"
        "max_hr: 172 bpm (estimated from age: 208 - 0.7 x age, Tanaka et al. 2001)\n"
        "timezone: America/Los_Angeles (this machine's; myorec profile set --timezone ZONE)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--resting-hr", "20"], "resting_hr: must be a whole number from 30 to 120 (got 20)"),
        (["--max-hr", "300"], "max_hr: must be a whole number from 100 to 250 (got 300)"),
        (["--age", "3"], "age: must be a whole number from 5 to 120 (got 3)"),
        (
            ["--timezone", "Europe/Berln"],
            "timezone: unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin', 'Europe/Belfast' "
            "or 'Europe/Helsinki'?)",
        ),
        (
            ["--timezone", "mars time"],
            "timezone: must be an IANA time zone name such as 'Europe/Berlin' (got 'mars time')",
        ),
        (
            ["--resting-hr", "110", "--max-hr", "105"],
            "the resting heart rate (110) must be below the maximum (105)",
        ),
    ],
)
def test_a_bad_value_is_one_line_and_creates_no_log(run, tmp_path, args, message):
    assert run("profile", "set", *args, code=1).stderr == f"Error: {message}\n"
    assert not (tmp_path / "log.db").exists()


def test_a_resting_rate_above_the_stored_maximum_is_refused_and_nothing_changes(run):
    run("profile", "set", "--max-hr", "110")
    result = run("profile", "set", "--resting-hr", "110", code=1)
    assert result.stderr == "Error: the resting heart rate (110) must be below the maximum (110)\n"
    assert shown(run)["resting_hr"] is None


def test_set_and_unset_need_a_field(run):
    assert (
        "give at least one of --age, --resting-hr, --max-hr or --timezone"
        in run("profile", "set", code=2).stderr
    )
    assert "give at least one of" in run("profile", "unset", code=2).stderr


def test_the_profile_judges_a_logged_heart_rate_and_a_change_re_judges_it(run):
    run("log", "add", "aerobic", "45", "--avg-hr", "151", "--date", "2026-11-17", "--name", "HIIT class")
    listed = run("log", "list", "--format", "tsv").stdout
    assert "\tmoderate (default; HR unjudged)\t" in listed
    *table, blank, note = run("log", "list").stdout.splitlines()
    assert "  moderate (default; HR unjudged)  " in table[-1]
    assert (blank, note) == (
        "",
        "HR unjudged: a heart rate counts once the profile has an age or a maximum heart rate "
        "('myorec profile set --age N').",
    )
    run("log", "add", "resistance", "30", "--date", "2026-11-18")  # a note once, for all such rows
    assert run("log", "list", "--kind", "resistance").stdout.count("HR unjudged") == 0
    assert run("log", "list").stdout.count("HR unjudged") == 2
    run("profile", "set", "--age", "20", "--resting-hr", "60")
    assert "vigorous (avg HR 151 = 68 % HRR)" in run("log", "list").stdout
    entry = json.loads(run("log", "list", "--json").stdout)[0]
    assert {key: entry[key] for key in ("avg_hr", "counts_as", "intensity_source", "intensity_figures")} == {
        "avg_hr": 151.0,
        "counts_as": "vigorous",
        "intensity_source": "average heart rate",
        "intensity_figures": "avg HR 151 = 68 % HRR",
    }
    run(
        "profile", "unset", "--resting-hr"
    )  # 151 of a 194 maximum is 78 %: still vigorous, on the other scale
    assert "vigorous (avg HR 151 = 78 % of max HR)" in run("log", "list").stdout
    run("profile", "set", "--max-hr", "220")  # 69 % of 220: moderate
    assert "moderate (avg HR 151 = 69 % of max HR)" in run("log", "list").stdout
    week = json.loads(run("report", "--week", "2026-W47", "--json").stdout)
    assert (week["metrics"]["aerobic_moderate_min"], week["metrics"]["aerobic_vigorous_min"]) == (45, 0)


def test_an_edit_says_how_the_session_now_counts(run):
    run("profile", "set", "--age", "40")
    run("log", "add", "aerobic", "30", "--date", "2026-11-17")
    assert run("log", "edit", "1", "--avg-hr", "160").stdout == (
        "Updated entry 1: 2026-11-17 aerobic 30 min vigorous (avg HR 160 = 89 % of max HR)\n"
    )
    assert run("log", "add", "aerobic", "30", "--avg-hr", "20", code=1).stderr == (
        "Error: avg_hr: must be a heart rate from 30 to 250 bpm (got 20)\n"
    )


def test_a_routine_profile_takes_the_same_keys(run, write_file):
    routine = write_file(
        "week.toml",
        '[profile]\nage = 20\nresting_hr = 60\ntimezone = "Europe/Berlin"\n\n'
        '[[session]]\nday = "mon"\nkind = "aerobic"\nminutes = 45\navg_hr = 151\n',
    )
    report = json.loads(run("report", "--routine", str(routine), "--json").stdout)
    assert report["metrics"]["aerobic_vigorous_min"] == 45
    bad = write_file("bad.toml", '[profile]\ntimezone = "Europe/Berln"\n')
    assert run("report", "--routine", str(bad), code=1).stderr.startswith(
        f"Error: {bad}: profile: timezone: unknown time zone 'Europe/Berln' (did you mean"
    )
