"""What the table renderers share: the output's layout (style, width, symbols) and tables in any style.

Every command that prints a table takes ``--format``: any tabulate style, or
``csv``. The data styles (CSV, TSV, HTML) print the table alone, header and
rows, with plain values (no bars, no prose around it), so they paste into a
spreadsheet or a page; the terminal styles fit the terminal's width.
"""

from __future__ import annotations

import itertools
import operator
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

#: The table style of ``--format`` when none is given.
DEFAULT_TABLE_FORMAT = "rounded_grid"
#: Styles that print the data alone: header and rows, nothing around them.
DATA_FORMATS = frozenset({"csv", "tsv", "html", "unsafehtml"})
#: Styles myorec writes itself rather than tabulate: delimited text, one line per row, no padding.
_DELIMITED = {"csv": ",", "tsv": "\t"}
#: Styles drawn for reading on a terminal, beside the grid and outline families.
_TERMINAL_STYLES = frozenset({"plain", "simple", "psql", "pretty", "presto"})

#: What an output that cannot show a symbol shows instead (cp1252 has no ≥ or █; ASCII not even …).
ASCII_STAND_INS: dict[str, str] = {
    "≥": ">=",
    "≤": "<=",
    "…": "...",
    "→": "->",
    "×": "x",
    "·": "-",
    "–": "-",
    "—": "-",
    "█": "#",
    "░": ".",
    # The trend's sparkline, lowest to highest (its top block is █ above).
    "▁": "_",
    "▂": ".",
    "▃": ":",
    "▄": "-",
    "▅": "=",
    "▆": "+",
    "▇": "*",
}
#: Characters an output must be able to show for myorec to draw them.
SYMBOLS = "≥…█"
#: Joins the words of a phrase that wrapping must not split (a private-use character no text holds).
_GLUE = "\ue000"


def unbroken(phrase: str) -> str:
    """``phrase`` kept on one line when :meth:`Layout.fill` wraps the text it is part of."""
    return phrase.replace(" ", _GLUE)


def ascii_text(text: str) -> str:
    """``text`` with each symbol of :data:`ASCII_STAND_INS` replaced by its stand-in."""
    if text.isascii():
        return text
    return "".join(ASCII_STAND_INS.get(char, char) for char in text)


def ascii_stand_in(char: str) -> str:
    """One character an output cannot show: its stand-in, a box-drawing line's shape, else ``?``."""
    if char in ASCII_STAND_INS:
        return ASCII_STAND_INS[char]
    if "\u2500" <= char <= "\u257f":  # box drawing: the lines of a grid table
        import unicodedata

        name = unicodedata.name(char, "")
        if "HORIZONTAL" in name and "VERTICAL" not in name:
            return "=" if "DOUBLE" in name else "-"
        if "VERTICAL" in name and "HORIZONTAL" not in name:
            return "|"
        return "+"
    return "?"


class Layout(NamedTuple):
    """How a command's output is laid out: the table style, the terminal's width, and its symbols."""

    table_format: str = DEFAULT_TABLE_FORMAT
    #: The terminal's width in columns; None when unknown (output to a file or pipe): nothing is narrowed.
    width: int | None = None
    #: The output cannot show ``≥ █ …``: tables are drawn with ASCII stand-ins, still aligned.
    ascii: bool = False

    @property
    def data_only(self) -> bool:
        """The style prints the table alone, with plain values: CSV, TSV, HTML."""
        return self.table_format in DATA_FORMATS

    @property
    def wraps(self) -> bool:
        return wraps_cells(self.table_format)

    def text(self, text: str) -> str:
        """Text as this output shows it (with ASCII stand-ins where it must)."""
        return ascii_text(text) if self.ascii else text

    def fill(self, text: str, indent: str = "", first: str = "") -> list[str]:
        """Prose as lines that fit the width (all of it on one line when the width is unknown).

        ``first`` starts the first line and ``indent`` the others; words are
        never broken, not even at a hyphen, nor an :func:`unbroken` phrase.
        """
        text = self.text(text)
        if self.width is None:
            lines = [first + text]
        else:
            lines = textwrap.wrap(
                text,
                max(self.width, len(first) + 20),
                initial_indent=first,
                subsequent_indent=indent,
                break_on_hyphens=False,
                break_long_words=False,
            ) or [first]
        return [line.replace(_GLUE, " ") for line in lines]

    def fits(self, text: str) -> bool:
        """Whether every line of ``text`` fits the width (always, when the width is unknown)."""
        return self.width is None or all(len(line) <= self.width for line in text.splitlines())


