"""Options and helpers shared by the commands that evaluate rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from myorec.engine import Engine
    from myorec.ruleset import RuleSet

F = TypeVar("F", bound=Callable[..., Any])


def rules_option(function: F) -> F:
    """``--rules DIR``, else $MYOREC_RULES, else the shipped rule set."""
    return click.option(
        "--rules",
        "rules_dir",
        type=click.Path(path_type=Path),
        envvar="MYOREC_RULES",
        metavar="DIR",
        help="Rule folder to use (default: $MYOREC_RULES, else the shipped rules).",
    )(function)


def resolve_rules_dir(rules_dir: Path | None) -> Path:
    from myorec.paths import default_rules_dir

    return rules_dir if rules_dir is not None else default_rules_dir()


def load_rules(rules_dir: Path | None) -> RuleSet:
    """Load and validate the rule set in use, showing what ``rules check`` would show.

    Every problem goes to stderr as one ``FILE: rule ID: message`` line, the same
    lines ``myorec rules check`` prints, then one ``Error:`` line (a lone error is
    that line itself); warnings alone do not stop the command.
    """
    from myorec.errors import RuleSetError
    from myorec.rulebook import check_rule_set, count_summary

    folder = resolve_rules_dir(rules_dir)
    check = check_rule_set(folder)
    if len(check.errors) == 1:
        for problem in check.warnings:
            click.echo(str(problem), err=True)
        raise RuleSetError([str(check.errors[0])])
    for problem in check.problems:
        click.echo(str(problem), err=True)
    if check.rule_set is None:
        raise RuleSetError([f"invalid rule set: {count_summary(check.problems)} in {folder} (listed above)"])
    return check.rule_set


def load_engine(rules_dir: Path | None) -> Engine:
    """Load, validate and compile the rule set in use."""
    from myorec.engine import Engine

    return Engine(load_rules(rules_dir))


def echo_json(data: Any) -> None:
    import json  # only --json output needs it; keep it off every other start-up

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
