"""Hypothesis strategies shared by the generated-input tests."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.tomlgen import Raw

#: Number spellings Python cannot hold as they are written, or that TOML reads as surprises.
HOSTILE_NUMBERS = [
    Raw("1e309"),
    Raw("-1e309"),
    Raw("nan"),
    Raw("-nan"),
    Raw("+inf"),
    Raw("-0.0"),
    Raw("0x" + "F" * 4000),
    Raw("9" * 5000),
    Raw("1" + "0" * 400),
    Raw("1e-400"),
    Raw("0o777"),
    Raw("0b1"),
]

scalars = st.one_of(
    st.text(max_size=12),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.sampled_from(HOSTILE_NUMBERS),
)
junk = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
