"""The rule engine: scores a week's metrics against a validated rule set.

Pure computation: no I/O, no clock, no click, no storage. A rule set is
compiled once into flat tuples so that scoring a week is a tight loop over
numbers (next steps, plans, trends and benchmarks score many weeks); the
detailed explanation of one week is built by :meth:`Engine.evaluate` from
:func:`condition_progress`. The fast path :meth:`Engine.scores` does the same
arithmetic in the same order, so a property test (random rule sets, random
metrics) holds the two to the same scores. Nothing from a rule file is ever
turned into code: rules are data the loop reads.

Scoring: a rule counts for a week only when its ``applies`` conditions hold
for the profile (a rule for people 65 and older is left out of a 40-year-old's
total). A fired rule earns its points; an unfired ``partial`` rule, or one
with a curve, earns ``points x progress``, where an ``at_least N`` condition's
progress is ``min(1, value / N)``, an ``at_most`` condition's is 0 or 1, a
curve's is its piecewise-linear value, an ``all`` group takes the minimum and
an ``any`` group the maximum. A benefit's score is
``round_half_up(100 x earned / total points of the rules that apply)``; its
confidence is the points-weighted confidence of those rules, and a benefit of
low or very low confidence is never shown as ``strong``.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any, NamedTuple

from myorec.core.metrics import METRICS, PROFILE_METRICS, Metrics
from myorec.core.ruleset import (
    CONFIDENCE_WEIGHT,
    EVIDENCE_LEVELS,
    Benefit,
    Condition,
    Curve,
    Rule,
    RuleSet,
    confidence_of,
    interpolate,
)
from myorec.core.text import format_number

#: Guards half-up rounding against binary floating-point error (12.5 must round to 13).
EPSILON = 1e-9

#: Score bands, highest first: a score has the level of the first floor it reaches.
LEVELS: tuple[tuple[int, str], ...] = ((75, "strong"), (40, "moderate"), (1, "low"), (0, "none"))
#: Confidences too low for a benefit to be shown as strong, and the level it stops at.
CAPPED_CONFIDENCES = frozenset({"low", "very low"})
CAPPED_LEVEL = "moderate"


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5 + EPSILON)


def level_bands() -> str:
    """:data:`LEVELS` as an explanation states them: ``0 none, 1-39 low, ..., 75-100 strong``."""
    bands = []
    ceiling = 100
    for floor, name in LEVELS:
        bands.append(f"{floor}-{ceiling} {name}" if floor < ceiling else f"{floor} {name}")
        ceiling = floor - 1
    return ", ".join(reversed(bands))


def level_for(score: int, confidence: str = "high") -> str:
    """The level of a score; at low or very low confidence, at most ``moderate``."""
    for floor, name in LEVELS:
        if score >= floor:
            if name == "strong" and confidence in CAPPED_CONFIDENCES:
                return CAPPED_LEVEL
            return name
    return "none"


#: How a compiled condition is read: at least a threshold, at most one, or along a curve.
AT_LEAST, AT_MOST, CURVE = 0, 1, 2


def condition_progress(value: float | None, kind: int, threshold: float, curve: Curve | None = None) -> float:
    """How far a condition is met, 0..1; a metric with no value meets nothing."""
    if value is None:
        return 0.0
    if kind == CURVE:
        assert curve is not None
        return interpolate(curve, value)
    if kind == AT_LEAST:
        if value >= threshold:
            return 1.0
        return value / threshold if value > 0 else 0.0
    return 1.0 if value <= threshold else 0.0


def _kind(condition: Condition) -> int:
    if condition.curve is not None:
        return CURVE
    return AT_LEAST if condition.at_least is not None else AT_MOST


def top_progress(condition: Condition) -> float:
    """The most progress a condition can reach: 1, or the highest point of its curve."""
    return max(y for _, y in condition.curve) if condition.curve is not None else 1.0


class ConditionResult(NamedTuple):
    condition: Condition
    value: float | None
    progress: float

    @property
    def held(self) -> bool:
        """Met: at its threshold, or at the top of its curve."""
        return self.progress >= top_progress(self.condition) - EPSILON

    @property
    def gap(self) -> float | None:
        """How much the metric must change for the condition to be met (0 when it is)."""
        if self.value is None:
            return None
        if self.held:
            return 0.0
        info = METRICS.get(self.condition.metric)
        if self.condition.at_most is not None:
            raw = self.value - self.condition.threshold
        else:
            raw = self.condition.threshold - self.value
        return float(math.ceil(raw - EPSILON)) if info is None or info.whole else raw

    @property
    def segment(self) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """The two curve points the value lies between (None beyond the ends, or without a curve)."""
        curve = self.condition.curve
        if curve is None or self.value is None:
            return None
        index = bisect_right([x for x, _ in curve], self.value)
        if index == 0 or index == len(curve):
            return None
        return curve[index - 1], curve[index]


class RuleResult(NamedTuple):
    rule: Rule
    conditions: tuple[ConditionResult, ...]
    fired: bool
    progress: float
    earned: float
    #: Whether the rule is for this person (its ``applies`` holds); one that is not earns nothing.
    applies: bool = True

    @property
    def fully_earned(self) -> bool:
        """Nothing more to gain: fired, or as far along as its curves go, or not for this person."""
        if not self.applies or self.fired:
            return True
        tops = [top_progress(result.condition) for result in self.conditions]
        reachable = min(tops) if self.rule.when.mode == "all" else max(tops)
        return self.progress >= reachable - EPSILON

    def deciding_condition(self) -> ConditionResult | None:
        """The condition advice talks about: first unmet (all) or the closest (any)."""
        unmet = [result for result in self.conditions if not result.held]
        if not unmet:
            return None
        if self.rule.when.mode == "all":
            return unmet[0]
        known = [result for result in unmet if result.gap is not None]
        if not known:
            return unmet[0]
        return min(known, key=lambda result: result.gap or 0.0)

    def advice(self) -> str | None:
        """One line for a rule not fully earned: its template or a default naming the target."""
        if self.fully_earned:
            return None
        deciding = self.deciding_condition()
        if deciding is None:
            return None
        condition = deciding.condition
        gap = "unknown" if deciding.gap is None else format_number(deciding.gap)
        fields = {
            "{gap}": gap,
            "{value}": format_number(deciding.value),
            "{target}": format_number(condition.threshold),
            "{metric}": condition.metric,
        }
        template = self.rule.advice
        if template is None:
            if deciding.value is None:
                return f"{condition.metric} is unknown; this rule needs it ({condition.describe()})"
            verb = "lower" if condition.at_most is not None else "raise"
            template = "{verb} {metric} from {value} to {target}".replace("{verb}", verb)
        for placeholder, text in fields.items():
            template = template.replace(placeholder, text)
        return template


class BenefitResult(NamedTuple):
    benefit: Benefit
    score: int
    level: str
    earned: float
    #: Points of the rules that apply to this person.
    total: float
    #: Every rule of the benefit, those that do not apply included (they earn nothing).
    rules: tuple[RuleResult, ...]
    confidence: str

    @property
    def applying(self) -> tuple[RuleResult, ...]:
        return tuple(result for result in self.rules if result.applies)

    @property
    def myokines(self) -> list[str]:
        """The benefit's myokines, then those its applying rules name, without repeats."""
        names = list(self.benefit.myokines)
        for result in self.applying:
            names.extend(result.rule.myokines)
        return list(dict.fromkeys(names))

    @property
    def advice(self) -> list[str]:
        lines = [result.advice() for result in self.applying]
        return [line for line in lines if line]

    @property
    def evidence_range(self) -> tuple[str, str] | None:
        """Strongest and weakest evidence level among the rules that apply."""
        levels = [result.rule.evidence_level for result in self.applying]
        if not levels:
            return None
        ordered = sorted(levels, key=EVIDENCE_LEVELS.index)
        return ordered[0], ordered[-1]


