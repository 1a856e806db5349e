"""`myorec log import` of watch and app files: formats found, duplicates, removed activities, time zones."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import zipfile

import pytest

from myorec.cli import cli
from tests.fitfiles import activity_file
from tests.healthfiles import write_export_zip
from tests.helpers import DATA

#: 2026-11-16T06:00:00Z, a Monday.
T0 = 1794808800
RUN = [("running", None, 0, 1800, 160)]
STRAVA_HEADER = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Moving Time,Filename\n"


@pytest.fixture(autouse=True)
def _machine_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")


def listed(run):
    return json.loads(run("log", "list", "--json").stdout)


def zipped(members):
    """A zip of ``members``, compressed as exports are (stored members could pass for a CSV)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def strava_zip(path, rows, files):
    path.write_bytes(zipped({"activities.csv": STRAVA_HEADER + "".join(rows), **files}))
    return path


def test_the_same_run_from_its_fit_file_and_from_the_strava_export_is_one_entry(run, tmp_path):
    fit = tmp_path / "run.fit"
    fit.write_bytes(activity_file(T0, RUN))
    assert run("log", "import", str(fit)).stdout == f"Imported {fit}: 1 new, 0 already present.\n"
    export = strava_zip(
        tmp_path / "export.zip",
        [
            '11,"Nov 16, 2026, 6:00:20 AM",Morning Run,Run,1900,1800,activities/11.fit.gz\n',
            '12,"Nov 17, 2026, 6:00:00 AM",Yoga,Yoga,1800,1800,\n',
        ],
        {"activities/11.fit.gz": gzip.compress(activity_file(T0 + 20, RUN))},
    )
    assert run("log", "import", str(export)).stdout == (
        f"Imported {export}: 1 new, 0 already present, 1 already logged from another source.\n"
        "Not added, the same activity as an entry in the log (--keep-duplicates adds them anyway):\n"
        "  2026-11-16  Morning Run (aerobic, 30 min): matches entry 1\n"
    )
    assert [entry["source"] for entry in listed(run)] == ["fit:2026-11-16T06:00:00Z/running", "strava:12"]
    kept = run("log", "import", str(export), "--keep-duplicates").stdout
    assert kept == f"Imported {export}: 1 new, 1 already present.\n"
    assert len(listed(run)) == 3


def test_removed_activities_stay_removed_and_can_be_restored(run, tmp_path):
    fit = tmp_path / "multisport.fit"
    parts = [("training", "strength_training", 0, 600, 110), ("running", None, 900, 1200, 150)]
    fit.write_bytes(activity_file(T0, parts))
    run("log", "import", str(fit))
    run("log", "add", "mobility", "20", "--date", "2026-11-17")
    assert run("log", "rm", "1", "2", "3").stdout == "Removed 3 entries.\n"
    assert run("log", "import", str(fit)).stdout == (
        f"Imported {fit}: 0 new, 0 already present, 2 previously removed.\n"
        "Activities removed with 'myorec log rm' stay removed; --restore-removed brings them back.\n"
    )
    assert run("log", "import", str(fit), "--restore-removed").stdout == (
        f"Imported {fit}: 2 new, 0 already present.\n"
        "Restored 2 activities removed with 'myorec log rm' before.\n"
    )
    assert [entry["kind"] for entry in listed(run)] == ["resistance", "aerobic"]


def test_a_hand_logged_session_and_its_watch_recording_are_one(run, tmp_path):
    run("log", "add", "aerobic", "28", "--date", "2026-11-16", "--name", "morning run")
    fit = tmp_path / "run.fit"
    fit.write_bytes(activity_file(T0, RUN))
    assert run("log", "import", str(fit)).stdout.splitlines()[-1] == (
        "  2026-11-16 (aerobic, 30 min): matches entry 1"
    )


