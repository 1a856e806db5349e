"""The planner: optimal over its search space (against brute force), and every hard constraint holds."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myorec.core.calendar import DAYS, Day
from myorec.core.engine import Engine
from myorec.core.intensity import Intensity
from myorec.core.metrics import METRICS, compute_metrics
from myorec.core.plan import (
    LEVEL_ORDER,
    PLAN_KINDS,
    Plan,
    PlanOptions,
    StartingPoint,
    floor_for,
    make_plan,
    reachable_level,
    target_levels,
)
from myorec.core.plan_search import CLOSEST, FEWEST_MINUTES, MOST_POINTS
from myorec.core.plan_why import apart, day_list
from myorec.core.ruleset import CONFIDENCE_WEIGHT, Benefit, Rule, RuleSet
from myorec.core.sessions import Kind, Profile, Session
from myorec.core.week import Week
from myorec.errors import RuleSetError
from tests.core.plan_brute import best_key
from tests.strategies import rule_sets

#: A week of 100 moderate minutes: not an inactive one, so vigorous and impact work may be planned.
ACTIVE = (Session(kind=Kind.AEROBIC, minutes=100, day=Day.MON),)


def start_from(
    sessions: tuple[Session, ...] = (), age: int | None = 40, reference: tuple[Session, ...] | None = None
) -> StartingPoint:
    week = Week(sessions, Profile(age=age), None)
    return StartingPoint("routine", week, reference=sessions if reference is None else reference)


def plan_key(engine: Engine, plan: Plan, options: PlanOptions) -> tuple[str, tuple[int, ...]]:
    """The plan's key as :func:`tests.core.plan_brute.best_key` states it, from its own scores."""
    profile = plan.start.week.profile
    scores = engine.scores(compute_metrics(plan.week.sessions, profile))
    assert [b.score for b in plan.benefits] == scores, "the plan reports the scores its week has"
    confidences = engine.confidences(compute_metrics(plan.start.week.sessions, profile))
    weighted = sum(round(4 * CONFIDENCE_WEIGHT[c]) * s for c, s in zip(confidences, scores, strict=True))
    minutes, count = plan.total_minutes, len(plan.sessions)
    if plan.mode == MOST_POINTS:
        return plan.mode, (-weighted, minutes, count)
    if plan.mode == FEWEST_MINUTES:
        return plan.mode, (0, minutes, -weighted, count)
    levels = target_levels(engine, options)
    floors = [floor_for(reachable_level(lv, c), c) for lv, c in zip(levels, confidences, strict=True)]
    short = sum(max(0, f - s) for f, s in zip(floors, scores, strict=True) if f is not None)
    return plan.mode, (short, minutes, -weighted, count)


levels = st.sampled_from(LEVEL_ORDER)
base_sessions = st.lists(
    st.builds(
        lambda kind, minutes, day, intensity: Session(
            kind=kind, minutes=minutes, day=day, intensity=intensity
        ),
        st.sampled_from(list(Kind)),
        st.sampled_from([10, 20, 40, 80]),
        st.sampled_from(DAYS),
        st.sampled_from(list(Intensity)),
    ),
    max_size=3,
)


@st.composite
def small_options(draw: st.DrawFn, benefit_ids: list[str]) -> PlanOptions:
    """Options whose space brute force can walk: up to 3 days, few minutes a day."""
    count = draw(st.integers(1, 3))
    days = tuple(
        sorted(
            draw(st.lists(st.sampled_from(DAYS), min_size=count, max_size=count, unique=True)), key=DAYS.index
        )
    )
    cap = draw(st.sampled_from([10, 15, 20, 25, 30] if count < 3 else [10, 15, 20]))
    kinds = frozenset(draw(st.lists(st.sampled_from(PLAN_KINDS), min_size=1, unique=True)))
    targets = draw(st.dictionaries(st.sampled_from(benefit_ids), levels, max_size=2))
    return PlanOptions(
        days=days,
        max_per_day=cap,
        budget=draw(st.sampled_from([None, None, 10, 20, 35])),
        target=draw(levels),
        targets=targets,
        kinds=kinds,
        no_vigorous=draw(st.booleans()),
    )


SHIPPED_IDS = ["immune", "blood_sugar", "fat_metabolism", "bone", "heart", "appetite", "brain"]


@settings(max_examples=60, deadline=None)
@given(
    options=small_options(SHIPPED_IDS),
    sessions=base_sessions,
    age=st.sampled_from([None, 12, 40, 70]),
    active=st.booleans(),
)
def test_the_plan_is_optimal_for_the_shipped_rules(
    default_engine: Engine, options: PlanOptions, sessions: list[Session], age: int | None, active: bool
) -> None:
    start = start_from(tuple(sessions), age, ACTIVE if active else tuple(sessions))
    plan = make_plan(default_engine, options, start)
    assert plan_key(default_engine, plan, options) == best_key(default_engine, options, start)


