"""Real faults on real files, one test per defect found: killed imports, stray journals and WALs,
damaged, foreign, read-only and full-disk databases, output that fails.

These tests run myorec in separate processes where the fault needs one (a
SIGKILL, a killed writer's WAL, permissions that apply even to root, a full
or read-only mount); the rest goes through the CLI in-process. The suite
that keeps looking is test_fault_injection.py (marker ``faults``); the files
and processes both build are in builders.py.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from myorec.cli import cli, error_message
from tests.store.builders import (
    ENV,
    export,
    files_beside,
    killed_after_adding,
    leave_open,
    myorec,
    names,
    stray_journal,
    write_rows,
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "log.db"


# -- a killed import ---------------------------------------------------------------


def kill_when_wal_reaches(process: subprocess.Popen[bytes], wal: Path, size: int) -> bool:
    """SIGKILL the import once its write-ahead log holds ``size`` bytes; False if it finished first."""
    while process.poll() is None:
        if wal.exists() and wal.stat().st_size >= size:
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.001)
    return False


@pytest.mark.parametrize("wal_bytes", [1, 1 << 20, 2 << 20], ids=["first-write", "1MiB-in", "2MiB-in"])
def test_an_import_killed_part_way_leaves_the_log_as_before_or_complete(db, tmp_path, wal_bytes):
    myorec(db, "log", "add", "resistance", "45", "--date", "2026-11-23", "--name", "kept")
    before = export(db)
    big = write_rows(tmp_path / "big.csv", 40_000, "row")
    command = [sys.executable, "-m", "myorec", "--db", str(db), "log", "import", str(big)]
    with subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        killed = kill_when_wal_reaches(process, db.with_name(db.name + "-wal"), wal_bytes)
    assert killed, "the import finished before it could be killed; make the file larger"
    assert process.returncode == -signal.SIGKILL

    after = export(db)
    assert after == before or (after.count("\n") == before.count("\n") + 40_000 and "kept" in after)
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    myorec(db, "log", "add", "aerobic", "30", "--date", "2026-11-24")
    assert export(db).count("\n") == after.count("\n") + 1


# -- damaged files -----------------------------------------------------------------

COMMANDS = [
    ["log", "list"],
    ["log", "add", "aerobic", "30", "--date", "2026-11-23"],
    ["log", "export"],
    ["report", "--week", "2026-W48"],
    ["profile", "set", "--age", "40"],
]


def assert_refused_and_unchanged(runner, db: Path, content: bytes) -> None:
    for args in COMMANDS:
        result = runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 1, (args, result.output)
        assert result.stdout == ""
        assert result.stderr.startswith(f"Error: {db}: "), result.stderr
        assert len(result.stderr.splitlines()) == 1
        assert db.read_bytes() == content, args
    assert sorted(path.name for path in db.parent.iterdir()) == [db.name]


@pytest.fixture
def full_db(tmp_path: Path) -> bytes:
    """The bytes of a real log holding 2000 sessions, with its write-ahead log checkpointed."""
    source = tmp_path / "source" / "log.db"
    myorec(source, "log", "import", str(write_rows(tmp_path / "rows.csv", 2000, "row")))
    assert sorted(path.name for path in source.parent.iterdir()) == ["log.db"]
    return source.read_bytes()


@pytest.mark.parametrize("cut", ["one-page", "half", "mid-page", "one-byte"])
def test_a_truncated_database_is_refused_and_left_byte_for_byte_unchanged(runner, db, full_db, cut):
    page = 4096
    keep = {
        "one-page": page,
        "half": len(full_db) // 2 // page * page,
        "mid-page": len(full_db) - 100,
        "one-byte": len(full_db) - 1,
    }[cut]
    db.parent.mkdir()
    db.write_bytes(full_db[:keep])
    assert_refused_and_unchanged(runner, db, full_db[:keep])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.binary(min_size=1, max_size=5000),
        st.binary(min_size=1, max_size=5000).map(lambda tail: b"SQLite format 3\x00" + tail),
    )
)
def test_random_bytes_are_refused_and_left_unchanged(runner, tmp_path, content):
    db = tmp_path / "random" / "log.db"
    db.parent.mkdir(exist_ok=True)
    for leftover in db.parent.iterdir():
        leftover.unlink()
    db.write_bytes(content)
    assert_refused_and_unchanged(runner, db, content)


# -- read-only files and folders ---------------------------------------------------


@pytest.fixture(scope="module")
def as_user() -> list[str]:
    """A command prefix under which file permissions apply.

    Root ignores them, so as root the command drops the capabilities that
    override permissions (and the test is skipped where that is not allowed).
    """
    if os.geteuid() != 0:
        return []
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]
    try:
        subprocess.run([*prefix, "true"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("running as root, and setpriv cannot drop the capabilities that ignore permissions")
    return prefix


def as_user_myorec(prefix: list[str], db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [*prefix, sys.executable, "-m", "myorec", "--db", str(db), *args]
    return subprocess.run(command, env=ENV, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("locked", ["file", "folder"])
def test_a_read_only_log_still_reports_and_refuses_writes_clearly(as_user, db, locked):
    myorec(db, "log", "add", "resistance", "45", "--date", "2026-11-23", "--name", "gym")
    content = db.read_bytes()
    target = db if locked == "file" else db.parent
    mode = target.stat().st_mode
    target.chmod(0o444 if locked == "file" else 0o555)
    try:
        report = as_user_myorec(as_user, db, "report", "--week", "2026-W48", "--json")
        listed = as_user_myorec(as_user, db, "log", "list", "--json")
        add = as_user_myorec(as_user, db, "log", "add", "aerobic", "30", "--date", "2026-11-24")
        age = as_user_myorec(as_user, db, "profile", "set", "--age", "40")
        new = as_user_myorec(as_user, db.with_name("new.db"), "log", "add", "aerobic", "30")
    finally:
        target.chmod(mode)
    assert db.read_bytes() == content
    # Reading left no -wal/-shm behind with the locked file's mode, which would refuse writes from now on.
    again = as_user_myorec(as_user, db, "log", "add", "aerobic", "30", "--date", "2026-11-24")
    assert (again.returncode, again.stderr) == (0, "")
    assert (report.returncode, report.stderr) == (0, "")
    assert json.loads(report.stdout)["metrics"]["resistance_days"] == 1
    assert [entry["name"] for entry in json.loads(listed.stdout)] == ["gym"]
    read_only = (
        f"Error: {db}: is read-only: myorec cannot write to it or to its folder (check their permissions)\n"
    )
    assert (add.returncode, add.stdout, add.stderr) == (1, "", read_only)
    assert (age.returncode, age.stderr) == (1, read_only)
    if locked == "folder":
        assert (
            new.stderr
            == f"Error: {db.with_name('new.db')}: cannot create the database: its folder is read-only\n"
        )
    assert len(json.loads(myorec(db, "log", "list", "--json").stdout)) == 2


def test_export_over_a_file_the_user_may_not_write_is_refused(as_user, db, tmp_path):
    myorec(db, "log", "add", "aerobic", "30", "--date", "2026-11-23")
    keep = tmp_path / "keep.csv"
    keep.write_text("mine\n", encoding="utf-8")
    keep.chmod(0o444)
    result = as_user_myorec(as_user, db, "log", "export", "-o", str(keep))
    assert (result.returncode, result.stderr) == (
        1,
        f"Error: {keep}: is read-only; export to another file or make it writable\n",
    )
    assert keep.read_text(encoding="utf-8") == "mine\n"


# -- where the database may not be -------------------------------------------------


def test_db_in_a_folder_that_does_not_exist_is_created_on_the_first_write(runner, tmp_path):
    db = tmp_path / "new" / "deeper" / "log.db"
    result = runner.invoke(cli, ["--db", str(db), "report", "--week", "2026-W48", "--json"])
    assert result.exit_code == 0
    assert not (tmp_path / "new").exists()
    result = runner.invoke(cli, ["--db", str(db), "log", "add", "aerobic", "30", "--date", "2026-11-23"])
    assert result.exit_code == 0
    assert result.stdout == "1\n"
    assert db.is_file()


def test_db_below_a_file_is_a_clear_error(runner, tmp_path):
    (tmp_path / "plain").write_text("not a folder", encoding="utf-8")
    db = tmp_path / "plain" / "log.db"
    result = runner.invoke(cli, ["--db", str(db), "log", "add", "aerobic", "30"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {db}: cannot create the folder: {tmp_path / 'plain'} is a file\n"
    assert (tmp_path / "plain").read_text(encoding="utf-8") == "not a folder"


# -- faults no check foresees ------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs the /dev/full device")
@pytest.mark.parametrize("args", [["report", "--demo"], ["--help"]])
def test_output_to_a_full_disk_is_one_line(args):
    with open("/dev/full", "w", encoding="utf-8") as full:
        command = [sys.executable, "-m", "myorec", *args]
        result = subprocess.run(command, env=ENV, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (
        1,
        "Error: cannot write the output: No space left on device\n",
    )


def test_a_name_too_long_for_the_file_system_is_one_line(runner, tmp_path):
    db = tmp_path / ("x" * 300 + ".db")
    result = runner.invoke(cli, ["--db", str(db), "log", "add", "aerobic", "30"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: '{str(tmp_path)[:20]}")
    assert result.stderr.endswith("…': File name too long\n")
    assert len(result.stderr.splitlines()) == 1


def test_text_that_is_not_utf8_is_one_line_and_logs_nothing(runner, db):
    """A shell passes bytes that are not UTF-8 through as surrogates, which SQLite cannot store."""
    add = ["log", "add", "aerobic", "30", "--date", "2026-11-23"]
    result = runner.invoke(cli, ["--db", str(db), *add, "--name", "a\udcffb"])
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: name: must be text that UTF-8 can hold (got 'a\\udcffb')\n",
    )
    assert runner.invoke(cli, ["--db", str(db), "log", "list", "--json"]).stdout == "[]\n"
    # A log whose file name is not UTF-8 is still a file like any other.
    other = db.with_name("log-\udcff.db")
    assert runner.invoke(cli, ["--db", str(other), *add]).stdout == "1\n"


def test_an_encoding_error_no_check_foresaw_is_still_one_line():
    error = UnicodeEncodeError("utf-8", "a\udcffb", 1, 2, "surrogates not allowed")
    assert error_message(error) == "an argument or file name is not valid UTF-8 text"


def test_output_an_encoding_cannot_hold_shows_ascii_stand_ins_instead_of_failing(db):
    myorec(db, "log", "add", "aerobic", "30", "--date", "2026-11-23", "--name", "run \U0001f600")
    env = {**ENV, "PYTHONIOENCODING": "latin-1"}
    for args in (["log", "list"], ["report", "--week", "2026-W48"], ["rules", "list"]):
        command = [sys.executable, "-m", "myorec", "--db", str(db), *args]
        result = subprocess.run(command, env=env, capture_output=True, timeout=60)
        assert (result.returncode, result.stderr) == (0, b""), args
        result.stdout.decode("ascii")  # latin-1 has no ≥, █ or box lines: every one became ASCII
    assert (
        b"run ?"
        in subprocess.run(
            [sys.executable, "-m", "myorec", "--db", str(db), "log", "list"], env=env, capture_output=True
        ).stdout
    )


def test_a_routine_from_standard_input_when_it_is_closed_is_one_line():
    command = [sys.executable, "-m", "myorec", "report", "--routine", "-"]
    result = subprocess.run(
        command, env=ENV, capture_output=True, text=True, timeout=60, preexec_fn=lambda: os.close(0)
    )
    assert (result.returncode, result.stderr) == (
        1,
        "Error: <stdin>: standard input is closed; give the routine file's name instead\n",
    )


# -- paths that are not plain files ------------------------------------------------


@pytest.mark.parametrize("command", [["log", "add", "aerobic", "30"], ["log", "list"], ["report", "--json"]])
def test_a_device_or_pipe_is_refused_before_sqlite_opens_it(runner, tmp_path, command):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for target, kind in ((pipe, "named pipe"), (Path(os.devnull), "device")):
        journal_before = Path(f"{target}-journal").exists()
        result = runner.invoke(cli, ["--db", str(target), *command])
        assert (result.exit_code, result.stdout) == (1, ""), result.output
        assert result.stderr == (
            f"Error: {target}: is a {kind}, not a database file; --db and MYOREC_DB name a database file\n"
        )
        assert Path(f"{target}-journal").exists() == journal_before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pipe"]


@pytest.fixture
def read_only_view(tmp_path: Path):
    """(a folder, the same folder through a read-only bind mount), as root where mounting is allowed."""
    folder, view = tmp_path / "folder", tmp_path / "view"
    folder.mkdir()
    view.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(folder), str(view)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot make a bind mount here (needs root): {mounted.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True, capture_output=True)
        yield folder, view
    finally:
        subprocess.run(["umount", str(view)], check=True)


def test_a_log_on_a_read_only_file_system_still_reports_and_refuses_writes_clearly(read_only_view):
    folder, view = read_only_view
    myorec(folder / "log.db", "log", "add", "resistance", "45", "--date", "2026-11-23", "--name", "gym")
    content = (folder / "log.db").read_bytes()
    db = view / "log.db"
    report = myorec(db, "report", "--week", "2026-W48", "--json", check=False)
    listed = myorec(db, "log", "list", "--json", check=False)
    add = myorec(db, "log", "add", "aerobic", "30", "--date", "2026-11-24", check=False)
    assert (report.returncode, report.stderr) == (0, "")
    assert json.loads(report.stdout)["metrics"]["resistance_days"] == 1
    assert (listed.returncode, [entry["name"] for entry in json.loads(listed.stdout)]) == (0, ["gym"])
    assert (add.returncode, add.stderr) == (
        1,
        f"Error: {db}: is read-only: myorec cannot write to it or to its folder (check their permissions)\n",
    )
    assert sorted(path.name for path in folder.iterdir()) == ["log.db"]
    assert (folder / "log.db").read_bytes() == content


# -- another program's database in WAL mode ---------------------------------------


@pytest.mark.parametrize(
    "statements",
    [
        ("PRAGMA journal_mode = WAL", "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('mine')"),
        ("CREATE TABLE notes (body TEXT)", "PRAGMA journal_mode = WAL", "INSERT INTO notes VALUES ('mine')"),
    ],
    ids=["tables-only-in-the-wal", "rows-in-the-wal"],
)
def test_another_programs_database_with_its_own_wal_is_left_byte_for_byte(runner, db, statements):
    db.parent.mkdir()
    leave_open(db, *statements)
    before = files_beside(db)
    assert before[f"{db.name}-wal"]
    for args in COMMANDS:
        result = runner.invoke(cli, ["--db", str(db), *args])
        assert (result.exit_code, result.stdout) == (1, ""), (args, result.output)
        assert result.stderr.startswith(f"Error: {db}: not a myorec database (it belongs to another program)")
        assert files_beside(db) == before, args


# -- a rollback journal beside the log ---------------------------------------------


def test_a_stray_hot_journal_beside_the_log_is_refused_and_both_are_left_byte_for_byte(
    runner, db, tmp_path, monkeypatch
):
    from myorec.store import log as store_log

    myorec(db, "log", "add", "aerobic", "30", "--date", "2026-11-23")
    stray_journal(db, tmp_path)
    before = files_beside(db)
    monkeypatch.setattr(store_log, "JOURNAL_WAIT_S", 0.05)  # it is stale: no need to wait for it
    for args in COMMANDS:
        result = runner.invoke(cli, ["--db", str(db), *args])
        assert (result.exit_code, result.stdout) == (1, ""), (args, result.output)
        assert result.stderr == (
            f"Error: {db}: a rollback journal ({db.name}-journal) is beside it, left by a program that "
            "stopped part-way through a change; it may belong to another file, and SQLite would copy its "
            "pages into this one, so both were left unchanged. Move it away to use the log as it is "
            "(myorec never leaves one)\n"
        )
        assert files_beside(db) == before, args


def test_a_journal_another_process_is_writing_is_waited_for_not_refused(db):
    """A rollback journal is hot only once its writer is gone: while one writes, the open waits."""
    myorec(db, "log", "add", "aerobic", "30", "--date", "2026-11-23")
    writer = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    writer.execute("PRAGMA journal_mode = DELETE")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE entry SET minutes = 31")
    assert Path(f"{db}-journal").exists()
    release = threading.Timer(0.3, writer.execute, ("COMMIT",))
    release.start()
    try:
        listed = myorec(db, "log", "list", "--json")
    finally:
        release.join()
        writer.close()
    assert [entry["minutes"] for entry in json.loads(listed.stdout)] == [31]


def test_a_stray_journal_beside_a_log_yet_to_be_created_is_kept(runner, db, tmp_path, monkeypatch):
    """Creating the log would delete the journal, as one of an empty file; reading uses no file at all."""
    from myorec.store import log as store_log

    db.parent.mkdir()
    journal = stray_journal(db, tmp_path)
    monkeypatch.setattr(store_log, "JOURNAL_WAIT_S", 0.05)
    added = runner.invoke(cli, ["--db", str(db), "log", "add", "aerobic", "30"])
    assert added.exit_code == 1
    assert "a rollback journal (log.db-journal) is beside it" in added.stderr
    assert runner.invoke(cli, ["--db", str(db), "log", "list", "--json"]).stdout == "[]\n"
    assert files_beside(db) == {"log.db-journal": journal}


# -- a write-ahead log beside the log that is not its own --------------------------


def test_a_log_killed_after_committing_keeps_what_its_own_wal_holds(db):
    myorec(db, "log", "add", "aerobic", "30", "--date", "2026-11-22", "--name", "early")
    killed_after_adding(db, 30)
    assert names(db) == ["early", *(f"late {number}" for number in range(30))]
    assert sorted(path.name for path in db.parent.iterdir()) == ["log.db"]


def assert_every_command_refuses_the_wal(runner, db: Path) -> None:
    before = files_beside(db)
    for args in COMMANDS:
        result = runner.invoke(cli, ["--db", str(db), *args])
        assert (result.exit_code, result.stdout) == (1, ""), (args, result.output)
        assert result.stderr.startswith(
            f"Error: {db}: its write-ahead log ({db.name}-wal) is not its own: it was left beside it by "
            "another copy of the database"
        ), result.stderr
        assert len(result.stderr.splitlines()) == 1
        assert files_beside(db) == before, args


def test_a_log_restored_from_a_backup_beside_the_old_wal_is_refused_byte_for_byte(runner, db, tmp_path):
    """Copying log.db back from a backup leaves the live log's myorec.db-wal beside an older file."""
    myorec(db, "log", "import", str(write_rows(tmp_path / "rows.csv", 300, "old")))
    backup = db.read_bytes()
    myorec(db, "log", "import", str(write_rows(tmp_path / "more.csv", 300, "new")))
    killed_after_adding(db, 20)
    db.write_bytes(backup)  # the restore: the WAL of the newer state stays
    assert_every_command_refuses_the_wal(runner, db)
    Path(f"{db}-wal").unlink()
    Path(f"{db}-shm").unlink()
    assert len(names(db)) == 300  # the backup itself is whole


