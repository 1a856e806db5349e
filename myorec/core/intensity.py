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


#: WHO 2020 relative-intensity bands on the 0-10 scale: below 5 light, below 7 moderate, else vigorous.
#: Data, so that the cohort's SQL derives the same bands from it.
RPE_BANDS: tuple[tuple[float, Intensity], ...] = ((5, Intensity.LIGHT), (7, Intensity.MODERATE))
RPE_TOP = Intensity.VIGOROUS
#: What a session without intensity or RPE counts as.
DEFAULT_INTENSITY = Intensity.MODERATE


def intensity_from_rpe(rpe: float) -> Intensity:
    """The band of :data:`RPE_BANDS` the RPE falls in."""
    for bound, intensity in RPE_BANDS:
        if rpe < bound:
            return intensity
    return RPE_TOP


def effective_intensity(intensity: Intensity | None, rpe: float | None) -> Intensity:
    """Intensity given, else derived from RPE, else moderate (the documented default)."""
    if intensity is not None:
        return intensity
    if rpe is not None:
        return intensity_from_rpe(rpe)
    return DEFAULT_INTENSITY
