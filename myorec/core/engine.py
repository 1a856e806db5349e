"""The rule engine: scores a week's metrics against a validated rule set.

Pure computation: no I/O, no clock, no click, no storage. A rule set is
compiled once into flat tuples so that scoring a week is a tight loop over
numbers (next steps, trends and benchmarks score many weeks, and the budget is
300k weeks a second); the detailed explanation of one week is built by
:meth:`Engine.evaluate` from :func:`condition_progress`. The fast path inlines
that function for one-condition rules, so a property test (random rule sets,
random metrics) holds the two to the same scores. Nothing from a rule file is
ever turned into code: rules are data the loop reads.

Scoring: a fired rule earns its points; an unfired ``partial`` rule earns
``points x progress``, where an ``at_least N`` condition's progress is
``min(1, value / N)``, an ``at_most`` condition's is 0 or 1, an ``all`` group
takes the minimum and an ``any`` group the maximum. A benefit's score is
``round_half_up(100 x earned / total points)``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from myorec.core.metrics import METRICS, Metrics
from myorec.core.ruleset import EVIDENCE_LEVELS, Benefit, Condition, Rule, RuleSet
from myorec.core.text import format_number

#: Guards half-up rounding against binary floating-point error (12.5 must round to 13).
_EPSILON = 1e-9

#: Score bands, highest first: a score has the level of the first floor it reaches.
LEVELS: tuple[tuple[int, str], ...] = ((75, "strong"), (40, "moderate"), (1, "low"), (0, "none"))


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5 + _EPSILON)


def level_bands() -> str:
    """:data:`LEVELS` as an explanation states them: ``0 none, 1-39 low, ..., 75-100 strong``."""
    bands = []
    ceiling = 100
    for floor, name in LEVELS:
        bands.append(f"{floor}-{ceiling} {name}" if floor < ceiling else f"{floor} {name}")
        ceiling = floor - 1
    return ", ".join(reversed(bands))


def level_for(score: int) -> str:
    for floor, name in LEVELS:
        if score >= floor:
            return name
    return "none"


def condition_progress(value: float | None, at_least: bool, threshold: float) -> float:
    """How far a condition is met, 0..1; a metric with no value meets nothing."""
    if value is None:
        return 0.0
    if at_least:
        if value >= threshold:
            return 1.0
        return value / threshold if value > 0 else 0.0
    return 1.0 if value <= threshold else 0.0


class ConditionResult(NamedTuple):
    condition: Condition
    value: float | None
    progress: float

    @property
    def held(self) -> bool:
        return self.progress >= 1.0

    @property
    def gap(self) -> float | None:
        """How much the metric must change for the condition to hold (0 when it holds)."""
        if self.value is None:
            return None
        if self.held:
            return 0.0
        info = METRICS.get(self.condition.metric)
        if self.condition.at_least is not None:
            raw = self.condition.at_least - self.value
        else:
            raw = self.value - self.condition.threshold
        return float(math.ceil(raw - _EPSILON)) if info is None or info.whole else raw


class RuleResult(NamedTuple):
    rule: Rule
    conditions: tuple[ConditionResult, ...]
    fired: bool
    progress: float
    earned: float

    @property
    def fully_earned(self) -> bool:
        return self.earned >= self.rule.points - _EPSILON

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
            verb = "raise" if condition.at_least is not None else "lower"
            template = "{verb} {metric} from {value} to {target}".replace("{verb}", verb)
        for placeholder, text in fields.items():
            template = template.replace(placeholder, text)
        return template


class BenefitResult(NamedTuple):
    benefit: Benefit
    score: int
    level: str
    earned: float
    total: float
    rules: tuple[RuleResult, ...]

    @property
    def myokines(self) -> list[str]:
        """The benefit's myokines, then those its rules name, without repeats."""
        names = list(self.benefit.myokines)
        for result in self.rules:
            names.extend(result.rule.myokines)
        return list(dict.fromkeys(names))

    @property
    def advice(self) -> list[str]:
        lines = [result.advice() for result in self.rules]
        return [line for line in lines if line]

    @property
    def evidence_range(self) -> tuple[str, str] | None:
        """Strongest and weakest evidence level among the benefit's rules."""
        levels = [r.rule.evidence_level for r in self.rules if r.rule.evidence_level is not None]
        if not levels:
            return None
        ordered = sorted(levels, key=EVIDENCE_LEVELS.index)
        return ordered[0], ordered[-1]


