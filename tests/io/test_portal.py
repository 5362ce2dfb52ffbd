"""The NBS portal panel importer, pinned to Tianjin values published on the NBS portal."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

import analytics.io.portal as portal
from analytics.exceptions import DataValidationError
from analytics.io.portal import PORTAL_DIR, read_portal_panel

PANELS = PORTAL_DIR / "panels"
CAPTURES = PORTAL_DIR / "raw_json_captures"


def _tianjin(table: str, name: str, year: str) -> pl.DataFrame:
    obs = read_portal_panel(PANELS / f"{table}_多年期_面板数据.csv")
    return obs.filter(
        (pl.col("region") == "120000") & (pl.col("period") == year) & (pl.col("name") == name)
    )


@pytest.mark.parametrize(
    ("table", "name", "year", "unit", "expected"),
    [
        # values as published in NBS 分省年度数据 (see data/raw/nbs_portal/PROVENANCE.md)
        ("分省互联网主要指标", "互联网宽带接入用户", "2024", "万户", 704.0),
        ("分省互联网主要指标", "移动互联网接入流量", "2024", "万GB", 386_654.08),
        ("分省软件和信息技术服务业主要经济指标", "软件业务收入", "2024", "万元", 34_541_410.9),
        ("分省电信主要通行能力", "光缆线路长度", "2020", "公里", 376_891.73),
    ],
)
def test_tianjin_values(table: str, name: str, year: str, unit: str, expected: float) -> None:
    row = _tianjin(table, name, year)
    assert row.height == 1
    assert row["value"].item() == expected
    assert row["unit"].item() == unit
    assert row["vintage"].item() == "nbs_portal"


def test_source_names_table_cid_and_commit() -> None:
    source = _tianjin("分省互联网主要指标", "互联网宽带接入用户", "2024")["source"].item()
    assert "互联网主要指标发展情况" in source
    assert "53f522fb4b1a40ce90977a0b1cd94da1" in source
    assert "lanyuanzhe1/tongjimodule@ab9de784f548b5eeb1c11bc81931d69bb4c8394b" in source


def test_research_panel_agreement_tianjin_ecommerce_2020() -> None:
    # research panel x11 (China Statistical Yearbook) gives Tianjin e-commerce sales 2020 = 4342
    row = _tianjin("分省企业信息化及电子商务情况", "电子商务销售额", "2020")
    assert row["value"].item() == 4342.0


def test_altered_panel_fails_with_location(tmp_path: Path) -> None:
    name = "分省互联网主要指标_多年期_面板数据.csv"
    (tmp_path / "panels").mkdir()
    shutil.copytree(CAPTURES, tmp_path / "raw_json_captures")
    text = (PANELS / name).read_bytes().decode("utf-8")
    lines = text.split("\n")
    # Tianjin 2024 is the row after the 2025 row of 天津市; broadband users is the 10th column
    index = next(i for i, ln in enumerate(lines) if ln.startswith("120000000000,天津市,2024,"))
    cells = lines[index].split(",")
    assert cells[9] == "704.0"
    cells[9] = "714.0"
    lines[index] = ",".join(cells)
    (tmp_path / "panels" / name).write_bytes("\n".join(lines).encode("utf-8"))
    with pytest.raises(DataValidationError) as err:
        read_portal_panel(tmp_path / "panels" / name)
    problem = err.value.first
    assert (problem.line, problem.column) == (index + 1, 10)
    assert "'714.0'" in problem.message and "'704.0'" in problem.message


def test_non_number_is_located(tmp_path: Path) -> None:
    name = "分省电信主要通行能力_多年期_面板数据.csv"
    (tmp_path / "panels").mkdir()
    shutil.copytree(CAPTURES, tmp_path / "raw_json_captures")
    text = (PANELS / name).read_bytes().decode("utf-8").replace("376891.73", "inf", 1)
    (tmp_path / "panels" / name).write_bytes(text.encode("utf-8"))
    with pytest.raises(DataValidationError, match=r":\d+:\d+: 'inf' is not a finite number"):
        read_portal_panel(tmp_path / "panels" / name)


def test_unknown_table_name(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="names no known portal table"):
        read_portal_panel(path)


def test_all() -> None:
    assert set(portal.__all__) == {
        "PORTAL_DIR",
        "PORTAL_INDICATORS",
        "PORTAL_TABLES",
        "PortalTable",
        "portal_files",
        "portal_observations",
        "read_capture",
        "read_portal_panel",
    }


@pytest.mark.parametrize(
    ("indicator", "period", "expected"),
    [
        ("nbs_broadband_users", "2024", 704.0),
        ("nbs_mobile_internet_traffic", "2024", 386_654.08),
        ("nbs_software_revenue", "2024", 34_541_410.9),
        ("nbs_optical_cable", "2020", 376_891.73),
    ],
)
def test_store_holds_portal_values(
    built_store: Path, indicator: str, period: str, expected: float
) -> None:
    obs = pl.read_parquet(built_store / "processed" / "observations.parquet")
    row = obs.filter(
        (pl.col("indicator") == indicator)
        & (pl.col("region") == "120000")
        & (pl.col("period") == period)
    )
    assert row["value"].to_list() == [expected]
    assert row["vintage"].to_list() == ["nbs_portal"]
    sources = pl.read_parquet(built_store / "processed" / "sources.parquet")
    title = sources.filter(pl.col("id") == row["source"].item())["title"].item()
    assert "copied from lanyuanzhe1/tongjimodule@" in title
