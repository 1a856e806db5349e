"""``myorec trend``: benefit scores week by week, to see whether you are keeping it up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from myorec.cli.common import echo_json, load_engine, rules_option
from myorec.cli.logbook import iso_week, open_log, this_monday

if TYPE_CHECKING:
    from myorec.models import Session

MAX_WEEKS = 520


@click.command()
@click.option(
    "--weeks",
    type=click.IntRange(1, MAX_WEEKS),
    default=8,
    show_default=True,
    help="How many ISO weeks to show.",
)
@click.option(
    "--until", type=iso_week, metavar="YYYY-Www", help="Last week shown, e.g. 2026-W48 (default: this week)."
)
@rules_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of weeks, oldest first.")
def trend(weeks: int, until: dt.date | None, rules_dir: Path | None, as_json: bool) -> None:
    """Benefit scores week by week, from the log.

    One row per ISO week, one column per benefit's score, plus
    moderate-equivalent minutes and resistance days, and a sparkline per
    benefit underneath.

    \b
    Examples:
      myorec trend
      myorec trend --weeks 12 --until 2026-W48 --json
    """
    from myorec.metrics import compute_metrics
    from myorec.render_log import TrendRow
    from myorec.routine import iso_week_label

    engine = load_engine(rules_dir)
    last = until if until is not None else this_monday()
    first = last - dt.timedelta(weeks=weeks - 1)
    with open_log(create=False) as store:
        entries = store.entries(first, last + dt.timedelta(days=6))
        age = store.profile().age
    by_week: dict[dt.date, list[Session]] = {}
    for entry in entries:
        assert entry.session.date is not None
        monday = entry.session.date - dt.timedelta(days=entry.session.date.weekday())
        by_week.setdefault(monday, []).append(entry.session)
    rows = []
    for offset in range(weeks):
        monday = first + dt.timedelta(weeks=offset)
        sessions = by_week.get(monday, [])
        metrics = compute_metrics(sessions, age)
        rows.append(
            TrendRow(
                iso_week_label(monday),
                engine.scores(metrics),
                int(metrics["moderate_equivalent_min"] or 0),
                int(metrics["resistance_days"] or 0),
                len(sessions),
            )
        )
    ids = engine.benefit_ids
    if as_json:
        echo_json(
            [
                {
                    "week": row.week,
                    "scores": dict(zip(ids, row.scores, strict=True)),
                    "moderate_equivalent_min": row.moderate_equivalent_min,
                    "resistance_days": row.resistance_days,
                }
                for row in rows
            ]
        )
    else:
        from myorec.render_log import render_trend

        click.echo(render_trend(rows, ids))
