"""``myorec report``: score one week and say what to add next."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from tabulate import tabulate_formats

from myorec.cli.common import echo_json, load_engine, rules_option
from myorec.routine import Routine, parse_iso_week, parse_routine
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
    rules_dir: Path | None,
    table_format: str,
    as_json: bool,
) -> None:
    """Score a week against the rules and rank the next steps.

    \b
    Examples:
      myorec report --demo
      myorec report --routine week.toml --json
      cat week.toml | myorec report --routine -
    """
    if routine_path is not None and demo:
        raise click.UsageError("--routine and --demo are mutually exclusive: choose one week to report on")
    if routine_path is None and not demo:
        raise click.UsageError("say which week to report on: --routine FILE or --demo")
    routine = read_routine(str(DEMO_ROUTINE) if demo else str(routine_path))
    engine = load_engine(rules_dir)

    from myorec.report import build_report

    monday: dt.date | None = parse_iso_week(routine.week)[0] if routine.week else None
    week_report = build_report(engine, routine.sessions, routine.age, routine.week, monday)
    if as_json:
        from myorec.render import report_to_dict

        echo_json(report_to_dict(week_report))
    else:
        from myorec.render import render_report

        click.echo(render_report(week_report, table_format))
