"""How hard a session was: the intensity a session counts at, from what was logged.

The policy lives here, apart from the session model, so that every way of
deciding it (given, RPE, and the defaults) is one documented order.
"""

from __future__ import annotations

from enum import StrEnum


class Intensity(StrEnum):
    LIGHT = "light"
    MODERATE = "moderate"
    VIGOROUS = "vigorous"


def intensity_from_rpe(rpe: float) -> Intensity:
    """WHO 2020 relative-intensity bands on the 0-10 scale: <5 light, 5-6 moderate, >=7 vigorous."""
    if rpe < 5:
        return Intensity.LIGHT
    if rpe < 7:
        return Intensity.MODERATE
    return Intensity.VIGOROUS


def effective_intensity(intensity: Intensity | None, rpe: float | None) -> Intensity:
    """Intensity given, else derived from RPE, else moderate (the documented default)."""
    if intensity is not None:
        return intensity
    if rpe is not None:
        return intensity_from_rpe(rpe)
    return Intensity.MODERATE
