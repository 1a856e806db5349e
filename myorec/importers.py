"""Log entries in and out of files: myorec's CSV and JSON, and Strava's activities.csv.

Readers yield validated sessions one at a time, and the store writes them
inside one transaction: the first bad row raises an :class:`InputError`
naming the file, the line (or entry) and the column, which rolls the whole
import back. The CSV readers take lines, so a long CSV file is never held
whole; a JSON document is parsed whole from its text, which the 50 MiB import
limit bounds.

Every entry read goes through :func:`myorec.entries.build_session`, as typed
ones do. Strava's activity types are mapped to kinds by ``activities.toml``, a
data file users can edit, not a table in this code.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import stat
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from myorec.entries import JSON_KEYS, EntryError, build_session, check_source, entry_object, number_or_text
from myorec.errors import InputError
from myorec.models import Kind, Session, plain_number, shown, suggest
from myorec.tomlfile import parse_limits, read_toml

if TYPE_CHECKING:
    from myorec.store import Entry

#: Columns of myorec's CSV format, in the order ``log export`` writes them.
CSV_COLUMNS: tuple[str, ...] = ("date", "kind", "minutes", "intensity", "name", "rpe", "focus", "source")
REQUIRED_COLUMNS: tuple[str, ...] = ("date", "kind", "minutes")

ACTIVITIES_FILE = "activities.toml"
STRAVA_ID = "Activity ID"
STRAVA_DATE = "Activity Date"
STRAVA_NAME = "Activity Name"
STRAVA_TYPE = "Activity Type"
STRAVA_ELAPSED = "Elapsed Time"
STRAVA_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%Y-%m-%d %H:%M:%S")
SECONDS_PER_DAY = 24 * 3600


#: Larger files are refused: years of daily sessions fit in a few MiB (a Strava export in ~10).
MAX_IMPORT_BYTES = 50 * 1024 * 1024


def check_import_file(path: Path) -> None:
    """Refuse what would hang or exhaust memory: files over 50 MiB, devices and pipes (no size)."""
    label = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"{label}: cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{label}: not a regular file; save the data to a file and import that")
    if info.st_size > MAX_IMPORT_BYTES:
        raise InputError(f"{label}: file is {info.st_size:,} bytes; the limit is 50 MiB")


def _sourced(fields: Mapping[str, Any], today: dt.date) -> tuple[Session, str | None]:
    """An exported entry read back: its session, and the source id that an export carries.

    Keeping the source is what lets a restored log still recognise a Strava
    activity when the same activities.csv is imported again.
    """
    source = fields.get("source")
    session = build_session({key: value for key, value in fields.items() if key != "source"}, today)
    return session, None if source is None else check_source(source)


class SourceGuard:
    """One file may list an activity twice, but not two different sessions under one source id.

    The log would keep the first and count the second as already present,
    which it is not: the whole file is refused instead, naming both places.
    """

    def __init__(self, field: str = "source") -> None:
        self.field = field
        self._first: dict[str, tuple[Session, str]] = {}

    def check(self, source: str | None, session: Session, where: str) -> None:
        if source is None:
            return
        first = self._first.setdefault(source, (session, where))
        if first[0] != session:
            raise EntryError(
                self.field, f"{shown(source)} is also the source of {first[1]}, a different session"
            )


# -- myorec CSV ------------------------------------------------------------------------


def _cell(column: str, text: str) -> Any:
    if column in ("name", "source"):  # kept as written, spaces and all
        return text or None
    stripped = text.strip()
    if not stripped:
        return None
    if column in ("minutes", "rpe"):
        return number_or_text(stripped)
    return stripped


def _line_error(label: str, line: int, error: EntryError) -> InputError:
    if error.field:
        return InputError(f"{label}: line {line}, column '{error.field}': {error.reason}")
    return InputError(f"{label}: line {line}: {error.reason}")


def _header_names(header: list[str]) -> list[str]:
    """Header cells without surrounding spaces or the byte-order mark spreadsheets put first."""
    return [name.strip().lstrip("\ufeff").strip() for name in header]


def _csv_header(raw_header: list[str], label: str) -> list[str]:
    header = _header_names(raw_header)
    columns = [name.lower() for name in header]
    unknown = [name for name, column in zip(header, columns, strict=True) if column not in CSV_COLUMNS]
    if unknown:
        names = ", ".join(shown(name) for name in unknown)
        hint = suggest(unknown[0].lower(), CSV_COLUMNS)
        if STRAVA_TYPE in header:
            hint = " (this looks like Strava's activities.csv: use --format strava)"
        raise InputError(
            f"{label}: line 1: unknown column{'s' if len(unknown) > 1 else ''} {names}{hint}; "
            f"myorec's CSV has {', '.join(CSV_COLUMNS)}"
        )
    repeated = sorted({column for column in columns if columns.count(column) > 1})
    if repeated:
        raise InputError(f"{label}: line 1: column {shown(repeated[0])} appears more than once")
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        names = ", ".join(f"'{column}'" for column in missing)
        raise InputError(f"{label}: line 1: missing column{'s' if len(missing) > 1 else ''} {names}")
    return columns


def _csv_rows(lines: Iterable[str], label: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each non-blank row, the header first.

    Strict, so a file cut short inside a quoted field is an error rather than
    a last row whose name runs to the end of the file. A line number is where
    its row starts: a quoted field may hold line breaks.
    """
    # csv refuses fields over 128 KiB by default; any field of a file within the import limit is fine.
    csv.field_size_limit(MAX_IMPORT_BYTES)
    reader = csv.reader(lines, strict=True)
    line = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield line, row
            line = reader.line_num + 1
    except csv.Error as exc:
        reason = f"not valid CSV ({exc})"
        if "unexpected end of data" in str(exc):
            reason = "a quoted field is never closed (is the file cut short?)"
        raise InputError(f"{label}: line {line}: {reason}") from None


