"""Text for ``myorec trend``: one row per week, then a sparkline per benefit.

Pure functions returning strings or plain data; printing is the CLI's job.

Where the terminal is wide enough the table has a row per week and a column
per benefit; below that it is turned on its side (a row per benefit, a
column per week) and cut into blocks of as many weeks as fit. Weeks before
the first logged session show no data, and the week in progress is marked:
the first-to-last comparison under the table leaves both out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from myorec.core.trend import TrendRow, compared
from myorec.render.report import so_far
from myorec.render.tables import Layout, render_table

SPARK = "▁▂▃▄▅▆▇█"
#: Said under a trend whose weeks hold no session, in text and on the page.
NO_SESSIONS_NOTE = "No sessions logged in these weeks: add some with 'myorec log add' or 'log import'."
#: The extra columns after the benefits, and what the compact blocks call their rows.
METRIC_HEADERS = ("mod-eq min", "res days", "sessions")
NO_DATA = "no data"
#: How the compact blocks mark the week in progress and a week without data.
IN_PROGRESS_MARK = "*"
NO_DATA_MARK = "-"


def spark(score: int) -> str:
    """One block whose height follows the score (0-100)."""
    return SPARK[(max(0, min(100, score)) * (len(SPARK) - 1) + 50) // 100]


def _score_cell(score: int) -> str:
    return f"{score:>3} {spark(score)}"


def _note(row: TrendRow) -> str:
    if row.before_the_log:
        return NO_DATA
    return f"in progress, {so_far(row.days_so_far)}" if row.in_progress else ""


def _metrics(row: TrendRow) -> list[int]:
    return [row.moderate_equivalent_min, row.resistance_days, row.sessions]


# -- layouts ---------------------------------------------------------------------------


def _wide(rows: Sequence[TrendRow], benefit_ids: Sequence[str], layout: Layout) -> str:
    """A row per week, a column per benefit, then the week's minutes, strength days and sessions."""
    notes = [_note(row) for row in rows]
    table = [
        [
            row.week,
            *(("",) * len(row.scores) if row.before_the_log else map(_score_cell, row.scores)),
            *(("",) * 3 if row.before_the_log else _metrics(row)),
            *([note] if any(notes) else []),
        ]
        for row, note in zip(rows, notes, strict=True)
    ]
    headers = ["week", *benefit_ids, *METRIC_HEADERS, *([""] if any(notes) else [])]
    align = ["left", *("right" for _ in benefit_ids), *("right" for _ in METRIC_HEADERS), "left"]
    return render_table(table, headers, layout, disable_numparse=True, colalign=align[: len(headers)])


def _compact(rows: Sequence[TrendRow], benefit_ids: Sequence[str], layout: Layout) -> list[str]:
    """The table on its side: a row per benefit and metric, a column per week, in blocks that fit."""
    labels = [*benefit_ids, *METRIC_HEADERS]
    headers = [row.week.split("-")[-1] + (IN_PROGRESS_MARK if row.in_progress else "") for row in rows]
    columns = [
        [NO_DATA_MARK] * len(labels)
        if row.before_the_log
        else [*map(_score_cell, row.scores), *map(str, _metrics(row))]
        for row in rows
    ]

    def block(first: int, count: int) -> str:
        cells = [
            [label, *(column[index] for column in columns[first : first + count])]
            for index, label in enumerate(labels)
        ]
        align = ["left", *("right" for _ in range(count))]
        return render_table(cells, ["", *headers[first : first + count]], layout, colalign=align)

    lines = [f"Weeks {rows[0].week} → {rows[-1].week}:"] if rows else []
    # A week's column takes at least 5 characters ("100 █") and a gap: no block holds more.
    at_most = max(1, (layout.width or 0) // 6) if layout.width else len(rows)
    first = 0
    while first < len(rows):
        count = min(len(rows) - first, at_most)
        while count > 1 and not layout.fits(block(first, count)):
            count -= 1
        lines += [block(first, count), ""]
        first += count
    marks = []
    current = next((row for row in rows if row.in_progress), None)
    if current is not None:
        marks.append(f"{IN_PROGRESS_MARK} in progress ({so_far(current.days_so_far)} so far)")
    if any(row.before_the_log for row in rows):
        marks.append(f"{NO_DATA_MARK} no data: before the first logged session")
    if marks:
        lines += layout.fill("; ".join(marks))
    else:
        lines.pop()  # the blank line after the last block
    return lines


def render_trend(rows: Sequence[TrendRow], benefit_ids: Sequence[str], layout: Layout) -> str:
    """The week-by-week table, then each benefit's sparkline from its first whole week to its last.

    A data style (CSV, TSV, HTML) gives the table alone.
    """
    if layout.data_only:
        return render_table(_data_rows(rows), ["week", *benefit_ids, *METRIC_HEADERS, "note"], layout)
    wide = _wide(rows, benefit_ids, layout)
    lines = [wide] if not layout.wraps or layout.fits(wide) else _compact(rows, benefit_ids, layout)
    lines += _comparison(rows, benefit_ids, layout)
    if not any(row.sessions for row in rows):
        lines += ["", *layout.fill(NO_SESSIONS_NOTE)]
    return "\n".join(lines)


def _comparison(rows: Sequence[TrendRow], benefit_ids: Sequence[str], layout: Layout) -> list[str]:
    """Each benefit's sparkline and first → last score, over the whole weeks of the log shown."""
    whole = compared(rows)
    if not whole:
        return []
    left_out = [row.week for row in rows if row.in_progress]
    heading = f"Scores, {whole[0].week} → {whole[-1].week}"
    if left_out:
        heading += f" ({left_out[0]} is in progress, so left out)"
    lines = ["", *layout.fill(heading + ":")]
    width = max(len(bid) for bid in benefit_ids) if benefit_ids else 0
    for index, bid in enumerate(benefit_ids):
        series = [row.scores[index] for row in whole]
        line = "".join(spark(score) for score in series)
        lines.append(layout.text(f"  {bid:<{width}}  {line}  {series[0]} → {series[-1]}"))
    return lines


# -- data ------------------------------------------------------------------------------


def _data_rows(rows: Sequence[TrendRow]) -> list[list[Any]]:
    """The table's rows with plain values: empty cells where a week has no data."""
    return [
        [
            row.week,
            *([None] * len(row.scores) if row.before_the_log else row.scores),
            *([None] * 3 if row.before_the_log else _metrics(row)),
            _note(row),
        ]
        for row in rows
    ]


def trend_to_list(rows: Sequence[TrendRow], benefit_ids: Sequence[str]) -> list[dict[str, Any]]:
    """The ``trend --json`` document: oldest week first; a week before the log began has null values."""
    return [
        {
            "week": row.week,
            "in_progress": row.in_progress,
            "sessions": row.sessions,
            "scores": None if row.before_the_log else dict(zip(benefit_ids, row.scores, strict=True)),
            "moderate_equivalent_min": None if row.before_the_log else row.moderate_equivalent_min,
            "resistance_days": None if row.before_the_log else row.resistance_days,
        }
        for row in rows
    ]
