"""The activity log: one SQLite file holding logged sessions and the profile.

Only the store imports :mod:`sqlite3`. A file is trusted only after
its header says it is ours (``PRAGMA application_id``) and its schema is one
this version knows (``PRAGMA user_version``); both are read before anything
is written, because even switching to WAL rewrites header bytes, and a file
that fails the check is left exactly as it was. Every write is one
``BEGIN IMMEDIATE`` transaction, and WAL plus a busy timeout let several
myorec processes write at once without losing anything.

The schema grows by appending to :data:`MIGRATIONS`; opening an older file
runs the missing steps in one transaction.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from myorec.core.entries import Entry
from myorec.core.fields import FIELD_NAMES, from_stored, plain_values
from myorec.core.sessions import Profile, Session
from myorec.errors import NotFoundError, StoreError

#: "myor" in ASCII: marks a SQLite file as a myorec database.
APPLICATION_ID = 0x6D796F72
#: Seconds a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_S = 30.0

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
        # What watches record: heart rate (judged when scored), the start time, the type's intensity;
        # and the imported activities removed with 'log rm', which a later import leaves out.
        "ALTER TABLE entry ADD COLUMN avg_hr REAL",
        "ALTER TABLE entry ADD COLUMN start TEXT",
        "ALTER TABLE entry ADD COLUMN type_intensity TEXT",
        "ALTER TABLE entry ADD COLUMN hr_seconds TEXT",
        "CREATE TABLE removed (source_id TEXT PRIMARY KEY)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

#: The logged fields of an entry, which are its columns after ``id``.
_FIELDS: tuple[str, ...] = FIELD_NAMES
_COLUMNS = f"id, {', '.join(_FIELDS)}, source_id"
_INSERT = (
    f"INSERT INTO entry ({', '.join(_FIELDS)}, source_id) VALUES ({', '.join('?' * (len(_FIELDS) + 1))})"
)
_UPDATE = f"UPDATE entry SET {', '.join(f'{name} = ?' for name in _FIELDS)} WHERE id = ?"
#: The logged fields of every entry on one date, through the entry_date index.
_SAME_DATE = f"SELECT {', '.join(_FIELDS)} FROM entry WHERE date = ? AND id <= ?"
#: A week's report or a trend reads only its dates, through the entry_date index.
RANGE_QUERY = f"SELECT {_COLUMNS} FROM entry WHERE date BETWEEN ? AND ? ORDER BY date, id"
ALL_QUERY = f"SELECT {_COLUMNS} FROM entry ORDER BY date, id"


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


class Store:
    """An open activity log. Use :func:`open_store`; close it (or use ``with``) when done."""

    def __init__(self, connection: sqlite3.Connection, label: str, made: Iterable[Path] = ()) -> None:
        self._conn = connection
        self.label = label
        #: Files that opening a log read-only created, removed on close (see :func:`open_store`).
        self._made = tuple(made)

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
            yield self._conn
        except BaseException as exc:
            self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._fail(exc) from None
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._conn.execute("ROLLBACK")
            raise self._fail(exc) from None

    def _entry(self, row: tuple[Any, ...]) -> Entry:
        entry_id, *values, source_id = row
        try:
            session = Session.model_validate(from_stored(tuple(values)))
        except ValidationError:
            raise StoreError(f"entry {entry_id} is damaged (date {values[0]!r})", file=self.label) from None
        return Entry(entry_id, session, source_id)

    # -- reading -------------------------------------------------------------------

    def entries(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Entry]:
        """Entries oldest first, optionally only those dated ``start..end`` (inclusive, indexed)."""
        return list(self.iter_entries(start, end))

    def iter_entries(self, start: dt.date | None = None, end: dt.date | None = None) -> Iterator[Entry]:
        sql: str = ALL_QUERY
        params: tuple[str, ...] = ()
        if start is not None and end is not None:
            sql, params = RANGE_QUERY, (start.isoformat(), end.isoformat())
        try:
            cursor = self._conn.execute(sql, params)
            for row in cursor:
                yield self._entry(row)
        except sqlite3.Error as exc:
            raise self._fail(exc) from None

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
            for key, value in changes.items():
                if value is None:
                    conn.execute("DELETE FROM profile WHERE key = ?", (key,))
                else:
                    conn.execute(
                        "INSERT INTO profile (key, value) VALUES (?, ?) "
                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        (key, str(value)),
                    )

    def import_entries(
        self,
        items: Iterable[tuple[Session, str | None]],
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
        only as a recording of one just added by another app: the same start
        within 5 minutes, kind, and minutes within 25 % (Apple Health holds a
        run from the watch and again from Strava). Any exception from ``items``
        (a bad row) rolls the whole import back.
        """
        new = present = removed = restored = 0
        duplicates: list[Duplicate] = []
        before: dict[tuple[Any, ...], int] = {}
        counted: set[str] = set()
        seen: dict[tuple[Any, ...], int] = {}
        sources: set[str] = set()
        nearby: dict[dt.date, list[tuple[Any, ...]]] = {}
        #: The activities this import added, by date: a second recording of one is left out.
        added: dict[dt.date, list[tuple[int, Session]]] = {}
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
                if activities and not keep_duplicates:
                    match = _same_activity(conn, session, last_before, nearby)
                    if match is None and session.start is not None:
                        match = _recorded_already(session, added)
                    if match is not None:
                        duplicates.append(Duplicate(session, match))
                        continue
                cursor = conn.execute(_INSERT, (*values, source_id))
                new += 1
                if activities and session.start is not None and session.date is not None:
                    assert cursor.lastrowid is not None
                    added.setdefault(session.date, []).append((cursor.lastrowid, session))
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
) -> int | None:
    """The id of an entry that is this activity recorded by another source, or None.

    Both with a start time: the same start within 5 minutes (any source; the
    day before and after are searched too, as time zones may differ). Else:
    the same date and kind, and minutes within 25 % of an entry logged by hand.
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
                and kind == session.kind.value
                and abs(session.minutes - minutes) <= SAME_MINUTES * minutes
            ):
                return int(entry_id)
    return None


#: Profile fields kept as text; the others are whole numbers.
_TEXT_PROFILE_FIELDS = frozenset({"timezone"})


def _check(conn: sqlite3.Connection, label: str) -> int:
    """The file's schema version, or StoreError if the file is not a database we may touch."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    schema = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    if application_id != APPLICATION_ID and (application_id != 0 or version != 0 or schema):
        raise StoreError(
            "not a myorec database (it belongs to another program); it was left unchanged",
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
    missing = sorted(_tables_at(version) - {name for kind, name in schema if kind == "table"})
    if missing:
        raise StoreError(
            f"damaged myorec database (its {', '.join(missing)} table is missing); it was left unchanged",
            file=label,
            remedy="use another",
        )
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
        conn.execute("COMMIT")


def _migrate(conn: sqlite3.Connection, label: str) -> None:
    """Bring the schema up to date; re-checked inside the lock, since another process may be first."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = _check(conn, label)
        for step in MIGRATIONS[version:]:
            for statement in step:
                conn.execute(statement)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


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


def _connect(path: Path | None, label: str, *, read_only: str = "") -> sqlite3.Connection:
    """Open and check the log at ``path`` (None: an empty log in memory).

    ``read_only`` is ``"ro"`` to only read the file, or ``"immutable"`` to read
    it without its ``-shm`` file, which cannot be created in a read-only
    folder; that is safe there because no one can be writing the log either.
    The file is always named by an absolute URI: SQLite would take a name
    like ``file:log.db`` for a URI of its own.
    """
    if path is None:
        target = ":memory:"
    else:
        target = path.resolve().as_uri()
        target += {"": "", "ro": "?mode=ro", "immutable": "?mode=ro&immutable=1"}[read_only]
    conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, isolation_level=None, uri=True)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        version = _check_snapshot(conn, label)
        if path is not None:
            _check_whole_pages(conn, path, label)
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
    except sqlite3.OperationalError as exc:
        conn.close()
        if _is_read_only(exc):
            raise _ReadOnlyError(label) from None
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
    return conn


#: The files SQLite keeps beside a WAL-mode database.
_SIDECARS = ("-wal", "-shm")


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _remove_made(made: Iterable[Path]) -> None:
    """Remove the -wal/-shm files a read-only open made, unless the WAL has come to hold pages."""
    made = list(made)
    wal = [path for path in made if path.name.endswith("-wal")]
    if all(not path.exists() or path.stat().st_size == 0 for path in wal):
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
    this process may not write is only read, and the ``-wal``/``-shm`` files
    that reading makes are removed again (SQLite would give them the log's
    read-only mode, and they would keep refusing writes once the log is
    writable again).
    """
    label = str(path)
    if path.is_dir():
        raise StoreError("is a folder", file=label, remedy="name a file")
    empty = not path.exists() or path.stat().st_size == 0
    wal = _sidecar(path, "-wal")
    if empty and wal.exists() and wal.stat().st_size > 0:
        raise StoreError(
            f"the database file is empty but its write-ahead log {wal.name} is not, and may hold "
            "logged sessions; both were left unchanged. Restore the database file, or move both away",
            file=label,
        )
    if empty and not create:
        return Store(_connect(None, label), label)
    if not path.exists():
        _make_folder(path, label)
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
