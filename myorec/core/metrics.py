"""The weekly metrics rules read, computed from one week's sessions.

Pure functions only: no I/O. The names and meanings are a public interface
(rule files refer to them), so :data:`METRICS` documents each one, and
``rules check`` uses its ``ceiling`` to warn about thresholds no week can reach.

Design decisions (following WHO 2020 as summarised in the domain reference):
- light aerobic minutes are not counted in ``moderate_equivalent_min``; one
  vigorous minute counts as two moderate minutes;
- resistance and mobility minutes never count toward the aerobic metrics;
- resistance work counts toward ``resistance_*`` only at moderate intensity or above;
- how hard a session was is decided by :meth:`Session.decide <myorec.core.sessions.Session.decide>`
  (given, heart-rate samples, RPE, average heart rate, activity type, else moderate) against the
  profile's heart rates; with samples, an aerobic session's minutes are split between light,
  moderate and vigorous, and each metric counts the minutes at the intensities it counts (a
  session is a vigorous day with any vigorous minutes, its MVPA minutes are its moderate and
  vigorous ones);
- an impact session (of any kind) counts toward ``impact_days`` from moderate intensity up,
  as the bone-loading prescriptions describe it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from myorec.core.intensity import INTENSITIES, Intensity
from myorec.core.sessions import Focus, Kind, Profile, Session
from myorec.core.text import counted, format_number

#: A week's metrics: name -> value, or None when unknown (age without a profile).
Metrics = dict[str, float | None]

MINUTES_PER_WEEK = 7 * 1440


class MetricInfo(NamedTuple):
    description: str
    #: The largest value a real week can have, or None when there is no such bound (session counts).
    ceiling: float | None
    #: Why the ceiling holds, completing "... can never hold: ", e.g. ``a week has only 7 days``.
    limit: str = ""
    #: Whole-number metrics (days, sessions) round their gaps up in advice.
    whole: bool = True
    #: From the profile, not the sessions: unknown without one, and adding a session never changes it.
    from_profile: bool = False


#: Minute totals are bounded by the length of a week, not by what a routine may list
#: (eight 1440-minute sessions pass validation but fit in no real week).
_WEEK_MINUTES = f"a week has only {MINUTES_PER_WEEK} minutes"
_WEEK_DAYS = "a week has only 7 days"


METRICS: dict[str, MetricInfo] = {
    "aerobic_light_min": MetricInfo("minutes of light aerobic activity", MINUTES_PER_WEEK, _WEEK_MINUTES),
    "aerobic_moderate_min": MetricInfo(
        "minutes of moderate aerobic activity", MINUTES_PER_WEEK, _WEEK_MINUTES
    ),
    "aerobic_vigorous_min": MetricInfo(
        "minutes of vigorous aerobic activity", MINUTES_PER_WEEK, _WEEK_MINUTES
    ),
    "moderate_equivalent_min": MetricInfo(
        "moderate + 2 x vigorous aerobic minutes (WHO 2020); light not counted",
        2 * MINUTES_PER_WEEK,
        f"{_WEEK_MINUTES}, each counted at most twice",
    ),
    "aerobic_sessions": MetricInfo("number of aerobic sessions", None),
    "aerobic_days": MetricInfo("distinct days with an aerobic session", 7, _WEEK_DAYS),
    "longest_aerobic_min": MetricInfo(
        "minutes of the longest aerobic session", 1440, "a session lasts at most 1440 minutes"
    ),
    "resistance_sessions": MetricInfo("resistance sessions at moderate intensity or above", None),
    "resistance_days": MetricInfo("distinct days with moderate-or-harder resistance work", 7, _WEEK_DAYS),
    "resistance_min": MetricInfo(
        "minutes of moderate-or-harder resistance work", MINUTES_PER_WEEK, _WEEK_MINUTES
    ),
    "mobility_sessions": MetricInfo("number of mobility sessions", None),
    "mobility_days": MetricInfo("distinct days with a mobility session", 7, _WEEK_DAYS),
    "mobility_min": MetricInfo("minutes of mobility work", MINUTES_PER_WEEK, _WEEK_MINUTES),
    "active_days": MetricInfo("distinct days with any session", 7, _WEEK_DAYS),
    "exercise_days": MetricInfo(
        "distinct days with aerobic or moderate-or-harder resistance work (mobility not counted)",
        7,
        _WEEK_DAYS,
    ),
    "total_min": MetricInfo("minutes of all sessions", MINUTES_PER_WEEK, _WEEK_MINUTES),
    "multicomponent_days": MetricInfo(
        "distinct days with a resistance session (any intensity) or a balance-focused mobility session",
        7,
        _WEEK_DAYS,
    ),
    "mvpa_min": MetricInfo(
        "moderate + vigorous aerobic minutes, each counted once (WHO's youth target)",
        MINUTES_PER_WEEK,
        _WEEK_MINUTES,
    ),
    "longest_mvpa_min": MetricInfo(
        "moderate and vigorous minutes of the aerobic session with the most of them",
        1440,
        "a session lasts at most 1440 minutes",
    ),
    "vigorous_days": MetricInfo("distinct days with vigorous aerobic minutes", 7, _WEEK_DAYS),
    "impact_days": MetricInfo(
        "distinct days with a moderate-or-harder impact session (running, jumping, racquet or team sports)",
        7,
        _WEEK_DAYS,
    ),
    "strength_or_impact_days": MetricInfo(
        "distinct days with moderate-or-harder resistance work or an impact session (WHO's youth target)",
        7,
        _WEEK_DAYS,
    ),
    "met_minutes": MetricInfo(
        "MET x minutes over all sessions (IPAQ / Compendium values)",
        8.0 * MINUTES_PER_WEEK,
        f"{_WEEK_MINUTES}, at most 8 MET each",
        whole=False,
    ),
    "age": MetricInfo(
        "age in years, from the profile (unknown without one)",
        120,
        "an age is at most 120",
        from_profile=True,
    ),
}

#: Each metric in plain words, as the least a week needs of it: ``{n}`` is the amount, ``{days}``
#: the amount as days (``1 day``, ``2 days``). Prose for users names metrics by these, not by
#: the names rule files use.
METRIC_WORDS: dict[str, str] = {
    "aerobic_light_min": "at least {n} minutes of light aerobic activity",
    "aerobic_moderate_min": "at least {n} minutes of moderate aerobic activity",
    "aerobic_vigorous_min": "at least {n} minutes of vigorous aerobic activity",
    "moderate_equivalent_min": "at least {n} moderate-equivalent minutes",
    "aerobic_sessions": "at least {n} aerobic sessions",
    "aerobic_days": "aerobic work on at least {days}",
    "longest_aerobic_min": "an aerobic session of at least {n} minutes",
    "resistance_sessions": "at least {n} resistance sessions",
    "resistance_days": "resistance work on at least {days}",
    "resistance_min": "at least {n} minutes of resistance work",
    "mobility_sessions": "at least {n} mobility sessions",
    "mobility_days": "mobility work on at least {days}",
    "mobility_min": "at least {n} minutes of mobility work",
    "active_days": "a session on at least {days}",
    "exercise_days": "aerobic or resistance work on at least {days}",
    "total_min": "at least {n} minutes of activity in all",
    "multicomponent_days": "resistance or balance work on at least {days}",
    "mvpa_min": "at least {n} minutes of moderate or vigorous aerobic activity",
    "longest_mvpa_min": "a session of at least {n} minutes at moderate or vigorous intensity",
    "vigorous_days": "vigorous aerobic work on at least {days}",
    "impact_days": "impact work (running, jumping, racquet sports) on at least {days}",
    "strength_or_impact_days": "resistance or impact work on at least {days}",
    "met_minutes": "at least {n} MET-minutes",
    "age": "an age of at least {n}",
}


def metric_words(metric: str, amount: float) -> str:
    """The least a week needs of a metric, in plain words: ``at least 150 moderate-equivalent minutes``."""
    days = counted(int(amount), "day") if amount == int(amount) else f"{format_number(amount)} days"
    return METRIC_WORDS[metric].format(n=format_number(amount), days=days)


METRIC_NAMES: tuple[str, ...] = tuple(METRICS)
#: The metrics that come from the profile: the only ones ``applies`` may test.
PROFILE_METRICS: tuple[str, ...] = tuple(name for name, info in METRICS.items() if info.from_profile)

#: MET values by kind and intensity. Aerobic: the IPAQ scoring protocol's
#: constants for moderate 4.0 and vigorous 8.0 (IPAQ Research Committee 2005);
#: light aerobic 2.8, the Compendium's slow walk on level ground (code 17152,
#: 2.0 mph), below the 3 MET where WHO's moderate begins (IPAQ's 3.3 "walking"
#: is brisk enough to be moderate).
#: Resistance and mobility: Compendium of Physical Activities 2011 (Ainsworth
#: et al., Med Sci Sports Exerc 43:1575-81): resistance training with multiple
#: exercises 3.5 (02054), squats/explosive effort 5.0 (02052), vigorous lifting
#: 6.0 (02050); stretching, mild 2.3 (02101); hatha yoga 2.5 (02150); power
#: yoga 4.0 (02170). These activity values are approximations, not measurements.
MET_VALUES: dict[Kind, dict[Intensity, float]] = {
    Kind.AEROBIC: {Intensity.LIGHT: 2.8, Intensity.MODERATE: 4.0, Intensity.VIGOROUS: 8.0},
    Kind.RESISTANCE: {Intensity.LIGHT: 3.5, Intensity.MODERATE: 5.0, Intensity.VIGOROUS: 6.0},
    Kind.MOBILITY: {Intensity.LIGHT: 2.3, Intensity.MODERATE: 2.5, Intensity.VIGOROUS: 4.0},
}


def day_key(session: Session) -> str:
    """The calendar identity of a session's day: its date, else its weekday name."""
    if session.date is not None:
        return session.date.isoformat()
    return session.day.value if session.day is not None else "?"


