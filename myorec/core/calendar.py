"""Days and ISO weeks: the calendar every week myorec scores is laid out on.

Pure: nothing here reads the clock; callers pass today's date in.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from myorec.core.text import shown
from myorec.errors import InputError


class Day(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


DAYS: tuple[Day, ...] = tuple(Day)
EARLIEST_DATE = dt.date(1900, 1, 1)
#: Far enough for any plan, and far from 9999-12-31, where a week's Sunday no longer exists.
LATEST_DATE = dt.date(2999, 12, 31)

_ISO_DATE = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})")
_ISO_WEEK = re.compile(r"(?P<year>[0-9]{4})-W(?P<week>[0-9]{1,2})")
#: ``-N``: N days (or, for a week, N weeks) before today.
_AGO = re.compile(r"-(?P<count>[0-9]+)")
#: How a day may be written besides YYYY-MM-DD, for help texts and messages.
DAY_WORDS = "today, yesterday, a weekday (mon or monday) or -N (N days ago)"
#: How a week may be written besides YYYY-Www, for help texts and messages.
WEEK_WORDS = "this, last, -N (N weeks ago) or a date (its week)"
_FULL_NAMES: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_weekday(text: str) -> Day | None:
    """``mon``, ``Monday``, ``tues``: a day's name, or its first three letters or more."""
    word = text.strip().lower()
    if len(word) < 3:
        return None
    return next((day for day, name in zip(DAYS, _FULL_NAMES, strict=True) if name.startswith(word)), None)


