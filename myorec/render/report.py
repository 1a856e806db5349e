"""Turn reports into text (tabulate tables) or JSON-ready dicts.

Pure functions returning strings or plain data; printing is the CLI's job.

The text report has two layouts. Where the terminal is wide enough (about 120
columns) the benefit table has a column for everything; below that, the table
keeps Benefit, Score, Level and Confidence, and what drove each score and its
next step follow as wrapped lines, one block per benefit, as ``explain`` shows
rules.
The data styles (CSV, TSV, HTML) print the table alone, with plain values.
"""

from __future__ import annotations

import re
from typing import Any

from myorec.core.engine import BenefitResult, round_half_up
from myorec.core.metrics import Metrics
from myorec.core.report import INACTIVE_BELOW, NextStep, WeekReport
from myorec.core.ruleset import EVIDENCE_MEANING
from myorec.core.text import counted, format_number, plain_number
from myorec.render.tables import Layout, render_table, unbroken

BAR_WIDTH = 10

#: The metrics shown above the table, with their labels.
KEY_METRICS: tuple[tuple[str, str], ...] = (
    ("moderate_equivalent_min", "moderate-equivalent min"),
    ("aerobic_vigorous_min", "vigorous min"),
    ("resistance_days", "resistance days"),
    ("mobility_days", "mobility days"),
    ("active_days", "active days"),
    ("met_minutes", "MET-min"),
    ("age", "age"),
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


#: What every report says under its next steps and legend, in words the HTML page shares.
HELD_BACK_NOTE = (
    "Vigorous and impact sessions are left out of the next steps until a week has "
    f"{INACTIVE_BELOW} moderate-equivalent minutes or some vigorous ones: build up with "
    "light to moderate activity first."
)
CONFIDENCE_NOTE = (
    "Confidence: how sure the evidence behind each benefit's rules is (GRADE's words); a benefit "
    "of low or very low confidence is never shown as strong. A weighted point counts 1 at high "
    "confidence, 0.75 at moderate, 0.5 at low and 0 at very low."
)
NO_STEPS_NOTE = "none of the single-session changes would add points."
AGE_UNKNOWN_NOTE = "Age unknown: the adult rules were used (the rules for 5-17 and 65+ need an age)."
DISCLAIMER = (
    "Scores rate how well the week matches the activity studied for each benefit; "
    "they do not measure your myokines."
)


def bar(score: int, width: int = BAR_WIDTH) -> str:
    """A small bar: one block per tenth of the score, rounded to the nearest block."""
    filled = (score * width + 50) // 100
    return "█" * filled + "░" * (width - filled)


# -- JSON ------------------------------------------------------------------------------


def report_to_dict(report: WeekReport) -> dict[str, Any]:
    """The ``--json`` document: keys are a public interface."""
    return {
        "week": report.week,
        "in_progress": report.in_progress,
        "days_elapsed": report.days_elapsed,
        "sessions": report.session_count,
        "metrics": dict(report.metrics),
        "benefits": [_benefit_to_dict(result) for result in report.benefits],
        "next_steps": [_next_step_to_dict(step) for step in report.next_steps],
    }


def _next_step_to_dict(step: NextStep) -> dict[str, Any]:
    return {
        "change": step.change,
        "gain": plain_number(step.gain),
        "raw_gain": step.raw_gain,
        "benefits": step.effects,
        "caution": step.caution,
    }


def _benefit_to_dict(result: BenefitResult) -> dict[str, Any]:
    evidence = result.evidence_range
    return {
        "id": result.benefit.id,
        "name": result.benefit.name,
        "score": result.score,
        "level": result.level,
        "confidence": result.confidence,
        "myokines": result.myokines,
        "evidence": {"strongest": evidence[0], "weakest": evidence[1]} if evidence else None,
        "advice": result.advice,
        "rules": [
            {
                "id": rule.rule.id,
                "fired": rule.fired,
                "progress": round(rule.progress, 4),
                "earned": round(rule.earned, 4),
                "points": plain_number(rule.rule.points),
                "applies": rule.applies,
                "confidence": rule.rule.confidence,
            }
            for rule in result.rules
        ],
    }


# -- the cells of a benefit ------------------------------------------------------------


def drivers(result: BenefitResult) -> list[str]:
    """What earned the points: each rule that earned any, with its share (``strength 20/25``)."""
    parts = []
    for rule in result.rules:
        if rule.earned > 0:
            short = rule.rule.id.split(".", 1)[-1]
            parts.append(f"{short} {round_half_up(rule.earned)}/{format_number(rule.rule.points)}")
    return parts


def evidence_used(benefits: list[BenefitResult]) -> list[str]:
    """The evidence codes a report's legend explains: those of its benefits' ranges, strongest first."""
    return sorted(
        {level for result in benefits for level in (result.evidence_range or ())},
        key=list(EVIDENCE_MEANING).index,
    )


def evidence_span(result: BenefitResult) -> str:
    evidence = result.evidence_range
    if evidence is None:
        return "-"
    strongest, weakest = evidence
    return strongest if strongest == weakest else f"{strongest} … {weakest}"


def _next_step_cells(benefits: list[BenefitResult]) -> list[str]:
    """Each benefit's next step, said once: a benefit sharing an earlier one's says so."""
    first: dict[str, str] = {}
    cells = []
    for result in benefits:
        advice = result.advice[0] if result.advice else None
        if advice is None:
            cells.append("nothing left to gain")
        elif advice in first:
            cells.append(f"same as {first[advice]}")
        else:
            first[advice] = result.benefit.name
            cells.append(advice)
    return cells


def _score_cell(result: BenefitResult) -> str:
    return f"{result.score:>3} {bar(result.score)}"


# -- tables ----------------------------------------------------------------------------

WIDE_HEADERS = (
    "Benefit",
    "Score",
    "Level",
    "Confidence",
    "Evidence",
    "Myokines",
    "What drove it",
    "Next step",
)
COMPACT_HEADERS = WIDE_HEADERS[:4]

#: The score column is right-aligned, so that its bars line up.
_WIDE_ALIGN = ("left", "right", "left", "left", "left", "left", "left", "left")
_COMPACT_ALIGN = _WIDE_ALIGN[:4]
#: Widest each wide-table column grows in a grid table (None: as wide as its text).
_MAX_WIDTHS: tuple[int | None, ...] = (14, None, None, 10, 9, 20, 24, 32)
#: The wordy columns, which give way on a narrower terminal: index -> narrowest width.
_NARROWEST: dict[int, int] = {5: 10, 6: 11, 7: 13}
#: Where a cell's text may wrap: at white space and after a hyphen.
_WORD_BREAKS = re.compile(r"\s+|(?<=-)")


def _wide_rows(report: WeekReport, plain: bool) -> list[list[Any]]:
    """One row per benefit with every column; ``plain`` for data (a number for the score, no bar)."""
    steps = (
        [result.advice[0] if result.advice else "" for result in report.benefits]
        if plain
        else _next_step_cells(report.benefits)
    )
    return [
        [
            result.benefit.name,
            result.score if plain else _score_cell(result),
            result.level,
            result.confidence,
            evidence_span(result),
            ", ".join(result.myokines),
            ", ".join(drivers(result)) or "nothing yet",
            step,
        ]
        for result, step in zip(report.benefits, steps, strict=True)
    ]


def _wide_table(report: WeekReport, layout: Layout) -> str:
    """The benefit table; where the style wraps cells, the wordy columns narrow to fit the width."""
    rows = _wide_rows(report, plain=False)
    if not layout.wraps:
        return render_table(rows, WIDE_HEADERS, layout, colalign=_WIDE_ALIGN)
    widths = list(_MAX_WIDTHS)
    table = render_table(rows, WIDE_HEADERS, layout, maxcolwidths=widths, colalign=_WIDE_ALIGN)
    # Never narrower than a column's longest word (a wrap may follow a hyphen): a word broken
    # elsewhere reads as two.
    floors = {
        index: max(narrowest, *(len(word) for row in rows for word in _WORD_BREAKS.split(row[index])))
        for index, narrowest in _NARROWEST.items()
    }
    # Wrapping at word boundaries may leave a column a little wider than asked: try again, a few times.
    for _ in range(4):
        excess = max(len(line) for line in table.splitlines()) - layout.width if layout.width else 0
        spare = {index: max(0, (widths[index] or floor) - floor) for index, floor in floors.items()}
        room = sum(spare.values())
        if excess <= 0 or not room:
            break
        for index, floor in floors.items():
            share = -(-excess * spare[index] // room)  # rounded up, so the total fits
            widths[index] = max(floor, floor + spare[index] - share)
        table = render_table(rows, WIDE_HEADERS, layout, maxcolwidths=widths, colalign=_WIDE_ALIGN)
    return table


def _compact(report: WeekReport, layout: Layout) -> list[str]:
    """A narrow table (Benefit, Score, Level, Confidence), then each benefit's details as wrapped lines."""
    rows = [
        [result.benefit.name, _score_cell(result), result.level, result.confidence]
        for result in report.benefits
    ]
    lines = [render_table(rows, COMPACT_HEADERS, layout, colalign=_COMPACT_ALIGN)]
    for result, step in zip(report.benefits, _next_step_cells(report.benefits), strict=True):
        lines.append("")
        lines += _benefit_lines(result, step, layout)
    return lines


def _benefit_lines(result: BenefitResult, step: str, layout: Layout) -> list[str]:
    """One benefit's block in the compact layout: its score, then a wrapped line for each detail."""
    heading = (
        f"{result.benefit.name}: {result.score}, {result.level}, confidence {result.confidence}"
        f" · evidence {unbroken(evidence_span(result))}"
    )
    details = [
        ("Myokines", ", ".join(result.myokines) or "-"),
        ("What drove it", ", ".join(drivers(result)) or "nothing yet"),
        ("Next step", step),
    ]
    lines = layout.fill(heading, "  ")
    for label, text in details:
        lines += layout.fill(f"{label}: {text}", "    ", "  ")
    return lines


# -- the whole report ------------------------------------------------------------------


def render_metrics_line(metrics: Metrics) -> str:
    """``moderate-equivalent min 100 · vigorous min 30 · ...``; wrapping breaks only after a ``·``."""
    parts = []
    for name, label in KEY_METRICS:
        value = metrics.get(name)
        if name == "age" and value is None:
            continue
        parts.append(unbroken(f"{label} {format_number(value)}"))
    return (unbroken(" ·") + " ").join(parts)


def so_far(days_elapsed: int) -> str:
    """``Mon–Tue``: the days of a week in progress that have begun (``Mon`` on a Monday)."""
    last = WEEKDAYS[days_elapsed - 1]
    return WEEKDAYS[0] if last == WEEKDAYS[0] else f"{WEEKDAYS[0]}–{last}"


def heading(report: WeekReport) -> str:
    """``Week 2026-W49 · in progress, Mon–Tue · 2 sessions``."""
    parts = [f"Week {report.week}" if report.week else "Template week"]
    if report.in_progress and report.days_elapsed:
        parts.append(f"in progress, {so_far(report.days_elapsed)}")
    parts.append(counted(report.session_count, "session"))
    return " · ".join(parts)


def render_report(report: WeekReport, layout: Layout) -> str:
    """The human report: key metrics, the benefit table, next steps and the legend.

    A data style (CSV, TSV, HTML) gives the benefit table alone.
    """
    if layout.data_only:
        return render_table(_wide_rows(report, plain=True), WIDE_HEADERS, layout)
    lines = [layout.text(heading(report)), *layout.fill(render_metrics_line(report.metrics)), ""]
    table = _wide_table(report, layout)
    if layout.wraps and not layout.fits(table):
        lines += _compact(report, layout)
    else:
        lines.append(table)
    lines.append("")
    lines += _next_steps(report, layout)
    lines.append("")
    lines += _legend(report, layout)
    return "\n".join(lines)


def _next_steps(report: WeekReport, layout: Layout) -> list[str]:
    if not report.next_steps:
        lines = layout.fill(f"Next steps: {NO_STEPS_NOTE}")
    else:
        lines = ["Next steps (score points added, weighted by confidence):"]
        for number, step in enumerate(report.next_steps, start=1):
            lines += _next_step_lines(number, step, layout)
    if report.inactive:
        lines += layout.fill(HELD_BACK_NOTE)
    return lines


def _next_step_lines(number: int, step: NextStep, layout: Layout) -> list[str]:
    """``1. add a 20-minute vigorous aerobic session on Fri: +81 (+immune 13, ...)``, then its caution."""
    effects = ", ".join(unbroken(f"+{bid} {delta}") for bid, delta in step.effects.items())
    gain = format_number(round(step.gain, 1))
    lines = layout.fill(f"{step.change}: +{gain} ({effects})", "     ", f"  {number}. ")
    if step.caution:
        lines += layout.fill(f"Caution: {step.caution}", "     ", "     ")
    return lines


def _legend(report: WeekReport, layout: Layout) -> list[str]:
    """What the codes and numbers mean: evidence, confidence, a step's gain, what scores are."""
    lines = []
    used = evidence_used(report.benefits)
    if used:
        ranges = [result.evidence_range for result in report.benefits if result.evidence_range]
        example = next((f"{a} … {b}" for a, b in ranges if a != b), used[0])
        key = "; ".join(f"{code} = {EVIDENCE_MEANING[code]}" for code in used)
        lines += layout.fill(
            f"Evidence {example}: the strongest … weakest level among a benefit's rules. {key}.", "  "
        )
    lines += layout.fill(CONFIDENCE_NOTE, "  ")
    if report.next_steps:
        lines += layout.fill(
            f"A next step's +N is the score points it would add over the "
            f"{counted(len(report.benefits), 'benefit')} (each scored 0–100), each point weighted by "
            "its benefit's confidence.",
            "  ",
        )
    if report.metrics.get("age") is None:
        lines += layout.fill(AGE_UNKNOWN_NOTE, "  ")
    lines += layout.fill(DISCLAIMER, "  ")
    return lines
