"""What a file is, from its first bytes, when it is none of the formats myorec reads.

Only error messages use it: a PDF given to ``log import`` should be called a
PDF, not "not UTF-8 text; save it as UTF-8". Each entry is a test on the
file's start and the words for what it is, with a hint where one helps.
A file of a kind myorec does not import is called that whatever ``--format``
says; one of a kind it reads, saved in a way it does not, keeps the reader's
error, with the hint after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from myorec.formats.importers import GZIP_MAGIC, ZIP_MAGIC, inflated

#: (test on the first bytes, what the file is): the first that matches names it.
_FOREIGN: tuple[tuple[Callable[[bytes], bool], str], ...] = (
    (lambda head: head.startswith(b"%PDF"), "a PDF document"),
    (lambda head: head.startswith(b"\x89PNG"), "a PNG image"),
    (lambda head: head.startswith(b"\xff\xd8\xff"), "a JPEG image"),
    (lambda head: head[:6] in (b"GIF87a", b"GIF89a"), "a GIF image"),
    (
        lambda head: head.startswith(b"SQLite format 3\x00"),
        "an SQLite database (a myorec log is used with --db, not imported)",
    ),
    (
        lambda head: head.startswith(b"PK\x03\x04") and b"[Content_Types].xml" in head,
        "an Office document (.xlsx or .docx): save the sheet as CSV",
    ),
    (
        lambda head: head.startswith(b"PK\x03\x04") and b"application/vnd.oasis.opendocument" in head,
        "an OpenDocument file (.ods): save the sheet as CSV",
    ),
    (
        lambda head: head.startswith(ZIP_MAGIC),
        "a zip archive holding neither a Strava export's activities.csv nor Apple Health's export.xml",
    ),
    # Only one that inflates: a damaged .fit.gz is left to its reader, which says what is wrong.
    (
        lambda head: head.startswith(GZIP_MAGIC) and bool(inflated(head)),
        "a gzip-compressed file of a kind myorec does not read",
    ),
    (lambda head: _root(head) == "kml", "a KML file (Google Earth), which holds places, not workouts"),
    (lambda head: _root(head) == "pwx", "a PWX file (TrainingPeaks): export the workout as FIT or TCX"),
    (
        lambda head: _root(head) == "ClinicalDocument",
        "Apple Health's clinical records (export_cda.xml): import export.zip or export.xml",
    ),
)
#: Files of a kind myorec reads, saved in a way it does not: how to save them instead.
_MISSAVED: tuple[tuple[Callable[[bytes], bool], str], ...] = (
    (
        lambda head: head.lstrip(b'\xef\xbb\xbf"').startswith("Aktivitätstyp".encode()),
        "a Garmin Connect export with German headers: export it with English as Garmin Connect's language",
    ),
)

_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")


def _root(head: bytes) -> str | None:
    """The name of an XML document's first element, past its declaration, comments and DTD."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        return None
    match = _ROOT.search(text)
    return match.group(2).decode("ascii", "replace") if match else None


def foreign(head: bytes) -> str | None:
    """What the file is (``a PDF document``) when it is of a kind myorec does not import, else None."""
    return next((description for test, description in _FOREIGN if test(head)), None)


def identify(head: bytes) -> str | None:
    """What the file is, myorec's kind or not, or None when its start says nothing known."""
    return foreign(head) or next((description for test, description in _MISSAVED if test(head)), None)
