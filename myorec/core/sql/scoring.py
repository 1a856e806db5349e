"""The rule set as SQL expressions: the engine's arithmetic, operation for operation, in doubles.

:mod:`myorec.core.engine` defines the scoring; each expression here is its
counterpart, written so that an engine computing in IEEE doubles gets the same
bits: a condition's progress as :func:`~myorec.core.engine.condition_progress`
(a curve's segment and its order of operations as
:func:`~myorec.core.ruleset.interpolate`), earned points summed in rule order
(a rule that does not apply adds 0.0, which changes no sum), the score rounded
half up with the same epsilon, the confidence as
:func:`~myorec.core.engine.benefit_confidence` and the level as
:func:`~myorec.core.engine.level_for`. Constants such as a curve segment's
slope parts are computed here in Python, exactly as the engine computes them
at run time, and written as literals that read back as the same doubles.
"""

from __future__ import annotations

from itertools import pairwise
from typing import NamedTuple

from myorec.core.engine import CAPPED_CONFIDENCES, CAPPED_LEVEL, EPSILON, LEVELS
from myorec.core.metrics import METRICS
from myorec.core.ruleset import (
    CONFIDENCE_FLOORS,
    CONFIDENCE_SLACK,
    CONFIDENCE_WEIGHT,
    Applies,
    Condition,
    ProfileCondition,
    Rule,
    RuleSet,
)
from myorec.core.sql.dialect import Dialect, number

#: The levels, lowest first: the words of a ``<benefit>_level`` column.
LEVEL_NAMES = tuple(name for _, name in reversed(LEVELS))
#: The confidences, highest first: the words of a ``<benefit>_confidence`` column.
CONFIDENCE_WORDS = tuple(CONFIDENCE_WEIGHT)


def double_of(metric: str) -> str:
    """A metric as a DOUBLE, as the engine compares and divides it: a column of :func:`doubles`."""
    return f"_d_{metric}"


def doubles(rule_set: RuleSet, dialect: Dialect) -> dict[str, str]:
    """The metrics the rules read, cast to DOUBLE once: name -> SQL."""
    used = dict.fromkeys(
        condition.metric
        for rule in rule_set.rules
        for condition in (*rule.when.conditions, *(rule.applies.conditions if rule.applies else ()))
    )
    return {double_of(metric): f"CAST({dialect.identifier(metric)} AS DOUBLE)" for metric in used}


def condition_progress(condition: Condition, dialect: Dialect) -> str:
    """A condition's progress, 0..1; a metric with no value meets nothing.

    Only the profile's metrics can be unknown; the others are never NULL and
    never negative, which lets ``at_least N`` with N > 0 be ``LEAST(1, value / N)``:
    ``value / N`` below N, 1 from it, the engine's numbers in fewer steps.
    """
    value = double_of(condition.metric)
    unknown = f"WHEN {value} IS NULL THEN 0e0 " if METRICS[condition.metric].from_profile else ""
    if condition.curve is not None:
        points = condition.curve
        branches = [f"WHEN {value} <= {number(points[0][0])} THEN {number(points[0][1])}"]
        for (x0, y0), (x1, y1) in pairwise(points):
            # bisect_right: the segment whose end is the first x above the value.
            rise, run = float(y1) - float(y0), float(x1) - float(x0)
            branches.append(
                f"WHEN {value} < {number(x1)} THEN "
                f"{number(y0)} + {number(rise)} * ({value} - {number(x0)}) / {number(run)}"
            )
        return f"CASE {unknown}{' '.join(branches)} ELSE {number(points[-1][1])} END"
    threshold = number(condition.threshold)
    if condition.at_least is not None:
        if not unknown and condition.threshold > 0:
            return f"LEAST(1e0, {value} / {threshold})"
        return (
            f"CASE {unknown}WHEN {value} >= {threshold} THEN 1e0 "
            f"WHEN {value} > 0e0 THEN {value} / {threshold} ELSE 0e0 END"
        )
    return f"CASE {unknown}WHEN {value} <= {threshold} THEN 1e0 ELSE 0e0 END"


def rule_progress(rule: Rule, dialect: Dialect) -> str:
    """The lowest progress of an ``all`` group, the highest of an ``any`` (one condition: its own)."""
    parts = [condition_progress(condition, dialect) for condition in rule.when.conditions]
    if len(parts) == 1:
        return parts[0]
    return f"{'LEAST' if rule.when.mode == 'all' else 'GREATEST'}({', '.join(parts)})"


