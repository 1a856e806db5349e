"""Text and JSON for the rule-authoring commands: rule lists, explanations, case results.

Pure functions returning strings or plain data; printing is the CLI's job.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from myorec.metrics import METRICS
from myorec.models import counted, format_number, plain_number
from myorec.ruleset import EVIDENCE_MEANING, Condition, Rule
from myorec.tables import wraps_cells

if TYPE_CHECKING:
    from myorec.cases import CaseResult, FolderCheck
    from myorec.engine import BenefitResult, ConditionResult, RuleResult
    from myorec.rulebook import Problem

WIDTH = 100


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    """One rule for ``rules list --json``: its fields as written, plus the readable condition."""
    return {
        "id": rule.id,
        "benefit": rule.benefit,
        "points": plain_number(rule.points),
        "partial": rule.partial,
        "condition": rule.when.describe(),
        "when": {rule.when.mode: [_condition_to_dict(condition) for condition in rule.when.conditions]},
        "myokines": list(rule.myokines),
        "evidence": rule.evidence,
        "evidence_level": rule.evidence_level,
        "advice": rule.advice,
    }


def _condition_to_dict(condition: Condition) -> dict[str, Any]:
    bound = "at_least" if condition.at_least is not None else "at_most"
    return {"metric": condition.metric, bound: plain_number(condition.threshold)}


#: Width of the Evidence column of ``rules list``: the sources are wrapped to it.
EVIDENCE_WIDTH = 48


def _level_label(level: str) -> str:
    """``G: guideline or consensus statement``."""
    return f"{level}: {EVIDENCE_MEANING[level]}"


def _evidence_cell(rule: Rule, wrapped: bool) -> str:
    """The evidence level (when the rule gives one), then the sources: wrapped below it, or on one line."""
    level = [_level_label(rule.evidence_level)] if rule.evidence_level else []
    if not wrapped:
        return " - ".join([*level, rule.evidence])
    return "\n".join([*level, *textwrap.wrap(rule.evidence, EVIDENCE_WIDTH)])


def render_rules_table(rules: Sequence[Rule], table_format: str) -> str:
    from tabulate import tabulate

    wrapped = wraps_cells(table_format)
    rows = [
        [
            rule.id,
            rule.benefit,
            format_number(rule.points),
            "yes" if rule.partial else "no",
            rule.when.describe(),
            ", ".join(rule.myokines) or "-",
            _evidence_cell(rule, wrapped),
        ]
        for rule in rules
    ]
    headers = ["Rule", "Benefit", "Points", "Partial", "Condition", "Myokines", "Evidence"]
    widths = [None, None, None, None, 32, 20, None] if wrapped else None
    return tabulate(rows, headers=headers, tablefmt=table_format, maxcolwidths=widths)


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    return {
        "severity": problem.severity,
        "file": problem.file,
        "kind": problem.kind,
        "name": problem.name,
        "message": problem.message,
        "text": str(problem),
    }


def case_result_to_dict(result: CaseResult) -> dict[str, Any]:
    return {
        "name": result.name,
        "passed": result.passed,
        "levels": result.levels,
        "scores": result.scores,
        "failures": list(result.failures),
    }


def folder_check_to_dict(check: FolderCheck) -> dict[str, Any]:
    """The ``rules check --json`` document."""
    errors = len(check.errors)
    return {
        "folder": str(check.folder),
        "ok": check.ok,
        "errors": errors,
        "warnings": len(check.problems) - errors,
        "problems": [problem_to_dict(problem) for problem in check.problems],
        "cases": [case_result_to_dict(result) for result in check.results],
    }


def render_case_results(results: Sequence[CaseResult]) -> str:
    """Each case as PASS/FAIL with the levels it got, then a count of every case."""
    lines = []
    for result in results:
        lines.append(f"{'PASS' if result.passed else 'FAIL'}  {result.name}")
        if result.invalid:
            lines.append("      not run: the case is invalid (its problems are listed above)")
            continue
        lines.extend(f"      {failure}" for failure in result.failures)
        got = [f"{bid} {level} ({result.scores[bid]})" for bid, level in result.levels.items()]
        lines.extend(_wrap_items("got: ", got, "      "))
    invalid = sum(1 for result in results if result.invalid)
    failed = sum(1 for result in results if not result.passed) - invalid
    summary = f"{counted(len(results), 'case')}: {len(results) - failed - invalid} passed, {failed} failed"
    lines.append(summary + (f", {invalid} invalid" if invalid else ""))
    return "\n".join(lines)


def _wrap_items(label: str, items: Sequence[str], indent: str) -> list[str]:
    """Comma-separated items wrapped at :data:`WIDTH` without splitting an item."""
    lines: list[str] = []
    current = ""
    for number, item in enumerate(items):
        text = item + ("," if number < len(items) - 1 else "")
        if current and len(indent) + len(label) + len(current) + 1 + len(text) > WIDTH:
            lines.append(current)
            current = text
        else:
            current = f"{current} {text}" if current else text
    lines.append(current)
    return [indent + (label if n == 0 else " " * len(label)) + line for n, line in enumerate(lines)]


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
    label = f"Evidence ({_level_label(level)})" if level else "Evidence"
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
    from myorec.engine import level_bands  # only an explanation needs it, not rules list

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
        **_condition_to_dict(result.condition),
        "value": plain_number(result.value),
        "met": result.held,
        "progress": round(result.progress, 4),
        "gap": plain_number(result.gap),
        "description": METRICS[result.condition.metric].description,
    }
