"""``myorec plan``: the week of least minutes that reaches the targets, in the days you have.

Pure: the application layer reads the starting week (the log's, a routine's,
or none) and the profile; this module states the question for
:mod:`myorec.core.plan_search`, which answers it exactly, and turns the
answer into sessions, scores against the starting point and, where a
target is out of reach, the reasons.

The search space, as the issue defines it: sessions of each kind the options
allow (aerobic light, moderate or vigorous, impact, resistance, mobility), each
10 minutes or more in 5-minute steps, at most ``max_per_day`` minutes a day in
all; at most one session of each kind a day, resistance never on two
consecutive days of the week, at most two vigorous days, and no vigorous
session at all when ``no_vigorous`` or when the reference week is an inactive
one; an inactive week gets no impact session either (the safety rule of next
steps, :func:`myorec.core.report.inactive`). What is already done counts
toward every limit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from myorec.core.calendar import DAYS, Day
from myorec.core.engine import LEVELS, Engine, level_for
from myorec.core.metrics import compute_metrics
from myorec.core.plan_search import (
    CLOSEST,
    DAY_METRICS,
    FEWEST_MINUTES,
    MOST_POINTS,
    VARIANTS,
    Result,
    Space,
    Variant,
    search,
)
from myorec.core.plan_search import Day as PlanDay
from myorec.core.plan_why import (
    BUDGET,
    DAYS_ALLOWED,
    KIND,
    NO_VIGOROUS,
    PER_DAY,
    SAFETY_IMPACT,
    SAFETY_VIGOROUS,
    UNCAPPED,
    Lift,
    Limits,
    Shortfall,
    lift,
    reason,
)
from myorec.core.report import inactive
from myorec.core.ruleset import CONFIDENCE_WEIGHT
from myorec.core.sessions import Kind, Session
from myorec.core.week import Week

#: Levels from lowest to highest: a target is met by its level or any above it.
LEVEL_ORDER: tuple[str, ...] = tuple(name for _, name in reversed(LEVELS))
DEFAULT_TARGET = "moderate"
DEFAULT_MAX_PER_DAY = 60
#: Minutes a planned session grows by.
STEP = 5
#: What ``--kinds`` may name: the kinds of session, and impact (aerobic sessions that load bone).
PLAN_KINDS: tuple[str, ...] = ("aerobic", "resistance", "mobility", "impact")
#: The most vigorous days a plan's week may have.
MAX_VIGOROUS_DAYS = 2


class PlanOptions(NamedTuple):
    """What the user asks for; days are weekday names (``None``: every day the starting point leaves)."""

    days: tuple[Day, ...] | None = None
    max_per_day: int = DEFAULT_MAX_PER_DAY
    budget: int | None = None
    #: Every benefit's target level (``none``: no target).
    target: str = DEFAULT_TARGET
    #: benefit id -> level, overriding ``target``.
    targets: Mapping[str, str] = {}
    kinds: frozenset[str] = frozenset(PLAN_KINDS)
    no_vigorous: bool = False
    step: int = STEP


#: Where a plan starts: nothing, the log's week in progress from today on, or a routine file.
NONE, THIS_WEEK, ROUTINE = "none", "this week", "routine"


class StartingPoint(NamedTuple):
    """The week the plan adds to, and the week the safety rule reads."""

    #: NONE (a fresh template week), THIS_WEEK (the log's, from today on) or ROUTINE.
    source: str
    week: Week
    #: The Monday of a dated week (the plan's sessions get dates), or None for a template week.
    monday: dt.date | None = None
    #: The first day still ahead, 0 (Monday) to 6 (with ``this week``).
    first_day: int = 0
    #: The week whose activity decides whether vigorous work is safe to plan (the starting week's
    #: own, unless there is none: then the log's current week).
    reference: tuple[Session, ...] = ()
    #: The routine file, when it is one.
    file: str | None = None


class BenefitOutcome(NamedTuple):
    id: str
    name: str
    score: int
    level: str
    confidence: str
    #: The score's change against the starting point.
    change: int
    #: The target level, or None for no target.
    target: str | None


class Plan(NamedTuple):
    sessions: tuple[Session, ...]
    total_minutes: int
    benefits: tuple[BenefitOutcome, ...]
    unmet: tuple[Shortfall, ...]
    start: StartingPoint
    #: The week as planned: the starting sessions, then the planned ones.
    week: Week
    #: What the plan was searched for: FEWEST_MINUTES, MOST_POINTS, or CLOSEST (targets out of reach).
    mode: str
    #: Days the plan could use, in order.
    days: tuple[Day, ...]
    #: The safety rule held vigorous and impact sessions back (the reference week is an inactive one).
    cautious: bool


def target_levels(engine: Engine, options: PlanOptions) -> list[str | None]:
    """Each benefit's target level in rule-set order (None: no target)."""
    levels = []
    for benefit_id in engine.benefit_ids:
        level = options.targets.get(benefit_id, options.target)
        levels.append(None if level == "none" else level)
    return levels


