"""Weekly metrics: exact values for the WHO definitions the rules depend on."""

from __future__ import annotations

from myorec.core.metrics import METRIC_NAMES, compute_metrics
from myorec.core.sessions import Profile
from tests.helpers import session, who_week


def test_empty_week_is_all_zero_and_age_unknown():
    metrics = compute_metrics([])
    assert set(metrics) == set(METRIC_NAMES)
    assert metrics["age"] is None
    assert all(value == 0 for name, value in metrics.items() if name != "age")


def test_moderate_equivalent_counts_vigorous_twice_and_ignores_light():
    metrics = compute_metrics(
        [
            session("aerobic", 40, "mon", intensity="light"),
            session("aerobic", 30, "tue", intensity="moderate"),
            session("aerobic", 25, "wed", intensity="vigorous"),
        ]
    )
    assert metrics["aerobic_light_min"] == 40
    assert metrics["aerobic_moderate_min"] == 30
    assert metrics["aerobic_vigorous_min"] == 25
    assert metrics["moderate_equivalent_min"] == 80
    assert metrics["aerobic_sessions"] == 3
    assert metrics["longest_aerobic_min"] == 40


def test_rpe_maps_to_who_bands_and_missing_intensity_is_moderate():
    metrics = compute_metrics(
        [
            session("aerobic", 10, "mon", rpe=4.9),
            session("aerobic", 10, "mon", rpe=5),
            session("aerobic", 10, "mon", rpe=6.9),
            session("aerobic", 10, "mon", rpe=7),
            session("aerobic", 10, "mon"),
        ]
    )
    assert (
        metrics["aerobic_light_min"],
        metrics["aerobic_moderate_min"],
        metrics["aerobic_vigorous_min"],
    ) == (
        10,
        30,
        10,
    )


def test_days_are_distinct_and_light_resistance_counts_only_as_multicomponent():
    metrics = compute_metrics(
        [
            session("resistance", 30, "mon"),
            session("resistance", 20, "mon", intensity="vigorous"),
            session("resistance", 45, "wed", intensity="light"),
            session("mobility", 15, "fri", focus="balance"),
            session("mobility", 15, "sat", focus="stretch"),
        ]
    )
    assert metrics["resistance_sessions"] == 2
    assert metrics["resistance_days"] == 1
    assert metrics["resistance_min"] == 50
    assert metrics["mobility_days"] == 2
    assert metrics["multicomponent_days"] == 3  # mon and wed (any resistance session) + fri (balance)
    assert metrics["active_days"] == 4
    assert metrics["exercise_days"] == 1  # only mon: light resistance and mobility do not count
    assert metrics["total_min"] == 125


def test_met_minutes_use_ipaq_and_compendium_values():
    metrics = compute_metrics(
        [
            session("aerobic", 10, "mon", intensity="light"),  # 2.8
            session("aerobic", 10, "mon", intensity="vigorous"),  # 8.0
            session("resistance", 10, "tue"),  # 5.0
            session("mobility", 10, "wed", intensity="light"),  # 2.3
        ]
    )
    assert metrics["met_minutes"] == 181.0


def test_who_week_metrics():
    metrics = compute_metrics(who_week(), Profile(age=52))
    assert metrics["moderate_equivalent_min"] == 150
    assert metrics["aerobic_days"] == 5
    assert metrics["resistance_days"] == 2
    assert metrics["mobility_sessions"] == 2
    assert metrics["active_days"] == 7
    assert metrics["age"] == 52


def test_impact_vigorous_and_youth_metrics():
    metrics = compute_metrics(
        [
            session("aerobic", 40, "mon", intensity="vigorous", impact=True),  # a run
            session("aerobic", 60, "tue", intensity="light", impact=True),  # light: not bone loading
            session("aerobic", 50, "wed"),  # moderate, no impact
            session("resistance", 30, "thu"),
            session("resistance", 30, "fri", intensity="light"),  # light: not a strength day
            session("mobility", 20, "sat", impact=True),  # skipping drills logged as mobility
        ]
    )
    assert metrics["impact_days"] == 2  # any kind, from moderate up
    assert metrics["vigorous_days"] == 1
    assert metrics["mvpa_min"] == 90  # vigorous counted once
    assert metrics["moderate_equivalent_min"] == 130
    assert metrics["longest_mvpa_min"] == 50  # the light 60 is not moderate-or-harder
    assert metrics["strength_or_impact_days"] == 3  # mon, thu, sat
