"""A logged session's fields, defined once: their order, and how each is written as a plain value.

The store's columns, entry validation, ``log list --json``, the JSON and CSV
formats and their readers all take their field names and order from
:data:`FIELDS`, so a new field is added here and nowhere is a list of fields
written out again. The CSV format keeps its own, published column order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from myorec.core.sessions import Session


class FieldSpec(NamedTuple):
    #: The Session attribute, JSON key, CSV column and store column.
    name: str
    #: The value as the log stores it and files carry it (text, a number, or None).
    plain: Callable[[Session], Any]
    #: Where the CSV format puts the column (its order predates this table and is public).
    csv_position: int
    #: CSV cells kept exactly as written, spaces and all (others are stripped).
    verbatim: bool = False
    #: Turns the stored value back into the field's (SQLite keeps a bool as 0 or 1).
    stored: Callable[[Any], Any] | None = None
    #: The value in JSON, when it is not the plain one (heart-rate seconds are an object there).
    json: Callable[[Session], Any] | None = None


def _enum_value(name: str) -> Callable[[Session], Any]:
    def plain(session: Session) -> Any:
        value = getattr(session, name)
        return None if value is None else value.value

    return plain


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("date", lambda s: s.date.isoformat() if s.date is not None else None, 0),
    FieldSpec("kind", _enum_value("kind"), 1),
    FieldSpec("minutes", lambda s: s.minutes, 2),
    FieldSpec("intensity", _enum_value("intensity"), 3),
    FieldSpec("rpe", lambda s: s.rpe, 5),
    FieldSpec("name", lambda s: s.name, 4, verbatim=True),
    FieldSpec("focus", _enum_value("focus"), 6),
    FieldSpec("impact", lambda s: s.impact, 7, stored=bool),
    FieldSpec("avg_hr", lambda s: s.avg_hr, 8),
    FieldSpec("start", lambda s: s.start.isoformat() if s.start is not None else None, 10),
    FieldSpec("type_intensity", _enum_value("type_intensity"), 9),
    FieldSpec(
        "hr_seconds",
        lambda s: " ".join(f"{bpm}:{seconds}" for bpm, seconds in s.hr_seconds) if s.hr_seconds else None,
        11,
        json=lambda s: {str(bpm): seconds for bpm, seconds in s.hr_seconds} if s.hr_seconds else None,
    ),
)
FIELD_NAMES: tuple[str, ...] = tuple(spec.name for spec in FIELDS)
#: Fields whose cells are numbers, and those that are true or false.
NUMERIC_FIELDS: frozenset[str] = frozenset({"minutes", "rpe", "avg_hr"})
BOOLEAN_FIELDS: frozenset[str] = frozenset({"impact"})

#: The field an imported entry carries besides its session: where it came from.
SOURCE = "source"
#: What ``log list --json`` and the JSON format add to an entry's fields, from the profile when
#: listed (see :func:`myorec.core.entries.listed_entry`); read back, they are ignored.
DERIVED_KEYS: tuple[str, ...] = ("counts_as", "intensity_source", "intensity_minutes", "intensity_figures")
#: Keys of an entry object in ``log list --json`` and the JSON format.
JSON_KEYS: tuple[str, ...] = ("id", *FIELD_NAMES, SOURCE, *DERIVED_KEYS)
#: Columns of myorec's CSV format, in the order ``log export`` writes them.
CSV_COLUMNS: tuple[str, ...] = (
    *(spec.name for spec in sorted(FIELDS, key=lambda spec: spec.csv_position)),
    SOURCE,
)
REQUIRED_FIELDS: tuple[str, ...] = ("date", "kind", "minutes")
#: CSV cells kept as written.
VERBATIM_FIELDS: frozenset[str] = frozenset({*(spec.name for spec in FIELDS if spec.verbatim), SOURCE})


def plain_values(session: Session) -> tuple[Any, ...]:
    """The session's fields as plain values, in :data:`FIELDS` order (the store's columns)."""
    return tuple(spec.plain(session) for spec in FIELDS)


def entry_fields(session: Session) -> dict[str, Any]:
    """What was logged, as plain values by field name: intensity or RPE as given, never both."""
    return dict(zip(FIELD_NAMES, plain_values(session), strict=True))


def json_fields(session: Session) -> dict[str, Any]:
    """:func:`entry_fields` as JSON carries them."""
    return {spec.name: (spec.json or spec.plain)(session) for spec in FIELDS}


def from_stored(values: tuple[Any, ...]) -> dict[str, Any]:
    """The fields of a stored row (in :data:`FIELDS` order), as a session is validated from them."""
    return {
        spec.name: value if spec.stored is None or value is None else spec.stored(value)
        for spec, value in zip(FIELDS, values, strict=True)
    }
