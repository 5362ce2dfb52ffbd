from __future__ import annotations

import math

import polars as pl
import pytest

from analytics.exceptions import AnalyticsError
from analytics.stats import chain_index, compare_growth, contribution, growth_from_index, yoy

# GDP index, previous year = 100, copied as literal numbers from
# /work/shared/data/nbs/地区生产总值指数（近十年）.csv (NBS 分省年度数据, rows 北京市 and 天津市;
# the file's 2025 column is empty).
GDP_INDEX = {
    "110000": {  # 北京市
        2024: 105.1,
        2023: 105.5,
        2022: 101.0,
        2021: 109.2,
        2020: 101.4,
        2019: 106.4,
        2018: 106.9,
        2017: 107.0,
        2016: 107.0,
    },
    "120000": {  # 天津市
        2024: 104.9,
        2023: 104.5,
        2022: 101.2,
        2021: 106.8,
        2020: 101.5,
        2019: 104.8,
        2018: 103.2,
        2017: 103.2,
        2016: 105.8,
    },
}


@pytest.fixture
def gdp_index() -> pl.DataFrame:
    rows = [
        ("gdp_index", region, str(year), value, "index_prev_year_100", "comparable", "nbs")
        for region, series in GDP_INDEX.items()
        for year, value in series.items()
    ]
    schema = ["indicator", "region", "period", "value", "measure", "price_basis", "source"]
    return pl.DataFrame(rows, schema=schema, orient="row")


def test_growth_from_index_is_index_minus_100(gdp_index: pl.DataFrame) -> None:
    out = growth_from_index(gdp_index).filter(region="120000", period="2024")
    assert out["value"][0] == pytest.approx(4.9)
    assert out["measure"][0] == "yoy_pct"
    assert out["price_basis"][0] == "comparable"


@pytest.mark.parametrize("base_year", [2015, 2016, 2020, 2024])
def test_chained_nbs_gdp_index_reproduces_its_own_growth(
    gdp_index: pl.DataFrame, base_year: int
) -> None:
    fixed = chain_index(gdp_index, base_year=base_year)
    assert fixed["flag"].null_count() == fixed.height
    growth = yoy(fixed.drop("flag", "derivation")).join(
        gdp_index.select("region", "period", pl.col("value").alias("index")),
        on=["region", "period"],
    )
    growth = growth.filter(pl.col("value").is_not_null())
    assert growth.height == 2 * 8  # 2017–2024 for both regions
    assert (growth["value"] - (growth["index"] - 100)).abs().max() < 1e-9


def test_chain_index_hand_values(gdp_index: pl.DataFrame) -> None:
    fixed = chain_index(gdp_index, base_year=2020).filter(region="120000")
    value = dict(zip(fixed["period"], fixed["value"], strict=True))
    assert value["2020"] == pytest.approx(100.0)
    # 2024 (2020 = 100) = 100 × 1.068 × 1.012 × 1.045 × 1.049
    assert value["2024"] == pytest.approx(100 * 1.068 * 1.012 * 1.045 * 1.049)
    # 2016 (2020 = 100) = 100 / (1.032 × 1.032 × 1.048 × 1.015)
    assert value["2016"] == pytest.approx(100 / (1.032 * 1.032 * 1.048 * 1.015))
    assert fixed["measure"][0] == "index_base_2020_100"
    # 2015 = 100: the series starts in 2016 relative to 2015.
    first = chain_index(gdp_index, base_year=2015).filter(region="120000", period="2016")
    assert first["value"][0] == pytest.approx(105.8)


def test_chain_never_crosses_a_gap(gdp_index: pl.DataFrame) -> None:
    holed = gdp_index.filter(~((pl.col("region") == "120000") & (pl.col("period") == "2019")))
    fixed = chain_index(holed, base_year=2015).filter(region="120000").sort("period")
    assert fixed.filter(pl.col("period") <= "2018")["value"].null_count() == 0
    after = fixed.filter(pl.col("period") >= "2020")
    assert after["value"].null_count() == after.height
    assert set(after["flag"]) == {"chain_broken"}


def test_nominal_growth_from_levels_differs_from_the_real_index(gdp_index: pl.DataFrame) -> None:
    # Tianjin GDP at current prices, 亿元, NBS revised series, copied from
    # /work/shared/data/nbs/按照年份的GDP.csv (天津市: 2021 16093.2, 2022 16588.5, 2023 17211.8,
    # 2024 17931.3). Growth recomputed from these levels is nominal; the published index is real
    # (comparable prices): they disagree and neither is overwritten.
    levels = pl.DataFrame(
        {
            "indicator": "gdp",
            "region": "120000",
            "period": ["2021", "2022", "2023", "2024"],
            "value": [16093.2, 16588.5, 17211.8, 17931.3],
            "price_basis": "current",
        }
    )
    computed = yoy(levels)
    published = growth_from_index(gdp_index.filter(region="120000")).with_columns(
        indicator=pl.lit("gdp")
    )
    out = compare_growth(published, computed, tol=0.1).filter(pl.col("computed").is_not_null())
    assert out["period"].to_list() == ["2022", "2023", "2024"]
    assert out["published"].to_list() == pytest.approx([1.2, 4.5, 4.9])
    assert out["computed"].to_list() == pytest.approx(
        [
            (16588.5 / 16093.2 - 1) * 100,
            (17211.8 / 16588.5 - 1) * 100,
            (17931.3 / 17211.8 - 1) * 100,
        ]
    )
    assert out["disagrees"].to_list() == [True, True, True]
    assert set(computed["price_basis"]) == {"current"}


def test_chain_index_rejects_quarters() -> None:
    df = pl.DataFrame({"indicator": "x", "region": "1", "period": ["2023Q1"], "value": [101.0]})
    with pytest.raises(AnalyticsError, match="annual"):
        chain_index(df, base_year=2022)


def test_contribution_and_pull_add_up() -> None:
    # Components add up to the total: pulls add up to the total's growth and contributions
    # to 100%.
    rows = {
        "gdp": [1000.0, 1100.0],
        "primary": [100.0, 102.0],
        "secondary": [400.0, 430.0],
        "tertiary": [500.0, 568.0],
    }
    df = pl.DataFrame(
        [
            (ind, "120000", p, v)
            for ind, vs in rows.items()
            for p, v in zip(["2022", "2023"], vs, strict=True)
        ],
        schema=["indicator", "region", "period", "value"],
        orient="row",
    )
    out = contribution(df, total="gdp", components=["primary", "secondary", "tertiary"])
    y = out.filter(period="2023").sort("indicator")
    assert y["contribution_pct"].to_list() == pytest.approx([2.0, 30.0, 68.0])
    assert y["pull_pp"].to_list() == pytest.approx([0.2, 3.0, 6.8])
    assert math.isclose(y["pull_pp"].sum(), y["total_growth_pct"][0])
    assert out.filter(period="2022")["flag"].to_list() == ["no_previous_period"] * 3


def test_contribution_zero_total_change_has_pull_but_no_share() -> None:
    df = pl.DataFrame(
        {
            "indicator": ["t", "t", "a", "a", "b", "b"],
            "region": "1",
            "period": ["2022", "2023"] * 3,
            "value": [100.0, 100.0, 50.0, 60.0, 50.0, 40.0],
        }
    )
    y = contribution(df, total="t", components=["a", "b"]).filter(period="2023")
    assert y["contribution_pct"].to_list() == [None, None]
    assert y["pull_pp"].to_list() == pytest.approx([10.0, -10.0])
    assert set(y["flag"]) == {"zero_total_change"}
