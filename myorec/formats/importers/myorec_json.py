"""myorec's JSON format: a list of entry objects with the keys of ``log list --json``.

What an entry counts as and how that was decided (``counts_as``,
``intensity_source``...) are written for readers and ignored when read back:
they are judged again from the profile whenever the log is read.

A JSON document is parsed whole, which the 50 MiB import limit bounds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from myorec.core.entries import Entry, listed_entry
from myorec.core.fields import DERIVED_KEYS, JSON_KEYS
from myorec.core.sessions import Profile
from myorec.core.text import unknown_key
from myorec.errors import InputError, MyorecError
from myorec.formats.importers.common import ImportContext, Imported, SourceGuard, sourced, text_lines
from myorec.formats.toml import parse_limits


def sniff(head: bytes) -> bool:
    """A JSON list: its first character, after any byte-order mark and white space."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"["


def read(stream: BinaryIO, context: ImportContext) -> Iterator[Imported]:
    """(session, source id) pairs, one per object; ``id`` is ignored (the log gives new ids)."""
    label = context.label
    text = "".join(text_lines(stream, label))
    with parse_limits(label, "JSON", "lists or objects", InputError):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"invalid JSON: {exc.msg}", file=label, line=exc.lineno, column=exc.colno
            ) from None
    if not isinstance(document, list):
        raise InputError("expected a JSON list of entry objects, as the log's JSON export writes", file=label)
    guard = SourceGuard()
    for number, item in enumerate(document, start=1):
        where = f"entry {number}"
        try:
            yield _entry(item, context, guard, where)
        except MyorecError as exc:
            raise exc.located(file=label, item=where, field_noun="field") from None


def _entry(item: object, context: ImportContext, guard: SourceGuard, where: str) -> Imported:
    if not isinstance(item, dict):
        raise InputError(f"expected an object with {', '.join(JSON_KEYS)}")
    unknown = [key for key in item if key not in JSON_KEYS]
    if unknown:
        raise InputError(f"{unknown_key(unknown[0], JSON_KEYS, 'field')}; allowed: {', '.join(JSON_KEYS)}")
    fields = {key: value for key, value in item.items() if key != "id" and key not in DERIVED_KEYS}
    session, source = sourced(fields, context.today)
    guard.check(source, session, where)
    return session, source


def write(entries: Iterable[Entry], out: TextIO, profile: Profile) -> None:
    """Every entry as an object, oldest first, as ``log list --json`` shows it; :func:`read` reads it back."""
    heart = profile.heart_rates
    document = [listed_entry(entry, heart) for entry in entries]
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
