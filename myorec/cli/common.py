"""Options and helpers shared by commands: rule folders, table formats and JSON output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from myorec.engine import Engine
    from myorec.ruleset import RuleSet

F = TypeVar("F", bound=Callable[..., Any])


def _rule_folder(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """The folder ``--rules`` or $MYOREC_RULES names; ``~`` is expanded.

    A quoted ``MYOREC_RULES='~/rules'`` reaches us as written, and an empty
    ``--rules ''`` would otherwise mean the current folder.
    """
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("give a rule folder, not an empty path", ctx, param)
    return Path(value).expanduser()


def rules_option(function: F) -> F:
    """``--rules DIR``, else $MYOREC_RULES, else the shipped rule set."""
    return click.option(
        "--rules",
        "rules_dir",
        envvar="MYOREC_RULES",
        metavar="DIR",
        callback=_rule_folder,
        help="Rule folder to use (default: $MYOREC_RULES, else the shipped rules).",
    )(function)


#: The table style of ``--format`` when none is given.
DEFAULT_TABLE_FORMAT = "rounded_grid"


def _known_table_format(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Check ``--format`` against tabulate's own list, importing tabulate only when a format is given.

    A ``click.Choice`` would need that list, and so tabulate, as the command is
    defined: every ``--json`` run would import it for nothing.
    """
    if value != DEFAULT_TABLE_FORMAT:
        from tabulate import tabulate_formats

        if value not in tabulate_formats:
            raise click.BadParameter(f"choose one of {', '.join(tabulate_formats)}", ctx, param)
    return value


def _complete_table_format(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from tabulate import tabulate_formats

    return [name for name in tabulate_formats if name.startswith(incomplete)]


def table_format_option(function: F) -> F:
    """``--format FORMAT``: the table style of a command that prints a tabulate table."""
    return click.option(
        "--format",
        "table_format",
        default=DEFAULT_TABLE_FORMAT,
        callback=_known_table_format,
        shell_complete=_complete_table_format,
        show_default=True,
        metavar="FORMAT",
        help="Table style: any tabulate format (plain, simple, github, grid, rounded_grid, html, ...).",
    )(function)


def from_environment(ctx: click.Context, name: str) -> bool:
    """Whether option ``name`` of ``ctx`` took its value from its environment variable."""
    return ctx.get_parameter_source(name) is click.core.ParameterSource.ENVIRONMENT


def resolve_rules_dir(rules_dir: Path | None) -> Path:
    """The rule folder in use: ``--rules``, else $MYOREC_RULES, else the shipped one; it must exist.

    A $MYOREC_RULES folder that does not exist is named as coming from there:
    a relative one works from one directory only, which is easy to forget.
    """
    from myorec.paths import default_rules_dir

    if rules_dir is None:
        return default_rules_dir()
    if not rules_dir.is_dir():
        from myorec.errors import InputError

        problem = "not a folder" if rules_dir.exists() else "rule folder does not exist"
        if from_environment(click.get_current_context(), "rules_dir"):
            problem += " (named by MYOREC_RULES)"
        raise InputError(f"{rules_dir}: {problem}")
    return rules_dir


def load_rules(folder: Path) -> RuleSet:
    """The rule set in ``folder``; its problems go to stderr as the lines ``rules check`` prints."""
    from myorec.rulebook import load_rule_set

    return load_rule_set(folder, show=lambda problem: click.echo(str(problem), err=True))


def load_engine(rules_dir: Path | None) -> Engine:
    """Load, validate and compile the rule set in use."""
    from myorec.engine import Engine

    return Engine(load_rules(resolve_rules_dir(rules_dir)))


def echo_json(data: Any) -> None:
    import json  # only --json output needs it; keep it off every other start-up

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))
