"""Benefit scores week by week: the rows ``myorec trend`` shows.

Pure: takes logged sessions already read and scores each ISO week with the
engine's fast path, exactly as a report of that week would. A week before
anything was logged has no data (not a week of zeros), and the week in
progress is marked: neither is a fair point of comparison.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from myorec.core.calendar import EARLIEST_DATE, days_elapsed, in_progress, iso_week_label, monday_of
from myorec.core.engine import Engine
from myorec.core.metrics import compute_metrics
from myorec.core.sessions import Profile, Session


class TrendRow(NamedTuple):
    week: str
    #: Scores in the order of the engine's benefit ids.
    scores: list[int]
    moderate_equivalent_min: int
    resistance_days: int
    sessions: int
    #: The week holds today: how many of its days have begun (see calendar.days_elapsed), else 0.
    days_so_far: int = 0
    #: The week ended before the first logged session: its zeros say nothing about the person.
    before_the_log: bool = False

    @property
    def in_progress(self) -> bool:
        return self.days_so_far > 0

    @property
    def comparable(self) -> bool:
        """A whole week of the log: one the first-to-last comparison may use."""
        return not self.in_progress and not self.before_the_log


def compared(rows: Sequence[TrendRow]) -> list[TrendRow]:
    """The weeks a trend's first-to-last comparison uses: whole weeks, from the first one logged."""
    return [row for row in rows if row.comparable]


def trend_weeks(last: dt.date, weeks: int) -> tuple[dt.date, int]:
    """The first Monday and the number of weeks of a trend ending the week of ``last`` (a Monday).

    A trend does not reach back before the first week myorec handles (1900-W01).
    """
    first = max(last - dt.timedelta(weeks=weeks - 1), EARLIEST_DATE)
    return first, (last - first).days // 7 + 1


def weekly_trend(
    engine: Engine,
    sessions: Iterable[Session],
    profile: Profile,
    first: dt.date,
    weeks: int,
    today: dt.date | None = None,
    first_logged: dt.date | None = None,
) -> list[TrendRow]:
    """One row per ISO week from the Monday ``first``: the scores a report of that week would give.

    ``today`` marks the week in progress; ``first_logged`` (the log's first
    date, None for an empty log) the weeks before the log began.
    """
    by_week: dict[dt.date, list[Session]] = {}
    for session in sessions:
        assert session.date is not None
        by_week.setdefault(monday_of(session.date), []).append(session)
    rows = []
    for offset in range(weeks):
        monday = first + dt.timedelta(weeks=offset)
        logged = by_week.get(monday, [])
        metrics = compute_metrics(logged, profile)
        rows.append(
            TrendRow(
                iso_week_label(monday),
                engine.scores(metrics),
                int(metrics["moderate_equivalent_min"] or 0),
                int(metrics["resistance_days"] or 0),
                len(logged),
                days_elapsed(monday, today) if today is not None and in_progress(monday, today) else 0,
                first_logged is None or monday_of(first_logged) > monday,
            )
        )
    return rows
