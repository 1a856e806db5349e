"""myorec's own CSV format: what ``log export`` writes and ``log import`` reads back.

Columns are matched by header name (unknown columns are an error, an empty
field means unset); their names and export order come from
:mod:`myorec.core.fields`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, TextIO

from myorec.core.entries import Entry, number_or_text
from myorec.core.fields import (
    BOOLEAN_FIELDS,
    CSV_COLUMNS,
    NUMERIC_FIELDS,
    REQUIRED_FIELDS,
    SOURCE,
    VERBATIM_FIELDS,
    entry_fields,
)
from myorec.core.sessions import Profile
from myorec.core.text import plain_number, shown, suggest
from myorec.errors import InputError, MyorecError
from myorec.formats.importers.common import (
    ImportContext,
    Imported,
    SourceGuard,
    csv_file,
    csv_rows,
    header_names,
    sourced,
)


def sniff(head: bytes) -> bool:
    """A header line naming our required columns."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].lower()
    names = {name.strip().strip(b'"') for name in first.split(b",")}
    return all(column.encode() in names for column in REQUIRED_FIELDS)


def _cell(column: str, text: str) -> Any:
    if column in VERBATIM_FIELDS:  # kept as written, spaces and all
        return text or None
    stripped = text.strip()
    if not stripped:
        return None
    if column in NUMERIC_FIELDS:
        return number_or_text(stripped)
    if column in BOOLEAN_FIELDS:
        return _TRUTH.get(stripped.lower(), stripped)
    return stripped


#: How a true-or-false cell may be written (the export writes ``true`` or leaves it empty).
_TRUTH = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _columns(raw_header: list[str]) -> list[str]:
    header = header_names(raw_header)
    columns = [name.lower() for name in header]
    unknown = [name for name, column in zip(header, columns, strict=True) if column not in CSV_COLUMNS]
    if unknown:
        names = ", ".join(shown(name) for name in unknown)
        # Another program's CSV (Strava's, Garmin's) is named by the import, which knows every format.
        hint = suggest(unknown[0].lower(), CSV_COLUMNS)
        raise InputError(
            f"unknown column{'s' if len(unknown) > 1 else ''} {names}{hint}; "
            f"myorec's CSV has {', '.join(CSV_COLUMNS)}",
            line=1,
        )
    repeated = sorted({column for column in columns if columns.count(column) > 1})
    if repeated:
        raise InputError(f"column {shown(repeated[0])} appears more than once", line=1)
    missing = [column for column in REQUIRED_FIELDS if column not in columns]
    if missing:
        names = ", ".join(f"'{column}'" for column in missing)
        raise InputError(f"missing column{'s' if len(missing) > 1 else ''} {names}", line=1)
    return columns


def read(stream: BinaryIO, context: ImportContext) -> Iterator[Imported]:
    """(session, source id) pairs, one per row."""
    return csv_file(stream, context, _rows)


def _rows(lines: Iterable[str], context: ImportContext) -> Iterator[Imported]:
    rows = csv_rows(lines)
    header = next(rows, None)
    if header is None:
        raise InputError(f"empty file; expected a header line ({','.join(CSV_COLUMNS)})")
    columns = _columns(header[1])
    guard = SourceGuard()
    for line, row in rows:
        if len(row) != len(columns):
            raise InputError(f"{len(row)} fields, but the header has {len(columns)} columns", line=line)
        fields = {column: _cell(column, text) for column, text in zip(columns, row, strict=True)}
        try:
            session, source = sourced(fields, context.today)
            guard.check(source, session, f"line {line}")
        except MyorecError as exc:
            raise exc.located(line=line) from None
        yield session, source


def write(entries: Iterable[Entry], out: TextIO, profile: Profile | None = None) -> None:
    """Every entry as a row: what :func:`read` reads back into the same entries (a CSV holds no profile)."""
    writer = csv.writer(out, lineterminator="\n")
    # csv quotes a cell holding "\n" but not one holding a lone "\r", which the reader then takes
    # for the end of the row; such rows are written with every cell quoted.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        fields = {**entry_fields(entry.session), SOURCE: entry.source_id}
        for column in NUMERIC_FIELDS:
            fields[column] = plain_number(fields[column])
        for column in BOOLEAN_FIELDS:
            fields[column] = "true" if fields[column] else None
        row = ["" if fields[column] is None else fields[column] for column in CSV_COLUMNS]
        (quoted if "\r" in (entry.session.name or "") else writer).writerow(row)
