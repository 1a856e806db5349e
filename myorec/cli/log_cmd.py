"""``myorec log``: add, list, edit, remove, import and export logged sessions."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from myorec.cli.common import echo_json, resolve_rules_dir, rules_option
from myorec.cli.logbook import WholeNumber, db_path, iso_week, open_log
from myorec.errors import InputError

if TYPE_CHECKING:
    from collections import Counter

    from myorec.importers import StravaSkips
    from myorec.models import Session

KINDS = "aerobic, resistance or mobility"
INTENSITIES = "light, moderate or vigorous"
FOCUSES = "balance, stretch or mind_body"
#: Entry ids are SQLite row ids: positive and at most 2**63 - 1.
ENTRY_ID = WholeNumber(1, 2**63 - 1)


def parse_number(text: str | None) -> Any:
    """A number typed on the command line, or the text itself so validation can say what is wrong."""
    if text is None:
        return None
    from myorec.entries import number_or_text

    return number_or_text(text.strip())


def _typed_fields(
    kind: str | None,
    minutes: str | None,
    intensity: str | None,
    rpe: str | None,
    date_text: str | None,
    name: str | None,
    focus: str | None,
) -> dict[str, Any]:
    """The session options of ``log add`` or ``log edit``, as entry fields (None where one is absent).

    Both commands hand their options straight on (``**options``), so this is
    the one place that names them.
    """
    if intensity is not None and rpe is not None:
        raise click.UsageError("--intensity and --rpe are mutually exclusive: give one")
    return {
        "kind": kind,
        "minutes": parse_number(minutes),
        "intensity": intensity,
        "rpe": parse_number(rpe),
        "date": date_text,
        "name": name,
        "focus": focus,
    }


@click.group()
def log() -> None:
    """Log sessions: add, list, edit, rm, import, export.

    `myorec report` and `myorec trend` read the log.

    \b
    Examples:
      myorec log add aerobic 30 --intensity moderate --name "brisk walk"
      myorec log list --week 2026-W48
      myorec log import activities.csv --format strava
    """


# "-5" minutes must reach validation (and its clear message), not be taken for an option.
@log.command("add", context_settings={"ignore_unknown_options": True})
@click.argument("kind")
@click.argument("minutes")
@click.option("--intensity", help=f"How hard: {INTENSITIES} (default moderate).")
@click.option("--rpe", metavar="N", help="Rating of perceived exertion, 0-10, instead of --intensity.")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="Day of the session (default today).")
@click.option("--name", help="A label, e.g. 'tempo run'.")
@click.option("--focus", help=f"Mobility sessions only: {FOCUSES}.")
def add(**options: str | None) -> None:
    """Log one session and print its id.

    KIND is aerobic, resistance or mobility; MINUTES is 1-1440.

    \b
    Examples:
      myorec log add aerobic 30
      myorec log add resistance 45 --rpe 7 --date 2026-11-24 --name "gym"
      myorec log add mobility 20 --focus balance
    """
    fields = _typed_fields(**options)
    if fields["date"] is None:
        fields["date"] = dt.date.today()
    from myorec.entries import build_session

    session = build_session(fields, dt.date.today())
    with open_log(create=True) as store:
        click.echo(store.add(session))


@log.command("list")
@click.option("--week", type=iso_week, metavar="YYYY-Www", help="Only this ISO week, e.g. 2026-W48.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of entry objects.")
def list_entries(week: dt.date | None, as_json: bool) -> None:
    """List logged sessions, oldest first.

    \b
    Examples:
      myorec log list
      myorec log list --week 2026-W48 --json
    """
    end = week + dt.timedelta(days=6) if week is not None else None
    with open_log(create=False) as store:
        entries = store.entries(week, end)
    if as_json:
        from myorec.entries import entry_object

        echo_json([entry_object(entry) for entry in entries])
        return
    if not entries:
        from myorec.models import iso_week_label

        click.echo(
            f"No entries in {iso_week_label(week)}." if week else "No entries yet: try 'myorec log add'."
        )
        return
    from myorec.render_log import render_entries

    click.echo(render_entries(entries))


@log.command("edit")
@click.argument("entry_id", metavar="ID", type=ENTRY_ID)
@click.option("--kind", help=f"New kind: {KINDS}.")
@click.option("--minutes", help="New duration, 1-1440.")
@click.option("--intensity", help=f"New intensity: {INTENSITIES} (clears an RPE).")
@click.option("--rpe", metavar="N", help="New RPE, 0-10 (clears an intensity).")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="New date.")
@click.option("--name", help="New label ('' removes it).")
@click.option("--focus", help=f"New focus of a mobility session: {FOCUSES} ('' removes it).")
def edit(entry_id: int, **options: str | None) -> None:
    """Change fields of a logged session.

    \b
    Examples:
      myorec log edit 12 --minutes 45
      myorec log edit 12 --rpe 8 --name "hill repeats"
    """
    changes = _typed_fields(**options)
    changes = {key: value for key, value in changes.items() if value is not None}
    if not changes:
        raise click.UsageError(
            "nothing to change: give --kind, --minutes, --intensity, --rpe, --date, --name or --focus"
        )
    from myorec.entries import build_session, entry_fields
    from myorec.models import Kind, choice_key
    from myorec.render_log import describe

    def change(logged: Session) -> Session:
        fields = entry_fields(logged)
        if "intensity" in changes:
            fields["rpe"] = None
        if "rpe" in changes:
            fields["intensity"] = None
        new = dict(changes)
        if new.get("focus") == "":
            del new["focus"]
            fields["focus"] = None
        elif "focus" not in new and choice_key(new.get("kind", Kind.MOBILITY)) != Kind.MOBILITY:
            fields["focus"] = None  # a focus belongs to mobility sessions only
        return build_session({**fields, **new}, dt.date.today())

    with open_log(create=False) as store:
        session = store.update(entry_id, change)
    click.echo(f"Updated {describe(entry_id, session)}")


@log.command("rm")
@click.argument("entry_ids", metavar="ID...", type=ENTRY_ID, nargs=-1, required=True)
def remove(entry_ids: tuple[int, ...]) -> None:
    """Remove logged sessions; if any ID is unknown, nothing is removed.

    \b
    Example:
      myorec log rm 12 13
    """
    with open_log(create=False) as store:
        count = store.remove(entry_ids)
    from myorec.models import counted

    click.echo(f"Removed {counted(count, 'entry', 'entries')}.")


def _format_from_name(path: Path) -> str | None:
    """csv or json from the file's extension, as import and export both guess it."""
    suffix = path.suffix.lower()
    return suffix[1:] if suffix in (".csv", ".json") else None


