"""What commands share: options (rule folder, table style, log, ISO weeks), their checks, and output.

Command modules import only click and this module at top level; each command
body imports what it uses, so a command loads only its own work and
``myorec --help`` loads none. Messages that name an option or environment
variable are worded here, from the application layer's errors.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from myorec.errors import MyorecError

if TYPE_CHECKING:
    from myorec.core.engine import Engine
    from myorec.core.ruleset import RuleSet
    from myorec.core.week import Week

    # click 8.5 made ParamType generic; subscripting it would fail on older clicks at run time.
    _IntType = click.ParamType[int, Any]
else:
    _IntType = click.ParamType

F = TypeVar("F", bound=Callable[..., Any])


class WholeNumber(_IntType):
    """A whole number written in ASCII digits, optionally within ``low..high``.

    click's INT takes whatever ``int()`` takes, so ``log rm 1_0`` removed entry
    10 and ``--age ５２`` (full-width digits) stored 52; a number here is what
    it looks like.
    """

    name = "integer"

    def __init__(self, low: int | None = None, high: int | None = None) -> None:
        self.low = low
        self.high = high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not _WHOLE.fullmatch(text):
            self.fail(f"{value!r} is not a whole number", param, ctx)
        number = int(text)
        too_low = self.low is not None and number < self.low
        if too_low or (self.high is not None and number > self.high):
            bounds = "<=".join(str(bound) for bound in (self.low, "x", self.high) if bound is not None)
            self.fail(f"{number} is not in the range {bounds}.", param, ctx)
        return number


_WHOLE = re.compile(r"[+-]?[0-9]+")


def iso_week(value: str | dt.date) -> dt.date:
    """``YYYY-Www`` -> the Monday of that ISO week; click turns the ValueError into a usage error."""
    if isinstance(value, dt.date):
        return value
    from myorec.core.calendar import parse_iso_week

    try:
        return parse_iso_week(value)[0]
    except MyorecError as exc:
        raise ValueError(str(exc)) from None


def from_environment(ctx: click.Context, name: str) -> bool:
    """Whether option ``name`` of ``ctx`` took its value from its environment variable."""
    return ctx.get_parameter_source(name) is click.core.ParameterSource.ENVIRONMENT


# -- the rule folder -------------------------------------------------------------------


def rule_folder(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """The folder ``--rules``, $MYOREC_RULES or a ``rules`` command's DIR names; ``~`` is expanded.

    A quoted ``MYOREC_RULES='~/rules'`` reaches us as written, and an empty
    ``--rules ''`` would otherwise mean the current folder.
    """
    if value is None:
        return None
    if not value.strip():
        raise click.BadParameter("give a rule folder, not an empty path", ctx, param)
    return Path(value).expanduser()


def new_rule_folder(ctx: click.Context, param: click.Parameter, value: str) -> Path | None:
    """The folder ``rules init`` writes to: as :func:`rule_folder`, and ``-`` (standard output) is none."""
    if value.strip() == "-":
        raise click.BadParameter("'-' is not a folder name", ctx, param)
    return rule_folder(ctx, param, value)


def rules_option(function: F) -> F:
    """``--rules DIR``, else $MYOREC_RULES, else the shipped rule set."""
    return click.option(
        "--rules",
        "rules_dir",
        envvar="MYOREC_RULES",
        metavar="DIR",
        callback=rule_folder,
        help="Rule folder to use (default: $MYOREC_RULES, else the shipped rules).",
    )(function)


def rules_in_use(rules_dir: Path | None) -> Path:
    """The rule folder in use, which must exist; one named by $MYOREC_RULES says so.

    A relative $MYOREC_RULES works from one directory only, which is easy to forget.
    """
    from myorec.app.rules import MissingRuleFolderError, rules_dir_in_use

    try:
        return rules_dir_in_use(rules_dir)
    except MissingRuleFolderError as exc:
        if from_environment(click.get_current_context(), "rules_dir"):
            exc.reason += " (named by MYOREC_RULES)"
        raise


def show_problem(problem: object) -> None:
    """A rule folder's problem, on stderr, as ``rules check`` prints it."""
    echo(str(problem), err=True)


def load_rules(folder: Path) -> RuleSet:
    """The rule set in ``folder``; its problems go to stderr."""
    from myorec.app.rules import load_rules as load

    return load(folder, show_problem)


def load_engine(rules_dir: Path | None) -> Engine:
    """The rule set in use, validated and compiled; its problems go to stderr."""
    from myorec.app.rules import load_engine as load

    return load(rules_in_use(rules_dir), show_problem)


# -- table styles ----------------------------------------------------------------------

#: The table style of ``--format`` when none is given.
DEFAULT_TABLE_FORMAT = "rounded_grid"


