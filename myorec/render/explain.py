"""Text and JSON for ``myorec explain``: how one benefit's score came about, rule by rule.

Pure functions returning strings or plain data; printing is the CLI's job.
The text is a table of the benefit's rules (what each earned), then each
rule's conditions, evidence and what would close its gap, wrapped to the
terminal (at most :data:`~myorec.render.rules.WIDTH` columns, for reading).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from myorec.core.engine import BenefitResult, ConditionResult, RuleResult, level_bands, level_for
from myorec.core.entries import intensity_fields
from myorec.core.intensity import HeartRates
from myorec.core.metrics import METRICS
from myorec.core.sessions import Session
from myorec.core.text import format_number, plain_number, printable
from myorec.render.rules import WIDTH, applies_to_dict, condition_to_dict, level_label
from myorec.render.tables import Layout, render_table

RULE_HEADERS = ("Rule", "Earned", "Points", "Progress", "Outcome")


def _percent(progress: float) -> str:
    return f"{format_number(round(100 * progress, 1))}%"


def _condition_line(result: ConditionResult) -> str:
    """``resistance_days ≥ 2: actual 1, not met (progress 50%), needs 1 more``; curves name their segment."""
    condition = result.condition
    if result.value is None:
        return f"{condition.describe()}: actual unknown ({condition.metric} has no value), not met"
    actual = f"{condition.describe()}: actual {format_number(result.value)}"
    if condition.curve is not None:
        return f"{actual}, {_curve_position(result)}, progress {_percent(result.progress)}" + (
            "" if result.held else f"; {format_number(result.gap)} more reaches its top"
        )
    if result.held:
        return f"{actual}, met"
    direction = "more" if condition.at_least is not None else "less"
    progress = f" (progress {_percent(result.progress)})" if condition.at_least is not None else ""
    return f"{actual}, not met{progress}, needs {format_number(result.gap)} {direction}"


def _point(point: tuple[float, float]) -> str:
    return f"{format_number(point[0])}→{format_number(point[1])}"


def _curve_position(result: ConditionResult) -> str:
    """Where on its curve the value lies: between two points, or past an end (where the curve is flat)."""
    curve = result.condition.curve
    assert curve is not None
    assert result.value is not None
    segment = result.segment
    if segment is not None:
        return f"between {_point(segment[0])} and {_point(segment[1])}"
    if result.value <= curve[0][0]:
        return f"at or below the first point ({_point(curve[0])})"
    return f"at or past the last point ({_point(curve[-1])})"


def _applies_line(result: RuleResult, metrics: dict[str, float | None]) -> str | None:
    """Whether the rule is counted for this person, and why: ``age 52: the rule is for age ≥ 65``."""
    applies = result.rule.applies
    if applies is None:
        return None
    values = ", ".join(
        f"{metric} {format_number(metrics.get(metric))}"
        for metric in dict.fromkeys(condition.metric for condition in applies.conditions)
    )
    if result.applies:
        return f"   Counted: {values}; the rule is for {applies.describe()}."
    return f"   Not counted: {values}; the rule is for {applies.describe()}, so it is left out of the total."


def _outcome(result: RuleResult) -> str:
    """What the rule earned, in a word: ``fired``, ``partial``, ``none`` or ``not counted``."""
    if not result.applies:
        return "not counted"
    if result.fired:
        return "fired"
    return "partial" if result.rule.earns_partly and result.earned > 0 else "none"


def _rule_lines(
    number: int, result: RuleResult, metrics: dict[str, float | None], layout: Layout
) -> list[str]:
    rule = result.rule
    if not result.applies:
        outcome = "does not apply"
    elif result.fired:
        outcome = "fired"
    elif rule.earns_partly:
        outcome = f"not fired; partial credit for progress {_percent(result.progress)}"
    else:
        outcome = "not fired; no partial credit"
    lines = layout.fill(
        f"{number}. {rule.id}: earned {format_number(round(result.earned, 2))} of "
        f"{format_number(rule.points)} points ({outcome})",
        "   ",
    )
    applies = _applies_line(result, metrics)
    if applies is not None:
        lines += layout.fill(applies.strip(), "   ", "   ")
    if len(rule.when.conditions) > 1:
        group = "all of" if rule.when.mode == "all" else "any of"
        lowest = "the lowest" if rule.when.mode == "all" else "the highest"
        lines += layout.fill(f"when {group} ({lowest} progress counts):", "   ", "   ")
    for condition in result.conditions:
        lines += layout.fill(_condition_line(condition), "     ", "   - ")
    label = f"Evidence ({level_label(rule.evidence_level)})"
    lines += layout.fill(f"{label}: {rule.evidence}", "   ", "   ")
    advice = result.advice()
    if not result.applies:
        pass
    elif advice is None:
        lines.append("   Nothing left to gain from this rule.")
    else:
        lines += layout.fill(f"To gain the rest: {advice}", "   ", "   ")
    return lines


def _mechanism_lines(result: BenefitResult, layout: Layout) -> list[str]:
    mechanisms = result.benefit.mechanisms
    if not mechanisms:
        return []
    lines = ["", *layout.fill("Why it might work (myokine mechanisms: explained, never scored):")]
    for mechanism in mechanisms:
        myokines = f" [{', '.join(mechanism.myokines)}]" if mechanism.myokines else ""
        level = level_label(mechanism.evidence_level)
        lines += layout.fill(f"{mechanism.claim}{myokines} ({level}): {mechanism.evidence}", "  ", "- ")
    return lines


def _session_lines(sessions: Sequence[Session], heart: HeartRates, layout: Layout) -> list[str]:
    """Each session and how hard it counted: ``- Sun 2026-11-22 aerobic 45 min: vigorous (avg HR ...)``."""
    if not sessions:
        return []
    lines = ["", "Sessions, and how hard each counted:"]
    for session in sessions:
        decision = session.decide(heart)
        when = session.date.strftime("%a %Y-%m-%d") if session.date else (session.day or "?").capitalize()
        name = f' "{printable(session.name)}"' if session.name else ""
        how = decision.figures(session.rpe) or decision.source.value
        lines += layout.fill(
            f"{when} {session.kind.value} {session.minutes} min{name}: {decision.intensity.value} ({how})",
            "  ",
            "- ",
        )
    return lines


def _rule_rows(result: BenefitResult, plain: bool) -> list[list[Any]]:
    """One row per rule: what it earned of its points, its progress, and in a word how."""
    return [
        [
            rule_result.rule.id,
            plain_number(round(rule_result.earned, 4))
            if plain
            else format_number(round(rule_result.earned, 2)),
            plain_number(rule_result.rule.points) if plain else format_number(rule_result.rule.points),
            plain_number(round(100 * rule_result.progress, 1)) if plain else _percent(rule_result.progress),
            _outcome(rule_result),
        ]
        for rule_result in result.rules
    ]


def render_explanation(
    result: BenefitResult,
    week: str,
    metrics: dict[str, float | None],
    layout: Layout,
    sessions: Sequence[Session] = (),
    heart: HeartRates | None = None,
) -> str:
    """How one benefit's score came about: the week's sessions and how hard each counted, a table of
    its rules, then each rule condition by condition.

    A data style (CSV, TSV, HTML) gives the rule table alone (progress in percent).
    """
    if layout.data_only:
        headers = (*RULE_HEADERS[:3], "Progress %", RULE_HEADERS[4])
        return render_table(_rule_rows(result, plain=True), headers, layout)
    layout = layout._replace(width=min(layout.width or WIDTH, WIDTH))
    benefit = result.benefit
    lines = layout.fill(
        f"{benefit.name} ({benefit.id}) · {week}: score {result.score}, {result.level}, "
        f"confidence {result.confidence}"
    )
    if benefit.summary:
        lines += layout.fill(benefit.summary)
    lines += layout.fill(f"Myokines: {', '.join(result.myokines) or '-'}", "  ")
    lines += _session_lines(sessions, heart or HeartRates(), layout)
    if result.rules:
        align = ("left", "right", "right", "right", "left")
        lines += ["", render_table(_rule_rows(result, plain=False), RULE_HEADERS, layout, colalign=align)]
    for number, rule_result in enumerate(result.rules, start=1):
        lines.append("")
        lines += _rule_lines(number, rule_result, metrics, layout)
    lines += _mechanism_lines(result, layout)
    lines.append("")
    if result.rules:
        capped = (
            f" (capped: {result.confidence} confidence)" if result.level != level_for(result.score) else ""
        )
        lines += layout.fill(
            f"Score: 100 × {format_number(round(result.earned, 2))} earned / {format_number(result.total)} "
            f"points of the rules that apply, rounded = {result.score} → {result.level}{capped}"
        )
    else:
        lines += layout.fill(
            f"Score: {result.score} → {result.level}: this rule set has no rules for {benefit.id}"
        )
    lines += layout.fill(f"Levels: {level_bands()}; at low or very low confidence, at most moderate.")
    return "\n".join(lines)


def explanation_to_dict(
    result: BenefitResult,
    week: str | None,
    sessions: Sequence[Session],
    heart: HeartRates,
) -> dict[str, Any]:
    """The ``explain --json`` document: the week's sessions with how hard each counted, and the trace."""
    benefit = result.benefit
    return {
        "benefit": {
            "id": benefit.id,
            "name": benefit.name,
            "summary": benefit.summary,
            "myokines": result.myokines,
            "mechanisms": [
                {
                    "claim": mechanism.claim,
                    "myokines": list(mechanism.myokines),
                    "evidence": mechanism.evidence,
                    "evidence_level": mechanism.evidence_level,
                    "confidence": mechanism.confidence,
                }
                for mechanism in benefit.mechanisms
            ],
        },
        "week": week,
        "sessions": [
            {
                "day": session.day.value if session.day else None,
                "date": session.date.isoformat() if session.date else None,
                "kind": session.kind.value,
                "minutes": session.minutes,
                "name": session.name,
                **intensity_fields(session, heart),
            }
            for session in sessions
        ],
        "score": result.score,
        "level": result.level,
        "confidence": result.confidence,
        "earned": round(result.earned, 4),
        "total": plain_number(result.total),
        "rules": [
            {
                "id": rule_result.rule.id,
                "points": plain_number(rule_result.rule.points),
                "partial": rule_result.rule.earns_partly,
                "mode": rule_result.rule.when.mode,
                "applies": rule_result.applies,
                "applies_when": applies_to_dict(rule_result.rule.applies),
                "fired": rule_result.fired,
                "progress": round(rule_result.progress, 4),
                "earned": round(rule_result.earned, 4),
                "conditions": [_condition_result_to_dict(c) for c in rule_result.conditions],
                "evidence": rule_result.rule.evidence,
                "evidence_level": rule_result.rule.evidence_level,
                "confidence": rule_result.rule.confidence,
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
