"""Validated input data: exercise sessions and the user's profile.

Every way a session enters myorec (routine file, ``log add``, imports) goes
through :class:`Session`, so the rules about what a valid session is live in
one place. Messages are written for users: a validator's ``ValueError`` says
what is wrong with the value, and :mod:`myorec.core.validation` says where.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator, model_validator

from myorec.core.calendar import EARLIEST_DATE, LATEST_DATE, Day, parse_date, parse_weekday
from myorec.core.intensity import Decision, HeartRates, Intensity, decide
from myorec.core.text import choice_key, not_a_choice, shown

#: The longest session, in minutes: a whole day.
MAX_MINUTES = 1440
#: The ages myorec scores: WHO 2020's guidelines from 5 years (younger children have their own).
MIN_AGE, MAX_AGE = 5, 120
#: Heart rates a session may carry (bpm): a resting adult's low to past any measured maximum.
MIN_HR, MAX_HR = 30, 250
#: A profile's resting and maximum heart rates (bpm).
MIN_RESTING_HR, MAX_RESTING_HR = 30, 120
MIN_MAX_HR, MAX_MAX_HR = 100, 250
#: Tanaka, Monahan and Seals 2001 (J Am Coll Cardiol 37:153-6), a meta-analysis of 351 studies:
#: maximum heart rate = 208 - 0.7 x age, used when no measured maximum is in the profile.
TANAKA_INTERCEPT, TANAKA_SLOPE = 208, 0.7


class Kind(StrEnum):
    AEROBIC = "aerobic"
    RESISTANCE = "resistance"
    MOBILITY = "mobility"


class Focus(StrEnum):
    BALANCE = "balance"
    STRETCH = "stretch"
    MIND_BODY = "mind_body"


def _choice(enum: type[StrEnum], value: object) -> object:
    """Case-insensitive enum lookup with a message that lists the allowed values and the closest one."""
    if isinstance(value, enum):
        return value
    if not isinstance(value, str):
        raise ValueError(f"must be one of {', '.join(enum)}{not_a_choice(value, list(enum))}")
    try:
        return enum(choice_key(value))
    except ValueError:
        hint = not_a_choice(value, list(enum), choice_key(value))
        raise ValueError(f"must be one of {', '.join(enum)}{hint}") from None


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
    #: Average heart rate over the session, in bpm.
    avg_hr: float | None = None
    #: From heart-rate samples: (bpm, seconds at that heart rate), ascending by bpm; judged when scored.
    hr_seconds: tuple[tuple[int, int], ...] | None = None
    #: When it began, with the UTC offset of the profile's time zone at import (``date`` is its day).
    start: dt.datetime | None = None
    #: The intensity the activity mapping gives its type (HIIT: vigorous), when imported.
    type_intensity: Intensity | None = None

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: object) -> object:
        return _choice(Kind, value)

    @field_validator("intensity", "type_intensity", mode="before")
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

    @field_validator("avg_hr", mode="before")
    @classmethod
    def _avg_hr(cls, value: object) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not MIN_HR <= value <= MAX_HR:
            raise ValueError(f"must be a heart rate from {MIN_HR} to {MAX_HR} bpm (got {shown(value)})")
        return float(value)

    @field_validator("hr_seconds", mode="before")
    @classmethod
    def _hr_seconds(cls, value: object) -> tuple[tuple[int, int], ...] | None:
        return None if value is None else heart_rate_seconds(value)

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, value: object, info: ValidationInfo) -> dt.datetime | None:
        """A start time, which must be on the session's date (validated before it): an error of ``start``."""
        if value is None:
            return None
        start = start_time(value)
        date = info.data.get("date")
        if date is not None and start.date() != date:
            raise ValueError(
                f"is on {start.date().isoformat()}, not on the session's date, {date.isoformat()} "
                f"(got {shown(start.isoformat())})"
            )
        return start

    @model_validator(mode="after")
    def _consistent(self) -> Session:
        if self.intensity is not None and self.rpe is not None:
            raise ValueError("give either intensity or rpe, not both")
        if self.focus is not None and self.kind is not Kind.MOBILITY:
            raise ValueError(f"focus is only allowed on mobility sessions (this one is {self.kind})")
        if self.day is not None and self.date is not None:
            raise ValueError("give either day or date, not both")
        if self.start is not None and self.day is not None:
            raise ValueError("a start belongs to a dated session, not one with a day")
        return self

    def decide(self, heart: HeartRates | None = None) -> Decision:
        """What the session counts as, and how that was decided: see :func:`myorec.core.intensity.decide`.

        Heart-rate bands judge aerobic sessions only: they are bands for
        cardiorespiratory exercise (ACSM), and heart rate under-reads strength
        and mobility work, whose intensity is effort (RPE), not pulse.
        """
        return decide(
            self.minutes,
            intensity=self.intensity,
            rpe=self.rpe,
            avg_hr=self.avg_hr,
            hr_seconds=self.hr_seconds or (),
            type_intensity=self.type_intensity,
            heart=heart if self.kind is Kind.AEROBIC else None,
        )

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
        day = session_date(date)
        if self.start is not None and self.start.date() != day:
            raise ValueError("the start is not on the session's date")
        return self.model_copy(update={"date": day, "name": session_name(name)})


