"""Session validation messages: one line, the field named, the value quoted safely."""

from __future__ import annotations

import pytest

from myorec.core.text import MAX_SHOWN, shown
from myorec.errors import InputError
from myorec.formats.routine import parse_routine

SESSION = '[[session]]\nday = "mon"\nkind = "aerobic"\nminutes = 30\n'
HUGE_HEX = "0x" + "F" * 4000


def routine_error(text: str) -> str:
    with pytest.raises(InputError) as caught:
        parse_routine(text.encode(), "w.toml")
    return str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            SESSION + '"kind\\nday" = 1\n',
            "w.toml: session 1: unknown key 'kind\\nday' (did you mean 'kind'?); "
            "allowed keys: kind, minutes, intensity, rpe, day, date, name, focus, impact, avg_hr, "
            "hr_seconds, start, type_intensity",
        ),
        (
            '"a\\u2028b" = 1\n',
            "w.toml: unknown top-level key 'a\\u2028b'; a routine has [profile] and [[session]] tables",
        ),
        (
            SESSION.replace("30", HUGE_HEX),
            "w.toml: session 1: minutes: must be a whole number from 1 to 1440 "
            "(got a number too large to show)",
        ),
        (
            SESSION + f"rpe = {HUGE_HEX}\n",
            "w.toml: session 1: rpe: must be a number from 0 to 10 (got a number too large to show)",
        ),
        (
            SESSION + "rpe = 0x" + "F" * 300 + "\n",
            "w.toml: session 1: rpe: must be a number from 0 to 10 (got 1721847945638575061806737769605263548"
            "3579924745448689921733…)",
        ),
        (SESSION + "rpe = nan\n", "w.toml: session 1: rpe: must be a number from 0 to 10 (got nan)"),
        (
            SESSION.replace('"mon"', '"' + "x" * 500 + '"'),
            "w.toml: session 1: day: must be a weekday: mon, tue, wed, thu, fri, sat, sun or the full name "
            "(got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…')",
        ),
    ],
    ids=[
        "newline-key",
        "line-separator-key",
        "huge-minutes",
        "huge-rpe",
        "rpe-too-big-for-float",
        "nan-rpe",
        "long-day",
    ],
)
def test_hostile_values_give_one_short_line(text, message):
    error = routine_error(text)
    assert error == message
    assert len(error.splitlines()) == 1


def test_shown_cuts_long_values_and_escapes_line_breaks():
    assert shown("a\nb") == "'a\\nb'"
    assert shown(list(range(100))) == str(list(range(100)))[: MAX_SHOWN - 1] + "…"
    assert len(shown("é" * 1000)) == MAX_SHOWN
