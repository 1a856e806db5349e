"""Text for the activity log: entry tables and one-line summaries.

Pure functions returning strings; printing is the CLI's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from myorec.core.intensity import HeartRates, IntensitySource
from myorec.core.sessions import Kind, Session
from myorec.core.text import printable

if TYPE_CHECKING:
    from myorec.core.entries import Entry


def intensity_cell(session: Session, heart: HeartRates) -> str:
    """What a session counts as, and how that was decided: ``vigorous (avg HR 151 = 68 % HRR)``.

    A heart rate that could not be judged says why, so the user knows what to add to the profile.
    """
    decision = session.decide(heart)
    figures = decision.figures(session.rpe)
    if decision.source is IntensitySource.GIVEN or figures is None:
        return decision.intensity.value
    unjudged = session.kind is Kind.AEROBIC and heart.bands is None and (session.avg_hr or session.hr_seconds)
    if unjudged:
        figures += "; HR not judged: no age or max HR in the profile"
    return f"{decision.intensity.value} ({figures})"


def kind_cell(session: Session) -> str:
    """``mobility (balance)``, ``aerobic (impact)``: the kind and what else counts about it."""
    notes = [
        note
        for note in (session.focus.value if session.focus else None, "impact" if session.impact else None)
        if note
    ]
    return f"{session.kind.value} ({', '.join(notes)})" if notes else session.kind.value


def describe(entry_id: int, session: Session, heart: HeartRates) -> str:
    """``entry 5: 2026-11-24 aerobic 45 min vigorous "run"``."""
    name = f' "{printable(session.name)}"' if session.name else ""
    date = session.date.isoformat() if session.date else "?"
    intensity = intensity_cell(session, heart)
    return f"entry {entry_id}: {date} {kind_cell(session)} {session.minutes} min {intensity}{name}"


def render_entries(entries: Sequence[Entry], heart: HeartRates) -> str:
    from tabulate import tabulate  # only the tables need it, not describe (log edit)

    rows = [
        [
            e.id,
            e.session.date,
            kind_cell(e.session),
            e.session.minutes,
            intensity_cell(e.session, heart),
            printable(e.session.name) if e.session.name else None,
        ]
        for e in entries
    ]
    headers = ["id", "date", "kind", "minutes", "intensity", "name"]
    return tabulate(rows, headers=headers, tablefmt="simple", missingval="")