def _holds(condition: ProfileCondition, dialect: Dialect) -> str:
    value = double_of(condition.metric)
    if condition.at_least is not None:
        test = f"{value} >= {number(condition.at_least)}"
    else:
        assert condition.at_most is not None
        test = f"{value} <= {number(condition.at_most)}"
    unknown = "TRUE" if condition.if_unknown else "FALSE"
    return f"(CASE WHEN {value} IS NULL THEN {unknown} ELSE {test} END)"


def applies(group: Applies | None, dialect: Dialect) -> str:
    """Whether a rule is for this person: its ``applies`` group on the profile columns."""
    if group is None:
        return "TRUE"
    joiner = " AND " if group.mode == "all" else " OR "
    return f"({joiner.join(_holds(condition, dialect) for condition in group.conditions)})"


def earned(rule: Rule, progress: str, applying: str) -> str:
    """What a rule earns: its points when it fires, points x progress when it earns partly, else 0."""
    points = number(rule.points)
    otherwise = f"{points} * {progress}" if rule.earns_partly else "0e0"
    for_everyone = "" if rule.applies is None else f"WHEN NOT {applying} THEN 0e0 "
    return f"CASE {for_everyone}WHEN {progress} >= 1e0 THEN {points} ELSE {otherwise} END"


class BenefitSql(NamedTuple):
    """SQL of one benefit's sums over its rules' columns (``_a<i>`` applies, ``_p<i>`` progress)."""

    earned: str
    total: str
    #: Points x confidence weight, summed: the confidence is this over ``total``.
    weighted: str


def _sum(terms: list[str]) -> str:
    """Terms added left to right, as Python's ``sum`` adds them (0.0 when there are none)."""
    return " + ".join(terms) if terms else "0e0"


def benefit_sums(
    rule_set: RuleSet, index: dict[str, int], applying: dict[str, str], benefit_id: str
) -> BenefitSql:
    """A benefit's earned points, total and weighted total: rule ``id`` earned ``_e<index[id]>``, and
    applies where the boolean column ``applying[id]`` is true."""
    earned_terms, total_terms, weighted_terms = [], [], []
    for rule in rule_set.rules_for(benefit_id):
        applies_column = applying[rule.id]
        earned_terms.append(f"_e{index[rule.id]}")
        total_terms.append(f"CASE WHEN {applies_column} THEN {number(rule.points)} ELSE 0e0 END")
        weight = rule.points * CONFIDENCE_WEIGHT[rule.confidence]
        weighted_terms.append(f"CASE WHEN {applies_column} THEN {number(weight)} ELSE 0e0 END")
    return BenefitSql(_sum(earned_terms), _sum(total_terms), _sum(weighted_terms))


def score(earned_sql: str, total_sql: str) -> str:
    """``round_half_up(100 x earned / total)``, or 0 when no rule applies."""
    half_up = f"floor(1e2 * {earned_sql} / {total_sql} + 0.5e0 + {number(EPSILON)})"
    return f"CASE WHEN {total_sql} > 0e0 THEN CAST({half_up} AS INTEGER) ELSE 0 END"


def confidence(weighted_sql: str, total_sql: str, dialect: Dialect) -> str:
    """The confidence a points-weighted mean of rule weights amounts to; very low when no rule applies."""

    def word(name: str) -> str:
        return dialect.word(name, CONFIDENCE_WORDS)

    branches = [
        f"WHEN {weighted_sql} / {total_sql} >= {number(floor - CONFIDENCE_SLACK)} THEN {word(name)}"
        for floor, name in CONFIDENCE_FLOORS
    ]
    lowest = word(CONFIDENCE_WORDS[-1])
    return f"CASE WHEN {total_sql} = 0e0 THEN {lowest} {' '.join(branches)} ELSE {lowest} END"


def level(score_sql: str, confidence_sql: str, dialect: Dialect) -> str:
    """The level of a score; at low or very low confidence, at most ``moderate``."""

    def word(name: str) -> str:
        return dialect.word(name, LEVEL_NAMES)

    capped = ", ".join(dialect.word(name, CONFIDENCE_WORDS) for name in sorted(CAPPED_CONFIDENCES))
    branches = []
    for floor, name in LEVELS:
        text = word(name)
        if name == "strong":
            text = f"CASE WHEN {confidence_sql} IN ({capped}) THEN {word(CAPPED_LEVEL)} ELSE {text} END"
        branches.append(f"WHEN {score_sql} >= {floor} THEN {text}")
    return f"CASE {' '.join(branches)} ELSE {word(LEVEL_NAMES[0])} END"
