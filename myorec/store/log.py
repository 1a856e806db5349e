"""The activity log: one SQLite file holding logged sessions and the profile.

Only the store imports :mod:`sqlite3`. A file is trusted only after
its header says it is ours (``PRAGMA application_id``) and its schema is one
this version knows (``PRAGMA user_version``). Both are read from the file
alone (immutably) before SQLite opens it to write or to read through its
WAL, together with the journal and WAL beside it (:mod:`myorec.store.journals`),
because opening would replay those into it and even switching to WAL
rewrites header bytes: a file that fails a check is left exactly as it was.
Every write is one ``BEGIN IMMEDIATE`` transaction that first replaces the
log's write mark (and, the first time in a command, checks the file's
integrity), and WAL plus a busy timeout let several myorec processes write
at once without losing anything.

The schema grows by appending to :data:`MIGRATIONS`; opening an older file
runs the missing steps in one transaction.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from myorec.core.entries import EVERYTHING, MANUAL, Entry, EntryRow, Selection, SelectionSize
from myorec.core.fields import FIELD_NAMES, from_stored, plain_values
from myorec.core.sessions import Profile, Session, session_date, session_name
from myorec.errors import NotFoundError, StoreError
from myorec.store.journals import WRITE_MARK, belongs, hot_journal, wal_chain

#: "myor" in ASCII: marks a SQLite file as a myorec database.
APPLICATION_ID = 0x6D796F72
#: Seconds a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_S = 30.0
#: Seconds an open waits for a rollback journal beside the log to go before taking it for a stray.
JOURNAL_WAIT_S = 1.0

#: Step N upgrades a database from schema version N to N + 1.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE entry (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            date TEXT NOT NULL,
            kind TEXT NOT NULL,
            minutes INTEGER NOT NULL,
            intensity TEXT,
            rpe REAL,
            name TEXT
        )""",
        "CREATE INDEX entry_date ON entry (date)",
    ),
    (
        # Imported activities remember where they came from, so a re-import can recognise them.
        "ALTER TABLE entry ADD COLUMN source_id TEXT",
        "CREATE UNIQUE INDEX entry_source ON entry (source_id) WHERE source_id IS NOT NULL",
        "CREATE TABLE profile (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    (
        # Mobility sessions keep their focus, so a logged balance session counts as multicomponent.
        "ALTER TABLE entry ADD COLUMN focus TEXT",
    ),
    (
        # Impact sessions (running, jumping, racquet and team sports) load bone: impact_days counts them.
        "ALTER TABLE entry ADD COLUMN impact INTEGER NOT NULL DEFAULT 0",
    ),
    (
        # Every write replaces the mark, so a write-ahead log can be matched to its log (store.journals).
        f"""CREATE TABLE {WRITE_MARK} (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            mark BLOB NOT NULL,
            previous BLOB NOT NULL
        )""",
        f"INSERT INTO {WRITE_MARK} VALUES (1, randomblob(8), zeroblob(8))",
    ),
    (
        # What watches record: heart rate (judged when scored), the start time, the type's intensity;
        # and the imported activities removed with 'log rm', which a later import leaves out.
        "ALTER TABLE entry ADD COLUMN avg_hr REAL",
        "ALTER TABLE entry ADD COLUMN start TEXT",
        "ALTER TABLE entry ADD COLUMN type_intensity TEXT",
        "ALTER TABLE entry ADD COLUMN hr_seconds TEXT",
        "CREATE TABLE removed (source_id TEXT PRIMARY KEY)",
    ),
)
#: What every write transaction does first: a new mark, keeping the one it replaces.
_NEW_MARK = f"UPDATE {WRITE_MARK} SET previous = mark, mark = randomblob(8)"
SCHEMA_VERSION = len(MIGRATIONS)

#: The logged fields of an entry, which are its columns after ``id``.
_FIELDS: tuple[str, ...] = FIELD_NAMES
#: Where a row's date and name are among them: the two fields each entry has of its own.
_DATE_AT, _NAME_AT = FIELD_NAMES.index("date"), FIELD_NAMES.index("name")
_COLUMNS = f"id, {', '.join(_FIELDS)}, source_id"
_INSERT = (
    f"INSERT INTO entry ({', '.join(_FIELDS)}, source_id) VALUES ({', '.join('?' * (len(_FIELDS) + 1))})"
)
_UPDATE = f"UPDATE entry SET {', '.join(f'{name} = ?' for name in _FIELDS)} WHERE id = ?"
#: The logged fields of every entry on one date, through the entry_date index.
_SAME_DATE = f"SELECT {', '.join(_FIELDS)} FROM entry WHERE date = ? AND id <= ?"
#: Entries oldest first; a week's report or a trend reads only its dates, through the entry_date index.
_ORDER = "ORDER BY date, id"


