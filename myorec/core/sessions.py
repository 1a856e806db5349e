"""Validated input data: exercise sessions and the user's profile.

Every way a session enters myorec (routine file, ``log add``, imports) goes
through :class:`Session`, so the rules about what a valid session is live in
one place. Messages are written for users: a validator's ``ValueError`` says
what is wrong with the value, and :mod:`myorec.core.validation` says where.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from myorec.core.calendar import EARLIEST_DATE, LATEST_DATE, Day, parse_date, parse_weekday
from myorec.core.intensity import Intensity, effective_intensity
from myorec.core.text import choice_key, shown

#: The longest session, in minutes: a whole day.
MAX_MINUTES = 1440
#: The ages myorec scores: WHO 2020's guidelines from 5 years (younger children have their own).
MIN_AGE, MAX_AGE = 5, 120


class Kind(StrEnum):
    AEROBIC = "aerobic"
    RESISTANCE = "resistance"
    MOBILITY = "mobility"


class Focus(StrEnum):
    BALANCE = "balance"
    STRETCH = "stretch"
    MIND_BODY = "mind_body"


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
    #: Weight-bearing work with ground impact (running, jumping, racquet and team sports), which loads bone.
    impact: bool = False

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
        if value is None or isinstance(value, Day):
            return value
        day = parse_weekday(value) if isinstance(value, str) else None
        if day is None:
            raise ValueError(f"must be a weekday: {', '.join(Day)} or the full name (got {shown(value)})")
        return day

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
        return session_date(value)

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> str | None:
        return session_name(value)

    @field_validator("impact", mode="before")
    @classmethod
    def _impact(cls, value: object) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false (got {shown(value)})")
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
        """What the session counts as: see :func:`myorec.core.intensity.effective_intensity`."""
        return effective_intensity(self.intensity, self.rpe)

    def on(self, date: object, name: object) -> Session:
        """This session (validated without a date or name) on ``date`` with ``name``, both checked.

        What validating the whole session gives, at a fraction of the cost: the
        date and the name are checked on their own by any session, so the log
        validates each distinct rest of an entry once and reads long logs fast.
        A problem is a ValueError.
        """
        assert self.date is None, "on() dates a session that has none"
        assert self.day is None, "a template session has a day, never a date"
        assert self.name is None, "on() names a session that has no name"
        return self.model_copy(update={"date": session_date(date), "name": session_name(name)})


def session_date(value: object) -> dt.date | None:
    """A session's date as validation checks it (on its own: it depends on no other field)."""
    if value is None:
        return None
    date = parse_date(value)
    if date < EARLIEST_DATE:
        raise ValueError(f"must not be before 1900-01-01 (got {date.isoformat()})")
    if date > LATEST_DATE:
        raise ValueError(f"must not be after 2999-12-31 (got {date.isoformat()})")
    return date


def session_name(value: object) -> str | None:
    """A session's name as validation checks it (on its own: it depends on no other field)."""
    if value is not None and not isinstance(value, str):
        raise ValueError(f"must be text (got {shown(value)})")
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            # A JSON '\udcff' or a shell argument that is not UTF-8: nothing could store or show it.
            raise ValueError(f"must be text that UTF-8 can hold (got {shown(value)})") from None
    return value


class Profile(BaseModel):
    """What myorec knows about the person; only age feeds the rules today."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    age: int | None = None

    @field_validator("age", mode="before")
    @classmethod
    def _age(cls, value: object) -> int | None:
        # WHO's guidelines for under-5s are about sleep, sitting and play, which no rule here scores.
        return None if value is None else _whole_number(value, MIN_AGE, MAX_AGE)
