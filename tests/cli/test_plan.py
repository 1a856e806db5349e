"""``myorec plan`` through the CLI: its pinned JSON, the routine it writes, starting points, errors."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from myorec.formats.routine import parse_routine
from tests.helpers import routine_text

Run = Callable[..., Result]


def plan_json(run: Run, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run("plan", *args, "--json").stdout)
    return data


def scores(data: dict[str, Any]) -> dict[str, int]:
    return {b["id"]: b["score"] for b in data["benefits"]}


def test_json_has_exactly_the_pinned_keys(run: Run, db: Path) -> None:
    data = plan_json(run, "--age", "40")
    assert list(data) == ["sessions", "total_minutes", "benefits", "unmet", "starting_point"]
    assert data["total_minutes"] == 185 == sum(s["minutes"] for s in data["sessions"])
    assert all(list(b) == ["id", "score", "level", "confidence", "change"] for b in data["benefits"])
    assert data["unmet"] == []
    assert data["starting_point"] == {
        "source": "none",
        "week": None,
        "file": None,
        "sessions": [],
        "total_minutes": 0,
    }
    assert not db.exists(), "reading a log that does not exist creates none"


@pytest.mark.parametrize(
    "args",
    [
        ("--age", "40"),
        ("--days", "mon,wed,sat", "--max-per-day", "45"),
        ("--budget", "120", "--age", "70"),
        ("--target", "low", "--target", "bone=strong", "--kinds", "aerobic,resistance,impact"),
    ],
)
def test_the_routine_written_scores_as_the_plan_reported(
    run: Run, tmp_path: Path, args: tuple[str, ...]
) -> None:
    routine = tmp_path / "planned.toml"
    data = plan_json(run, *args, "-o", str(routine))
    report = json.loads(run("report", "--routine", str(routine), "--json").stdout)
    assert {b["id"]: b["score"] for b in report["benefits"]} == scores(data)
    week = parse_routine(routine.read_bytes(), "planned.toml")
    assert sum(s.minutes for s in week.sessions) == data["total_minutes"]


def test_o_dash_prints_the_routine_alone(run: Run) -> None:
    text = run("plan", "--days", "mon,thu", "--age", "40", "-o", "-").stdout
    week = parse_routine(text.encode(), "<stdout>")
    assert week.profile.age == 40
    assert {s.day.value for s in week.sessions if s.day is not None} <= {"mon", "thu"}
    assert "Plan for" not in text


def test_a_routine_is_the_starting_point_and_its_age_gives_way_to_age(
    run: Run, write_file: Callable[[str, str], Path]
) -> None:
    path = write_file(
        "week.toml",
        routine_text({"kind": "resistance", "minutes": 30, "date": "2026-11-23"}, age=70),
    )
    data = plan_json(run, "--routine", str(path), "--age", "40")
    start = data["starting_point"]
    assert start["source"] == "routine"
    assert start["week"] == "2026-W48"
    assert start["total_minutes"] == 30
    assert all(s["date"] is not None and s["date"].startswith("2026-11-") for s in data["sessions"])
    # Monday's resistance: none on Tuesday, nor a second one on Monday.
    assert not any(s["kind"] == "resistance" and s["day"] in ("mon", "tue") for s in data["sessions"])
    text = run("plan", "--routine", str(path), "--age", "40", "-o", "-").stdout
    assert "age = 40" in text


def test_the_rest_of_the_week_plans_from_today_on_top_of_the_log(run: Run) -> None:
    today = dt.date.today()
    run("log", "add", "aerobic", "100", "--date", today.isoformat())
    data = plan_json(run, "--rest-of-week", "--age", "40")
    assert data["starting_point"]["source"] == "this week"
    assert data["starting_point"]["total_minutes"] == 100
    monday = today - dt.timedelta(days=today.weekday())
    for session in data["sessions"]:
        assert today.isoformat() <= session["date"] <= (monday + dt.timedelta(days=6)).isoformat()
    # Today already holds 100 minutes: past the 60-minute cap, so nothing more goes on it.
    assert all(s["date"] != today.isoformat() for s in data["sessions"])


def test_an_inactive_log_week_gets_no_vigorous_or_impact_work(run: Run) -> None:
    data = plan_json(run, "--age", "40", "--budget", "90")
    assert all(s["intensity"] != "vigorous" and not s["impact"] for s in data["sessions"])


def test_an_active_log_week_may_get_vigorous_work(run: Run) -> None:
    run("log", "add", "aerobic", "100", "--date", dt.date.today().isoformat())
    data = plan_json(run, "--age", "40", "--budget", "90")
    assert any(s["intensity"] == "vigorous" for s in data["sessions"])
    assert sum(s["intensity"] == "vigorous" for s in data["sessions"]) <= 2
    quiet = plan_json(run, "--age", "40", "--budget", "90", "--no-vigorous")
    assert all(s["intensity"] != "vigorous" for s in quiet["sessions"])


def test_vigorous_and_impact_sessions_carry_the_cautions_next_steps_give_them(
    run: Run, write_file: Callable[[str, str], Path]
) -> None:
    """A plan of hour-long vigorous runs for a 75-year-old printed no caution at all."""
    path = write_file("week.toml", routine_text({"kind": "aerobic", "minutes": 70, "day": "mon"}, age=75))
    data = plan_json(run, "--routine", str(path))
    assert any(s["intensity"] == "vigorous" for s in data["sessions"])
    assert any(s["impact"] for s in data["sessions"])
    lines = run("plan", "--routine", str(path)).stdout.splitlines()
    assert [line for line in lines if line.startswith(("Caution:", "From 65"))] == [
        "Caution: If you are not used to vigorous exercise, build up to it over a few weeks; with heart "
        "disease, or symptoms such as chest pain or breathlessness, ask a doctor first.",
        "Caution: Build up impact work gradually; with osteoporosis, joint problems or a recent fall, ask "
        "a doctor or physiotherapist which kinds suit you.",
        "From 65, WHO advises balance and strength work on 3 days a week (it lowers the risk of falls); this "
        "week has 1 such day: add a balance or resistance session on the days that lack one.",
    ]
    assert "Caution:" not in run("plan", "--routine", str(path), "--no-vigorous", "--kinds", "aerobic").stdout


def test_benefit_ids_in_targets_take_any_case(run: Run) -> None:
    assert plan_json(run, "--target", "none", "--target", "Bone=strong") == plan_json(
        run, "--target", "none", "--target", "bone=strong"
    )


def test_days_already_done_and_the_file_kept_are_said_plainly(
    run: Run, tmp_path: Path, write_file: Callable[[str, str], Path]
) -> None:
    path = write_file("week.toml", routine_text({"kind": "aerobic", "minutes": 30, "day": "mon"}, age=40))
    kept = tmp_path / "planned.toml"
    text = run("plan", "--routine", str(path), "--days", "wed", "-o", str(kept)).stdout
    assert "│ Mon   │ done: 30 min moderate aerobic " in text
    assert text.splitlines()[-1] == (
        f"The plan is kept as a routine in {kept}; 'myorec report --routine {kept}' scores it the same."
    )
    assert "(+0)" in run("plan", "--routine", str(path), "--days", "wed", "--target", "none").stdout


def test_unmeetable_targets_are_explained_with_exit_0(run: Run) -> None:
    args = ("plan", "--days", "mon,tue", "--target", "none", "--target", "bone=moderate")
    text = run(*args).stdout
    assert "Falls short:" in text
    assert "resistance work on at least 2 days that are not consecutive; only mon and tue are" in text
    data = json.loads(run(*args, "--json").stdout)
    (unmet,) = data["unmet"]
    assert unmet["benefit"] == "bone"
    assert unmet["target"] == "moderate"
    assert unmet["short_by"] == 40 - unmet["score"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--days", "mon,fry"), "unknown day 'fry' (did you mean 'fri'?)"),
        (("--target", "strng"), "unknown level 'strng' (did you mean 'strong'?)"),
        (("--target", "bnoe=moderate"), "unknown benefit 'bnoe' (did you mean 'bone'?)"),
        (("--target", "bone=hgh"), "unknown level 'hgh'"),
        (("--kinds", "aerobc"), "unknown kind 'aerobc' (did you mean 'aerobic'?)"),
        (("--budget", "5"), "5 is not in the range 10<=x<=10080"),  # no session fits in 5 minutes
        (("--max-per-day", "5"), "5 is not in the range 10<=x<=1440"),
        (("--rest-of-week", "--routine", "x.toml"), "--rest-of-week and --routine are mutually exclusive"),
        (("-o", "-", "--json"), "-o - and --json both print to standard output"),
        (("--target", "low", "--target", "strong"), "give one LEVEL for every benefit"),
    ],
)
def test_bad_options_are_usage_errors(run: Run, args: tuple[str, ...], message: str) -> None:
    result = run("plan", *args, code=2)
    assert message in result.output
    assert "Traceback" not in result.output


def test_csv_gives_the_day_table_alone(run: Run) -> None:
    lines = run("plan", "--days", "mon,wed", "--format", "csv").stdout.splitlines()
    assert lines[0] == "Day,Planned,Minutes"
    assert [line.split(",")[0] for line in lines[1:]] == ["Mon", "Wed"]


def test_a_heart_rate_week_round_trips_through_the_routine(run: Run, tmp_path: Path) -> None:
    """The log's heart rates decide a session's intensity: the routine keeps them and the profile's."""
    run("profile", "set", "--age", "40", "--resting-hr", "58", "--max-hr", "181")
    run("log", "add", "aerobic", "40", "--avg-hr", "165", "--date", dt.date.today().isoformat())
    routine = tmp_path / "planned.toml"
    data = plan_json(run, "--rest-of-week", "-o", str(routine))
    (done,) = data["starting_point"]["sessions"]
    assert done["intensity"] == "vigorous", "165 bpm is vigorous for these heart rates"
    report = json.loads(run("report", "--routine", str(routine), "--json").stdout)
    assert {b["id"]: b["score"] for b in report["benefits"]} == scores(data)
    text = routine.read_text(encoding="utf-8")
    assert "resting_hr = 58" in text
    assert "avg_hr = 165" in text
