"""Rule-folder validation: every problem reported once, with its file and rule id."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from myorec.errors import RuleSetError
from myorec.rulefolder.loader import MAX_RULES, check_rule_set, load_rule_set
from myorec.rulefolder.locate import default_rules_dir

BENEFITS = """
[[benefit]]
id = "bone"
name = "Bone"

[[benefit]]
id = "heart"
name = "Heart"
"""

GOOD_RULE = """
[[rule]]
id = "bone.ok"
benefit = "bone"
points = 10
evidence = "e"
evidence_level = "G"
when.all = [{ metric = "resistance_days", at_least = 2 }]
"""


def make_folder(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def lines(folder: Path) -> list[str]:
    return [str(problem) for problem in check_rule_set(folder).problems]


def test_default_rules_check_clean_and_load():
    check = check_rule_set(default_rules_dir())
    assert check.problems == ()
    assert check.rule_set is not None
    assert len(check.rule_set.rules) == 31


def test_seeded_mistakes_are_all_reported_with_file_and_rule_id(tmp_path):
    folder = make_folder(
        tmp_path / "r",
        {
            "benefits.toml": BENEFITS
            + '\n[[benefit]]\nid = "lonely"\nname = "L"\n\n[[benefit]]\nid = "bone"\n'
            'name = "Again"\n',
            "bone.toml": """
[[rule]]
id = "bone.a"
benefit = "bone"
points = 0
evidence = "x"
evidence_level = "G"
when.all = [{ metric = "resistance_dayz", at_least = 2 }]

[[rule]]
id = "bone.b"
benefit = "bnoe"
points = 10
evidence = "x"
evidence_level = "G"
when.all = [{ metric = "resistance_days", at_least = 2, at_most = 3 }]

[[rule]]
id = "bone.c"
benefit = "bone"
points = "ten"
partial = "yes"
evidence = "x"
evidence_level = "strong"
when.all = [{ metric = "resistance_days" }]

[[rule]]
id = "bone.d"
benefit = "bone"
points = 10
evidence = "x"
evidence_level = "G"
when.any = [{ metric = "resistance_days", at_least = 8 }, { metric = "total_min", at_most = 20000 }]

