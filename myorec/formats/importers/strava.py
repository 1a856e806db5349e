"""Strava's ``activities.csv``, from a Strava bulk export (Settings → My Account → Download).

Activity types map to kinds through the activity mapping; unmapped types and
activities over 24 hours are skipped and counted, so the user can map them
and import again. Activities are recognised by their Activity ID when the
same file is imported twice.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from myorec.core.entries import build_session, check_source
from myorec.core.text import shown
from myorec.errors import InputError, MyorecError
from myorec.formats.activities import ActivityMap
from myorec.formats.importers.common import (
    ImportContext,
    Imported,
    Skips,
    SourceGuard,
    csv_rows,
    header_names,
    text_lines,
)

STRAVA_ID = "Activity ID"
STRAVA_DATE = "Activity Date"
STRAVA_NAME = "Activity Name"
STRAVA_TYPE = "Activity Type"
STRAVA_ELAPSED = "Elapsed Time"
STRAVA_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%Y-%m-%d %H:%M:%S")
SECONDS_PER_DAY = 24 * 3600
_WANTED = (STRAVA_ID, STRAVA_DATE, STRAVA_TYPE, STRAVA_ELAPSED)


def sniff(head: bytes) -> bool:
    """A header line with Strava's Activity ID and Activity Type columns."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return STRAVA_ID.encode() in first and STRAVA_TYPE.encode() in first


def parse_strava_date(text: str) -> dt.date:
    cleaned = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    for pattern in STRAVA_DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    example = "Nov 16, 2026, 7:02:11 AM"
    raise InputError(f"cannot read {shown(text)} as a date (expected e.g. '{example}')", field=STRAVA_DATE)


def _seconds(text: str) -> float:
    try:
        seconds = float(text.replace(",", ""))
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        raise InputError(f"must be a number of seconds (got {shown(text)})", field=STRAVA_ELAPSED)
    return seconds


def read(stream: BinaryIO, context: ImportContext) -> Iterator[Imported]:
    """(session, source id) pairs, one per mapped activity.

    Strava repeats column names (``Elapsed Time``, ``Distance``...), so columns
    are found by position: the first column with each name. Seconds become
    whole minutes, rounded, at least one.
    """
    try:
        yield from _rows(text_lines(stream, context.label), context)
    except MyorecError as exc:
        raise exc.located(file=context.label, field_noun="column") from None


def _rows(lines: Iterable[str], context: ImportContext) -> Iterator[Imported]:
    rows = csv_rows(lines)
    header = header_names(next(rows, (1, []))[1])
    missing = [name for name in _WANTED if name not in header]
    if missing:
        raise InputError(
            f"missing column '{missing[0]}'; expected the activities.csv "
            "of a Strava bulk export (English headers)",
            line=1,
        )
    position = {name: header.index(name) for name in _WANTED}
    name_at = header.index(STRAVA_NAME) if STRAVA_NAME in header else None
    activities = context.activities()
    guard = SourceGuard(STRAVA_ID)
    for line, row in rows:
        try:
            item = _row(row, position, name_at, activities, context.today, context.skips)
            if item is not None:
                guard.check(item[1], item[0], f"line {line}")
        except MyorecError as exc:
            raise exc.located(line=line) from None
        if item is not None:
            yield item


def _row(
    row: list[str],
    position: dict[str, int],
    name_at: int | None,
    activities: ActivityMap,
    today: dt.date,
    skips: Skips,
) -> Imported | None:
    def cell(column: str) -> str:
        index = position[column]
        value = row[index].strip() if index < len(row) else ""
        if not value:
            raise InputError("a value is required", field=column)
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
    except InputError as exc:
        if exc.field == "date":
            exc.field = STRAVA_DATE
        raise
    return session, source