def test_two_tracks_starting_together_are_two_recordings_that_keep_duplicates_can_both_keep(run, tmp_path):
    """A GPX or TCX source id was its start alone: a second track became "already present" for good."""
    ride = tmp_path / "ride.gpx"
    ride.write_text(_gpx("<type>cycling</type>"))
    untyped = tmp_path / "gym.gpx"
    untyped.write_text(_gpx(""))
    run("log", "import", str(ride))
    assert (
        "1 already logged from another source"
        in run("log", "import", str(untyped), "--kind", "resistance").stdout
    )
    kept = run("log", "import", str(untyped), "--kind", "resistance", "--keep-duplicates")
    assert kept.stdout.endswith("gym.gpx: 1 new, 0 already present.\n")
    assert [(e["kind"], e["source"]) for e in listed(run)] == [
        ("aerobic", "gpx:2026-11-16T06:00:00Z/cycling"),
        ("resistance", "gpx:2026-11-16T06:00:00Z"),
    ]


def _gpx(type_element: str) -> str:
    points = "".join(
        f'<trkpt lat="1" lon="1"><time>2026-11-16T06:{minute:02}:00Z</time></trkpt>' for minute in (0, 30)
    )
    return (
        '<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk>{type_element}<trkseg>{points}</trkseg></trk></gpx>"
    )


def test_heart_rate_from_the_file_makes_the_run_vigorous_in_the_report(run, tmp_path):
    fit = tmp_path / "run.fit"
    fit.write_bytes(activity_file(T0, RUN))
    run("log", "import", str(fit))
    run("profile", "set", "--age", "40", "--resting-hr", "60")
    [entry] = listed(run)
    assert (entry["counts_as"], entry["intensity_source"], entry["intensity_minutes"]) == (
        "vigorous",
        "heart rate samples",
        {"light": 0, "moderate": 0, "vigorous": 30},
    )
    assert "vigorous (HR samples: 30 vigorous min)" in run("log", "list").stdout
    report = json.loads(run("report", "--week", "2026-W47", "--json").stdout)
    assert (report["metrics"]["aerobic_vigorous_min"], report["metrics"]["impact_days"]) == (30, 1)
    explained = run("explain", "heart", "--week", "2026-W47").stdout
    assert "- Mon 2026-11-16 aerobic 30 min: vigorous (HR samples: 30 vigorous min)" in explained


def test_an_imported_week_scores_its_impact_days_and_its_heart_rate(run, tmp_path):
    """Runs and tennis load bone (impact from the activity mapping); a ride at 151 bpm counts as vigorous."""
    export = tmp_path / "activities.csv"
    export.write_text(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Moving Time,Average Heart Rate\n"
        '21,"Nov 16, 2026, 6:00:00 AM",Morning Run,Run,1900,1800,\n'
        '22,"Nov 18, 2026, 6:00:00 AM",Tennis,Tennis,3600,3600,\n'
        '23,"Nov 20, 2026, 6:00:00 AM",Trails,Trail Run,2400,2400,\n'
        '24,"Nov 21, 2026, 9:00:00 AM",Pool,Swim,1800,1800,\n'
        '25,"Nov 22, 2026, 9:00:00 AM",Hills,Ride,2700,2700,151\n'
    )
    run("log", "import", str(export))
    assert [entry["impact"] for entry in listed(run)] == [True, True, True, False, False]

    def week():
        report = json.loads(run("report", "--week", "2026-W47", "--json").stdout)
        [bone] = [benefit for benefit in report["benefits"] if benefit["id"] == "bone"]
        [impact] = [rule for rule in bone["rules"] if rule["id"] == "bone.impact"]
        metrics = report["metrics"]
        return metrics["impact_days"], metrics["aerobic_vigorous_min"], impact["fired"], impact["earned"]

    assert week() == (3, 0, True, 40.0)  # the ride's heart rate is not judged without a profile
    run("profile", "set", "--age", "40", "--resting-hr", "60")  # 151 bpm = 76 % HRR
    assert week() == (3, 45, True, 40.0)


def test_start_times_go_into_the_profiles_time_zone(run, tmp_path):
    """A Sunday-evening run in California is on Sunday, though Strava writes Monday in UTC."""
    export = tmp_path / "activities.csv"
    export.write_text(STRAVA_HEADER + '1,"Nov 23, 2026, 2:30:00 AM",Evening Run,Run,2460,2400,\n')
    run("profile", "set", "--timezone", "America/Los_Angeles")
    run("log", "import", str(export))
    [entry] = listed(run)
    assert (entry["date"], entry["start"]) == ("2026-11-22", "2026-11-22T18:30:00-08:00")


