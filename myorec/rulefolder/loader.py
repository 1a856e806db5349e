"""Read and validate rule folders: every problem of a folder, then (when there are none) its rule set.

A rule set is a folder of TOML files: ``benefits.toml`` defines the benefits,
``cases.toml`` and ``activities.toml`` are reserved for other purposes, and
every other ``*.toml`` holds ``[[rule]]`` tables. Files are parsed as data
(tomllib + pydantic) and nothing in them is ever evaluated.

Loading collects every problem in the set rather than stopping at the first,
so ``rules check`` and a failing ``report`` show the same messages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from myorec.core.metrics import METRIC_NAMES, METRICS, PROFILE_METRICS
from myorec.core.ruleset import Benefit, Condition, Mechanism, ProfileCondition, Rule, RuleSet
from myorec.core.text import MAX_SHOWN, Suggester, listed, shown, suggest, unknown_key
from myorec.core.validation import field_issues
from myorec.errors import RuleSetError
from myorec.formats.toml import TomlFileError, read_toml
from myorec.rulefolder.lint import evidence_warnings, threshold_warnings
from myorec.rulefolder.locate import default_rules_dir
from myorec.rulefolder.problems import Collector, Problem, count_summary, errors_of, in_file_order

BENEFITS_FILE = "benefits.toml"
RESERVED_FILES = frozenset({BENEFITS_FILE, "cases.toml", "activities.toml"})
MAX_RULES = 10_000


#: Field names allowed at each nesting level, for did-you-mean hints on unknown fields.
_NESTED_FIELDS = {
    "when": list(Condition.model_fields),
    "applies": list(ProfileCondition.model_fields),
    "mechanisms": list(Mechanism.model_fields),
}


def _location(loc: tuple[int | str, ...]) -> str:
    """``('when', 'all', 0, 'metric')`` -> ``when.all condition 1: metric`` (counting from 1)."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            noun = "condition" if text.endswith(("all", "any")) else "item"
            text += f" {noun} {part + 1}"
        elif not text:
            text = part
        else:
            text += f": {part}" if text[-1].isdigit() else f".{part}"
    return text


def _allowed_fields(loc: tuple[int | str, ...], model: type[BaseModel]) -> list[str]:
    if len(loc) == 1:
        return list(model.model_fields)
    nested = _NESTED_FIELDS.get(str(loc[0]))
    if nested is None:
        return []
    if loc[0] in ("when", "applies") and len(loc) == 2:
        return ["all", "any"]
    return nested


def _describe_model_errors(error: ValidationError, model: type[BaseModel]) -> list[str]:
    """One readable message per pydantic error, naming the field (counting list items from 1)."""
    messages: list[str] = []
    for loc, kind, reason in field_issues(error):
        where = _location(loc)
        if kind == "extra_forbidden":
            message = unknown_key(where, _allowed_fields(loc, model), "field", last=str(loc[-1]))
        elif kind == "missing":
            message = f"missing required field '{where}'"
        else:
            message = f"{where}: {reason}" if where else reason
        if message not in messages:
            messages.append(message)
    return messages


def _rule_files(folder: Path, collector: Collector) -> list[Path]:
    """Top-level ``*.toml`` plain files, sorted; links and sub-folders are reported, never followed."""
    files = []
    for path in sorted(folder.iterdir()):
        if path.is_symlink():
            if path.name == BENEFITS_FILE:
                continue  # refused as an error when benefits are read
            collector.warn(path, "symbolic link ignored: links in a rule folder are not followed")
        elif path.is_dir():
            if not path.name.startswith("."):
                collector.warn(path, "sub-folder ignored: only files at the top of a rule folder are read")
        elif path.suffix == ".toml" and path.is_file():
            files.append(path)
    return files


def read_tables(
    path: Path, key: str, collector: Collector, other: str | None = None, expected: str | None = None
) -> list[dict[str, Any]]:
    """The ``[[key]]`` tables of one file (rules, benefits or cases); anything else at the top is a problem.

    ``other`` is the table kind that belongs in another file of the folder, and
    ``expected`` says what the file holds when an unknown key is met.
    """
    try:
        data = read_toml(path)
    except TomlFileError as exc:
        collector.error(path, exc.detail())
        return []
    for name in data:
        if name == other:
            where = BENEFITS_FILE if other == "benefit" else "their own files beside benefits.toml"
            message = f"unknown top-level key {shown(name)}: [[{other}]] tables belong in {where}"
            collector.error(path, message)
        elif name != key:
            collector.error(
                path,
                f"{unknown_key(name, [key], 'top-level key')} (expected {expected or f'[[{key}]] tables'})",
            )
    raw = data.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        collector.error(path, f"'{key}' must be a list of [[{key}]] tables")
        return []
    return raw


