"""The fault-injection suite: logs gone wrong in every way found so far, against every command.

Marked ``faults``: it runs by default and in CI, and ``pytest -m "not faults"``
leaves it out locally. Three parts, each with real files and processes:

- every command against each foreign, newer, truncated, damaged, stray-journal
  and stray-WAL database (generated from real logs, positions from a fixed
  seed): refused with one ``Error:`` line, and every file beside the log byte
  for byte as it was;
- writers of every kind at once on a log none of them has created yet: each
  succeeds, and the log ends with exactly what they wrote;
- an import killed at measured fractions of its own runtime (each kill lands
  while it still runs; a run that ends sooner than measured is the new
  measure): the log is as before or holds the whole file.

test_faults.py holds one regression test per defect; this suite keeps looking.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from myorec.cli import cli
from myorec.store import log as store_log
from myorec.store.log import APPLICATION_ID, SCHEMA_VERSION
from tests.store.builders import (
    ENV,
    killed_after_adding,
    leave_open,
    myorec,
    stray_journal,
    write_rows,
)

pytestmark = pytest.mark.faults

#: Every command that opens the log; {rows} is a CSV to import, {out} a file to export to.
READS = [
    ["log", "list"],
    ["log", "list", "--json"],
    ["log", "export"],
    ["log", "export", "-o", "{out}"],
    ["report", "--week", "2026-W48"],
    ["report", "--week", "2026-W48", "--json"],
    ["explain", "bone", "--week", "2026-W48"],
    ["trend", "--until", "2026-W48"],
    ["profile", "show"],
]
WRITES = [
    ["log", "add", "aerobic", "30", "--date", "2026-11-23"],
    ["log", "import", "{rows}"],
    ["profile", "set", "--age", "40"],
]
#: Writes that change entries already logged: on a log that does not exist yet they find none.
CHANGES = [
    ["log", "edit", "1", "--minutes", "31"],
    ["log", "rm", "1"],
]
SEED = 20261123


def snapshot(folder: Path) -> dict[str, object]:
    """Every file in ``folder`` by name: its bytes, or its kind when it is no plain file (a pipe)."""
    return {
        path.name: path.read_bytes() if path.is_file() else stat.S_IFMT(path.lstat().st_mode)
        for path in sorted(folder.iterdir())
    }


# -- the bad logs ------------------------------------------------------------------


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a real log of 600 sessions, one of them in 2026-W48, its WAL checkpointed."""
    folder = tmp_path_factory.mktemp("healthy")
    db = folder / "log.db"
    myorec(db, "log", "import", str(write_rows(folder / "rows.csv", 600, "row")))
    myorec(db, "log", "add", "resistance", "45", "--date", "2026-11-24", "--name", "gym")
    assert sorted(path.name for path in folder.iterdir()) == ["log.db", "rows.csv"]
    return db.read_bytes()


def _tampered(*statements: str) -> Callable[[Path, bytes], None]:
    """A healthy log changed behind myorec's back, in rollback mode so the file holds it all."""

    def build(db: Path, log: bytes) -> None:
        db.write_bytes(log)
        connection = sqlite3.connect(db)
        connection.execute("PRAGMA journal_mode = DELETE")
        for statement in statements:
            connection.execute(statement)
        connection.commit()
        connection.close()

    return build


def _foreign(db: Path, log: bytes) -> None:
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.execute("INSERT INTO notes VALUES ('mine')")
    connection.commit()
    connection.close()


def _foreign_wal(*statements: str) -> Callable[[Path, bytes], None]:
    return lambda db, log: leave_open(db, *statements)


def _random_bytes(size: int, header: bytes = b"") -> Callable[[Path, bytes], None]:
    def build(db: Path, log: bytes) -> None:
        db.write_bytes(header + random.Random(SEED + size).randbytes(size))

    return build


def _cut(where: Callable[[int], int]) -> Callable[[Path, bytes], None]:
    return lambda db, log: db.write_bytes(log[: where(len(log))])


