"""Warnings about rules that are valid but cannot mean what their author wants, new features included."""

from __future__ import annotations

import pytest

from myorec.rulefolder.loader import check_rule_set

BENEFITS = '[[benefit]]\nid = "b"\nname = "B"\n'


def warnings(tmp_path, when: str, extra: str = "", level: str = "G") -> list[str]:
    (tmp_path / "benefits.toml").write_text(BENEFITS, encoding="utf-8")
    (tmp_path / "b.toml").write_text(
        f'[[rule]]\nid = "b.r"\nbenefit = "b"\npoints = 5\nevidence = "e"\nevidence_level = "{level}"\n'
        f"{extra}when.all = [{when}]\n",
        encoding="utf-8",
    )
    check = check_rule_set(tmp_path)
    assert check.errors == ()
    return [problem.message for problem in check.warnings]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (
            '{ metric = "total_min", curve = [[0, 0], [60, 1], [120, 0.5]] }',
            "total_min on 0→0, 60→1, 120→0.5 falls somewhere, which makes the rule set non-monotone: "
            "adding a session can lower this benefit's score",
        ),
        (
            '{ metric = "total_min", curve = [[0, 0], [60, 0]] }',
            "total_min's curve is 0 everywhere: it never earns",
        ),
        (
            '{ metric = "total_min", curve = [[-10, 0], [0, 1]] }',
            "total_min's curve lies at x ≤ 0, where no week is: every week scores alike",
        ),
        (
            '{ metric = "total_min", curve = [[0, 0.2], [60, 1]] }',
            "total_min's curve starts at 0.2: a week with total_min 0 already earns that share of the points",
        ),
        (
            '{ metric = "aerobic_days", curve = [[0, 0], [10, 1]] }',
            "aerobic_days's curve can never reach its top at 10: a week has only 7 days",
        ),
    ],
)
def test_curves_that_cannot_mean_what_they_say_are_warned_about(tmp_path, when, message):
    assert warnings(tmp_path, when) == [message]


def test_an_applies_bound_no_age_meets_is_warned_about(tmp_path):
    found = warnings(
        tmp_path,
        '{ metric = "total_min", at_least = 60 }',
        'applies.all = [{ metric = "age", at_least = 200 }]\n',
    )
    assert found == ["age ≥ 200 can never hold: an age is at most 120"]


@pytest.mark.parametrize("level", ["A", "C", "U"])
def test_points_on_animal_only_contested_or_unverified_evidence_are_warned_about(tmp_path, level):
    assert warnings(tmp_path, '{ metric = "total_min", at_least = 60 }', level=level) == [
        f"animal-only or unverified evidence carries points (evidence_level {level}: very low confidence); "
        "make it a mechanism of its benefit in benefits.toml instead"
    ]
