"""``myorec profile``: what myorec knows about you: age, heart rates and time zone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from myorec.cli.options import WholeNumber, after_change, db_option, echo, echo_json, log_db

F = TypeVar("F", bound=Callable[..., Any])

#: The profile's options, as a usage error lists them.
_ONE_OF = "--age, --resting-hr, --max-hr or --timezone"


@click.group()
def profile() -> None:
    """Your age, heart rates and time zone, kept in the activity log.

    Reports and trends use the age; heart rates judge how hard imported and
    logged sessions were; imports put start times in your time zone.

    \b
    Examples:
      myorec profile set --age 52 --resting-hr 58
      myorec profile show --json
    """


def _options(function: F) -> F:
    for decorator in reversed(
        (
            click.option(
                "--age",
                type=WholeNumber(),
                help="Your age in years (5-120): the 'age' metric; estimates max HR.",
            ),
            click.option(
                "--resting-hr",
                type=WholeNumber(),
                metavar="BPM",
                help="Resting heart rate (30-120): heart-rate reserve bands need it.",
            ),
            click.option(
                "--max-hr",
                type=WholeNumber(),
                metavar="BPM",
                help="Measured maximum heart rate (100-250); else estimated from age.",
            ),
            click.option(
                "--timezone",
                metavar="ZONE",
                help="IANA time zone for imported start times, e.g. Europe/Berlin (default: this machine's).",
            ),
        )
    ):
        function = decorator(function)
    return function


@profile.command("set")
@_options
@db_option
def set_profile(**given: Any) -> None:
    """Store profile fields; the others stay as they are.

    \b
    Examples:
      myorec profile set --age 52
      myorec profile set --resting-hr 58 --max-hr 181 --timezone America/Los_Angeles
    """
    fields = {name: value for name, value in given.items() if value is not None}
    if not fields:
        raise click.UsageError(f"give at least one of {_ONE_OF}")
    _store(fields)


@profile.command("unset")
@click.option("--age", is_flag=True, help="Forget your age.")
@click.option("--resting-hr", is_flag=True, help="Forget your resting heart rate.")
@click.option("--max-hr", is_flag=True, help="Forget your measured maximum (it is estimated from age again).")
@click.option("--timezone", is_flag=True, help="Forget your time zone (imports use this machine's).")
@db_option
def unset_profile(**given: bool) -> None:
    """Forget profile fields.

    \b
    Example:
      myorec profile unset --max-hr
    """
    fields = {name: None for name, chosen in given.items() if chosen}
    if not fields:
        raise click.UsageError(f"give at least one of {_ONE_OF}")
    _store(fields)


def _store(fields: dict[str, Any]) -> None:
    from myorec.app.log import set_profile as store
    from myorec.formats.zones import zone_name
    from myorec.render.profile import render_profile

    stored = store(log_db(), **fields)
    with after_change("the profile was stored"):
        echo(render_profile(stored, zone_name(stored)))


@profile.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the profile as a JSON object.")
@db_option
def show_profile(as_json: bool) -> None:
    """Show the stored profile, and where the maximum heart rate comes from.

    \b
    Example:
      myorec profile show --json
    """
    from myorec.app.log import profile as stored_profile
    from myorec.formats.zones import zone_name

    stored = stored_profile(log_db())
    if as_json:
        from myorec.render.profile import profile_to_dict

        echo_json(profile_to_dict(stored, zone_name(stored)))
    else:
        from myorec.render.profile import render_profile

        echo(render_profile(stored, zone_name(stored)))
