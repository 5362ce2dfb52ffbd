"""The freshest density per region, pinned on Tianjin's 5G figures (data/reference/figures.csv)."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.io import read_series, scan_store
from analytics.stats.density import latest_density


def _store(indicator: str) -> pl.DataFrame:
    return (
        scan_store()
        .filter(pl.col("indicator") == indicator)
        .filter(pl.col("region").is_in(["120000", "110000", "310000", "500000", "000000"]))
        .collect()
    )


def test_tianjin_density_is_computed_from_the_march_2024_count() -> None:
    best = latest_density(
        _store("fiveg_base_stations_per_10k"),
        _store("fiveg_base_stations"),
        read_series("population"),
    )
    tj = best.filter(pl.col("region") == "120000").row(0, named=True)
    # 73,000 stations (stated 2024-03) / 1,364万 residents (end-2024, NBS) = 53.5 per 10,000
    assert tj["period"] == "2024-03" and tj["basis"] == "computed"
    assert tj["value"] == pytest.approx(73_000 / 1_364)
    assert round(tj["value"], 1) == 53.5
    ranking = best.sort("value", descending=True)["region"].to_list()
    assert ranking.index("120000") == 1  # second of five, behind Beijing's 55.0 (2024-06)


def test_periods_compare_as_dates_and_bounds_stay_bounds() -> None:
    # Chongqing: ">16" stated 2022-08 and 19.04 for end-2022 - as text "2022-08" > "2022"
    ratios = pl.DataFrame(
        {
            "region": ["500000"] * 2,
            "period": ["2022", "2022-08"],
            "value": [19.04, 16.0],
            "qualifier": [None, ">"],
            "source": ["a", "b"],
        }
    )
    empty = ratios.clear()
    pop = pl.DataFrame(schema={"region": pl.Utf8, "period": pl.Utf8, "value": pl.Float64,
                               "source": pl.Utf8})  # fmt: skip
    row = latest_density(ratios, empty, pop).row(0, named=True)
    assert (row["period"], row["value"], row["qualifier"]) == ("2022", 19.04, None)
    only_bound = latest_density(ratios.filter(pl.col("qualifier") == ">"), empty, pop)
    assert only_bound.row(0, named=True)["qualifier"] == ">"


def test_no_population_for_the_level_year_keeps_the_published_ratio() -> None:
    ratios = pl.DataFrame({"region": ["120000"], "period": ["2021"], "value": [25.3],
                           "qualifier": [None], "source": ["r"]})  # fmt: skip
    levels = pl.DataFrame({"region": ["120000"], "period": ["2024-03"], "value": [73_000.0],
                           "qualifier": [None], "source": ["l"]})  # fmt: skip
    pop = pl.DataFrame({"region": ["120000"], "period": ["2023"], "value": [1364.0],
                        "source": ["p"]})  # fmt: skip
    row = latest_density(ratios, levels, pop).row(0, named=True)
    assert (row["period"], row["basis"], row["value"]) == ("2021", "published", 25.3)
