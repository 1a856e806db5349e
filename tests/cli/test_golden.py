"""Golden files: whole rendered outputs, compared byte for byte with tests/golden/.

A change to any output shows up here as a unified diff of the whole text, not
as a substring assertion that still holds. When a change is intended,
regenerate the files and review them in the diff:

    python -m pytest tests/cli/test_golden.py --update-golden
    git diff tests/golden/

Every case is deterministic: the terminal width comes from COLUMNS (which
``shutil.get_terminal_size`` reads first), every week is named (``--week``,
``--until``, a dated routine, the template demo week), and the log is filled
with dated entries. The weeks are in the past (2026-W40 to W47), where today's
date plays no part: a report places next steps on the days still to come only
in the week that holds today, and ``log add`` refuses dates more than a day
ahead.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import click
import pytest
from click.testing import CliRunner

from myorec.cli import cli
from tests.helpers import REPO, parse_html5

GOLDEN = REPO / "tests" / "golden"
#: The golden files' endings; anything else in tests/golden/ (the routine file, .gitattributes) is input.
OUTPUTS = (".txt", ".json", ".html")
UPDATE = "run 'python -m pytest tests/cli/test_golden.py --update-golden'"

#: The input routine of the report-who-week-* cases.
WHO_WEEK = str(GOLDEN / "who-week.toml")
#: The log, relative to the workspace every case runs in.
LOG = ("--db", "log.db")
#: The logged week that report, explain and log list show: the last of the trend.
WEEK = "2026-W47"

#: Eight weeks of `log add` arguments, as someone getting back into exercise might log them:
#: names, RPE instead of an intensity, mobility focus, a session without either, a week off (W42).
LOGGED: tuple[tuple[str, ...], ...] = (
    # 2026-W40
    ("aerobic", "20", "--intensity", "light", "--date", "2026-09-29", "--name", "walk"),
    ("aerobic", "30", "--intensity", "moderate", "--date", "2026-10-03", "--name", "brisk walk"),
    # 2026-W41
    ("aerobic", "30", "--intensity", "moderate", "--date", "2026-10-06", "--name", "brisk walk"),
    ("resistance", "30", "--rpe", "5", "--date", "2026-10-08", "--name", "gym: machines"),
    ("aerobic", "45", "--intensity", "light", "--date", "2026-10-10", "--name", "walk with friends"),
    # 2026-W42: a week off
    # 2026-W43
    ("aerobic", "30", "--intensity", "moderate", "--date", "2026-10-19", "--name", "brisk walk"),
    ("resistance", "40", "--rpe", "6", "--date", "2026-10-21", "--name", "gym: full body"),
    ("aerobic", "25", "--rpe", "7", "--date", "2026-10-23", "--name", "tempo run"),
    ("mobility", "30", "--focus", "stretch", "--date", "2026-10-25", "--name", "yoga class"),
    # 2026-W44
    ("aerobic", "40", "--intensity", "moderate", "--date", "2026-10-26", "--name", "brisk walk"),
    ("resistance", "45", "--rpe", "6", "--date", "2026-10-28", "--name", "gym: full body"),
    ("mobility", "20", "--focus", "balance", "--date", "2026-10-29", "--name", "balance class"),
    ("aerobic", "60", "--intensity", "light", "--date", "2026-10-31", "--name", "walk with friends"),
    # 2026-W45
    ("aerobic", "30", "--rpe", "7", "--date", "2026-11-02", "--name", "tempo run"),
    ("resistance", "45", "--rpe", "7", "--date", "2026-11-03", "--name", "gym: full body"),
    ("aerobic", "40", "--intensity", "moderate", "--date", "2026-11-05", "--name", "brisk walk"),
    ("resistance", "30", "--date", "2026-11-06"),
    ("mobility", "30", "--focus", "mind_body", "--date", "2026-11-08", "--name", "qigong"),
    # 2026-W46
    ("aerobic", "45", "--intensity", "moderate", "--date", "2026-11-09", "--name", "brisk walk"),
    ("resistance", "45", "--rpe", "7", "--date", "2026-11-10", "--name", "gym: full body"),
    ("aerobic", "30", "--intensity", "vigorous", "--date", "2026-11-11", "--name", "intervals"),
    ("mobility", "20", "--focus", "balance", "--date", "2026-11-12", "--name", "balance class"),
    ("resistance", "40", "--rpe", "8", "--date", "2026-11-13", "--name", "gym: legs"),
    ("aerobic", "90", "--intensity", "light", "--date", "2026-11-15", "--name", "hike"),
    # 2026-W47: the week of the report, explain and log list cases
    ("aerobic", "40", "--intensity", "moderate", "--date", "2026-11-16", "--name", "brisk walk"),
    ("resistance", "45", "--rpe", "7", "--date", "2026-11-17", "--name", "gym: full body"),
    ("aerobic", "30", "--rpe", "8", "--date", "2026-11-18", "--name", "tempo run"),
    ("mobility", "20", "--focus", "balance", "--date", "2026-11-19", "--name", "balance class"),
    ("aerobic", "20", "--date", "2026-11-20"),
    ("resistance", "30", "--rpe", "6", "--date", "2026-11-20", "--name", "gym: upper body"),
    ("aerobic", "60", "--intensity", "light", "--date", "2026-11-21", "--name", "walk with friends"),
    ("mobility", "30", "--focus", "stretch", "--date", "2026-11-22"),
    # a class whose intensity the heart rate decides: 151 bpm is 85 % of a 58-year-old's reserve
    ("aerobic", "45", "--avg-hr", "151", "--date", "2026-11-22", "--name", "HIIT class"),
)

#: The two mistakes of README's `rules check` example, made in a copy of the shipped rules.
BROKEN = {
    "bone.toml": ('metric = "resistance_days", at_least = 2', 'metric = "resistance_dayz", at_least = 2'),
    "heart.toml": ('metric = "vigorous_days", at_least = 3', 'metric = "vigorous_days", at_least = 8'),
}


class Case(NamedTuple):
    """One golden file and the command line that prints it."""

    golden: str
    args: tuple[str, ...]
    columns: int = 80
    exit_code: int = 0
    #: The output is on stderr (as `rules check` prints it); else stderr must stay empty.
    on_stderr: bool = False


def help_cases(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[Case]:
    """``--help`` of the group and of every command under it, so a new command gets a golden file too."""
    yield Case(f"help-{'-'.join(path or ('myorec',))}.txt", (*path, "--help"))
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from help_cases(command, (*path, name))
        else:
            yield Case(f"help-{'-'.join((*path, name))}.txt", (*path, name, "--help"))


CASES: tuple[Case, ...] = (
    # report: the table at 80 and 120 columns, for a template, a dated routine and a logged week
    Case("report-demo-80.txt", ("report", "--demo"), columns=80),
    Case("report-demo-120.txt", ("report", "--demo"), columns=120),
    Case("report-demo-github.txt", ("report", "--demo", "--format", "github")),
    Case("report-who-week-80.txt", ("report", "--routine", WHO_WEEK), columns=80),
    Case("report-who-week-120.txt", ("report", "--routine", WHO_WEEK), columns=120),
    Case("report-week-80.txt", (*LOG, "report", "--week", WEEK), columns=80),
    Case("report-week-120.txt", (*LOG, "report", "--week", WEEK), columns=120),
    Case("report-demo-csv.txt", ("report", "--demo", "--format", "csv")),
    Case("report-demo-html.txt", ("report", "--demo", "--format", "html")),
    Case("report-demo.json", ("report", "--demo", "--json")),
    Case("report-week.json", (*LOG, "report", "--week", WEEK, "--json")),
    Case("report-demo.html", ("report", "--demo", "--html", "-")),
    Case("report-week.html", (*LOG, "report", "--week", WEEK, "--html", "-")),
    # explain
    Case("explain-bone-demo.txt", ("explain", "bone", "--demo")),
    Case("explain-heart-week.txt", (*LOG, "explain", "heart", "--week", WEEK)),
    Case("explain-bone-demo-csv.txt", ("explain", "bone", "--demo", "--format", "csv")),
    Case("explain-benefits.txt", ("explain",)),
    Case("explain-bone-demo.json", ("explain", "bone", "--demo", "--json")),
    Case("explain-heart-week.json", (*LOG, "explain", "heart", "--week", WEEK, "--json")),
    # trend: eight logged weeks (on its side at 80 columns), and weeks before the first entry
    Case("trend.txt", (*LOG, "trend", "--weeks", "8", "--until", WEEK)),
    Case("trend-160.txt", (*LOG, "trend", "--weeks", "8", "--until", WEEK), columns=160),
    Case("trend-20-weeks.txt", (*LOG, "trend", "--weeks", "20", "--until", WEEK)),
    Case("trend-tsv.txt", (*LOG, "trend", "--weeks", "8", "--until", WEEK, "--format", "tsv")),
    Case("trend.json", (*LOG, "trend", "--weeks", "8", "--until", WEEK, "--json")),
    Case("trend-no-sessions.txt", (*LOG, "trend", "--weeks", "3", "--until", "2026-W39")),
    Case("trend.html", (*LOG, "trend", "--weeks", "8", "--until", WEEK, "--html", "-")),
    # rules
    Case("rules-list.txt", ("rules", "list")),
    Case("rules-list-200.txt", ("rules", "list"), columns=200),
    Case("rules-list-bone-csv.txt", ("rules", "list", "--benefit", "bone", "--format", "csv")),
    Case("rules-list-bone-github.txt", ("rules", "list", "--benefit", "bone", "--format", "github")),
    Case("rules-list.json", ("rules", "list", "--json")),
    Case("rules-check.txt", ("rules", "check", "my-rules")),
    Case("rules-check.json", ("rules", "check", "my-rules", "--json")),
    Case("rules-check-broken.txt", ("rules", "check", "broken-rules"), exit_code=1, on_stderr=True),
    Case("rules-check-broken.json", ("rules", "check", "broken-rules", "--json"), exit_code=1),
    Case("rules-test.txt", ("rules", "test")),
    Case("rules-test.json", ("rules", "test", "--json")),
    # the log and the profile
    Case("log-list.txt", (*LOG, "log", "list")),
    Case("log-list-120.txt", (*LOG, "log", "list"), columns=120),
    Case("log-list-csv.txt", (*LOG, "log", "list", "--format", "csv")),
    Case(
        "log-list-filtered.txt",
        (*LOG, "log", "list", "--since", "2026-11-01", "--kind", "resistance", "--source", "manual"),
    ),
    Case("log-list-last.txt", (*LOG, "log", "list", "--last", "3", "--format", "grid")),
    Case("log-list-week.txt", (*LOG, "log", "list", "--week", WEEK)),
    Case("log-list-week.json", (*LOG, "log", "list", "--week", WEEK, "--json")),
    Case("profile-show.txt", (*LOG, "profile", "show")),
    Case("profile-show.json", (*LOG, "profile", "show", "--json")),
    # plan: from nothing (the log's week in progress is empty, so an inactive one), three days
    # that fall short, a budget; the routine it writes
    Case("plan-80.txt", (*LOG, "plan")),
    Case("plan-mon-wed-sat-80.txt", (*LOG, "plan", "--days", "mon,wed,sat", "--max-per-day", "45")),
    Case("plan-budget-120.txt", (*LOG, "plan", "--budget", "120"), columns=120),
    Case("plan-csv.txt", (*LOG, "plan", "--format", "csv")),
    Case("plan-mon-wed-sat.json", (*LOG, "plan", "--days", "mon,wed,sat", "--max-per-day", "45", "--json")),
    Case("plan-routine.txt", (*LOG, "plan", "--days", "tue,thu,sat", "-o", "-")),
    *help_cases(cli),
)


def terminal(columns: int) -> dict[str, str | None]:
    """A terminal of known size, whatever the one running the tests (shutil reads COLUMNS first)."""
    return {"COLUMNS": str(columns), "LINES": "24"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every case runs in: the filled log, a copy of the shipped rules, and a broken copy.

    Built once for the module (filling the log is 30-odd commands); the cases only read it.
    """
    folder = tmp_path_factory.mktemp("golden")
    runner = CliRunner()
    # Module-scoped, so it runs before conftest's per-test isolation: clear the settings itself.
    env: dict[str, str | None] = dict.fromkeys(("MYOREC_DB", "MYOREC_RULES", "MYOREC_DEBUG"))

    def run(*args: str) -> None:
        result = runner.invoke(cli, ["--db", str(folder / "log.db"), *args], env=env)
        assert result.exit_code == 0, result.output

    run("profile", "set", "--age", "58", "--resting-hr", "62", "--timezone", "Europe/Berlin")
    for entry in LOGGED:
        run("log", "add", *entry)
    run("rules", "init", str(folder / "my-rules"))
    run("rules", "init", str(folder / "broken-rules"))
    for name, (old, new) in BROKEN.items():
        path = folder / "broken-rules" / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{name} no longer holds {old!r}: choose another mistake"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.golden)
