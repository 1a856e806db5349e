"""Why a plan's target is out of reach: the benefit, how far short, and the limit in the way.

Pure. The plan found is already the closest week the space holds (see
:mod:`myorec.core.plan`); this module names, for each target it misses, what
binds, decided by checking rather than guessed from the rules: each limit the
options or the safety rule set (the budget, the per-day cap, the days, the
kinds, ``--no-vigorous``, the safety rule) is lifted in turn, and a limit
binds when, with it lifted, the target is no longer ruled out.

"Ruled out" is decided by an upper bound, not a search: every metric the
rules read at the most the space allows it on its own (:func:`most_within`).
A benefit whose bound misses the target cannot reach it in any week; one
whose bound reaches it is held back only by the other targets sharing the
minutes. The bound costs one scoring per limit, where a search per benefit
and limit would cost seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from myorec.core.calendar import Day
from myorec.core.engine import BenefitResult
from myorec.core.metrics import Metrics, metric_words
from myorec.core.plan_search import (
    MET_TENTHS,
    MIN_SESSION,
    SESSION_METRICS,
    SUM_METRICS,
    Model,
    Space,
    most_metrics,
    variant_flags,
)
from myorec.core.sessions import Kind
from myorec.core.text import counted

#: The limits a plan's reasons can name, in the order they are named (the user's options first).
BUDGET, PER_DAY, DAYS_ALLOWED, KIND, NO_VIGOROUS, SAFETY_VIGOROUS, SAFETY_IMPACT = (
    "budget",
    "max per day",
    "days",
    "kind",
    "no vigorous",
    "safety: vigorous",
    "safety: impact",
)
#: A day's minutes with no cap at all: a per-day limit lifted.
UNCAPPED = 1440
_INACTIVE = (
    "which a plan does not add to a week this inactive (under 60 moderate-equivalent minutes, none vigorous)"
)
_KIND_WORK = {
    "aerobic": "aerobic work",
    "resistance": "resistance work",
    "mobility": "mobility work",
    "impact": "impact work (running, jumping, racquet sports)",
}


class Shortfall(NamedTuple):
    """A target the plan does not reach, by how much, and why."""

    benefit: str
    target: str
    level: str
    score: int
    #: Score points below the target's lowest score (None when no score reaches it at this confidence).
    short_by: int | None
    why: str


class Lift(NamedTuple):
    """The plan's question with one limit lifted, and the most each metric can then be."""

    limit: str
    space: Space
    most: Metrics
    #: Each benefit's score with every metric at ``most``: no week of this question scores higher.
    bound: tuple[int, ...]
    #: The kind a KIND lift adds.
    kind: str | None = None


class Limits(NamedTuple):
    """What the options and the starting point allow, as the reasons talk about it."""

    days: tuple[Day, ...]
    max_per_day: int
    budget: int | None
    #: The minutes the days hold, below the per-day cap, beside what the starting week has done.
    capacity: int
    #: The question itself (nothing lifted).
    actual: Lift
    lifts: tuple[Lift, ...]


def day_list(days: Sequence[Day]) -> str:
    """``mon, wed and sat``; ``no day`` for none."""
    names = [day.value for day in days]
    if not names:
        return "no day"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def apart(positions: Sequence[int]) -> int:
    """The most of these day positions no two of which are consecutive (earliest first is optimal)."""
    chosen: list[int] = []
    for position in sorted(positions):
        if not chosen or position > chosen[-1] + 1:
            chosen.append(position)
    return len(chosen)


