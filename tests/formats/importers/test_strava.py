"""Strava's bulk export: activities.csv (real and written), and the zip with its per-activity files."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest

from myorec.core.sessions import Kind, Session
from myorec.errors import InputError
from myorec.formats.importers.common import Skips
from tests.fitfiles import activity_file
from tests.helpers import DATA, read_file, strava_csv

TODAY = dt.date(2026, 11, 25)
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def items(data, shipped_map, skips=None, label="activities.csv", **context):
    return read_file(
        "strava", data, label, TODAY, shipped_map, skips if skips is not None else Skips(), **context
    )


def test_columns_are_found_by_position_and_types_mapped(shipped_map):
    text = strava_csv(
        {
            "id": 101,
            "date": "Nov 16, 2026, 7:02:11 AM",
            "name": "Morning, easy",
            "type": "Run",
            "seconds": 1894,
        },
        {"id": 102, "date": "2026-11-17 18:30:00", "name": "Gym", "type": "Weight Training", "seconds": 2760},
        {"id": 103, "date": "Nov 18, 2026, 12:00:00 PM", "type": "WeightTraining", "seconds": 89},
        {
            "id": 104,
            "date": "Nov 19, 2026, 9:15:00 PM",
            "name": "Mystery",
            "type": "Workout",
            "seconds": 7200,
        },
        {"id": 105, "date": "Nov 20, 2026, 6:00:00 AM", "type": "Hike", "seconds": 90000},
    )
    skips = Skips()
    found = items(text, shipped_map, skips)
    # Minutes from Moving Time (the helper writes it a minute shorter), the average heart rate kept.
    assert [(s.kind, s.minutes, s.name, s.avg_hr, s.impact, source) for s, source in found] == [
        (Kind.AEROBIC, 31, "Morning, easy", 142.3, True, "strava:101"),
        (Kind.RESISTANCE, 45, "Gym", 142.3, False, "strava:102"),
        (Kind.RESISTANCE, 1, None, 142.3, False, "strava:103"),
    ]
    assert [(s.date.isoformat(), s.name, s.type) for s in skips.unmapped] == [
        ("2026-11-19", "Mystery", "Workout")
    ]
    assert [(s.date.isoformat(), s.type) for s in skips.too_long] == [("2026-11-20", "Hike")]


def test_a_sunday_evening_run_in_california_stays_on_sunday(shipped_map):
    # Strava writes UTC: 02:30 on Monday the 23rd is 18:30 on Sunday the 22nd in Los Angeles.
    text = strava_csv({"id": 1, "date": "Nov 23, 2026, 2:30:00 AM", "type": "Run", "seconds": 2460})
    [(session, _)] = items(text, shipped_map, zone=LOS_ANGELES)
    assert session.date == dt.date(2026, 11, 22)
    assert session.start.isoformat() == "2026-11-22T18:30:00-08:00"
    [(in_utc, _)] = items(text, shipped_map)
    assert in_utc.date == dt.date(2026, 11, 23)


def test_the_real_export_takes_moving_time_not_a_watch_left_running(shipped_map):
    skips = Skips()
    found = items((DATA / "jobo_activities_excerpt.csv").read_bytes(), shipped_map, skips)
    assert len(found) == 31
    first = found[0][0]
    # Elapsed Time 2833 s, Moving Time 2499 s.
    assert (first.name, first.minutes, first.start.isoformat()) == (
        "Lunch Ride",
        42,
        "2014-10-05T16:15:21+00:00",
    )
    assert not skips


def test_perceived_exertion_is_the_rpe_and_decides_before_the_average_heart_rate(shipped_map):
    text = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Average Heart Rate,"
        "Perceived Exertion\n"
        '7,"Nov 16, 2026, 7:02:11 AM",Tempo,Run,1800,150.0,8.0\n'
        '8,"Nov 17, 2026, 7:02:11 AM",Easy,Run,1800,,\n'
    )
    [(tempo, _), (easy, _)] = items(text, shipped_map)
    assert (tempo.rpe, tempo.avg_hr, tempo.minutes) == (8.0, 150.0, 30)
    assert (easy.rpe, easy.avg_hr) == (None, None)


@pytest.mark.parametrize(("seconds", "minutes"), [(0, 1), (29, 1), (89, 1), (90, 2), (86400, 1440)])
def test_seconds_become_whole_minutes_rounded_at_least_one(shipped_map, seconds, minutes):
    text = (
        f'Activity ID,Activity Date,Activity Type,Elapsed Time\n1,"Nov 16, 2026, 7:02:11 AM",Walk,{seconds}\n'
    )
    assert items(text, shipped_map)[0][0].minutes == minutes


@pytest.mark.parametrize(
    ("activity", "message"),
    [
        (
            {"date": "16.11.2026 07:02", "seconds": 60},
            "line 3, column 'Activity Date': cannot read '16.11.2026 07:02' as a date "
            "(expected e.g. 'Nov 16, 2026, 7:02:11 AM')",
        ),
        (
            {"date": "Nov 31, 2026, 7:02:11 AM", "seconds": 60},
            "line 3, column 'Activity Date': is not a real day: November 2026 has 30 days "
            "(got 'Nov 31, 2026, 7:02:11 AM')",
        ),
        (
            {"date": "Feb 29, 2026, 7:02:11 AM", "seconds": 60},
            "line 3, column 'Activity Date': is not a real day: February 2026 has 28 days",
        ),
        (
            {"date": "Nov 16, 2026, 7:02:11 AM", "seconds": "n/a"},
            "line 3, column 'Elapsed Time': must be a number of seconds (got 'n/a')",
        ),
        (
            {"date": "Nov 16, 2028, 7:02:11 AM", "seconds": 60},
            "line 3, column 'Activity Date': must not be more than one day in the future (got 2028-11-16)",
        ),
        ({"date": "", "seconds": 60}, "line 3, column 'Activity Date': a value is required"),
        (
            {"id": "12\t34", "date": "Nov 16, 2026, 7:02:11 AM", "seconds": 60},
            "line 3, column 'Activity ID': must be a short text such as 'strava:1234'",
        ),
    ],
)
def test_a_bad_row_names_its_line_and_column(shipped_map, activity, message):
    good = {"id": 1, "date": "Nov 15, 2026, 7:02:11 AM", "type": "Walk", "seconds": 600}
    text = strava_csv(good, {"id": 2, "type": "Run", **activity})
    with pytest.raises(InputError) as caught:
        items(text, shipped_map)
    assert str(caught.value).startswith(f"activities.csv: {message}")


def test_a_file_without_strava_columns_is_refused(shipped_map):
    with pytest.raises(InputError) as caught:
        items("date,kind,minutes\n2026-11-23,aerobic,30\n", shipped_map)
    assert str(caught.value) == (
        "activities.csv: line 1: missing column 'Activity ID'; "
        "expected the activities.csv of a Strava bulk export (English headers)"
    )


#: 2026-11-16T06:00:00Z
T0 = 1794808800


def bulk_export(folder=""):
    """A bulk export's zip: activities.csv and the FIT, GPX and damaged files its Filename column names."""
    header = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Moving Time,Filename\n"
    rows = (
        '1,"Nov 16, 2026, 6:00:00 AM",Intervals,Run,1800,1800,activities/1.fit.gz\n'
        '2,"Nov 17, 2026, 6:00:00 AM",Ride,Ride,3600,3500,activities/2.gpx.gz\n'
        '3,"Nov 18, 2026, 6:00:00 AM",Cut,Run,1200,1200,activities/3.fit.gz\n'
        '4,"Nov 19, 2026, 6:00:00 AM",Gone,Walk,1200,1200,activities/4.fit.gz\n'
        '5,"Nov 20, 2026, 6:00:00 AM",Old,Walk,1200,1200,activities/5.gpx\n'
    )
    gpx = (
        '<gpx xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
        + "".join(
            f'<trkpt lat="1" lon="1"><time>2026-11-17T06:{minute:02d}:00Z</time>'
            f"<extensions><hr>{100 + minute}</hr></extensions></trkpt>"
            for minute in range(0, 60, 1)
        )
        + "</trkseg></trk></gpx>"
    )
    fit = activity_file(T0, [("running", None, 0, 1800, 160)], step=2)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(f"{folder}activities.csv", header + rows)
        archive.writestr(f"{folder}activities/1.fit.gz", gzip.compress(fit))
        archive.writestr(f"{folder}activities/2.gpx.gz", gzip.compress(gpx.encode()))
        archive.writestr(f"{folder}activities/3.fit.gz", gzip.compress(fit)[:200])
        archive.writestr(f"{folder}activities/5.gpx", "<gpx><trk><trkseg><trkpt>")
        archive.writestr(f"{folder}media/photo.jpg", b"\xff\xd8\xff")
    return out.getvalue()