@pytest.mark.parametrize(
    ("name", "data", "entries"),
    [
        ("run.fit", activity_file(T0, RUN), 1),
        ("run.fit.gz", gzip.compress(activity_file(T0, RUN)), 1),
        ("download.bin", activity_file(T0, RUN), 1),  # a FIT header, whatever the name
        ("Activities.csv", (DATA / "garmin_activities_2026_en.csv").read_bytes(), 6),
        ("track.gpx", (DATA / "gpxpy_garmin_gpxtpx.gpx").read_bytes(), 1),
        ("run.tcx", (DATA / "tcxparser_test.tcx").read_bytes(), 1),
        ("export.xml", (DATA / "applehealth_ios16_export.xml").read_bytes(), 4),
    ],
)
def test_the_format_comes_from_the_name_else_the_content(run, tmp_path, name, data, entries):
    path = tmp_path / name
    path.write_bytes(data)
    assert run("log", "import", str(path)).stdout.startswith(
        f"Imported {path}: {entries} new, 0 already present."
    )


def test_a_zip_is_known_by_the_files_it_holds(run, tmp_path):
    apple = tmp_path / "export.zip"
    written = write_export_zip(apple, 2 * 2**20, 12)
    expected = sum(1 for workout in written if workout.type != "Curling")
    output = run("log", "import", str(apple)).stdout
    assert output.startswith(f"Imported {apple}: {expected} new, 0 already present.\n")
    assert "(Curling)" in output
    strava = strava_zip(tmp_path / "strava.zip", ['5,"Nov 16, 2026, 6:00:00 AM",Ride,Ride,3600,3500,\n'], {})
    assert run("log", "import", str(strava)).stdout.startswith(f"Imported {strava}: 1 new")


def test_an_activity_file_the_export_names_but_does_not_hold_is_listed_as_missing(run, tmp_path):
    export = strava_zip(
        tmp_path / "export.zip",
        [
            '11,"Nov 16, 2026, 6:00:00 AM",Morning Run,Run,1900,1800,activities/11.fit.gz\n',
            '12,"Nov 17, 2026, 6:00:00 AM",Evening Run,Run,1900,1800,activities/12.fit.gz\n',
        ],
        {"activities/11.fit.gz": gzip.compress(activity_file(T0, RUN))},
    )
    assert run("log", "import", str(export)).stdout == (
        f"Imported {export}: 2 new, 0 already present.\n"
        "Could not read 1 activity file of the export; "
        "their activities were imported without heart-rate samples:\n"
        "  activities/12.fit.gz: missing\n"
    )
    assert [entry["hr_seconds"] for entry in listed(run)] == [{"160": 1799}, None]


def test_an_unpacked_strava_export_folder_imports_with_its_activity_files(run, tmp_path):
    folder = tmp_path / "export_123"
    (folder / "activities").mkdir(parents=True)
    (folder / "activities.csv").write_text(
        STRAVA_HEADER + '11,"Nov 16, 2026, 6:00:00 AM",Morning Run,Run,1900,1800,activities/11.fit.gz\n'
    )
    (folder / "activities" / "11.fit.gz").write_bytes(gzip.compress(activity_file(T0, RUN)))
    assert run("log", "import", str(folder)).stdout == f"Imported {folder}: 1 new, 0 already present.\n"
    assert listed(run)[0]["hr_seconds"] == {"160": 1799}
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run("log", "import", str(empty), code=1).stderr == (
        f"Error: {empty}: is a folder; myorec reads a folder holding activities.csv (strava) "
        "or export.xml (apple-health)\n"
    )