def test_another_logs_wal_beside_the_log_is_refused_byte_for_byte(runner, db, tmp_path):
    other = tmp_path / "other" / "log.db"
    myorec(db, "log", "add", "aerobic", "30", "--date", "2026-11-23", "--name", "mine")
    myorec(other, "log", "add", "aerobic", "30", "--date", "2026-11-23", "--name", "theirs")
    killed_after_adding(other, 20)
    Path(f"{db}-wal").write_bytes(Path(f"{other}-wal").read_bytes())
    assert_every_command_refuses_the_wal(runner, db)


# -- a damaged page inside the log -------------------------------------------------

WRITES = [
    ["log", "add", "aerobic", "30", "--date", "2026-11-23"],
    ["profile", "set", "--age", "40"],
    ["log", "edit", "1", "--minutes", "31"],
    ["log", "rm", "2"],
]


def entry_leaf(data: bytes, tmp_path: Path) -> int:
    """The number of a leaf page of the entry table in a log's bytes (where it lies follows the schema)."""
    copy = tmp_path / "leaf-finder.db"
    copy.write_bytes(data)
    connection = sqlite3.connect(copy)
    try:
        pages = connection.execute("SELECT pageno FROM dbstat WHERE name = 'entry' AND pagetype = 'leaf'")
        leaves = sorted(page for (page,) in pages)
    finally:
        connection.close()
        copy.unlink()
    return leaves[len(leaves) // 2]


@pytest.mark.parametrize(
    ("offset", "length"), [(3000, 64), (8, 32)], ids=["cells-run-off-the-page", "cell-pointers"]
)
def test_a_log_with_a_damaged_table_page_is_refused_for_writing_and_left_unchanged(
    runner, db, full_db, tmp_path, offset, length
):
    """Bytes flipped inside a leaf of the entry table: SQLite writes on, into the other pages."""
    damaged = bytearray(full_db)
    start = 4096 * (entry_leaf(full_db, tmp_path) - 1) + offset
    damaged[start : start + length] = bytes(byte ^ 0xFF for byte in damaged[start : start + length])
    db.parent.mkdir()
    db.write_bytes(bytes(damaged))
    rows = write_rows(tmp_path / "more.csv", 3, "more")
    for args in [*WRITES, ["log", "import", str(rows)]]:
        result = runner.invoke(cli, ["--db", str(db), *args])
        assert (result.exit_code, result.stdout) == (1, ""), (args, result.output)
        assert result.stderr.startswith(f"Error: {db}: damaged myorec database ("), result.stderr
        assert result.stderr.endswith(
            "); it was left unchanged. Give another file with --db or MYOREC_DB\n"
        ), result.stderr
        assert len(result.stderr.splitlines()) == 1
        assert db.read_bytes() == damaged, args
    assert sorted(path.name for path in db.parent.iterdir()) == [db.name]


# -- output that fails after the log has changed -----------------------------------


def test_an_import_whose_file_name_is_not_utf8_succeeds_under_a_strict_utf8_output(db, tmp_path):
    """The rows were committed, then printing the name failed: the user was told the import failed."""
    rows = write_rows(tmp_path / "rows-\udcff.csv", 3, "row")
    command = [sys.executable, "-m", "myorec", "--db", str(db), "log", "import", str(rows)]
    env = {**ENV, "PYTHONIOENCODING": "utf-8:strict"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"Imported {tmp_path}/rows-?.csv: 3 new, 0 already present.\n"
    assert len(names(db)) == 3


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs the /dev/full device")
@pytest.mark.parametrize(
    ("args", "done", "count"),
    [
        (["log", "add", "aerobic", "30"], "the session was logged as entry 1", 1),
        (["log", "import", "ROWS"], "the import itself succeeded: 3 new, 0 already present", 3),
    ],
    ids=["add", "import"],
)
def test_output_that_fails_after_the_log_changed_says_the_change_was_made(db, tmp_path, args, done, count):
    rows = write_rows(tmp_path / "rows.csv", 3, "row")
    command = [
        sys.executable,
        "-m",
        "myorec",
        "--db",
        str(db),
        *(str(rows) if a == "ROWS" else a for a in args),
    ]
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = subprocess.run(command, env=ENV, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (
        1,
        f"Error: cannot write the output: No space left on device ({done})\n",
    )
    assert len(names(db)) == count


# -- output to a closed or full standard output ------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_an_export_to_a_closed_standard_output_is_one_line(db, file_format):
    """A shell's '>&-': Python then has no sys.stdout at all, and the writers got None."""
    myorec(db, "log", "add", "aerobic", "30", "--date", "2026-11-23")
    command = [sys.executable, "-m", "myorec", "--db", str(db), "log", "export", "--format", file_format]
    result = subprocess.run(
        command, env=ENV, capture_output=True, text=True, timeout=60, preexec_fn=lambda: os.close(1)
    )
    assert (result.returncode, result.stderr) == (
        1,
        "Error: standard output is closed; give -o FILE to write the export to a file\n",
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs the /dev/full device")
@pytest.mark.parametrize("args", [["log", "export"], ["log", "export", "--format", "json"]])
def test_an_export_whose_output_fails_only_when_flushed_at_exit_is_one_line(db, args):
    """Block-buffered output (no PYTHONUNBUFFERED) small enough to be written only as Python exits.

    Python reports a failed flush at exit as status 120, after any handler of ours.
    """
    myorec(db, "log", "add", "aerobic", "30", "--date", "2026-11-23")
    env = {key: value for key, value in ENV.items() if key != "PYTHONUNBUFFERED"}
    with open("/dev/full", "w", encoding="utf-8") as full:
        command = [sys.executable, "-m", "myorec", "--db", str(db), *args]
        result = subprocess.run(command, env=env, stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert (result.returncode, result.stderr) == (
        1,
        "Error: cannot write the output: No space left on device\n",
    )


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 512 KiB tmpfs, as root where mounting is allowed: a disk that fills up."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` up to ``leave`` bytes of free space (tmpfs counts whole pages)."""
    filler = disk / "filler"
    filler.unlink(missing_ok=True)
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    filler.write_bytes(b"\0" * max(0, free - leave))


@pytest.mark.parametrize("leave", [8 << 10, 64 << 10, 160 << 10, 256 << 10])
def test_an_import_onto_a_full_disk_is_all_or_nothing_with_one_error_line(small_disk, tmp_path, leave):
    db = small_disk / "log.db"
    myorec(db, "log", "add", "aerobic", "30", "--date", "2026-11-23", "--name", "kept")
    before = export(db)
    rows = write_rows(tmp_path / "rows.csv", 3000, "row")
    fill(small_disk, leave)
    result = myorec(db, "log", "import", str(rows), check=False)
    (small_disk / "filler").unlink()
    after = export(db)
    if result.returncode == 0:
        assert after.count("\n") == before.count("\n") + 3000
    else:
        # Full as the import writes, or already as its -shm (32 KiB) is made when the log is opened.
        assert result.returncode == 1
        assert result.stderr in (
            f"Error: {db}: the disk is full; nothing was changed\n",
            f"Error: {db}: cannot open the database: disk I/O error\n",
        ), result.stderr
        assert after == before
