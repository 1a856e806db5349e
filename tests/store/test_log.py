"""The SQLite activity log: real files in tmp dirs, never the user's data."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from myorec.core.entries import Selection, SelectionSize
from myorec.core.sessions import Kind, Session
from myorec.errors import InputError, NotFoundError, StoreError
from myorec.store.log import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, open_store, selection_query


def logged(date: str, kind: str = "aerobic", minutes: int = 30, **extra) -> Session:
    return Session.model_validate({"date": date, "kind": kind, "minutes": minutes, **extra})


@pytest.fixture
def db(tmp_path):
    return tmp_path / "log" / "myorec.db"


def test_first_write_creates_folder_and_marks_the_file_as_ours(db):
    with open_store(db, create=True) as store:
        assert store.add(logged("2026-11-23")) == 1
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_switching_to_wal_waits_for_another_process_instead_of_failing(db):
    """SQLite refuses a journal-mode change at once, without the busy handler, while a writer holds the file.

    That is the first open of a new log by several processes: one migrates it
    while the others want WAL.
    """
    with open_store(db, create=True) as store:
        store.add(logged("2026-11-23"))
    writer = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    writer.execute("PRAGMA journal_mode = DELETE")
    writer.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, writer.execute, ("COMMIT",))
    release.start()
    try:
        with open_store(db, create=True) as store:
            assert len(store.entries()) == 1
    finally:
        release.join()
        writer.close()
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_reading_a_missing_database_is_an_empty_log_and_creates_nothing(tmp_path, db):
    with open_store(db, create=False) as store:
        assert store.entries() == []
        assert store.profile().age is None
    assert list(tmp_path.iterdir()) == []


def test_entries_come_back_oldest_first_with_what_was_logged(db):
    with open_store(db, create=True) as store:
        second = store.add(logged("2026-11-25", "resistance", 45, rpe=6.5, name="gym"))
        first = store.add(logged("2026-11-23", intensity="vigorous"))
        store.add(logged("2026-11-23", "mobility", 20))
        entries = store.entries()
    assert [entry.id for entry in entries] == [first, 3, second]
    assert entries[0].session == logged("2026-11-23", intensity="vigorous")
    assert entries[2].session == logged("2026-11-25", "resistance", 45, rpe=6.5, name="gym")
    assert entries[2].session.intensity is None


def test_date_range_is_inclusive_and_uses_the_date_index(db):
    with open_store(db, create=True) as store:
        for date in ("2026-11-22", "2026-11-23", "2026-11-29", "2026-11-30"):
            store.add(logged(date))
        dates = [e.session.date for e in store.entries(dt.date(2026, 11, 23), dt.date(2026, 11, 29))]
    assert dates == [dt.date(2026, 11, 23), dt.date(2026, 11, 29)]
    connection = sqlite3.connect(db)
    sql, params = selection_query(Selection(dt.date(2026, 11, 23), dt.date(2026, 11, 29)))
    plan = connection.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    connection.close()
    assert "USING INDEX entry_date" in " ".join(str(row[-1]) for row in plan)


@pytest.fixture
def mixed_log(db):
    """Six entries: typed ones, a balance session, and two from Strava."""
    with open_store(db, create=True) as store:
        store.add(logged("2026-11-23", name="walk"))
        store.add(logged("2026-11-24", "resistance", 45, rpe=7))
        store.add(logged("2026-11-25", "mobility", 20, focus="balance"))
        store.import_entries(
            [(logged("2026-11-26", name="Morning Run"), "strava:9001"), (logged("2026-11-20"), "Strava:77")]
        )
        store.add(logged("2026-11-27", "aerobic", 60, name="a much longer name"))
    return db


@pytest.mark.parametrize(
    ("selection", "ids"),
    [
        (Selection(), [5, 1, 2, 3, 4, 6]),
        (Selection(start=dt.date(2026, 11, 24)), [2, 3, 4, 6]),
        (Selection(end=dt.date(2026, 11, 23)), [5, 1]),
        (Selection(dt.date(2026, 11, 24), dt.date(2026, 11, 26)), [2, 3, 4]),
        (Selection(kind=Kind.AEROBIC), [5, 1, 4, 6]),
        (Selection(source="manual"), [1, 2, 3, 6]),
        (Selection(source="STRAVA"), [5, 4]),
        (Selection(source="va:90"), [4]),
        (Selection(source="%"), []),  # what is typed is matched as it is, never as a pattern
        (Selection(last=2), [4, 6]),
        (Selection(last=100), [5, 1, 2, 3, 4, 6]),
        (Selection(kind=Kind.AEROBIC, source="manual", last=1), [6]),
        (Selection(start=dt.date(2026, 11, 21), kind=Kind.AEROBIC, last=2), [4, 6]),
    ],
)
def test_a_selection_narrows_by_date_kind_source_and_recency_oldest_first(mixed_log, selection, ids):
    with open_store(mixed_log, create=False) as store:
        assert [entry.id for entry in store.iter_entries(selection)] == ids
        size = store.selection_size(selection)
    assert size.entries == len(ids)


def test_the_size_of_a_selection_lays_out_its_listing(mixed_log):
    with open_store(mixed_log, create=False) as store:
        assert store.selection_size(Selection()) == SelectionSize(6, 6, len("mobility (balance)"), 11, 18)
        assert store.selection_size(Selection(kind=Kind.RESISTANCE)) == SelectionSize(1, 2, 10, 6, 0)
        assert store.selection_size(Selection(source="nowhere")) == SelectionSize(0, 0, 0, 0, 0)


def test_entries_read_in_bulk_are_exactly_the_sessions_logged(mixed_log):
    """Rows share one validated shape; each still has its own date and name."""
    with open_store(mixed_log, create=False) as store:
        rows = list(store.iter_rows())
        entries = store.entries()
    assert [row.entry() for row in rows] == entries
    assert rows[1].shape is rows[0].shape  # both 30 minutes of default aerobic
    assert [entry.session.name for entry in entries] == [
        None,
        "walk",
        None,
        None,
        "Morning Run",
        "a much longer name",
    ]
    assert entries[0].session == logged("2026-11-20")


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("minutes", 0),
        ("kind", "swim"),
        ("date", "2026-02-30"),
        ("date", 20261127),
        ("name", b"\xff"),
        ("rpe", 11),
    ],
)
def test_a_damaged_entry_among_good_ones_like_it_is_still_refused(mixed_log, column, value):
    connection = sqlite3.connect(mixed_log)
    connection.execute(f"UPDATE entry SET {column} = ? WHERE id = 6", (value,))
    connection.commit()
    connection.close()
    with open_store(mixed_log, create=False) as store, pytest.raises(StoreError, match="entry 6 is damaged"):
        list(store.iter_rows())


def test_update_and_remove(db):
    with open_store(db, create=True) as store:
        entry_id = store.add(logged("2026-11-23"))
        seen = []
        changed = store.update(
            entry_id, lambda old: seen.append(old) or logged("2026-11-24", "resistance", 40)
        )
        assert seen == [logged("2026-11-23")]
        assert [entry.session for entry in store.entries()] == [changed]
        assert changed == logged("2026-11-24", "resistance", 40)
        assert store.remove([entry_id]) == 1
        assert store.entries() == []
        with pytest.raises(NotFoundError, match="no entry with id 7"):
            store.update(7, lambda old: old)


def test_remove_with_an_unknown_id_removes_nothing(db):
    with open_store(db, create=True) as store:
        store.add(logged("2026-11-23"))
        store.add(logged("2026-11-24"))
        with pytest.raises(NotFoundError) as caught:
            store.remove([1, 998, 2, 999])
        assert str(caught.value) == "no entries with id 998, 999; nothing was removed"
        assert len(store.entries()) == 2


def test_ids_are_not_reused_after_removal(db):
    with open_store(db, create=True) as store:
        store.add(logged("2026-11-23"))
        last = store.add(logged("2026-11-24"))
        store.remove([last])
        assert store.add(logged("2026-11-25")) == last + 1


def test_profile_age_is_stored_and_cleared(db):
    with open_store(db, create=True) as store:
        store.update_profile({"age": 52})
        store.update_profile({"age": 53})
        assert store.profile().age == 53
        store.update_profile({"age": None})
        assert store.profile().age is None


def test_import_is_a_multiset_match_on_all_fields(db):
    walk = logged("2026-11-23", name="walk")
    with open_store(db, create=True) as store:
        store.add(walk)
        counts = store.import_entries([(walk, None), (walk, None), (logged("2026-11-23"), None)])
        assert (counts.new, counts.present) == (2, 1)
        again = store.import_entries([(walk, None), (walk, None), (logged("2026-11-23"), None)])
        assert (again.new, again.present) == (0, 3)
        assert len(store.entries()) == 3


def test_import_matches_sourced_activities_by_source_id(db):
    with open_store(db, create=True) as store:
        day = logged("2026-11-23")
        counts = store.import_entries([(day, "strava:1"), (day, "strava:2")])
        assert (counts.new, counts.present) == (2, 0)
        changed = logged("2026-11-24", minutes=50)
        edited = store.import_entries([(changed, "strava:1"), (logged("2026-11-25"), None)])
        assert (edited.new, edited.present) == (1, 1)
        assert [e.source_id for e in store.entries()] == ["strava:1", "strava:2", None]


def test_import_never_counts_its_own_rows_as_already_present(db):
    """A backup holds a Strava run and the same run typed by hand: restored, both are new."""
    walk = logged("2026-11-23")
    with open_store(db, create=True) as store:
        assert store.import_entries([(walk, "strava:1"), (walk, None)])[:2] == (2, 0)
        assert len(store.entries()) == 2
        assert store.import_entries([(walk, "strava:1"), (walk, None)])[:2] == (0, 2)


def test_a_failing_import_rolls_everything_back(db):
    def rows():
        yield logged("2026-11-23"), None
        yield logged("2026-11-24"), None
        raise InputError("bad.csv: line 4, column 'minutes': must be a whole number from 1 to 1440 (got 0)")

    with open_store(db, create=True) as store:
        store.add(logged("2026-11-20"))
        with pytest.raises(InputError, match="line 4"):
            store.import_entries(rows())
        assert [e.session.date for e in store.entries()] == [dt.date(2026, 11, 20)]


def _log_then_tamper(db, statement):
    """A log with one entry, then changed behind myorec's back (out of WAL, so the file holds it all)."""
    with open_store(db, create=True) as store:
        store.add(logged("2026-11-23"))
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute(statement)
    connection.close()


