"""``myorec report``: score one week and say what to add next."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from myorec.cli.common import echo_json, load_engine, rules_option, table_format_option
from myorec.cli.weeks import read_week, week_options


@click.command()
@week_options
@rules_option
@table_format_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
def report(
    routine_path: str | None,
    demo: bool,
    week: dt.date | None,
    rules_dir: Path | None,
    table_format: str,
    as_json: bool,
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
      cat week.toml | myorec report --routine -
    """
    routine, monday = read_week(routine_path, demo, week)
    engine = load_engine(rules_dir)
    from myorec.report import build_report

    week_report = build_report(engine, routine.sessions, routine.age, routine.week, monday, dt.date.today())
    if as_json:
        from myorec.render import report_to_dict

        echo_json(report_to_dict(week_report))
    else:
        import shutil

        from myorec.render import render_report

        width = shutil.get_terminal_size(fallback=(0, 0)).columns
        click.echo(render_report(week_report, table_format, width or None))