def heart_rate_seconds(value: object) -> tuple[tuple[int, int], ...] | None:
    """Time at each heart rate as a session keeps it, from ``"98:12 99:30"``, ``{"98": 12}`` or pairs.

    Ascending by bpm, each heart rate once, whole seconds above zero; empty is none.
    """
    expected = "must be heart rates with their seconds, written 'BPM:SECONDS BPM:SECONDS ...'"
    pairs: list[tuple[object, ...]]
    if isinstance(value, str):
        pairs = [tuple(item.split(":")) for item in value.split()]
    elif isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list | tuple):
        pairs = [tuple(item) if isinstance(item, list | tuple) else (item,) for item in value]
    else:
        raise ValueError(f"{expected} (got {shown(value)})")
    seconds: dict[int, int] = {}
    for pair in pairs:
        if len(pair) != 2:
            raise ValueError(f"{expected} (got {shown(value)})")
        bpm = _count(pair[0], MIN_HR, MAX_HR, f"heart rates must be whole numbers from {MIN_HR} to {MAX_HR}")
        duration = _count(pair[1], 1, 86_400, "seconds must be whole numbers from 1 to 86400")
        if bpm in seconds:
            raise ValueError(f"lists heart rate {bpm} twice (got {shown(value)})")
        seconds[bpm] = duration
    if sum(seconds.values()) > 86_400:
        raise ValueError(f"adds up to more than a day (got {shown(value)})")
    return tuple(sorted(seconds.items())) or None


def _count(value: object, low: int, high: int, rule: str) -> int:
    """A whole number, also written as text (CSV cells, JSON object keys)."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{rule} (got {shown(value)})")
    return value


def start_time(value: object) -> dt.datetime:
    """A start time as a session keeps it: with its UTC offset, to the second."""
    moment: object = value
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            example = "2026-11-17T07:02:11-08:00"
            raise ValueError(
                f"must be a date and time with its UTC offset, e.g. {example} (got {shown(value)})"
            ) from None
    if not isinstance(moment, dt.datetime):
        raise ValueError(f"must be a date and time with its UTC offset (got {shown(value)})")
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"must say its UTC offset, e.g. 2026-11-17T07:02:11-08:00 (got {shown(value)})")
    if not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
        raise ValueError(f"must be from 1900 to 2999 (got {shown(value)})")
    return moment.replace(microsecond=0, tzinfo=dt.timezone(offset))


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
    """What myorec knows about the person: age (for the rules), heart rates and time zone (for imports)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    age: int | None = None
    resting_hr: int | None = None
    #: A measured maximum heart rate; without one it is estimated from age (:attr:`heart_rates`).
    max_hr: int | None = None
    #: An IANA time zone name (``Europe/Berlin``); imports default to the machine's when unset.
    timezone: str | None = None

    @field_validator("age", mode="before")
    @classmethod
    def _age(cls, value: object) -> int | None:
        # WHO's guidelines for under-5s are about sleep, sitting and play, which no rule here scores.
        return None if value is None else _whole_number(value, MIN_AGE, MAX_AGE)

    @field_validator("resting_hr", mode="before")
    @classmethod
    def _resting_hr(cls, value: object) -> int | None:
        return None if value is None else _whole_number(value, MIN_RESTING_HR, MAX_RESTING_HR)

    @field_validator("max_hr", mode="before")
    @classmethod
    def _max_hr(cls, value: object) -> int | None:
        return None if value is None else _whole_number(value, MIN_MAX_HR, MAX_MAX_HR)

    @field_validator("timezone", mode="before")
    @classmethod
    def _timezone(cls, value: object) -> str | None:
        # Whether the zone exists is the formats layer's to check (the time zone database is files).
        if value is None:
            return None
        if not isinstance(value, str) or not _ZONE_NAME.fullmatch(value):
            raise ValueError(f"must be an IANA time zone name such as 'Europe/Berlin' (got {shown(value)})")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        if self.resting_hr is not None and self.max_hr is not None and self.resting_hr >= self.max_hr:
            raise ValueError(
                f"the resting heart rate ({self.resting_hr}) must be below the maximum ({self.max_hr})"
            )
        return self

    @property
    def max_hr_source(self) -> str | None:
        """``measured`` (given), ``estimated`` (from age), or None when neither is known."""
        if self.max_hr is not None:
            return "measured"
        return "estimated" if self.age is not None else None

    @property
    def heart_rates(self) -> HeartRates:
        """Resting and maximum heart rate, the maximum measured or else estimated (Tanaka et al. 2001)."""
        maximum = self.max_hr
        if maximum is None and self.age is not None:
            maximum = math.floor(TANAKA_INTERCEPT - TANAKA_SLOPE * self.age + 0.5)
        return HeartRates(self.resting_hr, maximum)


#: What an IANA zone name looks like (``America/Argentina/Buenos_Aires``, ``UTC``, ``Etc/GMT+5``).
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*")