def _known_table_format(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Check ``--format`` against tabulate's own list, importing tabulate only when a format is given.

    A ``click.Choice`` would need that list, and so tabulate, as the command is
    defined: every ``--json`` run would import it for nothing.
    """
    if value != DEFAULT_TABLE_FORMAT:
        from myorec.render.tables import table_formats

        if value not in table_formats():
            raise click.BadParameter(f"choose one of {', '.join(table_formats())}", ctx, param)
    return value


def _complete_table_format(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from myorec.render.tables import table_formats

    return [name for name in table_formats() if name.startswith(incomplete)]


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


# -- the log ---------------------------------------------------------------------------


def log_db() -> Path:
    """The log in use: ``--db``, else $MYOREC_DB (both land in the root context), else the default.

    Checked here, when a command needs the log, rather than as the option is
    parsed: a routine report never touches the log, and the message can say
    whether the option or the environment variable is wrong.
    """
    from myorec.app.log import log_path
    from myorec.errors import LogPathError

    root = click.get_current_context().find_root()
    given = root.obj.get("db_path") if isinstance(root.obj, dict) else None
    try:
        return log_path(given)
    except LogPathError as exc:
        hint = "MYOREC_DB" if from_environment(root, "db_path") else "'--db'"
        raise click.BadParameter(exc.reason, param_hint=hint) from None


def week_options(function: F) -> F:
    """``--routine FILE | --demo | --week YYYY-Www``; with none of them, this week's log."""
    for decorator in reversed(
        (
            click.option(
                "--routine",
                "routine_path",
                metavar="FILE",
                help="A routine file (TOML) holding the week; '-' reads stdin.",
            ),
            click.option("--demo", is_flag=True, help="Use the bundled example week."),
            click.option(
                "--week",
                type=iso_week,
                metavar="YYYY-Www",
                help="A logged ISO week, e.g. 2026-W48 (default: this week's log).",
            ),
        )
    ):
        function = decorator(function)
    return function


def chosen_week(routine_path: str | None, demo: bool, week: dt.date | None) -> tuple[Week, dt.date | None]:
    """The week :func:`week_options` chose, and its Monday when it is a calendar week."""
    if sum((routine_path is not None, demo, week is not None)) > 1:
        raise click.UsageError("--routine, --demo and --week are mutually exclusive: choose one week")
    from myorec.app.weeks import read_week

    db = log_db() if routine_path is None and not demo else None
    return read_week(routine_path, demo, week, db)


# -- output ----------------------------------------------------------------------------


@contextmanager
def after_change(done: str) -> Iterator[None]:
    """Output printed once the change is made: if it fails, its error also says what was done.

    Output can fail (a full disk, an encoding that cannot hold a name) after
    the log has committed; "Error:" alone would read as if nothing happened,
    and running the command again would log the session twice.
    """
    try:
        yield
    except (OSError, UnicodeError) as exc:
        exc.add_note(done)
        raise


def echo(text: str, *, err: bool = False) -> None:
    """Print a command's text; what files said in it reaches the terminal escaped (terminal_text)."""
    from myorec.core.text import terminal_text

    click.echo(terminal_text(text), err=err)


def echo_json(data: Any) -> None:
    """Print data as JSON, with every character a terminal could act on written as a ``\\u`` escape.

    json escapes only the ASCII control characters; DEL, the 8-bit controls
    (U+009B is a CSI) and lone surrogates would pass raw. The escape reads back
    as the same string.
    """
    import json  # only --json output needs it; keep it off every other start-up

    text = json.dumps(data, indent=2, ensure_ascii=False)
    if not all(line.isprintable() for line in text.split("\n")):
        text = "".join(ch if ch.isprintable() or ch == "\n" else json.dumps(ch)[1:-1] for ch in text)
    click.echo(text)


def html_option(function: F) -> F:
    """``--html FILE``: the command's output as one self-contained HTML page."""
    return click.option(
        "--html",
        "html_page",
        metavar="FILE",
        help="Write a self-contained HTML page (no scripts, works offline) to FILE; '-' prints it.",
    )(function)


def one_output(as_json: bool, html_page: str | None) -> None:
    """Checked before any work: a command prints one document, and ``--html ''`` names no file."""
    if as_json and html_page is not None:
        raise click.UsageError("--json and --html are mutually exclusive: choose one output")
    if html_page is not None and not html_page.strip():
        raise click.BadParameter("give a file name, or '-' for standard output", param_hint="'--html'")


def write_page(page: str, target: str, log: Path | None) -> None:
    """The page on standard output (``-``) or in a file replaced only once it is whole.

    ``log``: the log the command read, which a page must not be written over.
    """
    if target == "-":
        if sys.stdout is None:  # started with '>&-': Python then has no sys.stdout
            raise click.ClickException(
                "standard output is closed; give --html FILE to write the page to a file"
            )
        click.echo(page, nl=False)
        return
    from myorec.app.files import write_page as write

    write(Path(target).expanduser(), page, log)  # as --db: a quoted '~/week.html' means the home folder


def terminal_width() -> int | None:
    """The terminal's width in columns, or None when the output is not a terminal of known width."""
    import shutil

    return shutil.get_terminal_size(fallback=(0, 0)).columns or None


@contextmanager
def progress_bar(length: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr when it is a terminal; else nothing to advance."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update
