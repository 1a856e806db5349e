"""How DuckDB and Spark SQL spell what standard SQL leaves open: literals, ISO weeks, regexes, errors.

The compiled queries are standard SQL but for these few functions, so one
compiler serves both engines and ``--sql`` shows exactly what either runs.
A number is always written as a DOUBLE literal (``0.5e0``): a bare ``0.5``
is a DECIMAL in both engines, and the Python engine's arithmetic is in doubles.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    name: str
    #: The type a value is cast to to become text.
    text_type: str
    #: Quotes an identifier (a column name): ``"x"`` or ```x```.
    identifier_quote: str
    #: Whether a text literal escapes with backslashes (Spark) rather than doubling quotes (DuckDB).
    backslash_escapes: bool
    #: Templates taking one expression as ``{0}`` (and a pattern literal as ``{1}``).
    iso_year: str
    iso_week: str
    #: A distinct power of two for each weekday: distinct days are counted as bits of a mask.
    day_bit: str
    full_match: str
    #: Whether ``full_match`` finds a match anywhere, so that patterns must be anchored.
    anchors: bool
    strip: str
    #: Ends the query with the message given: how a bad row stops a run without --skip-bad-rows.
    fail: str
    #: How a word of a column of a few known words (a level, a confidence) is written: ``{0}`` the
    #: word's literal, ``{1}`` all the words'. DuckDB computes and writes an ENUM several times
    #: faster than text (a constant is cast once, as the query is planned); in the file it is text.
    words: str = "{0}"

    def identifier(self, name: str) -> str:
        quote = self.identifier_quote
        return f"{quote}{name.replace(quote, quote * 2)}{quote}"

    def text(self, value: str) -> str:
        """A text literal."""
        if self.backslash_escapes:
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return "'" + value.replace("'", "''") + "'"

    def matches(self, expression: str, pattern: str) -> str:
        """Whether the whole of ``expression`` matches the regular expression ``pattern``."""
        if self.anchors:  # \\z, unlike $, does not match before a final line break
            pattern = f"^(?:{pattern})\\z"
        return self.full_match.format(expression, self.text(pattern))

    def word(self, word: str, words: tuple[str, ...]) -> str:
        """A literal ``word`` of the column whose values are ``words``, typed as the dialect types those."""
        return self.words.format(self.text(word), ", ".join(self.text(each) for each in words))

    def to_text(self, expression: str) -> str:
        return f"CAST({expression} AS {self.text_type})"


def number(value: float) -> str:
    """A DOUBLE literal that reads back as exactly ``value`` (``repr`` round-trips)."""
    text = repr(float(value))
    return text if "e" in text else f"{text}e0"


#: What Python's ``str.strip()`` removes that a cell may hold: spaces, tabs, line breaks.
_WHITESPACE = ", ".join(f"chr({ord(character)})" for character in " \t\n\v\f\r")

DUCKDB = Dialect(
    name="duckdb",
    text_type="VARCHAR",
    identifier_quote='"',
    backslash_escapes=False,
    iso_year="isoyear({0})",
    iso_week="week({0})",
    day_bit="(1 << (isodow({0}) - 1))",
    full_match="regexp_full_match({0}, {1})",
    anchors=False,
    strip=f"trim({{0}}, concat({_WHITESPACE}))",
    fail="error({0})",
    words="CAST({0} AS ENUM({1}))",
)

SPARK = Dialect(
    name="spark",
    text_type="STRING",
    identifier_quote="`",
    backslash_escapes=True,
    iso_year="extract(YEAROFWEEK FROM {0})",
    iso_week="weekofyear({0})",
    day_bit="shiftleft(1, dayofweek({0}) - 1)",
    full_match="regexp_like({0}, {1})",
    anchors=True,
    strip=f"trim(BOTH concat({_WHITESPACE}) FROM {{0}})",
    fail="raise_error({0})",
)

DIALECTS: dict[str, Dialect] = {dialect.name: dialect for dialect in (DUCKDB, SPARK)}
