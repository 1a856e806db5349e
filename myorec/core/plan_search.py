"""The planner's exact search: the best week over a space of sessions, days and minutes.

Pure: no I/O, no clock. :mod:`myorec.core.plan` states the question (days,
kinds, targets, the starting week); this module answers it exactly.

Why it is fast without a solver. A week's metrics depend on its sessions only
through a few aggregates: minutes summed per *category* (light, moderate and
vigorous aerobic, resistance, mobility), the longest sessions, session counts
and day counts. So the search has two levels:

1. A *skeleton* says which sessions go on which day, without their minutes.
   Skeletons are built day by day, and those that agree on everything the
   rules and the constraints can see (counts, and each day's spare room with
   the categories sharing it) are one *signature*: the days of a week are
   mostly interchangeable, so many thousands of skeletons make a few hundred
   signatures.
2. Within a signature the only choice left is how many extra steps of minutes
   (beyond each session's 10) each category gets. Which totals fit the days is
   a small transportation problem, decided exactly by Hall's condition over the
   categories that share days (:class:`Region`).

Every rule the planner scores with must be monotone: more minutes or days
never lower a score (``rules check`` warns about rules that are not, and
:func:`check_monotone` refuses them). That makes the bounds exact: a
signature whose most generous point cannot beat the best week found is
dropped whole, and within one, the fewest steps of the last category that
reach the targets are found by bisection. Weeks are scored by
:meth:`Engine.scores`, memoised on the values of the metrics the rules read,
since many signatures reach the same weekly totals.

Regions wait in one queue, ordered by a key no week of theirs beats, and each
bound is worked out only when a region comes first with the one before it:
the optimistic week (every metric at its most on its own), then the split
bound (:class:`SplitBound`: the steps shared between groups of categories no
rule reads together), then the fitted bound (each split of the steps the
days can hold, every benefit rounded as scores are), then the search of the
region itself. Most regions go no further than the first; the search stops
at the first region whose key cannot beat the best week found.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple, cast

from myorec.core.engine import AT_LEAST, AT_MOST, CURVE, Engine, condition_progress
from myorec.core.intensity import Intensity
from myorec.core.metrics import METRICS, Metrics
from myorec.core.ruleset import Rule
from myorec.core.sessions import Focus, Kind
from myorec.errors import RuleSetError

#: The shortest session the planner adds, in minutes.
MIN_SESSION = 10
#: Rounds of :func:`fewest` that build only their own regions (later ones share one build).
ROUNDS_BUILT = 2
#: How much more a week may take in the first round of :func:`fewest` (each later one doubles it).
ROUND_MINUTES = 10

#: Minute categories: every planned session's minutes count in exactly one.
LIGHT, MODERATE, VIGOROUS, RESISTANCE, MOBILITY = range(5)
CATEGORIES = 5
#: The kind of each category's sessions.
CATEGORY_KIND: tuple[Kind, ...] = (Kind.AEROBIC, Kind.AEROBIC, Kind.AEROBIC, Kind.RESISTANCE, Kind.MOBILITY)


class Variant(NamedTuple):
    """One sort of session the planner may add, and the minutes category it fills."""

    key: str
    kind: Kind
    intensity: Intensity
    category: int
    focus: Focus | None = None
    impact: bool = False

    @property
    def vigorous(self) -> bool:
        return self.intensity is Intensity.VIGOROUS


#: Every session the planner can add. Mind-body mobility counts exactly as stretching does, so
#: stretching stands for both; resistance is planned at moderate effort, as WHO counts it.
VARIANTS: tuple[Variant, ...] = (
    Variant("light", Kind.AEROBIC, Intensity.LIGHT, LIGHT),
    Variant("moderate", Kind.AEROBIC, Intensity.MODERATE, MODERATE),
    Variant("moderate-impact", Kind.AEROBIC, Intensity.MODERATE, MODERATE, impact=True),
    Variant("vigorous", Kind.AEROBIC, Intensity.VIGOROUS, VIGOROUS),
    Variant("vigorous-impact", Kind.AEROBIC, Intensity.VIGOROUS, VIGOROUS, impact=True),
    Variant("resistance", Kind.RESISTANCE, Intensity.MODERATE, RESISTANCE),
    Variant("balance", Kind.MOBILITY, Intensity.MODERATE, MOBILITY, focus=Focus.BALANCE),
    Variant("stretch", Kind.MOBILITY, Intensity.MODERATE, MOBILITY, focus=Focus.STRETCH),
)
#: Minute-sum metrics: how much a minute of each category adds to them.
SUM_METRICS: dict[str, tuple[int, ...]] = {
    "aerobic_light_min": (1, 0, 0, 0, 0),
    "aerobic_moderate_min": (0, 1, 0, 0, 0),
    "aerobic_vigorous_min": (0, 0, 1, 0, 0),
    "moderate_equivalent_min": (0, 1, 2, 0, 0),
    "mvpa_min": (0, 1, 1, 0, 0),
    "resistance_min": (0, 0, 0, 1, 0),
    "mobility_min": (0, 0, 0, 0, 1),
    "total_min": (1, 1, 1, 1, 1),
}
#: MET-minutes, in tenths, per minute of each category at its planned intensity (metrics.MET_VALUES).
MET_TENTHS: tuple[int, ...] = (28, 40, 80, 50, 25)
#: The longest-session metrics and the categories whose sessions they measure.
LONGEST_MVPA, LONGEST_AEROBIC = "longest_mvpa_min", "longest_aerobic_min"
LONGEST_METRICS: dict[str, tuple[int, ...]] = {
    LONGEST_MVPA: (MODERATE, VIGOROUS),
    LONGEST_AEROBIC: (LIGHT, MODERATE, VIGOROUS),
}
#: Session-count metrics and the kind each counts.
SESSION_METRICS: dict[str, Kind] = {
    "aerobic_sessions": Kind.AEROBIC,
    "resistance_sessions": Kind.RESISTANCE,
    "mobility_sessions": Kind.MOBILITY,
}
#: Day-count metrics: a day counts when one of its sessions (planned or done) has the flag.
DAY_METRICS: tuple[str, ...] = (
    "aerobic_days",
    "resistance_days",
    "mobility_days",
    "active_days",
    "exercise_days",
    "multicomponent_days",
    "vigorous_days",
    "impact_days",
    "strength_or_impact_days",
)


def variant_flags(variant: Variant) -> frozenset[str]:
    """The day-count metrics a day with this session counts toward (as :mod:`myorec.core.metrics` counts)."""
    flags = {"active_days"}
    if variant.kind is Kind.AEROBIC:
        flags |= {"aerobic_days", "exercise_days"}
        if variant.vigorous:
            flags.add("vigorous_days")
        if variant.impact and variant.intensity is not Intensity.LIGHT:
            flags |= {"impact_days", "strength_or_impact_days"}
    elif variant.kind is Kind.RESISTANCE:
        flags |= {"resistance_days", "exercise_days", "multicomponent_days", "strength_or_impact_days"}
    else:
        flags.add("mobility_days")
        if variant.focus is Focus.BALANCE:
            flags.add("multicomponent_days")
    return frozenset(flags)


# -- the rules, as the search sees them ------------------------------------------------


def applying_rules(engine: Engine, profile_metrics: Metrics) -> list[Rule]:
    """The rules that count for this person (their ``applies`` holds)."""
    return [
        rule for rule in engine.rule_set.rules if rule.applies is None or rule.applies.holds(profile_metrics)
    ]


def check_monotone(rules: Sequence[Rule]) -> None:
    """Refuse rules whose score can fall as sessions are added: the search's bounds need it."""
    for rule in rules:
        for condition in rule.when.conditions:
            info = METRICS.get(condition.metric)
            if not condition.monotone and (info is None or not info.from_profile):
                raise RuleSetError(
                    f"rule {rule.id}: {condition.describe()} can lower a score as sessions are added; "
                    "plan needs rules where more activity never scores less (see 'rules check')"
                )


def saturation(rules: Sequence[Rule], metric: str) -> int:
    """The value past which more of a (whole-number) metric changes no score of these rules."""
    tops = []
    for rule in rules:
        for condition in rule.when.conditions:
            if condition.metric == metric:
                tops.append(condition.curve[-1][0] if condition.curve is not None else condition.threshold)
    return max(0, math.ceil(max(tops))) if tops else 0


# -- the question ----------------------------------------------------------------------


class Day(NamedTuple):
    """A day the plan may use, as the starting week leaves it."""

    #: 0 (Monday) to 6 (Sunday).
    position: int
    #: Minutes left before the day reaches the per-day cap.
    free: int
    #: Kinds already done that day: the plan adds no second session of a kind.
    kinds: frozenset[Kind]
    #: Day-count flags the day already has.
    flags: frozenset[str]
    #: Resistance may go on this day: none that day, or on a neighbouring day of the week, yet.
    resistance_ok: bool


#: Modes: the fewest minutes that meet the targets; the most weighted score within a budget;
#: the fewest points short of the targets.
FEWEST_MINUTES, MOST_POINTS, CLOSEST = "fewest minutes", "most points", "closest"


class Space(NamedTuple):
    """The whole question the search answers, in its own terms."""

    engine: Engine
    #: The starting week's metrics (profile included).
    base: Metrics
    days: tuple[Day, ...]
    variants: tuple[Variant, ...]
    #: Vigorous days the plan may still add.
    vigorous_left: int
    #: Minutes a session grows by, from its 10.
    step: int
    #: Each benefit's lowest passing score, or None for no target (level and confidence folded in:
    #: a target no score can reach is 101).
    floors: tuple[int | None, ...]
    #: Each benefit's confidence weight times 4 (whole numbers: 4, 3, 2, 0).
    weights4: tuple[int, ...]
    mode: str = FEWEST_MINUTES
    #: The most minutes the plan may add (MOST_POINTS), else None.
    budget: int | None = None


class Result(NamedTuple):
    """The best week found: what each planned day gets, and how it scores."""

    key: tuple[int, ...]
    cost: int
    scores: tuple[int, ...]
    #: (day position, variant, minutes) for each planned session, in calendar order.
    sessions: tuple[tuple[int, Variant, int], ...]


