"""Scoring cohort files: the same rows as ``myorec report`` gives each person-week, from real files."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myorec.app import cohort
from myorec.app.cohort import score_cohort
from myorec.core.calendar import iso_week_label
from myorec.core.engine import Engine
from myorec.core.intensity import Intensity
from myorec.core.metrics import compute_metrics
from myorec.core.sessions import Focus, Kind, Profile, Session
from myorec.core.sql.inputs import InputKind
from myorec.core.sql.query import output_columns
from myorec.errors import InputError
from tests.strategies import rule_sets

duckdb = pytest.importorskip("duckdb", reason='DuckDB is an optional extra: pip install -e ".[cohort]"')

#: Three weeks across a new year: 2026 has an ISO week 53, and 2027-W01 starts on 4 January.
DAYS = [dt.date(2026, 12, 21) + dt.timedelta(days=number) for number in range(21)]
SESSION_TYPES = {
    "person_id": "VARCHAR",
    "date": "DATE",
    "kind": "VARCHAR",
    "minutes": "BIGINT",
    "intensity": "VARCHAR",
    "rpe": "DOUBLE",
    "focus": "VARCHAR",
    "impact": "BOOLEAN",
    "age": "BIGINT",
}

_effort = st.one_of(
    st.just({}),
    st.sampled_from(list(Intensity)).map(lambda intensity: {"intensity": intensity.value}),
    st.one_of(st.sampled_from([0.0, 4.9, 5.0, 6.5, 7.0, 10.0]), st.floats(0, 10)).map(
        lambda rpe: {"rpe": rpe}
    ),
)


@st.composite
def sessions(draw: st.DrawFn, person: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(list(Kind)))
    row = {"person_id": person, "date": draw(st.sampled_from(DAYS)), "kind": kind.value}
    row["minutes"] = draw(st.one_of(st.sampled_from([1, 30, 1440]), st.integers(1, 240)))
    row |= draw(_effort)
    if kind is Kind.MOBILITY and draw(st.booleans()):
        row["focus"] = draw(st.sampled_from(list(Focus))).value
    row["impact"] = draw(st.booleans())
    return row


@st.composite
def cohorts(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Sessions of a few people over three weeks; a person's age is given on every row, or on none."""
    rows = []
    for person in ("p0", "p1", "p2")[: draw(st.integers(1, 3))]:
        age = draw(st.one_of(st.none(), st.sampled_from([5, 17, 18, 64, 65, 120])))
        for row in draw(st.lists(sessions(person), min_size=1, max_size=12)):
            rows.append(row | {"age": age})
    return draw(st.permutations(rows))


def write_sessions(rows: list[dict[str, Any]], path: Path) -> None:
    """A sessions file: text cells for CSV, typed columns (DATE, BIGINT, BOOLEAN, ...) for Parquet."""
    if path.suffix == ".csv":
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(SESSION_TYPES)
            for row in rows:
                writer.writerow(["" if row.get(name) is None else row[name] for name in SESSION_TYPES])
        return
    con = duckdb.connect()
    columns = ", ".join(f"{name} {sql_type}" for name, sql_type in SESSION_TYPES.items())
    con.execute(f"CREATE TABLE sessions ({columns})")
    marks = ", ".join("?" for _ in SESSION_TYPES)
    if rows:
        con.executemany(
            f"INSERT INTO sessions VALUES ({marks})", [[row.get(n) for n in SESSION_TYPES] for row in rows]
        )
    con.execute(f"COPY sessions TO '{path}' (FORMAT parquet)")
    con.close()


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The output's rows: as typed values from Parquet, as text from CSV."""
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    result = duckdb.connect().execute(f"SELECT * FROM read_parquet('{path}')")
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def reported(engine: Engine, rows: list[dict[str, Any]], as_text: bool) -> list[dict[str, Any]]:
    """What ``myorec report`` says of each person-week of these sessions, as cohort rows."""
    weeks: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        weeks[(row["person_id"], iso_week_label(row["date"]))].append(row)
    expected = []
    for (person, week), week_rows in sorted(weeks.items()):
        fields = ("date", "kind", "minutes", "intensity", "rpe", "focus", "impact")
        week_sessions = [Session.model_validate({k: r[k] for k in fields if k in r}) for r in week_rows]
        metrics = compute_metrics(week_sessions, Profile(age=week_rows[0]["age"]))
        out: dict[str, Any] = {"person_id": person, "week": week, **metrics}
        for result in engine.evaluate(metrics):
            out |= {f"{result.benefit.id}_score": result.score, f"{result.benefit.id}_level": result.level}
            out[f"{result.benefit.id}_confidence"] = result.confidence
        if as_text:
            out = {name: "" if value is None else str(value) for name, value in out.items()}
        expected.append(out)
    return expected


