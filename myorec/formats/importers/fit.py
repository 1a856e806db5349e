"""FIT activity files from Garmin, Wahoo, Coros, Suunto and Zwift (also gzipped, ``.fit.gz``).

Decoded with fitdecode (MIT, pure Python), streamed: CRC checks are off and no
data processor runs, which nearly halves the time (dates arrive as raw FIT
seconds, turned into UTC here); a damaged file still fails, on the bytes it
cannot decode. One entry per ``session`` message, so a multisport file gives
several (``transition`` sessions are left out); the kind comes from ``sport``
and ``sub_sport`` through the ``[fit]`` table of the activity mapping
(``training/strength_training`` before ``training``); minutes from
``total_timer_time``, else ``total_elapsed_time``; heart rate from
``avg_heart_rate`` and, as seconds at each heart rate, from the ``record``
messages within the session. A file that is not an activity (settings,
monitoring, a workout plan) is refused saying which type it is; a truncated or
corrupt one is refused saying where. Swims recorded with a chest strap keep
their samples in ``hr`` messages, which are not read: they import with the
session's average.

fitdecode is imported here only, so no other command loads it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import struct
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO, NamedTuple

from myorec.errors import InputError
from myorec.formats.importers.common import (
    ImportContext,
    Imported,
    Recorded,
    activities_of,
    gunzipped,
    read_errors,
    recording_id,
    time_at_heart_rate,
)

#: FIT's epoch, 1989-12-31T00:00:00Z, in Unix seconds; smaller date_time values are device-relative.
FIT_EPOCH = 631_065_600
_RELATIVE_BELOW = 0x10000000
_FILE_ID, _SESSION, _RECORD = 0, 18, 20


def sniff(head: bytes) -> bool:
    """A FIT header: its size (12 or 14) first and ``.FIT`` at bytes 8 to 11."""
    return len(head) >= 12 and head[0] in (12, 14) and head[8:12] == b".FIT"


class _Session(NamedTuple):
    sport: str
    sub_sport: str | None
    start: float
    end: float
    seconds: float
    avg_hr: float | None


def _unix(value: Any) -> float | None:
    if not isinstance(value, int | float) or value < _RELATIVE_BELOW:
        return None
    return float(value) + FIT_EPOCH


def _name(value: Any) -> str | None:
    return None if value is None else str(value)


def read(stream: BinaryIO, context: ImportContext) -> Iterator[Imported]:
    """(session, source id) pairs, one per session of the file that the mapping knows."""
    return activities_of(recordings(stream), "fit", context)


def recordings(stream: BinaryIO) -> Iterator[Recorded]:
    """The file's sessions as recorded, each with the heart-rate samples of its time."""
    sessions, samples = _decode(gunzipped(stream))
    sessions.sort(key=lambda session: session.start)
    starts = [session.start for session in sessions]
    shares: list[list[tuple[float, int | None]]] = [[] for _ in sessions]
    for moment, bpm in samples:
        index = bisect.bisect_right(starts, moment) - 1
        if index >= 0 and moment <= sessions[index].end:
            shares[index].append((moment, bpm))
    for session, share in zip(sessions, shares, strict=True):
        start = dt.datetime.fromtimestamp(session.start, dt.UTC)
        types = (
            (f"{session.sport}/{session.sub_sport}", session.sport) if session.sub_sport else (session.sport,)
        )
        yield Recorded(
            types=types,
            shown_type=types[0],
            start=start,
            seconds=session.seconds,
            source_id=recording_id("fit", start, session.sport),
            avg_hr=session.avg_hr,
            hr_seconds=time_at_heart_rate(share) or None,
        )


class _Found(NamedTuple):
    """What the frames of a file hold: its file_id types, its sessions, its (time, heart rate) samples."""

    types: list[str]
    sessions: list[_Session]
    samples: list[tuple[float, int | None]]


def _decode(stream: BinaryIO) -> tuple[list[_Session], list[tuple[float, int | None]]]:
    """Sessions and (time, heart rate) samples of every activity in the stream; one-line errors."""
    import fitdecode

    found = _Found([], [], [])
    with read_errors(), _decoder_errors(fitdecode):
        reader = fitdecode.FitReader(
            stream,
            check_crc=fitdecode.CrcCheck.DISABLED,
            error_handling=fitdecode.ErrorHandling.IGNORE,
            processor=None,
        )
        with reader:
            _collect(reader, fitdecode.FIT_FRAME_DATA, found)
    if not found.types:
        raise InputError("empty or not a FIT file: it holds no file_id message")
    if "activity" not in found.types:
        kinds = " and ".join(dict.fromkeys(found.types))
        raise InputError(f"is a FIT {kinds} file, not an activity: there is nothing to import")
    if not found.sessions:
        raise InputError("holds no session summary (was the recording saved and finished?)")
    return [session for session in found.sessions if session.sport != "transition"], found.samples


def _collect(reader: Iterable[Any], data: int, found: _Found) -> None:
    """Every data frame's part of ``found``: the loop a 1 MB file runs 20,000 times, kept lean."""
    for frame in reader:
        if frame.frame_type != data:
            continue
        number = frame.global_mesg_num
        if number == _RECORD:
            moment = heart = None
            for field in frame.fields:
                name = field.name
                if name == "timestamp":
                    moment = field.value
                elif name == "heart_rate":
                    heart = field.value
            when = _unix(moment)
            if when is not None:
                found.samples.append((when, heart))
        elif number == _SESSION:
            session = _session(frame)
            if session is not None:
                found.sessions.append(session)
        elif number == _FILE_ID:
            found.types.append(_name(frame.get_value("type", fallback=None)) or "unknown")


@contextmanager
def _decoder_errors(fitdecode: Any) -> Iterator[None]:
    """fitdecode's errors as one line each, saying what is wrong and where."""
    try:
        yield
    except fitdecode.FitHeaderError:
        raise InputError("not a FIT file (it does not start with a FIT header)") from None
    except fitdecode.FitEOFError as exc:
        end = f"{exc.offset + exc.got:,}"
        raise InputError(
            f"the FIT file ends early, at byte {end} (is it cut short?); nothing was imported"
        ) from None
    except fitdecode.FitParseError as exc:
        reason = str(exc).split(": ", 1)[1] if ": " in str(exc) else "cannot decode it"
        raise InputError(
            f"damaged FIT file at byte {exc.offset:,} ({reason}); nothing was imported"
        ) from None
    except (fitdecode.FitError, ValueError, struct.error, IndexError, KeyError, TypeError) as exc:
        raise InputError(f"damaged FIT file ({exc or type(exc).__name__}); nothing was imported") from None


def _session(frame: Any) -> _Session | None:
    def value(name: str) -> Any:
        return frame.get_value(name, fallback=None)

    start = _unix(value("start_time"))
    elapsed = value("total_elapsed_time")
    timer = value("total_timer_time")
    if start is None:
        start_of_end = _unix(value("timestamp"))
        if start_of_end is None or not isinstance(elapsed, int | float):
            return None
        start = start_of_end - float(elapsed)
    seconds = timer if isinstance(timer, int | float) and timer > 0 else elapsed
    if not isinstance(seconds, int | float):
        return None
    span = float(elapsed) if isinstance(elapsed, int | float) else float(seconds)
    heart = value("avg_heart_rate")
    return _Session(
        sport=_name(value("sport")) or "generic",
        sub_sport=_name(value("sub_sport")),
        start=start,
        end=start + span,
        seconds=float(seconds),
        avg_hr=float(heart) if isinstance(heart, int | float) else None,
    )