@pytest.mark.parametrize(
    ("name", "data", "args", "message"),
    [
        (
            "run.fit",
            activity_file(T0, RUN),
            ["--format", "csv"],
            "this looks like a FIT activity file (Garmin, Wahoo, Coros, Suunto), "
            "not myorec's CSV (log export): leave --format out",
        ),
        (
            "Activities.csv",
            (DATA / "garmin_activities_2020.csv").read_bytes(),
            ["--format", "strava"],
            "this looks like Garmin Connect's Activities.csv, not a Strava bulk export (its zip, its folder, "
            "or its activities.csv): leave --format out",
        ),
        ("report.pdf", b"%PDF-1.7\n...", [], "is a PDF document; myorec does not import it"),
        (
            "sheet.csv",
            "Aktivitätstyp,Datum,Titel\n".encode(),
            [],
            "line 1: unknown columns 'Aktivitätstyp', 'Datum', 'Titel'; myorec's CSV has date, kind, "
            "minutes, intensity, name, rpe, focus, impact, avg_hr, type_intensity, start, hr_seconds, source "
            "(the file is a Garmin Connect export with German headers: export it with English as Garmin "
            "Connect's language)",
        ),
        (
            "notes.zip",
            zipped({"notes.txt": b"hello"}),
            [],
            "is a zip archive holding neither a Strava export's activities.csv nor Apple Health's "
            "export.xml; myorec does not import it",
        ),
    ],
    ids=["fit-as-csv", "garmin-as-strava", "pdf", "german-garmin", "other-zip"],
)
def test_a_file_is_named_for_what_it_is(run, tmp_path, name, data, args, message):
    path = tmp_path / name
    path.write_bytes(data)
    assert run("log", "import", str(path), *args, code=1).stderr == f"Error: {path}: {message}\n"


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
KML = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>\n'
)
NOT_IMPORTED = "; myorec does not import it"


@pytest.mark.parametrize(
    ("name", "data", "given", "described"),
    [
        ("a.png", PNG, "csv", "a PNG image"),
        ("a.png", PNG, "strava", "a PNG image"),
        ("a.png", PNG, "garmin-csv", "a PNG image"),
        ("a.png", PNG, "fit", "a PNG image"),
        (
            "other.db",
            b"SQLite format 3\x00" + bytes(200),
            "json",
            "an SQLite database (a myorec log is used with --db",
        ),
        ("a.csv.gz", gzip.compress(PNG), "csv", "a gzip-compressed file of a kind myorec does not read"),
        ("places.xml", KML, None, "a KML file (Google Earth), which holds places, not workouts"),
        ("places.xml", KML, "gpx", "a KML file (Google Earth), which holds places, not workouts"),
        ("places.kml", KML, None, "a KML file (Google Earth), which holds places, not workouts"),
        (
            "sheet.xlsx",
            zipped({"[Content_Types].xml": b"<Types/>"}),
            "csv",
            "an Office document (.xlsx or .docx)",
        ),
    ],
    ids=[
        "png-csv",
        "png-strava",
        "png-garmin",
        "png-fit",
        "sqlite-json",
        "gzip-csv",
        "kml-xml",
        "kml-gpx",
        "kml",
        "xlsx-csv",
    ],
)
def test_a_file_of_a_kind_myorec_does_not_import_is_called_that_whatever_the_format(
    run, tmp_path, name, data, given, described
):
    """The same words as without --format, not the reader's advice (save as UTF-8) for what it is not."""
    path = tmp_path / name
    path.write_bytes(data)
    stderr = run("log", "import", str(path), *(["--format", given] if given else []), code=1).stderr
    assert stderr.startswith(f"Error: {path}: is {described}")
    assert stderr.endswith(f"{NOT_IMPORTED}\n")
    assert "UTF-8" not in stderr
    assert stderr == run("log", "import", str(path), code=1).stderr


def test_a_gzip_damaged_at_its_start_keeps_its_readers_error(run, tmp_path):
    """Not called "a gzip-compressed file of a kind myorec does not read": it is a FIT file, damaged."""
    data = bytearray(gzip.compress(activity_file(T0, RUN)))
    data[10:20] = b"\xff" * 10
    path = tmp_path / "run.fit.gz"
    path.write_bytes(bytes(data))
    assert run("log", "import", str(path), code=1).stderr.startswith(f"Error: {path}: damaged gzip data")


STRAVA = "a Strava bulk export (its zip, its folder, or its activities.csv)"
APPLE = "an Apple Health export (export.zip or its export.xml)"


