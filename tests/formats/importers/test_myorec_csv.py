"""myorec's CSV format reads back exactly what it wrote, whatever a session's name holds."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from myorec.core.entries import Entry, build_session
from myorec.core.sessions import Profile
from myorec.formats.importers.myorec_csv import write as write_csv
from tests.helpers import read_file


@pytest.mark.parametrize(
    "name",
    ["0\r", "a\rb\r", "a\nb", 'q"\r\n', "a\x00b", 'comma, and "quote"', "x\u2028y", " padded "],
    ids=["lone-cr", "two-cr", "lf", "quote-crlf", "nul", "comma-quote", "line-separator", "padded"],
)
def test_a_name_with_any_characters_survives_export_and_import(name):
    today = dt.date(2026, 11, 25)
    sessions = [
        build_session(
            {"kind": "aerobic", "minutes": 30, "date": "2026-11-23", "name": name, "rpe": 6.5}, today
        ),
        build_session({"kind": "resistance", "minutes": 45, "date": "2026-11-24"}, today),
    ]
    assert sessions[0].name == name
    out = io.StringIO()
    write_csv([Entry(number, session) for number, session in enumerate(sessions, 1)], out, Profile())
    assert read_file("csv", out.getvalue(), "log.csv", today) == [(session, None) for session in sessions]
