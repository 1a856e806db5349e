"""Apple Health exports: real reduced ones, the iOS 16 shape, zips, and exports of any size, streamed."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
import zipfile

import pytest

from myorec.core.intensity import Intensity
from myorec.core.sessions import Kind
from myorec.errors import InputError
from myorec.formats.importers.common import Skips
from tests.healthfiles import write_export
from tests.helpers import DATA, read_file

TODAY = dt.date(2026, 11, 25)


def items(data, shipped_map, skips=None, label="export.xml"):
    return read_file("apple-health", data, label, TODAY, shipped_map, skips)


def zipped(xml, name="apple_health_export/export.xml"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, xml)
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    return out.getvalue()


def test_a_real_export_in_the_old_attribute_form(shipped_map):
    [(session, source)] = items((DATA / "dogsheep_export.xml").read_bytes(), shipped_map)
    assert (session.kind, session.minutes, session.avg_hr, session.impact) == (Kind.AEROBIC, 5, None, True)
    assert session.start.isoformat() == "2016-11-14T14:25:41+00:00"  # 07:25:41 -0700, in UTC
    assert source == "apple:2016-11-14T14:25:41Z/Running/Apple Watch"


def test_an_unmapped_workout_type_is_listed_by_date_and_type(shipped_map):
    skips = Skips()
    assert items((DATA / "tdda_export6s3sample.xml").read_bytes(), shipped_map, skips) == []
    assert [(skip.date.isoformat(), skip.type) for skip in skips.unmapped] == [("2016-04-02", "Other")]


def test_the_ios16_export_that_standard_parsers_refuse_reads_with_its_workout_statistics(shipped_map):
    data = (DATA / "applehealth_ios16_export.xml").read_bytes()
    with pytest.raises(ET.ParseError, match="syntax error"):
        ET.fromstring(data)
    found = items(data, shipped_map)
    assert [(s.kind, s.minutes, s.avg_hr) for s, _ in found] == [
        (Kind.AEROBIC, 85, 149.1),
        (Kind.RESISTANCE, 38, 98.8),
        (Kind.RESISTANCE, 85, 156.6),
        (Kind.AEROBIC, 19, 126.6),
    ]
    assert items(zipped(data), shipped_map, label="export.zip") == found


def test_a_generated_export_of_several_mib_gives_every_workout_across_the_chunk_edges(shipped_map):
    out = io.BytesIO()
    written = write_export(out, 5 * 2**20, 60)
    skips = Skips()
    found = items(out.getvalue(), shipped_map, skips)
    mapped = [workout for workout in written if workout.type != "Curling"]
    assert len(found) == len(mapped) == 50
    for (session, _), workout in zip(found, mapped, strict=True):
        assert session.start == workout.start
        assert session.minutes == round(workout.minutes)
        assert session.avg_hr == workout.avg_hr
    assert {skip.type for skip in skips.unmapped} == {"Curling"}
    hiit = [session for session, source in found if "/HighIntensityIntervalTraining/" in source]
    assert len(hiit) == 10
    assert {session.type_intensity for session in hiit} == {Intensity.VIGOROUS}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<?xml version="1.0"?>\n<HealthData locale="en_US">\n <Record type="x"/>\n',
            "the export ends early",
        ),
        (b"<root/>", "not an Apple Health export.xml (no <HealthData> element at its start)"),
        (zipped(b"<HealthData/>", name="other.xml"), "no export.xml in this zip: is it the export.zip"),
        (zipped((DATA / "dogsheep_export.xml").read_bytes())[:300], "not a readable zip file"),
        (
            b'<HealthData>\n <Workout workoutActivityType="HKWorkoutActivityTypeRunning" startDate="soon"/>\n'
            b"</HealthData>\n",
            "workout 1: startDate 'soon' is not a date",
        ),
    ],
    ids=["cut-short", "not-health", "zip-without-export", "cut-zip", "bad-date"],
)
def test_a_damaged_export_is_one_line(shipped_map, data, message):
    with pytest.raises(InputError) as caught:
        items(data, shipped_map)
    assert str(caught.value).startswith(f"export.xml: {message}")


def test_a_quoted_angle_bracket_does_not_end_a_workout_tag(shipped_map):
    data = (
        b'<HealthData>\n <Workout sourceName="a > b" workoutActivityType="HKWorkoutActivityTypeWalking" '
        b'duration="1800" durationUnit="s" startDate="2026-11-16 07:00:00 +0100" '
        b'endDate="2026-11-16 07:30:00 +0100"/>\n</HealthData>\n'
    )
    [(session, source)] = items(data, shipped_map)
    assert (session.minutes, source) == (30, "apple:2026-11-16T06:00:00Z/Walking/a > b")
