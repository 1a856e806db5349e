"""The architecture, checked: the pure core never reaches for I/O, the CLI or storage."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "myorec"

#: Modules that must stay pure: no I/O, click, storage, tables or file formats.
PURE = ["engine", "metrics", "report", "ruleset", "models", "errors", "explain"]
#: All a pure module may import besides other pure modules: computation, never I/O.
PURE_MAY_IMPORT = {
    "__future__",
    "collections",
    "datetime",
    "difflib",
    "enum",
    "math",
    "re",
    "typing",
    "pydantic",
}


def imports_in(source: str, package: str) -> set[str]:
    """Every module the source imports, and ``X.name`` for each ``from X import name``.

    ``from myorec import store`` imports the module ``myorec.store``, so the name
    counts as well as the package it comes from; ``package`` resolves relative imports.
    """
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(filter(None, (base, node.module or "")))
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def imported_modules(path: Path) -> set[str]:
    package = ".".join(path.relative_to(PACKAGE.parent).parent.parts)
    return imports_in(path.read_text(encoding="utf-8"), package)


def forbidden_in_pure(names: set[str]) -> set[str]:
    """The imports a pure module may not make: any myorec module not listed as pure, any I/O."""
    offending = set()
    for name in names:
        top, _, rest = name.partition(".")
        allowed = (not rest or rest.split(".")[0] in PURE) if top == "myorec" else top in PURE_MAY_IMPORT
        if not allowed:
            offending.add(name)
    return offending


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_import_only_pure_modules_and_computation(module):
    assert forbidden_in_pure(imported_modules(PACKAGE / f"{module}.py")) == set()


@pytest.mark.parametrize(
    ("line", "caught"),
    [
        ("from myorec import store", "myorec.store"),
        ("import myorec.render_log", "myorec.render_log"),
        ("from myorec.cli.common import echo_json", "myorec.cli.common"),
        ("from . import importers", "myorec.importers"),
        ("from .tomlfile import read_toml", "myorec.tomlfile"),
        ("import tomllib", "tomllib"),
        ("from tabulate import tabulate", "tabulate"),
    ],
)
def test_the_check_catches_every_spelling_of_an_impure_import(line, caught):
    assert caught in forbidden_in_pure(imports_in(line, "myorec"))


def test_click_is_only_imported_by_the_cli_package():
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts:
            continue
        assert "click" not in imported_modules(path), path


def test_sqlite_is_only_imported_by_the_store():
    for path in PACKAGE.rglob("*.py"):
        if path != PACKAGE / "store.py":
            assert "sqlite3" not in imported_modules(path), path
