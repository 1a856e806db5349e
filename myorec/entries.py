"""A log entry as typed or read: validated into a session, and shown back as plain values.

``log add`` and ``log edit`` build entries from the command line, the importers
from files; both go through :func:`build_session`, so an entry means the same
however it arrives. Kept apart from the file formats so that the commands
that type or list entries do not import csv, json and tomllib.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from myorec.errors import InputError
from myorec.models import Session, field_issues, shown

if TYPE_CHECKING:
    from myorec.store import Entry

#: Keys of an entry object in ``log list --json`` and the JSON format.
JSON_KEYS: tuple[str, ...] = ("id", "date", "kind", "minutes", "intensity", "rpe", "name", "focus", "source")
#: Longest source id accepted from a file: Strava's are ``strava:`` and about 11 digits.
MAX_SOURCE_CHARS = 200


class EntryError(InputError):
    """One field of one entry is wrong; ``field`` is None for whole-entry problems."""

    def __init__(self, field: str | None, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)


def build_session(fields: Mapping[str, Any], today: dt.date) -> Session:
    """Validate one logged entry: routine-session rules, a required date, at most a day ahead.

    ``None`` means unset; a blank name is no name, so every way in stores the same thing.
    """
    raw = {key: value for key, value in fields.items() if value is not None}
    name = raw.get("name")
    if isinstance(name, str) and not name.strip():
        del raw["name"]
    try:
        session = Session.model_validate(raw)
    except ValidationError as exc:
        loc, kind, reason = field_issues(exc)[0]
        field = str(loc[0]) if loc else None
        raise EntryError(field, "a value is required" if kind == "missing" else reason) from None
    if session.date is None:
        raise EntryError("date", "a date is required (YYYY-MM-DD)")
    if session.date > today + dt.timedelta(days=1):
        raise EntryError("date", f"must not be more than one day in the future (got {session.date})")
    return session


def entry_fields(session: Session) -> dict[str, Any]:
    """What was logged, as plain values: intensity or RPE as given, never both."""
    return {
        "date": session.date.isoformat() if session.date else None,
        "kind": session.kind.value,
        "minutes": session.minutes,
        "intensity": session.intensity.value if session.intensity else None,
        "rpe": session.rpe,
        "name": session.name,
        "focus": session.focus.value if session.focus else None,
    }


def entry_object(entry: Entry) -> dict[str, Any]:
    """An entry as ``log list --json`` and the JSON export show it (the keys of :data:`JSON_KEYS`)."""
    return {"id": entry.id, **entry_fields(entry.session), "source": entry.source_id}


def check_source(source: object, field: str = "source") -> str:
    """A source id as the log stores it: one short line of text, exactly as written."""
    if not isinstance(source, str) or not source.isprintable() or not 0 < len(source) <= MAX_SOURCE_CHARS:
        raise EntryError(field, f"must be a short text such as 'strava:1234' (got {shown(source)})")
    return source


#: A number as written by people and by ``log export``: sign, digits, point, exponent; no ``_``.
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def number_or_text(text: str) -> int | float | str:
    """A typed number (a CSV cell, a command-line value) or, if it is not one, the text itself.

    The text goes on to validation, whose message then quotes what the user
    wrote. Python would also read ``5_0``, ``nan`` or ``infinity`` as numbers,
    and "got 50" is not what anyone typed.
    """
    if not _PLAIN_NUMBER.fullmatch(text):
        return text
    try:
        return int(text)
    except ValueError:
        pass
    number = float(text)
    # A whole number past int()'s 4300-digit limit overflows to inf; the text says what was written.
    return text if math.isinf(number) else number