@pytest.mark.parametrize(
    ("export", "given", "looks_like", "not_"),
    [
        ("strava", "apple-health", STRAVA, APPLE),
        ("strava", "gpx", STRAVA, "a GPX track"),
        ("strava", "csv", STRAVA, "myorec's CSV (log export)"),
        ("apple", "strava", APPLE, STRAVA),
        ("apple", "fit", APPLE, "a FIT activity file (Garmin, Wahoo, Coros, Suunto)"),
        ("apple", "garmin-csv", APPLE, "Garmin Connect's Activities.csv"),
    ],
    ids=[
        "strava-as-apple-health",
        "strava-as-gpx",
        "strava-as-csv",
        "apple-as-strava",
        "apple-as-fit",
        "apple-as-garmin",
    ],
)
def test_a_wrong_format_on_an_export_zip_says_which_export_it_is(
    run, tmp_path, export, given, looks_like, not_
):
    """Known by the files the zip holds, as without --format, not by its compressed first bytes."""
    path = tmp_path / "export.zip"
    if export == "strava":
        strava_zip(path, ['5,"Nov 16, 2026, 6:00:00 AM",Ride,Ride,3600,3500,\n'], {})
    else:
        write_export_zip(path, 2**16, 2)
    assert run("log", "import", str(path), "--format", given, code=1).stderr == (
        f"Error: {path}: this looks like {looks_like}, not {not_}: leave --format out\n"
    )
    assert listed(run) == []


@pytest.mark.parametrize(
    "given",
    [[], ["--format", "strava"], ["--format", "apple-health"], ["--format", "fit"]],
    ids=["found", "strava", "apple-health", "fit"],
)
def test_a_zip_cut_short_is_called_damaged(run, tmp_path, given):
    whole = tmp_path / "whole.zip"
    write_export_zip(whole, 2**16, 2)
    path = tmp_path / "export.zip"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert run("log", "import", str(path), *given, code=1).stderr == (
        f"Error: {path}: is a zip archive that is damaged or cut short; download or export it again\n"
    )


@pytest.mark.parametrize("export", ["strava", "apple"])
def test_a_zip_with_damaged_compressed_data_is_one_line(run, tmp_path, export):
    """Its table of contents is whole, so the damage shows only as its member is inflated."""
    path = tmp_path / "export.zip"
    if export == "strava":
        strava_zip(
            path, [f'{n},"Nov 16, 2026, 6:00:00 AM",Ride {n},Ride,3600,3500,\n' for n in range(99)], {}
        )
        member = "activities.csv"
    else:
        write_export_zip(path, 2**18, 2)
        member = "apple_health_export/export.xml"
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle : middle + 64] = bytes(byte ^ 0x55 for byte in data[middle : middle + 64])
    path.write_bytes(bytes(data))
    stderr = run("log", "import", str(path), code=1).stderr
    assert stderr.startswith(f"Error: {path}: damaged zip file (Error -3 while decompressing data")
    assert stderr.count("\n") == 1
    assert listed(run) == []