def selection_query(
    selection: Selection, columns: str = _COLUMNS, *, ordered: bool = True
) -> tuple[str, tuple[Any, ...]]:
    """The SQL and parameters reading ``columns`` of the selected entries (``ordered``: oldest first)."""
    where: list[str] = []
    params: list[Any] = []
    if selection.start is not None:
        where.append("date >= ?")
        params.append(selection.start.isoformat())
    if selection.end is not None:
        where.append("date <= ?")
        params.append(selection.end.isoformat())
    if selection.kind is not None:
        where.append("kind = ?")
        params.append(selection.kind.value)
    if selection.source is not None:
        # instr, not LIKE: a '%' or '_' in what the user typed is a character like any other.
        where.append("instr(lower(coalesce(source_id, ?)), ?) > 0")
        params += [MANUAL, selection.source.lower()]
    sql = f"SELECT {columns} FROM entry" + (f" WHERE {' AND '.join(where)}" if where else "")
    if selection.last is not None:
        sql += " ORDER BY date DESC, id DESC LIMIT ?"
        params.append(selection.last)
        if ordered:
            sql = f"SELECT * FROM ({sql}) {_ORDER}"
    elif ordered:
        sql += f" {_ORDER}"
    return sql, tuple(params)


DISK_FULL = "the disk is full; nothing was changed"
FOREIGN = "not a myorec database (it belongs to another program); it was left unchanged"
READ_ONLY = "is read-only: myorec cannot write to it or to its folder (check their permissions)"


class _ReadOnlyError(StoreError):
    def __init__(self, label: str) -> None:
        super().__init__(READ_ONLY, file=label)


class Duplicate(NamedTuple):
    """An imported activity left out because the log holds it already, from another source."""

    session: Session
    entry_id: int


class ImportCounts(NamedTuple):
    new: int
    present: int
    #: Activities removed with ``log rm`` before, left out again.
    removed: int = 0
    #: Activities the log holds from another source (see :meth:`Store.import_entries`).
    duplicates: tuple[Duplicate, ...] = ()
    #: Of ``new``, activities removed before and brought back (``restore_removed``).
    restored: int = 0


#: Two recordings of one activity start at most this far apart.
SAME_START = dt.timedelta(minutes=5)
#: A hand-logged entry matches an imported activity of its day and kind within this share of its minutes.
SAME_MINUTES = 0.25
_NEARBY = "SELECT id, kind, minutes, start, source_id FROM entry WHERE date = ? AND id <= ?"


#: The length of an entry's kind as a listing shows it: ``aerobic``, ``mobility (balance, impact)``.
_KIND_CELL = (
    "length(kind) + coalesce(length(focus), 0)"
    " + CASE WHEN focus IS NULL AND NOT impact THEN 0 ELSE 3 END"
    " + CASE WHEN NOT impact THEN 0 WHEN focus IS NULL THEN 6 ELSE 8 END"
)