def _unchanged_after_failed_open(path, message):
    before = path.read_bytes()
    for create in (True, False):
        with pytest.raises(StoreError) as caught:
            open_store(path, create=create)
        assert message in str(caught.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_corrupt_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "myorec.db"
    path.write_bytes(b"this is not a database at all\n" * 200)
    _unchanged_after_failed_open(path, "not a myorec database or damaged (file is not a database)")


def test_another_programs_database_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.execute("INSERT INTO notes VALUES ('mine')")
    connection.commit()
    connection.close()
    _unchanged_after_failed_open(path, "not a myorec database (it belongs to another program)")


def test_a_database_from_a_newer_myorec_is_refused_and_left_unchanged(db):
    _log_then_tamper(db, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    _unchanged_after_failed_open(db, f"written by a newer myorec (schema version {SCHEMA_VERSION + 1}")


def test_an_empty_file_becomes_a_new_log(tmp_path):
    path = tmp_path / "myorec.db"
    path.touch()
    with open_store(path, create=True) as store:
        assert store.add(logged("2026-11-23")) == 1


def test_reading_an_empty_file_writes_nothing_to_it(tmp_path):
    path = tmp_path / "myorec.db"
    path.touch()
    with open_store(path, create=False) as store:
        assert store.entries() == []
    assert path.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["myorec.db"]


def test_an_empty_file_beside_a_write_ahead_log_is_refused_and_both_are_left_unchanged(db):
    with open_store(db, create=True) as store:
        store.add(logged("2026-11-23"))
        wal = db.with_name(db.name + "-wal")
        saved = wal.read_bytes()  # the entry is in the WAL until a checkpoint
    wal.write_bytes(saved)
    db.write_bytes(b"")
    for create in (False, True):
        with pytest.raises(StoreError, match="the database file is empty but its write-ahead log"):
            open_store(db, create=create)
    assert (db.read_bytes(), wal.read_bytes()) == (b"", saved)


def test_a_myorec_header_without_its_tables_is_damage(db):
    _log_then_tamper(db, "DROP TABLE entry")
    _unchanged_after_failed_open(db, "damaged myorec database (its entry table is missing)")


def test_a_negative_schema_version_is_damage(db):
    _log_then_tamper(db, "PRAGMA user_version = -1")
    _unchanged_after_failed_open(db, "not a myorec database or damaged (schema version -1)")


def test_a_name_that_looks_like_a_uri_is_just_a_file_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open_store(Path("file:log.db"), create=True) as store:
        store.add(logged("2026-11-23"))
    with open_store(Path("file:log.db"), create=False) as store:
        assert len(store.entries()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file:log.db"]


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path, create=True)


def test_opening_a_version_1_database_migrates_it_and_keeps_its_entries(db):
    db.parent.mkdir()
    connection = sqlite3.connect(db)
    for statement in MIGRATIONS[0]:
        connection.execute(statement)
    connection.execute(
        "INSERT INTO entry (date, kind, minutes, intensity, rpe, name) "
        "VALUES ('2026-11-23', 'aerobic', 30, 'light', NULL, 'walk')"
    )
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()

    with open_store(db, create=False) as store:
        assert [e.session for e in store.entries()] == [logged("2026-11-23", intensity="light", name="walk")]
        store.update_profile({"age": 40})
        counts = store.import_entries([(logged("2026-11-24"), "strava:9")])
        assert counts.new == 1
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    sources = connection.execute("SELECT source_id FROM entry ORDER BY id").fetchall()
    assert sources == [(None,), ("strava:9",)]
    connection.close()


def test_a_log_of_schema_version_5_upgrades_keeping_its_entries_impact_and_profile(db):
    """A log written before heart rates (version 5: impact and the write mark) upgrades in place."""
    db.parent.mkdir()
    connection = sqlite3.connect(db)
    for step in MIGRATIONS[:5]:
        for statement in step:
            connection.execute(statement)
    connection.execute(
        "INSERT INTO entry (date, kind, minutes, intensity, rpe, name, source_id, focus, impact) "
        "VALUES ('2026-11-23', 'aerobic', 30, NULL, NULL, 'Morning Run', 'strava:7', NULL, 1)"
    )
    connection.execute("INSERT INTO profile VALUES ('age', '52')")
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 5")
    connection.commit()
    connection.close()

    with open_store(db, create=False) as store:
        [entry] = store.entries()
        assert entry.session == logged("2026-11-23", name="Morning Run", impact=True)
        assert (entry.session.avg_hr, entry.session.start, entry.session.hr_seconds) == (None, None, None)
        assert store.profile().age == 52
        assert store.remove([entry.id]) == 1
        counts = store.import_entries([(logged("2026-11-23", name="Morning Run"), "strava:7")])
        assert (counts.new, counts.removed) == (0, 1)  # the removal is remembered: version 6's table
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
    connection.close()


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from myorec.core.sessions import Session
    from myorec.store import open_store

    path, tag = Path(sys.argv[1]), sys.argv[2]
    for number in range(100):
        session = Session(kind="aerobic", minutes=number + 1, date="2026-11-23", name=f"{tag}{number}")
        with open_store(path, create=True) as store:
            store.add(session)
    """
)


def test_two_processes_writing_at_once_lose_nothing(db):
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), tag]) for tag in ("a", "b")]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    with open_store(db, create=False) as store:
        names = sorted(entry.session.name or "" for entry in store.entries())
    assert names == sorted(f"{tag}{number}" for tag in ("a", "b") for number in range(100))


EDITOR = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from myorec.store import open_store

    for _ in range(50):
        with open_store(Path(sys.argv[1]), create=False) as store:
            store.update(1, lambda old: old.model_copy(update={"minutes": old.minutes + 1}))
    """
)


def test_two_processes_editing_one_entry_at_once_lose_no_edit(db):
    """Each edit reads and writes in one transaction, so none works from a stale copy."""
    with open_store(db, create=True) as store:
        store.add(logged("2026-11-23", minutes=1))
    editors = [subprocess.Popen([sys.executable, "-c", EDITOR, str(db)]) for _ in range(2)]
    assert [editor.wait(timeout=120) for editor in editors] == [0, 0]
    with open_store(db, create=False) as store:
        assert [entry.session.minutes for entry in store.entries()] == [101]


def test_a_myorec_mark_on_a_file_without_a_schema_is_damage(tmp_path):
    """myorec sets its application id in the transaction that creates its tables, never alone."""
    path = tmp_path / "myorec.db"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.close()
    _unchanged_after_failed_open(
        path, "damaged myorec database (it is marked as one but has schema version 0); it was left unchanged"
    )


def test_a_log_another_process_creates_between_two_looks_is_not_taken_for_an_empty_one(
    db, tmp_path, monkeypatch
):
    """Another process can create the log, and write to its WAL, between our look at the file and at its WAL.

    The file was empty (or missing) at the first look and its WAL full at the
    second, which is also what a log restored without its WAL looks like; a
    writer was refused while another process created the log.
    """
    source = tmp_path / "other" / "myorec.db"
    with open_store(source, create=True) as store:
        store.add(logged("2026-11-23"))
        created = source.read_bytes(), Path(f"{source}-wal").read_bytes()  # the entry is in the WAL
    wal = Path(f"{db}-wal")
    real_stat = Path.stat

    def stat(self, **kwargs):
        if self == wal and not db.exists():
            db.write_bytes(created[0])  # the other process creates the log just now
            wal.write_bytes(created[1])
        return real_stat(self, **kwargs)

    db.parent.mkdir()
    monkeypatch.setattr(Path, "stat", stat)
    with open_store(db, create=True) as store:
        store.add(logged("2026-11-24"))
        assert len(store.entries()) == 2


def test_a_page_read_half_rewritten_by_another_process_s_checkpoint_is_read_again(db, monkeypatch):
    """The check before opening reads the file without a lock, so it can meet a checkpoint mid-page.

    Seen once in a run of five concurrent writers: 'database disk image is
    malformed' for a healthy log. Only a log with a WAL can be checkpointed.
    """
    from myorec.store import log as store_log

    with open_store(db, create=True) as store:
        store.add(logged("2026-11-23"))
    writer = sqlite3.connect(db, isolation_level=None)  # another process, mid-way: its WAL holds pages
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE write_mark SET previous = mark, mark = randomblob(8)")  # as myorec writes
    writer.execute("INSERT INTO profile VALUES ('age', '40')")
    writer.execute("COMMIT")
    real_check = store_log._check
    torn = []

    def check_once_torn(conn, label):
        if not torn:
            torn.append(label)
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real_check(conn, label)

    monkeypatch.setattr(store_log, "_check", check_once_torn)
    try:
        with open_store(db, create=False) as store:
            assert store.profile().age == 40
    finally:
        writer.close()
    torn.clear()  # without a WAL no one can be writing: the same page is damage
    with pytest.raises(StoreError, match="database disk image is malformed"):
        open_store(db, create=False)


@pytest.mark.parametrize(
    "statement", ["DELETE FROM write_mark", "UPDATE write_mark SET mark = 5"], ids=["missing", "not-a-blob"]
)
def test_a_log_without_a_sound_write_mark_is_damage(db, statement):
    """Without its mark a log's WAL can no longer be told from a stranger's (and reading it crashed)."""
    _log_then_tamper(db, "PRAGMA user_version")  # a log, out of WAL mode
    connection = sqlite3.connect(db)
    connection.execute(statement)
    connection.commit()
    connection.close()
    _unchanged_after_failed_open(db, "damaged myorec database (its write mark is missing or damaged)")


def at(clock: str, date: str = "2026-11-16") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{date}T{clock}+01:00")


def test_an_activity_from_another_source_starting_within_five_minutes_is_a_duplicate(db):
    run = logged("2026-11-16", minutes=40, start=at("07:00:00"))
    with open_store(db, create=True) as store:
        store.import_entries([(run, "fit:2026-11-16T06:00:00Z/running")], activities=True)
        strava = logged("2026-11-16", minutes=41, start=at("07:04:59"))
        later = logged("2026-11-16", minutes=41, start=at("07:05:01"))
        counts = store.import_entries([(strava, "strava:1"), (later, "strava:2")], activities=True)
        assert (counts.new, [(d.session, d.entry_id) for d in counts.duplicates]) == (1, [(strava, 1)])
        kept = store.import_entries([(strava, "strava:1")], activities=True, keep_duplicates=True)
        assert kept.new == 1
        assert [e.source_id for e in store.entries()] == [
            "fit:2026-11-16T06:00:00Z/running",
            "strava:2",
            "strava:1",
        ]


def test_without_a_start_an_activity_matches_a_hand_logged_entry_by_day_kind_and_minutes(db):
    with open_store(db, create=True) as store:
        store.add(logged("2026-11-16", minutes=40))
        store.import_entries([(logged("2026-11-17", minutes=40), "strava:7")])
        candidates = [
            (logged("2026-11-16", minutes=50, start=at("07:00:00")), "garmin:a"),  # 25 % more: the same
            (logged("2026-11-16", minutes=51), "garmin:b"),  # more than 25 %: another session
            (logged("2026-11-16", "resistance", 40), "garmin:c"),  # another kind
            (logged("2026-11-17", minutes=40), "garmin:d"),  # the same as an import, not a hand-logged one
        ]
        counts = store.import_entries(candidates, activities=True)
        assert [(d.session.minutes, d.entry_id) for d in counts.duplicates] == [(50, 1)]
        assert counts.new == 3


def test_a_hand_logged_entry_stands_for_one_activity_of_its_day_not_every_one_like_it(db):
    """A 30-minute walk logged by hand hid all three of the day's 30-minute activities (60 minutes lost)."""
    morning = logged("2026-11-16", minutes=30, start=at("08:00:00"))
    copy = logged("2026-11-16", minutes=31, start=at("08:02:00"))  # the same walk, from another app
    evening = logged("2026-11-16", minutes=30, start=at("18:00:00"))
    rowing = logged("2026-11-16", minutes=30, start=at("19:00:00"))
    with open_store(db, create=True) as store:
        store.add(logged("2026-11-16", minutes=30))
        counts = store.import_entries(
            [(morning, "strava:1"), (copy, "apple:1"), (evening, "strava:2"), (rowing, "strava:3")],
            activities=True,
        )
        assert [(d.session, d.entry_id) for d in counts.duplicates] == [(morning, 1), (copy, 1)]
        assert counts.new == 2
        assert [e.source_id for e in store.entries()] == [None, "strava:2", "strava:3"]


def test_a_backup_of_myorecs_own_files_is_never_matched_across_sources(db):
    with open_store(db, create=True) as store:
        store.add(logged("2026-11-16", minutes=40))
        counts = store.import_entries([(logged("2026-11-16", minutes=41), "fit:x")])
        assert (counts.new, counts.duplicates) == (1, ())


def test_a_removed_activity_stays_removed_until_restored(db):
    runs = [(logged("2026-11-16", minutes=30 + n, start=at(f"0{n}:00:00")), f"fit:{n}") for n in range(3)]
    with open_store(db, create=True) as store:
        store.import_entries(runs, activities=True)
        store.add(logged("2026-11-20"))
        assert store.remove([1, 3, 4]) == 3
        again = store.import_entries(runs, activities=True)
        assert (again.new, again.present, again.removed) == (0, 1, 2)
        restored = store.import_entries(runs, activities=True, restore_removed=True)
        assert (restored.new, restored.present, restored.removed, restored.restored) == (2, 1, 0, 2)
        assert sorted(e.source_id for e in store.entries()) == ["fit:0", "fit:1", "fit:2"]
        # Restored, they are ordinary entries again: removing one remembers it afresh.
        store.remove([5])
        assert store.import_entries(runs, activities=True).removed == 1


def test_within_one_file_only_a_second_recording_of_the_same_activity_is_left_out(db):
    """Apple Health holds the watch's run and Strava's copy of it; a multisport file's legs are not copies."""
    watch = logged("2026-11-16", minutes=40, start=at("07:00:00"))
    strava = logged("2026-11-16", minutes=42, start=at("07:01:00"))
    leg = logged("2026-11-16", "resistance", 40, start=at("07:02:00"))
    short = logged("2026-11-16", minutes=5, start=at("07:03:00"))
    with open_store(db, create=True) as store:
        counts = store.import_entries(
            [(watch, "apple:a"), (strava, "apple:b"), (leg, "apple:c"), (short, "apple:d")], activities=True
        )
        assert [(d.session, d.entry_id) for d in counts.duplicates] == [(strava, 1)]
        assert counts.new == 3
