"""How hard a session was: the intensity it counts at, decided from what was logged, in one order.

The policy lives here, apart from the session model, so that every way of
deciding it is one documented order (:func:`decide`): an intensity given;
heart-rate samples (the session's minutes split into light, moderate and
vigorous by the time spent in each band); an RPE; the average heart rate; the
activity type's default intensity (from the activity mapping, at import);
moderate. Heart rate is judged against the person's profile when the week is
scored, never when a file is imported, so a new resting or maximum heart rate
re-judges every session that has one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple


class Intensity(StrEnum):
    LIGHT = "light"
    MODERATE = "moderate"
    VIGOROUS = "vigorous"


#: Lightest first: where each intensity's minutes sit in a split.
INTENSITIES: tuple[Intensity, ...] = (Intensity.LIGHT, Intensity.MODERATE, Intensity.VIGOROUS)


class IntensitySource(StrEnum):
    """How an entry's intensity was decided (``intensity_source`` in JSON)."""

    GIVEN = "given"
    SAMPLES = "heart rate samples"
    RPE = "rpe"
    AVERAGE_HR = "average heart rate"
    ACTIVITY_TYPE = "activity type"
    DEFAULT = "default"


class HeartRateBands(NamedTuple):
    """Where moderate and vigorous begin, in whole percent of a heart-rate scale."""

    #: How a percentage is written: ``68 % HRR``, ``80 % of max HR``.
    scale: str
    moderate_from: int
    vigorous_from: int


#: The band edges: ACSM's Guidelines for Exercise Testing and Prescription, 10th ed. (2018), and
#: Garber et al. 2011 (Med Sci Sports Exerc 43:1334-59, table 4). With a resting heart rate, the
#: heart-rate reserve (Karvonen: (HR - rest) / (max - rest)): below 40 % light, 40-59 % moderate,
#: 60 % and above vigorous. Without one, percent of maximum heart rate: below 64 % light, 64-76 %
#: moderate, 77 % and above vigorous. Editions differ (ACSM 2000 put moderate at 55-69 % of
#: maximum), which is why the edges are this table and not comparisons spread through the code.
RESERVE_BANDS = HeartRateBands("HRR", 40, 60)
MAXIMUM_BANDS = HeartRateBands("of max HR", 64, 77)


class HeartRates(NamedTuple):
    """What the bands need from the profile: resting and maximum heart rate (bpm), either unknown."""

    resting: int | None = None
    maximum: int | None = None

    @property
    def bands(self) -> HeartRateBands | None:
        """Heart-rate reserve with a resting rate below the maximum, else % of maximum; None without one."""
        if self.maximum is None:
            return None
        if self.resting is not None and self.resting < self.maximum:
            return RESERVE_BANDS
        return MAXIMUM_BANDS

    def percent(self, bpm: float) -> int | None:
        """``bpm`` as a whole percentage on :attr:`bands`' scale (rounded half up), or None without bands.

        A band is decided on the percentage as shown, so ``60 % HRR`` is always vigorous.
        """
        bands = self.bands
        if bands is None or self.maximum is None:
            return None
        if bands is RESERVE_BANDS and self.resting is not None:
            fraction = (bpm - self.resting) / (self.maximum - self.resting)
        else:
            fraction = bpm / self.maximum
        return math.floor(100 * fraction + 0.5)

    def band(self, bpm: float) -> Intensity | None:
        percent = self.percent(bpm)
        bands = self.bands
        if percent is None or bands is None:
            return None
        if percent >= bands.vigorous_from:
            return Intensity.VIGOROUS
        if percent >= bands.moderate_from:
            return Intensity.MODERATE
        return Intensity.LIGHT