@st.composite
def active_options(draw: st.DrawFn) -> PlanOptions:
    """Two roomy days from an active week: vigorous and impact work, and budgets or strong targets.

    These are the modes whose bounds share the free steps between categories
    (most points, and closest), where a loose bound was slow and a wrong one would lose the best week.
    """
    days = tuple(
        sorted(draw(st.lists(st.sampled_from(DAYS), min_size=2, max_size=2, unique=True)), key=DAYS.index)
    )
    return PlanOptions(
        days=days,
        max_per_day=draw(st.sampled_from([20, 25, 30])),
        budget=draw(st.sampled_from([None, 20, 30, 45, 60])),
        target=draw(st.sampled_from(["moderate", "strong"])),
        kinds=frozenset(draw(st.lists(st.sampled_from(PLAN_KINDS), min_size=2, unique=True))),
    )


@settings(max_examples=40, deadline=None)
@given(options=active_options(), sessions=base_sessions, age=st.sampled_from([12, 40, 70]))
def test_plans_from_an_active_week_are_optimal(
    default_engine: Engine, options: PlanOptions, sessions: list[Session], age: int
) -> None:
    start = start_from(tuple(sessions), age, ACTIVE)
    plan = make_plan(default_engine, options, start)
    assert plan_key(default_engine, plan, options) == best_key(default_engine, options, start)


#: Metrics a planned session can move (not age), for random rule sets.
PLANNED_METRICS = [name for name, info in METRICS.items() if not info.from_profile]
_monotone_conditions = st.one_of(
    st.fixed_dictionaries(
        {
            "metric": st.sampled_from(PLANNED_METRICS),
            "at_least": st.sampled_from([1, 2, 10, 15, 20, 25, 30, 45, 90]),
        }
    ),
    st.builds(
        lambda metric, xs, ys: {
            "metric": metric,
            "curve": [[x, y] for x, y in zip(xs, sorted(ys), strict=True)],
        },
        st.sampled_from(PLANNED_METRICS),
        st.lists(
            st.sampled_from([0, 1, 2, 5, 10, 15, 20, 25, 30, 40, 60, 90]), min_size=3, max_size=3, unique=True
        ).map(sorted),
        st.lists(st.sampled_from([0.0, 0.2, 0.5, 0.7, 1.0]), min_size=3, max_size=3),
    ),
)


def monotone_rule_sets() -> st.SearchStrategy[RuleSet]:
    """Rule sets where more activity never scores less, over every metric a plan can move."""
    return rule_sets(
        st.lists(_monotone_conditions, min_size=1, max_size=2),
        most_rules=3,
        points=(5.0, 10.0, 25.0),
        applies=False,
    )


@settings(max_examples=80, deadline=None)
@given(rule_set=monotone_rule_sets(), data=st.data(), sessions=base_sessions, active=st.booleans())
def test_the_plan_is_optimal_for_any_monotone_rule_set(
    rule_set: RuleSet, data: st.DataObject, sessions: list[Session], active: bool
) -> None:
    engine = Engine(rule_set)
    options = data.draw(small_options(engine.benefit_ids))
    start = start_from(tuple(sessions), 40, ACTIVE if active else tuple(sessions))
    plan = make_plan(engine, options, start)
    assert plan_key(engine, plan, options) == best_key(engine, options, start)


@st.composite
def any_options(draw: st.DrawFn) -> PlanOptions:
    """Options of full size: any days, up to 60 minutes a day."""
    days = tuple(
        sorted(draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=4, unique=True)), key=DAYS.index)
    )
    return PlanOptions(
        days=days,
        max_per_day=draw(st.sampled_from([10, 25, 45, 60])),
        budget=draw(st.sampled_from([None, 60, 150])),
        target=draw(st.sampled_from(["low", "moderate"])),
        kinds=frozenset(draw(st.lists(st.sampled_from(PLAN_KINDS), min_size=1, unique=True))),
        no_vigorous=draw(st.booleans()),
    )


def _position(session: Session) -> int:
    assert session.day is not None
    return DAYS.index(session.day)


