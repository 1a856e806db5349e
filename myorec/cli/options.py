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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from myorec.errors import MyorecError
from myorec.render.tables import DEFAULT_TABLE_FORMAT, SYMBOLS, Layout

if TYPE_CHECKING:
    from myorec.core.engine import Engine
    from myorec.core.ruleset import RuleSet
    from myorec.core.week import Week

    # click 8.5 made ParamType generic; subscripting it would fail on older clicks at run time.
    _IntType = click.ParamType[int, Any]
    _NameChoice = click.Choice[str]
else:
    _IntType = click.ParamType
    _NameChoice = click.Choice

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


class OneOf(_NameChoice):
    """One of a few fixed names (a format, a kind, an engine), typed in any case.

    Words typed as arguments (``log add Aerobic``) and table styles match in
    any case, so a choice among options does too: ``--format FIT`` is ``fit``.
    A value that is none of them is answered with the closest (``--format
    fitt``: did you mean 'fit'?), as a mistyped word in a file is.
    """

    def __init__(self, choices: Sequence[str]) -> None:
        super().__init__(choices, case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(not_one_of(value, [str(choice) for choice in self.choices]), param, ctx)


def not_one_of(value: object, choices: Sequence[str]) -> str:
    """Why an option's value is refused: the choices, what was given, and the closest choice to it."""
    from myorec.core.text import not_a_choice

    return f"choose one of {', '.join(choices)}{not_a_choice(value, choices, str(value).strip().lower())}"


def week_start(value: str | dt.date) -> dt.date:
    """A ``--week`` as people say it -> the Monday of that ISO week (see ``calendar.parse_week``).

    click turns the ValueError into a usage error naming the option.
    """
    if isinstance(value, dt.date):
        return value
    from myorec.core.calendar import parse_week

    try:
        return parse_week(value, dt.date.today())
    except MyorecError as exc:
        raise ValueError(str(exc)) from None


def calendar_day(value: str | dt.date) -> dt.date:
    """A date option as people say it (``today``, ``mon``, ``-3``, ``YYYY-MM-DD``) -> that day."""
    if isinstance(value, dt.date):
        return value
    from myorec.core.calendar import parse_day

    return parse_day(value, dt.date.today())


#: How a week or a day option may be written, for help texts.
WEEK_FORMS = "YYYY-Www, this, last, -N (N weeks ago) or a date in it"
DATE_FORMS = "YYYY-MM-DD, today, yesterday, mon..sun (the last one) or -N (N days ago)"


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


def complete_benefit_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion of a benefit id, from the rule set the command line names (or the default)."""
    from myorec.app.rules import load_rules as load
    from myorec.app.rules import rules_dir_in_use

    given = ctx.params.get("rules_dir")
    try:
        rule_set = load(rules_dir_in_use(given if isinstance(given, Path) else None))
    except MyorecError:
        return []  # a broken rule folder completes nothing; the command itself will say why
    return [benefit.id for benefit in rule_set.benefits if benefit.id.startswith(incomplete)]


def completing(choices: Sequence[str]) -> Callable[[click.Context, click.Parameter, str], list[str]]:
    """Shell completion from a fixed list (kinds, intensities, focuses), for values checked later."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
        return [choice for choice in choices if choice.startswith(incomplete.lower())]

    return complete


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


# -- table styles and layout -------------------------------------------------------------


def _known_table_format(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """Check ``--format`` (any case) against tabulate's list and CSV, importing tabulate only when given.

    A ``click.Choice`` would need that list, and so tabulate, as the command is
    defined: every ``--json`` run would import it for nothing.
    """
    chosen = value.strip().lower()
    if ctx.get_parameter_source(param.name or "") is not click.core.ParameterSource.DEFAULT:
        from myorec.render.tables import table_formats

        if chosen not in table_formats():
            raise click.BadParameter(not_one_of(value, table_formats()), ctx, param)
    return chosen


def _complete_table_format(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from myorec.render.tables import table_formats

    return [name for name in table_formats() if name.startswith(incomplete.lower())]


def table_format_option(default: str = DEFAULT_TABLE_FORMAT) -> Callable[[F], F]:
    """``--format FORMAT``: the style of a command's table (csv, tsv and html: the table alone)."""
    return click.option(
        "--format",
        "table_format",
        default=default,
        callback=_known_table_format,
        shell_complete=_complete_table_format,
        show_default=True,
        metavar="FORMAT",
        help="Table style: csv, tsv or html (the table alone), or any tabulate style "
        "(plain, simple, github, grid, rounded_grid, ...).",
    )


def output_layout(table_format: str = DEFAULT_TABLE_FORMAT) -> Layout:
    """How this command's output is laid out: the style chosen, the terminal's width, its symbols."""
    return Layout(table_format, terminal_width(), not stdout_shows_symbols())


def stdout_shows_symbols() -> bool:
    """Whether standard output's encoding can show ``≥ … █`` (cp1252, when redirected on Windows, cannot)."""
    return shows_symbols(sys.stdout)


def shows_symbols(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        SYMBOLS.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def fall_back_to_ascii() -> None:
    """Let standard output and error show an ASCII stand-in for what their encoding cannot show.

    Tables are drawn with stand-ins already (``Layout.ascii``), so they stay
    aligned; this catches the rest (a grid's lines, prose, a logged name),
    instead of failing half-way through the output.
    """
    import codecs
    import io

    from myorec.render.tables import ascii_stand_in

    def stand_in(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeEncodeError):
            raise exc
        return "".join(ascii_stand_in(char) for char in exc.object[exc.start : exc.end]), exc.end

    codecs.register_error(ASCII_ERRORS, stand_in)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict" and not shows_symbols(stream):
            stream.reconfigure(errors=ASCII_ERRORS)


#: The codec error handler of :func:`fall_back_to_ascii`.
ASCII_ERRORS = "myorec.ascii"


# -- the log ---------------------------------------------------------------------------


DB_HELP = "Activity log database (default: $MYOREC_DB, else myorec.db in your user data folder)."


def _settings(ctx: click.Context) -> dict[str, Any]:
    """What the top-level group's options set, in the root context (the log's path and where it came from)."""
    root = ctx.find_root()
    if not isinstance(root.obj, dict):
        root.obj = {}
    settings: dict[str, Any] = root.obj
    return settings


def _db_after_the_command(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``--db`` given after the command sets what ``myorec --db`` sets; it overrides $MYOREC_DB."""
    if value is None:
        return
    settings = _settings(ctx)
    before = settings.get("db_path")
    if before is not None and not settings.get("db_from_env") and before != value:
        raise click.UsageError(f"--db is given twice ({before} and {value}): give it once", ctx)
    settings.update(db_path=value, db_from_env=False)


def db_option(function: F) -> F:
    """``--db PATH`` on a command that uses the log, so it may follow the command as well as precede it."""
    return click.option(
        "--db", metavar="PATH", expose_value=False, callback=_db_after_the_command, help=DB_HELP
    )(function)


def log_db() -> Path:
    """The log in use: ``--db``, else $MYOREC_DB (both land in the root context), else the default.

    Checked here, when a command needs the log, rather than as the option is
    parsed: a routine report never touches the log, and the message can say
    whether the option or the environment variable is wrong.
    """
    from myorec.app.log import log_path
    from myorec.errors import LogPathError

    settings = _settings(click.get_current_context())
    try:
        return log_path(settings.get("db_path"))
    except LogPathError as exc:
        hint = "MYOREC_DB" if settings.get("db_from_env") else "'--db'"
        raise click.BadParameter(exc.reason, param_hint=hint) from None


def week_options(function: F) -> F:
    """``--routine FILE | --demo | --week WEEK``; with none of them, this week's log."""
    for decorator in reversed(
        (
            click.option(
                "--routine",
                "routine_path",
                metavar="FILE",
                help="A routine file (TOML) holding the week; '-' reads stdin.",
            ),
            click.option("--demo", is_flag=True, help="Use the bundled example week."),
            db_option,
            click.option(
                "--week",
                type=week_start,
                metavar="WEEK",
                help=f"A logged ISO week: {WEEK_FORMS} (default: this week).",
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
    """Print data as JSON, with every character a terminal could act on written as a ``\\u`` escape."""
    click.echo(json_text(data))


def json_text(data: Any) -> str:
    """``data`` as indented JSON, with every character a terminal could act on written as a ``\\u`` escape.

    json escapes only the ASCII control characters; DEL, the 8-bit controls
    (U+009B is a CSI) and lone surrogates would pass raw. The escape reads back
    as the same string.
    """
    import json  # only --json output needs it; keep it off every other start-up

    text = json.dumps(data, indent=2, ensure_ascii=False)
    if not all(line.isprintable() for line in text.split("\n")):
        text = "".join(ch if ch.isprintable() or ch == "\n" else json.dumps(ch)[1:-1] for ch in text)
    return text


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


def echo_json_list(items: Iterable[Any]) -> None:
    """A JSON list written item by item as the items come: the text :func:`echo_json` gives for a list."""
    out = sys.stdout
    first = True
    for item in items:
        out.write("[\n  " if first else ",\n  ")
        out.write(json_text(item).replace("\n", "\n  "))
        first = False
    out.write("[]\n" if first else "\n]\n")


#: Lines written at once by :func:`echo_lines`: few enough that a listing starts at once.
_LINES_AT_ONCE = 200


def echo_lines(lines: Iterable[str]) -> None:
    """Lines written as they come, a few hundred at a time (one write each would be slow), as :func:`echo`."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) == _LINES_AT_ONCE:
            echo("\n".join(batch))
            batch.clear()
    if batch:
        echo("\n".join(batch))


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
