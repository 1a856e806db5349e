"""Benefit scores week by week: the rows ``myorec trend`` shows.

Pure: takes logged sessions already read and scores each ISO week with the
engine's fast path, exactly as a report of that week would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from myorec.core.calendar import EARLIEST_DATE, iso_week_label, monday_of
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


def trend_weeks(last: dt.date, weeks: int) -> tuple[dt.date, int]:
    """The first Monday and the number of weeks of a trend ending the week of ``last`` (a Monday).

    A trend does not reach back before the first week myorec handles (1900-W01).
    """
    first = max(last - dt.timedelta(weeks=weeks - 1), EARLIEST_DATE)
    return first, (last - first).days // 7 + 1


def weekly_trend(
    engine: Engine, sessions: Iterable[Session], profile: Profile, first: dt.date, weeks: int
) -> list[TrendRow]:
    """One row per ISO week from the Monday ``first``: the scores a report of that week would give."""
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
            )
        )
    return rows