def read_csv(lines: Iterable[str], label: str, today: dt.date) -> Iterator[tuple[Session, str | None]]:
    """(session, source id) pairs from myorec's CSV format; columns are matched by header name."""
    rows = _csv_rows(lines, label)
    header = next(rows, None)
    if header is None:
        raise InputError(f"{label}: empty file; expected a header line ({','.join(CSV_COLUMNS)})")
    columns = _csv_header(header[1], label)
    guard = SourceGuard()
    for line, row in rows:
        if len(row) != len(columns):
            raise InputError(
                f"{label}: line {line}: {len(row)} fields, but the header has {len(columns)} columns"
            )
        fields = {column: _cell(column, text) for column, text in zip(columns, row, strict=True)}
        try:
            session, source = _sourced(fields, today)
            guard.check(source, session, f"line {line}")
        except EntryError as exc:
            raise _line_error(label, line, exc) from None
        yield session, source


def write_csv(entries: Iterable[Entry], out: TextIO) -> None:
    """myorec's CSV format: what ``read_csv`` reads back into the same entries."""
    writer = csv.writer(out, lineterminator="\n")
    # csv quotes a cell holding "\n" but not one holding a lone "\r", which the reader then takes
    # for the end of the row; such rows are written with every cell quoted.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        fields = entry_object(entry)
        fields["rpe"] = plain_number(entry.session.rpe)
        row = ["" if fields[column] is None else fields[column] for column in CSV_COLUMNS]
        (quoted if "\r" in (entry.session.name or "") else writer).writerow(row)


# -- myorec JSON -----------------------------------------------------------------------


def read_json(text: str, label: str, today: dt.date) -> Iterator[tuple[Session, str | None]]:
    """(session, source id) pairs from a JSON list of entry objects (``log export --format json``).

    ``id`` is ignored: the log gives imported entries new ids.
    """
    with parse_limits(label, "JSON", "lists or objects", InputError):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno}, column {exc.colno}"
            raise InputError(f"{label}: {where}: invalid JSON: {exc.msg}") from None
    if not isinstance(document, list):
        raise InputError(
            f"{label}: expected a JSON list of entry objects, like 'myorec log export --format json'"
        )
    guard = SourceGuard()
    for number, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            raise InputError(f"{label}: entry {number}: expected an object with {', '.join(JSON_KEYS)}")
        unknown = [key for key in item if key not in JSON_KEYS]
        if unknown:
            raise InputError(
                f"{label}: entry {number}: unknown field {shown(unknown[0])}"
                f"{suggest(unknown[0], JSON_KEYS)}; allowed: {', '.join(JSON_KEYS)}"
            )
        try:
            session, source = _sourced({key: value for key, value in item.items() if key != "id"}, today)
            guard.check(source, session, f"entry {number}")
        except EntryError as exc:
            where = f", field '{exc.field}'" if exc.field else ""
            raise InputError(f"{label}: entry {number}{where}: {exc.reason}") from None
        yield session, source


# -- Strava activities.csv -------------------------------------------------------------


def normalise_type(name: str) -> str:
    """'Weight Training', 'WeightTraining' and 'weight_training' are one type."""
    return "".join(ch for ch in name.lower() if ch not in " -_\t")


class ActivityMap(NamedTuple):
    """Activity type (normalised) -> kind, read from an ``activities.toml``."""

    kinds: dict[str, Kind]
    path: Path

    def kind_of(self, activity_type: str) -> Kind | None:
        return self.kinds.get(normalise_type(activity_type))


