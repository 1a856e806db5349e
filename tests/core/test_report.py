"""Next steps: found by re-scoring the changed week, weighed by confidence, and safe first.

The default rules' promises for real weeks live in tests/rules; these pin the
mechanics on small rule sets built in code, and the safety rules as
properties over generated weeks.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myorec.core.calendar import DAYS
from myorec.core.engine import Engine
from myorec.core.intensity import Intensity
from myorec.core.metrics import compute_metrics
from myorec.core.report import (
    IMPACT_CAUTION,
    INACTIVE_BELOW,
    LONGER_BY,
    VIGOROUS_CAUTION,
    build_report,
    plan_next_steps,
    week_days,
)
from myorec.core.ruleset import Benefit, Rule, RuleSet
from myorec.core.sessions import MAX_AGE, MIN_AGE, Kind, Profile, Session
from myorec.core.week import Week
from tests.helpers import session


def rule(rule_id: str, benefit: str, metric: str, at_least: float, level: str = "G") -> Rule:
    return Rule.model_validate(
        {
            "id": rule_id,
            "benefit": benefit,
            "points": 10,
            "partial": True,
            "evidence": "test",
            "evidence_level": level,
            "when": {"all": [{"metric": metric, "at_least": at_least}]},
        }
    )


def steps(engine: Engine, sessions: list[Session], age: int | None = None):
    profile = Profile(age=age)
    base = engine.scores(compute_metrics(sessions, profile))
    return plan_next_steps(engine, sessions, profile, week_days(None), base)


def test_a_gain_is_weighted_by_each_benefits_confidence():
    # A resistance session moves a high-confidence and a low-confidence benefit by the same points.
    engine = Engine(
        RuleSet(
            (Benefit(id="sure", name="S"), Benefit(id="unsure", name="U")),
            (
                rule("sure.a", "sure", "resistance_min", 60),
                rule("unsure.a", "unsure", "resistance_min", 60, level="H-acute"),
            ),
        )
    )
    (step,) = [step for step in steps(engine, [session("aerobic", 60)]) if step.type == "resistance"]
    assert step.effects == {"sure": 50, "unsure": 50}
    assert (step.raw_gain, step.gain) == (100, 75.0)  # 50 x 1 + 50 x 0.5


def test_only_the_best_longer_step_is_kept_and_it_names_the_session():
    engine = Engine(RuleSet((Benefit(id="b", name="B"),), (rule("b.a", "b", "aerobic_moderate_min", 200),)))
    week = [session("aerobic", 30, "mon"), session("aerobic", 45, "wed"), session("aerobic", 45, "fri")]
    longer = [step for step in steps(engine, week) if step.type == "longer"]
    assert [step.change for step in longer] == [
        f"make the 45-minute moderate aerobic session on Wed {LONGER_BY} minutes longer"
    ]


def test_a_long_week_is_planned_in_time_linear_in_its_sessions():
    """One longer candidate per sort of session, not one per session (a week may hold thousands)."""
    engine = Engine(RuleSet((Benefit(id="b", name="B"),), (rule("b.a", "b", "aerobic_moderate_min", 200),)))
    week = [session("aerobic", 1 + n % 50, DAYS[n % 7].value) for n in range(2000)]
    assert len([step for step in steps(engine, week) if step.type == "longer"]) <= 1


def test_next_steps_go_on_the_days_still_ahead_and_never_past_the_last_date():
    monday = dt.date(2026, 11, 23)
    assert week_days(monday, dt.date(2026, 11, 27))[0] == dt.date(2026, 11, 27)
    assert week_days(monday, dt.date(2026, 12, 30)) == [monday + dt.timedelta(days=n) for n in range(7)]


sessions = st.builds(
    Session,
    kind=st.sampled_from(list(Kind)),
    minutes=st.integers(1, 180),
    intensity=st.one_of(st.none(), st.sampled_from(list(Intensity))),
    day=st.sampled_from(list(DAYS)),
    impact=st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(week=st.lists(sessions, max_size=8), age=st.one_of(st.none(), st.integers(MIN_AGE, MAX_AGE)))
def test_next_steps_are_safe_for_any_week(default_engine, week, age):
    profile = Profile(age=age)
    metrics = compute_metrics(week, profile)
    found = steps(default_engine, week, age)
    assert [step.gain for step in found[1:]] == sorted((step.gain for step in found[1:]), reverse=True)
    inactive = (metrics["moderate_equivalent_min"] or 0) < INACTIVE_BELOW and not metrics[
        "aerobic_vigorous_min"
    ]
    if inactive:
        assert all(step.type not in ("vigorous", "impact") for step in found)
        # Nothing vigorous or impact is offered; making their own impact session longer keeps its caution.
        assert all(step.caution is None or step.type == "longer" for step in found)
    older = age is not None and age >= 65 and (metrics["multicomponent_days"] or 0) < 3
    offered = {step.type for step in found}
    if older and offered & {"balance", "resistance"}:
        assert found[0].type in ("balance", "resistance")
    for step in found:
        if step.type == "vigorous":
            assert step.caution == VIGOROUS_CAUTION
        if step.type == "impact":
            assert step.caution == IMPACT_CAUTION
        assert step.raw_gain > 0


@pytest.mark.parametrize("label", [None, "2026-W48"])
def test_a_report_holds_what_the_week_scores_and_whether_it_is_inactive(default_engine, label):
    day = {"date": "2026-11-23"} if label else {"day": "mon"}
    week = Week((Session.model_validate({"kind": "aerobic", "minutes": 20, **day}),), Profile(), label)
    report = build_report(default_engine, week, dt.date(2026, 11, 23))
    assert report.week == label
    assert report.session_count == 1
    assert report.inactive is True
    assert [result.score for result in report.benefits] == default_engine.scores(report.metrics)
