"""What the importers share: limits, text lines and CSV rows, and how a recorded activity becomes a session.

Readers yield validated sessions one at a time, and the store writes them
inside one transaction: the first bad row raises an :class:`InputError`
naming the file, the line (or entry) and the column, which rolls the whole
import back. Text readers work line by line, and device files are streamed,
so a long file is never held whole.

A watch's or an app's reader describes each activity as a :class:`Recorded`
(its type names, UTC start, moving time, heart rate); :func:`activity`
makes it a session the same way for every format: the type through the
activity mapping, the start into the profile's time zone, the samples into
seconds at each heart rate.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import math
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, cast

from myorec.core.entries import build_session, check_source
from myorec.core.fields import SOURCE
from myorec.core.sessions import MAX_HR, MIN_HR, Kind, Profile, Session
from myorec.core.text import shown
from myorec.errors import InputError, MyorecError
from myorec.formats.activities import ActivityMap

#: Larger files are refused by the formats that parse a file whole or that people write by hand:
#: years of daily sessions fit in a few MiB (a Strava activities.csv in ~10).
MAX_IMPORT_BYTES = 50 * 1024 * 1024
SECONDS_PER_DAY = 24 * 3600
#: Consecutive heart-rate samples further apart than this are a pause: the gap counts at no heart rate.
MAX_SAMPLE_GAP_S = 60.0
#: How many skipped activities an import lists one by one.
LISTED = 10

#: An imported session and the source id that recognises it when imported again (or None).
Imported = tuple[Session, str | None]


class Skipped(NamedTuple):
    """An activity a reader left out: when, what it was called, and its type as the file writes it."""

    date: dt.date | None
    name: str | None
    type: str


class Skips:
    """What a reader left out, so the user can map the types and import again."""

    def __init__(self) -> None:
        #: Activities of types the mapping does not know.
        self.unmapped: list[Skipped] = []
        #: Activities longer than 24 hours.
        self.too_long: list[Skipped] = []
        #: Files of a bulk export that could not be read: ``activities/12.fit.gz: why``.
        self.unread: list[str] = []
        #: Imported activities whose average heart rate (bpm) no person has, left out of them.
        self.heart_rates: list[tuple[Skipped, float]] = []

    def __bool__(self) -> bool:
        return bool(self.unmapped or self.too_long or self.unread or self.heart_rates)


class FileProfile:
    """The profile a file carries besides its entries (myorec's JSON export does), once it is read."""

    def __init__(self) -> None:
        self.profile: Profile | None = None


class ImportContext(NamedTuple):
    """What a reader may need besides the bytes: how to name the file, today, and the activity mapping."""

    label: str
    today: dt.date
    #: The activity-type mapping of the rule folder in use, read only by readers that map types.
    activities: Callable[[], ActivityMap]
    skips: Skips
    #: The profile's time zone, which start times are put in.
    zone: dt.tzinfo = dt.UTC
    #: The file (or folder) imported: a bulk export finds its per-activity files from it.
    path: Path | None = None
    #: The kind ``--kind`` gives activities whose type the mapping does not know (GPX, TCX).
    kind: Kind | None = None
    #: Where a reader puts the profile the file holds, if the caller asks for it.
    profile: FileProfile | None = None


def check_import_file(path: Path, max_bytes: int | None = MAX_IMPORT_BYTES) -> None:
    """Refuse what would hang or exhaust memory: files over the format's limit, devices and pipes."""
    import stat

    label = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=label) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file; save the data to a file and import that", file=label)
    if max_bytes is not None and info.st_size > max_bytes:
        raise InputError(f"file is {info.st_size:,} bytes; the limit is {max_bytes // 2**20} MiB", file=label)


GZIP_MAGIC = b"\x1f\x8b"


def peek(stream: BinaryIO, size: int) -> bytes:
    """The stream's next ``size`` bytes, left to be read (every stream an import reads is buffered)."""
    return bytes(stream.peek(size)[:size]) if hasattr(stream, "peek") else b""


def gunzipped(stream: BinaryIO) -> BinaryIO:
    """The stream itself, or its decompressed content when it is gzip (``.fit.gz``, ``.gpx.gz``)."""
    if peek(stream, 2) == GZIP_MAGIC:
        return cast(BinaryIO, gzip.GzipFile(fileobj=stream, mode="rb"))
    return stream


def gzip_problem(exc: Exception) -> str | None:
    """What a damaged gzip stream is, in words, or None when ``exc`` is not about gzip."""
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return f"damaged gzip data ({exc})"
    if isinstance(exc, EOFError):
        return "the gzip data ends early (is the file cut short?)"
    return None


