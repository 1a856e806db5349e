"""What a file is, from its first bytes, when it is none of the formats myorec reads.

Only error messages use it: a PDF given to ``log import`` should be called a
PDF, not "not UTF-8 text; save it as UTF-8". Each entry is a test on the
file's start and the words for what it is, with a hint where one helps.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: (test on the first bytes, what the file is): the first that matches names it.
_KNOWN: tuple[tuple[Callable[[bytes], bool], str], ...] = (
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
        lambda head: head.startswith(b"PK\x03\x04"),
        "a zip archive holding neither a Strava export's activities.csv nor Apple Health's export.xml",
    ),
    (lambda head: head.startswith(b"\x1f\x8b"), "a gzip-compressed file of a kind myorec does not read"),
    (lambda head: _root(head) == "kml", "a KML file (Google Earth), which holds places, not workouts"),
    (lambda head: _root(head) == "pwx", "a PWX file (TrainingPeaks): export the workout as FIT or TCX"),
    (
        lambda head: _root(head) == "ClinicalDocument",
        "Apple Health's clinical records (export_cda.xml): import export.zip or export.xml",
    ),
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


def identify(head: bytes) -> str | None:
    """What the file is (``a PDF document``), or None when its start says nothing known."""
    return next((description for test, description in _KNOWN if test(head)), None)
