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
    """The benefit with this id, in any case (``Bone`` is ``bone``), or an error listing the valid ids.

    An id that differs from another only in case matches only itself.
    """
    benefit = rule_set.benefit(benefit_id)
    if benefit is None:
        folded = [b for b in rule_set.benefits if b.id.casefold() == benefit_id.strip().casefold()]
        benefit = folded[0] if len(folded) == 1 else None
    if benefit is None:
        ids = [benefit.id for benefit in rule_set.benefits]
        typed = benefit_id.strip().lower()
        raise NotFoundError(
            f"unknown benefit {shown(benefit_id)}{suggest(typed, ids)}; valid ids: {listed(ids)}"
        )
    return benefit


def explain_benefit(
    engine: Engine, benefit_id: str, sessions: Sequence[Session], profile: Profile
) -> BenefitResult:
    """Score the week and return the trace of one benefit."""
    benefit = find_benefit(engine.rule_set, benefit_id)
    results = engine.evaluate(compute_metrics(sessions, profile))
    return next(result for result in results if result.benefit.id == benefit.id)
