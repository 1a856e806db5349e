"""What the log commands share: finding the database, ISO-week options, today's date."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from myorec.errors import MyorecError

if TYPE_CHECKING:
    from myorec.models import Session
    from myorec.store import Store

    # click 8.5 made ParamType generic; subscripting it would fail on older clicks at run time.
    _IntType = click.ParamType[int, Any]
else:
    _IntType = click.ParamType


class WholeNumber(_IntType):
    """A whole number written in ASCII digits, optionally within ``low..high``.

    click's INT takes whatever ``int()`` takes, so ``log rm 1_0`` removed entry
    10 and ``--age ５２`` (full-width digits) stored 52; a number here is what
    it looks like.
    """

    name = "integer"

    def __init__(self, low: int | None = None, high: int | None = None) -> None:
        self.low = low
        self.high = high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not _WHOLE.fullmatch(text):
            self.fail(f"{value!r} is not a whole number", param, ctx)
        number = int(text)
        too_low = self.low is not None and number < self.low
        if too_low or (self.high is not None and number > self.high):
            bounds = "<=".join(str(bound) for bound in (self.low, "x", self.high) if bound is not None)
            self.fail(f"{number} is not in the range {bounds}.", param, ctx)
        return number


_WHOLE = re.compile(r"[+-]?[0-9]+")


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
    """``--db``, else $MYOREC_DB (both land in the root context), else the user data folder.

    Checked here, when a command needs the log, rather than as the option is
    parsed: a routine report never touches the log, and the message can say
    whether the option or the environment variable is wrong.
    """
    root = click.get_current_context().find_root()
    given = root.obj.get("db_path") if isinstance(root.obj, dict) else None
    if given is not None:
        from myorec.cli.common import from_environment

        hint = "MYOREC_DB" if from_environment(root, "db_path") else "'--db'"
        if not given.strip():
            raise click.BadParameter("give a database file, not an empty path", param_hint=hint)
        if Path(given).is_dir() or given.endswith(("/", os.sep)):
            raise click.BadParameter(f"{given!r} names a folder; give a database file", param_hint=hint)
        return Path(given)
    from myorec.paths import default_db_path

    return default_db_path()


def open_log(*, create: bool) -> Store:
    """The log in use. Without ``create``, a log that does not exist yet is an empty one.

    Only commands that add something create the file: reading, editing or
    removing entries of a log that does not exist leaves no file behind.
    """
    from myorec.store import open_store

    return open_store(db_path(), create=create)


def logged_week(monday: dt.date) -> tuple[list[Session], int | None]:
    """One ISO week's logged sessions (oldest first) and the profile's age."""
    with open_log(create=False) as store:
        entries = store.entries(monday, monday + dt.timedelta(days=6))
        return [entry.session for entry in entries], store.profile().age
