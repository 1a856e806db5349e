"""``myorec rules``: where rules come from, copying, listing, checking and testing them."""

from __future__ import annotations

from pathlib import Path

import click

from myorec.cli.options import (
    after_change,
    complete_benefit_id,
    echo,
    echo_json,
    from_environment,
    load_rules,
    new_rule_folder,
    output_layout,
    rule_folder,
    rules_in_use,
    rules_option,
    table_format_option,
    terminal_width,
)

FOLDER_ARGUMENT = click.argument("folder", required=False, callback=rule_folder, metavar="[DIR]")


def _chosen_folder(folder: Path | None, rules_dir: Path | None) -> Path:
    """DIR or --rules DIR (the same folder when both are given), else $MYOREC_RULES, else the defaults."""
    if folder is None:
        return rules_in_use(rules_dir)
    named_by_env = from_environment(click.get_current_context(), "rules_dir")
    if rules_dir is not None and not named_by_env and rules_dir.resolve() != folder.resolve():
        raise click.UsageError(f"DIR ({folder}) and --rules ({rules_dir}) name different folders; give one")
    return folder


@click.group()
def rules() -> None:
    """Inspect, copy, check and test rule sets.

    A rule set is a folder of TOML files. Commands use --rules DIR, else
    $MYOREC_RULES, else the shipped rules; a folder replaces the defaults
    entirely (nothing is merged).

    \b
    Examples:
      myorec rules init my-rules          copy the shipped rules to edit
      myorec rules check my-rules         validate every file, run its cases
      myorec report --demo --rules my-rules
    """


@rules.command("path")
@rules_option
def path_command(rules_dir: Path | None) -> None:
    """Print the rule folder in use.

    \b
    Examples:
      myorec rules path
      MYOREC_RULES=my-rules myorec rules path
    """
    click.echo(str(rules_in_use(rules_dir).absolute()))


@rules.command("init")
@click.argument("folder", metavar="DIR", callback=new_rule_folder)
@click.option("--force", is_flag=True, help="Overwrite files that already exist in DIR.")
def init_command(folder: Path, force: bool) -> None:
    """Copy the shipped rule set into DIR for editing.

    Refuses to overwrite existing files unless --force.

    \b
    Example:
      myorec rules init my-rules && myorec rules check my-rules
    """
    from myorec.core.text import counted, printable
    from myorec.errors import WouldOverwriteError
    from myorec.rulefolder.scaffold import copy_default_rules

    try:
        written = copy_default_rules(folder, force)
    except WouldOverwriteError as exc:
        exc.reason += (
            f"; use --force to replace {'it' if len(exc.names) == 1 else 'them'} with the shipped rules"
        )
        raise

    shown = printable(str(folder))
    files = counted(len(written), "file")
    copied = {path.name for path in written}
    with after_change(f"{files} copied to {shown}"):
        echo(f"Copied {files} to {shown}: {', '.join(path.name for path in written)}")
        echo(f"Edit them, check with 'myorec rules check {shown}', and use them with")
        echo(f"'--rules {shown}' or MYOREC_RULES={shown}.")
        others = sorted(printable(path.name) for path in folder.glob("*.toml") if path.name not in copied)
        if others:
            echo(
                f"Note: {shown} also holds {', '.join(others)}; "
                "every .toml file in a rule folder is read as rules.",
                err=True,
            )


@rules.command("list")
@click.option(
    "--benefit",
    "benefit_id",
    metavar="ID",
    shell_complete=complete_benefit_id,
    help="Only the rules of this benefit (its id, in any case).",
)
@rules_option
@table_format_option()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of rule objects.")
def list_command(benefit_id: str | None, rules_dir: Path | None, table_format: str, as_json: bool) -> None:
    """List every rule: id, benefit, points, condition, myokines, evidence.

    \b
    Examples:
      myorec rules list --benefit bone
      myorec rules list --json
    """
    rule_set = load_rules(rules_in_use(rules_dir))
    selected = list(rule_set.rules)
    if benefit_id is not None:
        from myorec.core.explain import find_benefit

        selected = rule_set.rules_for(find_benefit(rule_set, benefit_id).id)
    from myorec.render.rules import render_rules_table, rule_to_dict

    if as_json:
        echo_json([rule_to_dict(rule) for rule in selected])
    else:
        echo(render_rules_table(selected, output_layout(table_format)))


@rules.command("check")
@FOLDER_ARGUMENT
@rules_option
@click.option("--json", "as_json", is_flag=True, help="Print the problems and case results as JSON.")
def check_command(folder: Path | None, rules_dir: Path | None, as_json: bool) -> None:
    """Validate a rule set and report every problem, then run its cases.

    DIR (or --rules DIR) defaults to $MYOREC_RULES, else the shipped rules.
    Each problem is one 'FILE: rule ID: message' line on stderr, followed by a
    summary: on stdout when the folder is ok (warnings at most), else on
    stderr. Exits 1 on errors (including failed cases), 0 when there are only
    warnings.

    \b
    Example:
      myorec rules check my-rules
    """
    from myorec.rulefolder.cases import check_folder

    result = check_folder(_chosen_folder(folder, rules_dir))
    if as_json:
        from myorec.render.rules import folder_check_to_dict

        echo_json(folder_check_to_dict(result))
    else:
        for problem in result.problems:
            echo(str(problem), err=True)
        # The verdict is the command's output (stdout); the problems that led to it are diagnostics.
        echo(result.summary(), err=not result.ok)
    if not result.ok:
        raise click.exceptions.Exit(1)


@rules.command("test")
@FOLDER_ARGUMENT
@rules_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of case results.")
def test_command(folder: Path | None, rules_dir: Path | None, as_json: bool) -> None:
    """Run the example weeks in the rule set's cases.toml.

    Prints each case as PASS or FAIL with the levels it got; exits 1 if any
    case fails. DIR (or --rules DIR) defaults to $MYOREC_RULES, else the
    shipped rules.

    \b
    Example:
      myorec rules test my-rules
    """
    from myorec.core.engine import Engine
    from myorec.rulefolder.cases import CASES_FILE, read_cases, run_cases

    rules_dir = _chosen_folder(folder, rules_dir)
    rule_set = load_rules(rules_dir)
    case_file = read_cases(rules_dir, [benefit.id for benefit in rule_set.benefits])
    if case_file is None:
        echo(f"{rules_dir}: no {CASES_FILE}; nothing to test", err=True)
        return
    for problem in case_file.problems:
        echo(str(problem), err=True)
    results = run_cases(Engine(rule_set), case_file)
    from myorec.render.rules import case_result_to_dict, render_case_results

    if as_json:
        echo_json([case_result_to_dict(result) for result in results])
    else:
        echo(render_case_results(results, terminal_width()))
    if case_file.problems or not all(result.passed for result in results):
        raise click.exceptions.Exit(1)
