"""Every error a user can reach, audited: one line, the offending file and field named, no traceback.

Each case sets up real files in a temp folder, runs the real CLI, and checks
the whole shape of the failure: exit status 1, nothing on stdout, exactly one
``Error: `` line on stderr that starts with the file it is about (or, for
values typed on the command line, the option) and names the field, row or key
at fault. Usage errors are checked separately: exit 2. Damaged, read-only and
locked databases are audited in test_faults.py; a rule folder with several
problems lists them all by design (test_fuzz_rules.py).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from myorec.cli import cli
from myorec.rulefolder.locate import default_rules_dir
from tests.helpers import strava_csv

SESSION = '[[session]]\nday = "mon"\nkind = "aerobic"\nminutes = 30\n'
BIG = 1024 * 1024 + 1


@dataclass
class Case:
    id: str
    args: list[str]
    #: Files to create under the temp folder: "rules/" copies the shipped rules, None deletes.
    files: dict[str, bytes | None] = field(default_factory=dict)
    stdin: bytes | None = None
    #: What the message must start with after "Error: " ({tmp} is the temp folder).
    where: str = ""
    #: Fragments naming the field, row or key at fault.
    names: tuple[str, ...] = ()


def routine(text: str) -> dict[str, bytes | None]:
    return {"week.toml": text.encode()}


ROUTINE = ["report", "--routine", "{tmp}/week.toml"]
WITH_RULES = ["report", "--demo", "--rules", "{tmp}/rules"]

CASES = [
    Case("routine-missing", ROUTINE, where="{tmp}/week.toml: cannot read", names=("No such file",)),
    Case("routine-is-a-folder", ["report", "--routine", "{tmp}"], where="{tmp}: is a folder"),
    Case("routine-too-big", ROUTINE, {"week.toml": b"#" * BIG}, where="{tmp}/week.toml: file is 1,048,577"),
    Case("routine-stdin-too-big", ["report", "--routine", "-"], stdin=b"#" * BIG, where="<stdin>: more than"),
    Case("routine-device", ["report", "--routine", "/dev/zero"], where="/dev/zero: more than 1 MiB"),
    Case("routine-not-utf8", ROUTINE, {"week.toml": b"# caf\xe9\n"}, where="{tmp}/week.toml: not UTF-8"),
    Case(
        "routine-bad-toml",
        ROUTINE,
        routine(SESSION + "minutes = \n"),
        where="{tmp}/week.toml: line 5, column 11: invalid TOML",
    ),
    Case(
        "routine-huge-number",
        ROUTINE,
        routine("x = " + "9" * 5000),
        where="{tmp}/week.toml: invalid TOML",
        names=("4300 digits",),
    ),
    Case(
        "routine-deep-nesting",
        ROUTINE,
        routine("x = " + "[" * 3000 + "]" * 3000),
        where="{tmp}/week.toml: invalid TOML",
        names=("nested",),
    ),
    Case(
        "routine-top-level-key",
        ROUTINE,
        routine("[sessions]\n"),
        where="{tmp}/week.toml: unknown top-level key",
        names=("'sessions'", "did you mean 'session'"),
    ),
    Case(
        "routine-session-not-table",
        ROUTINE,
        routine("session = 3\n"),
        where="{tmp}/week.toml:",
        names=("'session'",),
    ),
    Case("routine-profile-not-table", ROUTINE, routine("profile = 3\n"), where="{tmp}/week.toml: [profile]"),
    Case(
        "routine-age",
        ROUTINE,
        routine("[profile]\nage = 500\n"),
        where="{tmp}/week.toml: profile: age",
        names=("500",),
    ),
    Case(
        "routine-unknown-session-key",
        ROUTINE,
        routine(SESSION + SESSION + "minuts = 3\n"),
        where="{tmp}/week.toml: session 2: unknown key 'minuts'",
    ),
    Case(
        "routine-missing-kind",
        ROUTINE,
        routine('[[session]]\nday = "mon"\nminutes = 30\n'),
        where="{tmp}/week.toml: session 1: missing required key 'kind'",
    ),
    Case(
        "routine-minutes-zero",
        ROUTINE,
        routine(SESSION.replace("30", "0")),
        where="{tmp}/week.toml: session 1: minutes",
        names=("1 to 1440", "got 0"),
    ),
    Case(
        "routine-minutes-too-many",
        ROUTINE,
        routine(SESSION.replace("30", "1441")),
        where="{tmp}/week.toml: session 1: minutes",
        names=("got 1441",),
    ),
    Case(
        "routine-minutes-inf",
        ROUTINE,
        routine(SESSION.replace("30", "1e309")),
        where="{tmp}/week.toml: session 1: minutes",
        names=("got inf",),
    ),
    Case(
        "routine-minutes-fraction",
        ROUTINE,
        routine(SESSION.replace("30", "30.5")),
        where="{tmp}/week.toml: session 1: minutes",
        names=("got 30.5",),
    ),
    Case(
        "routine-rpe",
        ROUTINE,
        routine(SESSION + "rpe = 11\n"),
        where="{tmp}/week.toml: session 1: rpe",
        names=("0 to 10",),
    ),
    Case(
        "routine-name-type",
        ROUTINE,
        routine(SESSION + "name = 3\n"),
        where="{tmp}/week.toml: session 1: name",
    ),
    Case(
        "routine-kind-emoji",
        ROUTINE,
        routine(SESSION.replace('"aerobic"', '"🏃"')),
        where="{tmp}/week.toml: session 1: kind",
        names=("'🏃'",),
    ),
    Case(
        "routine-no-day",
        ROUTINE,
        routine('[[session]]\nkind = "aerobic"\nminutes = 30\n'),
        where="{tmp}/week.toml: session 1: give a day",
    ),
    Case(
        "routine-date-too-early",
        ROUTINE,
        routine('[[session]]\ndate = 1899-12-31\nkind = "aerobic"\nminutes = 30\n'),
        where="{tmp}/week.toml: session 1: date",
        names=("1900-01-01",),
    ),
    Case(
        "routine-date-too-late",
        ROUTINE,
        routine('[[session]]\ndate = 9999-12-31\nkind = "aerobic"\nminutes = 30\n'),
        where="{tmp}/week.toml: session 1: date",
        names=("2999-12-31",),
    ),
    Case(
        "routine-two-weeks",
        ROUTINE,
        routine(
            '[[session]]\ndate = 2026-11-22\nkind = "aerobic"\nminutes = 30\n'
            '[[session]]\ndate = 2026-11-23\nkind = "aerobic"\nminutes = 30\n'
        ),
        where="{tmp}/week.toml: dated sessions fall in 2 ISO weeks",
    ),
    Case("rules-missing", ["report", "--demo", "--rules", "{tmp}/nope"], where="{tmp}/nope: rule folder"),
    Case(
        "rules-is-a-file",
        ["report", "--demo", "--rules", "{tmp}/f"],
        {"f": b""},
        where="{tmp}/f: not a folder",
    ),
    Case(
        "rules-no-benefits",
        WITH_RULES,
        {"rules/": b"", "rules/benefits.toml": None},
        where="{tmp}/rules/benefits.toml: missing",
    ),
    Case(
        "rules-file-too-big",
        WITH_RULES,
        {"rules/": b"", "rules/big.toml": b"#" * BIG},
        where="{tmp}/rules/big.toml: file is 1,048,577 bytes",
    ),
    Case(
        "rules-file-not-utf8",
        WITH_RULES,
        {"rules/": b"", "rules/bad.toml": b"# \xff\n"},
        where="{tmp}/rules/bad.toml: not UTF-8",
    ),
    Case(
        "rules-bad-toml",
        WITH_RULES,
        {"rules/": b"", "rules/bad.toml": b"[[rule]\n"},
        where="{tmp}/rules/bad.toml: line 1",
    ),
    Case(
        "rules-unknown-metric",
        WITH_RULES,
        {
            "rules/": b"",
            "rules/extra.toml": b'[[rule]]\nid = "x.y"\nbenefit = "bone"\npoints = 5\nevidence = "e"\n'
            b'evidence_level = "G"\n'
            b'when.all = [{ metric = "resistance_dayz", at_least = 1 }]\n',
        },
        where="{tmp}/rules/extra.toml: rule x.y: unknown metric 'resistance_dayz'",
    ),
    Case(
        "rules-points-type",
        WITH_RULES,
        {
            "rules/": b"",
            "rules/extra.toml": b'[[rule]]\nid = "x.y"\nbenefit = "bone"\npoints = "5"\nevidence = "e"\n'
            b'evidence_level = "G"\n'
            b'when.all = [{ metric = "resistance_days", at_least = 1 }]\n',
        },
        where="{tmp}/rules/extra.toml: rule x.y: points",
    ),
]


#: The log: every case runs with --db {tmp}/log.db holding one entry (id 1, 2026-11-20).
ADD = ["log", "add", "aerobic", "30", "--date", "2026-11-20"]
IMPORT = ["log", "import", "{tmp}/in.csv"]
HEADER = b"date,kind,minutes,intensity,name,rpe\n"
LOG_CASES = [
    Case("import-missing", ["log", "import", "{tmp}/missing.csv"], where="{tmp}/missing.csv: cannot read"),
    Case(
        "export-missing-folder",
        ["log", "export", "-o", "{tmp}/nowhere/x.csv"],
        where="{tmp}/nowhere/x.csv: cannot write",
        names=("No such file",),
    ),
    Case(
        "add-negative-minutes",
        ["log", "add", "aerobic", "-5"],
        where="minutes: must be a whole number from 1 to 1440",
        names=("-5",),
    ),
    Case("add-kind", ["log", "add", "swim", "30"], where="kind: must be one of", names=("'swim'",)),
    Case(
        "add-minutes-zero",
        ["log", "add", "aerobic", "0"],
        where="minutes: must be a whole number from 1 to 1440",
    ),
    Case("add-minutes-day", ["log", "add", "aerobic", "1441"], where="minutes:", names=("got 1441",)),
    Case("add-minutes-text", ["log", "add", "aerobic", "abc"], where="minutes:", names=("got 'abc'",)),
    Case("add-rpe", [*ADD, "--rpe", "11"], where="rpe: must be a number from 0 to 10"),
    Case("add-intensity", [*ADD, "--intensity", "hard"], where="intensity: must be one of"),
    Case("add-focus", [*ADD, "--focus", "balance"], where="focus is only allowed on mobility sessions"),
    Case(
        "add-date-format",
        ["log", "add", "aerobic", "30", "--date", "2026/11/30"],
        where="date: must be a date",
    ),
    Case(
        "add-date-unreal",
        ["log", "add", "aerobic", "30", "--date", "2026-11-31"],
        where="date: is not a real day: November 2026 has 30 days",
    ),
    Case(
        "add-date-1899",
        ["log", "add", "aerobic", "30", "--date", "1899-12-31"],
        where="date: must not be before 1900-01-01",
    ),
    Case(
        "add-date-future",
        ["log", "add", "aerobic", "30", "--date", "2999-01-01"],
        where="date: must not be more than one day in the future",
    ),
    Case("edit-unknown-id", ["log", "edit", "9", "--minutes", "3"], where="no entry with id 9"),
    Case("edit-minutes", ["log", "edit", "1", "--minutes", "0"], where="minutes:", names=("got 0",)),
    Case("rm-unknown-id", ["log", "rm", "1", "5"], where="no entry with id 5; nothing was removed"),
    Case(
        "profile-age", ["profile", "set", "--age", "130"], where="age: must be a whole number from 5 to 120"
    ),
    Case(
        "explain-benefit",
        ["explain", "bnoe", "--demo"],
        where="unknown benefit 'bnoe' (did you mean 'bone'?)",
    ),
    Case(
        "import-row",
        IMPORT,
        {"in.csv": HEADER + b"2026-11-20,aerobic,30,,,\n2026-11-21,aerobic,0,,,\n"},
        where="{tmp}/in.csv: line 3, column 'minutes': must be a whole number",
    ),
    Case(
        "import-fields",
        IMPORT,
        {"in.csv": HEADER + b"2026-11-20,aerobic\n"},
        where="{tmp}/in.csv: line 2: 2 fields, but the header has 6 columns",
    ),
    Case(
        "import-column",
        IMPORT,
        {"in.csv": b"date,kind,minutes,minuts\n"},
        where="{tmp}/in.csv: line 1: unknown column 'minuts'",
    ),
    Case(
        "import-not-utf8",
        IMPORT,
        {"in.csv": HEADER + b"2026-11-20,aerobic,30,,caf\xe9,\n"},
        where="{tmp}/in.csv: not UTF-8",
    ),
    Case(
        "import-json",
        ["log", "import", "{tmp}/in.json"],
        {"in.json": b'[{"date": "2026-11-20", "kind": "aerobic"}'},
        where="{tmp}/in.json: line 1, column 43: invalid JSON",
    ),
    Case(
        "import-json-entry",
        ["log", "import", "{tmp}/in.json"],
        {"in.json": b'[{"date": "2026-11-20", "kind": "aerobic", "minutes": 30, "rpe": 12}]'},
        where="{tmp}/in.json: entry 1, field 'rpe': must be a number from 0 to 10",
    ),
    Case(
        "db-damaged",
        ["--db", "{tmp}/junk.db", "log", "list"],
        {"junk.db": b"junk" * 1000},
        where="{tmp}/junk.db: not a myorec database or damaged",
    ),
]


def set_up(tmp: Path, files: dict[str, bytes | None]) -> None:
    for name, data in files.items():
        path = tmp / name
        if name.endswith("/"):
            shutil.copytree(default_rules_dir(), path)
        elif data is None:
            path.unlink()
        else:
            path.write_bytes(data)


@pytest.mark.parametrize("case", CASES + LOG_CASES, ids=[case.id for case in CASES + LOG_CASES])
def test_every_user_error_is_one_line_naming_its_file_and_field(runner, tmp_path, case):
    set_up(tmp_path, case.files)
    db = ["--db", str(tmp_path / "log.db")]
    assert runner.invoke(cli, [*db, *ADD]).stdout == "1\n"
    args = [*db, *(arg.replace("{tmp}", str(tmp_path)) for arg in case.args)]
    result = runner.invoke(cli, args, input=case.stdin, catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: " + case.where.replace("{tmp}", str(tmp_path))), result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    for fragment in case.names:
        assert fragment in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--week", "2026-W60"],
        ["report", "--demo", "--routine", "x.toml"],
        ["report", "--demo", "--week", "2026-W48"],
        ["log", "add", "aerobic", "30", "--intensity", "light", "--rpe", "3"],
        ["log", "add", "aerobic"],
        ["log", "edit", "1"],
        ["log", "list", "--week", "nope"],
        ["trend", "--weeks", "0"],
        ["--db", "/", "log", "list"],
        ["report", "--demo", "--format", "nope"],
        ["report", "--nope"],
        ["nope"],
    ],
)
def test_usage_errors_exit_2_without_a_traceback(runner, args):
    result = runner.invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("Error: ")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["--db", "-", "log", "add", "aerobic", "30"],
            "Invalid value for '--db': '-' is not a database file (a log cannot be standard input or output)",
        ),
        (["rules", "init", ""], "Invalid value for 'DIR': give a rule folder, not an empty path"),
        (["rules", "init", " "], "Invalid value for 'DIR': give a rule folder, not an empty path"),
        (["rules", "init", "-"], "Invalid value for 'DIR': '-' is not a folder name"),
    ],
    ids=["db-dash", "init-empty", "init-blank", "init-dash"],
)
def test_an_odd_path_is_a_usage_error_that_writes_nothing(runner, tmp_path, monkeypatch, args, error):
    """'' means the working folder and '-' standard output to most tools: never a place to write to."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == f"Error: {error}"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--db", "~/log/my.db", "log", "add", "aerobic", "30"],
        ["--db", "~/log/my.db", "log", "export", "-o", "~/out.csv"],
        ["rules", "init", "~/rules"],
    ],
    ids=["db", "export", "rules-init"],
)
def test_a_quoted_tilde_is_the_home_folder_not_a_folder_named_tilde(runner, tmp_path, monkeypatch, args):
    """A shell leaves '~' alone in quotes and in MYOREC_DB='~/...': it meant the home folder."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    result = runner.invoke(cli, args)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert list(work.iterdir()) == []
    assert any(home.iterdir())


# -- what files say reaches the terminal escaped -----------------------------------

#: A terminal title change and a colour (ESC ... BEL, ESC [), the 8-bit CSI, and DEL.
HOSTILE = "\x1b]0;owned\x07\x1b[31mred\x9b2J\x7f"
TOML_HOSTILE = HOSTILE.encode("unicode_escape").decode().replace("\\x", "\\u00")


def hostile_rules(folder: Path) -> Path:
    """The shipped rules with escape sequences in every free text a rule folder holds."""
    shutil.copytree(default_rules_dir(), folder)
    benefits = (folder / "benefits.toml").read_text(encoding="utf-8")
    benefits = benefits.replace('name = "Bone health"', f'name = "Bone {TOML_HOSTILE}"', 1)
    benefits = benefits.replace('summary = "', f'summary = "{TOML_HOSTILE} ', 1)
    benefits = benefits.replace('myokines = ["', f'myokines = ["{TOML_HOSTILE}", "', 1)
    (folder / "benefits.toml").write_text(benefits, encoding="utf-8")
    bone = (folder / "bone.toml").read_text(encoding="utf-8")
    bone = bone.replace('evidence = "', f'evidence = "{TOML_HOSTILE} ')
    bone = bone.replace('advice = "', f'advice = "{TOML_HOSTILE} ')
    (folder / "bone.toml").write_text(bone, encoding="utf-8")
    cases = (folder / "cases.toml").read_text(encoding="utf-8")
    cases = cases.replace('name = "a WHO-guideline week"', f'name = "WHO {TOML_HOSTILE}"')
    (folder / "cases.toml").write_text(cases, encoding="utf-8")
    activities = (folder / "activities.toml").read_text(encoding="utf-8")
    (folder / "activities.toml").write_text(activities.replace('"Run",', f'"Run", "{TOML_HOSTILE}",'))
    return folder


def raw_controls(text: str) -> list[str]:
    """The characters a terminal could act on: control characters other than line breaks and tabs."""
    return [ch for ch in text if not ch.isprintable() and ch not in "\n\t"]


def test_escape_sequences_in_rule_files_reach_the_terminal_escaped(runner, tmp_path):
    rules = str(hostile_rules(tmp_path / "rules"))
    db = ["--db", str(tmp_path / "log.db")]
    strava = tmp_path / "activities.csv"
    strava.write_text(
        strava_csv(
            {
                "id": 1,
                "date": "Nov 23, 2026, 7:00:00 AM",
                "name": f"run {HOSTILE}",
                "type": "Run",
                "seconds": 1800,
            },
            {
                "id": 2,
                "date": "Nov 24, 2026, 7:00:00 AM",
                "name": "x",
                "type": f"Golf{HOSTILE}",
                "seconds": 60,
            },
            {"id": 3, "date": "Nov 25, 2026, 7:00:00 AM", "name": "y", "type": HOSTILE, "seconds": 60},
        ),
        encoding="utf-8",
    )
    with_rules = ["--rules", rules]
    commands = [
        ["report", "--demo", *with_rules],
        ["report", "--demo", "--json", *with_rules],
        ["report", "--demo", "--format", "tsv", *with_rules],
        ["explain", "bone", "--demo", *with_rules],
        ["explain", "bone", "--demo", "--json", *with_rules],
        ["explain", f"bone{HOSTILE}", "--demo", *with_rules],
        ["rules", "list", *with_rules],
        ["rules", "list", "--json", *with_rules],
        ["rules", "list", "--benefit", f"x{HOSTILE}", *with_rules],
        ["rules", "check", rules],
        ["rules", "check", rules, "--json"],
        ["rules", "test", rules],
        [*db, "log", "import", str(strava), "--format", "strava", *with_rules],
        [*db, "log", "list"],
        [*db, "log", "list", "--json"],
        [*db, "report", "--week", "2026-W48", *with_rules],
        [*db, "trend", "--until", "2026-W48", *with_rules],
        ["report", "--demo", "--html", "-", *with_rules],
        [*db, "trend", "--until", "2026-W48", "--html", "-", *with_rules],
    ]
    for args in commands:
        result = runner.invoke(cli, args)
        assert raw_controls(result.stdout + result.stderr) == [], (args, result.output)
        assert result.exit_code in (0, 1), (args, result.output)
    listed = runner.invoke(cli, [*db, "log", "list"]).stdout
    assert "run ?]0;owned??[31mred?2J?" in listed  # as printable always showed session names


def test_escape_sequences_in_rule_file_names_and_keys_reach_the_terminal_escaped(runner, tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    (folder / f"bad{HOSTILE}.toml").write_text(
        f'[[rule]]\nid = "x"\n"{TOML_HOSTILE}" = 1\n', encoding="utf-8"
    )
    for args in (["rules", "check", str(folder)], ["report", "--demo", "--rules", str(folder)]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert raw_controls(result.stdout + result.stderr) == [], (args, result.output)
        assert "bad?]0;owned??[31mred?2J?.toml" in result.stderr
