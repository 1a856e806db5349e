"""Turn reports into text (tabulate tables) or JSON-ready dicts.

Pure functions returning strings or plain data; printing is the CLI's job.
"""

from __future__ import annotations

from typing import Any

from myorec.core.engine import BenefitResult, round_half_up
from myorec.core.metrics import Metrics
from myorec.core.report import INACTIVE_BELOW, WeekReport
from myorec.core.ruleset import EVIDENCE_MEANING
from myorec.core.text import counted, format_number, plain_number
from myorec.render.tables import wraps_cells

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


def report_to_dict(report: WeekReport) -> dict[str, Any]:
    """The ``--json`` document: keys are a public interface."""
    return {
        "week": report.week,
        "sessions": report.session_count,
        "metrics": dict(report.metrics),
        "benefits": [_benefit_to_dict(result) for result in report.benefits],
        "next_steps": [
            {
                "change": step.change,
                "gain": plain_number(step.gain),
                "raw_gain": step.raw_gain,
                "benefits": step.effects,
                "caution": step.caution,
            }
            for step in report.next_steps
        ],
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


#: Widest each report column grows in a grid table (None: as wide as its text).
_MAX_WIDTHS: tuple[int | None, ...] = (14, None, None, 10, 9, 20, 24, 32)
#: The wordy columns, which give way on a narrow terminal: index -> narrowest width.
_NARROWEST: dict[int, int] = {5: 10, 6: 11, 7: 13}


def _fitted_table(rows: list[list[str]], headers: list[str], table_format: str, width: int | None) -> str:
    """The benefit table; where the style wraps cells, the wordy columns narrow to fit ``width``."""
    from tabulate import tabulate  # only the text report needs it, not --json

    if not wraps_cells(table_format):
        return tabulate(rows, headers=headers, tablefmt=table_format)
    widths = list(_MAX_WIDTHS)
    table = tabulate(rows, headers=headers, tablefmt=table_format, maxcolwidths=widths)
    # Wrapping at word boundaries may leave a column a little wider than asked: try again, a few times.
    for _ in range(4):
        excess = max(len(line) for line in table.splitlines()) - width if width else 0
        spare = {index: (widths[index] or narrowest) - narrowest for index, narrowest in _NARROWEST.items()}
        room = sum(spare.values())
        if excess <= 0 or not room:
            break
        for index, narrowest in _NARROWEST.items():
            share = -(-excess * spare[index] // room)  # rounded up, so the total fits
            widths[index] = max(narrowest, narrowest + spare[index] - share)
        table = tabulate(rows, headers=headers, tablefmt=table_format, maxcolwidths=widths)
    return table


def render_metrics_line(metrics: Metrics) -> str:
    parts = []
    for name, label in KEY_METRICS:
        value = metrics.get(name)
        if name == "age" and value is None:
            continue
        parts.append(f"{label} {format_number(value)}")
    return " · ".join(parts)


def render_report(report: WeekReport, table_format: str, width: int | None = None) -> str:
    """The human report: key metrics, the benefit table, next steps and the evidence key.

    ``width`` is the terminal's: the table is narrowed and the prose wrapped to fit it where they can.
    """

    def prose(text: str, indent: str = "") -> str:
        if not width:
            return text
        import textwrap

        return textwrap.fill(text, width, subsequent_indent=indent, break_on_hyphens=False)

    week = f"Week {report.week}" if report.week else "Template week"
    lines = [
        f"{week} · {counted(report.session_count, 'session')}",
        prose(render_metrics_line(report.metrics)),
        "",
    ]
    rows = [
        [
            result.benefit.name,
            f"{result.score:>3} {bar(result.score)}",
            result.level,
            result.confidence,
            evidence_span(result),
            ", ".join(result.myokines),
            ", ".join(drivers(result)) or "nothing yet",
            result.advice[0] if result.advice else "nothing left to gain",
        ]
        for result in report.benefits
    ]
    headers = [
        "Benefit",
        "Score",
        "Level",
        "Confidence",
        "Evidence",
        "Myokines",
        "What drove it",
        "Next step",
    ]
    lines.append(_fitted_table(rows, headers, table_format, width))
    lines.append("")
    if report.next_steps:
        lines.append("Next steps (score points added, weighted by confidence):")
        for number, step in enumerate(report.next_steps, start=1):
            effects = ", ".join(f"+{bid} {delta}" for bid, delta in step.effects.items())
            gain = format_number(round(step.gain, 1))
            lines.append(prose(f"  {number}. {step.change}: +{gain} ({effects})", "     "))
            if step.caution:
                lines.append(prose(f"     Caution: {step.caution}", "     "))
    else:
        lines.append(f"Next steps: {NO_STEPS_NOTE}")
    if report.inactive:
        lines.append(prose(HELD_BACK_NOTE))
    used = evidence_used(report.benefits)
    if used:
        lines.append("")
        key = "; ".join(f"{code} = {EVIDENCE_MEANING[code]}" for code in used)
        lines.append(prose(f"Evidence: {key}."))
    lines.append(prose(CONFIDENCE_NOTE))
    if report.metrics.get("age") is None:
        lines.append(prose(AGE_UNKNOWN_NOTE))
    lines.append(prose(DISCLAIMER))
    return "\n".join(lines)
