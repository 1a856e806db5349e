"""Apple Health exports shaped like real ones (iOS 16 and later), of any size, for tests and benchmarks.

No licensed real export has ``WorkoutStatistics`` or the iOS 16 DTD, so this
writes them: the DTD with its defect (an ``<!ATTLIST VisionPrescription`` that
never closes, so expat fails with "syntax error"), stray ``\\x0b`` characters
in names, mostly ``<Record>`` samples (heart-rate ones with a metadata child),
then ``<Workout>`` elements with events, statistics, metadata and a route,
then daily ``<ActivitySummary>`` rows; dates carry their own, mixed, offsets.
Deterministic: the same arguments write the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, NamedTuple

DTD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT VisionPrescription ((RightEye|LeftEye|Attachment|MetadataEntry)*)>
<!ATTLIST VisionPrescription
  type             CDATA #REQUIRED
  dateIssued       CDATA #REQUIRED
<!ELEMENT RightEye EMPTY>
<!ATTLIST RightEye
  sphere           CDATA #IMPLIED
>
>
]>
<HealthData locale="en_US">
 <ExportDate value="2026-11-17 21:04:11 -0800"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="1980-05-05"
     HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>
"""
DEVICE = (
    "&lt;&lt;HKDevice: 0x3029a1b80&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, "
    "hardware:Watch6,2, software:10.1&gt;"
)
SOURCES = ("Jane’s Apple Watch", "Jane’s iPhone", "Jane\x0bs Apple Watch")
RECORDS = (
    ("HKQuantityTypeIdentifierHeartRate", "count/min", 0.40),
    ("HKQuantityTypeIdentifierActiveEnergyBurned", "kcal", 0.25),
    ("HKQuantityTypeIdentifierBasalEnergyBurned", "kcal", 0.20),
    ("HKQuantityTypeIdentifierStepCount", "count", 0.10),
    ("HKQuantityTypeIdentifierDistanceWalkingRunning", "km", 0.05),
)
WORKOUTS = (
    "HKWorkoutActivityTypeRunning",
    "HKWorkoutActivityTypeTraditionalStrengthTraining",
    "HKWorkoutActivityTypeHighIntensityIntervalTraining",
    "HKWorkoutActivityTypeWalking",
    "HKWorkoutActivityTypeYoga",
    "HKWorkoutActivityTypeCurling",  # no kind in the shipped mapping: listed as skipped
)
OFFSETS = ("-0800", "-0700", "+0100")


class Workout(NamedTuple):
    """What a written workout is, for tests to compare with what the import made of it."""

    type: str
    start: dt.datetime
    minutes: float
    avg_hr: float


def _date(moment: dt.datetime, offset: str) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S ") + offset


