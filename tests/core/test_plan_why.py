"""The reasons a plan gives for a target out of reach: the limit that binds, in plain words."""

from __future__ import annotations

import pytest

from myorec.core.calendar import Day
from myorec.core.engine import Engine
from myorec.core.metrics import METRIC_WORDS, METRICS, metric_words
from myorec.core.plan import PlanOptions, StartingPoint, make_plan
from myorec.core.sessions import Profile
from myorec.core.week import Week

INACTIVE = (
    "which a plan does not add to a week this inactive (under 60 moderate-equivalent minutes, none vigorous)"
)
SHARED_BUDGET = (
    "the budget of 120 minutes is too little for it beside the other benefits; "
    "the plan spends it where it earns the most points"
)


def whys(engine: Engine, options: PlanOptions) -> dict[str, str]:
    start = StartingPoint("none", Week((), Profile(age=40), None))
    return {s.benefit: s.why for s in make_plan(engine, options, start).unmet}


def test_a_tiny_budget_is_named_with_the_minutes_each_target_takes(default_engine: Engine) -> None:
    # Before: immune "needs more moderate_equivalent_min ... than 7 days of at most 60 minutes hold",
    # bone "mon ... sun are allowed, which hold 4 such days".
    reasons = whys(default_engine, PlanOptions(budget=5))
    assert reasons["immune"] == "it takes at least 120 minutes, more than the budget of 5"
    assert reasons["bone"] == "it takes at least 20 minutes, more than the budget of 5"
    assert set(reasons) == {"immune", "blood_sugar", "fat_metabolism", "bone", "heart", "appetite", "brain"}
    assert all(why.endswith("more than the budget of 5") for why in reasons.values())


def test_a_budget_shared_by_the_benefits_says_so(default_engine: Engine) -> None:
    reasons = whys(default_engine, PlanOptions(budget=120, kinds=frozenset({"aerobic", "resistance"})))
    assert reasons == {
        "immune": SHARED_BUDGET,
        "blood_sugar": SHARED_BUDGET,
        "fat_metabolism": SHARED_BUDGET,
        "appetite": "it takes at least 145 minutes, more than the budget of 120",
    }


def test_kinds_that_leave_out_aerobic_work_are_named(default_engine: Engine) -> None:
    reasons = whys(default_engine, PlanOptions(kinds=frozenset({"resistance"})))
    assert reasons["immune"] == (
        "it needs at least 117 moderate-equivalent minutes, and --kinds leaves out aerobic work"
    )
    assert reasons["appetite"] == (
        "it needs at least 142 minutes of moderate or vigorous aerobic activity, "
        "and --kinds leaves out aerobic work"
    )
    assert all("--kinds leaves out aerobic work" in why for why in reasons.values())


def test_the_per_day_cap_binds_before_the_safety_rule(default_engine: Engine) -> None:
    # Before: heart and brain "need vigorous aerobic work", though without the cap they reach moderate.
    reasons = whys(default_engine, PlanOptions(max_per_day=10))
    capped = "7 days of at most 10 minutes (70 in all) are too few for it beside the other targets"
    assert reasons == {
        "immune": (
            "it needs at least 73 moderate-equivalent minutes, "
            "more than 10 minutes a day (--max-per-day) allow"
        ),
        "blood_sugar": capped,
        "fat_metabolism": "10 minutes a day (--max-per-day) are too few for it",
        "heart": capped,
        "appetite": (
            "it needs at least 142 minutes of moderate or vigorous aerobic activity, "
            "more than 10 minutes a day (--max-per-day) allow"
        ),
        "brain": capped,
    }
    assert not any("vigorous aerobic work" in why for why in reasons.values())


def test_the_days_and_the_cap_together_are_named_once(default_engine: Engine) -> None:
    reasons = whys(default_engine, PlanOptions(days=(Day.MON, Day.TUE)))
    assert reasons["appetite"] == (
        "it needs at least 142 minutes of moderate or vigorous aerobic activity, "
        "more than mon and tue hold at 60 minutes a day (--days, --max-per-day)"
    )
    assert reasons["bone"] == (
        "it needs resistance work on at least 2 days that are not consecutive; only mon and tue are allowed"
    )


def test_a_kind_left_out_is_named_with_what_it_would_give(default_engine: Engine) -> None:
    options = PlanOptions(target="none", targets={"bone": "moderate"}, kinds=frozenset({"aerobic"}))
    assert whys(default_engine, options) == {
        "bone": "it needs resistance work on at least 2 days, and --kinds leaves out resistance work"
    }


def test_the_safety_rule_is_named_where_no_option_binds(default_engine: Engine) -> None:
    options = PlanOptions(target="none", targets={"bone": "strong"})
    assert whys(default_engine, options) == {"bone": f"it needs vigorous aerobic or impact work, {INACTIVE}"}


@pytest.mark.parametrize("metric", sorted(METRICS))
def test_every_metric_has_plain_words(metric: str) -> None:
    words = metric_words(metric, 2)
    assert "_" not in words
    assert "2" in words
    assert metric in METRIC_WORDS


def test_plain_words_count_days_in_the_right_number() -> None:
    assert metric_words("resistance_days", 1) == "resistance work on at least 1 day"
    assert metric_words("longest_mvpa_min", 30) == (
        "a session of at least 30 minutes at moderate or vigorous intensity"
    )
