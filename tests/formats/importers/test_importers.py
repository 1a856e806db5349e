"""myorec's own formats in and out of the log: CSV and JSON."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from myorec.core.entries import Entry
from myorec.core.fields import CSV_COLUMNS
from myorec.core.sessions import Profile, Session
from myorec.errors import InputError
from myorec.formats.importers.myorec_csv import write as write_csv
from tests.helpers import read_file

TODAY = dt.date(2026, 11, 25)
HEADER = "date,kind,minutes,intensity,name,rpe\n"
GOOD_ROW = "2026-11-23,aerobic,30,moderate,walk,\n"


def csv_sessions(text: str) -> list[Session]:
    return [session for session, _source in read_file("csv", text, "s.csv", TODAY)]


def test_csv_columns_are_matched_by_name_in_any_order_and_case():
    text = "Minutes, KIND ,date,rpe\n45,resistance,2026-11-24,7\n20,mobility,2026-11-25,\n"
    assert csv_sessions(text) == [
        Session(kind="resistance", minutes=45, date="2026-11-24", rpe=7),
        Session(kind="mobility", minutes=20, date="2026-11-25"),
    ]


def test_csv_skips_blank_lines_and_reads_a_bom():
    assert csv_sessions("\ufeff" + HEADER + "\n" + GOOD_ROW + ",,,,,\n") == [
        Session(kind="aerobic", minutes=30, date="2026-11-23", intensity="moderate", name="walk")
    ]


WHOLE = "must be a whole number from 1 to 1440"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2026-11-23,aerobic,0,,,", f"line 3, column 'minutes': {WHOLE} (got 0)"),
        ("2026-11-23,aerobic,30.5,,,", f"line 3, column 'minutes': {WHOLE} (got 30.5)"),
        ("2026-11-23,aerobic,half,,,", f"line 3, column 'minutes': {WHOLE} (got 'half')"),
        (
            "2026-11-23,run,30,,,",
            "line 3, column 'kind': must be one of aerobic, resistance, mobility (got 'run')",
        ),
        (
            "2026-11-23,aerobic,30,hard,,",
            "line 3, column 'intensity': must be one of light, moderate, vigorous",
        ),
        (
            "23/11/2026,aerobic,30,,,",
            "line 3, column 'date': must be a date written YYYY-MM-DD (got '23/11/2026')",
        ),
        (",aerobic,30,,,", "line 3, column 'date': a date is required (YYYY-MM-DD)"),
        ("2026-11-23,,30,,,", "line 3, column 'kind': a value is required"),
        ("2026-11-23,aerobic,30,,,11", "line 3, column 'rpe': must be a number from 0 to 10 (got 11)"),
        ("2026-11-23,aerobic,30,light,,4", "line 3: give either intensity or rpe, not both"),
        ("2026-11-23,aerobic,30,,", "line 3: 5 fields, but the header has 6 columns"),
        (
            '2026-11-23,aerobic,30,,"cut short',
            "line 3: a quoted field is never closed (is the file cut short?)",
        ),
        ('2026-11-23,aerobic,30,,"walk"s,', "line 3: not valid CSV (',' expected after '\"')"),
    ],
)
def test_a_bad_csv_row_names_its_line_and_column(row, message):
    with pytest.raises(InputError) as caught:
        csv_sessions(HEADER + GOOD_ROW + row + "\n")
    assert str(caught.value).startswith(f"s.csv: {message}")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "2026-11-23,aerobc,30,",
            "column 'kind': must be one of aerobic, resistance, mobility "
            "(got 'aerobc'; did you mean 'aerobic'?)",
        ),
        (
            "2026-11-23,aerobic,30,Vigourous",
            "column 'type_intensity': must be one of light, moderate, vigorous "
            "(got 'Vigourous'; did you mean 'vigorous'?)",
        ),
    ],
    ids=["kind", "type_intensity"],
)
def test_a_mistyped_word_in_a_csv_row_is_answered_with_the_closest(row, message):
    with pytest.raises(InputError) as caught:
        csv_sessions(f"date,kind,minutes,type_intensity\n{row}\n")
    assert str(caught.value) == f"s.csv: line 2, {message}"


def test_a_start_off_the_sessions_date_names_the_start_column():
    with pytest.raises(InputError) as caught:
        csv_sessions("date,kind,minutes,start\n2026-11-23,aerobic,30,2026-11-24T07:00:00+01:00\n")
    assert str(caught.value) == (
        "s.csv: line 2, column 'start': is on 2026-11-24, not on the session's date, 2026-11-23 "
        "(got '2026-11-24T07:00:00+01:00')"
    )


def test_line_numbers_count_lines_not_rows():
    text = HEADER + '2026-11-23,aerobic,30,,"walk\nwith the dog",\n' + "2026-11-24,aerobic,0,,,\n"
    with pytest.raises(InputError, match=r"^s\.csv: line 4, column 'minutes'"):
        csv_sessions(text)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "date,kind,minute",
            "s.csv: line 1: unknown column 'minute' (did you mean 'minutes'?); myorec's CSV has",
        ),
        ("date,kind,minutes,notes,mood", "s.csv: line 1: unknown columns 'notes', 'mood'"),
        ("date,kind", "s.csv: line 1: missing column 'minutes'"),
        ("date,kind,minutes,Kind", "s.csv: line 1: column 'kind' appears more than once"),
    ],
)
def test_csv_header_problems(header, message):
    with pytest.raises(InputError) as caught:
        csv_sessions(header + "\n")
    assert str(caught.value).startswith(message)


def test_an_empty_csv_says_what_header_it_wants():
    header = re.escape(f"({','.join(CSV_COLUMNS)})")
    with pytest.raises(InputError, match=r"empty file; expected a header line " + header):
        csv_sessions("")


def test_write_csv_reads_back_into_the_same_entries_and_sources():
    pairs = [
        (Session(kind="aerobic", minutes=30, date="2026-11-23", intensity="light", name='"slow"'), None),
        (Session(kind="resistance", minutes=45, date="2026-11-24", rpe=6.5, name="gym\nlegs"), None),
        (Session(kind="mobility", minutes=20, date="2026-11-24", rpe=7, name="yoga – Ölberg"), None),
        (Session(kind="aerobic", minutes=1440, date="1900-01-01"), "strava:1234"),
    ]
    out = io.StringIO()
    entries = [Entry(number, session, source) for number, (session, source) in enumerate(pairs, 1)]
    write_csv(entries, out, Profile())
    assert out.getvalue().splitlines()[:2] == [
        "date,kind,minutes,intensity,name,rpe,focus,impact,avg_hr,type_intensity,start,hr_seconds,source",
        '2026-11-23,aerobic,30,light,"""slow""",,,,,,,,',
    ]
    assert out.getvalue().splitlines()[-1] == "1900-01-01,aerobic,1440,,,,,,,,,,strava:1234"
    assert read_file("csv", out.getvalue(), "s.csv", TODAY) == pairs


def test_json_reads_entry_objects_and_ignores_ids():
    text = (
        '[{"id": 4, "date": "2026-11-23", "kind": "aerobic", "minutes": 30, "intensity": null, "rpe": 6.5},'
        ' {"id": 5, "date": "2026-11-24", "kind": "aerobic", "minutes": 20, "source": "strava:77"}]'
    )
    assert read_file("json", text, "e.json", TODAY) == [
        (Session(kind="aerobic", minutes=30, date="2026-11-23", rpe=6.5), None),
        (Session(kind="aerobic", minutes=20, date="2026-11-24"), "strava:77"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"date": "2026-11-23"}',
            "e.json: expected a JSON object with 'profile' and 'entries', as the log's JSON export writes",
        ),
        (
            '{"entries": [], "profil": {}}',
            "e.json: unknown key 'profil' (did you mean 'profile'?); "
            "expected a JSON object with 'profile' and 'entries', as the log's JSON export writes",
        ),
        (
            '{"entries": [], "profile": {"age": 0}}',
            "e.json: profile, field 'age': must be a whole number from 5 to 120 (got 0)",
        ),
        ('{"entries": [], "profile": [52]}', 'e.json: profile: must be an object such as {"age": 52}'),
        ('"walk"', "e.json: expected a JSON object with 'profile' and 'entries'"),
        (
            '[{"date": "2026-11-23", "kind": "aerobic", "minutes": 30, "source": 7}]',
            "e.json: entry 1, field 'source': must be a short text such as 'strava:1234' (got 7)",
        ),
        ("[1]", "e.json: entry 1: expected an object with id, date, kind, minutes, intensity, rpe, name"),
        (
            '[{"date": "2026-11-23", "kind": "aerobic", "minute": 3}]',
            "e.json: entry 1: unknown field 'minute' (did you mean 'minutes'?)",
        ),
        (
            '[{"date": "2026-11-23", "kind": "aerobic", "minutes": 30},\n'
            ' {"kind": "aerobic", "minutes": "30"}]',
            "e.json: entry 2, field 'minutes': must be a whole number from 1 to 1440 (got '30')",
        ),
        (
            '[{"date": "2026-11-23",\n  "kind": aerobic}]',
            "e.json: line 2, column 11: invalid JSON: Expecting value",
        ),
    ],
)
def test_json_errors_name_the_entry_and_field(text, message):
    with pytest.raises(InputError) as caught:
        read_file("json", text, "e.json", TODAY)
    assert str(caught.value).startswith(message)


def test_a_csv_source_is_kept_as_written_like_a_json_one():
    text = "date,kind,minutes,source\n2026-11-23,aerobic,30, src:1\n2026-11-26,aerobic,10,src:1\n"
    assert [source for _session, source in read_file("csv", text, "s.csv", TODAY)] == [" src:1", "src:1"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "date,kind,minutes,source\n2026-11-23,aerobic,30,strava:1\n2026-11-24,aerobic,30,strava:1\n",
            "s.csv: line 3, column 'source': 'strava:1' is also the source of line 2, a different session",
        ),
        (
            "date,kind,minutes,source\n2026-11-23,aerobic,30,strava:\t1\n",
            "s.csv: line 2, column 'source': must be a short text such as 'strava:1234' (got 'strava:\\t1')",
        ),
    ],
    ids=["one-source-two-sessions", "tab-in-source"],
)
def test_a_source_names_one_activity_and_is_one_short_line(text, message):
    with pytest.raises(InputError) as caught:
        csv_sessions(text)
    assert str(caught.value) == message


def test_one_activity_listed_twice_in_a_file_is_no_error():
    row = "2026-11-23,aerobic,30,strava:1\n"
    assert len(read_file("csv", "date,kind,minutes,source\n" + row + row, "s.csv", TODAY)) == 2
