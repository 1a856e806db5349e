"""Where myorec keeps its files on this machine.

Only answers questions: nothing here creates a folder, so a read-only command
on a fresh account leaves no trace. The store creates the folder when it writes.
"""

from __future__ import annotations

from pathlib import Path

DB_FILENAME = "myorec.db"


def default_db_path() -> Path:
    """``myorec.db`` in the platform's user data folder (``~/.local/share/myorec`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("myorec", appauthor=False) / DB_FILENAME
