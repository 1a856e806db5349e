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
    """The rule set in use; its problems go to stderr as the lines ``rules check`` prints."""
    from myorec.rulebook import load_rule_set

    return load_rule_set(
        resolve_rules_dir(rules_dir), show=lambda problem: click.echo(str(problem), err=True)
    )


def load_engine(rules_dir: Path | None) -> Engine:
    """Load, validate and compile the rule set in use."""
    from myorec.engine import Engine

    return Engine(load_rules(rules_dir))


def echo_json(data: Any) -> None:
    import json  # only --json output needs it; keep it off every other start-up

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