class Recorded(NamedTuple):
    """One activity as a device or app file records it, before the mapping and profile make it a session."""

    #: The type names to look up in the mapping, most specific first (``training/strength_training``).
    types: tuple[str, ...]
    #: The type as a list of skipped activities shows it.
    shown_type: str
    #: When it began (with any offset: it is put in the profile's zone).
    start: dt.datetime
    #: Moving (timer) time in seconds.
    seconds: float
    source_id: str
    name: str | None = None
    avg_hr: float | None = None
    #: Seconds at each heart rate, from samples.
    hr_seconds: dict[int, float] | None = None
    rpe: float | None = None


def time_at_heart_rate(samples: Iterable[tuple[float, int | float | None]]) -> dict[int, float]:
    """Seconds at each heart rate from time-ordered (seconds, bpm) samples.

    Each sample holds until the next one; gaps over a minute are pauses and
    count nothing, as do heart rates no person has (a strap's 0 or 255).
    """
    seconds: dict[int, float] = {}
    previous: tuple[float, int] | None = None
    for moment, bpm in samples:
        if previous is not None:
            gap = moment - previous[0]
            if 0 < gap <= MAX_SAMPLE_GAP_S:
                seconds[previous[1]] = seconds.get(previous[1], 0.0) + gap
        valid = bpm is not None and MIN_HR <= bpm <= MAX_HR
        previous = (moment, round(bpm)) if valid and bpm is not None else None
    return seconds


def _whole_seconds(seconds: dict[int, float] | None) -> dict[int, int] | None:
    if not seconds:
        return None
    whole = {bpm: math.floor(value + 0.5) for bpm, value in sorted(seconds.items())}
    return {bpm: value for bpm, value in whole.items() if value > 0} or None


def activity(
    recorded: Recorded,
    source: str,
    context: ImportContext,
    *,
    kind_required: bool = False,
    date_field: str = "date",
) -> Imported | None:
    """A recorded activity as a session, or None when it is left out (and recorded in ``context.skips``).

    Its type goes through the ``source`` table of the activity mapping: a type
    listed under ``skip`` is left out silently, an unknown one is listed for the
    user to map (or, with ``kind_required``, takes ``--kind`` or is an error).
    Activities over 24 hours are left out and listed. Minutes are the moving
    time rounded, at least one. An average heart rate outside 30-250 bpm is a
    glitch of the device: the activity is imported without it, and listed
    (one bad reading must not block a whole export, nor pass unsaid). A date
    the log refuses (in the future) is blamed on ``date_field``, the file's
    own name for it.
    """
    start = recorded.start.astimezone(context.zone)
    found = context.activities().lookup(source, *recorded.types)
    if found is not None and found.kind is None:
        return None
    skipped = Skipped(start.date(), recorded.name, recorded.shown_type)
    # --kind is for files that name no type (GPX, TCX); an export's unmapped types are listed instead.
    kind = found.kind if found is not None else context.kind if kind_required else None
    if kind is None:
        if kind_required:
            raise InputError(
                f"activity type {shown(recorded.shown_type)} is not in the activity mapping: "
                "give --kind aerobic, resistance or mobility"
                if recorded.shown_type
                else "has no activity type: give --kind aerobic, resistance or mobility"
            )
        context.skips.unmapped.append(skipped)
        return None
    if recorded.seconds > SECONDS_PER_DAY:
        context.skips.too_long.append(skipped)
        return None
    avg_hr = recorded.avg_hr
    if avg_hr is not None and not MIN_HR <= avg_hr <= MAX_HR:
        context.skips.heart_rates.append((skipped, avg_hr))
        avg_hr = None
    fields = {
        "date": start.date(),
        "start": start,
        "kind": kind,
        "minutes": max(1, math.floor(recorded.seconds / 60 + 0.5)),
        "name": recorded.name,
        "avg_hr": round(avg_hr, 1) if avg_hr is not None else None,
        "hr_seconds": _whole_seconds(recorded.hr_seconds),
        "rpe": recorded.rpe,
        "type_intensity": found.intensity if found is not None else None,
        "impact": found.impact if found is not None else None,
    }
    try:
        session = build_session(fields, context.today)
    except InputError as exc:
        if exc.field == "date":
            exc.field = date_field
        raise
    return session, check_source(recorded.source_id)


def csv_activities(
    rows: Iterable[tuple[int, list[str]]],
    read_row: Callable[[list[str]], Imported | None],
    guard: SourceGuard,
) -> Iterator[Imported]:
    """The sessions of an app's CSV rows (one activity a row), each error naming its line."""
    for line, row in rows:
        try:
            item = read_row(row)
            if item is not None:
                guard.check(item[1], item[0], f"line {line}")
        except MyorecError as exc:
            raise exc.located(line=line) from None
        if item is not None:
            yield item


