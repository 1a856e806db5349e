"""The compiled SQL against the Python engine: the same scores, levels and confidences, bit for bit.

The queries run on DuckDB in this process, over tables built here; the
file handling around them is tested with the command (tests/app, tests/cli).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from myorec.core.engine import Engine
from myorec.core.entries import build_session, number_or_text
from myorec.core.metrics import METRIC_NAMES, METRICS
from myorec.core.sessions import Profile
from myorec.core.sql.dialect import DUCKDB, SPARK, number
from myorec.core.sql.inputs import (
    SESSION_COLUMNS,
    WEEK_METRICS,
    InputKind,
    UnknownInputKindError,
    ValueType,
    check_columns,
    input_kind,
)
from myorec.core.sql.query import BAD_ROW, INPUT, NUMBERED, output_columns, rejects_query, scoring_query
from myorec.core.validation import field_issues
from myorec.errors import InputError, MyorecError
from myorec.formats.importers.myorec_csv import _cell
from tests.strategies import rule_sets

duckdb = pytest.importorskip("duckdb", reason='DuckDB is an optional extra: pip install -e ".[cohort]"')

_SQL_TYPES = {
    ValueType.TEXT: "VARCHAR",
    ValueType.INTEGER: "BIGINT",
    ValueType.FLOAT: "DOUBLE",
    ValueType.BOOLEAN: "BOOLEAN",
    ValueType.DATE: "DATE",
}


@pytest.fixture(scope="module")
def con() -> Iterator[Any]:
    connection = duckdb.connect()
    yield connection
    connection.close()


def load(con: Any, types: dict[str, ValueType], rows: Sequence[Sequence[Any]]) -> None:
    """``cohort_input`` (and ``cohort_rows``, numbered) holding ``rows`` under typed columns."""
    con.execute(f"DROP TABLE IF EXISTS {INPUT}")
    columns = ", ".join(f'"{name}" {_SQL_TYPES[value_type]}' for name, value_type in types.items())
    con.execute(f"CREATE TABLE {INPUT} ({columns})")
    if rows:
        marks = ", ".join("?" for _ in types)
        con.executemany(f"INSERT INTO {INPUT} VALUES ({marks})", [list(row) for row in rows])
    con.execute(f"CREATE OR REPLACE VIEW {NUMBERED} AS SELECT row_number() OVER () AS _row, * FROM {INPUT}")


def scored(con: Any, query: str) -> list[dict[str, Any]]:
    result = con.execute(query)
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def expected_row(engine: Engine, person: Any, week: str, metrics: dict[str, Any]) -> dict[str, Any]:
    """What ``myorec report`` says of a week with these metrics, as a cohort row."""
    row = {"person_id": person, "week": week, **metrics}
    for result in engine.evaluate(metrics):
        benefit = result.benefit.id
        row |= {f"{benefit}_score": result.score, f"{benefit}_level": result.level}
        row[f"{benefit}_confidence"] = result.confidence
    return row


# -- person-weeks ------------------------------------------------------------------------


def _metric_values(name: str) -> st.SearchStrategy[float | int]:
    info = METRICS[name]
    high = int(info.ceiling) if info.ceiling is not None else 60
    edges = [value for value in (0, 1, 3, 7, 75, 150, 300, 301, 420, 800) if value <= high]
    if info.whole:
        return st.one_of(st.sampled_from(edges), st.integers(0, min(high, 900)))
    return st.one_of(st.sampled_from([0.0, 0.5, 150.0, 301.5]), st.floats(0, 2000, allow_nan=False))


week_metrics = st.fixed_dictionaries(
    {
        **{name: _metric_values(name) for name in WEEK_METRICS},
        "age": st.one_of(st.none(), st.sampled_from([5, 17, 18, 64, 65, 120]), st.integers(5, 120)),
    }
)
_WEEK_TYPES = {
    "person_id": ValueType.TEXT,
    "week": ValueType.TEXT,
    **{name: ValueType.FLOAT if not METRICS[name].whole else ValueType.INTEGER for name in WEEK_METRICS},
    "age": ValueType.INTEGER,
}


def check_weeks(con: Any, engine: Engine, weeks: list[dict[str, Any]]) -> None:
    rows = [
        [f"p{number}", "2026-W48", *(week[name] for name in _WEEK_TYPES if name in week)]
        for number, week in enumerate(weeks)
    ]
    load(con, _WEEK_TYPES, rows)
    query = scoring_query(engine.rule_set, InputKind.WEEKS, _WEEK_TYPES, DUCKDB)
    got = scored(con, query)
    assert [list(row) for row in got] == [output_columns(engine.rule_set)] * len(got)
    expected = [
        expected_row(engine, f"p{number}", "2026-W48", {name: week[name] for name in METRIC_NAMES})
        for number, week in enumerate(weeks)
    ]
    assert got == expected


@settings(max_examples=100)
@given(rule_set=rule_sets(), weeks=st.lists(week_metrics, min_size=1, max_size=8))
def test_random_rule_sets_score_person_weeks_as_the_engine_does(con, rule_set, weeks):
    check_weeks(con, Engine(rule_set), weeks)


@given(weeks=st.lists(week_metrics, min_size=1, max_size=12))
def test_the_shipped_rules_score_person_weeks_as_the_engine_does(con, default_engine, weeks):
    check_weeks(con, default_engine, weeks)


def test_floats_are_compared_exactly_not_approximately(con, default_engine):
    """A week on a half-point boundary: only the same arithmetic in the same order rounds the same way."""
    week = {name: 0 for name in WEEK_METRICS} | {"met_minutes": 0.0, "age": None}
    week |= {"moderate_equivalent_min": 75, "mvpa_min": 75, "resistance_min": 30, "resistance_days": 1}
    check_weeks(con, default_engine, [week])


# -- sessions: the row checks ------------------------------------------------------------

_WORDS = ["aerobic", "Resistance", " mobility ", "MOBILITY", "run", "it's", 'a"b', "", "  "]
_CELLS = {
    "kind": st.sampled_from(_WORDS),
    "minutes": st.one_of(
        st.integers(-5, 1500).map(str), st.sampled_from(["30.0", "30.5", "1e3", "abc", "", "1441", "0"])
    ),
    "intensity": st.sampled_from(["", "light", "Vigorous", "hard", "moderate "]),
    "rpe": st.one_of(st.sampled_from(["", "", "x", "10", "10.5", "-1"]), st.floats(0, 11).map(repr)),
    "focus": st.sampled_from(["", "", "balance", "Mind-Body", "stretchy"]),
    "impact": st.sampled_from(["", "true", "Yes", "0", "no", "maybe"]),
    "date": st.sampled_from(["2026-11-23", "2026-11-31", "1899-12-31", "3000-01-01", "20261123", "", "x"]),
    "age": st.one_of(st.sampled_from(["", "4", "5", "120", "121", "52.0", "52.5", "old"])),
}
_TEXT_TYPES = {name: ValueType.TEXT for name in (*SESSION_COLUMNS, "age")}


def python_problem(cells: dict[str, str]) -> tuple[str | None, str] | None:
    """What ``log import`` says of the same cells as a CSV row (the column and why), else None."""
    fields = {
        column: _cell(column, text) for column, text in cells.items() if column not in ("person_id", "age")
    }
    try:
        build_session(fields, today=dt.date(2999, 12, 31))
    except InputError as exc:
        # A query names no closest word (difflib has no SQL); the rest of the reason is the same.
        return exc.field, re.sub(r"; did you mean '[^']*'\?\)$", ")", exc.reason)
    age = cells["age"].strip()
    try:
        Profile.model_validate({"age": number_or_text(age) if age else None})
    except ValidationError as exc:
        return "age", field_issues(exc)[0].reason
    return None


@settings(max_examples=120)
@given(cells=st.fixed_dictionaries({"person_id": st.just("p1"), **_CELLS}))
def test_a_session_row_is_bad_exactly_when_log_import_refuses_it_and_for_the_same_reason(con, cells):
    row = [cells[name] or None for name in _TEXT_TYPES]
    load(con, _TEXT_TYPES, [row])
    found = con.execute(rejects_query(InputKind.SESSIONS, _TEXT_TYPES, DUCKDB)).fetchall()
    expected = python_problem(cells)
    if expected is None:
        assert found == []
    else:
        assert [(row[-2], row[-1]) for row in found[:1]] == [expected]


def test_a_number_is_quoted_as_written_and_text_as_python_quotes_it(con):
    rows = [["p1", "2026-11-23", "aerobic", text] for text in ("1e4", "0030.5", "it's", "x" * 80)]
    types = {name: ValueType.TEXT for name in SESSION_COLUMNS[:4]}
    load(con, types, rows)
    reasons = [row[-1] for row in con.execute(rejects_query(InputKind.SESSIONS, types, DUCKDB)).fetchall()]
    start = "must be a whole number from 1 to 1440 (got "
    assert reasons == [
        start + "1e4)",
        start + "0030.5)",
        start + '"it\'s")',
        start + "'" + "x" * 57 + "…')",
    ]


# -- choosing the input's kind and columns ---------------------------------------------


def test_the_kind_follows_the_columns_unless_given():
    assert input_kind(["person_id", "Date", "kind", "minutes"]) is InputKind.SESSIONS
    assert input_kind(["person_id", "week", *WEEK_METRICS]) is InputKind.WEEKS
    assert input_kind(["person_id", "week"], InputKind.SESSIONS) is InputKind.SESSIONS
    with pytest.raises(UnknownInputKindError, match="neither a 'date' nor a 'week' column"):
        input_kind(["person_id", "kind"])


def test_missing_metric_columns_are_named():
    with pytest.raises(InputError) as caught:
        check_columns(InputKind.WEEKS, ["person_id", "week", *WEEK_METRICS[2:]])
    assert str(caught.value) == "missing metric columns 'aerobic_light_min', 'aerobic_moderate_min'"


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (
            ["person_id", "date", "kind", "minuts"],
            "unknown column 'minuts' (did you mean 'minutes'?); a sessions file has person_id, date, kind, "
            "minutes, intensity, rpe, focus, impact, age",
        ),
        (["person_id", "date", "kind", "Kind", "minutes"], "column 'kind' appears more than once"),
        (["person_id", "date", "minutes"], "missing column 'kind'"),
    ],
)
def test_columns_are_checked_by_name(names, message):
    with pytest.raises(MyorecError) as caught:
        check_columns(InputKind.SESSIONS, names)
    assert str(caught.value) == message


# -- person-weeks: the row checks --------------------------------------------------------


@pytest.mark.parametrize(
    ("week", "label_or_reason"),
    [
        ("2026-W48", "2026-W48"),
        (" 2026-w5 ", "2026-W05"),
        ("2026-W53", "2026-W53"),
        ("2025-W53", "invalid ISO week '2025-W53': 2025 has weeks 1 to 52"),
        ("2026-W00", "invalid ISO week '2026-W00': 2026 has weeks 1 to 53"),
        ("1899-W10", "invalid ISO week '1899-W10': myorec handles the years 1900 to 2999"),
        ("2026-11", "invalid ISO week '2026-11': write it as YYYY-Www, e.g. 2026-W48"),
    ],
)
def test_weeks_are_read_as_report_reads_them(con, default_engine, week, label_or_reason):
    text_types = {name: ValueType.TEXT for name in _WEEK_TYPES}
    load(con, text_types, [["p1", week, *(["0"] * len(WEEK_METRICS)), ""]])
    if label_or_reason.startswith("invalid"):
        found = con.execute(rejects_query(InputKind.WEEKS, text_types, DUCKDB)).fetchall()
        assert [(row[-2], row[-1]) for row in found] == [("week", label_or_reason)]
    else:
        [row] = scored(con, scoring_query(default_engine.rule_set, InputKind.WEEKS, text_types, DUCKDB))
        assert row["week"] == label_or_reason


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("aerobic_days", "abc", "must be a whole number from 0 to 7 (got 'abc')"),
        ("aerobic_days", "8", "must be a whole number from 0 to 7 (got 8)"),
        ("aerobic_sessions", "-1", "must be a whole number, 0 or more (got -1)"),
        ("met_minutes", "nan", "must be a number from 0 to 80640 (got 'nan')"),
        ("total_min", "", "a value is required"),
        ("age", "4", "must be a whole number from 5 to 120 (got 4)"),
    ],
)
def test_a_bad_metric_names_its_column(con, column, cell, reason):
    text_types = {name: ValueType.TEXT for name in _WEEK_TYPES}
    cells = {name: "0" for name in text_types} | {"person_id": "p1", "week": "2026-W48", column: cell}
    load(con, text_types, [[cells[name] or None for name in text_types]])
    found = con.execute(rejects_query(InputKind.WEEKS, text_types, DUCKDB)).fetchall()
    assert [(row[0], row[-2], row[-1]) for row in found] == [(1, column, reason)]


def test_a_typed_metric_out_of_range_is_named_as_a_text_one_is(con):
    good = {name: 0 if METRICS[name].whole else 0.0 for name in WEEK_METRICS}
    weeks = [
        good | {"age": 4},
        good | {"aerobic_days": 8, "age": None},
        good | {"met_minutes": -0.5, "age": None},
    ]
    load(con, _WEEK_TYPES, [["p1", "2026-W48", *week.values()] for week in weeks])
    found = con.execute(rejects_query(InputKind.WEEKS, _WEEK_TYPES, DUCKDB)).fetchall()
    assert [(row[0], row[-2], row[-1]) for row in found] == [
        (1, "age", "must be a whole number from 5 to 120 (got 4)"),
        (2, "aerobic_days", "must be a whole number from 0 to 7 (got 8)"),
        (3, "met_minutes", "must be a number from 0 to 80640 (got -0.5)"),
    ]


def test_a_strict_query_stops_at_a_bad_row_and_a_skipping_one_leaves_it_out(con, default_engine):
    text_types = {name: ValueType.TEXT for name in _WEEK_TYPES}
    good = ["p1", "2026-W48", *(["0"] * len(WEEK_METRICS)), None]
    load(con, text_types, [good, ["p2", "2026-W99", *good[2:]]])
    with pytest.raises(duckdb.Error, match=BAD_ROW):
        con.execute(scoring_query(default_engine.rule_set, InputKind.WEEKS, text_types, DUCKDB)).fetchall()
    query = scoring_query(default_engine.rule_set, InputKind.WEEKS, text_types, DUCKDB, skip_bad=True)
    assert [row["person_id"] for row in scored(con, query)] == ["p1"]


# -- the dialects --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0.1, 1e-9, 150.0, -0.5, 1e16, 0.875 - 1e-9, 2.0 / 3.0])
def test_a_number_literal_reads_back_as_the_same_double(con, value):
    literal = number(value)
    assert con.execute(f"SELECT {literal}, typeof({literal})").fetchone() == (value, "DOUBLE")
    assert math.isfinite(float(literal))


def test_text_literals_escape_as_each_engine_reads_them():
    assert DUCKDB.text("it's \\") == "'it''s \\'"
    assert SPARK.text("it's \\") == "'it\\'s \\\\'"
    assert DUCKDB.identifier('a"b') == '"a""b"'
    assert SPARK.identifier("a`b") == "`a``b`"


def test_the_scoring_query_is_one_statement(default_engine):
    query = scoring_query(default_engine.rule_set, InputKind.SESSIONS, _TEXT_TYPES, DUCKDB)
    assert query.startswith("WITH")
    assert ";" not in query
    assert query.count("CASE WHEN") > len(default_engine.rule_set.rules)
