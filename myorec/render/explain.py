"""Text and JSON for ``myorec explain``: how one benefit's score came about, rule by rule.

Pure functions returning strings or plain data; printing is the CLI's job.
The text is a table of the benefit's rules (what each earned), then each
rule's conditions, evidence and what would close its gap, wrapped to the
terminal (at most :data:`~myorec.render.rules.WIDTH` columns, for reading).
"""

from __future__ import annotations

from typing import Any

from myorec.core.engine import BenefitResult, ConditionResult, RuleResult, level_bands
from myorec.core.metrics import METRICS
from myorec.core.text import format_number, plain_number
from myorec.render.rules import WIDTH, condition_to_dict, level_label
from myorec.render.tables import Layout, render_table

RULE_HEADERS = ("Rule", "Earned", "Points", "Progress", "Fired")


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


def _rule_lines(number: int, result: RuleResult, layout: Layout) -> list[str]:
    rule = result.rule
    if result.fired:
        outcome = "fired"
    elif rule.partial:
        outcome = f"not fired; partial credit for progress {_percent(result.progress)}"
    else:
        outcome = "not fired; no partial credit"
    lines = layout.fill(
        f"{number}. {rule.id}: earned {format_number(round(result.earned, 2))} of "
        f"{format_number(rule.points)} points ({outcome})",
        "   ",
    )
    if len(rule.when.conditions) > 1:
        group = "all of" if rule.when.mode == "all" else "any of"
        lowest = "the lowest" if rule.when.mode == "all" else "the highest"
        lines += layout.fill(f"when {group} ({lowest} progress counts):", "   ", "   ")
    for condition in result.conditions:
        lines += layout.fill(_condition_line(condition), "     ", "   - ")
    level = rule.evidence_level
    label = f"Evidence ({level_label(level)})" if level else "Evidence"
    lines += layout.fill(f"{label}: {rule.evidence}", "   ", "   ")
    advice = result.advice()
    if advice is None:
        lines.append("   Nothing left to gain from this rule.")
    else:
        lines += layout.fill(f"To gain the rest: {advice}", "   ", "   ")
    return lines


def _rule_rows(result: BenefitResult, plain: bool) -> list[list[Any]]:
    """One row per rule: what it earned of its points, its progress, whether it fired."""
    return [
        [
            rule_result.rule.id,
            plain_number(round(rule_result.earned, 4))
            if plain
            else format_number(round(rule_result.earned, 2)),
            plain_number(rule_result.rule.points) if plain else format_number(rule_result.rule.points),
            plain_number(round(100 * rule_result.progress, 1)) if plain else _percent(rule_result.progress),
            "yes" if rule_result.fired else "no",
        ]
        for rule_result in result.rules
    ]


def render_explanation(result: BenefitResult, week: str, layout: Layout) -> str:
    """How one benefit's score came about: a table of its rules, then each rule condition by condition.

    A data style (CSV, TSV, HTML) gives the rule table alone (progress in percent).
    """
    if layout.data_only:
        headers = (*RULE_HEADERS[:3], "Progress %", RULE_HEADERS[4])
        return render_table(_rule_rows(result, plain=True), headers, layout)
    layout = layout._replace(width=min(layout.width or WIDTH, WIDTH))
    benefit = result.benefit
    lines = layout.fill(f"{benefit.name} ({benefit.id}) · {week}: score {result.score}, {result.level}")
    if benefit.summary:
        lines += layout.fill(benefit.summary)
    lines += layout.fill(f"Myokines: {', '.join(result.myokines) or '-'}", "  ")
    if result.rules:
        align = ("left", "right", "right", "right", "left")
        lines += ["", render_table(_rule_rows(result, plain=False), RULE_HEADERS, layout, colalign=align)]
    for number, rule_result in enumerate(result.rules, start=1):
        lines.append("")
        lines.extend(_rule_lines(number, rule_result, layout))
    lines.append("")
    if result.rules:
        lines += layout.fill(
            f"Score: 100 × {format_number(round(result.earned, 2))} earned / {format_number(result.total)} "
            f"points, rounded = {result.score} → {result.level}"
        )
    else:
        lines += layout.fill(
            f"Score: {result.score} → {result.level}: this rule set has no rules for {benefit.id}"
        )
    lines += layout.fill(f"Levels: {level_bands()}.")
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
