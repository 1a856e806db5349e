"""Reading user TOML files (rules, routines, cases, activity maps) as data, with errors that point there.

Both rule folders and routine files are parsed here so that the size limit,
the UTF-8 check and the ``file: line L, column C`` message are the same for both.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from myorec.errors import MyorecError

MAX_FILE_BYTES = 1024 * 1024

_POSITION = re.compile(r"^(?P<msg>.*?) \(at line (?P<line>\d+), column (?P<col>\d+)\)$")
_AT_END = " (at end of document)"


class TomlFileError(MyorecError):
    """A TOML file could not be read or parsed: its file, and the line and column when known."""


def toml_error(exc: tomllib.TOMLDecodeError, text: str, label: str) -> TomlFileError:
    """``FILE: line L, column C: invalid TOML: why``.

    Python 3.14 exposes ``lineno``/``colno``; 3.11-3.13 only put the position
    in the message text, so read it from there when the attributes are absent.
    A file that ends too soon (an unclosed bracket or string on the last line,
    a common slip) gets no position from tomllib, only "at end of document":
    the end of ``text`` is that position.
    """
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    message = str(getattr(exc, "msg", "") or exc)
    match = _POSITION.match(str(exc))
    if match:
        message = match["msg"]
        line, column = int(match["line"]), int(match["col"])
    elif str(exc).endswith(_AT_END):
        message = str(exc).removesuffix(_AT_END) + " (the file ends too soon)"
        line = text.count("\n") + 1
        column = len(text) - (text.rfind("\n") + 1) + 1
    return TomlFileError(f"invalid TOML: {message}", file=label, line=line, column=column)


def parse_toml_bytes(data: bytes, label: str) -> dict[str, Any]:
    """Parse TOML from bytes already read (a file or standard input)."""
    if len(data) > MAX_FILE_BYTES:
        raise TomlFileError(f"file is {len(data):,} bytes; the limit is 1 MiB", file=label)
    try:
        # Windows editors (Notepad before 2019) start UTF-8 files with a byte-order mark.
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise TomlFileError(f"not UTF-8 text (bad byte at offset {exc.start})", file=label) from None
    with parse_limits(label, "TOML", "arrays or tables", TomlFileError):
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise toml_error(exc, text, label) from None


@contextmanager
def parse_limits(label: str, language: str, containers: str, error: type[MyorecError]) -> Iterator[None]:
    """The limits Python itself puts on a parse, as the file's one-line ``error``.

    tomllib and json both let int() refuse numbers past Python's 4,300-digit
    limit (a ValueError without a position) and both parse nested containers
    recursively. Their syntax errors, ValueErrors too, the caller turns into
    its own error inside this block, where the position is known.
    """
    try:
        yield
    except ValueError:
        raise error(f"invalid {language}: a number has more than 4300 digits", file=label) from None
    except RecursionError:
        raise error(f"invalid {language}: {containers} nested too deeply", file=label) from None


def read_limited(path: Path) -> bytes:
    """A user file's bytes, refusing files over 1 MiB before reading them.

    The size on disk is checked first for a precise message; the read itself is
    bounded too, because a device (``/dev/zero``), a pipe or a growing file has
    no meaningful size.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TomlFileError(f"file is {size:,} bytes; the limit is 1 MiB", file=str(path))
        with path.open("rb") as handle:
            return read_stream(handle, str(path))
    except IsADirectoryError:
        raise TomlFileError("is a folder, not a file", file=str(path)) from None
    except OSError as exc:
        raise TomlFileError(f"cannot read: {exc.strerror or exc}", file=str(path)) from None


def read_stream(stream: BinaryIO, label: str) -> bytes:
    """At most 1 MiB from a stream such as standard input; one byte more means it is too large."""
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise TomlFileError("more than 1 MiB; the limit is 1 MiB", file=label)
    return data


def read_toml(path: Path) -> dict[str, Any]:
    """Parse one TOML file (at most 1 MiB)."""
    return parse_toml_bytes(read_limited(path), str(path))
