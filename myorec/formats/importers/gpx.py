"""GPX tracks with timestamps (also gzipped, ``.gpx.gz``): one entry per ``<trk>``.

The kind comes from the track's ``<type>`` through the ``[gpx]`` table of the
activity mapping, else from ``--kind``, else the import asks for it. Minutes
are the time from the first to the last point of each segment, added up over
the segments (a pause between segments does not count). Heart rate comes from
each point's Garmin TrackPointExtension ``hr`` (any namespace prefix: Garmin
Connect writes ``ns3:``, Strava ``gpxtpx:``). Routes and waypoints are not
activities and are left alone. Streamed: each point is dropped once read.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import BinaryIO

from myorec.errors import InputError
from myorec.formats.importers.common import (
    ImportContext,
    Imported,
    Recorded,
    activities_of,
    gunzipped,
    iso_time,
    local_name,
    number_in,
    read_errors,
    recording_id,
    time_at_heart_rate,
)

#: Heart-rate elements inside a point's extensions (Garmin's TrackPointExtension; Cluetrust's gpxdata).
_HEART_RATE = frozenset({"hr", "heartrate"})


def sniff(head: bytes) -> bool:
    return b"<gpx" in head[:2048]


def read(stream: BinaryIO, context: ImportContext) -> Iterator[Imported]:
    """(session, source id) pairs, one per track."""
    return activities_of(recordings(stream), "gpx", context, item="track", kind_required=True)


def recordings(stream: BinaryIO) -> Iterator[Recorded]:
    """Each track with timestamps, as recorded; an error for a file without one."""
    found = 0
    number = 0
    name = kind = None
    segments: list[list[tuple[float, float | None]]] = []
    point_time: str | None = None
    point_hr: float | None = None
    depth = 0  # inside a <trk>: how many elements deep, so a <name> of a point is not the track's
    with read_errors():
        for event, element in ET.iterparse(gunzipped(stream), events=("start", "end")):
            tag = local_name(element.tag)
            if event == "start":
                if tag == "trk":
                    number += 1
                    name = kind = None
                    segments = []
                    depth = 0
                elif number:
                    depth += 1
                    if tag == "trkseg":
                        segments.append([])
                continue
            if tag == "trk":
                recorded = _track(number, name, kind, segments)
                if recorded is not None:
                    found += 1
                    yield recorded
                element.clear()
                continue
            depth -= 1
            if tag == "name" and depth == 0:
                name = (element.text or "").strip() or None
            elif tag == "type" and depth == 0:
                kind = (element.text or "").strip() or None
            elif tag == "time":
                point_time = element.text
            elif tag in _HEART_RATE:
                point_hr = number_in(element.text)
            elif tag == "trkpt":
                moment = iso_time(point_time)
                if moment is not None and segments:
                    segments[-1].append((moment.timestamp(), point_hr))
                point_time = point_hr = None
                element.clear()
    if not found:
        raise InputError("holds no track with timestamps (<trk> points with <time>): nothing to import")


def _track(
    number: int, name: str | None, kind: str | None, segments: list[list[tuple[float, float | None]]]
) -> Recorded | None:
    points = [segment for segment in segments if segment]
    if not points:
        return None
    seconds = sum(segment[-1][0] - segment[0][0] for segment in points)
    hr_seconds: dict[int, float] = {}
    for segment in points:
        for bpm, duration in time_at_heart_rate(segment).items():
            hr_seconds[bpm] = hr_seconds.get(bpm, 0.0) + duration
    start = dt.datetime.fromtimestamp(points[0][0][0], dt.UTC)
    hearts = [bpm for segment in points for _, bpm in segment if bpm]
    return Recorded(
        types=(kind,) if kind else (),
        shown_type=kind or "",
        start=start,
        seconds=seconds,
        source_id=recording_id("gpx", start, kind),
        name=name,
        avg_hr=sum(hearts) / len(hearts) if hearts else None,
        hr_seconds=hr_seconds or None,
    )
