"""Text and JSON for the rule-authoring commands: rule lists, problems and case results.

Pure functions returning strings or plain data; printing is the CLI's job.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from myorec.core.ruleset import CONFIDENCE, EVIDENCE_MEANING, Applies, Condition, Rule
from myorec.core.text import counted, format_number, plain_number
from myorec.render.tables import Layout, render_table

if TYPE_CHECKING:
    from myorec.rulefolder.cases import CaseResult, FolderCheck
    from myorec.rulefolder.problems import Problem

WIDTH = 100


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    """One rule for ``rules list --json``: its fields as written, plus the readable condition."""
    return {
        "id": rule.id,
        "benefit": rule.benefit,
        "points": plain_number(rule.points),
        "partial": rule.earns_partly,
        "condition": rule.when.describe(),
        "when": {rule.when.mode: [condition_to_dict(condition) for condition in rule.when.conditions]},
        "applies": applies_to_dict(rule.applies),
        "myokines": list(rule.myokines),
        "evidence": rule.evidence,
        "evidence_level": rule.evidence_level,
        "confidence": rule.confidence,
        "advice": rule.advice,
    }


def condition_to_dict(condition: Condition) -> dict[str, Any]:
    """A condition as written: its metric and its bound, or its curve's points."""
    if condition.curve is not None:
        return {
            "metric": condition.metric,
            "curve": [[plain_number(x), plain_number(y)] for x, y in condition.curve],
        }
    bound = "at_least" if condition.at_least is not None else "at_most"
    return {"metric": condition.metric, bound: plain_number(condition.threshold)}


def applies_to_dict(applies: Applies | None) -> dict[str, Any] | None:
    """``applies`` as written, or None for a rule that is for everyone."""
    if applies is None:
        return None
    conditions = [
        {
            "metric": condition.metric,
            **(
                {"at_least": plain_number(condition.at_least)}
                if condition.at_least is not None
                else {"at_most": plain_number(condition.at_most)}
            ),
            "if_unknown": condition.if_unknown,
        }
        for condition in applies.conditions
    ]
    return {applies.mode: conditions}


WIDE_HEADERS = ("Rule", "Benefit", "Points", "Partial", "Condition", "Myokines", "Evidence")
DATA_HEADERS = ("Rule", "Benefit", "Points", "Partial", "Condition", "Myokines", "Evidence level", "Evidence")
COMPACT_HEADERS = ("Rule", "Benefit", "Points", "Evidence")


def level_label(level: str) -> str:
    """``G: guideline or consensus statement; confidence high``."""
    return f"{level}: {EVIDENCE_MEANING[level]}; confidence {CONFIDENCE[level]}"


#: Width of the Evidence column of ``rules list`` (the longest level label fits on a line): the
#: label and the sources are wrapped to it, and on a narrower terminal to as little as the second.
EVIDENCE_WIDTH = max(48, *(len(level_label(level)) for level in EVIDENCE_MEANING))
NARROWEST_EVIDENCE = 24


def _evidence_cell(rule: Rule, width: int | None) -> str:
    """The evidence level (when the rule gives one), then the sources: wrapped below it, or on one line."""
    level = [level_label(rule.evidence_level)] if rule.evidence_level else []
    if width is None:
        return " - ".join([*level, rule.evidence])
    return "\n".join(
        [
            *(line for text in level for line in textwrap.wrap(text, width)),
            *textwrap.wrap(rule.evidence, width),
        ]
    )


def _points(rule: Rule) -> str:
    return format_number(rule.points)


def _condition(rule: Rule) -> str:
    """``resistance_days ≥ 2``, and whom the rule is for when it is not for everyone."""
    return rule.when.describe() + (f"; for {rule.applies.describe()}" if rule.applies else "")


