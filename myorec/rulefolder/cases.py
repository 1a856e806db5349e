"""Rule-set tests: example weeks in ``cases.toml`` with the levels their author expects.

A rule folder may hold ``cases.toml`` so that an edit which breaks an intention
("a WHO-guideline week is at least moderate everywhere") is caught, the way
policy engines let authors test their policies. Pure apart from reading the
file: cases are parsed as data and run through the same engine as a report.
They run only in ``rules test`` and ``rules check``, never when a rule set is
loaded, so a rule set with failing cases still reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from myorec.core.engine import LEVELS, Engine
from myorec.core.metrics import compute_metrics
from myorec.core.ruleset import RuleSet
from myorec.core.sessions import Profile, Session
from myorec.core.text import Suggester, counted, format_number, listed, shown, suggest, unknown_key
from myorec.core.validation import describe_validation_error
from myorec.core.week import week_label, week_sessions
from myorec.errors import InputError
from myorec.rulefolder.lint import check_activity_map
from myorec.rulefolder.loader import check_rule_set, read_tables, table_name
from myorec.rulefolder.problems import Collector, Problem, count_summary, errors_of, in_file_order

CASES_FILE = "cases.toml"
#: Levels from lowest to highest: expectations compare positions in this order.
LEVEL_ORDER: tuple[str, ...] = tuple(name for _, name in reversed(LEVELS))
_LEVEL_KEYS = ("expect", "expect_at_most")
_SCORE_KEYS = ("expect_score_at_least", "expect_score_at_most")
_CASE_REFERENCES = ("expect_above_case", "expect_near_case")
_EXPECTATIONS = (*_LEVEL_KEYS, *_SCORE_KEYS, "expect_order", *_CASE_REFERENCES, "expect_first_step")
_CASE_KEYS = ("name", "age", "sessions", *_EXPECTATIONS)


class Comparison(NamedTuple):
    """Scores compared with another case's: ``above`` it, or ``within`` N points of it."""

    case: str
    benefits: tuple[str, ...]
    #: None: each score strictly above the other case's; N: each within N points of it.
    within: float | None = None


