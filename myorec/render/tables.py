"""What the table renderers share about tabulate's styles."""

from __future__ import annotations

#: Styles drawn for reading on a terminal, beside the grid and outline families.
_TERMINAL_STYLES = frozenset({"plain", "simple", "psql", "pretty", "presto"})


def wraps_cells(table_format: str) -> bool:
    """Whether a style shows a long cell over several lines, still read as one row.

    Terminal styles do (tabulate lines the continuation up under its column).
    In Markdown, TSV, HTML or LaTeX a cell with line breaks becomes extra rows
    or breaks the row, so those styles keep one line per row, unwrapped.
    """
    return table_format in _TERMINAL_STYLES or "grid" in table_format or "outline" in table_format


def table_formats() -> list[str]:
    """Every style tabulate draws, for checking and completing ``--format``."""
    from tabulate import tabulate_formats

    return list(tabulate_formats)