def compute_metrics(sessions: Iterable[Session], profile: Profile | None = None) -> Metrics:
    """Every metric in :data:`METRICS` for one week of sessions and the person's profile."""
    light = moderate = vigorous = 0
    aerobic_sessions = longest = longest_mvpa = 0
    resistance_sessions = resistance_min = 0
    mobility_sessions = mobility_min = 0
    total = 0
    met = 0.0
    aerobic_days: set[str] = set()
    resistance_days: set[str] = set()
    mobility_days: set[str] = set()
    active_days: set[str] = set()
    multi_days: set[str] = set()
    vigorous_days: set[str] = set()
    impact_days: set[str] = set()
    heart = profile.heart_rates if profile is not None else None
    for session in sessions:
        day = day_key(session)
        minutes = session.minutes
        at = session.decide(heart).minutes
        light_min, moderate_min, vigorous_min = at
        harder = moderate_min + vigorous_min
        total += minutes
        active_days.add(day)
        mets = MET_VALUES[session.kind]
        met += sum(mets[intensity] * count for intensity, count in zip(INTENSITIES, at, strict=True))
        if session.impact and harder:
            impact_days.add(day)
        if session.kind is Kind.AEROBIC:
            aerobic_sessions += 1
            aerobic_days.add(day)
            longest = max(longest, minutes)
            light += light_min
            moderate += moderate_min
            vigorous += vigorous_min
            longest_mvpa = max(longest_mvpa, harder)
            if vigorous_min:
                vigorous_days.add(day)
        elif session.kind is Kind.RESISTANCE:
            # Any resistance session is a multicomponent day; resistance_* count it from moderate up (WHO).
            multi_days.add(day)
            if harder:
                resistance_sessions += 1
                resistance_min += harder
                resistance_days.add(day)
        else:
            mobility_sessions += 1
            mobility_min += minutes
            mobility_days.add(day)
            if session.focus is Focus.BALANCE:
                multi_days.add(day)
    return {
        "aerobic_light_min": light,
        "aerobic_moderate_min": moderate,
        "aerobic_vigorous_min": vigorous,
        "moderate_equivalent_min": moderate + 2 * vigorous,
        "aerobic_sessions": aerobic_sessions,
        "aerobic_days": len(aerobic_days),
        "longest_aerobic_min": longest,
        "resistance_sessions": resistance_sessions,
        "resistance_days": len(resistance_days),
        "resistance_min": resistance_min,
        "mobility_sessions": mobility_sessions,
        "mobility_days": len(mobility_days),
        "mobility_min": mobility_min,
        "active_days": len(active_days),
        "exercise_days": len(aerobic_days | resistance_days),
        "total_min": total,
        "multicomponent_days": len(multi_days),
        "mvpa_min": moderate + vigorous,
        "longest_mvpa_min": longest_mvpa,
        "vigorous_days": len(vigorous_days),
        "impact_days": len(impact_days),
        "strength_or_impact_days": len(resistance_days | impact_days),
        "met_minutes": round(met, 1),
        "age": profile.age if profile is not None else None,
    }
