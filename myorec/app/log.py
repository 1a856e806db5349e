"""The activity log, as commands use it: where it is, opening it, and each change a command makes.

Plain functions without click: a command parses its options, calls one of
these, and renders what it returns. Errors are :class:`~myorec.errors.MyorecError`;
those about a setting (the log's path) are worded by the CLI, which knows
which option or variable gave it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, TextIO, cast

from myorec.errors import InputError, LogPathError, MyorecError

if TYPE_CHECKING:
    from myorec.core.entries import EntryRow, Selection, SelectionSize
    from myorec.core.sessions import Profile, Session
    from myorec.core.week import Week
    from myorec.formats.importers.common import Skips
    from myorec.store import ImportCounts, Store

DB_FILENAME = "myorec.db"


def default_db_path() -> Path:
    """``myorec.db`` in the platform's user data folder (``~/.local/share/myorec`` on Linux).

    Only answers: nothing here creates the folder, so a read-only command on a
    fresh account leaves no trace. The store creates it when it writes.
    """
    from platformdirs import user_data_path

    return user_data_path("myorec", appauthor=False) / DB_FILENAME


def log_path(given: str | None) -> Path:
    """The log a setting names (None: the default one; ``~`` expanded); one that names no file is refused."""
    if given is None:
        return default_db_path()
    if not given.strip():
        raise LogPathError("give a database file, not an empty path")
    if given.strip() == "-":
        raise LogPathError("'-' is not a database file (a log cannot be standard input or output)")
    # A quoted '~/log.db' (MYOREC_DB='~/log.db' in a shell profile) reaches us as written.
    path = Path(given).expanduser()
    if path.is_dir() or given.endswith(("/", os.sep)):
        raise LogPathError(f"{given!r} names a folder; give a database file")
    return path


def open_log(db: Path, *, create: bool = False) -> Store:
    """The log at ``db``. Without ``create``, a log that does not exist yet is an empty one.

    Only commands that add something create the file: reading, editing or
    removing entries of a log that does not exist leaves no file behind.
    """
    from myorec.store import open_store

    return open_store(db, create=create)


def this_monday(today: dt.date | None = None) -> dt.date:
    """The Monday of the current ISO week (of ``today``, by default the machine's date)."""
    from myorec.core.calendar import monday_of

    return monday_of(today or dt.date.today())


def logged_week(db: Path, monday: dt.date) -> Week:
    """One ISO week's logged sessions (oldest first) with the stored profile."""
    from myorec.core.calendar import iso_week_label
    from myorec.core.week import Week

    with open_log(db, create=False) as store:
        entries = store.entries(monday, monday + dt.timedelta(days=6))
        return Week(tuple(entry.session for entry in entries), store.profile(), iso_week_label(monday))


def logged_weeks(db: Path, first: dt.date, weeks: int) -> tuple[list[Session], Profile, dt.date | None]:
    """The sessions of ``weeks`` ISO weeks from the Monday ``first``, the profile, the log's first date."""
    with open_log(db, create=False) as store:
        entries = store.entries(first, first + dt.timedelta(weeks=weeks, days=-1))
        return [entry.session for entry in entries], store.profile(), store.first_date()


@contextmanager
def listing(db: Path, selection: Selection) -> Iterator[tuple[SelectionSize, Iterator[EntryRow], Profile]]:
    """The selection's size and its entries, read one at a time while the log stays open; and the profile.

    The profile judges the entries' heart rates, as a report would.
    """
    with open_log(db, create=False) as store:
        yield store.selection_size(selection), store.iter_rows(selection), store.profile()


def typed_date(fields: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """The fields with a typed date (``today``, ``yesterday``, ``mon``, ``-3``, ``YYYY-MM-DD``) as a day."""
    from myorec.core.calendar import parse_day

    text = fields.get("date")
    if not isinstance(text, str):
        return dict(fields)
    try:
        return {**fields, "date": parse_day(text, today)}
    except ValueError as exc:
        raise InputError(str(exc), field="date") from None


def add_entry(db: Path, fields: Mapping[str, Any], today: dt.date) -> int:
    """Log one session typed by the user (a missing date is today); returns its id."""
    from myorec.core.entries import build_session

    session = build_session(typed_date({**fields, "date": fields.get("date") or today}, today), today)
    with open_log(db, create=True) as store:
        return store.add(session)


class Edited(NamedTuple):
    """A logged session before and after ``log edit`` changed it."""

    before: Session
    after: Session
    #: The profile, which judges the session's heart rate.
    profile: Profile

    @property
    def dropped_focus(self) -> str | None:
        """The focus the edit dropped though it was not asked to (the kind is no longer mobility)."""
        if self.before.focus is not None and self.after.focus is None and self.after.kind != self.before.kind:
            return self.before.focus.value
        return None


def edit_entry(db: Path, entry_id: int, changes: Mapping[str, Any], today: dt.date) -> Edited:
    """Change fields of a logged session, read and written in one transaction.

    ``changes`` holds only the fields to change. An intensity clears an RPE
    and an RPE an intensity; a focus of ``""`` removes the focus, and one is
    dropped when the kind becomes anything but mobility.
    """
    from myorec.core.entries import build_session
    from myorec.core.fields import entry_fields
    from myorec.core.sessions import Kind
    from myorec.core.text import choice_key

    before: list[Session] = []

    def change(logged: Session) -> Session:
        before[:] = [logged]
        fields = entry_fields(logged)
        if "intensity" in changes:
            fields["rpe"] = None
        if "rpe" in changes:
            fields["intensity"] = None
        new = typed_date(changes, today)
        if new.get("focus") == "":
            del new["focus"]
            fields["focus"] = None
        elif "focus" not in new and choice_key(new.get("kind", Kind.MOBILITY)) != Kind.MOBILITY:
            fields["focus"] = None  # a focus belongs to mobility sessions only
        return build_session({**fields, **new}, today)

    with open_log(db, create=False) as store:
        after = store.update(entry_id, change)
        profile = store.profile()
    return Edited(before[0], after, profile)


def remove_entries(db: Path, entry_ids: Iterable[int]) -> int:
    """Remove entries; if any id is unknown, nothing is removed. Returns how many were."""
    with open_log(db, create=False) as store:
        return store.remove(entry_ids)


def profile(db: Path) -> Profile:
    with open_log(db, create=False) as store:
        return store.profile()


def set_profile(db: Path, **fields: Any) -> Profile:
    """Change the given profile fields (None unsets one), keeping the others; returns the stored profile.

    Each value is checked before the log is opened, and the whole profile they
    make (a resting heart rate below the maximum) in the transaction that writes them.
    """
    from pydantic import ValidationError

    from myorec.core.sessions import Profile
    from myorec.core.validation import first_key_issue
    from myorec.formats.zones import zone

    def valid(values: Mapping[str, Any]) -> Profile:
        try:
            return Profile.model_validate(dict(values))
        except ValidationError as exc:
            key, reason = first_key_issue(exc, Profile)
            raise InputError(reason, field=key) from None

    given = valid(fields)  # before the log is opened: a bad value creates no file
    if given.timezone is not None:
        zone(given.timezone)
    with open_log(db, create=True) as store:
        store.update_profile(given.model_dump(include=set(fields)), lambda merged: valid(merged.model_dump()))
        return store.profile()


class ProfileRestore(NamedTuple):
    """What importing a file's profile did."""

    #: The fields the file set, which the log did not have.
    restored: dict[str, object]
    #: The fields the file would have changed, kept as they were: field -> (the log's, the file's).
    kept: dict[str, tuple[object, object]]


class ImportOutcome(NamedTuple):
    counts: ImportCounts
    #: What the reader left out (unmapped activity types, activities over a day, unreadable files).
    skips: Skips
    #: The activity mapping used (the file to edit: the rule folder's, else the shipped one), when
    #: the format maps activity types; and whether it is the rule folder's own.
    activities: Path | None
    profile: ProfileRestore
    #: Whether the mapping is the rule folder's own file (else the shipped one alone).
    own_mapping: bool = False
    #: The mapping's table the format reads (``strava``, ``fit``...).
    source: str | None = None


def restore_profile(logged: Profile, from_file: Profile | None) -> ProfileRestore:
    """What a file's profile restores: the fields the log does not have. One the log has is kept.

    A backup restores a fresh log whole; imported into a log in use, it never
    overwrites what the user set since.
    """
    restored: dict[str, object] = {}
    kept: dict[str, tuple[object, object]] = {}
    if from_file is None:
        return ProfileRestore(restored, kept)
    for key, value in from_file.model_dump().items():
        ours = getattr(logged, key)
        if value is None or value == ours:
            continue
        if ours is None:
            restored[key] = value
        else:
            kept[key] = (ours, value)
    return ProfileRestore(restored, kept)


def activity_map_path(rules_dir: Path) -> Path | None:
    """The rule folder's own activities.toml, or None (the shipped folder, or a folder without one)."""
    from myorec.formats.activities import ACTIVITIES_FILE
    from myorec.rulefolder.locate import default_rules_dir

    candidate = rules_dir / ACTIVITIES_FILE
    if rules_dir.resolve() == default_rules_dir().resolve():
        return None
    if candidate.is_symlink():
        # As for every rule file: a rule folder's links are never followed.
        raise InputError(
            "is a symbolic link; copy the file into the rule folder instead", file=str(candidate)
        )
    return candidate if candidate.is_file() else None


#: Which table of the activity mapping each format reads.
_MAPPING_TABLES = {
    "strava": "strava",
    "fit": "fit",
    "gpx": "gpx",
    "tcx": "gpx",
    "apple-health": "apple",
    "garmin-csv": "garmin",
}


class KindNotTakenError(MyorecError):
    """A kind was given for a format whose activities all name their type; the CLI names the option."""

    def __init__(self, file_format: str, file: str) -> None:
        super().__init__(f"is read as {file_format}, whose activities name their own type", file=file)
        self.file_format = file_format


class ImportOptions(NamedTuple):
    """How ``log import`` treats what it reads, beyond the file and its format."""

    #: The kind of activities whose type the mapping does not know (GPX, TCX).
    kind: str | None = None
    #: Add activities the log already holds from another source.
    keep_duplicates: bool = False
    #: Bring back activities removed with ``log rm`` before.
    restore_removed: bool = False


def import_file(
    db: Path,
    file: Path,
    file_format: str | None,
    rules_dir: Path,
    today: dt.date,
    progress: Callable[[int], None] | None = None,
    options: ImportOptions | None = None,
) -> ImportOutcome:
    """Add the sessions in ``file`` (or an export folder) to the log, all or nothing.

    The format is ``file_format``, else the file's extension's, else what its
    first bytes look like. ``progress`` is called with each chunk's size in
    bytes as the file is read. Start times go into the profile's time zone.
    A reader's error on a file that looks like another format says which.
    """
    from pydantic import ValidationError

    from myorec.core.sessions import Kind, Profile
    from myorec.core.validation import first_key_issue
    from myorec.formats import importers
    from myorec.formats.activities import ActivityMap, load_activity_map
    from myorec.formats.importers.common import FileProfile, ImportContext, Skips, check_import_file
    from myorec.formats.zones import profile_zone
    from myorec.rulefolder.locate import default_rules_dir

    options = options or ImportOptions()
    target, chosen = file, None
    if file.is_dir():
        chosen, target = importers.folder_format(file, file_format)
    check_import_file(target, None)
    label = str(file)
    try:
        handle = target.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=label) from None
    with handle:
        head = handle.peek(importers.SNIFF_BYTES)[: importers.SNIFF_BYTES]
        if chosen is None:
            chosen = importers.choose(file, file_format, head)
        if options.kind is not None and not chosen.takes_kind:
            raise KindNotTakenError(chosen.name, label)
        check_import_file(target, chosen.max_bytes)
        mapping: list[ActivityMap] = []
        own = activity_map_path(rules_dir) if chosen.maps_activities else None

        def activities() -> ActivityMap:
            if not mapping:
                from myorec.formats.activities import ACTIVITIES_FILE

                mapping.append(load_activity_map(default_rules_dir() / ACTIVITIES_FILE, own))
            return mapping[0]

        if chosen.maps_activities:
            activities()  # a broken mapping is reported before the log is opened
        kind = Kind(options.kind) if options.kind is not None else None
        stream = handle if progress is None else cast(BinaryIO, _Progress(handle, progress))
        found: list[ProfileRestore] = []

        def profile(logged: Profile) -> dict[str, object]:
            assert context.profile is not None
            found.append(restore_profile(logged, context.profile.profile))
            restored = found[0].restored
            try:  # a resting heart rate from the file against a maximum the log has, say
                Profile.model_validate({**logged.model_dump(), **restored})
            except ValidationError as exc:
                raise InputError(first_key_issue(exc, Profile)[1], file=label, item="profile") from None
            return restored

        with open_log(db, create=True) as store:
            zone = profile_zone(store.profile())
            context = ImportContext(
                label, today, activities, Skips(), zone=zone, path=target, kind=kind, profile=FileProfile()
            )
            try:
                counts = store.import_entries(
                    chosen.load().read(stream, context),
                    profile,
                    activities=chosen.maps_activities,
                    keep_duplicates=options.keep_duplicates,
                    restore_removed=options.restore_removed,
                )
            except InputError as exc:
                raise importers.misread(exc, chosen, file_format, head, target, label) from None
    restore = found[0] if found else ProfileRestore({}, {})
    return ImportOutcome(
        counts,
        context.skips,
        mapping[0].path if mapping else None,
        restore,
        own_mapping=own is not None,
        source=_MAPPING_TABLES.get(chosen.name),
    )


class _Progress:
    """A binary file that reports how many bytes each read returned."""

    def __init__(self, handle: Any, advance: Callable[[int], None]) -> None:
        self._handle = handle
        self._advance = advance

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def read(self, size: int = -1) -> bytes:
        data: bytes = self._handle.read(size)
        self._advance(len(data))
        return data

    def read1(self, size: int = -1) -> bytes:
        data: bytes = self._handle.read1(size)
        self._advance(len(data))
        return data

    def readinto(self, buffer: Any) -> int:
        count: int = self._handle.readinto(buffer)
        self._advance(count)
        return count

    readinto1 = readinto


def export_log(db: Path, file_format: str | None, output: Path | None, stdout: TextIO) -> None:
    """Write the whole log, oldest first, to ``output`` (replaced only once complete) or ``stdout``.

    The format is ``file_format``, else the output file's extension's, else CSV.
    """
    import io

    from myorec.formats.importers import export_format

    if output is not None:
        refuse_the_log_itself(db, output, "export to another file")
    writer = export_format(file_format, output).writer()
    buffer = io.StringIO() if output is not None else stdout
    with open_log(db, create=False) as store:
        writer.write(store.iter_entries(), buffer, store.profile())
    if output is not None:
        assert isinstance(buffer, io.StringIO)
        from myorec.app.files import replace_file

        replace_file(output, buffer.getvalue())


def refuse_the_log_itself(db: Path, output: Path, elsewhere: str) -> None:
    """A file written over the database (or its WAL files) would replace the log with text."""
    from myorec.store import log_files

    for part in log_files(db):
        same = output.resolve() == part.resolve()
        if same or (output.exists() and part.exists() and os.path.samefile(output, part)):
            raise InputError(f"is the activity log itself; {elsewhere}", file=str(output))
