"""The ``myorec`` command group: a thin click layer over the library.

Sub-commands live in their own modules and are imported only when invoked,
so ``myorec log add`` never pays for pydantic rule models or tabulate, and
``myorec --help`` lists them from :data:`SUMMARIES` without importing any
(a test keeps each summary equal to its command's own short help). Every
:class:`~myorec.errors.MyorecError` is turned into click's one-line
``Error: ...`` with exit status 1 here, in one place;
``MYOREC_DEBUG=1`` lets it through with its traceback instead.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
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

#: command name -> the first line of its help, shown by ``myorec --help`` without importing it.
SUMMARIES: dict[str, str] = {
    "report": "Score a week against the rules and rank the next steps.",
    "log": "Log sessions: add, list, edit, rm, import, export.",
    "profile": "Your profile (age), kept in the activity log.",
    "trend": "Benefit scores week by week, from the log.",
    "rules": "Inspect, copy, check and test rule sets.",
    "explain": "Explain one benefit's score for a week, rule by rule.",
}


#: Called once the sub-command is imported, before it runs: the console script ends its
#: collector-free start-up there (see :mod:`myorec.__main__`).
on_command_loaded: Callable[[], None] | None = None


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on demand and whose errors are translated."""

    def __init__(
        self,
        *args: Any,
        lazy_commands: dict[str, str] | None = None,
        summaries: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands or {}
        self.summaries = summaries or {}

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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's command list, but a summarised command is not imported to describe it."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            summary = self.summaries.get(name)
            # A bare Command shortens the summary exactly as the real one would its help.
            command = click.Command(name, help=summary) if summary else self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """click's main, with every error a user can meet turned into one ``Error:`` line (exit 1).

        Here rather than around the command alone, so that --help into a full
        disk is caught too. click itself already handles its usage errors
        (exit 2) and a closed pipe; ``MYOREC_DEBUG=1`` lets the traceback through.
        """
        try:
            return super().main(*args, **kwargs)
        except (MyorecError, OSError, UnicodeError) as exc:
            if os.environ.get("MYOREC_DEBUG") or not kwargs.get("standalone_mode", True):
                raise
            if isinstance(exc, OSError) and exc.filename is None:
                _silence_stdout()  # the failed write was the output: don't fail again flushing it at exit
            click.echo(f"Error: {error_message(exc)}", err=True)
            sys.exit(1)


def error_message(exc: Exception) -> str:
    """One line for an error: ours say everything; the system's name their file when they know it.

    The system's are the errors no check foresaw (a disk full, a name too
    long, text an encoding cannot hold): still one line, never a traceback.
    """
    if isinstance(exc, MyorecError):
        return str(exc)
    if isinstance(exc, UnicodeEncodeError) and exc.encoding.replace("-", "").lower() != "utf8":
        return (
            f"the output's encoding ({exc.encoding}) cannot show a character of it; "
            "use a UTF-8 locale or set PYTHONIOENCODING=utf-8"
        )
    if isinstance(exc, UnicodeError):
        return "an argument or file name is not valid UTF-8 text"
    assert isinstance(exc, OSError)
    reason = exc.strerror or str(exc)
    if exc.filename is not None:
        from myorec.models import shown

        return f"{shown(os.fsdecode(exc.filename))}: {reason}"
    return f"cannot write the output: {reason}"


def _silence_stdout() -> None:
    """Point standard output at the null device, so the exit does not fail again flushing it."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's capture): nothing is left to flush there


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    summaries=SUMMARIES,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", prog_name="myorec", message="%(prog)s %(version)s")
@click.option(
    "--db",
    "db_path",
    # Checked when a command opens the log (cli.logbook.db_path), naming --db or MYOREC_DB.
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
    # click runs this after importing the sub-command and before running it.
    if on_command_loaded is not None:
        on_command_loaded()


def main() -> None:
    cli(prog_name="myorec")
