"""Why a plan's target is out of reach: the benefit, how far short, and the constraint in the way.

Pure. The plan found is already the closest week the space holds (see
:mod:`myorec.core.plan`); this module names, for each target it misses, the
rule with the most points still unearned and what stops the planner from
earning them: a kind the options leave out, the safety rule, the days
allowed, or the minutes they hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from myorec.core.calendar import DAYS, Day
from myorec.core.engine import BenefitResult, RuleResult
from myorec.core.text import counted, format_number


class Shortfall(NamedTuple):
    """A target the plan does not reach, by how much, and why."""

    benefit: str
    target: str
    level: str
    score: int
    #: Score points below the target's lowest score (None when no score reaches it at this confidence).
    short_by: int | None
    why: str


class Limits(NamedTuple):
    """What the options and the starting point allow, as the reasons talk about it."""

    days: tuple[Day, ...]
    #: Days that may take resistance (none on them or next to them yet).
    resistance_days: tuple[Day, ...]
    max_per_day: int
    kinds: frozenset[str]
    no_vigorous: bool
    #: The safety rule holds vigorous and impact work back (the reference week is an inactive one).
    cautious: bool
    vigorous_left: int


_RESISTANCE = ("resistance_days", "resistance_min", "resistance_sessions")
_VIGOROUS = ("aerobic_vigorous_min", "vigorous_days")
_MOBILITY = ("mobility_days", "mobility_min", "mobility_sessions")
#: Metrics days are counted by, and what a day must have to count (for the reasons' wording).
_DAY_WORK = {
    "resistance_days": "resistance",
    "impact_days": "impact work",
    "vigorous_days": "vigorous aerobic work",
    "multicomponent_days": "resistance or balance work",
    "strength_or_impact_days": "resistance or impact work",
    "aerobic_days": "aerobic work",
    "mobility_days": "mobility work",
    "active_days": "a session",
    "exercise_days": "aerobic or resistance work",
}


def day_list(days: Sequence[Day]) -> str:
    """``mon, wed and sat``; ``no day`` for none."""
    names = [day.value for day in days]
    if not names:
        return "no day"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def apart(days: Sequence[Day]) -> int:
    """The most of these days no two of which are consecutive (earliest first is optimal on a line)."""
    chosen: list[int] = []
    for position in sorted(DAYS.index(day) for day in days):
        if not chosen or position > chosen[-1] + 1:
            chosen.append(position)
    return len(chosen)


def _unearned(result: RuleResult) -> float:
    return float(result.rule.points) - result.earned


def reason(result: BenefitResult, confidence_capped: bool, limits: Limits) -> str:
    """Why this benefit stops short: its confidence, else what its rules with points left need.

    The two rules with the most points still unearned, most first: one rule's
    reason rarely explains a benefit that two constraints hold back.
    """
    if confidence_capped:
        return f"its evidence is of {result.confidence} confidence, so myorec never shows it as strong"
    open_rules = sorted(
        (r for r in result.applying if not r.fully_earned), key=lambda r: (-_unearned(r), r.rule.id)
    )
    clauses: list[str] = []
    minutes: dict[str, str] = {}
    for rule in open_rules:
        text = rule_reason(rule, limits)
        deciding = rule.deciding_condition()
        if text is None and deciding is not None:
            minutes.setdefault(deciding.condition.metric, format_number(deciding.value))
        elif text is not None and text not in clauses:
            clauses.append(text)
    if minutes:
        capacity = len(limits.days) * limits.max_per_day
        listed = " and ".join(
            f"{metric} ({value} in the plan)" for metric, value in list(minutes.items())[:2]
        )
        clauses.append(
            f"more {listed} than {counted(len(limits.days), 'day')} of at most {limits.max_per_day} minutes "
            f"({capacity} in all) hold beside the other targets"
        )
    return f"it needs {'; and '.join(clauses[:2])}" if clauses else "no week the options allow scores higher"


def rule_reason(result: RuleResult, limits: Limits) -> str | None:
    """What one rule not fully earned needs that the plan could not give it ('it needs' comes before).

    None when what it needs is more of a minute metric: :func:`reason` names those metrics together.
    """
    deciding = result.deciding_condition()
    if deciding is None:
        return None
    condition = deciding.condition
    metric = condition.metric
    need = format_number(condition.curve[-1][0] if condition.curve is not None else condition.threshold)
    if metric in _RESISTANCE and "resistance" not in limits.kinds:
        return "resistance work, which --kinds leaves out"
    if metric in _MOBILITY and "mobility" not in limits.kinds:
        return "mobility work, which --kinds leaves out"
    if metric in _VIGOROUS or metric == "impact_days":
        work = (
            "vigorous aerobic work"
            if metric in _VIGOROUS
            else "impact work (running, jumping, racquet sports)"
        )
        if metric == "impact_days" and "impact" not in limits.kinds:
            return f"{work}, which --kinds leaves out"
        if metric in _VIGOROUS and limits.no_vigorous:
            return f"{work}, which --no-vigorous rules out"
        if limits.cautious:
            return (
                f"{work}, which a plan does not add to a week this inactive "
                "(under 60 moderate-equivalent minutes, none vigorous)"
            )
        if metric == "vigorous_days":
            return f"vigorous work on {need} days; a plan adds at most {limits.vigorous_left} more"
    allowed = f"{day_list(limits.days)} {'is' if len(limits.days) == 1 else 'are'} allowed"
    if metric == "resistance_days":
        most = apart(limits.resistance_days)
        return (
            f"resistance on {need} days that are not consecutive; "
            f"{allowed}, which {'holds' if len(limits.days) == 1 else 'hold'} {counted(most, 'such day')}"
        )
    if metric in _DAY_WORK:
        return f"{_DAY_WORK[metric]} on {need} days; {allowed}"
    return None  # more minutes than the days hold: reason() words these together