class Model:
    """What the search needs to know about the rules: which aggregates they read, and how far.

    Built once per question; every signature and candidate week is measured against it.
    """

    def __init__(self, space: Space) -> None:
        self.space = space
        rules = applying_rules(space.engine, space.base)
        check_monotone(rules)
        read = {condition.metric for rule in rules for condition in rule.when.conditions}
        self.read_sums = tuple(name for name in SUM_METRICS if name in read)
        self.reads_met = "met_minutes" in read
        self.read_longest = tuple(name for name in LONGEST_METRICS if name in read)
        self.read_counts = tuple(name for name in (*SESSION_METRICS, *DAY_METRICS) if name in read)
        #: The metrics the rules read, in a fixed order: the key scored weeks are memoised by.
        self.read = tuple(name for name in METRICS if name in read)
        self.saturation = {name: saturation(rules, name) for name in self.read_counts}
        self.saturation_list = tuple(self.saturation[name] for name in self.read_counts)
        minutes_read = [
            self.reads_met or any(SUM_METRICS[name][c] for name in self.read_sums) for c in range(CATEGORIES)
        ]
        for name in self.read_longest:
            for c in LONGEST_METRICS[name]:
                minutes_read[c] = True
        #: Categories whose minutes some read metric counts (the others' sessions stay at 10 minutes).
        self.minutes_read = tuple(minutes_read)
        self.variants = self._variants(space.variants)
        self._memo: dict[tuple[float | None, ...], tuple[int, ...]] = {}
        self.scored = 0
        #: What a week must reach (a monotone test of its scores), for the bounds of :class:`Needs`.
        self.goal: Callable[[Sequence[int]], bool] = lambda scores: True
        #: What the search minimises first (never rising as scores rise), and the most it may be
        #: for a week to count as found (None: any week counts). Set by :func:`search`.
        self.objective: Callable[[Sequence[int]], int] = lambda scores: 0
        self.required: int | None = None
        self.split = SplitBound(self, rules)
        count = len(space.engine.benefit_ids)
        #: Each benefit's weights alone: what the bounds benefit by benefit weigh with.
        self.alone = tuple(tuple(float(b == k) for b in range(count)) for k in range(count))

    def _variants(self, allowed: Sequence[Variant]) -> tuple[Variant, ...]:
        """The sessions worth trying: each feeds a read metric, and none counts for less than another.

        An impact session counts for all a plain one does and more, so the plain
        one is not tried beside it (the result puts it back where impact adds
        nothing: see :func:`plainer`); a balance session likewise stands for a
        stretch one.
        """
        useful = [v for v in allowed if self._feeds(v)]
        keys = {v.key for v in useful}
        dominated = {"moderate": "moderate-impact", "vigorous": "vigorous-impact", "stretch": "balance"}
        return tuple(v for v in useful if dominated.get(v.key) not in keys)

    def _feeds(self, variant: Variant) -> bool:
        if self.minutes_read[variant.category]:
            return True
        counted = {name for name, kind in SESSION_METRICS.items() if kind is variant.kind}
        return bool((variant_flags(variant) | counted) & set(self.read_counts))

    def scores(self, metrics: Metrics) -> tuple[int, ...]:
        key = tuple(metrics[name] for name in self.read)
        found = self._memo.get(key)
        if found is None:
            self.scored += 1
            found = self._memo[key] = tuple(self.space.engine.scores(metrics))
        return found

    def scores_with(self, template: Metrics, changes: Metrics) -> tuple[int, ...]:
        """:meth:`scores` of the template with these metrics changed (built only when not memoised)."""
        key = tuple([changes[name] if name in changes else template[name] for name in self.read])
        found = self._memo.get(key)
        if found is None:
            self.scored += 1
            found = self._memo[key] = tuple(self.space.engine.scores({**template, **changes}))
        return found

    def weighted(self, scores: Sequence[int]) -> int:
        """The confidence-weighted score, times 4 (so a whole number)."""
        return sum(w * s for w, s in zip(self.space.weights4, scores, strict=True))

    def key(self, scores: Sequence[int], cost: int, sessions: int) -> tuple[int, int, int, int]:
        """What the search minimises: (the objective; minutes; -weighted score; sessions)."""
        return (self.objective(scores), cost, -self.weighted(scores), sessions)


# -- skeletons and signatures ----------------------------------------------------------


class DayType(NamedTuple):
    """The sessions one day gets: at most one of each kind."""

    aerobic: Variant | None
    resistance: Variant | None
    mobility: Variant | None

    @property
    def sessions(self) -> tuple[Variant, ...]:
        return tuple(v for v in (self.aerobic, self.resistance, self.mobility) if v is not None)


class Signature(NamedTuple):
    """Skeletons that the rules and the constraints cannot tell apart.

    ``rooms`` lists, for each day whose sessions' minutes count, its spare room
    (in steps) and the categories sharing it (a bit mask), sorted.
    """

    counts: tuple[int, ...]
    #: Planned sessions per category.
    per_category: tuple[int, ...]
    rooms: tuple[tuple[int, int], ...]
    #: One skeleton with this signature: (day position, day type) for each day given sessions.
    skeleton: tuple[tuple[int, DayType], ...]

    @property
    def sessions(self) -> int:
        return sum(self.per_category)

    @property
    def base_cost(self) -> int:
        return MIN_SESSION * self.sessions


def day_types(model: Model, day: Day) -> list[DayType]:
    """Every set of sessions the day can take: at most one per kind, within its free minutes.

    A set is left out when one of its sessions adds nothing the rules read: its
    minutes count for nothing and the rest of the day already has every day
    count it would add (balance work beside resistance, for the 65+ target).
    """
    options: dict[Kind, list[Variant | None]] = {kind: [None] for kind in Kind}
    for variant in model.variants:
        if variant.kind in day.kinds or (variant.kind is Kind.RESISTANCE and not day.resistance_ok):
            continue
        options[variant.kind].append(variant)
    read = set(model.read_counts)
    types = []
    for picks in itertools.product(options[Kind.AEROBIC], options[Kind.RESISTANCE], options[Kind.MOBILITY]):
        day_type = DayType(*picks)
        sessions = day_type.sessions
        if MIN_SESSION * len(sessions) > day.free:
            continue
        if any(
            not model.minutes_read[v.category]
            and not ({m for m, k in SESSION_METRICS.items() if k is v.kind} & read)
            and variant_flags(v) & read
            <= set(day.flags).union(*(variant_flags(o) for o in sessions if o is not v))
            for v in sessions
        ):
            continue
        types.append(day_type)
    return types


def signatures(model: Model, needs: Needs, cap: int) -> list[Signature]:
    """Every distinct signature of the skeletons the constraints allow, built day by day.

    A state keeps what the next day's choice depends on (resistance the day
    before, vigorous days used) and what the rules can see; skeletons that agree
    on both are one state, represented by the first one built. A state whose
    least possible minutes (:meth:`Needs.least_minutes`) exceed ``cap`` is
    dropped, with every skeleton that would grow from it.
    """
    space = model.space
    start = Signature(tuple(int(space.base[name] or 0) for name in model.read_counts), (0,) * 5, (), ())
    states: dict[tuple[object, ...], Signature] = {(False, 0, *start[:3]): start}
    previous = -2
    saturation = model.saturation_list
    #: Per day and day type: its growth, and the growths of the same day type less one session
    #: whose minutes count for nothing.
    growths: dict[tuple[int, DayType], tuple[_Growth, list[_Growth]]] = {}
    for day in space.days:
        types = [_Growth(model, day, t) for t in day_types(model, day)]
        by_type = {growth.day_type: growth for growth in types}
        without = {
            growth.day_type: [
                by_type[lighter]
                for slot, variant in enumerate(growth.day_type)
                if variant is not None and not model.minutes_read[variant.category]
                for lighter in [DayType(*(None if i == slot else v for i, v in enumerate(growth.day_type)))]
                if lighter in by_type
            ]
            for growth in types
        }
        growths.update({(day.position, g.day_type): (g, without[g.day_type]) for g in types})
        follows = day.position == previous + 1
        previous = day.position
        grown: dict[tuple[object, ...], Signature] = {}
        for (yesterday, vigorous, *_), partial in states.items():
            for growth in types:
                if growth.resistance and follows and yesterday:
                    continue
                vig = cast(int, vigorous) + growth.vigorous
                if vig > space.vigorous_left:
                    continue
                if any(
                    _adds_nothing(partial.counts, lighter, growth, saturation)
                    for lighter in without[growth.day_type]
                ):
                    continue
                after = growth.apply(partial, model.saturation_list)
                key = (growth.resistance, vig, *after[:3])
                if key not in grown and needs.least_minutes(after) <= cap:
                    grown[key] = after
        states = grown
    merged: dict[tuple[object, ...], Signature] = {}
    for signature in states.values():
        merged.setdefault(signature[:3], signature)
    return [
        signature for signature in merged.values() if not _needless(signature, start, growths, saturation)
    ]


def _adds_nothing(have: Sequence[int], lighter: _Growth, growth: _Growth, saturation: Sequence[int]) -> bool:
    """Whether, on top of counts ``have``, ``growth`` raises no count (to its saturation) past ``lighter``.

    ``lighter`` is the same day less a session whose minutes count for nothing:
    then it does as much with more room, in fewer minutes.
    """
    return all(
        light >= full or level + light >= top
        for level, light, full, top in zip(have, lighter.counts, growth.counts, saturation, strict=True)
    )


def _needless(
    signature: Signature,
    start: Signature,
    growths: dict[tuple[int, DayType], tuple[_Growth, list[_Growth]]],
    saturation: Sequence[int],
) -> bool:
    """Whether a session of the skeleton whose minutes count for nothing raises no count the week needs.

    Such a session was worth adding for a count the days after it then filled:
    the skeleton without it (which is built too) does as much with more room.
    """
    total = list(start.counts)
    for position, day_type in signature.skeleton:
        for index, count in enumerate(growths[position, day_type][0].counts):
            total[index] += count
    for position, day_type in signature.skeleton:
        growth, lighter = growths[position, day_type]
        others = [t - g for t, g in zip(total, growth.counts, strict=True)]
        if any(_adds_nothing(others, light, growth, saturation) for light in lighter):
            return True
    return False


class _Growth:
    """What one day type adds to a signature on one day, worked out once per day."""

    __slots__ = ("counts", "day", "day_type", "entry", "per_category", "resistance", "vigorous")

    def __init__(self, model: Model, day: Day, day_type: DayType) -> None:
        sessions = day_type.sessions
        flags = set(day.flags).union(*(variant_flags(v) for v in sessions)) if sessions else set(day.flags)
        self.counts = tuple(
            sum(v.kind is SESSION_METRICS[name] for v in sessions)
            if name in SESSION_METRICS
            else int(name in flags and name not in day.flags)
            for name in model.read_counts
        )
        per_category = [0] * CATEGORIES
        mask = 0
        for variant in sessions:
            per_category[variant.category] += 1
            if model.minutes_read[variant.category]:
                mask |= 1 << variant.category
        self.per_category = tuple(per_category)
        room = (day.free - MIN_SESSION * len(sessions)) // model.space.step
        self.entry = (room, mask) if mask and room else None
        self.resistance = day_type.resistance is not None
        self.vigorous = int(day_type.aerobic is not None and day_type.aerobic.vigorous)
        self.day = day.position
        self.day_type = day_type

    def apply(self, partial: Signature, saturation: Sequence[int]) -> Signature:
        if not self.day_type.sessions:
            return partial
        counts = tuple(
            min(a + b, top) for a, b, top in zip(partial.counts, self.counts, saturation, strict=True)
        )
        per_category = tuple(a + b for a, b in zip(partial.per_category, self.per_category, strict=True))
        rooms = tuple(sorted((*partial.rooms, self.entry))) if self.entry else partial.rooms
        return Signature(counts, per_category, rooms, (*partial.skeleton, (self.day, self.day_type)))


