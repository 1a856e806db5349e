"""Generated routine files through the real CLI: a report, or clean lines of error, never a traceback.

The strategies mix plausible values with the hostile ones users and editors
produce (nan, inf, 1e309, huge and negative numbers, unknown names, NUL bytes,
non-UTF-8 bytes, emoji, byte-order marks, truncated files). Example counts come
from the Hypothesis profile (tests/conftest.py): small in CI, large with
HYPOTHESIS_PROFILE=fuzz.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from myorec.cli import cli
from myorec.core.calendar import Day
from myorec.core.intensity import Intensity
from myorec.core.sessions import Focus, Kind
from tests.strategies import HOSTILE_NUMBERS, junk
from tests.tomlgen import toml_document


def word(values: type[Any]) -> st.SearchStrategy[Any]:
    """An enum value as users write it (any case, hyphens), a near miss, or junk."""
    names = [member.value for member in values]
    return st.one_of(
        st.sampled_from(names),
        st.sampled_from(names).map(str.upper),
        st.sampled_from(names).map(lambda name: name.replace("_", "-").title()),
        st.sampled_from(names).map(lambda name: name[:-1] + "🏋"),
        st.sampled_from(["", " ", "mon\x00", "vigorous\n", "tues", "swim", "sunday", "médium"]),
        junk,
    )


numbers = st.one_of(
    st.integers(min_value=-5, max_value=1500),
    st.floats(min_value=-5, max_value=1500),
    st.floats(),
    st.integers(),
    st.sampled_from(HOSTILE_NUMBERS),
)
dates = st.one_of(
    st.dates(min_value=dt.date(1899, 12, 1), max_value=dt.date(2030, 1, 1)),
    st.dates(),
    st.datetimes(),
    st.dates().map(dt.date.isoformat),
    st.sampled_from(["2026-02-30", "2026-W48", "23/11/2026", "", "2026-11-23\x00"]),
    junk,
)
SESSION_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "kind": word(Kind),
    "minutes": numbers,
    "intensity": word(Intensity),
    "rpe": numbers,
    "day": word(Day),
    "date": dates,
    "name": st.one_of(st.text(max_size=20), junk),
    "focus": word(Focus),
}
sessions = st.fixed_dictionaries(
    {},
    optional={**SESSION_FIELDS, "minuts": junk, "Day": junk, "kind\nday": junk, "😀": junk},
)
documents = st.fixed_dictionaries(
    {},
    optional={
        "profile": st.one_of(st.fixed_dictionaries({}, optional={"age": numbers}), junk),
        "session": st.one_of(st.lists(sessions, max_size=4), junk),
        "sessions": junk,
        "a\u2028b": junk,
    },
)


@st.composite
def routine_bytes(draw: st.DrawFn) -> bytes:
    """A generated routine, sometimes damaged at the byte level the way files get damaged."""
    data = toml_document(draw(documents)).encode("utf-8")
    damage = draw(st.sampled_from(["none", "none", "insert", "truncate", "bom"]))
    if damage == "insert":
        at = draw(st.integers(min_value=0, max_value=len(data)))
        hostile = [b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\r", "💪".encode(), b"["]
        noise = draw(st.sampled_from(hostile) | st.binary())
        data = data[:at] + noise + data[at:]
    elif damage == "truncate":
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    elif damage == "bom":
        data = b"\xef\xbb\xbf" + data
    return data


def assert_report_or_one_line_error(result: Result, label: str) -> None:
    """The contract for bad input: exit 0 with a report, or exit 1 with one 'Error: label: ...' line.

    Several problems are each a line naming the file, and the Error line counts them.
    """
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    if result.exit_code == 0:
        assert result.stderr == ""
        keys = {"week", "in_progress", "days_elapsed", "sessions", "metrics", "benefits", "next_steps"}
        assert set(json.loads(result.stdout)) == keys
    else:
        assert result.stdout == ""
        *problems, error = result.stderr.splitlines()
        assert error.startswith(f"Error: {label}: "), result.stderr
        assert all(problem.startswith(f"{label}: ") for problem in problems), result.stderr
        assert len(problems) != 1, result.stderr
        if problems:
            assert error == f"Error: {label}: {len(problems)} problems (listed above)"
        assert result.stderr.endswith("\n")
        assert "Traceback" not in result.stderr


@given(routine_bytes())
def test_any_routine_on_stdin_gives_a_report_or_one_line_error(data):
    args = ["report", "--routine", "-", "--json"]
    result = CliRunner().invoke(cli, args, input=data, catch_exceptions=False)
    assert_report_or_one_line_error(result, "<stdin>")


@given(routine_bytes())
def test_any_routine_file_gives_a_report_or_an_error_naming_the_file(tmp_path_factory, data):
    path: Path = tmp_path_factory.getbasetemp() / "fuzz-week.toml"
    path.write_bytes(data)
    result = CliRunner().invoke(cli, ["report", "--routine", str(path), "--json"], catch_exceptions=False)
    assert_report_or_one_line_error(result, str(path))


valid_template_sessions = st.lists(
    st.fixed_dictionaries(
        {
            "day": st.sampled_from([day.value for day in Day]),
            "kind": st.sampled_from(["aerobic", "resistance"]),
            "minutes": st.integers(min_value=1, max_value=1440),
        },
        optional={"intensity": st.sampled_from([i.value for i in Intensity]), "name": st.text(max_size=30)},
    ),
    max_size=12,
)


@given(valid_template_sessions, st.none() | st.integers(min_value=5, max_value=120))
def test_every_valid_template_routine_is_reported(items, age):
    document: dict[str, Any] = {"session": items}
    if age is not None:
        document["profile"] = {"age": age}
    result = CliRunner().invoke(
        cli, ["report", "--routine", "-", "--json"], input=toml_document(document), catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["sessions"] == len(items)
    assert report["metrics"]["total_min"] == sum(item["minutes"] for item in items)
    assert report["metrics"]["age"] == age


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 20)),
    st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=7),
)
def test_every_valid_dated_routine_is_reported_with_its_iso_week(any_day, offsets):
    monday = any_day - dt.timedelta(days=any_day.weekday())
    items = [{"date": monday + dt.timedelta(days=o), "kind": "aerobic", "minutes": 30} for o in offsets]
    result = CliRunner().invoke(
        cli, ["report", "--routine", "-", "--json"], input=toml_document({"session": items})
    )
    assert result.exit_code == 0, result.output
    year, week, _ = monday.isocalendar()
    assert json.loads(result.stdout)["week"] == f"{year}-W{week:02d}"
