"""Reading user TOML: limits, encodings and parser failures all become one line naming the file."""

from __future__ import annotations

import pytest

from myorec.tomlfile import TomlFileError, parse_toml_bytes

DEEP = "w.toml: invalid TOML: arrays or tables nested too deeply"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"x = " + b"9" * 5000, "w.toml: invalid TOML: a number has more than 4300 digits"),
        (b"x = " + b"[" * 5000 + b"]" * 5000, DEEP),
        (b"x = " + b"{a=" * 2000 + b"1" + b"}" * 2000, DEEP),
    ],
    ids=["5000-digit-integer", "deep-arrays", "deep-inline-tables"],
)
def test_parser_failures_outside_tomldecodeerror_are_toml_errors(data, message):
    with pytest.raises(TomlFileError) as caught:
        parse_toml_bytes(data, "w.toml")
    assert str(caught.value) == message


def test_hex_integers_past_the_decimal_digit_limit_still_parse():
    """int(x, 16) has no digit limit, so such numbers reach validation; see test_models for their messages."""
    assert parse_toml_bytes(b"x = 0x" + b"F" * 4000, "w.toml")["x"] == 16**4000 - 1