@settings(max_examples=40)
@given(
    rows=cohorts(),
    form=st.sampled_from([".csv", ".parquet"]),
    rules=st.one_of(st.none(), rule_sets()),
)
def test_every_person_week_scores_as_report_scores_it(default_engine, rows, form, rules):
    """Metrics from sessions (distinct days, intensity from RPE, MET minutes), curves, applies, levels."""
    engine = default_engine if rules is None else Engine(rules)
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder, f"sessions{form}"), Path(folder, f"scores{form}")
        write_sessions(rows, source)
        summary = score_cohort(engine.rule_set, source, output)
        got = read_rows(output)
    expected = reported(engine, rows, as_text=form == ".csv")
    assert got == expected
    assert list(got[0]) == output_columns(engine.rule_set)
    assert summary == (InputKind.SESSIONS, len(rows), len(expected), 0)


def test_given_person_weeks_come_out_in_their_order_with_their_metrics(default_engine, tmp_path):
    rows = [{"person_id": "p1", "date": DAYS[0], "kind": "aerobic", "minutes": 200, "age": 70}]
    write_sessions(rows, tmp_path / "sessions.csv")
    score_cohort(default_engine.rule_set, tmp_path / "sessions.csv", tmp_path / "weeks.csv")
    # The output of a sessions run is a person-weeks file: scored again, it gives the same rows.
    with (tmp_path / "weeks.csv").open() as handle:
        text = handle.read()
    head, line = text.splitlines()
    columns = head.split(",")
    metrics_only = ",".join(columns[: 2 + 24]) + "\n" + ",".join(line.split(",")[: 2 + 24]) + "\n"
    (tmp_path / "given.csv").write_text(metrics_only.replace("p1", "p9"), encoding="utf-8")
    summary = score_cohort(default_engine.rule_set, tmp_path / "given.csv", tmp_path / "again.csv")
    assert summary == (InputKind.WEEKS, 1, 1, 0)
    assert (tmp_path / "again.csv").read_text(encoding="utf-8") == text.replace("p1", "p9")


def test_a_bad_row_writes_nothing_and_names_the_file_row_and_column(default_engine, tmp_path):
    source = tmp_path / "sessions.csv"
    source.write_text("person_id,date,kind,minutes\np1,2026-11-23,aerobic,30\np1,2026-11-24,aerobic,-5\n")
    (tmp_path / "scores.csv").write_text("before\n")
    with pytest.raises(InputError) as caught:
        score_cohort(default_engine.rule_set, source, tmp_path / "scores.csv")
    assert str(caught.value) == (
        f"{source}: row 2, column 'minutes': must be a whole number from 1 to 1440 (got -5)"
    )
    assert (tmp_path / "scores.csv").read_text() == "before\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["scores.csv", "sessions.csv"]


