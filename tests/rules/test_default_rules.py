"""The shipped rule set: its promises about real weeks, and monotonicity."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from myorec.core.calendar import DAYS
from myorec.core.intensity import Intensity
from myorec.core.metrics import compute_metrics
from myorec.core.sessions import Focus, Kind, Profile, Session
from myorec.rulefolder.loader import check_rule_set, load_rule_set
from myorec.rulefolder.locate import default_rules_dir
from tests.helpers import WHO_WEEK_SCORES, session, who_week

BENEFIT_IDS = ["immune", "blood_sugar", "fat_metabolism", "bone", "heart", "appetite", "brain"]


def test_default_rule_set_has_the_seven_benefits_in_order():
    rule_set = load_rule_set(default_rules_dir())
    assert [benefit.id for benefit in rule_set.benefits] == BENEFIT_IDS


def test_default_rule_set_checks_clean():
    check = check_rule_set(default_rules_dir())
    assert check.errors == ()
    assert check.warnings == ()


def test_every_shipped_rule_names_its_myokines_and_cites_evidence_with_a_level():
    rule_set = load_rule_set(default_rules_dir())
    for rule in rule_set.rules:
        assert rule.evidence_level is not None, rule.id
        assert len(rule.evidence) > 40, rule.id
        assert rule.myokines, rule.id
    for benefit_id in BENEFIT_IDS:
        assert len(rule_set.rules_for(benefit_id)) >= 2, benefit_id


def test_who_week_reaches_at_least_moderate_everywhere(default_engine):
    results = default_engine.evaluate(compute_metrics(who_week()))
    assert {r.benefit.id: r.level in ("moderate", "strong") for r in results} == dict.fromkeys(
        BENEFIT_IDS, True
    )


def test_who_week_exact_scores(default_engine):
    scores = dict(zip(BENEFIT_IDS, default_engine.scores(compute_metrics(who_week())), strict=True))
    assert scores == WHO_WEEK_SCORES


def test_week_without_resistance_is_never_strong_for_bone(default_engine):
    heavy = [session("aerobic", 90, day, intensity="vigorous") for day in DAYS]
    heavy += [session("mobility", 60, day, focus="balance") for day in DAYS]
    bone = default_engine.evaluate(compute_metrics(heavy))[3]
    assert bone.benefit.id == "bone"
    assert bone.level != "strong"
    assert any("resistance" in line.lower() for line in bone.advice)


def test_two_resistance_days_raise_bone_over_an_aerobic_only_week(default_engine):
    aerobic = [session("aerobic", 30, day) for day in ("mon", "tue", "wed", "thu", "fri")]
    before = default_engine.scores(compute_metrics(aerobic))[3]
    after = default_engine.scores(
        compute_metrics([*aerobic, session("resistance", 30, "tue"), session("resistance", 30, "fri")])
    )[3]
    assert after > before


sessions_strategy = st.builds(
    Session,
    kind=st.sampled_from(list(Kind)),
    minutes=st.integers(1, 1440),
    intensity=st.one_of(st.none(), st.sampled_from(list(Intensity))),
    day=st.sampled_from(list(DAYS)),
)


@settings(max_examples=300, deadline=None)
@given(
    week=st.lists(sessions_strategy, max_size=12),
    extra=sessions_strategy,
    focus=st.one_of(st.none(), st.sampled_from(list(Focus))),
    age=st.one_of(st.none(), st.integers(1, 120)),
)
def test_adding_a_session_never_lowers_any_default_score(default_engine, week, extra, focus, age):
    if extra.kind is Kind.MOBILITY and focus is not None:
        extra = extra.model_copy(update={"focus": focus})
    before = default_engine.scores(compute_metrics(week, Profile(age=age)))
    after = default_engine.scores(compute_metrics([*week, extra], Profile(age=age)))
    assert all(new >= old for new, old in zip(after, before, strict=True)), (before, after)


def test_mobility_work_counts_only_through_the_balance_and_volume_guidelines(default_engine):
    """README: only bone.multicomponent (balance days) and the MET-minute volume count mobility work."""
    week = [session("mobility", 60, day, focus=focus) for day in DAYS for focus in ("balance", "stretch")]
    earning = [
        rule.rule.id
        for result in default_engine.evaluate(compute_metrics(week))
        for rule in result.rules
        if rule.earned > 0
    ]
    assert earning == ["fat_metabolism.energy-volume", "bone.multicomponent"]
