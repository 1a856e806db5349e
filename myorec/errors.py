"""The exception hierarchy: every error a user can cause is a :class:`MyorecError`.

An error carries where it happened (file, line, column, the item of the file
and its field) and why, as fields; ``str(error)`` builds the one line the user
sees from them, so no caller adds or strips a prefix. The click layer prints
that line once and exits 1, and adds what only it can say (which option or
environment variable to change). This module imports nothing from myorec, so
every other module can use it without import cycles.
"""

from __future__ import annotations

from typing import Literal

#: How a field is named in its location: ``column 'minutes'`` (CSV), ``field 'rpe'`` (JSON);
#: ``None`` puts the bare name before the reason (``minutes: must be ...``), as TOML keys are.
FieldNoun = Literal["column", "field"] | None


class MyorecError(Exception):
    """Base of all user-fixable errors (bad input, files, database).

    ``reason`` says what is wrong; the other fields say where, each optional:
    ``file`` (a path or ``<stdin>``), ``line`` and ``column`` in that file,
    ``item`` (``session 2``, ``entry 3``, ``profile``), and ``field`` (a key,
    field or column name).
    """

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        item: str | None = None,
        field: str | None = None,
        field_noun: FieldNoun = None,
    ) -> None:
        self.reason = reason
        self.file = file
        self.line = line
        self.column = column
        self.item = item
        self.field = field
        self.field_noun = field_noun
        super().__init__(reason)

    def located(self, **where: object) -> MyorecError:
        """This error with more of its location filled in (what the caller knows and the raiser did not).

        Only fields still unset are filled: a reader names the line, the file
        reader around it the file, and neither overwrites the other.
        """
        for name, value in where.items():
            if getattr(self, name) is None:
                setattr(self, name, value)
        return self

    def detail(self) -> str:
        """The message without its file: for a list of problems grouped under the file's name."""
        return self._text(with_file=False)

    def __str__(self) -> str:
        return self._text(with_file=True)

    def _text(self, *, with_file: bool) -> str:
        parts = [self.file] if with_file and self.file is not None else []
        position = []
        if self.line is not None:
            position.append(f"line {self.line}")
        if self.column is not None:
            position.append(f"column {self.column}")
        if self.item is not None:
            position.append(self.item)
        if self.field is not None and self.field_noun is not None:
            position.append(f"{self.field_noun} '{self.field}'")
        if position:
            parts.append(", ".join(position))
        if self.field is not None and self.field_noun is None:
            parts.append(self.field)
        parts.append(self.reason)
        return ": ".join(parts)


class InputError(MyorecError):
    """A session, routine, rule or imported file holds invalid data."""


class ProblemsError(InputError):
    """Several problems in one file: each is a line of its own, and this error says how many.

    The CLI prints every problem, then this error's ``Error:`` line, as it does
    for a rule folder, so a file is fixed in one pass.
    """

    def __init__(self, problems: list[MyorecError], *, file: str | None = None) -> None:
        super().__init__(f"{len(problems)} problems (listed above)", file=file)
        self.problems = problems

    def located(self, **where: object) -> MyorecError:
        for problem in self.problems:
            problem.located(**where)
        return super().located(**where)


def one_error(problems: list[MyorecError], **where: object) -> MyorecError:
    """What to raise for ``problems`` (at least one): a lone problem itself, else a :class:`ProblemsError`."""
    if len(problems) == 1:
        return problems[0].located(**where)
    return ProblemsError(problems).located(**where)


class RuleSetError(MyorecError):
    """A rule set cannot be loaded: the message is its lone error, or counts those listed before it."""


#: What the user can do about a log myorec will not open, which the CLI words with its options:
#: use another log file, or name a file where a folder was given.
Remedy = Literal["use another", "name a file"] | None


class StoreError(MyorecError):
    """The activity log database cannot be opened, migrated or written.

    ``remedy`` says what would help when that is to point myorec at another
    file: the CLI adds how (``--db``, ``MYOREC_DB``).
    """

    def __init__(self, reason: str, *, file: str | None = None, remedy: Remedy = None) -> None:
        super().__init__(reason, file=file)
        self.remedy = remedy


class NotFoundError(MyorecError):
    """A requested entry, benefit or week does not exist."""


class WouldOverwriteError(InputError):
    """Copying rules would replace files that exist; the CLI says how to allow it."""

    def __init__(self, folder: str, names: list[str]) -> None:
        listed = ", ".join(names)
        super().__init__(f"would overwrite {listed}", file=folder)
        self.names = names


class LogPathError(MyorecError):
    """The log's path cannot name a database file; the CLI says which setting gave it."""
