"""Text for ``myorec trend``: one row per week, then a sparkline per benefit.

Pure functions returning strings or plain data; printing is the CLI's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from myorec.core.trend import TrendRow

SPARK = "▁▂▃▄▅▆▇█"
#: Said under a trend whose weeks hold no session, in text and on the page.
NO_SESSIONS_NOTE = "No sessions logged in these weeks: add some with 'myorec log add' or 'log import'."


def spark(score: int) -> str:
    """One block whose height follows the score (0-100)."""
    return SPARK[(max(0, min(100, score)) * (len(SPARK) - 1) + 50) // 100]


def render_trend(rows: Sequence[TrendRow], benefit_ids: Sequence[str]) -> str:
    """One row per week with a block per score, then each benefit's sparkline, oldest to newest."""
    from tabulate import tabulate

    table = [
        [
            row.week,
            *(f"{score:>3} {spark(score)}" for score in row.scores),
            row.moderate_equivalent_min,
            row.resistance_days,
            row.sessions,
        ]
        for row in rows
    ]
    headers = ["week", *benefit_ids, "mod-eq min", "res days", "sessions"]
    align = ("left", *("right" for _ in headers[1:]))
    lines = [tabulate(table, headers=headers, tablefmt="simple", disable_numparse=True, colalign=align)]
    if rows:
        width = max(len(bid) for bid in benefit_ids) if benefit_ids else 0
        lines += ["", f"Scores, {rows[0].week} → {rows[-1].week}:"]
        for index, bid in enumerate(benefit_ids):
            series = [row.scores[index] for row in rows]
            line = "".join(spark(score) for score in series)
            lines.append(f"  {bid:<{width}}  {line}  {series[0]} → {series[-1]}")
        if not any(row.sessions for row in rows):
            lines += ["", NO_SESSIONS_NOTE]
    return "\n".join(lines)


def trend_to_list(rows: Sequence[TrendRow], benefit_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The ``trend --json`` document: oldest week first."""
    return [
        {
            "week": row.week,
            "scores": dict(zip(benefit_ids, row.scores, strict=True)),
            "moderate_equivalent_min": row.moderate_equivalent_min,
            "resistance_days": row.resistance_days,
        }
        for row in rows
    ]
