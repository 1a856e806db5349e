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
from typing import Any, NamedTuple

from pydantic import ValidationError

from myorec.core.fields import SOURCE, json_fields
from myorec.core.intensity import HeartRates
from myorec.core.sessions import Kind, Session
from myorec.core.text import shown
from myorec.core.validation import field_issues
from myorec.errors import InputError

#: Longest source id accepted from a file: Strava's are ``strava:`` and about 11 digits.
MAX_SOURCE_CHARS = 200


class Entry(NamedTuple):
    """A logged session with its id; ``session.date`` is always set."""

    id: int
    session: Session
    #: Where an imported activity came from (``strava:<Activity ID>``), else None.
    source_id: str | None = None


class EntryRow(NamedTuple):
    """A logged entry as a listing reads it: its date and name apart from the rest of its session.

    The rest (its shape) is validated once for all the entries that share it,
    so a listing of a long log builds no session per entry.
    """

    id: int
    date: dt.date
    #: The entry's session without its date and name (kind, minutes, intensity or RPE, focus, impact).
    shape: Session
    name: str | None
    source_id: str | None

    def entry(self) -> Entry:
        return Entry(self.id, self.shape.on(self.date, self.name), self.source_id)

    @property
    def source(self) -> str:
        """Where the entry came from, as ``log list`` shows it: its source id, else ``manual``."""
        return self.source_id or MANUAL


#: The source of an entry typed with ``log add`` (it has no source id).
MANUAL = "manual"


class Selection(NamedTuple):
    """Which logged entries to read: each part narrows the selection, and None leaves it open."""

    #: First and last date, inclusive.
    start: dt.date | None = None
    end: dt.date | None = None
    kind: Kind | None = None
    #: Part of the source (:attr:`EntryRow.source`: ``manual`` for typed entries), in any case.
    source: str | None = None
    #: Only the N most recent of the entries selected (still read oldest first).
    last: int | None = None


#: Every logged entry.
EVERYTHING = Selection()


class SelectionSize(NamedTuple):
    """How many entries a selection holds, and its widest values: a listing's layout, known beforehand."""

    entries: int
    largest_id: int
    #: Characters in the longest kind as listed (with its notes: ``mobility (balance, impact)``).
    longest_kind: int
    #: Characters in the longest source (``manual`` for typed entries) and name.
    longest_source: int
    longest_name: int
    #: Whether an entry has a heart rate, whose figures make its intensity cell wider.
    heart_rates: bool = False


def build_session(fields: Mapping[str, Any], today: dt.date) -> Session:
    """Validate one logged entry: routine-session rules, a required date, at most a day ahead.

    ``None`` means unset; a blank name is no name, so every way in stores the same thing.
    A problem is an :class:`InputError` naming the field; the caller adds where the entry is.
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
        raise InputError("a value is required" if kind == "missing" else reason, field=field) from None
    if session.date is None:
        raise InputError("a date is required (YYYY-MM-DD)", field="date")
    if session.date > today + dt.timedelta(days=1):
        raise InputError(f"must not be more than one day in the future (got {session.date})", field="date")
    return session


def entry_object(entry: Entry) -> dict[str, Any]:
    """An entry's id, logged fields and source, as JSON carries them."""
    return {"id": entry.id, **json_fields(entry.session), SOURCE: entry.source_id}


def listed_entry(entry: Entry, heart: HeartRates) -> dict[str, Any]:
    """An entry as ``log list --json`` and the JSON export show it (the keys of ``fields.JSON_KEYS``).

    With what it counts as and how that was decided, judged against the
    profile's heart rates (``heart``) as a report would.
    """
    return {**entry_object(entry), **intensity_fields(entry.session, heart)}


def intensity_fields(session: Session, heart: HeartRates) -> dict[str, Any]:
    """What a session counts as and how that was decided, as JSON shows it (``fields.DERIVED_KEYS``)."""
    decision = session.decide(heart)
    return {
        "counts_as": decision.intensity.value,
        "intensity_source": decision.source.value,
        "intensity_minutes": decision.split,
        "intensity_figures": decision.figures(session.rpe),
    }


def check_source(source: object, field: str = SOURCE) -> str:
    """A source id as the log stores it: one short line of text, exactly as written."""
    if not isinstance(source, str) or not source.isprintable() or not 0 < len(source) <= MAX_SOURCE_CHARS:
        raise InputError(f"must be a short text such as 'strava:1234' (got {shown(source)})", field=field)
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
