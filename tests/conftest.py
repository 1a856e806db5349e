"""Shared fixtures: every test runs with its own data folder, no MYOREC_* settings and no terminal width."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from myorec.core.engine import Engine
from myorec.formats.activities import ActivityMap, load_activity_map
from myorec.rulefolder.loader import load_rule_set
from myorec.rulefolder.locate import default_rules_dir

# Generated-input tests run through the CLI, so no per-example deadline (timing is not under test).
# "ci" keeps the whole suite quick; HYPOTHESIS_PROFILE=fuzz (or --hypothesis-profile=fuzz) digs deeper.
settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile(
    "fuzz", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _isolate_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # COLUMNS too: pytest-xdist sets it in its workers, and a report's layout follows the width.
    for name in ("MYOREC_DB", "MYOREC_RULES", "MYOREC_DEBUG", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def default_engine() -> Engine:
    return Engine(load_rule_set(default_rules_dir()))


@pytest.fixture(scope="session")
def shipped_map() -> ActivityMap:
    """The shipped activity mapping, as an import without a rule folder of its own uses it."""
    return load_activity_map(default_rules_dir() / "activities.toml")


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write text to a file under tmp_path and return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected outputs in tests/golden/ from what the commands print now",
    )
    parser.addoption(
        "--update-screenshots",
        action="store_true",
        help="take the README's screenshots in docs/screenshots/ again, in headless Chromium",
    )
