"""``myorec trend``: benefit scores week by week, to see whether you are keeping it up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from myorec.cli.common import echo_json, load_engine, rules_option
from myorec.cli.logbook import WholeNumber, iso_week, open_log, this_monday

MAX_WEEKS = 520


@click.command()
@click.option(
    "--weeks",
    type=WholeNumber(1, MAX_WEEKS),
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
    from myorec.report import trend_weeks, weekly_trend

    engine = load_engine(rules_dir)
    first, weeks = trend_weeks(until if until is not None else this_monday(), weeks)
    with open_log(create=False) as store:
        entries = store.entries(first, first + dt.timedelta(weeks=weeks, days=-1))
        age = store.profile().age
    rows = weekly_trend(engine, (entry.session for entry in entries), age, first, weeks)
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
