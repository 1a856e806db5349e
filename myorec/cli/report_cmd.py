"""``myorec report``: score one week and say what to add next."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from tabulate import tabulate_formats

from myorec.cli.common import echo_json, load_engine, rules_option
from myorec.cli.logbook import iso_week, logged_week, this_monday
from myorec.routine import Routine, iso_week_label, parse_iso_week, parse_routine
from myorec.tomlfile import read_limited

DEMO_ROUTINE = Path(__file__).resolve().parent.parent / "demo_week.toml"


def read_routine(source: str) -> Routine:
    """A routine from a path, or from standard input when the path is '-'."""
    if source == "-":
        return parse_routine(sys.stdin.buffer.read(), "<stdin>")
    return parse_routine(read_limited(Path(source)), source)


@click.command()
@click.option(
    "--routine",
    "routine_path",
    metavar="FILE",
    help="A routine file (TOML) holding the week; '-' reads stdin.",
)
@click.option("--demo", is_flag=True, help="Report on the bundled example week.")
@click.option(
    "--week",
    type=iso_week,
    metavar="YYYY-Www",
    help="A logged ISO week, e.g. 2026-W48 (default: this week's log).",
)
@rules_option
@click.option(
    "--format",
    "table_format",
    type=click.Choice(tabulate_formats),
    default="rounded_grid",
    show_default=True,
    metavar="FORMAT",
    help="Table style: any tabulate format (plain, simple, github, grid, rounded_grid, html, ...).",
)
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
    if sum((routine_path is not None, demo, week is not None)) > 1:
        raise click.UsageError(
            "--routine, --demo and --week are mutually exclusive: choose one week to report on"
        )
    from myorec.report import build_report

    if routine_path is None and not demo:
        engine = load_engine(rules_dir)
        monday = week if week is not None else this_monday()
        sessions, age = logged_week(monday)
        week_report = build_report(engine, sessions, age, iso_week_label(monday), monday)
    else:
        routine = read_routine(str(DEMO_ROUTINE) if demo else str(routine_path))
        engine = load_engine(rules_dir)
        first_day: dt.date | None = parse_iso_week(routine.week)[0] if routine.week else None
        week_report = build_report(engine, routine.sessions, routine.age, routine.week, first_day)
    if as_json:
        from myorec.render import report_to_dict

        echo_json(report_to_dict(week_report))
    else:
        from myorec.render import render_report

        click.echo(render_report(week_report, table_format))
