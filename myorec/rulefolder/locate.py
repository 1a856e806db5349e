"""Where the shipped rule set is: inside the installed package, or at the top of a source checkout.

Nothing here imports more than pathlib, so ``rules path`` starts without pydantic.
"""

from __future__ import annotations

from pathlib import Path


def default_rules_dir() -> Path:
    """The shipped rule set: inside the installed package, or the repository's ``rules/``.

    A wheel carries the rules as ``myorec/rules``; an editable install or a
    source checkout finds them at the top of the repository.
    """
    package_dir = Path(__file__).resolve().parent.parent
    bundled = package_dir / "rules"
    if bundled.is_dir():
        return bundled
    return package_dir.parent / "rules"