def most_metrics(model: Model) -> Metrics:
    """Each read metric at the most the space allows it, each on its own: no week has more of any."""
    space = model.space
    most = dict(space.base)
    categories = {v.category for v in model.variants}
    free = sum(day.free for day in space.days)
    for name in model.read_sums:
        gain = max((SUM_METRICS[name][c] for c in categories), default=0)
        most[name] = (space.base[name] or 0) + gain * free
    if model.reads_met:
        rate = max((MET_TENTHS[c] for c in categories), default=0)
        most["met_minutes"] = (space.base["met_minutes"] or 0) + rate * free / 10
    for name in model.read_longest:
        if any(c in categories for c in LONGEST_METRICS[name]):
            most[name] = max(space.base[name] or 0, max((day.free for day in space.days), default=0))
    for name, top in zip(model.read_counts, model.saturation_list, strict=True):
        most[name] = max(int(space.base[name] or 0), top)
    return most


class Needs:
    """Lower bounds on what any week reaching the goal needs, from each read metric on its own.

    For a metric, the least value that still lets the goal be met with every
    other metric at the most the space allows (:meth:`most`): a week with less
    of it misses the goal whatever else it does. A sum metric's need becomes
    minutes (the most it gains per minute is known), a day count's need becomes
    sessions still to add; both only grow as sessions are added, so the bound
    holds for a partial skeleton and everything built from it.
    """

    def __init__(self, model: Model) -> None:
        self.model = model
        space = model.space
        self.most = most_metrics(model)
        self.reachable = model.goal(model.scores(self.most))
        self.need: dict[str, float] = {}
        self._sums: list[tuple[float, float, tuple[int, ...], int]] = []
        self._counts: list[tuple[int, int]] = []
        self._step = space.step
        if not self.reachable:
            return
        for name in (*model.read_sums, *model.read_counts):
            low = float(space.base[name] or 0) if name in model.read_sums else 0.0
            high = float(self.most[name] or 0)
            if high <= low:
                continue
            lo, hi = int(low), int(high)
            while lo < hi:
                middle = (lo + hi) // 2
                if model.goal(model.scores({**self.most, name: middle})):
                    hi = middle
                else:
                    lo = middle + 1
            self.need[name] = lo
        categories = {v.category for v in model.variants}
        self._step = space.step
        #: (need, what the starting week has, minutes counted per category, most counted per minute)
        self._sums = [
            (
                self.need[name],
                space.base[name] or 0,
                SUM_METRICS[name],
                max((SUM_METRICS[name][c] for c in categories), default=0),
            )
            for name in model.read_sums
            if name in self.need
        ]
        self._counts = [
            (index, int(self.need[name])) for index, name in enumerate(model.read_counts) if name in self.need
        ]

    def least_minutes(self, signature: Signature) -> int:
        """The fewest minutes any week grown from this (partial) skeleton can take and reach the goal."""
        n = signature.per_category
        planned = MIN_SESSION * sum(n)
        least = planned
        for need, have, coefficients, gain in self._sums:
            have += MIN_SESSION * sum(k * m for k, m in zip(coefficients, n, strict=True))
            if need > have:
                if not gain:
                    return 1 << 60
                least = max(least, planned + self._step * math.ceil((need - have) / gain / self._step))
        counts = signature.counts
        for index, need in self._counts:
            if need > counts[index]:
                least = max(least, planned + MIN_SESSION * (need - counts[index]))
        return least


# -- bounds from categories no metric shares -----------------------------------------------


def metric_categories(name: str) -> frozenset[int]:
    """The categories whose minutes move a metric (none for counts and the profile's fields)."""
    if name in SUM_METRICS:
        return frozenset(c for c, k in enumerate(SUM_METRICS[name]) if k)
    if name == "met_minutes":
        return frozenset(range(CATEGORIES))
    return frozenset(LONGEST_METRICS.get(name, ()))


def earned(rule: Rule, metrics: Metrics) -> float:
    """The points a rule earns on these metrics, as :meth:`Engine.evaluate` counts them."""
    progresses = [
        condition_progress(
            metrics.get(c.metric),
            CURVE if c.curve is not None else AT_LEAST if c.at_least is not None else AT_MOST,
            float(c.threshold),
            c.curve,
        )
        for c in rule.when.conditions
    ]
    progress = min(progresses) if rule.when.mode == "all" else max(progresses)
    if progress >= 1.0:
        return float(rule.points)
    return float(rule.points) * progress if rule.earns_partly else 0.0


class SplitTables(NamedTuple):
    """A region's split-bound tables, for one limit on its extra steps."""

    #: Per benefit, the constant part (with the half point of rounding where ``rounding``).
    start: list[float]
    #: Per live group, its categories and each (steps, each benefit's part) choice.
    groups: list[tuple[tuple[int, ...], list[tuple[int, list[float]]]]]
    #: Per benefit, whether its rules span live groups: its parts are unrounded, and its score is
    #: the floor of ``start`` plus the parts.
    rounding: list[bool]


#: One weighting of a region's split tables: the constant part; per live group, its categories and
#: its best for at most T steps.
GroupBests = tuple[float, list[tuple[tuple[int, ...], list[float]]]]
#: How many of a region's enumerated dimensions, from the first, each choice is checked against
#: the split bound at (deeper ones are many and cheap: the optimistic week bounds them).
SPLIT_DEPTH = 2
#: What the split bound adds to a rounded score so that float sums in another order never undercut it.
SLACK = 1e-6


