"""The file formats ``log import`` reads, one module each, and how one is chosen for a file.

A format module provides :class:`Importer`: ``sniff(head)`` says whether the
first bytes of a file look like its format, and ``read(stream, context)``
yields the file's sessions (with the source ids that recognise them when
imported again), recording what it skipped in ``context.skips``. A reader of
an archive or an export folder gets the file's path in the context, to find
the other files it names. This registry describes each format without
importing its module, so commands that never import a file do not pay for
the readers; a format is loaded when a file is read with it. **A new format
is one module plus one line in :data:`FORMATS`**; ``log import --help``, its
errors and the README list the formats from here.

A format is chosen from ``--format``, else the file's ending, else its
content; several formats share ``.csv`` and ``.zip``, so for those the
content decides (a zip's by the files it holds: ``activities.csv`` is
Strava's export, ``export.xml`` Apple Health's).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, Protocol, TextIO

from myorec.errors import InputError, MyorecError

if TYPE_CHECKING:
    from myorec.core.entries import Entry
    from myorec.core.sessions import Profile
    from myorec.formats.importers.common import ImportContext, Imported

#: Bytes of a file's start that a sniff sees.
SNIFF_BYTES = 4096


class Importer(Protocol):
    """What a format module provides."""

    def sniff(self, head: bytes) -> bool: ...

    def read(self, stream: BinaryIO, context: ImportContext) -> Iterator[Imported]: ...


class Exporter(Protocol):
    """What a format module that ``log export`` writes provides besides :class:`Importer`.

    ``profile`` is the log's; a format that can hold it writes it too.
    """

    def write(self, entries: Iterable[Entry], out: TextIO, profile: Profile | None = None) -> None: ...


class FileFormat(NamedTuple):
    #: The ``--format`` value.
    name: str
    #: File-name endings that mean this format (lower case, with the dot).
    extensions: tuple[str, ...]
    #: What the format is, for help texts.
    description: str
    #: The module that reads it (an :class:`Importer`).
    module: str
    #: Whether it maps activity types to kinds (through the rule folder's activities.toml).
    maps_activities: bool = False
    #: Whether ``log export`` writes it (myorec's own formats, which keep every field).
    exports: bool = False
    #: The largest file it reads (None: any size, streamed), in bytes.
    max_bytes: int | None = 50 * 1024 * 1024
    #: The file a zip or a folder of this format holds (by name), which marks it.
    contains: str | None = None
    #: Whether its activities may name no type, which ``--kind`` then gives (GPX, TCX).
    takes_kind: bool = False

    def load(self) -> Importer:
        module: Importer = importlib.import_module(self.module)
        return module

    def writer(self) -> Exporter:
        module: Exporter = importlib.import_module(self.module)
        return module


FORMATS: tuple[FileFormat, ...] = (
    FileFormat(
        "csv", (".csv",), "myorec's CSV (log export)", "myorec.formats.importers.myorec_csv", exports=True
    ),
    FileFormat(
        "json",
        (".json",),
        "myorec's JSON (log export --format json)",
        "myorec.formats.importers.myorec_json",
        exports=True,
    ),
    FileFormat(
        "strava",
        (".csv", ".zip"),
        "a Strava bulk export (its zip, its folder, or its activities.csv)",
        "myorec.formats.importers.strava",
        maps_activities=True,
        max_bytes=None,
        contains="activities.csv",
    ),
    FileFormat(
        "fit",
        (".fit", ".fit.gz"),
        "a FIT activity file (Garmin, Wahoo, Coros, Suunto)",
        "myorec.formats.importers.fit",
        maps_activities=True,
    ),
    FileFormat(
        "gpx",
        (".gpx", ".gpx.gz"),
        "a GPX track",
        "myorec.formats.importers.gpx",
        maps_activities=True,
        takes_kind=True,
    ),
    FileFormat(
        "tcx",
        (".tcx", ".tcx.gz"),
        "a TCX activity file",
        "myorec.formats.importers.tcx",
        maps_activities=True,
        takes_kind=True,
    ),
    FileFormat(
        "apple-health",
        (".zip", ".xml"),
        "an Apple Health export (export.zip or its export.xml)",
        "myorec.formats.importers.apple_health",
        maps_activities=True,
        max_bytes=None,
        contains="export.xml",
    ),
    FileFormat(
        "garmin-csv",
        (".csv",),
        "Garmin Connect's Activities.csv",
        "myorec.formats.importers.garmin_csv",
        maps_activities=True,
    ),
)
FORMAT_NAMES: tuple[str, ...] = tuple(file_format.name for file_format in FORMATS)
EXPORT_NAMES: tuple[str, ...] = tuple(file_format.name for file_format in FORMATS if file_format.exports)


class UnknownFormatError(MyorecError):
    """Neither the file's name nor its content says which format it is; the CLI asks for --format."""


def by_name(name: str) -> FileFormat:
    return next(file_format for file_format in FORMATS if file_format.name == name)