def activities_of(
    recordings: Iterable[Recorded],
    source: str,
    context: ImportContext,
    *,
    item: str | None = None,
    kind_required: bool = False,
) -> Iterator[Imported]:
    """A device file's read: each recording as a session (see :func:`activity`), errors located.

    ``item`` names a recording in errors (``track 2``); without it, its start does.
    """
    guard = SourceGuard()
    try:
        for number, recorded in enumerate(recordings, start=1):
            where = f"{item} {number}" if item else f"the session at {utc_text(recorded.start)}"
            try:
                found = activity(recorded, source, context, kind_required=kind_required)
            except InputError as exc:
                raise exc.located(item=where) from None
            if found is not None:
                guard.check(found[1], found[0], where)
                yield found
    except MyorecError as exc:
        raise exc.located(file=context.label) from None


def csv_file(
    stream: BinaryIO,
    context: ImportContext,
    rows: Callable[[Iterable[str], ImportContext], Iterator[Imported]],
) -> Iterator[Imported]:
    """A CSV format's read: ``rows`` of the stream's lines, errors located in the file and its columns."""
    try:
        yield from rows(text_lines(stream, context.label), context)
    except MyorecError as exc:
        raise exc.located(file=context.label, field_noun="column") from None


def utc_text(moment: dt.datetime) -> str:
    """``2025-10-01T09:10:26Z``: a start time as source ids write it."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def recording_id(source: str, start: dt.datetime, *parts: str | None) -> str:
    """``gpx:2026-11-16T06:00:00Z/running``: a recording's source id, from its start and its type.

    The start alone is not enough: two recordings may start together (a ride
    and the run logged from another device), and one id would make the second
    "already present" for good, even to ``--keep-duplicates``. Parts come from
    the file as written, so each is cut to one printable line of 40 characters.
    """
    cleaned = ("".join(c for c in " ".join(part.split()) if c.isprintable())[:40] for part in parts if part)
    return "/".join([f"{source}:{utc_text(start)}", *(part for part in cleaned if part)])


def text_lines(stream: BinaryIO, label: str) -> Iterator[str]:
    """The stream's lines as text, with a clear error for bytes that are not UTF-8.

    A byte-order mark, which spreadsheets put first, is dropped; line endings
    are left to the CSV reader, which knows that a quoted field may hold one.
    The text reader owns the stream from here: it closes it when done.
    """
    with io.TextIOWrapper(stream, encoding="utf-8-sig", newline="") as text:
        try:
            yield from text
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text; save it as UTF-8 and import it again", file=label) from None


def header_names(header: list[str]) -> list[str]:
    """Header cells without surrounding spaces or the byte-order mark spreadsheets put first."""
    return [name.strip().lstrip("\ufeff").strip() for name in header]


def csv_rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
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
        raise InputError(reason, line=line) from None


def sourced(fields: dict[str, Any], today: dt.date) -> Imported:
    """An exported entry read back: its session, and the source id that an export carries.

    Keeping the source is what lets a restored log still recognise a Strava
    activity when the same activities.csv is imported again.
    """
    source = fields.pop(SOURCE, None)
    session = build_session(fields, today)
    return session, None if source is None else check_source(source)


class SourceGuard:
    """One file may list an activity twice, but not two different sessions under one source id.

    The log would keep the first and count the second as already present,
    which it is not: the whole file is refused instead, naming both places.
    """

    def __init__(self, field: str = SOURCE) -> None:
        self.field = field
        self._first: dict[str, tuple[Session, str]] = {}

    def check(self, source: str | None, session: Session, where: str) -> None:
        if source is None:
            return
        first = self._first.setdefault(source, (session, where))
        if first[0] != session:
            raise InputError(
                f"{shown(source)} is also the source of {first[1]}, a different session", field=self.field
            )


def iso_time(text: str | None) -> dt.datetime | None:
    """An XML timestamp (``2015-01-19T21:24:20Z``, with a fraction or an offset); UTC when it has none."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def local_name(tag: str) -> str:
    """An element's name without its namespace: ``{http://...}hr`` and ``ns3:hr`` are both ``hr``."""
    return tag.rsplit("}", 1)[-1]


def number_in(text: str | None) -> float | None:
    """An XML element's number, or None when it holds none."""
    try:
        return float(text) if text else None
    except ValueError:
        return None


@contextmanager
def read_errors() -> Iterator[None]:
    """A file's XML, gzip or read errors while it is parsed, each as one line.

    ElementTree's ``ParseError`` is a ``SyntaxError``, so the CSV formats,
    which use this module too, need not import the XML parser.
    """
    try:
        yield
    except SyntaxError as exc:
        raise xml_error(exc) from None
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(gzip_problem(exc) or f"cannot read it ({exc})") from None


def xml_error(exc: SyntaxError) -> InputError:
    """ElementTree's parse error as one located line (``line 41378, column 1: not well-formed XML``)."""
    reason = str(getattr(exc, "msg", "") or exc).split(": line ", 1)[0]
    position = getattr(exc, "position", None)
    line, column = position if isinstance(position, tuple) else (None, None)
    # expat counts columns from 0; editors, and every other message here, from 1.
    column = column + 1 if column is not None else None
    return InputError(f"not well-formed XML ({reason}; is the file cut short?)", line=line, column=column)
