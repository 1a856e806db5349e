"""Which week a command looks at: a routine file, the bundled demo week, or a logged ISO week.

``report`` and ``explain`` read the week the same way, so a logged week and a
routine file holding the same sessions always give the same answer.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from myorec.core.calendar import parse_iso_week
from myorec.core.week import Week
from myorec.errors import InputError
from myorec.formats.routine import parse_routine
from myorec.formats.toml import read_limited, read_stream

DEMO_ROUTINE = Path(__file__).resolve().parent / "demo_week.toml"


def read_routine(source: str) -> Week:
    """A routine from a path, or from standard input when the path is '-'."""
    if source == "-":
        if sys.stdin is None:  # started with standard input closed (<&-)
            raise InputError("standard input is closed; give the routine file's name instead", file="<stdin>")
        return parse_routine(read_stream(sys.stdin.buffer, "<stdin>"), "<stdin>")
    return parse_routine(read_limited(Path(source)), source)


def read_week(
    routine_path: str | None, demo: bool, monday: dt.date | None, db: Path | None
) -> tuple[Week, dt.date | None]:
    """The chosen week and its Monday when it is a calendar week.

    A routine file, else the demo week, else the logged week of ``monday`` (by
    default this one) from the log ``db``. A routine or the demo never opens
    the log, and needs no ``db``.
    """
    if routine_path is None and not demo:
        from myorec.app.log import logged_week, this_monday

        assert db is not None, "a logged week needs the log"
        chosen = monday if monday is not None else this_monday()
        return logged_week(db, chosen), chosen
    week = read_routine(str(DEMO_ROUTINE) if demo else str(routine_path))
    return week, parse_iso_week(week.label)[0] if week.label else None