def render_rules_table(rules: Sequence[Rule], layout: Layout) -> str:
    """Every rule as a table row; on a terminal too narrow for that, a short table and a block per rule.

    A data style (CSV, TSV, HTML) gives the table alone, the evidence level
    and the sources in columns of their own.
    """
    if layout.data_only:
        rows = [
            [
                rule.id,
                rule.benefit,
                plain_number(rule.points),
                "yes" if rule.earns_partly else "no",
                _condition(rule),
                ", ".join(rule.myokines),
                rule.evidence_level or "",
                rule.evidence,
            ]
            for rule in rules
        ]
        return render_table(rows, DATA_HEADERS, layout)
    if not layout.wraps:
        return _wide(rules, layout, None)
    wide = _wide(rules, layout, EVIDENCE_WIDTH)
    excess = max((len(line) for line in wide.splitlines()), default=0) - (layout.width or 0)
    if layout.width is None or excess <= 0:
        return wide
    if EVIDENCE_WIDTH - excess >= NARROWEST_EVIDENCE:
        return _wide(rules, layout, EVIDENCE_WIDTH - excess)
    return _compact(rules, layout)


def _wide(rules: Sequence[Rule], layout: Layout, evidence_width: int | None) -> str:
    rows = [
        [
            rule.id,
            rule.benefit,
            _points(rule),
            "yes" if rule.earns_partly else "no",
            _condition(rule),
            ", ".join(rule.myokines) or "-",
            _evidence_cell(rule, evidence_width),
        ]
        for rule in rules
    ]
    widths = [None, None, None, None, 32, 20, None] if evidence_width is not None else None
    align = ("left", "left", "right", "left", "left", "left", "left")
    return render_table(rows, WIDE_HEADERS, layout, maxcolwidths=widths, colalign=align)


def _compact(rules: Sequence[Rule], layout: Layout) -> str:
    """A short table (rule, benefit, points, evidence level), then each rule's details as wrapped lines."""
    rows = [
        [
            rule.id,
            rule.benefit,
            _points(rule) + (", partial" if rule.earns_partly else ""),
            rule.evidence_level or "-",
        ]
        for rule in rules
    ]
    lines = [render_table(rows, COMPACT_HEADERS, layout)]
    for rule in rules:
        label = f"Evidence ({level_label(rule.evidence_level)})" if rule.evidence_level else "Evidence"
        lines.append("")
        lines += layout.fill(f"{rule.id}: when {_condition(rule)}", "    ")
        lines += layout.fill(f"Myokines: {', '.join(rule.myokines) or '-'}", "    ", "  ")
        lines += layout.fill(f"{label}: {rule.evidence}", "    ", "  ")
    return "\n".join(lines)


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


def render_case_results(results: Sequence[CaseResult], width: int | None = None) -> str:
    """Each case as PASS/FAIL with the levels it got, then a count of every case.

    Lines fit ``width`` (the terminal's), and :data:`WIDTH` at most.
    """
    width = min(width or WIDTH, WIDTH)
    lines = []
    for result in results:
        lines.append(f"{'PASS' if result.passed else 'FAIL'}  {result.name}")
        if result.invalid:
            lines.append("      not run: the case is invalid (its problems are listed above)")
            continue
        lines.extend(f"      {failure}" for failure in result.failures)
        got = [f"{bid} {level} ({result.scores[bid]})" for bid, level in result.levels.items()]
        lines.extend(_wrap_items("got: ", got, "      ", width))
    invalid = sum(1 for result in results if result.invalid)
    failed = sum(1 for result in results if not result.passed) - invalid
    summary = f"{counted(len(results), 'case')}: {len(results) - failed - invalid} passed, {failed} failed"
    lines.append(summary + (f", {invalid} invalid" if invalid else ""))
    return "\n".join(lines)


def _wrap_items(label: str, items: Sequence[str], indent: str, width: int) -> list[str]:
    """Comma-separated items wrapped at ``width`` without splitting an item."""
    lines: list[str] = []
    current = ""
    for number, item in enumerate(items):
        text = item + ("," if number < len(items) - 1 else "")
        if current and len(indent) + len(label) + len(current) + 1 + len(text) > width:
            lines.append(current)
            current = text
        else:
            current = f"{current} {text}" if current else text
    lines.append(current)
    return [indent + (label if n == 0 else " " * len(label)) + line for n, line in enumerate(lines)]
