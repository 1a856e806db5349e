"""Garmin Connect's Activities.csv in its header versions and locales."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from myorec.core.sessions import Kind
from myorec.errors import InputError
from myorec.formats.importers.common import Skips
from myorec.formats.importers.garmin_csv import sniff
from tests.helpers import DATA, read_file

TODAY = dt.date(2026, 11, 25)
BERLIN = ZoneInfo("Europe/Berlin")


def items(text, shipped_map, skips=None):
    data = (DATA / text).read_bytes() if text.endswith(".csv") else text
    return read_file("garmin-csv", data, "Activities.csv", TODAY, shipped_map, skips, zone=BERLIN)


EXPECTED = [
    # kind, minutes (Moving Time when given), avg HR, local start, name, impact, type intensity
    (Kind.AEROBIC, 38, 150.0, "2026-11-17T07:02:11+01:00", "Morning Run", True, None),
    (Kind.RESISTANCE, 31, 104.0, "2026-11-16T18:29:43+01:00", "Strength", False, None),
    (Kind.AEROBIC, 28, 155.0, "2026-11-15T06:30:00+01:00", "Intervals, 6x400", True, None),
    (Kind.MOBILITY, 40, 88.0, "2026-11-14T20:00:05+01:00", "Yoga", False, None),
    (Kind.AEROBIC, 161, 126.0, "2026-11-13T08:00:00+01:00", "Ruck 20 kg", False, None),
    (Kind.AEROBIC, 25, 98.0, "2026-11-12T12:10:00+01:00", "Lunch walk", False, None),
]


def summary(found):
    return [
        (s.kind, s.minutes, s.avg_hr, s.start.isoformat(), s.name, s.impact, s.type_intensity)
        for s, _ in found
    ]


@pytest.mark.parametrize("name", ["garmin_activities_2026_en.csv", "garmin_activities_2026_comma.csv"])
def test_the_2026_export_in_english_and_with_decimal_commas(shipped_map, name):
    found = items(name, shipped_map)
    assert summary(found) == EXPECTED
    assert found[0][1] == "garmin:2026-11-17T07:02:11/Running"


def test_the_2020_export_has_activity_time_and_us_dates(shipped_map):
    found = items("garmin_activities_2020.csv", shipped_map)
    assert [(s.kind, s.minutes, s.start.isoformat()) for s, _ in found][:2] == [
        (Kind.AEROBIC, 38, "2020-11-17T07:02:00+01:00"),
        (Kind.RESISTANCE, 49, "2020-11-16T18:29:00+01:00"),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ('Running,2026-11-17 07:02:11,false,"Run","--","--"', "line 2, column 'Time': has no duration"),
        ('Running,17/11/2026,false,"Run","00:30:00","--"', "line 2, column 'Date': cannot read '17/11/2026'"),
        (
            'Running,2026-11-17 07:02:11,false,"Run","half an hour","--"',
            "line 2, column 'Time': must be a duration",
        ),
        (
            'Running,2026-11-17 07:02:11,false,"Run","00:30:00","fast"',
            "line 2, column 'Avg HR': must be a heart",
        ),
    ],
)
def test_a_bad_row_names_its_line_and_column(shipped_map, row, message):
    text = "Activity Type,Date,Favorite,Title,Time,Avg HR\n" + row + "\n"
    with pytest.raises(InputError) as caught:
        items(text, shipped_map)
    assert str(caught.value).startswith(f"Activities.csv: {message}")


def test_unknown_types_are_listed_and_multisport_left_out_silently(shipped_map):
    text = (
        "Activity Type,Date,Favorite,Title,Time,Avg HR\n"
        "Multisport,2026-11-17 07:00:00,false,Brick,01:00:00,--\n"
        'Sky Diving,2026-11-18 10:00:00,false,"Jump!",00:05:00,--\n'
    )
    skips = Skips()
    assert items(text, shipped_map, skips) == []
    assert [(s.date.isoformat(), s.name, s.type) for s in skips.unmapped] == [
        ("2026-11-18", "Jump!", "Sky Diving")
    ]


def test_sniff_tells_garmin_from_strava_and_myorec():
    assert sniff((DATA / "garmin_activities_2026_comma.csv").read_bytes()[:4096])
    assert sniff(b"Activity Type,Date,Favorite,Title\n")
    assert not sniff(b"Activity ID,Activity Date,Activity Name,Activity Type\n")
    assert not sniff(b"date,kind,minutes\n")
