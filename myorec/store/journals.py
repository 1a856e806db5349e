"""The files SQLite replays into a database, read as bytes before SQLite may open it.

SQLite rolls a hot rollback journal back into the file beside it without
asking whether the journal belongs to that file ("How To Corrupt An SQLite
Database File", §1.4 and §2): a stranger's journal copies the stranger's
pages into the log. So the store looks first, with plain reads.
"""

from __future__ import annotations

from pathlib import Path


def hot_journal(journal: Path) -> bool:
    """Whether SQLite would roll ``journal`` back into its database: it exists and its first byte is not zero.

    SQLite also checks that no process holds the database's write lock; the
    store waits a moment for a live journal to go instead (``open_store``).
    """
    try:
        with journal.open("rb") as handle:
            return handle.read(1) not in (b"", b"\0")
    except FileNotFoundError:
        return False