def test_skipped_rows_go_to_the_rejects_with_the_reason_and_the_rest_is_scored(default_engine, tmp_path):
    source = tmp_path / "sessions.parquet"
    rows = [
        {"person_id": "p1", "date": DAYS[0], "kind": "aerobic", "minutes": 30, "age": 40},
        {"person_id": "p1", "date": DAYS[1], "kind": "aerobic", "minutes": 30, "age": 41},
        {"person_id": "p2", "date": DAYS[0], "kind": "swim", "minutes": 30},
        {"person_id": "p3", "date": DAYS[0], "kind": "aerobic", "minutes": 30, "rpe": 11.0},
        {"person_id": "p4", "date": DAYS[0], "kind": "mobility", "minutes": 30, "focus": "balance"},
    ]
    write_sessions(rows, source)
    summary = score_cohort(
        default_engine.rule_set, source, tmp_path / "scores.parquet", rejects=tmp_path / "rejects.csv"
    )
    assert summary == (InputKind.SESSIONS, 1, 1, 4)
    assert [row["person_id"] for row in read_rows(tmp_path / "scores.parquet")] == ["p4"]
    rejected = [(row["row"], row["column"], row["reason"]) for row in read_rows(tmp_path / "rejects.csv")]
    mixed = "must be the same on every session of a person-week (person 'p1', 2026-W52 has 40 and 41)"
    assert rejected == [
        ("1", "age", mixed),
        ("2", "age", mixed),
        ("3", "kind", "must be one of aerobic, resistance, mobility (got 'swim')"),
        ("4", "rpe", "must be a number from 0 to 10 (got 11.0)"),
    ]


def test_a_csv_row_that_does_not_parse_names_its_line(default_engine, tmp_path):
    source = tmp_path / "sessions.csv"
    source.write_text("person_id,date,kind,minutes\np1,2026-11-23,aerobic,30\np1,2026-11-24,aerobic,30,9\n")
    with pytest.raises(InputError) as caught:
        score_cohort(default_engine.rule_set, source, tmp_path / "scores.csv")
    assert str(caught.value) == f"{source}: line 3: 5 fields, but the header has 4 columns"


def test_a_parquet_column_of_an_unreadable_type_is_named(default_engine, tmp_path):
    source = tmp_path / "sessions.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT 'p1' AS person_id, DATE '2026-11-23' AS date, 'aerobic' AS kind, [30] AS minutes) "
        f"TO '{source}' (FORMAT parquet)"
    )
    with pytest.raises(InputError) as caught:
        score_cohort(default_engine.rule_set, source, tmp_path / "scores.csv")
    assert str(caught.value) == (
        f"{source}: column 'minutes': holds INTEGER[] values; "
        "myorec reads text, numbers, true/false and dates"
    )


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("scores.txt", "scores.txt: unknown file type '.txt'; name a .csv or .parquet file"),
        ("sessions.csv", "sessions.csv: is the input file; write the results to another file"),
    ],
)
def test_the_output_is_a_csv_or_parquet_file_other_than_the_input(default_engine, tmp_path, output, message):
    source = tmp_path / "sessions.csv"
    source.write_text("person_id,date,kind,minutes\n")
    with pytest.raises(InputError) as caught:
        score_cohort(default_engine.rule_set, source, tmp_path / output)
    assert str(caught.value) == f"{tmp_path}/{message}"


def test_progress_is_reported_only_after_a_moment_and_never_goes_back(monkeypatch):
    monkeypatch.setattr(cohort, "PROGRESS_AFTER", 0.05)
    readings = iter([10.0, -1.0, 5.0, 40.0, 100.0])
    reported_fractions: list[float] = []
    finished = threading.Event()

    def percent() -> float:
        value = next(readings, 100.0)
        if value == 100.0:
            finished.set()
        return value

    with cohort._watching(percent, reported_fractions.append):
        finished.wait(5)
    assert reported_fractions == [0.1, 0.4, 1.0]
    with cohort._watching(lambda: 50.0, reported_fractions.append):
        pass  # over before the moment: nothing reported
    assert reported_fractions == [0.1, 0.4, 1.0]