def test_a_text_file_of_no_known_kind_asks_for_the_format(run, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("what I did this week\n")
    assert "cannot tell the format of" in run("log", "import", str(path), code=2).stderr


def test_a_gpx_without_a_type_asks_for_the_kind_and_takes_it(run, tmp_path):
    track = tmp_path / "run.gpx"
    shutil.copy(DATA / "togeojson_run_gpxtpx_first500.gpx", track)
    assert run("log", "import", str(track), code=1).stderr == (
        f"Error: {track}: track 1: has no activity type: give --kind aerobic, resistance or mobility\n"
    )
    assert listed(run) == []
    run("log", "import", str(track), "--kind", "aerobic")
    assert listed(run)[0]["kind"] == "aerobic"


def test_the_format_and_the_kind_are_taken_in_any_case(run, tmp_path):
    fit = tmp_path / "run.fit"
    fit.write_bytes(activity_file(T0, RUN))
    track = tmp_path / "track.gpx"
    shutil.copy(DATA / "togeojson_run_gpxtpx_first500.gpx", track)
    garmin = tmp_path / "Activities.csv"
    shutil.copy(DATA / "garmin_activities_2026_en.csv", garmin)
    run("log", "import", str(fit), "--format", "FIT")
    run("log", "import", str(track), "--format", "Gpx", "--kind", "Aerobic")
    run("log", "import", str(garmin), "--format", "Garmin-CSV")
    assert {entry["source"].split(":")[0] for entry in listed(run)} == {"fit", "gpx", "garmin"}
    exported = json.loads(run("log", "export", "--format", "JSON").stdout)
    assert len(exported["entries"]) == len(listed(run))
    assert run("log", "list", "--kind", "Resistance", "--json").stdout != "[]\n"


def test_kind_is_a_usage_error_for_formats_whose_activities_name_their_type(run, tmp_path):
    export = strava_zip(tmp_path / "export.zip", ['12,"Nov 17, 2026, 6:00:00 AM",Yoga,Yoga,1800,1800,\n'], {})
    fit = tmp_path / "run.fit"
    fit.write_bytes(activity_file(T0, RUN))
    for path, read_as in ((export, "strava"), (fit, "fit")):
        result = run("log", "import", str(path), "--kind", "mobility", code=2)
        assert result.stderr.endswith(
            f"Error: --kind applies to gpx or tcx files only; {path}: is read as {read_as}, "
            "whose activities name their own type\n"
        )
    assert listed(run) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["log", "import", "x.csv", "--format", "fitt"],
            "'--format': choose one of csv, json, strava, fit, gpx, tcx, apple-health, garmin-csv "
            "(got 'fitt'; did you mean 'fit'?)",
        ),
        (
            ["log", "import", "x.gpx", "--kind", "Aerobc"],
            "'--kind': choose one of aerobic, resistance, mobility (got 'Aerobc'; did you mean 'aerobic'?)",
        ),
        (
            ["log", "export", "--format", "jsn"],
            "'--format': choose one of csv, json (got 'jsn'; did you mean 'json'?)",
        ),
        (
            ["log", "list", "--kind", "zzz"],
            "'--kind': choose one of aerobic, resistance, mobility (got 'zzz')",
        ),
        (["report", "--format", "gird"], "(got 'gird'; did you mean 'grid'?)"),
    ],
    ids=["import-format", "import-kind", "export-format", "no-close-choice", "table-format"],
)
def test_a_mistyped_choice_is_answered_with_the_closest(run, args, message):
    stderr = run(*args, code=2).stderr
    assert stderr.startswith("Usage: ")
    assert stderr.endswith(f"{message}\n")
    assert "Error: Invalid value for " in stderr


def test_skipped_activities_are_listed_ten_at_most_with_how_to_map_them(run, tmp_path):
    rows = [f'{n},"Nov {n}, 2026, 6:00:00 AM",Session {n},Workout,1800,1800,\n' for n in range(1, 14)]
    export = tmp_path / "activities.csv"
    export.write_text(STRAVA_HEADER + "".join(rows))
    lines = run("log", "import", str(export)).stdout.splitlines()
    assert lines[:3] == [
        f"Imported {export}: 0 new, 0 already present.",
        "Skipped 13 activities of types the activity mapping does not know:",
        "  2026-11-01  Session 1 (Workout)",
    ]
    assert lines[11:] == [
        "  2026-11-10  Session 10 (Workout)",
        "  and 3 more",
        "Map their types: myorec rules init DIR, then list them under [strava.kinds] in DIR/activities.toml "
        "and import again with --rules DIR.",
    ]
    rules = tmp_path / "rules"
    run("rules", "init", str(rules))
    own = run("log", "import", str(export), "--rules", str(rules)).stdout.splitlines()
    assert (
        own[-1]
        == f"Map their types under [strava.kinds] in {rules / 'activities.toml'} and import the file again."
    )
    (rules / "activities.toml").write_text('[strava.kinds]\nresistance = ["Workout"]\n')
    assert run("log", "import", str(export), "--rules", str(rules)).stdout == (
        f"Imported {export}: 13 new, 0 already present.\n"
    )


APPLE_HIIT = (
    '<HealthData locale="en_US">\n'
    ' <Workout workoutActivityType="HKWorkoutActivityTypeHighIntensityIntervalTraining" duration="30" '
    'durationUnit="min" sourceName="Watch" startDate="2026-11-23 07:00:00 +0100" '
    'endDate="2026-11-23 07:30:00 +0100">\n'
    '  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" average="300" unit="count/min"/>\n'
    " </Workout>\n</HealthData>\n"
)


