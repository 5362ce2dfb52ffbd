"""Totals per unit of GDP, by hand (round illustrative numbers, not statistics)."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.index import per_unit_of


def test_totals_are_divided_by_the_same_region_year_and_ratios_kept() -> None:
    panel = pl.DataFrame(
        {
            "indicator": ["cable", "cable", "share", "cable"],
            "region": ["120000", "110000", "120000", "120000"],
            "period": ["2022", "2022", "2022", "2021"],
            "value": [300.0, 500.0, 7.5, 290.0],
        }
    )
    gdp = pl.DataFrame(
        {"region": ["120000", "110000"], "period": ["2022", "2022"], "value": [100.0, 250.0]}
    )
    out = per_unit_of(panel, gdp, totals=["cable"]).sort("region", "indicator")
    # 2021 has no GDP row: dropped, never divided by another year's GDP
    assert out["period"].unique().to_list() == ["2022"]
    assert out["value"].to_list() == pytest.approx([500 / 250, 300 / 100, 7.5])
