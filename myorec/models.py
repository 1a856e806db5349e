"""Validated input data: exercise sessions and the user's profile.

Every way a session enters myorec (routine file, ``log add``, imports) goes
through :class:`Session`, so the rules about what a valid session is live in
one place. Messages are written for users; :func:`field_issues` turns
pydantic's errors into reasons a user can act on, for every model.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator


class Kind(StrEnum):
    AEROBIC = "aerobic"
    RESISTANCE = "resistance"
    MOBILITY = "mobility"


class Intensity(StrEnum):
    LIGHT = "light"
    MODERATE = "moderate"
    VIGOROUS = "vigorous"


class Focus(StrEnum):
    BALANCE = "balance"
    STRETCH = "stretch"
    MIND_BODY = "mind_body"


class Day(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


DAYS: tuple[Day, ...] = tuple(Day)
MAX_MINUTES = 1440
EARLIEST_DATE = dt.date(1900, 1, 1)
#: Far enough for any plan, and far from 9999-12-31, where a week's Sunday no longer exists.
LATEST_DATE = dt.date(2999, 12, 31)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: Longest quotation of a user's value in an error message, in characters.
MAX_SHOWN = 60


def shown(value: object) -> str:
    """A user's value as an error message quotes it: one line, at most MAX_SHOWN characters.

    ``repr`` escapes line breaks and control characters, so a key or value
    holding a newline cannot split the message; it raises for integers past
    Python's 4300-digit limit, which TOML's hex notation can still produce.
    """
    try:
        text = repr(value)
    except ValueError:
        return "a number too large to show"
    if len(text) <= MAX_SHOWN:
        return text
    # A quoted text keeps its closing quote, so the reader sees where the quotation ends.
    closing = text[-1] if text[-1] in "'\"" else ""
    return text[: MAX_SHOWN - 1 - len(closing)] + "…" + closing


def printable(text: str) -> str:
    """Text as a terminal or a one-line comment may show it: control characters become ``?``.

    An escape sequence in a logged name could retitle the window or recolour the
    screen, a line break split a table or end a comment; unlike :func:`shown`
    the text is neither quoted nor cut.
    """
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def format_number(value: float | int | None) -> str:
    """A number as a person would write it: ``7``, ``7.001``, ``0.3``; ``unknown`` for None.

    Whole numbers have no decimal point and nothing is cut to a fixed number of
    decimals, so a threshold reads as written (``7.001`` stays ``7.001``). Fifteen
    significant digits are exact for any decimal a rule file gives with that many
    (every float holds them), and hide the binary noise of arithmetic
    (``0.1 + 0.2`` reads ``0.3``). Callers that want fewer digits round first.
    """
    if value is None:
        return "unknown"
    if isinstance(value, int):
        return str(value)
    return "0" if value == 0 else f"{value:.15g}"


def plain_number(value: float | None) -> float | int | None:
    """A whole number as an int (``50``, not ``50.0``) for JSON and exported cells; others as they are.

    Unlike :func:`format_number` nothing is rounded: an exported RPE reads back exactly.
    """
    return int(value) if value is not None and float(value).is_integer() else value


def iso_week_label(date: dt.date) -> str:
    """``YYYY-Www``, the ISO week a date falls in (its year may differ from the date's)."""
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def intensity_from_rpe(rpe: float) -> Intensity:
    """WHO 2020 relative-intensity bands on the 0-10 scale: <5 light, 5-6 moderate, >=7 vigorous."""
    if rpe < 5:
        return Intensity.LIGHT
    if rpe < 7:
        return Intensity.MODERATE
    return Intensity.VIGOROUS


def choice_key(text: str) -> str:
    """How a typed choice is matched: ``" Mind-Body"`` is ``mind_body``."""
    return text.strip().lower().replace("-", "_")


def _choice(enum: type[StrEnum], value: object) -> object:
    """Case-insensitive enum lookup with a message that lists the allowed values."""
    if isinstance(value, enum):
        return value
    if not isinstance(value, str):
        raise ValueError(f"must be one of {', '.join(enum)} (got {shown(value)})")
    try:
        return enum(choice_key(value))
    except ValueError:
        raise ValueError(f"must be one of {', '.join(enum)} (got {shown(value)})") from None


def _whole_number(value: object, low: int, high: int) -> int:
    """Accept ints (and integral floats such as 30.0), reject bools, text and out-of-range values."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a whole number from {low} to {high} (got {shown(value)})")
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        raise ValueError(f"must be a whole number from {low} to {high} (got {shown(value)})")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"must be a whole number from {low} to {high} (got {shown(value)})")
    return number


def parse_date(value: object) -> dt.date:
    """A TOML date, a ``datetime.date`` or an ISO ``YYYY-MM-DD`` string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # fromisoformat also takes 20261123 and 2026-W48-1, which nobody means by a date here.
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"must be a date written YYYY-MM-DD (got {shown(value)})")


