from __future__ import annotations

import polars as pl
import pytest

from analytics.stats import DuplicatePeriodError, per_10k, per_capita, share_of_total


@pytest.fixture
def population() -> pl.DataFrame:
    # Year-end resident population, 万人 (NBS 分省年度数据人口.csv, 2024: 天津市 1364, 北京市 2183).
    return pl.DataFrame(
        {
            "indicator": "population_yearend",
            "region": ["120000", "110000"],
            "period": "2024",
            "value": [1364.0, 2183.0],
            "source": "nbs_population_2024",
            "vintage": "published",
        }
    )


def test_per_10k_carries_the_denominator_and_its_source(population: pl.DataFrame) -> None:
    stations = pl.DataFrame(
        {
            "indicator": "fiveg_base_stations",
            "region": ["120000", "110000", "120000"],
            "period": ["2024", "2024", "2023"],
            "value": [78000.0, 130000.0, 70000.0],
            "unit": "个",
            "source": "miit",
        }
    )
    out = per_10k(stations, population, unit="个/万人").sort("region", "period")
    assert out["value"].to_list() == pytest.approx([130000 / 2183, None, 78000 / 1364])
    assert out["flag"].to_list() == [None, "no_denominator", None]
    assert set(out["measure"]) == {"per_10k"}
    assert set(out["unit"]) == {"个/万人"}
    assert out["source"].unique().to_list() == ["miit"]
    assert out["denominator_source"].to_list() == [
        "nbs_population_2024",
        None,
        "nbs_population_2024",
    ]
    assert out["denominator_indicator"][0] == "population_yearend"


def test_per_capita_in_yuan(population: pl.DataFrame) -> None:
    # Tianjin GDP 2024: 17931.3 亿元 (NBS revised) → yuan per person with 1364 万人.
    gdp = pl.DataFrame(
        {"indicator": "gdp", "region": "120000", "period": "2024", "value": [17931.3e8]}
    )
    out = per_capita(gdp, population, unit="元/人")
    assert out["value"][0] == pytest.approx(17931.3e8 / 1364e4)


def test_population_must_be_one_series(population: pl.DataFrame) -> None:
    two = pl.concat([population, population.with_columns(indicator=pl.lit("population_avg"))])
    gdp = pl.DataFrame({"indicator": "gdp", "region": "120000", "period": "2024", "value": [1.0]})
    with pytest.raises(DuplicatePeriodError, match=r"2 rows for period '2024'.*region="):
        per_capita(gdp, two)


def test_zero_population_is_null_and_flagged(population: pl.DataFrame) -> None:
    zero = population.with_columns(value=pl.lit(0.0))
    x = pl.DataFrame({"indicator": "x", "region": "120000", "period": "2024", "value": [5.0]})
    out = per_10k(x, zero)
    assert out["value"][0] is None
    assert out["flag"][0] == "nonpositive_base"


def test_share_of_indicator_total_and_of_national_total() -> None:
    # 2023 NBS digital-economy core industries (docs/METHODS.md):
    # 数字技术应用业 55636 of 127555 亿元.
    df = pl.DataFrame(
        {
            "indicator": ["de_core_va", "de_tech_application_va"],
            "region": "000000",
            "period": "2023",
            "value": [127555.0, 55636.0],
        }
    )
    out = share_of_total(df, total="de_core_va")
    assert out["value"][0] == pytest.approx(55636 / 127555 * 100)
    assert out["measure"][0] == "share_pct"
    regions = pl.DataFrame(
        {
            "indicator": "gdp",
            "region": ["000000", "120000"],
            "period": "2024",
            "value": [1000.0, 20.0],
        }
    )
    assert share_of_total(regions, total="000000", dimension="region")["value"].to_list() == [2.0]
