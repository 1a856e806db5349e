"""Strava's bulk export (Settings → My Account → Download): ``activities.csv``, the zip or its folder.

Activity types map to kinds through the ``[strava]`` table of the activity
mapping; unmapped types and activities over 24 hours are skipped and listed,
so the user can map them and import again. Activities are recognised by their
Activity ID when the same file is imported twice. ``Activity Date`` is UTC
and goes into the profile's time zone; minutes come from ``Moving Time``
when the file has it (a watch left running makes ``Elapsed Time`` hours
long), heart rate from ``Average Heart Rate`` and effort from ``Perceived
Exertion``. In the zip or folder, the per-activity files its ``Filename``
column names (``activities/123.fit.gz``, ``.gpx.gz``, ``.tcx.gz``) add their
heart-rate samples; one that is missing or cannot be read is listed, and its
activity imported without them. An activities.csv taken out of its export
(no ``activities`` folder beside it) has no files to miss.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO, NamedTuple, cast

from myorec.core.calendar import real_day
from myorec.core.entries import check_source
from myorec.core.text import shown
from myorec.errors import InputError, MyorecError
from myorec.formats.importers.common import (
    ImportContext,
    Imported,
    Recorded,
    SourceGuard,
    activity,
    csv_activities,
    csv_rows,
    gunzipped,
    header_names,
    peek,
    text_lines,
)

STRAVA_ID = "Activity ID"
STRAVA_DATE = "Activity Date"
STRAVA_NAME = "Activity Name"
STRAVA_TYPE = "Activity Type"
STRAVA_ELAPSED = "Elapsed Time"
STRAVA_MOVING = "Moving Time"
STRAVA_HR = "Average Heart Rate"
STRAVA_EFFORT = "Perceived Exertion"
STRAVA_FILE = "Filename"
STRAVA_DATE_FORMATS = ("%b %d, %Y, %I:%M:%S %p", "%Y-%m-%d %H:%M:%S")
ACTIVITIES_CSV = "activities.csv"
_REQUIRED = (STRAVA_ID, STRAVA_DATE, STRAVA_TYPE, STRAVA_ELAPSED)
_OPTIONAL = (STRAVA_NAME, STRAVA_MOVING, STRAVA_HR, STRAVA_EFFORT, STRAVA_FILE)
ZIP_MAGIC = b"PK\x03\x04"


def sniff(head: bytes) -> bool:
    """A header line with Strava's Activity ID and Activity Type columns."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return STRAVA_ID.encode() in first and STRAVA_TYPE.encode() in first


def parse_strava_date(text: str) -> dt.datetime:
    """``Nov 16, 2026, 7:02:11 AM`` (UTC, as Strava writes it; newer files put U+202F before AM/PM)."""
    cleaned = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    for pattern in STRAVA_DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, pattern).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    day = _WRITTEN_DAY.match(cleaned)
    if day is not None and day["month"].title() in _MONTHS:
        try:
            real_day(int(day["year"]), _MONTHS.index(day["month"].title()) + 1, int(day["day"]), text)
        except ValueError as exc:  # a day no month has: say why, as a typed date does
            raise InputError(str(exc), field=STRAVA_DATE) from None
    example = "Nov 16, 2026, 7:02:11 AM"
    raise InputError(f"cannot read {shown(text)} as a date (expected e.g. '{example}')", field=STRAVA_DATE)


#: The day of a date as Strava writes it (``Nov 31, 2026, ...``), to say why one is no day.
_WRITTEN_DAY = re.compile(r"(?P<month>[A-Za-z]{3}) (?P<day>[0-9]{1,2}), (?P<year>[0-9]{4}),")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _number(text: str, column: str, what: str, low: float = 0, high: float = math.inf) -> float:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        value = math.nan
    if not low <= value <= high:  # also refuses nan
        raise InputError(f"must be {what} (got {shown(text)})", field=column)
    return value


#: Opens a file of the export by the name its Filename column gives, raising FileNotFoundError
#: when the export lacks it; None when there is no export around activities.csv to look in.
Opener = Callable[[str], BinaryIO | None]
#: How a per-activity file the export names but does not hold is listed.
MISSING = "missing"


def read(stream: BinaryIO, context: ImportContext) -> Iterator[Imported]:
    """(session, source id) pairs, one per mapped activity, from activities.csv, the zip or the folder.

    Strava repeats column names (``Elapsed Time``, ``Distance``...), so columns
    are found by position: the first column with each name.
    """
    try:
        if peek(stream, 4) == ZIP_MAGIC:
            yield from _archive(stream, context)
        else:
            folder = context.path.parent if context.path is not None else None
            yield from _rows(text_lines(stream, context.label), context, _folder_opener(folder))
    except MyorecError as exc:
        raise exc.located(file=context.label, field_noun="column") from None


