"""``myorec explain``: how one benefit's score came about, rule by rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from myorec.cli.options import (
    chosen_week,
    complete_benefit_id,
    echo,
    echo_json,
    load_engine,
    output_layout,
    rules_option,
    table_format_option,
    week_options,
)


@click.command()
@click.argument("benefit_id", metavar="[BENEFIT]", required=False, shell_complete=complete_benefit_id)
@week_options
@rules_option
@table_format_option()
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as one JSON object.")
def explain(
    benefit_id: str | None,
    routine_path: str | None,
    demo: bool,
    week: dt.date | None,
    rules_dir: Path | None,
    table_format: str,
    as_json: bool,
) -> None:
    """Explain one benefit's score for a week, rule by rule.

    For each rule of BENEFIT (its id, in any case): every condition's actual
    value against its threshold, met or not, the progress and points earned,
    the evidence, and what would close the gap. Without BENEFIT, list the
    benefits. Without --routine or --demo, the week comes from the activity
    log (this ISO week unless --week says otherwise).

    \b
    Examples:
      myorec explain
      myorec explain bone
      myorec explain bone --week last
      myorec explain bone --demo --format csv
      myorec explain heart --routine week.toml --json
      myorec explain brain --demo --rules my-rules
    """
    if benefit_id is None:
        _list_benefits(rules_dir, as_json)
        return
    chosen, _monday = chosen_week(routine_path, demo, week)
    engine = load_engine(rules_dir)
    from myorec.core.explain import explain_benefit

    result = explain_benefit(engine, benefit_id, chosen.sessions, chosen.profile)
    if as_json:
        from myorec.render.explain import explanation_to_dict

        echo_json(explanation_to_dict(result, chosen.label, chosen.sessions, chosen.profile.heart_rates))
    else:
        from myorec.render.explain import render_explanation

        label = f"week {chosen.label}" if chosen.label else ("the demo week" if demo else "template week")
        from myorec.core.metrics import compute_metrics

        metrics = compute_metrics(chosen.sessions, chosen.profile)
        heart = chosen.profile.heart_rates
        echo(render_explanation(result, label, metrics, output_layout(table_format), chosen.sessions, heart))


def _list_benefits(rules_dir: Path | None, as_json: bool) -> None:
    """The benefits ``explain`` can explain, with their names."""
    benefits = load_engine(rules_dir).rule_set.benefits
    if as_json:
        echo_json([{"id": benefit.id, "name": benefit.name} for benefit in benefits])
        return
    width = max((len(benefit.id) for benefit in benefits), default=0)
    lines = [f"  {benefit.id:<{width}}  {benefit.name}" for benefit in benefits]
    echo("\n".join(["Benefits to explain (myorec explain BENEFIT):", *lines]))