def floor_for(level: str | None, confidence: str) -> int | None:
    """The lowest score whose level (at this confidence) reaches ``level``; 101 when none does."""
    if level is None:
        return None
    rank = LEVEL_ORDER.index(level)
    return next((s for s in range(101) if LEVEL_ORDER.index(level_for(s, confidence)) >= rank), 101)


def plan_days(options: PlanOptions, start: StartingPoint) -> tuple[Day, ...]:
    """The days the plan may use: those asked for (else every one), from the first day still ahead."""
    asked = options.days if options.days is not None else DAYS
    return tuple(day for day in DAYS if day in asked and DAYS.index(day) >= start.first_day)


def weekday_position(session: Session) -> int:
    """Where a session falls in its week, Monday 0: by its date, else by its weekday."""
    if session.date is not None:
        return session.date.weekday()
    assert session.day is not None
    return DAYS.index(session.day)


def _space_days(options: PlanOptions, start: StartingPoint, days: Sequence[Day]) -> tuple[PlanDay, ...]:
    """Each usable day as the starting week leaves it: minutes left, kinds done, resistance nearby."""
    by_position: dict[int, list[Session]] = {p: [] for p in range(7)}
    for session in start.week.sessions:
        by_position[weekday_position(session)].append(session)
    resistance = {
        p for p, sessions in by_position.items() if any(s.kind is Kind.RESISTANCE for s in sessions)
    }
    out = []
    for day in days:
        p = DAYS.index(day)
        done = by_position[p]
        metrics = compute_metrics(done, start.week.profile)
        flags = frozenset(name for name in DAY_METRICS if metrics[name])
        out.append(
            PlanDay(
                position=p,
                free=max(0, options.max_per_day - sum(s.minutes for s in done)),
                kinds=frozenset(s.kind for s in done),
                flags=flags,
                resistance_ok=not resistance & {p - 1, p, p + 1},
            )
        )
    return tuple(out)


def allowed_variants(options: PlanOptions, cautious: bool) -> tuple[Variant, ...]:
    """The sessions the options and the safety rule allow."""
    kinds = options.kinds
    out = []
    for variant in VARIANTS:
        if variant.impact:
            if "impact" not in kinds or cautious:
                continue
        elif variant.kind.value not in kinds:
            continue
        if variant.vigorous and (options.no_vigorous or cautious):
            continue
        out.append(variant)
    return tuple(out)


def make_plan(engine: Engine, options: PlanOptions, start: StartingPoint) -> Plan:
    """The best week for the options, from the starting point (see the module docstring)."""
    profile = start.week.profile
    base = compute_metrics(start.week.sessions, profile)
    confidences = engine.confidences(base)
    levels = target_levels(engine, options)
    floors = tuple(floor_for(level, conf) for level, conf in zip(levels, confidences, strict=True))
    reference = compute_metrics(start.reference, profile)
    cautious = inactive(reference)
    days = plan_days(options, start)
    space = Space(
        engine=engine,
        base=base,
        days=_space_days(options, start, days),
        variants=allowed_variants(options, cautious),
        vigorous_left=max(0, MAX_VIGOROUS_DAYS - int(base["vigorous_days"] or 0)),
        step=options.step,
        floors=floors,
        weights4=tuple(round(4 * CONFIDENCE_WEIGHT[c]) for c in confidences),
        mode=FEWEST_MINUTES if options.budget is None else MOST_POINTS,
        budget=options.budget,
    )
    result = search(space)
    if space.mode == FEWEST_MINUTES and result.key[0]:
        # Out of reach: the week closest to the targets a level can still reach, in the least time.
        reachable = tuple(
            floor_for(reachable_level(level, conf), conf)
            for level, conf in zip(levels, confidences, strict=True)
        )
        space = space._replace(mode=CLOSEST, floors=reachable)
        result = search(space)
    planned = _plainer(engine, space, start, _sessions(result, start))
    week = Week((*start.week.sessions, *planned), profile, start.week.label)
    after = engine.evaluate(compute_metrics(week.sessions, profile))
    before = engine.scores(base)
    benefits = tuple(
        BenefitOutcome(r.benefit.id, r.benefit.name, r.score, r.level, r.confidence, r.score - old, level)
        for r, old, level in zip(after, before, levels, strict=True)
    )
    unmet = []
    limits: Limits | None = None
    for index, (outcome, level, confidence) in enumerate(zip(after, levels, confidences, strict=True)):
        if level is None or level_rank(outcome.level) >= level_rank(level):
            continue
        limits = limits or _limits(engine, options, start, space, cautious)
        floor = floor_for(level, confidence)
        capped = floor is None or floor > 100
        short_by = None if capped or floor is None else floor - outcome.score
        unmet.append(
            Shortfall(
                outcome.benefit.id,
                level,
                outcome.level,
                outcome.score,
                short_by,
                reason(index, outcome, None if capped else floor, limits),
            )
        )
    return Plan(
        planned,
        sum(s.minutes for s in planned),
        benefits,
        tuple(unmet),
        start,
        week,
        space.mode,
        days,
        cautious,
    )


