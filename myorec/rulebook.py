"""Find, read and validate rule folders.

A rule set is a folder of TOML files: ``benefits.toml`` defines the benefits,
``cases.toml`` and ``activities.toml`` are reserved for other purposes, and
every other ``*.toml`` holds ``[[rule]]`` tables. Files are parsed as data
(tomllib + pydantic) and nothing in them is ever evaluated.

Loading collects every problem in the set rather than stopping at the first,
so ``rules check`` and a failing ``report`` show the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from myorec.errors import RuleSetError
from myorec.metrics import METRIC_NAMES, METRICS
from myorec.models import suggest
from myorec.ruleset import Benefit, Rule, RuleSet, format_number
from myorec.tomlfile import TomlFileError, read_toml

BENEFITS_FILE = "benefits.toml"
RESERVED_FILES = frozenset({BENEFITS_FILE, "cases.toml", "activities.toml"})
MAX_RULES = 10_000


def default_rules_dir() -> Path:
    """The shipped rule set: inside the installed package, or the repository's ``rules/``.

    A wheel carries the rules as ``myorec/rules``; an editable install or a
    source checkout finds them at the top of the repository.
    """
    package_dir = Path(__file__).resolve().parent
    bundled = package_dir / "rules"
    if bundled.is_dir():
        return bundled
    return package_dir.parent / "rules"


@dataclass
class _Collector:
    """Gathers problems and warnings while a folder is read."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _describe_model_errors(error: ValidationError, model: type[BaseModel]) -> list[str]:
    """One readable message per pydantic error, naming the key path."""
    messages = []
    for detail in error.errors(include_url=False):
        loc = ".".join(str(part) for part in detail["loc"])
        kind = detail["type"]
        if kind == "extra_forbidden":
            key = str(detail["loc"][-1])
            allowed = list(model.model_fields) if len(detail["loc"]) == 1 else []
            hint = suggest(key, allowed) if allowed else ""
            messages.append(f"unknown field '{loc}'{hint}")
        elif kind == "missing":
            messages.append(f"missing required field '{loc}'")
        elif kind == "value_error" or kind == "assertion_error":
            text = str(detail.get("ctx", {}).get("error", detail["msg"]))
            messages.append(f"{loc}: {text}" if loc else text)
        elif kind == "literal_error":
            messages.append(f"{loc}: {detail['msg'].lower()} (got {detail['input']!r})")
        else:
            messages.append(f"{loc}: {detail['msg'].lower()} (got {detail['input']!r})")
    return messages


def _rule_files(folder: Path, collector: _Collector) -> list[Path]:
    """Top-level ``*.toml`` files, sorted; links and sub-folders are not followed."""
    files = []
    for path in sorted(folder.iterdir()):
        if path.suffix != ".toml":
            continue
        if path.is_symlink():
            collector.warnings.append(f"{path}: symbolic link ignored (rule folders hold plain files)")
            continue
        if path.is_file():
            files.append(path)
    return files


def _load_benefits(folder: Path, collector: _Collector) -> list[Benefit]:
    path = folder / BENEFITS_FILE
    if not path.is_file() or path.is_symlink():
        collector.errors.append(f"{path}: missing: a rule set needs {BENEFITS_FILE} defining its benefits")
        return []
    try:
        data = read_toml(path)
    except TomlFileError as exc:
        collector.errors.append(str(exc))
        return []
    for key in data:
        if key != "benefit":
            collector.errors.append(f"{path}: unknown top-level key '{key}' (expected [[benefit]] tables)")
    raw = data.get("benefit", [])
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        collector.errors.append(f"{path}: 'benefit' must be a list of [[benefit]] tables")
        return []
    if not raw:
        collector.errors.append(f"{path}: no [[benefit]] tables defined")
    benefits: list[Benefit] = []
    seen: set[str] = set()
    for index, item in enumerate(raw, start=1):
        label = f"benefit {item.get('id', f'#{index}')}"
        try:
            benefit = Benefit.model_validate(item)
        except ValidationError as exc:
            for message in _describe_model_errors(exc, Benefit):
                collector.errors.append(f"{path}: {label}: {message}")
            continue
        if benefit.id in seen:
            collector.errors.append(f"{path}: {label}: duplicate benefit id '{benefit.id}'")
            continue
        seen.add(benefit.id)
        benefits.append(benefit)
    return benefits


