"""`log import` of hostile files: one line naming the file and the place, never a traceback."""

from __future__ import annotations

import pytest

from myorec.cli import cli

ENTRY = '{"date": "2026-11-20", "kind": "aerobic", "minutes": 30'


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("deep.json", "[" * 100_000, "invalid JSON: lists or objects nested too deeply"),
        ("big.json", f"[{ENTRY[:-2]}{'9' * 5000}}}]", "invalid JSON: a number has more than 4300 digits"),
        (
            "key.json",
            f'[{ENTRY}, "no\\nte": 1}}]',
            "entry 1: unknown field 'no\\nte'; "
            "allowed: id, date, kind, minutes, intensity, rpe, name, focus, impact, avg_hr, start, "
            "type_intensity, hr_seconds, source, counts_as, intensity_source, intensity_minutes, "
            "intensity_figures",
        ),
        (
            "header.csv",
            'date,kind,minutes,"na\nme"\n2026-11-20,aerobic,30,x\n',
            "line 1: unknown column 'na\\nme' (did you mean 'name'?); "
            "myorec's CSV has date, kind, minutes, intensity, name, rpe, focus, impact, avg_hr, "
            "type_intensity, start, hr_seconds, source",
        ),
    ],
    ids=["deep-json", "5000-digit-json-number", "newline-json-key", "newline-csv-header"],
)
def test_hostile_import_files_give_one_line(runner, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    db = tmp_path / "log.db"
    result = runner.invoke(cli, ["--db", str(db), "log", "import", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: {message}\n"
    assert runner.invoke(cli, ["--db", str(db), "log", "list", "--json"]).stdout == "[]\n"


def test_an_import_over_50_mib_is_refused_before_it_is_read(runner, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)  # sparse: no 50 MiB written to disk
    result = runner.invoke(cli, ["--db", str(tmp_path / "log.db"), "log", "import", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: file is 52,428,801 bytes; the limit is 50 MiB\n"


def test_an_import_from_a_device_is_refused(runner, tmp_path):
    result = runner.invoke(
        cli, ["--db", str(tmp_path / "log.db"), "log", "import", "/dev/zero", "--format", "csv"]
    )
    assert result.exit_code == 1
    assert result.stderr == "Error: /dev/zero: not a regular file; save the data to a file and import that\n"


def test_a_number_too_long_for_python_is_quoted_as_written_not_as_inf(runner, tmp_path):
    result = runner.invoke(cli, ["--db", str(tmp_path / "log.db"), "log", "add", "aerobic", "9" * 5000])
    assert result.exit_code == 1
    assert result.stderr == f"Error: minutes: must be a whole number from 1 to 1440 (got '{'9' * 57}…')\n"
    result = runner.invoke(
        cli, ["--db", str(tmp_path / "log.db"), "log", "add", "aerobic", "30", "--rpe", "1e999"]
    )
    assert result.stderr == "Error: rpe: must be a number from 0 to 10 (got '1e999')\n"
