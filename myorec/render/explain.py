"""Text and JSON for ``myorec explain``: how one benefit's score came about, rule by rule.

Pure functions returning strings or plain data; printing is the CLI's job.
"""

from __future__ import annotations

import textwrap
from typing import Any

from myorec.core.engine import BenefitResult, ConditionResult, RuleResult, level_bands
from myorec.core.metrics import METRICS
from myorec.core.text import format_number, plain_number
from myorec.render.rules import WIDTH, condition_to_dict, level_label


def _percent(progress: float) -> str:
    return f"{format_number(round(100 * progress, 1))}%"


def _condition_line(result: ConditionResult) -> str:
    """``resistance_days ≥ 2: actual 1, not met (progress 50%), needs 1 more``."""
    condition = result.condition
    if result.value is None:
        return f"{condition.describe()}: actual unknown ({condition.metric} has no value), not met"
    actual = f"{condition.describe()}: actual {format_number(result.value)}"
    if result.held:
        return f"{actual}, met"
    direction = "more" if condition.at_least is not None else "less"
    progress = f" (progress {_percent(result.progress)})" if condition.at_least is not None else ""
    return f"{actual}, not met{progress}, needs {format_number(result.gap)} {direction}"


def _rule_lines(number: int, result: RuleResult) -> list[str]:
    rule = result.rule
    if result.fired:
        outcome = "fired"
    elif rule.partial:
        outcome = f"not fired; partial credit for progress {_percent(result.progress)}"
    else:
        outcome = "not fired; no partial credit"
    lines = [
        f"{number}. {rule.id}: earned {format_number(round(result.earned, 2))} of "
        f"{format_number(rule.points)} points ({outcome})"
    ]
    if len(rule.when.conditions) > 1:
        group = "all of" if rule.when.mode == "all" else "any of"
        lines.append(
            f"   when {group} ({'the lowest' if rule.when.mode == 'all' else 'the highest'} progress counts):"
        )
    lines.extend(f"   - {_condition_line(condition)}" for condition in result.conditions)
    level = rule.evidence_level
    label = f"Evidence ({level_label(level)})" if level else "Evidence"
    lines.extend(
        textwrap.wrap(f"{label}: {rule.evidence}", WIDTH, initial_indent="   ", subsequent_indent="   ")
    )
    advice = result.advice()
    if advice is None:
        lines.append("   Nothing left to gain from this rule.")
    else:
        lines.extend(
            textwrap.wrap(f"To gain the rest: {advice}", WIDTH, initial_indent="   ", subsequent_indent="   ")
        )
    return lines


def render_explanation(result: BenefitResult, week: str) -> str:
    """How one benefit's score came about, rule by rule and condition by condition."""
    benefit = result.benefit
    lines = [f"{benefit.name} ({benefit.id}) · {week}: score {result.score}, {result.level}"]
    if benefit.summary:
        lines.extend(textwrap.wrap(benefit.summary, WIDTH))
    lines.append(f"Myokines: {', '.join(result.myokines) or '-'}")
    for number, rule_result in enumerate(result.rules, start=1):
        lines.append("")
        lines.extend(_rule_lines(number, rule_result))
    lines.append("")
    if result.rules:
        lines.append(
            f"Score: 100 × {format_number(round(result.earned, 2))} earned / {format_number(result.total)} "
            f"points, rounded = {result.score} → {result.level}"
        )
    else:
        lines.append(f"Score: {result.score} → {result.level}: this rule set has no rules for {benefit.id}")
    lines.append(f"Levels: {level_bands()}.")
    return "\n".join(lines)


def explanation_to_dict(result: BenefitResult, week: str | None) -> dict[str, Any]:
    """The ``explain --json`` document."""
    benefit = result.benefit
    return {
        "benefit": {
            "id": benefit.id,
            "name": benefit.name,
            "summary": benefit.summary,
            "myokines": result.myokines,
        },
        "week": week,
        "score": result.score,
        "level": result.level,
        "earned": round(result.earned, 4),
        "total": plain_number(result.total),
        "rules": [
            {
                "id": rule_result.rule.id,
                "points": plain_number(rule_result.rule.points),
                "partial": rule_result.rule.partial,
                "mode": rule_result.rule.when.mode,
                "fired": rule_result.fired,
                "progress": round(rule_result.progress, 4),
                "earned": round(rule_result.earned, 4),
                "conditions": [_condition_result_to_dict(c) for c in rule_result.conditions],
                "evidence": rule_result.rule.evidence,
                "evidence_level": rule_result.rule.evidence_level,
                "advice": rule_result.advice(),
            }
            for rule_result in result.rules
        ],
    }


def _condition_result_to_dict(result: ConditionResult) -> dict[str, Any]:
    return {
        **condition_to_dict(result.condition),
        "value": plain_number(result.value),
        "met": result.held,
        "progress": round(result.progress, 4),
        "gap": plain_number(result.gap),
        "description": METRICS[result.condition.metric].description,
    }
