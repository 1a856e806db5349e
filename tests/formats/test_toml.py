"""Reading user TOML: limits, encodings and parser failures all become one line naming the file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from myorec.formats.toml import MAX_FILE_BYTES, TomlFileError, parse_toml_bytes, read_limited, read_stream

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


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'[[session]]\nkind = "aerobic"\nminutes =', "line 3, column 10: invalid TOML: Invalid value"),
        (b"[[session]]\nminutes = [30,\n", "line 3, column 1: invalid TOML: Invalid value"),
        (b'name = """brisk\nwalk', "line 2, column 5: invalid TOML: Unterminated string"),
    ],
    ids=["value-missing-on-the-last-line", "unclosed-array", "unclosed-string"],
)
def test_a_file_that_ends_too_soon_still_gets_a_line_and_column(data, message):
    """tomllib says only 'at end of document' there; the position is the end of the text."""
    with pytest.raises(TomlFileError) as caught:
        parse_toml_bytes(data, "w.toml")
    assert str(caught.value) == f"w.toml: {message} (the file ends too soon)"


def test_hex_integers_past_the_decimal_digit_limit_still_parse():
    """int(x, 16) has no digit limit, so such numbers reach validation; see test_models for their messages."""
    assert parse_toml_bytes(b"x = 0x" + b"F" * 4000, "w.toml")["x"] == 16**4000 - 1


def test_a_file_over_one_mib_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.toml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(TomlFileError) as caught:
        read_limited(path)
    assert str(caught.value) == f"{path}: file is 1,048,577 bytes; the limit is 1 MiB"


def test_a_file_of_exactly_one_mib_is_read(tmp_path):
    path = tmp_path / "full.toml"
    path.write_bytes(b"#" * MAX_FILE_BYTES)
    assert parse_toml_bytes(read_limited(path), str(path)) == {}


def test_an_endless_device_is_refused_after_one_mib():
    """/dev/zero reports size 0; reading it whole would exhaust memory."""
    with pytest.raises(TomlFileError) as caught:
        read_limited(Path("/dev/zero"))
    assert str(caught.value) == "/dev/zero: more than 1 MiB; the limit is 1 MiB"


def test_a_stream_over_one_mib_is_refused():
    stream = io.BytesIO(b"#" * (2 * MAX_FILE_BYTES))
    with pytest.raises(TomlFileError) as caught:
        read_stream(stream, "<stdin>")
    assert str(caught.value) == "<stdin>: more than 1 MiB; the limit is 1 MiB"
    assert stream.tell() == MAX_FILE_BYTES + 1


def test_bytes_over_one_mib_are_refused_by_the_parser_too():
    with pytest.raises(TomlFileError) as caught:
        parse_toml_bytes(b"#" * (MAX_FILE_BYTES + 1), "w.toml")
    assert str(caught.value) == "w.toml: file is 1,048,577 bytes; the limit is 1 MiB"


def test_a_utf8_byte_order_mark_is_accepted():
    assert parse_toml_bytes(b'\xef\xbb\xbfname = "caf\xc3\xa9"\n', "w.toml") == {"name": "café"}


def test_non_utf8_bytes_are_refused_with_their_offset():
    with pytest.raises(TomlFileError) as caught:
        parse_toml_bytes(b'name = "caf\xe9"\n', "w.toml")
    assert str(caught.value) == "w.toml: not UTF-8 text (bad byte at offset 11)"