class SplitBound:
    """Upper bounds on weighted scores that share the free steps between categories, not copy them.

    :meth:`Region.optimistic` gives every metric all the steps left at once,
    which is loose when minutes of light work, of moderate-or-vigorous work and
    of resistance work each feed other rules. But a benefit's score is a sum
    of its rules' points (rounded once), and a rule reads only metrics that
    some categories move. Categories that no metric or rule reads together
    form *groups*, and within a region each group's best value for T steps is
    found on its own (by enumeration: a group has one or two categories);
    a knapsack over the groups then shares the steps. A benefit whose rules
    span groups loses its rounding (each part counts exactly, plus half a
    point); one within a group keeps it. No week of the region scores more,
    since every rule is monotone and each group's value is its best.
    """

    def __init__(self, model: Model, rules: Sequence[Rule]) -> None:
        self.model = model
        played = {v.category for v in model.variants if model.minutes_read[v.category]}
        group_of = {c: c for c in played}

        def root(c: int) -> int:
            while group_of[c] != c:
                c = group_of[c]
            return c

        rule_categories = []
        for rule in rules:
            categories = frozenset().union(
                *(metric_categories(condition.metric) & played for condition in rule.when.conditions)
            )
            rule_categories.append(categories)
            for c in categories:
                group_of[root(c)] = root(min(categories))
        ids = model.space.engine.benefit_ids
        self.totals = [0.0] * len(ids)
        #: (benefit index, group root or None, rule) for each applying rule.
        self.rules: list[tuple[int, int | None, Rule]] = []
        for rule, categories in zip(rules, rule_categories, strict=True):
            b = ids.index(rule.benefit)
            self.totals[b] += float(rule.points)
            self.rules.append((b, root(min(categories)) if categories else None, rule))
        self.groups = {g: tuple(sorted(c for c in played if root(c) == g)) for g in {root(c) for c in played}}
        #: Whether every group is small enough to enumerate (else the bound is not used).
        self.usable = all(len(categories) <= 2 for categories in self.groups.values())
        self.reads = {
            g: tuple(
                sorted(
                    {c.metric for _, group, rule in self.rules if group == g for c in rule.when.conditions}
                )
            )
            for g in self.groups
        }
        self._memo: dict[tuple[object, ...], list[float]] = {}
        #: Tables, group bests and bounds, by what they read of a region (and the weights).
        self._tables: dict[tuple[object, ...], SplitTables] = {}
        self._bests_memo: dict[tuple[tuple[object, ...], tuple[float, ...]], GroupBests] = {}
        self._most_memo: dict[tuple[tuple[object, ...], tuple[float, ...]], list[float]] = {}

    def _earned(self, group: int | None, metrics: Metrics) -> list[float]:
        """Each benefit's points from the group's rules (the constant rules' for None)."""
        key = (group, *(metrics[name] for name in self.reads[group])) if group is not None else None
        found = self._memo.get(key) if key is not None else None
        if found is None:
            found = [0.0] * len(self.totals)
            for b, g, rule in self.rules:
                if g == group:
                    found[b] += earned(rule, metrics)
            if key is not None:
                self._memo[key] = found
        return found

    def _sums_first(self, a: int, b: int) -> bool:
        """Whether a step of category ``a`` moves every read minute sum at least as far as one of ``b``."""
        model = self.model
        if any(SUM_METRICS[name][a] < SUM_METRICS[name][b] for name in model.read_sums):
            return False
        return not (model.reads_met and MET_TENTHS[a] < MET_TENTHS[b])

    def _fills_first(self, region: Region, a: int, b: int) -> bool:
        """Whether a step of category ``a`` moves every read metric at least as far as one of ``b``.

        Then, for any number of steps, giving ``a`` all it can take first is the group's best.
        """
        return self._sums_first(a, b) and all(
            b not in LONGEST_METRICS[name]
            or (a in LONGEST_METRICS[name] and region.roomiest[a] >= region.roomiest[b])
            for name in self.model.read_longest
        )

    def tables(self, region: Region, limit: int) -> SplitTables | None:
        """Per benefit, the constant part of the bound; per live group, (steps, each benefit's part) choices.

        Made once per region and limit: every weighting of the benefits is a dot product with them.
        """
        if not self.usable:
            return None
        found = region.split_tables.get(limit)
        if found is not None:
            return found
        model, step = self.model, region.step
        n = region.signature.per_category
        tops = {
            c: min(limit, region.category_room.get(1 << c, 0)) if n[c] and model.minutes_read[c] else 0
            for c in range(CATEGORIES)
        }
        # Everything the tables read of the region: regions that agree on it share them.
        key = (
            region.signature.counts,
            n,
            tuple(tops.values()),
            tuple(region.roomiest.values()) if model.read_longest else (),
            limit,
        )
        region.table_keys[limit] = key
        found = self._tables.get(key)
        if found is not None:
            region.split_tables[limit] = found
            return found
        live = {g: tuple(c for c in categories if tops[c]) for g, categories in self.groups.items()}
        live = {g: categories for g, categories in live.items() if categories}
        base_metrics = model.space.base

        def metrics_at(steps: dict[int, int], names: Sequence[str], relaxed: int | None = None) -> Metrics:
            """The metrics ``names`` at these steps; ``relaxed``: each longest session given the
            group's roomiest day and all ``relaxed`` steps (no week of the group has more)."""
            metrics: Metrics = {}
            for name in names:
                if name in SUM_METRICS:
                    coefficients = SUM_METRICS[name]
                    metrics[name] = (region.template[name] or 0) + step * sum(
                        [coefficients[c] * t for c, t in steps.items()]
                    )
                elif name == "met_minutes":
                    tenths = region.met_tenths + step * sum([MET_TENTHS[c] * t for c, t in steps.items()])
                    metrics[name] = tenths / 10
                elif name in LONGEST_METRICS:
                    present = [c for c in LONGEST_METRICS[name] if n[c]]
                    if relaxed is not None and present:
                        room = max(region.roomiest[c] for c in present)
                        longest = [MIN_SESSION + step * min(relaxed, room)]
                    else:
                        longest = [
                            MIN_SESSION + step * min(steps.get(c, 0), region.roomiest[c]) for c in present
                        ]
                    metrics[name] = max([base_metrics[name] or 0, *longest])
                else:
                    metrics[name] = region.template[name]
            return metrics

        zero = metrics_at({}, model.read)
        constant = self._earned(None, zero)
        fixed = {g: self._earned(g, zero) for g in self.groups if g not in live}
        spans: list[set[int]] = [set() for _ in self.totals]
        for b, g, _ in self.rules:
            if g in live:
                spans[b].add(g)
        exact = [len(s) <= 1 for s in spans]
        base = [constant[b] + sum(points[b] for points in fixed.values()) for b in range(len(self.totals))]
        counted = [b for b, total in enumerate(self.totals) if total]

        def rounded(b: int, points: float) -> float:
            return math.floor(100.0 * points / self.totals[b] + 0.5 + SLACK)

        start = [0.0] * len(self.totals)
        for b in counted:
            if not spans[b]:
                start[b] = rounded(b, base[b])
            elif not exact[b]:
                start[b] = 100.0 * base[b] / self.totals[b] + 0.5 + SLACK

        #: Steps past a category's room give the same week: each distinct one is scored once.
        values: dict[tuple[int, tuple[tuple[int, int], ...], int | None], list[float]] = {}

        def value(g: int, steps: dict[int, int], relaxed: int | None = None) -> list[float]:
            key = (g, tuple(steps.items()), relaxed)
            found = values.get(key)
            if found is None:
                found = values[key] = _value(g, steps, relaxed)
            return found

        def _value(g: int, steps: dict[int, int], relaxed: int | None) -> list[float]:
            points = self._earned(g, metrics_at(steps, self.reads[g], relaxed))
            out = [0.0] * len(self.totals)
            for b in counted:
                if g in spans[b]:
                    out[b] = (
                        rounded(b, base[b] + points[b]) if exact[b] else 100.0 * points[b] / self.totals[b]
                    )
            return out

        groups: list[tuple[tuple[int, ...], list[tuple[int, list[float]]]]] = []
        for g, categories in live.items():
            if len(categories) == 1:
                (c,) = categories
                choices = [(t, value(g, {c: min(t, tops[c])})) for t in range(limit + 1)]
            elif self._sums_first(*categories) or self._sums_first(*categories[::-1]):
                # The category that counts more fills first; where the other has the roomier day,
                # the longest session is taken at the most either day allows (still a bound).
                a, b = categories
                chained = self._fills_first(region, a, b) or self._fills_first(region, b, a)
                if chained:
                    first, second = (a, b) if self._fills_first(region, a, b) else (b, a)
                else:
                    first, second = (a, b) if self._sums_first(a, b) else (b, a)
                choices = [
                    (
                        t,
                        value(
                            g,
                            {first: min(t, tops[first]), second: max(0, min(t - tops[first], tops[second]))},
                            None if chained else t,
                        ),
                    )
                    for t in range(limit + 1)
                ]
            else:
                first, second = categories
                choices = [
                    (t1 + t2, value(g, {first: t1, second: t2}))
                    for t1 in range(tops[first] + 1)
                    for t2 in range(min(tops[second], limit - t1) + 1)
                ]
            groups.append((categories, choices))
        rounding = [b in counted and bool(spans[b]) and not exact[b] for b in range(len(self.totals))]
        found = region.split_tables[limit] = self._tables[key] = SplitTables(start, groups, rounding)
        return found

    def _bests(self, region: Region, weights: Sequence[float], limit: int) -> GroupBests | None:
        """The constant part, and each live group's best for at most T steps (T up to ``limit``)."""
        tables = self.tables(region, limit)
        if tables is None:
            return None
        key = (region.table_keys[limit], tuple(weights))
        found = self._bests_memo.get(key)
        if found is None:
            found = self._bests_memo[key] = self._weigh(tables, weights, limit)
        return found

    def _weigh(self, tables: SplitTables, weights: Sequence[float], limit: int) -> GroupBests:
        start, groups, _ = tables
        #: Benefits weighted 0 add nothing (their parts are finite): most weightings count a few.
        counted = [(b, w) for b, w in enumerate(weights) if w]
        out = []
        for categories, choices in groups:
            if len(counted) == 1:
                ((b, w),) = counted
                values = [w * vector[b] for _, vector in choices]
            else:
                values = [sum([w * vector[b] for b, w in counted]) for _, vector in choices]
            if len(choices) == limit + 1 and all(t == i for i, (t, _) in enumerate(choices)):
                best = values  # one choice per number of steps, in order
            else:
                best = [-math.inf] * (limit + 1)
                for (t, _), value in zip(choices, values, strict=True):
                    best[t] = max(best[t], value)
            out.append((categories, list(itertools.accumulate(best, max))))
        return sum(w * v for w, v in zip(weights, start, strict=True)), out

    def most(self, region: Region, weights: Sequence[float], limit: int) -> list[float] | None:
        """For each number of extra steps up to ``limit``, a bound on sum(weight x score) over the region."""
        bests = self._bests(region, weights, limit)
        if bests is None:
            return None
        key = (region.table_keys[limit], tuple(weights))
        found = self._most_memo.get(key)
        if found is None:
            start, groups = bests
            found = self._most_memo[key] = shared(start, [best for _, best in groups], limit + 1)
        return found

    def fitting(self, region: Region, weights: Sequence[float], limit: int, steps: int) -> float | None:
        """A bound on sum(weight x score) for at most ``steps`` extra steps (of the tables for
        ``limit``), each benefit rounded as scores are and the steps within the days' room
        (:func:`_fitting_most`); None where it is not worked out."""
        tables = self.tables(region, limit)
        if tables is None:
            return None
        return _fitting_most(tables, weights, _group_rooms(region, tables.groups), steps)

    def within(self, region: Region, given: dict[int, int], left: int) -> float | None:
        """A bound on the weighted score of the region's weeks that give these categories these steps
        and at most ``left`` more (the tables of the region's widest limit; None: no tables).

        Each group already has its given steps, and shares ``left`` with the others.
        """
        return self.within_weighted(region, given, left, self.model.space.weights4)

    def within_weighted(
        self, region: Region, given: dict[int, int], left: int, weights: Sequence[float]
    ) -> float | None:
        """:meth:`within` for sum(weight x score) with any weights."""
        if not region.split_tables:
            return None
        limit = max(region.split_tables)
        bests = self._bests(region, weights, limit)
        assert bests is not None
        start, groups = bests
        shifted = []
        for categories, best in groups:
            has = sum(given.get(c, 0) for c in categories)
            shifted.append([best[min(has + x, limit)] for x in range(left + 1)])
        return shared(start, shifted, left + 1)[left]


#: The most choices of steps :func:`_fitting_most` tries (beyond it, the days are not checked).
FITTING_CHOICES = 20000


def _group_rooms(region: Region, groups: Sequence[tuple[tuple[int, ...], object]]) -> list[tuple[int, int]]:
    """(set of groups as bits, the room of the days holding any of their categories) for each set."""
    masks = [sum(1 << c for c in categories) for categories, _ in groups]
    out = []
    for bits in range(1, 1 << len(groups)):
        mask = 0
        for g, group_mask in enumerate(masks):
            if bits >> g & 1:
                mask |= group_mask
        out.append((bits, region.category_room[mask]))
    return out


def _fitting_most(
    tables: SplitTables, weights: Sequence[float], rooms: Sequence[tuple[int, int]], limit: int
) -> float | None:
    """The most sum(weight x score) of any split of at most ``limit`` steps between the groups
    that the days can hold, each benefit's score rounded as it is.

    The knapsack of :func:`shared` rounds a benefit whose rules span groups
    only after summing (half a point too much each), and lets each group fill
    days another group's sessions share. Here every split of the steps between
    the groups is tried whose sets of groups each fit the room of the days they
    use (Hall's condition, by category: necessary for the days to hold them),
    each group's part at its steps counted, and each benefit rounded. That
    needs one choice per number of steps in each group (one category, or two
    filled in turn), so that more steps never give a benefit less: the
    roomiest group then takes all the room left. None when a group has more
    choices, there are too many splits, or nothing to share.
    """
    start, groups, rounding = tables
    tracks: list[list[list[float]]] = []
    for _, choices in groups:
        if [t for t, _ in choices] != list(range(len(choices))) or len(choices) <= limit:
            return None
        tracks.append([vector for _, vector in choices])
    counted = [b for b, w in enumerate(weights) if w]
    changing = [g for g, track in enumerate(tracks) if any(track[-1][b] != track[0][b] for b in counted)]
    if len(changing) < 2:
        return None  # a group alone is held by its own days' room, and rounded, already
    #: The rounded benefits' constant parts, and the others' weighted constant sum.
    base = {b: start[b] for b in counted if rounding[b]}
    plain = sum(weights[b] * start[b] for b in counted if not rounding[b])
    for g, track in enumerate(tracks):
        if g not in changing:
            for b in base:
                base[b] += track[0][b]
            plain += sum(weights[b] * track[0][b] for b in counted if not rounding[b])
    #: Per changing group and steps: its weighted part of the unrounded benefits, and its parts
    #: of the rounded ones.
    flat = [
        [sum(weights[b] * vector[b] for b in counted if not rounding[b]) for vector in tracks[g]]
        for g in changing
    ]
    #: Per changing group, per rounded benefit: its part at each number of steps.
    parts = [[[vector[b] for vector in tracks[g]] for b in base] for g in changing]
    heavy = [(weights[b], value) for b, value in base.items()]
    sets = [
        (sum(1 << i for i, g in enumerate(changing) if bits >> g & 1), room)
        for bits, room in rooms
        if not any(bits >> g & 1 for g in range(len(groups)) if g not in changing)
    ]
    tops = [min(limit, room) for bits, room in sorted(sets) if bits & (bits - 1) == 0]
    last = max(range(len(changing)), key=lambda i: tops[i])
    *outer, inner = [i for i in range(len(changing)) if i != last]
    if math.prod(tops[i] + 1 for i in (*outer, inner)) > FITTING_CHOICES:
        return None
    # The outer groups' steps are enumerated; for each, the inner group's are tried all at once:
    # the last group takes min(``fixed``, ``shared`` - inner steps), within every set's room.
    floor = math.floor
    best = -math.inf
    for steps in itertools.product(*(range(tops[i] + 1) for i in outer)):
        given = dict(zip(outer, steps, strict=True))
        inner_top, fixed, shared_room = tops[inner], tops[last], limit - sum(steps)
        fits = True
        for bits, room in sets:
            left = room - sum(t for i, t in given.items() if bits >> i & 1)
            with_inner, with_last = bits >> inner & 1, bits >> last & 1
            if with_last:
                if with_inner:
                    shared_room = min(shared_room, left)
                else:
                    fixed = min(fixed, left)
            elif with_inner:
                inner_top = min(inner_top, left)
            elif left < 0:
                fits = False
        inner_top = min(inner_top, shared_room)
        if not fits or fixed < 0 or inner_top < 0:
            continue
        counts = range(inner_top + 1)
        lasts = [min(fixed, shared_room - t) for t in counts]
        base_value = plain + sum(flat[i][t] for i, t in given.items())
        values = [flat[inner][t] + flat[last][u] for t, u in zip(counts, lasts, strict=True)]
        for k, (weight, constant) in enumerate(heavy):
            held = constant + sum(parts[i][k][t] for i, t in given.items())
            mine, theirs = parts[inner][k], parts[last][k]
            values = [
                v + weight * floor(held + mine[t] + theirs[u])
                for v, t, u in zip(values, counts, lasts, strict=True)
            ]
        best = max(best, base_value + max(values))
    return None if best == -math.inf else best


