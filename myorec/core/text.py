"""How myorec writes values for people: quoted in messages, shown on a terminal, counted, suggested.

Every message and table goes through these, so a value reads the same
wherever it appears.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Longest quotation of a user's value in an error message, in characters.
MAX_SHOWN = 60
#: Names a message lists before it says how many more there are.
MAX_LISTED = 10
#: Choices that all the suggestions of one check may be compared with, together (see Suggester).
SUGGESTION_BUDGET = 20_000


def shown(value: object) -> str:
    """A user's value as an error message quotes it: one line, at most MAX_SHOWN characters.

    ``repr`` escapes line breaks and control characters, so a key or value
    holding a newline cannot split the message; it raises for integers past
    Python's 4300-digit limit, which TOML's hex notation can still produce.
    """
    try:
        text = repr(value)
    except ValueError:
        return "a number too large to show"
    if len(text) <= MAX_SHOWN:
        return text
    # A quoted text keeps its closing quote, so the reader sees where the quotation ends.
    closing = text[-1] if text[-1] in "'\"" else ""
    return text[: MAX_SHOWN - 1 - len(closing)] + "…" + closing


def printable(text: str) -> str:
    """Text as a terminal or a one-line comment may show it: control characters become ``?``.

    An escape sequence in a logged name could retitle the window or recolour the
    screen, a line break split a table or end a comment; unlike :func:`shown`
    the text is neither quoted nor cut.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def terminal_text(text: str) -> str:
    """Text of several lines (a report, a table) as a terminal may show it: as :func:`printable`, keeping
    line breaks and tabs.

    Every command's text output passes here, so an escape sequence in a rule
    file, an activity type or a file name cannot reach the terminal.
    """
    if all(line.isprintable() for line in text.replace("\t", " ").split("\n")):
        return text  # the usual case, checked at C speed
    return "".join(ch if ch.isprintable() or ch in "\n\t" else "?" for ch in text)


def format_number(value: float | int | None) -> str:
    """A number as a person would write it: ``7``, ``7.001``, ``0.3``; ``unknown`` for None.

    Whole numbers have no decimal point and nothing is cut to a fixed number of
    decimals, so a threshold reads as written (``7.001`` stays ``7.001``). Fifteen
    significant digits are exact for any decimal a rule file gives with that many
    (every float holds them), and hide the binary noise of arithmetic
    (``0.1 + 0.2`` reads ``0.3``). Callers that want fewer digits round first.
    """
    if value is None:
        return "unknown"
    if isinstance(value, int):
        return str(value)
    return "0" if value == 0 else f"{value:.15g}"


def plain_number(value: float | None) -> float | int | None:
    """A whole number as an int (``50``, not ``50.0``) for JSON and exported cells; others as they are.

    Unlike :func:`format_number` nothing is rounded: an exported RPE reads back exactly.
    """
    return int(value) if value is not None and float(value).is_integer() else value


def choice_key(text: str) -> str:
    """How a typed choice is matched: ``" Mind-Body"`` is ``mind_body``."""
    return text.strip().lower().replace("-", "_")


def suggest(word: str, choices: Sequence[str], n: int = 1) -> str:
    """`` (did you mean 'a' or 'b'?)`` with up to ``n`` close names, or "" when nothing is close."""
    question = _did_you_mean(word, choices, n)
    return f" ({question})" if question else ""


def _did_you_mean(word: str, choices: Sequence[str], n: int) -> str:
    import difflib  # only error messages need it; keep it off every start-up

    close = difflib.get_close_matches(word, list(choices), n=n, cutoff=0.6)
    if not close:
        return ""
    quoted = [f"'{name}'" for name in close]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"did you mean {listed}?"


def not_a_choice(value: object, choices: Sequence[str], word: str | None = None) -> str:
    """`` (got 'aerobc'; did you mean 'aerobic'?)``: a value that is none of ``choices``, and the closest.

    ``word`` is the value as choices are matched (lower case, say); without
    it, or when no choice is close, only the value is shown.
    """
    question = _did_you_mean(word, choices, 1) if word is not None else ""
    return f" (got {shown(value)}; {question})" if question else f" (got {shown(value)})"


class Suggester:
    """:func:`suggest` for the many names one check may find unknown, within :data:`SUGGESTION_BUDGET`.

    difflib compares a name with every choice, and a rule set within its
    limits may define 25,000 benefits for 10,000 rules to misname: minutes of
    work. Once the budget is spent a name gets no suggestion (the rest of its
    message stays). The budget counts choices, not time, so a folder always
    gets the same messages; a set of a few dozen benefits never reaches it.
    """

    def __init__(self) -> None:
        self._left = SUGGESTION_BUDGET

    def __call__(self, word: str, choices: Sequence[str], n: int = 1) -> str:
        if len(choices) > self._left:
            return ""
        self._left -= len(choices)
        return suggest(word, choices, n)


def listed(names: Sequence[str]) -> str:
    """``a, b, c``; past :data:`MAX_LISTED` names, the first ones ``and 24,990 more``."""
    if len(names) <= MAX_LISTED:
        return ", ".join(names)
    return f"{', '.join(names[:MAX_LISTED])} and {len(names) - MAX_LISTED:,} more"


def unknown_key(key: str, allowed: Sequence[str], noun: str = "key", *, last: str | None = None) -> str:
    """The one wording of an unknown key or field: ``unknown key 'x' (did you mean 'y'?)``.

    ``last`` is the part of a dotted ``key`` to match against ``allowed`` (``when.al`` -> ``al``).
    """
    return f"unknown {noun} {shown(key)}{suggest(key if last is None else last, allowed)}"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 rule``, ``2 rules``, ``0 rules``: a count with its noun in the right number."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
