"""How hard a session counts: the documented order, the ACSM heart-rate bands, and the minute split."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from myorec.core.intensity import (
    MAXIMUM_BANDS,
    RESERVE_BANDS,
    HeartRates,
    Intensity,
    IntensitySource,
    decide,
    split_minutes,
)
from myorec.core.metrics import compute_metrics
from myorec.core.sessions import Profile
from tests.helpers import session

#: Resting 60, maximum 180: 40 % of the reserve is 108 bpm, 60 % is 132.
KARVONEN = HeartRates(resting=60, maximum=180)
#: Maximum 200 only: 64 % is 128 bpm, 77 % is 154.
MAXIMUM_ONLY = HeartRates(maximum=200)


@pytest.mark.parametrize(
    ("heart", "bpm", "percent", "band"),
    [
        (KARVONEN, 107, 39, Intensity.LIGHT),
        (KARVONEN, 108, 40, Intensity.MODERATE),
        (KARVONEN, 131, 59, Intensity.MODERATE),
        (KARVONEN, 132, 60, Intensity.VIGOROUS),
        (MAXIMUM_ONLY, 126, 63, Intensity.LIGHT),
        # 63.5 % is shown as 64 %, and judged as shown.
        (MAXIMUM_ONLY, 127, 64, Intensity.MODERATE),
        (MAXIMUM_ONLY, 152, 76, Intensity.MODERATE),
        (MAXIMUM_ONLY, 153, 77, Intensity.VIGOROUS),
    ],
)
def test_the_band_edges_are_acsm_2018_in_whole_percent(heart, bpm, percent, band):
    assert heart.percent(bpm) == percent
    assert heart.band(bpm) is band


def test_the_reserve_needs_a_resting_rate_below_the_maximum_else_percent_of_maximum_is_used():
    assert KARVONEN.bands is RESERVE_BANDS
    assert MAXIMUM_ONLY.bands is MAXIMUM_BANDS
    assert HeartRates(resting=120, maximum=118).bands is MAXIMUM_BANDS
    assert HeartRates(resting=60).bands is None
    assert HeartRates(resting=60).band(150) is None


@pytest.mark.parametrize(
    ("profile", "maximum", "source"),
    [
        (Profile(), None, None),
        (Profile(age=40), 180, "estimated"),  # 208 - 0.7 x 40
        (Profile(age=52), 172, "estimated"),  # 171.6, rounded
        (Profile(age=52, max_hr=185), 185, "measured"),
        (Profile(max_hr=190), 190, "measured"),
    ],
)
def test_a_measured_maximum_wins_else_tanaka_estimates_it_from_age(profile, maximum, source):
    assert profile.heart_rates.maximum == maximum
    assert profile.max_hr_source == source


def test_the_order_is_given_samples_rpe_average_activity_type_default():
    everything = {
        "intensity": Intensity.LIGHT,
        "hr_seconds": [(170, 600)],
        "rpe": 3.0,
        "avg_hr": 100.0,
        "type_intensity": Intensity.MODERATE,
    }
    expected = [
        ("intensity", Intensity.LIGHT, IntensitySource.GIVEN),
        ("hr_seconds", Intensity.VIGOROUS, IntensitySource.SAMPLES),
        ("rpe", Intensity.LIGHT, IntensitySource.RPE),
        ("avg_hr", Intensity.LIGHT, IntensitySource.AVERAGE_HR),
        ("type_intensity", Intensity.MODERATE, IntensitySource.ACTIVITY_TYPE),
    ]
    for key, intensity, source in expected:
        decision = decide(30, heart=KARVONEN, **everything)
        assert (decision.intensity, decision.source) == (intensity, source), key
        del everything[key]
    assert decide(30, heart=KARVONEN)[:2] == (Intensity.MODERATE, IntensitySource.DEFAULT)


def test_heart_rate_without_bands_to_judge_it_by_is_passed_over():
    decision = decide(30, avg_hr=170, hr_seconds=[(170, 600)], heart=HeartRates(resting=50))
    assert (decision.intensity, decision.source) == (Intensity.MODERATE, IntensitySource.DEFAULT)
    assert decide(30, avg_hr=170, type_intensity=Intensity.VIGOROUS).source is IntensitySource.ACTIVITY_TYPE


def test_samples_split_the_minutes_by_time_in_each_band():
    # 10 min light (100 bpm), 20 moderate (120), 15 vigorous (150) of HR samples, for a 45-minute session.
    decision = decide(45, hr_seconds=[(100, 600), (120, 1200), (150, 900)], heart=KARVONEN)
    assert decision.minutes == (10, 20, 15)
    assert decision.split == {"light": 10, "moderate": 20, "vigorous": 15}
    assert decision.intensity is Intensity.MODERATE  # the most minutes
    assert decision.figures() == "HR samples: 15 vigorous, 20 moderate, 10 light min"
    # The same shares of a 90-minute session: the samples need not cover all of it.
    longer = decide(90, hr_seconds=[(100, 600), (120, 1200), (150, 900)], heart=KARVONEN)
    assert longer.minutes == (20, 40, 30)


def test_the_figures_say_how_an_average_was_judged():
    # Age 20: maximum 208 - 14 = 194; (151 - 60) / (194 - 60) = 67.9 % of the reserve.
    heart = Profile(age=20, resting_hr=60).heart_rates
    decision = decide(45, avg_hr=151, heart=heart)
    assert decision.intensity is Intensity.VIGOROUS
    assert decision.figures() == "avg HR 151 = 68 % HRR"
    assert decide(45, avg_hr=150.5, heart=MAXIMUM_ONLY).figures() == "avg HR 150.5 = 75 % of max HR"
    assert decide(45, rpe=7).figures(7.0) == "RPE 7"
    assert decide(45).figures() == "default"
    assert decide(45, intensity=Intensity.LIGHT).figures() is None


def test_split_minutes_gives_rounding_leftovers_to_the_largest_remainders_then_the_harder():
    assert split_minutes(10, (1, 1, 1)) == (3, 3, 4)
    assert split_minutes(10, (2, 1, 0)) == (7, 3, 0)
    assert split_minutes(1, (5, 5, 0)) == (0, 1, 0)


@given(
    st.integers(1, 1440),
    st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 10_000)).filter(any),
)
def test_a_split_always_adds_up_to_the_session_and_follows_the_shares(minutes, seconds):
    parts = split_minutes(minutes, seconds)
    assert sum(parts) == minutes
    total = sum(seconds)
    for part, share in zip(parts, seconds, strict=True):
        assert abs(part - minutes * share / total) < 1


def test_heart_rate_judges_aerobic_sessions_only():
    profile = Profile(age=40, resting_hr=60)
    hard = {"avg_hr": 170, "hr_seconds": [(170, 1800)]}
    assert session("aerobic", 30, **hard).decide(profile.heart_rates).source is IntensitySource.SAMPLES
    for kind in ("resistance", "mobility"):
        decision = session(kind, 30, **hard).decide(profile.heart_rates)
        assert (decision.intensity, decision.source) == (Intensity.MODERATE, IntensitySource.DEFAULT)


def test_the_metrics_count_a_split_sessions_minutes_where_each_belongs():
    run = session("aerobic", 45, impact=True, hr_seconds=[(100, 600), (120, 1200), (150, 900)])
    metrics = compute_metrics([run], Profile(age=40, resting_hr=60))
    assert {name: metrics[name] for name in metrics if name != "age"} == {
        "aerobic_light_min": 10,
        "aerobic_moderate_min": 20,
        "aerobic_vigorous_min": 15,
        "moderate_equivalent_min": 50,
        "aerobic_sessions": 1,
        "aerobic_days": 1,
        "longest_aerobic_min": 45,
        "resistance_sessions": 0,
        "resistance_days": 0,
        "resistance_min": 0,
        "mobility_sessions": 0,
        "mobility_days": 0,
        "mobility_min": 0,
        "active_days": 1,
        "exercise_days": 1,
        "total_min": 45,
        "multicomponent_days": 0,
        "mvpa_min": 35,
        "longest_mvpa_min": 35,
        "vigorous_days": 1,
        "impact_days": 1,
        "strength_or_impact_days": 1,
        "met_minutes": 228.0,  # 2.8 x 10 + 4 x 20 + 8 x 15
    }
    # Without a profile to judge the samples by, the run is moderate, as before heart rate counted.
    assert compute_metrics([run])["aerobic_moderate_min"] == 45


def test_a_vigorous_run_by_heart_rate_changes_the_report(default_engine):
    """The issue's HIIT class at 151 bpm: moderate by default, vigorous once the profile judges it."""
    profile = Profile(age=20, resting_hr=60)
    unjudged = compute_metrics([session("aerobic", 45)], profile)
    judged = compute_metrics([session("aerobic", 45, avg_hr=151)], profile)
    assert (unjudged["aerobic_vigorous_min"], judged["aerobic_vigorous_min"]) == (0, 45)
    before, after = default_engine.scores(unjudged), default_engine.scores(judged)
    assert all(new >= old for new, old in zip(after, before, strict=True))
    assert sum(after) > sum(before)
