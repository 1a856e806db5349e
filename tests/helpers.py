"""Builders shared by tests: sessions and routine text without boilerplate."""

from __future__ import annotations

from typing import Any

from myorec.models import Session


def session(kind: str = "aerobic", minutes: int = 30, day: str = "mon", **extra: Any) -> Session:
    return Session.model_validate({"kind": kind, "minutes": minutes, "day": day, **extra})


def routine_text(*sessions: dict[str, Any], age: int | None = None) -> str:
    """A routine file holding the given session tables."""
    lines = []
    if age is not None:
        lines += ["[profile]", f"age = {age}", ""]
    for item in sessions:
        lines.append("[[session]]")
        for key, value in item.items():
            lines.append(f"{key} = {value!r}" if isinstance(value, str) else f"{key} = {value}")
        lines.append("")
    return "\n".join(lines).replace("'", '"')


def who_week() -> list[Session]:
    """WHO 2020 week: 150 moderate aerobic minutes over 5 days, 2 resistance days, 2 mobility sessions."""
    days = ["mon", "tue", "wed", "thu", "fri"]
    sessions = [session("aerobic", 30, day, intensity="moderate") for day in days]
    sessions += [session("resistance", 30, "tue"), session("resistance", 30, "thu")]
    sessions += [session("mobility", 20, "sat"), session("mobility", 20, "sun")]
    return sessions