def wraps_cells(table_format: str) -> bool:
    """Whether a style shows a long cell over several lines, still read as one row.

    Terminal styles do (tabulate lines the continuation up under its column).
    In Markdown, TSV, HTML or LaTeX a cell with line breaks becomes extra rows
    or breaks the row, so those styles keep one line per row, unwrapped.
    """
    return table_format in _TERMINAL_STYLES or "grid" in table_format or "outline" in table_format


def table_formats() -> list[str]:
    """Every style ``--format`` takes: tabulate's, and CSV."""
    from tabulate import tabulate_formats

    return sorted({*tabulate_formats, *_DELIMITED})


def render_table(
    rows: Sequence[Sequence[Any]], headers: Sequence[str], layout: Layout, **options: Any
) -> str:
    """``rows`` under ``headers`` in the layout's style; ``options`` go to tabulate (widths, alignment).

    CSV and TSV are written by the csv module: one line per row, values as
    they are (tabulate pads TSV cells, which a spreadsheet keeps as spaces).
    """
    if layout.ascii:
        rows = [[ascii_text(cell) if isinstance(cell, str) else cell for cell in row] for row in rows]
        headers = [ascii_text(header) for header in headers]
    if layout.table_format in _DELIMITED:
        return "".join(delimited_lines([headers, *rows], layout.table_format)).removesuffix("\n")
    from tabulate import tabulate

    return tabulate(rows, headers=list(headers), tablefmt=layout.table_format, **options)


def delimited_lines(rows: Iterable[Sequence[Any]], table_format: str) -> Iterable[str]:
    """Rows as CSV or TSV lines, each ending in a line break; None is an empty cell."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=_DELIMITED[table_format], lineterminator="\n")
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
        yield out.getvalue()
        out.seek(0)
        out.truncate()


class Column(NamedTuple):
    """A column of a table drawn line by line, whose widths are known before its rows are read."""

    header: str
    #: As wide as its widest cell (or its header).
    width: int
    #: The narrowest it may wrap to, on a narrow terminal.
    narrowest: int
    right: bool = False
    #: When it gives way on a narrow terminal: lowest first (None: never).
    rank: int | None = None


def fitted_widths(columns: Sequence[Column], width: int | None, gap: int = 2) -> list[int]:
    """Each column's width: as wide as it is or, column by column in rank order, narrowed to fit ``width``."""
    widths = [max(column.width, len(column.header)) for column in columns]
    if width is None:
        return widths
    excess = sum(widths) + gap * (len(columns) - 1) - width
    ranked = sorted((column.rank, index) for index, column in enumerate(columns) if column.rank is not None)
    for _, index in ranked:
        if excess <= 0:
            break
        floor = max(columns[index].narrowest, len(columns[index].header))
        given = min(excess, max(0, widths[index] - floor))
        widths[index] -= given
        excess -= given
    return widths  # as narrow as it goes: a terminal narrower still gets longer lines


def simple_lines(
    columns: Sequence[Column], widths: Sequence[int], rows: Iterable[Sequence[str]], layout: Layout
) -> Iterable[str]:
    """The rows as tabulate's ``simple`` style draws them (``plain``: without the rule under the header).

    Drawn as the rows come, so the first lines are out before the last row
    is read; a cell longer than its column wraps onto lines of its own.
    """
    line = "  ".join(
        f"{{:{'>' if column.right else '<'}{size}}}" for column, size in zip(columns, widths, strict=True)
    )
    yield line.format(*(column.header for column in columns)).rstrip()
    if layout.table_format != "plain":
        yield line.format(*("-" * size for size in widths)).rstrip()
    for row in rows:
        if layout.ascii:
            row = [ascii_text(cell) for cell in row]
        if all(map(operator.le, map(len, row), widths)):  # the usual row: one line
            yield line.format(*row).rstrip()
            continue
        wrapped = [
            textwrap.wrap(cell, size, break_on_hyphens=False) or [""]
            for cell, size in zip(row, widths, strict=True)
        ]
        for parts in itertools.zip_longest(*wrapped, fillvalue=""):
            yield line.format(*parts).rstrip()