class Store:
    """An open activity log. Use :func:`open_store`; close it (or use ``with``) when done."""

    def __init__(self, connection: sqlite3.Connection, label: str, made: Iterable[Path] = ()) -> None:
        self._conn = connection
        self.label = label
        #: Files that opening a log read-only created, removed on close (see :func:`open_store`).
        self._made = tuple(made)
        #: Whether this store has checked the log's integrity, which it does before its first write.
        self._checked = False

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._conn.close()
        _remove_made(self._made)

    # -- low level -----------------------------------------------------------------

    def _fail(self, exc: sqlite3.Error) -> StoreError:
        if _is_read_only(exc):
            return StoreError(READ_ONLY, file=self.label)
        if _is_damage(exc):
            return _damaged(str(exc), self.label)
        if _is_full(exc):
            return StoreError(DISK_FULL, file=self.label)
        return StoreError(f"database error: {exc}", file=self.label)

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._fail(exc) from None
        try:
            if not self._checked:
                _check_integrity(self._conn, self.label)
                self._checked = True
            self._conn.execute(_NEW_MARK)
            yield self._conn
        except BaseException as exc:
            _roll_back(self._conn)
            if isinstance(exc, sqlite3.Error):
                raise self._fail(exc) from None
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            _roll_back(self._conn)
            raise self._fail(exc) from None

    def _entry(self, row: tuple[Any, ...]) -> Entry:
        return self._row(row, {}, {}).entry()

    def _row(
        self, row: tuple[Any, ...], shapes: dict[tuple[Any, ...], Session], dates: dict[Any, dt.date]
    ) -> EntryRow:
        """One row, validated as a session; ``shapes`` and ``dates`` remember what was valid before.

        A long log repeats the same few sessions on different days, so each
        distinct rest of a session (its shape) and each date is validated once.
        """
        entry_id, *values, source_id = row
        date, name = values[_DATE_AT], values[_NAME_AT]
        values[_DATE_AT] = values[_NAME_AT] = None
        key = tuple(values)
        try:
            shape = shapes.get(key)
            if shape is None:
                shape = shapes[key] = Session.model_validate(from_stored(key))
            day = dates.get(date)
            if day is None:
                day = session_date(date)
                if day is None:
                    raise ValueError("an entry has a date")
                dates[date] = day
            session_name(name)
        except (ValidationError, ValueError):
            raise StoreError(f"entry {entry_id} is damaged (date {date!r})", file=self.label) from None
        return EntryRow(entry_id, day, shape, name, source_id)

    # -- reading -------------------------------------------------------------------

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        """Entries oldest first, optionally only those dated ``start..end`` (inclusive, indexed)."""
        return list(self.iter_entries(Selection(start, end)))

    def iter_entries(self, selection: Selection = EVERYTHING) -> Iterator[Entry]:
        """The selected entries, oldest first, one at a time."""
        return (row.entry() for row in self.iter_rows(selection))

    def iter_rows(self, selection: Selection = EVERYTHING) -> Iterator[EntryRow]:
        """The selected entries as a listing reads them, oldest first, one at a time.

        A listing starts before the last is read, and builds no session per entry.
        """
        sql, params = selection_query(selection)
        shapes: dict[tuple[Any, ...], Session] = {}
        dates: dict[Any, dt.date] = {}
        try:
            for row in self._conn.execute(sql, params):
                yield self._row(row, shapes, dates)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

    def first_date(self) -> dt.date | None:
        """The date of the oldest entry (None for an empty log), through the entry_date index."""
        oldest = self._query("SELECT min(date) FROM entry")[0][0]
        try:
            return session_date(oldest)
        except ValueError:
            raise StoreError(f"an entry is damaged (date {oldest!r})", file=self.label) from None

    def selection_size(self, selection: Selection) -> SelectionSize:
        """What :meth:`iter_entries` will yield, measured: one pass in SQLite, no entry built."""
        columns = (
            f"id, {_KIND_CELL} AS kind, length(coalesce(source_id, '{MANUAL}')) AS source, "
            "length(name) AS name, avg_hr IS NOT NULL OR hr_seconds IS NOT NULL AS heart"
        )
        inner, params = selection_query(selection, columns, ordered=False)
        sql = f"SELECT count(*), max(id), max(kind), max(source), max(name), max(heart) FROM ({inner})"
        count, largest_id, kind, source, name, heart = self._query(sql, params)[0]
        return SelectionSize(count, largest_id or 0, kind or 0, source or 0, name or 0, bool(heart))

    def profile(self) -> Profile:
        """The stored profile: one row per field that is set, its value as JSON-free text."""
        stored = dict(self._query("SELECT key, value FROM profile"))
        try:
            return Profile.model_validate(
                {
                    key: value if key in _TEXT_PROFILE_FIELDS else int(value)
                    for key, value in stored.items()
                    if key in Profile.model_fields
                }
            )
        except (ValueError, ValidationError):
            shown = ", ".join(f"{key} {value!r}" for key, value in sorted(stored.items()))
            raise StoreError(f"the stored profile is damaged ({shown})", file=self.label) from None

    # -- writing -------------------------------------------------------------------

    def add(self, session: Session) -> int:
        """Log one session; returns its new id."""
        with self._transaction() as conn:
            cursor = conn.execute(_INSERT, (*plain_values(session), None))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def update(self, entry_id: int, change: Callable[[Session], Session]) -> Session:
        """Replace an entry's session by ``change(session)``; its id and source stay.

        Reading and writing are one transaction: two edits of one entry at once
        (say --minutes and --name) each see the other's result, and neither is lost.
        """
        with self._transaction() as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM entry WHERE id = ?", (entry_id,)).fetchall()
            if not rows:
                raise NotFoundError(f"no entry with id {entry_id} (see 'myorec log list')")
            session = change(self._entry(rows[0]).session)
            conn.execute(_UPDATE, (*plain_values(session), entry_id))
        return session

    def remove(self, entry_ids: Iterable[int]) -> int:
        """Delete entries; if any id is unknown nothing is deleted.

        The sources of imported ones are remembered, so that importing the same
        file again leaves them out (unless the import restores them).
        """
        wanted = sorted(set(entry_ids))
        with self._transaction() as conn:
            unknown = [
                entry_id
                for entry_id in wanted
                if conn.execute("SELECT 1 FROM entry WHERE id = ?", (entry_id,)).fetchone() is None
            ]
            if unknown:
                ids = ", ".join(str(entry_id) for entry_id in unknown[:10])
                if len(unknown) > 10:
                    ids += f" and {len(unknown) - 10:,} more"
                noun = "entry" if len(unknown) == 1 else "entries"
                raise NotFoundError(f"no {noun} with id {ids}; nothing was removed")
            rows = [(entry_id,) for entry_id in wanted]
            conn.executemany(
                "INSERT OR IGNORE INTO removed (source_id) "
                "SELECT source_id FROM entry WHERE id = ? AND source_id IS NOT NULL",
                rows,
            )
            conn.executemany("DELETE FROM entry WHERE id = ?", rows)
        return len(wanted)

    def update_profile(
        self, changes: Mapping[str, object], check: Callable[[Profile], object] | None = None
    ) -> None:
        """Set the given profile fields in one transaction (None removes one); the others stay.

        ``check`` sees the whole profile the changes make, read in the same
        transaction, and raises to refuse it (a resting heart rate above the stored maximum).
        """
        with self._transaction() as conn:
            if check is not None:
                check(self.profile().model_copy(update=dict(changes)))
            _write_profile(conn, changes)

    def import_entries(
        self,
        items: Iterable[tuple[Session, str | None]],
        profile: Callable[[Profile], Mapping[str, object]] | None = None,
        *,
        activities: bool = False,
        keep_duplicates: bool = False,
        restore_removed: bool = False,
    ) -> ImportCounts:
        """Add sessions from a file in one transaction, skipping those already logged.

        An item with a source id is present when an entry has that id, and left
        out when an entry with it was removed (``log rm``) unless
        ``restore_removed``. Others match as a multiset on all fields: the k-th
        copy of a session in the file is present when the log held at least k
        copies before the import. The log's entries are counted one date at a
        time, the first time the file reaches that date, so a file of many
        sessions on one day costs one read of that day, not one per session.

        ``activities`` (a watch's or an app's, not myorec's own files) are also
        left out when the log holds the same activity from another source,
        unless ``keep_duplicates``: see :func:`_same_activity`. Those matches,
        and the multiset's, count only entries older than the import (ids up to
        the largest when it began); within the file, an activity is left out
        only as a recording of one just added or matched: the same start
        within 5 minutes, kind, and minutes within 25 % (Apple Health holds a
        run from the watch and again from Strava). Any exception from ``items``
        (a bad row) rolls the whole import back. ``profile``, called with the
        stored profile once every item is read, gives the profile fields the
        file restores, in the same transaction.
        """
        new = present = removed = restored = 0
        duplicates: list[Duplicate] = []
        before: dict[tuple[Any, ...], int] = {}
        counted: set[str] = set()
        seen: dict[tuple[Any, ...], int] = {}
        sources: set[str] = set()
        nearby: dict[dt.date, list[tuple[Any, ...]]] = {}
        #: The activities this import added or matched, by date, with their entry: a second
        #: recording of one is left out, as the same entry.
        added: dict[dt.date, list[tuple[int, Session]]] = {}
        #: Hand-logged entries an activity matched: each stands for one activity, not every one like it.
        claimed: set[int] = set()
        with self._transaction() as conn:
            last_before = conn.execute("SELECT coalesce(max(id), 0) FROM entry").fetchone()[0]
            for session, source_id in items:
                values = plain_values(session)
                if source_id is not None:
                    known = source_id in sources or (
                        conn.execute("SELECT 1 FROM entry WHERE source_id = ?", (source_id,)).fetchone()
                        is not None
                    )
                    sources.add(source_id)
                    if not known and _was_removed(conn, source_id):
                        if not restore_removed:
                            removed += 1
                            continue
                        conn.execute("DELETE FROM removed WHERE source_id = ?", (source_id,))
                        restored += 1
                else:
                    date = values[0]
                    if date not in counted:
                        counted.add(date)
                        for row in conn.execute(_SAME_DATE, (date, last_before)):
                            before[row] = before.get(row, 0) + 1
                    seen[values] = seen.get(values, 0) + 1
                    known = seen[values] <= before.get(values, 0)
                if known:
                    present += 1
                    continue
                entry_id: int | None = None
                # A hand-logged entry this activity stands for: its second recording matches it too.
                stands_for_hand_logged = False
                if activities and not keep_duplicates:
                    entry_id = _same_activity(conn, session, last_before, nearby, claimed)
                    stands_for_hand_logged = entry_id in claimed
                    if entry_id is None and session.start is not None:
                        entry_id = _recorded_already(session, added)
                    if entry_id is not None:
                        duplicates.append(Duplicate(session, entry_id))
                if entry_id is None:
                    entry_id = conn.execute(_INSERT, (*values, source_id)).lastrowid
                    assert entry_id is not None
                    new += 1
                elif not stands_for_hand_logged:
                    continue
                if activities and session.start is not None and session.date is not None:
                    added.setdefault(session.date, []).append((entry_id, session))
            if profile is not None:
                _write_profile(conn, profile(self.profile()))
        return ImportCounts(new, present, removed, tuple(duplicates), restored)


