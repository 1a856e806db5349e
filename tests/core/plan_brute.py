"""Brute force over a plan's whole search space: the reference the exact search is tested against.

Every week the space holds is built as real sessions and scored by
:func:`compute_metrics` and :meth:`Engine.scores`, so nothing of the search's
aggregation (signatures, rooms, bounds) is trusted here. Only small spaces
are feasible: two or three days, a low ``max_per_day``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence

from myorec.core.calendar import DAYS
from myorec.core.engine import Engine
from myorec.core.intensity import Intensity
from myorec.core.metrics import compute_metrics
from myorec.core.plan import (
    MAX_VIGOROUS_DAYS,
    PlanOptions,
    StartingPoint,
    floor_for,
    plan_days,
    reachable_level,
    target_levels,
)
from myorec.core.plan_search import FEWEST_MINUTES, MIN_SESSION
from myorec.core.report import inactive
from myorec.core.ruleset import CONFIDENCE_WEIGHT
from myorec.core.sessions import Focus, Kind, Session

#: Every sort of session the space holds: (kind, intensity, focus, impact).
SORTS: tuple[tuple[Kind, Intensity, Focus | None, bool], ...] = (
    (Kind.AEROBIC, Intensity.LIGHT, None, False),
    (Kind.AEROBIC, Intensity.MODERATE, None, False),
    (Kind.AEROBIC, Intensity.MODERATE, None, True),
    (Kind.AEROBIC, Intensity.VIGOROUS, None, False),
    (Kind.AEROBIC, Intensity.VIGOROUS, None, True),
    (Kind.RESISTANCE, Intensity.MODERATE, None, False),
    (Kind.MOBILITY, Intensity.MODERATE, Focus.BALANCE, False),
    (Kind.MOBILITY, Intensity.MODERATE, Focus.STRETCH, False),
    (Kind.MOBILITY, Intensity.MODERATE, Focus.MIND_BODY, False),
)


def _allowed(options: PlanOptions, cautious: bool) -> list[tuple[Kind, Intensity, Focus | None, bool]]:
    out = []
    for kind, intensity, focus, impact in SORTS:
        if impact and ("impact" not in options.kinds or cautious):
            continue
        if not impact and kind.value not in options.kinds:
            continue
        if intensity is Intensity.VIGOROUS and (options.no_vigorous or cautious):
            continue
        out.append((kind, intensity, focus, impact))
    return out


def _position(session: Session) -> int:
    if session.date is not None:
        return session.date.weekday()
    assert session.day is not None
    return DAYS.index(session.day)


def _day_options(
    sorts: Sequence[tuple[Kind, Intensity, Focus | None, bool]], free: int, taken: set[Kind], step: int
) -> list[list[tuple[Kind, Intensity, Focus | None, bool, int]]]:
    """Every set of sessions one day can take: at most one per kind, within its free minutes."""
    by_kind: dict[Kind, list[tuple[Kind, Intensity, Focus | None, bool] | None]] = {k: [None] for k in Kind}
    for sort in sorts:
        if sort[0] not in taken:
            by_kind[sort[0]].append(sort)
    lengths = list(range(MIN_SESSION, free + 1, step))
    out = []
    for picks in itertools.product(*by_kind.values()):
        chosen = [p for p in picks if p is not None]
        for minutes in itertools.product(lengths, repeat=len(chosen)):
            if sum(minutes) <= free:
                out.append([(*sort, m) for sort, m in zip(chosen, minutes, strict=True)])
    return out


def weeks(options: PlanOptions, start: StartingPoint) -> Iterator[list[Session]]:
    """Every planned week (the sessions added) the hard constraints allow."""
    cautious = inactive(compute_metrics(start.reference, start.week.profile))
    sorts = _allowed(options, cautious)
    done = {p: [s for s in start.week.sessions if _position(s) == p] for p in range(7)}
    resistance_done = {p for p, sessions in done.items() if any(s.kind is Kind.RESISTANCE for s in sessions)}
    vigorous_done = {
        p for p, sessions in done.items() if compute_metrics(sessions, start.week.profile)["vigorous_days"]
    }
    days = plan_days(options, start)
    choices = []
    for day in days:
        p = DAYS.index(day)
        free = options.max_per_day - sum(s.minutes for s in done[p])
        choices.append(_day_options(sorts, max(0, free), {s.kind for s in done[p]}, options.step))
    for week in itertools.product(*choices):
        resistance = set(resistance_done)
        vigorous = set(vigorous_done)
        sessions: list[Session] = []
        ok = True
        for day, planned in zip(days, week, strict=True):
            p = DAYS.index(day)
            for kind, intensity, focus, impact, minutes in planned:
                if kind is Kind.RESISTANCE:
                    if resistance & {p - 1, p + 1}:
                        ok = False
                    resistance.add(p)
                if intensity is Intensity.VIGOROUS:
                    vigorous.add(p)
                when: dict[str, object] = (
                    {"date": start.monday + dt.timedelta(days=p)}
                    if start.monday is not None
                    else {"day": day}
                )
                sessions.append(
                    Session(
                        kind=kind, intensity=intensity, focus=focus, impact=impact, minutes=minutes, **when
                    )  # type: ignore[arg-type]
                )
        if ok and len(vigorous - vigorous_done) <= max(0, MAX_VIGOROUS_DAYS - len(vigorous_done)):
            yield sessions


def best_key(engine: Engine, options: PlanOptions, start: StartingPoint) -> tuple[str, tuple[int, ...]]:
    """The mode a plan is searched in and the best key any week reaches (lower is better).

    Fewest minutes: (0 met / 1 not, minutes, -weighted, sessions); when no week
    meets the targets, closest: (points short, minutes, -weighted, sessions);
    with a budget: (-weighted, minutes, sessions). ``weighted`` is 4 x the
    confidence-weighted score sum, a whole number.
    """
    profile = start.week.profile
    confidences = engine.confidences(compute_metrics(start.week.sessions, profile))
    weights4 = [round(4 * CONFIDENCE_WEIGHT[c]) for c in confidences]
    levels = target_levels(engine, options)
    floors = [floor_for(level, c) for level, c in zip(levels, confidences, strict=True)]
    reachable = [
        floor_for(reachable_level(level, c), c) for level, c in zip(levels, confidences, strict=True)
    ]
    scored = []
    for planned in weeks(options, start):
        scores = engine.scores(compute_metrics([*start.week.sessions, *planned], profile))
        minutes = sum(s.minutes for s in planned)
        weighted = sum(w * s for w, s in zip(weights4, scores, strict=True))
        met = all(f is None or s >= f for f, s in zip(floors, scores, strict=True))
        short = sum(max(0, f - s) for f, s in zip(reachable, scores, strict=True) if f is not None)
        scored.append((met, short, minutes, weighted, len(planned)))
    if options.budget is not None:
        within = [(-w, m, n) for _, _, m, w, n in scored if m <= options.budget]
        return "most points", min(within)
    if any(met for met, *_ in scored):
        return FEWEST_MINUTES, min((0, m, -w, n) for met, _, m, w, n in scored if met)
    return "closest", min((short, m, -w, n) for _, short, m, w, n in scored)
