"""The architecture, checked: the pure core never reaches for I/O, the CLI or storage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "myorec"

#: Modules that must stay pure (no click, storage, tables or file formats).
PURE = ["engine", "metrics", "report", "ruleset", "models", "errors", "explain"]
FORBIDDEN = {"click", "sqlite3", "tabulate", "tomllib", "myorec.cli", "myorec.store", "myorec.render"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_import_no_io_or_cli(module):
    imports = imported_modules(PACKAGE / f"{module}.py")
    offending = {name for name in imports if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)}
    assert offending == set()


def test_click_is_only_imported_by_the_cli_package():
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts:
            continue
        assert "click" not in imported_modules(path), path


def test_sqlite_is_only_imported_by_the_store():
    for path in PACKAGE.rglob("*.py"):
        if path != PACKAGE / "store.py":
            assert "sqlite3" not in imported_modules(path), path