#: A condition compiled for the loop: (metric, at_least, threshold).
_Check = tuple[str, bool, float]
#: A rule with one ``at_least`` condition and a positive threshold, the shape of every shipped
#: rule: (metric, threshold, points, partial). Its progress is 0 for any value ≤ 0.
_SimpleRule = tuple[str, float, float, bool]
#: Any other rule: (points, partial, is_all, checks).
_GroupRule = tuple[float, bool, bool, tuple[_Check, ...]]


def _simple(rule: Rule) -> _SimpleRule | None:
    conditions = rule.when.conditions
    if len(conditions) == 1 and conditions[0].at_least is not None and conditions[0].at_least > 0:
        return (conditions[0].metric, float(conditions[0].at_least), float(rule.points), rule.partial)
    return None


def _group(rule: Rule) -> _GroupRule:
    checks = tuple((c.metric, c.at_least is not None, float(c.threshold)) for c in rule.when.conditions)
    return (float(rule.points), rule.partial, rule.when.mode == "all", checks)


def _group_progress(is_all: bool, checks: tuple[_Check, ...], metrics: Metrics) -> float:
    """An ``all`` group's minimum or an ``any`` group's maximum, stopping once it is decided."""
    if is_all:
        progress = 1.0
        for metric, at_least, threshold in checks:
            p = condition_progress(metrics[metric], at_least, threshold)
            if p < progress:
                progress = p
                if p <= 0.0:
                    break
        return progress
    progress = 0.0
    for metric, at_least, threshold in checks:
        p = condition_progress(metrics[metric], at_least, threshold)
        if p > progress:
            progress = p
            if p >= 1.0:
                break
    return progress


class Engine:
    """A rule set compiled for repeated scoring."""

    def __init__(self, rule_set: RuleSet) -> None:
        self.rule_set = rule_set
        self._benefits: list[tuple[Benefit, float, list[Rule]]] = []
        #: Per benefit: (total, simple rules, or None when some rule needs the general path).
        self._fast: list[tuple[float, tuple[_SimpleRule, ...] | None, tuple[_GroupRule, ...]]] = []
        for benefit in rule_set.benefits:
            rules = rule_set.rules_for(benefit.id)
            total = sum(float(rule.points) for rule in rules)
            self._benefits.append((benefit, total, rules))
            simple = [_simple(rule) for rule in rules]
            if all(compiled is not None for compiled in simple):
                self._fast.append((total, tuple(c for c in simple if c is not None), ()))
            else:
                self._fast.append((total, None, tuple(_group(rule) for rule in rules)))

    @property
    def benefit_ids(self) -> list[str]:
        return [benefit.id for benefit, *_ in self._benefits]

    def scores(self, metrics: Metrics) -> list[int]:
        """Each benefit's score, in rule-set order: the fast path for planning and trends.

        The arithmetic of :meth:`evaluate` in the same order (so the same
        floating-point sums), with the common one-condition rule inlined: this
        loop runs for every candidate of every week a planner or a trend scores.
        """
        out = []
        for total, simple, general in self._fast:
            earned = 0.0
            if simple is not None:
                for metric, threshold, points, partial in simple:
                    value = metrics[metric]
                    if value is not None and value > 0:
                        if value >= threshold:
                            earned += points
                        elif partial:
                            earned += points * (value / threshold)
            else:
                for points, partial, is_all, checks in general:
                    progress = _group_progress(is_all, checks, metrics)
                    if progress >= 1.0:
                        earned += points
                    elif partial:
                        earned += points * progress
            # round_half_up, inlined: the argument is never negative, so int() is floor().
            out.append(int(100.0 * earned / total + 0.5 + _EPSILON) if total else 0)
        return out

    def evaluate(self, metrics: Metrics) -> list[BenefitResult]:
        """Score every benefit and keep the per-rule, per-condition trace that explains it."""
        results = []
        for benefit, total, rules in self._benefits:
            rule_results = tuple(self._evaluate_rule(rule, metrics) for rule in rules)
            earned = sum(result.earned for result in rule_results)
            score = round_half_up(100.0 * earned / total) if total else 0
            results.append(BenefitResult(benefit, score, level_for(score), earned, total, rule_results))
        return results

    @staticmethod
    def _evaluate_rule(rule: Rule, metrics: Metrics) -> RuleResult:
        conditions = tuple(
            ConditionResult(
                c,
                metrics.get(c.metric),
                condition_progress(metrics.get(c.metric), c.at_least is not None, float(c.threshold)),
            )
            for c in rule.when.conditions
        )
        progresses = [result.progress for result in conditions]
        progress = min(progresses) if rule.when.mode == "all" else max(progresses)
        fired = progress >= 1.0
        earned = float(rule.points) if fired else (float(rule.points) * progress if rule.partial else 0.0)
        return RuleResult(rule, conditions, fired, progress, earned)