def benefit_confidence(rules: Iterable[Rule]) -> str:
    """The points-weighted confidence of a benefit's applying rules (very low when none applies)."""
    rules = list(rules)
    total = sum(rule.points for rule in rules)
    if not total:
        return "very low"
    weighted = sum(rule.points * CONFIDENCE_WEIGHT[rule.confidence] for rule in rules)
    return confidence_of(weighted / total)


#: A condition compiled for the loop: (metric, kind, threshold, curve xs, curve ys).
_Check = tuple[str, int, float, tuple[float, ...], tuple[float, ...]]
#: A rule compiled for the loop: (points, earns partly, kind, metric, threshold, xs, ys, extra).
#: A one-condition rule (every shipped rule but one) carries its condition inline, with its
#: kind, and for a curve its points' xs and ys and, as ``extra``, its progress at each whole
#: value from 0 to its last x (see :class:`_Tables`); any other rule has kind ALL or ANY and
#: its conditions as ``extra``.
_Compiled = tuple[float, bool, int, str, float, tuple[float, ...], tuple[float, ...], tuple[Any, ...]]
#: One benefit's plan for one profile: (total points, the applying rules compiled).
_Plan = tuple[float, tuple[_Compiled, ...]]
#: The kinds of a compiled rule with several conditions.
ALL, ANY = 3, 4


