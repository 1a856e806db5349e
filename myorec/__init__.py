"""myorec: a week of exercise in, an explained myokine-benefit report out.

The library behind the command line: ``myorec.load_rule_set()``, ``Engine``,
``Session``, ``Profile``, ``Week``, ``compute_metrics``, ``build_report`` and
``open_log`` are what the commands use (the README's "Use myorec from Python"
has a worked example, which a test runs).

The names are loaded on first use, so that ``import myorec`` (which the
console script does for every command, ``--help`` included) stays as cheap as
the version literal. The version lives here as a literal so that start-up never
has to ask ``importlib.metadata`` (tens of milliseconds) what it is.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from myorec.app.log import open_log
    from myorec.app.weeks import read_routine
    from myorec.core.calendar import Day
    from myorec.core.engine import BenefitResult, Engine
    from myorec.core.intensity import Intensity
    from myorec.core.metrics import METRICS, Metrics, compute_metrics
    from myorec.core.report import WeekReport, build_report
    from myorec.core.ruleset import Benefit, Rule, RuleSet
    from myorec.core.sessions import Focus, Kind, Profile, Session
    from myorec.core.week import Week
    from myorec.errors import MyorecError
    from myorec.rulefolder.loader import load_rule_set

#: Public name -> the module that defines it.
_API = {
    "Benefit": "myorec.core.ruleset",
    "BenefitResult": "myorec.core.engine",
    "Day": "myorec.core.calendar",
    "Engine": "myorec.core.engine",
    "Focus": "myorec.core.sessions",
    "Intensity": "myorec.core.intensity",
    "Kind": "myorec.core.sessions",
    "METRICS": "myorec.core.metrics",
    "Metrics": "myorec.core.metrics",
    "MyorecError": "myorec.errors",
    "Profile": "myorec.core.sessions",
    "Rule": "myorec.core.ruleset",
    "RuleSet": "myorec.core.ruleset",
    "Session": "myorec.core.sessions",
    "Week": "myorec.core.week",
    "WeekReport": "myorec.core.report",
    "build_report": "myorec.core.report",
    "compute_metrics": "myorec.core.metrics",
    "load_rule_set": "myorec.rulefolder.loader",
    "open_log": "myorec.app.log",
    "read_routine": "myorec.app.weeks",
}

__all__ = [
    "METRICS",
    "Benefit",
    "BenefitResult",
    "Day",
    "Engine",
    "Focus",
    "Intensity",
    "Kind",
    "Metrics",
    "MyorecError",
    "Profile",
    "Rule",
    "RuleSet",
    "Session",
    "Week",
    "WeekReport",
    "__version__",
    "build_report",
    "compute_metrics",
    "load_rule_set",
    "open_log",
    "read_routine",
]


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'myorec' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
