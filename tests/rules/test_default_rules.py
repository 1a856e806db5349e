"""The shipped rule set: its evidence, its promises about real weeks, and monotonicity.

The promises are those of the scoring review: every benefit at least moderate
and none at 100 at the WHO minimum, more for twice the dose, a weekend warrior
like a regular exerciser, strength work counting for heart and brain, appetite
(the weakest evidence) never above heart, age-aware targets, and safe first
steps. ``rules/cases.toml`` states the same promises for rule authors.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from myorec.core.calendar import DAYS
from myorec.core.intensity import Intensity
from myorec.core.metrics import compute_metrics
from myorec.core.report import plan_next_steps, week_days
from myorec.core.sessions import MAX_AGE, MIN_AGE, Focus, Kind, Profile, Session
from myorec.rulefolder.cases import read_cases, run_cases
from myorec.rulefolder.loader import check_rule_set, load_rule_set
from myorec.rulefolder.locate import default_rules_dir
from tests.helpers import WHO_WEEK_SCORES, session, who_week

BENEFIT_IDS = ["immune", "blood_sugar", "fat_metabolism", "bone", "heart", "appetite", "brain"]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def scores(engine, sessions, age=None):
    return dict(zip(BENEFIT_IDS, engine.scores(compute_metrics(sessions, Profile(age=age))), strict=True))


def test_default_rule_set_has_the_seven_benefits_in_order():
    rule_set = load_rule_set(default_rules_dir())
    assert [benefit.id for benefit in rule_set.benefits] == BENEFIT_IDS


def test_default_rule_set_checks_clean_and_its_cases_pass():
    check = check_rule_set(default_rules_dir())
    assert check.errors == ()
    assert check.warnings == ()
    from myorec.core.engine import Engine

    assert check.rule_set is not None
    case_file = read_cases(default_rules_dir(), BENEFIT_IDS)
    assert case_file is not None
    assert case_file.problems == ()
    results = run_cases(Engine(check.rule_set), case_file)
    assert [result.failures for result in results if not result.passed] == []
    assert len(results) >= 18


def test_every_scored_rule_cites_human_evidence_and_mechanisms_only_explain():
    rule_set = load_rule_set(default_rules_dir())
    for rule in rule_set.rules:
        assert len(rule.evidence) > 40, rule.id
        assert rule.confidence != "very low", rule.id  # animal, contested and unverified claims never score
    for benefit in rule_set.benefits:
        assert len(rule_set.rules_for(benefit.id)) >= 2, benefit.id
        assert benefit.summary.startswith("Outcome"), benefit.id
        assert benefit.mechanisms, benefit.id
        assert {mechanism.confidence for mechanism in benefit.mechanisms} - {"high"}, benefit.id


def test_who_week_exact_scores(default_engine):
    assert scores(default_engine, who_week()) == WHO_WEEK_SCORES


def test_who_minimum_is_at_least_moderate_everywhere_and_nowhere_at_100(default_engine):
    results = default_engine.evaluate(compute_metrics(who_week()))
    assert {r.benefit.id: r.level for r in results} == dict.fromkeys(BENEFIT_IDS, "moderate")
    assert all(r.score < 100 for r in results)


def week(minutes_per_day, days=WEEKDAYS, strength_days=("tue", "thu"), **extra):
    sessions = [session("aerobic", minutes_per_day, day, intensity="moderate", **extra) for day in days]
    return sessions + [session("resistance", 30, day) for day in strength_days]


def test_twice_the_dose_scores_higher_on_heart_blood_sugar_fat_and_brain(default_engine):
    minimum, double = scores(default_engine, week(30)), scores(default_engine, week(60))
    for benefit in ("heart", "blood_sugar", "fat_metabolism", "brain"):
        assert double[benefit] > minimum[benefit], benefit


def test_a_weekend_warrior_scores_like_five_regular_sessions_on_heart_and_brain(default_engine):
    warrior = scores(default_engine, week(150, days=("sat",), strength_days=()))
    regular = scores(default_engine, week(30, strength_days=()))
    for benefit in ("heart", "brain"):
        assert abs(warrior[benefit] - regular[benefit]) <= 5, benefit


def test_strength_work_alone_counts_for_heart_brain_and_blood_sugar(default_engine):
    strength = scores(default_engine, [session("resistance", 30, "mon"), session("resistance", 30, "thu")])
    assert strength["heart"] > 0
    assert strength["brain"] > 0
    assert strength["blood_sugar"] > 0


def test_impact_loading_counts_for_bone_and_plain_aerobic_work_does_not(default_engine):
    running = [session("aerobic", 100, day, intensity="moderate", impact=True) for day in DAYS[:6]]
    cycling = [session("aerobic", 100, day, intensity="moderate") for day in DAYS[:6]]
    assert scores(default_engine, running)["bone"] >= 40
    assert scores(default_engine, cycling)["bone"] == 0


def test_one_short_vigorous_run_counts_for_heart_above_appetite(default_engine):
    run = scores(default_engine, [session("aerobic", 20, "sat", intensity="vigorous")])
    assert run["heart"] >= 30
    assert run["appetite"] < run["heart"]


def test_light_walking_earns_a_little(default_engine):
    walks = scores(default_engine, [session("aerobic", 60, day, intensity="light") for day in DAYS])
    assert 0 < walks["heart"] < 40


def test_the_65_plus_target_applies_from_65_and_youth_targets_below_18(default_engine):
    adult, older, young = (scores(default_engine, who_week(), age) for age in (30, 70, 12))
    assert older["bone"] != adult["bone"]  # the multicomponent target counts from 65
    assert adult == scores(default_engine, who_week())  # unknown age uses the adult rules
    assert all(level != "strong" for level in _levels(default_engine, week(30, strength_days=()), 12))
    assert young != adult


def _levels(engine, sessions, age):
    return [result.level for result in engine.evaluate(compute_metrics(sessions, Profile(age=age)))]


@pytest.mark.parametrize(
    ("sessions", "age"),
    [([], None), ([], 70), ([session("aerobic", 20, "mon", intensity="light")], None), (who_week(), 70)],
    ids=["empty", "inactive-70", "inactive", "who-week-70"],
)
def test_first_steps_are_safe(default_engine, sessions, age):
    profile = Profile(age=age)
    base = default_engine.scores(compute_metrics(sessions, profile))
    steps = plan_next_steps(default_engine, sessions, profile, week_days(None), base)
    assert steps
    if age is not None and age >= 65:
        assert steps[0].type in ("balance", "resistance")
    metrics = compute_metrics(sessions, profile)
    if (metrics["moderate_equivalent_min"] or 0) < 60 and not metrics["aerobic_vigorous_min"]:
        assert all(step.type not in ("vigorous", "impact") for step in steps)
    for step in steps:
        assert (step.caution is not None) == ("vigorous" in step.change or step.type == "impact"), step


def test_appetite_never_outranks_heart(default_engine):
    for sessions in (
        who_week(),
        week(60),
        week(150, days=("sat",)),
        [session("aerobic", 20, "sat", intensity="vigorous")],
    ):
        result = scores(default_engine, sessions)
        assert result["appetite"] <= result["heart"]


sessions_strategy = st.builds(
    Session,
    kind=st.sampled_from(list(Kind)),
    minutes=st.integers(1, 1440),
    intensity=st.one_of(st.none(), st.sampled_from(list(Intensity))),
    day=st.sampled_from(list(DAYS)),
    impact=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    week=st.lists(sessions_strategy, max_size=12),
    extra=sessions_strategy,
    focus=st.one_of(st.none(), st.sampled_from(list(Focus))),
    age=st.one_of(st.none(), st.integers(MIN_AGE, MAX_AGE)),
)
def test_adding_a_session_never_lowers_any_default_score(default_engine, week, extra, focus, age):
    if extra.kind is Kind.MOBILITY and focus is not None:
        extra = extra.model_copy(update={"focus": focus})
    before = default_engine.scores(compute_metrics(week, Profile(age=age)))
    after = default_engine.scores(compute_metrics([*week, extra], Profile(age=age)))
    assert all(new >= old for new, old in zip(after, before, strict=True)), (before, after)


@settings(max_examples=200, deadline=None)
@given(week=st.lists(sessions_strategy, max_size=12), age=st.one_of(st.none(), st.integers(MIN_AGE, MAX_AGE)))
def test_appetite_never_outranks_heart_in_any_week(default_engine, week, age):
    result = default_engine.scores(compute_metrics(week, Profile(age=age)))
    assert result[BENEFIT_IDS.index("appetite")] <= result[BENEFIT_IDS.index("heart")]


def test_mobility_work_counts_only_through_the_65_plus_balance_target(default_engine):
    """Stretching and balance work earn nothing below 65; from 65 balance days count toward falls."""
    week = [session("mobility", 60, day, focus=focus) for day in DAYS for focus in ("balance", "stretch")]
    for age, earning in [(40, []), (70, ["bone.falls-65"])]:
        result = default_engine.evaluate(compute_metrics(week, Profile(age=age)))
        assert [rule.rule.id for benefit in result for rule in benefit.rules if rule.earned > 0] == earning
