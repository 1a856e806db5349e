"""Garmin Connect's ``Activities.csv`` (Activities → Export CSV), in any of its header versions.

Columns are found by name, never by position: the set follows the activities
exported and the year (2020: ``Activity Time``; 2025: ``Time``, ``Moving
Time``, ``Elapsed Time``). Every field may be quoted, ``--`` means missing, and
decimal-comma locales write ``5,81``. The kind comes from ``Activity Type``
through the ``[garmin]`` table of the activity mapping; minutes from ``Moving
Time`` when present, else ``Time``, ``Activity Time`` or ``Elapsed Time``;
heart rate from ``Avg HR``. ``Date`` is local time without an offset, taken
in the profile's time zone.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from myorec.core.text import shown
from myorec.errors import InputError
from myorec.formats.importers.common import (
    ImportContext,
    Imported,
    Recorded,
    SourceGuard,
    activity,
    csv_activities,
    csv_file,
    csv_rows,
    header_names,
)

GARMIN_TYPE = "Activity Type"
GARMIN_DATE = "Date"
GARMIN_TITLE = "Title"
GARMIN_HR = "Avg HR"
#: The duration columns, best first: moving time leaves out the pauses of a watch left running.
GARMIN_TIMES = ("Moving Time", "Time", "Activity Time", "Elapsed Time")
MISSING = "--"
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S")
_DOTTED_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S")
_DURATION = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)")


def sniff(head: bytes) -> bool:
    """A header that starts with Garmin's ``Activity Type`` and ``Date`` (Strava's starts with its ID)."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    cells = [cell.strip().strip(b'"') for cell in first.split(b",")]
    return cells[:2] == [GARMIN_TYPE.encode(), GARMIN_DATE.encode()]


def read(stream: BinaryIO, context: ImportContext) -> Iterator[Imported]:
    """(session, source id) pairs, one per mapped activity."""
    return csv_file(stream, context, _rows)


def _rows(lines: Iterable[str], context: ImportContext) -> Iterator[Imported]:
    rows = csv_rows(lines)
    header = header_names(next(rows, (1, []))[1])
    times = [name for name in GARMIN_TIMES if name in header]
    missing = [name for name in (GARMIN_TYPE, GARMIN_DATE) if name not in header]
    if missing or not times:
        what = f"'{missing[0]}'" if missing else "'Time' or 'Moving Time'"
        raise InputError(
            f"missing column {what}; expected the Activities.csv of Garmin Connect (English headers)", line=1
        )
    position = {
        name: header.index(name) for name in (GARMIN_TYPE, GARMIN_DATE, GARMIN_TITLE, GARMIN_HR, *times)
    }

    def read_row(row: list[str]) -> Imported | None:
        def cell(column: str) -> str | None:
            index = position.get(column)
            value = row[index].strip() if index is not None and index < len(row) else ""
            return None if value in ("", MISSING) else value

        return _row(cell, times, context)

    yield from csv_activities(rows, read_row, SourceGuard())


def _start(text: str, zone: dt.tzinfo) -> dt.datetime:
    """Local time in the profile's zone: ``2026-11-17 07:02:11``, ``7/4/2020 15:36``, ``17.11.2026 07:02``."""
    for pattern in (*_DATE_FORMATS, *_DOTTED_FORMATS):
        try:
            moment = dt.datetime.strptime(" ".join(text.split()), pattern)
        except ValueError:
            continue
        return moment.replace(tzinfo=zone)
    raise InputError(
        f"cannot read {shown(text)} as a date (expected e.g. '2026-11-17 07:02:11')", field=GARMIN_DATE
    )


def _seconds(text: str, column: str) -> float:
    """``00:38:13``, ``00:28:10.5`` (or ``,5``) or ``38:13``."""
    match = _DURATION.fullmatch(text)
    if match is None:
        raise InputError(f"must be a duration such as 00:38:13 (got {shown(text)})", field=column)
    hours, minutes, seconds = match.groups()
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds.replace(",", "."))


def _heart_rate(text: str) -> float:
    # A heart rate never reaches a thousand, so a comma in one is a decimal comma.
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InputError(f"must be a heart rate in bpm (got {shown(text)})", field=GARMIN_HR)
    return value


def _row(cell: Callable[[str], str | None], times: list[str], context: ImportContext) -> Imported | None:
    activity_type = cell(GARMIN_TYPE)
    date = cell(GARMIN_DATE)
    if activity_type is None or date is None:
        raise InputError("a value is required", field=GARMIN_TYPE if activity_type is None else GARMIN_DATE)
    start = _start(date, context.zone)
    column = next((column for column in times if cell(column)), None)
    text = cell(column) if column is not None else None
    if column is None or text is None:
        raise InputError("has no duration: its Time and Moving Time are empty", field=times[0])
    heart = cell(GARMIN_HR)
    recorded = Recorded(
        types=(activity_type,),
        shown_type=activity_type,
        start=start,
        seconds=_seconds(text, column),
        source_id=f"garmin:{start.strftime('%Y-%m-%dT%H:%M:%S')}/{activity_type}",
        name=cell(GARMIN_TITLE),
        avg_hr=_heart_rate(heart) if heart else None,
    )
    return activity(recorded, "garmin", context, date_field=GARMIN_DATE)
