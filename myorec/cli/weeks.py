"""Which week a command looks at: a routine file, the bundled demo week, or a logged ISO week.

``report`` and ``explain`` take the same three mutually exclusive options and
read the week the same way, so a logged week and a routine file holding the
same sessions always give the same answer.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from myorec.cli.logbook import iso_week, logged_week, this_monday
from myorec.errors import InputError
from myorec.models import iso_week_label
from myorec.routine import Routine, parse_iso_week, parse_routine
from myorec.tomlfile import read_limited, read_stream

DEMO_ROUTINE = Path(__file__).resolve().parent.parent / "demo_week.toml"

F = TypeVar("F", bound=Callable[..., Any])


def week_options(function: F) -> F:
    """``--routine FILE | --demo | --week YYYY-Www``; with none of them, this week's log."""
    for decorator in reversed(
        (
            click.option(
                "--routine",
                "routine_path",
                metavar="FILE",
                help="A routine file (TOML) holding the week; '-' reads stdin.",
            ),
            click.option("--demo", is_flag=True, help="Use the bundled example week."),
            click.option(
                "--week",
                type=iso_week,
                metavar="YYYY-Www",
                help="A logged ISO week, e.g. 2026-W48 (default: this week's log).",
            ),
        )
    ):
        function = decorator(function)
    return function


def read_routine(source: str) -> Routine:
    """A routine from a path, or from standard input when the path is '-'."""
    if source == "-":
        if sys.stdin is None:  # started with standard input closed (<&-)
            raise InputError("<stdin>: standard input is closed; give the routine file's name instead")
        return parse_routine(read_stream(sys.stdin.buffer, "<stdin>"), "<stdin>")
    return parse_routine(read_limited(Path(source)), source)


def read_week(routine_path: str | None, demo: bool, week: dt.date | None) -> tuple[Routine, dt.date | None]:
    """The chosen week's sessions and age, and its Monday when it is a calendar week.

    A routine or the demo never opens the log database.
    """
    if sum((routine_path is not None, demo, week is not None)) > 1:
        raise click.UsageError("--routine, --demo and --week are mutually exclusive: choose one week")
    if routine_path is None and not demo:
        monday = week if week is not None else this_monday()
        sessions, age = logged_week(monday)
        return Routine(tuple(sessions), age, iso_week_label(monday)), monday
    routine = read_routine(str(DEMO_ROUTINE) if demo else str(routine_path))
    return routine, parse_iso_week(routine.week)[0] if routine.week else None
