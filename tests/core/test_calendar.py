"""Days and weeks as people say them: relative words, weekday names, and dates that do not exist."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from myorec.core.calendar import Day, parse_date, parse_day, parse_week, parse_weekday
from myorec.errors import InputError

FORMS = "must be a date: YYYY-MM-DD, today, yesterday, a weekday (mon or monday) or -N (N days ago)"
#: A Tuesday, in ISO week 2026-W49.
TUESDAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", "2026-12-01"),
        (" Today ", "2026-12-01"),
        ("yesterday", "2026-11-30"),
        ("tue", "2026-12-01"),  # the most recent Tuesday is today
        ("tuesday", "2026-12-01"),
        ("mon", "2026-11-30"),
        ("Monday", "2026-11-30"),
        ("wed", "2026-11-25"),
        ("thurs", "2026-11-26"),
        ("sun", "2026-11-29"),
        ("-0", "2026-12-01"),
        ("-1", "2026-11-30"),
        ("-31", "2026-10-31"),
        ("2026-02-28", "2026-02-28"),
        ("2024-02-29", "2024-02-29"),
    ],
)
def test_days_as_people_say_them(text, day):
    assert parse_day(text, TUESDAY) == dt.date.fromisoformat(day)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-11-31", "is not a real day: November 2026 has 30 days (got '2026-11-31')"),
        ("2026-02-29", "is not a real day: February 2026 has 28 days (got '2026-02-29')"),
        ("2026-13-01", "is not a real day: there is no month 13 (got '2026-13-01')"),
        ("2026-00-10", "is not a real day: there is no month 0 (got '2026-00-10')"),
        ("2026-01-00", "is not a real day: days start at 01 (got '2026-01-00')"),
        ("0000-01-01", "is not a real day: there is no year 0 (got '0000-01-01')"),
        ("-50000", "must not be before 1900-01-01 (got '-50000')"),
        (
            "-" + "9" * 5000,
            f"must not be before 1900-01-01 (got '-{'9' * 56}…')",
        ),
        (
            "mo",
            f"{FORMS} (got 'mo')",
        ),
        (
            "+3",
            f"{FORMS} (got '+3')",
        ),
        (
            "2026-W48",
            f"{FORMS} (got '2026-W48')",
        ),
    ],
)
def test_days_that_do_not_exist_say_why(text, message):
    with pytest.raises(ValueError, match=re.escape(message)) as caught:
        parse_day(text, TUESDAY)
    assert str(caught.value) == message


def test_a_file_date_that_does_not_exist_is_refused_as_every_bad_date_is():
    """What log import says, and the cohort's SQL checks say the same (tests/core/test_sql.py)."""
    with pytest.raises(ValueError, match=re.escape("must be a date written YYYY-MM-DD (got '2026-11-31')")):
        parse_date("2026-11-31")


@pytest.mark.parametrize(
    ("text", "day"),
    [("mon", Day.MON), ("MONDAY", Day.MON), ("tues", Day.TUE), ("wednes", Day.WED), ("sun", Day.SUN)],
)
def test_weekday_names_full_or_from_three_letters(text, day):
    assert parse_weekday(text) is day


@pytest.mark.parametrize("text", ["mo", "", "mondays", "funday", "mon\x00"])
def test_what_is_no_weekday(text):
    assert parse_weekday(text) is None


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        ("this", "2026-11-30"),
        ("THIS", "2026-11-30"),
        ("last", "2026-11-23"),
        ("-0", "2026-11-30"),
        ("-1", "2026-11-23"),
        ("-5", "2026-10-26"),
        ("2026-W48", "2026-11-23"),
        ("2026-w48", "2026-11-23"),
        ("2026-11-26", "2026-11-23"),  # a date: its ISO week
        ("2027-01-01", "2026-12-28"),  # ISO week 2026-W53
        ("today", "2026-11-30"),
        ("sun", "2026-11-23"),  # last Sunday ended last week
    ],
)
def test_weeks_as_people_say_them(text, monday):
    assert parse_week(text, TUESDAY) == dt.date.fromisoformat(monday)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-W60", "invalid ISO week '2026-W60': 2026 has weeks 1 to 53"),
        ("2026-11-31", "invalid week '2026-11-31': is not a real day: November 2026 has 30 days"),
        ("-10000", "invalid week '-10000': must not be before 1900-01-01"),
        ("3000-06-01", "invalid week '3000-06-01': myorec handles the years 1900 to 2999"),
        (
            "week 48",
            "invalid ISO week 'week 48': write it as YYYY-Www (e.g. 2026-W48), "
            "this, last, -N (N weeks ago) or a date (its week)",
        ),
    ],
)
def test_weeks_that_do_not_exist_say_why(text, message):
    with pytest.raises(InputError) as caught:
        parse_week(text, TUESDAY)
    assert str(caught.value) == message
