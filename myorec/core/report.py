"""A week's report: metrics, benefit results and ranked next steps.

Pure: it takes sessions already read (from a routine or the log) and a rule
engine, and returns plain data for the renderers. Next steps are found by
re-scoring the week with one candidate session added, never hard-coded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from myorec.core.calendar import DAYS, LATEST_DATE, Day, parse_iso_week
from myorec.core.engine import BenefitResult, Engine
from myorec.core.intensity import Intensity
from myorec.core.metrics import Metrics, compute_metrics, day_key
from myorec.core.sessions import Focus, Kind, Profile, Session
from myorec.core.week import Week


class Candidate(NamedTuple):
    """One single-session change the planner tries."""

    kind: Kind
    minutes: int
    intensity: Intensity
    label: str
    focus: Focus | None = None


#: The changes next steps consider: each is one session a person could add this week.
CANDIDATES: tuple[Candidate, ...] = (
    Candidate(Kind.AEROBIC, 30, Intensity.MODERATE, "a 30-minute moderate aerobic session"),
    Candidate(Kind.AEROBIC, 20, Intensity.VIGOROUS, "a 20-minute vigorous aerobic session"),
    Candidate(Kind.RESISTANCE, 30, Intensity.MODERATE, "a 30-minute resistance session"),
    Candidate(Kind.MOBILITY, 20, Intensity.MODERATE, "a 20-minute mobility session"),
    Candidate(Kind.MOBILITY, 20, Intensity.MODERATE, "a 20-minute balance session", Focus.BALANCE),
)


class NextStep(NamedTuple):
    change: str
    gain: int
    #: benefit id -> score change, only benefits that change.
    effects: dict[str, int]


class WeekReport(NamedTuple):
    week: str | None
    metrics: Metrics
    benefits: list[BenefitResult]
    next_steps: list[NextStep]
    session_count: int


def week_days(monday: dt.date | None, today: dt.date | None = None) -> list[Day | dt.date]:
    """The days a candidate can go on: weekday names, or the dates of an ISO week.

    In the week that holds ``today``, only the days still to come (today
    included): a step for a day already gone is no step at all. Never a date
    past the last one a session may have: the ISO week of 2999-12-31 ends in 3000.
    """
    if monday is None:
        return list(DAYS)
    week = (monday + dt.timedelta(days=offset) for offset in range(7))
    dates = [date for date in week if date <= LATEST_DATE]
    to_come = [date for date in dates if today is None or date >= today]
    return [*(to_come or dates)]


def _place(candidate: Candidate, sessions: Sequence[Session], days: list[Day | dt.date]) -> Day | dt.date:
    """The least-used day for this kind: fewest minutes of the kind, then overall, then earliest."""

    def load(day: Day | dt.date) -> tuple[int, int]:
        key = day.isoformat() if isinstance(day, dt.date) else day.value
        same = sum(s.minutes for s in sessions if day_key(s) == key and s.kind is candidate.kind)
        every = sum(s.minutes for s in sessions if day_key(s) == key)
        return same, every

    return min(days, key=load)


def _day_label(day: Day | dt.date) -> str:
    if isinstance(day, dt.date):
        return f"{day.strftime('%a')} {day.isoformat()}"
    return day.value.capitalize()


def plan_next_steps(
    engine: Engine,
    sessions: Sequence[Session],
    profile: Profile,
    days: list[Day | dt.date],
    base_scores: list[int],
) -> list[NextStep]:
    """Try each candidate on its best day; keep those that add points, best first."""
    ids = engine.benefit_ids
    steps = []
    for candidate in CANDIDATES:
        day = _place(candidate, sessions, days)
        extra = Session(
            kind=candidate.kind,
            minutes=candidate.minutes,
            intensity=candidate.intensity,
            focus=candidate.focus,
            day=day if isinstance(day, Day) else None,
            date=day if isinstance(day, dt.date) else None,
        )
        scores = engine.scores(compute_metrics([*sessions, extra], profile))
        effects = {
            bid: new - old for bid, new, old in zip(ids, scores, base_scores, strict=True) if new != old
        }
        gain = sum(effects.values())
        if gain > 0:
            steps.append(NextStep(f"add {candidate.label} on {_day_label(day)}", gain, effects))
    steps.sort(key=lambda step: -step.gain)
    return steps


def build_report(engine: Engine, week: Week, today: dt.date | None = None) -> WeekReport:
    """Everything a report shows for one week (``today`` keeps next steps off the days gone by)."""
    metrics = compute_metrics(week.sessions, week.profile)
    benefits = engine.evaluate(metrics)
    base = [result.score for result in benefits]
    monday = parse_iso_week(week.label)[0] if week.label else None
    steps = plan_next_steps(engine, week.sessions, week.profile, week_days(monday, today), base)
    return WeekReport(week.label, metrics, benefits, steps, len(week.sessions))