def _was_removed(conn: sqlite3.Connection, source_id: str) -> bool:
    return conn.execute("SELECT 1 FROM removed WHERE source_id = ?", (source_id,)).fetchone() is not None


def _recorded_already(session: Session, added: dict[dt.date, list[tuple[int, Session]]]) -> int | None:
    """The id of an entry this import added that is the same activity recorded by another app, or None.

    Start (within 5 minutes), kind and minutes (within 25 %) must all agree;
    the day before and after are searched too.
    """
    assert session.start is not None
    assert session.date is not None
    for offset in (0, -1, 1):
        for entry_id, earlier in added.get(session.date + dt.timedelta(days=offset), ()):
            assert earlier.start is not None
            if (
                abs(session.start - earlier.start) <= SAME_START
                and session.kind is earlier.kind
                and abs(session.minutes - earlier.minutes) <= SAME_MINUTES * earlier.minutes
            ):
                return entry_id
    return None


def _same_activity(
    conn: sqlite3.Connection,
    session: Session,
    last_before: int,
    nearby: dict[dt.date, list[tuple[Any, ...]]],
    claimed: set[int],
) -> int | None:
    """The id of an entry that is this activity recorded by another source, or None.

    Both with a start time: the same start within 5 minutes (any source; the
    day before and after are searched too, as time zones may differ). Else:
    the same date and kind, and minutes within 25 % of an entry logged by hand
    that no other activity of this import matched, which it then joins
    (``claimed``): a walk logged by hand hides one of the day's walks, not all.
    ``nearby`` keeps each date's entries for the rest of the import.
    """
    assert session.date is not None
    for offset in (0, -1, 1):
        day = session.date + dt.timedelta(days=offset)
        if day not in nearby:
            nearby[day] = conn.execute(_NEARBY, (day.isoformat(), last_before)).fetchall()
        for entry_id, kind, minutes, start, source_id in nearby[day]:
            if session.start is not None and start is not None:
                if abs(dt.datetime.fromisoformat(start) - session.start) <= SAME_START:
                    return int(entry_id)
            elif (
                offset == 0
                and source_id is None
                and entry_id not in claimed
                and kind == session.kind.value
                and abs(session.minutes - minutes) <= SAME_MINUTES * minutes
            ):
                claimed.add(entry_id)
                return int(entry_id)
    return None


