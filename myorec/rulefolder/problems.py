"""What checking a rule folder finds: problems, each tied to a file and to the table inside it.

``rules check`` prints them one per line, every command that loads rules
prints the same lines, and ``--json`` gives their fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partialmethod
from pathlib import Path
from typing import NamedTuple

from myorec.core.text import counted


class Problem(NamedTuple):
    """One finding in a rule folder, shown as ``FILE: rule ID: message``.

    ``kind``/``name`` say what inside the file it concerns (``rule``, ``benefit``
    or ``case`` and its id) and ``position`` which table that is (counting from 1;
    0 for the file as a whole); warnings carry ``warning:`` before the message so
    a reader of ``rules check`` can tell them apart without colours.
    """

    file: str
    message: str
    kind: str | None = None
    name: str | None = None
    warning: bool = False
    position: int = 0

    @property
    def severity(self) -> str:
        return "warning" if self.warning else "error"

    def __str__(self) -> str:
        parts = [self.file]
        if self.kind is not None:
            parts.append(f"{self.kind} '{self.name}'" if self.kind == "case" else f"{self.kind} {self.name}")
        if self.warning:
            parts.append("warning")
        parts.append(self.message)
        return ": ".join(parts)


def errors_of(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """The problems that are errors, not warnings: any one of them stops a rule set loading."""
    return tuple(problem for problem in problems if not problem.warning)


def in_file_order(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Problems by file name, then by position in the file; found order among equals.

    A folder is checked in passes (every file's structure, then each table), so
    this is what keeps one file's problems together in the output.
    """
    return tuple(sorted(problems, key=lambda problem: (problem.file, problem.position)))


class Collector:
    """Gathers problems while a folder is read; :func:`in_file_order` sorts them afterwards."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(
        self,
        file: Path | str,
        message: str,
        kind: str | None = None,
        name: str | None = None,
        position: int = 0,
        warning: bool = False,
    ) -> None:
        self.problems.append(Problem(str(file), message, kind, name, warning, position))

    #: ``warn(file, message, kind, name, position)``: the same, as a warning.
    warn = partialmethod(error, warning=True)

    @property
    def has_errors(self) -> bool:
        return bool(errors_of(self.problems))


def count_summary(problems: Sequence[Problem]) -> str:
    """``2 errors, 1 warning``: how many of each, for summary lines."""
    errors = len(errors_of(problems))
    return f"{counted(errors, 'error')}, {counted(len(problems) - errors, 'warning')}"
