"""Rule folders mutated from the shipped rules: ``report``, ``rules check`` and the checker agree.

Each example copies the default rule set, applies one to three mutations a
rule author could make (a field dropped, renamed or given the wrong type, an id
duplicated, a metric or benefit misspelt, a file emptied, removed or damaged),
then runs ``myorec report --rules``, ``myorec rules check`` and
:func:`myorec.rulebook.check_rule_set`. The set is valid for all three or for
none, both commands print the checker's problems, and every problem is one line
naming the file it is in.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from myorec.cli import cli
from myorec.rulefolder.loader import check_rule_set
from myorec.rulefolder.locate import default_rules_dir
from tests.strategies import HOSTILE_NUMBERS, junk
from tests.tomlgen import Raw, toml_document

Folder = dict[str, Any]

#: The shipped benefits and rules; cases.toml is left out, so that ``rules check`` judges the rule
#: set alone (a mutated rule set may fail its cases while being valid), and activities.toml too.
DEFAULTS: Folder = {
    path.name: tomllib.loads(path.read_text(encoding="utf-8"))
    for path in sorted(default_rules_dir().glob("*.toml"))
    if path.name not in ("cases.toml", "activities.toml")
}
RULE_FILES = sorted(name for name in DEFAULTS if name != "benefits.toml")
MUTATIONS = [
    "drop_field",
    "swap_type",
    "rename_field",
    "duplicate_rule_id",
    "duplicate_benefit_id",
    "misspell_metric",
    "misspell_benefit",
    "hostile_number",
    "hostile_number",
    "extra_condition_key",
    "empty_when",
    "rename_top_level",
    "empty_file",
    "remove_file",
    "damage_bytes",
]


def misspell(draw: st.DrawFn, word: str) -> str:
    """Drop, double or swap one character, or change its case: the typos people make."""
    if not word:
        return "x"
    at = draw(st.integers(min_value=0, max_value=len(word) - 1))
    how = draw(st.sampled_from(["drop", "double", "swap", "upper", "space"]))
    if how == "drop":
        return word[:at] + word[at + 1 :]
    if how == "double":
        return word[:at] + word[at] + word[at:]
    if how == "swap" and at + 1 < len(word):
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if how == "space":
        return word + " "
    return word.upper()


def pick_rule(draw: st.DrawFn, folder: Folder) -> dict[str, Any] | None:
    names = [name for name in RULE_FILES if isinstance(folder.get(name, {}).get("rule"), list)]
    if not names:
        return None
    rules = folder[draw(st.sampled_from(names))]["rule"]
    return draw(st.sampled_from(rules)) if rules else None


def pick_item(draw: st.DrawFn, folder: Folder) -> dict[str, Any] | None:
    if draw(st.booleans()) and isinstance(folder.get("benefits.toml", {}).get("benefit"), list):
        benefits = folder["benefits.toml"]["benefit"]
        return draw(st.sampled_from(benefits)) if benefits else None
    return pick_rule(draw, folder)


def mutate(draw: st.DrawFn, folder: Folder, damaged: dict[str, bytes], mutation: str) -> None:
    """Apply one mutation in place; some need a rule or benefit and silently skip without one."""
    item = pick_item(draw, folder)
    rule = pick_rule(draw, folder)
    if mutation in ("drop_field", "swap_type", "rename_field") and item:
        key = draw(st.sampled_from(sorted(item)))
        if mutation == "drop_field":
            del item[key]
        elif mutation == "swap_type":
            item[key] = draw(junk)
        else:
            item[misspell(draw, key)] = item.pop(key)
    elif mutation == "duplicate_rule_id" and rule:
        other = pick_rule(draw, folder)
        if other and "id" in other:
            rule["id"] = other["id"]
    elif mutation == "duplicate_benefit_id" and "benefits.toml" in folder:
        benefits = folder["benefits.toml"].get("benefit")
        if isinstance(benefits, list) and len(benefits) > 1 and "id" in benefits[0]:
            benefits[draw(st.integers(0, len(benefits) - 1))]["id"] = benefits[0]["id"]
    elif mutation in ("misspell_metric", "extra_condition_key", "hostile_number", "empty_when") and rule:
        when = rule.get("when")
        conditions = (when.get("all") or when.get("any")) if isinstance(when, dict) else None
        if not (isinstance(conditions, list) and conditions and isinstance(conditions[0], dict)):
            conditions = None
        if mutation == "empty_when":
            rule["when"] = draw(st.sampled_from([{}, {"all": []}, {"all": [], "any": []}]))
        elif mutation == "hostile_number":
            target = draw(st.sampled_from(["points", "condition"]))
            extremes = [*HOSTILE_NUMBERS, Raw("1e308"), Raw("-1"), Raw("0"), Raw("5e-324")]
            value = draw(st.sampled_from(extremes) | st.floats() | st.integers())
            if target == "points" or not conditions:
                rule["points"] = value
            else:
                bound = "at_least" if "at_least" in conditions[0] else "at_most"
                conditions[0][bound] = value
        elif conditions:
            condition = conditions[0]
            if mutation == "misspell_metric":
                condition["metric"] = misspell(draw, str(condition.get("metric", "")))
            else:
                condition[draw(st.sampled_from(["at_mots", "metric\n", "weight"]))] = 1
    elif mutation == "misspell_benefit" and rule:
        rule["benefit"] = misspell(draw, str(rule.get("benefit", "")))
    elif mutation in ("rename_top_level", "empty_file", "remove_file", "damage_bytes"):
        name = draw(st.sampled_from(sorted(DEFAULTS)))
        if mutation == "rename_top_level" and name in folder:
            document = folder[name]
            key = next(iter(document), None)
            if key is not None:
                document[misspell(draw, key)] = document.pop(key)
        elif mutation == "empty_file" and name in folder:
            folder[name] = {}
        elif mutation == "remove_file":
            folder.pop(name, None)
        elif name in folder:
            text = toml_document(folder[name]).encode("utf-8")
            at = draw(st.integers(min_value=0, max_value=len(text)))
            damaged[name] = text[:at] + draw(st.sampled_from([b"\x00", b"\xff\xfe", b"[[", b"= =", b""]))


@st.composite
def mutated_folders(draw: st.DrawFn) -> dict[str, bytes]:
    folder = copy.deepcopy(DEFAULTS)
    damaged: dict[str, bytes] = {}
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        mutate(draw, folder, damaged, mutation)
    files = {name: toml_document(document).encode("utf-8") for name, document in folder.items()}
    files.update((name, data) for name, data in damaged.items() if name in folder)
    return files


@given(mutated_folders())
def test_report_rules_check_and_the_checker_agree_on_any_mutated_rule_folder(tmp_path_factory, files):
    folder = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
    try:
        for name, data in files.items():
            (folder / name).write_bytes(data)
        check = check_rule_set(folder)
        runner = CliRunner()
        report = runner.invoke(
            cli, ["report", "--demo", "--json", "--rules", str(folder)], catch_exceptions=False
        )
        checked = runner.invoke(cli, ["rules", "check", str(folder)], catch_exceptions=False)
    finally:
        shutil.rmtree(folder)
    problems = [str(problem) for problem in check.problems]
    for problem in problems:
        assert problem.startswith((f"{folder}/", f"{folder}:")), problem
        assert len(problem.splitlines()) == 1, problem
    valid = not check.errors
    assert (check.rule_set is not None) == valid
    assert report.exit_code == checked.exit_code == (0 if valid else 1), (report.output, checked.output)
    # The problems go to stderr; the one-line verdict to stdout when the folder is ok, else after them.
    verdict = checked.stdout.splitlines() if valid else checked.stderr.splitlines()[len(problems) :]
    assert checked.stderr.splitlines()[: len(problems)] == problems
    assert len(verdict) == 1
    assert len(checked.stdout.splitlines()) + len(checked.stderr.splitlines()) == len(problems) + 1
    report_lines = report.stderr.splitlines()
    if valid:
        assert report_lines == problems
        assert len(json.loads(report.stdout)["benefits"]) == len(check.rule_set.benefits)
        return
    assert report.stdout == ""
    errors = [str(problem) for problem in check.errors]
    if len(errors) == 1:
        assert report_lines == [*map(str, check.warnings), f"Error: {errors[0]}"]
    else:
        assert report_lines[:-1] == problems
        assert report_lines[-1].startswith("Error: invalid rule set: ")
