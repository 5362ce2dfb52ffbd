"""Statistics on frames exactly as the store returns them (all observation-model columns)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analytics.io import read_series
from analytics.stats import cagr, yoy


def test_cagr_on_a_store_frame(built_store: Path) -> None:
    gdp = read_series("gdp", regions=["120000", "110000"], data_dir=built_store)
    out = cagr(gdp, start="2019", end="2024")
    tj = out.filter(pl.col("region") == "120000").row(0, named=True)
    # 分省年度数据2019/2024.csv, 天津市: 14097.2 → 17931.3 亿元 over 5 years
    assert tj["value"] == pytest.approx(((17931.3 / 14097.2) ** (1 / 5) - 1) * 100)
    assert tj["measure"] == "cagr_pct"
    assert out.columns.count("measure") == 1


def test_yoy_on_a_store_frame_keeps_the_vintage(built_store: Path) -> None:
    gdp = read_series("gdp", regions="120000", data_dir=built_store)
    out = yoy(gdp).filter(pl.col("period") == "2023")
    assert out["value"].item() == pytest.approx((17211.8 / 16588.5 - 1) * 100)
    assert out["vintage"].item() == "nbs_revised_5th_census"
