"""Explaining one benefit's score for one week: the engine's full trace for that benefit.

Pure: takes sessions already read (a routine, the demo week or the log) so that
every source of a week explains the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from myorec.core.engine import BenefitResult, Engine
from myorec.core.metrics import compute_metrics
from myorec.core.ruleset import Benefit, RuleSet
from myorec.core.sessions import Profile, Session
from myorec.core.text import listed, shown, suggest
from myorec.errors import NotFoundError


def find_benefit(rule_set: RuleSet, benefit_id: str) -> Benefit:
    """The benefit with this id, or an error listing the valid ids."""
    benefit = rule_set.benefit(benefit_id)
    if benefit is None:
        ids = [benefit.id for benefit in rule_set.benefits]
        raise NotFoundError(
            f"unknown benefit {shown(benefit_id)}{suggest(benefit_id, ids)}; valid ids: {listed(ids)}"
        )
    return benefit


def explain_benefit(
    engine: Engine, benefit_id: str, sessions: Sequence[Session], profile: Profile
) -> BenefitResult:
    """Score the week and return the trace of one benefit."""
    find_benefit(engine.rule_set, benefit_id)
    results = engine.evaluate(compute_metrics(sessions, profile))
    return next(result for result in results if result.benefit.id == benefit_id)
