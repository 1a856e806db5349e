"""The activity mapping: per-source tables, the shipped types, a rule folder's file overriding by type."""

from __future__ import annotations

import pytest

from myorec.core.intensity import Intensity
from myorec.core.sessions import Kind
from myorec.errors import InputError
from myorec.formats.activities import ActivityType, load_activity_map
from myorec.rulefolder.locate import default_rules_dir

SHIPPED = default_rules_dir() / "activities.toml"


@pytest.mark.parametrize(
    ("source", "names", "expected"),
    [
        ("strava", ("Weight Training",), ActivityType(Kind.RESISTANCE)),
        ("strava", ("WeightTraining",), ActivityType(Kind.RESISTANCE)),
        ("strava", ("weight_training",), ActivityType(Kind.RESISTANCE)),
        ("strava", ("Crossfit",), ActivityType(Kind.RESISTANCE, Intensity.VIGOROUS, impact=True)),
        ("strava", ("Run",), ActivityType(Kind.AEROBIC, impact=True)),
        ("strava", ("E-Bike Ride",), ActivityType(Kind.AEROBIC)),
        ("strava", ("HIIT",), ActivityType(Kind.AEROBIC, Intensity.VIGOROUS)),
        ("strava", ("Tennis",), ActivityType(Kind.AEROBIC, impact=True)),
        ("strava", ("Table Tennis",), ActivityType(Kind.AEROBIC)),
        ("strava", ("Yoga",), ActivityType(Kind.MOBILITY)),
        ("strava", ("Tai Chi",), ActivityType(Kind.AEROBIC)),
        ("strava", ("Rock Climbing",), ActivityType(Kind.RESISTANCE)),
        ("strava", ("Workout",), None),
        ("fit", ("training/strength_training", "training"), ActivityType(Kind.RESISTANCE)),
        ("fit", ("training/generic", "training"), None),
        ("fit", ("running/trail", "running"), ActivityType(Kind.AEROBIC, impact=True)),
        ("fit", ("training/hiit", "training"), ActivityType(Kind.AEROBIC, Intensity.VIGOROUS)),
        ("fit", ("transition",), ActivityType(None)),
        ("apple", ("TraditionalStrengthTraining",), ActivityType(Kind.RESISTANCE)),
        ("apple", ("HighIntensityIntervalTraining",), ActivityType(Kind.AEROBIC, Intensity.VIGOROUS)),
        ("apple", ("Pickleball",), ActivityType(Kind.AEROBIC, impact=True)),
        ("apple", ("Other",), None),
        ("garmin", ("Treadmill Running",), ActivityType(Kind.AEROBIC, impact=True)),
        ("garmin", ("Strength Training",), ActivityType(Kind.RESISTANCE)),
        ("garmin", ("Multisport",), ActivityType(None)),
        ("gpx", ("road_biking",), ActivityType(Kind.AEROBIC)),
        ("gpx", ("Running",), ActivityType(Kind.AEROBIC, impact=True)),
        ("gpx", ("Other",), None),
    ],
)
def test_the_shipped_mapping(shipped_map, source, names, expected):
    assert shipped_map.lookup(source, *names) == expected


def test_a_rule_folders_file_overrides_type_by_type(write_file, shipped_map):
    own = write_file(
        "activities.toml",
        '[strava]\nimpact = ["Workout"]\n\n[strava.kinds]\naerobic = ["Workout"]\nskip = ["Golf"]\n'
        'resistance = ["Run"]\n\n[strava.intensity]\nlight = ["Run"]\n',
    )
    merged = load_activity_map(SHIPPED, own)
    assert merged.lookup("strava", "Workout") == ActivityType(Kind.AEROBIC, impact=True)
    assert merged.lookup("strava", "Golf") == ActivityType(None)
    # Run is the user's whole: resistance, light, and not impact, as the file does not list it there.
    assert merged.lookup("strava", "Run") == ActivityType(Kind.RESISTANCE, Intensity.LIGHT)
    # Everything else is the shipped mapping's.
    for source, table in shipped_map.types.items():
        for name, found in table.items():
            if (source, name) not in {("strava", "workout"), ("strava", "golf"), ("strava", "run")}:
                assert merged.types[source][name] == found
    assert merged.paths == (SHIPPED, own)
    assert merged.path == own


def test_a_file_of_the_old_format_maps_strava_types(write_file):
    legacy = write_file("activities.toml", '[kinds]\naerobic = ["Workout"]\n')
    assert load_activity_map(SHIPPED, legacy).lookup("strava", "Workout") == ActivityType(Kind.AEROBIC)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[strava.kinds]\naerobics = ["Run"]',
            "strava.kinds.aerobics: unknown kind (did you mean 'aerobic'?)",
        ),
        (
            '[strava.kinds]\naerobic = ["Weight Training"]\nresistance = ["WeightTraining"]',
            "'WeightTraining' is listed under both strava.kinds.aerobic and strava.kinds.resistance",
        ),
        ('[strava.kinds]\naerobic = "Run"', "strava.kinds.aerobic: must be a list of activity type names"),
        ('[strva.kinds]\naerobic = ["Run"]', "unknown source table 'strva' (did you mean 'strava'?)"),
        ("[fit]\nkind = {}", "fit.kind: unknown key 'kind' (did you mean 'kinds'?)"),
        ('[fit.intensity]\nhard = ["hiit"]', "fit.intensity.hard: unknown intensity"),
        (
            '[apple.intensity]\nvigorous = ["Boxing"]',
            "'Boxing' has no kind here: list it under [apple.kinds] too",
        ),
        ('[garmin]\nimpact = ["Padel"]', "'Padel' has no kind here: list it under [garmin.kinds] too"),
    ],
)
def test_mapping_problems_name_the_file(write_file, text, message):
    path = write_file("activities.toml", text)
    with pytest.raises(InputError) as caught:
        load_activity_map(SHIPPED, path)
    assert str(caught.value).startswith(f"{path}: {message}")
