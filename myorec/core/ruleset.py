"""The rule-set data model: benefits, rules and their conditions.

These pydantic models check each rule on its own (types, ranges, shape of
``when``); :class:`RuleSet` checks that they fit together (known benefits and
metrics, unique ids) as it is built, so no invalid rule set exists for the
engine to meet. Reading a rule folder, with every problem named by file, is
:mod:`myorec.rulefolder`'s job.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from myorec.core.metrics import METRICS
from myorec.core.text import format_number, shown
from myorec.errors import RuleSetError

#: Evidence codes from the domain reference, strongest first.
EVIDENCE_LEVELS: tuple[str, ...] = ("G", "H-MA", "H-RCT", "H-acute", "H-assoc", "A", "C", "U")
EVIDENCE_MEANING: dict[str, str] = {
    "G": "guideline or consensus statement",
    "H-MA": "human meta-analysis",
    "H-RCT": "human randomised trial",
    "H-acute": "human acute study",
    "H-assoc": "human association only",
    "A": "animal or cell studies only",
    "C": "contested in humans",
    "U": "unverified",
}
#: Points are relative weights; the cap keeps a benefit's total (and 100 x earned) finite.
MAX_POINTS = 1_000_000
EvidenceLevel = Literal["G", "H-MA", "H-RCT", "H-acute", "H-assoc", "A", "C", "U"]


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ValueError(f"must be a finite number (got {shown(value)})")
    return value


class Condition(BaseModel):
    """``{ metric = NAME, at_least = N }`` or ``{ metric = NAME, at_most = N }``."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    metric: str
    at_least: float | None = None
    at_most: float | None = None

    @field_validator("at_least", "at_most")
    @classmethod
    def _finite_threshold(cls, value: float | None) -> float | None:
        return _finite(value)

    @model_validator(mode="after")
    def _one_bound(self) -> Condition:
        if self.at_least is not None and self.at_most is not None:
            raise ValueError(f"{self.metric}: has both at_least and at_most; give exactly one")
        if self.at_least is None and self.at_most is None:
            raise ValueError(f"{self.metric}: has neither at_least nor at_most; give exactly one")
        return self

    @property
    def threshold(self) -> float:
        bound = self.at_least if self.at_least is not None else self.at_most
        assert bound is not None  # guaranteed by _one_bound
        return bound

    def describe(self) -> str:
        """Readable form, e.g. ``resistance_days ≥ 2``."""
        op = "≥" if self.at_least is not None else "≤"
        return f"{self.metric} {op} {format_number(self.threshold)}"


class When(BaseModel):
    """A rule fires when all (or any) of its conditions hold."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, populate_by_name=True)

    all_: list[Condition] | None = Field(default=None, alias="all")
    any_: list[Condition] | None = Field(default=None, alias="any")

    @model_validator(mode="after")
    def _one_group(self) -> When:
        if (self.all_ is None) == (self.any_ is None):
            raise ValueError("needs exactly one of when.all or when.any")
        if not self.conditions:
            raise ValueError(f"when.{self.mode} must list at least one condition")
        return self

    @property
    def mode(self) -> Literal["all", "any"]:
        return "all" if self.all_ is not None else "any"

    @property
    def conditions(self) -> list[Condition]:
        return self.all_ if self.all_ is not None else (self.any_ or [])

    def describe(self) -> str:
        joiner = " and " if self.mode == "all" else " or "
        return joiner.join(condition.describe() for condition in self.conditions)


def _plain_id(value: str) -> str:
    """Ids head every message about their rule or benefit, so a line break in one would split it."""
    if not value.isprintable():
        raise ValueError(f"must not contain line breaks or control characters (got {shown(value)})")
    return value


class Benefit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    summary: str = ""
    myokines: list[str] = []

    _id = field_validator("id")(_plain_id)


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: str = Field(min_length=1)
    benefit: str = Field(min_length=1)
    points: float
    partial: bool = False
    myokines: list[str] = []
    evidence: str = Field(min_length=1)
    evidence_level: EvidenceLevel | None = None
    advice: str | None = None
    when: When

    _id = field_validator("id")(_plain_id)

    @field_validator("points")
    @classmethod
    def _positive(cls, value: float) -> float:
        _finite(value)
        if value <= 0:
            raise ValueError(f"must be greater than 0 (got {format_number(value)})")
        if value > MAX_POINTS:
            raise ValueError(f"must be at most {MAX_POINTS:,} (got {shown(value)})")
        return value


class RuleSet:
    """A valid rule set: benefits in file order, rules in file-name then position order.

    Built only from rules that fit together: every rule's benefit is defined,
    every condition names a known metric, and no id is used twice; anything
    else raises :class:`~myorec.errors.RuleSetError` here, so the engine can
    rely on it. (Rule folders are read by :mod:`myorec.rulefolder`, which
    reports every problem of a folder, with its file, before building one.)
    """

    __slots__ = ("_by_benefit", "_by_id", "benefits", "rules")

    def __init__(self, benefits: Iterable[Benefit], rules: Iterable[Rule]) -> None:
        self.benefits = tuple(benefits)
        self.rules = tuple(rules)
        self._by_id = {benefit.id: benefit for benefit in self.benefits}
        self._by_benefit: dict[str, list[Rule]] = {benefit.id: [] for benefit in self.benefits}
        problem = _first_problem(self)
        if problem is not None:
            raise RuleSetError(problem)
        for rule in self.rules:
            self._by_benefit[rule.benefit].append(rule)

    def __repr__(self) -> str:
        return f"RuleSet({len(self.benefits)} benefits, {len(self.rules)} rules)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleSet) and (self.benefits, self.rules) == (other.benefits, other.rules)

    __hash__ = None  # type: ignore[assignment]  # equal by content, and its lists are not frozen

    def benefit(self, benefit_id: str) -> Benefit | None:
        return self._by_id.get(benefit_id)

    def rules_for(self, benefit_id: str) -> list[Rule]:
        """The benefit's rules in rule-set order (a lookup, not a scan: rule sets may be large)."""
        return list(self._by_benefit.get(benefit_id, ()))


def _first_problem(rule_set: RuleSet) -> str | None:
    """What makes these benefits and rules not a rule set, or None."""
    benefit_ids: set[str] = set()
    for benefit in rule_set.benefits:
        if benefit.id in benefit_ids:
            return f"duplicate benefit id {shown(benefit.id)}"
        benefit_ids.add(benefit.id)
    ids: set[str] = set()
    for rule in rule_set.rules:
        if rule.id in ids:
            return f"duplicate rule id {shown(rule.id)}"
        ids.add(rule.id)
        if rule.benefit not in rule_set._by_id:
            return f"rule {rule.id}: unknown benefit {shown(rule.benefit)}"
        for condition in rule.when.conditions:
            if condition.metric not in METRICS:
                return f"rule {rule.id}: unknown metric {shown(condition.metric)}"
    return None