#: Profile fields kept as text; the others are whole numbers.
_TEXT_PROFILE_FIELDS = frozenset({"timezone"})


def _write_profile(conn: sqlite3.Connection, changes: Mapping[str, object]) -> None:
    """Set the given profile fields (None removes one), inside the caller's transaction."""
    for key, value in changes.items():
        if value is None:
            conn.execute("DELETE FROM profile WHERE key = ?", (key,))
        else:
            conn.execute(
                "INSERT INTO profile (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, str(value)),
            )


def _check(conn: sqlite3.Connection, label: str) -> int:
    """The file's schema version, or StoreError if the file is not a database we may touch."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    schema = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    if application_id != APPLICATION_ID and (application_id != 0 or version != 0 or schema):
        raise StoreError(FOREIGN, file=label, remedy="use another")
    if application_id == APPLICATION_ID and version == 0:
        # Both are set by the transaction that creates the tables: one without the other is no log.
        raise StoreError(
            "damaged myorec database (it is marked as one but has schema version 0); it was left unchanged",
            file=label,
            remedy="use another",
        )
    if version < 0:
        raise StoreError(
            f"not a myorec database or damaged (schema version {version}); it was left unchanged",
            file=label,
            remedy="use another",
        )
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"written by a newer myorec (schema version {version}, this myorec knows up to "
            f"{SCHEMA_VERSION}); upgrade myorec to use it. The file was left unchanged",
            file=label,
        )
    tables = _tables_at(version)
    missing = sorted(tables - {name for kind, name in schema if kind == "table"})
    if missing:
        raise StoreError(
            f"damaged myorec database (its {', '.join(missing)} table is missing); it was left unchanged",
            file=label,
            remedy="use another",
        )
    if WRITE_MARK in tables:
        marks = conn.execute(f"SELECT typeof(mark), typeof(previous) FROM {WRITE_MARK}").fetchall()
        if marks != [("blob", "blob")]:
            raise _damaged("its write mark is missing or damaged", label)
    return version


def _tables_at(version: int) -> set[str]:
    """The tables a log of this schema version has: those its migration steps created."""
    return {
        statement.split()[2]
        for step in MIGRATIONS[:version]
        for statement in step
        if statement.startswith("CREATE TABLE")
    }


def _check_snapshot(conn: sqlite3.Connection, label: str) -> int:
    """:func:`_check` in one read transaction.

    Its three reads must see the same state of the file: read one by one, a
    first-time migration committed by another process between them looks like
    a file with tables but no application id, that is another program's.
    """
    conn.execute("BEGIN DEFERRED")
    try:
        return _check(conn, label)
    finally:
        if conn.in_transaction:  # SQLite ends it on its own after some errors (a full disk)
            conn.execute("COMMIT")


def _migrate(conn: sqlite3.Connection, label: str) -> None:
    """Bring the schema up to date; re-checked inside the lock, since another process may be first."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = _check(conn, label)
        _check_integrity(conn, label)
        for step in MIGRATIONS[version:]:
            for statement in step:
                conn.execute(statement)
        conn.execute(_NEW_MARK)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        _roll_back(conn)
        raise
    conn.execute("COMMIT")
    # Into the file at once, so that other processes find the new write mark there, not in the WAL only.
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL once, waiting for other processes as the busy timeout would.

    SQLite never calls the busy handler for a journal-mode change, so when
    several processes open a new log at once the losers get "database is
    locked" at once; they retry until the timeout instead. WAL is a lasting
    property of the file, so after the first open this is a single read.
    """
    if conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.001
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY
            if not busy or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(2 * delay, 0.05)


def _roll_back(conn: sqlite3.Connection) -> None:
    """Roll back, unless SQLite already has: it does on its own after some errors (a full disk)."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _check_integrity(conn: sqlite3.Connection, label: str) -> None:
    """Refuse a damaged log before writing to it: SQLite writes on around a broken page.

    ``PRAGMA quick_check`` reads every page of the file and checks the
    b-trees' structure (not index contents), about 15 ms on a warm log of
    100,000 entries; once per command, in the transaction about to write.
    """
    problem = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    if problem != "ok":
        raise _damaged(f"quick_check: {problem.splitlines()[-1]}", label)