def _load_benefits(folder: Path, collector: Collector) -> tuple[list[tuple[int, Benefit]], set[str]]:
    """The valid, new benefits of ``benefits.toml``, each with its position (from 1), and every id named.

    A benefit whose table has a mistake is reported once, there: the ids named
    keep its rules from being reported again as rules for an unknown benefit.
    """
    path = folder / BENEFITS_FILE
    if path.is_symlink():
        collector.error(path, "is a symbolic link; links are not followed (copy the file into the folder)")
        return [], set()
    if not path.is_file():
        collector.error(path, f"missing: a rule set needs {BENEFITS_FILE} defining its benefits")
        return [], set()
    raw = read_tables(path, "benefit", collector, other="rule")
    if not raw and not collector.has_errors:
        collector.error(path, "no [[benefit]] tables defined")
    benefits: list[tuple[int, Benefit]] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(raw, start=1):
        raw_id = item.get("id")
        name = table_name(raw_id, index)
        duplicate = isinstance(raw_id, str) and raw_id in seen
        if isinstance(raw_id, str) and duplicate:
            message = _duplicate("benefit", (path, seen[raw_id]), (path, index))
            collector.error(path, message, "benefit", name, index)
        elif isinstance(raw_id, str):
            seen[raw_id] = index
        try:
            benefit = Benefit.model_validate(item)
        except ValidationError as exc:
            for message in _describe_model_errors(exc, Benefit):
                collector.error(path, message, "benefit", name, index)
            continue
        if not duplicate:
            benefits.append((index, benefit))
    return benefits, set(seen)


def _duplicate(kind: str, first: tuple[Path, int], again: tuple[Path, int]) -> str:
    """``duplicate rule id (rule 1 and rule 3 of bone.toml)``: which tables share the id."""
    (first_path, first_index), (path, index) = first, again
    if first_path == path:
        where = f"{kind} {first_index} and {kind} {index} of {path.name}"
    else:
        where = f"{kind} {first_index} of {first_path.name} and {kind} {index} of {path.name}"
    return f"duplicate {kind} id ({where})"


def table_name(raw_id: object, index: int) -> str:
    """How messages name a table before it is validated: its id when that is plain text, else its number."""
    if isinstance(raw_id, str) and raw_id and raw_id.isprintable() and len(raw_id) <= MAX_SHOWN:
        return raw_id
    return f"#{index}"


def _raw_conditions(when: object) -> list[object]:
    """The conditions of a ``when`` table as written, even when the rule is otherwise invalid."""
    if not isinstance(when, dict):
        return []
    found: list[object] = []
    for group in ("all", "any"):
        conditions = when.get(group)
        if isinstance(conditions, list):
            found += conditions
    return found


class _RuleContext:
    """What checking one rule needs to know about the rest of the set."""

    def __init__(self, benefit_ids: list[str], named: set[str]) -> None:
        self.benefit_ids = benefit_ids
        #: For the membership test each rule needs (a rule set may define thousands of benefits):
        #: every id benefits.toml names, valid or not.
        self.known_benefits = frozenset(named)
        #: Suggestions for unknown benefits, within one budget for the whole set.
        self.suggest = Suggester()
        #: Rule id -> the file and position (counting from 1) that first defined it.
        self.origin: dict[str, tuple[Path, int]] = {}


def _check_rule_table(
    path: Path, index: int, item: dict[str, Any], context: _RuleContext, collector: Collector
) -> Rule | None:
    """Every problem with one ``[[rule]]`` table; the rule itself when it is valid and new."""
    raw_id = item.get("id")
    name = table_name(raw_id, index)
    duplicate = isinstance(raw_id, str) and raw_id in context.origin
    if isinstance(raw_id, str) and duplicate:
        collector.error(path, _duplicate("rule", context.origin[raw_id], (path, index)), "rule", name, index)
    elif isinstance(raw_id, str) and raw_id:
        context.origin[raw_id] = (path, index)
    rule: Rule | None = None
    try:
        rule = Rule.model_validate(item)
    except ValidationError as exc:
        for message in _describe_model_errors(exc, Rule):
            collector.error(path, message, "rule", name, index)
    benefit = item.get("benefit")
    if (
        isinstance(benefit, str)
        and benefit
        and context.known_benefits
        and benefit not in context.known_benefits
    ):
        collector.error(
            path,
            f"unknown benefit {shown(benefit)}{context.suggest(benefit, context.benefit_ids)}; "
            f"defined in {BENEFITS_FILE}: {listed(context.benefit_ids)}",
            "rule",
            name,
            index,
        )
    conditions = []
    for raw in _raw_conditions(item.get("when")):
        metric = raw.get("metric") if isinstance(raw, dict) else None
        if isinstance(metric, str) and metric not in METRICS:
            collector.error(path, _unknown_metric(metric), "rule", name, index)
        try:
            conditions.append(Condition.model_validate(raw))
        except ValidationError:
            continue  # already reported through the rule's own validation
    for raw in _raw_conditions(item.get("applies")):
        metric = raw.get("metric") if isinstance(raw, dict) else None
        if not isinstance(metric, str):
            continue
        if metric not in METRICS:
            collector.error(path, f"applies: {_unknown_metric(metric, PROFILE_METRICS)}", "rule", name, index)
        elif not METRICS[metric].from_profile:
            message = (
                f"applies: {shown(metric)} comes from the sessions; applies holds conditions on the "
                f"profile only ({', '.join(PROFILE_METRICS)}): put it in when"
            )
            collector.error(path, message, "rule", name, index)
    if rule is not None and rule.applies is not None:
        # An applies bound no age can meet, or one every age meets, is the same mistake as in when.
        bounds = [
            Condition(metric=c.metric, at_least=c.at_least, at_most=c.at_most)
            for c in rule.applies.conditions
        ]
        threshold_warnings(path, index, name, bounds, collector)
    threshold_warnings(path, index, name, conditions, collector)
    if rule is not None:
        evidence_warnings(path, index, name, rule, collector)
    return None if duplicate else rule


