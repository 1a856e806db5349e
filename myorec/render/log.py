"""Text for the activity log: entry tables and one-line summaries.

Pure functions returning strings; printing is the CLI's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from myorec.core.sessions import Session
from myorec.core.text import plain_number, printable

if TYPE_CHECKING:
    from myorec.core.entries import Entry


def intensity_cell(session: Session) -> str:
    """What was logged, and what it counts as when that is not an intensity."""
    if session.intensity is not None:
        return session.intensity.value
    if session.rpe is not None:
        return f"{session.effective_intensity.value} (RPE {plain_number(session.rpe)})"
    return f"{session.effective_intensity.value} (default)"


def kind_cell(session: Session) -> str:
    """``mobility (balance)``, ``aerobic (impact)``: the kind and what else counts about it."""
    notes = [
        note
        for note in (session.focus.value if session.focus else None, "impact" if session.impact else None)
        if note
    ]
    return f"{session.kind.value} ({', '.join(notes)})" if notes else session.kind.value


def describe(entry_id: int, session: Session) -> str:
    """``entry 5: 2026-11-24 aerobic 45 min vigorous "run"``."""
    name = f' "{printable(session.name)}"' if session.name else ""
    date = session.date.isoformat() if session.date else "?"
    return (
        f"entry {entry_id}: {date} {kind_cell(session)} {session.minutes} min {intensity_cell(session)}{name}"
    )


def render_entries(entries: Sequence[Entry]) -> str:
    from tabulate import tabulate  # only the tables need it, not describe (log edit)

    rows = [
        [
            e.id,
            e.session.date,
            kind_cell(e.session),
            e.session.minutes,
            intensity_cell(e.session),
            printable(e.session.name) if e.session.name else None,
        ]
        for e in entries
    ]
    headers = ["id", "date", "kind", "minutes", "intensity", "name"]
    return tabulate(rows, headers=headers, tablefmt="simple", missingval="")
