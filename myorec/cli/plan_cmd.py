"""``myorec plan``: the week of fewest minutes that reaches the targets, in the days you have."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from myorec.cli.options import (
    WholeNumber,
    db_option,
    echo,
    echo_json,
    load_engine,
    log_db,
    output_layout,
    rules_option,
    table_format_option,
)

#: The longest --max-per-day and --budget: a day's and a week's minutes.
DAY_MINUTES, WEEK_MINUTES = 1440, 7 * 1440


def _words(value: str) -> list[str]:
    return [word.strip() for word in value.split(",") if word.strip()]


def _days(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[Any, ...] | None:
    """``--days mon,wed,sat``: weekday names (or their first three letters or more), any case."""
    if value is None:
        return None
    from myorec.core.calendar import DAYS, parse_weekday
    from myorec.core.text import shown, suggest

    days = []
    for word in _words(value) or [value]:
        day = parse_weekday(word)
        if day is None:
            raise click.BadParameter(
                f"unknown day {shown(word)}{suggest(word.lower(), [d.value for d in DAYS])}; "
                "give days as mon,tue,...,sun",
                ctx,
                param,
            )
        days.append(day)
    return tuple(day for day in DAYS if day in days)


def _one_of(word: str, names: tuple[str, ...], noun: str, ctx: click.Context, param: click.Parameter) -> str:
    """``word`` as one of ``names`` in any case, else a usage error suggesting the closest."""
    from myorec.core.text import shown, suggest

    name = word.strip().lower()
    if name not in names:
        raise click.BadParameter(
            f"unknown {noun} {shown(word)}{suggest(name, names)}; choose from {', '.join(names)}", ctx, param
        )
    return name


def _kinds(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    from myorec.core.plan import PLAN_KINDS

    return frozenset(_one_of(word, PLAN_KINDS, "kind", ctx, param) for word in _words(value) or [value])


def _level(word: str, ctx: click.Context, param: click.Parameter) -> str:
    from myorec.core.plan import LEVEL_ORDER

    return _one_of(word, LEVEL_ORDER, "level", ctx, param)


def _targets(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str | None, dict[str, str]]:
    """``--target LEVEL`` (once) and ``--target BENEFIT=LEVEL`` (any number): levels checked here,
    benefit ids once the rules are loaded."""
    every: str | None = None
    one: dict[str, str] = {}
    for item in value:
        if "=" in item:
            benefit, _, level = item.partition("=")
            one[benefit.strip()] = _level(level, ctx, param)
        elif every is not None:
            raise click.BadParameter(
                "give one LEVEL for every benefit, then BENEFIT=LEVEL for others", ctx, param
            )
        else:
            every = _level(item, ctx, param)
    return every, one


@click.command()
@click.option(
    "--days",
    callback=_days,
    metavar="DAYS",
    help="Days the plan may use, e.g. mon,wed,sat (default: every day; with --rest-of-week, those ahead).",
)
@click.option(
    "--max-per-day",
    type=WholeNumber(10, DAY_MINUTES),
    default=60,
    show_default=True,
    metavar="MINUTES",
    help="Most minutes a day in all (10 or more).",
)
@click.option(
    "--budget",
    type=WholeNumber(10, WEEK_MINUTES),
    metavar="MINUTES",
    help="Plan the best week within this many minutes (10 or more: the shortest session), "
    "instead of the fewest minutes for the targets.",
)
@click.option(
    "--target",
    "targets",
    multiple=True,
    callback=_targets,
    metavar="LEVEL|BENEFIT=LEVEL",
    help="Target level for every benefit (default: moderate), or for one (repeatable); "
    "levels: none, low, moderate, strong (none: no target).",
)
@click.option(
    "--kinds",
    callback=_kinds,
    metavar="KINDS",
    help="Kinds of session to plan: aerobic, resistance, mobility, impact (default: all).",
)
@click.option("--no-vigorous", is_flag=True, help="Plan no vigorous session.")
@click.option(
    "--age", type=WholeNumber(5, 120), help="Age in years (default: the routine's or the log's profile)."
)
@click.option("--rest-of-week", is_flag=True, help="Add to this week as logged, on the days still ahead.")
@click.option("--routine", "routine_path", metavar="FILE", help="Add to this routine file; '-' reads stdin.")
@db_option
@rules_option
@click.option(
    "-o",
    "--output",
    metavar="FILE",
    help="Also write the planned week as a routine file; '-' prints the routine instead of the table.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the plan as one JSON object.")
@table_format_option()
def plan(
    days: tuple[Any, ...] | None,
    max_per_day: int,
    budget: int | None,
    targets: tuple[str | None, dict[str, str]],
    kinds: frozenset[str] | None,
    no_vigorous: bool,
    age: int | None,
    rest_of_week: bool,
    routine_path: str | None,
    rules_dir: Path | None,
    output: str | None,
    as_json: bool,
    table_format: str,
) -> None:
    """Plan the week of fewest minutes that reaches your targets.

    Sessions are 10 minutes or more in 5-minute steps, at most one of each
    kind a day; resistance never on two days in a row, at most two vigorous
    days, and no vigorous or impact work while the week (the log's current
    one, or the routine) is an inactive one. A target out of reach is named,
    with why, beside the closest plan found.

    \b
    Examples:
      myorec plan
      myorec plan --days mon,wed,sat --max-per-day 45
      myorec plan --rest-of-week --json
      myorec plan --budget 120 --target bone=strong
      myorec plan --routine week.toml -o planned.toml
    """
    if rest_of_week and routine_path is not None:
        raise click.UsageError(
            "--rest-of-week and --routine are mutually exclusive: choose one starting point"
        )
    if output is not None and not output.strip():
        raise click.BadParameter("give a file name, or '-' for standard output", param_hint="'-o'")
    if output == "-" and as_json:
        raise click.UsageError("-o - and --json both print to standard output: choose one")
    engine = load_engine(rules_dir)
    every, one = targets
    from myorec.core.explain import find_benefit
    from myorec.errors import NotFoundError

    named = {}
    for benefit, level in one.items():
        try:
            named[find_benefit(engine.rule_set, benefit).id] = level
        except NotFoundError as exc:
            raise click.BadParameter(str(exc), param_hint="'--target'") from None
    from myorec.app.plan import starting_point
    from myorec.core.plan import DEFAULT_TARGET, PLAN_KINDS, PlanOptions, make_plan, plan_days

    db = log_db() if routine_path is None else None
    start = starting_point(routine_path, rest_of_week, age, db, dt.date.today())
    options = PlanOptions(
        days=days,
        max_per_day=max_per_day,
        budget=budget,
        target=every or DEFAULT_TARGET,
        targets=named,
        kinds=kinds if kinds is not None else frozenset(PLAN_KINDS),
        no_vigorous=no_vigorous,
    )
    if not plan_days(options, start):
        raise click.UsageError("none of the days given is still ahead this week; choose days from today on")
    planned = make_plan(engine, options, start)
    if output is not None:
        from myorec.app.plan import plan_routine, write_routine

        text = plan_routine(planned)
        if output == "-":
            click.echo(text, nl=False)
            return
        write_routine(output, text, db)
    if as_json:
        from myorec.render.plan import plan_to_dict

        echo_json(plan_to_dict(planned))
    else:
        from myorec.render.plan import render_plan

        echo(render_plan(planned, output_layout(table_format), kept_in=output))
