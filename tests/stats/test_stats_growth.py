from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.exceptions import AnalyticsError
from analytics.stats import (
    DuplicatePeriodError,
    PeriodError,
    cagr,
    compare_growth,
    mom,
    parse_periods,
    qoq,
    two_year_average,
    two_year_average_rate,
    yoy,
)


def test_parse_periods_all_forms() -> None:
    df = pl.DataFrame({"period": ["2023", "2023Q4", "2023-12", "2023-01/02"]})
    out = parse_periods(df)
    assert out["year"].to_list() == [2023] * 4
    assert out["frequency"].to_list() == ["A", "Q", "M", "M"]
    assert out["sub_start"].to_list() == [1, 4, 12, 1]
    assert out["sub_end"].to_list() == [1, 4, 12, 2]


@pytest.mark.parametrize("label", ["2023-13", "23", "2023Q5", "2023-03/02", "2023 "])
def test_bad_period_is_named(label: str) -> None:
    with pytest.raises(PeriodError, match="is not a valid period"):
        parse_periods(pl.DataFrame({"period": [label]}))


def test_yoy_hand_values_and_carried_columns(make_series) -> None:
    df = make_series(
        {"2021": 100.0, "2022": 110.0, "2023": 99.0},
        unit="亿元",
        status="ok",
        source="s1",
        price_basis="current",
    )
    out = yoy(df)
    assert out["value"].to_list() == [None, pytest.approx(10.0), pytest.approx(-10.0)]
    assert out["measure"].unique().to_list() == ["yoy_pct"]
    assert out["unit"].unique().to_list() == ["%"]
    assert out["derivation"].unique().to_list() == ["computed"]
    assert out["source"].unique().to_list() == ["s1"]
    assert out["base_period"].to_list() == ["2020", "2021", "2022"]
    assert out["flag"].to_list() == ["no_previous_period", None, None]
    assert out["status"].to_list() == ["not_applicable", "ok", "ok"]


def test_yoy_across_a_gap_is_null_not_against_an_older_year(make_series) -> None:
    out = yoy(make_series({"2019": 100.0, "2020": 105.0, "2022": 120.0}))
    assert out.filter(period="2022")["value"][0] is None
    assert out.filter(period="2022")["flag"][0] == "no_previous_period"


def test_yoy_of_missing_value_is_null(make_series) -> None:
    out = yoy(make_series({"2020": 100.0, "2021": None, "2022": 120.0}))
    assert out["value"].to_list() == [None, None, None]
    assert out["flag"].to_list() == ["no_previous_period", "missing_value", "missing_value"]


@pytest.mark.parametrize("base", [0.0, -5.0])
def test_yoy_zero_or_negative_base_is_null_and_flagged(make_series, base: float) -> None:
    out = yoy(make_series({"2020": base, "2021": 10.0}))
    assert out["value"][1] is None
    assert out["flag"][1] == "nonpositive_base"
    assert not out["value"].is_infinite().any()


def test_yoy_monthly_and_combined_release(make_series) -> None:
    df = make_series({"2023-01/02": 100.0, "2023-03": 50.0, "2024-01/02": 104.0, "2024-03": 55.0})
    out = yoy(df)
    assert out.filter(period="2024-01/02")["value"][0] == pytest.approx(4.0)
    assert out.filter(period="2024-03")["value"][0] == pytest.approx(10.0)
    assert out.filter(period="2024-01/02")["base_period"][0] == "2023-01/02"


def test_yoy_all_regions_and_indicators_in_one_call(make_series) -> None:
    df = pl.concat(
        [
            make_series({"2022": 1.0, "2023": 2.0}, indicator="a", region="110000"),
            make_series({"2022": 4.0, "2023": 5.0}, indicator="a", region="120000"),
            make_series({"2022": 10.0, "2023": 11.0}, indicator="b", region="120000"),
        ]
    )
    out = yoy(df).filter(period="2023").sort("indicator", "region")
    assert out["value"].to_list() == pytest.approx([100.0, 25.0, 10.0])


def test_vintages_are_separate_series(make_series) -> None:
    # Tianjin GDP 2022: 16311.34 as first published, 16588.5 revised after the 5th census;
    # 2023: 16737.30 published, 17211.8 revised (data/README.md).
    df = pl.concat(
        [
            make_series({"2022": 16311.34, "2023": 16737.30}, vintage="published"),
            make_series({"2022": 16588.5, "2023": 17211.8}, vintage="nbs_revised_5th_census"),
        ]
    )
    out = yoy(df).filter(period="2023").sort("vintage")
    assert out["value"].to_list() == pytest.approx(
        [(17211.8 / 16588.5 - 1) * 100, (16737.30 / 16311.34 - 1) * 100]
    )


def test_duplicate_periods_raise_naming_series(make_series) -> None:
    df = pl.concat([make_series({"2022": 1.0}), make_series({"2022": 2.0})])
    with pytest.raises(DuplicatePeriodError, match=r"period '2022'.*indicator='x'.*'120000'"):
        yoy(df)
    assert issubclass(DuplicatePeriodError, ValueError)


def test_mixed_frequencies_in_one_series_raise(make_series) -> None:
    with pytest.raises(AnalyticsError, match="mixes annual"):
        yoy(make_series({"2022": 1.0, "2023Q1": 2.0}))