def _guess_format(path: Path) -> str:
    guessed = _format_from_name(path)
    if guessed is None:
        raise click.UsageError(
            f"cannot tell the format of '{path}' from its name: give --format csv, json or strava"
        )
    return guessed


def _lines(handle: TextIO, label: str, advance: Callable[[int], None] | None) -> Iterator[str]:
    """The file's lines, reporting progress, with a clear error for text that is not UTF-8."""
    try:
        for line in handle:
            if advance is not None:
                advance(len(line))
            yield line
    except UnicodeDecodeError:
        raise InputError(f"{label}: not UTF-8 text; save it as UTF-8 and import it again") from None


def _activity_map_path(rules_dir: Path | None) -> Path:
    """The rule folder's activities.toml, else (when it has none) the shipped one."""
    from myorec.importers import ACTIVITIES_FILE
    from myorec.paths import default_rules_dir

    candidate = resolve_rules_dir(rules_dir) / ACTIVITIES_FILE
    if candidate.is_symlink():
        # As for every rule file: a rule folder's links are never followed.
        raise InputError(f"{candidate}: is a symbolic link; copy the file into the rule folder instead")
    return candidate if candidate.is_file() else default_rules_dir() / ACTIVITIES_FILE


@log.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "json", "strava"]),
    help="File format (default: from the file name: .csv or .json).",
)
@rules_option
def import_file(file: Path, file_format: str | None, rules_dir: Path | None) -> None:
    """Add the sessions in a file to the log, all or nothing.

    One bad row rejects the whole file; entries already in the log are not
    added twice. Strava activity types map to kinds via activities.toml in the
    rule folder; unmapped types are skipped and listed.

    \b
    Examples:
      myorec log import sessions.csv
      myorec log import export.json
      myorec log import activities.csv --format strava
    """
    from myorec.importers import (
        StravaSkips,
        check_import_file,
        load_activity_map,
        read_csv,
        read_json,
        read_strava,
    )

    check_import_file(file)
    file_format = file_format or _guess_format(file)
    label = str(file)
    today = dt.date.today()
    skips = StravaSkips()
    activities = load_activity_map(_activity_map_path(rules_dir)) if file_format == "strava" else None
    with ExitStack() as stack:
        try:
            handle = stack.enter_context(open(file, encoding="utf-8-sig", newline=""))
        except OSError as exc:
            raise InputError(f"{label}: cannot read: {exc.strerror or exc}") from None
        advance = None
        if sys.stderr.isatty():
            bar = stack.enter_context(
                click.progressbar(length=file.stat().st_size, label="Importing", file=sys.stderr)
            )
            advance = bar.update
        store = stack.enter_context(open_log(create=True))
        lines = _lines(handle, label, advance)
        if file_format == "json":
            items: Iterator[tuple[Session, str | None]] = read_json("".join(lines), label, today)
        elif file_format == "csv":
            items = read_csv(lines, label, today)
        else:
            assert activities is not None
            items = read_strava(lines, label, today, activities, skips)
        counts = store.import_entries(items)
    click.echo(f"Imported {label}: {counts.new} new, {counts.present} already present.")
    if activities is not None:
        _echo_skips(skips, activities.path)


