"""Hypothesis strategies shared by the generated-input tests."""

from __future__ import annotations

from hypothesis import strategies as st

from myorec.core.ruleset import EVIDENCE_LEVELS, Benefit, Rule, RuleSet
from tests.tomlgen import Raw

#: Number spellings Python cannot hold as they are written, or that TOML reads as surprises.
HOSTILE_NUMBERS = [
    Raw("1e309"),
    Raw("-1e309"),
    Raw("nan"),
    Raw("-nan"),
    Raw("+inf"),
    Raw("-0.0"),
    Raw("0x" + "F" * 4000),
    Raw("9" * 5000),
    Raw("1" + "0" * 400),
    Raw("1e-400"),
    Raw("0o777"),
    Raw("0b1"),
]

scalars = st.one_of(
    st.text(max_size=12),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(HOSTILE_NUMBERS),
)
junk = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


_EDGES = [-1.0, 0.0, 0.5, 3.0, 150.0, 301.5]
_THRESHOLDS = st.sampled_from(_EDGES)
#: Few metrics, so that conditions often share one and values often sit on thresholds.
RULE_METRICS = ("aerobic_days", "moderate_equivalent_min", "age")
#: Values on the thresholds themselves, between them, and unknown.
RULE_VALUES = st.one_of(
    st.none(), st.sampled_from([0, *_EDGES]), st.integers(0, 400), st.floats(0, 400, allow_nan=False)
)


#: Curves with points on the edges above and in between, rising, falling and stopping short of 1.
_CURVES = st.lists(
    st.tuples(st.sampled_from([*_EDGES, 75.0, 200.0]), st.sampled_from([0.0, 0.25, 0.5, 0.62, 1.0])),
    min_size=2,
    max_size=5,
    unique_by=lambda point: point[0],
).map(lambda points: [list(point) for point in sorted(points)])

_conditions = st.one_of(
    st.fixed_dictionaries({"metric": st.sampled_from(RULE_METRICS), "at_least": _THRESHOLDS}),
    st.fixed_dictionaries({"metric": st.sampled_from(RULE_METRICS), "at_most": _THRESHOLDS}),
    st.fixed_dictionaries({"metric": st.sampled_from(RULE_METRICS), "curve": _CURVES}),
)
_profile_conditions = st.builds(
    lambda bound, value, unknown: {"metric": "age", bound: value, **unknown},
    st.sampled_from(["at_least", "at_most"]),
    st.sampled_from([5, 18, 65]),
    st.sampled_from([{}, {"if_unknown": True}, {"if_unknown": False}]),
)


#: A rule's conditions: one to three of any shape.
_rule_conditions = st.lists(_conditions, min_size=1, max_size=3)


@st.composite
def rule_sets(
    draw: st.DrawFn,
    conditions_of: st.SearchStrategy[list[dict[str, object]]] = _rule_conditions,
    most_rules: int = 4,
    points: tuple[float, ...] = (1.0, 2.5, 10.0, 15.0, 50.0),
    applies: bool = True,
) -> RuleSet:
    """Benefits whose rules mix every shape: all/any groups, bounds and curves, partial or not, applies.

    ``conditions_of`` draws a rule's conditions; ``applies=False`` leaves the profile conditions out.
    """
    benefit_ids = [f"b{number}" for number in range(draw(st.integers(1, 3)))]
    rules = []
    for benefit_id in benefit_ids:
        for number in range(draw(st.integers(1, most_rules))):
            conditions = draw(conditions_of)
            rule = {
                "id": f"{benefit_id}.r{number}",
                "benefit": benefit_id,
                "points": draw(st.sampled_from(points)),
                "evidence": "test",
                "evidence_level": draw(st.sampled_from(EVIDENCE_LEVELS)),
                "when": {draw(st.sampled_from(["all", "any"])): conditions},
            }
            if not any("curve" in condition for condition in conditions):
                rule["partial"] = draw(st.booleans())
            if applies and draw(st.booleans()):
                rule["applies"] = {
                    draw(st.sampled_from(["all", "any"])): draw(
                        st.lists(_profile_conditions, min_size=1, max_size=2)
                    )
                }
            rules.append(Rule.model_validate(rule))
    benefits = tuple(Benefit(id=benefit_id, name=benefit_id) for benefit_id in benefit_ids)
    return RuleSet(benefits=benefits, rules=tuple(rules))
