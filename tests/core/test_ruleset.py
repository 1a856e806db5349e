"""The rule-set model: curves interpolate exactly, and a rule set whose parts do not fit is never built."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from myorec.core.ruleset import Benefit, Condition, Rule, RuleSet, confidence_of, interpolate
from myorec.errors import RuleSetError


def reference(points: list[tuple[float, float]], value: float) -> float:
    """Linear interpolation written out the long way: find the segment, take the weighted mean."""
    if value <= points[0][0]:
        return points[0][1]
    if value >= points[-1][0]:
        return points[-1][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x0 <= value <= x1:
            share = (value - x0) / (x1 - x0)
            return (1 - share) * y0 + share * y1
    raise AssertionError("unreachable")


curves = st.lists(
    st.tuples(st.integers(-100, 1000), st.floats(0, 1)), min_size=2, max_size=6, unique_by=lambda p: p[0]
).map(lambda points: [(float(x), y) for x, y in sorted(points)])


@given(curve=curves, value=st.floats(-200, 1200, allow_nan=False))
def test_a_curve_interpolates_as_the_long_way_does_and_stays_within_its_points(curve, value):
    condition = Condition.model_validate({"metric": "total_min", "curve": [list(point) for point in curve]})
    assert condition.curve is not None
    got = interpolate(condition.curve, value)
    assert got == pytest.approx(reference(curve, value), abs=1e-12)
    assert min(y for _, y in curve) - 1e-12 <= got <= max(y for _, y in curve) + 1e-12


@given(curve=curves)
def test_a_curve_passes_through_its_own_points(curve):
    condition = Condition.model_validate({"metric": "total_min", "curve": [list(point) for point in curve]})
    assert condition.curve is not None
    for x, y in curve:
        assert interpolate(condition.curve, x) == pytest.approx(y, abs=1e-12)


def rule(rule_id: str, benefit: str = "b", metric: str = "total_min", **extra: object) -> Rule:
    return Rule.model_validate(
        {
            "id": rule_id,
            "benefit": benefit,
            "points": 1,
            "evidence": "e",
            "evidence_level": "G",
            "when": {"all": [{"metric": metric, "at_least": 1}]},
            **extra,
        }
    )


@pytest.mark.parametrize(
    ("benefits", "rules", "problem"),
    [
        (["b", "b"], [], "duplicate benefit id 'b'"),
        (["b"], [rule("b.x"), rule("b.x")], "duplicate rule id 'b.x'"),
        (["b"], [rule("b.x", benefit="c")], "rule b.x: unknown benefit 'c'"),
        (["b"], [rule("b.x", metric="total_minutes")], "rule b.x: unknown metric 'total_minutes'"),
        (
            ["b"],
            [rule("b.x", applies={"all": [{"metric": "total_min", "at_least": 1}]})],
            "rule b.x: applies: 'total_min' is not a profile metric",
        ),
    ],
)
def test_a_rule_set_that_does_not_fit_together_is_never_built(benefits, rules, problem):
    with pytest.raises(RuleSetError) as caught:
        RuleSet(tuple(Benefit(id=b, name=b) for b in benefits), tuple(rules))
    assert str(caught.value) == problem


def test_rules_are_found_by_benefit_in_rule_set_order():
    rule_set = RuleSet(
        (Benefit(id="a", name="A"), Benefit(id="b", name="B")),
        (rule("b.1"), rule("a.1", benefit="a"), rule("b.2")),
    )
    assert [r.id for r in rule_set.rules_for("b")] == ["b.1", "b.2"]
    assert rule_set.rules_for("nope") == []


def test_a_curve_is_partial_by_nature_and_partial_false_beside_it_is_refused():
    curve = {"all": [{"metric": "total_min", "curve": [[0, 0], [60, 1]]}]}
    assert rule("b.c", when=curve).earns_partly
    with pytest.raises(ValueError, match="partial = false contradicts a curve condition"):
        rule("b.c", when=curve, partial=False)


@pytest.mark.parametrize(
    ("weight", "confidence"),
    [
        (1.0, "high"),
        (0.875, "high"),
        (0.874, "moderate"),
        (0.625, "moderate"),
        (0.5, "low"),
        (0.25, "low"),
        (0.2, "very low"),
    ],
)
def test_confidence_floors(weight, confidence):
    assert confidence_of(weight) == confidence
