"""Whatever a rule file holds, checking it reports problems and never crashes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from myorec.rulefolder.loader import check_rule_set

scalars = st.one_of(
    st.integers(-3, 20_000),
    st.floats(allow_nan=False, allow_infinity=True, width=32),
    st.booleans(),
    st.sampled_from(["", "bone", "bnoe", "resistance_days", "age", "G", "x"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "metric"]), inner),
)
conditions = st.fixed_dictionaries(
    {},
    optional={
        "metric": st.one_of(st.sampled_from(["resistance_days", "total_min", "age", "nope"]), values),
        "at_least": st.one_of(st.integers(-2, 20_000), values),
        "at_most": st.one_of(st.integers(-2, 20_000), values),
        "extra": values,
    },
)
rules = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.sampled_from(["r.a", "r.b", ""]), values),
        "benefit": st.one_of(st.sampled_from(["bone", "bnoe"]), values),
        "points": st.one_of(st.integers(-1, 100), values),
        "partial": values,
        "myokines": values,
        "evidence": st.one_of(st.just("e"), values),
        "evidence_level": st.one_of(st.sampled_from(["G", "A", "Z"]), values),
        "advice": values,
        "when": st.one_of(
            st.fixed_dictionaries({}, optional={"all": st.lists(conditions, max_size=3), "any": values}),
            values,
        ),
    },
)


def toml_value(value: Any) -> str:
    """A TOML literal for a JSON-like value (inline tables and arrays)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {float("inf"): "inf", float("-inf"): "-inf"}.get(value, repr(value))
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key} = {toml_value(item)}" for key, item in value.items()) + "}"
    return json.dumps(value)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables=st.lists(rules, max_size=4))
def test_any_rule_tables_give_problems_not_crashes(tmp_path: Path, tables: list[dict[str, Any]]):
    (tmp_path / "benefits.toml").write_text('[[benefit]]\nid = "bone"\nname = "Bone"\n', encoding="utf-8")
    text = "".join(
        "[[rule]]\n" + "".join(f"{key} = {toml_value(value)}\n" for key, value in table.items())
        for table in tables
    )
    (tmp_path / "r.toml").write_text(text, encoding="utf-8")
    check = check_rule_set(tmp_path)
    assert (check.rule_set is None) == bool(check.errors)
    for problem in check.problems:
        assert "\n" not in str(problem)
        assert str(problem).startswith(str(tmp_path))