class _Tables:
    """Each curve's progress at every whole value from 0 to its last x, shared and within a budget.

    Most metrics are whole numbers (minutes, days), so the fast path looks
    their progress up instead of interpolating. A table is computed with
    :func:`condition_progress` itself, so both paths give the same floats.
    Identical curves share one table, and past :data:`BUDGET` entries in all
    (a rule set may hold thousands of long curves) a curve goes without one.
    """

    #: The longest curve that gets a table (a week's minutes), and the entries all tables may hold.
    LONGEST, BUDGET = 7 * 1440, 50_000

    def __init__(self) -> None:
        self._tables: dict[Curve, tuple[float, ...]] = {}
        self._left = self.BUDGET

    def table(self, threshold: float, curve: Curve) -> tuple[float, ...]:
        found = self._tables.get(curve)
        if found is not None:
            return found
        size = int(curve[-1][0]) + 1
        if curve[-1][0] > self.LONGEST or size > self._left:
            return ()
        self._left -= size
        found = self._tables[curve] = tuple(
            condition_progress(x, CURVE, threshold, curve) for x in range(size)
        )
        return found


def _compile(rule: Rule, tables: _Tables) -> _Compiled:
    checks = [
        (
            c.metric,
            _kind(c),
            float(c.threshold),
            tuple(float(x) for x, _ in c.curve or ()),
            tuple(float(y) for _, y in c.curve or ()),
        )
        for c in rule.when.conditions
    ]
    points, partly = float(rule.points), rule.earns_partly
    if len(checks) == 1:
        metric, kind, threshold, xs, ys = checks[0]
        curve = rule.when.conditions[0].curve
        table = tables.table(threshold, curve) if curve is not None else ()
        return (points, partly, kind, metric, threshold, xs, ys, table)
    return (points, partly, ALL if rule.when.mode == "all" else ANY, "", 0.0, (), (), tuple(checks))


def _check_progress(check: _Check, metrics: Metrics) -> float:
    """:func:`condition_progress` of a compiled condition, for rules of several conditions.

    The same arithmetic as :func:`myorec.core.ruleset.interpolate`, on the
    curve's xs compiled once rather than gathered from its points each call:
    the shipped heart rule takes this path for every adult week scored.
    """
    metric, kind, threshold, xs, ys = check
    value = metrics[metric]
    if value is None:
        return 0.0
    if kind == CURVE:
        if value <= xs[0]:
            return ys[0]
        index = bisect_right(xs, value)
        if index == len(xs):
            return ys[-1]
        x0, y0 = xs[index - 1], ys[index - 1]
        return y0 + (ys[index] - y0) * (value - x0) / (xs[index] - x0)
    if kind == AT_LEAST:
        if value >= threshold:
            return 1.0
        return value / threshold if value > 0 else 0.0
    return 1.0 if value <= threshold else 0.0


