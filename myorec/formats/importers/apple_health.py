"""Apple Health's export: the ``export.zip`` the Health app writes, or the ``export.xml`` inside it.

Exports of 1-4 GB are common, so the file is streamed, never held or parsed
whole: the XML comes straight out of the zip member, and only its
``<Workout>`` elements are parsed (each on its own with ElementTree), found by
scanning the bytes; the millions of ``<Record>`` samples around them are
skipped unparsed. That also sidesteps the internal DTD, which has been
malformed since iOS 16 (an ``<!ATTLIST`` never closed, so standard parsers fail
at its line 156), and control characters such as ``\\x0b`` that the export puts
in some names (XML forbids them): both are dropped before anything is parsed.

A workout's kind comes from ``workoutActivityType`` (without its
``HKWorkoutActivityType`` prefix) through the ``[apple]`` table of the
activity mapping; minutes from ``duration`` and ``durationUnit``; the start
from ``startDate`` with its own UTC offset; the average heart rate from its
``WorkoutStatistics`` (older exports: the ``HKAverageHeartRate`` metadata).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import BinaryIO, cast

from myorec.core.text import shown
from myorec.errors import InputError, MyorecError
from myorec.formats.importers.common import (
    ImportContext,
    Imported,
    Recorded,
    SourceGuard,
    activity,
    peek,
    recording_id,
)

EXPORT_XML = "export.xml"
ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 1 << 20
#: XML 1.0 forbids these control characters, which exports contain (tab, line feed and return stay).
_FORBIDDEN = bytes([*range(0, 9), 11, 12, *range(14, 32)])
#: A workout's start tag: attribute values are quoted, and a quoted ">" does not end it.
_WORKOUT = re.compile(rb'<Workout\s(?:[^>"]|"[^"]*")*?(/?)>')
_END = b"</Workout>"
#: Largest single workout element: one with a long route is a few hundred KiB.
_MAX_WORKOUT = 64 << 20
#: Longest start tag of a workout (its attributes: a device description, dates): a few hundred bytes.
_MAX_START_TAG = 64 << 10
_PREFIX = "HKWorkoutActivityType"
_HEART_RATE = "HKQuantityTypeIdentifierHeartRate"
_DURATION_UNITS = {"s": 1.0, "sec": 1.0, "min": 60.0, "h": 3600.0, "hr": 3600.0}


def sniff(head: bytes) -> bool:
    """An export.xml: its root element ``<HealthData``, after the declaration and the DTD."""
    return b"<HealthData" in head or b"<!DOCTYPE HealthData" in head


def read(stream: BinaryIO, context: ImportContext) -> Iterator[Imported]:
    """(session, source id) pairs, one per mapped workout, from the zip or the XML."""
    guard = SourceGuard()
    try:
        if peek(stream, 4) == ZIP_MAGIC:
            yield from _zipped(stream, context, guard)
        else:
            yield from _workouts(stream, context, guard)
    except MyorecError as exc:
        raise exc.located(file=context.label) from None


def _zipped(stream: BinaryIO, context: ImportContext, guard: SourceGuard) -> Iterator[Imported]:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"not a readable zip file ({exc}); export it from the Health app again") from None
    with archive:
        members = [name for name in archive.namelist() if PurePosixPath(name).name == EXPORT_XML]
        if not members:
            raise InputError(f"no {EXPORT_XML} in this zip: is it the export.zip of Apple Health?")
        try:
            with archive.open(min(members, key=len)) as member:
                yield from _workouts(cast(BinaryIO, member), context, guard)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise InputError(f"damaged zip file ({exc}); export it from the Health app again") from None


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    """The XML in 1 MiB pieces, the DTD cut out of the first (the rest is scanned, never parsed)."""
    head = b""
    while True:
        data = stream.read(_CHUNK)
        head += data
        start = head.find(b"<!DOCTYPE")
        if start < 0 and (b"<HealthData" in head or not data or len(head) > _CHUNK):
            break
        if start >= 0:
            end = head.find(b"]>", start)
            if end >= 0:
                head = head[:start] + head[end + 2 :]
                break
            if not data or len(head) > 16 * _CHUNK:
                raise InputError("the export's DTD never ends: is it cut short?")
    if b"<HealthData" not in head:
        raise InputError("not an Apple Health export.xml (no <HealthData> element at its start)")
    yield head
    while data := stream.read(_CHUNK):
        yield data


def _workouts(stream: BinaryIO, context: ImportContext, guard: SourceGuard) -> Iterator[Imported]:
    """Every ``<Workout>`` block, found with a byte scan and parsed on its own.

    ``bytes.find`` looks for each start tag (the millions of records between
    them are passed over at memchr speed) and the pattern reads it; a block the
    piece's end cuts is kept for the next piece.
    """
    # One bytearray, extended and consumed from the front, so no piece allocates a buffer of its own.
    buffer = bytearray()
    ending = b""
    number = 0
    for chunk in _chunks(stream):
        buffer += chunk
        ending = (ending + chunk[-64:])[-64:]
        position = 0
        while True:
            at = buffer.find(b"<Workout ", position)  # HealthKit writes one space after a tag's name
            match = _WORKOUT.match(buffer, at) if at >= 0 else None
            if match is None:
                if at >= 0 and len(buffer) - at > _MAX_START_TAG:
                    raise InputError("a <Workout> start tag never ends: is the export damaged?")
                # Keep a start tag the piece's end cuts, or a "<Work" cut shorter still.
                cut = at if at >= 0 else buffer.rfind(b"<", max(position, len(buffer) - 16))
                position = cut if cut >= 0 else len(buffer)
                break
            if match.group(1):
                end = match.end()
            else:
                found = buffer.find(_END, match.end())
                if found < 0:
                    position = match.start()
                    break
                end = found + len(_END)
            number += 1
            item = _workout(bytes(buffer[match.start() : end]).translate(None, _FORBIDDEN), number, context)
            if item is not None:
                guard.check(item[1], item[0], f"workout {number}")
                yield item
            position = end
        del buffer[:position]
        if len(buffer) > _MAX_WORKOUT:
            raise InputError("a <Workout> element is larger than 64 MiB: is the export damaged?")
    if b"</HealthData>" not in ending:
        raise InputError("the export ends early (no closing </HealthData>): is it cut short?")


def _seconds(attributes: dict[str, str]) -> float | None:
    duration = attributes.get("duration")
    unit = attributes.get("durationUnit", "min")
    if duration is not None and unit in _DURATION_UNITS:
        try:
            return float(duration) * _DURATION_UNITS[unit]
        except ValueError:
            pass
    start, end = _moment(attributes.get("startDate")), _moment(attributes.get("endDate"))
    return (end - start).total_seconds() if start is not None and end is not None else None


def _moment(text: str | None) -> dt.datetime | None:
    """``2025-11-17 07:00:00 -0800``: each date carries its own offset."""
    if not text:
        return None
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        return None


def _leading_number(text: str | None) -> float | None:
    """``142`` or ``142 count/min``: the number an attribute or a metadata value starts with."""
    found = re.match(r"\s*([0-9]+(?:\.[0-9]+)?)", text or "")
    return float(found.group(1)) if found else None


def _workout(block: bytes, number: int, context: ImportContext) -> Imported | None:
    where = f"workout {number}"
    try:
        element = ET.fromstring(block)
    except ET.ParseError as exc:
        raise InputError(f"not well-formed XML ({str(exc).split(': line', 1)[0]})", item=where) from None
    attributes = dict(element.attrib)
    kind = attributes.get("workoutActivityType", "").removeprefix(_PREFIX)
    start = _moment(attributes.get("startDate"))
    if start is None:
        raise InputError(f"startDate {shown(attributes.get('startDate'))} is not a date", item=where)
    seconds = _seconds(attributes)
    if seconds is None or seconds < 0:
        raise InputError(f"duration {shown(attributes.get('duration'))} is not a duration", item=where)
    avg_hr = None
    for child in element:
        if child.tag == "WorkoutStatistics" and child.get("type") == _HEART_RATE:
            avg_hr = _leading_number(child.get("average"))
        elif child.tag == "MetadataEntry" and child.get("key") == "HKAverageHeartRate" and avg_hr is None:
            avg_hr = _leading_number(child.get("value"))
    recorded = Recorded(
        types=(kind,),
        shown_type=kind or "(no type)",
        start=start,
        seconds=seconds,
        source_id=recording_id("apple", start, kind, attributes.get("sourceName")),
        avg_hr=avg_hr,
    )
    try:
        return activity(recorded, "apple", context)
    except InputError as exc:
        raise exc.located(item=where) from None