def by_extension(path: Path) -> list[FileFormat]:
    """The formats a file's name ends in (``.fit.gz`` as well as ``.fit``)."""
    name = path.name.lower()
    return [f for f in FORMATS if any(name.endswith(ending) for ending in f.extensions)]


ZIP_MAGIC = b"PK\x03\x04"
GZIP_MAGIC = b"\x1f\x8b"


def inflated(head: bytes) -> bytes:
    """The start of a gzip file's content, for sniffing a ``.gz`` whose name says nothing."""
    import zlib

    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


def by_content(head: bytes, among: Iterable[FileFormat] = FORMATS) -> FileFormat | None:
    """The first format, in registry order, whose sniff recognises the file's first bytes."""
    if head.startswith(GZIP_MAGIC):
        head = inflated(head)
    for file_format in among:
        if file_format.load().sniff(head):
            return file_format
    return None


def zip_members(path: Path) -> list[str] | None:
    """The names of the files in a zip, or None when it cannot be read as one (damaged or cut short)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return None


#: What a zip whose table of contents cannot be read is: a download cut short, usually.
DAMAGED_ZIP = "is a zip archive that is damaged or cut short; download or export it again"


def zip_format(path: Path) -> FileFormat | None:
    """The format of a zip by the files it holds (None: neither export's); a damaged zip is an error."""
    members = zip_members(path)
    if members is None:
        raise InputError(DAMAGED_ZIP, file=str(path))
    return by_contents(members)


def by_contents(names: Iterable[str]) -> FileFormat | None:
    """The format whose marking file is among ``names`` (a zip's members or a folder's files)."""
    basenames = {name.rstrip("/").rsplit("/", 1)[-1] for name in names}
    return next((f for f in FORMATS if f.contains is not None and f.contains in basenames), None)


def choose(path: Path, given: str | None, head: bytes) -> FileFormat:
    """The format to read ``path`` with: the one given, else its extension's, else its content's.

    A zip is known by the files it holds; an ending that several formats share
    (``.csv``) is decided by the content, and when nothing recognises it, by
    the first of them, whose reader then says what is wrong. A file no format
    claims is named for what it is, when its first bytes say that.
    """
    if given is not None:
        return by_name(given)
    if head.startswith(ZIP_MAGIC):
        chosen = zip_format(path)
        if chosen is None:
            raise _not_read(head, str(path))
        return chosen
    candidates = by_extension(path)
    if len(candidates) == 1:
        return candidates[0]
    chosen = by_content(head, candidates or FORMATS)
    if chosen is None and candidates:
        return candidates[0]
    if chosen is None:
        raise _not_read(head, str(path))
    return chosen


def _not_read(head: bytes, label: str) -> InputError | UnknownFormatError:
    """``is a PDF document; myorec does not import it``, else the question which format it is."""
    from myorec.formats.importers.identify import identify

    described = identify(head)
    if described is None:
        return UnknownFormatError("cannot tell the format from its name or content", file=label)
    return _not_imported(described, label)


def _not_imported(described: str, label: str) -> InputError:
    return InputError(f"is {described}; myorec does not import it", file=label)


def misread(
    exc: InputError, chosen: FileFormat, given: str | None, head: bytes, path: Path, label: str
) -> InputError:
    """The reader's error, or, when the file is plainly something else, what it is and how to read it.

    A zip is known by the files it holds, never by its first bytes: a zip
    whose members are stored uncompressed can start like a CSV. A file of a
    kind myorec does not import (a PNG, a KML) is called that, as it is
    without ``--format``, rather than given the reader's advice ("save it as
    UTF-8") for what it is not.
    """
    from myorec.formats.importers.identify import foreign, identify

    other = zip_format(path) if head.startswith(ZIP_MAGIC) else by_content(head)
    if other is not None and other.name != chosen.name:
        advice = "leave --format out" if given is not None else f"use --format {other.name}"
        return InputError(
            f"this looks like {other.description}, not {chosen.description}: {advice}", file=label
        )
    if other is None and (described := foreign(head)) is not None:
        return _not_imported(described, label)
    if other is None and (described := identify(head)) is not None:
        exc.reason += f" (the file is {described})"
    return exc


def folder_format(folder: Path, given: str | None) -> tuple[FileFormat, Path]:
    """The format of an unpacked export folder, and the file in it to read (``activities.csv``)."""
    readers = [f for f in FORMATS if f.contains is not None and (given is None or f.name == given)]
    for file_format in readers:
        assert file_format.contains is not None
        for candidate in (folder / file_format.contains, *folder.glob(f"*/{file_format.contains}")):
            if candidate.is_file():
                return file_format, candidate
    wanted = (
        " or ".join(f"{f.contains} ({f.name})" for f in readers) or "nothing: --format names a file format"
    )
    raise InputError(f"is a folder; myorec reads a folder holding {wanted}", file=str(folder))


def export_format(given: str | None, output: Path | None) -> FileFormat:
    """The format ``log export`` writes: the one given, else the output file's extension's, else CSV."""
    if given is not None:
        return by_name(given)
    writers = [f for f in by_extension(output) if f.exports] if output is not None else []
    return writers[0] if writers else by_name("csv")
