"""What a cohort file may hold, and how each row of it is checked: a session's rules, written in SQL.

A cohort file holds **sessions** (one row each, for many people) or
**person-weeks** (a person's metrics for one ISO week). Its columns are
checked by name, here, before any query runs; its rows are checked by the
query itself, one condition per rule of :class:`myorec.core.sessions.Session`
and :class:`~myorec.core.sessions.Profile`, in the order their validators run
and in their words, so that a cohort row is bad exactly when ``log import``
would refuse it as a CSV row, and says why alike. A text cell is read as
myorec's CSV reads one (stripped; an empty cell is unset; numbers as written);
a typed Parquet value as a typed session field (a bool is no number).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import NamedTuple

from myorec.core.intensity import Intensity
from myorec.core.metrics import METRIC_NAMES, METRICS, PROFILE_METRICS
from myorec.core.sessions import MAX_AGE, MAX_MINUTES, MIN_AGE, Focus, Kind
from myorec.core.sql.dialect import Dialect, number
from myorec.core.text import MAX_SHOWN, shown, suggest
from myorec.errors import InputError


class InputKind(StrEnum):
    SESSIONS = "sessions"
    WEEKS = "weeks"


class ValueType(StrEnum):
    """What an input column holds, as far as checking it goes (engines' types map onto these)."""

    TEXT = "text"
    INTEGER = "integer"
    FLOAT = "float"
    BOOLEAN = "boolean"
    DATE = "date"
    TIMESTAMP = "timestamp"


PERSON = "person_id"
WEEK = "week"
#: The metrics a person-weeks file gives; the profile's (``age``) are optional columns.
WEEK_METRICS: tuple[str, ...] = tuple(name for name in METRIC_NAMES if not METRICS[name].from_profile)
SESSION_COLUMNS: tuple[str, ...] = (PERSON, "date", "kind", "minutes", "intensity", "rpe", "focus", "impact")
#: Columns each kind of file must have.
REQUIRED: dict[InputKind, tuple[str, ...]] = {
    InputKind.SESSIONS: SESSION_COLUMNS[:4],
    InputKind.WEEKS: (PERSON, WEEK, *WEEK_METRICS),
}
COLUMNS: dict[InputKind, tuple[str, ...]] = {
    InputKind.SESSIONS: (*SESSION_COLUMNS, *PROFILE_METRICS),
    InputKind.WEEKS: (*REQUIRED[InputKind.WEEKS], *PROFILE_METRICS),
}
#: How each kind is named in messages.
KIND_NOUNS = {InputKind.SESSIONS: "a sessions file", InputKind.WEEKS: "a person-weeks file"}

EARLIEST, LATEST = "1900-01-01", "2999-12-31"
FIRST_YEAR, LAST_YEAR = 1900, 2999
#: A number as a CSV cell may write one (myorec.core.entries.number_or_text): no ``_``, ``nan`` or ``inf``.
NUMBER_PATTERN = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"
DATE_PATTERN = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
WEEK_PATTERN = r"[0-9]{4}-W[0-9]{1,2}"
#: ``impact`` cells as myorec's CSV format reads them.
TRUE_WORDS, FALSE_WORDS = ("true", "yes", "1"), ("false", "no", "0")
#: How the parsed values are named: ``_t_minutes`` (its text), ``_v_minutes`` (its value), ...
_PARSED_NAME = re.compile(r"\b_[a-z]_[a-z_]+\b")
#: The largest double: a number beyond it (``1e400``) is no number a cell can mean.
_LARGEST = number(1.7976931348623157e308)


class UnknownInputKindError(InputError):
    """The columns fit neither kind of file; the CLI says how to name the kind."""


def column_key(name: str) -> str:
    """How a header cell names a column: case, surrounding spaces and a byte-order mark do not matter."""
    return name.strip().lstrip("\ufeff").strip().lower()


def input_kind(names: Sequence[str], given: InputKind | None = None) -> InputKind:
    """The kind of file these columns make: ``given``, else what they say (``date`` or ``week``)."""
    if given is not None:
        return given
    keys = {column_key(name) for name in names}
    if "date" in keys and WEEK not in keys:
        return InputKind.SESSIONS
    if WEEK in keys and "date" not in keys:
        return InputKind.WEEKS
    both = (
        "has both a 'date' and a 'week' column"
        if "date" in keys
        else "has neither a 'date' nor a 'week' column"
    )
    raise UnknownInputKindError(
        f"{both}, so it is not clear whether it holds sessions (person_id, date, kind, minutes, ...) "
        "or person-weeks (person_id, week and the metrics)"
    )


def check_columns(kind: InputKind, names: Sequence[str]) -> list[str]:
    """The columns' myorec names, in file order; unknown, repeated or missing columns are an error."""
    keys = [column_key(name) for name in names]
    allowed = COLUMNS[kind]
    unknown = [name for name, key in zip(names, keys, strict=True) if key not in allowed]
    if unknown:
        listed = ", ".join(shown(name) for name in unknown)
        hint = suggest(column_key(unknown[0]), allowed)
        raise InputError(
            f"unknown column{'s' if len(unknown) > 1 else ''} {listed}{hint}; "
            f"{KIND_NOUNS[kind]} has {', '.join(allowed)}"
        )
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise InputError(f"column {shown(repeated[0])} appears more than once")
    missing = [column for column in REQUIRED[kind] if column not in keys]
    if missing:
        noun = "metric column" if all(column in WEEK_METRICS for column in missing) else "column"
        listed = ", ".join(f"'{column}'" for column in missing)
        raise InputError(f"missing {noun}{'s' if len(missing) > 1 else ''} {listed}")
    return keys


class Check(NamedTuple):
    """One rule a row must keep: the column it is about (None for the row), when it is broken, and why."""

    column: str | None
    #: SQL, true when the rule is broken; never NULL.
    broken: str
    #: SQL text: what is wrong, in the words of the Python check.
    reason: str


class RowSql(NamedTuple):
    """An input row in SQL: its parsed values (named ``_v_<column>``), the checks, and the good values."""

    #: (name, SQL) of the parsed values, in layers: each layer's use only the input's and earlier layers'
    #: (standard SQL cannot name a value and use it in one SELECT).
    layers: list[list[tuple[str, str]]]
    checks: list[Check]
    #: (name, SQL) of the quotations reasons use, in layers over the parsed values: computed for bad
    #: rows only, since quoting a value as Python would is string work a good row does not need.
    quoting: list[list[tuple[str, str]]]
    #: Column -> SQL of its value in a good row, over the parsed stage (NULL when unset).
    values: dict[str, str]


class _Builder:
    """Writes the parsed values and checks of one input's columns, each by its type."""

    def __init__(self, types: Mapping[str, ValueType], dialect: Dialect) -> None:
        self.types = types
        self.d = dialect
        self.layers: list[list[tuple[str, str]]] = []
        self.depth: dict[str, int] = {}
        self.quoting: list[list[tuple[str, str]]] = [[], [], []]
        self.checks: list[Check] = []
        self.values: dict[str, str] = {}

    # -- SQL pieces ----------------------------------------------------------------

    def lit(self, text: str) -> str:
        return self.d.text(text)

    def raw(self, column: str) -> str:
        return self.d.identifier(column)

    def add(self, name: str, expression: str) -> str:
        """A parsed value, in the first layer after those of the values it uses."""
        used = [self.depth[found] for found in _PARSED_NAME.findall(expression) if found in self.depth]
        depth = max(used, default=-1) + 1
        while len(self.layers) <= depth:
            self.layers.append([])
        self.layers[depth].append((name, expression))
        self.depth[name] = depth
        return name

    def check(self, column: str | None, broken: str, *reason: str) -> None:
        """A check; ``reason`` is SQL pieces, joined with ``||``."""
        self.checks.append(Check(column, f"COALESCE({broken}, FALSE)", " || ".join(reason)))

    def quoted(self, text: str, key: str) -> str:
        """The name of ``text`` quoted as :func:`quoted` does, computed in the quoting layers."""
        name = f"_q_{key}"
        if not any(existing == name for existing, _ in self.quoting[2]):
            escaped, represented = f"_e_{key}", f"_r_{key}"
            self.quoting[0].append((escaped, _escaped(self.d, text)))
            self.quoting[1].append((represented, _represented(self.d, text, escaped)))
            self.quoting[2].append((name, _cut(self.d, represented)))
        return name

    def text(self, column: str) -> str:
        """The stripped text of a text column, NULL when empty (as myorec's CSV reads a cell)."""
        name = f"_t_{column}"
        if name not in self.depth:
            stripped = self.d.strip.format(self.d.to_text(self.raw(column)))
            self.add(name, f"NULLIF({stripped}, '')")
        return name

    def present(self, column: str) -> str:
        return (
            f"({self.text(column)} IS NOT NULL)"
            if self.types[column] is ValueType.TEXT
            else (f"({self.raw(column)} IS NOT NULL)")
        )

    def shown(self, column: str, value: str | None = None) -> str:
        """SQL text of a cell as a message quotes it: a number as written, text quoted."""
        vtype = self.types[column]
        if vtype is ValueType.TEXT:
            text = self.text(column)
            if value is None:
                return self.quoted(text, column)
            return f"(CASE WHEN {value} IS NULL THEN {self.quoted(text, column)} ELSE {text} END)"
        if vtype is ValueType.BOOLEAN:
            return f"(CASE WHEN {self.raw(column)} THEN 'True' ELSE 'False' END)"
        if vtype in (ValueType.INTEGER, ValueType.FLOAT):
            return self.d.to_text(self.raw(column))
        return self.quoted(self.d.to_text(self.raw(column)), column)

    # -- columns by role -------------------------------------------------------------

    def required(self, column: str, reason: str = "a value is required") -> None:
        self.check(column, f"NOT {self.present(column)}", self.lit(reason))

    def person(self) -> None:
        self.required(PERSON)
        self.values[PERSON] = self.text(PERSON) if self.types[PERSON] is ValueType.TEXT else self.raw(PERSON)

    def number(self, column: str) -> str:
        """The parsed stage's DOUBLE of a numeric cell, NULL when it holds no finite number."""
        vtype = self.types[column]
        raw = self.raw(column)
        if vtype is ValueType.TEXT:
            text = self.text(column)
            expression = (
                f"CASE WHEN {self.d.matches(text, NUMBER_PATTERN)} THEN TRY_CAST({text} AS DOUBLE) END"
            )
        elif vtype in (ValueType.INTEGER, ValueType.FLOAT):
            expression = f"CAST({raw} AS DOUBLE)"
        else:
            expression = "CAST(NULL AS DOUBLE)"
        inner = f"_n_{column}"
        self.add(inner, expression)
        # inf and nan are no numbers a cell means (nan compares above every number, inf beyond the largest).
        return self.add(
            f"_v_{column}", f"CASE WHEN {inner} BETWEEN -{_LARGEST} AND {_LARGEST} THEN {inner} END"
        )

    def whole(self, column: str, low: int, high: int | None, *, whole: bool = True) -> None:
        """A whole number (or with ``whole=False`` any number) from ``low`` to ``high``."""
        kind = "a whole number" if whole else "a number"
        bounds = f"{kind}, {low} or more" if high is None else f"{kind} from {low} to {high}"
        if self.types[column] is ValueType.INTEGER:
            # Integers are whole and finite: only the range is checked, on the value as it is.
            value = self.raw(column)
            broken = f"{value} < {low}" + ("" if high is None else f" OR {value} > {high}")
            self.check(column, broken, self.lit(f"must be {bounds} (got "), self.shown(column), "')'")
            self.values[column] = f"CAST({value} AS BIGINT)" if whole else f"CAST({value} AS DOUBLE)"
            return
        value = self.number(column)
        out_of_range = f"{value} < {number(low)}" + ("" if high is None else f" OR {value} > {number(high)}")
        integral = f" OR {value} <> floor({value})" if whole else ""
        self.check(
            column,
            f"{self.present(column)} AND ({value} IS NULL OR {out_of_range}{integral})",
            self.lit(f"must be {bounds} (got "),
            self.shown(column, value),
            "')'",
        )
        self.values[column] = f"CAST({value} AS BIGINT)" if whole else value

    def choice(self, column: str, choices: Sequence[str]) -> str:
        """A word of ``choices``, matched as :func:`myorec.core.text.choice_key` does; its key."""
        if self.types[column] is ValueType.TEXT:
            key = self.add(f"_v_{column}", f"replace(lower({self.text(column)}), '-', '_')")
            listed = ", ".join(self.lit(choice) for choice in choices)
            broken = f"{self.present(column)} AND {key} NOT IN ({listed})"
        else:
            key = self.add(f"_v_{column}", f"CAST(NULL AS {self.d.text_type})")
            broken = self.present(column)
        self.check(
            column, broken, self.lit(f"must be one of {', '.join(choices)} (got "), self.shown(column), "')'"
        )
        self.values[column] = key
        return key

    def boolean(self, column: str) -> None:
        """True or false; unset is false. Text reads as myorec's CSV reads ``impact``."""
        vtype = self.types[column]
        if vtype is ValueType.TEXT:
            word = f"lower({self.text(column)})"
            yes = ", ".join(self.lit(w) for w in TRUE_WORDS)
            no = ", ".join(self.lit(w) for w in FALSE_WORDS)
            value = self.add(
                f"_v_{column}", f"CASE WHEN {word} IN ({yes}) THEN TRUE WHEN {word} IN ({no}) THEN FALSE END"
            )
            broken = f"{self.present(column)} AND {value} IS NULL"
        elif vtype is ValueType.BOOLEAN:
            value = self.add(f"_v_{column}", self.raw(column))
            broken = "FALSE"
        else:
            value = self.add(f"_v_{column}", "CAST(NULL AS BOOLEAN)")
            broken = self.present(column)
        self.check(column, broken, self.lit("must be true or false (got "), self.shown(column), "')'")
        self.values[column] = f"COALESCE({value}, FALSE)"

    def date(self, column: str) -> str:
        """A date from 1900-01-01 to 2999-12-31: typed, or written YYYY-MM-DD."""
        vtype = self.types[column]
        raw = self.raw(column)
        if vtype is ValueType.TEXT:
            text = self.text(column)
            expression = f"CASE WHEN {self.d.matches(text, DATE_PATTERN)} THEN TRY_CAST({text} AS DATE) END"
        elif vtype in (ValueType.DATE, ValueType.TIMESTAMP):
            expression = f"CAST({raw} AS DATE)"
        else:
            expression = "CAST(NULL AS DATE)"
        value = self.add(f"_v_{column}", expression)
        present = self.present(column)
        self.check(
            column,
            f"{present} AND {value} IS NULL",
            self.lit("must be a date written YYYY-MM-DD (got "),
            self.shown(column),
            "')'",
        )
        for test, words, bound in (
            (f"{value} < DATE '{EARLIEST}'", "before", EARLIEST),
            (
                f"{value} > DATE '{LATEST}'",
                "after",
                LATEST,
            ),
        ):
            self.check(
                column,
                test,
                self.lit(f"must not be {words} {bound} (got "),
                self.d.to_text(value),
                "')'",
            )
        self.values[column] = value
        return value

    def week(self) -> None:
        """``YYYY-Www``, read as :func:`myorec.core.calendar.parse_iso_week` does, written ``2026-W05``."""
        self.required(WEEK)
        if self.types[WEEK] is ValueType.TEXT:
            label = self.add("_u_week", f"upper({self.text(WEEK)})")
            well_formed = self.d.matches(label, WEEK_PATTERN)
            year = self.add(
                "_y_week", f"CASE WHEN {well_formed} THEN CAST(substr({label}, 1, 4) AS INTEGER) END"
            )
            number_ = self.add(
                "_w_week", f"CASE WHEN {well_formed} THEN CAST(substr({label}, 7) AS INTEGER) END"
            )
        else:
            year = self.add("_y_week", "CAST(NULL AS INTEGER)")
            number_ = self.add("_w_week", "CAST(NULL AS INTEGER)")
        present = self.present(WEEK)
        quoted = self.shown(WEEK)
        start = f"{self.lit('invalid ISO week ')} || {quoted}"
        self.check(
            WEEK, f"{present} AND {year} IS NULL", start, self.lit(": write it as YYYY-Www, e.g. 2026-W48")
        )
        in_years = f"{year} BETWEEN {FIRST_YEAR} AND {LAST_YEAR}"
        self.check(
            WEEK,
            f"{year} IS NOT NULL AND NOT ({in_years})",
            start,
            self.lit(f": myorec handles the years {FIRST_YEAR} to {LAST_YEAR}"),
        )
        # Week 53 exists only in some years: those whose 28 December falls in it.
        last = f"{self.d.iso_week.format(f'make_date({year}, 12, 28)')}"
        self.check(
            WEEK,
            # In a CASE, so that make_date never sees a year it may refuse.
            # Weeks 1 to 52 exist in every year: only a week 53 needs its year's last week worked out.
            f"CASE WHEN NOT ({in_years}) THEN FALSE WHEN {number_} < 1 THEN TRUE "
            f"WHEN {number_} <= 52 THEN FALSE ELSE {number_} > {last} END",
            start,
            f"': ' || {self.d.to_text(year)} || ' has weeks 1 to ' || {self.d.to_text(last)}",
        )
        self.values[WEEK] = week_label(self.d, year, number_)

    def age(self) -> None:
        for column in PROFILE_METRICS:
            if column in self.types:
                self.whole(column, MIN_AGE, MAX_AGE)
            else:
                self.values[column] = "CAST(NULL AS BIGINT)"


def quoted(dialect: Dialect, text: str) -> str:
    """:func:`myorec.core.text.shown` of a text, in SQL: repr-quoted, escaped, cut to 60 characters.

    Python's ``repr`` picks double quotes for a text holding a single quote
    and no double one; backslashes and the usual control characters are
    escaped (others are rare enough in a cell to show as they are).
    """
    return _cut(dialect, _represented(dialect, text, _escaped(dialect, text)))


def _escaped(dialect: Dialect, text: str) -> str:
    for character, escape in (("\\", "\\\\"), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = f"replace({text}, {dialect.text(character)}, {dialect.text(escape)})"
    return text


def _represented(dialect: Dialect, text: str, escaped: str) -> str:
    single, double = dialect.text("'"), dialect.text('"')
    in_single = f"{single} || replace({escaped}, {single}, {dialect.text(chr(92) + chr(39))}) || {single}"
    return (
        f"CASE WHEN instr({text}, {single}) > 0 AND instr({text}, {double}) = 0 "
        f"THEN {double} || {escaped} || {double} ELSE {in_single} END"
    )


def _cut(dialect: Dialect, represented: str) -> str:
    """At most MAX_SHOWN characters, the closing quote kept after an ellipsis."""
    cut = f"substr({represented}, 1, {MAX_SHOWN - 2}) || {dialect.text('…')} || right({represented}, 1)"
    return f"CASE WHEN length({represented}) <= {MAX_SHOWN} THEN {represented} ELSE {cut} END"


def week_label(dialect: Dialect, year: str, week: str) -> str:
    """``YYYY-Www`` from an ISO year and week number, as :func:`myorec.core.calendar.iso_week_label`."""
    return f"{dialect.to_text(year)} || '-W' || lpad({dialect.to_text(week)}, 2, '0')"


def row_sql(kind: InputKind, types: Mapping[str, ValueType], dialect: Dialect) -> RowSql:
    """The parsed values, checks and good values of one row of a file with these typed columns."""
    build = _Builder(types, dialect)
    build.person()
    if kind is InputKind.WEEKS:
        build.week()
        for metric in WEEK_METRICS:
            info = METRICS[metric]
            build.required(metric)
            ceiling = None if info.ceiling is None else int(info.ceiling)
            build.whole(metric, 0, ceiling, whole=info.whole)
        build.age()
        return RowSql(build.layers, build.checks, build.quoting, build.values)
    # Session fields in the order Session's validators run, then its model checks, then build_session's.
    build.required("kind")
    kind_key = build.choice("kind", [k.value for k in Kind])
    build.required("minutes")
    build.whole("minutes", 1, MAX_MINUTES)
    optional = {name: name in types for name in ("intensity", "rpe", "focus", "impact")}
    intensity = build.choice("intensity", [i.value for i in Intensity]) if optional["intensity"] else None
    if optional["rpe"]:
        rpe = build.number("rpe")
        build.check(
            "rpe",
            f"{build.present('rpe')} AND ({rpe} IS NULL OR {rpe} < 0e0 OR {rpe} > 10e0)",
            build.lit("must be a number from 0 to 10 (got "),
            build.shown("rpe", rpe),
            "')'",
        )
        build.values["rpe"] = rpe
    build.date("date")
    focus = build.choice("focus", [f.value for f in Focus]) if optional["focus"] else None
    if optional["impact"]:
        build.boolean("impact")
    if intensity is not None and optional["rpe"]:
        build.check(
            None,
            f"{build.present('intensity')} AND {build.present('rpe')}",
            build.lit("give either intensity or rpe, not both"),
        )
    if focus is not None:
        build.check(
            None,
            f"{build.present('focus')} AND {kind_key} <> {build.lit(Kind.MOBILITY.value)}",
            build.lit("focus is only allowed on mobility sessions (this one is "),
            kind_key,
            "')'",
        )
    build.required("date", "a date is required (YYYY-MM-DD)")
    build.age()
    for name in ("intensity", "rpe", "focus"):
        build.values.setdefault(
            name, "CAST(NULL AS DOUBLE)" if name == "rpe" else f"CAST(NULL AS {dialect.text_type})"
        )
    build.values.setdefault("impact", "FALSE")
    return RowSql(build.layers, build.checks, build.quoting, build.values)