def _damaged(what: str, label: str) -> StoreError:
    return StoreError(
        f"damaged myorec database ({what}); it was left unchanged", file=label, remedy="use another"
    )


def _is_damage(exc: sqlite3.Error) -> bool:
    """SQLITE_CORRUPT or SQLITE_NOTADB: SQLite found a page it cannot make sense of."""
    code: int = getattr(exc, "sqlite_errorcode", 0)
    return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _is_full(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_FULL


def _is_read_only(exc: sqlite3.Error) -> bool:
    """SQLITE_READONLY in any of its variants: the file, its folder or the file system refuses writes."""
    code: int = getattr(exc, "sqlite_errorcode", 0)
    return code & 0xFF == sqlite3.SQLITE_READONLY


def _check_whole_pages(conn: sqlite3.Connection, path: Path, label: str) -> None:
    """Refuse a file cut short part-way through a page.

    SQLite reads such a file as if the missing bytes were there and then
    writes over it, so a truncated log would be silently changed and could
    report a week with sessions missing. Every SQLite file is a whole number of
    pages, in any journal mode.
    """
    page_size: int = conn.execute("PRAGMA page_size").fetchone()[0]
    size = path.stat().st_size
    if size % page_size:
        raise StoreError(
            f"not a myorec database or damaged (it ends part-way through a page, "
            f"at byte {size:,}: cut short?); it was left unchanged",
            file=label,
            remedy="use another",
        )


#: How each read-only mode of :func:`_connect` opens the file.
_MODES = {"": "", "ro": "?mode=ro", "immutable": "?mode=ro&immutable=1"}


def _connect(path: Path | None, label: str, *, read_only: str = "") -> sqlite3.Connection:
    """Open and check the log at ``path`` (None: an empty log in memory).

    ``read_only`` is ``"ro"`` to only read the file, or ``"immutable"`` to read
    the file alone: no lock, no journal, no WAL, nothing created beside it.
    That is safe where no one can be writing the log (a read-only file, folder
    or file system), or where the WAL holds nothing. The file is always named
    by an absolute URI: SQLite would take a name like ``file:log.db`` for a URI
    of its own.
    """
    conn = _open(path, read_only)
    with _refused(conn, label):
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        version = _check_snapshot(conn, label)
        if version < SCHEMA_VERSION:
            if read_only:
                raise StoreError(
                    f"{READ_ONLY}, and it needs an upgrade from schema version {version}; "
                    "make it writable once",
                    file=label,
                )
            _migrate(conn, label)
        if path is not None and not read_only:
            _use_wal(conn)
    return conn


def _open(path: Path | None, read_only: str) -> sqlite3.Connection:
    target = ":memory:" if path is None else path.resolve().as_uri() + _MODES[read_only]
    return sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, isolation_level=None, uri=True)


