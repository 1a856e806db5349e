"""The CLI tests' way to run myorec: on the test's own log, failing on an unexpected exit code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from myorec.cli import cli


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "log.db"


@pytest.fixture
def run(runner: CliRunner, db: Path) -> Callable[..., Result]:
    """``run("log", "list", code=1)``: myorec on the ``db`` fixture's log (a module may move it)."""

    def invoke(*args: str, code: int = 0, input: str | None = None) -> Result:
        result = runner.invoke(cli, ["--db", str(db), *args], input=input)
        assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    return invoke