@settings(max_examples=25, deadline=None)
@given(options=any_options(), sessions=base_sessions, active=st.booleans(), age=st.sampled_from([40, 70]))
def test_every_plan_keeps_the_hard_constraints(
    default_engine: Engine, options: PlanOptions, sessions: list[Session], active: bool, age: int
) -> None:
    start = start_from(tuple(sessions), age, ACTIVE if active else tuple(sessions))
    plan = make_plan(default_engine, options, start)
    planned = plan.sessions
    assert options.days is not None
    for session in planned:
        assert session.day in options.days
        assert session.minutes >= 10
        assert session.minutes % 5 == 0
        kind = "impact" if session.impact else session.kind.value
        assert kind in options.kinds
    everything = plan.week.sessions
    for position in range(7):
        on_day = [s for s in everything if _position(s) == position]
        new = [s for s in planned if _position(s) == position]
        if new:
            assert sum(s.minutes for s in on_day) <= options.max_per_day
        kinds = [s.kind for s in on_day]
        assert all(kinds.count(s.kind) == 1 for s in new), "one session of each kind a day"
    resistance = {_position(s) for s in everything if s.kind is Kind.RESISTANCE}
    for session in planned:
        if session.kind is Kind.RESISTANCE:
            assert not resistance & {_position(session) - 1, _position(session) + 1}
    vigorous_before = compute_metrics(start.week.sessions)["vigorous_days"] or 0
    vigorous_new = {_position(s) for s in planned if s.intensity is Intensity.VIGOROUS}
    assert len(vigorous_new) <= max(0, 2 - vigorous_before)
    reference = compute_metrics(start.reference)
    cautious = (reference["moderate_equivalent_min"] or 0) < 60 and not reference["aerobic_vigorous_min"]
    if options.no_vigorous or cautious:
        assert not vigorous_new
    if cautious:
        assert not any(s.impact for s in planned), "an inactive week gets no impact work either"
    if options.budget is not None:
        assert plan.total_minutes <= options.budget


def test_seven_days_from_nothing_for_a_40_year_old(default_engine: Engine) -> None:
    plan = make_plan(default_engine, PlanOptions(), start_from())
    assert plan.mode == FEWEST_MINUTES
    assert plan.total_minutes == 185
    assert plan.cautious, "nothing logged: an inactive week, so no vigorous or impact work"
    assert not plan.unmet
    assert {b.id: (b.score, b.level) for b in plan.benefits} == {
        "immune": (51, "moderate"),
        "blood_sugar": (49, "moderate"),
        "fat_metabolism": (40, "moderate"),
        "bone": (53, "moderate"),
        "heart": (61, "moderate"),
        "appetite": (42, "moderate"),
        "brain": (58, "moderate"),
    }
    assert all(b.change == b.score for b in plan.benefits)


def test_three_days_of_45_minutes_fall_short_and_say_why(default_engine: Engine) -> None:
    options = PlanOptions(days=(Day.MON, Day.WED, Day.SAT), max_per_day=45)
    plan = make_plan(default_engine, options, start_from())
    assert plan.mode == CLOSEST
    assert plan.total_minutes == sum(s.minutes for s in plan.sessions) <= 135
    unmet = {s.benefit: s for s in plan.unmet}
    assert unmet, "an inactive week cannot reach moderate everywhere in 135 minutes"
    for shortfall in plan.unmet:
        assert shortfall.short_by is not None
        assert shortfall.short_by > 0
        assert shortfall.why


def test_bone_on_two_consecutive_days_names_the_days(default_engine: Engine) -> None:
    options = PlanOptions(days=(Day.MON, Day.TUE), target="none", targets={"bone": "moderate"})
    plan = make_plan(default_engine, options, start_from())
    (shortfall,) = plan.unmet
    assert shortfall.benefit == "bone"
    assert shortfall.why == (
        "it needs resistance work on at least 2 days that are not consecutive; only mon and tue are allowed"
    )


def test_a_strong_target_at_low_confidence_is_out_of_reach_by_confidence(default_engine: Engine) -> None:
    plan = make_plan(
        default_engine, PlanOptions(target="none", targets={"appetite": "strong"}), start_from((), 40, ACTIVE)
    )
    (shortfall,) = plan.unmet
    assert shortfall.benefit == "appetite"
    assert shortfall.short_by is None
    assert "confidence" in shortfall.why


def test_a_budget_spends_at_most_its_minutes_on_the_best_weighted_week(default_engine: Engine) -> None:
    plan = make_plan(default_engine, PlanOptions(budget=60), start_from((), 40, ACTIVE))
    assert plan.mode == MOST_POINTS
    assert plan.total_minutes <= 60