def parse_date(value: object) -> dt.date:
    """A TOML date, a ``datetime.date`` or an ISO ``YYYY-MM-DD`` string.

    Files (routines, imports) say one thing for every date they do not hold,
    as the cohort's SQL checks say it too; a date typed on the command line
    says why it is no day (:func:`parse_day`).
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    # fromisoformat also takes 20261123 and 2026-W48-1, which nobody means by a date here.
    match = _ISO_DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is not None:
        try:
            return _real_day(match, value)
        except ValueError:
            pass
    raise ValueError(f"must be a date written YYYY-MM-DD (got {shown(value)})")


def _real_day(match: re.Match[str], written: object) -> dt.date:
    return real_day(int(match["year"]), int(match["month"]), int(match["day"]), written)


def real_day(year: int, month: int, day: int, written: object) -> dt.date:
    """The day a date names, or a ValueError saying why there is none: ``November 2026 has 30 days``.

    Every date a user writes, ``YYYY-MM-DD`` or an app's own form (Strava's
    ``Nov 31, 2026``), is refused in these words; ``written`` is how it was written.
    """
    try:
        return dt.date(year, month, day)
    except ValueError:
        pass
    if not 1 <= month <= 12:
        why = f"there is no month {month}"
    elif year == 0:
        why = "there is no year 0"
    elif day == 0:
        why = "days start at 01"
    else:
        first = dt.date(year, month, 1)
        length = ((first + dt.timedelta(days=31)).replace(day=1) - first).days
        why = f"{first.strftime('%B')} {year} has {length} days"
    raise ValueError(f"is not a real day: {why} (got {shown(written)})")


def _days_back(today: dt.date, count: str, written: str) -> dt.date:
    """``count`` (digits) days before ``today``, refused before the first day myorec handles."""
    try:
        day = today - dt.timedelta(days=int(count[:9]) if len(count) <= 9 else 10**9)
    except OverflowError:
        day = dt.date.min
    if day < EARLIEST_DATE:
        raise ValueError(f"must not be before {EARLIEST_DATE.isoformat()} (got {shown(written)})")
    return day


def parse_day(text: str, today: dt.date) -> dt.date:
    """A day as people say it: ``YYYY-MM-DD``, ``today``, ``yesterday``, ``mon``/``monday``, ``-N``.

    A weekday is the most recent such day, today included (``mon`` on a
    Monday is today); ``-N`` is N days ago. Raises ValueError saying what
    was expected: the caller knows which option or field it was.
    """
    word = text.strip().lower()
    weekday = parse_weekday(word)
    ago = _AGO.fullmatch(word)
    date = _ISO_DATE.fullmatch(word)
    if word == "today":
        return today
    if word == "yesterday":
        return _days_back(today, "1", text)
    if weekday is not None:
        return _days_back(today, str((today.weekday() - DAYS.index(weekday)) % 7), text)
    if ago is not None:
        return _days_back(today, ago["count"], text)
    if date is not None:
        return _real_day(date, text)
    raise ValueError(f"must be a date: YYYY-MM-DD, {DAY_WORDS} (got {shown(text)})")


def parse_week(text: str, today: dt.date) -> dt.date:
    """The Monday of a week as people say it: ``YYYY-Www``, ``this``, ``last``, ``-N`` or any day in it.

    ``-N`` is N weeks ago; a day is anything :func:`parse_day` reads but its
    ``-N``. Raises :class:`~myorec.errors.InputError` saying what is wrong.
    """
    word = text.strip().lower()
    this_monday = monday_of(today)
    ago = _AGO.fullmatch("-1" if word == "last" else word)
    if word == "this":
        return this_monday
    if _ISO_WEEK.fullmatch(word.upper()):
        return parse_iso_week(text)[0]
    try:
        if ago is not None:
            monday = _days_back(this_monday, str(7 * int(ago["count"][:9])), text)
        else:
            monday = monday_of(parse_day(text, today))
    except ValueError as exc:
        if ago is None and not _ISO_DATE.fullmatch(word):
            raise InputError(
                f"invalid ISO week {shown(text)}: write it as YYYY-Www (e.g. 2026-W48), {WEEK_WORDS}"
            ) from None
        raise InputError(f"invalid week {shown(text)}: {str(exc).rsplit(' (got ', 1)[0]}") from None
    if not EARLIEST_DATE <= monday <= LATEST_DATE:
        raise InputError(
            f"invalid week {shown(text)}: myorec handles the years {EARLIEST_DATE.year} to {LATEST_DATE.year}"
        )
    return monday


def iso_week_label(date: dt.date) -> str:
    """``YYYY-Www``, the ISO week a date falls in (its year may differ from the date's)."""
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(date: dt.date) -> dt.date:
    """The Monday of the ISO week ``date`` falls in."""
    return date - dt.timedelta(days=date.weekday())


def days_elapsed(monday: dt.date, today: dt.date) -> int:
    """How many days of the week of ``monday`` have begun by ``today``: 0 (to come) to 7 (gone by).

    In the week that holds today it is today's ISO weekday, today counted
    (2 on a Tuesday): that week is in progress, Sunday included.
    """
    return max(0, min(7, (today - monday).days + 1))


def in_progress(monday: dt.date, today: dt.date) -> bool:
    """Whether the week of ``monday`` holds ``today``: some of its days are still to come."""
    return monday <= today < monday + dt.timedelta(days=7)


def parse_iso_week(text: str) -> tuple[dt.date, dt.date]:
    """``YYYY-Www`` -> (Monday, Sunday) of that ISO week, or a clear error."""
    match = _ISO_WEEK.fullmatch(text.strip().upper())
    if match is None:
        raise InputError(f"invalid ISO week {shown(text)}: write it as YYYY-Www, e.g. 2026-W48")
    year, week = int(match["year"]), int(match["week"])
    years = (
        f"invalid ISO week {shown(text)}: myorec handles the years {EARLIEST_DATE.year} to {LATEST_DATE.year}"
    )
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
            raise InputError(years) from None
        # Week 53 exists only in some years (those whose 28 December falls in it).
        last = dt.date(year, 12, 28).isocalendar().week
        raise InputError(f"invalid ISO week {shown(text)}: {year} has weeks 1 to {last}") from None
    if not EARLIEST_DATE.year <= monday.year <= LATEST_DATE.year:
        raise InputError(years)
    return monday, monday + dt.timedelta(days=6)
