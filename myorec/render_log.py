"""Text for the activity log and trends: entry tables, one-line summaries, sparklines.

Pure functions returning strings; printing is the CLI's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from myorec.models import Session, plain_number, printable

if TYPE_CHECKING:
    from myorec.report import TrendRow
    from myorec.store import Entry

SPARK = "▁▂▃▄▅▆▇█"


def intensity_cell(session: Session) -> str:
    """What was logged, and what it counts as when that is not an intensity."""
    if session.intensity is not None:
        return session.intensity.value
    if session.rpe is not None:
        return f"{session.effective_intensity.value} (RPE {plain_number(session.rpe)})"
    return f"{session.effective_intensity.value} (default)"


def describe(entry_id: int, session: Session) -> str:
    """``entry 5: 2026-11-24 aerobic 45 min vigorous "run"``."""
    name = f' "{printable(session.name)}"' if session.name else ""
    date = session.date.isoformat() if session.date else "?"
    return (
        f"entry {entry_id}: {date} {session.kind.value} {session.minutes} min {intensity_cell(session)}{name}"
    )


def render_entries(entries: Sequence[Entry]) -> str:
    from tabulate import tabulate  # only the tables need it, not describe (log edit)

    rows = [
        [
            e.id,
            e.session.date,
            f"{e.session.kind.value} ({e.session.focus.value})" if e.session.focus else e.session.kind.value,
            e.session.minutes,
            intensity_cell(e.session),
            printable(e.session.name) if e.session.name else None,
        ]
        for e in entries
    ]
    headers = ["id", "date", "kind", "minutes", "intensity", "name"]
    return tabulate(rows, headers=headers, tablefmt="simple", missingval="")


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
            lines += [
                "",
                "No sessions logged in these weeks: add some with 'myorec log add' or 'log import'.",
            ]
    return "\n".join(lines)