def _limits(
    engine: Engine, options: PlanOptions, start: StartingPoint, space: Space, cautious: bool
) -> Limits:
    """The question as asked, and with each limit the options or the safety rule set lifted in turn."""
    days = plan_days(options, start)
    lifts: list[Lift] = []
    if options.budget is not None:
        lifts.append(lift(BUDGET, space, None))
    if options.max_per_day < UNCAPPED:
        uncapped = options._replace(max_per_day=UNCAPPED)
        lifts.append(lift(PER_DAY, space._replace(days=_space_days(uncapped, start, days)), options.budget))
    every_day = plan_days(options._replace(days=None), start)
    if every_day != days:
        lifts.append(
            lift(DAYS_ALLOWED, space._replace(days=_space_days(options, start, every_day)), options.budget)
        )
    for kind in PLAN_KINDS:
        if kind not in options.kinds:
            wider = allowed_variants(options._replace(kinds=options.kinds | {kind}), cautious)
            lifts.append(lift(KIND, space._replace(variants=wider), options.budget, kind))
    if options.no_vigorous:
        wider = allowed_variants(options._replace(no_vigorous=False), cautious)
        lifts.append(lift(NO_VIGOROUS, space._replace(variants=wider), options.budget))
    if cautious:
        unsafe = allowed_variants(options, False)
        for limit, kept in ((SAFETY_VIGOROUS, "vigorous"), (SAFETY_IMPACT, "impact")):
            wider = tuple(v for v in unsafe if v in space.variants or getattr(v, kept))
            if wider != space.variants:
                lifts.append(lift(limit, space._replace(variants=wider), options.budget))
    return Limits(
        days,
        options.max_per_day,
        options.budget,
        sum(day.free for day in space.days),
        lift("", space, options.budget),
        tuple(lifts),
    )


def reachable_level(level: str | None, confidence: str) -> str | None:
    """The target a benefit of this confidence can reach: strong stops at moderate at low confidence."""
    if level is None:
        return None
    return level if floor_for(level, confidence) != 101 else level_for(100, confidence)


def _sessions(result: Result, start: StartingPoint) -> list[Session]:
    return [
        planned_session(position, variant, minutes, start) for position, variant, minutes in result.sessions
    ]


def planned_session(position: int, variant: Variant, minutes: int, start: StartingPoint) -> Session:
    """One planned session on its day (a date in a dated week)."""
    when: dict[str, object] = (
        {"date": start.monday + dt.timedelta(days=position)}
        if start.monday is not None
        else {"day": DAYS[position]}
    )
    return Session.model_validate(
        {
            "kind": variant.kind,
            "minutes": minutes,
            "intensity": variant.intensity,
            "focus": variant.focus,
            "impact": variant.impact or None,
            **when,
        }
    )


def _plainer(
    engine: Engine, space: Space, start: StartingPoint, planned: list[Session]
) -> tuple[Session, ...]:
    """The plan with each impact session made plain where the impact adds no point.

    The search tries impact sessions in place of plain ones (they count for
    everything a plain one does, and bone too); where a plain session scores
    the same, it is the better advice.
    """
    profile = start.week.profile
    scores = engine.scores(compute_metrics([*start.week.sessions, *planned], profile))
    out = list(planned)
    plain = {(v.kind, v.intensity) for v in space.variants if not v.impact}
    for index, session in enumerate(out):
        if not session.impact or (session.kind, session.intensity) not in plain:
            continue  # not impact, or --kinds allows impact work but not the plain kind
        trial = [*out[:index], session.model_copy(update={"impact": False}), *out[index + 1 :]]
        if engine.scores(compute_metrics([*start.week.sessions, *trial], profile)) == scores:
            out = trial
    return tuple(out)


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level)
