"""Generated import files through ``myorec log import``: all rows in, or one line of error naming the file.

CSV and JSON files are built from plausible rows with hostile cells (junk text,
huge and non-finite numbers, wrong types, extra and missing columns) and then
sometimes damaged at the byte level. Whatever happens, the import is all or
nothing: the log holds every row afterwards, or exactly what it held before.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from myorec.cli import cli
from tests.strategies import junk

COLUMNS = ["date", "kind", "minutes", "intensity", "name", "rpe", "focus"]
cells = st.one_of(
    st.sampled_from(
        ["2026-11-20", "aerobic", "resistance", "mobility", "30", "1440", "moderate", "7", "balance"]
    ),
    st.sampled_from(
        ["", " ", "0", "1441", "-5", "nan", "inf", "1e309", "9" * 5000, "2026-02-30", "🏃", "\x00"]
    ),
    st.text(max_size=10),
)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    header = draw(
        st.one_of(st.just(COLUMNS), st.permutations(COLUMNS), st.lists(st.sampled_from([*COLUMNS, "x"])))
    )
    rows = draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header) + 1), max_size=5))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", errors="surrogatepass")


entry = st.fixed_dictionaries(
    {"date": st.sampled_from(["2026-11-20", "2026-11-21"]) | junk, "kind": st.just("aerobic") | junk},
    optional={"minutes": st.integers(-5, 1500) | junk, "rpe": junk, "name": junk, "id": junk, "extra": junk},
)


@st.composite
def json_files(draw: st.DrawFn) -> bytes:
    document = draw(st.lists(entry, max_size=4) | junk)
    return json.dumps(document, default=str).encode("utf-8")


@st.composite
def damaged(draw: st.DrawFn, files: st.SearchStrategy[bytes]) -> bytes:
    data = draw(files)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = (
            data[:at]
            + draw(st.sampled_from([b"\xff", b"\x00", b'"', b"\r", b"\xef\xbb\xbf", b""]))
            + data[at:]
        )
    return data


import_files = st.one_of(
    st.tuples(st.just("csv"), damaged(csv_files())),
    st.tuples(st.just("json"), damaged(json_files())),
)


@given(import_files)
def test_any_import_file_goes_in_whole_or_gives_one_line_naming_it(tmp_path_factory, case):
    file_format, data = case
    folder = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
    runner = CliRunner()
    try:
        db = ["--db", str(folder / "log.db")]
        assert runner.invoke(cli, [*db, "log", "add", "aerobic", "30", "--date", "2026-11-19"]).exit_code == 0
        path = folder / f"in.{file_format}"
        path.write_bytes(data)
        result = runner.invoke(cli, [*db, "log", "import", str(path)], catch_exceptions=False)
        listed: list[dict[str, Any]] = json.loads(runner.invoke(cli, [*db, "log", "list", "--json"]).stdout)
    finally:
        shutil.rmtree(folder)
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:
        assert result.stdout == ""
        assert result.stderr.startswith(f"Error: {path}: "), result.stderr
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert len(listed) == 1
    else:
        new = int(result.stdout.split(": ")[1].split(" new")[0])
        assert len(listed) == 1 + new
