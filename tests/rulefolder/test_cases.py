"""Rule-set cases: each expectation is checked, comparisons between cases included, and mistakes named."""

from __future__ import annotations

from pathlib import Path

import pytest

from myorec.core.engine import Engine
from myorec.rulefolder.cases import read_cases, run_cases
from myorec.rulefolder.loader import load_rule_set
from myorec.rulefolder.locate import default_rules_dir

IDS = ["immune", "blood_sugar", "fat_metabolism", "bone", "heart", "appetite", "brain"]
STRENGTH = (
    '{ day = "tue", kind = "resistance", minutes = 30 }, { day = "fri", kind = "resistance", minutes = 30 }'
)


def run(tmp_path: Path, text: str) -> tuple[list[str], dict[str, tuple[str, ...]]]:
    (tmp_path / "cases.toml").write_text(text, encoding="utf-8")
    case_file = read_cases(tmp_path, IDS)
    assert case_file is not None
    results = run_cases(Engine(load_rule_set(default_rules_dir())), case_file)
    return [str(problem) for problem in case_file.problems], {r.name: r.failures for r in results}


def test_score_bounds_orders_and_comparisons_are_checked(tmp_path):
    problems, failures = run(
        tmp_path,
        f"""
[[case]]
name = "strength"
sessions = [{STRENGTH}]
expect_score_at_least = {{ bone = 54 }}
expect_score_at_most = {{ heart = 19 }}
expect_order = [["bone", "heart"]]

[[case]]
name = "empty"
sessions = []
expect_above_case = {{ case = "strength", benefits = ["heart"] }}
expect_near_case = {{ case = "strength", within = 10, benefits = ["brain"] }}
""",
    )
    assert problems == []
    assert failures == {
        "strength": (
            "bone scores 53, expected at least 54",
            "heart scores 20, expected at most 19",
            "bone scores 53, above heart (20); expected at most that",
        ),
        "empty": (
            "heart scores 0, not above 20 in case 'strength'",
            "brain scores 0, more than 10 points from 18 in case 'strength'",
        ),
    }


def test_the_first_next_step_is_checked_by_its_type(tmp_path):
    _, failures = run(
        tmp_path,
        """
[[case]]
name = "inactive at 70"
age = 70
sessions = []
expect_first_step = ["vigorous"]
""",
    )
    assert failures["inactive at 70"] == (
        "the first next step is to add a 30-minute resistance session on Mon (resistance), expected vigorous",
    )


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            'expect_order = [["apetite", "heart"]]',
            "expect_order: unknown benefit 'apetite' (did you mean 'appetite'?",
        ),
        ('expect_order = ["heart"]', "expect_order: must be a list of [lower, higher] benefit pairs"),
        (
            "expect_score_at_least = { heart = 120 }",
            "expect_score_at_least: must be a table of benefit = score",
        ),
        (
            'expect_first_step = ["balence"]',
            "expect_first_step: unknown step type 'balence' (did you mean 'balance'?)",
        ),
        ('expect_above_case = { case = "x" }', "expect_above_case: must be a table like"),
        ('expect_near_case = { case = "x", benefits = ["heart"] }', "expect_near_case: must be a table like"),
        (
            'expect_near_case = { case = "other", within = -5, benefits = ["heart"] }',
            "expect_near_case: within must be 0 or more points (got -5)",
        ),
        (
            'expect_above_case = { case = "c", benefits = ["heart"] }',
            "expect_above_case: names the case itself; name another case of the file",
        ),
    ],
)
def test_mistakes_in_the_new_expectations_name_the_case_and_key(tmp_path, line, problem):
    problems, _ = run(
        tmp_path,
        f'[[case]]\nname = "c"\nsessions = []\n{line}\n\n'
        '[[case]]\nname = "other"\nsessions = []\nexpect = { heart = "none" }\n',
    )
    assert len(problems) == 1
    assert problems[0].startswith(f"{tmp_path}/cases.toml: case 'c': {problem}")


def test_a_comparison_with_a_case_that_is_not_there_fails_saying_so(tmp_path):
    _, failures = run(
        tmp_path,
        '[[case]]\nname = "c"\nsessions = []\nexpect_above_case = { case = "gone", benefits = ["heart"] }\n',
    )
    assert failures["c"] == ("compares with case 'gone', which is not a valid case of this file",)
