"""FIT activity files: generated ones byte by byte, and the real files of ../shared/data/fit."""

from __future__ import annotations

import datetime as dt
import gzip
from zoneinfo import ZoneInfo

import pytest

from myorec.core.sessions import Kind
from myorec.errors import InputError
from myorec.formats.importers.common import Skips
from myorec.formats.importers.fit import sniff
from tests.fitfiles import activity_file, settings_file
from tests.helpers import SHARED_FIT, read_file

TODAY = dt.date(2026, 11, 25)
#: 2025-11-17T15:00:00Z, a Monday.
T0 = 1763391600
STRENGTH_RUN_STRENGTH = [
    ("training", "strength_training", 0, 300, 100),
    ("running", "generic", 400, 900, 150),
    ("training", "strength_training", 1400, 300, 120),
]


def fit_items(data, shipped_map, skips=None, zone=dt.UTC):
    return read_file("fit", data, "a.fit", TODAY, shipped_map, skips, zone=zone)


def test_each_session_is_an_entry_with_its_own_heart_rate_samples(shipped_map):
    items = fit_items(activity_file(T0, STRENGTH_RUN_STRENGTH, step=3), shipped_map)
    assert [(s.kind, s.minutes, s.avg_hr, s.impact, source) for s, source in items] == [
        (Kind.RESISTANCE, 5, 100.0, False, "fit:2025-11-17T15:00:00Z/training"),
        (Kind.AEROBIC, 15, 150.0, True, "fit:2025-11-17T15:06:40Z/running"),
        (Kind.RESISTANCE, 5, 120.0, False, "fit:2025-11-17T15:23:20Z/training"),
    ]
    # Records every 3 s: each holds until the next, the last of a session counts nothing.
    assert [session.hr_seconds for session, _ in items] == [((100, 297),), ((150, 897),), ((120, 297),)]
    assert items[1][0].start == dt.datetime(2025, 11, 17, 15, 6, 40, tzinfo=dt.UTC)


def test_minutes_come_from_the_timer_and_the_start_goes_into_the_profiles_zone(shipped_map):
    # 23:30 UTC on Monday is 15:30 on Monday in Los Angeles and 08:30 on Tuesday in Tokyo.
    data = activity_file(T0 + 8 * 3600 + 30 * 60, [("running", None, 0, 1800, 140)])
    for zone, date, clock in (
        ("America/Los_Angeles", "2025-11-17", "15:30"),
        ("Asia/Tokyo", "2025-11-18", "08:30"),
    ):
        [(session, _)] = fit_items(data, shipped_map, zone=ZoneInfo(zone))
        assert (session.date.isoformat(), session.start.strftime("%H:%M"), session.minutes) == (
            date,
            clock,
            30,
        )


def test_a_gzipped_file_reads_as_the_file(shipped_map):
    data = activity_file(T0, STRENGTH_RUN_STRENGTH, step=3)
    assert fit_items(gzip.compress(data), shipped_map) == fit_items(data, shipped_map)


def test_transitions_are_left_out_and_unmapped_sports_listed(shipped_map):
    parts = [
        ("swimming", "open_water", 0, 600, 140),
        ("transition", None, 600, 60, 150),
        ("sailing", None, 700, 600, 100),
    ]
    skips = Skips()
    items = fit_items(activity_file(T0, parts), shipped_map, skips)
    assert [(s.kind, s.minutes) for s, _ in items] == [(Kind.AEROBIC, 10)]
    assert [(s.date.isoformat(), s.type) for s in skips.unmapped] == [("2025-11-17", "sailing")]


