"""GPX tracks and TCX activities: real files from public repositories, and small written ones."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from myorec.core.sessions import Kind
from myorec.errors import InputError
from myorec.formats.importers.common import Skips
from tests.helpers import DATA, read_file

TODAY = dt.date(2026, 11, 25)


def items(file_format, name_or_data, shipped_map, **context):
    data = (DATA / name_or_data).read_bytes() if isinstance(name_or_data, str) else name_or_data
    return read_file(file_format, data, "t." + file_format, TODAY, shipped_map, Skips(), **context)


def summary(found):
    return [
        (
            s.kind,
            s.minutes,
            s.avg_hr,
            s.start.isoformat(),
            s.name,
            sum(x for _, x in s.hr_seconds or ()),
            source,
        )
        for s, source in found
    ]


def test_a_strava_gpx_run_with_hr_on_every_point_takes_its_kind_from_the_option(shipped_map):
    assert summary(items("gpx", "togeojson_run_gpxtpx_first500.gpx", shipped_map, kind=Kind.AEROBIC)) == [
        (
            Kind.AEROBIC,
            11,
            166.6,
            "2015-01-19T21:24:20+00:00",
            "Greeting SF with a dumb, dumb route",
            498,
            "gpx:2015-01-19T21:24:20Z",
        )
    ]


def test_a_gpx_without_a_type_asks_for_the_kind(shipped_map):
    with pytest.raises(InputError) as caught:
        items("gpx", "togeojson_missing_hr.gpx", shipped_map)
    assert str(caught.value) == (
        "t.gpx: track 1: has no activity type: give --kind aerobic, resistance or mobility"
    )


def test_garmin_connects_gpx_names_its_type_and_writes_the_extension_under_another_prefix(shipped_map):
    [(session, _)] = items("gpx", "gpxpy_garmin_gpxtpx.gpx", shipped_map)
    assert (session.kind, session.avg_hr, session.name) == (Kind.AEROBIC, 113.0, "roadbiking test track")


def test_a_gpx_with_waypoints_but_no_track_has_nothing_to_import(shipped_map):
    with pytest.raises(InputError) as caught:
        items("gpx", "gpxpy_gpx_with_garmin_extension.gpx", shipped_map)
    assert str(caught.value) == (
        "t.gpx: holds no track with timestamps (<trk> points with <time>): nothing to import"
    )


GPX = """<?xml version="1.0"?>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"
     xmlns:tp="http://www.garmin.com/xmlschemas/TrackPointExtension/v2">
 <trk><name>Hill repeats</name><type>running</type>
  <trkseg>
   <trkpt lat="1" lon="1"><time>2026-11-16T06:00:00Z</time>
    <extensions><tp:TrackPointExtension><tp:hr>120</tp:hr></tp:TrackPointExtension></extensions></trkpt>
   <trkpt lat="1" lon="1"><time>2026-11-16T06:10:00Z</time>
    <extensions><tp:TrackPointExtension><tp:hr>150</tp:hr></tp:TrackPointExtension></extensions></trkpt>
  </trkseg>
  <trkseg>
   <trkpt lat="1" lon="1"><time>2026-11-16T06:30:00Z</time></trkpt>
   <trkpt lat="1" lon="1"><time>2026-11-16T06:50:00Z</time></trkpt>
  </trkseg>
 </trk>
</gpx>
"""


def test_gpx_minutes_add_up_the_segments_and_leave_out_the_pause_between_them(shipped_map):
    [(session, source)] = items("gpx", GPX.encode(), shipped_map)
    assert (session.kind, session.impact, session.minutes, session.avg_hr) == (Kind.AEROBIC, True, 30, 135.0)
    assert session.hr_seconds is None  # samples ten minutes apart are no samples
    assert source == "gpx:2026-11-16T06:00:00Z/running"
    assert items("gpx", gzip.compress(GPX.encode()), shipped_map) == [(session, source)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GPX[: len(GPX) // 2],
            "t.gpx: line 7, column 84: not well-formed XML (unclosed token; is the file cut short?)",
        ),
        ("<gpx><trk><trkseg><trkpt/></trkseg></trk></gpx>", "t.gpx: holds no track with timestamps"),
    ],
    ids=["cut-short", "no-times"],
)
def test_a_damaged_gpx_is_one_located_line(shipped_map, text, message):
    with pytest.raises(InputError) as caught:
        items("gpx", text.encode(), shipped_map)
    assert str(caught.value).startswith(message)
    assert len(str(caught.value).splitlines()) == 1


def test_a_tcx_run_takes_its_laps_time_and_the_lap_weighted_heart_rate(shipped_map):
    assert summary(items("tcx", "tcxparser_test.tcx", shipped_map)) == [
        (
            Kind.AEROBIC,
            33,
            160.2,
            "2012-12-26T21:29:53+00:00",
            "Aerobics",
            1984,
            "tcx:2012-12-26T21:29:53Z/Running",
        )
    ]
    [(no_hr, _)] = items("tcx", "tcxparser_no_hr.tcx", shipped_map)
    assert (no_hr.minutes, no_hr.avg_hr, no_hr.hr_seconds) == (33, None, None)


def test_a_tcx_of_sport_other_needs_the_kind(shipped_map):
    with pytest.raises(InputError) as caught:
        items("tcx", "tcxparser_sup_activity_1.tcx", shipped_map)
    assert str(caught.value) == (
        "t.tcx: activity 1: activity type 'Other' is not in the activity mapping: "
        "give --kind aerobic, resistance or mobility"
    )
    [(session, _)] = items("tcx", "tcxparser_sup_activity_1.tcx", shipped_map, kind=Kind.AEROBIC)
    assert (session.minutes, session.avg_hr, session.start.isoformat()) == (
        19,
        87.9,
        "2022-07-16T16:08:25+00:00",
    )
