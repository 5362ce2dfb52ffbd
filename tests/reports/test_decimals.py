"""The vectorised count of a stored value's decimals equals the one-value rule it replaces."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.io._paths import store_path
from analytics.reports.downloads import decimals, decimals_of

FINITE = st.floats(allow_nan=False, allow_infinity=False, width=64)
# values as stored: whole numbers, a few decimals, sums with conversion noise, tiny and huge
STORED = st.one_of(
    FINITE,
    st.integers(-(10**15), 10**15).map(float),
    st.tuples(st.integers(-(10**9), 10**9), st.integers(0, 6)).map(lambda t: t[0] / 10 ** t[1]),
    st.tuples(FINITE, FINITE).map(lambda t: t[0] + t[1]).filter(lambda v: abs(v) < 1e300),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(STORED, min_size=1, max_size=40))
def test_vectorised_decimals_equal_the_rule(values: list[float]) -> None:
    assert decimals_of(pl.Series("v", values)).to_list() == [decimals(v) for v in values]


def test_every_stored_value_counts_the_same() -> None:
    path = store_path(None) / "observations.parquet"
    values = pl.read_parquet(path, columns=["value"])["value"].drop_nulls()
    fast = decimals_of(values)
    assert values.len() > 10_000
    assert fast.to_list() == [decimals(v) for v in values.to_list()]
    assert fast.max() == 9 and fast.min() == 0  # noise capped at 9; whole numbers
