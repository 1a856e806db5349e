"""Generated activity logs: export and import lose nothing, and a logged week reports like a routine.

Logs are written through the store (every way in validates entries with
``build_session``) and then read back through the real CLI.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from myorec.cli import cli
from myorec.core.calendar import iso_week_label
from myorec.core.entries import build_session
from myorec.store import open_store
from tests.tomlgen import toml_document

TODAY = dt.date.today()
SOURCE_NUMBERS = itertools.count()

efforts = st.one_of(
    st.just({}),
    st.fixed_dictionaries({"intensity": st.sampled_from(["light", "moderate", "vigorous"])}),
    st.fixed_dictionaries({"rpe": st.integers(0, 10) | st.floats(0, 10)}),
)
names = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(['a "quoted", comma', "line\nbreak", "tab\there", " padded ", "Ölberg ☀", "😀"]),
)


@st.composite
def watch_fields(draw: st.DrawFn, date: dt.date) -> dict[str, Any]:
    """What an imported activity adds: heart rate and its samples, a start with its offset, a source."""
    if not draw(st.booleans()):
        return {}
    offset = dt.timedelta(minutes=draw(st.integers(-14 * 60, 14 * 60)))
    clock = draw(st.times()).replace(microsecond=0)
    return {
        "avg_hr": draw(st.none() | st.integers(30, 250) | st.floats(30, 250)),
        "hr_seconds": draw(
            st.none() | st.dictionaries(st.integers(30, 250), st.integers(1, 3600), max_size=8)
        ),
        "start": dt.datetime.combine(date, clock, tzinfo=dt.timezone(offset)),
        "type_intensity": draw(st.sampled_from([None, "light", "moderate", "vigorous"])),
        "source": draw(st.none() | st.integers(1, 10**12).map(lambda number: f"fit:{number}")),
    }


@st.composite
def entries(draw: st.DrawFn, dates: st.SearchStrategy[dt.date]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["aerobic", "resistance", "mobility"]))
    focus = draw(st.sampled_from([None, "balance", "stretch", "mind_body"])) if kind == "mobility" else None
    date = draw(dates)
    return {
        "date": date,
        "kind": kind,
        "minutes": draw(st.integers(1, 1440)),
        "name": draw(names),
        "focus": focus,
        "impact": draw(st.sampled_from([None, True, False])),
        **draw(efforts),
        **draw(watch_fields(date)),
    }


any_day = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)


@contextmanager
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh folder per Hypothesis example (function-scoped tmp_path is shared by all examples)."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def fill(db: Path, items: list[dict[str, Any]], age: int | None = None) -> None:
    """A log of these entries, each imported with its source when it has one (as a watch's activity is).

    Each source gets a number of its own after it: one source is one activity.
    """
    with open_store(db, create=True) as store:
        for item in items:
            session = build_session({key: value for key, value in item.items() if key != "source"}, TODAY)
            if item.get("source"):
                assert store.import_entries([(session, f"{item['source']}#{next(SOURCE_NUMBERS)}")]).new == 1
            else:
                store.add(session)
        store.update_profile({"age": age})


def run(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes.decode("utf-8")  # result.stdout turns "\r\n" into "\n"


def without_ids(text: str) -> list[dict[str, Any]]:
    """The entries of a JSON export or listing, without their ids."""
    document = json.loads(text)
    items = document["entries"] if isinstance(document, dict) else document
    return [{key: value for key, value in item.items() if key != "id"} for item in items]


@given(st.lists(entries(any_day), max_size=15), st.sampled_from(["csv", "json"]))
def test_export_then_import_into_an_empty_log_is_the_identity(tmp_path_factory, items, file_format):
    with scratch(tmp_path_factory) as folder:
        original, copy = folder / "a.db", folder / "b.db"
        fill(original, items)
        exported = folder / f"log.{file_format}"
        run(original, "log", "export", "--format", file_format, "-o", str(exported))
        imported = run(copy, "log", "import", str(exported))
        assert imported == f"Imported {exported}: {len(items)} new, 0 already present.\n"
        again = run(copy, "log", "export", "--format", file_format)
        if file_format == "csv":
            assert again == exported.read_bytes().decode("utf-8")
        else:  # ids are numbered in the order entries are added, which an import makes date order
            assert without_ids(again) == without_ids(exported.read_bytes().decode("utf-8"))
        assert without_ids(run(copy, "log", "list", "--json")) == without_ids(
            run(original, "log", "list", "--json")
        )


@st.composite
def logged_weeks(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    """An ISO week that has already begun, and sessions on its days up to tomorrow."""
    day = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY))
    monday = day - dt.timedelta(days=day.weekday())
    last = min(monday + dt.timedelta(days=6), TODAY + dt.timedelta(days=1))
    days = st.dates(min_value=monday, max_value=last)
    return iso_week_label(monday), draw(st.lists(entries(days), max_size=10))


def routine_session(item: dict[str, Any]) -> dict[str, Any]:
    """An entry as a routine writes it: no source, and the seconds at each heart rate as TOML keys."""
    session = {key: value for key, value in item.items() if value is not None and key != "source"}
    if "hr_seconds" in session:
        session["hr_seconds"] = {str(bpm): seconds for bpm, seconds in session["hr_seconds"].items()}
    return session


@given(logged_weeks(), st.none() | st.integers(5, 120))
def test_a_logged_week_reports_exactly_like_a_routine_with_the_same_sessions(tmp_path_factory, week, age):
    label, items = week
    with scratch(tmp_path_factory) as folder:
        db = folder / "log.db"
        fill(db, items, age)
        document: dict[str, Any] = {"session": [routine_session(item) for item in items]}
        if age is not None:
            document["profile"] = {"age": age}
        routine = folder / "week.toml"
        routine.write_text(toml_document(document), encoding="utf-8")
        from_log = run(db, "report", "--week", label, "--json")
        if items:
            assert from_log == run(db, "report", "--routine", str(routine), "--json")
        else:
            assert json.loads(from_log)["sessions"] == 0


@given(logged_weeks(), st.data())
def test_logging_another_session_never_lowers_a_default_score(tmp_path_factory, week, data):
    label, items = week
    monday = dt.date.fromisocalendar(int(label[:4]), int(label[-2:]), 1)
    last = min(monday + dt.timedelta(days=6), TODAY + dt.timedelta(days=1))
    extra = data.draw(entries(st.dates(min_value=monday, max_value=last)))
    with scratch(tmp_path_factory) as folder:
        db = folder / "log.db"
        fill(db, items)
        before = [b["score"] for b in json.loads(run(db, "report", "--week", label, "--json"))["benefits"]]
        fill(db, [extra])
        after = [b["score"] for b in json.loads(run(db, "report", "--week", label, "--json"))["benefits"]]
    assert all(new >= old for new, old in zip(after, before, strict=True)), (before, after)