def _reaching(bound: Callable[[int], float], floors: int) -> Callable[[int], bool]:
    """Whether t steps' bound (rounded as scores are) reaches ``floors``."""
    return lambda t: math.floor(bound(t) + SLACK) >= floors


def _fewest(low: int, high: int, reaches: Callable[[int], bool]) -> int | None:
    """The fewest steps from ``low`` to ``high`` that reach a goal more steps never miss; None: none do."""
    if low > high or not reaches(high):
        return None
    while low < high:
        middle = (low + high) // 2
        if reaches(middle):
            high = middle
        else:
            low = middle + 1
    return low


def shared(start: float, bests: Sequence[list[float]], size: int) -> list[float]:
    """For each number of steps below ``size``, the most ``start`` and the groups make, sharing them.

    Each group's ``best[t]`` is its most for at most t steps (so never falling):
    a group whose best does not change with its steps adds its value, and the
    others are combined pairwise, each number of steps split every way.
    """
    most: list[float] | None = None
    for best in bests:
        if best[size - 1] == best[0]:
            start += best[0]
        elif most is None:
            most = best[:size]
        else:
            # Steps past the point where an array stops rising add nothing: a split that gives
            # them is matched by one that stops there, so only the splits between are tried.
            full, top = _rising(most), _rising(best)
            combined = []
            for t in range(size):
                if t >= full + top:
                    combined.append(most[full] + best[top])
                    continue
                low, high = max(0, t - full), min(t, top)
                combined.append(
                    max(map(operator.add, most[t - high : t - low + 1][::-1], best[low : high + 1]))
                )
            most = combined
    return [start] * size if most is None else [start + value for value in most]


def _rising(best: Sequence[float]) -> int:
    """The fewest steps at which a never-falling array reaches its last value."""
    steps = len(best) - 1
    while steps and best[steps - 1] == best[-1]:
        steps -= 1
    return steps


# -- one signature's minutes ---------------------------------------------------------------


class Part(NamedTuple):
    """Sessions whose extra minutes the search counts together: a category's, on some of its days.

    A part marked ``longest`` is one session, the one a longest-session metric
    measures (see :class:`Region`).
    """

    category: int
    #: Indices into the signature's rooms: the days whose room the part may use.
    entries: frozenset[int]
    longest: str | None = None


class Dim(NamedTuple):
    """One number the search chooses: the extra steps of one part, or of two parts filled in turn."""

    #: (p,), or (first, second) when the second gets steps only once the first is full.
    parts: tuple[int, ...]
    low: int
    high: int
    #: The first part's most steps (a chain's turning point).
    first_top: int

    def split(self, value: int) -> tuple[tuple[int, int], ...]:
        """(part, extra steps) for each of the dimension's parts at ``value``."""
        if len(self.parts) == 1:
            return ((self.parts[0], value),)
        first, second = self.parts
        return ((first, min(value, self.first_top)), (second, max(0, value - self.first_top)))


