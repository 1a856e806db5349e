"""Options and helpers shared by the commands that evaluate rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from myorec.engine import Engine

F = TypeVar("F", bound=Callable[..., Any])


def rules_option(function: F) -> F:
    """``--rules DIR``, else $MYOREC_RULES, else the shipped rule set."""
    return click.option(
        "--rules",
        "rules_dir",
        type=click.Path(path_type=Path),
        envvar="MYOREC_RULES",
        help="Rule folder to use (default: $MYOREC_RULES, else the shipped rules).",
    )(function)


def resolve_rules_dir(rules_dir: Path | None) -> Path:
    from myorec.rulebook import default_rules_dir

    return rules_dir if rules_dir is not None else default_rules_dir()


def load_engine(rules_dir: Path | None) -> Engine:
    """Load, validate and compile the rule set in use."""
    from myorec.engine import Engine
    from myorec.rulebook import load_rule_set

    return Engine(load_rule_set(resolve_rules_dir(rules_dir)))


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
