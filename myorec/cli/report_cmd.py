"""``myorec report``: score one week and say what to add next."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from myorec.cli.options import (
    chosen_week,
    echo,
    echo_json,
    html_option,
    load_engine,
    log_db,
    one_output,
    output_layout,
    rules_option,
    table_format_option,
    week_options,
    write_page,
)


@click.command()
@week_options
@rules_option
@table_format_option()
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@html_option
def report(
    routine_path: str | None,
    demo: bool,
    week: dt.date | None,
    rules_dir: Path | None,
    table_format: str,
    as_json: bool,
    html_page: str | None,
) -> None:
    """Score a week against the rules and rank the next steps.

    Without --routine or --demo, the week comes from the activity log
    (this ISO week unless --week says otherwise).

    \b
    Examples:
      myorec report
      myorec report --week 2026-W48
      myorec report --demo
      myorec report --routine week.toml --json
      myorec report --week 2026-W48 --html week.html
      cat week.toml | myorec report --routine -
    """
    one_output(as_json, html_page)
    chosen, _monday = chosen_week(routine_path, demo, week)
    engine = load_engine(rules_dir)
    from myorec.core.report import build_report

    today = dt.date.today()
    week_report = build_report(engine, chosen, today)
    if html_page is not None:
        from myorec.render.pages.week import week_page

        reads_log = routine_path is None and not demo
        write_page(week_page(week_report, chosen), html_page, log_db() if reads_log else None)
    elif as_json:
        from myorec.render.report import report_to_dict

        echo_json(report_to_dict(week_report))
    else:
        from myorec.render.report import render_report

        echo(render_report(week_report, output_layout(table_format)))
