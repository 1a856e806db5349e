"""Time zones: the profile's IANA zone, checked against the time zone database, and this machine's.

Imports turn the UTC start times watches record into the profile's local
time, so a Sunday-evening run in California lands on Sunday. A profile
without a time zone uses the machine's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import zoneinfo
from pathlib import Path

from myorec.core.sessions import Profile
from myorec.core.text import shown, suggest
from myorec.errors import InputError

#: Where the machine's zone is named on Linux and macOS (a link into the zone database), and Debian's file.
_LOCALTIME = Path("/etc/localtime")
_TIMEZONE_FILE = Path("/etc/timezone")
#: Used when the machine names no zone: containers and CI machines run on UTC.
FALLBACK_ZONE = "UTC"


def zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone an IANA name names, or an error naming the closest ones."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        known = sorted(zoneinfo.available_timezones())
        hint = suggest(name, known, n=3) or " (an IANA name such as 'Europe/Berlin' or 'America/Los_Angeles')"
        raise InputError(f"unknown time zone {shown(name)}{hint}", field="timezone") from None


def _known(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def machine_zone_name() -> str:
    """This machine's IANA zone: ``$TZ``, else what ``/etc/localtime`` links to, else ``/etc/timezone``.

    A machine that names none is taken to run on UTC.
    """
    candidates = []
    given = os.environ.get("TZ", "").strip().removeprefix(":")
    if given:
        candidates.append(given)
    try:
        target = str(_LOCALTIME.resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError, UnicodeDecodeError):
        candidates.append(_TIMEZONE_FILE.read_text(encoding="utf-8").strip())
    return next((name for name in candidates if name and _known(name)), FALLBACK_ZONE)


def zone_name(profile: Profile) -> str:
    """The zone imports use: the profile's, else this machine's."""
    return profile.timezone or machine_zone_name()


def profile_zone(profile: Profile) -> dt.tzinfo:
    return zone(zone_name(profile))
