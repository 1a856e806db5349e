"""Writing TOML in tests: tomllib only reads, and generated files need every value spelt exactly."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any


class Raw(str):
    """TOML source text written out verbatim (``1e309``, ``0xFFFF...``): values Python cannot hold."""


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_string(text: str) -> str:
    """A TOML basic string; control characters become \\uXXXX escapes."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """One inline TOML value; floats keep nan and inf, which TOML spells in lower case."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int | dt.date | dt.datetime):
        return str(value) if isinstance(value, int) else value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {value!r}")


def toml_document(document: dict[str, Any]) -> str:
    """A whole TOML file: scalars first, then [table]s, then [[array]]s of tables."""
    lines = []
    tables = []
    for key, value in document.items():
        if isinstance(value, dict) and value:
            tables.append(f"[{toml_key(key)}]")
            tables += [f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()]
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            for item in value:
                tables.append(f"[[{toml_key(key)}]]")
                tables += [f"{toml_key(k)} = {toml_value(v)}" for k, v in item.items()]
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    return "\n".join([*lines, *tables]) + "\n"