@dataclass(frozen=True)
class Case:
    name: str
    sessions: tuple[Session, ...]
    profile: Profile
    #: benefit id -> the lowest acceptable level.
    expect: dict[str, str]
    #: benefit id -> the highest acceptable level.
    expect_at_most: dict[str, str]
    #: Which [[case]] table of the file it is, counting from 1.
    position: int = 0
    #: benefit id -> the lowest and the highest acceptable score.
    score_at_least: dict[str, float] = field(default_factory=dict)
    score_at_most: dict[str, float] = field(default_factory=dict)
    #: (a, b) pairs: a's score is at most b's.
    order: tuple[tuple[str, str], ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    #: The types the first next step may have (see ``core.report.STEP_TYPES``); empty: not checked.
    first_step: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseResult:
    name: str
    #: Which [[case]] table of the file it is, counting from 1.
    position: int
    #: Every benefit's score and level, in rule-set order (empty for an invalid case).
    scores: dict[str, int]
    levels: dict[str, str]
    #: One line per unmet expectation, e.g. ``bone is low (25), expected at least moderate``;
    #: for an invalid case, its problems.
    failures: tuple[str, ...]
    #: The case could not be run: its table has problems (reported with the file's).
    invalid: bool = False

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class CaseFile:
    path: Path
    #: The valid cases, which can be run.
    cases: tuple[Case, ...]
    problems: tuple[Problem, ...]
    #: The cases that cannot be run, as failed results: they count like every other case.
    invalid: tuple[CaseResult, ...] = ()


def read_cases(folder: Path, benefit_ids: Sequence[str]) -> CaseFile | None:
    """Parse ``cases.toml`` in a rule folder (None when there is none), collecting every problem.

    ``benefit_ids`` are the rule set's benefits; when empty (the rule set did not
    load) expectations are not checked against them.
    """
    path = folder / CASES_FILE
    if path.is_symlink() or not path.is_file():
        return None
    collector = Collector()
    raw = read_tables(path, "case", collector, expected="[[case]]")
    cases: list[Case] = []
    invalid: list[CaseResult] = []
    names: set[str] = set()
    benefits = _Benefits(benefit_ids, frozenset(benefit_ids), Suggester())
    for index, item in enumerate(raw, start=1):
        name = table_name(item.get("name"), index)
        errors = _case_errors(item, benefits)
        if name in names:
            errors.insert(0, "duplicate case name")
        names.add(name)
        case = _build_case(name, index, item, errors)
        for message in errors:
            collector.error(path, message, "case", name, position=index)
        if case is not None:
            cases.append(case)
        else:
            invalid.append(CaseResult(name, index, {}, {}, tuple(errors), invalid=True))
    return CaseFile(path, tuple(cases), tuple(collector.problems), tuple(invalid))


class _Benefits(NamedTuple):
    """The rule set's benefits, as checking each case's expectations needs them (thousands, perhaps)."""

    ids: Sequence[str]
    known: frozenset[str]
    suggest: Suggester


def _case_errors(item: dict[str, Any], benefits: _Benefits) -> list[str]:
    """Every problem with one case table except its sessions (checked while building)."""
    errors = []
    for key in item:
        if key not in _CASE_KEYS:
            errors.append(unknown_key(key, _CASE_KEYS, "field"))
    if not isinstance(item.get("name"), str) or not item.get("name"):
        errors.append("missing required field 'name' (text naming the case)")
    if not any(key in item for key in _EXPECTATIONS):
        errors.append(f"expects nothing: give one of {', '.join(_EXPECTATIONS)}")
    errors += _expectation_errors(item, benefits)
    for key in _LEVEL_KEYS:
        table = item.get(key, {})
        if not isinstance(table, dict):
            errors.append(f'{key}: must be a table of benefit = level, e.g. {{ bone = "moderate" }}')
            continue
        for benefit, level in table.items():
            errors += _benefit_errors(key, [benefit], benefits)
            if not isinstance(level, str) or level.strip().lower() not in LEVEL_ORDER:
                where = f"{key}.{benefit}" if benefit.isprintable() else f"{key} {shown(benefit)}"
                if isinstance(level, str):
                    typo = suggest(level.strip().lower(), LEVEL_ORDER)
                    errors.append(
                        f"{where}: unknown level {shown(level)}{typo}; levels: {', '.join(LEVEL_ORDER)}"
                    )
                else:
                    errors.append(f"{where}: must be one of {', '.join(LEVEL_ORDER)} (got {shown(level)})")
    return errors


def _benefit_errors(key: str, named: Iterable[object], benefits: _Benefits) -> list[str]:
    """Unknown benefit ids named by an expectation."""
    return [
        f"{key}: unknown benefit {shown(benefit)}{benefits.suggest(benefit, benefits.ids, n=3)}; "
        f"defined: {listed(benefits.ids)}"
        for benefit in named
        if benefits.known and isinstance(benefit, str) and benefit not in benefits.known
    ]


def _expectation_errors(item: dict[str, Any], benefits: _Benefits) -> list[str]:
    """Problems with the score, order, comparison and next-step expectations of one case."""
    errors: list[str] = []
    for key in _SCORE_KEYS:
        table = item.get(key, {})
        if not isinstance(table, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100 for v in table.values()
        ):
            errors.append(f"{key}: must be a table of benefit = score from 0 to 100, e.g. {{ heart = 40 }}")
            continue
        errors += _benefit_errors(key, table, benefits)
    order = item.get("expect_order", [])
    if not isinstance(order, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(b, str) for b in pair) for pair in order
    ):
        errors.append(
            'expect_order: must be a list of [lower, higher] benefit pairs, e.g. [["appetite", "heart"]]'
        )
    else:
        errors += _benefit_errors("expect_order", [b for pair in order for b in pair], benefits)
    for key in _CASE_REFERENCES:
        if key not in item:
            continue
        table = item[key]
        example = '{ case = "NAME", benefits = ["heart"]' + (
            ", within = 5 }" if key == "expect_near_case" else " }"
        )
        if (
            not isinstance(table, dict)
            or not isinstance(table.get("case"), str)
            or not isinstance(table.get("benefits"), list)
            or not all(isinstance(b, str) for b in table["benefits"])
            or set(table) - {"case", "benefits", "within"}
            or ("within" in table) != (key == "expect_near_case")
            or not isinstance(table.get("within", 0), int | float)
            or isinstance(table.get("within", 0), bool)
        ):
            errors.append(f"{key}: must be a table like {example}")
            continue
        if table["case"] == item.get("name"):
            errors.append(f"{key}: names the case itself; name another case of the file")
        if table.get("within", 0) < 0:
            errors.append(f"{key}: within must be 0 or more points (got {format_number(table['within'])})")
        errors += _benefit_errors(key, table["benefits"], benefits)
    steps = item.get("expect_first_step")
    if steps is not None:
        from myorec.core.report import STEP_TYPES

        if not isinstance(steps, list) or not steps or not all(isinstance(step, str) for step in steps):
            errors.append(f"expect_first_step: must be a list of step types from {', '.join(STEP_TYPES)}")
        else:
            errors += [
                f"expect_first_step: unknown step type {shown(step)}{suggest(step, STEP_TYPES)}; "
                f"types are {', '.join(STEP_TYPES)}"
                for step in steps
                if step not in STEP_TYPES
            ]
    return errors


