"""Importers on the shipped real files, pinned to the published values they hold."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analytics.io import read_figures, read_nbs_export
from analytics.io.nbs import parse_nbs_export
from analytics.io.store import read_sources

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "nbs"
REF = Path(__file__).resolve().parents[2] / "data" / "reference"


def _value(
    obs: pl.DataFrame, indicator: str, region: str, period: str, measure: str = "level"
) -> float:
    row = obs.filter(
        (pl.col("indicator") == indicator)
        & (pl.col("region") == region)
        & (pl.col("period") == period)
        & (pl.col("measure") == measure)
    )
    assert row.height == 1, row
    return float(row["value"].item())


def test_tianjin_2023_gdp_and_industry_from_nbs_export() -> None:
    # 分省年度数据2023.csv, row 天津市: 17211.8 (GDP), 5618.7 (工业增加值) — NBS revised series
    obs = read_nbs_export(RAW / "分省年度数据2023.csv")
    assert _value(obs, "gdp", "120000", "2023") == 17211.8
    assert _value(obs, "va_industry", "120000", "2023") == 5618.7
    assert _value(obs, "gdp_per_capita", "120000", "2023") == 126232
    assert set(obs["vintage"]) == {"nbs_revised_5th_census"}
    assert obs.filter(pl.col("indicator") == "gdp")["price_basis"].unique().to_list() == ["current"]


def test_years_as_columns_with_blank_newest_year() -> None:
    obs = read_nbs_export(
        RAW / "地区生产总值指数（近十年）.csv", relpath="地区生产总值指数（近十年）.csv"
    )
    tj = obs.filter(pl.col("region") == "120000")
    assert _value(tj, "gdp", "120000", "2024", "index_prev_year_100") == 104.9
    assert _value(tj, "gdp", "120000", "2016", "index_prev_year_100") == 105.8
    blank = tj.filter(pl.col("period") == "2025")
    # the unpublished 2025 column is a status, never a zero or a NaN
    assert blank["status"].to_list() == ["unknown"]
    assert blank["value"].is_null().all()
    assert tj["price_basis"].unique().to_list() == ["comparable"]


def test_unnamed_province_file_uses_its_rule() -> None:
    obs = read_nbs_export(RAW / "archive" / "分省年度数据.csv", relpath="archive/分省年度数据.csv")
    assert obs["region"].unique().to_list() == ["110000"]
    assert _value(obs, "gdp", "110000", "2016") == 28438.7


def test_national_indicator_rows() -> None:
    obs = read_nbs_export(RAW / "居民消费价格指数.csv")
    assert _value(obs, "ppi", "000000", "2021", "index_prev_year_100") == 108.1
    # 固定资产投资价格指数 is blank for 2020 onwards: statuses, not values
    fai = obs.filter((pl.col("indicator") == "fai_price") & (pl.col("period") == "2020"))
    assert fai["status"].to_list() == ["unknown"]


def test_notes_and_source_line_kept_as_source_text() -> None:
    parsed = parse_nbs_export(RAW / "分省年度数据2023.csv")
    assert "第五次全国经济普查" in parsed.source["quote"]
    assert parsed.source["quote"].endswith("数据来源：国家统计局")


@pytest.mark.parametrize(
    ("cell", "status"),
    [("…", "below_unit"), ("—", "not_applicable"), ("", "unknown"), ("#12.5", "of_which")],
)
def test_yearbook_symbols_become_statuses(tmp_path: Path, cell: str, status: str) -> None:
    text = (
        "数据库：分省年度数据 \n时间：2023年 \n地区\t,地区生产总值 (亿元) \t,\n"
        f"天津市\t,{cell}\t,\n注：1. x\n数据来源：国家统计局"
    )
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    obs = read_nbs_export(path)
    assert obs["status"].to_list() == [status]
    if status == "of_which":
        assert obs["value"].to_list() == [12.5]
    else:
        assert obs["value"].is_null().all()


def test_published_5g_figure_with_source(built_store: Path) -> None:
    obs = read_figures(REF / "figures.csv")
    # figures.csv: China, 5G base stations (cumulative, year-end), 2022, 231.2 万个 (MIIT 2022 公报)
    row = obs.filter(
        (pl.col("indicator") == "fiveg_base_stations")
        & (pl.col("region") == "000000")
        & (pl.col("period") == "2022")
    )
    assert row["value"].item() == pytest.approx(2_312_000)  # 万个 converted to stations
    assert row["unit"].item() == "个"
    source = read_sources(data_dir=built_store).filter(pl.col("id") == row["source"].item())
    assert "5G基站" in source["quote"].item() or "231.2" in source["quote"].item()
    assert "统计公报" in source["title"].item()


def test_lower_bound_and_trillion_conversion() -> None:
    obs = read_figures(REF / "figures.csv")
    # China GDP 2024: 134.9 万亿元 → 1,349,000 亿元 (first-published vintage)
    assert _value(
        obs.filter(pl.col("vintage") == "published"), "gdp", "000000", "2024"
    ) == pytest.approx(1_349_000)
    scale = obs.filter(pl.col("indicator") == "de_scale_caict")
    assert scale.filter(pl.col("period") == "2023")["value"].item() == pytest.approx(539_000)
