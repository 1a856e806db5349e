"""The rule engine: scores a week's metrics against a validated rule set.

Pure computation: no I/O, no clock, no click, no storage. A rule set is
compiled once into flat tuples so that scoring a week is a tight loop over
numbers (next steps, trends and benchmarks score many weeks); the detailed
explanation of one week is built by :meth:`Engine.evaluate` from the same
per-condition progress function, so the two can never disagree.

Scoring: a fired rule earns its points; an unfired ``partial`` rule earns
``points x progress``, where an ``at_least N`` condition's progress is
``min(1, value / N)``, an ``at_most`` condition's is 0 or 1, an ``all`` group
takes the minimum and an ``any`` group the maximum. A benefit's score is
``round_half_up(100 x earned / total points)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from myorec.metrics import METRICS, Metrics
from myorec.ruleset import EVIDENCE_LEVELS, Benefit, Condition, Rule, RuleSet, format_number

#: Guards half-up rounding against binary floating-point error (12.5 must round to 13).
_EPSILON = 1e-9

LEVELS: tuple[tuple[int, str], ...] = ((75, "strong"), (40, "moderate"), (1, "low"), (0, "none"))


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5 + _EPSILON)


def level_for(score: int) -> str:
    """0 none, 1-39 low, 40-74 moderate, 75-100 strong."""
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


@dataclass(frozen=True, slots=True)
class ConditionResult:
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


@dataclass(frozen=True, slots=True)
class RuleResult:
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


@dataclass(frozen=True, slots=True)
class BenefitResult:
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


# A compiled rule: (points, partial, is_all, ((metric, at_least, threshold), ...))
_CompiledRule = tuple[float, bool, bool, tuple[tuple[str, bool, float], ...]]


class Engine:
    """A rule set compiled for repeated scoring."""

    def __init__(self, rule_set: RuleSet) -> None:
        self.rule_set = rule_set
        self._benefits: list[tuple[Benefit, float, list[Rule], list[_CompiledRule]]] = []
        for benefit in rule_set.benefits:
            rules = rule_set.rules_for(benefit.id)
            compiled = [
                (
                    float(rule.points),
                    rule.partial,
                    rule.when.mode == "all",
                    tuple(
                        (c.metric, c.at_least is not None, float(c.threshold)) for c in rule.when.conditions
                    ),
                )
                for rule in rules
            ]
            total = sum(points for points, *_ in compiled)
            self._benefits.append((benefit, total, rules, compiled))

    @property
    def benefit_ids(self) -> list[str]:
        return [benefit.id for benefit, *_ in self._benefits]

    def scores(self, metrics: Metrics) -> list[int]:
        """Each benefit's score, in rule-set order: the fast path for planning and trends."""
        progress_of = condition_progress
        out = []
        for _benefit, total, _rules, compiled in self._benefits:
            earned = 0.0
            for points, partial, is_all, conditions in compiled:
                if is_all:
                    progress = 1.0
                    for metric, at_least, threshold in conditions:
                        p = progress_of(metrics[metric], at_least, threshold)
                        if p < progress:
                            progress = p
                            if p <= 0.0:
                                break
                else:
                    progress = 0.0
                    for metric, at_least, threshold in conditions:
                        p = progress_of(metrics[metric], at_least, threshold)
                        if p > progress:
                            progress = p
                            if p >= 1.0:
                                break
                if progress >= 1.0:
                    earned += points
                elif partial:
                    earned += points * progress
            out.append(round_half_up(100.0 * earned / total) if total else 0)
        return out

    def evaluate(self, metrics: Metrics) -> list[BenefitResult]:
        """Score every benefit and keep the per-rule, per-condition trace that explains it."""
        results = []
        for benefit, total, rules, _compiled in self._benefits:
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