class Decision(NamedTuple):
    """What a session counts as, how that was decided, and its minutes at each intensity."""

    intensity: Intensity
    source: IntensitySource
    #: Minutes at light, moderate and vigorous intensity; they add up to the session's minutes.
    minutes: tuple[int, int, int]
    #: The average heart rate and its percentage, when that decided.
    avg_hr: float | None = None
    percent: int | None = None
    bands: HeartRateBands | None = None

    def minutes_at(self, intensity: Intensity) -> int:
        return self.minutes[INTENSITIES.index(intensity)]

    @property
    def split(self) -> dict[str, int]:
        """``{"light": 5, "moderate": 12, "vigorous": 28}``: the minutes at each intensity."""
        return {intensity.value: count for intensity, count in zip(INTENSITIES, self.minutes, strict=True)}

    def figures(self, rpe: float | None = None) -> str | None:
        """What decided, in figures: ``avg HR 151 = 68 % HRR``, ``HR samples: 28 vigorous, 12 moderate min``.

        None for an intensity given, which needs no explaining.
        """
        if self.source is IntensitySource.SAMPLES:
            parts = [
                f"{count} {intensity.value}"
                for intensity, count in reversed(list(zip(INTENSITIES, self.minutes, strict=True)))
                if count
            ]
            return f"HR samples: {', '.join(parts)} min"
        if self.source is IntensitySource.AVERAGE_HR and self.bands is not None:
            return f"avg HR {_bpm(self.avg_hr)} = {self.percent} % {self.bands.scale}"
        if self.source is IntensitySource.RPE and rpe is not None:
            return f"RPE {_bpm(rpe)}"
        if self.source in (IntensitySource.ACTIVITY_TYPE, IntensitySource.DEFAULT):
            return self.source.value
        return None


def _bpm(value: float | None) -> str:
    if value is None:
        return "?"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


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


def _whole(
    intensity: Intensity,
    minutes: int,
    source: IntensitySource,
    avg_hr: float | None = None,
    heart: HeartRates | None = None,
) -> Decision:
    """All of a session's minutes at one intensity; ``avg_hr`` and ``heart`` when the average decided."""
    light, moderate, vigorous = (minutes if each is intensity else 0 for each in INTENSITIES)
    if avg_hr is None or heart is None:
        return Decision(intensity, source, (light, moderate, vigorous))
    return Decision(
        intensity, source, (light, moderate, vigorous), avg_hr, heart.percent(avg_hr), heart.bands
    )


def split_minutes(minutes: int, seconds: Iterable[float]) -> tuple[int, int, int]:
    """``minutes`` shared out in proportion to ``seconds`` (light, moderate, vigorous), in whole minutes.

    Largest remainders get the minutes rounding left over (ties to the harder
    intensity), so the parts always add up to the session's minutes.
    """
    weights = list(seconds)
    total = sum(weights)
    shares = [minutes * weight / total for weight in weights]
    parts = [math.floor(share) for share in shares]
    left = minutes - sum(parts)
    order = sorted(range(3), key=lambda index: (-(shares[index] - parts[index]), -index))
    for index in order[:left]:
        parts[index] += 1
    return parts[0], parts[1], parts[2]


def decide(
    minutes: int,
    *,
    intensity: Intensity | None = None,
    rpe: float | None = None,
    avg_hr: float | None = None,
    hr_seconds: Iterable[tuple[int, int]] = (),
    type_intensity: Intensity | None = None,
    heart: HeartRates | None = None,
) -> Decision:
    """The intensity a session counts at, in the documented order (see the module docstring).

    Heart rate decides only with ``heart`` bands to judge it by (a maximum
    heart rate, measured or estimated from age): without them the samples and
    the average are kept but the next way decides. With samples, the label is
    the intensity with the most minutes (ties to the harder one).
    """
    if intensity is not None:
        return _whole(intensity, minutes, IntensitySource.GIVEN)
    bands = heart.bands if heart is not None else None
    if heart is not None and bands is not None:
        seconds = [0.0, 0.0, 0.0]
        for bpm, duration in hr_seconds:
            band = heart.band(bpm)
            assert band is not None
            seconds[INTENSITIES.index(band)] += duration
        if sum(seconds) > 0:
            split = split_minutes(minutes, seconds)
            label = max(range(3), key=lambda index: (split[index], index))
            return Decision(INTENSITIES[label], IntensitySource.SAMPLES, split)
    if rpe is not None:
        return _whole(intensity_from_rpe(rpe), minutes, IntensitySource.RPE)
    if heart is not None and bands is not None and avg_hr is not None:
        band = heart.band(avg_hr)
        assert band is not None
        return _whole(band, minutes, IntensitySource.AVERAGE_HR, avg_hr, heart)
    if type_intensity is not None:
        return _whole(type_intensity, minutes, IntensitySource.ACTIVITY_TYPE)
    return _whole(DEFAULT_INTENSITY, minutes, IntensitySource.DEFAULT)
