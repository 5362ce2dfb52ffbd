from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from analytics.exceptions import AnalyticsError
from analytics.index import normalise
from tests.index.index_helpers import long_frame

# COINr normalise vignette (docs/METHODS.md): min–max to [0, 100]; inputs rounded, so atol 1e-4.
COINR_IN = [
    0.01902362,
    0.46387603,
    0.83459034,
    0.93670927,
    0.88510088,
    0.37517730,
    0.49640039,
    0.97395693,
    0.18106040,
    0.43705340,
]
COINR_OUT = [0, 46.58466, 85.40562, 96.09945, 90.69505, 37.29618, 49.99059, 100, 16.96839, 43.77581]


def one(values: list[float], **kw: object) -> list[float]:
    f = long_frame(np.array(values, dtype=float)[:, None])
    return normalise(f, **kw)["value"].to_list()  # type: ignore[arg-type]


def test_coinr_minmax_reference() -> None:
    np.testing.assert_allclose(one(COINR_IN, method="minmax", range=(0, 100)), COINR_OUT, atol=1e-4)


def test_methods_by_hand() -> None:
    x = [2.0, 4.0, 4.0, 10.0]
    np.testing.assert_allclose(one(x, method="distance_to_max"), [0, 0.25, 0.25, 1])
    # mean 5, sample sd sqrt((9+1+1+25)/3) = sqrt(12)
    np.testing.assert_allclose(one(x, method="zscore"), np.array([-3, -1, -1, 5]) / 12**0.5)
    np.testing.assert_allclose(
        one(x, method="zscore", mean_sd=(100, 10)), 100 + 10 * np.array([-3, -1, -1, 5]) / 12**0.5
    )
    assert one(x, method="rank") == [1.0, 2.5, 2.5, 4.0]
    assert one(x, method="percentile_rank") == [0.25, 0.75, 0.75, 1.0]
    # reference region r01 (value 4): 1 − (4 − x)/8, capped at 1
    np.testing.assert_allclose(
        one(x, method="distance_to_reference", reference="r01"), [0.75, 1.0, 1.0, 1.0]
    )
    np.testing.assert_allclose(
        one(x, method="distance_to_reference", reference="r01", cap=None), [0.75, 1.0, 1.0, 1.75]
    )
    # target 6: (x − 2)/(6 − 2), capped
    np.testing.assert_allclose(
        one(x, method="distance_to_target", targets={"i0": 6.0}), [0, 0.5, 0.5, 1]
    )
    np.testing.assert_allclose(
        one(x, method="goalposts", goalposts={"i0": (3.0, 7.0)}, scale=100), [0, 25, 25, 100]
    )


def test_direction_applied_first() -> None:
    x = [2.0, 4.0, 10.0]
    np.testing.assert_allclose(one(x, method="minmax", directions={"i0": -1}), [1, 0.75, 0])
    # goalposts flip with the direction: lower is better between 3 (best) and 7 (worst)
    np.testing.assert_allclose(
        one(x, method="goalposts", directions={"i0": -1}, goalposts={"i0": (3.0, 7.0)}),
        [1, 0.75, 0],
    )


def test_year_and_global_scope() -> None:
    f = long_frame(np.array([[1.0], [3.0], [5.0], [7.0]]), years=2)
    assert normalise(f, method="minmax", scope="year")["value"].to_list() == [0, 1, 0, 1]
    g = normalise(f, method="minmax", scope="global").sort("year", "region")
    np.testing.assert_allclose(g["value"].to_list(), [0, 1 / 3, 2 / 3, 1])


def test_missing_stays_missing_and_errors() -> None:
    f = long_frame(np.array([[1.0], [np.nan], [3.0]])).with_columns(pl.col("value").fill_nan(None))
    assert normalise(f, method="minmax")["value"].to_list() == [0.0, None, 1.0]
    with pytest.raises(AnalyticsError, match="reference"):
        normalise(f, method="distance_to_reference")
    with pytest.raises(AnalyticsError, match="unknown normalisation"):
        normalise(f, method="minmaxx")  # type: ignore[arg-type]


finite = arrays(
    np.float64,
    st.integers(2, 30),
    elements=st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False),
)


@settings(max_examples=60, deadline=None)
@given(x=finite, lo=st.floats(-10, 10), width=st.floats(0.1, 100))
def test_minmax_in_range(x: np.ndarray, lo: float, width: float) -> None:
    out = np.array(one(list(x), method="minmax", range=(lo, lo + width)))
    assert (out >= lo - 1e-9).all() and (out <= lo + width + 1e-9).all()


@settings(max_examples=60, deadline=None)
@given(x=finite)
def test_percentile_and_distance_in_unit_interval(x: np.ndarray) -> None:
    p = np.array(one(list(x), method="percentile_rank"))
    assert (p > 0).all() and (p <= 1).all()
    d = np.array(one(list(x), method="distance_to_max"))
    assert (d >= -1e-12).all() and (d <= 1 + 1e-12).all()


def test_a_missing_target_or_reference_is_null_not_the_cap() -> None:
    # pl.min_horizontal skipped the null, so a series without a target scored the cap (1.0):
    # a full score for an indicator nobody set a target for
    f = pl.DataFrame(
        {
            "region": ["a", "b", "a", "b"],
            "year": 2020,
            "indicator": ["x", "x", "y", "y"],
            "value": [2.0, 3.0, None, 5.0],
        }
    )
    got = normalise(f, method="distance_to_target", targets={"x": 4.0}).sort("indicator", "region")
    # x: min 2, (2-2)/(4-2) = 0, (3-2)/(4-2) = 0.5; y has no target
    assert got["value"].to_list() == [0.0, 0.5, None, None]
    ref = normalise(f, method="distance_to_reference", reference="a").sort("indicator", "region")
    # x: spread 3-2 = 1, a: 1-(2-2)/1 = 1, b: 1-(2-3)/1 = 2 → capped 1; y: a has no value
    assert ref["value"].to_list() == [1.0, 1.0, None, None]
