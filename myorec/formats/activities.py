"""The activity mapping: what each device or app activity type is, read from ``activities.toml``.

A data file users can edit (in their rule folder), not a table in this code.
One table per source (``[strava]``, ``[fit]``, ``[apple]``, ``[garmin]``,
``[gpx]``), each with ``kinds`` (aerobic, resistance, mobility and ``skip``
lists of type names), an optional default ``intensity`` per type and the
``impact`` types. A rule folder's file overrides the shipped one type by type:
each type it names takes everything from it, the others keep the shipped
mapping. Type names match ignoring case, spaces, hyphens and underscores, so
``Weight Training`` and ``WeightTraining`` are one type.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from myorec.core.intensity import Intensity
from myorec.core.sessions import Kind
from myorec.core.text import shown, suggest, unknown_key
from myorec.errors import InputError
from myorec.formats.toml import read_toml

ACTIVITIES_FILE = "activities.toml"
#: The sources a mapping has a table for: which importer reads each.
SOURCES: tuple[str, ...] = ("strava", "fit", "apple", "garmin", "gpx")
#: A kind list that leaves its types out of imports (multisport transitions, meditation).
SKIP = "skip"
_GROUPS: tuple[str, ...] = (*(kind.value for kind in Kind), SKIP)
_TABLE_KEYS = ("kinds", "intensity", "impact")


def normalise_type(name: str) -> str:
    """'Weight Training', 'WeightTraining' and 'weight_training' are one type."""
    return "".join(ch for ch in name.lower() if ch not in " -_\t")


class ActivityType(NamedTuple):
    """What one activity type is: its kind (None: left out), its default intensity, whether it is impact."""

    kind: Kind | None
    intensity: Intensity | None = None
    impact: bool = False


class ActivityMap(NamedTuple):
    """Per source, activity type (normalised) -> what it is; read from the shipped and a user's file."""

    types: dict[str, dict[str, ActivityType]]
    #: The files it was read from, the shipped one first.
    paths: tuple[Path, ...]

    @property
    def path(self) -> Path:
        """The file to edit: the user's, else the shipped one."""
        return self.paths[-1]

    def lookup(self, source: str, *names: str) -> ActivityType | None:
        """The first of ``names`` the source maps (``training/strength_training``, then ``training``)."""
        table = self.types.get(source, {})
        for name in names:
            found = table.get(normalise_type(name))
            if found is not None:
                return found
        return None

    def kind_of(self, source: str, activity_type: str) -> Kind | None:
        found = self.lookup(source, activity_type)
        return found.kind if found is not None else None


def read_activity_file(path: Path) -> dict[str, dict[str, ActivityType]]:
    """One ``activities.toml``: per source, each type it names and what it makes of it."""
    label = str(path)
    document = read_toml(path)
    if set(document) == {"kinds"}:
        # The format before per-source tables: a rule folder's Strava mapping, as 'rules init' wrote it.
        return {"strava": _source_table({"kinds": document["kinds"]}, "strava", label, shown_as="")}
    for key in document:
        if key not in SOURCES:
            tables = ", ".join(f"[{source}]" for source in SOURCES)
            raise InputError(f"{unknown_key(key, SOURCES, 'source table')}; expected {tables}", file=label)
    return {source: _source_table(document[source], source, label) for source in document}


def _names(value: object, where: str, label: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(name, str) and name.strip() for name in value):
        raise InputError("must be a list of activity type names", file=label, field=where)
    return value


def _where(prefix: str, *keys: str) -> str:
    return ".".join(
        part for part in (prefix, *(key if key.isprintable() else shown(key) for key in keys)) if part
    )


def _source_table(
    table: Any, source: str, label: str, shown_as: str | None = None
) -> dict[str, ActivityType]:
    """One source's table; ``shown_as`` names its keys in errors (a file of the old format: nothing)."""
    prefix = source if shown_as is None else shown_as
    if not isinstance(table, dict):
        raise InputError("must be a table with kinds, intensity and impact", file=label, field=source)
    for key in table:
        if key not in _TABLE_KEYS:
            raise InputError(
                f"{unknown_key(key, _TABLE_KEYS)}; a source table has kinds, intensity and impact",
                file=label,
                field=_where(prefix, key),
            )
    kinds = _grouped(table.get("kinds", {}), _GROUPS, "kind", prefix, "kinds", label)
    intensities = _grouped(
        table.get("intensity", {}), [i.value for i in Intensity], "intensity", prefix, "intensity", label
    )
    impact_names = _names(table.get("impact", []), _where(prefix, "impact"), label)
    impact = {normalise_type(name): name for name in impact_names}
    named = [(key, name) for key, (_group, name) in intensities.items()] + list(impact.items())
    for key, name in named:
        if kinds.get(key, (SKIP, ""))[0] == SKIP:
            raise InputError(
                f"{shown(name)} has no kind here: list it under [{source}.kinds] too "
                "(a rule folder's activities.toml replaces each type it names, whole)",
                file=label,
            )
    types: dict[str, ActivityType] = {}
    for key, (group, _name) in kinds.items():
        intensity = intensities.get(key)
        types[key] = ActivityType(
            None if group == SKIP else Kind(group),
            Intensity(intensity[0]) if intensity else None,
            key in impact,
        )
    return types


def _grouped(
    table: Any, groups: list[str] | tuple[str, ...], noun: str, prefix: str, key: str, label: str
) -> dict[str, tuple[str, str]]:
    """``{group: [names]}`` as normalised type -> (group, name as written); no type in two groups."""
    if not isinstance(table, dict):
        raise InputError(
            f"must be a table of {', '.join(groups)} lists", file=label, field=_where(prefix, key)
        )
    found: dict[str, tuple[str, str]] = {}
    for group, names in table.items():
        where = _where(prefix, key, group)
        if group not in groups:
            raise InputError(
                f"unknown {noun}{suggest(group, groups)}; {noun} lists are {', '.join(groups)}",
                file=label,
                field=where,
            )
        for name in _names(names, where, label):
            normal = normalise_type(name)
            earlier = found.get(normal)
            if earlier is not None and earlier[0] != group:
                raise InputError(
                    f"{shown(name)} is listed under both {_where(prefix, key, earlier[0])} and {where}",
                    file=label,
                )
            found[normal] = (group, name)
    return found


def load_activity_map(shipped: Path, user: Path | None = None) -> ActivityMap:
    """The shipped mapping, with the types a user's file names replaced by what that file says."""
    types = read_activity_file(shipped)
    paths = [shipped]
    if user is not None and user.resolve() != shipped.resolve():
        for source, table in read_activity_file(user).items():
            types[source] = {**types.get(source, {}), **table}
        paths.append(user)
    return ActivityMap(types, tuple(paths))
