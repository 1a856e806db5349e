"""``myorec explain``: how one benefit's score came about, rule by rule."""

from __future__ import annotations

from pathlib import Path

import click

from myorec.cli.common import echo_json, load_engine, rules_option
from myorec.routine import Routine


def _read_week(routine_path: str | None, demo: bool) -> Routine:
    """The week to explain, as a Routine whatever its source (routine file or the demo week)."""
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
@rules_option
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as one JSON object.")
def explain(
    benefit_id: str, routine_path: str | None, demo: bool, rules_dir: Path | None, as_json: bool
) -> None:
    """Explain one benefit's score for a week, rule by rule.

    For each rule of BENEFIT: every condition's actual value against its
    threshold, met or not, the progress and points earned, the evidence, and
    what would close the gap.

    \b
    Examples:
      myorec explain bone --demo
      myorec explain heart --routine week.toml --json
      myorec explain brain --demo --rules my-rules
    """
    if routine_path is not None and demo:
        raise click.UsageError("--routine and --demo are mutually exclusive: choose one week to explain")
    if routine_path is None and not demo:
        raise click.UsageError("say which week to explain: --routine FILE or --demo")
    engine = load_engine(rules_dir)
    from myorec.explain import explain_benefit, find_benefit

    find_benefit(engine.rule_set, benefit_id)
    routine = _read_week(routine_path, demo)
    result = explain_benefit(engine, benefit_id, routine.sessions, routine.age)
    if as_json:
        from myorec.render_rules import explanation_to_dict

        echo_json(explanation_to_dict(result, routine.week))
    else:
        from myorec.render_rules import render_explanation

        label = f"week {routine.week}" if routine.week else ("the demo week" if demo else "template week")
        click.echo(render_explanation(result, label))
