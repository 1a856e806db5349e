"""The architecture, checked: every module belongs to a layer, and a layer imports only what it may.

:data:`LAYERS` is the map a newcomer reads: bottom to top, each layer's
packages, the layers below it that it may use, and the outside libraries it
may import. A module no layer lists fails, so the map stays whole.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "myorec"


class Layer(NamedTuple):
    #: Module prefixes that belong to the layer.
    modules: tuple[str, ...]
    #: Layers below it that it may import.
    uses: tuple[str, ...]
    #: Third-party packages, and the standard-library modules kept to one layer, that it may import.
    libraries: frozenset[str] = frozenset()


#: Standard-library modules that belong to one layer's job: file formats, storage, output.
OWNED_STDLIB = frozenset({"tomllib", "sqlite3", "csv", "json", "xml", "zipfile", "gzip", "html"})
#: What the pure core may import from the standard library: computation, never I/O.
PURE_STDLIB = frozenset(
    {
        "__future__",
        "bisect",
        "collections",
        "dataclasses",
        "datetime",
        "difflib",
        "enum",
        "functools",
        "heapq",
        "itertools",
        "math",
        "operator",
        "re",
        "typing",
    }
)

LAYERS: dict[str, Layer] = {
    "errors": Layer(("myorec.errors",), ()),
    "core": Layer(("myorec.core",), ("errors",), frozenset({"pydantic"})),
    "formats": Layer(
        ("myorec.formats",),
        ("errors", "core"),
        frozenset({"pydantic", "tomllib", "csv", "json", "xml", "zipfile", "gzip", "fitdecode"}),
    ),
    "rulefolder": Layer(("myorec.rulefolder",), ("errors", "core", "formats"), frozenset({"pydantic"})),
    "store": Layer(("myorec.store",), ("errors", "core"), frozenset({"pydantic", "sqlite3"})),
    # csv: the data styles of --format (csv, tsv) are written by the csv module; html: escaping
    # belongs to the pages' markup module, where every value becomes text.
    "render": Layer(
        ("myorec.render",), ("errors", "core", "rulefolder"), frozenset({"tabulate", "csv", "html"})
    ),
    "app": Layer(
        ("myorec.app",),
        ("errors", "core", "formats", "rulefolder", "store"),
        # The cohort's query engines, optional extras imported only by the cohort command's run.
        frozenset({"pydantic", "platformdirs", "duckdb", "pyspark"}),
    ),
    "cli": Layer(
        ("myorec.cli",),
        ("errors", "core", "formats", "rulefolder", "store", "render", "app", "api"),
        frozenset({"click", "json"}),
    ),
    # The package itself: the version and the public Python API, and the console script.
    "api": Layer(("myorec.__init__", "myorec.__main__"), ("errors", "core", "rulefolder", "app", "cli")),
}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def layer_of(module: str) -> str | None:
    """The layer a module (or an imported name inside one) belongs to."""
    if module == "myorec":
        return "api"
    for name, layer in LAYERS.items():
        if any(module == prefix or module.startswith(prefix + ".") for prefix in layer.modules):
            return name
    return None


def imports_in(source: str, package: str) -> set[str]:
    """Every module the source imports; ``package`` resolves relative imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(filter(None, (base, node.module or "")))
            names.add(module)
            # ``from myorec import store`` imports the module ``myorec.store``.
            if module.startswith("myorec"):
                names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def violations(module: str, names: set[str]) -> set[str]:
    """The imports ``module`` may not make under :data:`LAYERS`."""
    own = layer_of(module)
    assert own is not None
    layer = LAYERS[own]
    bad = set()
    for name in names:
        top = name.split(".")[0]
        if top == "myorec":
            target = layer_of(name)
            if target is not None and target != own and target not in layer.uses:
                bad.add(name)
        elif top in sys.stdlib_module_names:
            if (top in OWNED_STDLIB and top not in layer.libraries) or (
                own == "core" and top not in PURE_STDLIB
            ):
                bad.add(name)
        elif top not in layer.libraries:
            bad.add(name)
    return bad


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[module_name(path) for path in MODULES])
def test_every_module_is_in_a_layer_and_imports_only_what_its_layer_may(path):
    module = module_name(path)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.removesuffix(".__init__")
    assert layer_of(module) is not None, f"{module} belongs to no layer: add it to LAYERS"
    assert violations(module, imports_in(path.read_text(encoding="utf-8"), package)) == set()


@pytest.mark.parametrize(
    ("module", "line", "caught"),
    [
        ("myorec.core.engine", "from myorec import store", "myorec.store"),
        ("myorec.core.engine", "import myorec.render.log", "myorec.render.log"),
        ("myorec.core.engine", "from myorec.cli.options import echo_json", "myorec.cli.options"),
        ("myorec.core.engine", "from . import calendar, store", None),
        ("myorec.core.engine", "import tomllib", "tomllib"),
        ("myorec.core.engine", "import os", "os"),
        ("myorec.render.report", "from tabulate import tabulate", None),
        ("myorec.app.log", "from tabulate import tabulate", "tabulate"),
        ("myorec.app.log", "import click", "click"),
        ("myorec.store.log", "from myorec.app.log import open_log", "myorec.app.log"),
        ("myorec.formats.toml", "import sqlite3", "sqlite3"),
    ],
)
def test_the_map_catches_every_spelling_of_a_forbidden_import(module, line, caught):
    package = module.rsplit(".", 1)[0]
    found = violations(module, imports_in(line, package))
    assert caught in found if caught else found == set()


def test_click_is_only_imported_by_the_cli_and_sqlite_only_by_the_store():
    for path in MODULES:
        names = {name.split(".")[0] for name in imports_in(path.read_text(encoding="utf-8"), "myorec")}
        parts = path.relative_to(PACKAGE).parts
        assert "click" not in names or parts[0] == "cli", path
        assert "sqlite3" not in names or parts[0] == "store", path


@pytest.mark.parametrize("path", MODULES, ids=[module_name(path) for path in MODULES])
def test_every_module_imports_alone_in_a_fresh_interpreter_with_warnings_as_errors(path):
    module = module_name(path).removesuffix(".__init__")
    if module == "myorec.__main__":
        module = "myorec.__main__"  # importing the console script module must not run it
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", f"import {module}"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
