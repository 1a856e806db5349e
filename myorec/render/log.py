"""Text for the activity log: entry listings and one-line summaries.

Pure functions returning strings; printing is the CLI's job. A listing is
drawn line by line as its entries are read, its columns laid out beforehand
from the selection's size, so ``log list | head`` answers at once on any log.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from myorec.core.intensity import HeartRates, IntensitySource
from myorec.core.sessions import Kind, Session
from myorec.core.text import printable
from myorec.render.tables import Column, Layout, delimited_lines, fitted_widths, render_table, simple_lines

if TYPE_CHECKING:
    from myorec.core.entries import EntryRow, SelectionSize

HEADERS = ("id", "date", "kind", "min", "intensity", "source", "name")
#: The widest intensity cell: ``moderate (default)``, ``vigorous (RPE 7.5)``; with heart rates,
#: ``vigorous (avg HR 151 = 78 % of max HR)`` or ``vigorous (HR samples: 30 vigorous min)`` (samples
#: in several bands, or a heart rate the profile cannot judge, wrap).
_INTENSITY = 18
_INTENSITY_HR = 38
#: Styles drawn line by line as the entries are read; the others need every row first.
_STREAMED = frozenset({"simple", "plain", "csv", "tsv"})


#: A heart rate the profile cannot judge, in a listing's cell; the note under the listing says why.
UNJUDGED = "HR unjudged"
UNJUDGED_NOTE = (
    f"{UNJUDGED}: a heart rate counts once the profile has an age or a maximum heart rate "
    "('myorec profile set --age N')."
)


def intensity_cell(session: Session, heart: HeartRates, *, why: bool = False) -> str:
    """What a session counts as, and how that was decided: ``vigorous (avg HR 151 = 68 % HRR)``.

    A heart rate that could not be judged says so, and with ``why`` what to
    add to the profile (a listing says that once, under its rows).
    """
    decision = session.decide(heart)
    figures = decision.figures(session.rpe)
    if decision.source is IntensitySource.GIVEN or figures is None:
        return decision.intensity.value
    unjudged = session.kind is Kind.AEROBIC and heart.bands is None and (session.avg_hr or session.hr_seconds)
    if unjudged:
        figures += f"; {UNJUDGED}" + (": set age or max HR" if why else "")
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
    intensity = intensity_cell(session, heart, why=True)
    return f"entry {entry_id}: {date} {kind_cell(session)} {session.minutes} min {intensity}{name}"


def listing_rows(rows: Iterable[EntryRow], heart: HeartRates) -> Iterator[list[str]]:
    """Each entry's cells; those of a shape many entries share are written once.

    A shape holds all but an entry's date and name, so what it counts as,
    judged against the profile's ``heart`` rates, is the same for all of them.
    """
    shapes: dict[int, tuple[Session, list[str]]] = {}  # by id: the shape is kept, so its id is too
    for row in rows:
        known = shapes.get(id(row.shape))
        if known is None:
            shape = row.shape
            cells = [kind_cell(shape), str(shape.minutes), intensity_cell(shape, heart)]
            known = shapes[id(shape)] = (shape, cells)
        kind, minutes, intensity = known[1]
        name = printable(row.name) if row.name else ""
        yield [str(row.id), row.date.isoformat(), kind, minutes, intensity, printable(row.source), name]


def listing_columns(size: SelectionSize) -> list[Column]:
    """The listing's columns, as wide as the selection's widest values and as narrow as they wrap."""
    # On a narrow terminal a focus or impact note goes under its kind first (few entries have
    # one), then names wrap, then what an intensity counts as goes under it; a source is cut last.
    # Heart-rate figures, in the few entries that have them, wrap before the names do (to a
    # plain intensity's width).
    heart = size.heart_rates
    return [
        Column("id", len(str(size.largest_id)), len(str(size.largest_id)), right=True),
        Column("date", 10, 10),
        Column("kind", size.longest_kind, len("(mind_body,"), rank=0),
        Column("min", 4, 4, right=True),
        Column(
            "intensity",
            _INTENSITY_HR if heart else _INTENSITY,
            _INTENSITY if heart else len("(RPE 7.5)"),
            rank=1 if heart else 2,
        ),
        Column("source", size.longest_source, 10, rank=3),
        Column("name", size.longest_name, 12, rank=2 if heart else 1),
    ]


def render_entries(
    entries: Iterable[EntryRow], size: SelectionSize, layout: Layout, heart: HeartRates
) -> Iterator[str]:
    """The listing's lines, header first: streamed in ``simple``, ``plain``, CSV and TSV.

    Under a table, a note says why a heart rate went unjudged, once for all its rows.
    """
    rows = listing_rows(entries, heart)
    if layout.table_format in ("csv", "tsv"):
        lines = delimited_lines(itertools.chain([HEADERS], rows), layout.table_format)
        yield from (line.removesuffix("\n") for line in lines)
        return
    unjudged = False

    def watched() -> Iterator[list[str]]:
        nonlocal unjudged
        for row in rows:
            unjudged = unjudged or UNJUDGED in row[4]
            yield row

    if layout.table_format in _STREAMED:
        columns = listing_columns(size)
        yield from simple_lines(columns, fitted_widths(columns, layout.width), watched(), layout)
    else:
        yield _whole_table(list(watched()), listing_columns(size), layout)
    if unjudged and not layout.data_only:
        yield ""
        yield from layout.fill(UNJUDGED_NOTE)


def _whole_table(rows: list[list[str]], columns: list[Column], layout: Layout) -> str:
    """The listing in any other tabulate style, drawn once every row is read, narrowed to the width.

    Such a style draws a border and padding around each cell: the columns are
    fitted to what that leaves, and once more should wrapping leave them wider.
    """
    align = ["right" if column.right else "left" for column in columns]
    if not layout.wraps or layout.width is None:
        return render_table(rows, HEADERS, layout, colalign=align)
    room = layout.width - 4  # the outer borders and their padding: "| " and " |"
    table = ""
    for _ in range(3):
        widths = fitted_widths(columns, room, gap=3)
        table = render_table(rows, HEADERS, layout, maxcolwidths=widths, colalign=align)
        excess = max(len(line) for line in table.splitlines()) - layout.width
        if excess <= 0:
            break
        room -= excess
    return table
