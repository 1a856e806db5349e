"""Builders shared by tests: sessions and routine text without boilerplate."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from myorec.core.sessions import Session
from myorec.formats.activities import ActivityMap
from myorec.formats.importers.common import ImportContext, Imported, Skips

#: The repository's top folder (README.md, rules/).
REPO = Path(__file__).resolve().parent.parent
#: Real files from public repositories (their sources: tests/data/README.md).
DATA = REPO / "tests" / "data"
#: Real FIT files shared beside the repository (``../shared/data/fit``), when a worktree's checkout has them.
SHARED_FIT = next(
    (
        folder / "shared" / "data" / "fit"
        for folder in REPO.parents
        if (folder / "shared" / "data" / "fit").is_dir()
    ),
    None,
)


def parse_html5(page: bytes | str) -> Any:
    """A page's document tree (xml.etree), parsed as HTML5 strictly: its first parse error fails the test."""
    import html5lib
    import pytest

    try:
        return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    except html5lib.html5parser.ParseError as exc:
        pytest.fail(f"not valid HTML5: {exc}", pytrace=False)


def session(kind: str = "aerobic", minutes: int = 30, day: str = "mon", **extra: Any) -> Session:
    return Session.model_validate({"kind": kind, "minutes": minutes, "day": day, **extra})


def routine_text(*sessions: dict[str, Any], age: int | None = None) -> str:
    """A routine file holding the given session tables."""
    lines = []
    if age is not None:
        lines += ["[profile]", f"age = {age}", ""]
    for item in sessions:
        lines.append("[[session]]")
        for key, value in item.items():
            lines.append(f"{key} = {value!r}" if isinstance(value, str) else f"{key} = {value}")
        lines.append("")
    return "\n".join(lines).replace("'", '"')


#: What the shipped rules score :func:`who_week`, however the week reaches them.
WHO_WEEK_SCORES = {
    "immune": 51,
    "blood_sugar": 58,
    "fat_metabolism": 46,
    "bone": 53,
    "heart": 66,
    "appetite": 42,
    "brain": 66,
}


def who_week() -> list[Session]:
    """WHO 2020 week: 150 moderate aerobic minutes over 5 days, 2 resistance days, 2 mobility sessions."""
    days = ["mon", "tue", "wed", "thu", "fri"]
    sessions = [session("aerobic", 30, day, intensity="moderate") for day in days]
    sessions += [session("resistance", 30, "tue"), session("resistance", 30, "thu")]
    sessions += [session("mobility", 20, "sat"), session("mobility", 20, "sun")]
    return sessions


#: A Strava bulk export's activities.csv header: many columns, several of them repeated.
STRAVA_HEADER = [
    "Activity ID",
    "Activity Date",
    "Activity Name",
    "Activity Type",
    "Activity Description",
    "Elapsed Time",
    "Distance",
    "Max Heart Rate",
    "Relative Effort",
    "Commute",
    "Activity Private Note",
    "Activity Gear",
    "Filename",
    "Athlete Weight",
    "Bike Weight",
    "Elapsed Time",
    "Moving Time",
    "Distance",
    "Max Speed",
    "Average Speed",
    "Elevation Gain",
    "Elevation Loss",
    "Elevation Low",
    "Elevation High",
    "Max Grade",
    "Average Grade",
    "Average Positive Grade",
    "Average Negative Grade",
    "Max Cadence",
    "Average Cadence",
    "Max Heart Rate",
    "Average Heart Rate",
    "Max Watts",
    "Average Watts",
    "Calories",
    "Max Temperature",
    "Average Temperature",
    "Relative Effort",
    "Total Work",
    "Number of Runs",
    "Uphill Time",
    "Downhill Time",
    "Other Time",
    "Perceived Exertion",
    "Type",
    "Start Time",
    "Weighted Average Power",
    "Power Count",
    "Prefer Perceived Exertion",
    "Perceived Relative Effort",
    "Commute",
    "Total Weight Lifted",
    "From Upload",
    "Grade Adjusted Distance",
    "Weather Observation Time",
    "Weather Condition",
    "Weather Temperature",
    "Apparent Temperature",
    "Dewpoint",
    "Humidity",
    "Weather Pressure",
    "Wind Speed",
    "Wind Gust",
    "Wind Bearing",
    "Precipitation Intensity",
    "Sunrise Time",
    "Sunset Time",
    "Moon Phase",
    "Bike",
    "Gear",
    "Precipitation Probability",
    "Precipitation Type",
    "Cloud Cover",
    "Weather Visibility",
    "UV Index",
    "Weather Ozone",
    "Jump Count",
    "Total Grit",
    "Average Flow",
    "Flagged",
    "Average Elapsed Speed",
    "Dirt Distance",
    "Newly Explored Distance",
    "Newly Explored Dirt Distance",
    "Activity Count",
    "Total Steps",
    "Carbon Saved",
    "Pool Length",
    "Training Load",
    "Intensity",
    "Average Grade Adjusted Pace",
    "Timer Time",
    "Total Cycles",
    "Media",
]


def strava_csv(*activities: dict[str, Any]) -> str:
    """An activities.csv as Strava writes it, one row per activity.

    Each activity gives ``id``, ``date`` (as Strava writes it), ``name``, ``type``
    and ``seconds`` (and ``avg_hr``, else 142.3); the second ``Elapsed Time`` column holds a different
    number on purpose, so a reader that keeps the last of repeated headers
    gets the wrong durations.
    """
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STRAVA_HEADER)
    for activity in activities:
        values = {
            "Activity ID": activity["id"],
            "Activity Date": activity["date"],
            "Activity Name": activity.get("name", ""),
            "Activity Type": activity["type"],
            "Activity Description": activity.get("description", ""),
            "Elapsed Time": activity["seconds"],
            "Distance": "5.21",
            "Max Heart Rate": "171.0",
            "Relative Effort": "42.0",
            "Commute": "false",
            "Filename": f"activities/{activity['id']}.fit.gz",
            "Moving Time": activity["seconds"] - 60 if isinstance(activity["seconds"], int) else "",
            "Average Heart Rate": activity.get("avg_hr", "142.3"),
            "Calories": "412.0",
        }
        row = []
        seen: set[str] = set()
        for column in STRAVA_HEADER:
            if column == "Elapsed Time" and column in seen:
                row.append(f"{activity['seconds'] * 3}.0" if isinstance(activity["seconds"], int) else "")
            else:
                row.append(str(values.get(column, "")) if column not in seen else "")
            seen.add(column)
        writer.writerow(row)
    return out.getvalue()


def read_file(
    file_format: str,
    text: str | bytes,
    label: str,
    today: dt.date,
    activities: ActivityMap | None = None,
    skips: Skips | None = None,
    **context: Any,
) -> list[Imported]:
    """Everything a format's reader yields for ``text`` (as UTF-8 bytes), as ``log import`` reads it.

    ``context`` gives the rest of the import's context (``zone``, ``path``, ``kind``).
    """
    from myorec.formats.importers import by_name

    def mapping() -> ActivityMap:
        assert activities is not None, "this format maps activity types: give the mapping"
        return activities

    data = text.encode("utf-8") if isinstance(text, str) else text
    found = ImportContext(label, today, mapping, skips if skips is not None else Skips(), **context)
    return list(by_name(file_format).load().read(io.BufferedReader(io.BytesIO(data)), found))
