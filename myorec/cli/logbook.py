"""What the log commands share: finding the database, ISO-week options, today's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from myorec.errors import MyorecError

if TYPE_CHECKING:
    from myorec.models import Session
    from myorec.store import Store


def iso_week(value: str | dt.date) -> dt.date:
    """``YYYY-Www`` -> the Monday of that ISO week; click turns the ValueError into a usage error."""
    if isinstance(value, dt.date):
        return value
    from myorec.routine import parse_iso_week

    try:
        return parse_iso_week(value)[0]
    except MyorecError as exc:
        raise ValueError(str(exc)) from None


def this_monday() -> dt.date:
    today = dt.date.today()
    return today - dt.timedelta(days=today.weekday())


def db_path() -> Path:
    """``--db``, else $MYOREC_DB (both land in the root context), else the user data folder."""
    obj = click.get_current_context().find_root().obj
    given = obj.get("db_path") if isinstance(obj, dict) else None
    if given:
        return Path(given)
    from myorec.paths import default_db_path

    return default_db_path()


def open_log(*, write: bool) -> Store:
    """The log in use; read-only callers get an empty log when it does not exist yet."""
    from myorec.store import open_store

    return open_store(db_path(), create=write)


def logged_week(monday: dt.date) -> tuple[list[Session], int | None]:
    """One ISO week's logged sessions (oldest first) and the profile's age."""
    with open_log(write=False) as store:
        entries = store.entries(monday, monday + dt.timedelta(days=6))
        return [entry.session for entry in entries], store.profile().age
