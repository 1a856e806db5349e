"""Reading what SQLite would replay: WAL headers, frames and write marks, from real files."""

from __future__ import annotations

import itertools
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from myorec.core.sessions import Session
from myorec.store import open_store
from myorec.store.journals import belongs, hot_journal, mark_row, wal_chain

KILLED = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from myorec.core.sessions import Session
    from myorec.store import open_store

    store = open_store(Path(sys.argv[1]), create=True)
    for number in range(int(sys.argv[2])):
        store.add(Session(kind="aerobic", minutes=number + 1, date="2026-11-23"))
    os._exit(0)
    """
)


def marks_of(db: Path) -> tuple[int, bytes, bytes]:
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?immutable=1", uri=True)
    (page,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'write_mark'").fetchone()
    mark, previous = connection.execute("SELECT mark, previous FROM write_mark").fetchone()
    connection.close()
    return page, mark, previous


@pytest.fixture
def killed_log(tmp_path: Path) -> Path:
    """A log whose last three writes are only in its WAL, as a killed process leaves it."""
    db = tmp_path / "log.db"
    with open_store(db, create=True) as store:
        store.add(Session(kind="aerobic", minutes=5, date="2026-11-22"))
    subprocess.run([sys.executable, "-c", KILLED, str(db), "3"], check=True, timeout=60)
    return db


def test_the_chain_of_a_killed_writer_starts_at_the_file_s_mark(killed_log):
    page, mark, _ = marks_of(killed_log)
    chain = wal_chain(Path(f"{killed_log}-wal"), page)
    assert chain is not None
    assert len(chain) == 3
    assert chain[0][1] == mark
    assert all(later[1] == earlier[0] for earlier, later in itertools.pairwise(chain))
    assert belongs(mark, chain)
    assert belongs(chain[1][0], chain)  # the file after a checkpoint copied part of the WAL back
    assert not belongs(os.urandom(8), chain)


def test_frames_after_the_last_commit_are_not_in_the_chain(killed_log):
    wal = Path(f"{killed_log}-wal")
    page = marks_of(killed_log)[0]
    content = wal.read_bytes()
    page_size = int.from_bytes(content[8:12], "big")
    frame = 24 + page_size
    frames = (len(content) - 32) // frame
    # Without its last frame (a commit), the last transaction is not committed.
    wal.write_bytes(content[: 32 + (frames - 1) * frame])
    assert len(wal_chain(wal, page) or []) == 2


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x37\x7f\x06\x82" + b"\0" * 10, "flip-header"],
    ids=["empty", "short", "bad-header-checksum"],
)
def test_a_wal_sqlite_would_not_replay_gives_no_chain(killed_log, damage):
    wal = Path(f"{killed_log}-wal")
    content = bytearray(wal.read_bytes())
    if damage == "flip-header":
        content[12] ^= 1  # the checkpoint sequence number, which the header checksum covers
    else:
        content = bytearray(damage)
    wal.write_bytes(bytes(content))
    assert wal_chain(wal, marks_of(killed_log)[0]) is None


def test_frames_under_another_wal_s_header_are_not_replayed(killed_log, tmp_path):
    other = tmp_path / "other" / "log.db"
    other.parent.mkdir()
    subprocess.run([sys.executable, "-c", KILLED, str(other), "1"], check=True, timeout=60)
    wal = Path(f"{killed_log}-wal")
    wal.write_bytes(Path(f"{other}-wal").read_bytes()[:32] + wal.read_bytes()[32:])
    assert wal_chain(wal, marks_of(killed_log)[0]) is None


def test_a_missing_wal_gives_no_chain(tmp_path):
    assert wal_chain(tmp_path / "none-wal", 3) is None


def test_the_write_mark_row_is_read_from_its_page(tmp_path):
    db = tmp_path / "log.db"
    with open_store(db, create=True) as store:
        store.add(Session(kind="aerobic", minutes=5, date="2026-11-22"))
    page, mark, previous = marks_of(db)
    size = 4096
    content = db.read_bytes()
    assert mark_row(content[(page - 1) * size : page * size]) == (mark, previous)
    assert mark_row(content[:size]) is None  # page 1 is the schema's, not a one-row mark table
    assert mark_row(b"\r" + b"\0" * 20) is None


def test_a_journal_is_hot_when_its_first_byte_is_not_zero(tmp_path):
    journal = tmp_path / "log.db-journal"
    assert not hot_journal(journal)
    journal.write_bytes(b"")
    assert not hot_journal(journal)
    journal.write_bytes(b"\0" * 512)  # a journal SQLite has finished with, zeroed in place
    assert not hot_journal(journal)
    journal.write_bytes(bytes.fromhex("d9d505f920a163d7") + b"\0" * 504)
    assert hot_journal(journal)
