"""pydantic's validation errors in myorec's words: the one translation every model's errors go through.

Sessions, profiles, log entries, rule files and cases all report a wrong
value alike (``must be a whole number from 1 to 1440 (got 0)``); what differs
is only how each names the place (a key, a field, a column), which its caller
says.
"""

from __future__ import annotations

from typing import NamedTuple

from pydantic import BaseModel, ValidationError

from myorec.core.text import shown, unknown_key
from myorec.errors import InputError

#: What a wrong-typed value should have been, by pydantic error type.
_EXPECTED = {
    "string_type": "must be text (a quoted string)",
    "string_too_short": "must not be empty",
    "bool_type": "must be true or false",
    "float_type": "must be a number",
    "list_type": "must be a list",
    "model_type": "must be a table",
    "dict_type": "must be a table",
}


class FieldIssue(NamedTuple):
    """One pydantic error: where, pydantic's error type, and what is wrong with the value."""

    loc: tuple[int | str, ...]
    kind: str
    #: What the value must be, or what a validator said.
    reason: str

    @property
    def unknown(self) -> bool:
        return self.kind == "extra_forbidden"

    @property
    def missing(self) -> bool:
        return self.kind == "missing"


def field_issues(error: ValidationError) -> list[FieldIssue]:
    """Every error of a validation, with a reason a user can act on.

    An unknown or a missing field keeps pydantic's message, which callers never
    show: they word those with :func:`myorec.core.text.unknown_key` and their
    own noun for the place.
    """
    issues = []
    for detail in error.errors(include_url=False):
        kind = detail["type"]
        if kind in ("value_error", "assertion_error"):
            reason = str(detail.get("ctx", {}).get("error", detail["msg"]))
        elif kind == "literal_error":
            expected = detail.get("ctx", {}).get("expected", "one of the allowed values")
            reason = f"must be {expected} (got {shown(detail['input'])})"
        elif kind in _EXPECTED:
            got = "" if kind == "string_too_short" else f" (got {shown(detail['input'])})"
            reason = f"{_EXPECTED[kind]}{got}"
        elif kind in ("extra_forbidden", "missing"):
            reason = detail["msg"]
        else:
            reason = f"{detail['msg'].lower()} (got {shown(detail['input'])})"
        issues.append(FieldIssue(tuple(detail["loc"]), kind, reason))
    return issues


def key_issues(error: ValidationError, model: type[BaseModel]) -> list[tuple[str | None, str]]:
    """Every error of a routine's or a case's table: the key it concerns (if any) and what is wrong.

    An unknown key's reason lists the allowed ones; the key itself is part of that reason.
    """
    issues: list[tuple[str | None, str]] = []
    for loc, kind, reason in field_issues(error):
        where = ".".join(str(part) for part in loc)
        if kind == "extra_forbidden":
            allowed = list(model.model_fields)
            issues.append((None, f"{unknown_key(where, allowed)}; allowed keys: {', '.join(allowed)}"))
        elif kind == "missing":
            issues.append((None, f"missing required key '{where}'"))
        else:
            issues.append(((where or None), reason))
    return issues


def item_errors(error: ValidationError, model: type[BaseModel], item: str) -> list[InputError]:
    """:func:`key_issues` as errors of one table of a file (``session 2``, ``profile``)."""
    return [InputError(reason, item=item, field=key) for key, reason in key_issues(error, model)]


def first_key_issue(error: ValidationError, model: type[BaseModel]) -> tuple[str | None, str]:
    """The first of :func:`key_issues`: what one-line errors about a table say."""
    return key_issues(error, model)[0]


def describe_validation_error(error: ValidationError, model: type[BaseModel]) -> str:
    """:func:`first_key_issue` as one plain sentence naming the key."""
    key, reason = first_key_issue(error, model)
    return f"{key}: {reason}" if key else reason