def test_output_matches_its_golden_file(
    case: Case, workspace: Path, monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    monkeypatch.chdir(workspace)
    result = CliRunner().invoke(
        cli, list(case.args), prog_name="myorec", env=terminal(case.columns), catch_exceptions=False
    )
    assert result.exit_code == case.exit_code, result.output
    shown, other = (
        (result.stderr_bytes, result.stdout_bytes)
        if case.on_stderr
        else (result.stdout_bytes, result.stderr_bytes)
    )
    assert other == b"", f"unexpected output on the other stream:\n{other.decode()}"
    if case.golden.endswith(".json"):
        json.loads(shown)  # a --json output is one JSON document and nothing else
    if case.golden.endswith(".html"):
        parse_html5(shown)  # an --html page is HTML5 without a single parse error
    check_golden(GOLDEN / case.golden, shown, update_golden)


def check_golden(path: Path, actual: bytes, update: bool) -> None:
    """Compare ``actual`` with the golden file byte for byte; with --update-golden, rewrite it instead."""
    name = path.relative_to(REPO)
    if update:
        if not path.exists() or path.read_bytes() != actual:
            path.write_bytes(actual)
        return
    if not path.exists():
        pytest.fail(f"{name} does not exist: {UPDATE} to write it", pytrace=False)
    expected = path.read_bytes()
    if actual != expected:
        diff = unified_diff(text(expected), text(actual), f"{name} (expected)", "output")
        pytest.fail(
            f"{name} differs from the output:\n{diff}\n{UPDATE} if the change is intended", pytrace=False
        )


def text(output: bytes) -> str:
    return output.decode("utf-8", errors="backslashreplace")


def unified_diff(expected: str, actual: str, expected_name: str, actual_name: str) -> str:
    """A unified diff that also shows what a plain one hides: a missing final newline, a carriage return."""

    def lines(text: str) -> list[str]:
        *complete, last = text.replace("\r", "\\r").split("\n")
        return [f"{line}\n" for line in complete] + (
            [f"{last}\n\\ No newline at end of file\n"] if last else []
        )

    return "".join(difflib.unified_diff(lines(expected), lines(actual), expected_name, actual_name))


def test_every_golden_file_has_a_case(update_golden: bool) -> None:
    """A golden file no case writes is stale (a renamed or removed case); --update-golden removes it."""
    known = {case.golden for case in CASES}
    stale = sorted(
        path.name for path in GOLDEN.iterdir() if path.suffix in OUTPUTS and path.name not in known
    )
    if update_golden:
        for name in stale:
            (GOLDEN / name).unlink()
        return
    assert not stale, f"no case writes {', '.join(stale)}: {UPDATE} to remove them"


def test_golden_file_names_are_unique() -> None:
    names = [case.golden for case in CASES]
    assert len(names) == len(set(names)), sorted(name for name in names if names.count(name) > 1)