def _build_case(name: str, position: int, item: dict[str, Any], errors: list[str]) -> Case | None:
    """The case with validated sessions and age, or None after adding to ``errors``."""
    try:
        profile = Profile.model_validate({"age": item.get("age")})
    except ValidationError as exc:
        errors.append(describe_validation_error(exc, Profile))
        return None
    raw_sessions = item.get("sessions", [])
    if not isinstance(raw_sessions, list) or not all(isinstance(s, dict) for s in raw_sessions):
        errors.append('sessions: must be a list of session tables, e.g. [{ day = "mon", ... }]')
        return None
    sessions, problems = week_sessions(raw_sessions)
    errors += [str(problem) for problem in problems]
    try:
        week_label(sessions)
    except InputError as exc:
        errors.append(str(exc))
    if errors:
        return None
    return Case(
        name=name,
        sessions=tuple(sessions),
        profile=profile,
        expect={key: value.strip().lower() for key, value in item.get("expect", {}).items()},
        expect_at_most={key: value.strip().lower() for key, value in item.get("expect_at_most", {}).items()},
        position=position,
        score_at_least=dict(item.get("expect_score_at_least", {})),
        score_at_most=dict(item.get("expect_score_at_most", {})),
        order=tuple((lower, higher) for lower, higher in item.get("expect_order", [])),
        comparisons=tuple(
            Comparison(table["case"], tuple(table["benefits"]), table.get("within"))
            for table in (item.get(key) for key in _CASE_REFERENCES)
            if table is not None
        ),
        first_step=tuple(item.get("expect_first_step", [])),
    )


def run_case(engine: Engine, case: Case) -> CaseResult:
    """Score the case's week and compare each expectation that needs only this case."""
    results = engine.evaluate(compute_metrics(case.sessions, case.profile))
    scores = {result.benefit.id: result.score for result in results}
    levels = {result.benefit.id: result.level for result in results}
    failures = []
    for benefit, want in case.expect.items():
        if benefit in levels and LEVEL_ORDER.index(levels[benefit]) < LEVEL_ORDER.index(want):
            failures.append(f"{benefit} is {levels[benefit]} ({scores[benefit]}), expected at least {want}")
    for benefit, want in case.expect_at_most.items():
        if benefit in levels and LEVEL_ORDER.index(levels[benefit]) > LEVEL_ORDER.index(want):
            failures.append(f"{benefit} is {levels[benefit]} ({scores[benefit]}), expected at most {want}")
    for benefit, low in case.score_at_least.items():
        if benefit in scores and scores[benefit] < low:
            failures.append(f"{benefit} scores {scores[benefit]}, expected at least {format_number(low)}")
    for benefit, high in case.score_at_most.items():
        if benefit in scores and scores[benefit] > high:
            failures.append(f"{benefit} scores {scores[benefit]}, expected at most {format_number(high)}")
    for lower, higher in case.order:
        if lower in scores and higher in scores and scores[lower] > scores[higher]:
            failures.append(
                f"{lower} scores {scores[lower]}, above {higher} ({scores[higher]}); expected at most that"
            )
    if case.first_step:
        failures += _first_step_failures(engine, case, [result.score for result in results])
    return CaseResult(case.name, case.position, scores, levels, tuple(failures))


