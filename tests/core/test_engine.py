"""The scoring semantics, on exact numbers, with rule sets built in code."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myorec.core.engine import Engine, level_bands, level_for, round_half_up
from myorec.core.metrics import METRIC_NAMES, compute_metrics
from myorec.core.ruleset import Benefit, Rule, RuleSet
from tests.strategies import RULE_METRICS, RULE_VALUES, rule_sets


def make_rule(rule_id: str, points: float, when: dict[str, Any], **extra: Any) -> Rule:
    return Rule.model_validate(
        {
            "id": rule_id,
            "benefit": "b",
            "points": points,
            "evidence": "test",
            "evidence_level": "G",
            "when": when,
            **extra,
        }
    )


def engine_for(*rules: Rule) -> Engine:
    return Engine(RuleSet(benefits=(Benefit(id="b", name="B"),), rules=rules))


def metrics(**values: float | None) -> dict[str, float | None]:
    base = compute_metrics([])
    base.update(values)
    return base


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, "none"),
        (1, "low"),
        (39, "low"),
        (40, "moderate"),
        (74, "moderate"),
        (75, "strong"),
        (100, "strong"),
    ],
)
def test_levels(score, level):
    assert level_for(score) == level


def test_the_stated_bands_are_the_levels_scores_get():
    assert level_bands() == "0 none, 1-39 low, 40-74 moderate, 75-100 strong"
    for band in level_bands().split(", "):
        scores, name = band.split()
        low, _, high = scores.partition("-")
        assert level_for(int(low)) == level_for(int(high or low)) == name


def test_round_half_up():
    assert round_half_up(12.5) == 13
    assert round_half_up(12.4999) == 12
    assert round_half_up(0.5) == 1
    assert round_half_up(100 * 0.125) == 13


def test_fired_rule_earns_points_and_unfired_non_partial_earns_nothing():
    engine = engine_for(
        make_rule("b.one", 30, {"all": [{"metric": "resistance_days", "at_least": 2}]}),
        make_rule("b.two", 70, {"all": [{"metric": "aerobic_days", "at_least": 3}]}),
    )
    assert engine.scores(metrics(resistance_days=2, aerobic_days=2)) == [30]


def test_partial_progress_is_value_over_threshold_and_rounds_half_up():
    engine = engine_for(
        make_rule("b.one", 50, {"all": [{"metric": "resistance_days", "at_least": 4}]}, partial=True),
        make_rule("b.two", 50, {"all": [{"metric": "aerobic_days", "at_least": 3}]}),
    )
    # 50 x 1/4 = 12.5 of 100 -> 12.5 -> 13
    assert engine.scores(metrics(resistance_days=1)) == [13]
    result = engine.evaluate(metrics(resistance_days=1))[0]
    assert result.score == 13
    assert result.level == "low"
    assert result.earned == 12.5


def test_all_group_takes_minimum_and_any_group_maximum():
    all_rule = make_rule(
        "b.all",
        100,
        {"all": [{"metric": "resistance_days", "at_least": 2}, {"metric": "aerobic_days", "at_least": 4}]},
        partial=True,
    )
    any_rule = make_rule(
        "b.any",
        100,
        {"any": [{"metric": "resistance_days", "at_least": 2}, {"metric": "aerobic_days", "at_least": 4}]},
        partial=True,
    )
    week = metrics(resistance_days=1, aerobic_days=3)
    assert engine_for(all_rule).scores(week) == [50]
    assert engine_for(any_rule).scores(week) == [75]


def test_at_most_progress_is_all_or_nothing():
    rule = make_rule("b.cap", 10, {"all": [{"metric": "active_days", "at_most": 5}]}, partial=True)
    assert engine_for(rule).scores(metrics(active_days=5)) == [100]
    assert engine_for(rule).scores(metrics(active_days=6)) == [0]


def test_unknown_metric_value_holds_no_condition_even_non_positive_thresholds():
    rule = make_rule("b.age", 10, {"all": [{"metric": "age", "at_least": 0}]})
    assert engine_for(rule).scores(metrics(age=None)) == [0]
    assert engine_for(rule).scores(metrics(age=30)) == [100]


def test_at_least_zero_is_always_met():
    rule = make_rule("b.zero", 10, {"all": [{"metric": "resistance_days", "at_least": 0}]})
    assert engine_for(rule).scores(metrics()) == [100]


def test_advice_fills_placeholders_by_plain_substitution():
    rule = make_rule(
        "b.one",
        10,
        {"all": [{"metric": "aerobic_days", "at_least": 3}, {"metric": "resistance_days", "at_least": 3}]},
        advice="{metric}: {value} of {target}, {gap} to go {not_a_field.__class__}",
    )
    result = engine_for(rule).evaluate(metrics(aerobic_days=3, resistance_days=1))[0]
    assert result.advice == ["resistance_days: 1 of 3, 2 to go {not_a_field.__class__}"]


def test_any_group_advice_uses_smallest_gap_and_minutes_gaps_round_up():
    rule = make_rule(
        "b.any",
        10,
        {
            "any": [
                {"metric": "moderate_equivalent_min", "at_least": 150},
                {"metric": "resistance_days", "at_least": 2},
            ]
        },
    )
    result = engine_for(rule).evaluate(metrics(moderate_equivalent_min=149.5, resistance_days=0))[0]
    assert result.advice == ["raise moderate_equivalent_min from 149.5 to 150"]
    condition = result.rules[0].deciding_condition()
    assert condition is not None
    assert condition.gap == 1


def test_fully_earned_rules_give_no_advice():
    rule = make_rule("b.one", 10, {"all": [{"metric": "aerobic_days", "at_least": 1}]})
    assert engine_for(rule).evaluate(metrics(aerobic_days=1))[0].advice == []


@settings(max_examples=300)
@given(rule_set=rule_sets(), values=st.tuples(RULE_VALUES, RULE_VALUES, RULE_VALUES))
def test_scores_fast_path_agrees_with_evaluate_on_random_rules_and_metrics(rule_set, values):
    engine = Engine(rule_set)
    week = dict(zip(RULE_METRICS, values, strict=True))
    assert engine.scores(week) == [result.score for result in engine.evaluate(week)]


@given(values=st.lists(RULE_VALUES, min_size=len(METRIC_NAMES), max_size=len(METRIC_NAMES)))
def test_scores_fast_path_agrees_with_evaluate_on_default_rules(default_engine, values):
    week = dict(zip(METRIC_NAMES, values, strict=True))
    assert default_engine.scores(week) == [result.score for result in default_engine.evaluate(week)]


@settings(max_examples=300)
@given(rule_set=rule_sets(), values=st.tuples(RULE_VALUES, RULE_VALUES, RULE_VALUES))
def test_levels_follow_the_score_and_never_outrun_low_confidence(rule_set, values):
    week = dict(zip(RULE_METRICS, values, strict=True))
    for result in Engine(rule_set).evaluate(week):
        assert result.level == level_for(result.score, result.confidence)
        if result.confidence in ("low", "very low"):
            assert result.level != "strong"


CURVE = [[0, 0], [150, 0.6], [300, 0.85], [600, 1]]


@pytest.mark.parametrize(
    ("value", "progress"),
    [
        (None, 0.0),
        (-10, 0.0),
        (0, 0.0),
        (75, 0.3),
        (150, 0.6),
        (225, 0.725),
        (300, 0.85),
        (600, 1.0),
        (900, 1.0),
    ],
)
def test_a_curve_interpolates_between_its_points_and_is_flat_beyond_them(value, progress):
    rule = make_rule("b.c", 40, {"all": [{"metric": "moderate_equivalent_min", "curve": CURVE}]})
    result = engine_for(rule).evaluate(metrics(moderate_equivalent_min=value))[0]
    assert result.rules[0].progress == pytest.approx(progress)
    assert result.earned == pytest.approx(40 * progress)
    assert result.rules[0].fired is (progress == 1.0)


def test_a_curve_that_stops_below_one_is_met_at_its_top_and_gives_no_more_advice():
    rule = make_rule("b.c", 100, {"all": [{"metric": "aerobic_days", "curve": [[0, 0], [3, 0.62]]}]})
    engine = engine_for(rule)
    (top,) = engine.evaluate(metrics(aerobic_days=5))
    assert (top.score, top.rules[0].fired, top.rules[0].fully_earned, top.advice) == (62, False, True, [])
    (half,) = engine.evaluate(metrics(aerobic_days=1.5))
    assert half.score == 31
    assert half.rules[0].conditions[0].gap == 2


def test_a_flat_start_counts_before_the_first_point():
    rule = make_rule("b.c", 10, {"all": [{"metric": "aerobic_days", "curve": [[2, 0.5], [4, 1]]}]})
    assert engine_for(rule).scores(metrics(aerobic_days=0)) == [50]
    assert engine_for(rule).scores(metrics(aerobic_days=None)) == [0]


def test_a_rule_that_does_not_apply_is_left_out_of_the_total():
    everyone = make_rule("b.all", 50, {"all": [{"metric": "aerobic_days", "at_least": 2}]})
    older = make_rule(
        "b.65",
        50,
        {"all": [{"metric": "multicomponent_days", "at_least": 3}]},
        applies={"all": [{"metric": "age", "at_least": 65}]},
    )
    engine = engine_for(everyone, older)
    for age, score, total in [(52, 100, 50), (70, 50, 100), (None, 100, 50)]:
        (result,) = engine.evaluate(metrics(aerobic_days=2, multicomponent_days=0, age=age))
        assert (result.score, result.total) == (score, total)
        assert [rule.applies for rule in result.rules] == [True, age is not None and age >= 65]
        assert engine.scores(metrics(aerobic_days=2, multicomponent_days=0, age=age)) == [score]


def test_if_unknown_decides_an_applies_condition_without_a_value():
    adult = make_rule(
        "b.adult",
        10,
        {"all": [{"metric": "aerobic_days", "at_least": 1}]},
        applies={"any": [{"metric": "age", "at_least": 18, "if_unknown": True}]},
    )
    youth = make_rule(
        "b.youth",
        10,
        {"all": [{"metric": "aerobic_days", "at_least": 3}]},
        applies={"all": [{"metric": "age", "at_most": 17}]},
    )
    engine = engine_for(adult, youth)
    assert [r.applies for r in engine.evaluate(metrics(aerobic_days=1, age=None))[0].rules] == [True, False]
    assert [r.applies for r in engine.evaluate(metrics(aerobic_days=1, age=12))[0].rules] == [False, True]
    assert engine.scores(metrics(aerobic_days=1, age=12)) == [0]
    assert engine.scores(metrics(aerobic_days=3, age=12)) == [100]


@pytest.mark.parametrize(
    ("levels", "confidence"),
    [
        (("G", "H-MA"), "high"),
        (("G", "H-RCT"), "high"),  # (60 + 40 x 0.75) / 100 = 0.9
        (("H-RCT", "H-RCT"), "moderate"),
        (("G", "H-acute"), "moderate"),  # 0.8
        (("H-acute", "G"), "moderate"),  # 0.7
        (("H-acute", "H-assoc"), "low"),
        (("H-assoc", "A"), "low"),  # 0.3
        (("A", "H-acute"), "very low"),  # 0.2
        (("U", "C"), "very low"),
    ],
)
def test_a_benefits_confidence_is_its_rules_points_weighted(levels, confidence):
    first = make_rule(
        "b.one", 60, {"all": [{"metric": "aerobic_days", "at_least": 1}]}, evidence_level=levels[0]
    )
    second = make_rule(
        "b.two", 40, {"all": [{"metric": "aerobic_days", "at_least": 1}]}, evidence_level=levels[1]
    )
    weight = {"G": 1, "H-MA": 1, "H-RCT": 0.75, "H-acute": 0.5, "H-assoc": 0.5, "A": 0, "C": 0, "U": 0}
    mean = (60 * weight[levels[0]] + 40 * weight[levels[1]]) / 100
    expected = (
        "high" if mean >= 0.875 else "moderate" if mean >= 0.625 else "low" if mean >= 0.25 else "very low"
    )
    (result,) = engine_for(first, second).evaluate(metrics(aerobic_days=1))
    assert result.confidence == expected


def test_a_strong_score_at_low_confidence_is_shown_as_moderate():
    rule = make_rule(
        "b.acute", 10, {"all": [{"metric": "aerobic_days", "at_least": 1}]}, evidence_level="H-acute"
    )
    (result,) = engine_for(rule).evaluate(metrics(aerobic_days=3))
    assert (result.score, result.confidence, result.level) == (100, "low", "moderate")
