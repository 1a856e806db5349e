"""``myorec explain``: how one benefit's score came about, rule by rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from myorec.cli.common import echo_json, load_engine, rules_option
from myorec.cli.logbook import iso_week, logged_week, this_monday
from myorec.routine import Routine, iso_week_label


def _read_week(routine_path: str | None, demo: bool, week: dt.date | None) -> Routine:
    """The week to explain, as a Routine whatever its source: a routine file, the demo week or the log."""
    if routine_path is None and not demo:
        monday = week if week is not None else this_monday()
        sessions, age = logged_week(monday)
        return Routine(tuple(sessions), age, iso_week_label(monday))
    from myorec.cli.report_cmd import DEMO_ROUTINE, read_routine

    return read_routine(str(DEMO_ROUTINE) if demo else str(routine_path))


@click.command()
@click.argument("benefit_id", metavar="BENEFIT")
@click.option(
    "--routine",
    "routine_path",
    metavar="FILE",
    help="A routine file (TOML) holding the week; '-' reads stdin.",
)
@click.option("--demo", is_flag=True, help="Explain the bundled example week.")
@click.option(
    "--week",
    type=iso_week,
    metavar="YYYY-Www",
    help="A logged ISO week, e.g. 2026-W48 (default: this week's log).",
)
@rules_option
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as one JSON object.")
def explain(
    benefit_id: str,
    routine_path: str | None,
    demo: bool,
    week: dt.date | None,
    rules_dir: Path | None,
    as_json: bool,
) -> None:
    """Explain one benefit's score for a week, rule by rule.

    For each rule of BENEFIT: every condition's actual value against its
    threshold, met or not, the progress and points earned, the evidence, and
    what would close the gap. Without --routine or --demo, the week comes from
    the activity log (this ISO week unless --week says otherwise).

    \b
    Examples:
      myorec explain bone
      myorec explain bone --week 2026-W48
      myorec explain bone --demo
      myorec explain heart --routine week.toml --json
      myorec explain brain --demo --rules my-rules
    """
    if sum((routine_path is not None, demo, week is not None)) > 1:
        raise click.UsageError(
            "--routine, --demo and --week are mutually exclusive: choose one week to explain"
        )
    engine = load_engine(rules_dir)
    from myorec.explain import explain_benefit, find_benefit

    find_benefit(engine.rule_set, benefit_id)
    routine = _read_week(routine_path, demo, week)
    result = explain_benefit(engine, benefit_id, routine.sessions, routine.age)
    if as_json:
        from myorec.render_rules import explanation_to_dict

        echo_json(explanation_to_dict(result, routine.week))
    else:
        from myorec.render_rules import render_explanation

        label = f"week {routine.week}" if routine.week else ("the demo week" if demo else "template week")
        click.echo(render_explanation(result, label))