@contextmanager
def _refused(conn: sqlite3.Connection, label: str) -> Iterator[None]:
    """Opening and checking ``conn``: sqlite3's errors become StoreError, and any error closes it."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        conn.close()
        if _is_read_only(exc):
            raise _ReadOnlyError(label) from None
        if _is_full(exc):
            raise StoreError(DISK_FULL, file=label) from None
        raise StoreError(f"cannot open the database: {exc}", file=label) from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(
            f"not a myorec database or damaged ({exc}); it was left unchanged",
            file=label,
            remedy="use another",
        ) from None
    except BaseException:
        conn.close()
        raise


def _check_before_opening(path: Path, label: str) -> None:
    """Check the file alone, and its WAL, before SQLite opens it to write or to read through the WAL.

    Either would change a file that is not a log of ours, or a log beside a
    WAL that is not its own: opening one whose WAL holds pages replays them
    into it, and closing it removes the WAL. So the file is read immutably
    first, which changes and creates nothing: another program's file, a newer
    or damaged log, is refused. Then its WAL's frames are matched to it by
    their write marks (:mod:`myorec.store.journals`). While another process
    writes, its WAL can be seen half-way through a restart and the file
    half-way through a checkpoint, so a mismatch, or a page that makes no
    sense, is looked at again a few times before it is believed.
    """
    wal = _sidecar(path, "-wal")
    for delay in (*_WAL_RETRIES, None):
        conn = _open(path, "immutable")
        with _refused(conn, label):
            try:
                version = _check(conn, label)
                _check_whole_pages(conn, path, label)
                mark = _write_mark(conn)
            except sqlite3.DatabaseError:
                # Read without a lock: a checkpoint may be writing the very pages (and only with a WAL).
                if delay is None or not wal.exists():
                    raise
                conn.close()
                time.sleep(delay)
                continue
        conn.close()
        chain = wal_chain(wal, mark[0] if mark is not None else None)
        if chain is None:
            return
        if version == 0:
            # No schema of its own, yet pages in its WAL: myorec creates its tables before it ever writes one.
            raise StoreError(FOREIGN, file=label, remedy="use another")
        if mark is not None and belongs(mark[1], chain):
            return
        if delay is None:
            raise _stranger_wal(wal, bool(chain), label)
        time.sleep(delay)


#: Seconds between looks at a WAL that does not match its log, while another process may restart it.
_WAL_RETRIES = (0.005, 0.01, 0.02, 0.04, 0.08)


def _write_mark(conn: sqlite3.Connection) -> tuple[int, bytes] | None:
    """The write mark's page and value in the file, or None in a log from before write marks."""
    row = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (WRITE_MARK,)
    ).fetchone()
    if row is None:
        return None
    (mark,) = conn.execute(f"SELECT mark FROM {WRITE_MARK}").fetchone()
    return row[0], mark


def _stranger_wal(wal: Path, marked: bool, label: str) -> StoreError:
    if marked:
        reason = (
            f"its write-ahead log ({wal.name}) is not its own: it was left beside it by another copy of "
            "the database (say, a backup restored over it), and SQLite would replay that copy's changes "
            "into it. Both were left unchanged: move the WAL away to use the log as it is"
        )
    else:
        reason = (
            f"its write-ahead log ({wal.name}) holds changes myorec cannot match to it (written by "
            "another program, or by an older myorec); both were left unchanged. Move the WAL away to use "
            "the log as it is, or open it once with the program that wrote it"
        )
    return StoreError(reason, file=label)


def _refuse_a_stray_journal(path: Path, label: str) -> None:
    """Refuse a hot rollback journal beside the log, once it has had a moment to go.

    myorec writes through a WAL, so a journal beside a log is only ever live
    for the moment another process creates a log in place or switches one to
    WAL. One that stays was left by a program that stopped mid-change, and it
    may be another file's (a backup restored beside it): SQLite cannot tell,
    and would roll the stranger's pages into the log.
    """
    journal = _sidecar(path, "-journal")
    deadline = time.monotonic() + JOURNAL_WAIT_S
    while hot_journal(journal):
        if time.monotonic() > deadline:
            raise StoreError(
                f"a rollback journal ({journal.name}) is beside it, left by a program that stopped "
                "part-way through a change; it may belong to another file, and SQLite would copy its "
                "pages into this one, so both were left unchanged. Move it away to use the log as it "
                "is (myorec never leaves one)",
                file=label,
            )
        time.sleep(0.01)