def test_the_rest_of_the_week_adds_to_what_is_done(default_engine: Engine) -> None:
    monday = dt.date(2026, 11, 23)
    done = (Session(kind=Kind.RESISTANCE, minutes=30, date=monday),)
    week = Week(done, Profile(age=40), "2026-W48")
    start = StartingPoint("this week", week, monday=monday, first_day=2, reference=done)
    plan = make_plan(default_engine, PlanOptions(), start)
    assert all(s.date is not None and s.date >= monday + dt.timedelta(days=2) for s in plan.sessions)
    assert plan.week.sessions[:1] == done


def test_rules_that_can_fall_are_refused() -> None:
    rule = Rule.model_validate(
        {
            "id": "b.r",
            "benefit": "b",
            "points": 1.0,
            "evidence": "t",
            "evidence_level": "H-RCT",
            "when": {"all": [{"metric": "total_min", "at_most": 30}]},
        }
    )
    engine = Engine(RuleSet(benefits=(Benefit(id="b", name="b"),), rules=(rule,)))
    with pytest.raises(RuleSetError, match="plan needs rules where more activity never scores less"):
        make_plan(engine, PlanOptions(), start_from())


def test_days_apart_and_listed() -> None:
    assert apart([0, 1]) == 1
    assert apart([0, 1, 2]) == 2
    assert apart([5, 0, 2]) == 3
    assert day_list([Day.MON, Day.WED, Day.SAT]) == "mon, wed and sat"
    assert day_list([]) == "no day"


def test_impact_alone_stays_impact_where_the_impact_adds_nothing(default_engine: Engine) -> None:
    """--kinds impact: a plain session would score the same, but the options do not allow one."""
    options = PlanOptions(days=(Day.MON, Day.TUE), max_per_day=10, target="low", kinds=frozenset({"impact"}))
    plan = make_plan(default_engine, options, start_from((), 40, ACTIVE))
    assert plan.sessions
    assert all(s.impact for s in plan.sessions)


@pytest.mark.parametrize("age", [12, 40, 70])
@pytest.mark.parametrize("budget", [45, 60])
def test_the_split_bound_is_never_below_a_week_of_its_region(
    default_engine: Engine, monkeypatch: pytest.MonkeyPatch, age: int, budget: int
) -> None:
    """Every week a region holds (every fitting choice of extra steps) scores within the split bound.

    Both as the weighted score (most points) and benefit by benefit (what closest needs of it), and
    with each benefit rounded and the steps within the days' room (the fitted bound).
    """
    import itertools

    from myorec.core import plan as plan_module
    from myorec.core import plan_search

    spaces: list[plan_search.Space] = []

    def record(space: plan_search.Space) -> plan_search.Result:
        spaces.append(space)
        return plan_search.search(space)

    monkeypatch.setattr(plan_module, "search", record)
    options = PlanOptions(days=(Day.MON, Day.WED, Day.THU), max_per_day=30, budget=budget)
    make_plan(default_engine, options, start_from((), age, ACTIVE))
    (space,) = spaces
    model = plan_search.Model(space)
    needs = plan_search.Needs(model)
    checked = fitted = 0
    for signature in plan_search.signatures(model, needs, budget):
        for designation in plan_search.Region.designations(model, signature):
            region = plan_search.Region(model, signature, designation)
            limit = (budget - signature.base_cost) // space.step
            if limit < 0:
                continue
            most = model.split.most(region, space.weights4, limit)
            alone = [model.split.most(region, [float(b == k) for b in range(7)], limit) for k in range(7)]
            fitting = [model.split.fitting(region, space.weights4, limit, t) for t in range(limit + 1)]
            fitting_alone = [model.split.fitting(region, model.alone[k], limit, limit) for k in range(7)]
            assert most is not None
            ranges = [range(min(top, limit) + 1) for top in region.top]
            for steps in itertools.product(*ranges):
                extra = dict(enumerate(steps))
                if sum(steps) > limit or not region.fits(extra):
                    continue
                scores = region.best_at(extra)[1]
                assert model.weighted(scores) <= most[sum(steps)] + 1e-6, (signature, designation, extra)
                given = model.split.within(region, region.by_category(extra), 0)
                assert given is not None
                assert model.weighted(scores) <= given + 1e-6, (signature, designation, extra)
                for score, bound in zip(scores, alone, strict=True):
                    assert bound is not None
                    assert score <= bound[sum(steps)] + 1e-6, (signature, designation, extra)
                fit = fitting[sum(steps)]
                if fit is not None:
                    assert model.weighted(scores) <= fit + 1e-6, (signature, designation, extra)
                    fitted += 1
                for score, fit in zip(scores, fitting_alone, strict=True):
                    assert fit is None or score <= fit + 1e-6, (signature, designation, extra)
                checked += 1
    assert checked > 100
    if age >= 18:  # the rules for children share no days between their groups
        assert fitted > 100  # the days' room is checked too, not only the split
