"""A small FIT writer for tests and benchmarks: the exact bytes a test needs, malformed ones included.

Little-endian definition and data messages with normal headers, a 14-byte
file header with its CRC, and the file CRC, as the FIT protocol lays them out.
Only the messages and fields myorec reads (and a few a real record carries, so
a benchmark file costs what a real one does). Values are given in their units
(seconds, bpm, Unix times); enum values by name, numbered from fitdecode's own
profile, so any sport FIT knows can be written.

    data = (
        FitWriter()
        .file_id("activity", time_created=t0)
        .record(timestamp=t0, heart_rate=120)
        .session(sport="training", sub_sport="strength_training", start_time=t0, total_timer_time=600)
        .bytes()
    )
"""

from __future__ import annotations

import struct
from typing import Any

from fitdecode.profile import FIELD_TYPES

FIT_EPOCH = 631_065_600
ENUM, SINT8, UINT8, UINT16, SINT32, UINT32, UINT32Z = (
    (0x00, "B"),
    (0x01, "b"),
    (0x02, "B"),
    (0x84, "H"),
    (0x85, "i"),
    (0x86, "I"),
    (0x8C, "I"),
)

#: message -> (global number, {field: (number, base type, scale, offset, enum or "time")})
MESSAGES: dict[str, tuple[int, dict[str, tuple[int, tuple[int, str], float, float, str | None]]]] = {
    "file_id": (
        0,
        {
            "type": (0, ENUM, 1, 0, "file"),
            "manufacturer": (1, UINT16, 1, 0, None),
            "product": (2, UINT16, 1, 0, None),
            "serial_number": (3, UINT32Z, 1, 0, None),
            "time_created": (4, UINT32, 1, 0, "time"),
        },
    ),
    "record": (
        20,
        {
            "timestamp": (253, UINT32, 1, 0, "time"),
            "position_lat": (0, SINT32, 1, 0, None),
            "position_long": (1, SINT32, 1, 0, None),
            "altitude": (2, UINT16, 5, 500, None),
            "heart_rate": (3, UINT8, 1, 0, None),
            "cadence": (4, UINT8, 1, 0, None),
            "distance": (5, UINT32, 100, 0, None),
            "speed": (6, UINT16, 1000, 0, None),
            "power": (7, UINT16, 1, 0, None),
            "temperature": (13, SINT8, 1, 0, None),
        },
    ),
    "session": (
        18,
        {
            "timestamp": (253, UINT32, 1, 0, "time"),
            "start_time": (2, UINT32, 1, 0, "time"),
            "sport": (5, ENUM, 1, 0, "sport"),
            "sub_sport": (6, ENUM, 1, 0, "sub_sport"),
            "total_elapsed_time": (7, UINT32, 1000, 0, None),
            "total_timer_time": (8, UINT32, 1000, 0, None),
            "avg_heart_rate": (16, UINT8, 1, 0, None),
            "max_heart_rate": (17, UINT8, 1, 0, None),
            "message_index": (254, UINT16, 1, 0, None),
        },
    ),
    "activity": (34, {"timestamp": (253, UINT32, 1, 0, "time"), "num_sessions": (1, UINT16, 1, 0, None)}),
    "user_profile": (
        3,
        {"resting_heart_rate": (8, UINT8, 1, 0, None), "default_max_heart_rate": (11, UINT8, 1, 0, None)},
    ),
}


def _numbers(kind: str) -> dict[str, int]:
    return {name: number for number, name in FIELD_TYPES[kind].enum.items()}


ENUMS = {kind: _numbers(kind) for kind in ("file", "sport", "sub_sport")}


def crc16(data: bytes, crc: int = 0) -> int:
    """The FIT CRC (CRC-16 with the protocol's nibble table)."""
    table = (
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
        0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    )  # fmt: skip
    for byte in data:
        low = table[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ low ^ table[byte & 0xF]
        low = table[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ low ^ table[(byte >> 4) & 0xF]
    return crc


class FitWriter:
    """Messages in the order added; a definition is written before a message whose fields are new."""

    def __init__(self) -> None:
        self.body = bytearray()
        self._definitions: dict[tuple[int, tuple[str, ...]], int] = {}

    def add(self, message: str, **values: Any) -> FitWriter:
        number, spec = MESSAGES[message]
        names = tuple(name for name in spec if values.get(name) is not None)
        key = (number, names)
        local = self._definitions.get(key)
        if local is None:
            local = len(self._definitions) % 16
            self._definitions = {k: v for k, v in self._definitions.items() if v != local}
            self._definitions[key] = local
            self.body += struct.pack("<BBBHB", 0x40 | local, 0, 0, number, len(names))
            for name in names:
                field, (base, code), *_ = spec[name]
                self.body += struct.pack("<BBB", field, struct.calcsize(code), base)
        layout, packed = "<B", [local]
        for name in names:
            _field, (_base, code), scale, offset, kind = spec[name]
            value = values[name]
            if kind == "time":
                value = int(value) - FIT_EPOCH
            elif kind is not None:
                value = ENUMS[kind][value] if isinstance(value, str) else value
            else:
                value = round((value + offset) * scale)
            layout += code
            packed.append(value)
        self.body += struct.pack(layout, *packed)
        return self

    def file_id(self, type: str = "activity", **values: Any) -> FitWriter:  # FIT's own field name
        return self.add("file_id", type=type, manufacturer=255, product=0, serial_number=12345, **values)

    def record(self, **values: Any) -> FitWriter:
        return self.add("record", **values)

    def session(self, **values: Any) -> FitWriter:
        return self.add("session", **values)

    def bytes(self) -> bytes:
        header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(self.body), b".FIT")
        header += struct.pack("<H", crc16(header))
        data = header + bytes(self.body)
        return data + struct.pack("<H", crc16(data))


def activity_file(
    t0: int,
    parts: list[tuple[str, str | None, int, int, int]],
    *,
    step: int = 1,
    rich: bool = False,
) -> bytes:
    """An activity of ``parts`` (sport, sub_sport, offset s, timer s, bpm), a record every ``step`` s.

    Each part's records hold its bpm; ``rich`` records carry position,
    altitude, speed, cadence, power and temperature too, as a bike computer's do.
    """
    writer = FitWriter().file_id("activity", time_created=t0)
    for index, (sport, sub_sport, offset, seconds, bpm) in enumerate(parts):
        for second in range(0, seconds, step):
            extra = (
                {
                    "position_lat": 500_000_000 + second,
                    "position_long": 100_000_000 - second,
                    "altitude": 120.0 + second % 50,
                    "distance": second * 3.2,
                    "speed": 3.2,
                    "cadence": 85,
                    "power": 180 + second % 40,
                    "temperature": 18,
                }
                if rich
                else {}
            )
            writer.record(timestamp=t0 + offset + second, heart_rate=bpm, **extra)
        writer.session(
            timestamp=t0 + offset + seconds,
            start_time=t0 + offset,
            sport=sport,
            sub_sport=sub_sport,
            total_elapsed_time=seconds + 30,
            total_timer_time=seconds,
            avg_heart_rate=bpm,
            max_heart_rate=bpm + 10,
            message_index=index,
        )
    writer.add("activity", timestamp=t0 + sum(part[3] for part in parts), num_sessions=len(parts))
    return writer.bytes()


def settings_file(t0: int) -> bytes:
    """A FIT settings file: a file_id of type settings and a user profile, no activity."""
    return (
        FitWriter()
        .file_id("settings", time_created=t0)
        .add("user_profile", resting_heart_rate=52, default_max_heart_rate=185)
        .bytes()
    )
