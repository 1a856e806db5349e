"""The file formats ``log import`` reads, one module each, and how one is chosen for a file.

A format module provides :class:`Importer`: ``sniff(head)`` says whether the
first bytes of a file look like its format, and ``read(stream, context)``
yields the file's sessions (with the source ids that recognise them when
imported again), recording what it skipped in ``context.skips``. This
registry describes each format without importing its module, so commands
that never import a file do not pay for the readers; a format is loaded when
a file is read with it. **A new format is one module plus one line in
:data:`FORMATS`**; ``log import --help``, its errors and the README list the
formats from here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, Protocol, TextIO

from myorec.errors import MyorecError

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
    """What a format module that ``log export`` writes provides besides :class:`Importer`."""

    def write(self, entries: Iterable[Entry], out: TextIO, profile: Profile) -> None: ...


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
        (),
        "activities.csv from a Strava bulk export",
        "myorec.formats.importers.strava",
        maps_activities=True,
    ),
)
FORMAT_NAMES: tuple[str, ...] = tuple(file_format.name for file_format in FORMATS)
EXPORT_NAMES: tuple[str, ...] = tuple(file_format.name for file_format in FORMATS if file_format.exports)


class UnknownFormatError(MyorecError):
    """Neither the file's name nor its content says which format it is; the CLI asks for --format."""


def by_name(name: str) -> FileFormat:
    return next(file_format for file_format in FORMATS if file_format.name == name)


def by_extension(path: Path) -> FileFormat | None:
    """The format a file's name ends in, if exactly one claims it."""
    name = path.name.lower()
    matches = [f for f in FORMATS if any(name.endswith(ending) for ending in f.extensions)]
    return matches[0] if len(matches) == 1 else None


def by_content(head: bytes) -> FileFormat | None:
    """The first format, in registry order, whose sniff recognises the file's first bytes."""
    for file_format in FORMATS:
        if file_format.load().sniff(head):
            return file_format
    return None


def choose(path: Path, given: str | None, head: bytes) -> FileFormat:
    """The format to read ``path`` with: the one given, else its extension's, else its content's."""
    if given is not None:
        return by_name(given)
    chosen = by_extension(path) or by_content(head)
    if chosen is None:
        raise UnknownFormatError("cannot tell the format from its name or content", file=str(path))
    return chosen


def export_format(given: str | None, output: Path | None) -> FileFormat:
    """The format ``log export`` writes: the one given, else the output file's extension's, else CSV."""
    if given is not None:
        return by_name(given)
    chosen = by_extension(output) if output is not None else None
    return chosen if chosen is not None and chosen.exports else by_name("csv")