def _archive(stream: BinaryIO, context: ImportContext) -> Iterator[Imported]:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"not a readable zip file ({exc}); download the export again") from None
    with archive:
        names = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        csv_name = min(
            (name for name in names if PurePosixPath(name).name == ACTIVITIES_CSV and name.count("/") <= 1),
            key=len,
            default=None,
        )
        if csv_name is None:
            raise InputError(f"no {ACTIVITIES_CSV} in this zip: is it Strava's bulk export?")
        base = PurePosixPath(csv_name).parent

        def opener(name: str) -> BinaryIO | None:
            member = str(base / name) if str(base) != "." else name
            if member not in names:
                raise FileNotFoundError(member)
            return cast(BinaryIO, archive.open(names[member]))

        try:
            with archive.open(names[csv_name]) as member:
                lines = text_lines(cast(BinaryIO, member), context.label)
                yield from _rows(lines, context, opener, csv_name)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise InputError(f"damaged zip file ({exc}); download the export again") from None


def _folder_opener(folder: Path | None) -> Opener:
    def opener(name: str) -> BinaryIO | None:
        if folder is None:
            return None
        path = (folder / name).resolve()
        if not path.is_relative_to(folder.resolve()):
            raise FileNotFoundError(name)  # a name reaching out of the export is no file of it
        if not path.parent.is_dir():
            return None  # activities.csv alone, without the export's activities folder
        if not path.is_file():
            raise FileNotFoundError(name)
        return path.open("rb")

    return opener


class _Columns(NamedTuple):
    position: dict[str, int]

    def cell(self, row: list[str], column: str) -> str:
        index = self.position.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""


def _rows(
    lines: Iterable[str], context: ImportContext, opener: Opener, member: str = ""
) -> Iterator[Imported]:
    rows = csv_rows(lines)
    header = header_names(next(rows, (1, []))[1])
    missing = [name for name in _REQUIRED if name not in header]
    if missing:
        where = f" ({member})" if member else ""
        raise InputError(
            f"missing column '{missing[0]}'{where}; expected the activities.csv "
            "of a Strava bulk export (English headers)",
            line=1,
        )
    columns = _Columns({name: header.index(name) for name in (*_REQUIRED, *_OPTIONAL) if name in header})
    yield from csv_activities(rows, lambda row: _row(row, columns, context, opener), SourceGuard(STRAVA_ID))


def _row(row: list[str], columns: _Columns, context: ImportContext, opener: Opener) -> Imported | None:
    def required(column: str) -> str:
        value = columns.cell(row, column)
        if not value:
            raise InputError("a value is required", field=column)
        return value

    source = check_source(f"strava:{required(STRAVA_ID)}", STRAVA_ID)
    activity_type = required(STRAVA_TYPE)
    start = parse_strava_date(required(STRAVA_DATE))
    seconds = _number(required(STRAVA_ELAPSED), STRAVA_ELAPSED, "a number of seconds")
    moving = columns.cell(row, STRAVA_MOVING)
    if moving and _number(moving, STRAVA_MOVING, "a number of seconds") > 0:
        seconds = _number(moving, STRAVA_MOVING, "a number of seconds")
    heart = columns.cell(row, STRAVA_HR)
    effort = columns.cell(row, STRAVA_EFFORT)
    recorded = Recorded(
        types=(activity_type,),
        shown_type=activity_type,
        start=start,
        seconds=seconds,
        source_id=source,
        name=columns.cell(row, STRAVA_NAME) or None,
        avg_hr=_number(heart, STRAVA_HR, "a heart rate in bpm") if heart else None,
        rpe=_number(effort, STRAVA_EFFORT, "a perceived exertion from 0 to 10", 0, 10) if effort else None,
    )
    filename = columns.cell(row, STRAVA_FILE)
    if filename and context.activities().lookup("strava", activity_type) is not None:
        recorded = _with_samples(recorded, filename, context, opener)
    return activity(recorded, "strava", context, date_field=STRAVA_DATE)


#: The readers of per-activity files, by ending: (module, source name of its records).
_READERS = {
    ".fit": "myorec.formats.importers.fit",
    ".gpx": "myorec.formats.importers.gpx",
    ".tcx": "myorec.formats.importers.tcx",
}


def _with_samples(recorded: Recorded, filename: str, context: ImportContext, opener: Opener) -> Recorded:
    """The activity with the heart-rate samples of its own file, when that file is there and readable."""
    import importlib

    ending = PurePosixPath(filename.removesuffix(".gz")).suffix.lower()
    if ending not in _READERS:
        return recorded
    try:
        stream = opener(filename)
    except FileNotFoundError:
        context.skips.unread.append(f"{filename}: {MISSING}")
        return recorded
    except (OSError, zipfile.BadZipFile) as exc:
        context.skips.unread.append(f"{filename}: cannot read it ({exc})")
        return recorded
    if stream is None:
        return recorded
    reader = importlib.import_module(_READERS[ending])
    with contextlib.closing(stream):
        try:
            found = list(reader.recordings(gunzipped(stream)))
        except MyorecError as exc:
            context.skips.unread.append(f"{filename}: {exc.detail()}")
            return recorded
        except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            context.skips.unread.append(f"{filename}: damaged ({exc})")
            return recorded
    seconds: dict[int, float] = {}
    for each in found:
        for bpm, duration in (each.hr_seconds or {}).items():
            seconds[bpm] = seconds.get(bpm, 0.0) + duration
    avg_hr = (
        recorded.avg_hr if recorded.avg_hr is not None else next((r.avg_hr for r in found if r.avg_hr), None)
    )
    return recorded._replace(hr_seconds=seconds or None, avg_hr=avg_hr)