def most_within(space: Space, budget: int | None) -> Metrics:
    """Each metric the rules read at the most this space (and budget) allows it, each on its own.

    :func:`~myorec.core.plan_search.most_metrics` bounds minutes by the days'
    room; this also bounds day and session counts by the days that can take
    such a session (resistance on days no two of which are consecutive,
    vigorous on as many days as are left), and everything by the budget.
    """
    model = Model(space)
    most = most_metrics(model)
    base = space.base
    variants = model.variants
    for name in model.read_counts:
        givers = [v for v in variants if name in variant_flags(v) or SESSION_METRICS.get(name) is v.kind]
        days = [
            day
            for day in space.days
            if day.free >= MIN_SESSION
            and (name in SESSION_METRICS or name not in day.flags)
            and any(
                v.kind not in day.kinds and (v.kind is not Kind.RESISTANCE or day.resistance_ok)
                for v in givers
            )
        ]
        room = len(days)
        if givers and all(v.kind is Kind.RESISTANCE for v in givers):
            room = apart([day.position for day in days])
        if givers and all(v.vigorous for v in givers):
            room = min(room, space.vigorous_left)
        if budget is not None:
            room = min(room, budget // MIN_SESSION)
        most[name] = min(most[name] or 0, (base[name] or 0) + room)
    if budget is not None:
        categories = {v.category for v in variants}
        for name in model.read_sums:
            gain = max((SUM_METRICS[name][c] for c in categories), default=0)
            most[name] = min(most[name] or 0, (base[name] or 0) + gain * budget)
        for name in model.read_longest:
            most[name] = min(most[name] or 0, max(base[name] or 0, budget))
        if model.reads_met:
            rate = max((MET_TENTHS[c] for c in categories), default=0)
            most["met_minutes"] = min(
                most["met_minutes"] or 0, (base["met_minutes"] or 0) + rate * budget / 10
            )
    return most


def lift(limit: str, space: Space, budget: int | None, kind: str | None = None) -> Lift:
    """The question with ``limit`` lifted (``space`` and ``budget`` already say how)."""
    most = most_within(space, budget)
    return Lift(limit, space, most, tuple(space.engine.scores(most)), kind)


def reason(index: int, result: BenefitResult, floor: int | None, limits: Limits) -> str:
    """Why benefit ``index`` stops short of the score ``floor`` (None: its confidence caps its level).

    A limit binds when lifting it alone lets the target's bound reach the
    floor. The options the user set are named before the safety rule, and the
    safety rule only where no option alone binds: changing an option is the
    advice a person can take now. Where no limit alone binds, those that
    raise the bound are named together.
    """
    if floor is None:
        return f"its evidence is of {result.confidence} confidence, so myorec never shows it as strong"
    if limits.actual.bound[index] >= floor:
        return _shared(limits)
    binding = [lifted for lifted in limits.lifts if lifted.bound[index] >= floor]
    options = [lifted for lifted in binding if lifted.limit not in _SAFETY]
    if binding:
        return "; or ".join(_clauses(options or binding, index, floor, limits))
    raising = [lifted for lifted in limits.lifts if lifted.bound[index] > limits.actual.bound[index]]
    if raising:
        return "; and ".join(_clauses(raising, index, floor, limits))
    return (
        "no week reaches it with at most one session of a kind a day, resistance never on "
        "consecutive days and at most two vigorous days"
    )


_SAFETY = (SAFETY_VIGOROUS, SAFETY_IMPACT)


def _shared(limits: Limits) -> str:
    """No limit alone rules the target out: the minutes are too few for every target together."""
    if limits.budget is not None and limits.budget < limits.capacity:
        return (
            f"the budget of {limits.budget} minutes is too little for it beside the other benefits; "
            "the plan spends it where it earns the most points"
        )
    days = counted(len(limits.days), "day")
    return (
        f"{days} of at most {limits.max_per_day} minutes ({limits.capacity} in all) are too few for it "
        "beside the other targets"
    )


def _needs(lifted: Lift, index: int, floor: int, limits: Limits) -> str | None:
    """The least of a metric the target needs that ``lifted``'s limit holds back, in plain words.

    For each metric the lift raises, the least value that lets the bound reach
    the floor with every other metric at its most; the first that is more than
    the question allows is what the limit holds back.
    """
    engine = lifted.space.engine
    for metric, most in lifted.most.items():
        held = limits.actual.most[metric] or 0
        if most is None or most <= held:
            continue
        low, high = float(held), float(most)
        if engine.scores({**lifted.most, metric: low})[index] >= floor:
            continue  # what the question allows of this metric is enough
        whole = int(low) == low and int(high) == high
        while high - low > (1 if whole else 0.5):
            middle = (low + high) / 2 if not whole else float((int(low) + int(high)) // 2)
            if engine.scores({**lifted.most, metric: middle})[index] >= floor:
                high = middle
            else:
                low = middle
        words = metric_words(metric, high)
        if metric == "resistance_days" and lifted.limit == DAYS_ALLOWED:
            words += " that are not consecutive"
        return words
    return None


def _clauses(lifts: Sequence[Lift], index: int, floor: int, limits: Limits) -> list[str]:
    """One clause per lift, the per-day cap and the days in one where they hold back the same need."""
    by_limit = {lifted.limit: lifted for lifted in lifts}
    needs = {lifted.limit: _needs(lifted, index, floor, limits) for lifted in lifts}
    out = []
    if PER_DAY in by_limit and DAYS_ALLOWED in by_limit and needs[PER_DAY] == needs[DAYS_ALLOWED]:
        room = f"{day_list(limits.days)} hold at {limits.max_per_day} minutes a day (--days, --max-per-day)"
        out.append(f"it needs {needs[PER_DAY] or 'more minutes'}, more than {room}")
        del by_limit[PER_DAY], by_limit[DAYS_ALLOWED]
    if SAFETY_VIGOROUS in by_limit and SAFETY_IMPACT in by_limit:
        out.append(f"it needs vigorous aerobic or impact work, {_INACTIVE}")
        del by_limit[SAFETY_VIGOROUS], by_limit[SAFETY_IMPACT]
    for lifted in lifts:
        if lifted.limit in by_limit:
            out.append(_clause(lifted, needs[lifted.limit], index, floor, limits))
    return out


def _clause(lifted: Lift, needs: str | None, index: int, floor: int, limits: Limits) -> str:
    if lifted.limit == BUDGET:
        least = least_minutes(lifted.space, index, floor, limits.capacity)
        return f"it takes at least {least} minutes, more than the budget of {limits.budget}"
    if lifted.limit == PER_DAY:
        cap = f"{limits.max_per_day} minutes a day (--max-per-day)"
        return f"it needs {needs}, more than {cap} allow" if needs else f"{cap} are too few for it"
    if lifted.limit == DAYS_ALLOWED:
        allowed = f"only {day_list(limits.days)} {'is' if len(limits.days) == 1 else 'are'} allowed"
        return f"it needs {needs or 'more days'}; {allowed}"
    if lifted.limit == KIND:
        assert lifted.kind is not None
        work = _KIND_WORK[lifted.kind]
        return (
            f"it needs {needs}, and --kinds leaves out {work}"
            if needs
            else f"it needs {work}, which --kinds leaves out"
        )
    if lifted.limit == NO_VIGOROUS:
        return "it needs vigorous aerobic work, which --no-vigorous rules out"
    work = "vigorous aerobic work" if lifted.limit == SAFETY_VIGOROUS else _KIND_WORK["impact"]
    return f"it needs {work}, {_INACTIVE}"


def least_minutes(space: Space, index: int, floor: int, most: int) -> int:
    """The fewest minutes (up to ``most``) whose budget lets benefit ``index``'s bound reach ``floor``.

    No week of fewer minutes reaches it; a planned week's minutes are whole steps, so round up.
    """
    low, high = 0, most
    while low < high:
        middle = (low + high) // 2
        if space.engine.scores(most_within(space, middle))[index] >= floor:
            high = middle
        else:
            low = middle + 1
    return -(-low // space.step) * space.step