#: The files SQLite keeps beside a WAL-mode database.
_SIDECARS = ("-wal", "-shm")


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _size(path: Path) -> int:
    """A file's size, 0 when it does not exist: another process may remove a WAL any moment."""
    try:
        return path.stat().st_size
    except (FileNotFoundError, NotADirectoryError):  # what Path.exists() also takes for "not there"
        return 0


def _is_empty(path: Path) -> bool:
    return _size(path) == 0


def _holds_pages(wal: Path) -> bool:
    return _size(wal) > 0


def _remove_made(made: Iterable[Path]) -> None:
    """Remove the -wal/-shm files a read-only open made, unless the WAL has come to hold pages.

    Only files that exist are removed: on a read-only file system none could
    be made, and removing a missing one fails there with "read-only", not "missing".
    """
    made = [path for path in made if path.exists()]
    if not any(_holds_pages(path) for path in made if path.name.endswith("-wal")):
        for path in made:
            path.unlink(missing_ok=True)


def log_files(path: Path) -> list[Path]:
    """The database file and every file SQLite may keep beside it (WAL, shared memory, journal)."""
    return [path, *(_sidecar(path, suffix) for suffix in (*_SIDECARS, "-journal"))]


def open_store(path: Path, *, create: bool) -> Store:
    """Open the log at ``path``.

    A missing (or empty) file becomes a new log, with its folder, when
    ``create`` is true; otherwise the store is an empty in-memory log, so
    read-only commands on a fresh account work and leave nothing behind. A log
    this process may not write is only read: from the file alone when its WAL
    holds nothing (which works on a read-only file system too), else through
    the WAL, removing the ``-wal``/``-shm`` files that reading made (SQLite
    would give them the log's read-only mode, and they would keep refusing
    writes once the log is writable again).
    """
    label = str(path)
    _refuse_what_is_not_a_file(path, label)
    wal = _sidecar(path, "-wal")
    # The WAL first: a log that another process is creating has its tables before its WAL holds a page.
    if _holds_pages(wal) and _is_empty(path):
        raise StoreError(
            f"the database file is empty but its write-ahead log {wal.name} is not, and may hold "
            "logged sessions; both were left unchanged. Restore the database file, or move both away",
            file=label,
        )
    if not create and _is_empty(path):
        return Store(_connect(None, label), label)
    if not path.exists():
        _make_folder(path, label)
    elif not _is_empty(path):
        _check_before_opening(path, label)
    # Beside an empty or missing file too: SQLite would delete it there, as a journal of nothing.
    _refuse_a_stray_journal(path, label)
    try:
        # Not even tried on a file we may not write: SQLite would open it read-only all the same.
        if not path.exists() or os.access(path, os.W_OK):
            try:
                return Store(_connect(path, label), label)
            except _ReadOnlyError:
                if create:
                    raise
        elif create:
            raise _ReadOnlyError(label)
        if not _holds_pages(wal):
            # Everything is in the file itself: read it alone, creating nothing beside it.
            return Store(_connect(path, label, read_only="immutable"), label)
        made = [_sidecar(path, suffix) for suffix in _SIDECARS if not _sidecar(path, suffix).exists()]
        try:
            try:
                conn = _connect(path, label, read_only="ro")
            except StoreError:
                conn = _connect(path, label, read_only="immutable")
        except BaseException:
            _remove_made(made)
            raise
        return Store(conn, label, made)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the database: {exc}", file=label) from None


#: What a path that is not a plain file is, by its ``stat`` mode.
_NOT_FILES = ((stat.S_ISCHR, "device"), (stat.S_ISBLK, "device"), (stat.S_ISFIFO, "named pipe"))


def _refuse_what_is_not_a_file(path: Path, label: str) -> None:
    """A folder, device, pipe or socket is no log: refused before SQLite opens it.

    SQLite would open ``/dev/null`` (reading it as an empty database) and
    create ``/dev/null-journal`` beside it on the first write.
    """
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return  # a new log: whether its folder can be made is for _make_folder to say
    if stat.S_ISDIR(mode):
        raise StoreError("is a folder", file=label, remedy="name a file")
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _NOT_FILES if test(mode)), "socket")
        raise StoreError(f"is a {kind}, not a database file", file=label, remedy="name a file")


def _make_folder(path: Path, label: str) -> None:
    """The folder of a new log, or an error saying why it cannot be made."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        # mkdir's own message ("File exists") hides which part of the path is in the way.
        blocker = next(parent for parent in path.parents if parent.exists())
        raise StoreError(f"cannot create the folder: {blocker} is a file", file=label) from None
    except OSError as exc:
        raise StoreError(f"cannot create the folder: {exc.strerror}", file=label) from None
    if not os.access(path.parent, os.W_OK):
        raise StoreError("cannot create the database: its folder is read-only", file=label)
