"""The ``myorec`` command group: a thin click layer over the application layer.

One rule keeps start-up fast without tricks: a command module imports only
click and :mod:`myorec.cli.options` at top level, and each command body
imports what it uses. So importing every command to list them in ``--help``
costs next to nothing, and a command loads only its own work. Every
:class:`~myorec.errors.MyorecError` is turned into click's one-line ``Error: ...``
with exit status 1 here, in one place, with what only the CLI can add (which
option to change); ``MYOREC_DEBUG=1`` lets it through with its traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from myorec import __version__
from myorec.cli.cohort_cmd import cohort
from myorec.cli.explain_cmd import explain
from myorec.cli.log_cmd import log
from myorec.cli.options import DB_HELP, fall_back_to_ascii, from_environment
from myorec.cli.profile_cmd import profile
from myorec.cli.report_cmd import report
from myorec.cli.rules_cmd import rules
from myorec.cli.trend_cmd import trend
from myorec.errors import MyorecError, ProblemsError, StoreError


class MyorecGroup(click.Group):
    """The top-level group: click's, with every error a user can meet turned into one line."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """click's main, with every error a user can meet turned into one ``Error:`` line (exit 1).

        Here rather than around the command alone, so that --help into a full
        disk is caught too. click itself already handles its usage errors
        (exit 2) and a closed pipe; ``MYOREC_DEBUG=1`` lets the traceback through.
        """
        fall_back_to_ascii()
        try:
            return super().main(*args, **kwargs)
        except (MyorecError, OSError, UnicodeError) as exc:
            if os.environ.get("MYOREC_DEBUG") or not kwargs.get("standalone_mode", True):
                raise
            if isinstance(exc, OSError) and exc.filename is None:
                _silence_stdout()  # the failed write was the output: don't fail again flushing it at exit
            from myorec.core.text import printable

            if isinstance(exc, ProblemsError):
                for problem in exc.problems:
                    click.echo(printable(error_message(problem)), err=True)
            click.echo(f"Error: {printable(error_message(exc))}", err=True)
            sys.exit(1)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, then write out what output is still buffered, while its error can be caught.

        Output to a file or pipe is block-buffered; the last of it would
        otherwise be written as Python exits, which reports a failure (a full
        disk) as status 120 with a traceback-like message.
        """
        result = super().invoke(ctx)
        if sys.stdout is not None:
            sys.stdout.flush()
        return result


#: How a log myorec will not open can be replaced, in the CLI's words.
_REMEDIES = {
    "use another": ". Give another file with --db or MYOREC_DB",
    "name a file": "; --db and MYOREC_DB name a database file",
}


def error_message(exc: MyorecError | OSError | UnicodeError) -> str:
    """One line for an error: ours say everything; the system's name their file when they know it.

    The system's are the errors no check foresaw (a disk full, a name too
    long, text an encoding cannot hold): still one line, never a traceback.
    """
    if isinstance(exc, StoreError) and exc.remedy is not None:
        return f"{exc}{_REMEDIES[exc.remedy]}"
    if isinstance(exc, MyorecError):
        return str(exc)
    done = "; ".join(
        getattr(exc, "__notes__", ())
    )  # what was done before it failed (cli.options.after_change)
    return f"{_system_error(exc)} ({done})" if done else _system_error(exc)


def _system_error(exc: OSError | UnicodeError) -> str:
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
        from myorec.core.text import shown

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
    cls=MyorecGroup,
    commands=[cohort, explain, log, profile, report, rules, trend],
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", prog_name="myorec", message="%(prog)s %(version)s")
@click.option(
    "--db",
    "db_path",
    # Checked when a command opens the log (cli.options.log_db), naming --db or MYOREC_DB;
    # the commands that use the log take --db after their name too (cli.options.db_option).
    envvar="MYOREC_DB",
    metavar="PATH",
    help=DB_HELP,
)
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """Turn a week of exercise into an explained report of myokine-mediated benefits.

    \b
    Quick start:
      myorec report --demo                 a bundled example week
      myorec report --routine week.toml    your own week, written in TOML
    """
    ctx.obj = {"db_path": db_path, "db_from_env": from_environment(ctx, "db_path")}


def main() -> None:
    cli(prog_name="myorec")
