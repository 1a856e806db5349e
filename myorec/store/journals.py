"""The files SQLite replays into a database, read as bytes before SQLite may open it.

SQLite rolls a hot rollback journal back into the file beside it, and
replays a write-ahead log's committed frames, without asking whether they
belong to that file ("How To Corrupt An SQLite Database File", §1.4 and §2):
a log restored from a backup beside the old ``-wal`` loses entries to the
stranger's pages. So the store looks at both here first, with plain reads.

A WAL is matched to its log by the log's write mark (:data:`WRITE_MARK`):
every myorec transaction replaces the mark by a new random one and keeps the
one it replaced as ``previous``. A WAL's frames of the mark's page therefore
form a chain that starts at the mark of the database they were written
over. They belong to a database file whose mark is that start (nothing
copied back yet) or one of the chain's marks (copied back part-way by a
checkpoint); any other file is a stranger. The layouts read here are those of
https://www.sqlite.org/fileformat2.html (the WAL file, b-tree pages, records).
"""

from __future__ import annotations

import struct
from pathlib import Path

#: The table holding the write mark: one row, replaced by every write transaction.
WRITE_MARK = "write_mark"

#: WAL header magic numbers; the low bit says the checksums' byte order (1: big-endian).
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_VERSION = 3007000
_WAL_HEADER = struct.Struct(">8I")
_FRAME_HEADER = struct.Struct(">6I")


def hot_journal(journal: Path) -> bool:
    """Whether SQLite would roll ``journal`` back into its database: it exists and its first byte is not zero.

    SQLite also checks that no process holds the database's write lock; the
    store waits a moment for a live journal to go instead (``open_store``).
    """
    try:
        with journal.open("rb") as handle:
            return handle.read(1) not in (b"", b"\0")
    except FileNotFoundError:
        return False


#: The (mark, previous) of each committed frame of the write mark's page, oldest first.
Chain = list[tuple[bytes, bytes]]


def wal_chain(path: Path, mark_page: int | None) -> Chain | None:
    """The chain of write marks in the WAL at ``path``, or None when SQLite would replay nothing from it.

    Frames count while their salts match the header's, up to the last commit
    frame, as SQLite counts them. SQLite also checks each frame's running
    checksum, which only a frame torn by a crash fails; such a frame never
    belongs to a committed transaction, so the chain is the same without it.
    The file is read once, front to back: another process may remove it any
    moment (the last one to close a log does).
    """
    frames: list[int] = []
    marks: list[tuple[int, tuple[bytes, bytes]]] = []
    committed = 0
    try:
        with path.open("rb") as handle:
            header = handle.read(_WAL_HEADER.size)
            if len(header) < _WAL_HEADER.size:
                return None
            magic, version, page_size, _, salt1, salt2, sum1, sum2 = _WAL_HEADER.unpack(header)
            valid_size = 512 <= page_size <= 65536 and page_size & (page_size - 1) == 0
            if magic not in _WAL_MAGIC or version != _WAL_VERSION or not valid_size:
                return None
            if _checksum(header[:24], big_endian=bool(magic & 1)) != (sum1, sum2):
                return None
            while True:
                raw = handle.read(_FRAME_HEADER.size)
                page = handle.read(page_size)
                if len(raw) < _FRAME_HEADER.size or len(page) < page_size:
                    break
                number, commit, frame_salt1, frame_salt2, _, _ = _FRAME_HEADER.unpack(raw)
                if number == 0 or (frame_salt1, frame_salt2) != (salt1, salt2):
                    break
                frames.append(number)
                if number == mark_page:
                    row = mark_row(page)
                    if row is not None:
                        marks.append((len(frames), row))
                if commit:
                    committed = len(frames)
    except FileNotFoundError:
        return None
    if not committed:
        return None
    return [row for position, row in marks if position <= committed]


def _checksum(data: bytes, *, big_endian: bool) -> tuple[int, int]:
    """SQLite's WAL checksum of ``data`` (a multiple of 8 bytes), starting from zero."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    first = second = 0
    for index in range(0, len(words), 2):
        first = (first + words[index] + second) & 0xFFFFFFFF
        second = (second + words[index + 1] + first) & 0xFFFFFFFF
    return first, second


def belongs(database_mark: bytes, chain: Chain) -> bool:
    """Whether a WAL whose mark page frames are ``chain`` was written over a file marked ``database_mark``."""
    if not chain:
        return False
    return chain[0][1] == database_mark or any(mark == database_mark for mark, _ in chain)


def mark_row(page: bytes) -> tuple[bytes, bytes] | None:
    """(mark, previous) from the page of a one-row write_mark table, or None if it is not one.

    The page is a table b-tree leaf (type 13) with one cell: payload size and
    rowid as varints, then a record of (NULL for the rowid alias, mark, previous).
    """
    if len(page) < 10 or page[0] != 13 or int.from_bytes(page[3:5], "big") != 1:
        return None
    position = int.from_bytes(page[8:10], "big")
    try:
        size, position = _varint(page, position)
        _, position = _varint(page, position)
        values = _record(page[position : position + size])
    except IndexError:
        return None
    if len(values) != 3 or not all(isinstance(value, bytes) for value in values[1:]):
        return None
    mark, previous = values[1], values[2]
    assert isinstance(mark, bytes)
    assert isinstance(previous, bytes)
    return mark, previous


def _varint(data: bytes, position: int) -> tuple[int, int]:
    """SQLite's big-endian varint at ``position``: the value and the position after it."""
    value = 0
    for index in range(8):
        byte = data[position + index]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, position + index + 1
    return (value << 8) | data[position + 8], position + 9


#: Bytes of the integer serial types 1-6.
_INTEGER_SIZES = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}


def _record(payload: bytes) -> list[int | bytes | None]:
    """A record's values: integers and NULLs as such, blobs and text as bytes (floats are not needed)."""
    header_size, position = _varint(payload, 0)
    types = []
    while position < header_size:
        serial, position = _varint(payload, position)
        types.append(serial)
    values: list[int | bytes | None] = []
    position = header_size
    for serial in types:
        if serial in (0, 8, 9):
            values.append(None if serial == 0 else serial - 8)
        elif serial in _INTEGER_SIZES:
            size = _INTEGER_SIZES[serial]
            values.append(int.from_bytes(payload[position : position + size], "big", signed=True))
            position += size
        elif serial >= 12:
            size = (serial - 12) // 2
            if position + size > len(payload):
                raise IndexError("record runs past its payload")
            values.append(payload[position : position + size])
            position += size
        else:
            raise IndexError(f"serial type {serial} is not one a write mark holds")
    return values
