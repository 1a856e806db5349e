"""Warnings about rules that are valid but cannot mean what their author wants.

A threshold no week can reach, a condition every week meets, a curve that
starts above 0 or never rises, an ``at_most`` or a falling curve on a metric
the sessions drive (adding a session could then lower a score), and points
resting on animal-only or unverified evidence: none stops a rule set
loading, all are worth a line.
"""

from __future__ import annotations

from pathlib import Path

from myorec.core.metrics import METRICS
from myorec.core.ruleset import Condition, Rule
from myorec.core.text import format_number
from myorec.errors import MyorecError
from myorec.formats.activities import ACTIVITIES_FILE, read_activity_file
from myorec.rulefolder.problems import Collector, Problem


def threshold_warnings(
    path: Path, index: int, name: str, conditions: list[Condition], collector: Collector
) -> None:
    """Conditions no week can meet or every week meets, and conditions that break monotonicity.

    A condition that always or never holds gives the same progress for every week,
    so it cannot make a score fall: it gets that warning and not the non-monotone one.
    """
    for condition in conditions:
        info = METRICS.get(condition.metric)
        if info is None:
            continue
        text = condition.describe()
        always = f"{text} always holds" + (f" when {condition.metric} is known" if info.from_profile else "")
        ceiling = info.ceiling
        if condition.curve is not None:
            first_x, first_y = condition.curve[0]
            if all(y == 0 for _, y in condition.curve):
                collector.warn(
                    path, f"{condition.metric}'s curve is 0 everywhere: it never earns", "rule", name, index
                )
            elif condition.curve[-1][0] <= 0:
                message = (
                    f"{condition.metric}'s curve lies at x ≤ 0, where no week is: every week scores alike"
                )
                collector.warn(path, message, "rule", name, index)
            elif first_y > 0 and first_x >= 0:
                message = (
                    f"{condition.metric}'s curve starts at {format_number(first_y)}: "
                    f"a week with {condition.metric} 0 already earns that share of the points"
                )
                collector.warn(path, message, "rule", name, index)
            elif ceiling is not None and condition.threshold > ceiling:
                top = format_number(condition.threshold)
                message = f"{condition.metric}'s curve can never reach its top at {top}: {info.limit}"
                collector.warn(path, message, "rule", name, index)
            elif not condition.monotone and not info.from_profile:
                message = (
                    f"{text} falls somewhere, which makes the rule set non-monotone: "
                    "adding a session can lower this benefit's score"
                )
                collector.warn(path, message, "rule", name, index)
        elif condition.at_least is not None:
            if ceiling is not None and condition.at_least > ceiling:
                collector.warn(path, f"{text} can never hold: {info.limit}", "rule", name, index)
            elif condition.at_least <= 0:
                collector.warn(path, always, "rule", name, index)
        elif ceiling is not None and condition.threshold >= ceiling:
            collector.warn(path, f"{always}: {info.limit}", "rule", name, index)
        elif condition.threshold < 0:
            message = f"{text} can never hold: {condition.metric} is never negative"
            collector.warn(path, message, "rule", name, index)
        elif not info.from_profile:  # no session changes a profile value, so it cannot make a score fall
            message = (
                f"{text} makes the rule set non-monotone: adding a session can lower this benefit's score"
            )
            collector.warn(path, message, "rule", name, index)


def check_activity_map(folder: Path) -> list[Problem]:
    """The problem with the folder's ``activities.toml``, found by reading it as ``log import`` does.

    The file maps imported activity types to kinds for imports only, so a broken one
    does not stop a rule set from loading; ``rules check`` reports it all the same.
    """
    path = folder / ACTIVITIES_FILE
    if path.is_symlink() or not path.is_file():
        return []  # a link is reported (and ignored) with the folder's other files
    try:
        read_activity_file(path)
    except MyorecError as exc:
        return [Problem(str(path), exc.detail())]
    return []


def evidence_warnings(path: Path, index: int, name: str, rule: Rule, collector: Collector) -> None:
    """A rule whose evidence is animal-only, contested or unverified should explain, not score."""
    if rule.confidence == "very low":
        message = (
            f"animal-only or unverified evidence carries points (evidence_level {rule.evidence_level}: "
            "very low confidence); make it a mechanism of its benefit in benefits.toml instead"
        )
        collector.warn(path, message, "rule", name, index)
