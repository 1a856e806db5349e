"""``myorec profile``: what myorec knows about you (today: your age, for the ``age`` metric)."""

from __future__ import annotations

import click

from myorec.cli.options import WholeNumber, after_change, db_option, echo, echo_json, log_db


@click.group()
def profile() -> None:
    """Your profile (age), kept in the activity log.

    Reports from the log and trends use it.

    \b
    Examples:
      myorec profile set --age 52
      myorec profile show
    """


@profile.command("set")
@click.option(
    "--age", type=WholeNumber(), required=True, help="Your age in years (1-120); feeds the 'age' metric."
)
@db_option
def set_profile(age: int) -> None:
    """Store your age.

    \b
    Example:
      myorec profile set --age 52
    """
    from myorec.app.log import set_profile as store

    stored = store(log_db(), age=age)
    with after_change("the age was stored"):
        echo(f"Age set to {stored.age}.")


@profile.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the profile as a JSON object.")
@db_option
def show_profile(as_json: bool) -> None:
    """Show the stored profile.

    \b
    Example:
      myorec profile show --json
    """
    from myorec.app.log import profile as stored

    age = stored(log_db()).age
    if as_json:
        echo_json({"age": age})
    else:
        echo(f"age: {age}" if age is not None else "age: not set (myorec profile set --age N)")
