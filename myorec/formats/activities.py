"""The activity mapping: which kind each device or app activity type is, read from ``activities.toml``.

A data file users can edit (in their rule folder), not a table in this code.
Type names match ignoring case, spaces, hyphens and underscores, so
``Weight Training`` and ``WeightTraining`` are one type.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from myorec.core.sessions import Kind
from myorec.core.text import shown, suggest, unknown_key
from myorec.errors import InputError
from myorec.formats.toml import read_toml

ACTIVITIES_FILE = "activities.toml"


def normalise_type(name: str) -> str:
    """'Weight Training', 'WeightTraining' and 'weight_training' are one type."""
    return "".join(ch for ch in name.lower() if ch not in " -_\t")


class ActivityMap(NamedTuple):
    """Activity type (normalised) -> kind, read from an ``activities.toml``."""

    kinds: dict[str, Kind]
    path: Path

    def kind_of(self, activity_type: str) -> Kind | None:
        return self.kinds.get(normalise_type(activity_type))


def load_activity_map(path: Path) -> ActivityMap:
    """Read ``[kinds]`` with ``aerobic``, ``resistance`` and ``mobility`` lists of type names."""
    label = str(path)
    document = read_toml(path)
    for key in document:
        if key != "kinds":
            raise InputError(f"{unknown_key(key, ['kinds'], 'top-level key')}; expected [kinds]", file=label)
    table = document.get("kinds")
    if not isinstance(table, dict):
        raise InputError(
            "missing [kinds] table (aerobic, resistance, mobility lists of type names)", file=label
        )
    groups = [kind.value for kind in Kind]
    kinds: dict[str, Kind] = {}
    for group, names in table.items():
        where = f"kinds.{group}" if group.isprintable() else f"kinds {shown(group)}"
        if group not in groups:
            raise InputError(
                f"unknown kind{suggest(group, groups)}; kinds are {', '.join(groups)}",
                file=label,
                field=where,
            )
        if not isinstance(names, list) or not all(isinstance(name, str) and name.strip() for name in names):
            raise InputError("must be a list of activity type names", file=label, field=where)
        for name in names:
            key = normalise_type(name)
            earlier = kinds.get(key)
            if earlier is not None and earlier.value != group:
                raise InputError(
                    f"{shown(name)} is listed under both {earlier.value} and {group}", file=label
                )
            kinds[key] = Kind(group)
    return ActivityMap(kinds, path)
