"""Text and JSON for ``myorec profile``: what myorec knows about you, and where each heart rate comes from.

Pure functions returning strings or plain data; printing is the CLI's job.
"""

from __future__ import annotations

from typing import Any

from myorec.core.sessions import TANAKA_INTERCEPT, TANAKA_SLOPE, Profile
from myorec.core.text import format_number

#: How the estimate is worded where it is shown.
ESTIMATE = f"estimated from age: {TANAKA_INTERCEPT} - {format_number(TANAKA_SLOPE)} x age, Tanaka et al. 2001"


def profile_to_dict(profile: Profile, zone: str) -> dict[str, Any]:
    """The ``profile show --json`` object: ``max_hr`` is the one used, measured or estimated."""
    return {
        "age": profile.age,
        "resting_hr": profile.resting_hr,
        "max_hr": profile.heart_rates.maximum,
        "max_hr_source": profile.max_hr_source,
        "timezone": zone,
    }


def render_profile(profile: Profile, zone: str) -> str:
    """One line per field, each unset one saying what setting it would do."""
    maximum = profile.heart_rates.maximum
    lines = [
        f"age: {profile.age}" if profile.age is not None else "age: not set (myorec profile set --age N)",
        f"resting_hr: {profile.resting_hr} bpm"
        if profile.resting_hr is not None
        else "resting_hr: not set (myorec profile set --resting-hr BPM; heart-rate reserve needs it)",
    ]
    if profile.max_hr is not None:
        lines.append(f"max_hr: {maximum} bpm (measured)")
    elif maximum is not None:
        lines.append(f"max_hr: {maximum} bpm ({ESTIMATE})")
    else:
        lines.append("max_hr: not set (give --age or --max-hr: heart rate is judged against it)")
    if profile.timezone is not None:
        lines.append(f"timezone: {zone}")
    else:
        lines.append(f"timezone: {zone} (this machine's; myorec profile set --timezone ZONE)")
    return "\n".join(lines)
