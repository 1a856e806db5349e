"""``myorec trend``: benefit scores week by week, to see whether you are keeping it up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from myorec.cli.options import (
    WEEK_FORMS,
    WholeNumber,
    db_option,
    echo,
    echo_json,
    html_option,
    load_engine,
    log_db,
    one_output,
    output_layout,
    rules_option,
    table_format_option,
    week_start,
    write_page,
)

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
    "--until",
    type=week_start,
    metavar="WEEK",
    help=f"Last week shown: {WEEK_FORMS} (default: this week).",
)
@rules_option
@table_format_option(default="simple")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of weeks, oldest first.")
@html_option
@db_option
def trend(
    weeks: int,
    until: dt.date | None,
    rules_dir: Path | None,
    table_format: str,
    as_json: bool,
    html_page: str | None,
) -> None:
    """Benefit scores week by week, from the log.

    One row per ISO week, one column per benefit's score, plus
    moderate-equivalent minutes and resistance days, and a sparkline per
    benefit underneath.

    \b
    Examples:
      myorec trend
      myorec trend --weeks 12 --until 2026-W48 --json
      myorec trend --weeks 52 --html year.html
    """
    one_output(as_json, html_page)
    from myorec.app.log import logged_weeks, this_monday
    from myorec.core.trend import trend_weeks, weekly_trend

    engine = load_engine(rules_dir)
    first, weeks = trend_weeks(until if until is not None else this_monday(), weeks)
    db = log_db()
    sessions, profile, first_logged = logged_weeks(db, first, weeks)
    rows = weekly_trend(engine, sessions, profile, first, weeks, dt.date.today(), first_logged)
    if html_page is not None:
        from myorec.core.metrics import compute_metrics
        from myorec.render.pages.trend import trend_page

        confidences = engine.confidences(compute_metrics((), profile))
        page = trend_page(rows, engine.rule_set.benefits, confidences)
        write_page(page, html_page, db)
    elif as_json:
        from myorec.render.trend import trend_to_list

        echo_json(trend_to_list(rows, engine.benefit_ids))
    else:
        from myorec.render.trend import render_trend

        echo(render_trend(rows, engine.benefit_ids, output_layout(table_format)))
