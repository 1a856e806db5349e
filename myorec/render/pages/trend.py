"""The trend as a page: a small chart per benefit, then the week's minutes and resistance days.

Each benefit's score over the weeks is a small multiple, all on the same
0-100 scale with the same level bands, so the charts compare at a glance.
Moderate-equivalent minutes are drawn against WHO's 150 and 300, resistance
days against WHO's 2. The week in progress is drawn as such (dashed, hollow,
"so far"): it is not yet a week to compare.
"""

from __future__ import annotations

from collections.abc import Sequence

from myorec.core.engine import CAPPED_CONFIDENCES, level_for
from myorec.core.ruleset import Benefit
from myorec.core.text import counted
from myorec.core.trend import TrendRow
from myorec.render.pages.charts import (
    NO_DATA,
    SO_FAR,
    WHO_MINUTES,
    WHO_RESISTANCE_DAYS,
    ChartWeek,
    data_table,
    disclaimer,
    levels_note,
    minutes_bars,
    patterns,
    resistance_dots,
    score_lines,
)
from myorec.render.pages.markup import Html, element, fill, lines, page, text
from myorec.render.trend import NO_SESSIONS_NOTE


def trend_page(
    rows: Sequence[TrendRow],
    benefits: Sequence[Benefit],
    confidences: Sequence[str],
) -> str:
    """The whole page for a trend, oldest week first, the week in progress and weeks before the log marked.

    ``confidences`` are the benefits' (they depend on the profile, not the
    week): a benefit that cannot be strong has that band hatched.
    """
    weeks = [ChartWeek(row.week, in_progress=row.in_progress, no_data=row.before_the_log) for row in rows]
    span = weeks[0].label if len(weeks) == 1 else f"{weeks[0].label} to {weeks[-1].label}"
    summary = [counted(len(rows), "week"), counted(sum(row.sessions for row in rows), "session")]
    if weeks[-1].in_progress:
        summary.append(f"{weeks[-1].label} is in progress")
    multiples = []
    for index, (benefit, confidence) in enumerate(zip(benefits, confidences, strict=True)):
        scores = [row.scores[index] for row in rows]
        latest = [(week, score) for week, score in zip(weeks, scores, strict=True) if not week.no_data]
        heading = [element("h3", text(benefit.name))]
        if latest:
            week, score = latest[-1]
            words = f"{week.label}: {score}, {level_for(score, confidence)}"
            heading.append(
                element("p", text(words + (f" ({SO_FAR})" if week.in_progress else "")), class_="latest")
            )
        multiples.append(
            element(
                "figure",
                *heading,
                score_lines(benefit.name, weeks, scores, confidence in CAPPED_CONFIDENCES),
                class_="multiple",
            )
        )
    body = fill(
        "trend.html",
        {
            "patterns": patterns(),
            "heading": text(f"Trend, {span}"),
            "summary": text(" · ".join(summary)),
            "empty": (
                element("p", text(NO_SESSIONS_NOTE), class_="note")
                if not any(row.sessions for row in rows)
                else Html("")
            ),
            "multiples": lines(multiples),
            "activity": _activity(rows, weeks),
            "table": _table(rows, weeks, benefits),
            "legend": lines(
                (
                    element("h2", text("How to read this")),
                    element(
                        "p",
                        text(
                            f"A week in progress is drawn dashed and hollow and marked “{SO_FAR}”: its "
                            f"days to come are not in it yet. Hatched weeks have {NO_DATA}."
                        ),
                    ),
                    levels_note(),
                    disclaimer(),
                )
            ),
        },
    )
    return page(f"myorec · Trend {span}", body)


def _activity(rows: Sequence[TrendRow], weeks: Sequence[ChartWeek]) -> Html:
    low, high = WHO_MINUTES
    minutes = _figure(
        "Moderate-equivalent minutes a week",
        minutes_bars(weeks, [row.moderate_equivalent_min for row in rows]),
        f"WHO 2020: {low}–{high} minutes of moderate activity a week, or the vigorous equivalent "
        f"(a vigorous minute counts as two); more than {high} adds more benefit.",
    )
    days = _figure(
        "Resistance days a week",
        resistance_dots(weeks, [row.resistance_days for row in rows]),
        f"WHO 2020: muscle-strengthening work on {WHO_RESISTANCE_DAYS} or more days a week. "
        "A filled dot reaches it, a hollow one does not.",
    )
    return lines((minutes, days))


def _figure(heading: str, chart: Html, caption: str) -> Html:
    return element("figure", element("h3", text(heading)), chart, element("figcaption", text(caption)))


def _table(rows: Sequence[TrendRow], weeks: Sequence[ChartWeek], benefits: Sequence[Benefit]) -> Html:
    """Every number the charts draw, a row per week: their alternative for a screen reader or a copy."""
    headers = ["Week", *(benefit.name for benefit in benefits), "Mod-eq min", "Resistance days", "Sessions"]
    table = []
    for row, week in zip(rows, weeks, strict=True):
        label = f"{week.label} ({SO_FAR})" if week.in_progress else week.label
        if week.no_data:
            table.append([label, *(NO_DATA for _ in headers[1:-1]), str(row.sessions)])
            continue
        numbers = [*row.scores, row.moderate_equivalent_min, row.resistance_days, row.sessions]
        table.append([label, *(str(value) for value in numbers)])
    return data_table("The weeks as a table", headers, table)
