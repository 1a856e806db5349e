"""Routine files: a week of sessions written by hand in TOML.

A routine is either a template week (sessions carry ``day = "mon".."sun"``)
or a dated week (``date = 2026-11-23``), never a mix; a dated routine must
fall in one ISO week (see :mod:`myorec.core.week`). Parsing is data-only
(tomllib + pydantic).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from myorec.core.sessions import Profile, Session
from myorec.core.text import unknown_key
from myorec.core.validation import first_key_issue
from myorec.core.week import Week, week_label, week_session
from myorec.errors import InputError, MyorecError
from myorec.formats.toml import parse_toml_bytes
from myorec.formats.zones import zone

_TOP_LEVEL = ("profile", "session")


def parse_routine(data: bytes, label: str) -> Week:
    """Validate a routine file's bytes into its week: sessions, profile and week label."""
    document = parse_toml_bytes(data, label)
    for key in document:
        if key not in _TOP_LEVEL:
            raise InputError(
                f"{unknown_key(key, _TOP_LEVEL, 'top-level key')}; "
                "a routine has [profile] and [[session]] tables",
                file=label,
            )
    try:
        profile = _profile(document.get("profile", {}))
        sessions = _sessions(document.get("session", []))
        return Week(tuple(sessions), profile, week_label(sessions))
    except MyorecError as exc:
        raise exc.located(file=label) from None


def _profile(raw: Any) -> Profile:
    if not isinstance(raw, dict):
        raise InputError("[profile] must be a table, e.g. [profile] then age = 52")
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
    return profile


def _sessions(raw: Any) -> list[Session]:
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise InputError("'session' must be a list of [[session]] tables")
    return [week_session(number, item) for number, item in enumerate(raw, start=1)]