def _unknown_metric(metric: str, names: tuple[str, ...] = METRIC_NAMES) -> str:
    hint = suggest(metric, names, n=3) or f"; known metrics: {', '.join(names)}"
    return f"unknown metric {shown(metric)}{hint}"


class RuleCheck(NamedTuple):
    """The outcome of validating a rule folder: the rule set only when there are no errors."""

    folder: Path
    rule_set: RuleSet | None
    #: Errors and warnings in file order, then position (:func:`in_file_order`).
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return errors_of(self.problems)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.warning)


def check_rule_set(folder: Path) -> RuleCheck:
    """Validate a rule folder, report every error and warning, and build its rule set if it has no errors."""
    collector = Collector()
    found = _inspect(folder, collector)
    rule_set = None if found is None or collector.has_errors else RuleSet(*found)
    return RuleCheck(folder, rule_set, in_file_order(collector.problems))


def load_rule_set(folder: Path | None = None, show: Callable[[Problem], None] | None = None) -> RuleSet:
    """The rule set in ``folder`` (by default the shipped one), with the messages ``rules check`` would give.

    Each problem goes to ``show`` (the CLI prints it on stderr) in file order,
    then a RuleSetError stops the command: a lone error is its message itself,
    and so not shown twice; several are counted. Warnings alone do not stop it.
    """
    if folder is None:
        folder = default_rules_dir()
    check = check_rule_set(folder)
    errors = check.errors
    if show is not None:
        for problem in check.warnings if len(errors) == 1 else check.problems:
            show(problem)
    if len(errors) == 1:
        raise RuleSetError(str(errors[0]))
    if check.rule_set is None:
        raise RuleSetError(f"invalid rule set: {count_summary(check.problems)} in {folder} (listed above)")
    return check.rule_set


def _inspect(folder: Path, collector: Collector) -> tuple[list[Benefit], list[Rule]] | None:
    """The folder's valid benefits and rules, reporting every problem to ``collector``."""
    if not folder.exists():
        collector.error(folder, "rule folder does not exist")
        return None
    if not folder.is_dir():
        collector.error(folder, "not a folder (a rule set is a folder of TOML files)")
        return None
    files = _rule_files(folder, collector)
    benefits, named = _load_benefits(folder, collector)
    context = _RuleContext([benefit.id for _, benefit in benefits], named)
    rules: list[Rule] = []
    used: set[str] = set()
    tables: list[tuple[Path, list[dict[str, Any]]]] = []
    count = 0
    for path in files:
        if path.name in RESERVED_FILES:
            continue
        raw = read_tables(path, "rule", collector, other="benefit")
        count += len(raw)
        if count > MAX_RULES:
            collector.error(folder, f"more than {MAX_RULES:,} rules; refusing to load the rule set")
            return None
        tables.append((path, raw))
    for path, raw in tables:
        used.update(item["benefit"] for item in raw if isinstance(item.get("benefit"), str))
        for index, item in enumerate(raw, start=1):
            rule = _check_rule_table(path, index, item, context, collector)
            if rule is not None:
                rules.append(rule)
    if not count and not collector.has_errors:
        collector.error(folder, f"no rules found (rule files are *.toml beside {BENEFITS_FILE})")
    for position, benefit in benefits:
        if benefit.id not in used:
            message = "has no rules (its score is always 0)"
            collector.warn(folder / BENEFITS_FILE, message, "benefit", benefit.id, position)
    return [benefit for _, benefit in benefits], rules