[[rule]]
id = "bone.e"
benefit = "bone"
points = 10
pionts = 3
when.all = [{ metric = "aerobic_days", at_least = 0 }]
""",
            "heart.toml": '[[rule]]\nid = "bone.a"\nbenefit = "heart"\npoints = 5\nevidence = "x"\n'
            'evidence_level = "G"\n'
            'when.all = [{ metric = "aerobic_days", at_least = 2 }]\n',
            "zz_broken.toml": '[[rule]]\nid = "x"\npoints = = 3\n',
        },
    )
    assert lines(folder) == [
        f"{folder}/benefits.toml: benefit lonely: warning: has no rules (its score is always 0)",
        f"{folder}/benefits.toml: benefit bone: duplicate benefit id "
        "(benefit 1 and benefit 4 of benefits.toml)",
        f"{folder}/bone.toml: rule bone.a: points: must be greater than 0 (got 0)",
        f"{folder}/bone.toml: rule bone.a: unknown metric 'resistance_dayz' "
        "(did you mean 'resistance_days', 'resistance_min' or 'resistance_sessions'?)",
        f"{folder}/bone.toml: rule bone.b: when.all condition 1: resistance_days: "
        "has both at_least and at_most; give exactly one",
        f"{folder}/bone.toml: rule bone.b: unknown benefit 'bnoe' (did you mean 'bone'?); "
        "defined in benefits.toml: bone, heart, lonely",
        f"{folder}/bone.toml: rule bone.c: points: must be a number (got 'ten')",
        f"{folder}/bone.toml: rule bone.c: partial: must be true or false (got 'yes')",
        f"{folder}/bone.toml: rule bone.c: evidence_level: must be 'G', 'H-MA', 'H-RCT', 'H-acute', "
        "'H-assoc', 'A', 'C' or 'U' (got 'strong')",
        f"{folder}/bone.toml: rule bone.c: when.all condition 1: resistance_days: "
        "has neither at_least, at_most nor curve; give exactly one",
        f"{folder}/bone.toml: rule bone.d: warning: resistance_days ≥ 8 can never hold: "
        "a week has only 7 days",
        f"{folder}/bone.toml: rule bone.d: warning: total_min ≤ 20000 always holds: "
        "a week has only 10080 minutes",
        f"{folder}/bone.toml: rule bone.e: missing required field 'evidence'",
        f"{folder}/bone.toml: rule bone.e: missing required field 'evidence_level'",
        f"{folder}/bone.toml: rule bone.e: unknown field 'pionts' (did you mean 'points'?)",
        f"{folder}/bone.toml: rule bone.e: warning: aerobic_days ≥ 0 always holds",
        f"{folder}/heart.toml: rule bone.a: duplicate rule id (rule 1 of bone.toml and rule 1 of heart.toml)",
        f"{folder}/zz_broken.toml: line 3, column 10: invalid TOML: Invalid value",
    ]
    check = check_rule_set(folder)
    assert check.rule_set is None
    assert len(check.errors) == 14
    assert len(check.warnings) == 4


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            'evidence = 5\nevidence_level = "G"\nwhen.all = [{ metric = "age", at_least = 1 }]',
            "evidence: must be text (a quoted string) (got 5)",
        ),
        (
            'evidence = ""\nevidence_level = "G"\nwhen.all = [{ metric = "age", at_least = 1 }]',
            "evidence: must not be empty",
        ),
        (
            'evidence = "e"\nevidence_level = "G"\n'
            'myokines = "IL-6"\nwhen.all = [{ metric = "age", at_least = 1 }]',
            "myokines: must be a list (got 'IL-6')",
        ),
        (
            'evidence = "e"\nevidence_level = "G"\n'
            'myokines = [6]\nwhen.all = [{ metric = "age", at_least = 1 }]',
            "myokines item 1: must be text (a quoted string) (got 6)",
        ),
        ('evidence = "e"\nevidence_level = "G"\nwhen = [1]', "when: must be a table (got [1])"),
        (
            'evidence = "e"\nevidence_level = "G"\nwhen.all = []',
            "when: when.all must list at least one condition",
        ),
        (
            'evidence = "e"\nevidence_level = "G"\nwhen.all = [{ metric = "age", at_least = 1 }]\n'
            'when.any = [{ metric = "age", at_least = 1 }]',
            "when: needs exactly one of when.all or when.any",
        ),
        (
            'evidence = "e"\nevidence_level = "G"\nwhen.al = [{ metric = "age", at_least = 1 }]',
            "unknown field 'when.al' (did you mean 'all'?)",
        ),
        (
            'evidence = "e"\nevidence_level = "G"\nwhen.all = [{ metric = "age", at_leest = 1 }]',
            "unknown field 'when.all condition 1: at_leest' (did you mean 'at_least'?)",
        ),
        (
            'evidence = "e"\nevidence_level = "G"\nwhen.all = [{ metric = "age", at_least = "1" }]',
            "when.all condition 1: at_least: must be a number (got '1')",
        ),
        (
            'evidence = "e"\nevidence_level = "G"\nwhen.all = [{ metric = "age", at_least = true }]',
            "when.all condition 1: at_least: must be a number (got True)",
        ),
        (
            'evidence = "e"\nevidence_level = "G"\nwhen.all = [{ metric = "age", at_least = inf }]',
            "when.all condition 1: at_least: must be a finite number (got inf)",
        ),
        (
            'evidence = "e"\nevidence_level = "G"\nwhen.any = [3]',
            "when.any condition 1: must be a table (got 3)",
        ),
    ],
)
def test_wrong_typed_fields_name_the_field(tmp_path, rule, message):
    text = f'[[rule]]\nid = "bone.t"\nbenefit = "bone"\npoints = 1\n{rule}\n'
    folder = make_folder(tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": text})
    assert f"{folder}/bone.toml: rule bone.t: {message}" in lines(folder)


def test_rule_without_id_is_named_by_position_and_top_level_keys_are_checked(tmp_path):
    text = (
        '[[rule]]\nbenefit = "bone"\npoints = 1\nevidence = "e"\nevidence_level = "G"\n'
        'when.all = [{ metric = "age", at_least = 1 }]\n'
    )
    folder = make_folder(
        tmp_path / "r",
        {
            "benefits.toml": BENEFITS + '[[rule]]\nid = "x"\n',
            "bone.toml": GOOD_RULE + text + '[[rules]]\nid="y"\n',
        },
    )
    assert lines(folder) == [
        f"{folder}/benefits.toml: unknown top-level key 'rule': [[rule]] tables belong in their own files "
        "beside benefits.toml",
        f"{folder}/benefits.toml: benefit heart: warning: has no rules (its score is always 0)",
        f"{folder}/bone.toml: unknown top-level key 'rules' (did you mean 'rule'?) "
        "(expected [[rule]] tables)",
        f"{folder}/bone.toml: rule #2: missing required field 'id'",
    ]


def test_unknown_metric_without_close_name_lists_the_metrics(tmp_path):
    text = GOOD_RULE.replace("resistance_days", "sleep_hours")
    folder = make_folder(tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": text})
    assert (
        f"{folder}/bone.toml: rule bone.ok: unknown metric 'sleep_hours'; known metrics: aerobic_light_min, "
        in (lines(folder)[1])
    )


def test_missing_benefits_file_and_missing_folder(tmp_path):
    folder = make_folder(tmp_path / "r", {"bone.toml": GOOD_RULE})
    assert lines(folder) == [
        f"{folder}/benefits.toml: missing: a rule set needs benefits.toml defining its benefits"
    ]
    assert lines(tmp_path / "nowhere") == [f"{tmp_path}/nowhere: rule folder does not exist"]


def test_load_shows_every_problem_and_raises_one_line_for_the_errors(tmp_path):
    folder = make_folder(
        tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": GOOD_RULE.replace("2 }", "9 }")}
    )
    shown: list[str] = []
    rule_set = load_rule_set(folder, show=lambda problem: shown.append(str(problem)))
    assert [rule.id for rule in rule_set.rules] == ["bone.ok"]
    no_rules = f"{folder}/benefits.toml: benefit heart: warning: has no rules (its score is always 0)"
    assert shown == [
        no_rules,
        f"{folder}/bone.toml: rule bone.ok: warning: resistance_days ≥ 9 can never hold: "
        "a week has only 7 days",
    ]
    (folder / "bone.toml").write_text(
        GOOD_RULE.replace("points = 10", "points = -1").replace("resistance_days", "x")
    )
    shown.clear()
    with pytest.raises(RuleSetError) as info:
        load_rule_set(folder, show=lambda problem: shown.append(str(problem)))
    assert str(info.value) == f"invalid rule set: 2 errors, 1 warning in {folder} (listed above)"
    assert shown[0] == no_rules
    assert shown[1] == f"{folder}/bone.toml: rule bone.ok: points: must be greater than 0 (got -1)"
    assert shown[2].startswith(f"{folder}/bone.toml: rule bone.ok: unknown metric 'x'; known metrics: ")
    assert len(shown) == 3


def test_a_lone_error_is_the_message_itself_and_only_the_warnings_are_shown(tmp_path):
    folder = make_folder(tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": GOOD_RULE})
    (folder / "bone.toml").write_text(GOOD_RULE.replace("points = 10", "points = -1"))
    shown: list[str] = []
    with pytest.raises(RuleSetError) as info:
        load_rule_set(folder, show=lambda problem: shown.append(str(problem)))
    assert str(info.value) == f"{folder}/bone.toml: rule bone.ok: points: must be greater than 0 (got -1)"
    assert shown == [f"{folder}/benefits.toml: benefit heart: warning: has no rules (its score is always 0)"]


def test_symlinks_and_sub_folders_are_not_followed(tmp_path):
    outside = make_folder(tmp_path / "outside", {"evil.toml": GOOD_RULE.replace("bone.ok", "bone.evil")})
    folder = make_folder(tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": GOOD_RULE})
    os.symlink(outside / "evil.toml", folder / "linked.toml")
    os.symlink(outside, folder / "linked_dir")
    make_folder(folder / "old", {"bone.toml": GOOD_RULE.replace("bone.ok", "bone.old")})
    make_folder(folder / ".git", {})
    check = check_rule_set(folder)
    assert check.rule_set is not None
    assert [rule.id for rule in check.rule_set.rules] == ["bone.ok"]
    assert [str(p) for p in check.warnings] == [
        f"{folder}/benefits.toml: benefit heart: warning: has no rules (its score is always 0)",
        f"{folder}/linked.toml: warning: symbolic link ignored: links in a rule folder are not followed",
        f"{folder}/linked_dir: warning: symbolic link ignored: links in a rule folder are not followed",
        f"{folder}/old: warning: sub-folder ignored: only files at the top of a rule folder are read",
    ]


def test_symlinked_benefits_file_is_refused(tmp_path):
    outside = make_folder(tmp_path / "outside", {"benefits.toml": BENEFITS})
    folder = make_folder(tmp_path / "r", {"bone.toml": GOOD_RULE})
    os.symlink(outside / "benefits.toml", folder / "benefits.toml")
    assert lines(folder)[0] == (
        f"{folder}/benefits.toml: is a symbolic link; links are not followed (copy the file into the folder)"
    )


def test_files_over_one_mebibyte_are_refused(tmp_path):
    big = GOOD_RULE + "# " + "x" * (1024 * 1024) + "\n"
    folder = make_folder(tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": GOOD_RULE, "big.toml": big})
    assert lines(folder)[1] == f"{folder}/big.toml: file is {len(big.encode()):,} bytes; the limit is 1 MiB"


def test_more_than_ten_thousand_rules_are_refused(tmp_path):
    half = MAX_RULES // 2
    tables = "".join(f'[[rule]]\nid = "r{i}"\n' for i in range(half + 1))
    folder = make_folder(tmp_path / "r", {"benefits.toml": BENEFITS, "a.toml": tables, "b.toml": tables})
    assert lines(folder) == [f"{folder}: more than 10,000 rules; refusing to load the rule set"]


def test_profile_metrics_are_not_always_met_and_keep_the_set_monotone(tmp_path):
    rules = GOOD_RULE + GOOD_RULE.replace("bone.ok", "bone.young").replace(
        'metric = "resistance_days", at_least = 2', 'metric = "age", at_most = 120'
    )
    folder = make_folder(tmp_path / "r", {"benefits.toml": BENEFITS, "bone.toml": rules})
    assert (
        lines(folder)[1]
        == f"{folder}/bone.toml: rule bone.young: warning: age ≤ 120 always holds when age is known: "
        "an age is at most 120"
    )
    assert len(lines(folder)) == 2  # and the benefit without rules: no non-monotone warning for age


def test_many_unknown_benefits_among_many_take_work_in_proportion_to_the_set(tmp_path, monkeypatch):
    """10,000 rules naming unknown benefits among 25,000 ran for minutes and printed gigabytes.

    Each unknown benefit was compared with every defined one for a suggestion,
    and each message listed them all. Counted, not timed: comparisons made and
    characters written stay near the set's size, not its square.
    """
    import difflib

    benefits = "".join(f'[[benefit]]\nid = "b{i}"\nname = "B{i}"\n' for i in range(1000))
    rules = "".join(
        f'[[rule]]\nid = "r{i}"\nbenefit = "x{i}"\npoints = 1\nevidence = "e"\nevidence_level = "G"\n'
        f'when.all = [{{ metric = "total_min", at_least = 5 }}]\n'
        for i in range(300)
    )
    folder = make_folder(tmp_path / "rules", {"benefits.toml": benefits, "rules.toml": rules})
    compared = []
    close_matches = difflib.get_close_matches

    def counting(word, possibilities, *args, **kwargs):
        compared.append(len(possibilities))
        return close_matches(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    errors = check_rule_set(folder).errors
    assert len(errors) == 300
    assert errors[0].message.startswith("unknown benefit 'x0'")
    assert sum(compared) <= 25 * 1000
    assert sum(len(problem.message) for problem in errors) < 200 * len(errors)