def load_activity_map(path: Path) -> ActivityMap:
    """Read ``[kinds]`` with ``aerobic``, ``resistance`` and ``mobility`` lists of type names."""
    document = read_toml(path)
    for key in document:
        if key != "kinds":
            hint = suggest(key, ["kinds"])
            raise InputError(f"{path}: unknown top-level key {shown(key)}{hint}; expected [kinds]")
    table = document.get("kinds")
    if not isinstance(table, dict):
        raise InputError(f"{path}: missing [kinds] table (aerobic, resistance, mobility lists of type names)")
    groups = [kind.value for kind in Kind]
    kinds: dict[str, Kind] = {}
    for group, names in table.items():
        where = f"kinds.{group}" if group.isprintable() else f"kinds {shown(group)}"
        if group not in groups:
            raise InputError(
                f"{path}: {where}: unknown kind{suggest(group, groups)}; kinds are {', '.join(groups)}"
            )
        if not isinstance(names, list) or not all(isinstance(name, str) and name.strip() for name in names):
            raise InputError(f"{path}: {where}: must be a list of activity type names")
        for name in names:
            key = normalise_type(name)
            earlier = kinds.get(key)
            if earlier is not None and earlier.value != group:
                raise InputError(f"{path}: {shown(name)} is listed under both {earlier.value} and {group}")
            kinds[key] = Kind(group)
    return ActivityMap(kinds, path)


class StravaSkips:
    """Activities left out of an import, so the user can map them and import again."""

    def __init__(self) -> None:
        #: Activity type as written -> count.
        self.unmapped: Counter[str] = Counter()
        #: Activity type as written -> count of activities longer than 24 hours.
        self.too_long: Counter[str] = Counter()


def parse_strava_date(text: str) -> dt.date:
    cleaned = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    for pattern in STRAVA_DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    example = "Nov 16, 2026, 7:02:11 AM"
    raise EntryError(STRAVA_DATE, f"cannot read {shown(text)} as a date (expected e.g. '{example}')")


def _seconds(text: str) -> float:
    try:
        seconds = float(text.replace(",", ""))
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise EntryError(STRAVA_ELAPSED, f"must be a number of seconds (got {shown(text)})")
    return seconds


def read_strava(
    lines: Iterable[str], label: str, today: dt.date, activities: ActivityMap, skips: StravaSkips
) -> Iterator[tuple[Session, str]]:
    """(session, source id) pairs from Strava's activities.csv.

    Strava repeats column names (``Elapsed Time``, ``Distance``...), so columns
    are found by position: the first column with each name. Seconds become
    whole minutes, rounded, at least one.
    """
    rows = _csv_rows(lines, label)
    header = _header_names(next(rows, (1, []))[1])
    wanted = (STRAVA_ID, STRAVA_DATE, STRAVA_TYPE, STRAVA_ELAPSED)
    missing = [name for name in wanted if name not in header]
    if missing:
        raise InputError(
            f"{label}: line 1: missing column '{missing[0]}'; expected the activities.csv "
            "of a Strava bulk export (English headers)"
        )
    position = {name: header.index(name) for name in wanted}
    name_at = header.index(STRAVA_NAME) if STRAVA_NAME in header else None
    guard = SourceGuard(STRAVA_ID)
    for line, row in rows:
        try:
            item = _strava_row(row, position, name_at, activities, today, skips)
            if item is not None:
                guard.check(item[1], item[0], f"line {line}")
        except EntryError as exc:
            raise _line_error(label, line, exc) from None
        if item is not None:
            yield item


def _strava_row(
    row: list[str],
    position: dict[str, int],
    name_at: int | None,
    activities: ActivityMap,
    today: dt.date,
    skips: StravaSkips,
) -> tuple[Session, str] | None:
    def cell(column: str) -> str:
        index = position[column]
        value = row[index].strip() if index < len(row) else ""
        if not value:
            raise EntryError(column, "a value is required")
        return value

    source = check_source(f"strava:{cell(STRAVA_ID)}", STRAVA_ID)
    activity_type = cell(STRAVA_TYPE)
    date = parse_strava_date(cell(STRAVA_DATE))
    seconds = _seconds(cell(STRAVA_ELAPSED))
    kind = activities.kind_of(activity_type)
    if kind is None:
        skips.unmapped[activity_type] += 1
        return None
    if seconds > SECONDS_PER_DAY:
        skips.too_long[activity_type] += 1
        return None
    name = row[name_at] if name_at is not None and name_at < len(row) else None
    minutes = max(1, math.floor(seconds / 60 + 0.5))
    fields = {"date": date, "kind": kind, "minutes": minutes, "name": name}
    try:
        session = build_session(fields, today)
    except EntryError as exc:
        raise EntryError(STRAVA_DATE if exc.field == "date" else exc.field, exc.reason) from None
    return session, source
