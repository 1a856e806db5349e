"""myorec's JSON format: ``{"profile": {...}, "entries": [...]}``, entries as ``log list --json`` has them.

``log export`` writes the profile beside the entries, so that a backup
restores both; a bare list of entries (what exports held before) still
imports. What an entry counts as and how that was decided (``counts_as``,
``intensity_source``...) are written for readers and ignored when read back:
they are judged again from the profile whenever the log is read. A JSON
document is parsed whole, which the 50 MiB import limit bounds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, TextIO

from pydantic import ValidationError

from myorec.core.entries import Entry, listed_entry
from myorec.core.fields import DERIVED_KEYS, JSON_KEYS
from myorec.core.sessions import Profile
from myorec.core.text import unknown_key
from myorec.core.validation import first_key_issue
from myorec.errors import InputError, MyorecError
from myorec.formats.importers.common import ImportContext, Imported, SourceGuard, sourced, text_lines
from myorec.formats.toml import parse_limits
from myorec.formats.zones import zone

#: The keys of the document ``log export --format json`` writes.
DOCUMENT_KEYS = ("profile", "entries")


def sniff(head: bytes) -> bool:
    """A JSON list or object: its first character, after any byte-order mark and white space."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")


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
    try:
        items = _entries(document, context)
    except MyorecError as exc:
        raise exc.located(file=label, field_noun="field") from None
    guard = SourceGuard()
    for number, item in enumerate(items, start=1):
        where = f"entry {number}"
        try:
            yield _entry(item, context, guard, where)
        except MyorecError as exc:
            raise exc.located(file=label, item=where, field_noun="field") from None


def _entries(document: object, context: ImportContext) -> list[Any]:
    """The document's entries; its profile, when it has one, goes to ``context.profile``."""
    if isinstance(document, list):
        return document
    expected = "expected a JSON object with 'profile' and 'entries', as the log's JSON export writes"
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise InputError(expected)
    unknown = [key for key in document if key not in DOCUMENT_KEYS]
    if unknown:
        raise InputError(f"{unknown_key(unknown[0], DOCUMENT_KEYS)}; {expected}")
    raw = document.get("profile", {})
    if not isinstance(raw, dict):
        raise InputError('must be an object such as {"age": 52}', item="profile")
    try:
        profile = Profile.model_validate(raw)
    except ValidationError as exc:
        key, reason = first_key_issue(exc, Profile)
        raise InputError(reason, item="profile", field=key) from None
    if profile.timezone is not None:
        try:
            zone(profile.timezone)
        except InputError as exc:
            raise exc.located(item="profile") from None
    if context.profile is not None:
        context.profile.profile = profile
    entries: list[Any] = document["entries"]
    return entries


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


def write(entries: Iterable[Entry], out: TextIO, profile: Profile | None = None) -> None:
    """The profile and every entry as ``log list --json`` shows it, oldest first, as :func:`read` reads."""
    logged = profile or Profile()
    document = {
        "profile": logged.model_dump(),
        "entries": [listed_entry(entry, logged.heart_rates) for entry in entries],
    }
    out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
