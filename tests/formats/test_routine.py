"""Routine dates and ISO weeks at the edges of the calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from myorec.core.calendar import parse_iso_week
from myorec.errors import InputError
from myorec.formats.routine import parse_routine


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("9999-12-31", "w.toml: session 1: date: must not be after 2999-12-31 (got 9999-12-31)"),
        ("3000-01-01", "w.toml: session 1: date: must not be after 2999-12-31 (got 3000-01-01)"),
        ("1899-12-31", "w.toml: session 1: date: must not be before 1900-01-01 (got 1899-12-31)"),
    ],
)
def test_dates_outside_1900_to_2999_are_refused(date, message):
    text = f'[[session]]\ndate = {date}\nkind = "aerobic"\nminutes = 30\n'
    with pytest.raises(InputError) as caught:
        parse_routine(text.encode(), "w.toml")
    assert str(caught.value) == message


def test_the_last_allowed_date_still_has_a_whole_week():
    text = '[[session]]\ndate = 2999-12-31\nkind = "aerobic"\nminutes = 30\n'
    assert parse_routine(text.encode(), "w.toml").label == "3000-W01"
    assert parse_iso_week("3000-W01") == (dt.date(2999, 12, 30), dt.date(3000, 1, 5))


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("9999-W52", "invalid ISO week '9999-W52': myorec handles the years 1900 to 2999"),
        ("0001-W01", "invalid ISO week '0001-W01': myorec handles the years 1900 to 2999"),
        ("2026-W54", "invalid ISO week '2026-W54': 2026 has weeks 1 to 53"),
        ("2027-W53", "invalid ISO week '2027-W53': 2027 has weeks 1 to 52"),
        ("2026-W00", "invalid ISO week '2026-W00': 2026 has weeks 1 to 53"),
        ("2026W48", "invalid ISO week '2026W48': write it as YYYY-Www, e.g. 2026-W48"),
        ("２０２６-W01", "invalid ISO week '２０２６-W01': write it as YYYY-Www, e.g. 2026-W48"),
        ("0000-W01", "invalid ISO week '0000-W01': myorec handles the years 1900 to 2999"),
        ("2026\nW5", "invalid ISO week '2026\\nW5': write it as YYYY-Www, e.g. 2026-W48"),
    ],
)
def test_iso_weeks_outside_the_calendar_are_refused(week, message):
    with pytest.raises(InputError) as caught:
        parse_iso_week(week)
    assert str(caught.value) == message