def test_hiit_counts_vigorous_from_the_mapping_when_nothing_better_is_known(shipped_map):
    [(session, _)] = fit_items(activity_file(T0, [("training", "hiit", 0, 1200, 150)]), shipped_map)
    assert session.type_intensity.value == "vigorous"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (settings_file(T0), "a.fit: is a FIT settings file, not an activity: there is nothing to import"),
        (b"", "a.fit: empty or not a FIT file: it holds no file_id message"),
        (b"<?xml version='1.0'?><gpx></gpx>", "a.fit: not a FIT file (it does not start with a FIT header)"),
        (
            activity_file(T0, STRENGTH_RUN_STRENGTH)[:2000],
            "a.fit: the FIT file ends early, at byte 2,000 (is it cut short?); nothing was imported",
        ),
        (
            gzip.compress(activity_file(T0, STRENGTH_RUN_STRENGTH))[:500],
            "a.fit: the gzip data ends early (is the file cut short?)",
        ),
    ],
    ids=["settings", "empty", "gpx", "truncated", "truncated-gzip"],
)
def test_a_file_that_is_no_activity_or_is_damaged_is_one_line(shipped_map, data, message):
    with pytest.raises(InputError) as caught:
        fit_items(data, shipped_map)
    assert str(caught.value) == message


def test_a_bad_file_crc_is_not_checked_but_damaged_data_is_refused(shipped_map):
    data = activity_file(T0, STRENGTH_RUN_STRENGTH)
    bad_crc = data[:-2] + bytes([data[-2] ^ 0xFF, data[-1]])
    assert fit_items(bad_crc, shipped_map) == fit_items(data, shipped_map)
    flipped = bytearray(data)
    flipped[14] = 0x4F  # the first definition's header now names local message 15, then data for 0 follows
    with pytest.raises(InputError, match=r"^a\.fit: damaged FIT file at byte "):
        fit_items(bytes(flipped), shipped_map)


def test_sniff_knows_a_fit_header():
    assert sniff(activity_file(T0, STRENGTH_RUN_STRENGTH)[:64])
    assert not sniff(b"date,kind,minutes\n")


#: What each real file holds: (kind, minutes, avg HR, has samples) per session, or its one-line error.
REAL = {
    "2013-02-06-12-11-14.fit": [(Kind.AEROBIC, 44, 147.0, True)],
    "20170518-191602-1740899583.fit": [(Kind.AEROBIC, 28, 132.0, True)],
    "2019-02-17-062644-ELEMNT-297E-195-0.fit": [(Kind.AEROBIC, 225, 124.0, True)],
    "event_timestamp.fit": [(Kind.AEROBIC, 73, 142.0, False)],
    "garmin-connect-20555050352.fit": [
        (Kind.RESISTANCE, 6, 82.0, True),
        (Kind.AEROBIC, 17, 103.0, True),
        (Kind.RESISTANCE, 20, 100.0, True),
    ],
    "garmin-connect-20744294788.fit": [(Kind.AEROBIC, 10, 115.0, True), (Kind.RESISTANCE, 64, 114.0, True)],
    "garmin-connect-20747700969.fit": [(Kind.AEROBIC, 30, 113.0, True)],
    "sample_mulitple_header.fit": [
        (Kind.AEROBIC, 33, 165.0, True),
        (Kind.AEROBIC, 74, 172.0, True),
        (Kind.AEROBIC, 48, 176.0, True),
    ],
    "activity-settings-nodata.fit": (
        "the FIT file ends early, at byte 786 (is it cut short?); nothing was imported"
    ),
    "nick.fit": "the FIT file ends early, at byte 403,456 (is it cut short?); nothing was imported",
    "strava-android-app-201.10-b1218918.fit": (
        "damaged FIT file at byte 7,471 (local message 11 not defined); nothing was imported"
    ),
}


@pytest.mark.skipif(SHARED_FIT is None, reason="the real FIT files of ../shared/data/fit are not here")
@pytest.mark.parametrize("name", sorted(REAL))
def test_the_real_fit_files(shipped_map, name):
    assert SHARED_FIT is not None
    data = (SHARED_FIT / name).read_bytes()
    expected = REAL[name]
    if isinstance(expected, str):
        with pytest.raises(InputError) as caught:
            fit_items(data, shipped_map)
        assert str(caught.value) == f"a.fit: {expected}"
        return
    items = fit_items(data, shipped_map)
    assert [(s.kind, s.minutes, s.avg_hr, s.hr_seconds is not None) for s, _ in items] == expected
    for session, _ in items:
        assert sum(seconds for _, seconds in session.hr_seconds or ()) <= session.minutes * 60 * 2
