"""The rule-set data model: benefits, rules and their conditions.

These pydantic models check each rule on its own (types, ranges, shape of
``when``); :class:`RuleSet` checks that they fit together (known benefits and
metrics, unique ids) as it is built, so no invalid rule set exists for the
engine to meet. Reading a rule folder, with every problem named by file, is
:mod:`myorec.rulefolder`'s job.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from typing import Any, Literal

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


#: Each evidence level's confidence, in GRADE's words.
CONFIDENCE: dict[str, str] = {
    "G": "high",
    "H-MA": "high",
    "H-RCT": "moderate",
    "H-acute": "low",
    "H-assoc": "low",
    "A": "very low",
    "C": "very low",
    "U": "very low",
}
#: How much a score gain counts at each confidence: next steps and plans weigh gains by it.
CONFIDENCE_WEIGHT: dict[str, float] = {"high": 1.0, "moderate": 0.75, "low": 0.5, "very low": 0.0}
#: The lowest weighted mean of a benefit's rules that reaches each confidence, highest first.
CONFIDENCE_FLOORS: tuple[tuple[float, str], ...] = ((0.875, "high"), (0.625, "moderate"), (0.25, "low"))
#: A floor counts as reached this close below it, so that binary rounding error never drops a level.
CONFIDENCE_SLACK = 1e-9


def confidence_of(weight: float) -> str:
    """The confidence a points-weighted mean of rule weights amounts to."""
    for floor, name in CONFIDENCE_FLOORS:
        if weight >= floor - CONFIDENCE_SLACK:
            return name
    return "very low"


#: A dose-response curve: (x, y) points, x strictly increasing, y from 0 to 1.
Curve = tuple[tuple[float, float], ...]


def _check_curve(points: list[list[float]]) -> Curve:
    if len(points) < 2:
        raise ValueError("a curve needs at least 2 points, e.g. [[0, 0], [150, 1]]")
    curve: list[tuple[float, float]] = []
    for number, point in enumerate(points, start=1):
        if len(point) != 2:
            raise ValueError(f"point {number} must be [x, y] (got {len(point)} numbers)")
        try:
            x, y = float(point[0]), float(point[1])
        except OverflowError:
            raise ValueError(f"point {number}: must hold finite numbers (got {shown(point)})") from None
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError(f"point {number}: must hold finite numbers (got {shown(point)})")
        if not 0 <= y <= 1:
            raise ValueError(f"point {number}: y must be from 0 to 1 (got {format_number(y)})")
        if curve and x <= curve[-1][0]:
            raise ValueError(
                f"point {number}: x must be greater than the point before's "
                f"({format_number(x)} after {format_number(curve[-1][0])})"
            )
        curve.append((x, y))
    return tuple(curve)


def interpolate(curve: Curve, value: float) -> float:
    """The curve's y at ``value``: piecewise-linear between its points, flat beyond the first and last.

    The engine's fast path repeats this arithmetic exactly (same segment, same
    order of operations), so both paths give the same floating-point result.
    """
    if value <= curve[0][0]:
        return curve[0][1]
    index = bisect_right([x for x, _ in curve], value)
    if index == len(curve):
        return curve[-1][1]
    (x0, y0), (x1, y1) = curve[index - 1], curve[index]
    return y0 + (y1 - y0) * (value - x0) / (x1 - x0)


class Condition(BaseModel):
    """``{ metric = NAME, at_least = N }``, ``{ ..., at_most = N }`` or ``{ ..., curve = [[x, y], ...] }``."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    metric: str
    at_least: float | None = None
    at_most: float | None = None
    curve: Curve | None = None

    @field_validator("at_least", "at_most")
    @classmethod
    def _finite_threshold(cls, value: float | None) -> float | None:
        return _finite(value)

    @field_validator("curve", mode="before")
    @classmethod
    def _curve(cls, value: object) -> object:
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(point, list) for point in value):
            raise ValueError("must be a list of [x, y] points, e.g. [[0, 0], [150, 0.6], [300, 1]]")
        for point in value:
            if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in point):
                raise ValueError(f"points must hold numbers (got {shown(point)})")
        return _check_curve(value)

    @model_validator(mode="after")
    def _one_bound(self) -> Condition:
        given = [name for name in ("at_least", "at_most", "curve") if getattr(self, name) is not None]
        if len(given) == 2:
            raise ValueError(f"{self.metric}: has both {given[0]} and {given[1]}; give exactly one")
        if len(given) == 3:
            raise ValueError(f"{self.metric}: has at_least, at_most and curve; give exactly one")
        if not given:
            raise ValueError(f"{self.metric}: has neither at_least, at_most nor curve; give exactly one")
        return self

    @property
    def threshold(self) -> float:
        """The value the condition is met from: its bound, or where its curve first reaches its top."""
        if self.curve is not None:
            top = max(y for _, y in self.curve)
            return next(x for x, y in self.curve if y >= top)
        bound = self.at_least if self.at_least is not None else self.at_most
        assert bound is not None  # guaranteed by _one_bound
        return bound

    @property
    def monotone(self) -> bool:
        """Whether more of the metric never lowers the progress (``at_most`` and falling curves do)."""
        if self.curve is not None:
            return all(y1 >= y0 for (_, y0), (_, y1) in zip(self.curve, self.curve[1:], strict=False))
        return self.at_most is None

    def describe(self) -> str:
        """Readable form, e.g. ``resistance_days ≥ 2`` or ``moderate_equivalent_min on 0→0, 150→0.6``."""
        if self.curve is not None:
            points = ", ".join(f"{format_number(x)}→{format_number(y)}" for x, y in self.curve)
            return f"{self.metric} on {points}"
        op = "≥" if self.at_least is not None else "≤"
        return f"{self.metric} {op} {format_number(self.threshold)}"