def _first_step_failures(engine: Engine, case: Case, scores: list[int]) -> list[str]:
    from myorec.core.calendar import parse_iso_week
    from myorec.core.report import plan_next_steps, week_days

    label = week_label(case.sessions)
    monday = parse_iso_week(label)[0] if label else None
    steps = plan_next_steps(engine, case.sessions, case.profile, week_days(monday), scores)
    wanted = " or ".join(case.first_step)
    if not steps:
        return [f"no next step, expected a first step of type {wanted}"]
    if steps[0].type not in case.first_step:
        return [f"the first next step is to {steps[0].change} ({steps[0].type}), expected {wanted}"]
    return []


def _comparison_failures(case: Case, result: CaseResult, by_name: dict[str, CaseResult]) -> list[str]:
    failures = []
    for comparison in case.comparisons:
        other = by_name.get(comparison.case)
        if other is None or other.invalid:
            failures.append(
                f"compares with case {shown(comparison.case)}, which is not a valid case of this file"
            )
            continue
        for benefit in comparison.benefits:
            mine, theirs = result.scores.get(benefit), other.scores.get(benefit)
            if mine is None or theirs is None:
                continue
            if comparison.within is None and mine <= theirs:
                failures.append(
                    f"{benefit} scores {mine}, not above {theirs} in case {shown(comparison.case)}"
                )
            elif comparison.within is not None and abs(mine - theirs) > comparison.within:
                failures.append(
                    f"{benefit} scores {mine}, more than {format_number(comparison.within)} points from "
                    f"{theirs} in case {shown(comparison.case)}"
                )
    return failures


def run_cases(engine: Engine, case_file: CaseFile) -> list[CaseResult]:
    """Every case of the file in file order: the valid ones run, the invalid ones failed.

    Comparisons with other cases are checked once every case has run.
    """
    ran = {case.name: run_case(engine, case) for case in case_file.cases}
    by_name = {**ran, **{result.name: result for result in case_file.invalid}}
    results = [
        replace(
            ran[case.name],
            failures=ran[case.name].failures + tuple(_comparison_failures(case, ran[case.name], by_name)),
        )
        for case in case_file.cases
    ]
    return sorted([*results, *case_file.invalid], key=lambda result: result.position)


def failure_problems(path: Path, results: Sequence[CaseResult]) -> list[Problem]:
    """Failed expectations as ``rules check`` problems: ``cases.toml: case 'NAME': ...``.

    An invalid case's problems are already the file's, so they are not repeated.
    """
    return [
        Problem(str(path), failure, "case", result.name, position=result.position)
        for result in results
        if not result.invalid
        for failure in result.failures
    ]


@dataclass(frozen=True)
class FolderCheck:
    """Everything ``rules check`` reports: the rule set's and its cases' problems, in file order."""

    folder: Path
    rule_set: RuleSet | None
    problems: tuple[Problem, ...]
    case_file: CaseFile | None
    results: tuple[CaseResult, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return errors_of(self.problems)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        """One line: ``FOLDER: ok (27 rules, 7 benefits, 5 of 5 cases passed)`` or the counts."""
        if not self.problems:
            head = "ok"
        elif self.ok:
            head = f"ok, {counted(len(self.problems), 'warning')}"
        else:
            head = count_summary(self.problems)
        details = []
        if self.rule_set is not None:
            details += [
                counted(len(self.rule_set.rules), "rule"),
                counted(len(self.rule_set.benefits), "benefit"),
            ]
        if self.case_file is None:
            details.append(f"no {CASES_FILE}")
        elif self.rule_set is None:
            details.append("cases not run")
        else:
            passed = sum(1 for result in self.results if result.passed)
            details.append(f"{passed} of {counted(len(self.results), 'case')} passed")
        return f"{self.folder}: {head} ({', '.join(details)})"


def check_folder(folder: Path) -> FolderCheck:
    """Validate a rule folder and its activities.toml and, when the rules load, run its cases."""
    check = check_rule_set(folder)
    rule_set = check.rule_set
    benefit_ids = [benefit.id for benefit in rule_set.benefits] if rule_set is not None else []
    case_file = read_cases(folder, benefit_ids) if folder.is_dir() else None
    problems = list(check.problems) + (check_activity_map(folder) if folder.is_dir() else [])
    results: list[CaseResult] = []
    if case_file is not None:
        problems += case_file.problems
        if rule_set is not None:
            results = run_cases(Engine(rule_set), case_file)
            problems += failure_problems(case_file.path, results)
    return FolderCheck(folder, rule_set, in_file_order(problems), case_file, tuple(results))
