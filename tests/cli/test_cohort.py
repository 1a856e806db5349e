"""``myorec cohort`` through the command line: the summary, the errors, --sql, and the Spark engine."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from myorec.cli import cli

pytest.importorskip("duckdb", reason='DuckDB is an optional extra: pip install -e ".[cohort]"')

SESSIONS = (
    "person_id,date,kind,minutes,intensity,rpe,focus,impact,age\n"
    "p1,2026-11-23,aerobic,30,moderate,,,,52\n"
    "p1,2026-11-24,resistance,45,,7,,,52\n"
    "p1,2026-11-25,mobility,20,,,balance,,52\n"
    "p2,2026-11-26,aerobic,31,,,,true,\n"
    "p2,2026-11-26,aerobic,-5,,,,,\n"
    "p2,2026-12-01,Aerobic,25,vigorous,,,,\n"
)


@pytest.fixture
def sessions_csv(tmp_path: Path) -> Path:
    path = tmp_path / "sessions.csv"
    path.write_text(SESSIONS, encoding="utf-8")
    return path


def test_a_run_says_what_it_scored_and_skipped(runner, sessions_csv, tmp_path):
    output, rejects = tmp_path / "scores.csv", tmp_path / "rejects.csv"
    result = runner.invoke(
        cli, ["cohort", str(sessions_csv), "-o", str(output), "--skip-bad-rows", str(rejects)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Scored 5 sessions into 3 person-weeks: {output}\nSkipped 1 bad row: {rejects}\n"
    )
    lines = output.read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[:2] for line in lines[1:]] == [
        ["p1", "2026-W48"],
        ["p2", "2026-W48"],
        ["p2", "2026-W49"],
    ]
    assert rejects.read_text(encoding="utf-8").splitlines()[1] == (
        "5,p2,2026-11-26,aerobic,-5,,,,,,minutes,must be a whole number from 1 to 1440 (got -5)"
    )


def test_a_bad_row_is_one_error_line_and_nothing_is_written(runner, sessions_csv, tmp_path):
    result = runner.invoke(cli, ["cohort", str(sessions_csv), "-o", str(tmp_path / "scores.parquet")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {sessions_csv}: row 5, column 'minutes': must be a whole number from 1 to 1440 (got -5)\n"
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["sessions.csv"]


def test_person_weeks_are_counted_as_person_weeks(runner, sessions_csv, tmp_path):
    weeks, scores = tmp_path / "weeks.csv", tmp_path / "scores.csv"
    skipping = ["--skip-bad-rows", str(tmp_path / "rejects.csv")]
    assert runner.invoke(cli, ["cohort", str(sessions_csv), "-o", str(weeks), *skipping]).exit_code == 0
    header, *rows = weeks.read_text(encoding="utf-8").splitlines()
    metrics_only = [",".join(line.split(",")[:26]) for line in (header, *rows)]
    weeks.write_text("\n".join(metrics_only) + "\n", encoding="utf-8")
    result = runner.invoke(cli, ["cohort", str(weeks), "-o", str(scores)])
    assert result.stdout == f"Scored 3 person-weeks: {scores}\n"


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("missing/scores.csv", "{tmp}/missing/scores.csv: is in a folder that does not exist"),
        ("scores", "{tmp}/scores: unknown file type (no extension); name a .csv or .parquet file"),
    ],
)
def test_an_output_that_cannot_be_written_is_refused_before_any_work(
    runner, sessions_csv, tmp_path, output, message
):
    result = runner.invoke(cli, ["cohort", str(sessions_csv), "-o", str(tmp_path / output)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message.format(tmp=tmp_path)}\n"


def test_person_weeks_with_missing_metric_columns_are_refused_naming_them(runner, tmp_path):
    source = tmp_path / "weeks.csv"
    source.write_text("person_id,week,aerobic_days\np1,2026-W48,3\n", encoding="utf-8")
    result = runner.invoke(cli, ["cohort", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {source}: missing metric columns 'aerobic_light_min', ")
    assert "'met_minutes'" in result.stderr
    assert "'aerobic_days'" not in result.stderr


def test_columns_that_name_no_kind_say_how_to_name_it(runner, tmp_path):
    source = tmp_path / "odd.csv"
    source.write_text("person_id,kind,minutes\n", encoding="utf-8")
    result = runner.invoke(cli, ["cohort", str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 1
    assert result.stderr.endswith("; say which with --input-kind sessions or --input-kind weeks\n")
    given = runner.invoke(
        cli, ["cohort", str(source), "-o", str(tmp_path / "out.csv"), "--input-kind", "sessions"]
    )
    assert given.stderr == f"Error: {source}: missing column 'date'\n"


def test_sql_prints_the_one_query_and_runs_nothing(runner, sessions_csv, tmp_path):
    result = runner.invoke(cli, ["cohort", str(sessions_csv), "--sql"])
    assert result.exit_code == 0
    assert result.stdout.startswith("WITH\n")
    assert "GROUP BY person_id, _year, _week" in result.stdout
    assert "CASE WHEN" in result.stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == ["sessions.csv"]


def test_the_engine_and_the_input_kind_are_taken_in_any_case(runner, sessions_csv):
    given = ["cohort", str(sessions_csv), "--sql"]
    result = runner.invoke(cli, [*given, "--engine", "DuckDB", "--input-kind", "Sessions"])
    assert (result.exit_code, result.stdout) == (0, runner.invoke(cli, given).stdout)


def test_an_output_is_required_unless_printing_the_query(runner, sessions_csv):
    result = runner.invoke(cli, ["cohort", str(sessions_csv)])
    assert result.exit_code == 2
    assert "give the output file with -o OUTPUT (or --sql to print the query)" in result.stderr


def test_without_duckdb_the_error_says_what_to_install(runner, sessions_csv, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "duckdb", None)
    result = runner.invoke(cli, ["cohort", str(sessions_csv), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 1
    assert result.stderr == 'Error: DuckDB is not installed; install it with: pip install "myorec[cohort]"\n'


# -- Spark ---------------------------------------------------------------------------------

needs_spark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or shutil.which("java") is None,
    reason='Spark tests need PySpark and Java: pip install -e ".[spark]" and a Java 17+ runtime',
)


def run_both(runner, arguments: list[str], tmp_path: Path) -> dict[str, tuple[int, str, dict]]:
    """The same run on DuckDB and on Spark: exit code, stderr, and the files each wrote."""
    results = {}
    for engine in ("duckdb", "spark"):
        folder = tmp_path / engine
        folder.mkdir()
        argv = [part.replace("{out}", str(folder)) for part in arguments]
        result = runner.invoke(cli, ["cohort", *argv, "--engine", engine])
        written = {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
        results[engine] = (result.exit_code, result.stderr.replace(str(folder), "{out}"), written)
    return results


@needs_spark
def test_spark_gives_the_rows_and_rejects_duckdb_gives(runner, sessions_csv, tmp_path):
    arguments = [str(sessions_csv), "-o", "{out}/scores.csv", "--skip-bad-rows", "{out}/rejects.csv"]
    results = run_both(runner, arguments, tmp_path)
    assert results["spark"] == results["duckdb"]
    assert results["duckdb"][0] == 0
    assert set(results["duckdb"][2]) == {"scores.csv", "rejects.csv"}


@needs_spark
def test_spark_scores_person_weeks_from_parquet_and_stops_at_the_same_bad_row(runner, sessions_csv, tmp_path):
    import duckdb

    from myorec.core.metrics import METRIC_NAMES

    scores, weeks = tmp_path / "scores.parquet", tmp_path / "weeks.parquet"
    skipping = ["--skip-bad-rows", str(tmp_path / "rejects.csv")]
    assert runner.invoke(cli, ["cohort", str(sessions_csv), "-o", str(scores), *skipping]).exit_code == 0
    columns = ", ".join(("person_id", "week", *METRIC_NAMES))
    con = duckdb.connect()
    con.execute(f"COPY (SELECT {columns} FROM '{scores}') TO '{weeks}' (FORMAT parquet)")
    results = run_both(runner, [str(weeks), "-o", "{out}/scores.parquet"], tmp_path)
    assert results["duckdb"][0] == 0
    assert results["spark"][0] == 0
    rows = {
        engine: con.execute(f"SELECT * FROM '{tmp_path / engine / 'scores.parquet'}'").fetchall()
        for engine in ("duckdb", "spark")
    }
    assert rows["spark"] == rows["duckdb"] == con.execute(f"SELECT * FROM '{scores}'").fetchall()
    bad = tmp_path / "bad"
    bad.mkdir()
    results = run_both(runner, [str(sessions_csv), "-o", "{out}/scores.csv"], bad)
    assert results["spark"] == results["duckdb"]
    message = (
        f"Error: {sessions_csv}: row 5, column 'minutes': must be a whole number from 1 to 1440 (got -5)\n"
    )
    assert results["duckdb"][:2] == (1, message)
