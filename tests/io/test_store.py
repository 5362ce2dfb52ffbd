"""raw → store → query, vintages, atomic rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from analytics.catalog import indicators
from analytics.exceptions import AnalyticsError, DataValidationError
from analytics.io import build_store, read_series, scan_store
from analytics.io.store import StoreNotBuiltError


def test_every_catalog_indicator_round_trips(built_store: Path) -> None:
    """Each catalog indicator has at least one value in the store, readable by read_series."""
    store = scan_store(data_dir=built_store).collect()
    for ind in indicators().values():
        rows = store.filter(pl.col("indicator") == ind.id)
        assert rows.height > 0, f"{ind.id} has no observations"
        measure = rows["measure"][0]
        assert measure in ind.measures
        series = read_series(ind.id, measure=measure, data_dir=built_store)
        assert series.height > 0
        assert series["vintage"].n_unique() == 1
        assert set(series["unit"]) == {ind.unit_for(measure)}


def test_vintages_stay_apart(built_store: Path) -> None:
    revised = read_series("gdp", regions="120000", data_dir=built_store)
    published = read_series("gdp", regions="120000", vintage="published", data_dir=built_store)
    # data/README.md: Tianjin GDP 2022 16588.5 revised vs 16311.34 published;
    # 2023 17211.8 vs 16737.30
    assert revised.filter(pl.col("period") == "2022")["value"].item() == 16588.5
    assert published.filter(pl.col("period") == "2022")["value"].item() == 16311.34
    assert revised.filter(pl.col("period") == "2023")["value"].item() == 17211.8
    assert published.filter(pl.col("period") == "2023")["value"].item() == pytest.approx(16737.30)
    assert revised["vintage"].unique().to_list() == ["nbs_revised_5th_census"]
    with pytest.raises(AnalyticsError, match="no vintage `census_7`"):
        read_series("gdp", regions="120000", vintage="census_7", data_dir=built_store)


def test_duplicate_exports_kept_once(built_store: Path) -> None:
    # 按照年份的GDP.csv repeats the per-year files: one row per key in the store
    store = scan_store(data_dir=built_store).collect()
    key = ["indicator", "region", "period", "measure", "vintage"]
    assert store.select(key).is_duplicated().sum() == 0
    gdp = store.filter(
        (pl.col("indicator") == "gdp")
        & (pl.col("region") == "110000")
        & (pl.col("measure") == "level")
        & (pl.col("vintage") == "nbs_revised_5th_census")
    )
    assert gdp.filter(pl.col("value").is_not_null())["period"].to_list() == [
        str(y) for y in range(2016, 2025)
    ]


def test_failed_build_leaves_previous_store(built_store: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(built_store, data)
    before = (data / "processed" / "observations.parquet").read_bytes()
    bad = data / "raw" / "nbs" / "分省年度数据2023.csv"
    bad.write_text(
        bad.read_text(encoding="utf-8-sig").replace("17211.8", "17x211.8"), encoding="utf-8"
    )
    with pytest.raises(DataValidationError, match=r"分省年度数据2023\.csv:5:2"):
        build_store(data_dir=data)
    assert (data / "processed" / "observations.parquet").read_bytes() == before


def test_unbuilt_store_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(StoreNotBuiltError, match="analytics data build"):
        scan_store(data_dir=tmp_path)


def test_unknown_indicator_hint(built_store: Path) -> None:
    with pytest.raises(KeyError, match="did you mean `fiveg_base_stations`"):
        read_series("fiveg_base_station", data_dir=built_store)
