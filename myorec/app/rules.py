"""The rule set a command uses: from ``--rules``, else $MYOREC_RULES, else the shipped folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from myorec.errors import InputError

if TYPE_CHECKING:
    from myorec.core.engine import Engine
    from myorec.core.ruleset import RuleSet
    from myorec.rulefolder.problems import Problem


class MissingRuleFolderError(InputError):
    """The rule folder named does not exist or is not a folder; the CLI says which setting named it."""


def rules_dir_in_use(rules_dir: Path | None) -> Path:
    """The folder given, which must exist, else the shipped one."""
    from myorec.rulefolder.locate import default_rules_dir

    if rules_dir is None:
        return default_rules_dir()
    if not rules_dir.is_dir():
        problem = "not a folder" if rules_dir.exists() else "rule folder does not exist"
        raise MissingRuleFolderError(problem, file=str(rules_dir))
    return rules_dir


def load_rules(folder: Path, show: Callable[[Problem], None] | None = None) -> RuleSet:
    """The rule set in ``folder``; each problem found goes to ``show`` as ``rules check`` prints it."""
    from myorec.rulefolder.loader import load_rule_set

    return load_rule_set(folder, show)


def load_engine(folder: Path, show: Callable[[Problem], None] | None = None) -> Engine:
    """Load, validate and compile the rule set in ``folder``."""
    from myorec.core.engine import Engine

    return Engine(load_rules(folder, show))
