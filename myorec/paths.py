"""Where myorec finds its files on this machine: the shipped rules and the activity log.

Only answers questions: nothing here creates a folder, so a read-only command
on a fresh account leaves no trace. The store creates the folder when it writes.
Nothing here imports more than pathlib, so ``rules path`` starts without pydantic.
"""

from __future__ import annotations

from pathlib import Path

DB_FILENAME = "myorec.db"


def default_rules_dir() -> Path:
    """The shipped rule set: inside the installed package, or the repository's ``rules/``.

    A wheel carries the rules as ``myorec/rules``; an editable install or a
    source checkout finds them at the top of the repository.
    """
    package_dir = Path(__file__).resolve().parent
    bundled = package_dir / "rules"
    if bundled.is_dir():
        return bundled
    return package_dir.parent / "rules"


def default_db_path() -> Path:
    """``myorec.db`` in the platform's user data folder (``~/.local/share/myorec`` on Linux)."""
    from platformdirs import user_data_path

    return user_data_path("myorec", appauthor=False) / DB_FILENAME
