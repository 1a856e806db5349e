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


def routine_text(week: Week, heading: str = "") -> str:
    """A routine file holding ``week``: what :func:`parse_routine` reads back as the same week.

    Each session keeps what was logged (intensity or RPE, name, focus, impact,
    heart rate and its samples, start) and the profile every field it has, so
    the routine scores as the week did; text is written as TOML basic strings
    through JSON's escapes, which TOML shares, so a name holding quotes or
    control characters reads back as it was. ``heading`` becomes comment lines.
    """
    from myorec.core.fields import entry_fields

    lines = [f"# {line}".rstrip() for line in heading.splitlines()]
    if lines:
        lines.append("")
    profile = {key: value for key, value in week.profile.model_dump().items() if value is not None}
    if profile:
        lines.append("[profile]")
        lines += [f"{key} = {_toml_value(key, value)}" for key, value in profile.items()]
        lines.append("")
    for session in week.sessions:
        lines.append("[[session]]")
        day = {"day": session.day.value} if session.day is not None else {}
        samples = {"hr_seconds": [list(pair) for pair in session.hr_seconds]} if session.hr_seconds else {}
        for key, value in {**day, **entry_fields(session), **samples}.items():
            if value is not None and value is not False:
                lines.append(f"{key} = {_toml_value(key, value)}")
        lines.append("")
    return "\n".join(lines)


def _toml_value(key: str, value: object) -> str:
    """A plain value as TOML writes it: dates and times bare, text through JSON's escapes."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and key not in ("date", "start"):  # a date or time is bare in TOML
        return json.dumps(value)
    if isinstance(value, list):
        return json.dumps(value)
    return str(value)
