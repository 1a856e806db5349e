"""``myorec plan``'s starting point and output file: the week a plan adds to, and the routine it writes.

The starting point is nothing (a template week), the log's week in progress
from today on (``--rest-of-week``), or a routine file. Whichever it is, the
safety rule reads a real week: the starting week itself, or with nothing to
start from, the log's current week (a log that does not exist is empty).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from myorec.core.plan import Plan, StartingPoint


def starting_point(
    routine_path: str | None, rest_of_week: bool, age: int | None, db: Path | None, today: dt.date
) -> StartingPoint:
    """The week the plan adds to, with ``age`` (when given) in place of the profile's."""
    from myorec.core.plan import NONE, ROUTINE, THIS_WEEK, StartingPoint
    from myorec.core.week import Week

    if routine_path is not None:
        from myorec.app.weeks import read_routine
        from myorec.core.calendar import parse_iso_week

        week = read_routine(routine_path)
        monday = parse_iso_week(week.label)[0] if week.label else None
        start = StartingPoint(ROUTINE, week, monday, reference=week.sessions, file=routine_path)
    else:
        from myorec.app.log import logged_week, this_monday

        assert db is not None, "the plan reads the log's week"
        monday = this_monday(today)
        logged = logged_week(db, monday)
        if rest_of_week:
            start = StartingPoint(THIS_WEEK, logged, monday, today.weekday(), reference=logged.sessions)
        else:
            start = StartingPoint(NONE, Week((), logged.profile, None), reference=logged.sessions)
    if age is None:
        return start
    profile = start.week.profile.model_copy(update={"age": age})
    return start._replace(week=start.week._replace(profile=profile))


def plan_routine(plan: Plan) -> str:
    """The planned week (the starting sessions and the plan's) as a routine file."""
    from myorec.formats.routine import routine_text

    heading = (
        f"Written by myorec plan: {plan.total_minutes} minutes planned"
        f"{' on top of ' + plan.start.source if plan.start.week.sessions else ''}.\n"
        "Score it with: myorec report --routine FILE"
    )
    return routine_text(plan.week, heading)


def write_routine(target: str, text: str, db: Path | None) -> None:
    """The routine in a file replaced only once it is whole (never the log the plan read)."""
    from myorec.app.files import replace_file

    path = Path(target).expanduser()
    if db is not None:
        from myorec.app.log import refuse_the_log_itself

        refuse_the_log_itself(db, path, "write the routine to another file")
    replace_file(path, text, "write the routine to another file")
