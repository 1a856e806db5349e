"""What the importers share: the import-file limits, text lines from a binary stream, CSV rows.

Readers yield validated sessions one at a time, and the store writes them
inside one transaction: the first bad row raises an :class:`InputError`
naming the file, the line (or entry) and the column, which rolls the whole
import back. Text readers work line by line, so a long CSV file is never held
whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from myorec.core.entries import build_session, check_source
from myorec.core.fields import SOURCE
from myorec.core.sessions import Profile, Session
from myorec.core.text import shown
from myorec.errors import InputError
from myorec.formats.activities import ActivityMap

#: Larger files are refused: years of daily sessions fit in a few MiB (a Strava export in ~10).
MAX_IMPORT_BYTES = 50 * 1024 * 1024

#: An imported session and the source id that recognises it when imported again (or None).
Imported = tuple[Session, str | None]


class Skips:
    """Activities a reader left out, so the user can map them and import again."""

    def __init__(self) -> None:
        #: Activity type as written -> count.
        self.unmapped: Counter[str] = Counter()
        #: Activity type as written -> count of activities longer than 24 hours.
        self.too_long: Counter[str] = Counter()

    def __bool__(self) -> bool:
        return bool(self.unmapped or self.too_long)


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
    #: Where a reader puts the profile the file holds, if the caller asks for it.
    profile: FileProfile | None = None


def check_import_file(path: Path) -> None:
    """Refuse what would hang or exhaust memory: files over 50 MiB, devices and pipes (no size)."""
    label = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=label) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file; save the data to a file and import that", file=label)
    if info.st_size > MAX_IMPORT_BYTES:
        raise InputError(f"file is {info.st_size:,} bytes; the limit is 50 MiB", file=label)


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
