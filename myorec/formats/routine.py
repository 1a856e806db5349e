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
from myorec.core.validation import item_errors
from myorec.core.week import Week, week_label, week_sessions
from myorec.errors import InputError, MyorecError, one_error
from myorec.formats.toml import parse_toml_bytes
from myorec.formats.zones import zone

_TOP_LEVEL = ("profile", "session")


def parse_routine(data: bytes, label: str) -> Week:
    """Validate a routine file's bytes into its week: sessions, profile and week label.

    Every problem in the file is reported at once (a :class:`~myorec.errors.ProblemsError`
    when there are several), each naming the file and where in it.
    """
    document = parse_toml_bytes(data, label)
    problems: list[MyorecError] = [
        InputError(
            f"{unknown_key(key, _TOP_LEVEL, 'top-level key')}; a routine has [profile] and [[session]] tables"
        )
        for key in document
        if key not in _TOP_LEVEL
    ]
    profile = _profile(document.get("profile", {}), problems)
    sessions = _sessions(document.get("session", []), problems)
    try:
        label_of_week = week_label(sessions)
    except InputError as exc:
        problems.append(exc)
    if problems:
        raise one_error(problems, file=label)
    return Week(tuple(sessions), profile, label_of_week)


def _profile(raw: Any, problems: list[MyorecError]) -> Profile:
    if not isinstance(raw, dict):
        problems.append(InputError("[profile] must be a table, e.g. [profile] then age = 52"))
        return Profile()
    try:
        profile = Profile.model_validate(raw)
    except ValidationError as exc:
        problems += item_errors(exc, Profile, "profile")
        return Profile()
    if profile.timezone is not None:
        try:
            zone(profile.timezone)
        except InputError as exc:
            problems.append(exc.located(item="profile"))
            return Profile()
    return profile


def _sessions(raw: Any, problems: list[MyorecError]) -> list[Session]:
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        problems.append(InputError("'session' must be a list of [[session]] tables"))
        return []
    sessions, found = week_sessions(raw)
    problems += found
    return sessions