def _load_rules(path: Path, collector: _Collector) -> list[Rule]:
    try:
        data = read_toml(path)
    except TomlFileError as exc:
        collector.errors.append(str(exc))
        return []
    for key in data:
        if key != "rule":
            hint = suggest(key, ["rule"])
            collector.errors.append(f"{path}: unknown top-level key '{key}'{hint} (expected [[rule]] tables)")
    raw = data.get("rule", [])
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        collector.errors.append(f"{path}: 'rule' must be a list of [[rule]] tables")
        return []
    rules = []
    for index, item in enumerate(raw, start=1):
        rule_id = item.get("id")
        label = f"rule {rule_id}" if isinstance(rule_id, str) and rule_id else f"rule #{index}"
        try:
            rules.append(Rule.model_validate(item))
        except ValidationError as exc:
            for message in _describe_model_errors(exc, Rule):
                collector.errors.append(f"{path}: {label}: {message}")
    return rules


def _check_rule(path: Path, rule: Rule, benefit_ids: list[str], collector: _Collector) -> None:
    """Whole-set checks for one rule: known benefit and metrics, reachable thresholds."""
    where = f"{path}: rule {rule.id}"
    if benefit_ids and rule.benefit not in benefit_ids:
        collector.errors.append(
            f"{where}: unknown benefit '{rule.benefit}'{suggest(rule.benefit, benefit_ids)}; "
            f"defined: {', '.join(benefit_ids)}"
        )
    for condition in rule.when.conditions:
        info = METRICS.get(condition.metric)
        if info is None:
            close = suggest(condition.metric, METRIC_NAMES)
            hint = close or f"; known metrics: {', '.join(METRIC_NAMES)}"
            collector.errors.append(f"{where}: unknown metric '{condition.metric}'{hint}")
            continue
        if condition.at_least is not None:
            if info.ceiling is not None and condition.at_least > info.ceiling:
                collector.warnings.append(
                    f"{where}: {condition.describe()} can never hold: "
                    f"no week has {condition.metric} above {format_number(info.ceiling)}"
                )
            elif condition.at_least <= 0:
                collector.warnings.append(f"{where}: {condition.describe()} always holds")
        elif condition.at_most is not None:
            if info.ceiling is not None and condition.at_most >= info.ceiling:
                collector.warnings.append(f"{where}: {condition.describe()} always holds")
            elif condition.at_most < 0:
                collector.warnings.append(
                    f"{where}: {condition.describe()} can never hold: {condition.metric} is never negative"
                )


@dataclass(frozen=True)
class RuleCheck:
    """The outcome of validating a rule folder: the rule set only when there are no errors."""

    rule_set: RuleSet | None
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


def check_rule_set(folder: Path) -> RuleCheck:
    """Validate a rule folder and report every error and warning found."""
    collector = _Collector()
    rule_set = _inspect(folder, collector)
    if collector.errors:
        rule_set = None
    return RuleCheck(rule_set, tuple(collector.errors), tuple(collector.warnings))


def load_rule_set(folder: Path) -> RuleSet:
    """Read and validate a whole rule folder, or raise RuleSetError listing every problem."""
    check = check_rule_set(folder)
    if check.rule_set is None:
        raise RuleSetError(list(check.errors))
    return check.rule_set


def _inspect(folder: Path, collector: _Collector) -> RuleSet | None:
    if not folder.exists():
        collector.errors.append(f"{folder}: rule folder does not exist")
        return None
    if not folder.is_dir():
        collector.errors.append(f"{folder}: not a folder (a rule set is a folder of TOML files)")
        return None
    benefits = _load_benefits(folder, collector)
    benefit_ids = [benefit.id for benefit in benefits]
    rules: list[Rule] = []
    origin: dict[str, Path] = {}
    for path in _rule_files(folder, collector):
        if path.name in RESERVED_FILES:
            continue
        for rule in _load_rules(path, collector):
            if rule.id in origin:
                collector.errors.append(
                    f"{path}: rule {rule.id}: duplicate rule id (also defined in {origin[rule.id]})"
                )
                continue
            origin[rule.id] = path
            _check_rule(path, rule, benefit_ids, collector)
            rules.append(rule)
        if len(rules) > MAX_RULES:
            collector.errors.append(f"{folder}: more than {MAX_RULES:,} rules; refusing to load the rule set")
            return None
    if not rules and not collector.errors:
        collector.errors.append(f"{folder}: no rules found (rule files are *.toml beside {BENEFITS_FILE})")
    for benefit in benefits:
        if not any(rule.benefit == benefit.id for rule in rules):
            collector.warnings.append(
                f"{folder / BENEFITS_FILE}: benefit {benefit.id}: has no rules (its score is always 0)"
            )
    non_monotone = [rule.id for rule in rules if any(c.at_most is not None for c in rule.when.conditions)]
    if non_monotone:
        collector.warnings.append(
            f"{folder}: rule set is not monotone (adding a session can lower a score): "
            f"at_most conditions in {', '.join(non_monotone)}"
        )
    return RuleSet(
        benefits=tuple(benefits),
        rules=tuple(rules),
        source=str(folder),
        warnings=tuple(collector.warnings),
    )
