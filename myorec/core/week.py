"""One week to score: its sessions, the person's profile, and which ISO week it is.

A week is either a template week (sessions carry ``day = "mon".."sun"``) or a
dated week (every session has a date, all in one ISO week), never a mix.
Routine files, rule-set cases and the log all produce a :class:`Week`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from pydantic import ValidationError

from myorec.core.calendar import iso_week_label
from myorec.core.sessions import Profile, Session
from myorec.core.validation import item_errors
from myorec.errors import InputError


class Week(NamedTuple):
    sessions: tuple[Session, ...]
    profile: Profile
    #: ``YYYY-Www`` for a dated week, None for a template week.
    label: str | None


def week_sessions(raw: Sequence[Mapping[str, Any]]) -> tuple[list[Session], list[InputError]]:
    """The sessions of one week (a routine's or a rule-set case's) and every problem with them.

    Each session is valid with a day or a date; a session with problems is
    left out, and each of its problems named (``session 2: minutes: ...``),
    so a file is fixed in one pass rather than one error at a time.
    """
    sessions: list[Session] = []
    problems: list[InputError] = []
    for number, item in enumerate(raw, start=1):
        where = f"session {number}"
        try:
            session = Session.model_validate(item)
        except ValidationError as exc:
            problems += item_errors(exc, Session, where)
            continue
        if session.day is None and session.date is None:
            problems.append(InputError("give a day (mon..sun) or a date (YYYY-MM-DD)", item=where))
            continue
        sessions.append(session)
    return sessions, problems


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