class Region:
    """The extra minutes one signature can take, and the week each choice of them makes.

    Extras are whole steps per *part*: a category's sessions, or one session
    singled out. A choice fits the days exactly when, for every set of parts,
    their extras fit the room of the days they use: Hall's condition for this
    transportation problem.

    Longest sessions: where every session whose minutes count is alone on its
    day, a category's longest session is as long as its extra and its roomiest
    day allow. Where sessions share days, the session that is to be the longest
    is *designated*: it becomes a part of its own (its day only), and the
    longest metric is its length. A region is made for each designation, so
    the best week is found whichever session it makes longest, and every
    metric grows with every dimension: bisection is exact.

    Two dominance rules narrow the choices without losing the best week:

    - a session whose count no rule needs is worth having only if its
      category's minutes do not fit in one session fewer (:meth:`_lowest`):
      otherwise the same minutes in fewer sessions score as much;
    - where every read metric counts a minute of vigorous work at least as much
      as one of moderate work (unless a rule reads moderate minutes
      themselves), moderate sessions get extra steps only once the vigorous
      ones are full: moving steps to them never scores less.
    """

    def __init__(
        self, model: Model, signature: Signature, designation: tuple[tuple[str, int], ...] = ()
    ) -> None:
        self.model = model
        self.signature = signature
        self.designation = designation
        self.step = model.space.step
        rooms = signature.rooms
        n = signature.per_category
        #: No two categories whose minutes count share a day.
        self.spread = all(m & (m - 1) == 0 for _, m in rooms)
        parts = []
        for c in range(CATEGORIES):
            if not (model.minutes_read[c] and n[c]):
                continue
            entries = {i for i, (_, m) in enumerate(rooms) if m >> c & 1}
            for name, index in designation:
                if index in entries and c in LONGEST_METRICS[name]:
                    parts.append(Part(c, frozenset({index}), name))
                    entries.discard(index)
            if entries:
                parts.append(Part(c, frozenset(entries)))
        self.parts = tuple(parts)
        count = len(parts)
        self.top = tuple(sum(rooms[i][0] for i in part.entries) for part in parts)
        #: Per weights (a metric's per-category coefficients): the parts heaviest first, for _most_of.
        self._heaviest: dict[tuple[int, ...], tuple[tuple[int, int, int], ...]] = {}
        by_mask: dict[int, int] = {}
        for r, m in rooms:
            by_mask[m] = by_mask.get(m, 0) + r
        #: Room per set of categories (a bit mask): what dominance between regions compares.
        self.category_room = {
            mask: sum([r for m, r in by_mask.items() if m & mask]) for mask in range(1, 1 << CATEGORIES)
        }
        self.roomiest = {c: max((r for r, m in rooms if m >> c & 1), default=0) for c in range(CATEGORIES)}
        self.low = tuple(self._lowest(p) for p in range(count))
        self.dims = self._dims()
        self.template, self.met_tenths = self._template()
        #: :meth:`SplitBound.tables` of this region, by limit.
        self.split_tables: dict[int, SplitTables] = {}
        #: What :meth:`SplitBound.tables` read of this region, by limit: the key they are shared by.
        self.table_keys: dict[int, tuple[object, ...]] = {}

    @functools.cached_property
    def checks(self) -> tuple[tuple[int, tuple[int, ...]], ...]:
        """Hall's condition for each set of parts whose days hang together (room, parts).

        A set that splits into two with no day in common has exactly the room of
        its halves, so theirs imply its own. Worked out only for the regions searched.
        """
        rooms, parts = self.signature.rooms, self.parts
        count = len(parts)
        checks = []
        for mask in range(1, 1 << count):
            if self._connected(mask):
                members = tuple(p for p in range(count) if mask >> p & 1)
                days = set().union(*(parts[p].entries for p in members))
                checks.append((sum(rooms[i][0] for i in days), members))
        return tuple(checks)

    @staticmethod
    def designations(model: Model, signature: Signature) -> list[tuple[tuple[str, int], ...]]:
        """The ways to single out the longest sessions a region of this signature needs (one: none).

        Only a metric whose sessions share a day with another category's needs
        one: alone on its day, a session is as long as its category's extra and
        its day allow, whatever the other categories do.
        """
        rooms = signature.rooms

        def distinct(categories: Sequence[int]) -> list[int]:
            seen: dict[tuple[int, int], int] = {}
            for index, entry in enumerate(rooms):
                if any(entry[1] >> c & 1 for c in categories):
                    seen.setdefault(entry, index)
            return list(seen.values())

        def shared(categories: Sequence[int]) -> bool:
            return any(m & (m - 1) and any(m >> c & 1 for c in categories) for _, m in rooms)

        names = [name for name in model.read_longest if shared(LONGEST_METRICS[name])]
        if not names:
            return [()]
        if names == [LONGEST_MVPA] or LONGEST_AEROBIC not in model.read_longest:
            return [((LONGEST_MVPA, i),) for i in distinct(LONGEST_METRICS[LONGEST_MVPA])]
        if LONGEST_MVPA not in model.read_longest:
            return [((LONGEST_AEROBIC, i),) for i in distinct(LONGEST_METRICS[LONGEST_AEROBIC])]
        out: list[tuple[tuple[str, int], ...]] = []
        mvpa: list[int | None] = [*distinct(LONGEST_METRICS[LONGEST_MVPA])] or [None]
        for i in mvpa:
            held = ((LONGEST_MVPA, i),) if i is not None else ()
            out.append(held)  # the longest aerobic session is the longest moderate-or-vigorous one
            out.extend((*held, (LONGEST_AEROBIC, j)) for j in distinct((LIGHT,)))
        return out

    def _template(self) -> tuple[Metrics, int]:
        model, signature = self.model, self.signature
        base = model.space.base
        n = signature.per_category
        template = dict(base)
        for name, kind in SESSION_METRICS.items():
            template[name] = (base[name] or 0) + sum(
                n[c] for c in range(CATEGORIES) if CATEGORY_KIND[c] is kind
            )
        for index, name in enumerate(model.read_counts):
            template[name] = signature.counts[index]
        minutes = [MIN_SESSION * count for count in n]
        for name, coefficients in SUM_METRICS.items():
            template[name] = (base[name] or 0) + sum(
                k * m for k, m in zip(coefficients, minutes, strict=True)
            )
        met_tenths = round(10 * (base["met_minutes"] or 0)) + sum(
            rate * m for rate, m in zip(MET_TENTHS, minutes, strict=True)
        )
        template["met_minutes"] = met_tenths / 10
        return template, met_tenths

    def _alone(self, c: int) -> bool:
        return all(m == 1 << c for _, m in self.signature.rooms if m >> c & 1)

    def _lowest(self, p: int) -> int:
        """The fewest extra steps of part ``p`` worth trying: more than one session fewer could hold.

        Only for a whole category whose sessions are alone on their days and
        whose count the rules do not need (the metrics it touches stay at their
        saturation with one session fewer).
        """
        model, signature = self.model, self.signature
        part = self.parts[p]
        c = part.category
        n = signature.per_category
        if n[c] < 2 or part.longest is not None or not self._alone(c):
            return 0
        variant = next(v for v in model.variants if v.category == c)
        touched = set(variant_flags(variant)) | {m for m, k in SESSION_METRICS.items() if k is variant.kind}
        planned = {
            "aerobic_days": n[LIGHT] + n[MODERATE] + n[VIGOROUS],
            "resistance_days": n[RESISTANCE],
            "mobility_days": n[MOBILITY],
            "vigorous_days": n[VIGOROUS],
            **{
                m: sum(n[x] for x in range(CATEGORIES) if CATEGORY_KIND[x] is k)
                for m, k in SESSION_METRICS.items()
            },
        }
        for name in touched & set(model.read_counts):
            if name not in planned:
                return 0  # a day count other kinds share: one session fewer may lower it
            if int(model.space.base[name] or 0) + planned[name] - 1 < model.saturation[name]:
                return 0
        rooms = sorted((r for r, m in signature.rooms if m >> c & 1), reverse=True)
        rooms += [0] * (n[c] - len(rooms))
        held = sum(rooms[: n[c] - 1])
        return max(0, (self.step * held - MIN_SESSION) // self.step + 1)

    def _dims(self) -> tuple[Dim, ...]:
        dims: list[Dim] = []
        pending = list(range(len(self.parts)))
        index = {part.category: p for p, part in enumerate(self.parts)}
        if self.spread and VIGOROUS in index and MODERATE in index:
            first, second = index[VIGOROUS], index[MODERATE]
            if self._fills_first(first, second):
                pending.remove(first)
                pending.remove(second)
                dims.append(Dim((first, second), 0, self.top[first] + self.top[second], self.top[first]))
        for p in pending:
            dims.append(Dim((p,), self.low[p], self.top[p], self.top[p]))
        # The widest range is bisected; the others are enumerated.
        return tuple(sorted(dims, key=lambda dim: dim.high - dim.low))

    def _fills_first(self, first: int, second: int) -> bool:
        """Whether a minute of part ``first`` counts at least as much as one of ``second`` everywhere."""
        model = self.model
        a, b = self.parts[first].category, self.parts[second].category
        if self.low[first] or self.low[second] or self.roomiest[a] < self.roomiest[b]:
            return False
        if any(SUM_METRICS[name][a] < SUM_METRICS[name][b] for name in model.read_sums):
            return False
        if model.reads_met and MET_TENTHS[a] < MET_TENTHS[b]:
            return False
        return all(
            a in LONGEST_METRICS[name] or b not in LONGEST_METRICS[name] for name in model.read_longest
        )

    def _connected(self, mask: int) -> bool:
        """Whether the parts of ``mask`` form one group, linked by days they share."""
        members = [p for p in range(len(self.parts)) if mask >> p & 1]
        reached = {members[0]}
        days = set(self.parts[members[0]].entries)
        grew = True
        while grew:
            grew = False
            for p in members:
                if p not in reached and days & self.parts[p].entries:
                    reached.add(p)
                    days |= self.parts[p].entries
                    grew = True
        return len(reached) == len(members)

    def fits(self, extra: dict[int, int]) -> bool:
        """Hall's condition over the parts (automatic where sessions are alone on their days)."""
        if self.spread:
            return True
        steps = [extra.get(p, 0) for p in range(len(self.parts))]
        return all(sum(steps[p] for p in parts) <= room for room, parts in self.checks)

    def pivot_top(self, extra: dict[int, int]) -> int:
        """The most steps the bisected dimension can take, the others fixed."""
        pivot = self.dims[-1]
        if self.spread:
            return pivot.high
        (p,) = pivot.parts
        top = pivot.high
        steps = [extra.get(q, 0) for q in range(len(self.parts))]
        for room, parts in self.checks:
            if p in parts:
                top = min(top, room - sum(steps[q] for q in parts if q != p))
        return top

    def choices(
        self, limit: int, reserved: int, hopeless: Callable[[tuple[int, ...]], bool]
    ) -> Iterator[tuple[tuple[int, ...], dict[int, int]]]:
        """Every fitting choice of the enumerated dimensions whose steps total at most ``limit``.

        A choice begun is dropped, with every choice that completes it, when a
        key none of them beats is ``hopeless``: its optimistic week's (the steps
        left, and the ``reserved`` ones of the last dimension, given freely), at
        the fewest minutes the choices may take (every dimension left at its low).
        """
        dims = self.dims[:-1]
        lows = [sum(dim.low for dim in dims[index + 1 :]) for index in range(len(dims))]
        base, step = self.signature.base_cost, self.step

        def extend(
            prefix: tuple[int, ...], extra: dict[int, int], left: int, spent: int
        ) -> Iterator[tuple[tuple[int, ...], dict[int, int]]]:
            if len(prefix) == len(dims):
                yield prefix, extra
                return
            index = len(prefix)
            dim = dims[index]
            for value in range(dim.low, min(dim.high, left) + 1):
                grown = {**extra, **dict(dim.split(value))}
                if not self.fits(grown):
                    continue
                objective, _, *rest = self.optimistic(left - value + reserved, grown)
                least = base + step * (spent + value + lows[index] + reserved)
                if hopeless((objective, least, *rest)):
                    continue
                if index < SPLIT_DEPTH:
                    bound = self.split_bound(self.by_category(grown), left - value + reserved)
                    if bound is not None:
                        least_objective, weighted = bound
                        if hopeless(
                            (max(objective, least_objective), least, max(rest[0], weighted), *rest[1:])
                        ):
                            continue
                yield from extend((*prefix, value), grown, left - value, spent + value)

        yield from extend((), {}, limit, 0)

    def split_bound(self, given: dict[int, int], left: int) -> tuple[int, int] | None:
        """(objective, -weighted score) no week beats that gives categories these steps and at most
        ``left`` more, by :meth:`SplitBound.within`; None where the split bound is not used.

        The weighted score is bounded as a whole; the points short of the floors
        (closest, and fewest minutes' whether any is short) benefit by benefit.
        """
        model = self.model
        space = model.space
        most = model.split.within(self, given, left)
        if most is None:
            return None
        weighted = -math.floor(most + SLACK)
        if space.mode == MOST_POINTS:
            return weighted, weighted
        short = 0
        for b, floor in enumerate(space.floors):
            if floor is not None:
                alone = model.split.within_weighted(self, given, left, model.alone[b])
                assert alone is not None
                short += max(0, floor - math.floor(alone + SLACK))
        if space.mode == FEWEST_MINUTES:
            return int(short > 0), weighted
        return short, weighted

    def by_category(self, extra: dict[int, int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for p, e in extra.items():
            c = self.parts[p].category
            out[c] = out.get(c, 0) + e
        return out

    def longest(self, extra: dict[int, int]) -> dict[str, int]:
        """Each read longest-session metric's value for these extras (minutes, 0 for no session)."""
        n = self.signature.per_category
        found: dict[str, int] = {}
        for name in (LONGEST_MVPA, LONGEST_AEROBIC):
            categories = LONGEST_METRICS[name] if name == LONGEST_MVPA else (LIGHT,)
            held = [p for p, part in enumerate(self.parts) if part.longest == name]
            if held:
                value = self._minutes(extra.get(held[0], 0))
            elif not any(n[c] for c in categories):
                value = 0
            elif all(self._alone(c) for c in categories):
                by_category = self.by_category(extra)
                value = max(
                    self._minutes(min(by_category.get(c, 0), self.roomiest[c])) for c in categories if n[c]
                )
            else:
                value = MIN_SESSION  # the designated session stands for them
            found[name] = value
        found[LONGEST_AEROBIC] = max(found[LONGEST_AEROBIC], found[LONGEST_MVPA])
        return {name: found[name] for name in self.model.read_longest}

    def _minutes(self, steps: int) -> int:
        return MIN_SESSION + self.step * steps

    def metrics(self, extra: dict[int, int]) -> Metrics:
        """The week's metrics for these extras (steps per part), as changes to the region's template."""
        step = self.step
        by_category = self.by_category(extra)
        metrics: Metrics = {}
        for name in self.model.read_sums:
            coefficients = SUM_METRICS[name]
            metrics[name] = (self.template[name] or 0) + step * sum(
                coefficients[c] * e for c, e in by_category.items()
            )
        if self.model.reads_met:
            tenths = self.met_tenths + step * sum(MET_TENTHS[c] * e for c, e in by_category.items())
            metrics["met_minutes"] = tenths / 10
        base = self.model.space.base
        for name, value in self.longest(extra).items():
            metrics[name] = max(base[name] or 0, value)
        return metrics

    def best_at(self, extra: dict[int, int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The key these extras reach, and the scores."""
        cost = self.signature.base_cost + self.step * sum(extra.values())
        scores = self.model.scores_with(self.template, self.metrics(extra))
        return self.model.key(scores, cost, self.signature.sessions), scores

    def lowest_cost(self) -> int:
        return self.signature.base_cost + self.step * sum(dim.low for dim in self.dims)

    def optimistic(self, limit: int, fixed: dict[int, int] | None = None) -> tuple[int, ...]:
        """A key no week of this region beats that has at most ``limit`` extra steps besides ``fixed``.

        ``fixed`` gives some parts their extra steps; the others share ``limit``.
        Each read metric is taken at the most it can reach on its own: a minute
        sum by giving the free steps to the parts it counts most, each up to its
        room; a longest session by its roomiest day. No week reaches more of
        any metric, so (the rules being monotone) none scores more.
        """
        scores = self.model.scores_with(self.template, self._optimistic_metrics(limit, fixed or {}))
        return self.model.key(scores, self.lowest_cost(), self.signature.sessions)

    def _optimistic_metrics(self, limit: int, fixed: dict[int, int]) -> Metrics:
        """The optimistic week's metrics, as changes to the region's template."""
        step = self.step
        by_category = self.by_category(fixed)
        metrics: Metrics = {}
        for name in self.model.read_sums:
            coefficients = SUM_METRICS[name]
            given = sum(coefficients[c] * e for c, e in by_category.items())
            metrics[name] = (self.template[name] or 0) + step * (
                given + self._most_of(coefficients, limit, fixed)
            )
        if self.model.reads_met:
            given = sum(MET_TENTHS[c] * e for c, e in by_category.items())
            metrics["met_minutes"] = (
                self.met_tenths + step * (given + self._most_of(MET_TENTHS, limit, fixed))
            ) / 10
        n = self.signature.per_category
        base = self.model.space.base
        longest = limit + sum(fixed.values())
        for name in self.model.read_longest:
            present = [c for c in LONGEST_METRICS[name] if n[c]]
            most = max((self._minutes(min(longest, self.roomiest[c])) for c in present), default=0)
            metrics[name] = max(base[name] or 0, most)
        return metrics

    def _most_of(self, weights: tuple[int, ...], limit: int, fixed: dict[int, int]) -> int:
        """The most of sum(weights x extra) over the parts not ``fixed``, ``limit`` steps in all.

        The heaviest parts first, each up to its room.
        """
        order = self._heaviest.get(weights)
        if order is None:
            ranked = sorted(range(len(self.parts)), key=lambda p: -weights[self.parts[p].category])
            order = self._heaviest[weights] = tuple(
                (p, weights[self.parts[p].category], self.top[p])
                for p in ranked
                if weights[self.parts[p].category] > 0
            )
        total = 0
        left = limit
        for p, weight, top in order:
            if left <= 0:
                break
            if p in fixed:
                continue
            taken = min(left, top)
            total += weight * taken
            left -= taken
        return total

    def lower_key(self, limit: int) -> tuple[int, ...] | None:
        """A key no week of this region within ``limit`` extra steps beats; None when none counts.

        The optimistic week's objective and weighted score, and the fewest steps
        whose optimistic week still reaches that objective (by bisection: the
        optimistic week only improves with more steps). Cheap: :meth:`refined_key`
        tightens it, for the regions the search gets to.
        """
        low = sum(dim.low for dim in self.dims)
        if low > limit:
            return None
        most = self.optimistic(limit)
        required = self.model.required
        if required is not None and most[0] > required:
            return None
        up = limit
        while low < up:
            middle = (low + up) // 2
            if self.optimistic(middle)[0] > most[0]:
                low = middle + 1
            else:
                up = middle
        return (most[0], self.signature.base_cost + self.step * low, *most[2:])

    def refined_key(
        self, limit: int, lower: tuple[int, ...], fitted: bool = False, beat: int | None = None
    ) -> tuple[int, ...] | None:
        """``lower`` (:meth:`lower_key`) tightened by :class:`SplitBound`; never below it.

        ``fitted``: by each split of the steps the days hold, rounded as scores
        are (dearer: only for the regions about to be searched); ``beat``: the
        best week's objective so far. None when no week of the region within
        ``limit`` extra steps counts.
        """
        if sum(dim.low for dim in self.dims) > limit:
            return None
        split = self._split_key(limit, sum(dim.low for dim in self.dims), fitted, beat)
        if split is None:
            return lower
        required = self.model.required
        if required is not None and split[0] > required:
            return None
        weighted = max(lower[2], split[2])
        if split[0] > lower[0]:
            return (split[0], split[1], weighted, *lower[3:])
        if split[0] == lower[0]:
            return (lower[0], max(lower[1], split[1]), weighted, *lower[3:])
        return (lower[0], lower[1], weighted, *lower[3:])

    def _split_key(self, limit: int, low: int, fitted: bool, beat: int | None) -> tuple[int, int, int] | None:
        """(objective, cost, -weighted score) no week of the region beats, by :class:`SplitBound`.

        The cost is the fewest steps at which the bound still allows that
        objective. Most points: the objective is the weighted score's negative.
        Closest: the benefits that miss their floor even on their own are short
        by at least their floors' sum less the most their scores can reach together.
        ``beat``: the best week's objective; the cost is worked out step by step
        with the fitted bound only where the objective ties with it (elsewhere it
        decides nothing).
        """
        model = self.model
        space = model.space
        most = self._bound(space.weights4, limit, fitted)
        if most is None:
            return None
        weighted = math.floor(most(limit) + SLACK)
        if space.mode == FEWEST_MINUTES:
            meeting = self._meeting_steps(limit, low, fitted, fitted and beat == 0)
            if meeting is None:
                return 1, self.signature.base_cost, -weighted
            return 0, self.signature.base_cost + self.step * meeting, -weighted
        if space.mode == MOST_POINTS:
            reached = -weighted
            if fitted and beat == reached:
                most = self._bound(space.weights4, limit, fitted, each_step=True)
                assert most is not None
            steps = _fewest(low, limit, lambda t: -math.floor(most(t) + SLACK) <= reached)
        else:
            alone = model.scores_with(self.template, self._optimistic_metrics(limit, {}))
            short = [
                b for b, (f, s) in enumerate(zip(space.floors, alone, strict=True)) if f is not None and s < f
            ]
            weights = [float(b in short) for b in range(len(alone))]
            together = self._bound(weights, limit, fitted)
            assert together is not None
            floors = sum(space.floors[b] or 0 for b in short)
            reached = floors - math.floor(together(limit) + SLACK)
            if fitted and beat == reached:
                together = self._bound(weights, limit, fitted, each_step=True)
                assert together is not None
            steps = _fewest(low, limit, lambda t: floors - math.floor(together(t) + SLACK) <= reached)
        assert steps is not None  # the limit itself reaches it
        if space.mode == CLOSEST:
            # The benefits short even alone fall ``reached`` short at the very least: a week as
            # close as that meets every other floor in full (and every floor, when none is short).
            others = [b for b in range(len(alone)) if b not in short] if reached else None
            meeting = self._meeting_steps(limit, steps, fitted, fitted and beat == reached, others)
            if meeting is None:
                return reached + 1, self.signature.base_cost, -weighted
            steps = meeting
        return reached, self.signature.base_cost + self.step * steps, -weighted

    def _bound(
        self, weights: Sequence[float], limit: int, fitted: bool, each_step: bool = False
    ) -> Callable[[int], float] | None:
        """The split bound on sum(weight x score) for at most t extra steps, as a function of t.

        ``fitted``: no more than any split of the ``limit`` steps between the
        groups that the days hold makes, rounded as scores are
        (:meth:`SplitBound.fitting`); with ``each_step``, of the t steps, worked
        out only for the t asked about.
        """
        split = self.model.split
        most = split.most(self, weights, limit)
        if most is None:
            return None
        if not fitted:
            return most.__getitem__
        whole = split.fitting(self, weights, limit, limit)
        capped = most if whole is None else [min(value, whole) for value in most]
        if not each_step:
            return capped.__getitem__
        known: dict[int, float] = {limit: capped[limit]}

        def at(t: int) -> float:
            found = known.get(t)
            if found is None:
                fitting = split.fitting(self, weights, limit, t)
                found = known[t] = capped[t] if fitting is None else min(capped[t], fitting)
            return found

        return at

    def _meeting_steps(
        self, limit: int, low: int, fitted: bool, each_step: bool, among: Sequence[int] | None = None
    ) -> int | None:
        """The fewest steps (from ``low``) at which the split bound lets every floor be met; None: none.

        A week meeting every floor has each benefit at its floor, and the
        targeted benefits' scores at least their floors' sum. ``among``: only
        these benefits' floors (default: every targeted one).
        """
        space = self.model.space
        targeted = [b for b, f in enumerate(space.floors) if f is not None and (among is None or b in among)]
        least: int | None = low
        for chosen in [*([b] for b in targeted), targeted] if targeted else []:
            weights = [float(b in chosen) for b in range(len(space.floors))]
            together = self._bound(weights, limit, fitted, each_step)
            assert together is not None
            assert least is not None
            floors = sum(space.floors[b] or 0 for b in chosen)
            least = _fewest(least, limit, _reaching(together, floors))
            if least is None:
                return None
        return least

    def holds(self, extra: dict[int, int]) -> list[tuple[int, int, int]]:
        """The sessions the longest values need, as (room entry, category, steps): they get those first.

        Mirrors :meth:`longest`: a designated session, else the roomiest day of
        the category that makes the metric's session longest.
        """
        read = self.model.read_longest
        if not read:
            return []
        n = self.signature.per_category
        by_category = self.by_category(extra)
        held: list[tuple[int, int, int]] = []
        for name in (LONGEST_MVPA, LONGEST_AEROBIC):
            categories = LONGEST_METRICS[name] if name == LONGEST_MVPA else (LIGHT,)
            if name == LONGEST_AEROBIC and LONGEST_AEROBIC not in read:
                continue
            designated = [(p, part) for p, part in enumerate(self.parts) if part.longest == name]
            if designated:
                p, part = designated[0]
                (index,) = part.entries
                held.append((index, part.category, extra.get(p, 0)))
                continue
            present = [c for c in categories if n[c] and self.roomiest[c]]
            if not present or not all(self._alone(c) for c in categories):
                continue
            c = max(present, key=lambda c: min(by_category.get(c, 0), self.roomiest[c]))
            index = next(
                i for i, (r, m) in enumerate(self.signature.rooms) if m >> c & 1 and r == self.roomiest[c]
            )
            if all(i != index for i, _, _ in held):
                held.append((index, c, min(by_category.get(c, 0), self.roomiest[c])))
        return held


def search_region(
    region: Region, bound: tuple[int, ...] | None, limit: int
) -> tuple[tuple[int, ...], dict[int, int]] | None:
    """The best week of one region within ``limit`` extra steps, if it beats ``bound``.

    For each choice of the enumerated dimensions, the objective is least with
    the most steps of the last one (scores only grow with every dimension), and
    the fewest steps that still reach that objective, found by bisection, are
    that choice's best week: more steps only cost more.
    """
    model = region.model
    required = model.required
    pivot = region.dims[-1] if region.dims else None
    if pivot is None:
        key = region.best_at({})[0]
        fits = required is None or key[0] <= required
        return (key, {}) if fits and (bound is None or key < bound) else None
    floor = region.optimistic(limit)[0]
    best: tuple[tuple[int, ...], dict[int, int]] | None = None
    #: The key to beat: the best week found so far, here or in the regions searched before.
    beat = bound

    def cutoff() -> int | None:
        if beat is None:
            return required
        return beat[0] if required is None else min(required, beat[0])

    def hopeless(key: tuple[int, ...]) -> bool:
        return (required is not None and key[0] > required) or (beat is not None and not key < beat)

    for values, extra in region.choices(limit - pivot.low, pivot.low, hopeless):
        top = min(region.pivot_top(extra), limit - sum(values))
        if top < pivot.low:
            continue

        def at(value: int, extra: dict[int, int] = extra) -> tuple[tuple[int, ...], dict[int, int]]:
            full = {**extra, **dict(pivot.split(value))}
            return region.best_at(full)[0], full

        reached = at(top)[0][0]
        most = cutoff()
        if most is not None and reached > most:
            continue  # even the most of the last dimension misses the goal, or the week to beat
        low, up = pivot.low, top
        while low < up:
            middle = (low + up) // 2
            if at(middle)[0][0] > reached:
                low = middle + 1
            else:
                up = middle
        candidate = at(low)
        if beat is None or candidate[0] < beat:
            best = candidate
            beat = candidate[0]
            if beat[0] <= floor:
                # No week of the region does better on the objective: only fewer minutes can beat it.
                limit = min(limit, (beat[1] - region.signature.base_cost) // model.space.step)
    return best  # set only by a week that beats ``bound``


# -- the whole search ------------------------------------------------------------------


def undominated(regions: Sequence[Region]) -> list[Region]:
    """The regions no other one dominates (the first of equals is kept).

    A dominates B when they plan the same sessions per category whose minutes
    count, and no more of the others (so no more least minutes), A's day
    counts are at least B's, every set of categories has at least as much room
    in A, and A's sessions can be at least as long: then every week of B has a
    week of A that scores at least as much in no more minutes. (A week below
    A's lower bounds, :meth:`Region._lowest`, is itself matched by a region
    with a session fewer.) Fewer sessions are tried first, so that a region is
    met after the ones that may dominate it.
    """
    groups: dict[tuple[int, ...], list[Region]] = {}
    for region in regions:
        read = region.model.minutes_read
        key = tuple(k if read[c] else 0 for c, k in enumerate(region.signature.per_category))
        groups.setdefault(key, []).append(region)
    kept: list[Region] = []
    for group in groups.values():
        best: list[Region] = []
        for region in sorted(group, key=lambda region: region.signature.sessions):
            if any(_dominates(other, region) for other in best):
                continue
            best = [other for other in best if not _dominates(region, other)]
            best.append(region)
        kept.extend(best)
    return kept


def _dominates(a: Region, b: Region) -> bool:
    if any(x > y for x, y in zip(a.signature.per_category, b.signature.per_category, strict=True)):
        return False
    if any(x < y for x, y in zip(a.signature.counts, b.signature.counts, strict=True)):
        return False
    if any(a.category_room[mask] < room for mask, room in b.category_room.items()):
        return False
    if a.model.read_longest:
        return a.spread and all(a.roomiest[c] >= b.roomiest[c] for c in range(CATEGORIES))
    return True


def search(space: Space) -> Result:
    """The best week of the space for its mode, exactly.

    FEWEST_MINUTES: the fewest minutes that meet every floor (ties: the higher
    weighted score, then fewer sessions). MOST_POINTS: the highest weighted
    score within the budget (ties: fewer minutes, fewer sessions). CLOSEST: the
    fewest points short of the floors (ties as FEWEST_MINUTES). ``key[0]`` of
    the result is 1 when no week meets the goal (FEWEST_MINUTES only).
    """
    model = Model(space)
    floors = space.floors
    if space.mode == FEWEST_MINUTES:
        model.goal = lambda scores: all(f is None or s >= f for f, s in zip(floors, scores, strict=True))
        model.objective = lambda scores: 0 if model.goal(scores) else 1
        model.required = 0
        return _answer(model, fewest(model))
    if space.mode == MOST_POINTS:
        assert space.budget is not None
        model.objective = lambda scores: -model.weighted(scores)
        return _answer(model, _best_within(model, space.budget, _regions(model, Needs(model), space.budget)))
    model.objective = lambda scores: sum(
        max(0, f - s) for f, s in zip(floors, scores, strict=True) if f is not None
    )
    capacity = sum(day.free for day in space.days)
    return _answer(model, _best_within(model, capacity, _regions(model, Needs(model), capacity)))


def fewest(model: Model) -> tuple[tuple[int, ...], dict[int, int], Region] | None:
    """The week of fewest minutes that meets ``model.goal``, or None.

    The minutes a week may take grow in rounds, from the least any week could
    take (:class:`Needs`): each round builds only the skeletons that could fit,
    and the first round that finds a week has found the best one, since every
    week left out would take more. Rounds grow by doubling steps: a target far
    above the bound is reached in a few rounds, one near it in a small one.
    """
    space = model.space
    needs = Needs(model)
    if not needs.reachable:
        return None
    ceiling = sum(day.free for day in space.days)
    empty = Signature(tuple(int(space.base[name] or 0) for name in model.read_counts), (0,) * 5, (), ())
    limit = needs.least_minutes(empty)
    grow = ROUND_MINUTES
    every: list[Region] | None = None
    built = 0
    while True:
        limit = min(limit, ceiling)
        built += 1
        if every is None and built > ROUNDS_BUILT:
            # Past the small rounds, the regions are built once for them all: those of a round
            # are the ones whose least minutes fit it (and dominance keeps within them).
            every = _regions(model, needs, ceiling)
        if every is None:
            regions = _regions(model, needs, limit)
        else:
            regions = [region for region in every if needs.least_minutes(region.signature) <= limit]
        found = _best_within(model, limit, regions)
        if found is not None or limit >= ceiling:
            return found
        # Small rounds first, where the bound is often sharp; growing ones where it is not.
        limit += grow
        grow *= 2


def _regions(model: Model, needs: Needs, cap: int) -> list[Region]:
    """The undominated regions of every signature whose least minutes fit ``cap``."""
    return undominated([Region(model, signature) for signature in signatures(model, needs, cap)])


def _best_within(
    model: Model, cap: int, regions: list[Region]
) -> tuple[tuple[int, ...], dict[int, int], Region] | None:
    """The best week of at most ``cap`` minutes (by :meth:`Model.key`), or None when none counts.

    Regions are searched in the order of a key no week of theirs beats, so the
    search stops at the first region that cannot beat the best week found. The
    key starts cheap (:meth:`Region.lower_key`) and is tightened
    (:meth:`Region.refined_key`, then fitted to the days' room and rounded as
    scores are) each time the region comes first with it: most regions are
    passed over on the cheap key alone, and most of the rest on the split bound.
    """
    step = model.space.step
    regions = list(regions)  # designated regions join it
    #: (key no week of the region beats, what is still to do with it, region index)
    queue: list[tuple[tuple[int, ...], int, int]] = []
    for index, region in enumerate(regions):
        limit = (cap - region.signature.base_cost) // step
        lower = region.lower_key(limit) if limit >= 0 else None
        if lower is not None:
            queue.append((lower, _DESIGNATE, index))
    heapq.heapify(queue)
    best: tuple[tuple[int, ...], dict[int, int], Region] | None = None
    #: The best week's objective each region's fitted key was worked out with.
    fitted_with: dict[int, int | None] = {}
    while queue:
        lower, stage, index = heapq.heappop(queue)
        if best is not None and not lower < best[0]:
            break  # ordered by a key no week of theirs beats: no region left does better
        region = regions[index]
        limit = (cap - region.signature.base_cost) // step
        if best is not None and best[0][0] <= lower[0]:
            # Only a week of no more minutes can beat the best one: bound the region by that.
            limit = min(limit, (best[0][1] - region.signature.base_cost) // step)
        if stage == _DESIGNATE:
            # A region singles out its longest sessions only when its turn comes: the key of the
            # whole holds for each way of singling them out.
            designations = Region.designations(model, region.signature)
            if designations == [()]:
                stage = _REFINE
            else:
                for designation in designations:
                    singled = Region(model, region.signature, designation)
                    key = singled.lower_key(limit)
                    if key is not None:
                        regions.append(singled)
                        heapq.heappush(queue, (max(key, lower), _REFINE, len(regions) - 1))
        beat = best[0][0] if best is not None else None
        if stage == _SEARCH and beat == lower[0] and fitted_with.get(index) != beat:
            stage = _FIT  # its cost was bounded before a week with its objective was found
        if stage in (_REFINE, _FIT):
            # Tightened only when its turn comes: most regions never get one, and fewer the second.
            tighter = region.refined_key(limit, lower, fitted=stage == _FIT, beat=beat)
            if stage == _FIT:
                fitted_with[index] = beat
            if tighter is not None:
                heapq.heappush(queue, (max(tighter, lower), stage + 1, index))
        elif stage == _SEARCH:
            found = search_region(region, best[0] if best is not None else None, limit)
            if found is not None:
                best = (found[0], found[1], region)
    return best


#: What :func:`_best_within` has still to do with a region of its queue.
_DESIGNATE, _REFINE, _FIT, _SEARCH = range(4)


def _answer(model: Model, found: tuple[tuple[int, ...], dict[int, int], Region] | None) -> Result:
    if found is None:
        return Result((1,), 0, model.scores(dict(model.space.base)), ())
    key, extra, region = found
    scores = region.best_at(extra)[1]
    sessions = place_minutes(region, extra)
    return Result(key, sum(minutes for _, _, minutes in sessions), scores, sessions)


def place_minutes(region: Region, extra: dict[int, int]) -> tuple[tuple[int, Variant, int], ...]:
    """The signature's skeleton with minutes: each part's extra spread over its sessions.

    The sessions the longest values need get their steps first (:meth:`Region.holds`);
    the rest is a small max-flow from categories to their sessions' days, then
    evened out within each category, so that no session is longer than it must be.
    """
    model = region.model
    step = model.space.step
    skeleton = region.signature.skeleton
    free = {day.position: day.free for day in model.space.days}
    sessions = [(position, variant) for position, day_type in skeleton for variant in day_type.sessions]
    steps = [0] * len(sessions)
    room = {
        position: (free[position] - MIN_SESSION * len(day_type.sessions)) // step
        for position, day_type in skeleton
    }
    entries = {}
    for position, day_type in skeleton:
        mask = sum(1 << v.category for v in day_type.sessions if model.minutes_read[v.category])
        if mask and room[position]:
            entries[position] = (room[position], mask)
    demand = region.by_category(extra)
    held: set[int] = set()
    for index, category, amount in region.holds(extra):
        entry = region.signature.rooms[index]
        position = next(
            p for p, e in entries.items() if e == entry and not any(sessions[i][0] == p for i in held)
        )
        chosen = next(i for i, (p, v) in enumerate(sessions) if p == position and v.category == category)
        steps[chosen] = amount
        demand[category] -= amount
        room[position] -= amount
        held.add(chosen)
    flow = _flow(sessions, held, demand, room, model.minutes_read)
    assert flow is not None, "the search's extras do not fit the days"
    for index, amount in flow.items():
        steps[index] += amount
        room[sessions[index][0]] -= amount
    _even_out(sessions, steps, room, held)
    placed = [
        (position, variant, MIN_SESSION + step * steps[index])
        for index, (position, variant) in enumerate(sessions)
    ]
    return tuple(sorted(placed, key=lambda item: (item[0], item[1].kind.value)))


def _flow(
    sessions: Sequence[tuple[int, Variant]],
    held: set[int],
    demand: dict[int, int],
    room: dict[int, int],
    minutes_read: Sequence[bool],
) -> dict[int, int] | None:
    """Steps per session that meet every category's demand within each day's room, or None.

    Augmenting paths on the tiny graph categories -> sessions -> days; a held
    session takes no more (its length is what a longest metric needs).
    """
    given = {i: 0 for i, (_, v) in enumerate(sessions) if minutes_read[v.category] and i not in held}
    left = dict(room)
    for category, amount in demand.items():
        for _ in range(amount):
            if not _augment(category, sessions, given, left):
                return None
    return given


def _augment(
    category: int, sessions: Sequence[tuple[int, Variant]], given: dict[int, int], left: dict[int, int]
) -> bool:
    """Route one more step of ``category`` to a day with room, moving other steps along if need be."""
    parent: dict[int, tuple[int, int] | None] = {category: None}  # category -> (via session, from category)
    queue = [category]
    while queue:
        current = queue.pop(0)
        for index, (position, variant) in enumerate(sessions):
            if variant.category != current or index not in given:
                continue
            if left[position] > 0:
                # Unwind: this session takes a step; each earlier hop moves one along.
                left[position] -= 1
                given[index] += 1
                hop = parent[current]
                while hop is not None:
                    via, previous = hop
                    given[via] -= 1
                    # the step removed from ``via`` goes to the session of ``previous`` on the same day
                    target = next(
                        i
                        for i, (p, v) in enumerate(sessions)
                        if i in given and v.category == previous and p == sessions[via][0]
                    )
                    given[target] += 1
                    hop = parent[previous]
                return True
            for other_index, (other_position, other) in enumerate(sessions):
                if (
                    other_position == position
                    and other_index in given
                    and other.category not in parent
                    and given[other_index] > 0
                ):
                    parent[other.category] = (other_index, current)
                    queue.append(other.category)
    return False


def _even_out(
    sessions: Sequence[tuple[int, Variant]], steps: list[int], room: dict[int, int], held: set[int]
) -> None:
    """Move steps from a category's longer sessions to its shorter ones while their days have room."""
    moved = True
    while moved:
        moved = False
        for long_index, (long_position, long_variant) in enumerate(sessions):
            if long_index in held:
                continue
            for short_index, (short_position, short_variant) in enumerate(sessions):
                if (
                    short_variant.category == long_variant.category
                    and steps[long_index] - steps[short_index] >= 2
                    and room[short_position] > 0
                ):
                    steps[long_index] -= 1
                    steps[short_index] += 1
                    room[long_position] += 1
                    room[short_position] -= 1
                    moved = True