def test_one_observation_and_all_missing(make_series) -> None:
    assert yoy(make_series({"2023": 5.0}))["value"].to_list() == [None]
    out = yoy(make_series({"2022": None, "2023": None}))
    assert out["value"].null_count() == 2
    assert cagr(make_series({"2023": 5.0}))["flag"][0] == "span_too_short"
    assert cagr(make_series({"2022": None, "2023": None}))["flag"][0] == "no_previous_period"


def test_mom_crosses_year_but_not_combined_release(make_series) -> None:
    df = make_series({"2023-12": 100.0, "2024-01/02": 190.0, "2024-03": 110.0, "2024-04": 121.0})
    out = mom(df)
    assert out["value"].to_list() == [None, None, None, pytest.approx(10.0)]
    assert out["flag"].to_list()[1:3] == ["no_previous_period", "no_previous_period"]
    jan = mom(make_series({"2023-12": 100.0, "2024-01": 90.0}))
    assert jan["value"][1] == pytest.approx(-10.0)


def test_qoq_wraps_to_previous_year(make_series) -> None:
    out = qoq(make_series({"2023Q4": 200.0, "2024Q1": 150.0, "2024Q2": 180.0}))
    assert out["value"].to_list() == [None, pytest.approx(-25.0), pytest.approx(20.0)]


def test_two_year_average_against_hand_calculation() -> None:
    # NBS, 2021 Q1: GDP grew 18.3% year on year, two-year average 5.0%; 2020 Q1 was -6.8%.
    # By hand: (1 - 0.068) * (1 + 0.183) = 0.932 * 1.183 = 1.102556; sqrt = 1.0500267...;
    # minus 1 = 5.00267%, published rounded to 5.0.
    assert two_year_average_rate(-6.8, 18.3) == pytest.approx(5.00267, abs=1e-5)
    assert round(two_year_average_rate(-6.8, 18.3), 1) == 5.0
    g = pl.DataFrame(
        {
            "indicator": "gdp",
            "region": "000000",
            "period": ["2020Q1", "2021Q1"],
            "value": [-6.8, 18.3],
        }
    )
    out = two_year_average(g)
    assert out["value"][1] == pytest.approx(5.00267, abs=1e-5)
    assert out["flag"][0] == "no_previous_period"
    assert out["measure"][1] == "two_year_avg_pct"


def test_two_year_average_equals_level_based_rate(make_series) -> None:
    levels = make_series({"2019": 100.0, "2020": 97.0, "2021": 110.0})
    g = yoy(levels).drop("base_period", "base_value", "flag", "derivation")
    two = two_year_average(g).filter(period="2021")["value"][0]
    assert two == pytest.approx(((110.0 / 100.0) ** 0.5 - 1) * 100)


def test_cagr_span_and_endpoints(make_series) -> None:
    df = make_series({"2015": 100.0, "2018": None, "2020": 161.051, "2021": 170.0})
    out = cagr(df, start="2015", end="2020")
    assert out["value"][0] == pytest.approx(10.0)
    assert out["years"][0] == 5
    assert cagr(df)["end_period"][0] == "2021"
    assert cagr(df, start="2018")["flag"][0] == "missing_value"
    assert cagr(df, start="2011")["flag"][0] == "no_previous_period"
    assert cagr(make_series({"2015": -1.0, "2020": 5.0}))["flag"][0] == "nonpositive_base"


def test_cagr_quarterly_span_in_years(make_series) -> None:
    out = cagr(make_series({"2020Q1": 100.0, "2022Q3": 100.0 * 1.1**2.5}))
    assert out["years"][0] == pytest.approx(2.5)
    assert out["value"][0] == pytest.approx(10.0)


@settings(max_examples=40, deadline=None)
@given(
    g=st.floats(-0.5, 1.0),
    n=st.integers(2, 25),
    v0=st.floats(0.01, 1e6),
)
def test_cagr_of_constant_growth_is_that_growth(g: float, n: int, v0: float) -> None:
    values = {str(2000 + k): v0 * (1 + g) ** k for k in range(n)}
    df = pl.DataFrame(
        {"indicator": "x", "region": "1", "period": list(values), "value": list(values.values())}
    )
    got = cagr(df)["value"][0]
    assert math.isclose(got, g * 100, rel_tol=1e-9, abs_tol=1e-9)


def test_compare_growth_flags_without_overwriting(make_series) -> None:
    levels = make_series({"2022": 100.0, "2023": 110.0})
    computed = yoy(levels)
    published = make_series({"2022": 8.0, "2023": 8.5}, measure="yoy_pct", derivation="published")
    out = compare_growth(published, computed, tol=0.5)
    expected = pl.DataFrame(
        {
            "indicator": ["x", "x"],
            "region": ["120000", "120000"],
            "period": ["2022", "2023"],
            "published": [8.0, 8.5],
            "computed": [None, 10.0],
            "difference_pp": [None, 1.5],
            "disagrees": [None, True],
        }
    )
    assert_frame_equal(out, expected, abs_tol=1e-9)
    assert published["value"].to_list() == [8.0, 8.5]
