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

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_WEEK = re.compile(r"(?P<year>[0-9]{4})-W(?P<week>[0-9]{1,2})")


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


def iso_week_label(date: dt.date) -> str:
    """``YYYY-Www``, the ISO week a date falls in (its year may differ from the date's)."""
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(date: dt.date) -> dt.date:
    """The Monday of the ISO week ``date`` falls in."""
    return date - dt.timedelta(days=date.weekday())


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
