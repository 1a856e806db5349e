"""``myorec log``: add, list, edit, remove, import and export logged sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from myorec.cli.options import (
    DATE_FORMS,
    WEEK_FORMS,
    OneOf,
    WholeNumber,
    after_change,
    calendar_day,
    completing,
    db_option,
    echo,
    echo_json_list,
    echo_lines,
    log_db,
    output_layout,
    rules_in_use,
    rules_option,
    table_format_option,
    week_start,
)
from myorec.formats.importers import EXPORT_NAMES, FORMAT_NAMES

if TYPE_CHECKING:
    from collections.abc import Iterator

    from myorec.app.log import ImportOutcome
    from myorec.core.entries import Selection
    from myorec.core.intensity import HeartRates
    from myorec.core.sessions import Session

KINDS = "aerobic, resistance or mobility"
KIND_NAMES = ("aerobic", "resistance", "mobility")
INTENSITY_NAMES = ("light", "moderate", "vigorous")
FOCUS_NAMES = ("balance", "stretch", "mind_body")
INTENSITIES = "light, moderate or vigorous"
FOCUSES = "balance, stretch or mind_body"
#: Entry ids are SQLite row ids: positive and at most 2**63 - 1.
ENTRY_ID = WholeNumber(1, 2**63 - 1)


def parse_number(text: str | None) -> Any:
    """A number typed on the command line, or the text itself so validation can say what is wrong."""
    if text is None:
        return None
    from myorec.core.entries import number_or_text

    return number_or_text(text.strip())


def _typed_fields(
    kind: str | None,
    minutes: str | None,
    intensity: str | None,
    rpe: str | None,
    date_text: str | None,
    name: str | None,
    focus: str | None,
    impact: bool | None,
    avg_hr: str | None,
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
        "impact": impact,
        "avg_hr": parse_number(avg_hr),
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
@click.argument("kind", shell_complete=completing(KIND_NAMES))
@click.argument("minutes")
@click.option(
    "--intensity",
    shell_complete=completing(INTENSITY_NAMES),
    help=f"How hard: {INTENSITIES} (default moderate).",
)
@click.option("--rpe", metavar="N", help="Rating of perceived exertion, 0-10, instead of --intensity.")
@click.option("--date", "date_text", metavar="DATE", help=f"Day: {DATE_FORMS} (default today).")
@click.option("--name", help="A label, e.g. 'tempo run'.")
@click.option("--focus", shell_complete=completing(FOCUS_NAMES), help=f"Mobility sessions only: {FOCUSES}.")
@click.option(
    "--impact/--no-impact",
    default=None,
    help="Weight-bearing work with ground impact (running, jumping, racquet and team sports), or not.",
)
@click.option(
    "--avg-hr", metavar="BPM", help="Average heart rate (30-250); judges an aerobic session's intensity."
)
@db_option
def add(**options: Any) -> None:
    """Log one session and print its id.

    KIND is aerobic, resistance or mobility; MINUTES is 1-1440.

    \b
    Examples:
      myorec log add aerobic 30
      myorec log add aerobic 45 --date yesterday --intensity vigorous
      myorec log add resistance 45 --rpe 7 --date 2026-11-24 --name "gym"
      myorec log add mobility 20 --focus balance
      myorec log add aerobic 40 --intensity vigorous --impact --name "hill run"
      myorec log add aerobic 45 --avg-hr 151 --name "HIIT class"
    """
    from myorec.app.log import add_entry

    entry_id = add_entry(log_db(), _typed_fields(**options), dt.date.today())
    with after_change(f"the session was logged as entry {entry_id}"):
        click.echo(entry_id)


@log.command("list")
@click.option("--week", type=week_start, metavar="WEEK", help=f"Only this ISO week: {WEEK_FORMS}.")
@click.option("--since", type=calendar_day, metavar="DATE", help=f"Only from this day on: {DATE_FORMS}.")
@click.option("--until", type=calendar_day, metavar="DATE", help="Only up to this day (included).")
@click.option(
    "--last", type=WholeNumber(1), metavar="N", help="Only the N most recent (listed oldest first)."
)
@click.option("--kind", type=OneOf(KIND_NAMES), help="Only sessions of this kind.")
@click.option("--source", metavar="TEXT", help="Only entries whose source holds TEXT: manual, strava, ...")
@table_format_option(default="simple")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of entry objects.")
@db_option
def list_entries(
    week: dt.date | None,
    since: dt.date | None,
    until: dt.date | None,
    last: int | None,
    kind: str | None,
    source: str | None,
    table_format: str,
    as_json: bool,
) -> None:
    """List logged sessions, oldest first; the filters combine.

    A source is manual (typed with log add) or where an import came from
    (strava:<Activity ID>); --source matches any part of it, in any case.
    The list is printed as it is read, so it starts at once on a long log.

    \b
    Examples:
      myorec log list --last 10
      myorec log list --week last --kind resistance
      myorec log list --since 2026-11-01 --source strava
      myorec log list --format csv > sessions.csv
      myorec log list --week 2026-W48 --json
    """
    from myorec.app.log import listing
    from myorec.core.entries import Selection
    from myorec.core.sessions import Kind

    if source is not None and not source.strip():
        raise click.BadParameter("give part of a source, e.g. manual or strava", param_hint="'--source'")
    start, end = since, until
    if week is not None:
        start = max(start or week, week)
        end = min(end or week + dt.timedelta(days=6), week + dt.timedelta(days=6))
    if since is not None and until is not None and since > until:
        raise click.UsageError(f"--since {since} is after --until {until}: nothing could match")
    selection = Selection(start, end, Kind(kind.lower()) if kind else None, source, last)
    with listing(log_db(), selection) as (size, entries, profile):
        if as_json:
            from myorec.core.entries import listed_entry

            echo_json_list(listed_entry(row.entry(), profile.heart_rates) for row in entries)
            return
        layout = output_layout(table_format)
        if not size.entries and not layout.data_only:
            echo(_nothing_listed(selection, week))
            return
        from myorec.render.log import render_entries

        echo_lines(render_entries(entries, size, layout, profile.heart_rates))


def _nothing_listed(selection: Selection, week: dt.date | None) -> str:
    """Why a listing is empty: the log is, or nothing matches what was asked for."""
    from myorec.core.entries import EVERYTHING, Selection

    if selection == EVERYTHING:
        return "No entries yet: try 'myorec log add'."
    if week is not None and selection == Selection(week, week + dt.timedelta(days=6)):
        from myorec.core.calendar import iso_week_label

        return f"No entries in {iso_week_label(week)}."
    return "No entries match."


@log.command("edit")
@click.argument("entry_id", metavar="ID", type=ENTRY_ID)
@click.option("--kind", shell_complete=completing(KIND_NAMES), help=f"New kind: {KINDS}.")
@click.option("--minutes", help="New duration, 1-1440.")
@click.option(
    "--intensity",
    shell_complete=completing(INTENSITY_NAMES),
    help=f"New intensity: {INTENSITIES} (clears an RPE).",
)
@click.option("--rpe", metavar="N", help="New RPE, 0-10 (clears an intensity).")
@click.option("--date", "date_text", metavar="DATE", help=f"New day: {DATE_FORMS}.")
@click.option("--name", help="New label ('' removes it).")
@click.option(
    "--focus",
    shell_complete=completing(FOCUS_NAMES),
    help=f"New focus of a mobility session: {FOCUSES} ('' removes it).",
)
@click.option("--impact/--no-impact", default=None, help="Mark the session as impact work, or not.")
@click.option("--avg-hr", metavar="BPM", help="New average heart rate, 30-250.")
@db_option
def edit(entry_id: int, **options: Any) -> None:
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
            "nothing to change: give --kind, --minutes, --intensity, --rpe, --date, --name, --focus, "
            "--impact or --avg-hr"
        )
    from myorec.app.log import edit_entry
    from myorec.render.log import describe

    edited = edit_entry(log_db(), entry_id, changes, dt.date.today())
    with after_change(f"entry {entry_id} was updated"):
        echo(f"Updated {describe(entry_id, edited.after, edited.profile.heart_rates)}")
        if edited.dropped_focus is not None:
            echo(
                f"Note: its focus ({edited.dropped_focus}) was dropped: only mobility sessions have one.",
                err=True,
            )
        overruled = (
            _average_overruled(edited.after, edited.profile.heart_rates) if "avg_hr" in changes else None
        )
        if overruled is not None:
            echo(f"Note: the average heart rate is stored, but {overruled}.", err=True)


def _average_overruled(session: Session, heart: HeartRates) -> str | None:
    """What decides the session's intensity instead of the average heart rate just given, or None.

    The edit is kept (a later edit may clear what decides first), but without
    a word the user would think the new average took effect.
    """
    from myorec.core.intensity import IntensitySource
    from myorec.core.sessions import Kind

    before_average = {
        IntensitySource.GIVEN: "its given intensity decides how hard it counts",
        IntensitySource.SAMPLES: "its heart-rate samples decide how hard it counts, not the average",
        IntensitySource.RPE: "its RPE decides how hard it counts",
    }
    source = session.decide(heart).source
    if source in before_average:
        return before_average[source]
    if session.kind is not Kind.AEROBIC:
        return "heart rate judges aerobic sessions only"
    return None  # it decides, or the entry's line says the heart rate is unjudged and why


@log.command("rm")
@click.argument("entry_ids", metavar="ID...", type=ENTRY_ID, nargs=-1, required=True)
@db_option
def remove(entry_ids: tuple[int, ...]) -> None:
    """Remove logged sessions; if any ID is unknown, nothing is removed.

    \b
    Example:
      myorec log rm 12 13
    """
    from myorec.app.log import remove_entries
    from myorec.core.text import counted

    count = remove_entries(log_db(), entry_ids)
    removed = counted(count, "entry", "entries")
    with after_change(f"{removed} removed"):
        echo(f"Removed {removed}.")


@log.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "file_format",
    type=OneOf(FORMAT_NAMES),
    help="File format (default: from the file name, else from its content).",
)
@click.option(
    "--kind",
    type=OneOf(KIND_NAMES),
    help="Kind of GPX or TCX activities whose type the activity mapping does not know.",
)
@click.option(
    "--keep-duplicates", is_flag=True, help="Add activities the log already holds from another source too."
)
@click.option("--restore-removed", is_flag=True, help="Bring back activities removed with 'log rm' before.")
@rules_option
@db_option
def import_file(
    file: Path,
    file_format: str | None,
    kind: str | None,
    keep_duplicates: bool,
    restore_removed: bool,
    rules_dir: Path | None,
) -> None:
    """Add the sessions in a file (or an export folder) to the log, all or nothing.

    \b
    Formats (--format): myorec's own csv and json (log export);
      strava        Strava's bulk export: the .zip, its folder, or activities.csv
      fit           FIT activity files (.fit, .fit.gz): Garmin, Wahoo, Coros, Suunto
      gpx, tcx      GPX tracks and TCX activities (also .gz)
      apple-health  Apple Health's export.zip, or the export.xml inside it
      garmin-csv    Garmin Connect's Activities.csv

    One bad row rejects the whole file. Entries already in the log are not
    added twice, nor activities it holds from another source (the same start
    within 5 minutes; or, for one logged by hand, the same day, kind and
    minutes within 25%), nor activities removed with 'log rm' before.
    Activity types map to kinds through activities.toml in the rule folder;
    unmapped types are skipped and listed. Start times are put in the
    profile's time zone.

    \b
    Examples:
      myorec log import sessions.csv
      myorec log import export.zip                 # Strava's or Apple Health's
      myorec log import 2026-11-17-run.fit
      myorec log import track.gpx --kind aerobic
      myorec log import Activities.csv --format garmin-csv
    """
    from myorec.app.log import ImportOptions, KindNotTakenError
    from myorec.app.log import import_file as read_into_log
    from myorec.cli.options import progress_bar
    from myorec.formats.importers import FORMATS, UnknownFormatError

    try:
        size = file.stat().st_size if file.is_file() else 0
    except OSError:
        size = 0  # the import itself says why the file cannot be read
    options = ImportOptions(kind, keep_duplicates, restore_removed)
    try:
        with progress_bar(size, "Importing") as advance:
            outcome = read_into_log(
                log_db(), file, file_format, rules_in_use(rules_dir), dt.date.today(), advance, options
            )
    except UnknownFormatError as exc:
        raise click.UsageError(
            f"cannot tell the format of '{exc.file}' from its name or content: "
            f"give --format {_listed(FORMAT_NAMES)}"
        ) from None
    except KindNotTakenError as exc:
        takers = tuple(file_format.name for file_format in FORMATS if file_format.takes_kind)
        raise click.UsageError(f"--kind applies to {_listed(takers)} files only; {exc}") from None
    counts = outcome.counts
    with after_change(f"the import itself succeeded: {counts.new} new, {counts.present} already present"):
        for line in _import_report(file, outcome):
            echo(line)


def _import_report(file: Path, outcome: ImportOutcome) -> Iterator[str]:
    """What an import added and what it left out, each left-out activity listed (the first 10)."""
    from myorec.core.text import counted, printable

    counts = outcome.counts
    parts = [f"{counts.new} new", f"{counts.present} already present"]
    if counts.duplicates:
        parts.append(f"{len(counts.duplicates)} already logged from another source")
    if counts.removed:
        parts.append(f"{counts.removed} previously removed")
    yield f"Imported {printable(str(file))}: {', '.join(parts)}."
    for field, value in outcome.profile.restored.items():
        yield f"Restored your {field} from the file: {value}."
    for field, (ours, theirs) in outcome.profile.kept.items():
        yield f"Kept your {field}, {ours} (the file has {theirs}; 'myorec profile set' changes it)."
    if counts.restored:
        restored = counted(counts.restored, "activity", "activities")
        yield f"Restored {restored} removed with 'myorec log rm' before."
    if counts.removed:
        yield "Activities removed with 'myorec log rm' stay removed; --restore-removed brings them back."
    if counts.duplicates:
        yield "Not added, the same activity as an entry in the log (--keep-duplicates adds them anyway):"
        yield from _listed_items(
            [
                (
                    d.session.date,
                    d.session.name,
                    f"{d.session.kind.value}, {d.session.minutes} min",
                    d.entry_id,
                )
                for d in counts.duplicates
            ]
        )
    skips = outcome.skips
    if skips.unmapped:
        count = counted(len(skips.unmapped), "activity", "activities")
        yield f"Skipped {count} of types the activity mapping does not know:"
        yield from _listed_items([(s.date, s.name, s.type, None) for s in skips.unmapped])
        table = f"[{outcome.source}.kinds]" if outcome.source else "kinds"
        if outcome.own_mapping:
            mapping = printable(str(outcome.activities))
            yield f"Map their types under {table} in {mapping} and import the file again."
        else:
            yield (
                f"Map their types: myorec rules init DIR, then list them under {table} in "
                "DIR/activities.toml and import again with --rules DIR."
            )
    if skips.too_long:
        yield f"Skipped {counted(len(skips.too_long), 'activity', 'activities')} over 24 hours:"
        yield from _listed_items([(s.date, s.name, s.type, None) for s in skips.too_long])
    if skips.unread:
        yield (
            f"Could not read {counted(len(skips.unread), 'activity file')} of the export; "
            "their activities were imported without heart-rate samples:"
        )
        yield from _listed_items([(None, reason, None, None) for reason in skips.unread])
    if skips.heart_rates:
        from myorec.core.sessions import MAX_HR, MIN_HR
        from myorec.core.text import format_number

        count = counted(len(skips.heart_rates), "average heart rate")
        yield f"Left out {count} outside {MIN_HR}-{MAX_HR} bpm, a device's misreading; the rest is kept:"
        yield from _listed_items(
            [(s.date, s.name, f"{format_number(round(bpm, 1))} bpm", None) for s, bpm in skips.heart_rates]
        )


def _listed_items(items: list[tuple[dt.date | None, str | None, str | None, int | None]]) -> Iterator[str]:
    """``  2026-11-17  Morning Run (Run): matches entry 12``, the first 10, then how many more."""
    from myorec.core.text import printable
    from myorec.formats.importers.common import LISTED

    for date, name, what, entry_id in items[:LISTED]:
        parts = [
            part for part in (date.isoformat() if date else None, printable(name) if name else None) if part
        ]
        line = "  " + "  ".join(parts) + (f" ({printable(what)})" if what else "")
        yield line + (f": matches entry {entry_id}" if entry_id is not None else "")
    if len(items) > LISTED:
        yield f"  and {len(items) - LISTED:,} more"


def _listed(names: tuple[str, ...]) -> str:
    """``csv, json or strava``."""
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]


@log.command("export")
@click.option(
    "--format",
    "file_format",
    type=OneOf(EXPORT_NAMES),
    help="File format (default: from the -o file name, .csv or .json; else csv).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not stdout."
)
@db_option
def export(file_format: str | None, output: Path | None) -> None:
    """Write the whole log, oldest first; `log import` reads it back.

    A file given with -o is replaced only once the whole export is written.

    \b
    Examples:
      myorec log export > sessions.csv
      myorec log export -o sessions.json
    """
    import sys

    from myorec.app.log import export_log

    if output is None and sys.stdout is None:  # started with '>&-': Python then has no sys.stdout
        raise click.ClickException("standard output is closed; give -o FILE to write the export to a file")
    if output is not None:
        output = output.expanduser()  # as --db: a quoted '~/out.csv' means the home folder
        if not output.name:
            raise click.BadParameter("give a file name", param_hint="'-o'")
    export_log(log_db(), file_format, output, sys.stdout)
