"""Routine files: a week of sessions written by hand in TOML.

A routine is either a template week (sessions carry ``day = "mon".."sun"``)
or a dated week (``date = 2026-11-23``), never a mix; a dated routine must
fall in one ISO week. Parsing is data-only (tomllib + pydantic).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from pydantic import ValidationError

from myorec.errors import InputError
from myorec.models import (
    EARLIEST_DATE,
    LATEST_DATE,
    Profile,
    Session,
    describe_validation_error,
    iso_week_label,
    shown,
    suggest,
)
from myorec.tomlfile import parse_toml_bytes

_TOP_LEVEL = ("profile", "session")


class Routine(NamedTuple):
    sessions: tuple[Session, ...]
    age: int | None
    #: ``YYYY-Www`` for a dated routine, None for a template week.
    week: str | None


_ISO_WEEK = re.compile(r"(?P<year>[0-9]{4})-W(?P<week>[0-9]{1,2})")


def parse_iso_week(text: str) -> tuple[dt.date, dt.date]:
    """``YYYY-Www`` -> (Monday, Sunday) of that ISO week, or a clear error."""
    match = _ISO_WEEK.fullmatch(text.strip().upper())
    if match is None:
        raise InputError(f"invalid ISO week {shown(text)}: write it as YYYY-Www, e.g. 2026-W48")
    year, week = int(match["year"]), int(match["week"])
    years = (
        f"invalid ISO week {shown(text)}: myorec handles the years {EARLIEST_DATE.year} to {LATEST_DATE.year}"
    )
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
            raise InputError(years) from None
        # Week 53 exists only in some years (those whose 28 December falls in it).
        last = dt.date(year, 12, 28).isocalendar().week
        raise InputError(f"invalid ISO week {shown(text)}: {year} has weeks 1 to {last}") from None
    if not EARLIEST_DATE.year <= monday.year <= LATEST_DATE.year:
        raise InputError(years)
    return monday, monday + dt.timedelta(days=6)


def parse_routine(data: bytes, label: str) -> Routine:
    """Validate a routine file's bytes into sessions, an age and a week label."""
    document = parse_toml_bytes(data, label)
    for key in document:
        if key not in _TOP_LEVEL:
            raise InputError(
                f"{label}: unknown top-level key {shown(key)}{suggest(key, _TOP_LEVEL)}; "
                "a routine has [profile] and [[session]] tables"
            )
    profile = _profile(document.get("profile", {}), label)
    sessions = _sessions(document.get("session", []), label)
    return Routine(tuple(sessions), profile.age, _week_of(sessions, label))


def _profile(raw: Any, label: str) -> Profile:
    if not isinstance(raw, dict):
        raise InputError(f"{label}: [profile] must be a table, e.g. [profile] then age = 52")
    try:
        return Profile.model_validate(raw)
    except ValidationError as exc:
        raise InputError(f"{label}: profile: {describe_validation_error(exc, Profile)}") from None


def _sessions(raw: Any, label: str) -> list[Session]:
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        raise InputError(f"{label}: 'session' must be a list of [[session]] tables")
    try:
        return [week_session(number, item) for number, item in enumerate(raw, start=1)]
    except InputError as exc:
        raise InputError(f"{label}: {exc}") from None


def _week_of(sessions: Sequence[Session], label: str) -> str | None:
    try:
        return week_label(sessions)
    except InputError as exc:
        raise InputError(f"{label}: {exc}") from None


def week_session(number: int, raw: dict[str, Any]) -> Session:
    """Session ``number`` of one week (a routine's or a rule-set case's): valid, with a day or a date."""
    try:
        session = Session.model_validate(raw)
    except ValidationError as exc:
        raise InputError(f"session {number}: {describe_validation_error(exc, Session)}") from None
    if session.day is None and session.date is None:
        raise InputError(f"session {number}: give a day (mon..sun) or a date (YYYY-MM-DD)")
    return session


def week_label(sessions: Sequence[Session]) -> str | None:
    """The ISO week of dated sessions (None for a template week); they must make one week."""
    dated = [s for s in sessions if s.date is not None]
    if dated and len(dated) != len(sessions):
        raise InputError(
            "mixes sessions with 'day' and sessions with 'date'; "
            "a week is either a template week (day) or a dated week (date)"
        )
    weeks = sorted({iso_week_label(s.date) for s in dated if s.date is not None})
    if len(weeks) > 1:
        raise InputError(
            f"dated sessions fall in {len(weeks)} ISO weeks ({', '.join(weeks)}); a week file covers one week"
        )
    return weeks[0] if weeks else None