def write_export(
    out: BinaryIO, target_bytes: int, workouts: int, *, progress: Callable[[int], None] | None = None
) -> list[Workout]:
    """Write an export.xml of about ``target_bytes`` with ``workouts`` workouts; returns what they are."""
    rng = random.Random(42)
    first = dt.datetime(2019, 1, 1, 6, 0, 0)
    pending: list[str] = []
    written = 0

    def emit(text: str) -> None:
        nonlocal written
        pending.append(text)
        if len(pending) >= 4096:
            flush()

    def flush() -> None:
        nonlocal written
        data = "".join(pending).encode("utf-8")
        pending.clear()
        out.write(data)
        written += len(data)
        if progress is not None:
            progress(written)

    emit(DTD)
    weights = [weight for *_, weight in RECORDS]
    moment = first
    count = 0
    room = target_bytes - 1500 * workouts - 400 * 2500
    while written + 4096 * 430 < room:
        for _ in range(4096):
            kind, unit, _weight = rng.choices(RECORDS, weights)[0]
            moment += dt.timedelta(seconds=rng.randint(5, 40))
            offset = OFFSETS[(moment.year + moment.month) % 3]
            source = SOURCES[2] if count % 500_000 == 7 else SOURCES[count % 2]
            stamp = _date(moment, offset)
            if kind == RECORDS[0][0]:
                emit(
                    f' <Record type="{kind}" sourceName="{source}" sourceVersion="10.1" device="{DEVICE}" '
                    f'unit="{unit}" creationDate="{stamp}" startDate="{stamp}" endDate="{stamp}" '
                    f'value="{rng.randint(55, 185)}">\n'
                    '  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" '
                    f'value="{rng.randint(0, 2)}"/>\n'
                    " </Record>\n"
                )
            else:
                end = _date(moment + dt.timedelta(seconds=60), offset)
                emit(
                    f' <Record type="{kind}" sourceName="{source}" sourceVersion="10.1" device="{DEVICE}" '
                    f'unit="{unit}" creationDate="{end}" startDate="{stamp}" endDate="{end}" '
                    f'value="{rng.uniform(0.1, 90):.3f}"/>\n'
                )
            count += 1
        flush()
    # Spread over the records' time, at least an hour apart, and never past 2024 (imports refuse the future).
    span = min(max((moment - first).total_seconds(), 3600.0 * workouts), 6 * 365 * 86400.0)
    made = []
    for index in range(workouts):
        start = first + dt.timedelta(seconds=span * index / workouts)
        minutes = rng.uniform(12, 95)
        end = start + dt.timedelta(minutes=minutes)
        offset = OFFSETS[(start.year + start.month) % 3]
        kind = WORKOUTS[index % len(WORKOUTS)]
        average = rng.uniform(95, 160)
        zone = "America/Los_Angeles" if index != 11 else "America/Los\x0bAngeles"
        begins, ends = _date(start, offset), _date(end, offset)
        emit(
            f' <Workout workoutActivityType="{kind}" duration="{minutes:.10f}" durationUnit="min" '
            f'sourceName="{SOURCES[0]}" sourceVersion="10.1" device="{DEVICE}" creationDate="{ends}" '
            f'startDate="{begins}" endDate="{ends}">\n'
            f'  <MetadataEntry key="HKIndoorWorkout" value="{index % 2}"/>\n'
            f'  <MetadataEntry key="HKTimeZone" value="{zone}"/>\n'
            f'  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="{begins}" duration="{minutes:.4f}" '
            'durationUnit="min"/>\n'
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="{begins}" '
            f'endDate="{ends}" sum="{minutes * 8.1:.3f}" unit="kcal"/>\n'
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" startDate="{begins}" '
            f'endDate="{ends}" average="{average:.6f}" minimum="{average - 30:.0f}" '
            f'maximum="{average + 25:.0f}" unit="count/min"/>\n'
        )
        if kind == WORKOUTS[0]:
            emit(
                f'  <WorkoutRoute sourceName="{SOURCES[1]}" sourceVersion="17.1" creationDate="{ends}" '
                f'startDate="{begins}" endDate="{ends}">\n'
                f'   <FileReference path="/workout-routes/route_{start:%Y-%m-%d_%H.%M}.gpx"/>\n'
                "  </WorkoutRoute>\n"
            )
        emit(" </Workout>\n")
        aware = dt.datetime.strptime(begins, "%Y-%m-%d %H:%M:%S %z")
        made.append(Workout(kind.removeprefix("HKWorkoutActivityType"), aware, minutes, round(average, 1)))
    day = first.date()
    while day <= moment.date():
        emit(
            f' <ActivitySummary dateComponents="{day}" activeEnergyBurned="{rng.uniform(100, 900):.3f}" '
            f'activeEnergyBurnedGoal="500" activeEnergyBurnedUnit="kcal" '
            f'appleExerciseTime="{rng.randint(0, 90)}" appleExerciseTimeGoal="30"/>\n'
        )
        day += dt.timedelta(days=1)
    emit("</HealthData>\n")
    flush()
    return made


def write_export_zip(path: Path, target_bytes: int, workouts: int) -> list[Workout]:
    """``export.zip`` as the Health app writes it: ``apple_health_export/export.xml``, deflated."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        with archive.open("apple_health_export/export.xml", "w", force_zip64=True) as member:
            made = write_export(member, target_bytes, workouts)  # type: ignore[arg-type]
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>\n")
    return made