def _echo_skips(skips: StravaSkips, activities_path: Path) -> None:
    """What a Strava import left out, by activity type, so it can be mapped or split and imported again."""
    if skips.unmapped:
        click.echo(
            f"{_skipped(skips.unmapped, f'of types not in {activities_path}')}. "
            "Map them in activities.toml in your rule folder (--rules) and import again."
        )
    if skips.too_long:
        click.echo(f"{_skipped(skips.too_long, 'over 24 h')}.")


def _skipped(counts: Counter[str], why: str) -> str:
    """``Skipped 3 activities WHY: Golf (1), Yoga (2)``."""
    from myorec.models import counted

    listed = ", ".join(f"{name} ({count})" for name, count in sorted(counts.items()))
    return f"Skipped {counted(counts.total(), 'activity', 'activities')} {why}: {listed}"


@log.command("export")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["csv", "json"]),
    help="File format (default: from the -o file name, .csv or .json; else csv).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not stdout."
)
def export(file_format: str | None, output: Path | None) -> None:
    """Write the whole log, oldest first; `log import` reads it back.

    A file given with -o is replaced only once the whole export is written.

    \b
    Examples:
      myorec log export > sessions.csv
      myorec log export -o sessions.json
    """
    file_format = file_format or (output and _format_from_name(output)) or "csv"
    if output is not None:
        if not output.name:
            raise click.BadParameter("give a file name", param_hint="'-o'")
        _refuse_the_log_itself(output)
    buffer = io.StringIO() if output is not None else sys.stdout
    with open_log(create=False) as store:
        if file_format == "csv":
            from myorec.importers import write_csv

            write_csv(store.iter_entries(), buffer)
        else:
            import json

            from myorec.entries import entry_object

            document = [entry_object(entry) for entry in store.iter_entries()]
            buffer.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    if output is not None:
        assert isinstance(buffer, io.StringIO)
        _write_export(output, buffer.getvalue())


def _refuse_the_log_itself(output: Path) -> None:
    """An export written over the database (or its WAL files) would replace the log with text."""
    from myorec.store import log_files

    for part in log_files(db_path()):
        same = output.resolve() == part.resolve()
        if same or (output.exists() and part.exists() and os.path.samefile(output, part)):
            raise InputError(f"{output}: is the activity log itself; export to another file")


def _write_export(path: Path, text: str) -> None:
    """Replace a file only once the whole export is written, so a failure never leaves half of one.

    The text goes to a temporary file beside the target (private to the user
    until it is complete), renamed over it at the end with the target's
    permissions. A symbolic link keeps pointing where it did (its target is
    replaced), a device or named pipe (``-o /dev/stdout``) is written
    directly, since renaming over one would replace it with a plain file, and
    a file the user may not write is refused rather than replaced.
    """
    import tempfile

    target = path.resolve()
    try:
        if target.exists() and not target.is_file():
            with target.open("w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            return
        if target.exists() and not os.access(target, os.W_OK):
            raise InputError(f"{path}: is read-only; export to another file or make it writable")
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        handle_fd, partial_name = tempfile.mkstemp(
            dir=target.parent, prefix=".myorec-export-", suffix=".partial"
        )
        partial = Path(partial_name)
        try:
            with os.fdopen(handle_fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            partial.chmod(mode)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _umask() -> int:
    """The process's file-creation mask (read by setting it, so set it straight back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
