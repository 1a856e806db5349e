"""The ``myorec`` command group: a thin click layer over the library.

Sub-commands live in their own modules and are imported only when invoked
(or listed by ``--help``), so ``myorec log add`` never pays for pydantic rule
models or tabulate. Every :class:`~myorec.errors.MyorecError` is turned into
click's one-line ``Error: ...`` with exit status 1 here, in one place;
``MYOREC_DEBUG=1`` lets it through with its traceback instead.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

import click

from myorec import __version__
from myorec.errors import MyorecError

#: command name -> "module:attribute", loaded on first use.
COMMANDS: dict[str, str] = {
    "report": "myorec.cli.report_cmd:report",
    "log": "myorec.cli.log_cmd:log",
    "profile": "myorec.cli.profile_cmd:profile",
    "trend": "myorec.cli.trend_cmd:trend",
    "rules": "myorec.cli.rules_cmd:rules",
    "explain": "myorec.cli.explain_cmd:explain",
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on demand and whose errors are translated."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy_commands.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MyorecError as exc:
            if os.environ.get("MYOREC_DEBUG"):
                raise
            raise click.ClickException(str(exc)) from None


@click.group(cls=LazyGroup, lazy_commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="myorec", message="%(prog)s %(version)s")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    envvar="MYOREC_DB",
    help="Activity log database (default: $MYOREC_DB, else myorec.db in your user data folder).",
)
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """Turn a week of exercise into an explained report of myokine-mediated benefits.

    \b
    Quick start:
      myorec report --demo                 a bundled example week
      myorec report --routine week.toml    your own week, written in TOML
    """
    ctx.obj = {"db_path": db_path}


def main() -> None:
    cli(prog_name="myorec")
