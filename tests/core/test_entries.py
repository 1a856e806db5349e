"""Log entries as typed or read: the checks every way into the log shares."""

from __future__ import annotations

import datetime as dt

import pytest

from myorec.core.entries import build_session
from myorec.errors import InputError

TODAY = dt.date(2026, 11, 25)


def test_build_session_accepts_tomorrow_but_not_the_day_after():
    tomorrow = build_session({"kind": "aerobic", "minutes": 30, "date": "2026-11-26"}, TODAY)
    assert tomorrow.date == dt.date(2026, 11, 26)
    with pytest.raises(InputError) as caught:
        build_session({"kind": "aerobic", "minutes": 30, "date": "2026-11-27"}, TODAY)
    assert str(caught.value) == "date: must not be more than one day in the future (got 2026-11-27)"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "aerobic", "minutes": 30}, "date: a date is required (YYYY-MM-DD)"),
        ({"kind": "aerobic", "minutes": 30, "date": "1899-12-31"}, "date: must not be before 1900-01-01"),
        ({"minutes": 30, "date": "2026-11-23"}, "kind: a value is required"),
        ({"kind": "aerobic", "minutes": 1441, "date": "2026-11-23"}, "minutes: must be a whole number"),
        (
            {"kind": "aerobic", "minutes": 30, "date": "2026-11-23", "intensity": "light", "rpe": 3},
            "give either intensity or rpe, not both",
        ),
    ],
)
def test_build_session_uses_the_routine_session_messages(fields, message):
    with pytest.raises(InputError) as caught:
        build_session(fields, TODAY)
    assert str(caught.value).startswith(message)


def test_a_blank_name_is_no_name():
    session = build_session({"kind": "mobility", "minutes": 20, "date": "2026-11-23", "name": "  "}, TODAY)
    assert session.name is None