class Session(BaseModel):
    """One exercise session: what kind, how long, how hard, and when."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Kind
    minutes: int
    intensity: Intensity | None = None
    rpe: float | None = None
    day: Day | None = None
    date: dt.date | None = None
    name: str | None = None
    focus: Focus | None = None

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: object) -> object:
        return _choice(Kind, value)

    @field_validator("intensity", mode="before")
    @classmethod
    def _intensity(cls, value: object) -> object:
        return None if value is None else _choice(Intensity, value)

    @field_validator("day", mode="before")
    @classmethod
    def _day(cls, value: object) -> object:
        return None if value is None else _choice(Day, value)

    @field_validator("focus", mode="before")
    @classmethod
    def _focus(cls, value: object) -> object:
        return None if value is None else _choice(Focus, value)

    @field_validator("minutes", mode="before")
    @classmethod
    def _minutes(cls, value: object) -> int:
        return _whole_number(value, 1, MAX_MINUTES)

    @field_validator("rpe", mode="before")
    @classmethod
    def _rpe(cls, value: object) -> float | None:
        if value is None:
            return None
        # The range test also refuses nan and inf, and never converts an int too large for a float.
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 10:
            raise ValueError(f"must be a number from 0 to 10 (got {shown(value)})")
        return float(value)

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> dt.date | None:
        if value is None:
            return None
        date = parse_date(value)
        if date < EARLIEST_DATE:
            raise ValueError(f"must not be before 1900-01-01 (got {date.isoformat()})")
        if date > LATEST_DATE:
            raise ValueError(f"must not be after 2999-12-31 (got {date.isoformat()})")
        return date

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> object:
        if value is not None and not isinstance(value, str):
            raise ValueError(f"must be text (got {shown(value)})")
        if isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                # A JSON '\udcff' or a shell argument that is not UTF-8: nothing could store or show it.
                raise ValueError(f"must be text that UTF-8 can hold (got {shown(value)})") from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Session:
        if self.intensity is not None and self.rpe is not None:
            raise ValueError("give either intensity or rpe, not both")
        if self.focus is not None and self.kind is not Kind.MOBILITY:
            raise ValueError(f"focus is only allowed on mobility sessions (this one is {self.kind})")
        if self.day is not None and self.date is not None:
            raise ValueError("give either day or date, not both")
        return self

    @property
    def effective_intensity(self) -> Intensity:
        """Intensity given, else derived from RPE, else moderate (the documented default)."""
        if self.intensity is not None:
            return self.intensity
        if self.rpe is not None:
            return intensity_from_rpe(self.rpe)
        return Intensity.MODERATE


class Profile(BaseModel):
    """What myorec knows about the person; only age feeds the rules today."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    age: int | None = None

    @field_validator("age", mode="before")
    @classmethod
    def _age(cls, value: object) -> int | None:
        return None if value is None else _whole_number(value, 1, 120)


def suggest(word: str, choices: Sequence[str], n: int = 1) -> str:
    """`` (did you mean 'a' or 'b'?)`` with up to ``n`` close names, or "" when nothing is close."""
    import difflib  # only error messages need it; keep it off every start-up

    close = difflib.get_close_matches(word, list(choices), n=n, cutoff=0.6)
    if not close:
        return ""
    quoted = [f"'{name}'" for name in close]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f" (did you mean {listed}?)"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 rule``, ``2 rules``, ``0 rules``: a count with its noun in the right number."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


#: What a wrong-typed value should have been, by pydantic error type.
_EXPECTED = {
    "string_type": "must be text (a quoted string)",
    "string_too_short": "must not be empty",
    "bool_type": "must be true or false",
    "float_type": "must be a number",
    "list_type": "must be a list",
    "model_type": "must be a table",
    "dict_type": "must be a table",
}


class FieldIssue(NamedTuple):
    """One pydantic error: where, pydantic's error type, and what is wrong with the value."""

    loc: tuple[int | str, ...]
    kind: str
    #: What the value must be, or what a validator said.
    reason: str


def field_issues(error: ValidationError) -> list[FieldIssue]:
    """Every error of a validation, with a reason a user can act on.

    Sessions, profiles, log entries and rule files each word an unknown or a
    missing field their own way (key, field, column); what is wrong with a
    value they all say alike, from here.
    """
    issues = []
    for detail in error.errors(include_url=False):
        kind = detail["type"]
        if kind in ("value_error", "assertion_error"):
            reason = str(detail.get("ctx", {}).get("error", detail["msg"]))
        elif kind == "literal_error":
            expected = detail.get("ctx", {}).get("expected", "one of the allowed values")
            reason = f"must be {expected} (got {shown(detail['input'])})"
        elif kind in _EXPECTED:
            got = "" if kind == "string_too_short" else f" (got {shown(detail['input'])})"
            reason = f"{_EXPECTED[kind]}{got}"
        elif kind in ("extra_forbidden", "missing"):
            reason = detail["msg"]  # callers word these themselves
        else:
            reason = f"{detail['msg'].lower()} (got {shown(detail['input'])})"
        issues.append(FieldIssue(tuple(detail["loc"]), kind, reason))
    return issues


def describe_validation_error(error: ValidationError, model: type[BaseModel]) -> str:
    """The first error of a routine's or a case's table as one plain sentence naming the key."""
    loc, kind, reason = field_issues(error)[0]
    where = ".".join(str(part) for part in loc)
    if kind == "extra_forbidden":
        allowed = list(model.model_fields)
        return f"unknown key {shown(where)}{suggest(where, allowed)}; allowed keys: {', '.join(allowed)}"
    if kind == "missing":
        return f"missing required key '{where}'"
    return f"{where}: {reason}" if where else reason
