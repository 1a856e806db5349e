"""Real files and processes for the fault tests: myorec run as a user runs it, and logs gone wrong.

Shared by test_faults.py (one test per defect) and test_fault_injection.py
(the suite that keeps looking); nothing here is a test.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ENV = {key: value for key, value in os.environ.items() if not key.startswith("MYOREC_")}
HEADER = "date,kind,minutes,intensity,name,rpe\n"


def myorec(db: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "myorec", "--db", str(db), *args]
    return subprocess.run(command, env=ENV, capture_output=True, text=True, check=check, timeout=120)


def export(db: Path) -> str:
    return myorec(db, "log", "export").stdout


def write_rows(path: Path, count: int, tag: str) -> Path:
    """A myorec CSV of ``count`` distinct sessions, 20 a day from 2000-01-01."""
    start = dt.date(2000, 1, 1)
    rows = (
        f"{start + dt.timedelta(days=i // 20)},aerobic,{i % 1440 + 1},moderate,{tag} {i},\n"
        for i in range(count)
    )
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


LEAVE_OPEN = textwrap.dedent(
    """
    import os, sqlite3, sys

    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    for statement in sys.argv[2:]:
        connection.execute(statement)
    os._exit(0)  # as if killed: the WAL keeps what was written, un-checkpointed
    """
)


def leave_open(db: Path, *statements: str) -> None:
    """Run SQL on ``db`` in another process that ends without closing it, as a killed program would."""
    subprocess.run([sys.executable, "-c", LEAVE_OPEN, str(db), *statements], check=True, timeout=60)


def files_beside(db: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(db.parent.iterdir())}


HOT_JOURNAL = textwrap.dedent(
    """
    import os, sqlite3, sys

    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("PRAGMA synchronous = OFF")  # a file to test with: no need to wait for the disk
    connection.execute("CREATE TABLE notes (body TEXT)")
    connection.executemany("INSERT INTO notes VALUES (?)", [("x" * 500,)] * 200)
    connection.execute("PRAGMA cache_size = 2")  # the change spills into the file before it commits
    connection.execute("BEGIN")
    connection.execute("UPDATE notes SET body = 'y'")
    os._exit(0)  # killed part-way: the journal is hot
    """
)


def stray_journal(db: Path, tmp_path: Path) -> bytes:
    """Put the hot rollback journal of another, killed program's file beside ``db``; returns its bytes."""
    other = tmp_path / "elsewhere" / "other.db"
    other.parent.mkdir()
    subprocess.run([sys.executable, "-c", HOT_JOURNAL, str(other)], check=True, timeout=60)
    journal = Path(f"{other}-journal").read_bytes()
    Path(f"{db}-journal").write_bytes(journal)
    return journal


KILLED_WRITER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from myorec.core.sessions import Session
    from myorec.store import open_store

    store = open_store(Path(sys.argv[1]), create=True)
    for number in range(int(sys.argv[2])):
        store.add(Session(kind="aerobic", minutes=number + 1, date="2026-11-23", name=f"late {number}"))
    os._exit(0)  # killed after its commits: they are in the WAL only
    """
)


def killed_after_adding(db: Path, count: int) -> None:
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(db), str(count)], check=True, timeout=60)
    assert Path(f"{db}-wal").stat().st_size > 0


def names(db: Path) -> list[str]:
    return [entry["name"] for entry in json.loads(myorec(db, "log", "list", "--json").stdout)]
