"""TCX activities from Garmin Training Center and Garmin Connect (also gzipped): one entry per ``<Activity>``.

The kind comes from the activity's ``Sport`` (Running, Biking, Other) through
the ``[gpx]`` table of the activity mapping, else from ``--kind``, else the
import asks for it. Minutes are the laps' ``TotalTimeSeconds`` added up; heart
rate comes from the laps' ``AverageHeartRateBpm`` (weighted by lap time) and,
as seconds at each heart rate, from the track points' ``HeartRateBpm``.
Streamed: each track point is dropped once read.
"""

from __future__ import annotations

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


def sniff(head: bytes) -> bool:
    return b"<TrainingCenterDatabase" in head[:2048]


def read(stream: BinaryIO, context: ImportContext) -> Iterator[Imported]:
    """(session, source id) pairs, one per activity."""
    return activities_of(recordings(stream), "gpx", context, item="activity", kind_required=True)


class _Activity:
    """What one ``<Activity>`` holds, gathered as its elements end."""

    def __init__(self, sport: str) -> None:
        self.sport = sport
        self.started: str | None = None
        self.notes: str | None = None
        self.laps: list[tuple[float, float | None]] = []
        self.tracks: list[list[tuple[float, float | None]]] = []
        self.lap_seconds: float | None = None
        self.lap_hr: float | None = None


def recordings(stream: BinaryIO) -> Iterator[Recorded]:
    """Each activity with a start time, as recorded; an error for a file without one."""
    found = 0
    current: _Activity | None = None
    path: list[str] = []
    point_time: str | None = None
    point_hr: float | None = None
    with read_errors():
        for event, element in ET.iterparse(gunzipped(stream), events=("start", "end")):
            tag = local_name(element.tag)
            if event == "start":
                path.append(tag)
                if tag == "Activity":
                    current = _Activity(element.get("Sport", "").strip())
                elif tag == "Track" and current is not None:
                    current.tracks.append([])
                elif tag == "Lap" and current is not None:
                    current.lap_seconds = current.lap_hr = None
                    current.started = current.started or element.get("StartTime")
                continue
            path.pop()
            parent = path[-1] if path else ""
            if current is None:
                continue
            if tag == "Id" and parent == "Activity":
                current.started = (element.text or "").strip() or current.started
            elif tag == "Notes" and parent == "Activity":
                current.notes = (element.text or "").strip() or None
            elif tag == "TotalTimeSeconds" and parent == "Lap":
                current.lap_seconds = number_in(element.text)
            elif tag == "Value" and parent == "AverageHeartRateBpm" and path[-2:-1] == ["Lap"]:
                current.lap_hr = number_in(element.text)
            elif tag == "Time" and parent == "Trackpoint":
                point_time = element.text
            elif tag == "Value" and parent == "HeartRateBpm":
                point_hr = number_in(element.text)
            elif tag == "Trackpoint":
                moment = iso_time(point_time)
                if moment is not None and current.tracks:
                    current.tracks[-1].append((moment.timestamp(), point_hr))
                point_time = point_hr = None
                element.clear()
            elif tag == "Lap":
                current.laps.append((current.lap_seconds or 0.0, current.lap_hr))
            elif tag == "Activity":
                recorded = _recorded(current)
                current = None
                element.clear()
                if recorded is not None:
                    found += 1
                    yield recorded
    if not found:
        raise InputError("holds no activity with a start time (<Activity> with <Id>): nothing to import")


def _recorded(found: _Activity) -> Recorded | None:
    start = iso_time(found.started)
    if start is None:
        return None
    seconds = sum(lap for lap, _ in found.laps)
    weighted = [(lap, hr) for lap, hr in found.laps if hr]
    timed = sum(lap for lap, _ in weighted)
    hr_seconds: dict[int, float] = {}
    for track in found.tracks:
        for bpm, duration in time_at_heart_rate(track).items():
            hr_seconds[bpm] = hr_seconds.get(bpm, 0.0) + duration
    if not seconds:  # no laps with times: the track's own span
        seconds = sum(track[-1][0] - track[0][0] for track in found.tracks if track)
    return Recorded(
        types=(found.sport,) if found.sport else (),
        shown_type=found.sport,
        start=start,
        seconds=seconds,
        source_id=recording_id("tcx", start, found.sport),
        name=found.notes,
        avg_hr=sum(lap * (hr or 0) for lap, hr in weighted) / timed if timed else None,
        hr_seconds=hr_seconds or None,
    )