@pytest.mark.parametrize(
    ("name", "text", "left_out"),
    [
        (
            "activities.csv",
            "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Average Heart Rate\n"
            '1,"Nov 23, 2026, 6:00:00 AM",Morning HIIT,HIIT,1800,300\n',
            "  2026-11-23  Morning HIIT (300 bpm)",
        ),
        (
            "Activities.csv",
            "Activity Type,Date,Title,Time,Avg HR\n"
            '"HIIT","2026-11-23 07:00:00","Morning HIIT","00:30:00","300"\n',
            "  2026-11-23  Morning HIIT (300 bpm)",
        ),
        ("export.xml", APPLE_HIIT, "  2026-11-23 (300 bpm)"),
    ],
    ids=["strava", "garmin-csv", "apple-health"],
)
def test_an_impossible_average_heart_rate_is_left_out_and_said(run, tmp_path, name, text, left_out):
    export = tmp_path / name
    export.write_text(text)
    lines = run("log", "import", str(export)).stdout.splitlines()
    assert lines == [
        f"Imported {export}: 1 new, 0 already present.",
        "Left out 1 average heart rate outside 30-250 bpm, a device's misreading; the rest is kept:",
        left_out,
    ]
    [entry] = listed(run)
    assert (entry["avg_hr"], entry["minutes"], entry["intensity_source"]) == (None, 30, "activity type")


def test_left_out_heart_rates_are_listed_ten_at_most(run, tmp_path):
    header = "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Average Heart Rate\n"
    rows = [f'{n},"Nov {n}, 2026, 6:00:00 AM",Run {n},Run,1800,{280 + n}\n' for n in range(1, 13)]
    export = tmp_path / "activities.csv"
    export.write_text(header + "".join(rows))
    lines = run("log", "import", str(export)).stdout.splitlines()
    assert lines[1:3] == [
        "Left out 12 average heart rates outside 30-250 bpm, a device's misreading; the rest is kept:",
        "  2026-11-01  Run 1 (281 bpm)",
    ]
    assert lines[-2:] == ["  2026-11-10  Run 10 (290 bpm)", "  and 2 more"]


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_a_backup_of_imported_activities_restores_exactly(runner, run, tmp_path, file_format):
    fit = tmp_path / "multisport.fit"
    parts = [("training", "strength_training", 0, 600, 110), ("training", "hiit", 900, 1200, 165)]
    fit.write_bytes(activity_file(T0, parts, step=4))
    run("log", "import", str(fit))
    run("log", "add", "aerobic", "30", "--avg-hr", "141.5", "--date", "2026-11-18")
    backup = tmp_path / f"backup.{file_format}"
    run("log", "export", "-o", str(backup))
    restored = tmp_path / "restored.db"
    result = runner.invoke(cli, ["--db", str(restored), "log", "import", str(backup)])
    assert result.stdout == f"Imported {backup}: 3 new, 0 already present.\n"
    again = runner.invoke(cli, ["--db", str(restored), "log", "list", "--json"])
    assert json.loads(again.stdout) == listed(run)
    first = listed(run)[0]
    assert (first["start"], first["hr_seconds"], first["source"]) == (
        "2026-11-16T07:00:00+01:00",
        {"110": 596},
        "fit:2026-11-16T06:00:00Z/training",
    )
    assert listed(run)[1]["type_intensity"] == "vigorous"
    # The restored log still knows the activities: the file imports as already present.
    assert runner.invoke(cli, ["--db", str(restored), "log", "import", str(fit)]).stdout == (
        f"Imported {fit}: 0 new, 2 already present.\n"
    )


def test_a_damaged_fit_file_writes_nothing(run, tmp_path):
    run("log", "add", "aerobic", "30", "--date", "2026-11-17")
    before = run("log", "export").stdout
    fit = tmp_path / "cut.fit"
    fit.write_bytes(activity_file(T0, RUN)[:3000])
    assert run("log", "import", str(fit), code=1).stderr == (
        f"Error: {fit}: the FIT file ends early, at byte 3,000 (is it cut short?); nothing was imported\n"
    )
    assert run("log", "export").stdout == before


def test_an_export_read_through_a_wrapper_reports_its_progress(tmp_path):
    """The progress bar advances by the bytes each read returns, zip members included."""
    from myorec.app.log import _Progress

    seen = []
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("apple_health_export/export.xml", "<HealthData>\n</HealthData>\n" * 1000)
    raw = io.BufferedReader(io.BytesIO(data.getvalue()))
    wrapped = _Progress(raw, seen.append)
    with zipfile.ZipFile(wrapped) as archive, archive.open("apple_health_export/export.xml") as member:
        member.read()
    assert sum(seen) >= len(data.getvalue()) - 200