class Engine:
    """A rule set compiled for repeated scoring.

    Which rules apply depends on the profile alone, so each profile's totals
    and rule lists are compiled once (:meth:`_plan`) and reused for every week
    scored with it.
    """

    def __init__(self, rule_set: RuleSet) -> None:
        self.rule_set = rule_set
        self._rules = [(benefit, rule_set.rules_for(benefit.id)) for benefit in rule_set.benefits]
        tables = _Tables()
        self._compiled = {rule.id: _compile(rule, tables) for rule in rule_set.rules}
        self._plans: dict[tuple[float | None, ...], tuple[list[_Plan], list[str]]] = {}

    @property
    def benefit_ids(self) -> list[str]:
        return [benefit.id for benefit, _ in self._rules]

    def _plan(self, metrics: Metrics) -> tuple[list[_Plan], list[str]]:
        """Per benefit, the total and compiled rules that apply to this profile; and its confidences."""
        key = tuple([metrics.get(name) for name in PROFILE_METRICS])
        found = self._plans.get(key)
        if found is None:
            plans: list[_Plan] = []
            confidences = []
            for _benefit, rules in self._rules:
                applying = [rule for rule in rules if rule.applies is None or rule.applies.holds(metrics)]
                total = sum(float(rule.points) for rule in applying)
                plans.append((total, tuple(self._compiled[rule.id] for rule in applying)))
                confidences.append(benefit_confidence(applying))
            found = self._plans[key] = (plans, confidences)
        return found

    def confidences(self, metrics: Metrics) -> list[str]:
        """Each benefit's confidence for this profile, in rule-set order."""
        return list(self._plan(metrics)[1])

    def scores(self, metrics: Metrics) -> list[int]:
        """Each benefit's score, in rule-set order: the fast path for next steps, plans and trends.

        The arithmetic of :meth:`evaluate` in the same order (so the same
        floating-point sums): this loop runs for every candidate of every week
        a planner or a trend scores.
        """
        out = []
        for total, rules in self._plan(metrics)[0]:
            earned = 0.0
            for points, partly, kind, metric, threshold, xs, ys, extra in rules:
                # _check_progress, inlined for a one-condition rule.
                if kind == CURVE:
                    value = metrics[metric]
                    if value is None:
                        continue  # progress 0 earns nothing
                    if value.__class__ is int and 0 <= value < len(extra):
                        progress = extra[value]  # the curve's table (see _compile)
                    elif value <= xs[0]:
                        progress = ys[0]
                    else:
                        index = bisect_right(xs, value)
                        if index == len(xs):
                            progress = ys[-1]
                        else:
                            x0, y0 = xs[index - 1], ys[index - 1]
                            progress = y0 + (ys[index] - y0) * (value - x0) / (xs[index] - x0)
                elif kind == AT_LEAST:
                    value = metrics[metric]
                    if value is None:
                        continue
                    if value >= threshold:
                        earned += points
                        continue
                    progress = value / threshold if value > 0 else 0.0
                elif kind == AT_MOST:
                    value = metrics[metric]
                    progress = 1.0 if value is not None and value <= threshold else 0.0
                elif kind == ALL:
                    progress = min([_check_progress(check, metrics) for check in extra])
                else:
                    progress = max([_check_progress(check, metrics) for check in extra])
                if progress >= 1.0:
                    earned += points
                elif partly:
                    earned += points * progress
            # round_half_up, inlined: the argument is never negative, so int() is floor().
            out.append(int(100.0 * earned / total + 0.5 + EPSILON) if total else 0)
        return out

    def evaluate(self, metrics: Metrics) -> list[BenefitResult]:
        """Score every benefit and keep the per-rule, per-condition trace that explains it."""
        results = []
        for (benefit, rules), confidence in zip(self._rules, self._plan(metrics)[1], strict=True):
            rule_results = tuple(self._evaluate_rule(rule, metrics) for rule in rules)
            earned = sum(result.earned for result in rule_results if result.applies)
            total = sum(float(result.rule.points) for result in rule_results if result.applies)
            score = round_half_up(100.0 * earned / total) if total else 0
            results.append(
                BenefitResult(
                    benefit, score, level_for(score, confidence), earned, total, rule_results, confidence
                )
            )
        return results

    @staticmethod
    def _evaluate_rule(rule: Rule, metrics: Metrics) -> RuleResult:
        conditions = tuple(
            ConditionResult(
                c,
                metrics.get(c.metric),
                condition_progress(metrics.get(c.metric), _kind(c), float(c.threshold), c.curve),
            )
            for c in rule.when.conditions
        )
        progresses = [result.progress for result in conditions]
        progress = min(progresses) if rule.when.mode == "all" else max(progresses)
        fired = progress >= 1.0
        applies = rule.applies is None or rule.applies.holds(metrics)
        if not applies:
            return RuleResult(rule, conditions, fired, progress, 0.0, applies=False)
        earned = (
            float(rule.points) if fired else (float(rule.points) * progress if rule.earns_partly else 0.0)
        )
        return RuleResult(rule, conditions, fired, progress, earned)