class ProfileCondition(BaseModel):
    """A condition of ``applies``: a profile metric against a bound, and what to assume when it is unknown."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    metric: str
    at_least: float | None = None
    at_most: float | None = None
    #: Whether the condition holds when the metric has no value (no age in the profile).
    if_unknown: bool = False

    @field_validator("at_least", "at_most")
    @classmethod
    def _finite_threshold(cls, value: float | None) -> float | None:
        return _finite(value)

    @model_validator(mode="after")
    def _one_bound(self) -> ProfileCondition:
        if (self.at_least is None) == (self.at_most is None):
            raise ValueError(f"{self.metric}: give exactly one of at_least or at_most")
        return self

    def holds(self, value: float | None) -> bool:
        if value is None:
            return self.if_unknown
        if self.at_least is not None:
            return value >= self.at_least
        assert self.at_most is not None
        return value <= self.at_most

    def describe(self) -> str:
        op, bound = ("≥", self.at_least) if self.at_least is not None else ("≤", self.at_most)
        unknown = " (or unknown)" if self.if_unknown else ""
        return f"{self.metric} {op} {format_number(bound)}{unknown}"


def _check_group(name: str, all_: list[Any] | None, any_: list[Any] | None) -> None:
    """``NAME.all`` or ``NAME.any``, exactly one, and not empty: the shape ``when`` and ``applies`` share."""
    if (all_ is None) == (any_ is None):
        raise ValueError(f"needs exactly one of {name}.all or {name}.any")
    if not (all_ or any_):
        raise ValueError(f"{name}.{'all' if all_ is not None else 'any'} must list at least one condition")


_GROUP_CONFIG = ConfigDict(frozen=True, extra="forbid", strict=True, populate_by_name=True)


class When(BaseModel):
    """A rule fires when all (or any) of its conditions hold."""

    model_config = _GROUP_CONFIG

    all_: list[Condition] | None = Field(default=None, alias="all")
    any_: list[Condition] | None = Field(default=None, alias="any")

    @model_validator(mode="after")
    def _one_group(self) -> When:
        _check_group("when", self.all_, self.any_)
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


class Applies(BaseModel):
    """Who a rule is for: conditions on the profile (``age``) that all (or any) must hold."""

    model_config = _GROUP_CONFIG

    all_: list[ProfileCondition] | None = Field(default=None, alias="all")
    any_: list[ProfileCondition] | None = Field(default=None, alias="any")

    @model_validator(mode="after")
    def _one_group(self) -> Applies:
        _check_group("applies", self.all_, self.any_)
        return self

    @property
    def mode(self) -> Literal["all", "any"]:
        return "all" if self.all_ is not None else "any"

    @property
    def conditions(self) -> list[ProfileCondition]:
        return self.all_ if self.all_ is not None else (self.any_ or [])

    def holds(self, metrics: Mapping[str, float | None]) -> bool:
        held = (condition.holds(metrics.get(condition.metric)) for condition in self.conditions)
        return all(held) if self.mode == "all" else any(held)

    def describe(self) -> str:
        joiner = " and " if self.mode == "all" else " or "
        return joiner.join(condition.describe() for condition in self.conditions)


def _plain_id(value: str) -> str:
    """Ids head every message about their rule or benefit, so a line break in one would split it."""
    if not value.isprintable():
        raise ValueError(f"must not contain line breaks or control characters (got {shown(value)})")
    return value


class Mechanism(BaseModel):
    """A claim about why a benefit might come about (a myokine's action): explained, never scored."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    claim: str = Field(min_length=1)
    myokines: list[str] = []
    evidence: str = Field(min_length=1)
    evidence_level: EvidenceLevel

    @property
    def confidence(self) -> str:
        return CONFIDENCE[self.evidence_level]


class Benefit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    summary: str = ""
    myokines: list[str] = []
    mechanisms: list[Mechanism] = []

    _id = field_validator("id")(_plain_id)


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    id: str = Field(min_length=1)
    benefit: str = Field(min_length=1)
    points: float
    partial: bool = False
    myokines: list[str] = []
    evidence: str = Field(min_length=1)
    evidence_level: EvidenceLevel
    advice: str | None = None
    applies: Applies | None = None
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

    @model_validator(mode="after")
    def _curves_are_partial(self) -> Rule:
        if self.has_curve and "partial" in self.model_fields_set and not self.partial:
            raise ValueError("partial = false contradicts a curve condition, which earns points × progress")
        return self

    @property
    def has_curve(self) -> bool:
        return any(condition.curve is not None for condition in self.when.conditions)

    @property
    def earns_partly(self) -> bool:
        """Whether an unfired rule earns points × progress: ``partial``, or a curve condition."""
        return self.partial or self.has_curve

    @property
    def confidence(self) -> str:
        return CONFIDENCE[self.evidence_level]


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
        for profile_condition in rule.applies.conditions if rule.applies is not None else ():
            info = METRICS.get(profile_condition.metric)
            if info is None or not info.from_profile:
                return f"rule {rule.id}: applies: {shown(profile_condition.metric)} is not a profile metric"
    return None