@pytest.mark.parametrize("folder", ["", "export_12345/"])
def test_the_bulk_zip_adds_each_activitys_heart_rate_samples_from_its_own_file(shipped_map, folder):
    skips = Skips()
    found = items(bulk_export(folder), shipped_map, skips, label="export.zip")
    by_name = {session.name: session for session, _ in found}
    assert by_name["Intervals"].hr_seconds == ((160, 1798),)
    assert by_name["Ride"].hr_seconds == tuple((bpm, 60) for bpm in range(100, 159))
    assert by_name["Ride"].minutes == 58  # Moving Time
    for name in ("Cut", "Gone", "Old"):
        assert by_name[name].hr_seconds is None
    assert skips.unread == [
        "activities/3.fit.gz: the gzip data ends early (is the file cut short?)",
        "activities/4.fit.gz: missing",
        "activities/5.gpx: line 1, column 26: not well-formed XML (no element found; is the file cut short?)",
    ]


def test_an_unpacked_export_folder_finds_the_files_beside_activities_csv(shipped_map, tmp_path):
    with zipfile.ZipFile(io.BytesIO(bulk_export())) as archive:
        archive.extractall(tmp_path)
    csv_path = tmp_path / "activities.csv"
    skips = Skips()
    found = items(csv_path.read_bytes(), shipped_map, skips, label=str(csv_path), path=csv_path)
    assert {session.name: session.hr_seconds for session, _ in found}["Intervals"] == ((160, 1798),)
    assert "activities/4.fit.gz: missing" in skips.unread
    # A Filename reaching out of the export is no file of it.
    (tmp_path / "outside.fit").write_bytes(activity_file(T0, [("running", None, 0, 60, 170)]))
    text = (
        "Activity ID,Activity Date,Activity Type,Elapsed Time,Filename\n"
        '9,"Nov 16, 2026, 6:00:00 AM",Run,60,../outside.fit\n'
    )
    inner = tmp_path / "export" / "activities.csv"
    inner.parent.mkdir()
    inner.write_text(text)
    skips = Skips()
    [(session, _)] = items(text, shipped_map, skips, path=inner)
    assert session.hr_seconds is None
    assert skips.unread == ["../outside.fit: missing"]
    # activities.csv taken out of its export (no activities folder beside it), or read from no
    # file at all, has no export to look in: nothing is missing.
    alone = tmp_path / "alone" / "activities.csv"
    alone.parent.mkdir()
    alone.write_bytes(csv_path.read_bytes())
    for path in (alone, None):
        skips = Skips()
        assert len(items(alone.read_bytes(), shipped_map, skips, path=path)) == 5
        assert skips.unread == []


def test_a_zip_without_activities_csv_is_no_strava_export(shipped_map):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(InputError) as caught:
        items(out.getvalue(), shipped_map, label="export.zip")
    assert str(caught.value) == "export.zip: no activities.csv in this zip: is it Strava's bulk export?"


def test_sessions_compare_as_before_for_rows_without_the_new_columns(shipped_map):
    text = 'Activity ID,Activity Date,Activity Type,Elapsed Time\n1,"Nov 16, 2026, 7:02:11 AM",Yoga,1200\n'
    [(session, source)] = items(text, shipped_map)
    start = dt.datetime(2026, 11, 16, 7, 2, 11, tzinfo=dt.UTC)
    assert session == Session(kind="mobility", minutes=20, date="2026-11-16", start=start)
    assert source == "strava:1"


def test_the_kind_option_does_not_map_an_exports_unknown_types(shipped_map):
    text = 'Activity ID,Activity Date,Activity Type,Elapsed Time\n1,"Nov 16, 2026, 7:02:11 AM",Workout,1200\n'
    skips = Skips()
    assert items(text, shipped_map, skips, kind=Kind.AEROBIC) == []
    assert [skip.type for skip in skips.unmapped] == ["Workout"]