def _flipped(seed: int) -> Callable[[Path, bytes], None]:
    """Bytes flipped in the cell pointers of a leaf of the entry table, where SQLite's own check looks."""

    def build(db: Path, log: bytes) -> None:
        pages = [
            number
            for number in range(2, len(log) // 4096 + 1)
            if log[(number - 1) * 4096] == 13
            and int.from_bytes(log[(number - 1) * 4096 + 3 : (number - 1) * 4096 + 5], "big") > 20
        ]
        generator = random.Random(SEED + seed)
        page = generator.choice(pages)
        start = (page - 1) * 4096 + 8 + 2 * generator.randrange(10)
        damaged = bytearray(log)
        damaged[start : start + 4] = bytes(byte ^ 0xA5 for byte in damaged[start : start + 4])
        db.write_bytes(bytes(damaged))

    return build


def _stray_journal(db: Path, log: bytes) -> None:
    db.write_bytes(log)
    stray_journal(db, db.parent.parent)


def _journal_beside_empty(db: Path, log: bytes) -> None:
    db.write_bytes(b"")
    stray_journal(db, db.parent.parent)


def _restored_backup(db: Path, log: bytes) -> None:
    """log.db copied back from a backup while the live log's WAL stays beside it."""
    db.write_bytes(log)
    myorec(db, "log", "add", "aerobic", "20", "--date", "2026-11-25", "--name", "after the backup")
    killed_after_adding(db, 5)
    db.write_bytes(log)


def _another_logs_wal(db: Path, log: bytes) -> None:
    db.write_bytes(log)
    other = db.parent.parent / "other" / "log.db"
    killed_after_adding(other, 5)
    Path(f"{db}-wal").write_bytes(Path(f"{other}-wal").read_bytes())


def _unmarked_wal(db: Path, log: bytes) -> None:
    """Another program wrote to the log and was killed: its WAL carries no write marks."""
    db.write_bytes(log)
    leave_open(db, "INSERT INTO profile VALUES ('age', '33')")


def _empty_beside_wal(db: Path, log: bytes) -> None:
    db.write_bytes(log)
    killed_after_adding(db, 3)
    db.write_bytes(b"")


def _pipe(db: Path, log: bytes) -> None:
    os.mkfifo(db)


class BadLog(NamedTuple):
    name: str
    build: Callable[[Path, bytes], None]
    #: What reads do: refuse; "either" for damage inside a sound file, which SQLite's own check
    #: sees (only writes are refused, and reads meeting the damage); "empty" for an empty file,
    #: read as an empty log without opening it.
    reads: str = "refused"


BAD_LOGS = [
    BadLog("another-programs", _foreign),
    BadLog(
        "another-programs-wal",
        _foreign_wal(
            "CREATE TABLE notes (body TEXT)", "PRAGMA journal_mode = WAL", "INSERT INTO notes VALUES (1)"
        ),
    ),
    BadLog(
        "another-programs-tables-only-in-its-wal",
        _foreign_wal("PRAGMA journal_mode = WAL", "CREATE TABLE notes (body TEXT)"),
    ),
    BadLog("newer", _tampered(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")),
    BadLog("negative-version", _tampered("PRAGMA user_version = -3")),
    BadLog(
        "mark-without-schema",
        _tampered(
            "DROP TABLE entry", "DROP TABLE profile", "DROP TABLE write_mark", "PRAGMA user_version = 0"
        ),
    ),
    BadLog("missing-table", _tampered("DROP TABLE entry")),
    BadLog("foreign-id-on-a-log", _tampered(f"PRAGMA application_id = {APPLICATION_ID + 1}")),
    BadLog("random-small", _random_bytes(100)),
    BadLog("random-pages", _random_bytes(3 * 4096)),
    BadLog("sqlite-header-random-tail", _random_bytes(4096 - 16, b"SQLite format 3\0")),
    BadLog("cut-to-one-page", _cut(lambda size: 4096)),
    BadLog("cut-at-half", _cut(lambda size: size // 2 // 4096 * 4096)),
    BadLog("cut-mid-page", _cut(lambda size: size - 1000)),
    BadLog("cut-by-one-byte", _cut(lambda size: size - 1)),
    *(BadLog(f"flipped-{seed}", _flipped(seed), reads="either") for seed in range(4)),
    BadLog("stray-hot-journal", _stray_journal),
    BadLog("stray-journal-beside-an-empty-file", _journal_beside_empty, reads="empty"),
    BadLog("restored-from-backup-beside-the-wal", _restored_backup),
    BadLog("another-logs-wal", _another_logs_wal),
    BadLog("wal-another-program-wrote", _unmarked_wal),
    BadLog("empty-beside-its-wal", _empty_beside_wal),
    BadLog("named-pipe", _pipe),
]


@pytest.fixture(autouse=True)
def _stale_files_need_no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """The journals and WALs here are stale: no writer will finish them, so the opens need not wait."""
    monkeypatch.setattr(store_log, "JOURNAL_WAIT_S", 0.0)
    monkeypatch.setattr(store_log, "_WAL_RETRIES", ())


@pytest.mark.parametrize("bad", BAD_LOGS, ids=[bad.name for bad in BAD_LOGS])
def test_every_command_refuses_a_bad_log_and_leaves_every_file_byte_for_byte(runner, tmp_path, healthy, bad):
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "log.db"
    bad.build(db, healthy)
    if bad.reads == "either":
        connection = sqlite3.connect(f"{db.as_uri()}?immutable=1", uri=True)
        try:
            seen = connection.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            seen = str(exc)
        connection.close()
        assert seen != "ok", "the damage must be one SQLite's own check sees"
    before = snapshot(folder)
    rows = write_rows(tmp_path / "rows.csv", 3, "more")
    out = tmp_path / "out.csv"
    for args in [*READS, *WRITES, *CHANGES]:
        argv = [arg.format(rows=rows, out=out) for arg in args]
        result = runner.invoke(cli, ["--db", str(db), *argv])
        if args in READS and bad.reads != "refused":
            assert result.exit_code in ((0,) if bad.reads == "empty" else (0, 1)), (argv, result.output)
        else:
            assert (result.exit_code, result.stdout) == (1, ""), (argv, result.output)
            assert not out.exists(), argv
        if result.exit_code:
            # An empty file is no log yet: there is no entry to change, and nothing was opened.
            named = f"Error: {db}: " if not (bad.reads == "empty" and args in CHANGES) else "Error: no entry"
            assert result.stderr.startswith(named), (argv, result.stderr)
            assert len(result.stderr.splitlines()) == 1, (argv, result.stderr)
        if bad.reads == "either" and args not in READS:
            assert "damaged myorec database (" in result.stderr, (argv, result.stderr)
        assert snapshot(folder) == before, argv
        out.unlink(missing_ok=True)


# -- writers of every kind at once -------------------------------------------------

WORKER = textwrap.dedent(
    """
    import json, sys
    from myorec.cli import cli
    from myorec.errors import NotFoundError

    db, role, tag, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

    def run(*args):
        cli.main(["--db", db, *args], prog_name="myorec", standalone_mode=False)

    if role == "import":
        run("log", "import", sys.argv[5])
    done = 0
    while role in ("add", "edit", "read") and done < count:
        if role == "add":
            run("log", "add", "aerobic", str(done + 1), "--date", "2026-11-23", "--name", f"{tag} {done}")
        elif role == "read":
            run("report", "--week", "2026-W48", "--json")
            run("log", "list", "--week", "2026-W48", "--json")
        else:
            field = ["--name", f"{tag} {done}"] if tag == "namer" else ["--minutes", str(done + 1)]
            try:
                run("log", "edit", "1", *field)
            except NotFoundError:
                continue  # nobody has logged entry 1 yet
        done += 1
    """
)


def test_importers_loggers_editors_and_readers_at_once_leave_exactly_what_they_wrote(tmp_path):
    """The mix of the adversarial run, on a log none of them has created yet: each creates or opens it."""
    db = tmp_path / "fresh" / "log.db"
    files = [write_rows(tmp_path / f"import-{n}.csv", 400, f"import {n}") for n in range(4)]
    roles = [
        *(["import", f"importer {n}", "1", str(file)] for n, file in enumerate(files)),
        *(["add", f"logger {n}", "15"] for n in range(3)),
        ["edit", "namer", "15"],
        ["edit", "timer", "15"],
        ["read", "reader", "15"],
    ]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db), *role],
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in roles
    ]
    errors = [process.communicate(timeout=300)[1] for process in processes]
    assert [process.returncode for process in processes] == [0] * len(roles), errors
    logged = json.loads(myorec(db, "log", "list", "--json").stdout)
    expected = [f"import {n} {i}" for n in range(4) for i in range(400)]
    expected += [f"logger {n} {i}" for n in range(3) for i in range(15)]
    first = next(entry for entry in logged if entry["id"] == 1)
    assert first["name"] == "namer 14"  # both editors' last edits, neither lost
    assert first["minutes"] == 15
    assert len(logged) == len(expected)
    others = sorted(entry["name"] for entry in logged if entry["id"] != 1)
    assert len(set(others)) == len(others)
    assert set(others) < set(expected)  # entry 1 was renamed; every other entry is one of ours, once
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()


# -- an import killed at measured points of its runtime ----------------------------

FRACTIONS = (0.1, 0.3, 0.5, 0.7)


def test_an_import_killed_anywhere_in_its_runtime_leaves_the_log_as_before_or_whole(
    runner, tmp_path, healthy
):
    rows = write_rows(tmp_path / "big.csv", 30_000, "big")

    def run_import(db: Path) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "myorec", "--db", str(db), "log", "import", str(rows)]
        return subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def exported(db: Path) -> str:
        result = runner.invoke(cli, ["--db", str(db), "log", "export"])
        assert result.exit_code == 0, result.output
        return result.stdout

    def fresh(name: str) -> Path:
        db = tmp_path / name / "log.db"
        db.parent.mkdir()
        db.write_bytes(healthy)
        return db

    measured = fresh("measured")
    before = exported(measured)
    began = time.monotonic()
    assert run_import(measured).wait(timeout=300) == 0
    runtime = time.monotonic() - began
    whole = exported(measured)
    assert whole.count("\n") == before.count("\n") + 30_000

    for fraction in FRACTIONS:
        for attempt in range(3):
            db = fresh(f"killed-at-{fraction}-{attempt}")
            began = time.monotonic()
            process = run_import(db)
            time.sleep(runtime * fraction)
            if process.poll() is None:
                break
            # A shared machine ran this import faster than the measured one: measure again, by it.
            runtime = time.monotonic() - began
        assert process.poll() is None, f"the import had already ended at {fraction:.0%} of {runtime:.2f} s"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=60) == -signal.SIGKILL
        after = exported(db)
        assert after in (before, whole), f"killed at {fraction:.0%}: neither the log as before nor whole"
        connection = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.close()
        added = runner.invoke(cli, ["--db", str(db), "log", "add", "aerobic", "30", "--date", "2026-11-24"])
        assert added.exit_code == 0, added.output  # the log takes writes again
        assert exported(db).count("\n") == after.count("\n") + 1
